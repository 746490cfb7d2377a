"""Editors' quotes: where a quote written in a claim's ruling sits in the source's body.

A quote is found verbatim but for what a copy from a browser or a word processor changes:
runs of whitespace (line breaks, several spaces, tabs, no-break spaces) match any other
run, and curly quotes and apostrophes match straight ones. The span found indexes the body
as it is (`body[start:end]` is what the page and crossref.json quote). When a quote is not
there, `closest_passage` names the sentence of the source that comes nearest to it.
"""

from __future__ import annotations

import re

from .matching import Span

# curly and other typographic quotes, as the straight ones they stand for
_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
_WHITESPACE = re.compile(r"\s+")


def normalized(text: str) -> tuple[str, list[int]]:
    """`text` with every run of whitespace one space and typographic quotes straight, and
    for each of its characters the offset in `text` of the character it came from."""
    pieces: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for run in _WHITESPACE.finditer(text):
        pieces.append(text[cursor:run.start()])
        offsets.extend(range(cursor, run.start()))
        pieces.append(" ")
        offsets.append(run.start())
        cursor = run.end()
    pieces.append(text[cursor:])
    offsets.extend(range(cursor, len(text)))
    return "".join(pieces).translate(_QUOTE_MARKS), offsets


def find_quote(body: str, quote: str) -> Span | None:
    """The span of `body` that `quote` quotes (its first occurrence), or None."""
    wanted = normalized(quote)[0].strip(" ")
    if not wanted:
        return None
    text, offsets = normalized(body)
    at = text.find(wanted)
    if at < 0:
        return None
    return Span(offsets[at], offsets[at + len(wanted) - 1] + 1)


def closest_passage(body: str, quote: str) -> tuple[str, float] | None:
    """The sentence of `body` nearest to `quote` (as written in the body) and how near
    (0..100, rapidfuzz's partial ratio over the normalized texts); None for an empty body."""
    from rapidfuzz import fuzz, process

    from .matching.text import split_sentences

    spans = split_sentences(body)
    if not spans:
        return None
    wanted = normalized(quote)[0].strip(" ")
    choices = [normalized(body[start:end])[0] for start, end in spans]
    found = process.extractOne(wanted, choices, scorer=fuzz.partial_ratio)
    if found is None:
        return None
    _, score, index = found
    start, end = spans[index]
    return _WHITESPACE.sub(" ", body[start:end]).strip(), score
