"""What a reader sees, in a real browser: Debian's Chromium driven by Playwright.

The example site is served on 127.0.0.1 with the headers of netlify.toml, so the strict
Content-Security-Policy is in force exactly as in production.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from conftest import ROOT

SCREENSHOTS = ROOT / "test-results" / "screenshots"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"mobile": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_url(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.console_messages = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))  # type: ignore
    page.on("pageerror", lambda e: page.console_messages.append(f"pageerror: {e}"))  # type: ignore
    yield page
    context.close()


def csp_problems(page) -> list[str]:
    return [m for m in page.console_messages if "Content Security Policy" in m or "Refused to" in m
            or m.startswith("pageerror")]


def test_index_to_claim_to_source_passage_and_back(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="The pact is Japan's first defence agreement with a European nation.").click()
    page.wait_for_url("**/claims/first-european-agreement/")
    assert page.locator("h1").inner_text() == "The pact is Japan's first defence agreement with a European nation."
    card = page.locator(".source-card", has=page.locator("#card-ap-2023-01-11"))
    highlighted = card.locator("blockquote mark.hl")
    assert highlighted.count() >= 3
    assert highlighted.first.is_visible()
    words = {w.lower() for w in highlighted.all_inner_texts()}
    assert {"first", "european"} <= words
    assert "Japan’s first defense agreement with a European nation" in card.locator("blockquote").inner_text()
    card.get_by_role("link", name="See the passage in the full text").click()
    page.wait_for_url("**/sources/ap-2023-01-11/#ev-*")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1 and target.is_visible()
    assert page.locator("mark.evidence").count() >= 5
    assert page.evaluate("document.querySelector(':target') !== null")
    page.go_back()
    page.wait_for_url("**/claims/first-european-agreement/")
    assert csp_problems(page) == []


def test_a_highlighted_passage_starts_right_after_its_note_number(page, site_url):
    # the quote box style of claim cards (a bar and an indent) must not reach the
    # highlighted passages of a source page
    page.goto(site_url + "sources/ap-2023-01-11/")
    mark = page.locator("mark.evidence").first
    style = mark.evaluate("m => { const s = getComputedStyle(m); return [s.paddingLeft, s.borderLeftWidth]; }")
    assert style == ["0px", "0px"]
    gaps = page.evaluate("""() => [...document.querySelectorAll('.passage-anchor')]
        .filter(a => a.nextElementSibling && a.nextElementSibling.tagName === 'MARK')
        .map(a => a.nextElementSibling.getClientRects()[0].left - a.getBoundingClientRect().right)""")
    assert gaps and all(0 <= gap < 6 for gap in gaps), gaps
    quote = page.locator("blockquote.evidence")
    assert quote.count() == 0  # (on claim pages the quote keeps its bar)
    page.goto(site_url + "claims/first-european-agreement/")
    bar = page.locator("blockquote.evidence").first.evaluate("q => getComputedStyle(q).borderLeftWidth")
    assert bar == "3px"


def test_text_fragment_link_is_well_formed(page, site_url):
    page.goto(site_url + "claims/vigilant-isles-in-hokkaido/")
    link = page.get_by_role("link", name="On Defense News")
    href = link.get_attribute("href")
    assert href.startswith("https://www.defensenews.com/") and "#:~:text=" in href
    directive = href.split("#:~:text=", 1)[1]
    assert " " not in directive and "-" not in directive.replace("%2D", "")
    parts = [unquote(p) for p in directive.split(",")]
    quote = page.locator(".card-differs blockquote").inner_text()
    assert all(part in quote for part in parts)


def test_differs_card_marks_the_conflict(page, site_url):
    page.goto(site_url + "claims/signed-on-thursday/")
    card = page.locator(".source-card.card-differs")
    assert card.count() == 1
    assert card.locator("mark.conflict").first.inner_text() == "Wednesday"
    assert "the claim says Thursday, the source says Wednesday" in " ".join(
        card.locator(".conflicts").inner_text().split())


def test_search_finds_a_claim_by_a_word_of_its_text(page, site_url):
    page.goto(site_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("Hokkaido")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=15000)
    assert "Hokkaido" in result.inner_text()
    assert csp_problems(page) == []


def test_search_does_not_find_a_claim_by_the_sources_silent_on_it(page, site_url, example_site):
    # "concern" is in the title of the AP report, which claim pages list among the
    # sources silent on them: only pages saying it elsewhere may be found by it
    silent_only = []
    for claim_page in sorted(example_site.glob("claims/*/index.html")):
        html = claim_page.read_text()
        section = re.search(r'<section class="silent-sources".*?</section>', html, re.S)
        if section and "concern" in section.group(0) and "concern" not in html.replace(section.group(0), ""):
            silent_only.append("/" + claim_page.parent.relative_to(example_site).as_posix() + "/")
    assert silent_only  # the example has such claims, or this test proves nothing
    page.goto(site_url + "search/?q=concern")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    more = page.locator(".pagefind-ui__button")  # the UI shows results five at a time
    while more.count() and more.is_visible():
        shown = page.locator(".pagefind-ui__result").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.pagefind-ui__result').length > {shown}")
    found = {urlparse(href).path for href in page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.href)")}
    assert "/sources/ap-2023-01-11/" in found
    assert not found & set(silent_only)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", ["", "claims/signed-in-tokyo/", "sources/ap-2023-01-11/", "matrix/", "sources/"])
def test_pages_fit_the_viewport_and_are_screenshotted(browser, site_url, viewport, path):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'index'} scrolls sideways by {overflow}px at {viewport}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = (path.strip("/").replace("/", "-") or "index") + f"-{viewport}.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    context.close()


@pytest.mark.parametrize("path", ["", "claims/signed-in-tokyo/", "claims/first-european-agreement/",
                                  "sources/ap-2023-01-11/", "matrix/", "sources/", "about/ratings/", "search/",
                                  "tags/misinformation/", "no-such-page/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_accessibility_violations(browser, site_url, path, scheme):
    # axe is injected as a script; bypass_csp only for this audit, the CSP test is separate.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    context.close()
    assert violations == []


def test_every_page_type_loads_under_the_strict_csp(page, site_url, example_site):
    for path in ["", "claims/signed-in-tokyo/", "sources/ap-2023-01-11/", "matrix/", "sources/", "about/ratings/",
                 "search/", "tags/history/", "verdicts/false/", "does-not-exist/"]:
        page.goto(site_url + path)
    assert csp_problems(page) == []
    response = page.goto(site_url + "does-not-exist/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("link[rel=stylesheet]").count() >= 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
