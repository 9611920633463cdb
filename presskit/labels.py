"""Fixed labels in each language, and the per-locale date patterns.

The catalogue grows with localisation; a locale missing here falls back to
its language, then to English.
"""

from __future__ import annotations

from typing import Final

ENGLISH: Final[dict[str, str]] = {
    "for_immediate_release": "FOR IMMEDIATE RELEASE",
    "embargoed_until": "EMBARGOED UNTIL {when}",
    # The embargo instant in its own zone, and the same instant in another zone.
    "embargo_instant": "{time} {zone}, {date}",
    "embargo_elsewhere": "{time} {zone} {day}",
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

FRENCH: Final[dict[str, str]] = {
    "for_immediate_release": "POUR DIFFUSION IMMÉDIATE",
    "embargoed_until": "SOUS EMBARGO JUSQU’AU {when}",
    "embargo_instant": "{date}, {time} {zone}",
    "embargo_elsewhere": "{day}, {time} {zone}",
    "type.media-release": "COMMUNIQUÉ DE PRESSE",
    "type.press-release": "COMMUNIQUÉ DE PRESSE",
    "type.media-advisory": "AVIS AUX MÉDIAS",
    "type.statement": "DÉCLARATION",
    "key_points": "Points clés",
    "notes_to_editors": "Notes aux rédactions",
    "about": "À propos de {organisation}",
    "contacts": "Contacts presse",
    "email": "E-mail",
    "phone": "Téléphone",
    "out_of_hours": "En dehors des heures de bureau",
    "hours": "Horaires",
    "sources": "Sources",
    "assets": "Images et documents",
    "press_kit": "Dossier de presse",
    "credit": "Crédit",
    "licence": "Licence",
    "page_x_of_y": "Page {page} sur {pages}",
    "more": "– suite –",
    "quote_by": "{speaker}",
}

GERMAN: Final[dict[str, str]] = {
    "for_immediate_release": "ZUR SOFORTIGEN VERÖFFENTLICHUNG",
    "embargoed_until": "SPERRFRIST BIS {when}",
    "embargo_instant": "{date}, {time} Uhr {zone}",
    "embargo_elsewhere": "{day}, {time} Uhr {zone}",
    "type.media-release": "PRESSEMITTEILUNG",
    "type.press-release": "PRESSEMITTEILUNG",
    "type.media-advisory": "PRESSEEINLADUNG",
    "type.statement": "STELLUNGNAHME",
    "key_points": "Das Wichtigste in Kürze",
    "notes_to_editors": "Hinweise für Redaktionen",
    "about": "Über {organisation}",
    "contacts": "Pressekontakt",
    "email": "E-Mail",
    "phone": "Telefon",
    "out_of_hours": "Außerhalb der Bürozeiten",
    "hours": "Erreichbarkeit",
    "sources": "Quellen",
    "assets": "Bilder und Dokumente",
    "press_kit": "Pressemappe",
    "credit": "Bildnachweis",
    "licence": "Lizenz",
    "page_x_of_y": "Seite {page} von {pages}",
    "more": "– mehr –",
    "quote_by": "{speaker}",
}

CATALOGUE: Final[dict[str, dict[str, str]]] = {"en": ENGLISH, "fr": FRENCH, "de": GERMAN}

# Babel date patterns where the locale's CLDR default is not press style.
DATE_PATTERNS: Final[dict[str, dict[str, str]]] = {
    "en-GB": {"full": "EEEE d MMMM y", "day": "EEEE d MMMM"},
    "en-US": {"day": "EEEE, MMMM d"},
    "en": {"day": "EEEE d MMMM"},
    "fr": {"day": "EEEE d MMMM"},
    "de": {"day": "EEEE, d. MMMM"},
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
    """A Babel pattern or format name for `kind` ("long", "full", "day") in `locale`.

    "day" is a weekday and date without the year; where a locale has no
    pattern of its own, its language's and then CLDR's skeleton apply.
    """
    language = locale.split("-")[0]
    for name in (locale, language):
        pattern = DATE_PATTERNS.get(name, {}).get(kind)
        if pattern:
            return pattern
    return kind


# Quotation marks by language (CLDR's delimiters; Babel does not expose them).
QUOTE_MARKS: Final[dict[str, tuple[str, str]]] = {
    "en": ("\u201c", "\u201d"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"),
    "de": ("\u201e", "\u201c"),
    "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"),
    "pt": ("\u201c", "\u201d"),
    "nl": ("\u2018", "\u2019"),
    "ru": ("\u00ab", "\u00bb"),
    "ar": ("\u201d", "\u201c"),
    "he": ("\u201d", "\u201d"),
    "zh": ("\u201c", "\u201d"),
    "ja": ("\u300c", "\u300d"),
    "ko": ("\u201c", "\u201d"),
    "hi": ("\u201c", "\u201d"),
    "th": ("\u201c", "\u201d"),
}


def quote_marks(locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks for `locale` (English marks where unknown)."""
    return QUOTE_MARKS.get(locale.split("-")[0], QUOTE_MARKS["en"])
