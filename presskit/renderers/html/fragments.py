"""The release's block and inline trees as escaped HTML `Markup` fragments.

Text in the other direction than the page's is isolated in `<span dir>`, e-mail
addresses are never in clear in the page source, and links keep to the schemes a
release may use.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal, assert_never
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from presskit import model as m
from presskit.renderers.languages import field_runs, source_field
from presskit.words import fonts, wording
from presskit.words.labels import quote_marks
from presskit.words.local_forms import closing_quote

Emails = Literal["hidden", "linked"]
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# An address's domain, matched from just after its "@". Possessive: nothing follows it in
# the pattern, and a failed match gives nothing back to try again.
_EMAIL_DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")


@dataclass(frozen=True)
class Context:
    release: m.Release
    locale: str
    sources: str  # the theme's sources mode: "endnotes" or "inline"
    heading_offset: int = 1  # Markdown level 1 becomes <h2> in the body
    in_link: bool = False  # no <a> may nest inside another
    direction: str = "ltr"  # the page's: runs of the other direction are marked as such
    dateline: str | None = None  # in the theme's style ("": none); None: the default style
    lang: str | None = None  # the language the text is marked in already (inside `m.Foreign`)
    emails: Emails = "hidden"  # "linked": plain mailto: links, for a message (ninjs, e-mail)


def body_html(release: m.Release, ctx: Context) -> Markup:
    """The body blocks, the first paragraph led by the dateline."""
    words = ctx.dateline if ctx.dateline is not None else wording.dateline(release, ctx.locale)
    shown = field_html(words, release, ctx.direction, "dateline", "wire_tag", isolate=False)
    dateline = Markup('<strong class="dateline">{}</strong> ').format(shown)
    blocks = list(release.body)
    if not words:
        return blocks_html(blocks, ctx)
    first = None if wording.dateline_apart(ctx.locale) else wording.dateline_block(blocks)
    if first is None:
        alone = Markup('<strong class="dateline">{}</strong>').format(
            field_html(
                wording.dateline_alone(words, ctx.locale),
                release,
                ctx.direction,
                "dateline",
                "wire_tag",
                isolate=False,
            )
        )
        return Markup("\n").join([Markup("<p>{}</p>").format(alone), blocks_html(blocks, ctx)])
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
    """The quote in the locale's marks: each paragraph opens with one, the last closes it."""
    opening = quote_marks(ctx.locale)[0]
    *first, final = quote.paragraphs
    final, closing = closing_quote(final, ctx.locale)
    paragraphs = Markup("</p><p>").join(
        [
            *(Markup("{}{}").format(opening, inlines_html(text, ctx)) for text in first),
            Markup("{}{}{}").format(opening, inlines_html(final, ctx), closing),
        ]
    )
    lang = Markup(' lang="{}"').format(quote.lang) if quote.lang and quote.lang != ctx.locale else ""
    attribution = wording.quote_attribution(quote, ctx.locale)
    return Markup(
        '<figure class="quote">\n<blockquote{}><p>{}</p></blockquote>\n'
        "<figcaption>— <cite>{}</cite></figcaption>\n</figure>"
    ).format(
        lang,
        paragraphs,
        field_html(attribution, ctx.release, ctx.direction, f"quotes.{quote.id}", isolate=False),
    )


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
        case m.Strong(children) | m.Emphasis(children) | m.Link(_, children) | m.Foreign(_, children):
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
            return link_html(url, inlines_html(children, replace(ctx, in_link=True)), ctx.emails)
        case m.LineBreak():
            return Markup("<br>\n")
        case m.StatRef(stat_id, labelled):
            return statistic_html(ctx.release.statistics[stat_id], ctx, labelled)
        case m.Foreign(lang, children):
            inner = inlines_html(children, replace(ctx, lang=lang))
            return Markup('<span lang="{}">{}</span>').format(lang, inner)
        case _:
            assert_never(node)


def text_html(text: str, ctx: Context) -> Markup:
    """Escaped text, any e-mail address in it hidden from harvesters."""
    out: list[Markup] = []
    position = 0
    for start, end in email_spans(text):
        out.append(escape(text[position:start]))
        out.append(email_html(text[start:end], ctx.emails, tag="span" if ctx.in_link else "a"))
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


def field_html(text: str, release: m.Release, direction: str, *fields: str, isolate: bool = True) -> Markup:
    """`text` (a line holding one-line fields, see `presskit.renderers.languages`) escaped, and
    `isolated` unless `isolate` is False; each of the fields under `fields` left untranslated
    in a `<span lang>` of its own. One wholly in the other direction than the page's says that
    too (`dir`), so an English role in an Arabic page is laid out left to right as one run."""
    out: list[Markup] = []
    for piece, lang in field_runs(text, release, *fields):
        if lang is None:
            out.append(isolated(piece, direction) if isolate else escape(piece))
        elif direction_kind(piece, direction) == "other":
            other = "ltr" if direction == "rtl" else "rtl"
            out.append(Markup('<span lang="{}" dir="{}">{}</span>').format(lang, other, piece))
        else:
            out.append(Markup('<span lang="{}">{}</span>').format(lang, isolated(piece, direction)))
    return Markup("").join(out)


def language_span(shown: Markup, text: str, lang: str, direction: str) -> Markup:
    """`shown` (the HTML of `text`) said to be in `lang`, and laid out in its own direction where
    `text` is wholly in the other direction than the page's."""
    if direction_kind(text, direction) == "other":
        other = "ltr" if direction == "rtl" else "rtl"
        return Markup('<span lang="{}" dir="{}">{}</span>').format(lang, other, shown)
    return Markup('<span lang="{}">{}</span>').format(lang, shown)


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


def link_html(url: str, content: Markup, emails: Emails = "hidden") -> Markup:
    if url.lower().startswith("mailto:") and emails == "hidden":
        return Markup('<a class="email" data-email="{}">{}</a>').format(encode_email(url[7:]), content)
    bare = Markup(' class="bare"') if str(content) == str(escape(url)) else Markup()
    return Markup('<a href="{}"{}>{}</a>').format(safe_url(url), bare, content)


def statistic_html(stat: m.Statistic, ctx: Context, labelled: bool = False) -> Markup:
    value = Markup('<span class="stat">{}</span>').format(wording.format_statistic(stat, ctx.locale))
    # What the figure counts ({stat:id|label}), in the release's language if left untranslated.
    value += inner_field_html(wording.label_after(stat, labelled), ctx, f"statistics.{stat.id}")
    mark = wording.citation(stat, ctx.sources)
    source = stat.source
    if ctx.sources == "endnotes" and ctx.in_link:
        return value + Markup('<sup class="cite">{}</sup>').format(mark)
    if ctx.sources == "endnotes":
        return value + Markup('<sup class="cite"><a href="#{}" title="{}">{}</a></sup>').format(
            source_anchor(source), wording.source_text(source, ctx.locale), mark
        )
    # The source's name, in the release's language if left untranslated.
    field = source_field(ctx.release, source)
    if source.url and not ctx.in_link:
        name = Markup('<a href="{}">{}</a>').format(
            safe_url(source.url), inner_field_html(source.name, ctx, field)
        )
        return value + Markup(' <span class="cite">({})</span>').format(name)
    return value + Markup(' <span class="cite">({})</span>').format(inner_field_html(source.name, ctx, field))


def inner_field_html(text: str, ctx: Context, field: str) -> Markup:
    """`text`, inside a line of the body, holding the release's one-line `field` (a figure's
    label, a source's name): left untranslated, in a `<span lang>` of the release's language;
    translated inside text left in the release's language (`ctx.lang`), in one of the page's;
    else in the language of the text around it."""
    if not ctx.lang:
        return field_html(text, ctx.release, ctx.direction, field, isolate=False)
    if text.strip() and not any(lang for _, lang in field_runs(text, ctx.release, field)):
        return Markup('<span lang="{}">{}</span>').format(ctx.locale, text)
    return escape(text)


# --------------------------------------------------------------------------
# E-mail addresses: never in clear in the page source


def encode_email(target: str) -> str:
    """Base64 of the reversed address: the page's script turns it back into a mailto: link."""
    return base64.b64encode(target[::-1].encode("utf-8")).decode("ascii")


def readable_email(address: str) -> str:
    """`media [at] example [dot] org`: what a reader sees where scripts do not run."""
    return address.replace("@", " [at] ").replace(".", " [dot] ")


def email_html(address: str, emails: Emails, *, tag: str = "a") -> Markup:
    """An address found in text: hidden from harvesters on a page, a plain link in a message
    (a journalist's mail client or a wire system runs no script); text inside another link."""
    if emails == "hidden":
        return hidden_email(address, tag=tag)
    if tag != "a":
        return Markup('<span dir="ltr">{}</span>').format(address)
    return Markup('<a href="mailto:{}" dir="ltr">{}</a>').format(address, address)


def hidden_email(address: str, *, tag: str = "a") -> Markup:
    return Markup('<{} class="email" dir="ltr" data-email="{}" data-email-text>{}</{}>').format(
        Markup(tag), encode_email(address), readable_email(address), Markup(tag)
    )


# --------------------------------------------------------------------------
# Links and anchors


def safe_url(url: str) -> str:
    """`url` if its scheme is one a release may link to; the loader already ensures it."""
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in _SAFE_SCHEMES else "#"


def source_anchor(source: m.Source) -> str:
    return f"source-{source.number}"
