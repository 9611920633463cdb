"""The document: one release written in the order every format shows it, its page set up with the
running header (the release line, with its embargo) and footer (page numbers), its core properties,
front matter, body and back matter."""

from __future__ import annotations

import copy
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.docx.blocks import BlockWriter
from presskit.renderers.docx.images import (
    LOGO_ALIGNMENT,
    LOGO_HEIGHT_SHARE,
    fitted_size,
    picture_copy,
    word_image,
)
from presskit.renderers.docx.inlines import RunFormat, source_bookmark
from presskit.renderers.docx.ooxml import WordDocument, WordParagraph, clean
from presskit.renderers.docx.page import PAGE_SIZES_MM, add_field, add_unless_last_page, text_slot
from presskit.renderers.languages import asset_field, source_field, whole_language
from presskit.source.environment import made_at
from presskit.words import issuing, wording
from presskit.words.addresses import calendar_address
from presskit.words.labels import label

# The lead picture: the text's width and at most this share of its height, a pixel of a small
# picture never more than LEAD_PIXEL points, and a copy with LEAD_DPI pixels an inch where the
# build has made one (the PDF's choice: renderers/pdf/story.py).
LEAD_HEIGHT_SHARE = 0.3
LEAD_PIXEL = 1.5
LEAD_DPI = 200
# Word refuses core properties longer than this (python-docx raises).
CORE_PROPERTY_LIMIT = 255


class ReleaseWriter(BlockWriter):
    """Writes one release, in the order every format shows it, into a Word document."""

    @property
    def contacts_first(self) -> bool:
        return self.theme.spec.contacts == "top"

    def write(self) -> WordDocument:
        self.set_up_page()
        self.set_core_properties()
        self.front_matter()
        self.body()
        self.call_to_action()
        self.events()
        self.end_mark()
        self.notes_and_about()
        if not self.contacts_first:
            self.contacts()
        self.sources()
        self.assets()
        return self.document

    # -- page ---------------------------------------------------------------

    def set_up_page(self) -> None:
        """Page size and margins from theme.yaml (the reference.docx's when no theme.yaml sets them);
        the release line and page numbers in every header and footer the section shows."""
        section = self.document.sections[0]
        spec = self.theme.spec
        if not self.from_reference or self.theme.sets("page_size"):
            width, height = PAGE_SIZES_MM[spec.page_size]
            section.page_width, section.page_height = Mm(width), Mm(height)
        if not self.from_reference or self.theme.sets("margins"):
            section.top_margin = Mm(spec.margins.top)
            section.bottom_margin = Mm(spec.margins.bottom)
            section.left_margin = Mm(spec.margins.left)
            section.right_margin = Mm(spec.margins.right)
            section.header_distance = Mm(min(10.0, spec.margins.top / 2))
            section.footer_distance = Mm(min(10.0, spec.margins.bottom / 2))
        headers, footers = [section.header], [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for header in headers:
            self.run(text_slot(header), themed.release_line(self.release, self.theme, self.locale))
        for footer in footers:
            self.running_foot(footer)

    def running_foot(self, footer: Any) -> None:
        """ "– more –" on every page but the last, then `Page x of y` with live fields, in the
        order the locale's label puts them."""
        paragraph = text_slot(footer)
        more = copy.deepcopy(paragraph._p)
        paragraph._p.addprevious(more)
        add_unless_last_page(Paragraph(more, paragraph._parent), clean(label("more", self.locale)))
        pieces = label("page_x_of_y", self.locale, page="\0PAGE\0", pages="\0NUMPAGES\0").split("\0")
        for index, piece in enumerate(pieces):
            if index % 2:
                add_field(paragraph, piece, "1")
            elif piece:
                self.run(paragraph, piece)

    def set_core_properties(self) -> None:
        release, locale = self.release, self.locale
        properties = self.document.core_properties
        for element in list(properties._element):  # nothing of the reference's own (its author, dates…)
            properties._element.remove(element)
        subject = wording.type_label(release, locale)
        keywords = list(release.keywords)
        if release.embargo is not None:
            subject += " – " + themed.release_line(release, self.theme, locale)
            keywords.append("embargoed")
        organisation = release.organisation.name
        made = made_at(release.date)
        properties.title = core_text(release.headline)
        properties.subject = core_text(subject)
        properties.author = core_text(organisation)
        properties.last_modified_by = core_text(organisation)
        properties.language = core_text(locale)
        properties.keywords = core_text(", ".join(keywords))
        properties.category = core_text(wording.type_label(release, locale))
        properties.identifier = core_text(release.slug)
        properties.comments = core_text(self.plain(release.standfirst))
        properties.created = made
        properties.modified = made
        properties.revision = 1

    # -- the parts of a release, in order -----------------------------------

    def front_matter(self) -> None:
        """Release line, type label and logo (heading the page when the theme puts it left or
        centre), the contacts when they go first, then the title block."""
        release, locale = self.release, self.locale
        letterhead = self.theme.spec.logo != "right"
        if letterhead:
            self.logo()
        details = [
            (themed.published_line(release, self.theme, locale), ()),
            (issuing.on_behalf_line(release, locale), ("on_behalf_of",)),
        ]
        announcement = [
            self.text_paragraph(themed.release_line(release, self.theme, locale), "Release Line"),
            *(self.text_paragraph(line, "Release Details", *fields) for line, fields in details if line),
            self.text_paragraph(wording.type_label(release, locale), "Release Type", "type_label"),
        ]
        if self.theme.spec.logo == "center":  # centred under the logo, as in the PDF
            for paragraph in announcement:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not letterhead:
            self.logo()
        if self.contacts_first:
            self.top_contacts()
        self.text_paragraph(release.headline, "Title", "headline")
        if release.subheadline:
            self.text_paragraph(release.subheadline, "Subtitle", lang=release.language_of("subheadline"))
        if release.standfirst:
            self.inline_paragraph(release.standfirst, "Standfirst")
        self.lead_image()
        for highlight in release.highlights:
            self.inline_paragraph(highlight, "List Bullet")

    def logo(self) -> None:
        """The logo (else the organisation's name), aligned where the theme puts it."""
        organisation = self.release.organisation
        alignment = LOGO_ALIGNMENT[self.theme.spec.logo]
        if organisation.logo is None:
            self.text_paragraph(organisation.name, "Organisation", "organisation.name").alignment = alignment
            return
        paragraph = self.paragraph("Logo")
        paragraph.alignment = alignment
        run = paragraph.add_run()
        spec = self.theme.spec
        page_width, page_height = PAGE_SIZES_MM[spec.page_size]
        text_width = page_width - spec.margins.left - spec.margins.right
        text_height = page_height - spec.margins.top - spec.margins.bottom
        source, image = word_image(organisation.logo)
        width, height = fitted_size(
            image, Mm(min(spec.logo_width_mm, text_width)), Mm(text_height * LOGO_HEIGHT_SHARE)
        )
        run.add_picture(source, width=width, height=height)
        picture = run.element.xpath(".//wp:docPr")[0]
        picture.set("name", clean(organisation.name))
        picture.set("descr", clean(organisation.logo_alt or organisation.name))

    def lead_image(self) -> None:
        """The release's first image under the standfirst, the text's width at most (never enlarged
        past LEAD_PIXEL a pixel), its alternate text as the picture's description, then its caption
        and credit."""
        asset = self.release.lead_image
        if asset is None or asset.media_type == "image/svg+xml":
            return
        spec = self.theme.spec
        page_width, page_height = PAGE_SIZES_MM[spec.page_size]
        text_width = Mm(page_width - spec.margins.left - spec.margins.right)
        text_height = Mm((page_height - spec.margins.top - spec.margins.bottom) * LEAD_HEIGHT_SHARE)
        original = word_image(asset.path)[1]
        width = min(text_width, Pt(original.px_width * LEAD_PIXEL))
        height = min(text_height, Pt(original.px_height * LEAD_PIXEL))
        pixels = round(width / Mm(25.4) * LEAD_DPI)
        source, image = word_image(picture_copy(asset.path, asset.renditions, pixels))
        width, height = fitted_size(image, Emu(width), Emu(height))
        paragraph = self.paragraph("Lead Image")
        paragraph.add_run().add_picture(source, width=width, height=height)
        picture = paragraph._p.xpath(".//wp:docPr")[0]
        picture.set("name", clean(asset.title or asset.path.name))
        picture.set("descr", clean(asset.alt or asset.title or asset.caption or ""))
        caption = wording.figure_caption(asset, self.locale)
        if caption:
            self.text_paragraph(caption, "Caption", asset_field(self.release, asset))

    def body(self) -> None:
        blocks = self.release.body
        dateline = themed.dateline(self.release, self.theme, self.locale)
        first = wording.dateline_block(blocks) if dateline else -1
        if first is not None and first >= 0 and wording.dateline_apart(self.locale):
            first = None
        if first is None:
            alone = wording.dateline_alone(dateline, self.locale)
            self.text_paragraph(alone, "Body Text", "dateline", "wire_tag", bold=True)
        for index, block in enumerate(blocks):
            if index == first:
                assert isinstance(block, m.Paragraph)
                paragraph = self.paragraph("Body Text")
                self.field_text(paragraph, dateline + " ", "dateline", "wire_tag", fmt=RunFormat(bold=True))
                self.inlines(paragraph, block.children)
            else:
                self.block(block)

    def call_to_action(self) -> None:
        action = self.release.call_to_action
        if action is None:
            return
        paragraph = self.paragraph("Call To Action")
        self.field_text(paragraph, f"{action.text}: ", "call_to_action")
        self.link_text(paragraph, action.url, action.url)

    def events(self) -> None:
        """The events the release invites to: each title, then when, where and how to join."""
        if not self.release.events:
            return
        release = self.release
        self.text_paragraph(label("events", self.locale), "Heading 1")
        for index, event in enumerate(self.release.events):
            lines = wording.event_lines(
                event, self.locale, release.calendar, release.home_locale, calendar_address(release)
            )
            self.card(event.title, lines, f"events[{index}]")

    def card(self, name: str, lines: list[wording.ContactLine], field: str) -> None:
        """A contact's or event's name and lines; the words of the release's `field`
        (`contacts.press`, `events[0]`) left untranslated in runs of their language."""
        paragraph = self.paragraph("Contact")
        self.field_text(paragraph, name, field, fmt=RunFormat(bold=True))
        for line in lines:
            paragraph.add_run().add_break(WD_BREAK.LINE)
            self.contact_line(paragraph, line, field)

    def end_mark(self) -> None:
        """The end mark, kept on the page of the last lines before it, then what follows it on a
        wire: the SOURCE line and the disclaimer, small."""
        body = self.document.element.body
        last = body[-2] if len(body) > 1 else None  # the last is the section's properties
        if self.release.end_mark and last is not None and last.tag == qn("w:p"):
            Paragraph(last, self.document).paragraph_format.keep_with_next = True
        self.text_paragraph(self.release.end_mark, "End Mark", "end_mark")
        if self.release.source_line:
            self.text_paragraph(self.release.source_line, "Body Text", "source_line")
        self.blocks(self.release.disclaimer, style="Disclaimer")

    def notes_and_about(self) -> None:
        release, locale = self.release, self.locale
        if release.notes_to_editors:
            self.text_paragraph(label("notes_to_editors", locale), "Heading 1")
            self.blocks(release.notes_to_editors, back_matter=True)
        if release.organisation.boilerplate:
            about = wording.about_title(release.organisation, locale)
            self.text_paragraph(about, "Heading 1", "organisation.about_title", "organisation.name")
            self.blocks(release.organisation.boilerplate, back_matter=True)

    def top_contacts(self) -> None:
        """The media contacts under the release line (`contacts: top`, the wire style)."""
        if not self.release.contacts:
            return
        self.text_paragraph(label("contacts", self.locale), "Contacts Label")
        self.contact_paragraphs()

    def contacts(self) -> None:
        if not self.release.contacts:
            return
        self.text_paragraph(label("contacts", self.locale), "Heading 1")
        self.contact_paragraphs()

    def contact_paragraphs(self) -> None:
        contacts = self.release.contacts
        for contact, group in zip(contacts, wording.group_headings(contacts), strict=True):
            field = f"contacts.{contact.id}"
            if group:
                self.text_paragraph(group, "Heading 2", field)
            self.card(
                contact.name, wording.contact_lines(contact, self.locale, self.release.home_locale), field
            )

    def contact_line(self, paragraph: WordParagraph, line: wording.ContactLine, field: str) -> None:
        """`Email: ` as text and the address as its link; each phone number its own link. A value
        holding links that is all one field left untranslated (a dial-in) is in its language."""
        if line.label is None:  # a value after a label is a run of its own: not w:rtl if it is LTR
            self.field_text(paragraph, line.text, field)
            return
        self.field_text(paragraph, line.caption, field)
        linked = any(link for _, link in line.pieces)
        whole = whole_language(line.value, self.release, field) if linked else None
        for text, link in line.pieces:
            if link is None:
                self.field_text(paragraph, text, *(() if whole else (field,)), fmt=RunFormat(lang=whole))
            else:
                self.link_text(paragraph, link, text, lang=whole)

    def sources(self) -> None:
        sources = self.release.sources
        if not sources:
            return
        self.text_paragraph(label("sources", self.locale), "Heading 1")
        for source in sources:
            paragraph = self.paragraph("Source")
            shown = f"{source.number}. {wording.source_text(source, self.locale)}"
            self.field_text(paragraph, shown, source_field(self.release, source))
            if source.url:
                self.run(paragraph, ", ")
                self.link_text(paragraph, source.url, source.url)
            for figure in wording.source_figures(self.release, source, self.locale):
                paragraph.add_run().add_break(WD_BREAK.LINE)
                self.field_text(paragraph, f"– {figure}", "statistics")
            self.bookmark(paragraph, source_bookmark(source))

    def assets(self) -> None:
        release, locale = self.release, self.locale
        if not release.assets and release.press_kit is None:
            return
        self.text_paragraph(label("assets", locale), "Heading 1")
        for index, asset in enumerate(release.assets):
            self.text_paragraph(wording.asset_description(asset, locale), "List Bullet", f"assets[{index}]")
        if release.press_kit is not None:
            paragraph = self.paragraph("Body Text")
            self.run(paragraph, label("press_kit", locale) + ": ")
            self.link_text(paragraph, release.press_kit.url, release.press_kit.text, "press_kit")


def core_text(text: str) -> str:
    return clean(text)[:CORE_PROPERTY_LIMIT]
