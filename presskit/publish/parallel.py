"""Rendering a release's documents side by side.

`render_all` renders documents in forked processes when it is given more than
one job (a single release built on a multi-core machine: the PDFs in one
process, the Word files, pages and text in another); `render_checked` also
checks the editions' font coverage, and hands the PDFs to the helper forked
before the release was loaded when there is one (see helper.py).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Sequence

from presskit import renderers
from presskit.errors import Problem, ValidationFailed
from presskit.model import Release
from presskit.publish import costs, helper
from presskit.publish.helper import RenderHelper, coverage, documents, unpickled
from presskit.publish.processes import die_with_parent
from presskit.themes.theme import Theme

Task = tuple[Release, str]  # an edition of the release and a format name

# The tasks of the render_all call in progress: a forked process finds them here, so
# nothing but the indices it renders and the bytes it returns is passed between processes.
_TASKS: Sequence[Task] = ()
_THEME: Theme | None = None


def render_checked(
    tasks: Sequence[Task], theme: Theme, jobs: int = 1, checked: Sequence[Release] = ()
) -> tuple[list[bytes], list[Problem]]:
    """`render_all`, and the characters of the `checked` editions that no font has
    (fonts.coverage_problems).

    The check reads the fonts' character maps with HarfBuzz, which the PDF renderer
    loads anyway; so where a helper renders the PDF (see helper.py), the helper checks.
    """
    try:
        if jobs > 1:
            early = helper.claim()
            if early is not None:
                return _with_helper(early, tasks, theme, checked)
        return render_all(tasks, theme, jobs), coverage(checked, theme)
    except ValidationFailed as failure:
        raise first_failure(tasks, theme, failure) from None


def first_failure(tasks: Sequence[Task], theme: Theme, met: ValidationFailed) -> ValidationFailed:
    """What the first document in order that cannot be made raises (the release's own edition
    before its translations, as one process would report it), whichever process met a failing
    document first: a failed build says the same on every machine and with any --jobs."""
    for edition, name in tasks:
        try:
            renderers.render(name, edition, theme, edition.locale)
        except ValidationFailed as failure:
            return failure
    return met  # a limit of time met once only (a loaded machine): what was met is what is said


def render_all(tasks: Sequence[Task], theme: Theme, jobs: int = 1) -> list[bytes]:
    """Every task's document, in order; in up to `jobs` processes where fork is available.

    Renderers are pure functions of their arguments, so where a document is made
    changes nothing in it. A process that fails in any way leaves its documents to
    this one, which renders them itself (and raises what a renderer raises).
    """
    groups = share_out(tasks, jobs) if jobs > 1 and sys.platform.startswith("linux") else []
    if len(groups) < 2:
        return [renderers.render(name, edition, theme, edition.locale) for edition, name in tasks]
    global _TASKS, _THEME
    _TASKS, _THEME = tasks, theme
    children: list[tuple[list[int], int, int]] = []  # group, pid, pipe
    try:
        for group in groups[1:]:
            reading, writing = os.pipe()
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child ends in os._exit
                die_with_parent(parent)
                os.close(reading)
                _render_group(writing, group)
            os.close(writing)
            children.append((group, pid, reading))
        results: dict[int, bytes] = {}
        for index in groups[0]:
            edition, name = tasks[index]
            results[index] = renderers.render(name, edition, theme, edition.locale)
        while children:
            group, pid, reading = children[0]
            with os.fdopen(reading, "rb") as pipe:  # closed here, whatever happens
                children[0] = (group, pid, -1)
                data = pipe.read()
            os.waitpid(pid, 0)
            children.pop(0)
            made = documents(unpickled(data), len(group))
            if made is None:
                made = [renderers.render(tasks[i][1], tasks[i][0], theme, tasks[i][0].locale) for i in group]
            results.update(zip(group, made, strict=True))
    finally:
        _TASKS, _THEME = (), None
        for _, pid, reading in children:  # left behind by an error here: stop them
            if reading >= 0:
                os.close(reading)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return [results[index] for index in range(len(tasks))]


def _with_helper(
    early: RenderHelper, tasks: Sequence[Task], theme: Theme, checked: Sequence[Release]
) -> tuple[list[bytes], list[Problem]]:
    """The helper's formats rendered and the coverage checked by the helper (see helper.py),
    the other documents rendered here meanwhile; all of it here, if the helper fails.

    Which formats are the helper's is decided again now that the editions are known
    (costs.reassign): it has prepared its share for the editions guessed at the fork."""
    names = list(dict.fromkeys(name for _, name in tasks))
    count = len({id(edition) for edition, _ in tasks})
    given, _ = costs.reassign(names, count, early.formats)
    theirs = [i for i, (_, name) in enumerate(tasks) if name in given]
    sent = early.send([tasks[i] for i in theirs], theme, checked)
    results: dict[int, bytes] = {}
    try:
        for index, (edition, name) in enumerate(tasks):
            if not sent or name not in given:
                results[index] = renderers.render(name, edition, theme, edition.locale)
        reply = early.receive(len(theirs)) if sent else None
    finally:
        early.stop()
    if reply is None:
        if sent:
            for index in theirs:
                results[index] = renderers.render(
                    tasks[index][1], tasks[index][0], theme, tasks[index][0].locale
                )
        found = coverage(checked, theme)
    else:
        made, found = reply
        results.update(zip(theirs, made, strict=True))
    return [results[index] for index in range(len(tasks))], found


def _render_group(writing: int, group: list[int]) -> None:
    """In a forked process: render the tasks `group` names, write their bytes, and end.

    Nothing of the parent's (atexit handlers, buffered output) runs twice: the
    process ends with os._exit whatever happens. A failure sends nothing; the
    parent then renders the group itself and reports what goes wrong.
    """
    try:
        assert _THEME is not None
        made = [renderers.render(_TASKS[i][1], _TASKS[i][0], _THEME, _TASKS[i][0].locale) for i in group]
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


def share_out(tasks: Sequence[Task], jobs: int) -> list[list[int]]:
    """Task indices in at most `jobs` groups of about equal cost, the first for this process.

    A format's documents stay together where that still gives every process
    work, so each process imports only the renderers it uses.
    """
    by_format: dict[str, list[int]] = {}
    for index, (_, name) in enumerate(tasks):
        by_format.setdefault(name, []).append(index)
    units = list(by_format.values())
    while len(units) < jobs and any(len(u) > 1 for u in units):
        largest = max(units, key=lambda u: (len(u) > 1, _cost(tasks, u)))
        units.remove(largest)
        units += [largest[: len(largest) // 2], largest[len(largest) // 2 :]]
    groups: list[list[int]] = [[] for _ in range(min(jobs, len(units)))]
    for unit in sorted(units, key=lambda u: -_cost(tasks, u)):
        min(groups, key=lambda g: _cost(tasks, g)).extend(unit)
    return [sorted(g) for g in groups if g]


def _cost(tasks: Sequence[Task], indices: list[int]) -> float:
    """What the documents cost (each format's set-up once: costs.work)."""
    counts: dict[str, int] = {}
    for i in indices:
        counts[tasks[i][1]] = counts.get(tasks[i][1], 0) + 1
    return sum(costs.work([name], n) for name, n in counts.items())
