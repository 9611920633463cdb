"""The glossary: validated in presskit.yaml, marked in XLIFF, noted in PO, a TBX beside the
extracted file, and a translation that alters a term warned about at merge, check and build."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from presskit import model as m
from presskit.cli import cli
from presskit.i18n.glossary import altered_terms, find_terms
from tests.conftest import ROOT

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
NOW = "2025-12-12T12:00:00+00:00"

# The example's French keeps the alliance's name and writes the report's as below; its Arabic
# writes the name تحالف WeProtect العالمي, which this glossary forbids.
GLOSSARY = """
glossary:
  - term: WeProtect Global Alliance
    translate: false
    note: the alliance's registered name
  - term: Global Threat Assessment 2025
    translations: {fr: Évaluation de la menace mondiale 2025, de: Globale Bedrohungsanalyse 2025}
"""


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", root)
    with (root / "presskit.yaml").open("a", encoding="utf-8") as file:
        file.write(GLOSSARY)
    return root


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def presskit_yaml_with(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", root)
    with (root / "presskit.yaml").open("a", encoding="utf-8") as file:
        file.write(text)
    return root


# -- presskit.yaml ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "glossary:\n  - {term: Acme, translations: {xx-nowhere: Acme}}\n",
            r'presskit\.yaml:\d+:\d+: glossary(\.|\[)0\]?\.translations\.xx-nowhere: unknown locale "xx-nowhere"',
        ),
        (
            "glossary:\n  - {term: Acme, translate: false}\n  - {term: ACME, translate: false}\n",
            r'presskit\.yaml:\d+:\d+: glossary(\.|\[)1\]?\.term: "ACME" is already in the glossary \(item 1\)',
        ),
        (
            "glossary:\n  - {term: Acme, translate: false, translations: {fr: Acmé}}\n",
            r"presskit\.yaml:\d+:\d+: glossary(\.|\[)0\]?: a term kept as written \(translate: false\) takes no translations",
        ),
        (
            "glossary:\n  - {term: Acme}\n",
            r"presskit\.yaml:\d+:\d+: glossary(\.|\[)0\]?: give its translations per locale, or translate: false",
        ),
        (
            "glossary:\n  - {term: Acme, translat: false}\n",
            r'presskit\.yaml:\d+:\d+: glossary(\.|\[)0\]?\.translat: unknown field \(did you mean "translate"\?\)',
        ),
        (
            "i18n: {publish_at: eighty}\n",
            r"presskit\.yaml:\d+:\d+: i18n\.publish_at: must be a percentage from 0% to 100%, such as 80%",
        ),
        ("i18n: {publish_at: 120%}\n", r"i18n\.publish_at: must be a percentage from 0% to 100%"),
    ],
)
def test_a_bad_glossary_or_threshold_is_one_located_line(tmp_path: Path, text: str, expected: str) -> None:
    root = presskit_yaml_with(tmp_path, text)
    result = CliRunner().invoke(cli, ["check", str(root / "gta-2025")])
    assert result.exit_code == 1, result.output
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.output


def test_the_glossary_reaches_the_model(news: Path) -> None:
    from presskit.publish.inputs import load_release

    release = load_release(news / "gta-2025")
    kept, report = release.glossary
    assert kept == m.GlossaryTerm("WeProtect Global Alliance", True, (), "the alliance's registered name")
    assert report.rendering("fr") == report.rendering("fr-CA") == "Évaluation de la menace mondiale 2025"
    assert report.rendering("es") is None and kept.rendering("es") == "WeProtect Global Alliance"
    assert release.publish_at == 100.0


# -- finding a term -----------------------------------------------------------


def test_a_term_is_found_as_a_whole_word_only() -> None:
    acme = m.GlossaryTerm("Acme", keep=True)
    assert [o.start for o in find_terms("Acme and Acmeville, not acme; (Acme)", [acme])] == [0, 31]
    assert len(find_terms("我们与Acme合作", [acme])) == 1  # no spaces around words in Chinese
    longer = m.GlossaryTerm("Acme Labs", keep=True)
    [found] = find_terms("Acme Labs said", [acme, longer])
    assert found.term is longer


def test_an_altered_term_is_named_and_a_kept_one_is_not() -> None:
    kept = m.GlossaryTerm("Green Rivers Trust", keep=True)
    report = m.GlossaryTerm("The River Report", renderings=(("fr", "Le Rapport des rivières"),))
    source = ("Green Rivers Trust publishes The River Report.",)
    assert (
        altered_terms((kept, report), source, ("Green Rivers Trust publie Le Rapport des rivières.",), "fr")
        == []
    )
    assert altered_terms((kept, report), source, ("La Fondation publie The River Report.",), "fr") == [
        "the glossary keeps “Green Rivers Trust” as written; the fr translation alters it",
        "the glossary writes “The River Report” as “Le Rapport des rivières” in fr; the translation does not",
    ]
    assert altered_terms((report,), source, ("Anything",), "es") == []  # no rendering for Spanish


# -- translators' files -------------------------------------------------------


def unit_source(path: Path, ns: str, unit_id: str) -> etree._Element:
    root = etree.parse(str(path)).getroot()
    for source in root.iter(f"{{{ns}}}source"):
        holder = source.getparent()
        if ns == XLIFF20:
            holder = holder.getparent()
        if holder.get("resname") == unit_id or holder.get("name") == unit_id:
            return source
    raise AssertionError(unit_id)


def test_xliff12_marks_terms_protected_inside_source_and_notes_them(news: Path) -> None:
    result = run("i18n", "extract", str(news / "gta-2025"), "-l", "de")
    assert result.exit_code == 0, result.output
    path = news / "gta-2025" / "i18n" / "de.xlf"
    source = unit_source(path, XLIFF12, "standfirst")
    [mrk] = source.findall(f"{{{XLIFF12}}}mrk")
    assert (mrk.get("mtype"), mrk.text) == ("protected", "WeProtect Global Alliance")
    body = unit_source(path, XLIFF12, "body[0]")
    marks = {(k.get("mtype"), k.text, k.get("comment")) for k in body.iter(f"{{{XLIFF12}}}mrk")}
    assert marks == {
        ("protected", "WeProtect Global Alliance", None),
        ("term", "Global Threat Assessment 2025", "de: Globale Bedrohungsanalyse 2025"),
    }
    unit = body.getparent()
    notes = [n.text for n in unit.findall(f"{{{XLIFF12}}}note")]
    assert (
        "Glossary: write “Global Threat Assessment 2025” as “Globale Bedrohungsanalyse 2025”; "
        "keep “WeProtect Global Alliance” as written (the alliance's registered name)."
    ) in notes
    # translate-toolkit reads the marked file, and the marks change no source text or hash.
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(path.read_bytes())
    [standfirst] = [u for u in store.units if u.getid().endswith("standfirst")]
    assert "WeProtect Global Alliance report finds" in standfirst.source
    status = run("i18n", "status", str(news / "gta-2025"), "-l", "de", "--json")
    assert '"stale": 0' in status.output


def test_xliff2_marks_terms_translate_no(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "de.xliff"
    result = run("i18n", "extract", str(news / "gta-2025"), "-l", "de", "--format", "xliff2", "-o", str(out))
    assert result.exit_code == 0, result.output
    body = unit_source(out, XLIFF20, "body[0]")
    marks = {
        (k.get("translate"), k.get("type"), k.text, k.get("value")) for k in body.iter(f"{{{XLIFF20}}}mrk")
    }
    assert marks == {
        ("no", None, "WeProtect Global Alliance", None),
        (None, "term", "Global Threat Assessment 2025", "de: Globale Bedrohungsanalyse 2025"),
    }
    ids = [k.get("id") for k in body.iter(f"{{{XLIFF20}}}mrk")]
    assert all(ids) and len(set(ids)) == len(ids)


def test_po_notes_the_terms_and_a_tbx_lies_beside_the_file(news: Path, tmp_path: Path) -> None:
    from translate.storage import pypo, tbx

    out = tmp_path / "gta-2025.de.po"
    result = run(
        "i18n", "extract", str(news / "gta-2025"), "-l", "de", "--format", "po", "-o", str(out), "--json"
    )
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "gta-2025.de.tbx") in result.output
    store = pypo.pofile.parsestring(out.read_bytes())
    [standfirst] = [u for u in store.units if u.getcontext() == "standfirst"]
    assert "Glossary: keep “WeProtect Global Alliance” as written" in standfirst.getnotes("developer")
    glossary = tbx.tbxfile.parsestring((tmp_path / "gta-2025.de.tbx").read_bytes())
    terms = {(u.source, u.target, u.istranslatable()) for u in glossary.units}
    assert terms == {
        ("WeProtect Global Alliance", "WeProtect Global Alliance", False),
        ("Global Threat Assessment 2025", "Globale Bedrohungsanalyse 2025", True),
    }


def test_no_tbx_where_no_term_applies(tmp_path: Path) -> None:
    root = presskit_yaml_with(tmp_path, "glossary:\n  - {term: Acme, translations: {fr: Acmé}}\n")
    result = run("i18n", "extract", str(root / "gta-2025"), "-l", "de")
    assert result.exit_code == 0, result.output
    assert not (root / "gta-2025" / "i18n" / "de.tbx").exists()


# -- warnings -----------------------------------------------------------------


def test_merge_warns_about_an_altered_term_and_keeps_the_translation(news: Path, tmp_path: Path) -> None:
    returned = tmp_path / "fr.xlf"
    shutil.copy(news / "gta-2025" / "i18n" / "fr.xlf", returned)
    tree = etree.parse(str(returned))
    for unit in tree.getroot().iter(f"{{{XLIFF12}}}trans-unit"):
        if unit.get("id") == "standfirst":
            target = unit.find(f"{{{XLIFF12}}}target")
            target.text = target.text.replace("WeProtect Global Alliance", "l’Alliance mondiale WeProtect")
            line = unit.sourceline
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")
    result = run("i18n", "merge", str(news / "gta-2025"), str(returned))
    assert result.exit_code == 0, result.output
    assert (
        f"{returned}:{line}: warning: standfirst: the glossary keeps “WeProtect Global Alliance” as written; "
        "the fr translation alters it (keep the glossary's term (presskit.yaml, glossary:))"
    ) in result.stderr
    assert "1 updated" in result.stdout
    assert "l’Alliance mondiale WeProtect" in (news / "gta-2025" / "i18n" / "fr.xlf").read_text(
        encoding="utf-8"
    )


def test_check_and_build_name_each_altered_term(news: Path, tmp_path: Path) -> None:
    """The example's Arabic writes the alliance's name in Arabic, and its French the report's
    title otherwise in two places than the glossary: each such unit is named, in both commands."""
    checked = run("check", str(news / "gta-2025"), "--now", NOW)
    assert checked.exit_code == 0, checked.output
    lines = [line for line in checked.stderr.splitlines() if "the glossary" in line]
    located = r".*i18n/(ar|fr)\.xlf:\d+: warning: [\w.\[\]-]+: the glossary (keeps|writes) “"
    assert lines and all(re.match(located, line) for line in lines), lines
    assert any(
        "ar.xlf" in x and ": standfirst: the glossary keeps “WeProtect Global Alliance”" in x for x in lines
    )
    french = [line for line in lines if "fr.xlf" in line]
    assert french and all("“Global Threat Assessment 2025” as “Évaluation" in x for x in french)
    assert any(": assets[0].title: " in x for x in french)
    built = run(
        "build", str(news / "gta-2025"), "-o", str(tmp_path / "out"), "-l", "all", "-f", "txt", "--now", NOW
    )
    assert built.exit_code == 0, built.output
    assert [x for x in built.stderr.splitlines() if "the glossary" in x] == lines
    strict = run(
        "build",
        str(news / "gta-2025"),
        "-o",
        str(tmp_path / "strict"),
        "-l",
        "ar",
        "-f",
        "txt",
        "--now",
        NOW,
        "--strict",
    )
    assert strict.exit_code == 1 and "glossary keeps" in strict.output


def test_a_term_split_by_bold_is_still_checked(news: Path) -> None:
    """Marks go around text only; the check reads the words across inline codes."""
    from presskit.i18n.glossary import mark_terms

    source = etree.fromstring(
        f'<source xmlns="{XLIFF12}">The <g id="1">WeProtect</g> Global Alliance</source>'
    )
    before = copy.deepcopy(source)
    mark_terms(source, (m.GlossaryTerm("WeProtect Global Alliance", keep=True),), "fr", "1.2")
    assert etree.tostring(source) == etree.tostring(before)
    kept = m.GlossaryTerm("WeProtect Global Alliance", keep=True)
    assert altered_terms(
        (kept,), ("The ", "WeProtect", " Global Alliance"), ("La ", "WeProtect", " Alliance"), "fr"
    )


def test_a_word_joined_to_the_rendering_is_no_alteration() -> None:
    alliance = m.GlossaryTerm("WeProtect Global Alliance", renderings=(("ar", "تحالف WeProtect"),))
    source = ("WeProtect Global Alliance and its members",)
    assert altered_terms((alliance,), source, ("وتحالف WeProtect وأعضاؤه",), "ar") == []
