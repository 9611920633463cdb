"""How much text an operation of a template will make, found before it runs.

The sandbox (presskit.themes.sandbox) sizes every operation that can make more text
than it is given, and refuses it beyond the limits of presskit.themes.template_budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, ItemsView, Iterable, KeysView, Mapping, Sized, ValuesView
from typing import Any

import jinja2
from jinja2 import TemplateError
from jinja2.utils import Namespace

from presskit.themes.template_budget import (
    ITEM_WEIGHT,
    TemplateLimitExceeded,
    check_time,
    output_limit,
    size_weight,
)

MAX_INT_BITS = 64 * 1024  # an integer a template computes: ~20,000 digits


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
        self.cap = output_limit() if cap is None else cap
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
                check_time()
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


def size_of_text(value: Any) -> int:
    return _Sizer().top(value)


def _escaped_size(value: Any) -> int:
    """The length of `escape(value)`."""
    if hasattr(value, "__html__"):
        return size_of_text(value)
    text_size = size_of_text(value)
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
        size += size_of_text(value) + (330 if kind in "eEfFgG" else 0)  # %f of 1e308: 309 digits
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
    return sum(size_of_text(part) for part in parts) + len(str(separator)) * max(len(parts) - 1, 0)


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
    return sum(5 * (size_of_text(k) + size_of_text(v)) + 4 for k, v in value.items())


# The size of what each filter that can make more text than it is given will make, from
# the value and arguments it is given (after the context Jinja passes to some filters), under
# the parameter names Jinja's filters have, so that keyword arguments reach the estimate too.
# Any other filter makes at most a few times its input, which `count_made` then counts.
FILTER_SIZES: dict[str, Callable[..., int]] = {
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
    "string": size_of_text,
    "e": _escaped_size,
    "escape": _escaped_size,
    "forceescape": lambda value: 5 * size_of_text(value),
    "urlencode": lambda value: 12 * size_of_text(value),
    "urlize": _urlized_size,
    "xmlattr": _xmlattr_size,
    "list": lambda value: ITEM_WEIGHT * len(value) if isinstance(value, Sized) else 0,
}
# Filters whose iterable is read twice (to size it, then to run): read into a list first, each
# item looked up by the `attribute` given, which sits this many places after the iterable.
READ_FIRST = {"join": 2, "sum": 1}


def _tab_count(text: str | bytes) -> int:
    return text.count("\t") if isinstance(text, str) else text.count(b"\t")


def _translated_size(text: str | bytes, table: Any, *_: Any) -> int:
    if not isinstance(table, Mapping):
        return len(text)
    longest = max((len(v) for v in table.values() if isinstance(v, str | bytes)), default=1)
    return len(text) * max(longest, 1)


# The same for the methods of str (and bytes) that make more text than they are given.
METHOD_SIZES: dict[str, Callable[..., int]] = {
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


def estimated_size(sizes: Callable[..., int], args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The estimate, or 0 where the arguments do not fit it: the operation itself then says what is wrong."""
    try:
        return sizes(*args, **kwargs)
    except (TypeError, ValueError, AttributeError):
        return 0


def binop_size(operator_name: str, left: Any, right: Any) -> int:
    """What `left <operator> right` will make, in characters (ITEM_WEIGHT per list item);
    an integer too large to compute counts as beyond any limit."""
    beyond = output_limit() + 1
    if operator_name == "*":
        if isinstance(left, int) and isinstance(right, int):
            return beyond if left.bit_length() + right.bit_length() > MAX_INT_BITS else 0
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, str | bytes | list | tuple) and isinstance(count, int):
                return size_weight(sequence) * max(count, 0)
    elif operator_name == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0 and right * max(abs(left), 2).bit_length() > MAX_INT_BITS:
            raise TemplateLimitExceeded(f"{left} ** {right} is beyond what a template may compute")
    elif operator_name == "%" and isinstance(left, str):
        return _printf_size(left, right)
    elif operator_name == "+":
        return size_weight(left) + size_weight(right)
    return 0
