"""Retrieve: the passages of a source ranked by how much of a claim they carry.

A source is segmented once into sentences (paragraph-aware, run-together sentences
split, offsets kept) and windows of two adjacent sentences of one paragraph. A claim
becomes a `Query`: its content words, each weighted by its rarity in the language, and
the keys that credit it: the same lemma or spelling (1.0), a derivation (British /
Britain), a synonym from the lexical resource, a shared long prefix (Ukraine /
Ukrainian). A passage's relevance is the weighted soft recall of the claim's words:
sum of weight x best credit over the passage's words, divided by the claim's total
weight.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

from .analysis import Word, analyse
from .details import Details, When, extract
from .language import Language
from .text import paragraph_break_between, split_sentences

DERIVED_CREDIT = 0.8
SYNONYM_CREDIT = 0.7
PREFIX_CREDIT = 0.6
PREFIX = 6  # letters two words must share to be credited as relatives
NUMBER_WEIGHT = 3.5
NAME_WEIGHT = 4.5
SLOT_CREDIT = 0.5  # a passage stating another value of the same kind of detail
MAX_WINDOW_CHARS = 600


def number_key(value: float) -> str:
    return "#" + (str(int(value)) if value == int(value) else f"{value:g}")


def when_keys(when: When) -> list[tuple[str, float]]:
    """Index keys of a date or time, most specific first, with the credit a claim's
    date gets from a passage holding only that key."""
    keys = []
    if when.month and when.day:
        keys.append((f"@{when.month}-{when.day}", 1.0))
    if when.month:
        keys.append((f"@{when.month}", 0.5 if when.day else 1.0))
    if when.weekday is not None:
        keys.append((f"@w{when.weekday}", 1.0 if not when.day else 0.8))
    if when.minutes is not None:
        keys.append((f"@t{when.minutes}", 1.0))
    if when.year:
        keys.append((number_key(float(when.year)), 1.0 if not when.month else 0.3))
    return keys


@dataclass(frozen=True)
class QueryWord:
    word: Word
    weight: float
    credits: dict[str, float]  # passage key -> credit
    kind: str  # "name" | "number" | "word"


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[Word, ...]
    terms: tuple[QueryWord, ...]
    details: Details
    total: float

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every passage key that credits some term (what the index is asked for)."""
        return frozenset(k for t in self.terms for k in t.credits)


def build_query(text: str, language: Language) -> Query:
    words = analyse(text, 0, len(text), language)
    details = extract(words, text, language)
    terms: list[QueryWord] = []
    seen: set[str] = set()
    in_quantity = {i for q in details.quantities for i in range(q.first, q.last)}
    in_when = {i for i, w in enumerate(words) for d in details.whens if d.start <= w.start < d.end}
    for d in details.whens:
        keys = when_keys(d)
        if keys and keys[0][0] not in seen:
            seen.add(keys[0][0])
            first = next(w for w in words if w.start >= d.start)
            credits = dict(keys)
            for slot, present in (("%t", d.minutes is not None), ("%w", d.weekday is not None and not d.month),
                                  ("%m", d.month is not None), ("%y", d.year is not None and d.month is None)):
                if present:
                    credits.setdefault(slot, SLOT_CREDIT)
            terms.append(QueryWord(first, NUMBER_WEIGHT, credits, "date"))
    for q in details.quantities:
        key = number_key(q.value)
        if key not in seen:
            seen.add(key)
            credits = {key: 1.0, f"%q:{q.kind}:{q.unit}": SLOT_CREDIT}
            if q.kind != "count":  # money, percentages and measures by kind alone too
                credits[f"%q:{q.kind}"] = SLOT_CREDIT * 0.6
            terms.append(QueryWord(words[q.first], NUMBER_WEIGHT, credits, "number"))
    name_of = {}
    for name in details.names:
        for w in words:
            if name.start <= w.start < name.end:
                name_of[w.start] = name
    for i, w in enumerate(words):
        if w.stop or w.key in seen or i in in_when or (i in in_quantity and w.value is not None):
            continue
        if w.value is not None:
            key = number_key(w.value)
            if key in seen:
                continue
            seen.add(key)
            terms.append(QueryWord(w, NUMBER_WEIGHT, {key: 1.0}, "number"))
            continue
        if len(w.lower) < 2 and not w.lower.isdigit():
            continue
        seen.add(w.key)
        # a name weighs the same whatever it is (how common it is as an English word says
        # nothing of its place in the claim); other words by their rarity
        weight = NAME_WEIGHT if w.name else min(6.0, max(1.0, 7.0 - language.zipf(w.lower)))
        credits = {w.key: 1.0, w.lemma: 1.0, w.lower: 1.0}
        for other in sorted(language.related(w.lemma) | language.related(w.key)):  # sorted: same bytes every run
            if "_" not in other:
                credits.setdefault(language.spelling_key(other), DERIVED_CREDIT)
        if not w.name:
            for other in sorted(language.synonyms(w.lemma) | language.synonyms(w.key)):
                if "_" not in other:
                    credits.setdefault(language.spelling_key(other), SYNONYM_CREDIT)
        if len(w.key) >= PREFIX + 1 and w.key.isalpha():
            credits.setdefault("^" + w.key[:PREFIX], PREFIX_CREDIT)
        name = name_of.get(w.start)
        if name is not None and name.kind:  # another place of the category, another person
            credits.setdefault(f"%n:{name.kind}:{name.category}" if name.kind == "place" else f"%n:{name.kind}",
                               SLOT_CREDIT * 0.6)
        terms.append(QueryWord(w, weight, credits, "name" if w.name else "word"))
    return Query(text, words, tuple(terms), details, sum(t.weight for t in terms) or 1.0)


@dataclass(frozen=True)
class Passage:
    """A passage analysed for judging: its words, keys and details."""

    start: int
    end: int
    sentences: tuple[int, ...]  # indexes of the sentences it is made of
    words: tuple[Word, ...]
    keys: frozenset[str]
    details: Details


def passage_keys(words: tuple[Word, ...], details: Details) -> frozenset[str]:
    keys = set()
    for w in words:
        if w.stop:
            continue
        keys.update((w.key, w.lemma, w.lower))
        if len(w.key) >= PREFIX + 1 and w.key.isalpha():
            keys.add("^" + w.key[:PREFIX])
        if w.value is not None:
            keys.add(number_key(w.value))
    keys.update(number_key(q.value) for q in details.quantities)
    for when in details.whens:
        keys.update(k for k, _ in when_keys(when))
    keys.update(slot_keys(details))
    return frozenset(keys)


def slot_keys(details: Details) -> set[str]:
    """Keys of the kinds of detail a passage states, whatever their values: a passage
    giving another number of the same unit, another date or another place of the same
    category is still about the claim's point (and is where a conflict would be)."""
    keys = set()
    for q in details.quantities:
        keys.add(f"%q:{q.kind}:{q.unit}")
        keys.add(f"%q:{q.kind}")
    for when in details.whens:
        if when.minutes is not None:
            keys.add("%t")
        if when.weekday is not None:
            keys.add("%w")
        if when.month is not None:
            keys.add("%m")
        if when.year is not None and when.month is None:
            keys.add("%y")
    for name in details.names:
        if name.kind:
            keys.add(f"%n:{name.kind}")
            keys.add(f"%n:{name.kind}:{name.category}")
    return keys


@dataclass(frozen=True, slots=True)
class PassageRef:
    """Where a passage is: what ranking keeps (a Passage's words are made when judged)."""

    start: int
    end: int
    sentences: tuple[int, ...]


class SourceText:
    """A source segmented and analysed once. It keeps what ranking needs (its sentences'
    spans and an index key -> sentences, all its figures) and nothing of its words: a
    passage's words and details are analysed again when a claim is judged against it
    (a few passages per pair), so a large archive stays small in memory."""

    def __init__(self, body: str, language: Language, published: dt.date | None = None):
        self.body = body
        self.language = language
        self.published = published
        self.sentences: list[PassageRef] = []
        index: dict[str, list[int]] = {}
        quantities: list = []
        for i, (s, e) in enumerate(split_sentences(body, 500)):
            words = analyse(body, s, e, language)
            details = extract(words, body, language, published)
            self.sentences.append(PassageRef(s, e, (i,)))
            quantities.extend(details.quantities)
            for key in passage_keys(words, details):
                index.setdefault(key, []).append(i)
        self.sentence_index: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in index.items()}
        self.quantities = tuple(quantities)  # every figure of the source
        # windows of two adjacent sentences of one paragraph, by their first sentence
        self.window_at: dict[int, int] = {}
        # sentences that go on from the one before ("That drill last year ..."): the
        # window of the two is a passage of its own, whatever the second carries
        self.continues: set[int] = set()
        for i in range(len(self.sentences) - 1):
            a, b = self.sentences[i], self.sentences[i + 1]
            if b.end - a.start <= MAX_WINDOW_CHARS and not paragraph_break_between(body, a.end, b.start):
                self.window_at[i] = b.end
                opening = body[b.start:b.start + 12].split(maxsplit=1)
                if opening and opening[0].lower().strip("“\"'‘") in language.anaphora:
                    self.continues.add(i + 1)
        self._analysed: dict[int, tuple] = {}  # sentence -> (words, details, keys), the last few

    @property
    def keys(self):
        """Every key of the source's sentences (a mapping: `key in source.keys`)."""
        return self.sentence_index

    def window(self, first: int) -> PassageRef:
        return PassageRef(self.sentences[first].start, self.sentences[first + 1].end, (first, first + 1))

    def passage(self, ref: PassageRef) -> Passage:
        """The passage's words, keys and details (its sentences analysed again; the last
        few sentences of the source kept, since a claim's candidates overlap)."""
        parts = [self._sentence(i) for i in ref.sentences]
        if len(parts) == 1:
            words, details, keys = parts[0]
        else:
            words = tuple(w for ws, _, _ in parts for w in ws)
            details = Details(tuple(q for _, d, _ in parts for q in d.quantities),
                              tuple(w for _, d, _ in parts for w in d.whens),
                              tuple(n for _, d, _ in parts for n in d.names), any(d.negated for _, d, _ in parts),
                              tuple(sorted({o for _, d, _ in parts for o in d.order})))
            keys = frozenset().union(*(k for _, _, k in parts))
        return Passage(ref.start, ref.end, ref.sentences, words, keys, details)

    def _sentence(self, i: int):
        found = self._analysed.get(i)
        if found is None:
            s = self.sentences[i]
            words = analyse(self.body, s.start, s.end, self.language)
            details = extract(words, self.body, self.language, self.published)
            found = (words, details, passage_keys(words, details))
            if len(self._analysed) >= 12:
                self._analysed.pop(next(iter(self._analysed)))
            self._analysed[i] = found
        return found


def coverage(query: Query, keys: frozenset[str]) -> tuple[float, list[float]]:
    """Weighted soft recall of the query's terms in a set of keys, and each term's credit."""
    credits = []
    total = 0.0
    for term in query.terms:
        best = 0.0
        for key, credit in term.credits.items():
            if credit > best and key in keys:
                best = credit
                if best == 1.0:
                    break
        credits.append(best)
        total += term.weight * best
    return total / query.total, credits


SOURCE_RARITY = 0.7  # share of a term's weight that depends on its rarity in the source


@dataclass(frozen=True)
class Ranked:
    relevance: float  # weighted soft recall, weights from the language alone
    focus: float  # the same with each term's weight scaled by its rarity in the source
    passage: PassageRef
    credits: tuple[float, ...]  # per query term


def ranked(query: Query, source: SourceText, limit: int = 5) -> list[Ranked]:
    """The source's passages, best first by `focus`: relevance with the weight of words
    the source repeats in many sentences (the story's own topic words) lowered, so that
    the passage carrying the claim's particular point wins. A window of two sentences
    is kept only when it carries clearly more than either of its sentences. Only the
    sentences holding some key of the claim are looked at (the source's own index)."""
    index = source.sentence_index
    size = len(query.terms)
    rows: dict[int, list[float]] = {}
    for t, term in enumerate(query.terms):
        for key, credit in term.credits.items():
            for i in index.get(key, ()):
                row = rows.get(i)
                if row is None:
                    row = rows[i] = [0.0] * size
                if credit > row[t]:
                    row[t] = credit
    if not rows:
        return []
    n = len(source.sentences)
    df = [sum(1 for row in rows.values() if row[t] > 0) for t in range(size)]
    scale = [(1 - SOURCE_RARITY) + SOURCE_RARITY * math.log(1 + n / max(1, d)) / math.log(1 + n) for d in df]
    weights = [term.weight for term in query.terms]
    total, focus_total = query.total, sum(w * f for w, f in zip(weights, scale)) or 1.0

    def scored(row: list[float], passage: Passage) -> Ranked:
        relevance = sum(w * c for w, c in zip(weights, row)) / total
        focus = sum(w * f * c for w, f, c in zip(weights, scale, row)) / focus_total
        return Ranked(relevance, focus, passage, tuple(row))

    out = [scored(row, source.sentences[i]) for i, row in rows.items()]  # PassageRefs
    relevance_of = {i: r.relevance for i, r in zip(rows, out)}
    for i in source.window_at:
        a, b = rows.get(i), rows.get(i + 1)
        if a is not None and i + 1 in source.continues:
            # the next sentence goes on about this one's subject: the pair replaces it
            r = scored([max(x, y) for x, y in zip(a, b)] if b is not None else a, source.window(i))
            out = [x for x in out if x.passage.sentences != (i,)] + [r]
            continue
        if a is None or b is None:
            continue  # a window is only worth it when both sentences carry some of the claim
        r = scored([max(x, y) for x, y in zip(a, b)], source.window(i))
        if r.relevance >= max(relevance_of[i], relevance_of[i + 1]) + 0.12:
            out.append(r)
    out.sort(key=lambda r: (-r.focus, -r.relevance, r.passage.end - r.passage.start, r.passage.start))
    return out[:limit]
