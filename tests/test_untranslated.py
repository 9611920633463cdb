"""Text an edition shows in the release's own language, because its translation left it out, is
marked with that language (HTML `lang`, DOCX `w:lang`), so screen readers switch voice and
spelling checks the right language; translated text and figures are not marked."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import lxml.html
import pytest

from presskit import model as m
from presskit.i18n.translate import translate
from presskit.i18n.units import apply_values
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme

RELEASE = (
    "slug: r\ndate: 2026-03-02\nheadline: Solar farm opens\ntype_label: Media statement\n"
    "standfirst: The farm powers 4,000 homes.\n"
    "body: |\n  The farm opened today near Leeds.\n\n  | Site | MW |\n  | --- | --- |\n  | Leeds | 12 |\n"
)


@pytest.fixture
def release(tmp_path: Path) -> m.Release:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: Lone Star Solar\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return load_release(tmp_path / "r")


def edition(release: m.Release, locale: str, values: dict[str, object]) -> m.Release:
    return apply_values(dataclasses.replace(release, locale=locale), values, untranslated_in=release.locale)  # type: ignore[arg-type]


def test_html_marks_what_stays_english_in_a_french_edition(release: m.Release, theme: Theme) -> None:
    french = edition(release, "fr", {"standfirst": (m.Text("La ferme alimente 4 000 foyers."),)})
    root = lxml.html.fromstring(render("html", french, theme, "fr"))
    assert root.get("lang") == "fr"
    english = {" ".join(e.text_content().split()) for e in root.iter() if e.get("lang") == "en-GB"}
    assert {"Solar farm opens", "Media statement", "The farm opened today near Leeds.", "Site"} <= english
    assert not any("foyers" in text for text in english), "translated text keeps the page's language"
    assert "12" not in english and "Leeds" in english, "a figure alone needs no language; a word does"
    standfirst = root.find_class("standfirst")[0]
    assert standfirst.get("lang") is None and not standfirst.xpath(".//*[@lang]")


def test_docx_marks_the_same_runs(release: m.Release, theme: Theme) -> None:
    french = edition(release, "fr", {"headline": "Une ferme solaire ouvre"})
    with zipfile.ZipFile(io.BytesIO(render("docx", french, theme, "fr"))) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    body = document.split("The farm opened today")[0].rsplit("<w:r>", 1)[-1]
    assert 'w:lang w:val="en-GB"' in body, body
    title = document.split("Une ferme solaire ouvre")[0].rsplit("<w:r>", 1)[-1]
    assert "en-GB" not in title


def test_an_english_paragraph_in_an_arabic_edition_has_its_language_and_direction(
    release: m.Release, theme: Theme
) -> None:
    arabic = edition(release, "ar", {"headline": "افتتاح مزرعة شمسية"})
    root = lxml.html.fromstring(render("html", arabic, theme, "ar"))
    marked = next(e for e in root.iter() if e.get("lang") == "en-GB" and "opened today" in e.text_content())
    assert any(a.get("dir") == "ltr" for a in [marked, *marked.iterancestors()])


def test_an_edition_without_any_translation_marks_all_of_its_text(
    release: m.Release, theme: Theme, tmp_path: Path
) -> None:
    french, warnings = translate(release, "fr", tmp_path / "i18n")
    assert warnings and french.locale == "fr" and french.source_locale == "en-GB"
    assert "headline" in french.untranslated
    root = lxml.html.fromstring(render("html", french, theme, "fr"))
    assert root.find(".//h1/span").get("lang") == "en-GB"


def test_the_release_in_its_own_language_marks_nothing(release: m.Release, theme: Theme) -> None:
    page = render("html", release, theme, "en-GB").decode("utf-8")
    assert 'lang="en-GB"' in page.split("<head>")[0] and page.count('<span lang="') == 0
    with zipfile.ZipFile(io.BytesIO(render("docx", release, theme, "en-GB"))) as archive:
        assert 'w:lang w:val="en-GB"' not in archive.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_the_other_formats_show_the_same_words(release: m.Release, theme: Theme, fmt: str) -> None:
    from tests.extract import EXTRACTORS

    french = edition(release, "fr", {})
    shown = EXTRACTORS[fmt](render(fmt, french, theme, "fr"))
    assert "The farm opened today near Leeds." in shown and "Solar farm opens" in shown.replace(
        "SOLAR FARM OPENS", "Solar farm opens"
    )
