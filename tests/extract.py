"""Read each output format back to plain text, the way a reader would see it."""

from __future__ import annotations

import io
import re
import unicodedata


def normalise(text: str) -> str:
    """NFKC, typographic dashes kept, all whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def text_of_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    body = document.element.body
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            parts.append("".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")))
    return normalise("\n".join(parts))


def text_of_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return normalise("\n".join(page.extract_text() or "" for page in reader.pages))


def text_of_html(data: bytes) -> str:
    import lxml.html

    tree = lxml.html.fromstring(data.decode("utf-8"))
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    return normalise(tree.text_content())


def text_of_txt(data: bytes) -> str:
    return normalise(data.decode("utf-8"))


def ninjs_body(data: bytes, contenttype: str) -> str:
    import json

    (body,) = [b["value"] for b in json.loads(data)["bodies"] if b["contenttype"] == contenttype]
    return str(body)


def text_of_ninjs(data: bytes) -> str:
    """The HTML body of the ninjs item, as a reader of the receiving system sees it."""
    return text_of_html(f"<html><body>{ninjs_body(data, 'text/html')}</body></html>".encode())


def text_of_email(data: bytes) -> str:
    """The e-mail's HTML as its reader sees it: without the hidden preheader (the inbox's preview)."""
    import lxml.html

    tree = lxml.html.fromstring(data.decode("utf-8"))
    for bad in tree.xpath(
        "//script|//style|//head|//*[contains(translate(@style, ' ', ''), 'display:none')]"
    ):
        bad.drop_tree()
    return normalise(tree.text_content())


def html_of_eml(data: bytes) -> str:
    """The HTML part of the message, as a mail client shows it."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "the message has no HTML part"
    return str(part.get_content())


def text_of_eml(data: bytes) -> str:
    return text_of_email(html_of_eml(data).encode("utf-8"))


EXTRACTORS = {
    "docx": text_of_docx,
    "pdf": text_of_pdf,
    "html": text_of_html,
    "txt": text_of_txt,
    "ninjs": text_of_ninjs,
    "email": text_of_email,
    "eml": text_of_eml,
}


def positions(text: str, markers: list[str]) -> list[int]:
    """Where each marker first appears after the previous one (-1 when missing).

    Case is ignored: plain text sets its headings in capitals.
    """
    out: list[int] = []
    start = 0
    text = text.casefold()
    for marker in markers:
        found = text.find(normalise(marker).casefold(), start)
        out.append(found)
        if found >= 0:
            start = found + 1
    return out


def strip_citations(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


def documents() -> tuple[str, ...]:
    """The formats that carry the whole release (each has an extractor above); the others, such
    as the contacts' cards, carry a part of it."""
    from presskit.renderers import FORMATS

    return tuple(name for name, fmt in FORMATS.items() if fmt.whole)
