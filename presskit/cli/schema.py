"""The --json contract: `presskit schema` prints the JSON Schema of each command's output,
and a usage error under --json is still one JSON document (presskit/error/1).

The schemas are files in presskit/schemas/ (shipped in the wheel), one per document and
version: `build-1.json` describes the documents whose `schema` is `presskit/build/1`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from presskit.errors import ExitCode, Problem, error_document


class JsonUsageGroup(click.Group):
    """A group whose usage errors are a presskit/error/1 document on stdout when --json was given.

    A build script that always parses stdout then gets JSON for a bad option value or an
    unknown format too, with the same exit code (2) and the message Click would print.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        if not standalone_mode or not asks_for_json(given):
            return super().main(given, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(given, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.ClickException as error:
            document = error_document(error.exit_code, [usage_problem(error)])
            click.echo(json.dumps(document, indent=2, ensure_ascii=False))
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def asks_for_json(args: list[str]) -> bool:
    """Whether --json is among the options (before a `--` that ends them)."""
    options = args[: args.index("--")] if "--" in args else args
    return "--json" in options


def usage_problem(error: click.ClickException) -> Problem:
    """Click's message as a problem: the option it is about as the field, the command's help as the hint."""
    field = None
    if isinstance(error, click.BadParameter) and error.param is not None:
        names = [*error.param.opts, *error.param.secondary_opts]
        field = max(names, key=len) if names else error.param.name
    elif isinstance(error, click.BadParameter) and isinstance(error.param_hint, str):
        names = re.findall(r"'(--?[^']+)'", error.param_hint)  # "'-o' / '--output'"
        field = max(names, key=len) if names else error.param_hint
    elif isinstance(error, click.NoSuchOption):
        field = error.option_name
    hint = None
    if isinstance(error, click.UsageError) and error.ctx is not None:
        hint = f"{error.ctx.command_path} --help shows the options"
    return Problem(error.format_message(), field=field, hint=hint)


@click.command("schema")
@click.argument("name", required=False)
@click.option("--list", "listing", is_flag=True, help="List every schema: its name, file and title.")
def schema(name: str | None, listing: bool) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output.

    NAME is build, check, pack, i18n-status, i18n-extract, i18n-merge or
    error (what any command prints when it fails before its report), or a
    version such as build/1. Every --json document names its schema in its
    `schema` key, e.g. "presskit/build/1". See docs/json.md.

    \b
    Example:
      presskit schema --list
      presskit schema build > build.schema.json
    """
    from presskit.resources import json_schema, json_schemas

    if listing or name is None:
        for key, path in json_schemas().items():
            title = json.loads(path.read_text(encoding="utf-8")).get("title", "")
            click.echo(f"{key}\t{path.name}\t{title}")
        return
    found = json_schema(name)
    if found is None:
        names = sorted({key.split("/")[1] for key in json_schemas()})
        raise click.BadParameter(f"no schema {name!r}; choose from {', '.join(names)}", param_hint="NAME")
    sys.stdout.write(found.read_text(encoding="utf-8"))
    sys.exit(ExitCode.OK)
