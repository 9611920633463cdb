"""What translation files hold and say: rendering them, the stored entries, `presskit i18n status`.

Writing them (`extract`, `merge`) is publishing: presskit.publish.translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import (
    Counts,
    Entry,
    FileFormat,
    Header,
    Resolved,
    TranslationFile,
    count,
    resolve,
)
from presskit.i18n.locales import locale_file
from presskit.i18n.store import (
    canonical_locale,
    check_belongs,
    i18n_dir,
    read_translation_file,
    same_locale,
)
from presskit.i18n.translate import available_locales
from presskit.i18n.units import release_units


def render(fmt: FileFormat, header: Header, rows: Sequence[Resolved]) -> bytes:
    """A translation file of `rows` in `fmt`."""
    if fmt == "po":
        from presskit.i18n.po import write_po

        return write_po(header, rows)
    from presskit.i18n.xliff import write_xliff

    return write_xliff(header, rows, "1.2" if fmt == "xliff" else "2.0")


def header_for(release: m.Release, locale: str) -> Header:
    return Header(release.slug, release.locale, locale, release.date.isoformat(), glossary=release.glossary)


def target_locale(release: m.Release, locale: str) -> str:
    """`locale` checked and spelt canonically; ValidationFailed if unknown or the release's own."""
    try:
        canonical = canonical_locale(locale)
    except ValueError as error:
        raise ValidationFailed([Problem(str(error), release.source_path)]) from None
    if same_locale(canonical, release.locale):
        raise ValidationFailed(
            [
                Problem(
                    f"{canonical} is the release's own language; translate into another", release.source_path
                )
            ]
        )
    return canonical


def stored_file(release: m.Release, locale: str) -> TranslationFile | None:
    """The translations into `locale` already kept for `release` (None when there is no file yet)."""
    path = locale_file(i18n_dir(release), locale)
    if not path.exists():
        return None
    file = read_translation_file(path)
    problems = check_belongs(file, release, locale)
    if problems:
        raise ValidationFailed(problems)
    return file


def stored_entries(release: m.Release, locale: str) -> tuple[Entry, ...]:
    """The entries of `stored_file` (none when there is no file yet)."""
    file = stored_file(release, locale)
    return file.entries if file else ()


@dataclass(frozen=True)
class LocaleCounts:
    release: m.Release
    locale: str
    path: Path
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.release.slug,
            "source_locale": self.release.locale,
            "locale": self.locale,
            "file": str(self.path),
            "units": self.counts.total,
            "translated": len(self.counts.current),
            "missing": len(self.counts.missing),
            "stale": len(self.counts.stale),
            "drafts": len(self.counts.drafts),
            "approved": len(self.counts.approved),
            "missing_ids": self.counts.missing,
            "stale_ids": self.counts.stale,
            "draft_ids": self.counts.drafts,
        }

    def summary(self) -> str:
        c = self.counts
        drafts = f" ({len(c.drafts)} with a draft)" if c.drafts else ""
        return (
            f"{self.release.slug} {self.release.locale} → {self.locale}: {c.total} units, "
            f"{len(c.current)} translated, {len(c.missing)} missing{drafts}, {len(c.stale)} stale"
        )


# ---------------------------------------------------------------------------
# status


def status(release: m.Release, locales: Sequence[str] = ()) -> list[LocaleCounts]:
    """For each translation (or each of `locales`): units translated, missing and stale."""
    chosen = [target_locale(release, loc) for loc in locales] or list(available_locales(release))
    out = []
    for locale in chosen:
        rows = resolve(release_units(release), stored_entries(release, locale))
        out.append(LocaleCounts(release, locale, locale_file(i18n_dir(release), locale), count(rows)))
    return out
