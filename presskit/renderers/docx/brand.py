"""The theme's colours and fonts in Word's terms: theme colours and fonts, script slots, languages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from presskit.renderers.docx.ooxml import RPR_ORDER, Element, insert_ordered
from presskit.themes.theme import Theme
from presskit.words import fonts, wording

EAST_ASIAN_LANGUAGES = {"zh", "ja", "ko"}
COMPLEX_SCRIPT_LANGUAGES = {"hi", "mr", "ne", "bn", "th"}  # Word's "complex script" slot, besides RTL

# theme.yaml's colours as Word theme colours (a reference.docx that uses "Accent 1" follows `primary`),
# and the colour presskit gives each Word theme colour it fills in.
THEME_COLOUR_SLOTS = {
    "primary": "accent1",
    "accent": "accent2",
    "muted": "accent3",
    "quote_rule": "accent4",
    "text": "text1",
}
SLOT_COLOURS = {
    "accent1": "primary",
    "dark2": "primary",
    "text2": "primary",
    "accent2": "accent",
    "hyperlink": "accent",
    "accent3": "muted",
    "accent4": "quote_rule",
    "dark1": "text",
    "text1": "text",
    "light1": "background",
    "background1": "background",
}


@dataclass(frozen=True)
class Styling:
    """How styles are written for one document.

    `wanted` says which theme.yaml fields to write into a style the document
    already has (all of them for python-docx's template; only those a nearer
    theme.yaml overrides for a reference.docx). `linked` writes colours and
    fonts as Word theme colours and fonts, for the reference.docx presskit
    ships, so that they keep following theme.yaml.
    """

    theme: Theme
    locale: str
    wanted: Callable[[str], bool]
    linked: bool = False

    def colour(self, key: str) -> str:
        return str(getattr(self.theme.spec.colours, key))[1:].upper()


def colour_element(tag: str, key: str, styling: Styling, **attributes: str) -> Element:
    """`<w:color w:val=…/>` (or a border) in the theme colour `key`, linked to Word's theme when asked."""
    values = {qn(name): value for name, value in attributes.items()}
    values[qn("w:val" if tag == "w:color" else "w:color")] = styling.colour(key)
    if styling.linked and key in THEME_COLOUR_SLOTS:
        values[qn("w:themeColor")] = THEME_COLOUR_SLOTS[key]
    return OxmlElement(tag, values)


def language_element(locale: str) -> Element:
    """`w:lang` naming `locale` in the slot Word reads for its script: Latin, East Asian or complex."""
    attributes = {"w:val": locale}
    language = locale.split("-")[0].lower()
    if language in EAST_ASIAN_LANGUAGES:
        attributes["w:eastAsia"] = locale
    if language in COMPLEX_SCRIPT_LANGUAGES or is_right_to_left(locale):
        attributes["w:bidi"] = locale
    return OxmlElement("w:lang", {qn(k): v for k, v in attributes.items()})


def set_language(properties: Element, locale: str) -> None:
    """Mark a run's properties (`w:rPr`) as in `locale`, replacing the language they named."""
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    insert_ordered(properties, language_element(locale), RPR_ORDER)


def is_right_to_left(locale: str) -> bool:
    return wording.text_direction(locale) == "rtl"


FONT_SLOTS = {"w:ascii": "w:asciiTheme", "w:hAnsi": "w:hAnsiTheme", "w:eastAsia": "w:eastAsiaTheme"}
FONT_SLOTS["w:cs"] = "w:cstheme"
THEME_FONT_NAMES = {"w:ascii": "HAnsi", "w:hAnsi": "HAnsi", "w:eastAsia": "EastAsia", "w:cs": "Bidi"}


def set_font_family(run_properties: Element, family: str, slots: dict[str, str] | None = None) -> None:
    """`family` for Latin, East Asian and complex scripts, overriding the template's theme fonts;
    `slots` names another family for some slots (`{"w:cs": "Noto Sans Arabic"}`)."""
    run_fonts = run_properties.get_or_add_rFonts()
    for attribute in FONT_SLOTS.values():
        run_fonts.attrib.pop(qn(attribute), None)
    for attribute in FONT_SLOTS:
        run_fonts.set(qn(attribute), (slots or {}).get(attribute, family))


def set_theme_fonts(run_properties: Element, kind: str) -> None:
    """Word's theme font (`major`: +Headings, `minor`: +Body) in every slot, explicit names dropped."""
    run_fonts = run_properties.get_or_add_rFonts()
    for slot, attribute in FONT_SLOTS.items():
        run_fonts.attrib.pop(qn(slot), None)
        run_fonts.set(qn(attribute), kind + THEME_FONT_NAMES[slot])


def resolve_theme_links(styles: Element, theme: Theme, locale: str, *, keep_links: bool = False) -> None:
    """Word theme colours and fonts in the styles made theme.yaml's, for every program.

    A colour that names a theme colour ("accent1") gets the theme.yaml colour
    behind it (shaded or tinted as the style asks) as its value, which
    LibreOffice and older Word read; a theme font ("+Headings") becomes the
    theme's heading or body family, the document language's script family
    in the East Asian and complex-script slots. `keep_links` keeps the
    theme references too (the reference.docx presskit ships keeps them, so
    that an editor's Word still offers them as theme colours and fonts).
    """
    colours = theme.spec.colours
    linked = "w:themeColor", "w:themeFill"
    for node in styles.xpath(" | ".join(f".//*[@{attribute}]" for attribute in linked)):
        for slot_attribute, value_attribute, shade, tint in (
            (
                "w:themeColor",
                "w:val" if node.tag == qn("w:color") else "w:color",
                "w:themeShade",
                "w:themeTint",
            ),
            ("w:themeFill", "w:fill", "w:themeFillShade", "w:themeFillTint"),
        ):
            slot = node.get(qn(slot_attribute))
            key = SLOT_COLOURS.get(slot or "")
            if key is None:
                continue
            value = shaded(getattr(colours, key), node.get(qn(shade)), node.get(qn(tint)))
            node.set(qn(value_attribute), value[1:].upper())
    slots = script_slots(theme, locale)
    themed = " or ".join(f"@{attribute}" for attribute in FONT_SLOTS.values())
    for run_fonts in styles.xpath(f".//w:rFonts[{themed}]"):
        for slot, attribute in FONT_SLOTS.items():
            kind = run_fonts.get(qn(attribute))
            if kind is None:
                continue
            family = theme.spec.fonts.heading if kind.startswith("major") else theme.spec.fonts.body
            run_fonts.set(qn(slot), slots.get(slot, family))
            if not keep_links:
                run_fonts.attrib.pop(qn(attribute))


def shaded(colour: str, shade: str | None, tint: str | None) -> str:
    """`colour` darkened by Word's themeShade or lightened by its themeTint (hex fractions of 255)."""
    if shade:
        return mix(colour, "#000000", int(shade, 16) / 255)
    if tint:
        return mix(colour, "#FFFFFF", int(tint, 16) / 255)
    return colour


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base`, as `#RRGGBB`."""
    pairs = zip(rgb_values(colour), rgb_values(base), strict=True)
    return "#" + "".join(f"{round(c * amount + b * (1 - amount)):02X}" for c, b in pairs)


def rgb_values(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def script_slots(theme: Theme, locale: str) -> dict[str, str]:
    """The document language's own script font in the slot Word reads it from, if the theme names one.

    An Arabic release sets its text in the complex-script slot, a Japanese one
    in the East Asian slot; text in other scripts gets its slot run by run.
    """
    script = fonts.locale_script(locale)
    family = theme.script_family(script, locale) if script else None
    if script is None or family is None:
        return {}
    if script in fonts.CJK_SCRIPTS:
        return {"w:eastAsia": family}
    if script in fonts.COMPLEX_SCRIPTS:
        return {"w:cs": family}
    return {}


def drop_italic(styles: Element) -> None:
    """No style slants its text (`w:i`, `w:iCs`): for a document whose language has no italic
    (Arabic, Hebrew, Japanese…), where Word would slant the letters itself."""
    for node in styles.xpath(".//w:rPr/w:i | .//w:rPr/w:iCs"):
        node.getparent().remove(node)


def font_family(role: str, theme: Theme) -> str:
    fonts = theme.spec.fonts
    return {"body": fonts.body, "heading": fonts.heading, "mono": fonts.mono}.get(role, role)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour[1:].upper())
