"""Install anywhere: a wheel of the project, installed into a fresh virtual environment,
builds a content folder that lives outside the checkout, with the templates it ships."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, write_files

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BIN = "Scripts" if os.name == "nt" else "bin"


def _pip(*args: str | os.PathLike, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=180)


def _setuptools_builds_wheels() -> bool:
    """Whether this interpreter can build the wheel without an isolated build environment:
    setuptools 70.1 and later carry bdist_wheel, older ones need the wheel package."""
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the project (a build in the checkout would leave build/
    in the working tree): offline with this interpreter's setuptools when it can, else in
    pip's isolated build environment (which fetches setuptools from the package index)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    dist = work / "dist"
    attempts = ([("--no-build-isolation",)] if _setuptools_builds_wheels() else []) + [()]
    failures = []
    for extra in attempts:
        result = _pip("wheel", "--no-deps", *extra, "-w", dist, source, cwd=work)
        wheels = sorted(dist.glob("factcheck-*.whl"))
        if result.returncode == 0 and wheels:
            return wheels[0]
        failures.append(f"pip wheel {' '.join(extra)}: {result.stderr.strip().splitlines()[-1:]}")
    pytest.skip("cannot build a wheel here (no setuptools able to build one offline, and no package index): "
                + "; ".join(failures))


def test_the_wheel_ships_templates_and_matcher_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file():
            assert f"generator/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names
    for data in [*(ROOT / "generator/matching/data").glob("*.json"),
                 *(ROOT / "generator/matching/language/data").iterdir()]:
        assert data.relative_to(ROOT).as_posix() in names


def test_an_installed_wheel_builds_a_site_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=60)
    python = venv / BIN / ("python.exe" if os.name == "nt" else "python")
    result = _pip("--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The dependencies come from the test environment, appended after the new venv's own
    # site-packages by a .pth file (its .pth files, an editable install's among them, are
    # not processed: the project itself can only come from the wheel).
    site_packages = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    outer = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site_packages / "test-dependencies.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")

    desk = tmp_path / "desk"  # no templates/ beside the content: the shipped ones are used
    write_files(desk / "content", {
        "site.yaml": "title: Desk\nbase_url: https://desk.example.org/\n",
        "sources/wire.md": "---\ntitle: Pact signed\noutlet: Wire\npublished: 2023-01-11\n---\n"
                           "The two countries signed the defence pact in Tokyo on Wednesday.\n",
        "claims.yaml": "claims:\n  - id: pact-tokyo\n    claim: The pact was signed in Tokyo.\n"
                       "    published: 2023-01-12\n",
    })
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env |= {"PYTHONNOUSERSITE": "1", "PYTHONIOENCODING": "utf-8"}
    factcheck = venv / BIN / "factcheck"

    where = subprocess.run([python, "-c", "import generator; print(generator.__file__)"], cwd=desk, env=env,
                           capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(site_packages), where.stdout

    version = subprocess.run([factcheck, "--version"], cwd=desk, env=env, capture_output=True, text=True)
    assert (version.returncode, version.stdout) == (0, f"factcheck {VERSION}\n"), version.stderr

    built = subprocess.run([factcheck, "build", "--no-search", "--quiet"], cwd=desk, env=env,
                           capture_output=True, text=True, timeout=240)
    assert built.returncode == 0, built.stderr
    site = desk / "site"
    assert "The pact was signed in Tokyo." in (site / "claims/pact-tokyo/index.html").read_text(encoding="utf-8")
    assert (site / "assets/style.css").read_bytes() == (ROOT / "templates/static/style.css").read_bytes()
    assert (site / "sources/wire/index.html").is_file()
