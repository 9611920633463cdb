"""Every word a reader sees is a translation unit.

A release with every field set is loaded; each unit is given a marked "translation" and the
model is walked field by field: every string a reader sees must come back marked. A field
added to the model without a unit (or a unit that forgets to put its translation back)
fails here, naming the field. What is never translated is listed below, each with its reason.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presskit import model as m
from presskit.i18n.units import Value, apply_values, release_units
from tests.conftest import EXAMPLE, ROOT

MARK = "⟦"

# (class, field) never translated, and why.
NOT_READER_WORDS = {
    ("Release", "slug"): "an identifier (folder and file names)",
    ("Release", "base_url"): "where the newsroom is published: an address, not words",
    ("Release", "type"): "a key: the catalogue gives its words in each language (type_label is a unit)",
    ("Release", "locale"): "a language tag",
    ("Release", "theme"): "a theme's name",
    ("Release", "pack_file"): "a file name",
    ("Release", "source_locale"): "a language tag",
    ("Release", "calendar"): "a key",
    ("Release", "untranslated"): "unit ids",
    ("Release", "locales"): "language tags",
    ("Release", "hashtags"): "one conversation in every language: each edition's post carries the same tags",
    ("Statistic", "id"): "an identifier",
    ("Statistic", "unit"): "a key: each format prints the unit as the locale does",
    ("Statistic", "currency"): "an ISO 4217 code, printed as the locale does",
    ("Source", "url"): "an address",
    ("Quote", "id"): "an identifier",
    ("Quote", "lang"): "a language tag",
    ("Phone", "number"): "a number",
    ("Phone", "type"): "a key: the catalogue gives its words (label is a unit)",
    ("SocialAccount", "network"): "a key",
    ("SocialAccount", "handle"): "an account's handle",
    ("SocialAccount", "url"): "an address",
    ("Contact", "id"): "an identifier",
    ("Contact", "email"): "an address",
    ("Contact", "phone"): "a number",
    ("Contact", "out_of_hours_phone"): "a number",
    ("Asset", "file"): "a file name",
    ("Asset", "kind"): "a key",
    ("Asset", "media_type"): "a media type",
    ("CallToAction", "url"): "an address",
    ("Event", "zone"): "an IANA zone name: each format names the zone as the locale does",
    ("Event", "webcast"): "an address",
    ("Embargo", "zone"): "an IANA zone name",
    ("Embargo", "also_in"): "IANA zone names",
    ("Issued", "zone"): "an IANA zone name",
    ("Organisation", "url"): "an address",
    ("Link", "url"): "an address",
    ("StatRef", "stat_id"): "an identifier",
    ("Code", "text"): "inline code is shown as written",
    ("Preformatted", "text"): "a code block is shown as written",
    ("TableCell", "align"): "a key",
    ("QuoteRef", "quote_id"): "an identifier",
    ("GlossaryTerm", "term"): "for translators, never shown",
    ("GlossaryTerm", "renderings"): "for translators, never shown",
    ("GlossaryTerm", "note"): "for translators, never shown",
}

NEWSROOM = """\
organisation:
  name: Green Rivers Trust
  url: https://rivers.example/
  logo: assets/weprotect-logo.png
  logo_alt: The trust's logo, a river
  about_title: Who we are
  boilerplate: |
    The trust looks after **rivers**.
contacts:
  desk:
    name: Press Office
    role: Media relations
    organisation: Green Rivers Trust
    email: press@rivers.example
    phone: +44 20 7946 0000
    out_of_hours_phone: +44 7700 900000
    hours: Weekdays 9am to 5pm
    phones: [{number: +44 20 7946 0001, type: mobile, label: Duty officer}]
    social: [{network: mastodon, handle: "@press@rivers.example", url: "https://social.example/@press"}]
    group: Media enquiries
    on_behalf_of: River Councils Network
glossary:
  - {term: Green Rivers Trust, translate: false}
  - {term: The River Report, translations: {fr: Le Rapport des rivières}, note: the trust's yearly report}
i18n: {publish_at: 80%}
"""

RELEASE = """\
slug: everything
type: statement
type_label: Joint statement
date: 2026-03-02
dateline: Plymouth
wire_tag: RiverWire
calendar: gregorian
published: {at: "2026-03-02 09:00", timezone: Europe/London}
embargo: {at: "2026-03-02 00:01", timezone: Europe/London}
embargo_zones: [Asia/Tokyo]
on_behalf_of: River Councils Network
headline: Rivers run cleaner
subheadline: A second line
standfirst: The *survey* says so.
highlights: ["Density fell by {stat:density}."]
statistics:
  density:
    value: 41
    unit: percent
    label: fall in plastic density
    as_of: financial year 2025
    source: {name: Marine Lab, title: The River Report, url: "https://lab.example/report"}
  cost:
    value: 5
    unit: currency
    currency: EUR
    label: spent on clean-up
    source: {name: Marine Lab, title: The River Report, url: "https://lab.example/report"}
body: |
  Rivers ran **cleaner** with `code` in [a link](https://lab.example/) and {stat:cost|label}.

  {quote:lee}

  ## A heading

  - an item
  - another item

  | Column | Other |
  | :----- | ----: |
  | cell   | more  |

  > A quoted paragraph.

  ```
  preformatted text
  ```
quotes:
  lee:
    text: |
      We are glad.

      And proud.
    speaker: {name: Sam Lee, post_nominals: [OBE], roles: [Director], organisation: Marine Lab}
    also: [{name: Ana Ruiz, roles: [Chair], organisation: River Councils Network}]
    approved: true
    lang: en-GB
call_to_action: {text: Read the report, url: "https://lab.example/report"}
end_mark: -Ends-
notes_to_editors: The survey ran for a year.
source_line: SOURCE Green Rivers Trust
disclaimer: Figures are provisional.
events:
  - title: Media briefing
    starts: "2026-03-05 10:00"
    ends: "2026-03-05 11:00"
    timezone: Europe/London
    venue: The Boathouse
    address: 1 Quay Street, Plymouth
    webcast: https://live.example/briefing
    dial_in: +44 20 7946 0002, code 4411
    rsvp: Tell the press office by 4 March
contacts: [desk]
assets:
  - {file: assets/gta-2025-cover.png, title: The cover, caption: A river at dawn, credit: "Photo: Jo Bloggs",
     licence: CC BY 4.0, alt: A river under a pink sky}
press_kit: {text: The press kit, url: "https://rivers.example/kit"}
keywords: [rivers]
hashtags: [CleanRivers]
"""


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> m.Release:
    from presskit.publish.inputs import load_release

    root = tmp_path_factory.mktemp("news")
    shutil.copytree(ROOT / "releases" / "assets", root / "assets")
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    folder = root / "everything"
    shutil.copytree(EXAMPLE / "assets", folder / "assets")
    (folder / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return load_release(folder)


def strings(value: Any, where: str = "release", owner: tuple[str, str] | None = None) -> Iterator[Any]:
    """(path, (class, field), text) for every string in the model, the glossary aside."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(
                getattr(value, field.name), f"{where}.{field.name}", (type(value).__name__, field.name)
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}", owner)
    elif isinstance(value, tuple | list | frozenset):
        for index, item in enumerate(sorted(value) if isinstance(value, frozenset) else value):
            yield from strings(item, f"{where}[{index}]", owner)
    elif isinstance(value, str) and owner is not None:
        yield where, owner, value


def marked_values(release: m.Release) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for unit in release_units(release):
        text = f"{MARK}{unit.id}"
        values[unit.id] = text if unit.kind == "plain" else (m.Text(text),)
    return values


def test_every_string_a_reader_sees_is_a_unit(everything: m.Release) -> None:
    translated = apply_values(everything, marked_values(everything))
    missed = [
        f"{where} = {text!r}"
        for where, owner, text in strings(translated)
        if owner not in NOT_READER_WORDS and any(c.isalpha() for c in text) and not text.startswith(MARK)
    ]
    assert missed == [], "reader-visible text that is no translation unit:\n" + "\n".join(missed)


def test_the_fixture_sets_every_text_field_of_the_model(everything: m.Release) -> None:
    """The walk proves something only for fields the fixture fills: every field of the model
    that holds text is set somewhere in it (Foreign appears in editions only)."""
    edition = dataclasses.replace(  # what only a build's editions set
        everything,
        pack_file="everything.zip",
        locales=("en-GB", "fr"),
        source_locale="en-GB",
        untranslated=frozenset({"headline"}),
        theme="default",
        base_url="https://newsroom.example.org/",
    )
    seen = {owner for _, owner, text in strings(edition) if text}
    text_fields = {
        (cls.__name__, field.name)
        for cls in vars(m).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == m.__name__
        for field in dataclasses.fields(cls)
        if "str" in str(field.type).replace("dict[str, ", "") and cls is not m.Foreign
    }
    assert text_fields - seen == set()
    assert set(NOT_READER_WORDS) <= text_fields | seen  # no reason kept for a field that is gone


def test_the_new_units_carry_their_source_and_a_note(everything: m.Release) -> None:
    units = {u.id: u for u in release_units(everything)}
    expected = {
        "contacts.desk.name": "Press Office",
        "contacts.desk.organisation": "Green Rivers Trust",
        "contacts.desk.on_behalf_of": "River Councils Network",
        "organisation.name": "Green Rivers Trust",
        "assets[0].credit": "Photo: Jo Bloggs",
        "statistics.density.as_of": "financial year 2025",
        "statistics.density.source.name": "Marine Lab",
        "statistics.density.source.title": "The River Report",
        "quotes.lee.speaker.name": "Sam Lee",
        "quotes.lee.speaker.post_nominals[0]": "OBE",
        "quotes.lee.also[0].name": "Ana Ruiz",
        "events[0].dial_in": "+44 20 7946 0002, code 4411",
    }
    assert {key: units[key].source for key in expected} == expected
    assert all(units[key].note for key in expected)
    # A source cited by two statistics is one unit, and its translation reaches both.
    assert "statistics.cost.source.name" not in units
    translated = apply_values(everything, {"statistics.density.source.name": "Laboratoire marin"})
    assert {s.source.name for s in translated.statistics.values()} == {"Laboratoire marin"}
    assert [s.name for s in translated.sources] == ["Laboratoire marin"]


def test_a_period_without_words_is_no_unit(everything: m.Release) -> None:
    stat = dataclasses.replace(everything.statistics["density"], as_of="2023–2024")
    release = dataclasses.replace(everything, statistics={**everything.statistics, "density": stat})
    assert "statistics.density.as_of" not in {u.id for u in release_units(release)}


def test_a_translated_contact_name_reaches_every_format(everything: m.Release, theme: Any) -> None:
    from presskit.renderers import render

    edition = apply_values(
        everything,
        {"contacts.desk.name": "Service de presse", "organisation.name": "Fondation Rivières vertes"},
    )
    edition = dataclasses.replace(edition, locale="fr")
    html = render("html", edition, theme, "fr").decode("utf-8")
    text = render("txt", edition, theme, "fr").decode("utf-8")
    for output in (html, text):
        assert "Service de presse" in output and "Press Office" not in output
        assert "Fondation Rivières vertes" in output


def test_the_example_translations_cover_the_new_units() -> None:
    from presskit.i18n.workflow import status
    from presskit.publish.inputs import load_release

    release = load_release(EXAMPLE)
    for entry in status(release):
        assert entry.counts.missing == [] and entry.counts.stale == [], entry.locale
    assert Path(EXAMPLE / "i18n" / "fr.xlf").exists()
