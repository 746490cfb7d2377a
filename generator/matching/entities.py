"""Named entities from capitalisation and context, typed as person, place, country or
organisation.

No list of the names of any particular story is used: a capitalised run of words is
an entity; a title before it ("Prime Minister", "President") makes it a person, a
keyword inside it ("Army", "Union", "prefecture", "Tower") an organisation or a place,
a location preposition before it ("in", "at") a place, the gazetteer knows countries,
their demonyms and capitals, and major cities and regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .gazetteer import CAPITAL_OF, CITIES, COUNTRY_OF, DEMONYMS, REGIONS
from .normalise import STOPWORDS, simple_form
from .numbers import MONTHS, WEEKDAYS
from .text import Token

TITLES = frozenset(
    """president prime minister premier chancellor king queen prince princess emperor empress
    shogun pope mr mrs ms dr sir dame lord lady senator sen rep representative governor gov
    mayor secretary general gen admiral colonel col captain capt sergeant sgt lieutenant
    chief minister ambassador envoy judge justice professor prof rev reverend bishop
    archbishop sheikh president-elect then-prime then-president former""".split()
)
ORGANISATION_WORDS = frozenset(
    """army navy air force forces marines union agreement accord treaty pact programme program
    partnership ministry department agency council committee commission parliament congress
    senate assembly court party company corporation corp inc ltd plc group bank fund
    university college institute school hospital association organisation organization
    federation league club news times post press journal herald guardian telegraph
    network foundation alliance coalition nato un eu government office bureau board
    authority service services police"""
    .split()
)
PLACE_WORDS = frozenset(
    """prefecture province county state city town village district region island islands
    isles river lake sea ocean bay gulf strait mountain mountains mount valley desert
    street avenue road square tower palace castle house bridge airport station port
    harbour harbor park cathedral abbey hall centre center stadium capital peninsula coast"""
    .split()
)
LOCATION_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "from",
                                   "to", "into", "throughout", "around"})
REGION_DEMONYMS = {"european": "europe", "asian": "asia", "african": "africa",
                   "arab": "middle east", "latin": "latin america"}
_CONNECTORS = frozenset({"of", "de", "du", "van", "von", "al", "bin", "la", "le", "da", "y", "del"})


@dataclass(frozen=True)
class Entity:
    words: tuple[str, ...]  # simple forms of the words, without titles
    text: str  # verbatim text of the entity
    start: int
    end: int
    kind: str  # "person", "country", "place", "organisation", "other"
    country: str | None  # canonical country for countries, demonyms and capitals
    demonym: bool  # written as an adjective ("Japanese"): support only, never a conflict
    titled: bool  # preceded by a title
    place_role: bool  # preceded by a location preposition


def _is_capitalised(token: Token) -> bool:
    raw = token.raw
    return raw[:1].isupper() or (raw[:1].isdigit() is False and "." in raw and raw[:1].isalpha())


def _sentence_initial(text: str, token: Token, first_index: bool) -> bool:
    if first_index:
        return True
    k = token.start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k < 0 or text[k] in "“\"‘:.!?–—(["


def extract_entities(text: str, tokens: list[Token],
                     is_common_word: Callable[[str], bool] = lambda w: False) -> list[Entity]:
    """Entities in `tokens` (a sentence or claim of `text`), in order.

    `is_common_word(simple_form)` tells whether a word is usually written in lower
    case; a capitalised common word opening a sentence ("Signing the deal") is not a name.
    """
    entities: list[Entity] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        word = simple_form(token.raw)
        if not _is_capitalised(token) or token.raw[:1].isdigit():
            i += 1
            continue
        if word in WEEKDAYS or word in MONTHS or (word in STOPWORDS and word not in ("us",)):
            i += 1
            continue
        if _sentence_initial(text, token, i == 0) and is_common_word(word) and word not in TITLES:
            i += 1
            continue
        # grow the capitalised run: names, titles, connectors followed by a capital
        j = i + 1
        while j < n:
            nxt = tokens[j]
            low = simple_form(nxt.raw)
            gap = text[tokens[j - 1].end:nxt.start]
            if gap.strip(" -") or "\n" in gap or len(gap) > 2:
                break
            if _is_capitalised(nxt) and low not in WEEKDAYS and low not in MONTHS:
                j += 1
            elif low in _CONNECTORS and j + 1 < n and _is_capitalised(tokens[j + 1]) and nxt.raw.islower():
                j += 2
            else:
                break
        entities.extend(_split_run(text, tokens, i, j))
        i = j
    return entities


def _split_run(text: str, tokens: list[Token], i: int, j: int) -> list[Entity]:
    """Split a capitalised run at titles and demonym prefixes, then type each part."""
    parts: list[Entity] = []
    words = [simple_form(t.raw) for t in tokens[i:j]]
    k = 0
    titled = False
    segment_start = 0
    while k <= len(words):
        at_end = k == len(words)
        is_title = not at_end and words[k] in TITLES
        if at_end or is_title:
            if k > segment_start:
                parts.extend(_type_segment(text, tokens, i + segment_start, i + k, titled))
            if is_title:
                titled = True
                while k < len(words) and words[k] in TITLES:
                    k += 1
                segment_start = k
                continue
            break
        k += 1
    return parts


def _type_segment(text: str, tokens: list[Token], i: int, j: int, titled: bool) -> list[Entity]:
    words = tuple(simple_form(t.raw) for t in tokens[i:j])
    # "UK-Japan partnership": hyphenated names of two countries are two entities
    if len(words) == 2 and tokens[i + 1].hyphen_before and all(w in COUNTRY_OF for w in words):
        return _type_segment(text, tokens, i, i + 1, titled) + _type_segment(text, tokens, i + 1, j, titled)
    # "Japanese Prime Minister" was split already; "British Army" stays one organisation,
    # but "Japanese Fumio Kishida" is unusual; a leading demonym before a person is split.
    start, end = tokens[i].start, tokens[j - 1].end
    prev = tokens[i - 1] if i > 0 else None
    place_role = prev is not None and simple_form(prev.raw) in LOCATION_PREPOSITIONS
    if not place_role and prev is not None and i > 1 and simple_form(prev.raw) == "the":
        place_role = simple_form(tokens[i - 2].raw) in LOCATION_PREPOSITIONS
    name = " ".join(words)
    country = COUNTRY_OF.get(name) or COUNTRY_OF.get(name.replace("-", " "))
    demonym = False
    kind = "other"
    if country is not None and not titled:
        demonym = name in DEMONYMS
        kind = "country"
    elif name in REGION_DEMONYMS:
        return [Entity((REGION_DEMONYMS[name],), text[start:end], start, end, "place", None, True, False, place_role)]
    elif name in CAPITAL_OF or name in CITIES or name in REGIONS:
        kind = "place"
        country = CAPITAL_OF.get(name)
    elif any(w in ORGANISATION_WORDS for w in words) or (len(words) == 1 and tokens[i].raw.isupper() and len(words[0]) <= 5 and not place_role):
        kind = "organisation"
    elif any(w in PLACE_WORDS for w in words) or any(w in CAPITAL_OF or w in CITIES for w in words):
        kind = "place"
    elif titled:
        kind = "person"
    elif any(w in COUNTRY_OF or w in REGIONS for w in words):
        kind = "place"  # "Central Japan", "East Asia"
    elif place_role:
        kind = "place"
    elif 2 <= len(words) <= 3 and all(t.raw.isalpha() for t in tokens[i:j]):
        kind = "person"
    next_word = simple_form(tokens[j].raw) if j < len(tokens) else ""
    if kind in ("other", "place") and next_word in PLACE_WORDS and not tokens[j].raw[:1].isupper():
        kind = "place"  # "Gunma prefecture"
    return [Entity(words, text[start:end], start, end, kind, country, demonym, titled, place_role)]
