"""Markdown (CommonMark plus tables) to the model's block and inline trees.

Parsed once here, so no renderer ever sees Markdown. Raw HTML is not
interpreted: it stays literal text, as does any link markdown-it refuses
(`javascript:` and friends). `{stat:id}` and `{quote:id}` placeholders become
StatRef and QuoteRef nodes; unknown ids and misplaced quotes are reported.

Text nested beyond the model's limits (lists and quotes, bold and italic, table
columns) is refused before any tree is built: every tree here, and in the
renderers, is walked recursively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from presskit import model as m
from presskit.source.schema import check_url
from presskit.source.spacing import break_between, collapse
from presskit.source.validation import did_you_mean

# report(message, line within the text (0-based), hint)
Report = Callable[[str, int, str | None], None]

PLACEHOLDER = re.compile(r"\{([A-Za-z_]+):([^{}\s]*)\}")

# markdown-it silently drops whatever is nested beyond maxNesting (CommonMark's preset: 20,
# so a list 10 deep lost its last items). Each list level takes two, a table four; with this
# much room a text just over the limits still parses far enough for `_too_deep` to see it.
_MAX_NESTING = 2 * m.MAX_BLOCK_DEPTH + 8
_CONTAINERS = {"blockquote_open": 1, "bullet_list_open": 1, "ordered_list_open": 1}
_CONTAINERS |= {name.replace("_open", "_close"): -1 for name in list(_CONTAINERS)}


@cache
def _parser() -> MarkdownIt:
    options = {"html": False, "typographer": False, "maxNesting": _MAX_NESTING}
    return MarkdownIt("commonmark", options).enable("table")


def _too_deep(tokens: list[Token]) -> tuple[str, int, str] | None:
    """The first limit `tokens` break, as (message, line in the text, hint), or None."""
    depth = 0
    columns = 0
    line = 0
    for token in tokens:
        line = token.map[0] if token.map else line
        depth += _CONTAINERS.get(token.type, 0)
        if depth > m.MAX_BLOCK_DEPTH:
            message = f"lists and block quotes are nested more than {m.MAX_BLOCK_DEPTH} deep"
            return message, line, "a press release needs two or three levels at most"
        columns = 0 if token.type == "tr_open" else columns + (token.type in ("th_open", "td_open"))
        if columns > m.MAX_TABLE_COLUMNS:
            message = f"a table row has more than {m.MAX_TABLE_COLUMNS} columns"
            return message, line, "split the table, or attach it as a document under assets:"
        if token.type == "inline" and _inline_depth(token.children or []) > m.MAX_INLINE_DEPTH:
            message = f"bold, italic and links are nested more than {m.MAX_INLINE_DEPTH} deep"
            return message, line, "use one level of emphasis"
    return None


def _inline_depth(children: list[Token]) -> int:
    deepest = depth = 0
    for child in children:
        depth += child.nesting
        deepest = max(deepest, depth)
    return deepest


class MarkdownReader:
    """Parses the text fields of one release, reporting problems as it goes."""

    def __init__(self, stat_ids: Collection[str], quote_ids: Collection[str]) -> None:
        self.stat_ids = stat_ids
        self.quote_ids = quote_ids
        self.cited: list[str] = []  # statistic ids in order of citation
        self.placed_quotes: list[str] = []

    # -- entry points -------------------------------------------------------

    def blocks(self, text: str, report: Report, *, allow_quotes: bool = True) -> m.Blocks:
        tokens = _parser().parse(text)
        if self._refused(tokens, text, report):
            return ()
        tree = SyntaxTreeNode(tokens)
        return tuple(self._blocks(tree.children, report, allow_quotes, 0))

    def inlines(self, text: str, report: Report) -> m.Inlines:
        tokens = _parser().parseInline(collapse(text))
        if self._refused(tokens, text, report):
            return ()
        tree = SyntaxTreeNode(tokens)
        inline = tree.children[0] if tree.children else None
        if inline is None:
            return ()
        return self._inlines(inline.children, report, 0)

    def _refused(self, tokens: list[Token], text: str, report: Report) -> bool:
        """Report a text nested too deeply; its placeholders still count as placed and cited,
        so the one problem is not followed by "never cited" and "not placed" ones."""
        found = _too_deep(tokens)
        if found is None:
            return False
        message, line, hint = found
        report(message, line, hint)
        for match in PLACEHOLDER.finditer(text):
            kind, ident = match.group(1), stat_ident(match.group(2))[0]
            if kind == "stat" and ident in self.stat_ids:
                self.cited.append(ident)
            elif kind == "quote" and ident in self.quote_ids:
                self.placed_quotes.append(ident)
        return True

    # -- blocks ------------------------------------------------------------

    def _blocks(
        self, nodes: list[SyntaxTreeNode], report: Report, allow_quotes: bool, depth: int
    ) -> list[m.Block]:
        out: list[m.Block] = []
        for node in nodes:
            line = node.map[0] if node.map else 0
            block = self._block(node, report, allow_quotes, depth, line)
            if block is not None:
                out.append(block)
        return out

    def _block(
        self, node: SyntaxTreeNode, report: Report, allow_quotes: bool, depth: int, line: int
    ) -> m.Block | None:
        kind = node.type
        if kind == "paragraph":
            return self._paragraph(node, report, allow_quotes and depth == 0, line)
        if kind == "heading":
            level = int(node.tag[1:])
            # The headline is the document's title; `#` and `##` are its sections.
            return m.Heading(1 if level <= 2 else 2, self._inline_of(node, report, line))
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(
                tuple(self._blocks(item.children, report, False, depth + 1)) for item in node.children
            )
            start = int(str(node.attrs.get("start", 1))) if kind == "ordered_list" else 1
            return m.ListBlock(kind == "ordered_list", start, items)
        if kind == "blockquote":
            return m.BlockQuote(tuple(self._blocks(node.children, report, False, depth + 1)))
        if kind in ("code_block", "fence"):
            return m.Preformatted(node.content.rstrip("\n"))
        if kind == "table":
            return self._table(node, report, line)
        if kind == "hr":
            report("a horizontal rule is not supported", line, "start a new section with a ## heading")
            return None
        report(f"unsupported Markdown ({kind})", line, None)
        return None

    def _paragraph(self, node: SyntaxTreeNode, report: Report, quote_allowed: bool, line: int) -> m.Block:
        raw = node.children[0].content.strip() if node.children else ""
        whole = PLACEHOLDER.fullmatch(raw)
        if whole and whole.group(1) == "quote":
            quote_id = whole.group(2)
            if not quote_allowed:
                report(f"{{quote:{quote_id}}} can only stand in the body's own paragraphs", line, None)
            elif quote_id not in self.quote_ids:
                report(
                    f'no quote "{quote_id}"',
                    line,
                    did_you_mean(quote_id, self.quote_ids) or "add it under quotes:",
                )
            else:
                self.placed_quotes.append(quote_id)
            return m.QuoteRef(quote_id)
        return m.Paragraph(self._inline_of(node, report, line))

    def _table(self, node: SyntaxTreeNode, report: Report, line: int) -> m.Table:
        header: tuple[m.TableCell, ...] = ()
        rows: list[tuple[m.TableCell, ...]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(self._cell(cell, report, line) for cell in row.children)
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return m.Table(header, tuple(rows))

    def _cell(self, cell: SyntaxTreeNode, report: Report, line: int) -> m.TableCell:
        style = str(cell.attrs.get("style", ""))
        align: Literal["left", "center", "right"] | None = None
        for option in ("left", "center", "right"):
            if style.endswith(option):
                align = option
        return m.TableCell(self._inline_of(cell, report, line), align)

    def _inline_of(self, node: SyntaxTreeNode, report: Report, line: int) -> m.Inlines:
        inline = node.children[0] if node.children else None
        return self._inlines(inline.children, report, line) if inline else ()

    # -- inlines -----------------------------------------------------------

    def _inlines(self, nodes: list[SyntaxTreeNode], report: Report, line: int) -> m.Inlines:
        out: list[m.Inline] = []
        for node in nodes:
            kind = node.type
            if kind in ("text", "html_inline", "text_special"):
                out.append(m.Text(node.content))
            elif kind == "softbreak":
                out.append(_SOFT_BREAK)
            elif kind == "hardbreak":
                out.append(m.LineBreak())
            elif kind == "strong":
                out.append(m.Strong(self._inlines(node.children, report, line)))
            elif kind == "em":
                out.append(m.Emphasis(self._inlines(node.children, report, line)))
            elif kind == "code_inline":
                out.append(m.Code(node.content))
            elif kind == "link":
                out.extend(self._link(node, report, line))
            elif kind == "image":
                report(
                    "images cannot be placed in the text",
                    line,
                    "list the file under assets: with a caption and alt text",
                )
            else:
                report(f"unsupported Markdown ({kind})", line, None)
        return tuple(self._placeholders(_join_text(_soft_breaks(out)), report, line))

    def _link(self, node: SyntaxTreeNode, report: Report, line: int) -> list[m.Inline]:
        href = str(node.attrs.get("href", ""))
        children = self._inlines(node.children, report, line)
        try:
            check_url(href, allow_mailto=True)
        except ValueError:
            report(
                f"link to {href!r}: only absolute http, https and mailto links are allowed",
                line,
                "write the full address, e.g. https://example.org/page",
            )
            return list(children)
        return [m.Link(href, children)]

    def _statistic(self, written: str, placeholder: str, report: Report, line: int) -> m.Inline:
        """`{stat:id}`, the value; `{stat:id|label}`, the value and what it counts."""
        ident, option = stat_ident(written)
        if ident not in self.stat_ids:
            hint = did_you_mean(ident, self.stat_ids) or "add it under statistics:"
            report(f'no statistic "{ident}"', line, hint)
            return m.Text(placeholder)
        if option not in (None, "label"):
            report(
                f'unknown option "{option}" in {placeholder}',
                line,
                f"write {{stat:{ident}}} for the value, {{stat:{ident}|label}} for the value and its label",
            )
            return m.Text(placeholder)
        self.cited.append(ident)
        return m.StatRef(ident, labelled=option == "label")

    def _placeholders(self, nodes: list[m.Inline], report: Report, line: int) -> list[m.Inline]:
        out: list[m.Inline] = []
        for node in nodes:
            if not isinstance(node, m.Text):
                out.append(node)
                continue
            position = 0
            for match in PLACEHOLDER.finditer(node.text):
                kind, ident = match.group(1), match.group(2)
                if kind == "stat":
                    if match.start() > position:
                        out.append(m.Text(node.text[position : match.start()]))
                    position = match.end()
                    out.append(self._statistic(ident, match.group(0), report, line))
                elif kind == "quote":
                    report(
                        f"{{quote:{ident}}} must stand alone in its own paragraph",
                        line,
                        "put a blank line before and after it",
                    )
                else:
                    suggestion = did_you_mean(kind, ["stat", "quote"]) or "use {stat:id} or {quote:id}"
                    report(f"unknown placeholder {{{kind}:…}}", line, suggestion)
            if position < len(node.text):
                out.append(m.Text(node.text[position:]))
        return out


def stat_ident(written: str) -> tuple[str, str | None]:
    """`id` and its option from what follows `stat:` (`sewage|label` -> sewage, label)."""
    ident, bar, option = written.partition("|")
    return ident, option if bar else None


# A line break inside a paragraph, until its neighbours say what it becomes (see spacing.py).
_SOFT_BREAK = m.Text("\n")


def _soft_breaks(nodes: list[m.Inline]) -> list[m.Inline]:
    """Each soft line break a space, or nothing between two characters of a spaceless script."""
    out: list[m.Inline] = []
    for index, node in enumerate(nodes):
        if node is not _SOFT_BREAK:
            out.append(node)
            continue
        # markdown-it puts empty text beside bold and italic: look past it.
        before = next((n for n in reversed(nodes[:index]) if n != m.Text("")), None)
        after = next((n for n in nodes[index + 1 :] if n != m.Text("")), None)
        out.append(m.Text(break_between(_edge(before, last=True), _edge(after, last=False))))
    return out


def _edge(node: m.Inline | None, *, last: bool) -> str:
    """The text at the start (or end) of `node`, looking inside bold, italic and links."""
    if isinstance(node, m.Text | m.Code):
        return node.text
    if isinstance(node, m.Strong | m.Emphasis | m.Link) and node.children:
        return _edge(node.children[-1 if last else 0], last=last)
    return ""


def _join_text(nodes: list[m.Inline]) -> list[m.Inline]:
    """Merge neighbouring text nodes, so placeholders split by the parser are whole again."""
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out
