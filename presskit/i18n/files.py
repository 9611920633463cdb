"""A translation file in any format as presskit sees it, and what each unit's translation is worth.

Readers (`xliff.py`, `po.py`) turn a file into a `TranslationFile`; writers
turn `Row`s back into bytes. `resolve` decides, for each unit of the release
as it stands, whether a file holds a current translation, a stale one (made
for a source text that has since changed) or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from presskit import model as m
from presskit.i18n.inline import Pieces, TargetError, check_target, is_empty, parse_po, plain_pieces
from presskit.i18n.units import Unit, UnitKind

FileFormat = Literal["xliff", "xliff2", "po"]
# "draft": a target the translator's tool marks unfinished (XLIFF 1.2 new, needs-translation,
# needs-adaptation, needs-l10n; 2.0 initial; PO fuzzy), kept in the store, never published.
EntryStatus = Literal["translated", "needs-review", "draft", "untranslated"]
Requirement = Literal["translated", "approved"]  # what a build publishes: `build --require`
State = Literal["current", "stale", "missing"]

# Default file names, by format, in releases/<slug>/i18n/.
EXTENSIONS: dict[FileFormat, str] = {"xliff": ".xlf", "xliff2": ".xliff", "po": ".po"}
FORMAT_NAMES: dict[FileFormat, str] = {"xliff": "XLIFF 1.2", "xliff2": "XLIFF 2.0", "po": "PO"}

Content = Pieces | str  # pieces (XLIFF, structural) or PO text (tokenised once the unit's kind is known)


def pieces_of(content: Content, kind: UnitKind) -> Pieces:
    if isinstance(content, str):
        return parse_po(content) if kind == "inline" else plain_pieces(content)
    return content


class FileProblem(ValueError):
    """Something wrong with a translation file, at a line where known."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


@dataclass(frozen=True)
class Header:
    """What a translation file says about itself."""

    slug: str  # the release it belongs to (XLIFF `original`, PO `X-Presskit-Release`)
    source_locale: str
    target_locale: str
    date: str  # the release date, YYYY-MM-DD: PO's POT-Creation-Date (never the clock)
    markup: tuple[bytes, ...] = ()  # XLIFF 1.2 <header> children a translator's tool wrote
    store: bool = False  # the store i18n/<locale>.xlf: other formats' markup kept in <pk:kept>
    glossary: tuple[m.GlossaryTerm, ...] = ()  # marked and noted in each unit that holds a term


@dataclass(frozen=True)
class Kept:
    """What a translator's tool wrote on one unit besides the words, kept as it was returned.

    `translation` (XLIFF 1.2 `<seg-source>` and `<target>`, XLIFF 2.0 `<segment>`s and
    `<ignorable>`s) holds only for the source it was made for, `source_hash`; `extras`
    (notes, `<alt-trans>`, context and metadata groups, extensions) are kept whatever
    happens. XML is kept serialised, in the file's own namespace, so an entry stays frozen.
    """

    format: FileFormat
    source_hash: str
    target_hash: str | None = None  # of the target the markup carries (PO text), to prove it unchanged
    attributes: tuple[tuple[str, str], ...] = ()  # unit attributes presskit does not write (approved…)
    translation: tuple[bytes, ...] = ()
    extras: tuple[bytes, ...] = ()
    po_comments: tuple[str, ...] = ()  # PO translator comments (`# `), one a line
    po_flags: tuple[str, ...] = ()  # `#, fuzzy, c-format`
    po_previous: str | None = None  # `#| msgid`, unquoted


@dataclass(frozen=True)
class Entry:
    """One unit of a translation file."""

    id: str
    source: Content
    source_hash: str  # of the source this file carries (as written by presskit, else computed)
    status: EntryStatus
    target: Content | None
    # The hash of the source the target translates: the file's source when the
    # unit is marked translated; what presskit recorded when it is marked for review.
    translated_hash: str | None
    line: int | None = None
    kept: Kept | None = None
    approved: bool = False  # reviewed: 1.2 approved="yes", final or signed-off; 2.0 final; PO not fuzzy
    previous_source: Content | None = None  # the source a stale target translates, where the file says

    @property
    def has_target(self) -> bool:
        return self.target is not None and self.status in ("translated", "needs-review")

    @property
    def is_draft(self) -> bool:
        return self.status == "draft" and self.target is not None

    def target_pieces(self, kind: UnitKind) -> Pieces:
        assert self.target is not None
        return pieces_of(self.target, kind)

    def checked_target(self, unit: Unit) -> Pieces:
        """The target's pieces matched to `unit`'s placeholders; TargetError if they do not fit."""
        return check_target(self.target_pieces(unit.kind), unit.pieces)

    def checked_against_own_source(self, kind: UnitKind) -> Pieces:
        """The target checked against the source this file carries (a returned file's own promise)."""
        return check_target(self.target_pieces(kind), pieces_of(self.source, kind))


@dataclass(frozen=True)
class TranslationFile:
    path: Path
    format: FileFormat
    releases: tuple[str, ...]  # the slugs the file says it belongs to (XLIFF `original`, PO header)
    source_locale: str | None
    target_locale: str | None
    entries: tuple[Entry, ...]
    release_line: int | None = None  # where the slug is stated
    locale_line: int | None = None
    header: tuple[bytes, ...] = ()  # XLIFF 1.2 <header> children a tool wrote (phase-group, tool…)
    codes: Literal["g", "bpt"] = (
        "bpt"  # XLIFF 1.2 inline codes: <bpt>/<ept>/<ph>, or presskit's earlier <g>/<x>
    )

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}


@dataclass(frozen=True)
class Resolved:
    """A unit and what the translation file holds for it."""

    unit: Unit
    state: State
    target: Pieces | None = None  # current: matched to the unit; stale: as written
    translated_hash: str | None = None
    entry: Entry | None = None  # missing: a draft, or a unit carrying only a translator's notes
    reason: str | None = None  # why a present translation is not current

    def previous_source(self) -> Pieces | None:
        """The source a stale translation was made for, where the file it came from shows it."""
        entry = self.entry
        if self.state != "stale" or entry is None:
            return None
        content = entry.source if entry.source_hash == self.translated_hash else entry.previous_source
        return None if content is None else pieces_of(content, self.unit.kind)

    def kept(self) -> Kept | None:
        return self.entry.kept if self.entry else None

    def translation_kept(self, fmt: FileFormat) -> Kept | None:
        """The translator's own markup for the words, in `fmt`, where it still holds for the source."""
        kept = self.kept()
        if kept is None or kept.format != fmt or not kept.translation or kept.source_hash != self.unit.hash:
            return None
        return kept if self.state == "current" or (self.state == "missing" and self.entry) else None


@dataclass
class Counts:
    total: int = 0
    current: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # missing units holding a translator's draft
    approved: list[str] = field(default_factory=list)  # current units a reviewer approved


def resolve(units: Sequence[Unit], entries: Iterable[Entry]) -> list[Resolved]:
    """What each unit's translation is worth.

    A translation is *current* when it was made for the unit's source text as
    it is now (same hash); a translation made for that text under another id
    (a paragraph moved) counts too. Otherwise a translation under the unit's
    id is *stale*, unless it was made for another unit's current text (then
    it belongs there, and this unit is *missing*).
    """
    entries = list(entries)
    with_target = [e for e in entries if e.has_target]
    unused = {e.id: e for e in entries if e.status in ("draft", "untranslated")}
    by_id = {e.id: e for e in with_target}
    by_hash: dict[str, Entry] = {}
    for entry in with_target:
        if entry.translated_hash:
            by_hash.setdefault(entry.translated_hash, entry)
    current_hashes = {u.hash for u in units}
    out: list[Resolved] = []
    for unit in units:
        own = by_id.get(unit.id)
        candidates = [e for e in (own, by_hash.get(unit.hash)) if e and e.translated_hash == unit.hash]
        resolved = None
        reason = None
        for entry in candidates:
            try:
                pieces = entry.checked_target(unit)
            except TargetError as error:
                reason = str(error)
                continue
            if is_empty(pieces):
                continue
            resolved = Resolved(unit, "current", pieces, unit.hash, entry)
            break
        if resolved is None and own is not None and (reason or own.translated_hash not in current_hashes):
            resolved = Resolved(
                unit,
                "stale",
                own.target_pieces(unit.kind),
                own.translated_hash,
                own,
                reason or "the source text changed since it was translated",
            )
        out.append(resolved or Resolved(unit, "missing", entry=unused.get(unit.id)))
    return out


def count(resolved: Iterable[Resolved]) -> Counts:
    counts = Counts()
    for r in resolved:
        counts.total += 1
        {"current": counts.current, "stale": counts.stale, "missing": counts.missing}[r.state].append(
            r.unit.id
        )
        if r.state == "missing" and r.entry is not None and r.entry.is_draft:
            counts.drafts.append(r.unit.id)
        if r.state == "current" and r.entry is not None and r.entry.approved:
            counts.approved.append(r.unit.id)
    return counts
