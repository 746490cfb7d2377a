"""Editors' rulings with a quote, the review of automatic stances, and what readers see of them."""

from __future__ import annotations

import json
import re

from conftest import run_cli

SOURCE = """---
title: A report
published: 2023-01-11
---
The leaders signed the pact in Tokyo on Wednesday.
The agreement, \u201cJapan\u2019s first defence pact
with a European nation\u201d, took years to negotiate.

Officials said the weather was fine.
"""


def claims_yaml(quote: str, stance: str = "agrees") -> str:
    return f"""claims:
  - id: first-pact
    claim: It is Japan's first defence pact with a European nation.
    verdict: "true"
    stances:
      report:
        stance: {stance}
        quote: {json.dumps(quote)}
"""


def crossref(out) -> dict:
    return {c["id"]: c for c in json.loads((out / "crossref.json").read_text(encoding="utf-8"))["claims"]}


def test_a_quote_is_found_with_straight_quotes_and_other_line_breaks_and_shown_as_the_evidence(scratch_site, tmp_path):
    quote = "\"Japan's first defence pact with a European   nation\""  # straight quotes, one line, extra spaces
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(quote)})
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "--quiet", "--no-cache")
    assert result.returncode == 0, result.stderr
    body = (content / "sources/report.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    entry = crossref(out)["first-pact"]["sources"]["report"]
    evidence = entry["evidence"]
    assert evidence["text"] == body[evidence["start"]:evidence["end"]]
    assert evidence["text"] == "\u201cJapan\u2019s first defence pact\nwith a European nation\u201d"
    assert entry["origin"] == "editor" and entry["reviewed"] is True
    # what the matcher proposed is kept beside the ruling
    assert entry["automatic"]["stance"] in ("agrees", "differs", "silent")
    assert 0 <= entry["automatic"]["confidence"] <= 1
    page = (out / "claims/first-pact/index.html").read_text(encoding="utf-8")
    card = page[page.index('<section class="source-card'):]
    quoted = re.search(r'<blockquote class="evidence".*?</blockquote>', card, re.S).group(0)
    assert "European" in quoted and "took years" not in quoted
    assert "No single passage carries this" not in page
    assert f"#ev-{evidence['start']}-{evidence['end']}" in page
    source_page = (out / "sources/report/index.html").read_text(encoding="utf-8")
    assert f'id="ev-{evidence["start"]}-{evidence["end"]}"' in source_page


def test_a_quote_not_in_the_source_is_an_error_naming_the_closest_passage(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE,
                            "claims.yaml": claims_yaml("the leaders signed the deal in Tokyo on Wednesday")})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "quote" in line)
    assert re.match(r".*claims\.yaml:8:16: error: quote \"the leaders signed the deal in Tokyo on Wednesday\" is not"
                    r" in the text of source \"report\"; the closest passage is \"The leaders signed the pact in"
                    r" Tokyo on Wednesday\.\"", line), line


def test_a_quote_for_a_silent_ruling_is_an_error(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE,
                            "claims.yaml": claims_yaml("Officials said the weather was fine.", stance="silent")})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert "claims.yaml:8:16: error: a quote for source \"report\", ruled silent" in result.stderr


UNREVIEWED_CLAIMS = """claims:
  - id: signed-in-london
    claim: The leaders signed the pact in London.
    verdict: "false"
"""


def build_with(scratch_site, tmp_path, site_extra: str, name: str):
    from conftest import SCRATCH_SITE

    content = scratch_site({"site.yaml": SCRATCH_SITE + site_extra, "sources/report.md": SOURCE,
                            "claims.yaml": UNREVIEWED_CLAIMS})
    out = tmp_path / name
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "--quiet", "--no-cache")
    assert result.returncode == 0, result.stderr
    page = (out / "claims/signed-in-london/index.html").read_text(encoding="utf-8")
    return page, crossref(out)["signed-in-london"]["sources"]["report"], out


def test_unreviewed_all_shows_automatic_stances_and_crossref_says_they_are_unreviewed(scratch_site, tmp_path):
    page, entry, _ = build_with(scratch_site, tmp_path, "", "all")
    assert entry["stance"] == "differs" and entry["reviewed"] is False and entry["origin"] == "auto"
    assert "Not yet reviewed" not in page and '<blockquote class="evidence"' in page


def test_unreviewed_none_holds_every_automatic_stance_back_from_pages_but_not_from_crossref(scratch_site, tmp_path):
    page, entry, out = build_with(scratch_site, tmp_path, "unreviewed: none\n", "none")
    assert "Not yet reviewed" in page and "An editor has not yet reviewed" in page
    assert '<blockquote class="evidence"' not in page
    assert "1 differ" not in page and "0 differ" in page
    matrix = (out / "matrix/index.html").read_text(encoding="utf-8")
    assert "not yet reviewed" in matrix
    # crossref.json carries it all the same
    assert entry["stance"] == "differs" and entry["reviewed"] is False and entry["evidence"]
    assert entry["confidence"] > 0


def test_unreviewed_confident_shows_only_stances_at_or_above_the_threshold(scratch_site, tmp_path):
    _, entry, _ = build_with(scratch_site, tmp_path, "", "probe")
    confidence = entry["confidence"]  # (rounded to 3 places)
    page, _, _ = build_with(scratch_site, tmp_path, f"unreviewed: confident\nconfident_above: {confidence - 0.001}\n",
                            "at")
    assert "Not yet reviewed" not in page and '<blockquote class="evidence"' in page
    page, entry, _ = build_with(scratch_site, tmp_path,
                                f"unreviewed: confident\nconfident_above: {min(1, confidence + 0.01)}\n", "above")
    assert "Not yet reviewed" in page
    assert entry["stance"] == "differs"


def test_unreviewed_setting_is_checked(scratch_site):
    from conftest import SCRATCH_SITE

    content = scratch_site({"site.yaml": SCRATCH_SITE + "unreviewed: some\nconfident_above: 1.5\n",
                            "sources/report.md": SOURCE, "claims.yaml": UNREVIEWED_CLAIMS})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert 'site.yaml:3:13: error: unreviewed of site config is "some"; use one of: all, confident, none' \
        in result.stderr
    assert "site.yaml:4:18: error: confident_above is 1.5; write a confidence from 0 to 1" in result.stderr


COMMENTED_CLAIMS = """# Claims of the scratch desk.
claims:
  # first, the one about the place
  - id: signed-in-london
    claim: The leaders signed the pact in London.   # as the leaflet put it
    verdict: "true"
    tags: [pact]

  - id: weather   # an easy one
    claim: Officials said the weather was fine.
    verdict: 'false'
    summary: >-
      A folded summary
      on two lines.

  # the last claim
  - id: years
    claim: The agreement took years.
    stances:
      report: {stance: agrees}
    published: 2023-01-12
"""


def _added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`, asserting it removes or changes none."""
    import difflib

    added = []
    for op in difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes():
        tag, i1, i2, j1, j2 = op
        assert tag in ("equal", "insert"), (op, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
        if tag == "insert":
            added += after.splitlines()[j1:j2]
    return added


def test_review_lists_unreviewed_automatic_stances_least_confident_first(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": COMMENTED_CLAIMS})
    result = run_cli("review", "--content", content)
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    heads = [block.splitlines()[0].split() for block in blocks]
    assert {(h[0], h[1]) for h in heads} == {("signed-in-london", "report"), ("weather", "report")}  # not "years"
    confidences = [float(h[3]) for h in heads]
    assert confidences == sorted(confidences)
    london = next(b for b in blocks if b.startswith("signed-in-london"))
    assert london.splitlines()[0].split()[2] == "differs"
    assert "passage: The leaders signed the pact in Tokyo on Wednesday." in london
    assert "claims.yaml:4" in london
    assert "2 automatic stance(s) not reviewed" in result.stderr


def test_review_set_keeps_comments_order_and_formatting_of_the_claims_file(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": COMMENTED_CLAIMS})
    path = content / "claims.yaml"
    result = run_cli("review", "set", "weather", "report", "agrees", "--content", content,
                     "--quote", "Officials said the weather  was fine.", "--note", "It says: fine.")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert _added_lines(COMMENTED_CLAIMS, after) == [
        "    stances:", "      report:", "        stance: agrees", "        quote: Officials said the weather  was fine.",
        "        note: 'It says: fine.'"]
    # in the claim, before the blank line and the comment that open the next one
    assert "      on two lines.\n    stances:\n" in after and "'It says: fine.'\n\n  # the last claim\n" in after
    # a source already ruled on: its entry changes, nothing else
    result = run_cli("review", "set", "years", "report", "differs", "--content", content, "--note", "Not said.")
    assert result.returncode == 0, result.stderr
    again = path.read_text(encoding="utf-8")
    assert "report: {stance: differs, note: Not said.}" in again
    assert again.replace("report: {stance: differs, note: Not said.}", "report: {stance: agrees}") == after
    # the rulings are the editor's now
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--no-search", "--quiet", "--no-cache").returncode == 0
    entry = crossref(out)["weather"]["sources"]["report"]
    assert entry["reviewed"] is True and entry["evidence"]["text"] == "Officials said the weather was fine."


def test_review_accept_writes_the_matchers_stance_and_review_no_longer_lists_it(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": COMMENTED_CLAIMS})
    result = run_cli("review", "accept", "signed-in-london", "report", "--content", content)
    assert result.returncode == 0, result.stderr
    after = (content / "claims.yaml").read_text(encoding="utf-8")
    assert _added_lines(COMMENTED_CLAIMS, after) == ["    stances:", "      report:", "        stance: differs"]
    assert "    tags: [pact]\n    stances:\n      report:\n        stance: differs\n\n  - id: weather" in after
    listed = run_cli("review", "--content", content)
    assert "signed-in-london" not in listed.stdout and "weather report" in listed.stdout


def test_review_set_refuses_a_quote_not_in_the_source_and_unknown_ids(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": COMMENTED_CLAIMS})
    path = content / "claims.yaml"
    result = run_cli("review", "set", "weather", "report", "agrees", "--content", content,
                     "--quote", "Officials said the weather was awful.")
    assert result.returncode == 1
    assert 'the closest passage is "Officials said the weather was fine."' in result.stderr
    result = run_cli("review", "set", "wether", "report", "agrees", "--content", content)
    assert result.returncode == 1 and 'did you mean "weather"' in result.stderr
    result = run_cli("review", "accept", "weather", "reprot", "--content", content)
    assert result.returncode == 1 and 'did you mean "report"' in result.stderr
    assert path.read_text(encoding="utf-8") == COMMENTED_CLAIMS


def test_check_warns_at_the_verdict_when_sources_contradict_it(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": COMMENTED_CLAIMS})
    result = run_cli("check", "--content", content)
    assert result.returncode == 0, result.stderr
    # "true" with a confident automatic differs; "false" with a confident automatic agrees
    assert re.search(r"claims\.yaml:6:14: warning: verdict \"true\" \(True\) of claim \"signed-in-london\" is"
                     r" contradicted by sources that differ: report \(automatic, confidence 0\.\d\d\)", result.stderr)
    assert re.search(r"claims\.yaml:11:14: warning: verdict \"false\" \(False\) of claim \"weather\" is"
                     r" contradicted by sources that agree", result.stderr)
    # automatic stances alone do not fail --strict (the matcher may be wrong) ...
    assert run_cli("check", "--content", content, "--strict").returncode == 0
    # ... an editor's ruling that contradicts the verdict does
    assert run_cli("review", "accept", "signed-in-london", "report", "--content", content).returncode == 0
    result = run_cli("check", "--content", content, "--strict")
    assert result.returncode == 1
    assert 'claim "signed-in-london" is contradicted by sources that differ: report (editor\'s ruling)' in result.stderr
    # an unrated middle verdict takes no side
    (content / "claims.yaml").write_text(COMMENTED_CLAIMS.replace('verdict: "true"', "verdict: mixed")
                                         .replace("verdict: 'false'", "verdict: unproven"), encoding="utf-8")
    assert "warning" not in run_cli("check", "--content", content).stderr
