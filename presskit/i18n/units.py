"""Translation units: one per translatable field of a release, with a stable id.

Ids are field paths (`headline`, `highlights[0]`, `body[4]`,
`body[16].items[2]`, `quotes.drennan.text`, `statistics.gdp-cost.label`).
One walk over the release both lists the units and, given translated values,
rebuilds the release with them, so the two can never disagree on what a path
means.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from presskit import model as m
from presskit.i18n.inline import Pieces, Placeholder, plain_pieces, po_text, source_pieces
from presskit.source import schema as s

UnitKind = Literal["plain", "inline"]
Value = str | m.Inlines  # a plain field's text, or an inline field's tree

HEADLINE_MAX = s.HEADLINE_MAX
# Fields made of many units (one per paragraph, list item, table cell) whose translations
# share the field's limit, as the source's text does.
SHARED_LIMITS = {
    "body": s.BODY_MAX,
    "notes_to_editors": s.NOTES_MAX,
    "disclaimer": s.NOTES_MAX,
    "organisation.boilerplate": s.BOILERPLATE_MAX,
}


def text_hash(canonical: str) -> str:
    """The hash that marks a translation stale: the first 16 hex digits of SHA-256."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Unit:
    """One translatable field: plain text (a headline, a caption) or inline Markdown (a paragraph)."""

    id: str
    kind: UnitKind
    note: str  # what the field is, for the translator
    source: Value
    max_length: int | None = None  # told to translators (XLIFF maxwidth, a PO flag)
    # The most characters of text a translation may have: its source field's limit (schema.py).
    length_limit: int = s.LINE_MAX

    @property
    def shared(self) -> str | None:
        """The field whose limit this unit's translation shares with its siblings (`body` for `body[4]`)."""
        field = self.id.split("[", 1)[0]
        return field if field in SHARED_LIMITS and field != self.id else None

    @cached_property
    def _parsed(self) -> tuple[Pieces, dict[int, Placeholder]]:
        if isinstance(self.source, str):
            return plain_pieces(self.source), {}
        return source_pieces(self.source)

    @property
    def pieces(self) -> Pieces:
        return self._parsed[0]

    @property
    def placeholders(self) -> dict[int, Placeholder]:
        return self._parsed[1]

    @cached_property
    def text(self) -> str:
        """The source as PO shows it (placeholders as `{1}…{/1}`, `{stat:id}`): the hashed form."""
        return self.source if isinstance(self.source, str) else po_text(self.pieces)

    @cached_property
    def hash(self) -> str:
        return text_hash(self.text)

    @property
    def xliff2_id(self) -> str:
        """The id as an XML NMTOKEN (XLIFF 2.0 forbids brackets): `body.16.items.2`."""
        return self.id.replace("[", ".").replace("]", "")


def release_units(release: m.Release) -> tuple[Unit, ...]:
    """Every translatable field of `release`, in document order."""
    walk = _Fields({})
    walk.release(release)
    return tuple(walk.units)


def apply_values(
    release: m.Release, values: Mapping[str, Value], *, untranslated_in: str | None = None
) -> m.Release:
    """`release` with the fields named in `values` replaced (others unchanged).

    With `untranslated_in` (an edition in another language: the release's own), each field
    left in that language says so: Markdown text wrapped in `Foreign`, one-line fields listed
    in `untranslated`, so every format marks them with their language.
    """
    walk = _Fields(values, untranslated_in)
    edition = walk.release(release)
    if untranslated_in is None:
        return edition
    return dataclasses.replace(
        edition, source_locale=untranslated_in, untranslated=frozenset(walk.untranslated)
    )


def _has_words(inlines: m.Inlines) -> bool:
    """Whether the inlines hold a letter of their own (a figure, a URL's digits or a dash do not
    need a language)."""
    for node in inlines:
        if isinstance(node, m.Text | m.Code) and any(char.isalpha() for char in node.text):
            return True
        if isinstance(node, m.Strong | m.Emphasis | m.Link | m.Foreign) and _has_words(node.children):
            return True
    return False


_ITEM = {True: "a numbered list", False: "a bulleted list"}
PERSON_NOTE = (
    "The name of {what}: a person's name stays as it is, written in the target language's script "
    "where it has another (Дэвид, ديفيد)."
)


class _Fields:
    """Walks a release's translatable fields in a fixed order, listing units and replacing values."""

    def __init__(self, values: Mapping[str, Value], fallback: str | None = None) -> None:
        self.values = values
        self.fallback = fallback  # the source's language, marked on what stays in it
        self.units: list[Unit] = []
        self.untranslated: list[str] = []

    # -- one field -------------------------------------------------------------

    def plain(self, ident: str, text: str, note: str, max_length: int | None = None) -> str:
        self.units.append(Unit(ident, "plain", note, text, max_length, max_length or s.LINE_MAX))
        value = self.values.get(ident)
        if isinstance(value, str):
            return value
        if self.fallback:
            self.untranslated.append(ident)
        return text

    def optional(self, ident: str, text: str | None, note: str) -> str | None:
        return self.plain(ident, text, note) if text else text

    def inline(self, ident: str, inlines: m.Inlines, note: str, limit: int | None = None) -> m.Inlines:
        if not inlines:
            return inlines
        limit = limit or SHARED_LIMITS[ident.split("[", 1)[0]]  # else a paragraph of a shared field
        self.units.append(Unit(ident, "inline", note, inlines, None, limit))
        value = self.values.get(ident)
        if isinstance(value, tuple):
            return value
        if self.fallback and _has_words(inlines):
            return (m.Foreign(self.fallback, inlines),)
        return inlines

    # -- blocks ----------------------------------------------------------------

    def blocks(self, prefix: str, blocks: m.Blocks, where: str) -> m.Blocks:
        return tuple(self.block(f"{prefix}[{i}]", block, where) for i, block in enumerate(blocks))

    def block(self, path: str, block: m.Block, where: str) -> m.Block:
        if isinstance(block, m.Paragraph):
            return m.Paragraph(self.inline(path, block.children, f"{where}: a paragraph."))
        if isinstance(block, m.Heading):
            note = f"{where}: a {'section' if block.level == 1 else 'sub-section'} heading, one line."
            return m.Heading(block.level, self.inline(path, block.children, note))
        if isinstance(block, m.ListBlock):
            items: list[tuple[m.Block, ...]] = []
            for j, item in enumerate(block.items):
                item_path = f"{path}.items[{j}]"
                what = f"{where}: item {j + 1} of {len(block.items)} in {_ITEM[block.ordered]}"
                if len(item) == 1 and isinstance(item[0], m.Paragraph):
                    items.append((m.Paragraph(self.inline(item_path, item[0].children, what + ".")),))
                else:
                    items.append(self.blocks(item_path, item, what))
            return m.ListBlock(block.ordered, block.start, tuple(items))
        if isinstance(block, m.Table):
            header = tuple(
                self.cell(f"{path}.header[{c}]", cell, f"{where}: a table's header cell, column {c + 1}.")
                for c, cell in enumerate(block.header)
            )
            rows = tuple(
                tuple(
                    self.cell(
                        f"{path}.rows[{r}][{c}]", cell, f"{where}: a table cell, row {r + 1}, column {c + 1}."
                    )
                    for c, cell in enumerate(row)
                )
                for r, row in enumerate(block.rows)
            )
            return m.Table(header, rows)
        if isinstance(block, m.BlockQuote):
            return m.BlockQuote(self.blocks(f"{path}.quote", block.children, f"{where}, a block quotation"))
        return block  # QuoteRef (the quote is its own unit), Preformatted (never translated)

    def cell(self, path: str, cell: m.TableCell, note: str) -> m.TableCell:
        return m.TableCell(self.inline(path, cell.children, note), cell.align)

    # -- the release -----------------------------------------------------------

    def release(self, r: m.Release) -> m.Release:
        headline, subheadline, on_behalf_of, type_label = self.head(r)
        standfirst = self.inline(
            "standfirst",
            r.standfirst,
            "Standfirst: the summary paragraph under the headline.",
            s.STANDFIRST_MAX,
        )
        dateline, wire_tag = self.dateline(r)
        highlights = tuple(
            self.inline(
                f"highlights[{i}]",
                h,
                f"Key point {i + 1} of {len(r.highlights)}, under the standfirst.",
                s.HIGHLIGHT_MAX,
            )
            for i, h in enumerate(r.highlights)
        )
        body = self.blocks("body", r.body, "Body")
        quotes = {key: self.quote(quote) for key, quote in r.quotes.items()}
        statistics = self.statistics(r)
        call_to_action = self.link("call_to_action", r.call_to_action, "Call to action")
        end_mark = self.optional(
            "end_mark",
            r.end_mark,
            "End mark after the last paragraph (a wire convention such as -Ends- or ###); "
            "use the target language's (-Fin- in French) or keep it.",
        )
        notes = self.blocks("notes_to_editors", r.notes_to_editors, "Notes to editors")
        source_line = self.optional("source_line", r.source_line, "The SOURCE line after the end mark.")
        disclaimer = self.blocks("disclaimer", r.disclaimer, "Legal or forward-looking-statements disclaimer")
        events = tuple(self.event(i, event) for i, event in enumerate(r.events))
        contacts = tuple(self.contact(c) for c in r.contacts)
        assets = tuple(self.asset(i, a) for i, a in enumerate(r.assets))
        press_kit = self.link("press_kit", r.press_kit, "Press kit")
        keywords = tuple(
            self.plain(f"keywords[{i}]", k, "A keyword of the documents' metadata (not shown in the text).")
            for i, k in enumerate(r.keywords)
        )
        organisation = self.organisation(r.organisation)
        return dataclasses.replace(
            r,
            headline=headline,
            subheadline=subheadline,
            on_behalf_of=on_behalf_of,
            type_label=type_label,
            standfirst=standfirst,
            dateline=dateline,
            wire_tag=wire_tag,
            highlights=highlights,
            body=body,
            quotes=quotes,
            statistics=statistics,
            call_to_action=call_to_action,
            end_mark=end_mark or "",
            notes_to_editors=notes,
            source_line=source_line,
            disclaimer=disclaimer,
            events=events,
            contacts=contacts,
            assets=assets,
            press_kit=press_kit,
            keywords=keywords,
            organisation=organisation,
        )

    def head(self, r: m.Release) -> tuple[str, str | None, str | None, str | None]:
        """Headline, subheadline, the client (on_behalf_of) and the type label, in that order."""
        headline = self.plain(
            "headline",
            r.headline,
            f"Headline: one line, at most {HEADLINE_MAX} characters (the source has {len(r.headline)}); "
            "also the documents' title.",
            HEADLINE_MAX,
        )
        subheadline = self.optional(
            "subheadline",
            r.subheadline,
            "Subheadline, under the headline: one line, or a few short lines (keep its line breaks).",
        )
        on_behalf_of = self.optional(
            "on_behalf_of",
            r.on_behalf_of,
            "The client an agency issues the release for, after “Issued on behalf of” in the head.",
        )
        type_label = self.optional(
            "type_label", r.type_label, "The kind of release, above the headline (Press release)."
        )
        return headline, subheadline, on_behalf_of, type_label

    def event(self, index: int, event: m.Event) -> m.Event:
        prefix = f"events[{index}]"
        return dataclasses.replace(
            event,
            title=self.plain(f"{prefix}.title", event.title, "The name of an event the release invites to."),
            venue=self.optional(f"{prefix}.venue", event.venue, f"Where “{event.title}” takes place."),
            address=self.optional(f"{prefix}.address", event.address, f"The address of “{event.title}”."),
            dial_in=self.optional(
                f"{prefix}.dial_in",
                event.dial_in,
                f"How to dial in to “{event.title}”: translate the words, keep numbers and codes.",
            ),
            rsvp=self.optional(
                f"{prefix}.rsvp", event.rsvp, f"Whom to tell one is coming to “{event.title}”."
            ),
        )

    def statistics(self, r: m.Release) -> dict[str, m.Statistic]:
        """Each statistic with its label, period and source translated (a source cited by several
        statistics is one unit, under the first of them)."""
        sources: dict[int, m.Source] = {}
        out = {}
        for key, stat in r.statistics.items():
            label = self.plain(
                f"statistics.{key}.label",
                stat.label,
                f"What the statistic “{key}” measures, shown beside its value in the text "
                "and in the fact sheet; a phrase, not a sentence.",
            )
            as_of = stat.as_of
            if isinstance(as_of, str) and any(char.isalpha() for char in as_of):
                as_of = self.plain(
                    f"statistics.{key}.as_of", as_of, f"The period the statistic “{key}” describes."
                )
            if stat.source.number not in sources:
                sources[stat.source.number] = self.source(f"statistics.{key}.source", stat.source)
            out[key] = dataclasses.replace(stat, label=label, as_of=as_of, source=sources[stat.source.number])
        return out

    def source(self, prefix: str, source: m.Source) -> m.Source:
        name = self.plain(
            f"{prefix}.name",
            source.name,
            f"The source cited for a statistic ({source.name}): an organisation or author; use its "
            "official name in the target language where it has one (OECD: OCDE), else keep it.",
        )
        title = self.optional(
            f"{prefix}.title",
            source.title,
            f"The title of the publication {name} is cited from; its published translation where it has one.",
        )
        return dataclasses.replace(source, name=name, title=title)

    def dateline(self, r: m.Release) -> tuple[str | None, str | None]:
        """The dateline's city and the wire tag after its date."""
        dateline = self.optional(
            "dateline",
            r.dateline,
            "Dateline: the city the release is issued from, shown in capitals before the date "
            "(LONDON, 11 December 2025 –). Write the name the target language uses for the city.",
        )
        wire_tag = self.optional(
            "wire_tag",
            r.wire_tag,
            "Wire tag: the wire service named after the dateline's date (/PRNewswire/ --); "
            "keep it, or use the service's name in the target language (CNW Telbec).",
        )
        return dateline, wire_tag

    def quote(self, quote: m.Quote) -> m.Quote:
        speaker = quote.speaker
        prefix = f"quotes.{quote.id}"
        text = self.inline(
            f"{prefix}.text",
            quote.text,
            f"A quote by {speaker.name}; the quotation marks are added around it, do not add them.",
            s.QUOTE_MAX,
        )
        more = tuple(
            self.inline(
                f"{prefix}.text[{k + 1}]",
                paragraph,
                f"Paragraph {k + 2} of the quote by {speaker.name}; the quotation marks are added, do not add them.",
                s.QUOTE_MAX,
            )
            for k, paragraph in enumerate(quote.more)
        )
        also = tuple(self.speaker(f"{prefix}.also[{i}]", one) for i, one in enumerate(quote.also))
        return dataclasses.replace(
            quote, text=text, more=more, speaker=self.speaker(f"{prefix}.speaker", speaker), also=also
        )

    def speaker(self, prefix: str, speaker: m.Speaker) -> m.Speaker:
        """A speaker's name, post-nominals, roles and organisation, as the quote's attribution gives them."""
        name = self.plain(
            f"{prefix}.name",
            speaker.name,
            PERSON_NOTE.format(what=f"the speaker of a quote ({speaker.name})"),
        )
        post_nominals = tuple(
            self.plain(
                f"{prefix}.post_nominals[{k}]",
                letters,
                f"Post-nominal letters of {speaker.name} (honours, degrees): keep them as awarded "
                "unless the target language writes them otherwise.",
            )
            for k, letters in enumerate(speaker.post_nominals)
        )
        roles = tuple(
            self.plain(
                f"{prefix}.roles[{k}]",
                role,
                f"Role {k + 1} of {len(speaker.roles)} of {speaker.name}, in the quote's attribution "
                "(roles are joined with “and”).",
            )
            for k, role in enumerate(speaker.roles)
        )
        organisation = self.optional(
            f"{prefix}.organisation",
            speaker.organisation,
            f"The organisation of {speaker.name}, in the quote's attribution; "
            "translate it only where it has an established name in the target language.",
        )
        return dataclasses.replace(
            speaker, name=name, post_nominals=post_nominals, roles=roles, organisation=organisation
        )

    def link(self, ident: str, link: m.CallToAction | None, what: str) -> m.CallToAction | None:
        if link is None:
            return None
        text = self.plain(f"{ident}.text", link.text, f"{what}: the text of a link to {link.url}; one line.")
        return dataclasses.replace(link, text=text)

    def contact(self, contact: m.Contact) -> m.Contact:
        prefix = f"contacts.{contact.id}"
        name = self.plain(
            f"{prefix}.name",
            contact.name,
            PERSON_NOTE.format(what="a media contact")
            + " A desk rather than a person (Press Office) is translated.",
        )
        organisation = self.optional(
            f"{prefix}.organisation",
            contact.organisation,
            f"Media contact {contact.name}: their organisation; translate it only where it has an "
            "official name in the target language.",
        )
        on_behalf_of = self.optional(
            f"{prefix}.on_behalf_of",
            contact.on_behalf_of,
            f"Media contact {contact.name} (an agency's): the organisation they speak for.",
        )
        role = self.optional(f"{prefix}.role", contact.role, f"Media contact {contact.name}: their role.")
        hours = self.optional(
            f"{prefix}.hours",
            contact.hours,
            f"Media contact {contact.name}: when they can be reached (keep times and zones).",
        )
        phones = tuple(
            dataclasses.replace(
                phone,
                label=self.optional(
                    f"{prefix}.phones[{i}].label",
                    phone.label,
                    f"Media contact {contact.name}: the words before the number {phone.number}.",
                ),
            )
            for i, phone in enumerate(contact.phones)
        )
        group = self.optional(
            f"{prefix}.group", contact.group, f"Media contact {contact.name}: the heading of their group."
        )
        return dataclasses.replace(
            contact,
            name=name,
            role=role,
            organisation=organisation,
            on_behalf_of=on_behalf_of,
            hours=hours,
            phones=phones,
            group=group,
        )

    def asset(self, index: int, asset: m.Asset) -> m.Asset:
        prefix = f"assets[{index}]"
        name = asset.file
        return dataclasses.replace(
            asset,
            title=self.optional(f"{prefix}.title", asset.title, f"Title of the file {name}."),
            caption=self.optional(f"{prefix}.caption", asset.caption, f"Caption of the file {name}."),
            alt=self.optional(
                f"{prefix}.alt",
                asset.alt,
                f"Alternative text of the image {name}, read aloud by screen readers: "
                "describe what the image shows.",
            ),
            credit=self.optional(
                f"{prefix}.credit",
                asset.credit,
                f"Credit of the file {name} (Photo: …): translate the words, keep the names.",
            ),
            licence=self.optional(f"{prefix}.licence", asset.licence, f"Terms of use of the file {name}."),
        )

    def organisation(self, org: m.Organisation) -> m.Organisation:
        return dataclasses.replace(
            org,
            name=self.plain(
                "organisation.name",
                org.name,
                "The name of the organisation issuing the release (in the head, the documents' author, "
                "“About …”): translate it only where it has an official name in the target language, "
                "else keep it.",
            ),
            logo_alt=self.optional(
                "organisation.logo_alt",
                org.logo_alt,
                f"Alternative text of the {org.name} logo, read aloud by screen readers.",
            ),
            about_title=self.optional(
                "organisation.about_title", org.about_title, "Heading of the boilerplate (About …)."
            ),
            boilerplate=self.blocks(
                "organisation.boilerplate", org.boilerplate, f"About {org.name} (the boilerplate)"
            ),
        )
