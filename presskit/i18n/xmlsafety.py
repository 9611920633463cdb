"""Reading untrusted XML: measured first, then parsed by defusedxml, before lxml sees it.

Every translation file is first measured (`check_shape`: nesting, element and
attribute counts, streamed so nothing large is built) and parsed by defusedxml
(`safe_root`), which refuses entity declarations (billion laughs, external
entities), before lxml ever sees the bytes (`root_of`).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from lxml import etree

from presskit.i18n.files import FileProblem

# An XLIFF file is a few levels of structure (xliff, file, body, a group or two, a unit, its
# target) around inline codes nested no deeper than the source's (model.MAX_INLINE_DEPTH).
MAX_XML_DEPTH = 64
MAX_XML_ELEMENTS = 200_000  # a release of a thousand paragraphs writes some 20,000
MAX_XML_ATTRIBUTES = 100  # on one element; translation tools add a dozen at most


class _Declares(Exception):
    """The file declares entities: left for `safe_root` to refuse with its own message."""


def check_shape(data: bytes) -> None:
    """Refuse XML nested too deeply or with too many elements or attributes, before any tree is built.

    lxml stops at 256 levels with an error of its own and recursion in any walk
    could fail earlier, so depth is checked here, streamed, with the line it
    is exceeded on. Malformed XML passes: `safe_root` reports it.
    """
    parser = expat.ParserCreate()
    depth = 0
    count = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, count
        depth += 1
        count += 1
        line = parser.CurrentLineNumber
        hint = "export the file again from the translation tool"
        if depth > MAX_XML_DEPTH:
            raise FileProblem(f"elements are nested more than {MAX_XML_DEPTH} deep", line, hint)
        if count > MAX_XML_ELEMENTS:
            raise FileProblem(f"the file has more than {MAX_XML_ELEMENTS:,} elements", line, hint)
        if len(attributes) > MAX_XML_ATTRIBUTES:
            message = f"<{name}> has {len(attributes):,} attributes; at most {MAX_XML_ATTRIBUTES} are read"
            raise FileProblem(message, line, hint)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def declares(*_: Any) -> None:
        raise _Declares

    def refers(context: str, base: str | None, system: str | None, public: str | None) -> int:
        raise _Declares

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = declares
    parser.UnparsedEntityDeclHandler = declares
    parser.ExternalEntityRefHandler = refers
    try:
        parser.Parse(data, True)
    except (_Declares, expat.ExpatError):
        pass


def safe_root(data: bytes) -> None:
    """Refuse XML that is malformed or declares entities, before any other parser sees it."""
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FileProblem(
            f"refused: the file declares XML entities or external references ({type(error).__name__})",
            hint="a translation file needs no DTD entities; export it again from the translation tool",
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        message = str(error).split(": line")[0]
        raise FileProblem(f"malformed XML: {message} (column {column})", line) from None


def root_of(data: bytes) -> etree._Element:
    """The lxml root of XML already passed by `safe_root` (no entities, no network, no DTD loading)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser=parser)
