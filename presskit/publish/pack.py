"""Release packs: one reproducible zip per release, or one for a whole newsroom.

A pack is the release folder a build writes (`<slug>/` with every locale and
format, the assets and their renditions, `manifest.json` and `README.txt`)
zipped so that the same input gives the same bytes on every run and machine
(see zips.py).

`pack()` renders everything it zips in a private staging folder, so a pack
never picks up a stale file from an earlier build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presskit.errors import ExitCode, OutputError, Problem
from presskit.publish.ownership import OutputFolder, OutputRefused, placement_problem, remove_owned, resolved
from presskit.publish.writer import release_output_dir

if TYPE_CHECKING:
    from presskit.publish.outcome import BuildOptions, ReleaseOutcome
from presskit.publish.outcome import PackFile
from presskit.publish.zips import ZipMember, release_members, write_zip

PACK_SCHEMA = "presskit/pack/1"  # the `schema` of pack --json: presskit/schemas/pack-1.json


@dataclass
class PackReport:
    outcomes: list[ReleaseOutcome]
    packs: list[PackFile] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    error_code: ExitCode = ExitCode.OK
    removed: list[str] = field(default_factory=list)  # what a public run took out of the folder
    warnings: list[Problem] = field(default_factory=list)  # records that could not be trusted
    options: BuildOptions | None = None  # --allow-embargoed

    @property
    def exit_code(self) -> ExitCode:
        from presskit.publish.outcome import run_exit_code

        return run_exit_code(self.outcomes, self.error_code, self.options)

    def as_json(self) -> dict[str, Any]:
        from presskit.publish.outcome import outcome_json

        return {
            "schema": PACK_SCHEMA,
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
    from presskit.publish.build import build_releases, claim
    from presskit.publish.sources import source_folders
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
        report = PackReport(outcomes, options=options)
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
