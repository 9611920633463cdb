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

import errno
import json
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from presskit.errors import ExitCode, OutputError, PresskitError

MARKER = ".presskit"
# The marker's first line; the lines after it are the ledger (writer.note_written).
MARKER_TEXT = "This folder is written by presskit: it may replace or remove what it wrote here.\n"
# The record an earlier presskit left before the marker existed: a folder holding one is presskit's.
LEGACY_RECORD = ".presskit-cache.json"
LEGACY_MARKERS = (LEGACY_RECORD,)


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
    # Derived from `sources`, so `refusal` costs the depth of a path, not the number of sources
    # (a 2,000-release newsroom has some 6,000 source folders, and every write asks).
    _names: frozenset[str] = field(init=False, repr=False, compare=False)
    _within: tuple[Path, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", frozenset(map(str, self.sources)))
        within = tuple(s for s in self.sources if s.is_relative_to(self.root))
        object.__setattr__(self, "_within", within)

    @classmethod
    def of(cls, root: Path, sources: Iterable[Path] = ()) -> OutputFolder:
        return cls(root.resolve(), tuple(dict.fromkeys(p.resolve() for p in sources)))

    @classmethod
    def resolved_of(cls, root: Path, sources: Iterable[Path]) -> OutputFolder:
        """The same as `of`, for a root and sources already resolved."""
        return cls(root, tuple(dict.fromkeys(sources)))

    def with_sources(self, folders: Iterable[Path]) -> OutputFolder:
        """This folder, with more source folders to protect (a theme found while building);
        refused when the output folder overlaps one of them."""
        more = [p.resolve() for p in folders]
        check_apart(self.root, more)
        return OutputFolder(self.root, tuple(dict.fromkeys((*self.sources, *more))))

    def refusal(self, path: Path, empty_root: bool = False) -> str | None:
        """Why `path` may not be removed (a clause: "it lies outside …"), or None when it may;
        the output folder itself may go only as an empty folder (`empty_root`)."""
        try:
            where = resolved(path)
        except (OSError, RuntimeError, ValueError):
            return "it cannot be resolved (a link loop, or a name the system refuses)"
        if where == self.root:
            return None if empty_root else "it is the output folder itself"
        if not where.is_relative_to(self.root):
            return f"it lies outside the output folder {self.root}"
        source = self._overlapping(where)
        return None if source is None else f"it overlaps the source folder {source}"

    def _overlapping(self, where: Path) -> Path | None:
        """A source folder that `where` (resolved, inside the root) is, lies in or holds.

        `where` is or lies inside a source exactly when it or one of its parents is one;
        a source inside `where` lies inside the root, so only those are compared.
        """
        for folder in (where, *where.parents):
            if str(folder) in self._names:
                return folder
        for source in self._within:
            if source.is_relative_to(where):
                return source
        return None

    def inside(self, path: Path) -> bool:
        """True when `path` may be removed (see `refusal`)."""
        return self.refusal(path) is None


def remove_owned(
    path: Path, owner: OutputFolder | None, *, only_if_empty: bool = False, keep_folder: bool = False
) -> bool:
    """Remove the file, link or folder at `path`, after proving it is presskit's to remove.

    The proof is one of two: with an `owner`, the path lies inside its output folder and
    apart from every source folder (the output folder itself only when `only_if_empty`: an
    empty folder holds nothing to lose); without one, the path is a temporary file this
    very process made beside a file it was writing (`.<name>.<pid>.<random>.tmp`).

    Returns False when there was nothing there (or, with `only_if_empty`, when the folder
    is not empty; with `keep_folder`, when it is a folder: a file or link found in a folder's
    place is removed, never a folder another build may have made there since it was looked at). Raises RemovalRefused, and removes nothing, when there is no proof;
    OutputError when the removal fails.
    """
    reason = owner.refusal(path, only_if_empty) if owner is not None else _not_own_temporary(path)
    if reason is not None:
        raise RemovalRefused(f"refused to remove {path}: {reason} (presskit removes only what it wrote)")
    where = resolved(path)
    try:
        mode = os.lstat(where).st_mode
    except FileNotFoundError:
        return False
    except OSError as err:
        raise OutputError(f"{path}: cannot remove: {err.strerror or err}") from None
    try:
        if keep_folder and stat.S_ISDIR(mode):
            return False
        if only_if_empty:
            if not stat.S_ISDIR(mode):
                return False
            os.rmdir(where)
        elif stat.S_ISDIR(mode):
            shutil.rmtree(where)  # removes links inside as links (never follows them)
        else:
            where.unlink()
    except FileNotFoundError:
        return False
    except OSError as err:
        if only_if_empty and err.errno in (errno.ENOTEMPTY, errno.EEXIST):
            return False
        raise OutputError(f"{path}: cannot remove: {err.strerror or err}") from None
    return True


def check_apart(out_dir: Path, sources: Iterable[Path]) -> list[Path]:
    """Refuse an output folder that is, holds or lies inside a source folder (nothing is written);
    the sources, resolved (those that cannot be are left out: the loader reports them)."""
    root = real(out_dir, "the output folder")
    sources = list(sources)
    folders = resolve_all(sources)
    kept: list[Path] = []
    for source, folder in zip(sources, folders, strict=True):
        if folder is None:
            continue  # a source that cannot be resolved cannot be read either: the loader says so
        kept.append(folder)
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
            "building there would replace the sources (choose an output folder apart from every source folder)"
        )
    return kept


def resolve_all(paths: Iterable[Path]) -> list[Path | None]:
    """Each path with every link resolved, as `Path.resolve` gives it (None where it cannot be).

    A folder's real location is its parent's followed by its own name unless it is itself
    a link, so the folders shared by thousands of release folders are resolved once.
    """
    known: dict[Path, Path | None] = {}
    cwd = Path.cwd()

    def one(absolute: Path) -> Path | None:
        if absolute in known:
            return known[absolute]
        parent = absolute.parent
        if parent == absolute:
            found: Path | None = absolute
        elif os.path.islink(absolute):
            try:
                found = absolute.resolve()
            except (OSError, RuntimeError, ValueError):
                found = None
        else:
            real_parent = one(parent)
            found = None if real_parent is None else real_parent / absolute.name
        known[absolute] = found
        return found

    def each(path: Path) -> Path | None:
        absolute = path if path.is_absolute() else cwd / path
        if ".." in absolute.parts:  # a link before it changes what it undoes: the slow way
            try:
                return absolute.resolve()
            except (OSError, RuntimeError, ValueError):
                return None
        return one(absolute)

    return [each(path) for path in paths]


def real(path: Path, what: str) -> Path:
    """`path` with every link resolved; OutputRefused when it cannot be (a loop, an impossible name)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "a link loop"
        raise OutputRefused(f"{what} {path} cannot be resolved ({reason}): choose another") from None


def check_output(out_dir: Path, sources: Iterable[Path], *, force: bool = False) -> OutputFolder:
    """The output folder, once shown to be presskit's to write (nothing is written here).

    Refused (OutputRefused, exit 2) when it overlaps a source folder, is not a
    folder, or is a folder presskit did not make that holds files, unless `force`.
    """
    folders = check_apart(out_dir, sources)
    root = real(out_dir, "the output folder")
    if root.exists() or out_dir.is_symlink():
        if not out_dir.is_dir():
            raise OutputRefused(
                f"the output folder {out_dir} is not a folder (choose a folder, e.g. -o dist)"
            )
        marker = out_dir / MARKER
        ours = marker.is_file() or any(_legacy_record(out_dir / name) for name in LEGACY_MARKERS)
        if not ours and not force and any(out_dir.iterdir()):
            raise OutputRefused(
                f"the output folder {out_dir} holds files presskit did not write (no {marker}): "
                "give an empty or new folder, or --force to let presskit write and replace files there"
            )
    return OutputFolder.resolved_of(root, folders)


def _legacy_record(path: Path) -> bool:
    """A build record as presskit 0.1 left it (before the marker): a JSON object with its keys."""
    from presskit.source.reading import UnreadableFile, read_regular

    try:
        data = json.loads(read_regular(path, 256 * 1024 * 1024, what="build record"))
    except (UnreadableFile, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "format" in data and "releases" in data


def presskit_manifest(data: bytes) -> bool:
    """A release folder's manifest.json as presskit writes it (its generator says so)."""
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        return False
    generator = manifest.get("generator") if isinstance(manifest, dict) else None
    return isinstance(generator, str) and generator.startswith("presskit")


def is_release_folder(path: Path) -> bool:
    """A folder presskit wrote for a release: not a link, holding presskit's manifest.json."""
    from presskit.source.reading import UnreadableFile, read_regular

    if path.is_symlink() or not path.is_dir():
        return False
    try:
        return presskit_manifest(read_regular(path / "manifest.json", MANIFEST_LIMIT, what="manifest"))
    except UnreadableFile:
        return False


def is_release_zip(path: Path) -> bool:
    """A zip presskit wrote: every top-level folder in it holds presskit's manifest.json."""
    import zipfile

    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            tops = {name.split("/", 1)[0] for name in archive.namelist() if "/" in name}
            if not tops:
                return False
            for top in tops:
                info = archive.getinfo(f"{top}/manifest.json")
                if info.file_size > MANIFEST_LIMIT or not presskit_manifest(archive.read(info)):
                    return False
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, NotImplementedError):
        return False
    return True


MANIFEST_LIMIT = 64 * 1024 * 1024


SOURCE_FILES = (
    "release.yaml",
    "release.yml",
    "release.json",
    "presskit.yaml",
    "presskit.yml",
    "presskit.json",
)


def source_folder_of(path: Path) -> Path | None:
    """The nearest folder above `path` (resolved) holding a release or newsroom file."""
    for folder in path.parents:
        if any((folder / name).exists() for name in SOURCE_FILES):
            return folder
    return None


def output_folder_of(path: Path) -> Path | None:
    """The nearest folder above `path` (resolved) that presskit marked as an output folder."""
    for folder in path.parents:
        if (folder / MARKER).is_file():
            return folder
    return None


def placement_problem(output: Path, allowed: Path | None = None) -> str | None:
    """Why a file another command writes (`pack -o`, `i18n extract -o`) may not go at `output`:
    inside a source folder (other than `allowed`), or inside an output folder presskit
    publishes (a later public build would not know it); None when it may."""
    try:
        target = resolved(output)
    except (OSError, RuntimeError, ValueError):
        return f"{output} cannot be resolved (a link loop, or a name the system refuses)"
    source = source_folder_of(target)
    if source is not None and not (allowed is not None and target.is_relative_to(allowed.resolve())):
        return f"{output} lies inside the source folder {source}"
    published = output_folder_of(target)
    if published is not None:
        return f"{output} lies inside the output folder {published}, which presskit replaces and publishes"
    return None


def temporary_name(path: Path) -> Path:
    """A fresh name beside `path` for its new content, carrying this process's id."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _not_own_temporary(path: Path) -> str | None:
    """Why `path` is not a temporary file this process made (`temporary_name`), or None."""
    parts = path.name.rsplit(".", 3)
    if not (
        path.name.startswith(".") and len(parts) == 4 and parts[1] == str(os.getpid()) and parts[3] == "tmp"
    ):
        return "it is not a temporary file of this process"
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return "it is not a regular file"
    except FileNotFoundError:
        return None  # nothing there: nothing to remove
    except OSError as err:
        return f"it cannot be read ({err.strerror or err})"
    return None
