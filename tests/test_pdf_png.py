"""A PNG's own compressed pixels go into the PDF as they are (renderers/pdf/png.py): read back
with pikepdf, the picture is the same pixels, whichever way it went in."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from presskit.renderers.pdf.pictures import Picture, prepared_image
from presskit.renderers.pdf.png import PngImage, png_pixels


def png(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def noise(mode: str, size: tuple[int, int] = (37, 23)) -> Image.Image:
    data = bytes((x * 7 + y * 13 + (x * y) % 5) % 256 for y in range(size[1]) for x in range(size[0]))
    grey = Image.frombytes("L", size, data)
    return (
        grey if mode == "L" else Image.merge("RGB", (grey, grey.rotate(90, expand=False), grey.transpose(0)))
    )


def drawn(data: bytes) -> tuple[dict[str, int], bytes, Image.Image]:
    """The picture drawn into a one-page PDF, and read back: its image's decoding parameters,
    its stream as stored, and its pixels."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    picture = Picture(prepared_image(data), 100, 60, "LEFT")
    picture.drawOn(canvas, 10, 10)
    canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    (raw,) = [obj for obj in pdf.pages[0].Resources.XObject.values() if obj.Subtype == "/Image"]
    parameters = {str(k): int(v) for k, v in raw.get("/DecodeParms", pikepdf.Dictionary()).items()}
    return parameters, raw.read_raw_bytes(), pikepdf.PdfImage(raw).as_pil_image()


@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize("level", [0, 1, 9])
def test_an_opaque_8_bit_png_goes_in_as_it_is_and_reads_back_the_same(mode: str, level: int) -> None:
    original = noise(mode)
    data = png(original, compress_level=level)
    assert isinstance(prepared_image(data), PngImage)
    parameters, stored, pixels = drawn(data)
    assert parameters["/Predictor"] == 15 and parameters["/Columns"] == original.width
    assert stored == png_pixels(data).data  # type: ignore[union-attr]
    assert pixels.mode == mode and ImageChops.difference(pixels, original).getbbox() is None


def with_chunk(data: bytes, kind: bytes, body: bytes) -> bytes:
    """The PNG with one more chunk before its first IDAT."""
    at = data.index(b"IDAT") - 4
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return data[:at] + chunk + data[at:]


def interlaced(data: bytes) -> bytes:
    """The PNG with its header saying Adam7 (Pillow writes no interlaced PNG)."""
    at = data.index(b"IHDR")
    header = data[at + 4 : at + 16] + b"\x01"
    return data[: at + 4] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + data[at + 21 :]


@pytest.mark.parametrize(
    "case",
    ["alpha", "palette", "sixteen bits", "interlaced", "transparent colour", "bad crc", "cut short", "jpeg"],
)
def test_any_other_picture_is_decoded_as_before(case: str) -> None:
    rgb = noise("RGB")
    data = {
        "alpha": lambda: png(rgb.convert("RGBA")),
        "palette": lambda: png(rgb.convert("P")),
        "sixteen bits": lambda: png(noise("L").convert("I;16")),
        "interlaced": lambda: interlaced(png(rgb)),
        "transparent colour": lambda: with_chunk(png(rgb), b"tRNS", b"\x00\x01\x00\x02\x00\x03"),
        "bad crc": lambda: png(rgb)[:-20] + bytes(b ^ 0xFF for b in png(rgb)[-20:-16]) + png(rgb)[-16:],
        "cut short": lambda: png(rgb)[:-30],
        "jpeg": lambda: (lambda b: (rgb.save(b, "JPEG"), b.getvalue())[1])(io.BytesIO()),
    }[case]()
    assert png_pixels(data) is None
    if case in ("cut short", "bad crc", "interlaced"):
        return  # the decoder's to read or refuse (the interlaced one is its header alone, for the test)
    assert not isinstance(prepared_image(data), PngImage)
    drawn(data)  # still drawn, the way it always was


@settings(max_examples=40, deadline=None)
@given(
    width=st.integers(1, 70),
    height=st.integers(1, 40),
    mode=st.sampled_from(["RGB", "L"]),
    seed=st.binary(min_size=1, max_size=64),
)
def test_any_size_of_opaque_png_reads_back_pixel_for_pixel(
    width: int, height: int, mode: str, seed: bytes
) -> None:
    bands = 3 if mode == "RGB" else 1
    data = bytes(seed[i % len(seed)] ^ (i * 31 % 251) for i in range(width * height * bands))
    original = Image.frombytes(mode, (width, height), data)
    _, _, pixels = drawn(png(original))
    assert ImageChops.difference(pixels, original).getbbox() is None
