"""`presskit serve` answers only its own name and only files inside its folder.

Every case is a real HTTP request, written byte by byte to a socket, to a
preview bound to 127.0.0.1 on an ephemeral port: the stdlib clients would
normalise away exactly the bytes under test.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from presskit.publish.outcome import BuildOptions
from presskit.serve import Previewer, allowed_hosts, make_server

TIMEOUT = 5.0  # seconds per request: a hung server fails the test instead of the run
PAGE = "release/en-GB/page.html"
SECRET = "TOPSECRET"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Preview:
    port: int
    root: Path

    def send(self, raw: bytes) -> Answer:
        """Write `raw` as the whole request and read the answer until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT) as conn:
            conn.sendall(raw)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
        return Answer(int(status_line.split()[1]), headers, body)

    def get(self, target: str, host: str | None = "", method: str = "GET") -> Answer:
        """Request `target` with Host `host` ("" for the server's own, None for none)."""
        host_line = "" if host is None else f"Host: {host or f'127.0.0.1:{self.port}'}\r\n"
        return self.send(f"{method} {target} HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n".encode())


def build_tree(tmp_path: Path) -> Path:
    """An output folder with a page, and links that stay inside, lead outside or loop."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.html").write_text(f"<html><body>{SECRET}</body></html>", "utf-8")
    out = tmp_path / "out"
    (out / "release" / "en-GB").mkdir(parents=True)
    (out / PAGE).write_text("<html><body><h1>Preview</h1></body></html>", "utf-8")
    (out / "notes.txt").write_text("plain notes", "utf-8")
    (out / "alias.html").symlink_to(out / PAGE)  # inside: still served
    (out / "mirror").symlink_to(out / "release")  # a linked folder inside: still served
    (out / "etclink").symlink_to("/etc")
    (out / "leak.html").symlink_to(secret / "secret.html")
    (out / "leakdir").symlink_to(secret)
    (out / "loop").symlink_to(out / "loop")
    return out


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    out = build_tree(tmp_path)
    options = BuildOptions(now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), out_dir=out)
    server = make_server(Previewer([], options, log=lambda _line: None), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Preview(server.server_address[1], out)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture(autouse=True)
def no_traceback(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Whatever a case sends, nothing reaches the terminal: no traceback, no request log."""
    yield
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def assert_refused(answer: Answer, status: int) -> None:
    """A refusal is its status line and nothing else: no page, no path, no file contents."""
    assert answer.status == status
    assert answer.body.decode().startswith(f"{status} ") and len(answer.body) < 40
    assert answer.headers["content-type"].startswith("text/plain")
    assert "python" not in answer.headers.get("server", "").lower()


# -- Host header: DNS rebinding ---------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example",
        "localhost.evil.example:{port}",
        "user@127.0.0.1:{port}",
        "127.0.0.2:{port}",
        "0.0.0.0:{port}",
        "",  # present but empty
    ],
)
def test_a_foreign_host_is_misdirected(preview: Preview, host: str) -> None:
    answer = preview.get("/" + PAGE, host=host.format(port=preview.port) or " ")
    assert_refused(answer, 421)


@pytest.mark.parametrize("host", ["127.0.0.1:1", "localhost:{other}", "[::1]:{other}", "127.0.0.1:"])
def test_a_host_with_another_port_is_misdirected(preview: Preview, host: str) -> None:
    assert_refused(preview.get("/" + PAGE, host=host.format(other=preview.port + 1)), 421)


def test_a_request_without_host_is_refused(preview: Preview) -> None:
    # HTTP/1.0 allows it, but no browser omits it, and its origin cannot be checked.
    assert_refused(preview.send(b"GET /notes.txt HTTP/1.0\r\n\r\n"), 400)
    assert_refused(preview.get("/notes.txt", host=None), 400)


def test_two_host_headers_are_refused(preview: Preview) -> None:
    raw = f"GET /notes.txt HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nHost: evil.example\r\n\r\n"
    assert_refused(preview.send(raw.encode()), 400)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LocalHost:{port}", "[::1]", "[::1]:{port}"],
)
def test_the_servers_own_names_are_answered(preview: Preview, host: str) -> None:
    answer = preview.get("/notes.txt", host=host.format(port=preview.port))
    assert answer.status == 200 and answer.body == b"plain notes"


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "OPTIONS"])
def test_every_method_and_the_state_endpoint_check_the_host(preview: Preview, method: str) -> None:
    answer = preview.get("/__presskit/state", host="evil.example", method=method)
    assert answer.status == 421 and b"version" not in answer.body


def test_head_is_checked_like_get(preview: Preview) -> None:
    assert preview.get("/notes.txt", method="HEAD").status == 200
    assert preview.get("/etclink/passwd", method="HEAD").status == 404
    assert preview.get("/leak.html", method="HEAD").body == b""


def test_a_named_host_is_allowed_with_loopback_forms_only_for_loopback() -> None:
    assert allowed_hosts("press.example", 8000) == {"press.example", "press.example:8000"}
    assert allowed_hosts("::1", 8000) >= {"[::1]:8000", "localhost", "127.0.0.1:8000"}
    assert "localhost:8001" not in allowed_hosts("localhost", 8000)


# -- Malformed paths: 400, never a traceback --------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/a%00b",  # NUL
        "/notes.txt%00.html",
        "/a%0ab",  # newline
        "/%zz",  # not an escape
        "/notes.txt%2",  # truncated escape
        "/%",
        "/%ff",  # not UTF-8
        "/%c0%ae%c0%ae/etc/passwd",  # overlong "."
        "/%e0%80%af",  # overlong "/"
        "/%ed%a0%80",  # a UTF-16 surrogate
        "/r\xe9sum\xe9.html",  # raw non-ASCII bytes in the request line
        "http://evil.example/notes.txt",  # absolute form: its authority would bypass Host
        "*",
    ],
)
def test_an_invalid_path_is_a_bad_request(preview: Preview, target: str) -> None:
    raw = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nConnection: close\r\n\r\n"
    assert_refused(preview.send(raw.encode("latin-1")), 400)


def test_an_overlong_request_line_is_refused_quietly(preview: Preview) -> None:
    assert_refused(preview.get("/" + "a" * 70000), 414)


# -- Traversal: nothing outside the folder, however spelled -----------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/../secret/secret.html",
        "/release/../../secret/secret.html",
        "/%2e%2e/secret/secret.html",
        "/%2E%2E%2fsecret%2fsecret.html",
        "/..%2fsecret%2fsecret.html",
        "/release%2f..%2f..%2fsecret%2fsecret.html",  # encoded slashes
        "/..\\secret\\secret.html",  # backslashes
        "/%5c..%5csecret%5csecret.html",
        "/release/en-GB/..%5c..%5c..%5csecret%5csecret.html",
    ],
)
def test_traversal_is_refused(preview: Preview, target: str) -> None:
    answer = preview.get(target)
    assert_refused(answer, 400)
    assert SECRET.encode() not in answer.body


@pytest.mark.parametrize("target", ["//etc/passwd", "/./etc/passwd", "/etc/passwd", "/.//..//secret"])
def test_an_absolute_looking_path_stays_inside(preview: Preview, target: str) -> None:
    # Empty and "." segments are dropped; what is left is looked up inside the folder only.
    answer = preview.get(target)
    assert answer.status in (400, 404) and b"root:" not in answer.body


# -- Symbolic links ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etclink/passwd", "/etclink/", "/etclink", "/etclink/hostname"])
def test_a_link_to_etc_is_not_followed(preview: Preview, target: str) -> None:
    assert os.path.isdir("/etc")
    assert_refused(preview.get(target), 404)


@pytest.mark.parametrize("target", ["/leak.html", "/leakdir/secret.html", "/leakdir/", "/loop", "/loop/x"])
def test_a_link_leading_outside_or_looping_is_not_found(preview: Preview, target: str) -> None:
    answer = preview.get(target)
    assert_refused(answer, 404)
    assert SECRET.encode() not in answer.body


@pytest.mark.parametrize("target", ["/alias.html", "/mirror/en-GB/page.html", "/" + PAGE])
def test_a_link_inside_the_folder_is_served(preview: Preview, target: str) -> None:
    answer = preview.get(target)
    assert answer.status == 200 and b"<h1>Preview</h1>" in answer.body
    assert b"/__presskit/state" in answer.body, "the reload script is injected"


def test_the_listing_shows_only_pages_inside(preview: Preview) -> None:
    answer = preview.get("/")
    assert answer.status == 200
    assert f'href="/{PAGE}"'.encode() in answer.body and b'href="/alias.html"' in answer.body
    for outside in (b"leak", b"secret", b"etclink", b"passwd", b"loop"):
        assert outside not in answer.body


@pytest.mark.parametrize(
    "target",
    [
        "/release/en-GB/nothing-here.html",
        "/" + "%41" * 20000,  # a name too long for the file system, under the 64 KiB request line
        "/notes.txt/x",  # a file used as a folder
    ],
)
def test_a_missing_file_says_only_not_found(preview: Preview, target: str) -> None:
    answer = preview.get(target)
    assert_refused(answer, 404)
    assert str(preview.root).encode() not in answer.body
