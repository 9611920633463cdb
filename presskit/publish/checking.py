"""`presskit check`: every release under the paths loaded and translated as the build does it
(publish/inputs.py, the one validation both call), with the warnings that depend on when it
is checked. A slug two releases claim is an error for both, as the build finds it: they
would share one output folder.

Beyond what loading refuses, `check` renders each edition in the formats a theme's own
templates make (HTML and text) and throws the bytes away, so a template that fails on a
release fails here; it writes nothing. What only the build can know: whether the theme,
logo or assets lie inside the output folder, and the size of the whole pack once the
documents are made (`check` refuses assets that alone are over the limit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presskit import model as m
from presskit.errors import ExitCode, Problem, ValidationFailed
from presskit.publish import collector
from presskit.publish.editions import prepare
from presskit.publish.helper import coverage
from presskit.publish.inputs import (
    checked_editions,
    load_newsroom,
    load_release_with_warnings,
    release_theme,
    rendering_problems,
)
from presskit.publish.outcome import BuildOptions
from presskit.source.checks import timing_warnings
from presskit.source.dump import to_json
from presskit.source.newsroom import base_url_warning
from presskit.source.places import find_newsroom_file, find_release_files
from presskit.source.slugs import declared_slug, slug_clashes

CHECK_SCHEMA = "presskit/check/1"  # the `schema` of check --json: presskit/schemas/check-1.json


@dataclass
class Checked:
    source: Path
    release: m.Release | None  # None: it could not be loaded
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def slug(self) -> str | None:
        """The release's slug; for an invalid release, the one its file declares, if any."""
        if self.release is not None:
            return self.release.slug
        declared = declared_slug(self.source)
        return declared[0] if declared else None

    @property
    def valid(self) -> bool:
        """Loaded, and nothing a build would fail on, in any of its locales."""
        return self.release is not None and not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "slug": self.slug,
            "valid": self.valid,
            "errors": [p.as_json() for p in self.problems],
            "warnings": [p.as_json() for p in self.warnings],
            "model": to_json(self.release, Path.cwd()) if self.release else None,
        }


@dataclass(frozen=True)
class CheckReport:
    checked: list[Checked]
    warnings: list[Problem] = field(default_factory=list)  # about a newsroom, once each, not a release
    warnings_as_errors: bool = False  # any warning makes the run fail (exit 1)

    @property
    def exit_code(self) -> ExitCode:
        if any(not c.valid for c in self.checked):
            return ExitCode.INPUT_ERROR
        if self.warnings_as_errors and self.warning_count:
            return ExitCode.INPUT_ERROR
        return ExitCode.OK

    @property
    def warning_count(self) -> int:
        return sum(len(c.warnings) for c in self.checked) + len(self.warnings)

    def summary(self) -> dict[str, int]:
        """How many releases were checked, were ok and had errors, and how many warnings there were."""
        ok = sum(c.valid for c in self.checked)
        return {
            "releases": len(self.checked),
            "ok": ok,
            "with_errors": len(self.checked) - ok,
            "warnings": self.warning_count,
        }

    def summary_line(self) -> str:
        """`22 releases: 21 ok, 1 with errors, 5 warnings`."""
        counts = self.summary()
        releases = counts["releases"]
        warnings = counts["warnings"]
        return (
            f"{releases} release{'s' if releases != 1 else ''}: {counts['ok']} ok, "
            f"{counts['with_errors']} with errors, {warnings} warning{'s' if warnings != 1 else ''}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": CHECK_SCHEMA,
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "summary": self.summary(),
            "releases": [c.as_json() for c in self.checked],
            "warnings": [p.as_json() for p in self.warnings],
        }


@dataclass(frozen=True)
class CheckOptions:
    now: dt.datetime
    theme: str | None = None  # as build's --theme: instead of the release's own
    strict: bool = False  # as build's --strict: a missing or stale translation is an error
    warnings_as_errors: bool = False


def check_releases(paths: Iterable[Path], options: CheckOptions) -> CheckReport:
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
            checked.append(check_release(source, options))
        except ValidationFailed as failed:
            checked.append(Checked(source, None, problems=list(failed.problems)))
    return CheckReport(checked, newsroom_warnings(sources), options.warnings_as_errors)


def check_release(source: Path, options: CheckOptions) -> Checked:
    """One release as a build of every locale would make it, rendering aside: loaded, its
    theme loaded, each translation read; ValidationFailed when it cannot be loaded at all."""
    release, warnings = load_release_with_warnings(source)
    theme = release_theme(release, options.theme)
    every_locale = BuildOptions(now=options.now, locales=("all",), strict=options.strict)
    made = checked_editions(prepare(release, theme, public=False), every_locale, theme)
    problems = made.problems + rendering_problems(made.built, theme)
    found = timing_warnings(release, options.now) + made.warnings
    if not problems:
        found += coverage(made.built, theme)  # as the build warns once it has rendered
    return Checked(source, release, problems, warnings + found)


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
