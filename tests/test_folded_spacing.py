"""A line break YAML folds into a space (`>` blocks, plain and quoted scalars over several lines)
is no space between two Chinese, Japanese or Thai characters, as in the `|` blocks and Markdown
presskit reads itself (CSS Text 3 segment breaks): in every field of release.yaml and
presskit.yaml, in every format. Latin, Korean and mixed text keep their spaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from presskit.cli import cli
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.source.document import read_document
from presskit.source.spacing import break_between, collapse
from presskit.themes.theme import Theme
from tests.extract import EXTRACTORS


def read(tmp_path: Path, yaml: str) -> object:
    (tmp_path / "doc.yaml").write_text(yaml, encoding="utf-8")
    return read_document(tmp_path / "doc.yaml").data


# -- each way YAML folds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        ("v: >-\n  東京都は\n  新しい計画を\n  発表した\n", "東京都は新しい計画を発表した"),
        ("v: 東京都は\n  新しい計画を\n  発表した\n", "東京都は新しい計画を発表した"),
        ('v: "東京都は\n  新しい計画を"\n', "東京都は新しい計画を"),
        ("v: '東京都は\n  新しい計画を'\n", "東京都は新しい計画を"),
        ("v: [北京\n  发布]\n", ["北京发布"]),
        ("v: {k: ประชุม\n  วันนี้}\n", {"k": "ประชุมวันนี้"}),
        # Spaces YAML strips before a break (flow) or keeps (a block) go with it, as CSS has it.
        ("v: '東京   \n   新'\n", "東京新"),
        ("v: >-\n  東京  \n  新\n", "東京新"),
        # Full stops and brackets of those languages are wide too: "。" then "新" joins.
        ("v: >-\n  発表した。\n  新しい\n", "発表した。新しい"),
    ],
)
def test_a_folded_break_between_chinese_japanese_or_thai_is_nothing(
    tmp_path: Path, yaml: str, expected: object
) -> None:
    assert read(tmp_path, yaml) == {"v": expected}


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        ("v: >-\n  Reservoirs full\n  after wet winter\n", "Reservoirs full after wet winter"),
        ("v: 한국\n  서울\n", "한국 서울"),  # Korean is written with spaces
        ("v: >-\n  東京\n  Osaka\n  大阪\n", "東京 Osaka 大阪"),
        ('v: "東京\n  Osaka"\n', "東京 Osaka"),
        ("v: 東京 大阪\n", "東京 大阪"),  # a space the author typed stays
        ('v: "東京\\n新"\n', "東京\n新"),  # an escaped line break is text
        ('v: "東京\\\n  新"\n', "東京新"),  # as is an escaped end of line
        ("v: >-\n  東京\n\n  新\n", "東京\n新"),  # a blank line is a line break
        ("v: >-\n  東京\n    新\n  京\n", "東京\n  新\n京"),  # more indented lines keep theirs
        ("v: |-\n  東京\n  新\n", "東京\n新"),  # a literal block is left to collapse and Markdown
    ],
)
def test_latin_korean_mixed_and_kept_breaks_are_left_as_yaml_reads_them(
    tmp_path: Path, yaml: str, expected: str
) -> None:
    assert read(tmp_path, yaml) == {"v": expected}


def test_an_anchor_and_an_alias_see_the_same_joined_text(tmp_path: Path) -> None:
    assert read(tmp_path, "a: &t 東京\n  新\nb: *t\n") == {"a": "東京新", "b": "東京新"}


def test_positions_after_a_joined_value_are_unchanged(tmp_path: Path) -> None:
    (tmp_path / "doc.yaml").write_text("a: >-\n  東京\n  新\nb: 北京\n  发布\nc: x\n", encoding="utf-8")
    doc = read_document(tmp_path / "doc.yaml")
    assert [doc.position((key,)) for key in "abc"] == [(1, 4), (4, 4), (6, 4)]


# -- the property: YAML's folding gives the literal form with the rule applied -------------

WORDS = st.text(
    alphabet=st.sampled_from("東京都新しい発表北京发布ประชุมวันนี้서울한국abcXYZ。、"), min_size=1, max_size=6
)
LINES = st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6)


def joined(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        out += break_between(out, line) + line
    return out


@settings(max_examples=150, deadline=None)
@given(lines=LINES, style=st.sampled_from([">-", "plain", '"', "'"]))
def test_yaml_folding_gives_the_literal_text_with_the_rule_applied(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], style: str
) -> None:
    tmp_path = tmp_path_factory.mktemp("fold")
    literal = "v: |-\n" + "".join(f"  {line}\n" for line in lines)
    if style == ">-":
        folded = "v: >-\n" + "".join(f"  {line}\n" for line in lines)
    elif style == "plain":
        folded = "v: x" + "".join(f"\n  {line}" for line in lines) + "\n"  # "x": never a number or "null"
        lines = ["x", *lines]
        literal = "v: |-\n  x\n" + literal.removeprefix("v: |-\n")
    else:
        folded = f"v: {style}" + "\n  ".join(lines) + f"{style}\n"
    value = read(tmp_path, folded)
    assert value == {"v": joined(lines)}
    literal_value = read(tmp_path, literal)
    assert isinstance(literal_value, dict)
    assert collapse(str(value["v"])) == collapse(literal_value["v"])  # type: ignore[index]


# -- in every field, in every format -------------------------------------------------------

NEWSROOM = "organisation:\n  name: 東京都水道局\n  boilerplate: >\n    東京都水道局は\n    都内に水を届けています。\n"
RELEASE = """\
slug: r
locale: ja
date: 2026-03-02
dateline: 東京
headline: >-
  ダムの貯水率が
  回復しました
standfirst: 都内のダムの貯水率は
  平年並みに戻りました。
highlights:
  - "節水の呼びかけを
    終了します。"
body: >
  都内のダムの貯水率は
  平年並みに回復しました。


  {quote:q}
quotes:
  q:
    text: >-
      ご協力いただいた
      皆様に感謝します。
    speaker: {name: 山田花子, roles: [局長]}
    approved: true
"""
JOINED = [
    "ダムの貯水率が回復しました",
    "都内のダムの貯水率は平年並みに戻りました。",
    "節水の呼びかけを終了します。",
    "都内のダムの貯水率は平年並みに回復しました。",
    "ご協力いただいた皆様に感謝します。",
    "東京都水道局は都内に水を届けています。",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "r"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_every_format_shows_folded_japanese_without_spaces(folder: Path, theme: Theme, fmt: str) -> None:
    text = EXTRACTORS[fmt](render(fmt, load_release(folder), theme, "ja"))
    if fmt == "pdf":
        text = re.sub(r"(?<=\S) (?=\S)", "", text)  # pypdf reads a wrapped line's end as a space
    for words in JOINED:
        assert words in text, (fmt, words)
    assert "貯水率が 回復" not in text and "ご協力いただいた 皆様" not in text


def test_a_warning_inside_joined_japanese_points_at_its_own_line(tmp_path: Path) -> None:
    (tmp_path / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        "slug: r\nlocale: ja\ndate: 2026-03-02\nheadline: 利用者が増加\n"
        "body: >\n  利用者は\n  昨年より150万\n  人増えました。{stat:s}\n"
        "statistics:\n  s: {value: 1500000, unit: count, label: 人, source: {name: 局}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "r"), "--now", "2026-03-03T00:00:00Z"])
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if ": warning: body: " in line]
    assert [line.replace(str(tmp_path) + "/", "") for line in lines] == [
        "r/release.yaml:7:7: warning: body: 150万 is written as text, but it is the statistic s "
        "(use {stat:s} so the figure is checked and cited)"
    ]
