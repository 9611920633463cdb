"""Tables: their type scale and groups of columns for the measure, and long tables set a part at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Table

from presskit import model as m

# Tabular matter is set no smaller than this (points): smaller print cannot be read.
MIN_TABLE_FONT_SIZE = 7.0
# A column is not widened beyond this many ems for its longest word: longer words are cut.
WORD_CAP_EMS = 8
CELL_PADDING = 6  # points, left and right: reportlab's default for a table cell
# A long table takes on about this many rows at a time (see LongRows): more than a page holds.
ROW_CHUNK = 100


def padded_cells(row: Sequence[m.TableCell], columns: int) -> list[m.TableCell]:
    return [*row, *([m.TableCell(())] * (columns - len(row)))]


def longest_word(paragraph: Flowable) -> float:
    """The width of the paragraph's widest word (0 for one without words: reportlab's minWidth
    fails on those)."""
    try:
        return float(paragraph.minWidth())
    except ValueError:
        return 0.0


@dataclass(frozen=True)
class TableLayout:
    scale: float  # of the type and cell padding
    groups: tuple[tuple[tuple[int, ...], tuple[float, ...]], ...]  # (columns, their widths)


def table_layout(needs: Sequence[float], measure: float, size: float) -> TableLayout:
    """Type scale and column groups for a table whose columns need `needs` points each (their
    longest words, at type `size`, padding left out) in `measure` points (see `table`)."""
    columns = len(needs)
    every = tuple(range(columns))
    padding = 2 * CELL_PADDING
    if all(need + padding <= measure / columns for need in needs):
        return TableLayout(1.0, ((every, (measure / columns,) * columns),))
    wanted = [need + padding for need in needs]  # at the usual size; both scale with the type
    scale = min(1.0, measure / sum(wanted))
    if scale * size >= MIN_TABLE_FONT_SIZE:
        return TableLayout(scale, ((every, filled([w * scale for w in wanted], measure)),))
    scale = MIN_TABLE_FONT_SIZE / size
    return TableLayout(scale, tuple(column_groups([w * scale for w in wanted], measure)))


def column_groups(wanted: Sequence[float], measure: float) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
    """Columns in groups that fit `measure`, each led by column 0 (none if two would not fit)."""
    key = [0] if len(wanted) > 1 and wanted[0] + max(wanted[1:]) <= measure else []
    groups: list[tuple[tuple[int, ...], tuple[float, ...]]] = []
    group, used = list(key), sum(wanted[c] for c in key)
    for column in range(len(key), len(wanted)):
        if len(group) > len(key) and used + wanted[column] > measure:
            groups.append((tuple(group), filled([wanted[c] for c in group], measure)))
            group, used = list(key), sum(wanted[c] for c in key)
        group.append(column)
        used += wanted[column]
    groups.append((tuple(group), filled([wanted[c] for c in group], measure)))
    return groups


def filled(widths: Sequence[float], measure: float) -> tuple[float, ...]:
    """`widths` stretched in proportion to fill `measure`; squeezed to it where over (one column
    wider than the measure: its words are cut)."""
    total = sum(widths)
    return tuple(w * measure / total for w in widths) if total > 0 else (measure / len(widths),) * len(widths)


class LongRows(Table):  # type: ignore[misc]
    """A long table that takes its rows on a ROW_CHUNK at a time, as the pages fill.

    reportlab splits a table at a page's foot into the rows that fit and a new table of all
    the rest, every row of it measured and styled again: a table of n pages was built n
    times over, its time growing with the square of its rows (19 s for the 19,000 rows a
    body can hold). Here the rest is a table of about ROW_CHUNK rows, topped up from the
    others page by page; a part with rows still to come is never set whole on its page.
    """

    def __init__(
        self,
        data: list[list[Any]],
        *args: Any,
        later: tuple[Sequence[list[Any]], int] = ((), 0),
        settings: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, *args, **kwargs)
        self.later = later  # all the table's rows, and the first of those not yet taken on
        self.settings = settings or {}  # the table's own, for the parts to come

    @property
    def runs_on(self) -> bool:
        rows, start = self.later
        return start < len(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width, height = super().wrap(availWidth, availHeight)
        # Rows to come: the table runs on past this page, whatever its first rows measure.
        return width, (max(height, availHeight + 1) if self.runs_on else height)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.runs_on and super().wrap(availWidth, availHeight)[1] <= availHeight:
            # Every row taken on fits here: take on as many again and split that.
            return self.taking([list(row) for row in self._cellvalues], self._nrows).split(
                availWidth, availHeight
            )
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not self.runs_on:
            return parts
        rest = parts[1]  # the header again, and the rows of this part that did not fit
        wanted = max(0, ROW_CHUNK + 1 - rest._nrows)
        return [parts[0], self.taking([list(row) for row in rest._cellvalues], wanted, spaceBefore=0)]

    def taking(self, data: list[list[Any]], count: int, **changes: Any) -> LongRows:
        """`data` and the next `count` rows to come, as a table of its own."""
        rows, start = self.later
        taken = min(len(rows), start + count)
        settings = {**self.settings, **changes}
        return LongRows(data + list(rows[start:taken]), later=(rows, taken), settings=settings, **settings)
