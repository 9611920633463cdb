"""The tagged PDF (PDF/UA-1), read back with pikepdf and poppler.

Each test names the Matterhorn Protocol (PDF/UA-1) failure conditions it checks: content
neither tagged nor an Artifact (01-001..01-005), the catalog and metadata (06-001..06-003,
07-001, 11-006), headings (14-002, 14-003), tables (15-003), lists (16-001..16-003),
figures' alternate text (13-004), notes (19-003), annotations (28-002, 28-004, 28-011,
28-012, and 7.18.3's tab order) and fonts' Unicode mappings (31-027). veraPDF itself is
not packaged for Debian, so these checks are presskit's own.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
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
from presskit.words.wording import attribution, plain_inlines

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "releases" / "gta-2025"
CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
# A release of each script the corpus covers that the example does not, and ones with tables.
CORPUS_RELEASES = [
    "he-original",
    "hi-original",
    "th-original",
    "ja-hodo-shiryo",
    "ko-original",
    "rns-results",
]
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@pytest.fixture(scope="module")
def editions(theme: Theme) -> dict[str, m.Release]:
    release = load_release(EXAMPLE)
    found = {"en-GB": release}
    for locale in ("fr", "ar"):
        translated, problems = translate(release, canonical_locale(locale), i18n_dir(release))
        assert not problems
        found[locale] = translated
    return found


@pytest.fixture(scope="module")
def pdfs(editions: dict[str, m.Release], theme: Theme) -> dict[str, bytes]:
    made = {locale: render("pdf", release, theme, release.locale) for locale, release in editions.items()}
    for slug in CORPUS_RELEASES:
        release = load_release(CORPUS / slug)
        made[slug] = render("pdf", release, theme, release.locale)
    return made


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (
            pikepdf.Name.MCR,
            pikepdf.Name.OBJR,
        ):
            yield kid
            yield from elements(kid)


def role(element: Any) -> str:
    return str(element.S)[1:]


def poppler(tool: str, *args: str, data: bytes) -> str:
    result = subprocess.run([tool, *args, "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def struct_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "tagged.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, check=True, text=True
    ).stdout


def squeezed(text: str) -> str:
    """Text without whitespace: poppler joins a paragraph's lines without a space."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_poppler_reads_the_pdf_as_tagged(pdfs: dict[str, bytes], name: str) -> None:
    info = poppler("pdfinfo", data=pdfs[name])
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_every_text_and_image_is_tagged_content_or_an_artifact(pdfs: dict[str, bytes], name: str) -> None:
    """01-004/01-005: content is in the structure tree or an Artifact, never neither, never both."""
    with opened(pdfs[name]) as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        shown = 0
        for number, page in enumerate(pdf.pages):
            mcids = parents[int(page.StructParents)]
            stack: list[tuple[str, int | None]] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "BMC":
                    stack.append((str(operands[0]), None))
                elif op == "BDC":
                    properties = operands[1]
                    stack.append((str(operands[0]), int(properties.MCID) if "/MCID" in properties else None))
                elif op == "EMC":
                    stack.pop()
                elif op in TEXT_SHOWING or op == "Do":
                    assert stack, f"page {number + 1}: {op} outside marked content"
                    tags = [t for t, _ in stack]
                    if "/Artifact" in tags:
                        assert all(mcid is None for _, mcid in stack), (
                            f"page {number + 1}: MCID in an Artifact"
                        )
                        continue
                    # The nearest sequence with an MCID is the element's; a `/Span` inside it only
                    # says more of its text (a Devanagari cluster's ActualText).
                    owner = next(((t, n) for t, n in reversed(stack) if n is not None), None)
                    assert owner is not None and owner[1] < len(mcids), f"page {number + 1}: {op} in {tags}"
                    assert all(t == "/Span" for t, n in stack[stack.index(owner) + 1 :]), tags
                    assert role(mcids[owner[1]]) == owner[0][1:]  # the sequence's tag is its element's
                    shown += 1
            assert not stack, f"page {number + 1}: marked content left open"
        assert shown > 20


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_the_document_says_it_is_tagged_pdf_ua(pdfs: dict[str, bytes], name: str) -> None:
    """06-001..06-003, 07-001, 11-006: marked, titled in XMP, PDF/UA identified, its language set."""
    with opened(pdfs[name]) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(root.Lang)
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        title = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
        assert title and title.group(1).strip() and str(pdf.docinfo.Title)
        assert "/RoleMap" not in root.StructTreeRoot or root.StructTreeRoot.RoleMap  # only standard types
        assert role(root.StructTreeRoot.K[0]) == "Document"


def test_the_catalog_language_is_the_editions(pdfs: dict[str, bytes]) -> None:
    for locale in ("en-GB", "fr", "ar"):
        with opened(pdfs[locale]) as pdf:
            assert str(pdf.Root.Lang) == locale


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_headings_start_at_h1_and_never_skip_a_level(pdfs: dict[str, bytes], name: str) -> None:
    """14-002, 14-003."""
    with opened(pdfs[name]) as pdf:
        levels = [
            int(role(e)[1:]) for e in elements(pdf.Root.StructTreeRoot) if re.fullmatch(r"H\d", role(e))
        ]
    assert levels and levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_lists_and_tables_have_their_children(pdfs: dict[str, bytes], name: str) -> None:
    """16-001..16-003 (L holds LI, LI holds Lbl and LBody) and 15-003 (each TH has a Scope)."""
    with opened(pdfs[name]) as pdf:
        found = list(elements(pdf.Root.StructTreeRoot))
        for element in found:
            kids = [role(k) for k in element.K if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            if role(element) == "L":
                assert kids and set(kids) <= {"LI", "L"}, kids
                assert str(element.A.ListNumbering) in ("/Disc", "/Decimal")
            elif role(element) == "LI":
                assert kids and set(kids) <= {"Lbl", "LBody"}, kids
            elif role(element) == "Table":
                assert kids and set(kids) == {"TR"}, kids
            elif role(element) == "TR":
                assert kids and set(kids) <= {"TH", "TD"}, kids
            elif role(element) == "TH":
                assert str(element.A.Scope) == "/Column"
        roles = {role(e) for e in found}
    assert "L" in roles or name in CORPUS_RELEASES


def test_a_table_reads_its_header_then_its_rows(pdfs: dict[str, bytes]) -> None:
    with opened(pdfs["rns-results"]) as pdf:
        tables = [e for e in elements(pdf.Root.StructTreeRoot) if role(e) == "Table"]
        assert tables
        rows = [k for k in tables[0].K]
        assert {role(c) for c in rows[0].K} == {"TH"}
        assert all({role(c) for c in row.K} == {"TD"} for row in rows[1:])


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_every_figure_has_alternate_text(pdfs: dict[str, bytes], name: str) -> None:
    """13-004; the example's logo, its lead photo under the standfirst and the photo again in
    the assets list are Figures."""
    with opened(pdfs[name]) as pdf:
        figures = [e for e in elements(pdf.Root.StructTreeRoot) if role(e) == "Figure"]
        assert all(str(f.get("/Alt", "")).strip() for f in figures)
    if name in ("en-GB", "fr", "ar"):
        assert len(figures) == 3


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_every_link_is_tagged_and_described(pdfs: dict[str, bytes], name: str) -> None:
    """28-011, 28-012 (each link annotation in a Link element by an OBJR), 28-004 (Contents),
    7.18.3 (tab order follows the structure on every page with annotations)."""
    with opened(pdfs[name]) as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        links = 0
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                links += 1
                assert str(annotation.Contents).strip()
                element = parents[int(annotation.StructParent)]
                assert role(element) == "Link"
                objr = [
                    k for k in element.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                ]
                assert [o.Obj.objgen for o in objr] == [annotation.objgen]
            if "/Annots" in page:
                assert page.Tabs == pikepdf.Name.S
        assert int(tree.ParentTreeNextKey) == len(pdf.pages) + links
    assert links or name in CORPUS_RELEASES


def test_notes_carry_an_id_and_citations_name_their_source(pdfs: dict[str, bytes]) -> None:
    """19-003: a Note has a unique ID; a citation's link says which source it leads to."""
    with opened(pdfs["en-GB"]) as pdf:
        notes = [e for e in elements(pdf.Root.StructTreeRoot) if role(e) == "Note"]
        ids = [bytes(n.ID) for n in notes]
        assert len(notes) == 4 and len(set(ids)) == 4
        contents = [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", [])]
    assert any(c.startswith("NCMEC") for c in contents), contents


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_every_font_maps_its_glyphs_to_unicode(pdfs: dict[str, bytes], name: str) -> None:
    """31-027 (7.21.7): every font used has a ToUnicode map."""
    with opened(pdfs[name]) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                assert "/ToUnicode" in font or str(font.get("/Subtype")) == "/Type3", font.get("/BaseFont")


def test_a_quote_in_another_language_says_so(editions: dict[str, m.Release], theme: Theme) -> None:
    """Lang on an element in another language than the document's (11-004's intent)."""
    release = editions["en-GB"]
    quote_id = next(iter(release.quotes))
    quotes = {**release.quotes, quote_id: _with_lang(release.quotes[quote_id], "de-CH")}
    data = render("pdf", _replace(release, quotes=quotes), theme, release.locale)
    with opened(data) as pdf:
        langs = {
            str(e.Lang) for e in elements(pdf.Root.StructTreeRoot) if role(e) == "BlockQuote" and "/Lang" in e
        }
    assert langs == {"de-CH"}


def _with_lang(quote: m.Quote, lang: str) -> m.Quote:
    import dataclasses

    return dataclasses.replace(quote, lang=lang)


def _replace(release: m.Release, **changes: Any) -> m.Release:
    import dataclasses

    return dataclasses.replace(release, **changes)


def reading_markers(release: m.Release) -> list[str]:
    """What a reader hears, in order: the headline, the body's headings, quotes' speakers and
    list items, the end mark and each contact (the cross-format test's anatomy, any language)."""
    locale = release.locale
    markers = [release.headline]
    for block in release.body:
        if isinstance(block, m.Heading):
            markers.append(plain_inlines(block.children, release, locale))
        elif isinstance(block, m.QuoteRef):
            markers.append(attribution(release.quotes[block.quote_id].speaker, locale))
    markers.append(release.end_mark)
    markers += [contact.name for contact in release.contacts]
    return markers


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_the_structure_reads_the_release_in_order(
    pdfs: dict[str, bytes], editions: dict[str, m.Release], locale: str, tmp_path: Path
) -> None:
    """`pdfinfo -struct-text` gives the release's text in reading order (right to left too)."""
    text = squeezed(struct_text(pdfs[locale], tmp_path))
    position = 0
    for marker in reading_markers(editions[locale]):
        found = text.find(squeezed(marker), position)
        assert found >= 0, (
            f"{marker!r} missing or out of order after …{text[max(0, position - 80) : position]}"
        )
        position = found


def test_tagged_output_is_byte_identical_run_to_run(editions: dict[str, m.Release], theme: Theme) -> None:
    release = editions["ar"]
    assert render("pdf", release, theme, release.locale) == render("pdf", release, theme, release.locale)


@pytest.mark.parametrize("name", ["en-GB", "fr", "ar", *CORPUS_RELEASES])
def test_every_element_knows_its_parent_and_page_and_the_parent_tree_finds_it(
    pdfs: dict[str, bytes], name: str
) -> None:
    """ISO 32000-1 §14.7.2 and §14.7.4.4, as the tree is written by hand: each element is an
    indirect StructElem whose `P` is the element (or root) listing it, its `Pg` the page of
    its bare MCIDs (others in MCRs with theirs), and the ParentTree gives each page's MCID
    and each annotation back to the element that holds it."""
    with opened(pdfs[name]) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        tree = pdf.Root.StructTreeRoot
        holders: dict[tuple[int, int], tuple[int, int]] = {}  # (page, MCID) -> element
        annotations: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element
        count = 0

        def walk(node: Any) -> None:
            nonlocal count
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    holders[(pages[node.Pg.objgen], kid)] = node.objgen
                elif kid.get("/Type") == pikepdf.Name.MCR:
                    holders[(pages[kid.Pg.objgen], int(kid.MCID))] = node.objgen
                elif kid.get("/Type") == pikepdf.Name.OBJR:
                    assert kid.Pg.objgen in pages
                    annotations[kid.Obj.objgen] = node.objgen
                else:
                    assert kid.is_indirect and kid.Type == pikepdf.Name.StructElem
                    assert kid.P.objgen == node.objgen, f"{role(kid)}'s /P is not its parent"
                    count += 1
                    walk(kid)

        walk(tree)
        assert count > 10 and holders
        nums = list(tree.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number in pages.values():
            found = parents[int(pdf.pages[number].StructParents)]
            mcids = {(n, i): found[i].objgen for (n, i) in holders if n == number}
            assert len(found) == len(mcids), f"page {number + 1}: MCIDs {len(found)}, held {len(mcids)}"
            assert all(holders[key] == element for key, element in mcids.items())
        for annotation, element in annotations.items():
            assert parents[int(pdf.get_object(annotation).StructParent)].objgen == element
