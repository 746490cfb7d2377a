"""The Matcher: index the sources once, then find per source the passage that speaks
to a claim and decide whether the source agrees, differs or is silent."""

from __future__ import annotations

import heapq
import math
import multiprocessing
from collections import Counter, OrderedDict
from dataclasses import replace
from typing import Mapping, Sequence

from rapidfuzz import fuzz

from .claim import Analysed, ClaimQuery, analyse, build_query
from .conflicts import DetailCheck, check_details
from .evidence import highlight_spans, trim_evidence
from .gate import candidate_sources, max_shared_terms, required_terms
from .index import PassageIndex
from .normalise import normalise_text, simple_form, synonym_of
from .text import TOKEN_PATTERN, paragraph_break_between
from .types import Candidate, Match, MatchSettings, Span, Stance

# Words that open a sentence continuing the previous one ("That drill last year ...").
_ANAPHORA = frozenset("that this these those it its he she they their there such then".split())


class _Scored:
    """A candidate passage (one sentence or two adjacent ones) with its score."""

    __slots__ = ("first", "last", "analysed", "coverage", "fuzzy", "score", "matched", "check", "relevance")

    def __init__(self, first: int, last: int, analysed: Analysed, coverage: float, fuzzy: float,
                 score: float, matched: list[str]):
        self.first, self.last, self.analysed = first, last, analysed
        self.coverage, self.fuzzy, self.score, self.matched = coverage, fuzzy, score, matched
        self.check: DetailCheck | None = None


class Matcher:
    def __init__(self, sources: Mapping[str, str], settings: MatchSettings = MatchSettings()):
        self.settings = settings
        self._index = PassageIndex(dict(sources), max_sentence_chars=min(500, settings.max_evidence_chars))
        # Bounded caches of pure functions (claims keep coming back to the same passages
        # and sources); a cache hit never changes a result.
        self._cache: OrderedDict[tuple[int, int], tuple[Analysed, str]] = OrderedDict()
        self._cache_size = 50_000
        self._lower_cache: OrderedDict[str, frozenset[str]] = OrderedDict()
        # Passages scored with rapidfuzz so far (a statistic for benchmarks only).
        self.fuzzy_scored = 0

    # -- public API -----------------------------------------------------------------
    def passages(self, source_id: str) -> tuple[Span, ...]:
        lo, hi = self._index.source_ranges[source_id]
        return tuple(Span(self._index.starts[i], self._index.ends[i]) for i in range(lo, hi))

    def match(self, claim: str, look_for: Sequence[str] = (), source_ids: Sequence[str] | None = None,
              include_silent: bool = True) -> tuple[Match, ...]:
        """One Match per source (in `source_ids` order, all sources sorted by id when None).

        With include_silent=False only the non-silent Matches, sorted by source id; over
        all sources that path first rules out, from the inverted index alone, every source
        without a sentence sharing enough claim terms (such a source is silent anyway),
        so unrelated sources cost nothing.
        """
        queries = self._queries(claim, look_for)
        if source_ids is None and not include_silent:
            ids = candidate_sources(self._index, queries, self.settings)
        else:
            ids = list(source_ids) if source_ids is not None else list(self._index.source_ids)
        matches = [self._match_source(queries, source_id) for source_id in ids]
        if include_silent:
            return tuple(matches)
        return tuple(sorted((m for m in matches if m.stance is not Stance.SILENT), key=lambda m: m.source_id))

    def match_many(self, queries: Sequence[tuple[str, Sequence[str], Sequence[str] | None]],
                   include_silent: bool = False, workers: int = 1) -> list[tuple[Match, ...]]:
        """match() for every (claim, look_for, source_ids), results in query order.

        workers > 1 forks worker processes that inherit the built index (nothing is
        pickled but the query numbers and the results); without fork it runs here.
        Results are identical whatever the number of workers.
        """
        jobs = [(claim, tuple(look_for), None if ids is None else tuple(ids)) for claim, look_for, ids in queries]
        context = _fork_context() if workers > 1 and len(jobs) > 1 else None
        if context is None:
            return [self.match(c, lf, ids, include_silent) for c, lf, ids in jobs]
        global _FORKED
        _FORKED = (self, jobs, include_silent)
        try:
            # small contiguous chunks keep both workers busy when claim costs vary
            step = max(1, len(jobs) // (workers * 16))
            chunks = [(lo, min(len(jobs), lo + step)) for lo in range(0, len(jobs), step)]
            with context.Pool(workers) as pool:
                parts = pool.map(_match_chunk, chunks, chunksize=1)
        finally:
            _FORKED = None
        results: list[tuple[Match, ...]] = []
        for part, scored in parts:
            results.extend(part)
            self.fuzzy_scored += scored
        return results

    def _queries(self, claim: str, look_for: Sequence[str]) -> list[ClaimQuery]:
        queries = [build_query(text, self.settings) for text in (claim, *look_for) if text.strip()]
        return queries or [build_query(claim, self.settings)]

    # -- per-source weights -----------------------------------------------------------
    def _for_source(self, query: ClaimQuery, source_id: str) -> ClaimQuery:
        """The query with term weights scaled by the term's rarity among the source's own
        sentences (BM25's idf within one document): a word the source repeats everywhere
        tells its sentences apart less than one it uses once, and a claim word the source
        never uses weighs most, so missing it costs most. Depends on this source only."""
        r = self.settings.source_rarity_weight
        if r <= 0:
            return query
        lo, hi = self._index.source_ranges[source_id]
        n = hi - lo
        top = math.log(1 + (n + 0.5) / 0.5)
        terms = []
        for term in query.terms:
            df = len(self._index.ids_in_source(term.base, source_id))
            if term.canonical:
                df = max(df, len(self._index.ids_in_source(term.canonical, source_id)))
            rarity = math.log(1 + (n - df + 0.5) / (df + 0.5)) / top
            terms.append(replace(term, weight=term.weight * (1 - r + r * rarity)))
        return ClaimQuery(query.analysed, query.details, terms, query.verbs)

    def _lower_words(self, source_id: str) -> frozenset[str]:
        """Words the source writes in lower case somewhere: a capitalised one of them
        opening a sentence ("Signing the deal") is no name. Per source, so pure."""
        hit = self._lower_cache.get(source_id)
        if hit is None:
            body = self._index.bodies[source_id]
            hit = frozenset(simple_form(w) for w in TOKEN_PATTERN.findall(body) if w.islower())
            self._lower_cache[source_id] = hit
            if len(self._lower_cache) > 2_000:
                self._lower_cache.popitem(last=False)
        return hit

    # -- scoring --------------------------------------------------------------------
    def _analyse(self, body: str, first: int, last: int) -> tuple[Analysed, str]:
        """The analysis and normalised text of passages first..last, from a bounded
        cache (claims keep coming back to the same passages; results never depend on it)."""
        key = (first, last)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        is_common = self._lower_words(self._index.source_of(first)).__contains__
        analysed = analyse(body, self._index.starts[first], self._index.ends[last], is_common)
        value = (analysed, normalise_text(body[analysed.start:analysed.end]))
        self._cache[key] = value
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return value

    def _coverage(self, query: ClaimQuery, terms: set[str], exclude: set[int] = frozenset(),
                  conflicting: set[int] = frozenset()) -> tuple[float, list[str]]:
        """Share of the claim's term weight found in `terms` (details in `exclude` left
        out; details in `conflicting` get partial credit)."""
        credit = self.settings.synonym_credit
        got = total = 0.0
        matched = []
        for term in query.terms:
            if term.detail is not None and term.detail in exclude:
                continue
            total += term.weight
            if term.detail is not None and term.detail in conflicting:
                got += term.weight * self.settings.conflict_credit
            elif term.base in terms:
                got += term.weight
                matched.append(term.base)
            elif term.canonical and term.canonical in terms:
                got += term.weight * credit
                matched.append(term.canonical)
        return (got / total if total else 0.0), matched

    def _score(self, query: ClaimQuery, norm_claim: str, body: str, first: int, last: int,
               with_details: bool = False) -> _Scored:
        analysed, passage_norm = self._analyse(body, first, last)
        check = None
        conflicting: set[int] = set()
        if with_details:
            check = check_details(query, analysed, body, self.settings.approximate_tolerance)
            conflicting = set(check.conflicting_details)
        coverage, matched = self._coverage(query, analysed.terms, conflicting=conflicting)
        self.fuzzy_scored += 1
        fuzzy = 0.5 * fuzz.token_set_ratio(norm_claim, passage_norm) + 0.5 * fuzz.partial_ratio(norm_claim, passage_norm)
        w = self.settings.fuzzy_weight
        score = 100.0 * (1 - w) * coverage + w * fuzzy
        scored_relevance = score
        if query.verbs and not any(v in analysed.terms or ("=" + synonym_of(v)) in analysed.terms for v in query.verbs):
            # the claim's event (its verb) is not in the passage: it may only share the
            # claim's names and nouns while speaking of something else. Only whether the
            # source is silent uses this; the ranking of passages does not.
            scored_relevance *= 1 - self.settings.verb_missing_penalty
        scored = _Scored(first, last, analysed, coverage, fuzzy, score, matched)
        scored.check = check
        scored.relevance = scored_relevance
        return scored

    def _prefilter(self, query: ClaimQuery, source_id: str) -> list[int]:
        """Passage ids of the source sharing the most claim weight (cheap, index only)."""
        credit = self.settings.synonym_credit
        acc: dict[int, float] = {}
        for term in query.terms:
            exact = self._index.ids_in_source(term.base, source_id)
            for pid in exact:
                acc[pid] = acc.get(pid, 0.0) + term.weight
            if term.canonical:
                exact_set = set(exact)
                for pid in self._index.ids_in_source(term.canonical, source_id):
                    if pid not in exact_set:
                        acc[pid] = acc.get(pid, 0.0) + term.weight * credit
        k = self.settings.candidates_per_source
        return [pid for pid, _ in heapq.nsmallest(k, acc.items(), key=lambda kv: (-kv[1], kv[0]))]

    def _best_for_query(self, query: ClaimQuery, source_id: str, body: str) -> list[_Scored]:
        norm_claim = normalise_text(query.analysed.text)
        scored = [self._score(query, norm_claim, body, pid, pid) for pid in self._prefilter(query, source_id)]
        scored.sort(key=lambda s: (-s.score, s.first))
        # rescore the best few with their details: a passage that states a claim detail
        # with another value (another day, another name) is still about the claim
        top = self.settings.detail_rescored
        scored[:top] = [self._score(query, norm_claim, body, s.first, s.last, with_details=True) for s in scored[:top]]
        scored.sort(key=lambda s: (-s.score, s.first))
        lo, hi = self._index.source_ranges[source_id]
        # a claim may span two adjacent sentences: try the pair around the best few
        pairs = []
        for single in scored[:3]:
            for first, last in ((single.first - 1, single.first), (single.first, single.first + 1)):
                if first < lo or last >= hi:
                    continue
                if not self._pairable(body, first, last):
                    continue
                pair = self._score(query, norm_claim, body, first, last, with_details=True)
                if pair.coverage >= single.coverage + self.settings.pair_gain:
                    pairs.append(pair)
        scored.extend(pairs)
        scored.sort(key=lambda s: (-s.score, s.last - s.first, s.first))
        return scored

    def _extend_for_details(self, query: ClaimQuery, best: _Scored, body: str, source_id: str,
                            check: DetailCheck) -> tuple[_Scored, DetailCheck]:
        """Add the neighbouring sentence when it continues this one ("That drill ...")
        and states or contradicts a claim detail this sentence lacks."""
        if not check.missing or best.first != best.last:
            return best, check
        lo, hi = self._index.source_ranges[source_id]
        norm_claim = normalise_text(query.analysed.text)
        options = []
        nxt = best.first + 1
        if nxt < hi and self._opens_with_anaphora(body, nxt):
            options.append((best.first, nxt))
        if best.first - 1 >= lo and self._opens_with_anaphora(body, best.first):
            options.append((best.first - 1, best.first))
        for first, last in options:
            if not self._pairable(body, first, last):
                continue
            pair = self._score(query, norm_claim, body, first, last)
            pair_check = check_details(query, pair.analysed, body, self.settings.approximate_tolerance)
            if len(pair_check.found) + len(pair_check.conflicting_details) > len(check.found) + len(check.conflicting_details):
                return pair, pair_check
        return best, check

    def _pairable(self, body: str, first: int, last: int) -> bool:
        """Two adjacent sentences make one passage only inside one paragraph and within
        the evidence length limit."""
        start, end = self._index.starts[first], self._index.ends[last]
        if end - start > self.settings.max_evidence_chars:
            return False
        return not paragraph_break_between(body, self._index.ends[first], self._index.starts[last])

    def _opens_with_anaphora(self, body: str, pid: int) -> bool:
        start = self._index.starts[pid]
        word = body[start:start + 12].lstrip("“‘\"'(").split(" ", 1)[0].lower().replace("’", "'")
        return word.split("'")[0] in _ANAPHORA

    # -- stance -----------------------------------------------------------------------
    def _match_source(self, queries: list[ClaimQuery], source_id: str) -> Match:
        body = self._index.bodies[source_id]
        # a source none of whose sentences shares enough claim terms is silent without
        # scoring (the same rule, from the same index, rules sources out in candidate_sources)
        passing = [q for q in queries if max_shared_terms(self._index, q, source_id) >= required_terms(q, self.settings)]
        if not passing:
            best = max(max_shared_terms(self._index, q, source_id) for q in queries)
            need = min(required_terms(q, self.settings) for q in queries)
            reason = f"no sentence shares enough claim words ({best} < {need})"
            return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), (reason,), ())
        ranked: list[tuple[_Scored, ClaimQuery]] = []
        for query in passing:
            query = self._for_source(query, source_id)
            ranked.extend((s, query) for s in self._best_for_query(query, source_id, body))
        ranked.sort(key=lambda sq: (-sq[0].score, sq[0].last - sq[0].first, sq[0].first))
        candidates = tuple(self._candidate(s) for s, _ in ranked[: self.settings.candidates_kept])
        relevance = max((s.relevance for s, _ in ranked), default=0.0)
        if relevance < self.settings.silent_below:
            score = ranked[0][0].score if ranked else 0.0
            reason = (f"no passage is about the claim (best relevance {relevance:.0f} < {self.settings.silent_below:.0f})")
            return Match(source_id, Stance.SILENT, round(score, 2), None, None, (), (), (reason,), candidates)
        best, query = ranked[0]
        check = best.check or check_details(query, best.analysed, body, self.settings.approximate_tolerance)
        best, check = self._extend_for_details(query, best, body, source_id, check)
        reasons = [f"best passage relevance {best.score:.0f} (coverage {best.coverage:.2f}, fuzzy {best.fuzzy:.0f})"]
        stance = Stance.AGREES
        conflicts = check.conflicts
        if conflicts:
            negation_details = set()
            # claim details neither stated nor contradicted count as not covered: a source
            # that never mentions the claim's other names or dates is not about its event
            frame, _ = self._coverage(query, best.analysed.terms, set(check.conflicting_details) | negation_details)
            described = "; ".join(f"{c.kind}: claim says {c.claim_value!r}, source says {c.source_value!r}" for c in conflicts)
            verbs_missing = query.verbs and not any(v in best.matched or ("=" + synonym_of(v)) in best.matched for v in query.verbs)
            if verbs_missing:
                reasons.append(f"ignored possible conflict ({described}): the passage is about another event "
                               f"(no {', '.join(query.verbs)})")
                conflicts = ()
            elif frame >= self.settings.differs_min_coverage:
                stance = Stance.DIFFERS
                reasons.append(f"conflicting detail ({described})")
                reasons.append(f"the rest of the claim matches the passage (coverage {frame:.2f})")
            else:
                reasons.append(f"ignored possible conflict ({described}): the passage is not about the same thing (coverage {frame:.2f})")
                conflicts = ()
        if stance is Stance.AGREES and self.settings.silent_if_detail_unsupported:
            unsupported = [query.details[d].text for d in check.missing if not self._in_source(query, d, source_id)]
            if unsupported:
                reason = "the source never mentions " + ", ".join(repr(u) for u in unsupported)
                return Match(source_id, Stance.SILENT, round(best.score, 2), None, None, (), (),
                             tuple(reasons + [reason]), candidates)
        if stance is Stance.AGREES:
            reasons.append("the passage states the claim's details" if check.found else "the passage matches the claim's words")
        evidence = trim_evidence(body, best.analysed, query, conflicts, self.settings)
        highlights = highlight_spans(body, best.analysed, query, evidence)
        return Match(source_id, stance, round(best.score, 2), evidence, body[evidence.start:evidence.end],
                     highlights, tuple(conflicts), tuple(reasons), candidates)

    def _in_source(self, query: ClaimQuery, d: int, source_id: str) -> bool:
        detail = query.details[d]
        if self._index.source_has_all(list(detail.terms), source_id):
            return True
        return any(self._index.source_has_all(list(alt), source_id) for alt in detail.alternatives)

    def _candidate(self, scored: _Scored) -> Candidate:
        a = scored.analysed
        reasons = (f"coverage {scored.coverage:.2f}", f"fuzzy {scored.fuzzy:.0f}",
                   "matched: " + ", ".join(sorted(set(scored.matched))))
        return Candidate(Span(a.start, a.end), a.text[a.start:a.end], round(scored.score, 2), reasons)


# (matcher, jobs, include_silent) while match_many runs: forked workers inherit it.
_FORKED: tuple[Matcher, list, bool] | None = None


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: match_many runs sequentially
        return None


def _match_chunk(bounds: tuple[int, int]) -> tuple[list[tuple[Match, ...]], int]:
    matcher, jobs, include_silent = _FORKED
    before = matcher.fuzzy_scored
    results = [matcher.match(c, lf, ids, include_silent) for c, lf, ids in jobs[bounds[0]:bounds[1]]]
    return results, matcher.fuzzy_scored - before
