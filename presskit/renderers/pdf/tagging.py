"""Marked content while the pages are drawn: what each flowable drew, and as which structure element.

A tagged PDF says, for every mark on a page, whether it is real content and which
element of the document's structure it belongs to (ISO 32000-1 §14.7-14.8, PDF/UA-1).
ReportLab knows nothing of this, so presskit marks the content stream itself:

- every page starts as an Artifact (`/Artifact BMC`): running heads, footers, rules,
  backgrounds, table grids and anything else no element claims is never read aloud;
- a flowable given an `Element` (`mark`, done by `roles` before the build) closes the
  Artifact while it draws and wraps its drawing in `/<Role> <</MCID n>> BDC … EMC`; a
  paragraph split across pages gives each page's part its own MCID, for the same element;
- a paragraph marks its text itself, where each piece is drawn (`paragraphs`, `script`):
  a link's text is a sequence of its `Link` element, which also holds the link's annotation
  (P → [text before, Link → [link text, OBJR], text after]); text in another language is a
  `/Span <</Lang …>>` sequence inside the sequence of its element; all of it balanced
  inside each text object. Whatever else a paragraph draws (a background) is an Artifact,
  and a text object it draws apart (a bullet) is its element's.

`marking.Marks` records (page, MCID, element) and (page, annotation, element) as it goes;
`presskit.renderers.pdf.structure` writes the tree into the finished file. Writers that
know something the flowable's type and style cannot say (an image's alt text, a
quotation's language) set it with `tag`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import BulletDrawer

from presskit.renderers.pdf.marking import ARTIFACT, Element, Marks
from presskit.renderers.pdf.pages import FooterCanvas, ReleaseDocument

F = TypeVar("F")


# --------------------------------------------------------------------------
# What a writer may say about a flowable


@dataclass(frozen=True)
class Tag:
    """What a writer knows of a flowable that its type and style do not say."""

    role: str | None = None  # a structure type, e.g. "BlockQuote"; None: as its type and style say
    alt: str | None = None  # a picture's alternate text ("" or None: decorative, an Artifact)
    lang: str | None = None  # BCP 47, where it differs from the document's


def tag(flowable: F, role: str | None = None, *, alt: str | None = None, lang: str | None = None) -> F:
    """`flowable`, told what it is for the structure tree (see `Tag`)."""
    flowable.tag = Tag(role, alt, lang)  # type: ignore[attr-defined]
    return flowable


UNTAGGED = Tag()


def tag_of(flowable: Any) -> Tag:
    state = getattr(flowable, "__dict__", None)  # a list of flowables has none
    found = state.get("tag") if state is not None else None
    return found if isinstance(found, Tag) else UNTAGGED


# --------------------------------------------------------------------------
# Marking the content stream


def mark(flowable: Any, element: Element) -> None:
    """Have `flowable` draw as content of `element`, and so each part it splits into.

    The flowable's class becomes a subclass of its own made for marking (one per class,
    `MarkedFlowable` before it), so it is still what it was: platypus and tables treat it
    as before, and a copy reportlab makes draws for the same element. A flowable drawn a
    second time (a table's header row repeated on the next page) draws as an Artifact then.
    A list's bullet (reportlab's `BulletDrawer`) is drawn by its item, the canvas its second
    argument (`MarkedBullet`).
    """
    kind = type(flowable)
    marked = _MARKED.get(kind)
    if marked is None:
        marked = _MARKED[kind] = marked_class(kind)
    flowable.__class__ = marked
    flowable.__dict__[ELEMENT] = element


ELEMENT = "_tagging_element"  # the instance's entry naming its element
_MARKED: dict[type, type] = {}  # a flowable's class -> its marked subclass


def marked_class(kind: type) -> type:
    if issubclass(kind, (MarkedFlowable, MarkedBullet)):
        return kind
    mixin = MarkedBullet if issubclass(kind, BulletDrawer) else MarkedFlowable
    return type(
        kind.__name__, (mixin, kind), {"__module__": kind.__module__, "__qualname__": kind.__qualname__}
    )


class MarkedFlowable:
    """Put before a flowable's class by `mark`: its drawing is its element's content."""

    def drawOn(self, canvas: Canvas, *args: Any, **kw: Any) -> None:  # noqa: N802 (reportlab's name)
        draw_on = super().drawOn  # type: ignore[misc]
        state = self.__dict__
        marks: Marks | None = canvas.__dict__.get("marks")
        element: Element | None = state.get(ELEMENT)  # None: made by reportlab, never marked
        if marks is None or element is None or "_drawn_as_content" in state:
            draw_on(canvas, *args, **kw)
            return
        if not begin(canvas, marks, element, getattr(self, "marks_its_text", False)):
            draw_on(canvas, *args, **kw)
            return
        state["_drawn_as_content"] = True
        try:
            draw_on(canvas, *args, **kw)
        finally:
            end(canvas, marks)

    def split(self, *args: Any) -> list[Any]:
        parts: list[Any] = super().split(*args)  # type: ignore[misc]
        element: Element | None = self.__dict__.get(ELEMENT)
        if element is None:
            return parts
        for part in parts:
            if part is not self:
                part.__dict__.pop("_drawn_as_content", None)
                mark(part, element)
        return parts


class MarkedBullet:
    """Put before reportlab's `BulletDrawer` by `mark`: a list item's label."""

    def drawOn(self, indenter: Any, canvas: Canvas, *args: Any) -> None:  # noqa: N802 (reportlab's name)
        draw_on = super().drawOn  # type: ignore[misc]
        marks: Marks | None = canvas.__dict__.get("marks")
        element: Element | None = self.__dict__.get(ELEMENT)
        if marks is None or element is None or not begin(canvas, marks, element, deferred=False):
            draw_on(indenter, canvas, *args)
            return
        try:
            draw_on(indenter, canvas, *args)
        finally:
            end(canvas, marks)


def begin(canvas: Canvas, marks: Marks, element: Element, deferred: bool) -> bool:
    """Begin drawing `element`'s content: its sequence opened now, or (`deferred`) where its
    text is drawn. False (nothing begun) inside another element's drawing, whose the nested
    content then is."""
    if marks.current is not None:
        return False
    marks.current, marks.deferred = element, deferred
    if not deferred:
        canvas.addLiteral(" ".join(marks.page_level.to(element)))
    return True


def end(canvas: Canvas, marks: Marks) -> None:
    marks.current, marks.deferred = None, False
    ops = marks.page_level.to(ARTIFACT)
    if ops:
        canvas.addLiteral(" ".join(ops))


class TaggedCanvas(FooterCanvas):
    """The footer canvas, marking its content: each page closes the Artifact it began as,
    and each link annotation is told to `marks`. `before_save` adds the structure tree to the
    document once every page is drawn (`structure.write_structure`)."""

    def __init__(self, *args: Any, before_save: Callable[[Canvas], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks = Marks()
        self.before_save = before_save

    def save(self) -> None:
        if self._code:  # a page still open: Canvas.save would show it first
            self.showPage()
        self.before_save(self)
        super().save()

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        ops = self.marks.page_level.to(None)
        if ops:
            self.addLiteral(" ".join(ops))
        super().showPage()

    def drawText(self, text: Any) -> None:  # noqa: N802 (reportlab's name)
        marks = self.marks
        if marks.current is None or not marks.deferred:
            super().drawText(text)
            return
        # A paragraph's own text object holds its sequences; another (a bullet) is its element's.
        own = getattr(text, "marks_its_text", False)
        ops = marks.page_level.to(None if own else marks.current)
        if ops:
            self.addLiteral(" ".join(ops))
        super().drawText(text)
        if own:
            self.addLiteral(" ".join(marks.page_level.to(ARTIFACT)))

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802, N803
        # ReportLab resolves the name to a page: kept here, it says where the link leads.
        self.destination = self.link_target = destinationname
        try:
            return super().linkRect(contents, destinationname, *args, **kwargs)
        finally:
            self.destination = self.link_target = ""

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 (reportlab's name)
        self.link_target = url
        try:
            return super().linkURL(url, *args, **kwargs)
        finally:
            self.link_target = ""

    def _annotatePage(self, name: str) -> None:  # noqa: N802 (reportlab's name)
        index = len(self._annotationrefs)
        super()._annotatePage(name)
        self.marks.annotated(index, getattr(self, "link_target", ""), getattr(self, "destination", ""))


class TaggedDocument(ReleaseDocument):
    """The release's document, each page begun as an Artifact (see the module's docstring)."""

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab's name)
        self.canv.addLiteral(self.canv.marks.begin_page())
        super().handle_pageBegin()
