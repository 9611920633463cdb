"""OOXML the python-docx API does not cover: schema order, hyperlinks, tables' looks, list
numbering, a reference's template extras and body, and text Word cannot hold; and the names
for python-docx's objects every module of the renderer uses."""

from __future__ import annotations

import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# python-docx has no type stubs: its objects are Any to mypy. These aliases
# say which Word object a name holds.
WordDocument = Any
WordParagraph = Any
WordRun = Any
WordStyle = Any
Element = Any

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Schema order of paragraph and run properties (ECMA-376 CT_PPrBase, CT_RPr):
# Word refuses a file whose property elements are out of order.
PPR_ORDER = (
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()
RPR_ORDER = (
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing "
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
    "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()
TBLPR_ORDER = (
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
    "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook"
).split()
TRPR_ORDER = (
    "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight "
    "w:tblHeader w:tblCellSpacing w:jc w:hidden"
).split()

# C0 controls other than tab and newline, surrogates and the two non-characters
# are not allowed in XML: python-docx raises on them.
XML_INVALID = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the characters a Word file cannot hold."""
    return XML_INVALID.sub("", text)


def add_run(paragraph: WordParagraph, text: str) -> WordRun:
    """`paragraph.add_run(text)`, the same XML made without python-docx's character-by-character
    scan where the text holds no tab or line break for it to turn into elements."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    if text:
        run._r.add_t(text)
    return run


def hyperlink(paragraph: WordParagraph, *, url: str | None = None, anchor: str | None = None) -> Element:
    """An empty `w:hyperlink` at the end of `paragraph`: to `url`, or to the bookmark `anchor`."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(clean(url), RT.HYPERLINK, is_external=True))
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def insert_ordered(parent: Element, child: Element, order: list[str]) -> Element:
    """Put `child` into `parent` where the schema's element order wants it, replacing its like."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    name = next(n for n in order if qn(n) == tag)
    parent.insert_element_before(child, *order[order.index(name) + 1 :])
    return child


def repeat_as_header_row(row: Any) -> None:
    insert_ordered(row._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"), TRPR_ORDER)


def emphasise_header_row_only(table: Any) -> None:
    """Table style emphasis for the header row and banded rows, not the first column."""
    look = {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"}
    look |= {"w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"}
    properties = table._tbl.tblPr
    element = properties.find(qn("w:tblLook"))
    if element is None:  # python-docx writes one; it is the last child tblPr allows here
        element = OxmlElement("w:tblLook")
        properties.append(element)
    for attribute, value in look.items():
        element.set(qn(attribute), value)


def restart_numbering(document: WordDocument, style: str, start: int) -> int | None:
    """A new numbering instance for `style`'s list, counting from `start`: every list restarts.

    None when the style carries no numbering (a reference.docx may define
    List Number without it): the items are then the style's plain paragraphs.
    """
    properties = document.styles[style].element.pPr
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return None
    numbering = document.part.numbering_part.element
    style_num_id = properties.numPr.numId.val
    num = numbering.num_having_numId(style_num_id)
    abstract_id = num.abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def set_numbering(paragraph: WordParagraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def drop_template_extras(document: WordDocument) -> None:
    """Drop the template's parts that would misdescribe this document.

    The thumbnail is the template's own page, app.xml names the program that
    saved the template, custom properties and comments belong to it, and
    stylesWithEffects.xml would keep the template's unbranded styles for Word 2010.
    """
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES):
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.COMMENTS):
            document.part.rels.pop(rel_id)


# Parts the body links to: once a reference's body is cleared, those it no longer uses go.
BODY_RELATIONSHIPS = frozenset({RT.IMAGE, RT.HYPERLINK, RT.OLE_OBJECT, RT.PACKAGE, RT.CHART, RT.DIAGRAM_DATA})


def clear_body(document: WordDocument) -> None:
    """Empty a reference document's body, keeping its final section (page setup, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    used = set(re.findall(r'r:(?:id|embed|link|pict)="([^"]+)"', etree.tostring(document.element).decode()))
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in BODY_RELATIONSHIPS and rel_id not in used:
            document.part.rels.pop(rel_id)


def on_off(tag: str, value: bool) -> Element:
    return OxmlElement(tag) if value else OxmlElement(tag, {qn("w:val"): "0"})
