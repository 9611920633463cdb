"""Reproducible zips and the README.txt of a release folder.

The same input gives the same bytes on every run and machine:

- entries sorted by name, no directory entries;
- every timestamp from `SOURCE_DATE_EPOCH`, else the release's date (00:00);
- permissions 0644 and a Unix "made by", whatever the umask or the platform;
- already-compressed media (images, DOCX, zips) stored, the rest deflated at
  zlib's default level.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import textwrap
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from presskit.publish.writer import open_atomic
from presskit.source.environment import valid_epoch

if TYPE_CHECKING:
    from presskit import model as m
    from presskit.publish.outcome import OutputFile


ZIP_EPOCH_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip format cannot say earlier
ZIP_EPOCH_MAX = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".docx", ".zip", ".gz"})
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def zip_timestamp(release_date: dt.date) -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the release date at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if valid_epoch(epoch):  # the CLI refuses others
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.combine(release_date, dt.time(0, 0), tzinfo=dt.UTC)
    return min(max(moment, ZIP_EPOCH_MIN), ZIP_EPOCH_MAX)


@dataclass(frozen=True)
class ZipMember:
    name: str  # inside the zip, e.g. gta-2025/en-GB/gta-2025.pdf
    source: Path
    stamp: dt.datetime


def write_zip(target: Path, members: Iterable[ZipMember]) -> tuple[int, str]:
    """Write the members, sorted by name, atomically; the zip's size and sha256."""
    ordered = sorted(members, key=lambda member: member.name)
    with open_atomic(target) as out:
        with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
            for member in ordered:
                info = zipfile.ZipInfo(member.name, date_time=member.stamp.timetuple()[:6])
                info.create_system = 3  # Unix, so the permission bits below mean what they say
                info.external_attr = FILE_MODE << 16
                suffix = Path(member.name).suffix.lower()
                info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
                info.file_size = member.source.stat().st_size
                with member.source.open("rb") as source, archive.open(info, "w") as sink:
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        sink.write(chunk)
        out.flush()
        size = out.tell()
        out.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
    return size, digest.hexdigest()


def release_members(slug: str, folder: Path, names: Iterable[str], day: dt.date) -> list[ZipMember]:
    """The files of one release folder as zip members under `<slug>/`."""
    stamp = zip_timestamp(day)
    return [ZipMember(f"{slug}/{name}", folder / name, stamp) for name in names]


# ---------------------------------------------------------------------------
# README.txt


_FORMAT_WORDS = {
    "html": "web page",
    "pdf": "PDF, for reading and printing",
    "docx": "Word document, to edit or restyle",
    "txt": "plain text, for e-mail and wire services",
    "ninjs": "IPTC ninjs 2.2 news item (JSON), for wire services and newsroom systems",
    "vcard": "contact cards (vCard 4.0), for an address book",
    "email": "HTML e-mail, for a mailing tool",
    "eml": "the e-mail ready to send (open it in Thunderbird or Outlook)",
    "calendar": "the events (iCalendar), for a calendar",
    "factsheet": "fact sheet: the release's figures and their sources on one page (PDF)",
    "factsheet-html": "fact sheet: the release's figures and their sources on one page (web page)",
    "social": "a post of at most 280 characters (headline, link, hashtags), for social media",
    "logo": "the organisation's logo",
}
_RENDITION_WORDS = {"web": "web copy, at most 1600 px on its long edge", "thumb": "thumbnail, 400 px"}


def readme(release: m.Release, files: list[OutputFile], folder: Path) -> str:
    """README.txt for the journalist who opens the pack: what it is, what each file is, whom to call."""
    from presskit.words import issuing, wording
    from presskit.words.labels import label

    locale = release.locale
    width = 72
    lines = [
        *textwrap.wrap(release.headline, width),
        "",
        *textwrap.wrap(issuing.release_line(release, locale), width),
        wording.type_label(release, locale)
        + label("comma", locale)
        + wording.format_long_date(release.date, locale),
        release.organisation.name,
        "",
    ]
    if release.embargo is not None:
        lines += [
            *textwrap.wrap(
                "Nothing in this pack may be published, broadcast or shared before the embargo above lifts.",
                width,
            ),
            "",
        ]
    documents = [f for f in files if f.format in _FORMAT_WORDS]
    lines.append("The release")
    for f in documents:
        name = f.path.relative_to(folder).as_posix()
        lines.append(f"  {name}")
        lines.append(f"      {_FORMAT_WORDS[f.format]}" + (f" ({f.locale})" if f.locale else ""))
    assets = {a.published_name: a for a in release.assets}
    published = [f for f in files if f.format == "asset"]
    if published:
        lines += ["", "Images and documents"]
        for f in published:
            name = f.path.relative_to(folder).as_posix()
            lines.append(f"  {name}")
            if f.rendition:
                lines.append(f"      {_RENDITION_WORDS.get(f.rendition, f.rendition)}")
            elif name in assets:
                described = wording.asset_description(assets[name], locale)
                lines += textwrap.wrap(described, width, initial_indent=" " * 6, subsequent_indent=" " * 6)
    if release.contacts:
        lines += ["", "Media contacts"]
        for contact in release.contacts:
            lines.append(f"  {contact.name}")
            for line in wording.contact_lines(contact, locale):
                lines.append(f"      {line.text}")
    lines += [
        "",
        *textwrap.wrap(
            "manifest.json lists every file in this pack with its SHA-256 checksum, size, media "
            "type, locale and format.",
            width,
        ),
    ]
    return "\n".join(lines) + "\n"
