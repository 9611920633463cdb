"""Which font sets which character: the scripts in a text, a font per run, and coverage.

A theme names a body font and, per script (ISO 15924 code), the family that
sets it (`fonts.scripts`). A character is set in its script's family when that
family has it, else in the body font, else in any other family the theme names,
else in whatever TrueType font fontconfig finds for it. A character none of
those has is a `coverage_problems` warning naming it and its field, never a
silent empty box. Which of a theme's fonts sets a character is chosen in
presskit.themes.fonts; this module knows scripts and font files only.

Characters that belong to no script (spaces, digits, punctuation) and combining
marks take the script of the text around them, as a shaping engine would.
"""

from __future__ import annotations

import bisect
import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from presskit import model as m
from presskit.words.typefaces import FontFiles

COMMON: Final = "Zyyy"  # belongs to no script: spaces, digits, punctuation, symbols
INHERITED: Final = "Zinh"  # combining marks: the script of the base they sit on

# Unicode blocks by script, (first, last, ISO 15924 code), sorted. Enough to choose
# fonts: ranges of common characters inside a block (the Arabic comma, CJK
# punctuation) are listed as common.
_RANGES: Final[tuple[tuple[int, int, str], ...]] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x00D6, "Latn"),
    (0x00D8, 0x00F6, "Latn"),
    (0x00F8, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0300, 0x036F, INHERITED),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0591, 0x05C7, INHERITED),  # Hebrew points and accents: marks on Hebrew letters
    (0x05C8, 0x05FF, "Hebr"),
    (0x0600, 0x060B, "Arab"),
    (0x060C, 0x060C, COMMON),  # Arabic comma, also used by Persian and Urdu
    (0x060D, 0x061A, "Arab"),
    (0x061B, 0x061C, COMMON),
    (0x061D, 0x061E, "Arab"),
    (0x061F, 0x061F, COMMON),
    (0x0620, 0x063F, "Arab"),
    (0x0640, 0x0640, COMMON),  # tatweel
    (0x0641, 0x064A, "Arab"),
    (0x064B, 0x065F, INHERITED),  # harakat
    (0x0660, 0x0669, "Arab"),  # Arabic-Indic digits: Arabic fonts have them
    (0x066A, 0x066F, "Arab"),
    (0x0670, 0x0670, INHERITED),
    (0x0671, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x07C0, 0x07FF, "Nkoo"),
    (0x0860, 0x086F, "Syrc"),
    (0x0870, 0x08FF, "Arab"),
    (0x0900, 0x0963, "Deva"),
    (0x0964, 0x0965, COMMON),  # danda, double danda
    (0x0966, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1AB0, 0x1AFF, INHERITED),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1DC0, 0x1DFF, INHERITED),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x200C, 0x200D, INHERITED),  # zero-width (non-)joiner
    (0x20D0, 0x20FF, INHERITED),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x2E80, 0x2FDF, "Hani"),
    (0x3005, 0x3005, "Hani"),
    (0x3007, 0x3007, "Hani"),
    (0x3021, 0x3029, "Hani"),
    (0x3038, 0x303B, "Hani"),
    (0x3041, 0x3096, "Hira"),
    (0x3099, 0x309A, INHERITED),
    (0x309D, 0x309F, "Hira"),
    (0x30A1, 0x30FA, "Kana"),
    (0x30FD, 0x30FF, "Kana"),
    (0x3105, 0x312F, "Bopo"),
    (0x3131, 0x318E, "Hang"),
    (0x31A0, 0x31BF, "Bopo"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xA8E0, 0xA8FF, "Deva"),
    (0xA960, 0xA97F, "Hang"),
    (0xAB30, 0xAB6F, "Latn"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xD7B0, 0xD7FF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB00, 0xFB06, "Latn"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE00, 0xFE0F, INHERITED),  # variation selectors
    (0xFE20, 0xFE2F, INHERITED),
    (0xFE70, 0xFEFE, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF6F, "Kana"),
    (0xFF71, 0xFF9D, "Kana"),
    (0xFFA0, 0xFFDC, "Hang"),
    (0x1B000, 0x1B16F, "Kana"),
    (0x20000, 0x323AF, "Hani"),
    (0xE0100, 0xE01EF, INHERITED),
)
_STARTS: Final = [first for first, _, _ in _RANGES]

RTL_CLASSES: Final = frozenset({"R", "AL"})
# Scripts whose letters change shape, join, reorder or stack: they need a shaping engine.
COMPLEX_SCRIPTS: Final = frozenset(
    "Arab Hebr Syrc Thaa Nkoo Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Thai Laoo Tibt "
    "Mymr Khmr".split()
)
# Scripts written without spaces, broken between (almost) any two characters.
CJK_SCRIPTS: Final = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
# Scripts any general-purpose body font is expected to set as they are.
SIMPLE_SCRIPTS: Final = frozenset({"Latn", "Grek", "Cyrl", "Armn", "Geor", COMMON, INHERITED})
# What needs no glyph: spaces, controls, format characters (joiners, direction marks).
_NO_GLYPH_CATEGORIES: Final = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


# Memo: every document asks for the same few hundred characters. Bounded, so that text of
# every character there is (hostile input, a long-running preview) cannot grow it without end.
_SCRIPT_OF: dict[str, str] = {}
_SCRIPT_MEMO_LIMIT = 65_536


def script_of(char: str) -> str:
    """The ISO 15924 code of `char`'s script; COMMON or INHERITED for characters of none."""
    found = _SCRIPT_OF.get(char)
    if found is None:
        found = _script_of(char)
        if len(_SCRIPT_OF) < _SCRIPT_MEMO_LIMIT:
            _SCRIPT_OF[char] = found
    return found


def _script_of(char: str) -> str:
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        first, last, script = _RANGES[index]
        if first <= code <= last:
            return script
    if unicodedata.category(char) in ("Mn", "Me"):
        return INHERITED
    return COMMON


# Languages whose letters join or stack (Arabic, Hebrew's points, Devanagari's headline, Thai's
# marks): spacing letters apart breaks their words, so no format tracks their text. The web
# page's stylesheet names the same languages (templates/default/_release.css.j2).
UNSPACED_LETTERS: Final = frozenset(
    {
        "ar",
        "fa",
        "ur",
        "he",
        "yi",
        "hi",
        "mr",
        "ne",
        "bn",
        "pa",
        "gu",
        "ta",
        "te",
        "kn",
        "ml",
        "si",
        "th",
        "lo",
        "km",
        "my",
    }
)


def letters_may_be_spaced(locale: str) -> bool:
    """False for a language whose letters break apart when spaced (see UNSPACED_LETTERS)."""
    return locale.split("-")[0].lower() not in UNSPACED_LETTERS


def is_right_to_left(char: str) -> bool:
    """A strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko…)."""
    return unicodedata.bidirectional(char) in RTL_CLASSES


def has_right_to_left(text: str) -> bool:
    return not text.isascii() and any(is_right_to_left(char) for char in text)


def needs_glyph(char: str) -> bool:
    """Whether `char` is drawn at all (spaces and joiners are not looked up in a font)."""
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def scripts_in(text: str) -> set[str]:
    """The scripts of the letters in `text` (COMMON and INHERITED left out)."""
    if text.isascii():
        return {"Latn"} if any(char.isalpha() for char in text) else set()
    return {script_of(char) for char in text} - {COMMON, INHERITED}


def script_runs(text: str) -> list[tuple[int, int, str]]:
    """`text` cut into (start, end, script) runs; common characters and marks join their neighbours.

    A common or inherited character takes the script before it; those at the
    very start take the first real script after them; a text of none is COMMON.
    """
    memo = _SCRIPT_OF
    scripts = [memo.get(char) or script_of(char) for char in text]
    current = next((s for s in scripts if s not in (COMMON, INHERITED)), COMMON)
    runs: list[tuple[int, int, str]] = []
    start = 0
    for index, script in enumerate(scripts):
        if script in (COMMON, INHERITED) or script == current:
            continue
        if index > start:
            runs.append((start, index, current))
        start, current = index, script
    if len(text) > start:
        runs.append((start, len(text), current))
    return runs


# Babel's script subtags that stand for several of ours: the one a font is chosen by.
_COMBINED_SCRIPTS: Final = {"Jpan": "Hira", "Kore": "Hang", "Hans": "Hani", "Hant": "Hani", "Hrkt": "Kana"}


def locale_script(locale: str) -> str | None:
    """The script `locale` is written in (ISO 15924): `ar` → Arab, `ja` → Hira, `zh-Hant` → Hani."""
    from babel.core import get_global

    parts = locale.replace("-", "_").split("_")
    explicit = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if explicit is None:
        likely: str | None = get_global("likely_subtags").get(parts[0].lower())
        explicit = likely.split("_")[1] if likely and likely.count("_") >= 1 else None
    return _COMBINED_SCRIPTS.get(explicit, explicit) if explicit else None


def language_keys(locale: str) -> tuple[str, ...]:
    """The tags a theme may name `locale`'s fonts by, nearest first, lower case:
    `zh-TW` → (`zh-tw`, `zh-hant`, `zh`); `zh-Hant-HK` → (`zh-hant-hk`, `zh-hant`, `zh`)."""
    from babel.core import get_global

    parts = [p for p in locale.replace("_", "-").lower().split("-") if p]
    if not parts:
        return ()
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None:
        likely_subtags = get_global("likely_subtags")
        region = next((p for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
        likely = likely_subtags.get(f"{parts[0]}_{region.upper()}" if region else parts[0])
        likely = likely or likely_subtags.get(parts[0])
        found = likely.split("_")[1] if likely and likely.count("_") >= 1 else ""
        script = found.lower() if len(found) == 4 else None
    keys = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if script is not None:
        keys.insert(-1, f"{parts[0]}-{script}")
    return tuple(dict.fromkeys(keys))


# The scripts a language written in one of these also writes: Japanese Han and kana, Korean
# Hangul and Han, Chinese Han and Bopomofo.
_WRITTEN_WITH: Final = {
    "Hira": {"Hani", "Kana"},
    "Kana": {"Hani", "Hira"},
    "Hang": {"Hani"},
    "Hani": {"Bopo"},
}


def writes_script(locale: str, script: str) -> bool:
    """Whether `locale`'s own writing uses `script`: its script, and for Japanese, Korean and
    Chinese the others they write with (Japanese writes Han and kana, not Hangul)."""
    own = locale_script(locale)
    return own is not None and (own == script or script in _WRITTEN_WITH.get(own, ()))


# Scripts set in italic. Arabic, Hebrew, the Indic scripts, Thai, Chinese, Japanese, Korean and
# most others have no italic in their typography (their fonts have none: a program that slants
# them fakes it): their quotes and emphasis are set upright.
ITALIC_SCRIPTS: Final = frozenset({"Latn", "Grek", "Cyrl", "Armn"})


def takes_italic(script: str) -> bool:
    """Whether text in `script` may be set in italic (common characters follow their text)."""
    return script in ITALIC_SCRIPTS or script in (COMMON, INHERITED)


def language_takes_italic(locale: str) -> bool:
    """Whether a document in `locale` sets its quotes and emphasis in italic (not in Arabic, Japanese…)."""
    script = locale_script(locale)
    return script is None or takes_italic(script)


def character_name(char: str) -> str:
    """`U+1F9FF NAZAR AMULET`, `U+E000 (private use)`, `U+0378 (unassigned)`."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:
        return f"{code} {name}"
    category = unicodedata.category(char)
    kind = {"Co": "private use", "Cn": "unassigned", "Cs": "surrogate"}.get(category, category)
    return f"{code} ({kind})"


# --------------------------------------------------------------------------
# Fonts and what they cover


@functools.lru_cache(maxsize=64)
def characters_of(path: Path, index: int = 0) -> frozenset[int]:
    """Every code point the font file maps to a glyph (its cmap), read with HarfBuzz."""
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)), index)
    return frozenset(face.unicodes)


def covers(files: FontFiles, char: str) -> bool:
    return ord(char) in characters_of(files.regular, files.index)


@functools.lru_cache(maxsize=256)
def fontconfig_font_for(char: str) -> FontFiles | None:
    """Any installed TrueType font that has `char`, as fontconfig finds it (the last resort)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    result = subprocess.run(
        [fc_list, f":charset={ord(char):x}", "--format=%{file}|%{index}|%{family[0]}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in sorted(result.stdout.splitlines()):
        file, index, family = (line.split("|") + ["", "", ""])[:3]
        path = Path(file)
        # reportlab embeds TrueType outlines only; a colour-bitmap font has none to embed.
        if path.suffix.lower() in (".ttf", ".ttc") and "emoji" not in path.name.lower():
            number = int(index) if index.isdigit() else 0
            return FontFiles(family or path.stem, path, path, path, path, index=number)
    return None


def same_font(a: FontFiles | None, b: FontFiles | None) -> bool:
    return a is b or a == b


def release_texts(release: m.Release) -> Iterator[tuple[str, str]]:
    """Every piece of text a reader sees, with the field it comes from."""
    yield "headline", release.headline
    if release.subheadline:
        yield "subheadline", release.subheadline
    if release.type_label:
        yield "type_label", release.type_label
    if release.dateline:
        yield "dateline", release.dateline
    yield "standfirst", inline_text(release.standfirst)
    for number, highlight in enumerate(release.highlights):
        yield f"highlights[{number}]", inline_text(highlight)
    yield from blocks_texts("body", release.body)
    for stat_id, stat in release.statistics.items():
        yield f"statistics.{stat_id}.label", stat.label
        yield f"statistics.{stat_id}.source", " ".join(filter(None, (stat.source.name, stat.source.title)))
    for quote_id, quote in release.quotes.items():
        yield f"quotes.{quote_id}.text", " ".join(inline_text(p) for p in quote.paragraphs)
        for speaker in quote.speakers:
            parts = (speaker.name, *speaker.post_nominals, *speaker.roles, speaker.organisation or "")
            yield f"quotes.{quote_id}.speaker", " ".join(parts)
    if release.call_to_action:
        yield "call_to_action.text", release.call_to_action.text
    yield "end_mark", release.end_mark
    yield from blocks_texts("notes_to_editors", release.notes_to_editors)
    if release.source_line:
        yield "source_line", release.source_line
    yield from blocks_texts("disclaimer", release.disclaimer)
    for number, event in enumerate(release.events):
        details = (event.title, event.venue, event.address, event.dial_in, event.rsvp)
        yield f"events[{number}]", " ".join(v for v in details if v)
    organisation = release.organisation
    yield "organisation.name", organisation.name
    if organisation.about_title:
        yield "organisation.about_title", organisation.about_title
    yield from blocks_texts("organisation.boilerplate", organisation.boilerplate)
    for number, contact in enumerate(release.contacts):
        labels = tuple(phone.label for phone in contact.phones)
        values = (contact.name, contact.role, contact.organisation, contact.hours, *labels)
        yield f"contacts[{number}]", " ".join(v for v in values if v)
    for number, asset in enumerate(release.assets):
        described = (asset.title, asset.caption, asset.credit, asset.licence, asset.alt)
        yield f"assets[{number}]", " ".join(v for v in described if v)
    if release.press_kit:
        yield "press_kit.text", release.press_kit.text


def blocks_texts(field: str, blocks: Iterable[m.Block]) -> Iterator[tuple[str, str]]:
    for block in blocks:
        match block:
            case m.Paragraph(children) | m.Heading(_, children):
                yield field, inline_text(children)
            case m.ListBlock(items=items):
                for item in items:
                    yield from blocks_texts(field, item)
            case m.Table(header, rows):
                for row in (header, *rows):
                    for cell in row:
                        yield field, inline_text(cell.children)
            case m.BlockQuote(children):
                yield from blocks_texts(field, children)
            case m.Preformatted(text):
                yield field, text
            case m.QuoteRef():
                pass  # the quote is checked under quotes.<id>


def inline_text(inlines: m.Inlines) -> str:
    out: list[str] = []
    for node in inlines:
        match node:
            case m.Text(text) | m.Code(text):
                out.append(text)
            case m.Strong(children) | m.Emphasis(children) | m.Link(_, children) | m.Foreign(_, children):
                out.append(inline_text(children))
            case _:
                out.append(" ")
    return "".join(out)
