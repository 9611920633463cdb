"""Files published as they are (SVG, PDF, Word documents): checked as a reader
will open them, since no rendition stands between them and the reader.

A PDF must have a readable structure and a page; a Word document or a theme's
reference.docx must unpack safely (sized from its directory first) and name its
main part; an SVG may hold only what a still image needs (svg.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import IO, Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from presskit.source.assets import MB, AssetError, reason

# --------------------------------------------------------------------------
# Documents and SVG: published as they are, so checked as a reader will open them


def check_published(data: bytes, media_type: str, display: str) -> None:
    """AssetError when a file published as it is (no rendition) would not open where it
    is published, or could run script there: SVG, PDF and Word documents."""
    check = _CONTENT_CHECKS.get(media_type)
    if check is not None:
        check(data, display)


def check_pdf(data: bytes, display: str) -> None:
    """A PDF whose structure pypdf can read and which has at least one page."""
    import logging

    from pypdf import PdfReader

    # pypdf logs what it repairs; a repaired file opens in readers too, so that is no news here.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return  # readers ask for its password; nothing more can be seen without it
        pages = len(reader.pages)
    except Exception as err:  # noqa: BLE001 (pypdf raises what it meets in a damaged file; any of it means damaged)
        raise AssetError(f"{display} is not a readable PDF ({reason(err)})") from None
    finally:
        logger.setLevel(level)
    if pages == 0:
        raise AssetError(f"{display} is a PDF without a single page")


# --------------------------------------------------------------------------
# Archives (.docx assets, a theme's reference.docx): sized from their directory before any
# part is unpacked, as a 1 MB file can hold a part that inflates to 1 GB.

MAX_ARCHIVE_ENTRIES = 10_000
ARCHIVE_EXPANDED_LIMIT = 250 * MB  # every part unpacked; a 50 MB report of photographs is ~50 MB
# A part expanding more than this many times its packed size, once it passes RATIO_FROM, is a
# bomb: Word's XML packs 5 to 20 times, deflate cannot pack anything beyond ~1,000 times.
MAX_RATIO = 200
RATIO_FROM = 10 * MB
_PART_LIMIT = 1 * MB  # [Content_Types].xml and _rels/.rels, read whole: a few kilobytes each
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def check_archive(
    data: bytes, display: str, *, expanded_limit: int = ARCHIVE_EXPANDED_LIMIT, kind: str = "zip archive"
) -> None:
    """AssetError unless the zip's directory says it unpacks safely: at most MAX_ARCHIVE_ENTRIES
    parts, `expanded_limit` bytes in all, none expanding beyond MAX_RATIO times its packed size.

    What a part unpacks to is bounded by the size its directory entry gives
    (Python's zipfile stops there and checks the CRC), so the directory is enough.
    """
    entries = _entries(data, display, kind)
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise AssetError(f"{display} holds {len(entries):,} files, over the limit of {MAX_ARCHIVE_ENTRIES:,}")
    expanded = sum(entry.file_size for entry in entries)
    if expanded > expanded_limit:
        raise AssetError(
            f"{display} would unpack to {expanded / MB:,.0f} MB, over the limit of "
            f"{expanded_limit / MB:,.0f} MB (a zip bomb, or a document too large to publish)"
        )
    for entry in entries:
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size / max(entry.compress_size, 1)
            raise AssetError(
                f"{display} has a part ({entry.filename}) that would expand {ratio:,.0f} times, "
                f"beyond the {MAX_RATIO} times any document needs (a zip bomb)"
            )


def _entries(data: bytes, display: str, kind: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise AssetError(f"{display} is not a readable {kind} ({reason(err)})") from None


def check_docx(data: bytes, display: str) -> None:
    """A Word document Word will open: a safe archive (see `check_archive`) whose every part
    unpacks with a correct checksum, whose main part is declared a Word document and is
    well-formed XML. A truncated file or a renamed .docm or .zip stops here."""
    check_archive(data, display, kind="Word document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                _read_through(archive, entry)
            main = _main_part(archive)
            if main is None:
                raise AssetError(f"{display} is not a Word document (it names no main document part)")
            if _content_type(archive, main) != WORD_MAIN:
                raise AssetError(
                    f"{display} is not a Word document ({main} is not declared the text of one; "
                    "a macro-enabled .docm or a template renamed?)"
                )
            with archive.open(main) as part:
                _well_formed(part)
    except AssetError:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        SAXException,
    ) as err:
        # ValueError covers defusedxml's refusals (entities, DTDs): no Word document has them.
        raise AssetError(f"{display} is not a readable Word document ({reason(err)})") from None


def _read_through(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Unpack a part in pieces without keeping it: zipfile checks its CRC at the end."""
    with archive.open(entry) as part:
        while part.read(1 << 20):
            pass


def _xml_part(archive: zipfile.ZipFile, name: str) -> Any:
    import defusedxml.ElementTree as safe_xml

    if archive.getinfo(name).file_size > _PART_LIMIT:
        raise ValueError(f"{name} is over {_PART_LIMIT // MB} MB")
    return safe_xml.fromstring(archive.read(name))


def _main_part(archive: zipfile.ZipFile) -> str | None:
    """The part the package's relationships name as its document (word/document.xml, as a rule)."""
    if "_rels/.rels" not in archive.namelist():
        return None
    for relation in _xml_part(archive, "_rels/.rels"):
        if relation.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT):
            target = str(relation.get("Target", "")).lstrip("/")
            return target if target in archive.namelist() else None
    return None


def _content_type(archive: zipfile.ZipFile, part: str) -> str | None:
    """The media type [Content_Types].xml declares for `part`: its override, else its extension's."""
    if "[Content_Types].xml" not in archive.namelist():
        return None
    declared = _xml_part(archive, "[Content_Types].xml")
    by_extension: dict[str, str] = {}
    for item in declared:
        tag = str(item.tag).rsplit("}", 1)[-1]
        if tag == "Override" and str(item.get("PartName", "")).lstrip("/") == part:
            return str(item.get("ContentType"))
        if tag == "Default":
            by_extension[str(item.get("Extension", "")).lower()] = str(item.get("ContentType"))
    return by_extension.get(PurePosixPath(part).suffix.lstrip(".").lower())


def _well_formed(stream: IO[bytes]) -> None:
    """Parse XML as it streams, keeping nothing: a Word document's text may be tens of megabytes."""
    import defusedxml.sax

    defusedxml.sax.parse(stream, ContentHandler(), forbid_dtd=True)


def _check_svg(data: bytes, display: str) -> None:
    # Imported here: defusedxml's SAX reader pulls in urllib and ssl, which most releases never need.
    from presskit.source.svg import check_svg

    check_svg(data, display)


_CONTENT_CHECKS: dict[str, Callable[[bytes, str], None]] = {
    "image/svg+xml": _check_svg,
    "application/pdf": check_pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": check_docx,
}
