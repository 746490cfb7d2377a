"""Normalisation of words for comparison only (quoted text is never changed).

A word becomes a *term*: lower case, straight apostrophes, no possessive, British
spelling mapped to American, irregular verb forms to their base, a light suffix
stripper, then a canonical member of a small synonym group. Two words match when
their terms are equal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import CAPITAL_OF, COUNTRY_OF

# Function words carry no topic; they are neither indexed nor scored.
STOPWORDS = frozenset(
    """a about above across after again against all almost along also although am among an and
    another any anyone anything are around as at be became because become been before being
    below between both but by can could did do does doing done down during each either else
    even ever every few for from further had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less let like many may
    me might mine more most much must my myself near nearly neither nor of off often on once
    one's onto or other others otherwise our ours ourselves out over own per perhaps
    quite rather same several she should since so some such than that the their theirs them
    themselves then there these they this those though through thus to too toward towards
    under until up upon us very via was we were what whatever when where whether which while
    who whom whose why will with within would yet you your yours yourself yourselves
    also already still just amid amidst said says say told according mr mrs ms dr
    last next previous before earlier later ago""".split()
)

# Words that negate what follows (checked separately for the negation rule).
NEGATION_CUES = frozenset({"not", "never", "no", "without", "neither", "nor", "cannot"})

# British -> American spellings that no general rule below covers.
_SPELLING = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "grey": "gray", "tyre": "tire", "tyres": "tires",
    "aluminium": "aluminum", "cheque": "check", "kerb": "curb", "plough": "plow",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "sceptical": "skeptical",
    "jewellery": "jewelry", "storey": "story", "enrol": "enroll", "fulfil": "fulfill",
    "judgement": "judgment", "ageing": "aging", "paediatric": "pediatric",
    "oestrogen": "estrogen", "anaesthetic": "anesthetic", "encyclopaedia": "encyclopedia",
    "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
    "cancelling": "canceling", "labelled": "labeled", "modelling": "modeling",
    "fuelled": "fueled", "signalled": "signaled", "counselling": "counseling",
}
# -our words that are not British spellings of -or words.
_OUR_KEEP = frozenset(
    "four hour your tour pour sour flour contour detour devour amour velour troubadour paramour dour "
    "our ours yours hours tours".split()
)
# -ise words that are not British spellings of -ize words.
_ISE_KEEP = frozenset(
    """advise arise comprise compromise despise devise disguise enterprise exercise expertise
    franchise improvise merchandise otherwise premise promise revise rise supervise surprise
    televise wise precise concise noise raise praise cruise paradise treatise demise excise
    incise apprise reprise surmise bruise poise tortoise porpoise mortise turquoise anise guise
    vise valise chastise clockwise likewise sunrise uprise"""
    .split()
)
_TRE_WORDS = frozenset("centre theatre metre litre fibre calibre sombre spectre meagre lustre sabre".split())

# Irregular forms -> base, so "held" matches "hold", "gave" matches "give".
_IRREGULAR = {
    "held": "hold", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "left": "leave", "met": "meet", "went": "go", "gone": "go", "made": "make", "won": "win",
    "lost": "lose", "began": "begin", "begun": "begin", "saw": "see", "seen": "see",
    "sent": "send", "built": "build", "bought": "buy", "brought": "bring", "fought": "fight",
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "sold": "sell",
    "paid": "pay", "kept": "keep", "led": "lead", "spent": "spend", "struck": "strike",
    "grew": "grow", "grown": "grow", "chose": "choose", "chosen": "choose", "wrote": "write",
    "written": "write", "spoke": "speak", "spoken": "speak", "stood": "stand", "ran": "run",
    "drew": "draw", "drawn": "draw", "threw": "throw", "thrown": "throw", "knew": "know",
    "known": "know", "shot": "shoot", "hit": "hit", "cut": "cut", "set": "set", "put": "put",
    "froze": "freeze", "frozen": "freeze", "flew": "fly", "flown": "fly", "broke": "break",
    "broken": "break", "sank": "sink", "sunk": "sink", "signed": "sign", "fled": "flee",
    "shown": "show", "showed": "show", "children": "child", "men": "man", "women": "woman",
    "people": "person", "mice": "mouse", "feet": "foot", "teeth": "tooth", "data": "datum",
}

_MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}

# Synonym groups common in news copy: every member maps to the first one's term.
# Small and general on purpose (no names, no topic of any particular article).
_SYNONYM_GROUPS = [
    "agreement deal pact accord treaty",
    "troop force soldier",
    "country nation",
    "aircraft jet plane warplane",
    "increase boost raise hike expand grow rise climb jump",
    "decrease reduce cut lower shrink fall drop",
    "open inaugurate",
    "supply provide give deliver donate present hand",
    "show view display exhibit",
    "visit trip tour journey",
    "leave departure depart exit quit withdraw withdrawal",
    "exercise drill manoeuvre maneuver",
    "participate participation",
    "negotiate negotiation",
    "develop build",
    "start begin launch commence",
    "end finish conclude",
    "adopt approve pass",
    "spend spending expenditure budget",
    "sharp sharply significant significantly substantial substantially dramatic dramatically",
    "large big major",
    "first only sole",
    "kill dead death die",
    "meet meeting talks",
    "buy purchase acquire",
    "allow permit enable let",
    "ban prohibit forbid",
    "help aid assistance",
    "attack strike assault",
    "presidency chair chairmanship",
    "elect election vote",
    "old aged",
    "collaborate cooperate cooperation collaboration team",
]

# Multi-word paraphrases rewritten to one term before matching (token sequences).
PHRASES = {
    ("in", "the", "works"): "negotiate",
    ("under", "negotiation"): "negotiate",
    ("took", "part"): "participate",
    ("take", "part"): "participate",
    ("taking", "part"): "participate",
    ("teamed", "up"): "collaborate",
    ("team", "up"): "collaborate",
    ("war", "games"): "exercise",
    ("war", "game"): "exercise",
    ("set", "up"): "start",
    ("came", "into", "force"): "enter_force",
    ("entered", "into", "force"): "enter_force",
    ("enter", "into", "force"): "enter_force",
    ("took", "effect"): "enter_force",
    ("went", "up"): "increase",
    ("go", "up"): "increase",
    ("goes", "up"): "increase",
    ("went", "down"): "decrease",
    ("go", "down"): "decrease",
    ("goes", "down"): "decrease",
    ("took", "place"): "occur",
    ("take", "place"): "occur",
    ("takes", "place"): "occur",
    ("take", "effect"): "enter_force",
}

# Antonyms for the negation rule (terms, both directions).
_ANTONYM_PAIRS = [
    ("approve", "reject"), ("accept", "reject"), ("increase", "decrease"), ("win", "lose"),
    ("open", "close"), ("allow", "ban"), ("confirm", "deny"), ("support", "oppose"),
    ("guilty", "innocent"), ("alive", "kill"), ("success", "failure"), ("succeed", "fail"),
    ("legal", "illegal"), ("true", "false"), ("rise", "fall"), ("gain", "loss"),
    ("profit", "loss"), ("include", "exclude"), ("arm", "unarm"), ("public", "private"),
    ("permanent", "temporary"), ("majority", "minority"), ("before", "after"),
]

_WORD_CHARS = re.compile(r"[^\w']+")


@lru_cache(maxsize=262144)
def simple_form(word: str) -> str:
    """Lower case, straight apostrophes, no dots in acronyms, no possessive."""
    w = word.lower().replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'")
    if "." in w:
        w = w.replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    if "-" in w and re.fullmatch(r"[a-z]{1,3}-\d+", w):  # "G-7" is "G7"
        w = w.replace("-", "")
    return w.strip("'")


@lru_cache(maxsize=262144)
def americanise(w: str) -> str:
    """Map a British spelling to the American one (general rules plus a small table)."""
    if w in _SPELLING:
        return _SPELLING[w]
    if w in _TRE_WORDS or (w.endswith("tres") and w[:-1] in _TRE_WORDS):
        return w.replace("tre", "ter")
    for suffix in ("our", "ours", "oured", "ouring", "ourite", "ourable", "ourful"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and w not in _OUR_KEEP:
            return w[: -len(suffix)] + "or" + suffix[3:]
    for suffix, replacement in (("isation", "ization"), ("isations", "izations"), ("ised", "ized"),
                                ("ising", "izing"), ("ises", "izes"), ("ise", "ize")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            base = w[: -len(suffix)] + "ise"
            if base not in _ISE_KEEP and w not in _ISE_KEEP:
                return w[: -len(suffix)] + replacement
            break
    if w.endswith("yse") or w.endswith("ysed") or w.endswith("ysing"):
        return w.replace("yse", "yze").replace("ysing", "yzing")
    return w


def _undouble(stem: str) -> str:
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def stem(w: str) -> str:
    """A light suffix stripper: plural, -ly, -ing/-ed, -ment/-ation/-ness, final -e."""
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("es") and (w[-3] in "sxz" or w[-4:-2] in ("ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        w = w[:-1]
    # -ly only when a real adverb base is left ("sharply", not "supply", "Italy", "family").
    # "-ingly" adverbs ("increasingly") keep their form: they are not the verb.
    if w.endswith("ly") and len(w) >= 7 and w[-3] not in "ibp" and not w.endswith("ingly"):
        w = w[:-2]
    if w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
    for suffix, replacement in (("ization", "ize"), ("ation", "ate"), ("ment", ""), ("ness", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        words = group.split()
        canonical = stem(americanise(words[0]))
        for word in words:
            table.setdefault(stem(americanise(word)), canonical)
    return table


_SYNONYMS = _build_synonyms()


def _add_country_synonyms() -> None:
    """One-word country names, demonyms and capitals share the country's term, so
    "British forces" finds "Britain", and "Tokyo" can stand for "Japan"."""
    for name, country in list(COUNTRY_OF.items()) + list(CAPITAL_OF.items()):
        if " " not in name:
            _SYNONYMS.setdefault(stem(name), "@" + country.replace(" ", "_"))


_add_country_synonyms()
_CAPITAL_TERMS = frozenset(stem(name) for name in CAPITAL_OF if " " not in name)
_ANTONYMS: dict[str, set[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    _sa, _sb = stem(_a), stem(_b)
    _ANTONYMS.setdefault(_SYNONYMS.get(_sa, _sa), set()).add(_SYNONYMS.get(_sb, _sb))
    _ANTONYMS.setdefault(_SYNONYMS.get(_sb, _sb), set()).add(_SYNONYMS.get(_sa, _sa))


# Words so common in news copy that sharing them says little about whether a passage
# is about a claim. A built-in, general list (no topic of any article): the weight of a
# claim word must not depend on which other sources happen to be indexed.
_COMMON_NEWS_WORDS = """
    year years week weeks month months day days today yesterday tomorrow time times
    people person man woman group part number percent way thing things area place world
    government official officials report reports news new old second third other only
    many much well back good high low big small large include including make take get
    give go come know see use want need call called put tell told show shows
    state states national local public city country countries nation nations
    plan plans work works help lot week's top key major""".split()
COMMON_WORD_WEIGHT = 0.35


def general_weight(word: str) -> float:
    """Built-in weight of a word or term: low for very common news words, 1 otherwise."""
    return COMMON_WORD_WEIGHT if word.lstrip("=") in _COMMON_TERMS else 1.0


@lru_cache(maxsize=262144)  # a pure function: the cache never changes a result
def base_term(word: str) -> str:
    """The stemmed term of a word, before synonym mapping ("" for stop words)."""
    w = simple_form(word)
    if w[:1].isdigit() or w[:1] in "£$€¥":
        return ""  # numbers are matched by value ("#1000"), see numbers.py
    if word[:1].isupper() and w in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[w]
    if not w or (w in STOPWORDS and not (word.isupper() and len(word) > 1)):  # "US" is no pronoun
        return ""
    w = americanise(w)
    w = _IRREGULAR.get(w, w)
    return stem(w)


def is_capital(term: str) -> bool:
    """A capital city's term (it can stand for its country, not the other way round)."""
    return term in _CAPITAL_TERMS


def synonym_of(term: str) -> str:
    """The canonical term of `term`'s synonym group (itself when it has none)."""
    return _SYNONYMS.get(term, term)


def antonyms_of(term: str) -> frozenset[str] | set[str]:
    return _ANTONYMS.get(term, frozenset())


def are_antonyms(a: str, b: str) -> bool:
    return b in _ANTONYMS.get(a, ())


def normalise_text(text: str) -> str:
    """Lower-cased, punctuation-free text with American spelling (for rapidfuzz)."""
    words = _WORD_CHARS.sub(" ", text.replace("’", "'").replace("‘", "'").lower()).split()
    return " ".join(americanise(w.strip("'")) for w in words)


_COMMON_TERMS = frozenset(_COMMON_NEWS_WORDS) | frozenset(
    t for t in (base_term(w) for w in _COMMON_NEWS_WORDS) if t)
