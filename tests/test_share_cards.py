"""Pages that share well: X's card and Open Graph image tags in the page's head, a Schema.org
NewsArticle as Google's Article structured data asks for it, and social.txt, each edition's
post of at most 280 characters as X counts them (twitter-text's v3 weighting)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import icu
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html
from PIL import Image

from presskit.cli import cli
from presskit.model import Release
from presskit.renderers import FORMATS, social
from presskit.renderers import html as html_renderer
from presskit.renderers.social import ELLIPSIS, weighted_length
from presskit.themes.derived import release_line
from presskit.themes.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
BASE = "https://www.weprotect.org/newsroom/"  # releases/presskit.yaml's base_url
MAX_WEIGHT = 280  # X's limit, written here rather than taken from the code under test
PREVIEW_NOW = "2025-12-01T09:00:00+00:00"  # the example's embargo (11 December 00:01) still holds
CORPUS_NOW = "2025-06-01T12:00:00+00:00"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one emoji of seven code points
FLAG = "\U0001f1ec\U0001f1e7"
THUMBS = "\U0001f44d\U0001f3fd"  # with a skin tone


def head(release: Release, theme: Theme, locale: str = "en-GB") -> Any:
    return html.fromstring(html_renderer.render(release, theme, locale))


def metas(page: Any, attribute: str) -> dict[str, str]:
    return {m.get(attribute): m.get("content") for m in page.xpath(f"//head/meta[@{attribute}]")}


def json_ld(page: Any) -> dict[str, Any]:
    (script,) = page.xpath("//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text)
    return data


def post_of(release: Release, theme: Theme, locale: str = "en-GB") -> str:
    return social.render(release, theme, locale).decode("utf-8")


def icu_graphemes(text: str) -> list[str]:
    """Grapheme clusters as ICU finds them, independently of presskit's own helper."""
    iterator = icu.BreakIterator.createCharacterInstance(icu.Locale.getRoot())
    string = icu.UnicodeString(text)
    iterator.setText(string)
    bounds = [0, *iterator]
    return [str(string[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def headline_line_is_whole_or_cut_cleanly(line: str, headline: str) -> None:
    """The headline as the post shows it: whole, or a prefix ending between two graphemes,
    followed by an ellipsis."""
    if line == headline:
        return
    assert line.endswith(ELLIPSIS), line
    kept = line.removesuffix(ELLIPSIS)
    assert kept and headline.startswith(kept), (line, headline)
    clusters = icu_graphemes(headline)
    assert "".join(clusters[: len(icu_graphemes(kept))]) == kept, "a grapheme was cut"


# --------------------------------------------------------------------------
# The page's head


SHARE_SCHEMA = {  # Google's Article structured data: the properties it recommends, as it wants them
    "type": "object",
    "required": ["@context", "@type", "headline", "image", "datePublished", "dateModified", "author"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "NewsArticle"},
        "headline": {"type": "string", "minLength": 1},
        "datePublished": {"type": "string", "format": "date"},
        "dateModified": {"type": "string", "format": "date"},
        "url": {"type": "string", "pattern": "^https://"},
        "mainEntityOfPage": {
            "type": "object",
            "required": ["@type", "@id"],
            "properties": {"@type": {"const": "WebPage"}, "@id": {"type": "string", "pattern": "^https://"}},
        },
        "image": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "url", "width", "height"],
                "properties": {
                    "@type": {"const": "ImageObject"},
                    "url": {"type": "string", "pattern": "^https://"},
                    "width": {"type": "integer", "minimum": 1},
                    "height": {"type": "integer", "minimum": 1},
                },
            },
        },
        "author": {"$ref": "#/$defs/organisation"},
        "publisher": {"$ref": "#/$defs/organisation"},
    },
    "$defs": {
        "organisation": {
            "type": "object",
            "required": ["@type", "name", "url", "logo"],
            "properties": {
                "@type": {"const": "Organization"},
                "name": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "logo": {
                    "type": "object",
                    "required": ["@type", "url"],
                    "properties": {
                        "@type": {"const": "ImageObject"},
                        "url": {"type": "string", "pattern": "^https://"},
                    },
                },
            },
        }
    },
}


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_x_card_shows_the_lead_image_large(example_release: Release, theme: Theme, locale: str) -> None:
    page = head(example_release, theme, locale)
    names, properties = metas(page, "name"), metas(page, "property")
    assert names["twitter:card"] == "summary_large_image"
    assert names["twitter:title"] == example_release.headline
    assert names["twitter:description"] == names["description"]
    web = f"{BASE}gta-2025/assets/gta-2025-cover.web.png"
    assert names["twitter:image"] == properties["og:image"] == web
    assert names["twitter:image:alt"] == properties["og:image:alt"]
    assert not any(key.startswith("twitter:") for key in properties)  # X reads name=, not property=


def test_without_an_image_the_card_is_a_summary(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, assets=())
    names, properties = metas(head(release, theme), "name"), metas(head(release, theme), "property")
    assert names["twitter:card"] == "summary"
    assert "twitter:image" not in names and "og:image" not in properties
    assert "image" not in json_ld(head(release, theme))


def test_json_ld_is_what_googles_article_data_asks_for(example_release: Release, theme: Theme) -> None:
    page = head(example_release, theme)
    data = json_ld(page)
    jsonschema.validate(data, SHARE_SCHEMA, format_checker=jsonschema.FormatChecker())
    (canonical,) = page.xpath("//link[@rel='canonical']/@href")
    assert (
        data["url"] == data["mainEntityOfPage"]["@id"] == canonical == f"{BASE}gta-2025/en-GB/gta-2025.html"
    )
    assert data["image"][0]["url"] == metas(page, "property")["og:image"]
    assert data["publisher"]["logo"]["url"] == f"{BASE}gta-2025/logo.png"
    assert data["dateModified"] == data["datePublished"] == "2025-12-11"


def test_without_base_url_json_ld_gives_no_relative_url(example_release: Release, theme: Theme) -> None:
    data = json_ld(head(dataclasses.replace(example_release, base_url=None), theme))
    for key in ("url", "mainEntityOfPage", "image"):
        assert key not in data
    assert "logo" not in data["publisher"] and "logo" not in data["author"]
    assert data["headline"] and data["datePublished"] and data["dateModified"]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built in every locale, while its embargo holds."""
    out = tmp_path_factory.mktemp("preview")
    args = ["build", str(ROOT / "releases" / "gta-2025"), "-o", str(out), "-l", "all", "--now", PREVIEW_NOW]
    result = CliRunner().invoke(cli, [*args, "-f", "html,social"])
    assert result.exit_code == 0, result.output + result.stderr
    return out / "gta-2025"


def test_og_image_pixels_are_the_published_web_copys(preview: Path) -> None:
    page = html.fromstring((preview / "en-GB" / "gta-2025.html").read_bytes())
    properties = metas(page, "property")
    published = preview / properties["og:image"].removeprefix(f"{BASE}gta-2025/")
    with Image.open(published) as image:
        assert (properties["og:image:width"], properties["og:image:height"]) == tuple(map(str, image.size))
    assert json_ld(page)["image"][0]["width"] == image.size[0]


def test_the_logo_json_ld_names_is_published_and_listed(preview: Path) -> None:
    data = json_ld(html.fromstring((preview / "fr" / "gta-2025.html").read_bytes()))
    logo = preview / data["publisher"]["logo"]["url"].removeprefix(f"{BASE}gta-2025/")
    assert logo.read_bytes() == (ROOT / "releases" / "assets" / "weprotect-logo.png").read_bytes()
    manifest = json.loads((preview / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert listed["logo.png"]["media_type"] == "image/png"
    assert {listed[f"{loc}/social.txt"]["format"] for loc in ("en-GB", "fr", "ar")} == {"social"}


# --------------------------------------------------------------------------
# Counting as X does


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("english text 日本語 😷 https://example.com", 46),  # twitter-text's own example
        ("hello", 5),
        ("日本語", 6),  # CJK weighs 2
        ("مرحبا بالعالم", 13),  # Arabic weighs 1
        ("e\u0301", 1),  # NFC first: é is one code point
        (FAMILY, 2),  # a ZWJ family is one emoji
        (FLAG + THUMBS, 4),
        ("\u2014\u201c\u2026", 1 + 1 + 2),  # dashes and quotes are light; the ellipsis is not
        ("https://www.weprotect.org/newsroom/gta-2025/en-GB/gta-2025.html", 23),
    ],
)
def test_weighted_length_counts_as_twitter_text(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_a_bare_domain_is_counted_as_a_link_could_be() -> None:
    assert weighted_length("x.co") >= 23  # X makes it a t.co link of 23
    assert weighted_length("see (example.com)") >= len("see ()") + 23
    assert weighted_length("3.5 per cent") == len("3.5 per cent")


# --------------------------------------------------------------------------
# social.txt


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_an_embargoed_post_states_the_embargo_first(
    preview: Path, example_release: Release, locale: str
) -> None:
    text = (preview / locale / "social.txt").read_text(encoding="utf-8")
    assert weighted_length(text) <= MAX_WEIGHT
    first, headline, link = text.splitlines()
    words = {"en-GB": "EMBARGOED UNTIL", "fr": "SOUS EMBARGO", "ar": "يُحظر النشر"}[locale]
    assert first.startswith(words) and "00:01" in first
    assert link == f"{BASE}gta-2025/{locale}/gta-2025.html"
    assert headline and not headline.startswith("http")


def test_the_post_uses_the_release_line_of_every_format(example_release: Release, theme: Theme) -> None:
    lines = post_of(example_release, theme).splitlines()
    assert lines[0] == release_line(example_release, theme, "en-GB")
    assert lines[1] == example_release.headline


def test_a_post_not_under_embargo_opens_with_the_headline(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, embargo=None, hashtags=("GTA2025", "EndCSAM"))
    text = post_of(release, theme)
    assert "EMBARGO" not in text
    assert text.splitlines() == [
        release.headline,
        f"{BASE}gta-2025/en-GB/gta-2025.html",
        "#GTA2025 #EndCSAM",
    ]
    assert text.endswith("\n") and weighted_length(text) <= MAX_WEIGHT


def test_without_base_url_the_post_has_no_link(example_release: Release, theme: Theme) -> None:
    text = post_of(dataclasses.replace(example_release, base_url=None, embargo=None), theme)
    assert text == example_release.headline + "\n"


LONG = {
    "en-GB": "Survey of forty coastal towns finds that plastic density on beaches has risen sharply " * 4,
    "ja": "全国の沿岸四十地域を対象とした調査で海岸のプラスチック密度が急激に上昇したことが判明" * 4,
    "ar": "مسح لأربعين مدينة ساحلية يكشف ارتفاعا حادا في كثافة البلاستيك على الشواطئ " * 4,
    "th": "การสำรวจเมืองชายฝั่งสี่สิบแห่งพบว่าความหนาแน่นของพลาสติกบนชายหาดเพิ่มขึ้นอย่างรวดเร็ว" * 3,
    "en-US": f"Families {FAMILY} and flags {FLAG} {THUMBS} count as two each " * 6,
}


@pytest.mark.parametrize("locale", sorted(LONG))
def test_a_long_headline_is_shortened_at_a_word(example_release: Release, theme: Theme, locale: str) -> None:
    headline = LONG[locale].strip()[:300]
    release = dataclasses.replace(example_release, headline=headline, hashtags=("GTA2025",))
    text = post_of(release, theme, locale)
    assert weighted_length(text) <= MAX_WEIGHT
    shown = text.splitlines()[1]
    assert shown != headline and shown.endswith(ELLIPSIS)
    headline_line_is_whole_or_cut_cleanly(shown, headline)
    kept = shown.removesuffix(ELLIPSIS)
    follows = headline[len(kept)]
    if locale in ("en-GB", "ar", "en-US"):  # spaced scripts: cut where a space is
        assert not follows.isalnum() and not kept[-1].isspace(), (kept[-8:], follows)
    if locale == "th":  # at a word ICU's dictionary knows, which is not every character
        line_breaks = icu.BreakIterator.createLineInstance(icu.Locale("th"))
        line_breaks.setText(headline)
        assert len(kept) in set(line_breaks)
    assert text.splitlines()[-1] == "#GTA2025"  # a hashtag gives way only below HEADLINE_FLOOR
    assert weighted_length(kept) >= social.HEADLINE_FLOOR


@pytest.mark.parametrize(
    "word",
    ["x\u0301\u0323" * 100, "\u0915\u094d\u0937\u093f" * 90, "\U0001f1ec\U0001f1e7" * 150, "A" * 300],
    ids=["combining", "devanagari", "flags", "ascii"],
)
def test_a_headline_of_one_long_word_is_cut_between_graphemes(
    example_release: Release, theme: Theme, word: str
) -> None:
    release = dataclasses.replace(example_release, headline=word[:300], embargo=None)
    text = post_of(release, theme)
    assert weighted_length(text) <= MAX_WEIGHT
    shown = text.splitlines()[0]
    assert shown != release.headline
    headline_line_is_whole_or_cut_cleanly(shown, release.headline)


def test_hashtags_give_way_before_the_headline_falls_below_its_floor(
    example_release: Release, theme: Theme
) -> None:
    tags = tuple(f"Campaign{n}Hashtag" for n in range(10))
    release = dataclasses.replace(example_release, headline=LONG["en-GB"][:290].strip(), hashtags=tags)
    lines = post_of(release, theme).splitlines()
    assert weighted_length("\n".join(lines) + "\n") <= MAX_WEIGHT
    shown_tags = lines[-1].split()
    assert 0 < len(shown_tags) < len(tags)
    assert shown_tags == [f"#{t}" for t in tags[: len(shown_tags)]]  # the last ones went first
    assert weighted_length(lines[1]) >= social.HEADLINE_FLOOR


@pytest.fixture(scope="module")
def corpus_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus newsroom, published under a base_url, built as posts in every locale."""
    root = tmp_path_factory.mktemp("corpus") / "world"
    shutil.copytree(CORPUS, root)
    with (root / "presskit.yaml").open("a", encoding="utf-8") as config:
        config.write("base_url: https://news.example.org/world/\n")
    out = root.parent / "out"
    args = ["build", str(root), "-o", str(out), "-f", "social", "-l", "all", "--now", CORPUS_NOW]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_every_corpus_post_fits(corpus_posts: Path) -> None:
    posts = sorted(corpus_posts.glob("*/*/social.txt"))
    releases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert {p.parent.parent.name for p in posts} == releases  # every release has its post
    embargoed = 0
    for path in posts:
        text = path.read_text(encoding="utf-8")
        assert weighted_length(text) <= MAX_WEIGHT, path
        locale, slug = path.parent.name, path.parent.parent.name
        link = f"https://news.example.org/world/{slug}/{locale}/{slug}.html"
        assert link in text.splitlines(), path
        manifest = json.loads((corpus_posts / slug / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("embargo"):
            embargoed += 1
            assert len(text.splitlines()) >= 3, path  # the release line, then the headline
    assert embargoed >= 1


# --------------------------------------------------------------------------
# Hashtags in the release file


def test_bad_hashtags_are_located_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "presskit.yaml").write_text(
        "organisation:\n  name: Example Org\ncontacts:\n  press: {name: Press, email: press@example.org}\n",
        encoding="utf-8",
    )
    (tmp_path / "rel").mkdir()
    (tmp_path / "rel" / "release.yaml").write_text(
        "slug: t\ndate: 2026-03-02\nheadline: H\nbody: Text.\ncontacts: [press]\n"
        'hashtags:\n  - "#Fine_1"\n  - two words\n  - "#a-b"\n  - "2025"\n  - 日本_ok\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "rel", "--now", "2026-01-01T00:00:00+00:00"])
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if "hashtags" in line and "warning" not in line]
    assert problems == [
        "rel/release.yaml:8:5: hashtags[1]: a space would end the hashtag #two words early "
        "(use letters, digits and _ only, e.g. #twowords)",
        "rel/release.yaml:9:5: hashtags[2]: '-' (U+002D) would end the hashtag #a-b early "
        "(use letters, digits and _ only, e.g. #ab)",
        "rel/release.yaml:10:5: hashtags[3]: #2025 is only digits, which no network links "
        "(add a letter, e.g. #GTA2025)",
    ]
    assert "Traceback" not in result.output + result.stderr


def test_hashtags_are_kept_without_their_sign(tmp_path: Path) -> None:
    from presskit.publish.inputs import load_release

    folder = tmp_path / "rel"
    folder.mkdir()
    (folder / "release.yaml").write_text(
        "slug: t\ndate: 2026-03-02\nheadline: H\nbody: Text.\norganisation: {name: Org}\n"
        'hashtags: ["#GTA2025", EndCSAM, "#GTA2025", "#日本"]\n',
        encoding="utf-8",
    )
    assert load_release(folder).hashtags == ("GTA2025", "EndCSAM", "日本")


# --------------------------------------------------------------------------
# The embargo and --public


def test_a_public_build_under_embargo_writes_no_post(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(ROOT / "releases" / "gta-2025"), "-o", str(out), "-f", "social", "--public"]
    result = CliRunner().invoke(cli, [*args, "--now", PREVIEW_NOW])
    assert result.exit_code == 3, result.output + result.stderr
    assert not list(out.rglob("social.txt"))
    result = CliRunner().invoke(cli, [*args, "--now", "2026-01-05T00:00:00+00:00"])
    assert result.exit_code == 0, result.stderr
    text = (out / "gta-2025" / "en-GB" / "social.txt").read_text(encoding="utf-8")
    assert "EMBARGO" not in text and weighted_length(text) <= MAX_WEIGHT


def test_social_is_a_default_part_format() -> None:
    fmt = FORMATS["social"]
    assert (fmt.output_name("any"), fmt.media_type, fmt.whole) == ("social.txt", "text/plain", False)


# --------------------------------------------------------------------------
# Any headline at all


_HEADLINE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_PIECES = st.sampled_from(
    [FAMILY, FLAG, THUMBS, "e\u0301" * 30, "क्षि" * 20, "日本語", "한국어", "مرحبا", " ", "x.co", "…"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    headline=st.lists(st.one_of(st.text(_HEADLINE_CHARS, min_size=1, max_size=40), _PIECES), min_size=1)
    .map("".join)
    .map(lambda s: s[:300])
    .filter(lambda s: s.strip() != ""),
    locale=st.sampled_from(["en-GB", "ja", "ar", "th", "hi"]),
    embargoed=st.booleans(),
)
def test_any_headline_gives_a_post_that_fits_and_keeps_its_graphemes(
    example_release: Release, theme: Theme, headline: str, locale: str, embargoed: bool
) -> None:
    release = dataclasses.replace(
        example_release,
        headline=headline,
        hashtags=("GTA2025", "Prevention"),
        embargo=example_release.embargo if embargoed else None,
    )
    text = post_of(release, theme, locale)
    assert weighted_length(text) <= MAX_WEIGHT
    lines = text.split("\n")
    assert lines[-1] == ""  # ends in a newline
    shown = lines[1] if embargoed else lines[0]
    if not shown.startswith(BASE):  # the headline had room for at least one grapheme
        headline_line_is_whole_or_cut_cleanly(shown, headline)
    assert f"{BASE}gta-2025/{locale}/gta-2025.html" in lines


def test_render_time_is_small(example_release: Release, theme: Theme) -> None:
    import time

    social.render(example_release, theme, "ar")  # ICU loaded once
    start = time.perf_counter()
    for _ in range(20):
        social.render(example_release, theme, "ar")
    assert (time.perf_counter() - start) / 20 < 0.02
