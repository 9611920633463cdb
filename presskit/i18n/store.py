"""Where translations live, and reading and writing translation files safely.

A release's translations are `releases/<slug>/i18n/<locale>.xlf` (XLIFF 1.2),
one per target locale: the files the build reads. Files handed to
translators may be XLIFF 1.2, XLIFF 2.0 or PO; whatever comes back is checked
here (size, XML safety, release, languages) before anything uses it. A file
presskit is about to replace is first copied to `<file>.bak-<n>`.
"""

from __future__ import annotations

import re
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.i18n.files import EXTENSIONS, FileFormat, FileProblem, TranslationFile
from presskit.source.reading import UnreadableFile, is_regular, kind_of, read_regular

MAX_BYTES = 5 * 1024 * 1024  # as for release files
STORE_FORMAT: FileFormat = "xliff"
MAX_FOLDER_WARNINGS = 10


def i18n_dir(release: m.Release) -> Path:
    """`releases/<slug>/i18n/`, beside the release file."""
    if release.source_path is None:
        raise ValueError("a release loaded from a file is needed to find its translations")
    return release.source_path.parent / "i18n"


def store_path(folder: Path, locale: str) -> Path:
    return folder / f"{locale}{EXTENSIONS[STORE_FORMAT]}"


def canonical_locale(tag: str) -> str:
    """A BCP 47 tag in its usual spelling (`pt_br` → `pt-BR`, `zh-hans` → `zh-Hans`); ValueError if unknown."""
    from babel import Locale, UnknownLocaleError

    cleaned = tag.strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", cleaned):
        raise ValueError(f'"{tag}" is not a BCP 47 language tag (e.g. fr, pt-BR, zh-Hans)')
    parts = cleaned.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(
            part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) == 2 else part
        )
    canonical = "-".join(out)
    try:
        Locale.parse(canonical, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f'unknown locale "{tag}" (use a BCP 47 tag such as fr, pt-BR or zh-Hans)') from None
    return canonical


def same_locale(a: str | None, b: str | None) -> bool:
    return (a or "").replace("_", "-").lower() == (b or "").replace("_", "-").lower()


def detect_format(path: Path, data: bytes) -> FileFormat:
    """PO by extension; otherwise XLIFF (the version is read from the file itself)."""
    if path.suffix.lower() in (".po", ".pot"):
        return "po"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<" or path.suffix.lower() in (".xlf", ".xliff", ".xml", ".sdlxliff"):
        return "xliff"
    return "po"


def read_translation_file(path: Path) -> TranslationFile:
    """Read and parse one translation file; ValidationFailed with a located problem if it cannot be trusted."""
    from presskit.i18n.po import read_po
    from presskit.i18n.xliff import read_xliff

    try:
        data = read_regular(
            path, MAX_BYTES, what="translation file", hint="a release's translation is far smaller"
        )
    except UnreadableFile as error:
        raise ValidationFailed([Problem(error.message, error.path, hint=error.hint)]) from None
    try:
        if detect_format(path, data) == "po":
            return read_po(path, data)
        return read_xliff(path, data)
    except FileProblem as problem:
        raise ValidationFailed([Problem(str(problem), path, problem.line, hint=problem.hint)]) from None


def store_files(folder: Path) -> list[Path]:
    """The regular `*.xlf` files of a release's i18n folder, sorted; pipes, devices and broken links left out."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{EXTENSIONS[STORE_FORMAT]}") if is_regular(path))


def is_lock_file(name: str) -> bool:
    """An editor's lock, autosave or swap file: Emacs `.#fr.xlf` and `#fr.xlf#`, LibreOffice, vim."""
    return (
        name.startswith((".#", ".~lock."))
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith((".swp", ".swo", ".swx", "~"))
    )


def folder_warnings(folder: Path) -> list[Problem]:
    """A warning for each entry of an i18n folder that is neither a file nor a folder (never read).

    A named pipe would hang whatever reads it and a link to /dev/zero never end; an
    editor's lock file (Emacs makes `.#fr.xlf`, a link to nowhere) says a file is open.
    """
    if not folder.is_dir():
        return []
    warnings: list[Problem] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        if len(warnings) == MAX_FOLDER_WARNINGS:
            break
        if is_regular(entry) or entry.is_dir():
            continue
        try:
            kind = kind_of(entry.stat().st_mode)
        except OSError:
            kind = "a broken link"
        if is_lock_file(entry.name):
            message = f"an editor's lock file ({kind}); ignored"
            hint = "save and close the translation before building, so the build reads what you wrote"
        else:
            message = f"{kind}, not a regular file; ignored"
            hint = "translations are regular files: presskit i18n extract writes one"
        # Named as a field of the folder: a message's path is shown resolved, and a link's
        # resolved path is its target, not the name in the folder.
        warnings.append(Problem(message, folder, field=entry.name, severity="warning", hint=hint))
    return warnings


def check_belongs(file: TranslationFile, release: m.Release, locale: str | None = None) -> list[Problem]:
    """Problems if `file` is not a translation of `release` (into `locale`, when given)."""
    problems = []
    others = [slug for slug in file.releases if slug != release.slug]
    if others:
        problems.append(
            Problem(
                f'this file is for release "{others[0] or "(none)"}", not "{release.slug}"',
                file.path,
                file.release_line,
                hint=f"merge it into releases/{others[0]}"
                if others[0]
                else "extract a file with presskit i18n",
            )
        )
    if file.source_locale and not same_locale(file.source_locale, release.locale):
        problems.append(
            Problem(
                f"the file translates from {file.source_locale}, but {release.slug} is written in {release.locale}",
                file.path,
                file.locale_line,
            )
        )
    if not file.target_locale:
        problems.append(
            Problem("the file names no target language", file.path, file.locale_line, hint="extract it again")
        )
    elif same_locale(file.target_locale, release.locale):
        problems.append(
            Problem(
                f"the target language {file.target_locale} is the release's own language",
                file.path,
                file.locale_line,
            )
        )
    elif locale and not same_locale(file.target_locale, locale):
        problems.append(
            Problem(
                f"the file is a translation into {file.target_locale}, not {locale}",
                file.path,
                file.locale_line,
            )
        )
    return problems
