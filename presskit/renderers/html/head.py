"""The page's head: Open Graph, X's card and Schema.org metadata, and the theme's styles as CSS.

Every value that reaches the `<style>` is checked or cleaned first, so nothing a theme
says can end a declaration or the element.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote as url_quote

from markupsafe import Markup

from presskit import model as m
from presskit.renderers.html.back_matter import web_copy
from presskit.themes.theme import Theme
from presskit.words import fonts, wording

MONOSPACE_FALLBACK = "ui-monospace, Menlo, Consolas, monospace"


def page_address(release: m.Release, locale: str) -> str:
    """This edition's page (`<slug>/<locale>/<slug>.html` in the output folder): absolute under
    the newsroom's base_url, else relative to the page itself (its own file name)."""
    own = url_quote(f"{release.slug}.html")
    if release.base_url is None:
        return own
    return f"{release.base_url}{url_quote(release.slug)}/{url_quote(locale)}/{own}"


def published_address(release: m.Release, published_name: str) -> str:
    """A file of the release folder (`assets/cover.web.png`): absolute under base_url, else
    relative to the page, one folder down."""
    path = url_quote(published_name, safe="/")
    if release.base_url is None:
        return f"../{path}"
    return f"{release.base_url}{url_quote(release.slug)}/{path}"


@dataclass(frozen=True)
class ShareImage:
    """The lead image as link previews show it: its web copy's address, pixels and alternate text."""

    url: str
    width: int | None
    height: int | None
    alt: str


def share_image(release: m.Release) -> ShareImage | None:
    """The lead image's web copy (an SVG as it is published), sized as the page sizes it."""
    image = release.lead_image
    if image is None:
        return None
    shown, width, height = web_copy(image)
    return ShareImage(
        published_address(release, shown), width, height, image.alt or image.title or image.caption or ""
    )


def open_graph(release: m.Release, locale: str, description: str) -> tuple[tuple[str, str], ...]:
    tags = [
        ("og:type", "article"),
        ("og:title", release.headline),
        ("og:description", description),
        ("og:url", page_address(release, locale)),
        ("og:locale", wording.babel_locale(locale)),
        ("og:site_name", release.organisation.name),
        ("article:published_time", release.date.isoformat()),
    ]
    image = share_image(release)
    if image is not None:
        tags.append(("og:image", image.url))
        if image.width and image.height:
            tags += [("og:image:width", str(image.width)), ("og:image:height", str(image.height))]
        if image.alt:
            tags.append(("og:image:alt", image.alt))
    return tuple(tags)


def twitter_card(release: m.Release, description: str) -> tuple[tuple[str, str], ...]:
    """X's card (`<meta name=…>`): a large image above the title where there is a lead image."""
    image = share_image(release)
    tags = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", release.headline),
        ("twitter:description", description),
    ]
    if image is not None:
        tags.append(("twitter:image", image.url))
        if image.alt:
            tags.append(("twitter:image:alt", image.alt))
    return tuple(tags)


def json_ld(release: m.Release, locale: str, description: str) -> Markup:
    """Schema.org NewsArticle, safe inside <script>: `<`, `>` and `&` are JSON escapes.

    Schema.org wants absolute URLs, so `url`, `mainEntityOfPage`, `image` and the
    publisher's `logo` are given only under base_url. `dateModified` is the release's date:
    a release is not revised in place (a correction is a release of its own)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.headline,
        "description": description,
        "datePublished": release.date.isoformat(),
        "dateModified": release.date.isoformat(),
        "inLanguage": locale,
        "publisher": organisation_ld(release),
        "author": organisation_ld(release),
    }
    if release.keywords:
        data["keywords"] = ", ".join(release.keywords)
    if release.base_url is not None:  # Schema.org wants absolute URLs: only with base_url
        data["url"] = page_address(release, locale)
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": page_address(release, locale)}
        image = share_image(release)
        if image is not None:
            data["image"] = [image_ld(image)]
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def organisation_ld(release: m.Release) -> dict[str, Any]:
    """The organisation issuing the release, with its logo where it is published (base_url)."""
    org = release.organisation
    found: dict[str, Any] = {"@type": "Organization", "name": org.name}
    if org.url:
        found["url"] = org.url
    logo = org.logo_published_name
    if logo is not None and release.base_url is not None:
        found["logo"] = {"@type": "ImageObject", "url": published_address(release, logo)}
    return found


def image_ld(image: ShareImage) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "ImageObject", "url": image.url, "contentUrl": image.url}
    if image.width and image.height:
        found.update(width=image.width, height=image.height)
    return found


def css_variables(theme: Theme) -> Markup:
    """The theme's colours and fonts as CSS custom properties (values checked, so safe in <style>)."""
    colours = theme.spec.colours
    background = colours.background
    values = {
        "primary": colours.primary,
        "accent": colours.accent,
        "text": colours.text,
        "muted": readable_colour(colours.muted, background, colours.text),
        "background": background,
        "quote-rule": colours.quote_rule,
        "link": readable_colour(colours.accent, background, colours.primary),
        "on-primary": contrasting(colours.primary),
        "tint": mix(colours.primary, background, 0.06),
        "rule": mix(colours.muted, background, 0.3),
        "font": html_font_stack(theme.spec.fonts.body, theme.spec.fonts.html_stack),
        "heading-font": html_font_stack(theme.spec.fonts.heading, theme.spec.fonts.html_stack),
        "mono-font": html_font_stack(theme.spec.fonts.mono, MONOSPACE_FALLBACK),
        "logo-width": f"{theme.spec.logo_width_mm:g}mm",
    }
    return Markup("\n").join(Markup(f"  --{name}: {value};") for name, value in values.items())


def script_font_rules(theme: Theme, locales: tuple[str, ...]) -> Markup:
    """A font stack for each language the page is offered in whose script the theme names a family for.

    The script's family leads, so an Arabic page is not set in the body font's
    own Arabic; for CJK the body stack leads, its Latin letters being the
    brand's, and the CJK family follows for the characters it lacks.
    """
    stack = html_font_stack(theme.spec.fonts.body, theme.spec.fonts.html_stack)
    rules: list[Markup] = []
    for locale in dict.fromkeys(locales):
        script = fonts.locale_script(locale)
        family = theme.script_family(script, locale) if script else None
        if family is None or script is None:
            continue
        quoted_family = css_font_stack(f'"{family}"')
        fonts_in_order = (
            f"{stack}, {quoted_family}" if script in fonts.CJK_SCRIPTS else f"{quoted_family}, {stack}"
        )
        language = re.sub(r"[^A-Za-z0-9-]", "", locale)
        # On <body> (code keeps its own face) and on any element tagged with the language.
        selector = f"html:lang({language}) body, body [lang]:lang({language})"
        rules.append(Markup(f"{selector} {{ font-family: {fonts_in_order}; }}"))
    return Markup("\n").join(rules)


def print_page_rule(theme: Theme) -> str:
    margins = theme.spec.margins
    box = " ".join(f"{v:g}mm" for v in (margins.top, margins.right, margins.bottom, margins.left))
    return f"size: {theme.spec.page_size}; margin: {box};"


def html_font_stack(family: str, stack: str) -> str:
    """The theme's family (as in the PDF and DOCX) first, then the stack's fallbacks for screens without it."""
    fallbacks = css_font_stack(stack)
    first = fallbacks.split(",")[0].strip().strip("\"'")
    if first.lower() == family.lower():
        return fallbacks
    return css_font_stack(f'"{family}", {fallbacks}')


def css_font_stack(stack: str) -> str:
    """The font stack with anything that could end the declaration or the <style> removed."""
    cleaned = re.sub(r"[^\w\s\"',.-]", "", stack)
    for quote in "\"'":
        if cleaned.count(quote) % 2:
            cleaned = cleaned.replace(quote, "")
    return cleaned.strip() or "sans-serif"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#RRGGBB` colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_colour(colour: str, background: str, fallback: str) -> str:
    """`colour` if it meets WCAG AA (4.5:1) on `background`, else `fallback`."""
    return colour if contrast_ratio(colour, background) >= 4.5 else fallback


def contrasting(background: str) -> str:
    """White or near-black text, whichever reads better on `background`."""
    white, black = "#FFFFFF", "#111111"
    return white if contrast_ratio(white, background) >= contrast_ratio(black, background) else black


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base`, as `#RRGGBB`."""
    mixed = (round(c * amount + b * (1 - amount)) for c, b in zip(_rgb(colour), _rgb(base), strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)
