"""Translators' files: units, placeholders, XLIFF 1.2/2.0 and PO, merge safety, status, translate()."""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.i18n import translate
from presskit.i18n.files import resolve
from presskit.i18n.inline import Tag, TargetError, check_target, parse_po, po_text, source_pieces, to_inlines
from presskit.i18n.store import canonical_locale, i18n_dir
from presskit.i18n.translate import available_locales
from presskit.i18n.units import apply_values, release_units
from presskit.i18n.workflow import header_for, render, status
from presskit.i18n.xliff import XLIFF12, XLIFF20
from presskit.publish.inputs import load_release
from presskit.publish.translations import extract, merge
from tests.conftest import EXAMPLE, ROOT

MARK = "ZXQ"  # what the test "translator" puts in front of every unit
BIN = Path(sys.executable).parent


# ---------------------------------------------------------------------------
# Helpers: a writable copy of the example newsroom, and a translator that fills every target


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A copy of releases/ (newsroom, example release, its translations) to write into."""
    target = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", target)
    return target


@pytest.fixture
def release_dir(newsroom: Path) -> Path:
    return newsroom / "gta-2025"


@pytest.fixture
def fresh_release_dir(release_dir: Path) -> Path:
    """The example copy without its shipped translations."""
    shutil.rmtree(release_dir / "i18n")
    return release_dir


def load(release_dir: Path) -> m.Release:
    return load_release(release_dir)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _prefix_first_text(element: etree._Element, prefix: str) -> None:
    element.text = prefix + (element.text or "")


def fill_xliff(path: Path, translate_text: Callable[[str], str] = lambda s: f"{MARK} {s}") -> None:
    """Play translator: every <target> is the source with its text changed, inline codes kept."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    ns = etree.QName(root).namespace
    if ns == XLIFF12:
        holders = list(root.iter(f"{{{ns}}}trans-unit"))
    else:
        holders = list(root.iter(f"{{{ns}}}segment"))
    for holder in holders:
        source = holder.find(f"{{{ns}}}source")
        assert source is not None
        old = holder.find(f"{{{ns}}}target")
        if old is not None:
            holder.remove(old)
        target = copy.deepcopy(source)
        target.tag = f"{{{ns}}}target"
        for node in target.iter():
            if node.text:
                node.text = translate_text(node.text) if node is target else node.text
        source.addnext(target)
        if ns == XLIFF12:
            target.set("state", "translated")
        else:
            holder.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def fill_po(path: Path) -> None:
    from translate.storage import pypo

    store = pypo.pofile.parsestring(path.read_bytes())
    for unit in store.units:
        if not unit.isheader():
            unit.target = f"{MARK} {unit.source}"
            unit.markfuzzy(False)
    path.write_bytes(bytes(store))


def translated_round_trip(release_dir: Path, fmt: str, tmp_path: Path) -> m.Release:
    release = load(release_dir)
    handed = tmp_path / f"handed-out.{ {'xliff': 'xlf', 'xliff2': 'xliff', 'po': 'po'}[fmt] }"
    extract(release, "de", fmt, handed)  # type: ignore[arg-type]
    (fill_po if fmt == "po" else fill_xliff)(handed)
    merge(release, [handed])
    translated, problems = translate(release, "de", i18n_dir(release))
    assert problems == []
    return translated


# ---------------------------------------------------------------------------
# Units


def test_units_are_every_translatable_field_with_stable_path_ids(example_release: m.Release) -> None:
    units = release_units(example_release)
    ids = [u.id for u in units]
    assert len(ids) == len(set(ids))
    assert len({u.xliff2_id for u in units}) == len(units)
    for expected in (
        "headline",
        "standfirst",
        "dateline",
        "highlights[0]",
        "highlights[2]",
        "body[0]",
        "body[4]",
        "body[16].items[2]",
        "quotes.drennan.text",
        "quotes.landers.speaker.roles[1]",
        "statistics.gdp-cost.label",
        "call_to_action.text",
        "press_kit.text",
        "end_mark",
        "notes_to_editors[0].items[1]",
        "organisation.boilerplate[1]",
        "organisation.logo_alt",
        "contacts.press-office.role",
        "assets[0].caption",
        "assets[0].alt",
    ):
        assert expected in ids
    # Quote placements and the list itself carry no text of their own.
    assert "body[3]" not in ids and "body[16]" not in ids
    headline = units[0]
    assert headline.max_length == 300 and "300 characters" in headline.note
    assert all(re.fullmatch(r"[0-9a-f]{16}", u.hash) for u in units)


def test_unit_hash_changes_with_the_source_text_only(example_release: m.Release) -> None:
    before = {u.id: u.hash for u in release_units(example_release)}
    changed = dataclasses.replace(example_release, headline=example_release.headline + "!")
    after = {u.id: u.hash for u in release_units(changed)}
    assert [k for k in before if before[k] != after[k]] == ["headline"]


def test_apply_values_replaces_exactly_the_named_fields(example_release: m.Release) -> None:
    units = {u.id: u for u in release_units(example_release)}
    new = apply_values(
        example_release,
        {
            "headline": "Titre",
            "body[16].items[2]": (m.Text("Sécurité numérique"),),
            "quotes.landers.speaker.roles[1]": "directrice",
            "assets[0].alt": "Couverture",
        },
    )
    assert new.headline == "Titre"
    item = new.body[16]
    assert isinstance(item, m.ListBlock) and item.items[2] == (m.Paragraph((m.Text("Sécurité numérique"),)),)
    assert new.quotes["landers"].speaker.roles == ("Assistant Professor", "directrice")
    assert new.assets[0].alt == "Couverture"
    after = {u.id: u for u in release_units(new)}
    changed = sorted(k for k in units if units[k].source != after[k].source)
    assert changed == ["assets[0].alt", "body[16].items[2]", "headline", "quotes.landers.speaker.roles[1]"]


# ---------------------------------------------------------------------------
# Placeholders

SOURCE: m.Inlines = (
    m.Text("See "),
    m.Strong(
        (m.Text("the "), m.Emphasis((m.Text("new"),)), m.Text(" report")),
    ),
    m.Text(": "),
    m.StatRef("rise"),
    m.Text(" at "),
    m.Link("https://example.org/r", (m.Text("example.org"),)),
    m.LineBreak(),
    m.Code("x=1"),
)


def test_source_becomes_numbered_placeholders_in_po_form() -> None:
    pieces, placeholders = source_pieces(SOURCE)
    assert po_text(pieces) == "See {1}the {2}new{/2} report{/1}: {stat:rise} at {4}example.org{/4}{br}{6/}"
    assert [p.kind for p in placeholders.values()] == ["bold", "italic", "stat", "link", "break", "code"]
    # PO names statistics and breaks rather than numbering them; matched to the source, they are the same.
    assert check_target(parse_po(po_text(pieces)), pieces) == pieces


def test_a_translation_may_move_placeholders_but_keeps_every_one() -> None:
    pieces, placeholders = source_pieces(SOURCE)
    text = "{br}{6/} Voir {4}example.org{/4} : {stat:rise}, {1}le {2}nouveau{/2} rapport{/1}"
    checked = check_target(parse_po(text), pieces)
    inlines = to_inlines(checked, placeholders)
    assert inlines[0] == m.LineBreak()
    assert m.Code("x=1") in inlines
    assert m.Link("https://example.org/r", (m.Text("example.org"),)) in inlines
    assert m.StatRef("rise") in inlines
    assert m.Strong((m.Text("le "), m.Emphasis((m.Text("nouveau"),)), m.Text(" rapport"))) in inlines


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Voir {1}le {2}nouveau{/2} rapport{/1} : {4}x{/4}{br}{6/}", "drops {stat:rise}"),
        ("Voir le nouveau rapport : {stat:rise} {4}x{/4}{br}{6/}", "drops {1}…{/1}"),
        ("{1}{2}a{/2}{/1} {stat:rise} {stat:rise} {4}x{/4}{br}{6/}", "more often than the source"),
        ("{1}{2}a{/2}{/1} {stat:fall} {4}x{/4}{br}{6/}", "adds {stat:fall}"),
        ("{1}{2}a{/1}{/2} {stat:rise} {4}x{/4}{br}{6/}", "closed before it is opened or across"),
        ("{1}{2}a{/2}{/1} {stat:rise} {4}x{/4}{br}{6/} {9}b{/9}", "adds {9}…{/9}"),
        ("{1}{2}a{/2}{/1} {stat:rise} {4/}{br}{6/}", "must enclose text"),
        ("{1}{2}a{/2} {stat:rise} {4}x{/4}{br}{6/}", "opened but not closed"),
    ],
)
def test_a_translation_that_breaks_placeholders_is_refused(translation: str, message: str) -> None:
    pieces, _ = source_pieces(SOURCE)
    with pytest.raises(TargetError, match=re.escape(message)):
        check_target(parse_po(translation), pieces)


def test_link_targets_come_from_the_source_never_the_translation() -> None:
    pieces, placeholders = source_pieces(SOURCE)
    # Whatever a translator writes, a tag only says "placeholder 4": the URL is the source's.
    checked = check_target(
        (Tag("open", 1), Tag("open", 2), "a", Tag("close", 2), Tag("close", 1))
        + (Tag("point", 3), Tag("open", 4), "evil", Tag("close", 4), Tag("point", 5), Tag("point", 6)),
        pieces,
    )
    links = [n for n in to_inlines(checked, placeholders) if isinstance(n, m.Link)]
    assert links == [m.Link("https://example.org/r", (m.Text("evil"),))]


# ---------------------------------------------------------------------------
# Round trips through each format, into the model and every output format


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "po"])
def test_round_trip_puts_every_translation_into_the_model(
    fmt: str, fresh_release_dir: Path, tmp_path: Path
) -> None:
    translated = translated_round_trip(fresh_release_dir, fmt, tmp_path)
    source = load(fresh_release_dir)
    assert translated.locale == "de"
    assert translated.headline == f"{MARK} {source.headline}"
    for unit in release_units(translated):
        text = unit.source if isinstance(unit.source, str) else po_text(unit.pieces)
        assert text.startswith(MARK), unit.id
    # Inline structure survives: the italic framework name, the boilerplate link, the statistics.
    body13 = translated.body[13]
    assert isinstance(body13, m.Paragraph)
    assert m.Emphasis((m.Text("Model National Response Framework"),)) in body13.children
    about = translated.organisation.boilerplate[1]
    assert isinstance(about, m.Paragraph)
    assert m.Link("https://www.weprotect.org/", (m.Text("weprotect.org"),)) in about.children
    assert m.StatRef("ai-csam-rise") in translated.highlights[0]


def test_translated_text_reaches_all_four_formats(fresh_release_dir: Path, tmp_path: Path, theme) -> None:  # type: ignore[no-untyped-def]
    from presskit.renderers import render as render_format
    from tests.extract import EXTRACTORS

    translated = translated_round_trip(fresh_release_dir, "xliff", tmp_path)
    for name, read in EXTRACTORS.items():
        text = read(render_format(name, translated, theme, "de"))
        assert f"{MARK} Experts unveil practical plan" in text, name
        assert f"{MARK} Child participation and leadership" in text, name
        assert f"{MARK} Press Office" in text, name
        assert "ZUR SOFORTIGEN VERÖFFENTLICHUNG" in text or "SPERRFRIST" in text, name


def test_merge_into_xliff2_and_po_gives_the_same_store(fresh_release_dir: Path, tmp_path: Path) -> None:
    stores = []
    for fmt in ("xliff", "xliff2", "po"):
        store = fresh_release_dir / "i18n" / "de.xlf"
        store.unlink(missing_ok=True)
        translated_round_trip(fresh_release_dir, fmt, tmp_path)
        stores.append(_without_tool_markup(store.read_bytes()))
    # What each format's tool wrote besides the words is kept too (tests/test_i18n_fidelity.py).
    assert stores[0] == stores[1] == stores[2]


def _without_tool_markup(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for kept in root.findall(".//{urn:presskit:i18n:kept:1}kept"):
        parent = kept.getparent()
        assert parent is not None
        parent.remove(kept)
    for unit in root.iter(f"{{{XLIFF12}}}trans-unit"):
        unit.attrib.pop("approved", None)
        for node in unit:  # the indentation around the removed element
            if node.tail is not None and not node.tail.strip():
                node.tail = None
    return etree.tostring(root, method="c14n")


# ---------------------------------------------------------------------------
# Stale, missing, moved


def edit_release(release_dir: Path, old: str, new: str) -> None:
    path = release_dir / "release.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changing_a_source_field_makes_exactly_that_unit_stale(release_dir: Path) -> None:
    edit_release(release_dir, "reality (XR).", "reality (XR) and beyond.")
    release = load(release_dir)
    for entry in status(release):
        assert entry.counts.stale == ["body[5]"], entry.locale
        assert entry.counts.missing == []
    translated, problems = translate(release, "fr", i18n_dir(release))
    assert [(p.field, p.severity) for p in problems] == [("body[5]", "warning")]
    assert "stale" in problems[0].message and "en-GB text is used" in problems[0].message
    assert problems[0].line is not None
    body5 = translated.body[5]
    assert isinstance(body5, m.Paragraph) and "and beyond" in po_text(source_pieces(body5.children)[0])
    assert translated.headline.startswith("Des experts")


def test_re_extract_keeps_translations_and_their_stale_state(release_dir: Path) -> None:
    edit_release(release_dir, "Digital safety", "Online safety")
    release = load(release_dir)
    store = release_dir / "i18n" / "fr.xlf"
    result = extract(release, "fr")
    assert result.written.path == store and result.written.changed
    assert result.written.backup == store.with_name("fr.xlf.bak-1")
    assert result.status.counts.stale == ["body[16].items[2]"]
    assert len(result.status.counts.current) == result.status.counts.total - 1
    root = etree.parse(str(store)).getroot()
    unit = next(u for u in root.iter(f"{{{XLIFF12}}}trans-unit") if u.get("id") == "body[16].items[2]")
    source = unit.find(f"{{{XLIFF12}}}source")
    target = unit.find(f"{{{XLIFF12}}}target")
    assert source is not None and source.text == "Online safety"
    assert target is not None and target.text == "Sécurité numérique"
    assert target.get("state") == "needs-review-translation"
    # Extracting again changes nothing and keeps no further backup.
    again = extract(load(release_dir), "fr")
    assert not again.written.changed and again.written.backup is None
    assert not store.with_name("fr.xlf.bak-2").exists()


def test_a_reviewed_stale_unit_becomes_current_after_merge(release_dir: Path, tmp_path: Path) -> None:
    edit_release(release_dir, "Digital safety", "Online safety")
    release = load(release_dir)
    handed = tmp_path / "fr.xlf"
    extract(release, "fr", "xliff", handed)
    tree = etree.parse(str(handed))
    for unit in tree.getroot().iter(f"{{{XLIFF12}}}trans-unit"):
        target = unit.find(f"{{{XLIFF12}}}target")
        if unit.get("id") == "body[16].items[2]":
            assert target is not None
            target.text = "Sécurité en ligne"
            target.set("state", "translated")
    tree.write(str(handed), xml_declaration=True, encoding="UTF-8")
    [result] = merge(release, [handed])
    assert result.updated == ("body[16].items[2]",)
    assert result.status is not None and result.status.counts.stale == []
    translated, problems = translate(release, "fr", i18n_dir(release))
    assert problems == []
    item = translated.body[16]
    assert isinstance(item, m.ListBlock) and item.items[2] == (m.Paragraph((m.Text("Sécurité en ligne"),)),)


def test_a_new_paragraph_is_missing_and_the_moved_ones_stay_current(release_dir: Path) -> None:
    edit_release(
        release_dir,
        "body: |\n  The Global Threat Assessment 2025, launched",
        "body: |\n  A brand new opening paragraph.\n\n  The Global Threat Assessment 2025, launched",
    )
    release = load(release_dir)
    [ar, fr] = status(release)
    for entry in (ar, fr):
        assert entry.counts.missing == ["body[0]"]
        assert entry.counts.stale == []
    translated, problems = translate(release, "fr", i18n_dir(release))
    assert [p.field for p in problems] == ["body[0]"]
    second = translated.body[1]
    assert isinstance(second, m.Paragraph) and isinstance(second.children[0], m.Text)
    assert second.children[0].text.startswith("L’Évaluation de la menace mondiale 2025")


# ---------------------------------------------------------------------------
# Merge refuses what it cannot trust, and changes nothing


def handed_out(release_dir: Path, tmp_path: Path, fmt: str = "xliff") -> Path:
    path = tmp_path / {"xliff": "de.xlf", "xliff2": "de.xliff", "po": "de.po"}[fmt]
    extract(load(release_dir), "de", fmt, path)  # type: ignore[arg-type]
    (fill_po if fmt == "po" else fill_xliff)(path)
    return path


def refused(release_dir: Path, files: list[Path], locale: str | None = None) -> list[str]:
    before = snapshot(release_dir)
    with pytest.raises(ValidationFailed) as failed:
        merge(load(release_dir), files, locale)
    assert snapshot(release_dir) == before, "a refused merge changed files"
    return [p.format(base=release_dir.parent.parent) for p in failed.value.problems]


def test_merge_refuses_a_file_for_another_release(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('original="gta-2025"', 'original="other-2026"'))
    [message] = refused(release_dir, [path])
    assert re.fullmatch(
        r".*de\.xlf:3: this file is for release \"other-2026\", not \"gta-2025\" \(.*\)", message
    )


def test_merge_refuses_a_po_file_for_another_release(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path, "po")
    path.write_text(
        path.read_text(encoding="utf-8").replace("X-Presskit-Release: gta-2025", "X-Presskit-Release: x")
    )
    [message] = refused(release_dir, [path])
    assert 'this file is for release "x", not "gta-2025"' in message


def _edit_unit_target(path: Path, unit_id: str, edit: Callable[[etree._Element], None]) -> None:
    tree = etree.parse(str(path))
    for unit in tree.getroot().iter(f"{{{XLIFF12}}}trans-unit"):
        if unit.get("id") == unit_id:
            target = unit.find(f"{{{XLIFF12}}}target")
            assert target is not None
            edit(target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_merge_refuses_a_dropped_placeholder(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)

    def drop(target: etree._Element) -> None:
        target.remove(target[0])

    _edit_unit_target(path, "highlights[0]", drop)
    [message] = refused(release_dir, [path])
    assert re.fullmatch(
        r'.*de\.xlf:\d+: highlights\[0\]: the translation drops <ph id="1">\{stat:ai-csam-rise\}</ph>',
        message,
    ), message


def test_merge_refuses_an_altered_placeholder(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)

    def renumber(target: etree._Element) -> None:
        number = target[0].get("id")
        for code in target:  # the <bpt> and its <ept>
            if code.get("id") == number:
                code.set("id", "7")

    _edit_unit_target(path, "body[13]", renumber)
    [message] = refused(release_dir, [path])
    assert (
        'body[13]: the translation adds <bpt id="7">{7}</bpt>…<ept id="7">{/7}</ept>, which is not' in message
    )


def test_merge_refuses_a_placeholder_added_to_plain_text(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)

    def add(target: etree._Element) -> None:
        etree.SubElement(target, f"{{{XLIFF12}}}x", id="1")

    _edit_unit_target(path, "headline", add)
    [message] = refused(release_dir, [path])
    assert 'headline: the translation adds <x id="1"/>, which is not in the source' in message


def test_merge_refuses_a_broken_po_placeholder(release_dir: Path, tmp_path: Path) -> None:
    from translate.storage import pypo

    path = handed_out(release_dir, tmp_path, "po")
    store = pypo.pofile.parsestring(path.read_bytes())
    [unit] = [u for u in store.units if u.getcontext() == "highlights[0]"]
    unit.target = unit.target.replace("{stat:ai-csam-rise}", "{stat:ai-csam}")
    path.write_bytes(bytes(store))
    [message] = refused(release_dir, [path])
    assert re.search(r"de\.po:\d+: highlights\[0\]: the translation adds \{stat:ai-csam\}", message), message


def test_merge_refuses_a_control_character(release_dir: Path, tmp_path: Path) -> None:
    from translate.storage import pypo

    path = handed_out(release_dir, tmp_path, "po")
    store = pypo.pofile.parsestring(path.read_bytes())
    [unit] = [u for u in store.units if u.getcontext() == "dateline"]
    unit.target = "Ber\x07lin"
    path.write_bytes(bytes(store))
    [message] = refused(release_dir, [path])
    assert "dateline: the translation contains the control character U+0007" in message


def test_merge_refuses_a_headline_over_its_limit(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)

    def lengthen(target: etree._Element) -> None:
        target.text = "x" * 301

    _edit_unit_target(path, "headline", lengthen)
    [message] = refused(release_dir, [path])
    assert "headline: the translation has 301 characters; at most 300 fit" in message


HOSTILE = {
    "malformed": (
        b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file></xliff>\n',
        r"malformed XML: mismatched tag",
    ),
    "xxe": (
        b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">&secret;</xliff>\n',
        r"refused: the file declares XML entities or external references",
    ),
    "billion-laughs": (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">&lol9;</xliff>\n',
        r"refused: the file declares XML entities or external references",
    ),
    "parameter-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>\n<xliff/>\n',
        r"refused: the file declares XML entities",
    ),
    "wrong-namespace": (
        b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.0" version="1.0"/>\n',
        r"unknown XLIFF namespace 'urn:oasis:names:tc:xliff:document:1.0'",
    ),
    "not-xliff": (b'<?xml version="1.0"?>\n<html/>\n', r"not an XLIFF file: the root element is <html>"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_merge_refuses_hostile_and_broken_xml(case: str, release_dir: Path, tmp_path: Path) -> None:
    data, expected = HOSTILE[case]
    path = tmp_path / f"{case}.xlf"
    path.write_bytes(data)
    [message] = refused(release_dir, [path])
    assert re.search(expected, message), message
    assert message.startswith(f"{case}.xlf:") and "\n" not in message
    assert "root:" not in message  # /etc/passwd was never read


def test_merge_refuses_a_target_locale_mismatch(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)
    [message] = refused(release_dir, [path], locale="fr")
    assert "de.xlf:3: the file is a translation into de, not fr" in message


def test_merge_refuses_a_source_locale_mismatch(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('source-language="en-GB"', 'source-language="en-US"')
    )
    [message] = refused(release_dir, [path])
    assert "the file translates from en-US, but gta-2025 is written in en-GB" in message


def test_one_bad_file_refuses_the_whole_merge(release_dir: Path, tmp_path: Path) -> None:
    good = handed_out(release_dir, tmp_path)
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(HOSTILE["malformed"][0])
    messages = refused(release_dir, [good, bad])
    assert len(messages) == 1 and "bad.xlf" in messages[0]


def test_merge_keeps_a_backup_of_the_translations_it_replaces(release_dir: Path, tmp_path: Path) -> None:
    store = release_dir / "i18n" / "fr.xlf"
    before = store.read_bytes()
    handed = tmp_path / "fr.xlf"
    extract(load(release_dir), "fr", "xliff", handed)
    _edit_unit_target(handed, "dateline", lambda t: setattr(t, "text", "Londres (Royaume-Uni)"))
    [result] = merge(load(release_dir), [handed])
    assert result.updated == ("dateline",) and result.added == ()
    assert result.written is not None and result.written.backup == store.with_name("fr.xlf.bak-1")
    assert store.with_name("fr.xlf.bak-1").read_bytes() == before
    # The same file again changes nothing: no second backup.
    [again] = merge(load(release_dir), [handed])
    assert again.written is not None and not again.written.changed
    assert not store.with_name("fr.xlf.bak-2").exists()


def test_merge_skips_units_the_release_no_longer_has(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'id="end_mark" resname="end_mark"', 'id="gone" resname="gone"'
        )
    )
    [result] = merge(load(release_dir), [path])
    assert [w.field for w in result.warnings] == ["gone"]
    assert result.status is not None and result.status.counts.missing == ["end_mark"]


def test_a_broken_translation_file_in_the_release_is_an_error_for_the_build(release_dir: Path) -> None:
    (release_dir / "i18n" / "fr.xlf").write_bytes(HOSTILE["xxe"][0])
    release = load(release_dir)
    with pytest.raises(ValidationFailed) as failed:
        translate(release, "fr", i18n_dir(release))
    assert "refused: the file declares XML entities" in failed.value.problems[0].message


# ---------------------------------------------------------------------------
# translate() and available_locales()


def test_available_locales_are_the_translation_files(release_dir: Path) -> None:
    (release_dir / "i18n" / "fr.xlf.bak-1").write_text("x")
    (release_dir / "i18n" / "notes.xlf").write_text("x")
    assert available_locales(load(release_dir)) == ("ar", "fr")


def test_a_locale_without_a_file_falls_back_with_one_warning(example_release: m.Release) -> None:
    release, problems = translate(example_release, "es", EXAMPLE / "i18n")
    assert release.locale == "es" and release.headline == example_release.headline
    assert [p.severity for p in problems] == ["warning"]
    assert "no translation into es" in problems[0].message


def test_translate_into_the_source_locale_changes_nothing(example_release: m.Release) -> None:
    assert translate(example_release, "en-GB", EXAMPLE / "i18n") == (example_release, [])


def test_missing_units_fall_back_with_a_warning_naming_each(fresh_release_dir: Path, tmp_path: Path) -> None:
    release = load(fresh_release_dir)
    handed = tmp_path / "de.xlf"
    extract(release, "de", "xliff", handed)
    fill_xliff(handed)
    tree = etree.parse(str(handed))
    for unit in tree.getroot().iter(f"{{{XLIFF12}}}trans-unit"):
        if unit.get("id") in ("standfirst", "body[9]"):
            target = unit.find(f"{{{XLIFF12}}}target")
            assert target is not None
            unit.remove(target)
    tree.write(str(handed), xml_declaration=True, encoding="UTF-8")
    merge(release, [handed])
    translated, problems = translate(release, "de", i18n_dir(release))
    assert [(p.field, p.severity) for p in problems] == [("standfirst", "warning"), ("body[9]", "warning")]
    assert all("not translated into de; the en-GB text is used" in p.message for p in problems)
    assert translated.standfirst == (m.Foreign("en-GB", release.standfirst),)  # marked as English
    assert translated.headline.startswith(MARK) and "headline" not in translated.untranslated


# ---------------------------------------------------------------------------
# The files themselves: standard, readable by translate-toolkit's own tools, stable


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_translate_toolkit_tools_read_our_xliff(locale: str, tmp_path: Path) -> None:
    source = EXAMPLE / "i18n" / f"{locale}.xlf"
    counted = run_tool("pocount", "--csv", str(source))
    assert counted.returncode == 0 and "Error" not in counted.stderr, counted.stderr
    total_row = [line for line in counted.stdout.splitlines() if line.startswith(str(source))]
    assert total_row, counted.stdout
    # pocount's CSV: file, translated messages, translated words, fuzzy, ..., untranslated messages, ...
    fields = [f.strip() for f in total_row[0].split(",")]
    assert int(fields[1]) == len(release_units(load_release(EXAMPLE)))
    converted = run_tool("xliff2po", str(source), str(tmp_path / "out.po"))
    assert converted.returncode == 0 and "Error" not in converted.stderr, converted.stderr
    assert (tmp_path / "out.po").read_text(encoding="utf-8").count("msgid") > 40


def test_translate_toolkit_tools_read_our_po(example_release: m.Release, tmp_path: Path) -> None:
    rows = resolve(release_units(example_release), ())
    po = tmp_path / "de.po"
    po.write_bytes(render("po", header_for(example_release, "de"), rows))
    counted = run_tool("pocount", str(po))
    assert counted.returncode == 0 and "Error" not in counted.stderr, counted.stderr
    assert f"Total:           {len(rows)}" in counted.stdout
    converted = run_tool("po2xliff", str(po), str(tmp_path / "de.xlf"))
    assert converted.returncode == 0 and "Error" not in converted.stderr, converted.stderr


def test_translate_toolkit_reads_our_xliff2(example_release: m.Release) -> None:
    from translate.storage.xliff2 import Xliff2File

    rows = resolve(release_units(example_release), ())
    data = render("xliff2", header_for(example_release, "de"), rows)
    store = Xliff2File.parsestring(data)
    assert [u.getunitelement().get("name") for u in store.units] == [r.unit.id for r in rows]
    assert store.getsourcelanguage() == "en-GB" and store.gettargetlanguage() == "de"


def test_xliff12_is_structurally_valid(example_release: m.Release) -> None:
    root = etree.parse(str(EXAMPLE / "i18n" / "ar.xlf")).getroot()
    assert root.tag == f"{{{XLIFF12}}}xliff" and root.get("version") == "1.2"
    [file] = root.findall(f"{{{XLIFF12}}}file")
    assert file.get("original") == "gta-2025"
    assert file.get("source-language") == "en-GB" and file.get("target-language") == "ar"
    assert file.get("datatype") == "plaintext"
    assert [c.tag.split("}")[1] for c in file] == ["header", "body"]
    units = list(file.iter(f"{{{XLIFF12}}}trans-unit"))
    assert [u.get("id") for u in units] == [u.id for u in release_units(example_release)]
    allowed_children = {"source", "target", "note", "context-group"}
    for unit in units:
        children = [c.tag.split("}")[1] for c in unit]
        assert children[:2] == ["source", "target"] and set(children) <= allowed_children
        for part in unit.iter(f"{{{XLIFF12}}}source", f"{{{XLIFF12}}}target"):
            assert {e.tag.split("}")[1] for e in part.iterdescendants()} <= {"bpt", "ept", "ph"}
            for code in part.iterdescendants():
                local, number = code.tag.split("}")[1], code.get("id", "")
                assert number.isdigit() and len(code) == 0
                if local == "ept":  # XLIFF 1.2 gives <ept> no ctype; it closes the <bpt> of its id
                    assert code.get("ctype") is None and code.text == f"{{/{number}}}"
                    continue
                assert code.get("ctype") in (
                    "bold",
                    "italic",
                    "link",
                    "lb",
                    "x-presskit-stat",
                    "x-presskit-code",
                )
                if local == "bpt":  # each code holds its PO token, which xliff2po keeps
                    assert code.text == f"{{{number}}}"
                else:
                    assert re.fullmatch(
                        rf"\{{(?:{number}/|br|stat:[a-z0-9_-]+(?:\|label)?)\}}", code.text or ""
                    )


def test_xliff2_is_structurally_valid(example_release: m.Release) -> None:
    rows = resolve(release_units(example_release), ())
    root = etree.fromstring(render("xliff2", header_for(example_release, "de"), rows))
    assert root.tag == f"{{{XLIFF20}}}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en-GB", "de")
    for unit in root.iter(f"{{{XLIFF20}}}unit"):
        assert re.fullmatch(r"[A-Za-z_][\w.\-]*", unit.get("id", "")), unit.get("id")  # an NMTOKEN-safe id
        names = [etree.QName(c).localname for c in unit]
        assert names == ["metadata", "notes", "segment"]
        assert all(c.get("{http://www.w3.org/XML/1998/namespace}space") is None for c in unit)


@pytest.mark.parametrize(("fmt", "suffix"), [("xliff", "xlf"), ("xliff2", "xliff"), ("po", "po")])
def test_extracted_files_match_their_goldens(
    fmt: str, suffix: str, example_release: m.Release, golden
) -> None:  # type: ignore[no-untyped-def]
    rows = resolve(release_units(example_release), ())
    data = render(fmt, header_for(example_release, "de"), rows)  # type: ignore[arg-type]
    golden.check(f"i18n-gta-2025.de.{suffix}", data.decode("utf-8"))


# ---------------------------------------------------------------------------
# The shipped example translations


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_example_translations_are_complete_and_current(locale: str, example_release: m.Release) -> None:
    [entry] = status(example_release, [locale])
    assert entry.counts.missing == [] and entry.counts.stale == []
    assert len(entry.counts.current) == entry.counts.total == len(release_units(example_release))
    translated, problems = translate(example_release, locale, EXAMPLE / "i18n")
    assert problems == []
    source = {u.id: u.text for u in release_units(example_release)}
    # Names of people and organisations, degrees and a credit that French keeps as written.
    kept_as_is = {
        "quotes.drennan.speaker.name",
        "quotes.drennan.speaker.organisation",
        "quotes.landers.speaker.name",
        "quotes.landers.speaker.post_nominals[0]",
        "quotes.landers.speaker.post_nominals[1]",
        "statistics.ai-csam-rise.source.name",
        "statistics.youth-access.source.name",
        "statistics.gdp-cost.source.name",
        "contacts.press-office.name",
        "contacts.press-office.organisation",
        "assets[0].credit",
        "organisation.name",
    }
    for unit in release_units(translated):
        assert unit.text != source[unit.id] or (locale == "fr" and unit.id in kept_as_is), unit.id
        if locale == "ar":
            assert re.search("[\u0600-\u06ff]", unit.text), (unit.id, unit.text)


def test_example_translation_files_are_exactly_what_extract_writes(example_release: m.Release) -> None:
    for locale in ("fr", "ar"):
        stored = (EXAMPLE / "i18n" / f"{locale}.xlf").read_bytes()
        rows = resolve(release_units(example_release), extract_entries(locale))
        assert render("xliff", header_for(example_release, locale), rows) == stored


def extract_entries(locale: str) -> tuple:  # type: ignore[type-arg]
    from presskit.i18n.store import read_translation_file

    return read_translation_file(EXAMPLE / "i18n" / f"{locale}.xlf").entries


def test_locales_are_spelt_canonically() -> None:
    assert canonical_locale("pt_br") == "pt-BR"
    assert canonical_locale("ZH-hans") == "zh-Hans"
    with pytest.raises(ValueError, match="unknown locale"):
        canonical_locale("xx")
    with pytest.raises(ValueError, match="not a BCP 47"):
        canonical_locale("../../etc")


# ---------------------------------------------------------------------------
# What CAT tools do to files on the way back


def test_segment_markers_in_a_returned_xliff12_target_are_transparent(
    release_dir: Path, tmp_path: Path
) -> None:
    """Trados-style <mrk mtype="seg"> around the target's content."""
    path = handed_out(release_dir, tmp_path)

    def segment(target: etree._Element) -> None:
        mark = etree.Element(f"{{{XLIFF12}}}mrk", mtype="seg", mid="1")
        mark.text, target.text = target.text, None
        for child in list(target):
            mark.append(child)
        target.append(mark)

    _edit_unit_target(path, "body[13]", segment)
    merge(load(release_dir), [path])
    release = load(release_dir)
    translated, problems = translate(release, "de", i18n_dir(release))
    assert problems == []
    body13 = translated.body[13]
    assert isinstance(body13, m.Paragraph)
    assert m.Emphasis((m.Text("Model National Response Framework"),)) in body13.children


def test_xliff2_start_and_end_codes_stand_for_a_paired_code(release_dir: Path, tmp_path: Path) -> None:
    """Some XLIFF 2 tools split <pc> into <sc/>…<ec/>; it is the same placeholder."""
    path = handed_out(release_dir, tmp_path, "xliff2")
    tree = etree.parse(str(path))
    for pc in list(tree.getroot().iter(f"{{{XLIFF20}}}pc")):
        parent = pc.getparent()
        assert parent is not None
        if etree.QName(parent).localname != "target":
            continue
        start = etree.Element(f"{{{XLIFF20}}}sc", id=pc.get("id", ""))
        end = etree.Element(f"{{{XLIFF20}}}ec", startRef=pc.get("id", ""))
        start.tail = pc.text
        end.tail = pc.tail
        index = parent.index(pc)
        parent.remove(pc)
        parent.insert(index, end)
        parent.insert(index, start)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert b"<sc " in path.read_bytes()
    merge(load(release_dir), [path])
    release = load(release_dir)
    translated, problems = translate(release, "de", i18n_dir(release))
    assert problems == []
    about = translated.organisation.boilerplate[1]
    assert isinstance(about, m.Paragraph)
    assert m.Link("https://www.weprotect.org/", (m.Text("weprotect.org"),)) in about.children


def test_xliff2_units_found_by_id_when_a_tool_drops_their_names(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path, "xliff2")
    path.write_text(re.sub(r' name="[^"]*"', "", path.read_text(encoding="utf-8")), encoding="utf-8")
    [result] = merge(load(release_dir), [path])
    assert result.status is not None and result.status.counts.missing == []
    assert "body[16].items[2]" in result.added


def test_a_unit_a_translator_left_for_review_is_not_used(release_dir: Path, tmp_path: Path) -> None:
    path = handed_out(release_dir, tmp_path)
    _edit_unit_target(path, "dateline", lambda t: t.set("state", "needs-review-translation"))
    _edit_unit_target(path, "standfirst", lambda t: t.set("state", "new"))
    [result] = merge(load(release_dir), [path])
    assert result.status is not None
    assert result.status.counts.stale == ["dateline"] and result.status.counts.missing == ["standfirst"]


@pytest.mark.parametrize(("locale", "fmt"), [("fr", "po"), ("de", "xliff"), ("fr", "xliff2")])
def test_extract_never_writes_over_another_locale_or_format_in_the_translations(
    release_dir: Path, locale: str, fmt: str
) -> None:
    before = snapshot(release_dir)
    with pytest.raises(ValidationFailed) as failed:
        extract(load(release_dir), locale, fmt, release_dir / "i18n" / "fr.xlf")  # type: ignore[arg-type]
    assert "holds the fr translations the build reads" in failed.value.problems[0].message
    assert snapshot(release_dir) == before


def test_two_files_for_one_locale_are_merged_in_order_with_one_write(
    release_dir: Path, tmp_path: Path
) -> None:
    first = tmp_path / "one.xlf"
    second = tmp_path / "two.po"
    release = load(release_dir)
    extract(release, "fr", "xliff", first)
    _edit_unit_target(first, "dateline", lambda t: setattr(t, "text", "Londres I"))
    extract(release, "fr", "po", second)
    from translate.storage import pypo

    store = pypo.pofile.parsestring(second.read_bytes())
    [unit] = [u for u in store.units if u.getcontext() == "dateline"]
    unit.target = "Londres II"
    second.write_bytes(bytes(store))
    one, two = merge(release, [first, second])
    assert one.written is None and one.updated == ("dateline",)
    assert two.written is not None and two.updated == ("dateline",)
    assert two.written.backup == release_dir / "i18n" / "fr.xlf.bak-1"
    assert not (release_dir / "i18n" / "fr.xlf.bak-2").exists()
    translated, _ = translate(load(release_dir), "fr", i18n_dir(release))
    assert translated.dateline == "Londres II"
