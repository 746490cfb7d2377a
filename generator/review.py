"""The match stage: every claim against the sources, into Reviews (with editors' rulings).

Its cache entry depends only on the code that computes it (this module, the model
and the matcher), so a change to rendering or writing never forces a re-match.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from functools import lru_cache
from pathlib import Path

from .cache import Cache, digest, gc_paused, tree_digest
from .matching import Match, Matcher, Span, Stance
from .model import Claim, Content, EditorRuling, Finding, Review, SiteConfig, Source
from .quotes import find_quote

PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def review_version() -> str:
    """The code match results depend on: a cache written by other code is never reused."""
    return digest(tree_digest(PACKAGE_DIR / "matching", "*.py"),
                  *((PACKAGE_DIR / name).read_bytes() for name in ("review.py", "model.py")))


def _claim_key(claim: Claim) -> str:
    """What the matcher's result for a claim depends on (besides the sources and settings)."""
    return digest(claim.text, claim.look_for, claim.source_ids, tuple(sorted(i for i, _ in claim.rulings)))


def _match_claims_within(matcher: Matcher, claims: list[Claim], within: list[str] | None,
                         workers: int) -> dict[str, list[Match]]:
    """The matches of each claim against the sources `within` (None: every source of `matcher`):
    those that speak to it, and every source it names or its editor ruled on."""
    allowed = set(within) if within is not None else None
    results: dict[str, list[Match]] = {}
    broad = [c for c in claims if c.source_ids is None]
    queries = [(c.text, c.look_for, within) for c in broad]
    for claim, matches in zip(broad, matcher.match_many(queries, include_silent=False, workers=workers)):
        results[claim.id] = list(matches)
    for claim in claims:
        if claim.source_ids is not None:
            named = sorted(set(claim.source_ids) & allowed) if allowed is not None else sorted(set(claim.source_ids))
            results[claim.id] = list(matcher.match(claim.text, claim.look_for, named)) if named else []
            continue
        ruled = {source_id for source_id, _ in claim.rulings}
        if allowed is not None:
            ruled &= allowed
        missing = sorted(ruled - {m.source_id for m in results[claim.id]})
        if missing:
            results[claim.id] += matcher.match(claim.text, claim.look_for, missing)
    return results


def _full_matcher(content: Content, cache: Cache | None = None) -> Matcher:
    """A Matcher over every source, in the site's language (a source's own `language`
    only changes how its page is labelled: one matcher reads one language). With a
    cache, the keys of sources analysed by an earlier build are reused, so a source is
    analysed again only when a claim may be about it."""
    saved = (cache.load("source-keys", version=review_version()) if cache is not None else None) or {}
    ids = {s.id: _text_key(s, content) for s in content.sources}
    return Matcher({s.id: s.body for s in content.sources}, content.site.matching,
                   published={s.id: s.published for s in content.sources},
                   language=content.site.language,
                   known_keys={i: saved[k] for i, k in ids.items() if k in saved})


def _text_key(source, content: Content) -> str:
    """What a source's analysis depends on: its body, its date, the language."""
    return digest(source.body_key, source.published, content.site.language)


def _save_source_keys(content: Content, matcher: Matcher, cache: Cache | None) -> None:
    """Keep every source's keys for the next build (one entry; saved when it changed)."""
    if cache is None:
        return
    saved = cache.load("source-keys", version=review_version()) or {}
    wanted = {_text_key(s, content): s.id for s in content.sources}
    if set(saved) == set(wanted):
        return
    cache.save("source-keys", {k: saved.get(k) or matcher.source_keys(i) for k, i in sorted(wanted.items())},
               version=review_version())


def shown_unreviewed(match: Match, site: SiteConfig) -> bool:
    """Whether readers see an automatic stance no editor reviewed (site.yaml's `unreviewed`:
    all of them, those `confident` at or above `confident_above`, or none)."""
    if site.unreviewed == "all":
        return True
    return site.unreviewed == "confident" and match.confidence >= site.confident_above


_WORD = re.compile(r"\w+")


def quoted_match(match: Match, source: Source, claim: Claim, ruling: EditorRuling) -> Match:
    """The match shown for an editor's ruling: with a quote, the matcher's match with the
    quoted span as its evidence (its highlights and conflicts inside the span kept; when
    none of its highlights is inside, the claim's words found in the quote are marked);
    without one (or a quote not found: check reports it), the matcher's match itself."""
    span = find_quote(source.body, ruling.quote) if ruling.quote else None
    if span is None:
        return match

    def inside(s: Span | None) -> bool:
        return s is not None and span.start <= s.start and s.end <= span.end

    highlights = tuple(h for h in match.highlights if inside(h))
    if not highlights:
        words = {w.casefold() for w in _WORD.findall(claim.text) if len(w) > 3}
        highlights = tuple(Span(span.start + m.start(), span.start + m.end())
                           for m in _WORD.finditer(source.body[span.start:span.end]) if m.group().casefold() in words)
    conflicts = tuple(c for c in match.conflicts if inside(c.source_span)) if ruling.stance is Stance.DIFFERS else ()
    return dataclasses.replace(match, stance=ruling.stance, evidence=span,
                               evidence_text=source.body[span.start:span.end], highlights=highlights,
                               conflicts=conflicts)


def match_claims(content: Content, cache: Cache | None = None, workers: int = 1) -> tuple[Review, ...]:
    """Match every claim against its sources; editors' rulings override the automatic stance.

    A claim that checks every source keeps only the sources that speak to it (plus
    those the editor ruled on): the rest are silent, and cost nothing to list.
    With a cache, a claim matched before is re-matched only against the sources whose
    text changed since: the matcher is pure per (claim, source), so the result is
    exactly what matching everything again would give.
    """
    by_id = {s.id: s for s in content.sources}
    bodies = {s.id: s.body_key for s in content.sources}
    settings = digest(content.site.matching)
    previous = cache.load("matches", version=review_version()) if cache is not None else None
    if not previous or previous["settings"] != settings:
        previous = {"settings": settings, "sources": {}, "claims": {}}
    changed = sorted(i for i, h in bodies.items() if previous["sources"].get(i) != h)
    keys = {claim.id: _claim_key(claim) for claim in content.claims}
    cached: dict[str, list[Match]] = {}
    fresh: list[Claim] = []
    # each claim's matches are pickled on their own, so that saving after an edit
    # pickles only the claims whose matches changed
    unpickled: dict[str, tuple[Match, ...]] = {}
    with gc_paused():
        for claim in content.claims:
            blob = previous["claims"].get(keys[claim.id])
            if blob is None:
                fresh.append(claim)
            else:
                hit = unpickled[claim.id] = pickle.loads(blob)
                cached[claim.id] = [m for m in hit if m.source_id in bodies and m.source_id not in changed]
    results: dict[str, list[Match]] = {}
    # Claims' analysed queries from earlier builds: a changed source is matched against
    # every claim again, and analysing 2,000 claims takes seconds. (An edited claim's
    # text is new, so a claim edit neither needs nor updates them.)
    saved = cache.load("queries", version=review_version()) if cache is not None and changed else None
    known = saved["queries"] if saved and saved["settings"] == settings else {}
    matchers: list[Matcher] = []
    if fresh:
        matcher = _full_matcher(content, cache)
        matcher.queries.update(known)
        matchers.append(matcher)
        results.update(_match_claims_within(matcher, fresh, None, workers))
        if changed and cached:
            stale = [c for c in content.claims if c.id in cached]
            for claim_id, matches in _match_claims_within(matcher, stale, changed, workers).items():
                cached[claim_id] += matches
    elif changed and cached:
        # Only sources changed: a matcher over just those gives the same result (purity).
        matcher = Matcher({i: by_id[i].body for i in changed}, content.site.matching,
                          published={i: by_id[i].published for i in changed}, language=content.site.language)
        matcher.queries.update(known)
        matchers.append(matcher)
        for claim_id, matches in _match_claims_within(matcher, list(content.claims), changed, workers).items():
            cached[claim_id] += matches
    results.update(cached)
    if fresh:
        _save_source_keys(content, matchers[0], cache)
    if cache is not None and matchers and changed:
        texts = {text for c in content.claims for text in (c.text, *c.look_for)}
        built = {text: q for m in matchers for text, q in m.queries.items() if text in texts}
        if built.keys() != known.keys():
            cache.save("queries", {"settings": settings, "queries": built}, version=review_version())
    reviews = []
    for claim in content.claims:
        findings, nearest = [], []
        named = set(claim.source_ids or ())
        for match in sorted(results[claim.id], key=lambda m: m.source_id):
            ruling = claim.ruling(match.source_id)
            source = by_id[match.source_id]
            if ruling is not None:
                shown = quoted_match(match, source, claim, ruling)
                findings.append(Finding(source, shown, ruling.stance, "editor", ruling.note,
                                        proposal=match if shown is not match else None))
            elif match.stance is Stance.SILENT and match.source_id not in named:
                nearest.append(Finding(source, match, match.stance, "auto"))
            elif match.stance is not Stance.SILENT and not shown_unreviewed(match, content.site):
                findings.append(Finding(source, match, Stance.SILENT, "auto", held=True))
            else:
                findings.append(Finding(source, match, match.stance, "auto"))
        checked = len(set(claim.source_ids)) if claim.source_ids is not None else len(by_id)
        reviews.append(Review(claim, tuple(findings), checked, tuple(nearest)))
    if cache is not None:
        blobs = {}
        for claim in content.claims:
            matches = tuple(results[claim.id])
            if unpickled.get(claim.id) == matches:
                blobs[keys[claim.id]] = previous["claims"][keys[claim.id]]
                continue
            for match in matches:
                match.key  # pickled with the match: pages are keyed by it (noqa: B018)
            blobs[keys[claim.id]] = pickle.dumps(matches, protocol=pickle.HIGHEST_PROTOCOL)
        cache.save("matches", {"settings": settings, "sources": bodies, "claims": blobs}, version=review_version())
    return tuple(reviews)
