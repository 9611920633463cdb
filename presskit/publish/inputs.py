"""What a build reads: a release or a newsroom loaded as presskit.source loads it, with the
theme it names checked as presskit.themes loads it and its translation folder looked at
as presskit.i18n reads it.

The source stage imports neither themes nor translations (they sit above it); it asks
for them through `Surroundings`, and this module is where the answers are given. Every
command loads through here, so `check` refuses what `build` would fail on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.publish import collector
from presskit.publish.outcome import BuildOptions
from presskit.source import loader
from presskit.source.newsroom import Newsroom, Surroundings
from presskit.source.newsroom import load_newsroom as _load_newsroom
from presskit.source.places import find_release_files
from presskit.themes.theme import Theme, cached_theme, theme_reference

# The formats a theme's own templates make: `check` renders them for every edition, so a
# template that fails on a release fails `check` as it fails the build.
TEMPLATED_FORMATS = ("html", "txt")


def checked_theme(reference: str) -> Theme:
    """The theme as every build loads it (`cached_theme`), with its Word reference document
    opened as the Word renderer opens it: ValidationFailed, located in the theme's files, for
    anything that would fail a build later."""
    theme = cached_theme(reference)
    reference_docx = theme.reference_docx  # checked as a file here (size, links, zip bomb)
    if reference_docx is not None and not _is_builtin(reference_docx):
        stamp = _stamp(reference_docx)
        if stamp not in _OPENED_REFERENCES:
            from presskit.renderers.docx.reference import open_reference

            open_reference(theme)
            _OPENED_REFERENCES.add(stamp)
    return theme


_OPENED_REFERENCES: set[tuple[str, int, int]] = set()  # reference.docx files python-docx opened


def _stamp(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return str(path.resolve()), info.st_mtime_ns, info.st_size


def _is_builtin(path: Path) -> bool:
    from presskit.resources import data_dir

    return path.resolve().is_relative_to(data_dir("templates").resolve())


def release_theme(release: m.Release, override: str | None) -> Theme:
    """The theme a release is built with: the one given (--theme), else its own, else the default."""
    return checked_theme(override or release.theme or "default")


def folder_warnings(folder: Path) -> list[Problem]:
    """The i18n folder's warnings (i18n.store), imported when a release is loaded: the merge of
    shards (`presskit index`) reads only the newsroom's file and needs none of i18n."""
    from presskit.i18n.store import folder_warnings as warnings_of

    return warnings_of(folder)


AROUND = Surroundings(
    theme_reference=theme_reference, check_theme=checked_theme, folder_warnings=folder_warnings
)


def load_release(path: Path) -> m.Release:
    """Load and validate one release (a file or a folder holding release.yaml)."""
    return loader.load_release(path, AROUND)


def load_release_with_warnings(path: Path) -> tuple[m.Release, list[Problem]]:
    return loader.load_release_with_warnings(path, AROUND)


def load_newsroom(path: Path) -> Newsroom:
    """The newsroom of `path` (its presskit.yaml), read once per process and again when it changes."""
    return _load_newsroom(path, AROUND)


def load_releases(paths: tuple[Path, ...]) -> list[m.Release]:
    """Every release under `paths`; ValidationFailed with every problem when any is invalid."""
    releases: list[m.Release] = []
    problems: list[Problem] = []
    sources = find_release_files(paths)
    collector.for_releases(len(sources))  # many releases in one process: see collector.py
    for source in sources:
        try:
            releases.append(load_release(source))
        except ValidationFailed as failed:
            problems.extend(failed.problems)
    if problems:
        raise ValidationFailed(problems)
    return releases


@dataclass
class Editions:
    """The editions of a release a build makes, and what stopped the others."""

    built: list[m.Release]
    problems: list[Problem] = field(default_factory=list)  # errors; their locales are left out
    warnings: list[Problem] = field(default_factory=list)


def checked_editions(release: m.Release, options: BuildOptions, theme: Theme | None = None) -> Editions:
    """The release in each locale `options` asks for, as build and check both make them.

    A translation file that cannot be used fails its locale only: the problem is an
    error and the other locales are still made. Under --strict a missing or stale
    translation is an error for the whole release (nothing is built).
    """
    failures: list[Problem] = []
    from presskit.publish.editions import editions, strict_errors

    built, warnings = editions(release, options, failures, theme)
    errors = strict_errors(warnings) if options.strict else []  # a locale left out is none
    if errors:
        return Editions([], failures + errors)
    return Editions(built, failures, warnings)


def rendering_problems(built: list[m.Release], theme: Theme) -> list[Problem]:
    """What rendering each edition in the theme's templated formats stops on (the first problem,
    as a build stops on it), for `check`: a template's syntax, a name it does not have, a value
    it cannot format. The bytes are thrown away; nothing is written."""
    from presskit.renderers import render

    for edition in built:
        for name in TEMPLATED_FORMATS:
            try:
                render(name, edition, theme, edition.locale)
            except ValidationFailed as failed:
                return list(failed.problems)
    return []
