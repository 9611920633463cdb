"""Random sequences of builds, public builds, packs and edits into one DIST keep two invariants.

1. Nothing outside DIST changes but what the sequence itself edited (the newsroom is hashed
   before and after every run, and a file beside DIST never changes).
2. After every public run, nothing in DIST carries any trace of the secret release unless it is
   present, valid and out of embargo at --now.

No run ever ends in an internal error.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.newsroom_factory import THREE
from tests.safety import NOW, digest_tree, leaks, newsroom_with_secret, one_line_messages, run

EARLIER = "2025-12-01T08:00:00+00:00"  # before NOW: the secret may go out
OPERATIONS = (
    "build",
    "public",
    "public-one",
    "pack",
    "pack-public",
    "remove",
    "restore",
    "break",
    "mend",
    "lift",
    "postpone",
)
_counter = itertools.count()


class Scenario:
    def __init__(self, root: Path) -> None:
        self.news, self.secret = newsroom_with_secret(root / "news", THREE[:1])
        self.out = root / "dist"
        self.held = root / "held"
        self.beside = root / "beside.txt"
        self.beside.write_text("not presskit's", encoding="utf-8")
        self.present, self.valid, self.lifted = True, True, False
        self.release = self.news / self.secret.slug / "release.yaml"
        self.original = self.release.read_text(encoding="utf-8")

    def shown(self) -> bool:
        """The secret may be in DIST after a public run: present, valid, out of embargo."""
        return self.present and self.valid and self.lifted

    def write_release(self) -> None:
        text = self.original
        if self.lifted:
            text = text.replace("embargo: 2025-12-11T00:01:00+00:00", f"embargo: {EARLIER}")
        if not self.valid:
            text = text.replace("headline:", "headlin:", 1)
        folder = self.news / self.secret.slug if self.present else self.held
        (folder / "release.yaml").write_text(text, encoding="utf-8")

    def edit(self, operation: str) -> None:
        if operation == "remove" and self.present:
            (self.news / self.secret.slug).rename(self.held)
            self.present = False
        elif operation == "restore" and not self.present:
            self.held.rename(self.news / self.secret.slug)
            self.present = True
        elif operation in ("break", "mend"):
            self.valid = operation == "mend"
            self.write_release()
        elif operation in ("lift", "postpone"):
            self.lifted = operation == "lift"
            self.write_release()

    def command(self, operation: str) -> list[str] | None:
        common = ["--now", NOW]
        if operation in ("build", "public"):
            extra = ["--public"] if operation == "public" else []
            return ["build", str(self.news), "-o", str(self.out), "--formats", "html,txt", *common, *extra]
        if operation == "public-one":
            return ["build", str(self.news / "alpha"), "-o", str(self.out), "-f", "txt", "--public", *common]
        if operation in ("pack", "pack-public"):
            extra = ["--public"] if operation == "pack-public" else []
            return ["pack", str(self.news), "--dist", str(self.out), *common, *extra]
        return None


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=7))
def test_every_sequence_keeps_the_sources_and_the_embargo(tmp_path: Path, operations: list[str]) -> None:
    scenario = Scenario(tmp_path / f"run-{next(_counter)}")
    for operation in operations:
        scenario.edit(operation)
        command = scenario.command(operation)
        if command is None:
            continue
        sources = digest_tree(scenario.news)
        held = digest_tree(scenario.held) if scenario.held.exists() else {}
        result = run(*command)
        one_line_messages(result.output)
        assert result.exit_code in (0, 1, 3), (operations, operation, result.output)
        assert digest_tree(scenario.news) == sources, (operations, operation)
        assert (digest_tree(scenario.held) if scenario.held.exists() else {}) == held
        assert scenario.beside.read_text(encoding="utf-8") == "not presskit's"
        if "--public" in command and not scenario.shown():
            assert leaks(scenario.out, scenario.secret) == [], (operations, operation)
