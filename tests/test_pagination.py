"""Long lists are split over pages: the index, the listings, the matrix (100 claims a
page) and the sources list (500 sources a page), each page linked to the others."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import run_cli
from test_site_quality import VNU, resolve, scan

CLAIMS = 230  # pages of 100, 100 and 30
SOURCES = 501  # pages of 500 and 1
BASE = "https://scratch.example.org/"


def claims_yaml() -> str:
    lines = ["claims:"]
    for i in range(CLAIMS):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        tag = "harbour" if i % 2 else "council"  # 115 claims each: listings of two pages
        lines += [f"  - id: claim-{i:03d}", f"    claim: The council met and discussed motion{i:03d}.", f"    sources: [note-{i:03d}]",
                  f"    claim_date: {day.isoformat()}", f"    tags: [{tag}]"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("paged")
    content = root / "content"
    (content / "sources").mkdir(parents=True)
    (content / "site.yaml").write_text(f"title: Scratch desk\nbase_url: {BASE}\n")
    for i in range(SOURCES):
        (content / "sources" / f"note-{i:03d}.md").write_text(
            f"---\ntitle: Note {i}\n---\nThe council met and discussed motion{i:03d}.\n")
    (content / "claims.yaml").write_text(claims_yaml())
    out, cache = root / "site", root / "cache"
    result = run_cli("build", "--content", content, "--out", out, "--cache-dir", cache, "--no-search", "--quiet")
    assert result.returncode == 0, result.stderr
    return content, cache, out


def items(page: Path, pattern: str) -> list[str]:
    return re.findall(pattern, page.read_text())


CLAIM_LINK = r'class="claim-item-title"><a href="[./]*claims/(claim-\d+)/"'
MATRIX_ROW = r'<th scope="row"><a href="[./]*claims/(claim-\d+)/"'
SOURCE_LINK = r'<li><a href="[./]*sources/(note-\d+)/"'


def test_the_index_shows_every_claim_once_newest_first_over_three_pages(paged_site):
    _, _, out = paged_site
    pages = [out / "index.html", out / "page/2/index.html", out / "page/3/index.html"]
    shown = [items(page, CLAIM_LINK) for page in pages]
    assert [len(s) for s in shown] == [100, 100, 30]
    assert sum(shown, []) == [f"claim-{i:03d}" for i in reversed(range(CLAIMS))]
    assert not (out / "page/4").exists() and not (out / "page/1").exists()
    second = pages[1].read_text()
    assert '<ol class="claim-list" start="101">' in second
    assert "230 claims, newest first · page 2 of 3" in second
    assert "<title>Scratch desk (page 2 of 3)</title>" in second
    assert '<a href="../../" rel="prev">' in second and '<a href="../../page/3/" rel="next">' in second
    assert '<a href="../../page/2/" aria-current="page">2</a>' in second
    assert 'rel="prev"' not in pages[0].read_text() and 'rel="next"' not in pages[2].read_text()


def test_listings_and_the_matrix_are_paged_the_same_way(paged_site):
    _, _, out = paged_site
    tag = [items(out / "tags/harbour/index.html", CLAIM_LINK),
           items(out / "tags/harbour/page/2/index.html", CLAIM_LINK)]
    assert [len(t) for t in tag] == [100, 15]
    assert sum(tag, []) == [f"claim-{i:03d}" for i in reversed(range(CLAIMS)) if i % 2]
    # the filter links mark the listing as current on each of its pages
    # (page 2 of the listing: its filter link leads to page 1, so "true", not "page")
    assert '<a href="../../../../tags/harbour/" aria-current="true">harbour' in (
        out / "tags/harbour/page/2/index.html").read_text()
    assert '<a href="../../tags/harbour/" aria-current="page">harbour' in (out / "tags/harbour/index.html").read_text()
    rows = [items(out / p, MATRIX_ROW) for p in ("matrix/index.html", "matrix/page/2/index.html",
                                                  "matrix/page/3/index.html")]
    assert [len(r) for r in rows] == [100, 100, 30]
    assert sum(rows, []) == [f"claim-{i:03d}" for i in reversed(range(CLAIMS))]
    assert "Claims 101–200 of 230, newest first." in (out / "matrix/page/2/index.html").read_text()


def test_the_sources_list_has_every_source_over_two_pages(paged_site):
    _, _, out = paged_site
    listed = [items(out / "sources/index.html", SOURCE_LINK), items(out / "sources/page/2/index.html", SOURCE_LINK)]
    assert [len(s) for s in listed] == [500, 1]
    assert sum(listed, []) == [f"note-{i:03d}" for i in range(SOURCES)]
    # a source page leads back to the list; the list leads to the matrix
    assert '<a href="../../sources/">All sources</a>' in (out / "sources/note-007/index.html").read_text()
    assert '<a href="../matrix/">' in (out / "sources/index.html").read_text()


def test_every_link_resolves_and_the_sitemap_lists_every_page(paged_site):
    _, _, out = paged_site
    pages = [p for p in sorted(out.rglob("*.html")) if p.name != "404.html"]
    broken = []
    for page in pages:
        relative = page.relative_to(out).as_posix()
        page_url = BASE + relative[: -len("index.html")]
        for link in scan(page).links:
            absolute = urljoin(page_url, link)
            if absolute.startswith(BASE) and resolve(out, urlparse(absolute).path) is None:
                broken.append(f"{relative}: {link}")
    assert broken == []
    # built --no-search: the search page says there is no index instead of loading one
    assert "has no search index" in (out / "search/index.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    for path in ("page/3/", "matrix/page/3/", "sources/page/2/", "tags/harbour/page/2/"):
        assert f"<loc>{BASE}{path}</loc>" in sitemap


def test_pages_with_a_pager_are_valid_html(paged_site):
    _, _, out = paged_site
    if not VNU.is_file() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or java missing: run `npm ci --prefix tests` and install Java")
        pytest.skip("the Nu HTML Checker needs `npm ci --prefix tests` and Java")
    pages = [str(out / p) for p in ("index.html", "page/2/index.html", "page/3/index.html",
                                     "matrix/page/2/index.html", "sources/index.html", "sources/page/2/index.html",
                                     "tags/harbour/page/2/index.html")]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_a_claim_edit_rerenders_only_the_pages_of_each_list_holding_it(paged_site):
    content, cache, out = paged_site
    claims = content / "claims.yaml"
    claims.write_text(claims.read_text().replace("discussed motion150.", "discussed motion150 again."))
    stats = out.parent / "stats.json"
    result = run_cli("build", "--content", content, "--out", out, "--cache-dir", cache, "--no-search", "--quiet",
                     "--stats-json", stats)
    assert result.returncode == 0, result.stderr
    # the claim; page 1 of the index (it is the 80th newest), of its tag's listing, of its
    # stance pattern's listing and of the matrix; and the source citing it
    assert json.loads(stats.read_text())["pages_rendered"] == 6
    assert "discussed motion150 again." in (out / "index.html").read_text()


def test_the_pager_shows_the_first_the_last_and_the_pages_near_this_one():
    from generator.render import paginate

    def numbers(count: int, page: int) -> list[int]:
        return [n for n, _ in paginate("index.html", tuple(range(count * 10)), 10)[page - 1][2].links]

    assert numbers(10, 1) == [1, 2, 3, 0, 10]  # 0: the numbers left out
    assert numbers(10, 5) == [1, 2, 3, 4, 5, 6, 7, 0, 10]  # a gap of one page shows its number
    assert numbers(10, 10) == [1, 0, 8, 9, 10]
    assert numbers(7, 4) == [1, 2, 3, 4, 5, 6, 7]
    assert numbers(1, 1) == [1]
