"""`presskit serve`: a local preview that rebuilds on change and reloads the page.

The preview listens on loopback only. Each change to the watched folders
triggers a build; a build with errors keeps the last good output served and
shows the errors in a banner on the page and on the terminal. Pages learn of
a new build by polling a tiny JSON endpoint, so no WebSocket is needed.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from presskit.build import BuildOptions, BuildReport, build
from presskit.errors import ExitCode, PresskitError, ValidationFailed

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
        with self.state.lock:
            self.state.error = error
            if error is None:
                self.state.version += 1
        self.log(error if error else f"rebuilt (build {self.state.version})")


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # the terminal shows builds, not every request

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.split("?")[0] == STATE_PATH:
            self._send(self.state.as_json(), "application/json")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not (target / "index.html").exists():
            self._send(self._listing(target), "text/html; charset=utf-8")
            return
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode("utf-8") + b"</body>", 1)
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _listing(self, folder: Path) -> bytes:
        root = Path(self.directory)
        pages = sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.html"))
        items = "".join(f'<li><a href="/{html.escape(p)}">{html.escape(p)}</a></li>' for p in pages)
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
        self.end_headers()
        self.wfile.write(data)


def make_server(previewer: Previewer, host: str, port: int) -> ThreadingHTTPServer:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise PresskitError(f"the preview serves on loopback only, not {host}")
    handler = partial(_Handler, state=previewer.state, directory=str(previewer.options.out_dir))
    return ThreadingHTTPServer((host, port), handler)


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
    log(f"serving http://{host}:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return ExitCode.OK
