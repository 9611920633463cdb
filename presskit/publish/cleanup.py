"""What a build removes from its output folder, and why it may.

Two kinds of thing go, decided per release from the incremental cache's
record of what each earlier build wrote:

- what an earlier build wrote that no release of this build wrote again: a
  release whose slug changed, that dropped a locale or an asset, or whose
  release file is gone;
- in a `--public` run, everything of a release the run could not show to be
  out of embargo at `--now`: refused, invalid or failed in this run, or not in
  it and recorded as embargoed; and any release folder or zip no record
  vouches for. Stale newsroom pages a public run did not write go too.

Files belong to the release that wrote them in *this* build: nothing at a
top-level name (`<slug>/`, `<slug>.zip`) that a release of this build wrote
or kept is removed, whatever an older record says. Records are untrusted:
a path that could lie outside the output folder is ignored with a warning.
Every removal goes through `ownership.remove_owned`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from presskit.errors import OutputError
from presskit.publish.incremental import CACHE_FILE, Entry, output_name, usable_output_name
from presskit.publish.ownership import MARKER, OutputFolder, is_release_folder, is_release_zip, remove_owned
from presskit.publish.writer import STAGING, forget_written, written_here

NEWSROOM_PAGES = ("index.html", "feed.xml")
# How every newsroom page presskit writes names its maker.
SIGNATURES = (b'<meta name="generator" content="presskit">', b"<generator>presskit</generator>")
LEGACY_RENDITIONS = ".cache"  # where renditions were cached before they moved out of the output folder
RESERVED = frozenset({MARKER, CACHE_FILE, STAGING, *NEWSROOM_PAGES})
WITHHELD = ("refused", "invalid", "failed")


class Outcome(Protocol):
    """What cleanup needs of a release's outcome in this build (build.ReleaseOutcome)."""

    @property
    def source(self) -> Path: ...

    @property
    def status(self) -> str: ...

    @property
    def slug(self) -> str | None: ...

    @property
    def written(self) -> list[str]: ...  # paths relative to the output folder, zip included


@dataclass
class Cleanup:
    """The removals of one build, the warnings about records that could not be trusted, and
    the removals that failed (each an error: the run goes on removing the rest)."""

    owner: OutputFolder
    claimed: set[str]  # top-level names a release of this build wrote, or a record still vouches for
    ledger: set[str] = field(default_factory=set)  # top-level names presskit wrote into this folder
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages_kept: bool = True  # False: the record of the newsroom pages must go with them

    def remove(self, relative: Path, *, only_if_empty: bool = False, page: bool = False) -> bool:
        """Remove `relative` (inside the output folder) unless a release claims it (or it is one of
        presskit's own files: a newsroom page only when `page`)."""
        top = relative.parts[0]
        if top in self.claimed or (top in RESERVED and not page):
            return False
        if top not in self.ledger and not page:
            return False  # presskit never wrote anything by that name here: not its to remove
        path = self.owner.root / relative
        reason = self.owner.refusal(path)
        if reason is not None:
            self.warnings.append(f"ignored {relative.as_posix()} in the build record: {reason}")
            return False
        try:
            gone = remove_owned(path, self.owner, only_if_empty=only_if_empty)
        except OutputError as error:
            self.errors.append(str(error))
            return False
        if gone and not only_if_empty:
            self.removed.append(relative.as_posix())
        return gone

    def remove_release(self, top: str) -> None:
        """A whole release folder `<slug>/` and its zip `<slug>.zip`."""
        for name in (top, f"{top}.zip"):
            if output_name(name) is not None:
                self.remove(Path(name))

    def remove_recorded(self, outputs: Iterable[str]) -> None:
        """Files a record lists: whole release folders where the file is in one, else file by file."""
        for name in sorted(outputs):
            relative = output_name(name)
            if relative is None:
                self.warnings.append(
                    f"ignored {name!r} in the build record: it could point outside the output folder"
                )
                continue
            if relative.parts[0] in self.claimed:
                continue
            if len(relative.parts) > 1 and is_release_folder(self.owner.root / relative.parts[0]):
                self.remove(Path(relative.parts[0]))
            elif self.remove(relative):
                self._prune(relative.parent)

    def _prune(self, folder: Path) -> None:
        """Remove folders a removal left empty, up to the output folder."""
        while folder.parts and self.remove(folder, only_if_empty=True):
            folder = folder.parent


Shown = Callable[[str, Entry], bool]  # (release file, its record) -> shown out of embargo now


def clean_output(
    owner: OutputFolder,
    previous: dict[str, Entry],
    current: dict[str, Entry],
    outcomes: Sequence[Outcome],
    *,
    public: bool,
    shown: Shown,
    pages: dict[str, Any] | None = None,
    newsroom_written: bool,
    record_key: Callable[[Path], str] | None = None,
) -> Cleanup:
    """Remove what no release vouches for; `current` loses the records of what went.

    `previous` is the cache as this build found it; `current` as this build
    leaves it (built releases recorded, refused ones dropped). `shown` says
    whether a recorded release this run did not build is out of embargo now; `record_key`, the
    record's name of a release's source (BuildCache.key: its real path).
    """
    named = record_key or (lambda source: str(source.resolve()))  # the record's name of a release
    in_run = {named(o.source) for o in outcomes}
    for key in sorted(set(current) - in_run):
        if not _exists(key) or (public and not shown(key, current[key])):
            del current[key]  # the release left the newsroom, or may be under embargo now
    claimed = {
        Path(name).parts[0] for o in outcomes if o.status in ("built", "skipped") for name in o.written
    }
    claimed |= {
        name.split("/", 1)[0]
        for entry in current.values()
        for name in entry.outputs
        if usable_output_name(name)
    }
    cleanup = Cleanup(owner, claimed, written_here(owner))
    for key, entry in sorted(previous.items()):
        kept = current.get(key)
        cleanup.remove_recorded(name for name in entry.outputs if kept is None or name not in kept.outputs)
    if public:
        for outcome in outcomes:
            if outcome.status in WITHHELD:
                slug = outcome.slug or _slug_of(previous.get(named(outcome.source)))
                if slug:
                    cleanup.remove_release(slug)
        _remove_unvouched(cleanup)
        if newsroom_written:
            cleanup.pages_kept = False  # rewritten by this run, and recorded afresh
        else:
            _remove_stale_pages(cleanup, pages, current)
    if _legacy_renditions(owner.root / LEGACY_RENDITIONS):
        cleanup.remove(Path(LEGACY_RENDITIONS), page=True)
    forget_written(owner)
    return cleanup


_RENDITION_NAME = re.compile(r"^[0-9a-f]{64}\.(?:web|thumb)\.[a-z]{2,4}$|^\..+\.tmp$")


def _legacy_renditions(folder: Path) -> bool:
    """The rendition cache an earlier presskit kept in the output folder, and nothing else:
    `.cache/renditions/<sha256>.web|thumb.<ext>` files only (a `.cache` of the user's stays)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        entries = list(folder.iterdir())
        if [e.name for e in entries] != ["renditions"] or entries[0].is_symlink():
            return False
        return all(_RENDITION_NAME.match(f.name) and f.is_file() for f in entries[0].iterdir())
    except OSError:
        return False


def _exists(key: str) -> bool:
    try:
        return Path(key).is_file()
    except (OSError, ValueError):
        return False


def _remove_unvouched(cleanup: Cleanup) -> None:
    """Release folders and zips presskit wrote that no release of this run or record vouches for."""
    try:
        entries = sorted(cleanup.owner.root.iterdir())
    except OSError:
        return
    for path in entries:
        name = path.name
        if name in cleanup.claimed or name.startswith("."):
            continue
        if is_release_folder(path) or (name.endswith(".zip") and is_release_zip(path)):
            if name in cleanup.ledger:
                cleanup.remove(Path(name))
            else:
                cleanup.warnings.append(
                    f"kept {name}: a release presskit did not write into this folder (remove it if it "
                    "is not to be published)"
                )


def _remove_stale_pages(cleanup: Cleanup, pages: dict[str, Any] | None, current: dict[str, Entry]) -> None:
    """Newsroom pages this run did not write: kept only when the newsroom build that wrote them
    was public and listed nothing a record no longer vouches for; removed when presskit wrote
    them; anything else (a page of the user's own) is left, with a warning."""
    vouched = {_slug_of(entry) for entry in current.values()}
    for name in NEWSROOM_PAGES:
        path = cleanup.owner.root / name
        if not path.is_file() or path.is_symlink():
            continue
        recorded = pages is not None and pages["files"].get(name) == _sha256(path)
        if recorded and pages is not None and pages["public"] and set(pages["slugs"]) <= vouched:
            continue
        cleanup.pages_kept = False
        if recorded or _signed(path):
            cleanup.remove(Path(name), page=True)
            continue
        cleanup.warnings.append(
            f"kept {name}: presskit cannot tell whether it wrote it; build the newsroom to replace it"
        )


def _sha256(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _signed(path: Path) -> bool:
    """A newsroom page presskit wrote, by the generator it names."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return any(signature in head for signature in SIGNATURES)


def _slug_of(entry: Entry | None) -> str | None:
    listing: Any = entry.report.get("listing") if entry is not None else None
    slug = listing.get("slug") if isinstance(listing, dict) else None
    return slug if isinstance(slug, str) else None


def shown_by_record(entry: Entry, now: dt.datetime) -> bool:
    """True when the record shows its release out of embargo at `now` (no embargo, or lifted)."""
    listing: Any = entry.report.get("listing")
    if not isinstance(listing, dict):
        return False
    at = listing.get("embargo_at")
    if at is None:
        return "embargo_at" in listing
    try:
        moment = dt.datetime.fromisoformat(str(at))
    except ValueError:
        return False
    return moment.tzinfo is not None and moment <= now
