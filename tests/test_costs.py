"""How a lone release's formats are shared between its two processes (publish/costs.py)."""

from __future__ import annotations

from itertools import combinations

import pytest

from presskit.publish import costs
from presskit.renderers import FORMATS

ALL = tuple(FORMATS)


def every_split(formats: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [c for size in range(1, len(formats) + 1) for c in combinations(formats, size)]


SOME = [ALL, ("html", "docx", "pdf", "txt"), ("pdf", "factsheet", "eml"), ("docx", "email", "social")]


@pytest.mark.parametrize("editions", [1, 3, 8])
@pytest.mark.parametrize("asked", SOME)
def test_the_split_finishes_about_as_soon_as_the_best_of_all(asked: tuple[str, ...], editions: int) -> None:
    chosen = costs.split(asked, editions)
    alone = costs.LOAD + costs.work(asked, editions)
    best = min(costs.finish(other, asked, editions) for other in every_split(asked))
    if not chosen:
        assert alone <= best, "no helper only when none would finish sooner"
        return
    # the local search is within 6% of trying every share (the figures themselves are good to
    # a tenth): on the measured table, within 2% for one, three and eight editions
    assert costs.finish(chosen, asked, editions) <= best * 1.06
    assert costs.finish(chosen, asked, editions) < alone, "sooner than one process alone"


def test_the_pdf_goes_to_the_helper_with_no_more_than_evens_the_two() -> None:
    chosen = costs.split(ALL, 1)
    assert "pdf" in chosen
    rest = [f for f in ALL if f not in chosen]
    parent = costs.LOAD + costs.work(rest, 1)
    helper = costs.finish(chosen, ALL, 1)
    assert parent <= helper, "the parent, which also writes, is never the later one"
    assert helper - parent < costs.cost("docx").setup + costs.cost("docx").document


def test_a_format_is_made_with_what_it_needs_once_per_process() -> None:
    assert costs.closure(["ninjs"]) == {"ninjs", "txt", "page", "templates"}
    assert costs.work(["html", "txt", "ninjs"], 1) < costs.work(["html"], 1) + costs.work(["ninjs"], 1)
    # what the helper prepared costs nothing more when the documents are asked for
    prepared = costs.closure(["pdf"])
    firsts = sum(costs.cost(name).first for name in prepared)  # the PDF's and ReportLab's
    assert costs.work(["pdf"], 2, prepared) == 2 * costs.cost("pdf").document + firsts


def test_every_format_has_measured_costs_and_one_without_is_shared_like_a_templated_one() -> None:
    assert all(costs.cost(name) != costs.UNMEASURED for name in FORMATS)
    assert costs.cost("brochure") == costs.UNMEASURED
    chosen = costs.split((*ALL, "brochure"), 1)
    assert "pdf" in chosen and set(chosen) != {*ALL, "brochure"}


def test_cheap_formats_alone_get_no_helper() -> None:
    assert costs.split(("vcard",), 1) == ()
    assert costs.split((), 1) == ()


def test_the_request_reassigns_for_the_editions_there_are() -> None:
    prepared = costs.split(ALL, 1)
    for editions in (1, 3, 12):
        given, kept = costs.reassign(ALL, editions, prepared)
        assert set(given) | set(kept) == set(ALL) and not set(given) & set(kept)
        assert "pdf" in given
    assert costs.reassign(("pdf",), 1, ("pdf",)) == (("pdf",), ())


@pytest.mark.parametrize("editions", [1, 3, 12])
def test_the_reassignment_is_nearly_as_good_as_trying_every_share(editions: int) -> None:
    prepared = costs.split(ALL, 1)
    ready = costs.closure(prepared)

    def finishing(chosen: tuple[str, ...]) -> float:
        mine = [f for f in ALL if f not in chosen]
        helper = costs.work(chosen, editions, ready) + costs.coverage_work(chosen, editions) + costs.FORK
        return max(costs.work(mine, editions), helper)

    given, _ = costs.reassign(ALL, editions, prepared)
    assert finishing(given) <= 1.06 * min(finishing(other) for other in every_split(ALL))


def test_the_editions_are_guessed_from_the_locales_option() -> None:
    assert costs.guessed_editions(None, 2) == 1
    assert costs.guessed_editions(("all",), 2) == 3
    assert costs.guessed_editions(("fr", "ar", "fr"), 9) == 2
