"""A line break in the source between two characters of a language written without spaces
(Chinese, Japanese, Thai) is no space in the output; elsewhere it is one space (CSS Text 3)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.source.markdown import MarkdownReader
from presskit.source.spacing import collapse
from presskit.themes.theme import Theme


def test_a_break_between_chinese_japanese_or_thai_characters_is_nothing() -> None:
    assert collapse("各地で\n開催される") == "各地で開催される"
    assert collapse("ประชุม\nวันนี้") == "ประชุมวันนี้"
    assert collapse("北京\n发布") == "北京发布"


def test_a_break_next_to_latin_korean_or_a_typed_space_is_a_space() -> None:
    assert collapse("Hello\nworld") == "Hello world"
    assert collapse("한국\n서울") == "한국 서울"  # Korean is written with spaces
    assert collapse("東京 大阪") == "東京 大阪"  # a space the author typed stays
    assert collapse("東京\nOsaka") == "東京 Osaka"


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_text_without_spaceless_scripts_collapses_as_before(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


def test_markdown_joins_lines_of_japanese_even_around_bold() -> None:
    [paragraph] = MarkdownReader((), ()).blocks(
        "各地で\n開催される。\n**強調**\nされた\nEnglish\nwords", print
    )
    assert isinstance(paragraph, m.Paragraph)
    assert paragraph.children == (
        m.Text("各地で開催される。"),
        m.Strong((m.Text("強調"),)),
        m.Text("された English words"),
    )


def test_a_japanese_release_written_over_several_lines_reads_without_spaces(
    tmp_path: Path, theme: Theme
) -> None:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: 東京水道局\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        "slug: r\nlocale: ja\ndate: 2026-03-02\nheadline: |-\n  ダムの貯水率が\n  回復しました\n"
        "body: |\n  都内のダムの貯水率は\n  平年並みに回復しました。\n",
        encoding="utf-8",
    )
    release = load_release(tmp_path / "r")
    assert release.headline == "ダムの貯水率が回復しました"
    page = render("html", release, theme, "ja").decode("utf-8")
    assert "都内のダムの貯水率は平年並みに回復しました。" in page
    text = render("txt", release, theme, "ja").decode("utf-8")
    assert "貯水率は平年並み" in text and "貯水率は 平年" not in text


def test_a_headline_written_over_two_lines_is_joined_with_a_warning(tmp_path: Path) -> None:
    from presskit.publish.inputs import load_release_with_warnings

    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        "slug: r\ndate: 2026-03-02\nheadline: |-\n  Reservoirs full\n  after wet winter\nbody: Text.\n",
        encoding="utf-8",
    )
    release, warnings = load_release_with_warnings(tmp_path / "r")
    assert release.headline == "Reservoirs full after wet winter"
    assert [w.format() for w in warnings if w.field == "headline"] == [
        f"{tmp_path / 'r' / 'release.yaml'}:3:11: warning: headline: written over 2 lines: "
        "every format shows it as one (write it on one line)"
    ]
