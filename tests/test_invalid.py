"""Every invalid input ends in exact `path:line:col: field: message (hint)` lines and exit 1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.invalid_cases import CASES, Case

NEWSROOM = """\
organisation:
  name: Example Org
contacts:
  press: {name: Press Office, email: press@example.org}
"""


def write_case(root: Path, case: Case) -> Path:
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    folder = root / "rel"
    folder.mkdir()
    data = case.release if isinstance(case.release, bytes) else case.release.encode("utf-8")
    (folder / case.release_name).write_bytes(data)
    for name, content in case.files.items():
        target = (root / name).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_input_is_reported_exactly(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "newsroom"
    root.mkdir()
    folder = write_case(root, case)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "rel", "--now", "2026-01-01T00:00:00+00:00"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    expected = [line.replace("{rel}", str(folder)) for line in case.expected]
    *problems, summary = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert problems == expected
    assert re.fullmatch(r"1 release: 0 ok, 1 with errors, \d+ warnings?", summary), summary


def test_there_are_at_least_25_cases() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 25


def test_build_writes_nothing_for_an_invalid_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "newsroom"
    root.mkdir()
    write_case(root, CASES[0])
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "rel", "-o", "../out"])
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))


def test_a_folder_with_no_release_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "empty"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "empty: no release.yaml or presskit.yaml here (give a release folder, a release file or a newsroom folder)"
    )


def test_a_folder_given_as_the_release_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rel" / "release.yaml").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "rel/release.yaml"])
    assert result.exit_code == 1
    assert "is a folder, expected a YAML or JSON file" in result.stderr
    assert os.linesep.join(result.stderr.splitlines()).count("\n") == 0
