"""The head of a release: the time of issue ("Published: …") apart from the embargo, "Issued on
behalf of …" for an agency's client, a subheadline kept on its lines, and the wire theme's AP
dates, in every format, read back."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from presskit.errors import ValidationFailed
from presskit.i18n.units import apply_values, release_units
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme, load_theme
from tests.extract import EXTRACTORS, normalise

HEAD = (
    "slug: r\ndate: 2026-03-05\nheadline: Clinic network opens\nbody: The network opened.\n"
    "published: {at: '2026-03-05 15:00', timezone: Europe/Berlin}\n"
    "on_behalf_of: Northwind Health\n"
    "subheadline: |\n  Twelve clinics in three districts\n  Open seven days a week\n"
)


def folder_with(tmp_path: Path, text: str, locale: str = "en-GB") -> Path:
    (tmp_path / "presskit.yaml").write_text(
        f"organisation:\n  name: Brightline PR\ndefaults:\n  locale: {locale}\n", encoding="utf-8"
    )
    (tmp_path / "r").mkdir(exist_ok=True)
    (tmp_path / "r" / "release.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "r"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
@pytest.mark.parametrize(
    ("locale", "published", "behalf"),
    [
        ("en-GB", "Published: 14:00 GMT, Thursday 5 March 2026", "Issued on behalf of Northwind Health"),
        ("de", "Veröffentlicht: Donnerstag, 5. März 2026, 15:00 Uhr MEZ", "Herausgegeben im Auftrag von"),
        ("ja", "発表日時：2026年3月5日木曜日 23:00（JST）", "Northwind Healthの委託により配信"),
    ],
)
def test_the_head_states_the_time_of_issue_and_the_client(
    tmp_path: Path, theme: Theme, fmt: str, locale: str, published: str, behalf: str
) -> None:
    zone = {"en-GB": "Europe/London", "de": "Europe/Berlin", "ja": "Asia/Tokyo"}[locale]
    text = HEAD.replace("timezone: Europe/Berlin", f"timezone: {zone}").replace(
        "'2026-03-05 15:00'",
        {"en-GB": "'2026-03-05 14:00'", "de": "'2026-03-05 15:00'", "ja": "'2026-03-05 23:00'"}[locale],
    )
    release = load_release(folder_with(tmp_path, text, locale))
    shown = normalise(EXTRACTORS[fmt](render(fmt, release, theme, locale)))
    line, head, title = (
        shown.find(normalise(published)),
        shown.find(normalise(behalf)),
        shown.find("Clinic network"),
    )
    assert 0 <= line < title and 0 <= head < title, shown[:400]


def test_the_time_of_issue_is_no_embargo_and_both_are_stated(tmp_path: Path, theme: Theme) -> None:
    text = HEAD + "embargo: {at: '2026-03-06 00:01', timezone: Europe/Berlin}\ndate_placeholder: x\n"
    text = text.replace("date_placeholder: x\n", "").replace("date: 2026-03-05", "date: 2026-03-06")
    page = render("txt", load_release(folder_with(tmp_path, text)), theme, "en-GB").decode("utf-8")
    embargo, published = page.find("EMBARGOED UNTIL 00:01 CET"), page.find("Published: 15:00 CET")
    assert 0 <= embargo < published, page[:300]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "{at: '2026-03-06 09:00', timezone: Europe/Berlin}",
            "published (2026-03-06) after its date (2026-03-05)",
        ),
        ("'2026-03-05 15:00'", "has no time zone"),
        ("{at: '2026-03-29 02:30', timezone: Europe/Berlin}", "does not exist in Europe/Berlin"),
        ("{at: '2026-03-05 15:00', timezone: Mars/Olympus}", "timezone"),
        ("{at: '2026-03-05 15:00'}", "timezone: required"),
    ],
)
def test_a_wrong_time_of_issue_is_a_located_problem(tmp_path: Path, value: str, message: str) -> None:
    text = HEAD.replace("published: {at: '2026-03-05 15:00', timezone: Europe/Berlin}", f"published: {value}")
    with pytest.raises(ValidationFailed) as failed:
        load_release(folder_with(tmp_path, text))
    problems = [p.format() for p in failed.value.problems]
    assert any(message in p and "release.yaml:5" in p and "published" in p for p in problems), problems


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_a_subheadline_written_on_two_lines_keeps_them_in_every_format(
    tmp_path: Path, theme: Theme, fmt: str
) -> None:
    release = load_release(folder_with(tmp_path, HEAD))
    assert release.subheadline == "Twelve clinics in three districts\nOpen seven days a week"
    data = render(fmt, release, theme, "en-GB")
    if fmt == "html":
        assert (
            '<p class="subheadline">Twelve clinics in three districts<br>Open seven days a week</p>'
            in data.decode()
        )
    elif fmt == "docx":
        subtitle = next(p for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Subtitle")
        assert subtitle.text == "Twelve clinics in three districts\nOpen seven days a week"
        assert len(subtitle._p.xpath(".//w:br")) == 1
    else:
        from pypdf import PdfReader

        raw = PdfReader(io.BytesIO(data)).pages[0].extract_text() if fmt == "pdf" else data.decode("utf-8")
        lines = [line.strip() for line in raw.splitlines()]
        at = lines.index("Twelve clinics in three districts")
        assert lines[at + 1] == "Open seven days a week", lines[at - 2 : at + 3]


def test_a_subheadline_of_more_than_three_lines_is_refused(tmp_path: Path) -> None:
    text = HEAD.replace("  Open seven days a week\n", "  Open seven days a week\n  b\n  c\n")
    with pytest.raises(ValidationFailed) as failed:
        load_release(folder_with(tmp_path, text))
    assert any("subheadline" in p.format() and "at most 3" in p.format() for p in failed.value.problems)


def test_a_subheadline_over_lines_gives_no_warning_and_a_headline_over_lines_still_does(
    tmp_path: Path,
) -> None:
    from presskit.publish.inputs import load_release_with_warnings

    text = HEAD.replace("headline: Clinic network opens\n", "headline: |\n  Clinic network\n  opens\n")
    release, warnings = load_release_with_warnings(folder_with(tmp_path, text))
    assert release.headline == "Clinic network opens"
    messages = [w.format() for w in warnings]
    assert any("headline" in m and "written over 2 lines" in m for m in messages), messages
    assert not any(": subheadline:" in m for m in messages), messages


def test_the_client_is_a_translation_unit(tmp_path: Path, theme: Theme) -> None:
    release = load_release(folder_with(tmp_path, HEAD))
    assert "on_behalf_of" in {unit.id for unit in release_units(release)}
    french = apply_values(release, {"on_behalf_of": "Santé Northwind"})
    assert "Diffusé pour le compte de Santé Northwind" in render("txt", french, theme, "fr").decode("utf-8")


def test_the_wire_theme_writes_the_embargo_and_time_of_issue_in_ap_style(tmp_path: Path) -> None:
    text = (
        "slug: r\nlocale: en-US\ndate: 2025-11-11\nheadline: Co-op grows\nbody: It grew.\ndateline: Austin, Texas\n"
        "embargo: {at: '2025-11-11 00:01', timezone: America/Chicago}\nembargo_zones: [America/New_York]\n"
        "published: {at: '2025-11-10 15:00', timezone: America/Chicago}\n"
    )
    release = load_release(folder_with(tmp_path, text, "en-US"))
    wire = load_theme("wire")
    page = render("txt", release, wire, "en-US").decode("utf-8")
    flat = " ".join(page.split())
    assert (
        "EMBARGOED UNTIL 12:01 a.m. CST, Tuesday, Nov. 11, 2025 = 1:01 a.m. EST Tuesday, Nov. 11" in flat
    ), flat[:300]
    assert "Published: 3 p.m. CST, Monday, Nov. 10, 2025" in flat
    assert "AUSTIN, Texas, Nov. 11, 2025 --" in flat
    default = render("txt", release, load_theme("default"), "en-US").decode("utf-8")
    assert "EMBARGOED UNTIL 00:01 CST, Tuesday, November 11, 2025" in " ".join(default.split())


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("00:00", "midnight"),
        ("12:00", "noon"),
        ("00:01", "12:01 a.m."),
        ("15:00", "3 p.m."),
        ("10:30", "10:30 a.m."),
    ],
)
def test_ap_times(moment: str, expected: str) -> None:
    import datetime as dt

    from presskit.words.issuing import ap_time

    assert ap_time(dt.datetime.fromisoformat(f"2025-01-01T{moment}")) == expected


def test_french_datelines_write_le_before_the_date(tmp_path: Path, theme: Theme) -> None:
    text = "slug: r\nlocale: fr\ndate: 2025-04-15\ndateline: Lyon\nheadline: Vélo\nbody: La région compte.\n"
    page = render("txt", load_release(folder_with(tmp_path, text, "fr")), theme, "fr").decode("utf-8")
    assert "LYON, le 15 avril 2025 – La région compte." in " ".join(page.split()) or (
        "Lyon, le 15 avril 2025 – La région compte." in " ".join(page.split())
    )


@pytest.mark.parametrize(
    ("locale", "client", "shown"),
    [
        ("fr", "Le Centre hospitalier", "Diffusé pour le compte du Centre hospitalier"),
        ("fr", "Les Amis du musée", "Diffusé pour le compte des Amis du musée"),
        ("fr", "La Poste", "Diffusé pour le compte de La Poste"),
        ("it", "Il Museo civico", "Diffuso per conto del Museo civico"),
        ("it", "L'Espresso", "Diffuso per conto dell'Espresso"),
    ],
)
def test_the_client_is_named_with_the_languages_contractions(
    tmp_path: Path, theme: Theme, locale: str, client: str, shown: str
) -> None:
    """As the About heading is ("À propos du Centre…"): the catalogue's contractions apply."""
    text = HEAD.replace("on_behalf_of: Northwind Health", f"on_behalf_of: {client}")
    release = load_release(folder_with(tmp_path, text, locale))
    assert shown in render("txt", release, theme, locale).decode("utf-8")
