"""`presskit help TOPIC`: the documentation the messages point to (docs/<topic>.md), printed
from the copy installed with presskit, so it is there wherever presskit is."""

from __future__ import annotations

import click


@click.command("help")
@click.argument("topic", required=False)
@click.option("--path", "show_path", is_flag=True, help="Print where the topic's file is instead.")
def help_topic(topic: str | None, show_path: bool) -> None:
    """Print a topic of presskit's documentation; without TOPIC, list them.

    A message that says "docs/themes.md" means `presskit help themes`.

    \b
    Example:
      presskit help
      presskit help release-format | less
    """
    from presskit.resources import doc_topic, doc_topics

    if topic is None:
        for name, path in doc_topics().items():
            click.echo(f"{name:<16} {_title(path.read_text(encoding='utf-8'))}")
        return
    found = doc_topic(topic)
    if found is None:
        names = ", ".join(doc_topics())
        raise click.BadParameter(f"no topic {topic!r}; choose from {names}", param_hint="TOPIC")
    click.echo(str(found) if show_path else found.read_text(encoding="utf-8"), nl=show_path)


def _title(text: str) -> str:
    """The first heading of a Markdown file, without its #."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""
