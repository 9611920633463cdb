"""The words a theme decides, computed once for every format.

`presskit/words/wording.py` holds what a release says whatever its theme; this holds what
depends on `theme.yaml` as well (today: the dateline's style), so DOCX, PDF,
HTML and text still cannot drift apart.
"""

from __future__ import annotations

from babel.dates import format_date

from presskit import model as m
from presskit.themes.theme import Theme
from presskit.words import wording
from presskit.words.labels import label

# The wire's own date form for English ("December 11, 2025"), whatever the English.
WIRE_ENGLISH_DATE = "MMMM d, y"


def dateline(release: m.Release, theme: Theme, locale: str) -> str:
    """The words that open the first paragraph, in the theme's style.

    `city-date`: `LONDON, 11 December 2025 –` (the date as the locale writes it).
    `wire`: `AUSTIN, Texas, December 11, 2025 /`: the city in capitals, a state
    or country after it as written, the date in the US wires' form for English
    and in the locale's long form for other languages.
    """
    if theme.spec.dateline != "wire":
        return wording.dateline(release, locale)
    if locale.split("-")[0].lower() == "en":
        day = format_date(release.date, WIRE_ENGLISH_DATE, locale=wording.babel_locale(locale))
    else:
        day = wording.format_long_date(release.date, locale)
    if not release.dateline:
        return f"{day} /"
    city, comma, rest = release.dateline.partition(",")
    place = city.strip().upper() + (label("comma", locale) + rest.strip() if comma and rest.strip() else "")
    return f"{place}{label('comma', locale)}{day} /"
