"""Whole-newsroom builds: incremental rebuilds, --force, --jobs, and failures that stay local."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from tests.newsroom_factory import NOW_BETWEEN, THREE, Spec, make_newsroom


def build_json(newsroom: Path, out: Path, *extra: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["build", str(newsroom), "-o", str(out), "--json", "--now", NOW_BETWEEN, *extra]
    )
    return result.exit_code, json.loads(result.stdout)


def statuses(report: dict[str, object]) -> dict[str, str]:
    releases = report["releases"]
    assert isinstance(releases, list)
    return {Path(r["source"]).parent.name: r["status"] for r in releases}


def tree_digest(out: Path) -> dict[str, str]:
    """Every output file (not the cache) and its sha256."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".presskit")
    }


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    return make_newsroom(tmp_path / "releases", THREE)


def test_a_second_build_skips_everything_and_reports_the_same_files(newsroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    code, first = build_json(newsroom, out, "--jobs", "1")
    assert code == 0 and set(statuses(first).values()) == {"built"}
    code, second = build_json(newsroom, out, "--jobs", "1")
    assert code == 0 and set(statuses(second).values()) == {"skipped"}
    assert second["counts"] == {"built": 0, "skipped": 3, "refused": 0, "invalid": 0, "failed": 0}
    files = {r["slug"]: r["files"] for r in first["releases"]}
    assert {r["slug"]: r["files"] for r in second["releases"]} == files


def test_changing_one_release_rebuilds_exactly_that_release(newsroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_json(newsroom, out)
    release = newsroom / "bravo" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("dateline: London", "dateline: Leeds"))
    code, report = build_json(newsroom, out)
    assert code == 0
    assert statuses(report) == {"alpha": "skipped", "bravo": "built", "charlie": "skipped"}
    assert "LEEDS" in (out / "bravo" / "en-GB" / "bravo.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("asset", {"alpha"}),
        ("translation", {"charlie"}),
        ("newsroom", {"alpha", "bravo", "charlie"}),
        ("output deleted", {"bravo"}),
        ("output edited", {"bravo"}),
        ("touched only", set()),
    ],
)
def test_each_kind_of_input_is_tracked(
    newsroom: Path, tmp_path: Path, change: str, rebuilt: set[str]
) -> None:
    out = tmp_path / "dist"
    build_json(newsroom, out)
    if change == "asset":
        image = newsroom / "alpha" / "assets" / "gta-2025-cover.png"
        image.write_bytes(image.read_bytes() + b"\0")  # a trailing byte: still a valid PNG
    elif change == "translation":
        from click.testing import CliRunner

        from presskit.cli import cli

        extracted = CliRunner().invoke(cli, ["i18n", "extract", str(newsroom / "charlie"), "-l", "fr"])
        assert extracted.exit_code == 0, extracted.output
    elif change == "newsroom":
        path = newsroom / "presskit.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Poppy Reid", "Poppy Reed"))
    elif change == "output deleted":
        (out / "bravo" / "en-GB" / "bravo.pdf").unlink()
    elif change == "output edited":
        (out / "bravo" / "en-GB" / "bravo.txt").write_text("edited by hand", encoding="utf-8")
    elif change == "touched only":
        path = newsroom / "alpha" / "release.yaml"
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    code, report = build_json(newsroom, out)
    assert code == 0
    assert {slug for slug, status in statuses(report).items() if status == "built"} == rebuilt
    assert (out / "bravo" / "en-GB" / "bravo.pdf").is_file()


def test_force_and_changed_options_rebuild_everything(newsroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_json(newsroom, out)
    _, forced = build_json(newsroom, out, "--force")
    assert set(statuses(forced).values()) == {"built"}
    _, other_formats = build_json(newsroom, out, "-f", "txt")
    assert set(statuses(other_formats).values()) == {"built"}
    assert sorted(p.name for p in (out / "alpha" / "en-GB").iterdir()) == ["alpha.txt"], (
        "outputs the earlier build wrote and this one does not are removed"
    )


def test_a_lost_or_corrupt_cache_means_one_full_build(newsroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_json(newsroom, out)
    (out / ".presskit-cache.json").write_text("{not json", encoding="utf-8")
    code, report = build_json(newsroom, out)
    assert code == 0 and set(statuses(report).values()) == {"built"}


def test_two_jobs_write_the_same_bytes_as_one(newsroom: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert build_json(newsroom, one, "--jobs", "1", "--pack")[0] == 0
    assert build_json(newsroom, two, "--jobs", "2", "--pack")[0] == 0
    assert tree_digest(one) == tree_digest(two)
    # per release 19 files (5 documents, 2 e-mails, 2 fact sheets, 2 contact cards, social.txt,
    # 3 images, the logo, index.html, README, manifest) and a zip; the newsroom's index and feed
    assert len(tree_digest(one)) == 3 * 20 + 2


def test_a_failing_release_does_not_stop_the_others(newsroom: Path, tmp_path: Path) -> None:
    (newsroom / "bravo" / "release.yaml").write_text("slug: bravo\nheadline: [unclosed\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", str(newsroom), "-o", str(out), "--now", NOW_BETWEEN])
    assert result.exit_code == 1
    assert "bravo/release.yaml:3:1: " in result.stderr and "2 built, 1 invalid" in result.stderr
    assert (out / "alpha" / "en-GB" / "alpha.pdf").is_file() and (out / "charlie" / "manifest.json").is_file()
    assert not (out / "bravo").exists()
    code, report = build_json(newsroom, out)
    assert code == 1 and statuses(report) == {"alpha": "skipped", "bravo": "invalid", "charlie": "skipped"}
    (bravo,) = [r for r in report["releases"] if r["status"] == "invalid"]
    assert bravo["errors"][0]["path"].endswith("bravo/release.yaml") and bravo["errors"][0]["line"] == 3


def test_a_refusal_outranks_nothing_but_input_errors(newsroom: Path, tmp_path: Path) -> None:
    (newsroom / "alpha" / "release.yaml").write_text("slug: alpha\n", encoding="utf-8")
    code, report = build_json(newsroom, tmp_path / "dist", "--public")
    assert statuses(report) == {"alpha": "invalid", "bravo": "built", "charlie": "refused"}
    assert code == 1 == report["exit_code"]


def test_a_public_build_removes_what_an_earlier_build_left_of_an_embargoed_release(
    newsroom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert build_json(newsroom, out, "--pack")[0] == 0
    assert (out / "charlie" / "en-GB" / "charlie.pdf").is_file() and (out / "charlie.zip").is_file()
    result = CliRunner().invoke(
        cli, ["build", str(newsroom), "-o", str(out), "--public", "--now", NOW_BETWEEN]
    )
    assert result.exit_code == 3
    assert "refused: charlie: under embargo" in result.stderr
    assert "removed what an earlier build left of it" in result.stderr
    assert not [p for p in out.rglob("*") if p.is_file() and "charlie" in p.name]


def test_two_releases_with_one_slug_are_both_refused_before_anything_is_written(
    newsroom: Path, tmp_path: Path
) -> None:
    copy = make_newsroom(newsroom, [Spec("delta", "2025-12-02")])
    text = (copy / "delta" / "release.yaml").read_text(encoding="utf-8")
    (copy / "delta" / "release.yaml").write_text(text.replace("slug: delta", "slug: alpha"), encoding="utf-8")
    code, report = build_json(newsroom, tmp_path / "dist")
    assert code == 1
    assert statuses(report) == {"alpha": "invalid", "bravo": "built", "charlie": "built", "delta": "invalid"}
    problems = [r["errors"][0] for r in report["releases"] if r["status"] == "invalid"]
    assert all('"alpha" is also the slug of' in p["message"] and p["line"] == 2 for p in problems)
    assert not (tmp_path / "dist" / "alpha").exists()
