"""The release's blocks as flowables: the body's paragraphs, headings, lists, tables, quotes and code.

Lists and quotes narrow the measure for what they hold, never below the narrowest
measure (MIN_MEASURE_EMS); tables too wide for it are set smaller or in groups
of columns (see `presskit.renderers.pdf.tables`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    ListFlowable,
    ListItem,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

from presskit import model as m
from presskit.renderers.languages import field_inlines, source_field
from presskit.renderers.pdf.direction import isolated
from presskit.renderers.pdf.faces import faces_of
from presskit.renderers.pdf.markup import clean, language_markup, link_markup, source_anchor, text_markup
from presskit.renderers.pdf.outline import OutlinedParagraph, OutlineEntry
from presskit.renderers.pdf.pages import frame_size
from presskit.renderers.pdf.paragraphs import make_paragraph
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.styles import Styles, scaled_style, tint
from presskit.renderers.pdf.tables import (
    CELL_PADDING,
    ROW_CHUNK,
    WORD_CAP_EMS,
    LongRows,
    longest_word,
    padded_cells,
    table_layout,
)
from presskit.renderers.pdf.tagging import tag
from presskit.themes.theme import Theme
from presskit.words import wording
from presskit.words.labels import quote_marks
from presskit.words.local_forms import closing_quote

Flowables = list[Flowable]
# The narrowest measure nesting may leave for text, in ems of the body (some 45 characters),
# never more than half the frame.
MIN_MEASURE_EMS = 25


class BlockWriter:
    """The flowables of a release's blocks (paragraphs, headings, lists, tables, quotes, code)
    and of their inline markup, at the measure of their nesting."""

    def __init__(
        self, release: m.Release, theme: Theme, locale: str, styles: Styles, setting: ScriptSetting
    ) -> None:
        self.release = release
        self.theme = theme
        self.locale = locale
        self.styles = styles
        self.setting = setting
        self.rtl = setting.rtl
        self.accent = theme.spec.colours.accent
        frame_width, _ = frame_size(theme)
        # The measure at the current depth of nesting: lists and quotes narrow it for their content.
        self.width: float = frame_width
        size = styles.body.fontSize
        self.narrowest = min(MIN_MEASURE_EMS * size, frame_width / 2)
        self.anchors = 0

    def para(self, markup: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
        """A paragraph: reportlab's own where it can set the text, else presskit's ScriptParagraph."""
        return make_paragraph(self.setting, markup, style, **kwargs)

    def inline_para(self, nodes: Sequence[m.Inline], style: ParagraphStyle) -> Paragraph:
        """A paragraph of `nodes`; wholly in another language, its element says which."""
        lang, children = foreign_lang(nodes)
        return tag(self.para(self.inline(children), style), lang=lang)

    def field_para(self, text: str, style: ParagraphStyle, *fields: str) -> Paragraph:
        """A paragraph of `text`, a line holding the release's one-line `fields` (unit ids or their
        prefixes): one wholly left untranslated says its language on its element, a part of the
        line in a span (`presskit.renderers.languages`)."""
        return self.inline_para(field_inlines(text, self.release, *fields), style)

    def field_markup(self, text: str, *fields: str) -> str:
        """`text` as paragraph markup, what of `fields` it holds left untranslated in a span of its language."""
        return self.inline(field_inlines(text, self.release, *fields))

    @property
    def start_side(self) -> str:
        """Where lines start: "LEFT", or "RIGHT" on a right-to-left page."""
        return "RIGHT" if self.rtl else "LEFT"

    @property
    def end_side(self) -> str:
        return "LEFT" if self.rtl else "RIGHT"

    def code_face(self) -> str:
        """The monospaced face, registered on first use: parsing a TrueType file costs ~15 ms."""
        return faces_of(self.theme.mono_font).regular

    # -- blocks

    def blocks(self, blocks: Sequence[m.Block]) -> Flowables:
        return [flowable for block in blocks for flowable in self.block(block)]

    def block(self, block: m.Block) -> Flowables:
        styles = self.styles
        if isinstance(block, m.Paragraph):
            return [self.inline_para(block.children, styles.body)]
        if isinstance(block, m.Heading):
            style = styles.heading1 if block.level <= 1 else styles.heading2
            title = wording.plain_inlines(
                block.children, self.release, self.locale, sources=self.sources_mode
            )
            return [self.outlined(self.inline(block.children), title, block.level - 1, style)]
        if isinstance(block, m.ListBlock):
            return self.list_block(block)
        if isinstance(block, m.Table):
            return self.table(block)
        if isinstance(block, m.BlockQuote):
            return self.block_quote(block)
        if isinstance(block, m.QuoteRef):
            return [self.quote(self.release.quotes[block.quote_id])]
        return [self.preformatted(block)]

    def list_block(self, block: m.ListBlock, depth: int = 0) -> Flowables:
        if not block.items:
            return []
        size = self.styles.body.fontSize
        indent = self.nested_indent(size * 2 if block.ordered else size * 1.5)
        with self.nested(indent):
            items = [self.list_item(item, depth) for item in block.items]
        if block.ordered:
            return [self.numbered_list(items, block.start, indent)]
        return [
            self.bullet_list(items, bullet_colour=self.theme.spec.colours.text, depth=depth, indent=indent)
        ]

    def list_item(self, item: Sequence[m.Block], depth: int) -> Flowables:
        flowables: Flowables = []
        for block in item:
            if isinstance(block, m.ListBlock):
                flowables.extend(self.list_block(block, depth + 1))
            elif isinstance(block, m.Paragraph):
                flowables.append(self.inline_para(block.children, self.styles.highlight))
            else:
                flowables.extend(self.block(block))
        # An empty item still shows its marker, on a line of its own.
        return flowables or [Spacer(1, self.styles.highlight.leading)]

    def bullet_list(
        self, items: Sequence[Flowables], bullet_colour: str, depth: int = 0, indent: float | None = None
    ) -> Flowable:
        size = self.styles.body.fontSize
        return ListFlowable(
            [ListItem(item) for item in items],
            bulletType="bullet",
            start="•" if depth % 2 == 0 else "–",
            bulletColor=colors.HexColor(bullet_colour),
            bulletFontName=self.styles.body.fontName,
            bulletFontSize=size,
            spaceAfter=size * 0.4,
            **self.list_indent(size * 1.5 if indent is None else indent),
        )

    def numbered_list(self, items: Sequence[Flowables], start: int, indent: float) -> Flowable:
        size = self.styles.body.fontSize
        return ListFlowable(
            [ListItem(item) for item in items],
            bulletType="1",
            start=str(start),
            bulletFormat="%s.",
            bulletFontName=self.styles.body.fontName,
            bulletFontSize=size,
            spaceAfter=size * 0.4,
            **self.list_indent(indent),
        )

    def list_indent(self, indent: float) -> dict[str, Any]:
        """The list's indent and where its markers go: the start side of the page.

        A list nested past the narrowest measure is not indented (`indent` 0): its
        markers hang before its text, in the indent of the list or quote around it.
        """
        if indent == 0:
            gap = self.styles.body.fontSize * 0.5  # between a hanging marker and the text
            if self.rtl:
                return {"rightIndent": 0, "bulletDir": "rtl", "bulletAlign": "left", "bulletDedent": gap}
            return {"leftIndent": 0, "bulletAlign": "right", "bulletDedent": gap}
        if self.rtl:
            return {"leftIndent": 0, "rightIndent": indent, "bulletDir": "rtl"}
        return {"leftIndent": indent}

    # -- nesting

    def nested_indent(self, wanted: float) -> float:
        """`wanted`, or 0 where indenting by it would leave the text narrower than the narrowest
        measure: nesting past that point goes on at the same indent, so however deep a list or
        quote is nested, its lines keep room for some 45 characters."""
        return wanted if self.width - wanted >= self.narrowest else 0.0

    @contextlib.contextmanager
    def nested(self, indent: float) -> Iterator[None]:
        """The measure narrowed by `indent` while the content inside is made (a table or quote
        in a list item is sized to it)."""
        width = self.width
        self.width -= indent
        try:
            yield
        finally:
            self.width = width

    def table(self, block: m.Table) -> Flowables:
        """The table at the measure; one too wide for it in a smaller type, or in groups of columns.

        Columns share the measure equally where each holds its longest word (capped at
        WORD_CAP_EMS: longer words are cut at the cell's edge). Else each gets the room its
        words need; where even that is too wide, the type shrinks, down to
        MIN_TABLE_FONT_SIZE; and where it is too wide at that size, the columns are set in
        groups one after another, each group led by the table's first column (the key to
        its rows) and its own header row.
        """
        columns = max(len(row) for row in (block.header, *block.rows))
        if not columns:
            return []
        rows = [padded_cells(row, columns) for row in (block.header, *block.rows)]
        markup = [[self.inline(cell.children) for cell in row] for row in rows]
        cells = [
            [
                self.cell(cell, self.styles.table_header if n == 0 else self.styles.table_cell, text)
                for cell, text in zip(row, texts, strict=True)
            ]
            for n, (row, texts) in enumerate(zip(rows, markup, strict=True))
        ]
        cap = WORD_CAP_EMS * self.styles.table_cell.fontSize
        needs = [max(min(longest_word(row[c]), cap) for row in cells) for c in range(columns)]
        layout = table_layout(needs, self.width, self.styles.table_cell.fontSize)
        if layout.scale == 1 and len(layout.groups) == 1:  # as measured
            return [self.table_grid(cells, layout.groups[0][1], 1.0)]
        return [self.table_part(rows, markup, group, widths, layout.scale) for group, widths in layout.groups]

    def table_part(
        self,
        rows: list[list[m.TableCell]],
        markup: list[list[str]],
        group: Sequence[int],
        widths: Sequence[float],
        scale: float,
    ) -> Flowable:
        """The columns `group` of the table, `widths` wide, its type `scale` times the usual size."""
        header_style = scaled_style(self.styles.table_header, scale)
        cell_style = scaled_style(self.styles.table_cell, scale)
        cells = [
            [self.cell(row[c], header_style if n == 0 else cell_style, markup[n][c]) for c in group]
            for n, row in enumerate(rows)
        ]
        return self.table_grid(cells, widths, scale)

    def table_grid(self, cells: list[list[Flowable]], widths: Sequence[float], scale: float) -> Flowable:
        """The table of `cells` (the header row first), columns `widths` wide, type and padding
        `scale` times the usual."""
        data: list[list[Any]] = list(cells)
        widths = list(widths)
        if self.rtl:  # the first column on the right
            data, widths = [row[::-1] for row in data], widths[::-1]
        colours = self.theme.spec.colours
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(colours.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor(colours.muted)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * scale),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * scale),
        ]
        if scale != 1:
            commands += [
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING * scale),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING * scale),
            ]
        split_in_row = 0.0
        if self.has_tall_row(data, widths, scale):
            # reportlab splits a row only where each cell is a list of flowables.
            data = [[[cell] for cell in row] for row in data]
            split_in_row = self.styles.table_cell.leading * scale * 3  # three lines either side of a break
        settings: dict[str, Any] = {
            "colWidths": widths,
            "repeatRows": 1,
            "hAlign": self.start_side,
            "spaceBefore": 4,
            "spaceAfter": self.styles.body.fontSize,
            "splitInRow": split_in_row,
            "style": self.table_style(commands),
        }
        if len(data) > ROW_CHUNK + 1:
            return LongRows(data[: ROW_CHUNK + 1], later=(data, ROW_CHUNK + 1), settings=settings, **settings)
        return Table(data, **settings)

    def has_tall_row(self, data: list[list[Flowable]], widths: Sequence[float], scale: float) -> bool:
        """Whether a row is taller than half a page: such a row may break across pages
        (reportlab can lay out no row taller than the frame; a shorter one moves on whole)."""
        _, frame_height = frame_size(self.theme)
        padding = 2 * CELL_PADDING * scale
        vertical = 9 * scale  # TOPPADDING and BOTTOMPADDING
        for row in data:
            tallest = max(
                cell.wrap(max(1.0, w - padding), frame_height)[1] for cell, w in zip(row, widths, strict=True)
            )
            if tallest + vertical > frame_height / 2:
                return True
        return False

    def cell(self, cell: m.TableCell, style: ParagraphStyle, markup: str) -> Flowable:
        start, end = (TA_RIGHT, TA_LEFT) if self.rtl else (TA_LEFT, TA_RIGHT)
        alignment = {"left": start, "center": TA_CENTER, "right": end}[cell.align or "left"]
        aligned = ParagraphStyle(f"{style.name}-{alignment}", style, alignment=alignment)
        return self.para(markup, aligned)

    def quote(self, quote: m.Quote) -> Flowable:
        opening = quote_marks(self.locale)[0]
        *first, final = quote.paragraphs
        final, closing = closing_quote(final, self.locale)
        said = [
            *(self.para(f"{opening}{self.inline(text)}", self.styles.quote) for text in first),
            self.para(f"{opening}{self.inline(final)}{closing}", self.styles.quote),
        ]
        attribution = self.field_markup(wording.quote_attribution(quote, self.locale), f"quotes.{quote.id}")
        speaker = self.para(f"— {attribution}", self.styles.attribution)
        return tag(self.ruled([*said, speaker]), "BlockQuote", lang=quote.lang)

    def block_quote(self, block: m.BlockQuote) -> Flowables:
        """A quotation ruled off and indented; past the narrowest measure, set as the quote around it."""
        size = self.styles.body.fontSize
        indent = self.nested_indent(size * 2.4)  # ruled's indent, and the padding after the rule
        with self.nested(indent):
            content = self.blocks(block.children)
        return [tag(self.ruled(content), "BlockQuote")] if indent and content else content

    def ruled(self, content: Flowables) -> Flowable:
        """Content set apart: indented, with the theme's quote rule on its start side."""
        size = self.styles.body.fontSize
        indent = size * 1.2
        rule = "LINEAFTER" if self.rtl else "LINEBEFORE"
        padding = ("RIGHTPADDING", "LEFTPADDING") if self.rtl else ("LEFTPADDING", "RIGHTPADDING")
        return Table(
            [[content]],
            colWidths=[self.width - indent],
            hAlign=self.end_side,
            spaceBefore=size * 0.5,
            spaceAfter=size * 1.1,
            splitInRow=size * 4,  # a long quotation may run on to the next page
            style=self.table_style(
                [
                    (rule, (0, 0), (0, -1), 2.5, colors.HexColor(self.theme.spec.colours.quote_rule)),
                    (padding[0], (0, 0), (-1, -1), size * 1.2),
                    (padding[1], (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            ),
        )

    def preformatted(self, block: m.Preformatted) -> Flowable:
        text = clean(block.text).expandtabs(4)
        style = ParagraphStyle("CodeBlock", self.styles.code, fontName=self.code_face())
        columns = max(20, int(self.width / pdfmetrics.stringWidth("M", style.fontName, style.fontSize)) - 2)
        code = Preformatted(text, style, maxLineLength=columns, newLineChars="")
        return Table(
            [[code]],
            colWidths=[self.width],
            spaceBefore=2,
            spaceAfter=self.styles.body.fontSize,
            splitInRow=style.leading * 3,
            style=self.table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), tint(self.theme.spec.colours.primary, 0.06)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )

    def table_style(self, commands: list[tuple[Any, ...]]) -> TableStyle:
        # A table sets its cells' font even when they hold only flowables; left to
        # its default, every page would name an unembedded Helvetica.
        body = self.styles.body
        return TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize), *commands])

    # -- headings

    def outlined(self, markup: str, title: str, level: int, style: ParagraphStyle, key: str = "") -> Flowable:
        if not key:
            self.anchors += 1
            key = f"heading-{self.anchors}"
        paragraph = make_paragraph(self.setting, f'<a name="{key}"/>{markup}', style, OutlinedParagraph)
        paragraph.outline = OutlineEntry(key, clean(title), level)
        return paragraph

    def section_heading(self, title: str, *fields: str) -> Flowable:
        """A section's heading; the release's `fields` in it left untranslated say their language."""
        lang, nodes = foreign_lang(field_inlines(title, self.release, *fields))
        return tag(self.outlined(self.inline(nodes), title, 0, self.styles.section), lang=lang)

    # -- inline

    @property
    def sources_mode(self) -> str:
        return self.theme.spec.sources

    def inline(self, nodes: Sequence[m.Inline]) -> str:
        return "".join(self.inline_node(node) for node in nodes)

    def inline_node(self, node: m.Inline) -> str:
        if isinstance(node, m.Text):
            return text_markup(node.text)
        if isinstance(node, m.Strong):
            return f"<b>{self.inline(node.children)}</b>"
        if isinstance(node, m.Emphasis):
            return f"<i>{self.inline(node.children)}</i>"
        if isinstance(node, m.Foreign):  # the text is the same; a tagged PDF says its language
            return language_markup(node.lang, self.inline(node.children))
        if isinstance(node, m.Code):
            return f'<font face="{self.code_face()}">{text_markup(node.text)}</font>'
        if isinstance(node, m.Link):
            return link_markup(node.url, self.inline(node.children), self.accent)
        if isinstance(node, m.StatRef):
            return self.statistic(self.release.statistics[node.stat_id], node.labelled)
        return "<br/>"

    def statistic(self, stat: m.Statistic, labelled: bool = False) -> str:
        figure = isolated(wording.format_statistic(stat, self.locale))  # one run: 38% in Arabic too
        # What the figure counts ({stat:id|label}), in the release's language if left untranslated.
        label = self.field_markup(wording.label_after(stat, labelled), f"statistics.{stat.id}")
        value = text_markup(figure) + label
        mark = wording.citation(stat, self.sources_mode)
        if self.sources_mode == "inline":  # `(NCMEC)`: the name in the release's language if left so
            return f"{value} {self.field_markup(mark, source_field(self.release, stat.source))}"
        mark = text_markup(mark)
        # Brackets keep the number apart from the figure when text is copied or
        # extracted: a bare superscript would turn "100" and note 1 into "1001".
        anchor = source_anchor(stat.source)
        return f'{value}<super><a href="#{anchor}" color="{self.accent}">[{mark}]</a></super>'


def foreign_lang(nodes: Sequence[m.Inline]) -> tuple[str | None, Sequence[m.Inline]]:
    """The language of text wholly in another language (a unit its translation left out) and
    that text, for its element to say; else None and `nodes`, any language inside them spans."""
    if len(nodes) == 1 and isinstance(nodes[0], m.Foreign):
        return nodes[0].lang, nodes[0].children
    return None, nodes
