"""Releases `presskit check` accepts build in every format, however odd their pictures, zones or fonts.

Each case once ended in exit 70 (an internal error): a thin, tall picture or logo the PDF could
not place, a release line of scores of zones taller than a page, a CMYK JPEG logo python-docx
could not read, a theme's family without bold or italic faces. Each is built through the CLI
and every document read back.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zoneinfo
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from presskit.cli import cli
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.renderers.pdf.faces import FACES, face_name
from presskit.renderers.pdf.pages import frame_size
from presskit.renderers.pdf.pictures import MIN_PICTURE_SIDE, fitted_size
from presskit.renderers.pdf.story import LOGO_HEIGHT_SHARE, THUMBNAIL_MAX_ASPECT, THUMBNAIL_WIDTH
from presskit.themes.font_files import find_font
from presskit.themes.theme import load_theme
from presskit.words import issuing
from tests.conftest import EXAMPLE
from tests.newsroom_factory import Spec, make_newsroom
from tests.test_build_assets import release_with

NOW = "2025-12-10T18:00:00+00:00"  # before the embargo below: the documents say EMBARGOED
EMBARGO = "2025-12-11T00:01:00+00:00"
MM = 72 / 25.4  # points
LOGO_WIDTH_MM = load_theme("default").spec.logo_width_mm
# What Picture.draw writes for each picture: its size as a scale, then the image's form.
DRAWN_PICTURE = re.compile(rb"([\d.]+) 0 0 ([\d.]+) 0 0 cm\s*/(FormXob\.[0-9a-f]+) Do")


@dataclasses.dataclass(frozen=True)
class Built:
    pdf: PdfReader
    docx: Any  # python-docx's Document
    html: lxml.html.HtmlElement
    txt: str


def build(source: Path, out: Path, *options: str) -> Built:
    """`presskit build source`, which must succeed, and its documents for release `rel`, opened."""
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out), "--now", NOW, *options])
    assert result.exit_code == 0, result.output + result.stderr
    folder = out / "rel" / "en-GB"
    documents = Built(
        PdfReader(folder / "rel.pdf"),
        docx.Document(str(folder / "rel.docx")),
        lxml.html.fromstring((folder / "rel.html").read_bytes()),
        (folder / "rel.txt").read_text(encoding="utf-8"),
    )
    assert len(documents.pdf.pages) > 0
    assert documents.docx.paragraphs
    assert documents.html.xpath("//h1")
    assert documents.txt.strip()
    return documents


def newsroom(tmp_path: Path) -> Path:
    """The example newsroom with one embargoed release, `rel`."""
    return make_newsroom(tmp_path / "releases", [Spec("rel", "2025-12-11", embargo=EMBARGO)])


def png(width: int, height: int, colour: str = "#336699") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def cmyk_jpeg(width: int, height: int) -> bytes:
    """A JPEG as Adobe software writes them: CMYK, an Adobe marker and no JFIF header."""
    out = io.BytesIO()
    Image.new("CMYK", (width, height), (255, 0, 0, 0)).save(out, "JPEG")
    data = out.getvalue()
    assert b"JFIF" not in data[:64] and b"Adobe" in data[:64]
    return data


def drawn_pictures(reader: PdfReader) -> list[tuple[float, float]]:
    """Width and height in points of every picture drawn on the PDF's pages."""
    sizes = []
    for page in reader.pages:
        for width, height, _ in DRAWN_PICTURE.findall(page.get_contents().get_data()):
            sizes.append((float(width), float(height)))
    return sizes


def assert_pictures_fit(reader: PdfReader, count: int) -> None:
    """`count` pictures are drawn, none of them empty, each within the page's text frame."""
    sizes = drawn_pictures(reader)
    frame_width, frame_height = frame_size(load_theme("default"))
    assert len(sizes) == count, sizes
    for width, height in sizes:
        assert 0 < width <= frame_width and 0 < height <= frame_height, (width, height)


# -- pictures -------------------------------------------------------------------------------


def test_thin_tall_assets_are_set_within_the_page(tmp_path: Path) -> None:
    folder = release_with(
        tmp_path,
        {"assets/strip.png": png(50, 1600), "assets/column.png": png(100, 5000)},
        "  - {file: assets/strip.png, caption: A strip, alt: A strip}\n"
        "  - {file: assets/column.png, caption: A column, alt: A column}\n",
    )
    built = build(folder, tmp_path / "out")
    assert_pictures_fit(built.pdf, 4)  # the logo, the first asset as the lead photo, both assets
    lead, *thumbnails = [size for size in drawn_pictures(built.pdf) if size[1] > size[0]]
    assert lead[1] <= frame_size(load_theme("default"))[1] * 0.3 + 0.01, "the lead photo in its share"
    assert len(thumbnails) == 2
    assert max(height for _, height in thumbnails) <= THUMBNAIL_MAX_ASPECT * THUMBNAIL_WIDTH + 0.01
    ratios = sorted(round(height / width) for width, height in thumbnails)
    assert ratios == [32, 50], "each keeps its aspect"


@pytest.mark.parametrize("pixels", [(2, 20000), (20000, 2)], ids=["tall", "wide"])
@pytest.mark.parametrize("position", ["right", "left", "center"])
def test_a_logo_of_any_shape_fits_the_masthead(
    tmp_path: Path, pixels: tuple[int, int], position: str
) -> None:
    root = newsroom(tmp_path)
    (root / "assets" / "weprotect-logo.png").write_bytes(png(*pixels))
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.yaml").write_text(f"extends: default\nlogo: {position}\n", encoding="utf-8")
    built = build(root / "rel", tmp_path / "out", "--theme", str(theme))
    assert_pictures_fit(built.pdf, 3)  # the logo and the example's cover, as lead photo and asset
    logo_width, logo_height = drawn_pictures(built.pdf)[0]
    _, frame_height = frame_size(load_theme("default"))
    assert logo_height <= frame_height * LOGO_HEIGHT_SHARE + 0.01
    assert logo_width <= LOGO_WIDTH_MM * MM + 0.01
    assert logo_width / logo_height == pytest.approx(pixels[0] / pixels[1], rel=0.05)
    shape, _lead_photo = built.docx.inline_shapes
    text_height_mm = 297 - 22 - 22  # A4 and the default theme's margins
    assert 0 < shape.width <= docx.shared.Mm(LOGO_WIDTH_MM)
    assert 0 < shape.height <= docx.shared.Mm(text_height_mm * 0.25)


def test_a_cmyk_jpeg_logo_and_asset_reach_every_document(tmp_path: Path) -> None:
    folder = release_with(
        tmp_path,
        {"assets/print.jpg": cmyk_jpeg(300, 200)},
        "  - {file: assets/print.jpg, caption: C, alt: C}\n",
    )
    root = folder.parent
    (root / "assets" / "weprotect-logo.png").unlink()
    (root / "assets" / "logo.jpg").write_bytes(cmyk_jpeg(200, 100))
    config = root / "presskit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("weprotect-logo.png", "logo.jpg"), encoding="utf-8"
    )
    built = build(folder, tmp_path / "out")
    assert_pictures_fit(built.pdf, 3)  # the logo; the asset as lead photo and in the list
    modes = {image.image.mode for page in built.pdf.pages for image in page.images}
    assert "CMYK" in modes, "the logo goes into the PDF as it is"
    shape, _lead_photo = built.docx.inline_shapes
    assert shape.width == docx.shared.Mm(LOGO_WIDTH_MM) and shape.height == docx.shared.Mm(LOGO_WIDTH_MM / 2)
    media = [p for p in built.docx.part.package.parts if p.partname.startswith("/word/media/")]
    assert len(media) == 2  # the logo and the lead photo
    for part in media:
        with Image.open(io.BytesIO(part.blob)) as picture:
            assert picture.format == "JPEG" and picture.mode == "RGB"
            assert picture.getpixel((100, 50)) == pytest.approx((0, 255, 255), abs=8), "cyan stays cyan"


@pytest.mark.parametrize(
    ("pixels", "box"),
    [
        ((2, 20000), (100.0, 50.0)),
        ((20000, 2), (100.0, 50.0)),
        ((1, 60_000_000), (10.0, 10.0)),
        ((3, 4), (1.0, 1e9)),
    ],
)
def test_a_picture_fills_its_box_keeping_its_aspect_and_is_never_empty(
    pixels: tuple[int, int], box: tuple[float, float]
) -> None:
    width, height = fitted_size(box, *pixels)
    assert MIN_PICTURE_SIDE <= width <= box[0] and MIN_PICTURE_SIDE <= height <= box[1]
    assert width == pytest.approx(box[0]) or height == pytest.approx(box[1])
    if min(width, height) > MIN_PICTURE_SIDE:
        assert width / height == pytest.approx(pixels[0] / pixels[1])


# -- embargo zones ----------------------------------------------------------------------------


def many_zones(count: int) -> tuple[str, ...]:
    return tuple(sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone)[:count])


def test_a_release_line_in_scores_of_zones_is_never_an_internal_error(tmp_path: Path) -> None:
    """Validation may refuse so many zones; if it lets them through, every document is made."""
    root = newsroom(tmp_path)
    release = root / "rel" / "release.yaml"
    zones = ", ".join(many_zones(80))
    release.write_text(
        re.sub(r"(?m)^embargo_zones: .*$", f"embargo_zones: [{zones}]", release.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    args = ["build", str(root / "rel"), "-o", str(tmp_path / "out"), "--now", NOW]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output + result.stderr
    if result.exit_code == 1:
        assert "embargo_zones" in result.stderr
    else:
        assert len(PdfReader(tmp_path / "out" / "rel" / "en-GB" / "rel.pdf").pages) > 0


@pytest.mark.parametrize("logo", ["right", "left", "center"])
def test_every_format_states_an_embargo_in_hundreds_of_zones(tmp_path: Path, logo: str) -> None:
    """The renderers cope with what they are given, whatever validation's limit: the masthead
    runs on across pages; the running head, which the top margin cannot hold, states the
    embargo in its own zone only."""
    release = load_release(EXAMPLE)
    assert release.embargo is not None
    embargo = dataclasses.replace(release.embargo, also_in=many_zones(500))
    release = dataclasses.replace(release, embargo=embargo)
    theme_folder = tmp_path / "theme"
    theme_folder.mkdir()
    (theme_folder / "theme.yaml").write_text(f"extends: default\nlogo: {logo}\n", encoding="utf-8")
    theme = load_theme(str(theme_folder))
    full = issuing.release_line(release, release.locale)
    short = issuing.release_line(
        dataclasses.replace(release, embargo=dataclasses.replace(embargo, also_in=())), release.locale
    )
    reader = PdfReader(io.BytesIO(render("pdf", release, theme, release.locale)))
    assert len(reader.pages) > 3
    for page in reader.pages:
        assert page.extract_text().splitlines()[0] == short
    document = docx.Document(io.BytesIO(render("docx", release, theme, release.locale)))
    assert full in [paragraph.text for paragraph in document.paragraphs]
    page = lxml.html.fromstring(render("html", release, theme, release.locale))
    assert " ".join(full.split()) in " ".join(page.text_content().split())
    assert render("txt", release, theme, release.locale)


def test_the_running_head_is_one_line_the_embargo_in_its_own_zone_where_all_three_do_not_fit(
    tmp_path: Path,
) -> None:
    built = build(newsroom(tmp_path) / "rel", tmp_path / "out")
    for page in built.pdf.pages:
        lines = page.extract_text().splitlines()
        assert lines[0] == "EMBARGOED UNTIL 00:01 UTC, Thursday 11 December 2025", lines[:2]
        assert not lines[1].startswith("2025 = "), "no second line of the head"
    # (tests/test_page_flow.py: the whole line is kept where it fits on one.)


# -- fonts ------------------------------------------------------------------------------------

FAMILIES_LACKING_FACES = ["Noto Sans Arabic", "WenQuanYi Zen Hei Sharp", "Noto Sans Symbols2"]


@pytest.mark.parametrize("family", FAMILIES_LACKING_FACES)
def test_a_family_without_bold_or_italic_sets_every_style_in_the_faces_it_has(
    tmp_path: Path, family: str
) -> None:
    files = find_font(family)
    assert files is not None, (
        f"{family} is not installed (make test installs fonts-noto-core, fonts-wqy-zenhei)"
    )
    assert len({files.regular, files.bold, files.italic, files.bold_italic}) < 4, "a family lacking a face"
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.yaml").write_text(
        f'extends: default\nfonts:\n  body: "{family}"\n  heading: "{family}"\n', encoding="utf-8"
    )
    built = build(newsroom(tmp_path) / "rel", tmp_path / "out", "--theme", str(theme))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in built.pdf.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    postscript = pdfmetrics.getFont(face_name(files, "regular")).face.name.decode()
    assert any(postscript in name for name in fonts), fonts
    assert "Release rel of 2025-12-11" in built.pdf.pages[0].extract_text()
    assert f'w:ascii="{family}"' in built.docx.styles.element.xml
    assert family in lxml.html.tostring(built.html, encoding="unicode")


@pytest.mark.parametrize("family", FAMILIES_LACKING_FACES)
def test_every_face_has_its_own_name_and_a_missing_face_is_its_stand_in(family: str) -> None:
    files = find_font(family)
    assert files is not None, (
        f"{family} is not installed (make test installs fonts-noto-core, fonts-wqy-zenhei)"
    )
    names = {face: face_name(files, face) for face in FACES}
    assert len(set(names.values())) == 4, "one name per face, so <b> and <i> map back to one face each"
    for face, path in (("bold", files.bold), ("italic", files.italic), ("bold_italic", files.bold_italic)):
        font = pdfmetrics.getFont(names[face])
        assert font.path == str(path)
        if path == files.regular:
            assert font is pdfmetrics.getFont(names["regular"]), "its file is read once"
