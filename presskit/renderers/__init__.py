"""Every output format, registered by name in one table.

A renderer is a module with `render(release, theme, locale) -> bytes`. Modules
are imported only when their format is asked for, so `presskit --help` and the
formats not built never pay for reportlab or python-docx.

Where documents are rendered (side by side in forked processes, or by the
helper forked before the release is loaded) is publishing machinery: see
presskit.publish.parallel and presskit.publish.helper.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, cast

from presskit.model import Release
from presskit.themes.theme import Theme


class RenderFunction(Protocol):
    def __call__(self, release: Release, theme: Theme, locale: str) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    extension: str
    media_type: str
    file_name: str | None = None  # the edition's file where it is not <slug>.<extension>
    whole: bool = True  # the whole release, every element in order; False: a part (the contacts' cards)
    # The part of the release the format is made of (a Release attribute), where a release may
    # lack it: a release without it gets no such file, and the renderer is never asked for one.
    needs: str | None = None

    def applies_to(self, release: Release) -> bool:
        """Whether `release` has what the format shows (its `needs`)."""
        return self.needs is None or bool(getattr(release, self.needs))

    def output_name(self, slug: str) -> str:
        return self.file_name or f"{slug}.{self.extension}"

    def renderer(self) -> RenderFunction:
        module = importlib.import_module(self.module)
        return cast(RenderFunction, module.render)


FORMATS: dict[str, Format] = {
    "html": Format("html", "presskit.renderers.html", "html", "text/html"),
    "docx": Format(
        "docx",
        "presskit.renderers.docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": Format("pdf", "presskit.renderers.pdf", "pdf", "application/pdf"),
    "txt": Format("txt", "presskit.renderers.text", "txt", "text/plain"),
    "ninjs": Format("ninjs", "presskit.renderers.ninjs", "ninjs.json", "application/json"),
    # every contact's card in one file; each card also on its own (publish.release)
    "vcard": Format(
        "vcard",
        "presskit.renderers.vcard",
        "vcf",
        "text/vcard",
        "contacts.vcf",
        whole=False,
        needs="contacts",
    ),
    "email": Format("email", "presskit.renderers.email", "email.html", "text/html"),
    "eml": Format("eml", "presskit.renderers.email.message", "eml", "message/rfc822"),
    # the statistics on one page, with their sources; none for a release without statistics
    "factsheet": Format(
        "factsheet",
        "presskit.renderers.factsheet.pdf",
        "factsheet.pdf",
        "application/pdf",
        whole=False,
        needs="statistics",
    ),
    "factsheet-html": Format(
        "factsheet-html",
        "presskit.renderers.factsheet.html",
        "factsheet.html",
        "text/html",
        whole=False,
        needs="statistics",
    ),
    # one post of at most 280 characters as X counts them: headline, link, hashtags, embargo
    "social": Format("social", "presskit.renderers.social", "txt", "text/plain", "social.txt", whole=False),
}


def render(format_name: str, release: Release, theme: Theme, locale: str) -> bytes:
    """Render `release` as `format_name`; the name must be a key of FORMATS."""
    return FORMATS[format_name].renderer()(release, theme, locale)
