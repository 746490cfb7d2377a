"""What readers and their tools get from a built site: ClaimReview, plurals, feeds, corrections."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from conftest import run_cli

BASE = "https://scratch.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
SOURCE = "---\ntitle: Report\npublished: 2024-01-02\n---\nThe dam holds 40 million cubic metres of water.\n"


def build(content: Path, out: Path) -> Path:
    result = run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search", "--no-cache",
                     env={"SOURCE_DATE_EPOCH": "1717200000"})
    assert result.returncode == 0, result.stderr
    return out


def claim_reviews(site: Path, claim_id: str) -> list[dict]:
    extruct = pytest.importorskip("extruct")
    html = (site / "claims" / claim_id / "index.html").read_text()
    return [d for d in extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
            if d.get("@type") == "ClaimReview"]


def claims_yaml(*claims: tuple[str, str]) -> str:
    return "claims:\n" + "".join(f"  - id: {cid}\n    claim: The dam holds 40 million cubic metres.\n"
                                 f"    verdict: {verdict}\n    published: 2024-01-03\n" for cid, verdict in claims)


# --- ClaimReview ------------------------------------------------------------------

def test_a_rating_without_a_value_is_off_the_scale(scratch_site, tmp_path):
    content = scratch_site({
        "site.yaml": f"title: Scratch desk\nbase_url: {BASE}\nratings:\n"
                     "  - {key: accurate, label: Accurate, value: 10}\n"
                     "  - {key: wrong, label: Wrong, value: 2}\n"
                     "  - {key: unproven, label: Unproven}\n",
        "sources/report.md": SOURCE,
        "claims.yaml": claims_yaml(("rated", "wrong"), ("open", "unproven")),
    })
    site = build(content, tmp_path / "site")
    [rated] = claim_reviews(site, "rated")
    assert rated["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 10, "worstRating": 2,
                                     "alternateName": "Wrong"}
    [unrated] = claim_reviews(site, "open")
    assert unrated["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}
    assert unrated["claimReviewed"] and unrated["itemReviewed"]["@type"] == "Claim"
    ratings_page = (site / "about/ratings/index.html").read_text()
    assert "Unproven" in ratings_page


def test_the_default_scale_leaves_unproven_off_it(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE,
                            "claims.yaml": claims_yaml(("rated", '"false"'), ("open", "unproven"))})
    site = build(content, tmp_path / "site")
    [rated] = claim_reviews(site, "rated")
    assert (rated["reviewRating"]["ratingValue"], rated["reviewRating"]["bestRating"],
            rated["reviewRating"]["worstRating"]) == (1, 5, 1)
    [unrated] = claim_reviews(site, "open")
    assert "ratingValue" not in unrated["reviewRating"] and unrated["reviewRating"]["alternateName"] == "Unproven"


# --- Feed, sitemap and robots.txt as templates --------------------------------------

SHIPPED = Path(__file__).resolve().parent.parent / "templates"


def copy_templates(tmp_path: Path, leave_out: tuple[str, ...] = ()) -> Path:
    import shutil

    folder = tmp_path / "my-templates"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(*leave_out) if leave_out else None)
    return folder


def build_with(content: Path, out: Path, templates: Path) -> Path:
    result = run_cli("build", "--content", content, "--out", out, "--templates", templates, "--quiet",
                     "--no-search", "--no-cache", env={"SOURCE_DATE_EPOCH": "1717200000"})
    assert result.returncode == 0, result.stderr
    return out


def test_a_site_overrides_the_feed_sitemap_and_robots_templates(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(("rated", '"false"'))})
    templates = copy_templates(tmp_path)
    feed = (templates / "feed.xml").read_text()
    (templates / "feed.xml").write_text(feed.replace("  <author>", "  <rights>© {{ site.title ~ ' & co' }}</rights>\n"
                                                                 "  <author>", 1))
    robots = (templates / "robots.txt").read_text()
    (templates / "robots.txt").write_text(robots.replace("Allow: /\n", "Disallow: /search/\n"))
    sitemap = (templates / "sitemap.xml").read_text()
    (templates / "sitemap.xml").write_text(sitemap.replace("<loc>", "<changefreq>daily</changefreq><loc>"))
    site = build_with(content, tmp_path / "site", templates)
    root = ET.parse(site / "feed.xml").getroot()  # autoescaped: the "&" does not break it
    assert root.find(f"{ATOM}rights").text == "© Scratch desk & co"
    assert "Disallow: /search/\n" in (site / "robots.txt").read_text()
    assert "Allow: /\n" not in (site / "robots.txt").read_text()
    urlset = ET.parse(site / "sitemap.xml").getroot()
    assert len(urlset.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url/"
                              "{http://www.sitemaps.org/schemas/sitemap/0.9}changefreq")) > 3


def test_templates_without_the_feed_templates_fall_back_to_the_shipped_ones(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(("rated", '"false"'))})
    templates = copy_templates(tmp_path, leave_out=("feed.xml", "sitemap.xml", "robots.txt"))
    site = build_with(content, tmp_path / "site", templates)
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"{BASE}claims/rated/"]
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"
    assert (site / "sitemap.xml").read_text().startswith('<?xml version="1.0" encoding="utf-8"?>\n<urlset ')


def test_feed_escapes_text_and_attributes_as_before(scratch_site, tmp_path):
    """The escaping of the Python-made feed, kept byte for byte: text escapes &, < and >;
    attributes quotes too."""
    content = scratch_site({
        "sources/report.md": SOURCE,
        "claims.yaml": "claims:\n  - id: dam\n    claim: 'The \"new\" dam <b>holds</b> 40 million & it''s more.'\n"
                       "    tags: ['say \"when\"', \"it's <here>\"]\n    published: 2024-01-03\n",
    })
    feed = (build(content, tmp_path / "site") / "feed.xml").read_text()
    assert "<title>The \"new\" dam &lt;b&gt;holds&lt;/b&gt; 40 million &amp; it's more.</title>" in feed
    assert '<category term="say &quot;when&quot;"/>\n    <category term="it&#x27;s &lt;here&gt;"/>\n  </entry>' in feed
    assert "<updated>2024-01-03T00:00:00Z</updated>" in feed


def test_an_error_in_the_feed_template_is_one_line_at_its_template_line(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(("rated", '"false"'))})
    templates = copy_templates(tmp_path)
    lines = (templates / "feed.xml").read_text().splitlines(keepends=True)
    (templates / "feed.xml").write_text("".join(lines[:3] + ["{{ entries.nope }}\n"] + lines[3:]))
    result = run_cli("build", "--content", content, "--out", tmp_path / "site", "--templates", templates,
                     "--quiet", "--no-search", "--no-cache")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"{templates / 'feed.xml'}:4:1: error: rendering /feed.xml failed")
    assert not (tmp_path / "site").exists()


# --- Plurals ------------------------------------------------------------------------

def plural_site(scratch_site) -> Path:
    sources = {f"sources/s{n}.md": f"---\ntitle: Report {n}\n---\nReport {n} on the harbour of town {n}.\n"
               for n in range(1, 7)}
    ruled = lambda **stances: "".join(f"      {s}: {{stance: {v}}}\n" for s, v in stances.items())  # noqa: E731
    claims = ("claims:\n"
              "  - id: one-each\n    claim: The dam holds 40 million cubic metres.\n    verdict: mixed\n"
              "    sources: [s1, s2, s3]\n    stances:\n" + ruled(s1="agrees", s2="differs", s3="silent") +
              "  - id: two-each\n    claim: The dam holds 50 million cubic metres.\n    verdict: mixed\n"
              "    stances:\n" + ruled(s1="agrees", s2="agrees", s3="differs", s4="differs", s5="silent",
                                       s6="silent"))
    return scratch_site({**sources, "claims.yaml": claims})


def text_of(path: Path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", path.read_text())).split())


def meta(path: Path, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)"', path.read_text())
    assert found, name
    return unescape(found.group(1))


def test_counts_are_in_the_right_number_for_one_and_two(scratch_site, tmp_path):
    site = build(plural_site(scratch_site), tmp_path / "site")
    one, two = site / "claims/one-each/index.html", site / "claims/two-each/index.html"
    assert meta(one, "og:description") == "Our verdict: Mixed. 1 source agrees, 1 differs, 1 is silent."
    assert meta(two, "og:description") == "Our verdict: Mixed. 2 sources agree, 2 differ, 2 are silent."
    assert meta(one, "twitter:description") == meta(one, "description") == meta(one, "og:description")
    assert "1 agrees · 1 differs · 1 silent" in text_of(one)
    assert "2 agree · 2 differ · 2 silent" in text_of(two)
    assert 'aria-label="1 of 3 sources agrees, 1 differs, 1 silent"' in one.read_text()
    assert 'aria-label="2 of 6 sources agree, 2 differ, 2 silent"' in two.read_text()
    assert "Silent: 1 source does not address this claim" in text_of(one)
    assert "Silent: 2 sources do not address this claim" in text_of(two)
    assert "2 claims, newest first" in text_of(site / "index.html")
    assert "This source bears on 2 claims;" in text_of(site / "sources/s1/index.html")
    assert "This source bears on 1 claim;" in text_of(site / "sources/s4/index.html")
    assert "The 6 sources (articles" in text_of(site / "sources/index.html")
    summaries = {e.find(f"{ATOM}id").text: e.find(f"{ATOM}summary").text
                 for e in ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")}
    assert summaries == {f"{BASE}claims/one-each/": "Verdict: Mixed. Sources: 1 agrees, 1 differs, 1 silent.",
                         f"{BASE}claims/two-each/": "Verdict: Mixed. Sources: 2 agree, 2 differ, 2 silent."}


def test_one_claim_and_one_source(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(("rated", '"false"'))})
    site = build(content, tmp_path / "site")
    assert "1 claim, newest first" in text_of(site / "index.html")
    assert "The 1 source (articles" in text_of(site / "sources/index.html")


def test_the_command_line_counts_in_the_right_number(scratch_site, tmp_path):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims_yaml(("rated", '"false"'))})
    built = run_cli("build", "--content", content, "--out", tmp_path / "site", "--no-search", "--no-cache")
    assert built.returncode == 0, built.stderr
    assert ", 1 claim, 1 source [" in built.stderr
    checked = run_cli("check", "--content", content)
    assert "content is valid: 1 claim, 1 source" in checked.stderr


# --- Corrections --------------------------------------------------------------------

CORRECTED = """claims:
  - id: corrected
    claim: The dam holds 40 million cubic metres.
    verdict: "false"
    published: 2024-01-03
    updated: 2024-01-04
    corrections:
      - date: 2024-01-05
        note: The claim was first dated to **2023**.
      - date: 2024-02-01T23:30:00-05:00
        note: We named the wrong dam.
  - id: plain
    claim: The dam holds 50 million cubic metres.
    verdict: "false"
    published: 2024-01-10
  - id: corrected-before-update
    claim: The dam holds 60 million cubic metres.
    published: 2024-01-03
    updated: 2024-01-20T10:00:00Z
    verdict: "false"
    corrections:
      - {date: 2024-01-06, note: A typo.}
"""


def test_corrections_are_shown_dated_at_the_top_of_the_claim_page(scratch_site, tmp_path):
    site = build(scratch_site({"sources/report.md": SOURCE, "claims.yaml": CORRECTED}), tmp_path / "site")
    html = (site / "claims/corrected/index.html").read_text()
    article = html[html.index('<article class="claim"'):]
    aside = article[article.index('<aside class="corrections"'):article.index("</aside>")]
    assert article.index('<aside class="corrections"') < article.index('<header class="claim-header">')
    # newest first; a date-time is shown as its date in the site's timezone (UTC: 2 February)
    assert re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', aside) == [("2024-02-02", "2 February 2024"),
                                                                           ("2024-01-05", "5 January 2024")]
    assert '<p id="corrections-title" class="corrections-title">Corrections</p>' in aside
    assert "<p>We named the wrong dam.</p>" in aside and "<strong>2023</strong>" in aside  # Markdown
    assert "Last updated" in text_of(site / "claims/corrected/index.html")
    assert 'Last updated <time datetime="2024-02-02">' in html
    assert '<aside class="corrections"' not in (site / "claims/plain/index.html").read_text()
    single = (site / "claims/corrected-before-update/index.html").read_text()
    assert '<p id="corrections-title" class="corrections-title">Correction</p>' in single


def test_corrections_move_date_modified_and_the_feed(scratch_site, tmp_path):
    site = build(scratch_site({"sources/report.md": SOURCE, "claims.yaml": CORRECTED}), tmp_path / "site")
    [review] = claim_reviews(site, "corrected")
    assert review["datePublished"] == "2024-01-03"
    assert review["dateModified"] == "2024-02-01T23:30:00-05:00"  # the latest correction, as written
    [earlier] = claim_reviews(site, "corrected-before-update")
    assert earlier["dateModified"] == "2024-01-20T10:00:00+00:00"  # `updated` is later than the correction
    [plain] = claim_reviews(site, "plain")
    assert "dateModified" not in plain
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text == "2024-02-02T00:00:00Z"
    entries = {e.find(f"{ATOM}id").text.rsplit("/", 2)[-2]: e for e in feed.findall(f"{ATOM}entry")}
    assert list(entries) == ["corrected", "corrected-before-update", "plain"]  # newest change first
    assert entries["corrected"].find(f"{ATOM}updated").text == "2024-02-02T00:00:00Z"
    assert entries["corrected"].find(f"{ATOM}summary").text == (
        "Verdict: False. Sources: 1 agrees, 0 differ, 0 silent. Corrected 2 February 2024: We named the wrong dam."
        " Corrected 5 January 2024: The claim was first dated to **2023**.")
    assert entries["plain"].find(f"{ATOM}summary").text.endswith("0 silent.")


def test_a_correction_needs_a_date_and_a_note(scratch_site):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": (
        "claims:\n  - id: c\n    claim: The dam holds 40 million cubic metres.\n"
        "    corrections:\n      - date: 2024-01-05\n      - {note: x, date: 5 January}\n")})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stderr
    assert ("claims.yaml:5:" in errors[0] and 'missing required key "note"' in errors[0]), errors
    assert "claims.yaml:6:" in errors[1] and "5 January" in errors[1], errors
