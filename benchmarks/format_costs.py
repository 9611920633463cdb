"""What each format costs a process, for presskit/publish/costs.py's table: CPU milliseconds,
the smallest of several fresh processes per format (the machine is shared; the least is
the least disturbed).

    .venv/bin/python benchmarks/format_costs.py [--runs 5] [FORMAT ...]

For each format, in a process that has loaded the example release (en-GB) and its theme:
`setup` is importing the renderer and its prepare(); `first` what its first document takes
beyond a later one; `document` a later document (of a copy of the edition, so nothing kept
for the same objects is reused). `load` is what a build does between the helper's fork and
its request: importing the build and the loader, loading and translating the release.
Nothing is asserted: the figures are for reading, and for the table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PROBE = r"""
import dataclasses, datetime as dt, gc, importlib, json, sys, time
from pathlib import Path
gc.disable()
name = sys.argv[1]
clock = time.process_time
from presskit.themes.theme import cached_theme
cached_theme("default")
start = clock()
import presskit.publish.build
from presskit.publish.inputs import checked_editions, load_release_with_warnings, release_theme
from presskit.publish.outcome import BuildOptions
release, _ = load_release_with_warnings(Path("releases/gta-2025"))
theme = release_theme(release, None)
options = BuildOptions(now=dt.datetime.now(dt.UTC), out_dir=Path("unused"), formats=(name,))
edition = checked_editions(release, options, theme).built[0]
loaded = clock()
from presskit.renderers import FORMATS, render
module = importlib.import_module(FORMATS[name].module)
if hasattr(module, "prepare"):
    module.prepare(theme, edition.locale)
prepared = clock()
render(name, edition, theme, edition.locale)
first = clock()
copies = [dataclasses.replace(edition) for _ in range(3)]
later = clock()
for copy in copies:
    render(name, copy, theme, copy.locale)
done = clock()
document = (done - later) / len(copies)
print(json.dumps({"load": loaded - start, "setup": prepared - loaded,
                  "first": first - prepared - document, "document": document}))
"""


def measure(name: str, runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, name], capture_output=True, text=True, check=True, cwd=ROOT
        )
        samples.append(json.loads(done.stdout))
    return {key: min(s[key] for s in samples) * 1000 for key in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("formats", nargs="*", help="formats to measure (default: every one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from presskit.renderers import FORMATS

    names = args.formats or list(FORMATS)
    print("| format | setup (ms) | first, beyond a later one (ms) | document (ms) | load (ms) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in names:
        found = measure(name, args.runs)
        print(
            f"| {name} | {found['setup']:.1f} | {found['first']:.1f} | {found['document']:.1f} | "
            f"{found['load']:.1f} |"
        )


if __name__ == "__main__":
    main()
