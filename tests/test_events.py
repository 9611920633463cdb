"""A release's events (a media briefing): shown in every format in the release's language and
zone, exported as an iCalendar file in the release folder (read back with icalendar), and
refused with a located problem when a time cannot be."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from presskit.errors import ValidationFailed
from presskit.i18n.units import release_units
from presskit.publish.build import build
from presskit.publish.inputs import load_release
from presskit.publish.outcome import BuildOptions
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import event_lines
from tests.extract import EXTRACTORS, normalise

EVENT = """events:
  - title: Media briefing on the results
    starts: "2026-03-05 10:00"
    ends: "2026-03-05 11:30"
    timezone: Europe/Berlin
    venue: Haus der Presse
    address: Schiffbauerdamm 40, Berlin
    webcast: https://live.example/briefing
    dial_in: +49 30 23125 000, code 4411
    rsvp: presse@example.org by 4 March
"""
RELEASE = "slug: r\ndate: 2026-03-02\nheadline: Results\nend_mark: -30-\nbody: Results are in.\n" + EVENT


def folder_at(tmp_path: Path, text: str = RELEASE) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: Solar AG\n", encoding="utf-8")
    (tmp_path / "r").mkdir(exist_ok=True)
    (tmp_path / "r" / "release.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "r"


def test_the_event_reads_in_the_release_language(tmp_path: Path) -> None:
    [event] = load_release(folder_at(tmp_path)).events
    assert [line.text for line in event_lines(event, "de")] == [
        "Wann: Donnerstag, 5. März 2026, 10:00–11:30 Uhr MEZ",
        "Wo: Haus der Presse, Schiffbauerdamm 40, Berlin",
        "Webcast: https://live.example/briefing",
        "Einwahl: +49 30 23125 000, code 4411",
        "Anmeldung: presse@example.org by 4 March",
    ]
    assert event_lines(event, "en-GB")[0].text == "When: 10:00–11:30 CET, Thursday 5 March 2026"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_every_format_shows_the_event_before_the_end_mark(tmp_path: Path, theme: Theme, fmt: str) -> None:
    text = normalise(
        EXTRACTORS[fmt](render(fmt, load_release(folder_at(tmp_path)), theme, "en-GB"))
    ).casefold()
    at = 0
    for shown in ("events", "media briefing on the results", "10:00–11:30 cet", "haus der presse", "-30-"):
        at = text.find(shown, at)
        assert at >= 0, (fmt, shown, text)


def test_the_build_writes_an_ics_a_calendar_reads(tmp_path: Path) -> None:
    folder = folder_at(tmp_path / "news")
    now = dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    report = build([folder], BuildOptions(now=now, out_dir=tmp_path / "out", formats=("txt",)))
    assert report.exit_code == 0
    data = (tmp_path / "out" / "r" / "r.ics").read_bytes()
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == "Media briefing on the results"
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=90)
    assert str(event["location"]) == "Haus der Presse, Schiffbauerdamm 40, Berlin"
    assert str(event["url"]) == "https://live.example/briefing"
    assert str(event["uid"]) == "r-1@presskit"
    assert (
        str(event["description"])
        == "Dial-in: +49 30 23125 000, code 4411\nRSVP: presse@example.org by 4 March"
    )
    again = build([folder], BuildOptions(now=now, out_dir=tmp_path / "again", formats=("txt",), force=True))
    assert again.exit_code == 0 and (tmp_path / "again" / "r" / "r.ics").read_bytes() == data
    manifest = (tmp_path / "out" / "r" / "manifest.json").read_text(encoding="utf-8")
    assert '"r/r.ics"' in manifest or "r.ics" in manifest


def test_the_event_is_translated_with_the_release(tmp_path: Path) -> None:
    ids = {unit.id for unit in release_units(load_release(folder_at(tmp_path)))}
    assert {"events[0].title", "events[0].venue", "events[0].address", "events[0].rsvp"} <= ids


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('ends: "2026-03-05 11:30"', 'ends: "2026-03-05 09:30"'),
        ('starts: "2026-03-05 10:00"', 'starts: "2026-03-29 02:30"'),
        ("timezone: Europe/Berlin", "timezone: Europe/Berlinn"),
        ('starts: "2026-03-05 10:00"', 'starts: "2026-03-05T10:00+01:00"'),
    ],
)
def test_a_time_that_cannot_be_is_a_located_problem(tmp_path: Path, change: str, message: str) -> None:
    folder = folder_at(tmp_path, RELEASE.replace(change, message))
    with pytest.raises(ValidationFailed) as failed:
        load_release(folder)
    [problem] = failed.value.problems
    assert problem.format().startswith(f"{folder / 'release.yaml'}:") and "events[0]" in problem.format()
