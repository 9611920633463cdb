"""vCard 4.0: each press contact as a card an address book takes in, read back with vobject."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import vobject

from presskit.errors import ExitCode
from presskit.i18n.translate import translate
from presskit.publish.build import build
from presskit.publish.inputs import load_release
from presskit.publish.outcome import BuildOptions
from presskit.renderers import render
from presskit.renderers.vcard import cards
from tests.test_contact_details import folder_at

EXAMPLE = Path(__file__).resolve().parents[1] / "releases" / "gta-2025"
NOW = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


def read_cards(data: bytes) -> list[vobject.base.Component]:
    text = data.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # RFC 6350 §3.2: CRLF only
    return list(vobject.readComponents(text))


def values(card: vobject.base.Component, name: str) -> list[str]:
    return [line.value for line in card.contents.get(name, [])]


def test_every_detail_of_a_contact_is_on_its_card(tmp_path: Path) -> None:
    release = load_release(folder_at(tmp_path))
    ((contact_id, data),) = cards(release, "en-GB")
    (card,) = read_cards(data)
    assert contact_id == "press"
    assert values(card, "version") == ["4.0"]
    assert values(card, "fn") == ["Jo Rivera"]
    assert values(card, "role") == ["Head of Media Relations"]
    assert card.contents["role"][0].params["LANGUAGE"] == ["en-GB"]
    tel = {(line.value, tuple(line.params["TYPE"])) for line in card.contents["tel"]}
    assert tel == {
        ("tel:+44-7700-900418", ("work", "voice")),
        ("tel:+44-20-7946-0320", ("work", "voice")),
        ("tel:+44-7700-900419", ("cell", "voice")),
        ("tel:+44-20-7946-0321", ("fax",)),
        ("tel:+44-20-7946-0300", ("work", "voice")),
    }
    assert all(line.params["VALUE"] == ["uri"] for line in card.contents["tel"])
    labels = {line.group: line.value for line in card.contents["x-ablabel"]}
    by_group = {line.group: line.value for line in card.contents["tel"] if line.group}
    assert {by_group[g]: labels[g] for g in labels}["tel:+44-7700-900418"] == "Today"
    assert {by_group[g]: labels[g] for g in labels}["tel:+44-20-7946-0320"] == "Thereafter"
    profiles = {(line.params["SERVICE-TYPE"][0], line.value) for line in card.contents["socialprofile"]}
    assert profiles == {("mastodon", "https://social.example/@press"), ("wechat", "LoneStarSolar")}
    assert values(card, "org") == [["Lone Star Solar"]]


def test_the_cards_speak_the_edition_s_language_and_keep_their_identity() -> None:
    release = load_release(EXAMPLE)
    french, _ = translate(release, "fr", EXAMPLE / "i18n")
    (english_card,) = read_cards(render("vcard", release, None, "en-GB"))  # type: ignore[arg-type]
    (french_card,) = read_cards(render("vcard", french, None, "fr"))  # type: ignore[arg-type]
    assert values(english_card, "role") == ["Press Office"]
    assert values(french_card, "role") == [french.contacts[0].role]
    assert french_card.contents["role"][0].params["LANGUAGE"] == ["fr"]
    assert values(english_card, "uid") == values(french_card, "uid")  # one person, one UID
    assert values(english_card, "email") == ["media@weprotectga.org"]
    assert render("vcard", release, None, "en-GB") == render("vcard", release, None, "en-GB")  # type: ignore[arg-type]


def test_a_build_writes_a_card_per_contact_and_one_file_of_all(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent / "corpus" / "world" / "rns-results"
    report = build([corpus], BuildOptions(now=NOW, out_dir=tmp_path, formats=("vcard",), force=True))
    assert report.exit_code == ExitCode.OK, report.as_json()
    folder = tmp_path / "rns-results" / "en-GB"
    every = read_cards((folder / "contacts.vcf").read_bytes())
    assert [values(c, "fn")[0] for c in every] == ["Sarah Lin", "Tom Baxter"]
    singles = sorted((folder / "contacts").glob("*.vcf"))
    assert [p.name for p in singles] == ["contact-1.vcf", "contact-2.vcf"]
    assert b"".join(p.read_bytes() for p in singles) == (folder / "contacts.vcf").read_bytes()
    (tom,) = read_cards(singles[1].read_bytes())
    assert set(values(tom, "tel")) == {"tel:+44-20-7946-0022", "tel:+44-7700-900123"}
    assert values(tom, "org") == [["Quayside Communications"]]
    manifest = (tmp_path / "rns-results" / "manifest.json").read_text(encoding="utf-8")
    assert '"en-GB/contacts/contact-2.vcf"' in manifest and '"text/vcard"' in manifest


def test_the_page_links_each_contact_s_card_when_the_cards_are_built(tmp_path: Path) -> None:
    import lxml.html

    corpus = Path(__file__).resolve().parent / "corpus" / "world" / "rns-results"
    with_cards = build([corpus], BuildOptions(now=NOW, out_dir=tmp_path / "a", formats=("html", "vcard")))
    assert with_cards.exit_code == ExitCode.OK
    folder = tmp_path / "a" / "rns-results" / "en-GB"
    page = lxml.html.fromstring((folder / "rns-results.html").read_bytes())
    links = page.xpath('//a[@class="vcard"]')
    assert [a.text_content() for a in links] == ["Sarah Lin", "Tom Baxter"]
    for a in links:
        assert a.get("type") == "text/vcard" and (folder / a.get("href")).is_file()
    alone = build([corpus], BuildOptions(now=NOW, out_dir=tmp_path / "b", formats=("html",)))
    assert alone.exit_code == ExitCode.OK
    page = lxml.html.fromstring((tmp_path / "b" / "rns-results" / "en-GB" / "rns-results.html").read_bytes())
    assert not page.xpath('//a[@class="vcard"]'), "no link to a card that was not built"


def test_a_release_without_contacts_gets_no_card_file(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent / "corpus" / "world" / "minimal-optional"
    report = build([corpus], BuildOptions(now=NOW, out_dir=tmp_path, formats=("html", "vcard"), force=True))
    assert report.exit_code == ExitCode.OK, report.as_json()
    folder = tmp_path / "minimal-optional"
    assert not list(folder.rglob("*.vcf")), "an empty contacts.vcf is no card"
    assert ".vcf" not in (folder / "manifest.json").read_text(encoding="utf-8")
