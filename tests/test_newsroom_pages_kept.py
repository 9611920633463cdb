"""A rebuild with nothing changed keeps the newsroom page and feed without rendering them again;
any change to what they are made from, or to the files themselves, renders them afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from presskit.cli import cli
from presskit.publish import pages
from tests.newsroom_factory import NOW_BETWEEN, THREE, make_newsroom

ATOM = "{http://www.w3.org/2005/Atom}"
AFTER_ALL = "2025-12-12T12:00:00+00:00"  # charlie's embargo has lifted too


def _build(newsroom: Path, out: Path, now: str = NOW_BETWEEN) -> None:
    result = CliRunner().invoke(cli, ["build", str(newsroom), "-o", str(out), "--now", now, "-f", "html"])
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the page or feed is rendered."""
    calls: list[str] = []
    index, feed = pages.render_index, pages.render_feed

    def counted_index(*args: Any, **kwargs: Any) -> bytes:
        calls.append("index")
        return index(*args, **kwargs)

    def counted_feed(*args: Any, **kwargs: Any) -> bytes:
        calls.append("feed")
        return feed(*args, **kwargs)

    monkeypatch.setattr(pages, "render_index", counted_index)
    monkeypatch.setattr(pages, "render_feed", counted_feed)
    return calls


def _entries(out: Path) -> list[str]:
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    return sorted(e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry"))


def test_nothing_changed_renders_nothing(tmp_path: Path, renders: list[str]) -> None:
    newsroom, out = make_newsroom(tmp_path / "releases", THREE), tmp_path / "dist"
    _build(newsroom, out)
    assert renders == ["index", "feed"]
    before = {name: (out / name).read_bytes() for name in pages.PAGES}
    _build(newsroom, out)
    assert renders == ["index", "feed"], "a no-op rebuild rendered the pages again"
    assert {name: (out / name).read_bytes() for name in pages.PAGES} == before


def test_a_page_changed_on_disk_is_rendered_again(tmp_path: Path, renders: list[str]) -> None:
    newsroom, out = make_newsroom(tmp_path / "releases", THREE), tmp_path / "dist"
    _build(newsroom, out)
    original = (out / "index.html").read_bytes()
    (out / "index.html").write_bytes(b"<p>defaced</p>")
    (out / "feed.xml").unlink()
    _build(newsroom, out)
    assert renders.count("index") == 2
    assert (out / "index.html").read_bytes() == original
    assert (out / "feed.xml").is_file()


def test_a_lifted_embargo_renders_them_again(tmp_path: Path, renders: list[str]) -> None:
    newsroom, out = make_newsroom(tmp_path / "releases", THREE), tmp_path / "dist"
    _build(newsroom, out)
    before = _entries(out)
    _build(newsroom, out, AFTER_ALL)
    assert renders.count("feed") == 2
    assert len(_entries(out)) == len(before) + 1, "charlie joins the feed once its embargo lifts"


def test_a_changed_release_renders_them_again(tmp_path: Path, renders: list[str]) -> None:
    newsroom, out = make_newsroom(tmp_path / "releases", THREE), tmp_path / "dist"
    _build(newsroom, out)
    release = newsroom / "alpha" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("Alpha <b>", "Alpha revised <b>", 1))
    _build(newsroom, out)
    assert renders.count("index") == 2
    assert b"Alpha revised" in (out / "index.html").read_bytes()
