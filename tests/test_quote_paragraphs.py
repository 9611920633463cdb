"""A quote of several paragraphs stays several paragraphs in every format: each opens with the
locale's mark and only the last closes it; each paragraph is its own translation unit."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from presskit import model as m
from presskit.i18n.units import release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme

RELEASE = """slug: r
date: 2026-03-02
headline: Reservoirs full
body: |
  The winter was wet.

  {quote:lee}
quotes:
  lee:
    text: |
      Every reservoir is full.

      We will not need a hosepipe ban this summer.
    speaker: {name: Dr Sam Lee, roles: [Director]}
    approved: true
"""


@pytest.fixture
def release(tmp_path: Path) -> m.Release:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return load_release(tmp_path / "r")


def test_the_quote_keeps_its_paragraphs(release: m.Release) -> None:
    quote = release.quotes["lee"]
    assert quote.paragraphs == (
        (m.Text("Every reservoir is full."),),
        (m.Text("We will not need a hosepipe ban this summer."),),
    )


def test_html_has_a_paragraph_each(release: m.Release, theme: Theme) -> None:
    page = render("html", release, theme, "en-GB").decode("utf-8")
    assert (
        "<blockquote><p>“Every reservoir is full.</p><p>“We will not need a hosepipe ban this summer.”</p></blockquote>"
        in page
    )


def test_docx_has_a_quote_paragraph_each(release: m.Release, theme: Theme) -> None:
    with zipfile.ZipFile(io.BytesIO(render("docx", release, theme, "en-GB"))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count('<w:pStyle w:val="Quote"/>') == 2


def test_text_and_pdf_open_each_paragraph_and_close_the_last(release: m.Release, theme: Theme) -> None:
    text = render("txt", release, theme, "en-GB").decode("utf-8")
    assert "“Every reservoir is full.\n\n“We will not need a hosepipe ban this summer.”" in text
    from pypdf import PdfReader

    pdf = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render("pdf", release, theme, "en-GB"))).pages
    )
    assert re.search(r"“Every reservoir is full\.\s+“We will not need a hosepipe ban this summer\.”", pdf)


def test_each_paragraph_is_a_translation_unit(release: m.Release) -> None:
    ids = [unit.id for unit in release_units(release) if unit.id.startswith("quotes.lee.text")]
    assert ids == ["quotes.lee.text", "quotes.lee.text[1]"]


JOINT = RELEASE.replace(
    "    speaker: {name: Dr Sam Lee, roles: [Director]}\n",
    "    speaker: {name: Dr Sam Lee, roles: [Director]}\n    also: [{name: Ana Ruiz, roles: [Chair], organisation: Water Board}]\n",
)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_a_joint_quote_names_every_speaker_with_their_role(tmp_path: Path, theme: Theme, fmt: str) -> None:
    from tests.extract import EXTRACTORS, normalise

    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(JOINT, encoding="utf-8")
    release = load_release(tmp_path / "r")
    text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, "en-GB")))
    assert "Dr Sam Lee, Director; Ana Ruiz, Chair, Water Board" in text, text
    ids = {unit.id for unit in release_units(release)}
    assert {
        "quotes.lee.speaker.roles[0]",
        "quotes.lee.also[0].roles[0]",
        "quotes.lee.also[0].organisation",
    } <= ids


def test_joint_speakers_without_commas_are_joined_as_a_list() -> None:
    from presskit.words.wording import quote_attribution

    quote = m.Quote("q", (), m.Speaker("Sam Lee"), True, also=(m.Speaker("Ana Ruiz"), m.Speaker("Jo Kim")))
    assert quote_attribution(quote, "en-GB") == "Sam Lee, Ana Ruiz and Jo Kim"
    assert quote_attribution(quote, "de") == "Sam Lee, Ana Ruiz und Jo Kim"


def test_a_quote_in_another_language_is_marked_so_screen_readers_switch(tmp_path: Path, theme: Theme) -> None:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    text = RELEASE.replace("    approved: true\n", "    approved: true\n    lang: de\n")
    (tmp_path / "r" / "release.yaml").write_text(text, encoding="utf-8")
    release = load_release(tmp_path / "r")
    assert '<blockquote lang="de">' in render("html", release, theme, "en-GB").decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(render("docx", release, theme, "en-GB"))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count('<w:lang w:val="de"/>') >= 2


def test_an_unknown_quote_language_is_a_located_problem(tmp_path: Path) -> None:
    from presskit.errors import ValidationFailed

    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        RELEASE.replace("    approved: true\n", "    approved: true\n    lang: xx-Nope\n"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as failed:
        load_release(tmp_path / "r")
    assert "quotes.lee.lang: unknown language" in failed.value.problems[0].format()
