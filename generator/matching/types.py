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
    """Tunable thresholds; site.yaml `matching:` keys map 1:1 to these fields."""

    # Relevance (0..100) under which a source is silent: no passage is about the claim.
    silent_below: float = 46.0
    # A source differs only when the evidence covers at least this share (0..1, weighted)
    # of the claim's words outside the conflicting detail: the passage must be about the
    # same event, not merely mention another number or name.
    differs_min_coverage: float = 0.5
    # Weight of the rapidfuzz similarity in the relevance score (the rest is the
    # weighted content-word coverage), 0..1.
    fuzzy_weight: float = 0.25
    # Multiplier of the weight of claim words that are names (capitalised entities):
    # names are the slots that may conflict, the rest of the claim is the frame that
    # has to match for a passage to be about the same thing.
    entity_weight: float = 0.6
    # Multiplier of the weight of the claim's verbs ("signed", "left"): the event matters.
    verb_weight: float = 1.5
    # Share (0..1) of a passage's relevance lost when it has none of the claim's verbs
    # (nor synonyms): it names the same things but not the claimed event.
    verb_missing_penalty: float = 0.2
    # Credit (0..1) for a claim word matched only through a synonym or paraphrase.
    synonym_credit: float = 0.8
    # Credit (0..1) for a claim detail the passage states with another value: a passage
    # giving another date for the same event is still about the claim.
    conflict_credit: float = 0.5
    # Gate: a source is silent unless one sentence shares at least
    # max(min_shared_terms, min_shared_fraction x the claim's terms) of the claim's terms
    # (capped at the number of terms). Also what lets match(include_silent=False) skip
    # unrelated sources using the inverted index alone.
    min_shared_terms: int = 2
    min_shared_fraction: float = 0.4
    # Gate, distinctive content: a claim with at least this many details (names, numbers,
    # dates counted once; demonyms aside) is only about a sentence that shares a word of
    # one of them,
    # and a source differs only when its passage states one of them (the frame alone,
    # "costs rose, the ministry said", is not the claim's event). 0 turns this off.
    anchor_details_from: int = 2
    # ...and the source must mention (anywhere) all of those details but this many (the
    # one that may differ).
    max_missing_details: int = 1
    # Processes (forked) that build the index of a large corpus; 1 builds it in this process.
    index_workers: int = 2
    # Share (0..1) of a claim term's weight that depends on its rarity among the source's
    # own sentences (the rest is its built-in weight): words a source repeats in every
    # sentence tell its sentences apart less, claim words it never uses cost most.
    source_rarity_weight: float = 0.8
    # Candidate passages per source rescored with rapidfuzz after the cheap prefilter.
    candidates_per_source: int = 20
    # Of those, the best few also checked for conflicting details before ranking.
    detail_rescored: int = 8
    # A pair of adjacent sentences replaces a single one when it covers this much more
    # of the claim (0..1).
    pair_gain: float = 0.2
    # Candidates kept in Match.candidates (for `factcheck explain`).
    candidates_kept: int = 5
    # Sentences longer than this (characters) are trimmed to the clauses carrying the claim.
    trim_longer_than: int = 200
    # Evidence is never longer than this (characters).
    max_evidence_chars: int = 600
    # A source whose best passage lacks a claim detail (name, number, date) that appears
    # nowhere in the source, and does not contradict it, is silent rather than agreeing.
    silent_if_detail_unsupported: bool = True
    # Claim numbers preceded by "about", "around", "nearly"... match within this relative tolerance.
    approximate_tolerance: float = 0.1


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
    candidates: tuple[Candidate, ...]  # best first

    @cached_property
    def key(self) -> str:
        """A digest of the whole result (its repr: frozen plain values), computed once; it
        travels with the match when pickled, so cached matches need not be digested again."""
        return hashlib.blake2b(repr(self).encode("utf-8"), digest_size=16).hexdigest()
