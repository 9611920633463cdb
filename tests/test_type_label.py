"""`type_label:` gives the office's own words for the kind of release (報道資料, Pressemitteilung),
shown instead of the catalogue's label in every format, and translated with the release."""

from __future__ import annotations

from pathlib import Path

import pytest

from presskit.i18n.units import release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from tests.extract import EXTRACTORS, normalise

RELEASE = (
    "slug: r\nlocale: ja\ndate: 2026-03-02\ntype_label: 報道資料\nheadline: 貯水率が回復\nbody: 本文です。\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: 東京水道局\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "r"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_the_offices_own_type_words_are_shown(folder: Path, theme: Theme, fmt: str) -> None:
    release = load_release(folder)
    text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, "ja")))
    assert "報道資料" in text.replace(" ", "")
    assert "プレスリリース" not in text  # the catalogue's word for press-release is not shown as well


def test_the_type_words_are_a_translation_unit(folder: Path) -> None:
    units = {unit.id: unit for unit in release_units(load_release(folder))}
    assert "type_label" in units


def test_without_type_words_the_catalogues_are_used(folder: Path, theme: Theme) -> None:
    (folder / "release.yaml").write_text(RELEASE.replace("type_label: 報道資料\n", ""), encoding="utf-8")
    text = EXTRACTORS["txt"](render("txt", load_release(folder), theme, "ja"))
    assert "プレスリリース" in text and "報道資料" not in text
