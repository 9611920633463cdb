"""Pictures: the logo read as python-docx places it, sized and aligned as the theme asks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.image.image import Image as WordImage
from docx.shared import Emu, Length

LOGO_ALIGNMENT = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
LOGO_ALIGNMENT["center"] = WD_ALIGN_PARAGRAPH.CENTER
# The logo is the theme's logo width wide and at most this share of the text's height tall,
# as in the PDF (renderers/pdf/story.py): a masthead, not a poster of a tall logo.
LOGO_HEIGHT_SHARE = 0.25


def word_image(path: Path) -> tuple[str | IO[bytes], WordImage]:
    """The picture as python-docx can place it, and python-docx's reading of it.

    The file itself where python-docx reads it; else (a JPEG without a JFIF or
    Exif header, as CMYK and Adobe JPEGs are) re-encoded by Pillow, which reads
    every picture validation lets through.
    """
    try:
        return str(path), WordImage.from_file(str(path))
    except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError):
        stream = io.BytesIO(reencoded(path))
        return stream, WordImage.from_file(stream)


def reencoded(path: Path) -> bytes:
    """The picture as an RGB JPEG (a JPEG: a photograph stays one) or a PNG, which Word reads."""
    from PIL import Image

    with Image.open(path) as picture:
        picture.load()
        out = io.BytesIO()
        if picture.format == "JPEG":
            # Word shows RGB faithfully; a CMYK profile would not describe the converted pixels.
            picture.convert("RGB").save(out, "JPEG", quality=95)
        else:
            alpha = "A" in picture.mode or "transparency" in picture.info
            keeps_mode = picture.mode in ("1", "L", "LA", "P", "RGB", "RGBA")
            (picture if keeps_mode else picture.convert("RGBA" if alpha else "RGB")).save(out, "PNG")
        return out.getvalue()


def fitted_size(image: WordImage, width: Length, height: Length) -> tuple[Length, Length]:
    """The picture as large as fits `width` x `height`, its aspect kept, neither side 0 EMU.

    As python-docx sizes a picture given its width: the same file gives the same document.
    """
    fitted = image.scaled_dimensions(width=width)
    if fitted[1] > height:
        fitted = image.scaled_dimensions(height=height)
    return Emu(max(1, fitted[0])), Emu(max(1, fitted[1]))


def picture_copy(path: Path, copies: tuple[Path, ...], pixels_wide: int) -> Path:
    """The first of a picture's smaller copies (smallest first) at least `pixels_wide` wide,
    else the picture itself: a full-size photo would only make the document heavy."""
    from PIL import Image

    for copy in copies:
        with Image.open(copy) as picture:
            if picture.width >= pixels_wide:
                return copy
    return path
