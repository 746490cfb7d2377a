"""Public data types of the claim matcher (re-exported by `generator.matching`)."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from functools import cached_property


class Stance(str, enum.Enum):
    AGREES = "agrees"
    DIFFERS = "differs"
    SILENT = "silent"


@dataclass(frozen=True)
class MatchSettings:
    """Settings of the matcher; site.yaml `matching:` keys map 1:1 to these fields. The
    stance itself comes from the shipped model (data/stance-model.json): these set where
    its probabilities are cut, and how much work retrieval does."""

    # A source is silent unless the model's probability that it speaks to the claim
    # (agrees or differs) reaches this (0..1). None: the value fitted with the shipped
    # model, leave-one-story-out (scripts/train_matcher.py).
    relevant_above: float | None = None
    # A source that speaks to the claim differs when the model's probability of
    # "differs", among agrees and differs, reaches this (0..1); otherwise it agrees.
    # None: the value fitted with the shipped model.
    differs_above: float | None = None
    # A passage carrying less than this share (0..1, weighted) of the claim's words is
    # never evidence, and a source without a passage reaching it is silent without being
    # judged: the one approximation of retrieval (on the evaluation stories it loses 0.5%
    # of the pairs that agree or differ; README). Sources whose words, all sentences
    # together, cannot reach it are ruled out by the inverted index without being read.
    min_relevance: float = 0.15
    # Retrieval's best passages per source that are judged; the passage scorer of the
    # shipped model picks the evidence among them (1: retrieval's best alone).
    reranked: int = 3
    # Candidate passages kept per source (the best is the evidence; the others are shown
    # by `factcheck explain`).
    candidates_kept: int = 3
    # Silent sources whose probability of speaking to the claim is at least this (0..1)
    # are listed in crossref.json with their nearest passage (near misses an editor may
    # want to look at); the others are silent without a word.
    nearest_from: float = 0.25


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Conflict:
    kind: str  # number, year, date, weekday, month, place, person, organisation, negation
    claim_value: str  # as written in the claim
    source_value: str  # verbatim from the source
    source_span: Span | None  # body[start:end] == source_value, None if not locatable


@dataclass(frozen=True)
class Candidate:
    span: Span
    text: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    source_id: str
    stance: Stance
    score: float  # 0..100 relevance of the evidence passage
    evidence: Span | None  # None iff stance is SILENT
    evidence_text: str | None  # == body[evidence.start:evidence.end]
    highlights: tuple[Span, ...]  # claim words inside the evidence, sorted, non-overlapping
    conflicts: tuple[Conflict, ...]
    reasons: tuple[str, ...]
    candidates: tuple[Candidate, ...]  # best first; for a silent source, the nearest passages
    confidence: float = 0.0  # the model's probability of `stance` (0..1)
    features: tuple[tuple[str, float], ...] = ()  # what the judge read, for `explain`

    @cached_property
    def key(self) -> str:
        """A digest of the whole result (its repr: frozen plain values), computed once; it
        travels with the match when pickled, so cached matches need not be digested again."""
        return hashlib.blake2b(repr(self).encode("utf-8"), digest_size=16).hexdigest()
