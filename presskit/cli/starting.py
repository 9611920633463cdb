"""The commands that start something: a newsroom (init), a release (new), a theme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from presskit.cli.options import fail
from presskit.errors import PresskitError


@click.command()
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
        fail(error, False)
    for path in made.files:
        click.echo(f"created {path}")


@click.command()
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
        fail(error, False)
    for path in made.files:
        click.echo(f"created {path}")


@click.group()
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
        fail(error, False)
    click.echo(f"created {folder} ({len(made.files)} files); build with --theme {folder}")
