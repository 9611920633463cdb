"""Releases at the edge of the limits render in every format, set as a typesetter would set them.

The cases are benchmarks/hostile.py's: a word as long as the body may be, paragraphs as long
(Latin, Arabic, Arabic mixed with Latin, Chinese), lists and quotes nested as deep as the
limits allow, a table as wide, a cell many pages tall. Each release is loaded and rendered
in a process of its own, its timeout a guard against a hang and no measure of speed, and
every format is read back. The functions made linear are checked against the direct versions they
replaced.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import io
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import docx
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from presskit import model as m
from presskit.renderers import docx as docx_renderer
from presskit.renderers import html, pdf, text
from presskit.renderers.pdf.blocks import MIN_MEASURE_EMS
from presskit.renderers.pdf.direction import embedding_levels
from presskit.renderers.pdf.faces import harfbuzz_font
from presskit.renderers.pdf.lines import break_lines
from presskit.renderers.pdf.pages import frame_size
from presskit.renderers.pdf.paragraphs import PlainParagraph
from presskit.renderers.pdf.script import ScriptParagraph
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.styles import build_styles
from presskit.renderers.pdf.tables import CELL_PADDING, MIN_TABLE_FONT_SIZE, table_layout
from presskit.themes.theme import Theme, load_theme
from tests.conftest import ROOT

HANG_GUARD = 120  # seconds: a render that takes longer is stuck, not slow


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "benchmarks" / "hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


HOSTILE = benchmark()
THEME = load_theme("default")
Outputs = dict[str, bytes]


# The renderers on the loaded release, in a process of its own: a hang ends in a timeout.
RENDER = """
import sys
from pathlib import Path
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import load_theme
release = load_release(Path(sys.argv[1]))
theme = load_theme(release.theme or "default")
for name in ("pdf", "docx", "html", "txt"):
    Path(sys.argv[2], name).write_bytes(render(name, release, theme, release.locale))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Outputs]:
    """The four documents of a case, rendered once for the module."""
    made: dict[str, Outputs] = {}

    def build(case: str) -> Outputs:
        if case not in made:
            folder = tmp_path_factory.mktemp(case)
            release = HOSTILE.write_release(folder / "newsroom", case)
            command = [sys.executable, "-c", RENDER, str(release), str(folder)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=HANG_GUARD, check=False)
            assert done.returncode == 0, done.stderr
            made[case] = {name: (folder / name).read_bytes() for name in ("pdf", "docx", "html", "txt")}
        return made[case]

    return build


# -- reading the documents back -------------------------------------------------------


@functools.cache  # each document is read by several tests
def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@functools.cache  # each document is read by several tests
def pdf_frame_text(data: bytes) -> str:
    """The text drawn inside the frame, page after page: no running head or footer between."""
    _, frame_height = frame_size(THEME)
    bottom = THEME.spec.margins.bottom * 72 / 25.4
    return "".join(
        shown for _, _, y, _, shown in lines_placed(data) if bottom - 1 <= y <= bottom + frame_height + 1
    )


@functools.cache  # each document is read by several tests
def docx_text(data: bytes) -> str:
    """Each paragraph's runs joined, paragraphs (and table cells) on lines of their own."""
    body = docx.Document(io.BytesIO(data)).element.body
    paragraphs = (p for p in body.iter() if p.tag.endswith("}p"))
    return "\n".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")) for p in paragraphs)


@functools.cache  # each document is read by several tests
def html_text(data: bytes) -> str:
    """The page's text, one space between elements (table cells touch in the markup)."""
    tree = lxml.html.fromstring(data.decode("utf-8"))
    for hidden in tree.xpath("//script|//style|//head"):
        hidden.drop_tree()
    return " ".join(tree.itertext())


READERS: dict[str, Callable[[bytes], str]] = {
    "pdf": pdf_text,
    "docx": docx_text,
    "html": html_text,
    "txt": lambda data: data.decode("utf-8"),
}
FORMATS = sorted(READERS)


def unbroken(text_: str) -> str:
    """The text with every white space removed: a word cut across lines is whole again."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text_))


def whole_text(name: str, data: bytes) -> str:
    """The format's text with no white space, nor the PDF's page furniture, in it."""
    return unbroken(pdf_frame_text(data) if name == "pdf" else READERS[name](data))


Placed = tuple[int, float, float, float, str]  # page, x, y (of the baseline), font size, text


@functools.cache  # each document is read by several tests
def lines_placed(data: bytes) -> list[Placed]:
    """Every piece of text the PDF draws, in the order drawn."""
    placed: list[Placed] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        page.extract_text(visitor_text=functools.partial(_visit, placed, number))
    return placed


def _visit(
    placed: list[Placed],
    number: int,
    shown: str,
    cm: list[float],
    tm: list[float],
    _font: object,
    size: float,
) -> None:
    if shown.strip():
        x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
        placed.append((number, x, y, size * tm[0] * cm[0], shown.strip()))


# -- words and paragraphs as long as the body may be ------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_the_longest_word_is_there_whole_in_order(built: Callable[[str], Outputs], name: str) -> None:
    word = HOSTILE.long_word()
    assert len(word) == HOSTILE.BODY_LIMIT
    assert word in whole_text(name, built("long-word")[name])


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize(
    ("case", "word"),
    [
        ("long-paragraph", "word"),
        ("short-words", "a"),
        ("long-arabic-paragraph", "كلمة"),
        ("long-mixed-paragraph", "كلمة"),
        ("long-mixed-paragraph", "word"),
    ],
)
def test_the_longest_paragraph_keeps_every_word(
    built: Callable[[str], Outputs], name: str, case: str, word: str
) -> None:
    body = getattr(HOSTILE, case.replace("-", "_"))()
    shown = READERS[name](built(case)[name])
    if len(word) == 1:  # a word inside others: count it where it stands alone
        assert Counter(shown.split())[word] == Counter(body.split())[word]
    else:
        assert shown.count(word) == body.count(word)


@pytest.mark.parametrize("name", FORMATS)
def test_chinese_without_spaces_is_there_whole_in_order(built: Callable[[str], Outputs], name: str) -> None:
    assert HOSTILE.long_cjk_word() in whole_text(name, built("long-cjk-word")[name])


def test_a_paragraph_of_many_pages_runs_on_from_page_to_page(built: Callable[[str], Outputs]) -> None:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(built("long-paragraph")["pdf"])).pages]
    assert len(pages) > 20
    assert all(page.count("word") > 500 for page in pages[1:-1]), "every page between is full"


# -- nesting ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("case", ["nested-lists", "nested-quotes"])
def test_every_level_of_the_deepest_nesting_is_shown_in_order(
    built: Callable[[str], Outputs], case: str, name: str
) -> None:
    shown = " ".join(READERS[name](built(case)[name]).split())
    start = 0
    for depth in range(1, HOSTILE.MAX_DEPTH + 1):
        found = shown.find(f"Level {depth}:", start)
        assert found >= 0, f"level {depth} missing"
        start = found
    words = Counter(shown.split())
    assert all(
        words[word] >= HOSTILE.MAX_DEPTH * count for word, count in Counter(HOSTILE.SENTENCE.split()).items()
    )


@pytest.mark.parametrize("case", ["nested-lists", "nested-quotes"])
def test_nesting_stops_indenting_where_the_text_would_get_too_narrow(
    built: Callable[[str], Outputs], theme: Theme, case: str
) -> None:
    frame_width, _ = frame_size(theme)
    narrowest = min(MIN_MEASURE_EMS * theme.spec.fonts.body_size, frame_width / 2)
    left = theme.spec.margins.left * 72 / 25.4
    vocabulary = {word.strip(".") for word in HOSTILE.SENTENCE.split()} | {"Level"}
    placed = lines_placed(built(case)["pdf"])
    nested = [x for _, x, _, _, shown in placed if shown.split()[0].strip(".:") in vocabulary]
    assert len(nested) > 2 * HOSTILE.MAX_DEPTH
    assert max(nested) <= left + frame_width - narrowest + 0.01, "the text keeps the narrowest measure"
    levels = [x for _, x, _, _, shown in placed if shown.startswith("Level ")]
    assert len(levels) == HOSTILE.MAX_DEPTH
    assert all(inner >= outer - 0.01 for outer, inner in zip(levels, levels[1:], strict=False))
    assert levels[-1] == pytest.approx(levels[-2], abs=0.01) or levels[-1] < left + frame_width - narrowest


def test_an_empty_list_item_still_shows_its_marker(theme: Theme, example_release: m.Release) -> None:
    empty = m.ListBlock(False, 1, ((m.Paragraph((m.Text("first"),)),), ()))
    release = dataclasses.replace(example_release, body=(m.Paragraph((m.Text("Lead."),)), empty))
    markers = [
        shown for _, _, _, _, shown in lines_placed(pdf.render(release, theme, "en-GB")) if shown == "•"
    ]
    assert len(markers) == len(example_release.highlights) + 2


# -- wide tables and tall cells ---------------------------------------------------------


def table_words() -> Counter[str]:
    """Every word of the wide table's cells."""
    rows = [line for line in HOSTILE.wide_table().splitlines() if line.startswith("| ")]
    return Counter(word for row in rows for cell in row.strip("|").split("|") for word in cell.split())


@pytest.mark.parametrize("name", FORMATS)
def test_every_cell_of_the_widest_table_is_shown(built: Callable[[str], Outputs], name: str) -> None:
    shown = Counter(word.rstrip(":") for word in READERS[name](built("wide-table")[name]).split())
    missing = table_words() - shown
    assert not missing, f"missing {sorted(missing)[:10]}"


def test_the_widest_table_is_set_in_column_groups_no_smaller_than_the_minimum_type(
    built: Callable[[str], Outputs], theme: Theme
) -> None:
    frame_width, _ = frame_size(theme)
    left = theme.spec.margins.left * 72 / 25.4
    placed = lines_placed(built("wide-table")["pdf"])
    assert min(size for _, _, _, size, _ in placed) >= MIN_TABLE_FONT_SIZE - 0.01
    assert all(left - 0.01 <= x < left + frame_width for _, x, _, _, _ in placed)
    # Each group's header row starts with the first column's: "Column" over "1", at the left.
    keys = [
        (page, x)
        for (page, x, _, _, shown), (_, below_x, _, _, below) in zip(placed, placed[1:], strict=False)
        if shown == "Column" and below == "1" and x == below_x
    ]
    assert len(keys) > 1 and all(x == pytest.approx(keys[0][1]) for _, x in keys)


def test_the_widest_table_in_word_is_set_in_groups_led_by_its_first_column(
    built: Callable[[str], Outputs], theme: Theme
) -> None:
    tables = docx.Document(io.BytesIO(built("wide-table")["docx"])).tables
    assert len(tables) > 1
    spec = theme.spec
    width = docx_renderer.PAGE_SIZES_MM[spec.page_size][0] - spec.margins.left - spec.margins.right
    assert all(len(table.columns) <= width // docx_renderer.MIN_COLUMN_MM for table in tables)
    assert all(table.cell(0, 0).text == "Column 1" for table in tables)
    assert sum(len(table.columns) - 1 for table in tables) == HOSTILE.MAX_COLUMNS - 1


@pytest.mark.parametrize("name", FORMATS)
def test_every_row_of_the_longest_table_is_shown_once(built: Callable[[str], Outputs], name: str) -> None:
    rows = HOSTILE.long_table().count("|x|")
    shown = Counter(
        word.rstrip(":") for word in re.split(r"[\s|]+", READERS[name](built("long-table")[name]))
    )
    assert all(shown[str(row)] >= 1 for row in range(rows)), "every row number"
    assert shown["x"] == rows


def test_the_longest_table_runs_on_under_its_header_page_after_page(built: Callable[[str], Outputs]) -> None:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(built("long-table")["pdf"])).pages]
    assert len(pages) > 100
    assert all(page.split()[3:5] == ["Row", "Value"] for page in pages[1:-1]), "the header tops every page"
    furniture = re.compile(r"Page \d+ of \d+|\d+ March 2026")
    numbers = [int(word) for page in pages for word in furniture.sub("", page).split() if word.isdigit()]
    assert numbers == list(range(HOSTILE.long_table().count("|x|"))), "every row once, in order"


def test_libreoffice_opens_the_widest_the_tallest_and_the_deepest_in_word(
    built: Callable[[str], Outputs], tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "soffice is not installed; run make test (it installs the system packages)"
    cases = ("wide-table", "tall-cell", "nested-quotes")
    for case in cases:
        (tmp_path / f"{case}.docx").write_bytes(built(case)["docx"])
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "out")]
    done = subprocess.run(
        [*command, *(str(tmp_path / f"{case}.docx") for case in cases)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for case in cases:
        converted = (tmp_path / "out" / f"{case}.pdf").read_bytes()
        missing = Counter(docx_text(built(case)["docx"]).split()) - Counter(pdf_text(converted).split())
        assert not missing, f"{case}: LibreOffice shows no {sorted(missing)[:10]}"


@pytest.mark.parametrize("name", FORMATS)
def test_a_cell_taller_than_a_page_keeps_every_word(built: Callable[[str], Outputs], name: str) -> None:
    assert Counter(READERS[name](built("tall-cell")[name]).split())["long"] == 12_000


def test_a_cell_taller_than_a_page_runs_on_under_the_repeated_header(built: Callable[[str], Outputs]) -> None:
    placed = lines_placed(built("tall-cell")["pdf"])
    pages = {page for page, _, _, _, shown in placed if "long cell" in shown}
    assert len(pages) > 10
    assert pages <= {page for page, _, _, _, shown in placed if shown == "Notes"}
    starts = {round(x, 1) for _, x, _, _, shown in placed if shown.startswith(("a long", "long", "cell"))}
    assert len(starts) == 1, "every line of the cell starts at its column, page after page"


# -- the column layout of a table -------------------------------------------------------


def test_a_table_that_fits_shares_the_measure_equally() -> None:
    layout = table_layout([30.0, 40.0, 20.0], 480.0, 9.66)
    assert layout.scale == 1 and layout.groups == (((0, 1, 2), (160.0, 160.0, 160.0)),)


def test_a_table_a_little_too_wide_gives_each_column_the_room_its_words_need() -> None:
    layout = table_layout([200.0, 40.0, 40.0], 480.0, 9.66)
    ((columns, widths),) = layout.groups
    assert layout.scale == 1 and columns == (0, 1, 2)
    assert widths[0] >= 200 + 2 * CELL_PADDING and sum(widths) == pytest.approx(480)


def test_a_wider_table_shrinks_its_type_but_no_further_than_the_minimum() -> None:
    size = 9.66
    layout = table_layout([40.0] * 12, 480.0, size)
    assert MIN_TABLE_FONT_SIZE <= layout.scale * size < size and len(layout.groups) == 1
    wide = table_layout([40.0] * 60, 480.0, size)
    assert wide.scale * size == pytest.approx(MIN_TABLE_FONT_SIZE)
    assert [columns[0] for columns, _ in wide.groups] == [0] * len(wide.groups)
    assert sorted({c for columns, _ in wide.groups for c in columns}) == list(range(60))
    needed = [(40 + 2 * CELL_PADDING) * wide.scale for _ in range(60)]
    for columns, widths in wide.groups:
        assert sum(widths) == pytest.approx(480)
        assert all(w >= needed[c] - 1e-9 for c, w in zip(columns, widths, strict=True))


def test_word_column_groups_cover_every_column_once_after_the_key() -> None:
    groups = docx_renderer.column_groups(60, 8)
    assert all(len(group) <= 8 and group[0] == 0 for group in groups)
    assert [c for group in groups for c in group[1:]] == list(range(1, 60))
    assert docx_renderer.column_groups(5, 8) == [(0, 1, 2, 3, 4)]


# -- the linear versions agree with what they replaced -------------------------------------

OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1_.+-@ é!٣x\u200b", max_size=40))
def test_email_addresses_are_found_as_the_pattern_finds_them(value: str) -> None:
    expected = [(found.start(), found.end()) for found in OLD_EMAIL.finditer(value)]
    assert list(html.email_spans(value)) == expected


def test_no_email_address_is_found_in_the_longest_word() -> None:
    assert list(html.email_spans("x" * HOSTILE.BODY_LIMIT)) == []
    assert list(html.email_spans("a." * 50_000 + "b@c.d")) == [(0, 100_005)]


@pytest.mark.parametrize("word", ["é" * 5000, "中文" * 2500, "ك" * 5000, "x" * 5000, "e\u0301" * 2500])
def test_a_long_word_is_cut_into_lines_of_the_width(word: str) -> None:
    lines = text.wrap(word, 72).split("\n")
    assert "".join(lines) == word
    assert all(text.display_width(line) <= 72 for line in lines)


BRACKET_PAIRS = {"(": ")", "[": "]"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="()[] ab1كل٣", max_size=40), st.sampled_from([0, 1]))
def test_bracket_pairs_take_one_direction(source: str, base_level: int) -> None:
    """Rule N0 (ICU resolves the levels): both brackets of a pair with a strong character or
    number inside take one level, however many pairs the paragraph holds."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(source):
        if char in BRACKET_PAIRS:
            stack.append(index)
        elif char in BRACKET_PAIRS.values():
            while stack and BRACKET_PAIRS[source[stack[-1]]] != char:
                stack.pop()
            if stack:
                pairs.append((stack.pop(), index))
    levels = embedding_levels(source, base_level)
    assert len(levels) == len(source)
    for opening, closing in pairs:
        inside = {unicodedata.bidirectional(c) for c in source[opening + 1 : closing]}
        if inside & {"L", "R", "AL", "EN", "AN"}:
            assert levels[opening] == levels[closing], (source, opening, closing, levels)


@pytest.fixture
def script_setting(theme: Theme) -> ScriptSetting:
    build_styles(theme, mirrored=True)
    return ScriptSetting(theme, "ar", rtl=True)


def arabic_paragraph(setting: ScriptSetting, theme: Theme, words: int) -> ScriptParagraph:
    styles = build_styles(theme, mirrored=True)
    source = " ".join(random.Random(7).choice(["كلمة", "word", "(٣)", "«نص»", "12"]) for _ in range(words))
    return ScriptParagraph(source, styles.body, setting)


def test_the_glyphs_of_a_line_are_those_a_full_reading_finds(
    script_setting: ScriptSetting, theme: Theme
) -> None:
    paragraph = arabic_paragraph(script_setting, theme, 400)
    prepared = paragraph.prepared
    lines = break_lines(prepared, 200, 200)
    assert len(lines) > 20
    for line in lines:
        for run in prepared.runs:
            direct = tuple(g for g in run.glyphs if line.start <= g.cluster < line.end)
            assert run.glyphs_between(line.start, line.end) == direct


def test_a_run_is_shaped_as_with_the_whole_paragraph_for_context(
    script_setting: ScriptSetting, theme: Theme
) -> None:
    import uharfbuzz

    paragraph = arabic_paragraph(script_setting, theme, 300)
    prepared = paragraph.prepared
    source = prepared.text
    for run in prepared.runs[:: max(1, len(prepared.runs) // 25)]:
        font = pdfmetrics.getFont(run.piece.font_name)
        buffer = uharfbuzz.Buffer()
        buffer.add_str(source, run.start, run.end - run.start)
        buffer.direction = "rtl" if run.level % 2 else "ltr"
        buffer.language = "ar"
        buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buffer.guess_segment_properties()
        uharfbuzz.shape(harfbuzz_font(font.path, font.index), buffer)
        assert [(g.glyph, g.cluster) for g in run.glyphs] == [
            (info.codepoint, info.cluster) for info in buffer.glyph_infos
        ]


# -- a paragraph split across pages keeps its lines ------------------------------------------


def plain(words: int, style: ParagraphStyle) -> PlainParagraph:
    source = " ".join(f"<b>w{n}</b>" if n % 50 == 0 else f"w{n}" for n in range(words))
    return PlainParagraph(source, style)


def line_words(paragraph: PlainParagraph) -> list[str]:
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return [" ".join("".join(f.text for f in line.words).split()) for line in lines]


def test_the_parts_of_a_split_paragraph_keep_its_lines_unbroken_again(theme: Theme) -> None:
    style = build_styles(theme).body
    whole = plain(3000, style)
    whole.wrap(300, 10_000)
    expected = line_words(whole)
    first, rest = whole.split(300, style.leading * 40.5)
    assert "_pending_frags" in rest.__dict__, "the rest's words are not put back together"
    assert rest.wrap(300, 700) == (300, (len(expected) - 40) * style.leading)
    parts = [first]
    while True:
        pieces = rest.split(300, style.leading * 40.5)
        if pieces == [rest]:
            parts.append(rest)
            break
        parts.append(pieces[0])
        rest = pieces[1]
    assert [line for part in parts for line in line_words(part)] == expected
    assert all("_pending_frags" in part.__dict__ for part in parts[1:])


def test_a_part_asked_about_another_width_is_broken_again_from_its_own_words(theme: Theme) -> None:
    style = build_styles(theme).body
    whole = plain(400, style)
    whole.wrap(300, 10_000)
    _, rest = whole.split(300, style.leading * 5.5)
    words = " ".join(line_words(rest)).split()
    rest.wrap(200, 10_000)
    assert " ".join(line_words(rest)).split() == words
    fresh = PlainParagraph(" ".join(words), style)
    fresh.wrap(200, 10_000)
    assert len(rest.blPara.lines) == len(fresh.blPara.lines)


def test_a_split_asked_with_a_wider_width_keeps_the_lines_of_the_wrap(theme: Theme) -> None:
    """A table splitting a row passes the cell's width, its padding included."""
    style = build_styles(theme).body
    whole = plain(400, style)
    whole.wrap(300, 10_000)
    expected = line_words(whole)
    first, rest = whole.split(312, style.leading * 5.5)
    assert line_words(first) + line_words(rest) == expected
    assert first.width == rest.width == 300
