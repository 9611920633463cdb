"""Line breaks written in the source, as a reader sees them (CSS Text 3's segment breaks).

A line break in YAML or Markdown is a space between words, except between two characters of
a language written without spaces: Chinese and Japanese (East Asian wide, full-width or
half-width characters other than Hangul, which Korean writes with spaces) and Thai, Lao,
Khmer and Burmese. There a line break is nothing, or the output would carry spaces the
author never meant ("各地で \n 開催" is "各地で開催").
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
# Scripts written without spaces that East Asian Width does not cover.
_SPACELESS_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))  # Thai, Lao; Myanmar; Khmer


def spaceless(char: str) -> bool:
    """Whether `char` belongs to a language written without spaces between words."""
    code = ord(char)
    if any(first <= code <= last for first, last in _SPACELESS_BLOCKS):
        return True
    if unicodedata.east_asian_width(char) not in ("F", "W", "H"):
        return False
    return not ("\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" or "\uac00" <= char <= "\ud7af")


def break_between(before: str, after: str) -> str:
    """What a line break between `before` and `after` (the characters either side) becomes."""
    return "" if before and after and spaceless(before[-1]) and spaceless(after[0]) else " "


def collapse(text: str) -> str:
    """Each run of whitespace one space, and a line break between two characters of a language
    written without spaces nothing; the ends stripped."""

    def joined(match: re.Match[str]) -> str:
        run = match.group(0)
        if "\n" not in run and "\r" not in run:
            return " "
        return break_between(text[: match.start()][-1:], text[match.end() :][:1])

    return _WHITESPACE.sub(joined, text).strip()
