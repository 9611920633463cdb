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


# The family for each script the body font does not serve well, by ISO 15924 code.
# All are TrueType (reportlab embeds no CFF outlines): Debian's fonts-noto-core and
# fonts-wqy-zenhei. A theme's `fonts.scripts` adds to these or replaces one of them.
DEFAULT_SCRIPT_FONTS: dict[str, str] = {
    "Arab": "Noto Sans Arabic",
    "Hebr": "Noto Sans Hebrew",
    "Deva": "Noto Sans Devanagari",
    "Thai": "Noto Sans Thai",
    "Hani": "WenQuanYi Zen Hei",
    "Hira": "WenQuanYi Zen Hei",
    "Kana": "WenQuanYi Zen Hei",
    "Hang": "WenQuanYi Zen Hei",
    "Bopo": "WenQuanYi Zen Hei",
}
ScriptCode = Annotated[str, Field(pattern=r"^[A-Z][a-z]{3}$")]  # ISO 15924, e.g. "Arab"


class Fonts(_Strict):
    body: str = "DejaVu Sans"  # a fontconfig family name
    heading: str = "DejaVu Sans"
    mono: str = "DejaVu Sans Mono"  # code and preformatted text
    body_size: float = Field(10.5, ge=6, le=24)
    html_stack: str = '"DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif'
    # Family per script, for text the body font lacks or sets poorly (merged over
    # DEFAULT_SCRIPT_FONTS); HTML puts the family first in that language's font stack.
    scripts: dict[ScriptCode, str] = {}


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
    """TrueType files of one family, for the PDF renderer.

    `index` is the face's number inside a TrueType collection (.ttc); a family
    found in a collection takes all its faces from that one face.
    """

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    index: int = 0


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

    @cached_property
    def script_families(self) -> dict[str, str]:
        """The family named for each script (ISO 15924 code): the defaults, then the theme's own."""
        return DEFAULT_SCRIPT_FONTS | dict(self.spec.fonts.scripts)

    def script_font(self, script: str) -> FontFiles | None:
        """The files of the family named for `script`, or None where none is named or installed."""
        family = self.script_families.get(script)
        if family is None:
            return None
        if family not in self._script_fonts:
            self._script_fonts[family] = find_font(family)
        return self._script_fonts[family]

    @cached_property
    def _script_fonts(self) -> dict[str, FontFiles | None]:
        return {}


# fontconfig's weight and slant of each face (regular 80, bold 200; roman 0, italic 100, oblique 110).
_FACES = {"regular": (80, False), "bold": (200, False), "italic": (80, True), "bold_italic": (200, True)}


def _number(text: str, default: int) -> int:
    try:
        return int(float(text))
    except ValueError:  # a variable font gives a range such as "[40 200]"
        return default


def _fontconfig_faces(family: str) -> dict[str, tuple[Path, int]]:
    """The TrueType files (and collection indices) of `family` that fontconfig knows, one per face."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    result = subprocess.run(
        [fc_list, f":family={family}", "--format=%{file}|%{index}|%{weight}|%{slant}|%{width}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    candidates: list[tuple[Path, int, int, bool, int]] = []  # file, index, weight, italic, width
    for line in sorted(result.stdout.splitlines()):
        file, index, weight_text, slant, width = (line.split("|") + [""] * 5)[:5]
        # reportlab embeds TrueType outlines only: .otf files hold CFF, and so may a .ttc.
        if file.lower().endswith((".ttf", ".ttc")):
            weight, italic = _number(weight_text, 80), _number(slant, 0) > 0
            candidates.append((Path(file), _number(index, 0), weight, italic, _number(width, 100)))
    found: dict[str, tuple[Path, int]] = {}
    for face, (weight, italic) in _FACES.items():
        ranked = sorted(candidates, key=lambda c: (c[3] != italic, abs(c[2] - weight), abs(c[4] - 100)))
        if ranked and (ranked[0][3] == italic or not italic):
            found[face] = (ranked[0][0], ranked[0][1])
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


def find_font(family: str) -> FontFiles | None:
    """The family's TrueType files via fontconfig, or None when it is not installed."""
    found = _fontconfig_faces(family)
    if "regular" not in found:
        return None
    regular, index = found["regular"]

    def face(name: str, default: Path) -> Path:
        path, face_index = found.get(name, (default, index))
        # A collection's faces share one index here; a face elsewhere in it is not used.
        return path if face_index == index or path.suffix.lower() == ".ttf" else default

    bold = face("bold", regular)
    return FontFiles(family, regular, bold, face("italic", regular), face("bold_italic", bold), index=index)


def resolve_font(family: str) -> FontFiles:
    """The family's four TrueType files via fontconfig, else reportlab's Vera."""
    return find_font(family) or _bundled_vera()


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
