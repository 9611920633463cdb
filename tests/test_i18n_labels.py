"""The label catalogue: every label in every language the issue names, in the right words and patterns."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from babel.dates import get_day_names

from presskit.words import labels
from presskit.words.labels import CATALOGUE, ENGLISH, has_catalogue, label, locale_candidates, quote_marks
from presskit.words.wording import babel_locale, format_day

LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "nl", "ar", "he", "zh-Hans", "ja", "ko", "ru", "hi", "th"]


def fields(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


@pytest.mark.parametrize("locale", LANGUAGES + ["zh-Hant"])
def test_every_label_in_every_language(locale: str) -> None:
    table = next(CATALOGUE[name] for name in locale_candidates(locale) if name in CATALOGUE)
    assert set(table) == set(ENGLISH), set(ENGLISH) ^ set(table)
    for key, english in ENGLISH.items():
        # The same {fields} as English, so every caller's values fit.
        assert fields(table[key]) == fields(english), (locale, key)
        assert table[key] if key == "comma" else table[key].strip(), (locale, key)
    if locale == "en":
        return
    for key in ("for_immediate_release", "notes_to_editors", "contacts", "more", "page_x_of_y", "key_points"):
        assert table[key] != ENGLISH[key], (locale, key)
    if locale not in ("fr", "de", "es", "pt", "it", "nl"):
        # Scripts other than Latin: each worded label is written in that script.
        for key, value in table.items():
            words = re.sub(r"\{\w+\}", "", value)
            patterns = ("quote_by", "labelled", "comma", "dateline_day", "dateline_dash", "source_figure")
            if key not in patterns and not key.startswith("embargo_"):
                assert re.search(r"[^\x00-\x7f–]", words), (locale, key, value)


def test_partial_regional_entries_only_override_known_keys() -> None:
    for name, table in CATALOGUE.items():
        assert set(table) <= set(ENGLISH), name
        for key, value in table.items():
            assert fields(value) == fields(ENGLISH[key]), (name, key)


@pytest.mark.parametrize(
    ("locale", "key", "expected"),
    [
        ("fr", "for_immediate_release", "POUR DIFFUSION IMMÉDIATE"),
        ("fr-CA", "notes_to_editors", "Notes aux rédactions"),
        ("de", "embargoed_until", "SPERRFRIST BIS {when}"),
        ("ar", "for_immediate_release", "للنشر الفوري"),
        ("ar-EG", "more", "– يتبع –"),
        ("he", "for_immediate_release", "לפרסום מיידי"),
        ("es", "type.press-release", "COMUNICADO DE PRENSA"),
        ("pt-BR", "contacts", "Contatos para a imprensa"),
        ("pt-PT", "contacts", "Contactos de imprensa"),
        ("pt-PT", "press_kit", "Kit de imprensa"),  # from pt
        ("zh-Hans", "for_immediate_release", "即时发布"),
        ("zh-CN", "sources", "资料来源"),
        ("zh-TW", "sources", "資料來源"),  # Traditional, through CLDR's likely subtags
        ("zh-HK", "notes_to_editors", "編輯須知"),
        ("ja", "end_mark", "以上"),
        ("ru", "type.media-release", "ПРЕСС-РЕЛИЗ"),
        ("sw", "for_immediate_release", "FOR IMMEDIATE RELEASE"),  # no catalogue: English
    ],
)
def test_lookup_order(locale: str, key: str, expected: str) -> None:
    assert label(key, locale) == expected


def test_has_catalogue_tells_the_build_when_labels_fall_back_to_english() -> None:
    for locale in LANGUAGES + ["en-GB", "en-US", "fr-BE", "pt-BR", "zh-TW", "ar-SA"]:
        assert has_catalogue(locale), locale
    for locale in ("sw", "fi", "pl-PL", "tr"):
        assert not has_catalogue(locale), locale


def test_an_unknown_key_is_an_error_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        label("no-such-label", "fr")


@pytest.mark.parametrize("locale", LANGUAGES)
def test_weekday_and_date_without_year_is_spelt_out(locale: str) -> None:
    """The embargo's other zones show the full weekday name, never CLDR's abbreviation."""
    day = dt.date(2025, 12, 10)  # a Wednesday
    text = format_day(day, locale)
    wide = get_day_names("wide", locale=babel_locale(locale))[day.weekday()]
    assert wide in text, (locale, text)
    assert "2025" not in text


@pytest.mark.parametrize("locale", LANGUAGES)
def test_quote_marks_for_every_language(locale: str) -> None:
    start, end = quote_marks(locale)
    assert start and end and start != '"'


def test_traditional_chinese_uses_corner_brackets() -> None:
    assert quote_marks("zh-TW") == ("\u300c", "\u300d")
    assert quote_marks("zh-Hans") == ("\u201c", "\u201d")


def test_date_patterns_resolve_like_labels() -> None:
    assert labels.date_pattern("full", "en-GB") == "EEEE d MMMM y"
    assert labels.date_pattern("day", "zh-TW") == "M月d日 EEEE"
    assert labels.date_pattern("long", "fr") == "long"
