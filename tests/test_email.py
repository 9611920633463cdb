"""The HTML e-mail and the .eml: read back as a mail client reads them.

The message is parsed with Python's `email` package (policy.default, as a client would take
it in): its MIME tree, its headers, every `cid:` its HTML shows, its plain part. The HTML is
opened in Debian's Chromium (Playwright) at 360 and 600 px, as a phone and a desktop client
show it, with axe-core for WCAG 2.x AA; screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html
import pytest
from click.testing import CliRunner

from presskit import model as m
from presskit.cli import cli
from presskit.renderers import render
from presskit.words.issuing import short_release_line
from presskit.words.labels import label
from tests.conftest import EXAMPLE, ROOT
from tests.extract import html_of_eml, normalise, text_of_email, text_of_eml

CORPUS = ROOT / "tests" / "corpus" / "world"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NOW = "2025-12-10T18:00:00Z"  # before the example's embargo lifts


def edition(locale: str) -> m.Release:
    from presskit.i18n.translate import translate
    from presskit.publish.inputs import load_release

    release = load_release(EXAMPLE)
    return release if locale == release.locale else translate(release, locale, EXAMPLE / "i18n")[0]


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message.defects == [], message.defects
    return message


def tree(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def html_root(html: str) -> Any:
    return lxml.html.fromstring(html)


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_the_message_is_text_and_html_with_its_pictures_and_says_who_what_and_when(
    theme, locale: str
) -> None:  # type: ignore[no-untyped-def]
    release = edition(locale)
    message = parsed(render("eml", release, theme, locale))
    assert tree(message) == [
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",  # the logo
        "image/png",  # the lead image
    ]
    assert message["Content-Language"] == locale
    assert str(message["To"]) == "undisclosed-recipients:;"
    assert message["From"].addresses[0].addr_spec == "media@weprotectga.org"
    assert message["From"].addresses[0].display_name == release.contacts[0].name
    assert message["X-Unsent"] == "1"
    assert message["Date"].datetime == dt.datetime(2025, 12, 11, 0, 1, tzinfo=dt.UTC)  # the embargo lifts
    assert re.fullmatch(r"<[0-9a-f]{32}@weprotect\.org>", message["Message-ID"])
    subject = str(message["Subject"])
    assert subject.startswith(short_release_line(release, locale)), subject
    assert subject.endswith(" ".join(release.headline.split())), subject
    assert label("embargoed_until", locale, when="\0").split("\0")[0].strip() in subject
    root = html_root(html_of_eml(render("eml", release, theme, locale)))
    assert root.get("lang") == locale
    assert root.get("dir") == ("rtl" if locale == "ar" else "ltr")


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_the_plain_part_is_the_text_edition(theme, locale: str) -> None:  # type: ignore[no-untyped-def]
    release = edition(locale)
    message = parsed(render("eml", release, theme, locale))
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and plain.get_content_charset() == "utf-8"
    shown = plain.get_content().replace("\r\n", "\n")
    assert shown == render("txt", release, theme, locale).decode("utf-8")


def test_every_picture_the_html_shows_is_a_part_of_the_message_and_has_alternate_text(
    theme, example_release
) -> None:  # type: ignore[no-untyped-def]
    message = parsed(render("eml", example_release, theme, "en-GB"))
    parts = {
        str(part["Content-ID"]).strip("<>"): part
        for part in message.walk()
        if part.get_content_maintype() == "image"
    }
    root = html_root(html_of_eml(render("eml", example_release, theme, "en-GB")))
    images = root.xpath("//img")
    assert len(images) == 2
    sources = [img.get("src") for img in images]
    assert all(src.startswith("cid:") for src in sources), sources
    assert {src.removeprefix("cid:") for src in sources} == set(parts)
    for img in images:
        assert img.get("alt"), lxml.html.tostring(img)
        part = parts[img.get("src").removeprefix("cid:")]
        assert part.get_content_disposition() == "inline"
        assert part.get_content().startswith(b"\x89PNG")
    logo = example_release.organisation.logo
    assert logo is not None and logo.read_bytes() in [p.get_content() for p in parts.values()]
    assert images[0].get("alt") == (
        example_release.organisation.logo_alt or example_release.organisation.name
    )


def test_an_embargo_is_stated_at_the_top_and_leads_the_subject_until_it_lifts(theme, example_release) -> None:  # type: ignore[no-untyped-def]
    from presskit.words.issuing import release_line

    for fmt, read in (("email", text_of_email), ("eml", text_of_eml)):
        shown = read(render(fmt, example_release, theme, "en-GB"))
        assert shown.startswith(normalise(release_line(example_release, "en-GB"))), shown[:120]
    lifted = dataclasses.replace(example_release, embargo=None)
    message = parsed(render("eml", lifted, theme, "en-GB"))
    assert str(message["Subject"]) == " ".join(lifted.headline.split())
    assert message["Date"].datetime == dt.datetime(2025, 12, 11, tzinfo=dt.UTC)  # its date
    assert text_of_eml(render("eml", lifted, theme, "en-GB")).startswith("FOR IMMEDIATE RELEASE")


def test_the_preheader_is_the_standfirst_hidden_before_the_release_line(theme, example_release) -> None:  # type: ignore[no-untyped-def]
    from presskit.words.wording import plain_inlines

    root = html_root(render("email", example_release, theme, "en-GB").decode("utf-8"))
    (preheader,) = root.xpath("//body/*[1]")
    assert "display: none" in preheader.get("style")
    assert preheader.text_content() == plain_inlines(
        example_release.standfirst, example_release, "en-GB", sources="none"
    )


def test_addresses_are_plain_mailto_and_tel_links(theme) -> None:  # type: ignore[no-untyped-def]
    from presskit.publish.inputs import load_release

    release = load_release(CORPUS / "uk-charity-statement")
    for fmt in ("email", "eml"):
        data = render(fmt, release, theme, release.locale)
        root = html_root(html_of_eml(data) if fmt == "eml" else data.decode("utf-8"))
        hrefs = [a.get("href") for a in root.iter("a")]
        mailto = [f"mailto:{c.email}" for c in release.contacts if c.email]
        assert mailto and set(mailto) <= set(hrefs), (fmt, hrefs)
        assert [h for h in hrefs if h.startswith("tel:")] == ["tel:+44-7700-900418", "tel:+44-20-7946-0320"]
        assert not root.xpath("//*[@data-email] | //script"), fmt
        assert "[at]" not in root.text_content(), fmt


def test_styles_are_inlined_and_the_layout_is_tables_600_px_wide(theme, example_release) -> None:  # type: ignore[no-untyped-def]
    root = html_root(render("email", example_release, theme, "en-GB").decode("utf-8"))
    (message,) = root.xpath("//table[@role='presentation'][@width='600']")
    assert "max-width: 600px" in message.get("style") and "width: 100%" in message.get("style")
    (headline,) = root.xpath("//h1")
    assert "color: #0B3C5D" in headline.get("style")  # the theme's primary, written on the element
    styles = root.xpath("//style")
    assert all("@media" in s.text and "{" not in s.text.split("@media", 1)[0] for s in styles)


def test_links_are_absolute_under_base_url_and_the_message_keeps_no_relative_link(
    theme, example_release
) -> None:  # type: ignore[no-untyped-def]
    base = "https://news.example.org/press/"
    published = dataclasses.replace(
        example_release, base_url=base, contact_cards=True, pack_file="gta-2025.zip"
    )
    root = html_root(render("email", published, theme, "en-GB").decode("utf-8"))
    lead = root.xpath("//figure//img")[0].get("src")
    assert lead == f"{base}gta-2025/assets/gta-2025-cover.web.png"
    hrefs = [a.get("href") for a in root.iter("a")]
    assert f"{base}gta-2025/en-GB/contacts/{published.contacts[0].id}.vcf" in hrefs
    assert f"{base}gta-2025.zip" in hrefs
    assert f"{base}gta-2025/assets/gta-2025-cover.png" in hrefs
    absolute = re.compile(r"^(https?:|mailto:|tel:|#)")
    unpublished = dataclasses.replace(
        example_release, base_url=None, contact_cards=True, pack_file="gta-2025.zip"
    )
    for release in (published, unpublished):
        message = html_root(html_of_eml(render("eml", release, theme, "en-GB")))
        relative = [h for h in (a.get("href") for a in message.iter("a")) if h and not absolute.match(h)]
        assert relative == [], relative
    # without base_url, email.html sits beside the page and links as it does
    local = html_root(render("email", unpublished, theme, "en-GB").decode("utf-8"))
    assert f"contacts/{example_release.contacts[0].id}.vcf" in [a.get("href") for a in local.iter("a")]
    assert local.xpath("//figure//img")[0].get("src") == "../assets/gta-2025-cover.web.png"


def test_the_same_edition_gives_the_same_bytes_and_each_edition_its_own_identity(theme) -> None:  # type: ignore[no-untyped-def]
    english, french = edition("en-GB"), edition("fr")
    first = render("eml", english, theme, "en-GB")
    assert first == render("eml", english, theme, "en-GB")
    assert render("email", english, theme, "en-GB") == render("email", english, theme, "en-GB")
    other = render("eml", french, theme, "fr")
    assert parsed(first)["Message-ID"] != parsed(other)["Message-ID"]
    message = parsed(first)
    boundaries = [part.get_boundary() for part in message.walk() if part.is_multipart()]
    assert len(set(boundaries)) == 2
    for part in message.walk():
        if not part.is_multipart():
            body = part.get_payload(decode=False)
            assert all(b not in body for b in boundaries)


def test_every_corpus_release_builds_as_a_message(tmp_path: Path) -> None:
    from presskit.errors import ExitCode
    from presskit.publish.build import build
    from presskit.publish.outcome import BuildOptions

    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    options = BuildOptions(now=now, out_dir=tmp_path, formats=("txt", "email", "eml"), jobs=1, force=True)
    report = build([CORPUS], options)
    assert report.exit_code == ExitCode.OK, report.as_json()
    found = sorted(tmp_path.glob("*/*/*.eml"))
    assert len(found) >= 25
    for path in found:
        locale, slug = path.parent.name, path.parent.parent.name
        message = parsed(path.read_bytes())
        assert message["Content-Language"] == locale
        kinds = tree(message)
        if any(kind.startswith("image/") for kind in kinds):  # its pictures beside its HTML
            assert kinds[:4] == ["multipart/alternative", "text/plain", "multipart/related", "text/html"]
        else:  # no picture to carry: no related part
            assert kinds == ["multipart/alternative", "text/plain", "text/html"], path
        plain = message.get_body(preferencelist=("plain",))
        assert plain is not None
        text = (path.parent / f"{slug}.txt").read_text(encoding="utf-8")
        assert plain.get_content().replace("\r\n", "\n") == text, path
        html = html_of_eml(path.read_bytes())
        assert html_root(html).get("lang") == locale
        assert (path.parent / f"{slug}.email.html").read_text(encoding="utf-8").count("<table") >= 2


def test_a_public_build_writes_no_message_of_a_release_under_embargo(news, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.safety import NOW as BEFORE_EMBARGO
    from tests.safety import leaks

    newsroom, secret = news
    out = tmp_path / "dist"
    command = ["build", str(newsroom), "-o", str(out), "--now", BEFORE_EMBARGO, "-f", "email,eml"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert list(out.glob(f"{secret.slug}/*/{secret.slug}.eml")), "the preview does carry it"
    result = CliRunner().invoke(cli, [*command, "--public"])
    assert result.exit_code == 3, result.output
    assert leaks(out, secret) == []
    assert sorted(p.name for p in out.glob("*/*/*.eml")) == ["alpha.eml", "bravo.eml"]


# --------------------------------------------------------------------------
# In a browser, as a phone and a desktop mail client show it


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mail")
    command = ["build", str(EXAMPLE), "-o", str(out), "-f", "email,eml", "-l", "all", "--now", NOW]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return out


def shown_message(path: Path) -> str:
    """The .eml's HTML with each cid: picture as a data: URI, as a mail client resolves it."""
    message = parsed(path.read_bytes())
    html = html_of_eml(path.read_bytes())
    for part in message.walk():
        if part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_content()).decode("ascii")
            cid = str(part["Content-ID"]).strip("<>")
            html = html.replace(f"cid:{cid}", f"data:{part.get_content_type()};base64,{data}")
    assert "cid:" not in html
    return html


def messages(built: Path) -> list[tuple[str, Path]]:
    found = [("email", p) for p in sorted(built.glob("*/*/*.email.html"))]
    found += [("eml", p) for p in sorted(built.glob("*/*/*.eml"))]
    assert {p.parent.name for _, p in found} == {"en-GB", "fr", "ar"}
    return found


def open_message(browser: Any, kind: str, path: Path, width: int) -> Any:
    """The message in a page `width` px wide; the newsroom's address (base_url) served from the
    output folder, as it is once published."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    out = path.parents[2]
    base = edition("en-GB").base_url
    assert base is not None

    def published(route: Any) -> None:
        file = out / unquote(route.request.url.removeprefix(base))
        if file.is_file():
            route.fulfill(path=str(file))
        else:
            route.abort()

    page.route(f"{base}**", published)
    if kind == "email":
        page.goto(path.as_uri())
    else:
        page.set_content(shown_message(path))
    page.wait_for_load_state("load")
    assert failed == [], f"{path.name}: failed requests {failed}"
    return page


@pytest.mark.parametrize("width", [360, 600])
def test_the_message_fits_a_phone_and_a_desktop_client_without_sideways_scrolling(
    browser: Any, built: Path, width: int
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for kind, path in messages(built):
        page = open_message(browser, kind, path, width)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} {path.parent.name} scrolls sideways by {overflow}px at {width}px"
        shown = page.evaluate("document.querySelector('table[width=\"600\"]').getBoundingClientRect().width")
        assert shown <= min(600, width), shown
        images = page.evaluate(
            "[...document.images].map(i => [i.naturalWidth, i.getBoundingClientRect().right])"
        )
        assert images and all(natural > 0 and right <= width for natural, right in images), images
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert direction == ("rtl" if path.parent.name == "ar" else "ltr")
        name = f"mail-{path.parent.name}-{kind}-{width}.png"
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        page.close()


def test_axe_finds_no_wcag_violation_in_the_message(browser: Any, built: Path) -> None:
    assert AXE.is_file(), "run npm install (make test does)"
    report: dict[str, Any] = {}
    for kind, path in messages(built):
        for width in (360, 600):
            page = open_message(browser, kind, path, width)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                WCAG_TAGS,
            )
            violations = [
                {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
            ]
            if violations:
                report[f"{kind} {path.parent.name} {width}"] = violations
            page.close()
    assert report == {}, report
