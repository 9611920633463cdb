"""A renderer process forked as a one-release build starts, made ready while the release loads.

Building one release, a process spends most of its time setting up, not making
documents: importing its libraries and, on first use, reading the theme's fonts
(ReportLab parses each TrueType face whole). That set-up falls into two chains
that need not wait for each other: the loader's (pydantic, ruamel.yaml,
markdown-it, the checks) and the PDF renderer's (ReportLab, HarfBuzz, the
fonts). So the CLI calls `start` before it imports the loader: it loads the
theme the release most likely uses, then forks; the child (the helper) imports
the renderers of the formats it takes (the PDF's first: costs.split chooses them
by their measured cost, so that both processes finish together) and prepares
them for that theme and the release's locale while the parent loads and checks
the release. `render_checked` then hands the helper its documents (costs.reassign,
now that the editions are known) and the font-coverage check (which reads the
fonts the PDF reads) and makes the other formats itself in the meantime.

The helper only ever saves time. What it prepares is a guess read from the
release's files; the documents are rendered from the model and theme the parent
sends, with the same code, so they are the same bytes wherever they are made.
If the helper fails in any way, the parent does its work itself; a build that
never needs it (a release with errors, or one skipped as unchanged) stops it.
Only Linux forks; elsewhere `start` does nothing.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import re
import signal
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from presskit.errors import PresskitError, Problem
from presskit.publish import costs
from presskit.publish.processes import die_with_parent
from presskit.renderers import FORMATS, render
from presskit.source.places import find_newsroom_file, find_release_files
from presskit.source.reading import is_regular
from presskit.themes.theme import Theme, cached_theme

if TYPE_CHECKING:
    from presskit.model import Release

# What the helper takes is chosen by cost (costs.py): the formats whose set-up is longest
# (the PDF's ReportLab and fonts first) are prepared here while the parent loads the
# release, as many as keep the two processes even; the font-coverage check comes with them.
GUESS_LIMIT = 256 * 1024  # how much of a release file is read for the guess
PIPE_SIZE = 1 << 20  # room for the request, so the parent never waits for the helper to read it


@dataclass
class RenderHelper:
    """The parent's end of a helper process."""

    pid: int
    formats: tuple[str, ...]  # what it prepares and renders
    requests: int  # pipe, parent to helper
    replies: int  # pipe, helper to parent
    done: bool = False

    def send(self, tasks: Sequence[tuple[Release, str]], theme: Theme, checked: Sequence[Release]) -> bool:
        """Give the helper its documents to render and the editions whose font coverage
        it checks; False if it cannot take them."""
        data = pickle.dumps((list(tasks), theme, list(checked)), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with os.fdopen(self.requests, "wb") as pipe:  # closing it tells the helper the request is whole
                self.requests = -1
                pipe.write(data)
        except OSError:  # the helper has died (a broken pipe)
            return False
        return True

    def receive(self, count: int) -> tuple[list[bytes], list[Problem]] | None:
        """The documents of the request, in order, and the coverage problems; None when
        the helper did not finish."""
        with os.fdopen(self.replies, "rb") as pipe:
            self.replies = -1
            data = pipe.read()
        self.stop()
        reply = unpickled(data)
        if not (isinstance(reply, tuple) and len(reply) == 2):
            return None
        made, found = documents(reply[0], count), reply[1]
        if made is None or not (isinstance(found, list) and all(isinstance(p, Problem) for p in found)):
            return None
        return made, found

    def stop(self) -> None:
        """End the helper (at once, if it is still working) and close the pipes."""
        for fd in (self.requests, self.replies):
            if fd >= 0:
                os.close(fd)
        self.requests = self.replies = -1
        if not self.done:
            self.done = True
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:  # pragma: no cover - it is a child: it stays until waited for
                pass
            os.waitpid(self.pid, 0)


_HELPER: RenderHelper | None = None


def _newsroom_of_many(paths: Sequence[Path]) -> bool:
    """The paths are one newsroom folder with at least two release folders in it."""
    from presskit.source.places import NEWSROOM_FILES, RELEASE_FILES, first_existing

    if len(paths) != 1 or not paths[0].is_dir() or first_existing(paths[0], RELEASE_FILES):
        return False
    if not first_existing(paths[0], NEWSROOM_FILES):
        return False
    found = 0
    try:
        with os.scandir(paths[0]) as entries:
            for entry in entries:
                if entry.is_dir() and first_existing(Path(entry.path), RELEASE_FILES):
                    found += 1
                    if found > 1:
                        return True
    except OSError:
        return False
    return False


def start(
    paths: Sequence[Path], formats: Sequence[str], theme: str | None, locales: Sequence[str] | None = None
) -> None:
    """Fork a helper if the paths name exactly one release, this is Linux, and a second
    process makes the build finish sooner (costs.split, for the editions `locales` asks for).

    Call it once, as early as possible, before the loader is imported: what is
    done before the fork (the theme the release most likely uses is loaded) is
    done once for both processes, what comes after runs on both CPUs at once.
    """
    global _HELPER
    if _HELPER is not None or not sys.platform.startswith("linux") or not formats:
        return
    if _newsroom_of_many(paths):
        return  # finding all of a large newsroom's releases only to count them costs more than it saves
    try:
        sources = find_release_files(paths)
    except PresskitError:
        return
    if len(sources) != 1:
        return
    taken = costs.split(formats, costs.guessed_editions(locales, _translations(sources[0])))
    if not taken:
        return  # only formats whose set-up is cheap (vCard): nothing to gain from a second process
    name, locale = guess(sources[0], theme)
    prepared: Theme | None
    try:
        prepared = cached_theme(name)
    except Exception:  # noqa: BLE001 - whatever is wrong with it, the build reports it, located
        prepared = None
    _read_catalogue(locale)
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(requests_write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # an older kernel: a large request waits for the helper
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the helper ends in os._exit
        die_with_parent(parent)
        os.close(requests_write)
        os.close(replies_read)
        _serve(requests_read, replies_write, taken, prepared, locale)
    os.close(requests_read)
    os.close(replies_write)
    _HELPER = RenderHelper(pid, taken, requests_write, replies_read)


def _read_catalogue(locale: str) -> None:
    """Read the labels of `locale` (and English, where they fall back) before the fork: both
    processes need them, and read after it each would parse the same catalogue files."""
    from presskit.words.labels import has_catalogue, label

    try:
        has_catalogue(locale)
        label("end_mark", locale)
    except (KeyError, ValueError, OSError):  # a locale the build will report, or a missing key
        pass


def _translations(source: Path) -> int:
    """How many translation files the release's i18n/ folder holds (what `-l all` builds)."""
    try:
        with os.scandir(source.parent / "i18n") as entries:
            return sum(1 for e in entries if e.name.endswith((".xlf", ".xliff", ".po")) and e.is_file())
    except OSError:
        return 0


def claim() -> RenderHelper | None:
    """The helper this build started, once; the caller stops it or has it render."""
    global _HELPER
    helper, _HELPER = _HELPER, None
    return helper


def stop() -> None:
    """Stop a helper nothing claimed (the release was invalid, refused or unchanged)."""
    helper = claim()
    if helper is not None:
        helper.stop()


# --------------------------------------------------------------------------
# In the helper


def _serve(
    requests: int, replies: int, formats: tuple[str, ...], prepared: Theme | None, locale: str
) -> None:
    """Prepare the renderers, then render the one request that comes, and end.

    It never returns: whatever happens, it ends with os._exit, so nothing of the
    CLI's (its exit code, atexit handlers, buffered output) runs in it. A failure
    sends nothing, and the parent renders the documents itself.
    """
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
        quiet = os.open(os.devnull, os.O_WRONLY)  # the parent alone speaks (and --json owns stdout)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        _prepare(formats, prepared, locale)
        with os.fdopen(requests, "rb") as pipe:
            data = pipe.read()
        if not data:  # the parent needs nothing rendered
            return
        tasks, theme, checked = pickle.loads(data)
        if prepared is not None and prepared == theme:
            theme = prepared  # the very object the fonts and styles were prepared for
        made = [render(name, edition, theme, edition.locale) for edition, name in tasks]
        found = coverage(checked, theme)
        with os.fdopen(replies, "wb") as pipe:
            pipe.write(pickle.dumps((made, found), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - anything at all: the parent renders the documents instead
        pass
    finally:
        os._exit(0)


def _prepare(formats: tuple[str, ...], theme: Theme | None, locale: str) -> None:
    """Import the renderers of `formats` (and of the formats they are made with, costs.closure)
    and prepare them for `theme` in `locale`, the costliest first."""
    needed = [name for name in costs.closure(formats) if name in FORMATS]
    for name in sorted(needed, key=lambda n: -costs.cost(n).setup):
        module = importlib.import_module(FORMATS[name].module)
        if theme is not None:
            try:
                module.prepare(theme, locale)
            except Exception:  # noqa: BLE001 - whatever fails here fails again, reported, in the build
                pass


# --------------------------------------------------------------------------
# The guess: read from the files without parsing them (the loader reads them properly)

_TOP_LEVEL = r"^{key}[ \t]*:[ \t]*[\"']?([^\"'#\s]+)"
_DEFAULTS = re.compile(
    r"^defaults[ \t]*:[ \t]*(?:#.*)?\r?\n((?:[ \t]+.*(?:\n|$)|[ \t]*\r?\n)*)", re.MULTILINE
)


def guess(source: Path, theme_name: str | None) -> tuple[str, str]:
    """The theme and locale the release will most likely be built in: --theme, else the
    release's `theme:` and `locale:`, else its newsroom's `defaults:`, else the defaults."""
    release = _keys(_read(source), source.suffix)
    newsroom_file = find_newsroom_file(source)
    newsroom: dict[str, str] = {}
    if newsroom_file is not None:
        text = _read(newsroom_file)
        if newsroom_file.suffix.lower() == ".json":
            newsroom = _keys(text, ".json", "defaults")
        else:
            block = _DEFAULTS.search(text)
            newsroom = _keys(textwrap.dedent(block.group(1)) if block else "", ".yaml")
    theme = theme_name or release.get("theme") or newsroom.get("theme") or "default"
    locale = release.get("locale") or newsroom.get("locale") or "en-GB"
    return theme, locale


def _read(path: Path) -> str:
    """The start of a regular file (never a pipe or device, which the loader refuses by name)."""
    if not is_regular(path):
        return ""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            return file.read(GUESS_LIMIT)
    except OSError:
        return ""


def _keys(text: str, suffix: str, inside: str | None = None) -> dict[str, str]:
    """The top-level `theme` and `locale` of a YAML or JSON text (of its `inside` mapping)."""
    found: dict[str, str] = {}
    if suffix.lower() == ".json":
        try:
            data = json.loads(text)
            data = data.get(inside) if inside and isinstance(data, dict) else data
        except ValueError:
            return found
        if isinstance(data, dict):
            found = {k: v for k in ("theme", "locale") if isinstance(v := data.get(k), str) and v}
        return found
    for key in ("theme", "locale"):
        match = re.search(_TOP_LEVEL.format(key=key), text, re.MULTILINE)
        if match:
            found[key] = match.group(1)
    return found


def coverage(editions: Sequence[Release], theme: Theme) -> list[Problem]:
    from presskit.themes.fonts import coverage_problems

    return [problem for edition in editions for problem in coverage_problems(edition, theme)]


def unpickled(data: bytes) -> object:
    """What another process sent, or None when it sent nothing whole."""
    try:
        return pickle.loads(data) if data else None
    except (pickle.UnpicklingError, EOFError, ValueError):
        return None


def documents(made: object, count: int) -> list[bytes] | None:
    """`made` if it is the `count` documents asked for, else None."""
    if isinstance(made, list) and len(made) == count and all(isinstance(d, bytes) for d in made):
        return made
    return None


@contextmanager
def helper_for(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    theme: str | None,
    jobs: int,
    locales: Sequence[str] | None = None,
) -> Iterator[None]:
    """With more than one job, a helper process for a lone release's costliest formats, started
    before the build's imports (this module) and stopped if the build never needed it."""
    if jobs > 1:
        start(paths, formats, theme, locales)
    try:
        yield
    finally:
        stop()
