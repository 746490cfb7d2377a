"""A local server that behaves like the Netlify deployment, and Debian's Chromium under Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network and a root user (CI runs as root): no sandbox, no background traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def netlify_headers() -> dict[str, str]:
    """The headers netlify.toml sets for every page (for = "/*")."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    headers: dict[str, str] = {}
    for block in config.get("headers", []):
        if block.get("for") == "/*":
            headers.update(block["values"])
    return headers


class NetlifyLikeHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code == 404 and Path(self.directory, "404.html").is_file():  # Netlify serves /404.html
            body = Path(self.directory, "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # keep test output quiet
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(NetlifyLikeHandler, directory=str(site))
    NetlifyLikeHandler.extra_headers = netlify_headers()
    NetlifyLikeHandler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                         ".js": "text/javascript", ".wasm": "application/wasm",
                                         ".svg": "image/svg+xml"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def require_chromium() -> None:
    """Skip where Debian's chromium is absent — but never in CI, where .ci/run installs it."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
