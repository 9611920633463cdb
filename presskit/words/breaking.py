"""Where a line may break inside a run of text with no space in it.

Spaces are the caller's business (the PDF and the plain text treat them alike:
a line breaks after a space, never before one). Between two characters that are
not spaces, a line may break:

- in Thai, Lao, Khmer and Myanmar, which put no spaces between words, where
  ICU's line breaker says (UAX #14 with ICU's word dictionaries for those
  scripts): between words, never inside one (ออนไลน์ stays whole);
- in Chinese and Japanese, between any two characters where one is wide, except
  before closing punctuation or small kana and after opening punctuation
  (kinsoku shori);
- nowhere in Korean, whose words are spaced: a line breaks between words, as
  Korean releases break (CSS's `word-break: keep-all`), not between syllables;
- nowhere in every other script.

ICU (PyICU, the `pyicu-wheels` package) is loaded only when a text holds one of
the dictionary scripts, so that neither `presskit --help` nor an English
document pays for it.
"""

from __future__ import annotations

import threading
import unicodedata
from typing import Any, Final

# Closing punctuation and small kana no line may start with, opening punctuation no line
# may end with (Japanese kinsoku shori; Chinese follows the same rules).
NO_LINE_START: Final = frozenset(
    "、。，．・：；？！ー）〕］｝〉》」』】〙〗〟’”｠»ヽヾゝゞ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_LINE_END: Final = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«")

# The blocks of the scripts written without spaces between words whose breaks come from
# ICU's dictionaries (Unicode's line-breaking class SA): Thai, Lao, Myanmar (and its
# extensions), Khmer (and its symbols).
_DICTIONARY_BLOCKS: Final = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
)
# Hangul: jamo, compatibility jamo, syllables and their extensions, halfwidth jamo.
_HANGUL_BLOCKS: Final = (
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xFFA0, 0xFFDC),
)
# Spaces (no-break ones too) and line separators: what happens beside them is the caller's rule.
_SPACES: Final = frozenset(
    " \t\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u202f\u205f\u3000"
)


def _in(char: str, blocks: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in blocks)


def is_dictionary_script(char: str) -> bool:
    """Whether `char` is Thai, Lao, Khmer or Myanmar: its words are found by ICU's dictionaries."""
    return "\u0e00" <= char and _in(char, _DICTIONARY_BLOCKS)


def is_hangul(char: str) -> bool:
    return "\u1100" <= char and _in(char, _HANGUL_BLOCKS)


def inside_breaks(text: str) -> list[int]:
    """The indices `i`, in order, where a line may break between `text[i - 1]` and `text[i]`,
    neither a space (see the module's docstring)."""
    if text.isascii():
        return []
    dictionary = dictionary_breaks(text) if any(map(is_dictionary_script, text)) else frozenset()
    found: list[int] = []
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if (before < "\x80" and after < "\x80") or before in _SPACES or after in _SPACES:
            continue
        if is_dictionary_script(before) or is_dictionary_script(after):
            if index in dictionary:
                found.append(index)
        elif may_break_between(before, after):
            found.append(index)
    return found


def may_break_between(before: str, after: str) -> bool:
    """Whether a line may break between two characters neither of which is a space nor in
    a dictionary script: between CJK characters (kinsoku kept), never beside Hangul."""
    if after in NO_LINE_START or before in NO_LINE_END or is_hangul(before) or is_hangul(after):
        return False
    wide = ("W", "F")
    if unicodedata.east_asian_width(before) not in wide and unicodedata.east_asian_width(after) not in wide:
        return False
    if unicodedata.category(after) in ("Pe", "Pf", "Po", "Mn", "Mc") or unicodedata.category(before) in (
        "Ps",
        "Pi",
    ):
        return False
    return True


def dictionary_breaks(text: str) -> frozenset[int]:
    """Every position ICU's line breaker allows a break at, as indices of `text`'s characters."""
    iterator = _line_breaker()
    iterator.setText(text)
    # ICU counts in UTF-16 code units: a character beyond the BMP (an emoji) takes two.
    units = [index for index, char in enumerate(text) for _ in range(2 if char > "\uffff" else 1)]
    units.append(len(text))
    return frozenset(units[position] for position in iterator)


_PER_THREAD = threading.local()  # an ICU break iterator holds the text it was last given


def _line_breaker() -> Any:
    iterator = getattr(_PER_THREAD, "line", None)
    if iterator is None:
        import icu  # PyICU (pyicu-wheels): loaded only for a text in a dictionary script

        iterator = _PER_THREAD.line = icu.BreakIterator.createLineInstance(icu.Locale.getRoot())
    return iterator
