"""Run the matcher on the development gold set and print the figures.

Usage: python bench/eval_dev.py [EVAL_DIR]   (default: ../shared/eval/seeds next to the repo)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.evaluate import format_report, load_eval_sources, load_gold, run_eval  # noqa: E402
from generator.matching import Matcher  # noqa: E402


def main(argv: list[str]) -> int:
    eval_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared/eval/seeds"
    report = run_eval(eval_dir / "sources", eval_dir / "gold.yaml")
    print(format_report(report))
    # timing of the matcher alone, averaged over a few runs
    sources = load_eval_sources(eval_dir / "sources")
    claims = [c["claim"] for c in load_gold(eval_dir / "gold.yaml")]
    runs = 5
    began = time.perf_counter()
    for _ in range(runs):
        matcher = Matcher(sources)
        for claim in claims:
            matcher.match(claim)
    per_run = (time.perf_counter() - began) / runs
    print(f"\nindex + match {len(claims)} claims x {len(sources)} sources: {per_run * 1000:.1f} ms per run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
