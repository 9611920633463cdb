"""XLIFF 1.2 and 2.0: written and read with translate-toolkit's storage classes.

translate-toolkit builds and serialises the document (file, units, notes,
context groups, states); the inline codes inside `<source>`/`<target>` are
lxml elements presskit adds and reads itself, since they carry the
placeholders:

    1.2  <g id="1" ctype="bold">…</g>   <x id="2" ctype="x-presskit-stat" equiv-text="{stat:id}"/>
    2.0  <pc id="1" type="fmt" subType="xlf:b">…</pc>   <ph id="2" type="other" subType="presskit:stat"/>

Every file is first measured (`check_shape`: nesting, element and attribute
counts, streamed so nothing large is built) and parsed by defusedxml
(`safe_root`), which refuses entity declarations (billion laughs, external
entities), before lxml ever sees the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from presskit.i18n import glossary
from presskit.i18n.files import Entry, EntryStatus, FileProblem, Header, Resolved, TranslationFile
from presskit.i18n.inline import Pieces, Placeholder, Tag, is_empty, po_text
from presskit.i18n.units import Unit, text_hash

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

CONTEXT_GROUP = "presskit"
SOURCE_HASH = "x-presskit-source-hash"
TRANSLATED_HASH = "x-presskit-translated-hash"

# XLIFF 1.2 target states: what a translator's tool means by each.
_UNTRANSLATED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}
_REVIEW_12 = {"needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}

Version = Literal["1.2", "2.0"]


def _instructions(header: Header, version: Version) -> str:
    codes = "<g> and <x>" if version == "1.2" else "<pc> and <ph>"
    return (
        f"presskit release {header.slug}, {header.source_locale} to {header.target_locale}. "
        f"Translate each unit's target; keep every inline code ({codes}): they carry bold, italic, "
        "links, statistics and line breaks. Return the file as it is; presskit checks it when merging "
        f"(presskit i18n merge releases/{header.slug} FILE)."
    )


# ---------------------------------------------------------------------------
# Reading untrusted XML

# An XLIFF file is a few levels of structure (xliff, file, body, a group or two, a unit, its
# target) around inline codes nested no deeper than the source's (model.MAX_INLINE_DEPTH).
MAX_XML_DEPTH = 64
MAX_XML_ELEMENTS = 200_000  # a release of a thousand paragraphs writes some 20,000
MAX_XML_ATTRIBUTES = 100  # on one element; translation tools add a dozen at most


class _Declares(Exception):
    """The file declares entities: left for `safe_root` to refuse with its own message."""


def check_shape(data: bytes) -> None:
    """Refuse XML nested too deeply or with too many elements or attributes, before any tree is built.

    lxml stops at 256 levels with an error of its own and recursion in any walk
    could fail earlier, so depth is checked here, streamed, with the line it
    is exceeded on. Malformed XML passes: `safe_root` reports it.
    """
    parser = expat.ParserCreate()
    depth = 0
    count = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, count
        depth += 1
        count += 1
        line = parser.CurrentLineNumber
        hint = "export the file again from the translation tool"
        if depth > MAX_XML_DEPTH:
            raise FileProblem(f"elements are nested more than {MAX_XML_DEPTH} deep", line, hint)
        if count > MAX_XML_ELEMENTS:
            raise FileProblem(f"the file has more than {MAX_XML_ELEMENTS:,} elements", line, hint)
        if len(attributes) > MAX_XML_ATTRIBUTES:
            message = f"<{name}> has {len(attributes):,} attributes; at most {MAX_XML_ATTRIBUTES} are read"
            raise FileProblem(message, line, hint)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def declares(*_: Any) -> None:
        raise _Declares

    def refers(context: str, base: str | None, system: str | None, public: str | None) -> int:
        raise _Declares

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = declares
    parser.UnparsedEntityDeclHandler = declares
    parser.ExternalEntityRefHandler = refers
    try:
        parser.Parse(data, True)
    except (_Declares, expat.ExpatError):
        pass


def safe_root(data: bytes) -> None:
    """Refuse XML that is malformed or declares entities, before any other parser sees it."""
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FileProblem(
            f"refused: the file declares XML entities or external references ({type(error).__name__})",
            hint="a translation file needs no DTD entities; export it again from the translation tool",
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        message = str(error).split(": line")[0]
        raise FileProblem(f"malformed XML: {message} (column {column})", line) from None


def root_of(data: bytes) -> etree._Element:
    """The lxml root of XML already passed by `safe_root` (no entities, no network, no DTD loading)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser=parser)


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
        _fill(tu.source_dom, unit.pieces, unit, "1.2")
        glossary.mark_terms(tu.source_dom, header.glossary, header.target_locale, "1.2")
        if row.target is not None:
            target = etree.Element(f"{{{XLIFF12}}}target")
            _fill(target, row.target, unit, "1.2")
            tu.set_target_dom(target)
            if row.state == "current":
                target.set("state", "translated")
                element.set("approved", "yes")
            else:
                target.set("state", "needs-review-translation")
        tu.addnote(unit.note, origin="presskit")
        tu.addnote(glossary.terms_note(header.glossary, unit.pieces, header.target_locale), origin="presskit")
        legend = _legend(unit, "1.2")
        if legend:
            tu.addnote(legend, origin="presskit")
        contexts = [(SOURCE_HASH, unit.hash)]
        if row.state == "stale" and row.translated_hash:
            contexts.append((TRANSLATED_HASH, row.translated_hash))
        tu.createcontextgroup(CONTEXT_GROUP, contexts, "information")
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


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
        element.insert(0, unit_notes)
        element.insert(0, metadata)
        _fill(segment.source_dom, unit.pieces, unit, "2.0")
        glossary.mark_terms(segment.source_dom, header.glossary, header.target_locale, "2.0")
        if row.target is not None:
            target = etree.SubElement(segment.xmlelement, f"{{{XLIFF20}}}target")
            _fill(target, row.target, unit, "2.0")
            segment.xmlelement.set("state", "translated" if row.state == "current" else "initial")
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _legend(unit: Unit, version: Version) -> str:
    if not unit.placeholders:
        return ""
    parts = [f"{p.number} = {p.meaning()}" for p in unit.placeholders.values()]
    codes = "<g>/<x>" if version == "1.2" else "<pc>/<ph>"
    return f"Inline codes ({codes}), each to keep once: " + "; ".join(parts) + "."


def _code_attributes(tag: Tag, placeholder: Placeholder | None, version: Version) -> dict[str, str]:
    attributes = {"id": str(tag.number)}
    if placeholder is None or placeholder.paired != (tag.kind != "point"):
        return attributes  # a stale translation's code the source no longer has: written bare
    kind = placeholder.kind
    if version == "1.2":
        if placeholder.paired:
            attributes["ctype"] = kind
        elif kind == "stat":
            attributes.update({"ctype": "x-presskit-stat", "equiv-text": f"{{{placeholder.name}}}"})
        elif kind == "break":
            attributes["ctype"] = "lb"
        else:
            attributes.update({"ctype": "x-presskit-code", "equiv-text": placeholder.text or ""})
        return attributes
    if kind == "link":
        attributes["type"] = "link"
    elif kind in ("bold", "italic"):
        attributes.update({"type": "fmt", "subType": "xlf:b" if kind == "bold" else "xlf:i"})
    elif kind == "stat":
        attributes.update({"type": "other", "subType": "presskit:stat", "disp": f"{{{placeholder.name}}}"})
    elif kind == "break":
        attributes.update({"type": "fmt", "subType": "xlf:lb"})
    else:
        attributes.update({"type": "other", "subType": "presskit:code", "disp": placeholder.text or ""})
    attributes["canDelete"] = "no"
    return attributes


def _fill(element: Any, pieces: Pieces, unit: Unit, version: Version) -> None:
    """Write `pieces` into `element` (a <source> or <target>) as text and inline codes."""
    ns = XLIFF12 if version == "1.2" else XLIFF20
    pair_tag, point_tag = ("g", "x") if version == "1.2" else ("pc", "ph")
    by_name: dict[str, list[int]] = {}
    for p in unit.placeholders.values():
        if p.name:
            by_name.setdefault(p.name, []).append(p.number)
    stack = [element]

    def add_text(text: str) -> None:
        current = stack[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text = (current.text or "") + text

    for piece in pieces:
        if isinstance(piece, str):
            add_text(piece)
            continue
        number = piece.number
        if number is None and piece.name and by_name.get(piece.name):
            number = by_name[piece.name].pop(0)
        if number is None:
            add_text(f"{{{piece.name}}}")  # a stale PO translation's placeholder the source lost
            continue
        tag = Tag(piece.kind, number, piece.name)
        attributes = _code_attributes(tag, unit.placeholders.get(number), version)
        if piece.kind == "open":
            stack.append(etree.SubElement(stack[-1], f"{{{ns}}}{pair_tag}", attributes))
        elif piece.kind == "close":
            if len(stack) > 1:
                stack.pop()
        else:
            etree.SubElement(stack[-1], f"{{{ns}}}{point_tag}", attributes)


# ---------------------------------------------------------------------------
# Reading


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
        try:
            parse: Any = _File12.parsestring  # translate-toolkit leaves it untyped
            store = parse(data)
        except (ValueError, etree.XMLSyntaxError, StopIteration) as error:
            raise FileProblem(f"not a usable XLIFF 1.2 file: {error}", root.sourceline) from None
        return _read12(path, store.document.getroot(), store)
    if name.namespace == XLIFF20:
        if not version.startswith("2."):
            raise FileProblem(f'XLIFF 2 namespace with version="{version}"', root.sourceline)
        try:
            parse2: Any = tt_xliff2.Xliff2File.parsestring
            store = parse2(data)
        except (ValueError, etree.XMLSyntaxError, StopIteration) as error:
            raise FileProblem(f"not a usable XLIFF 2 file: {error}", root.sourceline) from None
        return _read20(path, store.document.getroot())
    raise FileProblem(
        f"unknown XLIFF namespace {name.namespace or '(none)'!r}",
        root.sourceline,
        f"export XLIFF 1.2 ({XLIFF12}) or XLIFF 2.0 ({XLIFF20})",
    )


def _one_value(values: list[tuple[str | None, int | None]], what: str) -> tuple[str | None, int | None]:
    distinct = {v for v, _ in values}
    if len(distinct) > 1:
        line = values[0][1]
        raise FileProblem(
            f"the file's <file> elements disagree on the {what}: {sorted(map(str, distinct))}", line
        )
    return values[0] if values else (None, None)


def _read12(path: Path, root: etree._Element, store: Any) -> TranslationFile:
    files = list(root.iterchildren(f"{{{XLIFF12}}}file"))
    if not files:
        raise FileProblem("the XLIFF file has no <file> element", root.sourceline)
    releases = tuple(dict.fromkeys(f.get("original") or "" for f in files))
    source, _ = _one_value([(f.get("source-language"), f.sourceline) for f in files], "source language")
    target, locale_line = _one_value(
        [(f.get("target-language"), f.sourceline) for f in files], "target language"
    )
    entries = []
    seen: dict[str, int | None] = {}
    for unit in store.units:
        element = unit.xmlelement
        ident = element.get("resname") or element.get("id") or ""
        line = element.sourceline
        if not ident:
            raise FileProblem("a <trans-unit> without an id", line)
        if ident in seen:
            raise FileProblem(f'two units have the id "{ident}" (the first at line {seen[ident]})', line)
        seen[ident] = line
        source_element = element.find(f"{{{XLIFF12}}}source")
        if source_element is None:
            raise FileProblem(f'unit "{ident}" has no <source>', line)
        source_pieces = _pieces(source_element, "1.2")
        target_element = element.find(f"{{{XLIFF12}}}target")
        target_pieces = _pieces(target_element, "1.2") if target_element is not None else None
        contexts = dict(pair for group in unit.getcontextgroups(CONTEXT_GROUP) for pair in group)
        state = target_element.get("state") if target_element is not None else None
        if target_pieces is None or is_empty(target_pieces) or state in _UNTRANSLATED_12:
            status: EntryStatus = "untranslated"
        elif state in _REVIEW_12:
            status = "needs-review"
        else:
            status = "translated"
        entries.append(_entry(ident, source_pieces, target_pieces, status, contexts, line))
    return TranslationFile(
        path,
        "xliff",
        releases,
        source,
        target,
        tuple(entries),
        release_line=files[0].sourceline,
        locale_line=locale_line,
    )


def _entry(
    ident: str,
    source: Pieces,
    target: Pieces | None,
    status: EntryStatus,
    hashes: dict[str, str | None],
    line: int | None,
) -> Entry:
    source_hash = (hashes.get(SOURCE_HASH) or "").strip() or text_hash(po_text(source))
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
            source.extend(_pieces(part_source, "2.0"))
            part_target = part.find(f"{{{XLIFF20}}}target")
            if part_target is not None:
                has_target = has_target or local == "segment"
                target.extend(_pieces(part_target, "2.0"))
            else:
                target.extend(_pieces(part_source, "2.0") if local == "ignorable" else ())
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
        elif "initial" in states:
            status = "needs-review"
        else:
            status = "translated"
        entries.append(_entry(ident, tuple(source), target_pieces, status, hashes, line))
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


def _number(element: Any, attribute: str) -> int:
    value = element.get(attribute) or ""
    if not value.isdigit():
        local = etree.QName(element).localname
        raise FileProblem(
            f'<{local} {attribute}="{value}"> is not an inline code presskit wrote',
            element.sourceline,
            "keep the inline codes of the source; do not add new ones",
        )
    return int(value)


def _point_name(element: Any, version: Version) -> str | None:
    if version == "1.2":
        ctype, shown = element.get("ctype"), element.get("equiv-text") or ""
        stat = ctype == "x-presskit-stat"
        brk = ctype == "lb"
    else:
        ctype, shown = element.get("subType"), element.get("disp") or ""
        stat = ctype == "presskit:stat"
        brk = ctype == "xlf:lb"
    if stat and shown.startswith("{stat:") and shown.endswith("}"):
        return shown[1:-1]
    return "br" if brk else None


def _pieces(element: Any, version: Version) -> Pieces:
    """The text and inline codes of a <source> or <target>."""
    ns = XLIFF12 if version == "1.2" else XLIFF20
    out: list[Tag | str] = []

    def walk(node: Any) -> None:
        out.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):  # not a comment or processing instruction
                visit(child)
            out.append(child.tail or "")

    def visit(child: Any) -> None:
        qname = etree.QName(child)
        local = qname.localname
        if qname.namespace != ns:
            where = etree.QName(element).localname
            raise FileProblem(f"unexpected element <{local}> inside <{where}>", child.sourceline)
        if local in ("g", "pc"):
            number = _number(child, "id")
            out.append(Tag("open", number))
            walk(child)
            out.append(Tag("close", number))
        elif local in ("x", "ph"):
            out.append(Tag("point", _number(child, "id"), _point_name(child, version)))
        elif local == "sc" and version == "2.0":
            out.append(Tag("open", _number(child, "id")))
        elif local == "ec" and version == "2.0":
            out.append(Tag("close", _number(child, "startRef")))
        elif local == "mrk":
            walk(child)
        elif local in ("sm", "em") and version == "2.0":
            pass  # annotation markers: no content
        elif local == "cp" and version == "2.0":
            try:
                out.append(chr(int(child.get("hex") or "", 16)))
            except ValueError:
                raise FileProblem(
                    f'<cp hex="{child.get("hex")}"> is not a code point', child.sourceline
                ) from None
        else:
            codes = "<g> and <x>" if version == "1.2" else "<pc> and <ph>"
            raise FileProblem(
                f"<{local}> is not an inline code presskit wrote",
                child.sourceline,
                f"keep only the source's {codes}",
            )

    walk(element)
    merged: list[Tag | str] = []
    for piece in out:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece != "":
            merged.append(piece)
    return tuple(merged)
