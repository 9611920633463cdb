"""The command line: parse options, call the library, turn its errors into exits."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from presskit import __version__
from presskit.errors import ExitCode, PresskitError, Problem, ValidationFailed

if TYPE_CHECKING:
    from presskit.model import Release

FORMAT_NAMES = ("html", "docx", "pdf", "txt")


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no time zone; e.g. 2025-12-11T00:01:00+00:00")
    return moment


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip().lower() for n in value.split(",") if n.strip()))
    unknown = [n for n in names if n not in FORMAT_NAMES]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMAT_NAMES)}"
        )
    return names


F = TypeVar("F", bound=Callable[..., Any])


def now_option() -> Callable[[F], F]:
    return click.option(
        "--now",
        metavar="ISO-DATETIME",
        envvar="PRESSKIT_NOW",
        callback=_parse_now,
        help="The current instant for embargo decisions (default: the clock). Env: PRESSKIT_NOW.",
    )


paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document on stdout, nothing else."
)


def _print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.column or 0)):
        click.echo(problem.format(), err=True)


def _fail(error: PresskitError, as_json: bool) -> NoReturn:
    problems = list(error.problems) if isinstance(error, ValidationFailed) else [Problem(str(error))]
    if as_json:
        click.echo(
            json.dumps(
                {"ok": False, "exit_code": int(error.exit_code), "errors": [p.as_json() for p in problems]}
            )
        )
    else:
        _print_problems(problems)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="presskit")
def cli() -> None:
    """presskit: one structured press release in, a complete release pack out.

    Write releases/<slug>/release.yaml, check it, build it:

    \b
      presskit check releases/
      presskit build releases/gta-2025 -o dist

    Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 embargo refused,
    4 output not writable, 70 internal error.
    """


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--organisation", default="Example Organisation", show_default=True, help="The organisation's name."
)
@click.option("--slug", default="first-release", show_default=True, help="The slug of the first release.")
def init(folder: Path, organisation: str, slug: str) -> None:
    """Create a newsroom: presskit.yaml and one release, commented, that build as they stand.

    Nothing is overwritten: an existing newsroom or release is an error.

    \b
    Example:
      presskit init newsroom --organisation "Marine Lab"
      presskit build newsroom
    """
    from presskit.scaffold import init_newsroom

    try:
        made = init_newsroom(folder, organisation=organisation, slug=slug, today=dt.date.today())
    except PresskitError as error:
        _fail(error, False)
    for path in made.files:
        click.echo(f"created {path}")


@cli.command()
@click.argument("slug")
@click.option(
    "--newsroom",
    "newsroom",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="The newsroom folder (holding presskit.yaml).",
)
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="The release date (default: today).")
def new(slug: str, newsroom: Path, day: dt.datetime | None) -> None:
    """Create a release SLUG in a newsroom, commented, that builds as it stands.

    \b
    Example:
      presskit new ocean-survey-2026 --newsroom releases --date 2026-03-02
    """
    from presskit.scaffold import new_release

    try:
        made = new_release(newsroom, slug, today=day.date() if day else dt.date.today())
    except PresskitError as error:
        _fail(error, False)
    for path in made.files:
        click.echo(f"created {path}")


@cli.group()
def theme() -> None:
    """List the built-in themes, or start your own from one.

    \b
    Example:
      presskit theme list
      presskit theme new brand --from default
      presskit build releases/ --theme brand
    """


@theme.command("list")
def theme_list() -> None:
    """Print the names of the built-in themes."""
    from presskit.theme import builtin_themes

    for name in builtin_themes():
        click.echo(name)


@theme.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--from", "base", default="default", show_default=True, help="The theme to copy.")
def theme_new(folder: Path, base: str) -> None:
    """Copy a theme into FOLDER to change its colours, fonts and templates.

    \b
    Example:
      presskit theme new brand --from default && presskit build releases/ --theme brand
    """
    from presskit.scaffold import new_theme

    try:
        made = new_theme(folder, base=base)
    except PresskitError as error:
        _fail(error, False)
    click.echo(f"created {folder} ({len(made.files)} files); build with --theme {folder}")


@cli.command()
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
@click.option("--theme", "theme_name", envvar="PRESSKIT_THEME", help="Theme name or folder.")
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

    from presskit.build import BuildOptions
    from presskit.serve import serve as run_server

    with tempfile.TemporaryDirectory(prefix="presskit-preview-") as temp:
        options = BuildOptions(now=now, out_dir=out_dir or Path(temp), theme=theme_name)
        try:
            code = run_server(list(paths), options, host, port, lambda line: click.echo(line, err=True))
        except (PresskitError, OSError) as error:
            click.echo(f"presskit: {error}", err=True)
            sys.exit(ExitCode.USAGE_ERROR if isinstance(error, OSError) else ExitCode.INPUT_ERROR)
    sys.exit(code)


@dataclass
class _Checked:
    source: Path
    release: Release | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@cli.command()
@paths_argument
@now_option()
@json_option
def check(paths: tuple[Path, ...], now: dt.datetime, as_json: bool) -> None:
    """Validate releases; print every problem as path:line:col: field: message.

    PATHS are release folders, release files or newsroom folders. Errors exit
    with code 1; warnings go to stderr and do not change the exit code.
    With --json, print the validated model of each release.

    \b
    Example:
      presskit check releases/gta-2025
      presskit check releases/ --json | jq '.releases[].slug'
    """
    from presskit.checks import timing_warnings
    from presskit.dump import to_json
    from presskit.loader import find_release_files, load_release_with_warnings

    try:
        sources = find_release_files(paths)
    except PresskitError as error:
        _fail(error, as_json)
    results: list[_Checked] = []
    for source in sources:
        try:
            release, warnings = load_release_with_warnings(source)
            results.append(_Checked(source, release, warnings=warnings + timing_warnings(release, now)))
        except ValidationFailed as failed:
            results.append(_Checked(source, None, problems=list(failed.problems)))
    worst = ExitCode.INPUT_ERROR if any(r.release is None for r in results) else ExitCode.OK
    if as_json:
        document = {
            "ok": worst == ExitCode.OK,
            "exit_code": int(worst),
            "releases": [
                {
                    "source": str(r.source),
                    "valid": r.release is not None,
                    "errors": [p.as_json() for p in r.problems],
                    "warnings": [p.as_json() for p in r.warnings],
                    "model": to_json(r.release, Path.cwd()) if r.release else None,
                }
                for r in results
            ],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for r in results:
            _print_problems(r.problems + r.warnings)
            if r.release is not None:
                click.echo(f"ok: {r.source} ({r.release.slug})", err=True)
    sys.exit(worst)


@cli.command()
@paths_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    envvar="PRESSKIT_OUTPUT",
    help="Output folder. Env: PRESSKIT_OUTPUT.",
)
@click.option(
    "-f",
    "--formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=_parse_formats,
    envvar="PRESSKIT_FORMATS",
    help="Comma-separated formats to build. Env: PRESSKIT_FORMATS.",
)
@click.option(
    "--theme", envvar="PRESSKIT_THEME", help="Theme name or folder (default: the release's, else default)."
)
@now_option()
@click.option(
    "--public",
    is_flag=True,
    help="Refuse releases still under embargo at --now (exit 3); state lifted ones as FOR IMMEDIATE RELEASE.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@json_option
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    theme: str | None,
    now: dt.datetime,
    public: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Render releases to DOCX, PDF, HTML and text under OUTPUT/<slug>/<locale>/.

    A release with errors is reported and skipped; the others still build.
    Without --public, an embargoed release is built and marked as embargoed
    everywhere.

    \b
    Example:
      presskit build releases/gta-2025
      presskit build releases/ -o public -f html,pdf --public --now 2025-12-11T00:02:00Z
    """
    from presskit.build import BuildOptions
    from presskit.build import build as run_build

    options = BuildOptions(now=now, out_dir=out_dir, formats=formats, theme=theme, public=public)
    try:
        report = run_build(paths, options)
    except PresskitError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        sys.exit(report.exit_code)
    for outcome in report.outcomes:
        _print_problems(outcome.problems + outcome.warnings)
        if outcome.status == "refused":
            click.echo(f"refused: {outcome.message}", err=True)
        elif outcome.status == "built" and outcome.release and not quiet:
            where = out_dir / outcome.release.slug / outcome.release.locale
            click.echo(
                f"built {outcome.release.slug} ({outcome.release.locale}): {', '.join(formats)} → {where}/"
            )
    counts = {s: sum(o.status == s for o in report.outcomes) for s in ("built", "refused", "invalid")}
    if not quiet or report.exit_code:
        click.echo(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to build", err=True)
    sys.exit(report.exit_code)


def main() -> None:
    """Entry point: no traceback for anything the user can fix."""
    try:
        cli(standalone_mode=True)
    except PresskitError as error:  # pragma: no cover - commands handle their own
        click.echo(f"presskit: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:
        if os.environ.get("PRESSKIT_DEBUG"):
            raise
        click.echo(
            f"presskit: internal error: {type(error).__name__}: {error} "
            "(this is a bug; PRESSKIT_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL_ERROR)
