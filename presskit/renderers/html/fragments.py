"""HTML: one self-contained, responsive, printable page per locale.

Python renders the release's block and inline trees into escaped `Markup`
fragments and prepares every other value as plain data; the theme's sandboxed,
autoescaping template only places them. Assets are linked relatively (the
page lives in `dist/<slug>/<locale>/`, each asset at `dist/<slug>/` plus its
`published_name`, an image's thumbnail and web copy beside it as
`presskit.source.assets.rendition_names` names them); the logo is embedded so the
page stands alone. A release built in several locales links its siblings
(`../<locale>/<slug>.html`) with hreflang alternates and a language switcher.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, assert_never
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.units import format_unit
from markupsafe import Markup, escape

import presskit.themes.derived as themed
from presskit import model as m
from presskit.source.assets import rendition_names
from presskit.themes.templating import prepare_template, render_template, showable
from presskit.themes.theme import Theme
from presskit.words import fonts, wording
from presskit.words.labels import label, quote_marks

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# An address's domain, matched from just after its "@". Possessive: nothing follows it in
# the pattern, and a failed match gives nothing back to try again.
_EMAIL_DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")
_LABELS = ("key_points", "notes_to_editors", "contacts", "sources", "assets", "press_kit", "languages")
THUMBNAIL_EDGE = 400  # px: presskit.publish.assets.THUMB_EDGE, the long edge of the thumbnail rendition
MONOSPACE_FALLBACK = "ui-monospace, Menlo, Consolas, monospace"
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

# --------------------------------------------------------------------------
# The view-model handed to the template


@dataclass(frozen=True)
class Logo:
    src: str  # a data: URI
    alt: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class LinkItem:
    text: str
    url: str


@dataclass(frozen=True)
class ContactCard:
    name: str
    lines: tuple[Markup, ...]


@dataclass(frozen=True)
class SourceEntry:
    number: int
    anchor: str
    text: str
    figures: tuple[str, ...]
    url: str | None


@dataclass(frozen=True)
class AssetEntry:
    href: str  # the original, relative to the page: the download
    description: str  # title or caption, credit and licence on one line
    is_image: bool
    alt: str
    width: int | None  # of the thumbnail shown
    height: int | None
    thumbnail_href: str  # the thumbnail rendition (the original where there is none, e.g. SVG)
    view_href: str  # the web rendition the thumbnail links to (or the original)
    file_name: str  # the original's file name
    file_facts: str  # its type and size: "PNG, 52 kB"
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class LanguageLink:
    """One language of the release in the switcher, named in that language."""

    locale: str
    name: str  # "English", "Français", "العربية"
    href: str  # the sibling page, relative to this one
    current: bool
    dir: str


@dataclass(frozen=True)
class HtmlPage:
    lang: str
    dir: str
    title: str
    description: str
    noindex: bool
    open_graph: tuple[tuple[str, str], ...]
    json_ld: Markup
    css_variables: Markup
    script_fonts: Markup
    print_page: Markup
    print_font_size: str
    release_line: str
    embargoed: bool
    type_label: str
    organisation: LinkItem
    logo: Logo | None
    headline: str
    subheadline: str | None
    standfirst: Markup
    highlights: tuple[Markup, ...]
    body: Markup
    call_to_action: LinkItem | None
    end_mark: str
    notes_to_editors: Markup
    about_title: str
    boilerplate: Markup
    contacts: tuple[ContactCard, ...]
    contacts_position: str  # "top" (in the masthead) or "end" (with the back matter)
    logo_position: str  # "left", "right" or "center"
    sources: tuple[SourceEntry, ...]
    assets: tuple[AssetEntry, ...]
    press_kit: LinkItem | None
    pack: LinkItem | None  # the zip of the whole pack beside the release folder, when built
    labels: dict[str, str]
    email_script: bool
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href), x-default last; empty in one locale
    languages: tuple[LanguageLink, ...]  # empty in one locale


def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as a UTF-8 HTML page."""
    page = build_page(release, theme, locale)
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    html = render_template(
        theme, theme.spec.html_template, context, autoescape=True, release=release, locale=locale
    )
    return showable(html).encode("utf-8")


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first page of `theme` does first: compile its template."""
    prepare_template(theme, theme.spec.html_template, autoescape=True)


def build_page(release: m.Release, theme: Theme, locale: str) -> HtmlPage:
    """Everything the template shows, escaped or ready to be escaped."""
    direction = wording.text_direction(locale)
    dateline = themed.dateline(release, theme, locale)
    ctx = Context(release, locale, theme.spec.sources, direction=direction, dateline=dateline)
    back_matter = replace(ctx, heading_offset=2)  # their headings sit below an <h2>
    org = release.organisation
    description = wording.plain_inlines(release.standfirst, release, locale, sources=ctx.sources)
    standfirst = inlines_html(release.standfirst, ctx)
    highlights = tuple(inlines_html(item, ctx) for item in release.highlights)
    body = body_html(release, ctx)
    notes = blocks_html(release.notes_to_editors, back_matter)
    boilerplate = blocks_html(org.boilerplate, back_matter)
    contacts = tuple(contact_card(c, locale) for c in release.contacts)
    contacts = tuple(replace(c, name=isolated(c.name, direction)) for c in contacts)
    contact_lines = [line for contact in contacts for line in contact.lines]
    fragments = (standfirst, *highlights, body, notes, boilerplate, *contact_lines)
    return HtmlPage(
        lang=locale,
        dir=wording.text_direction(locale),
        title=release.headline,
        description=description,
        noindex=release.embargo is not None,
        open_graph=open_graph(release, locale, description),
        json_ld=json_ld(release, locale, description),
        css_variables=css_variables(theme),
        script_fonts=script_font_rules(theme, (locale, *release.locales)),
        print_page=Markup(print_page_rule(theme)),
        print_font_size=f"{theme.spec.fonts.body_size:g}pt",
        release_line=isolated(wording.release_line(release, locale), direction),
        embargoed=release.embargo is not None,
        type_label=isolated(wording.type_label(release, locale), direction),
        organisation=LinkItem(isolated(org.name, direction), safe_url(org.url) if org.url else ""),
        logo=logo(org),
        headline=isolated(release.headline, direction),
        subheadline=isolated(release.subheadline, direction) if release.subheadline else None,
        standfirst=standfirst,
        highlights=highlights,
        body=body,
        call_to_action=link_item(release.call_to_action, direction),
        end_mark=isolated(release.end_mark, direction),
        notes_to_editors=notes,
        about_title=isolated(wording.about_title(org, locale), direction),
        boilerplate=boilerplate,
        contacts=contacts,
        contacts_position=theme.spec.contacts,
        logo_position=theme.spec.logo,
        sources=tuple(
            replace(entry, text=isolated(entry.text, direction))
            for entry in (source_entry(release, s, locale) for s in release.sources)
        ),
        assets=tuple(
            replace(entry, description=isolated(entry.description, direction))
            for entry in (asset_entry(a, locale) for a in release.assets)
        ),
        press_kit=link_item(release.press_kit, direction),
        pack=pack_link(release, locale, direction),
        labels={key: label(key, locale) for key in _LABELS},
        # Escaped text cannot contain a literal `data-email="`, so only our markup matches.
        email_script=any('data-email="' in fragment for fragment in fragments),
        alternates=alternates(release),
        languages=language_links(release, locale),
    )


# --------------------------------------------------------------------------
# Blocks and inlines


@dataclass(frozen=True)
class Context:
    release: m.Release
    locale: str
    sources: str  # the theme's sources mode: "endnotes" or "inline"
    heading_offset: int = 1  # Markdown level 1 becomes <h2> in the body
    in_link: bool = False  # no <a> may nest inside another
    direction: str = "ltr"  # the page's: runs of the other direction are marked as such
    dateline: str = ""  # in the theme's style


def body_html(release: m.Release, ctx: Context) -> Markup:
    """The body blocks, the first paragraph led by the dateline."""
    words = ctx.dateline or wording.dateline(release, ctx.locale)
    dateline = Markup('<strong class="dateline">{}</strong> ').format(words)
    blocks = list(release.body)
    first = next((i for i, b in enumerate(blocks) if isinstance(b, m.Paragraph)), None)
    if first is None:
        return Markup("\n").join([Markup("<p>{}</p>").format(dateline.rstrip()), blocks_html(blocks, ctx)])
    parts = [block_html(b, ctx) for b in blocks]
    paragraph = blocks[first]
    assert isinstance(paragraph, m.Paragraph)
    parts[first] = Markup("<p>{}{}</p>").format(dateline, inlines_html(paragraph.children, ctx))
    return Markup("\n").join(parts)


def blocks_html(blocks: m.Blocks | list[m.Block], ctx: Context) -> Markup:
    return Markup("\n").join(block_html(b, ctx) for b in blocks)


def block_html(block: m.Block, ctx: Context) -> Markup:
    match block:
        case m.Paragraph(children):
            attributes, own = block_direction(children, ctx)
            return Markup("<p{}>{}</p>").format(attributes, inlines_html(children, own))
        case m.Heading(level, children):
            tag = f"h{min(level + ctx.heading_offset, 6)}"
            attributes, own = block_direction(children, ctx)
            return Markup(f"<{tag}{{}}>{{}}</{tag}>").format(attributes, inlines_html(children, own))
        case m.ListBlock():
            return list_html(block, ctx)
        case m.Table():
            return table_html(block, ctx)
        case m.BlockQuote(children):
            inner = blocks_html(children, ctx)
            return Markup('<blockquote class="blockquote">\n{}\n</blockquote>').format(inner)
        case m.QuoteRef(quote_id):
            return quote_html(ctx.release.quotes[quote_id], ctx)
        case m.Preformatted(text):
            return Markup("<pre><code>{}</code></pre>").format(text)
        case _:
            assert_never(block)


def list_html(block: m.ListBlock, ctx: Context) -> Markup:
    tag = "ol" if block.ordered else "ul"
    start = Markup(' start="{}"').format(block.start) if block.ordered and block.start != 1 else Markup()
    items = Markup("\n").join(Markup("<li>{}</li>").format(list_item_html(item, ctx)) for item in block.items)
    return Markup(f"<{tag}{{}}>\n{{}}\n</{tag}>").format(start, items)


def list_item_html(item: tuple[m.Block, ...], ctx: Context) -> Markup:
    # A tight item (one paragraph) carries no <p>, so lists stay compact.
    if len(item) == 1 and isinstance(item[0], m.Paragraph):
        return inlines_html(item[0].children, ctx)
    return Markup("\n{}\n").format(blocks_html(item, ctx))


def table_html(table: m.Table, ctx: Context) -> Markup:
    head = Markup("").join(cell_html(c, "th", ctx) for c in table.header)
    cells = (Markup("").join(cell_html(c, "td", ctx) for c in row) for row in table.rows)
    rows = Markup("\n").join(Markup("<tr>{}</tr>").format(row) for row in cells)
    # The wrapper scrolls a wide table on a phone; tabindex lets keyboards scroll it too.
    return Markup(
        '<div class="table-wrap" tabindex="0">\n<table>\n<thead>\n<tr>{}</tr>\n</thead>\n'
        "<tbody>\n{}\n</tbody>\n</table>\n</div>"
    ).format(head, rows)


def cell_html(cell: m.TableCell, tag: str, ctx: Context) -> Markup:
    attributes = Markup(' scope="col"') if tag == "th" else Markup()
    if cell.align in ("center", "right"):
        attributes += Markup(' class="align-{}"').format(cell.align)
    return Markup(f"<{tag}{{}}>{{}}</{tag}>").format(attributes, inlines_html(cell.children, ctx))


def quote_html(quote: m.Quote, ctx: Context) -> Markup:
    opening, closing = quote_marks(ctx.locale)
    return Markup(
        '<figure class="quote">\n<blockquote><p>{}{}{}</p></blockquote>\n'
        "<figcaption>— <cite>{}</cite></figcaption>\n</figure>"
    ).format(opening, inlines_html(quote.text, ctx), closing, wording.attribution(quote.speaker, ctx.locale))


def inlines_html(inlines: m.Inlines, ctx: Context) -> Markup:
    if ctx.direction == "ltr" and not any(has_right_to_left(node) for node in inlines):
        return Markup("").join(inline_html(node, ctx) for node in inlines)
    return isolated_inlines(inlines, ctx)


def block_direction(inlines: m.Inlines, ctx: Context) -> tuple[Markup, Context]:
    """`dir` for a block written wholly in the other direction (an untranslated English
    paragraph in an Arabic page), and the context its inlines are rendered in."""
    if ctx.direction == "ltr" and not any(has_right_to_left(node) for node in inlines):
        return Markup(""), ctx
    plain = wording.plain_inlines(inlines, ctx.release, ctx.locale, sources=ctx.sources)
    if direction_kind(plain, ctx.direction) != "other":
        return Markup(""), ctx
    other = "ltr" if ctx.direction == "rtl" else "rtl"
    return Markup(' dir="{}"').format(other), replace(ctx, direction=other)


def has_right_to_left(node: m.Inline) -> bool:
    match node:
        case m.Text(text) | m.Code(text):
            return fonts.has_right_to_left(text)
        case m.Strong(children) | m.Emphasis(children) | m.Link(_, children):
            return any(has_right_to_left(child) for child in children)
        case _:
            return False


def isolated_inlines(inlines: m.Inlines, ctx: Context) -> Markup:
    """The inlines with each stretch in the other direction than the page's in one `<span dir>`.

    Stretches are found across inline elements, so that `**WeProtect** Global
    Alliance` inside Arabic is one left-to-right span, not two isolated pieces
    laid out right to left; a statistic or space between two such words joins
    their stretch. A node holding both directions is isolated inside itself.
    """
    other = "ltr" if ctx.direction == "rtl" else "rtl"
    atoms: list[tuple[Markup, str]] = []  # (html, "own" | "other" | "neutral")
    for node in inlines:
        if isinstance(node, m.Text):
            position = 0
            for start, end in opposite_runs(node.text, ctx.direction):
                if start > position:
                    before = node.text[position:start]
                    atoms.append((text_html(before, ctx), direction_kind(before, ctx.direction)))
                atoms.append((text_html(node.text[start:end], ctx), "other"))
                position = end
            if position < len(node.text):
                rest = node.text[position:]
                atoms.append((text_html(rest, ctx), direction_kind(rest, ctx.direction)))
            continue
        plain = wording.plain_inlines((node,), ctx.release, ctx.locale, sources=ctx.sources)
        kind = direction_kind(plain, ctx.direction)
        inner = replace(ctx, direction=other) if kind == "other" else ctx
        atoms.append((inline_html(node, inner), kind))
    out: list[Markup] = []
    index = 0
    while index < len(atoms):
        if atoms[index][1] != "other":
            out.append(atoms[index][0])
            index += 1
            continue
        last = scan = index
        while scan < len(atoms) and atoms[scan][1] in ("other", "neutral"):
            last = scan if atoms[scan][1] == "other" else last
            scan += 1
        stretch = Markup("").join(html for html, _ in atoms[index : last + 1])
        out.append(Markup('<span dir="{}">{}</span>').format(other, stretch))
        index = last + 1
    return Markup("").join(out)


def direction_kind(text: str, direction: str) -> str:
    """ "own" if `text` holds a strong character of the page's direction, else "other" if it
    holds one of the other direction, else "neutral" (spaces, digits, punctuation)."""
    kinds = {unicodedata.bidirectional(char) for char in text}
    own, other = ({"R", "AL"}, {"L"}) if direction == "rtl" else ({"L"}, {"R", "AL"})
    if kinds & own:
        return "own"
    return "other" if kinds & other else "neutral"


def inline_html(node: m.Inline, ctx: Context) -> Markup:
    match node:
        case m.Text(text):
            return text_html(text, ctx)
        case m.Strong(children):
            return Markup("<strong>{}</strong>").format(inlines_html(children, ctx))
        case m.Emphasis(children):
            return Markup("<em>{}</em>").format(inlines_html(children, ctx))
        case m.Code(text):
            return Markup("<code>{}</code>").format(text)
        case m.Link(url, children):
            return link_html(url, inlines_html(children, replace(ctx, in_link=True)))
        case m.LineBreak():
            return Markup("<br>\n")
        case m.StatRef(stat_id):
            return statistic_html(ctx.release.statistics[stat_id], ctx)
        case _:
            assert_never(node)


def text_html(text: str, ctx: Context) -> Markup:
    """Escaped text, any e-mail address in it hidden from harvesters."""
    out: list[Markup] = []
    position = 0
    for start, end in email_spans(text):
        out.append(escape(text[position:start]))
        out.append(hidden_email(text[start:end], tag="span" if ctx.in_link else "a"))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def email_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each e-mail address in `text`, leftmost first, in time linear in its length.

    The addresses `[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+` finds, but found from each "@": that
    pattern, tried at every position of a long word with no "@" in it, reads the rest of the
    word from each (a 200,000-character word took minutes). Each character is read at most
    twice here: once by the scan back from the "@" after it, once by the domain match from
    the "@" before it, neither of which can pass another "@".
    """
    position = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > position and _is_local_part(text[start - 1]):
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1) if start < at else None
        if domain is not None:
            yield start, domain.end()
            position = domain.end()
        at = text.find("@", max(at + 1, position))


def _is_local_part(char: str) -> bool:
    return char.isalnum() or char in "_.+-"


def isolated(text: str, direction: str) -> Markup:
    """Escaped `text`, each run in the other direction than the page's marked with its own `dir`.

    A Latin name or URL inside Arabic (or Hebrew inside English) then keeps its
    own order and does not pull neighbouring punctuation or numbers across.
    A run goes from the first to the last strong character of that direction.
    """
    if direction == "ltr" and not fonts.has_right_to_left(text):
        return escape(text)
    other = "ltr" if direction == "rtl" else "rtl"
    out: list[Markup] = []
    position = 0
    for start, end in opposite_runs(text, direction):
        out.append(escape(text[position:start]))
        out.append(Markup('<span dir="{}">{}</span>').format(other, text[start:end]))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def opposite_runs(text: str, direction: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `text` written in the other direction than `direction`.

    A stretch runs from one strong character of the other direction to the
    last before a strong character of the page's own; what lies between
    (spaces, digits, punctuation) goes with it.
    """
    wanted = ("L",) if direction == "rtl" else ("R", "AL")
    own = ("R", "AL") if direction == "rtl" else ("L",)
    runs: list[tuple[int, int]] = []
    start: int | None = None
    last = 0
    for index, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in wanted:
            start = index if start is None else start
            last = index + 1
        elif kind in ("EN", "AN") and start is not None:
            last = index + 1  # digits after a word go with it: "Windows 11", "בשנת 2025"
        elif kind in own and start is not None:
            runs.append((start, last))
            start = None
    if start is not None:
        runs.append((start, last))
    return runs


def link_html(url: str, content: Markup) -> Markup:
    if url.lower().startswith("mailto:"):
        return Markup('<a class="email" data-email="{}">{}</a>').format(encode_email(url[7:]), content)
    bare = Markup(' class="bare"') if str(content) == str(escape(url)) else Markup()
    return Markup('<a href="{}"{}>{}</a>').format(safe_url(url), bare, content)


def statistic_html(stat: m.Statistic, ctx: Context) -> Markup:
    value = Markup('<span class="stat">{}</span>').format(wording.format_statistic(stat, ctx.locale))
    mark = wording.citation(stat, ctx.sources)
    source = stat.source
    if ctx.sources == "endnotes" and ctx.in_link:
        return value + Markup('<sup class="cite">{}</sup>').format(mark)
    if ctx.sources == "endnotes":
        return value + Markup('<sup class="cite"><a href="#{}" title="{}">{}</a></sup>').format(
            source_anchor(source), wording.source_text(source), mark
        )
    if source.url and not ctx.in_link:
        name = Markup('<a href="{}">{}</a>').format(safe_url(source.url), source.name)
        return value + Markup(' <span class="cite">({})</span>').format(name)
    return value + Markup(' <span class="cite">{}</span>').format(mark)


# --------------------------------------------------------------------------
# E-mail addresses: never in clear in the page source


def encode_email(target: str) -> str:
    """Base64 of the reversed address: the page's script turns it back into a mailto: link."""
    return base64.b64encode(target[::-1].encode("utf-8")).decode("ascii")


def readable_email(address: str) -> str:
    """`media [at] example [dot] org`: what a reader sees where scripts do not run."""
    return address.replace("@", " [at] ").replace(".", " [dot] ")


def hidden_email(address: str, *, tag: str = "a") -> Markup:
    return Markup('<{} class="email" data-email="{}" data-email-text>{}</{}>').format(
        Markup(tag), encode_email(address), readable_email(address), Markup(tag)
    )


# --------------------------------------------------------------------------
# Back matter


def contact_card(contact: m.Contact, locale: str) -> ContactCard:
    lines = []
    for line in wording.contact_lines(contact, locale):
        caption = escape(line.caption)
        if line.link is None:
            lines.append(caption + escape(line.value))
        elif line.link.startswith("mailto:"):
            lines.append(caption + hidden_email(line.value))
        else:
            lines.append(caption + Markup('<a href="{}">{}</a>').format(line.link, line.value))
    return ContactCard(contact.name, tuple(lines))


def source_anchor(source: m.Source) -> str:
    return f"source-{source.number}"


def source_entry(release: m.Release, source: m.Source, locale: str) -> SourceEntry:
    url = safe_url(source.url) if source.url else None
    figures = tuple(wording.source_figures(release, source, locale))
    return SourceEntry(source.number, source_anchor(source), wording.source_text(source), figures, url)


def asset_entry(asset: m.Asset, locale: str) -> AssetEntry:
    """An asset as the gallery shows it: thumbnail, web copy, original to download, type and size."""
    original = page_link(asset.published_name)  # where the writer copies it
    names = rendition_names(asset)
    width, height = image_size(asset.path) if asset.kind == "image" else (None, None)
    if names is not None and width and height:
        width, height = thumbnail_size(width, height)
    return AssetEntry(
        href=original,
        description=wording.asset_description(asset, locale),
        is_image=asset.kind == "image",
        alt=asset.alt or asset.title or asset.caption or "",
        width=width,
        height=height,
        thumbnail_href=page_link(names.thumb) if names else original,
        view_href=page_link(names.web) if names else original,
        file_name=asset.path.name,
        file_facts=file_facts(asset, locale),
        title=asset.title,
        caption=asset.caption,
        credit=asset.credit,
        licence=asset.licence,
    )


def page_link(published_name: str) -> str:
    """A file of the release folder as the page (one folder down, in its locale's) links to it."""
    return "../" + url_quote(published_name, safe="/")


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """The thumbnail's pixels: the long edge at most THUMBNAIL_EDGE, never enlarged (as Pillow's thumbnail)."""
    edge = max(width, height)
    if edge <= THUMBNAIL_EDGE:
        return width, height
    scale = THUMBNAIL_EDGE / edge
    return max(1, round(width * scale)), max(1, round(height * scale))


FILE_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/svg+xml": "SVG",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}


def file_facts(asset: m.Asset, locale: str) -> str:
    """`PNG, 52 kB` (`PDF, 2,4 Mo` in French): what a journalist wants to know before downloading."""
    kind = FILE_TYPES.get(asset.media_type, asset.path.suffix.lstrip(".").upper())
    try:
        size = asset.path.stat().st_size
    except OSError:
        return kind
    return f"{kind}{label('comma', locale)}{file_size(size, locale)}"


def file_size(size: int, locale: str) -> str:
    """A size in decimal kilo- or megabytes, as the locale writes them."""
    loc = wording.babel_locale(locale)
    try:
        if size >= 1_000_000:
            return format_unit(size / 1e6, "digital-megabyte", length="short", format="#,##0.#", locale=loc)
        return format_unit(max(1, round(size / 1e3)), "digital-kilobyte", length="short", locale=loc)
    except (UnknownLocaleError, ValueError):
        return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1e3))} kB"


# --------------------------------------------------------------------------
# Sibling locales: hreflang alternates and the language switcher


def sibling_href(release: m.Release, locale: str) -> str:
    return f"../{url_quote(locale)}/{url_quote(release.slug)}.html"


def alternates(release: m.Release) -> tuple[tuple[str, str], ...]:
    """Every locale's page (this one's too, as search engines ask) and x-default: the source locale's."""
    if len(release.locales) < 2:
        return ()
    links = tuple((locale, sibling_href(release, locale)) for locale in release.locales)
    return (*links, ("x-default", sibling_href(release, release.locales[0])))


def language_links(release: m.Release, locale: str) -> tuple[LanguageLink, ...]:
    """The switcher: each locale named in its own language, the region added where two share one."""
    if len(release.locales) < 2:
        return ()
    languages = [code.split("-")[0].lower() for code in release.locales]
    return tuple(
        LanguageLink(
            locale=code,
            name=own_name(code, with_region=languages.count(language) > 1),
            href=sibling_href(release, code),
            current=code == locale,
            dir=wording.text_direction(code),
        )
        for code, language in zip(release.locales, languages, strict=True)
    )


def own_name(locale: str, *, with_region: bool = False) -> str:
    """`Français`, `العربية`, `English (United Kingdom)`: the language as its speakers write it (CLDR)."""
    try:
        parsed = Locale.parse(wording.babel_locale(locale))
        name = parsed.get_display_name(parsed) if with_region else parsed.get_language_name(parsed)
    except (UnknownLocaleError, ValueError):
        return locale
    # CLDR writes many languages' names in lower case ("français"); a menu item starts with a capital.
    return name[:1].upper() + name[1:] if name else locale


def image_size(path: Path) -> tuple[int | None, int | None]:
    """Width and height in pixels, so the page does not jump as images load."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None, None


def link_item(cta: m.CallToAction | None, direction: str = "ltr") -> LinkItem | None:
    return LinkItem(isolated(cta.text, direction), safe_url(cta.url)) if cta else None


def pack_link(release: m.Release, locale: str, direction: str) -> LinkItem | None:
    """The page's link to its release's zip, which sits beside the release folder:
    the page is OUT/<slug>/<locale>/<slug>.html, the zip OUT/<slug>.zip."""
    if release.pack_file is None:
        return None
    href = "../../" + url_quote(release.pack_file)
    return LinkItem(isolated(label("pack_download", locale), direction), href)


def logo(org: m.Organisation) -> Logo | None:
    """The logo as a data: URI, or None to show the organisation's name instead."""
    if org.logo is None:
        return None
    data = org.logo.read_bytes()
    media_type = next((t for magic, t in _IMAGE_TYPES.items() if data.startswith(magic)), None)
    if media_type is None:
        return None
    width, height = image_size(org.logo)
    uri = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
    return Logo(uri, org.logo_alt or org.name, width, height)


def safe_url(url: str) -> str:
    """`url` if its scheme is one a release may link to; the loader already ensures it."""
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in _SAFE_SCHEMES else "#"


# --------------------------------------------------------------------------
# Head: language, metadata, styles


def open_graph(release: m.Release, locale: str, description: str) -> tuple[tuple[str, str], ...]:
    return (
        ("og:type", "article"),
        ("og:title", release.headline),
        ("og:description", description),
        ("og:locale", wording.babel_locale(locale)),
        ("og:site_name", release.organisation.name),
        ("article:published_time", release.date.isoformat()),
    )


def json_ld(release: m.Release, locale: str, description: str) -> Markup:
    """Schema.org NewsArticle, safe inside <script>: `<`, `>` and `&` are JSON escapes."""
    org = release.organisation
    organisation: dict[str, str] = {"@type": "Organization", "name": org.name}
    if org.url:
        organisation["url"] = org.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.headline,
        "description": description,
        "datePublished": release.date.isoformat(),
        "inLanguage": locale,
        "publisher": organisation,
        "author": organisation,
    }
    if release.keywords:
        data["keywords"] = ", ".join(release.keywords)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def css_variables(theme: Theme) -> Markup:
    """The theme's colours and fonts as CSS custom properties (values checked, so safe in <style>)."""
    colours = theme.spec.colours
    background = colours.background
    values = {
        "primary": colours.primary,
        "accent": colours.accent,
        "text": colours.text,
        "muted": readable_colour(colours.muted, background, colours.text),
        "background": background,
        "quote-rule": colours.quote_rule,
        "link": readable_colour(colours.accent, background, colours.primary),
        "on-primary": contrasting(colours.primary),
        "tint": mix(colours.primary, background, 0.06),
        "rule": mix(colours.muted, background, 0.3),
        "font": html_font_stack(theme.spec.fonts.body, theme.spec.fonts.html_stack),
        "heading-font": html_font_stack(theme.spec.fonts.heading, theme.spec.fonts.html_stack),
        "mono-font": html_font_stack(theme.spec.fonts.mono, MONOSPACE_FALLBACK),
        "logo-width": f"{theme.spec.logo_width_mm:g}mm",
    }
    return Markup("\n").join(Markup(f"  --{name}: {value};") for name, value in values.items())


def script_font_rules(theme: Theme, locales: tuple[str, ...]) -> Markup:
    """A font stack for each language the page is offered in whose script the theme names a family for.

    The script's family leads, so an Arabic page is not set in the body font's
    own Arabic; for CJK the body stack leads, its Latin letters being the
    brand's, and the CJK family follows for the characters it lacks.
    """
    stack = html_font_stack(theme.spec.fonts.body, theme.spec.fonts.html_stack)
    rules: list[Markup] = []
    for locale in dict.fromkeys(locales):
        script = fonts.locale_script(locale)
        family = theme.script_families.get(script) if script else None
        if family is None or script is None:
            continue
        quoted_family = css_font_stack(f'"{family}"')
        fonts_in_order = (
            f"{stack}, {quoted_family}" if script in fonts.CJK_SCRIPTS else f"{quoted_family}, {stack}"
        )
        language = re.sub(r"[^A-Za-z0-9-]", "", locale)
        # On <body> (code keeps its own face) and on any element tagged with the language.
        selector = f"html:lang({language}) body, body [lang]:lang({language})"
        rules.append(Markup(f"{selector} {{ font-family: {fonts_in_order}; }}"))
    return Markup("\n").join(rules)


def print_page_rule(theme: Theme) -> str:
    margins = theme.spec.margins
    box = " ".join(f"{v:g}mm" for v in (margins.top, margins.right, margins.bottom, margins.left))
    return f"size: {theme.spec.page_size}; margin: {box};"


def html_font_stack(family: str, stack: str) -> str:
    """The theme's family (as in the PDF and DOCX) first, then the stack's fallbacks for screens without it."""
    fallbacks = css_font_stack(stack)
    first = fallbacks.split(",")[0].strip().strip("\"'")
    if first.lower() == family.lower():
        return fallbacks
    return css_font_stack(f'"{family}", {fallbacks}')


def css_font_stack(stack: str) -> str:
    """The font stack with anything that could end the declaration or the <style> removed."""
    cleaned = re.sub(r"[^\w\s\"',.-]", "", stack)
    for quote in "\"'":
        if cleaned.count(quote) % 2:
            cleaned = cleaned.replace(quote, "")
    return cleaned.strip() or "sans-serif"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#RRGGBB` colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_colour(colour: str, background: str, fallback: str) -> str:
    """`colour` if it meets WCAG AA (4.5:1) on `background`, else `fallback`."""
    return colour if contrast_ratio(colour, background) >= 4.5 else fallback


def contrasting(background: str) -> str:
    """White or near-black text, whichever reads better on `background`."""
    white, black = "#FFFFFF", "#111111"
    return white if contrast_ratio(white, background) >= contrast_ratio(black, background) else black


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base`, as `#RRGGBB`."""
    mixed = (round(c * amount + b * (1 - amount)) for c, b in zip(_rgb(colour), _rgb(base), strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)
