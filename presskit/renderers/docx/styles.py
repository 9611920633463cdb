"""Word (.docx): the release as a document a press officer can send untouched.

Built on the theme's `reference.docx` (as pandoc builds on its reference
document): its body is cleared, its styles, headers' look and page setup
kept; a theme without one is built on python-docx's default template. The
content uses real Word styles (Title, Heading 1, Quote, List Bullet,
Hyperlink…) rather than direct formatting, so an editor restyles the release
in Word. Which setting wins where the reference.docx and theme.yaml both
speak is `define_styles`'s to say (docs/themes.md explains it for users). The
package is re-zipped with fixed timestamps so that the same release gives the
same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.image.image import Image as WordImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, RGBColor
from docx.text.run import Run
from lxml import etree

import presskit.themes.derived as themed
from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.themes.theme import Theme
from presskit.words import fonts, wording
from presskit.words.labels import label, quote_marks

# python-docx has no type stubs: its objects are Any to mypy. These aliases
# say which Word object a name holds.
WordDocument = Any
WordParagraph = Any
WordRun = Any
WordStyle = Any
Element = Any

TABLE_STYLE = "Light List Accent 1"
# The narrowest column a table is given, its cell margins included: room for a word of eight
# letters or so. A table of more columns than the text width holds at this is set in groups.
MIN_COLUMN_MM = 20.0
REFERENCE_LIMIT = 20_000_000  # bytes: a reference.docx holds styles, not photographs
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
CONTENT_TYPES = "[Content_Types].xml"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Schema order of paragraph and run properties (ECMA-376 CT_PPrBase, CT_RPr):
# Word refuses a file whose property elements are out of order.
PPR_ORDER = (
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()
RPR_ORDER = (
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing "
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
    "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()
TBLPR_ORDER = (
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
    "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook"
).split()
TRPR_ORDER = (
    "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight "
    "w:tblHeader w:tblCellSpacing w:jc w:hidden"
).split()

# C0 controls other than tab and newline, surrogates and the two non-characters
# are not allowed in XML: python-docx raises on them.
XML_INVALID = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
EAST_ASIAN_LANGUAGES = {"zh", "ja", "ko"}
COMPLEX_SCRIPT_LANGUAGES = {"hi", "mr", "ne", "bn", "th"}  # Word's "complex script" slot, besides RTL
# Word refuses core properties longer than this (python-docx raises).
CORE_PROPERTY_LIMIT = 255


def clean(text: str) -> str:
    """`text` without the characters a Word file cannot hold."""
    return XML_INVALID.sub("", text)


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as a .docx file, byte-identical for identical input."""
    document = ReleaseWriter(release, theme, locale).write()
    return finished_package(document, theme, release.date)


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first document of `theme` in `locale` does first: its styled start."""
    styled_start(theme, locale)


def finished_package(document: WordDocument, theme: Theme, day: dt.date) -> bytes:
    """The document zipped deterministically, its Office theme and font table in the brand's terms."""
    parts = package_parts(document)
    if "word/theme/theme1.xml" in parts:
        parts["word/theme/theme1.xml"] = rebrand_office_theme(parts["word/theme/theme1.xml"], theme)
    if "word/fontTable.xml" in parts:
        parts["word/fontTable.xml"] = declare_monospace(parts["word/fontTable.xml"], theme.spec.fonts.mono)
    return deterministic_zip(parts, day)


# The styled, empty document each (theme, locale) starts from, as package bytes:
# reading the reference and defining its styles is half the work of a document,
# and a newsroom build makes hundreds from one theme. The entry holds its theme,
# compared by identity (a theme reloaded after an edit is a new object), and the
# reference file's size and time, so an edited reference.docx is read again.
_STARTS: dict[tuple[int, str], tuple[Theme, tuple[int, int] | None, bytes, bool, dict[str, str]]] = {}


def styled_start(theme: Theme, locale: str) -> tuple[WordDocument, bool, dict[str, str]]:
    """A fresh document with the release's styles defined and an empty body; whether it came
    from the theme's reference.docx; and the style ids by name, filled in as they are looked up
    (python-docx scans every style on each lookup by name), shared by every document of the start."""
    reference = theme.reference_docx
    stamp = None
    if reference is not None:
        try:
            status = reference.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = None  # open_reference reports it
    key = (id(theme), locale)
    cached = _STARTS.get(key)
    if cached is None or cached[0] is not theme or cached[1] != stamp:
        document, from_reference = open_reference(theme)
        drop_template_extras(document)
        define_styles(document, theme, locale, from_reference=from_reference)
        if not from_reference:
            prune_styles(document)
        buffer = io.BytesIO()
        document.save(buffer)
        cached = (theme, stamp, buffer.getvalue(), from_reference, {})
        if len(_STARTS) > 64:  # many themes in one process (serve, tests): keep it bounded
            _STARTS.clear()
        _STARTS[key] = cached
    return docx.Document(io.BytesIO(cached[2])), cached[3], cached[4]


def open_reference(theme: Theme) -> tuple[WordDocument, bool]:
    """The theme's reference.docx (body cleared), or python-docx's template; and which it was."""
    reference = theme.reference_docx
    if reference is None:
        return docx.Document(), False
    try:
        if reference.stat().st_size > REFERENCE_LIMIT:
            raise ValueError(f"it is over {REFERENCE_LIMIT // 1_000_000} MB")
        document = docx.Document(str(reference))
    except (
        OSError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
        PackageNotFoundError,
        etree.XMLSyntaxError,
    ) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ValidationFailed(
            [
                Problem(
                    f"cannot be used as the Word reference document ({reason})",
                    reference,
                    field="reference.docx",
                    hint="save it from Word or LibreOffice as a .docx (Word Document), or remove it",
                )
            ]
        ) from None
    clear_body(document)
    return document, True


# --------------------------------------------------------------------------
# Inline formatting


@dataclass(frozen=True)
class RunFormat:
    """What the enclosing inline nodes ask of a run."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    in_link: bool = False


# --------------------------------------------------------------------------
# The document


class ReleaseWriter:
    """Writes one release, in the order every format shows it, into a Word document."""

    def __init__(self, release: m.Release, theme: Theme, locale: str) -> None:
        self.release = release
        self.theme = theme
        self.locale = locale
        self.document: WordDocument
        self.document, self.from_reference, self.style_ids = styled_start(theme, locale)
        self.next_bookmark_id = 0
        # The run properties of each kind of run, made once: python-docx places each property
        # by scanning the schema's order, which for a page of Arabic was half the document's time.
        self.run_properties: dict[tuple[RunFormat, str | None, bool], Element | None] = {}

    def style_id(self, name: str) -> str:
        """The style's id, looked up once per styled start (see `styled_start`)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, style: str) -> WordParagraph:
        """A new paragraph at the end of the body, in `style`."""
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_id(style)
        return paragraph

    @property
    def contacts_first(self) -> bool:
        return self.theme.spec.contacts == "top"

    def write(self) -> WordDocument:
        self.set_up_page()
        self.set_core_properties()
        self.front_matter()
        self.body()
        self.call_to_action()
        self.end_mark()
        self.notes_and_about()
        if not self.contacts_first:
            self.contacts()
        self.sources()
        self.assets()
        return self.document

    # -- page ---------------------------------------------------------------

    def set_up_page(self) -> None:
        """Page size and margins from theme.yaml (the reference.docx's when no theme.yaml sets them);
        the release line and page numbers in every header and footer the section shows."""
        section = self.document.sections[0]
        spec = self.theme.spec
        if not self.from_reference or self.theme.sets("page_size"):
            width, height = PAGE_SIZES_MM[spec.page_size]
            section.page_width, section.page_height = Mm(width), Mm(height)
        if not self.from_reference or self.theme.sets("margins"):
            section.top_margin = Mm(spec.margins.top)
            section.bottom_margin = Mm(spec.margins.bottom)
            section.left_margin = Mm(spec.margins.left)
            section.right_margin = Mm(spec.margins.right)
            section.header_distance = Mm(min(10.0, spec.margins.top / 2))
            section.footer_distance = Mm(min(10.0, spec.margins.bottom / 2))
        headers, footers = [section.header], [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for header in headers:
            self.run(text_slot(header), wording.release_line(self.release, self.locale))
        for footer in footers:
            self.running_foot(footer)

    def running_foot(self, footer: Any) -> None:
        """`Page x of y` with live fields, in the order the locale's label puts them."""
        paragraph = text_slot(footer)
        pieces = label("page_x_of_y", self.locale, page="\0PAGE\0", pages="\0NUMPAGES\0").split("\0")
        for index, piece in enumerate(pieces):
            if index % 2:
                add_field(paragraph, piece, "1")
            elif piece:
                self.run(paragraph, piece)

    def set_core_properties(self) -> None:
        release, locale = self.release, self.locale
        properties = self.document.core_properties
        for element in list(properties._element):  # nothing of the reference's own (its author, dates…)
            properties._element.remove(element)
        subject = wording.type_label(release, locale)
        keywords = list(release.keywords)
        if release.embargo is not None:
            subject += " – " + wording.release_line(release, locale)
            keywords.append("embargoed")
        organisation = release.organisation.name
        midnight = dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=dt.UTC)
        properties.title = core_text(release.headline)
        properties.subject = core_text(subject)
        properties.author = core_text(organisation)
        properties.last_modified_by = core_text(organisation)
        properties.language = core_text(locale)
        properties.keywords = core_text(", ".join(keywords))
        properties.category = core_text(wording.type_label(release, locale))
        properties.identifier = core_text(release.slug)
        properties.comments = core_text(self.plain(release.standfirst))
        properties.created = midnight
        properties.modified = midnight
        properties.revision = 1

    # -- the parts of a release, in order -----------------------------------

    def front_matter(self) -> None:
        """Release line, type label and logo (heading the page when the theme puts it left or
        centre), the contacts when they go first, then the title block."""
        release, locale = self.release, self.locale
        letterhead = self.theme.spec.logo != "right"
        if letterhead:
            self.logo()
        announcement = [
            self.text_paragraph(wording.release_line(release, locale), "Release Line"),
            self.text_paragraph(wording.type_label(release, locale), "Release Type"),
        ]
        if self.theme.spec.logo == "center":  # centred under the logo, as in the PDF
            for paragraph in announcement:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not letterhead:
            self.logo()
        if self.contacts_first:
            self.top_contacts()
        self.text_paragraph(release.headline, "Title")
        if release.subheadline:
            self.text_paragraph(release.subheadline, "Subtitle")
        if release.standfirst:
            self.inline_paragraph(release.standfirst, "Standfirst")
        for highlight in release.highlights:
            self.inline_paragraph(highlight, "List Bullet")

    def logo(self) -> None:
        """The logo (else the organisation's name), aligned where the theme puts it."""
        organisation = self.release.organisation
        alignment = LOGO_ALIGNMENT[self.theme.spec.logo]
        if organisation.logo is None:
            self.text_paragraph(organisation.name, "Organisation").alignment = alignment
            return
        paragraph = self.paragraph("Logo")
        paragraph.alignment = alignment
        run = paragraph.add_run()
        spec = self.theme.spec
        page_width, page_height = PAGE_SIZES_MM[spec.page_size]
        text_width = page_width - spec.margins.left - spec.margins.right
        text_height = page_height - spec.margins.top - spec.margins.bottom
        source, image = word_image(organisation.logo)
        width, height = fitted_size(
            image, Mm(min(spec.logo_width_mm, text_width)), Mm(text_height * LOGO_HEIGHT_SHARE)
        )
        run.add_picture(source, width=width, height=height)
        picture = run.element.xpath(".//wp:docPr")[0]
        picture.set("name", clean(organisation.name))
        picture.set("descr", clean(organisation.logo_alt or organisation.name))

    def body(self) -> None:
        blocks = self.release.body
        first = next((i for i, block in enumerate(blocks) if isinstance(block, m.Paragraph)), None)
        dateline = themed.dateline(self.release, self.theme, self.locale)
        if first is None:
            self.text_paragraph(dateline, "Body Text", bold=True)
        for index, block in enumerate(blocks):
            if index == first:
                assert isinstance(block, m.Paragraph)
                paragraph = self.paragraph("Body Text")
                self.run(paragraph, dateline + " ", RunFormat(bold=True))
                self.inlines(paragraph, block.children)
            else:
                self.block(block)

    def call_to_action(self) -> None:
        action = self.release.call_to_action
        if action is None:
            return
        paragraph = self.paragraph("Call To Action")
        self.run(paragraph, f"{action.text}: ")
        self.link_text(paragraph, action.url, action.url)

    def end_mark(self) -> None:
        self.text_paragraph(self.release.end_mark, "End Mark")

    def notes_and_about(self) -> None:
        release, locale = self.release, self.locale
        if release.notes_to_editors:
            self.text_paragraph(label("notes_to_editors", locale), "Heading 1")
            self.blocks(release.notes_to_editors, back_matter=True)
        if release.organisation.boilerplate:
            self.text_paragraph(wording.about_title(release.organisation, locale), "Heading 1")
            self.blocks(release.organisation.boilerplate, back_matter=True)

    def top_contacts(self) -> None:
        """The media contacts under the release line (`contacts: top`, the wire style)."""
        if not self.release.contacts:
            return
        self.text_paragraph(label("contacts", self.locale), "Contacts Label")
        self.contact_paragraphs()

    def contacts(self) -> None:
        if not self.release.contacts:
            return
        self.text_paragraph(label("contacts", self.locale), "Heading 1")
        self.contact_paragraphs()

    def contact_paragraphs(self) -> None:
        for contact in self.release.contacts:
            paragraph = self.paragraph("Contact")
            self.run(paragraph, contact.name, RunFormat(bold=True))
            for line in wording.contact_lines(contact, self.locale):
                paragraph.add_run().add_break(WD_BREAK.LINE)
                self.contact_line(paragraph, line)

    def contact_line(self, paragraph: WordParagraph, line: wording.ContactLine) -> None:
        """`Email: ` as text and the address as its link."""
        if line.link is None or line.label is None:
            self.run(paragraph, line.text)
            return
        self.run(paragraph, line.caption)
        self.link_text(paragraph, line.link, line.value)

    def sources(self) -> None:
        sources = self.release.sources
        if not sources:
            return
        self.text_paragraph(label("sources", self.locale), "Heading 1")
        for source in sources:
            paragraph = self.paragraph("Source")
            self.run(paragraph, f"{source.number}. {wording.source_text(source)}")
            if source.url:
                self.run(paragraph, ", ")
                self.link_text(paragraph, source.url, source.url)
            for figure in wording.source_figures(self.release, source, self.locale):
                paragraph.add_run().add_break(WD_BREAK.LINE)
                self.run(paragraph, f"– {figure}")
            self.bookmark(paragraph, source_bookmark(source))

    def assets(self) -> None:
        release, locale = self.release, self.locale
        if not release.assets and release.press_kit is None:
            return
        self.text_paragraph(label("assets", locale), "Heading 1")
        for asset in release.assets:
            self.text_paragraph(wording.asset_description(asset, locale), "List Bullet")
        if release.press_kit is not None:
            paragraph = self.paragraph("Body Text")
            self.run(paragraph, label("press_kit", locale) + ": ")
            self.link_text(paragraph, release.press_kit.url, release.press_kit.text)

    # -- blocks -------------------------------------------------------------

    def blocks(self, blocks: m.Blocks, *, back_matter: bool = False, style: str = "Body Text") -> None:
        for block in blocks:
            self.block(block, back_matter=back_matter, style=style)

    def block(self, block: m.Block, *, back_matter: bool = False, style: str = "Body Text") -> None:
        """One block; `style` is the paragraph style, `back_matter` puts headings a level down."""
        match block:
            case m.Paragraph(children):
                self.inline_paragraph(children, style)
            case m.Heading(level, children):
                level = 2 if back_matter else min(max(level, 1), 2)
                self.inline_paragraph(children, f"Heading {level}")
            case m.ListBlock():
                self.list_block(block, depth=1)
            case m.Table():
                self.table(block)
            case m.BlockQuote(children):
                self.blocks(children, back_matter=back_matter, style="Quote")
            case m.QuoteRef(quote_id):
                self.quote(self.release.quotes[quote_id])
            case m.Preformatted(text):
                self.text_paragraph(text, "HTML Preformatted")

    def quote(self, quote: m.Quote) -> None:
        paragraph = self.paragraph("Quote")
        opening, closing = quote_marks(self.locale)
        self.run(paragraph, opening)
        self.inlines(paragraph, quote.text)
        self.run(paragraph, closing)
        self.text_paragraph("— " + wording.attribution(quote.speaker, self.locale), "Quote Attribution")

    def list_block(self, block: m.ListBlock, depth: int) -> None:
        level = min(depth, 3)
        kind = "List Number" if block.ordered else "List Bullet"
        style = kind if level == 1 else f"{kind} {level}"
        continuation = "List Continue" if level == 1 else f"List Continue {level}"
        numbering = restart_numbering(self.document, style, block.start) if block.ordered else None
        for item in block.items:
            marker = self.paragraph(style)
            if numbering is not None:
                set_numbering(marker, numbering)
            for index, child in enumerate(item):
                if isinstance(child, m.Paragraph) and index == 0:
                    self.inlines(marker, child.children)
                elif isinstance(child, m.Paragraph):
                    self.inline_paragraph(child.children, continuation)
                elif isinstance(child, m.ListBlock):
                    self.list_block(child, depth + 1)
                else:
                    self.block(child)

    def table(self, block: m.Table) -> None:
        """The table; one of more columns than the page holds readably in groups of columns
        one after another, each led by the first column (the key to its rows)."""
        columns = len(block.header)
        if not columns:
            return
        spec = self.theme.spec
        text_width = PAGE_SIZES_MM[spec.page_size][0] - spec.margins.left - spec.margins.right
        fitting = max(2, int(text_width // MIN_COLUMN_MM))
        for group in column_groups(columns, fitting):
            header = tuple(block.header[c] for c in group)
            rows = tuple(tuple(row[c] for c in group if c < len(row)) for row in block.rows)
            self.table_of(m.Table(header, rows))

    def table_of(self, block: m.Table) -> None:
        columns = len(block.header)
        table = self.document.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = TABLE_STYLE
        if is_right_to_left(self.locale):  # the first column on the right
            insert_ordered(table._tbl.tblPr, OxmlElement("w:bidiVisual"), TBLPR_ORDER)
        emphasise_header_row_only(table)
        repeat_as_header_row(table.rows[0])
        for row, cells in zip(table.rows, (block.header, *block.rows), strict=True):
            for word_cell, cell in zip(row.cells, cells, strict=False):
                paragraph = word_cell.paragraphs[0]
                if cell.align is not None:
                    paragraph.alignment = ALIGNMENTS[cell.align]
                self.inlines(paragraph, cell.children)
        self.paragraph("Table Spacer")

    # -- inlines ------------------------------------------------------------

    def inline_paragraph(self, inlines: m.Inlines, style: str) -> WordParagraph:
        paragraph = self.paragraph(style)
        self.inlines(paragraph, inlines)
        return paragraph

    def text_paragraph(self, text: str, style: str, *, bold: bool = False) -> WordParagraph:
        paragraph = self.paragraph(style)
        self.run(paragraph, text, RunFormat(bold=bold))
        return paragraph

    def inlines(
        self,
        paragraph: WordParagraph,
        inlines: m.Inlines,
        fmt: RunFormat = RunFormat(),
        into: Element | None = None,
    ) -> None:
        """Add `inlines` to `paragraph`, inside the hyperlink element `into` if given."""
        for node in inlines:
            match node:
                case m.Text(text):
                    self.run(paragraph, text, fmt, into)
                case m.Strong(children):
                    self.inlines(paragraph, children, replace(fmt, bold=True), into)
                case m.Emphasis(children):
                    self.inlines(paragraph, children, replace(fmt, italic=True), into)
                case m.Code(text):
                    self.run(paragraph, text, replace(fmt, code=True), into)
                case m.Link(url, children) if not fmt.in_link:
                    link = hyperlink(paragraph, url=url)
                    self.inlines(paragraph, children or (m.Text(url),), replace(fmt, in_link=True), link)
                case m.Link(_, children):
                    self.inlines(paragraph, children, fmt, into)
                case m.StatRef(stat_id):
                    self.statistic(paragraph, self.release.statistics[stat_id], fmt, into)
                case m.LineBreak():
                    self.run(paragraph, "", fmt, into).add_break(WD_BREAK.LINE)

    def statistic(
        self, paragraph: WordParagraph, stat: m.Statistic, fmt: RunFormat, into: Element | None
    ) -> None:
        """The value, then its source: a superscript number linked to the source, or `(NCMEC)`."""
        self.run(paragraph, wording.format_statistic(stat, self.locale), fmt, into)
        mode = self.theme.spec.sources
        mark = wording.citation(stat, mode)
        if mode != "endnotes":
            self.run(paragraph, " " + mark, fmt, into)
            return
        if into is None:
            into = hyperlink(paragraph, anchor=source_bookmark(stat.source))
        self.run(paragraph, mark, RunFormat(), into)._r.style = self.style_id("Source Reference")

    def link_text(self, paragraph: WordParagraph, url: str, text: str) -> None:
        self.run(paragraph, text, RunFormat(in_link=True), hyperlink(paragraph, url=url))

    def run(
        self,
        paragraph: WordParagraph,
        text: str,
        fmt: RunFormat = RunFormat(),
        into: Element | None = None,
    ) -> WordRun:
        """`text` as one run per script it holds, each marked for Word's script handling; the last run."""
        run: WordRun = None
        for piece, script in script_pieces(clean(text)):
            run = add_run(paragraph, piece)
            right_to_left = script is not None and fonts.is_right_to_left(
                next(c for c in piece if fonts.script_of(c) == script)
            )
            kind = (fmt, script, right_to_left)
            if kind not in self.run_properties:
                self.run_properties[kind] = self.properties_of(fmt, script, right_to_left)
            properties = self.run_properties[kind]
            if properties is not None:
                run._r.insert(0, copy.deepcopy(properties))
            if into is not None:
                into.append(run.element)
        return run

    def properties_of(self, fmt: RunFormat, script: str | None, right_to_left: bool) -> Element | None:
        """The `w:rPr` of a run of this kind (None: it needs none), made on a run of its own."""
        run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]  # no paragraph: it is a model
        if fmt.in_link:
            run._r.style = self.style_id("Hyperlink")
        if fmt.code:
            run.font.name = self.theme.spec.fonts.mono
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if script is not None:
            mark_script(run, script, fmt, self.theme, right_to_left)
        return run._r.rPr

    def bookmark(self, paragraph: WordParagraph, name: str) -> None:
        """Mark the whole of `paragraph` as the bookmark `name`."""
        start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(self.next_bookmark_id), qn("w:name"): name})
        end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(self.next_bookmark_id)})
        self.next_bookmark_id += 1
        properties = paragraph._p.pPr
        if properties is None:
            paragraph._p.insert(0, start)
        else:
            properties.addnext(start)
        paragraph._p.append(end)

    def plain(self, inlines: m.Inlines) -> str:
        return wording.plain_inlines(inlines, self.release, self.locale, sources=self.theme.spec.sources)


def column_groups(columns: int, fitting: int) -> list[tuple[int, ...]]:
    """Column indices in groups of at most `fitting`, each after the first led by column 0."""
    if columns <= fitting:
        return [tuple(range(columns))]
    rest = list(range(1, columns))
    step = fitting - 1
    return [(0, *rest[i : i + step]) for i in range(0, len(rest), step)]


def word_image(path: Path) -> tuple[str | IO[bytes], WordImage]:
    """The picture as python-docx can place it, and python-docx's reading of it.

    The file itself where python-docx reads it; else (a JPEG without a JFIF or
    Exif header, as CMYK and Adobe JPEGs are) re-encoded by Pillow, which reads
    every picture validation lets through.
    """
    try:
        return str(path), WordImage.from_file(str(path))
    except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError):
        stream = io.BytesIO(reencoded(path))
        return stream, WordImage.from_file(stream)


def reencoded(path: Path) -> bytes:
    """The picture as an RGB JPEG (a JPEG: a photograph stays one) or a PNG, which Word reads."""
    from PIL import Image

    with Image.open(path) as picture:
        picture.load()
        out = io.BytesIO()
        if picture.format == "JPEG":
            # Word shows RGB faithfully; a CMYK profile would not describe the converted pixels.
            picture.convert("RGB").save(out, "JPEG", quality=95)
        else:
            alpha = "A" in picture.mode or "transparency" in picture.info
            keeps_mode = picture.mode in ("1", "L", "LA", "P", "RGB", "RGBA")
            (picture if keeps_mode else picture.convert("RGBA" if alpha else "RGB")).save(out, "PNG")
        return out.getvalue()


def fitted_size(image: WordImage, width: Length, height: Length) -> tuple[Length, Length]:
    """The picture as large as fits `width` x `height`, its aspect kept, neither side 0 EMU.

    As python-docx sizes a picture given its width: the same file gives the same document.
    """
    fitted = image.scaled_dimensions(width=width)
    if fitted[1] > height:
        fitted = image.scaled_dimensions(height=height)
    return Emu(max(1, fitted[0])), Emu(max(1, fitted[1]))


def add_run(paragraph: WordParagraph, text: str) -> WordRun:
    """`paragraph.add_run(text)`, the same XML made without python-docx's character-by-character
    scan where the text holds no tab or line break for it to turn into elements."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    if text:
        run._r.add_t(text)
    return run


def script_pieces(text: str) -> list[tuple[str, str | None]]:
    """`text` cut where Word must treat it differently: right-to-left, complex or East Asian
    script (named), or anything else (None). Spaces and digits stay with the text before them."""
    if text.isascii():
        return [(text, None)]
    # (start, end, kind) of each piece, cut from the text at the end: joining strings run by
    # run would copy a long piece once per run in it.
    spans: list[tuple[int, int, str | None]] = []
    for start, end, script in fonts.script_runs(text):
        kind = script if script in fonts.COMPLEX_SCRIPTS or script in fonts.CJK_SCRIPTS else None
        both_cjk = spans and spans[-1][2] in fonts.CJK_SCRIPTS and kind in fonts.CJK_SCRIPTS
        if spans and (spans[-1][2] == kind or both_cjk):  # Han and kana share Word's East Asian slot
            spans[-1] = (spans[-1][0], end, kind)
        else:
            spans.append((start, end, kind))
    return [(text[start:end], kind) for start, end, kind in spans] or [(text, None)]


def mark_script(run: WordRun, script: str, fmt: RunFormat, theme: Theme, right_to_left: bool) -> None:
    """Word's marks for a run in `script`: its font slot, and right-to-left or complex-script handling.

    Word sets Arabic, Hebrew, Devanagari or Thai in the run's complex-script
    font (w:cs), bold and italic there as w:bCs and w:iCs, and lays a w:rtl run
    out right to left; CJK goes to the East Asian slot.
    """
    properties = run._r.get_or_add_rPr()
    family = theme.script_families.get(script)
    slot = "w:eastAsia" if script in fonts.CJK_SCRIPTS else "w:cs"
    if family is not None and not fmt.code:
        run_fonts = properties.get_or_add_rFonts()
        run_fonts.set(qn(slot), family)
        if slot == "w:eastAsia":
            run_fonts.set(qn("w:hint"), "eastAsia")
    if slot == "w:cs":
        if fmt.bold:
            insert_ordered(properties, OxmlElement("w:bCs"), RPR_ORDER)
        if fmt.italic:
            insert_ordered(properties, OxmlElement("w:iCs"), RPR_ORDER)
        insert_ordered(properties, OxmlElement("w:rtl" if right_to_left else "w:cs"), RPR_ORDER)


ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def source_bookmark(source: m.Source) -> str:
    return f"source_{source.number}"


def core_text(text: str) -> str:
    return clean(text)[:CORE_PROPERTY_LIMIT]


# --------------------------------------------------------------------------
# OOXML the python-docx API does not cover


def hyperlink(paragraph: WordParagraph, *, url: str | None = None, anchor: str | None = None) -> Element:
    """An empty `w:hyperlink` at the end of `paragraph`: to `url`, or to the bookmark `anchor`."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(clean(url), RT.HYPERLINK, is_external=True))
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def add_field(paragraph: WordParagraph, name: str, shown: str) -> None:
    """The field `name` (PAGE, NUMPAGES), showing `shown` until Word lays the page out."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {name} "})
    paragraph._p.append(field)
    field.append(paragraph.add_run(shown).element)


def insert_ordered(parent: Element, child: Element, order: list[str]) -> Element:
    """Put `child` into `parent` where the schema's element order wants it, replacing its like."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    name = next(n for n in order if qn(n) == tag)
    parent.insert_element_before(child, *order[order.index(name) + 1 :])
    return child


def repeat_as_header_row(row: Any) -> None:
    insert_ordered(row._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"), TRPR_ORDER)


def emphasise_header_row_only(table: Any) -> None:
    """Table style emphasis for the header row and banded rows, not the first column."""
    look = {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"}
    look |= {"w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"}
    properties = table._tbl.tblPr
    element = properties.find(qn("w:tblLook"))
    if element is None:  # python-docx writes one; it is the last child tblPr allows here
        element = OxmlElement("w:tblLook")
        properties.append(element)
    for attribute, value in look.items():
        element.set(qn(attribute), value)


def restart_numbering(document: WordDocument, style: str, start: int) -> int | None:
    """A new numbering instance for `style`'s list, counting from `start`: every list restarts.

    None when the style carries no numbering (a reference.docx may define
    List Number without it): the items are then the style's plain paragraphs.
    """
    properties = document.styles[style].element.pPr
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return None
    numbering = document.part.numbering_part.element
    style_num_id = properties.numPr.numId.val
    num = numbering.num_having_numId(style_num_id)
    abstract_id = num.abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def set_numbering(paragraph: WordParagraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def drop_template_extras(document: WordDocument) -> None:
    """Drop the template's parts that would misdescribe this document.

    The thumbnail is the template's own page, app.xml names the program that
    saved the template, custom properties and comments belong to it, and
    stylesWithEffects.xml would keep the template's unbranded styles for Word 2010.
    """
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES):
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.COMMENTS):
            document.part.rels.pop(rel_id)


# Parts the body links to: once a reference's body is cleared, those it no longer uses go.
BODY_RELATIONSHIPS = frozenset({RT.IMAGE, RT.HYPERLINK, RT.OLE_OBJECT, RT.PACKAGE, RT.CHART, RT.DIAGRAM_DATA})


def clear_body(document: WordDocument) -> None:
    """Empty a reference document's body, keeping its final section (page setup, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    used = set(re.findall(r'r:(?:id|embed|link|pict)="([^"]+)"', etree.tostring(document.element).decode()))
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in BODY_RELATIONSHIPS and rel_id not in used:
            document.part.rels.pop(rel_id)


def text_slot(header_or_footer: Any) -> WordParagraph:
    """The paragraph of a header or footer that presskit writes into, emptied.

    A reference's header keeps its look: the first paragraph without a
    picture keeps its style and properties (tabs, borders, alignment) and
    loses its text; pictures (a letterhead logo), tables and the rest stay.
    Other text-only paragraphs go, so no sample text is left behind.
    """
    slot: WordParagraph = None
    for paragraph in header_or_footer.paragraphs:
        if paragraph._p.xpath(".//w:drawing | .//w:pict"):
            continue
        if slot is None:
            slot = paragraph
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)
        else:
            paragraph._p.getparent().remove(paragraph._p)
    if slot is None:
        slot = header_or_footer.add_paragraph()
    if slot.style is None or slot.style.name not in ("Header", "Footer"):
        slot.style = "Header" if "Header" in type(header_or_footer).__name__ else "Footer"
    return slot


# --------------------------------------------------------------------------
# Styles: the reference's, else the template's, in the theme's fonts and colours


@dataclass(frozen=True)
class StyleSpec:
    """How one style looks; sizes are multiples of the theme's body size."""

    base: str | None = None
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    font: str | None = None  # "body", "heading", "mono"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # a key of the theme's colours
    before: float | None = None  # points
    after: float | None = None
    left: float | None = None  # millimetres
    align: WD_ALIGN_PARAGRAPH | None = None
    superscript: bool = False
    underline: bool = False
    tracking: float | None = None  # letter spacing, points
    left_rule: str | None = None  # colour key of a rule left of the paragraph
    shading: bool = False  # a pale fill in the primary colour


STYLES: dict[str, StyleSpec] = {
    "Body Text": StyleSpec(after=8),
    "Title": StyleSpec(font="heading", size=2.1, bold=True, colour="primary", before=6, after=10),
    "Subtitle": StyleSpec(font="heading", size=1.35, italic=False, colour="primary", tracking=0, after=8),
    "Standfirst": StyleSpec(base="Subtitle", font="body", size=1.15, colour="text", after=12),
    "Release Line": StyleSpec(base="Normal", font="heading", size=0.9, bold=True, colour="primary", after=2),
    "Release Type": StyleSpec(
        base="Normal", font="heading", size=1.05, bold=True, colour="accent", tracking=1, after=14
    ),
    "Logo": StyleSpec(base="Normal", after=14),
    "Organisation": StyleSpec(base="Normal", font="heading", size=1.4, bold=True, colour="primary", after=14),
    "Heading 1": StyleSpec(font="heading", size=1.3, bold=True, colour="primary", before=16, after=6),
    "Heading 2": StyleSpec(font="heading", size=1.1, bold=True, colour="primary", before=12, after=4),
    "List Bullet": StyleSpec(after=8),
    "List Number": StyleSpec(after=8),
    "Quote": StyleSpec(
        size=1.05,
        italic=True,
        colour="text",
        before=10,
        after=4,
        left=6,
        left_rule="quote_rule",
    ),
    "Quote Attribution": StyleSpec(
        base="Quote",
        size=0.95,
        italic=False,
        bold=True,
        colour="muted",
        before=0,
        after=12,
    ),
    "Call To Action": StyleSpec(base="Body Text", bold=True, before=6),
    "End Mark": StyleSpec(base="Normal", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12),
    "Contacts Label": StyleSpec(
        base="Normal", font="heading", size=0.8, bold=True, colour="primary", tracking=1, before=6, after=3
    ),
    "Contact": StyleSpec(base="Normal", after=10),
    "Source": StyleSpec(base="Normal", size=0.9, after=3),
    "HTML Preformatted": StyleSpec(base="Normal", font="mono", size=0.9, shading=True, before=6, after=10),
    "Table Spacer": StyleSpec(base="Normal", size=0.5, after=6),
    "Header": StyleSpec(size=0.8, colour="muted", after=0),
    "Footer": StyleSpec(size=0.8, colour="muted", after=0, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Hyperlink": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", underline=True),
    "Source Reference": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", superscript=True),
}
# Styles Word has built in: marked so, Word merges them with its own rather than adding a copy.
WORD_BUILT_IN = {"Hyperlink", "HTML Preformatted"}
NEXT_STYLE = {"Title": "Normal", "Subtitle": "Normal", "Standfirst": "Body Text", "Quote": "Body Text"}
# The template's styles the content uses as they are (nested lists, tables).
TEMPLATE_STYLES = (
    "Normal",
    "List Bullet 2",
    "List Bullet 3",
    "List Number 2",
    "List Number 3",
    "List Continue",
    "List Continue 2",
    "List Continue 3",
    TABLE_STYLE,
)
LOGO_ALIGNMENT = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
LOGO_ALIGNMENT["center"] = WD_ALIGN_PARAGRAPH.CENTER
# The logo is the theme's logo width wide and at most this share of the text's height tall,
# as in the PDF (renderers/pdf.py): a masthead, not a poster of a tall logo.
LOGO_HEIGHT_SHARE = 0.25

# theme.yaml's colours as Word theme colours (a reference.docx that uses "Accent 1" follows `primary`),
# and the colour presskit gives each Word theme colour it fills in.
THEME_COLOUR_SLOTS = {
    "primary": "accent1",
    "accent": "accent2",
    "muted": "accent3",
    "quote_rule": "accent4",
    "text": "text1",
}
SLOT_COLOURS = {
    "accent1": "primary",
    "dark2": "primary",
    "text2": "primary",
    "accent2": "accent",
    "hyperlink": "accent",
    "accent3": "muted",
    "accent4": "quote_rule",
    "dark1": "text",
    "text1": "text",
    "light1": "background",
    "background1": "background",
}
OFFICE_THEME_SLOTS = {
    "dk1": "text",
    "lt1": "background",
    "dk2": "primary",
    "accent1": "primary",
    "accent2": "accent",
    "accent3": "muted",
    "accent4": "quote_rule",
    "hlink": "accent",
}
FONT_FIELDS = {"body": "fonts.body", "heading": "fonts.heading", "mono": "fonts.mono"}


@dataclass(frozen=True)
class Styling:
    """How styles are written for one document.

    `wanted` says which theme.yaml fields to write into a style the document
    already has (all of them for python-docx's template; only those a nearer
    theme.yaml overrides for a reference.docx). `linked` writes colours and
    fonts as Word theme colours and fonts, for the reference.docx presskit
    ships, so that they keep following theme.yaml.
    """

    theme: Theme
    locale: str
    wanted: Callable[[str], bool]
    linked: bool = False

    def colour(self, key: str) -> str:
        return str(getattr(self.theme.spec.colours, key))[1:].upper()


def everything(_field: str) -> bool:
    return True


def define_styles(
    document: WordDocument, theme: Theme, locale: str, *, from_reference: bool = False, linked: bool = False
) -> None:
    """The styles the content uses, in the theme's fonts and colours.

    Without a reference.docx, python-docx's template styles are re-dressed
    wholly. With one, its styles win: a style it defines keeps its own look,
    except for the fields a theme.yaml nearer than the reference sets itself
    (`Theme.docx_overrides`); a style it lacks comes from presskit's built-in
    definition; and wherever it uses Word's theme colours or fonts ("Accent 1",
    "+Headings"), theme.yaml fills them in (`resolve_theme_links`).
    """
    styles = document.styles
    overrides = theme.docx_overrides
    present: Callable[[str], bool] = overrides.__contains__ if from_reference else everything
    set_document_defaults(styles.element, Styling(theme, locale, present, linked), from_reference)
    for name in TEMPLATE_STYLES:
        if name not in styles:
            copy_template_style(document, name)
    for name, spec in STYLES.items():
        if name in styles:
            apply_style(styles[name], spec, Styling(theme, locale, present, linked), whole=not from_reference)
            if from_reference:
                continue
        else:
            style = copy_template_style(document, name) or add_style(styles, name, spec)
            apply_style(style, spec, Styling(theme, locale, everything, linked), whole=True)
        following = NEXT_STYLE.get(name)
        if following is not None:
            styles[name].next_paragraph_style = styles[following]
        if name == "Subtitle":
            drop_subtitle_numbering(styles[name])
    resolve_theme_links(styles.element, theme, locale, keep_links=linked)


def prune_styles(document: WordDocument) -> None:
    """Drop the style definitions no presskit document uses.

    python-docx's template defines 179 styles, most of them table designs: 350 KB
    of styles.xml that every document would parse, write and zip. Word offers its
    built-in styles without definitions (the latent styles stay), so a press
    officer editing the release loses nothing. Kept: presskit's styles, the
    template's it uses, the defaults, those numbering refers to, and every style
    these are based on, continue with or link to. A reference.docx a press office
    made is never pruned: its styles are its brand.
    """
    root = document.styles.element
    defined = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}

    def name_of(style: Element) -> str | None:
        name = style.find(qn("w:name"))
        return None if name is None else str(name.get(qn("w:val")))

    # Word keeps built-in names in lower case ("heading 1"); python-docx shows "Heading 1".
    wanted = {name.casefold() for name in (*STYLES, *TEMPLATE_STYLES)}
    todo = [
        style_id
        for style_id, style in defined.items()
        if (name_of(style) or "").casefold() in wanted or style.get(qn("w:default")) in ("1", "true")
    ]
    numbering = document.part.numbering_part.element if _has_numbering(document) else None
    if numbering is not None:
        for tag in ("w:pStyle", "w:styleLink", "w:numStyleLink"):
            todo += [str(e.get(qn("w:val"))) for e in numbering.iter(qn(tag))]
    keep: set[str] = set()
    while todo:
        style_id = todo.pop()
        if style_id in keep or style_id not in defined:
            continue
        keep.add(style_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = defined[style_id].find(qn(tag))
            if reference is not None:
                todo.append(str(reference.get(qn("w:val"))))
    for style_id, style in defined.items():
        if style_id not in keep:
            root.remove(style)


def _has_numbering(document: WordDocument) -> bool:
    try:
        document.part.numbering_part  # noqa: B018 - python-docx adds the part when missing
    except (KeyError, NotImplementedError):
        return False
    return True


def add_style(styles: Any, name: str, spec: StyleSpec) -> WordStyle:
    style = styles.add_style(name, spec.kind, builtin=name in WORD_BUILT_IN)
    if spec.base is not None:
        style.base_style = styles[spec.base]
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        style.quick_style = True
    return style


@functools.cache
def template_document() -> WordDocument:
    """python-docx's own template, read once; only ever read from (styles are copied out of it)."""
    return docx.Document()


def copy_template_style(document: WordDocument, name: str) -> WordStyle | None:
    """`name` as python-docx's template defines it, copied into `document` with what it refers to
    (its base style, its list numbering); None when the template has no such style."""
    template = template_document()
    if name not in template.styles:
        return None
    styles = document.styles
    element = copy.deepcopy(template.styles[name].element)
    for tag in ("w:basedOn", "w:next", "w:link"):
        reference = element.find(qn(tag))
        if reference is None:
            continue
        referred = template.styles.element.get_by_id(reference.get(qn("w:val")))
        referred_name = referred.name_val if referred is not None else None
        if referred_name is None or (
            referred_name not in styles and copy_template_style(document, referred_name) is None
        ):
            element.remove(reference)
    properties = element.find(qn("w:pPr"))
    number = properties.find(qn("w:numPr") + "/" + qn("w:numId")) if properties is not None else None
    if number is not None:
        number.set(qn("w:val"), str(copy_numbering(template, document, int(number.get(qn("w:val"))))))
    styles.element.append(element)
    return styles[name]


def copy_numbering(template: WordDocument, document: WordDocument, num_id: int) -> int:
    """The template's list numbering `num_id` copied into `document`; its id there."""
    source = template.part.numbering_part.element
    target = document.part.numbering_part.element
    num = source.num_having_numId(num_id)
    abstract = source.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{num.abstractNumId.val}']")
    taken = [int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))]
    abstract = copy.deepcopy(abstract)
    abstract.set(qn("w:abstractNumId"), str(max(taken, default=-1) + 1))
    for stale in abstract.findall(qn("w:nsid")):  # Word tells lists apart by nsid: this one is new
        abstract.remove(stale)
    first_num = target.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum precedes every num
    else:
        target.append(abstract)
    return int(target.add_num(int(abstract.get(qn("w:abstractNumId")))).numId)


def apply_style(style: WordStyle, spec: StyleSpec, styling: Styling, *, whole: bool) -> None:
    """Write `spec` into `style`: all of it when `whole`, else only what `styling.wanted` names."""
    theme, wanted = styling.theme, styling.wanted
    body_size = theme.spec.fonts.body_size
    font = style.font
    properties = style.element.get_or_add_rPr()
    if spec.font is not None and (whole or wanted(FONT_FIELDS[spec.font])):
        role = spec.font
        if styling.linked and role in ("body", "heading"):
            set_theme_fonts(properties, "major" if role == "heading" else "minor")
        else:
            set_font_family(properties, font_family(role, theme), script_slots(theme, styling.locale))
    # Word sets complex scripts (Arabic, Hebrew, Devanagari, Thai) with their own size, bold and italic.
    if spec.size is not None and (whole or wanted("fonts.body_size")):
        font.size = Pt(round(body_size * spec.size * 2) / 2)
        half_points = str(round(body_size * spec.size * 2))
        insert_ordered(properties, OxmlElement("w:szCs", {qn("w:val"): half_points}), RPR_ORDER)
    if spec.colour is not None and (whole or wanted(f"colours.{spec.colour}")):
        insert_ordered(properties, colour_element("w:color", spec.colour, styling), RPR_ORDER)
    if whole:
        if spec.bold is not None:
            font.bold = spec.bold
            insert_ordered(properties, on_off("w:bCs", spec.bold), RPR_ORDER)
        if spec.italic is not None:
            font.italic = spec.italic
            insert_ordered(properties, on_off("w:iCs", spec.italic), RPR_ORDER)
        if spec.superscript:
            font.superscript = True
        if spec.underline:
            font.underline = True
        if spec.tracking is not None:
            tracking = OxmlElement("w:spacing", {qn("w:val"): str(round(spec.tracking * 20))})
            insert_ordered(style.element.get_or_add_rPr(), tracking, RPR_ORDER)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        apply_paragraph_format(style, spec, styling, whole=whole)


def colour_element(tag: str, key: str, styling: Styling, **attributes: str) -> Element:
    """`<w:color w:val=…/>` (or a border) in the theme colour `key`, linked to Word's theme when asked."""
    values = {qn(name): value for name, value in attributes.items()}
    values[qn("w:val" if tag == "w:color" else "w:color")] = styling.colour(key)
    if styling.linked and key in THEME_COLOUR_SLOTS:
        values[qn("w:themeColor")] = THEME_COLOUR_SLOTS[key]
    return OxmlElement(tag, values)


def apply_paragraph_format(style: WordStyle, spec: StyleSpec, styling: Styling, *, whole: bool) -> None:
    paragraph = style.paragraph_format
    if whole:
        if spec.before is not None:
            paragraph.space_before = Pt(spec.before)
        if spec.after is not None:
            paragraph.space_after = Pt(spec.after)
        if spec.left is not None:
            paragraph.left_indent = Mm(spec.left)
        if spec.align is not None:
            paragraph.alignment = spec.align
    properties = style.element.get_or_add_pPr()
    if spec.left_rule is not None and (whole or styling.wanted(f"colours.{spec.left_rule}")):
        rule = {"w:val": "single", "w:sz": "18", "w:space": "8"}  # 2.25 pt
        borders = OxmlElement("w:pBdr")
        borders.append(colour_element("w:left", spec.left_rule, styling, **rule))
        insert_ordered(properties, borders, PPR_ORDER)
    if spec.shading and (whole or styling.wanted("colours.primary") or styling.wanted("colours.background")):
        colours = styling.theme.spec.colours
        tint = mix(colours.primary, colours.background, 0.06)[1:]
        fill = {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): tint}
        insert_ordered(properties, OxmlElement("w:shd", fill), PPR_ORDER)


def set_document_defaults(styles: Element, styling: Styling, from_reference: bool) -> None:
    """Body font in every script slot, size, colour, spacing and the document language.

    Set here rather than on Normal because a paragraph style outranks a table
    style: colour on Normal would darken the white text of a table's header row.
    A reference.docx's own defaults stay, but for the fields a nearer
    theme.yaml overrides; the language is always the release's.
    """
    theme, locale = styling.theme, styling.locale
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    paragraph = _child(_child(defaults, "w:pPrDefault"), "w:pPr")

    def setting(field: str, tag: str, holder: Element) -> bool:
        return not from_reference or styling.wanted(field) or holder.find(qn(tag)) is None

    if setting("fonts.body", "w:rFonts", run):
        if styling.linked:
            set_theme_fonts(run, "minor")
        else:
            set_font_family(run, theme.spec.fonts.body, script_slots(theme, locale))
    if setting("colours.text", "w:color", run):
        insert_ordered(run, colour_element("w:color", "text", styling), RPR_ORDER)
    if setting("fonts.body_size", "w:sz", run):
        half_points = str(round(theme.spec.fonts.body_size * 2))
        for tag in ("w:sz", "w:szCs"):
            insert_ordered(run, OxmlElement(tag, {qn("w:val"): half_points}), RPR_ORDER)
    insert_ordered(run, language_element(locale), RPR_ORDER)
    if not from_reference or paragraph.find(qn("w:spacing")) is None:
        spacing = {qn("w:after"): "120", qn("w:line"): "276", qn("w:lineRule"): "auto"}  # 6 pt, 1.15 lines
        insert_ordered(paragraph, OxmlElement("w:spacing", spacing), PPR_ORDER)
    if is_right_to_left(locale):
        insert_ordered(paragraph, OxmlElement("w:bidi"), PPR_ORDER)


def _child(parent: Element, tag: str) -> Element:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def language_element(locale: str) -> Element:
    """`w:lang` naming `locale` in the slot Word reads for its script: Latin, East Asian or complex."""
    attributes = {"w:val": locale}
    language = locale.split("-")[0].lower()
    if language in EAST_ASIAN_LANGUAGES:
        attributes["w:eastAsia"] = locale
    if language in COMPLEX_SCRIPT_LANGUAGES or is_right_to_left(locale):
        attributes["w:bidi"] = locale
    return OxmlElement("w:lang", {qn(k): v for k, v in attributes.items()})


def is_right_to_left(locale: str) -> bool:
    return wording.text_direction(locale) == "rtl"


FONT_SLOTS = {"w:ascii": "w:asciiTheme", "w:hAnsi": "w:hAnsiTheme", "w:eastAsia": "w:eastAsiaTheme"}
FONT_SLOTS["w:cs"] = "w:cstheme"
THEME_FONT_NAMES = {"w:ascii": "HAnsi", "w:hAnsi": "HAnsi", "w:eastAsia": "EastAsia", "w:cs": "Bidi"}


def set_font_family(run_properties: Element, family: str, slots: dict[str, str] | None = None) -> None:
    """`family` for Latin, East Asian and complex scripts, overriding the template's theme fonts;
    `slots` names another family for some slots (`{"w:cs": "Noto Sans Arabic"}`)."""
    run_fonts = run_properties.get_or_add_rFonts()
    for attribute in FONT_SLOTS.values():
        run_fonts.attrib.pop(qn(attribute), None)
    for attribute in FONT_SLOTS:
        run_fonts.set(qn(attribute), (slots or {}).get(attribute, family))


def set_theme_fonts(run_properties: Element, kind: str) -> None:
    """Word's theme font (`major`: +Headings, `minor`: +Body) in every slot, explicit names dropped."""
    run_fonts = run_properties.get_or_add_rFonts()
    for slot, attribute in FONT_SLOTS.items():
        run_fonts.attrib.pop(qn(slot), None)
        run_fonts.set(qn(attribute), kind + THEME_FONT_NAMES[slot])


def resolve_theme_links(styles: Element, theme: Theme, locale: str, *, keep_links: bool = False) -> None:
    """Word theme colours and fonts in the styles made theme.yaml's, for every program.

    A colour that names a theme colour ("accent1") gets the theme.yaml colour
    behind it (shaded or tinted as the style asks) as its value, which
    LibreOffice and older Word read; a theme font ("+Headings") becomes the
    theme's heading or body family, the document language's script family
    in the East Asian and complex-script slots. `keep_links` keeps the
    theme references too (the reference.docx presskit ships keeps them, so
    that an editor's Word still offers them as theme colours and fonts).
    """
    colours = theme.spec.colours
    linked = "w:themeColor", "w:themeFill"
    for node in styles.xpath(" | ".join(f".//*[@{attribute}]" for attribute in linked)):
        for slot_attribute, value_attribute, shade, tint in (
            (
                "w:themeColor",
                "w:val" if node.tag == qn("w:color") else "w:color",
                "w:themeShade",
                "w:themeTint",
            ),
            ("w:themeFill", "w:fill", "w:themeFillShade", "w:themeFillTint"),
        ):
            slot = node.get(qn(slot_attribute))
            key = SLOT_COLOURS.get(slot or "")
            if key is None:
                continue
            value = shaded(getattr(colours, key), node.get(qn(shade)), node.get(qn(tint)))
            node.set(qn(value_attribute), value[1:].upper())
    slots = script_slots(theme, locale)
    themed = " or ".join(f"@{attribute}" for attribute in FONT_SLOTS.values())
    for run_fonts in styles.xpath(f".//w:rFonts[{themed}]"):
        for slot, attribute in FONT_SLOTS.items():
            kind = run_fonts.get(qn(attribute))
            if kind is None:
                continue
            family = theme.spec.fonts.heading if kind.startswith("major") else theme.spec.fonts.body
            run_fonts.set(qn(slot), slots.get(slot, family))
            if not keep_links:
                run_fonts.attrib.pop(qn(attribute))


def shaded(colour: str, shade: str | None, tint: str | None) -> str:
    """`colour` darkened by Word's themeShade or lightened by its themeTint (hex fractions of 255)."""
    if shade:
        return mix(colour, "#000000", int(shade, 16) / 255)
    if tint:
        return mix(colour, "#FFFFFF", int(tint, 16) / 255)
    return colour


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base`, as `#RRGGBB`."""
    pairs = zip(rgb_values(colour), rgb_values(base), strict=True)
    return "#" + "".join(f"{round(c * amount + b * (1 - amount)):02X}" for c, b in pairs)


def rgb_values(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def script_slots(theme: Theme, locale: str) -> dict[str, str]:
    """The document language's own script font in the slot Word reads it from, if the theme names one.

    An Arabic release sets its text in the complex-script slot, a Japanese one
    in the East Asian slot; text in other scripts gets its slot run by run.
    """
    script = fonts.locale_script(locale)
    family = theme.script_families.get(script) if script else None
    if script is None or family is None:
        return {}
    if script in fonts.CJK_SCRIPTS:
        return {"w:eastAsia": family}
    if script in fonts.COMPLEX_SCRIPTS:
        return {"w:cs": family}
    return {}


def on_off(tag: str, value: bool) -> Element:
    return OxmlElement(tag) if value else OxmlElement(tag, {qn("w:val"): "0"})


def font_family(role: str, theme: Theme) -> str:
    fonts = theme.spec.fonts
    return {"body": fonts.body, "heading": fonts.heading, "mono": fonts.mono}.get(role, role)


def drop_subtitle_numbering(style: WordStyle) -> None:
    """The template's Subtitle carries an empty numbering reference that Word shows as indent."""
    properties = style.element.pPr
    if properties is not None and properties.numPr is not None:
        properties.remove(properties.numPr)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour[1:].upper())


# --------------------------------------------------------------------------
# The package


DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"


def rebrand_office_theme(xml: bytes, theme: Theme) -> bytes:
    """The Office theme in the brand's colours and fonts.

    Word's own style galleries, table styles and "theme colour" pickers read
    these, so an editor who restyles stays on brand.
    """
    root = etree.fromstring(xml)
    colours, fonts = theme.spec.colours, theme.spec.fonts
    for slot, key in OFFICE_THEME_SLOTS.items():
        colour = str(getattr(colours, key))
        for entry in root.iterfind(f".//{{{DRAWINGML}}}clrScheme/{{{DRAWINGML}}}{slot}"):
            entry.clear()
            etree.SubElement(entry, f"{{{DRAWINGML}}}srgbClr", val=colour[1:].upper())
    for font_slot, family in (("majorFont", fonts.heading), ("minorFont", fonts.body)):
        for latin in root.iterfind(f".//{{{DRAWINGML}}}{font_slot}/{{{DRAWINGML}}}latin"):
            latin.set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def declare_monospace(xml: bytes, family: str) -> bytes:
    """The font table told that `family` is fixed-pitch, so Word without it substitutes a monospaced face."""
    root = etree.fromstring(xml)
    name = f"{{{W_NS}}}name"
    if any(font.get(name) == family for font in root.iterfind(f"{{{W_NS}}}font")):
        return xml
    font = etree.SubElement(root, f"{{{W_NS}}}font", {name: family})
    etree.SubElement(font, f"{{{W_NS}}}family", {f"{{{W_NS}}}val": "modern"})
    etree.SubElement(font, f"{{{W_NS}}}pitch", {f"{{{W_NS}}}val": "fixed"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def package_parts(document: WordDocument) -> dict[str, bytes]:
    """Every part python-docx writes, by zip entry name."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def deterministic_zip(parts: dict[str, bytes], day: dt.date) -> bytes:
    """The parts zipped with fixed times and permissions in a fixed order."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if 1980 <= day.year <= 2107 else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: (n != CONTENT_TYPES, n)):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, parts[name])
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The reference.docx presskit ships


REFERENCE_SAMPLES = (
    ("Release Line", "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025 (Release Line)"),
    ("Release Type", "MEDIA RELEASE (Release Type)"),
    ("Logo", "The organisation's logo sits in this paragraph (Logo)"),
    ("Organisation", "The organisation, where it has no logo (Organisation)"),
    ("Contacts Label", "Media contacts (Contacts Label: contacts at the top, as the wire theme puts them)"),
    ("Title", "The headline (Title)"),
    ("Subtitle", "The subheadline (Subtitle)"),
    ("Standfirst", "The standfirst: one or two sentences that say what the release is about (Standfirst)"),
    ("List Bullet", "A key point, or an item of a bulleted list (List Bullet)"),
    ("Body Text", "LONDON, 11 December 2025 – The body of the release (Body Text)."),
    ("Heading 1", "A section heading (Heading 1)"),
    ("Heading 2", "A sub-heading (Heading 2)"),
    ("List Number", "An item of a numbered list (List Number)"),
    ("Quote", "“A quotation, set apart from the text.” (Quote)"),
    ("Quote Attribution", "— The speaker, their role, their organisation (Quote Attribution)"),
    ("Call To Action", "The call to action: https://example.org/ (Call To Action)"),
    ("End Mark", "-Ends-"),
    ("Contact", "A media contact: name, role, e-mail and phone (Contact)"),
    ("Source", "1. A numbered source of the statistics (Source)"),
    ("HTML Preformatted", "Preformatted text, as in code (HTML Preformatted)"),
)


def reference_document(theme: Theme) -> bytes:
    """A reference.docx holding presskit's built-in styles, one sample paragraph for each.

    Its colours and fonts are Word theme colours and fonts ("Accent 1" is the
    theme's primary colour, "+Headings" its heading font), so a theme that
    extends one shipping this file still sets them in theme.yaml; everything
    else (sizes, spacing, borders) a press office changes in Word. This is
    how templates/default/reference.docx is made (`pytest --update-golden`).
    """
    document = docx.Document()
    drop_template_extras(document)
    define_styles(document, theme, "en-GB", linked=True)
    prune_styles(document)
    section = document.sections[0]
    spec = theme.spec
    width, height = PAGE_SIZES_MM[spec.page_size]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(spec.margins.top), Mm(spec.margins.bottom)
    section.left_margin, section.right_margin = Mm(spec.margins.left), Mm(spec.margins.right)
    section.header_distance = Mm(min(10.0, spec.margins.top / 2))
    section.footer_distance = Mm(min(10.0, spec.margins.bottom / 2))
    section.header.paragraphs[0].text = "The release line, on every page (Header)"
    section.footer.paragraphs[0].text = "Page 1 of 1 (Footer)"
    for style, text in REFERENCE_SAMPLES:
        paragraph = document.add_paragraph(text, style=style)
        if style == "Body Text":
            paragraph.add_run(" A statistic’s source")
            paragraph.add_run("1").style = "Source Reference"
            paragraph.add_run(" and a ")
            paragraph.add_run("link").style = "Hyperlink"
            paragraph.add_run(" (Source Reference, Hyperlink).")
    table = document.add_table(rows=2, cols=2)
    table.style = TABLE_STYLE
    for cell, text in zip(table._cells, ("A table", "(Light List Accent 1)", "Row", "Value"), strict=True):
        cell.text = text
    emphasise_header_row_only(table)
    properties = document.core_properties
    for element in list(properties._element):
        properties._element.remove(element)
    properties.title = "presskit reference document"
    properties.comments = "Restyle the styles in Word; presskit clears this text and keeps the styles."
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    properties.created = properties.modified = moment
    properties.revision = 1
    return finished_package(document, theme, moment.date())
