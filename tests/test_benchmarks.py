"""The benchmark scripts keep working: their generated newsroom and the peers' Markdown."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from presskit.cli import cli
from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_generated_newsroom_builds_in_three_locales_with_current_translations(tmp_path: Path) -> None:
    newsroom = load("newsroom").generate(tmp_path / "newsroom", 2)
    status = CliRunner().invoke(cli, ["i18n", "status", str(newsroom)])
    assert status.exit_code == 0, status.output
    assert status.output.count("0 missing, 0 stale") == 4, status.output  # 2 releases x (fr, ar)
    out = tmp_path / "out"
    args = ["build", str(newsroom), "-o", str(out), "-l", "all", "--strict", "--now", "2025-12-10T18:00:00Z"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    # 2 releases x 3 locales x 9 documents (html, docx, pdf, txt, ninjs, 2 e-mails, 2 fact sheets)
    assert len(list(out.glob("release-*/*/release-*.*"))) == 2 * 3 * 9


def test_the_peers_get_the_example_as_one_markdown_document(tmp_path: Path) -> None:
    markdown = load("run").release_markdown(tmp_path)
    assert markdown.startswith("---\ntitle: ")
    for expected in ("-Ends-", "Media contacts", "1,325%", "— Iain Drennan", "![Logo](logo.png)"):
        assert expected in markdown
    assert "{stat:" not in markdown and "{quote:" not in markdown
    assert (tmp_path / "cover.png").is_file() and (tmp_path / "logo.png").is_file()
