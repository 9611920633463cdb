"""The fact sheet as a tagged PDF, laid out by the release PDF's own machinery.

The story is `FactSheetWriter`'s: the release's masthead (release line, so the embargo,
type label and logo), the headline, the figures as a table (its header row a Table's
column headers in the structure tree, repeated on each page a long table runs on to),
the numbered sources and the contacts. Faces, shaping, direction, styles, pages and
tagging are the release PDF's (`presskit.renderers.pdf`).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from presskit import model as m
from presskit.renderers.factsheet import COLUMN_LABELS, Fact, document_title, facts
from presskit.renderers.factsheet.sheet import as_fact_sheet
from presskit.renderers.pdf import render_story
from presskit.renderers.pdf.blocks import Flowables
from presskit.renderers.pdf.direction import isolated
from presskit.renderers.pdf.markup import source_anchor, text_markup
from presskit.renderers.pdf.pages import kept_with_neighbours
from presskit.renderers.pdf.story import StoryWriter
from presskit.renderers.pdf.styles import restyled
from presskit.renderers.pdf.tables import CELL_PADDING
from presskit.renderers.pdf.tagging import tag
from presskit.themes.theme import Theme
from presskit.words.labels import label

# The columns' shares of the measure: figure, what it measures, period, source.
COLUMN_SHARES = (0.25, 0.49, 0.15, 0.11)
VALUE_SCALES = (1.25, 1.15, 1.05, 0.95, 0.8)  # of the cell's type, largest first
VALUE_LEADING = 1.24
HEADLINE_SCALE = 0.75  # of the release's headline: the figures are the page's matter
NO_PERIOD = "–"  # a figure without a period: a dash, not an empty cell (a cell must hold content)


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The fact sheet as PDF bytes; identical input gives identical bytes."""
    return render_story(
        as_fact_sheet(release, locale), theme, locale, FactSheetWriter, title=document_title(release, locale)
    )


class FactSheetWriter(StoryWriter):
    """The fact sheet's story: the release's head, its figures, their sources, the contacts."""

    @property
    def contacts_first(self) -> bool:
        return False  # the contacts at the foot, whatever the theme does with the release's

    def story(self) -> Flowables:
        release, style = self.release, self.styles.headline
        smaller = restyled(
            style, fontSize=style.fontSize * HEADLINE_SCALE, leading=style.leading * HEADLINE_SCALE
        )
        headline = self.outlined(text_markup(release.headline), release.headline, 0, smaller, "headline")
        parts = [
            *self.masthead(),
            tag(headline, lang=release.language_of("headline")),
            self.section_heading(label("factsheet_figures", self.locale)),
            self.figures_table(),
            *self.sources(figures=False),  # the table says what each source's figures are
            *self.contacts(),
        ]
        return kept_with_neighbours(parts, tail=2 * self.styles.body.leading)

    def figures_table(self) -> Flowable:
        """One row a statistic, under a header row of the columns' names."""
        header = [
            self.para(text_markup(label(key, self.locale)), self.styles.table_header) for key in COLUMN_LABELS
        ]
        rows = [self.figure_row(fact) for fact in facts(self.release, self.locale)]
        widths = [share * self.width for share in COLUMN_SHARES]
        return self.table_grid([header, *rows], widths, 1.0)

    def figure_row(self, fact: Fact) -> list[Flowable]:
        cell = self.styles.table_cell
        field = f"statistics.{fact.id}"
        period = self.field_markup(fact.as_of, f"{field}.as_of") if fact.as_of else text_markup(NO_PERIOD)
        number = text_markup(str(fact.source.number))
        # In brackets, as in the text: the number stays apart from the figure when text is copied.
        source = f'<a href="#{source_anchor(fact.source)}" color="{self.accent}">[{number}]</a>'
        return [
            self.figure_value(fact.value),
            self.para(self.field_markup(fact.measure, f"{field}.label"), cell),
            self.para(period, cell),
            self.para(source, cell),
        ]

    def figure_value(self, value: str) -> Flowable:
        """The figure in large type, on one line: a long one (`IDR999,999,999,999,999`,
        `新臺幣80,000,000元`) is set smaller until it fits its column, as a figure broken
        across lines reads as two; only one too long at the cell's own size still wraps."""
        cell, markup = self.styles.table_cell, text_markup(isolated(value))
        room = COLUMN_SHARES[0] * self.width - 2 * CELL_PADDING
        para = None
        for scale in VALUE_SCALES:
            style = restyled(
                cell,
                fontName=self.styles.headline.fontName,
                fontSize=cell.fontSize * scale,
                leading=cell.fontSize * scale * VALUE_LEADING,
                textColor=self.styles.headline.textColor,
            )
            para = self.para(markup, style)
            if para.wrap(room, 10 * style.leading)[1] < 1.5 * style.leading:
                return para
        assert para is not None
        return para
