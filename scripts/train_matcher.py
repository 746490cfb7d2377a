#!/usr/bin/env python3
"""Fit the matcher's stance model on the development stories and report it
leave-one-story-out.

For every story folder under EVAL_DIR (each with sources/ and gold.yaml, format in
../shared/eval/README.md), every (claim, source) pair is matched with the shipped
retrieval and judge features (the matcher sees only the claim's text). Then, for each
story in turn, the model is fitted on the *other* stories and scored on it: those
left-out figures are the ones the README reports. Finally the model is fitted on all
stories and written to generator/matching/data/stance-model.json with the report.

Needs the training extra: pip install -e '.[train]' (scikit-learn).

usage: python scripts/train_matcher.py [EVAL_DIR] [--check] [--json FILE]
  --check   fit and report, but do not write the model file
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from generator.evaluate import calibration, load_eval_dates, load_eval_sources, load_gold  # noqa: E402
from generator.matching.judge import MODEL_FILE, Gate, Model, PassageScorer, pair_probabilities, stance_of  # noqa: E402
from generator.matching.matcher import Matcher  # noqa: E402
from generator.matching.types import MatchSettings  # noqa: E402

STANCES = ("agrees", "differs", "silent")
C = 0.5  # inverse regularisation strength of the logistic regression


def load_story(folder: Path):
    """A story folder's bodies, their dates and its gold claims (as `factcheck eval` reads them)."""
    sources = folder / "sources"
    return load_eval_sources(sources), load_eval_dates(sources), load_gold(folder / "gold.yaml")


def story_pairs(folder: Path):
    """(features, gold stance, evidence span or None, gold evidence span or None) per pair."""
    bodies, dates, gold = load_story(folder)
    matcher = Matcher(bodies, MatchSettings(), published=dates)
    rows = []
    for claim in gold:
        judged = {options[0].source_id: options for options in matcher.judge_all(claim["claim"], sorted(bodies))}
        for sid in sorted(claim["sources"]):
            g = claim["sources"][sid]
            span = None
            if g["stance"] != "silent":
                start = bodies[sid].find(g["evidence"])
                span = (start, start + len(g["evidence"]))
            options = [(j.features, j.passage_span) for j in judged[sid]]
            rows.append({"options": options, "features": options[0][0], "gold": g["stance"],
                         "story": matcher.story_features(matcher.query(claim["claim"]), sid),
                         "passage": options[0][1], "gold_span": span, "claim": claim["id"], "source": sid})
    return rows


def cross_pairs(folders: list[Path]):
    """Pairs of one story's claims with another story's sources: silent by construction
    (an archive holds many stories, and a claim must not be found in the others). Only
    the pairs retrieval passes on to the judge (relevance >= min_relevance) are kept."""
    floor = MatchSettings().min_relevance
    claims = {f.name: load_gold(f / "gold.yaml") for f in folders}
    rows = []
    for target in folders:
        bodies, dates, _ = load_story(target)
        matcher = Matcher(bodies, MatchSettings(), published=dates)
        for story, gold in claims.items():
            if story == target.name:
                continue
            for claim in gold:
                for options in matcher.judge_all(claim["claim"], sorted(bodies)):
                    feats = options[0].features
                    if feats.get("relevance", 0.0) < floor:
                        continue
                    rows.append({"options": [(j.features, j.passage_span) for j in options], "features": feats,
                                 "story": matcher.story_features(matcher.query(claim["claim"]), options[0].source_id),
                                 "gold": "silent", "passage": options[0].passage_span, "gold_span": None,
                                 "claim": claim["id"], "source": options[0].source_id,
                                 "claim_story": story, "source_story": target.name})
    return rows


def hit(span, gold_span) -> bool:
    if span is None or gold_span is None:
        return False
    (s, e), (gs, ge) = span, gold_span
    return e - s <= 600 and max(0, min(e, ge) - max(s, gs)) >= 0.5 * (ge - gs)


def fit_passages(rows, names) -> PassageScorer:
    """The passage scorer: which of a pair's candidate passages holds the gold evidence,
    over the pairs that agree or differ."""
    x, y = [], []
    for r in rows:
        if r["gold"] != "silent" and len(r["options"]) > 1:
            for feats, span in r["options"]:
                x.append([feats.get(n, 0.0) for n in names])
                y.append(int(hit(span, r["gold_span"])))
    x = np.array(x, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, np.array(y))
    return PassageScorer(tuple(names), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                         tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]))


def fit_gate(rows, cross) -> Gate:
    """The story gate: a story's own pairs (about its story, whatever their stance)
    against pairs of its claims with other stories' sources, over the pairs that reach
    the judge (relevance >= min_relevance), the two sides weighted alike."""
    floor = MatchSettings().min_relevance
    own = [r for r in rows if r["features"].get("relevance", 0.0) >= floor]
    names = sorted(own[0]["story"])
    x = np.array([[r["story"][n] for n in names] for r in own + list(cross)], dtype=float)
    y = np.array([1] * len(own) + [0] * len(cross))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit((x - mean) / scale, y)
    return Gate(tuple(names), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]))


GATE_LOSS = 0.005  # share of the stories' own agreeing or differing pairs the gate may rule out


def gate_cut(model: Model, rows, cross) -> tuple[float, float]:
    """The gate's cut point (the greatest one that rules out at most GATE_LOSS of the
    agreeing or differing pairs that reach the judge) and the share of the pairs it
    rules out, own and other stories', that are silent (their confidence)."""
    floor = MatchSettings().min_relevance
    speaking = sorted(model.gate.probability(r["story"]) for r in rows
                      if r["gold"] != "silent" and r["features"].get("relevance", 0.0) >= floor)
    cut = speaking[int(GATE_LOSS * len(speaking))] if speaking else 0.0
    out = [r for r in list(rows) + list(cross) if r["features"].get("relevance", 0.0) >= floor
           and model.gate.probability(r["story"]) < cut]
    return cut, (sum(r["gold"] == "silent" for r in out) / len(out) if out else 1.0)


def with_gate(model: Model, rows, cross) -> Model:
    model = dataclasses.replace(model, gate=fit_gate(rows, cross))
    cut, confidence = gate_cut(model, rows, cross)
    return dataclasses.replace(model, gate_above=cut, gate_silent_confidence=confidence)


def choose(rows, scorer: PassageScorer):
    """The rows with each pair's evidence picked by `scorer` (as the matcher does): the
    stance model learns from retrieval's best passage ("features"), and is read on the
    chosen one too ("chosen") for agrees or differs."""
    out = []
    for r in rows:
        best = max(range(len(r["options"])), key=lambda i: (scorer.score(r["options"][i][0]), -i))
        out.append({**r, "features": r["options"][0][0], "chosen": r["options"][best][0],
                    "passage": r["options"][best][1]})
    return out


def probabilities(model: Model, row) -> dict[str, float]:
    """What the matcher reads off the model for a pair (see judge.pair_probabilities)."""
    if model.gate is not None and model.gate.probability(row["story"]) < model.gate_above:
        return {"agrees": 0.0, "differs": 0.0, "silent": 1.0, "gated": True}
    return pair_probabilities(model, row["features"], row.get("chosen", row["features"]))


def matrix(rows, names):
    return np.array([[r["features"].get(n, 0.0) for n in names] for r in rows], dtype=float)


def fit(rows, names) -> Model:
    x = matrix(rows, names)
    y = np.array([r["gold"] for r in rows])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    lr.fit((x - mean) / scale, y)
    return Model(tuple(names), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                 tuple(str(c) for c in lr.classes_), tuple(tuple(float(v) for v in row) for row in lr.coef_),
                 tuple(float(v) for v in lr.intercept_))


RELEVANT = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]
DIFFERS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]


def tune(rows, model: Model) -> tuple[float, float]:
    """The cut points (relevant_above, differs_above) with the best sum of stance macro-F1
    and evidence recall@1 (the two headline targets) on `rows`."""
    best = None
    for r in RELEVANT:
        for d in DIFFERS:
            got = score(rows, model, r, d)
            got = got["macro_f1"] + got["evidence_recall_at_1"]
            if best is None or got > best[0] + 1e-9:
                best = (got, r, d)
    return best[1], best[2]


def fit_calibration(rows, model: Model, cuts) -> tuple[float, float]:
    """Platt scaling: correctness of the stance shown against the log-odds of its
    probability, over `rows`."""
    x, y = [], []
    for r in rows:
        probs = r.get("probs") or probabilities(model, r)
        if probs.get("gated"):  # their confidence is the gate's own (gate_cut)
            continue
        p = min(max(probs[stance_of(probs, *cuts).value], 1e-6), 1 - 1e-6)
        x.append([np.log(p / (1 - p))])
        y.append(int(stance_of(probs, *cuts).value == r["gold"]))
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(np.array(x), np.array(y))
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def score(rows, model: Model, relevant_above: float = 0.5, differs_above: float = 0.5) -> dict:
    confusion = {g: dict.fromkeys(STANCES, 0) for g in STANCES}
    hits = total = found = 0
    conf = []
    for r in rows:
        probs = r.get("probs") or probabilities(model, r)
        pred = stance_of(probs, relevant_above, differs_above).value
        confusion[r["gold"]][pred] += 1
        conf.append((model.gate_silent_confidence if probs.get("gated") else model.confidence(probs[pred]),
                     pred == r["gold"]))
        if r["gold"] != "silent":
            total += 1
            if r["passage"] is not None:
                found_here = hit(r["passage"], r["gold_span"])
                found += found_here
                hits += found_here and pred != "silent"
    per = {}
    for s in STANCES:
        tp = confusion[s][s]
        fp = sum(confusion[g][s] for g in STANCES if g != s)
        fn = sum(confusion[s].values()) - tp
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[s] = {"precision": round(p, 3), "recall": round(rc, 3),
                  "f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0}
    n = len(rows)
    return {"pairs": n, "accuracy": round(sum(confusion[s][s] for s in STANCES) / n, 3),
            "macro_f1": round(sum(v["f1"] for v in per.values()) / 3, 3),
            "evidence_recall_at_1": round(hits / total, 3) if total else 0.0,
            "retrieval_at_1": round(found / total, 3) if total else 0.0,
            "per_stance": per, "confusion": confusion, "calibration": calibration(conf)}


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    stories = sorted(p for p in Path(args.eval_dir).iterdir() if (p / "gold.yaml").is_file())
    if len(stories) < 2:
        print(f"{args.eval_dir}: need at least two story folders", file=sys.stderr)
        return 1
    rows = {s.name: story_pairs(s) for s in stories}
    cross = cross_pairs(stories)
    names = sorted({n for rs in rows.values() for r in rs for n in r["features"]})
    report = {}
    pooled_conf = []
    for story in rows:
        train = [dict(r) for other, rs in rows.items() if other != story for r in rs]
        scorer = fit_passages(train, names)  # on the other stories only
        train = choose(train, scorer)
        left_out = choose(rows[story], scorer)
        train_cross = [r for r in cross if story not in (r["claim_story"], r["source_story"])]
        model = with_gate(dataclasses.replace(fit(train, names), passages=scorer), train, train_cross)
        for r in train:
            r["probs"] = probabilities(model, r)
        cuts = tune(train, model)  # on the other stories only
        model = dataclasses.replace(model, calibration=fit_calibration(train, model, cuts))
        report[story] = score(left_out, model, *cuts)
        report[story]["cuts"] = cuts
        left_cross = [r for r in cross if story in (r["claim_story"], r["source_story"])]
        speaking = sum(stance_of(probabilities(model, r), *cuts).value != "silent" for r in choose(left_cross, scorer))
        report[story]["cross_story"] = {"pairs_judged": len(left_cross), "called_speaking": speaking}
        for r in left_out:
            probs = probabilities(model, r)
            pred = stance_of(probs, *cuts).value
            pooled_conf.append((model.gate_silent_confidence if probs.get("gated") else model.confidence(probs[pred]),
                                pred == r["gold"]))
    pooled = calibration(pooled_conf)
    print(f"{'story (left out)':20s} {'ret@1':>6s} {'ev@1':>6s} {'acc':>6s} {'macroF1':>8s} {'agr P':>6s} {'dif P':>6s} "
          f"{'dif R':>6s} {'dif F1':>6s} {'ECE':>6s}")
    for story, r in report.items():
        ps = r["per_stance"]
        print(f"{story:20s} {r['retrieval_at_1']:6.3f} {r['evidence_recall_at_1']:6.3f} {r['accuracy']:6.3f} {r['macro_f1']:8.3f} "
              f"{ps['agrees']['precision']:6.3f} {ps['differs']['precision']:6.3f} {ps['differs']['recall']:6.3f} "
              f"{ps['differs']['f1']:6.3f} {r['calibration']['ece']:6.3f}  cuts {r['cuts']}  "
              f"cross {r['cross_story']['called_speaking']}/{r['cross_story']['pairs_judged']}")
    print(f"pooled calibration (left-out predictions): ECE {pooled['ece']}")
    floor = MatchSettings().min_relevance
    weak = [r for rs in rows.values() for r in rs if r["features"].get("relevance", 0.0) < floor]
    lost = sum(r["gold"] != "silent" for r in weak)
    speaking = sum(r["gold"] != "silent" for rs in rows.values() for r in rs)
    print(f"pairs under min_relevance {floor}: {len(weak)}, silent in the gold {len(weak) - lost} "
          f"({(len(weak) - lost) / max(1, len(weak)):.3f}: matcher.UNREAD_SILENT_CONFIDENCE); "
          f"agreeing or differing pairs lost {lost} of {speaking} ({lost / max(1, speaking):.2%})")
    for b in pooled["bins"]:
        print(f"  {b['bin']}: {b['pairs']:4d} pairs, mean confidence {b['mean_confidence']:.3f}, accuracy {b['accuracy']:.3f}")
    everything = [dict(r) for rs in rows.values() for r in rs]
    scorer = fit_passages(everything, names)
    everything = choose(everything, scorer)
    final = with_gate(dataclasses.replace(fit(everything, names), passages=scorer), everything, cross)
    for r in everything:
        r["probs"] = probabilities(final, r)
    relevant_above, differs_above = tune(everything, final)
    calibration_params = fit_calibration(everything, final, (relevant_above, differs_above))
    print(f"shipped cut points: relevant_above {relevant_above}, differs_above {differs_above}; "
          f"calibration {calibration_params[0]:.3f} x logit + {calibration_params[1]:.3f}")
    out = {"model": final.to_json(), "passages": scorer.to_json(), "gate": final.gate.to_json(),
           "gate_above": final.gate_above, "gate_silent_confidence": final.gate_silent_confidence, "trained_on": sorted(rows), "C": C,
           "relevant_above": relevant_above, "differs_above": differs_above, "calibration": calibration_params,
           "leave_one_story_out": report, "pooled_calibration": pooled}
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, sort_keys=True), encoding="utf-8")
    if not args.check:
        MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
        MODEL_FILE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
