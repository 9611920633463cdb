"""The release as a message ready to send (`<slug>.eml`, RFC 5322 with MIME), built with Python's
`email` package.

    multipart/alternative
      text/plain              the text edition (presskit.renderers.text), as it is
      multipart/related
        text/html             the e-mail's HTML (presskit.renderers.email.layout)
        image/…               the logo and the lead image's web copy, shown by cid:

`Subject:` is the headline, led while embargoed by the embargo as the release line states it
(short: no weekday), in the edition's language; `Content-Language:` the edition's locale;
`From:` the first press contact with an e-mail address; `To:` undisclosed recipients, so the
sender adds the media list as Bcc; `X-Unsent: 1` has Outlook open it as a draft to send.
The same edition gives the same bytes: `Date:` is when the release is issued (its time of
issue, else the moment its embargo lifts, else its date), and the `Message-ID:`, the parts'
`Content-ID`s and the MIME boundaries are digests of what the message holds, never random.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers import text
from presskit.renderers.email import headers as written
from presskit.renderers.email.layout import Pictures, email_html
from presskit.renderers.ninjs import first_created
from presskit.themes.theme import Theme
from presskit.words import issuing
from presskit.words.labels import label

# Every part in 7-bit form (quoted-printable or base64), lines of at most 78, CRLF: what any
# mail server and client takes as it is.
MESSAGE_POLICY = policy.SMTP.clone(cte_type="7bit")
NO_DOMAIN = "presskit.invalid"  # RFC 2606: a Message-ID's right-hand side where the release names none
SHOWN_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")  # what mail clients show
_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Picture:
    """A picture carried in the message, shown in its HTML by `cid:<content_id>`."""

    data: bytes
    media_type: str
    file_name: str
    content_id: str  # without the angle brackets

    @property
    def address(self) -> str:
        return f"cid:{self.content_id}"


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The edition as one MIME message, CRLF line ends."""
    domain = message_domain(release)
    logo, lead = logo_picture(release, domain), lead_picture(release, domain)
    pictures = Pictures(logo.address if logo else None, lead.address if lead else None)
    html = email_html(release, theme, locale, pictures, links="absolute-only")
    plain = text.render(release, theme, locale).decode("utf-8")
    message = EmailMessage(policy=MESSAGE_POLICY)
    for name, value in headers(release, theme, locale, domain, digest(release.slug, locale, html, plain)):
        message[name] = value
    message.set_content(plain, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    html_part = message.get_body(preferencelist=("html",))
    assert html_part is not None  # just added
    for picture in (p for p in (logo, lead) if p is not None):
        maintype, subtype = picture.media_type.split("/")
        html_part.add_related(
            picture.data,
            maintype,
            subtype,
            cid=f"<{picture.content_id}>",
            disposition="inline",
            filename=picture.file_name,
        )
    message["Content-Language"] = locale  # after the parts: making them moves Content-* headers down
    name_boundaries(message, digest(release.slug, locale, html, plain, "boundary")[:24])
    return message.as_bytes(policy=MESSAGE_POLICY)


def headers(
    release: m.Release, theme: Theme, locale: str, domain: str, identity: str
) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    sender = sender_address(release)
    if sender is not None:
        found.append(("From", sender))
    found += [
        ("To", Group("undisclosed-recipients")),
        ("Subject", written.unstructured("Subject", subject(release, theme, locale))),
        ("Date", format_datetime(first_created(release))),
        ("Message-ID", f"<{identity[:32]}@{domain}>"),
        ("X-Unsent", "1"),
    ]
    return found


def subject(release: m.Release, theme: Theme, locale: str) -> str:
    """The headline; while embargoed, led by the embargo (`EMBARGOED UNTIL 00:01 GMT, 11 December
    2025: Experts unveil …`), the label-and-value form of the edition's language joining them."""
    headline = " ".join(release.headline.split())  # one line: a header cannot hold a line break
    if release.embargo is None:
        return headline
    line = issuing.short_release_line(release, locale, ap=themed.ap_style(release, theme, locale))
    return " ".join(label("labelled", locale, label=line, value=headline).split())


def sender_address(release: m.Release) -> Address | written.WrittenHeader | None:
    """The first press contact with an e-mail address a 7-bit header can carry: an ASCII
    local part, its domain in IDNA form where it is an internationalised one (bücher.de as
    xn--bcher-kva.de); a name that is not ASCII as encoded words."""
    for contact in release.contacts:
        addr_spec = ascii_address(contact.email) if contact.email else None
        if addr_spec is None:
            continue
        name = " ".join(contact.name.split())
        if not name.isascii():
            return written.mailbox(name, addr_spec)
        try:
            return Address(name, addr_spec=addr_spec)
        except (ValueError, IndexError):  # an address the header parser does not take
            continue
    return None


def ascii_address(address: str) -> str | None:
    """`address` as a 7-bit header carries it, else None (a local part that is not ASCII
    needs SMTPUTF8, which a message for any mail server cannot count on)."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not local.isascii() or not local.isprintable() or " " in local:
        return None
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:  # not a host name IDNA can write
        return None


def message_domain(release: m.Release) -> str:
    """The organisation's web domain, else a press contact's e-mail domain."""
    if release.organisation.url:
        host = urlsplit(release.organisation.url).hostname
        if host and host.isascii():
            return host.removeprefix("www.")
    for contact in release.contacts:
        if contact.email and contact.email.isascii():
            return contact.email.rpartition("@")[2].lower()
    return NO_DOMAIN


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def picture(kind: str, data: bytes, media_type: str, file_name: str, domain: str) -> Picture:
    content_id = f"{kind}.{hashlib.sha256(data).hexdigest()[:20]}@{domain}"
    return Picture(data, media_type, file_name, content_id)


def logo_picture(release: m.Release, domain: str) -> Picture | None:
    """The logo, where the page shows it (a PNG or JPEG: else the page names the organisation)."""
    path = release.organisation.logo
    if path is None:
        return None
    data = path.read_bytes()
    media_type = next((t for magic, t in _MAGIC.items() if data.startswith(magic)), None)
    return picture("logo", data, media_type, path.name, domain) if media_type else None


def lead_picture(release: m.Release, domain: str) -> Picture | None:
    """The lead image's web copy (the largest rendition the build made; the original where it
    made none), where mail clients show its type: an SVG is linked, never carried."""
    asset = release.lead_image
    if asset is None or asset.media_type not in SHOWN_TYPES:
        return None
    path = asset.renditions[-1] if asset.renditions else asset.path
    return picture("lead", path.read_bytes(), asset.media_type, path.name, domain)


def name_boundaries(message: EmailMessage, seed: str) -> None:
    """Each multipart's boundary from the message's digest: `=_` never occurs in quoted-printable
    or base64 text, so no part can hold it."""
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_presskit_{seed}_{number}")
