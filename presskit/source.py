"""Reading YAML and JSON input with every value's position kept.

Both formats go through ruamel.yaml's round-trip loader (JSON is YAML 1.2 in
practice), so a problem anywhere can be reported as `path:line:col`.
Timestamps are left as strings: dates and instants are parsed by the schema,
which reports a bad one with its field name instead of a bare YAML error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from presskit.errors import Problem, ValidationFailed

MAX_INPUT_BYTES = 5 * 1024 * 1024  # a release is text; anything larger is a mistake
MAX_NODES = 200_000  # guards against alias "billion laughs" expansion


class _Constructor(RoundTripConstructor):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)

FieldPath = tuple[str | int, ...]


def dotted(path: Sequence[str | int]) -> str:
    """`("quotes", "lee", "speaker")` → `quotes.lee.speaker`; list items as `[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(frozen=True)
class Document:
    """A parsed input file: its data and where each value came from."""

    path: Path
    data: Any

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
                line, col = node.lc.key(part) if (key and last) else node.lc.value(part)
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

    def text_line_offset(self, path: FieldPath) -> int:
        """Lines between a text value's position and its first line of content.

        Literal (`|`) and folded (`>`) blocks start on the line after their
        indicator; plain and quoted scalars start where they stand.
        """
        return 1 if isinstance(self.value(path), LiteralScalarString | FoldedScalarString) else 0


def _first_bad_value(data: Any) -> tuple[FieldPath, str] | None:
    """Walk the document without recursion: too many nodes (alias bombs) or a lone surrogate."""
    budget = MAX_NODES
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        budget -= 1
        if budget < 0:
            return (), "the document expands to too many values (aliases?)"
        if isinstance(node, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in node):
                return path, "contains a lone surrogate (an escape such as \\ud800), which is not a character"
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in key):
                    return path, "a key contains a lone surrogate, which is not a character"
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


def read_document(path: Path) -> Document:
    """Parse one YAML or JSON file; any problem raises ValidationFailed with its position."""
    if path.is_dir():
        raise ValidationFailed([Problem("is a folder, expected a YAML or JSON file", path)])
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ValidationFailed(
                [
                    Problem(
                        f"the file is {size / 1048576:.1f} MB; the limit is {MAX_INPUT_BYTES // 1048576} MB",
                        path,
                        hint="keep large documents as assets, not in the release text",
                    )
                ]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationFailed([Problem("no such file", path)]) from None
    except OSError as err:
        raise ValidationFailed([Problem(f"cannot read: {err.strerror}", path)]) from None
    text = _decode(path, raw)
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        col = text.index("\t") - (text.rfind("\n", 0, text.index("\t")) + 1) + 1
        if path.suffix.lower() != ".json":
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
    try:
        data = _yaml().load(text)
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
        raise ValidationFailed(
            [
                Problem(
                    message,
                    path,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    hint=hint,
                )
            ]
        ) from None
    except YAMLError as err:  # e.g. ReaderError: characters YAML does not allow
        message = " ".join(str(err).split("\n")[0].split())
        raise ValidationFailed(
            [Problem(message, path, hint="remove control characters from the file")]
        ) from None
    if data is None:
        raise ValidationFailed([Problem("the file is empty", path, 1, 1)])
    document = Document(path=path, data=data)
    bad = _first_bad_value(data)
    if bad is not None:
        where, message = bad
        hint = "write it out without YAML aliases" if not where else "remove the escape"
        raise ValidationFailed([document.problem(where, message, hint)])
    return document
