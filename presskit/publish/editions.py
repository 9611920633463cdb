"""A release's editions: the release in each locale a build makes, translated from the
files its translators returned, with the problems that stop a locale under --strict."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.publish.outcome import BuildOptions
from presskit.themes.theme import Theme

if TYPE_CHECKING:
    from presskit.i18n.translate import Edition

ENDS = "ends"  # the end-mark style whose words each edition's language gives (docs/themes.md)


def theme_end_mark(theme: Theme) -> str | None:
    """The theme's literal end mark (###, -30-), or None for the `ends` style.

    A theme naming no mark, `ends`, or the English words of that style (-Ends-, as themes
    said before the catalogue had the words) leaves the words to each edition's language.
    """
    from presskit.words.labels import label

    mark = theme.spec.end_mark
    return None if not mark or mark == ENDS or mark == label("end_mark", "en") else mark


def prepare(release: m.Release, theme: Theme, public: bool) -> m.Release:
    """The release as this build states it: the embargo dropped once public.

    The end mark stays the release's own here (its translation unit exists only where the
    release sets one); `editions` gives the others the theme's literal mark or, in the `ends`
    style, their language's words.
    """
    if public:
        release = dataclasses.replace(release, embargo=None)
    return release


def editions(
    release: m.Release,
    options: BuildOptions,
    failures: list[Problem] | None = None,
    theme: Theme | None = None,
) -> tuple[list[m.Release], list[Problem]]:
    """The release in each locale this build makes, and the warnings translating it gave.

    `options.locales` None builds the release's own locale; `("all",)` every locale
    with a translation file that covers at least `release.publish_at` percent of its units
    (presskit.yaml's `i18n.publish_at`, 100% unless set: a locale below it is skipped with a
    warning, never published half in the release's language); otherwise the locales named,
    however little is translated. A missing or stale unit falls back to the source text
    with a warning (an error under --strict, which the caller decides); each edition knows
    its siblings (`locales`) for hreflang.
    A translation file that cannot be used (malformed, for another release) raises
    ValidationFailed; given `failures`, its problems go there and that locale alone is left out.
    """
    from presskit.i18n.store import i18n_dir
    from presskit.i18n.translate import available_locales, translate_edition
    from presskit.words.labels import has_catalogue, label

    every = options.locales == ("all",)
    if options.locales is None:
        wanted = [release.locale]
    elif every:
        wanted = [release.locale, *available_locales(release)]
    else:
        wanted = list(options.locales)
    built: list[m.Release] = []
    warnings: list[Problem] = []
    for locale in dict.fromkeys(wanted):
        edition = release
        if locale != release.locale:
            try:
                translated = translate_edition(release, locale, i18n_dir(release), options.require)
            except ValidationFailed as failed:
                if failures is None:
                    raise
                failures.extend(failed.problems)
                continue
            if every and translated.share < release.publish_at:
                warnings.append(not_published(translated, locale, release.publish_at))
                continue
            edition = translated.release
            warnings.extend(translated.warnings)
        if (
            not edition.end_mark
        ):  # the theme's literal mark, or the catalogue's words in the edition's language
            mark = (theme_end_mark(theme) if theme else None) or label("end_mark", locale)
            edition = dataclasses.replace(edition, end_mark=mark)
        if not has_catalogue(locale):
            warnings.append(
                Problem(
                    f"presskit has no labels in {locale}; FOR IMMEDIATE RELEASE and the like stay in English",
                    release.source_path,
                    field="locale",
                    severity="warning",
                )
            )
        built.append(edition)
    siblings = tuple(e.locale for e in built) if len(built) > 1 else ()
    return [dataclasses.replace(e, locales=siblings) for e in built], warnings


class NotPublished(Problem):
    """A locale `build -l all` leaves out, its translation short of i18n.publish_at: a notice,
    which --strict does not make an error (nothing was published half-translated)."""


def not_published(translated: Edition, locale: str, publish_at: float) -> NotPublished:
    share = math.floor(translated.share)  # 79.9% is not shown as the 80% it falls short of
    return NotPublished(
        f"{translated.translated} of {translated.total} units translated ({share}%); "
        f"not published (i18n.publish_at: {publish_at:g}%)",
        translated.path,
        field=locale,
        severity="warning",
        hint=f"translate the rest and merge it, build it alone with -l {locale}, "
        "or lower i18n.publish_at in presskit.yaml",
    )


def strict_errors(warnings: list[Problem]) -> list[Problem]:
    """Translation warnings as the errors --strict makes them (a locale left out is none)."""
    return [dataclasses.replace(w, severity="error") for w in warnings if not isinstance(w, NotPublished)]
