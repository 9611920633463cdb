"""The early renderer process of a one-release build: what it guesses, what it renders,
and that a build never depends on it (see presskit/renderers/helper.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from presskit import renderers
from presskit.cli import cli
from presskit.model import Release
from presskit.publish import collector, costs, helper, parallel
from presskit.publish.editions import editions
from presskit.publish.outcome import BuildOptions
from presskit.publish.parallel import render_all, render_checked
from presskit.themes.theme import Theme
from tests.conftest import EXAMPLE, ROOT

NOW = dt.datetime(2025, 12, 10, 18, tzinfo=dt.UTC)
FORMATS = ("html", "docx", "pdf", "txt")
fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper forks only on Linux")


def tasks_of(release: Release, formats: tuple[str, ...] = FORMATS) -> list[Any]:
    built, _ = editions(release, BuildOptions(now=NOW, out_dir=Path("unused"), locales=("all",)))
    return [(edition, name) for edition in built for name in formats]


def reaped(pid: int) -> bool:
    """Whether the process has ended and been waited for (it is no child of ours any more)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture(autouse=True)
def no_helper_left() -> Iterator[None]:
    yield
    started = helper.claim()
    if started is not None:  # a failed test must not leave its helper to the next
        started.stop()
        pytest.fail("a helper was left unclaimed")


# --------------------------------------------------------------------------
# The guess


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_guess_reads_the_release_then_its_newsroom(tmp_path: Path) -> None:
    write(
        tmp_path / "presskit.yaml",
        "organisation:\n  name: X\ndefaults:\n  locale: de\n  theme: brand # ours\n",
    )
    release = write(
        tmp_path / "one" / "release.yaml", 'slug: one\nlocale: "fr"\nbody: |\n  theme: not-this\n'
    )
    assert helper.guess(release, None) == ("brand", "fr")
    assert helper.guess(release, "override") == ("override", "fr"), "--theme wins"
    other = write(tmp_path / "two" / "release.yaml", "slug: two\ntheme: 'own'\n")
    assert helper.guess(other, None) == ("own", "de")


def test_the_guess_reads_files_with_windows_line_ends(tmp_path: Path) -> None:
    write(tmp_path / "presskit.yaml", "defaults:\r\n  theme: brand\r\n  locale: de\r\n")
    release = write(tmp_path / "one" / "release.yaml", "slug: one\r\nlocale: fr\r\n")
    assert helper.guess(release, None) == ("brand", "fr")


def test_the_guess_reads_json_files(tmp_path: Path) -> None:
    write(tmp_path / "presskit.json", json.dumps({"defaults": {"theme": "brand", "locale": "ar"}}))
    release = write(tmp_path / "one" / "release.json", json.dumps({"slug": "one", "locale": "fr"}))
    assert helper.guess(release, None) == ("brand", "fr")


@pytest.mark.parametrize(
    "text",
    ["", "\x00\xff not yaml: [", "- a list\n- not a mapping\n", "  theme: indented\nlocale:\n", "{ nope"],
)
def test_an_odd_release_file_gives_the_defaults(tmp_path: Path, text: str) -> None:
    release = write(tmp_path / "release.yaml", text)
    assert helper.guess(release, None) == ("default", "en-GB")
    assert helper.guess(tmp_path / "missing.yaml", None) == ("default", "en-GB")


def test_the_example_is_guessed_right() -> None:
    assert helper.guess(EXAMPLE / "release.yaml", None) == ("default", "en-GB")


# --------------------------------------------------------------------------
# What it renders


@fork_only
def test_a_helper_renders_the_pdf_with_the_same_bytes(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = tasks_of(example_release)
    alone = render_all(tasks, theme, jobs=1)
    helper.start([EXAMPLE], FORMATS, None)
    started = helper._HELPER
    assert started is not None and "pdf" in started.formats
    given, kept = costs.reassign(FORMATS, 3, started.formats)  # three editions: en-GB, fr, ar
    assert "pdf" in given and kept, "the PDF is the helper's, and the parent makes the rest"
    original = renderers.render

    def here(name: str, release: Release, theme: Theme, locale: str) -> bytes:
        assert name not in given, f"{name} was rendered here, not by the helper"
        return original(name, release, theme, locale)

    monkeypatch.setattr(renderers, "render", here)  # the helper, forked before, keeps the real one
    assert render_checked(tasks, theme, 2)[0] == alone
    assert helper.claim() is None, "a helper serves one build"
    assert reaped(started.pid)


@fork_only
def test_the_helper_checks_font_coverage_and_reports_it_as_the_parent_would(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncovered = dataclasses.replace(example_release, headline="Report \U0001f9ff launched")
    tasks = tasks_of(uncovered, ("pdf", "html"))
    alone = render_checked(tasks, theme, 1, [uncovered])
    assert [p.field for p in alone[1]] == ["headline"]
    helper.start([EXAMPLE], FORMATS, None)

    def not_here(*args: Any) -> list[Any]:
        raise AssertionError("the coverage was checked here, not by the helper")

    monkeypatch.setattr(parallel, "coverage", not_here)
    assert render_checked(tasks, theme, 2, [uncovered]) == alone


@fork_only
def test_a_helper_prepared_for_another_theme_renders_the_one_it_is_sent(
    example_release: Release, theme: Theme
) -> None:
    other = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"page_size": "Letter"}))
    tasks = tasks_of(example_release, ("pdf", "txt"))
    helper.start([EXAMPLE], FORMATS, None)  # prepares the default theme
    assert render_checked(tasks, other, 2)[0] == render_all(tasks, other, jobs=1)


@fork_only
@pytest.mark.parametrize(
    "formats", [("txt", "html"), ("docx", "html", "txt"), ("html", "docx", "pdf", "txt", "ninjs", "vcard")]
)
def test_the_helper_takes_the_share_the_costs_give_it(formats: tuple[str, ...]) -> None:
    helper.start([EXAMPLE], formats, None)
    started = helper.claim()
    assert started is not None and started.formats == costs.split(formats, 1)
    assert set(started.formats) < set(formats), "the parent keeps some of the work"
    started.stop()
    assert reaped(started.pid)


@fork_only
def test_the_helper_prepares_for_the_editions_asked_for(tmp_path: Path) -> None:
    helper.start([EXAMPLE], FORMATS, None, ("all",))  # the example's own locale, fr and ar
    started = helper.claim()
    assert started is not None and started.formats == costs.split(FORMATS, 3)
    started.stop()


@fork_only
def test_a_helper_that_died_leaves_its_documents_to_the_parent(
    example_release: Release, theme: Theme
) -> None:
    tasks = tasks_of(example_release, ("pdf", "txt", "html"))
    helper.start([EXAMPLE], FORMATS, None)
    started = helper._HELPER
    assert started is not None
    os.kill(started.pid, signal.SIGKILL)
    assert render_checked(tasks, theme, 2)[0] == render_all(tasks, theme, jobs=1)
    assert reaped(started.pid)


@fork_only
def test_a_reply_that_is_not_the_documents_is_refused() -> None:
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - a stand-in helper that answers nonsense
        os.write(replies_write, b"not a pickle")
        os._exit(0)
    os.close(requests_read)
    os.close(replies_write)
    fake = helper.RenderHelper(pid, ("pdf",), requests_write, replies_read)
    assert fake.receive(1) is None
    assert reaped(pid)


@fork_only
def test_no_helper_unless_the_paths_name_one_release(tmp_path: Path) -> None:
    write(tmp_path / "presskit.yaml", "organisation:\n  name: X\n")
    for slug in ("one", "two"):
        write(tmp_path / slug / "release.yaml", f"slug: {slug}\n")
    for paths in ([tmp_path], [tmp_path / "one", tmp_path / "two" / "release.yaml"], [tmp_path / "nowhere"]):
        helper.start(paths, FORMATS, None)
        assert helper.claim() is None, paths
    helper.start([tmp_path / "one"], ("docx",), None)
    one = helper.claim()
    assert one is not None and one.formats == ("docx",)
    one.stop()


@fork_only
def test_a_build_that_renders_nothing_stops_its_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real_start = helper.start

    def start(*args: Any) -> None:
        real_start(*args)
        if helper._HELPER is not None:
            started.append(helper._HELPER.pid)

    monkeypatch.setattr(helper, "start", start)
    bad = write(tmp_path / "bad" / "release.yaml", "slug: bad\nheadline: [\n")
    result = CliRunner().invoke(cli, ["build", str(bad.parent), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert len(started) == 1 and reaped(started[0])
    assert helper.claim() is None


# --------------------------------------------------------------------------
# The whole process


def built_documents(out: Path) -> dict[str, str]:
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".cache" not in path.parts and not path.name.startswith(".presskit")
    }


@fork_only
def test_the_command_line_build_gives_the_same_bytes_with_and_without_its_helper(tmp_path: Path) -> None:
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        command = [str(Path(sys.executable).parent / "presskit"), "build", str(EXAMPLE), "-o", str(out)]
        command += ["-l", "all", "--now", "2025-12-10T18:00:00Z", "--jobs", jobs, "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)  # nothing but the parent's JSON on stdout
        assert report["counts"]["built"] == 1
        results.append(built_documents(out))
    # 3 locales x (5 documents, 2 e-mails, 2 fact sheets, 2 contact cards, social.txt), 3 asset files,
    # the logo, index, README and manifest
    assert len(results[0]) == 43
    assert results[0] == results[1]


@fork_only
def test_formats_with_no_costly_set_up_get_no_helper() -> None:
    helper.start([EXAMPLE], ("vcard",), None)
    assert helper.claim() is None
    helper.start([EXAMPLE], ("txt",), None)
    assert helper.claim() is None, "the text alone is made sooner than a helper is started"


@pytest.mark.parametrize("name", sorted(renderers.FORMATS))
def test_every_format_alone_builds_from_the_command_line(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "presskit"), "build", str(EXAMPLE), "-o", str(out)]
    command += ["-f", name, "-l", "en-GB", "--now", "2025-12-10T18:00:00Z", "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    document = out / EXAMPLE.name / "en-GB" / renderers.FORMATS[name].output_name(EXAMPLE.name)
    assert document.stat().st_size > 0


# --------------------------------------------------------------------------
# Garbage collection


@pytest.fixture
def collection_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_collection_stays_off_for_one_release_and_resumes_for_several(collection_restored: None) -> None:
    collector.pause()
    assert not gc.isenabled()
    collector.for_releases(1)
    assert not gc.isenabled(), "one release: its garbage goes with the process"
    collector.for_releases(2)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0, "what start-up made is frozen, not walked again"
