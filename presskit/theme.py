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
    body_font: FontFiles
    heading_font: FontFiles
    mono_font: FontFiles

    @property
    def name(self) -> str:
        return self.spec.name

    def template_path(self, name: str) -> Path:
        return self.root / name


# fontconfig properties of each face; families with "Oblique" faces match slant=italic too.
_STYLES = {
    "regular": "weight=regular:slant=roman",
    "bold": "weight=bold:slant=roman",
    "italic": "weight=regular:slant=italic",
    "bold_italic": "weight=bold:slant=italic",
}


def _fontconfig_file(family: str, style: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    result = subprocess.run(
        [fc_match, "--format=%{family}\n%{style}\n%{file}", f"{family}:{style}"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 3:
        return None
    families = [f.strip().lower() for f in lines[0].split(",")]
    path = Path(lines[2])
    # fc-match always answers with *some* font; take it only if it is the
    # family asked for and a TrueType file reportlab can embed.
    if family.lower() not in families or path.suffix.lower() != ".ttf":
        return None
    return path


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
    found = {key: _fontconfig_file(family, style) for key, style in _STYLES.items()}
    regular = found["regular"]
    if regular is None:
        return _bundled_vera()
    return FontFiles(
        family,
        regular,
        found["bold"] or regular,
        found["italic"] or regular,
        found["bold_italic"] or found["bold"] or regular,
    )


def theme_dir(name_or_path: str) -> Path:
    """A built-in theme by name, or a folder holding a theme.yaml."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path):
        builtin = data_dir("templates") / name_or_path
        if (builtin / "theme.yaml").is_file():
            return builtin
    folder = Path(name_or_path)
    if (folder / "theme.yaml").is_file():
        return folder
    available = sorted(p.name for p in data_dir("templates").iterdir() if (p / "theme.yaml").is_file())
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
    """Read and validate a theme, resolving its fonts."""
    from presskit.loader import validate_into
    from presskit.source import read_document

    root = theme_dir(name_or_path)
    source = read_document(root / "theme.yaml")
    spec = validate_into(ThemeSpec, source)
    body = resolve_font(spec.fonts.body)
    heading = body if spec.fonts.heading == spec.fonts.body else resolve_font(spec.fonts.heading)
    return Theme(
        spec=spec, root=root, body_font=body, heading_font=heading, mono_font=resolve_font(spec.fonts.mono)
    )
