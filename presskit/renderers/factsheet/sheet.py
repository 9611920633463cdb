"""The release as the fact sheet's head shows it: its type label is the fact sheet's own."""

from __future__ import annotations

from dataclasses import replace

from presskit import model as m
from presskit.words.labels import label


def as_fact_sheet(release: m.Release, locale: str) -> m.Release:
    """`release` with "Fact sheet" where its head shows the type of document (MEDIA RELEASE):
    every other word of the head (the release line, and so the embargo) is the release's own."""
    return replace(
        release,
        type_label=label("factsheet", locale),
        untranslated=release.untranslated - {"type_label"},  # the label is the edition's own words
    )
