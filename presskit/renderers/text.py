"""Plain text: the release for e-mail bodies and wire submission.

Python renders the block and inline trees into wrapped text (at the theme's
`text_width`, measured in terminal columns so wide CJK characters count
twice; URLs are never broken); the theme's sandboxed template places the
pieces. Output is UTF-8 with "\\n" line ends and a final newline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import assert_never

import presskit.themes.derived as themed
from presskit import model as m
from presskit.renderers.shared import per_edition
from presskit.themes.templating import prepare_template, render_template, showable
from presskit.themes.theme import Theme
from presskit.words import issuing, wording
from presskit.words.addresses import calendar_address
from presskit.words.breaking import inside_breaks
from presskit.words.labels import label, quote_marks
from presskit.words.local_forms import closing_quote

_URL = re.compile(r"<?(?:https?://|mailto:|www\.)", re.IGNORECASE)
_LABELS = ("key_points", "notes_to_editors", "contacts", "sources", "assets", "press_kit", "events")


@dataclass(frozen=True)
class TextPage:
    width: int
    release_line: str
    release_details: tuple[str, ...]  # the time of issue, "Issued on behalf of …"
    type_label: str
    organisation: str
    headline: str
    headline_rule: str
    subheadline: str | None
    standfirst: str
    highlights: str
    body: str
    call_to_action: str | None
    end_mark: str
    source_line: str | None
    events: tuple[str, ...]
    disclaimer: str
    notes_to_editors: str
    about_title: str
    boilerplate: str
    contacts: tuple[str, ...]
    contacts_position: str  # "top" (under the release line) or "end" (with the back matter)
    sources: str
    assets: str
    press_kit: str | None
    labels: dict[str, str]


@per_edition  # the txt file, and the plain text ninjs and the e-mail carry
def render(release: m.Release, theme: Theme, locale: str) -> bytes:
    """The release as UTF-8 plain text."""
    page = build_page(release, theme, locale)
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    text = render_template(
        theme, theme.spec.text_template, context, autoescape=False, release=release, locale=locale
    )
    text = tidy(showable(text))
    if wording.text_direction(locale) == "rtl":
        text = right_to_left_lines(text)
    return text.encode("utf-8")


def prepare(theme: Theme, locale: str) -> None:
    """Do ahead what the first text of `theme` does first: compile its template."""
    prepare_template(theme, theme.spec.text_template, autoescape=False)


RIGHT_TO_LEFT_MARK = "\u200f"


def right_to_left_lines(text: str) -> str:
    """Each mixed line that starts with a left-to-right word led by a right-to-left mark.

    Mail clients and terminals take a line's direction from its first strong
    character: `LONDON, 11 ديسمبر` would be laid out left to right. The mark
    (invisible, zero width) makes it a right-to-left line like its neighbours.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        first = next(
            (unicodedata.bidirectional(c) for c in line if unicodedata.bidirectional(c) in ("L", "R", "AL")),
            None,
        )
        if first == "L" and any(unicodedata.bidirectional(c) in ("R", "AL") for c in line):
            lines[number] = RIGHT_TO_LEFT_MARK + line
    return "\n".join(lines)


def build_page(release: m.Release, theme: Theme, locale: str) -> TextPage:
    """Every piece the template places, already wrapped."""
    width = theme.spec.text_width
    ctx = Context(release, locale, theme.spec.sources, width, themed.dateline(release, theme, locale))
    org = release.organisation
    headline = wrap(release.headline, width)
    cta = release.call_to_action
    kit = release.press_kit
    return TextPage(
        width=width,
        release_line=wrap(themed.release_line(release, theme, locale), width),
        release_details=tuple(
            wrap(line, width)
            for line in (
                themed.published_line(release, theme, locale),
                issuing.on_behalf_line(release, locale),
            )
            if line
        ),
        type_label=wording.type_label(release, locale),
        organisation=wrap(org.name, width),
        headline=headline,
        headline_rule="=" * max(display_width(line) for line in headline.split("\n")),
        subheadline="\n".join(wrap(line, width) for line in release.subheadline.split("\n"))
        if release.subheadline
        else None,
        standfirst=wrap(inline_text(release.standfirst, ctx), width),
        highlights=bullet_list([wrap(inline_text(h, ctx), width - 2) for h in release.highlights]),
        body=body_text(release, ctx),
        call_to_action=wrap(f"{cta.text}: {cta.url}", width) if cta else None,
        end_mark=centred(release.end_mark, width),
        source_line=wrap(release.source_line, width) if release.source_line else None,
        events=tuple(
            card_text(
                e.title,
                wording.event_lines(
                    e, locale, release.calendar, release.home_locale, calendar_address(release)
                ),
                width,
            )
            for e in release.events
        ),
        disclaimer=blocks_text(release.disclaimer, ctx),
        notes_to_editors=blocks_text(release.notes_to_editors, ctx),
        about_title=wording.about_title(org, locale),
        boilerplate=blocks_text(org.boilerplate, ctx),
        contacts=tuple(
            (f"{group.upper()}\n" if group else "") + contact_text(c, locale, width, release.home_locale)
            for c, group in zip(release.contacts, wording.group_headings(release.contacts), strict=True)
        ),
        contacts_position=theme.spec.contacts,
        sources="\n".join(source_text(release, s, locale, width) for s in release.sources),
        assets=bullet_list([wrap(wording.asset_description(a, locale), width - 2) for a in release.assets]),
        press_kit=press_kit_text(kit, locale, width) if kit else None,
        labels={key: label(key, locale) for key in _LABELS},
    )


def tidy(text: str) -> str:
    """No trailing spaces, no blank lines at either end, one final newline."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


# --------------------------------------------------------------------------
# Blocks and inlines


@dataclass(frozen=True)
class Context:
    release: m.Release
    locale: str
    sources: str  # the theme's sources mode: "endnotes" or "inline"
    width: int
    dateline: str | None = None  # in the theme's style ("": none); None: the default style


def body_text(release: m.Release, ctx: Context) -> str:
    """The body blocks, the first paragraph led by the dateline."""
    dateline = ctx.dateline if ctx.dateline is not None else wording.dateline(release, ctx.locale)
    blocks = list(release.body)
    if not dateline:
        return blocks_text(blocks, ctx)
    first = None if wording.dateline_apart(ctx.locale) else wording.dateline_block(blocks)
    if first is None:
        alone = wrap(wording.dateline_alone(dateline, ctx.locale), ctx.width)
        return "\n\n".join([alone, *(block_text(b, ctx) for b in blocks)])
    parts = [block_text(b, ctx) for b in blocks]
    paragraph = blocks[first]
    assert isinstance(paragraph, m.Paragraph)
    parts[first] = wrap(f"{dateline} {inline_text(paragraph.children, ctx)}", ctx.width)
    return "\n\n".join(parts)


def blocks_text(blocks: Sequence[m.Block], ctx: Context) -> str:
    return "\n\n".join(block_text(b, ctx) for b in blocks)


def block_text(block: m.Block, ctx: Context) -> str:
    match block:
        case m.Paragraph(children):
            return wrap(inline_text(children, ctx), ctx.width)
        case m.Heading(_, children):
            heading = wrap(inline_text(children, ctx), ctx.width)
            return heading + "\n" + "-" * max(display_width(line) for line in heading.split("\n"))
        case m.ListBlock():
            return list_text(block, ctx)
        case m.Table():
            return table_text(block, ctx)
        case m.BlockQuote(children):
            inner = blocks_text(children, narrower(ctx, 2))
            return "\n".join("> " + line for line in inner.split("\n"))
        case m.QuoteRef(quote_id):
            return quote_text(ctx.release.quotes[quote_id], ctx)
        case m.Preformatted(text):
            return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))
        case _:
            assert_never(block)


def narrower(ctx: Context, columns: int) -> Context:
    # Never below 20 columns, however deep the nesting.
    return replace(ctx, width=max(20, ctx.width - columns))


def list_text(block: m.ListBlock, ctx: Context) -> str:
    numbers = range(block.start, block.start + len(block.items))
    markers = [f"{n}." for n in numbers] if block.ordered else ["*"] * len(block.items)
    marker_width = max(len(marker) for marker in markers)
    items = []
    for marker, item in zip(markers, block.items, strict=True):
        content = list_item_text(item, narrower(ctx, marker_width + 1))
        items.append(hanging(marker.rjust(marker_width) + " ", content))
    return "\n".join(items)


def list_item_text(item: tuple[m.Block, ...], ctx: Context) -> str:
    out = ""
    for index, block in enumerate(item):
        if index:
            # A nested list hugs the line above it, as in a tight Markdown list.
            out += "\n" if isinstance(block, m.ListBlock) else "\n\n"
        out += block_text(block, ctx)
    return out


def bullet_list(items: list[str]) -> str:
    """Pre-wrapped `items` as `* ` bullets with a hanging indent."""
    return "\n".join(hanging("* ", item) for item in items)


def hanging(marker: str, content: str) -> str:
    """`content` after `marker`, its further lines indented to line up with the first."""
    indent = " " * display_width(marker)
    first, *rest = content.split("\n")
    return "\n".join([marker + first, *(indent + line if line else "" for line in rest)])


def table_text(table: m.Table, ctx: Context) -> str:
    """Aligned columns when they fit the width, else one `Header: value` record per row."""
    header = [inline_text(cell.children, ctx) for cell in table.header]
    rows = [[inline_text(cell.children, ctx) for cell in row] for row in table.rows]
    rows = [(row + [""] * len(header))[: len(header)] for row in rows]
    widths = [max(display_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    one_line = not any("\n" in cell for row in [header, *rows] for cell in row)
    if one_line and sum(widths) + 2 * (len(widths) - 1) <= ctx.width:
        aligns = [cell.align for cell in table.header]
        return "\n".join(
            "  ".join(pad(cell, w, a) for cell, w, a in zip(line, widths, aligns, strict=True))
            for line in [header, ["-" * w for w in widths], *rows]
        )
    return "\n\n".join(table_record(header, row, ctx.width) for row in rows)


def table_record(header: list[str], row: list[str], width: int) -> str:
    return "\n".join(wrap(f"{h}: {v}", width, "", "  ") for h, v in zip(header, row, strict=True))


def pad(text: str, width: int, align: str | None) -> str:
    space = width - display_width(text)
    if align == "right":
        return " " * space + text
    if align == "center":
        return " " * (space // 2) + text + " " * (space - space // 2)
    return text + " " * space


def quote_text(quote: m.Quote, ctx: Context) -> str:
    opening = quote_marks(ctx.locale)[0]
    *first, final = quote.paragraphs
    final, closing = closing_quote(final, ctx.locale)
    said = "\n\n".join(
        [
            *(wrap(f"{opening}{inline_text(text, ctx)}", ctx.width) for text in first),
            wrap(f"{opening}{inline_text(final, ctx)}{closing}", ctx.width),
        ]
    )
    return said + "\n" + wrap(f"— {wording.quote_attribution(quote, ctx.locale)}", ctx.width, "", "  ")


def inline_text(inlines: m.Inlines, ctx: Context) -> str:
    """Inline content as plain text; links as `text <url>`, statistics as wording gives them."""
    out: list[str] = []
    for node in inlines:
        match node:
            case m.Strong(children) | m.Emphasis(children) | m.Foreign(_, children):
                out.append(inline_text(children, ctx))
            case m.Link(url, children):
                out.append(link_text(inline_text(children, ctx), url))
            case m.StatRef():
                shown = wording.plain_inlines((node,), ctx.release, ctx.locale, sources=ctx.sources)
                out.append(isolated(shown, ctx.locale))
            case _:
                out.append(wording.plain_inlines((node,), ctx.release, ctx.locale, sources=ctx.sources))
    return "".join(out)


def link_text(text: str, url: str) -> str:
    """`text <url>`, or the URL alone where the text says nothing more."""
    shown = url.removeprefix("mailto:")
    if text.strip() in (url, shown) or not text.strip():
        return shown
    return f"{text} <{url}>"


# --------------------------------------------------------------------------
# Back matter


def contact_text(contact: m.Contact, locale: str, width: int, home: str) -> str:
    return card_text(contact.name, wording.contact_lines(contact, locale, home), width)


def card_text(name: str, lines: list[wording.ContactLine], width: int) -> str:
    """A name and the lines under it, each wrapped with a hanging indent; in a right-to-left
    language each value after a label is isolated from it (see `isolated`)."""
    texts = [
        line.caption + isolated(line.value, line.locale) if line.caption else line.text for line in lines
    ]
    return "\n".join(wrap(line, width, "", "  ") for line in (name, *texts))


FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(value: str, locale: str) -> str:
    """`value` between FSI and PDI in a right-to-left language (as HTML's `<bdi>`): a phone
    number or figure keeps its own order and pulls no colon or space across (`38%`, not
    `%38`, after Arabic). Invisible, zero width; left-to-right text needs none."""
    if wording.text_direction(locale) != "rtl":
        return value
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def source_text(release: m.Release, source: m.Source, locale: str, width: int) -> str:
    text = wording.source_text(source, locale)
    if source.url:
        text += f" <{source.url}>"
    marker = f"[{source.number}] "
    entry = hanging(marker, wrap(text, width - len(marker)))
    figures = [
        hanging(" " * len(marker) + "- ", wrap(figure, width - len(marker) - 2))
        for figure in wording.source_figures(release, source, locale)
    ]
    return "\n".join([entry, *figures])


def press_kit_text(kit: m.CallToAction, locale: str, width: int) -> str:
    return wrap(f"{label('press_kit', locale)}: {link_text(kit.text, kit.url)}", width)


def centred(text: str, width: int) -> str:
    return " " * max(0, (width - display_width(text)) // 2) + text


# --------------------------------------------------------------------------
# Wrapping by terminal columns


def wrap(text: str, width: int, first_indent: str = "", indent: str = "") -> str:
    """`text` filled to `width` columns; hard line breaks kept; URLs never broken."""
    lines: list[str] = []
    for number, segment in enumerate(text.split("\n")):
        lines.extend(fill(segment, width, first_indent if number == 0 else indent, indent))
    return "\n".join(lines)


def fill(text: str, width: int, first_indent: str, indent: str) -> list[str]:
    limit = max(1, width - max(display_width(first_indent), display_width(indent)))
    lines: list[str] = []
    line, used, empty = first_indent, display_width(first_indent), True
    for atom, spaced in atoms(text, limit):
        gap = 1 if spaced and not empty else 0
        atom_width = display_width(atom)
        if not empty and used + gap + atom_width > width:
            lines.append(line)
            line, used, empty, gap = indent, display_width(indent), True, 0
        line += " " * gap + atom
        used += gap + atom_width
        empty = False
    lines.append(line)
    return lines


def atoms(text: str, limit: int) -> Iterator[tuple[str, bool]]:
    """The unbreakable pieces of `text`, each with whether a space precedes it.

    Words split at spaces (not at no-break spaces), and inside where
    `word_pieces` finds a break; a word longer than a line is cut, unless it
    is a URL.
    """
    for word_number, word in enumerate(re.split(r"[ \t]+", text.strip(" \t"))):
        if not word:
            continue
        if _URL.match(word):
            pieces = [word]
        else:
            pieces = [cut for piece in word_pieces(word) for cut in cuts(piece, limit)]
        for piece_number, piece in enumerate(pieces):
            yield piece, word_number > 0 and piece_number == 0


def word_pieces(word: str) -> list[str]:
    """`word` split where a line may break inside it, as in the PDF (presskit.words.breaking):
    between Thai, Lao, Khmer and Myanmar words, between CJK characters (punctuation staying
    with what it closes), never inside a Korean word."""
    if word.isascii():
        return [word]
    # Cut by index, not by growing strings: a long word with no break in it stays linear.
    starts = [0, *inside_breaks(word)]
    return [word[a:b] for a, b in zip(starts, [*starts[1:], len(word)], strict=True)]


def cuts(piece: str, limit: int) -> list[str]:
    """`piece` cut into chunks of at most `limit` columns."""
    if 2 * len(piece) <= limit:  # no character takes more than two columns
        return [piece]
    if piece.isascii() and piece.isprintable():  # one column each
        return [piece[i : i + limit] for i in range(0, len(piece), limit)]
    starts = [0]
    used = 0
    for index, char in enumerate(piece):
        char_width = _char_width(char)
        # A combining mark (width 0) stays on its base's line.
        if index > starts[-1] and char_width and used + char_width > limit:
            starts.append(index)
            used = 0
        used += char_width
    return [piece[a:b] for a, b in zip(starts, [*starts[1:], len(piece)], strict=True)]


def display_width(text: str) -> int:
    """Columns `text` takes in a monospaced font: wide East Asian characters take two."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
