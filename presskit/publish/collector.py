"""When Python's cyclic garbage collector runs in a presskit process.

A command that works on one release is a short process: it imports a few hundred
thousand objects' worth of libraries, makes its documents and ends with
`os._exit`. The automatic collector would walk all those imported objects again
and again while they are being created, for about a tenth of the build's time,
to find a few megabytes of cyclic garbage (about half a megabyte a document) that
the end of the process frees anyway. So the CLI starts with automatic collection
off (`pause`), as mypy and other short-lived tools do.

Work on many releases in one process (a newsroom build or check, `serve`) makes
garbage in proportion to the releases, so it turns collection back on first
(`resume`): what exists by then is collected once and frozen (never walked
again), and from there the collector runs as usual, keeping memory flat.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Automatic collection off, for a process that will work on one release and end."""
    gc.disable()


def resume() -> None:
    """Automatic collection back on, for work whose garbage grows with the releases."""
    if not gc.isenabled():
        gc.collect()
        gc.freeze()  # the imported modules' objects: still alive, never worth walking again
        gc.enable()


def for_releases(count: int) -> None:
    """Collection on when a process is about to work on more than one release."""
    if count > 1:
        resume()
