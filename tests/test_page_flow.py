"""How the PDF's text runs over pages, read back page by page with pypdf: no heading left at a
page foot, no "– more –" once the end mark is set, the end mark never alone atop a page, and a
running head of one line.

Releases of the corpus are padded with paragraphs until their headings fall at a page foot:
between them, the paddings tried put every section heading there (78 strandings in 27 releases
before headings were kept with what follows them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import docx as docx_renderer
from presskit.renderers import html as html_renderer
from presskit.renderers import pdf
from presskit.renderers.pdf.pictures import Picture
from presskit.themes.theme import Theme, load_theme
from presskit.words import issuing, wording
from presskit.words.labels import label

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
# Releases whose contacts heading fell at a page foot with these paddings, and more after the end mark.
PADDED = {
    "product-recall": range(9, 15),  # no end mark: the text ends where it would be
    "nl-gemeente": range(10, 14),
    "he-original": range(1, 40, 3),
    "us-wire": range(1, 40, 3),
    "rns-results": range(1, 24, 2),
}


def padded(release: m.Release, count: int) -> m.Release:
    filler = tuple(
        m.Paragraph((m.Text(f"Padding paragraph {n}, a line of text that runs on."),)) for n in range(count)
    )
    return dataclasses.replace(release, body=release.body + filler)


def pages_of(release: m.Release, theme: Theme) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(pdf.render(release, theme, release.locale)))
    return [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages
    ]


def section_headings(release: m.Release) -> set[str]:
    locale = release.locale
    headings = {label(key, locale) for key in ("contacts", "notes_to_editors", "sources", "assets", "events")}
    headings.add(wording.about_title(release.organisation, locale))
    headings.update(
        wording.plain_inlines(block.children, release, locale)
        for block in release.body
        if isinstance(block, m.Heading)
    )
    return headings


@pytest.mark.parametrize("slug", sorted(PADDED))
def test_headings_end_marks_and_more_fall_where_a_reader_follows(slug: str) -> None:
    release = load_release(CORPUS / slug)
    theme = load_theme(release.theme or "default")
    headings, more, end = section_headings(release), label("more", release.locale), release.end_mark
    seen_pages = 0
    for count in PADDED[slug]:
        pages = pages_of(padded(release, count), theme)
        seen_pages = max(seen_pages, len(pages))
        last_words = f"Padding paragraph {count - 1},"  # the end of the text, before the end mark
        end_page = next(n for n, lines in enumerate(pages) if any(last_words in line for line in lines))
        for number, lines in enumerate(pages):
            text = [line for line in lines if line != more][:-1]  # the page number last
            where = f"{slug} padded by {count}, page {number + 1}"
            if number < len(pages) - 1:
                assert text[-1] not in headings, f"{where} ends with the heading {text[-1]!r}"
            assert (more in lines) == (number < end_page), (
                f"{where}: – more – where the end mark is on page {end_page + 1}"
            )
            if number and end:
                assert text[1] != end, f"{where} starts with the end mark alone"  # after the running head
    assert seen_pages >= 2


@pytest.mark.parametrize("slug", ["nl-gemeente", "product-recall", "ar-original"])
def test_a_name_without_a_logo_runs_across_the_masthead_on_one_line(slug: str) -> None:
    release = load_release(CORPUS / slug)
    assert release.organisation.logo is None
    pages = pages_of(release, load_theme(release.theme or "default"))
    name = release.organisation.name
    assert len(pages) == 1, "a release that fitted one page still does"
    # The masthead's first line under the running head; Arabic comes back from pypdf in visual order.
    assert pages[0][1] in (name, " ".join(reversed(name.split()))), pages[0][:3]


@pytest.mark.parametrize("side", [20.0, 40.0, 55.0, 70.0])
def test_the_running_head_is_one_line_on_every_page_however_narrow(side: float) -> None:
    """un-report-launch states its embargo in three zones: the head drops the other zones, then
    the weekday, then sets it smaller, and is one whole line on every page."""
    release = padded(load_release(CORPUS / "un-report-launch"), 30)
    theme = load_theme(release.theme or "default")
    margins = theme.spec.margins.model_copy(update={"left": side, "right": side})
    theme = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"margins": margins}))
    locale = release.locale
    assert release.embargo is not None and len(release.embargo.also_in) == 2
    own_zone = dataclasses.replace(release, embargo=dataclasses.replace(release.embargo, also_in=()))
    forms = {
        issuing.release_line(release, locale),
        issuing.release_line(own_zone, locale),
        issuing.short_release_line(release, locale),
    }
    pages = pages_of(release, theme)
    assert len(pages) >= 2
    heads = {lines[0] for lines in pages}
    assert len(heads) == 1 and heads <= forms, (side, heads)
    if side == 20:
        assert heads == {issuing.release_line(release, locale)}, "the whole line, where it fits"
    if side >= 55:
        assert heads != {issuing.release_line(release, locale)}, "the full line fits no such measure"
    masthead = " ".join(pages[0][1:10])
    assert issuing.release_line(release, locale) in masthead, "the masthead states the embargo in full"


# -- Word


def docx_of(slug: str) -> Any:
    release = load_release(CORPUS / slug)
    data = docx_renderer.render(release, load_theme(release.theme or "default"), release.locale)
    return docx.Document(io.BytesIO(data))


def effective(style: Any, read: Any) -> Any:
    """A paragraph style's setting as Word resolves it: its own, else its base style's."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def test_word_keeps_headings_and_labels_with_what_follows() -> None:
    document = docx_of("rns-results")
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Contacts Label"):
        assert effective(document.styles[name], lambda s: s.paragraph_format.keep_with_next), name
    paragraphs = document.paragraphs
    end = next(n for n, p in enumerate(paragraphs) if p.style.name == "End Mark")
    assert paragraphs[end - 1].paragraph_format.keep_with_next, "the end mark stays with the text before it"


def field_codes(paragraph: Any) -> str:
    """The field codes of a paragraph, nested fields in braces, as Word shows them (Alt+F9)."""
    out = []
    for node in paragraph._p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")):
        if node.tag == qn("w:fldSimple"):
            out.append("{" + node.get(qn("w:instr")) + "}")
        elif node.tag == qn("w:instrText"):
            out.append(node.text)
        elif node.get(qn("w:fldCharType")) == "begin":
            out.append("{")
        elif node.get(qn("w:fldCharType")) == "end":
            out.append("}")
    return "".join(out)


@pytest.mark.parametrize("slug", ["rns-results", "de-landesregierung", "ar-original"])
def test_word_says_more_at_the_foot_of_every_page_but_the_last(slug: str) -> None:
    document = docx_of(slug)
    more = label("more", load_release(CORPUS / slug).locale)
    footer = document.sections[0].footer.paragraphs
    codes = [field_codes(p) for p in footer]
    assert f'{{ IF {{ PAGE }} < {{ NUMPAGES }} "{more}" "" }}' in codes, codes
    assert "{ PAGE }" in codes[-1] and "{ NUMPAGES }" in codes[-1], "then Page x of y"
    # LibreOffice evaluates no IF and would show the nested fields as numbers: they are hidden.
    shown = footer[codes.index(f'{{ IF {{ PAGE }} < {{ NUMPAGES }} "{more}" "" }}')]
    nested = [r for r in shown._p.iter(qn("w:r")) if r.find(qn("w:rPr")) is not None]
    assert nested and all(r.find(qn("w:rPr")).find(qn("w:vanish")) is not None for r in nested)


@pytest.mark.parametrize(
    ("slug", "side"), [("he-original", "right"), ("ar-original", "right"), ("nl-gemeente", "left")]
)
def test_the_quote_rule_is_on_the_start_side_in_word(slug: str, side: str) -> None:
    document = docx_of(slug)
    borders = document.styles["Quote"].element.pPr.find(qn("w:pBdr"))
    assert [border.tag for border in borders] == [qn(f"w:{side}")]


# -- what the documents say of themselves


@pytest.mark.parametrize("epoch", [None, "1767225600"])
def test_pdf_and_word_say_they_were_made_on_the_release_date(
    epoch: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    release = load_release(CORPUS / "rns-results")
    theme = load_theme(release.theme or "default")
    made = (
        dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=dt.UTC)
        if epoch is None
        else dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    )
    data = pdf.render(release, theme, release.locale)
    assert data == pdf.render(release, theme, release.locale)
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None
    assert metadata.creation_date == made and metadata.modification_date == made
    word = docx_renderer.render(release, theme, release.locale)
    assert word == docx_renderer.render(release, theme, release.locale)
    core = docx.Document(io.BytesIO(word)).core_properties
    assert core.created == made and core.modified == made


# -- the lead photo, near the top of every format


def lead_release() -> m.Release:
    release = load_release(CORPUS / "it-assets")
    assert release.lead_image is not None and release.lead_image == release.assets[0]
    return release


def test_the_pdf_sets_the_lead_photo_under_the_title_with_its_caption_and_alt() -> None:
    release = lead_release()
    theme = load_theme(release.theme or "default")
    data = pdf.render(release, theme, release.locale)
    first = PdfReader(io.BytesIO(data)).pages[0]
    text = " ".join(first.extract_text().split())
    caption = wording.figure_caption(release.assets[0], release.locale)
    assert caption == "Il piatto dopo il restauro. Crediti: Museo delle Ceramiche."
    assert text.index(release.headline[:20]) < text.index(caption) < text.index("Bologna, 8 maggio 2025")
    assert first.images, "the photo itself, on the first page"
    styles = pdf.build_styles(theme)
    setting = pdf.ScriptSetting(theme, release.locale, rtl=False)
    story = pdf.StoryWriter(release, theme, release.locale, styles, setting).story()
    flat = [part for f in story for part in getattr(f, "_content", [f])]
    from presskit.renderers.pdf.tagging import tag_of

    alts = [tag_of(f).alt for f in flat if isinstance(f, Picture)]
    assert alts[0] == release.assets[0].alt, "kept for the structure tree"


def test_word_sets_the_lead_photo_after_the_standfirst_with_caption_and_description() -> None:
    release = lead_release()
    document = docx_of("it-assets")
    paragraphs = document.paragraphs
    styles = [p.style.name for p in paragraphs]
    lead = styles.index("Lead Image")
    assert styles.index("Title") < lead < styles.index("Body Text")
    assert styles[lead + 1] == "Caption"
    assert paragraphs[lead + 1].text == wording.figure_caption(release.assets[0], release.locale)
    (described,) = paragraphs[lead]._p.xpath(".//wp:docPr")
    assert described.get("descr") == release.assets[0].alt


def test_the_web_page_shows_the_lead_photo_as_a_figure_after_the_standfirst() -> None:
    release = lead_release()
    page = html_renderer.render(release, load_theme(release.theme or "default"), release.locale).decode()
    header = page[page.index('<header class="release-header">') : page.index("</header>", page.index("<h1>"))]
    figure = header[header.index('<figure class="lead-image">') :]
    assert 'alt="Piatto in maiolica dipinto in blu e arancione."' in figure
    assert 'src="../assets/maiolica-piatto' in figure
    assert "<figcaption>Il piatto dopo il restauro. Crediti: Museo delle Ceramiche.</figcaption>" in figure
