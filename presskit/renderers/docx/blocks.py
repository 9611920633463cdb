"""Body blocks: paragraphs, headings, quotes, lists with their numbering, preformatted text and tables."""

from __future__ import annotations

from typing import Any, cast

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph

from presskit import model as m
from presskit.renderers.docx.brand import is_right_to_left, set_language
from presskit.renderers.docx.inlines import InlineWriter
from presskit.renderers.docx.ooxml import (
    TBLPR_ORDER,
    emphasise_header_row_only,
    insert_ordered,
    repeat_as_header_row,
    restart_numbering,
    set_numbering,
)
from presskit.renderers.docx.page import PAGE_SIZES_MM
from presskit.renderers.docx.styles import TABLE_STYLE
from presskit.words import wording
from presskit.words.labels import quote_marks
from presskit.words.local_forms import closing_quote

# The narrowest column a table is given, its cell margins included: room for a word of eight
# letters or so. A table of more columns than the text width holds at this is set in groups.
MIN_COLUMN_MM = 20.0


class BlockWriter(InlineWriter):
    """Writes blocks of the release's text into the document."""

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
        """The quote in the locale's marks: each paragraph opens with one, the last closes it."""
        opening = quote_marks(self.locale)[0]
        last = len(quote.paragraphs) - 1
        for index, said in enumerate(quote.paragraphs):
            text, closing = closing_quote(said, self.locale) if index == last else (said, "")
            paragraph = self.paragraph("Quote")
            self.run(paragraph, opening)
            self.inlines(paragraph, text)
            if closing:
                self.run(paragraph, closing)
            if quote.lang and quote.lang != self.locale:
                mark_language(paragraph, quote.lang)
        attribution = "— " + wording.quote_attribution(quote, self.locale)
        self.text_paragraph(attribution, "Quote Attribution", f"quotes.{quote.id}")

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


def column_groups(columns: int, fitting: int) -> list[tuple[int, ...]]:
    """Column indices in groups of at most `fitting`, each after the first led by column 0."""
    if columns <= fitting:
        return [tuple(range(columns))]
    rest = list(range(1, columns))
    step = fitting - 1
    return [(0, *rest[i : i + step]) for i in range(0, len(rest), step)]


ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def mark_language(paragraph: WordParagraph, locale: str) -> None:
    """Every run of `paragraph` in `locale` (a quote in another language): Word's spelling and
    screen readers switch to it."""
    for run in paragraph._p.iter(qn("w:r")):
        set_language(cast(Any, run).get_or_add_rPr(), locale)
