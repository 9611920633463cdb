"""HTML: one self-contained, responsive, printable page per locale.

Python renders the release's block and inline trees into escaped `Markup`
fragments and prepares every other value as plain data; the theme's sandboxed,
autoescaping template only places them. Assets are linked relatively (the
page lives in `dist/<slug>/<locale>/`, each asset at `dist/<slug>/` plus its
`published_name`, an image's thumbnail and web copy beside it as
`presskit.source.assets.rendition_names` names them); the logo is embedded so the
page stands alone. A release built in several locales links its siblings
(`../<locale>/<slug>.html`) with hreflang alternates and a language switcher.

The page is put together here (`build_page`) from its parts: the view-model
(`page`), the body's fragments (`fragments`), the back matter and links out
(`back_matter`) and the head's metadata and styles (`head`).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from markupsafe import Markup

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.html.back_matter import (
    alternates,
    asset_entry,
    contact_card,
    event_card,
    language_links,
    lead_figure,
    link_item,
    logo,
    pack_link,
    source_entry,
)
from presskit.renderers.html.fragments import (
    Context,
    Emails,
    blocks_html,
    body_html,
    direction_kind,
    email_spans,
    field_html,
    inlines_html,
    isolated,
    safe_url,
)
from presskit.renderers.html.head import (
    css_variables,
    json_ld,
    open_graph,
    page_address,
    print_page_rule,
    script_font_rules,
    twitter_card,
)
from presskit.renderers.html.page import HtmlPage, LinkItem
from presskit.renderers.shared import per_edition
from presskit.themes.templating import prepare_template, render_template, showable
from presskit.themes.theme import Theme
from presskit.words import issuing, wording
from presskit.words.labels import label

__all__ = ["HtmlPage", "build_page", "css_variables", "email_spans", "prepare", "render"]

_LABELS = (
    "key_points",
    "notes_to_editors",
    "contacts",
    "sources",
    "assets",
    "press_kit",
    "languages",
    "events",
)


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as a UTF-8 HTML page."""
    return page_html(release, theme, locale).encode("utf-8")


@per_edition  # the web page, and the one ninjs and the e-mail carry (plain e-mail links)
def page_html(release: m.Release, theme: Theme, locale: str, emails: Emails = "hidden") -> str:
    """The page as the theme's template places it."""
    page = build_page(release, theme, locale, emails)
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    html = render_template(
        theme, theme.spec.html_template, context, autoescape=True, release=release, locale=locale
    )
    return showable(html)


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first page of `theme` does first: compile its template."""
    prepare_template(theme, theme.spec.html_template, autoescape=True)


def build_page(release: m.Release, theme: Theme, locale: str, emails: Emails = "hidden") -> HtmlPage:
    """Everything the template shows, escaped or ready to be escaped; e-mail addresses hidden
    from harvesters on a page, plain links (`emails="linked"`) in a message."""
    direction = wording.text_direction(locale)
    dateline = themed.dateline(release, theme, locale)
    ctx = Context(release, locale, theme.spec.sources, direction=direction, dateline=dateline, emails=emails)
    back_matter = replace(ctx, heading_offset=2)  # their headings sit below an <h2>
    org = release.organisation
    description = wording.plain_inlines(release.standfirst, release, locale, sources=ctx.sources)
    standfirst = inlines_html(release.standfirst, ctx)
    highlights = tuple(inlines_html(item, ctx) for item in release.highlights)
    body = body_html(release, ctx)
    notes = blocks_html(release.notes_to_editors, back_matter)
    boilerplate = blocks_html(org.boilerplate, back_matter)
    contacts = tuple(
        contact_card(c, group, release, locale, direction, emails)
        for c, group in zip(release.contacts, wording.group_headings(release.contacts), strict=True)
    )
    contact_lines = [line for contact in contacts for line in contact.lines]
    fragments = (standfirst, *highlights, body, notes, boilerplate, *contact_lines)
    return HtmlPage(
        lang=locale,
        dir=wording.text_direction(locale),
        title=release.headline,
        title_lang=release.language_of("headline"),
        description=description,
        noindex=release.embargo is not None,
        canonical=page_address(release, locale),
        open_graph=open_graph(release, locale, description),
        twitter_card=twitter_card(release, description),
        json_ld=json_ld(release, locale, description),
        css_variables=css_variables(theme),
        script_fonts=script_font_rules(theme, (locale, *release.locales)),
        print_page=Markup(print_page_rule(theme)),
        print_font_size=f"{theme.spec.fonts.body_size:g}pt",
        **head_fields(release, theme, locale),
        organisation=LinkItem(
            field_html(org.name, release, direction, "organisation.name"),
            safe_url(org.url) if org.url else "",
        ),
        logo=logo(release),
        standfirst=standfirst,
        lead_image=lead_figure(release, locale, direction),
        highlights=highlights,
        body=body,
        call_to_action=link_item(release, "call_to_action", direction),
        end_mark=field_html(release.end_mark, release, direction, "end_mark"),
        source_line=field_html(release.source_line, release, direction, "source_line")
        if release.source_line
        else None,
        events=tuple(
            event_card(i, e, release, locale, direction, emails) for i, e in enumerate(release.events)
        ),
        disclaimer=blocks_html(release.disclaimer, back_matter),
        notes_to_editors=notes,
        about_title=field_html(
            wording.about_title(org, locale),
            release,
            direction,
            "organisation.about_title",
            "organisation.name",
        ),
        boilerplate=boilerplate,
        contacts=contacts,
        contacts_position=theme.spec.contacts,
        logo_position=theme.spec.logo,
        sources=tuple(source_entry(release, s, locale, direction) for s in release.sources),
        assets=tuple(asset_entry(index, release, locale, direction) for index in range(len(release.assets))),
        press_kit=link_item(release, "press_kit", direction),
        pack=pack_link(release, locale, direction),
        labels={key: label(key, locale) for key in _LABELS},
        # Escaped text cannot contain a literal `data-email="`, so only our markup matches.
        email_script=any('data-email="' in fragment for fragment in fragments),
        alternates=alternates(release),
        languages=language_links(release, locale),
    )


def head_fields(release: m.Release, theme: Theme, locale: str) -> dict[str, Any]:
    """The head's lines: release line, time of issue and client, type label, headline, subheadline."""
    direction = wording.text_direction(locale)
    published, on_behalf = (
        themed.published_line(release, theme, locale),
        issuing.on_behalf_line(release, locale),
    )
    subheadline = None
    if release.subheadline:
        lines = Markup("<br>").join(isolated(line, direction) for line in release.subheadline.split("\n"))
        subheadline = in_source_language(lines, release.subheadline, release, "subheadline")
    return {
        "release_line": isolated(themed.release_line(release, theme, locale), direction),
        "release_details": tuple(
            field_html(line, release, direction, *fields)
            for line, fields in ((published, ()), (on_behalf, ("on_behalf_of",)))
            if line
        ),
        "embargoed": release.embargo is not None,
        "type_label": field_html(wording.type_label(release, locale), release, direction, "type_label"),
        "headline": field_html(release.headline, release, direction, "headline"),
        "subheadline": subheadline,
    }


def in_source_language(shown: Markup, text: str, release: m.Release, unit: str) -> Markup:
    """`shown` (`text`, a field of several lines) marked with the release's own language where the
    field `unit` was left untranslated in this edition, so screen readers switch voice."""
    lang = release.language_of(unit)
    if not lang:
        return shown
    page = wording.text_direction(release.locale)
    if direction_kind(text, page) == "other":  # laid out in its own direction
        return Markup('<span lang="{}" dir="{}">{}</span>').format(
            lang, "ltr" if page == "rtl" else "rtl", shown
        )
    return Markup('<span lang="{}">{}</span>').format(lang, shown)
