"""The label catalogue's gettext files: well-formed, so every lookup in labels.py finds what it relies on,
and written so a translator's PO editor shows the English words and notes beside each entry."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from presskit.words.labels import DATE_PREFIX, FOLDER, QUOTE_KEYS, is_setting, locale_candidates, read_entries
from tests.conftest import ROOT

FILES = sorted(FOLDER.glob("*.po"))
DATE_KINDS = {"long", "full", "day"}


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def fields(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def is_label(key: str) -> bool:
    return not key.startswith(DATE_PREFIX) and key not in QUOTE_KEYS and not is_setting(key)


ENGLISH_PO = read(FOLDER / "en.po")
ENGLISH = {m.id: m.string for m in ENGLISH_PO if m.id and is_label(m.id)}


def test_english_has_every_table_the_fallbacks_rely_on() -> None:
    keys = {m.id for m in ENGLISH_PO if m.id}
    assert set(QUOTE_KEYS) <= keys and f"{DATE_PREFIX}day" in keys
    assert len(ENGLISH) > 30 and len(FILES) > 20
    # English's own notes: where a key's use is not obvious, a comment says what it is for.
    for key in ("end_mark", "labelled", "comma", "embargo_instant", *QUOTE_KEYS):
        assert ENGLISH_PO[key].auto_comments, key


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_locale_file_is_well_formed(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no BOM, said so in the header
    assert not text.startswith("\ufeff") and text.endswith("\n")
    po = read(path)
    assert po.charset.lower() == "utf-8" and po.fuzzy is False, path.name
    tag = path.stem.split("-")
    assert tag[0].islower() and tag[0].isalpha() and all(part.isalnum() for part in tag), path.name
    assert str(po.locale).replace("_", "-") == path.stem, (path.name, po.locale)  # the Language header
    assert not po.obsolete, path.name
    messages = [m for m in po if m.id]
    assert messages, path.name
    keys = [m.id for m in messages]
    assert len(keys) == len(set(keys)), path.name
    for message in messages:
        key, value = message.id, message.string
        assert isinstance(key, str) and isinstance(value, str) and not message.fuzzy, (path.name, key)
        comments = " ".join(message.auto_comments)
        # A spacing or formatting character one cannot see is named in the entry's comment.
        for c in value:
            if unicodedata.category(c) in ("Zs", "Cf") and c != " ":
                assert f"U+{ord(c):04X}" in comments, (path.name, key, f"U+{ord(c):04X}")
        if is_label(key):
            # Keys English knows, with the same {fields}, so every caller's values fit.
            assert key in ENGLISH, (path.name, key)
            assert fields(value) == fields(ENGLISH[key]), (path.name, key)
            assert value if key == "comma" else value.strip(), (path.name, key)
        elif key.startswith(DATE_PREFIX):
            assert key.removeprefix(DATE_PREFIX) in DATE_KINDS and value.strip(), (path.name, key)
        else:
            assert value.strip(), (path.name, key)
        if path.stem != "en" and is_label(key):
            # The English words beside each translation, as they are in en.po today.
            assert f"English: {ENGLISH[key]}".rstrip() in message.auto_comments, (path.name, key)
    assert (QUOTE_KEYS[0] in keys) == (QUOTE_KEYS[1] in keys), path.name
    # What labels.py reads (the header left out) is what Babel reads from the whole file.
    assert read_entries(path) == {m.id: m.string for m in messages if m.string}


def test_a_language_without_a_region_has_every_label() -> None:
    """Only a regional file (fr-CA, pt-PT) may be partial: a bare language, or zh-Hant, stands alone."""
    for path in FILES:
        if len(path.stem.split("-")) == 1 or path.stem == "zh-Hant":
            labels = {m.id for m in read(path) if m.id and is_label(m.id)}
            assert labels == set(ENGLISH), (path.name, set(ENGLISH) ^ labels)


def test_a_regional_file_holds_only_what_differs() -> None:
    """fr-CA repeats nothing fr says; an entry equal to its parent's only pins words a sibling
    region writes otherwise (pt-BR's, which pt-PT changes)."""
    tables = {path.stem: read_entries(path) for path in FILES}
    for name, table in tables.items():
        parents = [p for p in locale_candidates(name)[1:] if p in tables]
        if len(name.split("-")) == 1 or name == "zh-Hant" or not parents:
            continue
        for key, value in table.items():
            inherited = next((tables[p][key] for p in parents if key in tables[p]), None)
            if value == inherited:
                language = name.split("-")[0]
                siblings = [
                    t for n, t in tables.items() if n.split("-")[0] == language and n not in (name, *parents)
                ]
                assert any(t.get(key, value) != value for t in siblings), (name, key, value)


def test_the_catalogue_is_read_on_first_use_not_at_import() -> None:
    """Nothing is read at import; each file once, the first time one of its locales is looked up."""
    code = (
        "import pathlib, sys\n"
        "read = pathlib.Path.read_text\n"
        "seen = []\n"
        "pathlib.Path.read_text = lambda self, *a, **k: (seen.append(self.name), read(self, *a, **k))[1]\n"
        "from presskit.words import labels\n"
        "assert not seen, seen\n"
        "assert 'babel.messages' not in sys.modules\n"
        "assert labels.label('more', 'fr') == '– suite –'\n"
        "assert sorted(seen) == ['en.po', 'fr.po'], seen\n"
        "labels.label('more', 'fr-CA'); labels.label('more', 'fr'); labels.quote_marks('fr')\n"
        "labels.label('more', 'de'); labels.quote_marks('ja'); labels.date_pattern('day', 'en-GB')\n"
        "assert len(seen) == len(set(seen)), seen\n"
        "assert set(seen) == {'en.po', 'fr.po', 'fr-CA.po', 'de.po', 'ja.po', 'en-GB.po'}, seen\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def test_help_reads_no_catalogue() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['presskit', '--help']\n"
        "from presskit.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'babel.messages.pofile' not in sys.modules\n"
        "labels = sys.modules.get('presskit.words.labels')\n"
        "assert labels is None or labels.entries.cache_info().currsize == 0\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Usage: presskit", result.stdout)
