"""The fact sheet as one self-contained web page: the release page's styles, the logo embedded.

The view-model is made here from the release page's own parts (`presskit.renderers.html`):
its head lines (release line, so the embargo, and type label), logo, contact cards and
numbered sources; the theme's `factsheet.html.j2` places them (the default theme's where
a theme has none of its own).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from urllib.parse import quote as url_quote

from markupsafe import Markup

from presskit import model as m
from presskit.renderers.factsheet import COLUMN_LABELS, Fact, document_title, facts
from presskit.renderers.factsheet.sheet import as_fact_sheet
from presskit.renderers.html import css_variables, head_fields
from presskit.renderers.html.back_matter import contact_card, logo, source_entry
from presskit.renderers.html.fragments import field_html, isolated
from presskit.renderers.html.fragments import source_anchor as html_source_anchor
from presskit.renderers.html.head import print_page_rule, script_font_rules
from presskit.renderers.html.page import ContactCard, Logo, SourceEntry
from presskit.themes.templating import prepare_template, render_template, showable
from presskit.themes.theme import Theme
from presskit.words import wording
from presskit.words.labels import label

TEMPLATE = "factsheet.html.j2"
_LABELS = ("factsheet_figures", "sources", "contacts", *COLUMN_LABELS)
CAPTIONED = ("factsheet_as_of", "factsheet_source")


@dataclass(frozen=True)
class FigureRow:
    value: Markup
    measure: Markup
    as_of: Markup | None
    source_number: int
    source_anchor: str
    source_text: str  # the source's name and title: the citation link's title


@dataclass(frozen=True)
class FactSheetPage:
    lang: str
    dir: str
    title: str
    noindex: bool
    canonical: str
    css_variables: Markup
    script_fonts: Markup
    print_page: Markup
    print_font_size: str
    release_line: str
    release_details: tuple[str, ...]
    embargoed: bool
    type_label: str
    organisation: str
    logo: Logo | None
    logo_position: str
    headline: str
    figures: tuple[FigureRow, ...]
    sources: tuple[SourceEntry, ...]
    contacts: tuple[ContactCard, ...]
    labels: dict[str, str]
    captions: dict[str, str]
    email_script: bool


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The fact sheet as a UTF-8 HTML page."""
    page = fact_sheet_page(release, theme, locale)
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    html = render_template(
        theme, template_name(theme), context, autoescape=True, release=release, locale=locale
    )
    return showable(html).encode("utf-8")


def prepare(theme: Theme, locale: str) -> None:
    """Compile the template ahead of the first page."""
    prepare_template(theme, template_name(theme), autoescape=True)


def template_name(theme: Theme) -> str:
    """The theme's own fact sheet template, else the default theme's (as the newsroom page's)."""
    return TEMPLATE if theme.template_path(TEMPLATE).is_file() else f"default/{TEMPLATE}"


def fact_sheet_page(release: m.Release, theme: Theme, locale: str) -> FactSheetPage:
    """Everything the template shows, escaped or ready to be escaped."""
    sheet = as_fact_sheet(release, locale)
    head = head_fields(sheet, theme, locale)
    del head["subheadline"]  # the fact sheet's head is the headline alone
    direction = wording.text_direction(locale)
    contacts = tuple(
        contact_card(c, group, sheet, locale, direction)
        for c, group in zip(sheet.contacts, wording.group_headings(sheet.contacts), strict=True)
    )
    return FactSheetPage(
        lang=locale,
        dir=direction,
        title=document_title(sheet, locale),
        noindex=sheet.embargo is not None,
        canonical=address(sheet, locale),
        css_variables=css_variables(theme),
        script_fonts=script_font_rules(theme, (locale,)),
        print_page=Markup(print_page_rule(theme)),
        print_font_size=f"{theme.spec.fonts.body_size:g}pt",
        **head,
        organisation=field_html(sheet.organisation.name, sheet, direction, "organisation.name"),
        logo=logo(sheet),
        logo_position=theme.spec.logo,
        figures=tuple(figure_row(fact, sheet, locale, direction) for fact in facts(sheet, locale)),
        # The table says what each source's figures are: the list names the sources only.
        sources=tuple(replace(source_entry(sheet, s, locale, direction), figures=()) for s in sheet.sources),
        contacts=contacts,
        labels={key: label(key, locale) for key in _LABELS},
        # Before a period or source shown under its figure on a narrow screen: "Période : ".
        captions={key: label("labelled", locale, label=label(key, locale), value="") for key in CAPTIONED},
        email_script=any('data-email="' in line for card in contacts for line in card.lines),
    )


def figure_row(fact: Fact, release: m.Release, locale: str, direction: str) -> FigureRow:
    field = f"statistics.{fact.id}"
    return FigureRow(
        value=Markup('<span class="stat">{}</span>').format(isolated(fact.value, direction)),
        measure=field_html(fact.measure, release, direction, f"{field}.label"),
        as_of=field_html(fact.as_of, release, direction, f"{field}.as_of") if fact.as_of else None,
        source_number=fact.source.number,
        source_anchor=html_source_anchor(fact.source),
        source_text=wording.source_text(fact.source, locale),
    )


def address(release: m.Release, locale: str) -> str:
    """The fact sheet's own address: absolute under the newsroom's base_url, else its file name."""
    own = url_quote(f"{release.slug}.factsheet.html")
    if release.base_url is None:
        return own
    return f"{release.base_url}{url_quote(release.slug)}/{url_quote(locale)}/{own}"
