"""Writing the newsroom page (index.html) and its Atom feed (feed.xml) after a build,
in the newsroom's theme, listing only what the output folder publishes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presskit.errors import ValidationFailed
from presskit.publish.incremental import code_fingerprint, tree_files
from presskit.publish.inputs import load_newsroom
from presskit.publish.newsroom import Listing, render_feed, render_index
from presskit.publish.outcome import BuildOptions, ReleaseOutcome
from presskit.publish.ownership import OutputFolder
from presskit.publish.writer import (
    mark_output,
    write_atomic,
)
from presskit.source.places import NEWSROOM_FILES
from presskit.themes.theme import Theme, cached_theme

# A preview keeps the record (and so the files) of a release that failed this time:
# the last good build stays in place until the release builds again.


# ---------------------------------------------------------------------------
# The newsroom page and feed


def write_newsroom(folder: Path, outcomes: list[ReleaseOutcome], options: BuildOptions) -> dict[str, Any]:
    """OUT/index.html and OUT/feed.xml for the releases built (or up to date) in this run."""
    return write_pages(folder, outcomes, options)[0]


@dataclass(frozen=True)
class PageSetting:
    """What the newsroom's pages are made from, and one hash of it all (page_inputs)."""

    listings: list[Listing]
    theme: Theme
    title: str
    url: str | None
    locale: str
    base_url: str | None
    inputs: str


def page_setting(folder: Path, outcomes: list[ReleaseOutcome], options: BuildOptions) -> PageSetting:
    """The listings of the releases built (or up to date), the newsroom's words and its theme."""
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
    inputs = page_inputs(listings, options, theme, [title, url, locale, base_url])
    return PageSetting(listings, theme, title, url, locale, base_url, inputs)


def write_pages(
    folder: Path,
    outcomes: list[ReleaseOutcome],
    options: BuildOptions,
    recorded: dict[str, Any] | None = None,
    *,
    setting: PageSetting | None = None,
    rendered: tuple[bytes, bytes] | None = None,
) -> tuple[dict[str, Any], str]:
    """The newsroom's pages (write_newsroom), and a hash of what they were made from (`page_inputs`).

    `recorded` is what the last run recorded of the pages (BuildCache.pages): when it was made
    from the same inputs and both files still hold the bytes it recorded, they are left as they
    are instead of being rendered again (record_pages keeps the hash for the next run).
    `setting` and `rendered` are page_setting's and render_pages' answers when the caller has
    them already (a merge renders the pages in another process while it puts releases in place).
    """
    setting = setting or page_setting(folder, outcomes, options)
    mark_output(OutputFolder.of(options.out_dir))
    if not pages_current(recorded, setting, options.out_dir):
        index, feed = rendered or render_pages(setting, options)
        for name, data in (("index.html", index), ("feed.xml", feed)):
            target = options.out_dir / name
            if not (target.is_file() and target.read_bytes() == data):
                write_atomic(target, data)
    listings = setting.listings
    public = [item.slug for item in listings if not item.under_embargo(options.now)]
    listed = sorted(item.slug for item in listings)
    pages = {
        "index": "index.html",
        "feed": "feed.xml",
        "releases": len(listings),
        "in_feed": public,
        "listed": listed,
    }
    return pages, setting.inputs


def render_pages(setting: PageSetting, options: BuildOptions) -> tuple[bytes, bytes]:
    """The newsroom page (index.html) and its feed (feed.xml)."""
    index = render_index(
        setting.listings,
        now=options.now,
        public=options.public,
        title=setting.title,
        theme=setting.theme,
        page_locale=setting.locale,
        base_url=setting.base_url,
    )
    feed = render_feed(
        setting.listings,
        now=options.now,
        title=setting.title,
        author=setting.title,
        author_url=setting.url,
        base_url=setting.base_url,
    )
    return index, feed


def pages_current(recorded: dict[str, Any] | None, setting: PageSetting, out_dir: Path) -> bool:
    """The pages in `out_dir` are those the last run made from this same setting (_pages_current)."""
    return _pages_current(recorded, setting.inputs, out_dir)


PAGES = ("index.html", "feed.xml")


def page_inputs(listings: list[Listing], options: BuildOptions, theme: Theme, newsroom: list[Any]) -> str:
    """One hash of everything the page and feed are made from: each listing and whether it is
    under embargo now (the only way the time shows), public or not, the newsroom's title,
    address, locale and base URL, the theme's settings and files (and the default theme's,
    which stands in for a missing template), and presskit's code and libraries."""
    data = {
        "listings": [[vars(item), item.under_embargo(options.now)] for item in listings],
        "public": options.public,
        "newsroom": newsroom,
        "themes": [_theme_stamp(t) for t in (theme, cached_theme("default"))],
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _theme_stamp(theme: Theme) -> list[Any]:
    files = []
    for folder in theme.folders:
        for path in tree_files(folder):
            stat = path.stat()
            files.append([str(path), stat.st_size, stat.st_mtime_ns])
    return [theme.spec.model_dump(mode="json"), files]


def _pages_current(recorded: dict[str, Any] | None, inputs: str, out_dir: Path) -> bool:
    """The last run made both pages from these same inputs and they still hold its bytes."""
    if recorded is None or recorded.get("inputs") != inputs:
        return False
    files = recorded["files"]
    for name in PAGES:
        target = out_dir / name
        try:
            if target.is_symlink() or hashlib.sha256(target.read_bytes()).hexdigest() != files.get(name):
                return False
        except OSError:
            return False
    return True
