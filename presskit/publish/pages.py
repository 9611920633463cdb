"""Writing the newsroom page (index.html) and its Atom feed (feed.xml) after a build,
in the newsroom's theme, listing only what the output folder publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from presskit.errors import ValidationFailed
from presskit.publish.inputs import load_newsroom
from presskit.publish.newsroom import render_feed, render_index
from presskit.publish.outcome import BuildOptions, ReleaseOutcome
from presskit.publish.ownership import OutputFolder
from presskit.publish.writer import (
    mark_output,
    write_atomic,
)
from presskit.source.places import NEWSROOM_FILES
from presskit.themes.theme import cached_theme

# A preview keeps the record (and so the files) of a release that failed this time:
# the last good build stays in place until the release builds again.


# ---------------------------------------------------------------------------
# The newsroom page and feed


def write_newsroom(folder: Path, outcomes: list[ReleaseOutcome], options: BuildOptions) -> dict[str, Any]:
    """OUT/index.html and OUT/feed.xml for the releases built (or up to date) in this run."""
    listings = [o.listing for o in outcomes if o.status in ("built", "skipped") and o.listing]
    title, locale, theme_name, url, base_url = "Newsroom", "en-GB", None, None, None
    newsroom_file = next((folder / n for n in NEWSROOM_FILES if (folder / n).is_file()), None)
    if newsroom_file is not None:
        try:
            newsroom = load_newsroom(newsroom_file.resolve())
            title, url = newsroom.organisation.name, newsroom.organisation.url
            locale = newsroom.default_locale or locale
            theme_name = newsroom.default_theme
            base_url = newsroom.base_url
        except ValidationFailed:
            pass  # every release reports the newsroom's problems
    try:
        theme = cached_theme(options.theme or theme_name or "default")
    except ValidationFailed:
        theme = cached_theme("default")
    index = render_index(
        listings,
        now=options.now,
        public=options.public,
        title=title,
        theme=theme,
        page_locale=locale,
        base_url=base_url,
    )
    feed = render_feed(
        listings, now=options.now, title=title, author=title, author_url=url, base_url=base_url
    )
    mark_output(OutputFolder.of(options.out_dir))
    for name, data in (("index.html", index), ("feed.xml", feed)):
        target = options.out_dir / name
        if not (target.is_file() and target.read_bytes() == data):
            write_atomic(target, data)
    public = [item.slug for item in listings if not item.under_embargo(options.now)]
    listed = sorted(item.slug for item in listings)
    return {
        "index": "index.html",
        "feed": "feed.xml",
        "releases": len(listings),
        "in_feed": public,
        "listed": listed,
    }
