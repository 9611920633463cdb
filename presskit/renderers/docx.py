"""Word (.docx): the release as a document a press officer can send untouched.

Built on python-docx's default template. Its real Word styles (Title,
Heading 1, Quote, List Bullet, Hyperlink…) are re-dressed in the theme's fonts
and colours, and the content uses those styles rather than direct formatting,
so an editor restyles the release in Word. The package is re-zipped with fixed
timestamps so that the same release gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from presskit import fonts, wording
from presskit import model as m
from presskit.labels import label, quote_marks
from presskit.theme import Theme

# python-docx has no type stubs: its objects are Any to mypy. These aliases
# say which Word object a name holds.
WordDocument = Any
WordParagraph = Any
WordRun = Any
WordStyle = Any
Element = Any

MONOSPACE_FONT = "Courier New"  # on every Word install; LibreOffice maps it to Liberation Mono
TABLE_STYLE = "Light List Accent 1"
TEMPLATE_ACCENT1 = "4F81BD"  # accent 1 of python-docx's template theme, recoloured to the brand
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
CONTENT_TYPES = "[Content_Types].xml"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

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
    parts = package_parts(document)
    parts["word/theme/theme1.xml"] = rebrand_office_theme(parts["word/theme/theme1.xml"], theme)
    return deterministic_zip(parts, release.date)


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
        self.document: WordDocument = docx.Document()
        self.next_bookmark_id = 0

    def write(self) -> WordDocument:
        drop_template_extras(self.document)
        define_styles(self.document, self.theme, self.locale)
        self.set_up_page()
        self.set_core_properties()
        self.front_matter()
        self.body()
        self.call_to_action()
        self.end_mark()
        self.notes_and_about()
        self.contacts()
        self.sources()
        self.assets()
        return self.document

    # -- page ---------------------------------------------------------------

    def set_up_page(self) -> None:
        section = self.document.sections[0]
        spec = self.theme.spec
        width, height = PAGE_SIZES_MM[spec.page_size]
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin = Mm(spec.margins.top)
        section.bottom_margin = Mm(spec.margins.bottom)
        section.left_margin = Mm(spec.margins.left)
        section.right_margin = Mm(spec.margins.right)
        section.header_distance = Mm(min(10.0, spec.margins.top / 2))
        section.footer_distance = Mm(min(10.0, spec.margins.bottom / 2))
        running_head = section.header.paragraphs[0]
        self.run(running_head, wording.release_line(self.release, self.locale))
        self.running_foot(section.footer)

    def running_foot(self, footer: Any) -> None:
        """`Page x of y` with live fields, in the order the locale's label puts them."""
        paragraph = footer.paragraphs[0]
        pieces = label("page_x_of_y", self.locale, page="\0PAGE\0", pages="\0NUMPAGES\0").split("\0")
        for index, piece in enumerate(pieces):
            if index % 2:
                add_field(paragraph, piece, "1")
            elif piece:
                self.run(paragraph, piece)

    def set_core_properties(self) -> None:
        release, locale = self.release, self.locale
        properties = self.document.core_properties
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
        release, locale = self.release, self.locale
        self.text_paragraph(wording.release_line(release, locale), "Release Line")
        self.text_paragraph(wording.type_label(release, locale), "Release Type")
        self.logo()
        self.text_paragraph(release.headline, "Title")
        if release.subheadline:
            self.text_paragraph(release.subheadline, "Subtitle")
        if release.standfirst:
            self.inline_paragraph(release.standfirst, "Standfirst")
        for highlight in release.highlights:
            self.inline_paragraph(highlight, "List Bullet")

    def logo(self) -> None:
        organisation = self.release.organisation
        if organisation.logo is None:
            self.text_paragraph(organisation.name, "Organisation")
            return
        paragraph = self.document.add_paragraph(style="Logo")
        run = paragraph.add_run()
        spec = self.theme.spec
        text_width = PAGE_SIZES_MM[spec.page_size][0] - spec.margins.left - spec.margins.right
        run.add_picture(str(organisation.logo), width=Mm(min(spec.logo_width_mm, text_width)))
        picture = run.element.xpath(".//wp:docPr")[0]
        picture.set("name", clean(organisation.name))
        picture.set("descr", clean(organisation.logo_alt or organisation.name))

    def body(self) -> None:
        blocks = self.release.body
        first = next((i for i, block in enumerate(blocks) if isinstance(block, m.Paragraph)), None)
        dateline = wording.dateline(self.release, self.locale)
        if first is None:
            self.text_paragraph(dateline, "Body Text", bold=True)
        for index, block in enumerate(blocks):
            if index == first:
                assert isinstance(block, m.Paragraph)
                paragraph = self.document.add_paragraph(style="Body Text")
                self.run(paragraph, dateline + " ", RunFormat(bold=True))
                self.inlines(paragraph, block.children)
            else:
                self.block(block)

    def call_to_action(self) -> None:
        action = self.release.call_to_action
        if action is None:
            return
        paragraph = self.document.add_paragraph(style="Call To Action")
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

    def contacts(self) -> None:
        if not self.release.contacts:
            return
        self.text_paragraph(label("contacts", self.locale), "Heading 1")
        for contact in self.release.contacts:
            paragraph = self.document.add_paragraph(style="Contact")
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
            paragraph = self.document.add_paragraph(style="Source")
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
            paragraph = self.document.add_paragraph(style="Body Text")
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
        paragraph = self.document.add_paragraph(style="Quote")
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
            marker = self.document.add_paragraph(style=style)
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
        columns = len(block.header)
        if not columns:
            return
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
        self.document.add_paragraph(style="Table Spacer")

    # -- inlines ------------------------------------------------------------

    def inline_paragraph(self, inlines: m.Inlines, style: str) -> WordParagraph:
        paragraph = self.document.add_paragraph(style=style)
        self.inlines(paragraph, inlines)
        return paragraph

    def text_paragraph(self, text: str, style: str, *, bold: bool = False) -> WordParagraph:
        paragraph = self.document.add_paragraph(style=style)
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
        self.run(paragraph, mark, RunFormat(), into).style = "Source Reference"

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
            run = paragraph.add_run(piece)
            if fmt.in_link:
                run.style = "Hyperlink"
            if fmt.code:
                run.font.name = MONOSPACE_FONT
            if fmt.bold:
                run.bold = True
            if fmt.italic:
                run.italic = True
            if script is not None:
                mark_script(run, script, fmt, self.theme)
            if into is not None:
                into.append(run.element)
        return run

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


def script_pieces(text: str) -> list[tuple[str, str | None]]:
    """`text` cut where Word must treat it differently: right-to-left, complex or East Asian
    script (named), or anything else (None). Spaces and digits stay with the text before them."""
    if text.isascii():
        return [(text, None)]
    pieces: list[tuple[str, str | None]] = []
    for start, end, script in fonts.script_runs(text):
        kind = script if script in fonts.COMPLEX_SCRIPTS or script in fonts.CJK_SCRIPTS else None
        both_cjk = pieces and pieces[-1][1] in fonts.CJK_SCRIPTS and kind in fonts.CJK_SCRIPTS
        if pieces and (pieces[-1][1] == kind or both_cjk):  # Han and kana share Word's East Asian slot
            pieces[-1] = (pieces[-1][0] + text[start:end], kind)
        else:
            pieces.append((text[start:end], kind))
    return pieces or [(text, None)]


def mark_script(run: WordRun, script: str, fmt: RunFormat, theme: Theme) -> None:
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
        right_to_left = fonts.is_right_to_left(next(c for c in run.text if fonts.script_of(c) == script))
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


def restart_numbering(document: WordDocument, style: str, start: int) -> int:
    """A new numbering instance for `style`'s list, counting from `start`: every list restarts."""
    numbering = document.part.numbering_part.element
    style_num_id = document.styles[style].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def set_numbering(paragraph: WordParagraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def drop_template_extras(document: WordDocument) -> None:
    """Drop the template's parts that would misdescribe this document.

    The thumbnail is python-docx's own page, app.xml names "Microsoft
    Macintosh Word", and stylesWithEffects.xml would keep the template's
    unbranded styles for Word 2010.
    """
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)


# --------------------------------------------------------------------------
# Styles: the template's own, in the theme's fonts and colours


@dataclass(frozen=True)
class StyleSpec:
    """How one style looks; sizes are multiples of the theme's body size."""

    base: str | None = None
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    font: str | None = None  # "body", "heading" or a family name
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
    shading: str | None = None  # fill colour, #RRGGBB


STYLES: dict[str, StyleSpec] = {
    "Body Text": StyleSpec(after=8),
    "Title": StyleSpec(font="heading", size=2.1, bold=True, colour="primary", before=6, after=10),
    "Subtitle": StyleSpec(font="heading", size=1.35, italic=False, colour="primary", tracking=0, after=8),
    "Standfirst": StyleSpec(base="Subtitle", font="body", size=1.15, colour="text", after=12),
    "Release Line": StyleSpec(base="Normal", size=0.9, bold=True, colour="primary", after=2),
    "Release Type": StyleSpec(base="Normal", size=1.05, bold=True, colour="accent", tracking=1, after=14),
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
    "Contact": StyleSpec(base="Normal", after=10),
    "Source": StyleSpec(base="Normal", size=0.9, after=3),
    "HTML Preformatted": StyleSpec(
        base="Normal", font=MONOSPACE_FONT, size=0.9, shading="#F3F4F6", before=6, after=10
    ),
    "Table Spacer": StyleSpec(base="Normal", size=0.5, after=6),
    "Header": StyleSpec(size=0.8, colour="muted", after=0),
    "Footer": StyleSpec(size=0.8, colour="muted", after=0, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Hyperlink": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", underline=True),
    "Source Reference": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", superscript=True),
}
# Styles Word has built in: marked so, Word merges them with its own rather than adding a copy.
WORD_BUILT_IN = {"Hyperlink", "HTML Preformatted"}
NEXT_STYLE = {"Title": "Normal", "Subtitle": "Normal", "Standfirst": "Body Text", "Quote": "Body Text"}


def define_styles(document: WordDocument, theme: Theme, locale: str) -> None:
    styles = document.styles
    set_document_defaults(styles.element, theme, locale)
    for name, spec in STYLES.items():
        style = styles[name] if name in styles else add_style(styles, name, spec)
        apply_style(style, spec, theme, locale)
    for name, following in NEXT_STYLE.items():
        styles[name].next_paragraph_style = styles[following]
    drop_subtitle_numbering(styles["Subtitle"])
    for name in (TABLE_STYLE, "Title"):
        recolour(styles[name].element, TEMPLATE_ACCENT1, theme.spec.colours.primary)


def add_style(styles: Any, name: str, spec: StyleSpec) -> WordStyle:
    style = styles.add_style(name, spec.kind, builtin=name in WORD_BUILT_IN)
    if spec.base is not None:
        style.base_style = styles[spec.base]
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        style.quick_style = True
    return style


def apply_style(style: WordStyle, spec: StyleSpec, theme: Theme, locale: str) -> None:
    body_size = theme.spec.fonts.body_size
    font = style.font
    properties = style.element.get_or_add_rPr()
    if spec.font is not None:
        set_font_family(properties, font_family(spec.font, theme), script_slots(theme, locale))
    # Word sets complex scripts (Arabic, Hebrew, Devanagari, Thai) with their own size, bold and italic.
    if spec.size is not None:
        font.size = Pt(round(body_size * spec.size * 2) / 2)
        half_points = str(round(body_size * spec.size * 2))
        insert_ordered(properties, OxmlElement("w:szCs", {qn("w:val"): half_points}), RPR_ORDER)
    if spec.bold is not None:
        font.bold = spec.bold
        insert_ordered(properties, on_off("w:bCs", spec.bold), RPR_ORDER)
    if spec.italic is not None:
        font.italic = spec.italic
        insert_ordered(properties, on_off("w:iCs", spec.italic), RPR_ORDER)
    if spec.colour is not None:
        font.color.rgb = rgb(getattr(theme.spec.colours, spec.colour))
    if spec.superscript:
        font.superscript = True
    if spec.underline:
        font.underline = True
    if spec.tracking is not None:
        tracking = OxmlElement("w:spacing", {qn("w:val"): str(round(spec.tracking * 20))})
        insert_ordered(style.element.get_or_add_rPr(), tracking, RPR_ORDER)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        apply_paragraph_format(style, spec, theme)


def apply_paragraph_format(style: WordStyle, spec: StyleSpec, theme: Theme) -> None:
    paragraph = style.paragraph_format
    if spec.before is not None:
        paragraph.space_before = Pt(spec.before)
    if spec.after is not None:
        paragraph.space_after = Pt(spec.after)
    if spec.left is not None:
        paragraph.left_indent = Mm(spec.left)
    if spec.align is not None:
        paragraph.alignment = spec.align
    properties = style.element.get_or_add_pPr()
    if spec.left_rule is not None:
        colour = getattr(theme.spec.colours, spec.left_rule)[1:].upper()
        rule = {"w:val": "single", "w:sz": "18", "w:space": "8", "w:color": colour}  # 2.25 pt
        borders = OxmlElement("w:pBdr")
        borders.append(OxmlElement("w:left", {qn(k): v for k, v in rule.items()}))
        insert_ordered(properties, borders, PPR_ORDER)
    if spec.shading is not None:
        fill = {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): spec.shading[1:].upper()}
        insert_ordered(properties, OxmlElement("w:shd", fill), PPR_ORDER)


def set_document_defaults(styles: Element, theme: Theme, locale: str) -> None:
    """Body font in every script slot, size, colour, spacing and the document language.

    Set here rather than on Normal because a paragraph style outranks a table
    style: colour on Normal would darken the white text of a table's header row.
    """
    defaults = styles.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_font_family(run, theme.spec.fonts.body, script_slots(theme, locale))
    colour = OxmlElement("w:color", {qn("w:val"): theme.spec.colours.text[1:].upper()})
    insert_ordered(run, colour, RPR_ORDER)
    half_points = str(round(theme.spec.fonts.body_size * 2))
    for tag in ("w:sz", "w:szCs"):
        insert_ordered(run, OxmlElement(tag, {qn("w:val"): half_points}), RPR_ORDER)
    insert_ordered(run, language_element(locale), RPR_ORDER)
    paragraph = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = {qn("w:after"): "120", qn("w:line"): "276", qn("w:lineRule"): "auto"}  # 6 pt, 1.15 lines
    insert_ordered(paragraph, OxmlElement("w:spacing", spacing), PPR_ORDER)
    if is_right_to_left(locale):
        insert_ordered(paragraph, OxmlElement("w:bidi"), PPR_ORDER)


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


def set_font_family(run_properties: Element, family: str, slots: dict[str, str] | None = None) -> None:
    """`family` for Latin, East Asian and complex scripts, overriding the template's theme fonts;
    `slots` names another family for some slots (`{"w:cs": "Noto Sans Arabic"}`)."""
    run_fonts = run_properties.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        run_fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        run_fonts.set(qn(attribute), (slots or {}).get(attribute, family))


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
    return {"body": fonts.body, "heading": fonts.heading}.get(role, role)


def drop_subtitle_numbering(style: WordStyle) -> None:
    """The template's Subtitle carries an empty numbering reference that Word shows as indent."""
    properties = style.element.pPr
    if properties is not None and properties.numPr is not None:
        properties.remove(properties.numPr)


def recolour(element: Element, old_hex: str, new_colour: str) -> None:
    """Replace every explicit `old_hex` colour or fill under `element` with `new_colour`."""
    new_hex = new_colour[1:].upper()
    for node in element.iter():
        for attribute in (qn("w:color"), qn("w:fill")):
            if node.get(attribute) == old_hex:
                node.set(attribute, new_hex)


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
    scheme = {"dk2": colours.primary, "accent1": colours.primary, "accent2": colours.accent}
    scheme |= {"hlink": colours.accent}
    for slot, colour in scheme.items():
        for entry in root.iterfind(f".//{{{DRAWINGML}}}clrScheme/{{{DRAWINGML}}}{slot}"):
            entry.clear()
            etree.SubElement(entry, f"{{{DRAWINGML}}}srgbClr", val=colour[1:].upper())
    for font_slot, family in (("majorFont", fonts.heading), ("minorFont", fonts.body)):
        for latin in root.iterfind(f".//{{{DRAWINGML}}}{font_slot}/{{{DRAWINGML}}}latin"):
            latin.set("typeface", family)
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
