"""`factcheck serve`: builds, serves on localhost, rebuilds when content changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import EXAMPLE_CONTENT, ROOT


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
