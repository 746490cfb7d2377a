"""The gate: a source speaks to a claim only if one of its sentences shares at least T
of the claim's terms (a term counts when the sentence holds its stem or its synonym
group). The matcher applies this rule to every source; ruling sources out from the
inverted index alone is therefore exact, never an approximation.

Finding the sources that pass, over all sources, uses the pigeonhole principle: a
sentence holding T of the claim's n terms holds at least one of ANY n - T + 1 of them,
so only the posting lists of the n - T + 1 rarest terms are scanned for candidates
and the other terms are only looked up for those candidates. Global term frequencies
choose which lists to scan (speed); they never change which sources pass.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from typing import Sequence

from .claim import ClaimQuery
from .index import PassageIndex
from .types import MatchSettings


def _units(query: ClaimQuery) -> list[tuple[str, ...]]:
    """Per claim term, the index terms any of which states it."""
    return [(t.base, t.canonical) if t.canonical else (t.base,) for t in query.terms]


def required_terms(query: ClaimQuery, settings: MatchSettings) -> int:
    """T: claim terms one sentence must share (0 terms: nothing can be about the claim)."""
    n = len(query.terms)
    if n == 0:
        return 1
    return min(n, max(settings.min_shared_terms, math.ceil(settings.min_shared_fraction * n - 1e-9)))


def max_shared_terms(index: PassageIndex, query: ClaimQuery, source_id: str) -> int:
    """Most claim terms any one sentence of the source shares (from its postings only)."""
    counts: Counter[int] = Counter()
    for unit in _units(query):
        ids = set()
        for term in unit:
            ids.update(index.ids_in_source(term, source_id))
        counts.update(ids)
    return max(counts.values(), default=0)


def _has(ids, pid: int) -> bool:
    k = bisect_left(ids, pid)
    return k < len(ids) and ids[k] == pid


def _passing_passages(index: PassageIndex, query: ClaimQuery, need: int) -> set[int]:
    """Passage ids (of all sources) sharing at least `need` claim terms."""
    units = _units(query)
    lists = [[index.postings[t] for t in unit if t in index.postings] for unit in units]
    order = sorted(range(len(units)), key=lambda u: (sum(len(ids) for ids in lists[u]), u))
    scan, check = order[: len(units) - need + 1], order[len(units) - need + 1:]
    counts: Counter[int] = Counter()
    for u in scan:
        ids: set[int] = set()
        for postings in lists[u]:
            ids.update(postings)
        counts.update(ids)
    if not check:
        return {pid for pid, c in counts.items() if c >= need}
    candidates = sorted(counts)
    for u in check:
        total = sum(len(ids) for ids in lists[u])
        if total < len(candidates):  # fewer postings than candidates: walk the postings
            present: set[int] = set()
            for postings in lists[u]:
                present.update(postings)
            for pid in candidates:
                if pid in present:
                    counts[pid] += 1
        else:  # look each candidate up in the (long) sorted posting lists
            for pid in candidates:
                if any(_has(postings, pid) for postings in lists[u]):
                    counts[pid] += 1
    return {pid for pid, c in counts.items() if c >= need}


def candidate_sources(index: PassageIndex, queries: Sequence[ClaimQuery], settings: MatchSettings) -> list[str]:
    """Sorted ids of the sources where at least one query (claim or look_for phrasing)
    passes the gate: exactly the sources the matcher does not rule silent by the gate."""
    found: set[str] = set()
    for query in queries:
        if not query.terms:
            continue
        for pid in _passing_passages(index, query, required_terms(query, settings)):
            found.add(index.source_of(pid))
    return sorted(found)
