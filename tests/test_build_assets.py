"""Assets in a build: web renditions and thumbnails, their cache, size limits and unsafe files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from presskit import model as m
from presskit.cli import cli
from presskit.publish import assets
from presskit.publish.build import build
from presskit.publish.outcome import BuildOptions
from presskit.source.assets import AssetError, Limits, RenditionNames, rendition_names
from tests.conftest import EXAMPLE
from tests.newsroom_factory import Spec, make_newsroom

NOW = dt.datetime(2025, 12, 10, 18, 0, tzinfo=dt.UTC)
COVER = "assets/gta-2025-cover.png"


def release_with(tmp_path: Path, files: dict[str, bytes], entries: str) -> Path:
    """The example release with its assets replaced by `files`, listed by the YAML `entries`."""
    folder = make_newsroom(tmp_path / "releases", [Spec("rel", "2025-12-11")]) / "rel"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    text = (folder / "release.yaml").read_text(encoding="utf-8")
    start = text.index("\nassets:\n")
    end = text.find("\n\n", start + 1)
    (folder / "release.yaml").write_text(
        text[:start] + "\nassets:\n" + entries + (text[end:] if end != -1 else "\n"), encoding="utf-8"
    )
    return folder


def jpeg(width: int, height: int, *, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), "#336699")
    image.paste((200, 40, 40), (0, 0, width // 2, height // 4))  # a mark to see rotation by
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x010F] = "CameraMaker"  # metadata that must not reach the web copies
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def bomb_png() -> bytes:
    """A PNG whose header claims 100,000 x 100,000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def an_asset(path: Path, media_type: str) -> m.Asset:
    return m.Asset(path, f"assets/{path.name}", "image", media_type, alt="x")


def test_a_build_publishes_the_original_a_web_copy_and_a_thumbnail(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "gta-2025" / "assets"
    assert (folder / "gta-2025-cover.png").read_bytes() == (EXAMPLE / COVER).read_bytes()
    with (
        Image.open(folder / "gta-2025-cover.web.png") as web,
        Image.open(folder / "gta-2025-cover.thumb.png") as thumb,
    ):
        assert web.format == thumb.format == "PNG"
        assert web.size == (1200, 1600)  # already within 1600 px: never enlarged
        assert thumb.size == (300, 400)


def test_a_large_photo_is_scaled_turned_upright_and_stripped_of_metadata(tmp_path: Path) -> None:
    folder = release_with(
        tmp_path,
        {"assets/photo.jpeg": jpeg(3000, 2000, orientation=6)},
        "  - {file: assets/photo.jpeg, caption: A photo, alt: A photo}\n",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.stderr
    published = out / "rel" / "assets"
    with Image.open(published / "photo.web.jpg") as web:
        assert web.size == (1067, 1600)  # turned upright (EXIF orientation 6), long edge 1600
        assert not web.getexif(), "no camera metadata in the web copy"
        assert web.getpixel((web.width - 10, 10))[0] > 150, "the mark moved with the rotation"
    with Image.open(published / "photo.thumb.jpg") as thumb:
        assert max(thumb.size) == 400
    assert (published / "photo.jpeg").read_bytes() == (folder / "assets" / "photo.jpeg").read_bytes()


def test_rendition_names_follow_the_file_name_and_type_only() -> None:
    names = rendition_names(an_asset(Path("/x/Cover Photo.jpeg"), "image/jpeg"))
    assert names == RenditionNames("assets/Cover Photo.web.jpg", "assets/Cover Photo.thumb.jpg")
    webp = rendition_names(an_asset(Path("/x/c.webp"), "image/webp"))
    assert webp is not None and webp.thumb == "assets/c.thumb.webp"
    assert rendition_names(an_asset(Path("/x/logo.svg"), "image/svg+xml")) is None
    document = m.Asset(Path("/x/r.pdf"), "assets/r.pdf", "document", "application/pdf")
    assert rendition_names(document) is None


def test_renditions_are_made_once_and_then_taken_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    options = BuildOptions(now=NOW, out_dir=tmp_path / "dist", formats=("txt",), rendition_cache=cache)
    assert build([EXAMPLE], options).exit_code == 0
    cached = sorted((cache / "renditions").iterdir())
    assert [p.name.split(".", 1)[1] for p in cached] == ["thumb.png", "web.png"]

    def no_decoding(data: bytes, display: str) -> None:
        raise AssertionError("decoded again instead of using the cache")

    monkeypatch.setattr(assets, "decode", no_decoding)
    forced = build([EXAMPLE], dataclasses.replace(options, force=True))
    assert forced.exit_code == 0 and forced.outcomes[0].status == "built"
    assert sorted((cache / "renditions").iterdir()) == cached


def test_an_svg_is_published_as_it_is(tmp_path: Path) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    folder = release_with(tmp_path, {"assets/logo.svg": svg}, "  - {file: assets/logo.svg, alt: Logo}\n")
    result = CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(tmp_path / "o"), "--now", NOW.isoformat()]
    )
    assert result.exit_code == 0, result.stderr
    published = sorted(p.name for p in (tmp_path / "o" / "rel" / "assets").iterdir())
    assert published == ["logo.svg"]
    assert (tmp_path / "o" / "rel" / "assets" / "logo.svg").read_bytes() == svg


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "contains <script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "has the attribute onload"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>',
            "has the attribute href",
        ),
        (b'<!DOCTYPE s [<!ENTITY a "aaaa">]><svg>&a;</svg>', "declares XML entities"),
        (b"<svg><unclosed></svg>", "is not a well-formed SVG file"),
    ],
)
def test_an_svg_that_could_run_code_is_refused(tmp_path: Path, svg: bytes, message: str) -> None:
    folder = release_with(tmp_path, {"assets/logo.svg": svg}, "  - {file: assets/logo.svg, alt: Logo}\n")
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "--now", NOW.isoformat()])
    assert result.exit_code == 1
    assert f"release.yaml:{line_of(folder, 'assets/logo.svg')}:" in result.stderr
    assert f"assets[0].file: assets/logo.svg {message}" in result.stderr
    assert not (out / "rel").exists()


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "release.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_an_asset_over_the_size_limit_is_refused_naming_the_file(tmp_path: Path) -> None:
    folder = release_with(tmp_path, {}, "  - {file: assets/report.pdf, title: The report}\n")
    with (folder / "assets" / "report.pdf").open("wb") as handle:  # sparse: 51 MB on paper only
        handle.write(b"%PDF-1.4\n")
        handle.truncate(51_000_000)
    out = tmp_path / "o"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(out), "--json", "--now", NOW.isoformat()]
    )
    assert result.exit_code == 1
    (error,) = json.loads(result.stdout)["releases"][0]["errors"]
    assert error["message"] == "assets/report.pdf is 51.0 MB, over the limit of 50 MB per file"
    assert error["field"] == "assets[0].file" and error["line"] == line_of(folder, "assets/report.pdf")
    assert not (out / "rel").exists()


def test_the_limits_of_the_newsroom_apply_to_files_and_to_the_pack(tmp_path: Path) -> None:
    small = build([EXAMPLE], BuildOptions(now=NOW, out_dir=tmp_path, limits=Limits(asset_mb=0.01)))
    assert small.outcomes[0].status == "invalid"
    assert small.outcomes[0].problems[0].message == (
        "assets/gta-2025-cover.png is 0.1 MB, over the limit of 0.01 MB per file"
    )
    whole = build([EXAMPLE], BuildOptions(now=NOW, out_dir=tmp_path, limits=Limits(pack_mb=0.2)))
    (problem,) = whole.outcomes[0].problems
    assert (
        problem.message.startswith("the release pack would be ")
        and "over the limit of 0.2 MB" in problem.message
    )
    assert not (tmp_path / "gta-2025").exists()


def test_a_decompression_bomb_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match=r"^bomb.png is too large to decode safely \(10000 megapixels"):
        assets.decode(bomb_png(), "bomb.png")
    folder = release_with(tmp_path, {"assets/bomb.png": bomb_png()}, "  - {file: assets/bomb.png, alt: B}\n")
    result = CliRunner().invoke(
        cli, ["pack", str(folder), "--dist", str(tmp_path / "d"), "--now", NOW.isoformat()]
    )
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "bomb.png is too large to decode" in result.stderr
    assert not list((tmp_path / "d").glob("*.zip"))


def test_a_truncated_image_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    cut = (EXAMPLE / COVER).read_bytes()[:2000]
    with pytest.raises(AssetError, match=r"^cut.png cannot be read as an image \(.*truncated"):
        assets.decode(cut, "cut.png")
    folder = release_with(tmp_path, {"assets/cut.png": cut}, "  - {file: assets/cut.png, alt: Cut}\n")
    result = CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(tmp_path / "o"), "--now", NOW.isoformat()]
    )
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "cut.png" in result.stderr and "assets[0].file" in result.stderr


def test_an_asset_named_like_another_assets_rendition_is_refused(tmp_path: Path) -> None:
    cover = (EXAMPLE / COVER).read_bytes()
    folder = release_with(
        tmp_path,
        {"assets/c.png": cover, "assets/c.web.png": cover},
        "  - {file: assets/c.png, alt: C}\n  - {file: assets/c.web.png, alt: C}\n",
    )
    report = build([folder], BuildOptions(now=NOW, out_dir=tmp_path / "o"))
    (problem,) = report.outcomes[0].problems
    assert problem.message.startswith("two published files would be called assets/c.web.png")


@pytest.fixture
def pillow_allocator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Pillow's allocator settings, restored after the test; presskit's pool not yet set."""
    from PIL import Image

    size, blocks = Image.core.get_block_size(), Image.core.get_blocks_max()
    monkeypatch.setattr(assets, "_pooled", False)
    monkeypatch.delenv("PILLOW_BLOCK_SIZE", raising=False)
    monkeypatch.delenv("PILLOW_BLOCKS_MAX", raising=False)
    yield Image.core
    Image.core.set_blocks_max(blocks)
    Image.core.set_block_size(size)


def test_renditions_reuse_image_memory_through_pillows_pool(pillow_allocator: Any) -> None:
    pillow_allocator.set_blocks_max(0)
    assets.pool_image_memory()
    assert pillow_allocator.get_block_size() == assets.POOL_BLOCK_SIZE == 1 << 20
    assert pillow_allocator.get_blocks_max() == assets.POOL_BLOCKS == 32


def test_a_user_s_own_pillow_allocator_settings_are_left_alone(
    pillow_allocator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pillow_allocator.set_blocks_max(0)
    pillow_allocator.set_block_size(4 << 20)
    monkeypatch.setenv("PILLOW_BLOCKS_MAX", "4")
    assets.pool_image_memory()
    assert (pillow_allocator.get_block_size(), pillow_allocator.get_blocks_max()) == (4 << 20, 0)


def translucent_png(size: int) -> bytes:
    """A badge with a soft edge: alpha that only a soft mask can carry."""
    image = Image.new("RGBA", (size, size), (20, 90, 160, 0))
    for ring in range(size // 2):
        alpha = min(255, ring * 4)
        image.paste((20, 90, 160, alpha), (ring, ring, size - ring, size - ring))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_images(data: bytes) -> list[Any]:
    """Every image object the PDF's pages draw."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
    return found


def test_a_pdf_does_not_depend_on_the_output_folder_and_keeps_a_picture_s_alpha(tmp_path: Path) -> None:
    from presskit.renderers.pdf.pictures import prepared_image

    folder = release_with(
        tmp_path,
        {"assets/photo.jpeg": jpeg(1200, 800), "assets/badge.png": translucent_png(300)},
        "  - {file: assets/photo.jpeg, caption: A photo, alt: A photo}\n"
        "  - {file: assets/badge.png, caption: A badge, alt: A badge}\n",
    )
    made = []
    for out in (tmp_path / "a", tmp_path / "b" / "deeper" / "out"):
        prepared_image.cache_clear()  # as a fresh process would start
        result = CliRunner().invoke(
            cli, ["build", str(folder), "-o", str(out), "-f", "pdf", "--now", NOW.isoformat()]
        )
        assert result.exit_code == 0, result.stderr
        made.append(next((out / "rel").rglob("*.pdf")).read_bytes())
    assert made[0] == made[1], "image objects are named for their content, not for where the file lay"
    images = {(int(x["/Width"]), int(x["/Height"])): x for x in pdf_images(made[0])}
    photo, badge = images[(400, 267)], images[(300, 300)]
    assert photo["/Filter"] == ["/DCTDecode"], "a JPEG goes into the PDF as it is"
    assert photo.get_data() == (tmp_path / "a" / "rel" / "assets" / "photo.thumb.jpg").read_bytes()
    mask = badge["/SMask"].get_object()
    assert (int(mask["/Width"]), int(mask["/Height"]), mask["/ColorSpace"]) == (300, 300, "/DeviceGray")
    alpha = mask.get_data()
    assert alpha[0] == 0 and alpha[150 * 300 + 150] == 255, "transparent corner, opaque centre"
