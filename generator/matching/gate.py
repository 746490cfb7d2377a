"""The gate: a source speaks to a claim only if one of its sentences shares at least T
of the claim's words (*units*: a unit is shared when the sentence holds its stem, its
synonym group or, for a number written in digits, its value) and, when the claim has
`anchor_details_from` or more details (names, numbers, dates), at least one word of
one of those details. Sharing only the frame of a claim ("the ministry said costs
rose") with a sentence does not make a source speak to it: the claim's distinctive
content has to be there too (one detail may still differ: that is a `differs`).

The rule is applied to every source, from its own sentences (`passes`). Ruling sources
out over the whole corpus uses the paragraph index: a sentence lies inside one
paragraph and its keys are a subset of the paragraph's, so a source none of whose
paragraphs passes has no passing sentence either; the paragraph test is therefore
exact, never an approximation. It runs on bitmasks over all paragraphs (Python
integers), one per key, built on first use from the posting arrays.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from typing import Sequence

from .claim import ClaimQuery, GateUnit
from .index import ParagraphIndex, SourceView
from .types import MatchSettings

_NONZERO = re.compile(rb"[^\x00]")


def required_units(query: ClaimQuery, settings: MatchSettings) -> int:
    """T: claim units one sentence must share (no units: nothing can be about the claim)."""
    n = len(query.units)
    if n == 0:
        return 1
    return min(n, max(settings.min_shared_terms, math.ceil(settings.min_shared_fraction * n - 1e-9)))


def needs_anchor(query: ClaimQuery, settings: MatchSettings) -> int:
    """Words of claim details a passing sentence must share: none below
    `anchor_details_from` details, else one."""
    if settings.anchor_details_from <= 0 or query.anchor_details < settings.anchor_details_from:
        return 0
    return 1 if any(u.detail for u in query.units) else 0


def passes(view: SourceView, query: ClaimQuery, settings: MatchSettings) -> bool:
    """The gate for one source, from its sentences: one of them shares `need` of the
    claim's units, `anchor` of them details' units. Counted from the sentences each
    unit's keys lead to (the others share nothing)."""
    need, anchor = required_units(query, settings), needs_anchor(query, settings)
    if not query.units:
        return False
    if need <= 0 and anchor <= 0:
        return len(view) > 0
    shared: dict[int, int] = {}
    anchored: dict[int, int] = {}
    for unit in query.units:
        for pid in view.holding_any(unit.keys):
            shared[pid] = shared.get(pid, 0) + 1
            anchored[pid] = anchored.get(pid, 0) + unit.detail
    return any(n >= need and anchored[pid] >= anchor for pid, n in shared.items())


def _at_least(masks: list[int], need: int, allowed: int) -> int:
    """Bits set in at least `need` of `masks` (within `allowed`): a bit-sliced counter,
    planes[k] holding bit k of every position's count, compared with `need`."""
    planes: list[int] = []
    for mask in masks:
        carry = mask & allowed
        for k in range(len(planes)):
            if not carry:
                break
            plane = planes[k]
            planes[k] = plane ^ carry
            carry &= plane
        if carry:
            planes.append(carry)
    greater, equal = 0, allowed
    for k in range(max(len(planes), need.bit_length()) - 1, -1, -1):
        plane = planes[k] if k < len(planes) else 0
        if (need >> k) & 1:
            equal &= plane
        else:
            greater |= equal & plane
            equal &= ~plane
    return (greater | equal) & allowed


class GateIndex:
    """The gate over all sources at once, from the paragraph index (see module doc)."""

    def __init__(self, index: ParagraphIndex, cache_size: int = 4000):
        self.index = index
        self.nbytes = (index.paragraph_count + 7) // 8
        self._masks: dict[str, int] = {}
        self._cache_size = cache_size

    def _key_mask(self, key: str) -> int:
        mask = self._masks.get(key)
        if mask is None:
            ids = self.index.postings.get(key)
            if not ids:
                mask = 0
            else:
                bits = bytearray(self.nbytes)
                for pid in ids:
                    bits[pid >> 3] |= 1 << (pid & 7)
                mask = int.from_bytes(bits, "little")
            if len(self._masks) >= self._cache_size:
                self._masks.clear()
            self._masks[key] = mask
        return mask

    def _unit_mask(self, unit: GateUnit) -> int:
        mask = 0
        for key in sorted(unit.keys):
            mask |= self._key_mask(key)
        return mask

    def passing_paragraphs(self, query: ClaimQuery, settings: MatchSettings) -> int:
        """Bitmask of the paragraphs that pass the gate for `query`."""
        if not query.units:
            return 0
        need = required_units(query, settings)
        masks = [self._unit_mask(u) for u in query.units]
        allowed = (1 << self.index.paragraph_count) - 1
        if needs_anchor(query, settings):
            allowed = 0
            for unit, mask in zip(query.units, masks):
                if unit.detail:
                    allowed |= mask
            if not allowed:
                return 0
        return _at_least(masks, need, allowed)

    def details_present(self, query: ClaimQuery, settings: MatchSettings, number: int) -> bool:
        """The second half of the gate, per source: with `anchor_details_from` or more
        details, the source (anywhere) mentions all of the claim's details but at most
        `max_missing_details` (one may differ, the sentence that states the claim need not
        repeat the others). From the source's own paragraphs in the index."""
        if not needs_anchor(query, settings):
            return True
        lo, hi = self.index.source_range(number)
        postings = self.index.postings
        missing = 0
        for unit in query.units:
            if not unit.detail:
                continue
            present = False
            for key in unit.keys:
                ids = postings.get(key)
                if ids:
                    k = bisect_left(ids, lo)
                    if k < len(ids) and ids[k] < hi:
                        present = True
                        break
            if not present:
                missing += 1
                if missing > settings.max_missing_details:
                    return False
        return True

    def candidate_sources(self, queries: Sequence[ClaimQuery], settings: MatchSettings) -> set[int]:
        """Numbers (in source_ids order) of the sources where one query's gate may pass."""
        found: set[int] = set()
        of = self.index.source_of_paragraph
        for query in queries:
            mask = self.passing_paragraphs(query, settings)
            if not mask:
                continue
            sources: set[int] = set()
            for m in _NONZERO.finditer(mask.to_bytes(self.nbytes, "little")):
                byte, base = m.group()[0], m.start() * 8
                for k in range(8):
                    if byte >> k & 1:
                        sources.add(of(base + k))
            found.update(n for n in sources if n not in found and self.details_present(query, settings, n))
        return found
