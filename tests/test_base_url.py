"""`base_url` in presskit.yaml: absolute feed links (with rel="self"), canonical links, og:url
and og:image; relative ones and one warning from `check` without it; a located error for a
value that is not an absolute http(s) address."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree, html

from presskit.cli import cli
from tests.newsroom_factory import NOW_BETWEEN, THREE, make_newsroom

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://news.harbour.org.uk/press/"


def newsroom_with(tmp_path: Path, base_url: str | None) -> Path:
    root = make_newsroom(tmp_path / "news", THREE[:2])
    text = (root / "presskit.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^base_url: .*\n", "", text)
    if base_url is not None:
        text += f"base_url: {base_url}\n"
    (root / "presskit.yaml").write_text(text, encoding="utf-8")
    return root


def build(root: Path, out: Path) -> None:
    args = ["build", str(root), "-o", str(out), "-f", "html,txt", "-l", "en-GB", "--now", NOW_BETWEEN]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr


def head_of(page: Path) -> dict[str, str]:
    tree = html.fromstring(page.read_bytes())
    found = {
        f"og:{m.get('property')[3:]}": m.get("content")
        for m in tree.xpath("//meta[starts-with(@property, 'og:')]")
    }
    (canonical,) = tree.xpath("//link[@rel='canonical']/@href")
    return {**found, "canonical": canonical}


@pytest.mark.parametrize("given", [BASE, BASE.rstrip("/")])
def test_with_base_url_every_address_a_reader_follows_is_absolute(tmp_path: Path, given: str) -> None:
    out = tmp_path / "out"
    build(newsroom_with(tmp_path, given), out)
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    (itself,) = feed.findall(f"{ATOM}link[@rel='self']")
    assert itself.get("href") == BASE + "feed.xml" and itself.get("type") == "application/atom+xml"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert len(links) == 2 + 2  # self, the newsroom page, one page per released item
    for href in links:
        assert href.startswith(BASE), href
        assert (out / href.removeprefix(BASE)).is_file(), href  # the published path is the built one
    head = head_of(out / "alpha" / "en-GB" / "alpha.html")
    assert head["canonical"] == head["og:url"] == BASE + "alpha/en-GB/alpha.html"
    assert head["og:image"] == BASE + "alpha/assets/gta-2025-cover.web.png"
    assert (out / "alpha" / "assets" / "gta-2025-cover.web.png").is_file()
    index = html.fromstring((out / "index.html").read_bytes())
    assert index.xpath("//link[@rel='canonical']/@href") == [BASE + "index.html"]


def test_without_base_url_they_stay_relative_and_resolve(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(newsroom_with(tmp_path, None), out)
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    assert feed.findall(f"{ATOM}link[@rel='self']") == []
    for link in feed.iter(f"{ATOM}link"):
        assert not urlsplit(link.get("href")).scheme and (out / link.get("href")).is_file()
    page = out / "alpha" / "en-GB" / "alpha.html"
    head = head_of(page)
    assert head["canonical"] == head["og:url"] == "alpha.html"
    assert (page.parent / head["og:image"]).resolve().is_file()
    assert html.fromstring((out / "index.html").read_bytes()).xpath("//link[@rel='canonical']") == []


def test_the_feed_ids_do_not_move_when_base_url_is_set(tmp_path: Path) -> None:
    """An entry's id names the release, not where it is published: readers see no new items."""
    ids = []
    for given in (None, BASE):
        out = tmp_path / f"out-{len(ids)}"
        build(newsroom_with(tmp_path / str(len(ids)), given), out)
        feed = etree.fromstring((out / "feed.xml").read_bytes())
        ids.append([node.text for node in feed.iter(f"{ATOM}id")])
    assert ids[0] == ids[1] and len(ids[0]) == 3


def test_check_warns_once_per_newsroom_without_base_url(tmp_path: Path) -> None:
    root = newsroom_with(tmp_path, None)
    result = CliRunner().invoke(cli, ["check", str(root), "--now", NOW_BETWEEN])
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "base_url" in line]
    assert len(lines) == 1  # two releases, one newsroom
    assert lines[0].startswith(f"{root / 'presskit.yaml'}:1:1: warning: base_url: not set")
    assert lines[0].endswith("(base_url: https://newsroom.example.org/)")
    clean = CliRunner().invoke(cli, ["check", str(newsroom_with(tmp_path / "b", BASE)), "--now", NOW_BETWEEN])
    assert "base_url" not in clean.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://news.harbour.org.uk/", "not an absolute http or https URL"),
        ("news.harbour.org.uk/press/", "not an absolute http or https URL"),
        ("https://news.harbour.org.uk/press/?page=1", "takes no query, #fragment or user name"),
        ("https://editor:secret@news.harbour.org.uk/", "takes no query, #fragment or user name"),
    ],
)
def test_a_base_url_that_is_not_an_absolute_address_is_a_located_error(
    tmp_path: Path, value: str, message: str
) -> None:
    root = newsroom_with(tmp_path, value)
    line = (root / "presskit.yaml").read_text(encoding="utf-8").splitlines().index(f"base_url: {value}") + 1
    result = CliRunner().invoke(cli, ["check", str(root), "--now", NOW_BETWEEN])
    assert result.exit_code == 1
    located = [entry for entry in result.stderr.splitlines() if ": base_url: " in entry]
    assert located and all(
        entry.startswith(f"{root / 'presskit.yaml'}:{line}:11: base_url: ") for entry in located
    )
    assert all(message in entry for entry in located)
    assert "Traceback" not in result.output + result.stderr
