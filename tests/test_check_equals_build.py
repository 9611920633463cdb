"""`check` fails exactly where `build` fails, with the same messages.

Every broken input here, from tests/invalid_cases.py, the refused cases of
tests/hostile_cases.py and the breakages below that only the build used to
find (translation files, themes, assets together), is checked and built: both
exit non-zero or both exit 0, and both print the same error lines. A broken
translation file fails its locale only: the build still writes the others.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presskit.cli import cli
from tests import hostile_cases, invalid_cases
from tests.newsroom_factory import Spec, make_newsroom
from tests.test_hostile import prepare as write_hostile
from tests.test_invalid import write_case as write_invalid

NOW = "2026-03-03T00:00:00+00:00"
SUMMARY = re.compile(r"\d+ releases?: \d+ ok, \d+ with errors, \d+ warnings?")


def error_lines(result: Result) -> list[str]:
    """The problems a run printed: neither warnings, nor `ok:` lines, nor its summary line (the last)."""
    lines = result.stderr.splitlines()[:-1]
    return [line for line in lines if ": warning: " not in line and not line.startswith("ok: ")]


def run_both(root: Path, target: str, *extra: str) -> tuple[Result, Result]:
    """`check` and then `build` of `target`, from inside `root` (as a press officer runs them)."""
    runner = CliRunner()
    with contextlib.chdir(root):
        checked = runner.invoke(cli, ["check", target, "--now", NOW, *extra])
        out = str(root.parent / "out")
        built = runner.invoke(cli, ["build", target, "-o", out, "-j", "1", "--now", NOW, *extra])
    for result in (checked, built):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.stderr
        assert "Traceback" not in result.stderr
    assert SUMMARY.fullmatch(checked.stderr.splitlines()[-1]), checked.stderr
    return checked, built


def assert_same(checked: Result, built: Result) -> None:
    assert (checked.exit_code != 0) == (built.exit_code != 0), (checked.stderr, built.stderr)
    assert error_lines(checked) == error_lines(built)


# -- the input corpora --------------------------------------------------------------------


@pytest.mark.parametrize("case", invalid_cases.CASES, ids=[c.name for c in invalid_cases.CASES])
def test_invalid_cases_fail_check_and_build_alike(case: invalid_cases.Case, tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    root.mkdir()
    write_invalid(root, case)
    checked, built = run_both(root, "rel")
    assert checked.exit_code == built.exit_code == 1
    assert_same(checked, built)


REFUSED = [c for c in hostile_cases.CASES if c.outcome == "refused"]
RENDERED = [c for c in hostile_cases.CASES if c.outcome == "renders"][:3]


@pytest.mark.parametrize("case", REFUSED + RENDERED, ids=[c.name for c in REFUSED + RENDERED])
def test_hostile_cases_fail_check_and_build_alike(case: hostile_cases.Case, tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    root.mkdir()
    write_hostile(case, root)
    checked, built = run_both(root, "rel")
    assert checked.exit_code == built.exit_code == (1 if case.outcome == "refused" else 0)
    assert_same(checked, built)


# -- what only the build used to find ------------------------------------------------------


@dataclass(frozen=True)
class Breakage:
    name: str
    apply: Callable[[Path], None]  # given the newsroom folder; its release is <root>/gta/
    expected: str  # part of the one error line both print
    partial: bool = False  # the build still writes the release's other locales


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def brand_theme(root: Path, text_template: str | None = None, reference: bytes | None = None) -> None:
    """A theme folder `brand/` beside presskit.yaml, named as the newsroom's default theme."""
    write(root / "brand" / "theme.yaml", "name: brand\nextends: default\n")
    if text_template is not None:
        write(root / "brand" / "release.txt.j2", text_template)
    if reference is not None:
        (root / "brand" / "reference.docx").write_bytes(reference)
    edit(root / "presskit.yaml", "theme: default", "theme: brand")


def second_asset(root: Path, file: str) -> None:
    edit(
        root / "gta" / "release.yaml",
        "\npress_kit:",
        f"  - file: {file}\n    alt: The cover again\n\npress_kit:",
    )


def rendition_named_asset(root: Path) -> None:
    """A second asset, a copy of the cover called as the cover's web rendition is."""
    assets = root / "gta" / "assets"
    shutil.copy(assets / "gta-2025-cover.png", assets / "gta-2025-cover.web.png")
    second_asset(root, "assets/gta-2025-cover.web.png")


def pack_limit(root: Path, megabytes: float) -> None:
    newsroom = root / "presskit.yaml"
    write(newsroom, newsroom.read_text(encoding="utf-8") + f"limits:\n  pack_mb: {megabytes}\n")


BREAKAGES = [
    Breakage(
        "malformed translation file",
        lambda root: write(root / "gta" / "i18n" / "fr.xlf", "<xliff version='1.2'><file>"),
        "gta/i18n/fr.xlf:1: malformed XML",
        partial=True,
    ),
    Breakage(
        "translation file of another release",
        lambda root: edit(root / "gta" / "i18n" / "fr.xlf", 'original="gta"', 'original="other"'),
        'gta/i18n/fr.xlf:3: this file is for release "other", not "gta"',
        partial=True,
    ),
    Breakage(
        "translation file into another language",
        lambda root: edit(root / "gta" / "i18n" / "fr.xlf", 'target-language="fr"', 'target-language="de"'),
        "gta/i18n/fr.xlf:3: the file is a translation into de, not fr",
        partial=True,
    ),
    Breakage(
        "template with a syntax error",
        lambda root: brand_theme(root, "{{ headline }\n"),
        "brand/release.txt.j2:1: template: unexpected '}'",
    ),
    Breakage(
        "template naming what it is not given",
        lambda root: brand_theme(root, "{{ nothing.here }}\n"),
        "brand/release.txt.j2:1: template: 'nothing' is undefined",
    ),
    Breakage(
        "template failing on a number",
        lambda root: brand_theme(root, "{{ 1 // 0 }}\n"),
        "brand/release.txt.j2:1: template: ZeroDivisionError",
    ),
    Breakage(
        "reference.docx that is not a Word document",
        lambda root: brand_theme(root, reference=b"not a zip"),
        "brand/reference.docx: reference.docx: cannot be used as the Word reference document",
    ),
    Breakage(
        "newsroom theme that does not exist",
        lambda root: edit(root / "presskit.yaml", "theme: default", "theme: nowhere"),
        'presskit.yaml:30:10: defaults.theme: no theme "nowhere"',
    ),
    Breakage(
        "an asset named as another's rendition",
        rendition_named_asset,
        "assets[1].file: two published files would be called assets/gta-2025-cover.web.png",
    ),
    Breakage(
        "assets over the pack limit",
        lambda root: pack_limit(root, 0.05),
        "assets: the assets alone are 0.1 MB, over the release pack limit of 0.05 MB",
    ),
]


def example_newsroom(root: Path) -> Path:
    """The example release, with its French and Arabic translations, as `root/gta/`."""
    make_newsroom(root, [Spec("gta", "2025-12-11")])
    shutil.copytree(
        Path(__file__).resolve().parent.parent / "releases" / "gta-2025" / "i18n", root / "gta" / "i18n"
    )
    for path in (root / "gta" / "i18n").glob("*.xlf"):
        edit(path, 'original="gta-2025"', 'original="gta"')
    # The factory's headline is not the example's: one unit of 65 stale, so both still publish.
    with (root / "presskit.yaml").open("a", encoding="utf-8") as newsroom:
        newsroom.write("i18n:\n  publish_at: 90%\n")
    return root


def test_the_example_newsroom_passes_check_and_build(tmp_path: Path) -> None:
    checked, built = run_both(example_newsroom(tmp_path / "news"), ".")
    assert checked.exit_code == built.exit_code == 0, (checked.stderr, built.stderr)
    assert sorted(p.name for p in (tmp_path / "out" / "gta").iterdir() if p.is_dir()) == [
        "ar",
        "assets",
        "en-GB",
        "fr",
    ]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.name for b in BREAKAGES])
def test_what_the_build_fails_on_fails_check(breakage: Breakage, tmp_path: Path) -> None:
    root = example_newsroom(tmp_path / "news")
    breakage.apply(root)
    checked, built = run_both(root, ".")
    assert checked.exit_code == built.exit_code == 1, (checked.stderr, built.stderr)
    assert_same(checked, built)
    (line,) = error_lines(checked)
    assert breakage.expected in line
    out = tmp_path / "out" / "gta"
    if breakage.partial:  # that locale alone is left out
        assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["ar", "assets", "en-GB"]
        assert (out / "en-GB" / "gta.pdf").is_file() and (out / "ar" / "gta.html").is_file()
    else:
        assert not out.exists()


def test_a_locale_left_out_fails_every_rerun(tmp_path: Path) -> None:
    """The build's record keeps the problem: an unchanged rerun skips the release and still exits 1."""
    root = example_newsroom(tmp_path / "news")
    BREAKAGES[0].apply(root)
    first = run_both(root, ".")[1]
    again = run_both(root, ".")[1]
    assert first.exit_code == again.exit_code == 1
    assert "1 skipped" in again.stderr.splitlines()[-1]
    assert error_lines(first) == error_lines(again)
