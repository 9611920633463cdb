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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from presskit.incremental import CACHE_FILE, Entry, output_name
from presskit.ownership import MARKER, OutputFolder, remove_owned
from presskit.writer import STAGING

NEWSROOM_PAGES = ("index.html", "feed.xml")
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
    """The removals of one build, and the warnings about records that could not be trusted."""

    owner: OutputFolder
    claimed: set[str]  # top-level names a release of this build wrote or kept
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def remove(self, relative: Path) -> None:
        """Remove `relative` (inside the output folder) unless this build claims it."""
        if relative.parts[0] in self.claimed or relative.parts[0] in RESERVED:
            return
        path = self.owner.root / relative
        reason = self.owner.refusal(path)
        if reason is not None:
            self.warnings.append(f"ignored {relative.as_posix()} in the build record: {reason}")
            return
        if remove_owned(path, self.owner):
            self.removed.append(relative.as_posix())

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
            top = self.owner.root / relative.parts[0]
            if len(relative.parts) > 1 and (top / "manifest.json").is_file() and not top.is_symlink():
                self.remove(Path(relative.parts[0]))
            else:
                self.remove(relative)
                self._prune(relative.parent)

    def _prune(self, folder: Path) -> None:
        """Remove folders a removal left empty, up to the output folder."""
        while folder.parts and folder.parts[0] not in self.claimed:
            try:
                (self.owner.root / folder).rmdir()
            except OSError:
                return
            folder = folder.parent


def clean_output(
    owner: OutputFolder,
    previous: dict[str, Entry],
    current: dict[str, Entry],
    outcomes: Sequence[Outcome],
    *,
    public: bool,
    now: dt.datetime,
    newsroom_written: bool,
) -> Cleanup:
    """Remove what no release of this build vouches for; `current` loses the records of what went.

    `previous` is the cache as this build found it; `current` as this build
    leaves it (built releases recorded, refused/invalid/failed ones dropped).
    """
    claimed = {
        Path(name).parts[0] for o in outcomes if o.status in ("built", "skipped") for name in o.written
    }
    cleanup = Cleanup(owner, claimed)
    in_run = {str(o.source.resolve()) for o in outcomes}
    for key in sorted(set(current) - in_run):
        if not Path(key).is_file() or (public and not _shown_public(current[key], now)):
            del current[key]  # the release left the newsroom, or may still be under embargo
    for key, entry in sorted(previous.items()):
        kept = current.get(key)
        cleanup.remove_recorded(name for name in entry.outputs if kept is None or name not in kept.outputs)
    if public:
        for outcome in outcomes:
            if outcome.status in WITHHELD:
                slug = outcome.slug or _slug_of(previous.get(str(outcome.source.resolve())))
                if slug:
                    cleanup.remove_release(slug)
        _remove_unvouched(cleanup, current, newsroom_written)
    cleanup.remove(Path(LEGACY_RENDITIONS))
    return cleanup


def _remove_unvouched(cleanup: Cleanup, current: dict[str, Entry], newsroom_written: bool) -> None:
    """Release folders and zips no record of this build vouches for, and stale newsroom pages."""
    vouched = {Path(name).parts[0] for entry in current.values() for name in entry.outputs}
    try:
        entries = sorted(cleanup.owner.root.iterdir())
    except OSError:
        return
    for path in entries:
        name = path.name
        if name in vouched or name in cleanup.claimed or name.startswith("."):
            continue
        looks_released = (path / "manifest.json").is_file() or name.endswith(".zip")
        if looks_released and not path.is_symlink():
            cleanup.remove(Path(name))
    if not newsroom_written:
        for name in NEWSROOM_PAGES:
            path = cleanup.owner.root / name
            if path.is_file() and remove_owned(path, cleanup.owner):
                cleanup.removed.append(name)


def _shown_public(entry: Entry, now: dt.datetime) -> bool:
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


def _slug_of(entry: Entry | None) -> str | None:
    listing: Any = entry.report.get("listing") if entry is not None else None
    slug = listing.get("slug") if isinstance(listing, dict) else None
    return slug if isinstance(slug, str) else None
