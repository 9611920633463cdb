"""Builds split across machines: `presskit build NEWSROOM --shard K/N`.

A release belongs to shard `sha256(slug) mod N + 1`: the same on every machine
and Python (unlike `hash()`), and a release keeps its shard when others are
added or removed, so each shard's incremental cache stays warm. Releases are
balanced by count, not size: see docs/ci.md for the measurement behind that.

A sharded build writes its release folders (and zips) as any build does, but
no newsroom page or feed; instead a shard record (shard_record.py), which
`presskit index` (index.py) merges.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from presskit.errors import ExitCode, PresskitError
from presskit.publish.incremental import sha256_file
from presskit.publish.ownership import resolve_all
from presskit.source.places import NEWSROOM_FILES, find_release_files
from presskit.source.slugs import declared_slug

MAX_SHARDS = 1024  # far beyond any CI matrix (GitHub allows 256 jobs, GitLab 200)


class ShardRefused(PresskitError):
    """A sharded build asked of something other than one newsroom folder."""

    exit_code = ExitCode.USAGE_ERROR


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based, as CI matrices count)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N` with 1 <= K <= N <= MAX_SHARDS; ValueError saying what is wrong."""
        match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", text)
        if match is None:
            raise ValueError(f"{text!r} is not K/N (e.g. 2/4: the second of four shards)")
        index, count = int(match.group(1)), int(match.group(2))
        if not 1 <= count <= MAX_SHARDS:
            raise ValueError(f"{text!r}: the number of shards must be 1 to {MAX_SHARDS}")
        if not 1 <= index <= count:
            raise ValueError(f"{text!r}: the shard must be 1 to {count}")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @property
    def name(self) -> str:
        return f"shard {self.index} of {self.count}"

    def holds(self, source: Path, newsroom: Path) -> bool:
        return shard_of(shard_key(source, newsroom), self.count) == self.index


def shard_of(key: str, count: int) -> int:
    """The shard (1 to `count`) of a release's key: stable across machines and runs."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def shard_key(source: Path, newsroom: Path) -> str:
    """What decides a release's shard: its declared slug (two releases claiming one slug then
    meet in one shard, which reports the clash), else its folder within the newsroom (a file
    with no readable slug is still built, and reported invalid, by exactly one shard)."""
    found = declared_slug(source)
    if found is not None:
        return found[0]
    return "path:" + relative_source(source, newsroom)


def relative_source(source: Path, newsroom: Path) -> str:
    try:
        return source.resolve().relative_to(newsroom.resolve()).as_posix()
    except ValueError:
        return source.name


def shard_sources(sources: list[Path], shard: Shard, newsroom: Path) -> list[Path]:
    """The release files of `sources` that shard builds, in the order found."""
    return [source for source in sources if shard.holds(source, newsroom)]


def newsroom_folder(paths: list[Path]) -> Path | None:
    """The one newsroom folder a sharded build is given, or None when `paths` is anything else."""
    if len(paths) == 1 and paths[0].is_dir() and any((paths[0] / n).is_file() for n in NEWSROOM_FILES):
        return paths[0]
    return None


def newsroom_fingerprint(newsroom: Path, sources: list[Path] | None = None) -> str:
    """One hash of the newsroom file and every release file in it (each named by its folder):
    shards built from different newsrooms, or different commits of one, differ here.
    `sources` are the newsroom's release files when the caller has found them already."""
    digest = hashlib.sha256()
    for name in NEWSROOM_FILES:
        if (newsroom / name).is_file():
            digest.update(f"{name}\0{sha256_file(newsroom / name)}\n".encode())
    if sources is None:
        sources = find_release_files([newsroom])
    root = newsroom.resolve()
    named = []
    for source, real in zip(sources, resolve_all(sources), strict=True):  # the newsroom's folders once
        if real is not None and real.is_relative_to(root):
            named.append((real.relative_to(root).as_posix(), source))
        else:
            named.append((relative_source(source, newsroom), source))
    for name, source in sorted(named, key=lambda pair: pair[0]):
        digest.update(f"{name}\0{sha256_file(source)}\n".encode())
    return digest.hexdigest()
