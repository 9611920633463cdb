"""A build killed at random moments leaves each release folder whole: the old one or the new one.

Twenty trials: the example is rebuilt with `--force` while its headline alternates between two
versions, and the whole process group is killed with SIGKILL after a random delay. Afterwards
every file the manifest lists exists with its sha256, nothing else is in the folder, no file is
truncated, and the text version carries one of the two headlines in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

TRIALS = 20
HEADLINES = ("Version A of the headline", "Version B of the headline")


def check_release_folder(folder: Path) -> str:
    """The folder matches its manifest exactly; returns the headline its text version carries."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert present == set(listed) | {"manifest.json"}, present ^ (set(listed) | {"manifest.json"})
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert len(data) == entry["size"] and hashlib.sha256(data).hexdigest() == entry["sha256"], path
    text = (folder / "en-GB" / "gta-2025.txt").read_text(encoding="utf-8")
    found = [h for h in HEADLINES if h in text]
    assert len(found) == 1, "the text version carries exactly one complete headline"
    return found[0]


def test_a_killed_build_leaves_the_old_or_the_new_release(tmp_path: Path) -> None:
    newsroom = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", newsroom)
    release_file = newsroom / "gta-2025" / "release.yaml"
    original = release_file.read_text(encoding="utf-8")
    headline_line = next(line for line in original.splitlines() if line.startswith("headline:"))
    out = tmp_path / "dist"
    script = Path(sys.executable).parent / "presskit"
    command = [
        str(script),
        "build",
        str(newsroom),
        "-o",
        str(out),
        "--force",
        "-q",
        "--now",
        "2025-12-10T18:00:00Z",
    ]

    def write_version(index: int) -> None:
        body = original.replace(headline_line, f"headline: {HEADLINES[index]}\nX-REMOVE-FOLDED:")
        # the example's headline is folded over two lines; drop its continuation
        lines = body.splitlines()
        at = lines.index("X-REMOVE-FOLDED:")
        while lines[at + 1].startswith("  "):
            del lines[at + 1]
        del lines[at]
        release_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    write_version(0)
    started = time.monotonic()
    subprocess.run(command, check=True)
    duration = time.monotonic() - started  # the kills below land anywhere within a build
    assert check_release_folder(out / "gta-2025") == HEADLINES[0]
    rng = random.Random(20251211)
    outcomes = {"killed": 0, "finished": 0}
    for trial in range(TRIALS):
        write_version((trial + 1) % 2)
        process = subprocess.Popen(command, start_new_session=True)
        time.sleep(rng.uniform(0.02, 0.9 * duration))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        process.wait(timeout=60)
        assert check_release_folder(out / "gta-2025") in HEADLINES
        assert not list(out.glob("gta-2025/**/*.tmp")), "no temporary file inside the release folder"
    assert outcomes["killed"] >= TRIALS // 2, outcomes
