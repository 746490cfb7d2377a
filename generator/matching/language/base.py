"""What every language module provides (see `generator.matching.language`)."""

from __future__ import annotations

import gzip
import json
from functools import cached_property, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class Language:
    """The resources of one language. Closed classes are plain attributes a module sets;
    open classes (lemmas, rarity, synonyms, derivations) come from well-kept resources
    through the methods below."""

    code = ""
    # Function words: neither indexed nor scored.
    stopwords: frozenset[str] = frozenset()
    # Words that negate the clause they stand in.
    negators: frozenset[str] = frozenset()
    # Words that open a bound or an approximation before a number, longest first:
    # phrase (lowercase tuple of words) -> "min" | "max" | "approx".
    bounds: dict[tuple[str, ...], str] = {}
    # Months and weekdays: name or abbreviation -> 1..12 / 0..6 (Monday 0).
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    # Number words: units and teens, tens, scales ("million" -> 10**6).
    number_units: dict[str, int] = {}
    number_tens: dict[str, int] = {}
    number_scales: dict[str, float] = {}
    # Words for a whole amount of time ("decade" -> 10 years) and unit names
    # normalised for comparison ("kilometres" -> "km").
    unit_names: dict[str, str] = {}
    currency_words: dict[str, str] = {}
    currency_symbols: dict[str, str] = {}
    percent_words: frozenset[str] = frozenset()
    # Day words resolved against a source's date: "yesterday" -> -1.
    relative_days: dict[str, int] = {}
    # Words that order two events ("before", "after", "then", "later", "first").
    order_words: dict[str, str] = {}
    # Words that open a sentence going on from the one before ("That drill ...", "It ...").
    anaphora: frozenset[str] = frozenset()
    # Prepositions that place an event ("in Tokyo", "at the Tower of London").
    locatives: frozenset[str] = frozenset()
    # Titles before a person's name ("President", "Dr"): roles when they differ.
    titles: frozenset[str] = frozenset()
    lexicon_file = ""

    # -- open classes -------------------------------------------------------------
    def lemma(self, word: str) -> str:
        raise NotImplementedError

    def zipf(self, word: str) -> float:
        """Word frequency on the Zipf scale (about 7 for "the", 0 for an unknown word)."""
        raise NotImplementedError

    def spelling_key(self, word: str) -> str:
        """A key shared by spelling variants of one word (colour/color)."""
        return word

    @cached_property
    def _lexicon(self) -> dict[str, dict]:
        if not self.lexicon_file:
            return {}
        with gzip.open(DATA_DIR / self.lexicon_file, "rb") as f:
            return json.loads(f.read())["lemmas"]

    @lru_cache(maxsize=200_000)
    def synonyms(self, lemma: str) -> frozenset[str]:
        """Lemmas sharing one of this lemma's most frequent senses (multiword ones joined
        by "_")."""
        return frozenset(self._lexicon.get(lemma, {}).get("y", ()))

    @lru_cache(maxsize=200_000)
    def related(self, lemma: str) -> frozenset[str]:
        """Lemmas derived from or pertaining to this one (British/Britain, sign/signing)."""
        entry = self._lexicon.get(lemma, {})
        out = set(entry.get("d", ()))
        # one more step through a derivation's own derivations keeps close relatives
        # (Japanese -> Japan; signature -> sign -> signing) without wandering far
        for other in list(out):
            out.update(self._lexicon.get(other, {}).get("d", ()))
        out.discard(lemma)
        return frozenset(out)

    @lru_cache(maxsize=200_000)
    def antonyms(self, lemma: str) -> frozenset[str]:
        return frozenset(self._lexicon.get(lemma, {}).get("a", ()))

    @lru_cache(maxsize=200_000)
    def kind(self, lemma: str) -> tuple[str, int] | None:
        """("place" | "person" | "org", category) for a proper name of a known kind."""
        found = self._lexicon.get(lemma, {}).get("t")
        return (found[0], found[1]) if found else None
