"""Wall time, CPU time and peak memory of whole presskit processes; medians of several runs.

    make bench                                  # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --quick  # one run each, a smaller newsroom (a few minutes)

Prints Markdown tables. Nothing here is a test: speed is measured, never asserted.

1. One release (the example), whole processes.
2. The same content made by the tools a press office would use instead: pandoc (Markdown to
   DOCX and to HTML) and WeasyPrint (HTML to PDF). pandoc comes from Debian (`apt-get install
   pandoc`, done here when missing and allowed); WeasyPrint is installed into its own virtual
   environment, benchmarks/.venv-peers, never into the project's.
3. A generated newsroom (benchmarks/newsroom.py): 200 releases x 3 locales (en-GB, fr, ar),
   i.e. 2,400 documents, built with -l all. Built with --jobs 1 and --jobs 2, rebuilt with
   nothing changed, and with one release changed.
4. Memory as the newsroom grows (50, 200, 800 releases).

"Peak memory" is the largest resident set of any one process of the run (presskit or one of
its workers), as the kernel reports it for the process tree. Generated newsrooms are kept in
benchmarks/results/ (git-ignored) and reused. presskit runs with bytecode caching on (as an
installed package does), whatever PYTHONDONTWRITEBYTECODE says here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "releases" / "gta-2025"
RESULTS = HERE / "results"
PEERS = HERE / ".venv-peers"
NOW = "2025-12-10T18:00:00+00:00"
# Without PYTHONDONTWRITEBYTECODE: every run would compile presskit's modules afresh.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# Renditions are cached outside the output folder: the benchmark keeps its own cache, emptied
# with the output folder for the "empty output folder" rows, so those still make every rendition.
RENDITIONS = RESULTS / "rendition-cache"
ENVIRONMENT["PRESSKIT_CACHE_DIR"] = str(RENDITIONS)


def empty_folder(out: Path) -> None:
    """A first build: no output folder, and no renditions cached anywhere."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(RENDITIONS, ignore_errors=True)


sys.path.insert(0, str(HERE))
from newsroom import generate  # noqa: E402  (the benchmark's own module, beside this file)


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds of user + system time, the process and its reaped children
    peak_mib: float  # largest resident set of any one process in the tree


@dataclass(frozen=True)
class Result:
    wall: float
    cpu: float
    peak_mib: float
    runs: int


def presskit() -> list[str]:
    script = Path(sys.executable).parent / "presskit"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from presskit.cli import main; main()"]


def run_once(command: list[str], cwd: Path) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{errors.decode(errors='replace')[-2000:]}")
    # Linux reports ru_maxrss in KiB: the largest of the process and its waited-for descendants.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(
    command: list[str],
    runs: int,
    cwd: Path,
    before: Callable[[int], None] | None = None,
    warm: bool = True,
) -> Result:
    """Medians over `runs` (after one unmeasured warm-up run); `before(i)` runs untimed before each."""
    if warm:
        if before:
            before(-1)
        run_once(command, cwd)
    samples = []
    for i in range(runs):
        if before:
            before(i)
        samples.append(run_once(command, cwd))
    return Result(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.peak_mib for s in samples),
        runs,
    )


def row(label: str, result: Result, note: str = "") -> str:
    return f"| {label} | {result.wall:.2f} | {result.cpu:.2f} | {result.peak_mib:.0f} | {note} |"


HEADER = "| case | wall (s) | CPU (s) | peak memory (MiB) | note |\n| --- | ---: | ---: | ---: | --- |"


# ---------------------------------------------------------------------------
# 1. One release


def built_formats() -> tuple[str, ...]:
    """Every format a build makes by default, as the command line lists them."""
    from presskit.publish.outcome import DEFAULT_FORMATS

    return tuple(DEFAULT_FORMATS)


def single_release(exe: list[str], runs: int, work: Path) -> tuple[list[str], Result]:
    out = work / "single"
    cases: list[tuple[str, list[str], Callable[[int], None] | None, str]] = [
        ("presskit --help", [*exe, "--help"], None, ""),
        ("presskit check (example)", [*exe, "check", str(EXAMPLE), "--now", NOW], None, ""),
    ]
    one_locale = ["-l", "en-GB"]  # the issues' "one release, one locale"; the example also has fr and ar
    names = built_formats()
    for formats in names:
        command = [*exe, "build", str(EXAMPLE), "-o", str(out), "-f", formats, "-q", "--force", "--now", NOW]
        cases.append((f"build {formats}", [*command, *one_locale], None, "--force; en-GB"))
    every = f"all {len(names)} formats"
    four = [*exe, "build", str(EXAMPLE), "-o", str(out), "-q", "--force", "--now", NOW]
    cases.append(
        (
            f"**build {every}**",
            [*four, *one_locale],
            None,
            "--force; en-GB; renditions cached; default --jobs (shared with a helper process by cost)",
        )
    )
    old = [*four, "-f", "html,docx,pdf,txt"]
    cases.append(("build the first four formats", [*old, *one_locale], None, "html, docx, pdf, txt; en-GB"))
    cases.append((f"build {every}, --jobs 1", [*four, *one_locale, "--jobs", "1"], None, "one process"))
    cases.append(
        (
            f"build {every}, three locales",
            four,
            None,
            f"--force; en-GB, fr, ar ({3 * len(names)} documents)",
        )
    )

    def empty(_: int) -> None:
        empty_folder(out)

    cold = [*exe, "build", str(EXAMPLE), "-o", str(out), "-q", "--now", NOW]
    cases.append((f"build {every}, empty output folder", cold, empty, "renditions made"))
    cases.append(
        (
            f"build {every}, nothing changed",
            [*exe, "build", str(EXAMPLE), "-o", str(out), "-q", "--now", NOW],
            None,
            "skipped",
        )
    )
    cases.append(
        (
            f"pack ({every}, zipped)",
            [*exe, "pack", str(EXAMPLE), "--dist", str(out), "-q", "--now", NOW],
            None,
            "",
        )
    )
    lines = []
    all_formats: Result | None = None
    for label, command, before, note in cases:
        result = measure(command, runs, work, before)
        if label == f"**build {every}**":
            all_formats = result
        lines.append(row(label, result, note))
    assert all_formats is not None
    return lines, all_formats


# ---------------------------------------------------------------------------
# 2. The peers: pandoc and WeasyPrint


def ensure_peers() -> tuple[str | None, str | None, str]:
    """Paths of pandoc and of the peers' Python (with WeasyPrint), installing them when possible."""
    notes = []
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
        if sudo is not None:
            print("installing pandoc (apt-get)…", file=sys.stderr)
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False, env=env)
            subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "pandoc"], check=False, env=env)
            pandoc = shutil.which("pandoc")
        if pandoc is None:
            notes.append("pandoc missing (apt-get install pandoc)")
    python = PEERS / "bin" / "python"
    probe = [str(python), "-c", "import weasyprint"]
    if not python.exists() or subprocess.run(probe, capture_output=True, check=False).returncode:
        print("installing WeasyPrint into benchmarks/.venv-peers…", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=False)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "weasyprint"], check=False)
    if not python.exists() or subprocess.run(probe, capture_output=True, check=False).returncode:
        notes.append("WeasyPrint could not be installed")
        return pandoc, None, "; ".join(notes)
    return pandoc, str(python), "; ".join(notes)


def release_markdown(folder: Path) -> str:
    """The example release as one Markdown document with the same words (what pandoc is given)."""
    from presskit.publish.inputs import load_release
    from presskit.words import issuing, wording

    release = load_release(EXAMPLE)
    raw = (EXAMPLE / "release.yaml").read_text(encoding="utf-8")
    body = raw.split("\nbody: |\n", 1)[1].split("\nquotes:\n", 1)[0]
    body = "\n".join(line[2:] for line in body.splitlines())
    for key, stat in release.statistics.items():
        value = wording.format_statistic(stat, release.locale)
        body = body.replace(f"{{stat:{key}}}", f"**{value}**[^{stat.source.number}]")
    for key, quote in release.quotes.items():
        text = wording.plain_inlines(quote.text, release, release.locale)
        body = body.replace(
            f"{{quote:{key}}}", f"> {text}\n>\n> — {wording.attribution(quote.speaker, release.locale)}"
        )
    highlights = "\n".join(
        f"- {wording.plain_inlines(h, release, release.locale)}" for h in release.highlights
    )
    sources = "\n".join(f"[^{s.number}]: {wording.source_text(s)} {s.url or ''}" for s in release.sources)
    contacts = "\n".join(
        f"**{c.name}**  \n" + "  \n".join(line.text for line in wording.contact_lines(c, release.locale))
        for c in release.contacts
    )
    shutil.copy(EXAMPLE / "assets" / "gta-2025-cover.png", folder / "cover.png")
    shutil.copy(ROOT / "releases" / "assets" / "weprotect-logo.png", folder / "logo.png")
    return (
        f'---\ntitle: "{release.headline}"\nlang: {release.locale}\n---\n\n'
        f"**{issuing.release_line(release, release.locale)}**\n\n![Logo](logo.png)\n\n"
        f"{wording.plain_inlines(release.standfirst, release, release.locale)}\n\n{highlights}\n\n"
        f"**{wording.dateline(release, release.locale)}** {body}\n\n{release.end_mark or '-Ends-'}\n\n"
        f"## Media contacts\n\n{contacts}\n\n![{release.assets[0].caption}](cover.png)\n\n{sources}\n"
    )


def peers(runs: int, work: Path, presskit_all: Result) -> list[str]:
    pandoc, python, notes = ensure_peers()
    folder = work / "peers"
    folder.mkdir()
    (folder / "release.md").write_text(release_markdown(folder), encoding="utf-8")
    lines = []
    total_wall = total_cpu = 0.0
    complete = True
    if pandoc:
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        docx = measure([pandoc, "release.md", "-o", "release.docx"], runs, folder)
        html = measure([pandoc, "release.md", "-s", "-o", "release.html"], runs, folder)
        lines += [row(f"{version}: Markdown → DOCX", docx), row(f"{version}: Markdown → HTML", html)]
        total_wall += docx.wall + html.wall
        total_cpu += docx.cpu + html.cpu
    else:
        complete = False
    if python and pandoc:
        pdf = measure([python, "-m", "weasyprint", "release.html", "release.pdf"], runs, folder)
        wp = subprocess.run(
            [python, "-c", "import weasyprint; print(weasyprint.__version__)"], capture_output=True, text=True
        )
        lines.append(row(f"WeasyPrint {wp.stdout.strip()}: HTML → PDF", pdf))
        total_wall += pdf.wall
        total_cpu += pdf.cpu
    else:
        complete = False
    if complete:
        lines.append(f"| **peers together (3 processes)** | {total_wall:.2f} | {total_cpu:.2f} | | |")
        lines.append(row(f"**presskit, all {len(built_formats())} formats (1 command)**", presskit_all))
        lines.append(
            f"| **presskit speed-up** | {total_wall / presskit_all.wall:.2f}× | "
            f"{total_cpu / presskit_all.cpu:.2f}× | | wall and CPU ratios |"
        )
    if notes:
        lines.append(f"| peers incomplete | | | | {notes} |")
    return lines


# ---------------------------------------------------------------------------
# 3. A newsroom


def newsroom_rows(exe: list[str], runs: int, work: Path, count: int, single: Result) -> list[str]:
    newsroom = generate(RESULTS / f"newsroom-{count}", count)
    out = work / "newsroom"

    def build(*extra: str) -> list[str]:
        return [*exe, "build", str(newsroom), "-o", str(out), "-l", "all", "-q", "--now", NOW, *extra]

    def empty(_: int) -> None:
        empty_folder(out)

    lines = []
    # The machine's speed drifts by a tenth between runs: the first build is timed as often as the rest.
    cold = measure(build("--jobs", "2"), runs, work, empty, warm=False)
    lines.append(row(f"**{count} releases, --jobs 2, empty output folder**", cold, "renditions made"))
    two = measure(build("--jobs", "2", "--force"), runs, work, warm=False)
    lines.append(row(f"**{count} releases, --jobs 2**", two, "--force; renditions cached"))
    one = measure(build("--jobs", "1", "--force"), runs, work, warm=False)
    lines.append(row(f"{count} releases, --jobs 1", one, "--force; renditions cached"))
    lines.append(f"| **--jobs 2 speed-up over --jobs 1** | {one.wall / two.wall:.2f}× | | | |")
    same = measure(build("--jobs", "2"), runs, work, warm=False)
    lines.append(row("**rebuild, nothing changed**", same, "every release skipped"))
    target = newsroom / "release-0007" / "release.yaml"
    original = target.read_text(encoding="utf-8")

    def change(i: int) -> None:
        # A corrected figure: statistics' values are not translated, so the translations stay current.
        changed = re.sub(r"(?m)^(    value: )1325$", rf"\g<1>{1326 + i % 2}", original, count=1)
        assert changed != original, "the generated release states the example's 1,325% rise"
        target.write_text(changed, encoding="utf-8")

    try:
        changed = measure(build("--jobs", "2"), runs, work, change, warm=False)
    finally:
        target.write_text(original, encoding="utf-8")
    lines.append(
        row(
            "**rebuild, one release changed**",
            changed,
            f"{changed.wall - single.wall:+.2f} s over building that release alone",
        )
    )
    return lines


def scaling_rows(exe: list[str], work: Path, sizes: list[int]) -> list[str]:
    lines = []
    for count in sizes:
        newsroom = generate(RESULTS / f"newsroom-{count}", count)
        out = work / f"scale-{count}"
        command = [*exe, "build", str(newsroom), "-o", str(out), "-q", "--jobs", "2", "--now", NOW]
        empty_folder(out)
        result = measure(command, 1, work, warm=False)
        per = result.wall / count * 1000
        lines.append(
            row(f"{count} releases, --jobs 2, empty output folder", result, f"{per:.0f} ms per release")
        )
        empty_folder(out)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per case (newsroom cases: at most 3)")
    parser.add_argument("--quick", action="store_true", help="one run each; 50 releases; sizes 25, 50, 100")
    parser.add_argument("--releases", type=int, default=200, help="releases in the newsroom (default 200)")
    parser.add_argument("--sizes", default="50,200,800", help="newsroom sizes for the memory table")
    parser.add_argument("--no-peers", action="store_true", help="skip pandoc and WeasyPrint")
    parser.add_argument("--only", choices=("single", "peers", "newsroom", "scaling"), action="append")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    count = 50 if args.quick else args.releases
    sizes = [25, 50, 100] if args.quick else [int(s) for s in args.sizes.split(",")]
    only = set(args.only or ("single", "peers", "newsroom", "scaling"))
    RESULTS.mkdir(exist_ok=True)
    exe = presskit()
    work = Path(tempfile.mkdtemp(prefix="presskit-bench-"))
    load = os.getloadavg()[0]
    print(
        f"{runs} run(s) per case, medians; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
        f"load average at start {load:.2f}\n"
    )
    try:
        print("### One release (the example), whole process\n\n" + HEADER)
        lines, all_formats = single_release(exe, runs, work)
        if "single" in only:
            print("\n".join(lines))
        if "peers" in only and not args.no_peers:
            print("\n### The same release by the peers\n\n" + HEADER)
            print("\n".join(peers(runs, work, all_formats)))
        if "newsroom" in only:
            print(f"\n### A newsroom of {count} releases × 3 locales ({count * 12} documents)\n\n" + HEADER)
            print("\n".join(newsroom_rows(exe, min(runs, 3), work, count, all_formats)))
        if "scaling" in only:
            print("\n### Memory as the newsroom grows\n\n" + HEADER)
            print("\n".join(scaling_rows(exe, work, sizes)))
        print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
