"""A placeholder problem told in the notation of the file it was found in.

`inline.check_target` names placeholders as PO writes them (`{2}…{/2}`, `{3/}`,
`{stat:gdp-cost}`, `{br}`); a translator working in XLIFF sees inline codes
instead, so the message is rewritten to name those: `<g id="2">…</g>` and
`<x id="3"/>` in XLIFF 1.2, `<pc id="2">…</pc>` and `<ph id="3"/>` in 2.0. A
file whose units carry PO text (translate-toolkit's po2xliff) keeps the PO form.
"""

from __future__ import annotations

import re

from presskit.i18n.files import FileFormat
from presskit.i18n.units import Unit

_TOKEN = re.compile(r"\{(\d+)\}…\{/\1\}|\{(\d+)/\}|\{((?:stat:[^{}]+)|br)\}")


def in_notation(message: str, fmt: FileFormat, unit: Unit, po_text: bool) -> str:
    """`message` with each placeholder token written as the file `fmt` writes it."""
    if fmt == "po" or po_text:
        return message
    pair, point, shown = ("g", "x", "equiv-text") if fmt == "xliff" else ("pc", "ph", "disp")
    by_name = {p.name: p.number for p in unit.placeholders.values() if p.name}

    def code(match: re.Match[str]) -> str:
        paired, numbered, named = match.groups()
        if paired:
            return f'<{pair} id="{paired}">…</{pair}>'
        if numbered:
            return f'<{point} id="{numbered}"/>'
        number = by_name.get(named)
        if number is None:
            return match.group(0)  # a name the source does not have: nothing to number it by
        if named == "br":
            return f'<{point} id="{number}"/> (a line break)'
        return f'<{point} id="{number}" {shown}="{{{named}}}"/>'

    return _TOKEN.sub(code, message)
