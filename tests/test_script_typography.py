"""Letters that join or stack (Arabic, Hebrew, Devanagari, Thai…) are never spaced apart, in the
web page or the DOCX, and Korean web text breaks between words, not inside them."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest

from presskit import model as m
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.fonts import UNSPACED_LETTERS, letters_may_be_spaced

STYLESHEET = Path(__file__).resolve().parents[1] / "templates" / "default" / "_release.css.j2"


def test_the_stylesheet_turns_spacing_off_for_exactly_those_languages() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if "letter-spacing: normal !important" in line)
    assert set(re.findall(r":lang\(([a-z]+)\)", rule)) == UNSPACED_LETTERS
    assert ":lang(ko) { word-break: keep-all; }" in css


@pytest.mark.parametrize(
    ("locale", "spaced"), [("en-GB", True), ("ko", True), ("hi", False), ("ar", False), ("th", False)]
)
def test_the_docx_tracks_the_type_label_only_where_letters_may_be_spaced(
    example_release: m.Release, theme: Theme, locale: str, spaced: bool
) -> None:
    assert letters_may_be_spaced(locale) is spaced
    edition = dataclasses.replace(example_release, locale=locale)
    with zipfile.ZipFile(io.BytesIO(render("docx", edition, theme, locale))) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    release_type = styles.split('w:styleId="ReleaseType"')[1].split("</w:style>")[0]
    assert ("<w:spacing w:val=" in release_type) is spaced, release_type
