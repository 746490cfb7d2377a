"""Typed details of a sentence or a claim: quantities (with unit, currency, scale and
bound), dates, clock times, weekdays, and proper names with their kind.

The judge compares these between a claim and a passage; a detail keeps its offsets so
that a conflict can be marked in the source text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .analysis import Word
from .language import Language


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str | None  # "%", a currency code, a unit name, or the lemma of the counted noun
    bound: str  # "exact" | "min" (more than) | "max" (fewer than) | "approx"
    kind: str  # "count" | "money" | "percent" | "measure"
    start: int
    end: int
    first: int  # index of its first word
    last: int  # index after its last word


@dataclass(frozen=True, slots=True)
class When:
    """A date, a part of one, a weekday or a clock time."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    minutes: int | None  # clock time, minutes after midnight
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    keys: tuple[str, ...]  # its words' keys
    kind: str | None  # "place" | "person" | "org" | None (unknown)
    category: int | None
    start: int
    end: int
    title: str | None  # a role word just before it ("President", "deputy mayor")
    located: bool = False  # after a preposition that places an event ("in Tokyo")


@dataclass(frozen=True, slots=True)
class Details:
    quantities: tuple[Quantity, ...]
    whens: tuple[When, ...]
    names: tuple[Name, ...]
    negated: bool
    order: tuple[str, ...]  # order words used ("before", "after")


def _bound_before(words: tuple[Word, ...], i: int, language: Language) -> tuple[str, int]:
    """The bound phrase ending just before word i, and the index where it starts."""
    for length in (3, 2, 1):
        if i - length < 0:
            continue
        phrase = tuple(w.lower for w in words[i - length:i])
        if phrase in language.bounds:
            return language.bounds[phrase], i - length
    return "exact", i


def _year(word: Word) -> int | None:
    if word.value is not None and word.raw.isdigit() and len(word.raw) == 4 and 1800 <= word.value <= 2100:
        return int(word.value)
    return None


def _day(word: Word | None) -> int | None:
    if word is None:
        return None
    raw = word.lower
    for suffix in ("st", "nd", "rd", "th"):
        if raw.endswith(suffix) and raw[:-2].isdigit():
            raw = raw[:-2]
    if raw.isdigit() and 1 <= int(raw) <= 31 and len(raw) <= 2:
        return int(raw)
    return None


def _clock(words: tuple[Word, ...], i: int, text: str) -> tuple[int, int] | None:
    """"11:47 p.m.", "11.47pm", "23:47": (minutes after midnight, index after it)."""
    w = words[i]
    if not w.raw.isdigit() or len(w.raw) > 2:
        if w.value is not None and "." in w.raw and len(w.raw) <= 5:
            hours, _, mins = w.raw.partition(".")
            if len(mins) != 2 or i + 1 >= len(words) or words[i + 1].lower.replace(".", "") not in ("pm", "am", "p", "a"):
                return None
            h, m, j = int(hours), int(mins), i + 1
        else:
            return None
    else:
        if i + 1 >= len(words) or text[w.end:words[i + 1].start] != ":" or not words[i + 1].raw[:2].isdigit():
            return None
        h, m, j = int(w.raw), int(words[i + 1].raw[:2]), i + 2
    if h > 24 or m > 59:
        return None
    if j < len(words) and words[j].lower.replace(".", "") in ("pm", "p"):
        h = h % 12 + 12
        j += 1 + (j + 1 < len(words) and words[j + 1].lower == "m")
    elif j < len(words) and words[j].lower.replace(".", "") in ("am", "a"):
        h = h % 12
        j += 1 + (j + 1 < len(words) and words[j + 1].lower == "m")
    return h * 60 + m, j


def _word_number(words: tuple[Word, ...], i: int, language: Language) -> tuple[float, int] | None:
    """A number in words or digits with its scale ("two million", "3.5bn", "a dozen")."""
    value, current, j, seen = 0.0, 0.0, i, False
    while j < len(words):
        w = words[j]
        if w.value is not None and not seen:
            current, seen = w.value, True
        elif w.lower in language.number_tens and current % 100 == 0:
            current += language.number_tens[w.lower]
            seen = True
        elif w.lower in language.number_units and seen and current % 10 == 0 and current >= 20 and not w.raw[:1].isdigit():
            current += language.number_units[w.lower]
        elif w.lower in language.number_scales and (seen or (w.lower == "dozen" and j > i)):
            scale = language.number_scales[w.lower]
            if w.lower in ("m", "k") and j > i and words[j - 1].end != w.start:
                break  # "6 m" is metres, "6m" is millions
            current = (current or 1) * scale
            if scale >= 1000:
                value, current = value + current, 0.0
        elif w.lower in ("a", "an") and j == i and j + 1 < len(words) and words[j + 1].lower in language.number_scales:
            current, seen = 1.0, True
        elif w.lower == "and" and seen and j + 1 < len(words) and (
                words[j + 1].lower in language.number_units or words[j + 1].lower in language.number_tens):
            pass
        else:
            break
        j += 1
    if not seen:
        return None
    return value + current, j


def _quantity(words, i, language, text) -> Quantity | None:
    parsed = _word_number(words, i, language)
    if parsed is None:
        return None
    value, j = parsed
    bound, first = _bound_before(words, i, language)
    raw = words[i].raw
    unit, kind = None, "count"
    if raw[:1] in language.currency_symbols:
        unit, kind = language.currency_symbols[raw[:1]], "money"
    if raw.endswith("%"):
        unit, kind = "%", "percent"
    end = words[j - 1].end
    if unit is None and j < len(words):
        nxt = words[j]
        if nxt.lemma in language.currency_words:
            unit, kind, end, j = language.currency_words[nxt.lemma], "money", nxt.end, j + 1
        elif nxt.lower in language.percent_words or (nxt.lower == "per" and j + 1 < len(words) and words[j + 1].lower == "cent"):
            unit, kind = "%", "percent"
            j += 2 if nxt.lower == "per" else 1
            end = words[j - 1].end
        elif nxt.lemma in language.unit_names or nxt.lower in language.unit_names:
            unit, kind, end, j = language.unit_names.get(nxt.lemma) or language.unit_names[nxt.lower], "measure", nxt.end, j + 1
        else:
            # the counted noun: the next content word ("157 people", "41 votes")
            for k in range(j, min(j + 3, len(words))):
                if not words[k].stop and words[k].value is None:
                    unit = words[k].key
                    break
    return Quantity(value, unit, bound, kind, words[first].start, end, first, j)


def extract(words: tuple[Word, ...], text: str, language: Language,
            published: dt.date | None = None) -> Details:
    quantities: list[Quantity] = []
    whens: list[When] = []
    names: list[Name] = []
    used: set[int] = set()
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        if i in used:
            i += 1
            continue
        if w.lower in language.relative_days and published is not None:
            day = published + dt.timedelta(days=language.relative_days[w.lower])
            whens.append(When(day.year, day.month, day.day, day.weekday(), None, w.start, w.end))
        elif w.lower in language.weekdays and w.raw[:1].isupper():
            weekday = language.weekdays[w.lower]
            if published is not None:  # the last such day on or before publication
                day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
                whens.append(When(day.year, day.month, day.day, weekday, None, w.start, w.end))
            else:
                whens.append(When(None, None, None, weekday, None, w.start, w.end))
        elif w.lower.rstrip(".") in language.months and w.raw[:1].isupper() and (w.lower != "may" or not w.initial):
            month = language.months[w.lower.rstrip(".")]
            day = _day(words[i + 1]) if i + 1 < n else None
            start, end, j = w.start, w.end, i + 1
            if day is not None:
                end, j = words[i + 1].end, i + 2
            elif i > 0 and _day(words[i - 1]) is not None and (i - 1) not in used:
                day, start = _day(words[i - 1]), words[i - 1].start
                quantities[:] = [q for q in quantities if q.first != i - 1]
            year = _year(words[j]) if j < n else None
            if year is not None:
                end, j = words[j].end, j + 1
            whens.append(When(year, month, day, None, None, start, end))
            used.update(range(i, j))
            i = j
            continue
        elif (w.value is not None or w.lower in language.number_tens or w.lower in ("a", "an")) and not (
                _day(w) is not None and i + 1 < n and words[i + 1].lower.rstrip(".") in language.months
                and words[i + 1].raw[:1].isupper()):  # "3 June": the month reads its day
            clock = _clock(words, i, text) if w.value is not None else None
            year = _year(w)
            if clock is not None:
                whens.append(When(None, None, None, None, clock[0], w.start, words[clock[1] - 1].end))
                used.update(range(i, clock[1]))
                i = clock[1]
                continue
            if year is not None and not (i + 1 < n and words[i + 1].lower in language.number_scales):
                whens.append(When(year, None, None, None, None, w.start, w.end))
            elif w.lower not in ("a", "an") or (i + 1 < n and words[i + 1].lower in language.number_scales):
                q = _quantity(words, i, language, text)
                if q is not None:
                    quantities.append(q)
                    used.update(range(i, q.last))
                    i = max(q.last, i + 1)
                    continue
        elif w.name:
            j = i
            while j < n and (words[j].name or (words[j].lower in ("of", "de", "al", "von", "van", "la")
                                               and j + 1 < n and words[j + 1].name)) \
                    and (j == i or text[words[j - 1].end:words[j].start] in (" ", "-")):
                j += 1
            run = words[i:j]
            lemmas = "_".join(x.lower for x in run)
            kind = language.kind(lemmas) or language.kind(run[-1].lower) or language.kind(run[0].lower)
            title = None
            for k in range(max(0, i - 3), i):
                if words[k].lower in language.titles:
                    title = words[k].lower
            if kind is None and title is not None and len(run) >= 2:
                kind = ("person", None)  # a full name after a role word ("the mayor, Jane Holt")
            before = [x.lower for x in words[max(0, i - 2):i]]
            located = bool(before) and (before[-1] in language.locatives or
                                        len(before) == 2 and before[0] in language.locatives and before[1] == "the")
            names.append(Name(text[run[0].start:run[-1].end], tuple(x.key for x in run if x.lower not in language.stopwords),
                              kind[0] if kind else None, kind[1] if kind else None,
                              run[0].start, run[-1].end, title, located))
            i = j
            continue
        i += 1
    negated = any(w.lower in language.negators or w.lower.endswith("n't") for w in words)
    order = tuple(sorted({language.order_words[w.lower] for w in words if w.lower in language.order_words}))
    return Details(tuple(quantities), tuple(whens), tuple(names), negated, order)
