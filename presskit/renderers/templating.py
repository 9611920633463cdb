"""What the HTML and text renderers share: the theme's Jinja environment and text hygiene.

Themes may come from users, so templates run in Jinja's sandbox, and within a
time and an output-size limit: a template that loops for ever or writes
gigabytes fails with one located line, not a hung build or an exhausted
machine. Release data only ever reaches a template as a value, never as
template source, so Jinja syntax in a headline is shown, not evaluated.

Templates are looked up in the theme's own folder first, then in the themes
it extends; every built-in theme is also reachable by name
(`{% extends "default/release.html.j2" %}`), and the theme being extended as
`parent/` (`{% extends "parent/release.html.j2" %}`).
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import os
import pickle
import re
import string
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from presskit.errors import Problem, ValidationFailed
from presskit.theme import Theme, builtin_theme_dirs

if TYPE_CHECKING:
    from presskit.model import Release

# C0 controls but tab and newline, DEL, C1 controls and lone surrogates: none
# of them can be shown, and several are invalid in HTML or break terminals.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

TIME_LIMIT_SECONDS = 10.0  # one template, one release, one format
OUTPUT_LIMIT = 20_000_000  # characters (20 MB of ASCII); a release page is ~100 kB
SANDBOX_HINT = (
    "a template sees only the values presskit passes in; Python internals such as "
    "__class__, __globals__ and mro are off limits"
)
# printf-style widths and precisions ("%100000000s") inside a `%` format string.
_PRINTF_NUMBERS = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d+))?")
_TICK = "_presskit_tick"
# What pads text to a width a template gives: such a width is checked before the text is built.
PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
PADDING_FILTERS = frozenset({"center", "indent", "wordwrap"})


class TemplateLimitExceeded(TemplateError):
    """A template ran too long or made too much text."""


@dataclass
class _Budget:
    deadline: float
    limit: int
    seconds: float


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "presskit_template_budget", default=None
)


def _check_time() -> None:
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise TemplateLimitExceeded(f"the template ran for more than {budget.seconds:g} s, the limit")


def _check_size(value: Any) -> None:
    budget = _BUDGET.get()
    if budget is not None and isinstance(value, str | list | tuple) and len(value) > budget.limit:
        raise TemplateLimitExceeded(_too_much(budget.limit))


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a width beyond what the output may hold, before the padding is built."""
    budget = _BUDGET.get()
    if budget is None:
        return
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > budget.limit:
            raise TemplateLimitExceeded(f"the number {value:,} is beyond what a template may ask for")


def _too_much(limit: int) -> str:
    return f"the template made more than {limit / 1e6:g} MB of text, the limit"


class _BoundedNamespace(Namespace):
    """`namespace()` whose attributes cannot grow past the output limit (`{% set ns.s = ns.s ~ ns.s %}`)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_time()
        _check_size(value)
        super().__setitem__(name, value)


def _tick() -> str:
    """Called at the top of every loop iteration (see `_parse`), so the sandbox's `call` sees the clock."""
    return ""


class SandboxedTemplates(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a clock and an output meter.

    Every call, attribute lookup, arithmetic on text and loop iteration
    checks the time; repeating or padding text beyond the output limit is
    refused before the text is built; the rendered output is counted as it
    streams (see `render_template`).
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: nothing a release needs
        self.globals["namespace"] = _BoundedNamespace
        self.globals[_TICK] = _tick
        self.filters = {name: _metered(name, function) for name, function in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        # A loop with no call in its body (`{% for a in x %}{% for b in x %}{% endfor %}{% endfor %}`)
        # would never reach a checkpoint: each iteration now starts with one.
        for loop in template.find_all(nodes.For):
            tick = nodes.Call(nodes.Name(_TICK, "load"), [], [], None, None)
            loop.body.insert(0, nodes.ExprStmt(tick, lineno=loop.lineno))
        return template

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_time()
        if __obj is _tick:  # every loop iteration: the clock is all it is for
            return ""
        if isinstance(getattr(__obj, "__self__", None), str) and __obj.__name__ in PADDING_METHODS:
            _check_arguments(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`"{:>100000000}".format(…)` refused before it pads: widths in the format string are checked."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        budget = _BUDGET.get()
        limit = budget.limit if budget else OUTPUT_LIMIT
        try:
            specs = [spec for _, _, spec, _ in string.Formatter().parse(value.__self__) if spec]
        except ValueError:  # a malformed format string: str.format itself will say so
            return wrapped
        if any(int(number) > limit for spec in specs for number in re.findall(r"\d+", spec)):

            def refused(*_args: Any, **_kwargs: Any) -> str:
                raise TemplateLimitExceeded(_too_much(limit))

            return refused
        if any("{" in spec for spec in specs):  # widths given as arguments: "{:>{w}}".format(x, w=…)

            def checked(*args: Any, **kwargs: Any) -> str:
                _check_arguments(args, kwargs)
                return wrapped(*args, **kwargs)

            return checked
        return wrapped

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _check_time()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        _check_time()
        budget = _BUDGET.get()
        limit = budget.limit if budget else OUTPUT_LIMIT
        if operator_name == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(count, int):
                    if len(sequence) * count > limit:
                        raise TemplateLimitExceeded(_too_much(limit))
        elif operator_name == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * max(abs(left), 2).bit_length() > 64 * 1024:
                raise TemplateLimitExceeded(f"{left} ** {right} is beyond what a template may compute")
        elif operator_name == "%" and isinstance(left, str):
            for width, precision in _PRINTF_NUMBERS.findall(left):
                if int(width or 0) > limit or int(precision or 0) > limit:
                    raise TemplateLimitExceeded(_too_much(limit))
        elif (
            operator_name == "+"
            and isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
        ):
            if len(left) + len(right) > limit:
                raise TemplateLimitExceeded(_too_much(limit))
        return super().call_binop(context, operator_name, left, right)


def _metered(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock, refuses to pad text beyond the output limit and
    checks the size of what it made."""
    pads = name in PADDING_FILTERS
    # The filtered value comes first, after the context or environment Jinja passes to some filters.
    parameters_from = 2 if hasattr(function, "jinja_pass_arg") else 1

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment mark
    def filtered(*args: Any, **kwargs: Any) -> Any:
        _check_time()
        if pads:
            _check_arguments(args[parameters_from:], kwargs)
        result = function(*args, **kwargs)
        _check_size(result)
        return result

    return filtered


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

    The compiled code also depends on how it was compiled: escaping on or off, this
    module's sandbox (which inserts a checkpoint in every loop), Jinja's and
    Python's versions. Files are named for all of them, so no compiled code is ever
    used under other rules. A cache that cannot be read or written only costs time.
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


@functools.cache
def _compiled_templates(autoescape: bool) -> CompiledTemplates | None:
    rules = hashlib.sha256(f"{jinja2.__version__}|{sys.version}|{autoescape}".encode())
    rules.update(Path(__file__).read_bytes())
    try:
        return CompiledTemplates(pattern=f"presskit-{rules.hexdigest()[:20]}-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had: no cache
        return None


def theme_loader(folders: tuple[Path, ...]) -> BaseLoader:
    """The theme's folders, nearest first; then `parent/…` and each built-in theme by name."""
    prefixed: dict[str, BaseLoader] = {
        name: FileSystemLoader(folder) for name, folder in builtin_theme_dirs().items()
    }
    if len(folders) > 1:
        prefixed["parent"] = FileSystemLoader(list(folders[1:]))
    return ChoiceLoader([FileSystemLoader(list(folders)), PrefixLoader(prefixed)])


def prepare_template(theme: Theme, name: str, *, autoescape: bool) -> None:
    """Load and compile the template ahead of its first use. A template that cannot be
    loaded is left alone here: rendering with it reports the problem, located."""
    try:
        template_environment(theme, autoescape=autoescape).get_template(name)
    except TemplateError:
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
    budget = _Budget(time.monotonic() + time_limit, output_limit, time_limit)
    token = _BUDGET.set(budget)
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
        _BUDGET.reset(token)


def _collect(chunks: Generator[str, None, None], budget: _Budget) -> str:
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
            error = TemplateLimitExceeded(_too_much(budget.limit))
            chunks.throw(error)
            raise error
        pending.append(chunk)
        if len(pending) >= 1000:
            done.append("".join(pending))
            pending.clear()
            _check_time()
    _check_time()
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
