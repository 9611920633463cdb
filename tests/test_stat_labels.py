"""`{stat:id|label}` places a statistic in running text with what it counts ("3,610,000 hours of
sewage spills [1]"); `{stat:id}` places the value alone. Read back from every format, kept
through translation, and an unknown option is a located problem."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from presskit import model as m
from presskit.cli import cli
from presskit.errors import ValidationFailed
from presskit.i18n.inline import source_pieces, to_inlines
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import label_after
from tests.extract import EXTRACTORS, normalise

NEWSROOM = (
    "organisation:\n  name: River Trust\ncontacts:\n  press: {name: Press Office, email: press@example.org}\n"
)
RELEASE = (
    "slug: spills\ndate: 2026-03-02\nheadline: Spills rose\ncontacts: [press]\n"
    "body: |\n  Water companies reported {stat:hours|label} last year, up from {stat:last}.\n"
    "statistics:\n"
    "  hours: {value: 3610000, unit: count, label: hours of sewage spills, source: {name: Environment Agency}}\n"
    "  last: {value: 1750000, unit: count, label: hours in 2022, source: {name: Environment Agency}}\n"
)


def release_at(tmp_path: Path, text: str = RELEASE) -> Path:
    (tmp_path / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (tmp_path / "spills").mkdir()
    (tmp_path / "spills" / "release.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "spills"


@pytest.fixture
def release(tmp_path: Path) -> m.Release:
    return load_release(release_at(tmp_path))


def test_the_placeholder_says_whether_the_label_follows(release: m.Release) -> None:
    refs = [node for node in release.body[0].children if isinstance(node, m.StatRef)]  # type: ignore[attr-defined]
    assert refs == [m.StatRef("hours", labelled=True), m.StatRef("last")]


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_every_format_shows_the_value_and_what_it_counts(release: m.Release, theme: Theme, fmt: str) -> None:
    text = normalise(EXTRACTORS[fmt](render(fmt, release, theme, release.locale)))
    assert "reported 3,610,000 hours of sewage spills" in text, text
    assert (
        "up from 1,750,000" in text and "up from 1,750,000 hours" not in text
    )  # {stat:last}: the value alone


def test_the_html_keeps_the_figure_apart_from_its_label(release: m.Release, theme: Theme) -> None:
    page = render("html", release, theme, release.locale).decode("utf-8")
    assert '<span class="stat">3,610,000</span> hours of sewage spills' in page


def test_the_pdf_text_reads_in_order(release: m.Release, theme: Theme) -> None:
    reader = PdfReader(io.BytesIO(render("pdf", release, theme, release.locale)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "3,610,000 hours of sewage spills" in " ".join(text.split())


def test_translation_keeps_the_label_placement(release: m.Release) -> None:
    pieces, placeholders = source_pieces(release.body[0].children)  # type: ignore[attr-defined]
    assert [(p.stat_id, p.labelled) for p in placeholders.values() if p.kind == "stat"] == [
        ("hours", True),
        ("last", False),
    ]
    back = to_inlines(pieces, placeholders)
    assert [n for n in back if isinstance(n, m.StatRef)] == [m.StatRef("hours", True), m.StatRef("last")]


def test_an_unknown_option_is_a_located_problem(tmp_path: Path) -> None:
    folder = release_at(tmp_path, RELEASE.replace("{stat:hours|label}", "{stat:hours|unit}"))
    with pytest.raises(ValidationFailed) as failed:
        load_release(folder)
    [problem] = failed.value.problems
    assert problem.format().startswith(f"{folder / 'release.yaml'}:6:")  # the body's line
    assert 'unknown option "unit" in {stat:hours|unit}' in problem.format()
    assert "{stat:hours|label}" in problem.format()
    result = CliRunner().invoke(cli, ["check", str(folder), "--now", "2026-03-03T00:00:00Z"])
    assert result.exit_code == 1 and 'unknown option "unit"' in result.stderr


def test_no_space_before_a_chinese_japanese_or_thai_label() -> None:
    stat = m.Statistic("s", Decimal(3610000), "count", "時間の下水流出", m.Source(1, "EA"))
    assert label_after(stat, True) == "時間の下水流出"
    assert label_after(dataclasses.replace(stat, label="시간의 하수 유출"), True) == " 시간의 하수 유출"
    assert label_after(stat, False) == ""


@pytest.mark.parametrize(
    ("locale", "label", "listed"),
    [
        ("en-GB", "hours of sewage spills", "3,610,000 hours of sewage spills"),
        ("ja", "下水の流出時間", "下水の流出時間：3,610,000"),
        ("zh", "污水溢流小时数", "污水溢流小时数：3,610,000"),
        ("ko", "하수 유출 시간", "하수 유출 시간: 3,610,000"),
        ("th", "ชั่วโมงที่น้ำเสียล้น", "ชั่วโมงที่น้ำเสียล้น 3,610,000"),
    ],
)
def test_the_sources_list_keeps_figure_and_label_apart_as_the_language_writes_them(
    tmp_path: Path, theme: Theme, locale: str, label: str, listed: str
) -> None:
    """Chinese, Japanese and Thai write no space between a figure and a word, so a label after the
    figure ran into it under Sources ("12対応言語数"): there the label comes first."""
    release = load_release(release_at(tmp_path, RELEASE.replace("hours of sewage spills", label)))
    page = render("txt", dataclasses.replace(release, locale=locale), theme, locale).decode("utf-8")
    sources = page[page.rindex("Environment Agency") :]
    assert listed in " ".join(sources.split()) or listed in sources, sources
