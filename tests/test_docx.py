"""The Word renderer, read back with python-docx, zipfile and lxml."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from presskit import model as m
from presskit.model import Release
from presskit.renderers import FORMATS
from presskit.renderers import docx as docx_renderer
from presskit.themes.theme import Theme
from presskit.words import issuing, wording

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
LANDERS = (
    "Cassie Landers, EdD, MPH, Assistant Professor and Director of the CPC Learning Network, "
    "Columbia University"
)


def render(release: Release, theme: Theme, locale: str | None = None) -> bytes:
    return docx_renderer.render(release, theme, locale or release.locale)


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def styled(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def with_theme(theme: Theme, **changes: Any) -> Theme:
    return dataclasses.replace(theme, spec=theme.spec.model_copy(update=changes))


def assert_in_order(paragraphs: list[str], expected: list[str]) -> None:
    """Each expected text starts some paragraph, after the one before it."""
    position = 0
    for text in expected:
        found = next((i for i in range(position, len(paragraphs)) if text in paragraphs[i]), None)
        assert found is not None, f"{text!r} not found after paragraph {position}"
        position = found + 1


@pytest.fixture(scope="module")
def example_docx(example_release: Release, theme: Theme) -> bytes:
    return render(example_release, theme)


@pytest.fixture(scope="module")
def document(example_docx: bytes) -> Any:
    return open_docx(example_docx)


# -- content and order -------------------------------------------------------


def test_is_registered_as_a_format(example_release: Release, theme: Theme, example_docx: bytes) -> None:
    assert FORMATS["docx"].renderer()(example_release, theme, "en-GB") == example_docx


def test_shows_every_part_of_the_release_in_order(document: Any, example_release: Release) -> None:
    release_line = issuing.release_line(example_release, "en-GB")
    assert release_line.startswith("EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025")
    assert_in_order(
        texts(document),
        [
            release_line,
            "MEDIA RELEASE",
            "Experts unveil practical plan to end technology-facilitated child sexual abuse crisis",
            "WeProtect Global Alliance report finds that latest shifts",
            "There was a 1,325%",
            "Societal and behavioural shifts",
            "New Prevention Framework launched",
            "LONDON, 11 December 2025 – The Global Threat Assessment 2025, launched today",
            "“The Global Threat Assessment 2025 shows",
            "— Iain Drennan, Executive Director, WeProtect Global Alliance",
            "Technological drivers of abuse",
            "Societal drivers of abuse",
            "Experts issue urgent call to move to prevention-based strategies",
            "Child participation and leadership",
            "Community education and support",
            "Digital safety",
            "Law, policy, and justice",
            "“The 2025 Global Threat Assessment provides",
            "— " + LANDERS,
            "To access the full Global Threat Assessment 2025 and the Prevention Framework, visit: "
            "https://www.weprotect.org/global-threat-assessment-25/",
            "-Ends-",
            "Notes to editors",
            "The Global Threat Assessment 2025 was researched",
            "About WeProtect Global Alliance",
            "WeProtect Global Alliance brings together experts",
            "Media contacts",
            "Poppy Reid",
            "Sources",
            "1. NCMEC, CyberTipline data, https://www.missingkids.org/",
            "2. Slater SO et al.",
            "3. OECD, https://www.oecd.org/",
            "4. Safe Online, https://safeonline.global/",
            "Images and documents",
            "Global Threat Assessment 2025 cover. The cover of the Global Threat Assessment 2025 report. "
            "Credit: WeProtect Global Alliance. Licence: Free for editorial use with credit.",
            "Press kit: GTA25 Press Kit",
        ],
    )


def test_dateline_opens_the_first_body_paragraph_in_bold(document: Any) -> None:
    first_body = next(p for p in document.paragraphs if p.text.startswith("LONDON,"))
    assert first_body.style.name == "Body Text"
    dateline_run = first_body.runs[0]
    assert dateline_run.text == "LONDON, 11 December 2025 – "
    assert dateline_run.bold is True
    assert first_body.runs[1].bold is None


def test_uses_real_word_styles(document: Any) -> None:
    assert styled(document, "Title") == [
        "Experts unveil practical plan to end technology-facilitated child sexual abuse crisis: "
        "Global Threat Assessment 2025"
    ]
    assert styled(document, "Standfirst")[0].startswith("WeProtect Global Alliance report finds")
    assert document.styles["Standfirst"].base_style.name == "Subtitle"
    assert styled(document, "Heading 1") == [
        "Technological drivers of abuse",
        "Societal drivers of abuse",
        "Experts issue urgent call to move to prevention-based strategies",
        "Notes to editors",
        "About WeProtect Global Alliance",
        "Media contacts",
        "Sources",
        "Images and documents",
    ]
    bullets = styled(document, "List Bullet")
    assert bullets[3:7] == [
        "Child participation and leadership",
        "Community education and support",
        "Digital safety",
        "Law, policy, and justice",
    ]
    assert bullets[0].startswith("There was a 1,325%")
    assert len(styled(document, "List Number")) == 3
    assert styled(document, "End Mark") == ["-Ends-"]
    assert document.paragraphs[0].style.name == "Release Line"
    assert styled(document, "Release Type") == ["MEDIA RELEASE"]


def test_quotes_are_set_apart_in_typographic_quotes_and_attributed(document: Any) -> None:
    quotes = styled(document, "Quote")
    assert len(quotes) == 2
    assert all(q.startswith("“") and q.endswith("”") for q in quotes)
    assert "we already have the solutions" in quotes[0]
    assert styled(document, "Quote Attribution") == [
        "— Iain Drennan, Executive Director, WeProtect Global Alliance",
        "— " + LANDERS,
    ]


def test_numbered_lists_restart_at_their_own_start(example_release: Release, theme: Theme) -> None:
    def numbered(start: int) -> m.ListBlock:
        items = tuple((m.Paragraph((m.Text(f"item {start}.{i}"),)),) for i in range(2))
        return m.ListBlock(ordered=True, start=start, items=items)

    release = dataclasses.replace(example_release, body=(numbered(1), numbered(3)))
    data = render(release, theme)
    body = part(data, "word/document.xml")
    numbering = part(data, "word/numbering.xml")
    ids = [p.get(f"{{{W}}}val") for p in body.iterfind(".//w:numPr/w:numId", NS)]
    assert len(ids) == 4 + 3  # the two lists, then notes to editors
    assert ids[0] == ids[1] and ids[2] == ids[3] and len({ids[0], ids[2], ids[4]}) == 3
    for num_id, start in ((ids[0], "1"), (ids[2], "3")):
        override = numbering.find(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride", NS)
        assert override is not None and override.get(f"{{{W}}}val") == start


def test_every_kind_of_block_and_inline(example_release: Release, theme: Theme) -> None:
    nested = m.ListBlock(ordered=False, start=1, items=((m.Paragraph((m.Text("inner"),)),),))
    body: m.Blocks = (
        m.Paragraph(
            (
                m.Text("plain "),
                m.Strong((m.Text("bold "), m.Emphasis((m.Text("both"),)))),
                m.LineBreak(),
                m.Code("x < y"),
                m.Link("https://example.org/a", (m.Text("a link"),)),
            )
        ),
        m.Heading(2, (m.Text("A second-level heading"),)),
        m.ListBlock(
            ordered=False,
            start=1,
            items=((m.Paragraph((m.Text("outer"),)), nested, m.Paragraph((m.Text("more"),))),),
        ),
        m.BlockQuote((m.Paragraph((m.Text("quoted"),)),)),
        m.Preformatted("line 1\n  line 2"),
    )
    document = open_docx(render(dataclasses.replace(example_release, body=body), theme))
    first = next(p for p in document.paragraphs if "plain" in p.text)
    runs = {run.text: run for run in first.runs}
    assert runs["bold "].bold and not runs["bold "].italic
    assert runs["both"].bold and runs["both"].italic
    assert runs["x < y"].font.name == theme.spec.fonts.mono  # the theme's, as in the PDF
    assert first._p.findall(".//w:br", NS)
    (link,) = first.hyperlinks
    assert (link.address, link.runs[0].style.name) == ("https://example.org/a", "Hyperlink")
    assert styled(document, "Heading 2") == ["A second-level heading"]
    assert "outer" in styled(document, "List Bullet")
    assert styled(document, "List Bullet 2") == ["inner"]
    assert styled(document, "List Continue") == ["more"]
    assert "quoted" in styled(document, "Quote")
    (code,) = [p for p in document.paragraphs if p.style.name == "HTML Preformatted"]
    assert code.text == "line 1\n  line 2"


def test_markdown_table_becomes_a_styled_word_table(example_release: Release, theme: Theme) -> None:
    table = m.Table(
        header=(m.TableCell((m.Text("Indicator"),)), m.TableCell((m.Text("Value"),), align="right")),
        rows=((m.TableCell((m.Text("AI-related reports"),)), m.TableCell((m.StatRef("ai-csam-rise"),))),),
    )
    release = dataclasses.replace(example_release, body=(m.Paragraph((m.Text("Intro."),)), table))
    document = open_docx(render(release, theme))
    (word_table,) = document.tables
    assert word_table.style.name == docx_renderer.TABLE_STYLE
    assert [c.text for c in word_table.rows[0].cells] == ["Indicator", "Value"]
    assert [c.text for c in word_table.rows[1].cells] == ["AI-related reports", "1,325%1"]
    assert word_table.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None
    assert word_table.rows[0].cells[1].paragraphs[0].alignment == docx_renderer.ALIGNMENTS["right"]


# -- links and citations -------------------------------------------------------


def hyperlink_targets(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    return {rel.get("Target", "") for rel in rels if rel.get("Type") == HYPERLINK_REL}


def test_links_are_real_hyperlinks(example_docx: bytes, example_release: Release) -> None:
    targets = hyperlink_targets(example_docx)
    assert example_release.call_to_action is not None
    assert example_release.call_to_action.url in targets
    assert {url for source in example_release.sources if (url := source.url)} <= targets
    assert "mailto:media@weprotectga.org" in targets
    body = part(example_docx, "word/document.xml")
    external = body.findall(".//w:hyperlink[@r:id]", NS)
    assert external
    for link in external:
        assert link.find("w:r/w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "Hyperlink"


def test_contact_email_links_only_the_address(document: Any) -> None:
    contact = next(p for p in document.paragraphs if p.text.startswith("Poppy Reid"))
    assert contact.runs[0].bold
    assert "Press Office, WeProtect Global Alliance" in contact.text
    (link,) = contact.hyperlinks
    assert (link.text, link.address) == ("media@weprotectga.org", "mailto:media@weprotectga.org")


def test_endnote_citations_link_to_numbered_sources(example_docx: bytes) -> None:
    body = part(example_docx, "word/document.xml")
    anchors = [a.get(f"{{{W}}}anchor") for a in body.iterfind(".//w:hyperlink[@w:anchor]", NS)]
    assert anchors[:2] == ["source_1", "source_1"]  # highlight and body both cite NCMEC
    bookmarks = {b.get(f"{{{W}}}name") for b in body.iterfind(".//w:bookmarkStart", NS)}
    assert bookmarks == {"source_1", "source_2", "source_3", "source_4"}
    assert set(anchors) == bookmarks
    mark = body.find(".//w:hyperlink[@w:anchor='source_1']/w:r", NS)
    assert mark.findtext("w:t", namespaces=NS) == "1"
    assert mark.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "SourceReference"
    styles = open_docx(example_docx).styles
    assert styles["Source Reference"].font.superscript is True


def test_inline_citations_name_the_source(example_release: Release, theme: Theme) -> None:
    data = render(example_release, with_theme(theme, sources="inline"))
    paragraphs = texts(open_docx(data))
    assert any("There was a 1,325% (NCMEC) rise" in p for p in paragraphs)
    assert part(data, "word/document.xml").find(".//w:hyperlink[@w:anchor]", NS) is None


# -- page, header, footer, styles, metadata ------------------------------------


def test_running_head_and_page_x_of_y(document: Any, example_docx: bytes, example_release: Release) -> None:
    section = document.sections[0]
    assert section.header.paragraphs[0].text == issuing.release_line(example_release, "en-GB")
    footer = part(example_docx, "word/footer1.xml")
    fields = [f.get(f"{{{W}}}instr").strip() for f in footer.iterfind(".//w:fldSimple", NS)]
    assert fields == ["PAGE", "NUMPAGES"]
    more, page_x_of_y = footer.findall("w:p", NS)
    assert "".join(page_x_of_y.itertext()) == "Page 1 of 1"
    codes = "".join(code.text for code in more.iterfind(".//w:instrText", NS))
    assert codes == ' IF  PAGE  <  NUMPAGES  "– more –" "" '  # "– more –" on all pages but the last


@pytest.mark.parametrize(("page_size", "width_mm"), [("A4", 210.0), ("Letter", 215.9)])
def test_page_size_and_margins_come_from_the_theme(
    example_release: Release, theme: Theme, page_size: str, width_mm: float
) -> None:
    section = open_docx(render(example_release, with_theme(theme, page_size=page_size))).sections[0]
    assert section.page_width.mm == pytest.approx(width_mm, abs=0.1)
    assert section.left_margin.mm == pytest.approx(theme.spec.margins.left, abs=0.1)
    assert section.top_margin.mm == pytest.approx(theme.spec.margins.top, abs=0.1)


def test_styles_carry_the_theme_fonts_colours_and_language(example_docx: bytes, theme: Theme) -> None:
    styles = part(example_docx, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(f"{{{W}}}{slot}") == theme.spec.fonts.body
    assert not [name for name in fonts.attrib if name.endswith("Theme") or name.endswith("theme")]
    assert defaults.find("w:lang", NS).get(f"{{{W}}}val") == "en-GB"
    word_styles = open_docx(example_docx).styles
    primary = theme.spec.colours.primary[1:].upper()
    assert str(word_styles["Title"].font.color.rgb) == primary
    assert str(word_styles["Heading 1"].font.color.rgb) == primary
    assert str(word_styles["Hyperlink"].font.color.rgb) == theme.spec.colours.accent[1:].upper()
    heading_fonts = word_styles["Heading 1"].element.find("w:rPr/w:rFonts", NS)
    assert heading_fonts.get(f"{{{W}}}cs") == theme.spec.fonts.heading


def test_office_theme_carries_the_brand(example_docx: bytes, theme: Theme) -> None:
    office = part(example_docx, "word/theme/theme1.xml")
    a = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    accent1 = office.find(".//a:clrScheme/a:accent1/a:srgbClr", a)
    assert accent1.get("val") == theme.spec.colours.primary[1:].upper()
    assert office.find(".//a:majorFont/a:latin", a).get("typeface") == theme.spec.fonts.heading


def test_core_properties(document: Any, example_release: Release) -> None:
    properties = document.core_properties
    assert properties.title == example_release.headline
    assert properties.author == "WeProtect Global Alliance"
    assert properties.last_modified_by == "WeProtect Global Alliance"
    assert properties.language == "en-GB"
    assert properties.subject.startswith("MEDIA RELEASE – EMBARGOED UNTIL 00:01 GMT")
    assert "embargoed" in properties.keywords.split(", ")
    assert properties.created.isoformat() == "2025-12-11T00:00:00+00:00"
    assert properties.modified == properties.created
    assert properties.revision == 1


def test_unembargoed_release_says_so(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, embargo=None, keywords=("child safety", "AI"))
    document = open_docx(render(release, theme))
    assert document.paragraphs[0].text == "FOR IMMEDIATE RELEASE"
    assert document.sections[0].header.paragraphs[0].text == "FOR IMMEDIATE RELEASE"
    assert document.core_properties.subject == "MEDIA RELEASE"
    assert document.core_properties.keywords == "child safety, AI"


def test_logo_is_embedded_with_alt_text_at_theme_width(example_docx: bytes, theme: Theme) -> None:
    body = part(example_docx, "word/document.xml")
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    # The logo and the lead photo (the first image asset, under the standfirst).
    logo, lead = body.iterfind(".//wp:inline", ns)
    assert lead.find("wp:docPr", ns).get("descr") != "WeProtect Global Alliance logo"
    picture = logo
    assert picture.find("wp:docPr", ns).get("descr") == "WeProtect Global Alliance logo"
    width_mm = int(picture.find("wp:extent", ns).get("cx")) / 36000
    assert width_mm == pytest.approx(theme.spec.logo_width_mm, abs=0.1)


def test_without_a_logo_the_organisation_is_named(example_release: Release, theme: Theme) -> None:
    organisation = dataclasses.replace(example_release.organisation, logo=None)
    document = open_docx(render(dataclasses.replace(example_release, organisation=organisation), theme))
    assert styled(document, "Organisation") == ["WeProtect Global Alliance"]
    lead = example_release.lead_image
    assert lead is not None  # the one picture left is the lead photo
    assert [shape._inline.docPr.get("descr") for shape in document.inline_shapes] == [lead.alt]


# -- robustness ----------------------------------------------------------------


def test_same_input_gives_the_same_bytes(example_release: Release, theme: Theme, example_docx: bytes) -> None:
    assert render(example_release, theme) == example_docx
    with zipfile.ZipFile(io.BytesIO(example_docx)) as archive:
        entries = archive.infolist()
    names = [e.filename for e in entries]
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    assert {e.date_time for e in entries} == {(2025, 12, 11, 0, 0, 0)}
    assert {e.external_attr >> 16 for e in entries} == {0o644}
    assert {e.compress_type for e in entries} == {zipfile.ZIP_DEFLATED}
    assert "docProps/thumbnail.jpeg" not in names and "docProps/app.xml" not in names


def test_hostile_text_appears_literally(example_release: Release, theme: Theme) -> None:
    hostile = "<script>&amp; { PAGE } \x07bell\x00"
    speaker = dataclasses.replace(example_release.quotes["drennan"].speaker, name=hostile)
    quotes = dict(example_release.quotes)
    quotes["drennan"] = dataclasses.replace(quotes["drennan"], speaker=speaker)
    release = dataclasses.replace(
        example_release,
        headline=hostile,
        quotes=quotes,
        body=(m.Paragraph((m.Text(hostile),)), m.QuoteRef("drennan")),
        keywords=(hostile,),
    )
    data = render(release, theme)
    document = open_docx(data)
    literal = "<script>&amp; { PAGE } bell"
    assert styled(document, "Title") == [literal]
    assert any(text.endswith(literal) for text in styled(document, "Body Text"))
    assert styled(document, "Quote Attribution")[0].startswith("— " + literal)
    assert document.core_properties.title == literal
    body = part(data, "word/document.xml")
    assert body.find(".//w:fldSimple", NS) is None and body.find(".//w:instrText", NS) is None


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_any_unicode_renders_and_reads_back(example_release: Release, theme: Theme, text: str) -> None:
    release = dataclasses.replace(example_release, headline=text, body=(m.Paragraph((m.Text(text),)),))
    document = open_docx(render(release, theme))
    expected = docx_renderer.clean(text)
    assert styled(document, "Title") == [expected]
    dateline = "LONDON, 11 December 2025 –"
    if wording.dateline_block(release.body) == 0:
        assert styled(document, "Body Text")[0] == f"{dateline} {expected}"
    else:  # blank, or opening with a note's mark: no running text for the dateline to lead
        assert styled(document, "Body Text")[:2] == [dateline, expected]


def test_overlong_metadata_is_cut_to_what_word_allows(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, headline="word " * 100)
    document = open_docx(render(release, theme))
    assert document.core_properties.title == ("word " * 100)[:255]
    assert styled(document, "Title") == ["word " * 100]


def test_right_to_left_locale_sets_paragraph_direction(example_release: Release, theme: Theme) -> None:
    data = render(example_release, theme, "ar")
    styles = part(data, "word/styles.xml")
    assert styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS) is not None
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}bidi") == "ar"
    english = part(render(example_release, theme), "word/styles.xml")
    assert english.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS) is None


def test_document_xml_matches_golden(example_docx: bytes, golden: Any) -> None:
    text = etree.tostring(part(example_docx, "word/document.xml"), pretty_print=True, encoding="unicode")
    golden.check("gta-2025.docx.document.xml", text)
