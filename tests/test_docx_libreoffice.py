"""LibreOffice opens the DOCX as Word users' colleagues do: what its PDF shows at each page's foot.

Word works the footer's `IF { PAGE } < { NUMPAGES } "– more –" ""` out on every page. LibreOffice
(7.4, Debian bookworm's, and its current source alike) evaluates no PAGE or NUMPAGES inside an
IF: its DOCX import refuses the nesting ("LO does not currently know how to evaluate these as
conditions or results", writerfilter's IsFieldNestingAllowed) and keeps an IF whose condition is
empty, and Writer's own conditions know the page count ("page") but not the current page, so no
IF LibreOffice understands can say "not the last page". Writer's one field that can (the page
continuation, a page number of the next page with text of its own) has no DOCX form: LibreOffice
exports it as a bare PAGE. So LibreOffice shows no "– more –"; these tests hold what it must
still get right: the page numbers, no stray number from the nested fields (they are hidden
text), and never "– more –" on the last page.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from presskit.words.labels import label
from tests.extract import normalise

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
# Releases that run over several pages in Word's layout, in three languages.
LONG = {"long-annual-review": "en-GB", "rns-results": "en-GB", "de-landesregierung": "de"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each long release's DOCX, converted to PDF by LibreOffice, as its pages' text."""
    from pypdf import PdfReader

    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme

    folder = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for slug, locale in LONG.items():
        release = load_release(CORPUS / slug)
        assert release.locale == locale
        theme = load_theme(release.theme or "default")
        source = folder / f"{slug}.docx"
        source.write_bytes(render("docx", release, theme, locale))
        sources.append(str(source))
    soffice = shutil.which("soffice")
    assert soffice, "soffice is not installed; run make test (it installs libreoffice-writer-nogui)"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder / "pdf"), *sources],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {
        slug: [page.extract_text() or "" for page in PdfReader(folder / "pdf" / f"{slug}.pdf").pages]
        for slug in LONG
    }


@pytest.mark.parametrize("slug", LONG)
def test_every_page_ends_with_its_number_and_nothing_of_the_hidden_fields(
    pages: dict[str, list[str]], slug: str
) -> None:
    shown = pages[slug]
    assert len(shown) >= 2, "the release fits one page; the test needs a longer one"
    for number, text in enumerate(shown, start=1):
        lines = [normalise(line) for line in text.splitlines() if line.strip()]
        page_x_of_y = normalise(label("page_x_of_y", LONG[slug], page=str(number), pages=str(len(shown))))
        assert lines[-1] == page_x_of_y, f"page {number} ends {lines[-1]!r}"
        # The IF's nested PAGE and NUMPAGES are hidden: LibreOffice sets them apart as fields of
        # their own, and shown they would read "14" above "Page 1 of 4".
        assert not re.fullmatch(r"[\d\s]+", lines[-2]), f"page {number}: a stray {lines[-2]!r}"


@pytest.mark.parametrize("slug", LONG)
def test_more_is_never_on_the_last_page(pages: dict[str, list[str]], slug: str) -> None:
    more = normalise(label("more", LONG[slug]))
    assert more not in normalise(pages[slug][-1])


def test_the_lead_photo_is_on_the_first_page_with_its_caption(tmp_path: Path) -> None:
    """The example's DOCX through LibreOffice: its cover photo drawn on page 1 (an image on that
    page, at least half the size of the original's width), its caption and credit under it."""
    from pypdf import PdfReader

    from presskit.publish.inputs import load_release
    from presskit.renderers import render
    from presskit.themes.theme import load_theme
    from presskit.words.wording import figure_caption

    example = Path(__file__).resolve().parent.parent / "releases" / "gta-2025"
    release = load_release(example)
    assert release.lead_image is not None
    source = tmp_path / "gta-2025.docx"
    source.write_bytes(render("docx", release, load_theme("default"), release.locale))
    soffice = shutil.which("soffice")
    assert soffice, "soffice is not installed; run make test (it installs libreoffice-writer-nogui)"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path / "pdf"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "pdf" / "gta-2025.pdf")
    first = reader.pages[0]
    images = list(first.images)
    assert images, "no image on page 1"
    assert max(image.image.width for image in images) >= 300  # the photo, not an icon
    caption = normalise(figure_caption(release.lead_image, release.locale))
    assert normalise(" ".join(caption.split()[:6])) in normalise(first.extract_text() or "")
