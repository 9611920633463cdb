"""Render time of releases at the edge of what validation lets through; seconds per format.

    .venv/bin/python benchmarks/hostile.py                   # every case, every format
    .venv/bin/python benchmarks/hostile.py --case long-word --format html --timeout 60

Each case is a release as long, deep or wide as the limits allow (the body may hold 200,000
characters: presskit/schema.py). Each format is rendered in its own process, the release loaded
first and untimed, so a row shows the renderer's time alone; a render that takes longer than
--timeout is stopped and shown as `> N`. Prints a Markdown table. Nothing here is a test: speed
is measured, never asserted (tests/test_render_limits.py checks that each case renders right).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the presskit of this checkout, whichever one is installed
from presskit import model as m  # noqa: E402
from presskit.source import schema  # noqa: E402

BODY_LIMIT = getattr(schema, "BODY_MAX", 200_000)  # characters: ReleaseIn.body's max_length
MAX_DEPTH = getattr(m, "MAX_BLOCK_DEPTH", 10)  # lists and quotes inside one another
MAX_COLUMNS = getattr(m, "MAX_TABLE_COLUMNS", 50)
FORMATS = ("html", "txt", "docx", "pdf")
NEWSROOM = "organisation:\n  name: Example Org\n"
SENTENCE = "An item long enough to need more than one line at any indent on the page. " * 2


def long_word() -> str:
    """One word as long as the body may be."""
    return "x" * BODY_LIMIT


def long_paragraph() -> str:
    """One paragraph of short words as long as the body may be."""
    return ("word " * (BODY_LIMIT // 5)).strip()


def short_words() -> str:
    """As many words as the body may hold: one letter each."""
    return ("a " * (BODY_LIMIT // 2)).strip()


def long_arabic_paragraph() -> str:
    """The same in Arabic: every line shaped and laid out right to left by presskit itself."""
    return ("كلمة " * (BODY_LIMIT // 5)).strip()


def long_mixed_paragraph() -> str:
    """Arabic with Latin words, numbers and brackets: a new run of glyphs every few words."""
    unit = "كلمة (word) [كلمة 12] «x» "
    return (unit * (BODY_LIMIT // len(unit))).strip()


def long_cjk_word() -> str:
    """Chinese without spaces: a line may break between any two characters."""
    return "中文字" * (BODY_LIMIT // 3)


def nested(kinds: Sequence[str], depth: int = 1) -> list[str]:
    """Markdown lines of containers nested in the order `kinds` names ("quote", "-" or "1."),
    each level's own text long enough to wrap at any indent."""
    if not kinds:
        return []
    kind, inner = kinds[0], nested(kinds[1:], depth + 1)
    text = f"Level {depth}: {SENTENCE}"
    if kind == "quote":
        return [f"> {text}", ">", *(f"> {line}" if line else ">" for line in inner)]
    indent = " " * (len(kind) + 1)
    return [f"{kind} {text}", *(indent + line if line else "" for line in inner)]


def nested_lists() -> str:
    """Numbered and bullet lists in turn, nested as deep as the limits allow."""
    kinds = ["1." if depth % 2 == 0 else "-" for depth in range(MAX_DEPTH)]
    return "Before the lists.\n\n" + "\n".join(nested(kinds))


def nested_quotes() -> str:
    """Block quotes and lists in turn, nested as deep as the limits allow."""
    kinds = ["quote" if depth % 2 == 0 else "-" for depth in range(MAX_DEPTH)]
    return "Before the quotes.\n\n" + "\n".join(nested(kinds))


def wide_table() -> str:
    """A table of as many columns as the limits allow (60: 50 before they were set) and 30
    rows, every seventh cell holding a phrase."""
    columns = MAX_COLUMNS
    header = "| " + " | ".join(f"Column {c + 1}" for c in range(columns)) + " |"
    rule = "|" + "---|" * columns
    rows = [
        "| " + " | ".join(f"{r * columns + c}" if c % 7 else f"row {r} note" for c in range(columns)) + " |"
        for r in range(30)
    ]
    return "A wide table.\n\n" + "\n".join([header, rule, *rows])


def long_table() -> str:
    """A table of as many rows as the body may hold, each as short as a row can be."""
    lines = ["A long table.", "", "|Row|Value|", "|-|-|"]
    size = sum(len(line) + 1 for line in lines)
    row = 0
    while size + len(f"|{row}|x|") + 1 <= BODY_LIMIT:
        lines.append(f"|{row}|x|")
        size += len(lines[-1]) + 1
        row += 1
    return "\n".join(lines)


def tall_cell() -> str:
    """A table whose one row holds a cell many pages tall (a cell is one paragraph in Markdown)."""
    words = ("a long cell " * 12_000).strip()
    return (
        "A tall cell.\n\n| Item | Notes | Value |\n|---|---|--:|\n"
        f"| first | {words} | 1 |\n| second | short | 2 |\n"
    )


CASES: dict[str, Callable[[], str]] = {
    "long-word": long_word,
    "long-paragraph": long_paragraph,
    "short-words": short_words,
    "long-arabic-paragraph": long_arabic_paragraph,
    "long-mixed-paragraph": long_mixed_paragraph,
    "long-cjk-word": long_cjk_word,
    "nested-lists": nested_lists,
    "nested-quotes": nested_quotes,
    "wide-table": wide_table,
    "long-table": long_table,
    "tall-cell": tall_cell,
}
LOCALES = {"long-arabic-paragraph": "ar", "long-mixed-paragraph": "ar", "long-cjk-word": "zh-CN"}


def release_yaml(body: str, locale: str = "en-GB") -> str:
    """A minimal release whose body is `body` (a YAML literal block: the text as is)."""
    indented = "\n".join("  " + line if line else "" for line in body.split("\n"))
    return (
        f"slug: hostile\ndate: 2026-03-02\nlocale: {locale}\ndateline: Plymouth\n"
        f"headline: Hostile input\nbody: |-\n{indented}\n"
    )


def write_release(folder: Path, case: str) -> Path:
    """The case as a release folder inside a newsroom under `folder`; the release folder."""
    body = CASES[case]()
    assert len(body) <= BODY_LIMIT, f"{case}: {len(body)} characters, over the body's limit"
    release = folder / case
    release.mkdir(parents=True, exist_ok=True)
    (folder / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    text = release_yaml(body, LOCALES.get(case, "en-GB"))
    (release / "release.yaml").write_text(text, encoding="utf-8")
    return release


def render_once(release_folder: Path, format_name: str) -> float:
    """Seconds to render the release (loaded first, untimed) as `format_name`."""
    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme

    release = load_release(release_folder)
    theme = load_theme("default")
    start = time.perf_counter()
    render(format_name, release, theme, release.locale)
    return time.perf_counter() - start


def timed(release_folder: Path, format_name: str, timeout: float) -> str:
    """The render's seconds, measured in a fresh process; `> timeout` when it runs too long."""
    command = [sys.executable, __file__, "--child", str(release_folder), format_name]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"failed: {last[:60]}"
    return f"{float(done.stdout.strip()):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="default: every case")
    parser.add_argument("--format", choices=FORMATS, action="append", help="default: every format")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a render is stopped")
    parser.add_argument("--child", nargs=2, metavar=("RELEASE", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(render_once(Path(args.child[0]), args.child[1]))
        return
    formats = args.format or list(FORMATS)
    print(
        f"seconds to render, one process per cell, release loaded first; {os.cpu_count()} CPUs; "
        f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| case | characters | " + " | ".join(formats) + " |")
    print("| --- | ---: |" + " ---: |" * len(formats))
    with tempfile.TemporaryDirectory(prefix="presskit-hostile-") as work:
        for case in args.case or list(CASES):
            folder = write_release(Path(work), case)
            cells = [timed(folder, name, args.timeout) for name in formats]
            print(f"| {case} | {len(CASES[case]()):,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
