"""Terms of a piece of text, and the inverted index of all source passages.

A passage's terms are the stems of its content words, their synonym-group terms
(prefixed "="), paraphrase terms, joined hyphen compounds ("week-long" -> "weeklong")
and number values (prefixed "#"). The index keeps, per term, a sorted array of
passage ids; passages of one source are contiguous, so a source's postings are a
bisect away and a claim is scored against a few sources without scanning the rest.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from dataclasses import dataclass

from .normalise import PHRASES, base_term, simple_form, synonym_of
from .numbers import Figures, extract_figures
from .text import Token, split_sentences, tokenize


def number_term(value: float) -> str:
    return "#" + (str(int(value)) if float(value).is_integer() else repr(value))


@dataclass(frozen=True)
class TokenTerms:
    """The terms one token contributes: its stem, and its synonym-group term."""

    token: Token
    base: str  # "" for stop words
    canonical: str


def token_terms(tokens: list[Token]) -> list[TokenTerms]:
    out = []
    for token in tokens:
        base = base_term(token.raw)
        out.append(TokenTerms(token, base, synonym_of(base) if base else ""))
    return out


def phrase_terms(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Paraphrase terms found in `tokens`: (term, first token index, end token index)."""
    found = []
    words = [simple_form(t.raw) for t in tokens]
    for i in range(len(words)):
        for length in (2, 3):
            key = tuple(words[i:i + length])
            if len(key) == length and key in PHRASES:
                term = base_term(PHRASES[key]) or PHRASES[key]
                found.append((synonym_of(term), i, i + length))
    return found


def compound_terms(tokens: list[Token]) -> list[tuple[str, int]]:
    """"week-long" also reads as "weeklong": (joined term, index of the second token)."""
    out = []
    for i in range(1, len(tokens)):
        if tokens[i].hyphen_before and tokens[i].raw.isalpha() and tokens[i - 1].raw.isalpha():
            joined = base_term(tokens[i - 1].raw + tokens[i].raw)
            if joined:
                out.append((joined, i))
    return out


def text_terms(tokens: list[Token], figures: Figures | None = None) -> set[str]:
    """All index terms of a token list."""
    terms: set[str] = set()
    for tt in token_terms(tokens):
        if tt.base:
            terms.add(tt.base)
            terms.add("=" + tt.canonical)
    for term, _, _ in phrase_terms(tokens):
        terms.add("=" + term)
    for term, _ in compound_terms(tokens):
        terms.add(term)
        terms.add("=" + synonym_of(term))
    figures = figures if figures is not None else extract_figures(tokens)
    for quantity in figures.quantities:
        terms.add(number_term(quantity.value))
    for date in figures.dates:
        if date.year is not None:
            terms.add(number_term(date.year))
        if date.day is not None:
            terms.add(number_term(date.day))
    return terms


class PassageIndex:
    """Sentence passages of all sources and an inverted index over their terms."""

    def __init__(self, sources: dict[str, str], max_sentence_chars: int = 500):
        self.source_ids: list[str] = sorted(sources)
        self.bodies = sources
        self.starts = array("i")
        self.ends = array("i")
        self.source_ranges: dict[str, tuple[int, int]] = {}
        postings: dict[str, list[int]] = {}
        self.lower_seen: set[str] = set()  # words that occur in lower case somewhere
        for source_id in self.source_ids:
            body = sources[source_id]
            first = len(self.starts)
            for start, end in split_sentences(body, max_sentence_chars):
                passage_id = len(self.starts)
                self.starts.append(start)
                self.ends.append(end)
                tokens = tokenize(body, start, end)
                for token in tokens:
                    if token.raw.islower():
                        self.lower_seen.add(simple_form(token.raw))
                for term in text_terms(tokens):
                    postings.setdefault(term, []).append(passage_id)
            self.source_ranges[source_id] = (first, len(self.starts))
        self.postings: dict[str, array] = {t: array("i", ids) for t, ids in postings.items()}
        self.passage_count = max(1, len(self.starts))

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log((self.passage_count + 1) / (df + 0.5)) + 0.1

    def ids_in_source(self, term: str, source_id: str) -> array | list:
        """Passage ids of `source_id` containing `term` (sorted)."""
        ids = self.postings.get(term)
        if not ids:
            return ()
        lo, hi = self.source_ranges[source_id]
        a = bisect_left(ids, lo)
        b = bisect_left(ids, hi, a)
        return ids[a:b]

    def source_has_all(self, terms: list[str], source_id: str) -> bool:
        """True when one passage of the source contains every term in `terms`."""
        if not terms:
            return False
        common = set(self.ids_in_source(terms[0], source_id))
        for term in terms[1:]:
            if not common:
                return False
            common &= set(self.ids_in_source(term, source_id))
        return bool(common)
