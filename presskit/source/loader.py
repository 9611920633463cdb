"""load → validate → Release.

Finds releases and their newsroom, validates every field, collects *every*
problem of a release before giving up, and builds the resolved model.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel
from ruamel.yaml.scalarstring import FoldedScalarString

from presskit import model as m
from presskit.errors import Problem, ValidationFailed
from presskit.source import schema as s
from presskit.source.assets import Limits, problems_together
from presskit.source.document import Document, FieldPath, read_document
from presskit.source.events import read_events
from presskit.source.files import DOCUMENT_TYPES, IMAGE_TYPES, check_file, confined_file
from presskit.source.markdown import MarkdownReader
from presskit.source.mistakes import release_mistakes
from presskit.source.newsroom import (
    DEFAULT_LOCALE,
    LOCALE_HINT,
    Newsroom,
    Surroundings,
    checked_theme,
    is_known_locale,
    load_newsroom,
    read_contact,
    read_organisation,
    reporter,
)
from presskit.source.places import RELEASE_FILES, find_newsroom_file, first_existing
from presskit.source.validation import did_you_mean, schema_problems

# A release's date and its embargo's, in the zone it is given in. Far beyond any real release;
# what matters is the margin: every zone is less than a day from UTC, so no conversion of an
# instant in these years leaves the years Python's dates can hold (1 to 9999).
EARLIEST_YEAR = 1900
LATEST_YEAR = 9000
YEARS_HINT = "check the year"
# A quote's paragraphs: a blank line between them, as in Markdown.
QUOTE_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
# Fields shown on one line: line breaks written in them are joined (with a warning).
ONE_LINE_FIELDS: tuple[FieldPath, ...] = (
    ("headline",),
    ("dateline",),
    ("end_mark",),
    ("call_to_action", "text"),
)

# CLDR's compact patterns start at a thousand: below it, `compact: true` changes nothing.
COMPACT_SMALLEST = 1000

ModelT = TypeVar("ModelT", bound=BaseModel)

# ---------------------------------------------------------------------------
# Release


def load_release(path: Path, around: Surroundings) -> m.Release:
    """Load and validate one release (a file or a folder holding release.yaml)."""
    return load_release_with_warnings(path, around)[0]


def load_release_with_warnings(path: Path, around: Surroundings) -> tuple[m.Release, list[Problem]]:
    if path.is_dir():
        found = first_existing(path, RELEASE_FILES)
        if found is None:
            raise ValidationFailed(
                [Problem("no release.yaml here", path, hint="give a release folder or file")]
            )
        path = found
    doc = read_document(path)
    newsroom_file = find_newsroom_file(path)
    newsroom = load_newsroom(newsroom_file, around) if newsroom_file else None
    release, warnings = _ReleaseBuilder(doc, newsroom, around).build()
    return release, warnings + around.folder_warnings(path.parent / "i18n")


class _ReleaseBuilder:
    def __init__(self, doc: Document, newsroom: Newsroom | None, around: Surroundings) -> None:
        self.doc = doc
        self.around = around
        self.newsroom = newsroom
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.folder = doc.path.resolve().parent
        self.roots = [self.folder] + ([newsroom.root.resolve()] if newsroom else [])

    def error(self, where: FieldPath, message: str, hint: str | None = None, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(where, message, hint, key=key))

    def warn(self, where: FieldPath, message: str, hint: str | None = None) -> None:
        problem = self.doc.problem(where, message, hint)
        self.warnings.append(Problem(**{**problem.__dict__, "severity": "warning"}))

    def build(self) -> tuple[m.Release, list[Problem]]:
        if not isinstance(self.doc.data, dict):
            raise ValidationFailed(
                [self.doc.problem((), "a release must be a mapping of fields", "start with slug: my-release")]
            )
        spec, schema_errors = schema_problems(s.ReleaseIn, self.doc)
        self.problems.extend(schema_errors)
        # Checks that need no valid schema run anyway, so one run shows every problem.
        date = self._date()
        embargo = self._embargo(date)
        published = self._published(date)
        data = self.doc.data
        stat_ids = [k for k in (data.get("statistics") or {}) if isinstance(k, str)]
        quote_ids = [k for k in (data.get("quotes") or {}) if isinstance(k, str)]
        reader = MarkdownReader(stat_ids, quote_ids)
        contacts = self._contacts()
        assets = self._assets()
        if spec is None or date is None:
            self._scan_text_fields(reader)
            raise ValidationFailed(self.problems)
        release = self._release(spec, date, (embargo, published), contacts, assets, reader)
        if self.problems or release is None:
            raise ValidationFailed(self.problems)
        self._one_line_fields()
        self._folded_paragraphs()
        return release, self.warnings + release_mistakes(self.doc, release) + self._newsroom_mistakes(spec)

    def _newsroom_mistakes(self, spec: s.ReleaseIn) -> list[Problem]:
        """Template text and example domains in presskit.yaml that this release carries: in the
        organisation (unless it has its own), the contacts it names, the defaults."""
        if self.newsroom is None:
            return []
        raw = self.doc.value(("contacts",))
        named = {item for item in (raw if isinstance(raw, list) else []) if isinstance(item, str)}
        out: list[Problem] = []
        for path, problem in self.newsroom.placeholders:
            if path[0] == "contacts" and (len(path) < 2 or path[1] not in named):
                continue  # a contact this release does not list
            if path[0] == "organisation" and spec.organisation is not None:
                continue  # the release names its own
            out.append(problem)
        return out

    def _one_line_fields(self) -> None:
        """A warning for a one-line field written with line breaks (`headline: |`): every format
        shows it as one line, so the breaks the author meant are not silently lost."""
        for where in ONE_LINE_FIELDS:
            raw = self.doc.value(where)
            if isinstance(raw, str) and "\n" in raw.strip():
                lines = len(raw.strip().splitlines())
                self.warn(
                    where, f"written over {lines} lines: every format shows it as one", "write it on one line"
                )

    def _folded_paragraphs(self) -> None:
        """A warning for Markdown written as a folded block (`body: >`) with a blank line in it:
        YAML folds the blank line into a single line break, so the paragraphs run together."""
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        fields: list[FieldPath] = [
            (name,) for name in ("standfirst", "body", "notes_to_editors", "disclaimer") if name in data
        ]
        fields += [("quotes", key, "text") for key in (data.get("quotes") or {}) if isinstance(key, str)]
        for where in fields:
            value = self.doc.value(where)
            if isinstance(value, FoldedScalarString) and "\n" in value.strip():
                self.warn(
                    where,
                    "written as a folded block (>): YAML joins its paragraphs into one",
                    f"write {where[-1]}: | to keep each paragraph",
                )

    # -- fields checked by hand ---------------------------------------------

    def _date(self) -> dt.date | None:
        raw = self.doc.value(("date",))
        if raw is None:
            return None  # "required" comes from the schema
        try:
            day = dt.date.fromisoformat(str(raw).strip())
        except ValueError as err:
            reason = str(err).removeprefix("Invalid isoformat string: ")
            hint = "write it as YYYY-MM-DD, e.g. 2025-12-11"
            if "range" in reason:
                self.error(("date",), f"{raw} is not a real date ({reason})", hint)
            else:
                self.error(("date",), f"not a date: {raw!r}", hint)
            return None
        return day if self._within_years(("date",), raw, day.year) else None

    def _within_years(self, where: FieldPath, raw: Any, year: int) -> bool:
        if EARLIEST_YEAR <= year <= LATEST_YEAR:
            return True
        self.error(where, f"{raw} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}", YEARS_HINT)
        return False

    def _zone(self, where: FieldPath, name: Any) -> ZoneInfo | None:
        if not isinstance(name, str) or not name.strip():
            self.error(where, "must be an IANA time zone name", "e.g. Europe/London")
            return None
        try:
            if "/" not in name and name not in ("UTC", "GMT"):
                raise ZoneInfoNotFoundError(name)
            return ZoneInfo(name)
        # OSError: a folder of the zone database (America/Argentina) or a file it cannot read.
        except (ZoneInfoNotFoundError, ValueError, OSError):
            hint = did_you_mean(name, available_timezones()) or "use an IANA name such as Europe/London"
            self.error(where, f'unknown time zone "{name}"', hint)
            return None

    def _embargo(self, date: dt.date | None) -> m.Embargo | None:
        found = self._instant("embargo", "2025-12-11T00:01:00+00:00", "2025-12-11 00:01")
        if found is None:
            return None
        at, zone_name = found
        also: list[str] = []
        zones = self.doc.value(("embargo_zones",)) or []
        for i, name in enumerate(zones if isinstance(zones, list) else []):
            if self._zone(("embargo_zones", i), name) is not None:
                also.append(name)
        embargo = m.Embargo(at, zone_name, tuple(also))
        local_day = (at.astimezone(ZoneInfo(zone_name)) if zone_name else at).date()
        if date is not None and local_day > date:
            self.error(
                ("embargo",),
                f"the embargo ({local_day.isoformat()}) lifts after the release date ({date.isoformat()})",
                "move the embargo to or before the date, or change the date",
            )
        return embargo

    def _published(self, date: dt.date | None) -> m.Issued | None:
        """The time of issue (`published`), shown apart from the embargo: on or before the date."""
        found = self._instant("published", "2026-03-05T15:00:00+01:00", "2026-03-05 15:00")
        if found is None:
            return None
        at, zone_name = found
        local_day = (at.astimezone(ZoneInfo(zone_name)) if zone_name else at).date()
        if date is not None and local_day > date:
            self.error(
                ("published",),
                f"the release is published ({local_day.isoformat()}) after its date ({date.isoformat()})",
                "give the time it is issued on or before the date, or change the date",
            )
        return m.Issued(at, zone_name)

    def _instant(
        self, name: str, offset_example: str, local_example: str
    ) -> tuple[dt.datetime, str | None] | None:
        """A field holding an instant: ISO 8601 with an offset, or `{at: local time, timezone: zone}`."""
        raw = self.doc.value((name,))
        if raw is None:
            return None
        example = f'e.g. {offset_example}, or {{at: "{local_example}", timezone: Europe/London}}'
        if not isinstance(raw, dict):
            at = self._datetime((name,), raw, example)
            if at is not None and at.tzinfo is None:
                self.error((name,), f"{raw} has no time zone", "add an offset or a zone: " + example)
                return None
            if at is None or not self._within_years((name,), raw, at.year):
                return None
            return at, None
        for key in raw:
            if key not in ("at", "timezone"):
                self.error((name, key), "unknown field", did_you_mean(str(key), ["at", "timezone"]), key=True)
        if "at" not in raw or "timezone" not in raw:
            missing = "at" if "at" not in raw else "timezone"
            self.error((name,), f"{missing}: required", example)
            return None
        zone = self._zone((name, "timezone"), raw["timezone"])
        local = self._datetime((name, "at"), raw["at"], example)
        if zone is None or local is None:
            return None
        if local.tzinfo is not None:
            self.error((name, "at"), "give the local time without an offset when timezone is set", example)
            return None
        if not self._within_years((name, "at"), raw["at"], local.year):
            return None
        zoned = self._zoned((name, "at"), local, zone)
        return (zoned, str(raw["timezone"])) if zoned is not None else None

    def _datetime(self, where: FieldPath, raw: Any, example: str) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str(raw).strip())
        except ValueError:
            self.error(where, f"not a date and time: {raw!r}", example)
            return None

    def _zoned(self, where: FieldPath, local: dt.datetime, zone: ZoneInfo) -> dt.datetime | None:
        """`local` in `zone`, refusing wall times that DST skips or repeats."""
        first = local.replace(tzinfo=zone, fold=0)
        second = local.replace(tzinfo=zone, fold=1)
        round_trip = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != local:
            self.error(
                where,
                f"{local:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks go forward)",
                "choose a time outside the daylight-saving gap",
            )
            return None
        if first.utcoffset() != second.utcoffset():
            self.error(
                where,
                f"{local:%Y-%m-%d %H:%M} happens twice in {zone.key} (the clocks go back)",
                "give the instant with an offset instead, e.g. 2025-10-26T01:30:00+01:00",
            )
            return None
        return first

    def _contacts(self) -> list[m.Contact]:
        raw = self.doc.value(("contacts",))
        out: list[m.Contact] = []
        if raw is None:
            self.warn(("contacts",), "no media contact", "add contacts: [press-office] or an inline contact")
            return out
        if not isinstance(raw, list):
            self.error(("contacts",), "must be a list", "e.g. contacts: [press-office]")
            return out
        known = self.newsroom.contacts if self.newsroom else {}
        for i, item in enumerate(raw):
            if isinstance(item, str):
                if item in known:
                    out.append(known[item])
                else:
                    where = "presskit.yaml" if self.newsroom else "a newsroom (there is no presskit.yaml)"
                    hint = (
                        did_you_mean(item, known)
                        or f"define it under contacts: in {where}, or write it inline"
                    )
                    self.error(("contacts", i), f'no contact "{item}"', hint)
            else:
                spec, problems = schema_problems(s.ContactIn, self.doc, ("contacts", i))
                self.problems.extend(problems)
                if spec is not None:
                    out.append(read_contact(f"contact-{i + 1}", spec))
        return out

    def _scan_text_fields(self, reader: MarkdownReader) -> None:
        """Report Markdown problems (bad links, unknown ids) even when the schema failed."""
        data = self.doc.data
        for field in ("body", "notes_to_editors", "disclaimer"):
            if isinstance(data.get(field), str):
                reader.blocks(data[field], self._report((field,)))
        for field in ("standfirst",):
            if isinstance(data.get(field), str):
                reader.inlines(data[field], self._report((field,)))
        for i, text in enumerate(data.get("highlights") or []):
            if isinstance(text, str):
                reader.inlines(text, self._report(("highlights", i)))

    def _report(self, where: FieldPath) -> Any:
        return reporter(self.doc, where, self.problems)

    # -- the model -------------------------------------------------------------

    def _disclaimer(self, spec: s.ReleaseIn, reader: MarkdownReader) -> m.Blocks:
        if not spec.disclaimer:
            return ()
        return reader.blocks(spec.disclaimer, self._report(("disclaimer",)), allow_quotes=False)

    def _quotes(self, spec: s.ReleaseIn, reader: MarkdownReader) -> dict[str, m.Quote]:
        quotes = {}
        for key, q in spec.quotes.items():
            paragraphs = [
                reader.inlines(part, self._report(("quotes", key, "text")))
                for part in QUOTE_PARAGRAPHS.split(q.text.strip())
                if part.strip()
            ] or [()]
            speaker, *also = (
                m.Speaker(one.name, tuple(one.post_nominals), tuple(one.roles), one.organisation)
                for one in (q.speaker, *q.also)
            )
            if q.lang is not None and not is_known_locale(q.lang):
                self.error(("quotes", key, "lang"), f'unknown language "{q.lang}"', LOCALE_HINT)
            quote = m.Quote(
                key, paragraphs[0], speaker, q.approved, tuple(paragraphs[1:]), tuple(also), q.lang
            )
            quotes[key] = quote
        return quotes

    def _release(
        self,
        spec: s.ReleaseIn,
        date: dt.date,
        moments: tuple[m.Embargo | None, m.Issued | None],
        contacts: list[m.Contact],
        assets: tuple[m.Asset, ...],
        reader: MarkdownReader,
    ) -> m.Release | None:
        organisation = self._release_organisation(spec)
        locale = self._locale(spec)
        highlights = tuple(
            reader.inlines(t, self._report(("highlights", i))) for i, t in enumerate(spec.highlights)
        )
        standfirst = reader.inlines(spec.standfirst, self._report(("standfirst",))) if spec.standfirst else ()
        body = reader.blocks(spec.body, self._report(("body",)))
        quotes = self._quotes(spec, reader)
        notes = (
            reader.blocks(spec.notes_to_editors, self._report(("notes_to_editors",)), allow_quotes=False)
            if spec.notes_to_editors
            else ()
        )
        for key, quote in quotes.items():
            if key not in reader.placed_quotes:
                self.error(
                    ("quotes", key),
                    "this quote is not placed",
                    f"put {{quote:{key}}} on its own line in body:",
                )
            elif reader.placed_quotes.count(key) > 1:
                self.error(("quotes", key), "this quote is placed more than once", "place each quote once")
            if not quote.approved:
                self.warn(("quotes", key, "approved"), "this quote is not approved by its speaker yet")
        statistics = self._statistics(spec, reader.cited)
        theme = self._theme(spec)
        if organisation is None:
            return None
        return m.Release(
            slug=spec.slug,
            type=spec.type,
            locale=locale,
            date=date,
            dateline=spec.dateline or None,
            headline=spec.headline,
            subheadline=spec.subheadline,
            type_label=spec.type_label,
            source_line=spec.source_line,
            disclaimer=self._disclaimer(spec, reader),
            events=read_events(spec.events, self.error),
            standfirst=standfirst,
            highlights=highlights,
            body=body,
            statistics=statistics,
            quotes=quotes,
            call_to_action=m.CallToAction(spec.call_to_action.text, spec.call_to_action.url)
            if spec.call_to_action
            else None,
            end_mark=spec.end_mark or "",  # empty: the theme's end mark applies
            notes_to_editors=notes,
            contacts=tuple(contacts),
            assets=assets,
            press_kit=m.CallToAction(spec.press_kit.text, spec.press_kit.url) if spec.press_kit else None,
            organisation=organisation,
            embargo=moments[0],
            keywords=tuple(spec.keywords),
            hashtags=tuple(dict.fromkeys(spec.hashtags)),
            theme=theme,
            source_path=self.doc.path,
            base_url=self.newsroom.base_url if self.newsroom else None,
            show_dateline=spec.dateline is not False,
            wire_tag=spec.wire_tag,
            calendar=spec.calendar,
            published=moments[1],
            on_behalf_of=spec.on_behalf_of,
            glossary=self.newsroom.glossary if self.newsroom else (),
            publish_at=self.newsroom.publish_at if self.newsroom else 100.0,
        )

    def _release_organisation(self, spec: s.ReleaseIn) -> m.Organisation | None:
        if spec.organisation is not None:
            limits = self.newsroom.limits if self.newsroom else s.LimitsIn()
            return read_organisation(
                spec.organisation, self.doc, ("organisation",), self.folder, self.roots, self.problems, limits
            )
        if self.newsroom is not None:
            return self.newsroom.organisation
        self.error(
            (),
            "organisation: required for a release outside a newsroom",
            "add organisation: {name: ...} or a presskit.yaml in the folder above",
        )
        return None

    def _locale(self, spec: s.ReleaseIn) -> str:
        locale = spec.locale or (self.newsroom.default_locale if self.newsroom else None) or DEFAULT_LOCALE
        if not is_known_locale(locale):
            self.error(("locale",), f'unknown locale "{locale}"', LOCALE_HINT)
        return locale

    def _theme(self, spec: s.ReleaseIn) -> str | None:
        """The release's own theme (a folder relative to the release's), else the newsroom's,
        checked as the build will load it."""
        if spec.theme:
            return checked_theme(self.around, spec.theme, self.doc, ("theme",), self.folder, self.problems)
        inherited = self.newsroom.default_theme if self.newsroom else None
        if inherited is not None:
            # Checked again: its theme.yaml may have changed since presskit.yaml was read.
            checked_theme(self.around, inherited, self.doc, ("theme",), self.folder, self.problems)
        return inherited

    def _statistics(self, spec: s.ReleaseIn, cited: list[str]) -> dict[str, m.Statistic]:
        from babel.numbers import is_currency

        order = list(dict.fromkeys(cited))
        for key in spec.statistics:
            if key not in order:
                self.warn(
                    ("statistics", key), "this statistic is never cited", f"place it with {{stat:{key}}}"
                )
                order.append(key)
        numbers: dict[tuple[str, str | None, str | None], int] = {}
        out: dict[str, m.Statistic] = {}
        for key in order:
            stat = spec.statistics[key]
            where = ("statistics", key)
            if stat.unit == "currency" and not stat.currency:
                self.error((*where, "unit"), "currency: required when unit is currency", "e.g. currency: USD")
            elif stat.currency and stat.unit != "currency":
                self.error(
                    (*where, "currency"), "only a currency statistic has a currency", "set unit: currency"
                )
            elif stat.currency and not is_currency(stat.currency):
                self.error(
                    (*where, "currency"),
                    f"unknown currency {stat.currency}",
                    "use an ISO 4217 code, e.g. USD",
                )
            self._compact_warning(where, stat)
            src = stat.source
            number = numbers.setdefault((src.name, src.title, src.url), len(numbers) + 1)
            as_of = str(stat.as_of) if stat.as_of is not None else None
            out[key] = m.Statistic(
                key,
                Decimal(stat.value),
                stat.unit,
                stat.label,
                m.Source(number, src.name, src.title, src.url),
                stat.currency,
                stat.compact,
                as_of,
            )
        return out

    def _compact_warning(self, where: FieldPath, stat: s.StatisticIn) -> None:
        """`compact: true` where it changes nothing: a percent is printed in full in every language
        (CLDR has no compact percent), and no language has a word for a size below a thousand."""
        if not stat.compact:
            return
        if stat.unit == "percent":
            self.warn((*where, "compact"), "has no effect on a percent", "remove it")
        elif abs(stat.value) < COMPACT_SMALLEST:
            self.warn((*where, "compact"), "below 1,000 there is no shorter form to use", "remove it")

    def _assets(self) -> tuple[m.Asset, ...]:
        out: list[m.Asset] = []
        positions: list[int] = []  # each one's place in the file's list of assets
        raw = self.doc.value(("assets",))
        for i in range(len(raw) if isinstance(raw, list) else 0):
            asset, problems = schema_problems(s.AssetIn, self.doc, ("assets", i))
            self.problems.extend(problems)
            if asset is None:
                continue
            where: FieldPath = ("assets", i, "file")
            path = confined_file(asset.file, self.doc, where, self.folder, self.roots, self.problems)
            if path is None:
                continue
            suffix = path.suffix.lower()
            if suffix in IMAGE_TYPES:
                kind, media_type = "image", IMAGE_TYPES[suffix]
                if not asset.alt:
                    self.error(
                        ("assets", i), "alt: required for an image", "describe the image for screen readers"
                    )
            elif suffix in DOCUMENT_TYPES:
                kind, media_type = "document", DOCUMENT_TYPES[suffix]
            else:
                self.error(
                    where,
                    f"{path.name} is not a supported kind of asset",
                    "use PNG, JPEG, WebP, SVG, PDF or DOCX",
                )
                continue
            limits = self.newsroom.limits if self.newsroom else s.LimitsIn()
            if not check_file(path, self.doc, where, self.problems, limits):
                continue
            if any(a.path.name == path.name for a in out):
                self.error(where, f"another asset is also called {path.name}", "rename one of the files")
                continue
            out.append(
                m.Asset(
                    path,
                    asset.file,
                    "image" if kind == "image" else "document",
                    media_type,
                    asset.title,
                    asset.caption,
                    asset.credit,
                    asset.licence,
                    asset.alt,
                )
            )
            positions.append(i)
        pack_limits = Limits.from_spec(self.newsroom.limits if self.newsroom else None)
        for where, message, hint in problems_together(tuple(out), positions, pack_limits):
            self.error(where, message, hint)
        return tuple(out)
