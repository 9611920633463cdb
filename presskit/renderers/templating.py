"""What the HTML and text renderers share: the theme's Jinja environment and text hygiene.

Themes may come from users, so templates run in Jinja's sandbox. Release data
only ever reaches a template as a value, never as template source, so Jinja
syntax in a headline is shown, not evaluated.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from presskit.errors import Problem, ValidationFailed
from presskit.theme import Theme

# C0 controls but tab and newline, DEL, C1 controls and lone surrogates: none
# of them can be shown, and several are invalid in HTML or break terminals.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def template_environment(theme: Theme, *, autoescape: bool) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment that loads templates from the theme's folder."""
    return _environment(theme.root, autoescape)


# One environment per theme folder, so templates compile once; Jinja still
# reloads a template whose file has changed (for `presskit serve`).
@functools.lru_cache(maxsize=16)
def _environment(root: Path, autoescape: bool) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(root),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(theme: Theme, name: str, context: dict[str, Any], *, autoescape: bool) -> str:
    """Fill the theme's template `name` with `context`; a broken template is a located problem."""
    try:
        template = template_environment(theme, autoescape=autoescape).get_template(name)
        return template.render(context)
    except TemplateNotFound as error:
        raise _template_problem(
            f"no template {error.name!r} in the theme", theme.template_path(name)
        ) from None
    except TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else theme.template_path(name)
        raise _template_problem(error.message or str(error), where, error.lineno) from None
    except TemplateError as error:  # undefined names, sandbox refusals
        path, line = _template_location(error.__traceback__, theme.root)
        hint = "a template sees only the values presskit passes in; templates/default uses them all"
        raise _template_problem(str(error), path or theme.template_path(name), line, hint) from None


def _template_problem(
    message: str, path: Path, line: int | None = None, hint: str | None = None
) -> ValidationFailed:
    return ValidationFailed([Problem(message, path=path, line=line, field="template", hint=hint)])


def _template_location(trace: TracebackType | None, root: Path) -> tuple[Path | None, int | None]:
    """The innermost template file and line in `trace` (Jinja maps its frames to template lines)."""
    found: tuple[Path | None, int | None] = (None, None)
    while trace is not None:
        filename = Path(trace.tb_frame.f_code.co_filename)
        if filename.is_relative_to(root):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def showable(text: str) -> str:
    """`text` with Windows/Mac line ends made "\\n" and unshowable characters removed."""
    return _UNSHOWABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
