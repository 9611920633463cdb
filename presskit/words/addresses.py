"""Where a file of the release folder is, as an edition's documents link it.

An edition's documents are in `<slug>/<locale>/` of the output folder and the release's own
files (its `<slug>.ics`, `assets/`) one folder up, in `<slug>/`. Under the newsroom's
`base_url` a link is absolute (a document sent on, or read in a feed, still reaches the file);
without it, relative to the document's own folder. Every format links the same address, so a
word-for-word comparison of the formats sees the same line.
"""

from __future__ import annotations

from urllib.parse import quote as url_quote

from presskit import model as m


def release_file_address(release: m.Release, name: str) -> str:
    """`name` (a path inside the release folder, e.g. `gta-2025.ics`) as an edition links it:
    `<base_url>gta-2025/gta-2025.ics` under base_url, else `../gta-2025.ics`."""
    path = url_quote(name, safe="/")
    if release.base_url is None:
        return f"../{path}"
    return f"{release.base_url}{url_quote(release.slug)}/{path}"


def calendar_address(release: m.Release) -> str | None:
    """The address of the release's iCalendar file (its events), None when it has none."""
    name = release.calendar_name
    return release_file_address(release, name) if name else None
