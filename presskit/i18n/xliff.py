"""XLIFF 1.2 and 2.0: written and read with translate-toolkit's storage classes.

translate-toolkit builds and serialises the document (file, units, notes,
context groups, states); the inline codes inside `<source>`/`<target>` are
lxml elements presskit adds and reads itself, since they carry the
placeholders:

    1.2  <bpt id="1" ctype="bold">{1}</bpt>…<ept id="1">{/1}</ept>
         <ph id="2" ctype="x-presskit-stat" equiv-text="{stat:id}">{stat:id}</ph>
    2.0  <pc id="1" type="fmt" subType="xlf:b">…</pc>   <ph id="2" type="other" subType="presskit:stat"/>

In 1.2 each code's content is its PO token, so tools that flatten a unit to text
(translate-toolkit's xliff2po) keep the placeholders as PO writes them; each unit
also names its place (`<context-group purpose="location">`, `po.unit_location`),
which xliff2po turns into a `#:` reference. The `<g>`/`<x>` presskit wrote
before are read all the same.

Every file is first measured (`check_shape`: nesting, element and attribute
counts, streamed so nothing large is built) and parsed by defusedxml
(`safe_root`), which refuses entity declarations (billion laughs, external
entities), before lxml ever sees the bytes.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from presskit.i18n import glossary, returned
from presskit.i18n.codes import pieces, recode_12, write_codes, write_tokens
from presskit.i18n.files import (
    Content,
    Entry,
    EntryStatus,
    FileProblem,
    Header,
    Kept,
    Resolved,
    TranslationFile,
    pieces_of,
)
from presskit.i18n.inline import Pieces, Tag, is_empty, po_text
from presskit.i18n.po import parse_location, unit_location
from presskit.i18n.returned import MDA, PRESSKIT, XLIFF11, XLIFF12, XLIFF20, XML_SPACE
from presskit.i18n.units import Unit, text_hash
from presskit.i18n.xmlsafety import MAX_XML_DEPTH as MAX_XML_DEPTH
from presskit.i18n.xmlsafety import check_shape, root_of, safe_root

CONTEXT_GROUP = "presskit"
SOURCE_HASH = "x-presskit-source-hash"
TRANSLATED_HASH = "x-presskit-translated-hash"

# XLIFF 1.2 target states: what a translator's tool means by each.
_UNTRANSLATED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}  # a target here: a draft
_REVIEW_12 = {"needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}
_APPROVED_12 = {"final", "signed-off"}

Version = Literal["1.2", "2.0"]


def _instructions(header: Header, version: Version) -> str:
    codes = "<bpt>, <ept> and <ph>" if version == "1.2" else "<pc> and <ph>"
    return (
        f"presskit release {header.slug}, {header.source_locale} to {header.target_locale}. "
        f"Translate each unit's target; keep every inline code ({codes}): they carry bold, italic, "
        "links, statistics and line breaks. Return the file as it is; presskit checks it when merging "
        f"(presskit i18n merge releases/{header.slug} FILE)."
    )


# ---------------------------------------------------------------------------
# Writing


class _Unit12(tt_xliff.Xliff1Unit):
    namespace = XLIFF12


class _File12(tt_xliff.Xliff1File[_Unit12]):
    """translate-toolkit's XLIFF store, in the 1.2 namespace (its skeleton is 1.1)."""

    UnitClass = _Unit12
    namespace = XLIFF12
    XMLskeleton = (
        f'<?xml version="1.0" ?><xliff version="1.2" xmlns="{XLIFF12}">'
        '<file original="NoName" source-language="en" datatype="plaintext"><body></body></file></xliff>'
    )


def write_xliff(header: Header, rows: Sequence[Resolved], version: Version) -> bytes:
    """An XLIFF file of `rows` (units with their translations, current or stale)."""
    data = _write12(header, rows) if version == "1.2" else _write20(header, rows)
    return data if data.endswith(b"\n") else data + b"\n"


def _write12(header: Header, rows: Sequence[Resolved]) -> bytes:
    store: Any = _File12(sourcelanguage=header.source_locale, targetlanguage=header.target_locale)
    store.switchfile(header.slug, createifmissing=True)
    filenode = store.getfilenode(header.slug)
    filenode.set("source-language", header.source_locale)
    filenode.set("target-language", header.target_locale)
    head = etree.Element(f"{{{XLIFF12}}}header")
    etree.SubElement(head, f"{{{XLIFF12}}}note").text = _instructions(header, "1.2")
    returned.restore_header_12(head, header.markup)
    filenode.insert(0, head)
    for row in rows:
        unit = row.unit
        tu = store.UnitClass("")
        tu.setid(unit.id)
        store.addunit(tu)
        element = tu.xmlelement
        element.set("resname", unit.id)
        if unit.max_length:
            element.set("maxwidth", str(unit.max_length))
            element.set("size-unit", "char")
        tokens = write_codes(tu.source_dom, unit.pieces, unit, "1.2")
        glossary.mark_terms(tu.source_dom, header.glossary, header.target_locale, "1.2")
        write_tokens(tokens)  # after marking, so no term is looked for inside a code
        kept = row.kept()
        words = row.translation_kept("xliff") is not None
        target_pieces = row.target if row.target is not None else _draft(row)
        if target_pieces is not None and not words:
            target = etree.Element(f"{{{XLIFF12}}}target")
            write_tokens(write_codes(target, target_pieces, unit, "1.2"))
            tu.set_target_dom(target)
            target.set("state", _state_12(row))
        tu.addnote(unit.note, origin=PRESSKIT)
        tu.addnote(glossary.terms_note(header.glossary, unit.pieces, header.target_locale), origin=PRESSKIT)
        legend = _legend(unit, "1.2")
        if legend:
            tu.addnote(legend, origin=PRESSKIT)
        contexts = [(SOURCE_HASH, unit.hash)]
        if row.state == "stale" and row.translated_hash:
            contexts.append((TRANSLATED_HASH, row.translated_hash))
        tu.createcontextgroup(CONTEXT_GROUP, contexts, "information")
        where = unit_location(header.slug, header.target_locale, unit.id)
        tu.createcontextgroup(CONTEXT_GROUP, [("sourcefile", where)], "location")  # xliff2po's `#:`
        previous = row.previous_source()
        if previous is not None and row.target is not None:
            alt = etree.SubElement(element, f"{{{XLIFF12}}}alt-trans", alttranstype="previous-version")
            alt.set("origin", PRESSKIT)
            write_tokens(write_codes(etree.SubElement(alt, f"{{{XLIFF12}}}source"), previous, unit, "1.2"))
            write_tokens(write_codes(etree.SubElement(alt, f"{{{XLIFF12}}}target"), row.target, unit, "1.2"))
        if returned.restore_12(element, kept, words, stale=row.state == "stale"):
            for part in element.iterchildren(f"{{{XLIFF12}}}target", f"{{{XLIFF12}}}seg-source"):
                recode_12(part, unit)  # a target returned in the <g>/<x> presskit wrote before
        if row.state == "current" and row.entry and row.entry.approved and kept and kept.format == "po":
            element.set("approved", "yes")  # as po2xliff says a PO translation that is not fuzzy
        if header.store and kept is not None and kept.format != "xliff" and _carries(kept):
            written = element.find(f"{{{XLIFF12}}}target")
            hashed = None if written is None else text_hash(po_text(pieces(written, "1.2")))
            element.append(returned.stash(kept, hashed))
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _carries(kept: Kept) -> bool:
    return bool(kept.attributes or kept.translation or kept.extras or kept.po_comments or kept.po_flags) or (
        kept.po_previous is not None
    )


def _draft(row: Resolved) -> Pieces | None:
    """A draft's words, to keep where its tool's own markup cannot be (another format, same source)."""
    entry = row.entry
    if row.state != "missing" or entry is None or not entry.is_draft or entry.source_hash != row.unit.hash:
        return None
    return entry.target_pieces(row.unit.kind)


def _state_12(row: Resolved) -> str:
    """The state presskit writes on a target it renders (one from XLIFF 2.0 or PO, or stale)."""
    if row.state == "stale":
        return "needs-review-translation"
    if row.state == "missing":
        return "new"  # a draft
    kept = row.kept()
    return "final" if row.entry and row.entry.approved and kept and kept.format == "xliff2" else "translated"


def _write20(header: Header, rows: Sequence[Resolved]) -> bytes:
    store: Any = tt_xliff2.Xliff2File(
        sourcelanguage=header.source_locale, targetlanguage=header.target_locale
    )
    filenode = store.body
    filenode.set("id", header.slug)
    filenode.set("original", header.slug)
    filenode.set("canResegment", "no")
    notes = etree.SubElement(filenode, f"{{{XLIFF20}}}notes")
    etree.SubElement(notes, f"{{{XLIFF20}}}note", category="instructions").text = _instructions(header, "2.0")
    for row in rows:
        unit = row.unit
        segment = store.UnitClass("")
        store.addunit(segment)
        element = segment.getunitelement()
        element.set("id", unit.xliff2_id)
        element.set("name", unit.id)
        segment.xmlelement.attrib.pop(XML_SPACE, None)
        metadata = etree.Element(f"{{{MDA}}}metadata", nsmap={"mda": MDA})
        group = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", category=CONTEXT_GROUP)
        etree.SubElement(group, f"{{{MDA}}}meta", type="source-hash").text = unit.hash
        if row.state == "stale" and row.translated_hash:
            etree.SubElement(group, f"{{{MDA}}}meta", type="translated-hash").text = row.translated_hash
        unit_notes = etree.Element(f"{{{XLIFF20}}}notes")
        etree.SubElement(unit_notes, f"{{{XLIFF20}}}note", category="context").text = unit.note
        terms = glossary.terms_note(header.glossary, unit.pieces, header.target_locale)
        if terms:
            etree.SubElement(unit_notes, f"{{{XLIFF20}}}note", category="glossary").text = terms
        legend = _legend(unit, "2.0")
        if legend:
            etree.SubElement(unit_notes, f"{{{XLIFF20}}}note", category="placeholders").text = legend
        previous = row.previous_source()
        if previous is not None:  # a note, which CAT tools show beside the unit (an <ignorable> is content)
            note = etree.SubElement(unit_notes, f"{{{XLIFF20}}}note", category=returned.PREVIOUS_SOURCE)
            note.text = po_text(previous)
        element.insert(0, unit_notes)
        element.insert(0, metadata)
        write_codes(segment.source_dom, unit.pieces, unit, "2.0")
        glossary.mark_terms(segment.source_dom, header.glossary, header.target_locale, "2.0")
        target_pieces = row.target if row.target is not None else _draft(row)
        if target_pieces is not None:
            target = etree.SubElement(segment.xmlelement, f"{{{XLIFF20}}}target")
            write_codes(target, target_pieces, unit, "2.0")
            approved = row.state == "current" and row.entry is not None and row.entry.approved
            state = ("final" if approved else "translated") if row.state == "current" else "initial"
            segment.xmlelement.set("state", state)
        returned.restore_20(element, row.kept(), row.translation_kept("xliff2") is not None)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _legend(unit: Unit, version: Version) -> str:
    if not unit.placeholders:
        return ""
    if version == "2.0":
        parts = [f"{p.number} = {p.meaning()}" for p in unit.placeholders.values()]
        return "Inline codes (<pc>/<ph>), each to keep once: " + "; ".join(parts) + "."
    parts = [f"{p.number} ({p.po_token()}) = {p.meaning()}" for p in unit.placeholders.values()]
    return "Inline codes (<bpt>…<ept>, <ph>), each to keep once: " + "; ".join(parts) + "."


# ---------------------------------------------------------------------------
# Reading


def _parsed(parse: Any, data: bytes, version: str, line: int | None) -> Any:
    """translate-toolkit's store of `data` (its parsers are untyped); FileProblem if it refuses."""
    try:
        return parse(data)
    except (ValueError, etree.XMLSyntaxError, StopIteration) as error:
        raise FileProblem(f"not a usable XLIFF {version} file: {_why(error)}", line) from None


def read_xliff(path: Path, data: bytes) -> TranslationFile:
    """A translation file from XLIFF 1.2 or 2.0 bytes; FileProblem for anything presskit cannot trust."""
    check_shape(data)
    safe_root(data)
    try:
        root = root_of(data)
    except etree.XMLSyntaxError as error:  # what expat accepts and libxml2 does not
        raise FileProblem(f"malformed XML: {error.msg}", error.lineno) from None
    name = etree.QName(root)
    if name.localname != "xliff":
        raise FileProblem(f"not an XLIFF file: the root element is <{name.localname}>", root.sourceline)
    version = root.get("version") or ""
    if name.namespace == XLIFF12:
        if version != "1.2":
            raise FileProblem(f'XLIFF 1.2 namespace with version="{version}"', root.sourceline)
        store = _parsed(_File12.parsestring, data, "1.2", root.sourceline)
        return _read12(path, store.document.getroot(), store)
    if name.namespace == XLIFF11:  # translate-toolkit's po2xliff writes 1.1
        if version != "1.1":
            raise FileProblem(f'XLIFF 1.1 namespace with version="{version}"', root.sourceline)
        store = _parsed(tt_xliff.xlifffile.parsestring, data, "1.1", root.sourceline)
        return _read12(path, store.document.getroot(), store)
    if name.namespace == XLIFF20:
        if not version.startswith("2."):
            raise FileProblem(f'XLIFF 2 namespace with version="{version}"', root.sourceline)
        store = _parsed(tt_xliff2.Xliff2File.parsestring, data, "2", root.sourceline)
        return _read20(path, store.document.getroot())
    raise FileProblem(
        f"unknown XLIFF namespace {name.namespace or '(none)'!r}",
        root.sourceline,
        f"export XLIFF 1.2 ({XLIFF12}), 1.1 or 2.0 ({XLIFF20})",
    )


def _why(error: Exception) -> str:
    return str(error) or "it has no <file> with a <body>"  # translate-toolkit's StopIteration says nothing


def _one_value(values: list[tuple[str | None, int | None]], what: str) -> tuple[str | None, int | None]:
    distinct = {v for v, _ in values}
    if len(distinct) > 1:
        line = values[0][1]
        raise FileProblem(
            f"the file's <file> elements disagree on the {what}: {sorted(map(str, distinct))}", line
        )
    return values[0] if values else (None, None)


def _read12(path: Path, root: etree._Element, store: Any) -> TranslationFile:
    ns = etree.QName(root).namespace or XLIFF12
    files = list(root.iterchildren(f"{{{ns}}}file"))
    if not files:
        raise FileProblem("the XLIFF file has no <file> element", root.sourceline)
    releases = tuple(dict.fromkeys(f.get("original") or "" for f in files))
    source, _ = _one_value([(f.get("source-language"), f.sourceline) for f in files], "source language")
    target, locale_line = _one_value(
        [(f.get("target-language"), f.sourceline) for f in files], "target language"
    )
    from_po = _po_header(store)  # translate-toolkit's po2xliff: PO text, the header as a unit
    entries = []
    places: dict[tuple[str, str], None] = {}
    seen: dict[str, int | None] = {}
    for unit in store.units:
        if unit.isheader():
            continue
        element = unit.xmlelement
        ident = element.get("resname") or element.get("id") or ""
        if from_po is not None:  # po2xliff numbers its units; a PO made by xliff2po has references
            place = next(filter(None, map(parse_location, unit.getlocations())), None)
            if place is not None:
                ident = place[2]
                places.setdefault(place[:2])
        line = element.sourceline
        if not ident:
            raise FileProblem("a <trans-unit> without an id", line)
        if ident in seen:
            raise FileProblem(f'two units have the id "{ident}" (the first at line {seen[ident]})', line)
        seen[ident] = line
        entries.append(_entry12(unit, ident, ns, from_po is not None))
    if from_po is not None:
        releases, source, target = _from_po(from_po, tuple(places), target)
    header = files[0].find(f"{{{ns}}}header")
    return TranslationFile(
        path,
        "xliff",
        releases,
        source,
        target,
        tuple(entries),
        release_line=files[0].sourceline,
        locale_line=locale_line,
        header=returned.header_12(header),
        codes=_codes_written(root, ns),
    )


def _po_header(store: Any) -> dict[str, str] | None:
    """The PO header po2xliff keeps as a unit, if the file was converted from a PO file."""
    for unit in store.units:
        if unit.isheader() and unit.getrestype() == "x-gettext-domain-header":
            header: dict[str, str] = store.parseheader()
            return header
    return None


def _from_po(
    header: dict[str, str], places: tuple[tuple[str, str], ...], target: str | None
) -> tuple[tuple[str, ...], str | None, str | None]:
    """The release, source and target language of po2xliff's file: presskit's PO header, or the references.

    po2xliff's own `source-language` is its default (en-US), never the PO's: only presskit's header
    says it. A PO made by xliff2po has no presskit header; its references name release and language.
    """
    if "X-Presskit-Release" in header:
        releases: tuple[str, ...] = (header["X-Presskit-Release"],)
    else:
        releases = tuple(dict.fromkeys(slug for slug, _ in places)) or ("",)
    locales = tuple(dict.fromkeys(locale for _, locale in places))
    language = header.get("Language") or target or (locales[0] if len(locales) == 1 else None)
    return releases, header.get("X-Presskit-Source-Language") or None, language


def _codes_written(root: etree._Element, ns: str) -> Literal["g", "bpt"]:
    """Which XLIFF 1.2 inline codes the file's sources carry: presskit's earlier <g>/<x>, or <bpt>/<ept>/<ph>."""
    for name in ("g", "x"):
        if next(root.iter(f"{{{ns}}}{name}"), None) is not None:
            return "g"
    return "bpt"


def _entry12(unit: Any, ident: str, ns: str, from_po: bool) -> Entry:
    element = unit.xmlelement
    line = element.sourceline
    source_element = element.find(f"{{{ns}}}source")
    if source_element is None:
        raise FileProblem(f'unit "{ident}" has no <source>', line)
    source_pieces: Content = pieces(source_element, "1.2", ns)
    target_element = element.find(f"{{{ns}}}target")
    target_pieces: Content | None = None
    if target_element is not None:
        target_pieces = pieces(target_element, "1.2", ns)
    contexts = dict(pair for group in unit.getcontextgroups(CONTEXT_GROUP) for pair in group)
    if from_po:  # PO text with its {1}…{/1} tokens, its hash in presskit's PO comment
        source_pieces = po_text(source_pieces)
        target_pieces = None if target_pieces is None else po_text(target_pieces)
        for note in unit.getnotes("developer").splitlines():
            if note.startswith("presskit-source-hash:"):
                contexts.setdefault(SOURCE_HASH, note.split(":", 1)[1])
    state = target_element.get("state") if target_element is not None else None
    status: EntryStatus
    if target_pieces is None or is_empty(pieces_of(target_pieces, "inline")):
        status = "untranslated"
    elif state in _UNTRANSLATED_12:
        status = "draft"
    elif state in _REVIEW_12:
        status = "needs-review"
    else:
        status = "translated"
    entry = _entry(ident, source_pieces, target_pieces, status, contexts, line)
    parts = returned.parts_12(element)
    target_hash = None if target_pieces is None else text_hash(_text(target_pieces))
    kept = returned.unstash(parts.stash, target_hash) if parts.stash is not None else None
    if kept is None:
        translation = () if from_po else parts.translation  # PO text is rewritten with inline codes
        extras = tuple(e for e in parts.extras if not (from_po and returned.from_po_comment(e)))
        kept = Kept("xliff", entry.source_hash, target_hash, parts.attributes, translation, extras)
    approved = element.get("approved") == "yes" or state in _APPROVED_12
    if kept.format == "po":
        approved = status == "translated"  # PO has no review state: a translation that is not fuzzy
    previous = None
    if parts.previous is not None and (old := parts.previous.find(f"{{{ns}}}source")) is not None:
        previous = pieces(old, "1.2", ns)
    return dataclasses.replace(
        entry, kept=kept, approved=approved and status == "translated", previous_source=previous
    )


def _text(content: Content) -> str:
    return content if isinstance(content, str) else po_text(content)


def _entry(
    ident: str,
    source: Content,
    target: Content | None,
    status: EntryStatus,
    hashes: dict[str, str | None],
    line: int | None,
) -> Entry:
    source_hash = (hashes.get(SOURCE_HASH) or "").strip() or text_hash(_text(source))
    translated_hash = None
    if status == "translated":
        translated_hash = source_hash
    elif status == "needs-review":
        translated_hash = (hashes.get(TRANSLATED_HASH) or "").strip() or None
    return Entry(ident, source, source_hash, status, target, translated_hash, line)


def _read20(path: Path, root: etree._Element) -> TranslationFile:
    files = list(root.iterchildren(f"{{{XLIFF20}}}file"))
    if not files:
        raise FileProblem("the XLIFF file has no <file> element", root.sourceline)
    releases = tuple(dict.fromkeys(f.get("original") or f.get("id") or "" for f in files))
    entries = []
    seen: dict[str, int | None] = {}
    for element in root.iter(f"{{{XLIFF20}}}unit"):
        ident = element.get("name") or element.get("id") or ""
        line = element.sourceline
        if not ident:
            raise FileProblem("a <unit> without an id", line)
        if ident in seen:
            raise FileProblem(f'two units have the id "{ident}" (the first at line {seen[ident]})', line)
        seen[ident] = line
        source: list[Tag | str] = []
        target: list[Tag | str] = []
        has_target = False
        states = []
        for part in element:
            local = etree.QName(part).localname if isinstance(part.tag, str) else ""
            if local not in ("segment", "ignorable"):
                continue
            part_source = part.find(f"{{{XLIFF20}}}source")
            if part_source is None:
                raise FileProblem(f'unit "{ident}" has a <{local}> without <source>', part.sourceline)
            source.extend(pieces(part_source, "2.0"))
            part_target = part.find(f"{{{XLIFF20}}}target")
            if part_target is not None:
                has_target = has_target or local == "segment"
                target.extend(pieces(part_target, "2.0"))
            else:
                target.extend(pieces(part_source, "2.0") if local == "ignorable" else ())
            if local == "segment":
                states.append(part.get("state"))
        hashes: dict[str, str | None] = {}
        for meta in element.iter(f"{{{MDA}}}meta"):
            parent = meta.getparent()
            if parent is not None and parent.get("category") == CONTEXT_GROUP:
                hashes["x-presskit-" + (meta.get("type") or "")] = meta.text
        target_pieces = tuple(target) if has_target else None
        if target_pieces is None or is_empty(target_pieces):
            status: EntryStatus = "untranslated"
        elif "initial" in states:  # presskit's stale units carry the hash they were translated from
            status = "needs-review" if hashes.get(TRANSLATED_HASH) else "draft"
        else:
            status = "translated"
        entry = _entry(ident, tuple(source), target_pieces, status, hashes, line)
        target_hash = None if target_pieces is None else text_hash(po_text(target_pieces))
        previous = [
            n.text or ""
            for n in element.iter(f"{{{XLIFF20}}}note")
            if n.get("category") == returned.PREVIOUS_SOURCE
        ]
        entry = dataclasses.replace(
            entry,
            kept=returned.kept_20(element, entry.source_hash, target_hash),
            approved=status == "translated" and all(state == "final" for state in states),
            previous_source=previous[0] if previous else None,
        )
        entries.append(entry)
    return TranslationFile(
        path,
        "xliff2",
        releases,
        root.get("srcLang"),
        root.get("trgLang"),
        tuple(entries),
        release_line=files[0].sourceline,
        locale_line=root.sourceline,
    )
