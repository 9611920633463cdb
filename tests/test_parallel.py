"""A lone release's documents render side by side in forked processes, with the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from presskit import renderers
from presskit.model import Release
from presskit.publish import parallel
from presskit.publish.editions import editions
from presskit.publish.outcome import BuildOptions
from presskit.publish.parallel import render_all, share_out
from presskit.themes.theme import Theme

NOW = dt.datetime(2025, 12, 10, 18, tzinfo=dt.UTC)
fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="documents fork only on Linux")


def tasks_of(release: Release, formats: tuple[str, ...] = ("html", "docx", "pdf", "txt")) -> list[Any]:
    built, _ = editions(release, BuildOptions(now=NOW, out_dir=Path("unused"), locales=("all",)))
    return [(edition, name) for edition in built for name in formats]


def test_share_out_keeps_each_format_in_one_process_when_that_gives_both_work(
    example_release: Release,
) -> None:
    tasks = tasks_of(example_release)
    groups = share_out(tasks, 2)
    assert len(groups) == 2
    formats = [{tasks[i][1] for i in group} for group in groups]
    assert formats == [{"pdf"}, {"docx", "html", "txt"}]
    assert sorted(i for g in groups for i in g) == list(range(len(tasks)))


def test_share_out_splits_a_single_format_by_locale(example_release: Release) -> None:
    tasks = tasks_of(example_release, ("pdf",))
    groups = share_out(tasks, 2)
    assert sorted(len(g) for g in groups) == [1, 2]
    assert share_out(tasks[:1], 2) == [[0]], "one document: nothing to share"
    assert share_out(tasks, 1) == [[0, 1, 2]]


@fork_only
def test_documents_rendered_side_by_side_are_the_same_bytes(example_release: Release, theme: Theme) -> None:
    tasks = tasks_of(example_release)
    alone = render_all(tasks, theme, jobs=1)
    side_by_side = render_all(tasks, theme, jobs=2)
    assert len(alone) == len(tasks) == 12
    assert side_by_side == alone


@fork_only
def test_a_process_that_dies_leaves_its_documents_to_this_one(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()

    def dies(writing: int, group: list[int]) -> None:
        assert os.getpid() != parent
        os._exit(9)  # killed before sending anything

    monkeypatch.setattr(parallel, "_render_group", dies)
    tasks = tasks_of(example_release, ("txt", "html"))
    assert render_all(tasks, theme, jobs=2) == render_all(tasks, theme, jobs=1)


@fork_only
def test_a_renderer_error_in_a_process_is_raised_here(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = renderers.render

    def broken(name: str, release: Release, theme: Theme, locale: str) -> bytes:
        if name == "txt":
            raise ValueError("the text renderer failed")
        return original(name, release, theme, locale)

    monkeypatch.setattr(renderers, "render", broken)
    tasks = tasks_of(example_release, ("html", "txt"))
    with pytest.raises(ValueError, match="the text renderer failed"):
        render_all(tasks, theme, jobs=2)
