"""Dates, calendars, zone names and datelines as each locale writes them (issue 14, section 3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.publish.inputs import load_release
from presskit.renderers import FORMATS
from presskit.themes import derived
from presskit.themes.theme import Theme, load_theme
from presskit.words import issuing, wording
from presskit.words.dates import AP_MONTHS, _fields, ap_date, date_style, zone_name
from tests.extract import text_of_docx, text_of_html, text_of_pdf

# -- zone names ------------------------------------------------------------------------


def at(local: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("local", "zone", "locale", "expected"),
    [
        ("2025-07-10 15:00", "Europe/Berlin", "de", "MESZ"),
        ("2025-12-10 15:00", "Europe/Berlin", "de", "MEZ"),
        ("2025-07-10 15:00", "Europe/Berlin", "fr", "UTC+2"),
        ("2025-07-10 15:00", "Europe/London", "de", "UTC+1"),
        ("2025-12-10 15:00", "Europe/London", "de", "GMT"),
        ("2025-12-10 15:00", "Europe/London", "fr", "UTC"),
        ("2025-07-10 15:00", "Europe/London", "en-GB", "BST"),
        ("2025-12-10 15:00", "America/New_York", "de", "UTC-5"),
        ("2025-12-10 15:00", "America/New_York", "en-US", "EST"),
        ("2025-12-10 15:00", "Asia/Tokyo", "ja", "JST"),
        ("2025-12-10 15:00", "Asia/Tokyo", "ar", "UTC+9"),
        ("2025-12-10 15:00", "Asia/Bangkok", "th", "UTC+7"),
        ("2025-12-10 15:00", "Asia/Kolkata", "hi", "IST"),
    ],
)
def test_zone_names_are_the_locales_own(local: str, zone: str, locale: str, expected: str) -> None:
    assert zone_name(at(local, zone), locale) == expected


def test_a_german_release_says_uhr_mesz() -> None:
    embargo = m.Embargo(at("2025-07-10 15:00", "Europe/Berlin"), "Europe/Berlin")
    assert issuing.embargo_statement(embargo, "de") == "Donnerstag, 10. Juli 2025, 15:00 Uhr MESZ"


NON_ENGLISH = ["de", "fr", "es", "it", "ja", "ko", "th", "ar", "he", "ru", "pt", "hi", "zh"]
ABROAD = ["America/New_York", "America/Los_Angeles", "Australia/Sydney", "Asia/Kolkata", "Asia/Singapore"]


@pytest.mark.parametrize("locale", NON_ENGLISH)
@given(
    zone=st.sampled_from(ABROAD),
    moment=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2035, 1, 1)),
)
def test_a_non_english_release_never_prints_an_english_abbreviation(
    locale: str, zone: str, moment: dt.datetime
) -> None:
    there = moment.replace(tzinfo=ZoneInfo(zone))
    name = zone_name(there, locale)
    if locale == "hi" and zone == "Asia/Kolkata":
        assert name == "IST"  # CLDR's Hindi name for India's zone
        return
    english = there.tzname() or ""
    assert name != english and re.search(r"\d", name), (locale, zone, name)


# -- calendars --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "locale", "calendar", "long", "full"),
    [
        ("2023-11-20", "th", None, "20 พฤศจิกายน 2566", "วันจันทร์ที่ 20 พฤศจิกายน พ.ศ. 2566"),
        ("2023-11-20", "th", "gregorian", "20 พฤศจิกายน ค.ศ. 2023", "วันจันทร์ที่ 20 พฤศจิกายน ค.ศ. 2023"),
        ("2011-02-07", "ja", "japanese", "平成23年2月7日", "平成23年2月7日月曜日"),
        ("2023-11-20", "ja", "japanese", "令和5年11月20日", "令和5年11月20日月曜日"),
        ("2019-05-01", "ja", "japanese", "令和元年5月1日", "令和元年5月1日水曜日"),
        ("2019-04-30", "ja", "japanese", "平成31年4月30日", "平成31年4月30日火曜日"),
        ("2011-02-07", "ja", None, "2011年2月7日", "2011年2月7日月曜日"),
        ("2011-02-07", "en-GB", "japanese", "7 February 2011", "Monday 7 February 2011"),
        ("2011-02-07", "fr", "buddhist", "7 février 2011", "lundi 7 février 2011"),
    ],
)
def test_dates_in_the_locales_calendar(
    day: str, locale: str, calendar: m.Calendar | None, long: str, full: str
) -> None:
    date = dt.date.fromisoformat(day)
    assert wording.format_long_date(date, locale, calendar) == long
    assert wording.format_full_date(date, locale, calendar) == full


def test_a_thai_release_is_dated_in_the_buddhist_era_throughout(example_release: m.Release) -> None:
    embargo = m.Embargo(at("2023-11-20 10:00", "Asia/Bangkok"), "Asia/Bangkok", ("Europe/London",))
    release = dataclasses.replace(
        example_release, locale="th", date=dt.date(2023, 11, 20), embargo=embargo, dateline="กรุงเทพฯ"
    )
    assert "2566" in issuing.release_line(release, "th") and "2023" not in issuing.release_line(release, "th")
    assert wording.dateline(release, "th") == "กรุงเทพฯ 20 พฤศจิกายน 2566 –"


def test_japanese_eras_are_a_release_option(example_release: m.Release) -> None:
    release = dataclasses.replace(
        example_release, date=dt.date(2011, 2, 7), dateline="東京", calendar="japanese"
    )
    assert wording.dateline(release, "ja") == "東京、平成23年2月7日 –"
    assert wording.dateline(release, "en-GB").endswith("7 February 2011 –")


# -- one date style per line -------------------------------------------------------------

STYLE_LOCALES = sorted(__import__("presskit.words.labels", fromlist=["CATALOGUE"]).CATALOGUE) + [
    "en-GB", "en-US", "en-CA", "en-AU", "en-IN", "fr-CA", "pt-BR", "de-AT", "es-MX", "zh-TW",
]  # fmt: skip


@pytest.mark.parametrize("locale", STYLE_LOCALES)
def test_every_date_of_an_edition_keeps_one_order(locale: str) -> None:
    style = date_style(locale)
    assert _fields(style.day) == _fields(style.full) != ""
    assert _fields(style.long) == _fields(style.full).replace("E", "")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "00:01 BST, Tuesday 28 June 2016 = 19:01 EDT Monday 27 June"),
        ("en-GB", "00:01 BST, Tuesday 28 June 2016 = 19:01 EDT Monday 27 June"),
        ("en-US", "00:01 BST, Tuesday, June 28, 2016 = 19:01 EDT Monday, June 27"),
    ],
)
def test_the_embargo_line_has_one_date_style(locale: str, expected: str) -> None:
    embargo = m.Embargo(at("2016-06-28 00:01", "Europe/London"), "Europe/London", ("America/New_York",))
    assert issuing.embargo_statement(embargo, locale) == expected


# -- datelines ----------------------------------------------------------------------------


def para(*inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(inlines)


TABLE = m.Table((m.TableCell((m.Text("£m"),)),), ((m.TableCell((m.Text("12.5*"),)),),))
RUNNING = para(m.Text("Acme plc announces its results."))


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ((TABLE, para(m.Text("* Restated for IFRS 16.")), RUNNING), 2),
        ((m.Heading(1, (m.Text("Highlights"),)), RUNNING), 1),
        ((para(m.Strong((m.Text("Highlights"),))), RUNNING), 1),
        ((m.ListBlock(False, 1, ((RUNNING,),)), para(m.Text("(1) A note.")), RUNNING), 2),
        ((para(m.Text("† Unaudited.")), para(m.Text("¹ Before tax."))), None),
        ((RUNNING, TABLE), 0),
        ((para(m.Text("2025 was a good year.")),), 0),
    ],
)
def test_the_dateline_leads_the_first_paragraph_of_running_text(
    blocks: tuple[m.Block, ...], expected: int | None
) -> None:
    assert wording.dateline_block(blocks) == expected


@pytest.mark.parametrize(
    ("place", "locale", "expected"),
    [
        ("London", "en-GB", "LONDON, 11 December 2025 –"),
        ("Coquitlam (British Columbia)", "en-CA", "COQUITLAM (British Columbia), December 11, 2025 –"),
        (
            "Coquitlam (Colombie-Britannique)",
            "fr-CA",
            "Coquitlam (Colombie-Britannique), le 11 décembre 2025 –",
        ),
        ("Berlin", "de", "Berlin, 11. Dezember 2025 –"),
        (None, "en-GB", "11 December 2025 –"),
    ],
)
def test_the_city_keeps_its_case_unless_the_convention_capitalises_it(
    example_release: m.Release, place: str | None, locale: str, expected: str
) -> None:
    release = dataclasses.replace(example_release, dateline=place, date=dt.date(2025, 12, 11))
    assert wording.dateline(release, locale) == expected


def test_a_theme_may_set_the_citys_case(example_release: m.Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, dateline="Berlin", date=dt.date(2025, 12, 11))
    upper = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"dateline_case": "upper"}))
    written = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"dateline_case": "as-written"}))
    assert derived.dateline(release, upper, "de") == "BERLIN, 11. Dezember 2025 –"
    assert derived.dateline(release, written, "en-GB") == "Berlin, 11 December 2025 –"


@pytest.mark.parametrize(
    ("day", "tag", "expected"),
    [
        ("2011-11-11", "PRNewswire", "AUSTIN, Texas, Nov. 11, 2011 /PRNewswire/ --"),
        ("2012-02-22", None, "AUSTIN, Texas, Feb. 22, 2012 --"),
        ("2024-09-30", "CNW", "AUSTIN, Texas, Sept. 30, 2024 /CNW/ --"),
        ("2025-03-03", None, "AUSTIN, Texas, March 3, 2025 --"),
    ],
)
def test_the_wire_dateline_has_ap_dates_and_the_wire_tag(
    example_release: m.Release, day: str, tag: str | None, expected: str
) -> None:
    wire = load_theme("wire")
    release = dataclasses.replace(
        example_release, dateline="Austin, Texas", date=dt.date.fromisoformat(day), wire_tag=tag
    )
    assert derived.dateline(release, wire, "en-US") == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_ap_dates_abbreviate_only_the_long_months(day: dt.date) -> None:
    month, rest = ap_date(day).rsplit(" ", 2)[0], ap_date(day).split(" ", 1)[1]
    assert rest == f"{day.day}, {day.year}"
    assert month == AP_MONTHS[day.month - 1]
    assert month.endswith(".") == (len(day.strftime("%B")) > 5)


def rendered_text(release: m.Release, theme: Theme, fmt: str) -> str:
    data = FORMATS[fmt].renderer()(release, theme, "en-GB")
    reader = {"docx": text_of_docx, "pdf": text_of_pdf, "html": text_of_html}.get(fmt)
    return reader(data) if reader else data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
def test_every_format_places_the_dateline_after_a_table_and_its_note(
    example_release: m.Release, theme: Theme, fmt: str
) -> None:
    body = (TABLE, para(m.Text("* Restated for IFRS 16.")), RUNNING)
    release = dataclasses.replace(example_release, body=body, dateline="London", date=dt.date(2025, 12, 11))
    text = " ".join(rendered_text(release, theme, fmt).split())
    assert "LONDON, 11 December 2025 – Acme plc announces its results." in text
    assert "– * Restated" not in text and "2025 – £m" not in text
    off = rendered_text(dataclasses.replace(release, show_dateline=False), theme, fmt)
    # No dateline leads the text (the running head's date may stand before a source's "– figure" line).
    assert "LONDON" not in off and "2025 – Acme plc" not in " ".join(off.split())
    assert "Acme plc announces its results." in off


# -- the release file -------------------------------------------------------------------

STANDALONE = """\
slug: standalone
date: 2026-03-02
headline: Survey finds more plastic
organisation: {name: Marine Lab, url: "https://example.org/"}
contacts:
  - {name: Sam Lee, email: sam@example.org}
body: |
  Text.
"""


def write(tmp_path: Path, head: str) -> Path:
    folder = tmp_path / "r"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.yaml").write_text(head + STANDALONE, encoding="utf-8")
    return folder


def test_the_release_file_says_dateline_wire_tag_and_calendar(tmp_path: Path) -> None:
    release = load_release(write(tmp_path, "dateline: false\nwire_tag: /PRNewswire/\ncalendar: japanese\n"))
    assert (release.show_dateline, release.dateline, release.wire_tag, release.calendar) == (
        False,
        None,
        "PRNewswire",
        "japanese",
    )
    assert wording.dateline(release, "en-GB") == ""
    plain = load_release(write(tmp_path, "dateline: Leeds\n"))
    assert (plain.show_dateline, plain.dateline, plain.wire_tag, plain.calendar) == (
        True,
        "Leeds",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("head", "field"),
    [("calendar: lunar\n", "calendar"), ("wire_tag: /\n", "wire_tag"), ("dateline: true\n", "dateline")],
)
def test_a_wrong_date_field_is_located(tmp_path: Path, head: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        load_release(write(tmp_path, head))
    messages = [p.format(tmp_path) for p in failed.value.problems]
    assert any(re.match(rf"r/release\.yaml:1:\d+: {field}\b", message) for message in messages), messages
