"""Styles: the reference's, else the template's, in the theme's fonts and colours.

Which setting wins where the reference.docx and theme.yaml both speak is
`define_styles`'s to say (docs/themes.md explains it for users).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from presskit.renderers.docx.brand import (
    Styling,
    colour_element,
    drop_italic,
    font_family,
    is_right_to_left,
    language_element,
    mix,
    resolve_theme_links,
    script_slots,
    set_font_family,
    set_theme_fonts,
)
from presskit.renderers.docx.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    Element,
    WordDocument,
    WordStyle,
    insert_ordered,
    on_off,
)
from presskit.renderers.docx.template import copy_template_style
from presskit.themes.theme import Theme
from presskit.words import fonts

TABLE_STYLE = "Light List Accent 1"


@dataclass(frozen=True)
class StyleSpec:
    """How one style looks; sizes are multiples of the theme's body size."""

    base: str | None = None
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    font: str | None = None  # "body", "heading", "mono"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # a key of the theme's colours
    before: float | None = None  # points
    after: float | None = None
    left: float | None = None  # millimetres
    align: WD_ALIGN_PARAGRAPH | None = None
    superscript: bool = False
    underline: bool = False
    tracking: float | None = None  # letter spacing, points
    left_rule: str | None = None  # colour key of a rule left of the paragraph
    shading: bool = False  # a pale fill in the primary colour
    keep_next: bool = False  # on the same page as the paragraph after it (headings, labels)


STYLES: dict[str, StyleSpec] = {
    "Body Text": StyleSpec(after=8),
    "Title": StyleSpec(
        font="heading", size=2.1, bold=True, colour="primary", before=6, after=10, keep_next=True
    ),
    "Subtitle": StyleSpec(
        font="heading", size=1.35, italic=False, colour="primary", tracking=0, after=8, keep_next=True
    ),
    "Standfirst": StyleSpec(base="Subtitle", font="body", size=1.15, colour="text", after=12),
    "Release Line": StyleSpec(base="Normal", font="heading", size=0.9, bold=True, colour="primary", after=2),
    "Release Details": StyleSpec(base="Normal", font="heading", size=0.9, colour="muted", after=2),
    "Release Type": StyleSpec(
        base="Normal", font="heading", size=1.05, bold=True, colour="accent", tracking=1, after=14
    ),
    "Logo": StyleSpec(base="Normal", after=14),
    "Lead Image": StyleSpec(base="Normal", before=4, after=4, keep_next=True),
    "Caption": StyleSpec(base="Normal", size=0.85, italic=False, bold=False, colour="muted", after=14),
    "Organisation": StyleSpec(base="Normal", font="heading", size=1.4, bold=True, colour="primary", after=14),
    "Heading 1": StyleSpec(
        font="heading", size=1.3, bold=True, colour="primary", before=16, after=6, keep_next=True
    ),
    "Heading 2": StyleSpec(
        font="heading", size=1.1, bold=True, colour="primary", before=12, after=4, keep_next=True
    ),
    "List Bullet": StyleSpec(after=8),
    "List Number": StyleSpec(after=8),
    "Quote": StyleSpec(
        size=1.05,
        italic=True,
        colour="text",
        before=10,
        after=4,
        left=6,
        left_rule="quote_rule",
    ),
    "Quote Attribution": StyleSpec(
        base="Quote",
        size=0.95,
        italic=False,
        bold=True,
        colour="muted",
        before=0,
        after=12,
    ),
    "Call To Action": StyleSpec(base="Body Text", bold=True, before=6),
    "End Mark": StyleSpec(base="Normal", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12),
    "Contacts Label": StyleSpec(
        base="Normal",
        font="heading",
        size=0.8,
        bold=True,
        colour="primary",
        tracking=1,
        before=6,
        after=3,
        keep_next=True,
    ),
    "Contact": StyleSpec(base="Normal", after=10),
    "Source": StyleSpec(base="Normal", size=0.9, after=3),
    "Disclaimer": StyleSpec(base="Normal", size=0.85, colour="muted", after=4),
    "HTML Preformatted": StyleSpec(base="Normal", font="mono", size=0.9, shading=True, before=6, after=10),
    "Table Spacer": StyleSpec(base="Normal", size=0.5, after=6),
    "Header": StyleSpec(size=0.8, colour="muted", after=0),
    "Footer": StyleSpec(size=0.8, colour="muted", after=0, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Hyperlink": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", underline=True),
    "Source Reference": StyleSpec(kind=WD_STYLE_TYPE.CHARACTER, colour="accent", superscript=True),
}
# Styles Word has built in: marked so, Word merges them with its own rather than adding a copy.
WORD_BUILT_IN = {"Hyperlink", "HTML Preformatted", "Caption"}
NEXT_STYLE = {"Title": "Normal", "Subtitle": "Normal", "Standfirst": "Body Text", "Quote": "Body Text"}
# The template's styles the content uses as they are (nested lists, tables).
TEMPLATE_STYLES = (
    "Normal",
    "List Bullet 2",
    "List Bullet 3",
    "List Number 2",
    "List Number 3",
    "List Continue",
    "List Continue 2",
    "List Continue 3",
    TABLE_STYLE,
)
FONT_FIELDS = {"body": "fonts.body", "heading": "fonts.heading", "mono": "fonts.mono"}


def everything(_field: str) -> bool:
    return True


def define_styles(
    document: WordDocument, theme: Theme, locale: str, *, from_reference: bool = False, linked: bool = False
) -> None:
    """The styles the content uses, in the theme's fonts and colours.

    Without a reference.docx, python-docx's template styles are re-dressed
    wholly. With one, its styles win: a style it defines keeps its own look,
    except for the fields a theme.yaml nearer than the reference sets itself
    (`Theme.docx_overrides`); a style it lacks comes from presskit's built-in
    definition; and wherever it uses Word's theme colours or fonts ("Accent 1",
    "+Headings"), theme.yaml fills them in (`resolve_theme_links`).
    """
    styles = document.styles
    overrides = theme.docx_overrides
    present: Callable[[str], bool] = overrides.__contains__ if from_reference else everything
    set_document_defaults(styles.element, Styling(theme, locale, present, linked), from_reference)
    for name in TEMPLATE_STYLES:
        if name not in styles:
            copy_template_style(document, name)
    for name, spec in STYLES.items():
        if name in styles:
            apply_style(styles[name], spec, Styling(theme, locale, present, linked), whole=not from_reference)
            if from_reference:
                continue
        else:
            style = copy_template_style(document, name) or add_style(styles, name, spec)
            apply_style(style, spec, Styling(theme, locale, everything, linked), whole=True)
        following = NEXT_STYLE.get(name)
        if following is not None:
            styles[name].next_paragraph_style = styles[following]
        if name == "Subtitle":
            drop_subtitle_numbering(styles[name])
    resolve_theme_links(styles.element, theme, locale, keep_links=linked)
    if not fonts.letters_may_be_spaced(locale):
        drop_letter_spacing(styles.element)
    if not fonts.language_takes_italic(locale):
        drop_italic(styles.element)


def drop_letter_spacing(styles: Element) -> None:
    """No style spaces letters apart (a reference.docx's tracked type label included): in a
    language whose letters join or stack, spacing breaks its words."""
    for spacing in list(styles.iter(qn("w:spacing"))):
        parent = spacing.getparent()
        if parent is not None and parent.tag == qn("w:rPr"):
            parent.remove(spacing)


def prune_styles(document: WordDocument) -> None:
    """Drop the style definitions no presskit document uses.

    python-docx's template defines 179 styles, most of them table designs: 350 KB
    of styles.xml that every document would parse, write and zip. Word offers its
    built-in styles without definitions (the latent styles stay), so a press
    officer editing the release loses nothing. Kept: presskit's styles, the
    template's it uses, the defaults, those numbering refers to, and every style
    these are based on, continue with or link to. A reference.docx a press office
    made is never pruned: its styles are its brand.
    """
    root = document.styles.element
    defined = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}

    def name_of(style: Element) -> str | None:
        name = style.find(qn("w:name"))
        return None if name is None else str(name.get(qn("w:val")))

    # Word keeps built-in names in lower case ("heading 1"); python-docx shows "Heading 1".
    wanted = {name.casefold() for name in (*STYLES, *TEMPLATE_STYLES)}
    todo = [
        style_id
        for style_id, style in defined.items()
        if (name_of(style) or "").casefold() in wanted or style.get(qn("w:default")) in ("1", "true")
    ]
    numbering = document.part.numbering_part.element if _has_numbering(document) else None
    if numbering is not None:
        for tag in ("w:pStyle", "w:styleLink", "w:numStyleLink"):
            todo += [str(e.get(qn("w:val"))) for e in numbering.iter(qn(tag))]
    keep: set[str] = set()
    while todo:
        style_id = todo.pop()
        if style_id in keep or style_id not in defined:
            continue
        keep.add(style_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = defined[style_id].find(qn(tag))
            if reference is not None:
                todo.append(str(reference.get(qn("w:val"))))
    for style_id, style in defined.items():
        if style_id not in keep:
            root.remove(style)


def _has_numbering(document: WordDocument) -> bool:
    try:
        document.part.numbering_part  # noqa: B018 - python-docx adds the part when missing
    except (KeyError, NotImplementedError):
        return False
    return True


def add_style(styles: Any, name: str, spec: StyleSpec) -> WordStyle:
    style = styles.add_style(name, spec.kind, builtin=name in WORD_BUILT_IN)
    if spec.base is not None:
        style.base_style = styles[spec.base]
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        style.quick_style = True
    return style


def apply_style(style: WordStyle, spec: StyleSpec, styling: Styling, *, whole: bool) -> None:
    """Write `spec` into `style`: all of it when `whole`, else only what `styling.wanted` names."""
    theme, wanted = styling.theme, styling.wanted
    body_size = theme.spec.fonts.body_size
    font = style.font
    properties = style.element.get_or_add_rPr()
    if spec.font is not None and (whole or wanted(FONT_FIELDS[spec.font])):
        role = spec.font
        if styling.linked and role in ("body", "heading"):
            set_theme_fonts(properties, "major" if role == "heading" else "minor")
        else:
            set_font_family(properties, font_family(role, theme), script_slots(theme, styling.locale))
    # Word sets complex scripts (Arabic, Hebrew, Devanagari, Thai) with their own size, bold and italic.
    if spec.size is not None and (whole or wanted("fonts.body_size")):
        font.size = Pt(round(body_size * spec.size * 2) / 2)
        half_points = str(round(body_size * spec.size * 2))
        insert_ordered(properties, OxmlElement("w:szCs", {qn("w:val"): half_points}), RPR_ORDER)
    if spec.colour is not None and (whole or wanted(f"colours.{spec.colour}")):
        insert_ordered(properties, colour_element("w:color", spec.colour, styling), RPR_ORDER)
    if whole:
        if spec.bold is not None:
            font.bold = spec.bold
            insert_ordered(properties, on_off("w:bCs", spec.bold), RPR_ORDER)
        if spec.italic is not None:
            font.italic = spec.italic
            insert_ordered(properties, on_off("w:iCs", spec.italic), RPR_ORDER)
        if spec.superscript:
            font.superscript = True
        if spec.underline:
            font.underline = True
        if spec.tracking is not None:  # dropped again where letters may not be spaced (define_styles)
            tracking = OxmlElement("w:spacing", {qn("w:val"): str(round(spec.tracking * 20))})
            insert_ordered(style.element.get_or_add_rPr(), tracking, RPR_ORDER)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        apply_paragraph_format(style, spec, styling, whole=whole)


def apply_paragraph_format(style: WordStyle, spec: StyleSpec, styling: Styling, *, whole: bool) -> None:
    paragraph = style.paragraph_format
    if whole:
        if spec.before is not None:
            paragraph.space_before = Pt(spec.before)
        if spec.after is not None:
            paragraph.space_after = Pt(spec.after)
        if spec.left is not None:
            paragraph.left_indent = Mm(spec.left)
        if spec.align is not None:
            paragraph.alignment = spec.align
    if spec.keep_next and (whole or paragraph.keep_with_next is None):  # a reference's own word wins
        paragraph.keep_with_next = True
    properties = style.element.get_or_add_pPr()
    if spec.left_rule is not None and (whole or styling.wanted(f"colours.{spec.left_rule}")):
        rule = {"w:val": "single", "w:sz": "18", "w:space": "8"}  # 2.25 pt
        borders = OxmlElement("w:pBdr")
        borders.append(colour_element("w:left", spec.left_rule, styling, **rule))
        insert_ordered(properties, borders, PPR_ORDER)
    if spec.left_rule is not None and is_right_to_left(styling.locale):
        mirror_borders(properties)
    if spec.shading and (whole or styling.wanted("colours.primary") or styling.wanted("colours.background")):
        colours = styling.theme.spec.colours
        tint = mix(colours.primary, colours.background, 0.06)[1:]
        fill = {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): tint}
        insert_ordered(properties, OxmlElement("w:shd", fill), PPR_ORDER)


def mirror_borders(properties: Element) -> None:
    """A paragraph's left and right borders swapped, for a right-to-left page.

    The rule goes on the start side, beside the indent. In a right-to-left paragraph the
    indent's w:left is its start (the right), but a border's w:left stays on the left
    (ISO/IEC 29500-1, 17.3.1.17: it "shall not change based on the paragraph direction"), and
    LibreOffice draws it so: the rule of a Hebrew or Arabic quote is the right border. The
    reference's own border (a reference.docx made for left-to-right) is swapped too.
    """
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        return
    sides = {qn("w:left"): qn("w:right"), qn("w:right"): qn("w:left")}
    for border in borders:
        if border.tag in sides:
            border.tag = sides[border.tag]
    order = [qn(f"w:{side}") for side in ("top", "left", "bottom", "right", "between", "bar")]
    borders[:] = sorted(borders, key=lambda border: order.index(border.tag) if border.tag in order else 99)


def set_document_defaults(styles: Element, styling: Styling, from_reference: bool) -> None:
    """Body font in every script slot, size, colour, spacing and the document language.

    Set here rather than on Normal because a paragraph style outranks a table
    style: colour on Normal would darken the white text of a table's header row.
    A reference.docx's own defaults stay, but for the fields a nearer
    theme.yaml overrides; the language is always the release's.
    """
    theme, locale = styling.theme, styling.locale
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    paragraph = _child(_child(defaults, "w:pPrDefault"), "w:pPr")

    def setting(field: str, tag: str, holder: Element) -> bool:
        return not from_reference or styling.wanted(field) or holder.find(qn(tag)) is None

    if setting("fonts.body", "w:rFonts", run):
        if styling.linked:
            set_theme_fonts(run, "minor")
        else:
            set_font_family(run, theme.spec.fonts.body, script_slots(theme, locale))
    if setting("colours.text", "w:color", run):
        insert_ordered(run, colour_element("w:color", "text", styling), RPR_ORDER)
    if setting("fonts.body_size", "w:sz", run):
        half_points = str(round(theme.spec.fonts.body_size * 2))
        for tag in ("w:sz", "w:szCs"):
            insert_ordered(run, OxmlElement(tag, {qn("w:val"): half_points}), RPR_ORDER)
    insert_ordered(run, language_element(locale), RPR_ORDER)
    if not from_reference or paragraph.find(qn("w:spacing")) is None:
        spacing = {qn("w:after"): "120", qn("w:line"): "276", qn("w:lineRule"): "auto"}  # 6 pt, 1.15 lines
        insert_ordered(paragraph, OxmlElement("w:spacing", spacing), PPR_ORDER)
    if is_right_to_left(locale):
        insert_ordered(paragraph, OxmlElement("w:bidi"), PPR_ORDER)


def _child(parent: Element, tag: str) -> Element:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def drop_subtitle_numbering(style: WordStyle) -> None:
    """The template's Subtitle carries an empty numbering reference that Word shows as indent."""
    properties = style.element.pPr
    if properties is not None and properties.numPr is not None:
        properties.remove(properties.numPr)
