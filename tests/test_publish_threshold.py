"""Extracting a file does not publish a language: `build -l all` publishes a locale only at
i18n.publish_at (100% unless presskit.yaml sets it); and translators' files in any format
(.xlf, .xliff, .po) land where status, merge and build read them, one per locale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from presskit.cli import cli
from tests.conftest import ROOT

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
NOW = "2025-12-12T12:00:00+00:00"
UNITS = 65  # the example's units


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """The example newsroom with one French unit's translation taken out (fr: 64 of 65)."""
    root = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", root)
    path = root / "gta-2025" / "i18n" / "fr.xlf"
    tree = etree.parse(str(path))
    [unit] = [u for u in tree.getroot().iter(f"{{{XLIFF12}}}trans-unit") if u.get("id") == "body[5]"]
    unit.getparent().remove(unit)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return root


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def build(news: Path, out: Path, *args: str) -> Any:
    return run("build", str(news / "gta-2025"), "-o", str(out), "-f", "html", "--now", NOW, *args)


def set_threshold(news: Path, value: str) -> None:
    with (news / "presskit.yaml").open("a", encoding="utf-8") as file:
        file.write(f"\ni18n:\n  publish_at: {value}\n")


def built_locales(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "gta-2025").iterdir() if p.is_dir() and p.name != "assets")


def test_an_incomplete_locale_is_skipped_with_a_located_warning(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(news, out, "-l", "all")
    assert result.exit_code == 0, result.output
    assert built_locales(out) == ["ar", "en-GB"]
    expected = (
        f"{news / 'gta-2025' / 'i18n' / 'fr.xlf'}: warning: fr: {UNITS - 1} of {UNITS} units translated (98%); "
        "not published (i18n.publish_at: 100%)"
    )
    assert expected in result.stderr
    # Nothing of the skipped locale is linked: no hreflang alternate points to it.
    page = lxml.html.fromstring((out / "gta-2025" / "en-GB" / "gta-2025.html").read_bytes())
    assert "fr" not in {link.get("hreflang") for link in page.xpath("//link[@hreflang]")}
    assert "ar" in {link.get("hreflang") for link in page.xpath("//link[@hreflang]")}
    # The fallback warnings of a locale left out are not shown: it was not built.
    assert "body[5]" not in result.stderr


def test_strict_does_not_fail_on_a_locale_left_out(news: Path, tmp_path: Path) -> None:
    result = build(news, tmp_path / "out", "-l", "all", "--strict")
    assert result.exit_code == 0, result.output
    assert "fr: 64 of 65 units translated" in result.stderr
    assert built_locales(tmp_path / "out") == ["ar", "en-GB"]


def test_publish_at_lets_a_mostly_translated_locale_out(news: Path, tmp_path: Path) -> None:
    set_threshold(news, "80%")
    out = tmp_path / "out"
    result = build(news, out, "-l", "all")
    assert result.exit_code == 0, result.output
    assert built_locales(out) == ["ar", "en-GB", "fr"]
    assert "not published" not in result.stderr
    assert re.search(r"fr\.xlf: warning: body\[5\]: not translated into fr", result.stderr)


def test_a_freshly_extracted_file_publishes_nothing(news: Path, tmp_path: Path) -> None:
    set_threshold(news, "80")
    assert run("i18n", "extract", str(news / "gta-2025"), "-l", "it").exit_code == 0
    out = tmp_path / "out"
    result = build(news, out, "-l", "all")
    assert result.exit_code == 0, result.output
    assert f"it: 0 of {UNITS} units translated (0%); not published (i18n.publish_at: 80%)" in result.stderr
    assert "it" not in built_locales(out)


def test_a_locale_named_is_built_however_little_is_translated(news: Path, tmp_path: Path) -> None:
    assert run("i18n", "extract", str(news / "gta-2025"), "-l", "it").exit_code == 0
    out = tmp_path / "out"
    result = build(news, out, "-l", "en-GB,fr,it")
    assert result.exit_code == 0, result.output
    assert built_locales(out) == ["en-GB", "fr", "it"]
    assert "not published" not in result.stderr
    assert "body[5]: not translated into fr" in result.stderr


def test_publish_at_zero_publishes_every_file(news: Path, tmp_path: Path) -> None:
    set_threshold(news, "0%")
    assert run("i18n", "extract", str(news / "gta-2025"), "-l", "it").exit_code == 0
    out = tmp_path / "out"
    assert build(news, out, "-l", "all").exit_code == 0
    assert built_locales(out) == ["ar", "en-GB", "fr", "it"]


# -- files in any format ------------------------------------------------------


def fill_po(path: Path, text: str = "⟪{}⟫") -> None:
    from translate.storage import pypo

    store = pypo.pofile.parsestring(path.read_bytes())
    for unit in store.units:
        if not unit.isheader():
            unit.target = text.format(unit.source)
    path.write_bytes(bytes(store))


@pytest.mark.parametrize(("fmt", "suffix"), [("po", ".po"), ("xliff2", ".xliff")])
def test_a_locale_kept_in_another_format_is_read_merged_and_built(
    news: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    folder = news / "gta-2025"
    i18n = folder / "i18n"
    assert run("i18n", "extract", str(folder), "-l", "de", "--format", fmt).exit_code == 0
    status = run("i18n", "status", str(folder), "-l", "de")
    assert status.exit_code == 0, status.output
    assert f"de: {UNITS} units, 0 translated, {UNITS} missing" in status.output
    listed = run("i18n", "status", str(folder))
    assert "→ de:" in listed.output  # found without being named
    # The translator returns a PO file; merging it keeps de in its own format.
    returned = tmp_path / "de.po"
    assert (
        run("i18n", "extract", str(folder), "-l", "de", "--format", "po", "-o", str(returned)).exit_code == 0
    )
    fill_po(returned)
    merged = run("i18n", "merge", str(folder), str(returned))
    assert merged.exit_code == 0, merged.output
    assert f"into {i18n / ('de' + suffix)}" in merged.output
    assert sorted(p.name for p in i18n.iterdir() if not p.name.endswith(".bak-1")) == [
        "ar.xlf",
        f"de{suffix}",
        "fr.xlf",
    ]
    from presskit.i18n.store import read_translation_file

    assert read_translation_file(i18n / f"de{suffix}").format == fmt
    out = tmp_path / "out"
    built = build(news, out, "-l", "all", "-f", "txt")
    assert built.exit_code == 0, built.output
    assert "de" in built_locales(out)
    assert "⟪" in (out / "gta-2025" / "de" / "gta-2025.txt").read_text(encoding="utf-8")


def test_two_files_for_one_locale_are_a_located_error(news: Path, tmp_path: Path) -> None:
    i18n = news / "gta-2025" / "i18n"
    assert run("i18n", "extract", str(news / "gta-2025"), "-l", "de", "--format", "po").exit_code == 0
    shutil.copy(i18n / "fr.xlf", tmp_path / "fr.xlf")
    (i18n / "de.xlf").write_bytes((i18n / "fr.xlf").read_bytes())  # any second file for de
    expected = (
        f"{i18n / 'de.xlf'}: de: 2 translation files for one locale (de.po and de.xlf); "
        "presskit reads one per locale"
    )
    checked = run("check", str(news / "gta-2025"), "--now", NOW)
    assert checked.exit_code == 1 and expected in checked.stderr, checked.output
    built = build(news, tmp_path / "out", "-l", "all")
    assert built.exit_code == 1 and expected in built.stderr, built.output
    status = run("i18n", "status", str(news / "gta-2025"), "-l", "de")
    assert status.exit_code == 1 and expected in status.output
