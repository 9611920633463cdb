"""Errors a person can act on. No Click here: the CLI turns these into exits."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The `schema` of the one JSON document a command prints under --json when it fails before
# its own report exists (bad usage, no release found); presskit/schemas/error-1.json.
ERROR_SCHEMA = "presskit/error/1"


class ExitCode(enum.IntEnum):
    """Every exit code presskit uses, documented in the README."""

    OK = 0
    INPUT_ERROR = 1  # the input is invalid; nothing was written for it
    USAGE_ERROR = 2  # bad command-line usage (Click's own convention)
    EMBARGO_REFUSED = 3  # a public build/pack refused a release still under embargo
    OUTPUT_ERROR = 4  # the output could not be written (permissions, disk full)
    INTERNAL_ERROR = 70  # a bug in presskit: please report it (PRESSKIT_DEBUG=1 shows the traceback)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    path: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted path, e.g. "quotes.lee.speaker.name"
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def format(self, base: Path | None = None) -> str:
        """`path:line:col: field: message (hint)`, omitting what is unknown."""
        where = ""
        if self.path is not None:
            where = _display_path(self.path, base)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        if self.severity == "warning":
            where += "warning: "
        text = f"{where}{self.field}: {self.message}" if self.field else where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


def _display_path(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:  # the folder resolved, the name kept: a link is shown by its own name, not its target
        return str((path.parent.resolve() / path.name).relative_to(base.resolve()))
    except ValueError:
        return str(path)


class PresskitError(Exception):
    """Base of every error presskit raises on purpose."""

    exit_code = ExitCode.INPUT_ERROR


class ValidationFailed(PresskitError):
    """The input has one or more problems; every one of them is listed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input")

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)


class OutputError(PresskitError):
    """An output file could not be written."""

    exit_code = ExitCode.OUTPUT_ERROR


def error_document(exit_code: int, problems: Iterable[Problem]) -> dict[str, Any]:
    """The JSON document (presskit/error/1) of a command that failed before its report existed."""
    return {
        "schema": ERROR_SCHEMA,
        "ok": False,
        "exit_code": int(exit_code),
        "errors": [problem.as_json() for problem in problems],
    }
