"""Fuzzy claim matching: for every (claim, source) pair find the passage of the source
that speaks to the claim and decide whether the source agrees, differs or is silent.

Modules: text (sentences, tokens with offsets), normalise (terms), numbers (quantities
and dates), entities and gazetteer (names), index (inverted index), claim (what is
extracted from a claim), conflicts (details supported or contradicted), evidence
(trimmed evidence and highlights), matcher (the Matcher).
"""

from .matcher import Matcher
from .types import Candidate, Conflict, Match, MatchSettings, Span, Stance

__all__ = ["Candidate", "Conflict", "Match", "MatchSettings", "Matcher", "Span", "Stance"]
