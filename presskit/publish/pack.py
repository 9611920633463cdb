"""Release packs: one reproducible zip per release, or one for a whole newsroom.

A pack is the release folder a build writes (`<slug>/` with every locale and
format, the assets and their renditions, `manifest.json` and `README.txt`)
zipped so that the same input gives the same bytes on every run and machine:

- entries sorted by name, no directory entries;
- every timestamp from `SOURCE_DATE_EPOCH`, else the release's date (00:00);
- permissions 0644 and a Unix "made by", whatever the umask or the platform;
- already-compressed media (images, DOCX, zips) stored, the rest deflated at
  zlib's default level.

`pack()` renders everything it zips in a private staging folder, so a pack
never picks up a stale file from an earlier build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presskit.errors import ExitCode, OutputError, Problem
from presskit.publish.ownership import OutputFolder, OutputRefused, placement_problem, remove_owned, resolved
from presskit.publish.writer import open_atomic, release_output_dir

if TYPE_CHECKING:
    from presskit import model as m
    from presskit.publish.build import BuildOptions, OutputFile, ReleaseOutcome

ZIP_EPOCH_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip format cannot say earlier
ZIP_EPOCH_MAX = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".docx", ".zip", ".gz"})
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def zip_timestamp(release_date: dt.date) -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the release date at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and epoch.isascii() and int(epoch) <= 253402300799:  # the CLI refuses others
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
}
_RENDITION_WORDS = {"web": "web copy, at most 1600 px on its long edge", "thumb": "thumbnail, 400 px"}


def readme(release: m.Release, files: list[OutputFile], folder: Path) -> str:
    """README.txt for the journalist who opens the pack: what it is, what each file is, whom to call."""
    from presskit.words import wording

    locale = release.locale
    width = 72
    lines = [
        *textwrap.wrap(release.headline, width),
        "",
        *textwrap.wrap(wording.release_line(release, locale), width),
        f"{wording.type_label(release, locale)}, {wording.format_long_date(release.date, locale)}",
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
        lines.append(f"      {_FORMAT_WORDS[f.format]} ({f.locale})")
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


# ---------------------------------------------------------------------------
# presskit pack


@dataclass(frozen=True)
class PackFile:
    """One zip written."""

    path: Path
    size: int
    sha256: str
    releases: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "sha256": self.sha256, "releases": self.releases}


@dataclass
class PackReport:
    outcomes: list[ReleaseOutcome]
    packs: list[PackFile] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    error_code: ExitCode = ExitCode.OK
    removed: list[str] = field(default_factory=list)  # what a public run took out of the folder
    warnings: list[Problem] = field(default_factory=list)  # records that could not be trusted

    @property
    def exit_code(self) -> ExitCode:
        from presskit.publish.build import worst

        return worst([o.exit_code for o in self.outcomes] + [self.error_code])

    def as_json(self) -> dict[str, Any]:
        from presskit.publish.build import outcome_json

        return {
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "packs": [p.as_json() for p in self.packs],
            "releases": [outcome_json(o, None) for o in self.outcomes],
            "removed": self.removed,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
        }


def pack(
    paths: Iterable[Path],
    options: BuildOptions,
    output: Path | None = None,
    progress: Callable[[ReleaseOutcome, int, int], None] | None = None,
) -> PackReport:
    """Pack every release under `paths`: `<out_dir>/<slug>.zip` each, or all of them in `output`.

    Each release is rendered afresh (in `options.jobs` processes) into a
    private staging folder and zipped from there. With `options.public`, a
    release still under embargo is refused and left out: a zip an earlier run
    left for it in `out_dir` is removed, and `output` is written even when
    nothing may go in it (an empty zip), so an earlier preview pack never waits
    under the name a publishing step uploads.
    """
    from presskit.publish.build import build_releases, claim, source_folders
    from presskit.source.places import find_release_files

    paths = list(paths)
    sources = find_release_files(paths)
    folders = source_folders(paths, sources, options.theme)
    owner = claim(paths, sources, options)[0] if output is None else None
    if output is not None:
        check_pack_target(output, folders)
    base = Path(tempfile.mkdtemp(prefix="presskit-pack-"))
    staging = OutputFolder.of(base, folders)
    try:
        options = dataclasses.replace(options, pack=output is None)
        outcomes = build_releases(paths, options, staging=staging, progress=progress)
        report = PackReport(outcomes)
        if owner is not None:
            _per_release(report, owner, options)
        else:
            assert output is not None
            _one_zip(report, base, output, options)
    finally:
        if owner is not None:
            release_output_dir(options.out_dir)
        for child in list(base.iterdir()):
            remove_owned(child, staging)
        remove_owned(base, staging, only_if_empty=True)
    return report


def _per_release(report: PackReport, owner: OutputFolder, options: BuildOptions) -> None:
    """Keep the zips made. A public run then clears the folder as a public build does: nothing
    of a release it left out stays (an earlier build's release folder and zip included)."""
    from presskit.publish.build import tidy
    from presskit.publish.incremental import BuildCache

    report.packs.extend(o.pack for o in report.outcomes if o.status == "built" and o.pack is not None)
    if not options.public:
        return
    cache = BuildCache(owner.root)
    previous = dict(cache.entries)
    for outcome in report.outcomes:
        if outcome.status != "built":
            cache.entries.pop(cache.key(outcome.source), None)
    tidy(owner, cache, previous, report.outcomes, options, errors=report.errors, report=report)
    if report.errors:
        report.error_code = ExitCode.OUTPUT_ERROR


def _one_zip(report: PackReport, staging_root: Path, output: Path, options: BuildOptions) -> None:
    members: list[ZipMember] = []
    slugs: list[str] = []
    for outcome in report.outcomes:
        if outcome.status == "built" and outcome.listing is not None:
            slug = outcome.listing.slug
            names = [f.path.relative_to(slug).as_posix() for f in outcome.files]
            day = dt.date.fromisoformat(outcome.listing.date)
            members += release_members(slug, staging_root / slug, names, day)
            slugs.append(slug)
    if not members and not (options.public and output.exists()):
        return
    try:
        size, sha = write_zip(output, members)
    except OutputError as error:
        report.errors.append(Problem(str(error)))
        report.error_code = ExitCode.OUTPUT_ERROR
    else:
        report.packs.append(PackFile(output, size, sha, tuple(sorted(slugs))))


def check_pack_target(output: Path, sources: Iterable[Path]) -> None:
    """`pack -o FILE` writes only a zip apart from every source folder and from the output folders
    presskit publishes (a later public build could not vouch for it), over nothing but a zip."""
    problem = placement_problem(output)
    where = None if problem else resolved(output)
    for source in sources if where is not None else ():
        if where is not None and where.is_relative_to(source.resolve()):
            problem = f"{output} lies inside the source folder {source}"
    if problem:
        raise OutputRefused(f"{problem} (write the zip elsewhere, e.g. -o newsroom.zip)")
    if output.exists() or output.is_symlink():
        if output.is_symlink() or not output.is_file() or not zipfile.is_zipfile(output):
            raise OutputRefused(
                f"{output} exists and is not a zip presskit wrote (remove it, or name another file)"
            )
