"""What the commands share: the options several take, printing problems, failing with
an exit code (as lines or as one JSON document), and the progress bar."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

import click
from click.core import ParameterSource

from presskit.errors import ExitCode, PresskitError, Problem, ValidationFailed, error_document

FORMAT_NAMES = (
    "html",
    "docx",
    "pdf",
    "txt",
    "ninjs",
    "vcard",
    "email",
    "eml",
    "factsheet",
    "factsheet-html",
    "social",
)


class EnvironmentOption(click.Option):
    """An option that may come from a PRESSKIT_* variable: a bad value from the environment
    is named as the variable and its value (`PRESSKIT_NOW='soon': ...`), since no option on
    the command line shows where it came from."""

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        try:
            return super().process_value(ctx, value)
        except click.BadParameter as error:
            name = self.envvar if isinstance(self.envvar, str) else None
            if name is None or ctx.get_parameter_source(self.name or "") is not ParameterSource.ENVIRONMENT:
                raise
            raise click.UsageError(
                f"{name}={os.environ.get(name, '')!r}: {error.message} (set by the environment; "
                f"correct or unset {name})",
                ctx,
            ) from None


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 date and time; e.g. 2025-12-11T00:01:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no time zone; e.g. 2025-12-11T00:01:00+00:00")
    return moment


def parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
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
        cls=EnvironmentOption,
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
    command = strict_option(command)
    return click.option(
        "-l",
        "--locales",
        cls=EnvironmentOption,
        default="all",
        show_default=True,
        callback=_parse_locales,
        envvar="PRESSKIT_LOCALES",
        help="Comma-separated locales to build, or all (the release's own and every translation). "
        "Env: PRESSKIT_LOCALES.",
    )(command)


strict_option = click.option(
    "--strict",
    cls=EnvironmentOption,
    is_flag=True,
    envvar="PRESSKIT_STRICT",
    help="A missing or stale translation is an error (exit 1), not a warning. Env: PRESSKIT_STRICT.",
)


def _check_environment_theme(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A theme named by PRESSKIT_THEME is loaded here, so a wrong name is said as the variable's
    (a theme given on the command line is reported where releases load, as before)."""
    if value is None or ctx.get_parameter_source(param.name or "") is not ParameterSource.ENVIRONMENT:
        return value
    from presskit.errors import ValidationFailed
    from presskit.themes.theme import load_theme

    try:
        load_theme(value)
    except ValidationFailed as failed:
        raise click.BadParameter("; ".join(p.message for p in failed.problems)) from None
    return value


theme_option = click.option(
    "--theme",
    cls=EnvironmentOption,
    envvar="PRESSKIT_THEME",
    callback=_check_environment_theme,
    help="Theme name or folder (default: the release's, else default). Env: PRESSKIT_THEME.",
)
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print errors only; warnings are counted in the summary line."
)
warnings_as_errors_option = click.option(
    "--warnings-as-errors",
    cls=EnvironmentOption,
    is_flag=True,
    envvar="PRESSKIT_WARNINGS_AS_ERRORS",
    help="Exit 1 when there is any warning (a build still writes what it built). "
    "Env: PRESSKIT_WARNINGS_AS_ERRORS.",
)
allow_embargoed_option = click.option(
    "--allow-embargoed",
    cls=EnvironmentOption,
    is_flag=True,
    envvar="PRESSKIT_ALLOW_EMBARGOED",
    help="With --public: a release still under embargo is expected (a scheduler publishing "
    "whatever is due); it is still refused, left out and reported, but the exit code is 0, "
    "not 3. Nothing embargoed is ever written. Env: PRESSKIT_ALLOW_EMBARGOED.",
)
paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)
jobs_option = click.option(
    "-j",
    "--jobs",
    cls=EnvironmentOption,
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


def _cpu_count() -> int:
    from presskit.publish.processes import cpu_count

    return cpu_count()


def print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.column or 0)):
        click.echo(problem.format(), err=True)


def fail(error: PresskitError, as_json: bool) -> NoReturn:
    problems = list(error.problems) if isinstance(error, ValidationFailed) else [Problem(str(error))]
    if as_json:
        click.echo(json.dumps(error_document(error.exit_code, problems), indent=2, ensure_ascii=False))
    else:
        print_problems(problems)
    sys.exit(error.exit_code)


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


def run_reported(label: str, run: Callable[[Any], R], as_json: bool, quiet: bool) -> R:
    """Run a build or pack with a progress bar; print its JSON and exit, or its problems and return it."""
    with _progress(label, enabled=not (as_json or quiet)) as progress:
        try:
            report = run(progress)
        except PresskitError as error:
            fail(error, as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        sys.exit(report.exit_code)
    _print_outcomes(report.outcomes, report.errors, quiet)
    return report


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


def _print_outcomes(outcomes: list[Any], errors: list[Problem], quiet: bool) -> None:
    """Every problem and (unless quiet) warning, then why each refused release was refused (stderr)."""
    for outcome in outcomes:
        print_problems(outcome.problems + ([] if quiet else outcome.warnings))
        if outcome.status == "refused":
            click.echo(f"refused: {outcome.message}", err=True)
    print_problems(errors)


def counted(summary: dict[str, int]) -> str:
    """`; 1 with errors, 5 warnings` for a summary line, naming only what there is."""
    parts = []
    if summary["with_errors"]:
        parts.append(f"{summary['with_errors']} with errors")
    if summary["warnings"]:
        parts.append(f"{summary['warnings']} warning{'s' if summary['warnings'] != 1 else ''}")
    return "; " + ", ".join(parts) if parts else ""
