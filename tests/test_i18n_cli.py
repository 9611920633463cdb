"""`presskit i18n extract|merge|status` through Click: output, --json, exit codes, nothing changed on refusal."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.test_i18n import HOSTILE, MARK, fill_xliff, newsroom, release_dir, snapshot  # noqa: F401

UNITS = 65  # translatable fields of the example release


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_newsroom(newsroom: Path) -> Iterator[Path]:  # noqa: F811
    """Run from the folder holding the copied releases/, so paths print as a user would type them."""
    before = Path.cwd()
    os.chdir(newsroom.parent)
    try:
        yield newsroom
    finally:
        os.chdir(before)


@pytest.mark.parametrize("command", ["extract", "merge", "status"])
def test_every_i18n_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, ["i18n", command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_extract_writes_the_translation_file_and_says_so(runner: CliRunner, in_newsroom: Path) -> None:
    result = runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "de"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote releases/gta-2025/i18n/de.xlf: {UNITS} units, 0 translated, {UNITS} missing, 0 stale\n"
    )
    assert (in_newsroom / "gta-2025" / "i18n" / "de.xlf").is_file()
    again = runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "de"])
    assert again.stdout.startswith("unchanged releases/gta-2025/i18n/de.xlf")


@pytest.mark.parametrize(("fmt", "suffix"), [("xliff2", "xliff"), ("po", "po")])
def test_extract_other_formats_with_json(runner: CliRunner, in_newsroom: Path, fmt: str, suffix: str) -> None:
    result = runner.invoke(
        cli, ["i18n", "extract", "releases/gta-2025", "-l", "de", "--format", fmt, "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [file] = document["files"]
    assert document["ok"] is True
    assert file["file"] == f"releases/gta-2025/i18n/de.{suffix}" and file["format"] == fmt
    assert (file["units"], file["translated"], file["missing"], file["stale"]) == (UNITS, 0, UNITS, 0)
    assert file["changed"] is True and file["backup"] is None


@pytest.mark.parametrize("fmt", ["xliff2", "po"])
def test_extract_refuses_a_second_file_for_a_locale(runner: CliRunner, in_newsroom: Path, fmt: str) -> None:
    """fr is kept in fr.xlf: a PO or XLIFF 2.0 file beside it would leave two for the build to choose from."""
    result = runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "fr", "--format", fmt])
    assert result.exit_code == 1
    assert "fr: the fr translations are kept in fr.xlf" in result.output
    assert "--format xliff" in result.output
    assert sorted(p.name for p in (in_newsroom / "gta-2025/i18n").iterdir()) == ["ar.xlf", "fr.xlf"]


def test_extract_output_takes_one_release_and_locale(runner: CliRunner, in_newsroom: Path) -> None:
    result = runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "de,es", "-o", "x.xlf"])
    assert result.exit_code == 2
    assert "-o/--output takes one release and one locale" in result.output


def test_extract_refuses_an_unknown_locale(runner: CliRunner, in_newsroom: Path) -> None:
    result = runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "xx"])
    assert result.exit_code == 1
    assert result.stderr == (
        'releases/gta-2025/release.yaml: unknown locale "xx" (use a BCP 47 tag such as fr, pt-BR or zh-Hans)\n'
    )


def test_merge_then_status(runner: CliRunner, in_newsroom: Path) -> None:
    handed = Path("de.xlf")
    assert (
        runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "de", "-o", str(handed)]).exit_code
        == 0
    )
    fill_xliff(handed)
    result = runner.invoke(cli, ["i18n", "merge", "releases/gta-2025", str(handed)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"merged de.xlf (XLIFF 1.2, de) into releases/gta-2025/i18n/de.xlf: {UNITS} new, 0 updated, 0 unchanged",
        f"  now {UNITS} units, {UNITS} translated, 0 missing, 0 stale",
    ]
    status = runner.invoke(cli, ["i18n", "status", "releases/"])
    assert status.exit_code == 0
    assert status.stdout.splitlines() == [
        f"gta-2025 en-GB → {locale}: {UNITS} units, {UNITS} translated, 0 missing, 0 stale"
        for locale in ("ar", "de", "fr")
    ]


def test_status_lists_missing_and_stale_ids(runner: CliRunner, in_newsroom: Path) -> None:
    release = in_newsroom / "gta-2025" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("Digital safety", "Online safety"))
    result = runner.invoke(cli, ["i18n", "status", "releases/gta-2025", "-l", "fr,de"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"gta-2025 en-GB → fr: {UNITS} units, {UNITS - 1} translated, 0 missing, 1 stale",
        "  stale: body[16].items[2]",
    ]
    assert lines[2] == f"gta-2025 en-GB → de: {UNITS} units, 0 translated, {UNITS} missing, 0 stale"
    assert lines[3].startswith("  missing: headline, standfirst, dateline, highlights[0],")


def test_status_json(runner: CliRunner, in_newsroom: Path) -> None:
    newsroom_file = in_newsroom / "presskit.yaml"  # the contact is the newsroom's
    newsroom_file.write_text(
        newsroom_file.read_text(encoding="utf-8").replace("Press Office", "Media Office")
    )
    result = runner.invoke(cli, ["i18n", "status", "releases/gta-2025", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ok"] is True and document["exit_code"] == 0
    assert [r["locale"] for r in document["releases"]] == ["ar", "fr"]
    for entry in document["releases"]:
        assert entry["slug"] == "gta-2025" and entry["source_locale"] == "en-GB"
        assert (entry["units"], entry["translated"], entry["missing"], entry["stale"]) == (
            UNITS,
            UNITS - 1,
            0,
            1,
        )
        assert entry["stale_ids"] == ["contacts.press-office.role"] and entry["missing_ids"] == []


def test_merge_refusal_is_one_line_exit_1_and_changes_nothing(runner: CliRunner, in_newsroom: Path) -> None:
    Path("evil.xlf").write_bytes(HOSTILE["billion-laughs"][0])
    before = snapshot(in_newsroom)
    result = runner.invoke(cli, ["i18n", "merge", "releases/gta-2025", "evil.xlf"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "evil.xlf: refused: the file declares XML entities or external references (EntitiesForbidden) "
        "(a translation file needs no DTD entities; export it again from the translation tool)"
    ]
    assert snapshot(in_newsroom) == before
    as_json = runner.invoke(cli, ["i18n", "merge", "releases/gta-2025", "evil.xlf", "--json"])
    document = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and document["ok"] is False and document["exit_code"] == 1
    assert document["errors"][0]["path"].endswith("evil.xlf")


def test_merge_json_reports_what_changed(runner: CliRunner, in_newsroom: Path) -> None:
    handed = Path("fr.xlf")
    runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "fr", "-o", str(handed)])
    text = handed.read_text(encoding="utf-8")
    handed.write_text(text.replace(">Londres<", ">Londres (R.-U.)<", 1), encoding="utf-8")
    result = runner.invoke(cli, ["i18n", "merge", "releases/gta-2025", str(handed), "--json"])
    assert result.exit_code == 0, result.output
    [merged] = json.loads(result.stdout)["merged"]
    assert merged["locale"] == "fr" and merged["format"] == "xliff" and merged["changed"] is True
    assert (merged["added"], merged["updated"], merged["unchanged"]) == ([], ["dateline"], UNITS - 1)
    assert merged["backup"] == "releases/gta-2025/i18n/fr.xlf.bak-1"
    assert merged["status"]["translated"] == UNITS


def test_merge_takes_one_release(runner: CliRunner, in_newsroom: Path) -> None:
    Path("x.xlf").write_text("<x/>")
    Path("releases/second").mkdir()
    Path("releases/second/release.yaml").write_text(
        Path("releases/gta-2025/release.yaml")
        .read_text(encoding="utf-8")
        .replace("slug: gta-2025", "slug: second")
    )
    result = runner.invoke(cli, ["i18n", "merge", "releases/", "x.xlf"])
    assert result.exit_code == 2 and "merge takes one release" in result.output


def test_merge_warns_about_units_the_release_no_longer_has(runner: CliRunner, in_newsroom: Path) -> None:
    handed = Path("de.xlf")
    runner.invoke(cli, ["i18n", "extract", "releases/gta-2025", "-l", "de", "-o", str(handed)])
    fill_xliff(handed)
    handed.write_text(
        handed.read_text(encoding="utf-8").replace('id="end_mark" resname="end_mark"', 'id="x" resname="x"')
    )
    result = runner.invoke(cli, ["i18n", "merge", "releases/gta-2025", str(handed)])
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith("de.xlf:") and warning.endswith(
        "warning: x: no such field in the release any more; its translation is not kept"
    )
    assert f"{UNITS - 1} new" in result.stdout and MARK not in result.stdout
