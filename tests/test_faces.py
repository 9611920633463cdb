"""The right face for every script: each glyph from a face that has it, no italic where a script has
none, Han in each language's own forms, and a bold for CJK, in the PDF, Word and the web page.

The PDFs are read back operator by operator (tests/pdf_glyphs.py): a code a face lacks is drawn as
glyph 0, the empty box, so every glyph drawn must be another.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import docx, html, pdf
from presskit.themes import fonts as theme_fonts
from presskit.themes.theme import Theme, load_theme
from presskit.words import fonts
from tests.pdf_glyphs import Drawn, drawn_glyphs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
# A release for every script the corpus has but Latin: Arabic, Hebrew, Devanagari, Thai, Cyrillic, CJK.
SCRIPTED = (
    "ar-original",
    "he-original",
    "hi-original",
    "th-original",
    "ru-museum",
    "ja-hodo-shiryo",
    "ko-original",
    "zh-hans-institute",
    "zh-hant-agency",
)
NO_ITALIC = ("ar", "he", "hi", "th", "ja", "ko", "zh-Hans", "zh-Hant")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def corpus() -> dict[str, m.Release]:
    return {name: load_release(CORPUS / name) for name in SCRIPTED}


@pytest.fixture(scope="module")
def corpus_pdfs(corpus: dict[str, m.Release], theme: Theme) -> dict[str, list[Drawn]]:
    return {name: list(drawn_glyphs(pdf.render(r, theme, r.locale))) for name, r in corpus.items()}


def letters(drawn: list[Drawn], script: str) -> Counter[str]:
    """How many letters of `script` each font drew."""
    return Counter(d.font for d in drawn if d.text and fonts.script_of(d.text[0]) == script)


# --------------------------------------------------------------------------
# PDF: every glyph drawn is in the face that draws it


@pytest.mark.parametrize("name", SCRIPTED)
def test_every_glyph_drawn_is_in_its_face(corpus_pdfs: dict[str, list[Drawn]], name: str) -> None:
    drawn = corpus_pdfs[name]
    assert len(drawn) > 200
    boxes = [(d.page, d.font, d.text) for d in drawn if d.glyph == 0]
    assert boxes == []


@pytest.mark.parametrize("name", [n for n in SCRIPTED if n != "ru-museum"])
def test_scripts_without_italic_are_never_set_in_an_italic_face(
    corpus_pdfs: dict[str, list[Drawn]], name: str
) -> None:
    slanted = {d.font for d in corpus_pdfs[name] if re.search(r"Oblique|Italic", d.font)}
    assert slanted == set()


def test_the_example_arabic_quotes_are_upright_and_whole(example_release: m.Release, theme: Theme) -> None:
    from presskit.i18n import translate
    from presskit.i18n.store import i18n_dir

    arabic, _ = translate(example_release, "ar", i18n_dir(example_release))
    drawn = list(drawn_glyphs(pdf.render(arabic, theme, "ar")))
    assert [d for d in drawn if d.glyph == 0] == []
    assert {d.font for d in drawn if "Oblique" in d.font} == set()  # the quote marks too
    assert set(letters(drawn, "Arab")) == {"/AAAAAA+NotoSansArabic-Regular", "/AAAAAA+NotoSansArabic-Bold"}


def test_an_italic_face_without_arabic_gives_way_to_the_upright(
    example_release: m.Release, tmp_path: Path
) -> None:
    """The issue's case: no Arabic family installed, so DejaVu Sans sets Arabic; its Oblique has none."""
    folder = tmp_path / "no-arabic"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: no-arabic\nextends: default\nfonts:\n  scripts:\n    Arab: No Such Family\n", encoding="utf-8"
    )
    theme = load_theme(str(folder))
    assert theme.script_font("Arab") is None
    quote = next(iter(example_release.quotes.values()))
    arabic = "«نحن بحاجة إلى أن يؤدي كل قطاع دوره»"
    english = dataclasses.replace(
        example_release,
        quotes={
            **example_release.quotes,
            next(iter(example_release.quotes)): dataclasses.replace(
                quote, text=(m.Text(f"Greek λόγος, Arabic {arabic}."),), more=()
            ),
        },
    )
    drawn = list(drawn_glyphs(pdf.render(english, theme, "en-GB")))
    assert [d for d in drawn if d.glyph == 0] == []
    assert set(letters(drawn, "Arab")) == {"/AAAAAA+DejaVuSans"}  # upright, though the quote is italic
    assert "/AAAAAA+DejaVuSans-Oblique" in letters(drawn, "Grek")  # Greek has an italic: it keeps it


def test_japanese_korean_and_chinese_take_their_own_fonts(corpus_pdfs: dict[str, list[Drawn]]) -> None:
    assert set(letters(corpus_pdfs["ja-hodo-shiryo"], "Hani")) == {
        "/AAAAAA+BIZUDGothic-Regular",
        "/AAAAAA+BIZUDGothic-Bold",
    }
    assert set(letters(corpus_pdfs["ja-hodo-shiryo"], "Hira")) <= {
        "/AAAAAA+BIZUDGothic-Regular",
        "/AAAAAA+BIZUDGothic-Bold",
    }
    assert set(letters(corpus_pdfs["ko-original"], "Hang")) == {
        "/AAAAAA+NanumGothic",
        "/AAAAAA+NanumGothicBold",
    }
    assert {f.split("+")[1] for f in letters(corpus_pdfs["zh-hans-institute"], "Hani")} == {
        "WenQuanYiZenHei-0"
    }
    assert {f.split("+")[1] for f in letters(corpus_pdfs["zh-hant-agency"], "Hani")} == {"UMingTW-2"}


def test_cjk_bold_is_a_bold_face_or_emboldened(
    corpus_pdfs: dict[str, list[Drawn]], corpus: dict[str, m.Release]
) -> None:
    for name in ("ja-hodo-shiryo", "ko-original"):
        assert {d.mode for d in corpus_pdfs[name]} == {0}  # their fonts have a bold
    for name in ("zh-hans-institute", "zh-hant-agency"):
        drawn = corpus_pdfs[name]
        headline = corpus[name].headline
        # The headline is bold: WenQuanYi Zen Hei and AR PL UMing have no bold, so their
        # outlines are stroked too.
        stroked = "".join(d.text for d in drawn if d.mode == 2)
        assert headline.replace(" ", "") in stroked
        plain = "".join(d.text for d in drawn if d.mode == 0)
        assert len(plain) > len(stroked) and headline.replace(" ", "") not in plain


def test_traditional_chinese_is_drawn_in_taiwan_forms(theme: Theme) -> None:
    """zh-Hant's Han is drawn from uming.ttc's TW face: 骨 is the one character whose glyph that
    collection draws differently for the mainland (its CN face) and for Taiwan, so the glyph the
    PDF embeds for it is the TW face's, outline for outline; 骨 in zh-Hans stays WenQuanYi's."""
    from fontTools.ttLib import TTCollection, TTFont

    files = theme.script_font("Hani", "zh-Hant")
    assert files is not None and files.regular.name == "uming.ttc"
    collection = TTCollection(str(files.regular))
    faces = {f["name"].getDebugName(1): f for f in collection.fonts}
    taiwan, mainland = faces["AR PL UMing TW"], faces["AR PL UMing CN"]
    assert collection.fonts[files.index] is taiwan
    wanted, other = (face.getBestCmap()[ord("骨")] for face in (taiwan, mainland))
    assert wanted != other

    def outline(font: TTFont, glyph: str) -> list[tuple[int, int]]:
        coordinates, _, _ = font["glyf"][glyph].getCoordinates(font["glyf"])
        return list(coordinates)

    release = load_release(CORPUS / "zh-hant-agency")
    release = dataclasses.replace(release, headline="骨", subheadline=None)
    data = pdf.render(release, theme, release.locale)
    [drawn] = {(d.font, d.code) for d in drawn_glyphs(data) if d.text == "骨"}
    embedded = embedded_glyph_outline(data, drawn[0], drawn[1])
    assert embedded == outline(taiwan, wanted) != outline(mainland, other)


def embedded_glyph_outline(data: bytes, font_name: str, code: int) -> list[tuple[int, int]]:
    """The outline of the glyph `code` draws in the subset `font_name` the PDF embeds."""
    import pikepdf
    from fontTools.ttLib import TTFont

    with pikepdf.open(io.BytesIO(data)) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                if str(font.BaseFont) == font_name:
                    subset = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
                    glyph = subset["cmap"].tables[0].cmap[code]
                    coordinates, _, _ = subset["glyf"][glyph].getCoordinates(subset["glyf"])
                    return list(coordinates)
    raise AssertionError(f"{font_name} is not in the PDF")


# --------------------------------------------------------------------------
# Word


def docx_styles_and_document(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/styles.xml")), etree.fromstring(
            package.read("word/document.xml")
        )


@pytest.mark.parametrize("name", [n for n in SCRIPTED if n != "ru-museum"])
def test_word_sets_nothing_in_italic_where_the_language_has_none(
    corpus: dict[str, m.Release], theme: Theme, name: str
) -> None:
    release = corpus[name]
    styles, document = docx_styles_and_document(docx.render(release, theme, release.locale))
    quote = styles.find("w:style[@w:styleId='Quote']", NS)
    assert quote is not None
    for holder in (styles, document):
        on = [
            node
            for node in holder.iter(f"{{{W}}}i", f"{{{W}}}iCs")
            if node.get(f"{{{W}}}val") not in ("0", "false")
        ]
        assert on == []


def test_word_keeps_italic_for_english_but_not_for_its_arabic(
    example_release: m.Release, theme: Theme
) -> None:
    quote_id, quote = next(iter(example_release.quotes.items()))
    english = dataclasses.replace(
        example_release,
        quotes={
            **example_release.quotes,
            quote_id: dataclasses.replace(quote, text=(m.Text("Words مرحبا"),), more=()),
        },
    )
    styles, document = docx_styles_and_document(docx.render(english, theme, "en-GB"))
    assert styles.find("w:style[@w:styleId='Quote']/w:rPr/w:i", NS) is not None
    arabic = [r for r in document.iter(f"{{{W}}}r") if "مرحبا" in "".join(r.itertext())]
    assert arabic
    for run in arabic:
        for tag in ("w:i", "w:iCs"):
            node = run.find(f"w:rPr/{tag}", NS)
            assert node is not None and node.get(f"{{{W}}}val") == "0", tag


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("ja-hodo-shiryo", "BIZ UDGothic"),
        ("ko-original", "NanumGothic"),
        ("zh-hans-institute", "WenQuanYi Zen Hei"),
        ("zh-hant-agency", "AR PL UMing TW"),
    ],
)
def test_word_east_asian_slot_has_the_language_font(
    corpus: dict[str, m.Release], theme: Theme, name: str, family: str
) -> None:
    release = corpus[name]
    styles, document = docx_styles_and_document(docx.render(release, theme, release.locale))
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(f"{{{W}}}eastAsia") == family
    slots = {
        node.get(f"{{{W}}}eastAsia")
        for node in document.iter(f"{{{W}}}rFonts")
        if node.get(f"{{{W}}}eastAsia")
    }
    assert slots == {family}


# --------------------------------------------------------------------------
# The web page


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("ja-hodo-shiryo", "BIZ UDGothic"),
        ("ko-original", "NanumGothic"),
        ("zh-hans-institute", "WenQuanYi Zen Hei"),
        ("zh-hant-agency", "AR PL UMing TW"),
    ],
)
def test_web_page_font_stack_has_the_language_font(
    corpus: dict[str, m.Release], theme: Theme, name: str, family: str
) -> None:
    release = corpus[name]
    page = html.render(release, theme, release.locale).decode("utf-8")
    rule = re.search(rf"html:lang\({release.locale}\) body[^{{]*\{{ font-family: ([^;]+);", page)
    assert rule and f'"{family}"' in rule.group(1)


def test_web_page_sets_emphasis_and_quotes_upright_where_the_language_has_no_italic(
    corpus: dict[str, m.Release], theme: Theme
) -> None:
    release = corpus["ar-original"]
    page = html.render(release, theme, release.locale).decode("utf-8")
    rule = re.search(r"(:is\([^{]*\)) :is\(em, i, cite, q, blockquote\) \{ font-style: normal; \}", page)
    assert rule
    languages = set(re.findall(r":lang\(([a-z-]+)\)", rule.group(1)))
    assert {locale.split("-")[0] for locale in NO_ITALIC} <= languages
    assert all(not fonts.language_takes_italic(language) for language in languages)


# --------------------------------------------------------------------------
# Choosing


def test_a_language_names_its_fonts_from_the_most_specific_tag() -> None:
    assert fonts.language_keys("zh-TW") == ("zh-tw", "zh-hant", "zh")
    assert fonts.language_keys("zh-Hant-HK") == ("zh-hant-hk", "zh-hant", "zh")
    assert fonts.language_keys("ja") == ("ja-jpan", "ja")
    assert fonts.writes_script("ja", "Hani") and fonts.writes_script("ko", "Hani")
    assert not fonts.writes_script("en-GB", "Hani") and not fonts.writes_script("ja", "Hang")


def test_han_takes_the_family_of_the_document_language(theme: Theme) -> None:
    assert theme.script_family("Hani", "ja") == "BIZ UDGothic"
    assert theme.script_family("Hani", "ko") == "NanumGothic"
    assert theme.script_family("Hani", "zh-CN") == "WenQuanYi Zen Hei"
    assert theme.script_family("Hani", "zh-TW") == "AR PL UMing TW"
    assert theme.script_family("Hani", "zh-Hant") == "AR PL UMing TW"
    assert (
        theme.script_family("Hani", "zh-HK") == theme.script_family("Hani", "zh-Hant-HK") == "AR PL UMing HK"
    )
    assert theme.script_family("Hani", "en-GB") == "WenQuanYi Zen Hei"  # Chinese forms elsewhere
    assert theme.script_family("Hira") == "BIZ UDGothic"
    assert theme.script_family("Arab", "ja") == "Noto Sans Arabic"
    assert theme.script_family("Hang", "ja") == "NanumGothic"  # a Korean name in a Japanese release


def test_a_theme_names_a_language_font(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text(
        "name: urdu\nextends: default\nfonts:\n  languages:\n    ur: Noto Nastaliq Urdu\n", encoding="utf-8"
    )
    theme = load_theme(str(tmp_path))
    assert theme.script_family("Arab", "ur") == "Noto Nastaliq Urdu"
    assert theme.script_family("Arab", "ar") == "Noto Sans Arabic"
    chooser = theme_fonts.FontChooser(theme, locale="ur")
    [run] = chooser.runs("اردو")
    assert run.font is not None and run.font.family == "Noto Nastaliq Urdu"


def test_the_chooser_checks_the_face_it_sets(theme: Theme) -> None:
    dejavu = theme.body_font
    chooser = theme_fonts.FontChooser(theme, dejavu, "en-GB")
    [latin] = chooser.runs("Words", "italic")
    assert latin.font == dejavu  # its italic has them
    [arabic] = chooser.runs("مرحبا", "italic")
    assert arabic.font is not None and arabic.font.italic == arabic.font.regular  # upright
    japanese = theme_fonts.FontChooser(theme, dejavu, "ja")
    [words] = japanese.runs("Words", "italic")
    assert words.font is not None and words.font.italic == dejavu.regular  # no italic in Japanese


def test_a_japanese_document_sets_kanji_in_japanese_and_hangul_in_korean(theme: Theme) -> None:
    chooser = theme_fonts.FontChooser(theme, theme.body_font, "ja")
    families = [run.font.family for run in chooser.runs("東京と서울") if run.font is not None]
    assert families == ["BIZ UDGothic", "NanumGothic"]
    chinese = theme_fonts.FontChooser(theme, theme.body_font, "zh-Hans")
    assert [run.font.family for run in chinese.runs("东京") if run.font is not None] == ["WenQuanYi Zen Hei"]
