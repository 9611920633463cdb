"""The reference document: a theme's reference.docx read into the styled start of every document,
and the reference.docx presskit ships.

Built on the theme's `reference.docx` (as pandoc builds on its reference
document): its body is cleared, its styles, headers' look and page setup
kept; a theme without one is built on python-docx's default template.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from lxml import etree

from presskit.errors import Problem, ValidationFailed
from presskit.renderers.docx.ooxml import (
    WordDocument,
    clear_body,
    drop_template_extras,
    emphasise_header_row_only,
)
from presskit.renderers.docx.package import finished_package
from presskit.renderers.docx.page import PAGE_SIZES_MM
from presskit.renderers.docx.styles import TABLE_STYLE, define_styles, prune_styles
from presskit.themes.theme import Theme

REFERENCE_LIMIT = 20_000_000  # bytes: a reference.docx holds styles, not photographs


# The styled, empty document each (theme, locale) starts from, as package bytes:
# reading the reference and defining its styles is half the work of a document,
# and a newsroom build makes hundreds from one theme. The entry holds its theme,
# compared by identity (a theme reloaded after an edit is a new object), and the
# reference file's size and time, so an edited reference.docx is read again.
_STARTS: dict[tuple[int, str], tuple[Theme, tuple[int, int] | None, bytes, bool, dict[str, str]]] = {}


def styled_start(theme: Theme, locale: str) -> tuple[WordDocument, bool, dict[str, str]]:
    """A fresh document with the release's styles defined and an empty body; whether it came
    from the theme's reference.docx; and the style ids by name, filled in as they are looked up
    (python-docx scans every style on each lookup by name), shared by every document of the start."""
    reference = theme.reference_docx
    stamp = None
    if reference is not None:
        try:
            status = reference.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = None  # open_reference reports it
    key = (id(theme), locale)
    cached = _STARTS.get(key)
    if cached is None or cached[0] is not theme or cached[1] != stamp:
        document, from_reference = open_reference(theme)
        drop_template_extras(document)
        define_styles(document, theme, locale, from_reference=from_reference)
        if not from_reference:
            prune_styles(document)
        buffer = io.BytesIO()
        document.save(buffer)
        cached = (theme, stamp, buffer.getvalue(), from_reference, {})
        if len(_STARTS) > 64:  # many themes in one process (serve, tests): keep it bounded
            _STARTS.clear()
        _STARTS[key] = cached
    return docx.Document(io.BytesIO(cached[2])), cached[3], cached[4]


def open_reference(theme: Theme) -> tuple[WordDocument, bool]:
    """The theme's reference.docx (body cleared), or python-docx's template; and which it was."""
    reference = theme.reference_docx
    if reference is None:
        return docx.Document(), False
    try:
        if reference.stat().st_size > REFERENCE_LIMIT:
            raise ValueError(f"it is over {REFERENCE_LIMIT // 1_000_000} MB")
        document = docx.Document(str(reference))
    except (
        OSError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
        PackageNotFoundError,
        etree.XMLSyntaxError,
    ) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ValidationFailed(
            [
                Problem(
                    f"cannot be used as the Word reference document ({reason})",
                    reference,
                    field="reference.docx",
                    hint="save it from Word or LibreOffice as a .docx (Word Document), or remove it",
                )
            ]
        ) from None
    clear_body(document)
    return document, True


# --------------------------------------------------------------------------
# The reference.docx presskit ships


REFERENCE_SAMPLES = (
    ("Release Line", "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025 (Release Line)"),
    ("Release Details", "Published: 15:00 GMT, Wednesday 10 December 2025 (Release Details)"),
    ("Release Type", "MEDIA RELEASE (Release Type)"),
    ("Logo", "The organisation's logo sits in this paragraph (Logo)"),
    ("Organisation", "The organisation, where it has no logo (Organisation)"),
    ("Contacts Label", "Media contacts (Contacts Label: contacts at the top, as the wire theme puts them)"),
    ("Title", "The headline (Title)"),
    ("Subtitle", "The subheadline (Subtitle)"),
    ("Standfirst", "The standfirst: one or two sentences that say what the release is about (Standfirst)"),
    ("Lead Image", "The lead photo sits in this paragraph, under the standfirst (Lead Image)"),
    ("Caption", "The lead photo's caption and credit (Caption)"),
    ("List Bullet", "A key point, or an item of a bulleted list (List Bullet)"),
    ("Body Text", "LONDON, 11 December 2025 – The body of the release (Body Text)."),
    ("Heading 1", "A section heading (Heading 1)"),
    ("Heading 2", "A sub-heading (Heading 2)"),
    ("List Number", "An item of a numbered list (List Number)"),
    ("Quote", "“A quotation, set apart from the text.” (Quote)"),
    ("Quote Attribution", "— The speaker, their role, their organisation (Quote Attribution)"),
    ("Call To Action", "The call to action: https://example.org/ (Call To Action)"),
    ("End Mark", "-Ends-"),
    ("Contact", "A media contact: name, role, e-mail and phone (Contact)"),
    ("Source", "1. A numbered source of the statistics (Source)"),
    ("HTML Preformatted", "Preformatted text, as in code (HTML Preformatted)"),
)


def reference_document(theme: Theme) -> bytes:
    """A reference.docx holding presskit's built-in styles, one sample paragraph for each.

    Its colours and fonts are Word theme colours and fonts ("Accent 1" is the
    theme's primary colour, "+Headings" its heading font), so a theme that
    extends one shipping this file still sets them in theme.yaml; everything
    else (sizes, spacing, borders) a press office changes in Word. This is
    how templates/default/reference.docx is made (`pytest --update-golden`).
    """
    document = docx.Document()
    drop_template_extras(document)
    define_styles(document, theme, "en-GB", linked=True)
    prune_styles(document)
    section = document.sections[0]
    spec = theme.spec
    width, height = PAGE_SIZES_MM[spec.page_size]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(spec.margins.top), Mm(spec.margins.bottom)
    section.left_margin, section.right_margin = Mm(spec.margins.left), Mm(spec.margins.right)
    section.header_distance = Mm(min(10.0, spec.margins.top / 2))
    section.footer_distance = Mm(min(10.0, spec.margins.bottom / 2))
    section.header.paragraphs[0].text = "The release line, on every page (Header)"
    section.footer.paragraphs[0].text = "Page 1 of 1 (Footer)"
    for style, text in REFERENCE_SAMPLES:
        paragraph = document.add_paragraph(text, style=style)
        if style == "Body Text":
            paragraph.add_run(" A statistic’s source")
            paragraph.add_run("1").style = "Source Reference"
            paragraph.add_run(" and a ")
            paragraph.add_run("link").style = "Hyperlink"
            paragraph.add_run(" (Source Reference, Hyperlink).")
    table = document.add_table(rows=2, cols=2)
    table.style = TABLE_STYLE
    for cell, text in zip(table._cells, ("A table", "(Light List Accent 1)", "Row", "Value"), strict=True):
        cell.text = text
    emphasise_header_row_only(table)
    properties = document.core_properties
    for element in list(properties._element):
        properties._element.remove(element)
    properties.title = "presskit reference document"
    properties.comments = "Restyle the styles in Word; presskit clears this text and keeps the styles."
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    properties.created = properties.modified = moment
    properties.revision = 1
    return finished_package(document, theme, moment.date())
