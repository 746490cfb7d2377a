"""schema.org ClaimReview JSON-LD for claim pages (what search engines read)."""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from .model import Claim, Rating, SiteConfig


def _rating(site: SiteConfig, rating: Rating) -> dict:
    """A verdict's schema.org Rating: on the scale, its value and the scale's best and worst
    (of the rated values only); off the scale (no value, e.g. Unproven), its name alone."""
    if rating.value is None:
        return {"@type": "Rating", "alternateName": rating.label}
    return {"@type": "Rating", "ratingValue": rating.value, "bestRating": site.best_rating,
            "worstRating": site.worst_rating, "alternateName": rating.label}


def claim_review(site: SiteConfig, claim: Claim, url: str, build_date: dt.date | None) -> Markup | None:
    """The JSON-LD of a claim's ClaimReview, safe to place inside <script>; None without a verdict."""
    rating = site.rating(claim.verdict)
    if rating is None:
        return None
    publisher = site.publisher
    organisation = {"@type": "Organization", "name": publisher.name if publisher else site.title}
    if publisher and publisher.url:
        organisation["url"] = publisher.url
    item: dict = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {"@type": "Person" if " " in claim.claimant and claim.claimant.istitle() else "Organization",
                          "name": claim.claimant}
    if claim.claim_date:
        item["datePublished"] = claim.claim_date.isoformat()
    if claim.appearance:
        item["appearance"] = {"@type": "CreativeWork", "url": claim.appearance}
    published = claim.published or claim.claim_date or build_date
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": organisation,
        "reviewRating": _rating(site, rating),
    }
    if published:  # a date-time as written (with its zone), else the date
        at = claim.published_at if claim.published and isinstance(claim.published_at, dt.datetime) else published
        data["datePublished"] = at.isoformat()
    if claim.modified:  # `updated` or the latest correction, the later
        at = claim.modified_at
        data["dateModified"] = (at if isinstance(at, dt.datetime) else claim.modified).isoformat()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Inside <script>, "</" could close the element; escape markup characters as \u sequences.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
