"""Marked content while the pages are drawn: what each flowable drew, and as which structure element.

A tagged PDF says, for every mark on a page, whether it is real content and which
element of the document's structure it belongs to (ISO 32000-1 §14.7-14.8, PDF/UA-1).
ReportLab knows nothing of this, so presskit marks the content stream itself:

- every page starts as an Artifact (`/Artifact BMC`): running heads, footers, rules,
  backgrounds, table grids and anything else no element claims is never read aloud;
- a flowable given an `Element` (`mark`, done by `roles` before the build) closes the
  Artifact while it draws and wraps its drawing in `/<Role> <</MCID n>> BDC … EMC`; a
  paragraph split across pages gives each page's part its own MCID, for the same element;
- a link annotation made while an element draws becomes a `Link` element of it;
- text in another language inside a paragraph is a `/Span <</Lang …>>` sequence nested in
  the paragraph's, begun and ended inside one text object (`paragraphs`, `script`).

`Marks` records (page, MCID, element) and (page, annotation, element) as it goes;
`presskit.renderers.pdf.structure` writes the tree into the finished file. Writers that
know something the flowable's type and style cannot say (an image's alt text, a
quotation's language) set it with `tag`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import BulletDrawer

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


def tag_of(flowable: Any) -> Tag:
    found = flowable.__dict__.get("tag") if hasattr(flowable, "__dict__") else None
    return found if isinstance(found, Tag) else Tag()


# --------------------------------------------------------------------------
# The structure tree, as presskit holds it


@dataclass(frozen=True)
class Content:
    """A marked-content sequence: MCID `mcid` on page `page` (0-based)."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """The `index`-th annotation of page `page` (0-based both)."""

    page: int
    index: int
    destination: str = ""  # the named destination of a link inside the document


@dataclass(eq=False)
class Element:
    """A structure element: its type, attributes and kids (elements and content, in reading order)."""

    role: str
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Element | Content | Annotation] = field(default_factory=list)

    def add(self, role: str, **attributes: str) -> Element:
        kid = Element(role, {k: v for k, v in attributes.items() if v})
        self.kids.append(kid)
        return kid

    def __deepcopy__(self, memo: dict[int, Any]) -> Element:
        return self  # a flowable copied by reportlab still draws for the same element

    def __copy__(self) -> Element:
        return self


# --------------------------------------------------------------------------
# Marking the content stream


class Marks:
    """The marked content of one document as it is drawn: the sequence open on the page,
    each page's next MCID, and each MCID's element (the ParentTree to come)."""

    def __init__(self) -> None:
        self.page = -1
        self.parents: list[list[Element]] = []  # per page: the element of each MCID
        self.current: Element | None = None  # the element whose content is being drawn

    def begin_page(self, canvas: Canvas) -> None:
        self.page += 1
        self.parents.append([])
        canvas.addLiteral("/Artifact BMC")

    def end_page(self, canvas: Canvas) -> None:
        if self.page >= 0 and self.current is None:
            canvas.addLiteral("EMC")

    def begin(self, canvas: Canvas, element: Element) -> bool:
        """Open a sequence of `element`'s content; False (nothing opened) inside another one,
        whose element the nested content then counts for."""
        if self.current is not None:
            return False
        page = self.parents[self.page]
        mcid = len(page)
        page.append(element)
        element.kids.append(Content(self.page, mcid))
        canvas.addLiteral(f"EMC /{element.role} <</MCID {mcid}>> BDC")
        self.current = element
        return True

    def end(self, canvas: Canvas) -> None:
        self.current = None
        canvas.addLiteral("EMC /Artifact BMC")

    def annotated(self, index: int, destination: str) -> None:
        """The page's `index`-th annotation was made: a link of the element being drawn."""
        if self.current is not None:
            link = self.current.add("Link")
            link.kids.append(Annotation(self.page, index, destination))


def mark(flowable: Any, element: Element) -> None:
    """Have `flowable` draw as content of `element`, and so each part it splits into.

    The flowable's own `drawOn` and `split` are shadowed on the instance, so it keeps
    its type: platypus and tables treat it as before. A flowable drawn a second time
    (a table's header row repeated on the next page) draws as an Artifact then. A list's
    bullet (reportlab's `BulletDrawer`) is drawn by its item, the canvas its second argument.
    """
    kind = type(flowable)
    if isinstance(flowable, BulletDrawer):
        flowable.drawOn = functools.partial(_draw_bullet, flowable, element, kind.drawOn)
        return
    flowable.drawOn = functools.partial(_draw_marked, flowable, element, kind.drawOn)
    if hasattr(kind, "split"):
        flowable.split = functools.partial(_split_marked, flowable, element, kind.split)


def _draw_marked(
    flowable: Any, element: Element, draw_on: Callable[..., None], canvas: Canvas, *args: Any, **kw: Any
) -> None:
    marks: Marks | None = canvas.__dict__.get("marks")
    state = flowable.__dict__
    if marks is None or state.get("_drawn_as_content") or not marks.begin(canvas, element):
        draw_on(flowable, canvas, *args, **kw)
        return
    state["_drawn_as_content"] = True
    try:
        draw_on(flowable, canvas, *args, **kw)
    finally:
        marks.end(canvas)


def _draw_bullet(
    bullet: Any, element: Element, draw_on: Callable[..., None], indenter: Any, canvas: Canvas, *args: Any
) -> None:
    marks: Marks | None = canvas.__dict__.get("marks")
    if marks is None or not marks.begin(canvas, element):
        draw_on(bullet, indenter, canvas, *args)
        return
    try:
        draw_on(bullet, indenter, canvas, *args)
    finally:
        marks.end(canvas)


def _split_marked(flowable: Any, element: Element, split: Callable[..., list[Any]], *args: Any) -> list[Any]:
    parts = split(flowable, *args)
    for part in parts:
        if part is not flowable:
            part.__dict__.pop("_drawn_as_content", None)
            mark(part, element)
    return parts


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
        self.marks.end_page(self)
        super().showPage()

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802, N803
        # ReportLab resolves the name to a page: kept here, it says where the link leads.
        self.destination = destinationname
        try:
            return super().linkRect(contents, destinationname, *args, **kwargs)
        finally:
            self.destination = ""

    def _annotatePage(self, name: str) -> None:  # noqa: N802 (reportlab's name)
        index = len(self._annotationrefs)
        super()._annotatePage(name)
        self.marks.annotated(index, getattr(self, "destination", ""))


class TaggedDocument(ReleaseDocument):
    """The release's document, each page begun as an Artifact (see the module's docstring)."""

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab's name)
        self.canv.marks.begin_page(self.canv)
        super().handle_pageBegin()
