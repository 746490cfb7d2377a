"""Evaluate the claim matcher against a gold set (format: /work/shared/eval/README.md).

Over every (claim, source) pair: stance accuracy, macro-F1 and per-stance
precision/recall/F1, the confusion matrix, and evidence recall@1 (over pairs whose
gold stance is not silent: the reported evidence is a verbatim body slice of at most
600 characters covering at least half of the gold evidence span).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from generator.frontmatter import split_front_matter
from generator.matching import Matcher, MatchSettings, Stance

STANCES = (Stance.AGREES.value, Stance.DIFFERS.value, Stance.SILENT.value)
MAX_EVIDENCE_CHARS = 600


@dataclass(frozen=True)
class StanceScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Miss:
    claim_id: str
    claim: str
    source_id: str
    gold_stance: str
    predicted_stance: str
    evidence_hit: bool | None  # None when the gold stance is silent
    predicted_evidence: str | None
    gold_evidence: str | None


@dataclass(frozen=True)
class EvalReport:
    pairs: int
    accuracy: float
    macro_f1: float
    per_stance: dict[str, StanceScores]
    confusion: dict[str, dict[str, int]]  # gold stance -> predicted stance -> count
    evidence_recall_at_1: float
    evidence_pairs: int
    evidence_hits: int
    misses: tuple[Miss, ...]
    seconds: float = 0.0  # time spent building the matcher and matching
    extra: dict = field(default_factory=dict)


def load_eval_sources(directory: str | Path) -> dict[str, str]:
    """Source id (file stem) -> body of every `*.md` file in `directory`."""
    sources = {}
    for path in sorted(Path(directory).glob("*.md")):
        sources[path.stem] = split_front_matter(path.read_text(encoding="utf-8")).body
    return sources


def load_eval_dates(directory: str | Path) -> dict[str, dt.date | None]:
    """Source id -> its front matter's `published` date (relative dates resolve against it)."""
    dates = {}
    for path in sorted(Path(directory).glob("*.md")):
        split = split_front_matter(path.read_text(encoding="utf-8"))
        try:
            meta = yaml.safe_load(split.meta or "") or {}
        except yaml.YAMLError:
            meta = {}
        value = meta.get("published") if isinstance(meta, dict) else None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                value = None
        if isinstance(value, dt.datetime):
            value = value.date()
        dates[path.stem] = value if isinstance(value, dt.date) else None
    return dates


def load_gold(path: str | Path) -> list[dict]:
    """The `claims:` list of a gold file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    claims = data.get("claims") or []
    for claim in claims:
        if "id" not in claim or "claim" not in claim or "sources" not in claim:
            raise ValueError(f"gold claim without id/claim/sources: {claim!r}")
    return claims


def evidence_hit(body: str, start: int | None, end: int | None, text: str | None, gold_evidence: str) -> bool:
    """The README's rule: verbatim slice, <= 600 chars, covering half the gold span."""
    if start is None or end is None or text is None:
        return False
    if body[start:end] != text or end - start > MAX_EVIDENCE_CHARS:
        return False
    gold_start = body.find(gold_evidence)
    if gold_start < 0:
        return False
    gold_end = gold_start + len(gold_evidence)
    overlap = min(end, gold_end) - max(start, gold_start)
    return overlap * 2 >= len(gold_evidence)


def _scores(confusion: dict[str, dict[str, int]]) -> dict[str, StanceScores]:
    out = {}
    for stance in STANCES:
        tp = confusion[stance][stance]
        predicted = sum(confusion[g][stance] for g in STANCES)
        support = sum(confusion[stance].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[stance] = StanceScores(round(precision, 4), round(recall, 4), round(f1, 4), support)
    return out


def run_eval(sources_dir: str | Path, gold_path: str | Path, settings: MatchSettings = MatchSettings()) -> EvalReport:
    sources = load_eval_sources(sources_dir)
    gold = load_gold(gold_path)
    began = time.perf_counter()
    matcher = Matcher(sources, settings, published=load_eval_dates(sources_dir))
    confusion = {g: {p: 0 for p in STANCES} for g in STANCES}
    confidences: list[tuple[float, bool]] = []
    misses: list[Miss] = []
    evidence_pairs = evidence_hits = correct = pairs = 0
    for claim in gold:
        source_ids = [s for s in claim["sources"] if s in sources]
        for match in matcher.match(claim["claim"], source_ids=source_ids):
            expected = claim["sources"][match.source_id]
            gold_stance = expected["stance"]
            predicted = match.stance.value
            pairs += 1
            confusion[gold_stance][predicted] += 1
            correct += gold_stance == predicted
            confidences.append((match.confidence, gold_stance == predicted))
            hit = None
            if gold_stance != Stance.SILENT.value:
                evidence_pairs += 1
                ev = match.evidence
                hit = evidence_hit(sources[match.source_id], ev and ev.start, ev and ev.end,
                                   match.evidence_text, expected.get("evidence", ""))
                evidence_hits += hit
            if gold_stance != predicted or hit is False:
                misses.append(Miss(claim["id"], claim["claim"], match.source_id, gold_stance, predicted,
                                   hit, match.evidence_text, expected.get("evidence")))
    seconds = time.perf_counter() - began
    per_stance = _scores(confusion)
    present = [s for s in STANCES if per_stance[s].support or sum(confusion[g][s] for g in STANCES)]
    macro = sum(per_stance[s].f1 for s in present) / len(present) if present else 0.0
    return EvalReport(
        pairs=pairs,
        accuracy=round(correct / pairs, 4) if pairs else 0.0,
        macro_f1=round(macro, 4),
        per_stance=per_stance,
        confusion=confusion,
        evidence_recall_at_1=round(evidence_hits / evidence_pairs, 4) if evidence_pairs else 0.0,
        evidence_pairs=evidence_pairs,
        evidence_hits=evidence_hits,
        misses=tuple(misses),
        seconds=round(seconds, 4),
        extra={"calibration": calibration(confidences)},
    )


def calibration(confidences: list[tuple[float, bool]], bins: int = 10) -> dict:
    """Expected calibration error of the stances' confidences over ten equal-width bins,
    with the table (the metric of ../shared/eval/README.md)."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in confidences if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(ok for _, ok in inside) / len(inside)
            ece += len(inside) / len(confidences) * abs(mean - accuracy)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "pairs": len(inside), "mean_confidence": round(mean, 3),
                          "accuracy": round(accuracy, 3)})
    return {"ece": round(ece, 3), "bins": table}


def pooled(reports: list[EvalReport]) -> EvalReport:
    """The reports of several stories as one (pairs summed)."""
    confusion = {g: {p: sum(r.confusion[g][p] for r in reports) for p in STANCES} for g in STANCES}
    pairs = sum(r.pairs for r in reports)
    per_stance = _scores(confusion)
    hits, total = sum(r.evidence_hits for r in reports), sum(r.evidence_pairs for r in reports)
    return EvalReport(pairs, round(sum(confusion[s][s] for s in STANCES) / pairs, 4) if pairs else 0.0,
                      round(sum(v.f1 for v in per_stance.values()) / 3, 4), per_stance, confusion,
                      round(hits / total, 4) if total else 0.0, total, hits,
                      tuple(m for r in reports for m in r.misses), round(sum(r.seconds for r in reports), 4))


def report_to_dict(report: EvalReport) -> dict:
    data = asdict(report)
    data["misses"] = [asdict(m) for m in report.misses]
    return data


def format_report(report: EvalReport) -> str:
    lines = [
        f"pairs: {report.pairs}",
        f"stance accuracy: {report.accuracy:.3f}",
        f"stance macro-F1: {report.macro_f1:.3f}",
        f"evidence recall@1: {report.evidence_recall_at_1:.3f} ({report.evidence_hits}/{report.evidence_pairs})",
        f"matching time: {report.seconds:.3f}s",
        *([f"calibration: expected calibration error {report.extra['calibration']['ece']:.3f}"]
          if report.extra.get("calibration") else []),
        "",
        f"{'stance':<9}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}",
    ]
    for stance, s in report.per_stance.items():
        lines.append(f"{stance:<9}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.support:>9}")
    lines += ["", "confusion (rows gold, columns predicted):", " " * 9 + "".join(f"{p:>9}" for p in STANCES)]
    for g in STANCES:
        lines.append(f"{g:<9}" + "".join(f"{report.confusion[g][p]:>9}" for p in STANCES))
    lines += ["", f"misses ({len(report.misses)}):"]
    for m in report.misses:
        evidence = {None: "", True: " evidence hit", False: " evidence MISS"}[m.evidence_hit]
        lines.append(f"- {m.claim_id} @ {m.source_id}: gold {m.gold_stance}, predicted {m.predicted_stance}{evidence}")
        lines.append(f"    claim: {m.claim}")
        if m.predicted_evidence is not None:
            lines.append(f"    predicted evidence: {m.predicted_evidence}")
        if m.gold_evidence is not None:
            lines.append(f"    gold evidence: {m.gold_evidence}")
    return "\n".join(lines)
