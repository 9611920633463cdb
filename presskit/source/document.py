"""Reading YAML and JSON input with every value's position kept.

Both formats go through ruamel.yaml's round-trip loader (JSON is YAML 1.2 in
practice), so a problem anywhere can be reported as `path:line:col`.
Timestamps are left as strings: dates and instants are parsed by the schema,
which reports a bad one with its field name instead of a bare YAML error.
"""

from __future__ import annotations

import bisect
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from presskit.errors import Problem, ValidationFailed
from presskit.source.reading import UnreadableFile, read_regular
from presskit.source.spacing import unfolded

MAX_INPUT_BYTES = 5 * 1024 * 1024  # a release is text; anything larger is a mistake
MAX_NODES = 200_000  # guards against alias "billion laughs" expansion
# Python refuses to turn longer digit strings into an int (the conversion is quadratic);
# no field of a release needs a number anywhere near this long.
MAX_INTEGER_DIGITS = 4300
MAX_CHARACTER_PROBLEMS = 10  # a file full of control characters gets a few lines, not millions

# What a file may not hold raw: C0 controls other than tab and line ends, DEL, C1 controls
# (U+0085 included), U+FFFE/U+FFFF, and the Unicode line and paragraph separators, which
# YAML reads as line breaks while editors do not, so every position after them would be off.
REFUSED_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


class OversizedNumber:
    """Stands for an integer too long to convert, so the walk after parsing reports it with its field."""


class _Constructor(RoundTripConstructor):
    def construct_yaml_int(self, node: Any) -> Any:
        # Refused before converting: converting a long digit string takes quadratic time.
        if len(str(node.value)) > MAX_INTEGER_DIGITS:
            return OversizedNumber()
        value = super().construct_yaml_int(node)
        if abs(value) >= _INTEGER_LIMIT:  # a hexadecimal or sexagesimal number may be shorter than its value
            return OversizedNumber()
        return value

    def construct_yaml_str(self, node: Any) -> Any:
        # YAML folds a line break into a space; between two Chinese, Japanese or Thai characters
        # it is none, as in the blocks YAML keeps the breaks of (spacing.py).
        return unfolded(node, super().construct_yaml_str(node))


_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS
_TOO_LONG = (
    f"a number of more than {MAX_INTEGER_DIGITS:,} digits",
    "a statistic's value has at most 30 digits before the decimal point",
)
_SURROGATE_HINT = "remove the escape"


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:str", _Constructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)

FieldPath = tuple[str | int, ...]


def dotted(path: Sequence[str | int]) -> str:
    """`("quotes", "lee", "speaker")` → `quotes.lee.speaker`; list items as `[0]`.

    A key YAML read as something else (`true:`, `1.5:`, `~:`) is shown as Python writes it,
    so a problem about it can still be reported.
    """
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


MAX_MERGE_DEPTH = 32  # merged mappings that merge others in turn: a bound, should aliases ever loop


def _entry_position(node: CommentedMap, key: Any, *, of_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) of `key`'s value in `node` (of the key itself with `of_key`).

    A key inherited through a YAML merge key (`<<: *base`) has no position in the mapping
    that inherits it: it is where the merged mapping that supplies it says it, the first
    one holding it (the one whose value wins), else the inheriting mapping's own start.
    """
    current = node
    for _ in range(MAX_MERGE_DEPTH):
        own = current.lc.data or {}
        if key in own:
            line, col, value_line, value_col = own[key]
            return (line, col) if of_key else (value_line, value_col)
        merged = [m for m in getattr(current, merge_attrib, ()) if isinstance(m, CommentedMap) and key in m]
        if not merged:
            break
        current = merged[0]
    return node.lc.line, node.lc.col


@dataclass(frozen=True)
class Document:
    """A parsed input file: its data and where each value came from."""

    path: Path
    data: Any
    # The file as read, for a warning that points at a word inside a value.
    text: str = field(default="", repr=False, compare=False, kw_only=True)

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its nearest ancestor.

        With `key=True`, the position of the mapping key itself (for "unknown
        field" problems) rather than its value.
        """
        node = self.data
        line, col = 0, 0
        if isinstance(node, CommentedMap | CommentedSeq):
            line, col = node.lc.line, node.lc.col
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            if isinstance(node, CommentedMap) and part in node:
                line, col = _entry_position(node, part, of_key=key and last)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        return line + 1, col + 1

    def problem(
        self, path: FieldPath, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(message, self.path, line, col, dotted(path) or None, hint)

    def value(self, path: FieldPath) -> Any:
        """The raw value at `path`, or None where the path does not exist."""
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def folded_line(self, path: FieldPath, value_line: int) -> int | None:
        """The file's line (1-based) where line `value_line` (0-based) of a folded (`>`) text
        value starts, or None for any other value.

        Folding joins a paragraph's lines and turns a blank line into a line break, so
        the value's lines are not the file's: each value line is found in the file as the
        next line its text starts with (or that starts its text, where the file's line is
        shorter), a blank value line as the next blank one.
        """
        value = self.value(path)
        if not isinstance(value, FoldedScalarString) or not self.text:
            return None
        indicator, _ = self.position(path)
        source = self.text.splitlines()[indicator:]  # the lines after the `>` indicator
        at = 0
        for index, line in enumerate(str(value).split("\n")[: value_line + 1]):
            wanted = line.strip()
            while at < len(source):
                there = source[at].strip()
                if (not wanted and not there) or (
                    there and (wanted.startswith(there) or there.startswith(wanted))
                ):
                    break
                at += 1
            if at == len(source):
                return None
            if index == value_line:
                return indicator + 1 + at
            at += 1
        return None

    def text_line_offset(self, path: FieldPath) -> int:
        """Lines between a text value's position and its first line of content.

        Literal (`|`) and folded (`>`) blocks start on the line after their
        indicator; plain and quoted scalars start where they stand.
        """
        return 1 if isinstance(self.value(path), LiteralScalarString | FoldedScalarString) else 0


@dataclass(frozen=True)
class _BadValue:
    where: FieldPath
    message: str
    hint: str
    key: Any = None  # the offending key of the mapping at `where`, when it is a key that is wrong


_COMPLEX_KEY = (
    "a key must be text, not a list or mapping",
    "field names and ids are plain words, e.g. timezone:",
)


def _first_bad_value(data: Any) -> _BadValue | None:
    """Walk the document without recursion: too many nodes (alias bombs), a lone surrogate,
    a huge number, a complex key (`? [at]`: no field or id is a list or a mapping)."""
    budget = MAX_NODES
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        budget -= 1
        if budget < 0:
            return _BadValue(
                (),
                "the document expands to too many values (aliases?)",
                "write it out without YAML aliases",
            )
        if isinstance(node, OversizedNumber):
            return _BadValue(path, *_TOO_LONG)
        if isinstance(node, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in node):
                message = "contains a lone surrogate (an escape such as \\ud800), which is not a character"
                return _BadValue(path, message, _SURROGATE_HINT)
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in key):
                    message = "a key contains a lone surrogate, which is not a character"
                    return _BadValue(path, message, _SURROGATE_HINT, key)
                if isinstance(key, OversizedNumber):
                    return _BadValue(path, *_TOO_LONG, key)
                if isinstance(key, tuple | Mapping):  # ruamel's CommentedKeySeq and CommentedKeyMap
                    return _BadValue(path, *_COMPLEX_KEY, key)
                stack.append(((*path, key if isinstance(key, str | int) else str(key)), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), value) for i, value in enumerate(node))
    return None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationFailed(
            [Problem("the file is UTF-16; presskit reads UTF-8", path, 1, 1, hint="save it as UTF-8")]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise ValidationFailed(
            [
                Problem(
                    f"byte 0x{raw[err.start]:02x} is not UTF-8",
                    path,
                    line,
                    col,
                    hint="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
                )
            ]
        ) from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file (never a pipe or device, which could hang) of at most 5 MB."""
    if path.is_dir():
        raise ValidationFailed([Problem("is a folder, expected a YAML or JSON file", path)])
    try:
        info = path.stat()  # does not block, even on a named pipe
    except OSError:
        info = None  # read_regular says what is wrong (missing, a broken link…)
    hint = "keep large documents as assets, not in the release text"
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
        message = f"the file is {info.st_size / 1048576:.1f} MB; the limit is {MAX_INPUT_BYTES // 1048576} MB"
        raise ValidationFailed([Problem(message, path, hint=hint)])
    try:
        return read_regular(path, MAX_INPUT_BYTES, hint=hint)
    except UnreadableFile as error:
        raise ValidationFailed([Problem(error.message, error.path, hint=error.hint)]) from None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, counting lines as editors do (by "\\n")."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse_tabs(path: Path, text: str) -> None:
    if "\t" in text and path.suffix.lower() != ".json":
        line, col = _line_column(text, text.index("\t"))
        raise ValidationFailed(
            [
                Problem(
                    "a tab character; YAML indents with spaces",
                    path,
                    line,
                    col,
                    hint="replace tabs with spaces",
                )
            ]
        )


def _character_problems(path: Path, text: str) -> list[Problem]:
    """Each raw character the file may not hold, located to its line, column and field."""
    matches = REFUSED_CHARACTER.finditer(text)
    found = [match for _, match in zip(range(MAX_CHARACTER_PROBLEMS), matches, strict=False)]
    if not found:
        return []
    field_at = _field_finder(REFUSED_CHARACTER.sub(" ", text))
    problems = []
    for match in found:
        line, col = _line_column(text, match.start())
        message, hint = _refused_character(match.group())
        problems.append(Problem(message, path, line, col, field_at(line, col), hint))
    following = next(matches, None)
    if following is not None:
        more = 1 + sum(1 for _ in matches)
        line, col = _line_column(text, following.start())
        problems.append(Problem(f"and {more:,} more such characters from here on", path, line, col))
    return problems


def _refused_character(char: str) -> tuple[str, str]:
    """The message and hint for one character REFUSED_CHARACTER matched."""
    name = f"unacceptable character #x{ord(char):04x}"
    if char == "\u2028":
        return f"{name}, a line separator", "use a new line or a space"
    if char == "\u2029":
        return f"{name}, a paragraph separator", "use a blank line"
    if char in "\ufffe\uffff":
        return f"{name}, a noncharacter", "delete it"
    return f"{name}, a control character", "delete it; most editors do not show it"


def _field_finder(text: str) -> Callable[[int, int], str | None]:
    """For a 1-based position, the field whose key or value starts last before it (None if unknown)."""
    try:
        data = _yaml().load(text)
    except (YAMLError, RecursionError, ValueError):
        return lambda line, col: None
    starts: list[tuple[tuple[int, int], FieldPath]] = []
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack and len(starts) < MAX_NODES:
        path, node = stack.pop()
        if isinstance(node, CommentedMap):
            for key in node.lc.data or {}:  # its own keys: merged ones are found where they are written
                inner = (*path, key if isinstance(key, str | int) else str(key))
                starts.append((_entry_position(node, key, of_key=True), inner))
                starts.append((_entry_position(node, key), inner))
                stack.append((inner, node[key]))
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                starts.append((tuple(node.lc.item(index)), (*path, index)))
                stack.append(((*path, index), value))
    starts.sort(key=lambda start: start[0])
    positions = [start for start, _ in starts]

    def field_at(line: int, col: int) -> str | None:
        index = bisect.bisect_right(positions, (line - 1, col - 1)) - 1
        return (dotted(starts[index][1]) or None) if index >= 0 else None

    return field_at


def _parse(path: Path, text: str) -> Any:
    try:
        return _yaml().load(text)
    except RecursionError:
        raise ValidationFailed(
            [
                Problem(
                    "the document is nested too deeply",
                    path,
                    hint="a release needs a few levels, not hundreds",
                )
            ]
        ) from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(err.problem or err.context or "invalid YAML").split())
        if "duplicate key" in message:
            message = message.split(" with value")[0]
            hint = "each key may appear once in a mapping"
        else:
            hint = "check the indentation and quoting on this line"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ValidationFailed([Problem(message, path, line, col, hint=hint)]) from None
    except YAMLError as err:  # a ReaderError: a character YAML does not allow that the scan let through
        message = " ".join(str(err).split("\n")[0].split())
        position = getattr(err, "position", None)
        line, col = _line_column(text, position) if isinstance(position, int) else (None, None)
        raise ValidationFailed([Problem(message, path, line, col, hint="delete the character")]) from None


def read_document(path: Path) -> Document:
    """Parse one YAML or JSON file; any problem raises ValidationFailed with its position."""
    text = _decode(path, _read_bytes(path))
    _refuse_tabs(path, text)
    problems = _character_problems(path, text)
    if problems:
        raise ValidationFailed(problems)
    data = _parse(path, text)
    if data is None:
        raise ValidationFailed([Problem("the file is empty", path, 1, 1)])
    document = Document(path=path, data=data, text=text)
    bad = _first_bad_value(data)
    if bad is not None:
        at = (*bad.where, bad.key) if bad.key is not None else bad.where
        line, col = document.position(at, key=bad.key is not None)
        raise ValidationFailed([Problem(bad.message, path, line, col, dotted(bad.where) or None, bad.hint)])
    return document
