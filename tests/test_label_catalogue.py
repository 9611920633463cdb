"""The label catalogue's data files: well-formed, so every lookup in labels.py finds what it relies on."""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from presskit.words.labels import FOLDER
from tests.conftest import ROOT

FILES = sorted(FOLDER.glob("*.json"))
SECTIONS = {"about", "labels", "notes", "date_patterns", "quote_marks"}
DATE_KINDS = {"long", "full", "day"}


def read(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path.name
    return data


def fields(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def strings(value: object) -> dict[str, str]:
    assert isinstance(value, dict)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()), value
    return value


ENGLISH = strings(read(FOLDER / "en.json")["labels"])


def test_english_has_every_table_the_fallbacks_rely_on() -> None:
    english = read(FOLDER / "en.json")
    assert {"labels", "date_patterns", "quote_marks"} <= set(english)
    notes = strings(english["notes"])
    assert set(notes) <= set(ENGLISH)
    assert len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_locale_file_is_well_formed(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no BOM, one object with known sections
    assert not text.startswith("\ufeff") and text.endswith("}\n")
    data = read(path)
    assert set(data) <= SECTIONS and set(data) & {"labels", "date_patterns", "quote_marks"}, path.name
    assert "notes" not in data or path.stem == "en"
    tag = path.stem.split("-")
    assert tag[0].islower() and tag[0].isalpha() and all(part.isalnum() for part in tag), path.name
    # A spacing or formatting character one cannot see is written as a \u escape.
    assert not any(unicodedata.category(c) in ("Zs", "Cf") and c != " " for c in text), path.name
    if "about" in data:
        assert isinstance(data["about"], str) and data["about"]
    if "labels" in data:
        table = strings(data["labels"])
        # Keys English knows, with the same {fields}, so every caller's values fit.
        assert set(table) <= set(ENGLISH), set(table) - set(ENGLISH)
        for key, value in table.items():
            assert fields(value) == fields(ENGLISH[key]), (path.name, key)
            assert value if key == "comma" else value.strip(), (path.name, key)
    if "date_patterns" in data:
        patterns = strings(data["date_patterns"])
        assert patterns and set(patterns) <= DATE_KINDS, patterns
        assert all(pattern.strip() for pattern in patterns.values())
    if "quote_marks" in data:
        marks = data["quote_marks"]
        assert isinstance(marks, list) and len(marks) == 2, marks
        assert all(isinstance(mark, str) and mark.strip() for mark in marks), marks


def test_a_language_without_a_region_has_every_label() -> None:
    """Only a regional or script entry (pt-PT) may be partial: a bare language, or zh-Hant, stands alone."""
    for path in FILES:
        data = read(path)
        if "labels" in data and (len(path.stem.split("-")) == 1 or path.stem == "zh-Hant"):
            assert set(strings(data["labels"])) == set(ENGLISH), path.name


def test_the_catalogue_is_read_on_first_use_not_at_import() -> None:
    code = (
        "import pathlib\n"
        "read = pathlib.Path.read_text\n"
        "seen = []\n"
        "pathlib.Path.read_text = lambda self, *a, **k: (seen.append(self.name), read(self, *a, **k))[1]\n"
        "from presskit.words import labels\n"
        "assert not seen, seen\n"
        "assert labels.label('more', 'fr') == '– suite –'\n"
        "n = len(seen)\n"
        "labels.label('more', 'de'); labels.quote_marks('ja'); labels.date_pattern('day', 'en-GB')\n"
        "assert len(seen) == n, seen\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
