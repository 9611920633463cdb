"""Every glyph a PDF draws, read from its content streams, with the font that draws it.

A glyph a font lacks is drawn as that font's glyph 0 (.notdef, the empty box): reportlab maps a
code whose character the face has not got to glyph 0 in the subset it embeds. So a code is
drawn right when the embedded subset's own cmap maps it to a glyph other than 0.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Drawn:
    page: int
    font: str  # the embedded font's name, e.g. AAAAAA+DejaVuSans-Oblique
    code: int
    text: str  # what the ToUnicode map says the code stands for
    glyph: int  # the subset's glyph for the code (0: the empty box)
    mode: int  # the text rendering mode (Tr): 0 fills, 2 fills and strokes (an emboldened face)


def subset_cmap(data: bytes) -> dict[int, int]:
    """Code -> glyph of a TrueType subset's format 6 cmap (the one reportlab writes)."""
    count = struct.unpack(">H", data[4:6])[0]
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i : 28 + 16 * i])[0]
        for i in range(count)
    }
    cmap = tables[b"cmap"]
    subtables = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
    offset = cmap + struct.unpack(">I", data[cmap + 8 : cmap + 12])[0]
    assert subtables >= 1
    fmt = struct.unpack(">H", data[offset : offset + 2])[0]
    assert fmt == 6, f"cmap format {fmt}"
    first, entries = struct.unpack(">HH", data[offset + 6 : offset + 10])
    glyphs = struct.unpack(f">{entries}H", data[offset + 10 : offset + 10 + 2 * entries])
    return {first + i: glyph for i, glyph in enumerate(glyphs)}


def to_unicode(font: Any) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    stream = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    found: dict[int, str] = {}
    in_chars = False
    for line in stream.splitlines():
        parts = line.strip().split()
        if parts and parts[-1] in ("beginbfchar", "endbfchar"):
            in_chars = parts[-1] == "beginbfchar"
        elif in_chars and len(parts) == 2:
            code = int(parts[0].strip("<>"), 16)
            found[code] = bytes.fromhex(parts[1].strip("<>")).decode("utf-16-be")
    return found


def _fonts(resources: Any) -> dict[str, tuple[str, dict[int, int], dict[int, str]]]:
    out: dict[str, tuple[str, dict[int, int], dict[int, str]]] = {}
    fonts = resources.get("/Font") if resources else None
    if not fonts:
        return out
    for key, ref in fonts.get_object().items():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        cmap: dict[int, int] = {}
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            cmap = subset_cmap(descriptor.get_object()["/FontFile2"].get_object().get_data())
        out[key] = (str(font.get("/BaseFont")), cmap, to_unicode(font))
    return out


def _walk(content: Any, resources: Any, page: int, reader: Any, mode: int = 0) -> Iterator[Drawn]:
    from pypdf.generic import ContentStream

    fonts = _fonts(resources)
    current: tuple[str, dict[int, int], dict[int, str]] | None = None
    saved: list[int] = []
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"Tf":
            current = fonts[operands[0]]
        elif operator == b"Tr":
            mode = int(operands[0])
        elif operator == b"q":
            saved.append(mode)
        elif operator == b"Q":
            mode = saved.pop()
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, (int, float)):
                    continue
                raw = item if isinstance(item, bytes) else item.get_original_bytes()
                assert current is not None, "text shown before any Tf"
                name, cmap, texts = current
                for code in raw:
                    yield Drawn(page, name, code, texts.get(code, ""), cmap.get(code, 0), mode)
        elif operator == b"Do" and resources is not None:
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _walk(xobject, xobject.get("/Resources") or resources, page, reader, mode)


def drawn_glyphs(data: bytes) -> Iterator[Drawn]:
    """Every code shown by a text-showing operator (Tj, TJ, ', "), forms included."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, 1):
        content = page.get_contents()
        if content is not None:
            yield from _walk(content, page.get("/Resources"), number, reader)
