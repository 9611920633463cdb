"""The incremental build's memory: what each release was built from and what it wrote.

`dist/.presskit-cache.json` holds, per release file, the fingerprint of the
build options and of presskit itself, every input file (release, newsroom,
logo, assets) and input folder (the theme, the release's `i18n/`) with its
size, modification time and sha256, and every output with its size and
modification time. A release is skipped only when all of these still hold:

- an input whose size and mtime are unchanged is taken as unchanged; one
  whose mtime moved is hashed, so touching a file does not rebuild;
- an output whose size or mtime moved (edited, deleted) forces a rebuild;
- a different option, presskit version or library version rebuilds all.

A missing, unreadable or older-format cache is simply empty: the worst a
lost cache costs is one full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presskit.publish.writer import write_atomic
from presskit.source.reading import UnreadableFile, is_regular, read_regular

CACHE_FILE = ".presskit-cache.json"
CACHE_FORMAT = 1
MAX_CACHE_BYTES = 256 * 1024 * 1024  # far above any real newsroom's record
# Libraries whose output is part of ours (their version changes bytes we write):
# import name -> distribution name as it appears in a *.dist-info folder.
OUTPUT_LIBRARIES = {
    "babel": "babel",
    "docx": "python_docx",
    "jinja2": "jinja2",
    "markdown_it": "markdown_it_py",
    "PIL": "pillow",
    "reportlab": "reportlab",
    "tzdata": "tzdata",
}

FileRecord = list[int | str]  # [size, mtime_ns, sha256]


def sha256_file(path: Path) -> str:
    """The content hash of a regular file; "" for anything else (a pipe is never waited on:
    the reader refuses it by name)."""
    digest = hashlib.sha256()
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return ""
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_file(path: Path, sha256: str | None = None) -> FileRecord:
    """Size, mtime and content hash of `path` (the hash given when the caller already has it)."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, sha256 or sha256_file(path)]


def tree_files(root: Path) -> list[Path]:
    """Every file under `root`, in a fixed order (empty when `root` does not exist)."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        # Only regular files: a named pipe would hang the hash, a link to /dev/zero never end it,
        # and a dangling link (an editor's lock file) has nothing to hash.
        found.extend(path for name in sorted(files) if is_regular(path := Path(folder) / name))
    return found


def record_tree(root: Path) -> dict[str, FileRecord]:
    return {path.relative_to(root).as_posix(): record_file(path) for path in tree_files(root)}


@lru_cache(maxsize=1)
def code_fingerprint() -> dict[str, Any]:
    """presskit's own code and the versions of the libraries that shape its output.

    Cheap on purpose (a no-change rebuild pays for it): presskit's files by
    size and mtime, libraries by the name of their installed *.dist-info
    folder, found without importing them.
    """
    from presskit import __version__

    package = Path(__file__).resolve().parent.parent  # all of presskit, not only publish/
    digest = hashlib.sha256()
    for path in tree_files(package):
        if path.suffix in (".py", ".json", ".po"):  # the code and the label catalogue
            stat = path.stat()
            digest.update(
                f"{path.relative_to(package).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
            )
    return {
        "presskit": __version__,
        "code": digest.hexdigest(),
        "python": ".".join(map(str, sys.version_info[:2])),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "libraries": {name: _installed_version(name, dist) for name, dist in OUTPUT_LIBRARIES.items()},
    }


def _installed_version(module: str, distribution: str) -> str:
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is None or not spec.origin:
        return "absent"
    origin = Path(spec.origin)
    folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    prefix = distribution.lower() + "-"
    found = sorted(
        entry
        for entry in _listing(folder)
        if entry.lower().startswith(prefix) and entry.endswith(".dist-info")
    )
    return found[-1] if found else f"{origin}@{origin.stat().st_mtime_ns}"


@lru_cache(maxsize=8)
def _listing(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


def fingerprint(options: dict[str, Any]) -> str:
    """One hash of the build options, SOURCE_DATE_EPOCH and the code fingerprint."""
    data = {
        "options": options,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Entry:
    """What one release was built from and what it wrote."""

    fingerprint: str
    inputs: dict[str, FileRecord]  # absolute path -> record
    trees: dict[str, dict[str, FileRecord]]  # absolute folder -> relative path -> record
    outputs: dict[str, list[int]]  # path relative to the output folder -> [size, mtime_ns]
    report: dict[str, Any] = field(default_factory=dict)  # what the build report says of it

    def as_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "inputs": self.inputs,
            "trees": self.trees,
            "outputs": self.outputs,
            "report": self.report,
        }

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """The entry a cache file holds; ValueError when any part of it has the wrong shape
        (a cache file is untrusted input: restored from CI, received, or edited by hand)."""
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
        fingerprint, inputs, trees = data.get("fingerprint"), data.get("inputs"), data.get("trees")
        outputs, report = data.get("outputs"), data.get("report")
        if not isinstance(fingerprint, str) or not isinstance(report, dict):
            raise ValueError("no fingerprint or report")
        if not (isinstance(inputs, dict) and all(_is_record(r) for r in inputs.values())):
            raise ValueError("malformed inputs")
        if not (isinstance(trees, dict) and all(isinstance(t, dict) for t in trees.values())):
            raise ValueError("malformed trees")
        if not all(_is_record(r) for t in trees.values() for r in t.values()):
            raise ValueError("malformed trees")
        if not (isinstance(outputs, dict) and all(_is_stamp(v) for v in outputs.values())):
            raise ValueError("malformed outputs")
        return cls(fingerprint, inputs, trees, outputs, report)


def _is_record(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and all(type(v) is int for v in value[:2])
        and isinstance(value[2], str)
    )


def _is_stamp(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)


def output_name(name: str) -> Path | None:
    """A path a record names, relative to the output folder, or None when it could point
    anywhere else (absolute, `..`, a drive, a NUL): such a path is never used."""
    return Path(*name.split("/")) if usable_output_name(name) else None


def usable_output_name(name: str) -> bool:
    """`output_name(name)` is a path: plain parts joined by "/", so `os.path.join(out_dir, name)`
    is the same path (without making one: a newsroom's record names some 16,000)."""
    if not safe_text(name) or "\\" in name or name.startswith("/"):
        return False
    parts = name.split("/")
    return not (any(part in ("", ".", "..") for part in parts) or ":" in parts[0])


def safe_text(name: str) -> bool:
    """A path a record may name: encodable, no NUL, no part longer than a file system allows."""
    try:
        encoded = os.fsencode(name)
    except (UnicodeError, TypeError):
        return False
    return b"\x00" not in encoded and len(encoded) < 4096 and all(len(p) <= 255 for p in encoded.split(b"/"))


class _Checker:
    """Compares records with the file system, each file and folder once per build."""

    def __init__(self) -> None:
        self.files: dict[str, bool] = {}
        self.trees: dict[str, bool] = {}

    def file(self, name: str, record: FileRecord) -> bool:
        if name not in self.files:
            self.files[name] = _same_file(Path(name), record)
        return self.files[name]

    def tree(self, root: str, records: dict[str, FileRecord]) -> bool:
        if root not in self.trees:
            base = Path(root)
            found = {p.relative_to(base).as_posix(): p for p in tree_files(base)}
            self.trees[root] = set(found) == set(records) and all(
                _same_file(path, records[name]) for name, path in found.items()
            )
        return self.trees[root]


def _same_file(path: Path, record: FileRecord) -> bool:
    size, mtime_ns, sha = record
    if not safe_text(str(path)):
        return False
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return False
    if stat.st_size != size:
        return False
    if stat.st_mtime_ns == mtime_ns:
        return True
    try:
        same = sha256_file(path) == sha
    except OSError:
        return False
    if same:
        record[1] = stat.st_mtime_ns  # touched, not changed: remember, so it is not hashed again
    return same


class BuildCache:
    """The cache file of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / CACHE_FILE
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = {}
        self.checker = _Checker()
        self._keys: dict[Path, str] = {}
        self.warnings: list[str] = []  # what was wrong with the file read back (all of it was ignored)
        # The newsroom pages the last newsroom build wrote: {"public": bool, "slugs": [...],
        # "files": {name: sha256}}, so a later run knows whether they may stay.
        self.pages: dict[str, Any] | None = None
        try:
            text = read_regular(self.path, MAX_CACHE_BYTES, what="build cache")
        except UnreadableFile as error:
            if self.path.exists() or self.path.is_symlink():
                self.warnings.append(f"{error.message}; everything is built afresh")
            return
        try:
            data = json.loads(text.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
                return  # another version's cache: a full build, silently
            releases = data["releases"]
            if not isinstance(releases, dict):
                raise ValueError("releases is not a mapping")
        except (ValueError, KeyError, UnicodeDecodeError, RecursionError) as error:
            self.warnings.append(f"{self.path}: malformed ({error}); everything is built afresh")
            return
        for key, value in releases.items():
            try:
                if not (isinstance(key, str) and safe_text(key) and key.startswith("/")):
                    raise ValueError("not an absolute path")
                self.entries[key] = Entry.from_json(value)
            except ValueError as error:
                self.warnings.append(
                    f"{self.path}: the record of {key!r} is malformed ({error}); it is rebuilt"
                )
        self.pages = _pages(data.get("pages"))

    def key(self, source: Path) -> str:
        """The record's name for `source`: its real path (each resolved once per run)."""
        if source not in self._keys:
            self._keys[source] = str(source.resolve())
        return self._keys[source]

    def fresh(self, source: Path, fingerprint: str) -> Entry | None:
        """The entry of `source` if nothing it was built from or wrote has changed."""
        entry = self.entries.get(self.key(source))
        if entry is None or entry.fingerprint != fingerprint:
            return None
        if not self.unchanged(entry):
            return None
        base = str(self.out_dir)
        for name, (size, mtime_ns) in entry.outputs.items():
            if not usable_output_name(name):
                return None
            try:  # a usable name is plain parts joined by "/": the same path as out_dir / Path(name)
                stat = os.lstat(os.path.join(base, name))
            except OSError:
                return None
            if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
                return None
        return entry

    def unchanged(self, entry: Entry) -> bool:
        """True when nothing the entry's release was built from has changed since."""
        try:
            return all(self.checker.file(name, record) for name, record in entry.inputs.items()) and all(
                self.checker.tree(root, records) for root, records in entry.trees.items()
            )
        except (OSError, ValueError):
            return False

    def save(self) -> None:
        """Write the cache, unless it would say nothing (no output folder for a run that built nothing)."""
        if not self.entries and not self.path.exists():
            return
        data: dict[str, Any] = {
            "format": CACHE_FORMAT,
            "releases": {key: self.entries[key].as_json() for key in sorted(self.entries)},
        }
        if self.pages is not None:
            data["pages"] = self.pages
        write_atomic(self.path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _pages(value: Any) -> dict[str, Any] | None:
    """The newsroom pages' record, when it has the right shape."""
    if not isinstance(value, dict):
        return None
    files, slugs = value.get("files"), value.get("slugs")
    if not (isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
        return None
    if not (isinstance(slugs, list) and all(isinstance(v, str) for v in slugs)):
        return None
    pages = {"public": value.get("public") is True, "slugs": slugs, "files": files}
    if isinstance(value.get("inputs"), str):
        pages["inputs"] = value["inputs"]  # a hash of what they were made from (pages.page_inputs)
    return pages
