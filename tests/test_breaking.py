"""Lines break where the language breaks: Thai between words, Korean at spaces, CJK with kinsoku.

The corpus's Thai and Korean releases are built, and every line end of their PDF
and plain text is found in the release's own text and compared with ICU's line
break positions there (`icu.BreakIterator`, asked here directly).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import icu
import pytest
from pypdf import PdfReader

from presskit import model as m
from presskit.renderers import text
from presskit.renderers.pdf.lines import break_opportunities
from presskit.renderers.pdf.script import ScriptParagraph
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.styles import build_styles
from presskit.themes.theme import Theme
from presskit.words import breaking
from presskit.words.fonts import release_texts

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
THAI = "รายงานแสดงให้เห็นว่าการแสวงประโยชน์ทางเพศจากเด็กทางออนไลน์เพิ่มขึ้นอย่างมากในช่วงสองปีที่ผ่านมา"
BULLYING = "การกลั่นแกล้งทางออนไลน์"
KOREAN = "전문가들은 정부와 기술 기업이 예방 중심의 대응으로 즉시 전환해야 한다고 사람에게 촉구했습니다."


def icu_breaks(value: str, locale: str) -> set[int]:
    """ICU's line break positions in `value` (BMP text: UTF-16 offsets are indices)."""
    iterator = icu.BreakIterator.createLineInstance(icu.Locale(locale))
    iterator.setText(value)
    return set(iterator)


# --------------------------------------------------------------------------
# The breaker


def test_thai_breaks_between_words_as_icu_finds_them() -> None:
    assert breaking.inside_breaks("ออนไลน์") == []
    found = breaking.inside_breaks(THAI)
    assert found, "a long Thai sentence has places to break"
    assert set(found) <= icu_breaks(THAI, "th")
    online = THAI.index("ออนไลน์")
    assert not any(online < index < online + len("ออนไลน์") for index in found)


def test_lao_khmer_and_myanmar_break_with_icu_too() -> None:
    for value in ("ສະບາຍດີທຸກຄົນ", "ព្រះរាជាណាចក្រកម្ពុជា", "မြန်မာနိုင်ငံသည်အရှေ့တောင်အာရှတွင်ရှိသည်"):
        found = breaking.inside_breaks(value)
        assert found and set(found) <= icu_breaks(value, "root"), value


def test_characters_beyond_the_bmp_count_as_one() -> None:
    value = "😀ออนไลน์" + BULLYING
    found = breaking.inside_breaks(value)
    assert 1 in found and value[found[1] - 1 : found[1] + 1] != "ออ"
    assert all(breaking.is_dictionary_script(value[i]) or value[i - 1] == "😀" for i in found)


def test_korean_breaks_only_between_words() -> None:
    assert breaking.inside_breaks(KOREAN) == []
    assert break_opportunities(KOREAN) == [i + 1 for i, char in enumerate(KOREAN) if char == " "]


def test_cjk_breaks_between_characters_with_kinsoku() -> None:
    value = "全球联盟今天发布了《2025年全球威胁评估》。「グローバル」ちょっと"
    found = set(breaking.inside_breaks(value))
    assert value.index("球") in found  # between two ideographs
    assert value.index("。") not in found  # closing punctuation never starts a line
    assert value.index("《") + 1 not in found  # nor does a line end after opening punctuation
    assert value.index("グ") not in found
    assert value.index("ょ") not in found  # small kana stay with what they follow
    assert breaking.inside_breaks("Latin text, no breaks inside words") == []


# --------------------------------------------------------------------------
# Lines in the PDF and the plain text


@pytest.mark.parametrize("width", [90, 140, 200, 260])
def test_pdf_thai_lines_end_between_words(theme: Theme, width: int) -> None:
    value = f"{THAI} {BULLYING}{THAI}"
    para = ScriptParagraph(value, build_styles(theme).body, ScriptSetting(theme, "th", rtl=False))
    para.wrap(width, 10_000)
    lines = para.lines_for(width)
    assert len(lines) >= 3
    allowed = icu_breaks(value, "th")
    for line in lines[1:]:
        assert line.start in allowed, value[line.start - 4 : line.start + 4]


@pytest.mark.parametrize("width", [80, 120, 180])
def test_pdf_korean_lines_end_at_spaces(theme: Theme, width: int) -> None:
    para = ScriptParagraph(KOREAN, build_styles(theme).body, ScriptSetting(theme, "ko", rtl=False))
    para.wrap(width, 10_000)
    lines = para.lines_for(width)
    assert len(lines) >= 3
    for line in lines[1:]:
        assert KOREAN[line.start - 1] == " ", KOREAN[line.start - 4 : line.start + 4]


@pytest.mark.parametrize("width", [20, 31, 44])
def test_text_wraps_thai_between_words_and_korean_at_spaces(width: int) -> None:
    for value, ends_ok in (
        (f"{THAI} {BULLYING}{THAI}", lambda v, i: i in icu_breaks(v, "th")),
        (KOREAN, lambda v, i: v[i - 1] == " " or v[i] == " "),
    ):
        lines = text.wrap(value, width).split("\n")
        assert len(lines) >= 2
        assert all(text.display_width(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == value.replace(" ", "")
        position = 0
        for line in lines[:-1]:
            position = value.index(line, position) + len(line)
            assert ends_ok(value, position), line


def test_text_wraps_english_as_before() -> None:
    value = "Hyphenless English wraps at spaces only, and a word too long for a line is cut."
    assert text.wrap(value, 24).split("\n") == [
        "Hyphenless English wraps",
        "at spaces only, and a",
        "word too long for a line",
        "is cut.",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from presskit.errors import ExitCode
    from presskit.publish.build import build
    from presskit.publish.outcome import BuildOptions

    out = tmp_path_factory.mktemp("breaks")
    releases = [CORPUS / "th-original", CORPUS / "ko-original"]
    now = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    report = build(releases, BuildOptions(now=now, out_dir=out, formats=("pdf", "txt"), jobs=1, force=True))
    assert report.exit_code == ExitCode.OK, report.as_json()
    return out


def output_lines(built: Path, slug: str, locale: str, fmt: str) -> list[str]:
    data = (built / slug / locale / f"{slug}.{fmt}").read_bytes()
    if fmt == "txt":
        return data.decode("utf-8").split("\n")
    reader = PdfReader(io.BytesIO(data))
    return [line for page in reader.pages for line in (page.extract_text() or "").split("\n")]


def source_texts(slug: str) -> list[str]:
    from presskit.publish.inputs import load_release

    release: m.Release = load_release(CORPUS / slug)
    return [" ".join(value.split()) for _, value in release_texts(release) if value]


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
@pytest.mark.parametrize(("slug", "locale"), [("th-original", "th"), ("ko-original", "ko")])
def test_corpus_lines_end_where_icu_allows(built: Path, slug: str, locale: str, fmt: str) -> None:
    """Each line end found in the release's text falls on one of ICU's break positions,
    and a Korean line ends at a space."""
    sources = source_texts(slug)
    lines = [line.strip() for line in output_lines(built, slug, locale, fmt)]
    checked = 0
    for before, after in zip(lines, lines[1:], strict=False):
        tail, head = before[-6:], after[:3]
        if not tail or not head:
            continue
        for value in sources:
            glued, spaced = value.find(tail + head), value.find(f"{tail} {head}")
            if spaced >= 0:
                checked += 1
                assert spaced + len(tail) + 1 in icu_breaks(value, locale)
            elif glued >= 0:
                checked += 1
                end = glued + len(tail)
                assert end in icu_breaks(value, locale), f"{tail}|{head}"
                assert locale != "ko", f"a Korean word broken: {tail}|{head}"
    assert checked, lines  # a paragraph runs over lines: the test has something to check
