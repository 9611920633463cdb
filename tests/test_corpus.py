"""The corpus (tests/corpus/world): releases as real press offices write them, in their languages.

The whole newsroom is built once, in every format, and each release is read back from each
format: its headline, its figures as its locale writes them, its dateline and dates, the labels
in its own language (from the catalogue, never hard-coded English), its quotes and their
attribution, its contact lines, its tables, and the HTML's language and direction.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from presskit.renderers import FORMATS as FORMATS_BY_NAME
from presskit.words.labels import label
from tests.extract import EXTRACTORS, documents, normalise

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)  # the UN and hospice embargoes still hold
FORMATS = documents()  # every format that carries the whole release


@dataclass(frozen=True)
class Case:
    locale: str
    headline: str
    dateline: str | None  # city and long date as the locale writes them, or the date alone
    figures: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str, str], ...] = ()  # (opening of the quote, its end, attribution)
    contacts: tuple[str, ...] = ()  # lines as shown: names, "Telefon: 030 …"
    labels: tuple[str, ...] = ("contacts",)  # catalogue keys each format shows
    absent: tuple[str, ...] = ()  # catalogue keys no format may show
    text: tuple[str, ...] = ()  # anything else every format shows, in this order
    end_mark: str | None = None  # the release's own end mark
    direction: str = "ltr"
    contacts_top: bool = False  # its theme lists the contacts under the release line (the wire theme)


CASES: dict[str, Case] = {
    "uk-charity-statement": Case(
        "en-GB",
        "Statement on today’s Ofwat decision on sewage spill penalties",
        "18 November 2025 – Rivers Alive Trust welcomes",
        contacts=("Hannah Okafor", "Media Manager", "Today: 07700 900 418; thereafter: 020 7946 0320"),
        labels=("type.statement", "contacts", "notes_to_editors", "phone", "email"),
        absent=("sources",),
        end_mark="ENDS",
    ),
    "de-landesregierung": Case(
        "de",
        "Land fördert 1.500 neue Ladepunkte im ländlichen Raum",
        "Hannover, 7. Oktober 2025 – Mit dem neuen Programm",
        figures=("2,5 Millionen €", "1.500 €", "42,5 %"),
        quotes=(
            (
                "„Wer auf dem Land wohnt",
                "wo die Menschen leben.“",
                "Dr. Katharina Brandt, Ministerin für Verkehr",
            ),
        ),
        contacts=("Jonas Werner", "Pressesprecher, Ministerium für Verkehr und Digitales", "030 23125 410"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources", "phone", "email"),
        text=(
            "Veröffentlicht: Dienstag, 7. Oktober 2025, 15:00 Uhr MESZ",
            "Ministerin Brandt startet Förderprogramm „Laden vor Ort“",
            "Über das Ministerium",
        ),
    ),
    "ca-federal-en": Case(
        "en-CA",
        "Government of Canada invests in salmon habitat restoration on the Coquitlam River",
        "Coquitlam, British Columbia, June 12, 2025 – Today",
        figures=("$4,200,000", "18"),
        quotes=(
            ("“Healthy rivers", "generations to come.”", "Claire Tremblay, Minister of Northern Waterways"),
        ),
        contacts=("Media Relations", "613-555-0142"),
        labels=("type.media-release", "contacts", "sources"),
        end_mark="-30-",
    ),
    "ca-federal-fr": Case(
        "fr-CA",
        "Le gouvernement du Canada investit dans la restauration de l’habitat du saumon",
        "Coquitlam (Colombie-Britannique), le 12 juin 2025 – Aujourd’hui",
        figures=("4 200 000 $", "18"),
        quotes=(
            ("« Des rivières en santé", "générations à venir. »", "Claire Tremblay, ministre des Voies"),
        ),
        contacts=("Relations avec les médias", "613-555-0142"),
        labels=("type.media-release", "for_immediate_release", "contacts", "sources", "phone"),
        end_mark="-30-",
    ),
    "ja-hodo-shiryo": Case(
        "ja",
        "港みなと市、防災アプリ「みなとアラート」の提供を開始",
        "横浜、2025年9月1日",
        figures=("15億円",),
        quotes=(("「災害はいつ起きるか", "考えています。」", "佐藤 美咲、港みなと市長"),),
        contacts=("港みなと市 危機管理室 広報担当", "bousai@minato-city.example.jp"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources", "email"),
        text=("主な機能", "家族の安否確認", "港みなと市について"),
    ),
    "ar-original": Case(
        "ar",
        "مؤسسة النور للتعليم تطلق برنامجاً لمحو الأمية الرقمية لعشرة آلاف امرأة",
        "عمّان، 4 مارس 2025",
        figures=("10,000", "38%"),
        quotes=(
            ("”المهارات الرقمية", "والاجتماعية.“", "ليلى الحداد، المديرة التنفيذية، مؤسسة النور للتعليم"),
        ),
        contacts=("سامي العلي", "مسؤول الإعلام", "media@alnoor.example.org"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
        text=("عن مؤسسة النور للتعليم",),
        direction="rtl",
    ),
    "he-original": Case(
        "he",
        'עמותת "גשר ירוק" פותחת 25 גינות קהילתיות חדשות בצפון',
        "חיפה, 20 במאי 2025",
        figures=("25", "64%"),
        quotes=(("”גינה קהילתית", "לחברים.”", 'נועה לוי, מנכ"לית העמותה'),),
        contacts=("יעל כהן", "דוברת", "press@gesher-yarok.example.org"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
        direction="rtl",
    ),
    "th-original": Case(
        "th",
        "กรมส่งเสริมการท่องเที่ยวชุมชนเปิดตัวเส้นทางท่องเที่ยวใหม่ 30 เส้นทาง",
        "กรุงเทพฯ 20 พฤศจิกายน",  # the year is Gregorian today; Thai readers expect 2568
        figures=("120", "฿45,000,000"),
        quotes=(("“การท่องเที่ยวชุมชน", "ให้คนรุ่นต่อไป”", "สมชาย ใจดี อธิบดีกรมส่งเสริมการท่องเที่ยวชุมชน"),),
        contacts=("กลุ่มงานประชาสัมพันธ์", "pr@community-tourism.example.go.th"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "hi-original": Case(
        "hi",
        "ग्रामीण जल विभाग ने 2,500 गाँवों में स्वच्छ पेयजल योजना शुरू की",
        "नई दिल्ली, 15 अगस्त 2025",
        figures=("12,50,000", "₹35,00,00,000"),  # the Indian grouping: lakh and crore
        quotes=(("“हर घर तक", "प्राथमिकता है।”", "अनीता शर्मा, सचिव, ग्रामीण जल विभाग"),),
        contacts=("राजेश वर्मा", "मीडिया अधिकारी", "media@jal-vibhag.example.in"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "ko-original": Case(
        "ko",
        "한빛모빌리티, 전기 버스 300대 공급 계약 체결",
        "서울, 2025년 4월 9일",
        figures=("300", "1200억 원"),
        quotes=(("“이번 계약은", "될 것입니다.”", "김민준, 대표이사, 한빛모빌리티"),),
        contacts=("홍보팀 이서연", "pr@hanbit-mobility.example.kr"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "ru-museum": Case(
        "ru",
        "Музей речного флота открывает выставку к своему 50-летию",
        "Казань, 14 февраля 2025 г. — Музей речного флота",
        figures=("1 200", "85 000"),
        quotes=(("«Мы хотим рассказать", "на ней работали».", "Елена Орлова, директор музея"),),
        contacts=("Анна Смирнова", "пресс-секретарь", "press@river-museum.example.org"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources", "email"),
    ),
    "es-ayuntamiento": Case(
        "es",
        "El Ayuntamiento de Valdeluna amplía el horario de las bibliotecas municipales",
        "Valdeluna, 3 de julio de 2025 – Las cuatro bibliotecas",
        figures=("180.000 €", "23.400"),
        quotes=(
            (
                "«Queremos que nuestros estudiantes",
                "este verano».",
                "Lucía García Morales, concejala de Cultura",
            ),
        ),
        contacts=("Gabinete de Prensa", "prensa@valdeluna.example.es"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources", "email"),
    ),
    "pt-br-secretaria": Case(
        "pt-BR",
        "Secretaria de Saúde amplia vacinação contra a gripe para todas as idades",
        "Belo Horizonte, 22 de setembro de 2025 – A partir desta segunda-feira",
        figures=("2.300.000", "47,8%"),
        quotes=(("“A vacina é segura", "para depois.”", "Marcos Souza, secretário de Estado de Saúde"),),
        contacts=("Assessoria de Comunicação", "imprensa@saude.estado.example.br"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "zh-hans-institute": Case(
        "zh-Hans",
        "西湖数字研究院发布《城市交通绿色发展报告》",
        "杭州，2025年10月28日",
        figures=("1,200,000", "35亿元"),
        quotes=(("“绿色交通不仅关系到环境", "日常出行。”", "王丽华，院长，西湖数字研究院"),),
        contacts=("研究院新闻办公室", "press@xihu-institute.example.cn"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "zh-hant-agency": Case(
        "zh-Hant",
        "海洋保育署啟動珊瑚礁復育計畫",
        "臺北，2025年12月3日",
        figures=("15", "新臺幣80,000,000元"),
        quotes=(("「珊瑚礁是海洋生物的家", "我們的海洋。」", "陳志明，署長"),),
        contacts=("海洋保育署公關室", "press@ocean-conservation.example.tw"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "us-wire": Case(
        "en-US",
        "Lonestar Solar Cooperative Reaches 10,000 Member-Owners",
        "Austin, Texas, Nov. 11, 2025 /PRNewswire/ -- Lonestar Solar Cooperative",
        figures=("10,000", "12%", "1.5 million"),
        quotes=(("“When neighbors own", "own community.”", "Daniel Ramirez, Chief Executive Officer"),),
        contacts=("Megan Ellis", "Communications Director", "(512) 555-0123"),
        labels=("type.press-release", "contacts", "sources"),
        text=(
            "Published: 8 a.m. CST, Tuesday, Nov. 11, 2025",
            "Community-owned utility cuts average member bill by 12 percent",
            "A battery program for 600 homes",
        ),
        end_mark="###",
        contacts_top=True,
    ),
    "rns-results": Case(
        "en-GB",
        "Harbourline plc — Interim results for the six months ended 30 June 2025",
        "10 September 2025 – Group revenue was £412.5 million",
        figures=("8.4%", "£412.5 million"),
        quotes=(("“We have delivered", "rest of the year.”", "Richard Hale, Chief Executive"),),
        contacts=(
            "Sarah Lin",
            "Investor Relations, Harbourline plc",
            "020 7946 0011",
            "Tom Baxter",
            "Media, Quayside Communications",
            "07700 900 123",
        ),
        labels=("contacts", "sources", "notes_to_editors", "out_of_hours"),
        text=(
            "Published: 07:00 BST, Wednesday 10 September 2025",
            "Issued on behalf of Harbourline plc",
            "Adjusted operating profit (£m)",
            "61.2",
            "55.0",
            "+11.3%",
            "Outlook",
        ),
        end_mark="ENDS",
    ),
    "un-report-launch": Case(
        "en",
        "World Soil Outlook 2025 warns one in three hectares of farmland is degraded",
        "Nairobi, ",  # the date is month-first today; UN style (and en) is day-first
        figures=("$300 billion", "33%"),
        quotes=(
            (
                "“Soil is the ground",
                "exhausted land.”",
                "Grace Mwangi, Executive Secretary, United Federation for Soil",
            ),
            ("“The finance gap", "in benefits.”", "Prof. Ana Ferreira, Lead Author, University of Lisbon"),
        ),
        contacts=("Peter Otieno", "+1 212 555 0177"),
        labels=("contacts", "sources"),
        text=("10:00 EAT", "03:00 EDT", "09:00 CEST", "Download the World Soil Outlook 2025"),
    ),
    "product-recall": Case(
        "en-GB",
        "Meadowfield Foods recalls Oat & Honey Granola because of undeclared peanuts",
        "21 August 2025 – Meadowfield Foods is recalling",
        contacts=("Customer Care Team", "0808 157 0000", "08:00–18:00, Monday to Friday"),
        labels=("type.statement", "contacts", "hours"),
        absent=("sources",),
        text=("MF2418A", "14 March 2026", "MF2419B", "What to do", "No receipt is needed."),
    ),
    "gov-legal-notice": Case(
        "en-GB",
        "Consultation opens on new protections for private renters",
        "Cardiff, 15 October 2025 – The Department",
        quotes=(("“Everyone deserves", "put down roots.”", "Rhian Evans MS, Cabinet Secretary for Housing"),),
        contacts=("Corpus Desk",),
        labels=("type.media-release", "contacts", "notes_to_editors"),
        text=("Legal notice", "Open Government Licence v3.0"),
    ),
    "minimal-optional": Case(
        "en-GB",
        "Library opening hours over the holiday period",
        "1 December 2025 – All branches will close",
        labels=("type.press-release",),
        absent=("contacts", "sources", "notes_to_editors", "assets", "press_kit"),
        text=("Online services, including e-books and renewals, remain available throughout.",),
    ),
    "fr-observatoire": Case(
        "fr",
        "L’Observatoire régional du vélo recense 1 500 kilomètres de pistes cyclables",
        "Lyon, le 15 avril 2025 – La région compte désormais",
        figures=("17,5 %", "1 500", "1 325", "2 500 000 €", "45 millions €"),
        quotes=(
            ("« Le vélo n’est plus", "l’ont adopté. »", "Isabelle Moreau, directrice de l’Observatoire"),
        ),
        contacts=("Julien Petit", "01 99 00 12 34"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources", "phone", "email"),
    ),
    "nl-gemeente": Case(
        "nl",
        "Gemeente Zeestad, waterschap en provincie sluiten akkoord over nieuwe dijk",
        "Zeestad, 26 maart 2025 – De gemeente Zeestad",
        quotes=(
            ("‘Met deze dijk", "droog.’", "Pieter Dijkstra, burgemeester van Zeestad"),
            ("‘We bouwen niet alleen", "voor natuur.’", "Sanne Bakker, dijkgraaf, Waterschap Kustland"),
            ("‘De provincie draagt", "allemaal aangaat.’", "Erik Jansen, gedeputeerde Water"),
        ),
        contacts=("Team Communicatie", "pers@zeestad.example.nl"),
        labels=("type.press-release", "for_immediate_release", "contacts"),
        absent=("sources",),
    ),
    "it-assets": Case(
        "it",
        "Il Museo delle Ceramiche restaura la collezione di maioliche rinascimentali",
        "Bologna, 8 maggio 2025 – Il Museo delle Ceramiche",
        quotes=(("«Il restauro", "cinque secoli.»", "Giulia Rossi, direttrice del museo"),),
        contacts=("Ufficio stampa", "stampa@museo-ceramiche.example.it"),
        labels=("type.press-release", "for_immediate_release", "contacts", "assets"),
        text=("Piatto istoriato, 1525 circa", "Il laboratorio di restauro"),
    ),
    "es-mx-advisory": Case(
        "es-MX",
        "Universidad del Valle Alto presentará su observatorio de calidad del aire",
        "Ciudad de México, 20 de octubre de 2025 – La Universidad",
        contacts=("Dirección de Comunicación Social", "prensa@uvalle.example.mx"),
        labels=("type.media-advisory", "for_immediate_release", "contacts"),
        text=("Fecha: jueves 23 de octubre de 2025", "Lugar: Auditorio Central, Campus Sur"),
    ),
    "pt-pt-advisory": Case(
        "pt-PT",
        "Câmara Municipal de Vila Serena lança passe de transportes gratuito para estudantes",
        "Porto, 29 de janeiro de 2025 – A partir de 1 de março",
        figures=("14 500",),
        quotes=(
            (
                "«Queremos que nenhum jovem",
                "pagar o transporte.»",
                "Joana Costa, presidente da Câmara Municipal",
            ),
        ),
        contacts=("Gabinete de Comunicação", "imprensa@vilaserena.example.pt"),
        labels=("type.press-release", "for_immediate_release", "contacts", "sources"),
    ),
    "long-annual-review": Case(
        "en-GB",
        "Northern Lights Hospice publishes its 2025 review of end-of-life care in Scotland",
        "Edinburgh, 9 December 2025 – Northern Lights Hospice today publishes",
        figures=("4,812", "25%", "£38 million"),
        quotes=(
            (
                "“Every clinician I know",
                "it is affordable.”",
                "Dr Fiona MacLeod, Consultant in Palliative Medicine",
            ),
            ("“Nobody should spend", "everywhere in Scotland.”", "Alasdair Grant, Chief Executive"),
        ),
        contacts=("Morag Stewart", "0131 496 0123", "07700 900 777"),
        labels=("type.media-release", "contacts", "sources", "notes_to_editors", "out_of_hours"),
        text=(
            "One in four people who die in Scotland each year",
            "The charity asks the government for a ten-year plan",
            "What families told us",
            "We had three good weeks at the end",
            "Out-of-hours care",
            "Care homes",
            "Ten changes for a good death",
            "Earlier conversations",
            "equipment delivered within 48 hours",
            "a national measure of care quality, published every year",
            "Next steps",
            "Case studies and spokespeople are available on request.",
        ),
    ),
}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built once, in every format, into a fresh folder."""
    from presskit.errors import ExitCode
    from presskit.publish.build import build
    from presskit.publish.outcome import BuildOptions

    out = tmp_path_factory.mktemp("corpus-out")
    report = build([CORPUS], BuildOptions(now=NOW, out_dir=out, formats=FORMATS, jobs=2, force=True))
    assert report.exit_code == ExitCode.OK, report.as_json()
    return out


def output(built: Path, slug: str, fmt: str) -> bytes:
    locale = CASES[slug].locale
    return (built / slug / locale / FORMATS_BY_NAME[fmt].output_name(slug)).read_bytes()


@dataclass(frozen=True)
class ReadBack:
    """One output as a reader sees it, casefolded (plain text sets its headings in capitals).

    In scripts written without spaces between words, a line the PDF or the text file wraps
    between two characters reads back with a space no reader sees: those compare without any.
    """

    text: str
    unspaced: bool = False

    def find(self, wanted: str, start: int = 0) -> int:
        """Where `wanted` first appears from `start`; -1 when it does not."""
        wanted = normalise(wanted).casefold()
        if self.unspaced:
            wanted = "".join(wanted.split())
        return self.text.find(wanted, start)


UNSPACED = ("ja", "zh", "th")
_READ: dict[tuple[str, str], ReadBack] = {}


def read_back(built: Path, slug: str, fmt: str) -> ReadBack:
    key = (slug, fmt)
    if key not in _READ:
        text = EXTRACTORS[fmt](output(built, slug, fmt)).casefold()
        if fmt in ("pdf", "txt") and CASES[slug].locale.split("-")[0] in UNSPACED:
            _READ[key] = ReadBack("".join(text.split()), unspaced=True)
        else:
            _READ[key] = ReadBack(text)
    return _READ[key]


def as_html_shows(value: str) -> str:
    """An e-mail address as the web page shows it before its script runs (hidden from harvesters)."""
    if "@" not in value:
        return value
    user, domain = value.split("@")
    return f"{user} [at] " + " [dot] ".join(domain.split("."))


def caption(key: str, locale: str) -> str:
    """A catalogue label as a heading or the words before `{…}` (`EMBARGOED UNTIL {when}`)."""
    return label(key, locale, when="\0", organisation="\0").split("\0")[0].strip()


def test_the_corpus_is_every_release_in_the_folder() -> None:
    folders = sorted(p.parent.name for p in CORPUS.glob("*/release.yaml"))
    assert folders == sorted(CASES)
    assert len(folders) >= 24
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    for slug in folders:
        assert f"`{slug}`" in readme, f"{slug} is not listed in tests/corpus/README.md"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("slug", sorted(CASES))
def test_release_reads_back(built: Path, slug: str, fmt: str) -> None:
    case = CASES[slug]
    text = read_back(built, slug, fmt)
    wanted = [case.headline, *(case.dateline or "",)]
    wanted += [*case.figures, *case.contacts, *case.text]
    wanted += [caption(key, case.locale) for key in case.labels]
    for start, end, speaker in case.quotes:
        wanted += [start, end, speaker]
    if case.end_mark:
        wanted.append(case.end_mark)
    if fmt == "html":
        wanted = [as_html_shows(w) for w in wanted]
    missing = [w for w in wanted if w and text.find(w) < 0]
    assert not missing, f"{slug}.{fmt} does not show {missing}"
    for key in case.absent:
        heading = caption(key, case.locale)
        assert text.find(heading) < 0, f"{slug}.{fmt} shows {heading!r} with nothing under it"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("slug", sorted(s for s, c in CASES.items() if c.quotes))
def test_each_quote_is_followed_by_its_speaker_in_order(built: Path, slug: str, fmt: str) -> None:
    text = read_back(built, slug, fmt)
    at = 0
    for start, end, speaker in CASES[slug].quotes:
        opening = text.find(start, at)
        closing = text.find(end, opening)
        attribution = text.find(speaker, closing)
        assert 0 <= opening < closing < attribution, (slug, fmt, start, opening, closing, attribution)
        at = attribution


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("slug", sorted(s for s, c in CASES.items() if c.dateline))
def test_the_dateline_leads_the_running_text(built: Path, slug: str, fmt: str) -> None:
    """After the headline, before the contacts: where a journalist looks for it."""
    case = CASES[slug]
    text = read_back(built, slug, fmt)
    assert case.dateline
    dateline = text.find(case.dateline)
    assert text.find(case.headline) < dateline
    if "contacts" in case.labels and not case.contacts_top:
        assert dateline < text.find(caption("contacts", case.locale), dateline)


@pytest.mark.parametrize("slug", sorted(CASES))
def test_html_states_language_and_direction(built: Path, slug: str) -> None:
    import lxml.html

    case = CASES[slug]
    root = lxml.html.fromstring(output(built, slug, "html").decode("utf-8"))
    assert root.get("lang") == case.locale
    assert root.get("dir") == case.direction


@pytest.mark.parametrize("slug", sorted(CASES))
def test_docx_states_the_language(built: Path, slug: str) -> None:
    """Word's spelling and voice follow the release's language, in the script's own slot."""
    with zipfile.ZipFile(io.BytesIO(output(built, slug, "docx"))) as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
    case = CASES[slug]
    tag = re.search(r"<w:lang [^>]*>", styles)
    assert tag is not None, slug
    assert f'w:val="{case.locale}"' in tag.group(0)
    if case.direction == "rtl":
        assert f'w:bidi="{case.locale}"' in tag.group(0)
    if case.locale.split("-")[0] in ("ja", "zh", "ko"):
        assert f'w:eastAsia="{case.locale}"' in tag.group(0)


PHONE_LINKS = {
    "uk-charity-statement": ["tel:+44-7700-900418", "tel:+44-20-7946-0320"],
    "de-landesregierung": ["tel:+49-30-23125410"],
    "ca-federal-fr": ["tel:+1-613-555-0142"],
    "us-wire": ["tel:+1-512-555-0123"],
    "fr-observatoire": ["tel:+33-1-99-00-12-34"],
    "rns-results": ["tel:+44-20-7946-0011", "tel:+44-20-7946-0022", "tel:+44-7700-900123"],
}


@pytest.mark.parametrize("slug", sorted(PHONE_LINKS))
def test_every_number_is_its_own_tel_link(built: Path, slug: str) -> None:
    import lxml.html

    root = lxml.html.fromstring(output(built, slug, "html").decode("utf-8"))
    links = [a.get("href") for a in root.iter("a") if (a.get("href") or "").startswith("tel:")]
    assert links == PHONE_LINKS[slug]


def test_results_table_keeps_its_cells_in_html_and_docx(built: Path) -> None:
    import docx
    import lxml.html

    root = lxml.html.fromstring(output(built, "rns-results", "html").decode("utf-8"))
    rows = [[cell.text_content().strip() for cell in row] for row in root.iter("tr")]
    assert ["Adjusted operating profit (£m)", "61.2", "55.0", "+11.3%"] in rows
    assert rows[0] == ["", "H1 2025", "H1 2024", "Change"]
    document = docx.Document(io.BytesIO(output(built, "rns-results", "docx")))
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[1] == ["Revenue (£m)", "412.5", "380.5", "+8.4%"]
    assert len(cells) == 5


def test_recall_table_is_read_in_every_format_row_by_row(built: Path) -> None:
    for fmt in FORMATS:
        text = read_back(built, "product-recall", fmt)
        first, second = text.find("MF2418A"), text.find("MF2419B")
        assert 0 < first < second, fmt
        assert text.find("1 kg") < second


def test_embargoed_releases_say_so_in_their_language(built: Path) -> None:
    for slug in ("un-report-launch", "long-annual-review"):
        locale = CASES[slug].locale
        for fmt in FORMATS:
            text = read_back(built, slug, fmt)
            assert text.find(caption("embargoed_until", locale)) >= 0, (slug, fmt)
            assert text.find(caption("for_immediate_release", locale)) < 0, (slug, fmt)


def test_a_long_release_runs_over_pages(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(output(built, "long-annual-review", "pdf")))
    assert len(reader.pages) >= 2
    last = ReadBack(normalise(reader.pages[-1].extract_text() or "").casefold())
    assert last.find(caption("contacts", "en-GB")) >= 0


def test_assets_are_published_and_described(built: Path) -> None:
    import lxml.html

    folder = built / "it-assets" / "assets"
    assert (folder / "maiolica-piatto.png").read_bytes() == (
        CORPUS / "it-assets" / "assets" / "maiolica-piatto.png"
    ).read_bytes()
    root = lxml.html.fromstring(output(built, "it-assets", "html").decode("utf-8"))
    alts = {img.get("alt") for img in root.iter("img")}
    assert {
        "Piatto in maiolica dipinto in blu e arancione.",
        "Restauratrice al lavoro su un vaso in maiolica.",
    } <= alts
    for fmt in FORMATS:
        text = read_back(built, "it-assets", fmt)
        assert text.find(f"{label('credit', 'it')}: Museo delle Ceramiche") >= 0, fmt
