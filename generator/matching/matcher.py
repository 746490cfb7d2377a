"""The Matcher: index the sources once, then find per source the passage that speaks
to a claim and decide whether the source agrees, differs or is silent."""

from __future__ import annotations

import math
import multiprocessing
from collections import OrderedDict
from dataclasses import replace
from typing import Mapping, Sequence

from rapidfuzz import fuzz

from .claim import Analysed, ClaimQuery, analyse, build_query
from .conflicts import DetailCheck, check_details, detail_rivals
from .evidence import highlight_spans, trim_evidence
from .gate import GateIndex, passes
from .index import ParagraphIndex, SourceView
from .normalise import base_term, normalise_text, simple_form, synonym_of
from .numbers import MONTHS, WEEKDAYS
from .text import TOKEN_PATTERN, paragraph_break_between
from .types import Candidate, Match, MatchSettings, Span, Stance

# Words that open a sentence continuing the previous one ("That drill last year ...").
_ANAPHORA = frozenset("that this these those it its he she they their there such then".split())


class _Scored:
    """A candidate passage (one sentence or two adjacent ones) with its score."""

    __slots__ = ("first", "last", "analysed", "coverage", "fuzzy", "score", "matched", "detailed", "relevance")

    def __init__(self, first: int, last: int, analysed: Analysed, coverage: float, fuzzy: float,
                 score: float, matched: list[str]):
        self.first, self.last, self.analysed = first, last, analysed
        self.coverage, self.fuzzy, self.score, self.matched = coverage, fuzzy, score, matched
        self.detailed = False  # scored with its conflicting details


_DATE_KEYS = frozenset(base_term(w) for w in WEEKDAYS + MONTHS)
_GATE_REASON = "no sentence shares enough of the claim's words and details"
_PRUNED_REASON = "no passage can be about the claim"


class _Bound:
    """A sentence ruled out without analysis: its relevance cannot reach silent_below."""

    __slots__ = ("first", "last", "score", "relevance", "start", "end")

    def __init__(self, score: float, relevance: float, pid: int, view: SourceView):
        self.first = self.last = pid
        self.score, self.relevance = score, relevance
        self.start, self.end = view.starts[pid], view.ends[pid]


class Matcher:
    def __init__(self, sources: Mapping[str, str], settings: MatchSettings = MatchSettings(),
                 index: ParagraphIndex | None = None):
        """`index`: the ParagraphIndex of exactly these sources, if one was built before
        (see `index`; it depends on the sources' texts alone)."""
        self.settings = settings
        # Construction only indexes paragraph keys (cheap); sentences and their analysis
        # are computed per source when a claim's gate lets that source through.
        if index is not None and index.source_ids == sorted(sources):
            index.bodies = dict(sources)
            self._index = index
        else:
            self._index = ParagraphIndex(dict(sources), workers=max(1, settings.index_workers))
        self._gate = GateIndex(self._index)
        self._number = {source_id: i for i, source_id in enumerate(self._index.source_ids)}
        self._max_sentence_chars = min(500, settings.max_evidence_chars)
        # Bounded caches of pure functions (claims keep coming back to the same passages
        # and sources); a cache hit never changes a result.
        # Claim text -> its analysed query (pure in the text and the settings): a caller
        # may fill it with the queries of an earlier Matcher with the same settings.
        self.queries: dict[str, ClaimQuery] = {}
        self._views: OrderedDict[str, SourceView] = OrderedDict()
        self._views_size = 3_000
        self._cache: OrderedDict[tuple[str, int, int], tuple[Analysed, str]] = OrderedDict()
        self._cache_size = 20_000
        # rapidfuzz calls so far, and the distinct passages (source id, first, last
        # sentence) they scored: statistics for benchmarks only.
        self.fuzzy_scored = 0
        self.fuzzy_passages: set[tuple[str, int, int]] = set()
        self._current = ""  # the source _match_source works on
        # (normalised claim, first, last sentence) -> fuzzy similarity, for _current only
        self._fuzzies: dict[tuple[str, int, int], float] = {}
        # Whether _match_source may return a silent source's Match without its score and
        # candidates (when the caller drops silent Matches).
        self._prune_silent = False

    # -- public API -----------------------------------------------------------------
    @property
    def index(self) -> ParagraphIndex:
        """The paragraph index of the sources, to pass to a later Matcher over the same
        texts (it pickles without the texts)."""
        return self._index

    def passages(self, source_id: str) -> tuple[Span, ...]:
        view = self._view(source_id)
        return tuple(Span(s, e) for s, e in zip(view.starts, view.ends))

    def match(self, claim: str, look_for: Sequence[str] = (), source_ids: Sequence[str] | None = None,
              include_silent: bool = True) -> tuple[Match, ...]:
        """One Match per source (in `source_ids` order, all sources sorted by id when None).

        With include_silent=False only the non-silent Matches, sorted by source id. On
        every path the paragraph index first rules out each source none of whose
        paragraphs passes the gate (see gate.py; such a source is silent anyway, with the
        same Match), so unrelated sources cost nothing and are never split or analysed.
        """
        queries = self._queries(claim, look_for)
        open_ = self._gate.candidate_sources(queries, self.settings)
        if source_ids is None and not include_silent:
            ids = [self._index.source_ids[n] for n in sorted(open_)]
        else:
            ids = list(source_ids) if source_ids is not None else list(self._index.source_ids)
        self._prune_silent = not include_silent
        matches = [self._match_source(queries, source_id) if self._number[source_id] in open_
                   else _gate_silent(source_id) for source_id in ids]
        if include_silent:
            return tuple(matches)
        return tuple(sorted((m for m in matches if m.stance is not Stance.SILENT), key=lambda m: m.source_id))

    def match_many(self, queries: Sequence[tuple[str, Sequence[str], Sequence[str] | None]],
                   include_silent: bool = False, workers: int = 1) -> list[tuple[Match, ...]]:
        """match() for every (claim, look_for, source_ids), results in query order.

        Source by source rather than claim by claim: first the gate names, for every
        claim, the sources it lets through; then each of those sources is split and
        analysed once and matched against all its claims in a row, so its sentences and
        their analysis serve every claim (claim by claim, a large corpus would split the
        same source again for each claim that reaches it). Results are the same as
        match()'s, since a (claim, source) result depends on that pair alone.

        workers > 1 forks worker processes that inherit the built index (nothing is
        pickled but job numbers and the results); without fork it runs here. Results
        are identical whatever the number of workers.
        """
        jobs = [(claim, tuple(look_for), None if ids is None else tuple(ids)) for claim, look_for, ids in queries]
        if not jobs:
            return []
        built = [self._queries(claim, look_for) for claim, look_for, _ in jobs]
        context = _fork_context() if workers > 1 else None
        global _FORKED
        _FORKED = (self, jobs, built, include_silent)
        try:
            if context is None or (len(jobs) == 1 and len(self._index.source_ids) < 64):
                opened = _open_chunk((0, len(jobs)))
                by_source = _sources_to_claims(jobs, opened, self._index.source_ids)
                found = _match_sources(sorted(by_source.items()))
                scored, passages = 0, set()
            else:
                with context.Pool(workers) as pool:
                    step = max(1, len(jobs) // (workers * 8))
                    parts = pool.map(_open_chunk, [(lo, min(len(jobs), lo + step))
                                                   for lo in range(0, len(jobs), step)], chunksize=1)
                    opened = [nums for part in parts for nums in part]
                    by_source = sorted(_sources_to_claims(jobs, opened, self._index.source_ids).items())
                    # small interleaved runs of sources keep both workers busy
                    step = max(1, min(64, len(by_source) // (workers * 16)))
                    runs = [by_source[lo:lo + step] for lo in range(0, len(by_source), step)]
                    found, scored, passages = [], 0, set()
                    for part, n, new in pool.imap(_match_sources_forked, runs, chunksize=1):
                        found.extend(part)
                        scored += n
                        passages |= new
                self.fuzzy_scored += scored
                self.fuzzy_passages |= passages
        finally:
            _FORKED = None
        per_job: list[dict[str, Match]] = [{} for _ in jobs]
        for j, match in found:
            per_job[j][match.source_id] = match
        results: list[tuple[Match, ...]] = []
        for (_, _, source_ids), got in zip(jobs, per_job):
            if include_silent:
                ids = source_ids if source_ids is not None else self._index.source_ids
                results.append(tuple(got.get(i) or _gate_silent(i) for i in ids))
            else:
                results.append(tuple(sorted((m for m in got.values() if m.stance is not Stance.SILENT),
                                            key=lambda m: m.source_id)))
        return results

    def _queries(self, claim: str, look_for: Sequence[str]) -> list[ClaimQuery]:
        queries = [self._query(text) for text in (claim, *look_for) if text.strip()]
        return queries or [self._query(claim)]

    def _query(self, text: str) -> ClaimQuery:
        query = self.queries.get(text)
        if query is None:
            query = self.queries[text] = build_query(text, self.settings)
        return query

    # -- per-source weights -----------------------------------------------------------
    def _for_source(self, query: ClaimQuery, source_id: str) -> ClaimQuery:
        """The query with term weights scaled by the term's rarity among the source's own
        sentences (BM25's idf within one document): a word the source repeats everywhere
        tells its sentences apart less than one it uses once, and a claim word the source
        never uses weighs most, so missing it costs most. Depends on this source only."""
        r = self.settings.source_rarity_weight
        if r <= 0:
            return query
        view = self._view(source_id)
        n = len(view)
        top = math.log(1 + (n + 0.5) / 0.5)
        terms = []
        for term in query.terms:
            df = max(view.df(k) for k in term.keys) if term.keys else 0
            rarity = math.log(1 + (n - df + 0.5) / (df + 0.5)) / top
            terms.append(replace(term, weight=term.weight * (1 - r + r * rarity)))
        return replace(query, terms=terms)

    def _view(self, source_id: str) -> SourceView:
        """The source's sentences and their keys, from a bounded cache (pure)."""
        view = self._views.get(source_id)
        if view is None:
            view = SourceView(self._index.bodies[source_id], self._max_sentence_chars)
            self._views[source_id] = view
            if len(self._views) > self._views_size:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(source_id)
        return view

    def _forget(self, source_id: str) -> None:
        """Drop the cached view of a source and the passage analyses (a cache: dropping
        never changes a result)."""
        self._views.pop(source_id, None)
        self._cache.clear()
        self._fuzzies.clear()

    def _lower_words(self, source_id: str) -> frozenset[str]:
        """Words the source writes in lower case somewhere: a capitalised one of them
        opening a sentence ("Signing the deal") is no name. Per source, so pure."""
        view = self._view(source_id)
        if view.lower_words is None:
            body = self._index.bodies[source_id]
            view.lower_words = frozenset(simple_form(w) for w in TOKEN_PATTERN.findall(body) if w.islower())
        return view.lower_words

    # -- scoring --------------------------------------------------------------------
    def _analyse(self, source_id: str, body: str, first: int, last: int) -> tuple[Analysed, str]:
        """The analysis and normalised text of sentences first..last, from a bounded
        cache (claims keep coming back to the same passages; results never depend on it)."""
        key = (source_id, first, last)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        is_common = self._lower_words(source_id).__contains__
        view = self._view(source_id)
        analysed = analyse(body, view.starts[first], view.ends[last], is_common)
        value = (analysed, self._norm(view, body, first, last))
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

    def _score(self, query: ClaimQuery, norm_claim: str, source_id: str, body: str, first: int, last: int,
               with_details: bool = False) -> _Scored:
        analysed, passage_norm = self._analyse(source_id, body, first, last)
        conflicting: set[int] = set()
        if with_details:
            # only which details conflict changes the score (the full check, with its
            # negation search, is made for the passage that wins)
            _, _, rivals = detail_rivals(query, analysed, self.settings.approximate_tolerance)
            conflicting = {d for d, _, _, _ in rivals}
        coverage, matched = self._coverage(query, analysed.terms, conflicting=conflicting)
        fuzzy = self._fuzzy_of(norm_claim, passage_norm, first, last)
        w = self.settings.fuzzy_weight
        score = 100.0 * (1 - w) * coverage + w * fuzzy
        scored_relevance = score
        if query.verbs and not any(v in analysed.terms or ("=" + synonym_of(v)) in analysed.terms for v in query.verbs):
            # the claim's event (its verb) is not in the passage: it may only share the
            # claim's names and nouns while speaking of something else. Only whether the
            # source is silent uses this; the ranking of passages does not.
            scored_relevance *= 1 - self.settings.verb_missing_penalty
        scored = _Scored(first, last, analysed, coverage, fuzzy, score, matched)
        scored.detailed = with_details
        scored.relevance = scored_relevance
        return scored

    def _bounds(self, query: ClaimQuery, source_id: str) -> list[tuple[float, int]]:
        """(upper bound of the relevance, sentence number) of every sentence sharing a
        claim word, best first: from keys only, counting a claim detail the sentence
        lacks as possibly conflicting (conflict credit) and a paraphrase term as present
        (keys do not see phrases), so no sentence's score can exceed its bound."""
        s = self.settings
        terms, verbs, total = _key_terms(query)
        out = []
        view = self._view(source_id)
        norm_claim = normalise_text(query.analysed.text)
        body = self._index.bodies[source_id]
        w = s.fuzzy_weight
        # a sentence sharing none of the claim's keys has no bound (shared == 0 below)
        holding = view.holding_any(k for exact, others, _, _, _ in terms for k in (exact, *others))
        for pid in sorted(holding):
            keys = view.keys[pid]
            got, shared = _key_credit(terms, keys, s)
            if shared:
                coverage = min(1.0, got / total)
                # relevance = score, less verb_missing_penalty when the claim's verb is absent
                factor = 1 - s.verb_missing_penalty if verbs and all(keys.isdisjoint(v) for v in verbs) else 1.0
                bound = 100.0 * (1 - w) * coverage + 100.0 * w
                if bound * factor >= s.silent_below and w > 0:
                    # the fuzzy part exactly as _score computes it (no analysis needed)
                    bound = 100.0 * (1 - w) * coverage + w * self._fuzzy(norm_claim, view, body, pid)
                out.append((bound, bound * factor, pid))
        out.sort(key=lambda b: (-b[0], b[2]))
        return out

    def _fuzzy(self, norm_claim: str, view: SourceView, body: str, pid: int) -> float:
        return self._fuzzy_of(norm_claim, self._norm(view, body, pid, pid), pid, pid)

    def _norm(self, view: SourceView, body: str, first: int, last: int) -> str:
        """normalise_text of sentences first..last, computed once per source."""
        norm = view.norms.get((first, last))
        if norm is None:
            norm = view.norms[first, last] = normalise_text(body[view.starts[first]:view.ends[last]])
        return norm

    def _fuzzy_of(self, norm_claim: str, passage_norm: str, first: int, last: int) -> float:
        """The rapidfuzz similarity of the claim and sentences first..last of the current
        source, computed once per claim and passage (_bounds and _score both need it)."""
        key = (norm_claim, first, last)
        fuzzy = self._fuzzies.get(key)
        if fuzzy is None:
            self.fuzzy_scored += 1
            self.fuzzy_passages.add((self._current, first, last))
            fuzzy = self._fuzzies[key] = (0.5 * fuzz.token_set_ratio(norm_claim, passage_norm)
                                          + 0.5 * fuzz.partial_ratio(norm_claim, passage_norm))
        return fuzzy

    def _may_speak(self, query: ClaimQuery, source_id: str, body: str, bounds: list[tuple[float, float, int]]) -> bool:
        """False only when no passage _best_for_query could score reaches silent_below
        (so the source is silent for this query): an upper bound on every relevance it
        would compute, cheaper than computing them. A single sentence's relevance is at
        most its bound; for those whose bound reaches the threshold, at most the
        relevance with every claim detail it lacks counted as conflicting (what the
        detail check could at best give). A pair of adjacent sentences (tried around
        the best singles, among the first candidates_per_source, when it may be one
        passage) is first bounded from the union of the two sentences' keys, as _bounds
        bounds one sentence, and if that reaches the threshold, scored as a single is."""
        s = self.settings
        if not bounds or max(b[1] for b in bounds) < s.silent_below:
            return False
        norm_claim = normalise_text(query.analysed.text)
        for _, relevance, pid in bounds:
            if relevance >= s.silent_below:
                single = self._score(query, norm_claim, source_id, body, pid, pid)
                if self._upper_relevance(query, single) >= s.silent_below:
                    return True
        view = self._view(source_id)
        key_terms = _key_terms(query)  # (for every pair's bound)
        pairs = set()
        for _, _, pid in bounds[: s.candidates_per_source]:
            pairs.update(((pid - 1, pid), (pid, pid + 1)))
        for first, last in sorted(pairs):
            # only a pairable pair is ever scored (see _best_for_query); one whose bound
            # reaches the threshold is scored as _best_for_query would score it
            if first < 0 or last >= len(view) or not self._pairable(source_id, body, first, last):
                continue
            if self._pair_bound(query, key_terms, view, body, norm_claim, first, last) < s.silent_below:
                continue
            pair = self._score(query, norm_claim, source_id, body, first, last)
            if self._upper_relevance(query, pair) >= s.silent_below:
                return True
        return False

    def _upper_relevance(self, query: ClaimQuery, single: _Scored) -> float:
        """The relevance the passage gets once its details are checked (what _score
        with_details gives; without, never more), from the detail part of the check alone."""
        if single.detailed:
            return single.relevance
        _, _, rivals = detail_rivals(query, single.analysed, self.settings.approximate_tolerance)
        coverage, _ = self._coverage(query, single.analysed.terms, conflicting={d for d, _, _, _ in rivals})
        w = self.settings.fuzzy_weight
        score = 100.0 * (1 - w) * coverage + w * single.fuzzy
        if single.relevance != single.score:  # _score's verb penalty, applied the same way
            score *= 1 - self.settings.verb_missing_penalty
        return score

    def _pair_bound(self, query: ClaimQuery, key_terms: tuple, view: SourceView, body: str, norm_claim: str,
                    first: int, last: int) -> float:
        """Upper bound of the relevance of sentences first..last as one passage: _bounds'
        rule over the union of their keys, fuzzy at most 100, computed exactly only when
        that could reach silent_below."""
        s = self.settings
        keys = view.keys[first] | view.keys[last]
        coverage, factor = self._key_coverage(key_terms, keys)
        w = s.fuzzy_weight
        bound = (100.0 * (1 - w) * coverage + 100.0 * w) * factor
        if bound < s.silent_below or w <= 0:
            return bound
        fuzzy = self._fuzzy_of(norm_claim, self._norm(view, body, first, last), first, last)
        return (100.0 * (1 - w) * coverage + w * fuzzy) * factor

    def _key_coverage(self, key_terms: tuple, keys: frozenset[str]) -> tuple[float, float]:
        """(upper bound of the coverage, verb factor) of a passage with these keys, by
        _bounds' rule."""
        s = self.settings
        terms, verbs, total = key_terms
        got, _ = _key_credit(terms, keys, s)
        factor = 1 - s.verb_missing_penalty if verbs and all(keys.isdisjoint(v) for v in verbs) else 1.0
        return min(1.0, got / total), factor

    def _best_for_query(self, query: ClaimQuery, source_id: str, body: str,
                        bounds: list[tuple[float, float, int]]) -> list[_Scored]:
        norm_claim = normalise_text(query.analysed.text)
        if not bounds:
            return []
        if max(b[1] for b in bounds) < self.settings.silent_below:
            # no sentence can be about the claim: the source is silent, with the best
            # bounds as its candidates (for `explain`), nothing analysed
            view = self._view(source_id)
            return [_Bound(b[0], b[1], pid, view) for b, pid in
                    ((b, b[2]) for b in bounds[: self.settings.candidates_kept])]
        # score sentences best bound first; stop when no remaining bound can beat the
        # `detail_rescored`-th best score found (those are all that the ranking uses)
        scored: list[_Scored] = []
        top = self.settings.detail_rescored
        for bound, _, pid in bounds[: self.settings.candidates_per_source]:
            if len(scored) >= top:
                kth = sorted((x.score for x in scored), reverse=True)[top - 1]
                if bound < kth:
                    break
            scored.append(self._score(query, norm_claim, source_id, body, pid, pid))
        scored.sort(key=lambda s: (-s.score, s.first))
        # rescore the best few with their details: a passage that states a claim detail
        # with another value (another day, another name) is still about the claim
        top = self.settings.detail_rescored
        scored[:top] = [self._score(query, norm_claim, source_id, body, s.first, s.last, with_details=True)
                        for s in scored[:top]]
        scored.sort(key=lambda s: (-s.score, s.first))
        lo, hi = 0, len(self._view(source_id))
        # a claim may span two adjacent sentences: try the pair around the best few
        pairs = []
        for single in scored[:3]:
            for first, last in ((single.first - 1, single.first), (single.first, single.first + 1)):
                if first < lo or last >= hi:
                    continue
                if not self._pairable(source_id, body, first, last):
                    continue
                pair = self._score(query, norm_claim, source_id, body, first, last, with_details=True)
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
        lo, hi = 0, len(self._view(source_id))
        norm_claim = normalise_text(query.analysed.text)
        options = []
        nxt = best.first + 1
        if nxt < hi and self._opens_with_anaphora(source_id, body, nxt):
            options.append((best.first, nxt))
        if best.first - 1 >= lo and self._opens_with_anaphora(source_id, body, best.first):
            options.append((best.first - 1, best.first))
        for first, last in options:
            if not self._pairable(source_id, body, first, last):
                continue
            pair = self._score(query, norm_claim, source_id, body, first, last)
            pair_check = check_details(query, pair.analysed, body, self.settings.approximate_tolerance)
            if len(pair_check.found) + len(pair_check.conflicting_details) > len(check.found) + len(check.conflicting_details):
                return pair, pair_check
        return best, check

    def _pairable(self, source_id: str, body: str, first: int, last: int) -> bool:
        """Two adjacent sentences make one passage only inside one paragraph and within
        the evidence length limit."""
        view = self._view(source_id)
        start, end = view.starts[first], view.ends[last]
        if end - start > self.settings.max_evidence_chars:
            return False
        return not paragraph_break_between(body, view.ends[first], view.starts[last])

    def _opens_with_anaphora(self, source_id: str, body: str, pid: int) -> bool:
        start = self._view(source_id).starts[pid]
        word = body[start:start + 12].lstrip("“‘\"'(").split(" ", 1)[0].lower().replace("’", "'")
        return word.split("'")[0] in _ANAPHORA

    # -- stance -----------------------------------------------------------------------
    def _match_source(self, queries: list[ClaimQuery], source_id: str) -> Match:
        body = self._index.bodies[source_id]
        # a source none of whose sentences shares enough claim terms is silent without
        # scoring (the same rule, from the same index, rules sources out in candidate_sources)
        view = self._view(source_id)
        if source_id != self._current:
            self._fuzzies.clear()
        self._current = source_id
        number = self._number[source_id]
        passing = [q for q in queries if passes(view, q, self.settings)
                   and self._gate.details_present(q, self.settings, number)]
        if not passing:
            return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), (_GATE_REASON,), ())
        prepared = []
        for query in passing:
            query = self._for_source(query, source_id)
            prepared.append((query, self._bounds(query, source_id)))
        if self._prune_silent and not any(self._may_speak(q, source_id, body, b) for q, b in prepared):
            # silent whatever the full scoring would say, and the caller drops silent
            # Matches: skip it (detail checks and pairs are most of a source's cost)
            return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), (_PRUNED_REASON,), ())
        ranked: list[tuple[_Scored, ClaimQuery]] = []
        for query, bounds in prepared:
            ranked.extend((s, query) for s in self._best_for_query(query, source_id, body, bounds))
        if any(isinstance(s, _Scored) for s, _ in ranked):
            ranked = [(s, q) for s, q in ranked if isinstance(s, _Scored)]
        ranked.sort(key=lambda sq: (-sq[0].score, sq[0].last - sq[0].first, sq[0].first))
        candidates = tuple(self._candidate(s) for s, _ in ranked[: self.settings.candidates_kept])
        relevance = max((s.relevance for s, _ in ranked), default=0.0)
        if not ranked:
            return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), (_GATE_REASON,), ())
        if relevance < self.settings.silent_below:
            score = ranked[0][0].score if ranked else 0.0
            reason = (f"no passage is about the claim (best relevance {relevance:.0f} < {self.settings.silent_below:.0f})")
            return Match(source_id, Stance.SILENT, round(score, 2), None, None, (), (), (reason,), candidates)
        best, query = ranked[0]
        check = check_details(query, best.analysed, body, self.settings.approximate_tolerance)
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
            # the passage must be about the same event: it states at least as many of the
            # claim's details (a date counts once) as it contradicts or leaves out
            anchored = (self.settings.anchor_details_from <= 0 or query.anchor_details < self.settings.anchor_details_from
                        or _same_event(query, check, lambda d: self._in_source(query, d, source_id)))
            if verbs_missing:
                reasons.append(f"ignored possible conflict ({described}): the passage is about another event "
                               f"(no {', '.join(query.verbs)})")
                conflicts = ()
            elif not anchored:
                # another number, place and name, and none of the claim's own: the
                # passage is about a similar event, not this one
                reason = f"the passage states none of the claim's details ({described})"
                return Match(source_id, Stance.SILENT, round(best.score, 2), None, None, (), (),
                             tuple(reasons + [reason]), candidates)
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
        view = self._view(source_id)
        if view.has_all(detail.keys):
            return True
        return any(view.has_all(alt) for alt in detail.alternatives)

    def _candidate(self, scored: _Scored | _Bound) -> Candidate:
        if isinstance(scored, _Bound):
            body = self._index.bodies[self._current]
            return Candidate(Span(scored.start, scored.end), body[scored.start:scored.end], round(scored.score, 2),
                             (f"not analysed: relevance at most {scored.relevance:.0f}",))
        a = scored.analysed
        reasons = (f"coverage {scored.coverage:.2f}", f"fuzzy {scored.fuzzy:.0f}",
                   "matched: " + ", ".join(sorted(set(scored.matched))))
        return Candidate(Span(a.start, a.end), a.text[a.start:a.end], round(scored.score, 2), reasons)


def _key_terms(query: ClaimQuery) -> tuple[list[tuple], list[frozenset[str]], float]:
    """The claim's terms as _bounds reads keys: (first key, other keys, weight, literal,
    detail kind) each, the key sets of its verbs, and the total weight."""
    terms = []
    for t in query.terms:
        keys = t.keys or (t.base,)
        literal = t.base.startswith("=") or (t.detail is None and t.base not in keys)
        # a claim number or date can only conflict with a sentence holding a number
        # or a month/weekday; a name with any sentence
        kind = query.details[t.detail].kind if t.detail is not None else None
        terms.append((keys[0], keys[1:], t.weight, literal, kind))
    verbs = [frozenset((v, "=" + synonym_of(v))) for v in query.verbs]
    return terms, verbs, sum(t.weight for t in query.terms) or 1.0


def _key_credit(terms: list[tuple], keys: frozenset[str], s: MatchSettings) -> tuple[float, int]:
    """(most weight the claim's terms (from _key_terms) can earn in a passage with these
    keys, how many of them the keys state): a literal term (a phrase keys cannot see)
    counts as present, a missing detail as possibly conflicting (a number or date only
    where the passage holds a number or a month/weekday)."""
    got = 0.0
    shared = 0
    numbers = None
    for exact, others, weight, literal, detail in terms:
        if exact in keys:
            got += weight
            shared += 1
        elif others and not keys.isdisjoint(others):
            got += weight * s.synonym_credit
            shared += 1
        elif literal:
            got += weight
        elif detail == "entity":
            got += weight * s.conflict_credit
        elif detail is not None:
            if numbers is None:
                numbers = any(k[:1] == "#" or k in _DATE_KEYS for k in keys)
            if numbers:
                got += weight * s.conflict_credit
    return got, shared


def _demonym(detail) -> bool:
    return detail.kind == "entity" and detail.entity is not None and detail.entity.demonym


def _same_event(query: ClaimQuery, check: DetailCheck, in_source) -> bool:
    """Whether the passage states at least one of the claim's details and at least as
    many as it contradicts or leaves out (demonyms aside; all dates are one detail,
    contradicted if one date is, else stated if one is). A detail the passage leaves
    out but the source states elsewhere is context, counted neither way."""
    status: dict[object, str] = {}
    conflicting = set(check.conflicting_details)
    for d, detail in enumerate(query.details):
        if _demonym(detail):
            continue
        key = "date" if detail.kind == "date" else d
        state = ("conflict" if d in conflicting else "found" if d in check.found
                 else "context" if in_source(d) else "missing")
        old = status.get(key)
        rank = ("conflict", "found", "context", "missing")
        if old is None or rank.index(state) < rank.index(old):
            status[key] = state
    found = sum(1 for v in status.values() if v == "found")
    against = sum(1 for v in status.values() if v in ("conflict", "missing"))
    return found >= 1 and found >= against


# (matcher, jobs, their built queries, include_silent) while match_many runs: forked
# workers inherit it.
_FORKED: tuple[Matcher, list, list, bool] | None = None


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: match_many runs sequentially
        return None


def _gate_silent(source_id: str) -> Match:
    return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), (_GATE_REASON,), ())


def _open_chunk(bounds: tuple[int, int]) -> list[list[int]]:
    """For jobs lo..hi: the numbers of the sources their gate lets through."""
    matcher, _, built, _ = _FORKED
    return [sorted(matcher._gate.candidate_sources(queries, matcher.settings)) for queries in built[bounds[0]:bounds[1]]]


def _sources_to_claims(jobs: list, opened: list[list[int]], source_ids: list[str]) -> dict[int, list[int]]:
    """source number -> the jobs (in order) that reach it, within each job's source_ids."""
    number = {s: n for n, s in enumerate(source_ids)}
    by_source: dict[int, list[int]] = {}
    for j, ((_, _, ids), nums) in enumerate(zip(jobs, opened)):
        if ids is not None:
            wanted = {number[i] for i in ids if i in number}
            nums = [n for n in nums if n in wanted]
        for n in nums:
            by_source.setdefault(n, []).append(j)
    return by_source


def _match_sources(work: list[tuple[int, list[int]]]) -> list[tuple[int, Match]]:
    """(job, Match) for each source and the jobs that reach it; silent Matches are kept
    only when the jobs asked for them. Each source's view and analyses are dropped
    when its claims are done: no later claim needs them."""
    matcher, _, built, include_silent = _FORKED
    matcher._prune_silent = not include_silent
    out = []
    for number, job_numbers in work:
        source_id = matcher._index.source_ids[number]
        for j in job_numbers:
            match = matcher._match_source(built[j], source_id)
            if include_silent or match.stance is not Stance.SILENT:
                out.append((j, match))
        matcher._forget(source_id)
    return out


def _match_sources_forked(work: list[tuple[int, list[int]]]) -> tuple[list[tuple[int, Match]], int, set]:
    # the worker's counters start from zero for each run: the parent adds them up
    matcher = _FORKED[0]
    matcher.fuzzy_scored, matcher.fuzzy_passages = 0, set()
    out = _match_sources(work)
    return out, matcher.fuzzy_scored, matcher.fuzzy_passages
