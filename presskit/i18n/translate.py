"""A release in another language, for the build: every current translation in, the rest flagged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import Requirement, Resolved, resolve
from presskit.i18n.inline import Pieces, TargetError, plain_text, text_length, to_inlines
from presskit.i18n.store import (
    canonical_locale,
    check_belongs,
    i18n_dir,
    read_translation_file,
    store_files,
    store_path,
)
from presskit.i18n.units import SHARED_LIMITS, Unit, Value, apply_values, release_units


def available_locales(release: m.Release) -> tuple[str, ...]:
    """The locales `release` has a translation file for (`i18n/<locale>.xlf`), sorted."""
    try:
        folder = i18n_dir(release)
    except ValueError:
        return ()
    found = []
    for path in store_files(folder):  # a pipe or a dangling lock file is not a translation
        try:
            locale = canonical_locale(path.stem)
        except ValueError:
            continue  # not named after a locale: not a translation presskit made
        if path.stem == locale and locale.lower() != release.locale.lower():
            found.append(locale)
    return tuple(found)


def check_length(unit: Unit, pieces: Pieces) -> int:
    """The translation's length in characters; TargetError if it is over its field's limit."""
    length = text_length(pieces)
    if length > unit.length_limit:
        raise TargetError(f"the translation has {length:,} characters; at most {unit.length_limit:,} fit")
    return length


def unit_value(unit: Unit, pieces: Pieces) -> Value:
    """A checked translation as the model keeps the field; TargetError if it cannot be used."""
    check_length(unit, pieces)
    if unit.kind == "plain":
        text = plain_text(pieces)
        if not text:
            raise TargetError("the translation is empty")
        return text
    return to_inlines(pieces, unit.placeholders)


class SharedBudget:
    """What the translations of a many-unit field (body, notes) add up to, against the field's limit."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def take(self, unit: Unit, length: int) -> str | None:
        """Count `length` characters for `unit`; the reason it does not fit, or None when it does."""
        if unit.shared is None:
            return None
        limit = SHARED_LIMITS[unit.shared]
        total = self.used.get(unit.shared, 0) + length
        if total > limit:
            return f"the translations of {unit.shared} add up to more than {limit:,} characters"
        self.used[unit.shared] = total
        return None


def translate(
    release: m.Release, locale: str, i18n_dir: Path, require: Requirement = "translated"
) -> tuple[m.Release, list[Problem]]:
    """`release` in `locale`: each field with a current translation replaced, the others in the source.

    `require="approved"` (`build --require approved`) uses only translations a
    reviewer approved (`Entry.approved`); the others fall back like missing ones.

    A missing or stale unit keeps its source text and yields a warning naming
    it (a build under --strict makes warnings errors). A translation file that
    cannot be trusted (malformed, for another release) raises ValidationFailed.
    """
    if locale.lower() == release.locale.lower():
        return release, []
    path = store_path(i18n_dir, locale)
    translated = dataclasses.replace(release, locale=locale)
    if not path.exists() and not path.is_symlink():  # a broken link is refused when read, below
        return apply_values(translated, {}, untranslated_in=release.locale), [
            Problem(
                f"no translation into {locale}: the release is built in {release.locale}",
                path,
                severity="warning",
                hint=f"presskit i18n extract releases/{release.slug} -l {locale}",
            )
        ]
    file = read_translation_file(path)
    problems = check_belongs(file, release, locale)
    if problems:
        raise ValidationFailed(problems)
    values: dict[str, Value] = {}
    warnings = []
    budget = SharedBudget()
    for resolved in resolve(release_units(release), file.entries):
        unit = resolved.unit
        reason = None
        approved = resolved.entry is not None and resolved.entry.approved
        if resolved.state == "current" and require == "approved" and not approved:
            reason = f"the {locale} translation is not approved yet (build --require approved)"
        elif resolved.state == "current" and resolved.target is not None:
            try:
                value = unit_value(unit, resolved.target)
                reason = budget.take(unit, text_length(resolved.target))
            except TargetError as error:
                reason = str(error)
            if reason is None:
                values[unit.id] = value
                continue
            reason = f"the {locale} translation cannot be used: {reason}"
        elif resolved.state == "stale":
            reason = f"the {locale} translation is stale ({resolved.reason})"
        budget.take(unit, text_length(unit.pieces))  # the source text shown instead counts too
        warnings.append(_fallback(resolved, path, reason or f"not translated into {locale}", release.locale))
    return apply_values(translated, values, untranslated_in=release.locale), warnings


def _fallback(resolved: Resolved, path: Path, reason: str, source_locale: str) -> Problem:
    line = resolved.entry.line if resolved.entry else None
    return Problem(
        f"{reason}; the {source_locale} text is used",
        path,
        line,
        field=resolved.unit.id,
        severity="warning",
        hint="translate it and run presskit i18n merge" if resolved.state == "missing" else None,
    )
