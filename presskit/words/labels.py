"""Fixed labels in each language, and the per-locale date patterns and quotation marks.

The words are data: one gettext catalogue per locale, `catalogue/<tag>.po` beside
this module (tags are BCP 47: a language, or a language and script / region where
it differs), so a translator edits them with the tools they translate releases with
(Poedit, translate-toolkit, msgmerge). Each entry's msgid is a key, its msgstr the
words; its `#.` comments give the English words and what the key is for.

- a label: `for_immediate_release`, `embargoed_until`, … with `{name}` fields
  filled in by the caller. `en.po` has every key; any other file may leave keys
  out (`fr-CA.po` holds only where Canadian French differs from `fr.po`).
- `date_pattern.long`, `date_pattern.full`, `date_pattern.day`: Babel date
  patterns where the locale's CLDR default is not press style. "day" is a weekday
  and date without the year: CLDR's skeleton abbreviates it in many languages.
- `quote_marks.open`, `quote_marks.close`: the quotation marks (CLDR's
  delimiters; Babel does not expose them).
- settings a locale may give and English has none of (`SETTINGS`): how its
  press writes an amount of a currency (`currency.JPY`: `{number}円`), the
  contractions of a preposition and an article (`contractions`), the
  punctuation that follows a quote's closing mark (`quote_marks.after`).

An empty or fuzzy msgstr is not used, as gettext does. A file is read with Babel's
`read_po` the first time one of its locales is looked up, never at import.

A locale is looked up as written (`es-MX`), then in CLDR's parent locales
(`es-419`; `pt-AO` → `pt-PT`), then as its language and script (`zh-Hant` for
`zh-TW`, from CLDR's likely subtags), then as its language (`es`) unless its
script is not the language's usual one (Traditional Chinese does not fall back to
Simplified), then in English; `has_catalogue` tells whether anything but English
would be found, so a build can warn before printing English labels in a Finnish
release.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple

FOLDER: Final = Path(__file__).resolve().with_name("catalogue")
DATE_PREFIX: Final = "date_pattern."
QUOTE_KEYS: Final = ("quote_marks.open", "quote_marks.close")
# Keys that are a locale's settings, not labels: no locale must have them (see words/local_forms.py).
SETTINGS: Final = ("currency.", "contractions", "quote_marks.after")


def is_setting(key: str) -> bool:
    """Whether `key` is one of a locale's optional settings (`currency.JPY`, `contractions`)."""
    return key.startswith(SETTINGS)


class Catalogue(NamedTuple):
    """Every locale file's tables, by locale (a locale without a table is absent from it)."""

    labels: dict[str, dict[str, str]]
    date_patterns: dict[str, dict[str, str]]
    quote_marks: dict[str, tuple[str, str]]


class Entries(NamedTuple):
    """One locale file's entries, split into its tables."""

    labels: dict[str, str]
    date_patterns: dict[str, str]
    quote_marks: tuple[str, str] | None
    settings: dict[str, str]


@cache
def locales() -> frozenset[str]:
    """The locales with a file: their names only, nothing read."""
    return frozenset(path.stem for path in FOLDER.glob("*.po"))


def read_entries(path: Path) -> dict[str, str]:
    """A `.po` file's translated entries, key -> words (empty and fuzzy ones left out).

    The header entry (msgid "") is left out before Babel reads the file: lookups need
    none of it, and parsing its MIME fields costs more than the rest of the file
    (the files are UTF-8; tests/test_label_catalogue.py reads them whole and checks it).
    """
    from babel.messages.pofile import read_po

    text = path.read_text(encoding="utf-8")
    head, blank, rest = text.partition("\n\n")
    if re.search(r'(?m)^msgid ""$', head):
        text = rest
    po = read_po(io.StringIO(text), abort_invalid=True)
    out: dict[str, str] = {}
    for message in po:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            out[message.id] = message.string
    return out


@cache
def entries(locale: str) -> Entries:
    """The tables of `catalogue/<locale>.po`, read once, on first use (empty when there is no file)."""
    if locale not in locales():
        return Entries({}, {}, None, {})
    path = FOLDER / f"{locale}.po"
    found = read_entries(path)
    settings = {k: v for k, v in found.items() if is_setting(k)}
    labels = {
        k: v
        for k, v in found.items()
        if not k.startswith(DATE_PREFIX) and k not in QUOTE_KEYS and k not in settings
    }
    patterns = {k.removeprefix(DATE_PREFIX): v for k, v in found.items() if k.startswith(DATE_PREFIX)}
    opening, closing = (found.get(key) for key in QUOTE_KEYS)
    if (opening is None) != (closing is None):
        raise ValueError(f"{path.name}: quote_marks.open and quote_marks.close go together")
    marks = (opening, closing) if opening is not None and closing is not None else None
    return Entries(labels, patterns, marks, settings)


@cache
def catalogue() -> Catalogue:
    """Every locale file's tables (every file read: for tests and tools, not for a lookup)."""
    out = Catalogue({}, {}, {})
    for locale in sorted(locales()):
        found = entries(locale)
        if found.labels:
            out.labels[locale] = found.labels
        if found.date_patterns:
            out.date_patterns[locale] = found.date_patterns
        if found.quote_marks:
            out.quote_marks[locale] = found.quote_marks
    return out


def __getattr__(name: str) -> Any:
    """The tables as module constants, read on first use: CATALOGUE, ENGLISH, DATE_PATTERNS, QUOTE_MARKS."""
    if name == "CATALOGUE":
        return catalogue().labels
    if name == "ENGLISH":
        return entries("en").labels
    if name == "DATE_PATTERNS":
        return catalogue().date_patterns
    if name == "QUOTE_MARKS":
        return catalogue().quote_marks
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _subtags(tag: str) -> tuple[str, str | None, str | None]:
    """A tag's language, script and region, in their usual case (variants are dropped)."""
    parts = tag.replace("_", "-").split("-")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), None)
    return parts[0].lower(), script, region


def _tag(language: str, script: str | None, region: str | None) -> str:
    return "-".join(p for p in (language, script, region) if p)


@cache
def _scripts(language: str) -> frozenset[str]:
    """The scripts CLDR's likely subtags give `language` in its regions (Hans and Hant for zh)."""
    from babel.core import get_global

    likely: Mapping[str, str] = get_global("likely_subtags")
    found = (
        _subtags(v)[1]
        for k, v in likely.items()
        if k == language or (k.startswith(f"{language}_") and _subtags(k)[1] is None)  # not en_Shaw
    )
    return frozenset(s for s in found if s)


@cache
def locale_candidates(locale: str) -> tuple[str, ...]:
    """Where to look a locale up, most specific first, ending in English.

    `fr-CA` → fr-CA, fr, en; `es-MX` → es-MX, es-419, es, en; `zh-TW` → zh-TW, zh-Hant, en;
    `zh-CN` → zh-CN, zh-Hans, zh, en. CLDR's parent locales give the regional steps (es-419,
    en-001, pt-PT for pt-AO) and its likely subtags the script, so Taiwanese and Hong Kong
    Chinese find the Traditional entries and never the Simplified ones their language has.
    """
    from babel.core import get_global

    likely: Mapping[str, str] = get_global("likely_subtags")
    parents: Mapping[str, str] = get_global("parent_exceptions")
    language, written, region = _subtags(locale)
    usual = _subtags(likely.get(language, language))[1]
    script = written or _subtags(likely.get(f"{language}_{region}", ""))[1] or usual
    out = [_tag(language, written, region)]
    for _ in range(4):  # CLDR's parent chains are one or two steps long
        ident = parents.get(f"{language}_{script}_{region}") or parents.get(f"{language}_{region}")
        if not region or ident is None:
            break
        _, parent_script, region = _subtags(ident)
        if parent_script not in (None, script):
            break
        out.append(_tag(language, written, region))
    if script and (written or script != usual or len(_scripts(language)) > 1):
        out.append(f"{language}-{script}")
    if script is None or script == usual:
        out.append(language)
    out.append("en")
    return tuple(dict.fromkeys(out))


def _chain(locale: str, english: bool = True) -> tuple[Entries, ...]:
    """The files `locale` is looked up in, in order; `english=False` stops before English's
    unless the locale is English (a date pattern is written for its own language's names)."""
    names = locale_candidates(locale)
    if not english and not names[0].startswith(("en-", "en_")) and names[0] != "en":
        names = names[:-1]
    return tuple(entries(name) for name in names if name in locales())


def has_catalogue(locale: str) -> bool:
    """Whether `locale` has labels of its own (True for English); False means English ones are used."""
    return any(found.labels for found in _chain(locale, english=False))


def label(key: str, locale: str, **values: str) -> str:
    """The label `key` in `locale` (falling back to English), filled in."""
    entry = next((found.labels[key] for found in _chain(locale) if key in found.labels), None)
    if entry is None:
        raise KeyError(key)
    return entry.format(**values) if values else entry


def date_pattern(kind: str, locale: str) -> str:
    """A Babel pattern or format name for `kind` ("long", "full", "day") in `locale`.

    "day" is a weekday and date without the year; where a locale has no
    pattern of its own, its language's and then CLDR's skeleton apply.
    """
    return next(
        (found.date_patterns[kind] for found in _chain(locale, False) if kind in found.date_patterns), kind
    )


def quote_marks(locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks for `locale` (English marks where unknown)."""
    marks = next((found.quote_marks for found in _chain(locale) if found.quote_marks), None)
    if marks is None:
        raise KeyError("quote_marks")
    return marks


def setting(key: str, locale: str) -> str | None:
    """The locale's setting `key` (`currency.JPY`), from the most specific file that gives it;
    None where none does (the caller then does what CLDR does)."""
    return next((found.settings[key] for found in _chain(locale) if key in found.settings), None)
