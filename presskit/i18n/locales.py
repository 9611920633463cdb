"""Which translation file keeps each locale of a release: `i18n/<locale>.xlf`, `.xliff` or `.po`.

`extract --format po` and `--format xliff2` write `fr.po` and `fr.xliff` beside the XLIFF 1.2
files, so `status`, `merge` and `build` read whichever of the three a locale has; a merge
writes back in the file's own format. Two files for one locale would leave it unclear which
the build uses: that is a located error, never a silent choice.
"""

from __future__ import annotations

from pathlib import Path

from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import EXTENSIONS, FileFormat
from presskit.i18n.store import canonical_locale, store_path
from presskit.source.reading import is_regular

SUFFIXES = tuple(EXTENSIONS.values())  # .xlf (XLIFF 1.2), .xliff (XLIFF 2.0), .po
FORMAT_OF_SUFFIX: dict[str, FileFormat] = {suffix: fmt for fmt, suffix in EXTENSIONS.items()}


def translation_files(folder: Path) -> dict[str, list[Path]]:
    """Each locale's translation files in `folder` (named `<locale>.<ext>`, the tag spelt as
    presskit spells it), sorted; pipes, devices and broken links left out."""
    if not folder.is_dir():
        return {}
    found: dict[str, list[Path]] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return {}
    for path in entries:
        if path.suffix not in SUFFIXES or not is_regular(path):
            continue
        try:
            locale = canonical_locale(path.stem)
        except ValueError:
            continue  # not named after a locale: not a translation presskit made
        if path.stem == locale:
            found.setdefault(locale, []).append(path)
    return found


def two_files(locale: str, paths: list[Path]) -> Problem:
    names = " and ".join(path.name for path in paths)
    return Problem(
        f"{len(paths)} translation files for one locale ({names}); presskit reads one per locale",
        paths[-1],
        field=locale,
        hint=f"merge it into the other (presskit i18n merge RELEASE {paths[-1].name}), then remove it",
    )


def locale_file(folder: Path, locale: str) -> Path:
    """The file keeping `locale`'s translations: the one of `<locale>.xlf`, `.xliff`, `.po`
    that exists, else `<locale>.xlf` (where a first merge writes). ValidationFailed if two exist."""
    paths = translation_files(folder).get(locale, [])
    if len(paths) > 1:
        raise ValidationFailed([two_files(locale, paths)])
    return paths[0] if paths else store_path(folder, locale)


def format_of(path: Path) -> FileFormat:
    """The format a locale's file is written back in: its own (read from it), else the one its
    extension names (`fr.xliff`: XLIFF 2.0)."""
    from presskit.i18n.store import read_translation_file

    if path.exists():
        return read_translation_file(path).format
    return FORMAT_OF_SUFFIX.get(path.suffix, "xliff")
