"""The PDF's fonts meet PDF/UA-1's font conditions (ISO 14289-1 7.21; Matterhorn checkpoint 31).

Every PDF of the corpus (tests/corpus/world) and of the example, in every locale they are
translated into, is read with pikepdf: each font a page or a form on it shows text in, and each
code shown in it, walked operator by operator. The embedded font program is read with fontTools.

What presskit writes today is a simple TrueType subset per 256 codes (reportlab's), flagged
symbolic, with a format 6 cmap of its own; the Type 0 conditions guard the day a CID font is
used (reportlab's UnicodeCIDFont, for one, embeds nothing).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "corpus" / "world", ROOT / "releases" / "gta-2025")
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
SYMBOLIC, NONSYMBOLIC = 1 << 2, 1 << 5  # font descriptor flags (ISO 32000-1 table 123)
SIMPLE_ENCODINGS = ("/MacRomanEncoding", "/WinAnsiEncoding")
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@dataclass
class ShownFont:
    """A font dictionary of one PDF and every code the PDF's pages show in it."""

    pdf: str  # slug/locale
    document: pikepdf.Pdf  # held open for `font`
    font: Any  # pikepdf.Dictionary
    codes: set[int] = field(default_factory=set)
    pages: set[int] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.pdf}: {self.font.get('/BaseFont')}"

    @property
    def is_type0(self) -> bool:
        return bool(self.font.get("/Subtype") == "/Type0")

    @property
    def described(self) -> Any:
        """The dictionary with the FontDescriptor: a Type 0 font's descendant, else the font."""
        return self.font.DescendantFonts[0] if self.is_type0 else self.font

    def program(self) -> TTFont | None:
        file = self.described.get("/FontDescriptor", {}).get("/FontFile2")
        return None if file is None else TTFont(io.BytesIO(file.read_bytes()))


@pytest.fixture(scope="module")
def shown_fonts(tmp_path_factory: pytest.TempPathFactory) -> list[ShownFont]:
    """Every font shown in the corpus and the example, built in every locale."""
    from presskit.errors import ExitCode
    from presskit.publish.build import build
    from presskit.publish.outcome import BuildOptions

    out = tmp_path_factory.mktemp("fonts")
    options = BuildOptions(now=NOW, out_dir=out, formats=("pdf",), locales=("all",), jobs=2, force=True)
    report = build(list(SOURCES), options)
    assert report.exit_code == ExitCode.OK, report.as_json()
    found: list[ShownFont] = []
    for path in sorted(out.glob("*/*/*.pdf")):
        pdf = pikepdf.open(path)  # each font keeps its file open (`ShownFont.document`)
        found.extend(fonts_shown(pdf, f"{path.parent.parent.name}/{path.parent.name}"))
    return found


def fonts_shown(pdf: pikepdf.Pdf, name: str) -> list[ShownFont]:
    fonts: dict[tuple[int, int], ShownFont] = {}
    for number, page in enumerate(pdf.pages, 1):
        for font, data in shown_strings(page.obj, page.obj.get("/Resources")):
            key = font.objgen
            entry = fonts.setdefault(key, ShownFont(name, pdf, font))
            entry.codes.update(codes_of(font, data))
            entry.pages.add(number)
    return list(fonts.values())


def shown_strings(content: Any, resources: Any) -> Iterator[tuple[Any, bytes]]:
    """(font, string) for each string a text-showing operator shows, forms and annotations'
    appearances included."""
    current = None
    for operands, operator in pikepdf.parse_content_stream(content):
        op = str(operator)
        if op == "Tf":
            current = resources.Font[operands[0]]
        elif op in TEXT_SHOWING:
            assert current is not None, "text shown before any Tf"
            items = operands[0] if op == "TJ" else operands[-1:]
            for item in items:
                if isinstance(item, pikepdf.String):
                    yield current, bytes(item)
        elif op == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.get("/Subtype") == "/Form":
                yield from shown_strings(xobject, xobject.get("/Resources", resources))
    if isinstance(content, pikepdf.Dictionary) and "/Annots" in content:
        for annotation in content.Annots:
            appearance = annotation.get("/AP", {}).get("/N")
            if isinstance(appearance, pikepdf.Stream):
                yield from shown_strings(appearance, appearance.get("/Resources", resources))


def codes_of(font: Any, data: bytes) -> list[int]:
    if font.get("/Subtype") != "/Type0":
        return list(data)
    encoding = font.get("/Encoding")
    assert encoding in ("/Identity-H", "/Identity-V"), f"{font.get('/BaseFont')}: CMap {encoding}"
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def to_unicode(font: Any) -> dict[int, str]:
    """The font's ToUnicode CMap, code -> text (bfchar and both forms of bfrange)."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[int, str] = {}

    def text(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block)
        found.update((int(code, 16), text(value)) for code, value in pairs)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[^>]*>|\[[^\]]*\])", block
        ):
            codes = range(int(low, 16), int(high, 16) + 1)
            if target.startswith("["):
                found.update(zip(codes, map(text, re.findall(r"<([0-9A-Fa-f]*)>", target)), strict=False))
            else:
                start = bytes.fromhex(target.strip("<>"))
                for offset, code in enumerate(codes):  # the last byte counts up
                    value = start[:-1] + bytes([start[-1] + offset])
                    found[code] = value.decode("utf-16-be")
    return found


def glyph_of(shown: ShownFont, program: TTFont, code: int) -> int | None:
    """The glyph a code draws: a simple TrueType font's through the program's own cmap (a
    symbolic font's codes are its cmap's), a CID font's through CIDToGIDMap."""
    if shown.is_type0:
        mapping = shown.described.get("/CIDToGIDMap", "/Identity")
        if mapping == "/Identity":
            return code
        table = mapping.read_bytes()
        return int.from_bytes(table[2 * code : 2 * code + 2], "big") if 2 * code + 2 <= len(table) else 0
    flags = int(shown.font.FontDescriptor.Flags)
    tables = {(t.platformID, t.platEncID): t.cmap for t in program["cmap"].tables}
    if flags & SYMBOLIC:
        symbol = tables.get((3, 0), {})
        glyph = symbol.get(code, symbol.get(0xF000 + code)) or tables.get((1, 0), {}).get(code)
        if glyph is None and len(tables) == 1:
            glyph = next(iter(tables.values())).get(code)
    else:  # code -> character by the encoding -> glyph by the Unicode cmap
        encoding = shown.font.get("/Encoding")
        base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
        character = bytes([code]).decode("mac-roman" if base == "/MacRomanEncoding" else "cp1252", "replace")
        glyph = (program.getBestCmap() or {}).get(ord(character))
    return None if glyph is None else program.getGlyphID(glyph)


def test_the_corpus_shows_text_in_many_fonts(shown_fonts: list[ShownFont]) -> None:
    """What the conditions below are checked over: every script's fonts, thousands of codes."""
    assert len({s.pdf for s in shown_fonts}) >= 30
    assert len(shown_fonts) >= 60
    assert sum(len(s.codes) for s in shown_fonts) >= 4000


def test_every_font_is_embedded(shown_fonts: list[ShownFont]) -> None:
    """7.21.4.1 (31-011): every font's program is embedded (no standard 14, no CID font left to
    the reader), as FontFile2 for TrueType, FontFile3 for CFF; Type 3 fonts are their own."""
    missing = []
    for shown in shown_fonts:
        if shown.font.get("/Subtype") == "/Type3":
            continue
        descriptor = shown.described.get("/FontDescriptor")
        files = (
            []
            if descriptor is None
            else [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
        )
        if not files:
            missing.append(shown.name)
    assert missing == []


def test_type0_fonts_map_cids_to_glyphs_and_cidsets_are_whole(shown_fonts: list[ShownFont]) -> None:
    """7.21.3.2 (31-007): a Type 2 CIDFont has a CIDToGIDMap; 7.21.4.2 (31-015): a CIDSet, where
    there is one, lists every CID shown, and none the program lacks."""
    problems = []
    for shown in filter(lambda s: s.is_type0, shown_fonts):
        descendant = shown.described
        if descendant.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in descendant:
            problems.append(f"{shown.name}: no CIDToGIDMap")
        cidset = descendant.FontDescriptor.get("/CIDSet")
        if cidset is None:
            continue
        bits = int.from_bytes(cidset.read_bytes(), "big")
        width = len(cidset.read_bytes()) * 8
        listed = {cid for cid in range(width) if bits >> (width - 1 - cid) & 1}
        program = shown.program()
        count = program["maxp"].numGlyphs if program is not None else width
        if not shown.codes <= listed:
            problems.append(f"{shown.name}: CIDSet lacks {sorted(shown.codes - listed)[:10]}")
        beyond = [cid for cid in listed if (glyph_of(shown, program, cid) or 0) >= count] if program else []
        if beyond:
            problems.append(f"{shown.name}: CIDSet lists CIDs the program lacks: {beyond[:10]}")
    assert problems == []


def test_truetype_fonts_are_symbolic_or_not_as_their_encodings_say(shown_fonts: list[ShownFont]) -> None:
    """7.21.6: a symbolic TrueType font has no Encoding and its program one cmap subtable or a
    (3,0) one; a non-symbolic one has MacRoman or WinAnsi (as Encoding or its BaseEncoding) and a
    (3,1) or (1,0) cmap subtable; the descriptor's flags say exactly one of the two."""
    problems = []
    for shown in shown_fonts:
        if shown.font.get("/Subtype") != "/TrueType":
            continue
        flags = int(shown.font.FontDescriptor.Flags)
        program = shown.program()
        assert program is not None, shown.name
        subtables = {(t.platformID, t.platEncID) for t in program["cmap"].tables}
        encoding = shown.font.get("/Encoding")
        if bool(flags & SYMBOLIC) == bool(flags & NONSYMBOLIC):
            problems.append(f"{shown.name}: flags {flags} say both or neither of symbolic and non-symbolic")
        elif flags & SYMBOLIC:
            if encoding is not None:
                problems.append(f"{shown.name}: symbolic with an Encoding ({encoding})")
            if len(program["cmap"].tables) != 1 and (3, 0) not in subtables:
                problems.append(f"{shown.name}: symbolic with cmap subtables {sorted(subtables)}")
        else:
            base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
            if str(base) not in SIMPLE_ENCODINGS:
                problems.append(f"{shown.name}: non-symbolic with Encoding {encoding}")
            if not subtables & {(3, 1), (1, 0)}:
                problems.append(f"{shown.name}: non-symbolic with cmap subtables {sorted(subtables)}")
    assert problems == []


def test_every_code_shown_has_its_text_in_to_unicode(shown_fonts: list[ShownFont]) -> None:
    """7.21.7 (31-027..029): every font has a ToUnicode CMap mapping every code shown to text that
    is neither empty, U+0000, U+FEFF nor U+FFFE."""
    problems = []
    for shown in shown_fonts:
        if "/ToUnicode" not in shown.font:
            problems.append(f"{shown.name}: no ToUnicode")
            continue
        mapped = to_unicode(shown.font)
        unmapped = sorted(shown.codes - mapped.keys())
        if unmapped:
            problems.append(f"{shown.name}: codes without text {unmapped[:10]}")
        wrong = {code: mapped[code] for code in shown.codes & mapped.keys() if bad_text(mapped[code])}
        if wrong:
            problems.append(f"{shown.name}: codes mapped to {sorted(wrong.items())[:10]}")
    assert problems == []


def bad_text(text: str) -> bool:
    return text == "" or any(c in "\u0000\ufeff\ufffe" for c in text)


def test_no_code_shown_draws_notdef(shown_fonts: list[ShownFont]) -> None:
    """7.21.8 (31-030): no code shown draws .notdef (glyph 0, the empty box), and every glyph a
    code draws is in the embedded program (7.21.4.1, 31-012)."""
    problems = []
    for shown in shown_fonts:
        program = shown.program()
        assert program is not None, shown.name
        count = program["maxp"].numGlyphs
        for code in sorted(shown.codes):
            glyph = glyph_of(shown, program, code)
            if not glyph or glyph >= count:
                text = to_unicode(shown.font).get(code, "?") if "/ToUnicode" in shown.font else "?"
                problems.append(f"{shown.name}: code {code} ({text!r}) draws glyph {glyph}")
    assert problems == []


def test_widths_agree_with_the_font_program(shown_fonts: list[ShownFont]) -> None:
    """7.21.5: each code's width in the font dictionary is its glyph's advance in the program
    (to within 1/1000 em, as the dictionary's widths are rounded)."""
    problems = []
    for shown in shown_fonts:
        if shown.is_type0:
            continue  # W arrays: checked when a CID font is used
        program = shown.program()
        assert program is not None, shown.name
        scale = 1000 / program["head"].unitsPerEm
        first, widths = int(shown.font.FirstChar), [float(w) for w in shown.font.Widths]
        order = program.getGlyphOrder()
        for code in sorted(shown.codes):
            glyph = glyph_of(shown, program, code)
            if glyph is None or not 0 <= code - first < len(widths):
                problems.append(f"{shown.name}: code {code} has no width")
                continue
            advance = program["hmtx"][order[glyph]][0] * scale
            if abs(advance - widths[code - first]) > 1:
                problems.append(
                    f"{shown.name}: code {code} is {widths[code - first]} wide, its glyph {advance:.1f}"
                )
    assert problems == []
