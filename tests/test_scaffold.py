"""`presskit init`, `new` and `theme new` make files that check and build as they stand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.extract import text_of_html


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_then_check_then_build(tmp_path: Path) -> None:
    folder = tmp_path / "newsroom"
    code, out, _ = run("init", str(folder), "--organisation", 'Marine Lab: "Plymouth" & Co')
    assert code == 0 and "presskit.yaml" in out
    code, _, err = run("check", str(folder), "--now", "2020-01-01T00:00:00Z")
    assert code == 0, err
    assert ": warning: " in err  # the date is in the future relative to --now and there is no embargo
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "dist"), "--now", "2100-01-01T00:00:00Z")
    assert code == 0, err
    page = (tmp_path / "dist" / "first-release" / "en-GB" / "first-release.html").read_bytes()
    text = text_of_html(page)
    assert 'About Marine Lab: "Plymouth" & Co' in text and "Sam Example" in text


def test_every_field_of_the_scaffold_is_commented(tmp_path: Path) -> None:
    run("init", str(tmp_path / "n"))
    for path in (tmp_path / "n" / "presskit.yaml", tmp_path / "n" / "first-release" / "release.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#")
        assert sum("#" in line for line in text.splitlines()) >= 12


def test_init_never_overwrites(tmp_path: Path) -> None:
    run("init", str(tmp_path / "n"))
    before = (tmp_path / "n" / "presskit.yaml").read_bytes()
    code, _, err = run("init", str(tmp_path / "n"))
    assert code == 1 and "already holds a newsroom or a release" in err
    assert (tmp_path / "n" / "presskit.yaml").read_bytes() == before


def test_new_release_in_a_newsroom(tmp_path: Path) -> None:
    run("init", str(tmp_path / "n"), "--organisation", "Marine Lab")
    code, _, err = run("new", "ocean-survey", "--newsroom", str(tmp_path / "n"), "--date", "2026-03-02")
    assert code == 0, err
    release = (tmp_path / "n" / "ocean-survey" / "release.yaml").read_text(encoding="utf-8")
    assert "slug: ocean-survey" in release and "date: 2026-03-02" in release
    assert 'organisation: "Marine Lab"' in release
    code, _, err = run("check", str(tmp_path / "n"), "--now", "2026-03-03T00:00:00Z")
    assert code == 0, err
    code, _, err = run("new", "ocean-survey", "--newsroom", str(tmp_path / "n"))
    assert code == 1 and "already exists" in err


@pytest.mark.parametrize("slug", ["Bad Slug", "../escape"])
def test_new_refuses_a_bad_slug(tmp_path: Path, slug: str) -> None:
    run("init", str(tmp_path / "n"))
    code, _, err = run("new", slug, "--newsroom", str(tmp_path / "n"))
    assert code == 1 and "is not a valid slug" in err


def test_new_outside_a_newsroom(tmp_path: Path) -> None:
    code, _, err = run("new", "x", "--newsroom", str(tmp_path))
    assert code == 1 and "no presskit.yaml here" in err


def test_theme_list_and_new(tmp_path: Path) -> None:
    code, out, _ = run("theme", "list")
    assert code == 0 and "default" in out.split()
    brand = tmp_path / "brand"
    code, _, err = run("theme", "new", str(brand))
    assert code == 0, err
    assert "name: brand" in (brand / "theme.yaml").read_text(encoding="utf-8")
    spec = (brand / "theme.yaml").read_text(encoding="utf-8").replace("#0B3C5D", "#5B21B6")
    (brand / "theme.yaml").write_text(spec, encoding="utf-8")
    run("init", str(tmp_path / "n"))
    code, _, err = run(
        "build", str(tmp_path / "n"), "-o", str(tmp_path / "d"), "-f", "html", "--theme", str(brand)
    )
    assert code == 0, err
    page = (tmp_path / "d" / "first-release" / "en-GB" / "first-release.html").read_text(encoding="utf-8")
    assert "#5B21B6" in page
    code, _, err = run("theme", "new", str(brand))
    assert code == 1 and "already exists" in err
