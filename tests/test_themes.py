"""Themes: the built-in ones in every format, inheritance, reference.docx, the sandbox's limits,
the language switcher and the gallery. Every output is read back, never just produced."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str

from presskit import model as m
from presskit.cli import cli
from presskit.errors import ValidationFailed
from presskit.renderers import FORMATS, render
from presskit.renderers import docx as docx_renderer
from presskit.renderers import html as html_renderer
from presskit.scaffold import new_theme
from presskit.themes.templating import render_template
from presskit.themes.theme import ThemeSpec, builtin_themes, load_theme
from presskit.words import issuing
from tests.conftest import EXAMPLE, ROOT
from tests.extract import EXTRACTORS, documents

NOW = "2025-12-10T18:00:00+00:00"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEFAULT_REFERENCE = ROOT / "templates" / "default" / "reference.docx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_theme(folder: Path, yaml: str, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(yaml, encoding="utf-8")
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def pdf_fill(colour: str) -> str:
    """The operator reportlab writes to fill (text or shapes) in `colour`: `.105882 .164706 .227451 rg`."""
    value = colors.HexColor(colour)
    return f"{fp_str(value.red, value.green, value.blue)} rg"


def pdf_content(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def paragraph_texts(document: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


# --------------------------------------------------------------------------
# The built-in themes, built from the example as a press office builds it


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example newsroom, its release leaving the end mark to the theme."""
    folder = tmp_path_factory.mktemp("newsroom") / "releases"
    shutil.copytree(EXAMPLE.parent, folder)
    release = folder / "gta-2025" / "release.yaml"
    text = release.read_text(encoding="utf-8")
    release.write_text(re.sub(r"(?m)^end_mark:.*\n", "", text), encoding="utf-8")
    return folder / "gta-2025"


@pytest.fixture(scope="module")
def built(example_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each built-in theme's four files, built by `presskit build --theme`."""
    outputs: dict[str, dict[str, bytes]] = {}
    for name in builtin_themes():
        out = tmp_path_factory.mktemp(f"dist-{name}")
        code, _, err = run("build", str(example_copy), "-o", str(out), "--theme", name, "--now", NOW, "-q")
        assert code == 0, err
        folder = out / "gta-2025" / "en-GB"
        outputs[name] = {fmt: (folder / FORMATS[fmt].output_name("gta-2025")).read_bytes() for fmt in FORMATS}
        outputs[name]["dir"] = str(out).encode()
    return outputs


def test_the_built_in_themes_are_default_and_wire() -> None:
    assert builtin_themes() == ["default", "wire"]
    wire = load_theme("wire")
    assert wire.spec.extends == "default" and wire.parents == (load_theme("default").root,)


@pytest.mark.parametrize("name", ["default", "wire"])
def test_theme_colours_reach_every_format(built: dict[str, dict[str, bytes]], name: str) -> None:
    colours = load_theme(name).spec.colours
    html = built[name]["html"].decode()
    style = lxml.html.document_fromstring(html).find(".//style").text
    assert f"--primary: {colours.primary};" in style and f"--accent: {colours.accent};" in style
    content = pdf_content(built[name]["pdf"])
    assert pdf_fill(colours.primary) in content  # the headline and headings
    assert pdf_fill(colours.accent) in content  # the type label and links
    styles = open_docx(built[name]["docx"]).styles
    assert str(styles["Title"].font.color.rgb) == colours.primary[1:]
    assert str(styles["Release Type"].font.color.rgb) == colours.accent[1:]


@pytest.mark.parametrize("name", ["default", "wire"])
def test_theme_fonts_reach_every_format(built: dict[str, dict[str, bytes]], name: str) -> None:
    fonts = load_theme(name).spec.fonts
    style = lxml.html.document_fromstring(built[name]["html"]).find(".//style").text
    assert f'--font: "{fonts.body}"' in style and f'--heading-font: "{fonts.heading}"' in style
    reader = PdfReader(io.BytesIO(built[name]["pdf"]))
    embedded = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(f.startswith(fonts.body.replace(" ", "")) for f in embedded), embedded
    assert any(f.startswith(fonts.heading.replace(" ", "")) for f in embedded), embedded
    document = open_docx(built[name]["docx"])
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}ascii") == fonts.body
    title_fonts = document.styles["Title"].element.find(f"{W}rPr/{W}rFonts")
    assert title_fonts.get(f"{W}ascii") == fonts.heading


@pytest.mark.parametrize(("name", "end_mark"), [("default", "-Ends-"), ("wire", "###")])
def test_end_mark_per_theme_in_every_format(
    built: dict[str, dict[str, bytes]], name: str, end_mark: str
) -> None:
    for fmt in documents():
        assert end_mark in EXTRACTORS[fmt](built[name][fmt]), fmt
    assert [t for s, t in paragraph_texts(open_docx(built[name]["docx"])) if s == "End Mark"] == [end_mark]
    assert f'<p class="end-mark">{end_mark}</p>' in built[name]["html"].decode()


@pytest.mark.parametrize(
    ("name", "dateline"),
    [("default", "LONDON, 11 December 2025 –"), ("wire", "LONDON, Dec. 11, 2025 --")],
)
def test_dateline_per_theme_in_every_format(
    built: dict[str, dict[str, bytes]], name: str, dateline: str
) -> None:
    for fmt in documents():
        assert f"{dateline} The Global Threat Assessment 2025" in EXTRACTORS[fmt](built[name][fmt]), fmt


def test_wire_dateline_keeps_a_state_as_written(example_release: m.Release) -> None:
    from presskit.themes.derived import dateline

    release = dataclasses.replace(example_release, dateline="Austin, Texas")
    wire, default = load_theme("wire"), load_theme("default")
    assert dateline(release, wire, "en-US") == "AUSTIN, Texas, Dec. 11, 2025 --"
    assert dateline(release, wire, "en-GB") == "AUSTIN, Texas, Dec. 11, 2025 --"
    assert dateline(release, wire, "fr") == "Austin, Texas, le 11 décembre 2025 --"
    assert dateline(release, default, "en-GB") == "AUSTIN, Texas, 11 December 2025 –"
    assert dateline(dataclasses.replace(release, dateline=None), wire, "en-US") == "Dec. 11, 2025 --"


def test_wire_puts_the_contacts_under_the_release_line(built: dict[str, dict[str, bytes]]) -> None:
    for name, first in (("wire", True), ("default", False)):
        for fmt in documents():
            text = EXTRACTORS[fmt](built[name][fmt])
            contact, headline = text.find("Poppy Reid"), text.find("Experts unveil practical plan")
            assert contact > 0 and headline > 0
            assert (contact < headline) == first, (name, fmt)
            assert text.count("Poppy Reid") == 1, (name, fmt)
    doc = lxml.html.document_fromstring(built["wire"]["html"])
    (top,) = doc.find_class("contacts-top")
    assert top.getparent().getparent().tag == "header" and top.get("aria-label") == "Media contacts"
    texts = paragraph_texts(open_docx(built["wire"]["docx"]))
    styles = [style for style, _ in texts]
    assert styles.index("Contacts Label") < styles.index("Contact") < styles.index("Title")
    assert "Heading 1" not in [s for s, t in texts if t == "Media contacts"]


def test_wire_is_letter_paper_default_is_a4(built: dict[str, dict[str, bytes]]) -> None:
    sizes = {"default": (595, 842, 210.0), "wire": (612, 792, 215.9)}
    for name, (width, height, width_mm) in sizes.items():
        page = PdfReader(io.BytesIO(built[name]["pdf"])).pages[0]
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (width, height)
        assert open_docx(built[name]["docx"]).sections[0].page_width.mm == pytest.approx(width_mm, abs=0.1)
        style = lxml.html.document_fromstring(built[name]["html"]).find(".//style").text
        assert f"size: {load_theme(name).spec.page_size};" in style


def test_logo_placement_follows_the_theme(built: dict[str, dict[str, bytes]]) -> None:
    for name, position, alignment in (("default", "right", "RIGHT"), ("wire", "left", "LEFT")):
        doc = lxml.html.document_fromstring(built[name]["html"])
        assert f"logo-{position}" in doc.find_class("brand")[0].get("class")
        (logo,) = [p for p in open_docx(built[name]["docx"]).paragraphs if p.style.name == "Logo"]
        assert logo.alignment is not None and logo.alignment.name == alignment


def test_the_built_pages_link_renditions_the_build_wrote(built: dict[str, dict[str, bytes]]) -> None:
    out = Path(built["default"]["dir"].decode())
    page = out / "gta-2025" / "en-GB" / "gta-2025.html"
    doc = lxml.html.document_fromstring(built["default"]["html"])
    links = [img.get("src") for img in doc.find_class("asset")[0].iter("img")]
    links += [a.get("href") for a in doc.find_class("asset")[0].iter("a")]
    assert links == ["../assets/gta-2025-cover.thumb.png", "../assets/gta-2025-cover.web.png"] + [
        "../assets/gta-2025-cover.png"
    ]
    for link in links:
        assert (page.parent / link).resolve().is_file(), link


# --------------------------------------------------------------------------
# A user's theme that extends a built-in one


BRAND_HTML = """{% extends "default/release.html.j2" %}
{% block end_mark %}
<p class="end-mark brand-end">{{ end_mark }} (brand)</p>
{% endblock %}
"""


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    return write_theme(
        tmp_path / "brand",
        'extends: default\ncolours:\n  primary: "#5B21B6"\n',
        release__html__j2=BRAND_HTML,
    )


def test_a_user_theme_overrides_one_block_and_one_colour(brand: Path, example_release: m.Release) -> None:
    theme = load_theme(str(brand))
    default = load_theme("default")
    assert theme.spec.name == "brand"  # named after its folder when theme.yaml does not say
    assert theme.spec.colours.primary == "#5B21B6"
    assert theme.spec.colours.accent == default.spec.colours.accent  # everything else inherited
    assert theme.spec.page_size == default.spec.page_size and theme.spec.end_mark == "ends"
    page = render("html", example_release, theme, "en-GB").decode()
    doc = lxml.html.document_fromstring(page)
    assert [e.text for e in doc.find_class("brand-end")] == ["-Ends- (brand)"]
    assert doc.find(".//h1") is not None and doc.find_class("sources")  # the rest is the parent's
    style = doc.find(".//style").text
    assert "--primary: #5B21B6;" in style and f"--accent: {default.spec.colours.accent};" in style
    assert pdf_fill("#5B21B6") in pdf_content(render("pdf", example_release, theme, "en-GB"))
    document = open_docx(render("docx", example_release, theme, "en-GB"))
    for style_name in ("Title", "Heading 1", "Release Line"):
        assert str(document.styles[style_name].font.color.rgb) == "5B21B6", style_name
    text = render("txt", example_release, theme, "en-GB").decode()
    assert text.startswith("EMBARGOED UNTIL")  # the parent's text template


def test_parent_prefix_and_a_text_block(tmp_path: Path, example_release: m.Release) -> None:
    theme_dir = write_theme(
        tmp_path / "brand",
        "name: brand\nextends: wire\n",
        release__html__j2='{% extends "parent/release.html.j2" %}{% block theme_css %}h1 { color: red }{% endblock %}',
        release__txt__j2='{% extends "default/release.txt.j2" %}{% block title %}HEADLINE: {{ headline }}\n\n{% endblock %}',
    )
    theme = load_theme(str(theme_dir))
    assert theme.folders == (theme_dir, ROOT / "templates" / "wire", ROOT / "templates" / "default")
    page = render("html", example_release, theme, "en-GB").decode()
    assert "h1 { color: red }" in page and "--primary: #1B2A3A;" in page
    text = render("txt", example_release, theme, "en-GB").decode()
    assert "HEADLINE: Experts unveil" in text and "LONDON, Dec. 11, 2025 --" in text  # wire's dateline


def test_a_copied_template_replaces_the_parents(tmp_path: Path, example_release: m.Release) -> None:
    theme_dir = write_theme(tmp_path / "t", "extends: default\n", release__txt__j2="{{ headline }}\n")
    text = render("txt", example_release, load_theme(str(theme_dir)), "en-GB").decode()
    assert " ".join(text.split()) == example_release.headline  # wrapped at 72 columns


def test_a_relative_folder_can_be_extended(tmp_path: Path, example_release: m.Release) -> None:
    write_theme(tmp_path / "base", 'name: base\nextends: default\ncolours: {accent: "#0F766E"}\n')
    child = write_theme(tmp_path / "child", 'extends: ../base\ncolours: {primary: "#7C2D12"}\n')
    spec = load_theme(str(child)).spec
    assert (spec.name, spec.colours.primary, spec.colours.accent) == ("child", "#7C2D12", "#0F766E")


# --------------------------------------------------------------------------
# A bad theme.yaml is reported like a bad release


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_theme(str(folder))
    return [problem.format(folder.parent) for problem in caught.value.problems]


def test_bad_theme_yaml_is_located_line_and_column(tmp_path: Path) -> None:
    folder = write_theme(
        tmp_path / "bad",
        "name: bad\nextends: default\ncolours:\n  primary: blue\nlogo: middle\ncolour: {}\nfonts: {body_size: 2}\n",
    )
    assert problems_of(folder) == [
        "bad/theme.yaml:4:12: colours.primary: must match pattern '^#[0-9A-Fa-f]{6}$'",
        "bad/theme.yaml:5:7: logo: must be 'left', 'right' or 'center'",
        'bad/theme.yaml:6:1: colour: unknown field (did you mean "colours"?)',
        "bad/theme.yaml:7:20: fonts.body_size: must be greater than or equal to 6",
    ]


def test_a_problem_in_the_parent_is_located_in_the_parent(tmp_path: Path) -> None:
    write_theme(tmp_path / "base", "name: base\ntext_width: 500\n")
    child = write_theme(tmp_path / "child", "extends: ../base\nname: child\n")
    assert problems_of(child) == ["base/theme.yaml:2:13: text_width: must be less than or equal to 120"]


def test_extends_must_name_a_theme(tmp_path: Path) -> None:
    folder = write_theme(tmp_path / "t", "name: t\n\nextends: nowhere\n")
    (problem,) = problems_of(folder)
    assert problem.startswith(
        't/theme.yaml:3:10: extends: no theme "nowhere" (built-in themes: default, wire'
    )


def test_themes_extending_each_other_in_a_loop(tmp_path: Path) -> None:
    write_theme(tmp_path / "a", "extends: ../b\n")
    write_theme(tmp_path / "b", "extends: ../a\n")
    (problem,) = problems_of(tmp_path / "a")
    assert problem == "b/theme.yaml:1:10: extends: themes extend each other in a loop (a → b → a)"


def test_bad_yaml_in_a_theme(tmp_path: Path) -> None:
    folder = write_theme(tmp_path / "t", "name: t\ncolours: [\n")
    (problem,) = problems_of(folder)
    assert problem.startswith("t/theme.yaml:3:1: ")


def test_cli_reports_a_bad_theme_as_one_line(tmp_path: Path, example_copy: Path) -> None:
    folder = write_theme(tmp_path / "bad", "extends: default\ncolours: {primary: red}\n")
    code, out, err = run(
        "build", str(example_copy), "-o", str(tmp_path / "d"), "--theme", str(folder), "--now", NOW
    )
    assert code == 1 and "Traceback" not in err + out
    assert re.search(r"bad/theme\.yaml:2:20: colours\.primary: must match pattern", err), err


# --------------------------------------------------------------------------
# Templates from users: sandboxed, limited, located


def failing(tmp_path: Path, template: str, release: m.Release, fmt: str = "html") -> str:
    name = "release.html.j2" if fmt == "html" else "release.txt.j2"
    folder = write_theme(tmp_path / "t", "extends: default\n", **{name.replace(".", "__"): template})
    with pytest.raises(ValidationFailed) as caught:
        render(fmt, release, load_theme(str(folder)), "en-GB")
    (problem,) = caught.value.problems
    line = problem.format(tmp_path)
    assert "\n" not in line
    return line


@pytest.mark.parametrize(
    "expression",
    [
        "headline.__class__.__mro__",
        "headline.__class__.mro()",
        "cycler.__init__.__globals__",
        "namespace.__init__.__globals__['os']",
        "labels.__class__.__subclasses__()",
    ],
)
def test_reaching_python_internals_is_refused(
    tmp_path: Path, example_release: m.Release, expression: str
) -> None:
    release = dataclasses.replace(example_release, source_path=EXAMPLE / "release.yaml")
    line = failing(tmp_path, "<p>\n<p>{{ " + expression + " }}\n", release)
    assert line.startswith("t/release.html.j2:2: template: the sandbox refused it: ")
    assert "unsafe" in line
    assert "while rendering gta-2025 (en-GB) from " in line and "releases/gta-2025/release.yaml" in line
    assert line.endswith(
        "(a template sees only the values presskit passes in; Python internals such as "
        "__class__, __globals__ and mro are off limits)"
    )


def test_an_undefined_name_names_template_line_and_release(
    tmp_path: Path, example_release: m.Release
) -> None:
    line = failing(tmp_path, "{{ release_line }}\n\n{{ headlines }}\n", example_release, fmt="txt")
    assert line.startswith(
        "t/release.txt.j2:3: template: 'headlines' is undefined; while rendering gta-2025 (en-GB)"
    )


def test_a_python_error_in_a_template_is_the_templates(tmp_path: Path, example_release: m.Release) -> None:
    line = failing(tmp_path, "{{ 1 // 0 }}\n", example_release)
    assert line.startswith("t/release.html.j2:1: template: ZeroDivisionError: ")


def test_a_template_writing_100_mb_stops_at_the_limit_quickly(
    tmp_path: Path, example_release: m.Release
) -> None:
    """Ten characters at a time, the worst case for the meter: two million pieces before the limit."""
    hundred_mb = "{% for i in range(100000) %}{% for j in range(100) %}0123456789{% endfor %}{% endfor %}"
    started = time.monotonic()
    line = failing(tmp_path, "<p>\n" + hundred_mb + "\n", example_release)
    assert line.startswith(
        "t/release.html.j2:2: template: the template made more than 20 MB of text, the limit"
    )
    assert time.monotonic() - started < 10  # the time limit: the output meter stops it well before


def test_a_template_writing_100_mb_never_holds_100_mb(tmp_path: Path, example_release: m.Release) -> None:
    hundred_mb = '{% set line = "0123456789" * 100 %}{% for i in range(100000) %}{{ line }}{% endfor %}'
    tracemalloc.start()
    line = failing(tmp_path, "<p>\n" + hundred_mb + "\n", example_release)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert line.startswith(
        "t/release.html.j2:2: template: the template made more than 20 MB of text, the limit"
    )
    assert peak < 60_000_000  # stopped at 20 MB rather than building 100 MB and then refusing it


@pytest.mark.parametrize(
    "template",
    [
        '{{ "x" * 100000000 }}',
        "{{ 'x' * 10 ** 8 }}",
        '{{ "%100000000s" % "x" }}',
        '{{ "x"|center(100000000) }}',
        '{{ "x".ljust(100000000) }}',
        '{{ "{:>100000000}".format("x") }}',
        '{{ "{:>{w}}".format("x", w=100000000) }}',
        '{{ "x"|indent(100000000, true) }}',
        '{% set ns = namespace(s="xxxxxxxxxx") %}{% for i in range(30) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        "{{ 7 ** 1000000 }}",
    ],
)
def test_big_text_is_refused_before_it_is_built(
    tmp_path: Path, example_release: m.Release, template: str
) -> None:
    tracemalloc.start()
    line = failing(tmp_path, template + "\n", example_release)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert line.startswith("t/release.html.j2:1: template: ")
    assert "the limit" in line or "beyond what a template may" in line
    assert peak < 60_000_000


def test_a_template_that_loops_without_output_hits_the_time_limit(
    tmp_path: Path, example_release: m.Release
) -> None:
    folder = write_theme(tmp_path / "t", "extends: default\n")
    (folder / "slow.j2").write_text(
        "{% set x = range(100000)|list %}\n"
        "{% for a in x %}{% for b in x %}{% for c in x %}{% endfor %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(ValidationFailed) as caught:
        render_template(load_theme(str(folder)), "slow.j2", {}, autoescape=True, time_limit=0.5)
    assert time.monotonic() - started < 3
    (problem,) = caught.value.problems
    assert problem.format(tmp_path).startswith("t/slow.j2:2: template: the template ran for more than 0.5 s")


def test_big_numbers_are_fine_where_they_pad_nothing(tmp_path: Path) -> None:
    folder = write_theme(tmp_path / "t", "extends: default\n")
    (folder / "x.j2").write_text(
        '{{ "{:,}".format(n) }} {{ "%d"|format(n) }} {{ n|filesizeformat }} {{ "%s" % n }}', encoding="utf-8"
    )
    text = render_template(load_theme(str(folder)), "x.j2", {"n": 10**12}, autoescape=True)
    assert text == "1,000,000,000,000 1000000000000 1.0 TB 1000000000000"


def test_strict_undefined_and_autoescape_stay(tmp_path: Path) -> None:
    folder = write_theme(tmp_path / "t", "extends: default\n")
    (folder / "x.j2").write_text("{{ value }}", encoding="utf-8")
    theme = load_theme(str(folder))
    assert render_template(theme, "x.j2", {"value": "<b>"}, autoescape=True) == "&lt;b&gt;"
    with pytest.raises(ValidationFailed):
        render_template(theme, "x.j2", {}, autoescape=True)


# --------------------------------------------------------------------------
# reference.docx: restyled in Word, not in code


def test_the_shipped_reference_docx_is_made_from_the_built_in_styles(request: pytest.FixtureRequest) -> None:
    made = docx_renderer.reference_document(load_theme("default"))
    if request.config.getoption("--update-golden"):
        DEFAULT_REFERENCE.write_bytes(made)
    assert DEFAULT_REFERENCE.read_bytes() == made, "run pytest --update-golden to remake it"
    styles = open_docx(made).styles
    for name in docx_renderer.STYLES:
        assert name in styles, name
    title = styles["Title"].element.find(f"{W}rPr/{W}color")
    assert title.get(f"{W}themeColor") == "accent1"  # follows theme.yaml's primary colour
    fonts = styles["Title"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}asciiTheme") == "majorHAnsi"  # follows theme.yaml's heading font


def restyled_reference(folder: Path, **colours: str) -> Path:
    """A copy of the shipped reference.docx with some styles recoloured, as an editor would in Word."""
    document = docx.Document(str(DEFAULT_REFERENCE))
    for style, colour in colours.items():
        document.styles[style.replace("_", " ")].font.color.rgb = docx.shared.RGBColor.from_string(colour)
    folder.mkdir(parents=True, exist_ok=True)
    document.save(str(folder / "reference.docx"))
    return folder


def test_restyling_the_reference_docx_restyles_the_release(
    tmp_path: Path, example_release: m.Release
) -> None:
    folder = restyled_reference(tmp_path / "brand", Title="AA0000")
    write_theme(folder, "extends: default\n")
    document = open_docx(render("docx", example_release, load_theme(str(folder)), "en-GB"))
    assert str(document.styles["Title"].font.color.rgb) == "AA0000"
    assert str(document.styles["Heading 1"].font.color.rgb) == "0B3C5D"  # the rest as before
    assert [t for s, t in paragraph_texts(document) if s == "Title"] == [example_release.headline]
    assert not any("(Title)" in t or "(Body Text)" in t for _, t in paragraph_texts(document))  # samples gone
    header = document.sections[0].header.paragraphs
    assert [p.text for p in header] == [issuing.release_line(example_release, "en-GB")]


def test_reference_docx_wins_over_its_own_theme_yaml_but_theme_colours_follow(
    tmp_path: Path, example_release: m.Release
) -> None:
    folder = restyled_reference(tmp_path / "brand", Title="AA0000")
    write_theme(folder, 'extends: default\ncolours: {primary: "#5B21B6"}\nfonts: {body_size: 12}\n')
    document = open_docx(render("docx", example_release, load_theme(str(folder)), "en-GB"))
    assert str(document.styles["Title"].font.color.rgb) == "AA0000"  # set in Word: the reference wins
    assert str(document.styles["Heading 1"].font.color.rgb) == "5B21B6"  # "Accent 1": theme.yaml's
    assert document.styles["Title"].font.size.pt == pytest.approx(22)  # 2.1 × 10.5, as in the reference


def test_theme_yaml_nearer_than_the_reference_wins(tmp_path: Path, example_release: m.Release) -> None:
    folder = write_theme(tmp_path / "t", "extends: default\nfonts: {body_size: 12, mono: Liberation Mono}\n")
    document = open_docx(render("docx", example_release, load_theme(str(folder)), "en-GB"))
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    assert defaults.get(f"{W}val") == "24"
    assert document.styles["Title"].font.size.pt == pytest.approx(25)  # 2.1 × 12, rounded to a half point
    assert document.styles["HTML Preformatted"].font.name == "Liberation Mono"


def test_a_reference_made_in_word_lacking_presskits_styles(
    tmp_path: Path, example_release: m.Release
) -> None:
    """A bare document (no presskit styles, no lists defined): every style falls back to the built-in one."""
    folder = write_theme(tmp_path / "t", "extends: default\n")
    bare = docx.Document()
    bare.add_paragraph("sample text that must not reach the release")
    for name in ("List Number", "List Bullet", "List Bullet 2", "Light List Accent 1", "Quote"):
        style = bare.styles[name].element
        style.getparent().remove(style)
    bare.save(str(folder / "reference.docx"))
    document = open_docx(render("docx", example_release, load_theme(str(folder)), "en-GB"))
    texts = paragraph_texts(document)
    assert not any("sample text" in t for _, t in texts)
    assert len([t for s, t in texts if s == "List Number"]) == 3
    assert document.styles["List Number"].element.pPr.numPr is not None  # numbered, as built in
    assert [s for s, t in texts if t.startswith("“The Global Threat Assessment 2025 shows")] == ["Quote"]
    assert document.styles["End Mark"].font.bold  # presskit's own definition


def test_a_broken_reference_docx_is_a_located_problem(tmp_path: Path, example_release: m.Release) -> None:
    folder = write_theme(tmp_path / "t", "extends: default\n")
    (folder / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(ValidationFailed) as caught:
        render("docx", example_release, load_theme(str(folder)), "en-GB")
    (problem,) = caught.value.problems
    assert problem.format(tmp_path).startswith("t/reference.docx: reference.docx: cannot be used as the Word")


def test_reference_docx_output_is_reproducible(tmp_path: Path, example_release: m.Release) -> None:
    folder = restyled_reference(tmp_path / "brand", Title="AA0000")
    write_theme(folder, "extends: default\n")
    theme = load_theme(str(folder))
    first = render("docx", example_release, theme, "en-GB")
    assert render("docx", example_release, theme, "en-GB") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert not [n for n in archive.namelist() if "thumbnail" in n or n.endswith("app.xml")]


# --------------------------------------------------------------------------
# HTML: sibling languages and the gallery


def test_hreflang_alternates_and_language_switcher(example_release: m.Release, theme: Any) -> None:
    release = dataclasses.replace(example_release, locales=("en-GB", "fr", "ar"))
    doc = lxml.html.document_fromstring(html_renderer.render(release, theme, "fr"))
    alternates = [(link.get("hreflang"), link.get("href")) for link in doc.xpath("//link[@rel='alternate']")]
    assert alternates == [
        ("en-GB", "../en-GB/gta-2025.html"),
        ("fr", "../fr/gta-2025.html"),
        ("ar", "../ar/gta-2025.html"),
        ("x-default", "../en-GB/gta-2025.html"),
    ]
    (nav,) = doc.xpath("//header//nav")
    assert nav.get("aria-label") == "Langues"
    links = nav.findall(".//a")
    assert [(a.text, a.get("lang"), a.get("hreflang"), a.get("href")) for a in links] == [
        ("English", "en-GB", "en-GB", "../en-GB/gta-2025.html"),
        ("Français", "fr", "fr", "../fr/gta-2025.html"),
        ("العربية", "ar", "ar", "../ar/gta-2025.html"),
    ]
    assert [a.get("aria-current") for a in links] == [None, "page", None]
    assert links[2].get("dir") == "rtl"


def test_one_language_has_no_switcher(doc_of_example: Any) -> None:
    assert doc_of_example.xpath("//link[@rel='alternate']") == [] and doc_of_example.xpath("//nav") == []


def test_languages_sharing_a_name_show_their_region(example_release: m.Release, theme: Any) -> None:
    release = dataclasses.replace(example_release, locales=("pt-BR", "pt-PT", "en-GB"))
    doc = lxml.html.document_fromstring(html_renderer.render(release, theme, "en-GB"))
    names = [a.text for a in doc.xpath("//nav//a")]
    assert names == ["Português (Brasil)", "Português (Portugal)", "English"]


@pytest.fixture
def doc_of_example(example_release: m.Release, theme: Any) -> Any:
    return lxml.html.document_fromstring(html_renderer.render(example_release, theme, "en-GB"))


def test_gallery_thumbnails_link_the_web_copy_and_the_original(doc_of_example: Any) -> None:
    (item,) = doc_of_example.find_class("gallery-item")
    thumbnail = item.find_class("thumbnail")[0]
    assert thumbnail.get("href") == "../assets/gta-2025-cover.web.png"
    image = thumbnail.find("img")
    assert (image.get("src"), image.get("width"), image.get("height")) == (
        "../assets/gta-2025-cover.thumb.png",
        "300",
        "400",
    )
    download = item.find_class("download")[0]
    assert download.get("href") == "../assets/gta-2025-cover.png" and "download" in download.attrib
    caption = " ".join(item.find(".//figcaption").text_content().split())
    assert "Credit: WeProtect Global Alliance" in caption and "Licence: Free for editorial use" in caption


def test_documents_and_svg_in_the_gallery(example_release: m.Release, theme: Any, tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n" + b"0" * 2_400_000)
    svg = tmp_path / "mark.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    assets = (
        m.Asset(report, "assets/report.pdf", "document", "application/pdf", title="Full report"),
        m.Asset(svg, "assets/mark.svg", "image", "image/svg+xml", caption="The mark", alt="A mark"),
    )
    release = dataclasses.replace(example_release, assets=assets)
    doc = lxml.html.document_fromstring(html_renderer.render(release, theme, "en-GB"))
    document, image = doc.find_class("gallery-item")
    link = document.find_class("download")[0]
    assert link.get("href") == "../assets/report.pdf"
    assert " ".join(link.text_content().split()) == "Full report. (PDF, 2.4 MB)"
    assert image.find(".//img").get("src") == "../assets/mark.svg"  # no renditions: the original
    french = lxml.html.document_fromstring(html_renderer.render(release, theme, "fr"))
    assert "(PDF, 2,4 Mo)" in " ".join(french.find_class("download")[0].text_content().split())


# --------------------------------------------------------------------------
# theme new, and the documentation


def test_theme_new_writes_a_minimal_theme_that_builds(tmp_path: Path, example_release: m.Release) -> None:
    made = new_theme(tmp_path / "brand", base="wire")
    assert made.files == (tmp_path / "brand" / "theme.yaml",)
    text = (tmp_path / "brand" / "theme.yaml").read_text(encoding="utf-8")
    assert "name: brand\nextends: wire\n" in text
    commented = re.findall(r"(?m)^# ([a-z_]+):", text)
    settable = set(ThemeSpec.model_fields)
    assert set(commented) <= settable and settable - set(commented) <= {
        "name",
        "extends",
        "colours",
        "html_template",
        "text_template",
    }
    theme = load_theme(str(tmp_path / "brand"))
    assert theme.spec.dateline == "wire" and theme.spec.colours == load_theme("wire").spec.colours
    for fmt in FORMATS:
        assert render(fmt, example_release, theme, "en-GB")
    uncommented = re.sub(r"(?m)^# ( *[a-z_]+:)", r"\1", text)  # every commented value is valid as written
    (tmp_path / "brand" / "theme.yaml").write_text(uncommented, encoding="utf-8")
    assert load_theme(str(tmp_path / "brand")).spec == theme.spec


def test_theme_new_copy_copies_every_file(tmp_path: Path) -> None:
    made = new_theme(tmp_path / "full", base="default", copy=True)
    names = {p.name for p in made.files}
    assert {"theme.yaml", "release.html.j2", "reference.docx", "_release.css.j2"} <= names
    assert load_theme(str(tmp_path / "full")).spec.name == "full"


def test_docs_describe_every_theme_field() -> None:
    docs = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    for field, info in ThemeSpec.model_fields.items():
        assert f"`{field}`" in docs, field
        annotation = info.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            for inner in annotation.model_fields:
                assert f"`{field}.{inner}`" in docs, f"{field}.{inner}"
    for name in html_renderer.HtmlPage.__dataclass_fields__:
        assert f"`{name}`" in docs, name
