"""What a translator's tool wrote in an XLIFF unit besides the words, taken out and put back.

presskit writes the source, its own notes and its hashes; everything else in a
returned unit is the translator's: the target with its state and phase, the
`approved` attribute, `<seg-source>` and `<mrk mtype="seg">` segmentation,
notes, `<alt-trans>` matches, context and metadata groups, extensions (XLIFF
1.2); the segments with their states, notes and metadata (XLIFF 2.0). It is
kept as `Kept`, serialised, and written back as it came when the store
(`i18n/<locale>.xlf`) and the files handed out are written again.

The store is XLIFF 1.2, so what an XLIFF 2.0 or PO file carried is kept there in
one extension element, `<pk:kept>` (namespace `KEPT`), which XLIFF 1.2 allows at
the end of a `<trans-unit>`; it records a hash of the target it belongs to, so a
target edited by hand afterwards is never paired with another file's markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from presskit.i18n.files import FileFormat, Kept

XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
KEPT = "urn:presskit:i18n:kept:1"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

PRESSKIT = "presskit"  # `from` of presskit's notes, `origin` of its alt-trans, name of its groups
PREVIOUS_SOURCE = "presskit-previous-source"  # XLIFF 2.0 note category: a stale unit's old source
PRESSKIT_NOTES_20 = {"context", "placeholders", "instructions", PREVIOUS_SOURCE}
_ATTRIBUTES_12 = {"id", "resname", "maxwidth", "size-unit", XML_SPACE}
_ATTRIBUTES_20 = {"id", "name"}
_FORMATS: tuple[FileFormat, ...] = ("xliff", "xliff2", "po")


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def serialise(element: etree._Element) -> bytes:
    """An element as bytes, XLIFF 1.1 renamed to 1.2 (po2xliff writes 1.1; the two agree on units)."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False))
    for node in copy.iter():
        if isinstance(node.tag, str) and etree.QName(node).namespace == XLIFF11:
            node.tag = f"{{{XLIFF12}}}{etree.QName(node).localname}"
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy)


def parse(data: bytes) -> etree._Element:
    """Bytes serialised by `serialise` (presskit's own, from a file already checked)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser=parser)


# ---------------------------------------------------------------------------
# XLIFF 1.2


@dataclass(frozen=True)
class Parts12:
    """A <trans-unit> taken apart: the translator's markup, presskit's previous version, the stash."""

    attributes: tuple[tuple[str, str], ...]
    translation: tuple[bytes, ...]
    extras: tuple[bytes, ...]
    previous: etree._Element | None  # presskit's <alt-trans alttranstype="previous-version">
    stash: etree._Element | None  # <pk:kept>


def parts_12(unit: etree._Element) -> Parts12:
    attributes = tuple((k, v) for k, v in unit.attrib.items() if k not in _ATTRIBUTES_12)
    translation: list[bytes] = []
    extras: list[bytes] = []
    previous = stash = None
    for child in unit:
        local = _local(child)
        namespace = etree.QName(child).namespace if local else None
        if not local or local == "source" and namespace != KEPT:
            continue
        if namespace == KEPT:
            stash = child if local == "kept" else stash
        elif local in ("seg-source", "target"):
            translation.append(serialise(child))
        elif local == "note" and child.get("from") == PRESSKIT:
            continue
        elif local == "context-group" and child.get("name") == PRESSKIT:
            continue
        elif local == "alt-trans" and child.get("origin") == PRESSKIT:
            previous = child
        else:
            extras.append(serialise(child))
    return Parts12(attributes, tuple(translation), tuple(extras), previous, stash)


def restore_12(unit: etree._Element, kept: Kept | None, words: bool, stale: bool = False) -> bool:
    """Put a translator's XLIFF 1.2 markup back on `unit` (which holds presskit's source and notes).

    `words`: the target and segmentation too (they hold for this source). A stale
    unit keeps its notes and matches, but not an approval of another text.
    Returns whether the target was put back.
    """
    if kept is None or kept.format != "xliff":
        return False
    for name, value in kept.attributes:
        if not (stale and name == "approved"):
            unit.set(name, value)
    if words and kept.translation:
        source = unit.find(f"{{{XLIFF12}}}source")
        assert source is not None
        for old in unit.findall(f"{{{XLIFF12}}}target"):
            unit.remove(old)
        anchor = source
        for data in kept.translation:
            element = parse(data)
            anchor.addnext(element)
            anchor = element
    for data in kept.extras:
        unit.append(parse(data))
    return bool(words and kept.translation)


def from_po_comment(data: bytes) -> bool:
    """presskit's own PO comments as po2xliff turns them into XLIFF: presskit writes them again."""
    element = parse(data)
    local = _local(element)
    if local == "note":
        return element.get("from") == "developer"
    return (
        local == "context-group"
        and element.get("name") == "po-entry"
        and any(c.get("context-type") == "x-po-autocomment" for c in element)
    )


def header_12(header: etree._Element | None) -> tuple[bytes, ...]:
    """The <header> children a tool added (phase-group, tool, glossary, notes…), not presskit's note."""
    if header is None:
        return ()
    out = []
    for child in header:
        if not _local(child):
            continue
        if _local(child) == "note" and (child.text or "").startswith("presskit release "):
            continue
        out.append(serialise(child))
    return tuple(out)


def merge_headers(kept: Sequence[bytes], returned: Sequence[bytes]) -> tuple[bytes, ...]:
    """The store's header markup after a merge: phases by name and tools by id, the returned file's winning."""
    phases: dict[str, bytes] = {}
    others: dict[str, bytes] = {}
    for data in (*kept, *returned):
        element = parse(data)
        if _local(element) == "phase-group":
            for phase in element:
                if _local(phase) == "phase":
                    phases[phase.get("phase-name") or ""] = serialise(phase)
        else:
            key = element.get("tool-id") if _local(element) == "tool" else None
            others[f"tool:{key}" if key else data.decode("utf-8")] = data
    out = []
    if phases:
        group = etree.Element(f"{{{XLIFF12}}}phase-group")
        for data in phases.values():  # in the order the files gave them
            group.append(parse(data))
        out.append(etree.tostring(group))
    return (*out, *others.values())


def restore_header_12(header: etree._Element, kept: Iterable[bytes]) -> None:
    """Header markup back in XLIFF 1.2's order: <phase-group> first, the rest after presskit's note."""
    for data in kept:
        element = parse(data)
        if _local(element) == "phase-group":
            header.insert(0, element)
        else:
            header.append(element)


# ---------------------------------------------------------------------------
# XLIFF 2.0


def kept_20(unit: etree._Element, source_hash: str, target_hash: str | None) -> Kept:
    """A 2.0 <unit>'s translator markup: attributes, segments and ignorables, notes, metadata, modules."""
    attributes = tuple((k, v) for k, v in unit.attrib.items() if k not in _ATTRIBUTES_20)
    translation: list[bytes] = []
    extras: list[bytes] = []
    for child in unit:
        local = _local(child)
        if not local:
            continue
        if local in ("segment", "ignorable"):
            translation.append(serialise(child))
        elif local == "notes":
            extras.extend(
                serialise(note)
                for note in child
                if _local(note) == "note" and note.get("category") not in PRESSKIT_NOTES_20
            )
        elif etree.QName(child).namespace == MDA:
            extras.extend(serialise(g) for g in child if _local(g) and g.get("category") != PRESSKIT)
        else:
            extras.append(serialise(child))
    return Kept("xliff2", source_hash, target_hash, attributes, tuple(translation), tuple(extras))


def restore_20(unit: etree._Element, kept: Kept | None, words: bool) -> bool:
    """Put a translator's XLIFF 2.0 markup back on `unit`; with `words`, its segments replace presskit's."""
    if kept is None or kept.format != "xliff2":
        return False
    for name, value in kept.attributes:
        unit.set(name, value)
    notes = unit.find(f"{{{XLIFF20}}}notes")
    metadata = unit.find(f"{{{MDA}}}metadata")
    others = []
    for data in kept.extras:
        element = parse(data)
        namespace, local = etree.QName(element).namespace, _local(element)
        if local == "note" and notes is not None:
            notes.append(element)
        elif namespace == MDA and metadata is not None:
            metadata.append(element)
        else:
            others.append(element)
    content = [c for c in unit if _local(c) in ("segment", "ignorable")]
    if words and kept.translation:
        for old in content:
            unit.remove(old)
        content = []
        for data in kept.translation:
            unit.append(parse(data))
    for element in others:  # modules and <originalData> come before the content
        (content[0].addprevious if content else unit.append)(element)
    return bool(words and kept.translation)


# ---------------------------------------------------------------------------
# The store's <pk:kept>: another format's markup inside an XLIFF 1.2 unit


def stash(kept: Kept, target_hash: str | None) -> etree._Element:
    """`kept` as a <pk:kept>, for the target whose PO-form text has `target_hash`."""
    element = etree.Element(f"{{{KEPT}}}kept", nsmap={"pk": KEPT})
    element.set("format", kept.format)
    element.set("source-hash", kept.source_hash)
    if target_hash:
        element.set("target-hash", target_hash)
    for name, value in kept.attributes:
        etree.SubElement(element, f"{{{KEPT}}}attribute", name=name, value=value)
    for tag, items in (("translation", kept.translation), ("extras", kept.extras)):
        if items:
            holder = etree.SubElement(element, f"{{{KEPT}}}{tag}")
            for data in items:
                holder.append(parse(data))
    for tag, texts in (("po-comment", kept.po_comments), ("po-flag", kept.po_flags)):
        for text in texts:
            etree.SubElement(element, f"{{{KEPT}}}{tag}").text = text
    if kept.po_previous is not None:
        etree.SubElement(element, f"{{{KEPT}}}po-previous").text = kept.po_previous
    return element


def unstash(element: etree._Element, target_hash: str | None) -> Kept | None:
    """The markup a <pk:kept> holds; None if malformed or made for another target than the unit's."""
    fmt = element.get("format")
    source_hash = element.get("source-hash") or ""
    if fmt not in _FORMATS or fmt == "xliff" or element.get("target-hash") != target_hash:
        return None
    found: dict[str, list[etree._Element]] = {}
    for child in element:
        if _local(child) and etree.QName(child).namespace == KEPT:
            found.setdefault(_local(child), []).append(child)

    def inner(tag: str) -> tuple[bytes, ...]:
        return tuple(serialise(c) for holder in found.get(tag, ()) for c in holder if _local(c))

    def texts(tag: str) -> tuple[str, ...]:
        return tuple(c.text or "" for c in found.get(tag, ()))

    attributes = tuple((a.get("name") or "", a.get("value") or "") for a in found.get("attribute", ()))
    previous = texts("po-previous")
    return Kept(
        fmt,  # checked against _FORMATS above
        source_hash,
        target_hash,
        tuple((n, v) for n, v in attributes if n),
        inner("translation"),
        inner("extras"),
        texts("po-comment"),
        texts("po-flag"),
        previous[0] if previous else None,
    )
