"""A newsroom's presskit.yaml: its organisation, contacts and defaults, read once per
process; and what loading asks of the stages above source.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.source import schema as s
from presskit.source.document import Document, FieldPath, dotted, read_document
from presskit.source.files import check_file, confined_file, logo_fits
from presskit.source.markdown import MarkdownReader
from presskit.source.mistakes import newsroom_mistakes
from presskit.source.validation import schema_problems

DEFAULT_LOCALE = "en-GB"
LOCALE_HINT = "use a BCP 47 tag such as en-GB, fr or pt-BR"


@dataclass(frozen=True)
class Surroundings:
    """What loading asks of the stages above source, given by whoever loads (presskit.publish.inputs
    gives the themes' and the translations' answers): source imports none of them.

    The newsroom read with one Surroundings is kept for the process (load_newsroom); a process
    uses one.
    """

    theme_reference: Callable[[str, Path], str]  # a theme name, relative to a folder -> its reference
    check_theme: Callable[[str], object]  # loads it as the build will; ValidationFailed if it is invalid
    folder_warnings: Callable[[Path], list[Problem]]  # about a release's i18n/ folder, which no command reads


@dataclass(frozen=True)
class Newsroom:
    path: Path  # presskit.yaml
    organisation: m.Organisation
    contacts: dict[str, m.Contact]
    default_locale: str | None
    default_theme: str | None
    limits: s.LimitsIn = s.LimitsIn()
    base_url: str | None = None  # where the output folder is published, ending in "/"
    # Text left from `presskit init` and example domains, each with its field's path.
    placeholders: tuple[tuple[FieldPath, Problem], ...] = ()
    glossary: tuple[m.GlossaryTerm, ...] = ()
    publish_at: float = 100.0  # i18n.publish_at, a percentage

    @property
    def root(self) -> Path:
        return self.path.parent


NEWSROOM_CACHE_SIZE = 32
# Each presskit.yaml read, by its path as given and as absolute (the same relative path names
# another file after a chdir), with the stamp of the file it was read from.
_NEWSROOMS: dict[tuple[Path, Path], tuple[tuple[int, int, int, int], Newsroom]] = {}


def load_newsroom(path: Path, around: Surroundings) -> Newsroom:
    """The newsroom of `path`, read once per process and again whenever the file changes
    (`serve` sees an edit): every release of a build asks for it, and it checks the logo."""
    key = (path, path.absolute())
    stamp = _file_stamp(path)
    cached = _NEWSROOMS.get(key)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    newsroom = _read_newsroom(path, around)
    if stamp is not None:
        if len(_NEWSROOMS) >= NEWSROOM_CACHE_SIZE:
            _NEWSROOMS.pop(next(iter(_NEWSROOMS)))
        _NEWSROOMS[key] = (stamp, newsroom)
    return newsroom


def _file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """Size, modification time, device and inode (an editor's save may replace the file by renaming)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None  # reading it says what is wrong
    return info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino


def _read_newsroom(path: Path, around: Surroundings) -> Newsroom:
    doc = read_document(path)
    spec, problems = schema_problems(s.NewsroomIn, doc)
    if spec is None:
        raise ValidationFailed(problems)
    organisation = read_organisation(
        spec.organisation, doc, ("organisation",), path.parent, [path.parent], problems, spec.limits
    )
    contacts = {key: read_contact(key, c) for key, c in spec.contacts.items()}
    locale = spec.defaults.locale
    if locale is not None and not is_known_locale(locale):
        problems.append(doc.problem(("defaults", "locale"), f'unknown locale "{locale}"', LOCALE_HINT))
    theme = spec.defaults.theme
    if theme:
        theme = checked_theme(around, theme, doc, ("defaults", "theme"), path.parent, problems)
    base_url = published_base(spec.base_url, doc, problems)
    glossary = read_glossary(spec.glossary, doc, problems)
    if problems:
        raise ValidationFailed(problems)
    placeholders = tuple(newsroom_mistakes(doc))
    return Newsroom(
        path,
        organisation,
        contacts,
        locale,
        theme,
        spec.limits,
        base_url=base_url,
        placeholders=placeholders,
        glossary=glossary,
        publish_at=spec.i18n.publish_at,
    )


BASE_URL_HINT = "the address the output folder is published at, e.g. base_url: https://newsroom.example.org/"


def base_url_warning(newsroom: Newsroom) -> Problem | None:
    """What a newsroom without base_url loses: links a feed reader or a link preview can follow."""
    if newsroom.base_url is not None:
        return None
    return Problem(
        "not set, so the feed's links, each page's canonical link, og:url and og:image stay "
        "relative: feed readers and link previews cannot follow them, and social.txt has no link",
        newsroom.path,
        1,
        1,
        "base_url",
        "base_url: https://newsroom.example.org/",
        severity="warning",
    )


def published_base(value: str | None, doc: Document, problems: list[Problem]) -> str | None:
    """`base_url` as the folder every published path is joined to: ending in "/", without a
    query, fragment or password (the schema has checked it is an absolute http(s) URL)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.query or parts.fragment or parts.username is not None or parts.password is not None:
        problems.append(doc.problem(("base_url",), "takes no query, #fragment or user name", BASE_URL_HINT))
        return None
    return value if value.endswith("/") else value + "/"


def read_glossary(
    terms: list[s.GlossaryTermIn], doc: Document, problems: list[Problem]
) -> tuple[m.GlossaryTerm, ...]:
    """The glossary's terms; a locale Babel does not know, or a term listed twice, is a problem."""
    seen: dict[str, int] = {}
    out = []
    for index, spec in enumerate(terms):
        where: FieldPath = ("glossary", index)
        key = spec.term.casefold()
        if key in seen:
            problems.append(
                doc.problem(
                    (*where, "term"),
                    f'"{spec.term}" is already in the glossary (item {seen[key] + 1})',
                    "list each term once",
                )
            )
        seen.setdefault(key, index)
        for locale in spec.translations:
            if not is_known_locale(locale):
                problems.append(
                    doc.problem(
                        (*where, "translations", locale), f'unknown locale "{locale}"', LOCALE_HINT, key=True
                    )
                )
        renderings = tuple(spec.translations.items())
        out.append(m.GlossaryTerm(spec.term, not spec.translate, renderings, spec.note))
    return tuple(out)


def is_known_locale(locale: str) -> bool:
    """Whether Babel has the locale (a BCP 47 tag such as en-GB), as every format needs it."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def checked_theme(
    around: Surroundings, name: str, doc: Document, where: FieldPath, base: Path, problems: list[Problem]
) -> str | None:
    """The theme `name` (written at `where`) as the build loads it, a folder taken relative to
    `base`, the folder of the file naming it; None, with the problems, when it is missing or
    its theme.yaml is invalid: what the build would fail on, `check` refuses."""
    try:
        reference = around.theme_reference(name, base)
    except ValidationFailed as failed:
        problems.extend(doc.problem(where, p.message, p.hint) for p in failed.problems)
        return None
    try:
        around.check_theme(reference)
    except ValidationFailed as failed:
        problems.extend(failed.problems)  # located in the theme's own files
        return None
    return reference


def read_contact(ident: str, spec: s.ContactIn) -> m.Contact:
    return m.Contact(
        ident,
        spec.name,
        spec.role,
        spec.organisation,
        spec.email,
        spec.phone,
        spec.out_of_hours_phone,
        spec.hours,
        tuple(m.Phone(p.number, p.type, p.label) for p in spec.phones),
        tuple(m.SocialAccount(a.network, a.handle, a.url) for a in spec.social),
        spec.group,
        spec.on_behalf_of,
    )


def read_organisation(
    spec: s.OrganisationIn,
    doc: Document,
    where: FieldPath,
    base: Path,
    roots: list[Path],
    problems: list[Problem],
    limits: s.LimitsIn,
) -> m.Organisation:
    logo = None
    if spec.logo is not None:
        logo = confined_file(spec.logo, doc, (*where, "logo"), base, roots, problems)
        if logo is not None and logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            problems.append(
                doc.problem((*where, "logo"), "the logo must be PNG or JPEG", "export the logo as PNG")
            )
            logo = None
        elif logo is not None and not logo_fits(logo, doc, (*where, "logo"), problems):
            logo = None
        elif logo is not None and not check_file(logo, doc, (*where, "logo"), problems, limits):
            logo = None
    boilerplate: m.Blocks = ()
    if spec.boilerplate:
        reader = MarkdownReader((), ())
        boilerplate = reader.blocks(spec.boilerplate, reporter(doc, (*where, "boilerplate"), problems))
    return m.Organisation(spec.name, spec.url, logo, spec.logo_alt, spec.about_title, boilerplate)


def reporter(doc: Document, where: FieldPath, problems: list[Problem]) -> Any:
    line0, col0 = doc.position(where)
    offset = doc.text_line_offset(where)

    def report(message: str, line: int, hint: str | None) -> None:
        at_line = doc.folded_line(where, line) or line0 + offset + line
        problems.append(
            Problem(message, doc.path, at_line, col0 if not (offset or line) else None, dotted(where), hint)
        )

    return report
