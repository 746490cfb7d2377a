"""Which claim details a passage supports, and which it contradicts.

A claim detail (a name, number or date) that the passage lacks is only a conflict
when the passage holds another value of the same kind in its place: a claim of
"Thursday" against a passage saying "Wednesday", "Tokyo" against "in London".
Extra names and numbers in a passage never conflict on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .claim import Analysed, ClaimQuery, Detail
from .entities import Entity
from .normalise import NEGATION_CUES, antonyms_of, base_term, simple_form, synonym_of

_NEGATING_PREFIXES = frozenset({"un", "non", "il", "in", "im", "ir", "dis"})
from .numbers import Quantity
from .types import Conflict, Span


@dataclass(frozen=True)
class DetailCheck:
    found: tuple[int, ...]  # details the passage states
    missing: tuple[int, ...]  # details the passage does not state
    conflicts: tuple[Conflict, ...]
    conflicting_details: tuple[int, ...]


def _entity_compatible(claim_entity: Entity, other: Entity) -> bool:
    """Same entity, a longer or shorter form of it, or the same country."""
    if claim_entity.country and other.country and claim_entity.country == other.country:
        if claim_entity.kind == "country" or other.kind != "country":
            return True
    a, b = set(claim_entity.words), set(other.words)
    if a and (a <= b or b <= a):
        return True
    # spelling variants of one name ("Zelenskyy" / "Zelensky")
    return fuzz.ratio(" ".join(claim_entity.words), " ".join(other.words)) >= 88


def _entity_found(detail: Detail, passage: Analysed) -> bool:
    entity = detail.entity
    for other in passage.entities:
        if not _entity_compatible(entity, other):
            continue
        if set(other.words) < set(entity.words) and not (entity.country and entity.country == other.country):
            continue  # "London" does not state "Tower of London"
        return True
    if detail.terms and all(t in passage.terms for t in detail.terms):
        return True
    return any(all(t in passage.terms for t in alt) for alt in detail.alternatives)


def _same_unit(a: Quantity, b: Quantity) -> bool:
    if a.unit is None or b.unit is None:
        return False
    return a.unit == b.unit or synonym_of(a.unit) == synonym_of(b.unit)


def _quantity_equal(claim_q: Quantity, other: Quantity, tolerance: float) -> bool:
    if claim_q.approximate or other.approximate:
        return abs(claim_q.value - other.value) <= tolerance * max(abs(claim_q.value), 1e-9)
    return abs(claim_q.value - other.value) < 1e-9


def _slot_kind(entity: Entity) -> str | None:
    """The role a claim entity fills, for finding a rival in the passage."""
    if entity.demonym:
        return None
    if entity.kind == "country":
        return "country"
    if entity.kind == "place" or (entity.kind == "other" and entity.place_role):
        return "place"
    if entity.kind in ("person", "organisation"):
        return entity.kind
    return None


def _rival(entity: Entity, query: ClaimQuery, passage: Analysed) -> Entity | None:
    """A passage entity of the same kind as `entity` that the claim does not mention."""
    slot = _slot_kind(entity)
    if slot is None:
        return None
    claim_entities = query.analysed.entities
    candidates = []
    for other in passage.entities:
        if other.demonym or any(_entity_compatible(c, other) for c in claim_entities):
            continue
        # another person's name: titled ("Mayor X"), or a plain full name where the
        # claim names a person by a plain full name too
        if slot == "person" and not (other.kind == "person" and (other.titled or not entity.titled)):
            continue
        if slot == "country" and other.kind != "country":
            continue
        if slot == "organisation" and other.kind != "organisation":
            continue
        if slot == "place" and not (other.kind == "place" or (other.kind == "other" and other.place_role)):
            continue
        candidates.append(other)
    if not candidates:
        return None
    # prefer a rival in the same grammatical role (after "in"/"at" for places)
    candidates.sort(key=lambda e: (e.place_role != entity.place_role, e.start))
    return candidates[0]


def _negated(tokens, i: int) -> tuple[bool, int]:
    """Whether token i is negated, and where the negation starts."""
    raw = simple_form(tokens[i].raw)
    if tokens[i].hyphen_before and i > 0 and simple_form(tokens[i - 1].raw) in ("non", "un", "anti"):
        return True, tokens[i - 1].start
    for k in range(i - 1, max(-1, i - 4), -1):
        word = simple_form(tokens[k].raw)
        if word in NEGATION_CUES or word.endswith("n't"):
            nxt = simple_form(tokens[k + 1].raw) if k + 1 < len(tokens) else ""
            if word == "not" and nxt in ("just", "only", "least"):
                return False, -1
            return True, tokens[k].start
        if word in (",", ";", "but"):
            break
    del raw
    return False, -1


def _negation_conflicts(query: ClaimQuery, passage: Analysed, body: str) -> list[Conflict]:
    claim = query.analysed
    conflicts = []
    passage_bases = {}
    for i, token in enumerate(passage.tokens):
        base = base_term(token.raw)
        if base:
            passage_bases.setdefault(base, []).append(i)
    for i, token in enumerate(claim.tokens):
        base = base_term(token.raw)
        if not base or not token.raw.isalpha():
            continue
        claim_negated, claim_neg_start = _negated(claim.tokens, i)
        claim_value = claim.text[claim_neg_start if claim_negated else token.start:token.end]
        occurrences = passage_bases.get(base, [])
        if occurrences:
            states = [_negated(passage.tokens, k) for k in occurrences]
            if all(neg != claim_negated for neg, _ in states):
                k = occurrences[0]
                neg_start = states[0][1] if states[0][0] else passage.tokens[k].start
                span = Span(neg_start, passage.tokens[k].end)
                conflicts.append(Conflict("negation", claim_value, body[span.start:span.end], span))
            continue
        # prefixed opposites ("illegal" vs "legal") and antonyms ("rejected" vs "approved")
        opposites = antonyms_of(synonym_of(base))
        for other_base, positions in passage_bases.items():
            prefixed = len(base) > 3 and (
                (other_base.endswith(base) and other_base[: len(other_base) - len(base)] in _NEGATING_PREFIXES)
                or (base.endswith(other_base) and base[: len(base) - len(other_base)] in _NEGATING_PREFIXES)
            )
            if prefixed or synonym_of(other_base) in opposites:
                k = positions[0]
                other = passage.tokens[k]
                if _negated(passage.tokens, k)[0] != claim_negated:
                    continue  # "not rejected" does not contradict "approved"
                span = Span(other.start, other.end)
                conflicts.append(Conflict("negation", claim_value, body[span.start:span.end], span))
                break
    return conflicts


def check_details(query: ClaimQuery, passage: Analysed, body: str, tolerance: float) -> DetailCheck:
    found, missing, rivals = detail_rivals(query, passage, tolerance)
    conflicts = [Conflict(kind, query.details[d].text, body[start:end], Span(start, end))
                 for d, kind, start, end in rivals]
    conflicts.extend(_negation_conflicts(query, passage, body))
    return DetailCheck(tuple(found), tuple(missing), tuple(conflicts), tuple(d for d, _, _, _ in rivals))


def detail_rivals(query: ClaimQuery, passage: Analysed, tolerance: float
                  ) -> tuple[list[int], list[int], list[tuple[int, str, int, int]]]:
    """(details the passage states, details it does not state, and for those of them
    it contradicts: (detail, kind, start, end of the rival value)). The detail part of
    check_details, without the negation search (which never changes a coverage)."""
    found: list[int] = []
    missing: list[int] = []
    rivals: list[tuple[int, str, int, int]] = []
    passage_dates = passage.figures.dates
    for d, detail in enumerate(query.details):
        rival_span: tuple[str, int, int] | None = None  # (kind, start, end)
        if detail.kind == "entity":
            if _entity_found(detail, passage):
                found.append(d)
                continue
            rival = _rival(detail.entity, query, passage)
            if rival is not None:
                kind = {"country": "place" if detail.entity.place_role else "organisation"}.get(
                    _slot_kind(detail.entity), _slot_kind(detail.entity))
                rival_span = (kind, rival.start, rival.end)
        elif detail.kind == "quantity":
            q = detail.quantity
            same_unit = [p for p in passage.figures.quantities if _same_unit(q, p)]
            # the same value anywhere in the passage counts: "the two Group of Seven
            # countries" states "two countries" even though "Seven" sits next to the unit
            if any(_quantity_equal(q, p, tolerance) for p in same_unit) or detail.terms[0] in passage.terms:
                found.append(d)
                continue
            if same_unit:
                rival_span = ("number", same_unit[0].start, same_unit[0].end)
        else:
            date = detail.date
            if date.kind == "weekday":
                same = [p for p in passage_dates if p.kind == "weekday"]
                if any(p.weekday == date.weekday for p in same):
                    found.append(d)
                    continue
                if same:
                    rival_span = ("weekday", same[0].start, same[0].end)
            elif date.kind == "year":
                same = [p for p in passage_dates if p.year is not None]
                if any(p.year == date.year for p in same) or detail.terms[0] in passage.terms:
                    found.append(d)
                    continue
                if same:
                    rival_span = ("year", same[0].start, same[0].end)
            else:
                with_month = [p for p in passage_dates if p.month is not None]
                if date.day is not None:
                    exact = [p for p in with_month if p.month == date.month and p.day == date.day]
                    if exact:
                        found.append(d)
                        continue
                    dated = [p for p in with_month if p.day is not None]
                    if dated:
                        rival_span = ("date", dated[0].start, dated[0].end)
                else:
                    if any(p.month == date.month for p in with_month):
                        found.append(d)
                        continue
                    if with_month:
                        rival_span = ("month", with_month[0].start, with_month[0].end)
        missing.append(d)
        if rival_span is not None:
            rivals.append((d, *rival_span))
    return found, missing, rivals
