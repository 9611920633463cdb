"""The PDF's outline (bookmarks): headings that add an entry where they land."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from presskit.renderers.pdf.paragraphs import PlainParagraph


@dataclass(frozen=True)
class OutlineEntry:
    key: str  # the named destination, set with <a name> in the paragraph
    title: str
    level: int


class OutlinedParagraph(PlainParagraph):
    """A paragraph that adds an entry to the PDF outline where it lands."""

    outline: OutlineEntry | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts:
            parts[0].outline = self.outline  # only the first piece carries the anchor
        return parts
