"""A theme from anyone: its files stay inside its folders, odd files neither hang nor crash
the build, its reference.docx cannot be a zip bomb, and its templates cannot build text
beyond the output limit by any route (`~`, join, replace, format, %, padding, *, +…).

Each refusal goes through the real command line: exit code 1, one located line, no
traceback, nothing written. Cases that could hang run `presskit` in a process of its own
with a timeout, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from presskit.cli import cli
from presskit.resources import data_dir
from tests.conftest import EXAMPLE, ROOT

NOW = "2025-12-10T18:00:00+00:00"
MiB = 1 << 20
DEFAULT_REFERENCE = ROOT / "templates" / "default" / "reference.docx"
SECRET = "root:x:0:0:the secret nobody may publish"


def presskit(cwd: Path, *args: str) -> tuple[int, str]:
    """`presskit ARGS` in a process of its own, run in `cwd` (so paths show relative to it):
    its exit code and everything it printed."""
    command = [sys.executable, "-c", "from presskit.cli import main; main()", *args]
    done = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, done.stdout + done.stderr


def build(tmp_path: Path, theme: Path, formats: str = "txt") -> tuple[int, str]:
    return presskit(
        tmp_path, "build", str(EXAMPLE), "-o", "out", "-f", formats, "--theme", str(theme), "--now", NOW
    )


def a_theme(tmp_path: Path, yaml: str = "extends: default\n", name: str = "t") -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(yaml, encoding="utf-8")
    return folder


def a_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def refused(code: int, output: str, tmp_path: Path, expected: str, where: str | None = None) -> None:
    """Exit code 1, the one line expected (starting with `where`, the file and line, when
    given), no traceback, no secret shown, nothing written."""
    assert code == 1, output
    assert "Traceback" not in output and SECRET not in output, output
    lines = [line for line in output.splitlines() if expected in line]
    assert len(lines) == 1 and (where is None or lines[0].startswith(where)), output
    assert not (tmp_path / "out" / "gta-2025").exists()


# --------------------------------------------------------------------------
# Links out of the theme's folders


def test_a_template_linked_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    secret = a_secret(tmp_path)
    (theme / "release.txt.j2").symlink_to(secret)
    code, output = build(tmp_path, theme)
    refused(
        code,
        output,
        tmp_path,
        f"template: release.txt.j2 links to {secret}, outside the theme's folders "
        "(copy the file into the theme folder rather than linking to it)",
        "t/release.txt.j2: ",
    )


def test_a_template_linked_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    (theme / "release.html.j2").symlink_to("/etc/passwd")
    code, output = build(tmp_path, theme, "html")
    refused(
        code,
        output,
        tmp_path,
        "template: release.html.j2 links to /etc/passwd, outside the theme's folders",
        "t/release.html.j2: ",
    )


def test_a_template_included_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    secret = a_secret(tmp_path)
    (theme / "partials").symlink_to(secret.parent, target_is_directory=True)
    (theme / "release.txt.j2").write_text(
        '{{ headline }}\n{% include "partials/secret.txt" %}\n', encoding="utf-8"
    )
    code, output = build(tmp_path, theme)
    refused(
        code,
        output,
        tmp_path,
        f"template: secret.txt links to {secret}, outside the theme's folders",
    )


def test_a_theme_yaml_linked_outside_is_refused(tmp_path: Path) -> None:
    theme = tmp_path / "t"
    theme.mkdir()
    outside = tmp_path / "elsewhere" / "theme.yaml"
    outside.parent.mkdir()
    outside.write_text("extends: default\n", encoding="utf-8")
    (theme / "theme.yaml").symlink_to(outside)
    code, output = build(tmp_path, theme)
    refused(
        code,
        output,
        tmp_path,
        f"theme.yaml: theme.yaml links to {outside}, outside the theme's folders",
        "t/theme.yaml: ",
    )


def test_a_reference_docx_linked_outside_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    outside = tmp_path / "elsewhere" / "reference.docx"
    outside.parent.mkdir()
    outside.write_bytes(DEFAULT_REFERENCE.read_bytes())
    (theme / "reference.docx").symlink_to(outside)
    code, output = build(tmp_path, theme, "docx")
    refused(
        code,
        output,
        tmp_path,
        f"reference.docx: reference.docx links to {outside}, outside the theme's folders",
        "t/reference.docx: ",
    )


def test_links_within_the_theme_its_parent_and_the_built_in_themes_are_fine(tmp_path: Path) -> None:
    parent = a_theme(tmp_path, name="parent")
    (parent / "plain.txt.j2").write_text("PARENT {{ headline }}\n", encoding="utf-8")
    theme = a_theme(tmp_path, "extends: ../parent\n")
    (theme / "parts").mkdir()
    (theme / "parts" / "head.j2").write_text("OWN {{ headline }}\n", encoding="utf-8")
    (theme / "head.j2").symlink_to("parts/head.j2")
    (theme / "from-parent.j2").symlink_to(parent / "plain.txt.j2")
    (theme / "_release.css.j2").symlink_to(data_dir("templates") / "default" / "_release.css.j2")
    (theme / "release.txt.j2").write_text(
        '{% include "head.j2" %}{% include "from-parent.j2" %}{% include "default/release.txt.j2" %}',
        encoding="utf-8",
    )
    code, output = build(tmp_path, theme, "txt,html")
    assert code == 0, output
    text = (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.txt").read_text(encoding="utf-8")
    assert text.startswith("OWN ") and "\nPARENT " in text and "-Ends-" in text


# --------------------------------------------------------------------------
# Pipes, devices and broken links: never read for ever


def test_an_editors_lock_link_beside_the_templates_is_ignored(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    (theme / ".#release.html.j2").symlink_to("press@office.example.4242:1765000000")  # how Emacs writes it
    code, output = build(tmp_path, theme, "txt,html")
    assert code == 0, output


def test_a_pipe_the_theme_never_uses_is_ignored(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    os.mkfifo(theme / "notes.fifo")
    code, output = build(tmp_path, theme, "txt,html")
    assert code == 0, output


def test_a_template_that_is_a_broken_link_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    (theme / "release.txt.j2").symlink_to("release-old.txt.j2")
    code, output = build(tmp_path, theme)
    refused(
        code,
        output,
        tmp_path,
        "template: the template is a broken link (remove the link or point it at a file)",
        "t/release.txt.j2: ",
    )


def test_a_template_that_is_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    os.mkfifo(theme / "release.txt.j2")
    started = time.monotonic()
    code, output = build(tmp_path, theme)
    refused(
        code,
        output,
        tmp_path,
        "template: the template is a named pipe, not a regular file",
        "t/release.txt.j2: ",
    )
    assert time.monotonic() - started < 30


def test_a_template_linked_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    (theme / "release.html.j2").symlink_to("/dev/zero")
    code, output = build(tmp_path, theme, "html")
    refused(
        code,
        output,
        tmp_path,
        "template: release.html.j2 links to /dev/zero, outside the theme's folders",
        "t/release.html.j2: ",
    )


def test_a_theme_yaml_that_is_a_named_pipe_is_refused(tmp_path: Path) -> None:
    theme = tmp_path / "t"
    theme.mkdir()
    os.mkfifo(theme / "theme.yaml")
    code, output = build(tmp_path, theme)
    refused(code, output, tmp_path, "is a named pipe, not a regular file", "t/theme.yaml: ")


def test_a_reference_docx_that_is_a_named_pipe_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    os.mkfifo(theme / "reference.docx")
    code, output = build(tmp_path, theme, "docx")
    refused(
        code, output, tmp_path, "reference.docx: the reference.docx is a named pipe", "t/reference.docx: "
    )


def test_a_reference_docx_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    (theme / "reference.docx").symlink_to("/dev/zero")
    code, output = build(tmp_path, theme, "docx")
    refused(
        code,
        output,
        tmp_path,
        "reference.docx: reference.docx links to /dev/zero, outside the theme's folders",
        "t/reference.docx: ",
    )


# --------------------------------------------------------------------------
# reference.docx: sized before python-docx unpacks it


@functools.cache
def reference_bomb() -> bytes:
    """The shipped reference.docx with a word/styles.xml inflating to 1 GiB of blanks (a 1 MB
    file). After a full flush, deflate packs each MiB of blanks into the same bytes."""
    block = b" " * MiB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = (packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)) * 1024 + packer.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(block, crc)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(DEFAULT_REFERENCE) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename != "word/styles.xml":
                target.writestr(entry, source.read(entry))
        info = zipfile.ZipInfo("word/styles.xml", date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type, info.CRC, info.file_size, info.compress_size = (
            zipfile.ZIP_DEFLATED,
            crc,
            1 << 30,
            len(packed),
        )
        info.header_offset = target.fp.tell()  # type: ignore[union-attr]
        target.fp.write(info.FileHeader(zip64=False) + packed)  # type: ignore[union-attr]
        target.start_dir = target.fp.tell()  # type: ignore[union-attr]
        target.filelist.append(info)
        target.NameToInfo[info.filename] = info
    return out.getvalue()


def test_a_reference_docx_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = a_theme(tmp_path)
    (theme / "reference.docx").write_bytes(reference_bomb())
    assert (theme / "reference.docx").stat().st_size < 2 * MiB
    monkeypatch.chdir(tmp_path)
    tracemalloc.start()
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["build", str(EXAMPLE), "-o", "out", "-f", "docx", "--theme", str(theme), "--now", NOW]
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    refused(
        result.exit_code,
        result.output,
        tmp_path,
        "t/reference.docx: reference.docx: cannot be used as the Word reference document: it would unpack "
        "to 1,07",
    )
    assert "over the limit of 100 MB" in result.stderr
    assert time.monotonic() - started < 10 and peak < 100 * MiB


def test_a_reference_docx_with_a_part_of_extreme_ratio_is_refused(tmp_path: Path) -> None:
    theme = a_theme(tmp_path)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(DEFAULT_REFERENCE) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/media/padding.bin", b"\0" * (20 * MiB))
    (theme / "reference.docx").write_bytes(out.getvalue())
    code, output = build(tmp_path, theme, "docx")
    refused(
        code, output, tmp_path, "reference.docx: cannot be used as the Word reference", "t/reference.docx: "
    )
    assert "has a part (word/media/padding.bin) that would expand" in output


# --------------------------------------------------------------------------
# Templates that build text beyond the output limit, by every route


BIG = '{% set s = "x" * 2000000 %}'  # 2 MB: ten of them pass the 20 MB limit
GROWING = {
    "~": BIG + "{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s }}",
    "~ of a list": BIG + '{{ [s] * 11 ~ "" }}',
    "printing a list": BIG + "{{ [s] * 11 }}",
    "|join": BIG + "{{ ([s] * 11)|join }}",
    "|join with a separator": "{{ range(100)|join('x' * 300000) }}",
    "|join of an attribute": BIG + '{% set ns = namespace(s=s) %}{{ ([ns] * 11)|join(attribute="s") }}',
    "str.join": BIG + '{{ "".join([s] * 11) }}',
    "|replace": '{{ ("a" * 100000)|replace("a", "x" * 300) }}',
    "str.replace": '{{ ("a" * 100000).replace("a", "x" * 300) }}',
    "|format": BIG + '{{ "%s%s%s%s%s%s%s%s%s%s%s"|format(s, s, s, s, s, s, s, s, s, s, s) }}',
    "% with a width from the values": '{{ "%*s" % (30000000, "x") }}',
    "% of one value many times": BIG
    + '{{ "%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s%(a)s" % {"a": s} }}',
    "str.format of one value many times": BIG + '{{ "{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}".format(s) }}',
    "|center": '{{ "x"|center(30000000) }}',
    "|indent by a string": '{{ ("a\\n" * 100000)|indent("x" * 300) }}',
    "|wordwrap with a long wrapstring": '{{ ("a " * 100000)|wordwrap(1, wrapstring="x" * 300) }}',
    "str.center": '{{ "x".center(30000000) }}',
    "str.translate": '{{ ("a" * 100000).translate({97: "x" * 300}) }}',
    "*": '{{ "x" * 30000000 }}',
    "+": BIG + "{{ s + s + s + s + s + s + s + s + s + s + s }}",
    "|sum of lists": "{{ ([[1] * 100] * 100000)|sum(start=[]) }}",
    "|batch padding": "{{ [1]|batch(30000000, 0)|list }}",
    "|tojson with a wide indent": "{{ [[[[1]]]]|tojson(30000000) }}",
    "|pprint of a repeated string": BIG + "{{ ([s] * 11)|pprint }}",
    "{% filter center %}": "{% filter center(30000000) %}x{% endfilter %}",
    "namespace doubling": '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
}
# Text it builds and throws away counts too: each piece is under the limit, all of them are not.
KEPT = {
    "keeping fresh strings": "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
    '{% set ns.l = ns.l + [("x" * 5000000) ~ i] %}{% endfor %}',
}


def build_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str) -> tuple[int, str, int]:
    """Build the example's web page with `template` as the theme's page: exit code, output, peak memory."""
    theme = a_theme(tmp_path)
    (theme / "release.html.j2").write_text(template + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    tracemalloc.start()
    result = CliRunner().invoke(
        cli, ["build", str(EXAMPLE), "-o", "out", "-f", "html", "--theme", str(theme), "--now", NOW]
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result.exit_code, result.output, peak


@pytest.mark.parametrize("template", list(GROWING.values()), ids=list(GROWING))
def test_text_beyond_the_limit_is_refused_before_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    started = time.monotonic()
    code, output, peak = build_in_process(tmp_path, monkeypatch, template)
    # The 20 MB limit, or (for `s + s + …`, which copies its partial sums) the 100 MB made in all.
    refused(code, output, tmp_path, "template: the template made more than ", "t/release.html.j2:1: ")
    assert "; while rendering gta-2025 (en-GB) from " in output
    assert time.monotonic() - started < 10
    assert peak < 60 * MiB  # 2 MB strings, refused before the 20 MB is made


@pytest.mark.parametrize("template", list(KEPT.values()), ids=list(KEPT))
def test_text_made_and_kept_in_all_is_limited_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    code, output, peak = build_in_process(tmp_path, monkeypatch, template)
    refused(
        code,
        output,
        tmp_path,
        "t/release.html.j2:1: template: the template made more than 100 MB of text in all",
    )
    assert peak < 200 * MiB


def test_big_integers_are_refused_before_they_are_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    squaring = "{% set ns = namespace(n=10**15000) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}"
    started = time.monotonic()
    code, output, _ = build_in_process(tmp_path, monkeypatch, squaring)
    refused(
        code, output, tmp_path, "t/release.html.j2:1: template: the template made more than 20 MB of text"
    )
    assert time.monotonic() - started < 10


def test_the_same_operations_at_a_page_s_sizes_work_as_jinja_s_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = (
        '{% set ns = namespace(s="") %}{% for i in range(3) %}{% set ns.s = ns.s ~ i %}{% endfor %}'
        "<p>{{ ns.s }}|{{ 'ab'[:1] ~ '<' }}|{{ [1, 2]|join(', ') }}|{{ 'a-b'|replace('-', '+') }}"
        "|{{ '%05d|%s'|format(42, '<y>') }}|{{ '{:>4}'.format('r') }}|{{ 'x'|center(5) }}"
        "|{{ 'a\\nb'|indent(2) }}|{{ [1] * 2 }}|{{ 'ab' + 'c' }}|{{ [[1], [2]]|sum(start=[]) }}"
        "|{{ {'k': '<v>'}|tojson }}|{{ ('%s' % 7) ~ ('%(a)s' % {'a': 8}) }}|{{ 'q'.ljust(3, '.') }}</p>"
    )
    code, output, _ = build_in_process(tmp_path, monkeypatch, template)
    assert code == 0, output
    page = (tmp_path / "out" / "gta-2025" / "en-GB" / "gta-2025.html").read_text(encoding="utf-8")
    assert page.startswith(
        "<p>012|a&lt;|1, 2|a+b|00042|&lt;y&gt;|   r|  x  |a\n  b|[1, 1]|abc|[1, 2]"
        '|{"k": "\\u003cv\\u003e"}|78|q..</p>'
    ), page[:300]
