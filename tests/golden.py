"""Which pages of the example site are kept as golden files, and which part of each."""

from __future__ import annotations

import re
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"

# site path -> golden file name
GOLDEN_PAGES = {
    "index.html": "index.main.html",
    "claims/first-european-agreement/index.html": "claim-first-european-agreement.main.html",
    "claims/signed-on-thursday/index.html": "claim-signed-on-thursday.main.html",
    "claims/years-in-the-works/index.html": "claim-years-in-the-works.main.html",
    "sources/defense-news-2023-01-11/index.html": "source-defense-news.main.html",
    "crossref.json": "crossref.json",
}


def fragment(path: Path) -> str:
    """The <main> element of an HTML page (the part content decides), or a whole data file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return text
    found = re.search(r"<main\b.*?</main>\n", text, re.S)
    assert found, f"no <main> in {path}"
    return found.group(0)
