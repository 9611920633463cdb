"""The validated model as JSON: the golden output for loader tests and a debugging aid."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from presskit import model as m


def to_json(value: Any, base: Path | None = None) -> Any:
    """Plain JSON data for any model value; node types are named in "type"."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"type": type(value).__name__}
        for field in dataclasses.fields(value):
            out[field.name] = to_json(getattr(value, field.name), base)
        return out
    if isinstance(value, dict):
        return {str(k): to_json(v, base) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v, base) for v in value]
    if isinstance(value, frozenset | set):  # in a stable order: a dump is compared byte for byte
        return sorted(to_json(v, base) for v in value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        if base is not None:
            try:
                return value.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                pass
        return value.as_posix()
    return value


def release_summary(release: m.Release) -> dict[str, Any]:
    """What a build script needs to know about a release."""
    return {
        "slug": release.slug,
        "locale": release.locale,
        "date": release.date.isoformat(),
        "headline": release.headline,
        "embargo": release.embargo.at.isoformat() if release.embargo else None,
        "embargo_zone": release.embargo.zone if release.embargo else None,
    }
