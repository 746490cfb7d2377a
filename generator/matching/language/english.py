"""English: closed classes written here, open classes from simplemma (lemmas),
wordfreq (rarity) and WordNet 3.0 (synonyms, derivations, antonyms, kinds of names;
shipped as data/wordnet-en.json.gz, made by scripts/make_wordnet.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from .base import Language

_STOPWORDS = """a about above across after again against all almost along also although am
among an and another any anyone anything are around as at be became because become been
before being below between both but by can could did do does doing done down during each
either else even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less let like
many may me might mine more most much must my myself near nearly neither nor of off often on
once onto or other others otherwise our ours ourselves out over own per perhaps quite rather
same several she should since so some such than that the their theirs them themselves then
there these they this those though through thus to too toward towards under until up upon us
very via was we were what whatever when where whether which while who whom whose why will
with within would yet you your yours yourself yourselves still amid said says say told
according mr mrs ms dr also s t ll d ve re m""".split()

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_UNITS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen""".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

# British spellings whose American form no suffix rule below gives.
_SPELLING = {"defence": "defense", "offence": "offense", "licence": "license",
             "pretence": "pretense", "programme": "program", "catalogue": "catalog",
             "dialogue": "dialog", "grey": "gray", "tyre": "tire", "aluminium": "aluminum",
             "cheque": "check", "plough": "plow", "manoeuvre": "maneuver",
             "sceptical": "skeptical", "jewellery": "jewelry", "judgement": "judgment",
             "ageing": "aging", "paediatric": "pediatric", "anaesthetic": "anesthetic",
             "oestrogen": "estrogen", "foetus": "fetus", "haemorrhage": "hemorrhage"}
_OUR = re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|ful|able)?$")
_OUR_KEEP = frozenset("four hour your tour pour sour flour contour detour devour dour "
                      "ours yours hours tours".split())
_ISE = re.compile(r"(?<=[a-z]{3})(is)(e|es|ed|ing|ation|ations|er|ers)$")
_ISE_KEEP = frozenset("""advise arise comprise compromise despise devise disguise enterprise
exercise expertise franchise improvise merchandise otherwise premise promise revise rise
supervise surprise televise wise precise concise noise raise praise cruise paradise treatise
demise excise incise apprise reprise surmise bruise poise tortoise porpoise turquoise guise
chastise circumcise""".split())
_TRE = re.compile(r"(?<=[a-z]{2}[bcdgmnt])re(s|d)?$")
_LLED = re.compile(r"(?<=[aeiou][b-df-hj-np-tv-z][aeiou])ll(ed|ing|er|ers)$")


class English(Language):
    code = "en"
    lexicon_file = "wordnet-en.json.gz"
    stopwords = frozenset(_STOPWORDS)
    negators = frozenset("not no non never none nobody nothing neither nor without cannot n't "
                         "denied denies deny rejected refused failed".split())
    bounds = {
        ("more", "than"): "min", ("over",): "min", ("at", "least"): "min",
        ("upwards", "of"): "min", ("in", "excess", "of"): "min", ("above",): "min",
        ("no", "fewer", "than"): "min", ("no", "less", "than"): "min", ("exceeding",): "min",
        ("as", "many", "as"): "approx", ("as", "much", "as"): "approx",
        ("less", "than"): "max", ("fewer", "than"): "max", ("under",): "max",
        ("up", "to"): "max", ("at", "most"): "max", ("below",): "max",
        ("no", "more", "than"): "max",
        ("about",): "approx", ("around",): "approx", ("nearly",): "approx",
        ("almost",): "approx", ("approximately",): "approx", ("roughly",): "approx",
        ("some",): "approx", ("an", "estimated"): "approx", ("estimated",): "approx",
        ("close", "to"): "approx", ("just", "over"): "approx", ("just", "under"): "approx",
        ("nearly", "all"): "approx",
    }
    months = {m: i for i, m in enumerate(_MONTHS, 1)} | \
        {m[:3]: i for i, m in enumerate(_MONTHS, 1) if m != "may"} | {"sept": 9}
    weekdays = {d: i for i, d in enumerate(_WEEKDAYS)} | \
        {d[:3]: i for i, d in enumerate(_WEEKDAYS)} | {"tues": 1, "thur": 3, "thurs": 3}
    number_units = {w: i for i, w in enumerate(_UNITS)}
    number_tens = {w: 10 * (i + 2) for i, w in enumerate(_TENS)}
    number_scales = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                     "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3, "tn": 1e12,
                     "dozen": 12, "mn": 1e6}
    unit_names = {
        "km": "km", "kilometre": "km", "kilometer": "km", "kms": "km",
        "mile": "mile", "mi": "mile", "metre": "m", "meter": "m",
        "kg": "kg", "kilogram": "kg", "tonne": "tonne", "ton": "tonne",
        "percent": "%", "per cent": "%", "pct": "%", "%": "%",
        "year": "year", "yr": "year", "month": "month", "week": "week", "day": "day",
        "hour": "hour", "hr": "hour", "minute": "minute", "min": "minute", "second": "second",
        "decade": "decade", "century": "century",
        "point": "point", "vote": "vote", "seat": "seat", "goal": "goal",
        "magnitude": "magnitude",
    }
    currency_words = {"pound": "GBP", "sterling": "GBP", "dollar": "USD", "euro": "EUR",
                      "yen": "JPY", "yuan": "CNY", "rupee": "INR", "franc": "CHF"}
    currency_symbols = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR"}
    percent_words = frozenset({"percent", "pct", "%"})
    locatives = frozenset({"in", "at", "to"})
    anaphora = frozenset("that this these those it its they their there such then he she his her".split())
    relative_days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    order_words = {"before": "before", "after": "after", "then": "after", "later": "after",
                   "subsequently": "after", "afterwards": "after", "previously": "before",
                   "earlier": "before", "first": "before", "initially": "before",
                   "originally": "before", "followed": "after", "prior": "before"}
    titles = frozenset("""president prime minister chancellor secretary judge justice
    mayor governor senator chief director chairman chairwoman chair ceo officer spokesman
    spokeswoman spokesperson king queen prince princess general colonel captain commander
    ambassador deputy vice head leader manager coach striker captain professor doctor dr
    minister premier sheriff commissioner inspector sergeant""".split())

    @lru_cache(maxsize=400_000)
    def lemma(self, word: str) -> str:
        from simplemma import lemmatize

        low = word.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        if not low.isalpha():
            return low
        found = lemmatize(low, lang="en")
        return found.lower() if found else low

    @lru_cache(maxsize=400_000)
    def zipf(self, word: str) -> float:
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "en")

    @lru_cache(maxsize=400_000)
    def spelling_key(self, word: str) -> str:
        if word in _SPELLING:
            return _SPELLING[word]
        if word not in _OUR_KEEP:
            word = _OUR.sub(lambda m: "or" + (m.group(1) or ""), word)
        if word not in _ISE_KEEP:
            word = _ISE.sub(lambda m: "iz" + m.group(2), word)
        word = _TRE.sub(lambda m: "er" + (m.group(1) or ""), word)
        word = _LLED.sub(lambda m: "l" + m.group(1), word)
        return word
