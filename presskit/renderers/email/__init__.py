"""The release as an HTML e-mail (`<slug>.email.html`), and as a message ready to send (`.eml`).

`email.html` is the message's HTML as a file, for a mailing tool to send or a person to
paste: the web page's words laid out in tables, styles inlined (`layout`). Its pictures are
the page's: the logo embedded, the lead image's web copy by its address (absolute under
the newsroom's base_url). The `.eml` (`presskit.renderers.email.message`) carries the same
HTML, its pictures as parts of the message, and the text edition as its plain alternative.
"""

from __future__ import annotations

from presskit import model as m
from presskit.renderers.email.layout import email_html
from presskit.themes.theme import Theme


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The edition as a UTF-8 HTML e-mail, every style inlined."""
    return email_html(release, theme, locale).encode("utf-8")
