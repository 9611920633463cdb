"""The example release loads into the model it should; JSON and YAML agree; Markdown maps right."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.publish.inputs import load_release, load_release_with_warnings
from presskit.source.dump import to_json
from tests.conftest import EXAMPLE, ROOT


def model_json(release: m.Release, base: Path = ROOT) -> str:
    data = to_json(release, base)
    data.pop("source_path")
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def test_example_matches_its_golden_dump(example_release: m.Release, golden) -> None:  # type: ignore[no-untyped-def]
    golden.check("gta-2025.model.json", model_json(example_release))


def test_example_carries_every_element_of_the_seed(example_release: m.Release) -> None:
    r = example_release
    assert r.type == "media-release" and r.date.isoformat() == "2025-12-11"
    assert r.headline.startswith("Experts unveil practical plan")
    assert len(r.highlights) == 3
    assert [s.name for s in r.sources] == ["NCMEC", "Slater SO et al.", "OECD", "Safe Online"]
    assert set(r.statistics) == {
        "ai-csam-rise",
        "youth-access",
        "platforms-silent",
        "sextortion-daily",
        "gdp-cost",
        "incarceration-cost",
    }
    headings = [b for b in r.body if isinstance(b, m.Heading)]
    assert len(headings) == 3
    lists = [b for b in r.body if isinstance(b, m.ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 4
    assert [b.quote_id for b in r.body if isinstance(b, m.QuoteRef)] == ["drennan", "landers"]
    assert r.quotes["landers"].speaker.post_nominals == ("EdD", "MPH")
    assert r.quotes["landers"].speaker.roles == (
        "Assistant Professor",
        "Director of the CPC Learning Network",
    )
    assert r.call_to_action and r.call_to_action.url.startswith("https://www.weprotect.org/")
    assert r.end_mark == "-Ends-"
    assert [c.name for c in r.contacts] == ["Poppy Reid"] and r.contacts[0].email == "media@weprotectga.org"
    assert r.press_kit and r.press_kit.text == "GTA25 Press Kit"
    assert r.organisation.logo and r.organisation.logo.is_file()
    assert r.organisation.boilerplate
    assert r.embargo and r.embargo.at.isoformat() == "2025-12-11T00:01:00+00:00"
    assert r.assets[0].kind == "image" and r.assets[0].alt


def test_example_has_no_warnings() -> None:
    assert load_release_with_warnings(EXAMPLE)[1] == []


def test_json_input_gives_the_same_model(tmp_path: Path, example_release: m.Release) -> None:
    newsroom = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", newsroom)
    yaml_file = newsroom / "gta-2025" / "release.yaml"
    data = YAML(typ="safe").load(yaml_file.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    (newsroom / "gta-2025" / "release.json").write_text(
        json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    yaml_file.unlink()
    from_json = load_release(newsroom / "gta-2025")
    assert model_json(from_json, tmp_path) == model_json(example_release)


def write_release(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.yaml").write_text(text, encoding="utf-8")
    return folder


STANDALONE = """\
slug: standalone
date: 2026-03-02
headline: Survey finds more plastic
organisation: {name: Marine Lab, url: "https://example.org/"}
contacts:
  - {name: Sam Lee, email: sam@example.org, phone: "+44 20 7946 0000"}
body: |
"""


def body_of(tmp_path: Path, markdown: str) -> m.Blocks:
    text = STANDALONE + "".join(f"  {line}\n" if line else "\n" for line in markdown.splitlines())
    return load_release(write_release(tmp_path / "r", text)).body


def test_a_release_can_stand_alone_with_an_inline_organisation(tmp_path: Path) -> None:
    release = load_release(write_release(tmp_path / "r", STANDALONE + "  Text.\n"))
    assert release.organisation.name == "Marine Lab"
    assert release.contacts[0].phone == "+44 20 7946 0000"
    assert release.locale == "en-GB" and release.embargo is None


def test_markdown_tables_become_model_tables(tmp_path: Path) -> None:
    (table,) = body_of(tmp_path, "| Year | Reports |\n|:-----|------:|\n| 2023 | 4,700 |\n| 2024 | 67,000 |")
    assert isinstance(table, m.Table)
    assert [c.children for c in table.header] == [(m.Text("Year"),), (m.Text("Reports"),)]
    assert [c.align for c in table.rows[1]] == ["left", "right"]
    assert table.rows[1][1].children == (m.Text("67,000"),)


def test_nested_and_numbered_lists(tmp_path: Path) -> None:
    (block,) = body_of(tmp_path, "3. one\n4. two\n   - inner")
    assert isinstance(block, m.ListBlock) and block.ordered and block.start == 3
    assert isinstance(block.items[1][1], m.ListBlock) and not block.items[1][1].ordered


def test_inline_markup_and_links(tmp_path: Path) -> None:
    (para,) = body_of(tmp_path, "A **bold** and *italic* [link](https://example.org/x) `code`")
    assert isinstance(para, m.Paragraph)
    assert m.Strong((m.Text("bold"),)) in para.children
    assert m.Emphasis((m.Text("italic"),)) in para.children
    assert m.Link("https://example.org/x", (m.Text("link"),)) in para.children
    assert m.Code("code") in para.children


def test_raw_html_and_script_links_stay_literal_text(tmp_path: Path) -> None:
    (para,) = body_of(tmp_path, '<script>alert(1)</script> [x](javascript:alert(1)) "><img onerror=x>')
    assert isinstance(para, m.Paragraph)
    assert para.children == (m.Text('<script>alert(1)</script> [x](javascript:alert(1)) "><img onerror=x>'),)


def test_headings_map_to_two_levels(tmp_path: Path) -> None:
    blocks = body_of(tmp_path, "# One\n\n## Two\n\n### Three\n\n#### Four")
    assert [b.level for b in blocks if isinstance(b, m.Heading)] == [1, 1, 2, 2]


@pytest.mark.parametrize(
    ("embargo", "expected"),
    [
        ("2026-03-02T00:01:00+00:00", "2026-03-02T00:01:00+00:00"),
        ("2026-03-02T00:01:00Z", "2026-03-02T00:01:00+00:00"),
        ('{at: "2026-03-02 00:01", timezone: Europe/London}', "2026-03-02T00:01:00+00:00"),
        ('{at: "2026-03-01 19:01", timezone: America/New_York}', "2026-03-01T19:01:00-05:00"),
        ('{at: "2026-03-02 05:31", timezone: Asia/Kolkata}', "2026-03-02T05:31:00+05:30"),
    ],
)
def test_embargo_forms(tmp_path: Path, embargo: str, expected: str) -> None:
    release = load_release(write_release(tmp_path / "r", f"embargo: {embargo}\n" + STANDALONE + "  Text.\n"))
    assert release.embargo is not None
    assert release.embargo.at.isoformat() == expected


def test_problems_in_the_newsroom_file_are_located(tmp_path: Path) -> None:
    (tmp_path / "presskit.yaml").write_text("organisation:\n  nme: X\n", encoding="utf-8")
    write_release(tmp_path / "r", "slug: r\ndate: 2026-03-02\nheadline: H\nbody: B\n")
    with pytest.raises(ValidationFailed) as failed:
        load_release(tmp_path / "r")
    messages = [p.format(tmp_path) for p in failed.value.problems]
    assert messages == [
        "presskit.yaml:2:3: organisation.name: required (add name: to organisation)",
        'presskit.yaml:2:3: organisation.nme: unknown field (did you mean "name"?)',
    ]
