"""How `presskit index` puts the shards' releases into the merged folder, read back from disk.

test_shards.py shows the merged result equals one unsharded build; these show how it gets
there: every release folder staged in one staging folder and swapped in whole, each file a
hard link of the shard's (a copy across file systems), nothing left half-made when a shard
file goes missing meanwhile, a folder in OUT that differs in any way (a file, a link, a
folder more) put in again, and a merge that changes nothing leaving the pages and the
build record as they were (not rendered or written again).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from presskit.publish import index as index_module
from presskit.publish import pages, writer
from presskit.publish.ownership import OutputFolder
from presskit.publish.writer import note_all_written, written_here
from tests.newsroom_factory import NOW_BETWEEN, THREE, Spec, make_newsroom
from tests.safety import one_line_messages, run

FAST = ("-f", "html,txt", "--now", NOW_BETWEEN, "-j", "1")
SPECS = [*THREE, Spec("delta", "2025-10-01"), Spec("echo", "2025-10-02")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newsroom and its two shards (s1, s2), built once for the module."""
    root = tmp_path_factory.mktemp("merge")
    newsroom = make_newsroom(root / "news", SPECS)
    for k in (1, 2):
        result = run("build", str(newsroom), "-o", str(root / f"s{k}"), "--shard", f"{k}/2", *FAST)
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def shards(built: Path, tmp_path: Path) -> Path:
    shutil.copytree(built, tmp_path / "w", symlinks=True)
    return tmp_path / "w"


def merge(root: Path, out: str = "out") -> dict[str, Any]:
    result = run("index", str(root / "s1"), str(root / "s2"), "-o", str(root / out), "--json")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def shard_files(root: Path) -> dict[str, Path]:
    """Every file of every release folder in the shards, by its path relative to the shard."""
    found = {}
    for k in (1, 2):
        record = json.loads((root / f"s{k}" / f".presskit-shard-{k}-of-2.json").read_text())
        for release in record["releases"]:
            for item in release["files"]:
                found[item["path"]] = root / f"s{k}" / item["path"]
    return found


def released(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if (p / "manifest.json").is_file()}


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Record each call of `module.name` (its first argument), still doing what it does."""
    calls: list[Any] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_every_release_goes_in_through_one_staging_folder_as_hard_links(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = counting(monkeypatch, index_module, "staging_folder")
    report = merge(shards)
    files = shard_files(shards)
    slugs = {name.split("/")[0] for name in files}
    assert len(staged) == 1 and sorted(report["written"]) == sorted(slugs)
    assert released(shards / "out") == slugs
    for name, source in files.items():
        assert os.path.samefile(shards / "out" / name, source), name
    assert not (shards / "out" / ".staging").exists()
    for top in (shards / "out").iterdir():
        assert not top.name.startswith("_merge"), top


def test_across_file_systems_the_files_are_copied_whole(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the shard folder and OUT lie on two file systems (a link fails with EXDEV)."""

    def other_file_system(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", other_file_system)  # what writer.link_tree calls
    report = merge(shards)
    files = shard_files(shards)
    assert sorted(report["written"]) == sorted({name.split("/")[0] for name in files})
    for name, source in files.items():
        copied = shards / "out" / name
        assert not os.path.samefile(copied, source)
        assert copied.read_bytes() == source.read_bytes(), name
    assert not (shards / "out" / ".staging").exists()


def test_a_shard_file_gone_while_staging_leaves_the_output_as_it_was(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check_files found every file; one vanishes before it is linked (a CI cache pruned, say):
    one located error, exit 4, no release folder put in and no staging folder left."""
    victim = sorted(shard_files(shards).items())[-1][1]
    real_link_tree = writer.link_tree

    def vanishing(files: Iterator[tuple[str, str]], staged: Path) -> None:
        victim.unlink()
        real_link_tree(files, staged)

    monkeypatch.setattr(index_module, "link_tree", vanishing)
    result = run("index", str(shards / "s1"), str(shards / "s2"), "-o", str(shards / "out"))
    assert result.exit_code == 4, result.output
    lines = one_line_messages(result.output)
    assert any(line.startswith(f"{victim}: cannot link it into ") for line in lines), lines
    out = shards / "out"
    assert released(out) == set()
    assert not (out / ".staging").exists()
    assert not (out / "index.html").exists()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda folder: (folder / "stray").symlink_to("/etc"), id="a link more"),
        pytest.param(lambda folder: (folder / "empty").mkdir(), id="a folder more"),
        pytest.param(lambda folder: (folder / "notes.txt").write_text("mine"), id="a file more"),
        pytest.param(
            lambda folder: _replace(folder / "README.txt", lambda data: data.upper()),
            id="a file changed",
        ),
        pytest.param(lambda folder: (folder / "README.txt").unlink(), id="a file less"),
    ],
)
def test_a_release_folder_that_differs_in_any_way_is_put_in_again(
    shards: Path, change: Callable[[Path], None]
) -> None:
    merge(shards)
    folder = shards / "out" / "alpha"
    change(folder)
    report = merge(shards)
    assert report["written"] == ["alpha"]
    names = {p.relative_to(shards / "out").as_posix() for p in folder.rglob("*") if not p.is_dir()}
    wanted = {name for name in shard_files(shards) if name.startswith("alpha/")}
    assert names == wanted
    assert all(os.path.samefile(shards / "out" / n, shard_files(shards)[n]) for n in wanted)
    assert not (folder / "empty").exists()


def _replace(path: Path, change: Callable[[bytes], bytes]) -> None:
    """A new file in place of `path` (presskit never writes in place: a hard link stays intact)."""
    data = change(path.read_bytes())
    path.unlink()
    path.write_bytes(data)


def test_a_copy_with_the_same_bytes_is_left_in_place(shards: Path) -> None:
    merge(shards)
    readme = shards / "out" / "alpha" / "README.txt"
    _replace(readme, lambda data: data)  # the same bytes, no longer the shard's own file
    assert merge(shards)["written"] == []
    assert readme.read_bytes() == shard_files(shards)["alpha/README.txt"].read_bytes()


def test_a_merge_that_changes_nothing_renders_and_writes_nothing(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merge(shards)
    out = shards / "out"
    kept = ("index.html", "feed.xml", ".presskit-cache.json")
    before = {name: os.stat(out / name) for name in kept}
    started = counting(monkeypatch, index_module._PagesAside, "start")
    renders = counting(monkeypatch, pages, "render_pages")
    assert merge(shards)["written"] == []
    assert started == [] and renders == [], "the newsroom page was rendered again"
    for name in kept:
        after = os.stat(out / name)
        assert (after.st_ino, after.st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns), name
    # A page changed by hand is noticed: rendered again (aside), the record saved with it.
    original = (out / "index.html").read_bytes()
    (out / "index.html").write_bytes(b"<p>defaced</p>")
    merge(shards)
    assert len(started) == 1 and renders == []
    assert (out / "index.html").read_bytes() == original


def test_when_the_process_rendering_aside_fails_the_merge_renders_the_pages(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merge(shards, "expected")
    parent = os.getpid()
    real_render = pages.render_pages

    def failing_in_the_child(*args: Any) -> tuple[bytes, bytes]:
        if os.getpid() != parent:
            raise RuntimeError("the renderer failed in the child")
        return real_render(*args)

    monkeypatch.setattr(index_module, "render_pages", failing_in_the_child)
    renders = counting(monkeypatch, pages, "render_pages")
    merge(shards)
    assert len(renders) == 1  # here, after the child gave nothing back
    for name in ("index.html", "feed.xml"):
        assert (shards / "out" / name).read_bytes() == (shards / "expected" / name).read_bytes()


def test_the_ledger_takes_many_names_in_one_append(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    folder = OutputFolder.of(out)
    note_all_written(folder, ["alpha", "bravo", "alpha", "a/b", "..", ""])
    note_all_written(folder, ["bravo", "charlie"])
    assert written_here(folder) == {"alpha", "bravo", "charlie"}
    lines = (out / ".presskit").read_text().splitlines()[1:]
    assert lines == ["alpha", "bravo", "charlie"]  # each once, in the order noted
