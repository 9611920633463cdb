"""Input beyond presskit's limits is one located line at `check` and `build` alike, never a crash or a hang.

Each case writes a newsroom with one release into a temporary folder, runs the
real CLI and compares the exact `path:line:col: field: message (hint)` lines.
`build` writes into a folder beside the newsroom; a refused release leaves
nothing there but the folder's ownership marker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presskit import model as m
from presskit.cli import cli
from presskit.errors import ValidationFailed
from presskit.source.document import read_document
from presskit.words import wording
from presskit.words.labels import CATALOGUE

NEWSROOM = (
    "organisation:\n  name: Example Org\ncontacts:\n  press: {name: Press Office, email: press@example.org}\n"
)
HEAD = "slug: rel\ndate: 2026-03-02\nheadline: Headline\ncontacts: [press]\n"
HANG_GUARD = 60  # seconds: only ever reached if something blocks for ever
NOW = "2026-03-03T00:00:00Z"


def stat_release(value: str, unit: str = "count", extra: str = "") -> str:
    return (
        HEAD + "body: Up {stat:s}.\nstatistics:\n  s:\n"
        f"    value: {value}\n    unit: {unit}\n{extra}    label: FLOP\n    source: {{name: EU}}\n"
    )


@dataclass(frozen=True)
class Case:
    name: str
    release: str | bytes
    expected: tuple[str, ...]  # the problem lines, warnings left out
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the newsroom
    newsroom: str = NEWSROOM


def big_png(size: int) -> bytes:
    """A real PNG padded past `size` bytes (readers stop at IEND)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#336699").save(out, "PNG")
    data = out.getvalue()
    return data + b"\0" * max(0, size - len(data))


NINES = "9" * 30
CASES = [
    Case(
        "an integer of 5,000 digits",
        stat_release("1" * 5000),
        (
            "rel/release.yaml:8:12: statistics.s.value: a number of more than 4,300 digits "
            "(a statistic's value has at most 30 digits before the decimal point)",
        ),
    ),
    Case(
        "a hexadecimal integer longer than 4,300 digits in value",
        HEAD + "body: B\nkeywords: [0x" + "f" * 3600 + "]\n",
        (
            "rel/release.yaml:6:12: keywords[0]: a number of more than 4,300 digits "
            "(a statistic's value has at most 30 digits before the decimal point)",
        ),
    ),
    Case(
        "a statistic of 10^30",
        stat_release("1" + "0" * 30),
        ("rel/release.yaml:8:12: statistics.s.value: must have at most 30 digits before the decimal point",),
    ),
    Case(
        "a statistic of -1e31",
        stat_release("-1e31"),
        ("rel/release.yaml:8:12: statistics.s.value: must have at most 30 digits before the decimal point",),
    ),
    Case(
        "a statistic with 16 decimal places",
        stat_release('"0.0000000000000001"'),
        ("rel/release.yaml:8:12: statistics.s.value: must have at most 15 decimal places",),
    ),
    Case(
        "a statistic of 1e-999999",
        stat_release('"1e-999999"'),
        ("rel/release.yaml:8:12: statistics.s.value: must have at most 15 decimal places",),
    ),
    Case(
        "a statistic that is not a number",
        stat_release(".nan"),
        ("rel/release.yaml:8:12: statistics.s.value: must be a finite number",),
    ),
    Case(
        "an infinite statistic",
        stat_release(".inf"),
        ("rel/release.yaml:8:12: statistics.s.value: must be a finite number",),
    ),
    Case(
        "an as_of of 13 digits",
        stat_release("5", extra="    as_of: 1000000000000\n"),
        (
            "rel/release.yaml:10:12: statistics.s.as_of: as a number, at most 9 digits (a year, e.g. 2024); "
            "write a period as text",
        ),
    ),
    Case(
        "a raw BEL in the headline",
        b"slug: rel\ndate: 2026-03-02\nheadline: Bell\x07ringer\ncontacts: [press]\nbody: B\n",
        (
            "rel/release.yaml:3:15: headline: unacceptable character #x0007, a control character "
            "(delete it; most editors do not show it)",
        ),
    ),
    Case(
        "a raw escape sequence in a block of body text",
        HEAD.encode() + b"body: |\n  First line.\n  Red \x1b[31mtext.\n",
        (
            "rel/release.yaml:7:7: body: unacceptable character #x001b, a control character "
            "(delete it; most editors do not show it)",
        ),
    ),
    Case(
        "a raw NUL in a statistic's label",
        stat_release("5").replace("FLOP", "FL\0OP").encode(),
        (
            "rel/release.yaml:10:14: statistics.s.label: unacceptable character #x0000, a control character "
            "(delete it; most editors do not show it)",
        ),
    ),
    Case(
        "a raw NEL (U+0085)",
        HEAD + "body: Next\x85line\n",
        (
            "rel/release.yaml:5:11: body: unacceptable character #x0085, a control character "
            "(delete it; most editors do not show it)",
        ),
    ),
    Case(
        "a raw line separator (U+2028)",
        HEAD + "subheadline: One\u2028two\nbody: B\n",
        (
            "rel/release.yaml:5:17: subheadline: unacceptable character #x2028, a line separator (use a new line or a space)",
        ),
    ),
    Case(
        "a raw control character in a key",
        HEAD + "body: B\nkey\x01words: [a]\n",
        (
            "rel/release.yaml:6:4: key words: unacceptable character #x0001, a control character "
            "(delete it; most editors do not show it)",
        ),
    ),
    Case(
        "a thousand raw control characters",
        HEAD + "body: " + "\x07" * 1000 + "\n",
        tuple(
            f"rel/release.yaml:5:{7 + i}: body: unacceptable character #x0007, a control character "
            "(delete it; most editors do not show it)"
            for i in range(10)
        )
        + ("rel/release.yaml:5:17: and 990 more such characters from here on",),
    ),
    Case(
        "emphasis nested 300 deep",
        HEAD + "body: " + json.dumps("*" * 300 + "x" + "*" * 300) + "\n",
        (
            "rel/release.yaml:5:7: body: bold, italic and links are nested more than 12 deep (use one level of emphasis)",
        ),
    ),
    Case(
        "bold and italic nested 60,000 deep",
        HEAD + "body: " + json.dumps("***" * 30_000 + "x" + "***" * 30_000) + "\n",
        (
            "rel/release.yaml:5:7: body: bold, italic and links are nested more than 12 deep (use one level of emphasis)",
        ),
    ),
    Case(
        "emphasis nested 13 deep in a highlight",
        HEAD + "body: B\nhighlights:\n  - " + json.dumps("_" * 26 + "x" + "_" * 26) + "\n",
        (
            "rel/release.yaml:7:5: highlights[0]: bold, italic and links are nested more than 12 deep "
            "(use one level of emphasis)",
        ),
    ),
    Case(
        "block quotes 500 deep",
        HEAD + "body: |\n  Intro.\n\n  " + "> " * 500 + "x\n",
        (
            "rel/release.yaml:8: body: lists and block quotes are nested more than 12 deep "
            "(a press release needs two or three levels at most)",
        ),
    ),
    Case(
        "a list nested 100 deep",
        HEAD + "body: |\n" + "".join("  " + "  " * i + f"- item {i}\n" for i in range(100)),
        (
            "rel/release.yaml:18: body: lists and block quotes are nested more than 12 deep "
            "(a press release needs two or three levels at most)",
        ),
    ),
    Case(
        "a table of 61 columns",
        HEAD + "body: |\n  Intro.\n\n  |" + "a|" * 61 + "\n  |" + "-|" * 61 + "\n  |" + "b|" * 61 + "\n",
        (
            "rel/release.yaml:8: body: a table row has more than 60 columns "
            "(split the table, or attach it as a document under assets:)",
        ),
    ),
    Case(
        "a quote placed in a text nested too deeply is not also 'not placed'",
        HEAD
        + "body: |\n  "
        + "> " * 20
        + "x\n\n  {quote:q}\n"
        + "quotes:\n  q: {text: Hi., speaker: {name: Sam}, approved: true}\n",
        (
            "rel/release.yaml:6: body: lists and block quotes are nested more than 12 deep "
            "(a press release needs two or three levels at most)",
        ),
    ),
    Case(
        "a 1,001-character caption",
        HEAD + "body: B\nassets:\n  - {file: a.png, alt: A, caption: " + "c" * 1001 + "}\n",
        ("rel/release.yaml:7:36: assets[0].caption: must have at most 1,000 characters (shorten it)",),
        files={"rel/a.png": big_png(0)},
    ),
    Case(
        "a 10,001-character quote",
        HEAD
        + "body: |\n  B\n\n  {quote:q}\nquotes:\n  q:\n    text: "
        + "w" * 10_001
        + "\n    speaker: {name: Sam}\n",
        ("rel/release.yaml:11:11: quotes.q.text: must have at most 10,000 characters (shorten it)",),
    ),
    Case(
        "a 16.5 MB logo in the release",
        HEAD.replace("contacts: [press]\n", "") + "body: B\norganisation:\n  name: Org\n  logo: logo.png\n",
        (
            "rel/release.yaml:7:9: organisation.logo: logo.png is 16.5 MB, over the limit of 5 MB for a logo "
            "(every web page embeds it; export it smaller: a logo needs a few hundred kB)",
        ),
        files={"rel/logo.png": big_png(16_500_000)},
        newsroom="",
    ),
    Case(
        "a 16.5 MB logo in the newsroom",
        HEAD + "body: B\n",
        (
            "presskit.yaml:3:9: organisation.logo: logo.png is 16.5 MB, over the limit of 5 MB for a logo "
            "(every web page embeds it; export it smaller: a logo needs a few hundred kB)",
        ),
        files={"logo.png": big_png(16_500_000)},
        newsroom=NEWSROOM.replace("  name: Example Org\n", "  name: Example Org\n  logo: logo.png\n"),
    ),
]


def write_newsroom(
    root: Path, release: str | bytes, files: dict[str, bytes], newsroom: str = NEWSROOM
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if newsroom:
        (root / "presskit.yaml").write_text(newsroom, encoding="utf-8")
    folder = root / "rel"
    folder.mkdir()
    (folder / "release.yaml").write_bytes(release if isinstance(release, bytes) else release.encode("utf-8"))
    for name, content in files.items():
        (root / name).write_bytes(content)
    return folder


def problem_lines(result: Result) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if ": warning: " not in line and not line.startswith(("ok: ", "1 invalid", "1 built", "1 release: "))
    ]


def written(out: Path) -> list[Path]:
    """What a build wrote, its folder's ownership marker aside."""
    return [p for p in out.rglob("*") if p.is_file() and p.name != ".presskit"] if out.exists() else []


def assert_no_crash(result: Result) -> None:
    output = result.output + result.stderr
    assert "internal error" not in output and "Traceback" not in output, output
    assert result.exit_code != 70


def check_and_build(
    root: Path, monkeypatch: pytest.MonkeyPatch, *build_options: str
) -> tuple[Result, Result]:
    monkeypatch.chdir(root)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "rel", "--now", NOW])
    built = runner.invoke(cli, ["build", "rel", "-o", "../dist", "-j", "1", "--now", NOW, *build_options])
    assert_no_crash(checked)
    assert_no_crash(built)
    return checked, built


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_over_a_limit_is_one_located_line_at_check_and_build(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_newsroom(tmp_path / "newsroom", case.release, case.files, case.newsroom)
    checked, built = check_and_build(tmp_path / "newsroom", monkeypatch)
    assert checked.exit_code == 1, checked.stderr
    assert problem_lines(checked) == list(case.expected)
    assert built.exit_code == 1, built.stderr
    assert problem_lines(built) == list(case.expected), "build says what check says"
    assert written(tmp_path / "dist") == []


def test_there_are_at_least_20_cases() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 20


# -- at the limits, everything renders ----------------------------------------------


def test_a_statistic_of_ten_to_the_25_builds_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_newsroom(tmp_path / "newsroom", stat_release("1e25", extra="    compact: true\n"), {})
    checked, built = check_and_build(tmp_path / "newsroom", monkeypatch, "-f", "txt")
    assert checked.exit_code == 0, checked.stderr
    assert built.exit_code == 0, built.stderr
    (text,) = (tmp_path / "dist").glob("rel/en-GB/*.txt")
    assert "Up 10,000,000,000,000,000,000,000,000" in text.read_text(encoding="utf-8")


def test_markdown_at_its_limits_keeps_every_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it drops what is nested past its maxNesting: at presskit's limits nothing may go."""
    lists = "".join("  " + "  " * i + f"- item{i}\n" for i in range(m.MAX_BLOCK_DEPTH))
    quotes = "  " + "> " * m.MAX_BLOCK_DEPTH + "quoted\n"
    table = (
        "  |" + "h|" * m.MAX_TABLE_COLUMNS + "\n  |" + "-|" * m.MAX_TABLE_COLUMNS + "\n  |" + "c|" * 60 + "\n"
    )
    emphasis = "  " + "*" * (2 * m.MAX_INLINE_DEPTH) + "deep" + "*" * (2 * m.MAX_INLINE_DEPTH) + "\n"
    body = "body: |\n" + lists + "\n" + quotes + "\n" + table + "\n" + emphasis
    write_newsroom(tmp_path / "newsroom", HEAD + body, {})
    checked, built = check_and_build(tmp_path / "newsroom", monkeypatch, "-f", "txt")
    assert checked.exit_code == 0, checked.stderr
    assert built.exit_code == 0, built.stderr
    (text,) = (tmp_path / "dist").glob("rel/en-GB/*.txt")
    shown = text.read_text(encoding="utf-8")
    for word in [f"item{i}" for i in range(m.MAX_BLOCK_DEPTH)] + ["quoted", "deep"]:
        assert word in shown


def test_a_logo_under_the_limit_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newsroom = NEWSROOM.replace("  name: Example Org\n", "  name: Example Org\n  logo: logo.png\n")
    write_newsroom(tmp_path / "newsroom", HEAD + "body: B\n", {"logo.png": big_png(4_900_000)}, newsroom)
    monkeypatch.chdir(tmp_path / "newsroom")
    result = CliRunner().invoke(cli, ["check", "rel", "--now", NOW])
    assert result.exit_code == 0, result.stderr


# -- statistics print in every locale ----------------------------------------------------

LOCALES = sorted(CATALOGUE) + ["en-GB", "pt-BR", "fa", "bn", "my"]
VALUES = [
    "0",
    "-5",
    "1234.5",
    "-0.5",
    "1e25",
    "-1e25",
    "9" * 30,
    "-" + "9" * 30,
    "0.000000000000001",
    "9" * 30 + "." + "9" * 15,
]
FORMS = [
    ("count", None, False),
    ("count", None, True),
    ("ratio", None, False),
    ("percent", None, False),
    ("currency", "USD", False),
    ("currency", "EUR", True),
    ("currency", "JPY", False),
]


def digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@pytest.mark.parametrize("locale", LOCALES)
def test_every_accepted_value_prints_in_every_locale(locale: str) -> None:
    source = m.Source(1, "EU")
    for value in VALUES:
        for unit, currency, compact in FORMS:
            stat = m.Statistic("s", Decimal(value), unit, "l", source, currency, compact)  # type: ignore[arg-type]
            shown = wording.format_statistic(stat, locale)
            assert shown.strip(), (value, unit)
            if not compact and unit != "currency":  # every digit shown, none lost to rounding
                wanted = digits_of(f"{Decimal(value):f}")
                assert digits_of(shown).lstrip("0") == wanted.lstrip("0"), (locale, value, unit, shown)


def test_the_largest_value_is_accepted_by_the_schema() -> None:
    from presskit.source.schema import StatisticIn

    largest = "9" * m.STATISTIC_MAX_DIGITS + "." + "9" * m.STATISTIC_MAX_DECIMALS
    spec = StatisticIn.model_validate(
        {"value": largest, "unit": "count", "label": "l", "source": {"name": "n"}}
    )
    assert spec.value == Decimal(largest)


# -- files that would hang a reader -------------------------------------------------------


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "presskit"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env={**os.environ, "PRESSKIT_JOBS": "1"},
    )


@pytest.mark.parametrize("kind", ["pipe", "dev-zero"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_release_file_that_is_a_pipe_or_a_device_never_hangs(
    tmp_path: Path, kind: str, command: str
) -> None:
    root = tmp_path / "newsroom"
    folder = write_newsroom(root, HEAD + "body: B\n", {})
    (folder / "release.yaml").unlink()
    if kind == "pipe":
        os.mkfifo(folder / "release.yaml")
    else:
        os.symlink("/dev/zero", folder / "release.yaml")
    args = [command, "rel/release.yaml"] + (["-o", "../dist"] if command == "build" else [])
    done = run_cli(args, root)
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("rel/release.yaml: ")


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("pipe", "the file is a named pipe, not a regular file"),
        ("dev-zero", "the file is a device, not a regular file"),
        ("dangling", "the file is a broken link (remove the link or point it at a file)"),
    ],
)
def test_reading_a_document_refuses_what_is_not_a_regular_file(
    tmp_path: Path, kind: str, message: str
) -> None:
    path = tmp_path / "release.yaml"
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "dev-zero":
        os.symlink("/dev/zero", path)
    else:
        os.symlink(tmp_path / "nowhere", path)
    with pytest.raises(ValidationFailed) as failed:
        read_document(path)
    (problem,) = failed.value.problems
    assert (problem.path, problem.line, problem.format(tmp_path).split(": ", 1)[1]) == (path, None, message)
