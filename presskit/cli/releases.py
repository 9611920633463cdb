"""The commands that work on releases: check, build, pack and serve."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from presskit.cli.options import (
    FORMAT_NAMES,
    EnvironmentOption,
    allow_embargoed_option,
    counted,
    fail,
    jobs_option,
    json_option,
    locale_options,
    now_option,
    parse_formats,
    paths_argument,
    print_problems,
    quiet_option,
    run_reported,
    strict_option,
    theme_option,
    warnings_as_errors_option,
)
from presskit.errors import ExitCode, PresskitError
from presskit.publish import collector

if TYPE_CHECKING:
    from presskit.publish.shards import Shard


def _parse_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    from presskit.publish.shards import Shard

    if value is None or not value.strip():
        return None
    try:
        return Shard.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@paths_argument
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the preview is built (default: a temporary folder).",
)
@click.option(
    "--theme", "theme_name", cls=EnvironmentOption, envvar="PRESSKIT_THEME", help="Theme name or folder."
)
@now_option()
def serve(
    paths: tuple[Path, ...],
    port: int,
    host: str,
    out_dir: Path | None,
    theme_name: str | None,
    now: dt.datetime,
) -> None:
    """Preview releases in a browser; rebuild and reload on every change.

    Serves on 127.0.0.1 only. A change with errors keeps the last good build
    on screen and shows the errors in the page and here.

    \b
    Example:
      presskit serve releases/ --port 8000
    """
    import tempfile

    from presskit.publish.outcome import BuildOptions
    from presskit.serve import serve as run_server

    collector.resume()  # a long-running process: it builds again on every change
    with tempfile.TemporaryDirectory(prefix="presskit-preview-") as temp:
        options = BuildOptions(now=now, out_dir=out_dir or Path(temp), theme=theme_name)
        try:
            code = run_server(list(paths), options, host, port, lambda line: click.echo(line, err=True))
        except (PresskitError, OSError) as error:
            click.echo(f"presskit: {error}", err=True)
            sys.exit(ExitCode.USAGE_ERROR if isinstance(error, OSError) else ExitCode.INPUT_ERROR)
    sys.exit(code)


@click.command()
@paths_argument
@now_option()
@theme_option
@strict_option
@quiet_option
@warnings_as_errors_option
@json_option
def check(
    paths: tuple[Path, ...],
    now: dt.datetime,
    theme: str | None,
    strict: bool,
    quiet: bool,
    warnings_as_errors: bool,
    as_json: bool,
) -> None:
    """Validate releases; print every problem as path:line:col: field: message.

    PATHS are release folders, release files or newsroom folders. Each release
    is checked as `build` would build it: its theme, every translation file
    and the HTML and text of every locale (rendered, never written), so check
    fails exactly where build would. Errors exit with code 1; warnings go to
    stderr and do not change the exit code (unless --warnings-as-errors).
    The last line sums up: 22 releases: 21 ok, 1 with errors, 5 warnings.
    With --json, print the validated model of each release.

    \b
    Example:
      presskit check releases/gta-2025
      presskit check releases/ -q --warnings-as-errors
      presskit check releases/ --json | jq '.summary'
    """
    from presskit.publish.checking import CheckOptions, check_releases

    options = CheckOptions(now, theme, strict, warnings_as_errors)
    try:
        report = check_releases(paths, options)
    except PresskitError as error:
        fail(error, as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        sys.exit(report.exit_code)
    for checked in report.checked:
        print_problems(checked.problems + ([] if quiet else checked.warnings))
        if checked.valid and checked.release is not None and not quiet:
            click.echo(f"ok: {checked.source} ({checked.release.slug})", err=True)
    if not quiet:
        print_problems(report.warnings)
    if not quiet or report.exit_code or report.warning_count:
        click.echo(report.summary_line(), err=True)
    sys.exit(report.exit_code)


@click.command()
@paths_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    cls=EnvironmentOption,
    envvar="PRESSKIT_OUTPUT",
    help="Output folder. Env: PRESSKIT_OUTPUT.",
)
@click.option(
    "-f",
    "--formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=parse_formats,
    cls=EnvironmentOption,
    envvar="PRESSKIT_FORMATS",
    help="Comma-separated formats to build. Env: PRESSKIT_FORMATS.",
)
@theme_option
@now_option()
@click.option(
    "--public",
    is_flag=True,
    help="Refuse releases still under embargo at --now (exit 3); state lifted ones as FOR IMMEDIATE RELEASE.",
)
@allow_embargoed_option
@locale_options
@quiet_option
@warnings_as_errors_option
@jobs_option
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild every release, even those unchanged since the last build; write into an output "
    "folder presskit did not make.",
)
@click.option(
    "--pack", "with_pack", is_flag=True, help="Also zip each release to OUTPUT/<slug>.zip (see pack)."
)
@click.option(
    "--require",
    type=click.Choice(["translated", "approved"]),
    default="translated",
    show_default=True,
    envvar="PRESSKIT_REQUIRE",
    help='Which translations are published: translated, or only approved ones (XLIFF approved="yes", '
    "final or signed-off; PO not fuzzy); the others fall back to the source with a warning "
    "(an error under --strict). Env: PRESSKIT_REQUIRE.",
)
@click.option(
    "--shard",
    metavar="K/N",
    callback=_parse_shard,
    envvar="PRESSKIT_SHARD",
    help="Build only shard K of N of one newsroom (by a hash of each slug), with a shard record "
    "instead of the newsroom page; merge the shards with presskit index. Env: PRESSKIT_SHARD.",
)
@json_option
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    theme: str | None,
    now: dt.datetime,
    public: bool,
    allow_embargoed: bool,
    locales: tuple[str, ...],
    strict: bool,
    quiet: bool,
    warnings_as_errors: bool,
    jobs: int,
    force: bool,
    with_pack: bool,
    require: Literal["translated", "approved"],
    shard: Shard | None,
    as_json: bool,
) -> None:
    """Render releases to DOCX, PDF, HTML and text under OUTPUT/<slug>/<locale>/.

    A release with errors is reported and skipped; the others still build.
    Without --public, an embargoed release is built and marked as embargoed
    everywhere. A newsroom folder also gets OUTPUT/index.html (the newsroom
    page) and OUTPUT/feed.xml (Atom, released items only). A release whose
    inputs, options and outputs are unchanged since the last build into
    OUTPUT is skipped; --force rebuilds it. A translation file that cannot be
    used leaves its locale out (exit 1); the other locales are built. Without
    --public, an embargo that has already lifted is a warning, as in check.

    \b
    Example:
      presskit build releases/gta-2025
      presskit build releases/ -o public --public --pack --now 2025-12-11T00:02:00Z
      presskit build releases/ --json | jq '.counts'
      presskit build releases/ -o dist-2 --shard 2/4 --now 2025-12-11T00:02:00Z
    """
    from presskit.publish.helper import helper_for

    with helper_for(paths, formats, theme, jobs, locales):
        from presskit.publish.build import build as run_build
        from presskit.publish.outcome import BuildOptions, removed_summary, run_summary

        options = BuildOptions(
            now=now,
            out_dir=out_dir,
            formats=formats,
            theme=theme,
            public=public,
            locales=locales,
            strict=strict,
            require=require,
            jobs=jobs,
            force=force,
            pack=with_pack,
            allow_embargoed=allow_embargoed,
            warnings_as_errors=warnings_as_errors,
            shard=shard,
        )
        report = run_reported(
            "building", lambda progress: run_build(paths, options, progress), as_json, quiet
        )
    if not quiet:
        print_problems(report.warnings)
    summary = run_summary(report.outcomes, report.warnings)
    if not quiet or report.exit_code or report.removed or summary["warnings"]:
        counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n) or "nothing to build"
        where = f" → {out_dir}/" if any(o.status in ("built", "skipped") for o in report.outcomes) else ""
        newsroom = f" (newsroom page {out_dir / 'index.html'})" if report.newsroom else ""
        if report.shard is not None:
            newsroom = f" (shard {report.shard['shard']}: {out_dir / report.shard['record']})"
        line = counts + where + newsroom + removed_summary(report.removed, out_dir) + counted(summary)
        click.echo(line, err=True)
    sys.exit(report.exit_code)


@click.command()
@paths_argument
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="One zip holding every release, instead of one zip per release.",
)
@click.option(
    "--dist",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    cls=EnvironmentOption,
    envvar="PRESSKIT_OUTPUT",
    help="Folder for the per-release zips and the rendition cache. Env: PRESSKIT_OUTPUT.",
)
@theme_option
@now_option()
@click.option(
    "--public",
    is_flag=True,
    help="Leave out releases still under embargo at --now (exit 3); state lifted ones as FOR IMMEDIATE RELEASE.",
)
@allow_embargoed_option
@locale_options
@jobs_option
@quiet_option
@json_option
def pack(
    paths: tuple[Path, ...],
    output: Path | None,
    out_dir: Path,
    theme: str | None,
    now: dt.datetime,
    public: bool,
    allow_embargoed: bool,
    locales: tuple[str, ...],
    strict: bool,
    jobs: int,
    quiet: bool,
    as_json: bool,
) -> None:
    """Zip each release: every locale and format, assets, manifest.json, README.txt.

    Writes DIST/<slug>.zip for each release, or one zip of them all with -o.
    Everything is rendered afresh, never taken from an earlier build. The
    same input gives the same bytes: entries sorted, timestamps from
    SOURCE_DATE_EPOCH (else the release date), fixed permissions. With
    --public, a release still under embargo is left out (exit 3).

    \b
    Example:
      presskit pack releases/gta-2025
      presskit pack releases/ -o newsroom.zip --public --now 2025-12-11T00:02:00Z
      presskit pack releases/gta-2025 --json | jq -r '.packs[].sha256'
    """
    if output is not None and output.suffix.lower() != ".zip":
        raise click.BadParameter(f"{output} does not end in .zip", param_hint="'-o' / '--output'")
    from presskit.publish.helper import helper_for

    with helper_for(paths, FORMAT_NAMES, theme, jobs, locales):
        from presskit.publish.outcome import DEFAULT_FORMATS, BuildOptions, removed_summary
        from presskit.publish.pack import pack as run_pack

        options = BuildOptions(
            now=now,
            out_dir=out_dir,
            formats=DEFAULT_FORMATS,
            theme=theme,
            public=public,
            locales=locales,
            strict=strict,
            jobs=jobs,
            allow_embargoed=allow_embargoed,
        )
        report = run_reported(
            "packing", lambda progress: run_pack(paths, options, output, progress), as_json, quiet
        )
    if not quiet:
        print_problems(report.warnings)
        for made in report.packs:
            click.echo(str(made.path))
    if not quiet or report.exit_code:
        counts = {
            s: sum(o.status == s for o in report.outcomes) for s in ("built", "refused", "invalid", "failed")
        }
        words = {"built": "packed"}
        line = ", ".join(f"{n} {words.get(s, s)}" for s, n in counts.items() if n) or "nothing to pack"
        zips = f" → {', '.join(str(p.path) for p in report.packs)}" if report.packs else ""
        click.echo(line + zips + removed_summary(report.removed, out_dir), err=True)
    sys.exit(report.exit_code)


@click.command(name="index")
@click.argument("dists", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="PRESSKIT_OUTPUT",
    help="The merged output folder (default: the DIST folder, when only one is given). Env: PRESSKIT_OUTPUT.",
)
@click.option(
    "--newsroom",
    type=click.Path(path_type=Path, file_okay=False),
    help="The newsroom folder the shards were built from (default: the path their records name).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@json_option
def index(
    dists: tuple[Path, ...], out_dir: Path | None, newsroom: Path | None, quiet: bool, as_json: bool
) -> None:
    """Merge the output folders of a sharded build (build --shard K/N) into one.

    Writes OUTPUT/index.html and OUTPUT/feed.xml for the whole newsroom and puts
    every shard's release folders and zips into OUTPUT (hard links where it can),
    the same files one unsharded build writes. Refuses (exit 1), before writing
    anything, shards that are missing or given twice, of another newsroom or
    commit, or built with other options, --now or presskit version.

    \b
    Example:
      presskit index dist-1 dist-2 dist-3 dist-4 -o public
      presskit index shards/   # every shard downloaded into one folder: merged in place
    """
    from presskit.publish.index import index as run_index

    if out_dir is None:
        if len(dists) > 1:
            raise click.UsageError("several DIST folders: give -o OUTPUT for the merged folder")
        out_dir = dists[0]
    try:
        report = run_index(dists, out_dir, newsroom)
    except PresskitError as error:
        fail(error, as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        sys.exit(report.exit_code)
    print_problems(report.errors)
    if not quiet or report.exit_code:
        line = f"{len(report.shards)} shards, {report.releases} releases → {out_dir}/"
        line += f" ({len(report.written)} put in place"
        line += f", {len(report.removed)} removed" if report.removed else ""
        line += f", {report.not_built} not built by their shards)" if report.not_built else ")"
        click.echo(line, err=True)
    sys.exit(report.exit_code)
