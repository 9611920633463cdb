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
from presskit.publish import collector
from presskit.publish.inputs import load_newsroom, load_release_with_warnings
from presskit.source.checks import timing_warnings
from presskit.source.dump import to_json
from presskit.source.newsroom import base_url_warning
from presskit.source.places import find_newsroom_file, find_release_files
from presskit.source.slugs import declared_slug, slug_clashes

CHECK_SCHEMA = "presskit/check/1"  # the `schema` of check --json: presskit/schemas/check-1.json


@dataclass
class Checked:
    source: Path
    release: m.Release | None  # None: invalid
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def slug(self) -> str | None:
        """The release's slug; for an invalid release, the one its file declares, if any."""
        if self.release is not None:
            return self.release.slug
        declared = declared_slug(self.source)
        return declared[0] if declared else None

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "slug": self.slug,
            "valid": self.release is not None,
            "errors": [p.as_json() for p in self.problems],
            "warnings": [p.as_json() for p in self.warnings],
            "model": to_json(self.release, Path.cwd()) if self.release else None,
        }


@dataclass(frozen=True)
class CheckReport:
    checked: list[Checked]
    warnings: list[Problem] = field(default_factory=list)  # about a newsroom, once each, not a release

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.INPUT_ERROR if any(c.release is None for c in self.checked) else ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": CHECK_SCHEMA,
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "releases": [c.as_json() for c in self.checked],
            "warnings": [p.as_json() for p in self.warnings],
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
            checked.append(Checked(source, release, warnings=warnings + timing_warnings(release, now)))
        except ValidationFailed as failed:
            checked.append(Checked(source, None, problems=list(failed.problems)))
    return CheckReport(checked, newsroom_warnings(sources))


def newsroom_warnings(sources: list[Path]) -> list[Problem]:
    """Warnings about each newsroom the releases belong to, once per newsroom."""
    warnings: list[Problem] = []
    for found in dict.fromkeys(filter(None, (find_newsroom_file(source) for source in sources))):
        try:
            newsroom = load_newsroom(found)
        except ValidationFailed:
            continue  # each of its releases reports the problems
        warning = base_url_warning(newsroom)
        if warning is not None:
            warnings.append(warning)
    return warnings
