"""Regional variants: each falls back through CLDR's parents to its language, then English,
and says its own words where they differ (fr-CA, en-US, en-CA, pt-BR, pt-PT, es-419, zh-Hant)."""

from __future__ import annotations

import pytest

from presskit.words.labels import date_pattern, has_catalogue, label, locale_candidates, quote_marks


@pytest.mark.parametrize(
    ("locale", "chain"),
    [
        ("fr-CA", ("fr-CA", "fr", "en")),
        ("fr", ("fr", "en")),
        ("en", ("en",)),
        ("sr-ME", ("sr-ME", "sr-Latn", "en")),  # Serbian in Latin letters: not the Cyrillic sr
        ("es-MX", ("es-MX", "es-419", "es", "en")),  # CLDR: es-MX's parent is es-419
        ("es-AR", ("es-AR", "es-419", "es", "en")),
        ("es-ES", ("es-ES", "es", "en")),
        ("pt-BR", ("pt-BR", "pt", "en")),
        ("pt-AO", ("pt-AO", "pt-PT", "pt", "en")),  # Angola writes as Portugal does
        ("en-AU", ("en-AU", "en-001", "en")),
        ("en-CA", ("en-CA", "en")),
        ("zh-TW", ("zh-TW", "zh-Hant", "en")),  # never Simplified
        ("zh-HK", ("zh-HK", "zh-Hant", "en")),
        ("zh-MO", ("zh-MO", "zh-HK", "zh-Hant", "en")),
        ("zh-CN", ("zh-CN", "zh-Hans", "zh", "en")),
        ("zh-Hant", ("zh-Hant", "en")),
        ("zh_TW", ("zh-TW", "zh-Hant", "en")),
        ("pt_br", ("pt-BR", "pt", "en")),
    ],
)
def test_fallback_chains(locale: str, chain: tuple[str, ...]) -> None:
    assert locale_candidates(locale) == chain


@pytest.mark.parametrize(
    ("locale", "key", "expected"),
    [
        ("fr-CA", "email", "Courriel"),
        ("fr-CA", "contacts", "Relations avec les médias"),
        ("fr-CA", "end_mark", "-30-"),
        ("fr-CA", "for_immediate_release", "POUR DIFFUSION IMMÉDIATE"),  # from fr
        ("fr-FR", "email", "E-mail"),
        ("en-US", "licence", "License"),
        ("en-US", "end_mark", "###"),
        ("en-US", "contacts", "Media contacts"),  # from en
        ("en-CA", "end_mark", "-30-"),
        ("en-CA", "licence", "Licence"),
        ("en-GB", "end_mark", "-Ends-"),
        ("pt-BR", "contacts", "Contatos para a imprensa"),
        ("pt-BR", "type.media-release", "COMUNICADO À IMPRENSA"),
        ("pt-PT", "type.media-release", "COMUNICADO DE IMPRENSA"),
        ("pt-AO", "contacts", "Contactos de imprensa"),
        ("es-MX", "press_kit", "Kit de prensa"),
        ("es-419", "newsroom_pack", "Kit de prensa (zip, {size})"),
        ("es-ES", "press_kit", "Dosier de prensa"),
        ("es-MX", "for_immediate_release", "PARA DIFUSIÓN INMEDIATA"),  # from es
        ("zh-TW", "contacts", "媒體聯絡人"),
        ("zh-CN", "contacts", "媒体联系人"),
        ("ko", "end_mark", "- 끝 -"),
        ("ja", "end_mark", "以上"),
    ],
)
def test_variant_words(locale: str, key: str, expected: str) -> None:
    assert label(key, locale) == expected


def test_variant_patterns_and_marks() -> None:
    assert date_pattern("day", "en-CA") == date_pattern("day", "en-US") == "EEEE, MMMM d"
    assert date_pattern("day", "en-AU") == "EEEE d MMMM"
    assert quote_marks("es-MX") == ("\u201c", "\u201d") and quote_marks("es") == ("«", "»")
    assert quote_marks("fr-CA") == quote_marks("fr")
    assert quote_marks("zh-HK") == ("\u300c", "\u300d")
    # A language with no pattern of its own keeps CLDR's, never English's.
    assert date_pattern("day", "sw") == "day" and date_pattern("full", "ko") == "full"


def test_every_variant_has_a_catalogue() -> None:
    for locale in ("fr-CA", "en-US", "en-CA", "pt-BR", "es-419", "es-MX", "zh-Hant", "zh-TW", "en-AU"):
        assert has_catalogue(locale), locale
    for locale in ("sw", "sr-ME", "fi-FI"):
        assert not has_catalogue(locale), locale
