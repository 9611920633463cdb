"""New newsrooms and releases that build as they stand, commented field by field."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presskit.errors import Problem, ValidationFailed
from presskit.publish.writer import make_folder, write_atomic
from presskit.resources import data_dir
from presskit.source.places import NEWSROOM_FILES, RELEASE_FILES, first_existing
from presskit.source.validation import ID_PATTERN


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
    make_folder(folder / slug / "assets")
    return Scaffolded((newsroom, release))


def new_release(newsroom_folder: Path, slug: str, *, today: dt.date) -> Scaffolded:
    """A new release inside a newsroom, taking the organisation's name from presskit.yaml."""
    from presskit.publish.inputs import load_newsroom

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
    make_folder(release.parent / "assets")
    return Scaffolded((release,))


def new_theme(folder: Path, *, base: str, copy: bool = False) -> Scaffolded:
    """A theme to start a brand from; `--theme FOLDER` then selects it.

    By default a minimal theme: one theme.yaml that extends `base`, repeats its
    colours (what a brand changes first) and lists every other field, commented
    out, with the value it inherits, so the theme keeps getting the parent's
    templates and reference.docx, and their fixes. `copy=True` copies every file
    of `base` instead, for a theme that will part ways with it.
    """
    from presskit.themes.theme import load_theme, theme_dir

    source = theme_dir(base)
    if folder.exists():
        raise ValidationFailed(
            [Problem("already exists; presskit never overwrites it", folder, hint="choose a new folder")]
        )
    if not copy:
        target = folder / "theme.yaml"
        write_atomic(target, _minimal_theme(folder, base, source, load_theme(base)).encode("utf-8"))
        return Scaffolded((target,))
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = folder / path.relative_to(source)
        data = path.read_bytes()
        if path.name == "theme.yaml":
            data = re.sub(rb"(?m)^name: .*$", b"name: " + folder.name.encode("utf-8"), data, count=1)
        write_atomic(target, data)
        written.append(target)
    return Scaffolded(tuple(written))


def _minimal_theme(folder: Path, base: str, source: Path, parent: Any) -> str:
    """theme.yaml of a theme that extends `base`: its colours set, everything else shown commented out."""
    import os

    spec = parent.spec
    builtin = re.fullmatch(r"[A-Za-z0-9_-]+", base) and source.parent.name == "templates"
    extends = base if builtin else Path(os.path.relpath(source.resolve(), folder.resolve())).as_posix()
    reference = parent.reference_docx
    colours = spec.colours
    fonts = spec.fonts
    margins = spec.margins

    def quoted(text: str) -> str:
        """`text` as a YAML scalar: bare when plainly a word, else a JSON string (valid YAML, whatever it holds)."""
        return text if re.fullmatch(r"[A-Za-z0-9_./-]+", text) and text[0].isalnum() else json.dumps(text)

    lines = [
        f"# The {quoted(folder.name)} theme. It extends {quoted(extends)}: whatever is not set here",
        "# comes from there. Uncomment a line to change it; docs/themes.md explains every field.",
        f"# Build with: presskit build releases/ --theme {quoted(str(folder))}",
        f"name: {quoted(folder.name)}",
        f"extends: {quoted(extends)}",
        "",
        "# Colours, #RRGGBB: the same in the Word, PDF and HTML outputs.",
        "colours:",
        f"  primary: {quoted(colours.primary)}  # headline, headings, rules",
        f"  accent: {quoted(colours.accent)}  # links, key-point markers, the type label",
        f"  text: {quoted(colours.text)}",
        f"  muted: {quoted(colours.muted)}  # running head, captions, footers",
        f"  background: {quoted(colours.background)}",
        f"  quote_rule: {quoted(colours.quote_rule)}  # the rule beside quotations",
        "",
        "# fonts:  # fontconfig family names (TrueType); Word and the web page use them too",
        f"#   body: {quoted(fonts.body)}",
        f"#   heading: {quoted(fonts.heading)}",
        f"#   mono: {quoted(fonts.mono)}",
        f"#   body_size: {fonts.body_size:g}  # points",
        f"#   html_stack: {quoted(fonts.html_stack)}  # fallbacks on screens without the body font",
        f"# page_size: {spec.page_size}  # A4 or Letter",
        f"# margins: {{top: {margins.top:g}, right: {margins.right:g}, bottom: {margins.bottom:g}, "
        f"left: {margins.left:g}}}  # millimetres",
        f"# logo: {spec.logo}  # left, right or center",
        f"# logo_width_mm: {spec.logo_width_mm:g}",
        f"# end_mark: {quoted(spec.end_mark or '-Ends-')}  # for releases that set none: -Ends-, ###, -30-",
        f"# sources: {spec.sources}  # endnotes (numbered list) or inline: (NCMEC)",
        f"# contacts: {spec.contacts}  # end (back matter) or top (under the release line)",
        f"# dateline: {spec.dateline}  # city-date: LONDON, 11 December 2025 –; wire: LONDON, Dec. 11, 2025 --",
        f"# dateline_case: {spec.dateline_case}  # the city: locale (capitals in English), upper or as-written",
        f"# text_width: {spec.text_width}  # columns of the plain-text release",
        "",
        "# Files: put one here to replace the parent's.",
        '#   release.html.j2   the page; or start it with {% extends "parent/release.html.j2" %} and',
        "#                     override only a block, e.g. {% block theme_css %}h1 { letter-spacing: 0 }{% endblock %}",
        "#   _release.css.j2   the page's styles",
        "#   release.txt.j2    the plain-text release",
    ]
    if reference is not None:
        lines += [
            "#   reference.docx    the Word styles: copy the parent's and restyle it in Word",
            f"#                     ({reference})",
        ]
    return "\n".join(lines) + "\n"
