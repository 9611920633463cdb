"""The forms each locale's press writes, from the catalogue (issue 14): amounts in the local
currency ("15億円", "1200억 원", "新臺幣35億元"), a quote's full stop after the closing
guillemet in Russian and Spanish («Текст».), "About" contracted with the name's article
("À propos du Centre"), European Portuguese « », and zones without a localised name as their
offset from UTC. Each is read back from a release built in every format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words import labels
from presskit.words.dates import zone_name
from presskit.words.local_forms import closing_quote, contracted, contractions
from presskit.words.wording import about_title, format_statistic
from tests.extract import EXTRACTORS, normalise

FORMATS = ("html", "docx", "pdf", "txt")
SOURCE = m.Source(1, "Source")


def amount(value: str, currency: str, locale: str, compact: bool = False) -> str:
    return format_statistic(
        m.Statistic("a", Decimal(value), "currency", "", SOURCE, currency, compact), locale
    )


@pytest.mark.parametrize(
    ("locale", "currency", "value", "compact", "expected"),
    [
        ("ja", "JPY", "1500000", False, "1,500,000円"),
        ("ja", "JPY", "1500000000", True, "15億円"),
        ("ja", "JPY", "-1500000000", True, "-15億円"),
        ("ja", "JPY", "-1500000", False, "-1,500,000円"),
        ("ko", "KRW", "1500000", False, "1,500,000원"),
        ("ko", "KRW", "120000000000", True, "1200억 원"),
        ("ko", "KRW", "-150000000", True, "-1.5억 원"),
        ("zh", "CNY", "1500000", False, "1,500,000元"),
        ("zh", "CNY", "3500000000", True, "35亿元"),
        ("zh", "CNY", "1500.5", False, "1,500.50元"),  # the currency's two decimals, as CLDR gives them
        ("zh-Hans", "CNY", "3500000000", True, "35亿元"),
        ("zh-Hant", "TWD", "3500000000", True, "新臺幣35億元"),
        ("zh-TW", "TWD", "1500000", False, "新臺幣1,500,000元"),
        ("zh-Hant", "TWD", "-3500000000", True, "-新臺幣35億元"),
        # A currency the catalogue gives no form for stays as CLDR writes it.
        ("ja", "USD", "1500000", False, "$1,500,000"),
        ("ja", "USD", "1500000000", True, "$15億"),
        ("zh-Hant", "CNY", "1500000", False, "CN¥1,500,000"),
        ("en-GB", "JPY", "1500000000", True, "JP¥1.5 billion"),
        ("de", "EUR", "2500000", True, "2,5 Millionen\u00a0€"),
    ],
)
def test_amounts_take_the_form_the_locales_press_writes(
    locale: str, currency: str, value: str, compact: bool, expected: str
) -> None:
    assert amount(value, currency, locale, compact) == expected


def test_a_translator_adds_a_currency_form_in_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The form is data: a catalogue entry `currency.USD` is all a Japanese `米ドル` needs."""
    read = labels.entries
    japanese = read("ja")
    extended = japanese._replace(settings={**japanese.settings, "currency.USD": "{number}米ドル"})
    monkeypatch.setattr(labels, "entries", lambda locale: extended if locale == "ja" else read(locale))
    assert amount("1500000000", "USD", "ja", compact=True) == "15億米ドル"


def test_about_contracts_the_names_article_where_the_language_does() -> None:
    cases = {
        ("fr", "Le Centre national du cinéma"): "À propos du Centre national du cinéma",
        ("fr", "Les Restos du Cœur"): "À propos des Restos du Cœur",
        ("fr", "La Poste"): "À propos de La Poste",
        ("fr", "L’Oréal"): "À propos de L’Oréal",
        ("fr", "Lenovo"): "À propos de Lenovo",  # "Le" only as a word of its own
        ("fr-CA", "Le Conseil des arts"): "À propos du Conseil des arts",
        ("it", "Il Sole 24 Ore"): "Informazioni sul Sole 24 Ore",
        ("it", "La Stampa"): "Informazioni sulla Stampa",
        ("it", "L'Espresso"): "Informazioni sull'Espresso",
        ("it", "Gli Uffizi"): "Informazioni sugli Uffizi",
        ("it", "Ilva"): "Informazioni su Ilva",
        # Spanish writes an article that is part of a name uncontracted (RAE, DPD "del").
        ("es", "El Colegio de México"): "Acerca de El Colegio de México",
        ("ru", "Музей речного флота"): "Справка: Музей речного флота",
        ("en-GB", "The Rivers Trust"): "About The Rivers Trust",
    }
    for (locale, name), expected in cases.items():
        assert about_title(m.Organisation(name), locale) == expected, (locale, name)
    assert about_title(m.Organisation("Le Centre", about_title="Qui sommes-nous"), "fr") == "Qui sommes-nous"


def test_contractions_are_read_from_the_catalogue() -> None:
    assert contractions("fr") == (("de le", "du"), ("de les", "des"))
    assert ("su l'", "sull'") in contractions("it") and contractions("es") == ()
    assert contracted("Über ", "Die Tafel", "de") == "Über Die Tafel"


@pytest.mark.parametrize(
    ("locale", "paragraph", "text", "closing"),
    [
        ("ru", (m.Text("Мы рады."),), "Мы рады", "»."),
        ("ru", (m.Text("Правда?"),), "Правда?", "»"),
        ("ru", (m.Text("И так далее…"),), "И так далее…", "»"),
        ("ru", (m.Text("Итак..."),), "Итак...", "»"),
        ("ru", (m.Text("Это "), m.Strong((m.Text("важно."),))), "Это важно", "»."),
        ("es", (m.Text("Queremos abrir más horas."),), "Queremos abrir más horas", "»."),
        ("es-MX", (m.Text("Es un paso."),), "Es un paso", "”."),
        ("fr", (m.Text("C’est fait."),), "C’est fait.", "\u202f»"),
        ("de", (m.Text("Wir freuen uns."),), "Wir freuen uns.", "“"),
    ],
)
def test_a_quotes_full_stop_goes_where_the_language_puts_it(
    locale: str, paragraph: m.Inlines, text: str, closing: str
) -> None:
    inlines, end = closing_quote(paragraph, locale)
    assert "".join(_plain(node) for node in inlines) == text and end == closing


def _plain(node: m.Inline) -> str:
    if isinstance(node, m.Text):
        return node.text
    if isinstance(node, m.Strong | m.Emphasis | m.Link):
        return "".join(_plain(child) for child in node.children)
    return ""


NEWSROOM = (
    "organisation:\n  name: Placeholder\ncontacts:\n  press: {name: Press Office, email: press@example.org}\n"
)


def build_release(
    tmp_path: Path, locale: str, organisation: str, body: str, quote: str, stats: str
) -> m.Release:
    (tmp_path / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    folder = tmp_path / "local"
    folder.mkdir()
    text = (
        f"slug: local\nlocale: {locale}\ndate: 2026-03-02\nheadline: Local forms\ncontacts: [press]\n"
        "embargo: {at: '2026-03-02 09:00', timezone: Asia/Seoul}\nembargo_zones: [Asia/Kolkata]\n"
        f"body: |\n  {body}\n\n  {{quote:q}}\n"
        f"quotes:\n  q:\n    text: >-\n      {quote}\n    speaker: {{name: A. Speaker}}\n    approved: true\n"
        f"statistics:\n{stats}"
        f"organisation:\n  name: {organisation}\n  boilerplate: |\n    {organisation}.\n"
    )
    (folder / "release.yaml").write_text(text, encoding="utf-8")
    return load_release(folder)


STAT = "  money: {{value: {value}, unit: currency, currency: {currency}, compact: {compact}, label: x, source: {{name: S}}}}\n"

RELEASES = {
    "ja": (
        "港みなと市",
        "{stat:money}を投じる。",
        "災害に備えます。",
        ("1500000000", "JPY", "true"),
        "15億円",
    ),
    "ko": ("한빛모빌리티", "{stat:money} 규모.", "기쁩니다.", ("120000000000", "KRW", "true"), "1200억 원"),
    "zh": ("西湖研究院", "投资{stat:money}。", "很好。", ("3500000000", "CNY", "true"), "35亿元"),
    "zh-Hant": ("海洋保育署", "投入{stat:money}。", "很好。", ("3500000000", "TWD", "true"), "新臺幣35億元"),
    "ru": (
        "Музей речного флота",
        "Бюджет {stat:money}.",
        "Мы рады.",
        ("1500000", "RUB", "false"),
        "1 500 000 ₽",
    ),
    "es": (
        "El Colegio de México",
        "Con {stat:money}.",
        "Queremos abrir más horas.",
        ("180000", "EUR", "false"),
        "180.000 €",
    ),
    "fr": (
        "Le Centre national du cinéma",
        "Avec {stat:money}.",
        "C’est fait.",
        ("2500000", "EUR", "false"),
        "2 500 000 €",
    ),
    "it": (
        "Il Museo delle Ceramiche",
        "Con {stat:money}.",
        "Un restauro.",
        ("2500000", "EUR", "false"),
        "2.500.000 €",
    ),
    "pt-PT": (
        "Câmara Municipal de Vila Serena",
        "Com {stat:money}.",
        "Queremos que nenhum jovem pague.",
        ("14500", "EUR", "false"),
        "14 500 €",
    ),
}
SHOWN = {  # the quote's end, the About heading and the embargo's zones as each format prints them
    "ja": ("「災害に備えます。」", "港みなと市について", "UTC+9", "UTC+5:30"),
    "ko": ("“기쁩니다.”", "한빛모빌리티 소개", "UTC+9", "UTC+5:30"),
    "zh": ("“很好。”", "关于西湖研究院", "UTC+9", "UTC+5:30"),
    "zh-Hant": ("「很好。」", "關於海洋保育署", "UTC+9", "UTC+5:30"),
    "ru": ("«Мы рады».", "Справка: Музей речного флота", "UTC+9", "UTC+5:30"),
    "es": ("«Queremos abrir más horas».", "Acerca de El Colegio de México", "UTC+9", "UTC+5:30"),
    "fr": ("« C’est fait. »", "À propos du Centre national du cinéma", "UTC+9", "UTC+5:30"),
    "it": ("«Un restauro.»", "Informazioni sul Museo delle Ceramiche", "UTC+9", "UTC+5:30"),
    "pt-PT": (
        "«Queremos que nenhum jovem pague.»",
        "Sobre Câmara Municipal de Vila Serena",
        "UTC+9",
        "UTC+5:30",
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("locale", sorted(RELEASES))
def test_every_format_prints_the_local_forms(tmp_path: Path, theme: Theme, locale: str, fmt: str) -> None:
    organisation, body, quote, (value, currency, compact), figure = RELEASES[locale]
    stats = STAT.format(value=value, currency=currency, compact=compact)
    release = build_release(tmp_path, locale, organisation, body, quote, stats)
    text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, locale)))
    ending, heading, *zones = SHOWN[locale]
    for expected in (normalise(figure), normalise(ending), *zones):
        assert expected in text, (locale, fmt, expected, text)
    assert "GMT+" not in text, (locale, fmt)
    if fmt != "txt":  # plain text sets headings in capitals
        assert normalise(heading) in text, (locale, fmt, heading)
    else:
        assert normalise(heading).upper() in text.upper(), (locale, fmt, heading)


ZONES = ("Asia/Seoul", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Bangkok")
# What each catalogue locale prints for each zone on 15 January 2026 (winter in the north):
# CLDR's short name where the locale has one, else the offset from UTC; English keeps the tz
# database's abbreviation where CLDR has none (KST, IST), never an offset after "GMT".
EXPECTED_ZONES = {
    "ar": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "de": ("UTC+9", "UTC+5:30", "MEZ", "UTC-5", "UTC+9", "UTC+7"),
    "en": ("KST", "IST", "CET", "EST", "JST", "UTC+7"),
    "en-CA": ("KST", "IST", "CET", "EST", "JST", "ICT"),
    "en-GB": ("KST", "IST", "CET", "EST", "JST", "UTC+7"),
    "en-US": ("KST", "IST", "CET", "EST", "JST", "UTC+7"),
    "es": ("UTC+9", "UTC+5:30", "CET", "UTC-5", "UTC+9", "UTC+7"),
    "es-419": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "fr": ("UTC+9", "UTC+5:30", "UTC+1", "UTC−5", "UTC+9", "UTC+7"),
    "fr-CA": ("UTC+9", "UTC+5:30", "UTC+1", "HNE", "UTC+9", "UTC+7"),
    "he": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "hi": ("UTC+9", "IST", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "it": ("UTC+9", "UTC+5:30", "CET", "UTC-5", "UTC+9", "UTC+7"),
    "ja": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "JST", "UTC+7"),
    "ko": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "nl": ("UTC+9", "UTC+5:30", "CET", "EST", "UTC+9", "UTC+7"),
    "pt": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "pt-BR": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "pt-PT": ("UTC+9", "UTC+5:30", "CET", "UTC-5", "UTC+9", "UTC+7"),
    "ru": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "th": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "zh": ("UTC+9", "UTC+5:30", "UTC+1", "UTC-5", "UTC+9", "UTC+7"),
    "zh-Hant": ("UTC+9", "UTC+5:30", "UTC+1", "EST", "UTC+9", "UTC+7"),
}


def test_every_catalogue_locale_names_the_zones() -> None:
    assert set(EXPECTED_ZONES) == set(labels.locales())
    for locale, expected in EXPECTED_ZONES.items():
        moment = dt.datetime(2026, 1, 15, 12)
        shown = tuple(zone_name(moment.replace(tzinfo=ZoneInfo(zone)), locale) for zone in ZONES)
        assert shown == expected, locale


def test_summer_names_and_offsets() -> None:
    summer = dt.datetime(2026, 7, 15, 12)
    assert zone_name(summer.replace(tzinfo=ZoneInfo("Europe/Berlin")), "de") == "MESZ"
    assert zone_name(summer.replace(tzinfo=ZoneInfo("America/New_York")), "ko") == "UTC-4"
    assert zone_name(summer.replace(tzinfo=ZoneInfo("Europe/London")), "ru") == "UTC+1"
    assert zone_name(dt.datetime(2026, 1, 15, 12, tzinfo=ZoneInfo("Europe/London")), "de") == "GMT"
    offset = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30)))
    assert zone_name(offset, "ja") == "UTC-3:30"
