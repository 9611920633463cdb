"""social.txt: one post per edition, ready to paste into X, Mastodon or Bluesky.

The post is at most 280 characters as X counts them (twitter-text's version 3 weighting,
which the other networks' limits of 300 and 500 also admit): the release line while the
release is under embargo, the headline, the page's address and the release's hashtags,
each on its own line. The headline is what gives way: shortened at a word boundary (a line
break opportunity of the edition's language: spaces, between CJK characters, ICU's
dictionary words in Thai) with an ellipsis, never inside a grapheme. A hashtag is dropped,
the last first, only where keeping it would cut the headline below HEADLINE_FLOOR.

Without the newsroom's base_url the page has no address a reader of the post could open
(its relative file name would be a dead link), so the post carries none; `check` warns
that base_url is missing.

Counting (twitter-text's `config/v3.json`, as documented in its README): text is NFC
normalised; a code point weighs 1 in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
U+2032–U+2037, else 2; an emoji (a whole fully-qualified sequence: ZWJ families, flags,
skin tones) weighs 2 however many code points it has; a link weighs 23 whatever its length.
Where the counting cannot know what X will take for a link (a bare `example.com` in a
headline), it counts the word as it is plus 23, so the count never falls below X's.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any, Final

from presskit import model as m
from presskit.renderers.html.head import page_address
from presskit.themes import derived as themed
from presskit.themes.theme import Theme
from presskit.words import issuing

MAX_WEIGHT: Final = 280
LINK_WEIGHT: Final = 23  # X's t.co address, whatever the link's length
EMOJI_WEIGHT: Final = 2
ELLIPSIS: Final = "\u2026"
HEADLINE_FLOOR: Final = 100  # a shortened headline keeps at least this weight before a hashtag is dropped

# twitter-text v3: the code points that weigh 1 (scale 100, weight 100); all others weigh 2.
_LIGHT: Final = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
# A link X shortens as a whole: scheme, a host with a top-level domain, a path ending cleanly.
_WHOLE_LINK: Final = re.compile(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?::\d{1,5})?(?:/[A-Za-z0-9._~%/+-]*)?"
)
# A word X might take for a link: a letter or digit, a dot, then letters (example.com, x.co).
_MAYBE_LINK: Final = re.compile(r"[^\W_]\.[^\W\d_]{2}|://")

_PER_THREAD = threading.local()  # ICU's break iterators hold the text they were last given


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The edition's post, as UTF-8 text ending in a newline (counted within the 280)."""
    return post(release, theme, locale).encode("utf-8")


def post(release: m.Release, theme: Theme, locale: str) -> str:
    """The post's lines. What gives way, first to last: the embargo's other zones (it is
    always stated in its own), the headline's end beyond HEADLINE_FLOOR, the hashtags (the
    last first), the rest of the headline."""
    link = page_address(release, locale) if release.base_url is not None else ""
    hashtags = [f"#{tag}" for tag in release.hashtags]
    floor = min(HEADLINE_FLOOR, weighted_length(release.headline))
    *fuller, shortest = embargo_lines(release, theme, locale)
    for kept in range(len(hashtags), -1, -1):
        tags = " ".join(hashtags[:kept])
        for embargo in fuller:
            if fits([embargo, release.headline, link, tags]):
                return assemble([embargo, release.headline, link, tags])
        headline = fitted_headline(release.headline, locale, [shortest, link, tags])
        if weighted_length(headline) >= floor:
            return assemble([shortest, headline, link, tags])
    return assemble([shortest, fitted_headline(release.headline, locale, [shortest, link]), link])


def fits(lines: list[str]) -> bool:
    return weighted_length(assemble(lines)) <= MAX_WEIGHT


def embargo_lines(release: m.Release, theme: Theme, locale: str) -> list[str]:
    """The release line to try, fullest first: with every zone the release states it in, then
    in its own zone only; "" when the release is not under embargo."""
    if release.embargo is None:
        return [""]
    full = themed.release_line(release, theme, locale)
    short = issuing.short_release_line(release, locale, ap=themed.ap_style(release, theme, locale))
    return [full, short] if short != full else [full]


def assemble(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines if line)


def fitted_headline(headline: str, locale: str, others: list[str]) -> str:
    """The headline whole if the post has room for it, else shortened with an ellipsis at the
    last word boundary that fits, else at the last grapheme that fits ("" if none does)."""
    if fits([*others, headline]):
        return headline
    boundaries = grapheme_boundaries(headline)
    words = [i for i in word_boundaries(headline, locale) if i in boundaries]
    for candidates in (words, sorted(boundaries)):
        shortened = longest_fitting([cut(headline, end, boundaries) for end in candidates], others)
        if shortened:
            return shortened
    return ""


def longest_fitting(shortenings: list[str], others: list[str]) -> str:
    """The last of `shortenings` (shortest first) that fits beside `others`, or "".

    A longer prefix never weighs less (but where it completes a link, rare enough to check
    one by one below the first that fits), so a binary search finds it in a few counts."""
    low, high = 0, len(shortenings)  # every index below `low` fits; none from `high` on
    while low < high:
        middle = (low + high) // 2
        if not shortenings[middle] or fits([*others, shortenings[middle]]):
            low = middle + 1
        else:
            high = middle
    for shortened in reversed(shortenings[:low]):
        if shortened and fits([*others, shortened]):
            return shortened
    return ""


def cut(headline: str, end: int, boundaries: set[int]) -> str:
    """`headline[:end]` without the spaces and punctuation it ends in, plus an ellipsis; it
    still ends between two graphemes (a sign that prefixes its neighbour goes with it)."""
    while end > 0 and (end not in boundaries or _trailing(headline[end - 1])):
        end -= 1
    kept = headline[:end]
    return kept + ELLIPSIS if kept.strip() else ""


def _trailing(char: str) -> bool:
    """A space or punctuation a shortened headline does not end in (closing quotes it keeps)."""
    return unicodedata.category(char)[0] in "ZP" and char not in ")]}\"'»”’」』" or char.isspace()


def weighted_length(text: str) -> int:
    """The length of `text` as X counts it (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for word in re.split(r"(\s+)", text):
        if not word:
            continue
        weight = _plain_weight(word)
        if _WHOLE_LINK.fullmatch(word) and word[-1] not in ".":
            weight = LINK_WEIGHT
        elif _MAYBE_LINK.search(word):
            weight += LINK_WEIGHT
        total += weight
    return total


def _light(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in _LIGHT)


def _plain_weight(text: str) -> int:
    if all(map(_light, text)):
        return len(text)
    total = 0
    emoji = _emoji_set()
    for cluster in graphemes(text):
        if not all(map(_light, cluster)) and emoji.contains(cluster):
            total += EMOJI_WEIGHT
        else:
            total += sum(1 if _light(char) else 2 for char in cluster)
    return total


def graphemes(text: str) -> list[str]:
    """`text` as user-perceived characters (extended grapheme clusters, UAX #29)."""
    ends = sorted(grapheme_boundaries(text))
    return [text[start:end] for start, end in zip([0, *ends], ends, strict=False) if end > start]


def grapheme_boundaries(text: str) -> set[int]:
    """The indices of `text` where one grapheme ends and the next begins (and its end)."""
    if text.isascii() and "\r\n" not in text:
        return set(range(1, len(text) + 1))
    return _icu_positions(text, _iterator("character", "und"))


def word_boundaries(text: str, locale: str) -> list[int]:
    """Where the headline may be shortened: after a space in spaced text, at ICU's line
    break opportunities (UAX #14 with its dictionaries) elsewhere; in order."""
    if text.isascii():
        return sorted({i for i, char in enumerate(text) if char == " "} | {len(text)})
    return sorted(_icu_positions(text, _iterator("line", locale)))


def _icu_positions(text: str, iterator: Any) -> set[int]:
    iterator.setText(text)
    # ICU counts in UTF-16 code units: a character beyond the BMP (an emoji) takes two.
    units = [index for index, char in enumerate(text) for _ in range(2 if char > "\uffff" else 1)]
    units.append(len(text))
    return {units[position] for position in iterator if position > 0}


def _iterator(kind: str, locale: str) -> Any:
    found: dict[tuple[str, str], Any] = _PER_THREAD.__dict__.setdefault("iterators", {})
    key = (kind, locale)
    if key not in found:
        import icu  # PyICU (pyicu-wheels): loaded only for a post that is not plain ASCII

        where = icu.Locale(locale.replace("-", "_"))
        make = (
            icu.BreakIterator.createLineInstance
            if kind == "line"
            else icu.BreakIterator.createCharacterInstance
        )
        found[key] = make(where)
    return found[key]


def _emoji_set() -> Any:
    """Every fully-qualified emoji sequence Unicode recommends (RGI_Emoji: the set twemoji draws)."""
    found = getattr(_PER_THREAD, "emoji", None)
    if found is None:
        import icu

        found = _PER_THREAD.emoji = icu.UnicodeSet("[:RGI_Emoji:]")
        found.freeze()  # read-only: faster to look in
    return found
