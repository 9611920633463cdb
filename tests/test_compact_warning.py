"""`compact: true` on a statistic it does nothing for is a located warning at check and build: a
percent (printed in full in every language: CLDR has no compact percent) and a value below 1,000
(no language has a word for a size smaller than a thousand). Where it works, nothing is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli

NOW = "2026-03-03T00:00:00Z"


def release(value: str, unit: str, extra: str = "") -> str:
    return (
        "slug: rel\ndate: 2026-03-02\nheadline: Harbour reopens\ncontacts: [{name: Ana Ruiz, email: ana@harbour.org.uk}]\n"
        "body: Up {stat:s}.\nstatistics:\n  s:\n"
        f"    value: {value}\n    unit: {unit}\n{extra}    compact: true\n    label: boats\n    source: {{name: Port}}\n"
    )


def compact_warnings(tmp_path: Path, text: str, command: str = "check") -> list[str]:
    (tmp_path / "news" / "rel").mkdir(parents=True)
    (tmp_path / "news" / "presskit.yaml").write_text(
        "organisation:\n  name: Harbour Trust\n", encoding="utf-8"
    )
    (tmp_path / "news" / "rel" / "release.yaml").write_text(text, encoding="utf-8")
    out = ["-o", str(tmp_path / "out"), "-f", "txt"] if command == "build" else []
    result = CliRunner().invoke(cli, [command, str(tmp_path / "news" / "rel"), "--now", NOW, *out])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.replace(str(tmp_path / "news") + "/", "").splitlines()
    return [line for line in lines if ".compact:" in line]


@pytest.mark.parametrize("command", ["check", "build"])
def test_compact_on_a_percent_warns_where_it_is_written(tmp_path: Path, command: str) -> None:
    assert compact_warnings(tmp_path, release("1325", "percent"), command) == [
        "rel/release.yaml:10:14: warning: statistics.s.compact: has no effect on a percent (remove it)"
    ]
    if command == "build":
        text = (tmp_path / "out" / "rel" / "en-GB" / "rel.txt").read_text(encoding="utf-8")
        assert "Up 1,325%" in text  # built as it would be without it


@pytest.mark.parametrize(
    ("value", "unit", "extra"),
    [
        ("42", "count", ""),
        ("3.2", "ratio", ""),
        ("-999", "count", ""),
        ("12.5", "currency", "    currency: EUR\n"),
    ],
)
def test_compact_below_a_thousand_warns(tmp_path: Path, value: str, unit: str, extra: str) -> None:
    line = 11 if extra else 10
    assert compact_warnings(tmp_path, release(value, unit, extra)) == [
        f"rel/release.yaml:{line}:14: warning: statistics.s.compact: below 1,000 there is no shorter form "
        "to use (remove it)"
    ]


@pytest.mark.parametrize(
    ("value", "unit", "extra"),
    [
        ("1500000", "count", ""),
        ("1000", "count", ""),
        ("5000000000", "currency", "    currency: USD\n"),
        ("25000", "ratio", ""),
    ],
)
def test_compact_where_it_shortens_the_figure_does_not_warn(
    tmp_path: Path, value: str, unit: str, extra: str
) -> None:
    assert compact_warnings(tmp_path, release(value, unit, extra)) == []
