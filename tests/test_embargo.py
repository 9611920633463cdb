"""Embargo enforcement across a newsroom, the timing warnings of `check`, and no clock in renderers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.conftest import ROOT

NEWSROOM = "organisation: {name: Marine Lab}\nbase_url: https://marinelab.org.uk/news/\ncontacts:\n  press: {name: Press Office, email: press@marinelab.org.uk}\n"
RELEASE = "slug: {slug}\ndate: {date}\nheadline: {slug} headline\nbody: Text.\ncontacts: [press]\n"


def newsroom(tmp_path: Path, releases: dict[str, str]) -> Path:
    root = tmp_path / "newsroom"
    root.mkdir()
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    for slug, extra in releases.items():
        (root / slug).mkdir()
        text = RELEASE.format(slug=slug, date="2026-03-02") + extra
        (root / slug / "release.yaml").write_text(text, encoding="utf-8")
    return root


def test_public_build_refuses_only_the_embargoed_release(tmp_path: Path) -> None:
    root = newsroom(
        tmp_path,
        {"embargoed": 'embargo: {at: "2026-03-02 09:00", timezone: Europe/London}\n', "immediate": ""},
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(root), "-o", str(out), "--public", "--now", "2026-03-01T12:00:00Z"]
    )
    assert result.exit_code == 3
    assert (
        "refused: embargoed: under embargo until 2026-03-02T09:00:00+00:00 (21 h from now)" in result.stderr
    )
    assert not (out / "embargoed").exists()
    assert (out / "immediate" / "en-GB" / "immediate.pdf").is_file()
    assert "1 built, 1 refused" in result.stderr


@pytest.mark.parametrize(
    ("extra", "now", "warning"),
    [
        (
            "",
            "2026-03-01T12:00:00Z",
            "warning: date: the release is dated 2026-03-02, in the future, but has no embargo",
        ),
        (
            "embargo: 2026-03-02T09:00:00+00:00\n",
            "2026-03-02T08:20:00Z",
            "warning: embargo: the embargo lifts in 40 min (journalists need time to prepare; check the time is right)",
        ),
        ("embargo: 2026-03-02T09:00:00+00:00\n", "2026-03-02T09:00:00Z", "warning: embargo: the embargo"),
    ],
)
def test_check_warns_about_timing(tmp_path: Path, extra: str, now: str, warning: str) -> None:
    root = newsroom(tmp_path, {"r": extra})
    result = CliRunner().invoke(cli, ["check", str(root / "r"), "--now", now])
    assert result.exit_code == 0
    assert warning in result.stderr


def test_no_timing_warning_for_a_past_immediate_release(tmp_path: Path) -> None:
    root = newsroom(tmp_path, {"r": ""})
    result = CliRunner().invoke(cli, ["check", str(root / "r"), "--now", "2026-03-05T00:00:00Z"])
    assert result.exit_code == 0 and ": warning: " not in result.stderr


@pytest.mark.parametrize(
    ("at", "zone", "message"),
    [
        ("2026-10-25 01:30", "Europe/London", "happens twice in Europe/London (the clocks go back)"),
        (
            "2026-03-08 02:30",
            "America/New_York",
            "does not exist in America/New_York (the clocks go forward)",
        ),
    ],
)
def test_dst_gaps_and_folds_are_refused(tmp_path: Path, at: str, zone: str, message: str) -> None:
    root = newsroom(tmp_path, {})
    (root / "r").mkdir()
    text = RELEASE.format(slug="r", date=at[:10]) + f'embargo: {{at: "{at}", timezone: {zone}}}\n'
    (root / "r" / "release.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(root / "r")])
    assert result.exit_code == 1
    assert message in result.stderr


def test_renderers_never_read_the_clock() -> None:
    clock = re.compile(
        r"\b(?:datetime\.now|datetime\.utcnow|date\.today|dt\.datetime\.now|time\.time|localtime|gmtime)\s*\("
    )
    for stage in ("renderers", "themes", "words"):  # the renderers and what they are given
        for path in sorted((ROOT / "presskit" / stage).rglob("*.py")):
            assert not clock.search(path.read_text(encoding="utf-8")), f"{path.name} reads the clock"
