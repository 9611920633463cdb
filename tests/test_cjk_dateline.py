"""A Chinese, Japanese or Korean release sets its dateline on its own line above the text, without
the dash that runs a Latin dateline into the first paragraph."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme

RELEASE = "slug: r\nlocale: ja\ndate: 2025-09-01\ndateline: 横浜\nheadline: 防災アプリの提供を開始\nbody: 本日から提供を開始します。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: 港みなと市\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "r"


def test_html_and_text_set_it_apart(folder: Path, theme: Theme) -> None:
    release = load_release(folder)
    page = render("html", release, theme, "ja").decode("utf-8")
    assert '<p><strong class="dateline">横浜、2025年9月1日</strong></p>\n<p>本日から' in page
    text = render("txt", release, theme, "ja").decode("utf-8")
    assert "横浜、2025年9月1日\n\n本日から提供を開始します。" in text


def test_docx_and_pdf_set_it_apart(folder: Path, theme: Theme) -> None:
    release = load_release(folder)
    with zipfile.ZipFile(io.BytesIO(render("docx", release, theme, "ja"))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "2025年9月1日 –" not in xml and "本日から" in xml
    from pypdf import PdfReader

    pdf = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render("pdf", release, theme, "ja"))).pages
    )
    assert "横浜、2025年9月1日\n" in pdf and "–" not in pdf.split("本日から")[0].split("2025年9月1日")[-1]


def test_a_latin_release_still_runs_its_dateline_into_the_text(folder: Path, theme: Theme) -> None:
    (folder / "release.yaml").write_text(
        RELEASE.replace("locale: ja", "locale: en-GB").replace("dateline: 横浜", "dateline: London"),
        encoding="utf-8",
    )
    text = render("txt", load_release(folder), theme, "en-GB").decode("utf-8")
    assert "LONDON, 1 September 2025 – 本日から" in text
