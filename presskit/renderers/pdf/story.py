"""The story: the release's content in reading order, as flowables for the pages.

The masthead (release line, type label, logo and perhaps the contacts), the
title block, highlights, body, call to action, end mark, notes, boilerplate,
contacts, sources and assets; the blocks within them are `BlockWriter`'s.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.languages import asset_field, source_field, whole_language
from presskit.renderers.pdf.blocks import BlockWriter, Flowables
from presskit.renderers.pdf.direction import isolated
from presskit.renderers.pdf.markup import (
    language_markup,
    lines_markup,
    link_markup,
    source_anchor,
    text_markup,
)
from presskit.renderers.pdf.pages import EndOfText, frame_size, kept_with_neighbours
from presskit.renderers.pdf.pictures import pixel_size, scaled_image
from presskit.renderers.pdf.styles import restyled
from presskit.renderers.pdf.tagging import tag
from presskit.words import issuing, wording
from presskit.words.addresses import calendar_address
from presskit.words.labels import label

RASTER_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
# Pictures are set in boxes, their aspect kept. The logo's box is the theme's logo width and at
# most this share of the frame's height: a masthead, not a poster of a tall logo.
LOGO_HEIGHT_SHARE = 0.25
LOGO_GAP = 6 * mm  # between the logo and the announcement beside it
# An asset's thumbnail is this wide and at most this many times as tall: a thin strip of a picture
# is shown as a strip, not as a column running off the page.
THUMBNAIL_WIDTH = 22 * mm
THUMBNAIL_MAX_ASPECT = 3
ASSET_ROW_PADDING = 8  # points below each asset's row
# The lead picture is set the measure wide and at most this share of the frame tall.
LEAD_HEIGHT_SHARE = 0.3
PIXEL = 1.5  # points: the most a pixel of a small picture is enlarged to (48 pixels an inch)


class StoryWriter(BlockWriter):
    """The story: the release's parts in reading order, from the masthead to the assets."""

    def story(self) -> Flowables:
        """The parts in order, each heading kept with the first lines after it and the end mark
        with the last lines before it (`pages.kept_with_neighbours`)."""
        end_mark: Flowable = EndOfText()  # the pages from the end of the text on say no "– more –"
        if self.release.end_mark:
            end_mark = self.field_para(self.release.end_mark, self.styles.end_mark, "end_mark")
            end_mark.ends_release = True
        parts = [
            *self.masthead(),
            *self.title_block(),
            *self.lead_image(),
            *self.highlights(),
            *self.body(),
            *self.call_to_action(),
            *self.events(),
            end_mark,
            *self.after_end_mark(),
            *self.notes_and_about(),
            *([] if self.contacts_first else self.contacts()),
            *self.sources(),
            *self.assets(),
        ]
        return kept_with_neighbours(parts, tail=2 * self.styles.body.leading)

    # -- parts, in order

    def after_end_mark(self) -> Flowables:
        """A wire's SOURCE line, then the disclaimer, set small."""
        flowables: Flowables = []
        if self.release.source_line:
            flowables.append(self.field_para(self.release.source_line, self.styles.body, "source_line"))
        for block in self.release.disclaimer:
            if isinstance(block, m.Paragraph):
                flowables.append(self.inline_para(block.children, self.styles.small))
            else:
                flowables.extend(self.block(block))
        return flowables

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
        if self.release.organisation.logo is None:
            return [*self.name_heading(), *contacts, rule]
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

    def name_heading(self) -> Flowables:
        """The organisation's name across the masthead's width where it has no logo, aligned where
        the logo would be, above the announcement: in a logo's box a long name broke mid-word."""
        position = self.theme.spec.logo
        start = int(TA_RIGHT if self.rtl else TA_LEFT)
        alignment = {"left": start, "right": self.end_alignment, "center": TA_CENTER}[position]
        name = self.field_para(
            self.release.organisation.name,
            restyled(self.styles.organisation, alignment=alignment),
            "organisation.name",
        )
        announcement = self.announcement(**({"alignment": TA_CENTER} if position == "center" else {}))
        return [name, Spacer(1, 4), *announcement]

    def announcement(self, **style: Any) -> Flowables:
        """The release line, the time of issue and for whom it is issued (where given) and the
        type label, in the masthead's styles with `style`'s changes."""
        release, locale, styles, theme = self.release, self.locale, self.styles, self.theme
        details = [
            (themed.published_line(release, theme, locale), ()),
            (issuing.on_behalf_line(release, locale), ("on_behalf_of",)),
        ]
        return [
            self.para(
                text_markup(themed.release_line(release, theme, locale)),
                restyled(styles.release_line, **style),
            ),
            *(
                self.field_para(line, restyled(styles.release_details, **style), *fields)
                for line, fields in details
                if line
            ),
            self.field_para(
                wording.type_label(release, locale), restyled(styles.type_label, **style), "type_label"
            ),
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
            return self.field_para(organisation.name, self.styles.organisation, "organisation.name")
        align = {"left": self.start_side, "right": self.end_side, "center": "CENTER"}[self.theme.spec.logo]
        _, frame_height = frame_size(self.theme)
        box = (min(self.theme.spec.logo_width_mm * mm, self.width), frame_height * LOGO_HEIGHT_SHARE)
        alt = organisation.logo_alt or organisation.name
        return tag(
            scaled_image(organisation.logo, box, align),
            alt=alt,
            lang=whole_language(alt, self.release, "organisation.logo_alt"),
        )

    def title_block(self) -> Flowables:
        release, styles = self.release, self.styles
        headline = self.outlined(
            text_markup(release.headline), release.headline, 0, styles.headline, "headline"
        )
        parts: Flowables = [tag(headline, lang=release.language_of("headline"))]
        if release.subheadline:
            subheadline = self.para(lines_markup(release.subheadline), styles.subheadline)
            parts.append(tag(subheadline, lang=release.language_of("subheadline")))
        if release.standfirst:
            parts.append(self.inline_para(release.standfirst, styles.standfirst))
        return parts

    def lead_image(self) -> Flowables:
        """The release's first image under the standfirst, as large as the measure and a share of
        the page allow, its caption and credit under it; its alternate text is the Figure's Alt in
        the structure tree."""
        asset = self.release.lead_image
        if asset is None or asset.media_type not in RASTER_TYPES:
            return []
        _, frame_height = frame_size(self.theme)
        wide, high = pixel_size(asset.path)  # never enlarged past PIXEL points a pixel
        box = (min(self.width, wide * PIXEL), min(frame_height * LEAD_HEIGHT_SHARE, high * PIXEL))
        field = asset_field(self.release, asset)
        alt = asset.alt or asset.title or asset.caption or ""
        picture = tag(
            scaled_image(asset.path, box, self.start_side, asset.renditions),
            alt=alt,
            lang=whole_language(alt, self.release, field),
        )
        size = self.styles.body.fontSize
        picture.spaceBefore, picture.spaceAfter = size * 0.3, size * 0.4
        caption = wording.figure_caption(asset, self.locale)
        if not caption:
            return [picture, Spacer(1, size * 0.6)]
        return [
            KeepTogether(
                [picture, self.field_para(caption, restyled(self.styles.small, spaceAfter=size), field)]
            )
        ]

    def highlights(self) -> Flowables:
        if not self.release.highlights:
            return []
        items = [[self.inline_para(point, self.styles.highlight)] for point in self.release.highlights]
        return [
            self.bullet_list(items, bullet_colour=self.accent),
            Spacer(1, self.styles.body.fontSize * 0.6),
        ]

    def body(self) -> Flowables:
        blocks = self.release.body
        words = themed.dateline(self.release, self.theme, self.locale)
        dateline = f"<b>{self.field_markup(words, 'dateline', 'wire_tag')}</b>"
        first = wording.dateline_block(blocks) if words else -1
        if first is not None and first >= 0 and wording.dateline_apart(self.locale):
            first = None
        flowables: Flowables = []
        if first is None:
            flowables.append(
                self.para(
                    f"<b>{self.field_markup(wording.dateline_alone(words, self.locale), 'dateline', 'wire_tag')}</b>",
                    self.styles.body,
                )
            )
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
        text = self.field_markup(action.text, "call_to_action")
        return [self.para(f"{text}: {url}", self.styles.call_to_action)]

    def notes_and_about(self) -> Flowables:
        release, locale = self.release, self.locale
        flowables: Flowables = []
        if release.notes_to_editors:
            flowables.append(self.section_heading(label("notes_to_editors", locale)))
            flowables.extend(self.blocks(release.notes_to_editors))
        if release.organisation.boilerplate:
            about = wording.about_title(release.organisation, locale)
            flowables.append(self.section_heading(about, "organisation.about_title", "organisation.name"))
            flowables.extend(self.blocks(release.organisation.boilerplate))
        return flowables

    def contacts(self) -> Flowables:
        if not self.release.contacts:
            return []
        flowables: Flowables = [self.section_heading(label("contacts", self.locale))]
        contacts = self.release.contacts
        for contact, group in zip(contacts, wording.group_headings(contacts), strict=True):
            card = [self.para(self.contact_markup(contact), self.styles.body)]
            if group:
                card.insert(0, self.field_para(group, self.styles.heading2, f"contacts.{contact.id}"))
            flowables.append(KeepTogether(card))
        return flowables

    def events(self) -> Flowables:
        """The events the release invites to: each title, then when, where and how to join."""
        if not self.release.events:
            return []
        release = self.release
        flowables: Flowables = [self.section_heading(label("events", self.locale))]
        for index, event in enumerate(self.release.events):
            lines = wording.event_lines(
                event, self.locale, release.calendar, release.home_locale, calendar_address(release)
            )
            markup = self.card_markup(event.title, lines, f"events[{index}]")
            flowables.append(KeepTogether([self.para(markup, self.styles.body)]))
        return flowables

    def contact_markup(self, contact: m.Contact) -> str:
        lines = wording.contact_lines(contact, self.locale, self.release.home_locale)
        return self.card_markup(contact.name, lines, f"contacts.{contact.id}")

    def card_markup(self, name: str, contact_lines: list[wording.ContactLine], field: str) -> str:
        """A name in bold and the lines under it: each label as text and each value linked where it
        has a link (a phone line links each of its numbers), as the web page and DOCX do; the
        words of the release's `field` (`contacts.press`, `events[0]`) left untranslated in
        spans of their language; a value holding links that is all one such field (a dial-in
        with its numbers) in one span around them."""
        lines = [f"<b>{self.field_markup(name, field)}</b>"]
        for line in contact_lines:
            linked = any(link for _, link in line.pieces)
            whole = whole_language(line.value, self.release, field) if linked else None
            plain = text_markup if whole else lambda text: self.field_markup(text, field)
            pieces = "".join(
                link_markup(link, text_markup(text), self.accent) if link else plain(text)
                for text, link in line.pieces
            )
            caption = self.field_markup(line.caption, field)
            value = language_markup(whole, pieces) if whole else pieces
            lines.append(caption + isolated(value))  # value apart from label
        return "<br/>".join(lines)

    def sources(self, figures: bool = True) -> Flowables:
        """The numbered sources, each with its link and (with `figures`) what its statistics say."""
        sources = self.release.sources
        if not sources:
            return []
        flowables: Flowables = [self.section_heading(label("sources", self.locale))]
        for source in sources:
            shown = self.field_markup(
                wording.source_text(source, self.locale), source_field(self.release, source)
            )
            markup = f'<a name="{source_anchor(source)}"/>{shown}'
            if source.url:
                markup += "<br/>" + link_markup(source.url, text_markup(source.url), self.accent)
            for figure in wording.source_figures(self.release, source, self.locale) if figures else ():
                markup += "<br/>– " + isolated(self.field_markup(figure, "statistics"))  # as in the body
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
                f"{link_markup(kit.url, self.field_markup(kit.text, 'press_kit'), self.accent)} "
                f"({link_markup(kit.url, text_markup(kit.url), self.accent)})"
            )
            flowables.append(self.para(markup, self.styles.body))
        return flowables

    def asset(self, asset: m.Asset) -> Flowable:
        field = asset_field(self.release, asset)
        description = self.field_para(wording.asset_description(asset, self.locale), self.styles.small, field)
        if asset.kind != "image" or asset.media_type not in RASTER_TYPES:
            return description
        thumbnail_width = THUMBNAIL_WIDTH
        _, frame_height = frame_size(self.theme)
        box = (thumbnail_width, min(thumbnail_width * THUMBNAIL_MAX_ASPECT, frame_height - ASSET_ROW_PADDING))
        picture = scaled_image(asset.path, box, self.start_side, asset.renditions)
        alt = asset.alt or asset.title or asset.caption or ""
        row: list[Any] = [tag(picture, alt=alt, lang=whole_language(alt, self.release, field)), description]
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
