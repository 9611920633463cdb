"""The inline codes of a returned XLIFF <source> or <target>, read back into pieces.

Only the codes presskit writes (1.2 `<g>`/`<x>`, 2.0 `<pc>`/`<ph>`) and those CAT
tools add around them (`<mrk>`; 2.0 `<sc>`/`<ec>`, `<sm>`/`<em>`, `<cp>`) are
understood; anything else is refused where it stands.
"""

from __future__ import annotations

from typing import Any, Literal

from lxml import etree

from presskit.i18n.files import FileProblem
from presskit.i18n.inline import Pieces, Tag
from presskit.i18n.returned import XLIFF12, XLIFF20

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
            codes = "<g> and <x>" if version == "1.2" else "<pc> and <ph>"
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
