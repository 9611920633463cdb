"""The only code that writes files: always atomically.

Each file is written to a temporary name in its own folder, flushed to disk,
then renamed over the target, so a reader (or a build killed half-way) sees
either the old complete file or the new complete one, never a truncated one.
A whole release folder is built in a staging folder and swapped in at once
(`swap_in`), so its manifest always describes the files beside it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from presskit.errors import OutputError
from presskit.publish.ownership import (
    LEGACY_RECORD,
    MARKER,
    MARKER_TEXT,
    OutputFolder,
    RemovalRefused,
    check_output,
    is_release_folder,
    remove_owned,
    temporary_name,
)


@contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` only when the `with` block completes.

    For outputs too large to hold in memory (a newsroom's zip); a failure
    inside the block leaves `path` as it was and no temporary file behind.
    Where the system allows (Linux), the file being written has no name at
    all until it is complete, so a build killed half-way (even by SIGKILL)
    leaves nothing: no temporary file full of embargoed documents waits in a
    folder about to be published.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = _temporary(path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(handle, "w+b") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), 0o644)
            if temp_name is None:  # nameless until now: give it a name only once it is whole
                temp_name = _give_name(out, path)
        os.replace(temp_name, path)
    except OSError as err:
        if temp_name is not None:
            remove_owned(Path(temp_name), None)
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from None
    except BaseException:
        if temp_name is not None:
            remove_owned(Path(temp_name), None)
        raise


_nameless = sys.platform.startswith("linux")  # False once linking a nameless file failed here
AT_FDCWD, AT_EMPTY_PATH = -100, 0x1000


def _give_name(out: BinaryIO, path: Path) -> str:
    """A name beside `path` for the complete nameless file `out` (linkat), else a named copy."""
    global _nameless
    name = str(temporary_name(path))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.linkat(out.fileno(), b"", AT_FDCWD, os.fsencode(name), AT_EMPTY_PATH) == 0:
        return name
    try:
        os.link(f"/proc/self/fd/{out.fileno()}", name)
        return name
    except OSError:
        _nameless = False  # neither way works here: named temporary files from now on
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        with os.fdopen(handle, "wb") as copy:
            out.seek(0)
            shutil.copyfileobj(out, copy)
            copy.flush()
            os.fsync(copy.fileno())
    except BaseException:
        remove_owned(Path(name), None)
        raise
    return name


def _temporary(path: Path) -> tuple[int, str | None]:
    """An open file to write `path`'s new content in: nameless where possible (None), else named."""
    nameless = getattr(os, "O_TMPFILE", 0)
    if nameless and _nameless:
        try:
            return os.open(path.parent, nameless | os.O_RDWR | os.O_CLOEXEC, 0o600), None
        except OSError as err:
            if err.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    name = str(temporary_name(path))
    return os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), name


def make_folder(path: Path) -> None:
    """`path` as a folder, made with its parents if missing (an empty assets/ for a new release)."""
    path.mkdir(parents=True, exist_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, creating folders as needed."""
    with open_atomic(path) as out:
        out.write(data)


def copy_atomic(source: Path, target: Path, sha256: str | None = None) -> None:
    """Copy a file atomically, skipping the copy when the target already holds the same bytes.

    With `sha256`, the bytes copied must be the ones checked before (a file replaced while
    presskit built, say a clean SVG swapped for one with script, is never published).
    """
    data = source.read_bytes()
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise OutputError(f"{source}: changed while presskit was building (build again)")
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    write_atomic(target, data)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` holding `source`'s bytes: a hard link where both lie on one file system (no
    second copy of a newsroom's photos), else an atomic copy; either way it appears whole.

    Safe to share: presskit never writes a file in place (every write renames a new file
    over the old), so a later build into either folder leaves the other's file as it was.
    """
    try:
        if os.path.samefile(source, target):
            return
    except OSError:
        pass  # no target yet
    temp = temporary_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, temp, follow_symlinks=False)
    except OSError:  # another file system, or one without links
        copy_atomic(source, target)
        return
    try:
        os.replace(temp, target)
    except OSError as err:
        remove_owned(temp, None)
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None


def link_tree(files: Iterable[tuple[str, str]], staged: Path) -> None:
    """Fill the fresh staging folder `staged` (staging_folder's, or a folder inside it) with each
    `(source, relative name)`: a hard link by its own name, else (another file system) a copy.

    No temporary name and rename per file, as link_or_copy needs where others may look: a
    staging folder is this process's alone until swapped in, and a link appears whole.
    """
    base = os.fspath(staged)
    links = [(source, os.path.join(base, name)) for source, name in files]
    for folder in dict.fromkeys(os.path.dirname(target) for _, target in links):
        try:  # every folder first, each once, then every link
            os.makedirs(folder, exist_ok=True)
        except OSError as err:
            raise OutputError(f"{folder}: cannot create: {err.strerror or err}") from None
    for source, target in links:
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError as err:
            if err.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise OutputError(f"{source}: cannot link it into {staged}: {err.strerror or err}") from None
            try:
                copy_atomic(Path(source), Path(target))  # no links here: the bytes, whole
            except OSError as copy_err:
                raise OutputError(f"{source}: cannot copy it into {staged}: {copy_err.strerror}") from None


STAGING = ".staging"  # beside the release folders, on the same file system, so renames stay atomic


STAGING_ATTEMPTS = 5


def staging_folder(owner: OutputFolder, name: str) -> Path:
    """A fresh, empty folder to build `owner.root/name` in; leftovers of a killed build are cleared first.

    The folder is locked (flock) while this process uses it, so another build can
    tell a live build's folder from a killed one's whatever their process ids. It is
    made under a hidden name and given its own only once locked, so no build beside
    this one ever sees it unlocked and takes it for a leftover.
    Builds running side by side share `root/.staging/`, and each removes it when it
    finds it empty (`swap_in`); so it may vanish between any two steps here, and
    making the folder is tried again when it does.
    """
    mark_output(owner)
    base = owner.root / STAGING
    remove_owned(base, owner, keep_folder=True)  # a file or link in its place: never walked into
    try:
        leftovers = list(base.glob(f"{name}.*"))
    except (FileNotFoundError, NotADirectoryError):  # removed by another build as it was read
        leftovers = []
    for leftover in leftovers:
        if _abandoned(leftover, alone=False):
            remove_owned(leftover, owner)
    folder = base / f"{name}.{os.getpid()}.{os.urandom(3).hex()}"
    hidden = folder.with_name(f".{folder.name}")
    for _ in range(STAGING_ATTEMPTS):
        try:
            hidden.mkdir(parents=True)
        except FileNotFoundError:  # its parent was removed by another build between two steps
            continue
        except OSError as err:
            raise OutputError(f"{folder}: cannot create: {err.strerror or err}") from None
        _hold(hidden)
        try:
            os.rename(hidden, folder)  # the lock is the folder's own: it moves with it
        except OSError as err:
            _release(hidden)
            raise OutputError(f"{folder}: cannot create: {err.strerror or err}") from None
        handle = _held.pop(hidden, None)
        if handle is not None:
            _held[folder] = handle
        return folder
    raise OutputError(f"{folder}: cannot create: {base} keeps disappearing")


_held: dict[Path, int] = {}  # staging folders this process is using -> the handle holding their lock


def _hold(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # unlockable here: another build may take it for a leftover, at worst a rebuild
    _held[folder] = handle


def _release(folder: Path) -> None:
    handle = _held.pop(folder, None)
    if handle is not None:
        os.close(handle)


def _in_use(folder: Path) -> bool:
    """True while a live build holds `folder`'s lock (a killed build's lock went with it)."""
    if folder in _held:
        return True
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False


def _abandoned(folder: Path, *, alone: bool) -> bool:
    """True for a staging folder no build will finish: no live build holds its lock. A hidden
    one (`.<slug>...`) is being made and not locked yet, unless no other build runs (`alone`)."""
    if folder.name.startswith("."):
        return alone
    return not _in_use(folder)


def discard_staging(folder: Path, owner: OutputFolder) -> None:
    """Remove a staging folder this process gave up on (its release failed while being written)."""
    _release(folder)
    remove_owned(folder, owner)


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


def swap_in(staged: Path, target: Path, owner: OutputFolder, *, tidy: bool = True) -> None:
    """Put the staged folder in place of `target`, so a reader sees all of the old or all of the new.

    Replacing a folder removes the old one, so `target` must be presskit's to remove. With
    `tidy` False the staging folder it came from stays (close_staging removes it once every
    folder staged in it is in place).
    """
    reason = owner.refusal(target)
    if reason is None and (target.exists() or target.is_symlink()) and not is_release_folder(target):
        reason = "it is not a release folder presskit wrote (no manifest.json of presskit's): move it away"
    if reason is not None:
        raise RemovalRefused(f"refused to replace {target}: {reason} (presskit replaces only what it wrote)")
    _release(staged)
    note_written(owner, target.name)
    try:
        if not target.exists() and not target.is_symlink():
            os.rename(staged, target)
        elif target.is_dir() and not target.is_symlink() and _exchange(staged, target):
            remove_owned(staged, owner)  # it now holds the old tree
        else:  # no atomic exchange here: a short window without the folder, never a mixed one
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, old)
            os.rename(staged, target)
            remove_owned(old, owner)
    except OSError as err:
        raise OutputError(f"{target}: cannot replace: {err.strerror or err}") from None
    if tidy:
        remove_owned(staged.parent, owner, only_if_empty=True)  # the staging folder, once no build uses it


def close_staging(folder: Path, owner: OutputFolder) -> None:
    """Remove a staging folder many folders were staged in (swap_in without `tidy`), with what
    was not swapped in (a failed run), and `.staging/` once no build uses it."""
    discard_staging(folder, owner)
    remove_owned(folder.parent, owner, only_if_empty=True)


# What a killed build leaves: a staging folder `.staging/<slug>.<pid>`, an old tree
# `.<slug>.old-<pid>` or a named temporary file `.<name>.<pid>.<random>.tmp`.
_LEFTOVER = re.compile(r"^\.(?:.+\.old-(?P<old>\d+)|.+\.(?P<temp>\d+)\.[0-9a-f]+\.tmp)$")


def leftovers(owner: OutputFolder, *, alone: bool) -> list[Path]:
    """What killed builds left in the output folder: every staging folder no live build holds;
    old trees and temporary files, all of them when no other build is running (`alone`), else
    those of processes no longer alive."""
    found: list[Path] = []
    base = owner.root / STAGING
    try:
        entries = list(owner.root.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and (alone or not _alive(int(match.group("old") or match.group("temp")))):
            found.append(entry)
    try:
        mode = os.lstat(base).st_mode
    except OSError:
        return found
    if not stat.S_ISDIR(mode):
        return [*found, base]  # a file or link in its place: never walked into, removed as it is
    try:
        staged = list(base.iterdir())
    except OSError:
        staged = []
    return found + [entry for entry in staged if _abandoned(entry, alone=alone)]


def clear_leftovers(owner: OutputFolder, *, alone: bool) -> list[Path]:
    """Remove what killed builds left (it may hold embargoed documents); the paths removed."""
    base = owner.root / STAGING
    removed = [
        path for path in leftovers(owner, alone=alone) if remove_owned(path, owner, keep_folder=path == base)
    ]
    remove_owned(base, owner, only_if_empty=True)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


@dataclass(frozen=True)
class Claimed:
    """An output folder this process may write, and what killed builds had left in it."""

    folder: OutputFolder
    removed: tuple[Path, ...] = ()


_locks: dict[Path, int] = {}  # output folder -> the open handle holding this process's lock on it
_exclusive: dict[Path, bool] = {}  # output folder -> whether this process's run holds it alone
_made: set[Path] = set()  # output folders this process's run created


def claim_output(
    out_dir: Path, sources: Iterable[Path], *, force: bool = False, exclusive: bool = False
) -> Claimed:
    """Check `out_dir` (see ownership.check_output), lock it and clear what killed builds left there.

    A preview build holds the folder's lock shared while it runs; one that finds no
    other build running removes every leftover, otherwise only those no live build
    holds. A public run (`exclusive`) waits for the folder to itself and keeps it
    until `release_output`: no preview can write or record anything embargoed
    into it while the public run makes it fit to publish.
    """
    folder = check_output(out_dir, sources, force=force)
    _exclusive[folder.root] = exclusive
    _ledgers.pop(folder.root, None)  # read afresh: another run may have rewritten it since
    if not out_dir.is_dir():
        try:  # made now so it can be locked; removed again if the run writes nothing into it
            out_dir.mkdir(parents=True)
        except OSError as err:
            raise OutputError(f"{out_dir}: cannot write: {err.strerror or err}") from None
        _made.add(folder.root)
    alone = _lock(folder.root)
    return Claimed(folder, tuple(clear_leftovers(folder, alone=alone)))


def release_output(folder: OutputFolder) -> None:
    """Let other builds into the folder again (the run is over)."""
    _exclusive.pop(folder.root, None)
    _ledgers.pop(folder.root, None)
    handle = _locks.pop(folder.root, None)
    if handle is not None:
        os.close(handle)
    if folder.root in _made:
        _made.discard(folder.root)
        try:  # a run that wrote nothing leaves no folder behind
            remove_owned(folder.root, folder, only_if_empty=True)
        except OutputError:
            pass  # it cannot be removed: an empty folder, which the next build uses


def release_output_dir(out_dir: Path) -> None:
    """`release_output` for the folder at `out_dir`, if this process holds it."""
    try:
        root = out_dir.resolve()
    except (OSError, RuntimeError, ValueError):
        return
    release_output(OutputFolder(root))


def mark_output(folder: OutputFolder) -> None:
    """Mark the output folder as presskit's (`.presskit`) before the first file goes in (a run
    that writes nothing leaves no folder behind)."""
    marker = folder.root / MARKER
    if not marker.is_file():
        write_atomic(
            marker, (MARKER_TEXT + "".join(f"{name}\n" for name in sorted(_legacy_names(folder)))).encode()
        )


def _lock(root: Path) -> bool:
    """Lock the folder as the run asked (`claim_output`); True when no other build holds it."""
    handle = _locks.get(root)
    if handle is None:
        try:
            handle = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        except OSError:
            return False
        _locks[root] = handle
    try:
        if _exclusive.get(root):
            fcntl.flock(handle, fcntl.LOCK_EX)  # waits for every other build to finish
            return True
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            alone = True
        except OSError:
            alone = False
        fcntl.flock(handle, fcntl.LOCK_SH)
        return alone
    except OSError:
        return False


# ---------------------------------------------------------------------------
# The ledger: the top-level names presskit wrote into this folder, after the marker's first line.
# Cleanup removes nothing else, whatever a record says or a folder looks like; a public run
# (which has the folder to itself) forgets what it removed, so the ledger never names a
# release that is no longer there.


def written_here(folder: OutputFolder) -> set[str]:
    """The top-level names presskit wrote into the folder (its ledger)."""
    from presskit.source.reading import UnreadableFile, read_regular

    try:
        text = read_regular(folder.root / MARKER, 16 * 1024 * 1024, what="marker").decode("utf-8", "replace")
    except UnreadableFile:
        return set()
    return {line for line in text.splitlines()[1:] if _plain_name(line)}


# The ledger as this process last read or wrote it: output folder -> (the marker file's device
# and inode, the names in it). A ledger is only ever appended to in place; rewritten or made
# again, it is a new file, and read again. Without it, noting each of 2,000 releases read the
# whole ledger (quadratic).
_ledgers: dict[Path, tuple[tuple[int, int], set[str]]] = {}


def note_written(folder: OutputFolder, name: str) -> None:
    """Add a top-level name to the folder's ledger (appended: builds side by side keep theirs)."""
    note_all_written(folder, [name])


def note_all_written(folder: OutputFolder, names: Iterable[str]) -> None:
    """Add top-level names to the folder's ledger in one append and one sync (a merge of
    2,000 releases notes them all before putting the first in place)."""
    mark_output(folder)
    known_names = _ledger(folder)
    new = [n for n in dict.fromkeys(names) if _plain_name(n) and n not in known_names]
    if not new:
        return
    try:
        handle = os.open(folder.root / MARKER, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        try:
            lines = memoryview("".join(f"{name}\n" for name in new).encode())
            while lines:
                lines = lines[os.write(handle, lines) :]
            os.fsync(handle)
            found = os.fstat(handle)
        finally:
            os.close(handle)
    except OSError as err:
        raise OutputError(f"{folder.root / MARKER}: cannot write: {err.strerror or err}") from None
    known = _ledgers.get(folder.root)
    if known is not None and known[0] == (found.st_dev, found.st_ino):
        known[1].update(new)


def _ledger(folder: OutputFolder) -> set[str]:
    """The names in the folder's ledger: as last read while the marker is the same file, else read."""
    try:
        found = os.stat(folder.root / MARKER)
    except OSError:
        return written_here(folder)
    identity = (found.st_dev, found.st_ino)
    known = _ledgers.get(folder.root)
    if known is None or known[0] != identity:
        known = (identity, written_here(folder))
        _ledgers[folder.root] = known
    return known[1]


def forget_written(folder: OutputFolder) -> None:
    """Rewrite the ledger with only the names still present (a run holding the folder alone)."""
    if not _exclusive.get(folder.root):
        return
    names = written_here(folder)
    present = {n for n in names if os.path.lexists(folder.root / n)}
    if present != names:
        write_atomic(
            folder.root / MARKER, (MARKER_TEXT + "".join(f"{n}\n" for n in sorted(present))).encode()
        )


def _plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\x00" not in name


def _legacy_names(folder: OutputFolder) -> set[str]:
    """What an earlier presskit's record (before the ledger) says it wrote here."""
    import json

    from presskit.source.reading import UnreadableFile, read_regular

    try:
        data = json.loads(read_regular(folder.root / LEGACY_RECORD, 256 * 1024 * 1024, what="build record"))
        entries = data["releases"].values()
        return {
            n.split("/")[0]
            for e in entries
            for n in e["outputs"]
            if isinstance(n, str) and _plain_name(n.split("/")[0])
        }
    except (UnreadableFile, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return set()
