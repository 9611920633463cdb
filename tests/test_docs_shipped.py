"""The docs the tool points to exist where it is installed.

A message, a help text or a generated file that says "docs/themes.md" must name a file
the wheel carries (presskit/_data/docs/) and that `presskit help themes` prints from the
installed copy, away from any checkout. The JSON Schemas ship too. And no message sends
a user to a web address of its own: the only URLs presskit prints are examples, the
preview server's loopback address and the names of standards.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.conftest import ROOT

DOC_MENTION = re.compile(r"\bdocs/([A-Za-z0-9_-]+\.md)\b")
URL = re.compile(r"https?://[^\s\"'<>(){}\\]+")
# What a URL in presskit's source may be: an example, the preview's own address, or the
# name of a standard or namespace, never a page a user is sent to.
NOT_A_PAGE = re.compile(
    r"^https?://(?:[a-z0-9.-]*example\.(?:org|com|net)|localhost|127\.0\.0\.1|\[::1\]|"
    r"(?:www\.)?w3\.org|purl\.org|purl\.oclc\.org|schemas\.openxmlformats\.org|schemas\.microsoft\.com|"
    r"ns\.adobe\.com|(?:www\.)?inkscape\.org|sodipodi\.sourceforge\.net|creativecommons\.org|"
    r"web\.resource\.org|(?:www\.)?bohemiancoding\.com|(?:www\.)?serif\.com|(?:www\.)?vectornator\.io|"
    r"(?:www\.)?aiim\.org|schema\.org|json-schema\.org|docs\.oasis-open\.org|(?:www\.)?iana\.org|"
    r"(?:www\.)?iptc\.org/std/|\{)"
)


def source_texts() -> dict[str, str]:
    """Every text presskit can print or write: its modules' strings and its templates."""
    texts: dict[str, str] = {}
    for path in sorted((ROOT / "presskit").rglob("*.py")):
        strings = [
            node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        texts[str(path.relative_to(ROOT))] = "\n".join(strings)
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file() and path.suffix in (".j2", ".yaml", ".md", ".txt", ".css"):
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def help_texts() -> dict[str, str]:
    """The --help of every command and subcommand."""
    found: dict[str, str] = {}

    def walk(command: click.Command, path: list[str]) -> None:
        found[" ".join(path) or "presskit"] = CliRunner().invoke(cli, [*path, "--help"]).output
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])

    walk(cli, [])
    return found


def mentioned_docs() -> dict[str, set[str]]:
    """docs/<file>.md -> where it is mentioned."""
    where: dict[str, set[str]] = {}
    for origin, text in {**source_texts(), **help_texts()}.items():
        for name in DOC_MENTION.findall(text):
            where.setdefault(name, set()).add(origin)
    return where


def test_the_tool_mentions_docs_and_every_one_is_in_the_checkout() -> None:
    where = mentioned_docs()
    assert {"themes.md", "translation.md", "release-format.md", "json.md"} <= set(where)
    missing = {
        name: sorted(origins) for name, origins in where.items() if not (ROOT / "docs" / name).is_file()
    }
    assert not missing


def test_no_message_sends_a_user_to_a_web_page() -> None:
    pages = {
        url: origin
        for origin, text in {**source_texts(), **help_texts()}.items()
        for url in URL.findall(text)
        if not NOT_A_PAGE.match(url)
    }
    assert not pages, "point to `presskit help TOPIC` (docs/) instead of a web page"


def test_help_lists_the_topics_and_prints_one(tmp_path: Path) -> None:
    listing = CliRunner().invoke(cli, ["help"])
    assert listing.exit_code == 0
    assert re.search(r"(?m)^release-format\s+The release format$", listing.output)
    for spelling in ("themes", "themes.md", "docs/themes.md"):
        shown = CliRunner().invoke(cli, ["help", spelling])
        assert shown.output == (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    unknown = CliRunner().invoke(cli, ["help", "themse"])
    assert unknown.exit_code == 2 and "choose from" in unknown.stderr and "themes" in unknown.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """presskit built as a wheel and installed into a folder of its own."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "wheels"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("presskit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"presskit/_data/docs/{p.name}" for p in (ROOT / "docs").glob("*.md")} <= names
    assert {f"presskit/schemas/{p.name}" for p in (ROOT / "presskit" / "schemas").glob("*.json")} <= names
    target = root / "site"
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys, presskit.cli\nsys.argv = ['presskit', *{list(args)!r}]\npresskit.cli.main()\n"
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_every_doc_mentioned_is_printed_by_the_installed_presskit(installed: Path, tmp_path: Path) -> None:
    for name in sorted(mentioned_docs()):
        where = run_installed(installed, tmp_path, "help", "--path", f"docs/{name}")
        assert where.returncode == 0, where.stderr
        assert Path(where.stdout.strip()).is_relative_to(installed)
        shown = run_installed(installed, tmp_path, "help", name.removesuffix(".md"))
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout == (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_the_installed_presskit_prints_its_schemas(installed: Path, tmp_path: Path) -> None:
    printed = run_installed(installed, tmp_path, "schema", "build")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == (ROOT / "presskit" / "schemas" / "build-1.json").read_text(encoding="utf-8")
    listed = run_installed(installed, tmp_path, "schema", "--list").stdout.splitlines()
    assert len(listed) == len(list((ROOT / "presskit" / "schemas").glob("*.json")))
