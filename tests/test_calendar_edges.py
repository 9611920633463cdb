"""The calendar file under what its first tests did not try: many zones, zones whose offsets are
not whole hours or change by half an hour, events across a change of the clocks, over midnight
or several days, long lines in Arabic and Japanese, and another process on another machine.

The file is read back with icalendar, each instant taken from the file's own VTIMEZONE (as
Outlook does) and compared with the zone database's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from presskit import model as m
from presskit.publish.calendar import calendar_file
from presskit.publish.inputs import load_release
from tests.conftest import ROOT

RELEASE = """\
slug: briefings
date: 2026-03-02
headline: Briefings in every kind of zone
body: Body.
organisation: {name: Test Office}
embargo: {at: "2026-03-02 00:01", timezone: Europe/London}
events:
  - title: Overnight in Lord Howe, as the clocks go back half an hour
    starts: "2026-04-04 23:00"
    ends: "2026-04-05 03:00"
    timezone: Australia/Lord_Howe
  - title: Briefing in Kolkata
    starts: "2026-03-10 10:00"
    ends: "2026-03-10 11:30"
    timezone: Asia/Kolkata
  - title: Overnight in New York, as the clocks go forward
    starts: "2026-03-07 22:00"
    ends: "2026-03-08 04:00"
    timezone: America/New_York
  - title: Open-ended, in UTC
    starts: "2026-03-12 09:30"
    timezone: UTC
  - title: "{arabic}"
    starts: "2026-03-13 09:30"
    timezone: Asia/Riyadh
    venue: "{japanese}"
  - title: Three days in Kathmandu
    starts: "2026-03-20 09:00"
    ends: "2026-03-22 17:00"
    timezone: Asia/Kathmandu
  - title: Chatham, the day the clocks go forward
    starts: "2026-09-27 02:30"
    timezone: Pacific/Chatham
  - title: The same zone again
    starts: "2027-01-05 12:00"
    timezone: America/New_York
"""
ARABIC = (
    "مؤتمر صحفي حول التقييم العالمي للتهديدات ٢٠٢٥ في لندن مع الخبراء والممثلين الرسميين من جميع أنحاء العالم"
)
JAPANESE = "記者会見室、東京都千代田区霞が関一丁目二番三号、合同庁舎第四号館十二階大会議室（正面玄関よりお入りください）"
ZONES = [
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/New_York",
    "Asia/Riyadh",
    "Asia/Kathmandu",
    "Pacific/Chatham",
]


@pytest.fixture(scope="module")
def release_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("briefings")
    path = folder / "release.yaml"
    path.write_text(RELEASE.replace("{arabic}", ARABIC).replace("{japanese}", JAPANESE), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def release(release_file: Path) -> m.Release:
    return load_release(release_file.parent)


@pytest.fixture(scope="module")
def data(release: m.Release) -> bytes:
    return calendar_file(release)


def test_every_instant_is_right_by_the_files_own_time_zones(release: m.Release, data: bytes) -> None:
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(zone["tzid"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}
    entries = calendar.walk("VEVENT")
    assert [str(entry["summary"]) for entry in entries] == [event.title for event in release.events]
    for entry, event in zip(entries, release.events, strict=True):
        for key, expected in (("dtstart", event.starts), ("dtend", event.ends)):
            if expected is None:
                assert key not in entry, (event.title, key)
                continue
            written = entry[key]
            wall = written.dt.replace(tzinfo=None)
            if event.zone == "UTC":
                assert "TZID" not in written.params and written.to_ical().endswith(b"Z")
                instant = written.dt
            else:
                assert written.params["TZID"] == event.zone
                instant = wall.replace(tzinfo=zones[event.zone])
            assert instant.astimezone(dt.UTC) == expected.astimezone(dt.UTC), (event.title, key)
    # Four and a half hours in Lord Howe: 23:00 at +11:00 to 03:00 at +10:30.
    overnight = entries[0]
    span = overnight.decoded("dtend").astimezone(dt.UTC) - overnight.decoded("dtstart").astimezone(dt.UTC)
    assert span == dt.timedelta(hours=4, minutes=30)
    start = overnight["dtstart"].dt.replace(tzinfo=None)
    assert start.replace(tzinfo=zones["Australia/Lord_Howe"]).utcoffset() == dt.timedelta(hours=11)


def test_each_zone_has_one_time_zone_in_the_order_the_events_first_use_it(data: bytes) -> None:
    calendar = icalendar.Calendar.from_ical(data)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ZONES
    assert calendar.get_missing_tzids() == set()
    # Before the events, which name them.
    kinds = [component.name for component in calendar.subcomponents]
    assert kinds == ["VTIMEZONE"] * len(ZONES) + ["VEVENT"] * 8


def test_each_zone_spans_its_own_events_years(release: m.Release) -> None:
    """An event in 1950 and another in 2950, in other zones: neither zone's rules run a thousand
    years (New York's would be some 2,000 transitions)."""
    far = (
        m.Event("Then", dt.datetime(1950, 6, 1, 10, tzinfo=ZoneInfo("America/New_York")), "America/New_York"),
        m.Event("Later", dt.datetime(2950, 6, 1, 10, tzinfo=ZoneInfo("Europe/Paris")), "Europe/Paris"),
    )
    data = calendar_file(dataclasses.replace(release, events=far))
    assert len(data) < 20_000, len(data)
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(zone["tzid"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}
    for entry, event in zip(calendar.walk("VEVENT"), far, strict=True):
        wall = entry["dtstart"].dt.replace(tzinfo=None)
        assert wall.replace(tzinfo=zones[event.zone]).astimezone(dt.UTC) == event.starts.astimezone(dt.UTC)


def test_long_lines_fold_at_75_octets_and_never_inside_a_character(data: bytes) -> None:
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    for line in lines:
        line.decode("utf-8")  # a fold inside a UTF-8 sequence leaves half a character on a line
    unfolded = icalendar.Calendar.from_ical(data)
    entry = unfolded.walk("VEVENT")[4]
    assert str(entry["summary"]) == ARABIC and str(entry["location"]) == JAPANESE
    assert any(line.startswith(b" ") for line in lines)  # it was long enough to fold


def test_the_same_release_gives_the_same_bytes_in_any_process_and_time_zone(
    release_file: Path, data: bytes
) -> None:
    """Another process (another hash seed) on a machine in another zone writes the same file:
    the build is reproducible, and a calendar that subscribes to it sees no change."""
    code = (
        "import sys; from pathlib import Path; from presskit.publish.inputs import load_release; "
        "from presskit.publish.calendar import calendar_file; "
        "sys.stdout.buffer.write(calendar_file(load_release(Path(sys.argv[1]))))"
    )
    for seed, zone in (("1", "Pacific/Auckland"), ("2", "America/Los_Angeles"), ("3", "UTC")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", code, str(release_file.parent)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        assert result.stdout == data, (seed, zone)
