"""Typed phone numbers with their own labels and social accounts, under a contact in every
format; a fax is shown but not linked; the labels are translation units."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.i18n.units import release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import contact_lines
from tests.extract import EXTRACTORS, normalise

NEWSROOM = """organisation:
  name: Lone Star Solar
contacts:
  press:
    name: Jo Rivera
    role: Head of Media Relations
    phones:
      - {number: 07700 900 418, label: "Today:"}
      - {number: 020 7946 0320, label: Thereafter}
      - {number: 07700 900 419, type: mobile}
      - {number: 020 7946 0321, type: fax}
      - {number: 020 7946 0300, type: switchboard}
    social:
      - {network: mastodon, handle: "@press@social.example", url: "https://social.example/@press"}
      - {network: wechat, handle: LoneStarSolar}
"""
RELEASE = "slug: r\ndate: 2026-03-02\nheadline: Solar farm opens\ncontacts: [press]\nbody: The farm opened.\n"


def folder_at(tmp_path: Path, newsroom: str = NEWSROOM) -> Path:
    (tmp_path / "presskit.yaml").write_text(newsroom, encoding="utf-8")
    (tmp_path / "r").mkdir(exist_ok=True)
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "r"


def test_each_number_has_its_words_and_its_own_link(tmp_path: Path) -> None:
    release = load_release(folder_at(tmp_path))
    lines = [
        (line.text, [link for _, link in line.pieces if link])
        for line in contact_lines(release.contacts[0], "en-GB")
    ]
    assert lines == [
        ("Head of Media Relations", []),
        ("Today: 07700 900 418", ["tel:+44-7700-900418"]),
        ("Thereafter: 020 7946 0320", ["tel:+44-20-7946-0320"]),
        ("Mobile: 07700 900 419", ["tel:+44-7700-900419"]),
        ("Fax: 020 7946 0321", []),
        ("Switchboard: 020 7946 0300", ["tel:+44-20-7946-0300"]),
        ("Mastodon: @press@social.example", ["https://social.example/@press"]),
        ("WeChat: LoneStarSolar", []),
    ]


def test_the_types_are_said_in_the_release_language(tmp_path: Path) -> None:
    release = load_release(folder_at(tmp_path))
    texts = [line.text for line in contact_lines(release.contacts[0], "de")]
    assert (
        "Mobil: 07700 900 419" in texts
        and "Fax: 020 7946 0321" in texts
        and "Zentrale: 020 7946 0300" in texts
    )


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_every_format_shows_them(tmp_path: Path, theme: Theme, fmt: str) -> None:
    text = normalise(EXTRACTORS[fmt](render(fmt, load_release(folder_at(tmp_path)), theme, "en-GB")))
    for shown in (
        "Today: 07700 900 418",
        "Fax: 020 7946 0321",
        "Mastodon: @press@social.example",
        "WeChat: LoneStarSolar",
    ):
        assert shown in text, (fmt, shown)


def test_the_html_links_the_account_and_not_the_fax(tmp_path: Path, theme: Theme) -> None:
    page = render("html", load_release(folder_at(tmp_path)), theme, "en-GB").decode("utf-8")
    assert 'href="https://social.example/@press"' in page
    assert "tel:+44-20-7946-0321" not in page
    assert len(re.findall(r'href="tel:', page)) == 4


def test_the_free_labels_are_translation_units(tmp_path: Path) -> None:
    ids = {unit.id for unit in release_units(load_release(folder_at(tmp_path)))}
    assert {"contacts.press.phones[0].label", "contacts.press.phones[1].label"} <= ids


def test_an_account_needs_a_handle_or_a_url(tmp_path: Path) -> None:
    folder = folder_at(
        tmp_path, NEWSROOM.replace("{network: wechat, handle: LoneStarSolar}", "{network: wechat}")
    )
    with pytest.raises(ValidationFailed) as failed:
        load_release(folder)
    assert any("handle" in p.format() and "presskit.yaml:" in p.format() for p in failed.value.problems)


GROUPED = """organisation:
  name: Lone Star Solar
contacts:
  ir: {name: Sam Patel, email: ir@lonestar.test, group: Investor Relations}
  press: {name: Jo Rivera, email: press@lonestar.test, group: Media}
  agency: {name: Alex Kim, email: alex@agency.test, group: Media, on_behalf_of: Lone Star Solar}
"""
GROUPED_RELEASE = (
    "slug: r\ndate: 2026-03-02\nheadline: Results\ncontacts: [ir, press, agency]\nbody: Results.\n"
)


@pytest.fixture
def grouped(tmp_path: Path) -> Path:
    folder = folder_at(tmp_path, GROUPED)
    (folder / "release.yaml").write_text(GROUPED_RELEASE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_contacts_are_listed_under_their_groups_headings(grouped: Path, theme: Theme, fmt: str) -> None:
    text = normalise(EXTRACTORS[fmt](render(fmt, load_release(grouped), theme, "en-GB"))).casefold()
    at = 0
    for shown in ("investor relations", "sam patel", "media", "jo rivera", "alex kim"):
        at = text.find(shown, at)  # each after the one before
        assert at >= 0, (fmt, shown, text)
    assert text.count("investor relations") == 1 and "on behalf of lone star solar" in text


def test_a_group_heading_is_said_once_and_translated(grouped: Path, theme: Theme) -> None:
    page = render("html", load_release(grouped), theme, "en-GB").decode("utf-8")
    assert page.count('<h3 class="contact-group">') == 2
    ids = {unit.id for unit in release_units(load_release(grouped))}
    assert {"contacts.ir.group", "contacts.press.group"} <= ids


def test_on_behalf_of_is_said_in_the_release_language(grouped: Path) -> None:
    agency = load_release(grouped).contacts[2]
    assert [line.text for line in contact_lines(agency, "de")][0] == "Im Auftrag von Lone Star Solar"


def test_the_pdf_links_and_colours_only_the_value_of_a_contact_line(
    example_release: m.Release, theme: Theme
) -> None:
    """As the web page and DOCX do: `Email:` is text, the address after it the link (it once
    linked, and coloured, the whole line from its label on)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render("pdf", example_release, theme, "en-GB")))
    starts = [
        float(link["/Rect"][0])
        for page in reader.pages
        for link in (a.get_object() for a in page.get("/Annots", []))
        if str(link.get("/A", {}).get("/URI", "")).startswith("mailto:")
    ]
    margin = theme.spec.margins.left * 72 / 25.4
    assert starts and all(start > margin + 10 for start in starts), (starts, margin)
