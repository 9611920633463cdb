"""The shared words: embargo statements across zones and DST, dates, statistics, attributions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from presskit import model as m
from presskit.words.issuing import embargo_statement, release_line
from presskit.words.wording import (
    attribution,
    format_statistic,
    zone_abbreviation,
)


def embargo(local: str, zone: str, also: tuple[str, ...] = ()) -> m.Embargo:
    at = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return m.Embargo(at, zone, also)


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        ("2025-12-11 00:01", "Europe/London", "00:01 GMT, Thursday 11 December 2025"),
        ("2025-07-10 00:01", "Europe/London", "00:01 BST, Thursday 10 July 2025"),
        ("2025-12-11 09:00", "America/New_York", "09:00 EST, Thursday 11 December 2025"),
        ("2025-07-10 09:00", "America/New_York", "09:00 EDT, Thursday 10 July 2025"),
        ("2025-12-11 10:30", "Asia/Kolkata", "10:30 IST, Thursday 11 December 2025"),
        ("2025-12-11 10:30", "Australia/Lord_Howe", "10:30 UTC+11, Thursday 11 December 2025"),
        ("2025-07-10 10:30", "Australia/Lord_Howe", "10:30 UTC+10:30, Thursday 10 July 2025"),
        ("2025-12-11 10:30", "Pacific/Chatham", "10:30 UTC+13:45, Thursday 11 December 2025"),
    ],
)
def test_embargo_is_stated_in_its_own_zone(local: str, zone: str, expected: str) -> None:
    assert embargo_statement(embargo(local, zone), "en-GB") == expected


def test_embargo_in_other_zones_changes_day_where_it_must() -> None:
    statement = embargo_statement(
        embargo("2025-12-11 00:01", "Europe/London", ("America/New_York", "Asia/Tokyo")), "en-GB"
    )
    assert statement == (
        "00:01 GMT, Thursday 11 December 2025 = 19:01 EST Wednesday 10 December, 09:01 JST Thursday 11 December"
    )


def test_embargo_given_as_an_offset_states_the_offset() -> None:
    at = dt.datetime.fromisoformat("2025-12-11T00:01:00+05:30")
    assert embargo_statement(m.Embargo(at), "en-GB") == "00:01 UTC+5:30, Thursday 11 December 2025"
    assert zone_abbreviation(dt.datetime.fromisoformat("2025-12-11T00:01:00+00:00")) == "UTC"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-GB", "00:01 GMT, Thursday 11 December 2025 = 19:01 EST Wednesday 10 December"),
        ("en-US", "00:01 GMT, Thursday, December 11, 2025 = 19:01 EST Wednesday, December 10"),
        ("fr", "jeudi 11 décembre 2025, 00:01 UTC = mercredi 10 décembre, 19:01 UTC−5"),
        ("de", "Donnerstag, 11. Dezember 2025, 00:01 Uhr GMT = Mittwoch, 10. Dezember, 19:01 Uhr UTC-5"),
    ],
)
def test_embargo_wording_follows_the_locale(locale: str, expected: str) -> None:
    statement = embargo_statement(embargo("2025-12-11 00:01", "Europe/London", ("America/New_York",)), locale)
    assert statement == expected


def statistic(
    value: str, unit: m.StatUnit, currency: str | None = None, compact: bool = False
) -> m.Statistic:
    return m.Statistic("s", Decimal(value), unit, "label", m.Source(1, "Src"), currency, compact)


@pytest.mark.parametrize(
    ("stat", "locale", "expected"),
    [
        (statistic("1325", "percent"), "en-GB", "1,325%"),
        (statistic("1325", "percent"), "fr", "1\u202f325\u00a0%"),
        (statistic("12.5", "percent"), "en-GB", "12.5%"),
        (statistic("100", "count"), "en-GB", "100"),
        (statistic("5000000000", "currency", "USD", compact=True), "en-US", "$5 billion"),
        (statistic("5000000000", "currency", "USD", compact=True), "en-GB", "US$5 billion"),
        (statistic("1500", "currency", "EUR"), "de", "1.500\u00a0€"),
    ],
)
def test_statistics_are_formatted_for_the_locale(stat: m.Statistic, locale: str, expected: str) -> None:
    assert format_statistic(stat, locale) == expected


def test_attribution_joins_post_nominals_roles_and_organisation() -> None:
    speaker = m.Speaker(
        "Cassie Landers",
        ("EdD", "MPH"),
        ("Assistant Professor", "Director of the CPC Learning Network"),
        "Columbia University",
    )
    assert attribution(speaker, "en-GB") == (
        "Cassie Landers, EdD, MPH, Assistant Professor and Director of the CPC Learning Network, Columbia University"
    )
    assert attribution(m.Speaker("Iain Drennan"), "en-GB") == "Iain Drennan"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-GB", "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025"),
        ("fr", "SOUS EMBARGO JUSQU’AU jeudi 11 décembre 2025, 00:01 UTC"),
        ("de", "SPERRFRIST BIS Donnerstag, 11. Dezember 2025, 00:01 Uhr GMT"),
    ],
)
def test_release_line_per_locale(example_release: m.Release, locale: str, expected: str) -> None:
    import dataclasses

    release = dataclasses.replace(
        example_release, embargo=dataclasses.replace(example_release.embargo, also_in=()), locale=locale
    )
    assert release_line(release, locale) == expected
    assert (
        release_line(dataclasses.replace(release, embargo=None), locale)
        == {
            "en-GB": "FOR IMMEDIATE RELEASE",
            "fr": "POUR DIFFUSION IMMÉDIATE",
            "de": "ZUR SOFORTIGEN VERÖFFENTLICHUNG",
        }[locale]
    )


def test_other_languages_punctuate_and_join_their_own_way() -> None:
    from presskit.words.wording import contact_lines

    usd = statistic("5000000000", "currency", "USD", compact=True)
    assert format_statistic(usd, "fr") == "5 milliards\u00a0$US"
    speaker = m.Speaker("Cassie Landers", (), ("professeure adjointe", "directrice"), "Université Columbia")
    assert (
        attribution(speaker, "fr")
        == "Cassie Landers, professeure adjointe et directrice, Université Columbia"
    )
    (email,) = contact_lines(m.Contact("c", "Ann", email="ann@example.org"), "fr")
    assert email.text == "E-mail\u00a0: ann@example.org" and email.caption == "E-mail\u00a0: "


def significant_digits(text: str) -> str:
    """The digits of `text` (in any script), without leading or trailing zeros."""
    import unicodedata

    return "".join(
        str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, None) is not None
    ).strip("0")


COMPACT_LOCALES = sorted(__import__("presskit.words.labels", fromlist=["CATALOGUE"]).CATALOGUE) + [
    "en-GB",
    "pt-BR",
]


@pytest.mark.parametrize("locale", COMPACT_LOCALES)
@pytest.mark.parametrize(
    "value", ["3000000", "1500000", "1250000", "2500000000", "-1500000", "1500", "999999"]
)
def test_a_compact_figure_keeps_every_digit_the_author_wrote(locale: str, value: str) -> None:
    for unit, currency in (("count", None), ("currency", "EUR")):
        shown = format_statistic(statistic(value, unit, currency, compact=True), locale)  # type: ignore[arg-type]
        assert significant_digits(shown) == value.lstrip("-").strip("0"), (locale, value, shown)


@pytest.mark.parametrize(
    ("value", "unit", "currency", "locale", "expected"),
    [
        ("1500000", "count", None, "en-GB", "1.5 million"),
        ("1250000", "count", None, "en-GB", "1.25 million"),
        ("3000000", "count", None, "en-GB", "3 million"),
        ("2500000", "currency", "EUR", "de", "2,5 Millionen\u00a0€"),
        ("1200000000", "count", None, "de", "1,2 Milliarden"),
        ("1500000000", "count", None, "ja", "15億"),
        ("1500", "count", None, "ja", "1,500"),
        ("2500000", "count", None, "fr", "2,5 millions"),
        ("-1500000", "currency", "EUR", "en-GB", "-€1.5 million"),
    ],
)
def test_compact_figures_read_as_the_locale_writes_them(
    value: str, unit: m.StatUnit, currency: str | None, locale: str, expected: str
) -> None:
    assert format_statistic(statistic(value, unit, currency, compact=True), locale) == expected


def test_a_source_is_written_with_the_locales_comma() -> None:
    from presskit.words.wording import source_text

    source = m.Source(1, "港みなと市危機管理室", "令和7年度予算の概要")
    assert source_text(source, "ja") == "港みなと市危機管理室、令和7年度予算の概要"
    assert source_text(m.Source(1, "دائرة الإحصاءات", "مسح"), "ar") == "دائرة الإحصاءات، مسح"
    assert source_text(m.Source(1, "NCMEC", "CyberTipline"), "en-GB") == "NCMEC, CyberTipline"
    assert source_text(m.Source(1, "NCMEC")) == "NCMEC"


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("5.50", "en-US", "$5.50"),
        ("5.50", "fr", "5,50\u00a0$US"),
        ("1500", "ja", "$1,500"),
        ("999", "en-GB", "US$999"),
    ],
)
def test_a_compact_amount_below_the_smallest_size_word_keeps_its_cents(
    value: str, locale: str, expected: str
) -> None:
    """`compact: true` on $5.50 once printed "$5.5": below a thousand there is no shorter form."""
    stat = m.Statistic("x", Decimal(value), "currency", "l", m.Source(1, "s"), currency="USD", compact=True)
    assert format_statistic(stat, locale) == expected
