"""What presskit knows of an asset file before publishing it: size limits and
the names of its renditions.

The names of an image's web copy and thumbnail depend only on its file name
and type, never on its content, so renderers may link them before they exist
(presskit.publish.assets makes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from presskit import model as m

MB = 1_000_000  # limits are in decimal megabytes, as file managers show sizes

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


def reason(err: BaseException) -> str:
    """What a parser said went wrong, on one line, for an AssetError."""
    return " ".join(str(err).split()) or type(err).__name__


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


def check_size(path: Path, display: str, limits: Limits) -> int:
    """The file's size; AssetError when it is over the per-file limit."""
    size = path.stat().st_size
    if size > limits.asset_bytes:
        raise AssetError(
            f"{display} is {size / MB:.1f} MB, over the limit of {limits.asset_mb:g} MB per file"
        )
    return size


def problems_together(
    assets: tuple[m.Asset, ...], positions: list[int], limits: Limits
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(where, message, hint) for what only a release's assets together can break: one
    published name for two files, a pack too big; `positions` is each one's place in the list."""
    found: list[tuple[tuple[str | int, ...], str, str]] = [
        (("assets", positions[index], "file"), message, "rename the one whose name ends in .web or .thumb")
        for index, message in name_clashes(assets)
    ]
    too_big = over_pack_limit(assets, limits)
    if too_big:
        found.append((("assets",), too_big, "publish fewer or smaller files, or raise limits.pack_mb"))
    return found


def name_clashes(assets: tuple[m.Asset, ...]) -> list[tuple[int, str]]:
    """(index, message) for each asset published under a name another asset's rendition takes
    (cover.web.png beside cover.png): the build would write both to one file."""
    renditions: dict[str, int] = {}
    for index, asset in enumerate(assets):
        names = rendition_names(asset)
        if names is not None:
            renditions.update({names.web: index, names.thumb: index})
    return [
        (
            index,
            f"two published files would be called {asset.published_name} "
            "(an asset and another asset's rendition)",
        )
        for index, asset in enumerate(assets)
        if renditions.get(asset.published_name, index) != index
    ]


def over_pack_limit(assets: tuple[m.Asset, ...], limits: Limits) -> str | None:
    """Why the assets alone cannot fit in one release pack, or None (the documents and the
    renditions only add to them; the build checks the whole pack once it is made)."""
    total = 0
    for asset in assets:
        try:
            total += asset.path.stat().st_size
        except OSError:
            return None  # the asset's own check says what is wrong
    if total <= limits.pack_bytes:
        return None
    return f"the assets alone are {total / MB:.1f} MB, over the release pack limit of {limits.pack_mb:g} MB"
