"""One slug, one release: two releases claiming one slug would write one output folder.

Found before anything is built, from each release file's own text however the
slug is written (quoted, escaped, flow style, JSON), so `check` and `build`
refuse the same releases.
"""

from __future__ import annotations

import re
from pathlib import Path

from presskit.errors import Problem
from presskit.source.document import MAX_INPUT_BYTES
from presskit.source.reading import UnreadableFile, read_regular

_SLUG_LINE = re.compile(r"""^slug[ \t]*:[ \t]*(["']?)([a-z0-9][a-z0-9_-]*)\1[ \t]*(?:#.*)?$""", re.MULTILINE)
_ANY_SLUG_KEY = re.compile(r"""^[ \t]*["']?slug["']?[ \t]*:""", re.MULTILINE)


def declared_slug(source: Path) -> tuple[str, int] | None:
    """The slug a release file declares and its line, however it is written (quoted,
    escaped, flow style, JSON); None when the file cannot be read or names none.

    The common `slug: name` line is read directly; anything else is parsed as YAML
    (ruamel, as the loader parses it: a few milliseconds), so an escaped or flow-style slug is
    still the slug the loader will see.
    """
    try:
        text = read_regular(source, MAX_INPUT_BYTES, what="release file").decode("utf-8", errors="replace")
    except UnreadableFile:
        return None
    keys = list(_ANY_SLUG_KEY.finditer(text))
    simple = _SLUG_LINE.search(text) if source.suffix.lower() != ".json" else None
    if simple and len(keys) == 1 and keys[0].start() == simple.start():
        return simple.group(2), text.count("\n", 0, simple.start()) + 1
    line = text.count("\n", 0, keys[0].start()) + 1 if keys else 1
    try:  # JSON too, as the loader reads it (YAML 1.2 takes what json.loads refuses, say a trailing comma)
        from ruamel.yaml import YAML

        data = YAML(typ="rt").load(text)  # the loader's own parser: the slug it will see
    except Exception:  # noqa: BLE001 - any unparsable file: the loader reports it, located
        return None
    slug = data.get("slug") if isinstance(data, dict) else None
    return (slug, line) if isinstance(slug, str) and slug else None


def slug_clashes(sources: list[Path]) -> dict[Path, Problem]:
    """Releases that claim a slug another release also claims: both would write OUT/<slug>/.

    Found before anything is built, since two processes writing one folder would
    mix their files; the loader still validates the slug itself.
    """
    claims: dict[str, list[tuple[Path, int]]] = {}
    for source in sources:
        found = declared_slug(source)
        if found:
            claims.setdefault(found[0], []).append((source, found[1]))
    clashes: dict[Path, Problem] = {}
    for slug, claimants in claims.items():
        for source, line in claimants if len(claimants) > 1 else ():
            others = ", ".join(str(s) for s, _ in claimants if s != source)
            clashes[source] = Problem(
                f'"{slug}" is also the slug of {others}',
                source,
                line,
                1,
                "slug",
                "give each release its own slug (it names the output folder)",
            )
    return clashes
