"""The built example site is valid, linked, discoverable: HTML checker, links, structured data, feeds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import ROOT, run_cli

VNU = ROOT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE = "https://factcheck-example.netlify.app/"


def test_nu_html_checker_reports_no_errors(example_site):
    if not VNU.is_file() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or java missing: run `npm ci --prefix tests` and install Java")
        pytest.skip("the Nu HTML Checker needs `npm ci --prefix tests` and Java")
    pages = sorted(str(p) for p in example_site.rglob("*.html") if "pagefind" not in p.parts)
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    assert len(pages) >= 20


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append(attrs[name])


def scan(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, url_path: str) -> Path | None:
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def test_every_internal_link_and_anchor_resolves(example_site):
    pages = sorted(p for p in example_site.rglob("*.html") if "pagefind" not in p.parts)
    ids = {p: scan(p).ids for p in pages}
    broken = []
    checked = 0
    for page in pages:
        relative = page.relative_to(example_site).as_posix()
        if relative == "404.html":
            continue  # root-absolute links, checked below
        page_url = BASE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        for link in scan(page).links:
            absolute = urljoin(page_url, link)
            if not absolute.startswith(BASE):
                continue
            parsed = urlparse(absolute)
            target = resolve(example_site, parsed.path)
            checked += 1
            if target is None:
                broken.append(f"{relative}: {link}")
            elif parsed.fragment and not parsed.fragment.startswith(":~:") and target.suffix == ".html":
                if parsed.fragment not in ids.get(target, scan(target).ids):
                    broken.append(f"{relative}: {link} (no such anchor)")
    not_found = scan(example_site / "404.html")
    for link in not_found.links:
        if link.startswith("/"):
            checked += 1
            if resolve(example_site, urlparse(link).path) is None:
                broken.append(f"404.html: {link}")
    assert broken == []
    assert checked > 200


def test_claim_pages_carry_claimreview_structured_data(example_site):
    extruct = pytest.importorskip("extruct")
    crossref = json.loads((example_site / "crossref.json").read_text())
    ratings = {"true": 5, "mostly-true": 4, "mixed": 3, "mostly-false": 2, "false": 1, "unproven": None}
    for claim in crossref["claims"]:
        html = (example_site / "claims" / claim["id"] / "index.html").read_text()
        data = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
        reviews = [d for d in data if d.get("@type") == "ClaimReview"]
        if claim["verdict"] is None:
            assert reviews == []
            continue
        assert len(reviews) == 1, claim["id"]
        review = reviews[0]
        assert review["claimReviewed"] == claim["claim"]
        assert review["url"] == f"{BASE}claims/{claim['id']}/"
        assert review["datePublished"]
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]
        rating = review["reviewRating"]
        if ratings[claim["verdict"]] is None:  # off the scale: its name, no number
            assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()
        else:
            assert rating["ratingValue"] == ratings[claim["verdict"]]
            assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
        assert rating["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"
    with_claimant = (example_site / "claims/signed-in-tokyo/index.html").read_text()
    item = extruct.extract(with_claimant, base_url=BASE, syntaxes=["json-ld"])["json-ld"][0]["itemReviewed"]
    assert item["author"]["name"] == "Viral post"
    assert item["datePublished"] == "2023-01-12"


def test_feed_and_sitemap_parse_and_list_every_claim(example_site):
    crossref = json.loads((example_site / "crossref.json").read_text())
    claim_urls = {f"{BASE}claims/{c['id']}/" for c in crossref["claims"]}
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(example_site / "feed.xml").getroot()
    entries = {e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")}
    assert entries == claim_urls
    sitemap = ET.parse(example_site / "sitemap.xml").getroot()
    locations = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert claim_urls <= locations
    assert f"{BASE}sources/ap-2023-01-11/" in locations
    assert f"{BASE}404.html" not in locations
    assert (example_site / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_feed_escapes_quotes_and_markup_in_claims_and_tags(scratch_site, tmp_path):
    content = scratch_site({
        "sources/report.md": "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres of water.\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n"
                       "    claim: 'The \"new\" dam <b>holds</b> 40 million & more.'\n"
                       "    tags: ['say \"when\"', \"it's <here>\"]\n",
    })
    out = tmp_path / "site"
    assert run_cli("build", "--content", content, "--out", out, "--quiet", "--no-search").returncode == 0
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.parse(out / "feed.xml").getroot().find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == 'The "new" dam <b>holds</b> 40 million & more.'
    assert [c.get("term") for c in entry.findall(f"{atom}category")] == ['say "when"', "it's <here>"]
