"""The release as a print-ready PDF (reportlab platypus).

Every page carries the release line as a running head, "Page x of y" and,
on all but the last, "– more –". The page count is only known once the story
is laid out, so each page's footer is a form XObject that the canvas fills in
at save: one layout pass, and bookmarks and links keep their true pages.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.pdf_script import (
    PlainParagraph,
    ScriptSetting,
    face_name,
    make_paragraph,
    register_family,
)
from presskit.themes.theme import Theme
from presskit.words import fonts, wording
from presskit.words.fonts import FontFiles
from presskit.words.labels import label, quote_marks

# Images go into the PDF as binary streams: ASCII85 would make them a quarter larger and costs
# ~30 ms of pure Python per render. Only presskit's own PDFs are made in this process.
rl_config.useA85 = 0

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
PRINT_DPI = 300
RASTER_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
# C0 controls other than tab and newline (and DEL) have no glyph and upset PDF viewers.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

Flowables = list[Flowable]
# The narrowest measure nesting may leave for text, in ems of the body (some 45 characters),
# never more than half the frame.
MIN_MEASURE_EMS = 25
# Tabular matter is set no smaller than this (points): smaller print cannot be read.
MIN_TABLE_FONT_SIZE = 7.0
# A column is not widened beyond this many ems for its longest word: longer words are cut.
WORD_CAP_EMS = 8
CELL_PADDING = 6  # points, left and right: reportlab's default for a table cell
# A long table takes on about this many rows at a time (see LongRows): more than a page holds.
ROW_CHUNK = 100
# Pictures are set in boxes, their aspect kept. The logo's box is the theme's logo width and at
# most this share of the frame's height: a masthead, not a poster of a tall logo.
LOGO_HEIGHT_SHARE = 0.25
LOGO_GAP = 6 * mm  # between the logo and the announcement beside it
# An asset's thumbnail is this wide and at most this many times as tall: a thin strip of a picture
# is shown as a strip, not as a column running off the page.
THUMBNAIL_WIDTH = 22 * mm
THUMBNAIL_MAX_ASPECT = 3
ASSET_ROW_PADDING = 8  # points below each asset's row
HEAD_GAP = 1.6 * mm  # between the running head and the rule below it
MIN_PICTURE_SIDE = 0.001  # points: a hairline, the least the PDF writes as more than 0

# --------------------------------------------------------------------------
# Entry point


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as PDF bytes; identical input gives identical bytes."""
    setting = ScriptSetting(theme, locale, rtl=wording.text_direction(locale) == "rtl")
    styles = build_styles(theme, mirrored=setting.rtl)
    story = StoryWriter(release, theme, locale, styles, setting).story()
    buffer = io.BytesIO()
    document = ReleaseDocument(buffer, release, theme, locale, styles, setting)
    document.build(story, canvasmaker=partial(FooterCanvas, footer=document.draw_footer))
    return buffer.getvalue()


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first document of `theme` in `locale` does first: register its
    fonts (ReportLab reads each TrueType face whole, tens of milliseconds) and its styles."""
    build_styles(theme, mirrored=wording.text_direction(locale) == "rtl")
    script = fonts.locale_script(locale)
    files = theme.script_font(script) if script is not None else None
    if files is not None:
        register_family(files)


# --------------------------------------------------------------------------
# Text for reportlab's paragraph markup


def clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def text_markup(text: str) -> str:
    """User text made safe for Paragraph markup: shown literally, never interpreted."""
    return escape(clean(text))


def attribute(value: str) -> str:
    return escape(clean(value), {'"': "&quot;"})


def link_markup(url: str, inner: str, colour: str) -> str:
    # Paragraph turns "#name" and "document:" hrefs into jumps inside this PDF;
    # a user's URL never may, or a missing destination would fail the build.
    if url.startswith(("#", "document:")):
        return inner
    return f'<a href="{attribute(url)}" color="{colour}">{inner}</a>'


def source_anchor(source: m.Source) -> str:
    return f"source-{source.number}"


# --------------------------------------------------------------------------
# Fonts and styles


@dataclass(frozen=True)
class Faces:
    regular: str
    bold: str
    italic: str


def faces_of(files: FontFiles) -> Faces:
    """The registered names of the family's faces (registering it if need be)."""
    return Faces(*(face_name(files, face) for face in ("regular", "bold", "italic")))


@dataclass(frozen=True)
class Styles:
    """Every paragraph style of the document, derived from the theme."""

    body: ParagraphStyle
    release_line: ParagraphStyle
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


def build_styles(theme: Theme, *, mirrored: bool = False) -> Styles:
    """The styles; `mirrored` for a right-to-left document: alignments and indents swap sides."""
    body_faces = faces_of(theme.body_font)
    heading_faces = faces_of(theme.heading_font)
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

    def derive(name: str, parent: ParagraphStyle = body, **changes: Any) -> ParagraphStyle:
        if "fontSize" in changes and "leading" not in changes:
            changes["leading"] = changes["fontSize"] * 1.3
        if mirrored:
            changes = mirror_style(changes)
        return ParagraphStyle(name, parent=parent, **changes)

    heading = derive("Heading", fontName=heading_faces.bold, textColor=primary, keepWithNext=1)
    small = derive("Small", fontSize=size * 0.9, leading=size * 1.3, spaceAfter=size * 0.45)
    return Styles(
        body=body,
        release_line=derive(
            "ReleaseLine", fontName=heading_faces.bold, fontSize=size, textColor=primary, spaceAfter=2
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
            fontName=body_faces.italic,
            fontSize=size * 1.1,
            leading=size * 1.6,
            spaceAfter=size * 0.4,
        ),
        attribution=derive("Attribution", fontSize=size * 0.95, textColor=primary, spaceAfter=0),
        call_to_action=derive("CallToAction", spaceBefore=size * 0.5),
        end_mark=derive(
            "EndMark", fontName=heading_faces.bold, alignment=TA_CENTER, spaceBefore=size, spaceAfter=size
        ),
        small=small,
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
        running_head=derive(
            "RunningHead", fontSize=size * 0.78, leading=size * 1.0, textColor=muted, spaceAfter=0
        ),
        footer=derive("Footer", fontSize=size * 0.78, textColor=muted, alignment=TA_RIGHT, spaceAfter=0),
        more=derive(
            "More", fontName=body_faces.bold, fontSize=size * 0.85, textColor=muted, alignment=TA_CENTER
        ),
        section_label=derive(
            "SectionLabel",
            fontName=heading_faces.bold,
            fontSize=size * 0.8,
            textColor=primary,
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


# --------------------------------------------------------------------------
# Outline (bookmarks)


@dataclass(frozen=True)
class OutlineEntry:
    key: str  # the named destination, set with <a name> in the paragraph
    title: str
    level: int


class OutlinedParagraph(PlainParagraph):
    """A paragraph that adds an entry to the PDF outline where it lands."""

    outline: OutlineEntry | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts:
            parts[0].outline = self.outline  # only the first piece carries the anchor
        return parts


# --------------------------------------------------------------------------
# The story: the release's content in reading order


class StoryWriter:
    def __init__(
        self, release: m.Release, theme: Theme, locale: str, styles: Styles, setting: ScriptSetting
    ) -> None:
        self.release = release
        self.theme = theme
        self.locale = locale
        self.styles = styles
        self.setting = setting
        self.rtl = setting.rtl
        self.accent = theme.spec.colours.accent
        frame_width, _ = frame_size(theme)
        # The measure at the current depth of nesting: lists and quotes narrow it for their content.
        self.width: float = frame_width
        size = styles.body.fontSize
        self.narrowest = min(MIN_MEASURE_EMS * size, frame_width / 2)
        self.anchors = 0

    def para(self, markup: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
        """A paragraph: reportlab's own where it can set the text, else presskit's ScriptParagraph."""
        return make_paragraph(self.setting, markup, style, **kwargs)

    @property
    def start_side(self) -> str:
        """Where lines start: "LEFT", or "RIGHT" on a right-to-left page."""
        return "RIGHT" if self.rtl else "LEFT"

    @property
    def end_side(self) -> str:
        return "LEFT" if self.rtl else "RIGHT"

    def code_face(self) -> str:
        """The monospaced face, registered on first use: parsing a TrueType file costs ~15 ms."""
        return faces_of(self.theme.mono_font).regular

    def story(self) -> Flowables:
        return [
            *self.masthead(),
            *self.title_block(),
            *self.highlights(),
            *self.body(),
            *self.call_to_action(),
            self.para(text_markup(self.release.end_mark), self.styles.end_mark),
            *self.notes_and_about(),
            *([] if self.contacts_first else self.contacts()),
            *self.sources(),
            *self.assets(),
        ]

    # -- parts, in order

    @property
    def contacts_first(self) -> bool:
        return self.theme.spec.contacts == "top"

    def masthead(self) -> Flowables:
        """Release line and type label, the logo where the theme puts it, contacts if they go first, a rule."""
        position = self.theme.spec.logo
        brand = self.logo_or_name()
        brand_width = self.theme.spec.logo_width_mm * mm
        rule = HRFlowable(
            width="100%",
            thickness=1.2,
            color=colors.HexColor(self.theme.spec.colours.primary),
            spaceBefore=10,
            spaceAfter=16,
        )
        contacts = self.top_contacts() if self.contacts_first else []
        side_by_side = (
            position in ("left", "right")
            and self.width - brand_width >= 60 * mm
            and self.fits_side_by_side(brand, brand_width)
        )
        # With the logo at the start (left, or right in a right-to-left page), the announcement faces it.
        logo_first = (position == "left") != self.rtl
        announcement_style = (
            {} if position == "right" or not side_by_side else {"alignment": self.end_alignment}
        )
        if position == "center":
            announcement_style = {"alignment": TA_CENTER}
        announcement = self.announcement(**announcement_style)
        if not side_by_side:
            if position == "center":
                return [brand, Spacer(1, 8), *announcement, *contacts, rule]
            return [*announcement, Spacer(1, 8), brand, *contacts, rule]
        cells, widths = [announcement, brand], [self.width - brand_width, brand_width]
        gap = ("RIGHTPADDING", (0, 0), (0, 0), LOGO_GAP)
        brand_align = ("ALIGN", (1, 0), (1, 0), "RIGHT")
        if logo_first:
            cells, widths = cells[::-1], widths[::-1]
            gap = ("LEFTPADDING", (1, 0), (1, 0), LOGO_GAP)
            brand_align = ("ALIGN", (0, 0), (0, 0), "LEFT")
        table = Table(
            [cells],
            colWidths=widths,
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    brand_align,
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    gap,
                ]
            ),
        )
        return [table, *contacts, rule]

    def announcement(self, **style: Any) -> Flowables:
        """The release line and the type label, in the masthead's styles with `style`'s changes."""
        release, locale, styles = self.release, self.locale, self.styles
        return [
            self.para(
                text_markup(wording.release_line(release, locale)), restyled(styles.release_line, **style)
            ),
            self.para(text_markup(wording.type_label(release, locale)), restyled(styles.type_label, **style)),
        ]

    def fits_side_by_side(self, brand: Flowable, brand_width: float) -> bool:
        """Whether the announcement and the logo (or name) `brand_width` wide may stand side by side.

        Side by side they are a table's cells, and a table's row never breaks across
        pages: where either is taller than half the frame (an embargo stated in scores
        of zones, a long name), the announcement goes above the brand instead, where
        its lines run on as a paragraph's do.
        """
        _, frame_height = frame_size(self.theme)
        width = self.width - brand_width - LOGO_GAP
        announcement = sum(
            part.wrap(width, frame_height)[1] + part.getSpaceAfter() for part in self.announcement()
        )
        tallest: float = max(announcement, brand.wrap(brand_width, frame_height)[1])
        return tallest <= frame_height / 2

    @property
    def end_alignment(self) -> int:
        return int(TA_LEFT if self.rtl else TA_RIGHT)

    def top_contacts(self) -> Flowables:
        """The media contacts under the release line, side by side (`contacts: top`, the wire style)."""
        if not self.release.contacts:
            return []
        label_style = restyled(self.styles.section_label, spaceBefore=self.styles.body.fontSize * 1.1)
        heading = self.para(text_markup(label("contacts", self.locale)), label_style)
        small = self.styles.small
        cards: list[Flowable] = [self.para(self.contact_markup(c), small) for c in self.release.contacts]
        columns = min(3, len(cards))
        rows = [cards[i : i + columns] for i in range(0, len(cards), columns)]
        rows = [row + [""] * (columns - len(row)) for row in rows]
        if self.rtl:
            rows = [row[::-1] for row in rows]
        table = Table(
            rows,
            colWidths=[self.width / columns] * columns,
            hAlign=self.start_side,
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            ),
        )
        return [KeepTogether([heading, table])]

    def logo_or_name(self) -> Flowable:
        organisation = self.release.organisation
        if organisation.logo is None:
            return self.para(text_markup(organisation.name), self.styles.organisation)
        align = {"left": self.start_side, "right": self.end_side, "center": "CENTER"}[self.theme.spec.logo]
        _, frame_height = frame_size(self.theme)
        box = (min(self.theme.spec.logo_width_mm * mm, self.width), frame_height * LOGO_HEIGHT_SHARE)
        return scaled_image(organisation.logo, box, align)

    def title_block(self) -> Flowables:
        release, styles = self.release, self.styles
        parts: Flowables = [
            self.outlined(text_markup(release.headline), release.headline, 0, styles.headline, "headline")
        ]
        if release.subheadline:
            parts.append(self.para(text_markup(release.subheadline), styles.subheadline))
        if release.standfirst:
            parts.append(self.para(self.inline(release.standfirst), styles.standfirst))
        return parts

    def highlights(self) -> Flowables:
        if not self.release.highlights:
            return []
        items = [[self.para(self.inline(point), self.styles.highlight)] for point in self.release.highlights]
        return [
            self.bullet_list(items, bullet_colour=self.accent),
            Spacer(1, self.styles.body.fontSize * 0.6),
        ]

    def body(self) -> Flowables:
        blocks = self.release.body
        dateline = f"<b>{text_markup(themed.dateline(self.release, self.theme, self.locale))}</b>"
        first = next((i for i, block in enumerate(blocks) if isinstance(block, m.Paragraph)), None)
        flowables: Flowables = []
        if first is None:
            flowables.append(self.para(dateline, self.styles.body))
        for index, block in enumerate(blocks):
            if index == first and isinstance(block, m.Paragraph):
                markup = f"{dateline} {self.inline(block.children)}"
                flowables.append(self.para(markup, self.styles.body))
            else:
                flowables.extend(self.block(block))
        return flowables

    def call_to_action(self) -> Flowables:
        action = self.release.call_to_action
        if action is None:
            return []
        url = link_markup(action.url, text_markup(action.url), self.accent)
        return [self.para(f"{text_markup(action.text)}: {url}", self.styles.call_to_action)]

    def notes_and_about(self) -> Flowables:
        release, locale = self.release, self.locale
        flowables: Flowables = []
        if release.notes_to_editors:
            flowables.append(self.section_heading(label("notes_to_editors", locale)))
            flowables.extend(self.blocks(release.notes_to_editors))
        if release.organisation.boilerplate:
            flowables.append(self.section_heading(wording.about_title(release.organisation, locale)))
            flowables.extend(self.blocks(release.organisation.boilerplate))
        return flowables

    def contacts(self) -> Flowables:
        if not self.release.contacts:
            return []
        flowables: Flowables = [self.section_heading(label("contacts", self.locale))]
        for contact in self.release.contacts:
            flowables.append(KeepTogether([self.para(self.contact_markup(contact), self.styles.body)]))
        return flowables

    def contact_markup(self, contact: m.Contact) -> str:
        lines = [f"<b>{text_markup(contact.name)}</b>"]
        for line in wording.contact_lines(contact, self.locale):
            text = text_markup(line.text)
            lines.append(link_markup(line.link, text, self.accent) if line.link else text)
        return "<br/>".join(lines)

    def sources(self) -> Flowables:
        sources = self.release.sources
        if not sources:
            return []
        flowables: Flowables = [self.section_heading(label("sources", self.locale))]
        for source in sources:
            markup = f'<a name="{source_anchor(source)}"/>{text_markup(wording.source_text(source))}'
            if source.url:
                markup += "<br/>" + link_markup(source.url, text_markup(source.url), self.accent)
            for figure in wording.source_figures(self.release, source, self.locale):
                markup += "<br/>– " + text_markup(figure)
            flowables.append(self.para(markup, self.styles.source, bulletText=f"{source.number}."))
        return flowables

    def assets(self) -> Flowables:
        release, locale = self.release, self.locale
        if not release.assets and release.press_kit is None:
            return []
        flowables: Flowables = [self.section_heading(label("assets", locale))]
        for asset in release.assets:
            flowables.append(self.asset(asset))
        if release.press_kit is not None:
            kit = release.press_kit
            markup = (
                f"<b>{text_markup(label('press_kit', locale))}:</b> "
                f"{link_markup(kit.url, text_markup(kit.text), self.accent)} "
                f"({link_markup(kit.url, text_markup(kit.url), self.accent)})"
            )
            flowables.append(self.para(markup, self.styles.body))
        return flowables

    def asset(self, asset: m.Asset) -> Flowable:
        description = self.para(text_markup(wording.asset_description(asset, self.locale)), self.styles.small)
        if asset.kind != "image" or asset.media_type not in RASTER_TYPES:
            return description
        thumbnail_width = THUMBNAIL_WIDTH
        _, frame_height = frame_size(self.theme)
        box = (thumbnail_width, min(thumbnail_width * THUMBNAIL_MAX_ASPECT, frame_height - ASSET_ROW_PADDING))
        row: list[Any] = [scaled_image(asset.path, box, self.start_side, asset.renditions), description]
        widths = [thumbnail_width + 5 * mm, self.width - thumbnail_width - 5 * mm]
        if self.rtl:
            row, widths = row[::-1], widths[::-1]
        split_in_row = 0.0
        if self.has_tall_row([row], widths, 1.0):
            # A description longer than half a page (each of its lines may be long) runs on
            # to the next page beside its picture, as a tall cell of a table does.
            row, split_in_row = [[cell] for cell in row], self.styles.small.leading * 3
        return Table(
            [row],
            colWidths=widths,
            splitInRow=split_in_row,
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), ASSET_ROW_PADDING),
                    ("ALIGN", (0, 0), (-1, -1), self.start_side),  # the gap between picture and text
                ]
            ),
            hAlign=self.start_side,
        )

    # -- blocks

    def blocks(self, blocks: Sequence[m.Block]) -> Flowables:
        return [flowable for block in blocks for flowable in self.block(block)]

    def block(self, block: m.Block) -> Flowables:
        styles = self.styles
        if isinstance(block, m.Paragraph):
            return [self.para(self.inline(block.children), styles.body)]
        if isinstance(block, m.Heading):
            style = styles.heading1 if block.level <= 1 else styles.heading2
            title = wording.plain_inlines(
                block.children, self.release, self.locale, sources=self.sources_mode
            )
            return [self.outlined(self.inline(block.children), title, block.level - 1, style)]
        if isinstance(block, m.ListBlock):
            return self.list_block(block)
        if isinstance(block, m.Table):
            return self.table(block)
        if isinstance(block, m.BlockQuote):
            return self.block_quote(block)
        if isinstance(block, m.QuoteRef):
            return [self.quote(self.release.quotes[block.quote_id])]
        return [self.preformatted(block)]

    def list_block(self, block: m.ListBlock, depth: int = 0) -> Flowables:
        if not block.items:
            return []
        size = self.styles.body.fontSize
        indent = self.nested_indent(size * 2 if block.ordered else size * 1.5)
        with self.nested(indent):
            items = [self.list_item(item, depth) for item in block.items]
        if block.ordered:
            return [self.numbered_list(items, block.start, indent)]
        return [
            self.bullet_list(items, bullet_colour=self.theme.spec.colours.text, depth=depth, indent=indent)
        ]

    def list_item(self, item: Sequence[m.Block], depth: int) -> Flowables:
        flowables: Flowables = []
        for block in item:
            if isinstance(block, m.ListBlock):
                flowables.extend(self.list_block(block, depth + 1))
            elif isinstance(block, m.Paragraph):
                flowables.append(self.para(self.inline(block.children), self.styles.highlight))
            else:
                flowables.extend(self.block(block))
        # An empty item still shows its marker, on a line of its own.
        return flowables or [Spacer(1, self.styles.highlight.leading)]

    def bullet_list(
        self, items: Sequence[Flowables], bullet_colour: str, depth: int = 0, indent: float | None = None
    ) -> Flowable:
        size = self.styles.body.fontSize
        return ListFlowable(
            [ListItem(item) for item in items],
            bulletType="bullet",
            start="•" if depth % 2 == 0 else "–",
            bulletColor=colors.HexColor(bullet_colour),
            bulletFontName=self.styles.body.fontName,
            bulletFontSize=size,
            spaceAfter=size * 0.4,
            **self.list_indent(size * 1.5 if indent is None else indent),
        )

    def numbered_list(self, items: Sequence[Flowables], start: int, indent: float) -> Flowable:
        size = self.styles.body.fontSize
        return ListFlowable(
            [ListItem(item) for item in items],
            bulletType="1",
            start=str(start),
            bulletFormat="%s.",
            bulletFontName=self.styles.body.fontName,
            bulletFontSize=size,
            spaceAfter=size * 0.4,
            **self.list_indent(indent),
        )

    def list_indent(self, indent: float) -> dict[str, Any]:
        """The list's indent and where its markers go: the start side of the page.

        A list nested past the narrowest measure is not indented (`indent` 0): its
        markers hang before its text, in the indent of the list or quote around it.
        """
        if indent == 0:
            gap = self.styles.body.fontSize * 0.5  # between a hanging marker and the text
            if self.rtl:
                return {"rightIndent": 0, "bulletDir": "rtl", "bulletAlign": "left", "bulletDedent": gap}
            return {"leftIndent": 0, "bulletAlign": "right", "bulletDedent": gap}
        if self.rtl:
            return {"leftIndent": 0, "rightIndent": indent, "bulletDir": "rtl"}
        return {"leftIndent": indent}

    # -- nesting

    def nested_indent(self, wanted: float) -> float:
        """`wanted`, or 0 where indenting by it would leave the text narrower than the narrowest
        measure: nesting past that point goes on at the same indent, so however deep a list or
        quote is nested, its lines keep room for some 45 characters."""
        return wanted if self.width - wanted >= self.narrowest else 0.0

    @contextlib.contextmanager
    def nested(self, indent: float) -> Iterator[None]:
        """The measure narrowed by `indent` while the content inside is made (a table or quote
        in a list item is sized to it)."""
        width = self.width
        self.width -= indent
        try:
            yield
        finally:
            self.width = width

    def table(self, block: m.Table) -> Flowables:
        """The table at the measure; one too wide for it in a smaller type, or in groups of columns.

        Columns share the measure equally where each holds its longest word (capped at
        WORD_CAP_EMS: longer words are cut at the cell's edge). Else each gets the room its
        words need; where even that is too wide, the type shrinks, down to
        MIN_TABLE_FONT_SIZE; and where it is too wide at that size, the columns are set in
        groups one after another, each group led by the table's first column (the key to
        its rows) and its own header row.
        """
        columns = max(len(row) for row in (block.header, *block.rows))
        if not columns:
            return []
        rows = [padded_cells(row, columns) for row in (block.header, *block.rows)]
        markup = [[self.inline(cell.children) for cell in row] for row in rows]
        cells = [
            [
                self.cell(cell, self.styles.table_header if n == 0 else self.styles.table_cell, text)
                for cell, text in zip(row, texts, strict=True)
            ]
            for n, (row, texts) in enumerate(zip(rows, markup, strict=True))
        ]
        cap = WORD_CAP_EMS * self.styles.table_cell.fontSize
        needs = [max(min(longest_word(row[c]), cap) for row in cells) for c in range(columns)]
        layout = table_layout(needs, self.width, self.styles.table_cell.fontSize)
        if layout.scale == 1 and len(layout.groups) == 1:  # as measured
            return [self.table_grid(cells, layout.groups[0][1], 1.0)]
        return [self.table_part(rows, markup, group, widths, layout.scale) for group, widths in layout.groups]

    def table_part(
        self,
        rows: list[list[m.TableCell]],
        markup: list[list[str]],
        group: Sequence[int],
        widths: Sequence[float],
        scale: float,
    ) -> Flowable:
        """The columns `group` of the table, `widths` wide, its type `scale` times the usual size."""
        header_style = scaled_style(self.styles.table_header, scale)
        cell_style = scaled_style(self.styles.table_cell, scale)
        cells = [
            [self.cell(row[c], header_style if n == 0 else cell_style, markup[n][c]) for c in group]
            for n, row in enumerate(rows)
        ]
        return self.table_grid(cells, widths, scale)

    def table_grid(self, cells: list[list[Flowable]], widths: Sequence[float], scale: float) -> Flowable:
        """The table of `cells` (the header row first), columns `widths` wide, type and padding
        `scale` times the usual."""
        data: list[list[Any]] = list(cells)
        widths = list(widths)
        if self.rtl:  # the first column on the right
            data, widths = [row[::-1] for row in data], widths[::-1]
        colours = self.theme.spec.colours
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(colours.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor(colours.muted)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * scale),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * scale),
        ]
        if scale != 1:
            commands += [
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING * scale),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING * scale),
            ]
        split_in_row = 0.0
        if self.has_tall_row(data, widths, scale):
            # reportlab splits a row only where each cell is a list of flowables.
            data = [[[cell] for cell in row] for row in data]
            split_in_row = self.styles.table_cell.leading * scale * 3  # three lines either side of a break
        settings: dict[str, Any] = {
            "colWidths": widths,
            "repeatRows": 1,
            "hAlign": self.start_side,
            "spaceBefore": 4,
            "spaceAfter": self.styles.body.fontSize,
            "splitInRow": split_in_row,
            "style": self.table_style(commands),
        }
        if len(data) > ROW_CHUNK + 1:
            return LongRows(data[: ROW_CHUNK + 1], later=(data, ROW_CHUNK + 1), settings=settings, **settings)
        return Table(data, **settings)

    def has_tall_row(self, data: list[list[Flowable]], widths: Sequence[float], scale: float) -> bool:
        """Whether a row is taller than half a page: such a row may break across pages
        (reportlab can lay out no row taller than the frame; a shorter one moves on whole)."""
        _, frame_height = frame_size(self.theme)
        padding = 2 * CELL_PADDING * scale
        vertical = 9 * scale  # TOPPADDING and BOTTOMPADDING
        for row in data:
            tallest = max(
                cell.wrap(max(1.0, w - padding), frame_height)[1] for cell, w in zip(row, widths, strict=True)
            )
            if tallest + vertical > frame_height / 2:
                return True
        return False

    def cell(self, cell: m.TableCell, style: ParagraphStyle, markup: str) -> Flowable:
        start, end = (TA_RIGHT, TA_LEFT) if self.rtl else (TA_LEFT, TA_RIGHT)
        alignment = {"left": start, "center": TA_CENTER, "right": end}[cell.align or "left"]
        aligned = ParagraphStyle(f"{style.name}-{alignment}", style, alignment=alignment)
        return self.para(markup, aligned)

    def quote(self, quote: m.Quote) -> Flowable:
        opening, closing = quote_marks(self.locale)
        text = self.para(f"{opening}{self.inline(quote.text)}{closing}", self.styles.quote)
        speaker = self.para(
            f"— {text_markup(wording.attribution(quote.speaker, self.locale))}", self.styles.attribution
        )
        return self.ruled([text, speaker])

    def block_quote(self, block: m.BlockQuote) -> Flowables:
        """A quotation ruled off and indented; past the narrowest measure, set as the quote around it."""
        size = self.styles.body.fontSize
        indent = self.nested_indent(size * 2.4)  # ruled's indent, and the padding after the rule
        with self.nested(indent):
            content = self.blocks(block.children)
        return [self.ruled(content)] if indent and content else content

    def ruled(self, content: Flowables) -> Flowable:
        """Content set apart: indented, with the theme's quote rule on its start side."""
        size = self.styles.body.fontSize
        indent = size * 1.2
        rule = "LINEAFTER" if self.rtl else "LINEBEFORE"
        padding = ("RIGHTPADDING", "LEFTPADDING") if self.rtl else ("LEFTPADDING", "RIGHTPADDING")
        return Table(
            [[content]],
            colWidths=[self.width - indent],
            hAlign=self.end_side,
            spaceBefore=size * 0.5,
            spaceAfter=size * 1.1,
            splitInRow=size * 4,  # a long quotation may run on to the next page
            style=self.table_style(
                [
                    (rule, (0, 0), (0, -1), 2.5, colors.HexColor(self.theme.spec.colours.quote_rule)),
                    (padding[0], (0, 0), (-1, -1), size * 1.2),
                    (padding[1], (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            ),
        )

    def preformatted(self, block: m.Preformatted) -> Flowable:
        text = clean(block.text).expandtabs(4)
        style = ParagraphStyle("CodeBlock", self.styles.code, fontName=self.code_face())
        columns = max(20, int(self.width / pdfmetrics.stringWidth("M", style.fontName, style.fontSize)) - 2)
        code = Preformatted(text, style, maxLineLength=columns, newLineChars="")
        return Table(
            [[code]],
            colWidths=[self.width],
            spaceBefore=2,
            spaceAfter=self.styles.body.fontSize,
            splitInRow=style.leading * 3,
            style=self.table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), tint(self.theme.spec.colours.primary, 0.06)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )

    def table_style(self, commands: list[tuple[Any, ...]]) -> TableStyle:
        # A table sets its cells' font even when they hold only flowables; left to
        # its default, every page would name an unembedded Helvetica.
        body = self.styles.body
        return TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize), *commands])

    # -- headings

    def outlined(self, markup: str, title: str, level: int, style: ParagraphStyle, key: str = "") -> Flowable:
        if not key:
            self.anchors += 1
            key = f"heading-{self.anchors}"
        paragraph = make_paragraph(self.setting, f'<a name="{key}"/>{markup}', style, OutlinedParagraph)
        paragraph.outline = OutlineEntry(key, clean(title), level)
        return paragraph

    def section_heading(self, title: str) -> Flowable:
        return self.outlined(text_markup(title), title, 0, self.styles.section)

    # -- inline

    @property
    def sources_mode(self) -> str:
        return self.theme.spec.sources

    def inline(self, nodes: Sequence[m.Inline]) -> str:
        return "".join(self.inline_node(node) for node in nodes)

    def inline_node(self, node: m.Inline) -> str:
        if isinstance(node, m.Text):
            return text_markup(node.text)
        if isinstance(node, m.Strong):
            return f"<b>{self.inline(node.children)}</b>"
        if isinstance(node, m.Emphasis):
            return f"<i>{self.inline(node.children)}</i>"
        if isinstance(node, m.Code):
            return f'<font face="{self.code_face()}">{text_markup(node.text)}</font>'
        if isinstance(node, m.Link):
            return link_markup(node.url, self.inline(node.children), self.accent)
        if isinstance(node, m.StatRef):
            return self.statistic(self.release.statistics[node.stat_id])
        return "<br/>"

    def statistic(self, stat: m.Statistic) -> str:
        value = text_markup(wording.format_statistic(stat, self.locale))
        mark = text_markup(wording.citation(stat, self.sources_mode))
        if self.sources_mode == "inline":
            return f"{value} {mark}"
        # Brackets keep the number apart from the figure when text is copied or
        # extracted: a bare superscript would turn "100" and note 1 into "1001".
        anchor = source_anchor(stat.source)
        return f'{value}<super><a href="#{anchor}" color="{self.accent}">[{mark}]</a></super>'


def restyled(style: ParagraphStyle, **changes: Any) -> ParagraphStyle:
    """`style` with some settings changed (itself when none are)."""
    if not changes:
        return style
    return ParagraphStyle(
        f"{style.name}-" + "-".join(f"{k}{v}" for k, v in sorted(changes.items())), style, **changes
    )


def padded_cells(row: Sequence[m.TableCell], columns: int) -> list[m.TableCell]:
    return [*row, *([m.TableCell(())] * (columns - len(row)))]


def longest_word(paragraph: Flowable) -> float:
    """The width of the paragraph's widest word (0 for one without words: reportlab's minWidth
    fails on those)."""
    try:
        return float(paragraph.minWidth())
    except ValueError:
        return 0.0


def scaled_style(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """`style` in type `scale` times its size (itself at 1)."""
    if scale == 1:
        return style
    return restyled(style, fontSize=style.fontSize * scale, leading=style.leading * scale)


@dataclass(frozen=True)
class TableLayout:
    scale: float  # of the type and cell padding
    groups: tuple[tuple[tuple[int, ...], tuple[float, ...]], ...]  # (columns, their widths)


def table_layout(needs: Sequence[float], measure: float, size: float) -> TableLayout:
    """Type scale and column groups for a table whose columns need `needs` points each (their
    longest words, at type `size`, padding left out) in `measure` points (see `table`)."""
    columns = len(needs)
    every = tuple(range(columns))
    padding = 2 * CELL_PADDING
    if all(need + padding <= measure / columns for need in needs):
        return TableLayout(1.0, ((every, (measure / columns,) * columns),))
    wanted = [need + padding for need in needs]  # at the usual size; both scale with the type
    scale = min(1.0, measure / sum(wanted))
    if scale * size >= MIN_TABLE_FONT_SIZE:
        return TableLayout(scale, ((every, filled([w * scale for w in wanted], measure)),))
    scale = MIN_TABLE_FONT_SIZE / size
    return TableLayout(scale, tuple(column_groups([w * scale for w in wanted], measure)))


def column_groups(wanted: Sequence[float], measure: float) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
    """Columns in groups that fit `measure`, each led by column 0 (none if two would not fit)."""
    key = [0] if len(wanted) > 1 and wanted[0] + max(wanted[1:]) <= measure else []
    groups: list[tuple[tuple[int, ...], tuple[float, ...]]] = []
    group, used = list(key), sum(wanted[c] for c in key)
    for column in range(len(key), len(wanted)):
        if len(group) > len(key) and used + wanted[column] > measure:
            groups.append((tuple(group), filled([wanted[c] for c in group], measure)))
            group, used = list(key), sum(wanted[c] for c in key)
        group.append(column)
        used += wanted[column]
    groups.append((tuple(group), filled([wanted[c] for c in group], measure)))
    return groups


def filled(widths: Sequence[float], measure: float) -> tuple[float, ...]:
    """`widths` stretched in proportion to fill `measure`; squeezed to it where over (one column
    wider than the measure: its words are cut)."""
    total = sum(widths)
    return tuple(w * measure / total for w in widths) if total > 0 else (measure / len(widths),) * len(widths)


def scaled_image(path: Path, box: tuple[float, float], align: str, copies: Sequence[Path] = ()) -> Flowable:
    """The picture as large as fits `box` (width, height in points), its aspect kept.

    Of the picture's smaller copies (`copies`, smallest first) the first with
    the pixels print needs is used, else the original. One with far more pixels
    than that is resampled first: a full-size photo shown as a thumbnail would
    only make the PDF heavy.
    """
    for candidate in (*copies, path):
        with PILImage.open(candidate) as picture:
            chosen, (pixels_wide, pixels_high) = candidate, picture.size
        width, height = fitted_size(box, pixels_wide, pixels_high)
        enough = max(1, round(width / inch * PRINT_DPI))
        if pixels_wide >= enough:
            break
    data = chosen.read_bytes() if pixels_wide <= 2 * enough else resampled(chosen, enough)
    return Picture(prepared_image(data), width, height, align)


def fitted_size(box: tuple[float, float], pixels_wide: int, pixels_high: int) -> tuple[float, float]:
    """Width and height of a picture of these pixels set as large as fits `box`, its aspect kept.

    Neither side is ever below MIN_PICTURE_SIDE: the PDF writes sizes to six decimals,
    and a side written as 0 is a picture viewers refuse, however thin it was meant to be.
    """
    box_width, box_height = box
    width = min(box_width, box_height * pixels_wide / pixels_high)
    height = width * pixels_high / pixels_wide
    return max(width, MIN_PICTURE_SIDE), max(height, MIN_PICTURE_SIDE)


def resampled(path: Path, pixels_wide: int) -> bytes:
    """The picture `pixels_wide` pixels wide, as JPEG (a JPEG original) or PNG.

    Kept for the process: a newsroom build shows one logo in every document
    and one photo in every locale's PDF.
    """
    status = path.stat()
    return _resampled(str(path), status.st_mtime_ns, status.st_size, pixels_wide)


@functools.lru_cache(maxsize=32)
def _resampled(path: str, mtime_ns: int, size: int, pixels_wide: int) -> bytes:
    with PILImage.open(path) as picture:
        is_jpeg = picture.format == "JPEG"
        pixels_high = max(1, round(pixels_wide * picture.height / picture.width))
        if is_jpeg:
            picture.draft(picture.mode, (pixels_wide, pixels_high))  # libjpeg scales while decoding
        source: PILImage.Image = picture
        if source.mode not in ("RGB", "RGBA", "L", "CMYK"):
            source = source.convert("RGBA")
        smaller = source.resize((pixels_wide, pixels_high), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        if is_jpeg:
            smaller.save(buffer, "JPEG", quality=90)
        else:
            smaller.save(buffer, "PNG")
        return buffer.getvalue()


@functools.lru_cache(maxsize=32)
def prepared_image(data: bytes) -> PDFImageXObject:
    """The PDF image object of a picture file's bytes, made once for the process.

    A JPEG goes in as it is; any other picture is decoded and deflated, with its
    alpha as a soft mask. Both took 5 ms for the newsroom's logo in every PDF
    when ReportLab did them per document. The object is named for the content,
    never for where the file lies, so the PDF's bytes do not depend on the
    output folder. Each document registers a copy (`Picture.draw`).
    """
    name = hashlib.sha256(data).hexdigest()[:32]
    return PDFImageXObject(name, ImageReader(io.BytesIO(data)), mask="auto")


class LongRows(Table):  # type: ignore[misc]
    """A long table that takes its rows on a ROW_CHUNK at a time, as the pages fill.

    reportlab splits a table at a page's foot into the rows that fit and a new table of all
    the rest, every row of it measured and styled again: a table of n pages was built n
    times over, its time growing with the square of its rows (19 s for the 19,000 rows a
    body can hold). Here the rest is a table of about ROW_CHUNK rows, topped up from the
    others page by page; a part with rows still to come is never set whole on its page.
    """

    def __init__(
        self,
        data: list[list[Any]],
        *args: Any,
        later: tuple[Sequence[list[Any]], int] = ((), 0),
        settings: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, *args, **kwargs)
        self.later = later  # all the table's rows, and the first of those not yet taken on
        self.settings = settings or {}  # the table's own, for the parts to come

    @property
    def runs_on(self) -> bool:
        rows, start = self.later
        return start < len(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width, height = super().wrap(availWidth, availHeight)
        # Rows to come: the table runs on past this page, whatever its first rows measure.
        return width, (max(height, availHeight + 1) if self.runs_on else height)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.runs_on and super().wrap(availWidth, availHeight)[1] <= availHeight:
            # Every row taken on fits here: take on as many again and split that.
            return self.taking([list(row) for row in self._cellvalues], self._nrows).split(
                availWidth, availHeight
            )
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not self.runs_on:
            return parts
        rest = parts[1]  # the header again, and the rows of this part that did not fit
        wanted = max(0, ROW_CHUNK + 1 - rest._nrows)
        return [parts[0], self.taking([list(row) for row in rest._cellvalues], wanted, spaceBefore=0)]

    def taking(self, data: list[list[Any]], count: int, **changes: Any) -> LongRows:
        """`data` and the next `count` rows to come, as a table of its own."""
        rows, start = self.later
        taken = min(len(rows), start + count)
        settings = {**self.settings, **changes}
        return LongRows(data + list(rows[start:taken]), later=(rows, taken), settings=settings, **settings)


class Picture(Flowable):  # type: ignore[misc]
    """A raster picture drawn `width` x `height` points from its prepared image object."""

    _fixedWidth = _fixedHeight = 1  # tables size their columns around it as around an image

    def __init__(self, image: PDFImageXObject, width: float, height: float, align: str) -> None:
        super().__init__()
        self.image = image
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = align

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        name = self.image.name
        if not canvas.hasForm(name):  # first use in this document: register a copy
            image = copy.copy(self.image)
            mask = image.__dict__.pop("_smask", None)
            canvas._doc.addForm(name, image)
            if mask is not None:
                if not canvas.hasForm(mask.name):
                    canvas._doc.addForm(mask.name, copy.copy(mask))
                image.smask = PDFObjectReference(canvas._doc.getXObjectName(mask.name))
        canvas.saveState()
        canvas.translate(getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0))
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas.doForm(name)
        canvas.restoreState()
        canvas._currentPageHasImages = 1  # as drawImage does: the page's resources name images


def tint(hex_colour: str, strength: float) -> colors.Color:
    """The colour mixed with white: a pale background in the brand's hue."""
    base = colors.HexColor(hex_colour)
    return colors.Color(*(1 - strength * (1 - c) for c in (base.red, base.green, base.blue)))


# --------------------------------------------------------------------------
# Pages


def frame_size(theme: Theme) -> tuple[float, float]:
    width, height = PAGE_SIZES[theme.spec.page_size]
    margins = theme.spec.margins
    return width - (margins.left + margins.right) * mm, height - (margins.top + margins.bottom) * mm


def footer_form(page: int) -> str:
    return f"presskit-footer-{page}"


class FooterCanvas(Canvas):  # type: ignore[misc]
    """A canvas that fills in each page's footer form when the page count is known."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draw_footer = footer

    def save(self) -> None:
        pages = self.getPageNumber() - 1  # the last page has been shown: the number is one past it
        for page in range(1, pages + 1):
            self.beginForm(footer_form(page))
            self.draw_footer(self, page, pages)
            self.endForm()
        super().save()


class ReleaseDocument(BaseDocTemplate):  # type: ignore[misc]
    def __init__(
        self,
        buffer: io.BytesIO,
        release: m.Release,
        theme: Theme,
        locale: str,
        styles: Styles,
        setting: ScriptSetting,
    ) -> None:
        spec = theme.spec
        margins = spec.margins
        super().__init__(
            buffer,
            pagesize=PAGE_SIZES[spec.page_size],
            leftMargin=margins.left * mm,
            rightMargin=margins.right * mm,
            topMargin=margins.top * mm,
            bottomMargin=margins.bottom * mm,
            invariant=1,
            initialFontName=styles.body.fontName,  # else every page names an unembedded Helvetica
            initialFontSize=styles.body.fontSize,
            **metadata(release, locale),
        )
        self.locale = locale
        self.styles = styles
        self.setting = setting
        self.head = self.running_head(release)
        self.rule_colour = colors.HexColor(spec.colours.muted)
        self.background = colors.HexColor(spec.colours.background)
        self.outline_level = -1
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self.draw_running_head, onPageEnd=self.place_footer)]
        )

    def para(self, markup: str, style: ParagraphStyle) -> Paragraph:
        return make_paragraph(self.setting, markup, style)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's hook)
        entry: OutlineEntry | None = getattr(flowable, "outline", None)
        if entry is None:
            return
        # An outline may only go one level deeper than the entry before it.
        level = min(entry.level, self.outline_level + 1)
        if self.outline_level < 0:
            self.canv.showOutline()  # open the viewer's bookmarks panel
        self.canv.addOutlineEntry(entry.title, entry.key, level=level)
        self.outline_level = level

    def draw_running_head(self, canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        if self.background != colors.white:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, *self.pagesize, stroke=0, fill=1)
        rule_y = self.pagesize[1] - self.topMargin * 0.8
        self.head.wrapOn(canvas, self.width, self.topMargin)
        self.head.drawOn(canvas, self.leftMargin, rule_y + HEAD_GAP)
        canvas.setStrokeColor(self.rule_colour)
        canvas.setLineWidth(0.4)
        canvas.line(self.leftMargin, rule_y, self.leftMargin + self.width, rule_y)
        canvas.restoreState()

    def running_head(self, release: m.Release) -> Paragraph:
        """The release line as the head of every page, above the rule in the top margin.

        Where it needs more lines than the margin holds (an embargo stated in many
        zones), the head states the embargo in its own zone only, as a running head
        is shortened to fit: the masthead states it in every zone.
        """
        full = self.para(text_markup(wording.release_line(release, self.locale)), self.styles.running_head)
        room = self.topMargin * 0.8 - 2 * HEAD_GAP  # the margin above the rule, a gap kept either side
        embargo = release.embargo
        if embargo is None or not embargo.also_in or full.wrap(self.width, room)[1] <= room:
            return full
        own_zone = replace(release, embargo=replace(embargo, also_in=()))
        return self.para(text_markup(wording.release_line(own_zone, self.locale)), self.styles.running_head)

    def place_footer(self, canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.doForm(footer_form(canvas.getPageNumber()))
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        left, width = self.leftMargin, self.width
        if page < pages:
            more = self.para(text_markup(label("more", self.locale)), self.styles.more)
            more.wrapOn(canvas, width, self.bottomMargin)
            more.drawOn(canvas, left, self.bottomMargin * 0.7)
        rule_y = self.bottomMargin * 0.55
        canvas.setStrokeColor(self.rule_colour)
        canvas.setLineWidth(0.4)
        canvas.line(left, rule_y, left + width, rule_y)
        number = label("page_x_of_y", self.locale, page=str(page), pages=str(pages))
        footer = self.para(text_markup(number), self.styles.footer)
        _, height = footer.wrapOn(canvas, width, self.bottomMargin)
        footer.drawOn(canvas, left, rule_y - 1.5 * mm - height)


def metadata(release: m.Release, locale: str) -> dict[str, Any]:
    """Document properties: what a mail client or file manager shows of the PDF."""
    subject = wording.type_label(release, locale)
    keywords = list(release.keywords)
    if release.embargo is not None:
        subject += " – " + wording.release_line(release, locale)
        keywords.append("embargoed")
    return {
        "title": clean(release.headline),
        "author": clean(release.organisation.name),
        "subject": clean(subject),
        "keywords": [clean(k) for k in keywords],
        "creator": "presskit",
        "lang": locale,
        "displayDocTitle": 1,
    }
