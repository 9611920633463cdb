"""What tagging the PDF costs: the example's PDF rendered tagged and untagged, in one process.

    .venv/bin/python benchmarks/tagging.py              # medians of 25 renders each, en-GB, fr, ar
    .venv/bin/python benchmarks/tagging.py --runs 40 --locales en-GB
    .venv/bin/python benchmarks/tagging.py --profile ar # cProfile of the tagged renders, top 30
    .venv/bin/python benchmarks/tagging.py --collector plain  # Python's default collector

The collector runs as the command line runs it (presskit.publish.collector): `one` (the
default) as for a lone release, automatic collection off; `many` as for a newsroom, the
imported objects frozen and collection on; `plain` Python's default, collection on and every
imported object walked again at each full collection, which no presskit command does.

Every PDF presskit makes is tagged (PDF/UA-1); `presskit.renderers.pdf.render_untagged`
draws the same document without marked content or structure tree, for this comparison only.
Renders alternate tagged and untagged so that a slower moment of a shared machine falls on
both; the first of each (fonts registered, caches filled) is not counted. Times are CPU time.
Prints Markdown: the medians, what tagging costs (the ratio of the medians), and the middle
half of the paired runs' ratios (each tagged render against the untagged one just before it),
which says how noisy the machine was: on a quiet one it spans a few points.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presskit import model as m  # noqa: E402
from presskit.i18n import translate  # noqa: E402
from presskit.i18n.store import canonical_locale, i18n_dir  # noqa: E402
from presskit.publish.inputs import load_release  # noqa: E402
from presskit.renderers import pdf  # noqa: E402
from presskit.themes.theme import Theme, load_theme  # noqa: E402

EXAMPLE = ROOT / "releases" / "gta-2025"
Renderer = Callable[[m.Release, Theme, str], bytes]


def edition(locale: str) -> m.Release:
    release = load_release(EXAMPLE)
    if locale == release.locale:
        return release
    translated, _problems = translate(release, canonical_locale(locale), i18n_dir(release))
    return translated


def timed(render: Renderer, release: m.Release, theme: Theme) -> float:
    start = time.process_time()  # CPU time: on a shared machine, others' work is not counted
    render(release, theme, release.locale)
    return time.process_time() - start


def compare(release: m.Release, theme: Theme, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of `runs` untagged and `runs` tagged renders, interleaved."""
    timed(pdf.render_untagged, release, theme)
    timed(pdf.render, release, theme)
    untagged, tagged = [], []
    for _ in range(runs):
        untagged.append(timed(pdf.render_untagged, release, theme))
        tagged.append(timed(pdf.render, release, theme))
    return untagged, tagged


def row(locale: str, untagged: list[float], tagged: list[float]) -> str:
    """The table's row for `locale`: medians, their ratio, and the middle half of the paired ratios."""
    plain, marked = statistics.median(untagged), statistics.median(tagged)
    paired = [t / u - 1 for u, t in zip(untagged, tagged, strict=True)]
    low, _, high = statistics.quantiles(paired, n=4) if len(paired) > 1 else (paired[0],) * 3
    return (
        f"| {locale} | {plain * 1000:.1f} | {marked * 1000:.1f} | {marked / plain - 1:+.1%} "
        f"| {low:+.1%} … {high:+.1%} |"
    )


def profile(release: m.Release, theme: Theme, runs: int, top: int) -> None:
    pdf.render(release, theme, release.locale)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        pdf.render(release, theme, release.locale)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--locales", nargs="+", default=["en-GB", "fr", "ar"])
    parser.add_argument("--profile", metavar="LOCALE", help="profile the tagged renders of LOCALE instead")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--collector", choices=["one", "many", "plain"], default="one")
    args = parser.parse_args()
    from presskit.publish import collector

    if args.collector == "one":
        collector.pause()
    elif args.collector == "many":
        collector.pause()
        collector.resume()
    theme = load_theme("default")
    if args.profile:
        profile(edition(args.profile), theme, args.runs, args.top)
        return
    print(f"collector: {args.collector}\n")
    print("| locale | untagged (ms) | tagged (ms) | tagging costs | middle half of paired runs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for locale in args.locales:
        print(row(locale, *compare(edition(locale), theme, args.runs)))


if __name__ == "__main__":
    main()
