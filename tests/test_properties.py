"""Property tests: arbitrary Unicode in every text field, through the loader and every renderer.

For each example, the outcome is a validation error (`ValidationFailed`) or, for each format, a
document whose extracted text contains every text field's value after the documented normalisation
(NFKC, whitespace collapsed, Unicode's default-ignorable characters such as the soft hyphen and
zero-width joiners removed, since a page does not show them; characters no installed font covers are
allowed to be missing from the PDF, where presskit warns about them; in the PDF, whitespace is ignored
altogether, since text extraction may put a space between glyph clusters that are positioned one by
one, as in scripts HarfBuzz shapes cluster by cluster). Markdown fields get the value with its ASCII punctuation
backslash-escaped, which CommonMark defines as the literal characters. 300 examples per renderer.
"""

from __future__ import annotations

import io
import string
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.fonts import coverage_problems
from tests.extract import EXTRACTORS, normalise

EXAMPLES = 300

# Any character a person could type: no controls, surrogates, private use or unassigned code points
# (the loader refuses the first two; the rest no font can show).
typed = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"))
# A value never starts with a combining mark: with no base character before it, a mark is drawn on
# HarfBuzz's dotted circle (or on the quotation mark before it), which is not text a person types.
values = st.text(typed, min_size=1, max_size=24).filter(
    lambda s: s.strip() != "" and not unicodedata.category(s.strip()[0]).startswith("M")
)

PLAIN_FIELDS: dict[str, tuple[str | int, ...]] = {
    "headline": ("headline",),
    "subheadline": ("subheadline",),
    "speaker": ("quotes", "q", "speaker", "name"),
    "contact": ("contacts", 0, "name"),
    "label": ("statistics", "s", "label"),
    "source": ("statistics", "s", "source", "name"),
    "cta": ("call_to_action", "text"),
}
MARKDOWN_FIELDS: dict[str, tuple[str | int, ...]] = {
    "standfirst": ("standfirst",),
    "highlight": ("highlights", 0),
    "quote": ("quotes", "q", "text"),
}


# Unicode's Default_Ignorable_Code_Point ranges: formatting characters no reader sees.
IGNORABLE = [
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
]


def visible(text: str) -> str:
    return "".join(c for c in text if not any(lo <= ord(c) <= hi for lo, hi in IGNORABLE))


def markdown_literal(text: str) -> str:
    """`text` as Markdown that means exactly `text` (one line)."""
    escaped = "".join("\\" + c if c in string.punctuation else c for c in " ".join(text.split()))
    return escaped


def release_yaml(fields: dict[str, str]) -> bytes:
    data: dict[str, Any] = {
        "slug": "prop",
        "date": "2026-03-02",
        "headline": "H",
        "subheadline": "S",
        "standfirst": "S",
        "highlights": ["K {stat:s}"],
        "statistics": {"s": {"value": 41, "unit": "percent", "label": "L", "source": {"name": "N"}}},
        "body": "Body {stat:s}.\n\n{quote:q}",
        "quotes": {"q": {"text": "Q", "speaker": {"name": "P"}, "approved": True}},
        "call_to_action": {"text": "C", "url": "https://example.org/"},
        "contacts": [{"name": "A", "email": "a@example.org"}],
        "organisation": {"name": "Org"},
    }
    for key, path in {**PLAIN_FIELDS, **MARKDOWN_FIELDS}.items():
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = markdown_literal(fields[key]) if key in MARKDOWN_FIELDS else fields[key]
    out = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.width = 10**6
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


fields_strategy = st.fixed_dictionaries({key: values for key in {**PLAIN_FIELDS, **MARKDOWN_FIELDS}})


def uncovered(release: m.Release, theme: Any) -> set[str]:
    """The characters presskit warned no font covers."""
    return {
        chr(int(p.message.split()[0][2:], 16))
        for p in coverage_problems(release, theme)
        if p.message.startswith("U+")
    }


def check_format(fmt: str, fields: dict[str, str], tmp: Path, theme: Any) -> None:
    folder = tmp / "r"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.yaml").write_bytes(release_yaml(fields))
    try:
        release = load_release(folder)
    except ValidationFailed as failed:
        assert failed.problems, "a validation error names its problems"
        return
    shown = visible(EXTRACTORS[fmt](render(fmt, release, theme, release.locale)))
    missing_glyphs = uncovered(release, theme) if fmt == "pdf" else set()
    # What an uncovered character shows as (a fallback glyph or nothing) is not compared.
    shown = "".join(c for c in shown if c not in normalise("".join(missing_glyphs)))
    if fmt == "pdf":
        shown = "".join(shown.split())
    for key, value in fields.items():
        wanted = normalise(visible("".join(c for c in value if c not in missing_glyphs)))
        if fmt == "pdf":
            wanted = "".join(wanted.split())
        if not wanted:
            continue
        assert wanted in shown, f"{fmt}: {key}={value!r} (normalised {wanted!r}) not in the output"


@pytest.mark.parametrize("fmt", sorted(EXTRACTORS))
def test_arbitrary_unicode_renders_or_is_refused(
    fmt: str, theme: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same examples on every CI run; a failure is reproducible
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(fields=fields_strategy)
    def run(fields: dict[str, str]) -> None:
        check_format(fmt, fields, tmp_path_factory.mktemp(fmt), theme)

    run()
