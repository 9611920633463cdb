"""The story's structure: which element of the tagged PDF each flowable draws for.

Flowables are classified from outside, before the build, by type and style name,
so the writers stay as they are: the "Headline" style is the document's H1, section
and body headings the levels below it (never a level skipped), a data table's first
row its column headers, a `ListFlowable` a list with a label and body per item, a
picture with alternate text a Figure (one without is decorative: an Artifact), a
numbered source a Note. What a writer alone knows it says with `tagging.tag`.
Reading order is the story's: a table is read row by row from the page's start
side, so a right-to-left table is read from its right.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Preformatted, Table
from reportlab.platypus.flowables import LIIndenter

from presskit.renderers.pdf.marking import Element
from presskit.renderers.pdf.pictures import Picture
from presskit.renderers.pdf.tagging import Tag, mark, tag_of

# Paragraph styles (their names before any "-" a derived style adds) and their roles.
HEADING_LEVELS = {"Headline": 1, "Section": 2, "SectionLabel": 2, "Heading1": 2, "Heading2": 3}
STYLE_ROLES = {"Source": "Note", "CodeBlock": "Code"}
HEADER_STYLE = "TableHeader"
LIST_NUMBERING = {"bullet": "Disc", "1": "Decimal"}


def base_style(flowable: Any) -> str:
    style = getattr(flowable, "style", None)
    return str(getattr(style, "name", "")).partition("-")[0]


class Roles:
    """Walks a story, giving each flowable that draws content its element under `root`."""

    def __init__(self, root: Element, rtl: bool) -> None:
        self.root = root
        self.rtl = rtl
        self.heading = 0  # the level of the last heading: the next goes at most one deeper
        self.notes = 0

    def story(self, flowables: Iterable[Flowable]) -> None:
        for flowable in flowables:
            self.flowable(flowable, self.root)

    def flowable(self, flowable: Any, parent: Element) -> None:
        own = tag_of(flowable)
        if isinstance(flowable, (Paragraph, Preformatted)):  # most of a story
            self.paragraph(flowable, parent, own)
            return
        if own.role is not None:
            parent = parent.add(own.role, Lang=own.lang or "")
        if isinstance(flowable, (list, tuple)):
            for item in flowable:
                self.flowable(item, parent)
        elif isinstance(flowable, Picture):
            if own.alt:  # else decorative: left an Artifact
                mark(flowable, parent.add("Figure", Alt=own.alt, Lang=own.lang or ""))
        elif isinstance(flowable, ListFlowable):
            self.listing(flowable, parent)
        elif isinstance(flowable, Table):
            self.table(flowable, parent)
        elif isinstance(flowable, KeepTogether):
            self.flowable(flowable._content, parent)
        # Spacers, rules and anything else draw no content: Artifacts

    def paragraph(self, paragraph: Any, parent: Element, own: Tag) -> None:
        style = base_style(paragraph)
        role = own.role or STYLE_ROLES.get(style, "P")
        attributes = {"Lang": own.lang} if own.lang else {}
        if style in HEADING_LEVELS and own.role is None:
            self.heading = min(HEADING_LEVELS[style], self.heading + 1)
            role = f"H{self.heading}"
        if role == "Note":
            self.notes += 1
            attributes["ID"] = f"note-{self.notes}"
        mark(paragraph, parent.add(role, **attributes))

    def listing(self, flowable: ListFlowable, parent: Element) -> None:
        numbering = LIST_NUMBERING.get(str(flowable._bulletType), "Disc")
        element = parent.add("L", ListNumbering=numbering)
        body: Element | None = None
        for indenter in flowable._content:  # the items' flowables, each with the item's bullet if first
            if not isinstance(indenter, LIIndenter):
                self.flowable(indenter, body or element)
                continue
            if indenter._bullet is not None or body is None:
                item = element.add("LI")
                if indenter._bullet is not None and indenter._bullet.value:
                    mark(indenter._bullet, item.add("Lbl"))
                body = item.add("LBody")
            self.flowable(indenter._flowable, body)

    def table(self, table: Table, parent: Element) -> None:
        rows = rows_of(table)
        if rows and any(base_style(cell) == HEADER_STYLE for cell in cells(rows[0])):
            element = parent.add("Table")
            for number, row in enumerate(rows):
                tr = element.add("TR")
                for cell in self.reading_order(row):
                    if number == 0:
                        self.flowable(cell, tr.add("TH", Scope="Column"))
                    else:
                        self.flowable(cell, tr.add("TD"))
            return
        for row in rows:  # a table for layout: its cells are read as the story goes on
            for cell in self.reading_order(row):
                self.flowable(cell, parent)

    def reading_order(self, row: list[Any]) -> list[Any]:
        return row[::-1] if self.rtl else row


def rows_of(table: Table) -> list[list[Any]]:
    """A table's rows; all of them for a long table that takes them on as it goes (`LongRows`)."""
    later = getattr(table, "later", None)
    if later and later[0]:
        return [list(row) for row in later[0]]
    return [list(row) for row in table._cellvalues]


def cells(row: list[Any]) -> Iterable[Any]:
    for cell in row:
        if isinstance(cell, (list, tuple)):
            yield from cell
        else:
            yield cell


def structure_of(story: Iterable[Flowable], rtl: bool) -> Element:
    """The document element of `story`, each content flowable marked to draw for its element."""
    root = Element("Document")
    Roles(root, rtl).story(story)
    return root
