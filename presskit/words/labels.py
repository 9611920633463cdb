"""Fixed labels in each language, and the per-locale date patterns and quotation marks.

A locale is looked up as written (`pt-BR`), then as its language and script
(`zh-Hant` for `zh-TW`, from CLDR's likely subtags), then as its language
(`pt`), then in English; `has_catalogue` tells whether anything but English
would be found, so a build can warn before printing English labels in a
French release.
"""

from __future__ import annotations

from functools import cache
from typing import Final

ENGLISH: Final[dict[str, str]] = {
    "for_immediate_release": "FOR IMMEDIATE RELEASE",
    "embargoed_until": "EMBARGOED UNTIL {when}",
    # The embargo instant in its own zone, and the same instant in another zone.
    "embargo_instant": "{time} {zone}, {date}",
    "embargo_elsewhere": "{time} {zone} {day}",
    "type.media-release": "MEDIA RELEASE",
    "type.press-release": "PRESS RELEASE",
    "type.media-advisory": "MEDIA ADVISORY",
    "type.statement": "STATEMENT",
    "key_points": "Key points",
    "notes_to_editors": "Notes to editors",
    "about": "About {organisation}",
    "contacts": "Media contacts",
    "email": "Email",
    "phone": "Phone",
    "out_of_hours": "Out of hours",
    "hours": "Hours",
    "sources": "Sources",
    "assets": "Images and documents",
    "press_kit": "Press kit",
    "credit": "Credit",
    "licence": "Licence",
    "page_x_of_y": "Page {page} of {pages}",
    "more": "– more –",
    "quote_by": "{speaker}",
    # The wire convention closing the release text, where neither release nor theme sets one.
    "end_mark": "-Ends-",
    # Heading / accessible name of the list of the other languages a release is published in.
    "languages": "Languages",
    # A label and its value ("Email: …"): French spaces the colon, Chinese and Japanese use a full-width one.
    "labelled": "{label}: {value}",
    # Between the parts of a line (dateline city and date, a role and an organisation).
    "comma": ", ",
}

FRENCH: Final[dict[str, str]] = {
    "for_immediate_release": "POUR DIFFUSION IMMÉDIATE",
    "embargoed_until": "SOUS EMBARGO JUSQU’AU {when}",
    "embargo_instant": "{date}, {time} {zone}",
    "embargo_elsewhere": "{day}, {time} {zone}",
    "type.media-release": "COMMUNIQUÉ DE PRESSE",
    "type.press-release": "COMMUNIQUÉ DE PRESSE",
    "type.media-advisory": "AVIS AUX MÉDIAS",
    "type.statement": "DÉCLARATION",
    "key_points": "Points clés",
    "notes_to_editors": "Notes aux rédactions",
    "about": "À propos de {organisation}",
    "contacts": "Contacts presse",
    "email": "E-mail",
    "phone": "Téléphone",
    "out_of_hours": "En dehors des heures de bureau",
    "hours": "Horaires",
    "sources": "Sources",
    "assets": "Images et documents",
    "press_kit": "Dossier de presse",
    "credit": "Crédit",
    "licence": "Licence",
    "page_x_of_y": "Page {page} sur {pages}",
    "more": "– suite –",
    "quote_by": "{speaker}",
    "end_mark": "-Fin-",
    "languages": "Langues",
    "labelled": "{label}\u00a0: {value}",
    "comma": ", ",
}

GERMAN: Final[dict[str, str]] = {
    "for_immediate_release": "ZUR SOFORTIGEN VERÖFFENTLICHUNG",
    "embargoed_until": "SPERRFRIST BIS {when}",
    "embargo_instant": "{date}, {time} Uhr {zone}",
    "embargo_elsewhere": "{day}, {time} Uhr {zone}",
    "type.media-release": "PRESSEMITTEILUNG",
    "type.press-release": "PRESSEMITTEILUNG",
    "type.media-advisory": "PRESSEEINLADUNG",
    "type.statement": "STELLUNGNAHME",
    "key_points": "Das Wichtigste in Kürze",
    "notes_to_editors": "Hinweise für Redaktionen",
    "about": "Über {organisation}",
    "contacts": "Pressekontakt",
    "email": "E-Mail",
    "phone": "Telefon",
    "out_of_hours": "Außerhalb der Bürozeiten",
    "hours": "Erreichbarkeit",
    "sources": "Quellen",
    "assets": "Bilder und Dokumente",
    "press_kit": "Pressemappe",
    "credit": "Bildnachweis",
    "licence": "Lizenz",
    "page_x_of_y": "Seite {page} von {pages}",
    "more": "– mehr –",
    "quote_by": "{speaker}",
    "end_mark": "-Ende-",
    "languages": "Sprachen",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

SPANISH: Final[dict[str, str]] = {
    "for_immediate_release": "PARA DIFUSIÓN INMEDIATA",
    "embargoed_until": "BAJO EMBARGO HASTA EL {when}",
    "embargo_instant": "{date}, {time} {zone}",
    "embargo_elsewhere": "{day}, {time} {zone}",
    "type.media-release": "COMUNICADO DE PRENSA",
    "type.press-release": "COMUNICADO DE PRENSA",
    "type.media-advisory": "AVISO A LOS MEDIOS",
    "type.statement": "DECLARACIÓN",
    "key_points": "Puntos clave",
    "notes_to_editors": "Notas para los editores",
    "about": "Acerca de {organisation}",
    "contacts": "Contactos de prensa",
    "email": "Correo electrónico",
    "phone": "Teléfono",
    "out_of_hours": "Fuera del horario de oficina",
    "hours": "Horario",
    "sources": "Fuentes",
    "assets": "Imágenes y documentos",
    "press_kit": "Dosier de prensa",
    "credit": "Crédito",
    "licence": "Licencia",
    "page_x_of_y": "Página {page} de {pages}",
    "more": "– más –",
    "quote_by": "{speaker}",
    "end_mark": "-Fin-",
    "languages": "Idiomas",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

PORTUGUESE: Final[dict[str, str]] = {
    "for_immediate_release": "PARA DIVULGAÇÃO IMEDIATA",
    "embargoed_until": "SOB EMBARGO ATÉ {when}",
    "embargo_instant": "{date}, {time} {zone}",
    "embargo_elsewhere": "{day}, {time} {zone}",
    "type.media-release": "COMUNICADO À IMPRENSA",
    "type.press-release": "COMUNICADO À IMPRENSA",
    "type.media-advisory": "AVISO DE PAUTA",
    "type.statement": "DECLARAÇÃO",
    "key_points": "Destaques",
    "notes_to_editors": "Notas aos editores",
    "about": "Sobre {organisation}",
    "contacts": "Contatos para a imprensa",
    "email": "E-mail",
    "phone": "Telefone",
    "out_of_hours": "Fora do horário comercial",
    "hours": "Horário de atendimento",
    "sources": "Fontes",
    "assets": "Imagens e documentos",
    "press_kit": "Kit de imprensa",
    "credit": "Crédito",
    "licence": "Licença",
    "page_x_of_y": "Página {page} de {pages}",
    "more": "– continua –",
    "quote_by": "{speaker}",
    "end_mark": "-Fim-",
    "languages": "Idiomas",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

# European Portuguese where it differs from CLDR's default (Brazilian) Portuguese.
PORTUGUESE_PORTUGAL: Final[dict[str, str]] = {
    "type.media-advisory": "AVISO AOS MEDIA",
    "contacts": "Contactos de imprensa",
}

ITALIAN: Final[dict[str, str]] = {
    "for_immediate_release": "PER DIFFUSIONE IMMEDIATA",
    "embargoed_until": "EMBARGO FINO A {when}",
    "embargo_instant": "{date}, ore {time} {zone}",
    "embargo_elsewhere": "{day}, ore {time} {zone}",
    "type.media-release": "COMUNICATO STAMPA",
    "type.press-release": "COMUNICATO STAMPA",
    "type.media-advisory": "AVVISO AI MEDIA",
    "type.statement": "DICHIARAZIONE",
    "key_points": "Punti chiave",
    "notes_to_editors": "Note per le redazioni",
    "about": "Informazioni su {organisation}",
    "contacts": "Contatti stampa",
    "email": "E-mail",
    "phone": "Telefono",
    "out_of_hours": "Fuori orario d’ufficio",
    "hours": "Orari",
    "sources": "Fonti",
    "assets": "Immagini e documenti",
    "press_kit": "Cartella stampa",
    "credit": "Crediti",
    "licence": "Licenza",
    "page_x_of_y": "Pagina {page} di {pages}",
    "more": "– segue –",
    "quote_by": "{speaker}",
    "end_mark": "-Fine-",
    "languages": "Lingue",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

DUTCH: Final[dict[str, str]] = {
    "for_immediate_release": "VOOR ONMIDDELLIJKE PUBLICATIE",
    "embargoed_until": "EMBARGO TOT {when}",
    "embargo_instant": "{date}, {time} uur {zone}",
    "embargo_elsewhere": "{day}, {time} uur {zone}",
    "type.media-release": "PERSBERICHT",
    "type.press-release": "PERSBERICHT",
    "type.media-advisory": "PERSUITNODIGING",
    "type.statement": "VERKLARING",
    "key_points": "De belangrijkste punten",
    "notes_to_editors": "Noot voor de redactie",
    "about": "Over {organisation}",
    "contacts": "Perscontact",
    "email": "E-mail",
    "phone": "Telefoon",
    "out_of_hours": "Buiten kantooruren",
    "hours": "Bereikbaar",
    "sources": "Bronnen",
    "assets": "Beeld en documenten",
    "press_kit": "Perskit",
    "credit": "Beeld",
    "licence": "Licentie",
    "page_x_of_y": "Pagina {page} van {pages}",
    "more": "– meer –",
    "quote_by": "{speaker}",
    "end_mark": "-Einde-",
    "languages": "Talen",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

ARABIC: Final[dict[str, str]] = {
    "for_immediate_release": "للنشر الفوري",
    "embargoed_until": "يُحظر النشر حتى {when}",
    "embargo_instant": "الساعة {time} {zone} يوم {date}",
    "embargo_elsewhere": "الساعة {time} {zone} يوم {day}",
    "type.media-release": "بيان صحفي",
    "type.press-release": "بيان صحفي",
    "type.media-advisory": "تنويه إعلامي",
    "type.statement": "بيان",
    "key_points": "أبرز النقاط",
    "notes_to_editors": "ملاحظات للمحررين",
    "about": "نبذة عن {organisation}",
    "contacts": "للتواصل الإعلامي",
    "email": "البريد الإلكتروني",
    "phone": "الهاتف",
    "out_of_hours": "خارج ساعات العمل",
    "hours": "ساعات العمل",
    "sources": "المصادر",
    "assets": "الصور والوثائق",
    "press_kit": "الملف الصحفي",
    "credit": "الحقوق",
    "licence": "الترخيص",
    "page_x_of_y": "الصفحة {page} من {pages}",
    "more": "– يتبع –",
    "quote_by": "{speaker}",
    "end_mark": "-انتهى-",
    "languages": "اللغات",
    "labelled": "{label}: {value}",
    "comma": "، ",
}

HEBREW: Final[dict[str, str]] = {
    "for_immediate_release": "לפרסום מיידי",
    "embargoed_until": "אמברגו עד {when}",
    "embargo_instant": "{date}, בשעה {time} {zone}",
    "embargo_elsewhere": "{day}, בשעה {time} {zone}",
    "type.media-release": "הודעה לעיתונות",
    "type.press-release": "הודעה לעיתונות",
    "type.media-advisory": "הזמנה לתקשורת",
    "type.statement": "הצהרה",
    "key_points": "עיקרי הדברים",
    "notes_to_editors": "הערות לעורכים",
    "about": "אודות {organisation}",
    "contacts": "אנשי קשר לתקשורת",
    "email": "דוא״ל",
    "phone": "טלפון",
    "out_of_hours": "מחוץ לשעות הפעילות",
    "hours": "שעות פעילות",
    "sources": "מקורות",
    "assets": "תמונות ומסמכים",
    "press_kit": "ערכת עיתונות",
    "credit": "קרדיט",
    "licence": "רישיון",
    "page_x_of_y": "עמוד {page} מתוך {pages}",
    "more": "– המשך –",
    "quote_by": "{speaker}",
    "end_mark": "-סוף-",
    "languages": "שפות",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

CHINESE_SIMPLIFIED: Final[dict[str, str]] = {
    "for_immediate_release": "即时发布",
    "embargoed_until": "禁发至 {when}",
    "embargo_instant": "{date} {time} {zone}",
    "embargo_elsewhere": "{day} {time} {zone}",
    "type.media-release": "新闻稿",
    "type.press-release": "新闻稿",
    "type.media-advisory": "媒体通告",
    "type.statement": "声明",
    "key_points": "要点",
    "notes_to_editors": "编辑须知",
    "about": "关于{organisation}",
    "contacts": "媒体联系人",
    "email": "电子邮件",
    "phone": "电话",
    "out_of_hours": "非工作时间",
    "hours": "工作时间",
    "sources": "资料来源",
    "assets": "图片与文件",
    "press_kit": "媒体资料包",
    "credit": "署名",
    "licence": "许可",
    "page_x_of_y": "第 {page} 页，共 {pages} 页",
    "more": "– 下页续 –",
    "quote_by": "{speaker}",
    "end_mark": "-完-",
    "languages": "语言",
    "labelled": "{label}：{value}",
    "comma": "，",
}

CHINESE_TRADITIONAL: Final[dict[str, str]] = {
    "for_immediate_release": "即時發布",
    "embargoed_until": "禁發至 {when}",
    "embargo_instant": "{date} {time} {zone}",
    "embargo_elsewhere": "{day} {time} {zone}",
    "type.media-release": "新聞稿",
    "type.press-release": "新聞稿",
    "type.media-advisory": "媒體通告",
    "type.statement": "聲明",
    "key_points": "要點",
    "notes_to_editors": "編輯須知",
    "about": "關於{organisation}",
    "contacts": "媒體聯絡人",
    "email": "電子郵件",
    "phone": "電話",
    "out_of_hours": "非辦公時間",
    "hours": "辦公時間",
    "sources": "資料來源",
    "assets": "圖片與文件",
    "press_kit": "媒體資料包",
    "credit": "署名",
    "licence": "授權",
    "page_x_of_y": "第 {page} 頁，共 {pages} 頁",
    "more": "– 下頁續 –",
    "quote_by": "{speaker}",
    "end_mark": "-完-",
    "languages": "語言",
    "labelled": "{label}：{value}",
    "comma": "，",
}

JAPANESE: Final[dict[str, str]] = {
    "for_immediate_release": "即日発表",
    "embargoed_until": "報道解禁：{when}",
    "embargo_instant": "{date} {time}（{zone}）",
    "embargo_elsewhere": "{day} {time}（{zone}）",
    "type.media-release": "プレスリリース",
    "type.press-release": "プレスリリース",
    "type.media-advisory": "取材のご案内",
    "type.statement": "声明",
    "key_points": "要点",
    "notes_to_editors": "編集者向け注記",
    "about": "{organisation}について",
    "contacts": "報道関係のお問い合わせ",
    "email": "メール",
    "phone": "電話",
    "out_of_hours": "時間外",
    "hours": "受付時間",
    "sources": "出典",
    "assets": "画像・資料",
    "press_kit": "プレスキット",
    "credit": "クレジット",
    "licence": "ライセンス",
    "page_x_of_y": "{page} / {pages} ページ",
    "more": "– 次ページへ続く –",
    "quote_by": "{speaker}",
    "end_mark": "以上",
    "languages": "言語",
    "labelled": "{label}：{value}",
    "comma": "、",
}

KOREAN: Final[dict[str, str]] = {
    "for_immediate_release": "보도 시점: 즉시",
    "embargoed_until": "보도 시점: {when} 이후",
    "embargo_instant": "{date} {time} {zone}",
    "embargo_elsewhere": "{day} {time} {zone}",
    "type.media-release": "보도자료",
    "type.press-release": "보도자료",
    "type.media-advisory": "취재 안내",
    "type.statement": "성명",
    "key_points": "주요 내용",
    "notes_to_editors": "편집자 참고사항",
    "about": "{organisation} 소개",
    "contacts": "언론 문의",
    "email": "이메일",
    "phone": "전화",
    "out_of_hours": "업무 시간 외",
    "hours": "업무 시간",
    "sources": "출처",
    "assets": "이미지 및 자료",
    "press_kit": "프레스 키트",
    "credit": "제공",
    "licence": "라이선스",
    "page_x_of_y": "{pages}쪽 중 {page}쪽",
    "more": "– 계속 –",
    "quote_by": "{speaker}",
    "end_mark": "-끝-",
    "languages": "언어",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

RUSSIAN: Final[dict[str, str]] = {
    "for_immediate_release": "ДЛЯ НЕМЕДЛЕННОЙ ПУБЛИКАЦИИ",
    "embargoed_until": "ЭМБАРГО ДО {when}",
    "embargo_instant": "{time} {zone}, {date}",
    "embargo_elsewhere": "{time} {zone}, {day}",
    "type.media-release": "ПРЕСС-РЕЛИЗ",
    "type.press-release": "ПРЕСС-РЕЛИЗ",
    "type.media-advisory": "АНОНС ДЛЯ СМИ",
    "type.statement": "ЗАЯВЛЕНИЕ",
    "key_points": "Главное",
    "notes_to_editors": "Примечания для редакторов",
    "about": "Об организации {organisation}",
    "contacts": "Контакты для СМИ",
    "email": "Эл. почта",
    "phone": "Телефон",
    "out_of_hours": "В нерабочее время",
    "hours": "Часы работы",
    "sources": "Источники",
    "assets": "Изображения и документы",
    "press_kit": "Пресс-кит",
    "credit": "Автор",
    "licence": "Лицензия",
    "page_x_of_y": "Страница {page} из {pages}",
    "more": "– продолжение следует –",
    "quote_by": "{speaker}",
    "end_mark": "-Конец-",
    "languages": "Языки",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

HINDI: Final[dict[str, str]] = {
    "for_immediate_release": "तत्काल प्रकाशन हेतु",
    "embargoed_until": "{when} तक प्रकाशन पर रोक",
    "embargo_instant": "{date}, {time} {zone}",
    "embargo_elsewhere": "{day}, {time} {zone}",
    "type.media-release": "मीडिया विज्ञप्ति",
    "type.press-release": "प्रेस विज्ञप्ति",
    "type.media-advisory": "मीडिया सूचना",
    "type.statement": "वक्तव्य",
    "key_points": "मुख्य बिंदु",
    "notes_to_editors": "संपादकों के लिए टिप्पणी",
    "about": "{organisation} के बारे में",
    "contacts": "मीडिया संपर्क",
    "email": "ईमेल",
    "phone": "फ़ोन",
    "out_of_hours": "कार्यालय समय के बाद",
    "hours": "कार्य समय",
    "sources": "स्रोत",
    "assets": "चित्र और दस्तावेज़",
    "press_kit": "प्रेस किट",
    "credit": "श्रेय",
    "licence": "लाइसेंस",
    "page_x_of_y": "पृष्ठ {page} / {pages}",
    "more": "– जारी –",
    "quote_by": "{speaker}",
    "end_mark": "-समाप्त-",
    "languages": "भाषाएँ",
    "labelled": "{label}: {value}",
    "comma": ", ",
}

THAI: Final[dict[str, str]] = {
    "for_immediate_release": "เผยแพร่ทันที",
    "embargoed_until": "ห้ามเผยแพร่ก่อน {when}",
    "embargo_instant": "{date} เวลา {time} น. {zone}",
    "embargo_elsewhere": "{day} เวลา {time} น. {zone}",
    "type.media-release": "ข่าวประชาสัมพันธ์",
    "type.press-release": "ข่าวประชาสัมพันธ์",
    "type.media-advisory": "แจ้งสื่อมวลชน",
    "type.statement": "แถลงการณ์",
    "key_points": "ประเด็นสำคัญ",
    "notes_to_editors": "หมายเหตุถึงบรรณาธิการ",
    "about": "เกี่ยวกับ {organisation}",
    "contacts": "ติดต่อสื่อมวลชน",
    "email": "อีเมล",
    "phone": "โทรศัพท์",
    "out_of_hours": "นอกเวลาทำการ",
    "hours": "เวลาทำการ",
    "sources": "แหล่งที่มา",
    "assets": "ภาพและเอกสาร",
    "press_kit": "ชุดข้อมูลสำหรับสื่อมวลชน",
    "credit": "เครดิต",
    "licence": "สัญญาอนุญาต",
    "page_x_of_y": "หน้า {page} จาก {pages}",
    "more": "– มีต่อ –",
    "quote_by": "{speaker}",
    "end_mark": "-จบ-",
    "languages": "ภาษา",
    "labelled": "{label}: {value}",
    "comma": " ",
}

# Keys are BCP 47 tags: a language, or a language and script / region where it differs.

# The newsroom page's own words, in every table above (kept together so they are easy to review).
_NEWSROOM_KEYS = (
    "newsroom_title",
    "newsroom_feed",
    "newsroom_embargoed",
    "newsroom_lifted",
    "newsroom_pack",
    "newsroom_none",
    "format_html",
    "format_txt",
)
for _table, _words in (
    (
        ENGLISH,
        (
            "Press releases",
            "Atom feed of released items",
            "Embargoed until {when}",
            "Embargo lifted {when}",
            "Press kit (zip, {size})",
            "No releases yet.",
            "Web page",
            "Plain text",
        ),
    ),
    (
        FRENCH,
        (
            "Communiqués de presse",
            "Flux Atom des communiqués publiés",
            "Sous embargo jusqu’au {when}",
            "Embargo levé le {when}",
            "Dossier de presse (zip, {size})",
            "Aucun communiqué pour l’instant.",
            "Page web",
            "Texte brut",
        ),
    ),
    (
        GERMAN,
        (
            "Pressemitteilungen",
            "Atom-Feed der veröffentlichten Mitteilungen",
            "Sperrfrist bis {when}",
            "Sperrfrist aufgehoben: {when}",
            "Pressemappe (ZIP, {size})",
            "Noch keine Mitteilungen.",
            "Webseite",
            "Nur-Text",
        ),
    ),
    (
        SPANISH,
        (
            "Comunicados de prensa",
            "Canal Atom de los comunicados publicados",
            "Embargado hasta {when}",
            "Embargo levantado: {when}",
            "Dossier de prensa (zip, {size})",
            "Todavía no hay comunicados.",
            "Página web",
            "Texto sin formato",
        ),
    ),
    (
        PORTUGUESE,
        (
            "Comunicados de imprensa",
            "Feed Atom dos comunicados publicados",
            "Sob embargo até {when}",
            "Embargo encerrado: {when}",
            "Kit de imprensa (zip, {size})",
            "Ainda não há comunicados.",
            "Página web",
            "Texto simples",
        ),
    ),
    (
        ITALIAN,
        (
            "Comunicati stampa",
            "Feed Atom dei comunicati pubblicati",
            "Sotto embargo fino a {when}",
            "Embargo revocato: {when}",
            "Cartella stampa (zip, {size})",
            "Ancora nessun comunicato.",
            "Pagina web",
            "Testo semplice",
        ),
    ),
    (
        DUTCH,
        (
            "Persberichten",
            "Atom-feed van gepubliceerde berichten",
            "Onder embargo tot {when}",
            "Embargo opgeheven: {when}",
            "Persmap (zip, {size})",
            "Nog geen persberichten.",
            "Webpagina",
            "Platte tekst",
        ),
    ),
    (
        ARABIC,
        (
            "البيانات الصحفية",
            "موجز Atom للبيانات المنشورة",
            "محظور النشر حتى {when}",
            "رُفع الحظر: {when}",
            "الملف الصحفي (zip، {size})",
            "لا توجد بيانات بعد.",
            "صفحة ويب",
            "نص عادي",
        ),
    ),
    (
        HEBREW,
        (
            "הודעות לעיתונות",
            "עדכון Atom של ההודעות שפורסמו",
            "באמברגו עד {when}",
            "האמברגו הוסר: {when}",
            "ערכת עיתונות (zip, {size})",
            "אין עדיין הודעות.",
            "דף אינטרנט",
            "טקסט פשוט",
        ),
    ),
    (
        CHINESE_SIMPLIFIED,
        (
            "新闻稿",
            "已发布新闻稿的 Atom 订阅源",
            "禁止发布至 {when}",
            "禁令已解除：{when}",
            "新闻资料包（zip，{size}）",
            "暂无新闻稿。",
            "网页",
            "纯文本",
        ),
    ),
    (
        CHINESE_TRADITIONAL,
        (
            "新聞稿",
            "已發布新聞稿的 Atom 訂閱源",
            "禁止發布至 {when}",
            "禁令已解除：{when}",
            "新聞資料包（zip，{size}）",
            "暫無新聞稿。",
            "網頁",
            "純文字",
        ),
    ),
    (
        JAPANESE,
        (
            "プレスリリース",
            "公開済みリリースの Atom フィード",
            "解禁日時：{when}",
            "解禁済み：{when}",
            "プレスキット（zip、{size}）",
            "まだリリースはありません。",
            "ウェブページ",
            "プレーンテキスト",
        ),
    ),
    (
        KOREAN,
        (
            "보도자료",
            "게시된 보도자료 Atom 피드",
            "{when}까지 보도 유예",
            "보도 유예 해제: {when}",
            "보도 키트(zip, {size})",
            "아직 보도자료가 없습니다.",
            "웹 페이지",
            "일반 텍스트",
        ),
    ),
    (
        RUSSIAN,
        (
            "Пресс-релизы",
            "Atom-лента опубликованных материалов",
            "Эмбарго до {when}",
            "Эмбарго снято: {when}",
            "Пресс-кит (zip, {size})",
            "Пресс-релизов пока нет.",
            "Веб-страница",
            "Простой текст",
        ),
    ),
    (
        HINDI,
        (
            "प्रेस विज्ञप्तियाँ",
            "प्रकाशित विज्ञप्तियों की Atom फ़ीड",
            "{when} तक प्रतिबंधित",
            "प्रतिबंध हटा: {when}",
            "प्रेस किट (zip, {size})",
            "अभी कोई विज्ञप्ति नहीं।",
            "वेब पेज",
            "सादा पाठ",
        ),
    ),
    (
        THAI,
        (
            "ข่าวประชาสัมพันธ์",
            "ฟีด Atom ของข่าวที่เผยแพร่แล้ว",
            "ห้ามเผยแพร่จนถึง {when}",
            "ยกเลิกการห้ามเผยแพร่แล้ว: {when}",
            "ชุดข้อมูลสื่อ (zip, {size})",
            "ยังไม่มีข่าวประชาสัมพันธ์",
            "หน้าเว็บ",
            "ข้อความธรรมดา",
        ),
    ),
):
    _table.update(zip(_NEWSROOM_KEYS, _words, strict=True))

# The link a release's web page gives to the zip of its whole pack (build --pack).
for _table, _download in (
    (ENGLISH, "Download the complete press pack (zip)"),
    (FRENCH, "Télécharger le dossier de presse complet (zip)"),
    (GERMAN, "Die vollständige Pressemappe herunterladen (ZIP)"),
    (SPANISH, "Descargar el dossier de prensa completo (zip)"),
    (PORTUGUESE, "Baixar o kit de imprensa completo (zip)"),
    (PORTUGUESE_PORTUGAL, "Descarregar o kit de imprensa completo (zip)"),
    (ITALIAN, "Scarica la cartella stampa completa (zip)"),
    (DUTCH, "De volledige persmap downloaden (zip)"),
    (ARABIC, "تنزيل الملف الصحفي كاملًا (zip)"),
    (HEBREW, "הורדת ערכת העיתונות המלאה (zip)"),
    (CHINESE_SIMPLIFIED, "下载完整新闻资料包（zip）"),
    (CHINESE_TRADITIONAL, "下載完整新聞資料包（zip）"),
    (JAPANESE, "プレスキット一式をダウンロード（zip）"),
    (KOREAN, "전체 보도 자료 패키지 다운로드(zip)"),
    (RUSSIAN, "Скачать полный пресс-кит (zip)"),
    (HINDI, "पूरी प्रेस किट डाउनलोड करें (zip)"),
    (THAI, "ดาวน์โหลดชุดข้อมูลสื่อทั้งหมด (zip)"),
):
    _table["pack_download"] = _download

CATALOGUE: Final[dict[str, dict[str, str]]] = {
    "en": ENGLISH,
    "fr": FRENCH,
    "de": GERMAN,
    "es": SPANISH,
    "pt": PORTUGUESE,
    "pt-PT": PORTUGUESE_PORTUGAL,
    "it": ITALIAN,
    "nl": DUTCH,
    "ar": ARABIC,
    "he": HEBREW,
    "zh": CHINESE_SIMPLIFIED,
    "zh-Hant": CHINESE_TRADITIONAL,
    "ja": JAPANESE,
    "ko": KOREAN,
    "ru": RUSSIAN,
    "hi": HINDI,
    "th": THAI,
}

# Babel date patterns where the locale's CLDR default is not press style. "day" is a
# weekday and date without the year: CLDR's skeleton abbreviates it in many languages.
DATE_PATTERNS: Final[dict[str, dict[str, str]]] = {
    "en-GB": {"full": "EEEE d MMMM y", "day": "EEEE d MMMM"},
    "en-US": {"day": "EEEE, MMMM d"},
    "en": {"day": "EEEE d MMMM"},
    "fr": {"day": "EEEE d MMMM"},
    "de": {"day": "EEEE, d. MMMM"},
    "es": {"day": "EEEE d 'de' MMMM"},
    "pt": {"day": "EEEE, d 'de' MMMM"},
    "it": {"day": "EEEE d MMMM"},
    "nl": {"day": "EEEE d MMMM"},
    "ar": {"day": "EEEE، d MMMM"},
    "he": {"day": "EEEE, d בMMMM"},
    "ru": {"day": "EEEE, d MMMM"},
    "hi": {"day": "EEEE, d MMMM"},
    "th": {"day": "EEEEที่ d MMMM"},
    "zh": {"day": "M月d日EEEE"},
    "zh-Hant": {"day": "M月d日 EEEE"},
    "ja": {"day": "M月d日EEEE"},
    "ko": {"day": "M월 d일 EEEE"},
}

# Quotation marks (CLDR's delimiters; Babel does not expose them).
QUOTE_MARKS: Final[dict[str, tuple[str, str]]] = {
    "en": ("\u201c", "\u201d"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"),
    "de": ("\u201e", "\u201c"),
    "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"),
    "pt": ("\u201c", "\u201d"),
    "nl": ("\u2018", "\u2019"),
    "ru": ("\u00ab", "\u00bb"),
    "ar": ("\u201d", "\u201c"),
    "he": ("\u201d", "\u201d"),
    "zh": ("\u201c", "\u201d"),
    "zh-Hant": ("\u300c", "\u300d"),
    "ja": ("\u300c", "\u300d"),
    "ko": ("\u201c", "\u201d"),
    "hi": ("\u201c", "\u201d"),
    "th": ("\u201c", "\u201d"),
}


@cache
def locale_candidates(locale: str) -> tuple[str, ...]:
    """Where to look a locale up, most specific first: `zh-TW` → zh-TW, zh-Hant, zh.

    The script comes from CLDR's likely subtags, so Taiwanese and Hong Kong Chinese
    find the Traditional entries, not the Simplified ones their language would give.
    """
    tag = locale.replace("_", "-")
    parts = tag.split("-")
    language = parts[0].lower()
    out = [tag]
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(tag.replace("-", "_")) or ""
        script = next((p for p in likely.split("_")[1:] if len(p) == 4), None)
    if script:
        out.append(f"{language}-{script}")
    out.append(language)
    return tuple(dict.fromkeys(out))


def _lookup(table: dict[str, dict[str, str]], key: str, locale: str) -> str | None:
    for name in locale_candidates(locale):
        entry = table.get(name, {}).get(key)
        if entry is not None:
            return entry
    return None


def has_catalogue(locale: str) -> bool:
    """Whether `locale` has labels of its own (True for English); False means English ones are used."""
    return any(name in CATALOGUE for name in locale_candidates(locale))


def label(key: str, locale: str, **values: str) -> str:
    """The label `key` in `locale` (falling back to English), filled in."""
    entry = _lookup(CATALOGUE, key, locale)
    if entry is None:
        entry = ENGLISH.get(key)
    if entry is None:
        raise KeyError(key)
    return entry.format(**values) if values else entry


def date_pattern(kind: str, locale: str) -> str:
    """A Babel pattern or format name for `kind` ("long", "full", "day") in `locale`.

    "day" is a weekday and date without the year; where a locale has no
    pattern of its own, its language's and then CLDR's skeleton apply.
    """
    return _lookup(DATE_PATTERNS, kind, locale) or kind


def quote_marks(locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks for `locale` (English marks where unknown)."""
    for name in locale_candidates(locale):
        if name in QUOTE_MARKS:
            return QUOTE_MARKS[name]
    return QUOTE_MARKS["en"]
