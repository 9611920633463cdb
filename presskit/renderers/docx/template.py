"""python-docx's own template: the styles a document lacks, copied out of it with their numbering."""

from __future__ import annotations

import copy
import functools

import docx
from docx.oxml.ns import qn

from presskit.renderers.docx.ooxml import WordDocument, WordStyle


@functools.cache
def template_document() -> WordDocument:
    """python-docx's own template, read once; only ever read from (styles are copied out of it)."""
    return docx.Document()


def copy_template_style(document: WordDocument, name: str) -> WordStyle | None:
    """`name` as python-docx's template defines it, copied into `document` with what it refers to
    (its base style, its list numbering); None when the template has no such style."""
    template = template_document()
    if name not in template.styles:
        return None
    styles = document.styles
    element = copy.deepcopy(template.styles[name].element)
    for tag in ("w:basedOn", "w:next", "w:link"):
        reference = element.find(qn(tag))
        if reference is None:
            continue
        referred = template.styles.element.get_by_id(reference.get(qn("w:val")))
        referred_name = referred.name_val if referred is not None else None
        if referred_name is None or (
            referred_name not in styles and copy_template_style(document, referred_name) is None
        ):
            element.remove(reference)
    properties = element.find(qn("w:pPr"))
    number = properties.find(qn("w:numPr") + "/" + qn("w:numId")) if properties is not None else None
    if number is not None:
        number.set(qn("w:val"), str(copy_numbering(template, document, int(number.get(qn("w:val"))))))
    styles.element.append(element)
    return styles[name]


def copy_numbering(template: WordDocument, document: WordDocument, num_id: int) -> int:
    """The template's list numbering `num_id` copied into `document`; its id there."""
    source = template.part.numbering_part.element
    target = document.part.numbering_part.element
    num = source.num_having_numId(num_id)
    abstract = source.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{num.abstractNumId.val}']")
    taken = [int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))]
    abstract = copy.deepcopy(abstract)
    abstract.set(qn("w:abstractNumId"), str(max(taken, default=-1) + 1))
    for stale in abstract.findall(qn("w:nsid")):  # Word tells lists apart by nsid: this one is new
        abstract.remove(stale)
    first_num = target.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum precedes every num
    else:
        target.append(abstract)
    return int(target.add_num(int(abstract.get(qn("w:abstractNumId")))).numId)
