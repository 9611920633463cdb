"""A sharded newsroom build against one unsharded build: CPU time, the merge, the rebuild.

    .venv/bin/python benchmarks/shards.py                      # 2,000 releases, 4 shards, html,txt
    .venv/bin/python benchmarks/shards.py --count 200 --formats html,docx,pdf,txt
    .venv/bin/python benchmarks/shards.py --merges 7    # only the merge, of the shards kept from a run

Prints a Markdown table. Nothing here is a test: speed is measured, never asserted.

The newsroom (kept in benchmarks/results/, git-ignored) is the example release N times over
(benchmarks/newsroom.py's releases: own slug, date and photo, every fourth embargoed), one
locale (`-l en-GB`). Its photos are 600 x 400 rather than newsroom.py's 2000 x 1333, so that
making 2,000 of them and their renditions does not dominate a run on a shared machine.
Every build runs in its own process and output folder, one after another, with the same
`--now` and SOURCE_DATE_EPOCH. The rendition cache is emptied before the unsharded build and
again before the shards, so both sides make every rendition (a first build in CI).

`--merges M` builds nothing: it merges the shard folders an earlier run left (and kept) M times,
each into a new folder and again into that one, and gives each case's median and range (the
merge alone, for comparing two versions of it on a machine others share).

The rows: one unsharded build; shard K of N built alone, each into its own folder; the N
shards' CPU time added up against the unsharded build's; `presskit index` merging them into a
new folder; then every build and the merge again with nothing changed. The merged folder is
compared file by file, bytes included, with the unsharded build's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "shards"
NOW = "2025-12-10T18:00:00+00:00"
BOOKKEEPING = {".presskit", ".presskit-cache.json"}  # the folder's own records, not published files

sys.path.insert(0, str(HERE))
from newsroom import EXAMPLE, photo, release_text, slug_of  # noqa: E402  (beside this file)


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float  # user + system seconds of the process and every descendant it waited for


def generate(root: Path, count: int) -> Path:
    """`root` as a newsroom of `count` one-locale releases (made once, then reused)."""
    marker = root / f".generated-shards-{count}"
    if marker.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "releases" / "presskit.yaml", root / "presskit.yaml")
    shutil.copytree(ROOT / "releases" / "assets", root / "assets")
    template = (EXAMPLE / "release.yaml").read_text(encoding="utf-8")
    for index in range(count):
        folder = root / slug_of(index)
        (folder / "assets").mkdir(parents=True)
        (folder / "assets" / "photo.jpg").write_bytes(photo(index, 600, 400))
        (folder / "release.yaml").write_text(release_text(index, template), encoding="utf-8")
    marker.touch()
    return root


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(ROOT),
        SOURCE_DATE_EPOCH="1765411260",
        PRESSKIT_CACHE_DIR=str(RESULTS / "rendition-cache"),
        PRESSKIT_NOW=NOW,
    )
    return env


def run(args: list[str]) -> Sample:
    """One presskit process (this checkout's code), timed; exit status 0 or 3 (refusals) only."""
    command = [sys.executable, "-c", "from presskit.cli import main; main()", *args]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=RESULTS, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{errors.decode(errors='replace')[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime)


def published(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder but its bookkeeping (and shard records), by relative path."""
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in BOOKKEEPING and not name.startswith(".presskit-shard-"):
            files[name] = path.read_bytes()
    return files


def same_output(first: Path, second: Path) -> tuple[bool, int]:
    """Whether the two folders publish the same files with the same bytes; how many files."""
    a, b = published(first), published(second)
    return a.keys() == b.keys() and all(a[k] == b[k] for k in a), len(a)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def median(samples: list[Sample]) -> Sample:
    walls, cpus = sorted(s.wall for s in samples), sorted(s.cpu for s in samples)
    return Sample(walls[len(walls) // 2], cpus[len(cpus) // 2])


def merges_only(times: int, shards: int) -> None:
    """The merge of the kept shard folders, `times` times fresh and `times` times again."""
    dists = [f"shard-{k}" for k in range(1, shards + 1)]
    missing = [d for d in [*dists, "full"] if not (RESULTS / d).is_dir()]
    if missing:
        raise SystemExit(f"no {', '.join(missing)} in {RESULTS}: run without --merges first")
    fresh, again = [], []
    # Each merge into a folder of its own, removed only at the end: 16,000 files and 6,000
    # folders deleted just before a merge slow the folders it makes (the file system is still
    # freeing the old ones), which a CI job merging into a new folder never sees.
    outs = [f"merged-{n}" for n in range(1, times + 1)]
    for out in outs:
        shutil.rmtree(RESULTS / out, ignore_errors=True)
    for out in outs:
        fresh.append(run(["index", *dists, "-o", out, "-q"]))
        again.append(run(["index", *dists, "-o", out, "-q"]))
    identical, files = same_output(RESULTS / "full", RESULTS / outs[-1])
    for out in outs:
        shutil.rmtree(RESULTS / out)
    print(f"{times} merges of {shards} kept shards, {os.cpu_count()} cores; {files} files\n")
    print("| case | median wall (s) | median CPU (s) | wall range (s) |\n| --- | ---: | ---: | --- |")
    for label, samples in (("presskit index (merge)", fresh), ("merge again, nothing changed", again)):
        middle, walls = median(samples), sorted(s.wall for s in samples)
        print(f"| {label} | {middle.wall:.2f} | {middle.cpu:.2f} | {walls[0]:.2f} to {walls[-1]:.2f} |")
    print(f"\nbyte-identical to the unsharded build: {identical}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--formats", default="html,txt")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--merges", type=int, default=0, help="only merge the kept shards, this many times")
    args = parser.parse_args()
    if args.merges:
        merges_only(args.merges, args.shards)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    news = generate(RESULTS / f"newsroom-{args.count}", args.count).name
    common = ["-f", args.formats, "-l", "en-GB", "-j", str(args.jobs), "-q"]
    for name in ["full", "merged", *(f"shard-{k}" for k in range(1, args.shards + 1))]:
        shutil.rmtree(RESULTS / name, ignore_errors=True)
    rows: list[tuple[str, Sample, str]] = []
    shutil.rmtree(RESULTS / "rendition-cache", ignore_errors=True)
    full = run(["build", news, "-o", "full", *common])
    shutil.rmtree(RESULTS / "rendition-cache")  # the shards make every rendition again too
    rows.append(("unsharded build", full, ""))
    shards = []
    for k in range(1, args.shards + 1):
        sample = run(["build", news, "-o", f"shard-{k}", "--shard", f"{k}/{args.shards}", *common])
        folder = RESULTS / f"shard-{k}"
        releases = sum(1 for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        note = f"{releases} releases, {folder_bytes(folder) / 1e6:.1f} MB"
        rows.append((f"shard {k}/{args.shards}", sample, note))
        shards.append(sample)
    total = Sample(sum(s.wall for s in shards), sum(s.cpu for s in shards))
    rows.append(
        (f"{args.shards} shards together", total, f"CPU {total.cpu / full.cpu:.3f}x the unsharded build")
    )
    dists = [f"shard-{k}" for k in range(1, args.shards + 1)]
    merge = run(["index", *dists, "-o", "merged", "-q"])
    identical, files = same_output(RESULTS / "full", RESULTS / "merged")
    rows.append(("presskit index (merge)", merge, f"{files} files; byte-identical to unsharded: {identical}"))
    rows.append(("unsharded rebuild, nothing changed", run(["build", news, "-o", "full", *common]), ""))
    again = [
        run(["build", news, "-o", d, "--shard", f"{k}/{args.shards}", *common])
        for k, d in enumerate(dists, 1)
    ]
    rows.append(
        (
            f"{args.shards} shard rebuilds, nothing changed",
            Sample(sum(s.wall for s in again), sum(s.cpu for s in again)),
            "",
        )
    )
    rows.append(("merge again, nothing changed", run(["index", *dists, "-o", "merged", "-q"]), ""))
    identical, _ = same_output(RESULTS / "full", RESULTS / "merged")
    print(
        f"{args.count} releases, one locale (en-GB), formats {args.formats}, --jobs {args.jobs}, "
        f"{os.cpu_count()} cores\n"
    )
    print("| case | wall (s) | CPU (s) | note |\n| --- | ---: | ---: | --- |")
    for label, sample, note in rows:
        print(f"| {label} | {sample.wall:.2f} | {sample.cpu:.2f} | {note} |")
    print(f"\nafter the reruns, still byte-identical: {identical}")


if __name__ == "__main__":
    main()
