"""Word (.docx): the release as a document a press officer can send untouched.

Built on the theme's `reference.docx` (as pandoc builds on its reference
document): its body is cleared, its styles, headers' look and page setup
kept; a theme without one is built on python-docx's default template. The
content uses real Word styles (Title, Heading 1, Quote, List Bullet,
Hyperlink…) rather than direct formatting, so an editor restyles the release
in Word. Which setting wins where the reference.docx and theme.yaml both
speak is `define_styles`'s to say (docs/themes.md explains it for users). The
package is re-zipped with fixed timestamps so that the same release gives the
same bytes.

The modules, from the page down:

- writer: the release in order: page, running header and footer, core properties, front and back matter
- blocks: body blocks, lists and tables; inlines: runs, links, statistics, bookmarks
- images: the logo; reference: the styled start and the shipped reference.docx
- styles: the styles; brand: theme colours and fonts; template: python-docx's template's styles
- package: the deterministic zip; page: page sizes, header and footer slots; ooxml: XML python-docx lacks
"""

from __future__ import annotations

from presskit import model as m
from presskit.renderers.docx.blocks import ALIGNMENTS, MIN_COLUMN_MM, column_groups
from presskit.renderers.docx.document import ReleaseWriter
from presskit.renderers.docx.ooxml import clean
from presskit.renderers.docx.package import finished_package
from presskit.renderers.docx.page import PAGE_SIZES_MM
from presskit.renderers.docx.reference import reference_document, styled_start
from presskit.renderers.docx.styles import STYLES, TABLE_STYLE
from presskit.themes.theme import Theme

__all__ = [
    "ALIGNMENTS",
    "MIN_COLUMN_MM",
    "PAGE_SIZES_MM",
    "STYLES",
    "TABLE_STYLE",
    "clean",
    "column_groups",
    "prepare",
    "reference_document",
    "render",
]


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as a .docx file, byte-identical for identical input."""
    document = ReleaseWriter(release, theme, locale).write()
    return finished_package(document, theme, release.date)


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first document of `theme` in `locale` does first: its styled start."""
    styled_start(theme, locale)
