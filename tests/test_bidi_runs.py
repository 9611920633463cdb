"""Right-to-left label lines in order: each label and its value are runs apart, in every format.

The corpus's Hebrew and Arabic releases, their contact given a phone number and
office hours, are rendered in every format and read back: pypdf's logical order
reads label, colon, value; poppler's word boxes put the label at the right and
each value in its own order; a figure reads `38%` in the body and in the sources
alike; HTML isolates each value in `<bdi>`, text in FSI … PDI, and DOCX sets a
left-to-right value in a run of its own without `w:rtl`.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from presskit import model as m
from presskit.renderers import render
from presskit.renderers.pdf.direction import Isolate, embedding_levels
from presskit.themes.theme import Theme
from presskit.words.labels import label

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
PHONE = "+972 3-555-1234"
HOURS = "09:00–17:00"
FSI, PDI = "\u2068", "\u2069"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def edition(locale: str) -> m.Release:
    from presskit.publish.inputs import load_release

    release = load_release(CORPUS / f"{locale}-original")
    contact = dataclasses.replace(release.contacts[0], phone=PHONE, hours=HOURS)
    return dataclasses.replace(release, contacts=(contact,))


@pytest.fixture(scope="module", params=["he", "ar"])
def rendered(request: pytest.FixtureRequest, theme: Theme) -> tuple[str, m.Release, dict[str, bytes]]:
    locale = request.param
    release = edition(locale)
    return (
        locale,
        release,
        {fmt: render(fmt, release, theme, locale) for fmt in ("pdf", "html", "txt", "docx")},
    )


def expected_lines(locale: str, release: m.Release) -> list[tuple[str, str]]:
    email = release.contacts[0].email
    assert email
    return [(label("email", locale), email), (label("phone", locale), PHONE), (label("hours", locale), HOURS)]


def test_isolates_resolve_apart_from_the_text_around_them() -> None:
    text = f"טלפון: {PHONE}"
    value = Isolate(len("טלפון: "), len(text))
    unisolated = embedding_levels(text, 1)
    assert len(set(unisolated[value.start :])) > 1  # the space inside the number falls back to RTL
    assert set(embedding_levels(text, 1, (value,))[value.start :]) == {2}  # one left-to-right run
    assert embedding_levels("abc", 0, (Isolate(0, 3),)) == [0, 0, 0]


def test_pdf_contact_lines_read_label_colon_value_in_logical_order(
    rendered: tuple[str, m.Release, dict[str, bytes]],
) -> None:
    locale, release, outputs = rendered
    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().split("\n")]
    for caption, value in expected_lines(locale, release):
        assert f"{caption}: {value}" in lines, (caption, [line for line in lines if caption in line])


Word = tuple[float, float, float, float, str]  # top, bottom, left, right, text


def words_of(pdf: bytes, tmp_path: Path) -> list[Word]:
    """poppler's words on the first page, with their boxes."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    found = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (float(top), float(bottom), float(left), float(right), word)
        for left, top, right, bottom, word in re.findall(pattern, found)
    ]


def same_line(words: list[Word], anchor: str) -> list[tuple[float, float, str]]:
    """The words whose box spans the middle of `anchor`'s, left to right: (left, right, text)."""
    (middle,) = {round((w[0] + w[1]) / 2, 1) for w in words if w[4] == anchor}
    return sorted((w[2], w[3], w[4]) for w in words if w[0] <= middle <= w[1])


def test_pdf_shows_the_label_at_the_right_and_each_value_in_its_own_order(
    rendered: tuple[str, m.Release, dict[str, bytes]], tmp_path: Path
) -> None:
    _, release, outputs = rendered
    words = words_of(outputs["pdf"], tmp_path)
    phone = same_line(words, "3-555-1234")
    shown = [w[2] for w in phone]
    assert shown[:2] == ["+972", "3-555-1234"], shown  # left to right, as it is dialled
    colon = next(w for w in phone if w[2] == ":")
    assert colon[0] >= phone[1][1] and all(w[0] >= colon[1] - 0.5 for w in phone[3:]), shown
    hours = same_line(words, HOURS)
    assert hours[0][2] == HOURS  # one run: not 17:00–09:00
    email = release.contacts[0].email
    line = same_line(words, email or "")
    assert line[0][2] == email and all(w[0] > line[0][1] for w in line[1:])  # the label at the right


def test_a_figure_reads_the_same_in_the_body_and_in_the_sources(
    rendered: tuple[str, m.Release, dict[str, bytes]], tmp_path: Path
) -> None:
    locale, release, outputs = rendered
    percent = next(s for s in release.statistics.values() if s.unit == "percent")
    number = f"{percent.value:g}"
    words = words_of(outputs["pdf"], tmp_path)
    figures = [w for w in words if number in w[4]]
    assert len(figures) >= 2  # in the body and in the sources list
    for top, bottom, _left, right, word in figures:
        if word == f"{number}%":
            continue  # the sign to the right of the number, in one word
        sign = [w for w in words if w[4] == "%" and w[0] < bottom and top < w[1] and abs(w[2] - right) < 2]
        assert word == number and sign, (word, locale)


def test_html_isolates_each_value_and_each_figure(rendered: tuple[str, m.Release, dict[str, bytes]]) -> None:
    locale, release, outputs = rendered
    page = lxml.html.fromstring(outputs["html"])
    lines = page.find_class("contact-line")
    for caption, value in expected_lines(locale, release):
        (line,) = [line for line in lines if (line.text or "").startswith(caption)]
        (bdi,) = line.findall("bdi")
        shown = bdi.text_content()
        assert shown in (value, "[at]".join(value.split("@"))) or "@" in value, shown
        assert line.text == f"{caption}: "
    css = "".join(page.xpath("//style/text()"))
    assert re.search(r"\.stat \{[^}]*unicode-bidi: isolate", css)


def test_text_isolates_each_value_and_each_figure(rendered: tuple[str, m.Release, dict[str, bytes]]) -> None:
    locale, release, outputs = rendered
    text = outputs["txt"].decode("utf-8")
    for caption, value in expected_lines(locale, release):
        assert f"{caption}: {FSI}{value}{PDI}" in text
    percent = next(s for s in release.statistics.values() if s.unit == "percent")
    assert f"{FSI}{percent.value:g}% [" in text


def test_docx_sets_a_left_to_right_value_in_a_run_of_its_own(
    rendered: tuple[str, m.Release, dict[str, bytes]],
) -> None:
    locale, release, outputs = rendered
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    runs = [
        ("".join(t.text or "" for t in run.iter(f"{W}t")), run.find(f"{W}rPr/{W}rtl") is not None)
        for run in body.iter(f"{W}r")
    ]
    texts = [text for text, _ in runs]
    for caption, value in expected_lines(locale, release)[1:]:
        index = texts.index(value)
        assert runs[index] == (value, False)
        assert texts[index - 1].strip().startswith(caption) and runs[index - 1][1], runs[index - 1]
