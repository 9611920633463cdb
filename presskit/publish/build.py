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
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from presskit import model as m
from presskit.errors import ExitCode, OutputError, Problem, ValidationFailed
from presskit.publish import collector
from presskit.publish.cleanup import clean_output, shown_by_record
from presskit.publish.editions import prepare
from presskit.publish.incremental import BuildCache, Entry, fingerprint, record_file, record_tree
from presskit.publish.inputs import checked_editions, load_newsroom, load_release_with_warnings, release_theme
from presskit.publish.newsroom import Listing
from presskit.publish.outcome import BuildOptions, BuildReport, PackFile, ReleaseOutcome, embargo_refusal
from presskit.publish.ownership import OutputFolder, OutputRefused, overlaps, real, resolved
from presskit.publish.processes import die_with_parent
from presskit.publish.records import from_cache, record_pages, update_cache
from presskit.publish.release import render_release, write_release
from presskit.publish.shards import ShardRefused, newsroom_folder, shard_sources
from presskit.publish.sources import source_folders
from presskit.publish.writer import (
    claim_output,
    note_written,
    release_output_dir,
)
from presskit.renderers import FORMATS
from presskit.source.assets import DEFAULT_LIMITS, Limits
from presskit.source.checks import moment_warnings
from presskit.source.places import NEWSROOM_FILES, find_newsroom_file, find_release_files
from presskit.source.slugs import slug_clashes
from presskit.themes.theme import Theme

# ---------------------------------------------------------------------------
# Building many releases

Progress = Callable[[ReleaseOutcome, int, int], None]  # (outcome, releases done, releases in all)


def build(paths: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build every release found under `paths`; a bad release does not stop the others.

    When a PATH is a newsroom folder, also write OUT/index.html and OUT/feed.xml; with
    `options.shard`, its shard record instead (shards.py), which `presskit index` merges.
    """
    paths = list(paths)
    report = BuildReport([], options.out_dir, options=options)
    newsrooms = [p for p in paths if p.is_dir() and any((p / n).is_file() for n in NEWSROOM_FILES)]
    sharded = options.shard is not None and newsroom_folder(paths) is not None
    if options.shard is not None and not sharded:
        raise ShardRefused(
            f"--shard builds one newsroom folder, not {', '.join(map(str, paths))} "
            "(give the folder holding presskit.yaml, e.g. presskit build releases/ --shard 1/4)"
        )
    kept: list[BuildCache] = []  # the output folder's record, as the run found it
    try:
        report.outcomes = build_releases(
            paths,
            options,
            progress=progress,
            errors=report.errors,
            report=report,
            newsroom=bool(newsrooms) and not sharded,
            keep=kept,
        )
        try:
            # Imported where needed: a lone release writes neither, and would wait for the imports.
            if options.shard is not None:
                from presskit.publish.shard_record import write_shard_record

                report.shard = write_shard_record(paths[0], options.shard, report.outcomes, options)
            elif newsrooms:
                from presskit.publish.pages import write_pages

                recorded = kept[0].pages if kept and not options.force else None
                report.newsroom, inputs = write_pages(newsrooms[0], report.outcomes, options, recorded)
                saved = kept[0] if kept and not report.errors else None  # as tidy saved it, else read again
                record_pages(options, report.newsroom, saved, inputs=inputs)
        except OutputError as error:
            report.errors.append(Problem(str(error)))
    finally:
        release_output_dir(options.out_dir)
    if not options.public:  # a public run drops a lifted embargo, as it should
        for outcome in report.outcomes:
            outcome.warnings.extend(_timing_warnings(outcome, options))
    if report.errors:
        report.error_code = ExitCode.OUTPUT_ERROR
    return report


def _timing_warnings(outcome: ReleaseOutcome, options: BuildOptions) -> list[Problem]:
    """What `check` warns of the embargo and date now (not recorded: it depends on when)."""
    listing = outcome.listing
    if listing is None:
        return []
    at = dt.datetime.fromisoformat(listing.embargo_at) if listing.embargo_at else None
    return moment_warnings(outcome.source, at, dt.date.fromisoformat(listing.date), options.now)


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
    keep: list[BuildCache] | None = None,
) -> list[ReleaseOutcome]:
    """The outcome of every release under `paths`, in the order they were found.

    Without `staging`, releases are written to `options.out_dir` (claimed
    first: see ownership.py) and the incremental cache there is consulted and
    updated, and what no release vouches for is removed (cleanup.py). With it,
    every release is rendered afresh into `staging/<slug>/` (what `pack` zips).
    `report`, when given, receives what was removed and the run's warnings; `keep`, the
    output folder's record (BuildCache).
    """
    paths = list(paths)
    sources = find_release_files(paths)
    if options.shard is not None:
        sources = shard_sources(sources, options.shard, paths[0])
    clashes = slug_clashes(sources)
    if staging is None:
        owner, removed = claim(paths, sources, options)
        if report is not None:
            report.removed.extend(removed)
    else:
        owner = staging
    cache = BuildCache(options.out_dir) if staging is None else None
    if cache is not None and keep is not None:
        keep.append(cache)
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
        recorded = from_cache(source, entry, options) if entry is not None else None
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
        update_cache(cache, outcomes, key, options.public, options.now)
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
            record_key=cache.key,
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
        theme = release_theme(release, options.theme)
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
    if "vcard" in options.formats:  # the cards beside each edition, which its page links
        release = dataclasses.replace(release, contact_cards=True)
    limits = options.limits or newsroom_limits(source)
    made = checked_editions(release, options, theme)  # a locale whose translation is unusable is left out
    if not made.built:
        return ReleaseOutcome(source, "invalid", release.slug, problems=made.problems)
    try:
        documents, published, found = render_release(
            release, theme, options, limits, made.built, document_jobs
        )
    except ValidationFailed as failed:
        return ReleaseOutcome(source, "invalid", release.slug, problems=made.problems + list(failed.problems))
    warnings = warnings + made.warnings + found
    root = staging or owner
    files = write_release(root, release, documents + published, theme, options)
    pack_file = None
    if options.pack:
        from presskit.publish.zips import release_members, write_zip

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
        problems=made.problems,
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
