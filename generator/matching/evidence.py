"""The evidence span (the tightest clause run carrying the claim) and highlights."""

from __future__ import annotations

from .claim import Analysed, ClaimQuery
from .index import number_term
from .normalise import base_term, synonym_of
from .types import Conflict, MatchSettings, Span

_CLAUSE_MARKS = ",;:—–()“”\"!?"


def _matching_spans(analysed: Analysed, query: ClaimQuery) -> list[Span]:
    bases = {t.base for t in query.terms}
    canonicals = {t.canonical for t in query.terms if t.canonical}
    spans = []
    for token in analysed.tokens:
        base = base_term(token.raw)
        if base and (base in bases or "=" + synonym_of(base) in canonicals):
            spans.append(Span(token.start, token.end))
    for quantity in analysed.figures.quantities:
        if number_term(quantity.value) in bases:
            spans.append(Span(quantity.start, quantity.end))
    for date in analysed.figures.dates:
        if date.year is not None and number_term(date.year) in bases:
            spans.append(Span(date.start, date.end))
    return spans


def trim_evidence(body: str, analysed: Analysed, query: ClaimQuery, conflicts: tuple[Conflict, ...],
                  settings: MatchSettings) -> Span:
    start, end = analysed.start, analysed.end
    if end - start <= settings.trim_longer_than:
        return Span(start, end)
    anchors = _matching_spans(analysed, query)
    anchors += [c.source_span for c in conflicts if c.source_span and start <= c.source_span.start < end]
    if not anchors:
        return Span(start, min(end, start + settings.max_evidence_chars))
    left = min(a.start for a in anchors)
    right = max(a.end for a in anchors)
    # widen to the enclosing clause(s)
    while left > start and body[left - 1] not in _CLAUSE_MARKS:
        left -= 1
    while right < end and body[right] not in _CLAUSE_MARKS:
        right += 1
    if right < end and body[right] in ".!?”\"":
        right += 1
    while left < right and body[left].isspace():
        left += 1
    while right > left and body[right - 1].isspace():
        right -= 1
    if right - left > settings.max_evidence_chars:
        right = left + settings.max_evidence_chars
    return Span(left, right)


def highlight_spans(body: str, analysed: Analysed, query: ClaimQuery, evidence: Span) -> tuple[Span, ...]:
    spans = sorted(
        {s for s in _matching_spans(analysed, query) if evidence.start <= s.start and s.end <= evidence.end},
        key=lambda s: (s.start, -s.end),
    )
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
            continue
        merged.append(span)
    return tuple(merged)
