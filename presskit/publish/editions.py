"""A release's editions: the release in each locale a build makes, translated from the
files its translators returned, with the problems that stop a locale under --strict."""

from __future__ import annotations

import dataclasses

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.publish.outcome import BuildOptions
from presskit.themes.theme import Theme

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
    """The release as this build states it: theme end mark, embargo dropped once public.

    A release's own end mark comes first, then the theme's literal one; in the `ends`
    style the mark stays empty here and `editions` gives each edition its language's words.
    """
    mark = theme_end_mark(theme)
    if not release.end_mark and mark:
        release = dataclasses.replace(release, end_mark=mark)
    if public:
        release = dataclasses.replace(release, embargo=None)
    return release


def editions(
    release: m.Release, options: BuildOptions, failures: list[Problem] | None = None
) -> tuple[list[m.Release], list[Problem]]:
    """The release in each locale this build makes, and the warnings translating it gave.

    `options.locales` None builds the release's own locale; `("all",)` every locale
    with a translation file; otherwise the locales named. A missing or stale unit
    falls back to the source text with a warning (an error under --strict, which
    the caller decides); each edition knows its siblings (`locales`) for hreflang.
    A translation file that cannot be used (malformed, for another release) raises
    ValidationFailed; given `failures`, its problems go there and that locale alone is left out.
    """
    from presskit.i18n import translate
    from presskit.i18n.store import i18n_dir
    from presskit.i18n.translate import available_locales
    from presskit.words.labels import has_catalogue, label

    if options.locales is None:
        wanted = [release.locale]
    elif options.locales == ("all",):
        wanted = [release.locale, *available_locales(release)]
    else:
        wanted = list(options.locales)
    built: list[m.Release] = []
    warnings: list[Problem] = []
    for locale in dict.fromkeys(wanted):
        if locale == release.locale:
            edition = release
        else:
            try:
                edition, found = translate(release, locale, i18n_dir(release), options.require)
            except ValidationFailed as failed:
                if failures is None:
                    raise
                failures.extend(failed.problems)
                continue
            warnings.extend(found)
        if not edition.end_mark:  # the `ends` style: the catalogue's words in the edition's language
            edition = dataclasses.replace(edition, end_mark=label("end_mark", locale))
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


def strict_errors(warnings: list[Problem]) -> list[Problem]:
    """Translation warnings as the errors --strict makes them."""
    return [dataclasses.replace(w, severity="error") for w in warnings]
