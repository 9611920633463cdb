"""The document's paragraph styles, derived from the theme, and the helpers that vary them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from presskit.renderers.pdf.faces import Faces, faces_of
from presskit.themes.theme import Theme


@dataclass(frozen=True)
class Styles:
    """Every paragraph style of the document, derived from the theme."""

    body: ParagraphStyle
    release_line: ParagraphStyle
    release_details: ParagraphStyle
    type_label: ParagraphStyle
    organisation: ParagraphStyle
    headline: ParagraphStyle
    subheadline: ParagraphStyle
    standfirst: ParagraphStyle
    highlight: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    section: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    call_to_action: ParagraphStyle
    end_mark: ParagraphStyle
    small: ParagraphStyle
    source: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    code: ParagraphStyle
    running_head: ParagraphStyle
    footer: ParagraphStyle
    more: ParagraphStyle
    section_label: ParagraphStyle


@dataclass(frozen=True)
class Basis:
    """What every style is derived from: the body style, the theme's faces, colours and size."""

    body: ParagraphStyle
    mirrored: bool
    body_faces: Faces
    heading_faces: Faces
    size: float
    text: colors.Color
    primary: colors.Color
    accent: colors.Color
    muted: colors.Color

    def derive(self, name: str, parent: ParagraphStyle | None = None, **changes: Any) -> ParagraphStyle:
        """A style of the body's (or `parent`'s) with `changes`; mirrored on a right-to-left page."""
        if "fontSize" in changes and "leading" not in changes:
            changes["leading"] = changes["fontSize"] * 1.3
        if self.mirrored:
            changes = mirror_style(changes)
        return ParagraphStyle(name, parent=self.body if parent is None else parent, **changes)


def build_styles(theme: Theme, *, mirrored: bool = False, upright: bool = False) -> Styles:
    """The styles; `mirrored` for a right-to-left document: alignments and indents swap sides;
    `upright` for a language whose script has no italic (Arabic, Japanese): quotes and
    emphasis in the upright faces."""
    basis = style_basis(theme, mirrored, upright)
    derive, size = basis.derive, basis.size
    heading = derive("Heading", fontName=basis.heading_faces.bold, textColor=basis.primary, keepWithNext=1)
    small = derive("Small", fontSize=size * 0.9, leading=size * 1.3, spaceAfter=size * 0.45)
    return Styles(
        body=basis.body,
        **title_styles(basis, heading),
        **text_styles(basis, heading),
        small=small,
        **small_print_styles(basis, small),
        **page_styles(basis),
    )


def style_basis(theme: Theme, mirrored: bool, upright: bool = False) -> Basis:
    """The body style and what the other styles take from the theme."""
    body_faces = faces_of(theme.body_font, upright=upright)
    heading_faces = faces_of(theme.heading_font, upright=upright)
    colours = theme.spec.colours
    text, primary, accent, muted = (
        colors.HexColor(c) for c in (colours.text, colours.primary, colours.accent, colours.muted)
    )
    size = theme.spec.fonts.body_size
    body = ParagraphStyle(
        "Body",
        fontName=body_faces.regular,
        fontSize=size,
        leading=size * 1.45,
        textColor=text,
        spaceAfter=size * 0.7,
        allowWidows=0,
        alignment=TA_RIGHT if mirrored else TA_LEFT,
    )
    return Basis(body, mirrored, body_faces, heading_faces, size, text, primary, accent, muted)


def title_styles(basis: Basis, heading: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """The masthead's and the title block's styles, and the highlights'."""
    derive, size, heading_faces = basis.derive, basis.size, basis.heading_faces
    primary, accent = basis.primary, basis.accent
    return dict(
        release_line=derive(
            "ReleaseLine", fontName=heading_faces.bold, fontSize=size, textColor=primary, spaceAfter=2
        ),
        release_details=derive(
            "ReleaseDetails",
            fontName=heading_faces.regular,
            fontSize=size * 0.9,
            textColor=basis.muted,
            spaceAfter=2,
        ),
        type_label=derive(
            "TypeLabel", fontName=heading_faces.bold, fontSize=size * 1.15, textColor=accent, spaceAfter=0
        ),
        organisation=derive("Organisation", heading, fontSize=size * 1.3, alignment=TA_RIGHT, keepWithNext=0),
        headline=derive("Headline", heading, fontSize=size * 2.1, leading=size * 2.5, spaceAfter=size * 0.8),
        subheadline=derive(
            "Subheadline",
            heading,
            fontName=heading_faces.regular,
            fontSize=size * 1.35,
            spaceAfter=size * 0.8,
        ),
        standfirst=derive(
            "Standfirst", fontSize=size * 1.22, leading=size * 1.22 * 1.4, spaceAfter=size * 0.9
        ),
        highlight=derive("Highlight", spaceAfter=size * 0.35),
    )


def text_styles(basis: Basis, heading: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """The body text's headings, quotations, call to action and end mark."""
    derive, size, text, primary = basis.derive, basis.size, basis.text, basis.primary
    return dict(
        heading1=derive(
            "Heading1", heading, fontSize=size * 1.35, spaceBefore=size * 1.1, spaceAfter=size * 0.45
        ),
        heading2=derive(
            "Heading2",
            heading,
            fontSize=size * 1.12,
            textColor=text,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.35,
        ),
        section=derive(
            "Section", heading, fontSize=size * 1.12, spaceBefore=size * 1.3, spaceAfter=size * 0.45
        ),
        quote=derive(
            "Quote",
            fontName=basis.body_faces.italic,
            fontSize=size * 1.1,
            leading=size * 1.6,
            spaceAfter=size * 0.4,
        ),
        attribution=derive("Attribution", fontSize=size * 0.95, textColor=primary, spaceAfter=0),
        call_to_action=derive("CallToAction", spaceBefore=size * 0.5),
        end_mark=derive(
            "EndMark",
            fontName=basis.heading_faces.bold,
            alignment=TA_CENTER,
            spaceBefore=size,
            spaceAfter=size,
        ),
    )


def small_print_styles(basis: Basis, small: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """The sources', the tables' and the code's styles."""
    derive, size, body_faces = basis.derive, basis.size, basis.body_faces
    return dict(
        source=derive(
            "Source",
            small,
            leftIndent=size * 1.8,
            bulletIndent=0,
            bulletFontName=body_faces.regular,
            bulletFontSize=small.fontSize,
        ),
        table_header=derive(
            "TableHeader",
            fontName=body_faces.bold,
            fontSize=size * 0.92,
            textColor=colors.white,
            spaceAfter=0,
        ),
        table_cell=derive("TableCell", fontSize=size * 0.92, spaceAfter=0),
        code=derive(
            # The monospaced face is registered only when code appears (see code_face).
            "Code",
            fontName=body_faces.regular,
            fontSize=size * 0.88,
            leading=size * 1.25,
            spaceAfter=0,
        ),
    )


def page_styles(basis: Basis) -> dict[str, ParagraphStyle]:
    """The running head's, the footer's and "– more –", and the label over the top contacts."""
    derive, size, muted = basis.derive, basis.size, basis.muted
    return dict(
        running_head=derive(
            "RunningHead", fontSize=size * 0.78, leading=size * 1.0, textColor=muted, spaceAfter=0
        ),
        footer=derive("Footer", fontSize=size * 0.78, textColor=muted, alignment=TA_RIGHT, spaceAfter=0),
        more=derive(
            "More", fontName=basis.body_faces.bold, fontSize=size * 0.85, textColor=muted, alignment=TA_CENTER
        ),
        section_label=derive(
            "SectionLabel",
            fontName=basis.heading_faces.bold,
            fontSize=size * 0.8,
            textColor=basis.primary,
            spaceAfter=size * 0.3,
        ),
    )


def mirror_style(changes: dict[str, Any]) -> dict[str, Any]:
    """A style's own settings for a right-to-left page: left and right swap sides."""
    mirrored = dict(changes)
    if "alignment" in changes:
        mirrored["alignment"] = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(
            changes["alignment"], changes["alignment"]
        )
    if "leftIndent" in changes or "rightIndent" in changes:
        mirrored["leftIndent"] = changes.get("rightIndent", 0)
        mirrored["rightIndent"] = changes.get("leftIndent", 0)
    return mirrored


def restyled(style: ParagraphStyle, **changes: Any) -> ParagraphStyle:
    """`style` with some settings changed (itself when none are)."""
    if not changes:
        return style
    return ParagraphStyle(
        f"{style.name}-" + "-".join(f"{k}{v}" for k, v in sorted(changes.items())), style, **changes
    )


def scaled_style(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """`style` in type `scale` times its size (itself at 1)."""
    if scale == 1:
        return style
    return restyled(style, fontSize=style.fontSize * scale, leading=style.leading * scale)


def tint(hex_colour: str, strength: float) -> colors.Color:
    """The colour mixed with white: a pale background in the brand's hue."""
    base = colors.HexColor(hex_colour)
    return colors.Color(*(1 - strength * (1 - c) for c in (base.red, base.green, base.blue)))
