"""The direction of a paragraph's text: the Unicode Bidirectional Algorithm's embedding levels.

python-bidi's rules resolve the levels, plus bracket pairs (rule N0), which it
lacks; a paragraph takes the locale's base direction, or the other one where it
is written wholly in the other direction.
"""

from __future__ import annotations

import unicodedata

from presskit.words import fonts


def embedding_levels(text: str, base_level: int) -> list[int]:
    """The resolved embedding level of each character (rules P2 to I2 of UAX #9)."""
    if base_level == 0 and not fonts.has_right_to_left(text):
        return [0] * len(text)
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    algorithm.get_embedding_levels(text, storage)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [-1] * len(text)
    for entry in storage["chars"]:
        levels[entry["index"]] = entry["level"]
    # Characters rule X9 removed (joiners, embedding controls) take their neighbour's level.
    previous = base_level
    for index, level in enumerate(levels):
        levels[index] = previous = level if level >= 0 else previous
    resolve_bracket_pairs(text, levels, base_level)
    return levels


BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}


def resolve_bracket_pairs(text: str, levels: list[int], base_level: int) -> None:
    """Rule N0, which python-bidi lacks: a bracket pair takes one direction for both brackets.

    Without it `GTA25 (https://example.org/)` in Arabic shows its closing
    bracket on the wrong side. The pair goes with the paragraph's direction if
    its content has a strong character of that direction; else, if it has one
    of the other direction and so has the text before the pair, with that one.
    """
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char in BRACKETS:
            stack.append(index)
        elif stack and BRACKETS.get(text[stack[-1]]) == char:
            pairs.append((stack.pop(), index))

    def strong(char: str) -> int | None:  # 0 for L, 1 for R; numbers count as R here (rule N0)
        kind = unicodedata.bidirectional(char)
        return 0 if kind == "L" else 1 if kind in ("R", "AL", "EN", "AN") else None

    own = base_level % 2
    # Counts of strong characters of each direction before each index, and the last strong
    # direction before it: one pass, where reading each pair's content and the text before
    # it would cost the square of the length for a paragraph of many (or nested) brackets.
    counts = [(0, 0)]
    last: list[int | None] = [None]
    for char in text:
        direction = strong(char)
        left, right = counts[-1]
        counts.append((left + (direction == 0), right + (direction == 1)))
        last.append(direction if direction is not None else last[-1])
    for opening, closing in sorted(pairs):
        inside = {d for d in (0, 1) if counts[closing][d] - counts[opening + 1][d]}
        if not inside:
            continue
        found = last[opening]
        before = own if found is None else found
        other_way = own not in inside and before != own
        levels[opening] = levels[closing] = base_level + 1 if other_way else base_level


def paragraph_is_right_to_left(text: str, document_rtl: bool) -> bool:
    """The document's direction, unless the paragraph is written wholly in the other one
    (an untranslated English paragraph in an Arabic release is laid out left to right)."""
    kinds = {unicodedata.bidirectional(char) for char in text} if not text.isascii() else {"L"}
    if document_rtl:
        return not ("L" in kinds and not kinds & fonts.RTL_CLASSES)
    return bool(kinds & fonts.RTL_CLASSES) and "L" not in kinds
