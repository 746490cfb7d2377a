"""The other commands: explain, eval, and matcher settings from site.yaml."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE_CONTENT, SHARED, run_cli

GOLD = SHARED / "eval" / "seeds"


def test_explain_shows_candidates_scores_and_reasons():
    result = run_cli("explain", "signed-on-thursday", "--content", EXAMPLE_CONTENT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("signed-on-thursday: The agreement was signed on Thursday, 12 January 2023.\n")
    assert "[ap-2023-01-11] DIFFERS (automatic, not reviewed), confidence " in out
    assert "conflict (date): claim says 'Thursday', source says 'Wednesday'" in out
    assert "top passages:" in out and "1. " in out and "features: " in out
    # a silent source is explained too: its nearest passages and why it fell short
    assert "[defense-news-2023-01-11] SILENT" in out
    silent = out.split("[defense-news-2023-01-11] SILENT", 1)[1]
    assert "nearest passages:" in silent and "probability that the source speaks to the claim" in silent


def test_explain_names_the_editors_ruling_and_the_matchers():
    out = run_cli("explain", "years-in-the-works", "--content", EXAMPLE_CONTENT).stdout
    assert "[defense-news-2023-01-11] SILENT (editor's ruling); the matcher proposed " in out
    assert "editor's note: Defense News does not say how long" in out


def test_explain_unknown_claim_suggests_a_close_id():
    result = run_cli("explain", "signed-on-thurday", "--content", EXAMPLE_CONTENT)
    assert result.returncode == 1
    assert 'no claim with id "signed-on-thurday" (did you mean "signed-on-thursday"?)' in result.stderr


@pytest.mark.skipif(not GOLD.is_dir(), reason="the development gold set (../shared/eval) is not beside the repo")
def test_eval_prints_every_metric_and_json_agrees():
    text = run_cli("eval", "--sources", GOLD / "sources", "--gold", GOLD / "gold.yaml")
    assert text.returncode == 0, text.stderr
    for needle in ("accuracy", "macro-F1", "differs", "recall@1", "agrees", "silent"):
        assert needle in text.stdout
    data = json.loads(run_cli("eval", "--sources", GOLD / "sources", "--gold", GOLD / "gold.yaml",
                              "--json").stdout)
    assert data["evidence_recall_at_1"] >= 0.75 and data["macro_f1"] >= 0.6
    assert data["pairs"] == 70 and 0 <= data["extra"]["calibration"]["ece"] < 0.2
    # story folders, several at once, with the pooled figures
    both = json.loads(run_cli("eval", GOLD, GOLD, "--json").stdout)
    assert set(both) == {"seeds", "pooled"} and both["pooled"]["pairs"] == 140


def test_eval_missing_gold_is_a_clear_error(tmp_path):
    result = run_cli("eval", "--sources", tmp_path, "--gold", tmp_path / "gold.yaml")
    assert result.returncode == 1
    assert "gold.yaml not found" in result.stderr


SOURCES = {
    "sources/herald.md": "---\ntitle: Bridge opens\noutlet: Herald\n---\n"
                         "The new bridge over the Elbe opened to traffic on Tuesday after four years of work.\n",
    "sources/courier.md": "---\ntitle: Bridge opening\noutlet: Courier\n---\n"
                          "The new bridge over the Elbe opened to traffic on Monday after four years of work.\n",
}


def test_sources_that_disagree_are_flagged_on_index_and_claim_page(scratch_site, tmp_path):
    content = scratch_site({**SOURCES, "claims.yaml": "claims:\n  - id: bridge-opened-tuesday\n"
                                                      "    claim: The Elbe bridge opened on Tuesday.\n"})
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--no-search", "-q").returncode == 0
    crossref = json.loads((out / "crossref.json").read_text())
    claim = crossref["claims"][0]
    assert {k: v["stance"] for k, v in claim["sources"].items()} == {"courier": "differs", "herald": "agrees"}
    assert claim["sources_disagree"] is True
    assert "Sources disagree" in (out / "index.html").read_text()
    assert "Sources disagree" in (out / "claims/bridge-opened-tuesday/index.html").read_text()
    assert (out / "stances/disagree/index.html").is_file()


def test_matcher_thresholds_are_settable_in_site_yaml(scratch_site, tmp_path):
    claims = "claims:\n  - id: bridge-opened-tuesday\n    claim: The Elbe bridge opened on Tuesday.\n"
    strict_site = ("title: Desk\nbase_url: https://desk.example.org/\nmatching:\n  relevant_above: 1.0\n")
    content = scratch_site({**SOURCES, "claims.yaml": claims, "site.yaml": strict_site})
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--no-search", "-q").returncode == 0
    claim = json.loads((out / "crossref.json").read_text())["claims"][0]
    # no probability reaches 1: every source is silent (near misses listed as such)
    assert {v["stance"] for v in claim["sources"].values()} <= {"silent"}
    assert claim["checked"] == 2


def test_unknown_matcher_setting_is_an_error_with_a_suggestion(scratch_site):
    content = scratch_site({**SOURCES, "site.yaml": "title: Desk\nbase_url: https://desk.example.org/\n"
                                                    "matching:\n  relevant_abov: 0.5\n"})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert 'site.yaml:4:3: error: unknown key "relevant_abov" in matching settings (did you mean "relevant_above"?)' \
        in result.stderr


def test_search_can_skip_the_full_text_of_sources(scratch_site, tmp_path):
    claims = "claims:\n  - id: bridge-opened-tuesday\n    claim: The Elbe bridge opened on Tuesday.\n"
    site = "title: Desk\nbase_url: https://desk.example.org/\nsearch:\n  full_text: false\n"
    content = scratch_site({**SOURCES, "claims.yaml": claims, "site.yaml": site})
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--no-search", "-q").returncode == 0
    html = (out / "sources/herald/index.html").read_text()
    assert '<div class="block-text" data-pagefind-ignore>' in html
    assert "data-pagefind-body" in html  # the page itself is still indexed (title, notes)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RecursionError("maximum depth\nexceeded")])
def test_an_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys, error):
    """Every failure is one line on stderr, whatever raised it (issue 13)."""
    from generator import build, cli

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(build, "check", fail)
    monkeypatch.delenv("FACTCHECK_TRACEBACK", raising=False)
    code = cli.main(["check", "--content", str(EXAMPLE_CONTENT)])
    err = capsys.readouterr().err
    assert code != 0
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and err.startswith("factcheck: ")
