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
    kinds: list[str | None] = [None] * (end - start)
    for mark_start, mark_end, kind in marks:
        for i in range(max(mark_start, start), min(mark_end, end)):
            current = kinds[i - start]
            if current is None or priority[kind] > priority[current]:
                kinds[i - start] = kind
    result: list[Segment] = []
    run_start = start
    for i in range(start, end + 1):
        if i == end or (i > run_start and kinds[i - start] != kinds[run_start - start]):
            if i > run_start:
                result.append(Segment(body[run_start:i], kinds[run_start - start]))
            run_start = i
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
