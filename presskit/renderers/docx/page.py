"""The page: its sizes, and the paragraph of a running header or footer that presskit writes
the release line (with its embargo) and the page numbers into."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from presskit.renderers.docx.ooxml import WordParagraph

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


def add_field(paragraph: WordParagraph, name: str, shown: str) -> None:
    """The field `name` (PAGE, NUMPAGES), showing `shown` until Word lays the page out."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {name} "})
    paragraph._p.append(field)
    field.append(paragraph.add_run(shown).element)


def field_char(paragraph: WordParagraph, kind: str, *, hidden: bool = False) -> None:
    """A complex field's mark: where it begins, where its result starts, where it ends."""
    run = field_run(paragraph, hidden)
    run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def field_code(paragraph: WordParagraph, code: str, *, hidden: bool = False) -> None:
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = code
    field_run(paragraph, hidden).append(instruction)


def field_run(paragraph: WordParagraph, hidden: bool, text: str = "") -> Any:
    run = paragraph.add_run(text)._r
    if hidden:
        run.get_or_add_rPr().append(OxmlElement("w:vanish"))
    return run


def add_unless_last_page(paragraph: WordParagraph, text: str) -> None:
    """`text` on every page but the last: the field `IF { PAGE } < { NUMPAGES } "text" ""`,
    which Word works out on each page.

    LibreOffice evaluates no PAGE or NUMPAGES nested in an IF (7.4 and its current source:
    its DOCX import refuses the nesting and sets the nested fields apart, as page numbers of
    their own), and no condition it understands knows the current page; its own page
    continuation field has no DOCX form. The nested fields are hidden text, which Word still
    reads as the condition, so LibreOffice shows nothing where Word shows "– more –", and
    never a stray number (tests/test_docx_libreoffice.py).
    """
    field_char(paragraph, "begin")
    field_code(paragraph, " IF ")
    for inner, shown in (("PAGE", "1"), ("NUMPAGES", "2")):
        field_char(paragraph, "begin", hidden=True)
        field_code(paragraph, f" {inner} ", hidden=True)
        field_char(paragraph, "separate", hidden=True)
        field_run(paragraph, True, shown)
        field_char(paragraph, "end", hidden=True)
        if inner == "PAGE":
            field_code(paragraph, " < ")
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    field_code(paragraph, f' "{quoted}" "" ')
    field_char(paragraph, "separate")
    paragraph.add_run(text)
    field_char(paragraph, "end")


def text_slot(header_or_footer: Any) -> WordParagraph:
    """The paragraph of a header or footer that presskit writes into, emptied.

    A reference's header keeps its look: the first paragraph without a
    picture keeps its style and properties (tabs, borders, alignment) and
    loses its text; pictures (a letterhead logo), tables and the rest stay.
    Other text-only paragraphs go, so no sample text is left behind.
    """
    slot: WordParagraph = None
    for paragraph in header_or_footer.paragraphs:
        if paragraph._p.xpath(".//w:drawing | .//w:pict"):
            continue
        if slot is None:
            slot = paragraph
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)
        else:
            paragraph._p.getparent().remove(paragraph._p)
    if slot is None:
        slot = header_or_footer.add_paragraph()
    if slot.style is None or slot.style.name not in ("Header", "Footer"):
        slot.style = "Header" if "Header" in type(header_or_footer).__name__ else "Footer"
    return slot
