"""The validated document model: the only thing renderers see.

Everything here is frozen and fully resolved: Markdown is already parsed into
the small block/inline trees below, contacts referenced by id are looked up,
statistic sources are numbered in order of first citation, asset paths are
checked and absolute. Renderers never parse text, read YAML or touch the file
system beyond the paths handed to them here and in the theme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

# --------------------------------------------------------------------------
# Inline tree


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """Inline code: shown in a monospaced face, never interpreted."""

    text: str


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class StatRef:
    """A statistic placed in running text: its formatted value and citation."""

    stat_id: str
    labelled: bool = False  # {stat:id|label}: the value followed by what it counts


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Foreign:
    """Text in another language than the edition's: a unit its translation left out, shown in
    the release's own language, so screen readers and spelling switch to it."""

    lang: str  # BCP 47
    children: tuple[Inline, ...]


Inline = Text | Strong | Emphasis | Code | Link | StatRef | LineBreak | Foreign
Inlines = tuple[Inline, ...]

# Limits the loader (Markdown) and translations keep, so renderers may recurse over the trees:
MAX_INLINE_DEPTH = 12  # Strong, Emphasis and Link inside one another
MAX_BLOCK_DEPTH = 12  # lists and block quotes inside one another
MAX_TABLE_COLUMNS = 60

# --------------------------------------------------------------------------
# Block tree


@dataclass(frozen=True)
class Paragraph:
    children: Inlines


@dataclass(frozen=True)
class Heading:
    level: int  # 1 or 2 (deeper Markdown headings are clamped to 2)
    children: Inlines


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    # Each item is a sequence of blocks: its paragraph(s) and any nested list.
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class TableCell:
    children: Inlines
    align: Literal["left", "center", "right"] | None = None


@dataclass(frozen=True)
class Table:
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True)
class BlockQuote:
    """A Markdown `>` quotation (not an attributed quote: see QuoteRef)."""

    children: tuple[Block, ...]


@dataclass(frozen=True)
class QuoteRef:
    """Places the attributed quote with this id here."""

    quote_id: str


@dataclass(frozen=True)
class Preformatted:
    """A fenced or indented code block: shown as is, never interpreted."""

    text: str


Block = Paragraph | Heading | ListBlock | Table | BlockQuote | QuoteRef | Preformatted
Blocks = tuple[Block, ...]

# --------------------------------------------------------------------------
# Release parts


@dataclass(frozen=True)
class Source:
    number: int  # 1-based, in order of first citation in the release
    name: str
    title: str | None = None
    url: str | None = None


StatUnit = Literal["percent", "count", "currency", "ratio"]

# The values a Statistic may hold (the schema refuses others, so every format can print them):
# finite, at most this many digits before the decimal point (10^25 FLOP is a real figure)…
STATISTIC_MAX_DIGITS = 30
# …and at most this many after it, trailing zeros aside.
STATISTIC_MAX_DECIMALS = 15


@dataclass(frozen=True)
class Statistic:
    id: str
    value: Decimal
    unit: StatUnit
    label: str
    source: Source
    currency: str | None = None  # ISO 4217 code when unit == "currency"
    compact: bool = False  # "5 billion" rather than "5,000,000,000"
    as_of: str | None = None  # period the figure describes, e.g. "2023-2024"


@dataclass(frozen=True)
class Speaker:
    name: str
    post_nominals: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    organisation: str | None = None


@dataclass(frozen=True)
class Quote:
    id: str
    text: Inlines  # its first paragraph
    speaker: Speaker
    approved: bool
    more: tuple[Inlines, ...] = ()  # its further paragraphs (a blank line between them in the source)
    also: tuple[Speaker, ...] = ()  # a quote spoken jointly: the other speakers, each with their roles
    lang: str | None = None  # its language where it differs from the release's: screen readers switch voice

    @property
    def speakers(self) -> tuple[Speaker, ...]:
        return (self.speaker, *self.also)

    @property
    def paragraphs(self) -> tuple[Inlines, ...]:
        return (self.text, *self.more)


PhoneType = Literal["office", "mobile", "fax", "out_of_hours", "switchboard"]


@dataclass(frozen=True)
class Phone:
    number: str  # as written
    type: PhoneType = "office"
    label: str | None = None  # the words before it instead of the type's ("Today")


@dataclass(frozen=True)
class SocialAccount:
    network: str  # mastodon, bluesky, x, linkedin, wechat, threads, instagram, youtube
    handle: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    out_of_hours_phone: str | None = None
    hours: str | None = None
    phones: tuple[Phone, ...] = ()
    social: tuple[SocialAccount, ...] = ()
    group: str | None = None  # the heading it is listed under (Investor Relations)
    on_behalf_of: str | None = None  # an agency's contact: the organisation it speaks for


@dataclass(frozen=True)
class Asset:
    path: Path  # absolute, checked to exist inside the release or newsroom
    file: str  # as written by the user, relative to the release folder
    kind: Literal["image", "document"]
    media_type: str
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    licence: str | None = None
    alt: str | None = None
    # Smaller, upright copies of an image, smallest first: the build's thumbnail and web
    # renditions once it has made them (a document shows the smallest that is sharp enough).
    renditions: tuple[Path, ...] = ()

    @property
    def published_name(self) -> str:
        """Where the copy lives inside `dist/<slug>/`, e.g. `assets/cover.png`."""
        return f"assets/{self.path.name}"


@dataclass(frozen=True)
class CallToAction:
    text: str
    url: str


@dataclass(frozen=True)
class Event:
    """A media briefing, launch or call the release invites to."""

    title: str
    starts: dt.datetime  # timezone-aware, in `zone`
    zone: str  # IANA name
    ends: dt.datetime | None = None
    venue: str | None = None
    address: str | None = None
    webcast: str | None = None  # an http(s) URL
    dial_in: str | None = None
    rsvp: str | None = None


@dataclass(frozen=True)
class Embargo:
    """An instant with the zone it is stated in."""

    at: dt.datetime  # timezone-aware
    zone: str | None = None  # IANA name where given; else the offset of `at` is used
    also_in: tuple[str, ...] = ()  # further IANA zones to state it in


@dataclass(frozen=True)
class Issued:
    """When the release is issued (its time of issue, "Published: 15:00"), apart from any embargo."""

    at: dt.datetime  # timezone-aware
    zone: str | None = None  # IANA name where given; else the offset of `at` is used


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str | None = None
    logo: Path | None = None  # PNG or JPEG for the documents
    logo_alt: str | None = None
    about_title: str | None = None  # default: "About <name>"
    boilerplate: Blocks = ()

    @property
    def logo_published_name(self) -> str | None:
        """Where the build publishes the logo in the release folder for the pages to link
        (with base_url): `logo.png` or `logo.jpg`, beside the locales' folders, so no
        asset's name can take it."""
        if self.logo is None:
            return None
        return "logo.jpg" if self.logo.suffix.lower() in (".jpg", ".jpeg") else "logo.png"


@dataclass(frozen=True)
class GlossaryTerm:
    """A proper name or brand term (presskit.yaml's `glossary:`) that translations must keep:
    as written in every language (`keep`), or as each listed language writes it."""

    term: str
    keep: bool = False  # "do not translate": the term itself in every language
    renderings: tuple[tuple[str, str], ...] = ()  # (BCP 47 locale, the term in it), as listed
    note: str | None = None  # for translators

    def rendering(self, locale: str) -> str | None:
        """How a translation into `locale` must write the term; None where the glossary does not say.

        A rendering listed for a language (`fr`) serves its regional locales (`fr-CA`) unless
        one of them has its own."""
        if self.keep:
            return self.term
        wanted = locale.replace("_", "-").lower()
        exact = [text for tag, text in self.renderings if tag.lower() == wanted]
        language = [text for tag, text in self.renderings if tag.lower() == wanted.split("-")[0]]
        return next(iter(exact or language), None)


# The calendars a release's dates may be written in (presskit/words/dates.py): an edition
# uses one where its language does (Buddhist: Thai, by default; Japanese eras: Japanese).
Calendar = Literal["gregorian", "buddhist", "japanese"]

ReleaseType = Literal["media-release", "press-release", "media-advisory", "statement"]


@dataclass(frozen=True)
class Release:
    slug: str
    type: ReleaseType
    locale: str  # BCP 47, e.g. "en-GB"
    date: dt.date
    dateline: str | None
    headline: str
    subheadline: str | None
    standfirst: Inlines
    highlights: tuple[Inlines, ...]
    body: Blocks
    statistics: dict[str, Statistic] = field(hash=False)
    quotes: dict[str, Quote] = field(hash=False)
    call_to_action: CallToAction | None
    end_mark: str
    notes_to_editors: Blocks
    contacts: tuple[Contact, ...]
    assets: tuple[Asset, ...]
    press_kit: CallToAction | None
    organisation: Organisation
    embargo: Embargo | None = None
    keywords: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()  # without their "#", the same in every edition (social.txt)
    theme: str | None = None  # the release's (or its newsroom's) theme; --theme overrides
    # Every locale this release is built in (its own first), for hreflang alternates
    # and the language switcher; empty when built in its own locale only.
    locales: tuple[str, ...] = ()
    # The zip of the whole pack the build writes beside the release folder (`build --pack`),
    # e.g. "gta-2025.zip": the web page links it. None when the build packs nothing.
    pack_file: str | None = None
    # Each contact's vCard is published beside the edition (`contacts/<id>.vcf`): the page links it.
    contact_cards: bool = False
    # The office's own words for the release's type (報道資料, نشرة صحفية), shown instead of the
    # catalogue's label for `type`; None: the catalogue's.
    type_label: str | None = None
    # After the end mark: a wire's SOURCE line as written, and a legal or forward-looking-
    # statements disclaimer, set small.
    source_line: str | None = None
    disclaimer: Blocks = ()
    events: tuple[Event, ...] = ()
    source_path: Path | None = None  # the release file, for messages only
    show_dateline: bool = True  # False: `dateline: false`, no dateline at all (RNS announcements)
    wire_tag: str | None = None  # "PRNewswire": shown as /PRNewswire/ after the dateline's date
    calendar: Calendar | None = None  # None: each edition's own (Buddhist for Thai)
    published: Issued | None = None  # the time of issue, shown in the head
    on_behalf_of: str | None = None  # "Issued on behalf of …": the client an agency issues it for
    # In a translated edition: the language of the release's own text, and the one-line fields
    # (their unit ids: "headline", "type_label") still in it, untranslated.
    source_locale: str | None = None
    untranslated: frozenset[str] = frozenset()
    # Where the output folder is published (the newsroom's base_url, ending in "/"): the page's
    # canonical link and Open Graph URLs are absolute under it. None: they stay relative.
    base_url: str | None = None
    # From presskit.yaml: the terms translations keep, and the least share of a locale's units
    # translated for `build -l all` to publish it (i18n.publish_at, a percentage).
    glossary: tuple[GlossaryTerm, ...] = ()
    publish_at: float = 100.0

    @property
    def home_locale(self) -> str:
        """The language the release was written in (a translated edition's `source_locale`): its
        phone numbers written without +code are read in that language's country, in every edition."""
        return self.source_locale or self.locale

    @property
    def calendar_name(self) -> str | None:
        """The iCalendar file of the release's events in its folder (`<slug>.ics`, beside the
        locales' folders), which every format links; None when it has no events."""
        return f"{self.slug}.ics" if self.events else None

    def event_uid(self, index: int) -> str:
        """The UID of its event at `index` (from 0) in the calendar file, the same on every build:
        ninjs names the event by it, so a receiving system can match the two."""
        return f"{self.slug}-{index + 1}@presskit"

    @property
    def lead_image(self) -> Asset | None:
        """The first image among the assets: every format shows it near the top, after the standfirst."""
        return next((asset for asset in self.assets if asset.kind == "image"), None)

    def language_of(self, unit: str) -> str | None:
        """The language the one-line field `unit` is shown in where it is not the edition's."""
        return self.source_locale if unit in self.untranslated else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """Each cited source once, in citation order."""
        seen: dict[int, Source] = {}
        for stat in self.statistics.values():
            seen.setdefault(stat.source.number, stat.source)
        return tuple(seen[n] for n in sorted(seen))
