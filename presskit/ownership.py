"""What presskit may delete: only what it wrote, inside an output folder it owns.

Every removal and every replacement of a folder goes through `remove_owned`.
Before it touches anything it resolves the path (links included: a path
through a linked folder is judged by where it really is) and refuses, as an
error, unless the path lies inside the output folder, is not the output
folder itself, and neither lies inside nor holds any source folder (the
newsroom, a release, its `i18n/`, a theme). A link is removed as a link:
what it points at is never touched.

An output folder is checked before anything is written (`check_output`):
one that is, holds or lies inside a source folder is refused; one that
presskit did not make and that is not empty is refused unless the user says
`--force`; a folder presskit uses carries the marker `.presskit`.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from presskit.errors import ExitCode, OutputError, PresskitError

MARKER = ".presskit"
MARKER_TEXT = b"This folder is written by presskit: it may replace or remove what it wrote here.\n"
# Files an earlier presskit left before the marker existed: a folder holding one is presskit's.
LEGACY_MARKERS = (".presskit-cache.json",)


class OutputRefused(PresskitError):
    """The output folder cannot be used: it overlaps a source folder or is someone else's."""

    exit_code = ExitCode.USAGE_ERROR


class RemovalRefused(OutputError):
    """presskit was about to remove something it may not: the build stops rather than delete it."""


def resolved(path: Path) -> Path:
    """The real location of `path`: its folder with every link resolved, and its own name.

    A link is judged by where it sits (removing it does not touch its target);
    everything above it by where it really is.
    """
    absolute = Path(os.path.abspath(path))
    if absolute.parent == absolute:
        return absolute
    return absolute.parent.resolve() / absolute.name


def overlaps(first: Path, second: Path) -> bool:
    """One of the two resolved folders is the other or lies inside it."""
    return first == second or first.is_relative_to(second) or second.is_relative_to(first)


@dataclass(frozen=True)
class OutputFolder:
    """An output folder presskit owns, and the source folders nothing it removes may touch."""

    root: Path  # resolved
    sources: tuple[Path, ...] = ()  # resolved

    @classmethod
    def of(cls, root: Path, sources: Iterable[Path] = ()) -> OutputFolder:
        return cls(root.resolve(), tuple(dict.fromkeys(p.resolve() for p in sources)))

    def with_sources(self, folders: Iterable[Path]) -> OutputFolder:
        """This folder, with more source folders to protect (a theme found while building);
        refused when the output folder overlaps one of them."""
        more = [p.resolve() for p in folders]
        check_apart(self.root, more)
        return OutputFolder(self.root, tuple(dict.fromkeys((*self.sources, *more))))

    def refusal(self, path: Path) -> str | None:
        """Why `path` may not be removed, or None when it may."""
        where = resolved(path)
        if where == self.root:
            return f"{path} is the output folder itself"
        if not where.is_relative_to(self.root):
            return f"{path} lies outside the output folder {self.root}"
        for source in self.sources:
            if overlaps(where, source):
                return f"{path} overlaps the source folder {source}"
        return None

    def inside(self, path: Path) -> bool:
        """True when `path` may be removed (see `refusal`)."""
        return self.refusal(path) is None


def remove_owned(path: Path, owner: OutputFolder) -> bool:
    """Remove the file, link or folder at `path`, after proving it is presskit's to remove.

    Returns False when there was nothing there. Raises RemovalRefused (and
    removes nothing) when the path is not inside `owner`'s folder, is the folder
    itself, or overlaps a source folder; OutputError when the removal fails.
    """
    reason = owner.refusal(path)
    if reason is not None:
        raise RemovalRefused(f"refused to remove {reason} (presskit removes only what it wrote)")
    where = resolved(path)
    try:
        mode = os.lstat(where).st_mode
    except FileNotFoundError:
        return False
    except OSError as err:
        raise OutputError(f"{path}: cannot remove: {err.strerror or err}") from None
    try:
        if stat.S_ISDIR(mode):
            shutil.rmtree(where)  # removes links inside as links (never follows them)
        else:
            where.unlink()
    except FileNotFoundError:
        return False
    except OSError as err:
        raise OutputError(f"{path}: cannot remove: {err.strerror or err}") from None
    return True


def check_apart(out_dir: Path, sources: Iterable[Path]) -> None:
    """Refuse an output folder that is, holds or lies inside a source folder (nothing is written)."""
    root = out_dir.resolve()
    for source in sources:
        folder = source.resolve()
        if root == folder:
            relation = "is"
        elif folder.is_relative_to(root):
            relation = "holds"
        elif root.is_relative_to(folder):
            relation = "lies inside"
        else:
            continue
        raise OutputRefused(
            f"the output folder {out_dir} {relation} the source folder {source}: "
            "building there would replace the sources (choose another output folder, e.g. -o dist)"
        )


def check_output(out_dir: Path, sources: Iterable[Path], *, force: bool = False) -> OutputFolder:
    """The output folder, once shown to be presskit's to write (nothing is written here).

    Refused (OutputRefused, exit 2) when it overlaps a source folder, is not a
    folder, or is a folder presskit did not make that holds files, unless `force`.
    """
    sources = list(sources)
    check_apart(out_dir, sources)
    if out_dir.exists() or out_dir.is_symlink():
        if not out_dir.is_dir():
            raise OutputRefused(
                f"the output folder {out_dir} is not a folder (choose a folder, e.g. -o dist)"
            )
        marker = out_dir / MARKER
        ours = marker.is_file() or any((out_dir / name).is_file() for name in LEGACY_MARKERS)
        if not ours and not force and any(out_dir.iterdir()):
            raise OutputRefused(
                f"the output folder {out_dir} holds files presskit did not write (no {marker}): "
                "give an empty or new folder, or --force to let presskit write and replace files there"
            )
    return OutputFolder.of(out_dir, sources)
