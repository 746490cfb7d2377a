"""The Matcher: retrieve each source's passages for a claim, then judge the best one.

1. Retrieve (retrieve.py): every source is segmented and analysed once; a claim's
   passages are ranked by the weighted soft recall of its words.
2. Judge (judge.py): typed details of claim and passage are compared, and a small
   learned model turns the features into probabilities of agrees / differs / silent.
   Silent when the probability that the source speaks to the claim is under
   `relevant_above`; otherwise differs or agrees by `differs_above`.

The only shortcut: a passage carrying less than `min_relevance` of the claim's
weighted words is never evidence, and a source without such a passage is silent
without being judged (an inverted index over the sources' keys rules out, exactly,
the sources whose words all together cannot reach it). Its recall cost on the
evaluation stories is measured in the README. A (claim, source) result depends on that
pair and the settings alone, so results can be cached per source.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from dataclasses import dataclass
from typing import Mapping, Sequence

from .judge import Model, features, pair_probabilities, shipped_model, source_features, stance_of
from .language import language_for
from .retrieve import Query, Ranked, SourceText, build_query, number_key, ranked, when_keys
from .types import Candidate, Match, MatchSettings, Span, Stance


@dataclass(frozen=True)
class Judged:
    """Everything the judge saw for one (claim, source) pair (used by training)."""

    source_id: str
    features: dict[str, float]
    passage_span: tuple[int, int] | None
    ranking: tuple[Ranked, ...]
    conflicts: tuple


class Matcher:
    def __init__(self, sources: Mapping[str, str], settings: MatchSettings = MatchSettings(),
                 published: Mapping[str, dt.date | None] | None = None, language: str = "en",
                 model: Model | None = None, known_keys: Mapping[str, frozenset[str]] | None = None):
        """`known_keys`: for some sources, the keys their analysis gave before (see
        `source_keys`; they depend on the body, its date and the language alone), so the
        inverted index is built without analysing them: a source is analysed only when
        a claim may be about it."""
        self.settings = settings
        self.language = language_for(language)
        self._model = model
        self._bodies = dict(sources)
        self._published = dict(published or {})
        self._ids = sorted(self._bodies)
        self._numbers = {source_id: n for n, source_id in enumerate(self._ids)}  # the index's numbering
        self._texts: dict[str, SourceText] = {}
        self._known_keys = {k: v for k, v in (known_keys or {}).items() if k in self._bodies}
        self._postings: dict[str, list[int]] | None = None
        # claim text -> its analysed Query (pure in the text)
        self.queries: dict[str, Query] = {}
        self.pairs_judged = 0  # (claim, source) pairs judged, for benchmarks
        self._skip_weak = True  # judge_all (training) judges every pair

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = shipped_model()
        return self._model

    # -- sources ----------------------------------------------------------------------
    def source_text(self, source_id: str) -> SourceText:
        text = self._texts.get(source_id)
        if text is None:
            text = self._texts[source_id] = SourceText(self._bodies[source_id], self.language,
                                                       self._published.get(source_id))
        return text

    def passages(self, source_id: str) -> tuple[Span, ...]:
        return tuple(Span(p.start, p.end) for p in self.source_text(source_id).sentences)

    def source_keys(self, source_id: str) -> frozenset[str]:
        """Every key of a source's passages (what the inverted index holds of it)."""
        known = self._known_keys.get(source_id)
        return known if known is not None else frozenset(self.source_text(source_id).keys)

    def _index(self) -> dict[str, list[int]]:
        """key -> numbers of the sources holding it (built on the first broad query)."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for number, source_id in enumerate(self._ids):
                for key in self.source_keys(source_id):
                    postings.setdefault(key, []).append(number)
            self._postings = postings
        return self._postings

    def _open_sources(self, query: Query) -> set[int]:
        """Numbers of the sources whose keys, all together, can carry min_relevance
        of the query (an exact upper bound of their source-wide coverage)."""
        index = self._index()
        got: dict[int, float] = {}
        for term in query.terms:
            best: dict[int, float] = {}
            for key, credit in term.credits.items():
                for number in index.get(key, ()):
                    if best.get(number, 0.0) < credit:
                        best[number] = credit
            for number, credit in best.items():
                got[number] = got.get(number, 0.0) + term.weight * credit
        floor = self.settings.min_relevance * query.total
        return {n for n, w in got.items() if w >= floor}

    # -- queries ----------------------------------------------------------------------
    def query(self, text: str) -> Query:
        found = self.queries.get(text)
        if found is None:
            found = self.queries[text] = build_query(text, self.language)
        return found

    def judge(self, query: Query, source_id: str) -> tuple[Judged, Judged, dict[str, float]] | None:
        """The judge's view of a source: retrieval's best passage, the evidence, and the
        pair's probabilities. Whether the source speaks to the claim is read off the best
        passage alone; only when it does are the other `reranked` best judged too and the
        one the shipped passage scorer rates highest made the evidence. None when the
        story gate finds the source not about the claim's story (`Model.gate_above`)."""
        if self.story(query, source_id) < self.model.gate_above:
            return None
        top = self.judge_options(query, source_id, 1)[0]
        probs = pair_probabilities(self.model, top.features, top.features)
        scorer = self.model.passages
        if not top.features or scorer is None or probs.get("silent", 0.0) > 1 - self._relevant_above:
            return top, top, probs
        options = [top] + self._judge_ranked(query, source_id, top.ranking, range(1, self.settings.reranked))
        chosen = max(enumerate(options), key=lambda o: (scorer.score(o[1].features), -o[0]))[1]
        return top, chosen, pair_probabilities(self.model, top.features, chosen.features)

    def story_features(self, query: Query, source_id: str) -> dict[str, float]:
        return source_features(query, self.source_text(source_id))

    def story(self, query: Query, source_id: str) -> float:
        """The story gate's probability that the source is about the claim's story."""
        gate = self.model.gate
        return 1.0 if gate is None else gate.probability(self.story_features(query, source_id))

    def judge_options(self, query: Query, source_id: str, count: int | None = None) -> list[Judged]:
        """One Judged for each of retrieval's `count` (default: `reranked`) best passages,
        best first (training reads them all)."""
        source = self.source_text(source_id)
        ranking = ranked(query, source, max(2, self.settings.candidates_kept, self.settings.reranked))
        if not ranking or ranking[0].relevance < self.settings.min_relevance and self._skip_weak:
            return [Judged(source_id, {}, None, tuple(ranking), ())]
        self.pairs_judged += 1
        return self._judge_ranked(query, source_id, ranking, range(count or max(1, self.settings.reranked)))

    def _judge_ranked(self, query: Query, source_id: str, ranking, ranks) -> list[Judged]:
        source = self.source_text(source_id)
        best_first = sorted(ranking, key=lambda r: (-r.focus, -r.relevance, r.passage.end - r.passage.start,
                                                    r.passage.start))  # retrieval's order
        out = []
        for rank in ranks:
            if rank >= len(best_first):
                break
            candidate = best_first[rank]
            order = [candidate] + [r for r in best_first if r is not candidate]
            judgement = features(query, source, order, rank)
            out.append(Judged(source_id, judgement.features, (candidate.passage.start, candidate.passage.end),
                              tuple(order), judgement.conflicts))
        return out

    @property
    def _relevant_above(self) -> float:
        s = self.settings
        return self.model.relevant_above if s.relevant_above is None else s.relevant_above

    def judge_all(self, claim: str, source_ids: Sequence[str]) -> list[list[Judged]]:
        """Every candidate passage of every listed source judged, no shortcut (training)."""
        query = self.query(claim)
        self._skip_weak = False
        try:
            return [self.judge_options(query, source_id) for source_id in source_ids]
        finally:
            self._skip_weak = True

    # -- matching ---------------------------------------------------------------------
    def match(self, claim: str, look_for: Sequence[str] = (), source_ids: Sequence[str] | None = None,
              include_silent: bool = True) -> tuple[Match, ...]:
        """One Match per source (in `source_ids` order; all sources sorted by id when
        None). With include_silent=False, only the sources that agree or differ."""
        return self.match_many([(claim, look_for, source_ids)], include_silent)[0]

    def match_many(self, queries: Sequence[tuple[str, Sequence[str], Sequence[str] | None]],
                   include_silent: bool = False, workers: int = 1) -> list[tuple[Match, ...]]:
        """match() for every (claim, look_for, source_ids), in order. workers > 1 forks
        processes that inherit the analysed sources (only results are pickled);
        results are the same whatever the number of workers."""
        jobs = [(claim, tuple(look_for), None if ids is None else tuple(ids)) for claim, look_for, ids in queries]
        if workers > 1 and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._index()  # built once, before forking, and inherited by the workers
            for claim, look_for, _ in jobs:
                for text in (claim, *look_for):
                    self.query(text)
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_adopt, initargs=(self,)) as pool:
                step = max(1, len(jobs) // (workers * 8))
                chunks = [(jobs[lo:lo + step], include_silent) for lo in range(0, len(jobs), step)]
                return [r for part in pool.map(_match_chunk, chunks, chunksize=1) for r in part]
        return [self._match_one(claim, look_for, ids, include_silent) for claim, look_for, ids in jobs]

    def _match_one(self, claim: str, look_for: tuple[str, ...], source_ids: tuple[str, ...] | None,
                   include_silent: bool) -> tuple[Match, ...]:
        """With include_silent=False: the sources that agree or differ, and the silent
        ones that came near (probability of speaking to the claim >= `nearest_from`: a
        rule per pair, so a result never depends on the other sources)."""
        queries = [self.query(t) for t in (claim, *look_for) if t.strip()] or [self.query(claim)]
        ids = list(source_ids) if source_ids is not None else self._ids
        open_ = set().union(*(self._open_sources(q) for q in queries))
        out = []
        for source_id in ids:
            if self._numbers.get(source_id) not in open_:
                if include_silent:
                    out.append(_unread(source_id))
                continue
            match = self._decide(queries, source_id)
            if include_silent or match.stance is not Stance.SILENT or \
                    match.score >= 100 * self.settings.nearest_from:
                out.append(match)
        return tuple(out)

    def _decide(self, queries: list[Query], source_id: str) -> Match:
        best = None
        gated = False
        for query in queries:
            judgement = self.judge(query, source_id)
            if judgement is None:
                gated = True
                continue
            top, judged, probs = judgement
            if not top.ranking or top.ranking[0].relevance < self.settings.min_relevance:
                continue
            relevant = 1.0 - probs.get("silent", 0.0)
            if best is None or relevant > best[0]:
                best = (relevant, probs, judged, query)
        if best is None:
            return self._other_story(queries[0], source_id) if gated else _unread(source_id)
        relevant, probs, judged, query = best
        return self._match(query, judged, probs, relevant)

    def _candidates(self, source_id: str, ranking: Sequence[Ranked]) -> tuple[Candidate, ...]:
        body = self._bodies[source_id]
        return tuple(
            Candidate(Span(r.passage.start, r.passage.end), body[r.passage.start:r.passage.end],
                      round(100 * r.relevance, 1),
                      (f"carries {r.relevance:.0%} of the claim's weighted words "
                       f"({r.focus:.0%} weighting the source's own frequent words down)",))
            for r in ranking[:self.settings.candidates_kept])

    def _other_story(self, query: Query, source_id: str) -> Match:
        """Silent without being judged: the story gate found the source about another
        story. Its nearest passages are still ranked, so explain and crossref.json show
        what came closest."""
        story = self.story_features(query, source_id)
        ranking = ranked(query, self.source_text(source_id), max(1, self.settings.candidates_kept))
        reasons = (f"silent: probability that the source is about the claim's story {self.story(query, source_id):.2f}"
                   f" < {self.model.gate_above:.2f} (it carries too little of the claim's names and rarer words)",)
        return Match(source_id, Stance.SILENT, 0.0, None, None, (), (), reasons,
                     self._candidates(source_id, ranking), round(self.model.gate_silent_confidence, 4),
                     tuple(sorted((k, round(v, 4)) for k, v in story.items())))

    def _match(self, query: Query, judged: Judged, probs: dict[str, float], relevant: float) -> Match:
        s = self.settings
        body = self._bodies[judged.source_id]
        candidates = self._candidates(judged.source_id, judged.ranking)
        shown = {**judged.features, **self.story_features(query, judged.source_id)} if judged.features else {}
        feats = tuple(sorted((k, round(v, 4)) for k, v in shown.items()))
        model = self.model
        cut = self._relevant_above
        stance = stance_of(probs, cut, model.differs_above if s.differs_above is None else s.differs_above)
        if stance is Stance.SILENT or not judged.ranking:
            reasons = (f"silent: probability that the source speaks to the claim {relevant:.2f} "
                       f"< {cut:.2f}",)
            if judged.ranking:
                reasons += (f"nearest passage carries {judged.ranking[0].relevance:.0%} of the claim's words",)
            return Match(judged.source_id, Stance.SILENT, round(100 * relevant, 1), None, None, (), (),
                         reasons, candidates, round(model.confidence(probs.get("silent", 0.0)), 4), feats)
        confidence = model.confidence(probs.get(stance.value, 0.0))
        source = self.source_text(judged.source_id)
        top = source.passage(judged.ranking[0].passage)
        evidence = Span(top.start, top.end)
        highlights = _highlights(query, top)
        conflicts = tuple(c for c in judged.conflicts if c.source_span is None or
                          top.start <= c.source_span.start and c.source_span.end <= top.end)
        reasons = (f"{stance.value}: model probabilities agrees {probs.get('agrees', 0):.2f}, "
                   f"differs {probs.get('differs', 0):.2f}, silent {probs.get('silent', 0):.2f}",
                   f"evidence carries {judged.ranking[0].relevance:.0%} of the claim's weighted words")
        if stance is not Stance.DIFFERS:
            conflicts = ()
        return Match(judged.source_id, stance, round(100 * relevant, 1), evidence, body[top.start:top.end],
                     highlights, conflicts, reasons, candidates, round(confidence, 4), feats)


def _highlights(query: Query, passage) -> tuple[Span, ...]:
    """The passage's words that carry one of the claim's: words by their keys, and the
    words of a date or quantity whose value the claim names."""
    keys, details = query.keys, passage.details
    spans = {Span(w.start, w.end) for w in passage.words
             if not w.stop and (w.key in keys or w.lemma in keys or w.lower in keys)}
    for when in details.whens:
        if any(k in keys for k, _ in when_keys(when)):
            spans.update(Span(w.start, w.end) for w in passage.words if when.start <= w.start < when.end)
    for quantity in details.quantities:
        if number_key(quantity.value) in keys:
            spans.update(Span(w.start, w.end) for w in passage.words
                         if quantity.start <= w.start < quantity.end and not w.stop)
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


def _unread(source_id: str) -> Match:
    return Match(source_id, Stance.SILENT, 0.0, None, None, (), (),
                 ("silent: no passage of the source carries enough of the claim's words to be about it",),
                 (), UNREAD_SILENT_CONFIDENCE, ())


# Share of the evaluation stories' pairs below min_relevance that are silent in the gold
# (scripts/train_matcher.py prints it: 216 of 221): the confidence of a source ruled
# silent without being judged.
UNREAD_SILENT_CONFIDENCE = 0.977


_ADOPTED: list[Matcher] = []  # the forked worker's matcher, set by the pool initializer


def _adopt(matcher: Matcher) -> None:
    _ADOPTED[:] = [matcher]


def _match_chunk(args) -> list[tuple[Match, ...]]:
    jobs, include_silent = args
    matcher = _ADOPTED[0]
    return [matcher._match_one(claim, look_for, ids, include_silent) for claim, look_for, ids in jobs]
