"""What the matcher extracts from a claim (or a passage) once: tokens, terms with
weights, named entities, numbers and dates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from .entities import Entity, extract_entities
from .index import KEY_WORD, compound_terms, number_term, phrase_terms, token_terms, word_keys
from .normalise import COMMON_WORD_WEIGHT, NEGATION_CUES, base_term, general_weight, is_capital, simple_form, stem
from .numbers import _SCALES, MONTHS, WEEKDAYS, DateMention, Figures, Quantity, extract_figures
from .text import Token, tokenize
from .types import MatchSettings

_AUXILIARIES = frozenset("has have had was were is are be been being will would could can did does do may might shall should".split())
# Verbs that say little about which event is meant ("took place", "has").
GENERIC_EVENTS = frozenset(stem(w) for w in (
    "occur", "happen", "take", "have", "be", "do", "make", "get", "go", "become", "see", "come",
    "include", "according", "let"))
_SEMI_AUXILIARIES = frozenset("set expected due scheduled planned poised going able likely supposed".split())
_NUMBER_WORDS = frozenset("a an one two three four five six seven eight nine ten eleven twelve hundred thousand million billion trillion dozen".split())
_NOT_VERBS = frozenset({"need", "speed", "seed", "red", "bed", "feed", "hundred", "united", "based"})


@dataclass(frozen=True)
class Detail:
    """A checkable detail of the claim: an entity, a quantity or a date mention."""

    kind: str  # "entity", "quantity", "date"
    text: str  # as written in the claim
    terms: tuple[str, ...]  # index terms that all occur where the detail is mentioned
    alternatives: tuple[tuple[str, ...], ...] = ()  # other spellings (country aliases)
    entity: Entity | None = None
    quantity: Quantity | None = None
    date: DateMention | None = None
    keys: tuple[str, ...] = ()  # index keys that all occur where the detail is mentioned


@dataclass(frozen=True)
class QueryTerm:
    base: str  # the stem, or "#value" for numbers
    canonical: str  # "=synonym-group term", or "" when only exact matches count
    weight: float
    detail: int | None  # index into Analysed.details when the word belongs to one
    keys: tuple[str, ...] = ()  # index keys (see index.py) that state this term


@dataclass(frozen=True)
class GateUnit:
    """One word of the claim for the gate: the index keys any of which states it."""

    keys: frozenset[str]
    detail: bool  # part of a name, number or date of the claim (not a demonym)


class Analysed:
    """Tokens, terms, figures and (lazily) entities of text[start:end]."""

    def __init__(self, text: str, start: int, end: int, is_common: Callable[[str], bool]):
        from .index import text_terms

        self.text, self.start, self.end = text, start, end
        self.tokens: list[Token] = tokenize(text, start, end)
        self.figures: Figures = extract_figures(self.tokens)
        self.terms: set[str] = text_terms(self.tokens, self.figures)
        self._is_common = is_common
        self._entities: list[Entity] | None = None

    @property
    def entities(self) -> list[Entity]:
        if self._entities is None:
            self._entities = extract_entities(self.text, self.tokens, self._is_common)
        return self._entities


def analyse(text: str, start: int, end: int, is_common: Callable[[str], bool]) -> Analysed:
    return Analysed(text, start, end, is_common)


@dataclass
class ClaimQuery:
    analysed: Analysed
    details: list[Detail]
    terms: list[QueryTerm]
    verbs: list[str]  # stems of the claim's main verbs ("sign"), generic ones excluded
    units: list[GateUnit] = field(default_factory=list)  # the claim's words for the gate
    anchor_details: int = 0  # distinct details: names, numbers (not demonyms), dates counted once

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms) or 1.0


def _country_terms(entity: Entity) -> tuple[tuple[str, ...], ...]:
    from .gazetteer import CAPITAL_OF, COUNTRY_OF
    from .normalise import base_term

    names = [alias for alias, c in COUNTRY_OF.items() if c == entity.country]
    if entity.kind == "country":
        names += [capital for capital, c in CAPITAL_OF.items() if c == entity.country]
    out = []
    for name in names:
        terms = tuple(t for t in (base_term(w) for w in name.split()) if t)
        if terms:
            out.append(terms)
    return tuple(out)


class _ClaimCommonWords:
    """Whether a capitalised word opening the claim is an ordinary word rather than a
    name. Decided from the claim alone (never from the sources, so that a claim means
    the same thing whatever sources the Matcher holds): written in lower case elsewhere
    in the claim, a very common word, or visibly inflected ("Signing", "Troops").
    A class rather than a closure, so that a built query pickles (the build caches them)."""

    def __init__(self, claim: str):
        self.lower = frozenset(simple_form(t.raw) for t in tokenize(claim) if t.raw.islower())

    def __call__(self, word: str) -> bool:
        return (word in self.lower or general_weight(word) < 1.0
                or (len(word) > 5 and word.endswith(("ing", "ed", "ly"))))


def build_query(claim: str, settings: MatchSettings) -> ClaimQuery:
    """The claim's terms with source-independent weights (word commonness and the
    word's role); the matcher rescales them per source by their rarity in that source."""
    analysed = analyse(claim, 0, len(claim), _ClaimCommonWords(claim))
    tokens = analysed.tokens
    details: list[Detail] = []
    detail_of_token: dict[int, int] = {}

    def token_range(start: int, end: int) -> list[int]:
        return [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]

    for entity in analysed.entities:
        idx = token_range(entity.start, entity.end)
        terms = tuple(t for t in (base_term(tokens[i].raw) for i in idx) if t)
        alternatives = _country_terms(entity) if entity.country and entity.kind == "country" else ()
        if not terms and not alternatives:
            continue
        for i in idx:
            detail_of_token[i] = len(details)
        details.append(Detail("entity", entity.text, terms, alternatives, entity=entity))
    for quantity in analysed.figures.quantities:
        idx = token_range(quantity.start, quantity.end)
        # the number and its unit word ("100 years") are the detail
        for i in idx:
            detail_of_token[i] = len(details)
        details.append(Detail("quantity", claim[quantity.start:quantity.end], (number_term(quantity.value),), quantity=quantity))
    for date in analysed.figures.dates:
        idx = token_range(date.start, date.end)
        for i in idx:
            detail_of_token[i] = len(details)
        if date.kind == "weekday":
            terms = (base_term(WEEKDAYS[date.weekday]),)
        elif date.kind == "year":
            terms = (number_term(date.year),)
        else:
            terms = (base_term(MONTHS[date.month - 1]),) + ((number_term(date.day),) if date.day else ())
        details.append(Detail("date", claim[date.start:date.end], terms, date=date))

    weights: dict[str, QueryTerm] = {}
    verbs: list[str] = []

    def add(base: str, canonical: str, weight: float, detail: int | None) -> None:
        if not base:
            return
        old = weights.get(base)
        if old is None or old.weight < weight:
            weights[base] = QueryTerm(base, canonical, weight, detail if old is None else old.detail)

    phrases = phrase_terms(tokens)
    in_phrase = {i for _, first, end in phrases for i in range(first, end)}
    for i, tt in enumerate(token_terms(tokens)):
        if not tt.base or simple_form(tt.token.raw) in NEGATION_CUES or i in in_phrase:
            continue
        detail = detail_of_token.get(i)
        weight = general_weight(tt.base)
        if _is_adverb(tt.token.raw):
            weight = min(weight, COMMON_WORD_WEIGHT)  # "rapidly": how, not what, is claimed
        if detail is not None and not _is_demonym(details[detail]):
            weight *= settings.entity_weight
        elif _is_verb(tokens, i) and tt.canonical not in GENERIC_EVENTS:
            weight *= settings.verb_weight
            verbs.append(tt.base)
        if detail is not None and details[detail].kind == "quantity":
            add(number_term(details[detail].quantity.value), "", weight, detail)
            if not tt.token.raw[:1].isdigit() and tt.base not in _NUMBER_WORDS:
                add(tt.base, "=" + tt.canonical, weight, detail)  # the unit word
            continue
        # "London" in a claim is not stated by "Britain" (but "Tokyo" in a source may stand for "Japan")
        add(tt.base, "" if is_capital(tt.base) else "=" + tt.canonical, weight, detail)
    for term, first, _ in phrases:
        weight = general_weight(term) * (0.3 if term in GENERIC_EVENTS else settings.verb_weight)
        add("=" + term, "", weight, None)
    for term, i in compound_terms(tokens):
        add(term, "", general_weight(term), detail_of_token.get(i))
    for d, detail in enumerate(details):
        if detail.kind == "date" and detail.date.kind == "year":
            add(number_term(detail.date.year), "", 1.0, d)
        if detail.kind == "date" and detail.date.day:
            add(number_term(detail.date.day), "", 0.5, d)
    verbs = [v for v in verbs if v in weights]
    details = [replace(d, keys=_detail_keys(claim, d)) for d in details]
    terms = [replace(t, keys=_term_keys(t, details)) for t in weights.values()]
    units = _gate_units(claim, details)
    # a weekday, a date and a year are one fact (when), so all date mentions count once
    anchors = sum(1 for d in details if not _is_demonym(d) and d.kind != "date") + any(d.kind == "date" for d in details)
    return ClaimQuery(analysed, details, terms, verbs, units, anchors)


def _span_keys(claim: str, start: int, end: int, numbers_only: bool = False) -> tuple[str, ...]:
    keys: list[str] = []
    for m in KEY_WORD.finditer(claim, start, end):
        word = m.group()
        if numbers_only and not (word[:1].isdigit() or word[1:2].isdigit() or word.lower() in _SCALES
                                 or word.lower() in _NUMBER_WORDS):
            continue
        keys.extend(k for k in word_keys(word) if not k.startswith("="))
    return tuple(dict.fromkeys(keys))


def _detail_keys(claim: str, detail: Detail) -> tuple[str, ...]:
    """Index keys all of which a sentence mentioning the detail holds (for "does the
    source mention it anywhere"): a number's digits and scale word, a name's words."""
    if detail.kind == "quantity":
        q = detail.quantity
        return _span_keys(claim, q.start, q.end, numbers_only=True) or detail.terms
    return detail.terms


def _term_keys(term: QueryTerm, details: list[Detail]) -> tuple[str, ...]:
    """The index keys that state a query term (numbers: as written in digits)."""
    if term.base.startswith("#") and term.detail is not None and details[term.detail].kind == "quantity":
        keys = tuple(k for k in details[term.detail].keys if k.startswith("#"))
        return keys or (term.base,)
    return (term.base, term.canonical) if term.canonical else (term.base,)


def _gate_units(claim: str, details: list[Detail]) -> list[GateUnit]:
    """The claim's words as the gate counts them: every content word is a unit, but the
    words of one name or number ("Anna de Vries", "£4.5 million") make one unit and all
    its dates ("Thursday, 12 January 2023") one more: the gate counts what the claim
    speaks of, not how many words it takes to write it."""
    spans = []  # (start, end, group)
    for d in details:
        if _is_demonym(d):
            continue
        obj = d.entity or d.quantity or d.date
        spans.append((obj.start, obj.end, "date" if d.kind == "date" else len(spans)))
    units: dict[object, tuple[set[str], bool]] = {}
    for m in KEY_WORD.finditer(claim):
        if simple_form(m.group()) in NEGATION_CUES:
            continue
        keys = word_keys(m.group())
        if not keys:
            continue
        group = next((g for a, b, g in spans if a <= m.start() and m.end() <= b), None)
        name = ("detail", group) if group is not None else frozenset(keys)
        unit = units.setdefault(name, (set(), group is not None))
        unit[0].update(keys)
    return [GateUnit(frozenset(keys), detail) for keys, detail in units.values()]


def _is_verb(tokens: list[Token], i: int) -> bool:
    from .normalise import _IRREGULAR

    raw = tokens[i].raw
    low = simple_form(raw)
    if not raw.islower():
        return False
    if i + 1 < len(tokens) and simple_form(tokens[i + 1].raw) == "to" and low in _SEMI_AUXILIARIES:
        return False  # "is set to open", "is expected to cost": the event is the next verb
    if i > 0 and simple_form(tokens[i - 1].raw) in _AUXILIARIES:
        return True
    if low in _IRREGULAR and low not in ("people", "children", "men", "women", "data", "feet", "teeth", "mice"):
        return True
    return low.endswith("ed") and len(low) > 4 and low not in _NOT_VERBS


def _is_adverb(raw: str) -> bool:
    """A manner adverb ("rapidly", "formally"): it qualifies the claim, it is not its topic."""
    return raw.islower() and len(raw) > 5 and raw.endswith("ly") and raw[-3] not in "ibp"


def _is_demonym(detail: Detail) -> bool:
    """"European", "Japanese": never a conflicting slot (see conflicts.py), so part of the
    frame that must match rather than a name that may differ."""
    return detail.kind == "entity" and detail.entity is not None and detail.entity.demonym
