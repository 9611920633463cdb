"""Build: release files in, rendered files out, with the embargo enforced.

Everything for a release is rendered in memory first and written only when
all of it succeeded, so a failure never leaves a half-built release behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from presskit import model as m
from presskit.dump import release_summary
from presskit.errors import ExitCode, Problem, ValidationFailed
from presskit.loader import find_release_files, load_release_with_warnings
from presskit.renderers import FORMATS, render
from presskit.theme import Theme, load_theme
from presskit.writer import copy_atomic, write_atomic

DEFAULT_FORMATS = ("html", "docx", "pdf", "txt")


@dataclass(frozen=True)
class BuildOptions:
    now: dt.datetime  # timezone-aware; "now" for the embargo, never read from the clock here
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    theme: str | None = None  # overrides the release's and newsroom's theme
    public: bool = False  # refuse releases still under embargo; drop the embargo once it lifts
    locales: tuple[str, ...] | None = None  # None: the release's own locale; ("all",): every translation
    strict: bool = False  # a missing or stale translation is an error, not a warning


@dataclass(frozen=True)
class OutputFile:
    path: Path
    format: str
    locale: str | None
    media_type: str
    size: int
    sha256: str

    def as_json(self, base: Path) -> dict[str, Any]:
        return {
            "path": self.path.relative_to(base).as_posix(),
            "format": self.format,
            "locale": self.locale,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
        }


Status = Literal["built", "refused", "invalid"]


@dataclass
class ReleaseOutcome:
    source: Path
    status: Status
    release: m.Release | None = None
    files: list[OutputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    message: str | None = None


@dataclass
class BuildReport:
    outcomes: list[ReleaseOutcome]
    out_dir: Path

    @property
    def exit_code(self) -> ExitCode:
        statuses = {o.status for o in self.outcomes}
        if "invalid" in statuses:
            return ExitCode.INPUT_ERROR
        if "refused" in statuses:
            return ExitCode.EMBARGO_REFUSED
        return ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "releases": [
                {
                    "source": str(o.source),
                    "status": o.status,
                    "message": o.message,
                    **(release_summary(o.release) if o.release else {}),
                    "files": [f.as_json(self.out_dir) for f in o.files],
                    "errors": [p.as_json() for p in o.problems],
                    "warnings": [p.as_json() for p in o.warnings],
                }
                for o in self.outcomes
            ],
        }


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
    if release.embargo is None or release.embargo.at <= now:
        return None
    left = remaining(release.embargo.at - now)
    return f"{release.slug}: under embargo until {release.embargo.at.isoformat()} ({left} from now)"


def prepare(release: m.Release, theme: Theme, public: bool) -> m.Release:
    """The release as this build states it: theme end mark, embargo dropped once public."""
    if not release.end_mark:
        release = dataclasses.replace(release, end_mark=theme.spec.end_mark or "-Ends-")
    if public:
        release = dataclasses.replace(release, embargo=None)
    return release


class _Themes:
    """Each theme is loaded once per build."""

    def __init__(self) -> None:
        self.loaded: dict[str, Theme] = {}

    def get(self, name: str) -> Theme:
        if name not in self.loaded:
            self.loaded[name] = load_theme(name)
        return self.loaded[name]


def build(paths: Iterable[Path], options: BuildOptions) -> BuildReport:
    """Build every release found under `paths`; a bad release does not stop the others."""
    themes = _Themes()
    outcomes = [_build_one(source, options, themes) for source in find_release_files(paths)]
    return BuildReport(outcomes, options.out_dir)


def _build_one(source: Path, options: BuildOptions, themes: _Themes) -> ReleaseOutcome:
    try:
        release, warnings = load_release_with_warnings(source)
        theme = themes.get(options.theme or release.theme or "default")
    except ValidationFailed as failed:
        return ReleaseOutcome(source, "invalid", problems=list(failed.problems))
    if options.public:
        refusal = embargo_refusal(release, options.now)
        if refusal:
            return ReleaseOutcome(source, "refused", release, warnings=warnings, message=refusal)
    release = prepare(release, theme, options.public)
    rendered: dict[tuple[str, str], bytes] = {}
    for edition in editions(release, options):
        for name in options.formats:
            rendered[(edition.locale, name)] = render(name, edition, theme, edition.locale)
    folder = options.out_dir / release.slug
    files = []
    for (locale, name), data in rendered.items():
        fmt = FORMATS[name]
        target = folder / locale / f"{release.slug}.{fmt.extension}"
        write_atomic(target, data)
        files.append(_output(target, name, locale, fmt.media_type, data))
    for asset in release.assets:
        target = folder / asset.published_name
        copy_atomic(asset.path, target)
        files.append(_output(target, "asset", None, asset.media_type, target.read_bytes()))
    _write_manifest(folder, release, files, options.out_dir)
    return ReleaseOutcome(source, "built", release, files, warnings=warnings)


def editions(release: m.Release, options: BuildOptions) -> list[m.Release]:
    """The release in each locale this build makes (for now: its own locale only)."""
    return [release]


def _output(path: Path, fmt: str, locale: str | None, media_type: str, data: bytes) -> OutputFile:
    return OutputFile(path, fmt, locale, media_type, len(data), hashlib.sha256(data).hexdigest())


def _write_manifest(folder: Path, release: m.Release, files: list[OutputFile], base: Path) -> None:
    manifest = {
        **release_summary(release),
        "files": [
            {**f.as_json(folder), "path": f.path.relative_to(folder).as_posix()}
            for f in sorted(files, key=lambda f: f.path.as_posix())
        ],
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomic(folder / "manifest.json", text.encode("utf-8"))
