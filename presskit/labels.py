"""Fixed labels in each language, and the per-locale date patterns.

The catalogue grows with localisation; a locale missing here falls back to
its language, then to English.
"""

from __future__ import annotations

from typing import Final

ENGLISH: Final[dict[str, str]] = {
    "for_immediate_release": "FOR IMMEDIATE RELEASE",
    "embargoed_until": "EMBARGOED UNTIL {when}",
    "type.media-release": "MEDIA RELEASE",
    "type.press-release": "PRESS RELEASE",
    "type.media-advisory": "MEDIA ADVISORY",
    "type.statement": "STATEMENT",
    "key_points": "Key points",
    "notes_to_editors": "Notes to editors",
    "about": "About {organisation}",
    "contacts": "Media contacts",
    "email": "Email",
    "phone": "Phone",
    "out_of_hours": "Out of hours",
    "hours": "Hours",
    "sources": "Sources",
    "assets": "Images and documents",
    "press_kit": "Press kit",
    "credit": "Credit",
    "licence": "Licence",
    "page_x_of_y": "Page {page} of {pages}",
    "more": "– more –",
    "quote_by": "{speaker}",
}

CATALOGUE: Final[dict[str, dict[str, str]]] = {"en": ENGLISH}

# Babel date patterns where the locale's CLDR default is not press style.
DATE_PATTERNS: Final[dict[str, dict[str, str]]] = {
    "en-GB": {"full": "EEEE d MMMM y"},
}


def label(key: str, locale: str, **values: str) -> str:
    """The label `key` in `locale` (falling back to English), filled in."""
    language = locale.split("-")[0]
    for name in (locale, language, "en"):
        entry = CATALOGUE.get(name, {}).get(key)
        if entry is not None:
            return entry.format(**values) if values else entry
    raise KeyError(key)


def date_pattern(kind: str, locale: str) -> str:
    """A Babel pattern or format name ("long", "full") for `kind` in `locale`."""
    return DATE_PATTERNS.get(locale, {}).get(kind, kind)
