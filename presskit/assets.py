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
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from presskit import model as m
from presskit.writer import write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image

MB = 1_000_000  # limits are in decimal megabytes, as file managers show sizes
WEB_EDGE = 1600  # px, long edge of the web rendition
THUMB_EDGE = 400  # px, long edge of the thumbnail
JPEG_QUALITY = 85
# Bump when the recipe changes so cached renditions are made anew.
RECIPE = f"presskit-renditions-3|web={WEB_EDGE}|thumb={THUMB_EDGE}|q={JPEG_QUALITY}"
# Beyond any press photo (~9000 x 6600); Pillow's own guard against decompression bombs is higher.
MAX_PIXELS = 60_000_000

# Rasters that get renditions: media type -> (Pillow format, file extension).
RASTER_FORMATS: dict[str, tuple[str, str]] = {
    "image/png": ("PNG", ".png"),
    "image/jpeg": ("JPEG", ".jpg"),
    "image/webp": ("WEBP", ".webp"),
}


@dataclass(frozen=True)
class Limits:
    """Size limits from `limits:` in presskit.yaml (decimal megabytes)."""

    asset_mb: float = 50.0  # any one asset file
    pack_mb: float = 500.0  # everything in one release pack (documents, assets, renditions)

    @property
    def asset_bytes(self) -> int:
        return int(self.asset_mb * MB)

    @property
    def pack_bytes(self) -> int:
        return int(self.pack_mb * MB)

    @classmethod
    def from_spec(cls, spec: Any) -> Limits:
        """From the newsroom's `limits:` (any object with asset_mb/pack_mb), or the defaults."""
        if spec is None:
            return cls()
        return cls(
            float(getattr(spec, "asset_mb", cls.asset_mb)), float(getattr(spec, "pack_mb", cls.pack_mb))
        )


DEFAULT_LIMITS = Limits()


class AssetError(Exception):
    """An asset that cannot be published; the message names the file."""


@dataclass(frozen=True)
class RenditionNames:
    """Where an image's renditions live inside `dist/<slug>/`."""

    web: str  # e.g. assets/cover.web.jpg
    thumb: str  # e.g. assets/cover.thumb.jpg


def rendition_names(asset: m.Asset) -> RenditionNames | None:
    """The renditions' published names, or None for SVG and documents (published as they are).

    Renderers may call this to link the thumbnail and the web copy: the names
    depend only on the asset's file name and type, never on its content.
    """
    if asset.kind != "image" or asset.media_type not in RASTER_FORMATS:
        return None
    published = PurePosixPath(asset.published_name)
    extension = RASTER_FORMATS[asset.media_type][1]
    return RenditionNames(
        str(published.with_name(f"{published.stem}.web{extension}")),
        str(published.with_name(f"{published.stem}.thumb{extension}")),
    )


@dataclass(frozen=True)
class Rendition:
    name: str  # published name, e.g. assets/cover.web.jpg
    kind: str  # "web" or "thumb"
    path: Path  # the cached file
    media_type: str


def check_size(path: Path, display: str, limits: Limits) -> int:
    """The file's size; AssetError when it is over the per-file limit."""
    size = path.stat().st_size
    if size > limits.asset_bytes:
        raise AssetError(
            f"{display} is {size / MB:.1f} MB, over the limit of {limits.asset_mb:g} MB per file"
        )
    return size


def renditions(asset: m.Asset, data: bytes, cache_dir: Path) -> list[Rendition]:
    """The web copy and thumbnail of a raster image, made now or taken from the cache.

    `data` is the original's content. An image that cannot be decoded safely
    (truncated, not an image, a decompression bomb) raises AssetError.
    """
    names = rendition_names(asset)
    if names is None:
        if asset.media_type == "image/svg+xml":
            check_svg(data, asset.file)
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


_SVG_ACTIVE = ("script", "foreignObject", "iframe", "embed", "object")


def check_svg(data: bytes, display: str) -> None:
    """An SVG is published as is, so it must be well-formed and carry no script (it would run on the site)."""
    from xml.etree.ElementTree import ParseError, fromstring

    if re.search(rb"<!ENTITY", data, re.IGNORECASE):  # entity expansion bombs, external entities
        raise AssetError(f"{display} declares XML entities; export the SVG without them")
    try:
        root = fromstring(data)
    except (ParseError, ValueError) as err:
        raise AssetError(f"{display} is not a well-formed SVG file ({err})") from None
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag in _SVG_ACTIVE:
            raise AssetError(f"{display} contains <{tag}>, which could run code where the SVG is published")
        for name, value in element.attrib.items():
            attribute = name.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on") or value.strip().lower().startswith("javascript:"):
                raise AssetError(
                    f"{display} has the attribute {attribute}, which could run code where the SVG is published"
                )
