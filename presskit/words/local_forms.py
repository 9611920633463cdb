"""The forms a locale's press writes where CLDR's general ones are not what it prints, each
given by the locale's catalogue (`labels.SETTINGS`), so a translator extends them there:

- `currency.<ISO code>` (and `currency.<code>.compact` where a compact amount is set
  otherwise): the amount's pattern, `{number}円` for "1,500,000円" and "15億円", `{number}원`
  and `{number} 원` for "1,500,000원" and "1200억 원", `新臺幣{number}元`. A currency without
  one is written as CLDR writes it (￥1,500,000, US$5 billion).
- `contractions`: a preposition and an article that merge where a label's preposition meets
  a name beginning with that article, one pair a line, `de le → du`: "À propos du Centre
  national…" for "À propos de {organisation}" and "Le Centre national…".
- `quote_marks.after`: the punctuation a quote's last paragraph ends with that goes after
  the closing mark, not before it: `.` in Russian («Текст».), where "?", "!" and "…" stay inside.
"""

from __future__ import annotations

from dataclasses import replace

from presskit import model as m
from presskit.words.labels import label, quote_marks, setting

ARROW = "→"
APOSTROPHES = "'’"


def currency_pattern(currency: str, compact: bool, locale: str) -> str | None:
    """The catalogue's pattern for an amount in `currency` (with `{number}`), or None."""
    if compact:
        found = setting(f"currency.{currency}.compact", locale)
        if found is not None:
            return found
    return setting(f"currency.{currency}", locale)


def local_amount(number: str, sign: str, currency: str, compact: bool, locale: str) -> str | None:
    """`number` (the amount's digits and size word, without sign) in the locale's own form for
    `currency`, the minus sign leading it as CLDR's negative patterns lead theirs
    ("-1,500,000円", "-新臺幣35億元"); None where the catalogue has no form for it."""
    pattern = currency_pattern(currency, compact, locale)
    if pattern is None:
        return None
    return sign + pattern.format(number=number)


def contractions(locale: str) -> tuple[tuple[str, str], ...]:
    """The locale's (preposition and article, contracted form) pairs: (("de le", "du"), …)."""
    written = setting("contractions", locale) or ""
    pairs = []
    for line in written.splitlines():
        before, arrow, after = line.partition(ARROW)
        if arrow and before.split() and after.strip():
            pairs.append((" ".join(before.split()), after.strip()))
    return tuple(pairs)


def _folded(text: str) -> str:
    return text.replace("’", "'").casefold()


def contracted(before: str, name: str, locale: str) -> str:
    """`before` followed by `name`, the preposition that ends `before` merged with the article
    that begins `name` where the locale contracts them: ("À propos de ", "Le Centre") gives
    "À propos du Centre", ("Informazioni su ", "L'Espresso") "Informazioni sull'Espresso";
    "de La Poste" and "de L'Oréal" stay as they are."""
    for joined, merged in contractions(locale):
        *words, article = joined.split(" ")
        preposition = " ".join(words)
        stem = before.removesuffix(" ")
        if not words or stem == before or not _folded(stem).endswith(_folded(preposition)):
            continue
        head = stem[: len(stem) - len(preposition)]
        if head and not head[-1].isspace():
            continue  # part of a longer word
        elided = article[-1] in APOSTROPHES
        first, _, rest = name.partition(" ")
        if elided and _folded(name).startswith(_folded(article)) and len(name) > len(article):
            return f"{head}{merged}{name[len(article) :]}"
        if not elided and rest and _folded(first) == _folded(article):
            return f"{head}{merged} {rest}"
    return before + name


def named_label(key: str, locale: str, organisation: str) -> str:
    """The label `key` with `{organisation}` filled in, the preposition before it contracted with
    the name's article where the language does ("À propos du Centre", "pour le compte du Centre")."""
    before, _, after = label(key, locale, organisation="\0").partition("\0")
    return contracted(before, organisation, locale) + after


def closing_quote(paragraph: m.Inlines, locale: str) -> tuple[m.Inlines, str]:
    """A quote's last paragraph and what closes it: the closing mark, and after it the full
    stop where the locale sets it there (`quote_marks.after`), taken from the paragraph's end.
    An ellipsis, "?" or "!" stays inside the marks, and so does anything else."""
    closing = quote_marks(locale)[1]
    after = setting("quote_marks.after", locale) or ""
    trimmed, moved = _take_last(paragraph, after)
    return (trimmed, closing + moved) if moved else (paragraph, closing)


def _take_last(inlines: m.Inlines, wanted: str) -> tuple[m.Inlines, str]:
    """`inlines` without the one mark of `wanted` their text ends with (inside emphasis or a
    link too), and that mark; unchanged, and "", where they end otherwise."""
    if not inlines or not wanted:
        return inlines, ""
    *head, last = inlines
    if isinstance(last, m.Text):
        text = last.text.rstrip()
        if text and text[-1] in wanted and not text.endswith(("..", "…")):
            rest = text[:-1]
            return ((*head, m.Text(rest)) if rest else tuple(head)), text[-1]
        if not text and head:
            return _take_last(tuple(head), wanted)
        return inlines, ""
    if isinstance(last, m.Strong | m.Emphasis | m.Link):
        children, mark = _take_last(last.children, wanted)
        if mark:
            return (*head, replace(last, children=children)), mark
    return inlines, ""
