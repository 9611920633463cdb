"""Word (.docx): the release as a document a press officer can send untouched (see `styles`)."""

from presskit.renderers.docx.styles import (
    ALIGNMENTS,
    MIN_COLUMN_MM,
    PAGE_SIZES_MM,
    STYLES,
    TABLE_STYLE,
    clean,
    column_groups,
    prepare,
    reference_document,
    render,
)

__all__ = [
    "ALIGNMENTS",
    "MIN_COLUMN_MM",
    "PAGE_SIZES_MM",
    "STYLES",
    "TABLE_STYLE",
    "clean",
    "column_groups",
    "prepare",
    "reference_document",
    "render",
]
