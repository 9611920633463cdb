"""The inline codes of a returned XLIFF <source> or <target>, read back into pieces.

Only the codes presskit writes (1.2 `<bpt>`/`<ept>`/`<ph>`, and the `<g>`/`<x>` it
wrote before; 2.0 `<pc>`/`<ph>`) and those CAT tools add around them (`<mrk>`; 2.0
`<sc>`/`<ec>`, `<sm>`/`<em>`, `<cp>`) are understood; anything else is refused where
it stands. A 1.2 code is known by its id: its content (the PO token presskit wrote
there) is not read, so what a placeholder is always comes from the source.
"""

from __future__ import annotations

from typing import Any, Literal

from lxml import etree

from presskit.i18n.files import FileProblem
from presskit.i18n.inline import Pieces, Placeholder, Tag, po_text
from presskit.i18n.returned import XLIFF12, XLIFF20
from presskit.i18n.units import Unit

Version = Literal["1.2", "2.0"]


def _number(element: Any, attribute: str) -> int:
    value = element.get(attribute) or ""
    if not value.isdigit():
        local = etree.QName(element).localname
        raise FileProblem(
            f'<{local} {attribute}="{value}"> is not an inline code presskit wrote',
            element.sourceline,
            "keep the inline codes of the source; do not add new ones",
        )
    return int(value)


def _point_name(element: Any, version: Version) -> str | None:
    if version == "1.2":
        ctype, shown = element.get("ctype"), element.get("equiv-text") or ""
        stat = ctype == "x-presskit-stat"
        brk = ctype == "lb"
    else:
        ctype, shown = element.get("subType"), element.get("disp") or ""
        stat = ctype == "presskit:stat"
        brk = ctype == "xlf:lb"
    if stat and shown.startswith("{stat:") and shown.endswith("}"):
        return shown[1:-1]
    return "br" if brk else None


def pieces(element: Any, version: Version, namespace: str | None = None) -> Pieces:
    """The text and inline codes of a <source> or <target> (`namespace`: XLIFF 1.1's, for 1.x)."""
    ns = namespace or (XLIFF12 if version == "1.2" else XLIFF20)
    out: list[Tag | str] = []

    def walk(node: Any) -> None:
        out.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):  # not a comment or processing instruction
                visit(child)
            out.append(child.tail or "")

    def visit(child: Any) -> None:
        qname = etree.QName(child)
        local = qname.localname
        if qname.namespace != ns:
            where = etree.QName(element).localname
            raise FileProblem(f"unexpected element <{local}> inside <{where}>", child.sourceline)
        if local in ("g", "pc"):
            number = _number(child, "id")
            out.append(Tag("open", number))
            walk(child)
            out.append(Tag("close", number))
        elif local in ("x", "ph"):
            out.append(Tag("point", _number(child, "id"), _point_name(child, version)))
        elif local == "bpt" and version == "1.2":
            out.append(Tag("open", _number(child, "id")))
        elif local == "ept" and version == "1.2":
            out.append(Tag("close", _number(child, "id")))
        elif local == "sc" and version == "2.0":
            out.append(Tag("open", _number(child, "id")))
        elif local == "ec" and version == "2.0":
            out.append(Tag("close", _number(child, "startRef")))
        elif local == "mrk":
            walk(child)
        elif local in ("sm", "em") and version == "2.0":
            pass  # annotation markers: no content
        elif local == "cp" and version == "2.0":
            try:
                out.append(chr(int(child.get("hex") or "", 16)))
            except ValueError:
                raise FileProblem(
                    f'<cp hex="{child.get("hex")}"> is not a code point', child.sourceline
                ) from None
        else:
            codes = "<bpt>, <ept> and <ph>" if version == "1.2" else "<pc> and <ph>"
            raise FileProblem(
                f"<{local}> is not an inline code presskit wrote",
                child.sourceline,
                f"keep only the source's {codes}",
            )

    walk(element)
    merged: list[Tag | str] = []
    for piece in out:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece != "":
            merged.append(piece)
    return tuple(merged)


# ---------------------------------------------------------------------------
# Writing


def _code_attributes(tag: Tag, placeholder: Placeholder | None, version: Version) -> dict[str, str]:
    attributes = {"id": str(tag.number)}
    if placeholder is None or placeholder.paired != (tag.kind != "point"):
        return attributes  # a stale translation's code the source no longer has: written bare
    kind = placeholder.kind
    if version == "1.2":
        if tag.kind == "open":
            attributes["ctype"] = kind
        elif tag.kind == "point" and kind == "stat":
            attributes.update({"ctype": "x-presskit-stat", "equiv-text": f"{{{placeholder.name}}}"})
        elif tag.kind == "point" and kind == "break":
            attributes["ctype"] = "lb"
        elif tag.kind == "point":
            attributes.update({"ctype": "x-presskit-code", "equiv-text": placeholder.text or ""})
        return attributes  # an <ept> has no ctype: its <bpt> says what the pair is
    if kind == "link":
        attributes["type"] = "link"
    elif kind in ("bold", "italic"):
        attributes.update({"type": "fmt", "subType": "xlf:b" if kind == "bold" else "xlf:i"})
    elif kind == "stat":
        attributes.update({"type": "other", "subType": "presskit:stat", "disp": f"{{{placeholder.name}}}"})
    elif kind == "break":
        attributes.update({"type": "fmt", "subType": "xlf:lb"})
    else:
        attributes.update({"type": "other", "subType": "presskit:code", "disp": placeholder.text or ""})
    attributes["canDelete"] = "no"
    return attributes


_CODES_12 = {"open": "bpt", "close": "ept", "point": "ph"}
Tokens = list[tuple[Any, str]]  # XLIFF 1.2 codes and the PO token each is to hold


def write_codes(element: Any, pieces: Pieces, unit: Unit, version: Version) -> Tokens:
    """Write `pieces` into `element` (a <source> or <target>) as text and inline codes.

    XLIFF 1.2's codes are returned with their PO tokens, for `write_tokens` once
    the glossary's terms are marked (so none is looked for inside a code).
    """
    ns = XLIFF12 if version == "1.2" else XLIFF20
    by_name: dict[str, list[int]] = {}
    for p in unit.placeholders.values():
        if p.name:
            by_name.setdefault(p.name, []).append(p.number)
    shown = _point_tokens(unit)
    stack = [element]
    tokens: Tokens = []

    def add_text(text: str) -> None:
        current = stack[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text = (current.text or "") + text

    for piece in pieces:
        if isinstance(piece, str):
            add_text(piece)
            continue
        number = piece.number
        if number is None and piece.name and by_name.get(piece.name):
            number = by_name[piece.name].pop(0)
        if number is None:
            add_text(f"{{{piece.name}}}")  # a stale PO translation's placeholder the source lost
            continue
        tag = Tag(piece.kind, number, piece.name)
        attributes = _code_attributes(tag, unit.placeholders.get(number), version)
        if version == "1.2":  # flat: <bpt>…<ept> pair by id, as Okapi, memoQ and Trados write them
            code = etree.SubElement(element, f"{{{ns}}}{_CODES_12[piece.kind]}", attributes)
            token = po_text((tag,)) if tag.kind != "point" else shown.get(number, po_text((tag,)))
            tokens.append((code, token))
        elif piece.kind == "open":
            stack.append(etree.SubElement(stack[-1], f"{{{ns}}}pc", attributes))
        elif piece.kind == "close":
            if len(stack) > 1:
                stack.pop()
        else:
            etree.SubElement(stack[-1], f"{{{ns}}}ph", attributes)
    return tokens


def write_tokens(tokens: Tokens) -> None:
    for code, token in tokens:
        code.text = token


def _point_tokens(unit: Unit) -> dict[int | None, str]:
    """Each standalone placeholder's PO token as the unit's source writes it (`{stat:id}`, `{br}`, `{3/}`)."""
    return {t.number: po_text((t,)) for t in unit.pieces if isinstance(t, Tag) and t.kind == "point"}


def recode_12(element: Any, unit: Unit) -> None:
    """A kept XLIFF 1.2 <target> or <seg-source> in presskit's earlier <g>/<x>, rewritten as <bpt>/<ept>/<ph>.

    The translator's words, attributes and other markup (<mrk>) stay as they are;
    only the codes, which are presskit's, take the notation of the unit's source,
    so a tool never sees two notations in one unit and xliff2po keeps every code.
    """
    shown = _point_tokens(unit)
    for code in list(element.iter(f"{{{XLIFF12}}}g", f"{{{XLIFF12}}}x")):
        parent, number = code.getparent(), code.get("id") or ""
        if etree.QName(code).localname == "x":
            point = etree.Element(f"{{{XLIFF12}}}ph", _kept_attributes(code))
            point.text = shown.get(int(number), f"{{{number}/}}") if number.isdigit() else None
            point.tail = code.tail
            parent.replace(code, point)
            continue
        begin = etree.Element(f"{{{XLIFF12}}}bpt", _kept_attributes(code))
        begin.text, begin.tail = f"{{{number}}}", code.text
        end = etree.Element(f"{{{XLIFF12}}}ept", {"id": number})
        end.text, end.tail = f"{{/{number}}}", code.tail
        at = parent.index(code)
        parent.insert(at, begin)
        for offset, child in enumerate(list(code), start=1):
            parent.insert(at + offset, child)
        parent.replace(code, end)


def _kept_attributes(code: Any) -> dict[str, str]:
    """A <g>'s or <x>'s attributes a <bpt> or <ph> may carry too (all but `clone`)."""
    return {k: v for k, v in code.attrib.items() if k != "clone"}
