"""What a build is asked to do and what it reports: the options, each release's
outcome (built, skipped, refused, invalid, failed), the files written, and the
exit code of the whole run (the worst outcome wins)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from presskit import model as m
from presskit.errors import ExitCode, Problem
from presskit.publish.incremental import FileRecord
from presskit.publish.newsroom import Listing
from presskit.publish.shards import Shard
from presskit.source.assets import Limits

DEFAULT_FORMATS = (
    "html",
    "docx",
    "pdf",
    "txt",
    "ninjs",
    "vcard",
    "email",
    "eml",
    "factsheet",
    "factsheet-html",
    "social",
)  # every renderer (a test holds it)
BUILD_SCHEMA = "presskit/build/1"  # the `schema` of build --json: presskit/schemas/build-1.json
ZIP_MEDIA_TYPE = "application/zip"


@dataclass(frozen=True)
class BuildOptions:
    now: dt.datetime  # timezone-aware; "now" for the embargo, never read from the clock here
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    theme: str | None = None  # overrides the release's and newsroom's theme
    public: bool = False  # refuse releases still under embargo; drop the embargo once it lifts
    locales: tuple[str, ...] | None = None  # None: the release's own locale; ("all",): every translation
    strict: bool = False  # a missing or stale translation is an error, not a warning
    require: Literal["translated", "approved"] = "translated"  # approved: only reviewed translations
    jobs: int = 1  # processes building releases side by side
    force: bool = False  # rebuild even what the incremental cache says is up to date
    pack: bool = False  # also zip each release to OUT/<slug>.zip
    limits: Limits | None = None  # None: the newsroom's `limits:`, else the defaults
    rendition_cache: Path | None = None  # None: $PRESSKIT_CACHE_DIR, else the user's cache folder
    allow_embargoed: bool = False  # a public run's refusals are expected: reported, but exit 0
    warnings_as_errors: bool = False  # any warning makes the run fail (exit 1)
    shard: Shard | None = None  # build only this shard of the newsroom (shards.py); not in output_options

    @property
    def cache_dir(self) -> Path:
        """Where renditions are cached by content: outside the output folder, which gets
        published, since an embargoed photo's renditions are embargoed too."""
        return self.rendition_cache or default_cache_dir()

    def output_options(self) -> dict[str, Any]:
        """The options that change what is written (not when, where from, or how fast)."""
        return {
            "formats": list(self.formats),
            "theme": self.theme,
            "public": self.public,
            "locales": list(self.locales) if self.locales is not None else None,
            "strict": self.strict,
            **({"require": self.require} if self.require != "translated" else {}),
            "pack": self.pack,
            "limits": dataclasses.asdict(self.limits) if self.limits else None,
        }


def default_cache_dir() -> Path:
    """$PRESSKIT_CACHE_DIR, else $XDG_CACHE_HOME/presskit, else ~/.cache/presskit."""
    given = os.environ.get("PRESSKIT_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "presskit"


@dataclass(frozen=True)
class PackFile:
    """One zip written."""

    path: Path
    size: int
    sha256: str
    releases: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "sha256": self.sha256, "releases": self.releases}


@dataclass(frozen=True)
class OutputFile:
    path: Path  # relative to the output folder, e.g. gta-2025/en-GB/gta-2025.pdf
    format: str  # a format name, "asset" or "readme"
    locale: str | None
    media_type: str
    size: int
    sha256: str
    rendition: str | None = None  # "web" or "thumb" for an image's renditions

    def as_json(self, base: Path | None = None) -> dict[str, Any]:
        path = self.path.relative_to(base) if base is not None else self.path
        return {
            "path": path.as_posix(),
            "format": self.format,
            "locale": self.locale,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "rendition": self.rendition,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutputFile:
        return cls(
            Path(data["path"]),
            data["format"],
            data["locale"],
            data["media_type"],
            data["size"],
            data["sha256"],
            data["rendition"],
        )


Status = Literal["built", "skipped", "refused", "invalid", "failed"]
STATUSES: tuple[Status, ...] = ("built", "skipped", "refused", "invalid", "failed")
_STATUS_CODES = {"invalid": ExitCode.INPUT_ERROR, "refused": ExitCode.EMBARGO_REFUSED}


@dataclass
class ReleaseOutcome:
    source: Path
    status: Status
    slug: str | None = None
    listing: Listing | None = None
    files: list[OutputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    message: str | None = None
    pack: PackFile | None = None
    failure: ExitCode = ExitCode.INTERNAL_ERROR  # the exit code of a "failed" outcome
    # What it was built from, for the incremental cache (filled by the process that built it).
    inputs: dict[str, FileRecord] = field(default_factory=dict)
    trees: dict[str, dict[str, FileRecord]] = field(default_factory=dict)

    @property
    def written(self) -> list[str]:
        """What it wrote or kept in the output folder, relative to it (its zip included)."""
        names = [f.path.as_posix() for f in self.files]
        if self.pack is not None:
            names.append(self.pack.path.name)  # OUT/<slug>.zip, beside the release folders
        return names

    @property
    def exit_code(self) -> ExitCode:
        if self.status == "failed":
            return self.failure
        if self.problems:  # built, but a locale was left out (its translation file is unusable)
            return ExitCode.INPUT_ERROR
        return _STATUS_CODES.get(self.status, ExitCode.OK)


# Worst first: a bug, then an unwritable output, then bad input (to fix before anything else),
# then an embargo refusal.
_SEVERITY = (
    ExitCode.INTERNAL_ERROR,
    ExitCode.OUTPUT_ERROR,
    ExitCode.INPUT_ERROR,
    ExitCode.EMBARGO_REFUSED,
)


def worst(codes: Iterable[ExitCode]) -> ExitCode:
    """The exit code of a run: its worst outcome."""
    found = set(codes)
    return next((code for code in _SEVERITY if code in found), ExitCode.OK)


def run_exit_code(
    outcomes: list[ReleaseOutcome], error_code: ExitCode, options: BuildOptions | None = None
) -> ExitCode:
    """The exit code of a build or pack: its worst outcome; a refusal is no failure under
    --allow-embargoed, and any warning is one under --warnings-as-errors."""
    codes = [o.exit_code for o in outcomes] + [error_code]
    if options is not None and options.allow_embargoed:
        codes = [c for c in codes if c != ExitCode.EMBARGO_REFUSED]
    if options is not None and options.warnings_as_errors and any(o.warnings for o in outcomes):
        codes.append(ExitCode.INPUT_ERROR)
    return worst(codes)


def run_summary(outcomes: list[ReleaseOutcome], warnings: list[Problem]) -> dict[str, int]:
    """The counts a summary line gives: releases, those with errors, warnings in all."""
    return {
        "releases": len(outcomes),
        "with_errors": sum(bool(o.problems) for o in outcomes),
        "warnings": sum(len(o.warnings) for o in outcomes) + len(warnings),
    }


def outcome_json(outcome: ReleaseOutcome, base: Path | None) -> dict[str, Any]:
    """One release in a --json report; file paths relative to the output folder (or the zip)."""
    summary: dict[str, Any] = {}
    if outcome.listing is not None:
        item = outcome.listing
        summary = {
            "slug": item.slug,
            "locale": item.locale,
            "date": item.date,
            "headline": item.headline,
            "embargo": item.embargo_at,
            "embargo_zone": item.embargo_zone,
            "locales": list(item.locales),
        }
    elif outcome.slug:
        summary = {"slug": outcome.slug}
    return {
        "source": str(outcome.source),
        "status": outcome.status,
        "message": outcome.message,
        **summary,
        "files": [f.as_json(base) for f in outcome.files],
        "pack": outcome.pack.as_json() if outcome.pack else None,
        "errors": [p.as_json() for p in outcome.problems],
        "warnings": [p.as_json() for p in outcome.warnings],
    }


@dataclass
class BuildReport:
    outcomes: list[ReleaseOutcome]
    out_dir: Path
    newsroom: dict[str, Any] | None = None  # the index and feed written, when a newsroom was built
    errors: list[Problem] = field(default_factory=list)  # problems of the run rather than of a release
    error_code: ExitCode = ExitCode.OK
    removed: list[str] = field(default_factory=list)  # what this run removed, relative to the output folder
    warnings: list[Problem] = field(default_factory=list)  # of the run: records that could not be trusted
    options: BuildOptions | None = None  # what decides the exit code beyond the outcomes
    shard: dict[str, Any] | None = None  # the shard record written, in a sharded build

    @property
    def exit_code(self) -> ExitCode:
        code = run_exit_code(self.outcomes, self.error_code, self.options)
        if code == ExitCode.OK and self.options and self.options.warnings_as_errors and self.warnings:
            return ExitCode.INPUT_ERROR
        return code

    def counts(self) -> dict[str, int]:
        return {status: sum(o.status == status for o in self.outcomes) for status in STATUSES}

    def as_json(self) -> dict[str, Any]:
        data = {
            "schema": BUILD_SCHEMA,
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "counts": self.counts(),
            "summary": run_summary(self.outcomes, self.warnings),
            "releases": [outcome_json(o, None) for o in self.outcomes],
            "newsroom": self.newsroom,
            "removed": self.removed,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
        }
        if self.shard is not None:
            data["shard"] = self.shard
        return data


def remaining(delta: dt.timedelta) -> str:
    """`2 days 3 h 4 min` for people reading a refusal."""
    minutes = max(int(delta.total_seconds() // 60), 0) + (1 if delta.total_seconds() % 60 else 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)


def embargo_refusal(release: m.Release, now: dt.datetime) -> str | None:
    """Why a public build must refuse this release now, or None when it may go out."""
    if release.embargo is None:
        return None
    return refusal_message(release.slug, release.embargo.at, now)


def refusal_message(slug: str, at: dt.datetime, now: dt.datetime) -> str | None:
    if at <= now:
        return None
    return f"{slug}: under embargo until {at.isoformat()} ({remaining(at - now)} from now)"


def removed_summary(removed: list[str], out_dir: Path) -> str:
    """`; removed 3 paths from dist/ (a, b, c)`: what a run took out of its output folder."""
    if not removed:
        return ""
    shown = ", ".join(removed[:5]) + (f" and {len(removed) - 5} more" if len(removed) > 5 else "")
    return f"; removed {len(removed)} path{'s' if len(removed) != 1 else ''} from {out_dir}/ ({shown})"
