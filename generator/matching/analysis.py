"""Words of a text with offsets, lemmas and match keys: what retrieval and the judge read.

Nothing here edits the text: every word is a slice text[start:end]. A word's `lemma`
(from the language's lemmatiser) and `key` (its spelling-variant key) are what two
words are compared by; `name` marks proper names (capitalised where a common word
would not be), `value` parsed numbers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .language import Language
from .text import TOKEN_PATTERN

MAX_FORMS = 300_000  # lowercase forms whose lemma, key and rarity are kept

_NUMBER = re.compile(r"[£$€¥₹]?(\d+(?:[.,]\d+)*)(%?)")


class Word(NamedTuple):  # a tuple: millions are made for a large archive
    start: int
    end: int
    raw: str
    lower: str
    lemma: str
    key: str
    stop: bool
    name: bool  # a proper name (or part of one)
    value: float | None  # a number written in digits or words ("six" -> 6)
    initial: bool  # first word of its sentence


def digits_value(raw: str) -> float | None:
    """"1,000" -> 1000.0, "6.4" -> 6.4, "£3.5" -> 3.5, "2,15" -> None (not a number)."""
    match = _NUMBER.fullmatch(raw)
    if not match:
        return None
    text = match.group(1)
    if "," in text:
        parts = text.split(",")
        if "." in parts[-1]:
            parts[-1] = parts[-1].split(".")[0]
        if not all(len(p) == 3 for p in parts[1:]):
            return None
        text = match.group(1).replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _form(lower: str, language: Language) -> tuple[str, str, bool, bool]:
    """(lemma, key, stop word, rare as a common word) of a lowercase form."""
    lemma = language.lemma(lower)
    return lemma, language.spelling_key(lemma), lower in language.stopwords, language.zipf(lower) < 3.5


def analyse(text: str, start: int, end: int, language: Language) -> tuple[Word, ...]:
    """The words of text[start:end] (a sentence or a claim)."""
    forms = language.__dict__.setdefault("_forms", {})  # lowercase form -> _form(), per language
    words = []
    previous_end = None
    for match in TOKEN_PATTERN.finditer(text, start, end):
        s, e = match.span()
        raw = match.group(0)
        lower = raw.lower().replace("’", "'")
        first = raw[0]
        value = digits_value(raw) if first.isdigit() or first in "£$€¥₹" else None
        if value is None and lower in language.number_units:
            value = float(language.number_units[lower])
        elif value is None and lower in language.number_tens:
            value = float(language.number_tens[lower])
        form = forms.get(lower)
        if form is None:
            if len(forms) >= MAX_FORMS:  # a long-running process (serve) stays bounded
                forms.clear()
            form = forms[lower] = _form(lower, language)
        lemma, key, stop, rare = form
        if value is not None:
            lemma = key = lower
        initial = previous_end is None or (s - previous_end > 1 or text[previous_end] != " ") and \
            text[previous_end:s].strip()[-1:] in (".", "!", "?", ":", "\"", "“")
        previous_end = e
        # A capitalised word is a name where it does not open a sentence, or where it
        # opens one but is rare as a common word (names are rare in lowercase).
        name = first.isupper() and value is None and not stop and (
            not initial or rare or raw.isupper() and len(raw) > 1)
        words.append(Word(s, e, raw, lower, lemma, key, stop and not name, name, value, initial))
    # A capitalised word opening a sentence is a name when a name follows it directly
    # ("Boris Johnson signed ...").
    for i in range(len(words) - 1):
        w = words[i]
        if w.initial and not w.name and w.raw[:1].isupper() and words[i + 1].name and \
                w.lower not in language.stopwords and w.value is None and text[w.end:words[i + 1].start] == " ":
            words[i] = Word(w.start, w.end, w.raw, w.lower, w.lemma, w.key, False, True, None, True)
    return tuple(words)
