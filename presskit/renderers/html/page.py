"""The view-model handed to the theme's HTML template: the page and each of its parts.

Every value is escaped `Markup` or plain data the autoescaping template escapes
(see presskit.renderers.html.build_page).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Logo:
    src: str  # a data: URI
    alt: str
    width: int | None
    height: int | None
    lang: str | None = None  # the alternate text's, where it is not the page's (left untranslated)


@dataclass(frozen=True)
class LinkItem:
    text: str
    url: str


@dataclass(frozen=True)
class ContactCard:
    name: str
    lines: tuple[Markup, ...]
    group: str | None = None  # the heading of its group, on the first contact of the group


@dataclass(frozen=True)
class SourceEntry:
    number: int
    anchor: str
    text: str
    figures: tuple[str, ...]
    url: str | None


@dataclass(frozen=True)
class AssetEntry:
    href: str  # the original, relative to the page: the download
    description: str  # title or caption, credit and licence on one line
    is_image: bool
    alt: str
    width: int | None  # of the thumbnail shown
    height: int | None
    thumbnail_href: str  # the thumbnail rendition (the original where there is none, e.g. SVG)
    view_href: str  # the web rendition the thumbnail links to (or the original)
    file_name: str  # the original's file name
    file_facts: str  # its type and size: "PNG, 52 kB"
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    licence: str | None = None
    alt_lang: str | None = None  # the alternate text's language, where it is not the page's


@dataclass(frozen=True)
class LeadImage:
    """The release's first image, shown under the standfirst with its caption and credit."""

    src: str  # the web copy where the build makes one, else the original
    alt: str
    width: int | None
    height: int | None
    caption: str  # caption (else title) and credit, "" where neither is given
    alt_lang: str | None = None  # the alternate text's language, where it is not the page's


@dataclass(frozen=True)
class LanguageLink:
    """One language of the release in the switcher, named in that language."""

    locale: str
    name: str  # "English", "Français", "العربية"
    href: str  # the sibling page, relative to this one
    current: bool
    dir: str


@dataclass(frozen=True)
class HtmlPage:
    lang: str
    dir: str
    title: str
    title_lang: str | None  # the headline's language, where it is left untranslated
    description: str
    noindex: bool
    canonical: str  # this page's address: absolute under the newsroom's base_url, else relative
    open_graph: tuple[tuple[str, str], ...]
    twitter_card: tuple[tuple[str, str], ...]  # <meta name=…>: X reads names, not properties
    json_ld: Markup
    css_variables: Markup
    script_fonts: Markup
    print_page: Markup
    print_font_size: str
    release_line: str
    release_details: tuple[str, ...]  # the time of issue, "Issued on behalf of …"
    embargoed: bool
    type_label: str
    organisation: LinkItem
    logo: Logo | None
    headline: str
    subheadline: str | None
    standfirst: Markup
    lead_image: LeadImage | None
    highlights: tuple[Markup, ...]
    body: Markup
    call_to_action: LinkItem | None
    end_mark: str
    source_line: str | None
    events: tuple[ContactCard, ...]
    disclaimer: Markup
    notes_to_editors: Markup
    about_title: str
    boilerplate: Markup
    contacts: tuple[ContactCard, ...]
    contacts_position: str  # "top" (in the masthead) or "end" (with the back matter)
    logo_position: str  # "left", "right" or "center"
    sources: tuple[SourceEntry, ...]
    assets: tuple[AssetEntry, ...]
    press_kit: LinkItem | None
    pack: LinkItem | None  # the zip of the whole pack beside the release folder, when built
    labels: dict[str, str]
    email_script: bool
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href), x-default last; empty in one locale
    languages: tuple[LanguageLink, ...]  # empty in one locale
