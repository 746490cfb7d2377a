"""Judge: compare the typed details of a claim and its best passage, and read the
stance off a small learned model over readable features.

`features()` turns a (claim, source, ranked passages) triple into named numbers:
how much of the claim the passage carries, and for each kind of detail (quantities
with their bounds, dates and times, names and roles, negation, antonyms, the order of
events) whether the passage states the same value, a looser one, or a conflicting one.
`Model` is a multinomial logistic regression over them (weights in
data/stance-model.json, fitted by scripts/train_matcher.py on ../shared/eval); its
probabilities are the stance's confidence. Conflicts are recorded with both values
and the source's offsets.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from .details import Details, Name, Quantity, When
from .language import Language
from .retrieve import Query, Ranked, SourceText, coverage
from .types import Conflict, Span, Stance

MODEL_FILE = Path(__file__).resolve().parent / "data" / "stance-model.json"
APPROX_TOLERANCE = 0.02


def _equal(a: float, b: float, approximate: bool) -> bool:
    if a == b:
        return True
    return approximate and abs(a - b) <= APPROX_TOLERANCE * max(abs(a), abs(b))


def compare_quantities(claim: Quantity, source: Quantity) -> str:
    """"match", "looser" (the source's bound allows the claim's value but does not state
    it) or "conflict", by the bounds of both ("more than 150" against 157 ...)."""
    v, w = claim.value, source.value
    cb, sb = claim.bound, source.bound
    approx = "approx" in (cb, sb)
    if cb in ("exact", "approx") and sb in ("exact", "approx"):
        return "match" if _equal(v, w, approx) else "conflict"
    if cb in ("exact", "approx"):
        if _equal(v, w, approx):
            return "match"
        if sb == "min":
            return "looser" if v > w else "conflict"
        return "looser" if v < w else "conflict"  # source "fewer than w"
    if cb == "min":
        if sb in ("exact", "approx"):
            return "match" if w >= v else "conflict"
        if sb == "min":
            return "match" if w >= v else "looser"
        return "conflict" if w <= v else "looser"
    # claim "fewer than v"
    if sb in ("exact", "approx"):
        return "match" if w <= v else "conflict"
    if sb == "max":
        return "match" if w <= v else "looser"
    return "conflict" if w >= v else "looser"


def _units_agree(a: Quantity, b: Quantity) -> bool | None:
    """True: same unit; None: comparable but the counted nouns differ; False: not comparable."""
    if a.kind != b.kind:
        return False
    if a.unit == b.unit:
        return True
    if a.kind in ("money", "percent", "measure"):
        return False
    return None


def _when_status(claim: When, passage: tuple[When, ...]) -> tuple[str, When | None]:
    fields = ("year", "month", "day", "weekday", "minutes")
    best: tuple[str, When | None] = ("absent", None)
    for other in passage:
        common = [f for f in fields if getattr(claim, f) is not None and getattr(other, f) is not None]
        if not common:
            continue
        if all(getattr(claim, f) == getattr(other, f) for f in common):
            return "match", other
        if common != ["year"] or claim.month is None:
            best = ("conflict", other)
    return best


@dataclass(frozen=True)
class Judgement:
    features: dict[str, float]
    conflicts: tuple[Conflict, ...]


def _name_found(name: Name, keys: frozenset[str], language: Language) -> bool:
    for key in name.keys:
        if key in keys or any(language.spelling_key(r) in keys for r in language.related(key)):
            return True
    return False


def source_features(query: Query, source: SourceText) -> dict[str, float]:
    """How much of the claim the whole source holds, by kind of term (its names, its
    other words, its figures and dates), from the source's keys alone: what the story
    gate reads to tell a source about the claim's story from one about another story
    that shares its vocabulary (another town's plant, another club's match)."""
    language = source.language
    keys = source.keys
    got = {"name": [0.0, 0.0], "word": [0.0, 0.0], "number": [0.0, 0.0], "date": [0.0, 0.0]}
    exact = {"name": [0.0, 0.0], "word": [0.0, 0.0]}
    for term in query.terms:
        best = 0.0
        for key, credit in term.credits.items():
            if credit > best and key in keys:
                best = credit
        got[term.kind][0] += term.weight * best
        got[term.kind][1] += term.weight
        if term.kind in exact:  # the word itself (or its lemma), no synonym, no slot
            w = term.word
            exact[term.kind][0] += term.weight * (w.key in keys or w.lemma in keys or w.lower in keys)
            exact[term.kind][1] += term.weight
    f = {}
    for kind, (a, total) in got.items():
        f[f"story_{kind}"] = a / total if total else 1.0
    for kind, (a, total) in exact.items():
        f[f"story_{kind}_exact"] = a / total if total else 1.0
    names = query.details.names
    f["story_names_found"] = (sum(_name_found(n, keys, language) for n in names) / len(names)) if names else 1.0
    f["story_coverage"] = coverage(query, keys)[0]
    return f


def features(query: Query, source: SourceText, ranking: list[Ranked], rank: int = 0) -> Judgement:
    """The named features of a claim against the passage ranking[0] (retrieval's
    `rank`-th best: the judge weighs a few of them, see `PassageScorer`)."""
    language = source.language
    f: dict[str, float] = {}
    conflicts: list[Conflict] = []
    body = source.body
    if not ranking:
        return Judgement({"empty": 1.0}, ())
    top = ranking[0]
    passage = source.passage(top.passage)
    pd: Details = passage.details
    cd: Details = query.details
    f["relevance"] = top.relevance
    f["focus"] = top.focus
    f["rank"] = float(rank)
    f["log_length"] = math.log(1 + passage.end - passage.start)
    f["second"] = ranking[1].relevance if len(ranking) > 1 else 0.0
    f["source_coverage"] = coverage(query, source.keys)[0]
    # string similarity with every name written "N": it must not depend on how a name is
    # spelt (renaming a person in claim and source alike changes no stance)
    claim_text, text = _masked(query.words), _masked(passage.words)
    f["fuzzy_set"] = fuzz.token_set_ratio(claim_text, text) / 100
    f["fuzzy_partial"] = fuzz.partial_ratio(claim_text, text) / 100 if len(text) < 800 else 0.0
    by_kind: dict[str, list[float]] = {"name": [0, 0], "word": [0, 0], "number": [0, 0], "date": [0, 0]}
    for term, credit in zip(query.terms, top.credits):
        by_kind[term.kind][0] += term.weight * credit
        by_kind[term.kind][1] += term.weight
    for kind, (got, total) in by_kind.items():
        f[f"{kind}_coverage"] = got / total if total else 1.0
        f[f"has_{kind}"] = 1.0 if total else 0.0
    f["claim_terms"] = min(len(query.terms), 20) / 20

    # quantities
    counts = dict.fromkeys(("q_match", "q_looser", "q_conflict", "q_conflict_weak", "q_absent", "q_nowhere",
                            "q_conflict_in_context"), 0.0)
    for cq in cd.quantities:
        status, rival = "absent", None
        for pq in pd.quantities:
            same = _units_agree(cq, pq)
            if same is False:
                continue
            outcome = compare_quantities(cq, pq)
            if outcome == "match" and same:
                status, rival = "match", None
                break
            if outcome == "match" and status != "match":
                status = "match_weak"
            elif outcome == "looser" and status in ("absent", "conflict_weak"):
                status = "looser"
            elif outcome == "conflict" and same and status in ("absent", "conflict_weak", "looser"):
                status, rival = "conflict", pq
            elif outcome == "conflict" and status == "absent":
                status, rival = "conflict_weak", pq
        if status == "match_weak":
            status = "match"
        counts["q_" + status] += 1
        if status in ("absent", "conflict", "conflict_weak") and \
                not any(compare_quantities(cq, q) == "match" for q in source.quantities):
            counts["q_nowhere"] += 1
        if status in ("conflict", "conflict_weak") and rival is not None:
            conflicts.append(Conflict("number", query.text[cq.start:cq.end], body[rival.start:rival.end],
                                      Span(rival.start, rival.end)))
            # the two figures count the same thing when the words around them meet
            # ("killed 157" / "128 people were killed"), not another thing of the sentence
            if _context(query.words, cq.start, cq.end) & _context(passage.words, rival.start, rival.end):
                counts["q_conflict_in_context"] += 1
    n_q = max(1, len(cd.quantities))
    for key, value in counts.items():
        f[key] = value / n_q

    # dates and times
    counts = {"w_match": 0.0, "w_conflict": 0.0, "w_absent": 0.0}
    for cw in cd.whens:
        status, rival = _when_status(cw, pd.whens)
        counts["w_" + status] += 1
        if status == "conflict" and rival is not None:
            conflicts.append(Conflict("date", query.text[cw.start:cw.end], body[rival.start:rival.end],
                                      Span(rival.start, rival.end)))
    n_w = max(1, len(cd.whens))
    for key, value in counts.items():
        f[key] = value / n_w

    # names, their kinds, and roles
    counts = {"n_match": 0.0, "n_elsewhere": 0.0, "n_conflict_kind": 0.0, "n_conflict": 0.0}
    claim_keys = {k for n in cd.names for k in n.keys}
    others = [n for n in pd.names if not (set(n.keys) & claim_keys)]
    for cn in cd.names:
        if _name_found(cn, passage.keys, language):
            counts["n_match"] += 1
            continue
        if _name_found(cn, source.keys, language):
            counts["n_elsewhere"] += 1
            continue
        # two places of one category (two countries, two cities) or any two people
        rival = next((o for o in others if cn.kind and o.kind == cn.kind and
                      (o.category == cn.category or cn.kind == "person")), None)
        if rival is not None:
            counts["n_conflict_kind"] += 1
        else:
            # a name of unknown kind may be a rival of any name; two known kinds must agree;
            # the likeliest is a name of as many words that is no common word ("Rishi Sunak"
            # before "British" for "Boris Johnson")
            open_ = [o for o in others if o.kind is None or cn.kind is None or o.kind == cn.kind]
            rival = max(open_, default=None, key=lambda o: (
                (len(o.keys) > 1) == (len(cn.keys) > 1),
                len(o.keys) > 1 or language.zipf(o.text.lower()) < 3.5, -o.start))
            if rival is not None:
                counts["n_conflict"] += 1
        if rival is not None:  # labelled by its kind only when both names are known to be of it
            kind = cn.kind if cn.kind and rival.kind == cn.kind else "name"
            conflicts.append(Conflict(kind, cn.text, rival.text, Span(rival.start, rival.end)))
    n_n = max(1, len(cd.names))
    for key, value in counts.items():
        f[key] = value / n_n
    # none of the claim's names anywhere in the source: most often another event of the
    # same kind (another town's plant, another company's results)
    f["names_absent"] = 1.0 if cd.names and not counts["n_match"] and not counts["n_elsewhere"] else 0.0
    # where the claimed event happened: a place the claim puts it in, against another
    # place the passage puts something in (even when the claim's place is named elsewhere)
    f["place_conflict"] = 0.0
    for cn in cd.names:
        if not (cn.located and cn.kind == "place") or any(
                n.located and set(n.keys) & set(cn.keys) for n in pd.names):
            continue
        rival = next((n for n in pd.names if n.located and n.kind == "place" and not set(n.keys) & claim_keys), None)
        if rival is not None:
            f["place_conflict"] = 1.0
            conflicts.append(Conflict("place", cn.text, rival.text, Span(rival.start, rival.end)))
            break
    claim_roles = {w.lemma for w in query.words if w.lemma in language.titles}
    passage_roles = {w.lemma for w in passage.words if w.lemma in language.titles}
    f["role_conflict"] = 1.0 if claim_roles and passage_roles and claim_roles != passage_roles \
        and counts["n_match"] else 0.0

    # negation and antonyms
    # a negator counts in the passage only near the claim's own words ("was not felt"),
    # not anywhere in a long sentence
    f["negation_mismatch"] = 1.0 if cd.negated != _negated_near(passage.words, query.keys, language) else 0.0
    f["claim_negated"] = 1.0 if cd.negated else 0.0
    antonym = 0.0
    for term, credit in zip(query.terms, top.credits):
        if term.kind == "word" and credit == 0.0:
            opposite = language.antonyms(term.word.lemma)
            hit = next((w for w in passage.words if w.lemma in opposite), None)
            if hit is not None:
                antonym = 1.0
                conflicts.append(Conflict("opposite", term.word.raw, hit.raw, Span(hit.start, hit.end)))
                break
    f["antonym"] = antonym

    # order of events: matched details met in the opposite order
    f["order_flip"] = _order_flip(query, passage, pd, cd)
    f["clean"] = 0.0 if f["q_conflict"] or f["w_conflict"] else 1.0
    # a conflict counts for more in a passage that is otherwise about the claim
    for name in _CONFLICT_FEATURES:
        f[name + "_x_relevance"] = f[name] * top.relevance
    return Judgement(f, tuple(conflicts))


_CONFLICT_FEATURES = ("q_conflict", "q_conflict_weak", "q_conflict_in_context", "q_looser", "w_conflict", "n_conflict_kind", "n_conflict",
                      "place_conflict", "role_conflict", "negation_mismatch", "antonym", "order_flip")


CONTEXT = 4  # words either side of a figure that say what it counts


def _context(words, start: int, end: int) -> set[str]:
    """Keys of the content words near text[start:end]."""
    inside = [i for i, w in enumerate(words) if start <= w.start < end]
    if not inside:
        return set()
    lo, hi = max(0, inside[0] - CONTEXT), min(len(words), inside[-1] + 1 + CONTEXT)
    return {w.key for w in words[lo:hi] if not w.stop and w.value is None and not (start <= w.start < end)}


def _negated_near(words, keys: frozenset[str], language: Language) -> bool:
    for i, w in enumerate(words):
        if w.lower in language.negators or w.lower.endswith("n't"):
            near = words[max(0, i - 3):i + 4]
            if any(x.key in keys or x.lemma in keys for x in near if x is not w and not x.stop):
                return True
    return False


def _masked(words) -> str:
    return " ".join("N" if w.name else w.lower for w in words)


def _order_flip(query: Query, passage, pd: Details, cd: Details) -> float:
    if not cd.order:
        return 0.0
    claim_items = [(q.start, q.value) for q in cd.quantities]
    positions = []
    for start, value in claim_items:
        hit = next((p.start for p in pd.quantities if p.value == value), None)
        if hit is not None:
            positions.append(hit)
    if len(positions) < 2:
        return 0.0
    flipped = positions[0] > positions[1]
    if (cd.order == ("before",)) != (pd.order == ("before",)) and pd.order:
        flipped = not flipped
    return 1.0 if flipped else 0.0


@dataclass(frozen=True)
class PassageScorer:
    """A logistic regression over the judge's features of one candidate passage: how
    likely it is the passage that settles the claim (fitted on the development stories'
    evidence, scripts/train_matcher.py). Retrieval's few best passages are judged and
    the one it scores highest is the evidence."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def score(self, feats: dict[str, float]) -> float:
        return self.intercept + sum(w * (feats.get(n, 0.0) - m) / s
                                    for n, m, s, w in zip(self.names, self.mean, self.scale, self.coef))

    def to_json(self) -> dict:
        return {"features": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: dict) -> "PassageScorer":
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                   float(data["intercept"]))


@dataclass(frozen=True)
class Gate(PassageScorer):
    """A logistic regression over `source_features`: the probability that a source is
    about the claim's story at all (fitted by scripts/train_matcher.py on the
    development stories' own pairs against pairs of one story's claims with another
    story's sources). A source under the model's `gate_above` is silent unjudged: its
    words are the claim's story's only by chance."""

    def probability(self, feats: dict[str, float]) -> float:
        return 1 / (1 + math.exp(-max(min(self.score(feats), 700.0), -700.0)))


@dataclass(frozen=True)
class Model:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    classes: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    # the cut points fitted with it (see stance_of), unless the site's settings name others
    relevant_above: float = 0.5
    differs_above: float = 0.5
    # Platt scaling of the stance's probability into a confidence that is right as often
    # as it says (fitted on the development stories' pairs, scripts/train_matcher.py)
    calibration: tuple[float, float] = (1.0, 0.0)
    passages: PassageScorer | None = None  # picks the evidence among retrieval's best few
    gate: Gate | None = None  # whether the source is about the claim's story at all
    gate_above: float = 0.0  # the gate's probability under which a source is silent unjudged
    gate_silent_confidence: float = 1.0  # the share of such pairs silent in the development stories

    def confidence(self, probability: float) -> float:
        p = min(max(probability, 1e-6), 1 - 1e-6)
        a, b = self.calibration
        return 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b)))

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        x = [(feats.get(n, 0.0) - m) / s for n, m, s in zip(self.names, self.mean, self.scale)]
        logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.coef, self.intercept)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def to_json(self) -> dict:
        return {"features": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "classes": list(self.classes), "coef": [list(r) for r in self.coef],
                "intercept": list(self.intercept)}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["classes"]),
                   tuple(tuple(r) for r in data["coef"]), tuple(data["intercept"]))


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = Model.from_json(data["model"])
    return dataclasses.replace(model, relevant_above=data["relevant_above"], differs_above=data["differs_above"],
                               calibration=tuple(data["calibration"]),
                               passages=PassageScorer.from_json(data["passages"]) if data.get("passages") else None,
                               gate=Gate.from_json(data["gate"]) if data.get("gate") else None,
                               gate_above=data.get("gate_above", 0.0),
                               gate_silent_confidence=data.get("gate_silent_confidence", 1.0))


def in_conflict(feats: dict[str, float]) -> bool:
    """Whether the judge found something in the passage that conflicts with the claim."""
    return any(feats.get(name, 0.0) for name in _CONFLICT_FEATURES if name != "q_looser")


# A conflict the design counts as real whatever the model weighs it: a figure of the
# same unit counting the same thing, or another date or time for the claim's.
DECISIVE = ("q_conflict_in_context", "w_conflict")


def folded(probs: dict[str, float], feats: dict[str, float]) -> dict[str, float]:
    """The model's probabilities with the rules on conflicts: "differs" folded into
    "agrees" when the judge found nothing in the passage that conflicts with the claim
    (a proposal of "differs" always names what differs), and "agrees" into "differs" when
    it found a decisive conflict (a source that speaks to the claim and gives another
    figure or date for it differs)."""
    agrees, differs = probs.get("agrees", 0.0), probs.get("differs", 0.0)
    if not in_conflict(feats):
        return {**probs, "agrees": agrees + differs, "differs": 0.0}
    if any(feats.get(name, 0.0) for name in DECISIVE):
        return {**probs, "agrees": 0.0, "differs": agrees + differs}
    return probs


def pair_probabilities(model: "Model", top: dict[str, float], chosen: dict[str, float]) -> dict[str, float]:
    """The probabilities of a (claim, source) pair: whether the source speaks to the claim
    from retrieval's best passage (`top`: the features of it), agrees or differs from the
    passage picked as evidence (`chosen`), each with the rule on conflicts (`folded`)."""
    first = folded(model.probabilities(top), top)
    if chosen is top:
        return first
    second = folded(model.probabilities(chosen), chosen)
    speaks = first.get("agrees", 0.0) + first.get("differs", 0.0)
    both = second.get("agrees", 0.0) + second.get("differs", 0.0) or 1.0
    return {"agrees": speaks * second.get("agrees", 0.0) / both,
            "differs": speaks * second.get("differs", 0.0) / both, "silent": first.get("silent", 0.0)}


def stance_of(probs: dict[str, float], relevant_above: float = 0.5, differs_above: float = 0.5) -> Stance:
    """Silent when the probability that the source speaks to the claim (agrees or differs)
    is under `relevant_above`; otherwise differs when "differs" takes at least
    `differs_above` of that probability, else agrees."""
    relevant = probs.get("agrees", 0.0) + probs.get("differs", 0.0)
    if relevant < relevant_above:
        return Stance.SILENT
    return Stance.DIFFERS if probs.get("differs", 0.0) >= differs_above * relevant else Stance.AGREES
