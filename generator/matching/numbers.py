"""Numbers, money, years, dates, months and weekdays found in a token stream.

Digits and number words are parsed to the same value ("1,000" == "a thousand",
"over a century" == 100 years) so that a paraphrase is not taken for a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalise import base_term
from .text import Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBREVIATIONS = {m[:3]: i for i, m in enumerate(MONTHS, 1)} | {"sept": 9}
_MAY_CONTEXT = frozenset({"in", "since", "of", "last", "next", "early", "late", "mid", "until",
                          "by", "from", "this", "that", "on", "during"})

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000,
           "dozen": 12}
# Time words that are themselves an amount of years.
_YEAR_SPANS = {"century": 100, "centuries": 100, "decade": 10, "decades": 10,
               "millennium": 1000, "millennia": 1000}
_CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORDS = {"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "dollar": "USD",
                   "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
                   "yuan": "CNY", "rupees": "INR", "rupee": "INR"}
_PERCENT_WORDS = {"percent", "per", "pct"}
_APPROXIMATE = frozenset({"about", "around", "nearly", "almost", "approximately", "some",
                          "roughly", "over", "more", "than", "up", "under", "less", "fewer",
                          "at", "least", "most", "estimated", "circa", "c"})
_ARTICLES = {"a": 1, "an": 1, "one": 1}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None  # currency code, "%", "year" or the stemmed word after the number
    start: int
    end: int
    approximate: bool  # preceded by "about", "over", "more than"...


@dataclass(frozen=True)
class DateMention:
    kind: str  # "year", "date" (month + day), "month", "weekday"
    month: int | None
    day: int | None
    year: int | None
    weekday: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Figures:
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]

    def years(self) -> set[int]:
        return {d.year for d in self.dates if d.year is not None}


def _digits_value(raw: str) -> float | None:
    text = raw.lstrip("£$€¥").rstrip("%")
    if "," in text and "." not in text:
        parts = text.split(",")
        if all(len(p) == 3 for p in parts[1:]):
            text = text.replace(",", "")
        else:
            return None
    text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _lower(token: Token) -> str:
    return token.raw.lower().rstrip(".")


def _month_of(tokens: list[Token], i: int) -> int | None:
    raw = tokens[i].raw
    if not raw[:1].isupper():
        return None
    low = raw.lower()
    if low in MONTHS:
        if low == "may":  # the modal verb is capitalised at a sentence start
            before = _lower(tokens[i - 1]) if i > 0 else ""
            after = tokens[i + 1].raw if i + 1 < len(tokens) else ""
            if before not in _MAY_CONTEXT and not after[:1].isdigit():
                return None
        return MONTHS.index(low) + 1
    if low in _MONTH_ABBREVIATIONS and i + 1 < len(tokens) and tokens[i + 1].raw.isdigit():
        return _MONTH_ABBREVIATIONS[low]
    return None


def _day(token: Token | None) -> int | None:
    if token is None:
        return None
    raw = token.raw
    if raw.isdigit() and 1 <= int(raw) <= 31 and len(raw) <= 2:
        return int(raw)
    return None


def _year(token: Token | None) -> int | None:
    if token is not None and token.raw.isdigit() and len(token.raw) == 4 and 1000 <= int(token.raw) <= 2100:
        return int(token.raw)
    return None


def _word_number(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """Parse a spelled-out number starting at token i: (value, tokens used)."""
    value, current, used = 0.0, 0.0, 0
    j = i
    seen_number = False
    while j < len(tokens):
        low = _lower(tokens[j])
        if j > i and not tokens[j].hyphen_before and low == "and" and seen_number:
            j += 1
            continue
        if low in _SMALL:
            current += _SMALL[low]
        elif low in _TENS:
            current += _TENS[low]
        elif low in _SCALES and (seen_number or low != "dozen" or j == i):
            current = max(current, 1) * _SCALES[low]
            if _SCALES[low] >= 1000:
                value += current
                current = 0
        elif low in _ARTICLES and not seen_number and j == i:
            nxt = _lower(tokens[j + 1]) if j + 1 < len(tokens) else ""
            if nxt not in _SCALES and nxt not in _YEAR_SPANS:
                return None
            current = 1
        else:
            break
        seen_number = seen_number or low not in _ARTICLES
        j += 1
        used = j - i
    total = value + current
    if not seen_number or used == 0:
        return None
    return total, used


def extract_figures(tokens: list[Token]) -> Figures:
    """All quantities and date mentions in `tokens` (in order)."""
    quantities: list[Quantity] = []
    dates: list[DateMention] = []
    consumed: set[int] = set()
    n = len(tokens)

    def approximate_before(i: int) -> bool:
        return any(_lower(tokens[k]) in _APPROXIMATE for k in range(max(0, i - 2), i))

    for i, token in enumerate(tokens):
        if i in consumed:
            continue
        low = _lower(token)
        if token.raw[:1].isupper() and low in WEEKDAYS:
            dates.append(DateMention("weekday", None, None, None, WEEKDAYS.index(low), token.start, token.end))
            continue
        month = _month_of(tokens, i)
        if month is not None:
            nxt = tokens[i + 1] if i + 1 < n else None
            day = _day(nxt)
            end, used = token.end, {i}
            year = None
            if day is not None:
                end, used = nxt.end, {i, i + 1}
                year = _year(tokens[i + 2] if i + 2 < n else None)
                if year is not None:
                    end = tokens[i + 2].end
                    used.add(i + 2)
            else:
                year = _year(nxt)
                if year is not None:
                    end, used = nxt.end, {i, i + 1}
            start = token.start
            if day is None and i > 0 and _day(tokens[i - 1]) is not None:
                day = _day(tokens[i - 1])
                start = tokens[i - 1].start
            consumed |= used
            kind = "date" if day is not None else "month"
            dates.append(DateMention(kind, month, day, year, None, start, end))
            continue
        if token.raw[:1] in "£$€¥" or token.raw[:1].isdigit():
            value = _digits_value(token.raw)
            if value is None:
                continue
            if _day(token) is not None and i + 1 < n and _month_of(tokens, i + 1) is not None:
                continue  # "11 January": the month branch reads the day

            year = _year(token)
            nxt_low = _lower(tokens[i + 1]) if i + 1 < n else ""
            if year is not None and nxt_low not in _SCALES and nxt_low not in _CURRENCY_WORDS:
                dates.append(DateMention("year", None, None, year, None, token.start, token.end))
                continue
            j, end = i + 1, token.end
            unit = _CURRENCY_SYMBOLS.get(token.raw[:1])
            if token.raw.endswith("%"):
                unit = "%"
            if j < n and _lower(tokens[j]) in _SCALES:
                value *= _SCALES[_lower(tokens[j])]
                end = tokens[j].end
                j += 1
            consumed.update(range(i, j))  # the number and its scale word
            quantities.append(_with_unit(tokens, i, j, value, unit, end, approximate_before(i)))
            continue
        spans = _YEAR_SPANS.get(low)
        if spans and i > 0 and _lower(tokens[i - 1]) in _ARTICLES and (i - 1) not in consumed:
            # "a century", "one decade": an amount of years written as a word
            quantities.append(Quantity(float(spans), "year", tokens[i - 1].start, token.end, approximate_before(i - 1)))
            continue
        if low in _SMALL or low in _TENS or low in _SCALES or low in _ARTICLES:
            parsed = _word_number(tokens, i)
            if parsed is None:
                continue
            value, used = parsed
            j = i + used
            if j < n and _lower(tokens[j]) in _YEAR_SPANS:  # "two centuries"
                value *= _YEAR_SPANS[_lower(tokens[j])]
                quantities.append(Quantity(value, "year", token.start, tokens[j].end, approximate_before(i)))
                consumed.update(range(i, j + 1))
                continue
            consumed.update(range(i, j))
            quantities.append(_with_unit(tokens, i, j, value, None, tokens[j - 1].end, approximate_before(i)))
    return Figures(tuple(quantities), tuple(dates))


def _with_unit(tokens: list[Token], i: int, j: int, value: float, unit: str | None,
               end: int, approximate: bool) -> Quantity:
    """The quantity of tokens[i:j] with the unit named just after it, if any."""
    n = len(tokens)
    if unit is None and j < n:
        low = _lower(tokens[j])
        if low in _CURRENCY_WORDS:
            unit, end = _CURRENCY_WORDS[low], tokens[j].end
        elif low in _PERCENT_WORDS:
            unit, end = "%", tokens[j].end
            if low == "per" and j + 1 < n and _lower(tokens[j + 1]) == "cent":
                end = tokens[j + 1].end
        elif low in _YEAR_SPANS:
            value *= _YEAR_SPANS[low]
            unit, end = "year", tokens[j].end
        else:
            term = base_term(tokens[j].raw)
            if term and tokens[j].raw.isalpha():
                unit = term
                end = tokens[j].end
    return Quantity(value, unit, tokens[i].start, end, approximate)
