"""The package: zipped with fixed timestamps so that the same release gives the same bytes,
its Office theme and font table in the brand's terms."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from presskit.renderers.docx.ooxml import WordDocument
from presskit.themes.theme import Theme

CONTENT_TYPES = "[Content_Types].xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

OFFICE_THEME_SLOTS = {
    "dk1": "text",
    "lt1": "background",
    "dk2": "primary",
    "accent1": "primary",
    "accent2": "accent",
    "accent3": "muted",
    "accent4": "quote_rule",
    "hlink": "accent",
}

DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"


def finished_package(document: WordDocument, theme: Theme, day: dt.date) -> bytes:
    """The document zipped deterministically, its Office theme and font table in the brand's terms."""
    parts = package_parts(document)
    if "word/theme/theme1.xml" in parts:
        parts["word/theme/theme1.xml"] = rebrand_office_theme(parts["word/theme/theme1.xml"], theme)
    if "word/fontTable.xml" in parts:
        parts["word/fontTable.xml"] = declare_monospace(parts["word/fontTable.xml"], theme.spec.fonts.mono)
    return deterministic_zip(parts, day)


def rebrand_office_theme(xml: bytes, theme: Theme) -> bytes:
    """The Office theme in the brand's colours and fonts.

    Word's own style galleries, table styles and "theme colour" pickers read
    these, so an editor who restyles stays on brand.
    """
    root = etree.fromstring(xml)
    colours, fonts = theme.spec.colours, theme.spec.fonts
    for slot, key in OFFICE_THEME_SLOTS.items():
        colour = str(getattr(colours, key))
        for entry in root.iterfind(f".//{{{DRAWINGML}}}clrScheme/{{{DRAWINGML}}}{slot}"):
            entry.clear()
            etree.SubElement(entry, f"{{{DRAWINGML}}}srgbClr", val=colour[1:].upper())
    for font_slot, family in (("majorFont", fonts.heading), ("minorFont", fonts.body)):
        for latin in root.iterfind(f".//{{{DRAWINGML}}}{font_slot}/{{{DRAWINGML}}}latin"):
            latin.set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def declare_monospace(xml: bytes, family: str) -> bytes:
    """The font table told that `family` is fixed-pitch, so Word without it substitutes a monospaced face."""
    root = etree.fromstring(xml)
    name = f"{{{W_NS}}}name"
    if any(font.get(name) == family for font in root.iterfind(f"{{{W_NS}}}font")):
        return xml
    font = etree.SubElement(root, f"{{{W_NS}}}font", {name: family})
    etree.SubElement(font, f"{{{W_NS}}}family", {f"{{{W_NS}}}val": "modern"})
    etree.SubElement(font, f"{{{W_NS}}}pitch", {f"{{{W_NS}}}val": "fixed"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def package_parts(document: WordDocument) -> dict[str, bytes]:
    """Every part python-docx writes, by zip entry name."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def deterministic_zip(parts: dict[str, bytes], day: dt.date) -> bytes:
    """The parts zipped with fixed times and permissions in a fixed order."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if 1980 <= day.year <= 2107 else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: (n != CONTENT_TYPES, n)):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, parts[name])
    return buffer.getvalue()
