#!/usr/bin/env python3
"""Scale benchmark of the claim matcher alone (no site build).

    python bench/match_scale.py [--sizes 1000x200,10000x2000] [--seed 1] [--workdir bench/out]
                                [--workers1-max-sources 2000] [--ungated] [--dense]

For each size NxM: generate (or reuse) WORKDIR/corpus/NxM-sSEED with bench/make_corpus.py,
build a FRESH Matcher over all N sources and run match_many(include_silent=False) for all M
claims with workers=2 (nothing warm from an earlier run), then, for corpora of at most
--workers1-max-sources sources, the same on another fresh Matcher with workers=1 (results
must be identical). Prints one JSON line: index build seconds, matching seconds (workers 2
and 1), build + match, peak RSS (MiB), the (claim, source) pairs judged past the
prefilter (in this process), and against the corpus gold (unlisted
pairs are silent): evidence recall (evidence covers at least half of the gold span), stance
accuracy over gold non-silent pairs, predicted non-silent pairs not in the gold.
--ungated also runs the smallest size with the gate reduced to "one shared word, no
details required" (min_relevance 0: every source with any claim word is judged).
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


def corpus_dir(workdir: Path, articles: int, claims: int, seed: int, dense: bool = False) -> Path:
    out = workdir / "corpus" / f"{articles}x{claims}-s{seed}{'-dense' if dense else ''}"
    if not (out / "gold.yaml").is_file():
        subprocess.run([sys.executable, str(ROOT / "bench/make_corpus.py"), "--articles", str(articles),
                        "--claims", str(claims), "--seed", str(seed), "--out", str(out)]
                       + (["--dense"] if dense else []), check=True)
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
        false_nonsilent += sum(1 for s, m in predicted.items() if s not in expected and m.stance.value != "silent")
    return {"gold_pairs": pairs, "recall": round(hits / pairs, 4) if pairs else 0.0,
            "stance_acc": round(correct / pairs, 4) if pairs else 0.0, "false_nonsilent": false_nonsilent}


def run_size(articles: int, claims: int, seed: int, workdir: Path, ungated: bool, workers1_max: int,
             dense: bool = False) -> dict:
    from generator.matching import Matcher, MatchSettings
    from generator.matching.text import split_sentences

    corpus = corpus_dir(workdir, articles, claims, seed, dense)
    sources, queries, gold = load(corpus)
    jobs = [(text, look_for, None) for _, text, look_for in queries]
    began = time.perf_counter()
    matcher = Matcher(sources)
    build_s = time.perf_counter() - began
    began = time.perf_counter()
    results = matcher.match_many(jobs, include_silent=False, workers=2)
    match_2 = time.perf_counter() - began
    passages = sum(len(split_sentences(body)) for body in sources.values())
    line = {"size": f"{articles}x{claims}{' dense' if dense else ''}", "sources": len(sources), "claims": len(jobs), "passages": passages,
            "build_s": round(build_s, 2), "match_s_workers2": round(match_2, 2),
            "build_plus_match_workers2_s": round(build_s + match_2, 2),
            "pairs_judged": matcher.pairs_judged}
    del matcher
    if len(sources) <= workers1_max:
        began = time.perf_counter()
        one = Matcher(sources)
        results_1 = one.match_many(jobs, include_silent=False, workers=1)
        line["build_plus_match_s_workers1"] = round(time.perf_counter() - began, 2)
        line["workers1_identical"] = results_1 == results
        del one, results_1
    line.update(score(sources, queries, gold, results))
    if ungated:
        loose = Matcher(sources, replace(MatchSettings(), min_relevance=0.0))
        began = time.perf_counter()
        loose_results = loose.match_many(jobs, include_silent=False, workers=2)
        line["ungated"] = {"match_s_workers2": round(time.perf_counter() - began, 2),
                           "pairs_judged": loose.pairs_judged, **score(sources, queries, gold, loose_results)}
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    line["peak_rss_mib"] = round(rss / 1024, 1)
    return line


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000x200,10000x2000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench/out")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one size here
    parser.add_argument("--ungated", action="store_true", help="also run the smallest size ungated (slow)")
    parser.add_argument("--dense", action="store_true", help="the wire-feed corpus (make_corpus.py --dense)")
    parser.add_argument("--workers1-max-sources", type=int, default=2000,
                        help="time workers=1 only for corpora of at most this many sources")
    args = parser.parse_args(argv[1:])
    if args.one:
        n, m = (int(x) for x in args.one.split("x"))
        print(json.dumps(run_size(n, m, args.seed, args.workdir, args.ungated, args.workers1_max_sources,
                                  args.dense)), flush=True)
        return 0
    sizes = args.sizes.split(",")
    smallest = min(sizes, key=lambda s: int(s.split("x")[0]))
    for size in sizes:
        cmd = [sys.executable, __file__, "--one", size, "--seed", str(args.seed), "--workdir", str(args.workdir),
               "--workers1-max-sources", str(args.workers1_max_sources)] + (["--dense"] if args.dense else [])
        subprocess.run(cmd + (["--ungated"] if args.ungated and size == smallest else []), check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
