"""`presskit check`: every release under the paths loaded as the build loads it, with the
warnings that depend on when it is checked. A slug two releases claim is an error for
both, as the build finds it: they would share one output folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presskit import model as m
from presskit.errors import ExitCode, Problem, ValidationFailed
from presskit.i18n.translate import check_translations
from presskit.publish import collector
from presskit.publish.inputs import load_release_with_warnings
from presskit.source.checks import timing_warnings
from presskit.source.dump import to_json
from presskit.source.places import find_release_files
from presskit.source.slugs import slug_clashes


@dataclass
class Checked:
    source: Path
    release: m.Release | None  # None: invalid
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "valid": self.release is not None,
            "errors": [p.as_json() for p in self.problems],
            "warnings": [p.as_json() for p in self.warnings],
            "model": to_json(self.release, Path.cwd()) if self.release else None,
        }


@dataclass(frozen=True)
class CheckReport:
    checked: list[Checked]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.INPUT_ERROR if any(c.release is None for c in self.checked) else ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "releases": [c.as_json() for c in self.checked],
        }


def check_releases(paths: Iterable[Path], now: dt.datetime) -> CheckReport:
    """Every release under `paths`, valid or not; PresskitError when the paths hold none."""
    sources = find_release_files(tuple(paths))
    collector.for_releases(len(sources))
    checked: list[Checked] = []
    clashes = slug_clashes(sources)
    for source in sources:
        if source in clashes:
            checked.append(Checked(source, None, problems=[clashes[source]]))
            continue
        try:
            release, warnings = load_release_with_warnings(source)
            errors, translation_warnings = check_translations(release)
            if errors:
                checked.append(Checked(source, None, problems=errors))
                continue
            warnings += timing_warnings(release, now) + translation_warnings
            checked.append(Checked(source, release, warnings=warnings))
        except ValidationFailed as failed:
            checked.append(Checked(source, None, problems=list(failed.problems)))
    return CheckReport(checked)
