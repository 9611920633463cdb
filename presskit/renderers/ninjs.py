"""IPTC ninjs 2.2 (News in JSON): the release as wire services and aggregators take it in.

One JSON object per edition, as IPTC's ninjs standard lays it out: what it is (`uri`, `type`,
`version`, its dates), whether it may be used yet (`embargoed` and `pubstatus: withheld`
while the edition still states an embargo), its words (`headlines`, `descriptions`,
`bodies` as HTML and as the text renderer's plain text, so a receiving system shows the
same release in the same order), who and where (`people`: the quoted speakers and the
press contacts with their contact details; `organisations`, `places`: the dateline;
`infosources`: the issuer and each numbered source), and the assets as `associations`
with their renditions.

The `uri` is a tag URI (RFC 4151) minted from the organisation's web address (else a press
contact's e-mail address) and the release date, so it is the same on every build and
different for every release and language. An asset's renditions are named by their place
in the release folder (`title`), and linked (`href`) where the newsroom's address is known.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from presskit import model as m
from presskit.renderers import html, text
from presskit.renderers.html.back_matter import image_size
from presskit.renderers.html.head import page_address, published_address
from presskit.source.assets import rendition_names
from presskit.source.environment import made_at
from presskit.themes.theme import Theme
from presskit.words import wording
from presskit.words.issuing import release_line
from presskit.words.labels import label

SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
ASSET_NATURE = {"image": "picture", "document": "text"}


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The edition as one ninjs 2.2 object, UTF-8 JSON with sorted keys and a final newline."""
    body_html = message_html(html.page_html(release, theme, locale, emails="linked"))
    document = news_item(release, locale, body_html, text.render(release, theme, locale))
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def news_item(release: m.Release, locale: str, body_html: str, body_text: bytes) -> dict[str, Any]:
    first = first_created(release)
    item: dict[str, Any] = {
        "uri": item_uri(release, locale),
        "standard": {"name": "ninjs", "version": "2.2", "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "profile": f"presskit-{release.type}",
        "version": "1",
        "firstcreated": stamp(first),
        "versioncreated": stamp(max(first, made_at(release.date))),
        "pubstatus": "withheld" if release.embargo else "usable",
        "language": locale,
        "slugline": release.slug,
        "title": release.headline,
        "headlines": headlines(release),
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body_html},
            {"role": "main", "contenttype": "text/plain", "value": body_text.decode("utf-8")},
        ],
        "organisations": [organisation(release.organisation)],
        "infosources": infosources(release, locale),
    }
    if release.embargo:
        item["embargoed"] = stamp(release.embargo.at)
        item["ednote"] = release_line(release, locale)
    standfirst = wording.plain_inlines(release.standfirst, release, locale, sources="none")
    if standfirst:
        item["descriptions"] = [{"role": "summary", "contenttype": "text/plain", "value": standfirst}]
    people = [*speakers(release, locale), *(contact_person(c, locale) for c in release.contacts)]
    if people:
        item["people"] = people
    if release.dateline and release.show_dateline:
        item["places"] = [{"name": release.dateline, "rel": "dateline"}]
        item["located"] = release.dateline
    if release.keywords:
        item["subjects"] = [{"name": keyword, "rel": "keyword"} for keyword in release.keywords]
    associations = [association(release, asset, index) for index, asset in enumerate(release.assets)]
    if release.calendar_name:
        item["events"] = [event_named(release, event, index) for index, event in enumerate(release.events)]
        associations.append(calendar_association(release, release.calendar_name, locale))
    if release.base_url is not None:
        item["renditions"] = [
            {"name": "html", "href": page_address(release, locale), "contenttype": "text/html"}
        ]
    if associations:
        item["associations"] = associations
    if release.organisation.url:
        item["rightsinfo"] = {"linkedrights": release.organisation.url}
    return item


def message_html(page: str) -> str:
    """The page's body as a message carries it: what the reader sees, without the page's
    scripts, styles, language switcher or embedded logo (the organisation is named beside it)."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(page)
    body = tree.body if tree.body is not None else tree  # a theme's page may lack <body>
    for element in body.xpath(
        './/script | .//style | .//noscript | .//nav | .//img[starts-with(@src, "data:")]'
    ):
        element.drop_tree()
    inner = [lxml_html.tostring(kid, encoding="unicode") for kid in body]
    return ((body.text or "") + "".join(inner)).strip() + "\n"


# --------------------------------------------------------------------------
# Identity and time


def item_uri(release: m.Release, *parts: str) -> str:
    """`tag:weprotect.org,2025-12-11:gta-2025/en-GB`: the identifier of the release's edition or
    asset named by `parts`; a name-based UUID where the release names no domain or e-mail address."""
    authority = tag_authority(release)
    specific = "/".join((release.slug, *parts))
    if authority is None:
        seed = f"{release.organisation.name}\n{release.date.isoformat()}\n{specific}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
    return f"tag:{authority},{release.date.isoformat()}:{specific}"


def tag_authority(release: m.Release) -> str | None:
    """The domain of the organisation's site, or a contact's e-mail address (RFC 4151 §2.1)."""
    if release.organisation.url:
        host = urlsplit(release.organisation.url).hostname
        if host:
            return host.removeprefix("www.")
    for contact in release.contacts:
        if contact.email:
            return contact.email.lower()
    return None


def first_created(release: m.Release) -> dt.datetime:
    """When the release was first issued: its time of issue, else the moment its embargo lifts,
    else its date's midnight (UTC)."""
    if release.published:
        return release.published.at
    if release.embargo:
        return release.embargo.at
    return dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """RFC 3339 in UTC, to the second: `2025-12-11T00:01:00Z`."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------
# Words, people and places


def headlines(release: m.Release) -> list[dict[str, str]]:
    found = [{"role": "main", "contenttype": "text/plain", "value": release.headline}]
    if release.subheadline:
        found.append({"role": "sub", "contenttype": "text/plain", "value": release.subheadline})
    return found


def speakers(release: m.Release, locale: str) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for quote in release.quotes.values():
        for speaker in quote.speakers:
            if speaker.name in seen:
                continue
            seen.add(speaker.name)
            yield {"name": speaker.name, "rel": "quoted", "literal": wording.attribution(speaker, locale)}


def contact_person(contact: m.Contact, locale: str) -> dict[str, Any]:
    person: dict[str, Any] = {"name": contact.name, "rel": "contact"}
    details = list(contact_info(contact, locale))
    if details:
        person["contactinfo"] = details
    role = label("comma", locale).join(part for part in (contact.role, contact.organisation) if part)
    if role:
        person["literal"] = role
    return person


def contact_info(contact: m.Contact, locale: str) -> Iterator[dict[str, str]]:
    if contact.email:
        yield {"type": "email", "role": "office", "value": contact.email}
    if contact.phone:
        yield {"type": "phone", "role": "office", "value": contact.phone}
    if contact.out_of_hours_phone:
        yield {"type": "phone", "role": "out-of-hours", "value": contact.out_of_hours_phone}
    for phone in contact.phones:
        entry = {"type": "phone", "role": phone.type, "value": phone.number}
        if phone.label:
            entry["name"] = phone.label.rstrip(" :：")  # its words, as the documents show them
        yield entry
    for account in contact.social:
        value = account.url or account.handle
        if value:
            yield {"type": account.network, "role": "social", "value": value}
    if contact.hours:
        yield {"type": "hours", "role": "office", "value": contact.hours, "lang": locale}


def organisation(org: m.Organisation) -> dict[str, str]:
    found = {"name": org.name, "rel": "issuer"}
    if org.url:
        found["uri"] = org.url
    return found


def infosources(release: m.Release, locale: str) -> list[dict[str, str]]:
    found = [{"name": release.organisation.name, "role": "originator"}]
    for source in release.sources:
        entry = {"name": source.name, "role": "source", "literal": wording.source_text(source, locale)}
        if source.url:
            entry["uri"] = source.url
        found.append(entry)
    return found


# --------------------------------------------------------------------------
# Assets


def association(release: m.Release, asset: m.Asset, index: int) -> dict[str, Any]:
    """An asset as an associated news object of its nature, with every rendition published."""
    found: dict[str, Any] = {
        "name": f"asset{index + 1}",
        "uri": item_uri(release, asset.published_name),
        "type": ASSET_NATURE[asset.kind],
        "renditions": list(renditions(release, asset)),
    }
    if asset.title:
        found["headlines"] = [{"role": "main", "value": asset.title}]
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": value}
        for role, value in (("caption", asset.caption), ("alternative", asset.alt))
        if value
    ]
    if descriptions:
        found["descriptions"] = descriptions
    if asset.credit:
        found["by"] = asset.credit
        found["copyrightholder"] = asset.credit
    if asset.licence:
        found["usageterms"] = asset.licence
    return found


def event_named(release: m.Release, event: m.Event, index: int) -> dict[str, str]:
    """An event the release invites to, by its title and (`literal`) its UID in the calendar file."""
    return {
        "name": event.title,
        "uri": item_uri(release, f"event{index + 1}"),
        "literal": release.event_uid(index),
    }


def calendar_association(release: m.Release, name: str, locale: str) -> dict[str, Any]:
    """The release's iCalendar file (its events), associated as the assets are: one rendition,
    named by its place in the release folder and linked where the newsroom's address is known."""
    rendition: dict[str, Any] = {"name": "original", "title": name, "contenttype": "text/calendar"}
    if release.base_url is not None:
        rendition["href"] = published_address(release, name)
    return {
        "name": "calendar",
        "uri": item_uri(release, name),
        "headlines": [{"role": "main", "value": label("event.calendar", locale)}],
        "renditions": [rendition],
    }


def renditions(release: m.Release, asset: m.Asset) -> Iterator[dict[str, Any]]:
    """The original and, for a raster image, its web copy and thumbnail, each named by its place
    in the release folder (`title`) and, where the newsroom says where it is published
    (`base_url`), linked by its absolute address (ninjs: `href` is a URI)."""
    names = rendition_names(asset)
    found = [("original", asset.published_name)]
    if names is not None:
        found += [("web", names.web), ("thumbnail", names.thumb)]
    for name, published in found:
        rendition: dict[str, Any] = {"name": name, "title": published, "contenttype": asset.media_type}
        if release.base_url is not None:
            rendition["href"] = published_address(release, published)
        if name == "original":
            rendition["sizeinbytes"] = asset.path.stat().st_size
            width, height = image_size(asset.path) if asset.kind == "image" else (None, None)
            if width and height:
                rendition.update(width=width, height=height)
        yield rendition
