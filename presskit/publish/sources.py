"""The folders a build or a merge reads from: nothing presskit writes or removes may overlap them
(publish.ownership proves it before anything is removed).

Its own module, so that `presskit index` and `pack` learn them without importing the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from presskit.errors import ValidationFailed
from presskit.source.places import find_newsroom_file


def source_folders(paths: Iterable[Path], sources: Iterable[Path], theme: str | None = None) -> list[Path]:
    """Every folder a build reads from, which nothing it writes or removes may overlap:
    the folders given, each release's folder (its i18n/ and assets with it), each
    newsroom, the built-in themes, and the theme named on the command line."""
    from presskit.resources import data_dir
    from presskit.themes.theme import theme_dir

    folders = [p if p.is_dir() else p.parent for p in paths]
    for source in sources:
        folders.append(source.parent)
        newsroom = find_newsroom_file(source)
        if newsroom is not None:
            folders.append(newsroom.parent)
    # Their folders too (i18n/, assets/, anything beside a release): each may be a link elsewhere.
    # Each folder once: a newsroom named by each of its 2,000 releases listed 2,000 times over
    # made this (and every overlap check after it) quadratic.
    folders = list(dict.fromkeys(folders))
    folders += [inner for folder in list(folders) for inner in _subfolders(folder)]
    folders = list(dict.fromkeys(folders))
    folders.append(data_dir("templates"))
    if theme:
        try:
            folders.append(theme_dir(theme))
        except ValidationFailed:
            pass  # every release reports the unknown theme
    return folders


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []
