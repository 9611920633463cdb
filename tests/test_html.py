"""The HTML renderer, read back with lxml (and, for the e-mail script and layout, with Chromium)."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presskit import model as m
from presskit.errors import ValidationFailed
from presskit.model import Release
from presskit.renderers import FORMATS
from presskit.renderers import html as html_renderer
from presskit.themes.templating import showable
from presskit.themes.theme import Theme

LANDERS = (
    "Cassie Landers, EdD, MPH, Assistant Professor and Director of the CPC Learning Network, "
    "Columbia University"
)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} & \"><img src=x onerror=alert(2)> 'quoted'"


def render(release: Release, theme: Theme, locale: str = "en-GB") -> str:
    return html_renderer.render(release, theme, locale).decode("utf-8")


def parse(page: str) -> Any:
    return lxml.html.document_fromstring(page)


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def decode_email(encoded: str) -> str:
    """What the page's script does: base64, then reverse."""
    return base64.b64decode(encoded).decode("utf-8")[::-1]


def paragraph(*inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(tuple(inlines))


def with_theme(theme: Theme, **spec: Any) -> Theme:
    return dataclasses.replace(theme, spec=theme.spec.model_copy(update=spec))


@pytest.fixture(scope="module")
def page(example_release: Release, theme: Theme) -> str:
    return render(example_release, theme)


@pytest.fixture(scope="module")
def doc(page: str) -> Any:
    return parse(page)


# --------------------------------------------------------------------------
# The example, element by element


def test_registered_as_the_html_format() -> None:
    assert FORMATS["html"].renderer() is html_renderer.render


def test_page_is_a_complete_html5_document(page: str, doc: Any, example_release: Release) -> None:
    assert page.startswith("<!doctype html>\n")
    assert page.endswith("</html>\n")
    root = doc.getroottree().getroot()
    assert root.get("lang") == "en-GB"
    assert root.get("dir") == "ltr"
    assert doc.find(".//meta[@charset]").get("charset") == "utf-8"
    assert "width=device-width" in doc.find(".//meta[@name='viewport']").get("content")
    assert doc.findtext(".//title") == example_release.headline


def test_semantic_structure(doc: Any) -> None:
    body = doc.find("body")
    assert [child.tag for child in body if child.tag != "script"] == ["header", "main", "footer"]
    assert doc.find(".//main/article") is not None


def test_release_line_and_type_label_come_first(doc: Any) -> None:
    assert text_of(doc.find_class("release-line")[0]).startswith(
        "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025"
    )
    assert text_of(doc.find_class("release-type")[0]) == "MEDIA RELEASE"


def test_logo_is_embedded_with_alt_text(doc: Any, example_release: Release) -> None:
    logo = doc.find_class("logo")[0]
    prefix = "data:image/png;base64,"
    assert logo.get("src").startswith(prefix)
    assert example_release.organisation.logo is not None
    assert base64.b64decode(logo.get("src")[len(prefix) :]) == example_release.organisation.logo.read_bytes()
    assert logo.get("alt") == "WeProtect Global Alliance logo"
    assert (logo.get("width"), logo.get("height")) == ("900", "260")


def test_without_a_logo_the_organisation_is_named(example_release: Release, theme: Theme) -> None:
    organisation = dataclasses.replace(example_release.organisation, logo=None)
    doc = parse(render(dataclasses.replace(example_release, organisation=organisation), theme))
    assert not doc.find_class("logo")
    assert text_of(doc.find_class("organisation-name")[0]) == "WeProtect Global Alliance"


def test_headline_standfirst_and_highlights(doc: Any, example_release: Release) -> None:
    assert [text_of(h) for h in doc.iter("h1")] == [example_release.headline]
    assert text_of(doc.find_class("standfirst")[0]).startswith("WeProtect Global Alliance report finds")
    items = doc.find_class("highlights")[0].findall("li")
    assert len(items) == 3
    assert text_of(items[0]).startswith("There was a 1,325%1 rise in reports")


def test_body_headings_are_h2(doc: Any) -> None:
    body = doc.find_class("release-body")[0]
    assert [text_of(h) for h in body.iter("h2")] == [
        "Technological drivers of abuse",
        "Societal drivers of abuse",
        "Experts issue urgent call to move to prevention-based strategies",
    ]


def test_dateline_leads_the_first_paragraph(doc: Any) -> None:
    first = doc.find_class("release-body")[0].find("p")
    dateline = first.find("strong")
    assert dateline.get("class") == "dateline"
    assert dateline.text == "LONDON, 11 December 2025 –"
    assert text_of(first).startswith("LONDON, 11 December 2025 – The Global Threat Assessment 2025, launched")
    assert len(doc.find_class("dateline")) == 1


def test_quotes_are_figures_with_attribution(doc: Any) -> None:
    figures = doc.find_class("quote")
    assert [figure.tag for figure in figures] == ["figure", "figure"]
    assert [text_of(f.find(".//figcaption/cite")) for f in figures] == [
        "Iain Drennan, Executive Director, WeProtect Global Alliance",
        LANDERS,
    ]
    said = text_of(figures[0].find("blockquote/p"))
    assert said.startswith("“The Global Threat Assessment 2025 shows") and said.endswith("to enable that.”")
    assert text_of(figures[1].find("figcaption")) == "— " + LANDERS


def test_framework_list(doc: Any) -> None:
    lists = doc.find_class("release-body")[0].findall("ul")
    assert [[text_of(li) for li in ul.findall("li")] for ul in lists] == [
        [
            "Child participation and leadership",
            "Community education and support",
            "Digital safety",
            "Law, policy, and justice",
        ]
    ]


def test_statistics_cite_their_numbered_sources(doc: Any) -> None:
    stats = doc.find_class("stat")
    assert [text_of(s) for s in stats][:2] == ["1,325%", "1,325%"]
    assert "US$5 billion" in [text_of(s) for s in stats]
    links = doc.xpath("//sup[@class='cite']/a")
    assert len(links) == len(stats) == 7
    ids = {li.get("id") for li in doc.xpath("//section[@class='sources']/ol/li")}
    assert {link.get("href")[1:] for link in links} <= ids
    assert all(link.get("href") == f"#source-{link.text}" for link in links)


def test_sources_are_numbered_with_links(doc: Any) -> None:
    entries = doc.xpath("//section[@class='sources']/ol/li")
    assert [(li.get("id"), li.get("value")) for li in entries] == [
        ("source-1", "1"),
        ("source-2", "2"),
        ("source-3", "3"),
        ("source-4", "4"),
    ]
    assert text_of(entries[0].find_class("source-text")[0]) == "NCMEC, CyberTipline data"
    assert entries[0].find("a").get("href") == (
        "https://www.missingkids.org/gethelpnow/cybertipline/cybertiplinedata"
    )
    assert entries[1].find("a") is None  # Slater SO et al. has no URL


def test_call_to_action_and_end_mark(doc: Any) -> None:
    cta = doc.find_class("call-to-action")[0]
    url = "https://www.weprotect.org/global-threat-assessment-25/"
    assert (
        text_of(cta)
        == f"To access the full Global Threat Assessment 2025 and the Prevention Framework, visit: {url}"
    )
    assert cta.find("a").get("href") == url
    assert text_of(doc.find_class("end-mark")[0]) == "-Ends-"


def test_back_matter_in_order(doc: Any) -> None:
    titles = [text_of(h) for h in doc.xpath("//article/section/h2")]
    assert titles == [
        "Notes to editors",
        "About WeProtect Global Alliance",
        "Media contacts",
        "Sources",
        "Images and documents",
    ]
    about = doc.find_class("about")[0]
    assert about.find(".//a").get("href") == "https://www.weprotect.org/"


def test_order_of_content_follows_the_anatomy(page: str) -> None:
    markers = [
        'class="release-line"',
        'class="release-type"',
        'class="logo"',
        "<h1>",
        'class="standfirst"',
        'class="highlights"',
        'class="dateline"',
        'class="quote"',
        'class="call-to-action"',
        'class="end-mark"',
        'id="notes-to-editors"',
        'id="about"',
        "<address>",
        'id="source-1"',
        'class="asset"',
        'class="press-kit"',
    ]
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions)


def test_contact_in_an_address_block(doc: Any) -> None:
    (address,) = doc.iter("address")
    assert text_of(address.find_class("contact-name")[0]) == "Poppy Reid"
    assert "Press Office, WeProtect Global Alliance" in text_of(address)


def test_email_never_appears_in_clear_but_decodes(page: str, doc: Any) -> None:
    assert "media@weprotectga.org" not in page
    assert 'href="mailto:' not in page
    (link,) = doc.xpath("//address//a[@data-email]")
    assert decode_email(link.get("data-email")) == "media@weprotectga.org"
    assert link.text == "media [at] weprotectga [dot] org"  # what a reader sees without scripts


def test_only_json_ld_and_email_scripts(doc: Any) -> None:
    scripts = doc.findall(".//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json", None]
    assert all(s.get("src") is None for s in scripts)
    assert "data-email" in scripts[1].text


def test_no_email_script_without_addresses(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, contacts=())
    assert [s.get("type") for s in parse(render(release, theme)).findall(".//script")] == [
        "application/ld+json"
    ]


def test_json_ld_news_article(doc: Any, example_release: Release) -> None:
    script = doc.find(".//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == example_release.headline
    assert data["datePublished"] == "2025-12-11"
    assert data["inLanguage"] == "en-GB"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "WeProtect Global Alliance",
        "url": "https://www.weprotect.org/",
        "logo": {"@type": "ImageObject", "url": "https://www.weprotect.org/newsroom/gta-2025/logo.png"},
    }
    assert data["author"]["name"] == "WeProtect Global Alliance"


def test_meta_description_and_open_graph(doc: Any, example_release: Release) -> None:
    standfirst = doc.find(".//meta[@name='description']").get("content")
    assert standfirst.startswith("WeProtect Global Alliance report finds")
    graph = {meta.get("property"): meta.get("content") for meta in doc.xpath("//meta[@property]")}
    assert graph["og:title"] == example_release.headline
    assert graph["og:description"] == standfirst
    assert graph["og:type"] == "article"
    assert graph["og:locale"] == "en_GB"


def test_noindex_while_embargoed_only(doc: Any, example_release: Release, theme: Theme) -> None:
    assert doc.find(".//meta[@name='robots']").get("content") == "noindex, nofollow"
    public = parse(render(dataclasses.replace(example_release, embargo=None), theme))
    assert public.find(".//meta[@name='robots']") is None
    assert text_of(public.find_class("release-line")[0]) == "FOR IMMEDIATE RELEASE"


def test_no_external_resources(page: str, doc: Any) -> None:
    assert all(img.get("src").startswith(("data:", "../")) for img in doc.iter("img"))
    # Links name the page's own address and its other languages, never a resource to load.
    assert {link.get("rel") for link in doc.xpath("//link")} <= {"canonical", "alternate"}
    assert doc.xpath("//*[@src and not(self::img)]") == []
    style = doc.find(".//style").text
    assert "url(" not in style and "@import" not in style


def test_style_carries_the_theme(doc: Any, theme: Theme) -> None:
    style = doc.find(".//style").text
    assert f"--primary: {theme.spec.colours.primary};" in style
    assert f"--font: {theme.spec.fonts.html_stack};" in style
    assert "@media print" in style and "size: A4; margin: 24mm 20mm 22mm 20mm;" in style
    assert "max-width: 44.5rem" in style


def test_assets_link_relatively_to_the_copied_files(doc: Any) -> None:
    (figure,) = doc.find_class("asset")
    image = figure.find(".//img")
    # The thumbnail rendition, linking to the web one; the original is the download.
    assert image.get("src") == "../assets/gta-2025-cover.thumb.png"
    assert image.getparent().get("href") == "../assets/gta-2025-cover.web.png"
    assert image.get("alt").startswith("Cover of the Global Threat Assessment 2025 report")
    assert (image.get("width"), image.get("height")) == ("300", "400")
    description = figure.find_class("asset-description")[0]
    assert text_of(description).endswith("Licence: Free for editorial use with credit.")
    download = figure.find_class("download")[0]
    assert download.get("href") == "../assets/gta-2025-cover.png" and download.get("download") == ""
    assert text_of(download) == "gta-2025-cover.png (PNG, 52 kB)"
    kit = doc.find_class("press-kit")[0]
    assert text_of(kit) == "Press kit: GTA25 Press Kit"


def test_asset_links_follow_the_published_name(
    example_release: Release, theme: Theme, tmp_path: Path
) -> None:
    image = tmp_path / "photo one.png"
    assert example_release.organisation.logo is not None
    image.write_bytes(example_release.organisation.logo.read_bytes())
    photo = dataclasses.replace(example_release.assets[0], path=image, file="images/photo one.png")
    doc = parse(render(dataclasses.replace(example_release, assets=(photo,)), theme))
    assert photo.published_name == "assets/photo one.png"
    figure = doc.find_class("asset")[0]
    assert figure.find(".//img").get("src") == "../assets/photo%20one.thumb.png"
    assert figure.find_class("download")[0].get("href") == "../assets/photo%20one.png"


def test_matches_golden(page: str, golden: Any) -> None:
    golden.check("gta-2025.html", page)


def test_byte_identical_across_renders(example_release: Release, theme: Theme) -> None:
    first = html_renderer.render(example_release, theme, "en-GB")
    assert html_renderer.render(example_release, theme, "en-GB") == first


# --------------------------------------------------------------------------
# Other content the model can hold


def test_markdown_table(example_release: Release, theme: Theme) -> None:
    table = m.Table(
        header=(m.TableCell((m.Text("Region"),)), m.TableCell((m.Text("Reports"),), "right")),
        rows=(
            (m.TableCell((m.Text("Europe"),)), m.TableCell((m.Text("1,200"),), "right")),
            (m.TableCell((m.Strong((m.Text("Asia"),)),)), m.TableCell((m.Text("3,400"),), "right")),
        ),
    )
    doc = parse(render(dataclasses.replace(example_release, body=(*example_release.body, table)), theme))
    (rendered,) = doc.iter("table")
    headers = rendered.findall("thead/tr/th")
    assert [(text_of(th), th.get("scope"), th.get("class")) for th in headers] == [
        ("Region", "col", None),
        ("Reports", "col", "align-right"),
    ]
    rows = rendered.findall("tbody/tr")
    assert [[text_of(td) for td in row.findall("td")] for row in rows] == [
        ["Europe", "1,200"],
        ["Asia", "3,400"],
    ]
    assert rows[1].find("td/strong").text == "Asia"
    assert rendered.getparent().get("class") == "table-wrap"


def test_blocks_of_every_kind(example_release: Release, theme: Theme) -> None:
    body = (
        m.Heading(2, (m.Text("Detail"),)),
        m.ListBlock(
            True, 3, ((paragraph(m.Text("three")), m.ListBlock(False, 1, ((paragraph(m.Text("a")),),))),)
        ),
        m.BlockQuote((paragraph(m.Emphasis((m.Text("quoted"),)), m.LineBreak(), m.Code("x < y")),)),
        m.Preformatted("if a < b:\n    {{ x }}\n"),
        paragraph(m.Link("https://example.org/a?b=1&c=2", (m.Text("a link"),))),
    )
    doc = parse(render(dataclasses.replace(example_release, body=body), theme))
    content = doc.find_class("release-body")[0]
    assert text_of(content.find("h3")) == "Detail"
    # The dateline leads the first paragraph, wherever that is.
    assert text_of(content.find("p")) == "LONDON, 11 December 2025 – a link"
    ordered = content.find("ol")
    assert ordered.get("start") == "3"
    assert ordered.find("li/ul/li").text == "a"
    quote = content.find_class("blockquote")[0]
    assert quote.find("p/em").text == "quoted" and quote.find("p/br") is not None
    assert quote.find("p/code").text == "x < y"
    assert content.find("pre/code").text == "if a < b:\n    {{ x }}\n"
    assert content.xpath(".//a[text()='a link']")[0].get("href") == "https://example.org/a?b=1&c=2"


def test_dateline_alone_when_the_body_has_no_paragraph(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(example_release, body=(m.Heading(1, (m.Text("Only a heading"),)),))
    content = parse(render(release, theme)).find_class("release-body")[0]
    assert [child.tag for child in content] == ["p", "h2"]
    assert text_of(content.find("p")) == "LONDON, 11 December 2025 –"


def test_inline_sources_name_the_source(example_release: Release, theme: Theme) -> None:
    doc = parse(render(example_release, with_theme(theme, sources="inline")))
    assert doc.xpath("//sup") == []
    first = doc.find_class("highlights")[0].find("li")
    assert text_of(first).startswith("There was a 1,325% (NCMEC) rise")
    assert first.xpath(".//span[@class='cite']/a")[0].get("href").startswith("https://www.missingkids.org/")


def test_every_email_address_is_hidden(example_release: Release, theme: Theme) -> None:
    extra = paragraph(
        m.Text("Write to press@example.net or "),
        m.Link("mailto:desk@example.com?subject=GTA", (m.Text("desk@example.com"),)),
        m.Text(" or "),
        m.Link("mailto:news@example.com", (m.Text("the newsdesk"),)),
    )
    page = render(dataclasses.replace(example_release, body=(*example_release.body, extra)), theme)
    for address in ("press@example.net", "desk@example.com", "news@example.com"):
        assert address not in page
    doc = parse(page)
    encoded = [decode_email(e.get("data-email")) for e in doc.xpath("//*[@data-email]")]
    assert set(encoded) == {
        "media@weprotectga.org",
        "press@example.net",
        "desk@example.com?subject=GTA",
        "desk@example.com",
        "news@example.com",
    }
    assert doc.xpath("//a//a") == []  # the address inside a mailto: link is no second link


def test_links_never_nest(example_release: Release, theme: Theme) -> None:
    linked = m.Link("https://example.org/", (m.Text("up "), m.StatRef("ai-csam-rise"), m.Text(" a@b.org")))
    for sources in ("endnotes", "inline"):
        page = render(
            dataclasses.replace(example_release, body=(paragraph(linked),)),
            with_theme(theme, sources=sources),
        )
        doc = parse(page)
        assert doc.xpath("//a//a") == []
        (link,) = doc.xpath("//a[@href='https://example.org/']")
        assert link.find_class("stat")[0].text == "1,325%"


def test_right_to_left_locales(example_release: Release, theme: Theme) -> None:
    for locale in ("ar", "he-IL", "fa", "ur"):
        root = parse(render(example_release, theme, locale)).getroottree().getroot()
        assert (root.get("lang"), root.get("dir")) == (locale, "rtl")


# --------------------------------------------------------------------------
# Hostile input: shown literally, never executed, never evaluated


def hostile_release(release: Release) -> Release:
    quote = dataclasses.replace(release.quotes["drennan"], text=(m.Text(HOSTILE),))
    speaker = dataclasses.replace(release.quotes["landers"].speaker, name=HOSTILE)
    landers = dataclasses.replace(release.quotes["landers"], speaker=speaker)
    contact = dataclasses.replace(release.contacts[0], name=HOSTILE, role=HOSTILE)
    return dataclasses.replace(
        release,
        headline=HOSTILE,
        standfirst=(m.Text(HOSTILE),),
        highlights=((m.Strong((m.Text(HOSTILE),)),),),
        body=(m.Heading(1, (m.Text(HOSTILE),)), paragraph(m.Text(HOSTILE)), *release.body),
        quotes={**release.quotes, "drennan": quote, "landers": landers},
        contacts=(contact,),
        end_mark=HOSTILE,
        organisation=dataclasses.replace(release.organisation, name=HOSTILE, logo=None),
    )


def test_hostile_text_is_shown_literally(example_release: Release, theme: Theme) -> None:
    page = render(hostile_release(example_release), theme)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    doc = parse(page)
    assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json", None]
    assert len(list(doc.iter("img"))) == 2  # the asset, as the lead photo and in the gallery; no logo
    assert doc.findtext(".//title") == HOSTILE
    assert text_of(doc.find(".//h1")) == " ".join(HOSTILE.split())
    assert text_of(doc.find_class("end-mark")[0]) == " ".join(HOSTILE.split())
    assert text_of(doc.find(".//address")).startswith(" ".join(HOSTILE.split()))
    assert json.loads(doc.find(".//script").text)["headline"] == HOSTILE
    assert "</script" not in doc.find(".//script").text


def test_template_syntax_in_data_is_not_evaluated(example_release: Release, theme: Theme) -> None:
    page = render(hostile_release(example_release), theme)
    assert "{{ 7*7 }}" in page
    assert "{% raw %}" in page
    assert "49" not in " ".join(parse(page).find(".//h1").itertext())


def test_control_characters_are_removed(example_release: Release, theme: Theme) -> None:
    release = dataclasses.replace(
        example_release, headline="Bell\x07 null\x00 escape\x1b[31m tab\tend\x7f\x85"
    )
    page = render(release, theme)
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", page) is None
    assert parse(page).findtext(".//title") == "Bell null escape[31m tab\tend"


def test_font_stack_cannot_break_out_of_the_style(example_release: Release, theme: Theme) -> None:
    fonts = theme.spec.fonts.model_copy(
        update={"html_stack": 'Evil"; } body { display: none } </style><script>x()'}
    )
    page = render(example_release, with_theme(theme, fonts=fonts))
    assert page.count("</style>") == 1 and "x()" not in page
    assert "body { display" not in page


def test_user_templates_run_in_the_sandbox(example_release: Release, theme: Theme, tmp_path: Path) -> None:
    (tmp_path / "release.html.j2").write_text("ok\n{{ headline.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        render(example_release, dataclasses.replace(theme, root=tmp_path))
    (problem,) = caught.value.problems
    assert problem.line == 2 and problem.path == tmp_path / "release.html.j2"
    assert "unsafe" in problem.message


def test_template_mistakes_name_file_and_line(example_release: Release, theme: Theme, tmp_path: Path) -> None:
    (tmp_path / "release.html.j2").write_text("<p>\n{{ headlines }}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        render(example_release, dataclasses.replace(theme, root=tmp_path))
    assert (
        caught.value.problems[0]
        .format(tmp_path)
        .startswith("release.html.j2:2: template: 'headlines' is undefined")
    )


unicode_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=unicode_text)
def test_any_unicode_is_shown_as_given(example_release: Release, theme: Theme, text: str) -> None:
    release = dataclasses.replace(example_release, headline=text, body=(paragraph(m.Text(text)),))
    doc = parse(render(release, theme))
    expected = showable(text)
    assert doc.findtext(".//title") == expected
    assert doc.find(".//h1").text_content() == expected
    assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json", None]


# --------------------------------------------------------------------------
# In a real browser


def browser_dom(page: Path, *options: str) -> str:
    """The DOM of `page` after Chromium has loaded it and run its scripts."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert chromium, "these tests drive a real Chromium; install chromium"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--virtual-time-budget=5000",
        *options,
        "--dump-dom",
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout


def write_page(folder: Path, page: str) -> Path:
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_email_script_builds_a_working_mailto_link(page: str, tmp_path: Path) -> None:
    doc = parse(browser_dom(write_page(tmp_path, page)))
    (link,) = doc.xpath("//address//a[@data-email]")
    assert link.get("href") == "mailto:media@weprotectga.org"
    assert link.text_content() == "media@weprotectga.org"


# Chromium will not make a window narrower than 500 px, so the page is measured in a 360 px frame.
PHONE_FRAME = """<!doctype html><body><iframe id="page" src="page.html" style="width:360px;height:800px"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {
  var root = this.contentDocument.documentElement;
  document.body.setAttribute("data-widths", root.scrollWidth + " " + root.clientWidth);
});
</script>"""


def test_no_horizontal_scroll_on_a_small_phone(
    example_release: Release, theme: Theme, tmp_path: Path
) -> None:
    wide = m.Table(
        header=tuple(m.TableCell((m.Text(f"Column heading {n}"),)) for n in range(8)),
        rows=((*(m.TableCell((m.Text("cell"),)) for _ in range(8)),),),
    )
    long_url = "https://example.org/" + "a-very-long-path-segment/" * 6
    extra = (paragraph(m.Link(long_url, (m.Text(long_url),))), wide, m.Preformatted("x" * 200))
    write_page(
        tmp_path, render(dataclasses.replace(example_release, body=(*example_release.body, *extra)), theme)
    )
    frame = tmp_path / "frame.html"
    frame.write_text(PHONE_FRAME, encoding="utf-8")
    doc = parse(browser_dom(frame, "--allow-file-access-from-files"))
    scroll_width, client_width = map(int, doc.find("body").get("data-widths").split())
    assert 340 <= client_width <= 360
    assert scroll_width <= client_width
