"""The shape of the input files, as pydantic models.

These describe what a user may write in `release.yaml` and `presskit.yaml`;
`loader.py` and `newsroom.py` turn a valid document into the resolved model of `presskit/model.py`.
Every string is checked for characters no document format can carry.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from presskit.model import STATISTIC_MAX_DECIMALS, STATISTIC_MAX_DIGITS
from presskit.source.spacing import collapse
from presskit.source.validation import ID_PATTERN


def _clean_text(value: str) -> str:
    for char in value:
        if char in "\n\t":
            continue
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs" or char in "\ufffe\uffff":
            raise ValueError(f"contains the control character U+{ord(char):04X}")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _line(value: str) -> str:
    """A one-line value: YAML folding may leave newlines; they mean spaces (none between two
    Chinese, Japanese or Thai characters: see spacing.py)."""
    return collapse(value)


SUBHEADLINE_LINES = 3  # a subheadline written over lines keeps them; more is a paragraph


def _lines(value: str) -> str:
    """A field of a few short lines (a two-line subheadline): each line collapsed as a one-line
    value, blank lines dropped, the line breaks kept."""
    lines = [collapse(line) for line in value.splitlines()]
    kept = [line for line in lines if line]
    if len(kept) > SUBHEADLINE_LINES:
        raise ValueError(
            f"has {len(kept)} lines, at most {SUBHEADLINE_LINES} (put the rest in the standfirst)"
        )
    return "\n".join(kept)


def check_url(value: str, *, allow_mailto: bool = False) -> str:
    """An absolute http(s) URL (or mailto: where allowed); raises ValueError otherwise."""
    value = value.strip()
    parts = urlsplit(value)
    if allow_mailto and parts.scheme == "mailto":
        check_email(parts.path)
        return value
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        allowed = "http, https or mailto" if allow_mailto else "http or https"
        raise ValueError(f"not an absolute {allowed} URL: {value!r}")
    return value


_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


def check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"not an e-mail address: {value!r}")
    return value


def _statistic_value(value: Decimal) -> Decimal:
    """A number every locale's format can print in full: bounded digits on both sides of the point.

    Zeros ending the decimals are dropped (`1.50` is `1.5`, as Babel prints it anyway), so the
    model's value never holds more digits than the limits allow.
    """
    if not value:
        return Decimal(0)  # not "-0" or "0E-50"
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: pydantic refused NaN and the infinities
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    dropped = min(zeros, -exponent) if exponent < 0 else 0
    value = Decimal((sign, digits[: len(digits) - dropped], exponent + dropped))
    if value.adjusted() >= STATISTIC_MAX_DIGITS:
        raise ValueError(f"must have at most {STATISTIC_MAX_DIGITS} digits before the decimal point")
    if -value.as_tuple()[2] > STATISTIC_MAX_DECIMALS:  # type: ignore[operator]
        raise ValueError(f"must have at most {STATISTIC_MAX_DECIMALS} decimal places")
    return value


# ISO 4217 codes that are no currency: Babel knows them, and prints "XXX" as "¤5.00" and
# "XTS" as a test code, so a figure in them says nothing a reader can use.
NO_CURRENCY = {"XXX": "for no currency", "XTS": "kept for testing"}


def _currency(code: str) -> str:
    if code in NO_CURRENCY:
        raise ValueError(f"{code} is ISO 4217's code {NO_CURRENCY[code]}, not a currency")
    return code


# The longest each kind of field may be, in characters. A translation is held to its
# field's limit too (i18n/units.py), so no language makes a document longer than these.
LINE_MAX = 1_000  # any one-line field: a name, a label, a caption, alt text
HEADLINE_MAX = 300
STANDFIRST_MAX = 5_000
HIGHLIGHT_MAX = 2_000
QUOTE_MAX = 10_000
BODY_MAX = 200_000  # a release, not a report: attach those as assets
NOTES_MAX = 100_000
BOILERPLATE_MAX = 20_000
# The release line states the embargo in each zone, on the first page: with more, it no
# longer fits there (80 zones made a PDF table taller than a page).
EMBARGO_ZONES_MAX = 12


def _period(value: str | int) -> str | int:
    """`as_of` as a number is a year or the like; a longer one would be printed in full in every document."""
    if isinstance(value, int) and abs(value) >= 10**9:
        raise ValueError("as a number, at most 9 digits (a year, e.g. 2024); write a period as text")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
OneLine = Annotated[str, AfterValidator(_clean_text), AfterValidator(_line)]
Line = Annotated[OneLine, Field(max_length=LINE_MAX)]
Lines = Annotated[str, AfterValidator(_clean_text), AfterValidator(_lines), Field(max_length=LINE_MAX)]
Url = Annotated[str, AfterValidator(check_url)]
Email = Annotated[str, AfterValidator(check_email)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def _wire_tag(value: str) -> str:
    """`PRNewswire` or `/PRNewswire/`: the service's name, which the dateline puts between slashes."""
    name = value.strip().strip("/").strip()
    if not name or "/" in name:
        raise ValueError("must be the wire service's name, such as PRNewswire (without slashes inside)")
    return name


HASHTAGS_MAX = 10  # a post of 280 characters has room for few


def _hashtag_character(char: str) -> bool:
    """A letter, a mark, a decimal digit or `_`: what a hashtag holds on X, Mastodon and Bluesky."""
    return char == "_" or unicodedata.category(char) in ("Nd", "Mn", "Mc", "Me") or char.isalpha()


def _hashtag(value: str) -> str:
    """`#GTA2025` or `GTA2025`: one word (a space or punctuation would end the tag early on
    every network), not only digits (such a tag is not linked). Kept without its `#`."""
    tag = value.strip().removeprefix("#")
    if not tag:
        raise ValueError("is empty (write the tag's word, e.g. GTA2025)")
    wrong = next((c for c in tag if not _hashtag_character(c)), None)
    if wrong is not None:
        shown = "a space" if wrong.isspace() else f"{wrong!r} (U+{ord(wrong):04X})"
        kept = "".join(filter(_hashtag_character, tag))
        raise ValueError(
            f"{shown} would end the hashtag #{tag} early "
            f"(use letters, digits and _ only, e.g. #{kept if kept and not kept.isdigit() else 'GTA2025'})"
        )
    if tag.isdigit():
        raise ValueError(f"#{tag} is only digits, which no network links (add a letter, e.g. #GTA{tag})")
    return tag


Hashtag = Annotated[str, AfterValidator(_clean_text), AfterValidator(_hashtag), Field(max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class LinkIn(Strict):
    text: Line
    url: Url


class SourceIn(Strict):
    name: Line
    title: Line | None = None
    url: Url | None = None


class StatisticIn(Strict):
    value: Annotated[Decimal, Field(allow_inf_nan=False), AfterValidator(_statistic_value)]
    unit: Literal["percent", "count", "currency", "ratio"]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_currency)] | None = None
    compact: bool = False
    label: Line
    as_of: Annotated[Line | int, AfterValidator(_period)] | None = None
    source: SourceIn


class SpeakerIn(Strict):
    name: Line
    post_nominals: list[Line] = []
    roles: list[Line] = []
    organisation: Line | None = None


class QuoteIn(Strict):
    text: Annotated[Text, Field(max_length=QUOTE_MAX)]
    speaker: SpeakerIn
    also: Annotated[list[SpeakerIn], Field(max_length=10)] = []  # a quote spoken jointly: the others
    lang: str | None = None  # the quote's language where it differs from the release's (BCP 47)
    approved: bool = False


class PhoneIn(Strict):
    number: Line
    type: Literal["office", "mobile", "fax", "out_of_hours", "switchboard"] = "office"
    label: Line | None = None  # the words before it instead of the type's: "Today", "Thereafter"


class SocialIn(Strict):
    network: Literal["mastodon", "bluesky", "x", "linkedin", "wechat", "threads", "instagram", "youtube"]
    handle: Line | None = None  # @press@social.example, a WeChat ID
    url: Url | None = None

    @model_validator(mode="after")
    def _handle_or_url(self) -> SocialIn:
        if self.handle is None and self.url is None:
            raise ValueError("give the account's handle, its url, or both")
        return self


class ContactIn(Strict):
    name: Line
    role: Line | None = None
    organisation: Line | None = None
    email: Email | None = None
    phone: Line | None = None
    out_of_hours_phone: Line | None = None
    phones: list[PhoneIn] = []  # typed numbers, each with its own label
    social: list[SocialIn] = []
    hours: Line | None = None
    group: Line | None = None  # the heading it is listed under: Investor Relations, Media
    on_behalf_of: Line | None = None  # an agency's contact: the organisation it speaks for


class AssetIn(Strict):
    file: Annotated[str, Field(min_length=1, max_length=500)]
    title: Line | None = None
    caption: Line | None = None
    credit: Line | None = None
    licence: Line | None = None
    alt: Line | None = None


class OrganisationIn(Strict):
    name: Line
    url: Url | None = None
    logo: str | None = None
    logo_alt: Line | None = None
    about_title: Line | None = None
    boilerplate: Annotated[Text, Field(max_length=BOILERPLATE_MAX)] | None = None


class DefaultsIn(Strict):
    locale: str | None = None
    theme: str | None = None


class LimitsIn(Strict):
    """Size limits in decimal megabytes."""

    asset_mb: Annotated[float, Field(gt=0, le=100_000)] = 50  # any one asset file
    pack_mb: Annotated[float, Field(gt=0, le=1_000_000)] = 500  # everything in one release pack


GLOSSARY_MAX = 500  # terms in one newsroom's glossary


def _percentage(value: Any) -> float:
    """`80%` (or 80): a share of a translation's units, from 0% to 100%."""
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    number = text.removesuffix("%").strip()
    share = float(number) if re.fullmatch(r"\d{1,3}(\.\d+)?", number) else -1.0
    if isinstance(value, bool) or not 0 <= share <= 100:
        raise ValueError(f"must be a percentage from 0% to 100%, such as 80% (not {value!r})")
    return share


class GlossaryTermIn(Strict):
    """A proper name or brand term translators keep: as written (`translate: false`), or as
    each language writes it (`translations: {fr: ...}`)."""

    term: Line
    translate: bool = True  # false: the term stays as written in every language
    translations: dict[str, Line] = {}  # locale -> the rendering its translation must use
    note: Line | None = None  # for translators: what the term is

    @model_validator(mode="after")
    def _kept_or_rendered(self) -> GlossaryTermIn:
        if not self.translate and self.translations:
            raise ValueError("a term kept as written (translate: false) takes no translations")
        if self.translate and not self.translations:
            raise ValueError("give its translations per locale, or translate: false to keep it as written")
        return self


class I18nIn(Strict):
    # The least share of a locale's units translated for `build -l all` to publish it.
    publish_at: Annotated[Any, AfterValidator(_percentage)] = 100.0


class NewsroomIn(Strict):
    organisation: OrganisationIn
    base_url: Url | None = None  # where OUT/ is published: feed, canonical and Open Graph URLs
    contacts: dict[Id, ContactIn] = {}
    defaults: DefaultsIn = DefaultsIn()
    limits: LimitsIn = LimitsIn()
    glossary: Annotated[list[GlossaryTermIn], Field(max_length=GLOSSARY_MAX)] = []
    i18n: I18nIn = I18nIn()


ReleaseTypeIn = Literal["media-release", "press-release", "media-advisory", "statement"]


class EventIn(Strict):
    title: Line
    starts: Any  # checked by the loader: a local time in `timezone`
    ends: Any = None
    timezone: str
    venue: Line | None = None
    address: Line | None = None
    webcast: Url | None = None
    dial_in: Line | None = None
    rsvp: Line | None = None


class ReleaseIn(Strict):
    slug: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    type: ReleaseTypeIn = "press-release"
    type_label: Line | None = None  # the office's own words for the type: 報道資料, Pressemitteilung
    locale: str | None = None  # default: the newsroom's, else en-GB
    date: Any  # checked by the loader: a date, with a clear message
    # false: no dateline at all (an RNS announcement has none); a city: it leads the first paragraph
    dateline: Line | Literal[False] | None = None
    wire_tag: Annotated[Line, AfterValidator(_wire_tag), Field(max_length=60)] | None = None
    calendar: Literal["gregorian", "buddhist", "japanese"] | None = None  # default: the locale's
    embargo: Any = None  # checked by the loader: an instant with a zone
    published: Any = None  # checked by the loader: the time of issue, an instant with a zone
    on_behalf_of: Line | None = None  # "Issued on behalf of …": the client an agency issues it for
    embargo_zones: Annotated[list[str], Field(max_length=EMBARGO_ZONES_MAX)] = []
    headline: Annotated[OneLine, Field(max_length=HEADLINE_MAX)]
    subheadline: Lines | None = None  # a literal block (|) keeps its lines: at most three
    standfirst: Annotated[Text, Field(max_length=STANDFIRST_MAX)] | None = None
    highlights: list[Annotated[Text, Field(max_length=HIGHLIGHT_MAX)]] = []
    statistics: dict[Id, StatisticIn] = {}
    body: Annotated[Text, Field(max_length=BODY_MAX)]
    quotes: dict[Id, QuoteIn] = {}
    call_to_action: LinkIn | None = None
    end_mark: Line | None = None
    notes_to_editors: Annotated[Text, Field(max_length=NOTES_MAX)] | None = None
    source_line: Line | None = None  # a wire's SOURCE line, after the end mark
    disclaimer: Annotated[Text, Field(max_length=NOTES_MAX)] | None = None  # after the end mark, small
    events: Annotated[list[EventIn], Field(max_length=20)] = []
    contacts: Any = None  # ids or inline contacts: checked by the loader, item by item
    assets: list[Any] = []  # checked by the loader, item by item (files must exist)
    press_kit: LinkIn | None = None
    keywords: list[Line] = []
    # shared by every edition: a tag joins one conversation in every language (social.txt)
    hashtags: Annotated[list[Hashtag], Field(max_length=HASHTAGS_MAX)] = []
    theme: str | None = None
    organisation: OrganisationIn | None = None  # for a release outside a newsroom
