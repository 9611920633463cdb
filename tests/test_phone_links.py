"""A contact's phone numbers: each its own tel: link in every format, shown as written.

One field often holds several numbers ("Today: 07700 900 418; thereafter: 020 7946 0320"); a
link of all their digits together dials nothing. Links are read back from each format.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from presskit import model as m
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import contact_lines, phone_pieces, phone_region

TWO_NUMBERS = "Today: 07700 900 418; thereafter: 020 7946 0320"
TWO_LINKS = ["tel:+44-7700-900418", "tel:+44-20-7946-0320"]


@pytest.mark.parametrize(
    ("text", "locale", "links"),
    [
        (TWO_NUMBERS, "en-GB", TWO_LINKS),
        ("+44 (0)20 7946 0958", "en-US", ["tel:+44-20-7946-0958"]),  # the (0) is not dialled from abroad
        ("613-555-0123 ext. 4", "fr-CA", ["tel:+1-613-555-0123;ext=4"]),
        ("03-1234-5678", "ja", ["tel:+81-3-1234-5678"]),
        ("+33 1 23 45 67 89 / +33 6 12 34 56 78", "fr", ["tel:+33-1-23-45-67-89", "tel:+33-6-12-34-56-78"]),
        ("0170 1234567 (mobil)", "de", ["tel:+49-170-1234567"]),
        # a conference's access code or PIN beside its number is not dialled as a number of its own
        ("+49 30 23125 000, code 4411", "en-GB", ["tel:+49-30-23125000"]),
        ("+1 212 555 0100, PIN 123456#", "en-US", ["tel:+1-212-555-0100"]),
    ],
)
def test_every_number_is_its_own_link_and_the_text_is_kept(text: str, locale: str, links: list[str]) -> None:
    pieces = phone_pieces(text, locale)
    assert "".join(piece for piece, _ in pieces) == text
    assert [link for _, link in pieces if link] == links


def test_a_number_no_library_reads_still_links_its_own_digits_only() -> None:
    pieces = phone_pieces("Desk 12 34 56 78 90 or desk 98 76 54 32 10", "eo")  # Esperanto: no country
    assert [link for _, link in pieces if link] == ["tel:1234567890", "tel:9876543210"]
    assert phone_pieces("1-800-FLOWERS", "en-US") == (("1-800-FLOWERS", None),)


def test_the_country_comes_from_the_locale() -> None:
    assert (phone_region("en-GB"), phone_region("fr"), phone_region("ja"), phone_region("pt-BR")) == (
        "GB",
        "FR",
        "JP",
        "BR",
    )


@pytest.fixture
def with_phones(example_release: m.Release) -> m.Release:
    contact = m.Contact(
        "desk",
        "Press desk",
        email="press@example.org",
        phone=TWO_NUMBERS,
        out_of_hours_phone="+44 20 7946 0999",
    )
    return dataclasses.replace(example_release, contacts=(contact,))


ALL_LINKS = [*TWO_LINKS, "tel:+44-20-7946-0999"]


def docx_tel_links(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    return re.findall(r'Target="(tel:[^"]+)"', rels)


def pdf_tel_links(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    return [uri for uri in uris if uri.startswith("tel:")]


def test_html_links_each_number(with_phones: m.Release, theme: Theme) -> None:
    page = render("html", with_phones, theme, "en-GB").decode("utf-8")
    assert re.findall(r'href="(tel:[^"]+)"', page) == ALL_LINKS
    assert "07700 900 418</a>; thereafter: <a" in page


def test_docx_links_each_number(with_phones: m.Release, theme: Theme) -> None:
    assert docx_tel_links(render("docx", with_phones, theme, "en-GB")) == ALL_LINKS


def test_pdf_links_each_number(with_phones: m.Release, theme: Theme) -> None:
    assert pdf_tel_links(render("pdf", with_phones, theme, "en-GB")) == ALL_LINKS


def test_text_shows_the_numbers_as_written(with_phones: m.Release, theme: Theme) -> None:
    text = render("txt", with_phones, theme, "en-GB").decode("utf-8")
    assert f"Phone: {TWO_NUMBERS}" in text
    lines = contact_lines(with_phones.contacts[0], "en-GB")
    assert [line.text for line in lines][-2:] == [f"Phone: {TWO_NUMBERS}", "Out of hours: +44 20 7946 0999"]


@pytest.mark.parametrize("locale", ["fr", "ar", "ja", "de"])
def test_a_translated_edition_dials_the_numbers_in_the_release_s_country(
    with_phones: m.Release, theme: Theme, locale: str
) -> None:
    """A British number in the Japanese edition still dials Britain: numbers are read where the
    release was written (its home locale), not in the edition's language's country."""
    from presskit.i18n.units import apply_values

    edition = apply_values(dataclasses.replace(with_phones, locale=locale), {}, untranslated_in="en-GB")
    assert edition.home_locale == "en-GB"
    page = render("html", edition, theme, locale).decode("utf-8")
    assert re.findall(r'href="(tel:[^"]+)"', page) == ALL_LINKS
    assert docx_tel_links(render("docx", edition, theme, locale)) == ALL_LINKS
    assert pdf_tel_links(render("pdf", edition, theme, locale)) == ALL_LINKS
    card = render("vcard", edition, theme, locale).decode("utf-8")
    assert re.findall(r"TEL;[^:]*:(tel:[^\r]+)", card) == ALL_LINKS
