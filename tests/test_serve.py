"""`factcheck serve`: builds, serves on localhost, rebuilds when content changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import EXAMPLE_CONTENT, ROOT, SCRATCH_SITE, write_files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return None


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--out", str(tmp_path / "site"),
         "--cache-dir", str(tmp_path / "cache"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}/claims/signed-in-tokyo/"
        page = wait_for(lambda: fetch(url))
        assert page is not None, "the server did not answer"
        assert "Sunak and Kishida signed the pact in Tokyo." in page
        assert "livereload.js" in page  # the browser reloads itself on rebuilds
        claims = content / "claims" / "uk-japan-pact.yaml"
        claims.write_text(claims.read_text().replace("signed the pact in Tokyo.", "signed the pact in Osaka."))
        assert wait_for(lambda: "signed the pact in Osaka." in (fetch(url) or "")), "no rebuild after an edit"
        claims.write_text(claims.read_text().replace("  - id: signed-in-tokyo\n", "  - id: Signed In Tokyo\n"))
        time.sleep(3)  # a broken edit: the last good site keeps being served
        assert "signed the pact in Osaka." in (fetch(url) or "")
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "build failed; still serving the last good site" in output
    assert "is \"Signed In Tokyo\", not a valid id" in output


def raw_request(port: int, request: str) -> str:
    """The status line the server answers to a raw HTTP request."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode("ascii"))
        return connection.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def get(port: int, host: str, origin: str | None = None) -> str:
    return raw_request(port, f"GET / HTTP/1.1\r\nHost: {host}\r\n" + (f"Origin: {origin}\r\n" if origin else "")
                       + "Connection: close\r\n\r\n")


def websocket(port: int, host: str, origin: str) -> str:
    return raw_request(port, f"GET /livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")


def test_serve_answers_only_its_own_host_and_origin_and_lives_with_editors_lock_files(tmp_path):
    """DNS rebinding: a page elsewhere must not read drafts nor open the live-reload socket
    (issue 13). An editor's lock file (a dangling link) or a folder named x.md in sources/
    must not stop the server either."""
    content = tmp_path / "content"
    write_files(content, {
        "site.yaml": SCRATCH_SITE,
        "sources/report.md": "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n",
    })
    (content / "sources" / ".#report.md").symlink_to("editor@host.4242:1700000000")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--out", str(tmp_path / "site"),
         "--cache-dir", str(tmp_path / "cache"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}/claims/dam-capacity/"
        assert wait_for(lambda: fetch(url)), "the server did not answer"
        ok, forbidden = "HTTP/1.1 200 OK", "HTTP/1.1 403 Forbidden"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
            assert get(port, host) == ok, host
        assert get(port, f"localhost:{port}", origin=f"http://localhost:{port}") == ok
        for host in (f"rebound.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"127.0.0.1.nip.io:{port}"):
            assert get(port, host) == forbidden, host
        for origin in ("http://rebound.example", f"http://rebound.example:{port}", "null",
                       f"https://127.0.0.1:{port}"):
            assert get(port, f"127.0.0.1:{port}", origin=origin) == forbidden, origin
        assert raw_request(port, "GET / HTTP/1.0\r\n\r\n") == "HTTP/1.1 403 Forbidden"  # no Host at all
        assert websocket(port, f"127.0.0.1:{port}", "http://rebound.example") == forbidden
        assert websocket(port, f"rebound.example:{port}", f"http://rebound.example:{port}") == forbidden
        assert websocket(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == "HTTP/1.1 101 Switching Protocols"
        # while serving: another lock file, a folder named like a source, then an edit
        (content / "claims.yaml.lock").mkdir()
        (content / "sources" / "draft.md").mkdir()
        (content / "sources" / "#report.md#").write_text("autosave")
        claims = content / "claims.yaml"
        claims.write_text(claims.read_text().replace("40 million", "41 million"))
        assert wait_for(lambda: "41 million" in (fetch(url) or "")), "no rebuild after an edit"
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Traceback" not in output
    assert "sources/draft.md:1:1: warning: not read: a folder" in output
