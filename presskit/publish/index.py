"""`presskit index DIST...`: merge the shards of a newsroom into one output folder.

The shard records (shard_record.py) of the folders given must be every shard of
one sharding (1 to N, each once), of one newsroom at one commit, built by this
presskit with the same options, `--now` and SOURCE_DATE_EPOCH; anything else
is refused before a file is written, one located line per problem. Then:

- each release folder (and zip) is put into OUT: hard-linked where the folders
  share a file system, else copied, each folder swapped in whole (writer.py);
  a folder already holding the same files is left as it is, and OUT may be one
  of the DIST folders (shards downloaded into one folder are merged in place);
- release folders and zips presskit wrote into OUT that no shard lists go;
- the newsroom page and feed are written from the newsroom folder the shards
  were built from (its theme and organisation) and the records' listings.

The result is, file for file, the output of one unsharded build (its own
bookkeeping, `.presskit`, `.presskit-cache.json` and the records, aside).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presskit import __version__
from presskit.errors import ExitCode, OutputError, Problem, ValidationFailed
from presskit.publish.cleanup import Cleanup
from presskit.publish.incremental import BuildCache
from presskit.publish.outcome import BuildOptions, ReleaseOutcome
from presskit.publish.ownership import (
    OutputFolder,
    OutputRefused,
    check_apart,
    is_release_folder,
    is_release_zip,
    overlaps,
    real,
)
from presskit.publish.pages import PageSetting, page_setting, pages_current, render_pages, write_pages
from presskit.publish.processes import die_with_parent
from presskit.publish.records import merged_entries, record_pages
from presskit.publish.shard_record import RecordedRelease, ShardRecord, find_records, read_record
from presskit.publish.shards import newsroom_fingerprint, newsroom_folder
from presskit.publish.sources import source_folders
from presskit.publish.writer import (
    claim_output,
    close_staging,
    link_or_copy,
    link_tree,
    note_all_written,
    release_output_dir,
    staging_folder,
    swap_in,
    written_here,
)
from presskit.source.places import find_release_files

INDEX_SCHEMA = "presskit/index/1"


@dataclass
class IndexReport:
    out_dir: Path
    shards: list[str] = field(default_factory=list)  # "shard 1 of 4 (dist-1)"
    releases: int = 0
    written: list[str] = field(default_factory=list)  # release folders and zips put into OUT
    removed: list[str] = field(default_factory=list)
    newsroom: dict[str, Any] | None = None
    errors: list[Problem] = field(default_factory=list)
    not_built: int = 0  # releases the shards' builds reported invalid or failed

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OUTPUT_ERROR if self.errors else ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": INDEX_SCHEMA,
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "output": str(self.out_dir),
            "shards": self.shards,
            "releases": self.releases,
            "written": self.written,
            "removed": self.removed,
            "not_built": self.not_built,
            "newsroom": self.newsroom,
            "errors": [p.as_json() for p in self.errors],
        }


def index(dists: Iterable[Path], out_dir: Path, newsroom: Path | None = None) -> IndexReport:
    """Merge the shards in `dists` into `out_dir`; ValidationFailed (exit 1) when they do not
    make one whole build, OutputRefused (exit 2) when `out_dir` may not be written."""
    dists = list(dists)
    records = read_records(dists)
    newsroom, sources = check_newsroom(records, newsroom)
    first = records[0]
    options = BuildOptions(
        now=dt.datetime.fromisoformat(first.build["now"]),
        out_dir=out_dir,
        theme=first.build["options"].get("theme"),
        public=first.build["options"].get("public") is True,
    )
    report = IndexReport(out_dir, [r.name for r in records], sum(len(r.releases) for r in records))
    report.not_built = sum(r.not_built for r in records)
    _check_apart(out_dir, dists)
    # Every source folder is checked apart from OUT once, here; after that no path inside OUT can
    # overlap one, so the owner carries only the newsroom (a check per removal against all 2,000
    # release folders cost 30 ms a release).
    check_apart(out_dir, source_folders([newsroom], sources))
    owner = claim_output(out_dir, [newsroom], exclusive=options.public).folder
    aside: _PagesAside | None = None
    try:
        outcomes = [
            ReleaseOutcome(newsroom / item.source, "built", item.listing.slug, item.listing)
            for record in records
            for item in record.releases
        ]
        cache = BuildCache(out_dir)
        # The pages stay as they are when the last merge (or build) into OUT made them from
        # the same listings, newsroom, theme and code, and they still hold its bytes; else
        # another process renders them while this one puts the releases in place.
        setting = page_setting(newsroom, outcomes, options)
        if not pages_current(cache.pages, setting, out_dir):
            aside = _PagesAside.start(setting, options)
        _merge_into(owner, records, report)
        rendered = aside.result() if aside is not None else None
        report.newsroom, inputs = write_pages(
            newsroom, outcomes, options, cache.pages, setting=setting, rendered=rendered
        )
        changed = [
            merged_entries(cache, record.folder, {item.listing.slug for item in record.releases})
            for record in records
            if real(record.folder, "the shard folder") != owner.root
        ]
        record_pages(options, report.newsroom, cache, inputs, entries_changed=any(changed))
    except OutputError as error:
        report.errors.append(Problem(str(error)))
    finally:
        if aside is not None:
            aside.close()  # before the folder's lock goes: the child shares its handle
        release_output_dir(out_dir)
    return report


@dataclass
class _PagesAside:
    """The newsroom page and feed rendered in a forked process (render_pages is pure: where
    it runs changes no byte), while this one links and swaps in releases, mostly waiting on
    the file system. The bytes come back through a pipe; this process writes them, after the
    releases are in place. No fork, or a child that fails: None, and the pages are rendered here."""

    pid: int
    pipe: int

    @classmethod
    def start(cls, setting: PageSetting, options: BuildOptions) -> _PagesAside | None:
        if not hasattr(os, "fork"):
            return None
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: render, send, and end without running the parent's clean-ups
            status = 1
            try:
                os.close(read_end)
                die_with_parent(parent)
                index_page, feed = render_pages(setting, options)
                with os.fdopen(write_end, "wb") as out:
                    out.write(len(index_page).to_bytes(8, "big") + index_page + feed)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> tuple[bytes, bytes] | None:
        with os.fdopen(self.pipe, "rb") as pipe:
            self.pipe = -1
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        size = int.from_bytes(data[:8], "big")
        if status != 0 or len(data) < 8 + size:
            return None
        return data[8 : 8 + size], data[8 + size :]

    def close(self) -> None:
        """End the child if its bytes were never asked for (the merge failed first)."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0


# ---------------------------------------------------------------------------
# Do the shards make one build?


def read_records(dists: list[Path]) -> list[ShardRecord]:
    """Every record in `dists`, shown to be the N shards of one build; ValidationFailed otherwise."""
    problems: list[Problem] = []
    records: list[ShardRecord] = []
    for dist in dists:
        if not dist.is_dir():
            problems.append(Problem("no such folder", dist, hint="give the output folder of a sharded build"))
            continue
        found = find_records(dist)
        if not found:
            problems.append(
                Problem(
                    "holds no shard record (.presskit-shard-K-of-N.json)",
                    dist,
                    hint="build into it with presskit build NEWSROOM --shard K/N",
                )
            )
        for path in found:
            try:
                records.append(read_record(path))
            except ValidationFailed as failed:
                problems.extend(failed.problems)
    for check in (_whole, _alike, _apart):  # each only of shards the one before accepted
        if not problems:
            problems += check(records)
    if problems:
        raise ValidationFailed(problems)
    return sorted(records, key=lambda r: r.shard.index)


def _whole(records: list[ShardRecord]) -> list[Problem]:
    """Shards 1 to N of one N, each once."""
    problems: list[Problem] = []
    count = records[0].shard.count
    seen: dict[int, ShardRecord] = {}
    for record in records:
        if record.shard.count != count:
            problems.append(
                Problem(
                    f"shard: {record.shard.name}, but {records[0].name} is one of {count}",
                    record.path,
                    hint="index the shards of one build, all built with the same --shard K/N count",
                )
            )
        elif record.shard.index in seen:
            problems.append(
                Problem(
                    f"shard: {record.shard.name} is given twice (also {seen[record.shard.index].path})",
                    record.path,
                    hint="give each shard's output folder once",
                )
            )
        else:
            seen[record.shard.index] = record
    if problems:
        return problems
    return [
        Problem(
            f"shard {k} of {count} missing",
            hint=f"build it with --shard {k}/{count} and give its output folder too",
        )
        for k in range(1, count + 1)
        if k not in seen
    ]


_ALIKE = (
    ("newsroom", "name", "of another newsroom"),
    (
        "newsroom",
        "sha256",
        "built from other newsroom files (another commit, or files changed between builds)",
    ),
    ("build", "options", "built with other options (formats, locales, theme, --public, --strict or --pack)"),
    ("build", "now", "built with another --now (give every shard the same --now or PRESSKIT_NOW)"),
    ("build", "source_date_epoch", "built with another SOURCE_DATE_EPOCH"),
    ("build", "python", "built by another Python version"),
    ("build", "libraries", "built with other versions of the libraries that shape output"),
)


def _alike(records: list[ShardRecord]) -> list[Problem]:
    """Every shard of one newsroom, built by this presskit with the same options."""
    problems: list[Problem] = []
    first = records[0]
    for record in records:
        if record.build["presskit"] != __version__:
            problems.append(
                Problem(
                    f"build.presskit: written by presskit {record.build['presskit']}, "
                    f"and this is presskit {__version__}",
                    record.path,
                    hint="build every shard and index them with one presskit version",
                )
            )
        for part, key, what in _ALIKE:
            mine, theirs = getattr(record, part).get(key), getattr(first, part).get(key)
            if mine != theirs:
                problems.append(
                    Problem(
                        f"{part}.{key}: {what} than {first.name}: {_difference(mine, theirs)}",
                        record.path,
                        hint="build every shard from one commit with the same options",
                    )
                )
    return problems


def _difference(mine: Any, theirs: Any) -> str:
    """`formats ['html'], not ['html', 'txt']`: only the keys that differ when both are mappings."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        keys = sorted(k for k in {*mine, *theirs} if mine.get(k) != theirs.get(k))
        return "; ".join(f"{k} {_short(mine.get(k))}, not {_short(theirs.get(k))}" for k in keys)
    return f"{_short(mine)}, not {_short(theirs)}"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _apart(records: list[ShardRecord]) -> list[Problem]:
    """No release in two shards; nothing under embargo in a public build's records."""
    problems: list[Problem] = []
    where: dict[str, ShardRecord] = {}
    for record in records:
        now = dt.datetime.fromisoformat(record.build["now"])
        public = record.build["options"].get("public") is True
        for item in record.releases:
            slug = item.listing.slug
            if slug in where:
                problems.append(
                    Problem(
                        f"releases: {slug} is in {record.name} and in {where[slug].name}",
                        record.path,
                        hint="build the shards again from one commit",
                    )
                )
            where[slug] = record
            if public and item.listing.under_embargo(now):
                problems.append(
                    Problem(
                        f"releases: {slug} is under embargo at --now in a --public build",
                        record.path,
                        hint="a public shard never lists such a release: build the shard again",
                    )
                )
    return problems


def check_newsroom(records: list[ShardRecord], given: Path | None) -> tuple[Path, list[Path]]:
    """The newsroom folder the page is made from: `given`, else the one the shards name; it
    must be the one they were built from (same files). With its release files."""
    first = records[0]
    folder = given if given is not None else Path(str(first.newsroom.get("path")))
    hint = (
        "run presskit index where the shards were built (a checkout of the same commit), or give --newsroom"
    )
    if newsroom_folder([folder]) is None:
        raise ValidationFailed([Problem("not a newsroom folder (no presskit.yaml)", folder, hint=hint)])
    sources = find_release_files([folder])
    if newsroom_fingerprint(folder, sources) != first.newsroom["sha256"]:
        raise ValidationFailed(
            [
                Problem(
                    f"newsroom: not the one {first.name} was built from (its files differ)", folder, hint=hint
                )
            ]
        )
    return folder, sources


def _check_apart(out_dir: Path, dists: list[Path]) -> None:
    """OUT may be one of the DIST folders, never inside one or holding one (it would publish them)."""
    root = real(out_dir, "the output folder")
    for dist in dists:
        folder = real(dist, "the shard folder")
        if folder != root and overlaps(folder, root):
            raise OutputRefused(
                f"the output folder {out_dir} overlaps the shard folder {dist} (give a folder beside it, "
                "or the shard folder itself)"
            )


def check_files(records: list[ShardRecord]) -> dict[str, os.stat_result]:
    """Every file a record lists is in its shard's folder, a regular file of the recorded size;
    OutputError naming the first that is not (nothing has been written yet). Each file's
    lstat, by its path in the shard folder, for the merge to compare OUT's files with."""
    found: dict[str, os.stat_result] = {}
    for record in records:
        base = os.fspath(record.folder)
        for item in record.releases:
            if not is_release_folder(record.folder / item.listing.slug):
                raise OutputError(
                    f"{record.folder / item.listing.slug}: not a release folder presskit wrote "
                    f"({record.name} lists it; build the shard again)"
                )
            names = [(f.name, f.size) for f in item.files]
            if item.pack is not None:
                names.append((item.pack[0], item.pack[1]))
            for name, size in names:
                path = os.path.join(base, name)  # a usable record name: the same path as folder / name
                try:
                    info = os.lstat(path)
                except OSError:
                    info = None
                if info is None or not stat.S_ISREG(info.st_mode) or info.st_size != size:
                    raise OutputError(
                        f"{record.folder / name}: missing or not the file {record.name} lists "
                        "(build the shard again)"
                    )
                found[path] = info
    return found


# ---------------------------------------------------------------------------
# The merge

MERGE_STAGING = "_merge"  # the staging folder's name: never a slug ([a-z0-9][a-z0-9_-]*)


@dataclass(frozen=True)
class _Merge:
    owner: OutputFolder
    shard_files: dict[str, os.stat_result]  # check_files' lstat of every file the records list


def _merge_into(owner: OutputFolder, records: list[ShardRecord], report: IndexReport) -> None:
    """Put every release the records list into OUT, then remove what presskit wrote there that
    no record lists."""
    merge = _Merge(owner, check_files(records))
    listed: set[str] = set()
    kept: list[str] = []  # in OUT already: OUT is their shard's own folder
    elsewhere: list[tuple[ShardRecord, RecordedRelease]] = []
    for record in records:
        here = real(record.folder, "the shard folder") == owner.root
        for item in record.releases:
            names = [item.listing.slug, *([item.pack[0]] if item.pack is not None else [])]
            listed.update(names)
            if here:
                kept += names  # its shard's ledger may be another's copy
            else:
                elsewhere.append((record, item))
    note_all_written(owner, kept)
    report.written += _put_releases(merge, elsewhere)
    cleanup = Cleanup(owner, listed, written_here(owner))
    for name in sorted(cleanup.ledger - listed):
        path = owner.root / name
        if is_release_folder(path) or (name.endswith(".zip") and is_release_zip(path)):
            cleanup.remove(Path(name))
    report.removed += cleanup.removed
    if cleanup.errors:
        raise OutputError(cleanup.errors[0])


def _put_releases(merge: _Merge, releases: list[tuple[ShardRecord, RecordedRelease]]) -> list[str]:
    """Each release's folder (and zip) in OUT as its shard has them; the top-level names written.

    The folders OUT does not hold already are staged together in one staging folder, every
    file a hard link by its own name (link_tree), all of them before the first is swapped in
    whole: a shard file gone missing meanwhile leaves OUT as it was.
    """
    owner = merge.owner
    folders = [(r, i) for r, i in releases if not _holds_same(merge, r, i)]
    zips = [
        (r, i.pack[0])
        for r, i in releases
        if i.pack is not None
        and not _same_file(merge, os.path.join(owner.root, i.pack[0]), os.path.join(r.folder, i.pack[0]))
    ]
    note_all_written(owner, [i.listing.slug for _, i in folders] + [name for _, name in zips])
    if folders:
        staged = staging_folder(owner, MERGE_STAGING)
        try:
            link_tree(((os.path.join(r.folder, f.name), f.name) for r, i in folders for f in i.files), staged)
            for _, item in folders:
                slug = item.listing.slug
                swap_in(staged / slug, owner.root / slug, owner, tidy=False)
        finally:
            close_staging(staged, owner)
    for record, name in zips:
        link_or_copy(record.folder / name, owner.root / name)
    return sorted([i.listing.slug for _, i in folders] + [name for _, name in zips])


def _holds_same(merge: _Merge, record: ShardRecord, item: RecordedRelease) -> bool:
    """OUT's folder of the release is a real folder holding exactly the release's files (and
    the folders they sit in), each the very file (a hard link) or the same bytes as in the
    shard's folder. Its manifest.json is then the shard's, which check_files found presskit's."""
    slug = item.listing.slug
    wanted = {f.name for f in item.files}
    if f"{slug}/manifest.json" not in wanted:
        return False  # not a release folder as presskit writes one: put in place (swap_in judges)
    folders = {name.rsplit("/", i)[0] for name in wanted for i in range(1, name.count("/") + 1)}
    base = os.fspath(record.folder)
    pending = [(os.path.join(merge.owner.root, slug), slug)]
    seen = 0
    while pending:
        folder, prefix = pending.pop()
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError:
            return False
        for entry in entries:
            name = f"{prefix}/{entry.name}"
            if entry.is_dir(follow_symlinks=False) and name in folders:
                pending.append((entry.path, name))
            elif name not in wanted or not entry.is_file(follow_symlinks=False):
                return False  # something the shard does not have (a link, a folder, a file)
            elif not _same_file(merge, entry.path, os.path.join(base, name)):
                return False
            else:
                seen += 1
    return seen == len(wanted)


def _same_file(merge: _Merge, target: str, source: str) -> bool:
    """`target` in OUT is a regular file that is `source` (a hard link) or holds its bytes."""
    theirs = merge.shard_files.get(source)
    try:
        mine = os.lstat(target)
        if theirs is None:
            theirs = os.lstat(source)
    except OSError:
        return False
    if not stat.S_ISREG(mine.st_mode) or mine.st_size != theirs.st_size:
        return False
    if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
        return True
    try:
        return Path(target).read_bytes() == Path(source).read_bytes()
    except OSError:
        return False
