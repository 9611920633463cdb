"""The shard record: what a sharded build leaves for `presskit index`.

`OUT/.presskit-shard-K-of-N.json` holds, for each release the shard published,
its newsroom listing (what the page and feed show), its files (path, size,
sha256) and its zip; and what the shard was built from and with: the newsroom
(by a hash of its files), presskit's version, Python and the libraries that
shape output, the options that change output, `--now` and SOURCE_DATE_EPOCH.

A record lists only what the build published: a release refused under
`--public` is not in it at all, not even its slug. A record is read back as
untrusted input: every field is checked, every path must stay inside its
release's folder, and each problem is one located line.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presskit import __version__
from presskit.errors import Problem, ValidationFailed
from presskit.publish.incremental import code_fingerprint, output_name, usable_output_name
from presskit.publish.newsroom import Listing
from presskit.publish.outcome import BuildOptions, ReleaseOutcome
from presskit.publish.ownership import OutputFolder, remove_owned
from presskit.publish.records import recorded_listing
from presskit.publish.shards import Shard, newsroom_fingerprint, relative_source
from presskit.publish.writer import mark_output, write_atomic
from presskit.source.places import NEWSROOM_FILES, first_existing
from presskit.source.reading import UnreadableFile, read_regular

RECORD_SCHEMA = "presskit/shard/1"
RECORD_NAME = re.compile(r"^\.presskit-shard-(?P<index>[1-9][0-9]*)-of-(?P<count>[1-9][0-9]*)\.json$")
MAX_RECORD_BYTES = 256 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def record_name(shard: Shard) -> str:
    return f".presskit-shard-{shard.index}-of-{shard.count}.json"


# ---------------------------------------------------------------------------
# Writing (a sharded build)


def build_identity(options: BuildOptions) -> dict[str, Any]:
    """What must be the same in every shard for their merge to equal one build."""
    code = code_fingerprint()
    return {
        "presskit": __version__,
        "python": code["python"],
        "libraries": code["libraries"],
        "options": options.output_options(),
        "now": options.now.isoformat(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
    }


def newsroom_name(newsroom: Path) -> str | None:
    """The organisation of a newsroom folder (None when its file is invalid: every release says why)."""
    from presskit.publish.inputs import load_newsroom

    found = first_existing(newsroom, NEWSROOM_FILES)
    if found is None:
        return None
    try:
        return load_newsroom(found.resolve()).organisation.name
    except (ValidationFailed, OSError):
        return None


def release_entry(outcome: ReleaseOutcome, newsroom: Path) -> dict[str, Any] | None:
    """What the merge needs of one published release; None for one not published."""
    if outcome.status not in ("built", "skipped") or outcome.listing is None:
        return None
    pack = outcome.pack
    return {
        "source": relative_source(outcome.source, newsroom),
        "listing": outcome.listing.as_json(),
        "files": [f.as_json() for f in sorted(outcome.files, key=lambda f: f.path.as_posix())],
        "pack": {"name": pack.path.name, "size": pack.size, "sha256": pack.sha256} if pack else None,
    }


def write_shard_record(
    newsroom: Path, shard: Shard, outcomes: list[ReleaseOutcome], options: BuildOptions
) -> dict[str, Any]:
    """Write OUT/.presskit-shard-K-of-N.json (only when its bytes change) and remove the
    records of another number of shards from OUT; what the build report says of the shard."""
    entries = [e for o in outcomes if (e := release_entry(o, newsroom)) is not None]
    entries.sort(key=lambda e: str(e["listing"]["slug"]))
    record = {
        "schema": RECORD_SCHEMA,
        "generator": f"presskit {__version__}",
        "shard": {"index": shard.index, "count": shard.count},
        "newsroom": {
            "path": str(newsroom),
            "name": newsroom_name(newsroom),
            "sha256": newsroom_fingerprint(newsroom),
        },
        "build": build_identity(options),
        "releases": entries,
        "not_built": sum(o.status in ("invalid", "failed") for o in outcomes),
    }
    data = (json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    target = options.out_dir / record_name(shard)
    mark_output(OutputFolder.of(options.out_dir))  # an empty shard still leaves a folder presskit owns
    if not (target.is_file() and not target.is_symlink() and target.read_bytes() == data):
        write_atomic(target, data)
    _remove_other_shardings(OutputFolder.of(options.out_dir), shard)
    return {"shard": str(shard), "record": record_name(shard), "releases": len(entries)}


def _remove_other_shardings(owner: OutputFolder, shard: Shard) -> None:
    """Records of another number of shards describe a sharding no longer run; those of other
    shards of the same number stay (several shards may share one output folder)."""
    for path in sorted(owner.root.iterdir()):
        match = RECORD_NAME.match(path.name)
        if match and int(match.group("count")) != shard.count:
            remove_owned(path, owner)


# ---------------------------------------------------------------------------
# Reading (presskit index)


@dataclass(frozen=True)
class RecordedFile:
    """One file of a recorded release, as the merge needs it (no Path: a record names some 16,000)."""

    name: str  # relative to the output folder, "/"-separated, under <slug>/ (usable_output_name)
    size: int
    sha256: str


@dataclass(frozen=True)
class RecordedRelease:
    source: str  # the release file, relative to the newsroom folder
    listing: Listing
    files: tuple[RecordedFile, ...]  # paths relative to the output folder, all under <slug>/
    pack: tuple[str, int, str] | None  # (<slug>.zip, size, sha256)


@dataclass(frozen=True)
class ShardRecord:
    path: Path  # the record file
    folder: Path  # the output folder it sits in (the shard's release folders are beside it)
    shard: Shard
    newsroom: dict[str, Any]  # path, name, sha256
    build: dict[str, Any]  # see build_identity
    releases: tuple[RecordedRelease, ...]
    not_built: int

    @property
    def name(self) -> str:
        return f"{self.shard.name} ({self.folder})"


def find_records(folder: Path) -> list[Path]:
    """The shard records in an output folder, by shard number."""
    try:
        found = [p for p in folder.iterdir() if RECORD_NAME.match(p.name)]
    except OSError:
        return []
    return sorted(found, key=lambda p: tuple(int(n) for n in re.findall(r"[0-9]+", p.name)))


def read_record(path: Path) -> ShardRecord:
    """The record at `path`; ValidationFailed naming every field that is wrong."""
    try:
        data = json.loads(read_regular(path, MAX_RECORD_BYTES, what="shard record").decode("utf-8"))
    except UnreadableFile as error:
        raise ValidationFailed([Problem(error.message, path)]) from None
    except (ValueError, RecursionError) as error:
        raise ValidationFailed(
            [Problem(f"not a shard record presskit wrote ({error})", path, hint="build the shard again")]
        ) from None
    problems: list[Problem] = []

    def wrong(where: str, message: str) -> None:
        problems.append(Problem(message, path, field=where, hint="build the shard again"))

    if not isinstance(data, dict) or data.get("schema") != RECORD_SCHEMA:
        schema = data.get("schema") if isinstance(data, dict) else None
        wrong("schema", f"{schema!r} is not {RECORD_SCHEMA!r}: another presskit wrote it, or no presskit")
        raise ValidationFailed(problems)
    shard = _shard(data.get("shard"), path, wrong)
    newsroom, build = data.get("newsroom"), data.get("build")
    if not (isinstance(newsroom, dict) and isinstance(newsroom.get("sha256"), str)):
        wrong("newsroom", "missing or malformed")
    if not (isinstance(build, dict) and isinstance(build.get("presskit"), str)):
        wrong("build", "missing or malformed")
    releases = data.get("releases")
    if not isinstance(releases, list):
        wrong("releases", "not a list")
        releases = []
    recorded = [r for i, item in enumerate(releases) if (r := _release(item, f"releases[{i}]", wrong))]
    not_built = data.get("not_built")
    if type(not_built) is not int or not_built < 0:
        wrong("not_built", "not a count")
    if problems or shard is None:
        raise ValidationFailed(problems)
    assert isinstance(newsroom, dict) and isinstance(build, dict) and type(not_built) is int
    return ShardRecord(path, path.parent, shard, newsroom, build, tuple(recorded), not_built)


def _shard(value: Any, path: Path, wrong: Any) -> Shard | None:
    match = RECORD_NAME.match(path.name)
    if not isinstance(value, dict) or not all(type(value.get(k)) is int for k in ("index", "count")):
        wrong("shard", "missing or malformed")
        return None
    try:
        shard = Shard.parse(f"{value['index']}/{value['count']}")
    except ValueError as error:
        wrong("shard", str(error))
        return None
    if match is None or (int(match.group("index")), int(match.group("count"))) != (shard.index, shard.count):
        wrong("shard", f"says {shard.name}, but the file is named {path.name}")
        return None
    return shard


def _release(item: Any, where: str, wrong: Any) -> RecordedRelease | None:
    if not isinstance(item, dict) or not isinstance(item.get("source"), str):
        wrong(where, "not a release entry")
        return None
    listing = recorded_listing(item.get("listing"))
    slug = listing.slug if listing is not None else None
    if listing is None or slug is None or output_name(slug) is None or "/" in slug or slug.startswith("."):
        wrong(f"{where}.listing", "missing or malformed")
        return None
    files = _files(item.get("files"), slug, f"{where}.files", wrong)
    good_pack, pack = _pack(item.get("pack"), slug, f"{where}.pack", wrong)
    if files is None or not good_pack:
        return None
    names = {f.name for f in files}
    pages = [p for formats in listing.pages.values() for p in formats.values()]
    if any(p not in names for p in pages):
        wrong(f"{where}.listing.pages", "names a file the release's files do not hold")
        return None
    if (listing.pack is None) != (pack is None) or (pack and listing.pack != pack[0]):
        wrong(f"{where}.listing.pack", "does not match the release's zip")
        return None
    return RecordedRelease(item["source"], listing, files, pack)


def _files(value: Any, slug: str, where: str, wrong: Any) -> tuple[RecordedFile, ...] | None:
    if not isinstance(value, list) or not value:
        wrong(where, "not a list of files")
        return None
    files = []
    texts = ("path", "format", "media_type", "sha256")
    inside = f"{slug}/"
    for i, item in enumerate(value):
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in texts)
        ok = ok and all(item.get(k) is None or isinstance(item.get(k), str) for k in ("locale", "rendition"))
        ok = ok and type(item.get("size")) is int and item["size"] >= 0
        ok = ok and _SHA256.match(item["sha256"]) is not None
        # A usable name is plain parts joined by "/" (no "", ".", ".."): under <slug>/ by its text.
        if not (ok and usable_output_name(item["path"]) and item["path"].startswith(inside)):
            wrong(f"{where}[{i}]", f"not a file inside the release's folder {slug}/")
            return None
        files.append(RecordedFile(item["path"], item["size"], item["sha256"]))
    return tuple(files)


def _pack(value: Any, slug: str, where: str, wrong: Any) -> tuple[bool, tuple[str, int, str] | None]:
    """Whether the entry is well formed, and the release's zip (None when it has none)."""
    if value is None:
        return True, None
    if not (
        isinstance(value, dict)
        and value.get("name") == f"{slug}.zip"
        and type(value.get("size")) is int
        and isinstance(value.get("sha256"), str)
        and _SHA256.match(value["sha256"])
    ):
        wrong(where, f"not the zip {slug}.zip with its size and sha256")
        return False, None
    return True, (value["name"], value["size"], value["sha256"])
