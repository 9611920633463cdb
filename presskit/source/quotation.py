"""Quotation marks in a quote's own text, which presskit already sets in the language's marks
(“…”, « … », „…“, 「…」): written there too, the reader sees them twice.

A quote may quote someone else inside it (She told me “never again”); that is fine when the
inner quotation is closed and does not wrap the whole text. What warns: marks wrapping the
text (or a paragraph of it), and a mark with no partner, which is how a writer's own opening
or closing mark usually shows. An apostrophe (don’t, teachers’) is not a quotation mark.
"""

from __future__ import annotations

import re
import unicodedata

# Each mark and its family: a mark closes only one of its own family.
_FAMILY = {
    **dict.fromkeys('"“”„‟＂〝〞〟', "double"),
    **dict.fromkeys("«»", "guillemets"),
    **dict.fromkeys("‹›", "single guillemets"),
    **dict.fromkeys("‘’‚‛'", "single"),
    "「": "corner",
    "」": "corner",
    "『": "white corner",
    "』": "white corner",
}
# What a mark is when its neighbours do not tell (CJK text has no spaces around them).
_OPENS = set("“„‟‘‚‛«‹「『〝")
_CLOSES = set("”’»›」』〞〟")
_ALWAYS = {"「": True, "『": True, "」": False, "』": False}  # True: opens
_TRAILING = ".,;:!?…。，、！？"
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def stray_marks(text: str) -> list[tuple[int, str]]:
    """(index in `text`, message) for each paragraph of `text` whose quotation marks look like
    the writer's own: wrapping it, or opening or closing with no partner."""
    out: list[tuple[int, str]] = []
    start = 0
    for separator in [*_PARAGRAPH.finditer(text), None]:
        end = separator.start() if separator else len(text)
        found = _paragraph_marks(text[start:end])
        if found is not None:
            out.append((start + found[0], found[1]))
        start = separator.end() if separator else end
    return out


def _paragraph_marks(text: str) -> tuple[int, str] | None:
    pairs, unpaired = _pair(text)
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip().rstrip(_TRAILING)) - 1
    if (first, last) in pairs:
        return first, f"is wrapped in quotation marks ({text[first]}…{text[last]})"
    if unpaired:
        at, opens = unpaired[0]
        where = "starts with" if at == first else "ends with" if at == last else "has"
        left = "that is never closed" if opens else "that closes nothing"
        return at, f"{where} a quotation mark ({text[at]}) {left}"
    return None


def _pair(text: str) -> tuple[set[tuple[int, int]], list[tuple[int, bool]]]:
    """Pairs of marks (opening index, closing index) and the marks with no partner (index,
    and whether it opens).

    A single mark left alone is an apostrophe (’90s, the teachers’ union), except an opening
    one at the very start of the text.
    """
    stack: list[tuple[str, int]] = []
    open_in: dict[str, int] = {}  # how many of each family are open on the stack
    pairs: set[tuple[int, int]] = set()
    unpaired: list[tuple[int, bool]] = []
    first = len(text) - len(text.lstrip())
    for i, char in enumerate(text):
        family = _FAMILY.get(char)
        if family is None:
            continue
        before = text[i - 1] if i else None
        after = text[i + 1] if i + 1 < len(text) else None
        if family == "single" and before and after and before.isalnum() and after.isalnum():
            continue  # don’t, l’État
        if _opens(char, before, after, open_in.get(family, 0) > 0):
            stack.append((family, i))
            open_in[family] = open_in.get(family, 0) + 1
            continue
        if not open_in.get(family):
            if family != "single":
                unpaired.append((i, False))
            continue
        match = next(n for n in range(len(stack) - 1, -1, -1) if stack[n][0] == family)
        unpaired.extend((j, True) for f, j in stack[match + 1 :] if f != "single")
        pairs.add((stack[match][1], i))
        for f, _ in stack[match:]:
            open_in[f] -= 1
        del stack[match:]
    unpaired.extend((j, True) for f, j in stack if f != "single" or (j == first and text[j] in _OPENS))
    return pairs, sorted(unpaired)


def _opens(char: str, before: str | None, after: str | None, inside: bool) -> bool:
    """Whether the mark opens a quotation: by what stands either side (“word” opens before a word
    and after a space; „…“ closes after one), else by the mark itself."""
    if char in _ALWAYS:
        return _ALWAYS[char]
    left = after is not None and not after.isspace() and _opening_side(before)
    right = before is not None and not before.isspace() and _closing_side(after)
    if left != right:
        return left
    if inside:
        return False
    return char not in _CLOSES


def _opening_side(char: str | None) -> bool:
    return (
        char is None or char.isspace() or unicodedata.category(char) in ("Ps", "Pi", "Pd") or char in _FAMILY
    )


def _closing_side(char: str | None) -> bool:
    return char is None or char.isspace() or unicodedata.category(char).startswith("P") or char in _FAMILY
