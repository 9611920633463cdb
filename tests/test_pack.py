"""`presskit pack`: reproducible zips, their manifest and README, and embargo-safe public packs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit import model as m
from presskit.cli import cli
from tests.conftest import EXAMPLE, ROOT
from tests.newsroom_factory import NOW_BETWEEN, THREE, Spec, make_newsroom

BEFORE = "2025-12-11T00:00:00+00:00"  # one minute before the example's embargo lifts
AFTER = "2025-12-11T00:02:00+00:00"


def run_presskit(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """presskit in a fresh interpreter, as a build script runs it."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-c", "from presskit.cli import main; main()", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: sha256(archive.read(info)) for info in archive.infolist()}


def test_the_same_input_gives_the_same_zip_in_any_folder_process_and_hash_seed(tmp_path: Path) -> None:
    results = []
    for seed in ("1", "2"):
        work = tmp_path / f"run-{seed}"
        newsroom = make_newsroom(work / "in" / "releases", THREE)
        out = run_presskit(
            ["pack", str(newsroom), "-o", "out/newsroom.zip", "--dist", "dist", "--now", NOW_BETWEEN],
            cwd=work,
            PYTHONHASHSEED=seed,
        )
        assert out.returncode == 0, out.stderr
        results.append(work / "out" / "newsroom.zip")
    first, second = (path.read_bytes() for path in results)
    assert members(results[0]) == members(results[1])
    assert sha256(first) == sha256(second)
    # 5 documents (html, docx, pdf, txt, ninjs), 2 e-mails (email.html, eml), the fact sheet (PDF and HTML), the contacts' cards
    # (all, and the one contact's), social.txt, an image and its 2 renditions, the logo (base_url
    # is set), index, README, manifest
    assert len(members(results[0])) == 3 * 19


def test_one_zip_per_release_is_byte_identical_across_runs(tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        work = tmp_path / run
        work.mkdir()
        out = run_presskit(["pack", str(EXAMPLE), "--now", BEFORE], cwd=work)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == str(Path("dist") / "gta-2025.zip")
        digests.append(sha256((work / "dist" / "gta-2025.zip").read_bytes()))
    assert digests[0] == digests[1]


def test_entries_are_sorted_files_with_fixed_dates_and_permissions(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "gta-2025.zip") as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(name.startswith("gta-2025/") and not name.endswith("/") for name in names)
    assert {info.date_time for info in infos} == {(2025, 12, 11, 0, 0, 0)}  # the release date
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert {info.create_system for info in infos} == {3}
    stored = {info.filename for info in infos if info.compress_type == zipfile.ZIP_STORED}
    assert stored == {n for n in names if n.endswith((".png", ".docx"))}


def test_source_date_epoch_sets_every_timestamp(tmp_path: Path) -> None:
    out = run_presskit(["pack", str(EXAMPLE), "--now", BEFORE], cwd=tmp_path, SOURCE_DATE_EPOCH="1700000000")
    assert out.returncode == 0, out.stderr
    with zipfile.ZipFile(tmp_path / "dist" / "gta-2025.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_the_manifest_describes_every_file_in_the_pack(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--now", BEFORE])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "gta-2025.zip") as archive:
        manifest = json.loads(archive.read("gta-2025/manifest.json"))
        contents = {
            info.filename.removeprefix("gta-2025/"): archive.read(info) for info in archive.infolist()
        }
    assert manifest["slug"] == "gta-2025" and manifest["date"] == "2025-12-11"
    assert manifest["embargo"] == "2025-12-11T00:01:00+00:00"
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(contents) - {"manifest.json"}
    for path, entry in listed.items():
        assert entry["sha256"] == sha256(contents[path]) and entry["size"] == len(contents[path])
    assert listed["en-GB/gta-2025.pdf"] | {"sha256": "", "size": 0} == {
        "path": "en-GB/gta-2025.pdf",
        "format": "pdf",
        "locale": "en-GB",
        "media_type": "application/pdf",
        "rendition": None,
        "sha256": "",
        "size": 0,
    }
    assert listed["assets/gta-2025-cover.thumb.png"]["rendition"] == "thumb"
    readme = contents["README.txt"].decode("utf-8")
    assert readme.startswith("Experts unveil practical plan")
    assert "EMBARGOED UNTIL 00:01 GMT, Thursday 11 December 2025" in readme
    assert "assets/gta-2025-cover.web.png" in readme and "media@weprotectga.org" in readme
    described = {path for path, entry in listed.items() if entry["format"] not in {"readme", "index"}}
    assert described and all(path in readme for path in described)  # README names every file of the pack


def test_a_public_pack_leaves_out_the_embargoed_release_and_exits_3(tmp_path: Path) -> None:
    newsroom = make_newsroom(tmp_path / "releases", THREE)
    target = tmp_path / "public.zip"
    result = CliRunner().invoke(
        cli,
        [
            "pack",
            str(newsroom),
            "-o",
            str(target),
            "--dist",
            str(tmp_path / "d"),
            "--public",
            "--now",
            NOW_BETWEEN,
        ],
    )
    assert result.exit_code == 3
    assert "refused: charlie: under embargo until 2025-12-11T00:01:00+00:00" in result.stderr
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert {name.split("/")[0] for name in names} == {"alpha", "bravo"}
    assert b"charlie" not in everything.lower()
    assert b"EMBARGO" not in everything  # the lifted embargo is not stated in a public pack


def test_a_public_pack_of_an_embargoed_release_writes_nothing_and_removes_an_old_one(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--now", BEFORE]).exit_code == 0
    stale = tmp_path / "gta-2025.zip"
    assert stale.is_file()  # an embargoed (non-public) pack from an earlier run
    result = runner.invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--public", "--now", BEFORE])
    assert result.exit_code == 3
    assert "refused: gta-2025: under embargo" in result.stderr and "removed" in result.stderr
    assert not stale.exists()
    assert result.stdout == ""


def test_a_public_pack_after_the_embargo_states_immediate_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--public", "--now", AFTER]
    )
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "gta-2025.zip") as archive:
        text = archive.read("gta-2025/en-GB/gta-2025.txt").decode("utf-8")
        manifest = json.loads(archive.read("gta-2025/manifest.json"))
    assert text.startswith("FOR IMMEDIATE RELEASE") and manifest["embargo"] is None


def test_json_output_matches_the_zip(tmp_path: Path) -> None:
    newsroom = make_newsroom(tmp_path / "releases", THREE[:2])
    result = CliRunner().invoke(
        cli, ["pack", str(newsroom), "--dist", str(tmp_path / "d"), "--json", "--now", NOW_BETWEEN]
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] and document["exit_code"] == 0
    assert sorted(p["releases"][0] for p in document["packs"]) == ["alpha", "bravo"]
    for made in document["packs"]:
        path = Path(made["path"])
        assert sha256(path.read_bytes()) == made["sha256"] and path.stat().st_size == made["size"]
    for release in document["releases"]:
        assert release["status"] == "built"
        zipped = members(tmp_path / "d" / f"{release['slug']}.zip")
        assert {f["path"]: f["sha256"] for f in release["files"]} == zipped


def test_an_asset_outside_the_release_is_refused_and_nothing_is_packed(tmp_path: Path) -> None:
    folder = tmp_path / "rel"
    shutil.copytree(EXAMPLE, folder)
    (tmp_path / "secret.png").write_bytes((EXAMPLE / "assets" / "gta-2025-cover.png").read_bytes())
    text = (folder / "release.yaml").read_text(encoding="utf-8")
    (folder / "release.yaml").write_text(
        text.replace("file: assets/gta-2025-cover.png", "file: ../secret.png"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["pack", str(folder), "--dist", str(tmp_path / "d"), "--now", BEFORE])
    assert result.exit_code == 1
    assert "'../secret.png' points outside the release and newsroom folders" in result.stderr
    assert not list((tmp_path / "d").glob("*.zip"))


def test_pack_refuses_an_output_that_is_not_a_zip(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["pack", str(EXAMPLE), "-o", str(tmp_path / "x.tar"), "--now", BEFORE])
    assert result.exit_code == 2 and "does not end in .zip" in result.stderr


def test_pack_never_reuses_stale_build_output(tmp_path: Path) -> None:
    """A hand-edited file in the build folder never reaches a pack: pack renders afresh."""
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path), "--now", BEFORE]).exit_code == 0
    (tmp_path / "gta-2025" / "en-GB" / "gta-2025.txt").write_text("stale", encoding="utf-8")
    assert runner.invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path), "--now", BEFORE]).exit_code == 0
    with zipfile.ZipFile(tmp_path / "gta-2025.zip") as archive:
        assert archive.read("gta-2025/en-GB/gta-2025.txt").startswith(b"EMBARGOED UNTIL")


@pytest.mark.parametrize("slug", ["delta"])
def test_a_failing_release_does_not_stop_the_pack(tmp_path: Path, slug: str) -> None:
    newsroom = make_newsroom(tmp_path / "releases", [*THREE[:2], Spec(slug, "2025-12-02")])
    (newsroom / slug / "release.yaml").write_text("slug: delta\nheadline: [\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["pack", str(newsroom), "--dist", str(tmp_path / "d"), "--json", "--now", NOW_BETWEEN]
    )
    assert result.exit_code == 1
    statuses = {r["source"]: r["status"] for r in json.loads(result.stdout)["releases"]}
    assert statuses == {
        str(newsroom / "alpha" / "release.yaml"): "built",
        str(newsroom / "bravo" / "release.yaml"): "built",
        str(newsroom / slug / "release.yaml"): "invalid",
    }
    assert sorted(p.name for p in (tmp_path / "d").glob("*.zip")) == ["alpha.zip", "bravo.zip"]


def zip_links(page: Path) -> list[tuple[str, str]]:
    """The page's links to a zip: (href, text)."""
    from lxml import html

    tree = html.fromstring(page.read_bytes())
    return [(a.get("href"), a.text_content()) for a in tree.xpath('//a[@type="application/zip"]')]


def test_build_pack_links_every_page_to_its_zip(tmp_path: Path) -> None:
    from presskit.words.labels import label

    out = tmp_path / "dist"
    runner = CliRunner()
    command = ["build", str(EXAMPLE), "-o", str(out), "-l", "all", "--now", BEFORE]
    assert runner.invoke(cli, [*command, "--pack"]).exit_code == 0
    pages = sorted(out.glob("gta-2025/*/gta-2025.html"))
    assert [p.parent.name for p in pages] == ["ar", "en-GB", "fr"]
    for page in pages:
        [(href, text)] = zip_links(page)
        assert (page.parent / href).resolve() == (out / "gta-2025.zip").resolve()
        assert (page.parent / href).is_file()
        assert " ".join(text.split()) == label("pack_download", page.parent.name)
    # Without --pack there is no zip to link; and a zip made by `pack` is the pack itself.
    assert runner.invoke(cli, [*command[:3], str(tmp_path / "plain"), *command[4:]]).exit_code == 0
    assert zip_links(tmp_path / "plain" / "gta-2025" / "en-GB" / "gta-2025.html") == []
    assert (
        runner.invoke(cli, ["pack", str(EXAMPLE), "--dist", str(tmp_path / "p"), "--now", BEFORE]).exit_code
        == 0
    )
    with zipfile.ZipFile(tmp_path / "p" / "gta-2025.zip") as archive:
        (tmp_path / "page.html").write_bytes(archive.read("gta-2025/en-GB/gta-2025.html"))
    assert zip_links(tmp_path / "page.html") == []


@pytest.mark.parametrize(("locale", "comma"), [("ja", "、"), ("ar", "، "), ("zh", "，"), ("en-GB", ", ")])
def test_the_readme_joins_type_and_date_with_the_languages_comma(
    example_release: m.Release, tmp_path: Path, locale: str, comma: str
) -> None:
    import dataclasses

    from presskit.publish.zips import readme
    from presskit.words import wording

    edition = dataclasses.replace(example_release, locale=locale)
    text = readme(edition, [], tmp_path)
    day = wording.format_long_date(edition.date, locale)
    assert f"{wording.type_label(edition, locale)}{comma}{day}" in text, text[:400]
