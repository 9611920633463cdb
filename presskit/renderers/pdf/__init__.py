"""The release as a print-ready PDF (reportlab platypus).

Every page carries the release line as a running head, "Page x of y" and,
on all but the last, "– more –". The page count is only known once the story
is laid out, so each page's footer is a form XObject that the canvas fills in
at save: one layout pass, and bookmarks and links keep their true pages.

The package, in the order a document is made:

- `styles` derives the paragraph styles from the theme, in the faces `faces` registers;
- `story` (the release's parts) and `blocks` (their content) write the flowables, with
  `tables`, `pictures`, `outline` and `markup`;
- `paragraphs` sets each paragraph with reportlab, or as a `script.ScriptParagraph`
  where reportlab cannot: `setting`, `shaping`, `direction` and `lines` shape the text
  in any script, resolve its direction and break its lines;
- `pages` lays the story out on pages with their running heads and footers;
- `roles` gives each flowable its element of the structure tree, `tagging` marks the
  content as it is drawn (all else is an Artifact), and `structure` writes the tree and
  the PDF/UA-1 metadata into the finished file: every PDF presskit makes is tagged.
"""

from __future__ import annotations

import io
from functools import partial

from presskit import model as m
from presskit.renderers.pdf.faces import register_family
from presskit.renderers.pdf.markup import clean, source_anchor
from presskit.renderers.pdf.pages import FooterCanvas, ReleaseDocument
from presskit.renderers.pdf.roles import structure_of
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.story import StoryWriter
from presskit.renderers.pdf.structure import Structure, write_structure
from presskit.renderers.pdf.styles import build_styles
from presskit.renderers.pdf.tagging import TaggedCanvas, TaggedDocument
from presskit.source.environment import made_at
from presskit.themes.theme import Theme
from presskit.words import fonts, wording

# --------------------------------------------------------------------------
# Entry point


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as PDF bytes; identical input gives identical bytes."""
    return _render(release, theme, locale, tagged=True)


def render_untagged(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The same document without its structure tree or marked content: for the benchmark
    (benchmarks/tagging.py), which measures what tagging costs. Never a user's choice."""
    return _render(release, theme, locale, tagged=False)


def _render(release: m.Release, theme: Theme, locale: str, *, tagged: bool) -> bytes:
    return render_story(release, theme, locale, StoryWriter, tagged=tagged)


def render_story(
    release: m.Release,
    theme: Theme,
    locale: str,
    writer: type[StoryWriter],
    *,
    tagged: bool = True,
    title: str | None = None,
) -> bytes:
    """The document `writer`'s story makes (the release's, or a part of it such as the fact
    sheet's), on the release's pages; `title` for its metadata where it is not the headline."""
    setting = ScriptSetting(theme, locale, rtl=wording.text_direction(locale) == "rtl")
    styles = build_styles(theme, mirrored=setting.rtl, upright=not fonts.language_takes_italic(locale))
    story = writer(release, theme, locale, styles, setting).story()
    made = made_at(release.date)
    buffer = io.BytesIO()
    if not tagged:
        plain = ReleaseDocument(buffer, release, theme, locale, styles, setting)
        plain.build(story, canvasmaker=partial(FooterCanvas, footer=plain.draw_footer, made=made))
        return buffer.getvalue()
    sources = {source_anchor(s): wording.source_text(s, locale) for s in release.sources}
    structure = Structure(structure_of(story, setting.rtl), locale, sources)

    def add_structure(canvas: TaggedCanvas) -> None:
        write_structure(canvas._doc, structure, canvas.marks.parents)

    document = TaggedDocument(buffer, release, theme, locale, styles, setting)
    if title is not None:
        document.title = clean(title)
    canvas = partial(TaggedCanvas, footer=document.draw_footer, made=made, before_save=add_structure)
    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first document of `theme` in `locale` does first: register its
    fonts (ReportLab reads each TrueType face whole, tens of milliseconds) and its styles."""
    rtl, upright = wording.text_direction(locale) == "rtl", not fonts.language_takes_italic(locale)
    build_styles(theme, mirrored=rtl, upright=upright)
    script = fonts.locale_script(locale)
    files = theme.script_font(script, locale) if script is not None else None
    if files is not None:
        register_family(files)
