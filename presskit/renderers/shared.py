"""Work several formats share, done once per edition in a process.

ninjs carries the text rendering and a page built as the web page is (with plain e-mail
links), and so do the e-mail formats: each calls the renderer that makes it
(`text.render`, `html.page_html`), which keeps what it made for the last few editions.
Renderers are pure functions of the edition, theme and locale, and the model and theme are
frozen, so the same objects give the same result: a kept result is returned for the very
objects it was made from (compared by identity, and held, so no other object can take their
place). Few are kept, so a newsroom's build holds no more than a lone release's.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Concatenate, ParamSpec, TypeVar

from presskit.model import Release
from presskit.themes.theme import Theme

KEPT = 8  # results kept per function: the editions of a release, in every format asking

P = ParamSpec("P")
R = TypeVar("R")


def per_edition(
    function: Callable[Concatenate[Release, Theme, str, P], R],
) -> Callable[Concatenate[Release, Theme, str, P], R]:
    """`function(release, theme, locale, ...)`, made once for the same edition, theme, locale
    and further arguments (which must be hashable), while it is among the last KEPT asked for."""
    kept: OrderedDict[Hashable, tuple[Release, Theme, R]] = OrderedDict()

    @functools.wraps(function)
    def made(release: Release, theme: Theme, locale: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (id(release), id(theme), locale, args, tuple(sorted(kwargs.items())))
        found = kept.get(key)
        if found is not None and found[0] is release and found[1] is theme:
            kept.move_to_end(key)
            return found[2]
        result = function(release, theme, locale, *args, **kwargs)
        kept[key] = (release, theme, result)
        while len(kept) > KEPT:
            kept.popitem(last=False)
        return result

    return made
