"""What presskit reads from its environment beyond its options: SOURCE_DATE_EPOCH.

Imports nothing, since the command line checks it before every command.
"""

from __future__ import annotations

import datetime as dt
import os


def valid_epoch(text: str) -> bool:
    """Whole seconds, as reproducible-builds.org defines it, within what dates can say."""
    stripped = text.strip()
    return stripped.isdigit() and stripped.isascii() and int(stripped) <= 253402300799


def made_at(day: dt.date) -> dt.datetime:
    """When a document says it was made: `SOURCE_DATE_EPOCH` where set (reproducible-builds.org),
    else `day` (the release's date) at 00:00 UTC; never the clock, so every run gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if valid_epoch(epoch):  # the command line refuses any other
        return dt.datetime.fromtimestamp(int(epoch.strip()), dt.UTC)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
