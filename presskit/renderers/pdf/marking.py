"""The structure tree as presskit holds it while drawing, and the marked-content sequences of a page.

A content stream says which element each mark belongs to by marked-content sequences:
`/P <</MCID 3>> BDC … EMC` (ISO 32000-1 §14.7.4). Sequences with an MCID never nest, and
each pair of BDC/EMC nests with each BT/ET. `Sequences` keeps what is open at one point of a
stream (an Artifact, or one element's MCID sequence with its `/Span <</Lang …>>` sequences
inside) and writes the operators that bring it to what the next mark needs, opening a
sequence only once something is drawn in it, so none is empty. `Marks` numbers each page's
MCIDs, knows each one's element (the ParentTree to come) and which `Link` each link
annotation belongs to. The page (`tagging`) and a paragraph's text (`paragraphs`, `script`)
each keep their own `Sequences`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from presskit.renderers.pdf.markup import language_property


class Content(NamedTuple):
    """A marked-content sequence: MCID `mcid` on page `page` (0-based). (A named tuple: a
    document has hundreds, each made while drawing.)"""

    page: int
    mcid: int


class Annotation(NamedTuple):
    """The `position`-th annotation of page `page` (0-based both)."""

    page: int
    position: int
    destination: str = ""  # the named destination of a link inside the document


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its type, attributes and kids (elements and content, in reading order).
    (With slots: a document has hundreds, and what the collector counts is fewer.)"""

    role: str
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Element | Content | Annotation] = field(default_factory=list)
    # The link whose text this element's content last drew, and what identifies it: the link
    # going on over a line or page break is the same Link element.
    open_link: tuple[object, Element] | None = field(default=None, repr=False)
    target: str = field(default="", repr=False)  # a Link's: what its annotations are made for

    def add(self, role: str, **attributes: str) -> Element:
        kid = Element(role, {k: v for k, v in attributes.items() if v} if attributes else {})
        self.kids.append(kid)
        return kid

    def __deepcopy__(self, memo: dict[int, Any]) -> Element:
        return self  # a flowable copied by reportlab still draws for the same element

    def __copy__(self) -> Element:
        return self


ARTIFACT = Element("Artifact")  # what `Sequences` opens for marks no element claims: never in the tree


def link_target(href: str) -> str:
    """What reportlab makes an annotation of for `href`: a destination's name, or the address."""
    if href.startswith("#"):
        return href[1:]
    if href.startswith("document:"):
        return href[len("document:") :]
    return href


class Marks:
    """The marked content of one document as it is drawn: each page's MCIDs and their elements,
    the element whose flowable is being drawn, and the links still owed their annotation."""

    def __init__(self) -> None:
        self.page = -1
        self.parents: list[list[Element]] = []  # per page: the element of each MCID
        self.current: Element | None = None  # the element whose content is being drawn
        self.deferred = False  # whether `current` marks its text itself, where it is drawn
        self.page_level = Sequences(self)  # what is open in the page's own stream
        self.unannotated: dict[str, list[Element]] = {}  # link target -> Links drawn, owed an annotation
        self.annotated_last: dict[str, Element] = {}

    def opened(self, element: Element) -> str:
        """The next MCID of the page given to `element`: the operator that begins its sequence."""
        page = self.parents[self.page]
        mcid = len(page)
        page.append(element)
        element.kids.append(Content(self.page, mcid))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def retract(self, element: Element) -> None:
        """Undo the last `opened(element)`: its sequence was never written."""
        self.parents[self.page].pop()
        element.kids.pop()

    def link(self, element: Element, key: object, href: str) -> Element:
        """The Link element of `element` whose text is drawn next: the one last drawn if `key`
        (what identifies the link) is the same, else a new one."""
        if element.open_link is not None and element.open_link[0] == key:
            return element.open_link[1]
        link = element.add("Link")
        link.target = link_target(href)
        element.open_link = (key, link)
        return link

    def link_drawn(self, link: Element) -> None:
        """Some of `link`'s text was drawn: the next annotation made for its target is its own."""
        waiting = self.unannotated.setdefault(link.target, [])
        if link not in waiting:
            waiting.append(link)

    def annotated(self, index: int, target: str, destination: str) -> None:
        """The page's `index`-th annotation was made, for `target`: it goes in the Link whose
        text it lies over, or (a link with no text of its own) a new Link of the element drawn."""
        waiting = self.unannotated.get(target)
        link = waiting.pop(0) if waiting else self.annotated_last.get(target)
        if link is None:
            if self.current is None:
                return
            link = self.current.add("Link")
        self.annotated_last[target] = link
        link.kids.append(Annotation(self.page, index, destination))

    def begin_page(self) -> str:
        self.page += 1
        self.parents.append([])
        self.unannotated.clear()
        self.annotated_last.clear()
        return " ".join(self.page_level.to(ARTIFACT))


class Sequences:
    """The marked-content sequences open at one point of a content stream: an Artifact or one
    element's MCID sequence (its `owner`), and the languages spoken inside it, outermost first.
    Without `marks` (an untagged document) only languages are marked."""

    def __init__(self, marks: Marks | None) -> None:
        self.marks = marks
        self.owner: Element | None = None
        self.langs: tuple[str, ...] = ()

    def to(self, owner: Element | None, langs: Sequence[str] = ()) -> list[str]:
        """The operators that end what is open and not wanted, and begin what is wanted and not open."""
        marks = self.marks
        if marks is None and owner is not ARTIFACT:
            owner = None
        open_langs = self.langs
        if owner is self.owner:
            if not langs and not open_langs:  # nothing to switch: most marks
                return []
            ops: list[str] = []
        else:
            closed = len(open_langs) + (self.owner is not None)
            ops = ["EMC"] * closed if closed else []
            self.langs = open_langs = ()
            self.owner = owner
            if owner is ARTIFACT:
                ops.append("/Artifact BMC")
                return ops  # an Artifact speaks no language
            if owner is not None and marks is not None:
                ops.append(marks.opened(owner))
        if owner is ARTIFACT or len(langs) == len(open_langs) and tuple(langs) == open_langs:
            return ops
        same = 0
        while same < min(len(langs), len(open_langs)) and langs[same] == open_langs[same]:
            same += 1
        ops += ["EMC"] * (len(open_langs) - same)
        ops += [language_property(lang) for lang in langs[same:]]
        self.langs = tuple(langs)
        return ops

    def state(self) -> tuple[Element | None, tuple[str, ...]]:
        return self.owner, self.langs

    def restore(self, state: tuple[Element | None, tuple[str, ...]]) -> None:
        """Back to `state`, the operators since then dropped (an MCID opened since, retracted)."""
        owner, langs = state
        if owner is not self.owner and self.owner not in (None, ARTIFACT) and self.marks is not None:
            self.marks.retract(self.owner)
        self.owner, self.langs = owner, langs
