"""SVG assets run no script: every SVG goes through one allowlist (presskit.source.svg.check_svg).

A browser opening an SVG runs what it holds, and the release page links each asset's
original. So the check is not a search for `javascript:` (which `jav&#x09;ascript:`,
a newline in the scheme and `<animate attributeName="href">` all pass, and which all
run in Chromium: see the browser tests at the end) but a list of what a still image
needs; everything else is refused, located at the asset's line in release.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from presskit.source.assets import AssetError
from presskit.source.svg import browser_url, check_svg, css_problem
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_build_assets import line_of, release_with

NOW = dt.datetime(2025, 12, 10, 18, 0, tzinfo=dt.UTC)
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="200">'
CLICKABLE = '<rect width="200" height="200" fill="#0B3C5D"/>'

# The three bypasses of a check that looks for href values starting with "javascript:".
# Each runs alert(1) in Chromium when the SVG is opened and clicked (test_the_bypasses_are_real).
BYPASSES = {
    "a tab inside the scheme": f'{OPEN}<a href="jav&#x09;ascript:alert(1)">{CLICKABLE}</a></svg>',
    "a newline inside the scheme": f'{OPEN}<a href="java&#10;script:alert(1)">{CLICKABLE}</a></svg>',
    "animate turns href into javascript:": (
        f'{OPEN}<a href="#top"><animate attributeName="href" values="#top;javascript:alert(1)" '
        f'calcMode="discrete" dur="0.2s" fill="freeze"/>{CLICKABLE}</a></svg>'
    ),
}

HOSTILE: list[tuple[str, str, str]] = [
    ("script", f"{OPEN}<script>alert(1)</script></svg>", "contains <script> (line 1): a script would run"),
    (
        "event handler",
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "has the attribute onload",
    ),
    ("event handler, other case", f'{OPEN}<rect onClick="alert(1)"/></svg>', "has the attribute onClick"),
    (
        "javascript: link",
        f'{OPEN}<a href="javascript:alert(1)"/></svg>',
        "has the attribute href pointing to",
    ),
    ("tab in the scheme", BYPASSES["a tab inside the scheme"], "pointing to 'javascript:alert(1)'"),
    ("newline in the scheme", BYPASSES["a newline inside the scheme"], "pointing to 'javascript:alert(1)'"),
    (
        "leading blank and tab",
        f'{OPEN}<a href=" &#x9; javascript:alert(1)"/></svg>',
        "pointing to 'javascript:",
    ),
    (
        "xlink:href in mixed case",
        f'{OPEN}<a xlink:href="JaVaScRiPt:alert(1)"/></svg>',
        "has the attribute xlink:href",
    ),
    ("vbscript: link", f'{OPEN}<a href="vbscript:msgbox(1)"/></svg>', "pointing to 'vbscript:msgbox(1)'"),
    (
        "data: HTML link",
        f'{OPEN}<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/></svg>',
        "pointing to 'data:text/html",
    ),
    ("animate of href", BYPASSES["animate turns href into javascript:"], "contains <animate>"),
    (
        "set of href",
        f'{OPEN}<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        "contains <set>",
    ),
    (
        "animateTransform",
        f'{OPEN}<rect><animateTransform attributeName="transform"/></rect></svg>',
        "contains <animateTransform>",
    ),
    (
        "foreignObject with HTML",
        f'{OPEN}<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject></svg>',
        "contains <foreignObject>",
    ),
    (
        "XHTML script",
        f'{OPEN}<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
        "an element of the namespace http://www.w3.org/1999/xhtml",
    ),
    (
        "MathML link",
        f'{OPEN}<math xmlns="http://www.w3.org/1998/Math/MathML" href="javascript:alert(1)"/></svg>',
        "an element of the namespace http://www.w3.org/1998/Math/MathML",
    ),
    (
        "external use",
        f'{OPEN}<use href="https://evil.example/sprite.svg#a"/></svg>',
        "pointing to 'https://evil.example/sprite.svg#a'",
    ),
    (
        "tracking image",
        f'{OPEN}<image href="http://evil.example/pixel.png"/></svg>',
        "pointing to 'http://evil.example/pixel.png'",
    ),
    (
        "nested SVG as data:",
        f'{OPEN}<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
        "pointing to 'data:image/svg+xml",
    ),
    (
        "relative file",
        f'{OPEN}<image xlink:href="../../secret.png"/></svg>',
        "pointing to '../../secret.png'",
    ),
    (
        "external filter image",
        f'{OPEN}<filter id="f"><feImage href="https://evil.example/x.png"/></filter></svg>',
        "has the attribute href pointing to",
    ),
    (
        "style @import",
        f"{OPEN}<style>@import url(https://evil.example/x.css);</style></svg>",
        "with the CSS rule @import",
    ),
    (
        "style url() hidden by escapes",
        f"{OPEN}<style>rect {{ fill: \\75 rl(https://evil.example/x) }}</style></svg>",
        "a CSS url() pointing to 'https://evil.example/x'",
    ),
    (
        "style url() in capitals and quotes",
        f'{OPEN}<style>rect {{ fill: URL("HTTPS://evil.example/x") }}</style></svg>',
        "a CSS url() pointing to 'https://evil.example/x'",
    ),
    (
        "style attribute expression()",
        f'{OPEN}<rect style="width: expression(alert(1))"/></svg>',
        "the CSS function expression()",
    ),
    (
        "external fill",
        f'{OPEN}<rect fill="url(https://evil.example/g.svg#g)"/></svg>',
        "has the attribute fill with a CSS url()",
    ),
    (
        "-moz-binding",
        f'{OPEN}<rect style="-moz-binding: url(https://evil.example/x.xml#b)"/></svg>',
        "a CSS url() pointing to",
    ),
    (
        "xml-stylesheet",
        f'<?xml-stylesheet href="https://evil.example/x.css"?>{OPEN}</svg>',
        "contains the processing instruction <?xml-stylesheet?>",
    ),
    (
        "billion laughs",
        '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        "declares XML entities",
    ),
    (
        "DTD default onload",
        '<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        "declares XML entities or other DTD rules",
    ),
    (
        "external entity",
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>',
        "refers to the entity &xxe;",
    ),
    (
        "xml:base",
        f'{OPEN}<g xml:base="https://evil.example/"><use href="#a"/></g></svg>',
        "has the attribute xml:base",
    ),
    ("unknown attribute", f'{OPEN}<a ping="https://evil.example/track"/></svg>', "has the attribute ping"),
    ("not SVG at all", "<html><script>alert(1)</script></html>", "is not an SVG file: it starts with <html>"),
    ("not well-formed", f"{OPEN}<g></svg>", "is not a well-formed SVG file (line 1: mismatched tag)"),
]

INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="60mm" viewBox="0 0 210 60" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" borderopacity="1.0"
     inkscape:showpageshadow="2" inkscape:pageopacity="0.0" inkscape:deskcolor="#d1d1d1"
     inkscape:document-units="mm" showgrid="false" inkscape:zoom="0.75" inkscape:cx="396" inkscape:cy="113"
     inkscape:window-width="1920" inkscape:window-height="1011" inkscape:current-layer="layer1" />
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#0b3c5d;stop-opacity:1;" offset="0" id="stop1" />
      <stop style="stop-color:#d9480f;stop-opacity:1;" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient inkscape:collect="always" xlink:href="#linearGradient1" id="linearGradient3"
       x1="10" y1="30" x2="60" y2="30" gradientUnits="userSpaceOnUse" />
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" /><dc:title>Marine Lab</dc:title>
  </cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" transform="translate(-12.5,-40.2)">
    <path style="fill:url(#linearGradient3);fill-opacity:1;stroke:none;stroke-width:0.264583"
       d="m 22.5,50.2 c 10,0 20,10 20,20 0,10 -10,20 -20,20 z" id="path1" sodipodi:nodetypes="cscc"
       inkscape:connector-curvature="0" />
    <text xml:space="preserve" style="font-size:16.9333px;font-family:'DejaVu Sans';fill:#0b3c5d"
       x="60" y="76" id="text1"><tspan sodipodi:role="line" id="tspan1" x="60" y="76">Marine Lab</tspan></text>
  </g>
</svg>
"""

ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
\t x="0px" y="0px" viewBox="0 0 400 120" style="enable-background:new 0 0 400 120;" xml:space="preserve">
<style type="text/css">
\t.st0{fill:#0B3C5D;}
\t.st1{fill:none;stroke:#D9480F;stroke-width:4;stroke-miterlimit:10;}
</style>
<g>
\t<polygon class="st0" points="20,100 60,20 100,100 \t"/>
\t<circle class="st1" cx="160" cy="60" r="38"/>
\t<rect x="220" y="22" class="st0" width="76" height="76"/>
</g>
</svg>
"""

FIGMA = """<svg width="120" height="120" viewBox="0 0 120 120" fill="none" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g clip-path="url(#clip0_1_2)">
<g filter="url(#filter0_d_1_2)">
<rect x="10" y="6" width="100" height="100" rx="16" fill="url(#pattern0)"/>
</g>
</g>
<defs>
<filter id="filter0_d_1_2" x="6" y="6" width="108" height="108" filterUnits="userSpaceOnUse" color-interpolation-filters="sRGB">
<feFlood flood-opacity="0" result="BackgroundImageFix"/>
<feColorMatrix in="SourceAlpha" type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0" result="hardAlpha"/>
<feOffset dy="4"/>
<feGaussianBlur stdDeviation="2"/>
<feComposite in2="hardAlpha" operator="out"/>
<feColorMatrix type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0.25 0"/>
<feBlend mode="normal" in2="BackgroundImageFix" result="effect1_dropShadow_1_2"/>
<feBlend mode="normal" in="SourceGraphic" in2="effect1_dropShadow_1_2" result="shape"/>
</filter>
<pattern id="pattern0" patternContentUnits="objectBoundingBox" width="1" height="1">
<use xlink:href="#image0_1_2" transform="scale(0.5)"/>
</pattern>
<clipPath id="clip0_1_2">
<rect width="120" height="120" fill="white"/>
</clipPath>
<image id="image0_1_2" width="2" height="2" xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFElEQVR4nGNkYPj/n4GBgYGJAQoAHxcCAqPQ7k8AAAAASUVORK5CYII="/>
</defs>
</svg>
"""

SKETCH = """<?xml version="1.0" encoding="UTF-8"?>
<svg width="64px" height="64px" viewBox="0 0 64 64" version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sketch="http://www.bohemiancoding.com/sketch/ns">
    <!-- Generator: Sketch 3.8.3 (29802) - http://www.bohemiancoding.com/sketch -->
    <title>badge</title>
    <desc>Created with Sketch.</desc>
    <defs>
        <symbol id="star" viewBox="0 0 10 10"><polygon points="5,0 6.2,3.8 10,3.8 6.9,6.1 8.1,10 5,7.6 1.9,10 3.1,6.1 0,3.8 3.8,3.8"/></symbol>
        <radialGradient cx="50%" cy="50%" fx="40%" fy="40%" r="60%" id="radialGradient-1">
            <stop stop-color="#FFFFFF" offset="0%"></stop>
            <stop stop-color="#0B3C5D" offset="100%"></stop>
        </radialGradient>
    </defs>
    <g id="Page-1" stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" sketch:type="MSPage">
        <circle id="Oval-1" fill="url(#radialGradient-1)" sketch:type="MSShapeGroup" cx="32" cy="32" r="30"></circle>
        <use xlink:href="#star" x="22" y="22" width="20" height="20" fill="#D9480F"/>
    </g>
</svg>
"""

HANDWRITTEN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 80" role="img" aria-labelledby="t d">
  <title id="t">Ocean Survey 2026</title>
  <desc id="d">A wave beside the words Ocean Survey</desc>
  <style>
    :root { --ink: #0b3c5d; }
    .wave { fill: none; stroke: var(--ink); stroke-width: 6; stroke-linecap: round; }
    text { font: 600 28px "DejaVu Sans", sans-serif; fill: var(--ink); }
    @media (prefers-color-scheme: dark) { :root { --ink: #e6f0f7; } }
    g:not(.plain) > text { letter-spacing: 0.02em; }
  </style>
  <defs>
    <mask id="fade"><rect width="300" height="80" fill="white"/><circle cx="40" cy="40" r="10" fill="black"/></mask>
    <path id="crest" d="M10 50 Q 25 20 40 50 T 70 50"/>
  </defs>
  <g mask="url(#fade)">
    <use href="#crest" class="wave"/>
    <use href="#crest" class="wave" transform="translate(0 14) scale(1 0.8)"/>
  </g>
  <switch>
    <text x="90" y="52" systemLanguage="fr">Étude océanique</text>
    <text x="90" y="52">Ocean Survey</text>
  </switch>
  <a href="#t"><rect x="0" y="0" width="1" height="1" opacity="0"/></a>
</svg>
"""

BENIGN = {
    "Inkscape, with its namespaces, metadata and a gradient chain": INKSCAPE,
    "Illustrator, with its DOCTYPE and a style sheet": ILLUSTRATOR,
    "Figma, with filters, a clip path and an embedded PNG": FIGMA,
    "Sketch, with a symbol, a radial gradient and xlink:href": SKETCH,
    "hand-written, with CSS variables, @media, a mask and <switch>": HANDWRITTEN,
}


@pytest.mark.parametrize(
    ("svg", "message"), [(svg, m) for _, svg, m in HOSTILE], ids=[n for n, _, _ in HOSTILE]
)
def test_a_hostile_svg_is_refused_saying_what_and_where(svg: str, message: str) -> None:
    with pytest.raises(AssetError) as caught:
        check_svg(svg.encode("utf-8"), "assets/logo.svg")
    text = str(caught.value)
    assert text.startswith("assets/logo.svg ") and message in text, text
    assert "\n" not in text


@pytest.mark.parametrize("svg", list(BENIGN.values()), ids=list(BENIGN))
def test_real_world_logos_pass(svg: str) -> None:
    check_svg(svg.encode("utf-8"), "assets/logo.svg")


def test_the_corpus_is_large_enough() -> None:
    assert len(HOSTILE) >= 15 and len(BENIGN) >= 5


def test_urls_are_judged_as_browsers_read_them() -> None:
    assert browser_url(" \x00\tjav\tas\ncr\ript:x() \x1f") == "javascript:x()"
    assert browser_url("\u00a0#a") == "\u00a0#a"  # no-break space is not stripped: a relative URL


@pytest.mark.parametrize(
    ("css", "problem"),
    [
        ("fill: url(#g); stroke: rgb(1 2 3)", None),
        ("fill: url( '#g' )", None),
        ("src: url(data:font/woff2;base64,AAAA) format('woff2')", None),
        ("fill: URL(HTTPS://x)", "a CSS url() pointing to 'https://x'"),
        ("fill: \\55 \\52 \\4c (//x)", "a CSS url() pointing to '//x'"),
        ("background: image-set('x.png' 1x)", "the CSS function image-set()"),
        ("@IMPORT 'x.css';", "the CSS rule @import (it loads another style sheet)"),
        ("@namespace url(http://www.w3.org/2000/svg);", "the CSS rule @namespace"),
        ("fill: url(x", "a CSS url() presskit cannot read"),
    ],
)
def test_css_is_read_after_its_escapes_and_comments(css: str, problem: str | None) -> None:
    assert css_problem(css) == problem


# --------------------------------------------------------------------------
# Through the command line, as a press office meets it


def build(folder: Path, out: Path) -> Any:
    return CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(out), "-f", "html", "--now", NOW.isoformat()]
    )


@pytest.mark.parametrize("svg", list(BYPASSES.values()), ids=list(BYPASSES))
def test_the_build_refuses_each_bypass_at_the_assets_line(tmp_path: Path, svg: str) -> None:
    folder = release_with(
        tmp_path, {"assets/logo.svg": svg.encode()}, "  - {file: assets/logo.svg, alt: Logo}\n"
    )
    result = build(folder, tmp_path / "o")
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "logo.svg" in line]
    assert f"release.yaml:{line_of(folder, 'assets/logo.svg')}:" in line
    assert "assets[0].file: assets/logo.svg " in line
    assert "has the attribute href pointing to 'javascript:alert(1)'" in line or "contains <animate>" in line
    assert not (tmp_path / "o" / "rel").exists()


def test_the_build_publishes_a_real_world_logo_as_it_is(tmp_path: Path) -> None:
    data = INKSCAPE.encode()
    folder = release_with(tmp_path, {"assets/logo.svg": data}, "  - {file: assets/logo.svg, alt: Logo}\n")
    result = build(folder, tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "o" / "rel" / "assets" / "logo.svg").read_bytes() == data


# --------------------------------------------------------------------------
# In Chromium: the bypasses are real (each runs script from the file as written)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (make test does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def dialogs_when_clicked(browser: Any, path: Path) -> list[str]:
    """Open the SVG as a document (as a reader does from the gallery's link) and click it."""
    page = browser.new_page(viewport={"width": 300, "height": 300})
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_timeout(400)  # the animation has set its last value
        page.mouse.click(100, 100)
        page.wait_for_timeout(400)
    finally:
        page.close()
    return seen


@pytest.mark.parametrize("name", list(BYPASSES))
def test_the_bypasses_are_real(chromium: Any, tmp_path: Path, name: str) -> None:
    path = tmp_path / "bypass.svg"
    path.write_text(BYPASSES[name], encoding="utf-8")
    assert dialogs_when_clicked(chromium, path) == ["1"]
    with pytest.raises(AssetError):
        check_svg(path.read_bytes(), "bypass.svg")


def test_a_logo_presskit_accepts_runs_nothing_when_clicked(chromium: Any, tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(f'{OPEN}<a href="#top">{CLICKABLE}</a></svg>', encoding="utf-8")
    check_svg(path.read_bytes(), "logo.svg")
    assert dialogs_when_clicked(chromium, path) == []
