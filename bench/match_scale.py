#!/usr/bin/env python3
"""Scale benchmark of the claim matcher alone (no site build).

    python bench/match_scale.py [--sizes 1000x200,10000x2000] [--seed 1] [--workdir bench/out]

For each size NxM: generate (or reuse) WORKDIR/corpus/NxM-sSEED with bench/make_corpus.py,
build a Matcher over all N sources, run match_many(include_silent=False) for all M claims
with workers=1 and workers=2, and print one JSON line: index build seconds, matching
seconds, peak RSS (MiB), passages scored with rapidfuzz vs all passages, and against the
corpus gold (unlisted pairs are silent): evidence recall (evidence covers at least half of
the gold span), stance accuracy over gold non-silent pairs, predicted non-silent pairs not
in the gold. At the smallest size the recall is also measured with the gate reduced to
"one shared term" (every source with any claim word scored) to show the gate loses nothing.
Each size runs in its own process so peak RSS is per size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus_dir(workdir: Path, articles: int, claims: int, seed: int) -> Path:
    out = workdir / "corpus" / f"{articles}x{claims}-s{seed}"
    if not (out / "gold.yaml").is_file():
        subprocess.run([sys.executable, str(ROOT / "bench/make_corpus.py"), "--articles", str(articles),
                        "--claims", str(claims), "--seed", str(seed), "--out", str(out)], check=True)
    return out


def load(corpus: Path):
    import yaml

    from generator.evaluate import load_eval_sources, load_gold

    sources = load_eval_sources(corpus / "sources")
    queries = []
    for path in sorted((corpus / "claims").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8")).get("claims") or []:
            queries.append((claim["id"], claim["claim"], tuple(claim.get("look_for") or ())))
    gold = {c["id"]: c["sources"] or {} for c in load_gold(corpus / "gold.yaml")}
    return sources, queries, gold


def score(sources, queries, gold, results) -> dict:
    from generator.evaluate import evidence_hit

    pairs = hits = correct = false_nonsilent = 0
    for (claim_id, _, _), matches in zip(queries, results):
        predicted = {m.source_id: m for m in matches}
        expected = gold.get(claim_id, {})
        for source_id, g in expected.items():
            pairs += 1
            m = predicted.get(source_id)
            if m is None:
                continue
            correct += m.stance.value == g["stance"]
            ev = m.evidence
            hits += evidence_hit(sources[source_id], ev and ev.start, ev and ev.end, m.evidence_text, g["evidence"])
        false_nonsilent += sum(1 for s in predicted if s not in expected)
    return {"gold_pairs": pairs, "recall": round(hits / pairs, 4) if pairs else 0.0,
            "stance_acc": round(correct / pairs, 4) if pairs else 0.0, "false_nonsilent": false_nonsilent}


def run_size(articles: int, claims: int, seed: int, workdir: Path, ungated: bool) -> dict:
    from generator.matching import Matcher, MatchSettings

    corpus = corpus_dir(workdir, articles, claims, seed)
    sources, queries, gold = load(corpus)
    jobs = [(text, look_for, None) for _, text, look_for in queries]
    began = time.perf_counter()
    matcher = Matcher(sources)
    build_s = time.perf_counter() - began
    began = time.perf_counter()
    results = matcher.match_many(jobs, include_silent=False, workers=1)
    match_1 = time.perf_counter() - began
    scored = matcher.fuzzy_scored
    began = time.perf_counter()
    results_2 = matcher.match_many(jobs, include_silent=False, workers=2)
    match_2 = time.perf_counter() - began
    passages = matcher._index.passage_count
    line = {"size": f"{articles}x{claims}", "sources": len(sources), "claims": len(jobs), "passages": passages,
            "build_s": round(build_s, 2), "match_s_workers1": round(match_1, 2), "match_s_workers2": round(match_2, 2),
            "build_plus_match_workers2_s": round(build_s + match_2, 2),
            "workers2_identical": results_2 == results,
            "fuzzy_scored": scored, "fuzzy_scored_fraction": round(scored / max(1, passages), 5)}
    line.update(score(sources, queries, gold, results))
    if ungated:
        loose = Matcher(sources, replace(MatchSettings(), min_shared_terms=1, min_shared_fraction=0.0))
        began = time.perf_counter()
        loose_results = loose.match_many(jobs, include_silent=False, workers=2)
        line["ungated"] = {"match_s_workers2": round(time.perf_counter() - began, 2),
                           "fuzzy_scored": loose.fuzzy_scored, **score(sources, queries, gold, loose_results)}
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    line["peak_rss_mib"] = round(rss / 1024, 1)
    return line


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000x200,10000x2000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench/out")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one size here
    parser.add_argument("--ungated", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv[1:])
    if args.one:
        n, m = (int(x) for x in args.one.split("x"))
        print(json.dumps(run_size(n, m, args.seed, args.workdir, args.ungated)), flush=True)
        return 0
    sizes = args.sizes.split(",")
    smallest = min(sizes, key=lambda s: int(s.split("x")[0]))
    for size in sizes:
        cmd = [sys.executable, __file__, "--one", size, "--seed", str(args.seed), "--workdir", str(args.workdir)]
        subprocess.run(cmd + (["--ungated"] if size == smallest else []), check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
