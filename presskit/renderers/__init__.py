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
    "vcard": Format("vcard", "presskit.renderers.vcard", "vcf", "text/vcard", "contacts.vcf", whole=False),
    "email": Format("email", "presskit.renderers.email", "email.html", "text/html"),
    "eml": Format("eml", "presskit.renderers.email.message", "eml", "message/rfc822"),
}


def render(format_name: str, release: Release, theme: Theme, locale: str) -> bytes:
    """Render `release` as `format_name`; the name must be a key of FORMATS."""
    return FORMATS[format_name].renderer()(release, theme, locale)
