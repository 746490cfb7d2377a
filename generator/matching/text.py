"""Sentences and tokens with exact character offsets into the unchanged body.

News text scraped from the web runs sentences together ("countries.The two"), glues
captions and tweets to the next sentence ("Getty ImagesDuring", "2023The British")
and uses abbreviations ("U.K.", "Jan. 11"). Splitting never edits the text: it only
finds boundaries, so every passage is a slice body[start:end].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt capt sgt cmdr adm gov sen rep rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vs v etc approx est dept univ corp inc ltd co fig vol pp ed eds al e.g i.e""".split()
)

# Capitalised words that typically open a sentence; used to split text that was glued
# together without punctuation ("Getty ImagesDuring their meeting").
SENTENCE_STARTERS = frozenset(
    """The A An In On At During After Before When While As It Its He She They We I This That
    These Those There But And However Meanwhile Earlier Later Last Next His Her Their Our
    Since Although Though If For From With Without Under Over By Speaking Asked According
    Officials""".split()
)

OPENING_QUOTES = "“‘\"'«("
CLOSING_MARKS = "”’\"'»)]"

_GLUED_BOUNDARY = re.compile(
    r"(?<=[a-z\d])(?=(?P<word>[A-Z][a-z]+)\b)"  # "ImagesDuring", "2023The"
    r"|(?<=[a-z])(?=[A-Z]{3,}\b)"  # "EuropeLONDON"
)
# "LONDON (AP) – ", "WASHINGTON — ": a dateline is not part of the first sentence's content.
_DATELINE = re.compile(r"[A-Z][A-Z .,'-]{2,40}(?:\([A-Za-z .]{1,20}\))?\s*[—–-]+\s+")
_END_MARK = re.compile(r"[.!?]")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_LETTERS = re.compile(r"[A-Za-z]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\r\n[ \t]*\r\n")
PARAGRAPH_BREAK = _PARAGRAPH_BREAK  # public name: the index splits paragraphs with it


def paragraph_break_between(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (the gap between two sentences) holds a blank line."""
    return _PARAGRAPH_BREAK.search(text, start, end) is not None


def _previous_word(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    return text[start:end]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` belongs to an abbreviation or an initial."""
    word = _previous_word(text, dot)
    bare = word.strip(".").lower()
    if not bare:
        return False
    if bare in ABBREVIATIONS:
        return True
    if len(bare) == 1 and word[-1:].isupper():  # an initial: "J. Smith"
        return True
    return bool(_DOTTED_ACRONYM.fullmatch(word.rstrip(".")))  # U.K., U.S.


def _next_word(text: str, start: int) -> str:
    match = _LETTERS.match(text, start, start + 40)
    return match.group(0) if match else ""


def _boundaries_in(text: str, start: int, end: int) -> list[int]:
    """Offsets where a new sentence starts inside text[start:end]."""
    cuts: list[int] = []
    i = start
    while i < end:
        # jump to the next end mark in C instead of walking every character in Python
        mark = _END_MARK.search(text, i, end)
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        j = i + 1
        while j < end and text[j] in ".!?":
            j += 1
        while j < end and text[j] in CLOSING_MARKS:
            j += 1
        k = j
        while k < end and text[k].isspace():
            k += 1
        if k >= end:
            break
        nxt = text[k]
        opens = nxt.isupper() or (nxt in OPENING_QUOTES and k + 1 < end and text[k + 1].isupper())
        if k == j:  # no space: "countries.The two", "discussion.”The"
            split = opens and not (ch == "." and _is_abbreviation(text, i))
        else:
            split = opens or nxt.isdigit() or nxt in "“‘\"«"
            if split and ch == "." and _is_abbreviation(text, i):
                # "U.S. The president": a dotted acronym still ends a sentence
                # when a typical sentence opener follows.
                word = _previous_word(text, i).strip(".")
                split = "." in word and _next_word(text, k) in SENTENCE_STARTERS
        if split:
            cuts.append(k)
        i = j
    for match in _GLUED_BOUNDARY.finditer(text, start, end):
        word = match.group("word")
        if word is None or word in SENTENCE_STARTERS:
            cuts.append(match.start())
    return sorted(set(cuts))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunks(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long run of text at clause punctuation so no passage exceeds `limit`."""
    pieces = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("; "), window.rfind(": "), window.rfind(", "), window.rfind(" — "))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append((start, start + cut + 1))
        start += cut + 1
    pieces.append((start, end))
    return pieces


def split_sentences(text: str, max_chars: int = 500) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, trimmed of surrounding white space.

    Paragraph breaks (blank lines) always end a sentence. Spans without any letter or
    digit (separators, lone quotes) are dropped.
    """
    spans: list[tuple[int, int]] = []
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    paragraph_ends = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    for p_start, p_end in zip(paragraph_starts, paragraph_ends):
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        dateline = _DATELINE.match(text, p_start, p_end)
        if dateline:
            p_start = dateline.end()
        cuts = [p_start] + _boundaries_in(text, p_start, p_end) + [p_end]
        for a, b in zip(cuts, cuts[1:]):
            a, b = _trimmed(text, a, b)
            if b <= a or not any(c.isalnum() for c in text[a:b]):
                continue
            for piece in _chunks(text, a, b, max_chars):
                s, e = _trimmed(text, *piece)
                if e > s:
                    spans.append((s, e))
    return spans


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    raw: str
    hyphen_before: bool  # joined to the previous token by a hyphen ("non-lethal")


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # dotted acronyms: U.K., U.S.
    r"|[A-Za-z]{1,3}-?\d+[A-Za-z\d]*\b"  # G-7, G7, F-35, COVID19
    r"|[£$€¥]?\d+(?:[.,]\d+)*%?"  # numbers, money, percentages
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # words with inner apostrophes
    r"|[^\W_]+"  # anything else alphanumeric (handles, codes)
)


TOKEN_PATTERN = _TOKEN  # public name: the index reads raw tokens with findall


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and number tokens of text[start:end] with offsets into `text`."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text, start, end):
        s, e = match.span()
        hyphen = bool(tokens) and s >= 1 and text[s - 1] == "-" and tokens[-1].end == s - 1
        tokens.append(Token(s, e, match.group(0), hyphen))
    return tokens
