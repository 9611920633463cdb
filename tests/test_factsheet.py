"""The fact sheet (`<slug>.factsheet.pdf` and `.factsheet.html`): the release's figures on one page.

Each is read back as a reader's tool reads it: the PDF with pikepdf, pypdf and poppler (its
structure tree, text, fonts and pages), the page with lxml and in Chromium (axe-core, the
screen's width); in en-GB, fr and ar, and for every corpus release that has statistics.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest
from pypdf import PdfReader

import presskit.themes.derived as themed
import tests.test_pdf_tagging as tagging
from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import FORMATS, render
from presskit.renderers.factsheet import document_title
from presskit.themes.theme import Theme
from presskit.words.labels import label
from presskit.words.wording import format_statistic
from tests.conftest import EXAMPLE, ROOT
from tests.extract import positions, text_of_html, text_of_pdf
from tests.safety import NOW, leaks, newsroom_with_secret, run
from tests.test_browser import AXE, WCAG_TAGS

CORPUS = ROOT / "tests" / "corpus" / "world"
ARTIFACTS = ROOT / "tests" / "artifacts"
LOCALES = ("en-GB", "fr", "ar")
FORMATS_BUILT = "factsheet,factsheet-html"


@pytest.fixture(scope="module")
def editions(example_editions: dict[str, m.Release]) -> dict[str, m.Release]:
    return example_editions


@pytest.fixture(scope="module")
def pdfs(editions: dict[str, m.Release], theme: Theme) -> dict[str, bytes]:
    return {locale: render("factsheet", r, theme, r.locale) for locale, r in editions.items()}


@pytest.fixture(scope="module")
def pages(editions: dict[str, m.Release], theme: Theme) -> dict[str, bytes]:
    return {locale: render("factsheet-html", r, theme, r.locale) for locale, r in editions.items()}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def struct_text(data: bytes, tmp_path: Path) -> str:
    """The text in the structure tree's reading order, as a screen reader gets it (poppler)."""
    return squeezed(tagging.struct_text(data, tmp_path))


def figure_markers(release: m.Release) -> list[str]:
    """Each statistic's value and label, in the release's order."""
    return [
        part
        for stat in release.statistics.values()
        for part in (format_statistic(stat, release.locale), stat.label)
    ]


def in_order(text: str, markers: list[str]) -> bool:
    found = positions(text, markers)
    return all(p >= 0 for p in found) and found == sorted(found)


def elements(pdf: pikepdf.Pdf) -> list[tuple[str, Any]]:
    return [(tagging.role(e), e) for e in tagging.elements(pdf.Root.StructTreeRoot)]


# --------------------------------------------------------------------------
# The PDF


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_reads_the_head_then_every_figure_in_order(
    pdfs: dict[str, bytes], editions: dict[str, m.Release], theme: Theme, locale: str, tmp_path: Path
) -> None:
    release = editions[locale]
    text = struct_text(pdfs[locale], tmp_path)
    head = [themed.release_line(release, theme, locale), label("factsheet", locale), release.headline]
    sources = [label("sources", locale), *(s.name for s in release.sources), label("contacts", locale)]
    markers = [squeezed(x) for x in (*head, *figure_markers(release), *sources, release.contacts[0].name)]
    assert in_order(text, markers), list(zip(markers, positions(text, markers), strict=True))


@pytest.mark.parametrize("locale", ["en-GB", "fr"])
def test_pypdf_extracts_every_value_and_label_in_order(
    pdfs: dict[str, bytes], editions: dict[str, m.Release], locale: str
) -> None:
    text = text_of_pdf(pdfs[locale])
    markers = figure_markers(editions[locale])
    assert in_order(text, markers), list(zip(markers, positions(text, markers), strict=True))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_example_fits_on_one_page(pdfs: dict[str, bytes], locale: str) -> None:
    assert len(PdfReader(io.BytesIO(pdfs[locale])).pages) == 1


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_is_tagged_as_the_release_pdf_is(pdfs: dict[str, bytes], locale: str) -> None:
    """The release PDF's own checks (tests/test_pdf_tagging.py) on the fact sheet."""
    name = f"factsheet-{locale}"  # not an edition those checks count figures of
    made = {name: pdfs[locale]}
    tagging.test_poppler_reads_the_pdf_as_tagged(made, name)
    tagging.test_every_text_and_image_is_tagged_content_or_an_artifact(made, name)
    tagging.test_the_document_says_it_is_tagged_pdf_ua(made, name)
    tagging.test_headings_start_at_h1_and_never_skip_a_level(made, name)
    tagging.test_every_figure_has_alternate_text(made, name)
    tagging.test_every_link_is_tagged_and_described(made, name)
    tagging.test_every_font_maps_its_glyphs_to_unicode(made, name)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_figures_are_a_table_with_column_headers(
    pdfs: dict[str, bytes], editions: dict[str, m.Release], locale: str
) -> None:
    with pikepdf.open(io.BytesIO(pdfs[locale])) as pdf:
        found = elements(pdf)
        roles = [r for r, _ in found]
        assert roles[:6].count("Figure") == 1  # the logo, in the head
        assert roles.count("H1") == 1 and roles.count("Table") == 1
        (table,) = [e for r, e in found if r == "Table"]
        rows = list(table.K)
        assert len(rows) == len(editions[locale].statistics) + 1
        assert [tagging.role(c) for c in rows[0].K] == ["TH"] * 4
        assert all(str(c.A.Scope) == "/Column" for c in rows[0].K)
        assert all([tagging.role(c) for c in row.K] == ["TD"] * 4 for row in rows[1:])
        notes = [e for r, e in found if r == "Note"]  # the numbered sources
        assert len(notes) == len(editions[locale].sources)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_says_its_language_and_title(
    pdfs: dict[str, bytes], editions: dict[str, m.Release], locale: str
) -> None:
    title = document_title(editions[locale], locale)
    with pikepdf.open(io.BytesIO(pdfs[locale])) as pdf:
        assert str(pdf.Root.Lang) == locale
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == title
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S).group(1) == title  # type: ignore[union-attr]
    assert title.endswith(editions[locale].headline) and label("factsheet", locale) in title


@pytest.mark.parametrize("locale", LOCALES)
def test_every_font_is_embedded(pdfs: dict[str, bytes], locale: str) -> None:
    with pikepdf.open(io.BytesIO(pdfs[locale])) as pdf:
        fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont


def test_the_pdf_is_byte_identical_run_to_run(editions: dict[str, m.Release], theme: Theme) -> None:
    for release in editions.values():
        assert render("factsheet", release, theme, release.locale) == render(
            "factsheet", release, theme, release.locale
        )
        assert render("factsheet-html", release, theme, release.locale) == render(
            "factsheet-html", release, theme, release.locale
        )


def many_figures(release: m.Release, count: int) -> m.Release:
    """The release with `count` statistics, each told apart by its value and label."""
    stats = list(release.statistics.values())
    more = {
        f"figure-{n}": dataclasses.replace(
            stats[n % len(stats)], id=f"figure-{n}", value=Decimal(1000 + n), label=f"measure number {n}"
        )
        for n in range(count)
    }
    return dataclasses.replace(release, statistics=more)


def test_figures_beyond_a_page_run_on_to_the_next(
    editions: dict[str, m.Release], theme: Theme, tmp_path: Path
) -> None:
    release = many_figures(editions["en-GB"], 45)
    data = render("factsheet", release, theme, release.locale)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert label("more", "en-GB") in first and label("more", "en-GB") not in last
    assert f"Page 1 of {len(reader.pages)}" in first
    # Every figure once in the structure, in order; the header row once (repeated only as an Artifact).
    text = struct_text(data, tmp_path)
    assert in_order(text, [squeezed(x) for x in figure_markers(release)])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (table,) = [e for r, e in elements(pdf) if r == "Table"]
        assert len(list(table.K)) == 46
    assert text.count(squeezed(label("factsheet_measure", "en-GB"))) == 1
    # …while the page the table runs on to shows its header row again.
    assert label("factsheet_measure", "en-GB") in reader.pages[1].extract_text()
    tagging.test_every_text_and_image_is_tagged_content_or_an_artifact({"long": data}, "long")


# --------------------------------------------------------------------------
# The web page


def parsed(data: bytes) -> Any:
    return lxml.html.fromstring(data.decode("utf-8"))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_shows_every_figure_in_its_table(
    pages: dict[str, bytes], editions: dict[str, m.Release], theme: Theme, locale: str
) -> None:
    release, tree = editions[locale], parsed(pages[locale])
    html = tree.getroottree().getroot()
    assert html.get("lang") == locale and html.get("dir") == ("rtl" if locale == "ar" else "ltr")
    assert tree.findtext(".//title") == document_title(release, locale)
    assert tree.xpath("normalize-space(//h1)") == release.headline
    assert tree.xpath("normalize-space(//p[@class='release-type'])") == label("factsheet", locale)
    headers = [th.text_content().strip() for th in tree.xpath("//table/thead/tr/th[@scope='col']")]
    assert headers == [
        label(k, locale)
        for k in ("factsheet_value", "factsheet_measure", "factsheet_as_of", "factsheet_source")
    ]
    rows = tree.xpath("//table/tbody/tr")
    assert len(rows) == len(release.statistics)
    for row, stat in zip(rows, release.statistics.values(), strict=True):
        cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
        assert cells == [
            " ".join(format_statistic(stat, locale).split()),
            " ".join(stat.label.split()),
            stat.as_of or "–",
            f"[{stat.source.number}]",
        ]
        (link,) = row.xpath(".//a")
        assert tree.xpath(f"//li[@id='{link.get('href')[1:]}']/@value") == [str(stat.source.number)]
    text = text_of_html(pages[locale])
    assert in_order(
        text, [themed.release_line(release, theme, locale), release.headline, *figure_markers(release)]
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_stands_alone(pages: dict[str, bytes], locale: str) -> None:
    tree = parsed(pages[locale])
    assert tree.xpath("//img[@class='logo']/@src")[0].startswith("data:image/")
    assert not tree.xpath(
        "//link[@rel='stylesheet'] | //script[@src] | //img[not(starts-with(@src, 'data:'))]"
    )
    style = tree.xpath("string(//style)")
    assert "@media print" in style and "@media (max-width" in style
    assert "media@weprotectga.org" not in pages[locale].decode()  # hidden from harvesters, as on the page


def test_the_page_address_is_absolute_under_the_base_url(
    editions: dict[str, m.Release], theme: Theme
) -> None:
    release = dataclasses.replace(editions["fr"], base_url="https://news.example.org/")
    tree = parsed(render("factsheet-html", release, theme, "fr"))
    assert tree.xpath("//link[@rel='canonical']/@href") == [
        "https://news.example.org/gta-2025/fr/gta-2025.factsheet.html"
    ]


# --------------------------------------------------------------------------
# The embargo


def test_the_embargo_heads_both_while_it_holds(
    editions: dict[str, m.Release], theme: Theme, tmp_path: Path
) -> None:
    release = editions["en-GB"]
    assert release.embargo is not None
    line = themed.release_line(release, theme, "en-GB")
    assert line.startswith("EMBARGOED UNTIL")
    pdf_text = struct_text(render("factsheet", release, theme, "en-GB"), tmp_path)
    assert pdf_text.startswith('DocumentP(block)"' + squeezed(line))  # the first thing read
    page = parsed(render("factsheet-html", release, theme, "en-GB"))
    assert page.xpath("normalize-space(//p[@class='release-line'])") == line
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    lifted = dataclasses.replace(release, embargo=None)
    immediate = label("for_immediate_release", "en-GB")
    lifted_page = parsed(render("factsheet-html", lifted, theme, "en-GB"))
    assert lifted_page.xpath("normalize-space(//p[@class='release-line'])") == immediate
    assert not lifted_page.xpath("//meta[@name='robots']")
    assert squeezed(immediate) in struct_text(render("factsheet", lifted, theme, "en-GB"), tmp_path)


def test_a_public_build_writes_no_fact_sheet_of_an_embargoed_release(tmp_path: Path) -> None:
    newsroom, secret = newsroom_with_secret(tmp_path / "news", [])
    out = tmp_path / "dist"
    preview = run("build", str(newsroom), "-o", str(out), "--now", NOW, "-f", FORMATS_BUILT)
    assert preview.exit_code == 0, preview.output
    assert list(out.rglob(f"{secret.slug}.factsheet.pdf")) and list(
        out.rglob(f"{secret.slug}.factsheet.html")
    )
    public = run("build", str(newsroom), "-o", str(out), "--now", NOW, "-f", FORMATS_BUILT, "--public")
    assert public.exit_code == 3, public.output
    assert not list(out.rglob("*.factsheet.*"))
    assert leaks(out, secret) == []


# --------------------------------------------------------------------------
# Releases without statistics, and the corpus


def test_a_release_without_statistics_has_no_fact_sheet(tmp_path: Path) -> None:
    source = CORPUS / "minimal-optional"
    assert not load_release(source).statistics
    assert not FORMATS["factsheet"].applies_to(load_release(source))
    out = tmp_path / "dist"
    result = run(
        "build",
        str(source),
        str(EXAMPLE),
        "-o",
        str(out),
        "--now",
        NOW,
        "-f",
        "html," + FORMATS_BUILT,
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    by_slug = {r["slug"]: [f["format"] for f in r["files"]] for r in report["releases"]}
    assert set(by_slug["minimal-optional"]) == {"html", "index", "manifest", "readme"}
    assert {"factsheet", "factsheet-html"} <= set(by_slug["gta-2025"])
    assert not list((out / "minimal-optional").rglob("*factsheet*"))
    manifest = json.loads((out / "minimal-optional" / "manifest.json").read_text(encoding="utf-8"))
    assert "factsheet" not in json.dumps(manifest)


def corpus_with_statistics() -> list[Path]:
    found = [p for p in sorted(CORPUS.iterdir()) if (p / "release.yaml").is_file()]
    return [p for p in found if "\nstatistics:" in (p / "release.yaml").read_text(encoding="utf-8")]


def test_the_corpus_has_releases_of_both_kinds() -> None:
    assert len(corpus_with_statistics()) >= 15
    assert len(corpus_with_statistics()) < len([p for p in CORPUS.iterdir() if p.is_dir()])


@pytest.mark.parametrize("folder", corpus_with_statistics(), ids=lambda p: p.name)
def test_every_corpus_release_with_statistics_has_a_fact_sheet(
    folder: Path, theme: Theme, tmp_path: Path
) -> None:
    release = load_release(folder)
    assert FORMATS["factsheet"].applies_to(release)
    data = render("factsheet", release, theme, release.locale)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == release.locale
    values = [squeezed(format_statistic(s, release.locale)) for s in release.statistics.values()]
    assert in_order(struct_text(data, tmp_path), values)
    page = parsed(render("factsheet-html", release, theme, release.locale))
    shown = [" ".join(td.text_content().split()) for td in page.xpath("//tbody/tr/td[1]")]
    assert [squeezed(s) for s in shown] == values


# --------------------------------------------------------------------------
# What a reader sees: the page in Chromium, the PDF's page as an image


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_fits_every_screen_and_axe_finds_nothing(
    browser: Any, pages: dict[str, bytes], locale: str, tmp_path: Path
) -> None:
    path = tmp_path / f"gta-2025.factsheet.{locale}.html"
    path.write_bytes(pages[locale])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(path.as_uri())
        assert errors == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
        hrefs = page.eval_on_selector_all("a[href^='mailto:']", "links => links.map(a => a.href)")
        assert "mailto:media@weprotectga.org" in hrefs
        page.screenshot(path=str(ARTIFACTS / f"factsheet-{locale}-{width}.png"), full_page=True)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        assert [v["id"] for v in result["violations"]] == [], result["violations"]
        page.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_page_is_drawn_by_poppler(pdfs: dict[str, bytes], locale: str) -> None:
    """pdftoppm draws the page (tests/artifacts/factsheet-<locale>-1.png) without complaint."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / f"factsheet-{locale}"
    result = subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-", str(prefix)],
        input=pdfs[locale],
        capture_output=True,
        check=True,
    )
    assert result.stderr == b""
    assert Path(f"{prefix}-1.png").stat().st_size > 10_000
