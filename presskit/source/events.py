"""A release's events (a media briefing, a launch): each a local time in an IANA zone, checked
as the embargo is (a wall time the clocks skip or repeat is refused), located where written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from presskit import model as m
from presskit.source import schema as s
from presskit.source.document import FieldPath

Report = Callable[[FieldPath, str, str | None], None]
EXAMPLE = 'e.g. starts: "2026-03-05 10:00", timezone: Europe/London'


def read_events(specs: list[s.EventIn], error: Report) -> tuple[m.Event, ...]:
    """The events that are valid; `error` is told, with the field, what is wrong with the others."""
    events = []
    for index, spec in enumerate(specs):
        where: FieldPath = ("events", index)
        zone = _zone(spec.timezone, (*where, "timezone"), error)
        if zone is None:
            continue
        starts = _local(spec.starts, zone, (*where, "starts"), error)
        ends = _local(spec.ends, zone, (*where, "ends"), error) if spec.ends is not None else None
        if starts is None or (spec.ends is not None and ends is None):
            continue
        if ends is not None and ends <= starts:
            error((*where, "ends"), "the event ends before it starts", "give an end after the start")
            continue
        events.append(
            m.Event(
                spec.title,
                starts,
                spec.timezone,
                ends,
                spec.venue,
                spec.address,
                spec.webcast,
                spec.dial_in,
                spec.rsvp,
            )
        )
    return tuple(events)


def _zone(name: str, where: FieldPath, error: Report) -> ZoneInfo | None:
    try:
        if "/" not in name and name not in ("UTC", "GMT"):
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        error(where, f'unknown time zone "{name}"', "use an IANA name such as Europe/London")
        return None


def _local(raw: object, zone: ZoneInfo, where: FieldPath, error: Report) -> dt.datetime | None:
    """`raw`, a local date and time without offset, in `zone`."""
    try:
        local = dt.datetime.fromisoformat(str(raw).strip())
    except ValueError:
        error(where, f"not a date and time: {raw!r}", EXAMPLE)
        return None
    if local.tzinfo is not None:
        error(where, "give the local time without an offset; timezone: says where", EXAMPLE)
        return None
    if not 1900 <= local.year <= 9000:
        error(where, f"{raw} is outside the years 1900 to 9000", "check the year")
        return None
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != local:
        error(where, f"{local:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks go forward)", None)
        return None
    if first.utcoffset() != second.utcoffset():
        error(where, f"{local:%Y-%m-%d %H:%M} happens twice in {zone.key} (the clocks go back)", None)
        return None
    return first
