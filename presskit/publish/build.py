"""Build: release files in, rendered files out, with the embargo enforced.

Everything for a release is checked and rendered in memory first and written
only when all of it succeeded, so a failure never leaves a half-built release
behind. Releases build in parallel processes (`BuildOptions.jobs`); a release
whose inputs, options and outputs are unchanged since the last build is
skipped (see `incremental.py`). A failing release never stops the others: its
outcome says why. Building a newsroom folder also writes the newsroom page
(`index.html`) and its Atom feed (`feed.xml`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from presskit import __version__
from presskit import model as m
from presskit.errors import ExitCode, OutputError, Problem, ValidationFailed
from presskit.publish import collector
from presskit.publish.assets import renditions
from presskit.publish.cleanup import clean_output, shown_by_record
from presskit.publish.incremental import BuildCache, Entry, FileRecord, fingerprint, record_file, record_tree
from presskit.publish.inputs import load_newsroom, load_release_with_warnings
from presskit.publish.newsroom import Listing, render_feed, render_index
from presskit.publish.ownership import OutputFolder, OutputRefused, overlaps, real, resolved
from presskit.publish.pack import PackFile, readme, release_members, write_zip
from presskit.publish.parallel import render_checked
from presskit.publish.processes import die_with_parent
from presskit.publish.writer import (
    claim_output,
    copy_atomic,
    discard_staging,
    mark_output,
    note_written,
    release_output_dir,
    staging_folder,
    swap_in,
    write_atomic,
)
from presskit.renderers import FORMATS
from presskit.source.assets import DEFAULT_LIMITS, AssetError, Limits, check_size
from presskit.source.document import read_document
from presskit.source.places import NEWSROOM_FILES, find_newsroom_file, find_release_files
from presskit.source.slugs import slug_clashes
from presskit.themes.theme import Theme, cached_theme

DEFAULT_FORMATS = ("html", "docx", "pdf", "txt")
ZIP_MEDIA_TYPE = "application/zip"


@dataclass(frozen=True)
class BuildOptions:
    now: dt.datetime  # timezone-aware; "now" for the embargo, never read from the clock here
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    theme: str | None = None  # overrides the release's and newsroom's theme
    public: bool = False  # refuse releases still under embargo; drop the embargo once it lifts
    locales: tuple[str, ...] | None = None  # None: the release's own locale; ("all",): every translation
    strict: bool = False  # a missing or stale translation is an error, not a warning
    jobs: int = 1  # processes building releases side by side
    force: bool = False  # rebuild even what the incremental cache says is up to date
    pack: bool = False  # also zip each release to OUT/<slug>.zip
    limits: Limits | None = None  # None: the newsroom's `limits:`, else the defaults
    rendition_cache: Path | None = None  # None: $PRESSKIT_CACHE_DIR, else the user's cache folder

    @property
    def cache_dir(self) -> Path:
        """Where renditions are cached by content: outside the output folder, which gets
        published, since an embargoed photo's renditions are embargoed too."""
        return self.rendition_cache or default_cache_dir()

    def output_options(self) -> dict[str, Any]:
        """The options that change what is written (not when, where from, or how fast)."""
        return {
            "formats": list(self.formats),
            "theme": self.theme,
            "public": self.public,
            "locales": list(self.locales) if self.locales is not None else None,
            "strict": self.strict,
            "pack": self.pack,
            "limits": dataclasses.asdict(self.limits) if self.limits else None,
        }


def default_cache_dir() -> Path:
    """$PRESSKIT_CACHE_DIR, else $XDG_CACHE_HOME/presskit, else ~/.cache/presskit."""
    given = os.environ.get("PRESSKIT_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "presskit"


@dataclass(frozen=True)
class OutputFile:
    path: Path  # relative to the output folder, e.g. gta-2025/en-GB/gta-2025.pdf
    format: str  # a format name, "asset" or "readme"
    locale: str | None
    media_type: str
    size: int
    sha256: str
    rendition: str | None = None  # "web" or "thumb" for an image's renditions

    def as_json(self, base: Path | None = None) -> dict[str, Any]:
        path = self.path.relative_to(base) if base is not None else self.path
        return {
            "path": path.as_posix(),
            "format": self.format,
            "locale": self.locale,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "rendition": self.rendition,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutputFile:
        return cls(
            Path(data["path"]),
            data["format"],
            data["locale"],
            data["media_type"],
            data["size"],
            data["sha256"],
            data["rendition"],
        )


Status = Literal["built", "skipped", "refused", "invalid", "failed"]
STATUSES: tuple[Status, ...] = ("built", "skipped", "refused", "invalid", "failed")
_STATUS_CODES = {"invalid": ExitCode.INPUT_ERROR, "refused": ExitCode.EMBARGO_REFUSED}


@dataclass
class ReleaseOutcome:
    source: Path
    status: Status
    slug: str | None = None
    listing: Listing | None = None
    files: list[OutputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    message: str | None = None
    pack: PackFile | None = None
    failure: ExitCode = ExitCode.INTERNAL_ERROR  # the exit code of a "failed" outcome
    # What it was built from, for the incremental cache (filled by the process that built it).
    inputs: dict[str, FileRecord] = field(default_factory=dict)
    trees: dict[str, dict[str, FileRecord]] = field(default_factory=dict)

    @property
    def written(self) -> list[str]:
        """What it wrote or kept in the output folder, relative to it (its zip included)."""
        names = [f.path.as_posix() for f in self.files]
        if self.pack is not None:
            names.append(self.pack.path.name)  # OUT/<slug>.zip, beside the release folders
        return names

    @property
    def exit_code(self) -> ExitCode:
        if self.status == "failed":
            return self.failure
        return _STATUS_CODES.get(self.status, ExitCode.OK)


# Worst first: a bug, then an unwritable output, then bad input (to fix before anything else),
# then an embargo refusal.
_SEVERITY = (
    ExitCode.INTERNAL_ERROR,
    ExitCode.OUTPUT_ERROR,
    ExitCode.INPUT_ERROR,
    ExitCode.EMBARGO_REFUSED,
)


def worst(codes: Iterable[ExitCode]) -> ExitCode:
    """The exit code of a run: its worst outcome."""
    found = set(codes)
    return next((code for code in _SEVERITY if code in found), ExitCode.OK)


def outcome_json(outcome: ReleaseOutcome, base: Path | None) -> dict[str, Any]:
    """One release in a --json report; file paths relative to the output folder (or the zip)."""
    summary: dict[str, Any] = {}
    if outcome.listing is not None:
        item = outcome.listing
        summary = {
            "slug": item.slug,
            "locale": item.locale,
            "date": item.date,
            "headline": item.headline,
            "embargo": item.embargo_at,
            "embargo_zone": item.embargo_zone,
            "locales": list(item.locales),
        }
    elif outcome.slug:
        summary = {"slug": outcome.slug}
    return {
        "source": str(outcome.source),
        "status": outcome.status,
        "message": outcome.message,
        **summary,
        "files": [f.as_json(base) for f in outcome.files],
        "pack": outcome.pack.as_json() if outcome.pack else None,
        "errors": [p.as_json() for p in outcome.problems],
        "warnings": [p.as_json() for p in outcome.warnings],
    }


@dataclass
class BuildReport:
    outcomes: list[ReleaseOutcome]
    out_dir: Path
    newsroom: dict[str, Any] | None = None  # the index and feed written, when a newsroom was built
    errors: list[Problem] = field(default_factory=list)  # problems of the run rather than of a release
    error_code: ExitCode = ExitCode.OK
    removed: list[str] = field(default_factory=list)  # what this run removed, relative to the output folder
    warnings: list[Problem] = field(default_factory=list)  # of the run: records that could not be trusted

    @property
    def exit_code(self) -> ExitCode:
        return worst([o.exit_code for o in self.outcomes] + [self.error_code])

    def counts(self) -> dict[str, int]:
        return {status: sum(o.status == status for o in self.outcomes) for status in STATUSES}

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "counts": self.counts(),
            "releases": [outcome_json(o, None) for o in self.outcomes],
            "newsroom": self.newsroom,
            "removed": self.removed,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
        }


def remaining(delta: dt.timedelta) -> str:
    """`2 days 3 h 4 min` for people reading a refusal."""
    minutes = max(int(delta.total_seconds() // 60), 0) + (1 if delta.total_seconds() % 60 else 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)


def embargo_refusal(release: m.Release, now: dt.datetime) -> str | None:
    """Why a public build must refuse this release now, or None when it may go out."""
    if release.embargo is None:
        return None
    return _refusal(release.slug, release.embargo.at, now)


def _refusal(slug: str, at: dt.datetime, now: dt.datetime) -> str | None:
    if at <= now:
        return None
    return f"{slug}: under embargo until {at.isoformat()} ({remaining(at - now)} from now)"


def prepare(release: m.Release, theme: Theme, public: bool) -> m.Release:
    """The release as this build states it: theme end mark, embargo dropped once public."""
    if not release.end_mark:
        release = dataclasses.replace(release, end_mark=theme.spec.end_mark or "-Ends-")
    if public:
        release = dataclasses.replace(release, embargo=None)
    return release


def editions(release: m.Release, options: BuildOptions) -> tuple[list[m.Release], list[Problem]]:
    """The release in each locale this build makes, and the warnings translating it gave.

    `options.locales` None builds the release's own locale; `("all",)` every locale
    with a translation file; otherwise the locales named. A missing or stale unit
    falls back to the source text with a warning (an error under --strict, which
    the caller decides); each edition knows its siblings (`locales`) for hreflang.
    """
    from presskit.i18n import available_locales, translate
    from presskit.i18n.store import i18n_dir
    from presskit.words.labels import has_catalogue

    if options.locales is None:
        wanted = [release.locale]
    elif options.locales == ("all",):
        wanted = [release.locale, *available_locales(release)]
    else:
        wanted = list(options.locales)
    built: list[m.Release] = []
    warnings: list[Problem] = []
    for locale in dict.fromkeys(wanted):
        if locale == release.locale:
            edition = release
        else:
            edition, found = translate(release, locale, i18n_dir(release))
            warnings.extend(found)
        if not has_catalogue(locale):
            warnings.append(
                Problem(
                    f"presskit has no labels in {locale}; FOR IMMEDIATE RELEASE and the like stay in English",
                    release.source_path,
                    field="locale",
                    severity="warning",
                )
            )
        built.append(edition)
    siblings = tuple(e.locale for e in built) if len(built) > 1 else ()
    return [dataclasses.replace(e, locales=siblings) for e in built], warnings


def strict_errors(warnings: list[Problem]) -> list[Problem]:
    """Translation warnings as the errors --strict makes them."""
    return [dataclasses.replace(w, severity="error") for w in warnings]


# ---------------------------------------------------------------------------
# Building many releases

Progress = Callable[[ReleaseOutcome, int, int], None]  # (outcome, releases done, releases in all)


def build(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build every release found under `paths`; a bad release does not stop the others.

    When a PATH is a newsroom folder, also write OUT/index.html and OUT/feed.xml.
    """
    paths = list(paths)
    report = BuildReport([], options.out_dir)
    newsrooms = [p for p in paths if p.is_dir() and any((p / n).is_file() for n in NEWSROOM_FILES)]
    try:
        report.outcomes = build_releases(
            paths, options, progress=progress, errors=report.errors, report=report, newsroom=bool(newsrooms)
        )
        if newsrooms:
            try:
                report.newsroom = write_newsroom(newsrooms[0], report.outcomes, options)
                _record_pages(options, report.newsroom)
            except OutputError as error:
                report.errors.append(Problem(str(error)))
    finally:
        release_output_dir(options.out_dir)
    if report.errors:
        report.error_code = ExitCode.OUTPUT_ERROR
    return report


def _record_pages(options: BuildOptions, pages: dict[str, Any]) -> None:
    """Remember the newsroom pages just written (their hashes, whether public, what they list),
    so a later run that does not write them knows whether they may stay (cleanup.py)."""
    cache = BuildCache(options.out_dir)
    files = {}
    for name in ("index.html", "feed.xml"):
        try:
            files[name] = hashlib.sha256((options.out_dir / name).read_bytes()).hexdigest()
        except OSError:
            continue
    cache.pages = {"public": options.public, "slugs": pages["listed"], "files": files}
    cache.save()


def source_folders(paths: Iterable[Path], sources: Iterable[Path], theme: str | None = None) -> list[Path]:
    """Every folder a build reads from, which nothing it writes or removes may overlap:
    the folders given, each release's folder (its i18n/ and assets with it), each
    newsroom, the built-in themes, and the theme named on the command line."""
    from presskit.resources import data_dir
    from presskit.themes.theme import theme_dir

    folders = [p if p.is_dir() else p.parent for p in paths]
    for source in sources:
        folders.append(source.parent)
        newsroom = find_newsroom_file(source)
        if newsroom is not None:
            folders.append(newsroom.parent)
    # Their folders too (i18n/, assets/, anything beside a release): each may be a link elsewhere.
    folders += [inner for folder in list(folders) for inner in _subfolders(folder)]
    folders.append(data_dir("templates"))
    if theme:
        try:
            folders.append(theme_dir(theme))
        except ValidationFailed:
            pass  # every release reports the unknown theme
    return folders


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def claim(
    paths: Iterable[Path], sources: list[Path], options: BuildOptions
) -> tuple[OutputFolder, list[str]]:
    """The output folder, shown to be presskit's to write (see ownership.py), and what killed
    builds had left in it (removed)."""
    claimed = claim_output(
        options.out_dir,
        source_folders(paths, sources, options.theme),
        force=options.force,
        exclusive=options.public,  # a public run has the folder to itself
    )
    cache = options.cache_dir
    if overlaps(real(cache, "the rendition cache"), claimed.folder.root):
        raise OutputRefused(
            f"the rendition cache {cache} lies inside the output folder {options.out_dir}, which gets "
            "published (set PRESSKIT_CACHE_DIR to a folder outside it)"
        )
    return claimed.folder, [p.relative_to(claimed.folder.root).as_posix() for p in claimed.removed]


def build_releases(
    paths: Iterable[Path],
    options: BuildOptions,
    *,
    staging: OutputFolder | None = None,
    progress: Progress | None = None,
    errors: list[Problem] | None = None,
    report: BuildReport | None = None,
    newsroom: bool = False,
) -> list[ReleaseOutcome]:
    """The outcome of every release under `paths`, in the order they were found.

    Without `staging`, releases are written to `options.out_dir` (claimed
    first: see ownership.py) and the incremental cache there is consulted and
    updated, and what no release vouches for is removed (cleanup.py). With it,
    every release is rendered afresh into `staging/<slug>/` (what `pack` zips).
    `report`, when given, receives what was removed and the run's warnings.
    """
    paths = list(paths)
    sources = find_release_files(paths)
    clashes = slug_clashes(sources)
    if staging is None:
        owner, removed = claim(paths, sources, options)
        if report is not None:
            report.removed.extend(removed)
    else:
        owner = staging
    cache = BuildCache(options.out_dir) if staging is None else None
    previous = dict(cache.entries) if cache is not None else {}
    key = fingerprint(options.output_options())
    results: dict[int, ReleaseOutcome] = {}
    todo: list[tuple[int, Path]] = []

    def finished(index: int, outcome: ReleaseOutcome) -> None:
        results[index] = outcome
        if progress is not None:
            progress(outcome, len(results), len(sources))

    for index, source in enumerate(sources):
        entry = None if cache is None or options.force else cache.fresh(source, key)
        recorded = _from_cache(source, entry, options) if entry is not None else None
        if source in clashes:
            finished(index, ReleaseOutcome(source, "invalid", problems=[clashes[source]]))
        elif recorded is not None:
            finished(index, recorded)
        else:
            todo.append((index, source))
    collector.for_releases(len(todo))  # before any worker forks: they inherit it
    for index, outcome in _run(todo, options, owner, staging is not None):
        finished(index, outcome)
    outcomes = [results[i] for i in range(len(sources))]
    if cache is not None:
        _update_cache(cache, outcomes, key, options.public, options.now)
        tidy(owner, cache, previous, outcomes, options, newsroom=newsroom, errors=errors, report=report)
    return outcomes


def tidy(
    owner: OutputFolder,
    cache: BuildCache,
    previous: dict[str, Entry],
    outcomes: list[ReleaseOutcome],
    options: BuildOptions,
    *,
    newsroom: bool = False,
    errors: list[Problem] | None = None,
    report: BuildReport | Any = None,
) -> None:
    """Remove what no release of this run vouches for (cleanup.py), save the record, and say
    what went: in each refused release's message and in `report` (removed, warnings)."""

    def shown(key: str, entry: Entry) -> bool:
        """A recorded release this run did not build is out of embargo now: by its record while
        nothing it was built from changed, else by loading it again (a postponed embargo counts)."""
        if cache.unchanged(entry):
            return shown_by_record(entry, options.now)
        try:
            release, _ = load_release_with_warnings(Path(key))
        except (ValidationFailed, OSError, ValueError):
            return False
        return embargo_refusal(release, options.now) is None

    problems: list[str] = []
    removed: list[str] = []
    warnings = list(cache.warnings)
    try:
        cleanup = clean_output(
            owner,
            previous,
            cache.entries,
            outcomes,
            public=options.public,
            shown=shown,
            pages=cache.pages,
            newsroom_written=newsroom,
        )
        problems, removed = list(cleanup.errors), cleanup.removed
        warnings += cleanup.warnings
        if options.public and not cleanup.pages_kept:
            cache.pages = None  # what the pages listed goes with them
        cache.save()
    except OutputError as error:
        problems.append(str(error))
    if problems and errors is None:
        raise OutputError(problems[0])
    if errors is not None:
        errors.extend(Problem(p) for p in problems)
    _note_removals(outcomes, removed, options)
    if report is not None:
        report.removed.extend(removed)
        report.warnings.extend(Problem(w, severity="warning") for w in warnings)


def _note_removals(outcomes: list[ReleaseOutcome], removed: list[str], options: BuildOptions) -> None:
    """A refused release's message says what of it was removed from the output folder."""
    for outcome in outcomes:
        if outcome.status == "refused" and outcome.slug:
            mine = [r for r in removed if r.split("/")[0] in (outcome.slug, f"{outcome.slug}.zip")]
            if mine:
                outcome.message = (
                    f"{outcome.message}; removed what an earlier build left of it in {options.out_dir}"
                    f" ({', '.join(mine)})"
                )


def _run(
    todo: list[tuple[int, Path]], options: BuildOptions, owner: OutputFolder, staged: bool
) -> Iterator[tuple[int, ReleaseOutcome]]:
    """Build each release, in this process or in `options.jobs` worker processes."""
    jobs = max(1, min(options.jobs, len(todo)))
    staging = owner if staged else None
    if jobs == 1:
        # A lone release still uses the jobs: its documents render side by side.
        document_jobs = options.jobs if len(todo) == 1 else 1
        for index, source in todo:
            yield index, build_release(source, options, staging, document_jobs, owner)
        return
    # On Linux, fork: workers start at once with presskit already imported, and the CLI starts
    # no threads before this, so fork's one hazard (a lock held by another thread) cannot arise.
    # Elsewhere, spawn (macOS system libraries are not fork-safe).
    import multiprocessing  # here, not above: a lone release never needs a pool
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # Workers end with this process: a build killed mid-way leaves none running.
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        futures = {
            pool.submit(build_release, source, options, staging, 1, owner): (i, source) for i, source in todo
        }
        for future in as_completed(futures):
            index, source = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # the worker process died (killed, out of memory)
                outcome = _failed(source, ExitCode.INTERNAL_ERROR, f"its build process stopped: {error!r}")
            yield index, outcome


def _failed(source: Path, code: ExitCode, message: str) -> ReleaseOutcome:
    return ReleaseOutcome(
        source, "failed", problems=[Problem(message, source)], message=message, failure=code
    )


# ---------------------------------------------------------------------------
# One release (runs in a worker process when jobs > 1)


def build_release(
    source: Path,
    options: BuildOptions,
    staging: OutputFolder | None = None,
    document_jobs: int = 1,
    owner: OutputFolder | None = None,
) -> ReleaseOutcome:
    """Build one release, its documents in up to `document_jobs` processes; every failure
    becomes an outcome, never an exception. It is written into `staging` when given, else
    into `owner` (the claimed output folder; claimed here when None)."""
    try:
        if owner is None:
            owner = staging or claim([source], [source], options)[0]
        return _build_one(source, options, staging, document_jobs, owner)
    except OutputError as error:
        return _failed(source, ExitCode.OUTPUT_ERROR, str(error))
    except Exception as error:
        if os.environ.get("PRESSKIT_DEBUG"):
            raise
        return _failed(
            source,
            ExitCode.INTERNAL_ERROR,
            f"internal error: {type(error).__name__}: {error} "
            "(this is a bug; PRESSKIT_DEBUG=1 shows the traceback)",
        )


def _build_one(
    source: Path, options: BuildOptions, staging: OutputFolder | None, document_jobs: int, owner: OutputFolder
) -> ReleaseOutcome:
    # Inputs are recorded before they are read: an edit made during the build then shows
    # as a change next time rather than hiding behind a hash of the newer text.
    inputs = {str(source.resolve()): record_file(source)}
    newsroom_file = find_newsroom_file(source)
    if newsroom_file is not None:
        inputs[str(newsroom_file.resolve())] = record_file(newsroom_file)
    translations = source.resolve().parent / "i18n"
    trees = {str(translations): record_tree(translations)}
    try:
        release, warnings = load_release_with_warnings(source)
        theme = cached_theme(options.theme or release.theme or "default")
    except ValidationFailed as failed:
        return ReleaseOutcome(source, "invalid", problems=list(failed.problems))
    if options.public:
        refusal = embargo_refusal(release, options.now)
        if refusal:
            return ReleaseOutcome(source, "refused", release.slug, warnings=warnings, message=refusal)
    inside = _inputs_inside(release, theme, owner)
    if inside:
        return ReleaseOutcome(source, "invalid", release.slug, problems=inside)
    as_written = release
    release = prepare(release, theme, options.public)
    if options.pack and staging is None:  # the zip beside the release folder, which its pages link
        release = dataclasses.replace(release, pack_file=f"{release.slug}.zip")
    limits = options.limits or newsroom_limits(source)
    try:
        built, translation_warnings = editions(release, options)
    except ValidationFailed as failed:
        return ReleaseOutcome(source, "invalid", release.slug, problems=list(failed.problems))
    if options.strict and translation_warnings:
        return ReleaseOutcome(source, "invalid", release.slug, problems=strict_errors(translation_warnings))
    try:
        documents, published, found = render_release(release, theme, options, limits, built, document_jobs)
    except ValidationFailed as failed:
        return ReleaseOutcome(source, "invalid", release.slug, problems=list(failed.problems))
    warnings = warnings + translation_warnings + found
    root = staging or owner
    files = write_release(root, release, documents + published, theme, options)
    pack_file = None
    if options.pack:
        folder = root.root / release.slug
        names = [f.path.relative_to(release.slug).as_posix() for f in files]
        target = options.out_dir / f"{release.slug}.zip"
        note_written(OutputFolder.of(options.out_dir), target.name)
        size, sha = write_zip(target, release_members(release.slug, folder, names, release.date))
        pack_file = PackFile(target, size, sha, (release.slug,))
    pages: dict[str, dict[str, str]] = {}
    for f in files:
        if f.format in FORMATS and f.locale:
            pages.setdefault(f.locale, {})[f.format] = f.path.as_posix()
    pack_name = f"{release.slug}.zip" if pack_file and staging is None else None
    listing = Listing.of(as_written, pages, pack_name, pack_file.size if pack_file else None)
    if release.organisation.logo is not None:
        inputs[str(release.organisation.logo)] = record_file(release.organisation.logo)
    for item in published:
        if item.rendition is None and item.source is not None:
            inputs[str(item.source)] = record_file(item.source, item.sha256)
    for folder in theme.folders:  # an edit to a parent theme rebuilds too
        trees[str(folder.resolve())] = record_tree(folder)
    return ReleaseOutcome(
        source,
        "built",
        release.slug,
        listing,
        files,
        warnings=warnings,
        pack=pack_file,
        inputs=inputs,
        trees=trees,
    )


def _inputs_inside(release: m.Release, theme: Theme, owner: OutputFolder) -> list[Problem]:
    """A theme folder, logo or asset inside the output folder: a build could replace it."""
    problems = []
    for folder in theme.folders:
        if overlaps(folder.resolve(), owner.root):
            problems.append(
                Problem(
                    f"the theme folder {folder} overlaps the output folder {owner.root}",
                    release.source_path,
                    field="theme",
                    hint="keep themes outside the output folder",
                )
            )
    files = [(a.path, f"assets[{i}].file") for i, a in enumerate(release.assets)]
    if release.organisation.logo is not None:
        files.append((release.organisation.logo, "organisation.logo"))
    for path, where in files:
        if resolved(path).is_relative_to(owner.root):
            problems.append(
                Problem(
                    f"{path} lies inside the output folder {owner.root}, which presskit replaces",
                    release.source_path,
                    field=where,
                    hint="keep the release's files outside the output folder",
                )
            )
    return problems


def newsroom_limits(source: Path) -> Limits:
    """The size limits of the release's newsroom (`limits:` in presskit.yaml), else the defaults."""
    found = find_newsroom_file(source)
    if found is None:
        return DEFAULT_LIMITS
    try:
        newsroom = load_newsroom(found)
    except ValidationFailed:
        return DEFAULT_LIMITS
    return Limits.from_spec(newsroom.limits)


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
    published: list[ReleaseFile] = []
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
    wanted = built if built is not None else editions(release, options)[0]
    tasks = [(with_renditions(edition, copies), name) for edition in wanted for name in options.formats]
    rendered, found = render_checked(tasks, theme, jobs, wanted)
    documents: list[ReleaseFile] = []
    for (edition, name), data in zip(tasks, rendered, strict=True):
        fmt = FORMATS[name]
        documents.append(
            ReleaseFile(
                f"{edition.locale}/{release.slug}.{fmt.extension}",
                name,
                edition.locale,
                fmt.media_type,
                data=data,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
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


# ---------------------------------------------------------------------------
# The incremental cache


def _from_cache(source: Path, entry: Entry, options: BuildOptions) -> ReleaseOutcome | None:
    """A release the cache says is up to date: its earlier outcome, or a refusal if it is embargoed
    now; None when the record cannot be read back (the release is then built afresh)."""
    try:
        return _outcome_recorded(source, entry, options)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _outcome_recorded(source: Path, entry: Entry, options: BuildOptions) -> ReleaseOutcome | None:
    report = entry.report
    listing = recorded_listing(report["listing"])
    if listing is None or report.get("embargoed") is not listing.under_embargo(options.now):
        return None  # a broken record, or the embargo lifted since: its pages say otherwise now
    warnings = [_problem_from_json(p) for p in report["warnings"]]
    if options.public and listing.embargo is not None:
        refusal = _refusal(listing.slug, listing.embargo.at, options.now)
        if refusal:
            return ReleaseOutcome(source, "refused", listing.slug, warnings=warnings, message=refusal)
    pack = report.get("pack")
    return ReleaseOutcome(
        source,
        "skipped",
        listing.slug,
        listing,
        [OutputFile.from_json(f) for f in report["files"]],
        warnings=warnings,
        pack=PackFile(Path(pack["path"]), pack["size"], pack["sha256"], tuple(pack["releases"]))
        if pack
        else None,
    )


def recorded_listing(data: Any) -> Listing | None:
    """The listing a record holds, when every field has the type and form the pages need
    (a record is untrusted: a hand edit must mean a rebuild, never a crash)."""
    texts = ("slug", "headline", "locale", "date", "type_label", "standfirst", "organisation")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in texts):
        return None
    optional = ("organisation_url", "embargo_at", "embargo_zone", "pack")
    if not all(data.get(k) is None or isinstance(data.get(k), str) for k in optional):
        return None
    lists = ("embargo_also_in", "locales")
    if not all(isinstance(data.get(k), list) and all(isinstance(v, str) for v in data[k]) for k in lists):
        return None
    pages = data.get("pages")
    if not isinstance(pages, dict) or not all(
        isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in pages.values()
    ):
        return None
    if data.get("pack_size") is not None and type(data.get("pack_size")) is not int:
        return None
    try:
        dt.date.fromisoformat(data["date"])
        listing = Listing.from_json(data)
        if listing.embargo is not None and listing.embargo.at.tzinfo is None:
            return None
    except (ValueError, TypeError):
        return None
    return listing


def _problem_from_json(data: dict[str, Any]) -> Problem:
    return Problem(
        data["message"],
        Path(data["path"]) if data["path"] else None,
        data["line"],
        data["column"],
        data["field"],
        data["hint"],
        data["severity"],
    )


def _update_cache(
    cache: BuildCache, outcomes: list[ReleaseOutcome], key: str, public: bool, now: dt.datetime
) -> None:
    """Record what was built and forget what was refused (and, in a public run, invalid or
    failed): cleanup.py then removes what no record vouches for."""
    out_dir = cache.out_dir
    for outcome in outcomes:
        name = cache.key(outcome.source)
        if outcome.status == "built" and outcome.listing is not None:
            outputs: dict[str, list[int]] = {}
            for path in outcome.written:
                stat = (out_dir / path).stat()
                outputs[path] = [stat.st_size, stat.st_mtime_ns]
            cache.entries[name] = Entry(
                key,
                outcome.inputs,
                outcome.trees,
                outputs,
                {
                    "listing": outcome.listing.as_json(),
                    "embargoed": outcome.listing.under_embargo(now),  # its pages say so
                    "files": [f.as_json() for f in outcome.files],
                    "warnings": [p.as_json() for p in outcome.warnings],
                    "pack": outcome.pack.as_json() | {"path": str(outcome.pack.path)}
                    if outcome.pack
                    else None,
                },
            )
        elif outcome.status == "refused" or (public and outcome.status in ("invalid", "failed")):
            cache.entries.pop(name, None)
        # A preview keeps the record (and so the files) of a release that failed this time:
        # the last good build stays in place until the release builds again.


# ---------------------------------------------------------------------------
# The newsroom page and feed


def write_newsroom(folder: Path, outcomes: list[ReleaseOutcome], options: BuildOptions) -> dict[str, Any]:
    """OUT/index.html and OUT/feed.xml for the releases built (or up to date) in this run."""
    listings = [o.listing for o in outcomes if o.status in ("built", "skipped") and o.listing]
    title, locale, theme_name, url = "Newsroom", "en-GB", None, None
    newsroom_file = next((folder / n for n in NEWSROOM_FILES if (folder / n).is_file()), None)
    if newsroom_file is not None:
        try:
            newsroom = load_newsroom(newsroom_file.resolve())
            title, url = newsroom.organisation.name, newsroom.organisation.url
            locale = newsroom.default_locale or locale
            theme_name = newsroom.default_theme
        except ValidationFailed:
            pass  # every release reports the newsroom's problems
    try:
        theme = cached_theme(options.theme or theme_name or "default")
    except ValidationFailed:
        theme = cached_theme("default")
    index = render_index(
        listings, now=options.now, public=options.public, title=title, theme=theme, page_locale=locale
    )
    feed = render_feed(listings, now=options.now, title=title, author=title, author_url=url)
    mark_output(OutputFolder.of(options.out_dir))
    for name, data in (("index.html", index), ("feed.xml", feed)):
        target = options.out_dir / name
        if not (target.is_file() and target.read_bytes() == data):
            write_atomic(target, data)
    public = [item.slug for item in listings if not item.under_embargo(options.now)]
    listed = sorted(item.slug for item in listings)
    return {
        "index": "index.html",
        "feed": "feed.xml",
        "releases": len(listings),
        "in_feed": public,
        "listed": listed,
    }
