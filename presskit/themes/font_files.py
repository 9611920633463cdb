"""A font family's TrueType files, found through fontconfig.

A theme names its fonts by family; the theme (presskit.themes.theme) resolves
each to its files here when first needed, so that renderers receive paths and
never search for fonts. A family that is not installed falls back to
reportlab's bundled Vera.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from presskit.words.typefaces import FontFiles

# fontconfig's weight and slant of each face (regular 80, bold 200; roman 0, italic 100, oblique 110).
_FACES = {"regular": (80, False), "bold": (200, False), "italic": (80, True), "bold_italic": (200, True)}


def _number(text: str, default: int) -> int:
    try:
        return int(float(text))
    except ValueError:  # a variable font gives a range such as "[40 200]"
        return default


@functools.lru_cache(maxsize=1)
def _fontconfig_table() -> dict[str, list[tuple[Path, int, int, bool, int]]]:
    """Every installed TrueType face fontconfig knows, by family key (see `_family_key`):
    file, collection index, weight, italic, width. One fc-list run, once per process."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    result = subprocess.run(
        [fc_list, "--format=%{file}|%{index}|%{weight}|%{slant}|%{width}|%{family}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    table: dict[str, list[tuple[Path, int, int, bool, int]]] = {}
    for line in sorted(result.stdout.splitlines()):
        file, index, weight_text, slant, width, families = (line.split("|", 5) + [""] * 6)[:6]
        # reportlab embeds TrueType outlines only: .otf files hold CFF, and so may a .ttc.
        if not file.lower().endswith((".ttf", ".ttc")):
            continue
        weight, italic = _number(weight_text, 80), _number(slant, 0) > 0
        face = (Path(file), _number(index, 0), weight, italic, _number(width, 100))
        for family in {_family_key(name) for name in families.split(",") if name.strip()}:
            table.setdefault(family, []).append(face)
    return table


def _family_key(family: str) -> str:
    """A family name as fontconfig compares them: case and blanks ignored."""
    return "".join(family.split()).casefold()


def _fontconfig_faces(family: str) -> dict[str, tuple[Path, int]]:
    """The TrueType files (and collection indices) of `family` that fontconfig knows, one per face."""
    candidates = _fontconfig_table().get(_family_key(family), [])
    found: dict[str, tuple[Path, int]] = {}
    for face, (weight, italic) in _FACES.items():
        ranked = sorted(candidates, key=lambda c: (c[3] != italic, abs(c[2] - weight), abs(c[4] - 100)))
        if ranked and (ranked[0][3] == italic or not italic):
            found[face] = (ranked[0][0], ranked[0][1])
    return found


def _bundled_vera() -> FontFiles:
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    return FontFiles(
        "Bitstream Vera Sans",
        folder / "Vera.ttf",
        folder / "VeraBd.ttf",
        folder / "VeraIt.ttf",
        folder / "VeraBI.ttf",
    )


def find_font(family: str) -> FontFiles | None:
    """The family's TrueType files via fontconfig, or None when it is not installed."""
    found = _fontconfig_faces(family)
    if "regular" not in found:
        return None
    regular, index = found["regular"]

    def face(name: str, default: Path) -> Path:
        path, face_index = found.get(name, (default, index))
        # A collection's faces share one index here; a face elsewhere in it is not used.
        return path if face_index == index or path.suffix.lower() == ".ttf" else default

    bold = face("bold", regular)
    return FontFiles(family, regular, bold, face("italic", regular), face("bold_italic", bold), index=index)


def resolve_font(family: str) -> FontFiles:
    """The family's four TrueType files via fontconfig, else reportlab's Vera."""
    return find_font(family) or _bundled_vera()
