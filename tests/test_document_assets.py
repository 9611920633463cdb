"""Documents published as assets are checked as images are: a PDF or Word file no reader
can open, or a Word file that unpacks to a gigabyte, is a located refusal, not a published file.

See presskit.source.published.check_pdf, check_docx and check_archive.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from presskit.cli import cli
from presskit.source.assets import AssetError
from presskit.source.published import check_archive, check_docx, check_pdf
from tests.test_build_assets import line_of, release_with

NOW = dt.datetime(2025, 12, 10, 18, 0, tzinfo=dt.UTC)
MiB = 1 << 20
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def a_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "The full report")
    page.showPage()
    page.save()
    return out.getvalue()


def a_pdf_without_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def a_docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("The full report")
    document.save(out)
    return out.getvalue()


def rezipped(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """`data`'s archive with some parts replaced (or, for None, removed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename not in replace:
                target.writestr(entry, source.read(entry))
        for name, part in replace.items():
            if part is not None:
                target.writestr(name, part)
    return out.getvalue()


@functools.cache
def zip_bomb(gib: int = 1) -> bytes:
    """A real Word document whose word/document.xml inflates to `gib` GiB of blanks from about
    a megabyte. Made in a fraction of a second: after a full flush, deflate packs each MiB of
    blanks into the same bytes, so the part is one packed MiB repeated."""
    block = b" " * MiB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    packed = piece * (gib * 1024) + packer.flush()
    crc = 0
    for _ in range(gib * 1024):
        crc = zlib.crc32(block, crc)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(a_docx())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                target.writestr(entry, source.read(entry))
        # zipfile cannot take packed data: the entry is written as zipfile writes one.
        info = zipfile.ZipInfo("word/document.xml", date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type, info.CRC = zipfile.ZIP_DEFLATED, crc
        info.file_size, info.compress_size = gib << 30, len(packed)
        info.header_offset = target.fp.tell()  # type: ignore[union-attr]
        target.fp.write(info.FileHeader(zip64=False) + packed)  # type: ignore[union-attr]
        target.start_dir = target.fp.tell()  # type: ignore[union-attr]
        target.filelist.append(info)
        target.NameToInfo[info.filename] = info
    return out.getvalue()


def high_ratio_part() -> bytes:
    """20 MB of one byte in a 20 kB part: under the total limit, beyond any document's ratio."""
    return rezipped(a_docx(), {"word/media/padding.bin": b"\0" * (20 * MiB)})


def with_bad_crc(data: bytes) -> bytes:
    """The archive with one byte of word/styles.xml's packed data changed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entry = archive.getinfo("word/styles.xml")
    stored = rezipped(data, {})
    # Store the part uncompressed, so that changing a byte changes its content, not its deflate stream.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(stored)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item), zipfile.ZIP_STORED)
    damaged = bytearray(out.getvalue())
    at = bytes(damaged).index(b"<w:styles") + 3
    damaged[at] ^= 0x20
    assert entry.file_size > 0
    return bytes(damaged)


def as_macro_document(data: bytes) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    macro = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    return rezipped(data, {"[Content_Types].xml": types.replace(WORD_MAIN.encode(), macro)})


DOCUMENT = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'

REFUSED_PDFS: list[tuple[str, bytes, str]] = [
    ("five bytes", b"%PDF-", "is not a readable PDF"),
    ("a header and nothing else", b"%PDF-1.7\n%%EOF\n", "is not a readable PDF"),
    ("cut in half", a_pdf()[: len(a_pdf()) // 2], "is not a readable PDF"),
    ("no pages", a_pdf_without_pages(), "is a PDF without a single page"),
]

REFUSED_DOCX: list[tuple[str, bytes, str]] = [
    (
        "cut in half",
        a_docx()[: len(a_docx()) // 2],
        "is not a readable Word document (File is not a zip file)",
    ),
    ("the zip signature alone", b"PK\x03\x04", "is not a readable Word document"),
    ("a zip bomb", zip_bomb(), "MB, over the limit of 250 MB (a zip bomb"),
    ("a part of extreme ratio", high_ratio_part(), "has a part (word/media/padding.bin) that would expand"),
    ("a plain zip", rezipped(a_docx(), {"_rels/.rels": None}), "names no main document part"),
    ("a macro document renamed", as_macro_document(a_docx()), "macro-enabled .docm"),
    ("a damaged part", with_bad_crc(a_docx()), "Bad CRC-32 for file 'word/styles.xml'"),
    (
        "its text not XML",
        rezipped(a_docx(), {"word/document.xml": DOCUMENT}),
        "is not a readable Word document",
    ),
    (
        "entities in its text",
        rezipped(
            a_docx(), {"word/document.xml": b'<!DOCTYPE d [<!ENTITY a "a">]>' + DOCUMENT + b"</w:document>"}
        ),
        "is not a readable Word document",
    ),
]


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in REFUSED_PDFS], ids=[c[0] for c in REFUSED_PDFS])
def test_a_pdf_no_reader_can_open_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(AssetError, match="^report.pdf " + message):
        check_pdf(data, "report.pdf")


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in REFUSED_DOCX], ids=[c[0] for c in REFUSED_DOCX])
def test_a_word_file_no_reader_can_open_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(AssetError) as caught:
        check_docx(data, "report.docx")
    assert str(caught.value).startswith("report.docx ") and message in str(caught.value), caught.value


def test_real_documents_pass() -> None:
    check_pdf(a_pdf(), "report.pdf")
    check_docx(a_docx(), "report.docx")


def test_an_archive_is_judged_by_its_directory_before_anything_is_unpacked() -> None:
    bomb = zip_bomb()
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # a real bomb: it does unpack to 1 GiB
        assert archive.getinfo("word/document.xml").file_size == 1 << 30 and len(bomb) < 2 * MiB
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(AssetError, match=r"would unpack to 1,07\d MB"):
        check_archive(bomb, "report.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 1 and peak < 20 * MiB


# --------------------------------------------------------------------------
# Through the command line


def build(folder: Path, out: Path) -> Any:
    return CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(out), "-f", "txt", "--now", NOW.isoformat()]
    )


CLI_CASES = [
    ("report.pdf", b"%PDF-", "is not a readable PDF"),
    ("report.pdf", a_pdf()[:400], "is not a readable PDF"),
    ("report.docx", a_docx()[:-100], "is not a readable Word document"),
    ("report.docx", zip_bomb(), "would unpack to 1,07"),
]


@pytest.mark.parametrize(("name", "data", "message"), CLI_CASES, ids=[f"{c[0]}: {c[2]}" for c in CLI_CASES])
def test_the_build_refuses_a_broken_document_at_its_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    folder = release_with(
        tmp_path, {f"assets/{name}": data}, f"  - {{file: assets/{name}, title: Full report}}\n"
    )
    out = tmp_path / "o"
    result = build(folder, out)
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    (line,) = [line for line in result.stderr.splitlines() if name in line]
    assert f"release.yaml:{line_of(folder, f'assets/{name}')}:" in line
    assert f"assets[0].file: assets/{name} {message}" in line
    assert not (out / "rel").exists()


def test_the_build_publishes_real_documents(tmp_path: Path) -> None:
    files = {"assets/report.pdf": a_pdf(), "assets/report.docx": a_docx()}
    entries = "  - {file: assets/report.pdf, title: Report}\n  - {file: assets/report.docx, title: Report}\n"
    folder = release_with(tmp_path, files, entries)
    result = build(folder, tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    for name, data in files.items():
        assert (tmp_path / "o" / "rel" / name).read_bytes() == data


@pytest.mark.parametrize(
    ("name", "data"),
    [("report.pdf", b"%PDF-"), ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>')],
)
def test_check_refuses_what_the_build_refuses(tmp_path: Path, name: str, data: bytes) -> None:
    folder = release_with(
        tmp_path, {f"assets/{name}": data}, f"  - {{file: assets/{name}, title: T, alt: A}}\n"
    )
    result = CliRunner().invoke(cli, ["check", str(folder), "--now", NOW.isoformat()])
    assert result.exit_code == 1
    assert f"assets[0].file: assets/{name} " in result.stderr
