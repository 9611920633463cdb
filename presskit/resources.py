"""Where the package's data lives: next to the package in a checkout, inside it when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`templates` or `assets`: the wheel carries them in `presskit/_data/`."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def json_schemas() -> dict[str, Path]:
    """Every JSON Schema of presskit's --json output by the `schema` value it describes,
    e.g. {"presskit/build/1": .../schemas/build-1.json}, oldest version of each first."""
    found: dict[str, Path] = {}
    files = sorted((_PACKAGE / "schemas").glob("*-*.json"), key=lambda p: _schema_key(p.stem))
    for path in files:
        name, version = _schema_key(path.stem)
        found[f"presskit/{name}/{version}"] = path
    return found


def json_schema(name: str) -> Path | None:
    """The schema `name` names: `build` (its newest version), `build/1` or `presskit/build/1`."""
    schemas = json_schemas()
    wanted = name.removeprefix("presskit/")
    if f"presskit/{wanted}" in schemas:
        return schemas[f"presskit/{wanted}"]
    versions = [path for key, path in schemas.items() if key.rsplit("/", 1)[0] == f"presskit/{wanted}"]
    return versions[-1] if versions else None


def _schema_key(stem: str) -> tuple[str, int]:
    name, _, version = stem.rpartition("-")
    return name, int(version) if version.isdigit() else 0


def docs_dir() -> Path:
    """The user's documentation (docs/*.md): the wheel carries it in `presskit/_data/docs`."""
    return data_dir("docs")


def doc_topics() -> dict[str, Path]:
    """Each topic of the documentation by name: {"release-format": .../docs/release-format.md}."""
    return {path.stem: path for path in sorted(docs_dir().glob("*.md"))}


def doc_topic(name: str) -> Path | None:
    """The topic `name` names: `themes`, `themes.md` or `docs/themes.md`."""
    return doc_topics().get(name.removeprefix("docs/").removesuffix(".md"))
