"""A PNG's own compressed pixels, put into the PDF as they are.

A PNG's image data (its IDAT chunks, joined) is a zlib stream of scanlines, each led by
the PNG filter that predicts it: exactly what a PDF's FlateDecode filter reads with
`/DecodeParms << /Predictor 15 >>` (PDF 32000-1 §7.4.4.4). So an 8-bit grey or RGB PNG
with no transparency and no interlacing needs neither decoding nor deflating again: for
the example's 1200 x 1600 cover that was 45 ms of every build's first PDF. Any other PNG
(a palette, alpha or a transparent colour, 16 bits, Adam7) returns None and is decoded as
before. Nothing is assumed that the file does not say: every chunk's length and CRC is
checked, and a file that is not what its header claims is left to the decoder too.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFImageXObject, PDFName, PDFStream

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOURS = {0: ("DeviceGray", 1), 2: ("DeviceRGB", 3)}  # PNG colour type: PDF colour space, components
TRANSPARENT = {b"tRNS"}  # a colour made transparent: needs a mask, so decoding


@dataclass(frozen=True)
class PngPixels:
    width: int
    height: int
    colour_space: str
    colours: int
    data: bytes  # the zlib stream, PNG-predicted


def png_pixels(data: bytes) -> PngPixels | None:
    """The PNG's compressed pixels if the PDF can take them as they are, else None."""
    if not data.startswith(SIGNATURE):
        return None
    header: tuple[int, ...] | None = None
    parts: list[bytes] = []
    at = len(SIGNATURE)
    while at + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        end = at + 12 + length
        if len(body) != length or end > len(data):
            return None
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        if zlib.crc32(kind + body) != crc:
            return None
        if kind == b"IHDR":
            if length != 13:
                return None
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            parts.append(body)
        elif kind in TRANSPARENT:
            return None
        elif kind == b"IEND":
            break
        at = end
    if header is None or not parts:
        return None
    width, height, depth, colour_type, compression, filtering, interlace = header
    if depth != 8 or colour_type not in COLOURS or (compression, filtering, interlace) != (0, 0, 0):
        return None
    if not width or not height:
        return None
    colour_space, colours = COLOURS[colour_type]
    return PngPixels(width, height, colour_space, colours, b"".join(parts))


class PngImage(PDFImageXObject):  # type: ignore[misc]
    """An image object whose stream is a PNG's own compressed pixels."""

    def __init__(self, name: str, pixels: PngPixels) -> None:
        super().__init__(name)  # no source: nothing is read or decoded
        self.width, self.height = pixels.width, pixels.height
        self.bitsPerComponent = 8
        self.colorSpace = pixels.colour_space
        self.streamContent = pixels.data
        self._filters = ("FlateDecode",)
        self.mask = None
        self.colours = pixels.colours

    def format(self, document: Any) -> bytes:
        stream = PDFStream(content=self.streamContent)
        entries = stream.dictionary
        entries["Type"] = PDFName("XObject")
        entries["Subtype"] = PDFName("Image")
        entries["Width"] = self.width
        entries["Height"] = self.height
        entries["BitsPerComponent"] = self.bitsPerComponent
        entries["ColorSpace"] = PDFName(self.colorSpace)
        entries["Filter"] = PDFArray([PDFName("FlateDecode")])
        entries["DecodeParms"] = PDFDictionary(
            {"Predictor": 15, "Colors": self.colours, "BitsPerComponent": 8, "Columns": self.width}
        )
        entries["Length"] = len(self.streamContent)
        result: bytes = stream.format(document)
        return result
