"""A placeholder problem told in the notation of the file it was found in.

`inline.check_target` names placeholders as PO writes them (`{2}…{/2}`, `{3/}`,
`{stat:gdp-cost}`, `{br}`); a translator working in XLIFF sees inline codes
instead, so the message is rewritten to name those: in XLIFF 1.2
`<bpt id="2">{2}</bpt>…<ept id="2">{/2}</ept>` and `<ph id="3">{3/}</ph>` (or
`<g id="2">…</g>` and `<x id="3"/>` in a file presskit wrote before it wrote
those), `<pc id="2">…</pc>` and `<ph id="3"/>` in 2.0. A file whose units carry
PO text (translate-toolkit's po2xliff) keeps the PO form.
"""

from __future__ import annotations

import re
from typing import Literal

from presskit.i18n.files import FileFormat
from presskit.i18n.units import Unit

_TOKEN = re.compile(r"\{(\d+)\}…\{/\1\}|\{(\d+)/\}|\{((?:stat:[^{}]+)|br)\}")


def in_notation(
    message: str, fmt: FileFormat, unit: Unit, po_text: bool, codes: Literal["g", "bpt"] = "bpt"
) -> str:
    """`message` with each placeholder token written as the file `fmt` writes it."""
    if fmt == "po" or po_text:
        return message
    if fmt == "xliff" and codes == "bpt":
        return _TOKEN.sub(lambda match: _bpt(match, unit), message)
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


def _bpt(match: re.Match[str], unit: Unit) -> str:
    """XLIFF 1.2 as presskit writes it: each code holds its PO token."""
    paired, numbered, named = match.groups()
    if paired:
        return f'<bpt id="{paired}">{{{paired}}}</bpt>…<ept id="{paired}">{{/{paired}}}</ept>'
    if numbered:
        return f'<ph id="{numbered}">{{{numbered}/}}</ph>'
    number = next((p.number for p in unit.placeholders.values() if p.name == named), None)
    if number is None:
        return match.group(0)  # a name the source does not have: nothing to number it by
    code = f'<ph id="{number}">{{{named}}}</ph>'
    return f"{code} (a line break)" if named == "br" else code
