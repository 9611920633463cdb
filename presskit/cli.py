"""The command line: parse options, call the library, turn its errors into exits."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

import click

from presskit import __version__
from presskit.errors import ExitCode, PresskitError, Problem, ValidationFailed
from presskit.publish import collector

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


def _parse_locales(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from babel import Locale, UnknownLocaleError

    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    if names == ("all",) or not names:
        return ("all",)
    for name in names:
        try:
            Locale.parse(name, sep="-")
        except (UnknownLocaleError, ValueError):
            raise click.BadParameter(f"{name!r} is not a locale; e.g. fr, ar, pt-BR, or all") from None
    return names


def locale_options(command: F) -> F:
    """-l/--locales and --strict, shared by build and pack."""
    command = click.option(
        "--strict",
        is_flag=True,
        envvar="PRESSKIT_STRICT",
        help="A missing or stale translation is an error (exit 1), not a warning. Env: PRESSKIT_STRICT.",
    )(command)
    return click.option(
        "-l",
        "--locales",
        default="all",
        show_default=True,
        callback=_parse_locales,
        envvar="PRESSKIT_LOCALES",
        help="Comma-separated locales to build, or all (the release's own and every translation). "
        "Env: PRESSKIT_LOCALES.",
    )(command)


theme_option = click.option(
    "--theme", envvar="PRESSKIT_THEME", help="Theme name or folder (default: the release's, else default)."
)
paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=lambda: _cpu_count(),
    show_default="the CPU count",
    envvar="PRESSKIT_JOBS",
    help="Processes working side by side: one release each; a lone release's PDF is made by a helper "
    "process meanwhile. Env: PRESSKIT_JOBS.",
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
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not _valid_epoch(epoch):
        raise click.UsageError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970 up to year 9999 "
            "(reproducible-builds.org; unset it or give e.g. 1765411260)"
        )


def _valid_epoch(text: str) -> bool:
    """Whole seconds, as reproducible-builds.org defines it, within what dates can say."""
    stripped = text.strip()
    return stripped.isdigit() and stripped.isascii() and int(stripped) <= 253402300799


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
    from presskit.themes.theme import builtin_themes

    for name in builtin_themes():
        click.echo(name)


@theme.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--from", "base", default="default", show_default=True, help="The theme to start from.")
@click.option(
    "--copy", "full_copy", is_flag=True, help="Copy every file of the theme instead of extending it."
)
def theme_new(folder: Path, base: str, full_copy: bool) -> None:
    """Start a theme in FOLDER: a theme.yaml that extends another (or, with --copy, a full copy).

    The theme.yaml lists every field it can override, commented out with the
    value it inherits; templates can be overridden one file or block at a time.

    \b
    Example:
      presskit theme new brand --from default && presskit build releases/ --theme brand
    """
    from presskit.scaffold import new_theme

    try:
        made = new_theme(folder, base=base, copy=full_copy)
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
    from presskit.publish.inputs import load_release_with_warnings
    from presskit.source.checks import timing_warnings
    from presskit.source.dump import to_json
    from presskit.source.places import find_release_files
    from presskit.source.slugs import slug_clashes

    try:
        sources = find_release_files(paths)
    except PresskitError as error:
        _fail(error, as_json)
    collector.for_releases(len(sources))
    results: list[_Checked] = []
    clashes = slug_clashes(sources)  # as build finds them: two releases would share one folder
    for source in sources:
        if source in clashes:
            results.append(_Checked(source, None, problems=[clashes[source]]))
            continue
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
@theme_option
@now_option()
@click.option(
    "--public",
    is_flag=True,
    help="Refuse releases still under embargo at --now (exit 3); state lifted ones as FOR IMMEDIATE RELEASE.",
)
@locale_options
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
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
@json_option
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    theme: str | None,
    now: dt.datetime,
    public: bool,
    locales: tuple[str, ...],
    strict: bool,
    quiet: bool,
    jobs: int,
    force: bool,
    with_pack: bool,
    as_json: bool,
) -> None:
    """Render releases to DOCX, PDF, HTML and text under OUTPUT/<slug>/<locale>/.

    A release with errors is reported and skipped; the others still build.
    Without --public, an embargoed release is built and marked as embargoed
    everywhere. A newsroom folder also gets OUTPUT/index.html (the newsroom
    page) and OUTPUT/feed.xml (Atom, released items only). A release whose
    inputs, options and outputs are unchanged since the last build into
    OUTPUT is skipped; --force rebuilds it.

    \b
    Example:
      presskit build releases/gta-2025
      presskit build releases/ -o public --public --pack --now 2025-12-11T00:02:00Z
      presskit build releases/ --json | jq '.counts'
    """
    with _pdf_helper(paths, formats, theme, jobs):
        from presskit.publish.build import build as run_build
        from presskit.publish.outcome import BuildOptions

        options = BuildOptions(
            now=now,
            out_dir=out_dir,
            formats=formats,
            theme=theme,
            public=public,
            locales=locales,
            strict=strict,
            jobs=jobs,
            force=force,
            pack=with_pack,
        )
        report = _run_reported(
            "building", lambda progress: run_build(paths, options, progress), as_json, quiet
        )
    _print_problems(report.warnings)
    if not quiet or report.exit_code or report.removed:
        counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n) or "nothing to build"
        where = f" → {out_dir}/" if any(o.status in ("built", "skipped") for o in report.outcomes) else ""
        newsroom = f" (newsroom page {out_dir / 'index.html'})" if report.newsroom else ""
        click.echo(counts + where + newsroom + _removed(report.removed, out_dir), err=True)
    sys.exit(report.exit_code)


def _removed(removed: list[str], out_dir: Path) -> str:
    """`; removed 3 paths from dist/ (a, b, c)`: what a run took out of its output folder."""
    if not removed:
        return ""
    shown = ", ".join(removed[:5]) + (f" and {len(removed) - 5} more" if len(removed) > 5 else "")
    return f"; removed {len(removed)} path{'s' if len(removed) != 1 else ''} from {out_dir}/ ({shown})"


class _Report(Protocol):
    """What build and pack return."""

    @property
    def exit_code(self) -> ExitCode: ...

    @property
    def outcomes(self) -> Any: ...

    @property
    def errors(self) -> Any: ...

    def as_json(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Report)


def _run_reported(label: str, run: Callable[[Any], R], as_json: bool, quiet: bool) -> R:
    """Run a build or pack with a progress bar; print its JSON and exit, or its problems and return it."""
    with _progress(label, enabled=not (as_json or quiet)) as progress:
        try:
            report = run(progress)
        except PresskitError as error:
            _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        sys.exit(report.exit_code)
    _print_outcomes(report.outcomes, report.errors)
    return report


@contextmanager
def _pdf_helper(
    paths: tuple[Path, ...], formats: tuple[str, ...], theme: str | None, jobs: int
) -> Iterator[None]:
    """With more than one job, a helper process for a lone release's PDF, started before the
    build's imports (presskit/renderers/helper.py) and stopped if the build never needed it."""
    if jobs > 1:
        import presskit.publish.helper as helper

        helper.start(paths, formats, theme)
    try:
        yield
    finally:
        if "presskit.publish.helper" in sys.modules:
            import presskit.publish.helper as helper

            helper.stop()


def _cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not all the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def _progress(label: str, *, enabled: bool) -> Iterator[Callable[[Any, int, int], None] | None]:
    """A progress bar on stderr while releases build, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def update(outcome: Any, done: int, total: int) -> None:
        if not bars:
            bar = click.progressbar(
                length=total, label=label, file=sys.stderr, show_pos=True, item_show_func=lambda slug: slug
            )
            bars.append(bar.__enter__())
        bars[0].update(1, outcome.slug or outcome.source.parent.name)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def _print_outcomes(outcomes: list[Any], errors: list[Problem]) -> None:
    """Every problem and warning, then why each refused release was refused (stderr)."""
    for outcome in outcomes:
        _print_problems(outcome.problems + outcome.warnings)
        if outcome.status == "refused":
            click.echo(f"refused: {outcome.message}", err=True)
    _print_problems(errors)


@cli.command()
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
@locale_options
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@json_option
def pack(
    paths: tuple[Path, ...],
    output: Path | None,
    out_dir: Path,
    theme: str | None,
    now: dt.datetime,
    public: bool,
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
    with _pdf_helper(paths, FORMAT_NAMES, theme, jobs):
        from presskit.publish.outcome import DEFAULT_FORMATS, BuildOptions
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
        )
        report = _run_reported(
            "packing", lambda progress: run_pack(paths, options, output, progress), as_json, quiet
        )
    _print_problems(report.warnings)
    if not quiet:
        for made in report.packs:
            click.echo(str(made.path))
    if not quiet or report.exit_code:
        counts = {
            s: sum(o.status == s for o in report.outcomes) for s in ("built", "refused", "invalid", "failed")
        }
        words = {"built": "packed"}
        line = ", ".join(f"{n} {words.get(s, s)}" for s, n in counts.items() if n) or "nothing to pack"
        zips = f" → {', '.join(str(p.path) for p in report.packs)}" if report.packs else ""
        click.echo(line + zips + _removed(report.removed, out_dir), err=True)
    sys.exit(report.exit_code)


# ---------------------------------------------------------------------------
# i18n: translators' files


@cli.group()
def i18n() -> None:
    """Translations: XLIFF or PO files for translators, taken back safely.

    Each release keeps its translations in releases/<slug>/i18n/<locale>.xlf
    (XLIFF 1.2); the build uses them for every locale. See docs/translation.md.

    \b
    Example:
      presskit i18n extract releases/gta-2025 -l fr,ar
      presskit i18n merge releases/gta-2025 ~/Downloads/fr.xlf
      presskit i18n status releases/ --json
    """


def _load_releases(paths: tuple[Path, ...]) -> list[Release]:
    """Every release under `paths`; ValidationFailed with every problem when any is invalid."""
    from presskit.publish.inputs import load_release
    from presskit.source.places import find_release_files

    releases: list[Release] = []
    problems: list[Problem] = []
    sources = find_release_files(paths)
    collector.for_releases(len(sources))
    for source in sources:
        try:
            releases.append(load_release(source))
        except ValidationFailed as failed:
            problems.extend(failed.problems)
    if problems:
        raise ValidationFailed(problems)
    return releases


def _i18n_json(**document: Any) -> None:
    click.echo(json.dumps({"ok": True, "exit_code": 0, **document}, indent=2, ensure_ascii=False))


@i18n.command("extract")
@paths_argument
@click.option(
    "-l",
    "--locale",
    "locales",
    required=True,
    metavar="LOCALE[,LOCALE…]",
    help="Target locale(s), BCP 47: fr, pt-BR, zh-Hans.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xliff", "xliff2", "po"]),
    default="xliff",
    show_default=True,
    help="xliff: XLIFF 1.2 (.xlf); xliff2: XLIFF 2.0 (.xliff); po: gettext PO (.po).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here instead of releases/<slug>/i18n/<locale>.<ext> (one release and locale only).",
)
@json_option
def i18n_extract(paths: tuple[Path, ...], locales: str, fmt: str, output: Path | None, as_json: bool) -> None:
    """Write the file translators fill in: one unit per translatable field.

    The translations already made are kept (a changed source marks them
    stale). An existing file that would change is first kept as
    <file>.bak-<n>.

    \b
    Example:
      presskit i18n extract releases/gta-2025 -l fr
      presskit i18n extract releases/gta-2025 -l de --format po -o gta-2025.de.po
    """
    from presskit.publish.translations import extract

    names = [name.strip() for name in locales.split(",") if name.strip()]
    try:
        releases = _load_releases(paths)
        if output is not None and (len(releases) != 1 or len(names) != 1):
            raise click.UsageError("-o/--output takes one release and one locale")
        if output is not None:
            _check_extract_target(output, releases[0])
        results = [extract(release, name, fmt, output) for release in releases for name in names]  # type: ignore[arg-type]
    except PresskitError as error:
        _fail(error, as_json)
    if as_json:
        _i18n_json(files=[r.as_json() for r in results])
        return
    for r in results:
        verb = "wrote" if r.written.changed else "unchanged"
        kept = f" (previous file kept as {r.written.backup.name})" if r.written.backup else ""
        counts = r.status.summary().split(": ", 1)[1]
        click.echo(f"{verb} {r.written.path}: {counts}{kept}")


TRANSLATION_SUFFIXES = (".xlf", ".xliff", ".xlif", ".po", ".pot")


def _check_extract_target(output: Path, release: Release) -> None:
    """`extract -o FILE` writes a translation file: never over a source file, never among the
    sources (but in the release's own i18n/), never into a published output folder."""
    from presskit.i18n.store import i18n_dir
    from presskit.publish.ownership import placement_problem, resolved

    problem = placement_problem(output, allowed=i18n_dir(release))
    if problem is None:
        target = resolved(output)
        if target.exists() and (not target.is_file() or target.suffix.lower() not in TRANSLATION_SUFFIXES):
            problem = f"{output} exists and is not a translation file"
    if problem:
        raise ValidationFailed(
            [
                Problem(
                    f"refused to write the translators' file: {problem}",
                    output,
                    hint="name a new .xlf, .xliff or .po file outside the newsroom and the output folder",
                )
            ]
        )


@i18n.command("merge")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-l", "--locale", help="Refuse any file that is not a translation into this locale.")
@json_option
def i18n_merge(path: Path, files: tuple[Path, ...], locale: str | None, as_json: bool) -> None:
    """Take translators' files (XLIFF 1.2, XLIFF 2.0 or PO) into the release's translations.

    PATH is one release. Every FILE is checked before anything is written: a
    file for another release or language, malformed or hostile XML, or a
    unit whose placeholders were altered or dropped refuses the merge (exit 1)
    and changes nothing. The translation file replaced is kept as
    <file>.bak-<n>.

    \b
    Example:
      presskit i18n merge releases/gta-2025 fr.xlf ar.xlf
    """
    from presskit.publish.translations import merge
    from presskit.source.places import find_release_files

    try:
        found = find_release_files((path,))
        if len(found) != 1:
            raise click.UsageError(f"merge takes one release; {path} holds {len(found)}")
        results = merge(_load_releases((path,))[0], files, locale)
    except PresskitError as error:
        _fail(error, as_json)
    if as_json:
        _i18n_json(merged=[r.as_json() for r in results])
        return
    for r in results:
        _print_problems(list(r.warnings))
        click.echo(r.summary())
        if r.status is not None:
            click.echo(f"  now {r.status.summary().split(': ', 1)[1]}")


@i18n.command("status")
@paths_argument
@click.option("-l", "--locale", "locales", metavar="LOCALE[,LOCALE…]", help="Only these locales.")
@json_option
def i18n_status(paths: tuple[Path, ...], locales: str | None, as_json: bool) -> None:
    """Show, per release and locale, the units translated, missing and stale.

    A unit is stale when its source text changed after it was translated.
    Missing and stale ids are listed; --json gives everything.

    \b
    Example:
      presskit i18n status releases/gta-2025
      presskit i18n status releases/ --json | jq '.releases[] | select(.stale > 0)'
    """
    from presskit.i18n.workflow import status

    names = [name.strip() for name in (locales or "").split(",") if name.strip()]
    try:
        reports = [(release, status(release, names)) for release in _load_releases(paths)]
    except PresskitError as error:
        _fail(error, as_json)
    if as_json:
        _i18n_json(releases=[entry.as_json() for _, found in reports for entry in found])
        return
    for release, found in reports:
        if not found:
            click.echo(f"{release.slug}: no translations (presskit i18n extract PATH -l LOCALE starts one)")
        for entry in found:
            click.echo(entry.summary())
            for kind, ids in (("missing", entry.counts.missing), ("stale", entry.counts.stale)):
                if ids:
                    click.echo(f"  {kind}: {', '.join(ids)}")


def main() -> None:
    """Entry point: no traceback for anything the user can fix.

    The process ends with `os._exit` once its output streams are flushed: by then
    every file is written, synced and closed, and letting the interpreter take a
    build's modules and objects apart first costs more time (about 90 ms) than
    the slowest document takes to render.
    """
    collector.pause()  # one release's garbage is freed by the end of the process; see collector.py
    code = run_cli()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (presskit ... | head) or stream
            pass
    os._exit(code)


def run_cli() -> int:
    """Run the command line; its exit code."""
    try:
        cli(standalone_mode=True)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        click.echo(str(done.code), err=True)
        return 1
    except PresskitError as error:  # pragma: no cover - commands handle their own
        click.echo(f"presskit: {error}", err=True)
        return int(error.exit_code)
    except Exception as error:
        if os.environ.get("PRESSKIT_DEBUG"):
            raise
        click.echo(
            f"presskit: internal error: {type(error).__name__}: {error} "
            "(this is a bug; PRESSKIT_DEBUG=1 shows the traceback)",
            err=True,
        )
        return int(ExitCode.INTERNAL_ERROR)
    return 0
