"""A font family's files: what a theme names, fontconfig finds and the PDF embeds.

Its own module, importing nothing, so that loading a theme (`presskit theme list`,
the PDF helper before its fork) does not load the script tables of fonts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FontFiles:
    """TrueType files of one family, for the PDF renderer.

    `index` is the face's number inside a TrueType collection (.ttc); a family
    found in a collection takes all its faces from that one face.
    """

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    index: int = 0
