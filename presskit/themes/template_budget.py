"""How long one rendering of a template may run and how much text it may make.

A template runs within a time and an output-size limit (see presskit.themes.templating):
the budget of the rendering under way is kept here, and every metered operation of the
sandbox (presskit.themes.sandbox) checks the clock and counts what it made against it.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError

TIME_LIMIT_SECONDS = 10.0  # one template, one release, one format
OUTPUT_LIMIT = 20_000_000  # characters (20 MB of ASCII); a release page is ~100 kB
# All the text (and list items) a template's operations make, kept or thrown away, in one
# rendering: without it, a loop keeping a fresh 19 MB string each time fills the memory
# within the time limit while no single string passes OUTPUT_LIMIT.
MADE_LIMIT_FACTOR = 5
ITEM_WEIGHT = 8  # a list item costs at least a pointer: counted as 8 characters


class TemplateLimitExceeded(TemplateError):
    """A template ran too long or made too much text."""


@dataclass
class Budget:
    deadline: float
    limit: int
    seconds: float
    made: int = 0  # characters (ITEM_WEIGHT per list item) made by the template's operations

    @property
    def made_limit(self) -> int:
        return MADE_LIMIT_FACTOR * self.limit


BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "presskit_template_budget", default=None
)


def check_time() -> None:
    budget = BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise TemplateLimitExceeded(f"the template ran for more than {budget.seconds:g} s, the limit")


def output_limit() -> int:
    """The output limit of the rendering under way; the default one outside a rendering
    (Jinja folds constant filters while it compiles: `{{ "x"|center(10**8) }}`)."""
    budget = BUDGET.get()
    return budget.limit if budget is not None else OUTPUT_LIMIT


def too_much(limit: int) -> str:
    return f"the template made more than {limit / 1e6:g} MB of text, the limit"


def too_much_in_all(budget: Budget) -> str:
    return (
        f"the template made more than {budget.made_limit / 1e6:g} MB of text in all, the limit "
        "(text it builds and drops counts too)"
    )


def size_weight(value: Any) -> int:
    """What a value made by a template costs: its characters, or ITEM_WEIGHT per item."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple | dict | set | frozenset):
        return ITEM_WEIGHT * len(value)
    return 0


def will_make(size: int) -> None:
    """Refuse an operation, before it runs, that would make `size` characters beyond the limits."""
    limit = output_limit()
    if size > limit:
        raise TemplateLimitExceeded(too_much(limit))
    budget = BUDGET.get()
    if budget is not None and budget.made + size > budget.made_limit:
        raise TemplateLimitExceeded(too_much_in_all(budget))


def count_made(value: Any) -> None:
    """Count what an operation made (the check behind every estimate: escaping may
    quintuple a text, and an operation with no estimate is bounded by its input)."""
    weight = size_weight(value)
    if weight == 0:
        return
    limit = output_limit()
    if weight > limit:
        raise TemplateLimitExceeded(too_much(limit))
    budget = BUDGET.get()
    if budget is not None:
        budget.made += weight
        if budget.made > budget.made_limit:
            raise TemplateLimitExceeded(too_much_in_all(budget))


def check_output_size(value: Any) -> None:
    limit = output_limit()
    if size_weight(value) > limit:
        raise TemplateLimitExceeded(too_much(limit))
