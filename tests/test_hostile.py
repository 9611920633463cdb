"""Every hostile case renders literally and harmlessly in every format, or is refused clearly."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from presskit.cli import cli
from presskit.renderers import FORMATS
from tests.extract import EXTRACTORS, html_of_eml, normalise
from tests.hostile_cases import CASES, Case

NEWSROOM = (
    "organisation:\n  name: Example Org\ncontacts:\n  press: {name: Press Office, email: press@example.org}\n"
)
TIMEOUT_NOTE = "each case builds four formats; the whole corpus runs in well under a minute"


def base_release() -> dict[str, Any]:
    return {
        "slug": "hostile",
        "type": "press-release",
        "date": "2026-03-02",
        "dateline": "Plymouth",
        "headline": "Headline",
        "subheadline": "Subheadline",
        "standfirst": "Standfirst.",
        "highlights": ["Rose by {stat:s}."],
        "statistics": {
            "s": {
                "value": 41,
                "unit": "percent",
                "label": "rise",
                "source": {"name": "Lab", "url": "https://example.org/r"},
            }
        },
        "body": "First paragraph.\n\n{quote:q}",
        "quotes": {
            "q": {
                "text": "We found it.",
                "speaker": {"name": "Sam Lee", "roles": ["Director"]},
                "approved": True,
            }
        },
        "call_to_action": {"text": "Read the report", "url": "https://example.org/report"},
        "end_mark": "-Ends-",
        "notes_to_editors": "Notes.",
        "contacts": [{"name": "Ann Press", "role": "Press officer", "email": "ann@example.org"}],
        "press_kit": {"text": "Press kit", "url": "https://example.org/kit"},
        "keywords": ["survey"],
        "assets": [],
    }


def set_field(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        if isinstance(node, list) and isinstance(part, int) and part >= len(node):
            node.append({})
        node = node[part]
    last = path[-1]
    if isinstance(node, list) and isinstance(last, int) and last >= len(node):
        node.append(value)
    else:
        node[last] = value
    if path[0] == "body":
        data["body"] += "\n\n{quote:q}"  # the quote must stay placed, whatever the body now says
    if path[0] == "assets":
        data["assets"][0].setdefault("alt", "Alt text")


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, "PNG")
    return out.getvalue()


def bomb_png() -> bytes:
    """A valid PNG header and IHDR claiming 100,000 x 100,000 pixels (the data is never reached)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def write_file(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if content == b"@TRUNCATED_PNG@":
        target.write_bytes(png(400, 300)[:200])
    elif content == b"@BOMB_PNG@":
        target.write_bytes(bomb_png())
    elif content == b"@SPARSE_2GB@":
        with target.open("wb") as handle:
            handle.write(b"%PDF-1.4\n")
            handle.truncate(2 * 1024**3)
    else:
        target.write_bytes(content)


def release_bytes(case: Case) -> bytes:
    if case.raw == b"@ALIAS_BOMB@":
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
        return ("\n".join(lines) + "\nslug: t\n").encode()
    if case.raw is not None:
        return case.raw
    data = base_release()
    set_field(data, case.path, case.value)
    out = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.width = 10**6
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


def prepare(case: Case, root: Path) -> Path:
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    folder = root / "rel"
    folder.mkdir()
    (folder / "release.yaml").write_bytes(release_bytes(case))
    for name, content in case.files.items():
        write_file(root / name, content)
    for name, target in case.symlinks.items():
        os.symlink(target, root / name)
    return folder


def in_order(wanted: str, shown: str) -> bool:
    """Every character of `wanted` appears in `shown`, in order (other text may come between)."""
    remaining = iter(shown)
    return all(char in remaining for char in wanted)


SAFE_SCRIPTS = {"application/ld+json", None}


def assert_html_is_inert(page: bytes) -> None:
    tree = lxml.html.fromstring(page.decode("utf-8"))
    for script in tree.iter("script"):
        kind = script.get("type")
        assert kind in SAFE_SCRIPTS, f"unexpected script type {kind}"
        if kind is None:
            assert "alert(" not in (script.text or ""), "user text reached a script"
        else:
            assert "</script" not in (script.text or "").lower()
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler attribute {name}"
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|vbscript|data:text)", value, re.I), f"{name}={value}"
    assert len(list(tree.iter("style"))) == 1, "user text opened or closed a <style>"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "newsroom"
    root.mkdir()
    prepare(case, root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "rel", "-o", "../out", "--now", "2026-03-03T00:00:00Z"])
    output = result.output + result.stderr
    assert (
        "Traceback" not in output and result.exception is None or isinstance(result.exception, SystemExit)
    ), output
    if case.outcome == "refused":
        assert result.exit_code == 1, output
        assert case.message and case.message in result.stderr, result.stderr
        assert all(len(line) < 2000 for line in result.stderr.splitlines()), "one short line per problem"
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*")), "nothing written"
        return
    assert result.exit_code == 0, output
    (folder,) = (tmp_path / "out").glob("*/en-GB")
    for fmt, extract in EXTRACTORS.items():
        path = folder / FORMATS[fmt].output_name(folder.parent.name)  # not a glob: social.txt is .txt too
        data = path.read_bytes()
        if case.literal is not None:
            shown, wanted = extract(data), normalise(case.literal)
            if case.unbroken:  # a word longer than a page may be broken by lines and page furniture
                assert in_order(wanted, shown), f"{fmt} lost part of {case.literal[:40]!r}…"
            else:
                assert wanted in shown, f"{fmt} does not show {case.literal!r} literally"
        if fmt in ("html", "email"):
            assert_html_is_inert(data)
        if fmt == "eml":
            assert_html_is_inert(html_of_eml(data).encode("utf-8"))
        if fmt == "txt":
            assert "49" not in data.decode("utf-8").split("-Ends-")[0] or "{{ 7*7 }}" not in (
                case.value or ""
            )


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60 and len({c.name for c in CASES}) == len(CASES)


def corpus_table() -> str:
    lines = [
        "# Hostile and broken input",
        "",
        "Every case below is a test in `tests/test_hostile.py` (the table is generated from",
        "`tests/hostile_cases.py`; `pytest --update-golden` rewrites it). *Renders*: all four formats are",
        "built, the text appears literally in each (after NFKC and collapsing whitespace; Markdown entity",
        "references such as `&amp;` are decoded, as CommonMark says) and the HTML runs none of it.",
        "*Refused*: exit code 1, one line per problem naming file, line, column and field, nothing written.",
        "",
        f"{len(CASES)} cases.",
        "",
        "| # | category | case | outcome | message (refused) |",
        "| ---: | --- | --- | --- | --- |",
    ]
    for number, case in enumerate(CASES, start=1):
        message = (case.message or "").replace("|", "\\|")
        name = case.name.replace("|", "\\|").replace("<", "&lt;")
        lines.append(
            f"| {number} | {case.category} | {name} | {case.outcome} | {message.replace('<', '&lt;')} |"
        )
    return "\n".join(lines) + "\n"


# The generated table ends here; what follows in the document is written by hand (the cases of
# the other hostile-input test files, each section naming its file).
HAND_WRITTEN = "<!-- Below: written by hand; each case is a test in the file its section names. -->\n"


def test_the_documentation_lists_every_case(request: pytest.FixtureRequest) -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "hostile-input.md"
    text = doc.read_text(encoding="utf-8")
    rest = text[text.index(HAND_WRITTEN) :] if HAND_WRITTEN in text else HAND_WRITTEN
    if request.config.getoption("--update-golden"):
        doc.write_text(corpus_table() + "\n" + rest, encoding="utf-8")
        text = doc.read_text(encoding="utf-8")
    assert text.startswith(corpus_table() + "\n" + HAND_WRITTEN), (
        "run pytest --update-golden to refresh docs/hostile-input.md"
    )
