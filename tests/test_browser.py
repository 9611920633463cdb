"""The HTML pages in a real browser: Playwright driving Debian's Chromium, axe-core and the Nu Html Checker.

`make test` installs Chromium (Debian), Java (Debian) and axe-core and vnu-jar (npm, package.json);
a missing tool fails these tests rather than skipping them. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (make test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


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
