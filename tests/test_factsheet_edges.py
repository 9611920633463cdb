"""The fact sheet under what its first tests did not try: figures as long as the schema allows,
labels and periods with long words, and a figure in Chinese whose characters may break anywhere.

A figure broken across two lines reads as two numbers (`123,456,789,01` / `2`): the PDF is read
back line by line with pypdf, and the page is measured in Chromium at a phone's width and
beyond, where nothing may scroll sideways.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import format_statistic
from tests.conftest import ROOT
from tests.test_browser import AXE, WCAG_TAGS

CORPUS = ROOT / "tests" / "corpus" / "world"
LONG_WORD = "Supercalifragilisticexpialidociouspneumonoultramicroscopicsilicovolcanoconiosis" * 2
LONG_PERIOD = "Financial year ending 31 March 2025 (provisional estimates, revised quarterly)"


def long_figures(release: m.Release) -> m.Release:
    """The release with figures as long as the schema lets them be, long labels and periods."""
    source = next(iter(release.statistics.values())).source
    specs: list[tuple[Decimal, m.StatUnit, str | None, str, str | None]] = [
        (Decimal("123456789012345"), "count", None, "people counted " * 12, LONG_PERIOD),
        (Decimal("999999999999999"), "currency", "IDR", LONG_WORD, "2024"),
        (Decimal("123456789012.5"), "currency", "EUR", "spent, in euros and cents", None),
        (
            Decimal("99999999999.75"),
            "percent",
            None,
            f"see {LONG_WORD} and https://stats.example/{LONG_WORD}",
            None,
        ),
        (Decimal("41"), "percent", None, "an ordinary figure", "2023–2024"),
    ]
    stats = {
        f"long-{n}": m.Statistic(f"long-{n}", value, unit, label, source, currency, False, as_of)
        for n, (value, unit, currency, label, as_of) in enumerate(specs)
    }
    return dataclasses.replace(release, statistics=stats)


def lines_of_pdf(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return [" ".join(unicodedata.normalize("NFKC", line).split()) for line in text.splitlines()]


def whole_on_a_line(value: str, lines: list[str]) -> bool:
    wanted = " ".join(unicodedata.normalize("NFKC", value).split())
    return any(wanted in line for line in lines)


@pytest.fixture(scope="module")
def example(theme: Theme) -> m.Release:
    return long_figures(load_release(ROOT / "releases" / "gta-2025"))


# --------------------------------------------------------------------------
# The PDF


def test_no_figure_is_broken_across_lines_in_the_pdf(example: m.Release, theme: Theme) -> None:
    lines = lines_of_pdf(render("factsheet", example, theme, example.locale))
    for stat in example.statistics.values():
        value = format_statistic(stat, example.locale)
        assert whole_on_a_line(value, lines), (value, [line for line in lines if value[:4] in line])


def test_a_chinese_figure_stays_on_one_line(theme: Theme) -> None:
    """`新臺幣80,000,000元`: CJK text may break between any two characters, so the figure
    breaks before 元 unless set to fit its column."""
    release = load_release(CORPUS / "zh-hant-agency")
    lines = lines_of_pdf(render("factsheet", release, theme, release.locale))
    values = [format_statistic(stat, release.locale) for stat in release.statistics.values()]
    assert "新臺幣80,000,000元" in values
    for value in values:
        assert whole_on_a_line(value, lines), (value, lines)


def test_a_short_figure_keeps_its_large_type(example: m.Release, theme: Theme) -> None:
    """Only a figure too long for its column is set smaller: `41%` keeps the largest size."""
    sizes: dict[str, float] = {}

    def seen(text: str, _cm: Any, tm: Any, _font: Any, size: float) -> None:
        if text.strip():
            sizes[text.strip()] = size * tm[3]

    reader = PdfReader(io.BytesIO(render("factsheet", example, theme, example.locale)))
    for pdf_page in reader.pages:
        pdf_page.extract_text(visitor_text=seen)
    assert sizes["41%"] > sizes["IDR999,999,999,999,999"] >= 7


# --------------------------------------------------------------------------
# The web page, in Chromium


@pytest.mark.parametrize("width", [360, 520, 700, 1280])
def test_long_figures_labels_and_periods_never_scroll_sideways(
    browser: Any, example: m.Release, theme: Theme, width: int, tmp_path: Path
) -> None:
    path = tmp_path / "long.factsheet.html"
    path.write_bytes(render("factsheet-html", example, theme, example.locale))
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The table, or each figure's block on a narrow screen, stays inside the page's column.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.figures td')]
            .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.slice(0, 40))"""
    )
    assert overflowing == []
    if width >= 700:  # room for the table: a period's words are not broken letter by letter
        period_width = page.evaluate(
            "() => Math.min(...[...document.querySelectorAll('.figures td.period')].map(td => td.clientWidth))"
        )
        assert period_width >= 100
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    assert [v["id"] for v in result["violations"]] == [], result["violations"]
    page.close()
