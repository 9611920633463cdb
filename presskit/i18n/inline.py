"""Inline markup as placeholders translators cannot break, and back into the model.

A unit's source inline tree becomes a flat sequence of *pieces*: text, and
tags numbered in document order. Bold, italic and links are paired tags
(`{1}…{/1}`, `<g id="1">…</g>`, `<pc id="1">…</pc>`); statistics, line
breaks and inline code are standalone ones (`{stat:gdp-cost}`, `{br}`,
`{3/}`; `<x id="3"/>`, `<ph id="3"/>`). A translation is read into the same
pieces, checked against the source's tags (each kept exactly once, pairs
properly nested, nothing added), and rebuilt into the model's node types:
link URLs, statistic ids and code text always come from the source.

The PO form of the source (`po_text`) is also the canonical text whose hash
marks a translation stale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from presskit import model as m

TagKind = Literal["open", "close", "point"]


@dataclass(frozen=True)
class Tag:
    """A placeholder in a sequence of pieces.

    `number` is the placeholder's number in its unit; `name` identifies a
    standalone placeholder by meaning (`stat:<id>`, `br`) where a format writes
    it that way (PO), so a translation may give either.
    """

    kind: TagKind
    number: int | None = None
    name: str | None = None


Piece = str | Tag
Pieces = tuple[Piece, ...]

PlaceholderKind = Literal["bold", "italic", "link", "stat", "break", "code"]
PAIRED: frozenset[str] = frozenset({"bold", "italic", "link"})


@dataclass(frozen=True)
class Placeholder:
    """One inline element of a unit's source, numbered in document order from 1."""

    number: int
    kind: PlaceholderKind
    url: str | None = None  # link
    text: str | None = None  # code: the code itself; link: its text (for notes)
    stat_id: str | None = None
    labelled: bool = False  # a statistic placed as {stat:id|label}

    @property
    def paired(self) -> bool:
        return self.kind in PAIRED

    @property
    def name(self) -> str | None:
        """How PO writes a standalone placeholder by meaning; None where only its number identifies it."""
        if self.kind == "stat":
            return f"stat:{self.stat_id}"
        if self.kind == "break":
            return "br"
        return None

    def po_token(self) -> str:
        if self.paired:
            return f"{{{self.number}}}…{{/{self.number}}}"
        return f"{{{self.name}}}" if self.name else f"{{{self.number}/}}"

    def meaning(self) -> str:
        if self.kind == "link":
            return f"a link to {self.url}"
        if self.kind == "stat":
            return f"the statistic {self.stat_id}, shown as its value and citation"
        if self.kind == "break":
            return "a line break"
        if self.kind == "code":
            return f"the code `{self.text}`, kept as it is"
        return self.kind


class TargetError(ValueError):
    """A translation whose placeholders do not match its source."""


# ---------------------------------------------------------------------------
# Source inline tree → pieces


def source_pieces(inlines: m.Inlines) -> tuple[Pieces, dict[int, Placeholder]]:
    """The pieces of a source inline tree, and its placeholders by number."""
    pieces: list[Piece] = []
    placeholders: dict[int, Placeholder] = {}

    def add(placeholder: Placeholder) -> int:
        placeholders[placeholder.number] = placeholder
        return placeholder.number

    def walk(nodes: m.Inlines) -> None:
        for node in nodes:
            number = len(placeholders) + 1
            if isinstance(node, m.Text):
                pieces.append(node.text)
            elif isinstance(node, m.Foreign):  # only in an edition, never a source: its text is the unit's
                walk(node.children)
            elif isinstance(node, m.Strong | m.Emphasis | m.Link):
                if isinstance(node, m.Link):
                    text = "".join(p for p in _texts(node.children))
                    add(Placeholder(number, "link", url=node.url, text=text))
                else:
                    add(Placeholder(number, "bold" if isinstance(node, m.Strong) else "italic"))
                pieces.append(Tag("open", number))
                walk(node.children)
                pieces.append(Tag("close", number))
            elif isinstance(node, m.StatRef):
                add(Placeholder(number, "stat", stat_id=node.stat_id, labelled=node.labelled))
                shown = f"stat:{node.stat_id}" + ("|label" if node.labelled else "")
                pieces.append(Tag("point", number, shown))
            elif isinstance(node, m.LineBreak):
                add(Placeholder(number, "break"))
                pieces.append(Tag("point", number, "br"))
            else:
                add(Placeholder(number, "code", text=node.text))
                pieces.append(Tag("point", number))

    walk(inlines)
    return _merge_text(pieces), placeholders


def _texts(nodes: m.Inlines) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, m.Text | m.Code):
            yield node.text
        elif isinstance(node, m.Strong | m.Emphasis | m.Link | m.Foreign):
            yield from _texts(node.children)


def _merge_text(pieces: Iterable[Piece]) -> Pieces:
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + piece
                continue
        out.append(piece)
    return tuple(out)


# ---------------------------------------------------------------------------
# The PO form: `{1}bold{/1}`, `{stat:id}`, `{br}`, `{3/}`

PO_TOKEN = re.compile(r"\{(?:(\d+)|/(\d+)|(\d+)/|(br)|(stat:[^{}\s]+))\}")


def po_text(pieces: Sequence[Piece]) -> str:
    """Pieces as PO text; the source's PO text is the canonical form that is hashed."""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "open":
            out.append(f"{{{piece.number}}}")
        elif piece.kind == "close":
            out.append(f"{{/{piece.number}}}")
        elif piece.name:
            out.append(f"{{{piece.name}}}")
        else:
            out.append(f"{{{piece.number}/}}")
    return "".join(out)


def parse_po(text: str) -> Pieces:
    """PO text (source or translation) into pieces; anything not shaped like a token is text."""
    pieces: list[Piece] = []
    position = 0
    for match in PO_TOKEN.finditer(text):
        pieces.append(text[position : match.start()])
        opened, closed, point, brk, stat = match.groups()
        if opened:
            pieces.append(Tag("open", int(opened)))
        elif closed:
            pieces.append(Tag("close", int(closed)))
        elif point:
            pieces.append(Tag("point", int(point)))
        else:
            pieces.append(Tag("point", None, brk or stat))
        position = match.end()
    pieces.append(text[position:])
    return _merge_text(pieces)


def plain_pieces(text: str) -> Pieces:
    return (text,) if text else ()


# ---------------------------------------------------------------------------
# Checking a translation against its source


def describe(tag: Tag) -> str:
    """How a message names a placeholder: `{2}…{/2}`, `{stat:gdp-cost}`, `{3/}`."""
    if tag.kind != "point":
        return f"{{{tag.number}}}…{{/{tag.number}}}"
    return f"{{{tag.name}}}" if tag.name else f"{{{tag.number}/}}"


def check_target(target: Sequence[Piece], source: Sequence[Piece]) -> Pieces:
    """The translation's pieces with every tag matched to the source's; TargetError if they differ.

    Every paired tag of the source must appear once, opened before it is
    closed and properly nested; every standalone one must appear as often as
    in the source. Order may change: translators reorder sentences.
    """
    pairs = {p.number for p in source if isinstance(p, Tag) and p.kind == "open"}
    points = [p for p in source if isinstance(p, Tag) and p.kind == "point"]
    used_points: list[bool] = [False] * len(points)
    seen_pairs: set[int | None] = set()
    stack: list[int | None] = []
    out: list[Piece] = []
    for piece in target:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if piece.kind == "open":
            if piece.number not in pairs:
                raise TargetError(f"the translation adds {describe(piece)}, which is not in the source")
            if piece.number in seen_pairs:
                raise TargetError(f"the translation repeats {describe(piece)}; keep it once")
            seen_pairs.add(piece.number)
            stack.append(piece.number)
            if len(stack) > m.MAX_INLINE_DEPTH:  # the source's pairs may be siblings, nested here
                raise TargetError(
                    f"the translation nests inline codes more than {m.MAX_INLINE_DEPTH} deep; keep the source's nesting"
                )
            out.append(piece)
        elif piece.kind == "close":
            if not stack or stack[-1] != piece.number:
                raise TargetError(
                    f"{describe(piece)} is closed before it is opened or across another placeholder"
                )
            stack.pop()
            out.append(piece)
        else:
            index = _match_point(piece, points, used_points)
            if index is None:
                if piece.number in pairs:
                    raise TargetError(f"{{{piece.number}}}…{{/{piece.number}}} must enclose text")
                if any(_same_point(piece, p) for p in points):
                    raise TargetError(f"the translation has {describe(piece)} more often than the source")
                raise TargetError(f"the translation adds {describe(piece)}, which is not in the source")
            used_points[index] = True
            found = points[index]
            out.append(Tag("point", found.number, found.name))
    if stack:
        raise TargetError(f"{describe(Tag('open', stack[-1]))} is opened but not closed")
    missing_pairs = sorted(n for n in pairs if n not in seen_pairs and n is not None)
    if missing_pairs:
        raise TargetError(f"the translation drops {describe(Tag('open', missing_pairs[0]))}")
    for index, point in enumerate(points):
        if not used_points[index]:
            raise TargetError(f"the translation drops {describe(point)}")
    return _merge_text(out)


def _same_point(tag: Tag, point: Tag) -> bool:
    if tag.number is not None and point.number is not None:
        return tag.number == point.number
    return tag.name is not None and tag.name == point.name


def _match_point(tag: Tag, points: list[Tag], used: list[bool]) -> int | None:
    for index, point in enumerate(points):
        if not used[index] and _same_point(tag, point):
            return index
    return None


# ---------------------------------------------------------------------------
# Pieces → the model


def clean_text(text: str) -> str:
    """A translation's text as the model keeps it; ValueError for characters no format can carry."""
    for char in text:
        if char in "\n\t\r":
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            raise TargetError(f"the translation contains the control character U+{ord(char):04X}")
    return text


def plain_text(pieces: Sequence[Piece]) -> str:
    """A plain field's translation: one line of text, no placeholders."""
    tags = [p for p in pieces if isinstance(p, Tag)]
    if tags:
        raise TargetError(f"this field takes plain text; remove {describe(tags[0])}")
    return " ".join(clean_text("".join(p for p in pieces if isinstance(p, str))).split())


def text_length(pieces: Sequence[Piece]) -> int:
    """The characters of text in `pieces`, placeholders not counted: what a field's limit counts."""
    return sum(len(piece) for piece in pieces if isinstance(piece, str))


def is_empty(pieces: Sequence[Piece]) -> bool:
    return not any(isinstance(p, Tag) or p.strip() for p in pieces)


def to_inlines(pieces: Sequence[Piece], placeholders: dict[int, Placeholder]) -> m.Inlines:
    """Checked pieces (numbers matched to `placeholders`) as the model's inline tree."""
    stack: list[tuple[Placeholder | None, list[m.Inline]]] = [(None, [])]
    for piece in pieces:
        children = stack[-1][1]
        if isinstance(piece, str):
            text = re.sub(r"\s+", " ", clean_text(piece))
            if children and isinstance(children[-1], m.Text):
                children[-1] = m.Text(children[-1].text + text)
            elif text:
                children.append(m.Text(text))
            continue
        assert piece.number is not None, "pieces must be checked against their source first"
        placeholder = placeholders[piece.number]
        if piece.kind == "open":
            stack.append((placeholder, []))
        elif piece.kind == "close":
            opened, inner = stack.pop()
            assert opened is not None
            stack[-1][1].append(_paired(opened, tuple(inner)))
        elif placeholder.kind == "stat":
            assert placeholder.stat_id is not None
            children.append(m.StatRef(placeholder.stat_id, placeholder.labelled))
        elif placeholder.kind == "break":
            children.append(m.LineBreak())
        else:
            children.append(m.Code(placeholder.text or ""))
    return _strip(tuple(stack[0][1]))


def _paired(placeholder: Placeholder, children: m.Inlines) -> m.Inline:
    if placeholder.kind == "bold":
        return m.Strong(children)
    if placeholder.kind == "italic":
        return m.Emphasis(children)
    assert placeholder.url is not None
    return m.Link(placeholder.url, children)


def _strip(nodes: m.Inlines) -> m.Inlines:
    """No space at the very start or end of the unit (a translator's trailing newline, say)."""
    out = list(nodes)
    if out and isinstance(out[0], m.Text):
        out[0] = m.Text(out[0].text.lstrip())
    if out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text.rstrip())
    return tuple(node for node in out if not (isinstance(node, m.Text) and not node.text))
