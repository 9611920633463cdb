"""vCard 4.0 (RFC 6350): the release's press contacts as cards a journalist keeps.

Each contact is one card (`contacts/<id>.vcf` beside the edition's documents) and
`contacts.vcf` holds them all; written with vobject. A card has the contact's name,
role and organisation (in the edition's language, tagged with it), every e-mail
address, every phone number as a `tel:` URI (RFC 3966, as the documents link them;
a number's own words, "Today" or "Out of hours", as its label), social accounts
(RFC 9554 SOCIALPROFILE) and office hours. The same contact gives the same bytes on
every build: its UID is derived from the release and the contact's id, its REV from
the release's date (or SOURCE_DATE_EPOCH), never the clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from presskit import model as m
from presskit.source.environment import made_at
from presskit.themes.theme import Theme
from presskit.words import wording
from presskit.words.labels import label

# The model's kinds of number and vCard's TYPE values for them (RFC 6350 §6.4.1).
PHONE_TYPES = {
    "office": "work,voice",
    "mobile": "cell,voice",
    "fax": "fax",
    "out_of_hours": "voice",
    "switchboard": "work,voice",
}


_LABEL_EDGES = " :;,–-\u00a0\uff1a"  # what separates a label from its number, in any script


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """`contacts.vcf`: every contact's card, in the release's order."""
    return b"".join(data for _, data in cards(release, locale))


def cards(release: m.Release, locale: str) -> list[tuple[str, bytes]]:
    """Each contact's id and card."""
    unique = {contact.id: contact for contact in release.contacts}  # a contact listed twice: one card
    return [(contact_id, card(release, contact, locale)) for contact_id, contact in unique.items()]


def card(release: m.Release, contact: m.Contact, locale: str) -> bytes:
    import vobject

    vcard = vobject.vCard()
    vcard.add("version").value = "4.0"
    vcard.add("prodid").value = "-//presskit//press contacts//EN"
    vcard.add(
        "uid"
    ).value = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'presskit:{release.slug}:{contact.id}')}"
    vcard.add("rev").value = made_at(release.date).strftime("%Y%m%dT%H%M%SZ")
    vcard.add("fn").value = contact.name
    for key, value in card_lines(release, contact, locale):
        line = vcard.add(key.name)
        line.value = value
        for param, values in key.params.items():  # TYPE=work,voice: one value each
            line.params[param] = values
        if key.group:
            line.group = key.group
    data: str = vcard.serialize()
    return data.encode("utf-8")


class Key:
    """A property's name, parameters and group, e.g. `item1.TEL;VALUE=uri;TYPE=cell`."""

    def __init__(self, name: str, group: str | None = None, **params: str) -> None:
        self.name = name
        self.group = group
        self.params = {k.upper().replace("_", "-"): v.split(",") for k, v in params.items()}


def card_lines(release: m.Release, contact: m.Contact, locale: str) -> Iterator[tuple[Key, Any]]:
    if contact.role:
        yield Key("role", language=locale), contact.role
    yield Key("org", language=locale), [contact.organisation or release.organisation.name]
    if contact.email:
        yield Key("email", type="work"), contact.email
    groups = iter(range(1, 1000))
    numbers: list[tuple[str, str, str | None]] = []
    if contact.phone:
        numbers.append((contact.phone, "office", None))
    if contact.out_of_hours_phone:
        numbers.append((contact.out_of_hours_phone, "out_of_hours", label("out_of_hours", locale)))
    numbers.extend((phone.number, phone.type, phone.label) for phone in contact.phones)
    for written, kind, caption in numbers:
        for link, words in tel_links(written, release.home_locale):
            shown = (caption or words or "").strip(_LABEL_EDGES)
            group = f"item{next(groups)}" if shown else None
            yield Key("tel", group, value="uri", type=PHONE_TYPES[kind]), link
            if shown and group:
                yield Key("x-ablabel", group), shown
    for account in contact.social:
        profile = account.url or account.handle
        if profile:
            yield Key("socialprofile", service_type=account.network), profile
    if contact.hours:
        yield (
            Key("note", language=locale),
            label("labelled", locale, label=label("hours", locale), value=contact.hours),
        )
    if contact.on_behalf_of:
        yield Key("related", type="agent", value="text"), contact.on_behalf_of
    if release.organisation.url:
        yield Key("url", type="work"), release.organisation.url


def tel_links(written: str, locale: str) -> Iterator[tuple[str, str | None]]:
    """Each number in `written` as a tel: URI, with the words written before it ("Today")."""
    words: str | None = None
    for text, link in wording.phone_pieces(written, locale):
        if link is None:
            words = text.strip(_LABEL_EDGES) or None
        else:
            yield link, words
            words = None
