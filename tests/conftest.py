"""Shared fixtures: the CLI as a subprocess, scratch sites from a dict of files, the example site."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"

SCRATCH_SITE = "title: Scratch desk\nbase_url: https://scratch.example.org/\n"


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `python -m generator ARGS` as a user would, and capture what it prints."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("SOURCE_DATE_EPOCH", None) if env is None or "SOURCE_DATE_EPOCH" not in env else None
    result = subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or ROOT,
                            capture_output=True, text=True, env=full_env, timeout=300)
    return Run(result.returncode, result.stdout, result.stderr)


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@pytest.fixture
def scratch_site(tmp_path):
    """Make a content folder from a dict of files (site.yaml defaults to a minimal one)."""

    def make(files: dict[str, str | bytes]) -> Path:
        content = tmp_path / "content"
        return write_files(content, {"site.yaml": SCRATCH_SITE, **files})

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example content, built once (with the search index) for all tests that read it."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_cli("build", "--content", EXAMPLE_CONTENT, "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out
