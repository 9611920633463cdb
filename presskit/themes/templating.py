"""What the HTML and text renderers share: the theme's Jinja environment and text hygiene.

Themes may come from users, so templates run in Jinja's sandbox
(presskit.themes.sandbox), and within a time and an output-size limit
(presskit.themes.template_budget): a template that loops for ever or writes
gigabytes fails with one located line, not a hung build or an exhausted
machine. Release data only ever reaches a template as a value, never as
template source, so Jinja syntax in a headline is shown, not evaluated.
Templates are found as presskit.themes.template_loader says.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sys
import time
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import jinja2
from jinja2 import StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.exceptions import SecurityError

from presskit.errors import Problem, ValidationFailed
from presskit.themes import sandbox, template_budget, template_sizes
from presskit.themes.sandbox import SandboxedTemplates
from presskit.themes.template_budget import (
    BUDGET,
    OUTPUT_LIMIT,
    TIME_LIMIT_SECONDS,
    Budget,
    TemplateLimitExceeded,
    check_time,
    too_much,
)
from presskit.themes.template_loader import theme_loader
from presskit.themes.theme import Theme, builtin_theme_dirs

if TYPE_CHECKING:
    from presskit.model import Release

# C0 controls but tab and newline, DEL, C1 controls and lone surrogates: none
# of them can be shown, and several are invalid in HTML or break terminals.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

SANDBOX_HINT = (
    "a template sees only the values presskit passes in; Python internals such as "
    "__class__, __globals__ and mro are off limits"
)


def template_environment(theme: Theme, *, autoescape: bool) -> SandboxedTemplates:
    """The sandboxed environment that loads templates from the theme's folders."""
    return _environment(theme.folders, autoescape)


# One environment per chain of theme folders, so templates compile once; Jinja
# still reloads a template whose file has changed (for `presskit serve`).
@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...], autoescape: bool) -> SandboxedTemplates:
    return SandboxedTemplates(
        loader=theme_loader(folders),
        bytecode_cache=_compiled_templates(autoescape),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept between runs, so a process does not compile the same
    template again (14 ms for the release page): Jinja's own cache, in its private
    per-user temporary folder, checked against each template's source.

    The compiled code also depends on how it was compiled: escaping on or off, the
    sandbox (which inserts a checkpoint in every loop) and the environment's options
    (`_RULES`), Jinja's and Python's versions. Files are named for all of them, so no
    compiled code is ever used under other rules. A cache that cannot be read or
    written only costs time.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # damaged: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


# The modules that say how a template compiles, in a fixed order: the budget and the sizes
# (Jinja folds constant expressions as it compiles, through the metered filters), the
# sandbox (its filters, globals and the checkpoint in every loop) and this module (the
# environment's options). Compiled code is named for their source: a change to any of them
# compiles every template afresh.
_RULES = (template_budget.__file__, template_sizes.__file__, sandbox.__file__, __file__)


@functools.cache
def _compiled_templates(autoescape: bool) -> CompiledTemplates | None:
    rules = hashlib.sha256(f"{jinja2.__version__}|{sys.version}|{autoescape}".encode())
    for source in _RULES:
        rules.update(Path(source).read_bytes())
    try:
        return CompiledTemplates(pattern=f"presskit-{rules.hexdigest()[:20]}-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had: no cache
        return None


def prepare_template(theme: Theme, name: str, *, autoescape: bool) -> None:
    """Load and compile the template ahead of its first use. A template that cannot be
    loaded is left alone here: rendering with it reports the problem, located."""
    try:
        template_environment(theme, autoescape=autoescape).get_template(name)
    except (TemplateError, ValidationFailed):
        pass


def render_template(
    theme: Theme,
    name: str,
    context: dict[str, Any],
    *,
    autoescape: bool,
    release: Release | None = None,
    locale: str | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
    output_limit: int = OUTPUT_LIMIT,
) -> str:
    """Fill the theme's template `name` with `context`; a broken template is a located problem.

    The problem names the template file and line and, when given, the release
    and locale being rendered. Output is collected as Jinja streams it, so a
    template writing without end stops at `output_limit` characters.
    """
    budget = Budget(time.monotonic() + time_limit, output_limit, time_limit)
    token = BUDGET.set(budget)
    try:
        template = template_environment(theme, autoescape=autoescape).get_template(name)
        return _collect(cast(Generator[str, None, None], template.generate(context)), budget)
    except TemplateNotFound as error:
        missing = error.name if isinstance(error.name, str) else name
        hint = "themes: " + ", ".join(str(f) for f in theme.folders)
        raise _template_problem(
            f"no template {missing!r} in the theme", theme.template_path(name), None, hint, release, locale
        ) from None
    except TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else theme.template_path(name)
        raise _template_problem(
            error.message or str(error), where, error.lineno, None, release, locale
        ) from None
    except SecurityError as error:
        path, line = _template_location(error.__traceback__, _template_roots(theme))
        raise _template_problem(
            f"the sandbox refused it: {error}",
            path or theme.template_path(name),
            line,
            SANDBOX_HINT,
            release,
            locale,
        ) from None
    except TemplateLimitExceeded as error:
        path, line = _template_location(error.__traceback__, _template_roots(theme))
        hint = "a release page needs a few hundred kilobytes and well under a second"
        raise _template_problem(
            str(error), path or theme.template_path(name), line, hint, release, locale
        ) from None
    except TemplateError as error:  # undefined names, filters given the wrong thing
        path, line = _template_location(error.__traceback__, _template_roots(theme))
        hint = "a template sees only the values presskit passes in; docs/themes.md lists them"
        raise _template_problem(
            str(error), path or theme.template_path(name), line, hint, release, locale
        ) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as error:
        # A template's own mistake ({{ 1 / 0 }}, a macro calling itself for ever), not presskit's.
        path, line = _template_location(error.__traceback__, _template_roots(theme))
        message = f"{type(error).__name__}: {error}"
        raise _template_problem(
            message, path or theme.template_path(name), line, None, release, locale
        ) from None
    finally:
        BUDGET.reset(token)


def _collect(chunks: Generator[str, None, None], budget: Budget) -> str:
    """The chunks Jinja streams, joined; stopped as soon as they pass the limit.

    Chunks are joined a thousand at a time: millions of ten-character
    strings would weigh five times the text they hold.
    """
    done: list[str] = []
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > budget.limit:
            # Raised inside the template, where it wrote the chunk, so the problem names that line.
            error = TemplateLimitExceeded(too_much(budget.limit))
            chunks.throw(error)
            raise error
        pending.append(chunk)
        if len(pending) >= 1000:
            done.append("".join(pending))
            pending.clear()
            check_time()
    check_time()
    return "".join(done) + "".join(pending)


def _template_roots(theme: Theme) -> tuple[Path, ...]:
    return (*theme.folders, *builtin_theme_dirs().values())


def _template_problem(
    message: str,
    path: Path,
    line: int | None,
    hint: str | None,
    release: Release | None,
    locale: str | None,
) -> ValidationFailed:
    text = " ".join(message.split())  # one line, whatever Jinja or Python said
    if release is not None:
        text += f"; while rendering {release.slug}"
        if locale:
            text += f" ({locale})"
        if release.source_path is not None:
            text += f" from {_shown(release.source_path)}"
    return ValidationFailed([Problem(text, path=path, line=line, field="template", hint=hint)])


def _shown(path: Path) -> str:
    """`path` relative to the working folder when it lies inside it, as the rest of a message shows paths."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _template_location(
    trace: TracebackType | None, roots: tuple[Path, ...]
) -> tuple[Path | None, int | None]:
    """The innermost template file and line in `trace` (Jinja maps its frames to template lines)."""
    found: tuple[Path | None, int | None] = (None, None)
    while trace is not None:
        filename = Path(trace.tb_frame.f_code.co_filename)
        if any(filename.is_relative_to(root) for root in roots):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def showable(text: str) -> str:
    """`text` with Windows/Mac line ends made "\\n" and unshowable characters removed."""
    return _UNSHOWABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
