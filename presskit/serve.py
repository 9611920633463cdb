"""`presskit serve`: a local preview that rebuilds on change and reloads the page.

The preview listens on loopback only. Each change to the watched folders
triggers a build; a build with errors keeps the last good output served and
shows the errors in a banner on the page and on the terminal. Pages learn of
a new build by polling a tiny JSON endpoint, so no WebSocket is needed.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from presskit.errors import ExitCode, PresskitError, ValidationFailed
from presskit.publish.build import build
from presskit.publish.outcome import BuildOptions, BuildReport

STATE_PATH = "/__presskit/state"

# Injected into every served HTML page (never into built files).
RELOAD_SCRIPT = """
<script>
(() => {
  let seen = null;
  const banner = document.createElement("pre");
  banner.setAttribute("role", "alert");
  banner.style.cssText = "position:fixed;inset:auto 0 0 0;margin:0;padding:1em;max-height:40vh;" +
    "overflow:auto;background:#7f1d1d;color:#fff;font:13px/1.4 monospace;white-space:pre-wrap;z-index:99999";
  async function poll() {
    try {
      const state = await (await fetch("__STATE_PATH__", {cache: "no-store"})).json();
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      if (state.error) { banner.textContent = state.error; document.body.append(banner); }
      else { banner.remove(); }
    } catch (e) { /* the server is restarting; try again */ }
    setTimeout(poll, 700);
  }
  poll();
})();
</script>
""".replace("__STATE_PATH__", STATE_PATH)


@dataclass
class PreviewState:
    """What the pages poll: the build number and the last build's errors."""

    version: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode("utf-8")


def describe_failure(report: BuildReport) -> str | None:
    """The problems of a build as the terminal prints them, or None if it went well."""
    lines = [p.format() for o in report.outcomes for p in o.problems]
    return "\n".join(lines) if lines else None


class Previewer:
    """Builds into `options.out_dir` and records the outcome for the pages."""

    def __init__(self, paths: list[Path], options: BuildOptions, log: Callable[[str], None]) -> None:
        self.paths = paths
        self.options = options
        self.log = log
        self.state = PreviewState()

    def rebuild(self) -> None:
        try:
            report = build(self.paths, self.options)
            error = describe_failure(report)
        except ValidationFailed as failed:
            error = "\n".join(p.format() for p in failed.problems)
        except PresskitError as failure:
            error = str(failure)
        except Exception as failure:  # noqa: BLE001 - a bug must not stop the preview watching
            error = f"internal error: {type(failure).__name__}: {failure} (this is a bug; please report it)"
        with self.state.lock:
            self.state.error = error
            if error is None:
                self.state.version += 1
        self.log(error if error else f"rebuilt (build {self.state.version})")


# Names a loopback preview answers to, as they appear in a Host header.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
# A request target is ASCII without spaces (RFC 9112 3.2); browsers encode the rest.
_TARGET = re.compile(r"/[\x21-\x7e]*")
# A "%" must start an escape; a lone one is how filters get fooled.
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Control characters and backslashes never name a file the build writes.
_BAD_SEGMENT = re.compile(r"[\x00-\x1f\x7f/\\]")


def host_form(host: str) -> str:
    """`host` as a Host header spells it: lower case, IPv6 in brackets."""
    host = host.lower()
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values the preview answers: its own names, bare or with its port.

    Answering only these defeats DNS rebinding: a page on another site that
    gets its name pointed at 127.0.0.1 still sends its own name.
    """
    names = {host_form(host)}
    if names & LOOPBACK_HOSTS:
        names |= LOOPBACK_HOSTS
    return frozenset(names | {f"{name}:{port}" for name in names})


def request_segments(target: str) -> list[str] | None:
    """The decoded path segments of a request target, or None if it is malformed.

    Each segment is decoded on its own, as strict UTF-8, so an encoded slash,
    dot-dot, NUL, overlong or surrogate sequence is refused rather than
    reinterpreted. "." and empty segments are dropped; ".." is refused, since
    a browser removes it before sending and only a probe sends it.
    """
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not _TARGET.fullmatch(path) or _BAD_PERCENT.search(path):
        return None
    segments = []
    for raw in path.split("/"):
        try:
            segment = unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
        if segment == ".." or _BAD_SEGMENT.search(segment):
            return None
        if segment not in ("", "."):
            segments.append(segment)
    return segments


def locate(root: Path, segments: list[str]) -> Path | None:
    """The existing file or folder the segments name, links followed, or None if outside `root`."""
    try:
        base = root.resolve(strict=True)
        target = base.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, unreadable, too long or a link loop
        return None
    return target if target.is_relative_to(base) else None


def pages_under(root: Path, folder: Path) -> list[str]:
    """The .html pages in `folder` that stay inside `root` once links are followed.

    Both paths must be resolved. Linked folders are not descended (os.walk's
    default), so a link can neither loop nor lead the listing outside.
    """
    pages = []
    for parent, _folders, files in os.walk(folder):
        for name in files:
            path = Path(parent, name)
            if path.suffix == ".html" and locate(root, list(path.relative_to(root).parts)):
                pages.append(path.relative_to(root).as_posix())
    return sorted(pages)


class _PreviewServer(ThreadingHTTPServer):
    """A threading server that knows the Host values it answers."""

    def __init__(self, host: str, port: int, handler: Callable[..., BaseRequestHandler]) -> None:
        # HTTPServer is IPv4 only; "::1" needs the other family.
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)
        self.allowed_hosts = allowed_hosts(host, self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that hangs up mid-page is routine; keep its traceback off the terminal.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # the terminal shows builds, not every request

    def version_string(self) -> str:
        return "presskit"  # not the Python version: nothing a probe can use

    def parse_request(self) -> bool:
        """Parse as the stdlib does, then refuse a request not addressed to this server.

        Runs before any do_* method, so every method is checked. A missing or
        repeated Host gets 400 as RFC 9112 3.2 requires; every browser sends one.
        """
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        if hosts[0].strip().lower() not in self._allowed_hosts():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST)
            return False
        return True

    def _allowed_hosts(self) -> frozenset[str]:
        server = self.server
        return server.allowed_hosts if isinstance(server, _PreviewServer) else frozenset()

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.split("?")[0] == STATE_PATH:
            self._send(self.state.as_json(), "application/json")
            return
        segments = request_segments(self.path)
        if segments is None:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        root = Path(self.directory)
        target = locate(root, segments)
        if target is not None and target.is_dir():
            index = locate(root, [*segments, "index.html"])
            if index is None or not index.is_file():
                self._send(self._listing(target), "text/html; charset=utf-8")
                return
            target = index
        if target is None or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send_file(target)

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self.do_GET()  # the stdlib's would bypass the checks above; _send skips the body

    def _send_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # removed or swapped by a build since it was located
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if path.suffix == ".html":
            data = data.replace(b"</body>", RELOAD_SCRIPT.encode("utf-8") + b"</body>", 1)
            self._send(data, "text/html; charset=utf-8")
        else:
            self._send(data, self.guess_type(path))

    def _listing(self, folder: Path) -> bytes:
        pages = pages_under(Path(self.directory).resolve(), folder)
        items = "".join(f'<li><a href="/{quote(p)}">{html.escape(p)}</a></li>' for p in pages)
        body = f"<h1>presskit preview</h1><ul>{items or '<li>nothing built yet</li>'}</ul>"
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>presskit preview</title></head>'
            f"<body>{body}</body></html>"
        ).encode()

    def _send(self, data: bytes, media_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a refusal with its status line only: no page, no path, nothing echoed."""
        status = HTTPStatus(code)
        self.close_connection = True
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD" and status >= 200 and status not in (204, 304):
            self.wfile.write(body)


def make_server(previewer: Previewer, host: str, port: int) -> ThreadingHTTPServer:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise PresskitError(f"the preview serves on loopback only, not {host}")
    handler = partial(_Handler, state=previewer.state, directory=str(previewer.options.out_dir))
    return _PreviewServer(host, port, handler)


def watch_and_rebuild(
    previewer: Previewer, watched: Iterable[Path], stop: threading.Event, ready: threading.Event
) -> None:
    """Rebuild whenever a watched file changes (ignoring the output folder).

    `ready` is set once the watches are in place (the first quiet tick), so a
    change made after the server announces itself is never missed.
    """
    from watchfiles import watch

    out_dir = previewer.options.out_dir.resolve()

    def relevant(_change: Any, path: str) -> bool:
        return not Path(path).resolve().is_relative_to(out_dir)

    for changes in watch(
        *watched,
        watch_filter=relevant,
        stop_event=stop,
        debounce=200,
        rust_timeout=200,
        yield_on_timeout=True,
    ):
        ready.set()
        if changes:
            previewer.rebuild()


def serve(
    paths: list[Path], options: BuildOptions, host: str, port: int, log: Callable[[str], None]
) -> ExitCode:
    """Build, serve and rebuild on change until interrupted."""
    previewer = Previewer(paths, options, log)
    previewer.rebuild()
    server = make_server(previewer, host, port)
    stop = threading.Event()
    watched = [p if p.is_dir() else p.parent for p in paths]
    ready = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(previewer, watched, stop, ready), daemon=True)
    watcher.start()
    ready.wait(timeout=10)
    log(f"serving http://{host_form(host)}:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return ExitCode.OK
