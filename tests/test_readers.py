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
