"""What a paragraph needs to know of its document: fonts, language, base direction."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics

from presskit.themes import fonts as theme_fonts
from presskit.themes.theme import Theme
from presskit.words import fonts
from presskit.words.typefaces import FontFiles


@dataclass
class ScriptSetting:
    """The document-wide facts a ScriptParagraph uses: fonts, language, base direction."""

    theme: Theme
    locale: str
    rtl: bool
    _choosers: dict[FontFiles, theme_fonts.FontChooser] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.locale.split("-")[0].lower()

    def chooser(self, base: FontFiles) -> theme_fonts.FontChooser:
        if base not in self._choosers:
            self._choosers[base] = theme_fonts.FontChooser(self.theme, base, self.locale)
        return self._choosers[base]

    def needs_script_layout(self, text: str, font_name: str) -> bool:
        """Whether plain reportlab cannot set `text` (markup included) in `font_name`.

        ASCII in a font that has it is the fast path every English paragraph takes.
        """
        if self.rtl or lacks_ascii(font_name):
            return True
        if text.isascii():
            return False
        cmap = pdfmetrics.getFont(font_name).face.charToGlyph
        for char in text:
            if char.isascii():
                continue
            script = fonts.script_of(char)
            if script not in fonts.SIMPLE_SCRIPTS or fonts.is_right_to_left(char):
                return True
            if ord(char) not in cmap and fonts.needs_glyph(char):
                return True
        return False


@functools.lru_cache(maxsize=64)
def lacks_ascii(font_name: str) -> bool:
    """Whether the font lacks a printable ASCII character, as an Arabic, CJK or symbol family
    named as a theme's font may: reportlab would draw its empty box where another font has it."""
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    return any(code not in cmap for code in range(0x21, 0x7F))
