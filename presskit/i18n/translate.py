"""A release in another language, for the build: every current translation in, the rest flagged."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import Requirement, Resolved, resolve
from presskit.i18n.glossary import term_warnings
from presskit.i18n.inline import Pieces, TargetError, plain_text, text_length, to_inlines
from presskit.i18n.locales import locale_file, translation_files
from presskit.i18n.store import check_belongs, i18n_dir, read_translation_file
from presskit.i18n.units import SHARED_LIMITS, Unit, Value, apply_values, release_units


def available_locales(release: m.Release) -> tuple[str, ...]:
    """The locales `release` has a translation file for (`i18n/<locale>.xlf`, `.xliff` or
    `.po`), sorted."""
    try:
        folder = i18n_dir(release)
    except ValueError:
        return ()
    return tuple(locale for locale in translation_files(folder) if locale.lower() != release.locale.lower())


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


@dataclass(frozen=True)
class Edition:
    """A release in another locale, with what its translation covers."""

    release: m.Release
    warnings: list[Problem] = field(default_factory=list)
    translated: int = 0  # units whose current translation is used
    total: int = 0  # the release's units
    path: Path | None = None  # the translation file, where there is one
    altered_terms: list[Problem] = field(default_factory=list)  # glossary terms it alters (in warnings too)

    @property
    def share(self) -> float:
        """The percentage of units translated."""
        return 100 * self.translated / self.total if self.total else 100.0


def translate(
    release: m.Release, locale: str, i18n_dir: Path, require: Requirement = "translated"
) -> tuple[m.Release, list[Problem]]:
    """`release` in `locale`: each field with a current translation replaced, the others in the source.

    `require="approved"` (`build --require approved`) uses only translations a
    reviewer approved (`Entry.approved`); the others fall back like missing ones.

    A missing or stale unit keeps its source text and yields a warning naming
    it (a build under --strict makes warnings errors), as does a translation
    that alters a glossary term. A translation file that cannot be trusted
    (malformed, for another release) raises ValidationFailed.
    """
    edition = translate_edition(release, locale, i18n_dir, require)
    return edition.release, edition.warnings


def translate_edition(
    release: m.Release, locale: str, i18n_dir: Path, require: Requirement = "translated"
) -> Edition:
    """`translate`, saying also how many of the release's units the translation covers."""
    if locale.lower() == release.locale.lower():
        return Edition(release)
    path = locale_file(i18n_dir, locale)
    translated = dataclasses.replace(release, locale=locale)
    units = release_units(release)
    if not path.exists() and not path.is_symlink():  # a broken link is refused when read, below
        missing = Problem(
            f"no translation into {locale}: the release is built in {release.locale}",
            path,
            severity="warning",
            hint=f"presskit i18n extract releases/{release.slug} -l {locale}",
        )
        return Edition(apply_values(translated, {}, untranslated_in=release.locale), [missing], 0, len(units))
    file = read_translation_file(path)
    problems = check_belongs(file, release, locale)
    if problems:
        raise ValidationFailed(problems)
    values: dict[str, Value] = {}
    warnings: list[Problem] = []
    altered: list[Problem] = []
    budget = SharedBudget()
    for resolved in resolve(units, file.entries):
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
                line = resolved.entry.line if resolved.entry else None
                altered.extend(
                    term_warnings(release.glossary, unit.id, unit.pieces, resolved.target, locale, path, line)
                )
                continue
            reason = f"the {locale} translation cannot be used: {reason}"
        elif resolved.state == "stale":
            reason = f"the {locale} translation is stale ({resolved.reason})"
        budget.take(unit, text_length(unit.pieces))  # the source text shown instead counts too
        warnings.append(_fallback(resolved, path, reason or f"not translated into {locale}", release.locale))
    edition = apply_values(translated, values, untranslated_in=release.locale)
    return Edition(edition, warnings + altered, len(values), len(units), path, altered)


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
