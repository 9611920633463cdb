"""The same release says the same thing, in the same order, in every format."""

from __future__ import annotations

import pytest

from presskit import model as m
from presskit.renderers import FORMATS, render
from presskit.words.issuing import release_line
from presskit.words.wording import attribution, dateline, format_statistic, plain_inlines, type_label
from tests.extract import EXTRACTORS, documents, normalise, positions


def expected_markers(release: m.Release) -> list[str]:
    """Every element of the anatomy, in the order DESIGN.md §2 gives (first words where long)."""

    def words(text: str, count: int = 8) -> str:
        return " ".join(text.split()[:count])

    markers = [release_line(release, release.locale), type_label(release, release.locale), release.headline]
    markers.append(words(plain_inlines(release.standfirst, release, release.locale)))
    markers += [
        words(plain_inlines(h, release, release.locale, sources="none"), 3) for h in release.highlights
    ]
    markers.append(dateline(release, release.locale).rstrip(" –"))
    for block in release.body:
        if isinstance(block, m.Heading):
            markers.append(plain_inlines(block.children, release, release.locale))
        elif isinstance(block, m.QuoteRef):
            quote = release.quotes[block.quote_id]
            markers.append(words(plain_inlines(quote.text, release, release.locale)))
            markers.append(attribution(quote.speaker, release.locale))
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                (para,) = item
                assert isinstance(para, m.Paragraph)
                markers.append(plain_inlines(para.children, release, release.locale))
    assert release.call_to_action and release.press_kit
    markers += [release.call_to_action.text, release.end_mark, "Notes to editors"]
    markers += [f"About {release.organisation.name}", release.contacts[0].name, "Sources"]
    markers += [s.name for s in release.sources]
    markers += [release.assets[0].title or "", release.press_kit.text]
    return markers


@pytest.mark.parametrize("fmt", sorted(documents()))
def test_every_format_shows_every_element_in_order(example_release: m.Release, theme, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = EXTRACTORS[fmt](render(fmt, example_release, theme, example_release.locale))
    markers = expected_markers(example_release)
    found = positions(text, markers)
    missing = [marker for marker, at in zip(markers, found, strict=True) if at < 0]
    assert not missing, f"{fmt}: missing or out of order: {missing}"


def test_every_whole_document_has_an_extractor() -> None:
    assert set(documents()) == set(EXTRACTORS)
    assert set(FORMATS) - set(documents()) == {"vcard", "factsheet", "factsheet-html", "social"}


# The fact sheet is the statistics alone: read as its kind of document is read
FACT_SHEETS = {"factsheet": EXTRACTORS["pdf"], "factsheet-html": EXTRACTORS["html"]}


@pytest.mark.parametrize("locale", ["en-GB", "fr", "ar"])
def test_statistics_read_the_same_everywhere(
    locale: str, example_editions: dict[str, m.Release], theme
) -> None:  # type: ignore[no-untyped-def]
    edition = example_editions[locale]
    values = [format_statistic(stat, locale) for stat in edition.statistics.values()]
    assert len(values) == 6
    for fmt, extract in {**{f: EXTRACTORS[f] for f in documents()}, **FACT_SHEETS}.items():
        text = extract(render(fmt, edition, theme, locale))
        found = positions(text, [normalise(value) for value in values])
        assert -1 not in found and found == sorted(found), f"{fmt} ({locale}): {values} at {found}"
