"""`factcheck check`: every broken input gets its exact diagnostics, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE_CONTENT, run_cli

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "content").is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_input_reports_exact_diagnostics(case):
    """Each folder under tests/broken holds content and the exact stderr `check` must print."""
    result = run_cli("check", "--content", "content", cwd=BROKEN / case)
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected
    assert result.returncode == 1
    assert result.stdout == ""


@pytest.mark.parametrize("case", CASES)
def test_broken_build_writes_nothing(case, tmp_path):
    out = tmp_path / "site"
    result = run_cli("build", "--content", BROKEN / case / "content", "--out", out, "--no-search")
    assert result.returncode == 1
    assert "build failed" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind


def test_example_content_is_valid():
    result = run_cli("check", "--content", EXAMPLE_CONTENT)
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stderr
    assert "warning" not in result.stderr


def test_unknown_source_metadata_is_a_warning_even_with_strict(scratch_site):
    """Imported articles carry their CMS's extra metadata: --strict (netlify.toml's build)
    does not fail on it, but it does on the other warnings, such as a file it does not read."""
    content = scratch_site({
        "sources/report.md": "---\ntitle: Report\nsection: World\n---\nThe dam holds 40 million cubic metres.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n",
    })
    relaxed = run_cli("check", "--content", content)
    assert relaxed.returncode == 0
    assert 'report.md:3:1: warning: unknown key "section" in source front matter' in relaxed.stderr
    strict = run_cli("check", "--strict", "--content", content)
    assert strict.returncode == 0, strict.stderr
    assert 'warning: unknown key "section"' in strict.stderr
    (content / "sources" / "notes.txt").write_text("not an article\n", encoding="utf-8")
    strict = run_cli("check", "--strict", "--content", content)
    assert strict.returncode == 1
    assert "notes.txt:1:1: warning: not read" in strict.stderr


def test_missing_content_folder_is_a_clear_error(tmp_path):
    result = run_cli("check", "--content", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "content folder not found" in result.stderr
