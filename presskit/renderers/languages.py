"""Which words of a line are in which language, in an edition whose translation left fields out.

An edition shows, in the release's own language, every field its translation lacks
(`presskit.i18n.units.apply_values`): Markdown text arrives wrapped in `m.Foreign`, and each
one-line field is listed by its unit id in `Release.untranslated`. Many one-line fields are
shown inside a line that `words/` composes for every format alike: a speaker's role in
"Dr Sam Lee, Director, Marine Lab", the city in "LONDON, le 11 décembre 2025 –", a caption
before "Crédit : …". This module is the one place that says which part of such a line is
which field, and so which language it is in; each format marks what it says (HTML `lang`,
DOCX `w:lang`, a PDF `/Lang` on the element or a `/Span` inside it).

A field is found in its line as it is shown there: as written, without the punctuation a
line adds or takes off at its end (`Today:` shown `Today :`), or in capitals (a dateline's
city), never inside a longer word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presskit import model as m
from presskit.i18n.units import release_units
from presskit.words import fonts

Run = tuple[str, str | None]  # text, and its language where it is not the edition's

_TRIMMED = " :：.。,，;"
# The last edition asked about and its untranslated one-line fields (unit id → text shown):
# every line of one render asks about the same edition.
_last: tuple[m.Release, dict[str, str]] | None = None


def untranslated_fields(release: m.Release) -> dict[str, str]:
    """Each one-line field `release` shows in the release's own language: unit id → its text."""
    global _last
    if not release.untranslated or not release.source_locale:
        return {}
    last = _last
    if last is not None and last[0] is release:
        return last[1]
    found = {
        unit.id: unit.source
        for unit in release_units(release)
        if unit.id in release.untranslated and isinstance(unit.source, str)
    }
    _last = (release, found)
    return found


def under(unit: str, fields: Iterable[str]) -> bool:
    """Whether the unit id `unit` is one of `fields` or part of one (`contacts.press.role` is part
    of `contacts.press`, `events[0].venue` of `events[0]`)."""
    return any(unit == f or unit.startswith((f + ".", f + "[")) for f in fields)


def asset_field(release: m.Release, asset: m.Asset) -> str:
    """The unit prefix of `asset`'s fields (`assets[2]`), found by identity: two assets alike
    are still two units."""
    return f"assets[{next(i for i, one in enumerate(release.assets) if one is asset)}]"


def source_field(release: m.Release, source: m.Source) -> str:
    """The unit prefix of `source`'s name and title (`statistics.homes.source`): a source cited
    by several statistics is one unit, under the first of them (`presskit.i18n.units`)."""
    key = next((k for k, stat in release.statistics.items() if stat.source.number == source.number), "")
    return f"statistics.{key}.source"


def field_runs(text: str, release: m.Release, *fields: str) -> tuple[Run, ...]:
    """`text` (a line as the formats show it) in runs, each one-line field under `fields` (unit ids
    or their prefixes) that is left untranslated in its own run with the release's language."""
    lang = release.source_locale
    values = [value for unit, value in untranslated_fields(release).items() if under(unit, fields)]
    if not text or not lang or not values:
        return ((text, None),) if text else ()
    spans: list[tuple[int, int]] = []
    for value in sorted(values, key=len, reverse=True):  # a longer field first: its words are its own
        found = _find(text, value, spans)
        if found is not None:
            spans.append(found)
    runs: list[Run] = []
    at = 0
    for start, end in sorted(spans):
        if start > at:
            runs.append((text[at:start], None))
        runs.append((text[start:end], lang))
        at = end
    if at < len(text):
        runs.append((text[at:], None))
    return tuple(runs)


def field_inlines(text: str, release: m.Release, *fields: str) -> m.Inlines:
    """`field_runs` as inlines: what stays in the release's language inside `m.Foreign`, which
    every format's inline writer marks with its language."""
    return tuple(
        m.Foreign(lang, (m.Text(piece),)) if lang else m.Text(piece)
        for piece, lang in field_runs(text, release, *fields)
    )


def whole_language(text: str, release: m.Release, *fields: str) -> str | None:
    """The language of `text` where all of it is a field left untranslated (an end mark, a
    group's heading), for the element holding it to say; else None."""
    runs = field_runs(text, release, *fields)
    return runs[0][1] if len(runs) == 1 else None


def _forms(value: str) -> list[str]:
    """How a field may be shown in a line: as written, trimmed of the punctuation that lines
    put after it, in capitals."""
    forms: list[str] = []
    for form in (value, value.strip(_TRIMMED), value.upper(), value.strip(_TRIMMED).upper()):
        if form and form not in forms:
            forms.append(form)
    return forms


def _find(text: str, value: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where `value` is shown in `text`, clear of the spans `taken` and of any word around it."""
    for form in _forms(value):
        for flags in (0, re.IGNORECASE):
            for match in re.finditer(re.escape(form), text, flags):
                start, end = match.span()
                clear = all(end <= a or start >= b for a, b in taken)
                if clear and _word_edge(text, start) and _word_edge(text, end):
                    return start, end
    return None


def _word_edge(text: str, at: int) -> bool:
    """Whether `at` lies between words (or at either end of `text`): not between two letters or
    digits of one script that puts spaces between its words. Chinese, Japanese and Thai do not,
    and a change of script is an edge (Arabic's "و" joined to an English word)."""
    if at == 0 or at == len(text):
        return True
    before, after = text[at - 1], text[at]
    if not (before.isalnum() and after.isalnum()):
        return True
    script = fonts.script_of(before)
    return script != fonts.script_of(after) or script in _UNSPACED


# Scripts written without spaces between words: any character may begin or end a field.
_UNSPACED = frozenset({"Hani", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr"})
