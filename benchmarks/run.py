"""Wall time and peak memory of whole presskit processes, medians of several runs.

Run with the project's virtual environment:  .venv/bin/python benchmarks/run.py [--runs N]
Prints a Markdown table. Nothing here is a test: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "releases" / "gta-2025"
NOW = "2025-12-10T18:00:00+00:00"


def presskit() -> list[str]:
    script = Path(sys.executable).parent / "presskit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "presskit.cli"]


def measure(command: list[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MiB) of `command` over `runs` runs."""
    times: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(times), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="presskit-bench-"))
    exe = presskit()
    cases: list[tuple[str, list[str]]] = [
        ("presskit --help", [*exe, "--help"]),
        ("presskit check (example)", [*exe, "check", str(EXAMPLE), "--now", NOW]),
    ]
    for formats in ("txt", "html", "docx", "pdf", "html,docx,pdf,txt"):
        label = "all four formats" if "," in formats else formats
        cases.append(
            (
                f"presskit build {label}",
                [*exe, "build", str(EXAMPLE), "-o", str(work / "out"), "-f", formats, "-q", "--now", NOW],
            )
        )
    try:
        print(f"{args.runs} runs each, medians; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}\n")
        print("| command | wall time (ms) | peak memory (MiB) |")
        print("| --- | ---: | ---: |")
        for label, command in cases:
            measure(command, 1, work)  # warm the file cache and byte-code
            seconds, peak = measure(command, args.runs, work)
            print(f"| {label} | {seconds * 1000:.0f} | {peak:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
