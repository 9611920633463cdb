"""Inline runs and links: text as runs marked for Word's script handling, bold, italic and code,
hyperlinks, statistics with their source marks, and bookmarks."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from presskit import model as m
from presskit.renderers.docx.brand import set_language
from presskit.renderers.docx.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    Element,
    WordDocument,
    WordParagraph,
    WordRun,
    add_run,
    clean,
    hyperlink,
    insert_ordered,
    on_off,
)
from presskit.renderers.docx.reference import styled_start
from presskit.renderers.languages import field_runs, source_field
from presskit.themes.theme import Theme
from presskit.words import fonts, wording


@dataclass(frozen=True)
class RunFormat:
    """What the enclosing inline nodes ask of a run."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    in_link: bool = False
    lang: str | None = None  # text in another language than the document's (left untranslated)


class InlineWriter:
    """The document being written: its paragraphs in their styles and the runs of text in them."""

    def __init__(self, release: m.Release, theme: Theme, locale: str) -> None:
        self.release = release
        self.theme = theme
        self.locale = locale
        self.document: WordDocument
        self.document, self.from_reference, self.style_ids = styled_start(theme, locale)
        self.next_bookmark_id = 0
        # The run properties of each kind of run, made once: python-docx places each property
        # by scanning the schema's order, which for a page of Arabic was half the document's time.
        self.run_properties: dict[tuple[RunFormat, str | None, bool], Element | None] = {}

    def style_id(self, name: str) -> str:
        """The style's id, looked up once per styled start (see `styled_start`)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, style: str) -> WordParagraph:
        """A new paragraph at the end of the body, in `style`."""
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_id(style)
        return paragraph

    def inline_paragraph(self, inlines: m.Inlines, style: str) -> WordParagraph:
        paragraph = self.paragraph(style)
        self.inlines(paragraph, inlines)
        if len(inlines) == 1 and isinstance(inlines[0], m.Foreign):  # wholly in another language
            self.set_direction(paragraph, inlines[0].lang)
        return paragraph

    def text_paragraph(
        self, text: str, style: str, *fields: str, bold: bool = False, lang: str | None = None
    ) -> WordParagraph:
        """`text` as a paragraph; a line break in it (a two-line subheadline) a line break in Word;
        `lang` where it is in another language than the document's, and the release's `fields`
        in it (unit ids or their prefixes) left untranslated in runs of their language."""
        paragraph = self.paragraph(style)
        fmt = RunFormat(bold=bold, lang=lang)
        for index, line in enumerate(text.split("\n")):
            if index:
                self.run(paragraph, "", fmt).add_break(WD_BREAK.LINE)
            self.field_text(paragraph, line, *fields, fmt=fmt)
        runs = field_runs(text, self.release, *fields)
        whole = lang or (runs[0][1] if len(runs) == 1 else None)
        if whole:
            self.set_direction(paragraph, whole)
        return paragraph

    def field_text(
        self,
        paragraph: WordParagraph,
        text: str,
        *fields: str,
        fmt: RunFormat = RunFormat(),
        into: Element | None = None,
    ) -> None:
        """`text` as runs, those of the release's `fields` left untranslated in their language
        (`presskit.renderers.languages`)."""
        for piece, lang in field_runs(text, self.release, *fields) or ((text, None),):
            self.run(paragraph, piece, replace(fmt, lang=lang) if lang else fmt, into)

    def set_direction(self, paragraph: WordParagraph, lang: str) -> None:
        """A paragraph wholly in `lang` laid out in its direction where that is not the document's
        (an untranslated English paragraph in an Arabic document runs left to right)."""
        direction = wording.text_direction(lang)
        if direction == wording.text_direction(self.locale):
            return
        properties = paragraph._p.get_or_add_pPr()
        for old in properties.findall(qn("w:bidi")):
            properties.remove(old)
        value = "1" if direction == "rtl" else "0"
        insert_ordered(properties, OxmlElement("w:bidi", {qn("w:val"): value}), PPR_ORDER)

    def inlines(
        self,
        paragraph: WordParagraph,
        inlines: m.Inlines,
        fmt: RunFormat = RunFormat(),
        into: Element | None = None,
    ) -> None:
        """Add `inlines` to `paragraph`, inside the hyperlink element `into` if given."""
        for node in inlines:
            match node:
                case m.Text(text):
                    self.run(paragraph, text, fmt, into)
                case m.Strong(children):
                    self.inlines(paragraph, children, replace(fmt, bold=True), into)
                case m.Emphasis(children):
                    self.inlines(paragraph, children, replace(fmt, italic=True), into)
                case m.Foreign(lang, children):
                    self.inlines(paragraph, children, replace(fmt, lang=lang), into)
                case m.Code(text):
                    self.run(paragraph, text, replace(fmt, code=True), into)
                case m.Link(url, children) if not fmt.in_link:
                    link = hyperlink(paragraph, url=url)
                    self.inlines(paragraph, children or (m.Text(url),), replace(fmt, in_link=True), link)
                case m.Link(_, children):
                    self.inlines(paragraph, children, fmt, into)
                case m.StatRef(stat_id, labelled):
                    self.statistic(paragraph, self.release.statistics[stat_id], fmt, into, labelled)
                case m.LineBreak():
                    self.run(paragraph, "", fmt, into).add_break(WD_BREAK.LINE)

    def statistic(
        self,
        paragraph: WordParagraph,
        stat: m.Statistic,
        fmt: RunFormat,
        into: Element | None,
        labelled: bool = False,
    ) -> None:
        """The value (and its label, placed as `{stat:id|label}`), then its source: a superscript
        number linked to the source, or `(NCMEC)`."""
        shown, after = wording.format_statistic(stat, self.locale), wording.label_after(stat, labelled)
        left = any(lang for _, lang in field_runs(after, self.release, f"statistics.{stat.id}"))
        if fmt.lang and after.strip() and not left:
            # Translated, inside text left in the release's language: the label in the document's.
            self.run(paragraph, shown, fmt, into)
            self.run(paragraph, after, replace(fmt, lang=self.locale), into)
        elif left:
            # What the figure counts ({stat:id|label}), left in the release's language: its own runs.
            self.run(paragraph, shown, fmt, into)
            self.field_text(paragraph, after, f"statistics.{stat.id}", fmt=fmt, into=into)
        else:
            self.run(paragraph, shown + after, fmt, into)
        mode = self.theme.spec.sources
        mark = wording.citation(stat, mode)
        if mode != "endnotes":  # `(NCMEC)`: the source's name in the release's language if left so
            field = source_field(self.release, stat.source)
            left = any(lang for _, lang in field_runs(mark, self.release, field))
            before, name, after = mark.partition(stat.source.name)
            if fmt.lang and name and not left:  # translated, inside text left in the release's language
                self.run(paragraph, " " + before, fmt, into)
                self.run(paragraph, name, replace(fmt, lang=self.locale), into)
                self.run(paragraph, after, fmt, into)
            else:
                self.field_text(paragraph, " " + mark, field, fmt=fmt, into=into)
            return
        if into is None:
            into = hyperlink(paragraph, anchor=source_bookmark(stat.source))
        self.run(paragraph, mark, RunFormat(), into)._r.style = self.style_id("Source Reference")

    def link_text(
        self, paragraph: WordParagraph, url: str, text: str, *fields: str, lang: str | None = None
    ) -> None:
        """`text` linked to `url`, in `lang` if given; the release's `fields` in it left
        untranslated in their language."""
        self.field_text(
            paragraph,
            text,
            *fields,
            fmt=RunFormat(in_link=True, lang=lang),
            into=hyperlink(paragraph, url=url),
        )

    def run(
        self,
        paragraph: WordParagraph,
        text: str,
        fmt: RunFormat = RunFormat(),
        into: Element | None = None,
    ) -> WordRun:
        """`text` as one run per script it holds, each marked for Word's script handling; the last run."""
        run: WordRun = None
        for piece, script in script_pieces(clean(text)):
            run = add_run(paragraph, piece)
            right_to_left = script is not None and fonts.is_right_to_left(
                next(c for c in piece if fonts.script_of(c) == script)
            )
            kind = (fmt, script, right_to_left)
            if kind not in self.run_properties:
                self.run_properties[kind] = self.properties_of(fmt, script, right_to_left)
            properties = self.run_properties[kind]
            if properties is not None:
                run._r.insert(0, copy.deepcopy(properties))
            if into is not None:
                into.append(run.element)
        return run

    def properties_of(self, fmt: RunFormat, script: str | None, right_to_left: bool) -> Element | None:
        """The `w:rPr` of a run of this kind (None: it needs none), made on a run of its own."""
        run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]  # no paragraph: it is a model
        if fmt.in_link:
            run._r.style = self.style_id("Hyperlink")
        if fmt.code:
            run.font.name = self.theme.spec.fonts.mono
        if fmt.bold:
            run.bold = True
        if fmt.italic and takes_italic(script, self.locale):
            run.italic = True
        if script is not None:
            mark_script(run, script, fmt, self.theme, right_to_left, self.locale)
        if fmt.lang:
            set_language(run._r.get_or_add_rPr(), fmt.lang)
        return run._r.rPr

    def bookmark(self, paragraph: WordParagraph, name: str) -> None:
        """Mark the whole of `paragraph` as the bookmark `name`."""
        start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(self.next_bookmark_id), qn("w:name"): name})
        end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(self.next_bookmark_id)})
        self.next_bookmark_id += 1
        properties = paragraph._p.pPr
        if properties is None:
            paragraph._p.insert(0, start)
        else:
            properties.addnext(start)
        paragraph._p.append(end)

    def plain(self, inlines: m.Inlines) -> str:
        return wording.plain_inlines(inlines, self.release, self.locale, sources=self.theme.spec.sources)


def script_pieces(text: str) -> list[tuple[str, str | None]]:
    """`text` cut where Word must treat it differently: right-to-left, complex or East Asian
    script (named), or anything else (None). Spaces and digits stay with the text before them."""
    if text.isascii():
        return [(text, None)]
    # (start, end, kind) of each piece, cut from the text at the end: joining strings run by
    # run would copy a long piece once per run in it.
    spans: list[tuple[int, int, str | None]] = []
    for start, end, script in fonts.script_runs(text):
        kind = script if script in fonts.COMPLEX_SCRIPTS or script in fonts.CJK_SCRIPTS else None
        both_cjk = spans and spans[-1][2] in fonts.CJK_SCRIPTS and kind in fonts.CJK_SCRIPTS
        if spans and (spans[-1][2] == kind or both_cjk):  # Han and kana share Word's East Asian slot
            spans[-1] = (spans[-1][0], end, kind)
        else:
            spans.append((start, end, kind))
    return [(text[start:end], kind) for start, end, kind in spans] or [(text, None)]


def takes_italic(script: str | None, locale: str) -> bool:
    """Whether a run in `script` (None: Latin and the like) of a document in `locale` may be italic:
    not in a language whose script has none (Arabic, Japanese), nor in such a script anywhere."""
    return fonts.language_takes_italic(locale) and (script is None or fonts.takes_italic(script))


def mark_script(
    run: WordRun, script: str, fmt: RunFormat, theme: Theme, right_to_left: bool, locale: str | None = None
) -> None:
    """Word's marks for a run in `script`: its font slot, and right-to-left or complex-script handling.

    Word sets Arabic, Hebrew, Devanagari or Thai in the run's complex-script
    font (w:cs), bold and italic there as w:bCs and w:iCs, and lays a w:rtl run
    out right to left; CJK goes to the East Asian slot, in the family of the
    document's language (Japanese kanji in a Japanese font). A script without
    italic is never slanted: in a document whose language has italic, its runs
    say so (`w:i` and `w:iCs` off), so that an italic style such as Quote leaves them upright.
    """
    properties = run._r.get_or_add_rPr()
    family = theme.script_family(script, locale)
    slot = "w:eastAsia" if script in fonts.CJK_SCRIPTS else "w:cs"
    if family is not None and not fmt.code:
        run_fonts = properties.get_or_add_rFonts()
        run_fonts.set(qn(slot), family)
        if slot == "w:eastAsia":
            run_fonts.set(qn("w:hint"), "eastAsia")
    upright = not fonts.takes_italic(script)
    if upright and (locale is None or fonts.language_takes_italic(locale)):
        for tag in ("w:i", "w:iCs"):
            for old in properties.findall(qn(tag)):
                properties.remove(old)
            insert_ordered(properties, on_off(tag, False), RPR_ORDER)
    if slot == "w:cs":
        if fmt.bold:
            insert_ordered(properties, OxmlElement("w:bCs"), RPR_ORDER)
        if fmt.italic and not upright and (locale is None or fonts.language_takes_italic(locale)):
            insert_ordered(properties, OxmlElement("w:iCs"), RPR_ORDER)
        insert_ordered(properties, OxmlElement("w:rtl" if right_to_left else "w:cs"), RPR_ORDER)


def source_bookmark(source: m.Source) -> str:
    return f"source_{source.number}"
