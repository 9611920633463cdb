"""Warnings about a valid release that depend on when it is checked."""

from __future__ import annotations

import datetime as dt

from presskit import model as m
from presskit.errors import Problem


def timing_warnings(release: m.Release, now: dt.datetime) -> list[Problem]:
    """Embargo already past, embargo imminent, future date with no embargo."""
    where = {"path": release.source_path, "severity": "warning"}
    out: list[Problem] = []
    embargo = release.embargo
    if embargo is not None:
        if embargo.at <= now:
            out.append(
                Problem(
                    f"the embargo ({embargo.at.isoformat()}) has already lifted",
                    field="embargo",
                    hint="remove it, or the release will still say EMBARGOED in non-public builds",
                    **where,  # type: ignore[arg-type]
                )
            )
        elif embargo.at - now < dt.timedelta(hours=1):
            minutes = int((embargo.at - now).total_seconds() // 60)
            out.append(
                Problem(
                    f"the embargo lifts in {minutes} min",
                    field="embargo",
                    hint="journalists need time to prepare; check the time is right",
                    **where,  # type: ignore[arg-type]
                )
            )
    elif release.date > now.date():
        out.append(
            Problem(
                f"the release is dated {release.date.isoformat()}, in the future, but has no embargo",
                field="date",
                hint="add embargo: so it is not published early",
                **where,  # type: ignore[arg-type]
            )
        )
    return out
