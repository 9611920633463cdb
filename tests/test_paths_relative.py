"""Paths in presskit.yaml and in a release (theme, logo, assets) are taken relative to the file
that names them, never to the working directory: a newsroom checks and builds the same from
anywhere (each run here is a subprocess started in an unrelated folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx

from tests.conftest import ROOT
from tests.newsroom_factory import Spec, make_newsroom

NOW = "2026-03-03T00:00:00+00:00"


def presskit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "from presskit.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def newsroom(root: Path) -> Path:
    """A newsroom whose presskit.yaml names a theme folder and a logo by relative paths, and whose
    release names its own theme folder (one level up) and its asset by relative paths."""
    make_newsroom(root, [Spec("rel", "2025-12-11"), Spec("own", "2025-12-12")])
    (root / "brand").mkdir()
    (root / "brand" / "theme.yaml").write_text(
        "name: brand\nextends: default\ncolours: {primary: '#123456'}\n", encoding="utf-8"
    )
    (root / "brand" / "release.txt.j2").write_text("BRAND {{ headline }}\n", encoding="utf-8")
    (root / "themes" / "own").mkdir(parents=True)
    (root / "themes" / "own" / "theme.yaml").write_text("name: own\nextends: ../../brand\n", encoding="utf-8")
    (root / "themes" / "own" / "release.txt.j2").write_text("OWN {{ headline }}\n", encoding="utf-8")
    newsroom_file = root / "presskit.yaml"
    text = newsroom_file.read_text(encoding="utf-8").replace("theme: default", "theme: brand")
    newsroom_file.write_text(text, encoding="utf-8")
    assert "logo: assets/" in text  # the newsroom's logo, relative to presskit.yaml
    release = root / "own" / "release.yaml"
    release.write_text("theme: ../themes/own\n" + release.read_text(encoding="utf-8"), encoding="utf-8")
    assert "file: assets/" in release.read_text(encoding="utf-8")
    return root


def test_check_from_another_folder(tmp_path: Path) -> None:
    root = newsroom(tmp_path / "news")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = presskit(elsewhere, "check", str(root), "--now", NOW)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "2 releases: 2 ok, 0 with errors, 0 warnings"


def test_build_from_another_folder_uses_the_named_theme_logo_and_assets(tmp_path: Path) -> None:
    root = newsroom(tmp_path / "news")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = presskit(elsewhere, "build", str(root), "-o", "out", "-f", "txt,docx", "-l", "en-GB", "--now", NOW)
    assert done.returncode == 0, done.stderr
    out = elsewhere / "out"
    assert (out / "rel" / "en-GB" / "rel.txt").read_text(encoding="utf-8").startswith("BRAND ")
    assert (out / "own" / "en-GB" / "own.txt").read_text(encoding="utf-8").startswith("OWN ")
    assert (out / "rel" / "assets" / "gta-2025-cover.png").is_file()
    document = docx.Document(str(out / "rel" / "en-GB" / "rel.docx"))
    assert document.inline_shapes, "the newsroom's logo is in the Word document"


def test_a_relative_path_given_on_the_command_line_is_the_working_folders(tmp_path: Path) -> None:
    """Only what the command line names is relative to where the command runs."""
    root = newsroom(tmp_path / "news")
    done = presskit(root / "own", "check", ".", "--theme", "../brand", "--now", NOW)
    assert done.returncode == 0, done.stderr
    done = presskit(tmp_path, "check", "news/own", "--theme", "../brand", "--now", NOW)
    assert done.returncode == 1
    assert 'no theme "../brand"' in done.stderr
