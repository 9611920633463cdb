"""Validation against a pydantic model, every problem located in the user's file.

Shared by releases, newsrooms (`loader.py`, `newsroom.py`) and themes (`presskit/themes/theme.py`); it needs
pydantic and the located document only, so loading a theme does not import the
release loader's Markdown parser or schema.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from presskit.errors import Problem, ValidationFailed
from presskit.source.document import Document, FieldPath, dotted

ModelT = TypeVar("ModelT", bound=BaseModel)
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"  # ids and slugs: what schema.py's fields require


def did_you_mean(name: str, choices: Collection[str]) -> str | None:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None


_MESSAGES = {
    "missing": "required",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping (key: value lines)",
    "model_type": "must be a mapping (key: value lines)",
    "model_attributes_type": "must be a mapping (key: value lines)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "finite_number": "must be a finite number",
}


def _clean_loc(loc: tuple[Any, ...], doc: Document, prefix: FieldPath) -> tuple[FieldPath, bool]:
    """Drop pydantic's union/validator tags from a location; say if it names a dict key."""
    out: list[str | int] = list(prefix)
    names_key = False
    node: Any = doc.value(prefix)
    for part in loc:
        if part == "[key]":
            names_key = True
            continue
        if isinstance(node, dict):
            part = _written_key(node, part)
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and ("[" in part or part[:1].isupper() or part in ("str", "int")):
            continue  # a union member's tag, not a place in the document
        else:
            out.append(part)
            node = None
    return tuple(out), names_key


def _written_key(node: dict[Any, Any], part: Any) -> Any:
    """The key of `node` that pydantic's location `part` names, as the file has it: pydantic
    writes a key that is not text as text (`~:` as "None") or as a number (`true:` as 1)."""
    if isinstance(part, str) and part in node:
        return part
    return next((key for key in node if key == part or (not isinstance(key, str) and str(key) == part)), part)


def schema_problems(
    model: type[ModelT], doc: Document, prefix: FieldPath = ()
) -> tuple[ModelT | None, list[Problem]]:
    """Validate the data at `prefix` against `model`; every problem, located."""
    try:
        return model.model_validate(doc.value(prefix)), []
    except PydanticError as err:
        problems = []
        for error in err.errors(include_url=False):
            hint: str | None
            loc, names_key = _clean_loc(error["loc"], doc, prefix)
            kind = error["type"]
            if kind == "extra_forbidden":
                choices = allowed_fields(model, loc[len(prefix) : -1])
                hint = did_you_mean(str(loc[-1]), choices) or "allowed: " + ", ".join(choices)
                problems.append(doc.problem(loc, "unknown field", hint, key=True))
                continue
            if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == ID_PATTERN:
                what = f'"{loc[-1]}" is not a valid id' if names_key else "not a valid id"
                hint = "use lower-case letters, digits, - and _, e.g. press-office"
                problems.append(doc.problem(loc, what, hint, key=names_key))
                continue
            hint = None
            if kind == "literal_error":
                options = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
                hint = did_you_mean(str(error["input"]), options)
            # pydantic says "too_long" of a text checked after a validator as well as of a list
            if kind == "string_too_long" or (kind == "too_long" and isinstance(error["input"], str)):
                message = f"must have at most {error['ctx']['max_length']:,} characters"
                problems.append(doc.problem(loc, message, "shorten it"))
                continue
            if kind == "too_long":
                message = f"must have at most {error['ctx']['max_length']:,} items"
                actual = error["ctx"].get("actual_length")
                message += f", not {actual:,}" if isinstance(actual, int) else ""
                problems.append(doc.problem(loc, message, "remove some"))
                continue
            if kind == "invalid_key":
                problems.append(
                    doc.problem(
                        loc, "a key must be text", "field names are plain words such as body", key=True
                    )
                )
                continue
            message = _MESSAGES.get(kind) or str(error["msg"])
            message = message.removeprefix("Value error, ").replace("Input should be", "must be")
            message = message.replace("String should", "must").replace("List should", "must")
            if kind == "missing":
                hint = f"add {loc[-1]}: to {dotted(loc[:-1]) or 'the file'}"
            problems.append(doc.problem(loc, message, hint))
        return None, problems


def validate_into(model: type[ModelT], doc: Document, prefix: FieldPath = ()) -> ModelT:
    """Validate or raise ValidationFailed with every problem."""
    result, problems = schema_problems(model, doc, prefix)
    if problems or result is None:
        raise ValidationFailed(problems)
    return result


def allowed_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names a mapping at `loc` (inside `model`) may have, for "did you mean"."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _step(annotation: Any, part: str | int) -> Any:
    from typing import get_args, get_origin

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return _unwrap(field.annotation) if field else None
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is dict and args:
        return _unwrap(args[1])
    if origin is list and args:
        return _unwrap(args[0])
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated; of a union of a plain id and a model, keep the model."""
    from typing import Annotated as AnnotatedType
    from typing import Union, get_args, get_origin

    origin = get_origin(annotation)
    if origin is AnnotatedType:
        return _unwrap(get_args(annotation)[0])
    if origin is Union or type(annotation).__name__ == "UnionType":
        for arg in get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
            if get_origin(inner) in (list, dict):
                return inner
        return None
    return annotation
