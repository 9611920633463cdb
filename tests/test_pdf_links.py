"""Each link's text is inside its Link element, with the link's annotation (PDF/UA-1 7.18.5,
Matterhorn 28-011): P → [text before, Link → [link text, OBJR], text after].

Read back with pikepdf alone: the content streams are walked (tests/pdf_marks.py) to find the
text of every MCID and where it starts; the structure tree and ParentTree say whose each is.
"""

from __future__ import annotations

import dataclasses
import io
from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from presskit import model as m
from presskit.i18n import translate
from presskit.i18n.store import canonical_locale, i18n_dir
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from tests.pdf_marks import Shown, page_numbers, parent_tree, shown_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "releases" / "gta-2025"
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
CORPUS_RELEASES = sorted(p.name for p in CORPUS.iterdir() if (p / "release.yaml").is_file())
NAMES = ["en-GB", "fr", "ar", *CORPUS_RELEASES]
SLACK = 1.0  # points: a text's start may sit on its annotation's edge


@pytest.fixture(scope="module")
def pdfs(theme: Theme) -> dict[str, bytes]:
    release = load_release(EXAMPLE)
    made = {"en-GB": render("pdf", release, theme, release.locale)}
    for locale in ("fr", "ar"):
        translated, problems = translate(release, canonical_locale(locale), i18n_dir(release))
        assert not problems
        made[locale] = render("pdf", translated, theme, translated.locale)
    for slug in CORPUS_RELEASES:
        found = load_release(CORPUS / slug)
        made[slug] = render("pdf", found, theme, found.locale)
    return made


@dataclasses.dataclass
class Read:
    """A PDF's links as its structure and content say."""

    pdf: pikepdf.Pdf
    shown: list[Shown]
    text: dict[tuple[int, int], str]  # (page, MCID) -> its text
    pages: dict[tuple[int, int], int]  # page object -> its number


def read(data: bytes) -> Read:
    pdf = pikepdf.open(io.BytesIO(data))
    shown = shown_text(pdf)
    text: dict[tuple[int, int], str] = defaultdict(str)
    for piece in shown:
        if piece.mcid is not None:
            text[piece.page, piece.mcid] += piece.text
    return Read(pdf, shown, dict(text), page_numbers(pdf))


def elements(node: Any) -> list[Any]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (
            pikepdf.Name.MCR,
            pikepdf.Name.OBJR,
        ):
            found += [kid, *elements(kid)]
    return found


def contents(element: Any, pages: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(page, MCID) of each marked-content kid of `element`, in order."""
    page = pages[element.Pg.objgen] if "/Pg" in element else -1
    found = []
    for kid in element.K if isinstance(element.K, pikepdf.Array) else [element.K]:
        if isinstance(kid, int):
            found.append((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            found.append((pages[kid.Pg.objgen], int(kid.MCID)))
    return found


def objrs(element: Any) -> list[Any]:
    return [
        kid
        for kid in (element.K if isinstance(element.K, pikepdf.Array) else [element.K])
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR
    ]


def links(data: Read) -> list[Any]:
    return [e for e in elements(data.pdf.Root.StructTreeRoot) if e.S == pikepdf.Name.Link]


def link_text(data: Read, link: Any) -> str:
    return "".join(data.text.get(key, "") for key in contents(link, data.pages))


@pytest.mark.parametrize("name", NAMES)
def test_every_link_holds_its_text_and_its_annotation_over_it(pdfs: dict[str, bytes], name: str) -> None:
    data = read(pdfs[name])
    found = links(data)
    for link in found:
        mine = set(contents(link, data.pages))
        assert mine, f"a Link without text: {link.K}"
        assert link_text(data, link).strip(), f"a Link whose text is empty: {link.K}"
        annotations = objrs(link)
        assert annotations, f"a Link without its annotation: {link_text(data, link)!r}"
        for objr in annotations:
            page = data.pages[objr.Pg.objgen]
            left, bottom, right, top = (float(v) for v in objr.Obj.Rect)
            starts = [
                s
                for s in data.shown
                if (s.page, s.mcid) in mine
                and left - SLACK <= s.x <= right + SLACK
                and bottom - SLACK <= s.y <= top + SLACK
            ]
            assert any(s.page == page for s in starts), (
                f"{name}: the annotation of {link_text(data, link)!r} lies over none of its text"
            )
    assert found or name in CORPUS_RELEASES


@pytest.mark.parametrize("name", NAMES)
def test_the_parent_tree_finds_every_mcid_in_the_element_that_has_it(
    pdfs: dict[str, bytes], name: str
) -> None:
    data = read(pdfs[name])
    tree = parent_tree(data.pdf)
    owners: dict[tuple[int, int], Any] = {}
    for element in elements(data.pdf.Root.StructTreeRoot):
        for key in contents(element, data.pages):
            assert key not in owners, f"MCID {key} in two elements"
            owners[key] = element
    for number, page in enumerate(data.pdf.pages):
        mcids = tree[int(page.StructParents)]
        for mcid, element in enumerate(mcids):
            assert owners[number, mcid].objgen == element.objgen
    shown = {(s.page, s.mcid) for s in data.shown if s.mcid is not None}
    assert shown <= set(owners), "text in an MCID no element has"
    assert set(owners) <= shown, "an MCID with no text: an empty sequence"


def test_a_link_is_the_text_between_the_paragraphs_before_and_after(pdfs: dict[str, bytes]) -> None:
    """P → [MCID text before, Link (MCID link text, OBJR), MCID text after]: the example's
    call to action and its contact's e-mail address."""
    data = read(pdfs["en-GB"])
    kinds = set()
    for link in links(data):
        parent = link.P
        kids = list(parent.K)
        at = next(
            i for i, k in enumerate(kids) if isinstance(k, pikepdf.Dictionary) and k.objgen == link.objgen
        )
        before = [k for k in kids[:at] if isinstance(k, int)]
        after = [k for k in kids[at + 1 :] if isinstance(k, int)]
        page = data.pages[parent.Pg.objgen]
        for mcid in before + after:
            assert (page, int(mcid)) not in set(contents(link, data.pages))
        kinds.add((bool(before), bool(after)))
    assert (True, True) in kinds  # a citation in running text, text on both sides


def _with_body_link(release: m.Release, words: str, url: str) -> m.Release:
    """The release with a paragraph whose link is long enough to wrap over lines."""
    paragraph = m.Paragraph(
        children=(
            m.Text("Before the link, some words of the paragraph, "),
            m.Link(url=url, children=(m.Text(words),)),
            m.Text(" and after it the paragraph goes on to its end."),
        )
    )
    return dataclasses.replace(release, body=(paragraph, *release.body))


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_a_link_over_two_lines_is_one_link_with_its_words(
    pdfs: dict[str, bytes], theme: Theme, locale: str
) -> None:
    release = load_release(EXAMPLE)
    if locale != release.locale:
        release, _ = translate(release, canonical_locale(locale), i18n_dir(release))
    words = " ".join(["reportwords"] * 24)
    data = read(
        render("pdf", _with_body_link(release, words, "https://example.org/wrapped"), theme, release.locale)
    )
    wrapped = [link for link in links(data) if "reportwords" in link_text(data, link)]
    assert len(wrapped) == 1
    link = wrapped[0]
    # A line's last space is not drawn: the words run on over the break.
    assert "".join(link_text(data, link).split()) == words.replace(" ", "")
    assert len(objrs(link)) >= 2  # an annotation for each line it is on
