"""OutputFolder.refusal over many source folders: the same verdict as comparing with each one."""

from __future__ import annotations

import os
from pathlib import Path

from presskit.publish.ownership import OutputFolder, check_output, overlaps, resolve_all, resolved


def _naive(folder: OutputFolder, path: Path) -> bool:
    """Whether `path` overlaps a source folder, by comparing it with every one."""
    where = resolved(path)
    return any(overlaps(where, source) for source in folder.sources)


def test_refusal_agrees_with_every_source_compared(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    news = tmp_path / "news"
    sources = [news / f"release-{i:04d}" for i in range(300)]
    for source in sources:
        (source / "assets").mkdir(parents=True)
    inside = [out / "a" / "src", out / "c" / "d" / "src"]  # sources inside the output folder
    folder = OutputFolder.of(out, [*sources, *(s / "assets" for s in sources), *inside])
    for path in [
        out / "a",
        out / "a" / "b",
        out / "a" / "src",
        out / "a" / "src" / "x.html",
        out / "c",
        out / "c" / "d",
        out / "c" / "e",
        out / "release-0001",
        out / "z" / "y",
    ]:
        expected = _naive(folder, path)
        reason = folder.refusal(path)
        assert (reason is not None and "overlaps the source folder" in reason) == expected, path


def test_a_link_inside_the_output_folder_to_a_source_is_judged_by_where_it_sits(tmp_path: Path) -> None:
    out, source = tmp_path / "out", tmp_path / "news" / "release-0001"
    (out / "linked").mkdir(parents=True)
    source.mkdir(parents=True)
    os.symlink(source, out / "linked" / "to-source")
    os.symlink(tmp_path / "news", out / "news-link")
    folder = OutputFolder.of(out, [source])
    assert folder.refusal(out / "linked" / "to-source") is None  # the link goes, never its target
    reason = folder.refusal(out / "news-link" / "release-0001" / "file")
    assert reason is not None and "outside the output folder" in reason


def test_resolve_all_is_path_resolve(tmp_path: Path) -> None:
    (tmp_path / "real" / "inner").mkdir(parents=True)
    os.symlink(tmp_path / "real", tmp_path / "link")
    os.symlink(tmp_path / "real" / "inner", tmp_path / "real" / "inner-link")
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    paths = [
        tmp_path / "real" / "inner",
        tmp_path / "link" / "inner",
        tmp_path / "link" / "inner-link",
        tmp_path / "link" / "missing" / "deeper",
        tmp_path / "link" / ".." / "real",
        Path("relative-name"),
    ]
    assert resolve_all(paths) == [p.resolve() for p in paths]
    assert resolve_all([tmp_path / "loop" / "x"]) == [None]


def test_check_output_keeps_every_source_resolved(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "release-0001").mkdir(parents=True)
    os.symlink(news, tmp_path / "news-link")
    folder = check_output(tmp_path / "out", [tmp_path / "news-link", tmp_path / "news-link" / "release-0001"])
    assert folder.sources == (news.resolve(), (news / "release-0001").resolve())
