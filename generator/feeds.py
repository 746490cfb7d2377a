"""Machine-readable outputs: crossref.json, the Atom feed, sitemap.xml, robots.txt."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Mapping, Sequence

import jinja2
from markupsafe import Markup

from . import urls
from .matching import Stance
from .model import Content, Rating, Review, Source
from .render import RenderError, format_date, plural, sort_newest_first, template_location


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


def _xml_text(value) -> Markup:
    """XML character data: &, < and > escaped (attribute values use `_xml_attr`, quotes too)."""
    return Markup(escape(str(value), quote=False))


def _xml_attr(value) -> Markup:
    return Markup(escape(str(value)))


# the templates of the site's files other than pages, found in the site's templates folder
# first, then in the shipped one (a site's older copy of the templates need not have them)
FILE_TEMPLATES = (urls.FEED, urls.SITEMAP, urls.ROBOTS)


def environment(folders: Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment of feed.xml, sitemap.xml and robots.txt, looked up in `folders`
    in order: as the pages' (StrictUndefined, blocks trimmed), autoescaped for .xml."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=jinja2.select_autoescape(["xml"], default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(xml_text=_xml_text, xml_attr=_xml_attr, atom_date=_atom_date, date=format_date)
    env.globals.update(plural=plural, STANCES=tuple(Stance), PAGES={"feed": urls.FEED, "sitemap": urls.SITEMAP})
    return env


def _atom_date(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _render(env: jinja2.Environment, name: str, site, **context) -> bytes:
    absolute = lambda target: urls.absolute(site.base_url, target)  # noqa: E731
    try:
        return env.get_template(name).render(site=site, absolute=absolute, **context).encode("utf-8")
    except Exception as exc:  # reported with its template line, as a page's
        raise RenderError(f"{template_location(exc)}: error: rendering /{name} failed: "
                          f"{type(exc).__name__}: {exc}") from None


def _review_date(review: Review, fallback: dt.date) -> dt.date:
    claim = review.claim
    return claim.modified or claim.published or claim.claim_date or fallback


def atom_feed(content: Content, reviews: tuple[Review, ...], build_date: dt.date | None,
              env: jinja2.Environment) -> bytes:
    """feed.xml: `entries` (newest first) hold each claim's review, url, rating and date."""
    site = content.site
    fallback = build_date or dt.date(1970, 1, 1)
    newest = sort_newest_first(reviews)
    updated = max((_review_date(r, fallback) for r in newest), default=fallback)
    entries = [FeedEntry(review, urls.absolute(site.base_url, urls.claim_page(review.claim.id)),
                         site.rating(review.claim.verdict), _review_date(review, fallback)) for review in newest]
    author = site.publisher.name if site.publisher else site.title
    return _render(env, urls.FEED, site, updated=updated, author=author, entries=entries)


@dataclass(frozen=True)
class FeedEntry:
    review: Review
    url: str  # the claim page's absolute URL
    rating: Rating | None
    updated: dt.date


def sitemap(content: Content, paths: list[str], env: jinja2.Environment) -> bytes:
    """Every HTML page but the 404, sorted."""
    locations = [urls.absolute(content.site.base_url, path) for path in sorted(paths)
                 if path.endswith(".html") and path != urls.NOT_FOUND]
    return _render(env, urls.SITEMAP, content.site, locations=locations)


def robots(content: Content, env: jinja2.Environment) -> bytes:
    return _render(env, urls.ROBOTS, content.site)
