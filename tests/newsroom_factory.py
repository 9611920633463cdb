"""Small newsrooms for build, pack and newsroom tests, made from the example release.

Each release is the example (`releases/gta-2025`) with its own slug, date,
headline and embargo, so every test builds realistic content (quotes,
statistics, an image asset, the newsroom's logo and contacts).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT


@dataclass(frozen=True)
class Spec:
    slug: str
    date: str  # YYYY-MM-DD
    embargo: str | None = None  # an ISO instant with offset, or None for immediate release
    headline: str | None = None


def release_text(spec: Spec) -> str:
    text = (EXAMPLE / "release.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^slug: .*$", f"slug: {spec.slug}", text)
    text = re.sub(r"(?m)^date: .*$", f"date: {spec.date}", text)
    embargo = f"embargo: {spec.embargo}\n" if spec.embargo else ""
    text = re.sub(r"(?m)^embargo:\n(?:  .*\n)+", embargo, text)
    headline = spec.headline or f"Release {spec.slug} of {spec.date}"
    text = re.sub(r"(?m)^headline: >-\n(?:  .*\n)+", f"headline: {headline}\n", text)
    return text


def make_newsroom(root: Path, specs: list[Spec]) -> Path:
    """`root/` as a newsroom folder holding one release folder per spec."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "releases" / "presskit.yaml", root / "presskit.yaml")
    shutil.copytree(ROOT / "releases" / "assets", root / "assets", dirs_exist_ok=True)
    for spec in specs:
        folder = root / spec.slug
        shutil.copytree(EXAMPLE / "assets", folder / "assets", dirs_exist_ok=True)
        (folder / "release.yaml").write_text(release_text(spec), encoding="utf-8")
    return root


THREE = [
    Spec("alpha", "2025-11-02", headline="Alpha <b>&amp; friends</b>"),
    Spec("bravo", "2025-12-01", embargo="2025-12-01T09:00:00+00:00"),
    Spec("charlie", "2025-12-11", embargo="2025-12-11T00:01:00+00:00"),
]
NOW_BETWEEN = "2025-12-05T12:00:00+00:00"  # bravo's embargo has lifted, charlie's has not
