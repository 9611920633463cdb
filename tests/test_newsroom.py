"""The newsroom page (index.html) and Atom feed (feed.xml) a newsroom build writes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree, html

from presskit.cli import cli
from tests.newsroom_factory import NOW_BETWEEN, THREE, make_newsroom

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://www.weprotect.org/newsroom/"  # the example newsroom's base_url (tests/test_base_url.py)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A three-release newsroom built at a moment when one embargo has lifted and one has not."""
    root = tmp_path_factory.mktemp("newsroom")
    newsroom = make_newsroom(root / "releases", THREE)
    out = root / "dist"
    result = CliRunner().invoke(cli, ["build", str(newsroom), "-o", str(out), "--pack", "--now", NOW_BETWEEN])
    assert result.exit_code == 0, result.stderr
    assert "3 built" in result.stderr and "index.html" in result.stderr
    return out


def page(out: Path) -> html.HtmlElement:
    return html.fromstring((out / "index.html").read_bytes())


def test_the_page_lists_releases_newest_first(built: Path) -> None:
    tree = page(built)
    assert [li.get("id") for li in tree.xpath("//ol[@class='releases']/li")] == ["charlie", "bravo", "alpha"]
    assert [t.get("datetime") for t in tree.xpath("//article//time")] == [
        "2025-12-11",
        "2025-12-01",
        "2025-11-02",
    ]
    assert tree.xpath("//li[@id='alpha']//h2")[0].text_content() == "Alpha <b>&amp; friends</b>", (
        "escaped, not markup"
    )


def test_every_link_on_the_page_resolves(built: Path) -> None:
    tree = page(built)
    hrefs = [a.get("href") for a in tree.xpath("//a")] + [
        link.get("href") for link in tree.xpath("//link[@href]")
    ]
    assert len(hrefs) >= 3 * 6
    for href in hrefs:
        href = href.removeprefix(BASE)  # the canonical link: the page's own published address
        assert not urlsplit(href).scheme, f"{href} should be relative"
        assert (built / unquote(href)).is_file(), f"{href} does not resolve"
    packs = [a.get("href") for a in tree.xpath("//p[@class='pack']/a")]
    assert packs == ["charlie.zip", "bravo.zip", "alpha.zip"]


def test_each_edition_lists_its_fact_sheet_after_its_documents(built: Path, tmp_path: Path) -> None:
    tree = page(built)
    for item in tree.xpath("//ol[@class='releases']/li"):
        links = item.xpath(".//a[@hreflang]")
        shown = [a.text_content() for a in links]
        assert shown[shown.index("Fact sheet") - 4 :][:5] == [
            "Web page",
            "PDF",
            "Word",
            "Plain text",
            "Fact sheet",
        ]
        sheets = [a for a in links if a.text_content() == "Fact sheet"]
        assert sheets and all(a.get("href").endswith(".factsheet.pdf") for a in sheets)
    # a release without statistics has no fact sheet to list
    out = tmp_path / "out"
    bare = Path(__file__).resolve().parent / "corpus" / "world"
    result = CliRunner().invoke(cli, ["build", str(bare), "-o", str(out), "-f", "html,pdf,factsheet"])
    assert result.exit_code == 0, result.stderr
    entry = page(out).xpath("//li[@id='minimal-optional']")[0]
    assert "Fact sheet" not in entry.text_content()


def test_the_page_is_self_contained_accessible_and_states_each_embargo(built: Path) -> None:
    data = (built / "index.html").read_bytes()
    tree = page(built)
    assert tree.get("lang") == "en-GB" and tree.get("dir") == "ltr"
    assert tree.xpath("//main") and len(tree.xpath("//h1")) == 1
    assert not tree.xpath("//link[@rel='stylesheet'] | //script[@src] | //img[starts-with(@src, 'http')]")
    assert tree.xpath("//style"), "inline CSS"
    assert all(article.get("lang") for article in tree.xpath("//article"))
    assert b'<meta name="robots" content="noindex, nofollow">' in data, "an embargoed release is listed"
    statuses = {
        li.get("id"): li.xpath(".//p[contains(@class, 'status')]")
        for li in tree.xpath("//ol[@class='releases']/li")
    }
    assert statuses["charlie"][0].text_content().startswith("Embargoed until 00:01 UTC, Thursday 11 December")
    assert "is-embargoed" in statuses["charlie"][0].get("class")
    assert statuses["bravo"][0].text_content().startswith("Embargo lifted 09:00 UTC")
    assert statuses["alpha"] == []


def test_the_feed_holds_only_released_items(built: Path) -> None:
    feed = etree.fromstring((built / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Release bravo of 2025-12-01", "Alpha <b>&amp; friends</b>"]
    assert feed.findtext(f"{ATOM}updated") == "2025-12-01T09:00:00Z"  # the newest item, not the clock
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}summary")
        for link in entry.iter(f"{ATOM}link"):
            assert link.get("href").startswith(BASE)
            assert (built / link.get("href").removeprefix(BASE)).is_file()
    assert b"charlie" not in (built / "feed.xml").read_bytes()


def test_a_public_build_lists_nothing_under_embargo(tmp_path: Path) -> None:
    newsroom = make_newsroom(tmp_path / "releases", THREE)
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        cli, ["build", str(newsroom), "-o", str(out), "--public", "--json", "--now", NOW_BETWEEN]
    )
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert sorted(report["newsroom"]["in_feed"]) == ["alpha", "bravo"]
    index = (out / "index.html").read_bytes()
    assert b"charlie" not in index and b"noindex" not in index
    assert not (out / "charlie").exists()
    assert [li.get("id") for li in page(out).xpath("//ol[@class='releases']/li")] == ["bravo", "alpha"]
    assert page(out).xpath("//p[contains(@class, 'status')]") == [], "a public page states no lifted embargo"


def test_the_page_and_feed_are_the_same_bytes_on_a_second_build(built: Path, tmp_path: Path) -> None:
    first = {name: (built / name).read_bytes() for name in ("index.html", "feed.xml")}
    newsroom = built.parent / "releases"
    result = CliRunner().invoke(
        cli, ["build", str(newsroom), "-o", str(built), "--pack", "--now", NOW_BETWEEN]
    )
    assert result.exit_code == 0 and "3 skipped" in result.stderr
    assert {name: (built / name).read_bytes() for name in first} == first


def test_building_one_release_writes_no_newsroom_page(tmp_path: Path) -> None:
    newsroom = make_newsroom(tmp_path / "releases", THREE[:1])
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", str(newsroom / "alpha"), "-o", str(out), "--now", NOW_BETWEEN])
    assert result.exit_code == 0, result.stderr
    assert not (out / "index.html").exists() and not (out / "feed.xml").exists()


def test_the_newsroom_page_speaks_the_newsrooms_language(tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from presskit.cli import cli
    from tests.conftest import ROOT

    newsroom = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", newsroom)
    config = newsroom / "presskit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("locale: en-GB", "locale: fr"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["build", str(newsroom), "-o", str(tmp_path / "out"), "-f", "html", "--now", "2025-12-10T18:00:00Z"],
    )
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Communiqués de presse</h1>" in page and "Sous embargo jusqu’au" in page and "Page web" in page
    assert 'lang="fr"' in page and "Press releases" not in page


def test_each_date_is_isolated_in_the_pages_language_and_direction(built: Path) -> None:
    """An entry may be in Hebrew or Arabic while the page is English: its English date is its own
    left-to-right run ("20 May 2025", not "May 2025 20")."""
    tree = page(built)
    root_lang, root_dir = tree.get("lang"), tree.get("dir") or "ltr"
    for time in tree.xpath("//article//time"):
        assert (time.get("lang"), time.get("dir")) == (root_lang, root_dir)
