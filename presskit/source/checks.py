"""Warnings about a valid release that depend on when it is checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from presskit import model as m
from presskit.errors import Problem


def timing_warnings(release: m.Release, now: dt.datetime) -> list[Problem]:
    """Embargo already past, embargo imminent, future date with no embargo."""
    embargo_at = release.embargo.at if release.embargo is not None else None
    return moment_warnings(release.source_path, embargo_at, release.date, now)


def moment_warnings(
    path: Path | None, embargo_at: dt.datetime | None, date: dt.date, now: dt.datetime
) -> list[Problem]:
    """`timing_warnings` from what a build's record keeps of a release: its embargo and date
    (so a build warns at every run, the releases it skips as unchanged included)."""
    where = {"path": path, "severity": "warning"}
    out: list[Problem] = []
    if embargo_at is not None:
        if embargo_at <= now:
            out.append(
                Problem(
                    f"the embargo ({embargo_at.isoformat()}) has already lifted",
                    field="embargo",
                    hint="remove it, or the release will still say EMBARGOED in non-public builds",
                    **where,  # type: ignore[arg-type]
                )
            )
        elif embargo_at - now < dt.timedelta(hours=1):
            minutes = int((embargo_at - now).total_seconds() // 60)
            out.append(
                Problem(
                    f"the embargo lifts in {minutes} min",
                    field="embargo",
                    hint="journalists need time to prepare; check the time is right",
                    **where,  # type: ignore[arg-type]
                )
            )
    elif date > now.date():
        out.append(
            Problem(
                f"the release is dated {date.isoformat()}, in the future, but has no embargo",
                field="date",
                hint="add embargo: so it is not published early",
                **where,  # type: ignore[arg-type]
            )
        )
    return out
