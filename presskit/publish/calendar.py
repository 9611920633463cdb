"""A release's events as an iCalendar file (`<slug>.ics` in its folder), for a journalist's calendar.

Written with the icalendar library (imported only when a release has events). The same release
gives the same bytes: each event's UID comes from the slug and its place in the release, and its
timestamp from the release date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from presskit import model as m
from presskit.words.issuing import release_line
from presskit.words.labels import label


def calendar_file(release: m.Release) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//presskit//release events//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=dt.UTC)
    for index, event in enumerate(release.events):
        entry = icalendar.Event()
        entry.add("uid", release.event_uid(index))
        entry.add("dtstamp", stamp)
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts)
        if event.ends is not None:
            entry.add("dtend", event.ends)
        where = ", ".join(part for part in (event.venue, event.address) if part)
        if where:
            entry.add("location", where)
        if event.webcast:
            entry.add("url", event.webcast)
        details = [  # in the release's language, as its documents say them
            label("labelled", release.locale, label=label(key, release.locale), value=value)
            for key, value in (("event.dial_in", event.dial_in), ("event.rsvp", event.rsvp))
            if value
        ]
        if release.embargo is not None:  # an entry shared on in a calendar still says it
            details.insert(0, release_line(release, release.locale))
        if details:
            entry.add("description", "\n".join(details))
        calendar.add_component(entry)
    for index, zone in enumerate(time_zones(calendar)):
        calendar.subcomponents.insert(index, zone)
    data: bytes = calendar.to_ical()
    return data


def time_zones(calendar: Any) -> list[Any]:
    """A VTIMEZONE for each TZID the events use, in the order they first use it: RFC 5545
    3.2.19 wants one for each, and Outlook reads it rather than guessing from the name.
    (icalendar's `add_missing_timezones` takes them from a set, whose order changes from one
    process to the next, and so would the file's bytes.) Each zone's rules span its own
    events' years, from the zone database, not the clock."""
    import icalendar

    years: dict[str, list[int]] = {}
    for entry in calendar.walk("VEVENT"):
        for key in ("dtstart", "dtend"):
            moment = entry.get(key)
            tzid = moment.params.get("TZID") if moment is not None else None
            if tzid:
                years.setdefault(tzid, []).append(moment.dt.year)
    return [
        icalendar.Timezone.from_tzid(
            tzid, first_date=dt.date(min(span) - 1, 1, 1), last_date=dt.date(max(span) + 2, 1, 1)
        )
        for tzid, span in years.items()
    ]
