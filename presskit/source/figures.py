"""Figures typed as text where the release has a statistic of the same value: "3,610,000",
"1.5 million", "12.5%" in the body instead of `{stat:id}`, which would print the checked
value and cite its source.

Numbers are read as the release's own language writes them, from CLDR through Babel: its
decimal and grouping symbols, its words for a thousand, a million, a billion ("2,5 Millionen",
"150万"), and its words for per cent. A bare small number ("10 years") or a year ("in 2024")
is not taken for a statistic: too many of those are something else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from presskit import model as m

# What is not running text: placeholders, links' targets, bare URLs, code.
_NOT_TEXT = re.compile(r"\{[A-Za-z_]+:[^{}]*\}|\]\([^)]*\)|<[^>\s]*>|https?://\S+|`[^`]*`")
_BIDI = "\u200e\u200f\u061c"
_SPACES = " \u00a0\u202f"
BARE_MINIMUM = 100  # a bare whole number below this is not taken for a statistic
YEARS = range(1000, 3000)  # a bare four-digit number in these is a year


def typed_figures(
    text: str, statistics: Mapping[str, m.Statistic], locale: str
) -> Iterator[tuple[int, str, str]]:
    """(index in `text`, the figure as written, the statistic's id) for each figure of `text`
    that is a statistic's value."""
    wanted: dict[tuple[bool, Decimal], str] = {}
    for stat in statistics.values():
        wanted.setdefault((stat.unit == "percent", abs(stat.value).normalize()), stat.id)
    if not wanted:
        return
    masked = _NOT_TEXT.sub(lambda found: " " * len(found.group(0)), text)
    reading = _reading(locale)
    for found in reading.pattern.finditer(masked):
        before = masked[found.start() - 1] if found.start() else " "
        if before.isalpha() and unicodedata.east_asian_width(before) not in "WF":
            continue  # part of a word (GTA25), except in scripts written without spaces (利用者は150万人)
        value = _value(found, reading)
        stat_id = wanted.get((found.group("percent") is not None, value)) if value is not None else None
        if stat_id is not None:
            yield found.start(), found.group(0).strip(), stat_id


class _Reading:
    """How one language writes a number: the pattern finding one, and its words' sizes."""

    def __init__(self, pattern: re.Pattern[str], decimal: str, scales: dict[str, int]) -> None:
        self.pattern = pattern
        self.decimal = decimal
        self.scales = scales


def _value(found: re.Match[str], reading: _Reading) -> Decimal | None:
    whole, fraction, scale = found.group("whole"), found.group("fraction"), found.group("scale")
    digits = "".join(c for c in whole if c.isdigit())
    try:
        value = Decimal(digits + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None
    if scale:
        word = scale.strip(_SPACES)
        value *= reading.scales.get(word, reading.scales.get(word.casefold(), 1))
    bare = not (fraction or scale or found.group("percent")) and digits == whole
    if bare and (value < BARE_MINIMUM or (len(digits) == 4 and int(digits) in YEARS)):
        return None
    return value.normalize()


@cache
def _reading(locale: str) -> _Reading:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        loc = Locale.parse(locale, sep="-")
    except (UnknownLocaleError, ValueError):
        loc = Locale.parse("en")
    decimal = get_decimal_symbol(loc).strip(_BIDI)
    group = get_group_symbol(loc).strip(_BIDI)
    groups = (
        {group} | (set(_SPACES) if group in _SPACES else set()) | ({"'", "’"} if group in "'’" else set())
    )
    separator = "(?:" + "|".join(re.escape(g) for g in sorted(groups)) + ")"
    # Grouped as the locale groups: 3,610,000; in lakhs and crores 36,10,000 (hi).
    primary, secondary = loc.decimal_formats[None].grouping
    grouped = (
        rf"\d{{1,{secondary}}}(?:{separator}\d{{{secondary}}})*{separator}\d{{{primary}}}"
        if secondary != primary
        else rf"\d{{1,{primary}}}(?:{separator}\d{{{primary}}})+"
    )
    words = _scale_words(loc)
    # Longest first, so "mil millones" is not read as "mil"; long words in any case (Million,
    # million), short ones only as CLDR writes them ("5m" is five million, "5 m" five metres).
    scale = "|".join(
        (f"[{_SPACES}]?(?i:{re.escape(word)})" if long else f"{_SPACED if spaced else ''}{re.escape(word)}")
        + ("" if unicodedata.east_asian_width(word[-1]) in "WF" else _WORD_ENDS)  # 150万人: no spaces
        for word, (_, long, spaced) in sorted(words.items(), key=lambda item: -len(item[0]))
    )
    percent = "|".join(re.escape(w) for w in sorted(_percent_words(loc), key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\d.,'’])(?P<whole>{grouped}|\d+)"
        rf"(?:{re.escape(decimal)}(?P<fraction>\d+))?(?!\d|[.,]\d)"
        + (rf"(?:(?P<scale>{scale}))?" if scale else "(?P<scale>(?!))?")
        + rf"(?:[{_SPACES}]?(?i:(?P<percent>{percent}))(?![^\W\d_]))?"
    )
    sizes = {word.casefold() if long else word: size for word, (size, long, _) in words.items()}
    return _Reading(pattern, decimal, sizes)


_SPACED = f"[{_SPACES}]"
_WORD_ENDS = r"(?![^\W\d_])"  # "5 m" is not "5 million" in "5 months"


def _scale_words(loc: Any) -> dict[str, tuple[int, bool, bool]]:
    """The locale's words for sizes, from CLDR's compact patterns ("0 million", "000\u00a0Mio'.'",
    "0000万"): each with the size it multiplies by, whether it is a long word (any case, any
    spacing) and whether CLDR puts a space before it."""
    from babel.numbers import parse_pattern

    out: dict[str, tuple[int, bool, bool]] = {}
    formats = loc.compact_decimal_formats
    for kind in ("long", "short"):
        for forms in (formats.get(kind) or {}).values():
            for size, written in forms.items():
                text = re.sub(r"'([^']*)'", r"\1", parse_pattern(written).pattern).strip(_BIDI)
                zeros = text.count("0")
                word = text.replace("0", "").strip(_SPACES + _BIDI)
                if not zeros or not word or "¤" in word:
                    continue
                spaced = re.search(f"0[{_SPACES}]", text) is not None
                key = word.casefold() if kind == "long" else word
                if key not in out and word not in out:
                    out[word] = (int(size) // 10 ** (zeros - 1), kind == "long", spaced)
    return out


def _percent_words(loc: Any) -> set[str]:
    """ "%", the locale's sign and its words for per cent in each plural form (CLDR's unit
    "percent"): "per cent", "Prozent", "процентов"."""
    from babel.numbers import get_decimal_symbol
    from babel.units import format_unit

    words = {"%", "٪", "％"}
    sign = loc.number_symbols.get("latn", {}).get("percentSign", "%").strip(_BIDI)
    words.add(sign)
    for number in (Decimal(1), Decimal(2), Decimal(5), Decimal("1.5")):
        shown = format_unit(number, "percent", length="long", locale=loc)
        written = f"{number}".replace(".", get_decimal_symbol(loc))
        word = shown.replace(written, "").strip(_SPACES + _BIDI)
        if word and not any(c.isdigit() for c in word):
            words.add(word)
    if loc.language == "en":
        words |= {"percent", "per cent"}  # both spellings are English everywhere
    return words
