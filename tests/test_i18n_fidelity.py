"""Translators get back exactly what they returned: states, approval, notes, alt-trans, phases and
segmentation survive merge (XLIFF 1.2, 2.0, PO); drafts are kept but never published; stale units
carry their previous source; `build --require approved` publishes only reviewed text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree
from translate.storage import pypo

from presskit.cli import cli
from presskit.i18n import translate
from presskit.i18n.store import i18n_dir
from presskit.i18n.xliff import XLIFF12, XLIFF20
from presskit.publish.translations import extract, merge
from tests.test_i18n import edit_release, fill_po, fill_xliff, load, newsroom, release_dir  # noqa: F401

X = f"{{{XLIFF12}}}"
Y = f"{{{XLIFF20}}}"
BODY0 = (
    "The Global Threat Assessment 2025, launched today by WeProtect Global Alliance, finds that global "
    "safeguards to protect children from online sexual exploitation and abuse are failing to keep up "
    "with the rapidly evolving crisis."
)


def _units(root: etree._Element, tag: str = f"{X}trans-unit") -> dict[str, etree._Element]:
    return {u.get("resname") or u.get("name") or u.get("id") or "": u for u in root.iter(tag)}


def _xml(element: etree._Element | None) -> bytes:
    """An element as canonical XML, indentation aside, for comparing one element with another."""
    assert element is not None
    copy = etree.fromstring(etree.tostring(element, with_tail=False))
    for node in copy.iter():
        if node.tail is not None and not node.tail.strip():
            node.tail = None
        if len(node) and node.text is not None and not node.text.strip():
            node.text = None
    return etree.tostring(copy, method="c14n")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def cat_tool_12(path: Path) -> None:
    """Play a CAT tool on a filled XLIFF 1.2 file: states, approval, notes, matches, phases, segments."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    header = root.find(f"{X}file/{X}header")
    assert header is not None
    phases = etree.Element(f"{X}phase-group")
    _sub(phases, f"{X}phase", phase_name="tr1", process_name="translation", tool_id="cat")
    _sub(phases, f"{X}phase", phase_name="rev1", process_name="review", contact_name="R. Viewer")
    header.insert(0, phases)
    _sub(header, f"{X}tool", tool_id="cat", tool_name="CatTool", tool_version="9.1")
    units = _units(root)

    def target(ident: str) -> etree._Element:
        found = units[ident].find(f"{X}target")
        assert found is not None
        return found

    target("headline").set("state", "final")
    target("headline").set("phase-name", "rev1")
    target("standfirst").set("state", "signed-off")
    units["standfirst"].set("approved", "yes")
    units["dateline"].set("approved", "yes")
    target("dateline").text = "Londres"
    note = _sub(units["dateline"], f"{X}note", "City checked with the client.", annotates="target")
    note.set("from", "translator")
    note.set("priority", "2")
    target("highlights[0]").set("state", "new")
    target("highlights[1]").set("state", "needs-review-translation")
    target("body[1]").set("state-qualifier", "exact-match")
    target("body[1]").set("phase-name", "tr1")
    alt = _sub(units["body[1]"], f"{X}alt-trans", match_quality="87", origin="Project TM")
    _sub(alt, f"{X}source", "An earlier sentence.")
    _sub(alt, f"{X}target", "Une phrase antérieure.", state="translated")
    # body[0] segmented into its two halves, source and target.
    first, second = BODY0.split(", finds ")
    unit = units["body[0]"]
    seg = etree.Element(f"{X}seg-source")
    _sub(seg, f"{X}mrk", first + ",", mtype="seg", mid="1").tail = " "
    _sub(seg, f"{X}mrk", "finds " + second, mtype="seg", mid="2")
    unit.find(f"{X}source").addnext(seg)  # type: ignore[union-attr]
    body0 = target("body[0]")
    body0.text = None
    _sub(body0, f"{X}mrk", "L’Évaluation 2025, publiée aujourd’hui,", mtype="seg", mid="1").tail = " "
    _sub(body0, f"{X}mrk", "constate que les garde-fous ne suivent pas.", mtype="seg", mid="2")
    body0.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


TRANSLATOR_UNITS = (
    "headline",
    "standfirst",
    "dateline",
    "highlights[0]",
    "highlights[1]",
    "body[0]",
    "body[1]",
)
PRESSKIT_ATTRIBUTES = {
    "id",
    "resname",
    "maxwidth",
    "size-unit",
    "{http://www.w3.org/XML/1998/namespace}space",
}


def _translators_part(unit: etree._Element) -> tuple[dict[str, str], list[bytes]]:
    attributes = {k: v for k, v in unit.attrib.items() if k not in PRESSKIT_ATTRIBUTES}
    children = [
        _xml(c)
        for c in unit
        if isinstance(c.tag, str)
        and c.tag != f"{X}source"
        and c.get("from") != "presskit"
        and c.get("name") != "presskit"
        and c.get("origin") != "presskit"
    ]
    return attributes, children


def assert_kept_12(returned: etree._Element, kept: etree._Element) -> None:
    back, stored = _units(returned), _units(kept)
    for ident in TRANSLATOR_UNITS:
        assert _translators_part(stored[ident]) == _translators_part(back[ident]), ident
    for ident, unit in back.items():  # every other unit too: nothing added, nothing lost
        assert _translators_part(stored[ident]) == _translators_part(unit), ident
    phases = kept.find(f"{X}file/{X}header/{X}phase-group")
    assert _xml(phases) == _xml(returned.find(f"{X}file/{X}header/{X}phase-group"))
    assert _xml(kept.find(f"{X}file/{X}header/{X}tool")) == _xml(returned.find(f"{X}file/{X}header/{X}tool"))


def test_merge_keeps_a_cat_tools_xliff12_element_by_element(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    handed = tmp_path / "de.xlf"
    extract(load(release_dir), "de", "xliff", handed)
    fill_xliff(handed)
    cat_tool_12(handed)
    [result] = merge(load(release_dir), [handed])
    assert result.drafts == ("highlights[0]",)
    assert result.summary().endswith(", 1 draft kept, not used")
    assert result.as_json()["drafts"] == ["highlights[0]"]
    returned = etree.parse(str(handed)).getroot()
    store = etree.parse(str(release_dir / "i18n" / "de.xlf")).getroot()
    assert_kept_12(returned, store)
    # The state presskit used to write over them, and approval it used to add, are not there.
    assert _units(store)["body[2]"].get("approved") is None
    # Handed out again, the translator gets back what they returned.
    again = tmp_path / "again.xlf"
    extract(load(release_dir), "de", "xliff", again)
    assert_kept_12(returned, etree.parse(str(again)).getroot())
    # Merging it back changes nothing.
    [second] = merge(load(release_dir), [again])
    assert second.written is not None and not second.written.changed


def test_drafts_are_kept_but_never_published(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    handed = tmp_path / "de.xlf"
    extract(load(release_dir), "de", "xliff", handed)
    fill_xliff(handed)
    cat_tool_12(handed)
    merge(load(release_dir), [handed])
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release))
    by_field = {w.field: w.message for w in warnings}
    assert "not translated into de" in by_field["highlights[0]"]
    assert "stale" in by_field["highlights[1]"]
    assert translated.headline.startswith("ZXQ ")
    runner = CliRunner()
    status = runner.invoke(cli, ["i18n", "status", str(release_dir), "-l", "de", "--json"])
    [entry] = json.loads(status.stdout)["releases"]
    assert entry["draft_ids"] == ["highlights[0]"] and entry["drafts"] == 1
    assert entry["approved"] == 3  # headline (final), standfirst (signed-off), dateline (approved="yes")


def test_require_approved_publishes_only_reviewed_units(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    handed = tmp_path / "de.xlf"
    extract(load(release_dir), "de", "xliff", handed)
    fill_xliff(handed)
    cat_tool_12(handed)
    merge(load(release_dir), [handed])
    release = load(release_dir)
    translated, warnings = translate(release, "de", i18n_dir(release), require="approved")
    assert translated.headline.startswith("ZXQ ") and translated.dateline == "Londres"
    assert "ZXQ" in repr(translated.standfirst)
    not_approved = {w.field for w in warnings if "not approved yet" in w.message}
    assert "body[2]" in not_approved and "headline" not in not_approved
    assert {"headline", "standfirst", "dateline"}.isdisjoint(w.field for w in warnings)
    out = tmp_path / "dist"
    args = ["build", str(release_dir), "-l", "de", "-f", "txt", "-o", str(out), "--require", "approved"]
    built = CliRunner().invoke(cli, args)
    assert built.exit_code == 0, built.output
    text = next(out.rglob("de/*.txt")).read_text(encoding="utf-8")
    assert "ZXQ" in text and "Londres".upper() in text.upper()
    assert "ZXQ The Global Threat" not in text  # body[0] was translated, not approved: English
    strict = CliRunner().invoke(cli, [*args, "--strict", "--force"])
    assert strict.exit_code == 1
    assert "body[2]: the de translation is not approved yet" in strict.stderr


def cat_tool_20(path: Path) -> None:
    """Play a CAT tool on a filled XLIFF 2.0 file: segments split with their own states, notes."""
    tree = etree.parse(str(path))
    units = _units(tree.getroot(), f"{Y}unit")
    unit = units["body[0]"]
    [segment] = unit.findall(f"{Y}segment")
    first, second = BODY0.split(", finds ")
    segment.set("id", "s1")
    segment.set("state", "final")
    segment.find(f"{Y}source").text = first + ", "  # type: ignore[union-attr]
    segment.find(f"{Y}target").text = "L’Évaluation 2025, "  # type: ignore[union-attr]
    two = etree.SubElement(unit, f"{Y}segment", id="s2", state="reviewed", subState="cat:checked")
    _sub(two, f"{Y}source", "finds " + second)
    _sub(two, f"{Y}target", "constate que les garde-fous ne suivent pas.")
    notes = unit.find(f"{Y}notes")
    assert notes is not None
    _sub(notes, f"{Y}note", "Shortened on purpose.", id="n1", category="translator", appliesTo="target")
    headline = units["headline"].find(f"{Y}segment")
    assert headline is not None
    headline.set("state", "initial")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_merge_keeps_xliff2_segments_states_and_notes(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    handed = tmp_path / "de.xliff"
    extract(load(release_dir), "de", "xliff2", handed)
    fill_xliff(handed)
    cat_tool_20(handed)
    [result] = merge(load(release_dir), [handed])
    assert result.drafts == ("headline",)
    again = tmp_path / "again.xliff"
    extract(load(release_dir), "de", "xliff2", again)
    back = _units(etree.parse(str(handed)).getroot(), f"{Y}unit")
    out = _units(etree.parse(str(again)).getroot(), f"{Y}unit")
    for ident, unit in back.items():
        segments = [_xml(s) for s in unit if s.tag in (f"{Y}segment", f"{Y}ignorable")]
        assert [_xml(s) for s in out[ident] if s.tag in (f"{Y}segment", f"{Y}ignorable")] == segments, ident
        assert [_xml(n) for n in out[ident].iter(f"{Y}note")] == [_xml(n) for n in unit.iter(f"{Y}note")], (
            ident
        )
    release = load(release_dir)
    translated, _ = translate(release, "de", i18n_dir(release), require="approved")
    assert translated.headline == release.headline  # a draft, never published
    assert "ZXQ" not in str(translated.body[0])  # one segment reviewed, not final: not approved


def test_merge_keeps_po_comments_flags_and_previous_msgid(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    handed = tmp_path / "de.po"
    extract(load(release_dir), "de", "po", handed)
    fill_po(handed)
    store = pypo.pofile.parsestring(handed.read_bytes())
    units = {u.getcontext(): u for u in store.units if not u.isheader()}
    units["dateline"].addnote("Checked with the client.", origin="translator")
    units["dateline"].settypecomment("no-wrap")
    units["headline"].markfuzzy(True)
    units["headline"].prev_source = "An older headline"
    handed.write_bytes(bytes(store))
    [result] = merge(load(release_dir), [handed])
    assert result.drafts == ("headline",)
    again = tmp_path / "again.po"
    extract(load(release_dir), "de", "po", again)
    out = {u.getcontext(): u for u in pypo.pofile.parsestring(again.read_bytes()).units if not u.isheader()}
    assert out["dateline"].getnotes("translator") == "Checked with the client."
    assert out["dateline"].hastypecomment("no-wrap") and not out["dateline"].isfuzzy()
    assert out["headline"].isfuzzy() and str(out["headline"].prev_source) == "An older headline"
    assert out["headline"].target == units["headline"].target
    for ident, unit in units.items():
        assert (out[ident].target, out[ident].isfuzzy()) == (unit.target, unit.isfuzzy()), ident


def test_a_stale_unit_shows_its_previous_source_in_every_format(release_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    edit_release(release_dir, "Digital safety", "Online safety")
    release = load(release_dir)
    xlf, xliff, po = tmp_path / "fr.xlf", tmp_path / "fr.xliff", tmp_path / "fr.po"
    for fmt, path in (("xliff", xlf), ("xliff2", xliff), ("po", po)):
        result = extract(release, "fr", fmt, path)  # type: ignore[arg-type]
        assert result.status.counts.stale == ["body[16].items[2]"]
    unit = _units(etree.parse(str(xlf)).getroot())["body[16].items[2]"]
    [alt] = [a for a in unit.iter(f"{X}alt-trans") if a.get("alttranstype") == "previous-version"]
    assert (alt.findtext(f"{X}source"), alt.findtext(f"{X}target")) == (
        "Digital safety",
        "Sécurité numérique",
    )
    assert unit.findtext(f"{X}source") == "Online safety"
    unit2 = _units(etree.parse(str(xliff)).getroot(), f"{Y}unit")["body[16].items[2]"]
    notes = {n.get("category"): n.text for n in unit2.iter(f"{Y}note")}
    assert notes["presskit-previous-source"] == "Digital safety"
    [message] = [
        u for u in pypo.pofile.parsestring(po.read_bytes()).units if u.getcontext() == "body[16].items[2]"
    ]
    assert message.isfuzzy() and str(message.prev_source) == "Digital safety"
    # The store, rewritten by a merge, still knows the old source.
    handed = tmp_path / "de.xlf"
    extract(release, "de", "xliff", handed)
    fill_xliff(handed)
    merge(release, [handed])  # another locale: fr's store is untouched
    merge(release, [xlf])  # fr's own file back, the stale unit still unrevised
    kept = _units(etree.parse(str(release_dir / "i18n" / "fr.xlf")).getroot())["body[16].items[2]"]
    [alt] = [a for a in kept.iter(f"{X}alt-trans") if a.get("alttranstype") == "previous-version"]
    assert alt.findtext(f"{X}source") == "Digital safety"
