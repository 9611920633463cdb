"""Themes: the look of every format, from one `theme.yaml`.

A theme is a folder under `templates/` (or any folder given with --theme):
`theme.yaml` plus the Jinja2 templates for HTML and text. The loader resolves
font files here so that renderers receive paths and never search for fonts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from presskit.errors import Problem, ValidationFailed
from presskit.resources import data_dir

HEX = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(_Strict):
    primary: HEX = "#0B3C5D"  # headline, headings, rules
    accent: HEX = "#D9480F"  # links, highlights marker, type label
    text: HEX = "#1A1A1A"
    muted: HEX = "#5C6670"  # running head, captions, footers
    background: HEX = "#FFFFFF"
    quote_rule: HEX = "#0B3C5D"


class Fonts(_Strict):
    body: str = "DejaVu Sans"  # a fontconfig family name
    heading: str = "DejaVu Sans"
    mono: str = "DejaVu Sans Mono"  # code and preformatted text
    body_size: float = Field(10.5, ge=6, le=24)
    html_stack: str = '"DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif'


class Margins(_Strict):
    top: float = Field(22, ge=5, le=80)  # millimetres
    right: float = Field(20, ge=5, le=80)
    bottom: float = Field(22, ge=5, le=80)
    left: float = Field(20, ge=5, le=80)


class ThemeSpec(_Strict):
    """What `theme.yaml` may say."""

    name: str
    page_size: Literal["A4", "Letter"] = "A4"
    margins: Margins = Margins()
    colours: Colours = Colours()
    fonts: Fonts = Fonts()
    logo_width_mm: float = Field(45, ge=10, le=120)
    end_mark: str | None = None  # default for releases that do not set one
    sources: Literal["endnotes", "inline"] = "endnotes"
    text_width: int = Field(72, ge=40, le=120)
    html_template: str = "release.html.j2"
    text_template: str = "release.txt.j2"


@dataclass(frozen=True)
class FontFiles:
    """TrueType files of one family, for the PDF renderer."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True)
class Theme:
    spec: ThemeSpec
    root: Path

    @property
    def name(self) -> str:
        return self.spec.name

    def template_path(self, name: str) -> Path:
        return self.root / name

    # Fonts are looked up on first use: only the PDF needs files, and only
    # a release with code needs the monospaced face.
    @cached_property
    def body_font(self) -> FontFiles:
        return resolve_font(self.spec.fonts.body)

    @cached_property
    def heading_font(self) -> FontFiles:
        same = self.spec.fonts.heading == self.spec.fonts.body
        return self.body_font if same else resolve_font(self.spec.fonts.heading)

    @cached_property
    def mono_font(self) -> FontFiles:
        return resolve_font(self.spec.fonts.mono)


# fontconfig's weight and slant of each face (regular 80, bold 200; roman 0, italic 100, oblique 110).
_FACES = {"regular": (80, False), "bold": (200, False), "italic": (80, True), "bold_italic": (200, True)}


def _number(text: str, default: int) -> int:
    try:
        return int(float(text))
    except ValueError:  # a variable font gives a range such as "[40 200]"
        return default


def _fontconfig_faces(family: str) -> dict[str, Path]:
    """The TrueType files of `family` that fontconfig knows, one per face, in one call."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    result = subprocess.run(
        [fc_list, f":family={family}", "--format=%{file}|%{weight}|%{slant}|%{width}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    candidates: list[tuple[Path, int, bool, int]] = []  # file, weight, italic, width
    for line in sorted(result.stdout.splitlines()):
        file, weight_text, slant, width = (line.split("|") + ["", "", "", ""])[:4]
        if file.lower().endswith(".ttf"):  # reportlab embeds TrueType outlines only
            candidates.append(
                (Path(file), _number(weight_text, 80), _number(slant, 0) > 0, _number(width, 100))
            )
    found: dict[str, Path] = {}
    for face, (weight, italic) in _FACES.items():
        ranked = sorted(candidates, key=lambda c: (c[2] != italic, abs(c[1] - weight), abs(c[3] - 100)))
        if ranked and (ranked[0][2] == italic or not italic):
            found[face] = ranked[0][0]
    return found


def _bundled_vera() -> FontFiles:
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    return FontFiles(
        "Bitstream Vera Sans",
        folder / "Vera.ttf",
        folder / "VeraBd.ttf",
        folder / "VeraIt.ttf",
        folder / "VeraBI.ttf",
    )


def resolve_font(family: str) -> FontFiles:
    """The family's four TrueType files via fontconfig, else reportlab's Vera."""
    found = _fontconfig_faces(family)
    regular = found.get("regular")
    if regular is None:
        return _bundled_vera()
    return FontFiles(
        family,
        regular,
        found.get("bold", regular),
        found.get("italic", regular),
        found.get("bold_italic", found.get("bold", regular)),
    )


def builtin_themes() -> list[str]:
    """The names of the themes shipped with presskit."""
    return sorted(p.name for p in data_dir("templates").iterdir() if (p / "theme.yaml").is_file())


def theme_dir(name_or_path: str) -> Path:
    """A built-in theme by name, or a folder holding a theme.yaml."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path):
        builtin = data_dir("templates") / name_or_path
        if (builtin / "theme.yaml").is_file():
            return builtin
    folder = Path(name_or_path)
    if (folder / "theme.yaml").is_file():
        return folder
    available = builtin_themes()
    raise ValidationFailed(
        [
            Problem(
                f'no theme "{name_or_path}"',
                field="theme",
                hint="built-in themes: " + ", ".join(available) + "; or give a folder with a theme.yaml",
            )
        ]
    )


def load_theme(name_or_path: str = "default") -> Theme:
    """Read and validate a theme (its fonts are found when first needed)."""
    from presskit.loader import validate_into
    from presskit.source import read_document

    root = theme_dir(name_or_path)
    source = read_document(root / "theme.yaml")
    spec = validate_into(ThemeSpec, source)
    return Theme(spec=spec, root=root)
