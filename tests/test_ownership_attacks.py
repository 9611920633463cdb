"""Attacks and mistakes found by an adversarial review of the ownership and embargo promises.

Each test is one finding, kept so it cannot come back: presskit removes only what it can show
it wrote, never through a link, never on a record's word alone; a public run cleans whatever
records it meets, and still leaves nothing of an embargoed release.
"""

from __future__ import annotations

import fcntl
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.newsroom_factory import THREE, Spec, release_text
from tests.safety import (
    FAST,
    NOW,
    Secret,
    digest_tree,
    leaks,
    mentions,
    newsroom_with_secret,
    one_line_messages,
    run,
)


def build(paths: list[Path], out: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = run("build", *map(str, paths), "-o", str(out), "--now", NOW, *FAST, *extra, env=env)
    one_line_messages(result.output)
    return result.exit_code, result.output


def edit_cache(out: Path, change: object) -> None:
    path = out / ".presskit-cache.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    change(cache)  # type: ignore[operator]
    path.write_text(json.dumps(cache), encoding="utf-8")


# ---------------------------------------------------------------------------
# Only what presskit can show it wrote


def test_a_public_run_keeps_the_users_zip_and_app_folder(news: tuple[Path, Secret], tmp_path: Path) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    with zipfile.ZipFile(out / "press-photos.zip", "w") as archive:
        archive.writestr("photo.jpg", b"mine")
    (out / "app").mkdir()
    (out / "app" / "manifest.json").write_text('{"name": "my web app"}', encoding="utf-8")
    code, output = build([newsroom], out, "--public")
    assert code == 3, output
    assert (out / "press-photos.zip").is_file() and (out / "app" / "manifest.json").is_file()
    assert leaks(out, secret) == []


def test_a_public_run_of_one_release_keeps_pages_presskit_did_not_write(tmp_path: Path) -> None:
    newsroom, _ = newsroom_with_secret(tmp_path / "news", THREE[:1])
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>my own site</h1>", encoding="utf-8")
    (site / "feed.xml").write_text("<rss/>", encoding="utf-8")
    code, output = build([newsroom / "alpha"], site, "--public", "--force")
    assert code == 0, output
    assert (site / "index.html").read_text() == "<h1>my own site</h1>" and (site / "feed.xml").is_file()


def test_force_never_replaces_a_users_folder_named_like_a_slug(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    site = tmp_path / "site"
    (site / "alpha" / "posts").mkdir(parents=True)
    (site / "alpha" / "posts" / "2019.md").write_text("my post", encoding="utf-8")
    code, output = build([newsroom], site, "--force")
    assert code == 4 and mentions(output, "not a release folder presskit wrote"), output
    assert (site / "alpha" / "posts" / "2019.md").read_text() == "my post"


def test_a_stray_file_named_like_the_record_does_not_make_a_folder_presskits(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / ".presskit-cache.json").write_text("my notes", encoding="utf-8")
    (folder / "tax-return.zip").write_bytes(b"PK")
    code, output = build([newsroom], folder)
    assert code == 2 and mentions(output, "--force"), output


def test_a_record_through_links_removes_no_empty_folder_outside(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    (newsroom / "alpha" / "i18n").mkdir()
    (tmp_path / "outside" / "keep" / "empty").mkdir(parents=True)
    (out / "evil").symlink_to(newsroom / "alpha", target_is_directory=True)
    (out / "evil2").symlink_to(tmp_path / "outside", target_is_directory=True)

    def add(cache: dict[str, object]) -> None:
        for entry in cache["releases"].values():  # type: ignore[attr-defined]
            entry["outputs"]["evil/i18n/x.xlf"] = [1, 1]
            entry["outputs"]["evil2/keep/empty/f"] = [1, 1]

    edit_cache(out, add)
    code, output = build([newsroom], out)
    assert code == 0, output
    assert (newsroom / "alpha" / "i18n").is_dir() and (tmp_path / "outside" / "keep" / "empty").is_dir()


# ---------------------------------------------------------------------------
# Records that cannot be trusted never stop a public run from cleaning


@pytest.mark.parametrize(
    "name",
    ["alpha/\ud800.txt", "alpha/a\x00b", "alpha/" + "x" * 300, "loop/file", "/" + "y" * 5000],
)
def test_a_poisoned_record_neither_crashes_nor_keeps_the_embargoed_release(
    news: tuple[Path, Secret], tmp_path: Path, name: str
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    (out / "loop").symlink_to("loop")

    def poison(cache: dict[str, object]) -> None:
        releases = cache["releases"]
        for entry in releases.values():  # type: ignore[attr-defined]
            entry["outputs"][name] = [1, 1]
            entry["inputs"][name if name.startswith("/") else "/" + name] = [1, 1, "x"]
        releases["/x" * 200 + "\ud800"] = {"outputs": {}}  # type: ignore[index]

    path = out / ".presskit-cache.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    poison(cache)
    path.write_text(json.dumps(cache), encoding="utf-8")
    code, output = build([newsroom], out, "--public")
    assert code == 3, output
    assert leaks(out, secret) == []


def test_an_output_folder_that_is_a_link_loop_is_a_usage_error(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    (tmp_path / "loopy").symlink_to("loopy")
    code, output = build([newsroom], tmp_path / "loopy")
    assert code == 2 and mentions(output, "cannot be resolved"), output
    for command in (
        ["pack", str(newsroom), "-o", str(tmp_path / "loopy" / "x.zip")],
        ["pack", str(newsroom), "--dist", str(tmp_path / "loopy")],
    ):
        result = run(*command, "--now", NOW)
        one_line_messages(result.output)
        assert result.exit_code == 2, result.output


def test_a_partial_public_run_rechecks_a_release_whose_embargo_was_postponed(tmp_path: Path) -> None:
    newsroom, secret = newsroom_with_secret(tmp_path / "news", THREE[:1])
    release = newsroom / secret.slug / "release.yaml"
    original = release.read_text(encoding="utf-8")
    release.write_text(
        original.replace("embargo: 2025-12-11T00:01:00+00:00", "embargo: 2025-12-01T00:00:00+00:00")
    )
    out = tmp_path / "dist"
    assert build([newsroom], out, "--public")[0] == 0  # out of embargo: published
    postponed = original.replace("2025-12-11", "2025-12-20")
    release.write_text(postponed, encoding="utf-8")
    code, output = build([newsroom / "alpha"], out, "--public")
    assert code == 0, output
    assert leaks(out, secret) == []
    result = run("pack", str(newsroom / "alpha"), "--dist", str(out), "--now", NOW, "--public")
    assert result.exit_code == 0 and leaks(out, secret) == []


def test_a_rendition_cache_linked_into_the_output_folder_is_refused(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    (out / "renders").mkdir()
    (tmp_path / "cachelink").symlink_to(out / "renders", target_is_directory=True)
    code, output = build([newsroom], out, env={"PRESSKIT_CACHE_DIR": str(tmp_path / "cachelink")})
    assert code == 2 and mentions(output, "rendition cache"), output


def test_a_translation_folder_linked_into_the_output_folder_is_refused(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    (out / "alpha-i18n").mkdir(parents=True)
    (newsroom / "alpha" / "i18n").symlink_to(out / "alpha-i18n", target_is_directory=True)
    code, output = build([newsroom], out)
    assert code == 2 and mentions(output, "source folder"), output


@pytest.mark.parametrize("target", ["news", "/", "file"])
def test_a_staging_link_or_file_is_removed_as_it_is_never_walked(
    news: tuple[Path, Secret], tmp_path: Path, target: str
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    staging = out / ".staging"
    if target == "file":
        staging.write_text("not a folder", encoding="utf-8")
    else:
        staging.symlink_to(newsroom if target == "news" else Path("/"), target_is_directory=True)
    before = digest_tree(newsroom)
    code, output = build([newsroom], out, "--public")
    assert code == 3, output
    assert digest_tree(newsroom) == before
    assert leaks(out, secret) == []


def test_a_killed_builds_staging_folder_goes_even_while_another_build_runs(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    staged = out / ".staging" / f"{secret.slug}.1.abcdef"  # pid 1 is alive: its id proves nothing
    (staged / "en-GB").mkdir(parents=True)
    (staged / "en-GB" / "page.txt").write_text(secret.headline, encoding="utf-8")
    other = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(other, fcntl.LOCK_SH)  # another preview build holds the folder
        code, output = build([newsroom / "alpha"], out)
    finally:
        os.close(other)
    assert code == 0, output
    assert not staged.exists(), "no live build holds it: a leftover, whatever its pid"
    code, output = build([newsroom], out, "--public")  # a public run waits for the folder alone
    assert code == 3 and leaks(out, secret) == [], output


def test_a_public_pack_keeps_the_public_newsroom_pages(news: tuple[Path, Secret], tmp_path: Path) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out, "--public")[0] == 3
    index = (out / "index.html").read_bytes()
    result = run("pack", str(newsroom), "--dist", str(out), "--now", NOW, "--public")
    assert result.exit_code == 3, result.output
    assert (out / "index.html").read_bytes() == index and (out / "feed.xml").is_file()
    assert leaks(out, secret) == []


def test_a_preview_index_goes_when_a_public_pack_cannot_vouch_for_it(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    result = run("pack", str(newsroom), "--dist", str(out), "--now", NOW, "--public")
    assert result.exit_code == 3, result.output
    assert not (out / "index.html").exists() and leaks(out, secret) == []


def test_zips_and_translators_files_are_not_written_into_a_published_folder(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    result = run("pack", str(newsroom), "-o", str(out / "sub" / "news.zip"), "--now", NOW)
    assert result.exit_code == 2 and mentions(result.output, "output folder"), result.output
    result = run("i18n", "extract", str(newsroom / secret.slug), "-l", "fr", "-o", str(out / "fr.xlf"))
    assert result.exit_code == 1 and mentions(result.output, "output folder"), result.output
    assert not (out / "sub").exists() and not (out / "fr.xlf").exists()


def test_a_partial_build_never_removes_another_releases_current_folder(tmp_path: Path) -> None:
    from tests.newsroom_factory import make_newsroom

    newsroom = make_newsroom(tmp_path / "news", [Spec("x", "2025-11-02", headline="X")])
    out = tmp_path / "dist"
    release_x = newsroom / "x" / "release.yaml"
    release_x.write_text(release_text(Spec("alpha", "2025-11-02", headline="X as alpha")), encoding="utf-8")
    assert build([newsroom / "x"], out)[0] == 0
    release_x.write_text(release_text(Spec("xnew", "2025-11-02", headline="X")), encoding="utf-8")
    (newsroom / "y" / "assets").mkdir(parents=True)
    (newsroom / "y" / "assets" / "gta-2025-cover.png").write_bytes(
        (newsroom / "x" / "assets" / "gta-2025-cover.png").read_bytes()
    )
    (newsroom / "y" / "release.yaml").write_text(
        release_text(Spec("alpha", "2025-11-03", headline="Y is alpha now")), encoding="utf-8"
    )
    assert build([newsroom / "y"], out)[0] == 0
    assert build([newsroom / "x"], out)[0] == 0
    assert "Y is alpha now" in (out / "alpha" / "en-GB" / "alpha.txt").read_text(encoding="utf-8")


def test_extract_never_writes_into_another_releases_translations(news: tuple[Path, Secret]) -> None:
    newsroom, secret = news
    (newsroom / secret.slug / "i18n").mkdir()
    target = newsroom / secret.slug / "i18n" / "fr.xlf"
    result = run("i18n", "extract", str(newsroom / "alpha"), "-l", "fr", "-o", str(target))
    assert result.exit_code == 1 and mentions(result.output, "source folder"), result.output
    assert not target.exists()


# ---------------------------------------------------------------------------
# From the second review


def test_a_public_run_waits_for_the_folder_to_itself(news: tuple[Path, Secret], tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    other = os.open(out, os.O_RDONLY)
    fcntl.flock(other, fcntl.LOCK_SH)  # a preview build is writing into the folder
    script = Path(sys.executable).parent / "presskit"
    command = [str(script), "build", str(newsroom), "-o", str(out), "--public", "--now", NOW, *FAST, "-q"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)
        assert process.poll() is None, "the public run waits while a preview holds the folder"
    finally:
        os.close(other)
    assert process.wait(timeout=120) == 3
    assert leaks(out, secret) == []


@pytest.mark.parametrize(
    "change",
    [
        {"date": "x"},
        {"pages": [1]},
        {"locales": "xyz"},
        {"headline": {}},
        {"embargo_at": "2025-12-01T00:00:00"},
        {"embargo_at": None, "slug": 5},
    ],
)
def test_a_hand_edited_listing_means_a_rebuild(
    news: tuple[Path, Secret], tmp_path: Path, change: dict[str, object]
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0

    def edit(cache: dict[str, object]) -> None:
        for entry in cache["releases"].values():  # type: ignore[attr-defined]
            entry["report"]["listing"].update(change)

    edit_cache(out, edit)
    code, output = build([newsroom], out)
    assert code == 0 and "3 built" in output, output


def test_a_file_replaced_while_it_is_published_is_never_copied(tmp_path: Path) -> None:
    from presskit.errors import OutputError
    from presskit.publish.writer import copy_atomic

    source = tmp_path / "chart.svg"
    source.write_bytes(b"<svg onload='x()'/>")
    with pytest.raises(OutputError, match="changed while presskit was building"):
        copy_atomic(source, tmp_path / "out.svg", "0" * 64)
    assert not (tmp_path / "out.svg").exists()


def test_a_cache_folder_of_the_users_stays_and_an_old_rendition_cache_goes(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, _ = news
    out = tmp_path / "dist"
    assert build([newsroom], out)[0] == 0
    (out / ".cache").mkdir()
    (out / ".cache" / "notes.txt").write_text("mine", encoding="utf-8")
    assert build([newsroom], out)[0] == 0
    assert (out / ".cache" / "notes.txt").read_text() == "mine"
    (out / ".cache" / "notes.txt").unlink()
    (out / ".cache" / "renditions").mkdir()
    (out / ".cache" / "renditions" / f"{'a' * 64}.web.png").write_bytes(b"old photo")
    code, output = build([newsroom], out)
    assert code == 0 and not (out / ".cache").exists(), output


def test_presskit_made_files_it_did_not_write_here_are_kept_with_a_warning(
    news: tuple[Path, Secret], tmp_path: Path
) -> None:
    newsroom, secret = news
    out = tmp_path / "dist"
    assert build([newsroom], out, "--pack")[0] == 0
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (out / "alpha").rename(site / "archive-2019")
    (out / "alpha.zip").rename(site / "partner-press-pack-2019.zip")
    code, output = build([newsroom], site, "--force", "--public")
    assert code == 3, output
    assert (site / "archive-2019" / "manifest.json").is_file() and (
        site / "partner-press-pack-2019.zip"
    ).is_file()
    assert mentions(output, "kept archive-2019")
    assert leaks(site, secret) == []


def test_check_finds_the_slug_clashes_build_finds(news: tuple[Path, Secret], tmp_path: Path) -> None:
    import shutil

    newsroom, _ = news
    shutil.copytree(newsroom / "alpha", newsroom / "beta")
    result = run("check", str(newsroom), "--now", NOW)
    assert result.exit_code == 1 and mentions(result.output, '"alpha" is also the slug of'), result.output
    shutil.rmtree(newsroom / "beta")
    (newsroom / "beta").mkdir()
    text = (newsroom / "alpha" / "release.yaml").read_text(encoding="utf-8")
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    (newsroom / "beta" / "release.json").write_text(
        json.dumps(data, default=str)[:-1] + ', "x": 1,}', encoding="utf-8"
    )
    for command in (["check", str(newsroom)], ["build", str(newsroom), "-o", str(tmp_path / "o"), *FAST]):
        result = run(*command, "--now", NOW)
        assert result.exit_code == 1 and mentions(result.output, '"alpha" is also the slug of'), result.output


def test_a_release_built_before_its_embargo_lifted_is_rebuilt_after(tmp_path: Path) -> None:
    newsroom, secret = newsroom_with_secret(tmp_path / "news", THREE[:1])
    out = tmp_path / "dist"
    assert build([newsroom], out, "--now", "2025-12-12T00:00:00+00:00")[0] == 0
    index = out / secret.slug / "index.html"
    assert b"noindex" not in index.read_bytes()
    result = run("build", str(newsroom), "-o", str(out), "--now", NOW, *FAST, "--json")
    report = json.loads(result.stdout)
    statuses = {r["slug"]: r["status"] for r in report["releases"]}
    assert statuses[secret.slug] == "built" and statuses["alpha"] == "skipped", statuses
    assert b"noindex" in index.read_bytes()


@pytest.mark.parametrize("epoch", ["99999999999999999999", "1e9", "-5", "soon"])
def test_a_source_date_epoch_that_is_not_whole_seconds_is_a_usage_error(
    news: tuple[Path, Secret], tmp_path: Path, epoch: str
) -> None:
    newsroom, _ = news
    result = run(
        "pack", str(newsroom), "--dist", str(tmp_path / "d"), "--now", NOW, env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert result.exit_code == 2 and mentions(result.output, "SOURCE_DATE_EPOCH"), result.output
