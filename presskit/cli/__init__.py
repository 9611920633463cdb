"""The command line: parse options, call the library, turn its errors into exits.

Click lives in this package only: options.py (what the commands share: options,
printing problems, the progress bar), releases.py (check, build, pack, serve),
translating.py (i18n), starting.py (init, new, theme), schema.py (schema, and usage
errors as JSON under --json), topics.py (help: the docs). Each command's work is a
library call; what it prints is the library's report.
"""

from __future__ import annotations

import os
import sys

import click

from presskit import __version__
from presskit.cli.releases import build, check, index, pack, serve
from presskit.cli.schema import JsonUsageGroup, schema
from presskit.cli.starting import init, new, theme
from presskit.cli.topics import help_topic
from presskit.cli.translating import i18n
from presskit.errors import ExitCode, PresskitError
from presskit.publish import collector


@click.group(
    cls=JsonUsageGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
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
    from presskit.source.environment import valid_epoch

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not valid_epoch(epoch):
        raise click.UsageError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970 up to year 9999 "
            "(reproducible-builds.org; unset it or give e.g. 1765411260)"
        )


for command in (init, new, theme, serve, check, build, index, pack, i18n, schema, help_topic):
    cli.add_command(command)


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
