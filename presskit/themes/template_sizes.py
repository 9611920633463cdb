"""What the HTML and text renderers share: the theme's Jinja environment and text hygiene.

Themes may come from users, so templates run in Jinja's sandbox, and within a
time and an output-size limit: a template that loops for ever or writes
gigabytes fails with one located line, not a hung build or an exhausted
machine. Release data only ever reaches a template as a value, never as
template source, so Jinja syntax in a headline is shown, not evaluated.

Templates are looked up in the theme's own folder first, then in the themes
it extends; every built-in theme is also reachable by name
(`{% extends "default/release.html.j2" %}`), and the theme being extended as
`parent/` (`{% extends "parent/release.html.j2" %}`). Each is read as every
theme file is (`presskit.themes.theme.read_theme_file`): a link out of the themes'
folders, a pipe or a device is a located refusal (see `ThemeFiles`).
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import os
import pickle
import re
import sys
import time
import types
from collections.abc import (
    Callable,
    Generator,
    ItemsView,
    Iterable,
    KeysView,
    Mapping,
    Sequence,
    Sized,
    ValuesView,
)
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
    pass_eval_context,
)
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from presskit.errors import Problem, ValidationFailed
from presskit.themes.theme import Theme, builtin_theme_dirs, read_theme_file, theme_roots

if TYPE_CHECKING:
    from presskit.model import Release

# C0 controls but tab and newline, DEL, C1 controls and lone surrogates: none
# of them can be shown, and several are invalid in HTML or break terminals.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

TIME_LIMIT_SECONDS = 10.0  # one template, one release, one format
OUTPUT_LIMIT = 20_000_000  # characters (20 MB of ASCII); a release page is ~100 kB
# All the text (and list items) a template's operations make, kept or thrown away, in one
# rendering: without it, a loop keeping a fresh 19 MB string each time fills the memory
# within the time limit while no single string passes OUTPUT_LIMIT.
MADE_LIMIT_FACTOR = 5
TEMPLATE_FILE_LIMIT = 5_000_000  # bytes: a template is text; anything larger is a mistake
SANDBOX_HINT = (
    "a template sees only the values presskit passes in; Python internals such as "
    "__class__, __globals__ and mro are off limits"
)
_TICK = "_presskit_tick"
_CONCAT = "_presskit_concat"
ITEM_WEIGHT = 8  # a list item costs at least a pointer: counted as 8 characters
MAX_INT_BITS = 64 * 1024  # an integer a template computes: ~20,000 digits


class TemplateLimitExceeded(TemplateError):
    """A template ran too long or made too much text."""


@dataclass
class _Budget:
    deadline: float
    limit: int
    seconds: float
    made: int = 0  # characters (ITEM_WEIGHT per list item) made by the template's operations

    @property
    def made_limit(self) -> int:
        return MADE_LIMIT_FACTOR * self.limit


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "presskit_template_budget", default=None
)


def _check_time() -> None:
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise TemplateLimitExceeded(f"the template ran for more than {budget.seconds:g} s, the limit")


def _limit() -> int:
    """The output limit of the rendering under way; the default one outside a rendering
    (Jinja folds constant filters while it compiles: `{{ "x"|center(10**8) }}`)."""
    budget = _BUDGET.get()
    return budget.limit if budget is not None else OUTPUT_LIMIT


def _too_much(limit: int) -> str:
    return f"the template made more than {limit / 1e6:g} MB of text, the limit"


def _too_much_in_all(budget: _Budget) -> str:
    return (
        f"the template made more than {budget.made_limit / 1e6:g} MB of text in all, the limit "
        "(text it builds and drops counts too)"
    )


def _weight(value: Any) -> int:
    """What a value made by a template costs: its characters, or ITEM_WEIGHT per item."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple | dict | set | frozenset):
        return ITEM_WEIGHT * len(value)
    return 0


def _will_make(size: int) -> None:
    """Refuse an operation, before it runs, that would make `size` characters beyond the limits."""
    limit = _limit()
    if size > limit:
        raise TemplateLimitExceeded(_too_much(limit))
    budget = _BUDGET.get()
    if budget is not None and budget.made + size > budget.made_limit:
        raise TemplateLimitExceeded(_too_much_in_all(budget))


def _made(value: Any) -> None:
    """Count what an operation made (the check behind every estimate: escaping may
    quintuple a text, and an operation with no estimate is bounded by its input)."""
    weight = _weight(value)
    if weight == 0:
        return
    limit = _limit()
    if weight > limit:
        raise TemplateLimitExceeded(_too_much(limit))
    budget = _BUDGET.get()
    if budget is not None:
        budget.made += weight
        if budget.made > budget.made_limit:
            raise TemplateLimitExceeded(_too_much_in_all(budget))


def _check_size(value: Any) -> None:
    limit = _limit()
    if _weight(value) > limit:
        raise TemplateLimitExceeded(_too_much(limit))


# --------------------------------------------------------------------------
# How much text a value becomes, found without making it


class _Sizer:
    """An upper bound of the length of a value's text, walking containers without
    building their text: `[s] * 1000` holds one string but prints it a thousand times.

    `json` counts as `tojson` writes (every non-ASCII character may become a 12-character
    escape); `indent` adds a line and its indentation for each item, as `tojson(indent)`
    and `pprint` lay them out. The walk stops once the bound passes `cap`.
    """

    def __init__(self, *, json: bool = False, indent: int = 0, cap: int | None = None) -> None:
        self.json = json
        self.indent = indent
        self.cap = _limit() if cap is None else cap
        self.known: dict[int, int] = {}  # by id: a container reached twice is walked once
        self.open: set[int] = set()  # the containers being walked (a namespace may hold itself)
        self.steps = 0

    def top(self, value: Any) -> int:
        """The length of `str(value)` (or of its JSON, or its pprint)."""
        if isinstance(value, str) and not self.json and not self.indent:
            return len(value)
        return self.size(value, 0)

    def size(self, value: Any, depth: int) -> int:
        if isinstance(value, str):
            return self._string(value)
        if value is None or isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return int(value.bit_length() * 0.30103) + 2
        if isinstance(value, float):
            return 25  # repr of any float: -1.2345678901234567e-308
        items = _items(value)
        if items is None:
            return 0 if self.json else _shown_length(value)
        key = id(value)
        if key in self.open:
            return 5  # [...] or {...}
        if key not in self.known:
            self.open.add(key)
            try:
                self.known[key] = self._items(items, depth + 1)
            finally:
                self.open.discard(key)
        return self.known[key]

    def _items(self, items: Iterable[Any], depth: int) -> int:
        per_item = 2 + (1 + self.indent * depth if self.indent else 0)
        total = 20  # brackets, and a type's name: dict_items([…]), <Namespace {…}>
        for item in items:
            total += per_item + self.size(item, depth)
            self.steps += 1
            if self.steps % 4096 == 0:
                _check_time()
            if total > self.cap:
                break
        return total

    def _string(self, text: str) -> int:
        if self.json:
            if text.isascii() and text.isprintable():
                escaped = sum(text.count(char) for char in "<>&'")
                return len(text) + 5 * escaped + text.count('"') + text.count("\\") + 2
            return 12 * len(text) + 2  # \ud83d\ude00 for one character
        if self.indent:  # pprint breaks a long string into quoted pieces, one a line
            return 10 * len(text) + 2 + (len(text) + 1) * (4 + self.indent)
        return (2 if text.isprintable() else 10) * len(text) + 2  # repr: \' or \U0001f600


def _items(value: Any) -> Iterable[Any] | None:
    """What a container shows of itself in its text, or None for anything else."""
    if isinstance(value, dict):
        return (part for pair in value.items() for part in pair)
    if isinstance(value, list | tuple | set | frozenset | KeysView | ValuesView):
        return value
    if isinstance(value, ItemsView):
        return (part for pair in value for part in pair)
    if isinstance(value, Namespace):  # shows its attributes: <Namespace {'s': …}>
        return _items(object.__getattribute__(value, "_Namespace__attrs"))
    return None


def _shown_length(value: Any) -> int:
    """The length of the text of a value that is no container (a release's own objects)."""
    if isinstance(value, jinja2.Undefined):
        return 0  # showing it fails anyway, with its own message
    try:
        return len(str(value))
    except (TemplateError, TypeError, ValueError, AttributeError):
        return 0  # the operation itself will fail the same way


def _text_size(value: Any) -> int:
    return _Sizer().top(value)


def _escaped_size(value: Any) -> int:
    """The length of `escape(value)`."""
    if hasattr(value, "__html__"):
        return _text_size(value)
    text_size = _text_size(value)
    if not isinstance(value, str):
        return 5 * text_size
    return text_size + sum(value.count(char) * grows for char, grows in _ESCAPE_GROWTH)


_ESCAPE_GROWTH = (("&", 4), ("<", 3), (">", 3), ('"', 4), ("'", 4))  # &amp; &lt; &gt; &#34; &#39;


# printf-style conversions: %(key)-08.3f, with * for a width or precision taken from the values.
_PRINTF_SPEC = re.compile(r"%(?:\(([^)]*)\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def _printf_size(template: Any, values: Any) -> int:
    """An upper bound of the length of `template % values`: widths, precisions and each value."""
    if not isinstance(template, str):
        return 0
    positional = list(values) if isinstance(values, tuple) else [values]
    taken = 0

    def take() -> Any:
        nonlocal taken
        taken += 1
        return positional[taken - 1] if taken <= len(positional) else None

    size = len(template)
    for spec in _PRINTF_SPEC.finditer(template):
        key, width, precision, kind = spec.groups()
        if kind == "%":
            continue
        for number in (width, precision):
            if number == "*":
                given = take()
                size += abs(given) if isinstance(given, int) else 0
            elif number:
                size += int(number)
        named = key is not None and isinstance(values, Mapping)
        value = values.get(key) if named else take()
        size += _text_size(value) + (330 if kind in "eEfFgG" else 0)  # %f of 1e308: 309 digits
    return size


def _replaced_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    """The length of `text.replace(old, new, count)`, for str and bytes alike."""
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return int(len(text) + found * max(len(new) - len(old), 0))


def _indented_size(s: Any, width: Any = 4, *_: Any, **__: Any) -> int:
    text: str = str(s)
    step = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 2) * max(step, 0)


def _wrapped_size(
    s: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None, *_: Any, **__: Any
) -> int:
    text = str(s)
    between = len(str(wrapstring)) if wrapstring is not None else 2
    return len(text) + (len(text) + 1) * between  # at worst a line per character


def _joined_size(parts: list[Any], separator: Any) -> int:
    return sum(_text_size(part) for part in parts) + len(str(separator)) * max(len(parts) - 1, 0)


def _summed_size(items: list[Any], start: Any) -> int:
    """What `sum(items, start)` copies on its way when it adds up lists: every partial sum."""
    if not isinstance(start, list | tuple):
        return 0
    running, copied = len(start), 0
    for item in items:
        running += len(item) if isinstance(item, list | tuple) else 0
        copied += running
    return ITEM_WEIGHT * copied


def _urlized_size(text: Any, *args: Any, **kwargs: Any) -> int:
    """Each word may become a link carrying the target and rel given."""
    text = str(text)
    extra = sum(len(str(v)) for v in (*args, *kwargs.values()) if isinstance(v, str))
    return 2 * len(text) + (len(text) // 2 + 1) * (extra + 64)


def _padded_size(text: Any, width: Any, *_: Any) -> int:
    return max(len(text), width) if isinstance(width, int) else len(text)


def _json_size(value: Any, indent: Any = None) -> int:
    step = indent if isinstance(indent, int) else len(indent) if isinstance(indent, str) else 0
    return _Sizer(json=True, indent=max(step, 0)).top(value)


def _xmlattr_size(value: Any, *_: Any, **__: Any) -> int:
    if not isinstance(value, Mapping):
        return 0
    return sum(5 * (_text_size(k) + _text_size(v)) + 4 for k, v in value.items())


# The size of what each filter that can make more text than it is given will make, from
# the value and arguments it is given (after the context Jinja passes to some filters), under
# the parameter names Jinja's filters have, so that keyword arguments reach the estimate too.
# Any other filter makes at most a few times its input, which `_made` then counts.
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80: _padded_size(str(value), width),
    "indent": _indented_size,
    "wordwrap": _wrapped_size,
    "replace": lambda s, old, new, count=None: _replaced_size(str(s), str(old), str(new), count),
    "join": lambda value, d="", attribute=None: _joined_size(value, d),
    "format": lambda value, *args, **kwargs: _printf_size(str(value), kwargs or args),
    "sum": lambda iterable, attribute=None, start=0: _summed_size(iterable, start),
    "batch": lambda value, linecount, fill_with=None: ITEM_WEIGHT * linecount if fill_with is not None else 0,
    "slice": lambda value, slices, fill_with=None: ITEM_WEIGHT * slices,
    "tojson": _json_size,
    "pprint": lambda value: _Sizer(indent=1).top(value),
    "string": _text_size,
    "e": _escaped_size,
    "escape": _escaped_size,
    "forceescape": lambda value: 5 * _text_size(value),
    "urlencode": lambda value: 12 * _text_size(value),
    "urlize": _urlized_size,
    "xmlattr": _xmlattr_size,
    "list": lambda value: ITEM_WEIGHT * len(value) if isinstance(value, Sized) else 0,
}
# Filters whose iterable is read twice (to size it, then to run): read into a list first, each
# item looked up by the `attribute` given, which sits this many places after the iterable.
_READ_FIRST = {"join": 2, "sum": 1}


def _tab_count(text: str | bytes) -> int:
    return text.count("\t") if isinstance(text, str) else text.count(b"\t")


def _translated_size(text: str | bytes, table: Any, *_: Any) -> int:
    if not isinstance(table, Mapping):
        return len(text)
    longest = max((len(v) for v in table.values() if isinstance(v, str | bytes)), default=1)
    return len(text) * max(longest, 1)


# The same for the methods of str (and bytes) that make more text than they are given.
_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": _padded_size,
    "ljust": _padded_size,
    "rjust": _padded_size,
    "zfill": _padded_size,
    "expandtabs": lambda text, tabsize=8: len(text) + _tab_count(text) * max(tabsize, 0),
    "replace": _replaced_size,
    "join": lambda separator, parts: (
        sum(len(p) for p in parts if isinstance(p, str | bytes)) + len(separator) * max(len(parts) - 1, 0)
    ),
    "translate": _translated_size,
}


def _estimate(sizes: Callable[..., int], args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The estimate, or 0 where the arguments do not fit it: the operation itself then says what is wrong."""
    try:
        return sizes(*args, **kwargs)
    except (TypeError, ValueError, AttributeError):
        return 0


@pass_eval_context
def _concat(eval_ctx: EvalContext, *parts: Any) -> str:
    """`a ~ b ~ c`, sized before it is joined (see `_parse`); escaping as Jinja's own `~` does."""
    _will_make(sum(_text_size(part) for part in parts))
    join = markup_join if eval_ctx.autoescape or eval_ctx.volatile else str_join
    return join(parts)


def _finalized(value: Any) -> Any:
    """Every `{{ value }}` passes here first (Jinja's finalize): a container is sized before
    Jinja turns it into text, so `{{ [s] * 1000 }}` is refused rather than built."""
    if not isinstance(value, str):
        _will_make(_text_size(value))
    return value


class _MeteredFormatter(SandboxedFormatter):
    """`str.format` that sizes each field before it is formatted, and counts what it made."""

    made = 0

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.made = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        widths = sum(int(number) for number in re.findall(r"\d+", format_spec))  # width, precision
        _will_make(self.made + _text_size(value) + widths + 330)
        text = super().format_field(value, format_spec)
        self.made += len(text)
        _will_make(self.made)
        return text


class _MeteredEscapeFormatter(_MeteredFormatter, SandboxedEscapeFormatter):
    """The same for `Markup.format`, which escapes each field."""


class _BoundedNamespace(Namespace):
    """`namespace()` whose attributes cannot grow past the output limit (`{% set ns.s = ns.s ~ ns.s %}`)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_time()
        _check_size(value)
        super().__setitem__(name, value)


def _tick() -> str:
    """Called at the top of every loop iteration (see `_parse`), so the sandbox's `call` sees the clock."""
    return ""


class _MeteredConcat(NodeTransformer):
    """`a ~ b` as a call of `_concat`, so the sandbox sizes it (Jinja joins `~` inline)."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802 (Jinja's visitor names)
        self.generic_visit(node)
        return nodes.Call(nodes.Name(_CONCAT, "load"), list(node.nodes), [], None, None, lineno=node.lineno)


class SandboxedTemplates(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a clock and an output meter.

    Every call, attribute lookup, arithmetic on text and loop iteration
    checks the time. Every operation that makes text — `~`, `+`, `*`, `%`,
    `format`, the filters and string methods that pad, repeat, join or
    replace, and `{{ }}` of a container — is sized before it runs (see
    `_FILTER_SIZES`, `_METHOD_SIZES`) and refused beyond the output limit;
    what it made is counted, so a template cannot keep building text it
    drops either (MADE_LIMIT_FACTOR). The rendered output is counted as it
    streams (see `render_template`).
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        options.setdefault("finalize", _finalized)
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: nothing a release needs
        self.globals["namespace"] = _BoundedNamespace
        self.globals[_TICK] = _tick
        self.globals[_CONCAT] = _concat
        self.filters = {name: _metered(name, function) for name, function in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        # A loop with no call in its body (`{% for a in x %}{% for b in x %}{% endfor %}{% endfor %}`)
        # would never reach a checkpoint: each iteration now starts with one.
        for loop in template.find_all(nodes.For):
            tick = nodes.Call(nodes.Name(_TICK, "load"), [], [], None, None)
            loop.body.insert(0, nodes.ExprStmt(tick, lineno=loop.lineno))
        return cast(nodes.Template, _MeteredConcat().visit(template))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_time()
        if __obj is _tick:  # every loop iteration: the clock is all it is for
            return ""
        owner = getattr(__obj, "__self__", None)
        sizes = _METHOD_SIZES.get(getattr(__obj, "__name__", "")) if isinstance(owner, str | bytes) else None
        if sizes is not None:
            if __obj.__name__ == "join" and args:  # read once, to size it and to join it
                args = (list(args[0]), *args[1:])
            _will_make(_estimate(sizes, (owner, *args), kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        _made(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `format_map` through `_MeteredFormatter` (Jinja's own wrapper, metered)."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType):
            return None
        owner = getattr(value, "__self__", None)
        if value.__name__ not in ("format", "format_map") or not isinstance(owner, str):
            return None
        formatter: _MeteredFormatter
        if isinstance(owner, Markup):
            formatter = _MeteredEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _MeteredFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def formatted(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument, a mapping")
                return type(owner)(formatter.vformat(owner, (), args[0]))
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(formatted, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _check_time()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        _check_time()
        _will_make(_binop_size(operator_name, left, right))
        result = super().call_binop(context, operator_name, left, right)
        _made(result)
        return result


def _binop_size(operator_name: str, left: Any, right: Any) -> int:
    """What `left <operator> right` will make, in characters (ITEM_WEIGHT per list item);
    an integer too large to compute counts as beyond any limit."""
    beyond = _limit() + 1
    if operator_name == "*":
        if isinstance(left, int) and isinstance(right, int):
            return beyond if left.bit_length() + right.bit_length() > MAX_INT_BITS else 0
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, str | bytes | list | tuple) and isinstance(count, int):
                return _weight(sequence) * max(count, 0)
    elif operator_name == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0 and right * max(abs(left), 2).bit_length() > MAX_INT_BITS:
            raise TemplateLimitExceeded(f"{left} ** {right} is beyond what a template may compute")
    elif operator_name == "%" and isinstance(left, str):
        return _printf_size(left, right)
    elif operator_name == "+":
        return _weight(left) + _weight(right)
    return 0


def _metered(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock, is sized before it runs (where it can make more
    text than it is given) and counts what it made."""
    sizes = _FILTER_SIZES.get(name)
    attribute_at = _READ_FIRST.get(name)
    # The filtered value comes first, after the context or environment Jinja passes to some filters.
    first = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment mark
    def filtered(*args: Any, **kwargs: Any) -> Any:
        _check_time()
        if sizes is not None:
            if attribute_at is not None and len(args) > first:
                args = _read(args, first, attribute_at, kwargs)
            _will_make(_estimate(sizes, args[first:], kwargs))
        result = function(*args, **kwargs)
        _made(result)
        return result

    return filtered


def _read(args: tuple[Any, ...], first: int, attribute_at: int, kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The filter's arguments with its iterable read into a list, each item looked up by the
    `attribute` given as the filter would; the filter then gets the items and no attribute."""
    iterable = args[first]
    if isinstance(iterable, str) or not isinstance(iterable, Iterable):
        return args
    given = list(args)
    attribute = kwargs.pop("attribute", None)
    if len(given) > first + attribute_at:
        attribute, given[first + attribute_at] = given[first + attribute_at], None
    if attribute is None:
        given[first] = list(iterable)
    else:
        passed = given[0]  # the environment, or the evaluation context that knows it
        environment = passed if isinstance(passed, jinja2.Environment) else passed.environment
        given[first] = list(map(make_attrgetter(environment, attribute), iterable))
    return tuple(given)


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
    roots = theme_roots(folders)
    prefixed: dict[str, BaseLoader] = {
        name: ThemeFiles((folder,), roots) for name, folder in builtin_theme_dirs().items()
    }
    if len(folders) > 1:
        prefixed["parent"] = ThemeFiles(folders[1:], roots)
    return ChoiceLoader([ThemeFiles(folders, roots), PrefixLoader(prefixed)])


class ThemeFiles(BaseLoader):
    """Templates from theme folders, nearest first, read as every theme file is read
    (`read_theme_file`): a link leading out of the themes' folders, a pipe or a device
    is refused, located at the template, rather than published or read for ever.

    The file a name finds is the first that exists in any form, so a pipe or broken
    link called `release.html.j2` is reported, not passed over for the parent's template;
    files the theme never names (an editor's `.#release.html.j2` lock link) are never looked at.
    """

    def __init__(self, folders: Sequence[Path], roots: tuple[Path, ...]) -> None:
        self.folders = tuple(folders)
        self.roots = roots

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": names stay inside the folders
        path = next((p for p in (f.joinpath(*pieces) for f in self.folders) if os.path.lexists(p)), None)
        if path is None:
            raise TemplateNotFound(template)
        data = read_theme_file(path, self.roots, what="template", limit=TEMPLATE_FILE_LIMIT)
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationFailed(
                [
                    Problem(
                        f"the template is not UTF-8 text ({error.reason} at byte {error.start})",
                        path,
                        field="template",
                        hint="save it as UTF-8",
                    )
                ]
            ) from None
        stamp = _stamp(path)
        return source, os.path.normpath(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    """When a template was changed, and its size: Jinja reloads it when either differs."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


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
