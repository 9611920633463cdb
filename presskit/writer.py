"""The only code that writes files: always atomically.

Each file is written to a temporary name in its own folder, flushed to disk,
then renamed over the target, so a reader (or a build killed half-way) sees
either the old complete file or the new complete one, never a truncated one.
A whole release folder is built in a staging folder and swapped in at once
(`swap_in`), so its manifest always describes the files beside it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
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


STAGING = ".staging"  # beside the release folders, on the same file system, so renames stay atomic


STAGING_ATTEMPTS = 5


def staging_folder(root: Path, name: str) -> Path:
    """A fresh, empty folder to build `root/name` in; leftovers of a killed build are cleared first.

    Builds running side by side share `root/.staging/`, and each removes it when it
    finds it empty (`swap_in`); so it may vanish between any two steps here, and
    making the folder is tried again when it does.
    """
    base = root / STAGING
    try:
        leftovers = list(base.glob(f"{name}.*"))
    except FileNotFoundError:  # removed by another build as it was read
        leftovers = []
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)
    folder = base / f"{name}.{os.getpid()}"
    for _ in range(STAGING_ATTEMPTS):
        try:
            folder.mkdir(parents=True)
            return folder
        except FileNotFoundError:  # its parent was removed by another build between two steps
            continue
        except OSError as err:
            raise OutputError(f"{folder}: cannot create: {err.strerror or err}") from None
    raise OutputError(f"{folder}: cannot create: {base} keeps disappearing")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def swap_in(staged: Path, target: Path) -> None:
    """Put the staged folder in place of `target`, so a reader sees all of the old or all of the new."""
    try:
        if not target.exists():
            os.rename(staged, target)
        elif _exchange(staged, target):
            shutil.rmtree(staged)  # it now holds the old tree
        else:  # no atomic exchange here: a short window without the folder, never a mixed one
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, old)
            os.rename(staged, target)
            shutil.rmtree(old)
    except OSError as err:
        raise OutputError(f"{target}: cannot replace: {err.strerror or err}") from None
    try:
        staged.parent.rmdir()  # the staging folder, once no other build is using it
    except OSError:
        pass
