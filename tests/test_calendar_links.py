"""A release's calendar file (`<slug>.ics`, its events) is linked from every format, and opens in a
calendar at the right instant.

Each format is read back as its reader's tool would (lxml for the page, pikepdf for the PDF's
annotations and structure, python-docx for the Word hyperlinks, the text as written, ninjs
against IPTC's schema); each link is resolved from the document's own folder, or from the
newsroom's base_url, and must reach the `.ics` the build wrote. The calendar itself is read
with icalendar, its time zone taken from its own VTIMEZONE as Outlook does, not from the name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import icalendar
import lxml.html
import pikepdf
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from presskit.publish.build import build
from presskit.publish.outcome import BuildOptions
from presskit.words.labels import label
from tests.test_ninjs import problems, schema_path
from tests.test_pdf_links import link_text, links, objrs, read
from tests.test_pdf_links import (
    test_every_link_holds_its_text_and_its_annotation_over_it as every_link_tagged,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
CORPUS_RELEASES = sorted(p.name for p in CORPUS.iterdir() if (p / "release.yaml").is_file())
BASE_URL = "https://www.weprotect.org/newsroom/"
BEFORE_EMBARGO = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)  # the example's embargo: 11 December 2025
LOCALES = ("en-GB", "fr", "ar")
EVENTS = """
events:
  - title: Online briefing on the Global Threat Assessment
    starts: "2026-03-10 10:00"
    ends: "2026-03-10 11:00"
    timezone: America/New_York
    webcast: https://live.example/briefing
  - title: Press conference
    starts: "2026-03-12 09:30"
    timezone: UTC
    venue: Press room
"""
FORMATS = ("html", "pdf", "docx", "txt", "ninjs")
FILE_NAMES = {
    "html": "{slug}.html",
    "pdf": "{slug}.pdf",
    "docx": "{slug}.docx",
    "txt": "{slug}.txt",
    "ninjs": "{slug}.ninjs.json",
}
ICS_ADDRESS = re.compile(r"(?:\.\./|https?://)[^\s<>\"\u2068\u2069]*\.ics")


def newsroom(tmp: Path, *, events: bool = True, base_url: bool = False) -> Path:
    """The example newsroom copied, with two events added to its release, and its base_url
    kept or taken out."""
    folder = tmp / "news"
    shutil.copytree(ROOT / "releases", folder)
    settings = folder / "presskit.yaml"
    text = settings.read_text(encoding="utf-8")
    if not base_url:
        text = re.sub(r"(?m)^base_url:.*$", "", text)
    settings.write_text(text, encoding="utf-8")
    if events:
        with (folder / "gta-2025" / "release.yaml").open("a", encoding="utf-8") as release:
            release.write(EVENTS)
    return folder


def built(folder: Path, out: Path, **options: Any) -> Path:
    kwargs: dict[str, Any] = {"now": BEFORE_EMBARGO, "out_dir": out, "locales": LOCALES, **options}
    report = build([folder], BuildOptions(**kwargs))
    assert report.exit_code == 0, report.as_json()
    return out


# --------------------------------------------------------------------------
# Each format's links, as its reader's tool finds them: (address, the words linked)


def html_links(path: Path) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(path.read_bytes())
    return [(a.get("href"), a.text_content()) for a in tree.iter("a") if a.get("href")]


def pdf_links(path: Path) -> list[tuple[str, str]]:
    """Every URI link annotation with the text of the tagged Link element that owns it."""
    data = read(path.read_bytes())
    words = {objr.Obj.objgen: link_text(data, link) for link in links(data) for objr in objrs(link)}
    found = []
    for page in data.pdf.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get("/A")
            if annotation.Subtype == pikepdf.Name.Link and action is not None and "/URI" in action:
                found.append((str(action.URI), words.get(annotation.objgen, "")))
    return found


def docx_links(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    rels = {rid: rel for rid, rel in document.part.rels.items() if rel.reltype == RT.HYPERLINK}
    found = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        rel = rels.get(link.get(qn("r:id")))
        if rel is not None:
            assert rel.is_external
            found.append((rel.target_ref, "".join(t.text or "" for t in link.iter(qn("w:t")))))
    return found


def txt_links(path: Path) -> list[tuple[str, str]]:
    return [(m.group(0), m.group(0)) for m in ICS_ADDRESS.finditer(path.read_text(encoding="utf-8"))]


def ninjs_links(path: Path) -> list[tuple[str, str]]:
    """The calendar association's rendition (its `href` where the newsroom's address is known,
    else its place in the release folder, one up from the document), and the links in the
    bodies, which carry the event cards."""
    item = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for association in item.get("associations", []):
        for rendition in association.get("renditions", []):
            if rendition.get("contenttype") == "text/calendar":
                found.append((rendition.get("href") or "../" + rendition["title"], association["name"]))
    for body in item["bodies"]:
        found += [(m.group(0), body["contenttype"]) for m in ICS_ADDRESS.finditer(body["value"])]
    return found


READERS: dict[str, Callable[[Path], list[tuple[str, str]]]] = {
    "html": html_links,
    "pdf": pdf_links,
    "docx": docx_links,
    "txt": txt_links,
    "ninjs": ninjs_links,
}


def calendar_links(path: Path, fmt: str) -> list[tuple[str, str]]:
    return [(href, words) for href, words in READERS[fmt](path) if href.split("?")[0].endswith(".ics")]


def resolved(href: str, document: Path, out: Path, base_url: str | None) -> Path:
    """The file a link reaches: under the output folder for an address under base_url, else
    from the document's own folder."""
    if base_url is not None:
        assert href.startswith(base_url), f"{href} is not absolute under {base_url}"
        return out / href.removeprefix(base_url)
    assert "://" not in href, f"{href} is absolute without a base_url"
    return (document.parent / href).resolve()


def documents(out: Path, slug: str, locales: tuple[str, ...]) -> Iterator[tuple[str, str, Path]]:
    for locale in locales:
        for fmt in FORMATS:
            yield locale, fmt, out / slug / locale / FILE_NAMES[fmt].format(slug=slug)


def assert_linked(out: Path, slug: str, locales: tuple[str, ...], base_url: str | None) -> None:
    calendar = out / slug / f"{slug}.ics"
    assert calendar.is_file()
    for _, fmt, document in documents(out, slug, locales):
        found = calendar_links(document, fmt)
        assert found, f"{document}: no link to the calendar file"
        for href, words in found:
            assert resolved(href, document, out, base_url) == calendar.resolve(), (document, href)
            assert words.strip(), f"{document}: the link to {href} has no words"
        if fmt in ("html", "pdf", "docx"):  # each event card, and the link's words are the address
            assert len(found) == 2 and all(words == href for href, words in found), (document, found)


# --------------------------------------------------------------------------
# The example in its three languages, relative and absolute


@pytest.fixture(scope="module")
def relative_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("relative")
    return built(newsroom(tmp), tmp / "out")


@pytest.fixture(scope="module")
def absolute_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("absolute")
    return built(newsroom(tmp, base_url=True), tmp / "out")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_format_links_the_calendar_file_from_its_own_folder(relative_build: Path, locale: str) -> None:
    assert_linked(relative_build, "gta-2025", (locale,), None)
    page = (relative_build / "gta-2025" / locale / "gta-2025.html").read_text(encoding="utf-8")
    assert 'href="../gta-2025.ics"' in page


@pytest.mark.parametrize("locale", LOCALES)
def test_with_a_base_url_every_link_to_the_calendar_is_absolute(absolute_build: Path, locale: str) -> None:
    assert_linked(absolute_build, "gta-2025", (locale,), BASE_URL)
    text = (absolute_build / "gta-2025" / locale / "gta-2025.txt").read_text(encoding="utf-8")
    assert f"{BASE_URL}gta-2025/gta-2025.ics" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_link_is_introduced_in_the_editions_language(relative_build: Path, locale: str) -> None:
    words = label("event.calendar", locale)
    assert words != label("event.calendar", "en") or locale == "en-GB"
    for _, fmt, document in documents(relative_build, "gta-2025", (locale,)):
        if fmt == "txt":
            text = document.read_text(encoding="utf-8")
            lines = [line for line in text.splitlines() if "../gta-2025.ics" in line]
            assert lines and all(words in line for line in lines), lines
    page = lxml.html.fromstring((relative_build / "gta-2025" / locale / "gta-2025.html").read_bytes())
    lines = page.xpath('//*[@class="contact-line"][.//a[@href="../gta-2025.ics"]]')
    assert len(lines) == 2 and all(line.text_content().startswith(words) for line in lines)


@pytest.mark.parametrize("locale", LOCALES)
def test_ninjs_names_the_events_and_the_calendar_file_as_the_schema_has_them(
    absolute_build: Path, locale: str
) -> None:
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    item = json.loads((absolute_build / "gta-2025" / locale / "gta-2025.ninjs.json").read_text("utf-8"))
    assert problems(validator, item) == []
    calendar = icalendar.Calendar.from_ical((absolute_build / "gta-2025" / "gta-2025.ics").read_bytes())
    entries = calendar.walk("VEVENT")
    assert [e["literal"] for e in item["events"]] == [str(entry["uid"]) for entry in entries]
    assert [e["name"] for e in item["events"]] == [str(entry["summary"]) for entry in entries]
    [association] = [a for a in item["associations"] if a["name"] == "calendar"]
    assert association["headlines"] == [{"role": "main", "value": label("event.calendar", locale)}]
    assert association["renditions"] == [
        {
            "name": "original",
            "title": "gta-2025.ics",
            "contenttype": "text/calendar",
            "href": f"{BASE_URL}gta-2025/gta-2025.ics",
        }
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_link_is_tagged_with_its_words_and_its_annotation(relative_build: Path, locale: str) -> None:
    pdf = (relative_build / "gta-2025" / locale / "gta-2025.pdf").read_bytes()
    every_link_tagged(
        {locale: pdf}, locale
    )  # every Link of the PDF holds its words and its annotation over them
    data = read(pdf)
    tagged = [link for link in links(data) if "gta-2025.ics" in link_text(data, link)]
    assert len(tagged) == 2
    for link in tagged:
        [objr] = objrs(link)
        assert str(objr.Obj.A.URI) == "../gta-2025.ics"
        assert link_text(data, link).strip() == "../gta-2025.ics"


def test_the_manifest_lists_the_calendar_file(relative_build: Path) -> None:
    manifest = json.loads((relative_build / "gta-2025" / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [f for f in manifest["files"] if f["path"] == "gta-2025.ics"]
    assert entry["media_type"] == "text/calendar"


# --------------------------------------------------------------------------
# A calendar application reads it


def test_a_calendar_that_reads_only_the_files_own_time_zones_gets_each_instant(relative_build: Path) -> None:
    """Outlook takes a TZID's rules from the file's VTIMEZONE: built from those rules alone,
    10:00 in New York on 10 March 2026 (two days into daylight saving time) is 14:00 UTC."""
    data = (relative_build / "gta-2025" / "gta-2025.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(zone["tzid"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}
    briefing, conference = calendar.walk("VEVENT")
    assert set(zones) == {"America/New_York"}  # every TZID used has its VTIMEZONE; UTC needs none
    start = briefing["dtstart"]
    assert start.params["TZID"] == "America/New_York"
    wall = start.dt.replace(tzinfo=None)
    assert wall.replace(tzinfo=zones["America/New_York"]).astimezone(dt.UTC) == dt.datetime(
        2026, 3, 10, 14, 0, tzinfo=dt.UTC
    )
    assert briefing.decoded("dtstart") == dt.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert briefing.decoded("dtend") - briefing.decoded("dtstart") == dt.timedelta(hours=1)
    assert b"DTSTART:20260312T093000Z" in data  # UTC as UTC, no TZID
    assert conference.decoded("dtstart") == dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)
    assert len({str(event["uid"]) for event in (briefing, conference)}) == 2


def test_under_embargo_each_calendar_entry_states_it_and_not_once_it_lifts(
    relative_build: Path, tmp_path: Path
) -> None:
    embargoed = icalendar.Calendar.from_ical((relative_build / "gta-2025" / "gta-2025.ics").read_bytes())
    for entry in embargoed.walk("VEVENT"):
        assert str(entry["description"]).startswith("EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025")
    after = dt.datetime(2025, 12, 12, tzinfo=dt.UTC)
    out = built(newsroom(tmp_path), tmp_path / "out", now=after, public=True)
    lifted = icalendar.Calendar.from_ical((out / "gta-2025" / "gta-2025.ics").read_bytes())
    for entry in lifted.walk("VEVENT"):
        assert "EMBARGO" not in str(entry.get("description", ""))
    assert_linked(out, "gta-2025", LOCALES, None)


def test_the_calendar_file_is_the_same_on_every_build(tmp_path: Path) -> None:
    folder = newsroom(tmp_path)
    first = built(folder, tmp_path / "one", locales=None) / "gta-2025" / "gta-2025.ics"
    second = built(folder, tmp_path / "two", locales=None) / "gta-2025" / "gta-2025.ics"
    assert first.read_bytes() == second.read_bytes()


# --------------------------------------------------------------------------
# No events, and under embargo


def test_a_release_without_events_links_no_calendar(tmp_path: Path) -> None:
    out = built(newsroom(tmp_path, events=False), tmp_path / "out")
    assert not list(out.rglob("*.ics"))
    for _, fmt, document in documents(out, "gta-2025", LOCALES):
        assert calendar_links(document, fmt) == [], document
        assert b".ics" not in document.read_bytes() or fmt in ("pdf", "docx"), document
        if fmt == "ninjs":
            item = json.loads(document.read_text(encoding="utf-8"))
            assert "events" not in item
            assert all(a["name"] != "calendar" for a in item["associations"])


def test_a_public_build_of_an_embargoed_release_writes_no_calendar(tmp_path: Path) -> None:
    folder = newsroom(tmp_path)
    out = tmp_path / "out"
    built(folder, out)  # a preview first: its calendar file must go too
    assert (out / "gta-2025" / "gta-2025.ics").is_file()
    report = build([folder], BuildOptions(now=BEFORE_EMBARGO, out_dir=out, locales=LOCALES, public=True))
    assert report.exit_code != 0
    assert not list(out.rglob("*.ics"))
    assert not (out / "gta-2025").exists()


# --------------------------------------------------------------------------
# The corpus: every structure and script, each release with an event


def test_every_corpus_release_links_its_calendar_file(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    shutil.copytree(CORPUS, folder)
    for slug in CORPUS_RELEASES:
        with (folder / slug / "release.yaml").open("a", encoding="utf-8") as release:
            release.write(
                '\nevents:\n  - title: Media briefing\n    starts: "2026-06-01 10:00"\n'
                "    timezone: Asia/Tokyo\n    venue: Press room\n"
            )
    report = build(
        [folder], BuildOptions(now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC), out_dir=tmp_path / "out")
    )
    assert report.exit_code == 0, report.as_json()
    out = tmp_path / "out"
    for slug in CORPUS_RELEASES:
        [locale] = [p.name for p in (out / slug).iterdir() if p.is_dir() and p.name not in ("assets",)]
        calendar = icalendar.Calendar.from_ical((out / slug / f"{slug}.ics").read_bytes())
        assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
        for _, fmt, document in documents(out, slug, (locale,)):
            found = calendar_links(document, fmt)
            assert found, f"{document}: no link to the calendar file"
            for href, _ in found:
                assert resolved(href, document, out, None) == (out / slug / f"{slug}.ics").resolve()
