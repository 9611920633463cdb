"""Compiled templates are kept between runs, and never used under other rules
(see CompiledTemplates in presskit/renderers/templating.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.bccache import Bucket

import presskit.themes.templating as templating
from presskit.errors import ValidationFailed
from presskit.themes.sandbox import SandboxedTemplates
from presskit.themes.templating import CompiledTemplates, render_template
from presskit.themes.theme import load_theme


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Compiled templates go to a folder of the test's own."""
    folder = tmp_path / "compiled"
    folder.mkdir()
    real = CompiledTemplates.__init__

    def in_folder(self: CompiledTemplates, directory: str | None = None, pattern: str = "%s") -> None:
        real(self, str(folder), pattern)

    monkeypatch.setattr(CompiledTemplates, "__init__", in_folder)
    templating._compiled_templates.cache_clear()
    templating._environment.cache_clear()
    yield folder
    templating._compiled_templates.cache_clear()
    templating._environment.cache_clear()


def fresh(folder: Path, autoescape: bool) -> SandboxedTemplates:
    """A new environment, as the next process would make it."""
    templating._environment.cache_clear()
    return templating._environment((folder,), autoescape)


def test_a_template_compiled_once_is_loaded_compiled_the_next_time(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{% for x in items %}[{{ x }}]{% endfor %}", encoding="utf-8")
    assert fresh(tmp_path, True).get_template("page.j2").render(items=[1, 2]) == "[1][2]"
    kept = list(cache_dir.iterdir())
    assert len(kept) == 1
    loaded: list[bool] = []
    original = CompiledTemplates.load_bytecode

    def spy(self: CompiledTemplates, bucket: Bucket) -> None:
        original(self, bucket)
        loaded.append(bucket.code is not None)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CompiledTemplates, "load_bytecode", spy)
        assert fresh(tmp_path, True).get_template("page.j2").render(items=[3]) == "[3]"
    assert loaded == [True]


def test_an_edited_template_is_compiled_again(tmp_path: Path, cache_dir: Path) -> None:
    page = tmp_path / "page.j2"
    page.write_text("one {{ x }}", encoding="utf-8")
    assert fresh(tmp_path, False).get_template("page.j2").render(x=1) == "one 1"
    page.write_text("two {{ x }}", encoding="utf-8")
    assert fresh(tmp_path, False).get_template("page.j2").render(x=2) == "two 2"


def test_escaping_on_and_off_never_share_compiled_code(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{{ value }}", encoding="utf-8")
    assert fresh(tmp_path, True).get_template("page.j2").render(value="<b>") == "&lt;b&gt;"
    assert fresh(tmp_path, False).get_template("page.j2").render(value="<b>") == "<b>"
    assert fresh(tmp_path, True).get_template("page.j2").render(value="<b>") == "&lt;b&gt;"
    assert len({p.name.split("-")[1] for p in cache_dir.iterdir()}) == 2, "one set of rules each"


def test_a_damaged_compiled_file_is_compiled_afresh(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{% for x in items %}{{ x }}{% endfor %}", encoding="utf-8")
    fresh(tmp_path, False).get_template("page.j2")
    for kept in cache_dir.iterdir():
        kept.write_bytes(kept.read_bytes()[:40])  # cut short
    assert fresh(tmp_path, False).get_template("page.j2").render(items="ab") == "ab"


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{{ x }}", encoding="utf-8")
    cache_dir.chmod(0o500)
    try:
        assert fresh(tmp_path, False).get_template("page.j2").render(x="ok") == "ok"
    finally:
        cache_dir.chmod(0o700)


def test_loops_in_a_cached_template_still_check_the_clock(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{% for x in items %}{% endfor %}", encoding="utf-8")
    theme = dataclasses.replace(load_theme("default"), root=tmp_path, parents=())
    for _ in range(2):  # compiled, then loaded compiled
        templating._environment.cache_clear()
        with pytest.raises(ValidationFailed) as failed:
            render_template(theme, "page.j2", {"items": range(10**7)}, autoescape=False, time_limit=0.0)
        assert "ran for more than" in failed.value.problems[0].message
    assert len(list(cache_dir.iterdir())) == 1
