"""Assets: size limits, safety checks and web renditions of images.

Every raster image gets two renditions beside its original: a web copy no
larger than 1600 px on its long edge and a thumbnail of 400 px, in the
original's format (so a PNG keeps its transparency and a name can be known
without opening the file). Renditions are made once per content: they are
cached under `<output>/.cache/renditions/` by the sha256 of the original and
the recipe, and later builds copy them from there. SVG and documents are
published as they are.

Pillow is imported only when an image has to be decoded.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presskit import model as m
from presskit.publish.writer import write_atomic
from presskit.source.assets import RASTER_FORMATS, AssetError, rendition_names

if TYPE_CHECKING:
    from PIL.Image import Image

WEB_EDGE = 1600  # px, long edge of the web rendition
THUMB_EDGE = 400  # px, long edge of the thumbnail
JPEG_QUALITY = 85
# Bump when the recipe changes so cached renditions are made anew.
RECIPE = f"presskit-renditions-3|web={WEB_EDGE}|thumb={THUMB_EDGE}|q={JPEG_QUALITY}"
# Beyond any press photo (~9000 x 6600); Pillow's own guard against decompression bombs is higher.
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class Rendition:
    name: str  # published name, e.g. assets/cover.web.jpg
    kind: str  # "web" or "thumb"
    path: Path  # the cached file
    media_type: str


def renditions(asset: m.Asset, data: bytes, cache_dir: Path) -> list[Rendition]:
    """The web copy and thumbnail of a raster image, made now or taken from the cache.

    `data` is the original's content. An image that cannot be decoded safely
    (truncated, not an image, a decompression bomb) raises AssetError, as does a
    file published as it is that would not open or could run script (`check_published`).
    """
    names = rendition_names(asset)
    if names is None:
        # Imported here: its XML parser pulls in urllib and ssl, which a release of photographs never needs.
        from presskit.source.published import check_published

        check_published(data, asset.media_type, asset.file)
        return []
    pillow_format, extension = RASTER_FORMATS[asset.media_type]
    key = hashlib.sha256(f"{RECIPE}|{pillow_version()}|".encode() + data).hexdigest()
    web = Rendition(names.web, "web", cache_dir / "renditions" / f"{key}.web{extension}", asset.media_type)
    thumb = Rendition(
        names.thumb, "thumb", cache_dir / "renditions" / f"{key}.thumb{extension}", asset.media_type
    )
    if not (web.path.is_file() and thumb.path.is_file()):
        pool_image_memory()
        image = decode(data, asset.file)
        icc = image.info.get("icc_profile")
        web_image = shrink(image, WEB_EDGE)
        write_atomic(web.path, encode(web_image, pillow_format, icc))
        # A JPEG decodes again at a fraction of its size in a few milliseconds: a cheaper
        # start for the thumbnail than scaling down the web copy.
        small = decode(data, asset.file, THUMB_EDGE) if pillow_format == "JPEG" else web_image
        write_atomic(thumb.path, encode(shrink(small, THUMB_EDGE), pillow_format, icc))
    return [web, thumb]


# Pillow's block allocator, set for renditions: image memory in blocks of 1 MiB, and up to 32
# freed blocks kept for the next image. Without a pool, every image of a newsroom build is
# fresh memory from the system, and faulting it in cost a fifth of a photo's renditions.
POOL_BLOCK_SIZE = 1 << 20
POOL_BLOCKS = 32
_pooled = False


def pool_image_memory() -> None:
    """Let Pillow reuse freed image memory (at most 32 MiB kept), unless the user has set its
    own allocator variables (PILLOW_BLOCK_SIZE, PILLOW_BLOCKS_MAX; see Pillow's "Block allocator")."""
    global _pooled
    if _pooled:
        return
    _pooled = True
    if "PILLOW_BLOCK_SIZE" in os.environ or "PILLOW_BLOCKS_MAX" in os.environ:
        return
    # The setters those variables call (PIL.Image.core is this module).
    from PIL import _imaging

    _imaging.set_block_size(POOL_BLOCK_SIZE)
    _imaging.set_blocks_max(POOL_BLOCKS)


def pillow_version() -> str:
    import PIL

    return str(PIL.__version__)


_PIXELS = re.compile(r"\((\d+) pixels\)")


def decode(data: bytes, display: str, edge: int = WEB_EDGE) -> Image:
    """The image decoded and upright, or AssetError saying why not.

    A JPEG may be decoded at a reduced scale, never below `edge` on its long side.
    """
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"({width * height} pixels)")
            if image.format == "JPEG":
                # Let libjpeg decode at a reduced scale: fast, and never more pixels than needed.
                # (Pillow keeps both sides at least as large as asked: ask for the long edge's box.)
                scale = min(1.0, edge / max(width, height))
                image.draft(image.mode, (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
            # In place: without orientation, a copy would be made, the whole image again.
            ImageOps.exif_transpose(image, in_place=True)
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        found = _PIXELS.search(str(err))
        size = f"{int(found.group(1)) / 1e6:.0f} megapixels" if found else "too many pixels"
        raise AssetError(
            f"{display} is too large to decode safely ({size}; the limit is {MAX_PIXELS / 1e6:.0f} "
            "megapixels, a guard against decompression bombs)"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise AssetError(f"{display} cannot be read as an image ({reason})") from None


def shrink(image: Image, edge: int) -> Image:
    """The image no larger than `edge` on its long side (never enlarged), in a mode the format
    can hold. The image is scaled in place when its mode can be kept, so pass one you no
    longer need as it is: a full-size photo is not copied just to be scaled."""
    from PIL import Image as PILImage

    if image.mode not in ("L", "LA", "RGB", "RGBA"):
        alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
    # Bicubic (Pillow's own default for thumbnails): against Lanczos it differs by 53 to 55 dB
    # PSNR on press photos, far below what JPEG encoding changes, and takes 22 ms, not 34 ms,
    # to bring a 2000-pixel photo to 1600.
    image.thumbnail((edge, edge), PILImage.Resampling.BICUBIC, reducing_gap=3.0)
    return image


def encode(image: Image, pillow_format: str, icc_profile: bytes | None) -> bytes:
    """The image as `pillow_format`, deterministically; the colour profile kept, other metadata dropped.

    Dropping EXIF keeps a photo's GPS position and camera serial out of the
    web copies; the original, with its IPTC credit, is published beside them.
    """
    options: dict[str, Any] = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if pillow_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        # Baseline rather than progressive: the same size, a third of the encoding time.
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif pillow_format == "PNG":
        options.update(optimize=False, compress_level=6)
    elif pillow_format == "WEBP":
        options.update(quality=JPEG_QUALITY, method=4)
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue()
