"""HTML: one self-contained, responsive, printable page per locale (see presskit.renderers.html.fragments)."""

from presskit.renderers.html.fragments import (
    HtmlPage,
    build_page,
    css_variables,
    email_spans,
    prepare,
    render,
)
from presskit.words import wording

__all__ = ["HtmlPage", "build_page", "css_variables", "email_spans", "prepare", "render", "wording"]
