"""Deploying on Netlify: netlify.toml's build and its cache plugin.

The plugin was run with Netlify's own build system (`npx @netlify/build --offline`,
twice from a fresh clone): the second build restored the cache and matched nothing
again. Here: its wiring, which a typo would break on Netlify only.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "netlify.toml").read_text())


def _default_cache_dir() -> str:
    from generator.cli import parser

    return str(parser().parse_args(["build"]).cache_dir)


def test_the_build_command_uses_the_folder_the_cache_plugin_keeps():
    command = CONFIG["build"]["command"]
    assert "factcheck build" in command and "--no-cache" not in command and "--cache-dir" not in command
    plugin = ROOT / CONFIG["plugins"][0]["package"].lstrip("/")
    assert re.search(r'const CACHE = "([^"]+)"', (plugin / "index.js").read_text()).group(1) == _default_cache_dir()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_cache_plugin_restores_before_and_saves_after_the_build():
    plugin = ROOT / CONFIG["plugins"][0]["package"].lstrip("/")
    assert re.search(r"^name: \S+", (plugin / "manifest.yml").read_text(), re.M)
    # Netlify calls the plugin's events with `utils.cache` (@netlify/cache-utils); this
    # records the calls and answers as that utility does on a first and a later build.
    script = """
    const plugin = require(process.argv[1]);
    const calls = [];
    const utils = (restored) => ({cache: {
      restore: async (path) => { calls.push(["restore", path]); return restored; },
      save: async (path) => { calls.push(["save", path]); return true; },
    }});
    (async () => {
      await plugin.onPreBuild({utils: utils(false)});
      await plugin.onPostBuild({utils: utils(false)});
      await plugin.onPreBuild({utils: utils(true)});
      console.log(JSON.stringify(calls));
    })();
    """
    result = subprocess.run(["node", "-e", script, str(plugin / "index.js")], capture_output=True, text=True,
                            check=True)
    lines = result.stdout.strip().splitlines()
    cache = _default_cache_dir()
    assert json.loads(lines[-1]) == [["restore", cache], ["save", cache], ["restore", cache]]
    assert any("starts cold" in line for line in lines) and any("restored" in line for line in lines)
