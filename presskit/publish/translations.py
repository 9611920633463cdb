"""Writing translators' files: `presskit i18n extract` and `presskit i18n merge`.

A different existing file at the target is kept as `<file>.bak-<n>` first, so a
translator's work is never overwritten; the files are written atomically by
presskit.publish.writer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import (
    EXTENSIONS,
    FORMAT_NAMES,
    Entry,
    FileFormat,
    Resolved,
    TranslationFile,
    count,
    resolve,
)
from presskit.i18n.glossary import glossary_tbx, term_warnings
from presskit.i18n.inline import TargetError
from presskit.i18n.locales import format_of, locale_file
from presskit.i18n.notation import in_notation
from presskit.i18n.returned import merge_headers
from presskit.i18n.store import (
    MAX_BYTES,
    STORE_FORMAT,
    canonical_locale,
    check_belongs,
    i18n_dir,
    read_translation_file,
    store_path,
)
from presskit.i18n.translate import SharedBudget, check_length, unit_value
from presskit.i18n.units import Unit, release_units
from presskit.i18n.workflow import LocaleCounts, header_for, render, stored_file, target_locale
from presskit.publish.ownership import placement_problem, resolved
from presskit.publish.writer import write_atomic
from presskit.source.reading import UnreadableFile, read_regular

# ---------------------------------------------------------------------------
# Writing


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool  # False: the file already held exactly these bytes
    backup: Path | None = None  # where the previous content was kept


def backup_path(path: Path) -> Path:
    """The next free `<file>.bak-<n>`."""
    pattern = re.compile(re.escape(path.name) + r"\.bak-(\d+)$")
    taken = [
        int(match.group(1))
        for p in path.parent.glob(path.name + ".bak-*")
        if (match := pattern.match(p.name))
    ]
    return path.with_name(f"{path.name}.bak-{max(taken, default=0) + 1}")


def write_keeping_backup(path: Path, data: bytes) -> Written:
    """Write `data` to `path` atomically; an existing, different file is first copied to `<file>.bak-<n>`."""
    backup = None
    if path.exists() or path.is_symlink():
        try:
            old = read_regular(path, 4 * MAX_BYTES, what="file presskit would replace")
        except UnreadableFile as error:
            raise ValidationFailed(
                [Problem(error.message + "; it is left as it is", path, hint="write somewhere else")]
            ) from None
        if old == data:
            return Written(path, changed=False)
        backup = backup_path(path)
        write_atomic(backup, old)
    write_atomic(path, data)
    return Written(path, changed=True, backup=backup)


# ---------------------------------------------------------------------------
# extract


@dataclass(frozen=True)
class Extracted:
    format: FileFormat
    written: Written
    status: LocaleCounts
    glossary: Written | None = None  # the TBX of the glossary's terms, beside the file

    def as_json(self) -> dict[str, Any]:
        return {
            **self.status.as_json(),
            "file": str(self.written.path),
            "format": self.format,
            "changed": self.written.changed,
            "backup": str(self.written.backup) if self.written.backup else None,
            "glossary": str(self.glossary.path) if self.glossary else None,
        }


def extract(
    release: m.Release, locale: str, fmt: FileFormat = "xliff", output: Path | None = None
) -> Extracted:
    """Write the translators' file for `release` into `locale`, keeping every translation made so far.

    The default file is `i18n/<locale>.xlf` (the translations the build reads),
    `.xliff` for XLIFF 2.0, `.po` for PO. A different existing file at the
    target is kept as `<file>.bak-<n>` first.
    """
    locale = target_locale(release, locale)
    stored = stored_file(release, locale)
    rows = resolve(release_units(release), stored.entries if stored else ())
    header = dataclasses.replace(header_for(release, locale), markup=stored.header if stored else ())
    data = render(fmt, header, rows)
    path = output or i18n_dir(release) / f"{locale}{EXTENSIONS[fmt]}"
    kept = store_path(i18n_dir(release), path.stem)
    if path.resolve() == kept.resolve() and (fmt != STORE_FORMAT or path.stem != locale):
        raise ValidationFailed(
            [
                Problem(
                    f"{path} holds the {path.stem} translations the build reads; "
                    f"write the {FORMAT_NAMES[fmt]} file for {locale} elsewhere",
                    path,
                )
            ]
        )
    kept_in = locale_file(i18n_dir(release), locale)
    if output is None and kept_in.exists() and kept_in.resolve() != path.resolve():
        raise ValidationFailed([second_file(kept_in, path, locale, fmt)])
    written = write_keeping_backup(path, data)
    terms = glossary_tbx(release.glossary, release.locale, locale)
    tbx = write_keeping_backup(path.with_suffix(".tbx"), terms) if terms else None
    return Extracted(fmt, written, LocaleCounts(release, locale, path, count(rows)), tbx)


# ---------------------------------------------------------------------------
# merge


@dataclass(frozen=True)
class Merged:
    source: Path  # the returned file
    format: FileFormat
    locale: str
    store: Path  # i18n/<locale>.xlf
    added: tuple[str, ...]  # units that had no translation before
    updated: tuple[str, ...]  # units whose translation changed
    unchanged: int
    warnings: tuple[Problem, ...]
    status: LocaleCounts | None = None  # after the merge
    written: Written | None = None
    drafts: tuple[str, ...] = ()  # units the file holds a draft of: kept in the store, never published

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "format": self.format,
            "locale": self.locale,
            "added": list(self.added),
            "updated": list(self.updated),
            "unchanged": self.unchanged,
            "drafts": list(self.drafts),
            "changed": bool(self.written and self.written.changed),
            "store": str(self.store),
            "backup": str(self.written.backup) if self.written and self.written.backup else None,
            "status": self.status.as_json() if self.status else None,
            "warnings": [w.as_json() for w in self.warnings],
        }

    def summary(self) -> str:
        name = FORMAT_NAMES[self.format]
        text = (
            f"merged {self.source} ({name}, {self.locale}) into {self.store}: {len(self.added)} new, "
            f"{len(self.updated)} updated, {self.unchanged} unchanged"
        )
        if self.drafts:
            n = len(self.drafts)
            text += f", {n} draft{'s' if n != 1 else ''} kept, not used"
        if self.written and self.written.backup:
            text += f" (previous file kept as {self.written.backup.name})"
        elif self.written and not self.written.changed:
            text += " (nothing to change)"
        return text


def merge(release: m.Release, files: Sequence[Path], locale: str | None = None) -> list[Merged]:
    """Take translators' files into `i18n/<locale>.xlf`.

    Every file is read and checked first; if any is refused (malformed, for
    another release or language, placeholders altered), ValidationFailed lists
    every problem and nothing is written. Each translation file replaced is
    first kept as `<file>.bak-<n>`.
    """
    expected = target_locale(release, locale) if locale else None
    units = release_units(release)
    problems: list[Problem] = []
    accepted: list[tuple[TranslationFile, str, list[Entry], list[Problem]]] = []
    for path in files:
        try:
            file = read_translation_file(path)
        except ValidationFailed as failed:
            problems.extend(failed.problems)
            continue
        belongs = check_belongs(file, release, expected)
        if belongs:
            problems.extend(belongs)
            continue
        assert file.target_locale is not None
        try:
            into = canonical_locale(file.target_locale)
        except ValueError as error:
            problems.append(Problem(str(error), path, file.locale_line))
            continue
        entries, unit_problems, warnings = _accept(file, units)
        warnings.extend(altered_terms(release, into, units, entries, file.path))
        problems.extend(unit_problems)
        accepted.append((file, into, entries, warnings))
    # The translations already kept, read (and checked) before anything is written.
    kept: dict[str, dict[str, Entry]] = {}
    markup: dict[str, tuple[bytes, ...]] = {}
    for _, into, _, _ in accepted:
        if into not in kept:
            try:
                stored = stored_file(release, into)
            except ValidationFailed as failed:
                problems.extend(failed.problems)
                continue
            kept[into] = {e.id: e for e in stored.entries} if stored else {}
            markup[into] = stored.header if stored else ()
    if problems:
        raise ValidationFailed(problems)
    folder = i18n_dir(release)
    results: list[Merged] = []
    for file, into, entries, warnings in accepted:
        before = resolve(units, kept[into].values())
        taken = _taken(file, entries, kept[into], warnings)
        kept[into] = {**kept[into], **{e.id: e for e in taken}}
        markup[into] = merge_headers(markup[into], file.header)
        after = resolve(units, kept[into].values())
        added, updated, unchanged = _changes(before, after, {e.id for e in taken if e.has_target})
        drafts = tuple(e.id for e in taken if e.is_draft)
        store = locale_file(folder, into)
        results.append(
            Merged(
                file.path, file.format, into, store, added, updated, unchanged, tuple(warnings), drafts=drafts
            )
        )
    # One write per locale once every file for it is in, reported with that locale's last file.
    last = {result.locale: index for index, result in enumerate(results)}
    for locale, index in last.items():
        rows = resolve(units, kept[locale].values())
        store = locale_file(folder, locale)  # a locale kept as PO or XLIFF 2.0 stays so
        header = dataclasses.replace(header_for(release, locale), markup=markup[locale], store=True)
        written = write_keeping_backup(store, render(format_of(store), header, rows))
        status = LocaleCounts(release, locale, store, count(rows))
        results[index] = dataclasses.replace(results[index], written=written, status=status)
    return results


def _accept(file: TranslationFile, units: Sequence[Unit]) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """The file's translations that may be kept, the problems that refuse the file, and warnings."""
    by_id = {u.id: u for u in units}
    by_xliff2 = {u.xliff2_id: u for u in units}
    by_hash: dict[str, list[Unit]] = {}
    for u in units:
        by_hash.setdefault(u.hash, []).append(u)
    entries: list[Entry] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    budget = SharedBudget()
    for entry in file.entries:
        if not (entry.has_target or entry.is_draft or _carries_notes(entry)):
            continue
        # A tool that drops ids (po2xliff numbers its units): found by the source they translate.
        unit = by_id.get(entry.id) or by_xliff2.get(entry.id)
        if unit is None and file.format != "po" and isinstance(entry.source, str):
            unit = _pop(by_hash.get(entry.source_hash))
        if unit is None:
            warnings.append(
                Problem(
                    "no such field in the release any more; its translation is not kept",
                    file.path,
                    entry.line,
                    field=entry.id,
                    severity="warning",
                )
            )
            continue
        entry = dataclasses.replace(entry, id=unit.id)
        if not entry.has_target:
            entries.append(entry)  # a draft or a translator's notes: kept, never published
            continue
        try:
            pieces = entry.checked_against_own_source(unit.kind)
            # Stale translations are kept too: each is held to its field's limit all the same.
            over = budget.take(unit, check_length(unit, pieces))
            if over:
                raise TargetError(f"with this unit, {over}")
            if entry.translated_hash == unit.hash:
                unit_value(unit, entry.checked_target(unit))
        except TargetError as error:
            message = in_notation(str(error), file.format, unit, isinstance(entry.source, str), file.codes)
            problems.append(Problem(message, file.path, entry.line, field=unit.id))
            continue
        if entry.translated_hash != unit.hash:
            warnings.append(
                Problem(
                    "translated from an earlier version of the source text; kept, marked stale",
                    file.path,
                    entry.line,
                    field=unit.id,
                    severity="warning",
                )
            )
        entries.append(entry)
    return entries, problems, warnings


def _pop(units: list[Unit] | None) -> Unit | None:
    return units.pop(0) if units else None


def _carries_notes(entry: Entry) -> bool:
    kept = entry.kept
    return kept is not None and bool(kept.extras or kept.po_comments)


def _taken(
    file: TranslationFile, entries: list[Entry], kept: dict[str, Entry], warnings: list[Problem]
) -> list[Entry]:
    """The accepted entries that go into the store: a draft or a unit with only notes never
    replaces a translation already kept (it is reported instead)."""
    out = []
    for entry in entries:
        old = kept.get(entry.id)
        if not entry.has_target and old is not None and old.has_target:
            if entry.is_draft:
                warnings.append(
                    Problem(
                        "a draft (not marked translated); the translation already kept stays in use",
                        file.path,
                        entry.line,
                        field=entry.id,
                        severity="warning",
                        hint="mark it translated in the translation tool to replace it",
                    )
                )
            continue
        out.append(entry)
    return out


def _changes(
    before: list[Resolved], after: list[Resolved], touched: set[str]
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for old, new in zip(before, after, strict=True):
        if new.unit.id not in touched:
            continue
        if old.state == "missing" and new.state != "missing":
            added.append(new.unit.id)
        elif (old.target, old.state) != (new.target, new.state):
            updated.append(new.unit.id)
        else:
            unchanged += 1
    return tuple(added), tuple(updated), unchanged


def second_file(kept_in: Path, path: Path, locale: str, fmt: FileFormat) -> Problem:
    return Problem(
        f"the {locale} translations are kept in {kept_in.name}; a {FORMAT_NAMES[fmt]} file beside it "
        "would be a second translation file for one locale",
        path,
        field=locale,
        hint=f"extract with --format {format_of(kept_in)}, or write the {FORMAT_NAMES[fmt]} file elsewhere with -o",
    )


def altered_terms(
    release: m.Release, locale: str, units: Sequence[Unit], entries: Sequence[Entry], path: Path
) -> list[Problem]:
    """A warning for each glossary term a returned translation alters (kept all the same)."""
    by_id = {u.id: u for u in units}
    warnings: list[Problem] = []
    for entry in entries:
        unit = by_id[entry.id]
        if release.glossary and entry.translated_hash == unit.hash:
            target = entry.checked_target(unit)
            warnings.extend(
                term_warnings(release.glossary, unit.id, unit.pieces, target, locale, path, entry.line)
            )
    return warnings


TRANSLATION_SUFFIXES = (".xlf", ".xliff", ".xlif", ".po", ".pot")


def check_extract_target(output: Path, release: m.Release) -> None:
    """`extract -o FILE` writes a translation file: never over a source file, never among the
    sources (but in the release's own i18n/), never into a published output folder."""
    problem = placement_problem(output, allowed=i18n_dir(release))
    if problem is None:
        target = resolved(output)
        if target.exists() and (not target.is_file() or target.suffix.lower() not in TRANSLATION_SUFFIXES):
            problem = f"{output} exists and is not a translation file"
    if problem:
        raise ValidationFailed(
            [
                Problem(
                    f"refused to write the translators' file: {problem}",
                    output,
                    hint="name a new .xlf, .xliff or .po file outside the newsroom and the output folder",
                )
            ]
        )
