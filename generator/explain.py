"""`factcheck explain`: how the matcher ruled on one claim, source by source."""

from __future__ import annotations

import textwrap

from .review import match_claims
from .model import Content


def explain(content: Content, claim_id: str) -> str:
    claims = [c for c in content.claims if c.id == claim_id]
    if not claims:
        from .diagnostics import did_you_mean

        raise KeyError(f'no claim with id "{claim_id}"{did_you_mean(claim_id, (c.id for c in content.claims))}')
    single = Content(site=content.site, sources=content.sources, claims=tuple(claims))
    (review,) = match_claims(single)
    claim = review.claim
    lines = [f"{claim.id}: {claim.text}"]
    if claim.look_for:
        lines.append("  also looking for: " + "; ".join(claim.look_for))
    for finding in review.findings:
        match = finding.match
        origin = "editor's ruling" if finding.origin == "editor" else "automatic"
        lines.append("")
        lines.append(f"[{finding.source.id}] {finding.stance.value.upper()} ({origin}), score {match.score:.1f}")
        if finding.origin == "editor":
            lines.append(f"  the matcher said: {match.stance.value}")
            if finding.note:
                lines.append(f"  editor's note: {finding.note}")
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
            lines.append("  top candidates:")
            for rank, candidate in enumerate(match.candidates, start=1):
                snippet = candidate.text if len(candidate.text) <= 90 else candidate.text[:87] + "..."
                lines.append(f"    {rank}. {candidate.score:5.1f} [{candidate.span.start}:{candidate.span.end}] {snippet}")
                for reason in candidate.reasons:
                    lines.append(f"         {reason}")
    return "\n".join(lines) + "\n"
