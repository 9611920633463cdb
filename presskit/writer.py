"""The only code that writes files: always atomically.

Each file is written to a temporary name in its own folder, flushed to disk,
then renamed over the target, so a reader (or a build killed half-way) sees
either the old complete file or the new complete one, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from presskit.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, creating folders as needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from None


def copy_atomic(source: Path, target: Path) -> None:
    """Copy a file atomically, skipping the copy when the target already holds the same bytes."""
    data = source.read_bytes()
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    write_atomic(target, data)
