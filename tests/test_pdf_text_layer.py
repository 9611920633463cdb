"""What a PDF's text layer gives search, copy and screen readers: whole words in every script.

Devanagari draws ि before the consonant it follows and a conjunct as several glyphs; poppler's
pdftotext once split such words ("वि भाग", "दि ल्ली"). Each cluster of several glyphs now carries its
text as /ActualText."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"


def pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "release.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


@pytest.mark.parametrize("slug", ["hi-original"])
def test_pdftotext_returns_whole_devanagari_words(theme: Theme, tmp_path: Path, slug: str) -> None:
    release = load_release(CORPUS / slug)
    text = pdftotext(render("pdf", release, theme, release.locale), tmp_path)
    words = set(re.findall(r"[\u0900-\u097F]+", release.headline))
    assert len(words) >= 5
    missing = sorted(word for word in words if word not in text.split() and word not in text)
    assert not missing, missing
    assert "वि भाग" not in text and "दि ल्ली" not in text


def test_a_cluster_of_several_glyphs_carries_its_text(theme: Theme) -> None:
    from presskit.renderers.pdf.lines import PlacedGlyph
    from presskit.renderers.pdf.script import actual_text
    from presskit.renderers.pdf.shaping import Glyph

    def placed(text: str) -> PlacedGlyph:
        return PlacedGlyph(None, Glyph(1, 0, text, 500, 0, 0, 500), 0, 0)  # type: ignore[arg-type]

    assert actual_text([placed("वि"), placed("")]) == "<FEFF0935093F>"  # व then ि, in logical order
    assert actual_text([placed("a")]) is None
