"""Shared fixtures: the example release, the default theme, goldens, the CLI runner."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Renditions are cached outside the output folder (the user's cache folder by default): the
# suite keeps its own, so it neither reads nor fills the user's, and subprocesses inherit it.
os.environ.setdefault("PRESSKIT_CACHE_DIR", tempfile.mkdtemp(prefix="presskit-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "releases" / "gta-2025"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def example_release():  # type: ignore[no-untyped-def]
    from presskit.publish.inputs import load_release

    return load_release(EXAMPLE)


@pytest.fixture(scope="session")
def example_editions(example_release):  # type: ignore[no-untyped-def]
    """The example in its own locale and translated into fr and ar, by locale."""
    from presskit.i18n import translate
    from presskit.i18n.store import canonical_locale, i18n_dir

    found = {"en-GB": example_release}
    for locale in ("fr", "ar"):
        translated, problems = translate(example_release, canonical_locale(locale), i18n_dir(example_release))
        assert not problems
        found[locale] = translated
    return found


@pytest.fixture(scope="session")
def theme():  # type: ignore[no-untyped-def]
    from presskit.themes.theme import load_theme

    return load_theme("default")


class Golden:
    """Compare text with tests/golden/<name>, or rewrite it under --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its golden; if intended, run pytest --update-golden"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture
def news(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A newsroom of two public releases (alpha, bravo) and an embargoed secret (tests/safety.py)."""
    from tests.newsroom_factory import THREE
    from tests.safety import newsroom_with_secret

    return newsroom_with_secret(tmp_path / "news", THREE[:2])


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, driven by Playwright, for the tests that look at pages as a reader does."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), "install Debian's chromium (make test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
