"""The plain-text renderer: wrapping, order, citations, and hostile input."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presskit import model as m
from presskit.model import Release
from presskit.renderers import FORMATS
from presskit.renderers import text as text_renderer
from presskit.renderers.text import display_width, wrap
from presskit.themes.theme import Theme

URL = re.compile(r"<?(?:https?://|mailto:)\S+")


def render(release: Release, theme: Theme, locale: str = "en-GB") -> str:
    data = text_renderer.render(release, theme, locale)
    return data.decode("utf-8")


def paragraph(*inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(tuple(inlines))


def overlong_lines(text: str, width: int) -> list[str]:
    """Lines wider than `width` that are not a single unbreakable URL."""
    return [
        line
        for line in text.split("\n")
        if display_width(line) > width and not (len(line.split()) <= 2 and URL.search(line.split()[-1]))
    ]


@pytest.fixture(scope="module")
def output(example_release: Release, theme: Theme) -> str:
    return render(example_release, theme)


def test_registered_as_the_txt_format() -> None:
    assert FORMATS["txt"].renderer() is text_renderer.render


def test_lines_fit_the_theme_width(output: str, theme: Theme) -> None:
    assert theme.spec.text_width == 72
    assert overlong_lines(output, 72) == []
    # The one long line in the example is a source URL, left whole.
    (long_line,) = [line for line in output.split("\n") if len(line) > 72]
    assert long_line == "    <https://www.missingkids.org/gethelpnow/cybertipline/cybertiplinedata>"


def test_plain_utf8_with_a_final_newline(example_release: Release, theme: Theme) -> None:
    data = text_renderer.render(example_release, theme, "en-GB")
    text = data.decode("utf-8")
    assert "\r" not in text and "\t" not in text
    assert text.endswith(">\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_order_of_content(output: str) -> None:
    markers = [
        "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025",
        "\nMEDIA RELEASE\n",
        "\nWeProtect Global Alliance\n",
        "\nExperts unveil practical plan",
        "\n=====",
        "\nWeProtect Global Alliance report finds",
        "\n* There was a 1,325% [1] rise",
        "\nLONDON, 11 December 2025 – The Global Threat Assessment 2025, launched",
        "\n“The Global Threat Assessment 2025 shows",
        "\n— Iain Drennan, Executive Director, WeProtect Global Alliance\n",
        "\nTechnological drivers of abuse\n------------------------------\n",
        "\nSocietal drivers of abuse\n",
        "\n* Child participation and leadership\n* Community education and support\n",
        "\n— Cassie Landers, EdD, MPH, Assistant Professor",
        "\nTo access the full Global Threat Assessment 2025",
        "-Ends-\n",
        "\nNOTES TO EDITORS\n",
        "\n1. The Global Threat Assessment 2025 was researched",
        "\nABOUT WEPROTECT GLOBAL ALLIANCE\n",
        "\nMEDIA CONTACTS\n",
        "\nPoppy Reid\nPress Office, WeProtect Global Alliance\nEmail: media@weprotectga.org\n",
        "\nSOURCES\n",
        "\n[1] NCMEC, CyberTipline data\n",
        "\nIMAGES AND DOCUMENTS\n",
        "\n* Global Threat Assessment 2025 cover.",
        "\nPress kit: GTA25 Press Kit\n<https://www.weprotect.org/global-threat-assessment-25/>\n",
    ]
    positions = [output.index(marker) for marker in markers]
    assert positions == sorted(positions)


def test_statistics_carry_endnote_numbers(output: str) -> None:
    for cited in ("1,325% [1]", "13% [2]", "60% [3]", "100 [1]", "11% [4]", "US$5 billion [4]"):
        assert cited in " ".join(output.split())
    sources = output[output.index("\nSOURCES\n") :]
    assert re.findall(r"^\[(\d)\]", sources, re.MULTILINE) == ["1", "2", "3", "4"]
    assert "[3] OECD <https://www.oecd.org/>" in sources
    assert "[2] Slater SO et al.\n" in sources


def test_inline_sources_name_the_source(example_release: Release, theme: Theme) -> None:
    inline = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"sources": "inline"}))
    output = render(example_release, inline)
    assert "* There was a 1,325% (NCMEC) rise" in output
    assert "[1]" not in output.split("\nSOURCES\n")[0]


def test_end_mark_is_centred_on_its_own_line(output: str) -> None:
    (line,) = [line for line in output.split("\n") if "-Ends-" in line]
    assert line == " " * 33 + "-Ends-"


def test_highlights_hang_under_their_bullet(output: str) -> None:
    assert "* There was a 1,325% [1] rise in reports linked to AI-generated child\n  sexual abuse" in output


def test_headline_is_underlined_to_its_longest_line(output: str) -> None:
    lines = output.split("\n")
    rule = next(i for i, line in enumerate(lines) if line.startswith("==="))
    assert lines[rule - 2 : rule] == [
        "Experts unveil practical plan to end technology-facilitated child sexual",
        "abuse crisis: Global Threat Assessment 2025",
    ]
    assert lines[rule] == "=" * 72


def test_quotes_are_quoted_and_attributed(output: str) -> None:
    assert "accessible and practical tool to enable that.”\n— Iain Drennan" in output
    assert (
        "— Cassie Landers, EdD, MPH, Assistant Professor and Director of the CPC\n"
        "  Learning Network, Columbia University\n"
    ) in output


def test_links_show_their_url(output: str) -> None:
    assert "Find out more at weprotect.org\n<https://www.weprotect.org/>." in output
    assert "visit: https://www.weprotect.org/global-threat-assessment-25/\n" in output  # the URL once


def test_matches_golden(output: str, golden: Any) -> None:
    golden.check("gta-2025.txt", output)


def test_byte_identical_across_renders(example_release: Release, theme: Theme) -> None:
    first = text_renderer.render(example_release, theme, "en-GB")
    assert text_renderer.render(example_release, theme, "en-GB") == first


def test_follows_the_theme_width(example_release: Release, theme: Theme) -> None:
    narrow = dataclasses.replace(theme, spec=theme.spec.model_copy(update={"text_width": 50}))
    output = render(example_release, narrow)
    assert overlong_lines(output, 50) == []
    assert max(len(line) for line in output.split("\n") if not URL.search(line)) == 50


# --------------------------------------------------------------------------
# Blocks of every kind


def test_blocks_of_every_kind(example_release: Release, theme: Theme) -> None:
    nested = m.ListBlock(False, 1, ((paragraph(m.Text("inner")),),))
    body = (
        paragraph(m.Strong((m.Text("Bold"),)), m.Text(" and "), m.Emphasis((m.Text("italic"),))),
        m.Heading(2, (m.Text("Detail"),)),
        m.ListBlock(True, 9, ((paragraph(m.Text("nine")), nested), (paragraph(m.Text("ten")),))),
        m.BlockQuote((paragraph(m.Text("quoted"), m.LineBreak(), m.Text("second line")),)),
        m.Preformatted("code  keeps   spacing\n"),
        paragraph(m.Link("mailto:desk@example.com", (m.Text("desk@example.com"),)), m.Code(" <b> ")),
    )
    output = render(dataclasses.replace(example_release, body=body), theme)
    assert "LONDON, 11 December 2025 – Bold and italic\n\nDetail\n------\n" in output
    assert " 9. nine\n    * inner\n10. ten\n" in output
    assert "> quoted\n> second line\n" in output
    assert "\n    code  keeps   spacing\n" in output
    assert "\ndesk@example.com <b>\n" in output


def test_table_as_columns_when_it_fits(example_release: Release, theme: Theme) -> None:
    table = m.Table(
        header=(m.TableCell((m.Text("Region"),)), m.TableCell((m.Text("Reports"),), "right")),
        rows=(
            (m.TableCell((m.Text("Europe"),)), m.TableCell((m.Text("1,200"),), "right")),
            (m.TableCell((m.Text("Asia-Pacific"),)), m.TableCell((m.Text("13,400"),), "right")),
        ),
    )
    output = render(dataclasses.replace(example_release, body=(*example_release.body, table)), theme)
    assert (
        "Region        Reports\n------------  -------\nEurope          1,200\nAsia-Pacific   13,400\n"
        in output
    )


def test_table_as_records_when_too_wide(example_release: Release, theme: Theme) -> None:
    header = tuple(m.TableCell((m.Text(f"Heading number {n}"),)) for n in range(5))
    table = m.Table(header=header, rows=((*(m.TableCell((m.Text(f"value {n}"),)) for n in range(5)),),))
    output = render(dataclasses.replace(example_release, body=(*example_release.body, table)), theme)
    assert "Heading number 0: value 0\nHeading number 1: value 1\n" in output


def test_dateline_alone_when_the_body_has_no_paragraph(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, body=(m.Heading(1, (m.Text("Heading"),)),))
    assert "\nLONDON, 11 December 2025 –\n\nHeading\n-------\n" in render(release, theme)


# --------------------------------------------------------------------------
# Wrapping


def test_long_urls_are_never_broken(example_release: Release, theme: Theme) -> None:
    url = "https://example.org/" + "a-long-path-segment/" * 5
    body = (paragraph(m.Text("Read the report at "), m.Link(url, (m.Text("the site"),)), m.Text(" today.")),)
    output = render(dataclasses.replace(example_release, body=body), theme)
    assert f"Read the report at the site\n<{url}>\ntoday.\n" in output


def test_long_words_are_cut() -> None:
    assert wrap("x" * 100, 40).split("\n") == ["x" * 40, "x" * 40, "x" * 20]


def test_wide_characters_count_two_columns() -> None:
    text = "世界子供の安全を守るための新しい枠組みが発表されました。" * 4
    lines = wrap(text, 30).split("\n")
    assert all(display_width(line) <= 30 for line in lines)
    assert "".join(lines) == text
    assert not any(line.startswith("。") for line in lines)


def test_no_break_spaces_hold() -> None:
    assert wrap("aaaa bbbb 5\u00a0billion", 11) == "aaaa bbbb\n5\u00a0billion"


def test_hanging_indent() -> None:
    assert wrap("one two three four", 9, "* ", "  ") == "* one two\n  three\n  four"


# --------------------------------------------------------------------------
# Hostile input: text is never HTML and data is never a template

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% raw %} & "><img src=x onerror=alert(2)>'


def test_hostile_text_is_literal(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(
        example_release,
        headline=HOSTILE,
        body=(paragraph(m.Text(HOSTILE)), *example_release.body),
        end_mark="{{ end_mark }}",
    )
    output = render(release, theme)
    assert "<script>alert(1)</script> {{ 7*7 }} {% raw %} &" in output
    assert "&amp;" not in output and "&lt;" not in output
    assert "49" not in output.split("\n")[5]
    assert "{{ end_mark }}" in output


def test_control_characters_are_removed(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, headline="Bell\x07 null\x00 escape\x1b[31m\r\nCR\x85")
    output = render(release, theme)
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output) is None
    assert "Bell null escape[31m\nCR\n" in output


unicode_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=unicode_text)
def test_any_unicode_wraps_within_the_width(example_release: Release, theme: Theme, text: str) -> None:
    release = dataclasses.replace(example_release, headline=text, body=(paragraph(m.Text(text)),))
    output = render(release, theme)
    assert output.endswith("\n") and "\r" not in output
    assert overlong_lines(output, 72) == []
