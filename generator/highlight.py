"""Turn body offsets (evidence, matched words, conflicts) into marked-up text.

Everything shown is a slice of the source body, escaped; marks only wrap slices.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None  # None (plain), "match" (a word matching the claim), "conflict"


def segments(body: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> tuple[Segment, ...]:
    """Split body[start:end] into plain and marked segments.

    `marks` are (start, end, kind) in body offsets; overlapping marks are resolved
    by priority (a conflict outranks a match), and clipped to [start, end).
    """
    priority = {"conflict": 2, "match": 1}
    cuts = {start, end}
    clipped = []
    for mark_start, mark_end, kind in marks:
        a, b = max(mark_start, start), min(mark_end, end)
        if a < b:
            clipped.append((a, b, kind))
            cuts.update((a, b))
    points = sorted(cuts)
    result: list[Segment] = []
    for a, b in zip(points, points[1:]):
        covering = [kind for s, e, kind in clipped if s <= a and b <= e]
        kind = max(covering, key=priority.__getitem__) if covering else None
        if result and result[-1].kind == kind:
            result[-1] = Segment(result[-1].text + body[a:b], kind)
        else:
            result.append(Segment(body[a:b], kind))
    return tuple(result)


def render_segments(parts: tuple[Segment, ...]) -> Markup:
    """Escaped HTML of segments: matched words in <mark>, conflicts in <mark class=conflict>."""
    html = []
    for part in parts:
        text = escape(part.text)
        if part.kind == "match":
            html.append(Markup('<mark class="hl">{}</mark>').format(text))
        elif part.kind == "conflict":
            html.append(Markup('<mark class="conflict">{}</mark>').format(text))
        else:
            html.append(text)
    return Markup("").join(html)
