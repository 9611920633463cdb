"""Which of a theme's fonts sets each character of a text, and what none of them has.

The order of choice is described in presskit.words.fonts; this module applies
it to a theme's families (its body font and `fonts.scripts`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem
from presskit.themes.theme import Theme
from presskit.words.fonts import (
    SIMPLE_SCRIPTS,
    character_name,
    characters_of,
    covers,
    fontconfig_font_for,
    needs_glyph,
    release_texts,
    same_font,
    script_runs,
)
from presskit.words.typefaces import FontFiles


@dataclass(frozen=True)
class FontRun:
    start: int
    end: int
    font: FontFiles | None  # None: no font has these characters


class FontChooser:
    """Chooses, for each character of a text, the font that sets it (see the module's docstring)."""

    def __init__(self, theme: Theme, base: FontFiles | None = None) -> None:
        self.theme = theme
        self.base = base or theme.body_font

    @functools.cached_property
    def others(self) -> list[FontFiles]:
        """Every installed family the theme names for a script, in the theme's order, once each."""
        found: dict[Path, FontFiles] = {}
        for script in self.theme.script_families:
            files = self.theme.script_font(script)
            if files is not None:
                found.setdefault(files.regular, files)
        return list(found.values())

    def candidates(self, script: str) -> list[FontFiles]:
        """The fonts tried for a character of `script`, in order: the theme's family for the
        script (not for those any body font sets), the base font, the theme's other families."""
        preferred = self.theme.script_font(script) if script not in SIMPLE_SCRIPTS else None
        return [files for files in (preferred, self.base, *self.others) if files is not None]

    def font_for(self, char: str, script: str) -> FontFiles | None:
        for files in self.candidates(script):
            if covers(files, char):
                return files
        return fontconfig_font_for(char)

    def runs(self, text: str) -> list[FontRun]:
        """`text` cut where the font changes; characters needing no glyph stay with their neighbours."""
        chosen = self._chosen
        fonts_of: list[FontFiles | None] = []
        for start, end, script in script_runs(text):
            segment = text[start:end]
            whole = self.font_for_all(segment, script)
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
                    key = (char, script)
                    if key not in chosen:
                        chosen[key] = self.font_for(char, script)
                    font = chosen[key]
                fonts_of.append(font)
        runs: list[FontRun] = []
        start = 0
        for index in range(1, len(fonts_of) + 1):
            if index == len(fonts_of) or not same_font(fonts_of[index], fonts_of[start]):
                runs.append(FontRun(start, index, fonts_of[start]))
                start = index
        return runs

    def font_for_all(self, segment: str, script: str) -> FontFiles | None:
        """The font `font_for` would give every character of `segment` needing a glyph, if it is
        one font: the first the chooser tries, when that one has them all."""
        first = self.candidates(script)[0]
        cmap = characters_of(first.regular, first.index)
        if all(ord(char) in cmap or not needs_glyph(char) for char in set(segment)):
            return first
        return None

    @functools.cached_property
    def _chosen(self) -> dict[tuple[str, str], FontFiles | None]:
        """The font chosen for each character and script seen so far (the choice never changes)."""
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
    chooser = FontChooser(theme)
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
