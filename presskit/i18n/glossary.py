"""The glossary: proper names and brand terms translations keep (presskit.yaml's `glossary:`).

A term is kept as written in every language (`translate: false`) or written as each listed
language writes it. The translators' files say so where a term occurs: XLIFF 1.2 marks it
`<mrk mtype="protected">` (kept) or `<mrk mtype="term">` (with its rendering) inside the
source, XLIFF 2.0 `<mrk translate="no">` or `<mrk type="term">`, and every format carries a
note naming the terms of the unit; a TBX glossary (`glossary_tbx`) goes beside the file.
A translation whose target lacks a term it should keep, or its rendering, is a warning
naming the term (`term_warnings`), at merge and at build.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from presskit import model as m
from presskit.errors import Problem
from presskit.i18n.inline import Pieces

Version = Literal["1.2", "2.0"]
HINT = "keep the glossary's term (presskit.yaml, glossary:)"


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    term: m.GlossaryTerm


def _joins(a: str, b: str) -> bool:
    """Whether `a` then `b` would be one word: both letters or digits of a script that spaces
    its words (a term inside a Chinese or Japanese sentence has no spaces around it)."""
    return a.isalnum() and b.isalnum() and not (_unspaced(a) or _unspaced(b))


def _unspaced(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"))


def find_terms(text: str, terms: Iterable[m.GlossaryTerm]) -> list[Occurrence]:
    """Where each term occurs in `text` as a whole word, longest terms first, none overlapping."""
    found: list[Occurrence] = []
    taken = [False] * len(text)
    for term in sorted(terms, key=lambda t: -len(t.term)):
        start = text.find(term.term)
        while start != -1:
            end = start + len(term.term)
            whole = not (start > 0 and _joins(text[start - 1], text[start])) and not (
                end < len(text) and _joins(text[end - 1], text[end])
            )
            if whole and not any(taken[start:end]):
                found.append(Occurrence(start, end, term))
                taken[start:end] = [True] * (end - start)
            start = text.find(term.term, start + 1)
    return sorted(found, key=lambda o: o.start)


def words(pieces: Pieces) -> str:
    """The text of `pieces`, placeholders left out and spaces collapsed, as a term is searched in."""
    return " ".join("".join(p for p in pieces if isinstance(p, str)).split())


def applying(glossary: Sequence[m.GlossaryTerm], locale: str) -> list[m.GlossaryTerm]:
    """The terms that say how a translation into `locale` writes them."""
    return [term for term in glossary if term.rendering(locale) is not None]


def unit_terms(glossary: Sequence[m.GlossaryTerm], source: Pieces, locale: str) -> list[m.GlossaryTerm]:
    """The terms a unit's source holds that a translation into `locale` must keep, once each."""
    found = find_terms(words(source), applying(glossary, locale))
    return list({o.term.term: o.term for o in found}.values())


def _instruction(term: m.GlossaryTerm, locale: str) -> str:
    if term.keep:
        text = f"keep “{term.term}” as written"
    else:
        text = f"write “{term.term}” as “{term.rendering(locale)}”"
    return f"{text} ({term.note})" if term.note else text


def terms_note(glossary: Sequence[m.GlossaryTerm], source: Pieces, locale: str) -> str:
    """A note for translators naming the unit's glossary terms; "" where it holds none."""
    terms = unit_terms(glossary, source, locale)
    if not terms:
        return ""
    return "Glossary: " + "; ".join(_instruction(t, locale) for t in terms) + "."


def altered_terms(
    glossary: Sequence[m.GlossaryTerm], source: Pieces, target: Pieces, locale: str
) -> list[str]:
    """What is wrong with `target` for each glossary term `source` holds: the kept term or its
    rendering is not in the translation. Anywhere in it will do: a language may join a word to
    it (Arabic's و, German compounds), which is no alteration."""
    text = words(target)
    messages = []
    for term in unit_terms(glossary, source, locale):
        expected = term.rendering(locale)
        assert expected is not None
        if expected in text:
            continue
        if term.keep:
            messages.append(
                f"the glossary keeps “{term.term}” as written; the {locale} translation alters it"
            )
        else:
            messages.append(
                f"the glossary writes “{term.term}” as “{expected}” in {locale}; the translation does not"
            )
    return messages


def term_warnings(
    glossary: Sequence[m.GlossaryTerm],
    unit_id: str,
    source: Pieces,
    target: Pieces,
    locale: str,
    path: Path | None,
    line: int | None,
) -> list[Problem]:
    """`path:line: unit: …` for each glossary term the translation of `unit_id` alters."""
    return [
        Problem(message, path, line, field=unit_id, severity="warning", hint=HINT)
        for message in altered_terms(glossary, source, target, locale)
    ]


# ---------------------------------------------------------------------------
# XLIFF markup


def mark_terms(element: Any, glossary: Sequence[m.GlossaryTerm], locale: str, version: Version) -> None:
    """Wrap each glossary term in the text of `element` (a <source>) in XLIFF's <mrk>.

    Only text is searched, so a term split by an inline code (bold on one of its words) is
    left unmarked; the unit's note names it all the same.
    """
    from lxml import etree

    terms = applying(glossary, locale)
    if not terms:
        return
    namespace = etree.QName(element).namespace
    counter = [0]

    def marker(term: m.GlossaryTerm) -> Any:
        counter[0] += 1
        mrk = etree.Element(f"{{{namespace}}}mrk")
        if version == "1.2":
            mrk.set("mtype", "protected" if term.keep else "term")
            if not term.keep:
                mrk.set("comment", f"{locale}: {term.rendering(locale)}")
        else:
            mrk.set("id", f"term{counter[0]}")  # apart from the inline codes' numeric ids
            if term.keep:
                mrk.set("translate", "no")
            else:
                mrk.set("type", "term")
                mrk.set("value", f"{locale}: {term.rendering(locale)}")
        return mrk

    def split(text: str) -> tuple[str, list[Any]]:
        """`text` up to its first term, and the <mrk>s (each with the text after it as its tail)."""
        found = find_terms(text, terms)
        if not found:
            return text, []
        marks = []
        for index, occurrence in enumerate(found):
            mrk = marker(occurrence.term)
            mrk.text = text[occurrence.start : occurrence.end]
            following = found[index + 1].start if index + 1 < len(found) else len(text)
            mrk.tail = text[occurrence.end : following] or None
            marks.append(mrk)
        return text[: found[0].start], marks

    def walk(node: Any) -> None:
        children = list(node)
        head, marks = split(node.text or "")
        if marks:
            node.text = head or None
            for position, mrk in enumerate(marks):
                node.insert(position, mrk)
        for child in children:
            if isinstance(child.tag, str) and len(child) + len(child.text or ""):
                walk(child)
            tail, marks = split(child.tail or "")
            if marks:
                child.tail = tail or None
                at = node.index(child) + 1
                for offset, mrk in enumerate(marks):
                    node.insert(at + offset, mrk)

    walk(element)


# ---------------------------------------------------------------------------
# TBX


def glossary_tbx(glossary: Sequence[m.GlossaryTerm], source_locale: str, locale: str) -> bytes | None:
    """The terms that apply to `locale` as a TBX glossary (translate-toolkit's, which CAT tools
    read): each term with its rendering, a kept term marked `Translation needed: no`. None
    when no term applies."""
    from lxml import etree
    from translate.storage import tbx

    terms = applying(glossary, locale)
    if not terms:
        return None
    store: Any = tbx.tbxfile(sourcelanguage=source_locale, targetlanguage=locale)
    for index, term in enumerate(terms):
        entry = store.addsourceunit(term.term)
        entry.setid(f"term-{index + 1}")
        entry.settarget(term.rendering(locale), lang=locale)
        element = entry.xmlelement  # a termEntry's own descriptions come before its langSets
        if term.note:
            definition = etree.Element(entry.namespaced("descrip"), type="definition")
            definition.text = term.note
            element.insert(0, definition)
        if term.keep:
            needed = etree.Element(entry.namespaced("descrip"), type="Translation needed")
            needed.text = "no"
            element.insert(0, needed)
    for described in store.document.getroot().iter("p"):
        described.text = f"presskit glossary, {source_locale} to {locale}"
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()
