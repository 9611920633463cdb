"""The e-mail's HTML: the web page's words laid out in tables, 600 px wide at most, styles inlined.

Mail clients take neither a page's grid nor its stylesheet: the theme's `email.html.j2` sets
the release in nested tables (a fluid one at most 600 px wide, so a 360 px phone shows it
without sideways scrolling) styled by classes, and `css-inline` writes each rule into the
`style` of every element it matches; only `@media` rules stay in a `<style>` (the clients
that read it narrow the padding on phones). The words are the web page's own fragments
(`presskit.renderers.html.build_page`), with e-mail addresses as plain `mailto:` links.

A message leaves its folder: every link the page makes relative to `<slug>/<locale>/` (the
lead image, the assets, the contacts' cards, the pack) is made absolute under the
newsroom's `base_url`; without one, `email.html` keeps them relative (it sits beside the
page) and the `.eml` drops them, keeping their words. In the `.eml` the logo and the lead
image are parts of the message, shown by `cid:` (see `presskit.renderers.email.message`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from presskit import model as m
from presskit.renderers.html import build_page
from presskit.renderers.html.back_matter import card
from presskit.renderers.html.fragments import field_html
from presskit.renderers.html.head import (
    contrasting,
    html_font_stack,
    mix,
    page_address,
    readable_colour,
)
from presskit.renderers.html.page import ContactCard, HtmlPage, LinkItem
from presskit.themes.templating import render_template, showable
from presskit.themes.theme import Theme
from presskit.words import wording

TEMPLATE = "email.html.j2"
WIDTH = 600  # px: the message's widest
PADDING = 24  # px either side of the text, so the lead image is at most WIDTH - 2 * PADDING wide
LOGO_MOST = 280  # px: a logo wider than this crowds the release line on a phone
PX_PER_MM = 96 / 25.4  # CSS pixels

Links = Literal["relative", "absolute-only"]  # email.html: relative ones kept; .eml: dropped


@dataclass(frozen=True)
class Pictures:
    """Where the message's two pictures come from: `cid:` addresses in the `.eml`, None to
    use the page's own (the logo embedded, the lead image by its address)."""

    logo: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class EmailExtras:
    """What the e-mail template has beyond the page's values (docs/themes.md lists them)."""

    preheader: str  # the standfirst as plain text: the preview an inbox shows after the subject
    start: str  # "left", or "right" in a right-to-left message: where lines start
    end: str
    colours: dict[str, str]  # checked #RRGGBB values, safe in a style
    font: Markup  # CSS font stacks, cleaned of anything that could end a declaration
    heading_font: Markup
    width: int
    padding: int


def email_html(
    release: m.Release, theme: Theme, locale: str, pictures: Pictures = Pictures(), links: Links = "relative"
) -> str:
    """The message's HTML, every style inlined."""
    page = email_page(release, theme, locale, pictures, links)
    context: dict[str, Any] = {f.name: getattr(page, f.name) for f in fields(page)}
    extras = email_extras(release, theme, locale)
    context.update({f.name: getattr(extras, f.name) for f in fields(extras)})
    html = render_template(
        theme, template_name(theme), context, autoescape=True, release=release, locale=locale
    )
    return inline_styles(showable(html))


def template_name(theme: Theme) -> str:
    """The theme's own e-mail template, else the default theme's (a theme that brings only a
    web page still sends its releases)."""
    if any(os.path.lexists(folder / TEMPLATE) for folder in theme.folders):
        return TEMPLATE
    return f"default/{TEMPLATE}"


def inline_styles(html: str) -> str:
    import css_inline

    inliner = css_inline.CSSInliner(
        keep_at_rules=True, load_remote_stylesheets=False, resolve_css_variables=True
    )
    return str(inliner.inline(html))


def email_page(release: m.Release, theme: Theme, locale: str, pictures: Pictures, links: Links) -> HtmlPage:
    """The web page's values with plain e-mail links, every link as the message can follow it,
    and the pictures sized for a 600 px message."""
    page = build_page(release, theme, locale, emails="linked")
    direction = wording.text_direction(locale)

    def address(href: str) -> str | None:
        return message_address(release, locale, href, links)

    logo = page.logo
    if logo is not None:
        width, height = scaled(
            logo.width, logo.height, round(theme.spec.logo_width_mm * PX_PER_MM), LOGO_MOST
        )
        logo = replace(logo, src=pictures.logo or logo.src, width=width, height=height)
    lead = page.lead_image
    if lead is not None:
        src = pictures.lead or address(lead.src)
        width, height = scaled(lead.width, lead.height, WIDTH - 2 * PADDING, WIDTH - 2 * PADDING)
        lead = replace(lead, src=src or "", width=width, height=height)  # "": its caption alone
    contacts = tuple(
        message_contact(c, group, release, locale, direction, address)
        for c, group in zip(release.contacts, wording.group_headings(release.contacts), strict=True)
    )
    assets = tuple(
        replace(a, href=address(a.href) or "", view_href=address(a.view_href) or "") for a in page.assets
    )
    pack = page.pack
    if pack is not None:
        pack_href = address(pack.url)
        pack = LinkItem(pack.text, pack_href) if pack_href else None
    return replace(
        page, logo=logo, lead_image=lead, contacts=contacts, assets=assets, pack=pack, email_script=False
    )


def message_address(release: m.Release, locale: str, href: str, links: Links) -> str | None:
    """`href`, relative to the page (`<slug>/<locale>/<slug>.html`), as a message links it:
    absolute under base_url; else as it is in `email.html` and None (no link) in the `.eml`."""
    if urlsplit(href).scheme or href.startswith("#"):
        return href
    if release.base_url is not None:
        return urljoin(page_address(release, locale), href)
    return href if links == "relative" else None


def message_contact(
    contact: m.Contact,
    group: str | None,
    release: m.Release,
    locale: str,
    direction: str,
    address: Callable[[str], str | None],
) -> ContactCard:
    """The contact as the page shows it (`back_matter.contact_card`) with plain e-mail links,
    its name linking the contact's vCard where the message can reach it."""
    field = f"contacts.{contact.id}"
    heading = field_html(group, release, direction, field) if group else None
    name = field_html(contact.name, release, direction, field)
    href = address(f"contacts/{contact.id}.vcf") if release.contact_cards else None
    if href:
        name = Markup('<a class="vcard" href="{}" type="text/vcard">{}</a>').format(href, name)
    lines = wording.contact_lines(contact, locale, release.home_locale)
    return replace(card(name, lines, release, direction, field, "linked"), group=heading)


def scaled(width: int | None, height: int | None, wanted: int, most: int) -> tuple[int | None, int | None]:
    """A picture's width and height in the message: `wanted` pixels wide at most `most`, never
    wider than it is; its height in proportion (None, None where its size is unknown)."""
    if not width or not height:
        return None, None
    shown = min(width, wanted, most)
    return shown, max(1, round(height * shown / width))


def email_extras(release: m.Release, theme: Theme, locale: str) -> EmailExtras:
    colours = theme.spec.colours
    background = colours.background
    rtl = wording.text_direction(locale) == "rtl"
    return EmailExtras(
        preheader=wording.plain_inlines(release.standfirst, release, locale, sources="none"),
        start="right" if rtl else "left",
        end="left" if rtl else "right",
        colours={
            "primary": colours.primary,
            "on_primary": contrasting(colours.primary),
            "text": colours.text,
            "muted": readable_colour(colours.muted, background, colours.text),
            "link": readable_colour(colours.accent, background, colours.primary),
            "accent": colours.accent,
            "background": background,
            "quote_rule": colours.quote_rule,
            "tint": mix(colours.primary, background, 0.06),
            "rule": mix(colours.muted, background, 0.3),
            "frame": mix(colours.muted, background, 0.12),
        },
        font=Markup(html_font_stack(theme.spec.fonts.body, theme.spec.fonts.html_stack)),
        heading_font=Markup(html_font_stack(theme.spec.fonts.heading, theme.spec.fonts.html_stack)),
        width=WIDTH,
        padding=PADDING,
    )
