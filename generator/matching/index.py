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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .normalise import PHRASES, base_term, simple_form, synonym_of
from . import numbers as _numbers
from .numbers import Figures, extract_figures
from .text import TOKEN_PATTERN, Token, split_sentences, tokenize


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


# Lower-case words that can start or extend a number or date ("three", "century", "May"):
# a sentence with one of them (or a digit) needs the full figure parser for its terms.
_FIGURE_WORDS = frozenset(
    set(_numbers.WEEKDAYS) | set(_numbers.MONTHS) | set(_numbers._MONTH_ABBREVIATIONS)
    | set(_numbers._SMALL) | set(_numbers._TENS) | set(_numbers._SCALES) | set(_numbers._YEAR_SPANS))
_PHRASE_FIRST_WORDS = frozenset(key[0] for key in PHRASES)

# raw token -> (its index terms, whether it needs the full analysis). Keyed by word, so
# each distinct word of the corpus is normalised once; pure, so it never changes a result.
_WORD_TERMS: dict[str, tuple[tuple[str, ...], bool]] = {}


def _word_terms(raw: str) -> tuple[tuple[str, ...], bool]:
    hit = _WORD_TERMS.get(raw)
    if hit is None:
        base = base_term(raw)
        terms = (base, "=" + synonym_of(base)) if base else ()
        special = raw[:1].isdigit() or raw[:1] in "£$€¥" or raw.lower().rstrip(".") in _FIGURE_WORDS
        hit = _WORD_TERMS[raw] = (terms, special)
        if len(_WORD_TERMS) > 1_000_000:  # bound memory on endless streams of numbers
            _WORD_TERMS.clear()
    return hit


def passage_terms(body: str, start: int, end: int) -> set[str]:
    """Exactly text_terms(tokenize(body, start, end)), without building Token objects
    for the common sentence that has no number, date, hyphen or paraphrase."""
    raws = TOKEN_PATTERN.findall(body, start, end)
    terms: set[str] = set()
    special = body.find("-", start, end) >= 0
    for raw in raws:
        word, needs_full = _word_terms(raw)
        terms.update(word)
        special = special or needs_full
    if special:
        return text_terms(tokenize(body, start, end))
    # paraphrases ("took part") from the raw words, as phrase_terms does from tokens
    words = [simple_form(raw) for raw in raws]
    for i, word in enumerate(words):
        if word in _PHRASE_FIRST_WORDS:
            for length in (2, 3):
                key = tuple(words[i:i + length])
                if len(key) == length and key in PHRASES:
                    terms.add("=" + synonym_of(base_term(PHRASES[key]) or PHRASES[key]))
    return terms


class PassageIndex:
    """Sentence passages of all sources and an inverted index over their terms.

    Passage ids are global, but every source's passages are one contiguous range, so all
    per-source questions (postings, document frequency) are answered from that source's
    slice of a posting list and never depend on the other sources.
    """

    def __init__(self, sources: dict[str, str], max_sentence_chars: int = 500):
        self.source_ids: list[str] = sorted(sources)
        self.bodies = sources
        self.starts = array("i")
        self.ends = array("i")
        self.source_ranges: dict[str, tuple[int, int]] = {}
        self.source_firsts = array("i")  # first passage id of each source, in source_ids order
        postings: defaultdict[str, array] = defaultdict(lambda: array("i"))
        for source_id in self.source_ids:
            body = sources[source_id]
            first = len(self.starts)
            self.source_firsts.append(first)
            for start, end in split_sentences(body, max_sentence_chars):
                passage_id = len(self.starts)
                self.starts.append(start)
                self.ends.append(end)
                for term in passage_terms(body, start, end):
                    postings[term].append(passage_id)
            self.source_ranges[source_id] = (first, len(self.starts))
        self.postings: dict[str, array] = dict(postings)
        self.passage_count = len(self.starts)

    def df(self, term: str) -> int:
        """Passages of all sources holding `term`: used only to decide which posting
        lists are cheapest to scan, never in a score."""
        return len(self.postings.get(term, ()))

    def source_of(self, passage_id: int) -> str:
        return self.source_ids[bisect_right(self.source_firsts, passage_id) - 1]

    def ids_in_source(self, term: str, source_id: str) -> array | tuple:
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


def has_term(ids: array, passage_id: int) -> bool:
    """Whether the sorted posting list `ids` holds `passage_id`."""
    k = bisect_left(ids, passage_id)
    return k < len(ids) and ids[k] == passage_id
