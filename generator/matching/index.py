"""Terms of a piece of text, and the inverted index of all source paragraphs.

A scored passage's terms (text_terms, from the full analysis of its tokens) are the
stems of its content words, their synonym-group terms (prefixed "="), paraphrase terms,
joined hyphen compounds ("week-long" -> "weeklong") and number values (prefixed "#").

The index is built for speed at newsroom scale and only holds *keys*, the cheap
subset of terms that single words give: the stem and synonym group of a word, and the
value of a number written in digits ("1,200" -> "#1200", "$4.5" -> "#4.5"; no scale
words, no figures spelled out). Keys are computed once per distinct whitespace-separated
chunk of the corpus. Posting lists hold paragraph ids (a sentence never crosses a
paragraph): the index answers "which paragraphs hold these keys"; sentences, their
keys and the full analysis are computed per source, only for sources that a claim's
gate lets through (SourceView), and depend on that source alone.
"""

from __future__ import annotations

import multiprocessing
from array import array
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from .normalise import PHRASES, base_term, simple_form, synonym_of
from .numbers import Figures, _digits_value, extract_figures
from .text import PARAGRAPH_BREAK, TOKEN_PATTERN, Token, split_sentences


def number_term(value: float) -> str:
    return "#" + (str(int(value)) if float(value).is_integer() else repr(value))


@dataclass(frozen=True)
class TokenTerms:
    """The terms one token contributes: its stem, and its synonym-group term."""

    token: Token
    base: str  # "" for stop words
    canonical: str


def token_terms(tokens: list[Token]) -> list[TokenTerms]:
    out = []
    for token in tokens:
        base = base_term(token.raw)
        out.append(TokenTerms(token, base, synonym_of(base) if base else ""))
    return out


def phrase_terms(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Paraphrase terms found in `tokens`: (term, first token index, end token index)."""
    found = []
    words = [simple_form(t.raw) for t in tokens]
    for i in range(len(words)):
        for length in (2, 3):
            key = tuple(words[i:i + length])
            if len(key) == length and key in PHRASES:
                term = base_term(PHRASES[key]) or PHRASES[key]
                found.append((synonym_of(term), i, i + length))
    return found


def compound_terms(tokens: list[Token]) -> list[tuple[str, int]]:
    """"week-long" also reads as "weeklong": (joined term, index of the second token)."""
    out = []
    for i in range(1, len(tokens)):
        if tokens[i].hyphen_before and tokens[i].raw.isalpha() and tokens[i - 1].raw.isalpha():
            joined = base_term(tokens[i - 1].raw + tokens[i].raw)
            if joined:
                out.append((joined, i))
    return out


def text_terms(tokens: list[Token], figures: Figures | None = None) -> set[str]:
    """All index terms of a token list."""
    terms: set[str] = set()
    for tt in token_terms(tokens):
        if tt.base:
            terms.add(tt.base)
            terms.add("=" + tt.canonical)
    for term, _, _ in phrase_terms(tokens):
        terms.add("=" + term)
    for term, _ in compound_terms(tokens):
        terms.add(term)
        terms.add("=" + synonym_of(term))
    figures = figures if figures is not None else extract_figures(tokens)
    for quantity in figures.quantities:
        terms.add(number_term(quantity.value))
    for date in figures.dates:
        if date.year is not None:
            terms.add(number_term(date.year))
        if date.day is not None:
            terms.add(number_term(date.day))
    return terms



# -- keys: the cheap, per-word terms the index and the gate work with ------------------

# The tokenizer of the full analysis (text.TOKEN_PATTERN: words, dotted acronyms, "G-7",
# numbers with currency and per cent); it never spans white space, so the keys of a text
# are the union of the keys of its whitespace-separated chunks, each computed once.
KEY_WORD = TOKEN_PATTERN


def word_keys(word: str) -> tuple[str, ...]:
    """Keys of one token: stem and synonym group, or "#value" of a number in digits."""
    if word[:1].isdigit() or (word[:1] in "£$€¥" and word[1:2].isdigit()):
        value = _digits_value(word)
        return (number_term(value),) if value is not None else ()
    base = base_term(word)
    return (base, "=" + synonym_of(base)) if base else ()


class _ChunkKeys(dict):
    """chunk of text between white space -> frozenset of its keys (computed once)."""

    def __missing__(self, chunk: str) -> frozenset[str]:
        keys = frozenset(k for w in KEY_WORD.findall(chunk) for k in word_keys(w))
        if len(self) > 2_000_000:  # bound memory on endless streams of new words
            self.clear()
        self[chunk] = keys
        return keys


_CHUNK_KEYS = _ChunkKeys()
_NO_KEYS: frozenset[str] = frozenset()


def text_keys(text: str) -> frozenset[str]:
    """All keys of `text` (pure; cached per chunk)."""
    return _NO_KEYS.union(*map(_CHUNK_KEYS.__getitem__, text.split()))


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of `body` (blank-line separated, possibly empty)."""
    spans, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(body):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(body)))
    return spans


# -- the paragraph index ------------------------------------------------------------------

def _index_part(bodies: list[str], first_pid: int) -> tuple[list[str], list[bytes], array, int]:
    """Postings of the paragraphs of `bodies` (ids from first_pid): keys in first-seen
    order, their posting arrays as bytes, each body's first paragraph id, the next id."""
    key_id: dict[str, int] = {}
    lists: list[array] = []
    firsts = array("I")
    pid = first_pid
    getter = _CHUNK_KEYS.__getitem__
    for body in bodies:
        firsts.append(pid)
        for start, end in paragraph_spans(body):
            keys = _NO_KEYS.union(*map(getter, body[start:end].split()))
            for key in keys:
                i = key_id.get(key)
                if i is None:
                    i = key_id[key] = len(lists)
                    lists.append(array("I"))
                lists[i].append(pid)
            pid += 1
    return list(key_id), [a.tobytes() for a in lists], firsts, pid


_PART_BODIES: list[str] | None = None


def _forked_part(bounds: tuple[int, int, int]):
    lo, hi, first_pid = bounds
    return _index_part(_PART_BODIES[lo:hi], first_pid)


class ParagraphIndex:
    """Inverted index: key -> sorted array of paragraph ids, over all sources.

    Paragraph ids are global, but every source's paragraphs are one contiguous range,
    so whether a source passes the gate depends on its own paragraphs only. Built in
    `workers` forked processes for large corpora (each indexes a contiguous run of
    sources; the parts are concatenated in order, so the index is the same).
    """

    # corpora smaller than this (characters) are indexed in this process
    FORK_ABOVE_CHARS = 4_000_000

    def __init__(self, sources: dict[str, str], workers: int = 1):
        self.source_ids: list[str] = sorted(sources)
        self.bodies = sources
        bodies = [sources[s] for s in self.source_ids]
        total = sum(map(len, bodies))
        parts = None
        if workers > 1 and total > self.FORK_ABOVE_CHARS and len(bodies) >= 2 * workers:
            parts = self._forked(bodies, workers, total)
        if parts is None:
            parts = [_index_part(bodies, 0)]
        self.postings: dict[str, array] = {}
        self.source_firsts = array("I")
        self.paragraph_count = 0
        for keys, blobs, firsts, end in parts:
            self.paragraph_count = end
            self.source_firsts.extend(firsts)
            postings = self.postings
            for key, blob in zip(keys, blobs):
                ids = postings.get(key)
                if ids is None:
                    ids = postings[key] = array("I")
                ids.frombytes(blob)

    @staticmethod
    def _forked(bodies: list[str], workers: int, total: int):
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return None
        # contiguous runs of about equal size; first paragraph id of each run
        bounds, lo, acc, target = [], 0, 0, total / workers
        para_counts = [len(paragraph_spans(b)) for b in bodies]
        pid = 0
        for i, body in enumerate(bodies):
            acc += len(body)
            if acc >= target * (len(bounds) + 1) and len(bounds) < workers - 1:
                bounds.append((lo, i + 1, pid))
                pid += sum(para_counts[lo:i + 1])
                lo = i + 1
        bounds.append((lo, len(bodies), pid))
        global _PART_BODIES
        _PART_BODIES = bodies
        try:
            with context.Pool(len(bounds)) as pool:
                return pool.map(_forked_part, bounds, chunksize=1)
        except OSError:
            return None
        finally:
            _PART_BODIES = None

    def reindex(self, changed: dict[str, str]) -> bool:
        """Index the new texts of the sources in `changed` (id -> body) in place of their
        old ones, when each keeps its number of paragraphs (so no other paragraph's id
        moves): the result is the index a fresh build would give. False, and the index
        untouched, when that cannot be done (a source added, removed, or with paragraphs
        added or removed): build a new one."""
        ranges = []
        for source_id, body in changed.items():
            number = bisect_left(self.source_ids, source_id)
            if number == len(self.source_ids) or self.source_ids[number] != source_id:
                return False
            lo, hi = self.source_range(number)
            if len(paragraph_spans(body)) != hi - lo:
                return False
            ranges.append((lo, hi, body))
        emptied = []
        for key, ids in self.postings.items():
            for lo, hi, _ in ranges:
                i = bisect_left(ids, lo)
                if i < len(ids) and ids[i] < hi:
                    del ids[i:bisect_left(ids, hi, i)]
            if not ids:
                emptied.append(key)
        for key in emptied:
            del self.postings[key]
        for lo, _, body in ranges:
            for pid, (start, end) in enumerate(paragraph_spans(body), start=lo):
                for key in text_keys(body[start:end]):
                    ids = self.postings.get(key)
                    if ids is None:
                        self.postings[key] = array("I", [pid])
                    else:
                        insort(ids, pid)
        return True

    def __getstate__(self) -> dict:
        # the texts are the caller's: a pickled index holds its postings only
        return {k: v for k, v in self.__dict__.items() if k != "bodies"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, bodies={})

    def source_range(self, number: int) -> tuple[int, int]:
        """Paragraph ids [first, end) of source number `number` (in source_ids order)."""
        end = self.source_firsts[number + 1] if number + 1 < len(self.source_firsts) else self.paragraph_count
        return self.source_firsts[number], end

    def source_of_paragraph(self, pid: int) -> int:
        return bisect_right(self.source_firsts, pid) - 1


# -- per-source sentences and their keys ------------------------------------------------

class SourceView:
    """The sentences of one source and the keys of each (subsets of their paragraph's
    keys, so the gate of the index is never stricter than the gate of a sentence).
    Depends on the body alone."""

    __slots__ = ("starts", "ends", "keys", "lower_words", "norms", "_postings")

    def __init__(self, body: str, max_sentence_chars: int):
        spans = split_sentences(body, max_sentence_chars)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        paragraphs = paragraph_spans(body)
        para_keys = [text_keys(body[a:b]) for a, b in paragraphs]
        para_starts = [a for a, _ in paragraphs]
        keys = []
        for s, e in spans:
            p = bisect_right(para_starts, s) - 1
            keys.append(text_keys(body[s:e]) & para_keys[p])
        self.keys: list[frozenset[str]] = keys
        self.lower_words: frozenset[str] | None = None
        self.norms: dict[tuple[int, int], str] = {}  # (first, last sentence) -> normalise_text of them
        self._postings: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def postings(self) -> dict[str, list[int]]:
        """key -> the numbers (ascending) of the sentences holding it (built on first use):
        a claim's words lead straight to the few sentences that share any of them."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for pid, keys in enumerate(self.keys):
                for key in keys:
                    postings.setdefault(key, []).append(pid)
            self._postings = postings
        return self._postings

    def holding_any(self, keys) -> set[int]:
        """Numbers of the sentences holding at least one of `keys`."""
        postings = self.postings
        found: set[int] = set()
        for key in keys:
            hit = postings.get(key)
            if hit:
                found.update(hit)
        return found

    def df(self, key: str) -> int:
        """Sentences of the source holding `key`."""
        return len(self.postings.get(key, ()))

    def has_all(self, keys: tuple[str, ...]) -> bool:
        """True when one sentence holds every key in `keys`."""
        if not keys:
            return False
        postings = self.postings
        common = set(postings.get(keys[0], ()))
        for key in keys[1:]:
            if not common:
                break
            common.intersection_update(postings.get(key, ()))
        return bool(common)
