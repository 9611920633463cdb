"""What a build reads: a release or a newsroom loaded as presskit.source loads it, with the
theme it names checked as presskit.themes loads it and its translation folder looked at
as presskit.i18n reads it.

The source stage imports neither themes nor translations (they sit above it); it asks
for them through `Surroundings`, and this module is where the answers are given. Every
command loads through here, so `check` refuses what `build` would fail on.
"""

from __future__ import annotations

from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.store import folder_warnings
from presskit.publish import collector
from presskit.source import loader
from presskit.source.newsroom import Newsroom, Surroundings
from presskit.source.newsroom import load_newsroom as _load_newsroom
from presskit.source.places import find_release_files
from presskit.themes.theme import cached_theme, theme_reference

AROUND = Surroundings(
    theme_reference=theme_reference, check_theme=cached_theme, folder_warnings=folder_warnings
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
