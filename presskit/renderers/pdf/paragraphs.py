"""The document's paragraphs: reportlab's own where it can set the text, else a ScriptParagraph.

`PlainParagraph` is reportlab's Paragraph that breaks its lines once per width
and keeps them when split across pages, and marks text in another language
(`markup.language_markup`) as a `/Span <</Lang …>>` sequence inside its text object;
`make_paragraph` chooses between it and `presskit.renderers.pdf.script.ScriptParagraph`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any, cast

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import FragLine, _split_blParaHard, _split_blParaSimple
from reportlab.rl_config import _FUZZ

from presskit.renderers.pdf.direction import without_isolates
from presskit.renderers.pdf.marking import Element, Marks, Sequences
from presskit.renderers.pdf.markup import LANGUAGE_BEGINS, LANGUAGE_ENDS
from presskit.renderers.pdf.script import ScriptParagraph
from presskit.renderers.pdf.setting import ScriptSetting


class PlainParagraph(Paragraph):  # type: ignore[misc]
    """reportlab's Paragraph, its lines broken once for each width it is asked about in turn,
    and split across pages without breaking them again.

    Platypus asks a paragraph its size again and again at the same width (a table
    sizing its rows, a frame trying to keep a heading with what follows), and
    reportlab breaks the lines anew each time: 41 % of an English PDF's line
    breaking was such repeats. The size depends on the width alone, so the last
    answer stands until another width is asked about.

    reportlab splits a paragraph at a page's foot into two new paragraphs made from
    the words of each part's lines, and the next page breaks the rest's lines again,
    long words cut again character by character: a paragraph of n pages was broken
    n times, its time growing with the square of its length (52 s for the 199,000
    characters a body may hold). Here each part keeps the lines it was given; its
    words are put back together only if it is asked about another width.
    """

    languages_open: tuple[str, ...] = ()  # the languages a part of a split paragraph begins in
    marks_its_text = True  # tagging: this paragraph's text object marks its element's content

    def beginText(self, x: float = 0, y: float = 0) -> SpannedText:  # noqa: N802 (reportlab's name)
        canvas = self.canv
        if canvas.getNamedCB(LANGUAGE_BEGINS) is None:
            canvas.setNamedCB(LANGUAGE_BEGINS, _language_begins)
            canvas.setNamedCB(LANGUAGE_ENDS, _language_ends)
        marks: Marks | None = canvas.__dict__.get("marks")
        text = SpannedText(canvas, x, y, self.languages_open, marks)
        blPara = self.blPara  # noqa: N806 (reportlab's name)
        links = getattr(blPara, "link", None) if blPara.kind == 0 else None
        if links:  # lines of one fragment, all of it a link: reportlab records no link's start
            text._linkRecord(links[-1], "start")
        return text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self.__dict__.get("_wrapped")
        # reportlab's `split` drops the broken lines when the paragraph must move on whole.
        if last is not None and last[0] == availWidth and "blPara" in self.__dict__:
            return cast(tuple[float, float], last[1])
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return cast(tuple[float, float], size)

    # The words a part of a split paragraph was made from, put back together on first use.
    @property
    def frags(self) -> list[Any]:
        pending = self.__dict__.pop("_pending_frags", None)
        if pending is not None:
            self.__dict__["_frags"] = pending()
        return cast(list[Any], self.__dict__["_frags"])

    @frags.setter
    def frags(self, value: list[Any]) -> None:
        self.__dict__.pop("_pending_frags", None)
        self.__dict__["_frags"] = value

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        style = self.style
        if not self.keeps_lines() or availWidth < _FUZZ or availHeight < _FUZZ:
            return cast(list[Flowable], super().split(availWidth, availHeight))
        if "blPara" not in self.__dict__:  # else the lines of the last wrap, as reportlab splits
            self.wrap(availWidth, availHeight)
        lines = self.blPara.lines
        # What reportlab's own split decides: how many lines fit, and never an orphan or widow.
        fit = int(availHeight / float(style.leading))
        allow_orphans = getattr(self, "allowOrphans", getattr(style, "allowOrphans", 0))
        if (not allow_orphans and fit <= 1) or fit == 0:
            return []
        if len(lines) <= fit:
            return [self]
        if not getattr(self, "allowWidows", getattr(style, "allowWidows", 1)) and len(lines) == fit + 1:
            if not ((allow_orphans and len(lines) == 3) or len(lines) > 3):
                return []
            fit -= 1
        first = self.part(0, fit, self.width, style, self.bulletText)
        last = lines[fit - 1]
        first._JustifyLast = not (isinstance(last, FragLine) and getattr(last, "lineBreak", False))
        first._splitpara = 1
        rest_style = style
        if style.firstLineIndent != 0:
            rest_style = copy.deepcopy(style)
            rest_style.firstLineIndent = 0
        first.languages_open = self.languages_open
        rest = self.part(fit, len(lines), self.width, rest_style, None)
        rest.languages_open = languages_after(lines[:fit], self.languages_open)
        return [first, rest]

    def keeps_lines(self) -> bool:
        """Whether `split` may hand each part its lines: not where they depend on more than
        the width (automatic leading, dots to the margin, CJK breaking) or there are none."""
        style = self.style
        automatic = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        if automatic or style.endDots or style.wordWrap == "CJK":
            return False
        # A part has words (reading them back would cost the pass this class saves).
        return "_pending_frags" in self.__dict__ or len(self.frags) > 0

    def part(self, start: int, stop: int, width: float, style: ParagraphStyle, bullet: Any) -> PlainParagraph:
        """Lines [start, stop) of this paragraph as a paragraph of its own, sized for `width`."""
        blPara = self.blPara  # noqa: N806 (reportlab's name)
        if blPara.kind == 0:
            words_of = functools.partial(_split_blParaSimple, blPara, start, stop)
        else:
            words_of = functools.partial(_words_of_lines, blPara, start, stop)
        part = self.__class__(None, style, bulletText=bullet, frags=[])
        part.__dict__["_pending_frags"] = words_of
        part.blPara = blPara.clone(lines=blPara.lines[start:stop])
        part.width = width
        part.height = (stop - start) * style.leading
        part._wrapWidths = list(self._wrapWidths)
        part._wrapped = (width, (width, part.height))
        for name in ("autoLeading",):  # as reportlab's split passes it on
            if hasattr(self, name):
                setattr(part, name, getattr(self, name))
        return part


class SpannedText(PDFTextObject):  # type: ignore[misc]
    """A paragraph's text object, marking its text where it is drawn: as content of the element
    being drawn (`marks.current`), of a `Link` of it while a link's text is drawn, inside a
    `/Span <</Lang …>>` sequence while text in another language is. Every sequence begun in it
    ends in it; one open when a part of a split paragraph ends is begun again by the next part
    (`languages_open`, the element's `open_link`)."""

    def __init__(
        self, canvas: Canvas, x: float, y: float, languages: tuple[str, ...], marks: Marks | None
    ) -> None:
        super().__init__(canvas, x, y)
        element = marks.current if marks is not None and marks.deferred else None
        self.element = element
        self.marks_its_text = element is not None  # what the tagged canvas asks (`tagging`)
        self.sequences = Sequences(marks if element is not None else None)
        self.languages = list(languages)
        # How many languages stayed open since a span last ended: one that begins before more
        # text is shown (another field in the same language, on the card's next line) is a
        # sequence of its own, not the one before it going on.
        self.kept: int | None = None
        self.link: Element | None = None  # the Link whose text is being drawn
        # What the last text shown changed (code length before it, the sequences' state, the
        # element's open link) and the code's length after it: a link's start comes after it.
        self.last_shown: tuple[int, Any, Any, int] | None = None

    def begin_span(self, lang: str) -> None:
        self.languages.append(lang)

    def end_span(self) -> None:
        if self.languages:
            self.languages.pop()
            self.kept = len(self.languages) if self.kept is None else min(self.kept, len(self.languages))

    def owner(self) -> Element | None:
        return self.link or self.element

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803 (reportlab's names)
        if not text:  # a line's end after a callback: nothing shown
            super()._textOut(text, TStar)
            return
        code = self._code
        element = self.element
        owner, sequences = self.link or element, self.sequences
        if self.kept is not None and self.kept < len(sequences.langs):
            code.extend(sequences.to(sequences.owner, sequences.langs[: self.kept]))
        self.kept = None
        before = (len(code), self.sequences.state(), element.open_link if element else None)
        if owner is not sequences.owner or len(self.languages) != len(sequences.langs) or self.languages:
            code.extend(sequences.to(owner, self.languages))  # else nothing to switch: the usual case
        super()._textOut(text, TStar)
        self.last_shown = (*before, len(code))
        if self.link is not None:
            self.sequences.marks.link_drawn(self.link)  # type: ignore[union-attr]
        elif element is not None:
            element.open_link = None

    def _linkRecord(self, key: tuple[int, str], kind: str) -> None:  # noqa: N802 (reportlab calls it)
        """reportlab's record of link `key` (its number, its href) beginning or ending. It
        begins after the link's first text was shown: that text is shown again, as the link's."""
        element = self.element
        if element is None or self.sequences.marks is None:
            return
        if kind != "start":
            self.link = None
            return
        code = self._code
        shown = self.last_shown
        moved: list[str] = []
        if shown is not None and shown[3] == len(code):
            at, state, open_link, _ = shown
            moved = [code.pop()]
            del code[at:]
            self.sequences.restore(state)
            element.open_link = open_link
        self.link = self.sequences.marks.link(element, key, key[1])
        self.last_shown = None
        if moved:
            code.extend(self.sequences.to(self.link, self.languages))
            code.extend(moved)
            self.sequences.marks.link_drawn(self.link)

    def getCode(self) -> str:  # noqa: N802 (reportlab's name)
        self._code.extend(self.sequences.to(None))
        return cast(str, super().getCode())


def _language_begins(canvas: Canvas, kind: str, label: str | None) -> None:
    text = canvas._curr_tx_info["tx"]
    if isinstance(text, SpannedText) and label:
        text.begin_span(label)


def _language_ends(canvas: Canvas, kind: str, label: str | None) -> None:
    text = canvas._curr_tx_info["tx"]
    if isinstance(text, SpannedText):
        text.end_span()


def languages_after(lines: list[Any], languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages open after `lines` (reportlab's FragLines; a line of one font has none)."""
    open_now = list(languages)
    for line in lines:
        for word in getattr(line, "words", ()):
            definition = getattr(word, "cbDefn", None)
            name = getattr(definition, "name", None)
            if name == LANGUAGE_BEGINS:
                open_now.append(str(getattr(definition, "label", "")))
            elif name == LANGUAGE_ENDS and open_now:
                open_now.pop()
    return tuple(open_now)


def _words_of_lines(blPara: Any, start: int, stop: int) -> list[Any]:  # noqa: N803
    """The fragments of lines [start, stop) joined again (reportlab's `_split_blParaHard`),
    from copies: that function appends a space to a line's last fragment, and the lines
    themselves may still be drawn."""
    lines = [line.clone(words=[word.clone() for word in line.words]) for line in blPara.lines[start:stop]]
    return cast(list[Any], _split_blParaHard(blPara.clone(lines=lines), 0, len(lines)))


def make_paragraph(
    setting: ScriptSetting,
    markup: str,
    style: ParagraphStyle,
    plain: Callable[..., Paragraph] = PlainParagraph,
    **kwargs: Any,
) -> Paragraph:
    """A reportlab Paragraph where reportlab can set the text, else a ScriptParagraph.

    Isolate controls (FSI … PDI around a value) matter only to a ScriptParagraph's
    bidi; reportlab would draw them as characters, and text wholly left to right
    has nothing for them to do."""
    if setting.needs_script_layout(markup, style.fontName):
        return ScriptParagraph(markup, style, setting, **kwargs)
    return plain(without_isolates(markup), style, **kwargs)
