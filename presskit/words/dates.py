"""Dates, calendars and zone names as each locale writes them, one style per release.

Gregorian dates use Babel's CLDR patterns (with the catalogue's press-style
overrides). Babel formats the Gregorian calendar only, so a date in another
calendar (the Thai Buddhist era, Japanese eras) comes from ICU through PyICU,
which implements CLDR's calendars and their own date patterns: `20 พฤศจิกายน
2566`, `平成23年2月7日`, `令和元年5月1日`. Zone names come from ICU too: its `z`
field is CLDR's short specific name with CLDR's fallback to the locale's own
GMT format (`MESZ` in German, `UTC+2` in French, `GMT+9` in English), which
Babel implements only in part (it falls back to `+0900`, or to a long name);
where it falls back, the offset is written after "UTC" (`UTC+9`) in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, match_skeleton, parse_pattern

from presskit import model as m
from presskit.words.labels import date_pattern

Calendar = m.Calendar

# CLDR's calendarPreferenceData (supplemental data, which neither Babel nor PyICU exposes), for
# the calendars presskit offers: the language's main region's calendars, its first one the default.
# A release asking for `japanese` gets it in its Japanese editions; its other editions keep theirs.
CALENDAR_PREFERENCES: Final[dict[str, tuple[Calendar, ...]]] = {
    "th": ("buddhist", "gregorian"),  # TH
    "ja": ("gregorian", "japanese"),  # JP
}

# AP and Canadian Press months in a date: the short ones abbreviated, March to July spelled out.
AP_MONTHS: Final = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)

# Languages whose press convention sets the dateline's city in capitals (LONDON, 11 December
# 2025 –; AUSTIN, Texas, Nov. 11, 2011). Elsewhere the city is written as the author wrote it:
# "Berlin, 11. Dezember 2025", "Coquitlam (Colombie-Britannique), 11 novembre 2011".
CAPITAL_CITY_LANGUAGES: Final = frozenset({"en"})


def babel_locale(locale: str) -> str:
    """BCP 47 ("en-GB") to Babel's form ("en_GB")."""
    return locale.replace("-", "_")


def language(locale: str) -> str:
    return locale.replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class DateStyle:
    """The patterns every date of one edition is written in, chosen once for its locale."""

    long: str  # 11 December 2025
    full: str  # Thursday 11 December 2025
    day: str  # Thursday 11 December: the full date without its year, fields in the same order
    calendar: Calendar = "gregorian"


def _fields(pattern: str) -> str:
    """The order of a pattern's weekday, day and month fields: "EdM" for `EEEE d MMMM y`."""
    names = re.findall(r"%\((\w+)\)s", str(parse_pattern(pattern).format))
    kinds = ({"L": "M", "c": "E"}.get(n[0], n[0]) for n in names)
    return "".join(dict.fromkeys(k for k in kinds if k in "EdM"))


def _cldr_pattern(kind: str, loc: str) -> str:
    """CLDR's long or full date pattern, or ("day") its weekday-day-month pattern with the
    weekday in full: CLDR's skeletons abbreviate it (`Thu, December 11`)."""
    parsed = Locale.parse(loc)
    if kind in ("long", "full"):
        return str(parsed.date_formats[kind].pattern)
    skeletons = parsed.datetime_skeletons
    key = match_skeleton("MMMMEEEEd", skeletons)
    if key is None:
        return ""
    return re.sub(r"E+|c+", "EEEE", str(skeletons[key].pattern))


@cache
def date_style(locale: str, calendar: Calendar | None = None) -> DateStyle:
    """The edition's date patterns: the catalogue's where it has them, else CLDR's. The day
    pattern keeps the full pattern's order (a catalogue's day-first `EEEE d MMMM` is not used
    beside CLDR's month-first `EEEE, MMMM d, y` in Canadian English: CLDR's own skeleton is)."""
    loc = babel_locale(locale)

    def pattern(kind: str) -> str:
        chosen = date_pattern(kind, locale)
        return chosen if chosen != kind else _cldr_pattern(kind, loc)

    full = pattern("full")
    day = date_pattern("day", locale)
    if day == "day" or _fields(day) != _fields(full):
        day = format_skeleton_pattern(loc) or day
    return DateStyle(pattern("long"), full, day, calendar_for(locale, calendar))


def format_skeleton_pattern(loc: str) -> str:
    """CLDR's pattern for a weekday, day and month (`EEEE d MMMM`), in the locale's order."""
    try:
        return _cldr_pattern("day", loc)
    except (UnknownLocaleError, ValueError):
        return ""


def calendar_for(locale: str, asked: Calendar | None) -> Calendar:
    """The calendar an edition uses: the one asked for where the language uses it, else its own."""
    preferences = CALENDAR_PREFERENCES.get(language(locale), ("gregorian",))
    if asked is not None and (asked == "gregorian" or asked in preferences):
        return asked
    return preferences[0]


def _noon(day: dt.date) -> float:
    """The day's noon in UTC as seconds since the epoch: ICU's date, whatever the zone."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()


def _icu() -> Any:
    import icu  # PyICU (pyicu-wheels): loaded only where a calendar or zone name needs it

    return icu


def _icu_date(day: dt.date, locale: str, calendar: Calendar, kind: str) -> str:
    icu = _icu()
    where = icu.Locale(f"{babel_locale(locale)}@calendar={calendar}")
    style = icu.DateFormat.FULL if kind == "full" else icu.DateFormat.LONG
    formatter = icu.DateFormat.createDateInstance(style, where)
    formatter.setTimeZone(icu.TimeZone.getGMT())
    return str(formatter.format(_noon(day)))


def format_in_style(day: dt.date, kind: Literal["long", "full", "day"], style: DateStyle, locale: str) -> str:
    """`day` in one of the edition's patterns. In a calendar other than the Gregorian, the
    long and full dates are that calendar's own CLDR patterns (they name the era: พ.ศ. 2566,
    令和5年); a day without its year has the same months, so its pattern serves unchanged."""
    if style.calendar != "gregorian" and kind != "day":
        return _icu_date(day, locale, style.calendar, kind)
    pattern = {"long": style.long, "full": style.full, "day": style.day}[kind]
    if not pattern:
        return format_skeleton("MMMMEEEEd", day, locale=babel_locale(locale))
    return format_date(day, pattern, locale=babel_locale(locale))


def ap_date(day: dt.date) -> str:
    """The AP and Canadian Press form: `Nov. 11, 2011`, `March 3, 2025`, `Sept. 30, 2024`."""
    return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _icu_zone(moment: dt.datetime) -> Any:
    icu = _icu()
    if isinstance(moment.tzinfo, ZoneInfo):
        return icu.TimeZone.createTimeZone(moment.tzinfo.key)
    offset = moment.utcoffset() or dt.timedelta(0)
    if not offset:
        return icu.TimeZone.createTimeZone("Etc/UTC")
    return icu.SimpleTimeZone(int(offset.total_seconds() * 1000), "Custom")


def zone_name(moment: dt.datetime, locale: str) -> str:
    """The zone as the locale names it at `moment`: CLDR's short name where the locale has one
    in common use (MESZ in German, BST in British English, JST in Japanese, HNE in Canadian
    French), else the offset from UTC (UTC+9, UTC+5:30, UTC-5), never CLDR's fallback to a
    "GMT+9" the issue's readers frown at; at offset zero the locale's own word (GMT, UTC). English
    releases keep the tz database's English abbreviation (EST, KST, IST) where CLDR has none."""
    icu = _icu()
    where = icu.Locale(babel_locale(locale))
    zone = _icu_zone(moment)
    at = moment.timestamp()
    names = []
    for field in ("z", "O"):
        formatter = icu.SimpleDateFormat(field, where)
        formatter.setTimeZone(zone)
        names.append(str(formatter.format(at)))
    specific, gmt = names
    if specific != gmt:
        return specific
    own = moment.tzname() or ""
    if language(locale) == "en" and own.isalpha() and own.isupper() and not own.startswith(("UTC", "GMT")):
        return own
    return utc_offset(moment, gmt)


_BIDI_MARKS = "\u200e\u200f\u061c"


def utc_offset(moment: dt.datetime, gmt: str) -> str:
    """`UTC+9`, `UTC+5:30`, `UTC-5` (`UTC−5` where the locale writes its offsets with U+2212):
    the offset as the locale's GMT format writes it (`gmt`, ICU's `O`: GMT+9, غرينتش+9,
    UTC−5), after "UTC"; `gmt` itself at offset zero (GMT, UTC)."""
    offset = moment.utcoffset() or dt.timedelta(0)
    if not offset:
        return gmt
    found = re.search(r"[+\-\u2212][\d:\u200e\u200f\u061c]+$", gmt)
    if found is not None:
        written = "".join(c for c in found.group(0) if c not in _BIDI_MARKS)
    else:
        minutes = int(offset.total_seconds() // 60)
        hours, rest = divmod(abs(minutes), 60)
        written = ("-" if minutes < 0 else "+") + str(hours) + (f":{rest:02d}" if rest else "")
    return f"UTC{written}"


def city_case(city: str, locale: str, case: str = "locale") -> str:
    """The dateline's place: its city (before the first comma or bracket) in capitals where the
    convention has them (`case` "locale": English; "upper": always; "as-written": never); a
    state, province or country after it is kept as written (AUSTIN, Texas)."""
    upper = case == "upper" or (case == "locale" and language(locale) in CAPITAL_CITY_LANGUAGES)
    if not upper:
        return city
    cut = min((i for i in (city.find(","), city.find("(")) if i >= 0), default=len(city))
    return city[:cut].upper() + city[cut:]
