"""The fact sheet: a release's statistics on one page, as PDF (`pdf`) and as a web page (`html`).

Each figure is shown as the release shows it in its text, its value formatted by
`presskit.words.wording.format_statistic`, with what it measures, the period it
describes and the number of its source (the sources numbered as in the release);
then the sources, and the contacts at the foot. The head is the release's own: its
release line (so the embargo, while there is one, in the shared wording), type label,
logo and headline. A release without statistics has no fact sheet: the format table
says the formats need `statistics`, and the renderers are never asked for one.
"""

from __future__ import annotations

from dataclasses import dataclass

from presskit import model as m
from presskit.words import wording
from presskit.words.labels import label

# The labels of the figures' columns, in reading order.
COLUMN_LABELS = ("factsheet_value", "factsheet_measure", "factsheet_as_of", "factsheet_source")


@dataclass(frozen=True)
class Fact:
    """One statistic as the fact sheet's row shows it."""

    id: str  # the statistic's key: its fields' unit ids are `statistics.<id>.label` and `.as_of`
    value: str  # `1,325%`, `5 milliards $US`
    measure: str  # what it measures (its label)
    as_of: str | None  # the period it describes
    source: m.Source  # numbered as in the release


def facts(release: m.Release, locale: str) -> list[Fact]:
    """The release's statistics in the order it lists them."""
    return [
        Fact(key, wording.format_statistic(stat, locale), stat.label, stat.as_of, stat.source)
        for key, stat in release.statistics.items()
    ]


def document_title(release: m.Release, locale: str) -> str:
    """`Fact sheet: <headline>` in the locale's words and punctuation."""
    return label("labelled", locale, label=label("factsheet", locale), value=release.headline)
