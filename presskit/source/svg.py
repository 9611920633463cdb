"""SVG published as it is: a browser opening it runs what it holds, so every element,
attribute, link and style in it must be on a list of what a still image needs."""

from __future__ import annotations

import io
import re
from typing import Any, NoReturn
from xml.sax import InputSource, SAXException, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml.expatreader import DefusedExpatParser

from presskit.source.assets import AssetError, reason


class SvgRefused(Exception):
    """Something in an SVG presskit does not publish; the message says what and where."""


def check_svg(data: bytes, display: str) -> None:
    """An SVG is published as it is, and a browser opening it runs what it holds: so every
    element, attribute, link and style in it must be on a list of what a still image needs.

    Refused: script and event handlers, animation (it can set a link to
    `javascript:` after any check of the link), foreignObject and HTML, links
    and styles pointing anywhere but inside the file (`#id`) or at an embedded
    raster image (or font, in CSS), DTDs with declarations, processing
    instructions such as xml-stylesheet, and any element or attribute not on the
    lists below. Editors' own metadata (Inkscape, Sodipodi, Illustrator, Sketch,
    RDF and Dublin Core) is allowed: browsers give it no meaning.
    """
    checker = _SvgChecker()
    parser = _SvgParser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(checker)
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SvgRefused as refused:
        raise AssetError(f"{display} {refused}") from None
    except SAXParseException as err:
        where = f"line {err.getLineNumber()}: " if err.getLineNumber() else ""
        raise AssetError(f"{display} is not a well-formed SVG file ({where}{err.getMessage()})") from None
    except (SAXException, ValueError) as err:  # defusedxml's refusals are ValueErrors
        raise AssetError(f"{display} declares XML entities or a DTD ({reason(err)})") from None
    if not checker.seen_root:
        raise AssetError(f"{display} is not an SVG file (it has no <svg> element)")


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Namespaces of editors' and metadata elements: a browser makes nothing of them but a DOM node.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/Variables/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://ns.adobe.com/ImageReplacement/1.0/",
        "http://ns.adobe.com/GenericCustomNamespace/1.0/",
        "http://ns.adobe.com/XPath/1.0/",
        "http://ns.adobe.com/xap/1.0/",
        "http://ns.adobe.com/xap/1.0/mm/",
        "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
        "http://ns.adobe.com/tiff/1.0/",
        "http://ns.adobe.com/exif/1.0/",
        "http://ns.adobe.com/photoshop/1.0/",
        "adobe:ns:meta/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
        "http://www.vectornator.io",
    }
)

# SVG elements of a still image. Not here, so refused: script, foreignObject, animate, set,
# animateMotion, animateTransform, mpath, discard, cursor, color-profile, font-face-uri, tref, …
SVG_ELEMENTS = frozenset(
    """
    svg g defs desc title metadata symbol use switch a view style
    path rect circle ellipse line polyline polygon text tspan textPath image
    linearGradient radialGradient stop pattern clipPath mask marker solidcolor
    meshgradient meshrow meshpatch hatch hatchpath
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    """.split()
)

# Attributes whose values are CSS (presentation attributes and transforms): checked as style is.
SVG_CSS_ATTRIBUTES = frozenset(
    """
    alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
    color-interpolation-filters color-rendering cursor direction display dominant-baseline
    enable-background fill fill-opacity fill-rule filter flood-color flood-opacity font
    font-family font-feature-settings font-kerning font-size font-size-adjust font-stretch
    font-style font-variant font-variant-caps font-variant-east-asian font-variant-ligatures
    font-variant-numeric font-variant-position font-weight glyph-orientation-horizontal
    glyph-orientation-vertical image-rendering inline-size isolation kerning letter-spacing
    lighting-color line-height marker marker-end marker-mid marker-start mask mask-type
    mix-blend-mode opacity overflow paint-order pointer-events shape-inside shape-margin
    shape-padding shape-rendering shape-subtract solid-color solid-opacity stop-color
    stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-opacity stroke-width text-align text-anchor text-decoration
    text-decoration-color text-decoration-line text-decoration-style text-indent
    text-orientation text-rendering text-transform transform transform-box transform-origin
    unicode-bidi vector-effect visibility white-space word-spacing writing-mode
    gradientTransform patternTransform
    """.split()
)

# Other attributes, plain values (numbers, names, path data). Not here, so refused: every
# on* handler, attributeName/values/from/to/by of animation elements, ping, xml:base, …
SVG_PLAIN_ATTRIBUTES = frozenset(
    """
    id class lang tabindex role focusable x y z width height rx ry cx cy r fr fx fy x1 y1 x2 y2
    d points pathLength viewBox preserveAspectRatio version baseProfile zoomAndPan viewTarget
    contentScriptType contentStyleType requiredFeatures requiredExtensions systemLanguage
    gradientUnits spreadMethod offset patternUnits patternContentUnits clipPathUnits
    maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient
    dx dy rotate textLength lengthAdjust startOffset method spacing side path
    target download hreflang type rel referrerpolicy crossorigin decoding media title
    filterUnits primitiveUnits filterRes in in2 result mode values tableValues slope
    intercept amplitude exponent operator k1 k2 k3 k4 order kernelMatrix divisor bias
    targetX targetY edgeMode kernelUnitLength preserveAlpha surfaceScale diffuseConstant
    specularConstant specularExponent scale xChannelSelector yChannelSelector stdDeviation
    azimuth elevation pointsAtX pointsAtY pointsAtZ limitingConeAngle radius baseFrequency
    numOctaves seed stitchTiles hatchUnits hatchContentUnits pitch
    """.split()
)
XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "show", "actuate", "role", "arcrole"})
XML_ATTRIBUTES = frozenset({"space", "lang", "id"})  # not xml:base, which moves where #id points

# CSS functions a still image's style may use; any other (expression(), image-set(), src(),
# element(), paint()…) is refused. url() is judged by where it points.
CSS_FUNCTIONS = frozenset(
    """
    rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix device-cmyk icc-color
    calc min max clamp var translate translatex translatey translatez translate3d rotate
    rotatex rotatey rotatez rotate3d scale scalex scaley scalez scale3d skew skewx skewy
    matrix matrix3d perspective linear-gradient radial-gradient conic-gradient
    repeating-linear-gradient repeating-radial-gradient repeating-conic-gradient drop-shadow
    blur brightness contrast grayscale hue-rotate invert opacity saturate sepia cubic-bezier
    steps linear local format tech rect inset circle ellipse polygon path xywh counter
    counters not is where has nth-child nth-last-child nth-of-type nth-last-of-type dir
    """.split()
)
CSS_AT_RULES = frozenset(
    {"media", "font-face", "keyframes", "-webkit-keyframes", "supports", "charset", "layer"}
)

# What an SVG may point at besides its own #ids: embedded raster images, and in CSS, fonts.
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_DATA_FONT = re.compile(r"data:(?:font/(?:woff2?|ttf|otf|sfnt)|application/font-woff2?)[;,]", re.IGNORECASE)
_URL_SPACE = "".join(map(chr, range(0x21)))  # C0 controls and space, stripped at both ends
_WHY_LINKS = (
    "an SVG presskit publishes may point only inside itself (#id) or embed PNG, JPEG, GIF or WebP data"
)


def browser_url(value: str) -> str:
    """A URL as a browser reads it (WHATWG URL): ASCII tab, newline and carriage return
    removed anywhere, C0 controls and spaces stripped at both ends. So `jav&#x09;ascript:`
    and a newline inside the scheme are `javascript:`, as they are to Chromium."""
    return re.sub("[\t\n\r]", "", value).strip(_URL_SPACE)


def _safe_link(value: str, *, css: bool = False) -> bool:
    url = browser_url(value)
    return url.startswith("#") or bool(_DATA_IMAGE.match(url)) or (css and bool(_DATA_FONT.match(url)))


def _shown_url(value: str) -> str:
    url = browser_url(value)
    return repr(url if len(url) <= 60 else url[:57] + "...")


_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\n)|(.))", re.DOTALL)
_CSS_FUNCTION = re.compile(r"([-\w]*)\(")
_CSS_AT_RULE = re.compile(r"@([-\w]+)")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""")


def _css_unescaped(text: str) -> str:
    """CSS with comments dropped and escapes decoded (`\\75 rl(` is `url(`), in lower case."""

    def decoded(match: re.Match[str]) -> str:
        hexadecimal, newline, other = match.groups()
        if hexadecimal:
            code = int(hexadecimal, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if newline else other

    return _CSS_ESCAPE.sub(decoded, _CSS_COMMENT.sub(" ", text)).replace("\0", "\ufffd").lower()


def css_problem(text: str) -> str | None:
    """What in a style sheet or style attribute an SVG may not have, or None."""
    css = _css_unescaped(text)
    for rule in _CSS_AT_RULE.findall(css):
        if rule not in CSS_AT_RULES:
            return f"the CSS rule @{rule}" + (" (it loads another style sheet)" if rule == "import" else "")
    for function in _CSS_FUNCTION.finditer(css):
        name = function.group(1)
        if name == "url":
            found = _CSS_URL.match(css, function.start())
            if found is None:
                return "a CSS url() presskit cannot read"
            target = next(part for part in found.groups() if part is not None)
            if not _safe_link(target, css=True):
                return f"a CSS url() pointing to {_shown_url(target)}"
        elif name and name not in CSS_FUNCTIONS:
            return f"the CSS function {name}()"
    return None


class _SvgParser(DefusedExpatParser):  # type: ignore[misc]  # defusedxml has no type hints
    """defusedxml's expat reader (no entities, no external references) that also
    refuses a DTD with declarations of its own. A bare DOCTYPE naming the SVG 1.1 DTD,
    as Illustrator writes, is harmless: neither expat nor a browser fetches it."""

    def reset(self) -> None:
        super().reset()
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.ExternalEntityRefHandler = self._external

    def _external(self, context: str | None, base: str | None, system: str | None, public: str | None) -> int:
        if context is None:  # the DOCTYPE's own DTD: left unread (1 tells expat it is dealt with)
            return 1
        raise SvgRefused(f"refers to the external entity {system!r}; export the SVG without entities")

    def _doctype(self, name: str, system: str | None, public: str | None, internal_subset: int) -> None:
        if internal_subset:
            raise SvgRefused(
                "declares XML entities or other DTD rules of its own (entities can expand without "
                "end, or reach other files); export the SVG without a DOCTYPE"
            )


class _SvgChecker(ContentHandler):
    """Every element and attribute of an SVG, as the parser meets them, against the allowlists."""

    def __init__(self) -> None:
        super().__init__()
        self.locator: Any = None
        self.seen_root = False
        self.not_svg: str | None = None  # what the root element says instead of <svg>
        self.style: list[str] | None = None  # the text of the <style> being read
        self.style_line = 0

    def setDocumentLocator(self, locator: Any) -> None:  # noqa: N802 (SAX's names)
        self.locator = locator

    def refuse(self, what: str, why: str) -> NoReturn:
        line = self.locator.getLineNumber() if self.locator is not None else None
        raise SvgRefused(f"{what}{f' (line {line})' if line else ''}: {why}")

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802
        namespace, local = name
        if not self.seen_root:
            self.seen_root = True
            if (namespace, local) != (SVG_NS, "svg"):
                # Said once the whole file has parsed: a file that is not even XML hears that first.
                self.not_svg = (
                    f'is not an SVG file: it starts with <{qname or local}>, not <svg xmlns="{SVG_NS}">'
                )
        if self.not_svg:
            return
        if namespace == SVG_NS:
            if local not in SVG_ELEMENTS:
                self.refuse(f"contains <{local}>", _ELEMENT_REASONS.get(local, _UNKNOWN_ELEMENT))
        elif namespace not in EDITOR_NAMESPACES:
            where = f"the namespace {namespace}" if namespace else "no namespace"
            self.refuse(f"contains <{qname or local}>, an element of {where}", _UNKNOWN_ELEMENT)
        for (attribute_namespace, attribute), value in attrs.items():
            self.attribute(namespace, attribute_namespace, attribute, str(value))
        if (namespace, local) == (SVG_NS, "style"):
            self.style, self.style_line = [], self.locator.getLineNumber() if self.locator else 0

    def attribute(self, element_namespace: str | None, namespace: str | None, name: str, value: str) -> None:
        shown = {XLINK_NS: "xlink:", XML_NS: "xml:"}.get(namespace or "", "") + name
        if name.lower().startswith("on"):
            self.refuse(f"has the attribute {shown}", "an event handler: it runs script")
        if namespace == XLINK_NS and name in XLINK_ATTRIBUTES or namespace is None and name == "href":
            if name == "href" and not _safe_link(value):
                self.refuse(f"has the attribute {shown} pointing to {_shown_url(value)}", _WHY_LINKS)
        elif namespace == XML_NS:
            if name not in XML_ATTRIBUTES:
                self.refuse(f"has the attribute {shown}", "it changes where the SVG's links point")
        elif namespace in EDITOR_NAMESPACES or namespace is None and element_namespace != SVG_NS:
            pass  # an editor's own attribute, or one on an editor's element: no browser reads it
        elif namespace is not None:
            self.refuse(f"has the attribute {name} of the namespace {namespace}", _UNKNOWN_ATTRIBUTE)
        elif name == "style" or name in SVG_CSS_ATTRIBUTES:
            problem = css_problem(value)
            if problem is not None:
                self.refuse(f"has the attribute {shown} with {problem}", _WHY_CSS)
        elif name not in SVG_PLAIN_ATTRIBUTES and not name.startswith(("aria-", "data-")):
            self.refuse(f"has the attribute {shown}", _UNKNOWN_ATTRIBUTE)

    def endDocument(self) -> None:  # noqa: N802
        if self.not_svg:
            raise SvgRefused(self.not_svg)

    def characters(self, content: str) -> None:
        if self.style is not None:
            self.style.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802
        if name == (SVG_NS, "style") and self.style is not None:
            problem = css_problem("".join(self.style))
            self.style = None
            if problem is not None:
                raise SvgRefused(f"has a <style> (line {self.style_line}) with {problem}: {_WHY_CSS}")

    def processingInstruction(self, target: str, data: str) -> None:  # noqa: N802
        if target != "xpacket":  # Adobe's XMP wrapper; xml-stylesheet would load a style sheet
            self.refuse(f"contains the processing instruction <?{target}?>", "it can load a style sheet")

    def skippedEntity(self, name: str) -> None:  # noqa: N802
        self.refuse(
            f"refers to the entity &{name}; that it does not define", "export the SVG without entities"
        )


_UNKNOWN_ELEMENT = (
    "presskit publishes only what a still image needs; export a plain SVG (Inkscape: Plain SVG)"
)
_UNKNOWN_ATTRIBUTE = "presskit publishes only attributes a still image needs; export a plain SVG"
_WHY_CSS = "style may only use colours, fonts, transforms and url(#id) within the SVG"
_ELEMENT_REASONS = {
    "script": "a script would run where the SVG is opened",
    "foreignObject": "it embeds HTML, which can run script",
    "animate": "animation can change a link into javascript: after any check",
    "set": "it can change a link into javascript: after any check",
    "animateMotion": "animation is not published",
    "animateTransform": "animation is not published",
    "discard": "animation is not published",
    "mpath": "animation is not published",
    "iframe": "it embeds another page",
}
