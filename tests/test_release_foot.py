"""After the end mark: a wire's SOURCE line as written and a legal disclaimer set small, in every
format, in that order, and translated with the release."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from presskit.i18n.units import release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from tests.extract import EXTRACTORS, normalise

RELEASE = (
    "slug: r\ndate: 2026-03-02\nheadline: Solar farm opens\nend_mark: '###'\nbody: The farm opened.\n"
    "source_line: SOURCE Lone Star Solar\n"
    "disclaimer: |\n  **Forward-looking statements.** This release contains forward-looking statements.\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: Lone Star Solar\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "r"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_the_source_line_and_disclaimer_follow_the_end_mark(folder: Path, theme: Theme, fmt: str) -> None:
    text = normalise(EXTRACTORS[fmt](render(fmt, load_release(folder), theme, "en-GB")))
    end, source, notice = (
        text.find(s) for s in ("###", "SOURCE Lone Star Solar", "forward-looking statements.")
    )
    assert 0 <= end < source < notice, text


def test_the_disclaimer_is_set_small(folder: Path, theme: Theme) -> None:
    release = load_release(folder)
    page = render("html", release, theme, "en-GB").decode("utf-8")
    assert (
        '<section class="disclaimer">' in page and '<p class="source-line">SOURCE Lone Star Solar</p>' in page
    )
    with zipfile.ZipFile(io.BytesIO(render("docx", release, theme, "en-GB"))) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert 'w:styleId="Disclaimer"' in styles and '<w:pStyle w:val="Disclaimer"/>' in document


def test_both_are_translation_units(folder: Path) -> None:
    ids = {unit.id for unit in release_units(load_release(folder))}
    assert "source_line" in ids and any(i.startswith("disclaimer") for i in ids)


def test_a_translated_edition_shows_the_translated_source_line(folder: Path, theme: Theme) -> None:
    from presskit.i18n.units import apply_values

    release = apply_values(load_release(folder), {"source_line": "SOURCE Lone Star Solaire"})
    assert release.source_line == "SOURCE Lone Star Solaire"
    assert "SOURCE Lone Star Solaire" in render("txt", release, theme, "fr").decode("utf-8")
