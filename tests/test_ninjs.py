"""IPTC ninjs: every edition is a valid ninjs 2.2 item that says what the release says.

Validated against IPTC's own schema (../shared/data/ninjs/, draft 2020-12) with jsonschema,
formats checked; read back as a receiving system would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest

from presskit import model as m
from presskit.renderers import render
from presskit.renderers.ninjs import item_uri, stamp
from tests.extract import ninjs_body, text_of_html

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "ninjs"
EXAMPLE = Path(__file__).resolve().parents[1] / "releases" / "gta-2025"
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"


def schema_path() -> Path:
    for folder in (SCHEMA_DIR, Path("/work/shared/data/ninjs")):
        if (folder / "ninjs-schema_2.2.json").is_file():
            return folder / "ninjs-schema_2.2.json"
    raise AssertionError("IPTC's ninjs 2.2 schema is missing from ../shared/data/ninjs/")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def item(release: m.Release, theme: Any, locale: str | None = None) -> dict[str, Any]:
    data = render("ninjs", release, theme, locale or release.locale)
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def edition(locale: str) -> m.Release:
    from presskit.i18n.translate import translate
    from presskit.publish.inputs import load_release

    release = load_release(EXAMPLE)
    return release if locale == release.locale else translate(release, locale, EXAMPLE / "i18n")[0]


def problems(validator: jsonschema.protocols.Validator, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_each_edition_of_the_example_is_valid_ninjs(validator, theme, locale: str) -> None:  # type: ignore[no-untyped-def]
    release = edition(locale)
    document = item(release, theme, locale)
    assert problems(validator, document) == []
    assert document["language"] == locale
    assert document["headlines"][0] == {
        "role": "main",
        "contenttype": "text/plain",
        "value": release.headline,
    }
    assert document["uri"] == f"tag:weprotect.org,2025-12-11:gta-2025/{locale}"
    assert document["standard"]["version"] == "2.2"


def test_every_corpus_release_is_valid_ninjs(validator, theme, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from presskit.errors import ExitCode
    from presskit.publish.build import build
    from presskit.publish.outcome import BuildOptions

    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    report = build([CORPUS], BuildOptions(now=now, out_dir=tmp_path, formats=("ninjs",), jobs=1, force=True))
    assert report.exit_code == ExitCode.OK, report.as_json()
    found = sorted(tmp_path.glob("*/*/*.ninjs.json"))
    assert len(found) >= 25
    for path in found:
        document = json.loads(path.read_bytes())
        assert problems(validator, document) == [], path
        assert document["language"] == path.parent.name
        assert document["bodies"][1]["value"].strip(), path


def test_an_embargoed_edition_is_withheld_until_its_embargo(theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("en-GB")
    assert release.embargo is not None
    document = item(release, theme)
    assert document["pubstatus"] == "withheld"
    assert document["embargoed"] == "2025-12-11T00:01:00Z"
    assert document["ednote"].startswith("EMBARGOED UNTIL 00:01 GMT")
    lifted = item(dataclasses.replace(release, embargo=None), theme)
    assert lifted["pubstatus"] == "usable"
    assert "embargoed" not in lifted and "ednote" not in lifted


def test_the_bodies_are_the_release_as_html_and_as_the_text_renderer_gives_it(theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("en-GB")
    data = render("ninjs", release, theme, "en-GB")
    assert ninjs_body(data, "text/plain") == render("txt", release, theme, "en-GB").decode("utf-8")
    html = ninjs_body(data, "text/html")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not tree.xpath("//script | //style | //nav | //*[@data-email]")
    mailto = tree.xpath("//a[starts-with(@href, 'mailto:')]/@href")
    assert "mailto:media@weprotectga.org" in mailto
    page = text_of_html(render("html", release, theme, "en-GB"))
    shown = text_of_html(f"<html><body>{html}</body></html>".encode())
    assert release.headline in shown and release.end_mark in shown
    # the page's words, bar its language switcher and hidden addresses, in the same order
    assert shown.split("Experts unveil", 1)[1][:2000] == page.split("Experts unveil", 1)[1][:2000]


def test_people_places_sources_and_assets(theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("en-GB")
    document = item(release, theme)
    quoted = {p["name"] for p in document["people"] if p["rel"] == "quoted"}
    assert quoted == {s.name for q in release.quotes.values() for s in q.speakers}
    (contact,) = [p for p in document["people"] if p["rel"] == "contact"]
    assert contact["name"] == "Poppy Reid"
    assert {"type": "email", "role": "office", "value": "media@weprotectga.org"} in contact["contactinfo"]
    assert document["places"] == [{"name": "London", "rel": "dateline"}]
    assert document["organisations"][0]["name"] == "WeProtect Global Alliance"
    sources = [s["name"] for s in document["infosources"] if s["role"] == "source"]
    assert sources == [s.name for s in release.sources]
    (cover,) = document["associations"]
    assert cover["type"] == "picture"
    assert cover["uri"] == "tag:weprotect.org,2025-12-11:gta-2025/assets/gta-2025-cover.png"
    names = [r["name"] for r in cover["renditions"]]
    assert names == ["original", "web", "thumbnail"]
    original = cover["renditions"][0]
    assert original["title"] == "assets/gta-2025-cover.png"
    assert original["sizeinbytes"] == (EXAMPLE / "assets" / "gta-2025-cover.png").stat().st_size


def test_the_same_edition_gives_the_same_bytes(theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("fr")
    assert render("ninjs", release, theme, "fr") == render("ninjs", release, theme, "fr")


def test_a_release_with_no_domain_gets_a_name_based_uri(validator, theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("en-GB")
    anonymous = dataclasses.replace(
        release,
        organisation=dataclasses.replace(release.organisation, url=None),
        contacts=tuple(dataclasses.replace(c, email=None) for c in release.contacts),
    )
    uri = item_uri(anonymous, "en-GB")
    assert uri.startswith("urn:uuid:") and uri == item_uri(anonymous, "en-GB") != item_uri(anonymous, "fr")
    assert problems(validator, item(anonymous, theme)) == []


def test_times_are_utc_to_the_second() -> None:
    moment = dt.datetime(2025, 12, 10, 19, 1, 30, 999, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert stamp(moment) == "2025-12-11T00:01:30Z"


def test_renditions_are_linked_where_the_newsroom_says_where_it_is_published(validator, theme) -> None:  # type: ignore[no-untyped-def]
    release = edition("en-GB")
    assert release.base_url == "https://www.weprotect.org/newsroom/"
    document = item(release, theme)
    hrefs = [r["href"] for r in document["associations"][0]["renditions"]]
    assert hrefs == [
        "https://www.weprotect.org/newsroom/gta-2025/assets/gta-2025-cover.png",
        "https://www.weprotect.org/newsroom/gta-2025/assets/gta-2025-cover.web.png",
        "https://www.weprotect.org/newsroom/gta-2025/assets/gta-2025-cover.thumb.png",
    ]
    assert document["renditions"] == [
        {
            "name": "html",
            "href": "https://www.weprotect.org/newsroom/gta-2025/en-GB/gta-2025.html",
            "contenttype": "text/html",
        }
    ]
    unplaced = item(dataclasses.replace(release, base_url=None), theme)
    assert problems(validator, unplaced) == []
    assert "renditions" not in unplaced
    assert all("href" not in r for r in unplaced["associations"][0]["renditions"])
