"""Every field a translation leaves out says its language, in every format that can say it.

A release using every translatable field gets a French and an Arabic translation file that
translate nothing (`presskit i18n extract`, then `presskit build`). For each unit the walker
lists, each format must mark its text with the release's language, en-GB: HTML with `lang`
on the element holding it (lxml), DOCX with `w:lang` on its runs (python-docx's XML), PDF with
`/Lang` on its structure element or a `/Span` around it (pikepdf, as tests/test_pdf_spans.py
reads it). In the Arabic edition, English that is a whole block is laid out left to right.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from presskit import model as m
from presskit.cli import cli
from presskit.i18n.units import Unit, apply_values, release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import load_theme
from tests.test_pdf_spans import elements, shown_text, squeezed

NEWSROOM = """\
organisation:
  name: Lone Star Solar
  url: https://solar.example.com/
  logo: logo.png
  logo_alt: The cooperative's sun emblem
  about_title: About the cooperative
  boilerplate: |
    The cooperative builds community solar farms across Yorkshire.
"""

RELEASE = """\
slug: farm
type: media-release
type_label: Media statement
date: 2026-03-02
dateline: Leeds
wire_tag: PRNewswire
on_behalf_of: Northwind Energy Trust
headline: Solar farm opens near Leeds
subheadline: The largest community farm in the county.
standfirst: The farm powers {stat:homes|label} from today.
highlights:
  - Built in eleven months by local crews.
  - The crews fitted {stat:panels} from a recycling scheme.
statistics:
  homes:
    value: 4000
    unit: count
    label: homes powered
    source: {name: Regional Grid, title: Annual Connections Report, url: "https://grid.example.com/"}
  panels:
    value: 12000
    unit: count
    label: panels fitted
    as_of: spring 2025
    source: {name: Panel Makers Guild}
body: |
  The farm opened today on reclaimed pasture.

  ## Building it

  Work began last spring.

  {quote:lee}

  - Panels from a recycling scheme
  - A hedge for nesting birds

  | Site | Output |
  | --- | --- |
  | North field | 12 |
quotes:
  lee:
    text: Sunlight is now a local crop.
    speaker:
      name: Sam Lee
      post_nominals: [PhD]
      roles: [Director, Chief Engineer]
      organisation: Solar Board
    also:
      - {name: Ana Ruiz, roles: [Chair], organisation: Water Board}
    approved: true
call_to_action: {text: Read the full report, url: "https://solar.example.com/report"}
end_mark: "-Ends-"
source_line: SOURCE Lone Star Solar
disclaimer: |
  Figures are provisional until audited.
notes_to_editors: |
  Interviews are available on request.
events:
  - title: Media briefing at the farm
    starts: "2026-03-05 10:00"
    ends: "2026-03-05 11:30"
    timezone: Europe/London
    venue: Civic Hall
    address: Millennium Square
    dial_in: Call 0800 123 4567 and give code 2468
    rsvp: Write to the press office by Friday
contacts:
  - name: Jo Rivera
    role: Press Officer
    organisation: Harbour Communications
    on_behalf_of: Moorland Wind Fund
    group: Media Relations
    email: press@solar.example.com
    hours: Weekdays from nine to five
    phones:
      - {number: 07700 900 418, label: Daytime}
assets:
  - file: assets/farm.png
    title: The farm from above
    caption: Panels at dawn
    credit: Kim Ash Photography
    licence: Free for editorial use
    alt: Rows of panels in a green field
press_kit: {text: Solar press kit, url: "https://solar.example.com/kit"}
keywords: [community energy]
"""

ENGLISH = "en-GB"
# Units no format can mark with a language: the keywords are the documents' metadata (DOCX core
# properties, the PDF's Info and XMP, JSON-LD), where a value has no language of its own.
UNMARKABLE = {"keywords[0]"}
# An image's alternate text is an attribute: HTML says its language on the <img>, the PDF on
# its Figure; Word's `descr` has none.
NO_LANGUAGE_IN_DOCX = {"organisation.logo_alt", "assets[0].alt"}
# With a logo and an About heading of its own, DOCX and PDF show the organisation's name only
# in their metadata (the author); the web page shows it in its footer. Without them, the
# documents show it in the masthead and in "About …": a test below checks those.
SHOWN_ONLY_ON_THE_PAGE = {"organisation.name"}


def png(width: int, height: int) -> bytes:
    """A small opaque PNG, written by hand (no image library needed to make the fixture)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x30\x90\x40" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The release's folder and its build: extracted for fr and ar, then built untranslated."""
    root = tmp_path_factory.mktemp("untranslated") / "news"
    root.mkdir()
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (root / "logo.png").write_bytes(png(60, 20))
    folder = root / "farm"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "farm.png").write_bytes(png(80, 50))
    (folder / "release.yaml").write_text(RELEASE, encoding="utf-8")
    runner = CliRunner()
    extracted = runner.invoke(cli, ["i18n", "extract", str(folder), "-l", "fr,ar"])
    assert extracted.exit_code == 0, extracted.output
    assert (folder / "i18n" / "fr.xlf").is_file() and (folder / "i18n" / "ar.xlf").is_file()
    out = root.parent / "dist"
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out), "-j", "1", "-l", "en-GB,fr,ar"])
    assert result.exit_code == 0, result.output
    return {"release": folder, "out": out / "farm"}


@pytest.fixture(scope="module")
def units(built: dict[str, Path]) -> tuple[Unit, ...]:
    return release_units(load_release(built["release"]))


def test_the_release_uses_every_kind_of_field(units: tuple[Unit, ...]) -> None:
    """The fixture is worth its name: it holds every kind of one-line field the walker lists."""
    kinds = {re.sub(r"\[\d+\]|\.(lee|r\d|[a-z0-9-]+-\d+)(?=\.)", "", unit.id) for unit in units}
    for kind in (
        "headline",
        "subheadline",
        "on_behalf_of",
        "type_label",
        "dateline",
        "wire_tag",
        "call_to_action.text",
        "end_mark",
        "source_line",
        "events.title",
        "events.venue",
        "events.address",
        "events.rsvp",
        "press_kit.text",
        "organisation.logo_alt",
        "organisation.about_title",
        "assets.title",
        "assets.caption",
        "assets.alt",
        "assets.licence",
        "assets.credit",
        "events.dial_in",
        "contacts.name",
        "contacts.organisation",
        "contacts.on_behalf_of",
        "organisation.name",
    ):
        assert kind in kinds, sorted(kinds)
    ids = {unit.id for unit in units}
    for unit in (
        "statistics.homes.label",
        "statistics.homes.source.name",
        "statistics.homes.source.title",
        "statistics.panels.source.name",
        "statistics.panels.as_of",
        "quotes.lee.speaker.name",
        "quotes.lee.speaker.post_nominals[0]",
        "quotes.lee.speaker.roles[1]",
        "quotes.lee.speaker.organisation",
        "quotes.lee.also[0].name",
        "quotes.lee.also[0].roles[0]",
        "quotes.lee.also[0].organisation",
    ):
        assert unit in ids, sorted(ids)
    assert any(unit.id.startswith("contacts.") and unit.id.endswith(".phones[0].label") for unit in units)
    assert any(unit.id.endswith(".role") for unit in units) and any(u.id.endswith(".group") for u in units)
    assert any(unit.id.endswith(".hours") for unit in units)


def words(unit: Unit) -> list[str]:
    """What of `unit` a reader sees, to look for: a one-line field's text (also without the
    punctuation a line may drop after it), or each run of words of an inline field."""
    if isinstance(unit.source, str):
        return [unit.source]
    return [text for text in leaves(unit.source) if any(c.isalpha() for c in text)]


def leaves(inlines: m.Inlines) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, m.Text):
            yield node.text
        elif isinstance(node, m.Strong | m.Emphasis | m.Link | m.Foreign):
            yield from leaves(node.children)


def same(shown: str, wanted: str) -> bool:
    """Whether `shown` (a marked element's text) is `wanted`, spaces and case aside (a dateline's
    city is set in capitals), give or take the punctuation a line puts after a field."""
    a, b = squeezed(shown).casefold(), squeezed(wanted).casefold()
    return a == b or a.rstrip(":：.") == b.rstrip(":：.")


# --------------------------------------------------------------------------
# HTML


def html_marked(page: bytes) -> tuple[list[str], list[str]]:
    """The text of each element saying it is in English, and each English alternate text."""
    root = lxml.html.fromstring(page)
    marked = [e for e in root.iter() if e.get("lang") == ENGLISH]
    texts = [" ".join(e.text_content().split()) for e in marked]
    alts = [e.get("alt", "") for e in marked if e.tag == "img"]
    return texts, alts


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_html_marks_every_field_with_its_language(
    built: dict[str, Path], units: tuple[Unit, ...], locale: str
) -> None:
    page = (built["out"] / locale / "farm.html").read_bytes()
    texts, alts = html_marked(page)
    missing = []
    for unit in units:
        if unit.id in UNMARKABLE:
            continue
        for wanted in words(unit):
            if unit.id.endswith(".alt") or unit.id == "organisation.logo_alt":
                found = wanted in alts
            elif unit.kind == "plain":  # the smallest element holding it says its language
                found = any(same(text, wanted) for text in texts)
            else:
                found = any(squeezed(wanted) in squeezed(text) for text in texts)
            if not found:
                missing.append((unit.id, wanted))
    assert not missing, missing


def test_html_marks_nothing_of_the_french_words_around_a_field(built: dict[str, Path]) -> None:
    root = lxml.html.fromstring((built["out"] / "fr" / "farm.html").read_bytes())
    marked = " ".join(e.text_content() for e in root.iter() if e.get("lang") == ENGLISH)
    for french in ("mars 2026", "Courriel", "Crédit", "Quand", "Licence :", "Dossier de presse"):
        assert french not in marked, french
    dateline = root.find_class("dateline")[0]
    marked = [e.text_content() for e in dateline.iter() if e.get("lang") == ENGLISH]
    assert marked == ["Leeds", "PRNewswire"]  # French keeps a city as written: only the city is English


# --------------------------------------------------------------------------
# DOCX


def docx_marked(data: bytes) -> list[str]:
    """The text of each stretch of consecutive runs in English, paragraph by paragraph: a run
    of other text, or a line break outside English (between a card's lines), ends a stretch."""
    document = docx.Document(io.BytesIO(data))
    stretches: list[str] = []
    for paragraph in document.element.body.iter(qn("w:p")):
        current: list[str] | None = None
        for run in paragraph.iter(qn("w:r")):
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            english = lang is not None and lang.get(qn("w:val")) == ENGLISH
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if english:
                current = [] if current is None else current
                current.append(text)
            elif (text.strip() or run.find(qn("w:br")) is not None) and current is not None:
                stretches.append("".join(current))
                current = None
        if current is not None:
            stretches.append("".join(current))
    return stretches


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_docx_marks_every_field_with_its_language(
    built: dict[str, Path], units: tuple[Unit, ...], locale: str
) -> None:
    stretches = docx_marked((built["out"] / locale / "farm.docx").read_bytes())
    missing = []
    for unit in units:
        if unit.id in UNMARKABLE | NO_LANGUAGE_IN_DOCX | SHOWN_ONLY_ON_THE_PAGE:
            continue
        for wanted in words(unit):
            if unit.kind == "plain":
                found = any(same(text, wanted) for text in stretches)
            else:
                found = any(squeezed(wanted) in squeezed(text) for text in stretches)
            if not found:
                missing.append((unit.id, wanted))
    assert not missing, (missing, stretches)


# --------------------------------------------------------------------------
# PDF


def pdf_marked(data: bytes) -> tuple[list[str], list[str]]:
    """The text of each element whose /Lang is English and of each English span, and the
    alternate text of each English Figure.

    A span's text is joined while nothing else is drawn between, in the same `/Span` sequence
    (its lines, its fonts) or the next sequence of the same block (a link inside it, drawn as
    the Link's content): two fields one after the other (a card's name, then its role on the
    next line) are two spans."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        block_of = blocks(pdf.Root.StructTreeRoot, pages)
        own: dict[tuple[int, int], str] = {}
        spans: list[str] = []
        previous: tuple[tuple[int, int | None], Any] | None = None  # where the last span was, and it
        for item in shown_text(data):
            mcid = item.mcid()
            place = (item.page, mcid)
            if mcid is not None:
                own[item.page, mcid] = own.get((item.page, mcid), "") + item.text
            span = next((p for tag, p in reversed(item.sequences) if tag == "/Span"), None)
            if item.lang() == ENGLISH and span is not None:
                joined = previous is not None and (
                    previous[1] is span
                    or (previous[0] != place and block_of.get(previous[0], place) == block_of.get(place))
                )
                if joined and spans:
                    spans[-1] += item.text
                else:
                    spans.append(item.text)
                previous = (place, span)
            elif item.text.strip():
                previous = None
        texts, alts = list(spans), []
        for element in elements(pdf.Root.StructTreeRoot):
            if str(element.get("/Lang", "")) != ENGLISH:
                continue
            if element.S == "/Figure":
                alts.append(str(element.Alt))
            texts.append("".join(own.get((pages[element.Pg.objgen], int(k)), "") for k in content(element)))
    return texts, alts


def blocks(root: Any, pages: dict[Any, int]) -> dict[tuple[int, int | None], Any]:
    """The block each marked-content sequence belongs to, (page, MCID) → the element's id: a
    Link's content is its block's."""
    found: dict[tuple[int, int | None], Any] = {}

    def walk(node: Any, block: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, int) and "/Pg" in node:
                found[pages[node.Pg.objgen], int(kid)] = block
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, block if kid.S == "/Link" else kid.objgen)

    walk(root, None)
    return found


def content(element: Any) -> list[int]:
    """The MCIDs of `element` and of the elements under it."""
    kids = element.get("/K")
    found = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, int):
            found.append(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.extend(content(kid))
    return found


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_pdf_marks_every_field_with_its_language(
    built: dict[str, Path], units: tuple[Unit, ...], locale: str
) -> None:
    texts, alts = pdf_marked((built["out"] / locale / "farm.pdf").read_bytes())
    missing = []
    for unit in units:
        if unit.id in UNMARKABLE | SHOWN_ONLY_ON_THE_PAGE:
            continue
        for wanted in words(unit):
            if unit.id.endswith(".alt") or unit.id == "organisation.logo_alt":
                found = wanted in alts
            elif unit.kind == "plain":
                found = any(same(text, wanted) for text in texts)
            else:
                found = any(squeezed(wanted) in squeezed(text) for text in texts)
            if not found:
                missing.append((unit.id, wanted))
    assert not missing, (missing, texts)


# --------------------------------------------------------------------------
# Where the fixture does not show a field: the organisation's name, a source named inline


def edition(built: dict[str, Path], values: dict[str, Any], **organisation: Any) -> m.Release:
    """The release in French, translated only as far as `values` say, its organisation changed."""
    release = load_release(built["release"])
    release = dataclasses.replace(
        release, locale="fr", organisation=dataclasses.replace(release.organisation, **organisation)
    )
    return apply_values(release, values, untranslated_in=ENGLISH)


def test_the_organisation_name_says_its_language_in_the_masthead_and_about_heading(
    built: dict[str, Path],
) -> None:
    """Without a logo the documents show the organisation's name atop; without an About
    heading of its own, "À propos de Lone Star Solar": only the name is English."""
    french = edition(built, {}, logo=None, about_title=None)
    theme = load_theme("default")
    root = lxml.html.fromstring(render("html", french, theme, "fr"))
    masthead = root.find_class("organisation-name")[0]
    assert [(e.get("lang"), e.text_content()) for e in masthead.iter() if e.get("lang")] == [
        (ENGLISH, "Lone Star Solar")
    ]
    about = next(h for h in root.iter("h2") if "propos" in h.text_content())
    assert about.get("lang") is None
    assert [e.text_content() for e in about.iter() if e.get("lang") == ENGLISH] == ["Lone Star Solar"]
    stretches = docx_marked(render("docx", french, theme, "fr"))
    assert stretches.count("Lone Star Solar") == 2, stretches  # the masthead, the About heading
    assert not any("propos" in text for text in stretches)
    texts, _ = pdf_marked(render("pdf", french, theme, "fr"))
    assert texts.count("Lone Star Solar") >= 2, texts
    assert not any("propos" in text for text in texts)


def run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def run_lang(run: Any) -> str | None:
    lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else str(lang.get(qn("w:val")))


@pytest.mark.parametrize("translated", ["standfirst", "statistics.homes.source.name"])
def test_a_source_named_inline_says_its_language(built: dict[str, Path], translated: str) -> None:
    """A theme citing sources inline names each after its figure, `(Regional Grid)`: in a
    paragraph translated into French, the name left in English says so; translated, inside a
    paragraph left in English, it says it is French (HTML, DOCX)."""
    values: dict[str, Any] = {
        "standfirst": (m.Text("La ferme alimente "), m.StatRef("homes", True), m.Text(" dès aujourd'hui.")),
        "statistics.homes.source.name": "Réseau régional",
    }
    french = edition(built, {translated: values[translated]})
    theme = load_theme("default")
    theme = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"sources": "inline"}))
    name, lang = ("Regional Grid", ENGLISH) if translated == "standfirst" else ("Réseau régional", "fr")
    root = lxml.html.fromstring(render("html", french, theme, "fr"))
    cite = root.find_class("standfirst")[0].find_class("cite")[0]
    assert [(e.get("lang"), e.text_content()) for e in cite.iter() if e.get("lang")] == [(lang, name)]
    document = docx.Document(io.BytesIO(render("docx", french, theme, "fr")))
    standfirst = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Standfirst")
    runs = [(run_text(r), run_lang(r)) for r in standfirst._p.iter(qn("w:r"))]
    assert (name, lang) in runs, runs
    if translated == "standfirst":
        texts, _ = pdf_marked(render("pdf", french, theme, "fr"))
        assert name in texts, texts
        assert not any("alimente" in text for text in texts)


# --------------------------------------------------------------------------
# Right to left: English that is a whole block is laid out left to right

BLOCKS = {"p", "h1", "h2", "h3", "li", "td", "th", "figcaption", "cite", "strong", "h4"}


def test_html_lays_a_whole_block_of_english_left_to_right_in_arabic(built: dict[str, Path]) -> None:
    root = lxml.html.fromstring((built["out"] / "ar" / "farm.html").read_bytes())
    assert root.get("dir") == "rtl"
    checked = 0
    for element in root.iter():
        if element.get("lang") != ENGLISH or element.tag == "img" or element.xpath("ancestor::nav"):
            continue  # the language switcher names each language in itself
        block = next((a for a in [element, *element.iterancestors()] if a.tag in BLOCKS), None)
        if block is None or " ".join(block.text_content().split()) != " ".join(
            element.text_content().split()
        ):
            continue  # a field inside a line of Arabic: isolated, laid out in the line's direction
        way = next((a.get("dir") for a in [element, *element.iterancestors()] if a.get("dir")), None)
        assert way == "ltr", lxml.html.tostring(block)
        checked += 1
    assert checked >= 10, checked  # headline, end mark, SOURCE line, body paragraphs, headings…


def test_docx_lays_a_whole_paragraph_of_english_left_to_right_in_arabic(built: dict[str, Path]) -> None:
    document = docx.Document(io.BytesIO((built["out"] / "ar" / "farm.docx").read_bytes()))
    english, arabic = 0, 0
    for shown in document.paragraphs:  # a list's items and a table's cells keep the list's, the table's
        if shown.style is not None and shown.style.name.startswith("List"):
            continue
        paragraph = shown._p
        runs = [
            r for r in paragraph.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()
        ]
        if not runs:
            continue
        langs = {
            (lang.get(qn("w:val")) if (lang := r.find(f"{qn('w:rPr')}/{qn('w:lang')}")) is not None else None)
            for r in runs
        }
        bidi = paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        if langs == {ENGLISH}:
            english += 1
            assert bidi is not None and bidi.get(qn("w:val")) == "0", shown.text
        elif ENGLISH not in langs:
            arabic += 1
            assert bidi is None, shown.text  # the document's own direction
    assert english >= 10 and arabic >= 3, (english, arabic)


def test_pdf_lays_a_whole_paragraph_of_english_left_to_right_in_arabic(built: dict[str, Path]) -> None:
    """Set right to left, the full stop that ends an English sentence would be drawn at its
    left, before its first word; left to right, it is drawn after its last."""
    texts, _ = pdf_marked((built["out"] / "ar" / "farm.pdf").read_bytes())
    for sentence in ("The largest community farm in the county.", "Figures are provisional until audited."):
        drawn = [text for text in texts if squeezed(text).strip(".") == squeezed(sentence).strip(".")]
        assert drawn and all(squeezed(text) == squeezed(sentence) for text in drawn), (sentence, drawn)


def test_a_translated_label_inside_text_left_in_english_says_the_edition_language(
    built: dict[str, Path],
) -> None:
    """The standfirst is left in English but its figure's label is translated: inside the
    English, the label says it is French (HTML, DOCX); left untranslated, it says nothing more."""
    release = load_release(built["release"])
    french = apply_values(
        dataclasses.replace(release, locale="fr"),
        {"statistics.homes.label": "foyers alimentés"},
        untranslated_in=release.locale,
    )
    theme = load_theme("default")
    root = lxml.html.fromstring(render("html", french, theme, "fr"))
    standfirst = root.find_class("standfirst")[0]
    inner = [(e.get("lang"), " ".join(e.text_content().split())) for e in standfirst.iter() if e.get("lang")]
    assert inner[0][0] == ENGLISH and ("fr", "foyers alimentés") in inner, inner
    document = docx.Document(io.BytesIO(render("docx", french, theme, "fr")))
    label = next(
        r for r in document.element.body.iter(qn("w:r")) if "foyers alimentés" in "".join(r.itertext())
    )
    assert label.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "fr"
    untranslated = apply_values(dataclasses.replace(release, locale="fr"), {}, untranslated_in=release.locale)
    root = lxml.html.fromstring(render("html", untranslated, theme, "fr"))
    marked = [e for e in root.find_class("standfirst")[0].iter() if e.get("lang")]
    assert len(marked) == 1, "the label is English inside English: no span of its own"
