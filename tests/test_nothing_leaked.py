"""After `--public`, the output holds nothing of a release still under embargo.

Each case builds a preview into DIST first (as a press office does), then
runs `--public` before the embargo, and searches every path and file of DIST
(zips opened) for the embargoed release's slug, headline, a body word and
its image's bytes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from tests.newsroom_factory import THREE
from tests.safety import (
    FAST,
    NOW,
    Secret,
    add_secret,
    leaks,
    mentions,
    newsroom_with_secret,
    one_line_messages,
    run,
)


def build(news: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = run("build", str(news), "-o", str(out), "--now", NOW, *extra)
    return result.exit_code, result.output


def preview_then_public(news: Path, out: Path, *extra: str) -> tuple[int, str]:
    code, output = build(news, out, *extra)
    assert code == 0, output
    return build(news, out, "--public", *extra)


def test_a_public_build_after_a_preview_leaves_nothing_of_the_embargoed_release(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    code, output = build(newsroom, out, "--pack")
    assert code == 0 and leaks(out, secret), "the preview does carry it"
    code, output = build(newsroom, out, "--public", "--pack")
    assert code == 3, output
    assert leaks(out, secret) == []
    assert mentions(output, "refused: zanzibar-merger", "removed")
    assert mentions(output, "removed", "zanzibar-merger")


def test_renditions_of_an_embargoed_photo_are_never_in_the_output_folder(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    build(newsroom, out)
    assert not (out / ".cache").exists(), "the rendition cache lives outside the published folder"
    build(newsroom, out, "--public")
    assert leaks(out, secret) == []


def test_a_rendition_cache_inside_the_output_folder_is_refused(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    result = run(
        "build", str(newsroom), "-o", str(out), "--now", NOW, env={"PRESSKIT_CACHE_DIR": str(out / "cache")}
    )
    assert result.exit_code == 2 and mentions(result.output, "rendition cache"), result.output


def test_a_release_taken_out_of_the_newsroom_leaves_nothing(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    hold = tmp_path / "held-back"
    (newsroom / secret.slug).rename(hold)
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 0, output
    assert leaks(out, secret) == []
    assert secret.headline not in (out / ".presskit-cache.json").read_text(encoding="utf-8")


def test_a_release_made_invalid_by_a_typo_leaves_nothing(news: tuple[Path, Secret], tmp_path: Path) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    release = newsroom / secret.slug / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("headline:", "headlin:"), encoding="utf-8")
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 1, output
    assert leaks(out, secret) == []


def test_a_release_whose_yaml_no_longer_parses_leaves_nothing(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    release = newsroom / secret.slug / "release.yaml"
    release.write_text("slug: [unclosed\n" + release.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 1, output
    assert leaks(out, secret) == []


def test_a_release_not_in_this_public_run_is_kept_only_once_out_of_embargo(tmp_path: Path) -> None:
    newsroom, secret = newsroom_with_secret(tmp_path / "news", THREE[:1])
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    code, output = build(newsroom / "alpha", out, "--public", *FAST)  # one release only
    assert code == 0, output
    assert leaks(out, secret) == []
    assert (out / "alpha" / "manifest.json").is_file()


def test_a_public_run_of_one_release_removes_stale_newsroom_pages(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    assert (out / "index.html").is_file() and (out / "feed.xml").is_file()
    assert build(newsroom / "alpha", out, "--public", *FAST)[0] == 0
    assert leaks(out, secret) == []


def test_an_orphan_release_folder_with_no_record_is_removed_by_a_public_run(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, "--pack", *FAST)[0] == 0
    (out / ".presskit-cache.json").unlink()  # the record is lost
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 3, output
    assert leaks(out, secret) == []


def test_leftovers_of_a_killed_build_are_cleared(news: tuple[Path, Secret], tmp_path: Path) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    dead = 2**22 + 12345  # no such process
    staged = out / ".staging" / f"{secret.slug}.{dead}"
    (staged / "en-GB").mkdir(parents=True)
    (staged / "en-GB" / f"{secret.slug}.txt").write_text(secret.headline, encoding="utf-8")
    old = out / f".{secret.slug}.old-{dead}"
    old.mkdir()
    (old / "page.html").write_text(secret.word, encoding="utf-8")
    temp = out / f".{secret.slug}.zip.{dead}.0badc0de.tmp"
    temp.write_bytes(secret.image)
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 3, output
    assert leaks(out, secret) == []
    assert mentions(output, "removed")


def test_a_build_killed_while_it_writes_leaves_nothing_after_the_next_public_run(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    script = Path(sys.executable).parent / "presskit"
    command = [str(script), "build", str(newsroom), "-o", str(out), "--now", NOW, "--force", "-q"]
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = subprocess.Popen(command, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    code, output = build(newsroom, out, "--public", *FAST)
    assert code == 3, output
    assert leaks(out, secret) == []


def test_a_killed_parallel_build_leaves_no_worker_running(tmp_path: Path) -> None:
    newsroom, _ = newsroom_with_secret(tmp_path / "news", THREE)
    for index in range(3):
        add_secret(newsroom, f"extra-{index}", seed=10 + index)
    script = Path(sys.executable).parent / "presskit"
    command = [
        str(script),
        "build",
        str(newsroom),
        "-o",
        str(tmp_path / "dist"),
        "--now",
        NOW,
        "--jobs",
        "2",
        "-q",
    ]
    process = subprocess.Popen(command, start_new_session=True)
    group = process.pid
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(_group_members(group)) < 3:
        time.sleep(0.05)
    assert len(_group_members(group)) >= 3, "the workers started"
    os.kill(process.pid, signal.SIGKILL)  # the parent only, as a CI time-out might
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _group_members(group):
        time.sleep(0.1)
    assert _group_members(group) == [], "every worker ended with its parent"


def _group_members(group: int) -> list[int]:
    """Live processes of a process group (zombies excluded), read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(entry.name))
    return members


# ---------------------------------------------------------------------------
# pack


def test_pack_public_with_everything_embargoed_replaces_the_preview_zip(tmp_path: Path) -> None:
    newsroom = tmp_path / "news"
    newsroom.mkdir()
    from tests.newsroom_factory import make_newsroom

    make_newsroom(newsroom, [])
    secret = add_secret(newsroom, "zanzibar-merger")
    target = tmp_path / "upload" / "newsroom.zip"
    result = run("pack", str(newsroom), "-o", str(target), "--now", NOW, "--dist", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    assert _zip_names(target)
    result = run(
        "pack", str(newsroom), "-o", str(target), "--now", NOW, "--public", "--dist", str(tmp_path / "dist")
    )
    assert result.exit_code == 3, result.output
    one_line_messages(result.output)
    assert _zip_names(target) == [], "an empty zip under the uploaded name"
    assert leaks(tmp_path / "upload", secret) == [] and leaks(tmp_path / "dist", secret) == []


def test_pack_public_removes_an_embargoed_releases_earlier_zip(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    dist = tmp_path / "dist"
    assert run("pack", str(newsroom), "--dist", str(dist), "--now", NOW).exit_code == 0
    assert (dist / f"{secret.slug}.zip").is_file()
    result = run("pack", str(newsroom), "--dist", str(dist), "--now", NOW, "--public", "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert f"{secret.slug}.zip" in report["removed"]
    assert leaks(dist, secret) == []


def test_json_says_what_a_public_run_removed(news: tuple[Path, Secret], tmp_path: Path) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build(newsroom, out, *FAST)[0] == 0
    result = run("build", str(newsroom), "-o", str(out), "--now", NOW, "--public", "--json", *FAST)
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert secret.slug in report["removed"]
    refused = [r for r in report["releases"] if r["status"] == "refused"]
    assert len(refused) == 1 and "removed" in refused[0]["message"]


def _zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()
