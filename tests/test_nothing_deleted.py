"""presskit removes only files it wrote, inside an output folder it owns.

Each case hashes the source tree and the folder around the output folder
before and after, and asserts the outcome: refused (exit code, one-line
message naming both folders) or built, with nothing outside DIST touched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from presskit.errors import OutputError
from presskit.publish.ownership import MARKER, OutputFolder, RemovalRefused, remove_owned
from tests.newsroom_factory import THREE, Spec, make_newsroom, release_text
from tests.safety import NOW, digest_tree, mentions, one_line_messages, run


@pytest.fixture
def news(tmp_path: Path) -> Path:
    newsroom = make_newsroom(tmp_path / "news", THREE[:2])
    (newsroom / "alpha" / "NOTES.md").write_text("my notes\n", encoding="utf-8")
    (newsroom / "alpha" / "i18n").mkdir()
    return newsroom


def build(news: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = run("build", str(news), "-o", str(out), "--now", NOW, "--formats", "html,txt", *extra)
    return result.exit_code, result.output


# ---------------------------------------------------------------------------
# Output folders that overlap a source folder


@pytest.mark.parametrize(
    "where",
    [
        "news",  # the newsroom itself: `-o releases/`
        "news/alpha",  # a release folder
        "news/alpha/i18n",  # a translation folder
        "news/assets",  # the newsroom's shared assets
        ".",  # a folder holding the newsroom
        "news/alpha/out",  # a new folder inside a release
    ],
)
def test_an_output_folder_overlapping_a_source_folder_is_refused(
    news: Path, tmp_path: Path, where: str
) -> None:
    before = digest_tree(tmp_path)
    code, output = build(news, tmp_path / where)
    assert code == 2, output
    lines = one_line_messages(output)
    assert len(lines) == 1 and "source folder" in lines[0] and "output folder" in lines[0], lines
    assert digest_tree(tmp_path) == before, "nothing written, nothing removed"
    assert not (tmp_path / "news" / "alpha" / "out").exists()


def test_an_output_folder_reached_through_a_link_to_the_newsroom_is_refused(
    news: Path, tmp_path: Path
) -> None:
    (tmp_path / "dist").symlink_to(news, target_is_directory=True)
    before = digest_tree(tmp_path / "news")
    code, output = build(news, tmp_path / "dist")
    assert code == 2 and mentions(output, "source folder"), output
    assert digest_tree(tmp_path / "news") == before


def test_building_one_release_into_its_own_newsroom_is_refused(news: Path, tmp_path: Path) -> None:
    before = digest_tree(news)
    result = run("build", str(news / "alpha"), "-o", str(news), "--now", NOW)
    assert result.exit_code == 2 and mentions(result.output, "source folder"), result.output
    assert digest_tree(news) == before


def test_pack_into_a_source_folder_is_refused(news: Path, tmp_path: Path) -> None:
    before = digest_tree(news)
    for args in (["--dist", str(news)], ["-o", str(news / "alpha" / "alpha.zip")]):
        result = run("pack", str(news), *args, "--now", NOW)
        assert result.exit_code == 2 and mentions(result.output, "source folder"), result.output
    assert digest_tree(news) == before


def test_pack_never_writes_its_zip_over_a_file_that_is_not_a_zip(news: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.zip"
    notes.write_text("not a zip: my notes", encoding="utf-8")
    result = run("pack", str(news), "-o", str(notes), "--now", NOW)
    assert result.exit_code == 2 and mentions(result.output, "not a zip presskit wrote"), result.output
    assert notes.read_text(encoding="utf-8") == "not a zip: my notes"


# ---------------------------------------------------------------------------
# Folders presskit did not make


def test_a_folder_of_someone_elses_files_is_not_written_into(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "website"
    out.mkdir()
    (out / "alpha").mkdir()
    (out / "alpha" / "photo.jpg").write_bytes(b"my photo")
    (out / "index.html").write_text("<h1>my site</h1>", encoding="utf-8")
    before = digest_tree(tmp_path)
    code, output = build(news, out)
    assert code == 2, output
    assert mentions(output, "did not write", "--force"), output
    assert digest_tree(tmp_path) == before


def test_force_takes_over_a_folder_and_marks_it(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "website"
    out.mkdir()
    (out / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    code, output = build(news, out, "--force")
    assert code == 0, output
    assert (out / MARKER).is_file() and (out / "robots.txt").read_text() == "User-agent: *\n"
    code, output = build(news, out)  # marked now: no --force needed
    assert code == 0, output


def test_an_empty_or_new_folder_is_taken_and_marked(news: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for name in ("empty", "new/deeper"):
        code, output = build(news, tmp_path / name)
        assert code == 0, output
        assert (tmp_path / name / MARKER).is_file()


def test_a_dist_folder_an_earlier_presskit_made_keeps_working(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    (out / MARKER).unlink()  # as presskit 0.1 left it: its cache file, no marker
    code, output = build(news, out, "--formats", "html,txt")
    assert code == 0, output
    assert (out / MARKER).is_file()


def test_an_output_path_that_is_a_file_is_refused(news: Path, tmp_path: Path) -> None:
    (tmp_path / "dist").write_text("a file", encoding="utf-8")
    code, output = build(news, tmp_path / "dist")
    assert code == 2 and (mentions(output, "not a folder") or mentions(output, "is a file")), output
    assert (tmp_path / "dist").read_text() == "a file"


# ---------------------------------------------------------------------------
# Records read back are untrusted


def hostile_cache(out: Path, listed: list[str]) -> None:
    """Make the cache list `listed` among alpha's outputs, as a hand edit or a received dist would."""
    path = out / ".presskit-cache.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["releases"].values():
        for name in listed:
            entry["outputs"][name] = [1, 1]
    path.write_text(json.dumps(cache), encoding="utf-8")


@pytest.mark.parametrize(
    "listed",
    [
        "../victim.txt",
        "../news/alpha/release.yaml",
        "alpha/../../victim.txt",
        "{victim}",  # an absolute path
        "link/victim.txt",  # through a link inside DIST to the folder above
        "..\\victim.txt",
        "./../victim.txt",
        "C:/victim.txt",
    ],
)
def test_a_cache_listing_paths_outside_the_output_folder_deletes_nothing(
    news: Path, tmp_path: Path, listed: str
) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "link").symlink_to(tmp_path, target_is_directory=True)
    hostile_cache(out, [listed.format(victim=victim)])
    before = digest_tree(tmp_path, skip=out)
    for extra in ((), ("--force",), ("--public",)):
        code, output = build(news, out, *extra)
        one_line_messages(output)
        assert code in (0, 3), output
    assert digest_tree(tmp_path, skip=out) == before
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": 1, "releases": []}',
        b'{"format": 1, "releases": {"x": {"outputs": "everything"}}}',
        b'{"format": 1, "releases": {"x": {"fingerprint": 1, "inputs": {}, "trees": {}, "outputs": {}, "report": {}}}}',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe\x00garbage",
        b"",
    ],
)
def test_a_malformed_cache_means_a_full_rebuild_never_a_traceback(
    news: Path, tmp_path: Path, content: bytes
) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    (out / ".presskit-cache.json").write_bytes(content)
    code, output = build(news, out)
    assert code == 0, output
    one_line_messages(output)
    assert "2 built" in output


def test_a_cache_entry_with_a_broken_report_is_rebuilt(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    path = out / ".presskit-cache.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["releases"].values():
        entry["report"] = {"listing": {"slug": 5}, "files": "none"}
    path.write_text(json.dumps(cache), encoding="utf-8")
    code, output = build(news, out)
    assert code == 0 and "2 built" in output, output


def test_a_cache_that_is_a_pipe_or_a_link_to_dev_zero_does_not_hang(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    cache = out / ".presskit-cache.json"
    cache.unlink()
    os.mkfifo(cache)
    code, output = build(news, out)
    assert code == 0 and mentions(output, "named pipe"), output
    cache.unlink()
    cache.symlink_to("/dev/zero")
    code, output = build(news, out)
    assert code == 0 and mentions(output, "device"), output


# ---------------------------------------------------------------------------
# Files belong to the release that wrote them in this build


def set_slug(news: Path, folder: str, slug: str) -> None:
    path = news / folder / "release.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [f"slug: {slug}" if line.startswith("slug:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_releases_swapping_slugs_keep_both_folders(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    set_slug(news, "alpha", "bravo")
    set_slug(news, "bravo", "alpha")
    for _ in range(2):
        code, output = build(news, out)
        assert code == 0, output
        assert (out / "alpha" / "manifest.json").is_file() and (out / "bravo" / "manifest.json").is_file()
    manifest = json.loads((out / "alpha" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["headline"].startswith("Release bravo"), "alpha/ now holds the release in bravo/"


def test_a_slug_taken_over_by_a_new_release_keeps_the_new_files(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    set_slug(news, "alpha", "alpha-old")
    (news / "delta").mkdir()
    (news / "delta" / "release.yaml").write_text(
        release_text(Spec("alpha", "2025-11-03", headline="The new alpha")), encoding="utf-8"
    )
    (news / "delta" / "assets").symlink_to(news / "alpha" / "assets", target_is_directory=True)
    set_slug(news, "alpha", "alpha-renamed")
    code, output = build(news, out)
    assert code == 0, output
    assert "The new alpha" in (out / "alpha" / "en-GB" / "alpha.txt").read_text(encoding="utf-8")
    assert (out / "alpha-renamed" / "manifest.json").is_file()
    code, output = build(news, out)
    assert code == 0 and "3 skipped" in output, output


def test_a_refused_releases_old_manifest_cannot_delete_another_releases_file(
    news: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    victim = out / "alpha" / "en-GB" / "alpha.txt"
    manifest = out / "bravo" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"].append({"path": "../alpha/en-GB/alpha.txt"})
    manifest.write_text(json.dumps(data), encoding="utf-8")
    release = news / "bravo" / "release.yaml"
    release.write_text(
        release.read_text(encoding="utf-8")
        .replace("embargo: 2025-12-01", "embargo: 2029-12-01")
        .replace("date: 2025-12-01", "date: 2029-12-01")
    )
    code, output = build(news, out, "--public")
    assert code == 3, output
    assert victim.is_file(), "the public release's fresh file stays"
    assert not (out / "bravo").exists()


# ---------------------------------------------------------------------------
# One slug, one release; one release, one build


@pytest.mark.parametrize(
    "written",
    [
        'slug: "\\x61lpha"',  # escaped
        "slug: 'alpha'",
        'slug: "alpha"',
        "slug: alpha   # the same",
        "slug: &s alpha",
        'slug: "alp\\u0068a"',  # a unicode escape
        "slug: >-\n  alpha",
    ],
)
def test_two_releases_with_one_slug_are_caught_however_it_is_written(
    news: Path, tmp_path: Path, written: str
) -> None:
    path = news / "bravo" / "release.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(written if line.startswith("slug:") else line for line in text.splitlines()) + "\n"
    )
    code, output = build(news, tmp_path / "dist")
    assert code == 1 and mentions(output, '"alpha" is also the slug of'), output
    assert not (tmp_path / "dist" / "alpha").exists()


def test_a_flow_style_or_json_release_clashing_on_slug_is_caught(news: Path, tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    data = yaml.load((news / "bravo" / "release.yaml").read_text(encoding="utf-8"))
    data["slug"] = "alpha"
    (news / "bravo" / "release.yaml").unlink()
    (news / "bravo" / "release.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    code, output = build(news, tmp_path / "dist")
    assert code == 1 and mentions(output, '"alpha" is also the slug of'), output


def test_the_same_release_reached_twice_is_built_once(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = run(
        "build", str(news), str(news / "alpha"), str(news / "alpha" / "release.yaml"), "-o", str(out),
        "--now", NOW, "--json", "--formats", "txt",
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in report["releases"]] == ["built", "built"]


# ---------------------------------------------------------------------------
# Inputs inside the output folder


def test_a_theme_inside_the_output_folder_is_refused(news: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(news, out)[0] == 0
    assert run("theme", "new", str(out / "brand")).exit_code == 0
    before = digest_tree(out / "brand")
    code, output = build(news, out, "--theme", str(out / "brand"))
    assert code == 2 and mentions(output, "source folder", "brand"), output
    assert digest_tree(out / "brand") == before


# ---------------------------------------------------------------------------
# i18n extract -o


@pytest.mark.parametrize(
    "target",
    [
        "alpha/release.yaml",
        "presskit.yaml",
        "alpha/NOTES.md",
        "alpha/assets/gta-2025-cover.png",
        "bravo/release.yaml",
    ],
)
def test_extract_never_overwrites_a_source_file(news: Path, target: str) -> None:
    before = digest_tree(news)
    result = run("i18n", "extract", str(news / "alpha"), "-l", "fr", "-o", str(news / target))
    assert result.exit_code == 1, result.output
    assert mentions(result.output, "refused to write the translators' file"), result.output
    assert digest_tree(news) == before


def test_extract_keeps_a_backup_of_a_translation_it_replaces(news: Path, tmp_path: Path) -> None:
    target = tmp_path / "alpha.fr.xlf"
    assert run("i18n", "extract", str(news / "alpha"), "-l", "fr", "-o", str(target)).exit_code == 0
    first = target.read_bytes()
    release = news / "alpha" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("dateline: London", "dateline: Leeds"))
    result = run("i18n", "extract", str(news / "alpha"), "-l", "fr", "-o", str(target))
    assert result.exit_code == 0, result.output
    backups = list(tmp_path.glob("alpha.fr.xlf.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == first


# ---------------------------------------------------------------------------
# The one removal function


def test_remove_owned_refuses_everything_outside_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    (out / "alpha").mkdir(parents=True)
    (out / "alpha" / "page.txt").write_text("x")
    source = tmp_path / "news"
    source.mkdir()
    (source / "release.yaml").write_text("x")
    (out / "up").symlink_to(tmp_path, target_is_directory=True)
    (out / "to-news").symlink_to(source, target_is_directory=True)
    owner = OutputFolder.of(out, [source])
    for path in (
        out,
        tmp_path / "victim",
        out / ".." / "news",
        out / "up" / "news",
        out / "up" / "news" / "release.yaml",
        Path("/etc/passwd"),
    ):
        with pytest.raises(RemovalRefused):
            remove_owned(path, owner)
    assert (source / "release.yaml").is_file()
    assert remove_owned(out / "to-news", owner), "a link is removed as a link"
    assert (source / "release.yaml").is_file()
    assert remove_owned(out / "alpha", owner) and not (out / "alpha").exists()
    assert not remove_owned(out / "alpha", owner), "nothing there: False, no error"


def test_remove_owned_refuses_a_folder_holding_a_source_folder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    (out / "inner" / "news").mkdir(parents=True)
    owner = OutputFolder(out.resolve(), ((out / "inner" / "news").resolve(),))
    with pytest.raises(RemovalRefused, match="overlaps the source folder"):
        remove_owned(out / "inner", owner)
    assert isinstance(RemovalRefused("x"), OutputError)


def test_without_an_output_folder_only_this_processs_temporary_files_may_go(tmp_path: Path) -> None:
    from presskit.publish.ownership import temporary_name

    mine = temporary_name(tmp_path / "fr.xlf")
    mine.write_text("half written")
    assert remove_owned(mine, None) and not mine.exists()
    other = tmp_path / f".fr.xlf.{os.getpid() + 1}.abcd1234.tmp"
    other.write_text("another process's")
    for path in (other, tmp_path / "fr.xlf", tmp_path):
        with pytest.raises(RemovalRefused):
            remove_owned(path, None)
    assert other.is_file()
