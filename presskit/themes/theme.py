"""Themes: the look of every format, from one `theme.yaml`.

A theme is a folder under `templates/` (or any folder given with --theme):
`theme.yaml`, the Jinja2 templates for HTML and text, and optionally a
`reference.docx` whose styles the Word output takes. A theme may extend
another (`extends: default`): its `theme.yaml` is merged over its parent's
(mappings key by key, anything else replaced), its templates are found in its
own folder first, then in its parent's. The merged `theme.yaml` is validated
like a release, each problem located in the file that said it.

The theme resolves font files (presskit.themes.font_files) so that renderers
receive paths and never search for fonts.

A theme may come from anyone, so its files (theme.yaml, templates,
reference.docx) are read only where they resolve, links followed, inside the
theme's folders (its own, those it extends, the built-in themes), and only as
regular files of a bounded size (`read_theme_file`): a template linked to
~/.ssh/id_rsa is refused rather than published, a pipe or /dev/zero rather
than read for ever. Files a theme never names (an editor's lock link) are
never opened.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presskit.errors import Problem, ValidationFailed
from presskit.resources import data_dir
from presskit.source.document import Document, FieldPath
from presskit.source.reading import UnreadableFile, read_regular
from presskit.themes.font_files import find_font, resolve_font
from presskit.words.typefaces import FontFiles

HEX = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(_Strict):
    primary: HEX = "#0B3C5D"  # headline, headings, rules
    accent: HEX = "#D9480F"  # links, highlights marker, type label
    text: HEX = "#1A1A1A"
    muted: HEX = "#5C6670"  # running head, captions, footers
    background: HEX = "#FFFFFF"
    quote_rule: HEX = "#0B3C5D"


# The family for each script the body font does not serve well, by ISO 15924 code.
# All are TrueType (reportlab embeds no CFF outlines): Debian's fonts-noto-core,
# fonts-wqy-zenhei, fonts-morisawa-bizud-gothic and fonts-nanum (and fonts-arphic-uming for
# Traditional Chinese, below). Kana and Hangul are
# Japanese and Korean, so they take those languages' families; Han outside a Chinese,
# Japanese or Korean document is set in Chinese forms. A theme's `fonts.scripts` adds
# to these or replaces one of them.
DEFAULT_SCRIPT_FONTS: dict[str, str] = {
    "Arab": "Noto Sans Arabic",
    "Hebr": "Noto Sans Hebrew",
    "Deva": "Noto Sans Devanagari",
    "Thai": "Noto Sans Thai",
    "Hani": "WenQuanYi Zen Hei",
    "Hira": "BIZ UDGothic",
    "Kana": "BIZ UDGothic",
    "Hang": "NanumGothic",
    "Bopo": "WenQuanYi Zen Hei",
}
# The family for a language's own script(s), where the script alone does not say how its
# letters are drawn: Han characters take Japanese forms in Japanese, Korean in Korean,
# Chinese in Chinese (and Urdu would take Nastaliq where Arabic takes Naskh). A document in
# the language, and the web page's text marked as in it, use it for those scripts. BIZ
# UDGothic and NanumGothic have a bold; WenQuanYi Zen Hei (mainland forms) and AR PL UMing
# (fonts-arphic-uming: Taiwan's forms, and Hong Kong's in its HK face) have none, so the PDF
# emboldens them. A theme's `fonts.languages` adds to these or replaces one of them.
DEFAULT_LANGUAGE_FONTS: dict[str, str] = {
    "ja": "BIZ UDGothic",
    "ko": "NanumGothic",
    "zh-hans": "WenQuanYi Zen Hei",
    "zh-hant": "AR PL UMing TW",
    "zh-hk": "AR PL UMing HK",
    "zh-hant-hk": "AR PL UMing HK",
}
ScriptCode = Annotated[str, Field(pattern=r"^[A-Z][a-z]{3}$")]  # ISO 15924, e.g. "Arab"
LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]  # BCP 47, e.g. "zh-Hant"


class Fonts(_Strict):
    body: str = "DejaVu Sans"  # a fontconfig family name
    heading: str = "DejaVu Sans"
    mono: str = "DejaVu Sans Mono"  # code and preformatted text
    body_size: float = Field(10.5, ge=6, le=24)
    html_stack: str = '"DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif'
    # Family per script, for text the body font lacks or sets poorly (merged over
    # DEFAULT_SCRIPT_FONTS); HTML puts the family first in that language's font stack.
    scripts: dict[ScriptCode, str] = {}
    # Family per language (BCP 47), for that language's own script(s) (merged over
    # DEFAULT_LANGUAGE_FONTS): `ja: "IPAexGothic"` sets a Japanese document's kanji and kana in it.
    languages: dict[LanguageTag, str] = {}


class Margins(_Strict):
    top: float = Field(22, ge=5, le=80)  # millimetres
    right: float = Field(20, ge=5, le=80)
    bottom: float = Field(22, ge=5, le=80)
    left: float = Field(20, ge=5, le=80)


TemplateName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]


class ThemeSpec(_Strict):
    """What `theme.yaml` may say (docs/themes.md describes every field)."""

    name: str
    extends: str | None = None  # a built-in theme's name, or a folder (relative to this theme's)
    page_size: Literal["A4", "Letter"] = "A4"
    margins: Margins = Margins()
    colours: Colours = Colours()
    fonts: Fonts = Fonts()
    logo: Literal["left", "right", "center"] = "right"  # where the logo sits in the masthead
    logo_width_mm: float = Field(45, ge=10, le=120)
    end_mark: str | None = None  # default for releases that do not set one
    sources: Literal["endnotes", "inline"] = "endnotes"
    contacts: Literal["top", "end"] = "end"  # under the release line, or with the back matter
    dateline: Literal["city-date", "wire"] = (
        "city-date"  # LONDON, 11 December 2025 – | wire: …, Nov. 11, 2011 --
    )
    # The dateline's city: in capitals where the locale's convention has them (English), always, or never.
    dateline_case: Literal["locale", "upper", "as-written"] = "locale"
    text_width: int = Field(72, ge=40, le=120)
    html_template: TemplateName = "release.html.j2"
    text_template: TemplateName = "release.txt.j2"


REFERENCE_DOCX = "reference.docx"
REFERENCE_LIMIT = 20_000_000  # bytes: a reference.docx holds styles, not photographs
# What a reference.docx may unpack to: python-docx parses every part of it into memory.
REFERENCE_EXPANDED_LIMIT = 100_000_000


@dataclass(frozen=True)
class Theme:
    spec: ThemeSpec
    root: Path
    # The folders of the themes it extends, nearest first.
    parents: tuple[Path, ...] = ()
    # The fields (dotted, e.g. "colours.primary") each theme.yaml of the chain sets itself, nearest first.
    layer_fields: tuple[frozenset[str], ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def folders(self) -> tuple[Path, ...]:
        """Where its files are looked for: its own folder, then those of the themes it extends."""
        return (self.root, *self.parents)

    @cached_property
    def roots(self) -> tuple[Path, ...]:
        """The folders its files may lie in, links resolved (see `read_theme_file`)."""
        return theme_roots(self.folders)

    def template_path(self, name: str) -> Path:
        """The file `name` from the nearest folder that has it (its own folder's path when none does).

        A link or pipe by that name counts as having it: it is what the theme
        means, and reading it says what is wrong with it.
        """
        return next((f / name for f in self.folders if os.path.lexists(f / name)), self.root / name)

    @property
    def reference_docx(self) -> Path | None:
        """The nearest `reference.docx` in the chain, whose styles the Word output takes.

        ValidationFailed, located at the file, when it cannot safely be opened: a
        link out of the themes' folders, not a regular file, over REFERENCE_LIMIT,
        or an archive that would unpack beyond REFERENCE_EXPANDED_LIMIT (a zip bomb).
        """
        found = next((f / REFERENCE_DOCX for f in self.folders if os.path.lexists(f / REFERENCE_DOCX)), None)
        if found is not None:
            _check_reference(found, self.roots)
        return found

    @property
    def docx_overrides(self) -> frozenset[str]:
        """The fields set by theme.yaml files nearer than the one beside the reference.docx.

        A theme that extends another without bringing its own reference.docx
        still sees its own colours, fonts and sizes in the Word output; a
        reference.docx beside a theme.yaml wins over that theme.yaml (and the
        ones it extends) for whatever it defines.
        """
        reference = self.reference_docx
        if reference is None:
            return frozenset()
        nearer = self.folders.index(reference.parent)
        return frozenset().union(*self.layer_fields[:nearer])

    def sets(self, field: str) -> bool:
        """Whether any theme.yaml of the chain sets `field` (or a field inside it) itself."""
        prefix = field + "."
        return any(f == field or f.startswith(prefix) for layer in self.layer_fields for f in layer)

    # Fonts are looked up on first use: only the PDF needs files, and only
    # a release with code needs the monospaced face.
    @cached_property
    def body_font(self) -> FontFiles:
        return resolve_font(self.spec.fonts.body)

    @cached_property
    def heading_font(self) -> FontFiles:
        same = self.spec.fonts.heading == self.spec.fonts.body
        return self.body_font if same else resolve_font(self.spec.fonts.heading)

    @cached_property
    def mono_font(self) -> FontFiles:
        return resolve_font(self.spec.fonts.mono)

    @cached_property
    def script_families(self) -> dict[str, str]:
        """The family named for each script (ISO 15924 code): the defaults, then the theme's own."""
        return DEFAULT_SCRIPT_FONTS | dict(self.spec.fonts.scripts)

    @cached_property
    def language_families(self) -> dict[str, str]:
        """The family named for each language (lower-case tag): the defaults, then the theme's own."""
        own = {tag.lower(): family for tag, family in self.spec.fonts.languages.items()}
        return DEFAULT_LANGUAGE_FONTS | own

    def script_family(self, script: str, locale: str | None = None) -> str | None:
        """The family that sets `script`: in a document in `locale`, the language's family where
        the language writes the script (Han in Japanese), else the script's."""
        from presskit.words import fonts  # here: loading a theme need not load the script tables

        if locale is not None and fonts.writes_script(locale, script):
            for key in fonts.language_keys(locale):
                if key in self.language_families:
                    return self.language_families[key]
        return self.script_families.get(script)

    def script_font(self, script: str, locale: str | None = None) -> FontFiles | None:
        """The files of the family that sets `script` (see `script_family`), or None where none
        is named or installed."""
        family = self.script_family(script, locale)
        if family is None:
            return None
        if family not in self._script_fonts:
            self._script_fonts[family] = find_font(family)
        return self._script_fonts[family]

    @cached_property
    def _script_fonts(self) -> dict[str, FontFiles | None]:
        return {}


def theme_roots(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """Where the files of a theme with these folders may lie, links resolved: its own
    folder, those of the themes it extends and the built-in themes."""
    return tuple(dict.fromkeys(folder.resolve() for folder in (*folders, data_dir("templates"))))


def read_theme_file(path: Path, roots: tuple[Path, ...], *, what: str, limit: int) -> bytes:
    """The bytes of one of a theme's files, which must resolve (links followed) to a
    regular file inside `roots`, of at most `limit` bytes.

    A link to /etc/passwd or ~/.ssh/id_rsa would otherwise be published as the
    theme's template; a pipe or /dev/zero would hang the build. Raises
    ValidationFailed naming the file.
    """
    check_inside_theme(path, roots, what=what)
    try:
        return read_regular(path, limit, what=what)
    except UnreadableFile as error:
        raise ValidationFailed([Problem(error.message, path, field=what, hint=error.hint)]) from None


def check_inside_theme(path: Path, roots: tuple[Path, ...], *, what: str) -> None:
    """ValidationFailed when `path`, links resolved, lies outside `roots`."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # links that lead to each other in a loop
        raise ValidationFailed(
            [Problem(f"{path.name} is a link that leads round in a loop", path, field=what)]
        ) from None
    if not any(resolved.is_relative_to(root) for root in roots):
        raise ValidationFailed(
            [
                Problem(
                    f"{path.name} links to {resolved}, outside the theme's folders",
                    path,
                    field=what,
                    hint="copy the file into the theme folder rather than linking to it",
                )
            ]
        )


# The reference.docx files found fit to open, by the file they resolve to, its time and size:
# every Word document of a build asks for the reference again.
_FIT_REFERENCES: set[tuple[Path, int, int]] = set()


def _check_reference(path: Path, roots: tuple[Path, ...]) -> None:
    from presskit.source.assets import AssetError
    from presskit.source.published import check_archive

    try:
        status = path.stat()
        key = (path.resolve(), status.st_mtime_ns, status.st_size)
    except (OSError, RuntimeError):
        key = None  # read_theme_file says what is wrong
    if key in _FIT_REFERENCES:
        return
    data = read_theme_file(path, roots, what=REFERENCE_DOCX, limit=REFERENCE_LIMIT)
    try:
        check_archive(data, "it", expanded_limit=REFERENCE_EXPANDED_LIMIT, kind="Word document")
    except AssetError as error:
        raise ValidationFailed(
            [
                Problem(
                    f"cannot be used as the Word reference document: {error}",
                    path,
                    field=REFERENCE_DOCX,
                    hint="save it from Word or LibreOffice as a .docx (Word Document), or remove it",
                )
            ]
        ) from None
    if key is not None:
        if len(_FIT_REFERENCES) > 256:  # a long-running preview: keep it bounded
            _FIT_REFERENCES.clear()
        _FIT_REFERENCES.add(key)


def builtin_theme_dirs() -> dict[str, Path]:
    """The themes shipped with presskit, by name."""
    return {p.name: p for p in sorted(data_dir("templates").iterdir()) if (p / "theme.yaml").is_file()}


def builtin_themes() -> list[str]:
    """The names of the themes shipped with presskit."""
    return list(builtin_theme_dirs())


def _builtin(name: str) -> Path | None:
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        folder = data_dir("templates") / name
        if (folder / "theme.yaml").is_file():
            return folder
    return None


def theme_dir(name_or_path: str, base: Path | None = None) -> Path:
    """A built-in theme by name, or a folder holding a theme.yaml; a relative folder is
    inside `base` (the folder of the file that names it), else the working directory."""
    builtin = _builtin(name_or_path)
    if builtin is not None:
        return builtin
    folder = Path(name_or_path)
    if base is not None and not folder.is_absolute():
        folder = base / folder
    if os.path.lexists(folder / "theme.yaml"):  # a pipe or link as well: reading it says what is wrong
        return folder
    raise ValidationFailed([Problem(f'no theme "{name_or_path}"', field="theme", hint=_where_themes_are())])


def theme_reference(name_or_path: str, base: Path) -> str:
    """What `cached_theme` takes for the theme a file in `base` names: a built-in theme's
    name as it is, a folder as its absolute path (so it means the same from any working
    directory). ValidationFailed, as `theme_dir`, when there is no such theme."""
    folder = theme_dir(name_or_path, base)
    return name_or_path if _builtin(name_or_path) is not None else str(folder.absolute())


def _where_themes_are() -> str:
    return "built-in themes: " + ", ".join(builtin_themes()) + "; or give a folder with a theme.yaml"


MAX_EXTENDS = 8  # a chain deeper than this is a mistake (or a loop)


_LOADED: dict[str, tuple[tuple[tuple[str, int, int], ...], Theme]] = {}


def _stamp(theme: Theme) -> tuple[tuple[str, int, int], ...]:
    """The theme.yaml of the theme and of every theme it extends, as path, mtime and size."""
    files = [folder / "theme.yaml" for folder in theme.folders]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


def cached_theme(name: str) -> Theme:
    """Each theme loaded once per process, and again when its or a parent's theme.yaml
    changes (`serve`): the same object each time, so what renderers cache for it holds."""
    cached = _LOADED.get(name)
    if cached is None or cached[0] != _stamp(cached[1]):
        theme = load_theme(name)
        _LOADED[name] = (_stamp(theme), theme)
    return _LOADED[name][1]


def load_theme(name_or_path: str = "default") -> Theme:
    """Read, merge and validate a theme and the themes it extends (fonts are found when first needed)."""
    from presskit.source.validation import validate_into

    root = theme_dir(name_or_path)
    layers = theme_layers(root)
    merged = _LayeredDocument(layers[0].path, merged_data(layers, root), tuple(layers))
    try:
        spec = validate_into(ThemeSpec, merged)
    except ValidationFailed as failed:  # in the order a reader meets them, file by file
        order: dict[Path | None, int] = {layer.path: index for index, layer in enumerate(layers)}
        raise ValidationFailed(
            sorted(failed.problems, key=lambda p: (order.get(p.path, 0), p.line or 0, p.column or 0))
        ) from None
    return Theme(
        spec=spec,
        root=root,
        parents=tuple(layer.path.parent for layer in layers[1:]),
        layer_fields=tuple(frozenset(_field_paths(layer.data)) for layer in layers),
    )


def theme_layers(root: Path) -> list[Document]:
    """The theme.yaml of `root` and of each theme it extends, nearest first."""
    layers = [_read_theme_yaml(root)]
    seen = [root.resolve()]
    while True:
        layer = layers[-1]
        extends = layer.data.get("extends") if isinstance(layer.data, dict) else None
        if extends is None:
            return layers
        if not isinstance(extends, str) or not extends.strip():
            raise ValidationFailed(
                [layer.problem(("extends",), "must be the name of a theme or a folder", _where_themes_are())]
            )
        parent = _builtin(extends) or _theme_folder(layer.path.parent, extends)
        if parent is None:
            raise ValidationFailed(
                [layer.problem(("extends",), f'no theme "{extends}"', _where_themes_are())]
            )
        if parent.resolve() in seen:
            chain = " → ".join(p.name for p in [*seen, parent.resolve()])
            raise ValidationFailed(
                [layer.problem(("extends",), f"themes extend each other in a loop ({chain})", None)]
            )
        if len(layers) >= MAX_EXTENDS:
            raise ValidationFailed(
                [layer.problem(("extends",), f"more than {MAX_EXTENDS} themes extend one another", None)]
            )
        seen.append(parent.resolve())
        layers.append(_read_theme_yaml(parent))


def _read_theme_yaml(folder: Path) -> Document:
    """The folder's theme.yaml, which must be a regular file inside it (or among the built-in themes)."""
    from presskit.source.document import read_document  # which refuses pipes, devices and large files itself

    path = folder / "theme.yaml"
    check_inside_theme(path, theme_roots((folder,)), what="theme.yaml")
    return read_document(path)


def _theme_folder(base: Path, given: str) -> Path | None:
    folder = Path(given).expanduser()
    folder = folder if folder.is_absolute() else base / folder
    return folder if os.path.lexists(folder / "theme.yaml") else None


def merged_data(layers: list[Document], root: Path) -> Any:
    """The layers' data merged, the nearest winning: mappings key by key, anything else replaced.

    A theme that does not name itself is called after its folder, and only
    its own `extends` survives (its parents' are already followed).
    """
    own = layers[0].data
    if not isinstance(own, dict):
        return own  # the schema says what is wrong with it
    merged: Any = {}
    for layer in reversed(layers):
        if isinstance(layer.data, dict):
            merged = _deep_merge(merged, layer.data)
    merged["name"] = own.get("name", root.name)
    merged["extends"] = own.get("extends")
    return merged


def _deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _deep_merge(base.get(key), value) if key in base else _plain(value)
        return out
    return _plain(over)


def _plain(value: Any) -> Any:
    """ruamel's mappings and lists as plain ones (the merged data belongs to no single file)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _field_paths(data: Any, prefix: str = "") -> Iterator[str]:
    """Every dotted path a theme.yaml sets: `colours`, `colours.primary`…"""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        path = f"{prefix}{key}"
        yield path
        yield from _field_paths(value, path + ".")


@dataclass(frozen=True)
class _LayeredDocument(Document):
    """The merged theme.yaml: each problem is located in the file that set the value."""

    layers: tuple[Document, ...] = ()

    def _layer_for(self, path: FieldPath) -> Document:
        def depth(layer: Document) -> int:
            node, found = layer.data, 0
            for part in path:
                if isinstance(node, dict) and part in node:
                    node, found = node[part], found + 1
                elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                    node, found = node[part], found + 1
                else:
                    break
            return found

        # The deepest match wins; on a tie, the nearest theme (the one being loaded comes first).
        return max(self.layers, key=depth) if self.layers else self

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        layer = self._layer_for(path)
        return super().position(path, key=key) if layer is self else layer.position(path, key=key)

    def problem(
        self, path: FieldPath, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        layer = self._layer_for(path)
        if layer is self:
            return super().problem(path, message, hint, key=key)
        return layer.problem(path, message, hint, key=key)
