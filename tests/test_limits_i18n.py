"""Translations beyond presskit's limits, and i18n/ folders holding what no reader should open.

Merging refuses a returned file that breaks a limit (one located line per
problem, the store untouched); a build falls back to the source text with a
warning naming the translation file, line and unit; a pipe, a device or an
editor's lock file in i18n/ is a warning, never a hang. Hang-prone cases run
the real CLI in a subprocess under a generous guard.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from presskit import model as m
from presskit.cli import cli
from presskit.i18n.inline import Tag, TargetError, check_target
from presskit.i18n.xliff import MAX_XML_DEPTH, XLIFF12
from tests.conftest import ROOT
from tests.test_i18n import fill_xliff, snapshot

HANG_GUARD = 60  # seconds: only reached if something blocks for ever
NS = {"x": XLIFF12}
RELEASE = "releases/gta-2025"
PRESSKIT = str(Path(sys.executable).parent / "presskit")


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of releases/ in tmp_path, which is also the working folder (paths print as typed)."""
    shutil.copytree(ROOT / "releases", tmp_path / "releases")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    output = result.output + result.stderr
    assert "internal error" not in output and "Traceback" not in output, output
    return result


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [PRESSKIT, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD, env={**os.environ}
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done


def returned_file(root: Path, change: dict[str, str] | None = None) -> Path:
    """A German file as a translator returns it: every unit translated, `change` setting some targets."""
    path = root / "de-back.xlf"
    invoke("i18n", "extract", RELEASE, "-l", "de", "-o", str(path))
    fill_xliff(path)
    if change:
        tree = etree.parse(str(path))
        for ident, text in change.items():
            target = tree.find(f'.//x:trans-unit[@resname="{ident}"]/x:target', NS)
            assert target is not None, ident
            for child in list(target):
                target.remove(child)
            target.text = text
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def unit_line(path: Path, ident: str) -> int:
    unit = etree.parse(str(path)).find(f'.//x:trans-unit[@resname="{ident}"]', NS)
    assert unit is not None and unit.sourceline is not None
    return int(unit.sourceline)


def problems(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " not in line]


def warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if ": warning: " in line and "embargo" not in line]


# -- merge refuses, the store is untouched ----------------------------------------


def assert_merge_refused(newsroom: Path, path: Path, expected: list[str]) -> None:
    before = snapshot(newsroom / RELEASE)
    result = invoke("i18n", "merge", RELEASE, path.name)
    assert result.exit_code == 1, result.stderr
    assert problems(result) == expected
    assert snapshot(newsroom / RELEASE) == before, "a refused merge changes nothing"


def test_a_body_translation_of_a_million_characters_is_refused(newsroom: Path) -> None:
    path = returned_file(newsroom, {"body[0]": "y" * 1_000_000})
    line = unit_line(path, "body[0]")
    expected = f"de-back.xlf:{line}: body[0]: the translation has 1,000,000 characters; at most 200,000 fit"
    assert_merge_refused(newsroom, path, [expected])


def test_body_translations_together_over_the_body_limit_are_refused(newsroom: Path) -> None:
    path = returned_file(
        newsroom, {"body[0]": "y" * 90_000, "body[1]": "y" * 90_000, "body[2]": "y" * 90_000}
    )
    line = unit_line(path, "body[2]")
    expected = (
        f"de-back.xlf:{line}: body[2]: with this unit, "
        "the translations of body add up to more than 200,000 characters"
    )
    assert_merge_refused(newsroom, path, [expected])


def test_a_one_line_translation_over_1000_characters_is_refused(newsroom: Path) -> None:
    ident = "statistics.gdp-cost.label"
    path = returned_file(newsroom, {ident: "z" * 1001})
    line = unit_line(path, ident)
    expected = f"de-back.xlf:{line}: {ident}: the translation has 1,001 characters; at most 1,000 fit"
    assert_merge_refused(newsroom, path, [expected])


def test_a_returned_file_of_5000_nested_groups_is_refused(newsroom: Path) -> None:
    path = returned_file(newsroom)
    text = path.read_text(encoding="utf-8")
    start = text.index("<body>") + len("<body>")
    end = text.index("</body>")
    path.write_text(text[:start] + "<group>" * 5000 + text[start:end] + "</group>" * 5000 + text[end:])
    line = text[:start].count("\n") + 1
    expected = (
        f"de-back.xlf:{line}: elements are nested more than {MAX_XML_DEPTH} deep "
        "(export the file again from the translation tool)"
    )
    assert_merge_refused(newsroom, path, [expected])


def test_an_element_with_500_attributes_is_refused(newsroom: Path) -> None:
    path = returned_file(newsroom)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("<body>")].count("\n") + 1
    attributes = " ".join(f'a{k}="x"' for k in range(500))
    path.write_text(text.replace("<body>", f"<body {attributes}>", 1), encoding="utf-8")
    expected = (
        f"de-back.xlf:{line}: <body> has 500 attributes; at most 100 are read "
        "(export the file again from the translation tool)"
    )
    assert_merge_refused(newsroom, path, [expected])


def test_a_file_of_300000_elements_is_refused(newsroom: Path) -> None:
    path = returned_file(newsroom)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("<body>")].count("\n") + 1
    path.write_text(text.replace("<body>", "<body>" + "<x/>" * 300_000, 1), encoding="utf-8")
    expected = (
        f"de-back.xlf:{line}: the file has more than 200,000 elements "
        "(export the file again from the translation tool)"
    )
    assert_merge_refused(newsroom, path, [expected])


def test_a_returned_file_that_is_a_named_pipe_is_refused_without_hanging(newsroom: Path) -> None:
    os.mkfifo(newsroom / "de-back.xlf")
    done = run("i18n", "merge", RELEASE, "de-back.xlf", cwd=newsroom)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "de-back.xlf: the translation file is a named pipe, not a regular file"
    ]


def test_extracting_over_a_named_pipe_is_refused_without_hanging(newsroom: Path) -> None:
    os.mkfifo(newsroom / "de-out.xlf")
    done = run("i18n", "extract", RELEASE, "-l", "de", "-o", "de-out.xlf", cwd=newsroom)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("de-out.xlf: ")


# -- placeholders nested deeper than the model allows -------------------------------


def test_a_translation_may_not_nest_inline_codes_deeper_than_the_model() -> None:
    """Sibling bold words in the source could all be nested in a translation: the renderers recurse."""
    count = m.MAX_INLINE_DEPTH + 1
    source = tuple(piece for n in range(1, count + 1) for piece in (Tag("open", n), f"w{n}", Tag("close", n)))
    nested = (
        *(Tag("open", n) for n in range(1, count + 1)),
        "x",
        *(Tag("close", n) for n in range(count, 0, -1)),
    )
    with pytest.raises(TargetError) as error:
        check_target(nested, source)
    assert str(error.value) == (
        f"the translation nests inline codes more than {m.MAX_INLINE_DEPTH} deep; keep the source's nesting"
    )
    at_limit = nested[: m.MAX_INLINE_DEPTH] + ("x",) + nested[count + 2 :] + (Tag("open", count), "y")
    check_target((*at_limit, Tag("close", count)), source)  # twelve deep, then a sibling: fine


# -- the build falls back with a located warning -----------------------------------


def test_a_stored_translation_over_the_limit_falls_back_at_build(newsroom: Path) -> None:
    """A store edited by hand (merge would have refused it): the build uses the source text, quickly."""
    path = returned_file(newsroom, {"body[0]": "y" * 1_000_000})
    store = newsroom / RELEASE / "i18n" / "de.xlf"
    shutil.copy(path, store)
    line = unit_line(store, "body[0]")
    done = run("build", RELEASE, "-o", "dist", "-f", "txt", "-l", "de", "-j", "1", cwd=newsroom)
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == [
        f"{RELEASE}/i18n/de.xlf:{line}: warning: body[0]: the de translation cannot be used: "
        "the translation has 1,000,000 characters; at most 200,000 fit; the en-GB text is used"
    ]
    (text,) = (newsroom / "dist").glob("gta-2025/de/*.txt")
    assert "y" * 1000 not in text.read_text(encoding="utf-8")


def test_stored_body_translations_over_the_shared_limit_fall_back_at_build(newsroom: Path) -> None:
    path = returned_file(
        newsroom, {"body[0]": "y" * 90_000, "body[1]": "y" * 90_000, "body[2]": "y" * 90_000}
    )
    store = newsroom / RELEASE / "i18n" / "de.xlf"
    shutil.copy(path, store)
    line = unit_line(store, "body[2]")
    done = run("build", RELEASE, "-o", "dist", "-f", "txt", "-l", "de", "-j", "1", cwd=newsroom)
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == [
        f"{RELEASE}/i18n/de.xlf:{line}: warning: body[2]: the de translation cannot be used: "
        "the translations of body add up to more than 200,000 characters; the en-GB text is used"
    ]


# -- what an i18n/ folder may hold --------------------------------------------------


def hostile_folder(newsroom: Path) -> Path:
    folder = newsroom / RELEASE / "i18n"
    os.symlink("user@host.1234:1700000000", folder / ".#fr.xlf")  # what Emacs leaves while fr.xlf is edited
    os.mkfifo(folder / "de.xlf")
    os.symlink("/dev/zero", folder / "it.xlf")
    return folder


FOLDER_WARNINGS = [
    f"{RELEASE}/i18n: warning: .#fr.xlf: an editor's lock file (a broken link); ignored "
    "(save and close the translation before building, so the build reads what you wrote)",
    f"{RELEASE}/i18n: warning: de.xlf: a named pipe, not a regular file; ignored "
    "(translations are regular files: presskit i18n extract writes one)",
    f"{RELEASE}/i18n: warning: it.xlf: a device, not a regular file; ignored "
    "(translations are regular files: presskit i18n extract writes one)",
]


@pytest.mark.parametrize("command", ["check", "build"])
def test_pipes_devices_and_lock_files_in_i18n_are_warned_about_never_read(
    newsroom: Path, command: str
) -> None:
    hostile_folder(newsroom)
    args = [command, RELEASE, "--now", "2026-01-01T00:00:00Z"]
    if command == "build":
        args += ["-o", "dist", "-f", "txt", "-j", "1"]
    done = run(*args, cwd=newsroom)
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == FOLDER_WARNINGS
    if command == "build":  # every real translation is still built
        assert sorted(
            p.name for p in (newsroom / "dist" / "gta-2025").iterdir() if p.is_dir() and p.name != "assets"
        ) == [
            "ar",
            "en-GB",
            "fr",
        ]


def test_asking_for_a_locale_whose_file_is_a_pipe_is_a_located_error(newsroom: Path) -> None:
    hostile_folder(newsroom)
    done = run("build", RELEASE, "-o", "dist", "-f", "txt", "-l", "de", "-j", "1", cwd=newsroom)
    assert done.returncode == 1
    assert f"{RELEASE}/i18n/de.xlf: the translation file is a named pipe, not a regular file" in done.stderr


def test_status_lists_only_real_translations(newsroom: Path) -> None:
    hostile_folder(newsroom)
    done = run("i18n", "status", RELEASE, cwd=newsroom)
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == [
        "gta-2025 en-GB → ar",
        "gta-2025 en-GB → fr",
    ]
