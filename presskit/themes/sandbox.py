"""The sandboxed Jinja environment templates run in, with a clock and an output meter.

Themes may come from users, so templates run in Jinja's immutable sandbox: Python
internals are off limits, and every call, attribute lookup, loop iteration and
operation that makes text is checked against the rendering's budget
(presskit.themes.template_budget), sized before it runs where it can make more text
than it is given (presskit.themes.template_sizes).
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

import jinja2
from jinja2 import nodes, pass_eval_context
from jinja2.filters import make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from presskit.themes.template_budget import check_output_size, check_time, count_made, will_make
from presskit.themes.template_sizes import (
    FILTER_SIZES,
    METHOD_SIZES,
    READ_FIRST,
    binop_size,
    estimated_size,
    size_of_text,
)

_TICK = "_presskit_tick"
_CONCAT = "_presskit_concat"


@pass_eval_context
def _concat(eval_ctx: EvalContext, *parts: Any) -> str:
    """`a ~ b ~ c`, sized before it is joined (see `_parse`); escaping as Jinja's own `~` does."""
    will_make(sum(size_of_text(part) for part in parts))
    join = markup_join if eval_ctx.autoescape or eval_ctx.volatile else str_join
    return join(parts)


def _finalized(value: Any) -> Any:
    """Every `{{ value }}` passes here first (Jinja's finalize): a container is sized before
    Jinja turns it into text, so `{{ [s] * 1000 }}` is refused rather than built."""
    if not isinstance(value, str):
        will_make(size_of_text(value))
    return value


class _MeteredFormatter(SandboxedFormatter):
    """`str.format` that sizes each field before it is formatted, and counts what it made."""

    made = 0

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.made = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        widths = sum(int(number) for number in re.findall(r"\d+", format_spec))  # width, precision
        will_make(self.made + size_of_text(value) + widths + 330)
        text = super().format_field(value, format_spec)
        self.made += len(text)
        will_make(self.made)
        return text


class _MeteredEscapeFormatter(_MeteredFormatter, SandboxedEscapeFormatter):
    """The same for `Markup.format`, which escapes each field."""


class _BoundedNamespace(Namespace):
    """`namespace()` whose attributes cannot grow past the output limit (`{% set ns.s = ns.s ~ ns.s %}`)."""

    def __setitem__(self, name: str, value: Any) -> None:
        check_time()
        check_output_size(value)
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
    `FILTER_SIZES`, `METHOD_SIZES` in presskit.themes.template_sizes) and
    refused beyond the output limit; what it made is counted, so a template
    cannot keep building text it drops either (MADE_LIMIT_FACTOR). The
    rendered output is counted as it streams (see
    presskit.themes.templating.render_template).
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
        check_time()
        if __obj is _tick:  # every loop iteration: the clock is all it is for
            return ""
        owner = getattr(__obj, "__self__", None)
        sizes = METHOD_SIZES.get(getattr(__obj, "__name__", "")) if isinstance(owner, str | bytes) else None
        if sizes is not None:
            if __obj.__name__ == "join" and args:  # read once, to size it and to join it
                args = (list(args[0]), *args[1:])
            will_make(estimated_size(sizes, (owner, *args), kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        count_made(result)
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
        check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        check_time()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        check_time()
        will_make(binop_size(operator_name, left, right))
        result = super().call_binop(context, operator_name, left, right)
        count_made(result)
        return result


def _metered(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock, is sized before it runs (where it can make more
    text than it is given) and counts what it made."""
    sizes = FILTER_SIZES.get(name)
    attribute_at = READ_FIRST.get(name)
    # The filtered value comes first, after the context or environment Jinja passes to some filters.
    first = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment mark
    def filtered(*args: Any, **kwargs: Any) -> Any:
        check_time()
        if sizes is not None:
            if attribute_at is not None and len(args) > first:
                args = _read(args, first, attribute_at, kwargs)
            will_make(estimated_size(sizes, args[first:], kwargs))
        result = function(*args, **kwargs)
        count_made(result)
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
