"""The --json contract: every document names its schema, the schemas ship in the package,
and real outputs (the example, failures, refusals, packs, translations, usage errors)
validate against them.

Outputs are validated against a closed copy of each schema (every object described may
hold only the keys it names), so a key added to an output without its schema fails here;
the shipped schemas stay open, so a consumer's copy accepts later additions.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from presskit.cli import cli
from presskit.resources import json_schema, json_schemas
from tests.conftest import EXAMPLE, ROOT
from tests.newsroom_factory import Spec, make_newsroom
from tests.test_i18n import fill_xliff

BEFORE = "2025-12-11T00:00:00+00:00"  # the example is still under embargo
FAST = ["-f", "txt", "-l", "en-GB"]
SCHEMA_FILES = sorted((ROOT / "presskit" / "schemas").glob("*.json"))


def closed(schema: Any) -> Any:
    """`schema` with every object that names its properties closed to other keys."""
    if isinstance(schema, dict):
        out = {key: closed(value) for key, value in schema.items()}
        if "properties" in out and "additionalProperties" not in schema:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    return schema


def validate(document: dict[str, Any], expected: str) -> None:
    """`document` names `expected` (or presskit/error/1) and is valid under that schema, closed."""
    assert document["schema"] == expected
    path = json_schema(document["schema"])
    assert path is not None, document["schema"]
    schema = closed(json.loads(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:  # the deepest error, not oneOf's "not valid under any"
        where = "/".join(str(part) for part in error.absolute_path)
        raise jsonschema.ValidationError(f"{where}: {error.message[:300]}")


def run(*args: str) -> tuple[Result, dict[str, Any]]:
    """Run presskit; its stdout must be exactly one JSON document."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result, json.loads(result.stdout)


# ---------------------------------------------------------------------------
# The schemas themselves


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_each_schema_is_a_valid_2020_12_schema_named_after_its_file(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    name, _, version = path.stem.rpartition("-")
    assert schema["$id"] == f"urn:presskit:schema:{name}:{version}"
    report = schema["$defs"].get("report", schema)
    assert report["properties"]["schema"] == {"const": f"presskit/{name}/{version}"}


def test_the_shared_definitions_are_spelled_alike_in_every_schema() -> None:
    """Each file stands alone (a build script needs one), so the problem and error shapes are
    repeated: they must not drift apart."""
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_FILES]
    problems = {json.dumps(s["$defs"]["problem"], sort_keys=True) for s in schemas}
    assert len(problems) == 1
    error = json.loads((ROOT / "presskit" / "schemas" / "error-1.json").read_text(encoding="utf-8"))
    shape = {k: error[k] for k in ("type", "required", "properties")}
    for schema in schemas:
        if schema is not error and "error" in schema["$defs"]:
            assert {k: schema["$defs"]["error"][k] for k in shape} == shape


def test_a_key_the_schema_does_not_name_fails_validation() -> None:
    """The closed copy the tests use is what catches an undocumented key."""
    document = {"schema": "presskit/error/1", "ok": False, "exit_code": 2, "errors": []}
    with pytest.raises(jsonschema.ValidationError):
        validate(document, "presskit/error/1")  # errors may not be empty
    problem = {k: None for k in ("path", "line", "column", "field", "hint")}
    document["errors"] = [{**problem, "severity": "error", "message": "x", "surprise": 1}]
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        validate(document, "presskit/error/1")


def test_presskit_schema_prints_the_shipped_file_and_lists_them_all() -> None:
    result = CliRunner().invoke(cli, ["schema", "build"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "presskit" / "schemas" / "build-1.json").read_text(encoding="utf-8")
    assert json.loads(CliRunner().invoke(cli, ["schema", "presskit/check/1"]).stdout)["$id"].endswith(
        "check:1"
    )
    listing = CliRunner().invoke(cli, ["schema", "--list"])
    assert [line.split("\t")[0] for line in listing.stdout.splitlines()] == list(json_schemas())
    for name in ("build", "check", "pack", "i18n-status", "i18n-extract", "i18n-merge", "error"):
        assert f"presskit/{name}/1" in json_schemas()
    unknown = CliRunner().invoke(cli, ["schema", "bulid"])
    assert unknown.exit_code == 2 and "choose from build, check" in unknown.stderr


# ---------------------------------------------------------------------------
# Real outputs


def test_build_of_the_example_validates(tmp_path: Path) -> None:
    result, document = run(
        "build", str(EXAMPLE), "-o", str(tmp_path / "out"), *FAST, "--now", BEFORE, "--json"
    )
    assert result.exit_code == 0
    validate(document, "presskit/build/1")
    (release,) = document["releases"]
    assert release["slug"] == "gta-2025" and release["status"] == "built"
    for file in release["files"]:
        data = (tmp_path / "out" / file["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == file["sha256"] and len(data) == file["size"]


def test_a_newsroom_build_with_an_invalid_release_and_a_refusal_validates(tmp_path: Path) -> None:
    news = make_newsroom(
        tmp_path / "news",
        [Spec("alpha", "2025-11-02"), Spec("charlie", "2025-12-11", embargo="2025-12-11T00:01:00+00:00")],
    )
    broken = news / "broken" / "release.yaml"
    broken.parent.mkdir()
    broken.write_text("slug: broken\ndate: 2025-11-03\nheadlin: Typo\n", encoding="utf-8")
    out = tmp_path / "out"
    result, document = run("build", str(news), "-o", str(out), *FAST, "--public", "--now", BEFORE, "--json")
    assert result.exit_code == 1  # bad input outranks a refusal
    validate(document, "presskit/build/1")
    status = {r["source"].split("/")[-2]: r["status"] for r in document["releases"]}
    assert status == {"alpha": "built", "broken": "invalid", "charlie": "refused"}
    (invalid,) = [r for r in document["releases"] if r["status"] == "invalid"]
    assert any(e["field"] == "headlin" and e["line"] == 3 for e in invalid["errors"])
    assert document["newsroom"]["in_feed"] == ["alpha"]


def test_a_public_build_that_refuses_validates_and_exits_3(tmp_path: Path) -> None:
    args = ("build", str(EXAMPLE), "-o", str(tmp_path / "out"), *FAST, "--public", "--now", BEFORE)
    result, document = run(*args, "--json")
    assert result.exit_code == 3 and document["exit_code"] == 3 and document["ok"] is False
    validate(document, "presskit/build/1")
    assert document["releases"][0]["status"] == "refused" and document["releases"][0]["files"] == []


def test_pack_validates_and_names_the_zip_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "all.zip"
    args = ("pack", str(EXAMPLE), "-o", str(target), "--dist", str(tmp_path / "dist"), "-l", "en-GB")
    result, document = run(*args, "--now", BEFORE, "--json")
    assert result.exit_code == 0, result.stderr
    validate(document, "presskit/pack/1")
    (made,) = document["packs"]
    assert made["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert made["releases"] == ["gta-2025"]


def test_check_names_each_release_slug_valid_or_not(tmp_path: Path) -> None:
    news = make_newsroom(tmp_path / "news", [Spec("alpha", "2025-11-02")])
    (news / "beta").mkdir()
    (news / "beta" / "release.yaml").write_text("slug: beta\ndate: 2025-13-01\n", encoding="utf-8")
    result, document = run("check", str(news), "--now", BEFORE, "--json")
    assert result.exit_code == 1
    validate(document, "presskit/check/1")
    found = {r["slug"]: r["valid"] for r in document["releases"]}
    assert found == {"alpha": True, "beta": False}
    assert next(r for r in document["releases"] if r["slug"] == "alpha")["model"]["slug"] == "alpha"


def test_check_of_the_example_validates() -> None:
    result, document = run("check", str(EXAMPLE), "--now", BEFORE, "--json")
    assert result.exit_code == 0
    validate(document, "presskit/check/1")
    assert [r["slug"] for r in document["releases"]] == ["gta-2025"]


def test_i18n_extract_merge_and_status_validate(tmp_path: Path) -> None:
    news = tmp_path / "releases"
    shutil.copytree(ROOT / "releases", news)
    release = news / "gta-2025"
    handed = tmp_path / "de.xlf"
    result, extracted = run("i18n", "extract", str(release), "-l", "de", "-o", str(handed), "--json")
    assert result.exit_code == 0
    validate(extracted, "presskit/i18n-extract/1")
    assert extracted["files"][0]["missing"] == extracted["files"][0]["units"] > 0
    fill_xliff(handed)
    result, merged = run("i18n", "merge", str(release), str(handed), "--json")
    assert result.exit_code == 0, result.stdout
    validate(merged, "presskit/i18n-merge/1")
    assert merged["merged"][0]["status"]["missing"] == 0
    result, status = run("i18n", "status", str(news), "--json")
    validate(status, "presskit/i18n-status/1")
    assert sorted(entry["locale"] for entry in status["releases"]) == ["ar", "de", "fr"]


def test_a_refused_merge_is_an_error_document(tmp_path: Path) -> None:
    release = tmp_path / "gta-2025"
    shutil.copytree(EXAMPLE, release)
    bad = tmp_path / "fr.xlf"
    bad.write_text("<xliff version='1.2'><file", encoding="utf-8")
    result, document = run("i18n", "merge", str(release), str(bad), "--json")
    assert result.exit_code == 1
    validate(document, "presskit/error/1")


# ---------------------------------------------------------------------------
# Failing before the report: still one JSON document


@pytest.mark.parametrize(
    ("args", "field", "code"),
    [
        (["build", str(EXAMPLE), "-f", "html,epub"], "--formats", 2),
        (["build", str(EXAMPLE), "--now", "yesterday"], "--now", 2),
        (["build", str(EXAMPLE), "--jobs", "0"], "--jobs", 2),
        (["build", str(EXAMPLE), "--frobnicate"], "--frobnicate", 2),
        (["pack", str(EXAMPLE), "-o", "pack.tar"], "--output", 2),
        (["check", "/nonexistent/releases"], None, 1),
        (["i18n", "extract", str(EXAMPLE), "-l", "de", "--format", "docx"], "--format", 2),
    ],
)
def test_a_failure_before_the_report_is_one_error_document(
    args: list[str], field: str | None, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result, document = run(*args, "--json")
    assert result.exit_code == code == document["exit_code"]
    validate(document, "presskit/error/1")
    assert document["errors"][0]["field"] == field
    assert not list(tmp_path.iterdir())  # nothing was written


def test_without_json_a_usage_error_stays_click_s_message() -> None:
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-f", "epub"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid value for '-f' / '--formats'" in result.stderr


def test_json_after_a_double_dash_is_not_an_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-f", "--", "--json"])
    assert result.exit_code == 2 and result.stdout == ""


def test_the_closed_copy_leaves_the_shipped_schema_open() -> None:
    path = json_schema("build")
    assert path is not None
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert "additionalProperties" not in shipped["$defs"]["report"]
    assert closed(copy.deepcopy(shipped))["$defs"]["report"]["additionalProperties"] is False
