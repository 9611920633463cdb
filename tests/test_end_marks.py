"""End marks per language: the theme chooses the style, the catalogue gives each language's words,
and a release's own mark still comes first. Every format is read back."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from presskit.cli import cli
from tests.conftest import EXAMPLE
from tests.extract import normalise

NOW = "2025-12-10T18:00:00+00:00"
WORDS = {"en-GB": "-Ends-", "fr": "-Fin-", "ar": "-انتهى-"}


def newsroom(tmp: Path, end_mark: str | None, theme_yaml: str | None = None) -> Path:
    """The example newsroom; its release says `end_mark` (None: it says none), beside an optional theme."""
    folder = tmp / "releases"
    shutil.copytree(EXAMPLE.parent, folder)
    release = folder / "gta-2025" / "release.yaml"
    text = re.sub(r"(?m)^end_mark:.*\n", "", release.read_text(encoding="utf-8"))
    if end_mark is not None:
        text += f"end_mark: {end_mark!r}\n"
    release.write_text(text, encoding="utf-8")
    if end_mark is None:  # nor do its translations, made from it
        for xlf in (folder / "gta-2025" / "i18n").glob("*.xlf"):
            units = xlf.read_text(encoding="utf-8")
            kept = re.sub(r'(?s)\s*<trans-unit[^>]*id="end_mark".*?</trans-unit>', "", units)
            assert kept != units
            xlf.write_text(kept, encoding="utf-8")
    if theme_yaml is not None:
        (tmp / "theme").mkdir()
        (tmp / "theme" / "theme.yaml").write_text(theme_yaml, encoding="utf-8")
    return folder / "gta-2025"


def build(source: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        cli, ["build", str(source), "-o", str(out), "--locales", "all", "--now", NOW, "-q", *args]
    )
    assert result.exit_code == 0, result.stderr
    return out / "gta-2025"


def html_mark(folder: Path, locale: str) -> list[str]:
    page = lxml.html.fromstring((folder / locale / "gta-2025.html").read_bytes())
    return [normalise(p.text_content()) for p in page.find_class("end-mark")]


def txt_lines(folder: Path, locale: str) -> list[str]:
    return [
        line.strip() for line in (folder / locale / "gta-2025.txt").read_text(encoding="utf-8").splitlines()
    ]


def docx_mark(folder: Path, locale: str) -> list[str]:
    document = docx.Document(str(folder / locale / "gta-2025.docx"))
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == "End Mark"]


def pdf_text(folder: Path, locale: str) -> str:
    reader = PdfReader(io.BytesIO((folder / locale / "gta-2025.pdf").read_bytes()))
    return normalise("\n".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def default_theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with no end mark of its own, built in every locale with the default theme (`ends`)."""
    tmp = tmp_path_factory.mktemp("ends")
    return build(newsroom(tmp, None), tmp / "out")


@pytest.mark.parametrize("locale", sorted(WORDS))
def test_each_language_ends_with_its_own_words_in_every_format(default_theme: Path, locale: str) -> None:
    words = WORDS[locale]
    assert html_mark(default_theme, locale) == [words]
    assert words in txt_lines(default_theme, locale)
    assert docx_mark(default_theme, locale) == [words]
    text = pdf_text(default_theme, locale)
    # The PDF's text layer: Arabic may come back in visual order, each letter where it was drawn.
    assert words in text or words[::-1] in text or normalise(words[1:-1]) in text, (locale, text[-300:])
    for other in set(WORDS.values()) - {words}:
        assert other not in html_mark(default_theme, locale) and other not in txt_lines(default_theme, locale)


@pytest.mark.parametrize(
    ("theme_mark", "expected"),
    [
        ('"-Ends-"', {"en-GB": "-Ends-", "fr": "-Fin-", "ar": "-انتهى-"}),  # an old theme: the `ends` style
        ("ends", {"en-GB": "-Ends-", "fr": "-Fin-", "ar": "-انتهى-"}),
        ('"-30-"', {"en-GB": "-30-", "fr": "-30-", "ar": "-30-"}),  # a literal mark, in every language
        ("ENDS", {"en-GB": "ENDS", "fr": "ENDS", "ar": "ENDS"}),
    ],
)
def test_the_theme_chooses_the_style(tmp_path: Path, theme_mark: str, expected: dict[str, str]) -> None:
    source = newsroom(tmp_path, None, f"name: mine\nextends: default\nend_mark: {theme_mark}\n")
    folder = build(source, tmp_path / "out", "--theme", str(tmp_path / "theme"), "-f", "html,txt")
    for locale, words in expected.items():
        assert html_mark(folder, locale) == [words], (theme_mark, locale)
        assert words in txt_lines(folder, locale)


def test_the_wire_theme_keeps_its_mark_in_every_language(tmp_path: Path) -> None:
    folder = build(newsroom(tmp_path, None), tmp_path / "out", "--theme", "wire", "-f", "html,txt")
    for locale in WORDS:
        assert html_mark(folder, locale) == ["###"], locale


def test_a_release_that_says_its_mark_keeps_it(tmp_path: Path) -> None:
    """The release's own mark wins over the theme's style; its translations translate it (fr.xlf: -Fin-)."""
    folder = build(newsroom(tmp_path, "-Ends-"), tmp_path / "out", "--theme", "wire", "-f", "html,txt")
    assert {locale: html_mark(folder, locale) for locale in WORDS} == {
        "en-GB": ["-Ends-"],
        "fr": ["-Fin-"],
        "ar": ["-انتهى-"],
    }
    # fr's end mark is now stale, so -l all would leave fr out (i18n.publish_at): name it.
    folder = build(newsroom(tmp_path / "b", "ENDS"), tmp_path / "b" / "out", "-f", "html", "-l", "en-GB,fr")
    assert html_mark(folder, "en-GB") == ["ENDS"] and html_mark(folder, "fr") == [
        "ENDS"
    ]  # stale unit: source
