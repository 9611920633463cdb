"""The writer's staging folder, shared by builds running side by side."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from presskit.errors import OutputError
from presskit.publish.ownership import MARKER, OutputFolder, remove_owned
from presskit.publish.writer import STAGING, leftovers, staging_folder, swap_in, write_atomic


def test_a_staging_folder_removed_while_it_is_read_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / STAGING).mkdir()

    def vanished(self: Path, pattern: str) -> Any:
        raise FileNotFoundError(str(self))

    monkeypatch.setattr(Path, "glob", vanished)
    folder = staging_folder(OutputFolder.of(tmp_path), "one")
    assert folder.is_dir() and folder.parent == tmp_path / STAGING


def test_making_the_folder_is_tried_again_when_its_parent_vanishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.mkdir
    failures = [FileNotFoundError("gone")]

    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        if failures:
            raise failures.pop()
        real(self, *args, **kwargs)

    (tmp_path / MARKER).write_text("presskit's")  # the folder is already marked as presskit's
    monkeypatch.setattr(Path, "mkdir", mkdir)
    assert staging_folder(OutputFolder.of(tmp_path), "one").is_dir()


def test_a_folder_that_never_stays_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise FileNotFoundError("gone")

    (tmp_path / MARKER).write_text("presskit's")
    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(OutputError, match="keeps disappearing"):
        staging_folder(OutputFolder.of(tmp_path), "one")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks")
def test_builds_side_by_side_never_trip_over_the_shared_staging_folder(tmp_path: Path) -> None:
    """Two processes stage and swap in releases as fast as they can: each removes the shared
    staging folder whenever it finds it empty, which once failed the other's next release."""
    children = []
    for worker in range(3):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child ends in os._exit
            code = 0
            try:
                owner = OutputFolder.of(tmp_path)
                for round_ in range(1000):
                    folder = staging_folder(owner, f"release-{worker}")
                    write_atomic(folder / "page.txt", str(round_).encode())
                    write_atomic(folder / "manifest.json", b'{"generator": "presskit test"}')
                    swap_in(folder, tmp_path / f"release-{worker}", owner)
            except BaseException:  # noqa: BLE001 - reported through the exit code, and on stderr
                import traceback

                os.write(2, traceback.format_exc().encode("utf-8", "replace"))
                code = 1
            os._exit(code)
        children.append(pid)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert codes == [0, 0, 0]
    assert {p.name for p in tmp_path.iterdir()} == {".presskit", "release-0", "release-1", "release-2"}


def test_a_staging_folder_being_made_is_not_a_leftover_for_a_build_beside_it(tmp_path: Path) -> None:
    """A build makes its folder under a hidden name and names it only once locked: a build beside
    it never sees it unlocked (it once removed such a folder under the other's feet)."""
    owner = OutputFolder.of(tmp_path)
    base = tmp_path / STAGING
    being_made = base / ".release.7.a1b2c3"
    killed = base / "release.7.d4e5f6"  # unlocked under its own name: a killed build's
    being_made.mkdir(parents=True)
    killed.mkdir()
    assert leftovers(owner, alone=False) == [killed]
    assert sorted(leftovers(owner, alone=True)) == sorted([being_made, killed])  # no other build runs
    made = staging_folder(owner, "release")
    assert not made.name.startswith(".") and made.is_dir()
    assert made not in leftovers(owner, alone=True), "held by this build"


def test_a_file_in_the_staging_folders_place_is_removed_but_never_a_folder_made_there_since(
    tmp_path: Path,
) -> None:
    owner = OutputFolder.of(tmp_path)
    (tmp_path / MARKER).write_text("presskit output\n")
    base = tmp_path / STAGING
    (base / "release.1.abc").mkdir(parents=True)
    assert remove_owned(base, owner, keep_folder=True) is False
    assert (base / "release.1.abc").is_dir()
    base.joinpath("release.1.abc").rmdir()
    base.rmdir()
    base.write_text("in the way")
    assert remove_owned(base, owner, keep_folder=True) is True
    assert not base.exists()
