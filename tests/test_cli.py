"""The command line: exit codes, --json, --now, --public and what lands in the output folder."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit import __version__
from presskit.cli import cli
from tests.conftest import EXAMPLE, ROOT
from tests.extract import text_of_docx, text_of_html, text_of_pdf

BEFORE = "2025-12-11T00:00:00+00:00"  # one minute before the example's embargo lifts
AFTER = "2025-12-11T00:02:00+00:00"  # one minute after


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", ["check", "build", "pack"])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "presskit " + command in result.output


def test_help_does_not_import_the_heavy_renderers() -> None:
    code = (
        "import sys; from presskit.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx', 'jinja2', 'pydantic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "command", [["--help"], ["build", "--help"], ["check", "--help"], ["i18n", "--help"]]
)
def test_help_imports_nothing_of_the_stages(command: list[str]) -> None:
    """Help is the Click code and nothing else: no publishing, writing, zipping or loading."""
    code = (
        "import sys; from presskit.cli import cli\n"
        f"try:\n    cli({command!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('zipfile', 'ctypes', 'hashlib', 'babel')"
        " or m.startswith(('presskit.publish.', 'presskit.source.', 'presskit.words', 'presskit.themes'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    allowed = {"presskit.publish.collector", "presskit.source.environment"}
    assert set(ast.literal_eval(out.strip().splitlines()[-1])) <= allowed


def test_check_the_example(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(EXAMPLE), "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    assert "ok: " in result.stderr


def test_check_json_gives_the_model_and_the_embargo(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(ROOT / "releases"), "--json", "--now", BEFORE])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    (release,) = document["releases"]
    assert release["valid"] and release["errors"] == []
    assert release["model"]["embargo"]["at"] == "2025-12-11T00:01:00+00:00"
    assert release["model"]["headline"].startswith("Experts unveil")


def test_check_warns_when_the_embargo_is_past(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(EXAMPLE), "--now", "2026-01-01T00:00:00Z"])
    assert result.exit_code == 0
    assert "warning: embargo: the embargo (2025-12-11T00:01:00+00:00) has already lifted" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now", "tomorrow"], "is not an ISO 8601 date and time"),
        (["--now", "2025-12-11T00:00:00"], "has no time zone"),
        (["-f", "html,odt"], "unknown format odt"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_build_writes_the_layout_and_a_matching_manifest(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "gta-2025"
    for ext in ("docx", "pdf", "html", "txt"):
        assert (folder / "en-GB" / f"gta-2025.{ext}").stat().st_size > 1000
    assert (folder / "assets" / "gta-2025-cover.png").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["slug"] == "gta-2025" and manifest["embargo"] == "2025-12-11T00:01:00+00:00"
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == {
        "README.txt",
        "index.html",
        "assets/gta-2025-cover.png",
        "assets/gta-2025-cover.thumb.png",
        "assets/gta-2025-cover.web.png",
        *(
            f"{locale}/gta-2025.{ext}"
            for locale in ("en-GB", "fr", "ar")
            for ext in (
                "docx",
                "html",
                "pdf",
                "txt",
                "ninjs.json",
                "email.html",
                "eml",
                "factsheet.pdf",
                "factsheet.html",
            )
        ),
        *(
            f"{locale}/{name}"
            for locale in ("en-GB", "fr", "ar")
            for name in ("contacts.vcf", "contacts/press-office.vcf", "social.txt")
        ),
        "logo.png",  # the publisher's logo the pages' JSON-LD names (base_url is set)
    }
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files left behind"


def test_every_format_is_built_by_default_and_named_once() -> None:
    from presskit.cli.options import FORMAT_NAMES
    from presskit.publish.outcome import DEFAULT_FORMATS
    from presskit.renderers import FORMATS

    assert FORMAT_NAMES == DEFAULT_FORMATS == tuple(FORMATS)


def test_build_one_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "txt", "--now", BEFORE])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "gta-2025" / "en-GB").iterdir()) == ["gta-2025.txt"]


def test_public_build_before_the_embargo_is_refused_with_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--public", "--now", BEFORE])
    assert result.exit_code == 3
    assert (
        "refused: gta-2025: under embargo until 2025-12-11T00:01:00+00:00 (1 min from now)" in result.stderr
    )
    assert not (tmp_path / "gta-2025").exists()


def test_public_build_after_the_embargo_is_for_immediate_release(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--public", "--now", AFTER])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "gta-2025" / "en-GB"
    txt = (folder / "gta-2025.txt").read_text(encoding="utf-8")
    assert txt.startswith("FOR IMMEDIATE RELEASE") and "EMBARGO" not in txt
    html = (folder / "gta-2025.html").read_bytes()
    assert b"noindex" not in html and "FOR IMMEDIATE RELEASE" in text_of_html(html)
    assert "EMBARGO" not in text_of_pdf((folder / "gta-2025.pdf").read_bytes())
    assert "EMBARGO" not in text_of_docx((folder / "gta-2025.docx").read_bytes())


def test_non_public_build_marks_every_output_as_embargoed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--now", AFTER])
    assert result.exit_code == 0
    folder = tmp_path / "gta-2025" / "en-GB"
    line = "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025"
    assert (folder / "gta-2025.txt").read_text(encoding="utf-8").startswith(line)
    html = (folder / "gta-2025.html").read_bytes()
    assert b'<meta name="robots" content="noindex, nofollow">' in html
    assert line in text_of_html(html)


def test_build_json_reports_what_was_written(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--json", "--now", BEFORE])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["ok"] and document["exit_code"] == 0
    (release,) = document["releases"]
    assert release["status"] == "built" and release["embargo"] == "2025-12-11T00:01:00+00:00"
    for entry in release["files"]:
        data = (tmp_path / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_build_json_reports_a_refusal(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--json", "--public", "--now", BEFORE]
    )
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["releases"][0]["status"] == "refused" and document["releases"][0]["files"] == []


def test_an_unwritable_output_exits_4(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(blocker / "sub"), "--now", BEFORE])
    assert result.exit_code == 4
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_the_environment_sets_now(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--public"], env={"PRESSKIT_NOW": BEFORE}
    )
    assert result.exit_code == 3


def test_the_installed_script_runs_from_anywhere(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "presskit"
    result = subprocess.run(
        [str(script), "build", str(EXAMPLE), "-o", "out", "-f", "txt", "--now", BEFORE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.txt").is_file()


def test_build_one_locale_and_strict_translations(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "-l", "fr", "-f", "html", "--now", BEFORE]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "gta-2025").iterdir() if p.is_dir()) == ["assets", "fr"]
    page = (tmp_path / "gta-2025" / "fr" / "gta-2025.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "SOUS EMBARGO" in page
    result = runner.invoke(
        cli, ["build", str(EXAMPLE), "-o", str(tmp_path / "s"), "-l", "de", "--strict", "--now", BEFORE]
    )
    assert result.exit_code == 1 and "no translation into de" in result.stderr
    assert not (tmp_path / "s" / "gta-2025").exists()
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "-l", "xx-nope"])
    assert result.exit_code == 2 and "is not a locale" in result.stderr


def test_every_locale_links_its_siblings(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "html", "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    for locale in ("en-GB", "fr", "ar"):
        page = (tmp_path / "gta-2025" / locale / "gta-2025.html").read_text(encoding="utf-8")
        for sibling in ("en-GB", "fr", "ar"):
            assert f'hreflang="{sibling}"' in page, (locale, sibling)


def test_the_release_folder_has_an_index_of_its_locales(runner: CliRunner, tmp_path: Path) -> None:
    import lxml.html

    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "gta-2025"
    page = lxml.html.fromstring((folder / "index.html").read_text(encoding="utf-8"))
    links = {a.get("href") for a in page.iter("a")}
    for locale in ("en-GB", "fr", "ar"):
        for ext in ("html", "pdf", "docx", "txt"):
            assert f"{locale}/gta-2025.{ext}" in links
            assert (folder / locale / f"gta-2025.{ext}").is_file()
