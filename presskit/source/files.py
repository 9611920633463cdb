"""The files a release or newsroom names (logo, assets): inside their folders, of the
type their name says, and whole enough to publish.
"""

from __future__ import annotations

import stat
from pathlib import Path

from presskit.errors import Problem
from presskit.source import schema as s
from presskit.source.document import Document, FieldPath
from presskit.source.reading import UnreadableFile, kind_of, read_regular

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
IMAGE_TYPES[".svg"] = "image/svg+xml"
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".svg": (b"<", b"\xef\xbb\xbf<"),
}


# The HTML page embeds the logo (base64, a third larger), and a page may be at most
# 20 MB (presskit/themes/template_budget.py OUTPUT_LIMIT): a logo twice this size failed the build.
LOGO_MAX_MB = 5


def logo_fits(path: Path, doc: Document, where: FieldPath, problems: list[Problem]) -> bool:
    size = path.stat().st_size
    if size <= LOGO_MAX_MB * 1_000_000:
        return True
    written = doc.value(where) or path.name
    problems.append(
        doc.problem(
            where,
            f"{written} is {size / 1_000_000:.1f} MB, over the limit of {LOGO_MAX_MB} MB for a logo",
            "every web page embeds it; export it smaller: a logo needs a few hundred kB",
        )
    )
    return False


def confined_file(
    name: str, doc: Document, where: FieldPath, base: Path, roots: list[Path], problems: list[Problem]
) -> Path | None:
    """`name` relative to `base`, if it is a file inside one of `roots` (symlinks resolved).

    The path returned keeps the name written, even where it is a link: an asset is
    published under the name the release gives it, never its target's (which may be
    private, or not even UTF-8).
    """
    if Path(name).is_absolute() or name.startswith("~"):
        problems.append(
            doc.problem(where, f"{name!r} is an absolute path", "give a path relative to the release folder")
        )
        return None
    candidate = base / name
    try:
        resolved = candidate.resolve()
        as_named = candidate.parent.resolve() / candidate.name
    except (OSError, RuntimeError):  # links that lead to each other in a loop
        problems.append(doc.problem(where, f"{name!r} is a link that leads round in a loop"))
        return None
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        problems.append(
            doc.problem(
                where,
                f"{name!r} points outside the release and newsroom folders",
                "keep assets under assets/",
            )
        )
        return None
    if not resolved.exists():
        problems.append(doc.problem(where, f"no file {name!r}", f"looked for {candidate}"))
        return None
    if not resolved.is_file():
        problems.append(doc.problem(where, f"{name!r} is not a file"))
        return None
    return as_named


MAX_IMAGE_PIXELS = 60_000_000  # ~ 9000 x 6600: beyond any press photo; guards against decompression bombs
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def _check_image(path: Path, doc: Document, where: FieldPath, problems: list[Problem]) -> bool:
    """Check a raster image's structure, so a truncated file or a decompression bomb stops here, not in a renderer."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError(f"{width} x {height} pixels")
                # verify() reads every chunk and checks its CRC (a truncated PNG fails) without
                # decoding pixels; the build's renditions decode the image, with located errors.
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        problems.append(
            doc.problem(
                where, f"{path.name} is too large to decode ({err})", "use an image under 60 megapixels"
            )
        )
        return False
    except UnidentifiedImageError:
        reason = "its data is damaged or not in the format its name says"
        problems.append(
            doc.problem(where, f"{path.name} is not a readable image ({reason})", "re-export the file")
        )
        return False
    except (OSError, SyntaxError, ValueError) as err:
        reason = " ".join(str(err).replace(str(path), path.name).split()) or type(err).__name__
        problems.append(
            doc.problem(where, f"{path.name} is not a readable image ({reason})", "re-export the file")
        )
        return False
    return True


def check_file(
    path: Path, doc: Document, where: FieldPath, problems: list[Problem], limits: s.LimitsIn
) -> bool:
    """Kind (a regular file), size (limits.asset_mb, checked before anything is read),
    signature, and content: a raster image decodes, an SVG runs no script, a PDF or Word
    document opens (the checks the build makes, so `check` refuses what `build` would)."""
    written = doc.value(where) or path.name
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        kind = "a broken link" if info is None else kind_of(info.st_mode)
        problems.append(
            doc.problem(where, f"{written} is {kind}, not a regular file", "give the file itself")
        )
        return False
    limit = int(limits.asset_mb * 1_000_000)
    if info.st_size > limit:
        problems.append(
            doc.problem(
                where,
                f"{written} is {info.st_size / 1_000_000:.1f} MB, over the limit of {limits.asset_mb:g} MB per file",
                "link large files from the press kit instead, or raise limits.asset_mb in presskit.yaml",
            )
        )
        return False
    try:
        data = read_regular(path, limit, what="asset")
    except UnreadableFile as error:
        problems.append(doc.problem(where, f"{written}: {error.message}", error.hint or "re-export the file"))
        return False
    if not _check_magic(path, data, doc, where, problems):
        return False
    if path.suffix.lower() in RASTER_SUFFIXES:
        return _check_image(path, doc, where, problems)
    return _check_content(path, data, doc, where, problems)


def _check_content(path: Path, data: bytes, doc: Document, where: FieldPath, problems: list[Problem]) -> bool:
    media_type = IMAGE_TYPES.get(path.suffix.lower()) or DOCUMENT_TYPES.get(path.suffix.lower())
    if media_type is None:
        return True
    from presskit.source.assets import AssetError
    from presskit.source.published import check_published

    try:
        check_published(data, media_type, str(doc.value(where) or path.name))
    except AssetError as error:
        problems.append(doc.problem(where, str(error), "re-export the file"))
        return False
    return True


def _check_magic(path: Path, data: bytes, doc: Document, where: FieldPath, problems: list[Problem]) -> bool:
    signatures = MAGIC.get(path.suffix.lower())
    if not signatures:
        return True
    head = data[:16]
    if not any(head.startswith(sig) for sig in signatures):
        problems.append(
            doc.problem(
                where,
                f"{path.name} is not a real {path.suffix.lstrip('.').upper()} file",
                "re-export the file",
            )
        )
        return False
    return True
