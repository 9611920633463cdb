"""translate-toolkit's command-line tools on presskit's files, run as a translator would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import etree

from presskit.i18n import translate
from presskit.i18n.store import i18n_dir
from presskit.publish.translations import extract, merge
from tests.test_i18n import fill_po, load, newsroom, release_dir  # noqa: F401

BIN = Path(sys.executable).parent
XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    return done


def test_po2xliff_output_is_merged(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    po, xlf = tmp_path / "de.po", tmp_path / "de.xlf"
    extract(load(release_dir), "de", "po", po)
    fill_po(po)
    run("po2xliff", str(po), str(xlf))
    root = etree.parse(str(xlf)).getroot()
    assert etree.QName(root).namespace == XLIFF11 and root.get("version") == "1.1"
    [result] = merge(load(release_dir), [xlf])
    assert result.format == "xliff" and result.status is not None
    assert result.status.counts.missing == [] and result.status.counts.stale == []
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release))
    assert warnings == [] and translated.headline.startswith("ZXQ ")
    assert "ZXQ" in repr(translated.highlights[0])  # {stat:…} placeholders read back from PO text


def test_a_placeholder_broken_after_po2xliff_is_named_as_the_file_shows_it(
    release_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    po, xlf = tmp_path / "de.po", tmp_path / "de.xlf"
    extract(load(release_dir), "de", "po", po)
    fill_po(po)
    run("po2xliff", str(po), str(xlf))
    xlf.write_text(xlf.read_text(encoding="utf-8").replace("{stat:ai-csam-rise} rise", "rise", 2))
    from presskit.errors import ValidationFailed

    try:
        merge(load(release_dir), [xlf])
    except ValidationFailed as failed:
        messages = [p.message for p in failed.problems]
    else:
        raise AssertionError("a dropped placeholder was merged")
    assert messages == ["the translation drops {stat:ai-csam-rise}"]


def test_pocount_and_pofilter_read_presskits_po(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    po = tmp_path / "fr.po"
    extract(load(release_dir), "fr", "po", po)
    counted = run("pocount", "--csv", str(po))
    [row] = [line for line in counted.stdout.splitlines() if line.startswith(str(po))]
    fields = row.split(",")
    assert (int(fields[1]), int(fields[4]), int(fields[8])) == (52, 0, 52)  # all translated, none fuzzy
    report = tmp_path / "checks.po"
    run("pofilter", "-t", "variables", "-t", "xmltags", str(po), str(report))
    assert not report.exists()  # pofilter writes a file only for the messages that fail a check


def test_xliff2po_reads_presskits_xliff(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    xlf, po = tmp_path / "fr.xlf", tmp_path / "fr.po"
    extract(load(release_dir), "fr", "xliff", xlf)
    run("xliff2po", str(xlf), str(po))
    from translate.storage import pypo

    units = [u for u in pypo.pofile.parsestring(po.read_bytes()).units if not u.isheader()]
    assert len(units) == 52 and all(u.target for u in units)
