"""Work formats share is made once per edition in a process (presskit/renderers/shared.py)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from presskit import renderers
from presskit.model import Release
from presskit.renderers import shared, text
from presskit.themes.theme import Theme


def test_the_same_edition_gives_the_kept_result_and_another_is_made(
    example_release: Release, theme: Theme
) -> None:
    calls: list[tuple[str, object]] = []

    @shared.per_edition
    def made(release: Release, theme: Theme, locale: str, flavour: str = "plain") -> list[str]:
        calls.append((locale, flavour))
        return [release.slug, locale, flavour]

    first = made(example_release, theme, "en-GB")
    assert made(example_release, theme, "en-GB") is first
    assert made(example_release, theme, "en-GB", flavour="linked") == ["gta-2025", "en-GB", "linked"]
    assert made(example_release, theme, "fr") is not first
    copy = dataclasses.replace(example_release)  # equal, but another object: made again
    assert made(copy, theme, "en-GB") == first and made(copy, theme, "en-GB") is not first
    assert len(calls) == 4


def test_only_the_last_few_are_kept(example_release: Release, theme: Theme) -> None:
    count = 0

    @shared.per_edition
    def made(release: Release, theme: Theme, locale: str) -> int:
        nonlocal count
        count += 1
        return count

    editions = [dataclasses.replace(example_release) for _ in range(shared.KEPT + 1)]
    for edition in editions:
        made(edition, theme, "en-GB")
    assert made(editions[-1], theme, "en-GB") == shared.KEPT + 1, "the latest is kept"
    assert made(editions[0], theme, "en-GB") == shared.KEPT + 2, "the oldest was let go"


def test_ninjs_carries_the_text_made_for_the_txt_file_once(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = dataclasses.replace(example_release)  # nothing kept for it yet
    pages = []
    real = text.build_page

    def counted(*args: object) -> object:
        pages.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "build_page", counted)
    plain = renderers.render("txt", edition, theme, "en-GB")
    item = json.loads(renderers.render("ninjs", edition, theme, "en-GB"))
    bodies = {body["contenttype"]: body["value"] for body in item["bodies"]}
    assert bodies["text/plain"] == plain.decode("utf-8")
    assert len(pages) == 1, "the text was laid out once for both formats"


def test_a_build_gives_each_edition_one_object_for_all_its_formats(
    example_release: Release, theme: Theme, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    import datetime as dt
    from pathlib import Path

    from presskit.publish.editions import editions
    from presskit.publish.outcome import BuildOptions
    from presskit.publish.release import render_release
    from presskit.source.assets import DEFAULT_LIMITS

    options = BuildOptions(
        now=dt.datetime(2025, 12, 10, 18, tzinfo=dt.UTC),
        out_dir=Path(str(tmp_path)) / "out",
        formats=("txt", "ninjs"),
        locales=("all",),
        rendition_cache=Path(str(tmp_path)) / "cache",
    )
    built, _ = editions(example_release, options, theme=theme)
    laid_out: list[str] = []
    real = text.build_page

    def counted(release: Release, theme: Theme, locale: str) -> object:
        laid_out.append(locale)
        return real(release, theme, locale)

    monkeypatch.setattr(text, "build_page", counted)
    documents, _, _ = render_release(example_release, theme, options, DEFAULT_LIMITS, built)
    assert sorted(laid_out) == sorted(e.locale for e in built), "each edition's text laid out once"
    assert len([d for d in documents if d.format == "ninjs"]) == len(built) == 3
