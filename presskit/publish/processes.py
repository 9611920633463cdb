"""Child processes that end with their parent.

A build killed while its workers run (SIGKILL from a CI time-out, a closed
terminal) must not leave them running for ever, still rendering embargoed
documents into the output folder. On Linux each child asks the kernel to
kill it when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere it checks
whether it has been orphaned.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Call first thing in a child: it is killed when the process that made it ends.

    `parent` is the pid the child was forked from (os.getppid() before the
    fork returned, if known): if that parent has already gone, the child ends now.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl here: the orphan check below is all there is
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not all the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
