"""New newsrooms and releases that build as they stand, commented field by field."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from presskit.errors import Problem, ValidationFailed
from presskit.loader import NEWSROOM_FILES, RELEASE_FILES, first_existing
from presskit.resources import data_dir
from presskit.schema import ID_PATTERN
from presskit.writer import write_atomic


@dataclass(frozen=True)
class Scaffolded:
    files: tuple[Path, ...]


def _template(name: str) -> str:
    return (data_dir("templates") / "scaffold" / name).read_text(encoding="utf-8")


def _fill(name: str, *, slug: str, organisation: str, day: dt.date) -> bytes:
    one_line = " ".join(organisation.split())
    text = _template(name).format(
        slug=slug,
        date=day.isoformat(),
        organisation=one_line,
        organisation_yaml=json.dumps(one_line, ensure_ascii=False),  # a valid YAML double-quoted string
    )
    return text.encode("utf-8")


def _check_slug(slug: str) -> None:
    if not re.match(ID_PATTERN, slug):
        raise ValidationFailed(
            [
                Problem(
                    f'"{slug}" is not a valid slug',
                    hint="use lower-case letters, digits, - and _, e.g. ocean-survey-2026",
                )
            ]
        )


def _refuse_existing(paths: list[Path]) -> None:
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ValidationFailed(
            [
                Problem(
                    "already exists; presskit never overwrites it", p, hint="choose another name or folder"
                )
                for p in existing
            ]
        )


def init_newsroom(folder: Path, *, organisation: str, slug: str, today: dt.date) -> Scaffolded:
    """A newsroom folder: presskit.yaml and one release, both ready to build."""
    _check_slug(slug)
    if folder.exists() and any(first_existing(folder, names) for names in (NEWSROOM_FILES, RELEASE_FILES)):
        raise ValidationFailed(
            [Problem("already holds a newsroom or a release", folder, hint="choose an empty folder")]
        )
    newsroom, release = folder / "presskit.yaml", folder / slug / "release.yaml"
    _refuse_existing([newsroom, release])
    write_atomic(newsroom, _fill("presskit.yaml", slug=slug, organisation=organisation, day=today))
    write_atomic(release, _fill("release.yaml", slug=slug, organisation=organisation, day=today))
    (folder / slug / "assets").mkdir(exist_ok=True)
    return Scaffolded((newsroom, release))


def new_release(newsroom_folder: Path, slug: str, *, today: dt.date) -> Scaffolded:
    """A new release inside a newsroom, taking the organisation's name from presskit.yaml."""
    from presskit.loader import load_newsroom

    _check_slug(slug)
    newsroom_file = first_existing(newsroom_folder, NEWSROOM_FILES)
    if newsroom_file is None:
        raise ValidationFailed(
            [
                Problem(
                    "no presskit.yaml here",
                    newsroom_folder,
                    hint="run presskit init first, or give --newsroom DIR",
                )
            ]
        )
    organisation = load_newsroom(newsroom_file.resolve()).organisation.name
    release = newsroom_folder / slug / "release.yaml"
    _refuse_existing([release.parent])
    write_atomic(release, _fill("release.yaml", slug=slug, organisation=organisation, day=today))
    (release.parent / "assets").mkdir(exist_ok=True)
    return Scaffolded((release,))


def new_theme(folder: Path, *, base: str) -> Scaffolded:
    """A copy of a theme to start a brand from; `--theme FOLDER` then selects it."""
    from presskit.theme import theme_dir

    source = theme_dir(base)
    if folder.exists():
        raise ValidationFailed(
            [Problem("already exists; presskit never overwrites it", folder, hint="choose a new folder")]
        )
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = folder / path.relative_to(source)
        data = path.read_bytes()
        if path.name == "theme.yaml":
            data = re.sub(rb"(?m)^name: .*$", b"name: " + folder.name.encode("utf-8"), data, count=1)
        write_atomic(target, data)
        written.append(target)
    return Scaffolded(tuple(written))
