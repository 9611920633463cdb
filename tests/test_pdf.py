"""The PDF renderer, read back with pypdf: content, page furniture, links, outline, fonts."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination, DictionaryObject

from presskit import model as m
from presskit.renderers import pdf
from presskit.themes.theme import Theme
from presskit.words import issuing, wording
from presskit.words.labels import label

LOCALE = "en-GB"
HOSTILE = "<b>&lt;<font>"


def normalise(text: str) -> str:
    return " ".join(text.split())


def with_spec(theme: Theme, **changes: Any) -> Theme:
    return dataclasses.replace(theme, spec=theme.spec.model_copy(update=changes))


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(reader: PdfReader) -> list[str]:
    return [normalise(page.extract_text()) for page in reader.pages]


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, (
            f"{needle!r} missing after position {position}: …{text[position : position + 200]}…"
        )
        position = found + len(needle)


def body_headings(release: m.Release) -> list[str]:
    return [
        wording.plain_inlines(block.children, release, LOCALE)
        for block in release.body
        if isinstance(block, m.Heading)
    ]


def body_list_items(release: m.Release) -> list[str]:
    return [
        wording.plain_inlines(paragraph.children, release, LOCALE)
        for block in release.body
        if isinstance(block, m.ListBlock)
        for item in block.items
        for paragraph in item
        if isinstance(paragraph, m.Paragraph)
    ]


def placed_quotes(release: m.Release) -> list[m.Quote]:
    return [release.quotes[block.quote_id] for block in release.body if isinstance(block, m.QuoteRef)]


def link_annotations(reader: PdfReader) -> Iterator[DictionaryObject]:
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            yield annotation.get_object()


def link_uris(reader: PdfReader) -> set[str]:
    actions = (cast(DictionaryObject, a["/A"]) for a in link_annotations(reader) if "/A" in a)
    return {str(action["/URI"]) for action in actions if "/URI" in action}


def internal_jumps(reader: PdfReader) -> list[ArrayObject]:
    return [cast(ArrayObject, a["/Dest"]) for a in link_annotations(reader) if "/Dest" in a]


def fonts_used(reader: PdfReader) -> dict[str, DictionaryObject]:
    """Every font named by a page or by a form drawn on it (the footers are forms)."""
    found: dict[str, DictionaryObject] = {}

    def collect(resources: DictionaryObject) -> None:
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                collect(cast(DictionaryObject, xobject["/Resources"].get_object()))

    for page in reader.pages:
        collect(cast(DictionaryObject, page["/Resources"].get_object()))
    return found


@pytest.fixture(scope="module")
def example_pdf(example_release: m.Release, theme: Theme) -> bytes:
    return pdf.render(example_release, theme, LOCALE)


@pytest.fixture(scope="module")
def reader(example_pdf: bytes) -> PdfReader:
    return read(example_pdf)


def test_content_appears_in_release_order(reader: PdfReader, example_release: m.Release) -> None:
    release = example_release
    quotes = placed_quotes(release)
    text = " ".join(page_texts(reader))
    assert_in_order(
        text,
        [
            issuing.release_line(release, LOCALE),
            "MEDIA RELEASE",
            normalise(release.headline),
            "WeProtect Global Alliance report finds that latest shifts",
            "There was a 1,325%",
            "Societal and behavioural shifts",
            "New Prevention Framework launched",
            wording.dateline(release, LOCALE) + " The Global Threat Assessment 2025, launched today",
            wording.attribution(quotes[0].speaker, LOCALE),
            *body_headings(release),
            *body_list_items(release),
            wording.attribution(quotes[1].speaker, LOCALE),
            "visit: https://www.weprotect.org/global-threat-assessment-25/",
            "-Ends-",
            "Notes to editors",
            "About WeProtect Global Alliance",
            "Poppy Reid",
            "Email: media@weprotectga.org",
            "Sources",
            "NCMEC",
            "OECD",
            "Safe Online",
            "Press kit",
        ],
    )
    assert (len(quotes), len(body_headings(release)), len(body_list_items(release))) == (2, 3, 4)


def test_quotes_are_typographic_and_attributed(reader: PdfReader, example_release: m.Release) -> None:
    text = " ".join(page_texts(reader))
    for quote in placed_quotes(example_release):
        opening = normalise(wording.plain_inlines(quote.text, example_release, LOCALE))[:50]
        assert "“" + opening in text
        assert "” — " + wording.attribution(quote.speaker, LOCALE) in text


def test_statistics_carry_bracketed_endnote_marks(reader: PdfReader) -> None:
    text = " ".join(page_texts(reader))
    assert "approximately 100[1] reports" in text
    assert "US$5 billion[4] is spent" in text
    assert "1. NCMEC, CyberTipline data https://www.missingkids.org/" in text


def test_every_page_has_running_head_and_page_number(reader: PdfReader, example_release: m.Release) -> None:
    texts = page_texts(reader)
    pages = len(texts)
    assert pages > 1  # "– more –" is only tested by a release of several pages
    # The embargo in three zones is too long for the head's one line: it states its own zone;
    # the masthead states all three.
    assert example_release.embargo is not None and example_release.embargo.also_in
    own_zone = dataclasses.replace(
        example_release, embargo=dataclasses.replace(example_release.embargo, also_in=())
    )
    release_line = issuing.release_line(own_zone, LOCALE)
    assert issuing.release_line(example_release, LOCALE) in texts[0]
    more = label("more", LOCALE)
    # Only back matter follows the end mark: no "– more –" from its page on.
    end_page = next(n for n, text in enumerate(texts, start=1) if example_release.end_mark in text)
    for number, text in enumerate(texts, start=1):
        assert text.startswith(release_line + " "), f"page {number}"
        assert label("page_x_of_y", LOCALE, page=str(number), pages=str(pages)) in text
        assert (more in text) == (number < end_page), f"page {number}"


def test_metadata(reader: PdfReader, example_release: m.Release) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == example_release.headline
    assert info.author == "WeProtect Global Alliance"
    assert info.subject == "MEDIA RELEASE – " + issuing.release_line(example_release, LOCALE)
    assert str(info["/Keywords"]) == "embargoed"
    assert info.creator == "presskit"
    assert str(reader.root_object["/Lang"]) == LOCALE


def test_outline_entries_point_at_their_pages(reader: PdfReader, example_release: m.Release) -> None:
    entries = outline_pages(reader)
    expected = [
        example_release.headline,
        *body_headings(example_release),
        "Notes to editors",
        "About WeProtect Global Alliance",
        "Media contacts",
        "Sources",
        "Images and documents",
    ]
    assert list(entries) == expected
    texts = page_texts(reader)
    for title, page in entries.items():
        assert normalise(title) in texts[page], f"{title!r} is not on page {page + 1}"
    assert entries["Sources"] > 0  # a deferred canvas would point every entry at page 1


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Title to page index of each entry of a flat outline."""
    pages: dict[str, int] = {}
    for entry in reader.outline:
        assert isinstance(entry, Destination), "the outline is flat"
        page = reader.get_destination_page_number(entry)
        assert page is not None
        pages[str(entry.title)] = page
    return pages


def test_links(reader: PdfReader, example_release: m.Release) -> None:
    assert link_uris(reader) >= {
        "https://www.weprotect.org/global-threat-assessment-25/",
        "https://www.missingkids.org/gethelpnow/cybertipline/cybertiplinedata",
        "https://www.oecd.org/",
        "https://safeonline.global/",
        "https://www.weprotect.org/",
        "mailto:media@weprotectga.org",
    }


def test_citations_jump_to_the_sources(reader: PdfReader, example_release: m.Release) -> None:
    texts = page_texts(reader)
    source_pages = {
        i
        for i, text in enumerate(texts)
        for source in example_release.sources
        if f"{source.number}. {wording.source_text(source, LOCALE)}" in text
    }
    jumps = internal_jumps(reader)
    cited = sum(
        isinstance(node, m.StatRef)
        for inlines in (*example_release.highlights, *paragraph_inlines(example_release.body))
        for node in inlines
    )
    assert len(jumps) == cited
    for destination in jumps:
        assert reader.get_page_number(destination[0].get_object()) in source_pages


def paragraph_inlines(blocks: tuple[m.Block, ...]) -> Iterator[m.Inlines]:
    for block in blocks:
        if isinstance(block, m.Paragraph):
            yield block.children


def test_fonts_are_embedded(reader: PdfReader) -> None:
    fonts = fonts_used(reader)
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, f"{name} is not embedded"
        assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{name} is not a subset"


def test_page_size_follows_the_theme(example_release: m.Release, theme: Theme, reader: PdfReader) -> None:
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
    letter = read(pdf.render(example_release, with_spec(theme, page_size="Letter"), LOCALE))
    assert {(round(float(p.mediabox[2])), round(float(p.mediabox[3]))) for p in letter.pages} == {(612, 792)}


def test_inline_sources_name_the_source_after_the_figure(example_release: m.Release, theme: Theme) -> None:
    reader = read(pdf.render(example_release, with_spec(theme, sources="inline"), LOCALE))
    text = " ".join(page_texts(reader))
    assert "1,325% (NCMEC) rise" in text
    assert "[1]" not in text
    assert not internal_jumps(reader)


def test_same_input_gives_identical_bytes(
    example_release: m.Release, theme: Theme, example_pdf: bytes
) -> None:
    assert pdf.render(example_release, theme, LOCALE) == example_pdf


def test_identical_bytes_in_a_fresh_process(example_pdf: bytes) -> None:
    script = (
        "import sys; from pathlib import Path; from presskit.publish.inputs import load_release; "
        "from presskit.themes.theme import load_theme; from presskit.renderers import pdf; "
        "sys.stdout.buffer.write(pdf.render(load_release(Path('releases/gta-2025')), "
        f"load_theme('default'), {LOCALE!r}))"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, check=True
    )
    assert result.stdout == example_pdf


def test_hostile_text_is_shown_literally(example_release: m.Release, theme: Theme) -> None:
    hostile = HOSTILE + " bell\x07 & <a href='x'>"
    release = dataclasses.replace(
        example_release,
        headline=hostile,
        body=(
            m.Paragraph((m.Text(hostile), m.Code(hostile), m.Link("#nowhere", (m.Text("jump"),)))),
            m.Heading(1, (m.Text(hostile),)),
            m.Preformatted(hostile),
            m.Table(header=(m.TableCell((m.Text(hostile),)),), rows=((m.TableCell((m.Code("x ≠ Ω"),)),),)),
            *example_release.body,
        ),
        organisation=dataclasses.replace(example_release.organisation, logo=None),
    )
    reader = read(pdf.render(release, theme, LOCALE))
    text = " ".join(page_texts(reader))
    shown = normalise(HOSTILE + " bell & <a href='x'>")
    assert text.count(shown) == 6  # headline, paragraph, code, heading, preformatted, table header
    assert "\x07" not in text
    assert "x ≠ Ω" in text  # beyond Courier: set in the body font, not as empty boxes
    assert reader.metadata is not None and reader.metadata.title == HOSTILE + " bell & <a href='x'>"
    assert "WeProtect Global Alliance" in page_texts(reader)[0]  # the name stands in for the logo


def test_text_golden(reader: PdfReader, golden: Any) -> None:
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        lines = [normalise(line) for line in page.extract_text().splitlines()]
        pages.append(f"--- page {number} ---\n" + "\n".join(line for line in lines if line))
    golden.check("gta-2025.pdf.txt", "\n".join(pages) + "\n")


def test_release_without_embargo(example_release: m.Release, theme: Theme) -> None:
    reader = read(pdf.render(dataclasses.replace(example_release, embargo=None), theme, LOCALE))
    assert all(text.startswith("FOR IMMEDIATE RELEASE") for text in page_texts(reader))
    assert reader.metadata is not None
    assert reader.metadata.subject == "MEDIA RELEASE"
    assert "embargoed" not in str(reader.metadata.get("/Keywords", ""))


def test_nested_lists_tables_and_block_quotes(example_release: m.Release, theme: Theme) -> None:
    def para(text: str) -> m.Paragraph:
        return m.Paragraph((m.Text(text),))

    nested = m.ListBlock(
        True, 7, ((para("seventh"),), (para("eighth"), m.ListBlock(False, 1, ((para("inner"),),))))
    )
    table = m.Table(
        header=(m.TableCell((m.Text("Year"),)), m.TableCell((m.Text("Reports"),), "right")),
        rows=((m.TableCell((m.Text("2024"),)), m.TableCell((m.StatRef("sextortion-daily"),), "right")),),
    )
    quoted = m.BlockQuote((para("quoted words"),))
    release = dataclasses.replace(example_release, body=(para("lead"), nested, table, quoted))
    text = " ".join(page_texts(read(pdf.render(release, theme, LOCALE))))
    assert_in_order(
        text, ["lead", "7. seventh", "8. eighth", "– inner", "Year Reports 2024 100[1]", "quoted words"]
    )


@given(st.text())
def test_paragraph_markup_escapes_as_the_standard_library_does(text: str) -> None:
    """markup.escape stands in for xml.sax.saxutils.escape (which imports urllib and ssl)."""
    from xml.sax.saxutils import escape

    from presskit.renderers.pdf.markup import attribute, clean, text_markup

    assert text_markup(text) == escape(clean(text))
    assert attribute(text) == escape(clean(text), {'"': "&quot;"})
