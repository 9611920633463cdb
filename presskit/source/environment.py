"""What presskit reads from its environment beyond its options: SOURCE_DATE_EPOCH.

Imports nothing, since the command line checks it before every command.
"""

from __future__ import annotations


def valid_epoch(text: str) -> bool:
    """Whole seconds, as reproducible-builds.org defines it, within what dates can say."""
    stripped = text.strip()
    return stripped.isdigit() and stripped.isascii() and int(stripped) <= 253402300799
