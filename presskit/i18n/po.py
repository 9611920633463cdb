"""PO (gettext) files, written and read with translate-toolkit's `pypo`.

Each unit is a message whose `msgctxt` is the unit id and whose `msgid` is
the source with its placeholders as tokens: `{1}…{/1}` around bold, italic
and linked text, `{stat:id}` for a statistic, `{br}` for a line break, `{3/}`
for inline code. Extracted comments (`#.`) say what the field is, list the
placeholders and record the source hash; a stale translation is `fuzzy`.
The header names the release (`X-Presskit-Release`) and the languages.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.storage import pypo

from presskit.i18n import glossary
from presskit.i18n.files import Entry, EntryStatus, FileProblem, Header, Kept, Resolved, TranslationFile
from presskit.i18n.inline import Pieces, Tag, po_text
from presskit.i18n.units import Unit, text_hash

SOURCE_HASH = "presskit-source-hash:"
TRANSLATED_HASH = "presskit-translated-hash:"
# A unit's place as a PO reference: release, target language, unit id (ids and slugs hold no ':' or space).
_LOCATION = re.compile(r"^([a-z0-9][a-z0-9_-]*)/([A-Za-z0-9-]+):([^\s:]+)$")


def unit_location(slug: str, locale: str, unit_id: str) -> str:
    """`gta-2025/de:headline`: where presskit's XLIFF 1.2 says a unit is from, and xliff2po's `#:` line."""
    return f"{slug}/{locale}:{unit_id}"


def parse_location(text: str) -> tuple[str, str, str] | None:
    """The release, language and unit id of a `unit_location`; None for any other reference."""
    match = _LOCATION.match(text.strip())
    return (match.group(1), match.group(2), match.group(3)) if match else None


def write_po(header: Header, rows: Sequence[Resolved]) -> bytes:
    store: Any = pypo.pofile()
    store.init_headers(
        charset="UTF-8",
        encoding="8bit",
        project_id_version=header.slug,
        pot_creation_date=f"{header.date} 00:00+0000",
        language=header.target_locale,
        x_generator="presskit",
        x_presskit_release=header.slug,
        x_presskit_source_language=header.source_locale,
    )
    for row in rows:
        unit = row.unit
        message = store.addsourceunit(unit.text)
        message.setcontext(unit.id)
        message.addnote(unit.note, origin="developer")
        message.addnote(
            glossary.terms_note(header.glossary, unit.pieces, header.target_locale), origin="developer"
        )
        legend = _legend(unit)
        if legend:
            message.addnote(legend, origin="developer")
        message.addnote(f"{SOURCE_HASH} {unit.hash}", origin="developer")
        if row.state == "stale" and row.translated_hash:
            message.addnote(f"{TRANSLATED_HASH} {row.translated_hash}", origin="developer")
        if unit.max_length:
            message.settypecomment(f"max-length:{unit.max_length}")
        draft = row.entry if row.state == "missing" and row.entry and row.entry.is_draft else None
        target = row.target if row.target is not None else draft.target_pieces(unit.kind) if draft else None
        if target is not None and (draft is None or draft.source_hash == unit.hash):
            message.target = po_text(_named(target, unit))
            if row.state != "current":
                message.markfuzzy(True)  # stale, or a draft: PO's one state short of translated
        _restore(message, row)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _restore(message: Any, row: Resolved) -> None:
    """The translator's comments, flags and previous msgid back as returned; a stale unit's old source."""
    kept = row.kept()
    if kept is not None and kept.format == "po":
        for comment in kept.po_comments:
            message.addnote(comment, origin="translator")
        for flag in kept.po_flags:
            message.settypecomment(flag)
        if kept.po_previous is not None and row.state != "stale":
            message.prev_source = kept.po_previous
    previous = row.previous_source()
    if previous is not None:
        message.prev_source = po_text(previous)


def _legend(unit: Unit) -> str:
    if not unit.placeholders:
        return ""
    parts = [f"{p.po_token()} = {p.meaning()}" for p in unit.placeholders.values()]
    return "Placeholders, each to keep once (they may move): " + "; ".join(parts) + "."


def _named(pieces: Pieces, unit: Unit) -> Pieces:
    """Standalone placeholders by meaning (`{stat:id}`) where the unit's source names them."""
    out: list[Tag | str] = []
    for piece in pieces:
        if isinstance(piece, Tag) and piece.kind == "point" and piece.name is None and piece.number:
            placeholder = unit.placeholders.get(piece.number)
            if placeholder is not None and placeholder.name:
                piece = Tag("point", piece.number, placeholder.name)
        out.append(piece)
    return tuple(out)


def read_po(path: Path, data: bytes) -> TranslationFile:
    """A translation file from PO bytes: presskit's own, or translate-toolkit's xliff2po of its XLIFF.

    xliff2po writes no msgctxt (but where two messages share a msgid) and no
    presskit header; each message is then known by its `#:` reference
    (`unit_location`), which also names the release and the language.
    """
    try:
        parse: Any = pypo.pofile.parsestring  # translate-toolkit leaves it untyped
        store = parse(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise FileProblem(f"malformed PO: {error}".strip()) from None
    header = store.parseheader()
    text = data.decode("utf-8", errors="replace")
    lines: dict[str, int] = {}
    for match in re.finditer(r'^(?:msgctxt "(.*)"|#: (\S+))\s*$', text, re.MULTILINE):
        lines.setdefault(match.group(1) or match.group(2), text.count("\n", 0, match.start()) + 1)
    entries = []
    places: dict[tuple[str, str], None] = {}  # (release, language) the references name, in order
    seen: set[str] = set()
    for message in store.units:
        if message.isheader() or message.isobsolete():
            continue
        ident, place = _identity(message)
        line = lines.get(message.getcontext() or "") or (lines.get(unit_location(*place)) if place else None)
        if place is not None:
            places.setdefault(place[:2])
        if not ident:
            raise FileProblem(
                f"a message without msgctxt (presskit's unit id): {message.source[:40]!r}",
                hint="keep the msgctxt lines presskit wrote, or the #: references in a PO made by xliff2po",
            )
        if ident in seen:
            raise FileProblem(f'two messages have the msgctxt "{ident}"', line)
        seen.add(ident)
        entries.append(_entry(message, ident, line))
    releases: tuple[str, ...] = (header.get("X-Presskit-Release", ""),)
    language = header.get("Language") or None
    if "X-Presskit-Release" not in header and places:  # xliff2po's: the references say
        releases = tuple(dict.fromkeys(slug for slug, _ in places))
    if language is None and places:
        locales = dict.fromkeys(locale for _, locale in places)
        if len(locales) > 1:
            raise FileProblem(
                f"the messages' references name several languages ({', '.join(locales)}) and the header none",
                hint="convert one XLIFF file per language, or set Language: in the header",
            )
        language = next(iter(locales))
    return TranslationFile(
        path,
        "po",
        releases,
        header.get("X-Presskit-Source-Language") or None,
        language,
        tuple(entries),
    )


def _identity(message: Any) -> tuple[str, tuple[str, str, str] | None]:
    """A message's unit id (its msgctxt, or its presskit reference) and that reference, if any."""
    context = message.getcontext() or ""
    places = [p for p in map(parse_location, message.getlocations()) if p is not None]
    place = parse_location(context) or (places[0] if len(places) == 1 else None)
    if place is not None and (not context or context == unit_location(*place)):
        return place[2], place  # xliff2po: no msgctxt, or the reference made one (a shared msgid)
    return context, place


def _entry(message: Any, ident: str, line: int | None) -> Entry:
    if message.hasplural():
        raise FileProblem(f'"{ident}" has plural forms; presskit writes none', line)
    notes = message.getnotes("developer").splitlines()
    source = str(message.source)
    source_hash = _note(notes, SOURCE_HASH) or text_hash(source)
    target = str(message.target or "")
    status: EntryStatus
    if not target.strip():
        status = "untranslated"
    elif message.isfuzzy():  # presskit's stale units carry the hash they were translated from
        status = "needs-review" if _note(notes, TRANSLATED_HASH) else "draft"
    else:
        status = "translated"
    translated_hash = {"translated": source_hash, "needs-review": _note(notes, TRANSLATED_HASH)}.get(status)
    previous = str(message.prev_source) if message.prev_msgid else None
    entry = Entry(ident, source, source_hash, status, target or None, translated_hash, line)
    return dataclasses.replace(
        entry,
        kept=_kept(message, source_hash, target),
        approved=status == "translated",
        previous_source=previous if status == "needs-review" else None,
    )


def _kept(message: Any, source_hash: str, target: str) -> Kept:
    """What the translator's tool wrote on a message: `# ` comments, flags, `#| msgid`."""
    comments = tuple(message.getnotes("translator").splitlines())
    flags = tuple(
        flag
        for line in message.typecomments
        for flag in (part.strip() for part in line[2:].split(","))
        if flag and flag != "fuzzy" and not flag.startswith("max-length:")
    )
    previous = str(message.prev_source) if message.prev_msgid else None
    return Kept(
        "po",
        source_hash,
        text_hash(target) if target else None,
        po_comments=comments,
        po_flags=flags,
        po_previous=previous,
    )


def _note(notes: list[str], prefix: str) -> str | None:
    for note in notes:
        if note.startswith(prefix):
            return note[len(prefix) :].strip() or None
    return None
