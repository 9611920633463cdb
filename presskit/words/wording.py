"""The words every format shares, computed once from the model.

Each renderer takes its text from here (release line, dateline, statistic
values, attributions, contact lines), so the same release says the same thing
in DOCX, PDF, HTML and text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_time
from babel.lists import format_list
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
    parse_pattern,
)

from presskit import model as m
from presskit.words.dates import (
    Calendar,
    city_case,
    date_style,
    format_in_style,
    zone_name,
)
from presskit.words.dates import (
    babel_locale as babel_locale,
)
from presskit.words.labels import label, quote_marks
from presskit.words.local_forms import local_amount, named_label


def format_long_date(day: dt.date, locale: str, calendar: Calendar | None = None) -> str:
    """`11 December 2025` in the locale's long form (and calendar: `20 พฤศจิกายน 2566`)."""
    return format_in_style(day, "long", date_style(locale, calendar), locale)


def format_full_date(day: dt.date, locale: str, calendar: Calendar | None = None) -> str:
    """`Thursday 11 December 2025` in the locale's full form."""
    return format_in_style(day, "full", date_style(locale, calendar), locale)


def format_day(day: dt.date, locale: str, calendar: Calendar | None = None) -> str:
    """A weekday and date without the year, in the full date's order: `Wednesday 10 December`."""
    return format_in_style(day, "day", date_style(locale, calendar), locale)


def zone_abbreviation(moment: dt.datetime, locale: str = "en") -> str:
    """The zone as `locale` names it: `BST`, `MESZ`, `UTC+2` (see `dates.zone_name`)."""
    return zone_name(moment, locale)


def type_label(release: m.Release, locale: str) -> str:
    """The release's own type words where it has them (translated with it), else the catalogue's."""
    return release.type_label or label(f"type.{release.type}", locale)


def dateline(release: m.Release, locale: str, case: str = "locale") -> str:
    """`LONDON, 11 December 2025 –`, `Coquitlam (Colombie-Britannique), 11 novembre 2011 –`
    (the city in capitals where the convention has them, see `dates.city_case`); the date alone
    when no city is given; with the wire tag (`/PRNewswire/ –`) where there is one; "" when the
    release has no dateline (`dateline: false`)."""
    if not release.show_dateline:
        return ""
    day = format_long_date(release.date, locale, release.calendar)
    tag = f" /{release.wire_tag}/" if release.wire_tag else ""
    if release.dateline:
        after_city = label("dateline_day", locale, date=day)  # "le 5 mars 2026" in French
        city = city_case(release.dateline, locale, case)
        return f"{city}{label('comma', locale)}{after_city}{tag} {label('dateline_dash', locale)}"
    return f"{day}{tag} {label('dateline_dash', locale)}"


# Marks a note opens with: *, †, ‡, §, ¶, superscript digits, (1), [1], 1).
_NOTE_MARK = re.compile(r"\s*(?:[*†‡§¶]|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2}\)\s)")


# Languages whose press releases set the dateline on its own line above the text, not run into it.
DATELINE_APART = frozenset({"ja", "zh", "ko"})


def dateline_apart(locale: str) -> bool:
    """Whether the dateline stands on its own line (Chinese, Japanese, Korean releases)."""
    return locale.replace("_", "-").split("-")[0].lower() in DATELINE_APART


def dateline_alone(words: str, locale: str) -> str:
    """The dateline on a line of its own: in Chinese, Japanese and Korean without the dash that
    would lead into the text; elsewhere (a body with no paragraph) as it is."""
    return words.removesuffix(" –").removesuffix(" —") if dateline_apart(locale) else words


def dateline_block(blocks: m.Blocks | list[m.Block]) -> int | None:
    """Where the dateline goes: the index of the first paragraph of running text, never a
    heading, list, table or quote, nor a paragraph that is a note (a table's `* restated`)
    or a line set wholly in bold or italics as a heading or caption. None when there is none:
    the dateline then stands on its own before the body."""
    for index, block in enumerate(blocks):
        if isinstance(block, m.Paragraph) and _running_text(block):
            return index
    return None


def _running_text(paragraph: m.Paragraph) -> bool:
    nodes = paragraph.children
    if len(nodes) == 1 and isinstance(nodes[0], m.Foreign):  # a paragraph left untranslated
        nodes = nodes[0].children
    children = [c for c in nodes if not (isinstance(c, m.Text) and not c.text.strip())]
    if not children or all(isinstance(c, m.LineBreak) for c in children):
        return False
    if len(children) == 1 and isinstance(children[0], m.Strong | m.Emphasis):
        return False
    first = children[0]
    return not (isinstance(first, m.Text) and _NOTE_MARK.match(first.text))


# Babel rounds in the current decimal context, whose 28 digits do not hold a value of
# 30 digits before the point and 15 after (plus the pattern's own decimals): it raised
# InvalidOperation from 10^25 up. This precision holds every value the schema accepts.
STATISTIC_PRECISION = 2 * (m.STATISTIC_MAX_DIGITS + m.STATISTIC_MAX_DECIMALS)


def format_statistic(stat: m.Statistic, locale: str) -> str:
    """The statistic's value as a reader sees it: `1,325%`, `$5 billion`, `100`."""
    with decimal.localcontext(prec=STATISTIC_PRECISION):
        return _format_statistic(stat, babel_locale(locale))


def _format_statistic(stat: m.Statistic, loc: str) -> str:
    value = stat.value
    if stat.unit == "percent":
        return format_percent(value / Decimal(100), locale=loc, decimal_quantization=False)
    if stat.unit == "currency":
        assert stat.currency is not None  # the loader requires it
        local = _local_amount(stat, loc)
        if local is not None:
            return local
        if stat.compact and has_compact_form(value, loc):
            symbol = format_currency(0, stat.currency, locale=loc, format="¤")
            pattern = Locale.parse(loc).currency_formats["standard"].pattern.split(";")[0]
            number = compact_number(abs(value), loc)
            sign = get_minus_sign_symbol(loc) if value < 0 else ""
            # The symbol goes where the locale puts it: "US$5 billion", "5 milliards $US"; a
            # minus before both ("-€1.5 million"), as the locale's own currency pattern has it.
            return (
                sign + symbol + number
                if pattern.lstrip("\u200f\u200e").startswith("¤")
                else f"{sign}{number}\u00a0{symbol}"
            )
        if value == value.to_integral_value():
            # Whole amounts read better without ".00": the locale's pattern, minus its decimals.
            pattern = Locale.parse(loc).currency_formats["standard"].pattern.replace(".00", "")
            return format_currency(value, stat.currency, format=pattern, locale=loc, currency_digits=False)
        return format_currency(value, stat.currency, locale=loc, decimal_quantization=False)
    if stat.compact and has_compact_form(value, loc):
        return compact_number(value, loc)
    return format_decimal(value, locale=loc, decimal_quantization=False)


def _local_amount(stat: m.Statistic, loc: str) -> str | None:
    """The amount in the form the catalogue gives the locale's press for its currency
    ("15億円", "1,500,000원"), its number as CLDR writes it; None where there is none."""
    assert stat.currency is not None
    value, compact = abs(stat.value), stat.compact and has_compact_form(stat.value, loc)
    if compact:
        number = compact_number(value, loc)
    else:
        pattern = Locale.parse(loc).currency_formats["standard"].pattern.split(";")[0]
        digits = pattern.replace("¤", "").strip("\u00a0\u200e\u200f ")
        whole = value == value.to_integral_value()
        number = format_currency(
            value,
            stat.currency,
            format=digits.replace(".00", "") if whole else digits,
            locale=loc,
            currency_digits=not whole,
            decimal_quantization=False,
        )
    sign = get_minus_sign_symbol(loc) if stat.value < 0 else ""
    return local_amount(number, sign, stat.currency, compact, loc.replace("_", "-"))


def label_after(stat: m.Statistic, labelled: bool) -> str:
    """What follows a figure placed as `{stat:id|label}`: a space and its label (`3,610,000 hours
    of sewage spills`), without the space before Chinese, Japanese or Thai (`361万時間`); "" for
    `{stat:id}`, the value alone."""
    if not labelled or not stat.label:
        return ""
    from presskit.words.fonts import script_of

    return ("" if script_of(stat.label[0]) in ("Hani", "Hira", "Kana", "Thai") else " ") + stat.label


def has_compact_form(value: Decimal, babel_loc: str) -> bool:
    """Whether the locale has a word for `value`'s size; beyond its largest (a thousand trillion
    in English), a compact form is a long run of ungrouped digits, so the number is written in full.
    Below its smallest (a thousand in English, ten thousand in Japanese) there is no shorter form:
    the amount keeps every digit it has, cents included ("$5.50", not "$5.5")."""
    formats = Locale.parse(babel_loc).compact_decimal_formats
    sizes = (formats.get("long") or formats["short"])["other"]
    largest = max(int(size) for size in sizes)
    worded = [int(size) for size, pattern in sizes.items() if pattern.pattern.strip("0 \u00a0")]
    return min(worded, default=largest) <= abs(value) < 10 * largest


def compact_number(value: Decimal, babel_loc: str) -> str:
    """`5 billion`, `1.5 million`, `2,5 Millionen`, `15億`: the locale's word for the size and as
    many decimals as the value needs, so no digit the author wrote is rounded away. Languages
    without a long compact form (ja, zh, ko) use their short one (`50億`). A value below the
    locale's smallest word (1,500 in Japanese) is written in full, grouped as usual."""
    formats = Locale.parse(babel_loc).compact_decimal_formats
    for kind in ("long", "short"):
        try:
            divisor = compact_divisor(value, formats[kind])
            if divisor == 1:
                return format_decimal(value, locale=babel_loc, decimal_quantization=False)
            exponent = (value / divisor).normalize().as_tuple().exponent
            digits = max(0, -exponent) if isinstance(exponent, int) else 0
            return format_compact_decimal(value, format_type=kind, locale=babel_loc, fraction_digits=digits)
        except KeyError:
            continue
    return format_decimal(value, locale=babel_loc, decimal_quantization=False)


def compact_divisor(value: Decimal, compact_format: Any) -> int:
    """What CLDR's compact pattern for `value`'s size divides it by (1,500,000 is 1.5 million, 150万):
    the division Babel makes, done here to count the decimals the result needs, since Babel rounds
    to the decimals it is given. 1 where the locale has no word for the size."""
    for magnitude in sorted((int(size) for size in compact_format["other"]), reverse=True):
        if abs(value) >= magnitude:
            pattern = parse_pattern(compact_format["other"][str(magnitude)]).pattern
            return 1 if pattern == "0" else magnitude // 10 ** (pattern.count("0") - 1)
    return 1


def quoted(text: str, locale: str) -> str:
    """`text` between the locale's quotation marks: “…”, « … », „…“."""
    start, end = quote_marks(locale)
    return f"{start}{text}{end}"


def text_direction(locale: str) -> str:
    """ "rtl" for Arabic, Hebrew, Persian, Urdu…; "ltr" otherwise (also for a locale Babel lacks)."""
    try:
        return "rtl" if Locale.parse(babel_locale(locale)).text_direction == "rtl" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


def attribution(speaker: m.Speaker, locale: str) -> str:
    """`Cassie Landers, EdD, MPH, Assistant Professor and Director …, Columbia University`.

    Roles are joined as the language joins a list ("and", "et", "و").
    """
    parts = [speaker.name, *speaker.post_nominals]
    if speaker.roles:
        parts.append(format_list(list(speaker.roles), locale=babel_locale(locale)))
    if speaker.organisation:
        parts.append(speaker.organisation)
    return label("comma", locale).join(parts)


def quote_attribution(quote: m.Quote, locale: str) -> str:
    """Who said it: one speaker's attribution, or a joint quote's joined as the language joins a
    list (`A, Director, and B, Chair` reads `A, Director; B, Chair` where attributions hold commas)."""
    attributions = [attribution(speaker, locale) for speaker in quote.speakers]
    if len(attributions) == 1:
        return attributions[0]
    comma = label("comma", locale).strip()
    if comma and any(comma in a for a in attributions):
        return ("; " if comma == "," else label("comma", locale)).join(attributions)
    return format_list(attributions, locale=babel_locale(locale))


def about_title(organisation: m.Organisation, locale: str) -> str:
    """`About {organisation}`, with the preposition and the name's article contracted where
    the language contracts them ("À propos du Centre…"); the organisation's own title first."""
    if organisation.about_title:
        return organisation.about_title
    return named_label("about", locale, organisation.name)


Piece = tuple[str, str | None]  # text as written, and its link (mailto:, tel:) or None


@dataclass(frozen=True)
class ContactLine:
    """One line under a contact's name: `Email: media@example.org`, linked where it can be."""

    label: str | None  # "Email", "Phone"…; None for the role line
    value: str
    link: str | None = None  # mailto: for the whole value; phone lines link their numbers in `parts`
    locale: str = "en"
    parts: tuple[Piece, ...] = ()  # the value in pieces, each number its own link

    @property
    def caption(self) -> str:
        """`Email: ` (`E-mail : ` in French): the text before the value."""
        if self.label is None:
            return ""
        return label("labelled", self.locale, label=self.label, value="\0").split("\0")[0]

    @property
    def text(self) -> str:
        return self.caption + self.value

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """The value as the formats show it: text, and links where it has them."""
        return self.parts or ((self.value, self.link),)


# Where no number is recognised, a run of digits and the separators numbers are written with.
_DIGIT_RUN = re.compile(r"\+?\d[\d \t().\-]{4,}\d")


def phone_pieces(text: str, locale: str) -> tuple[Piece, ...]:
    """`text` with every phone number in it its own `tel:` link (RFC 3966, normalised by
    phonenumbers against the locale's country), shown as written: "Today: 07700 900 418;
    thereafter: 020 7946 0320" is two links, never one of all the digits."""
    import phonenumbers  # its metadata is large: only releases with a phone number load it

    found = list(
        phonenumbers.PhoneNumberMatcher(text, phone_region(locale), leniency=phonenumbers.Leniency.POSSIBLE)
    )
    matches = [
        (
            match.start,
            match.end,
            phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.RFC3966),
        )
        for match in found
        if _dialable(match.number)
    ]
    if not found:
        matches = [
            (
                run.start(),
                run.end(),
                "tel:" + ("+" if run.group().startswith("+") else "") + _digits(run.group()),
            )
            for run in _DIGIT_RUN.finditer(text)
        ]
    pieces: list[Piece] = []
    at = 0
    for start, end, link in matches:
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], link))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return tuple(pieces)


def _dialable(number: Any) -> bool:
    """Whether a number found in text is one to dial, not a conference code or PIN beside
    one ("+49 30 23125 000, code 4411"): a whole subscriber number (seven digits or more,
    as no country's are fewer but for a few short codes), or one phonenumbers knows."""
    import phonenumbers

    return len(str(number.national_number)) >= 7 or bool(phonenumbers.is_valid_number(number))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def phone_region(locale: str) -> str | None:
    """The country a number written without +code is read in: the locale's (en-GB: GB), else
    the one CLDR finds most likely for its language (fr: FR, ja: JP)."""
    from babel.core import get_global

    try:
        parsed = Locale.parse(babel_locale(locale))
    except (UnknownLocaleError, ValueError):
        return None
    if parsed.territory:
        return str(parsed.territory)
    likely = str(get_global("likely_subtags").get(parsed.language, ""))
    territory = likely.split("_")[-1] if likely.count("_") >= 2 else ""
    return territory if len(territory) == 2 else None


def contact_lines(contact: m.Contact, locale: str, home: str | None = None) -> list[ContactLine]:
    """The contact's lines below its name, in the same order in every format; numbers without
    +code read in `home`'s country (the release's own language: `Release.home_locale`)."""
    home = home or locale
    lines: list[ContactLine] = []
    role = label("comma", locale).join(p for p in (contact.role, contact.organisation) if p)
    if role:
        lines.append(ContactLine(None, role, None, locale))
    if contact.on_behalf_of:
        lines.append(
            ContactLine(None, named_label("on_behalf_of", locale, contact.on_behalf_of), None, locale)
        )
    if contact.email:
        lines.append(ContactLine(label("email", locale), contact.email, f"mailto:{contact.email}", locale))
    if contact.phone:
        lines.append(
            ContactLine(
                label("phone", locale), contact.phone, None, locale, phone_pieces(contact.phone, home)
            )
        )
    if contact.out_of_hours_phone:
        number = contact.out_of_hours_phone
        lines.append(
            ContactLine(label("out_of_hours", locale), number, None, locale, phone_pieces(number, home))
        )
    lines.extend(typed_phone_line(phone, locale, home) for phone in contact.phones)
    if contact.hours:
        lines.append(ContactLine(label("hours", locale), contact.hours, None, locale))
    lines.extend(social_line(account, locale) for account in contact.social)
    return lines


def event_lines(
    event: m.Event,
    locale: str,
    calendar: Calendar | None = None,
    home: str | None = None,
    calendar_file: str | None = None,
) -> list[ContactLine]:
    """The lines under an event's title: when (in its zone, as the embargo is stated), where, the
    webcast (linked), the dial-in (each number a tel: link), whom to tell one is coming and,
    given its address (`addresses.calendar_address`), the release's calendar file, linked."""
    loc = babel_locale(locale)
    start = format_time(event.starts, "HH:mm", locale=loc)
    same_day = event.ends is not None and event.ends.date() == event.starts.date()
    when = label(
        "embargo_instant",
        locale,
        time=f"{start}–{format_time(event.ends, 'HH:mm', locale=loc)}" if same_day and event.ends else start,
        zone=zone_name(event.starts, locale),
        date=format_full_date(event.starts.date(), locale, calendar),
    )
    if event.ends is not None and not same_day:
        until = label(
            "embargo_instant",
            locale,
            time=format_time(event.ends, "HH:mm", locale=loc),
            zone=zone_name(event.ends, locale),
            date=format_full_date(event.ends.date(), locale, calendar),
        )
        when = f"{when} – {until}"
    lines = [ContactLine(label("event.when", locale), when, None, locale)]
    where = label("comma", locale).join(p for p in (event.venue, event.address) if p)
    if where:
        lines.append(ContactLine(label("event.where", locale), where, None, locale))
    if event.webcast:
        lines.append(ContactLine(label("event.webcast", locale), event.webcast, event.webcast, locale))
    if event.dial_in:
        pieces = phone_pieces(event.dial_in, home or locale)
        lines.append(ContactLine(label("event.dial_in", locale), event.dial_in, None, locale, pieces))
    if event.rsvp:
        lines.append(ContactLine(label("event.rsvp", locale), event.rsvp, None, locale))
    if calendar_file:
        lines.append(ContactLine(label("event.calendar", locale), calendar_file, calendar_file, locale))
    return lines


def group_headings(contacts: tuple[m.Contact, ...]) -> tuple[str | None, ...]:
    """For each contact, the heading of its group where the group starts (Investor Relations
    above the first of its contacts), else None: contacts are listed in the order given."""
    headings: list[str | None] = []
    previous: str | None = None
    for contact in contacts:
        headings.append(contact.group if contact.group and contact.group != previous else None)
        previous = contact.group
    return tuple(headings)


# The words before a typed number: the catalogue's for its type, unless the release gives its own.
PHONE_LABELS = {"office": "phone", "out_of_hours": "out_of_hours"}
# Networks go by their own names in every language.
NETWORK_NAMES = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
    "linkedin": "LinkedIn",
    "wechat": "WeChat",
    "threads": "Threads",
    "instagram": "Instagram",
    "youtube": "YouTube",
}


def typed_phone_line(phone: m.Phone, locale: str, home: str | None = None) -> ContactLine:
    """`Mobile: 07700 900 418` (its number a tel: link), `Today: …` with the release's own words;
    a fax number is not linked, since calling it reaches a machine."""
    words = (
        phone.label.rstrip(" :：")
        if phone.label
        else label(PHONE_LABELS.get(phone.type, f"phone.{phone.type}"), locale)
    )
    pieces = ((phone.number, None),) if phone.type == "fax" else phone_pieces(phone.number, home or locale)
    return ContactLine(words, phone.number, None, locale, pieces)


def social_line(account: m.SocialAccount, locale: str) -> ContactLine:
    """`Mastodon: @press@social.example`, linked to the account where its address is given."""
    shown = account.handle or account.url or ""
    return ContactLine(NETWORK_NAMES.get(account.network, account.network), shown, account.url, locale)


def source_text(source: m.Source, locale: str | None = None) -> str:
    """`NCMEC, CyberTipline Report 2024`, joined with the locale's comma (`、` in Japanese,
    `، ` in Arabic); the URL is shown or linked separately."""
    comma = label("comma", locale) if locale else ", "
    return comma.join(p for p in (source.name, source.title) if p)


def source_figures(release: m.Release, source: m.Source, locale: str) -> list[str]:
    """What each statistic citing `source` says: `1,325% rise in reports … (2023–2024)`."""
    figures = []
    for stat in release.statistics.values():
        if stat.source.number == source.number:
            value = format_statistic(stat, locale)
            text = label("source_figure", locale, value=value, label=stat.label) if stat.label else value
            figures.append(f"{text} ({stat.as_of})" if stat.as_of else text)
    return figures


def asset_description(asset: m.Asset, locale: str) -> str:
    """Caption, credit and licence of an asset on one line."""
    parts = [asset.title or asset.caption or asset.file]
    if asset.title and asset.caption:
        parts.append(asset.caption)
    if asset.credit:
        parts.append(f"{label('credit', locale)}: {asset.credit}")
    if asset.licence:
        parts.append(f"{label('licence', locale)}: {asset.licence}")
    return ". ".join(p.rstrip(".") for p in parts) + "."


def figure_caption(asset: m.Asset, locale: str) -> str:
    """What is said under a picture set in the text: its caption (else its title), then its credit
    (`Il piatto dopo il restauro. Crediti: Museo delle Ceramiche.`); "" where it has neither."""
    parts = [text for text in (asset.caption or asset.title,) if text]
    if asset.credit:
        parts.append(f"{label('credit', locale)}: {asset.credit}")
    return ". ".join(part.rstrip(".") for part in parts) + "." if parts else ""


def citation(stat: m.Statistic, sources: str) -> str:
    """The mark after a statistic: its source number (endnotes) or `(NCMEC)` (inline).

    `sources` is the theme's `sources` setting. Renderers show the endnote
    number as a superscript linked to the numbered source; plain text as `[1]`.
    """
    return str(stat.source.number) if sources == "endnotes" else f"({stat.source.name})"


def plain_inlines(inlines: m.Inlines, release: m.Release, locale: str, *, sources: str = "endnotes") -> str:
    """Inline content as plain text; statistics as `1,325% [1]`, `1,325% (NCMEC)`, or bare with "none"."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, m.Text | m.Code):
            out.append(node.text)
        elif isinstance(node, m.Strong | m.Emphasis | m.Link | m.Foreign):
            out.append(plain_inlines(node.children, release, locale, sources=sources))
        elif isinstance(node, m.StatRef):
            stat = release.statistics[node.stat_id]
            value = format_statistic(stat, locale) + label_after(stat, node.labelled)
            if sources == "none":
                out.append(value)
            else:
                mark = citation(stat, sources)
                out.append(f"{value} [{mark}]" if sources == "endnotes" else f"{value} {mark}")
        elif isinstance(node, m.LineBreak):
            out.append("\n")
    return "".join(out)
