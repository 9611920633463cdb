"""Fonts for the PDF: registered once per process, each able to show glyphs no character maps to.

A theme's font files become reportlab fonts here (a family's four faces under
names of their own) and HarfBuzz fonts for shaping; `Faces` are the registered
names the styles use.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from presskit.words.typefaces import FontFiles

FIRST_PRIVATE_CODE = 0x10FFFD  # plane 16, counting down: no text a release holds uses it
# What a glyph that stands for no character extracts as (the second of two glyphs one character
# is drawn with): PDF/UA (7.21.7) wants a Unicode value for every code, and U+2060 is invisible,
# joins what is either side and is ignored by search; its cluster's /ActualText is the text.
NO_TEXT = "\u2060"

REGISTERED: dict[str, tuple[FontFiles, str]] = {}  # font name -> its files and face
FAMILY_OF: dict[tuple[FontFiles, str], str] = {}  # files, face -> font name
READ: dict[tuple[Path, int], ShapingTTFont] = {}  # file, face index -> the font read from it
# Names of bold faces drawn from a file that is not bold (the family has no bold): the PDF
# strokes their glyphs' outlines as well as filling them, `SYNTHETIC_BOLD_STROKE` em wide,
# as FreeType emboldens an outline (by about 1/24 em) where a family lacks its bold.
SYNTHETIC_BOLD: set[str] = set()
SYNTHETIC_BOLD_STROKE = 0.04
FACES = ("regular", "bold", "italic", "bold_italic")


class ShapingTTFont(TTFont):  # type: ignore[misc]
    """A TrueType font that can also show glyphs no character maps to.

    Such a glyph (a contextual form, a ligature) gets a private code point in
    this font's own tables, and the ToUnicode map written for the subset that
    holds it gives the text the glyph stands for.
    """

    def __init__(self, name: str, path: str, index: int = 0) -> None:
        super().__init__(name, path, subfontIndex=index, shapable=False)
        self.path = path
        self.index = index
        self.actual_text: dict[int, str] = {}
        self._keys: dict[tuple[int, str], str] = {}
        # In a list, so that the names this font is also registered under (`register_alias`:
        # shallow copies) count down one counter and never give two glyphs one code.
        self._next_private = [FIRST_PRIVATE_CODE]

    def key(self, glyph: int, text: str, advance: float) -> str:
        """The character that shows `glyph` and extracts as `text`; `advance` in 1/1000 em."""
        if len(text) == 1 and self.face.charToGlyph.get(ord(text)) == glyph:
            return text
        found = self._keys.get((glyph, text))
        if found is None:
            code = self._next_private[0]
            self._next_private[0] -= 1
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = round(advance)
            self.actual_text[code] = text or NO_TEXT
            found = self._keys[(glyph, text)] = chr(code)
        return found

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self.actual_text or code > 0xFFFF for code in subset):
                # reportlab's own map is right for this subset; it writes "%04X", which
                # breaks for characters beyond U+FFFF (emoji, CJK extension B)
                continue
            name = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + name].content = to_unicode_cmap(name, subset, self.actual_text)


def to_unicode_cmap(name: str, subset: Sequence[int], actual_text: dict[int, str]) -> str:
    """reportlab's ToUnicode CMap, with each private code mapped to the text its glyph shows."""

    def utf16(text: str) -> str:
        return text.encode("utf-16-be").hex().upper()

    entries = [
        f"<{code:02X}> <{utf16(actual_text.get(value, chr(value)))}>" for code, value in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_family(files: FontFiles) -> str:
    """Register the family's faces once per process; return the family's name.

    reportlab's registry is global, so names come from the files' paths: two
    themes with different files never share a name, the same files share one.
    Every face gets its own name, `<family>-regular`, `-bold`, `-italic` and
    `-bold-italic`, even where a family lacks the face and its file is another
    face's (a CJK or symbol font with one face, an Arabic one without italic):
    a face that is the same file as another is read once and named twice, and
    a file is read once per process whichever families name it. One name per
    face also keeps <b> and <i> in markup right: reportlab maps a font name
    back to a single weight and slant. A bold face whose file is not bold (a
    family without one) is emboldened where it is drawn (`SYNTHETIC_BOLD`).
    """
    paths = (files.regular, files.bold, files.italic, files.bold_italic)
    key = "\0".join(map(str, paths)) + ("" if files.index == 0 else f"\0{files.index}")
    family = "presskit-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    if (files, "regular") in FAMILY_OF:
        return family
    names: dict[str, str] = {}
    for face, path in zip(FACES, paths, strict=True):
        name = names[face] = f"{family}-{face.replace('_', '-')}"
        index = files.index if path.suffix.lower() == ".ttc" else 0
        font = READ.get((path, index))
        if font is None:
            font = READ[(path, index)] = ShapingTTFont(name, str(path), index)
            pdfmetrics.registerFont(font)
        else:
            register_alias(font, name)
        if face.startswith("bold") and path in (files.regular, files.italic):
            SYNTHETIC_BOLD.add(name)
        REGISTERED.setdefault(name, (files, face))
        FAMILY_OF[(files, face)] = name
    pdfmetrics.registerFontFamily(
        family,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return family


def register_alias(font: ShapingTTFont, name: str) -> None:
    """`font` registered under `name` as well, without reading its file again.

    reportlab's registerFont maps a new name of a face it already holds to the
    font object it holds, so one font is embedded whichever name draws it; a
    shallow copy carrying the new name is all it reads.
    """
    alias = copy.copy(font)
    alias.fontName = name
    pdfmetrics.registerFont(alias)


def face_name(files: FontFiles, face: str) -> str:
    """The registered font name of one face of `files` (registering the family if need be)."""
    register_family(files)
    return FAMILY_OF[(files, face)]


@functools.lru_cache(maxsize=32)
def harfbuzz_font(path: str, index: int) -> Any:
    import uharfbuzz

    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path), index))


def emboldening(font_name: str, size: float, colour: Any) -> str:
    """The operators that draw text in `font_name` as they must be: "" for a face of its own,
    fill and stroke in the text's colour for a synthesised bold (`SYNTHETIC_BOLD`)."""
    if font_name not in SYNTHETIC_BOLD:
        return ""
    red, green, blue = (getattr(colour, c, 0.0) for c in ("red", "green", "blue"))
    width = fp_str(size * SYNTHETIC_BOLD_STROKE)
    return f"{fp_str(red)} {fp_str(green)} {fp_str(blue)} RG {width} w 2 Tr"


@dataclass(frozen=True)
class Faces:
    regular: str
    bold: str
    italic: str


def faces_of(files: FontFiles, *, upright: bool = False) -> Faces:
    """The registered names of the family's faces (registering it if need be); `upright` for a
    document whose language has no italic: its italic names draw the upright faces."""
    if upright:
        files = replace(files, italic=files.regular, bold_italic=files.bold)
    return Faces(*(face_name(files, face) for face in ("regular", "bold", "italic")))
