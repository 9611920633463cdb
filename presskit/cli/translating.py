"""The translators' commands: presskit i18n extract, merge and status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from presskit.cli.options import fail, json_option, paths_argument, print_problems
from presskit.errors import PresskitError

# ---------------------------------------------------------------------------
# i18n: translators' files


@click.group()
def i18n() -> None:
    """Translations: XLIFF or PO files for translators, taken back safely.

    Each release keeps its translations in releases/<slug>/i18n/<locale>.xlf
    (XLIFF 1.2; or <locale>.xliff or .po, one file per locale); build -l all
    publishes a locale once i18n.publish_at of it is translated (100% unless
    presskit.yaml sets it). Glossary terms are marked for translators and
    checked. See docs/translation.md (presskit help translation).

    \b
    Example:
      presskit i18n extract releases/gta-2025 -l fr,ar
      presskit i18n merge releases/gta-2025 ~/Downloads/fr.xlf
      presskit i18n status releases/ --json
    """


def _i18n_json(command: str, **document: Any) -> None:
    """A successful i18n report; `schema` names its version (presskit/schemas/i18n-<command>-1.json)."""
    envelope = {"schema": f"presskit/i18n-{command}/1", "ok": True, "exit_code": 0}
    click.echo(json.dumps({**envelope, **document}, indent=2, ensure_ascii=False))


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
    from presskit.publish.inputs import load_releases
    from presskit.publish.translations import check_extract_target, extract

    names = [name.strip() for name in locales.split(",") if name.strip()]
    try:
        releases = load_releases(paths)
        if output is not None and (len(releases) != 1 or len(names) != 1):
            raise click.UsageError("-o/--output takes one release and one locale")
        if output is not None:
            check_extract_target(output, releases[0])
        results = [extract(release, name, fmt, output) for release in releases for name in names]  # type: ignore[arg-type]
    except PresskitError as error:
        fail(error, as_json)
    if as_json:
        _i18n_json("extract", files=[r.as_json() for r in results])
        return
    for r in results:
        verb = "wrote" if r.written.changed else "unchanged"
        kept = f" (previous file kept as {r.written.backup.name})" if r.written.backup else ""
        counts = r.status.summary().split(": ", 1)[1]
        click.echo(f"{verb} {r.written.path}: {counts}{kept}")


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
    from presskit.publish.inputs import load_releases
    from presskit.publish.translations import merge
    from presskit.source.places import find_release_files

    try:
        found = find_release_files((path,))
        if len(found) != 1:
            raise click.UsageError(f"merge takes one release; {path} holds {len(found)}")
        results = merge(load_releases((path,))[0], files, locale)
    except PresskitError as error:
        fail(error, as_json)
    if as_json:
        _i18n_json("merge", merged=[r.as_json() for r in results])
        return
    for r in results:
        print_problems(list(r.warnings))
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
    from presskit.publish.inputs import load_releases

    names = [name.strip() for name in (locales or "").split(",") if name.strip()]
    try:
        reports = [(release, status(release, names)) for release in load_releases(paths)]
    except PresskitError as error:
        fail(error, as_json)
    if as_json:
        _i18n_json("status", releases=[entry.as_json() for _, found in reports for entry in found])
        return
    for release, found in reports:
        if not found:
            click.echo(f"{release.slug}: no translations (presskit i18n extract PATH -l LOCALE starts one)")
        for entry in found:
            click.echo(entry.summary())
            for kind, ids in (("missing", entry.counts.missing), ("stale", entry.counts.stale)):
                if ids:
                    click.echo(f"  {kind}: {', '.join(ids)}")
