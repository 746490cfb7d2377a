"""`factcheck build` end to end: real builds into temp folders, real HTML parsed."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import EXAMPLE_CONTENT, ROOT, run_cli
from golden import GOLDEN, GOLDEN_PAGES, fragment

from generator.frontmatter import split_front_matter


def tree(root: Path) -> dict[str, bytes]:
    """The site's files and their bytes; the manifest, the build's own record of them
    (their mtimes too, which differ from build to build), is compared by `manifest`."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() != ".factcheck-manifest.json"}


def manifest(root: Path) -> dict[str, tuple[int, str]]:
    """The manifest of the site in `root`, without mtimes: path -> (size, hash)."""
    data = json.loads((root / ".factcheck-manifest.json").read_text())
    return {path: (size, digest) for path, size, _, digest in data["files"]}


def test_example_site_has_every_page(example_site):
    crossref = json.loads((example_site / "crossref.json").read_text())
    for claim in crossref["claims"]:
        assert (example_site / "claims" / claim["id"] / "index.html").is_file()
    for source in crossref["sources"]:
        assert (example_site / "sources" / source["id"] / "index.html").is_file()
    for page in ("index.html", "matrix/index.html", "404.html", "about/ratings/index.html", "search/index.html",
                 "feed.xml", "sitemap.xml", "robots.txt", "assets/style.css", "pagefind/pagefind-ui.js"):
        assert (example_site / page).is_file(), page
    assert len(crossref["claims"]) >= 15


def test_crossref_evidence_is_an_exact_slice_of_the_source_body(example_site):
    crossref = json.loads((example_site / "crossref.json").read_text())
    bodies = {p.stem: split_front_matter(p.read_text(encoding="utf-8")).body
              for p in (EXAMPLE_CONTENT / "sources").glob("*.md")}
    seen = 0
    for claim in crossref["claims"]:
        for source_id, entry in claim["sources"].items():
            assert entry["stance"] in ("agrees", "differs", "silent")
            assert entry["origin"] in ("auto", "editor")
            if entry["evidence"] is not None:
                evidence = entry["evidence"]
                assert bodies[source_id][evidence["start"]:evidence["end"]] == evidence["text"]
                seen += 1
    assert seen >= 15


def test_example_covers_agree_differ_silent_and_editor_rulings(example_site):
    crossref = json.loads((example_site / "crossref.json").read_text())
    stances = {e["stance"] for c in crossref["claims"] for e in c["sources"].values()}
    origins = {e["origin"] for c in crossref["claims"] for e in c["sources"].values()}
    assert stances == {"agrees", "differs", "silent"}
    assert origins == {"auto", "editor"}
    by_id = {c["id"]: c for c in crossref["claims"]}
    assert by_id["first-european-agreement"]["sources"]["ap-2023-01-11"]["stance"] == "agrees"
    assert by_id["most-significant-in-a-century"]["sources"]["defense-news-2023-01-11"]["stance"] == "agrees"
    thursday = by_id["signed-on-thursday"]["sources"]["ap-2023-01-11"]
    assert thursday["stance"] == "differs"
    assert any(c["claim"] == "Thursday" and c["source"] == "Wednesday" for c in thursday["conflicts"])


def test_golden_fragments(example_site):
    """Key fragments match tests/golden/ (regenerate with `python tests/regenerate.py`)."""
    for page, name in GOLDEN_PAGES.items():
        if page == "crossref.json":
            continue  # the search-indexed build and the golden build differ only in pagefind/
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert fragment(example_site / page) == expected, f"{page} differs from tests/golden/{name}"
    assert (example_site / "crossref.json").read_text() == (GOLDEN / "crossref.json").read_text()


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_cli("build", "--content", EXAMPLE_CONTENT, "--out", first, "--quiet").returncode == 0
    assert run_cli("build", "--content", EXAMPLE_CONTENT, "--out", second, "--quiet").returncode == 0
    assert tree(first) == tree(second)
    assert manifest(first) == manifest(second)
    assert set(manifest(first)) == set(tree(first))


def test_rebuild_into_the_same_folder_changes_nothing(tmp_path):
    out = tmp_path / "site"
    assert run_cli("build", "--content", EXAMPLE_CONTENT, "--out", out, "--quiet", "--no-search").returncode == 0
    before = tree(out)
    assert run_cli("build", "--content", EXAMPLE_CONTENT, "--out", out, "--quiet", "--no-search").returncode == 0
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or retired folders left


def test_failed_build_leaves_the_previous_site_untouched(scratch_site, tmp_path):
    content = scratch_site({
        "sources/report.md": "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres of water.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n",
    })
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search").returncode == 0
    before = tree(out)
    (content / "claims.yaml").write_text("claims:\n  - id: dam-capacity\n    claim: [broken\n")
    result = run_cli("build", "--content", content, "--out", out, "--no-search")
    assert result.returncode == 1
    assert "claims.yaml:3:" in result.stderr and "error: YAML syntax error" in result.stderr
    assert "left unchanged" in result.stderr
    assert tree(out) == before


def test_template_error_leaves_the_previous_site_untouched(scratch_site, tmp_path):
    content = scratch_site({
        "sources/report.md": "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres of water.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n",
    })
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search").returncode == 0
    before = tree(out)
    templates = tmp_path / "templates"
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(ROOT / "templates")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    claim_template = templates / "claim.html"
    claim_template.write_text(claim_template.read_text().replace("{{ claim.text }}", "{{ claim.no_such_field }}", 1))
    result = run_cli("build", "--content", content, "--out", out, "--templates", templates, "--no-search")
    assert result.returncode != 0
    assert "no_such_field" in result.stderr
    assert tree(out) == before


def test_refuses_to_build_into_a_folder_of_someone_elses_unless_forced(scratch_site, tmp_path):
    content = scratch_site({"sources/a.md": "---\ntitle: A\n---\nText.\n",
                            "claims.yaml": "claims:\n  - id: a\n    claim: Text.\n"})
    precious = tmp_path / "precious"
    (precious / "photos").mkdir(parents=True)
    (precious / "thesis.docx").write_text("years of work")
    (precious / "photos/cat.jpg").write_bytes(b"jpg")
    (precious / "crossref.json").write_text("{}")  # a saved copy: not a sign of a site we built
    result = run_cli("build", "--content", content, "--out", precious, "--no-search")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "holds files factcheck did not write (crossref.json, photos, thesis.docx)" in result.stderr
    assert "--force" in result.stderr
    assert sorted(p.name for p in precious.iterdir()) == ["crossref.json", "photos", "thesis.docx"]
    result = run_cli("build", "--content", content, "--out", precious, "--no-search", "--force", "--quiet")
    assert result.returncode == 0, result.stderr
    assert (precious / "thesis.docx").read_text() == "years of work"
    assert (precious / "photos/cat.jpg").read_bytes() == b"jpg"
    assert (precious / "claims/a/index.html").is_file()
    assert json.loads((precious / "crossref.json").read_text())["claims"]  # --force: the build's file won
    # once built there, the folder is the build's: no --force needed, and the files stay
    (precious / "sources/a.md").parent.mkdir(exist_ok=True)
    result = run_cli("build", "--content", content, "--out", precious, "--no-search", "--quiet")
    assert result.returncode == 0, result.stderr
    assert (precious / "thesis.docx").read_text() == "years of work"


class TextAndTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_untrusted_text_is_escaped_and_raw_html_is_off(scratch_site, tmp_path):
    content = scratch_site({
        "sources/evil.md": "---\ntitle: <script>alert('t')</script> Title\noutlet: <b>Outlet</b>\n---\n"
                           "The <img src=x onerror=alert(1)> council approved the budget on Monday.\n\n"
                           "<script>alert('body')</script>\n",
        "claims.yaml": "claims:\n  - id: budget-approved\n    claim: The council approved the <em>budget</em> on Monday.\n"
                       "    summary: \"Raw <script>alert('s')</script> and [a link](javascript:alert(1))\"\n"
                       "    claimant: \"<i>Mayor</i>\"\n",
    })
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-search")
    assert result.returncode == 0, result.stderr
    for page in out.rglob("*.html"):
        parsed = parse(page)
        tags = [t for t, _ in parsed.tags]
        assert "img" not in tags and "em" not in tags and "i" not in tags, page
        scripts = [a for t, a in parsed.tags if t == "script"]
        assert all(a.get("src") or a.get("type") == "application/ld+json" for a in scripts), page
        assert not any(v.startswith("javascript:") for _, a in parsed.tags for v in a.values() if v), page
        assert not any(k.startswith("on") for _, a in parsed.tags for k in a), page
    claim_text = "".join(parse(out / "claims/budget-approved/index.html").text)
    assert "The council approved the <em>budget</em> on Monday." in claim_text
    assert "<script>alert('s')</script>" in claim_text


def test_no_inline_scripts_or_styles_in_the_example_site(example_site):
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            attrs, body = match.groups()
            assert 'type="application/ld+json"' in attrs or (body.strip() == "" and "src=" in attrs), page
        assert "<style" not in html and " style=" not in html, page


def test_editor_ruling_overrides_and_is_labelled(example_site):
    crossref = json.loads((example_site / "crossref.json").read_text())
    entry = next(c for c in crossref["claims"] if c["id"] == "years-in-the-works")["sources"]["defense-news-2023-01-11"]
    assert entry == {**entry, "stance": "silent", "origin": "editor"}
    html = (example_site / "claims/years-in-the-works/index.html").read_text()
    assert "editor's ruling" in html.replace("&#39;", "'")
    assert "Defense News does not say how long" in html


def test_claims_limited_to_listed_sources(scratch_site, tmp_path):
    content = scratch_site({
        "sources/a.md": "---\ntitle: A\n---\nThe dam holds 40 million cubic metres of water.\n",
        "sources/b.md": "---\ntitle: B\n---\nThe dam holds 40 million cubic metres of water.\n",
        "claims.yaml": "claims:\n  - id: dam\n    claim: The dam holds 40 million cubic metres.\n    sources: [b]\n",
    })
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--no-search", "--quiet").returncode == 0
    crossref = json.loads((out / "crossref.json").read_text())
    assert list(crossref["claims"][0]["sources"]) == ["b"]


def test_a_content_folder_with_only_site_yaml_builds_an_empty_site_with_search(scratch_site, tmp_path):
    # a new desk starts from nothing: Pagefind refuses an index without a word in it
    content, out = scratch_site({}), tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "warning: no claims found" in result.stderr
    assert json.loads((out / "pagefind/bundles.json").read_text()) == {"bundles": ["empty/"]}
    assert (out / "pagefind/pagefind-ui.js").is_file()
    assert "0 claims, newest first" in (out / "index.html").read_text()
    assert "No sources yet." in (out / "sources/index.html").read_text()


def test_a_sites_templates_override_the_shipped_ones_file_by_file(scratch_site, tmp_path):
    content = scratch_site({
        "sources/report.md": "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres of water.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n",
    })
    theme = tmp_path / "templates"  # beside content/: the site's own, holding one template and one asset
    (theme / "static").mkdir(parents=True)
    base = (ROOT / "templates" / "base.html").read_text()
    assert '<footer class="site-footer">' in base
    (theme / "base.html").write_text(base.replace('<footer class="site-footer">',
                                                  '<footer class="site-footer"><p>Desk theme</p>', 1))
    (theme / "static" / "style.css").write_text("body { color: teal; }\n")
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "claims/dam-capacity/index.html", "sources/report/index.html", "404.html"):
        assert "<p>Desk theme</p>" in (out / page).read_text(), page
    assert (out / "assets/style.css").read_text() == "body { color: teal; }\n"
    assert (out / "assets/search.js").read_bytes() == (ROOT / "templates/static/search.js").read_bytes()
    assert (out / "feed.xml").is_file() and (out / "sitemap.xml").is_file()

    # an edit of the override is seen by an incremental build; --templates DIR falls back alike
    (theme / "base.html").write_text(base.replace('<footer class="site-footer">',
                                                  '<footer class="site-footer"><p>Desk theme 2</p>', 1))
    assert run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search").returncode == 0
    assert "<p>Desk theme 2</p>" in (out / "claims/dam-capacity/index.html").read_text()
    other = tmp_path / "other-theme"
    other.mkdir()
    (other / "claim.html").write_text('{% extends "base.html" %}{% block main %}<p>Only claims</p>{% endblock %}\n')
    result = run_cli("build", "--content", content, "--out", out, "--templates", other, "--quiet", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "<p>Only claims</p>" in (out / "claims/dam-capacity/index.html").read_text()
    assert "Desk theme" not in (out / "index.html").read_text()
    assert (out / "assets/style.css").read_bytes() == (ROOT / "templates/static/style.css").read_bytes()
