"""`check` and `build` warn about what looks like a mistake in a valid release, each warning one
located line: quotation marks the reader would see twice, text left from `presskit init`, a
figure typed where a statistic would be checked and cited. Warnings never change the exit code.

Each case writes a newsroom with one release, runs the real CLI and compares whole lines.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from presskit import model as m
from presskit.cli import cli
from presskit.scaffold import init_newsroom
from presskit.source import mistakes
from presskit.source.figures import typed_figures
from presskit.source.quotation import stray_marks
from presskit.words.labels import CATALOGUE, quote_marks
from presskit.words.wording import format_statistic
from tests.conftest import ROOT

NEWSROOM = "organisation:\n  name: Harbour Trust\nbase_url: https://harbour.org.uk/news/\ncontacts:\n  press: {name: Press Office, email: press@harbour.org.uk}\n"
HEAD = "slug: rel\ndate: 2026-03-02\nheadline: Harbour reopens\ncontacts: [press]\n"
NOW = "2026-03-03T00:00:00Z"
QUOTE_HINT = "remove them: presskit sets the quote in the language's own quotation marks"
SEND_HINT = "replace it before sending"


def write(root: Path, release: str) -> Path:
    """A newsroom at `root` holding one release, rel/release.yaml; its folder."""
    (root / "rel").mkdir(parents=True)
    (root / "presskit.yaml").write_text(NEWSROOM, encoding="utf-8")
    (root / "rel" / "release.yaml").write_text(release, encoding="utf-8")
    return root / "rel"


def check(tmp_path: Path, release: str) -> Result:
    return CliRunner().invoke(cli, ["check", str(write(tmp_path, release)), "--now", NOW])


def warnings(result: Result, base: Path) -> list[str]:
    """The warning lines, with the folder written relative."""
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.replace(str(base) + "/", "").splitlines()
    return [line for line in lines if ": warning: " in line]


def quote_release(text_yaml: str, locale: str = "en-GB") -> str:
    return (
        HEAD + f"locale: {locale}\nbody: |\n  The harbour is open.\n\n  {{quote:q}}\n"
        f"quotes:\n  q:\n    text: {text_yaml}\n    speaker: {{name: Ana Ruiz}}\n    approved: true\n"
    )


# -- quotation marks in a quote's text -------------------------------------------------


@pytest.mark.parametrize(
    ("text_yaml", "locale", "column", "message"),
    [
        ("'\"We are proud.\"'", "en-GB", 12, 'is wrapped in quotation marks ("…")'),
        ("“We are proud.”", "en-GB", 11, "is wrapped in quotation marks (“…”)"),
        ("“We are proud”.", "en-GB", 11, "is wrapped in quotation marks (“…”)"),
        ("„Wir sind stolz.“", "de", 11, "is wrapped in quotation marks („…“)"),
        ("« Nous sommes fiers. »", "fr", 11, "is wrapped in quotation marks («…»)"),
        ("「私たちは誇りに思う。」", "ja", 11, "is wrapped in quotation marks (「…」)"),
        ("“We are proud.", "en-GB", 11, "starts with a quotation mark (“) that is never closed"),
        ("We are proud.”", "en-GB", 24, "ends with a quotation mark (”) that closes nothing"),
        ("He called it “a disaster.", "en-GB", 24, "has a quotation mark (“) that is never closed"),
    ],
)
def test_quotation_marks_in_a_quote_warn_where_they_are(
    tmp_path: Path, text_yaml: str, locale: str, column: int, message: str
) -> None:
    result = check(tmp_path, quote_release(text_yaml, locale))
    assert warnings(result, tmp_path) == [
        f"rel/release.yaml:12:{column}: warning: quotes.q.text: {message} ({QUOTE_HINT})"
    ]


@pytest.mark.parametrize(
    "text_yaml",
    [
        "She told me “never again”, and she meant it.",
        "“No” is not an answer, he said.",  # starts with a quotation that closes early: not wrapped
        "We don’t stop, and the teachers’ union agrees.",
        "’Tis the season, as in the ’90s.",
        "Il a dit « jamais » hier.",
        "Er sagte „nie“ gestern.",
        "'They said \"no\" twice.'",
        "他说：“你好。”我们很高兴。",
        "We are proud.",
    ],
)
def test_a_quotation_inside_a_quote_or_an_apostrophe_does_not_warn(tmp_path: Path, text_yaml: str) -> None:
    assert warnings(check(tmp_path, quote_release(text_yaml)), tmp_path) == []


def test_each_paragraph_of_a_quote_is_checked_at_its_own_line(tmp_path: Path) -> None:
    text = "|\n      “The first paragraph, opened as a book would.\n\n      “The second, wrapped.”"
    result = check(tmp_path, quote_release(text))
    assert warnings(result, tmp_path) == [
        "rel/release.yaml:13:7: warning: quotes.q.text: starts with a quotation mark (“) that is never closed"
        f" ({QUOTE_HINT})",
        f"rel/release.yaml:15:7: warning: quotes.q.text: is wrapped in quotation marks (“…”) ({QUOTE_HINT})",
    ]


@pytest.mark.parametrize("locale", sorted(CATALOGUE))
@settings(max_examples=30, deadline=None)
@given(words=st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=40))
def test_a_text_in_its_locales_own_marks_warns_and_without_them_does_not(locale: str, words: str) -> None:
    words = words.strip() or "x"
    start, end = quote_marks(locale)
    assert stray_marks(words) == []
    assert stray_marks(f"{start}{words}{end}") == [
        (0, f"is wrapped in quotation marks ({start[0]}…{end[-1]})")
    ]


# -- text left from presskit init ------------------------------------------------------


def test_a_release_fresh_from_init_warns_in_every_field_it_left(tmp_path: Path) -> None:
    init_newsroom(tmp_path, organisation="Example Organisation", slug="first", today=dt.date(2026, 3, 2))
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "first"), "--now", NOW])
    # presskit.yaml's own warnings are tested in test_newsroom_warnings.py.
    found = [line for line in warnings(result, tmp_path) if line.startswith("first/")]
    fields = [re.sub(r"^first/release.yaml:\d+:\d+: warning: ([^:]+): .*", r"\1", line) for line in found]
    assert fields == [
        "headline",
        "standfirst",
        "highlights[0]",
        "highlights[1]",
        "statistics.example-figure.label",
        "statistics.example-figure.source.name",
        "statistics.example-figure.source.url",
        "body",
        "body",
        "quotes.spokesperson.text",
        "quotes.spokesperson.speaker.name",
        "quotes.spokesperson.speaker.organisation",
        "call_to_action.url",
        "notes_to_editors",
    ]
    assert found[0] == (
        "first/release.yaml:9:11: warning: headline: still holds the template text of presskit init: "
        f'"Replace this headline" ({SEND_HINT})'
    )
    # In a block, the line and column of the words themselves.
    assert found[7].startswith("first/release.yaml:26:3: warning: body: ")
    assert found[8] == (
        "first/release.yaml:27:55: warning: body: example.org is a placeholder link: example domains "
        f"reach no one ({SEND_HINT})"
    )


def test_every_phrase_warned_about_is_in_a_scaffold_template() -> None:
    templates = " ".join(
        (ROOT / "templates" / "scaffold" / name).read_text(encoding="utf-8").replace("\n", " ")
        for name in ("release.yaml", "presskit.yaml")
    )
    templates = re.sub(r"\s+", " ", templates)
    for phrase in mistakes.SCAFFOLD_PHRASES + mistakes.SCAFFOLD_LINES:
        assert phrase in templates or phrase == "Example Organisation", phrase
    assert '"Example Organisation"' in (ROOT / "presskit" / "cli" / "starting.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        (
            "contacts: [{name: Ana Ruiz, email: ana@example.com}]\n",
            "5:36 contacts[0].email",
            "ana@example.com is a placeholder e-mail address",
        ),
        (
            "press_kit: {text: Kit, url: 'https://press.example.net/kit'}\n",
            "6:38 press_kit.url",
            "press.example.net is a placeholder link",
        ),
        (
            "notes_to_editors: |\n  1. Photos at [our site](https://www.example.org/photos).\n",
            "7:35 notes_to_editors",
            "www.example.org is a placeholder link",
        ),
    ],
)
def test_an_example_domain_warns_where_it_is(tmp_path: Path, extra: str, where: str, message: str) -> None:
    head = HEAD.replace("contacts: [press]\n", "") if extra.startswith("contacts:") else HEAD
    result = check(tmp_path, head + "body: The harbour is open.\n" + extra)
    position, field = where.split(" ")
    assert warnings(result, tmp_path) == [
        f"rel/release.yaml:{position}: warning: {field}: {message}: example domains reach no one ({SEND_HINT})"
    ]


def test_real_domains_and_words_like_example_do_not_warn(tmp_path: Path) -> None:
    body = "body: See [the report](https://myexample.org/r), an example.organisation or counterexample.com.\n"
    assert warnings(check(tmp_path, HEAD + body), tmp_path) == []


# -- a figure typed where a statistic exists ------------------------------------------


def stat_release(body: str, value: str, unit: str = "count", locale: str = "en-GB", extra: str = "") -> str:
    return (
        HEAD + f"locale: {locale}\nbody: |\n  {body}\n\n  Placed: {{stat:s}}.\n"
        f"statistics:\n  s:\n    value: {value}\n    unit: {unit}\n{extra}    label: hours of spills\n"
        "    source: {name: EA}\n"
    )


@pytest.mark.parametrize(
    ("body", "value", "unit", "locale", "column", "written"),
    [
        ("Spills ran for 3,610,000 hours.", "3610000", "count", "en-GB", 18, "3,610,000"),
        ("Some 1.5 million people.", "1500000", "count", "en-GB", 8, "1.5 million"),
        ("A rise of 12.5% in a year.", "12.5", "percent", "en-GB", 13, "12.5%"),
        ("A rise of 13 per cent.", "13", "percent", "en-GB", 13, "13 per cent"),
        ("It cost $5 billion.", "5000000000", "currency", "en", 12, "5 billion"),
        ("Rund 1,5 Millionen Menschen.", "1500000", "count", "de", 8, "1,5 Millionen"),
        ("Es kostete 2,5 Mio. Euro.", "2500000", "currency", "de", 14, "2,5 Mio."),
        ("Environ 3 610 000 heures.", "3610000", "count", "fr", 11, "3 610 000"),
        ("利用者は150万人です。", "1500000", "count", "ja", 7, "150万"),
    ],
)
def test_a_figure_written_as_text_warns_with_the_statistic_to_use(
    tmp_path: Path, body: str, value: str, unit: str, locale: str, column: int, written: str
) -> None:
    extra = "    currency: USD\n" if unit == "currency" else ""
    result = check(tmp_path, stat_release(body, value, unit, locale, extra))
    assert warnings(result, tmp_path) == [
        f"rel/release.yaml:7:{column}: warning: body: {written} is written as text, but it is the statistic s "
        "(use {stat:s} so the figure is checked and cited)"
    ]


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("In 2024 the harbour had 40 boats.", "2024", "count"),  # a year, not a figure
        ("It took 12 hours.", "12", "count"),  # a bare small number
        ("A rise of 12.5 hours.", "12.5", "percent"),  # the statistic is a percentage, this is not
        ("A rise of 12.5%.", "12.5", "count"),
        ("Spills ran for 3,600,000 hours.", "3610000", "count"),  # another value
        ("See [the data](https://ea.gov.uk/3610000) and `3610000`.", "3610000", "count"),
        ("Ref. 13,610,000 and 3,610,0001.", "3610000", "count"),
    ],
)
def test_numbers_that_are_not_the_statistic_do_not_warn(
    tmp_path: Path, body: str, value: str, unit: str
) -> None:
    assert warnings(check(tmp_path, stat_release(body, value, unit)), tmp_path) == []


def test_highlights_and_standfirst_are_read_too(tmp_path: Path) -> None:
    release = stat_release("Open.", "3610000").replace(
        "body:", "standfirst: Spills ran 3,610,000 hours.\nhighlights: [Some 3.61 million hours]\nbody:"
    )
    found = warnings(check(tmp_path, release), tmp_path)
    assert [line.split(": warning: ")[0] + " " + line.split(": ")[2] for line in found] == [
        "rel/release.yaml:6:24 standfirst",
        "rel/release.yaml:7:19 highlights[0]",
    ]


@pytest.mark.parametrize("locale", sorted(CATALOGUE))
@settings(max_examples=30, deadline=None)
@given(
    value=st.decimals(min_value=100, max_value=10**15, places=2, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(["count", "percent"]),
)
def test_a_figure_as_the_release_prints_it_is_found(locale: str, value: Decimal, unit: str) -> None:
    """The value as format_statistic writes it in the release's own language, typed into the text."""
    if value == value.to_integral_value() and 1000 <= value < 3000:
        value += Decimal("0.5")  # a bare four-digit whole number is read as a year
    stat = m.Statistic("s", value, unit, "l", m.Source(1, "EA"))  # type: ignore[arg-type]
    shown = format_statistic(stat, locale)
    found = list(typed_figures(f"Up {shown} here.", {"s": stat}, locale))
    assert [(index, stat_id) for index, _, stat_id in found] == [(3, "s")], (shown, found)


# -- values no locale can print are refused --------------------------------------------


@pytest.mark.parametrize(("code", "what"), [("XXX", "for no currency"), ("XTS", "kept for testing")])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_currency_code_that_is_no_currency_is_refused(
    tmp_path: Path, code: str, what: str, command: str
) -> None:
    release = stat_release("Open.", "5", "currency", extra=f"    currency: {code}\n")
    folder = write(tmp_path / "news", release)
    args = [command, str(folder), "--now", NOW] + (
        ["-o", str(tmp_path / "out")] if command == "build" else []
    )
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.stderr
    lines = [
        line
        for line in result.stderr.replace(str(tmp_path / "news") + "/", "").splitlines()
        if "rel/" in line
    ]
    assert lines == [
        f"rel/release.yaml:14:15: statistics.s.currency: {code} is ISO 4217's code {what}, not a currency"
    ]


# -- the shipped example, and build -----------------------------------------------------


def test_the_shipped_example_checks_with_no_warning() -> None:
    result = CliRunner().invoke(cli, ["check", str(ROOT / "releases"), "--now", "2025-12-10T18:00:00+00:00"])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if not line.startswith("ok: ")] == [
        "1 release: 1 ok, 0 with errors, 0 warnings"
    ]


def test_build_reports_the_same_warnings_and_still_builds(tmp_path: Path) -> None:
    news = tmp_path / "news"
    folder = write(news, quote_release("“We are proud.”"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "-f", "txt", "--now", NOW])
    assert result.exit_code == 0, result.stderr
    assert (
        f"rel/release.yaml:12:11: warning: quotes.q.text: is wrapped in quotation marks (“…”) ({QUOTE_HINT})"
        in (result.stderr.replace(str(news) + "/", ""))
    )
    assert (out / "rel" / "en-GB" / "rel.txt").is_file()


def test_markdown_written_as_a_folded_block_with_paragraphs_warns(tmp_path: Path) -> None:
    """YAML folds a blank line into one line break, so `body: >` runs its paragraphs together."""
    from presskit.publish.inputs import load_release_with_warnings

    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        "slug: r\ndate: 2026-03-02\nheadline: Rivers\nbody: >\n  One paragraph\n  over two lines.\n\n"
        "  Another.\nquotes: {}\nstandfirst: >\n  A single paragraph\n  over two lines.\n",
        encoding="utf-8",
    )
    release, warnings = load_release_with_warnings(tmp_path / "r")
    folded = [w.format() for w in warnings if "folded block" in w.message]
    assert len(folded) == 1 and "release.yaml:4:7" in folded[0] and "write body: |" in folded[0], folded
    assert len(release.body) == 1, "the paragraphs did run together: that is what the warning says"


def test_a_problem_in_a_folded_block_names_the_files_line(tmp_path: Path) -> None:
    """Folding turns a blank line into one line break, so the value's lines are not the file's:
    the problem on the heading is on file line 8, not the value's line count (6)."""
    from presskit.errors import ValidationFailed
    from presskit.publish.inputs import load_release

    (tmp_path / "presskit.yaml").write_text("organisation:\n  name: River Trust\n", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "release.yaml").write_text(
        "slug: r\ndate: 2026-03-02\nheadline: Rivers\nbody: >\n  One paragraph\n  over two lines.\n\n"
        "  ## Heading {stat:nope}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_release(tmp_path / "r")
    lines = [p.line for p in failed.value.problems if "nope" in p.message]
    assert lines == [8], [p.format() for p in failed.value.problems]
