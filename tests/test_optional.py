"""Optional means optional: a release with no quote, contact, statistic, dateline, notes,
assets or boilerplate builds in every format without an empty heading or a dangling label."""

from __future__ import annotations

from pathlib import Path

import pytest

from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.labels import label
from tests.extract import EXTRACTORS, normalise

BARE = "slug: bare\ndate: 2026-03-02\nheadline: Reservoirs full after wet winter\nbody: |\n  Every reservoir is full.\n"
NEWSROOM = "organisation:\n  name: River Trust\n"
HEADINGS = ("about", "contacts", "sources", "notes_to_editors", "assets")


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    (tmp_path / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (tmp_path / "bare").mkdir()
    (tmp_path / "bare" / "release.yaml").write_text(BARE, encoding="utf-8")
    return tmp_path / "bare"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
@pytest.mark.parametrize("locale", ["en-GB", "fr", "de"])
def test_a_bare_release_has_no_empty_heading(bare: Path, theme: Theme, fmt: str, locale: str) -> None:
    release = load_release(bare)
    text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, locale))).casefold()
    assert "every reservoir is full." in text
    for key in HEADINGS:
        heading = label(key, locale, organisation="River Trust").casefold()
        assert heading not in text, f"{fmt} {locale}: an empty {heading!r}"


def test_the_about_section_is_there_when_there_is_a_boilerplate(bare: Path, theme: Theme) -> None:
    newsroom = bare.parent / "presskit.yaml"
    newsroom.write_text(NEWSROOM + "  boilerplate: River Trust looks after rivers.\n", encoding="utf-8")
    release = load_release(bare)
    for fmt in ("html", "docx", "pdf", "txt"):
        text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, "en-GB"))).casefold()
        assert "about river trust" in text and "river trust looks after rivers." in text, fmt


@pytest.mark.parametrize("boilerplate", [False, True])
def test_the_text_sets_two_blank_lines_before_every_back_matter_section(
    bare: Path, theme: Theme, boilerplate: bool
) -> None:
    """Whatever sections the release has (a missing About once left three blank lines)."""
    newsroom = bare.parent / "presskit.yaml"
    extra = "  boilerplate: River Trust looks after rivers.\n" if boilerplate else ""
    newsroom.write_text(
        NEWSROOM + extra + "contacts:\n  press: {name: Press Office, email: press@rivertrust.org.uk}\n",
        encoding="utf-8",
    )
    bare.joinpath("release.yaml").write_text(BARE + "contacts: [press]\nend_mark: ENDS\n", encoding="utf-8")
    text = render("txt", load_release(bare), theme, "en-GB").decode("utf-8")
    assert "\n\n\n\n" not in text, text
    for heading in ("MEDIA CONTACTS", *(("ABOUT RIVER TRUST",) if boilerplate else ())):
        assert f"\n\n\n{heading}\n" in text, text
