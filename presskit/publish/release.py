"""One release rendered and written: every edition in every format, the assets and
their renditions, manifest.json and README.txt, made in memory first and written
into a staging folder that replaces the release's folder only when all of it succeeded."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from presskit import __version__
from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.publish.assets import renditions
from presskit.publish.calendar import calendar_file
from presskit.publish.editions import editions
from presskit.publish.newsroom import Listing, render_index
from presskit.publish.outcome import BuildOptions, OutputFile
from presskit.publish.ownership import OutputFolder
from presskit.publish.parallel import render_checked
from presskit.publish.writer import (
    copy_atomic,
    discard_staging,
    staging_folder,
    swap_in,
    write_atomic,
)
from presskit.publish.zips import readme
from presskit.renderers import FORMATS
from presskit.source.assets import AssetError, Limits, check_size
from presskit.source.document import read_document
from presskit.themes.theme import Theme


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release pack before it is written: rendered bytes, or a file to copy."""

    name: str  # inside the release folder, e.g. en-GB/gta-2025.pdf or assets/cover.web.jpg
    format: str
    locale: str | None
    media_type: str
    data: bytes | None = None
    source: Path | None = None
    size: int = 0
    sha256: str = ""
    rendition: str | None = None


def _published(
    name: str, media_type: str, source: Path, data: bytes, rendition: str | None = None
) -> ReleaseFile:
    """A file published as it is (an asset or one of its renditions), copied from `source`."""
    digest = hashlib.sha256(data).hexdigest()
    return ReleaseFile(
        name, "asset", None, media_type, source=source, size=len(data), sha256=digest, rendition=rendition
    )


def render_release(
    release: m.Release,
    theme: Theme,
    options: BuildOptions,
    limits: Limits,
    built: list[m.Release] | None = None,
    jobs: int = 1,
) -> tuple[list[ReleaseFile], list[ReleaseFile], list[Problem]]:
    """The rendered documents (in up to `jobs` processes), the published assets
    (originals and renditions), and a warning for each character of an edition that
    no available font has (it would show as an empty box).

    Assets are checked first (size limits, decodable images, script-free SVG),
    so no renderer ever meets a file that would make it fail; every problem is
    reported, located at the asset's line in the release file.
    """
    problems: list[Problem] = []
    published: list[ReleaseFile] = published_logo(release, options)
    copies: dict[int, tuple[Path, ...]] = {}
    for index, asset in enumerate(release.assets):
        try:
            check_size(asset.path, asset.file, limits)
            data = asset.path.read_bytes()
            made = renditions(asset, data, options.cache_dir)
        except AssetError as error:
            problems.append(_asset_problem(release, index, str(error)))
            continue
        copies[index] = tuple(r.path for r in sorted(made, key=lambda r: r.kind != "thumb"))  # smallest first
        published.append(_published(asset.published_name, asset.media_type, asset.path, data))
        for rendition in made:
            content = rendition.path.read_bytes()
            published.append(
                _published(rendition.name, rendition.media_type, rendition.path, content, rendition.kind)
            )
    names = [f.name for f in published]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            Problem(
                f"two published files would be called {name} (an asset and another asset's rendition)",
                release.source_path,
                field="assets",
                hint="rename the asset whose name ends in .web or .thumb",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    wanted = built if built is not None else editions(release, options, theme=theme)[0]
    tasks = render_tasks(wanted, copies, options.formats)
    rendered, found = render_checked(tasks, theme, jobs, wanted)
    documents: list[ReleaseFile] = []
    for (edition, name), data in zip(tasks, rendered, strict=True):
        fmt = FORMATS[name]
        documents.append(
            ReleaseFile(
                f"{edition.locale}/{fmt.output_name(release.slug)}",
                name,
                edition.locale,
                fmt.media_type,
                data=data,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    if "vcard" in options.formats:
        documents.extend(contact_cards(wanted))
    total = sum(f.size for f in documents + published)
    if total > limits.pack_bytes:
        biggest = max(documents + published, key=lambda f: f.size)
        raise ValidationFailed(
            [
                Problem(
                    f"the release pack would be {total / 1e6:.1f} MB, over the limit of "
                    f"{limits.pack_mb:g} MB (largest: {biggest.name}, {biggest.size / 1e6:.1f} MB)",
                    release.source_path,
                    field="assets",
                    hint="publish fewer or smaller files, or raise limits.pack_mb in presskit.yaml",
                )
            ]
        )
    return documents, published, found


def render_tasks(
    wanted: list[m.Release], copies: dict[int, tuple[Path, ...]], formats: tuple[str, ...]
) -> list[tuple[m.Release, str]]:
    """Each edition in each format that applies to it: no fact sheet of a release without statistics."""
    return [
        (edition, name)
        for edition in shown_editions(wanted, copies)
        for name in formats
        if FORMATS[name].applies_to(edition)
    ]


def published_logo(release: m.Release, options: BuildOptions) -> list[ReleaseFile]:
    """The organisation's logo as `<slug>/logo.<ext>`, which the pages' JSON-LD names as the
    publisher's logo: Schema.org wants an address, and the page itself embeds its copy. Only
    under base_url, the only way the page has an absolute address to give it."""
    org = release.organisation
    name = org.logo_published_name
    if org.logo is None or name is None or release.base_url is None or "html" not in options.formats:
        return []
    data = org.logo.read_bytes()
    media_type = "image/jpeg" if name.endswith(".jpg") else "image/png"
    digest = hashlib.sha256(data).hexdigest()
    return [ReleaseFile(name, "logo", None, media_type, source=org.logo, size=len(data), sha256=digest)]


def contact_cards(wanted: list[m.Release]) -> list[ReleaseFile]:
    """Each edition's contacts one card a file, `<locale>/contacts/<id>.vcf`, as well as all in
    `contacts.vcf`: a journalist keeps the one they were given."""
    from presskit.renderers.vcard import cards

    found: dict[str, ReleaseFile] = {}
    for edition in wanted:
        for contact_id, data in cards(edition, edition.locale):
            name = f"{edition.locale}/contacts/{contact_id}.vcf"
            digest = hashlib.sha256(data).hexdigest()
            found[name] = ReleaseFile(
                name, "vcard", edition.locale, "text/vcard", data, size=len(data), sha256=digest
            )
    return list(found.values())


def shown_editions(wanted: list[m.Release], copies: dict[int, tuple[Path, ...]]) -> list[m.Release]:
    """Each edition with its renditions, one object for all its formats: what formats share is
    kept per edition object (renderers.shared), so a copy per format would make it again."""
    return [with_renditions(edition, copies) for edition in wanted]


def with_renditions(release: m.Release, copies: dict[int, tuple[Path, ...]]) -> m.Release:
    """The release with each image asset knowing its renditions (documents use them in place
    of a full-size original: upright, already scaled, and made once for every locale)."""
    if not copies:
        return release
    assets = tuple(
        dataclasses.replace(asset, renditions=copies.get(index, ()))
        for index, asset in enumerate(release.assets)
    )
    return dataclasses.replace(release, assets=assets)


def _asset_problem(release: m.Release, index: int, message: str) -> Problem:
    where = ("assets", index, "file")
    hint = "re-export the file, or raise limits.asset_mb in presskit.yaml if it is only too big"
    if release.source_path is not None:
        try:
            return read_document(release.source_path).problem(where, message, hint)
        except (ValidationFailed, OSError):
            pass
    return Problem(message, release.source_path, field=f"assets[{index}].file", hint=hint)


def release_index(release: m.Release, files: list[OutputFile], theme: Theme, options: BuildOptions) -> bytes:
    """`<slug>/index.html`: the release's locales, each with its formats, linked from the release folder."""
    from presskit.words.labels import label

    pages: dict[str, dict[str, str]] = {}
    for f in files:
        if f.format in FORMATS and f.locale:
            pages.setdefault(f.locale, {})[f.format] = f.path.relative_to(release.slug).as_posix()
    listing = Listing.of(release, pages)
    return render_index(
        [listing],
        now=options.now,
        public=options.public,
        title=release.organisation.name,
        theme=theme,
        page_locale=release.locale,
        feed=None,
        heading=label("languages", release.locale),
    )


def write_release(
    root: OutputFolder, release: m.Release, contents: list[ReleaseFile], theme: Theme, options: BuildOptions
) -> list[OutputFile]:
    """Write the release folder `root/<slug>/`: its files, README.txt and manifest.json.

    The folder is built in a staging folder and swapped in whole, so a build killed at
    any moment leaves the previous release folder or the new one, never a mixture.
    """
    folder = staging_folder(root, release.slug)
    try:
        return _write_staged(folder, root, release, contents, theme, options)
    except BaseException:
        discard_staging(folder, root)  # nothing half-written stays, not even in .staging/
        raise


def _write_staged(
    folder: Path,
    root: OutputFolder,
    release: m.Release,
    contents: list[ReleaseFile],
    theme: Theme,
    options: BuildOptions,
) -> list[OutputFile]:
    files: list[OutputFile] = []
    for item in contents:
        target = folder / item.name
        if item.data is not None:
            write_atomic(target, item.data)
        elif item.source is not None:
            copy_atomic(item.source, target, item.sha256)
        files.append(
            OutputFile(
                Path(release.slug, item.name),
                item.format,
                item.locale,
                item.media_type,
                item.size,
                item.sha256,
                item.rendition,
            )
        )

    def add(name: str, kind: str, media_type: str, data: bytes) -> None:
        write_atomic(folder / name, data)
        digest = hashlib.sha256(data).hexdigest()
        files.append(OutputFile(Path(release.slug, name), kind, None, media_type, len(data), digest))

    if "html" in options.formats:
        add("index.html", "index", "text/html", release_index(release, files, theme, options))
    if release.calendar_name:
        add(release.calendar_name, "calendar", "text/calendar", calendar_file(release))
    add("README.txt", "readme", "text/plain", readme(release, files, Path(release.slug)).encode("utf-8"))
    add("manifest.json", "manifest", "application/json", _manifest(release, files))
    swap_in(folder, root.root / release.slug, root)
    return files


def _manifest(release: m.Release, files: list[OutputFile]) -> bytes:
    """manifest.json: the release and every file beside it (but itself), paths relative to the folder."""
    from presskit.source.dump import release_summary

    manifest = {
        **release_summary(release),
        "generator": f"presskit {__version__}",
        "locales": sorted({f.locale for f in files if f.locale}),
        "files": [f.as_json(Path(release.slug)) for f in sorted(files, key=lambda f: f.path.as_posix())],
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
