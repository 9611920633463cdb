"""A non-editable install carries the templates and assets and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT


def test_the_wheel_carries_templates_and_works_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("presskit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "presskit/_data/templates/default/theme.yaml" in names
    assert "presskit/_data/templates/default/release.html.j2" in names
    assert "presskit/_data/assets/README.md" in names
    assert {"presskit/words/catalogue/en.po", "presskit/words/catalogue/fr-CA.po"} <= set(names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys, presskit.themes.theme, presskit.cli\n"
        f"assert presskit.themes.theme.load_theme().root.is_relative_to({str(target)!r}), presskit.themes.theme.load_theme().root\n"
        f"sys.argv = ['presskit', 'build', {str(EXAMPLE)!r}, '-o', 'out', '-f', 'html,txt', '--now', '2025-12-10T00:00:00Z']\n"
        "presskit.cli.main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "gta-2025" / "en-GB" / "gta-2025.html").is_file()
