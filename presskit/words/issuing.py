"""The words of a release's head that say when and for whom it is issued.

The release line (FOR IMMEDIATE RELEASE, or EMBARGOED UNTIL <instant>), the time
of issue ("Published: 5 March 2026, 15:00 GMT") and "Issued on behalf of …", each
computed once for every format. An instant is written in one pattern per locale
(`embargo_instant` in the catalogue), or in AP and Canadian Press style
("12:01 a.m. EST, Tuesday, Nov. 11, 2025") for the wire theme's English editions.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_time

from presskit import model as m
from presskit.words.dates import (
    AP_MONTHS,
    Calendar,
    ap_date,
    babel_locale,
    zone_name,
)
from presskit.words.labels import label
from presskit.words.local_forms import named_label
from presskit.words.wording import format_day, format_full_date, format_long_date


def moment_in(at: dt.datetime, zone: str | None) -> dt.datetime:
    """`at` seen in `zone` (an IANA name), or as given when there is none."""
    return at.astimezone(ZoneInfo(zone)) if zone else at


def embargo_moment(embargo: m.Embargo, zone: str | None = None) -> dt.datetime:
    """The embargo instant seen in `zone` (default: the zone it was given in)."""
    return moment_in(embargo.at, zone or embargo.zone)


def ap_time(moment: dt.datetime) -> str:
    """AP style: `12:01 a.m.`, `3 p.m.`, `10:30 a.m.`, `noon`, `midnight`."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def _weekday(day: dt.date) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[day.weekday()]


def instant_text(
    moment: dt.datetime,
    locale: str,
    calendar: Calendar | None = None,
    *,
    ap: bool = False,
    short: bool = False,
) -> str:
    """`00:01 GMT, Thursday 11 December 2025` in the locale's pattern and date style; with
    `ap`, `12:01 a.m. GMT, Thursday, Dec. 11, 2025`; `short`, without the weekday."""
    if ap:
        time, date = ap_time(moment), ap_date(moment.date())
        if not short:
            date = f"{_weekday(moment.date())}, {date}"
    else:
        time = format_time(moment, "HH:mm", locale=babel_locale(locale))
        date = (format_long_date if short else format_full_date)(moment.date(), locale, calendar)
    return label("embargo_instant", locale, time=time, zone=zone_name(moment, locale), date=date)


def embargo_statement(
    embargo: m.Embargo, locale: str, calendar: Calendar | None = None, *, ap: bool = False
) -> str:
    """`00:01 GMT, Thursday 11 December 2025` plus any other zones asked for, in the locale's
    order; every date in the one style of the locale (and calendar), or AP style (`ap`)."""
    text = instant_text(embargo_moment(embargo), locale, calendar, ap=ap)
    others = []
    for zone in embargo.also_in:
        there = embargo_moment(embargo, zone)
        if ap:
            date = there.date()
            time, day = ap_time(there), f"{_weekday(date)}, {AP_MONTHS[date.month - 1]} {date.day}"
        else:
            time = format_time(there, "HH:mm", locale=babel_locale(locale))
            day = format_day(there.date(), locale, calendar)
        others.append(label("embargo_elsewhere", locale, time=time, zone=zone_name(there, locale), day=day))
    if others:
        text += " = " + label("comma", locale).join(others)
    return text


def release_line(release: m.Release, locale: str, *, ap: bool = False) -> str:
    """FOR IMMEDIATE RELEASE, or EMBARGOED UNTIL <instant>."""
    if release.embargo is None:
        return label("for_immediate_release", locale)
    when = embargo_statement(release.embargo, locale, release.calendar, ap=ap)
    return label("embargoed_until", locale, when=when)


def short_release_line(release: m.Release, locale: str, *, ap: bool = False) -> str:
    """The release line at its shortest, for a running head: the embargo in its own zone,
    its date without the weekday (`EMBARGOED UNTIL 10:00 EAT, 5 June 2025`)."""
    if release.embargo is None:
        return label("for_immediate_release", locale)
    moment = embargo_moment(release.embargo)
    when = instant_text(moment, locale, release.calendar, ap=ap, short=True)
    return label("embargoed_until", locale, when=when)


def published_line(release: m.Release, locale: str, *, ap: bool = False) -> str:
    """`Published: 15:00 GMT, Thursday 5 March 2026` (the time of issue); "" when not given."""
    if release.published is None:
        return ""
    moment = moment_in(release.published.at, release.published.zone)
    return label("published", locale, when=instant_text(moment, locale, release.calendar, ap=ap))


def on_behalf_line(release: m.Release, locale: str) -> str:
    """`Issued on behalf of Northwind Health` (an agency's release for a client); "" when not given."""
    if not release.on_behalf_of:
        return ""
    return named_label("issued_on_behalf_of", locale, release.on_behalf_of)
