"""A release in another language, for the build: every current translation in, the rest flagged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import Resolved, resolve
from presskit.i18n.inline import Pieces, TargetError, plain_text, to_inlines
from presskit.i18n.store import canonical_locale, check_belongs, i18n_dir, read_translation_file, store_path
from presskit.i18n.units import Unit, Value, apply_values, release_units


def available_locales(release: m.Release) -> tuple[str, ...]:
    """The locales `release` has a translation file for (`i18n/<locale>.xlf`), sorted."""
    try:
        folder = i18n_dir(release)
    except ValueError:
        return ()
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.glob("*.xlf")):
        try:
            locale = canonical_locale(path.stem)
        except ValueError:
            continue  # not named after a locale: not a translation presskit made
        if path.stem == locale and locale.lower() != release.locale.lower():
            found.append(locale)
    return tuple(found)


def unit_value(unit: Unit, pieces: Pieces) -> Value:
    """A checked translation as the model keeps the field; TargetError if it cannot be used."""
    if unit.kind == "plain":
        text = plain_text(pieces)
        if unit.max_length and len(text) > unit.max_length:
            raise TargetError(f"the translation has {len(text)} characters; at most {unit.max_length} fit")
        if not text:
            raise TargetError("the translation is empty")
        return text
    return to_inlines(pieces, unit.placeholders)


def translate(release: m.Release, locale: str, i18n_dir: Path) -> tuple[m.Release, list[Problem]]:
    """`release` in `locale`: each field with a current translation replaced, the others in the source.

    A missing or stale unit keeps its source text and yields a warning naming
    it (a build under --strict makes warnings errors). A translation file that
    cannot be trusted (malformed, for another release) raises ValidationFailed.
    """
    if locale.lower() == release.locale.lower():
        return release, []
    path = store_path(i18n_dir, locale)
    translated = dataclasses.replace(release, locale=locale)
    if not path.exists():
        return translated, [
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
    for resolved in resolve(release_units(release), file.entries):
        unit = resolved.unit
        reason = None
        if resolved.state == "current" and resolved.target is not None:
            try:
                values[unit.id] = unit_value(unit, resolved.target)
                continue
            except TargetError as error:
                reason = f"the {locale} translation cannot be used: {error}"
        elif resolved.state == "stale":
            reason = f"the {locale} translation is stale ({resolved.reason})"
        warnings.append(_fallback(resolved, path, reason or f"not translated into {locale}", release.locale))
    return apply_values(translated, values), warnings


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
