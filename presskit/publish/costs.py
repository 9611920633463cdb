"""What each format costs to make, measured, and how a lone release's formats are shared
between the two processes of its build (the parent and the helper, see helper.py).

A format costs a process three things: its set-up (importing its renderer and preparing it
for the theme: compiled templates, registered fonts), what its first document does once
per process on top of that (the PDF decodes and deflates its pictures, which only the
release names), and each document. The helper is forked before the release is loaded, so
its set-up runs while the parent imports the loader and loads the release (`LOAD`): there
it is free, up to that time. The parent pays every set-up of its own formats after loading.

Some formats are made with the work of others: ninjs (and the e-mail formats) carry the
text rendering and a page built as the HTML one is, and the HTML and text renderers share
the theme's templates. Such a format `needs` them; a process making it makes them too, each
once (documents once per edition: presskit.renderers.shared), however many formats need them. `split` chooses the formats the helper makes so that the later of the
two processes finishes first.

The figures are CPU milliseconds on the reference machine (benchmarks/format_costs.py
measures them, the least of fresh processes per format); only their proportions matter. A format added without a
line here is given `UNMEASURED`, about what a templated format costs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cost:
    setup: float  # once per process, before its first document: imports, prepare()
    first: float  # once per process, with its first document (pictures, lazily built tables)
    document: float  # each edition
    needs: tuple[str, ...] = ()  # what it is made with (formats, parts), made once in a process


# A part is work several formats share that is no format itself.
PARTS: dict[str, Cost] = {
    "templates": Cost(setup=15.0, first=0.0, document=0.0),  # Jinja, the sandbox, theme templates
    "page": Cost(setup=11.0, first=10.0, document=0.0, needs=("templates",)),  # the HTML page's code
    # ReportLab, HarfBuzz, the theme's fonts (110: as a helper prepares them, timed in the helper;
    # format_costs.py measures 70 in a process that has loaded the release); first: the faces read
    "reportlab": Cost(setup=110.0, first=35.0, document=0.0),
}
COSTS: dict[str, Cost] = {
    # first: its pictures read (an opaque PNG goes in as it is: renderers/pdf/png.py)
    "pdf": Cost(setup=40.0, first=21.0, document=35.0, needs=("reportlab",)),
    "docx": Cost(setup=41.0, first=11.0, document=20.0),
    "html": Cost(setup=0.0, first=0.0, document=4.0, needs=("page",)),
    "txt": Cost(setup=5.0, first=9.0, document=4.0, needs=("templates",)),
    # the page with plain e-mail links, and the text's own bytes (the same as the txt format's)
    "ninjs": Cost(setup=2.0, first=1.0, document=6.0, needs=("page", "txt")),
    "vcard": Cost(setup=0.5, first=6.0, document=0.4),
    "email": Cost(setup=6.0, first=2.0, document=5.0, needs=("page",)),  # the page, css-inline
    "eml": Cost(setup=14.0, first=3.0, document=13.0, needs=("page", "txt")),  # + the email package
    "factsheet": Cost(setup=5.0, first=10.0, document=15.0, needs=("reportlab",)),
    "factsheet-html": Cost(setup=9.0, first=0.0, document=2.0, needs=("page",)),
    "social": Cost(setup=5.0, first=8.0, document=1.0, needs=("page",)),
}
UNMEASURED = Cost(setup=20.0, first=10.0, document=10.0)
LOAD = 160.0  # from the fork to the parent's request: the loader's imports, loading, translating
FORK = 6.0  # forking the helper, sending it the editions and reading its documents back
COVERAGE = Cost(setup=20.0, first=0.0, document=1.0)  # the fonts' tables: set up already with a PDF
# Formats whose set-up is too short to be worth a second process of their own (a fork, the
# editions pickled both ways): with only these asked for, there is no helper.
CHEAP = 15.0


def cost(name: str) -> Cost:
    return PARTS.get(name) or COSTS.get(name, UNMEASURED)


def closure(formats: Iterable[str]) -> set[str]:
    """The formats and everything they are made with, as a process making them makes it."""
    found: set[str] = set()
    todo = list(formats)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(cost(name).needs)
    return found


def work(formats: Collection[str], editions: int, prepared: Collection[str] = ()) -> float:
    """What making `formats` for `editions` editions costs one process; what `prepared` set up
    is done already. What a format is made with is made all the same, once."""
    total = 0.0
    for name in closure(formats):
        line = cost(name)
        total += (0.0 if name in prepared else cost(name).setup) + line.first + editions * line.document
    return total


def setup_work(formats: Collection[str]) -> float:
    """What preparing `formats` (and what they are made with) costs before a document is asked for."""
    return sum(cost(name).setup for name in closure(formats))


def coverage_work(helper_formats: Collection[str], editions: int) -> float:
    """The font-coverage check, which the helper makes: the fonts come with a PDF."""
    extra = 0.0 if "pdf" in closure(helper_formats) else COVERAGE.setup
    return extra + editions * COVERAGE.document


def finish(helper_formats: Collection[str], formats: Collection[str], editions: int) -> float:
    """When the later of the two processes is done, counted from the fork, if the helper
    makes `helper_formats` (prepared while the parent loads) and the parent the rest."""
    theirs = set(helper_formats)
    mine = [f for f in formats if f not in theirs]
    parent = LOAD + work(mine, editions)
    ready = max(setup_work(theirs), LOAD)
    helper = ready + work(theirs, editions, prepared=closure(theirs)) + coverage_work(theirs, editions)
    return max(parent, helper + FORK)


def split(formats: Sequence[str], editions: int = 1) -> tuple[str, ...]:
    """The formats the helper should make (in `formats`' order), the others being the parent's;
    () when a helper would not make the build finish sooner."""
    asked = list(dict.fromkeys(formats))
    if not asked or all(setup_work([f]) < CHEAP for f in asked):
        return ()
    alone = LOAD + work(asked, editions)
    chosen = improved(asked, lambda helper: finish(helper, asked, editions))
    return chosen if chosen and finish(chosen, asked, editions) < alone else ()


def improved(asked: Sequence[str], finishing: Callable[[tuple[str, ...]], float]) -> tuple[str, ...]:
    """The helper's share with the earliest `finishing`, by local search: from the best single
    format, give or take back one format, or trade one for another, while that finishes sooner
    (the fewer the better on a tie: less to send). Trying every subset is exact but doubles with each format
    (2,047 choices for eleven, 30 ms before the fork); this asks about a hundred (1.5 ms). On the
    measured table its share finishes within 2% of the best for one, three or eight editions
    (tests/test_costs.py compares the two, allowing 6%): less than the figures' own error."""

    def key(chosen: frozenset[str]) -> tuple[float, int]:
        return finishing(tuple(f for f in asked if f in chosen)), len(chosen)

    best = min((frozenset([f]) for f in asked), key=key)
    best_key = key(best)
    while True:
        outside = [f for f in asked if f not in best]
        moves = [best ^ {f} for f in asked] + [(best - {f}) | {g} for f in best for g in outside]
        candidate = min((m for m in moves if m), key=key, default=best)
        candidate_key = key(candidate)
        if candidate_key >= best_key:
            return tuple(f for f in asked if f in best)
        best, best_key = candidate, candidate_key


def reassign(
    formats: Sequence[str], editions: int, prepared: Collection[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """At the request, with the real number of editions: the formats the helper makes and
    the parent's. The helper has set up `prepared`; both have loaded by now."""
    asked = list(dict.fromkeys(formats))
    ready = closure(prepared)

    def finishing(chosen: tuple[str, ...]) -> float:
        mine = [f for f in asked if f not in chosen]
        helper = work(chosen, editions, prepared=ready) + coverage_work(chosen, editions) + FORK
        return max(work(mine, editions), helper) - 1e-9 * len(set(chosen) & ready)  # prepared: on a tie

    theirs = improved(asked, finishing) if asked else ()
    return theirs, tuple(f for f in asked if f not in theirs)


def guessed_editions(locales: Sequence[str] | None, translations: int) -> int:
    """How many editions a build will make, guessed before the release is read: the locales
    named, or with `-l all` the release's own and one per translation file found."""
    if not locales:
        return 1
    if tuple(locales) == ("all",):
        return 1 + translations
    return len(set(locales))
