"""The PDF's pages: their frame, the running head and the footer, and the document's properties.

Every page carries the release line as a running head, "Page x of y" and,
on all but the last, "– more –". The page count is only known once the story
is laid out, so each page's footer is a form XObject that the canvas fills in
at save: one layout pass, and bookmarks and links keep their true pages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.pdf.markup import clean, text_markup
from presskit.renderers.pdf.outline import OutlineEntry
from presskit.renderers.pdf.paragraphs import make_paragraph
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.styles import Styles, restyled
from presskit.themes.theme import Theme
from presskit.words import issuing, wording
from presskit.words.labels import label

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
HEAD_GAP = 1.6 * mm  # between the running head and the rule below it
HEAD_SCALES = (0.9, 0.8, 0.7)  # a running head too long for a line even at its shortest is set smaller


def frame_size(theme: Theme) -> tuple[float, float]:
    width, height = PAGE_SIZES[theme.spec.page_size]
    margins = theme.spec.margins
    return width - (margins.left + margins.right) * mm, height - (margins.top + margins.bottom) * mm


class EndOfText(Spacer):  # type: ignore[misc]
    """Where the text of a release without an end mark ends: nothing drawn, set where it falls."""

    _ZEROSIZE = 1  # set at the very foot of a page too, not on the next one
    ends_release = True

    def __init__(self) -> None:
        super().__init__(0, 0)


class KeptWithLines(KeepTogether):  # type: ignore[misc]
    """Flowables kept on one page, as reportlab's KeepTogether keeps them, except that where the
    whole does not fit, the one at `split_at` (0 or -1) breaks across the page: a heading goes on
    with the first lines of what follows it (`split_at` -1), the end mark with the last lines of
    the text before it (`split_at` 0) rather than all of it moving to the next page."""

    def __init__(self, flowables: list[Flowable], split_at: int, tail: float) -> None:
        super().__init__(flowables)
        self.split_at = split_at
        self.tail = tail  # the least height of the text carried over with the end mark

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (reportlab's names)
        whole: list[Flowable] = super().split(aW, aH)
        if self._H <= aH:  # it fits: set as it is
            return whole
        pieces = self.split_at_end(aW, aH) if self.split_at == -1 else self.split_at_start(aW, aH)
        return pieces or whole

    def split_at_end(self, width: float, height: float) -> list[Flowable]:
        """The leading flowables (the headings) and the first piece of the last that fits after them."""
        *kept, last = self._content
        room = (
            height
            - stacked_height(self.canv, kept, width, height)
            - max(kept[-1].getSpaceAfter(), last.getSpaceBefore())
        )
        pieces = fitting_pieces(self.canv, last, width, room)
        return [*kept, *pieces] if pieces else []

    def split_at_start(self, width: float, height: float) -> list[Flowable]:
        """The first flowable's lines but its last ones, then those kept with the rest on the next page."""
        first, *kept = self._content
        _, first_height = first.wrapOn(self.canv, width, height)
        pieces = fitting_pieces(self.canv, first, width, min(height, first_height - self.tail))
        if not pieces:
            return []
        return [*pieces[:-1], KeepTogether([pieces[-1], *kept])]


def stacked_height(canvas: Canvas, flowables: list[Flowable], width: float, height: float) -> float:
    """The height of `flowables` one under another, the space between each pair merged as a frame does."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrapOn(canvas, width, height)[1]
        if index:
            total += max(flowables[index - 1].getSpaceAfter(), flowable.getSpaceBefore())
    return total


def fitting_pieces(canvas: Canvas, flowable: Flowable, width: float, room: float) -> list[Flowable]:
    """`flowable` split so that its first piece fits `room`; none where it splits no such way."""
    if room <= 0:
        return []
    pieces: list[Flowable] = flowable.splitOn(canvas, width, room)
    if len(pieces) < 2 or isinstance(pieces[0], ActionFlowable):
        return []
    if pieces[0].wrapOn(canvas, width, room)[1] > room:
        return []
    return pieces


def kept_with_neighbours(story: list[Flowable], tail: float) -> list[Flowable]:
    """The story with each run of headings kept with the first lines of what follows it, and the
    end mark (the flowable marked `ends_release`) with the last lines before it.

    reportlab's own keepWithNext keeps a heading only with a plain flowable: before a list or
    a KeepTogether (a contact's card) it leaves the heading alone at a page foot."""
    kept: list[Flowable] = []
    index = 0
    while index < len(story):
        flowable = story[index]
        if getattr(flowable, "ends_release", False) and kept and not isinstance(flowable, EndOfText):
            kept.append(kept_with(kept.pop(), flowable, tail))
            index += 1
            continue
        run = index
        while run < len(story) - 1 and story[run].getKeepWithNext():
            run += 1
        if run == index:
            kept.append(flowable)
            index += 1
            continue
        for heading in story[index:run]:
            heading.keepWithNext = 0  # else the document would keep it again, inside the group
        following = story[run]
        if isinstance(following, KeepTogether):  # a card kept whole: kept whole with its heading
            kept.append(KeepTogether([*story[index:run], *following._content]))
        else:
            kept.append(KeptWithLines(story[index : run + 1], -1, tail))
        index = run + 1
    return kept


def kept_with(last: Flowable, end_mark: Flowable, tail: float) -> Flowable:
    """The end mark with the last lines of the text before it; with the whole of a group kept
    together (a KeepTogether measures another inside it as taller than any page)."""
    if isinstance(last, KeepTogether):
        return KeepTogether([*last._content, end_mark])
    return KeptWithLines([last, end_mark], 0, tail)


def footer_form(page: int) -> str:
    return f"presskit-footer-{page}"


class FooterCanvas(Canvas):  # type: ignore[misc]
    """A canvas that fills in each page's footer form when the page count is known."""

    def __init__(
        self, *args: Any, footer: Callable[[Canvas, int, int], None], made: dt.datetime, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.draw_footer = footer
        # The creation and modification dates: reportlab's invariant mode would say 2000-01-01.
        stamp = made.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
        self.setDateFormatter(lambda *_date: stamp)

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
            **metadata(release, theme, locale),
        )
        self.locale = locale
        self.theme = theme
        self.styles = styles
        self.setting = setting
        self.head = self.running_head(release)
        self.rule_colour = colors.HexColor(spec.colours.muted)
        self.background = colors.HexColor(spec.colours.background)
        self.outline_level = -1
        self.end_page: int | None = None  # where the end mark was set: no "– more –" from there on
        self.text_page = 1  # where the last flowable was set
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
        if getattr(flowable, "ends_release", False) and self.end_page is None:
            # Where the text ends: on the page of the flowable before an EndOfText, which
            # a page's last space after may have pushed on to the next.
            self.end_page = self.text_page if isinstance(flowable, EndOfText) else self.page
        if not isinstance(flowable, ActionFlowable):  # a new page's own action is no text
            self.text_page = self.page
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
        """The release line as the head of every page, on one line above the rule in the top margin.

        Where the whole line needs more (an embargo stated in several zones), the head is
        shortened as running heads are: the embargo in its own zone only, then without its
        weekday, and at last set smaller. The masthead states it in full.
        """
        theme, locale, style = self.theme, self.locale, self.styles.running_head
        own_zone = release
        if release.embargo is not None:
            own_zone = replace(release, embargo=replace(release.embargo, also_in=()))
        forms = [
            themed.release_line(release, theme, locale),
            themed.release_line(own_zone, theme, locale),
            issuing.short_release_line(release, locale, ap=themed.ap_style(release, theme, locale)),
        ]
        for form in dict.fromkeys(forms):  # each once, longest first
            head = self.para(text_markup(form), style)
            if self.on_one_line(head, style):
                return head
        for scale in HEAD_SCALES:  # the shortest, smaller until it fits
            smaller = restyled(style, fontSize=style.fontSize * scale, leading=style.leading * scale)
            head = self.para(text_markup(forms[-1]), smaller)
            if self.on_one_line(head, smaller):
                break
        return head

    def on_one_line(self, head: Paragraph, style: ParagraphStyle) -> bool:
        return bool(head.wrap(self.width, self.topMargin)[1] <= style.leading * 1.2)

    def place_footer(self, canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.doForm(footer_form(canvas.getPageNumber()))
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        left, width = self.leftMargin, self.width
        if page < min(pages, self.end_page or pages):
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


def metadata(release: m.Release, theme: Theme, locale: str) -> dict[str, Any]:
    """Document properties: what a mail client or file manager shows of the PDF."""
    subject = wording.type_label(release, locale)
    keywords = list(release.keywords)
    if release.embargo is not None:
        subject += " – " + themed.release_line(release, theme, locale)
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
