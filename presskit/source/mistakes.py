"""Warnings about a valid release that looks like a mistake: what a reader would see twice,
text left from `presskit init` (in release.yaml or presskit.yaml), a figure typed where a
statistic would be checked and cited.

Each warning points at the line and column in the file where the mistake is, not only at
the field: a body is long. Warnings never change what is built or the exit code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from presskit import model as m
from presskit.errors import Problem
from presskit.source.document import Document, FieldPath, dotted
from presskit.source.figures import typed_figures
from presskit.source.quotation import stray_marks
from presskit.source.spacing import spaceless

# Text of templates/scaffold/*.yaml that only makes sense as an instruction to the writer: a
# release still holding it was sent before it was finished. (tests/test_check_warnings.py checks
# each is still in a template, and that a release fresh from `presskit init` warns in each field.)
SCAFFOLD_PHRASES = (
    "Replace this headline",
    "One or two sentences that tell a journalist the whole story",
    "The first key point",
    "The second key point",
    "which may cite a figure such as",
    "share of respondents who agreed",
    "Example Survey 2025",
    "The first paragraph: the dateline is added in front of it automatically",
    "More paragraphs, lists and tables",
    "What your spokesperson said, without quotation marks",
    "Sam Example",
    "Example Organisation",  # `presskit init`'s organisation when none is given
    "Anything a journalist should know but need not print",
    "Say in two or three sentences who you are and what you do",
)
# Lines of the template too plain to be found inside a sentence: warned about as whole lines.
SCAFFOLD_LINES = ("A section heading", "a bullet point", "another one")

# RFC 2606 keeps these domains for examples: no reader can reach a link or address there.
EXAMPLE_DOMAIN = re.compile(
    r"(?<![\w.@-])([\w-]+(?:\.[\w-]+)*@)?(?:[\w-]+\.)*example\.(?:org|com|net)\b", re.I
)

FIGURE_FIELDS: tuple[FieldPath, ...] = (("body",), ("standfirst",))
_MARKDOWN_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def release_mistakes(doc: Document, release: m.Release) -> list[Problem]:
    """Every warning of this module about `doc`, the release.yaml `release` was built from."""
    where = _Locator(doc)
    out = [problem for at, text in _strings(doc.data) for problem in _placeholders(where, at, text)]
    quotes = doc.data.get("quotes")
    for key, quote in (quotes if isinstance(quotes, dict) else {}).items():
        path: FieldPath = ("quotes", key, "text")
        for text_path, text in _strings(quote.get("text") if isinstance(quote, dict) else None, path):
            for index, message in stray_marks(text):
                hint = "remove them: presskit sets the quote in the language's own quotation marks"
                out.append(where.warning(text_path, message, hint, text, index))
    for path in (*FIGURE_FIELDS, *(("highlights", i) for i in range(len(release.highlights)))):
        text = doc.value(path)
        if not isinstance(text, str):
            continue
        for index, written, stat_id in typed_figures(text, release.statistics, release.locale):
            out.append(
                where.warning(
                    path,
                    f"{written} is written as text, but it is the statistic {stat_id}",
                    f"use {{stat:{stat_id}}} so the figure is checked and cited",
                    text,
                    index,
                )
            )
    return out


def newsroom_mistakes(doc: Document) -> list[tuple[FieldPath, Problem]]:
    """Text left from `presskit init` and example domains in `doc`, a presskit.yaml, each warning
    with the path of its field: a release is warned about those of the fields it carries."""
    where = _Locator(doc)
    return [
        (path, problem) for path, text in _strings(doc.data) for problem in _placeholders(where, path, text)
    ]


def _placeholders(where: _Locator, path: FieldPath, text: str) -> Iterator[Problem]:
    """A warning for template text in the text at `path`, and one for an example domain."""
    scaffold = _scaffold_text(text)
    if scaffold is not None:
        phrase, index = scaffold
        message = f'still holds the template text of presskit init: "{phrase}"'
        yield where.warning(path, message, "replace it before sending", text, index)
    found = EXAMPLE_DOMAIN.search(text)
    if found is not None:
        what = "e-mail address" if found.group(1) else "link"
        message = f"{found.group(0)} is a placeholder {what}: example domains reach no one"
        yield where.warning(path, message, "replace it before sending", text, found.start())


def _strings(node: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text of the document with its field path, in document order."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))


def _scaffold_text(text: str) -> tuple[str, int] | None:
    """The template phrase `text` still holds, as the template writes it, and where; or None."""
    for phrase in SCAFFOLD_PHRASES:
        found = re.search(r"\s+".join(map(re.escape, phrase.split())), text, re.I)
        if found is not None:
            return phrase, found.start()
    at = 0
    for line in text.splitlines(keepends=True):
        marker = _MARKDOWN_MARKER.match(line)
        bare = line[marker.end() if marker else 0 :].strip().rstrip(".").casefold()
        for phrase in SCAFFOLD_LINES:
            if bare == phrase.casefold():
                return phrase, at + len(line) - len(line.lstrip())
        at += len(line)
    return None


class _Locator:
    """Where in the file a character of a value stands (line and column), found by looking
    for it in the file's text between the value's start and the next field's."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.line_starts = [0] + [found.end() for found in _LINE_BREAK.finditer(self.text)]
        self.starts = sorted(self._offset(line, col) for line, col in _positions(doc.data))

    def warning(
        self, path: FieldPath, message: str, hint: str, value: str | None = None, index: int = 0
    ) -> Problem:
        line, col = self.doc.position(path)
        if value is not None and self.text:
            line, col = self._find(line, col, value, index) or (line, col)
        return Problem(message, self.doc.path, line, col, dotted(path), hint, severity="warning")

    def _offset(self, line: int, col: int) -> int:
        """Offset in the text of a 0-based line and column."""
        return self.line_starts[min(line, len(self.line_starts) - 1)] + col

    def _find(self, line: int, col: int, value: str, index: int) -> tuple[int, int] | None:
        """1-based line and column of `value[index]`: the same word, as often before it in the file
        as in the value, between the value's start and the next field's; None if it is not there
        (an escape in a quoted scalar writes it otherwise)."""
        start = self._offset(line - 1, col - 1)
        if start < len(self.text) and self.text[start] in "|>":
            start = self.text.find("\n", start) + 1 or len(self.text)  # a block starts on the next line
        elif start < len(self.text) and self.text[start] in "\"'":
            start += 1  # the scalar's own quotation mark
        later = bisect.bisect_right(self.starts, start)
        end = self.starts[later] if later < len(self.starts) else len(self.text)
        needle = _needle(value[index:])
        before = value[:index].count(needle)
        at = start - 1
        for _ in range(before + 1):
            at = self.text.find(needle, at + 1, end)
            if at < 0:
                return None
        row = bisect.bisect_right(self.line_starts, at) - 1
        return row + 1, at - self.line_starts[row] + 1


def _needle(rest: str) -> str:
    """The word `rest` starts with, to look for in the file: never more than one character of a
    language written without spaces, whose line breaks the value no longer holds (spacing.py)."""
    word = re.match(r"\w+|.", rest, re.S)
    needle = word.group(0) if word else rest[:1]
    cut = next((i for i, char in enumerate(needle) if spaceless(char)), len(needle))
    return needle[: max(cut, 1)]


def _positions(node: Any) -> Iterator[tuple[int, int]]:
    """The 0-based line and column of every key and list item in the document."""
    data = getattr(getattr(node, "lc", None), "data", None)
    if isinstance(node, dict):
        for key, value in node.items():
            if data and key in data:
                yield data[key][0], data[key][1]
            yield from _positions(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if data and i in data:
                yield data[i][0], data[i][1]
            yield from _positions(value)
