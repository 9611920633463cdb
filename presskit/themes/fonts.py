"""Which of a theme's fonts sets each character of a text, and what none of them has.

The order of choice is described in presskit.words.fonts; this module applies
it to a theme's families (its body font and `fonts.scripts`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem
from presskit.themes.theme import Theme
from presskit.words.fonts import (
    CJK_SCRIPTS,
    SIMPLE_SCRIPTS,
    character_name,
    characters_of,
    covers,
    fontconfig_font_for,
    language_takes_italic,
    needs_glyph,
    release_texts,
    same_font,
    script_runs,
    takes_italic,
)
from presskit.words.typefaces import FontFiles


@dataclass(frozen=True)
class FontRun:
    start: int
    end: int
    font: FontFiles | None  # None: no font has these characters


# The faces tried, in order, when a family's face lacks a character: an italic gives way to the
# upright, a bold to the bold of the other slant, then to the regular (which the PDF emboldens).
FACE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "regular": ("regular",),
    "bold": ("bold", "regular"),
    "italic": ("italic", "regular"),
    "bold_italic": ("bold_italic", "bold", "italic", "regular"),
}
UPRIGHT: dict[str, str] = {"regular": "regular", "bold": "bold", "italic": "regular", "bold_italic": "bold"}


def upright_family(files: FontFiles) -> FontFiles:
    """`files` with its italic faces replaced by the upright ones: a family for text never slanted."""
    if files.italic == files.regular and files.bold_italic == files.bold:
        return files
    return replace(files, italic=files.regular, bold_italic=files.bold)


def dressed(files: FontFiles, face: str, char: str, *, italic: bool = True) -> FontFiles | None:
    """`files` as it sets `char` in `face`: itself when that face has it, else the family with
    that face's file replaced by the nearest face that has it (see FACE_FALLBACKS); upright
    unless `italic`. None when no face of the family has it."""
    wanted = face if italic else UPRIGHT[face]
    code = ord(char)
    for fallback in FACE_FALLBACKS[wanted]:
        path = getattr(files, fallback)
        if code in characters_of(path, files.index if path.suffix.lower() == ".ttc" else 0):
            return files if getattr(files, face) == path else replace(files, **{face: path})
    return None


def font_segments(text: str) -> list[tuple[int, int, str, bool]]:
    """`text` in (start, end, script, latin) segments: its script runs, each stretch of ASCII
    (figures, punctuation) inside a Chinese, Japanese or Korean run cut out with `latin` set.

    Such a stretch is set in the base (Latin) font, as the web page's font stack (the body
    stack before the CJK family) and Word's ASCII slot set it: a CJK family's own Latin
    figures are of another design and, in a family without a bold (AR PL UMing, WenQuanYi
    Zen Hei), lighter than its emboldened Han; the base font's bold is a bold of its own.
    Spaces alone are not cut out: they take the font of the text before them.
    """
    segments: list[tuple[int, int, str, bool]] = []
    for start, end, script in script_runs(text):
        if script not in CJK_SCRIPTS:
            segments.append((start, end, script, False))
            continue
        cut = start
        for index in range(start + 1, end + 1):
            if index < end and text[index].isascii() == text[cut].isascii():
                continue
            latin = text[cut].isascii() and any(needs_glyph(char) for char in text[cut:index])
            if not latin and segments and segments[-1][1:] == (cut, script, False):
                segments[-1] = (segments[-1][0], index, script, False)  # CJK text and spaces: one
            else:
                segments.append((cut, index, script, latin))
            cut = index
    return segments


class FontChooser:
    """Chooses, for each character of a text, the font that sets it (see the module's docstring).

    `locale` is the document's language: it chooses the family for its own script (Japanese
    kanji in a Japanese font) and, for a language whose script has no italic, keeps every
    character upright.
    """

    def __init__(self, theme: Theme, base: FontFiles | None = None, locale: str | None = None) -> None:
        self.theme = theme
        self.base = base or theme.body_font
        self.locale = locale
        self.italic = locale is None or language_takes_italic(locale)

    @functools.cached_property
    def others(self) -> list[FontFiles]:
        """Every installed family the theme names for a script or the document's language, in
        the theme's order, once each."""
        found: dict[Path, FontFiles] = {}
        for script in self.theme.script_families:
            for files in (self.theme.script_font(script, self.locale), self.theme.script_font(script)):
                if files is not None:
                    found.setdefault(files.regular, files)
        return list(found.values())

    def candidates(self, script: str, latin: bool = False) -> list[FontFiles]:
        """The fonts tried for a character of `script`, in order: the theme's family for the
        script (not for those any body font sets, nor for ASCII in CJK text: `font_segments`),
        the base font, the theme's other families."""
        wanted = script not in SIMPLE_SCRIPTS and not latin
        preferred = self.theme.script_font(script, self.locale) if wanted else None
        return [files for files in (preferred, self.base, *self.others) if files is not None]

    def font_for(
        self, char: str, script: str, face: str = "regular", *, latin: bool = False
    ) -> FontFiles | None:
        """The font that sets `char` in `face` (its file for `face` has the character)."""
        italic = self.italic and takes_italic(script)
        for files in self.candidates(script, latin):
            found = dressed(files, face, char, italic=italic)
            if found is not None:
                return found
        fallback = fontconfig_font_for(char)
        return fallback if fallback is None or italic else upright_family(fallback)

    def runs(self, text: str, face: str = "regular") -> list[FontRun]:
        """`text` in `face` cut where the font changes; characters needing no glyph stay with
        their neighbours. Each run's font has the characters in the file of that face."""
        chosen = self._chosen
        fonts_of: list[FontFiles | None] = []
        for start, end, script, latin in font_segments(text):
            segment = text[start:end]
            whole = self.font_for_all(segment, script, face, latin=latin)
            if whole is not None:  # the usual case: one font has every character of the run
                lead = 0
                while lead < len(segment) and not needs_glyph(segment[lead]):
                    lead += 1
                fonts_of.extend([fonts_of[-1] if fonts_of else self.base] * lead)
                fonts_of.extend([whole] * (len(segment) - lead))
                continue
            for char in segment:
                if not needs_glyph(char):
                    font = fonts_of[-1] if fonts_of else self.base
                else:
                    key = (char, script, face, latin)
                    if key not in chosen:
                        chosen[key] = self.font_for(char, script, face, latin=latin)
                    font = chosen[key]
                fonts_of.append(font)
        runs: list[FontRun] = []
        start = 0
        for index in range(1, len(fonts_of) + 1):
            if index == len(fonts_of) or not same_font(fonts_of[index], fonts_of[start]):
                runs.append(FontRun(start, index, fonts_of[start]))
                start = index
        return runs

    def font_for_all(
        self, segment: str, script: str, face: str = "regular", *, latin: bool = False
    ) -> FontFiles | None:
        """The font `font_for` would give every character of `segment` needing a glyph, if it is
        one font: the first the chooser tries, when its file for `face` has them all."""
        first = self.candidates(script, latin)[0]
        path = getattr(first, face if self.italic and takes_italic(script) else UPRIGHT[face])
        cmap = characters_of(path, first.index if path.suffix.lower() == ".ttc" else 0)
        if all(ord(char) in cmap or not needs_glyph(char) for char in set(segment)):
            return first if getattr(first, face) == path else replace(first, **{face: path})
        return None

    @functools.cached_property
    def _chosen(self) -> dict[tuple[str, str, str, bool], FontFiles | None]:
        """The font chosen for each character, script and face seen so far (the choice never changes)."""
        return {}

    def missing(self, text: str) -> list[str]:
        """The characters of `text` that no available font has, each once, in order."""
        if text.isascii() and covers(self.base, "a"):
            return []
        seen: dict[str, None] = {}
        for start, end, script in script_runs(text):
            for char in text[start:end]:
                if char not in seen and needs_glyph(char) and self.font_for(char, script) is None:
                    seen[char] = None
        return list(seen)


def coverage_problems(release: m.Release, theme: Theme) -> list[Problem]:
    """A warning for each character (per field) that no available font has.

    Such a character would be an empty box in the PDF and, on a reader's
    machine without a suitable font, in the other formats too.
    """
    chooser = FontChooser(theme, locale=release.locale)
    problems: list[Problem] = []
    texts = list(release_texts(release))
    # Each distinct character is looked up once; fields are named only for the ones missing.
    if not chooser.missing("".join(dict.fromkeys("".join(text for _, text in texts)))):
        return problems
    for field, text in texts:
        for char in chooser.missing(text):
            problems.append(
                Problem(
                    f"{character_name(char)} is in no available font: it would show as an empty box",
                    path=release.source_path,
                    field=field,
                    hint="install a font that has it and name its family in the theme's fonts.scripts",
                    severity="warning",
                )
            )
    return problems
