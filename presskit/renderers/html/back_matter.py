"""The back matter and the page's links out: contacts, sources, the asset gallery,
the sibling locales, the logo and the press kit.

Assets are linked relatively (the page lives in `dist/<slug>/<locale>/`, each asset at
`dist/<slug>/` plus its `published_name`, an image's thumbnail and web copy beside it as
`presskit.source.assets.rendition_names` names them); the logo is embedded so the page
stands alone. A release built in several locales links its siblings
(`../<locale>/<slug>.html`) with hreflang alternates and a language switcher.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote as url_quote

from babel import Locale, UnknownLocaleError
from babel.units import format_unit
from markupsafe import Markup, escape

from presskit import model as m
from presskit.renderers.html.fragments import (
    Emails,
    email_html,
    field_html,
    isolated,
    language_span,
    safe_url,
    source_anchor,
)
from presskit.renderers.html.page import (
    AssetEntry,
    ContactCard,
    LanguageLink,
    LeadImage,
    LinkItem,
    Logo,
    SourceEntry,
)
from presskit.renderers.languages import asset_field, source_field, whole_language
from presskit.source.assets import rendition_names
from presskit.words import wording
from presskit.words.addresses import calendar_address
from presskit.words.labels import label

THUMBNAIL_EDGE = 400  # px: presskit.publish.assets.THUMB_EDGE, the long edge of the thumbnail rendition
WEB_EDGE = 1600  # px: presskit.publish.assets.WEB_EDGE, the long edge of the web rendition
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def contact_card(
    contact: m.Contact,
    group: str | None,
    release: m.Release,
    locale: str,
    direction: str,
    emails: Emails = "hidden",
) -> ContactCard:
    """A contact's name and lines, and the heading of its group where the group starts."""
    field = f"contacts.{contact.id}"
    lines = wording.contact_lines(contact, locale, release.home_locale)
    heading = field_html(group, release, direction, field) if group else None
    name = field_html(contact.name, release, direction, field)
    if release.contact_cards:  # the name opens the contact's card, for an address book
        href = url_quote(f"contacts/{contact.id}.vcf")
        name = Markup('<a class="vcard" href="{}" type="text/vcard" download>{}</a>').format(href, name)
    return replace(card(name, lines, release, direction, field, emails), group=heading)


def event_card(
    index: int, event: m.Event, release: m.Release, locale: str, direction: str, emails: Emails = "hidden"
) -> ContactCard:
    field = f"events[{index}]"
    lines = wording.event_lines(
        event, locale, release.calendar, release.home_locale, calendar_address(release)
    )
    title = field_html(event.title, release, direction, field)
    return card(title, lines, release, direction, field, emails)


def card(
    name: Markup,
    contact_lines: list[wording.ContactLine],
    release: m.Release,
    direction: str,
    field: str,
    emails: Emails = "hidden",
) -> ContactCard:
    """A name and its lines, each linked where it has a link (e-mail addresses hidden); a value
    after a label is isolated (`<bdi>`), so that in a right-to-left page neither pulls the
    other's colon, space or digits across (`טלפון: +972 3-555-1234`). The words of the
    release's fields under `field` left untranslated (a role, a phone's label, a venue) say
    their language; a value holding links that is all one such field (a dial-in with its
    numbers) says it around them."""
    lines = []
    for line in contact_lines:
        linked = any(link for _, link in line.pieces)
        whole = whole_language(line.value, release, field) if linked else None
        shown = []
        for text, link in line.pieces:
            if link is None:
                shown.append(
                    escape(text) if whole else field_html(text, release, direction, field, isolate=False)
                )
            elif link.startswith("mailto:"):
                shown.append(email_html(text, emails))
            else:
                shown.append(Markup('<a href="{}">{}</a>').format(link, text))
        value = Markup("").join(shown)
        if whole:
            value = language_span(value, line.value, whole, direction)
        if line.caption:
            value = Markup("<bdi>{}</bdi>").format(value)
        lines.append(field_html(line.caption, release, direction, field, isolate=False) + value)
    return ContactCard(name, tuple(lines))


def source_entry(release: m.Release, source: m.Source, locale: str, direction: str) -> SourceEntry:
    """A numbered source: its name and title, and what each statistic citing it says, in the
    release's language where left so."""
    url = safe_url(source.url) if source.url else None
    text = field_html(wording.source_text(source, locale), release, direction, source_field(release, source))
    figures = tuple(
        field_html(figure, release, direction, "statistics", isolate=False)
        for figure in wording.source_figures(release, source, locale)
    )
    return SourceEntry(source.number, source_anchor(source), text, figures, url)


def asset_entry(index: int, release: m.Release, locale: str, direction: str) -> AssetEntry:
    """An asset as the gallery shows it: thumbnail, web copy, original to download, type and size;
    its description and alternate text in the release's language where they are left so."""
    asset, field = release.assets[index], f"assets[{index}]"
    original = page_link(asset.published_name)  # where the writer copies it
    names = rendition_names(asset)
    width, height = image_size(asset.path) if asset.kind == "image" else (None, None)
    if names is not None and width and height:
        width, height = thumbnail_size(width, height)
    alt = asset.alt or asset.title or asset.caption or ""
    return AssetEntry(
        href=original,
        description=field_html(wording.asset_description(asset, locale), release, direction, field),
        is_image=asset.kind == "image",
        alt=alt,
        alt_lang=whole_language(alt, release, field),
        width=width,
        height=height,
        thumbnail_href=page_link(names.thumb) if names else original,
        view_href=page_link(names.web) if names else original,
        file_name=asset.path.name,
        file_facts=file_facts(asset, locale),
        title=asset.title,
        caption=asset.caption,
        credit=asset.credit,
        licence=asset.licence,
    )


def lead_figure(release: m.Release, locale: str, direction: str) -> LeadImage | None:
    """The lead image as the page shows it under the standfirst: its web copy, sized, with its
    alternate text, caption and credit."""
    asset = release.lead_image
    if asset is None:
        return None
    shown, width, height = web_copy(asset)
    caption = wording.figure_caption(asset, locale)
    field = asset_field(release, asset)
    alt = asset.alt or asset.title or asset.caption or ""
    return LeadImage(
        src=page_link(shown),
        alt=alt,
        width=width,
        height=height,
        caption=field_html(caption, release, direction, field) if caption else "",
        alt_lang=whole_language(alt, release, field),
    )


def web_copy(asset: m.Asset) -> tuple[str, int | None, int | None]:
    """The published name of the image's web copy (an SVG as it is published) and its size in
    pixels, as the page shows it."""
    names = rendition_names(asset)
    width, height = image_size(asset.path)
    if names is not None and width and height:
        width, height = edge_size(width, height, WEB_EDGE)
    return (names.web if names else asset.published_name), width, height


def page_link(published_name: str) -> str:
    """A file of the release folder as the page (one folder down, in its locale's) links to it."""
    return "../" + url_quote(published_name, safe="/")


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """The thumbnail's pixels: the long edge at most THUMBNAIL_EDGE, never enlarged (as Pillow's thumbnail)."""
    return edge_size(width, height, THUMBNAIL_EDGE)


def edge_size(width: int, height: int, longest: int) -> tuple[int, int]:
    """A rendition's pixels: the long edge at most `longest`, never enlarged (as Pillow's thumbnail)."""
    edge = max(width, height)
    if edge <= longest:
        return width, height
    scale = longest / edge
    return max(1, round(width * scale)), max(1, round(height * scale))


FILE_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/svg+xml": "SVG",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}


def file_facts(asset: m.Asset, locale: str) -> str:
    """`PNG, 52 kB` (`PDF, 2,4 Mo` in French): what a journalist wants to know before downloading."""
    kind = FILE_TYPES.get(asset.media_type, asset.path.suffix.lstrip(".").upper())
    try:
        size = asset.path.stat().st_size
    except OSError:
        return kind
    return f"{kind}{label('comma', locale)}{file_size(size, locale)}"


def file_size(size: int, locale: str) -> str:
    """A size in decimal kilo- or megabytes, as the locale writes them."""
    loc = wording.babel_locale(locale)
    try:
        if size >= 1_000_000:
            return format_unit(size / 1e6, "digital-megabyte", length="short", format="#,##0.#", locale=loc)
        return format_unit(max(1, round(size / 1e3)), "digital-kilobyte", length="short", locale=loc)
    except (UnknownLocaleError, ValueError):
        return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1e3))} kB"


# --------------------------------------------------------------------------
# Sibling locales: hreflang alternates and the language switcher


def sibling_href(release: m.Release, locale: str) -> str:
    return f"../{url_quote(locale)}/{url_quote(release.slug)}.html"


def alternates(release: m.Release) -> tuple[tuple[str, str], ...]:
    """Every locale's page (this one's too, as search engines ask) and x-default: the source locale's."""
    if len(release.locales) < 2:
        return ()
    links = tuple((locale, sibling_href(release, locale)) for locale in release.locales)
    return (*links, ("x-default", sibling_href(release, release.locales[0])))


def language_links(release: m.Release, locale: str) -> tuple[LanguageLink, ...]:
    """The switcher: each locale named in its own language, the region added where two share one."""
    if len(release.locales) < 2:
        return ()
    languages = [code.split("-")[0].lower() for code in release.locales]
    return tuple(
        LanguageLink(
            locale=code,
            name=own_name(code, with_region=languages.count(language) > 1),
            href=sibling_href(release, code),
            current=code == locale,
            dir=wording.text_direction(code),
        )
        for code, language in zip(release.locales, languages, strict=True)
    )


def own_name(locale: str, *, with_region: bool = False) -> str:
    """`Français`, `العربية`, `English (United Kingdom)`: the language as its speakers write it (CLDR)."""
    try:
        parsed = Locale.parse(wording.babel_locale(locale))
        name = parsed.get_display_name(parsed) if with_region else parsed.get_language_name(parsed)
    except (UnknownLocaleError, ValueError):
        return locale
    # CLDR writes many languages' names in lower case ("français"); a menu item starts with a capital.
    return name[:1].upper() + name[1:] if name else locale


def image_size(path: Path) -> tuple[int | None, int | None]:
    """Width and height in pixels, so the page does not jump as images load."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None, None


def link_item(release: m.Release, field: str, direction: str = "ltr") -> LinkItem | None:
    """The link `field` names (`call_to_action`, `press_kit`), its text in the release's language
    where it is left so."""
    cta = release.call_to_action if field == "call_to_action" else release.press_kit
    return LinkItem(field_html(cta.text, release, direction, field), safe_url(cta.url)) if cta else None


def pack_link(release: m.Release, locale: str, direction: str) -> LinkItem | None:
    """The page's link to its release's zip, which sits beside the release folder:
    the page is OUT/<slug>/<locale>/<slug>.html, the zip OUT/<slug>.zip."""
    if release.pack_file is None:
        return None
    href = "../../" + url_quote(release.pack_file)
    return LinkItem(isolated(label("pack_download", locale), direction), href)


def logo(release: m.Release) -> Logo | None:
    """The logo as a data: URI, or None to show the organisation's name instead."""
    org = release.organisation
    if org.logo is None:
        return None
    data = org.logo.read_bytes()
    media_type = next((t for magic, t in _IMAGE_TYPES.items() if data.startswith(magic)), None)
    if media_type is None:
        return None
    width, height = image_size(org.logo)
    uri = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
    alt = org.logo_alt or org.name
    return Logo(uri, alt, width, height, whole_language(alt, release, "organisation.logo_alt"))
