"""The HTML pages in a real browser: Playwright driving Debian's Chromium, axe-core and the Nu Html Checker.

`make test` installs Chromium (Debian), Java (Debian) and axe-core and vnu-jar (npm, package.json);
a missing tool fails these tests rather than skipping them. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "tests" / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("site")
    # --pack: the pages link their press pack's zip, so that link is checked too.
    command = [
        "build",
        str(ROOT / "releases"),
        "-o",
        str(out),
        "-f",
        "html",
        "--pack",
        "--now",
        "2025-12-10T18:00:00Z",
    ]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.stderr
    found = sorted(out.rglob("*.html"))
    assert found
    return found


def page_id(path: Path) -> str:
    return "-".join(path.parts[-3:]).removesuffix(".html")


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_load_cleanly_and_fit_the_screen(browser: Any, pages: list[Path], width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in pages:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors: list[str] = []
        failed: list[str] = []
        page.on(
            "console",
            lambda message, errors=errors: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert errors == [], f"{path.name}: console errors {errors}"
        assert failed == [], f"{path.name}: failed requests {failed}"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path.name} scrolls sideways by {overflow}px at {width}px"
        direction = page.evaluate("getComputedStyle(document.documentElement).direction")
        lang = page.evaluate("document.documentElement.lang")
        assert direction == ("rtl" if lang.split("-")[0] in ("ar", "he", "fa", "ur") else "ltr")
        page.screenshot(path=str(ARTIFACTS / f"{page_id(path)}-{width}.png"), full_page=True)
        page.close()


def test_email_links_work_after_deobfuscation(browser: Any, pages: list[Path]) -> None:
    release_pages = [p for p in pages if p.parent.name != p.parents[1].name and p.name != "index.html"]
    assert release_pages
    for path in release_pages:
        raw = path.read_text(encoding="utf-8")
        assert "media@weprotectga.org" not in raw, "the address must not be in the page source"
        page = browser.new_page()
        page.goto(path.as_uri())
        hrefs = page.eval_on_selector_all("a[href^='mailto:']", "links => links.map(a => a.href)")
        assert "mailto:media@weprotectga.org" in hrefs, f"{path.name}: {hrefs}"
        page.close()


def test_axe_finds_no_wcag_violations(browser: Any, pages: list[Path]) -> None:
    assert AXE.is_file(), "run npm install (make test does)"
    report: dict[str, Any] = {}
    for path in pages:
        page = browser.new_page()
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        if violations:
            report[str(path)] = violations
        page.close()
    assert report == {}, json.dumps(report, indent=1)


def test_nu_html_checker_finds_no_errors(pages: list[Path]) -> None:
    java = shutil.which("java")
    assert java, "install a Java runtime (make test does)"
    assert VNU.is_file(), "run npm install (make test does)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages, indent=1)


def test_korean_breaks_between_words_not_inside_them(browser: Any, tmp_path: Path) -> None:
    """Measured in the browser: in a narrow column every Korean line break falls at a space."""
    import dataclasses

    from presskit import model as m
    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme

    release = load_release(ROOT / "releases" / "gta-2025")
    words = " ".join(["보도자료는 새로운 전기버스 삼백대를 순차적으로 도입할 것입니다"] * 8)
    edition = dataclasses.replace(release, locale="ko", standfirst=(m.Text(words),))
    path = tmp_path / "ko.html"
    path.write_bytes(render("html", edition, load_theme("default"), "ko"))
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto(path.as_uri())
    breaks = page.evaluate(
        """() => {
          const node = document.querySelector('.standfirst').firstChild;
          const range = document.createRange(); const out = []; let top = null;
          for (let i = 0; i < node.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0]; if (!rect) continue;
            if (top !== null && rect.top - top > 4) out.push(i);
            top = rect.top;
          }
          return out;
        }"""
    )
    page.close()
    assert len(breaks) >= 4
    assert all(words[i - 1] == " " or words[i] == " " for i in breaks), [words[i - 6 : i + 6] for i in breaks]


def test_an_email_address_breaks_only_before_its_at_sign_or_a_dot(browser: Any, tmp_path: Path) -> None:
    """In a narrow column an address once broke at its hyphen or left one letter alone
    ("…example.b" / "r"); in a right-to-left page its hyphen was drawn on the wrong side."""
    import dataclasses

    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme

    address = "pressestelle-kommunikation@stadtverwaltung-beispielstadt.example.de"
    release = load_release(ROOT / "releases" / "gta-2025")
    contact = dataclasses.replace(release.contacts[0], email=address)
    for locale in ("de", "he"):
        edition = dataclasses.replace(release, locale=locale, contacts=(contact,))
        path = tmp_path / f"{locale}.html"
        path.write_bytes(render("html", edition, load_theme("default"), locale))
        page = browser.new_page(viewport={"width": 360, "height": 900})
        page.goto(path.as_uri())
        found = page.evaluate(
            """() => {
              const link = document.querySelector('.contacts a.email');
              const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
              const range = document.createRange(); const breaks = []; let top = null; let at = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++, at++) {
                  range.setStart(node, i); range.setEnd(node, i + 1);
                  const rect = range.getClientRects()[0]; if (!rect) continue;
                  if (top !== null && rect.top - top > 4) breaks.push(at);
                  top = rect.top;
                }
              }
              return {text: link.textContent, href: link.href, breaks: breaks,
                      dir: getComputedStyle(link).direction,
                      overflow: document.documentElement.scrollWidth - window.innerWidth};
            }"""
        )
        page.close()
        assert found["text"] == address and found["href"] == f"mailto:{address}"
        assert found["breaks"], "the address is wider than the column: it must break somewhere"
        assert all(address[i] in "@." for i in found["breaks"]), [
            address[i - 5 : i + 5] for i in found["breaks"]
        ]
        assert found["dir"] == "ltr" and found["overflow"] <= 0, found


def test_rtl_label_values_and_figures_keep_their_own_order(browser: Any, tmp_path: Path) -> None:
    """Measured in the browser, in the Arabic and Hebrew corpus pages: a phone number reads
    `+972 3-555-1234` after its label (not `3-555-1234 +972`), and a percentage shows its sign
    to the right of the number (`38%`) in the body as in the sources list."""
    import dataclasses

    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme

    for locale in ("ar", "he"):
        release = load_release(ROOT / "tests" / "corpus" / "world" / f"{locale}-original")
        contact = dataclasses.replace(release.contacts[0], phone="+972 3-555-1234")
        path = tmp_path / f"{locale}.html"
        path.write_bytes(
            render("html", dataclasses.replace(release, contacts=(contact,)), load_theme("default"), locale)
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        found = page.evaluate(
            """() => {
              const left = (node, text) => {
                const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                  const at = n.data.indexOf(text);
                  if (at < 0) continue;
                  const range = document.createRange(); range.setStart(n, at); range.setEnd(n, at + text.length);
                  return range.getBoundingClientRect().left;
                }
                return null;
              };
              const phone = [...document.querySelectorAll('.contact-line')].find(l => l.textContent.includes('555'));
              const order = (node) => {
                const text = node.textContent; const digit = text[text.indexOf('%') - 1];
                return [left(node, '%'), left(node, digit + '%')];
              };
              const percent = (selector) => [...document.querySelectorAll(selector)].find(n => n.textContent.includes('%'));
              return {plus: left(phone, '+972'), rest: left(phone, '3-555'),
                      body: order(percent('.stat')), sources: order(percent('.source-figures li'))};
            }"""
        )
        page.close()
        assert found["plus"] < found["rest"], (locale, found)
        for place in ("body", "sources"):
            sign, digit_and_sign = found[place]  # where '%' and where '8%' begin
            assert sign > digit_and_sign, (locale, place, found)
