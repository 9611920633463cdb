"""`check` and `build` warn about text left from `presskit init` and example.org/.com/.net links
and addresses in the newsroom's presskit.yaml too, each warning located in presskit.yaml: a
release is warned about the newsroom text it carries (the organisation, unless it names its own;
the contacts it lists; the defaults). The shipped example carries none."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presskit.cli import cli
from tests.conftest import ROOT

NOW = "2026-03-03T00:00:00Z"
HINT = "replace it before sending"
NEWSROOM = """\
organisation:
  name: Harbour Trust
  url: https://www.example.org/
  boilerplate: |
    Harbour Trust keeps the harbour open.
    Say in two or three sentences who you are and what you do.
contacts:
  press:
    name: Press Office
    email: media@example.org
  unused:
    name: Night Desk
    email: night@example.com
base_url: https://harbour.org.uk/news/
"""
RELEASE = (
    "slug: rel\ndate: 2026-03-02\nheadline: Harbour reopens\nbody: The harbour is open.\ncontacts: [press]\n"
)
EXPECTED = [
    "presskit.yaml:3:16: warning: organisation.url: www.example.org is a placeholder link: "
    f"example domains reach no one ({HINT})",
    "presskit.yaml:6:5: warning: organisation.boilerplate: still holds the template text of presskit "
    f'init: "Say in two or three sentences who you are and what you do" ({HINT})',
    "presskit.yaml:10:12: warning: contacts.press.email: media@example.org is a placeholder e-mail "
    f"address: example domains reach no one ({HINT})",
]


def newsroom(root: Path, release: str = RELEASE, presskit: str = NEWSROOM) -> Path:
    (root / "rel").mkdir(parents=True)
    (root / "presskit.yaml").write_text(presskit, encoding="utf-8")
    (root / "rel" / "release.yaml").write_text(release, encoding="utf-8")
    return root


def warning_lines(result: Result, base: Path) -> list[str]:
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.replace(str(base) + "/", "").splitlines()
    return [line for line in lines if ": warning: " in line]


@pytest.mark.parametrize("command", ["check", "build"])
def test_placeholders_in_presskit_yaml_warn_where_they_are(tmp_path: Path, command: str) -> None:
    root = newsroom(tmp_path / "news")
    out = ["-o", str(tmp_path / "out"), "-f", "txt"] if command == "build" else []
    result = CliRunner().invoke(cli, [command, str(root / "rel"), "--now", NOW, *out])
    assert warning_lines(result, root) == EXPECTED
    if command == "build":
        assert (tmp_path / "out" / "rel" / "en-GB" / "rel.txt").is_file()  # a warning, not a refusal


def test_a_release_is_not_warned_about_what_it_does_not_carry(tmp_path: Path) -> None:
    """Its own organisation replaces the newsroom's; a contact it does not list is not in it."""
    release = RELEASE + "organisation: {name: Harbour Trust, url: 'https://harbour.org.uk/'}\n"
    root = newsroom(tmp_path, release)
    result = CliRunner().invoke(cli, ["check", str(root / "rel"), "--now", NOW])
    assert warning_lines(result, root) == EXPECTED[2:]


def test_a_contact_listed_is_warned_about(tmp_path: Path) -> None:
    root = newsroom(tmp_path, RELEASE.replace("[press]", "[press, unused]"))
    result = CliRunner().invoke(cli, ["check", str(root / "rel"), "--now", NOW])
    assert warning_lines(result, root)[-1] == (
        "presskit.yaml:13:12: warning: contacts.unused.email: night@example.com is a placeholder "
        f"e-mail address: example domains reach no one ({HINT})"
    )


def test_a_clean_newsroom_adds_no_warning(tmp_path: Path) -> None:
    clean = NEWSROOM.replace("www.example.org", "harbour.org.uk").replace(
        "media@example.org", "press@harbour.org.uk"
    )
    clean = clean.replace("    Say in two or three sentences who you are and what you do.\n", "")
    root = newsroom(tmp_path, presskit=clean)
    result = CliRunner().invoke(cli, ["check", str(root / "rel"), "--now", NOW])
    assert warning_lines(result, root) == []


def test_presskit_init_and_new_leave_template_text_that_warns(tmp_path: Path) -> None:
    """The scaffold is template text on purpose: a newsroom fresh from init, and a release from
    new in it, warn about every field of presskit.yaml they carry until it is filled in."""
    runner = CliRunner()
    root = tmp_path / "news"
    assert runner.invoke(cli, ["init", str(root), "--slug", "first"]).exit_code == 0
    made = runner.invoke(cli, ["new", "second", "--newsroom", str(root), "--date", "2026-03-02"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(cli, ["check", str(root), "--now", NOW])
    lines = [line for line in warning_lines(result, root) if line.startswith("presskit.yaml:")]
    fields = [line.split(": ")[2] for line in lines]
    per_release = [
        "organisation.name",
        "organisation.url",
        "organisation.boilerplate",
        "organisation.boilerplate",
        "contacts.press-office.organisation",
        "contacts.press-office.email",
    ]
    # first and second each carry all of them; the newsroom lacks base_url, said once
    assert fields == per_release * 2 + ["base_url"]
    assert (
        "presskit.yaml:19:12: warning: contacts.press-office.email: press@example.org is a placeholder"
        in ("\n".join(lines))
    )


def test_the_shipped_example_builds_with_no_warning(tmp_path: Path) -> None:
    """`make demo`: the example newsroom's contact is the one the real release gives."""
    presskit = (ROOT / "releases" / "presskit.yaml").read_text(encoding="utf-8")
    assert "example.org" not in presskit and "media@weprotectga.org" in presskit
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(ROOT / "releases"),
            "-o",
            str(tmp_path / "dist"),
            "-f",
            "txt",
            "--now",
            "2025-12-10T18:00:00+00:00",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    assert "Email: media@weprotectga.org" in (
        tmp_path / "dist" / "gta-2025" / "en-GB" / "gta-2025.txt"
    ).read_text(encoding="utf-8")
