"""Fixed labels in each language, and the per-locale date patterns and quotation marks.

The words are data, one file per locale in `catalogue/<tag>.json` beside this
module (UTF-8 JSON; tags are BCP 47: a language, or a language and script /
region where it differs). A file may hold:

- "labels": key -> label, `{name}` fields filled in by the caller. `en.json`
  has every key, with "notes" on what some of them are for; any other file
  may leave keys out (`pt-PT.json` has only where it differs from `pt`).
- "date_patterns": Babel date patterns where the locale's CLDR default is not
  press style. "day" is a weekday and date without the year: CLDR's skeleton
  abbreviates it in many languages.
- "quote_marks": the opening and closing quotation marks (CLDR's delimiters;
  Babel does not expose them).
- "about": a word on the file for whoever edits it.

The files are read once, on first use, never at import.

A locale is looked up as written (`pt-BR`), then as its language and script
(`zh-Hant` for `zh-TW`, from CLDR's likely subtags), then as its language
(`pt`), then in English; `has_catalogue` tells whether anything but English
would be found, so a build can warn before printing English labels in a
French release.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple

FOLDER: Final = Path(__file__).resolve().with_name("catalogue")


class Catalogue(NamedTuple):
    """Every locale file's tables, by locale (a locale without a table is absent from it)."""

    labels: dict[str, dict[str, str]]
    date_patterns: dict[str, dict[str, str]]
    quote_marks: dict[str, tuple[str, str]]


def _strings(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"{where}: expected an object of strings")
    return value


@cache
def catalogue() -> Catalogue:
    """All of `catalogue/*.json`, read once."""
    out = Catalogue({}, {}, {})
    for path in sorted(FOLDER.glob("*.json")):
        locale = path.stem
        data = json.loads(path.read_text(encoding="utf-8"))
        if "labels" in data:
            out.labels[locale] = _strings(data["labels"], f"{path.name} labels")
        if "date_patterns" in data:
            out.date_patterns[locale] = _strings(data["date_patterns"], f"{path.name} date_patterns")
        if "quote_marks" in data:
            marks = data["quote_marks"]
            if not (isinstance(marks, list) and len(marks) == 2 and all(isinstance(m, str) for m in marks)):
                raise ValueError(f"{path.name} quote_marks: expected [opening, closing]")
            out.quote_marks[locale] = (marks[0], marks[1])
    return out


def __getattr__(name: str) -> Any:
    """The tables as module constants, read on first use: CATALOGUE, ENGLISH, DATE_PATTERNS, QUOTE_MARKS."""
    if name == "CATALOGUE":
        return catalogue().labels
    if name == "ENGLISH":
        return catalogue().labels["en"]
    if name == "DATE_PATTERNS":
        return catalogue().date_patterns
    if name == "QUOTE_MARKS":
        return catalogue().quote_marks
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def locale_candidates(locale: str) -> tuple[str, ...]:
    """Where to look a locale up, most specific first: `zh-TW` → zh-TW, zh-Hant, zh.

    The script comes from CLDR's likely subtags, so Taiwanese and Hong Kong Chinese
    find the Traditional entries, not the Simplified ones their language would give.
    """
    tag = locale.replace("_", "-")
    parts = tag.split("-")
    language = parts[0].lower()
    out = [tag]
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(tag.replace("-", "_")) or ""
        script = next((p for p in likely.split("_")[1:] if len(p) == 4), None)
    if script:
        out.append(f"{language}-{script}")
    out.append(language)
    return tuple(dict.fromkeys(out))


def _lookup(table: dict[str, dict[str, str]], key: str, locale: str) -> str | None:
    for name in locale_candidates(locale):
        entry = table.get(name, {}).get(key)
        if entry is not None:
            return entry
    return None


def has_catalogue(locale: str) -> bool:
    """Whether `locale` has labels of its own (True for English); False means English ones are used."""
    labels = catalogue().labels
    return any(name in labels for name in locale_candidates(locale))


def label(key: str, locale: str, **values: str) -> str:
    """The label `key` in `locale` (falling back to English), filled in."""
    labels = catalogue().labels
    entry = _lookup(labels, key, locale)
    if entry is None:
        entry = labels["en"].get(key)
    if entry is None:
        raise KeyError(key)
    return entry.format(**values) if values else entry


def date_pattern(kind: str, locale: str) -> str:
    """A Babel pattern or format name for `kind` ("long", "full", "day") in `locale`.

    "day" is a weekday and date without the year; where a locale has no
    pattern of its own, its language's and then CLDR's skeleton apply.
    """
    return _lookup(catalogue().date_patterns, kind, locale) or kind


def quote_marks(locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks for `locale` (English marks where unknown)."""
    marks = catalogue().quote_marks
    for name in locale_candidates(locale):
        if name in marks:
            return marks[name]
    return marks["en"]
