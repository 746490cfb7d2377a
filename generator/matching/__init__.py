"""Claim matching: for every (claim, source) pair find the passage of the source that
speaks to the claim, and propose whether the source agrees, differs or is silent, with
a confidence.

Modules: language (everything language-specific, behind one object), text (sentences
and tokens with offsets), analysis (words with lemmas and match keys), details (typed
details: quantities, dates, names), retrieve (segmentation and passage ranking), judge
(features, the stance model, conflicts), matcher (the Matcher).
"""

from .matcher import Matcher
from .types import Candidate, Conflict, Match, MatchSettings, Span, Stance

__all__ = ["Candidate", "Conflict", "Match", "MatchSettings", "Matcher", "Span", "Stance"]
