"""Pictures in the PDF: chosen and resampled for print, each image object made once per process."""

from __future__ import annotations

import copy
import functools
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable

from presskit.renderers.pdf.png import PngImage, png_pixels

# Images go into the PDF as binary streams: ASCII85 would make them a quarter larger and costs
# ~30 ms of pure Python per render. Only presskit's own PDFs are made in this process.
rl_config.useA85 = 0


PRINT_DPI = 300
MIN_PICTURE_SIDE = 0.001  # points: a hairline, the least the PDF writes as more than 0


def scaled_image(path: Path, box: tuple[float, float], align: str, copies: Sequence[Path] = ()) -> Flowable:
    """The picture as large as fits `box` (width, height in points), its aspect kept.

    Of the picture's smaller copies (`copies`, smallest first) the first with
    the pixels print needs is used, else the original. One with far more pixels
    than that is resampled first: a full-size photo shown as a thumbnail would
    only make the PDF heavy.
    """
    for candidate in (*copies, path):
        with PILImage.open(candidate) as picture:
            chosen, (pixels_wide, pixels_high) = candidate, picture.size
        width, height = fitted_size(box, pixels_wide, pixels_high)
        enough = max(1, round(width / inch * PRINT_DPI))
        if pixels_wide >= enough:
            break
    data = chosen.read_bytes() if pixels_wide <= 2 * enough else resampled(chosen, enough)
    return Picture(prepared_image(data), width, height, align)


def pixel_size(path: Path) -> tuple[int, int]:
    """The picture's width and height in pixels, read from its header."""
    with PILImage.open(path) as picture:
        return picture.size


def fitted_size(box: tuple[float, float], pixels_wide: int, pixels_high: int) -> tuple[float, float]:
    """Width and height of a picture of these pixels set as large as fits `box`, its aspect kept.

    Neither side is ever below MIN_PICTURE_SIDE: the PDF writes sizes to six decimals,
    and a side written as 0 is a picture viewers refuse, however thin it was meant to be.
    """
    box_width, box_height = box
    width = min(box_width, box_height * pixels_wide / pixels_high)
    height = width * pixels_high / pixels_wide
    return max(width, MIN_PICTURE_SIDE), max(height, MIN_PICTURE_SIDE)


def resampled(path: Path, pixels_wide: int) -> bytes:
    """The picture `pixels_wide` pixels wide, as JPEG (a JPEG original) or PNG.

    Kept for the process: a newsroom build shows one logo in every document
    and one photo in every locale's PDF.
    """
    status = path.stat()
    return _resampled(str(path), status.st_mtime_ns, status.st_size, pixels_wide)


@functools.lru_cache(maxsize=32)
def _resampled(path: str, mtime_ns: int, size: int, pixels_wide: int) -> bytes:
    with PILImage.open(path) as picture:
        is_jpeg = picture.format == "JPEG"
        pixels_high = max(1, round(pixels_wide * picture.height / picture.width))
        if is_jpeg:
            picture.draft(picture.mode, (pixels_wide, pixels_high))  # libjpeg scales while decoding
        source: PILImage.Image = picture
        if source.mode not in ("RGB", "RGBA", "L", "CMYK"):
            source = source.convert("RGBA")
        smaller = source.resize((pixels_wide, pixels_high), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        if is_jpeg:
            smaller.save(buffer, "JPEG", quality=90)
        else:
            smaller.save(buffer, "PNG")
        return buffer.getvalue()


@functools.lru_cache(maxsize=32)
def prepared_image(data: bytes) -> PDFImageXObject:
    """The PDF image object of a picture file's bytes, made once for the process.

    A JPEG goes in as it is, and so do an opaque 8-bit PNG's compressed pixels (png.py);
    any other picture is decoded and deflated, with its
    alpha as a soft mask. Both took 5 ms for the newsroom's logo in every PDF
    when ReportLab did them per document. The object is named for the content,
    never for where the file lies, so the PDF's bytes do not depend on the
    output folder. Each document registers a copy (`Picture.draw`).
    """
    name = hashlib.sha256(data).hexdigest()[:32]
    pixels = png_pixels(data)
    if pixels is not None:  # an opaque 8-bit PNG: its own compressed pixels, as they are
        return PngImage(name, pixels)
    return PDFImageXObject(name, ImageReader(io.BytesIO(data)), mask="auto")


class Picture(Flowable):  # type: ignore[misc]
    """A raster picture drawn `width` x `height` points from its prepared image object."""

    _fixedWidth = _fixedHeight = 1  # tables size their columns around it as around an image

    def __init__(self, image: PDFImageXObject, width: float, height: float, align: str) -> None:
        super().__init__()
        self.image = image
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = align

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        name = self.image.name
        if not canvas.hasForm(name):  # first use in this document: register a copy
            image = copy.copy(self.image)
            mask = image.__dict__.pop("_smask", None)
            canvas._doc.addForm(name, image)
            if mask is not None:
                if not canvas.hasForm(mask.name):
                    canvas._doc.addForm(mask.name, copy.copy(mask))
                image.smask = PDFObjectReference(canvas._doc.getXObjectName(mask.name))
        canvas.saveState()
        canvas.translate(getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0))
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas.doForm(name)
        canvas.restoreState()
        canvas._currentPageHasImages = 1  # as drawImage does: the page's resources name images
