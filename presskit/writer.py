"""The only code that writes files: always atomically.

Each file is written to a temporary name in its own folder, flushed to disk,
then renamed over the target, so a reader (or a build killed half-way) sees
either the old complete file or the new complete one, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from presskit.errors import OutputError


@contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` only when the `with` block completes.

    For outputs too large to hold in memory (a newsroom's zip); a failure
    inside the block leaves `path` as it was and no temporary file behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(handle, "w+b") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as err:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, creating folders as needed."""
    with open_atomic(path) as out:
        out.write(data)


def copy_atomic(source: Path, target: Path) -> None:
    """Copy a file atomically, skipping the copy when the target already holds the same bytes."""
    data = source.read_bytes()
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    write_atomic(target, data)


def remove_outputs(paths: list[Path]) -> None:
    """Delete files an earlier build wrote and this one no longer makes (never anything else)."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            raise OutputError(f"{path}: cannot remove: {err.strerror or err}") from None
