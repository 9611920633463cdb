"""The words a theme decides, computed once for every format.

`presskit/words/wording.py` holds what a release says whatever its theme; this holds what
depends on `theme.yaml` as well (the dateline's style, and AP dates and times in
the wire theme's English editions), so DOCX, PDF, HTML and text still cannot drift apart.
"""

from __future__ import annotations

from presskit import model as m
from presskit.themes.theme import Theme
from presskit.words import issuing, wording
from presskit.words.dates import ap_date, city_case, language
from presskit.words.labels import label


def dateline(release: m.Release, theme: Theme, locale: str) -> str:
    """The words that open the first paragraph, in the theme's style ("" when the release
    has none: `dateline: false`).

    `city-date`: `LONDON, 11 December 2025 –` (the date as the locale writes it).
    `wire`: `AUSTIN, Texas, Nov. 11, 2011 /PRNewswire/ --`: the city (in capitals where the
    locale's convention has them), a state or country after it as written, the date in the
    AP and Canadian Press form for English and in the locale's long form for other
    languages, then the release's wire tag, if any, and the wires' double hyphen.
    The theme's `dateline_case` decides the city's case: `locale`, `upper` or `as-written`.
    """
    case = theme.spec.dateline_case
    if theme.spec.dateline != "wire":
        return wording.dateline(release, locale, case)
    if not release.show_dateline:
        return ""
    if ap_style(release, theme, locale):
        day = ap_date(release.date)
    else:
        day = wording.format_long_date(release.date, locale, release.calendar)
    tag = f" /{release.wire_tag}/" if release.wire_tag else ""
    if not release.dateline:
        return f"{day}{tag} --"
    comma = label("comma", locale)
    city, has_comma, rest = release.dateline.partition(",")
    place = city_case(city.strip(), locale, case) + (
        comma + rest.strip() if has_comma and rest.strip() else ""
    )
    return f"{place}{comma}{label('dateline_day', locale, date=day)}{tag} --"


def ap_style(release: m.Release, theme: Theme, locale: str) -> bool:
    """True where dates and times follow AP and Canadian Press style: the wire theme's
    English editions in the Gregorian calendar."""
    english = language(locale) == "en" and (release.calendar or "gregorian") == "gregorian"
    return theme.spec.dateline == "wire" and english


def release_line(release: m.Release, theme: Theme, locale: str) -> str:
    """FOR IMMEDIATE RELEASE, or EMBARGOED UNTIL <instant> (in AP style on the wire theme)."""
    return issuing.release_line(release, locale, ap=ap_style(release, theme, locale))


def published_line(release: m.Release, theme: Theme, locale: str) -> str:
    """The time of issue, `Published: …` ("" when the release does not give it)."""
    return issuing.published_line(release, locale, ap=ap_style(release, theme, locale))
