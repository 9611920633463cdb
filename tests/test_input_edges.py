"""Input at the edges of what the loader understood: `check` and `build` refuse it alike,
one located line per problem and exit 1, never an internal error; or build it, exit 0.

Each test makes a one-release newsroom from the example (`make_newsroom`), edits its
release.yaml or presskit.yaml, and runs the real CLI from inside the newsroom: `check .`
and `build .` into a folder beside it (presskit refuses an output folder inside its sources).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presskit.cli import cli
from presskit.publish.inputs import load_newsroom
from tests.conftest import EXAMPLE
from tests.newsroom_factory import Spec, make_newsroom

NOW = "2025-01-01T00:00:00Z"
RELEASE = "gta-2025/release.yaml"
EXAMPLE_EMBARGO = (
    'embargo:\n  at: "2025-12-11 00:01"\n  timezone: Europe/London\n'
    "embargo_zones: [America/New_York, Asia/Tokyo]\n"
)
THEMES_HINT = "(built-in themes: "  # the list itself grows with presskit


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_newsroom(tmp_path / "newsroom", [Spec("gta-2025", "2025-12-11")])
    shutil.copy(EXAMPLE / "release.yaml", root / RELEASE)  # the example's own embargo and zones
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str) -> str:
    """Replace `old` (which must be there) by `new` in the file; the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def at(text: str, needle: str, offset: int = 0) -> str:
    """`line:col` (1-based) of `needle`'s first character in `text`, plus `offset` columns."""
    start = text.index(needle) + offset
    return f"{text.count(chr(10), 0, start) + 1}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def assert_no_crash(result: Result) -> None:
    output = result.output + result.stderr
    assert "internal error" not in output and "Traceback" not in output, output
    # CliRunner turns an exception that escapes into exit code 1: that must not pass for a refusal.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code != 70


def problems(result: Result) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if line
        and ": warning: " not in line
        and not line.startswith(("ok: ", "1 invalid", "1 built", "1 release: "))
    ]


def check_and_build(out: Path) -> tuple[Result, Result]:
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", ".", "--now", NOW])
    built = runner.invoke(cli, ["build", ".", "-o", str(out), "-j", "1", "--now", NOW])
    assert_no_crash(checked)
    assert_no_crash(built)
    return checked, built


def assert_refused(checked: Result, built: Result, expected: list[str]) -> None:
    assert checked.exit_code == 1, checked.stderr
    assert problems(checked) == expected
    assert built.exit_code == 1, built.stderr
    assert problems(built) == expected, "build says what check says"


def assert_refused_matching(checked: Result, built: Result, patterns: list[str]) -> None:
    """As assert_refused, each line matching its regular expression (for hints that depend on tzdata)."""
    for result in (checked, built):
        assert result.exit_code == 1, result.stderr
        lines = problems(result)
        assert len(lines) == len(patterns), lines
        for line, pattern in zip(lines, patterns, strict=True):
            assert re.fullmatch(pattern, line), line
    assert problems(checked) == problems(built)


def assert_built(checked: Result, built: Result) -> None:
    assert checked.exit_code == 0, checked.stderr
    assert built.exit_code == 0, built.stderr


# ---------------------------------------------------------------------------
# 1. A zone name that is a folder of the zone database


@pytest.mark.parametrize(
    ("embargo", "field", "zone"),
    [
        (
            'embargo: {at: "2025-11-01 10:00", timezone: America/Argentina}\n',
            "embargo.timezone",
            "America/Argentina",
        ),
        (
            "embargo: 2025-11-01T10:00:00+00:00\nembargo_zones: [America/Indiana]\n",
            "embargo_zones[0]",
            "America/Indiana",
        ),
    ],
    ids=["timezone", "embargo_zones"],
)
def test_a_zone_folder_is_an_unknown_time_zone(
    newsroom: Path, tmp_path: Path, embargo: str, field: str, zone: str
) -> None:
    text = edit(newsroom / RELEASE, EXAMPLE_EMBARGO, embargo)
    where = at(text, zone)
    checked, built = check_and_build(tmp_path / "out")
    pattern = re.escape(f'{RELEASE}:{where}: {field}: unknown time zone "{zone}"') + r"( \(.+\))?"
    assert_refused_matching(checked, built, [pattern])


# ---------------------------------------------------------------------------
# 2. Dates and embargo instants at the calendar's edges


def test_the_first_day_of_the_calendar_is_refused(newsroom: Path, tmp_path: Path) -> None:
    edit(newsroom / RELEASE, "date: 2025-12-11", "date: 0001-01-01")
    text = edit(
        newsroom / RELEASE, EXAMPLE_EMBARGO, 'embargo: {at: "0001-01-01 00:30", timezone: Asia/Tokyo}\n'
    )
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '0001-01-01')}: date: 0001-01-01 is outside the years 1900 to 9000 (check the year)",
            f"{RELEASE}:{at(text, '0001-01-01 00:30', -1)}: embargo.at: 0001-01-01 00:30 is outside the years "
            "1900 to 9000 (check the year)",
        ],
    )


def test_the_last_day_of_the_calendar_is_refused(newsroom: Path, tmp_path: Path) -> None:
    """Tokyo is already in the year 10000 when this embargo lifts: no date can say so."""
    edit(newsroom / RELEASE, "date: 2025-12-11", "date: 9999-12-31")
    embargo = "embargo: 9999-12-31T23:00:00+00:00\nembargo_zones: [Asia/Tokyo]\n"
    text = edit(newsroom / RELEASE, EXAMPLE_EMBARGO, embargo)
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '9999-12-31')}: date: 9999-12-31 is outside the years 1900 to 9000 (check the year)",
            f"{RELEASE}:{at(text, '9999-12-31T')}: embargo: 9999-12-31T23:00:00+00:00 is outside the years "
            "1900 to 9000 (check the year)",
        ],
    )


def test_an_embargo_before_the_calendar_in_utc_is_refused(newsroom: Path, tmp_path: Path) -> None:
    """Midnight on 1 January of year 1 at +05:00 is in the year 0 in UTC."""
    embargo = "embargo: 0001-01-01T00:00+05:00\nembargo_zones: [Asia/Tokyo]\n"
    text = edit(newsroom / RELEASE, EXAMPLE_EMBARGO, embargo)
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '0001-')}: embargo: 0001-01-01T00:00+05:00 is outside the years 1900 to 9000 "
            "(check the year)"
        ],
    )


@pytest.mark.parametrize(
    ("date", "embargo"),
    [
        (
            "9000-12-31",
            "embargo: 9000-12-31T23:00:00+00:00\nembargo_zones: [Asia/Tokyo, Pacific/Kiritimati]\n",
        ),
        (
            "1900-01-01",
            'embargo: {at: "1900-01-01 00:30", timezone: Asia/Tokyo}\n'
            "embargo_zones: [America/Los_Angeles, Pacific/Pago_Pago]\n",
        ),
    ],
    ids=["last", "first"],
)
def test_the_years_at_the_limits_build_in_every_zone(
    newsroom: Path, tmp_path: Path, date: str, embargo: str
) -> None:
    edit(newsroom / RELEASE, "date: 2025-12-11", f"date: {date}")
    edit(newsroom / RELEASE, EXAMPLE_EMBARGO, embargo)
    checked, built = check_and_build(tmp_path / "out")
    assert_built(checked, built)
    page = (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.html").read_text(encoding="utf-8")
    assert "EMBARGOED UNTIL" in page
    assert (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.pdf").is_file()


# ---------------------------------------------------------------------------
# 3. How many zones the embargo is stated in

ZONES = [
    "America/Argentina/ComodRivadavia",
    "America/North_Dakota/New_Salem",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
]


def test_thirteen_embargo_zones_are_refused(newsroom: Path, tmp_path: Path) -> None:
    zones = ", ".join((ZONES * 4)[:13])
    text = edit(
        newsroom / RELEASE, "embargo_zones: [America/New_York, Asia/Tokyo]", f"embargo_zones: [{zones}]"
    )
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '[America/Arg')}: embargo_zones: must have at most 12 items, not 13 (remove some)"
        ],
    )


def test_twelve_long_embargo_zones_fit_every_format(newsroom: Path, tmp_path: Path) -> None:
    zones = ", ".join(ZONES * 3)
    edit(newsroom / RELEASE, "embargo_zones: [America/New_York, Asia/Tokyo]", f"embargo_zones: [{zones}]")
    checked, built = check_and_build(tmp_path / "out")
    assert_built(checked, built)
    assert (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.pdf").is_file()


# ---------------------------------------------------------------------------
# 4. YAML merge keys and complex keys

YOUTH = "  youth-access:\n    value: 13\n    unit: percent\n"


def test_a_bad_value_from_a_merge_key_is_located_where_it_is_written(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / RELEASE, YOUTH, "  youth-access:\n    value: 13\n    <<: {unit: percentt}\n")
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, 'percentt')}: statistics.youth-access.unit: must be 'percent', 'count', "
            """'currency' or 'ratio' (did you mean "percent"?)"""
        ],
    )


def test_a_merged_anchor_builds(newsroom: Path, tmp_path: Path) -> None:
    edit(newsroom / RELEASE, YOUTH, "  youth-access: &percentage\n    value: 13\n    unit: percent\n")
    edit(
        newsroom / RELEASE,
        "  gdp-cost:\n    value: 11\n    unit: percent\n",
        "  gdp-cost:\n    <<: *percentage\n    value: 11\n",
    )
    checked, built = check_and_build(tmp_path / "out")
    assert_built(checked, built)
    assert "11%" in (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.txt").read_text(encoding="utf-8")


def test_an_unknown_field_inherited_from_an_anchor_is_located_at_the_anchor(
    newsroom: Path, tmp_path: Path
) -> None:
    text = edit(
        newsroom / RELEASE,
        "    source: {name: Slater SO et al.}\n",
        "    source: &slater {name: Slater SO et al., titel: x}\n",
    )
    edit(
        newsroom / RELEASE,
        '    source: {name: OECD, url: "https://www.oecd.org/"}\n',
        "    source: {<<: *slater}\n",
    )
    checked, built = check_and_build(tmp_path / "out")
    where = at(text, "titel")
    hint = '(did you mean "title"?)'
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{where}: statistics.youth-access.source.titel: unknown field {hint}",
            f"{RELEASE}:{where}: statistics.platforms-silent.source.titel: unknown field {hint}",
        ],
    )


def test_a_complex_key_is_refused_where_it_is_written(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / RELEASE, EXAMPLE_EMBARGO, "embargo: {? [at]: x, timezone: UTC}\n")
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '[at]')}: embargo: a key must be text, not a list or mapping "
            "(field names and ids are plain words, e.g. timezone:)"
        ],
    )


def test_keys_that_are_not_text_are_located(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / RELEASE, "slug: gta-2025\n", "slug: gta-2025\n? ~\n: 3\ntrue: 4\n")
    checked, built = check_and_build(tmp_path / "out")
    hint = "(field names are plain words such as body)"
    assert_refused(
        checked,
        built,
        [
            f"{RELEASE}:{at(text, '~')}: None: a key must be text {hint}",
            f"{RELEASE}:{at(text, chr(10) + 'true', 1)}: True: a key must be text {hint}",
        ],
    )


# ---------------------------------------------------------------------------
# 5. The newsroom's default locale


def test_an_unknown_default_locale_is_refused_at_its_line(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / "presskit.yaml", "locale: en-GB", "locale: zz-Qqqq")
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f'presskit.yaml:{at(text, "zz-Qqqq")}: defaults.locale: unknown locale "zz-Qqqq" '
            "(use a BCP 47 tag such as en-GB, fr or pt-BR)"
        ],
    )


# ---------------------------------------------------------------------------
# 6. Themes: they must exist, and a folder is relative to the file naming it


def test_an_unknown_release_theme_is_refused_at_its_line(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / RELEASE, "locale: en-GB\n", "locale: en-GB\ntheme: nonexistent\n")
    checked, built = check_and_build(tmp_path / "out")
    for result in (checked, built):
        assert result.exit_code == 1, result.stderr
        (line,) = problems(result)
        assert line.startswith(
            f'{RELEASE}:{at(text, "nonexistent")}: theme: no theme "nonexistent" {THEMES_HINT}'
        )
    assert problems(checked) == problems(built)


def test_an_unknown_default_theme_is_refused_at_its_line(newsroom: Path, tmp_path: Path) -> None:
    text = edit(newsroom / "presskit.yaml", "theme: default", "theme: nonexistent")
    checked, built = check_and_build(tmp_path / "out")
    for result in (checked, built):
        assert result.exit_code == 1, result.stderr
        (line,) = problems(result)
        assert line.startswith(
            f'presskit.yaml:{at(text, "nonexistent")}: defaults.theme: no theme "nonexistent" {THEMES_HINT}'
        )
    assert problems(checked) == problems(built)


BRAND = 'extends: default\ncolours: {primary: "#5B21B6"}\n'


def test_a_release_theme_folder_is_relative_to_the_release(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (newsroom / "gta-2025" / "brand").mkdir()
    (newsroom / "gta-2025" / "brand" / "theme.yaml").write_text(BRAND, encoding="utf-8")
    edit(newsroom / RELEASE, "locale: en-GB\n", "locale: en-GB\ntheme: brand\n")
    monkeypatch.chdir(tmp_path)  # not where the theme is: it is found beside the release all the same
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(newsroom), "--now", NOW])
    built = runner.invoke(cli, ["build", str(newsroom), "-o", str(tmp_path / "out"), "-j", "1", "--now", NOW])
    assert_no_crash(checked)
    assert_no_crash(built)
    assert_built(checked, built)
    page = (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.html").read_text(encoding="utf-8")
    assert "#5b21b6" in page.lower()


def test_a_theme_folder_beside_the_working_directory_is_not_the_releases(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "theme.yaml").write_text(BRAND, encoding="utf-8")
    text = edit(newsroom / RELEASE, "locale: en-GB\n", "locale: en-GB\ntheme: brand\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "newsroom", "--now", NOW])
    built = runner.invoke(cli, ["build", "newsroom", "-o", "out", "-j", "1", "--now", NOW])
    for result in (checked, built):
        assert_no_crash(result)
        assert result.exit_code == 1, result.stderr
        (line,) = problems(result)
        assert line.startswith(
            f'newsroom/{RELEASE}:{at(text, "brand")}: theme: no theme "brand" {THEMES_HINT}'
        )


def test_a_default_theme_folder_is_relative_to_presskit_yaml(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (newsroom / "themes" / "brand").mkdir(parents=True)
    (newsroom / "themes" / "brand" / "theme.yaml").write_text(BRAND, encoding="utf-8")
    edit(newsroom / "presskit.yaml", "theme: default", "theme: themes/brand")
    monkeypatch.chdir(newsroom / "gta-2025")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "..", "--now", NOW])
    built = runner.invoke(cli, ["build", "..", "-o", str(tmp_path / "out"), "-j", "1", "--now", NOW])
    assert_no_crash(checked)
    assert_no_crash(built)
    assert_built(checked, built)
    page = (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.html").read_text(encoding="utf-8")
    assert "#5b21b6" in page.lower()


def test_an_invalid_theme_is_refused_by_check_as_by_build(newsroom: Path, tmp_path: Path) -> None:
    (newsroom / "gta-2025" / "brand").mkdir()
    theme = 'extends: default\ncolours: {primary: "red"}\n'
    (newsroom / "gta-2025" / "brand" / "theme.yaml").write_text(theme, encoding="utf-8")
    edit(newsroom / RELEASE, "locale: en-GB\n", "locale: en-GB\ntheme: brand\n")
    checked, built = check_and_build(tmp_path / "out")
    assert_refused(
        checked,
        built,
        [
            f"gta-2025/brand/theme.yaml:{at(theme, 'red', -1)}: colours.primary: "
            "must match pattern '^#[0-9A-Fa-f]{6}$'"
        ],
    )


# ---------------------------------------------------------------------------
# 7. An edited presskit.yaml is read again in the same process (`serve`)


def test_an_edited_newsroom_is_read_again(newsroom: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["check", ".", "--now", NOW])
    assert_no_crash(first)
    assert first.exit_code == 0, first.stderr
    path = newsroom / "presskit.yaml"
    before = path.stat()
    text = edit(path, "locale: en-GB", "locale: zz-GB")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    second = runner.invoke(cli, ["check", ".", "--now", NOW])
    assert_no_crash(second)
    assert second.exit_code == 1, second.stderr
    assert problems(second) == [
        f'presskit.yaml:{at(text, "zz-GB")}: defaults.locale: unknown locale "zz-GB" '
        "(use a BCP 47 tag such as en-GB, fr or pt-BR)"
    ]
    edit(path, "locale: zz-GB", "locale: en-GB")
    edit(path, "name: WeProtect Global Alliance", "name: Renamed Alliance")
    assert load_newsroom(path).organisation.name == "Renamed Alliance"
    third = runner.invoke(cli, ["check", ".", "--now", NOW])
    assert third.exit_code == 0, third.stderr


# ---------------------------------------------------------------------------
# 8. An asset that is a symbolic link is published under its own name

COVER = "gta-2025/assets/gta-2025-cover.png"


@pytest.mark.parametrize("target", [b"cov\xffer.png", b"Secret-Name.PNG"], ids=["not-utf-8", "private-name"])
def test_a_linked_asset_is_published_under_the_name_written(
    newsroom: Path, tmp_path: Path, target: bytes
) -> None:
    cover = newsroom / COVER
    os.rename(cover, os.path.join(os.fsencode(cover.parent), target))
    os.symlink(target, os.fsencode(cover))
    checked, built = check_and_build(tmp_path / "out")
    assert_built(checked, built)
    assets = tmp_path / "out" / "gta-2025" / "assets"
    assert (assets / "gta-2025-cover.png").is_file() and not (assets / "gta-2025-cover.png").is_symlink()
    published = [os.fsencode(p.name) for p in (tmp_path / "out").rglob("*")]
    assert not any(target.split(b".")[0] in name for name in published), published
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".xml"):
            assert target.split(b".")[0] not in path.read_bytes(), path
