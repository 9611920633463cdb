"""Every script in every format: Arabic, Hebrew, Devanagari, Thai, CJK, Cyrillic and Greek releases
rendered as PDF, DOCX, HTML and text, and read back.

The fonts come from Debian packages (`make test` installs them); a test that needs
one asserts it is there rather than skipping.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from presskit import model as m
from presskit.renderers import docx, html, pdf, text
from presskit.renderers.pdf.script import ScriptParagraph
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.story import StoryWriter
from presskit.renderers.pdf.styles import build_styles
from presskit.themes import fonts as theme_fonts
from presskit.themes.theme import Theme
from presskit.words import breaking, fonts

# Real sentences; the Arabic and Hebrew ones mix in Latin names and digits.
AR_HEADLINE = "تقرير جديد يكشف تصاعد المخاطر على الأطفال في عام 2025"
AR_STANDFIRST = "أطلق التحالف العالمي WeProtect اليوم تقرير التقييم العالمي للتهديدات لعام 2025."
AR_LONG = (
    "قالت المديرة التنفيذية إن حماية الأطفال على الإنترنت مسؤولية مشتركة بين الحكومات وشركات "
    "التكنولوجيا مثل Google وMeta والمجتمع المدني، وإن التقرير يدعو إلى تحرك عاجل ومنسق في جميع "
    "أنحاء العالم قبل نهاية عام 2026، مع التركيز على الوقاية والتعليم ودعم الضحايا وأسرهم في كل مكان، "
    "إذ ارتفعت البلاغات بنسبة 1,325 بالمئة خلال 12 شهرًا فقط."
)
HE_HEADLINE = "דוח חדש חושף עלייה בסיכונים לילדים בשנת 2025"
HE_STANDFIRST = "הברית העולמית WeProtect פרסמה היום את הערכת האיומים העולמית לשנת 2025."
HE_LONG = (
    "לדברי המנכ״לית, הגנה על ילדים ברשת היא אחריות משותפת של ממשלות, חברות טכנולוגיה כמו Google "
    "ו־Meta והחברה האזרחית, והדוח קורא לפעולה דחופה ומתואמת בכל רחבי העולם לפני סוף שנת 2026, "
    "תוך התמקדות במניעה, בחינוך ובתמיכה בנפגעים ובמשפחותיהם בכל מקום, לאחר עלייה של 1,325 אחוז."
)
TEXTS: dict[str, tuple[str, str, str]] = {
    "ar": (AR_HEADLINE, AR_STANDFIRST, AR_LONG),
    "he": (HE_HEADLINE, HE_STANDFIRST, HE_LONG),
    "ru": (
        "Новый доклад показывает рост угроз для детей",
        "Глобальный альянс сегодня опубликовал Глобальную оценку угроз 2025 года.",
        "Число сообщений о материалах, созданных искусственным интеллектом, выросло на 1325 процентов.",
    ),
    "el": (
        "Νέα έκθεση αποκαλύπτει αυξανόμενους κινδύνους για τα παιδιά",
        "Η Παγκόσμια Συμμαχία δημοσίευσε σήμερα την Παγκόσμια Αξιολόγηση Απειλών 2025.",
        "Οι αναφορές για υλικό που δημιουργήθηκε με τεχνητή νοημοσύνη αυξήθηκαν κατά 1.325 τοις εκατό.",
    ),
    "hi": (
        "नई रिपोर्ट में बच्चों के लिए बढ़ते ख़तरों का खुलासा",
        "वैश्विक गठबंधन ने आज वैश्विक ख़तरा आकलन 2025 जारी किया।",
        "कृत्रिम बुद्धिमत्ता से बनी सामग्री की रिपोर्टों में एक वर्ष में तेज़ वृद्धि हुई है, और विशेषज्ञ "
        "सरकारों, प्रौद्योगिकी कंपनियों और नागरिक समाज से तुरंत मिलकर काम करने की अपील कर रहे हैं।",
    ),
    "th": (
        "รายงานใหม่เผยความเสี่ยงต่อเด็กที่เพิ่มขึ้น",
        "พันธมิตรระดับโลกเผยแพร่รายงานการประเมินภัยคุกคามระดับโลกในวันนี้",
        "รายงานแสดงให้เห็นว่าการแสวงประโยชน์ทางเพศจากเด็กทางออนไลน์เพิ่มขึ้นอย่างมากในช่วงสองปีที่ผ่านมา"
        "และผู้เชี่ยวชาญเรียกร้องให้รัฐบาลและบริษัทเทคโนโลยีร่วมมือกันทันที",
    ),
    "zh-Hans": (
        "新报告揭示儿童面临的网络风险日益增加",
        "全球联盟今天发布了《2025年全球威胁评估》。",
        "报告显示，与人工智能生成的儿童性虐待材料相关的举报在一年内大幅增长，各国政府、科技公司和"
        "民间社会必须立即采取协调一致的行动，把预防放在首位。",
    ),
    "ja": (
        "新しい報告書が子どもへの危険の高まりを明らかに",
        "グローバル・アライアンスは本日、「グローバル脅威評価2025」を発表しました。",
        "報告書によると、AIで生成された児童性的虐待コンテンツに関する通報は一年間で大幅に増加しており、"
        "専門家は政府とテクノロジー企業に対し、予防を中心とした取り組みへの転換を求めています。",
    ),
    "ko": (
        "새 보고서, 아동에 대한 위험 증가 드러내",
        "글로벌 얼라이언스는 오늘 2025년 글로벌 위협 평가 보고서를 발표했습니다.",
        "보고서에 따르면 인공지능으로 생성된 아동 성착취물 관련 신고가 일 년 사이 크게 증가했으며, "
        "전문가들은 정부와 기술 기업이 예방 중심의 대응으로 즉시 전환해야 한다고 촉구했습니다.",
    ),
}
SCRIPT_OF_LOCALE = {
    "ar": "Arab",
    "he": "Hebr",
    "hi": "Deva",
    "th": "Thai",
    "zh-Hans": "Hani",
    "ja": "Hira",
    "ko": "Hang",
}
UNCOVERED = "\U0001f9ff"  # NAZAR AMULET: an emoji, in no TrueType font Debian installs here


def normalise(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).split())


def squeezed(value: str) -> str:
    """NFKC with all white space removed: lines of CJK and Thai break inside words."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def paragraph(value: str) -> m.Paragraph:
    return m.Paragraph((m.Text(value),))


def release_in(example: m.Release, locale: str) -> m.Release:
    headline, standfirst, long = TEXTS[locale]
    return dataclasses.replace(
        example,
        locale=locale,
        headline=headline,
        standfirst=(m.Text(standfirst),),
        body=(paragraph(standfirst), paragraph(long), *example.body[1:]),
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages)


@pytest.fixture(scope="module")
def pdfs(example_release: m.Release, theme: Theme) -> dict[str, bytes]:
    return {locale: pdf.render(release_in(example_release, locale), theme, locale) for locale in TEXTS}


# --------------------------------------------------------------------------
# The fonts are there


@pytest.mark.parametrize("locale", sorted(SCRIPT_OF_LOCALE))
def test_the_theme_finds_a_truetype_font_for_each_script(theme: Theme, locale: str) -> None:
    script = SCRIPT_OF_LOCALE[locale]
    files = theme.script_font(script)
    assert files is not None, (
        f"no font for {script} ({theme.script_families[script]}): run `make test`, which installs "
        "fonts-noto-core and fonts-wqy-zenhei"
    )
    assert files.regular.suffix.lower() in (".ttf", ".ttc")
    headline = TEXTS[locale][0]
    assert theme_fonts.FontChooser(theme).missing(headline) == []


# --------------------------------------------------------------------------
# Scripts, runs and line breaks


def test_script_of_characters() -> None:
    assert [fonts.script_of(c) for c in "aЖλبש कก中あア한"] == [
        "Latn", "Cyrl", "Grek", "Arab", "Hebr", "Zyyy", "Deva", "Thai", "Hani", "Hira", "Kana", "Hang",
    ]  # fmt: skip
    assert fonts.script_of("\u064e") == fonts.INHERITED  # fatha sits on an Arabic letter
    assert fonts.script_of("5") == fonts.COMMON


def test_common_characters_join_the_script_around_them() -> None:
    value = "عام 2025، WeProtect"
    runs = fonts.script_runs(value)
    assert [(value[a:b], s) for a, b, s in runs] == [("عام 2025، ", "Arab"), ("WeProtect", "Latn")]


def test_the_locale_gives_the_script() -> None:
    assert [fonts.locale_script(x) for x in ("ar", "he-IL", "zh-Hant", "ja", "ko", "en-GB")] == [
        "Arab",
        "Hebr",
        "Hani",
        "Hira",
        "Hang",
        "Latn",
    ]


# --------------------------------------------------------------------------
# PDF: shaping, order, alignment, fonts


def test_arabic_letters_are_shaped_into_joining_forms(theme: Theme) -> None:
    setting = ScriptSetting(theme, "ar", rtl=True)
    shaped = ScriptParagraph("ببب ب", build_styles(theme, mirrored=True).body, setting).prepared
    glyphs = [g.glyph for run in shaped.runs for g in run.glyphs]
    # The same letter takes its final, medial and initial forms, and alone its isolated one: four glyphs.
    assert len(set(glyphs) - {glyphs[1]}) >= 4 or len(set(glyphs)) >= 4, glyphs
    assert all(run.level % 2 == 1 for run in shaped.runs)


def test_devanagari_vowel_sign_is_reordered_but_extracts_in_typed_order(theme: Theme) -> None:
    setting = ScriptSetting(theme, "hi", rtl=False)
    style = build_styles(theme).body
    shaped = ScriptParagraph("कि", style, setting).prepared
    glyphs = shaped.runs[0].glyphs
    # HarfBuzz puts the i-matra before the consonant, both standing for one cluster…
    assert len(glyphs) == 2 and glyphs[0].cluster == glyphs[1].cluster == 0
    # …and together, in the order drawn, they carry the text as typed, each glyph a part of it
    # (PDF/UA 7.21.7: every code has a Unicode value; the cluster's /ActualText is "कि").
    assert [g.text for g in glyphs] == ["क", "ि"]


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_rtl_pdf_text_is_in_logical_order_and_equals_the_input_words(
    pdfs: dict[str, bytes], locale: str
) -> None:
    extracted = normalise(pdf_text(pdfs[locale]))
    for sentence in TEXTS[locale]:
        assert normalise(sentence) in extracted, sentence


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_a_multi_line_rtl_paragraph_keeps_its_line_order(pdfs: dict[str, bytes], locale: str) -> None:
    lines = [normalise(line) for line in pdf_text(pdfs[locale]).split("\n")]
    long = normalise(TEXTS[locale][2])
    first = next(i for i, line in enumerate(lines) if line and long.startswith(line) and len(line) > 20)
    joined, taken = "", 0
    while len(joined) < len(long):
        joined = normalise(f"{joined} {lines[first + taken]}")
        taken += 1
    assert taken >= 3, "the long paragraph should run over several lines"
    assert joined == long


def test_rtl_lines_are_right_aligned_and_ltr_lines_left_aligned(theme: Theme) -> None:
    setting = ScriptSetting(theme, "ar", rtl=True)
    styles = build_styles(theme, mirrored=True)
    arabic = ScriptParagraph(AR_LONG, styles.body, setting)
    arabic.wrap(400, 1000)
    prepared = arabic.prepared
    for index, line in enumerate(arabic.lines_for(400)):
        width = prepared.width(line.start, line.end)
        assert arabic.line_x(index, width) + width == pytest.approx(400)
    english = ScriptParagraph(
        "An English paragraph left untranslated in an Arabic release.", styles.body, setting
    )
    english.wrap(400, 1000)
    assert english.line_x(0, 10) == 0


def test_words_in_an_rtl_line_are_drawn_right_to_left(theme: Theme) -> None:
    """The first word of an Arabic line is its rightmost; a Latin name keeps its own letter order."""
    from presskit.renderers.pdf.lines import place, visual_runs

    setting = ScriptSetting(theme, "ar", rtl=True)
    styles = build_styles(theme, mirrored=True)
    value = "أطلق التحالف WeProtect اليوم"
    para = ScriptParagraph(value, styles.body, setting)
    para.wrap(1000, 100)
    prepared = para.prepared
    (line,) = para.lines_for(1000)
    placed = place(visual_runs(prepared, line), 0)
    x_of = {g.glyph.cluster: g.x for g in placed}
    first, latin, last = value.index("أطلق"), value.index("WeProtect"), value.index("اليوم")
    assert x_of[first] > x_of[latin] > x_of[last]
    assert x_of[latin] < x_of[latin + 1]  # "W" left of "e"


@pytest.mark.parametrize("locale", ["zh-Hans", "ja", "ko"])
def test_cjk_pdfs_hold_the_characters_in_an_embedded_font(
    pdfs: dict[str, bytes], locale: str, tmp_path: Path
) -> None:
    extracted = squeezed(pdf_text(pdfs[locale]))
    for sentence in TEXTS[locale]:
        assert squeezed(sentence) in extracted, sentence
    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed: run `make test`"
    path = tmp_path / f"{locale}.pdf"
    path.write_bytes(pdfs[locale])
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    # Han takes the language's forms: a Japanese font for Japanese, a Korean one for Korean.
    family = {"zh-Hans": "WenQuanYi", "ja": "BIZUDGothic", "ko": "NanumGothic"}[locale]
    cjk = [row for row in rows if family in row[0]]
    assert cjk, listing
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows), listing  # every font embedded and subset


def test_cjk_lines_break_between_characters_and_fill_the_line(theme: Theme) -> None:
    setting = ScriptSetting(theme, "zh-Hans", rtl=False)
    para = ScriptParagraph(TEXTS["zh-Hans"][2], build_styles(theme).body, setting)
    para.wrap(200, 1000)
    lines = para.lines_for(200)
    assert len(lines) >= 3
    prepared = para.prepared
    for line in lines[:-1]:
        assert 200 - 12 < prepared.width(line.start, line.end) <= 200  # no ragged gaps: spaces are absent
        assert prepared.text[line.end] not in "，。、"  # closing punctuation never starts a line


@pytest.mark.parametrize("locale", ["hi", "th", "ru", "el"])
def test_other_scripts_extract_as_typed(pdfs: dict[str, bytes], locale: str) -> None:
    extracted = squeezed(pdf_text(pdfs[locale]))
    for sentence in TEXTS[locale]:
        assert squeezed(sentence) in extracted, sentence


def test_thai_lines_break_between_words_only(theme: Theme) -> None:
    setting = ScriptSetting(theme, "th", rtl=False)
    value = TEXTS["th"][2]
    para = ScriptParagraph(value, build_styles(theme).body, setting)
    para.wrap(220, 1000)
    lines = para.lines_for(220)
    assert len(lines) >= 2
    words = breaking.dictionary_breaks(value)  # ICU's: ออนไลน์ is one word
    for line in lines[1:]:
        assert line.start in words, value[line.start - 3 : line.start + 3]


def test_english_pdf_uses_reportlab_paragraphs_only(example_release: m.Release, theme: Theme) -> None:
    """The fast path: nothing in the English example needs presskit's own layout."""
    setting = ScriptSetting(theme, "en-GB", rtl=False)
    styles = build_styles(theme)
    writer = StoryWriter(example_release, theme, "en-GB", styles, setting)
    flowables = writer.story()

    def walk(items: list[object]) -> list[object]:
        found: list[object] = []
        for item in items:
            found.append(item)
            for attribute in ("_flowables", "_content", "_cellvalues"):
                inner = getattr(item, attribute, None)
                if isinstance(inner, list | tuple):
                    found.extend(
                        walk([x for row in inner for x in (row if isinstance(row, list | tuple) else [row])])
                    )
        return found

    assert not any(isinstance(item, ScriptParagraph) for item in walk(list(flowables)))


# --------------------------------------------------------------------------
# DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def docx_parts(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")), etree.fromstring(
            archive.read("word/styles.xml")
        )


def runs_holding(document: etree._Element, needle: str) -> list[etree._Element]:
    return [r for r in document.iter(f"{{{W}}}r") if needle in "".join(r.itertext())]


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_docx_rtl_paragraphs_runs_fonts_and_language(
    example_release: m.Release, theme: Theme, locale: str
) -> None:
    document, styles = docx_parts(docx.render(release_in(example_release, locale), theme, locale))
    defaults = styles.find("w:docDefaults", NS)
    assert defaults.find("w:pPrDefault/w:pPr/w:bidi", NS) is not None
    language = defaults.find("w:rPrDefault/w:rPr/w:lang", NS)
    assert language.get(f"{{{W}}}val") == locale and language.get(f"{{{W}}}bidi") == locale
    family = theme.script_families[SCRIPT_OF_LOCALE[locale]]
    assert defaults.find("w:rPrDefault/w:rPr/w:rFonts", NS).get(f"{{{W}}}cs") == family
    run = runs_holding(document, TEXTS[locale][0])[0]
    assert run.find("w:rPr/w:rtl", NS) is not None
    assert run.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}cs") == family
    (latin,) = [
        r for r in runs_holding(document, "WeProtect") if "".join(r.itertext()).strip() == "WeProtect"
    ][:1]
    assert latin.find("w:rPr/w:rtl", NS) is None  # the Latin name inside is a left-to-right run
    tables = document.findall(".//w:tbl/w:tblPr", NS)
    assert all(t.find("w:bidiVisual", NS) is not None for t in tables)


def test_docx_bold_complex_script_is_bold_in_its_own_slot(example_release: m.Release, theme: Theme) -> None:
    release = dataclasses.replace(
        release_in(example_release, "ar"), body=(m.Paragraph((m.Strong((m.Text(AR_HEADLINE),)),)),)
    )
    document, styles = docx_parts(docx.render(release, theme, "ar"))
    run = next(r for r in runs_holding(document, AR_HEADLINE) if r.find("w:rPr/w:b", NS) is not None)
    assert run.find("w:rPr/w:bCs", NS) is not None and run.find("w:rPr/w:rtl", NS) is not None
    title = next(s for s in styles.iter(f"{{{W}}}style") if s.get(f"{{{W}}}styleId") == "Title")
    assert title.find("w:rPr/w:bCs", NS) is not None and title.find("w:rPr/w:szCs", NS) is not None


@pytest.mark.parametrize("locale", ["zh-Hans", "ja", "ko"])
def test_docx_cjk_runs_use_the_east_asian_slot(example_release: m.Release, theme: Theme, locale: str) -> None:
    document, styles = docx_parts(docx.render(release_in(example_release, locale), theme, locale))
    family = theme.script_families[SCRIPT_OF_LOCALE[locale]]
    language = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert language.get(f"{{{W}}}eastAsia") == locale
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == family
    run = runs_holding(document, TEXTS[locale][0][:4])[0]
    fonts_element = run.find("w:rPr/w:rFonts", NS)
    assert fonts_element.get(f"{{{W}}}eastAsia") == family
    assert fonts_element.get(f"{{{W}}}hint") == "eastAsia"


@pytest.mark.parametrize("locale", ["hi", "th"])
def test_docx_complex_ltr_scripts_are_marked_complex(
    example_release: m.Release, theme: Theme, locale: str
) -> None:
    document, _ = docx_parts(docx.render(release_in(example_release, locale), theme, locale))
    run = runs_holding(document, TEXTS[locale][0].split()[0])[0]
    assert run.find("w:rPr/w:cs", NS) is not None
    assert run.find("w:rPr/w:rtl", NS) is None
    assert run.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}cs") == theme.script_families[SCRIPT_OF_LOCALE[locale]]


def test_docx_latin_runs_stay_unmarked(example_release: m.Release, theme: Theme) -> None:
    document, _ = docx_parts(docx.render(example_release, theme, "en-GB"))
    assert not document.findall(".//w:rtl", NS) and not document.findall(".//w:cs", NS)


# --------------------------------------------------------------------------
# HTML


def page(release: m.Release, theme: Theme, locale: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html.render(release, theme, locale).decode("utf-8"))


def test_html_rtl_page_marks_embedded_ltr_runs(example_release: m.Release, theme: Theme) -> None:
    doc = page(release_in(example_release, "ar"), theme, "ar")
    root = doc.getroottree().getroot()
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    spans = [s for s in doc.iter("span") if s.get("dir") == "ltr"]
    assert "WeProtect" in [s.text_content() for s in spans]
    assert "Google" in [s.text_content() for s in spans]
    # The untranslated English paragraphs are left to right as a whole.
    english = [p for p in doc.iter("p") if p.text_content().startswith("The report shows")]
    assert english and english[0].get("dir") == "ltr"
    # The Arabic paragraph is not: it takes the page's direction.
    arabic = next(p for p in doc.iter("p") if p.text_content().startswith("قالت"))
    assert arabic.get("dir") is None
    assert normalise(arabic.text_content()) == normalise(AR_LONG)


def test_html_latin_run_across_markup_is_one_span(example_release: m.Release, theme: Theme) -> None:
    inlines = (m.Text("أطلق "), m.Strong((m.Text("WeProtect"),)), m.Text(" Global Alliance 2025 اليوم"))
    release = dataclasses.replace(release_in(example_release, "ar"), body=(m.Paragraph(inlines),))
    doc = page(release, theme, "ar")
    body = doc.find_class("release-body")[0]  # not the lead photo's English caption above it
    span = next(s for s in body.iter("span") if s.get("dir") == "ltr" and "Global" in s.text_content())
    assert span.text_content() == "WeProtect Global Alliance 2025"
    assert span.find("strong") is not None


def test_html_ltr_page_marks_embedded_rtl_runs(example_release: m.Release, theme: Theme) -> None:
    release = dataclasses.replace(
        example_release, body=(paragraph(f"The Hebrew headline reads {HE_HEADLINE}, in full."),)
    )
    doc = page(release, theme, "en-GB")
    spans = [s.text_content() for s in doc.iter("span") if s.get("dir") == "rtl"]
    assert spans == [HE_HEADLINE]


@pytest.mark.parametrize(
    ("locale", "first"), [("ar", "Noto Sans Arabic"), ("hi", "Noto Sans Devanagari"), ("ja", "DejaVu Sans")]
)
def test_html_font_stack_per_language(
    example_release: m.Release, theme: Theme, locale: str, first: str
) -> None:
    source = html.render(release_in(example_release, locale), theme, locale).decode("utf-8")
    rule = re.search(rf"html:lang\({locale}\) body[^{{]*\{{ font-family: ([^;]+);", source)
    assert rule, "no :lang() font rule"
    stack = rule.group(1)
    assert stack.startswith(f'"{first}"')
    assert theme.script_families[SCRIPT_OF_LOCALE[locale]] in stack


def test_html_css_mirrors_by_logical_properties(theme: Theme) -> None:
    css = (theme.root / "_release.css.j2").read_text(encoding="utf-8")
    assert not re.search(
        r"(margin|padding|border)-(left|right)\b|text-align: (left|right)|\bleft:|\bright:", css
    )


# --------------------------------------------------------------------------
# Text


def test_text_rtl_wraps_in_logical_order_and_marks_mixed_lines(
    example_release: m.Release, theme: Theme
) -> None:
    output = text.render(release_in(example_release, "ar"), theme, "ar").decode("utf-8")
    lines = output.split("\n")
    assert all(text.display_width(line) <= theme.spec.text_width for line in lines if "://" not in line)
    assert normalise(AR_LONG) in normalise(output.replace(text.RIGHT_TO_LEFT_MARK, ""))
    dateline = next(line for line in lines if "London" in line)  # Arabic has no capitals to set it in
    assert dateline.startswith(text.RIGHT_TO_LEFT_MARK)  # a mixed line led by Latin reads right to left
    assert not any(line.startswith(text.RIGHT_TO_LEFT_MARK) for line in lines if line.isascii())


@pytest.mark.parametrize("locale", ["th", "zh-Hans", "ja", "hi"])
def test_text_wraps_scripts_without_spaces_by_columns(
    example_release: m.Release, theme: Theme, locale: str
) -> None:
    output = text.render(release_in(example_release, locale), theme, locale).decode("utf-8")
    lines = output.split("\n")
    assert all(text.display_width(line) <= theme.spec.text_width for line in lines if "://" not in line)
    assert not any(line and unicodedata.category(line[0]) in ("Mn", "Mc") for line in lines)
    assert squeezed(TEXTS[locale][2]) in squeezed(output)


# --------------------------------------------------------------------------
# Coverage


def test_a_character_no_font_has_is_a_warning_naming_it_and_its_field(
    example_release: m.Release, theme: Theme
) -> None:
    listing = subprocess.run(
        ["fc-list", f":charset={ord(UNCOVERED):x}", "file"], capture_output=True, text=True, check=False
    ).stdout
    assert not [line for line in listing.splitlines() if not line.lower().rstrip(": ").endswith((".otf",))
                and "emoji" not in line.lower()], f"a font covers U+1F9FF here, pick another character: {listing}"  # fmt: skip
    release = dataclasses.replace(
        example_release, headline=f"Report {UNCOVERED} launched", end_mark=f"-{UNCOVERED}-"
    )
    problems = theme_fonts.coverage_problems(release, theme)
    assert [(p.field, p.severity) for p in problems] == [("headline", "warning"), ("end_mark", "warning")]
    assert "U+1F9FF NAZAR AMULET" in problems[0].message
    assert "headline: U+1F9FF NAZAR AMULET" in problems[0].format()


@pytest.mark.parametrize("locale", sorted(TEXTS))
def test_every_script_here_is_covered(example_release: m.Release, theme: Theme, locale: str) -> None:
    assert theme_fonts.coverage_problems(release_in(example_release, locale), theme) == []


def test_the_english_example_is_covered(example_release: m.Release, theme: Theme) -> None:
    assert theme_fonts.coverage_problems(example_release, theme) == []


def test_brackets_around_a_web_address_stay_around_it_in_rtl(theme: Theme) -> None:
    """Rule N0 (bracket pairs) and a URL laid out left to right, trailing "/" included."""
    from presskit.renderers.pdf.lines import visual_runs

    setting = ScriptSetting(theme, "ar", rtl=True)
    markup = (
        'الملف الصحفي GTA25 (<a href="https://example.org/kit/" color="#000000">https://example.org/kit/</a>)'
    )
    para = ScriptParagraph(markup, build_styles(theme, mirrored=True).body, setting)
    para.wrap(1000, 100)
    prepared = para.prepared
    (line,) = para.lines_for(1000)
    shown = [prepared.text[run.start : run.end] for run, _ in visual_runs(prepared, line)]
    # Left to right: the closing bracket (drawn mirrored), the whole address, the opening bracket.
    assert [part.strip() for part in shown[:3]] == [")", "https://example.org/kit/", "("]
