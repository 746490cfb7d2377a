"""Machine-readable outputs: crossref.json, the Atom feed, sitemap.xml, robots.txt."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from typing import Mapping

from . import urls
from .matching import Stance
from .model import Content, Review, Source
from .render import sort_newest_first


def crossref(content: Content, reviews: tuple[Review, ...], lines: Mapping[str, str] | None = None) -> bytes:
    """Every claim's stance and evidence per source, for scripts and other tools.

    A claim lists the sources that speak to it and those its editor named or ruled on;
    every other source it `checked` is silent. Each claim and each source is a line of
    its own: readable, and a diff shows the claims that changed. `lines` holds lines
    already made: a claim's (`crossref_claim`) by its review's key, a source's
    (`crossref_source`) by its card key.
    """
    lines = lines or {}
    claims = [lines.get(review.crossref_key) or crossref_claim(review) for review in reviews]
    sources = [lines.get(source.card_key) or crossref_source(source) for source in content.sources]
    parts = [f'"{name}": [\n' + ",\n".join(records) + "\n]" if records else f'"{name}": []'
             for name, records in (("claims", claims), ("sources", sources))]
    return ("{" + ",\n".join(parts) + "}\n").encode("utf-8")


def crossref_source(source: Source) -> str:
    """One source's line of crossref.json."""
    return _json({"id": source.id, "title": source.title, "outlet": source.outlet,
                  "published": source.published.isoformat() if source.published else None, "url": source.url})


def crossref_claim(review: Review) -> str:
    """One claim's line of crossref.json."""
    sources = {}
    for finding in sorted(review.findings + review.nearest, key=lambda f: f.source.id):
        match = finding.match
        evidence = None
        if match.evidence is not None:
            evidence = {"start": match.evidence.start, "end": match.evidence.end,
                        "text": finding.source.body[match.evidence.start:match.evidence.end]}
        sources[finding.source.id] = {
            # the matcher's stance when it stands unreviewed, even one pages keep back (held)
            "stance": (finding.stance if finding.reviewed else finding.automatic.stance).value,
            "origin": finding.origin,
            "reviewed": finding.reviewed,
            "score": round(match.score, 2),
            "confidence": round(match.confidence, 3),
            "evidence": evidence,
            "conflicts": [
                {"kind": c.kind, "claim": c.claim_value, "source": c.source_value,
                 "start": c.source_span.start if c.source_span else None,
                 "end": c.source_span.end if c.source_span else None}
                for c in match.conflicts
            ],
        }
        if match.evidence is None and match.candidates:
            near = match.candidates[0]
            sources[finding.source.id]["nearest"] = {
                "start": near.span.start, "end": near.span.end, "score": near.score,
                "text": finding.source.body[near.span.start:near.span.end]}
        if finding.reviewed:  # what the matcher proposed (and where, when the editor quoted another passage)
            proposal = finding.automatic
            sources[finding.source.id]["automatic"] = {"stance": proposal.stance.value,
                                                       "confidence": round(proposal.confidence, 3)}
            if finding.proposal is not None and proposal.evidence is not None:
                sources[finding.source.id]["automatic"]["evidence"] = {
                    "start": proposal.evidence.start, "end": proposal.evidence.end,
                    "text": finding.source.body[proposal.evidence.start:proposal.evidence.end]}
        if finding.note:
            sources[finding.source.id]["note"] = finding.note
    stances = {entry["stance"] for entry in sources.values()}  # (what pages hold back included)
    return _json({"id": review.claim.id, "claim": review.claim.text, "verdict": review.claim.verdict,
                  "sources_disagree": {"agrees", "differs"} <= stances, "checked": review.checked, "sources": sources})


def _json(record: dict) -> str:
    # json's C encoder: an indented dump takes its pure-Python path, seconds for a large archive
    return json.dumps(record, ensure_ascii=False)


def _text(value: str) -> str:
    """XML character data: &, < and > escaped (attribute values use `escape`, quotes too)."""
    return escape(value, quote=False)


def _review_date(review: Review, fallback: dt.date) -> dt.date:
    claim = review.claim
    return claim.updated or claim.published or claim.claim_date or fallback


def atom_feed(content: Content, reviews: tuple[Review, ...], build_date: dt.date | None) -> bytes:
    site = content.site
    fallback = build_date or dt.date(1970, 1, 1)
    newest = sort_newest_first(reviews)
    updated = max((_review_date(r, fallback) for r in newest), default=fallback)
    stamp = lambda d: f"{d.isoformat()}T00:00:00Z"  # noqa: E731
    author = site.publisher.name if site.publisher else site.title
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(site.language)}">',
        f"  <title>{_text(site.title)}</title>",
        f"  <subtitle>{_text(site.description)}</subtitle>",
        f'  <link rel="self" href="{escape(urls.absolute(site.base_url, urls.FEED))}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(site.base_url)}"/>',
        f"  <id>{_text(site.base_url)}</id>",
        f"  <updated>{stamp(updated)}</updated>",
        f"  <author><name>{_text(author)}</name></author>",
    ]
    for review in newest:
        claim = review.claim
        url = urls.absolute(site.base_url, urls.claim_page(claim.id))
        rating = site.rating(claim.verdict)
        verdict = f"Verdict: {rating.label}. " if rating else ""
        summary = (f"{verdict}Sources: {review.count(Stance.AGREES)} agree, {review.count(Stance.DIFFERS)} differ, "
                   f"{review.count(Stance.SILENT)} silent.")
        lines += [
            "  <entry>",
            f"    <title>{_text(claim.text)}</title>",
            f'    <link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"    <id>{_text(url)}</id>",
            f"    <updated>{stamp(_review_date(review, fallback))}</updated>",
            f"    <summary>{_text(summary)}</summary>",
            *(f'    <category term="{escape(tag)}"/>' for tag in claim.tags),
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(content: Content, paths: list[str]) -> bytes:
    """Every HTML page but the 404, sorted."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(paths):
        if path.endswith(".html") and path != urls.NOT_FOUND:
            lines.append(f"  <url><loc>{_text(urls.absolute(content.site.base_url, path))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(content: Content) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(content.site.base_url, urls.SITEMAP)}\n".encode()
