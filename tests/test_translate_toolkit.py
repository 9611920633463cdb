"""translate-toolkit's command-line tools on presskit's files, run as a translator would run them."""
# ruff: noqa: F811  (pytest fixtures imported from tests.test_i18n and named as parameters)

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from presskit import model as m
from presskit.i18n import translate
from presskit.i18n.store import i18n_dir
from presskit.i18n.units import Unit, release_units
from presskit.publish.translations import extract, merge
from tests.test_i18n import MARK, fill_po, fill_xliff, load, newsroom, refused, release_dir  # noqa: F401

BIN = Path(sys.executable).parent
XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    return done


def test_po2xliff_output_is_merged(release_dir: Path, tmp_path: Path) -> None:
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
    release_dir: Path,
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


def test_pocount_and_pofilter_read_presskits_po(release_dir: Path, tmp_path: Path) -> None:
    po = tmp_path / "fr.po"
    extract(load(release_dir), "fr", "po", po)
    counted = run("pocount", "--csv", str(po))
    [row] = [line for line in counted.stdout.splitlines() if line.startswith(str(po))]
    fields = row.split(",")
    messages = po_messages(po)
    translated = sum(bool(u.target) for u in messages)
    assert len(messages) == len(units_of(release_dir)) and translated > 40  # the shipped French
    assert (int(fields[1]), int(fields[4]), int(fields[8])) == (translated, 0, len(messages))
    report = tmp_path / "checks.po"
    run("pofilter", "-t", "variables", "-t", "xmltags", str(po), str(report))
    assert not report.exists()  # pofilter writes a file only for the messages that fail a check


def test_xliff2po_reads_presskits_xliff(release_dir: Path, tmp_path: Path) -> None:
    xlf, po = tmp_path / "fr.xlf", tmp_path / "fr.po"
    extract(load(release_dir), "fr", "xliff", xlf)
    run("xliff2po", str(xlf), str(po))
    from translate.storage import pypo

    units = [u for u in pypo.pofile.parsestring(po.read_bytes()).units if not u.isheader()]
    assert len(units) == len(units_of(release_dir)) and sum(bool(u.target) for u in units) > 40


# ---------------------------------------------------------------------------
# xliff2po on presskit's XLIFF 1.2: a translator who works in PO converts the file handed out


def units_of(release_dir: Path) -> list[Unit]:
    return list(release_units(load(release_dir)))


def po_messages(po: Path) -> list[Any]:
    from translate.storage import pypo

    return [u for u in pypo.pofile.parsestring(po.read_bytes()).units if not u.isheader()]


def handed_out_as_po(release_dir: Path, tmp_path: Path) -> Path:
    """presskit's XLIFF 1.2 for de, converted with xliff2po as a translator would."""
    shutil.rmtree(release_dir / "i18n")  # nothing translated yet
    xlf, po = tmp_path / "de.xlf", tmp_path / "de.po"
    extract(load(release_dir), "de", "xliff", xlf)
    run("xliff2po", str(xlf), str(po))
    return po


def translate_po(po: Path, change: Callable[[str], str] = lambda text: f"{MARK} {text}") -> None:
    """Play translator in a PO editor: every msgstr written (placeholder tokens kept), none fuzzy."""
    from translate.storage import pypo

    store = pypo.pofile.parsestring(po.read_bytes())
    for message in store.units:
        if not message.isheader():
            message.target = change(str(message.source))
            message.markfuzzy(False)
    po.write_bytes(bytes(store))


def test_xliff2po_keeps_every_placeholder_and_names_every_unit(release_dir: Path, tmp_path: Path) -> None:
    po = handed_out_as_po(release_dir, tmp_path)
    units = units_of(release_dir)
    messages = po_messages(po)
    assert len(messages) == len(units)
    references = [message.getlocations() for message in messages]
    assert references == [
        [f"gta-2025/de:{unit.id}"] for unit in units
    ]  # the `#:` line: release, language, id
    # The msgid is presskit's PO text, placeholder tokens and all, so its hash is the unit's.
    assert [str(message.source) for message in messages] == [unit.text for unit in units]
    tokens = [message.source for message in messages if "{" in message.source]
    assert any("{stat:ai-csam-rise}" in t for t in tokens) and any(
        "{1}weprotect.org{/1}" in t for t in tokens
    )
    # A msgid several units share (the organisation's name) gets the reference as its msgctxt.
    shared = [message for message in messages if message.source == "WeProtect Global Alliance"]
    assert len(shared) > 1
    assert [message.getcontext() for message in shared] == [
        ref for message in shared for ref in message.getlocations()
    ]


def test_xliff2po_then_a_po_editor_then_merge_builds_the_translation(  # type: ignore[no-untyped-def]
    release_dir: Path,
    tmp_path: Path,
    theme,
) -> None:
    po = handed_out_as_po(release_dir, tmp_path)
    translate_po(po)
    [result] = merge(load(release_dir), [po])
    assert result.format == "po" and result.locale == "de" and result.status is not None
    assert result.status.counts.missing == [] and result.status.counts.stale == []
    assert len(result.added) == len(units_of(release_dir))
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release))
    assert warnings == []
    assert_built_with_inline_structure(translated, theme)
    # The same store as when the translator had been handed presskit's own PO.
    assert translated_texts(translated) == po_round_trip(release_dir, tmp_path)


def test_xliff2po_then_po2xliff_is_merged(release_dir: Path, tmp_path: Path, theme) -> None:  # type: ignore[no-untyped-def]
    po = handed_out_as_po(release_dir, tmp_path)
    translate_po(po)
    xlf = tmp_path / "returned.xlf"
    run("po2xliff", str(po), str(xlf))
    root = etree.parse(str(xlf)).getroot()
    assert etree.QName(root).namespace == XLIFF11
    [file] = root.iter(f"{{{XLIFF11}}}file")
    assert (
        file.get("target-language") is None and file.get("source-language") == "en-US"
    )  # po2xliff's default
    [result] = merge(load(release_dir), [xlf])
    assert result.format == "xliff" and result.locale == "de" and result.status is not None
    assert result.status.counts.missing == [] and result.status.counts.stale == []
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release))
    assert warnings == []
    assert_built_with_inline_structure(translated, theme)
    assert translated_texts(translated) == po_round_trip(release_dir, tmp_path)


def translated_texts(release: m.Release) -> list[str]:
    """Every unit of a translated release as PO text: its words and its placeholders."""
    return [unit.text for unit in release_units(release)]


def po_round_trip(release_dir: Path, tmp_path: Path) -> list[str]:
    """The release translated the same way through presskit's own PO, in a copy of the release."""
    other = tmp_path / "own-po" / "releases"
    shutil.copytree(release_dir.parent, other)
    shutil.rmtree(other / "gta-2025" / "i18n")
    po = tmp_path / "own.de.po"
    extract(load(other / "gta-2025"), "de", "po", po)
    fill_po(po)
    merge(load(other / "gta-2025"), [po])
    release = load(other / "gta-2025")
    translated, warnings = translate(release, "de", i18n_dir(release))
    assert warnings == []
    texts = translated_texts(translated)
    assert all(text.startswith(MARK) for text in texts)
    return texts


def assert_built_with_inline_structure(translated: m.Release, theme: Any) -> None:
    """The built web page shows the translation with its link, italics and statistics in place."""
    from lxml import html

    from presskit.renderers import render as render_format

    page = html.fromstring(render_format("html", translated, theme, "de"))
    text = page.text_content()
    assert f"{MARK} Experts unveil practical plan" in text
    [link] = [
        a
        for a in page.iter("a")
        if a.get("href") == "https://www.weprotect.org/" and a.text_content() == "weprotect.org"
    ]
    assert (link.getparent().text_content() or "").startswith(MARK)
    assert any(e.text_content() == "Model National Response Framework" for e in page.iter("em", "i"))
    from presskit.words.wording import format_statistic

    assert m.StatRef("ai-csam-rise") in translated.highlights[0]
    shown = format_statistic(translated.statistics["ai-csam-rise"], "de")
    [highlight] = [e for e in page.iter("li") if e.text_content().startswith(f"{MARK} There was a")]
    assert shown in highlight.text_content() and "{stat:" not in text


def test_a_placeholder_dropped_in_xliff2pos_po_is_named_as_po_writes_it(
    release_dir: Path, tmp_path: Path
) -> None:
    po = handed_out_as_po(release_dir, tmp_path)
    translate_po(po, lambda text: f"{MARK} {text}".replace("{1}weprotect.org{/1}", "weprotect.org"))
    [message] = refused(release_dir, [po])
    assert re.fullmatch(
        r".*de\.po:\d+: organisation\.boilerplate\[1\]: the translation drops \{1\}…\{/1\}", message
    ), message


def test_a_po_from_xliff2po_without_its_references_is_refused_clearly(
    release_dir: Path, tmp_path: Path
) -> None:
    po = handed_out_as_po(release_dir, tmp_path)
    translate_po(po)
    po.write_text(
        re.sub(r"^#: .*\n", "", po.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8"
    )
    [message] = refused(release_dir, [po])
    assert message.startswith("de.po: a message without msgctxt (presskit's unit id): 'Experts unveil")
    assert "keep the msgctxt lines presskit wrote, or the #: references in a PO made by xliff2po" in message


# ---------------------------------------------------------------------------
# Files returned in the <g>/<x> codes presskit wrote before


def to_g_and_x(path: Path) -> None:
    """presskit's XLIFF 1.2 as it was written before: <g id>…</g> and empty <x id/>, no tokens inside."""
    from presskit.i18n.returned import XLIFF12

    tree = etree.parse(str(path))
    for part in tree.getroot().iter(f"{{{XLIFF12}}}source", f"{{{XLIFF12}}}target"):
        for point in list(part.iter(f"{{{XLIFF12}}}ph")):
            point.tag, point.text = f"{{{XLIFF12}}}x", None
        while (begin := part.find(f".//{{{XLIFF12}}}bpt")) is not None:
            parent = begin.getparent()
            assert parent is not None
            siblings = list(parent)
            end = next(e for e in siblings if e.tag == f"{{{XLIFF12}}}ept" and e.get("id") == begin.get("id"))
            pair = etree.Element(f"{{{XLIFF12}}}g", dict(begin.attrib))
            pair.text, pair.tail = begin.tail, end.tail
            for inside in siblings[siblings.index(begin) + 1 : siblings.index(end)]:
                pair.append(inside)
            parent.replace(begin, pair)
            parent.remove(end)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_a_file_returned_with_g_and_x_merges_and_is_handed_back_with_bpt_and_ph(
    release_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(release_dir / "i18n")
    xlf = tmp_path / "old.de.xlf"
    extract(load(release_dir), "de", "xliff", xlf)
    to_g_and_x(xlf)
    text = xlf.read_text(encoding="utf-8")
    assert '<g id="1" ctype="link">weprotect.org</g>' in text and "<bpt" not in text and "<ph" not in text
    fill_xliff(xlf)
    [result] = merge(load(release_dir), [xlf])
    assert result.status is not None and result.status.counts.missing == []
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release))
    assert warnings == [] and translated_texts(translated) == po_round_trip(release_dir, tmp_path)
    # Handed out again, the kept targets take the sources' notation: one notation per unit.
    again = tmp_path / "again.de.xlf"
    extract(load(release_dir), "de", "xliff", again)
    handed = again.read_text(encoding="utf-8")
    assert "<g " not in handed and "<x " not in handed
    assert (
        f"{MARK} Its membership" in handed
        and '<bpt id="1" ctype="link">{1}</bpt>weprotect.org<ept id="1">{/1}</ept>' in handed
    )


def test_a_placeholder_dropped_in_a_g_and_x_file_is_named_as_that_file_writes_it(
    release_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(release_dir / "i18n")
    xlf = tmp_path / "old.de.xlf"
    extract(load(release_dir), "de", "xliff", xlf)
    to_g_and_x(xlf)
    fill_xliff(xlf)
    xlf.write_text(
        xlf.read_text(encoding="utf-8").replace(
            f'{MARK} There was a <x id="1" ctype="x-presskit-stat" equiv-text="{{stat:ai-csam-rise}}"/>',
            f"{MARK} There was a",
            1,
        )
    )
    [message] = refused(release_dir, [xlf])
    assert message.endswith(
        'highlights[0]: the translation drops <x id="1" equiv-text="{stat:ai-csam-rise}"/>'
    ), message
