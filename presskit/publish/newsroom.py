"""The newsroom page (`dist/index.html`) and its Atom feed (`dist/feed.xml`).

Both are made from one `Listing` per release: what a reader of the newsroom
needs to find a release (date, headline, locales, embargo, where its files
are). A listing is plain data, so an incremental build keeps it in its cache
and lists a release it did not have to rebuild.

The page shows every release built, newest first, with its embargo state at
`--now`; it is `noindex` while any of them is under embargo. The feed holds
only the releases no longer under embargo at `--now`.

With the newsroom's `base_url` (where the output folder is published), the feed's
links, its `rel="self"` and the page's canonical link are absolute; without it they
are relative to the output folder, which a feed reader fetching the feed alone
cannot follow (`check` says so).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from presskit import model as m
from presskit.words import issuing, wording
from presskit.words.labels import label

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEMPLATE = "newsroom.html.j2"


def page_words(locale: str) -> dict[str, str]:
    """The page's own words in `locale` (from the label catalogue; PDF and Word are names, not words)."""
    words = {
        key: label(f"newsroom_{key}", locale)
        for key in ("title", "feed", "embargoed", "lifted", "pack", "none")
    }
    return {
        **words,
        "html": label("format_html", locale),
        "pdf": "PDF",
        "docx": "Word",
        "txt": label("format_txt", locale),
        "factsheet": label("factsheet", locale),
    }


FORMAT_ORDER = ("html", "pdf", "docx", "txt", "factsheet")  # what the newsroom page links, in order


@dataclass(frozen=True)
class Listing:
    """One release as the newsroom page and feed show it. Paths are relative to the output folder."""

    slug: str
    headline: str
    locale: str  # the release's own locale
    date: str  # ISO date
    type_label: str
    standfirst: str
    organisation: str
    organisation_url: str | None
    embargo_at: str | None  # ISO instant with offset
    embargo_zone: str | None
    embargo_also_in: tuple[str, ...]
    locales: tuple[str, ...]  # every locale built, the release's own first
    # locale -> format -> path, e.g. {"en-GB": {"html": "gta-2025/en-GB/gta-2025.html"}}
    pages: dict[str, dict[str, str]] = field(hash=False)
    pack: str | None = None  # e.g. "gta-2025.zip", when the build packed it
    pack_size: int | None = None

    @classmethod
    def of(
        cls,
        release: m.Release,
        pages: dict[str, dict[str, str]],
        pack: str | None = None,
        pack_size: int | None = None,
    ) -> Listing:
        embargo = release.embargo
        return cls(
            slug=release.slug,
            headline=release.headline,
            locale=release.locale,
            date=release.date.isoformat(),
            type_label=wording.type_label(release, release.locale),
            standfirst=wording.plain_inlines(release.standfirst, release, release.locale, sources="none"),
            organisation=release.organisation.name,
            organisation_url=release.organisation.url,
            embargo_at=embargo.at.isoformat() if embargo else None,
            embargo_zone=embargo.zone if embargo else None,
            embargo_also_in=embargo.also_in if embargo else (),
            locales=tuple(pages),
            pages=pages,
            pack=pack,
            pack_size=pack_size,
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Listing:
        return cls(
            **{
                **data,
                "embargo_also_in": tuple(data["embargo_also_in"]),
                "locales": tuple(data["locales"]),
            }
        )

    @property
    def embargo(self) -> m.Embargo | None:
        if self.embargo_at is None:
            return None
        return m.Embargo(dt.datetime.fromisoformat(self.embargo_at), self.embargo_zone, self.embargo_also_in)

    def under_embargo(self, now: dt.datetime) -> bool:
        embargo = self.embargo
        return embargo is not None and embargo.at > now

    def released_at(self) -> dt.datetime:
        """When it went (or goes) out: the embargo instant, else the start of its date in UTC."""
        embargo = self.embargo
        if embargo is not None:
            return embargo.at.astimezone(dt.UTC)
        return dt.datetime.combine(dt.date.fromisoformat(self.date), dt.time(0, 0), tzinfo=dt.UTC)

    def main_page(self) -> str | None:
        """The page the headline links to: the own locale's HTML, else its first format."""
        for locale in (self.locale, *self.locales):
            formats = self.pages.get(locale, {})
            for name in FORMAT_ORDER:
                if name in formats:
                    return formats[name]
        return None


def newest_first(listings: list[Listing]) -> list[Listing]:
    ordered = sorted(listings, key=lambda item: item.slug)
    ordered.sort(key=lambda item: (item.date, item.released_at()), reverse=True)
    return ordered


def released(listings: list[Listing], now: dt.datetime) -> list[Listing]:
    """The releases no embargo holds back at `now`."""
    return [item for item in listings if not item.under_embargo(now)]


# ---------------------------------------------------------------------------
# The page


@dataclass(frozen=True)
class PageLink:
    text: str
    href: str
    media_type: str


@dataclass(frozen=True)
class LocaleLinks:
    locale: str
    name: str  # the locale's name in its own language
    dir: str
    links: tuple[PageLink, ...]


@dataclass(frozen=True)
class PageEntry:
    slug: str
    lang: str
    dir: str
    headline: str
    href: str | None
    date: str  # ISO, for <time datetime>
    date_text: str
    type_label: str
    standfirst: str
    status: str | None
    embargoed: bool
    locales: tuple[LocaleLinks, ...]
    pack: PageLink | None


_MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
    "factsheet": "application/pdf",
}


def render_index(
    listings: list[Listing],
    *,
    now: dt.datetime,
    public: bool,
    title: str,
    theme: Any,
    page_locale: str = "en-GB",
    feed: str | None = "feed.xml",
    heading: str | None = None,
    base_url: str | None = None,
) -> bytes:
    """The newsroom page: self-contained HTML (inline CSS), every value escaped by the template.

    With one listing and a `heading`, the same page is a release's own index of its locales.
    With `base_url`, the page names its own address (canonical), absolute; its other links stay
    relative, so the output folder browses as it is before it is published.
    """
    from presskit.renderers.html import css_variables
    from presskit.themes.templating import render_template, showable
    from presskit.themes.theme import load_theme

    if not theme.template_path(TEMPLATE).is_file():
        theme = load_theme("default")  # a custom theme without its own newsroom page
    words = page_words(page_locale)
    entries = [_page_entry(item, now, public, page_locale, words) for item in newest_first(listings)]
    context = {
        "lang": page_locale,
        "dir": wording.text_direction(page_locale),
        "title": title,
        "heading": heading or words["title"],
        "noindex": any(entry.embargoed for entry in entries),
        "css_variables": css_variables(theme),
        "entries": entries,
        "feed": feed,
        "canonical": published(base_url, "index.html") if base_url else None,
        "words": words,
    }
    return showable(render_template(theme, TEMPLATE, context, autoescape=True)).encode("utf-8")


def _page_entry(
    item: Listing, now: dt.datetime, public: bool, page_locale: str, words: dict[str, str]
) -> PageEntry:
    embargo = item.embargo
    embargoed = item.under_embargo(now)
    status: str | None = None
    if embargo is not None and embargoed:
        status = words["embargoed"].format(when=issuing.embargo_statement(embargo, page_locale))
    elif embargo is not None and not public:
        status = words["lifted"].format(when=issuing.embargo_statement(embargo, page_locale))
    locales = tuple(
        LocaleLinks(
            locale,
            _locale_name(locale),
            wording.text_direction(locale),
            tuple(
                PageLink(words[name], item.pages[locale][name], _MEDIA_TYPES[name])
                for name in FORMAT_ORDER
                if name in item.pages[locale]
            ),
        )
        for locale in item.locales
    )
    pack = None
    if item.pack:
        pack = PageLink(words["pack"].format(size=_size(item.pack_size or 0)), item.pack, "application/zip")
    day = dt.date.fromisoformat(item.date)
    return PageEntry(
        slug=item.slug,
        lang=item.locale,
        dir=wording.text_direction(item.locale),
        headline=item.headline,
        href=item.main_page(),
        date=item.date,
        date_text=wording.format_long_date(day, page_locale),
        type_label=item.type_label,
        standfirst=item.standfirst,
        status=status,
        embargoed=embargoed,
        locales=locales,
        pack=pack,
    )


def _locale_name(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(locale, sep="-").get_display_name()
    except (UnknownLocaleError, ValueError, TypeError):
        return locale
    return name[:1].upper() + name[1:] if name else locale


def _size(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


# ---------------------------------------------------------------------------
# The feed


def render_feed(
    listings: list[Listing],
    *,
    now: dt.datetime,
    title: str,
    author: str,
    author_url: str | None = None,
    base_url: str | None = None,
) -> bytes:
    """An Atom 1.0 feed of the releases out of embargo at `now`, newest first.

    Ids are `urn:uuid:` names derived from the organisation's URL and the
    slug, so they never change (base_url or not). Links are absolute under
    `base_url`, with the feed's own address as `rel="self"`; without it they
    are relative to the feed. `updated` is the newest release's time, never the
    clock, so the same input gives the same bytes.
    """
    items = newest_first(released(listings, now))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if items:
        feed.set(XML_LANG, items[0].locale)
    _text(feed, "title", title)
    _text(feed, "id", _urn(author_url or author, "newsroom"))
    # The newest item's time, never the clock; an empty feed says the Unix epoch.
    times = [item.released_at() for item in items]
    updated = max(times) if times else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    _text(feed, "updated", _atom_time(updated))
    page = {"rel": "alternate", "type": "text/html", "href": published(base_url, "index.html")}
    ET.SubElement(feed, f"{{{ATOM}}}link", page)
    if base_url is not None:  # RFC 4287 4.2.7.2: where the feed itself is, for readers and hubs
        itself = {"rel": "self", "type": "application/atom+xml", "href": published(base_url, "feed.xml")}
        ET.SubElement(feed, f"{{{ATOM}}}link", itself)
    person = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(person, "name", author)
    if author_url:
        _text(person, "uri", author_url)
    _text(feed, "generator", "presskit")  # so a later run knows the feed is presskit's to replace
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        entry.set(XML_LANG, item.locale)
        _text(entry, "title", item.headline)
        _text(entry, "id", _urn(item.organisation_url or item.organisation, f"release/{item.slug}"))
        stamp = _atom_time(item.released_at())
        _text(entry, "published", stamp)
        _text(entry, "updated", stamp)
        for locale in item.locales:
            html = item.pages.get(locale, {}).get("html")
            if html:  # one alternate per language (Atom allows several that differ in hreflang)
                href = published(base_url, html)
                link = {"rel": "alternate", "type": "text/html", "hreflang": locale, "href": href}
                ET.SubElement(entry, f"{{{ATOM}}}link", link)
        if item.pack:
            ET.SubElement(
                entry,
                f"{{{ATOM}}}link",
                {"rel": "enclosure", "type": "application/zip", "href": published(base_url, item.pack)},
            )
        if item.standfirst:
            _text(entry, "summary", item.standfirst)
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.type_label})
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def published(base_url: str | None, path: str) -> str:
    """A path of the output folder (`gta-2025/en-GB/gta-2025.html`) as a link: absolute under
    `base_url` (which ends in "/"), else as it is, relative to the folder's top."""
    if base_url is None:
        return path
    return base_url + quote(path, safe="/")


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _urn(base: str, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base.rstrip('/')}/#presskit/{name}").urn


def _atom_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
