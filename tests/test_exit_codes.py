"""Every exit code in the README's table, provoked by a real run of presskit in its own process,
and the same code again on a rerun (nothing a failed run leaves behind changes the answer)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from presskit.errors import ExitCode
from tests.conftest import ROOT
from tests.newsroom_factory import THREE, make_newsroom

BEFORE_CHARLIE = "2025-12-05T12:00:00+00:00"  # charlie's embargo (11 December) has not lifted
RUN = "from presskit.cli import main; main()"


def presskit(
    cwd: Path, *args: str, env: dict[str, str] | None = None, code: str = RUN
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def twice(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The exit code of two runs in a row, which must agree, and the first run's stderr."""
    first = presskit(cwd, *args, env=env)
    second = presskit(cwd, *args, env=env)
    assert first.returncode == second.returncode, (first.stderr, second.stderr)
    assert "Traceback" not in first.stderr + second.stderr
    return first.returncode, first.stderr


@pytest.fixture
def news(tmp_path: Path) -> Path:
    return make_newsroom(tmp_path / "news", THREE)


def documented_codes() -> dict[int, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Exit codes") :].split("\n\n")[1]
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d+) \| `(\w+)` \|", table, re.M)}


def test_the_readme_documents_every_exit_code() -> None:
    assert documented_codes() == {int(code): code.name for code in ExitCode}


def test_0_a_clean_check_and_build(news: Path, tmp_path: Path) -> None:
    assert twice(tmp_path, "check", str(news / "alpha"), "--now", BEFORE_CHARLIE)[0] == ExitCode.OK
    out = tmp_path / "out"
    code, _ = twice(
        tmp_path, "build", str(news / "alpha"), "-o", str(out), "-f", "txt", "--now", BEFORE_CHARLIE
    )
    assert code == ExitCode.OK and (out / "alpha" / "en-GB" / "alpha.txt").is_file()


def test_1_invalid_input(news: Path, tmp_path: Path) -> None:
    release = news / "alpha" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("headline:", "headlin:"), encoding="utf-8")
    assert twice(tmp_path, "check", str(news), "--now", BEFORE_CHARLIE)[0] == ExitCode.INPUT_ERROR
    code, _ = twice(tmp_path, "build", str(news), "-o", "out", "-f", "txt", "--now", BEFORE_CHARLIE)
    assert code == ExitCode.INPUT_ERROR


def test_1_a_path_that_does_not_exist(tmp_path: Path) -> None:
    for command in (["check"], ["build", "-o", "out"], ["pack"]):
        code, stderr = twice(tmp_path, *command, "missing")
        assert code == ExitCode.INPUT_ERROR
        assert stderr.strip() == "missing: no such file or folder"
    assert not (tmp_path / "out").exists()


def test_1_warnings_as_errors(news: Path, tmp_path: Path) -> None:
    """bravo's embargo has lifted by then: a warning, which --warnings-as-errors makes a failure."""
    args = ("check", str(news / "bravo"), "--now", BEFORE_CHARLIE)
    assert twice(tmp_path, *args)[0] == ExitCode.OK
    code, stderr = twice(tmp_path, *args, "--warnings-as-errors")
    assert code == ExitCode.INPUT_ERROR and "has already lifted" in stderr
    build = ("build", str(news / "bravo"), "-o", "out", "-f", "txt", "--now", BEFORE_CHARLIE)
    assert twice(tmp_path, *build)[0] == ExitCode.OK
    code, stderr = twice(tmp_path, *build, "--warnings-as-errors", "-q")
    assert code == ExitCode.INPUT_ERROR
    assert stderr.splitlines() == ["1 skipped → out/; 1 warning"]  # -q: the warning counted, not shown


def test_2_usage_errors(news: Path, tmp_path: Path) -> None:
    assert twice(tmp_path, "build", str(news), "--no-such-option")[0] == ExitCode.USAGE_ERROR
    code, stderr = twice(tmp_path, "check", str(news), "--now", "soon")
    assert code == ExitCode.USAGE_ERROR and "'soon' is not an ISO 8601 date and time" in stderr


def test_2_a_bad_value_from_the_environment_names_the_variable(news: Path, tmp_path: Path) -> None:
    code, stderr = twice(tmp_path, "check", str(news), env={"PRESSKIT_NOW": "soon"})
    assert code == ExitCode.USAGE_ERROR
    assert "Error: PRESSKIT_NOW='soon': 'soon' is not an ISO 8601 date and time" in stderr
    code, stderr = twice(tmp_path, "build", str(news), env={"PRESSKIT_FORMATS": "html,rtf"})
    assert code == ExitCode.USAGE_ERROR and "PRESSKIT_FORMATS='html,rtf': unknown format rtf" in stderr
    for command in ("check", "build"):
        code, stderr = twice(tmp_path, command, str(news), env={"PRESSKIT_THEME": "nowhere"})
        assert code == ExitCode.USAGE_ERROR, stderr
        assert "PRESSKIT_THEME='nowhere': " in stderr and 'no theme "nowhere"' in stderr, stderr
    code, stderr = twice(tmp_path, "build", str(news), env={"PRESSKIT_JOBS": "many"})
    assert code == ExitCode.USAGE_ERROR and "PRESSKIT_JOBS='many': " in stderr


def test_2_an_output_that_names_a_file(news: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    code, stderr = twice(tmp_path, "build", str(news), "-o", "afile", "-f", "txt")
    assert code == ExitCode.USAGE_ERROR and "'afile' is a file" in stderr
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"
    code, stderr = twice(tmp_path, "pack", str(news), "-o", "pack.tar")
    assert code == ExitCode.USAGE_ERROR and "does not end in .zip" in stderr


def test_2_an_output_folder_in_the_way(news: Path, tmp_path: Path) -> None:
    """A folder holding someone else's files, and a folder inside the newsroom it reads."""
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "notes.txt").write_text("keep", encoding="utf-8")
    code, stderr = twice(tmp_path, "build", str(news), "-o", "theirs", "-f", "txt")
    assert code == ExitCode.USAGE_ERROR and "holds files presskit did not write" in stderr
    assert [p.name for p in (tmp_path / "theirs").iterdir()] == ["notes.txt"]
    code, _ = twice(tmp_path, "build", str(news), "-o", str(news / "alpha"), "-f", "txt")
    assert code == ExitCode.USAGE_ERROR


def test_3_a_public_build_refuses_an_embargoed_release(news: Path, tmp_path: Path) -> None:
    args = ("build", str(news), "-o", "public", "-f", "txt", "--public", "--now", BEFORE_CHARLIE)
    code, stderr = twice(tmp_path, *args)
    assert code == ExitCode.EMBARGO_REFUSED and "refused: charlie: under embargo" in stderr
    assert not (tmp_path / "public" / "charlie").exists()
    code, _ = twice(tmp_path, "pack", str(news / "charlie"), "--public", "--now", BEFORE_CHARLIE)
    assert code == ExitCode.EMBARGO_REFUSED


def test_0_when_the_refusal_is_expected(news: Path, tmp_path: Path) -> None:
    """--allow-embargoed: a scheduler publishing whatever is due; the refusal is still reported."""
    args = ("build", str(news), "-o", "public", "-f", "txt", "--public", "--allow-embargoed")
    code, stderr = twice(tmp_path, *args, "--now", BEFORE_CHARLIE)
    assert code == ExitCode.OK and "refused: charlie: under embargo" in stderr
    assert (tmp_path / "public" / "alpha").is_dir() and not (tmp_path / "public" / "charlie").exists()
    assert not any("charlie" in p.name for p in (tmp_path / "public").rglob("*"))
    code, stderr = twice(
        tmp_path, "pack", str(news / "charlie"), "--public", "--now", BEFORE_CHARLIE, "--allow-embargoed"
    )
    assert code == ExitCode.OK and "refused: charlie" in stderr
    # An invalid release still fails the run: only the refusal is expected.
    (news / "alpha" / "release.yaml").write_text("slug: alpha\n", encoding="utf-8")
    assert twice(tmp_path, *args, "--now", BEFORE_CHARLIE)[0] == ExitCode.INPUT_ERROR


def test_4_an_output_that_cannot_be_written(news: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    code, stderr = twice(tmp_path, "build", str(news / "alpha"), "-o", "afile/out", "-f", "txt")
    assert code == ExitCode.OUTPUT_ERROR and "cannot write" in stderr


def test_70_a_bug_in_presskit(news: Path, tmp_path: Path) -> None:
    """A library function that raises what no input should make it raise (simulated here)."""
    broken = (
        "import presskit.publish.checking as c\n"
        "def bug(*args):\n    raise KeyError('a bug')\n"
        "c.check_releases = bug\n" + RUN
    )
    done = presskit(tmp_path, "check", str(news), code=broken)
    assert done.returncode == ExitCode.INTERNAL_ERROR
    assert done.stderr.strip().startswith("presskit: internal error: KeyError: 'a bug' (this is a bug")
