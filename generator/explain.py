"""`factcheck explain`: how the matcher ruled on one claim, source by source, silent
sources included: the stance and its confidence, the nearest passages with their
scores, what the judge read (its features) and what fell short."""

from __future__ import annotations

import textwrap

from .model import Content
from .review import _full_matcher


def explain(content: Content, claim_id: str) -> str:
    claims = [c for c in content.claims if c.id == claim_id]
    if not claims:
        from .diagnostics import did_you_mean

        raise KeyError(f'no claim with id "{claim_id}"{did_you_mean(claim_id, (c.id for c in content.claims))}')
    claim = claims[0]
    matcher = _full_matcher(content)
    ids = sorted(claim.source_ids) if claim.source_ids is not None else None
    matches = matcher.match(claim.text, claim.look_for, ids, include_silent=True)
    lines = [f"{claim.id}: {claim.text}"]
    if claim.look_for:
        lines.append("  also looking for: " + "; ".join(claim.look_for))
    for match in matches:
        ruling = claim.ruling(match.source_id)
        lines.append("")
        if ruling is not None:
            lines.append(f"[{match.source_id}] {ruling.stance.value.upper()} (editor's ruling); the matcher "
                         f"proposed {match.stance.value} with confidence {match.confidence:.2f}")
            if ruling.quote:
                lines.append(f"  editor's quote (the evidence shown): {ruling.quote}")
            if ruling.note:
                lines.append(f"  editor's note: {ruling.note}")
        else:
            lines.append(f"[{match.source_id}] {match.stance.value.upper()} (automatic, not reviewed), "
                         f"confidence {match.confidence:.2f}, relevance {match.score:.1f}")
        for reason in match.reasons:
            lines.append(f"  - {reason}")
        for conflict in match.conflicts:
            lines.append(f"  conflict ({conflict.kind}): claim says {conflict.claim_value!r}, "
                         f"source says {conflict.source_value!r}")
        if match.evidence is not None:
            lines.append(f"  evidence [{match.evidence.start}:{match.evidence.end}]:")
            lines.extend(textwrap.wrap(match.evidence_text or "", 96, initial_indent="    ",
                                       subsequent_indent="    "))
        if match.candidates:
            lines.append("  nearest passages:" if match.evidence is None else "  top passages:")
            for rank, candidate in enumerate(match.candidates, start=1):
                snippet = candidate.text if len(candidate.text) <= 90 else candidate.text[:87] + "..."
                lines.append(f"    {rank}. {candidate.score:5.1f} [{candidate.span.start}:{candidate.span.end}] {snippet}")
        if match.features:
            shown = [f"{name}={value:g}" for name, value in match.features if value]
            lines.extend(textwrap.wrap("features: " + ", ".join(shown), 96, initial_indent="  ",
                                       subsequent_indent="    "))
    return "\n".join(lines) + "\n"
