"""Sharded builds (`build --shard K/N`) merged by `presskit index` equal one unsharded build.

The main test builds each shard in its own process and output folder, merges them, and
compares every published file, bytes included, with an unsharded build of the same
newsroom: with --public (two releases refused) and --pack, for N = 1, 3 and 4, and again
after rebuilding everything with nothing changed. The records are read back and searched
for any trace of the refused releases. Then every way a set of shards can fail to make one
build is refused, one located line each, before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from presskit.publish.shards import Shard, shard_of
from tests.conftest import ROOT
from tests.newsroom_factory import NOW_BETWEEN, THREE, Spec, make_newsroom
from tests.safety import Secret, add_secret, leaks, one_line_messages, run

EPOCH = "1765411260"
BOOKKEEPING = {".presskit", ".presskit-cache.json"}  # the folder's own records, not what it publishes
MORE = [Spec(f"item-{i}", f"2025-10-{i + 1:02d}") for i in range(6)]


def presskit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """presskit in a process of its own, as a CI job runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-c", "from presskit.cli import main; main()", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def published(folder: Path) -> dict[str, bytes]:
    """Every file the folder publishes, by path: all but its bookkeeping and shard records."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in BOOKKEEPING and not name.startswith(".presskit-shard-"):
            found[name] = path.read_bytes()
    return found


def assert_same_output(expected: Path, actual: Path) -> None:
    want, got = published(expected), published(actual)
    assert sorted(got) == sorted(want)
    different = [name for name in want if want[name] != got[name]]
    assert not different, f"differ from the unsharded build: {different}"
    ledger = (expected / ".presskit").read_text().splitlines()[1:]
    assert sorted((actual / ".presskit").read_text().splitlines()[1:]) == sorted(ledger)


@pytest.fixture(scope="module")
def public_news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Secret, Path]:
    """A newsroom with two releases still under embargo at NOW_BETWEEN (charlie and a secret),
    and its unsharded public build (with zips)."""
    root = tmp_path_factory.mktemp("sharded")
    newsroom = make_newsroom(root / "news", THREE + MORE)
    secret = add_secret(newsroom, "zanzibar-merger")
    done = presskit("build", "news", "-o", "full", *PUBLIC, cwd=root)
    assert done.returncode == 3, done.stderr  # the two refusals
    assert (root / "full" / "index.html").is_file() and (root / "full" / "alpha.zip").is_file()
    return root, secret, root / "full"


PUBLIC = ("-f", "html,txt", "--now", NOW_BETWEEN, "--public", "--pack", "-j", "1")


@pytest.mark.parametrize("count", [1, 3, 4])
def test_merged_shards_are_byte_identical_to_one_build(
    public_news: tuple[Path, Secret, Path], count: int
) -> None:
    root, secret, full = public_news
    dists = [f"n{count}-shard-{k}" for k in range(1, count + 1)]
    for k, dist in enumerate(dists, 1):
        done = presskit("build", "news", "-o", dist, "--shard", f"{k}/{count}", *PUBLIC, "--json", cwd=root)
        assert done.returncode in (0, 3), done.stderr
        report = json.loads(done.stdout)
        assert report["shard"] == {
            "shard": f"{k}/{count}",
            "record": f".presskit-shard-{k}-of-{count}.json",
        } | {"releases": report["counts"]["built"]}
        assert not (root / dist / "index.html").exists() and not (root / dist / "feed.xml").exists()
        assert leaks(root / dist, secret) == [], "a shard folder (or its record) carries the refused release"
        record = (root / dist / f".presskit-shard-{k}-of-{count}.json").read_text()
        assert "charlie" not in record
    merged = f"n{count}-merged"
    done = presskit("index", *dists, "-o", merged, cwd=root)
    assert done.returncode == 0, done.stderr
    assert_same_output(full, root / merged)
    assert leaks(root / merged, secret) == []

    # Nothing changed: every shard skips every release and the merge writes nothing new.
    for k, dist in enumerate(dists, 1):
        done = presskit("build", "news", "-o", dist, "--shard", f"{k}/{count}", *PUBLIC, "--json", cwd=root)
        assert json.loads(done.stdout)["counts"]["built"] == 0, done.stdout
    done = presskit("index", *dists, "-o", merged, "--json", cwd=root)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["written"] == []
    assert_same_output(full, root / merged)


def test_shards_merged_in_place_or_apart_equal_one_build(tmp_path: Path) -> None:
    """Preview (not public) shards downloaded into one folder, as a CI artifact download
    merges them, are merged in place. Merged into a folder of their own, the shards' build
    records come along: an unsharded build into the result finds every release up to date
    and changes no byte."""
    newsroom = make_newsroom(tmp_path / "news", THREE + MORE)
    options = ["-f", "html,txt", "--now", NOW_BETWEEN, "-j", "1"]
    assert run("build", str(newsroom), "-o", str(tmp_path / "full"), *options).exit_code == 0
    shared = tmp_path / "shared"
    for k in (1, 2, 3):
        dist = tmp_path / f"shard-{k}"
        result = run("build", str(newsroom), "-o", str(dist), "--shard", f"{k}/3", *options)
        assert result.exit_code == 0, result.output
        shutil.copytree(dist, shared, dirs_exist_ok=True)
    result = run("index", str(shared))
    assert result.exit_code == 0, result.output
    assert_same_output(tmp_path / "full", shared)
    merged = tmp_path / "merged"
    result = run("index", *(str(tmp_path / f"shard-{k}") for k in (1, 2, 3)), "-o", str(merged))
    assert result.exit_code == 0, result.output
    result = run("build", str(newsroom), "-o", str(merged), *options, "--json")
    assert json.loads(result.stdout)["counts"] == {
        "built": 0,
        "skipped": len(THREE + MORE),
        "refused": 0,
        "invalid": 0,
        "failed": 0,
    }
    assert_same_output(tmp_path / "full", merged)


def test_the_shard_of_a_release_is_a_hash_of_its_slug() -> None:
    for slug in ("alpha", "gta-2025", "release-0001"):
        expected = int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big") % 4 + 1
        assert shard_of(slug, 4) == expected
    counts = [0] * 4
    for i in range(2000):
        counts[shard_of(f"release-{i:04d}", 4) - 1] += 1
    assert min(counts) > 430 and max(counts) < 570  # 500 each, give or take chance


@pytest.mark.parametrize(
    ("text", "message"),
    [("3/2", "the shard must be 1 to 2"), ("0/4", "the shard must be 1 to 4"), ("two", "is not K/N")],
)
def test_a_bad_shard_is_a_usage_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Shard.parse(text)
    result = run("build", "releases", "--shard", text)
    assert result.exit_code == 2 and message in result.output


def test_a_shard_of_anything_but_one_newsroom_is_refused(tmp_path: Path) -> None:
    newsroom = make_newsroom(tmp_path / "news", THREE)
    result = run("build", str(newsroom / "alpha"), "-o", str(tmp_path / "out"), "--shard", "1/2")
    assert result.exit_code == 2
    assert one_line_messages(result.output) == [
        f"--shard builds one newsroom folder, not {newsroom / 'alpha'} (give the folder holding "
        "presskit.yaml, e.g. presskit build releases/ --shard 1/4)"
    ]


# ---------------------------------------------------------------------------
# Shards that do not make one build


@pytest.fixture(scope="module")
def two_shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two")
    newsroom = make_newsroom(root / "news", THREE + MORE)
    for k in (1, 2):
        result = run("build", str(newsroom), "-o", str(root / f"s{k}"), "--shard", f"{k}/2", *FAST_NOW)
        assert result.exit_code == 0, result.output
    return root


FAST_NOW = ("-f", "html,txt", "--now", NOW_BETWEEN, "-j", "1")


def copy_of(two_shards: Path, tmp_path: Path) -> Path:
    shutil.copytree(two_shards, tmp_path / "w", symlinks=True)
    return tmp_path / "w"


def edit_record(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def refused(root: Path, *dists: str, code: int = 1) -> list[str]:
    result = run("index", *(str(root / d) for d in dists), "-o", str(root / "out"))
    assert result.exit_code == code, result.output
    assert not (root / "out").exists() or not any((root / "out").iterdir())  # nothing written
    return one_line_messages(result.output)


def test_a_missing_shard_is_named(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    assert refused(root, "s1") == [
        "shard 2 of 2 missing (build it with --shard 2/2 and give its output folder too)"
    ]


def test_a_shard_given_twice_is_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    shutil.copytree(root / "s2", root / "again")
    lines = refused(root, "s1", "s2", "again")
    assert len(lines) == 1 and "shard: shard 2 of 2 is given twice" in lines[0]
    assert (
        lines[0].startswith(str(Path("..") / "w" / "again"))
        or "again/.presskit-shard-2-of-2.json" in lines[0]
    )


def test_shards_of_another_count_are_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    result = run("build", str(root / "news"), "-o", str(root / "s3"), "--shard", "2/3", *FAST_NOW)
    assert result.exit_code == 0, result.output
    lines = refused(root, "s1", "s2", "s3")
    assert len(lines) == 1
    assert ".presskit-shard-2-of-3.json: shard: shard 2 of 3, but shard 1 of 2" in lines[0]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (("-f", "html"), "build.options: built with other options"),
        (("-f", "html,txt", "--now", "2025-12-05T12:00:01+00:00"), "build.now: built with another --now"),
        (("-f", "html,txt", "--public"), "build.options: built with other options"),
    ],
)
def test_shards_built_with_other_options_are_refused(
    two_shards: Path, tmp_path: Path, options: tuple[str, ...], field: str
) -> None:
    root = copy_of(two_shards, tmp_path)
    shutil.rmtree(root / "s2")
    now = () if "--now" in options else ("--now", NOW_BETWEEN)
    result = run(
        "build", str(root / "news"), "-o", str(root / "s2"), "--shard", "2/2", *options, *now, "-j", "1"
    )
    assert result.exit_code in (0, 3), result.output
    lines = refused(root, "s1", "s2")
    assert len(lines) == 1 and field in lines[0] and "s2/.presskit-shard-2-of-2.json" in lines[0], lines


def test_shards_of_another_newsroom_are_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    other = make_newsroom(root / "other", THREE + MORE)
    text = (other / "presskit.yaml").read_text()
    (other / "presskit.yaml").write_text(text.replace("name:", "name: Other", 1))
    shutil.rmtree(root / "s2")
    result = run("build", str(other), "-o", str(root / "s2"), "--shard", "2/2", *FAST_NOW)
    assert result.exit_code == 0, result.output
    lines = refused(root, "s1", "s2")
    assert any("newsroom.name: of another newsroom than shard 1 of 2" in line for line in lines), lines
    assert all("s2/.presskit-shard-2-of-2.json" in line for line in lines)


def test_a_record_of_another_presskit_version_is_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    edit_record(root / "s2" / ".presskit-shard-2-of-2.json", lambda d: d["build"].update(presskit="0.0.1"))
    lines = refused(root, "s1", "s2")
    assert len(lines) == 1 and "build.presskit: written by presskit 0.0.1, and this is presskit" in lines[0]


def test_a_newsroom_changed_since_the_shards_were_built_is_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    edit_record(
        root / "s1" / ".presskit-shard-1-of-2.json", lambda d: d["newsroom"].update(path=str(root / "news"))
    )
    edit_record(
        root / "s2" / ".presskit-shard-2-of-2.json", lambda d: d["newsroom"].update(path=str(root / "news"))
    )
    release = root / "news" / "alpha" / "release.yaml"
    release.write_text(release.read_text().replace("Alpha", "Alpha changed", 1))
    lines = refused(root, "s1", "s2")
    assert (
        len(lines) == 1
        and "newsroom: not the one shard 1 of 2" in lines[0]
        and str(root / "news") in lines[0]
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["releases"][0]["files"][0].update(path="../../etc/passwd"), "releases[0].files[0]"),
        (lambda d: d["releases"][0]["listing"].update(slug="../up"), "releases[0].listing"),
        (lambda d: d.update(schema="presskit/shard/99"), "schema"),
        (lambda d: d["shard"].update(index=1), "shard: says shard 1 of 2, but the file is named"),
    ],
)
def test_a_tampered_record_is_refused(two_shards: Path, tmp_path: Path, change: Any, field: str) -> None:
    root = copy_of(two_shards, tmp_path)
    edit_record(root / "s2" / ".presskit-shard-2-of-2.json", change)
    lines = refused(root, "s1", "s2")
    assert any(f"s2/.presskit-shard-2-of-2.json: {field}" in line for line in lines), lines


def test_a_folder_without_a_record_is_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    (root / "empty").mkdir()
    lines = refused(root, "s1", "s2", "empty")
    assert len(lines) == 1 and lines[0].endswith(
        "holds no shard record (.presskit-shard-K-of-N.json) (build into it with presskit build NEWSROOM "
        "--shard K/N)"
    )


def test_a_file_missing_from_a_shard_is_an_output_error(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    record = json.loads((root / "s2" / ".presskit-shard-2-of-2.json").read_text())
    missing = root / "s2" / record["releases"][0]["files"][0]["path"]
    missing.unlink()
    result = run("index", str(root / "s1"), str(root / "s2"), "-o", str(root / "out"))
    assert result.exit_code == 4, result.output
    assert one_line_messages(result.output)[0].startswith(f"{missing}: missing or not the file shard 2 of 2")
    assert not any((root / "out").glob("*/manifest.json"))


def test_an_output_folder_inside_a_shard_is_refused(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    result = run("index", str(root / "s1"), str(root / "s2"), "-o", str(root / "s1" / "public"))
    assert result.exit_code == 2 and "overlaps the shard folder" in result.output
    assert run("index", str(root / "s1"), str(root / "s2")).exit_code == 2  # several: -o is needed


def test_a_new_shard_count_removes_the_old_record(two_shards: Path, tmp_path: Path) -> None:
    root = copy_of(two_shards, tmp_path)
    result = run("build", str(root / "news"), "-o", str(root / "s1"), "--shard", "1/3", *FAST_NOW)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (root / "s1").glob(".presskit-shard-*"))
    assert names == [".presskit-shard-1-of-3.json"]
