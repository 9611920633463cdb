"""`presskit serve` answers on loopback, rebuilds after a change and keeps the last good build."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from presskit.cli import cli

DEADLINE = 30.0  # seconds: every wait below is bounded


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        data: bytes = response.read()
        return data


def wait_for(condition, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_rebuilds_on_change_and_keeps_the_last_good_build(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path / "n")])
    release = tmp_path / "n" / "first-release" / "release.yaml"
    script = Path(sys.executable).parent / "presskit"
    server = subprocess.Popen(
        [str(script), "serve", str(tmp_path / "n"), "--port", "0", "-o", str(tmp_path / "out")],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = wait_for(
            lambda: next((s for s in iter(server.stderr.readline, "") if "serving" in s), None), "start"
        )
        base = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert base, line
        url = base.group(0)
        page_url = url + "first-release/en-GB/first-release.html"
        assert b"Replace this headline" in fetch(page_url)
        assert b"/__presskit/state" in fetch(page_url), "the reload script is injected"
        state = json.loads(fetch(url + "__presskit/state"))
        assert state == {"version": 1, "error": None}

        text = release.read_text(encoding="utf-8")
        release.write_text(
            text.replace("Replace this headline with the news in one line", "Preview works"), "utf-8"
        )
        # The files are swapped in before the build number moves on; the page
        # reloads on the number, so wait for both.
        wait_for(lambda: json.loads(fetch(url + "__presskit/state"))["version"] >= 2, "the build number")
        good = json.loads(fetch(url + "__presskit/state"))["version"]
        assert b"Preview works" in fetch(page_url)

        release.write_text(
            release.read_text(encoding="utf-8").replace("slug: first-release", "slug: Bad"), "utf-8"
        )
        state = wait_for(
            lambda: (
                json.loads(fetch(url + "__presskit/state"))["error"]
                and json.loads(fetch(url + "__presskit/state"))
            ),
            "the error",
        )
        assert "slug: not a valid id" in state["error"] and state["version"] == good
        assert b"Preview works" in fetch(page_url), "the last good build stays served"
        assert b"nothing built yet" not in fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stderr is not None:
            server.stderr.close()


def test_serve_refuses_a_non_loopback_address(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path / "n")])
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "n"), "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 1 and "loopback only" in result.stderr
