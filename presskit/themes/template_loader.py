"""Where a theme's templates are read from.

Templates are looked up in the theme's own folder first, then in the themes
it extends; every built-in theme is also reachable by name
(`{% extends "default/release.html.j2" %}`), and the theme being extended as
`parent/` (`{% extends "parent/release.html.j2" %}`). Each is read as every
theme file is (`presskit.themes.theme.read_theme_file`): a link out of the themes'
folders, a pipe or a device is a located refusal (see `ThemeFiles`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2 import BaseLoader, ChoiceLoader, PrefixLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from presskit.errors import Problem, ValidationFailed
from presskit.themes.theme import builtin_theme_dirs, read_theme_file, theme_roots

TEMPLATE_FILE_LIMIT = 5_000_000  # bytes: a template is text; anything larger is a mistake


def theme_loader(folders: tuple[Path, ...]) -> BaseLoader:
    """The theme's folders, nearest first; then `parent/…` and each built-in theme by name."""
    roots = theme_roots(folders)
    prefixed: dict[str, BaseLoader] = {
        name: ThemeFiles((folder,), roots) for name, folder in builtin_theme_dirs().items()
    }
    if len(folders) > 1:
        prefixed["parent"] = ThemeFiles(folders[1:], roots)
    return ChoiceLoader([ThemeFiles(folders, roots), PrefixLoader(prefixed)])


class ThemeFiles(BaseLoader):
    """Templates from theme folders, nearest first, read as every theme file is read
    (`read_theme_file`): a link leading out of the themes' folders, a pipe or a device
    is refused, located at the template, rather than published or read for ever.

    The file a name finds is the first that exists in any form, so a pipe or broken
    link called `release.html.j2` is reported, not passed over for the parent's template;
    files the theme never names (an editor's `.#release.html.j2` lock link) are never looked at.
    """

    def __init__(self, folders: Sequence[Path], roots: tuple[Path, ...]) -> None:
        self.folders = tuple(folders)
        self.roots = roots

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": names stay inside the folders
        path = next((p for p in (f.joinpath(*pieces) for f in self.folders) if os.path.lexists(p)), None)
        if path is None:
            raise TemplateNotFound(template)
        data = read_theme_file(path, self.roots, what="template", limit=TEMPLATE_FILE_LIMIT)
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationFailed(
                [
                    Problem(
                        f"the template is not UTF-8 text ({error.reason} at byte {error.start})",
                        path,
                        field="template",
                        hint="save it as UTF-8",
                    )
                ]
            ) from None
        stamp = _stamp(path)
        return source, os.path.normpath(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    """When a template was changed, and its size: Jinja reloads it when either differs."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)
