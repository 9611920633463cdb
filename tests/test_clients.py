"""Real clients open what presskit makes: LibreOffice reads the DOCX, qpdf and poppler the PDF.

`make test` installs these (Debian packages); a missing tool fails the test rather than skipping it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from presskit import model as m
from presskit.renderers import render
from presskit.words.issuing import release_line
from presskit.words.labels import label
from tests.extract import normalise, positions, text_of_pdf
from tests.test_cross_format import expected_markers

LOCALES = ("en-GB", "fr", "ar")


def edition(release: m.Release, locale: str) -> m.Release:
    """The example in `locale`, from its shipped translation."""
    if locale == release.locale:
        return release
    from presskit.i18n import translate
    from presskit.i18n.store import i18n_dir

    translated, warnings = translate(release, locale, i18n_dir(release))
    assert warnings == [], warnings
    return translated


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed; run make test (it installs the system packages)"
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_libreoffice_opens_the_docx_and_reads_every_element(
    example_release: m.Release,
    theme,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    locale: str,
) -> None:
    example_release = edition(example_release, locale)
    source = tmp_path / "gta-2025.docx"
    source.write_bytes(render("docx", example_release, theme, example_release.locale))
    result = subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "out" / "gta-2025.pdf"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    text = text_of_pdf(converted.read_bytes())
    if locale == "en-GB":
        markers = expected_markers(example_release)
        missing = [marker for marker, at in zip(markers, positions(text, markers), strict=True) if at < 0]
        assert not missing, f"LibreOffice's rendering lacks or misorders: {missing}"
    elif locale == "fr":
        assert normalise(example_release.headline)[:30] in text
    else:  # pypdf reorders right-to-left runs in its own way; the Latin words must all be there
        # The embargo's zone is named in Arabic (CLDR's غرينتش), no longer in English
        for word in ("WeProtect", "NCMEC", "CyberTipline", "GTA25", "غرينتش"):  # names are in Arabic script
            assert word in text, word
    if locale != "ar":
        page_x = label("page_x_of_y", locale, page="1", pages="")
        assert normalise(page_x) in text, "the footer's PAGE/NUMPAGES fields were not evaluated"
    from pypdf import PdfReader

    pages = PdfReader(converted).pages
    assert len(pages) > 1
    line = normalise(release_line(example_release, example_release.locale))
    for number, page in enumerate(pages, start=1):
        shown = normalise(page.extract_text() or "")
        if locale != "ar":  # pypdf's text of a right-to-left header reorders its runs
            assert line in shown, f"page {number} lacks the embargo line in its header"
            assert normalise(label("page_x_of_y", locale, page=str(number), pages=str(len(pages)))) in shown


@pytest.mark.parametrize("locale", LOCALES)
def test_qpdf_finds_the_pdf_well_formed(
    example_release: m.Release, theme, tmp_path: Path, locale: str
) -> None:  # type: ignore[no-untyped-def]
    release = edition(example_release, locale)
    pdf = tmp_path / "gta-2025.pdf"
    pdf.write_bytes(render("pdf", release, theme, locale))
    result = subprocess.run([tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.parametrize("locale", LOCALES)
def test_pdffonts_shows_every_font_embedded(
    example_release: m.Release, theme, tmp_path: Path, locale: str
) -> None:  # type: ignore[no-untyped-def]
    release = edition(example_release, locale)
    pdf = tmp_path / "gta-2025.pdf"
    pdf.write_bytes(render("pdf", release, theme, locale))
    lines = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    fonts = lines[2:]  # after the header and its rule
    assert fonts, "no fonts listed"
    for line in fonts:
        # columns: name type encoding emb sub uni object ID
        fields = line.split()
        assert fields[-5] == "yes" and fields[-4] == "yes", f"not embedded and subset: {line}"
