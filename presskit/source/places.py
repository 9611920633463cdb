"""Where releases and newsrooms are: found from the paths a command is given.

Only the file system is asked (no file is read), so the CLI can decide what a
build will do before it imports anything heavy.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from presskit.errors import Problem, ValidationFailed

RELEASE_FILES = ("release.yaml", "release.yml", "release.json")
NEWSROOM_FILES = ("presskit.yaml", "presskit.yml", "presskit.json")


def first_existing(folder: Path, names: Iterable[str]) -> Path | None:
    """The first of `names` present in `folder`: a file, or anything else but a folder (a pipe, a
    broken link), which the reader then refuses by name instead of "no release here"."""
    for name in names:
        if _present(folder / name):
            return folder / name
    return None


def _present(path: Path) -> bool:
    return os.path.lexists(path) and not path.is_dir()


def find_release_files(paths: Iterable[Path]) -> list[Path]:
    """Each PATH is a release file, a release folder or a newsroom folder."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if _present(path):
            found.append(path)
        elif path.is_dir() and path.suffix.lower() in (".yaml", ".yml", ".json"):
            problems.append(Problem("is a folder, expected a YAML or JSON file", path))
        elif path.is_dir() and (release := first_existing(path, RELEASE_FILES)):
            found.append(release)
        elif path.is_dir() and first_existing(path, NEWSROOM_FILES):
            inside = [
                r
                for folder in sorted(p for p in path.iterdir() if p.is_dir())
                if (r := first_existing(folder, RELEASE_FILES))
            ]
            if not inside:
                problems.append(
                    Problem("a newsroom with no releases in it", path, hint="add <slug>/release.yaml")
                )
            found.extend(inside)
        elif path.is_dir():
            problems.append(
                Problem(
                    "no release.yaml or presskit.yaml here",
                    path,
                    hint="give a release folder, a release file or a newsroom folder",
                )
            )
        else:
            problems.append(Problem("no such file or folder", path))
    if problems:
        raise ValidationFailed(problems)
    return unique(found)


def unique(files: Iterable[Path]) -> list[Path]:
    """Each file once, however it was reached (`news news/pub`, a link, `./`), in the order found."""
    seen: set[Path] = set()
    kept: list[Path] = []
    for path in files:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def find_newsroom_file(release_file: Path) -> Path | None:
    """The presskit.yaml beside the release folder, or in the folder above it."""
    folder = release_file.resolve().parent
    for candidate in (folder, folder.parent, folder.parent.parent):
        found = first_existing(candidate, NEWSROOM_FILES)
        if found:
            return found
    return None
