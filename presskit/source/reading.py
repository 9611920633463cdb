"""Reading input files safely: regular files only, never more than a limit.

Every file presskit reads that a user (or an attacker) put in place goes
through `read_regular`. It opens without blocking, so a named pipe cannot hang
the build; it checks the opened file's kind, so a link to `/dev/zero` or a
device is refused rather than read for ever; and it checks the size before
reading and reads at most one byte more than the limit, so a file that grows
while it is read cannot blow the memory either. A dangling link (an editor's
lock file such as `.#fr.xlf`) is "a broken link", not a crash.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from presskit.errors import PresskitError

MiB = 1024 * 1024


class UnreadableFile(PresskitError):
    """A file that is not a regular file, is too large, or cannot be read; the message says which."""

    def __init__(self, path: Path, message: str, hint: str | None = None) -> None:
        self.path = path
        self.message = message
        self.hint = hint
        super().__init__(f"{path}: {message}" + (f" ({hint})" if hint else ""))


def kind_of(mode: int) -> str:
    """A person's word for a file that is not a regular one."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_regular(path: Path) -> bool:
    """True when `path` (links followed) is a regular file; False for anything else, broken links included."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def read_regular(path: Path, limit: int, *, what: str = "file", hint: str | None = None) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Raises UnreadableFile naming what is wrong: missing, a broken link, a folder,
    a pipe or device, too large (`hint` says how to proceed), or unreadable.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnreadableFile(
                path, f"the {what} is a broken link", "remove the link or point it at a file"
            ) from None
        raise UnreadableFile(path, f"no such {what}") from None
    except IsADirectoryError:
        raise UnreadableFile(path, f"the {what} is a folder, expected a file") from None
    except (OSError, ValueError) as error:
        raise UnreadableFile(path, f"cannot read the {what}: {_reason(error)}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, f"the {what} is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise UnreadableFile(
                path, f"the {what} is {_size(info.st_size)}; the limit is {_size(limit)}", hint
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(handle, min(MiB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise UnreadableFile(path, f"the {what} is over the limit of {_size(limit)}", hint)
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(path, f"cannot read the {what}: {_reason(error)}") from None
    finally:
        os.close(handle)


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _size(count: int) -> str:
    if count >= MiB:
        return f"{count / MiB:.1f} MB"
    return f"{count:,} bytes"
