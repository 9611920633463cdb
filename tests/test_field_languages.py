"""`presskit.renderers.languages`: which words of a composed line are a field left untranslated."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from presskit import model as m
from presskit.i18n.units import apply_values
from presskit.publish.inputs import load_release
from presskit.renderers.languages import field_inlines, field_runs, untranslated_fields, whole_language

RELEASE = """\
slug: r
date: 2026-03-02
dateline: Leeds
headline: Solar farm opens
body: The farm opened today.
contacts:
  - name: Jo Rivera
    role: Press
    phones:
      - {number: 07700 900 418, label: "Today:"}
  - name: Ana Ruiz
    role: Press Officer
"""


@pytest.fixture
def release(tmp_path: Path) -> m.Release:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: Lone Star Solar\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(RELEASE, encoding="utf-8")
    return load_release(tmp_path / "r")


def edition(release: m.Release, locale: str, values: dict[str, str]) -> m.Release:
    return apply_values(dataclasses.replace(release, locale=locale), values, untranslated_in="en-GB")


def contact_id(release: m.Release, index: int) -> str:
    return f"contacts.{release.contacts[index].id}"


def test_the_release_in_its_own_language_has_no_runs_to_mark(release: m.Release) -> None:
    assert untranslated_fields(release) == {}
    assert field_runs("LEEDS, 2 March 2026 –", release, "dateline") == (("LEEDS, 2 March 2026 –", None),)
    assert field_inlines("", release, "dateline") == ()


def test_a_field_is_found_as_written_in_capitals_and_without_its_colon(release: m.Release) -> None:
    french = edition(release, "fr", {"headline": "Une ferme solaire ouvre"})
    assert (
        "headline" not in untranslated_fields(french) and untranslated_fields(french)["dateline"] == "Leeds"
    )
    assert field_runs("LEEDS, 2 mars 2026 –", french, "dateline") == (
        ("LEEDS", "en-GB"),
        (", 2 mars 2026 –", None),
    )
    jo = contact_id(french, 0)
    assert field_runs("Today : 07700 900 418", french, jo) == (("Today", "en-GB"), (" : 07700 900 418", None))
    assert whole_language("Leeds", french, "dateline") == "en-GB"
    assert whole_language("Leeds, le 2 mars", french, "dateline") is None


def test_a_field_is_never_found_inside_a_longer_word_or_under_another_field(release: m.Release) -> None:
    french = edition(release, "fr", {})
    jo, ana = contact_id(french, 0), contact_id(french, 1)
    # "Press" is Jo's role: not the start of "Pressure", and not looked for in Ana's lines.
    assert field_runs("Pressure group", french, jo) == (("Pressure group", None),)
    assert field_runs("Press Officer", french, ana) == (("Press Officer", "en-GB"),)
    assert field_runs("Press, Lone Star Solar", french, jo)[0] == ("Press", "en-GB")
    # A prefix names its own units only: contacts.x is not contacts.xy.
    assert field_runs("Press", french, jo + "y") == (("Press", None),)


def test_a_field_joined_to_words_of_another_script_is_found(release: m.Release) -> None:
    arabic = edition(release, "ar", {})
    ana = contact_id(arabic, 1)
    assert field_runs("وPress Officer، شركة", arabic, ana) == (
        ("و", None),
        ("Press Officer", "en-GB"),
        ("، شركة", None),
    )
    japanese = edition(release, "ja", {})
    assert field_runs("Leeds発、2026年3月2日", japanese, "dateline")[0] == ("Leeds", "en-GB")


def test_inlines_wrap_what_stays_in_the_release_language(release: m.Release) -> None:
    french = edition(release, "fr", {})
    assert field_inlines("LEEDS, le 2 mars 2026 –", french, "dateline") == (
        m.Foreign("en-GB", (m.Text("LEEDS"),)),
        m.Text(", le 2 mars 2026 –"),
    )
