"""`factcheck review`: the automatic stances no editor has confirmed, and editors' rulings
written into the claims files; and `check`'s warnings for verdicts the sources contradict.

Rulings are written with ruamel.yaml's round trip: the file keeps its comments, its order,
its quoting and its indentation (guessed from the file); only the claim's `stances:` entry
for the source changes (and `stances:` itself is added at the end of the claim when the
claim has none).
"""

from __future__ import annotations

import dataclasses
import io
import os
import tempfile
import textwrap
from pathlib import Path

from .diagnostics import Diagnostic, did_you_mean, quoted
from .matching import Stance
from .model import Claim, Content, Finding, Review

STANCES = tuple(s.value for s in Stance)


class RulingError(Exception):
    """A ruling that cannot be written (one line for the editor)."""


# --- The list ---------------------------------------------------------------------


def unreviewed(reviews: tuple[Review, ...]) -> list[tuple[Review, Finding]]:
    """Every automatic stance of the claims' checked sources no editor has ruled on (the
    sources that speak to a claim, and the silent ones it names), least confident first."""
    pending = [(review, finding) for review in reviews for finding in review.findings if not finding.reviewed]
    return sorted(pending, key=lambda item: (item[1].automatic.confidence, item[0].claim.id, item[1].source.id))


def format_unreviewed(pending: list[tuple[Review, Finding]]) -> str:
    """One block per stance: `CLAIM SOURCE STANCE CONFIDENCE`, then where the claim is, the
    passage and the conflicts the matcher found."""
    blocks = []
    for review, finding in pending:
        match, claim = finding.automatic, review.claim
        lines = [f"{claim.id} {finding.source.id} {match.stance.value} {match.confidence:.2f}",
                 f"  claim ({claim.path}:{claim.line}): {claim.text}"]
        body = finding.source.body
        if match.evidence is not None:
            passage, label = body[match.evidence.start:match.evidence.end], "passage"
        elif match.candidates:
            near = match.candidates[0].span
            passage, label = body[near.start:near.end], "nearest passage"
        else:
            passage, label = None, None
        if passage is not None:
            lines += textwrap.wrap(" ".join(passage.split()), 96, initial_indent=f"  {label}: ",
                                   subsequent_indent="    ")
        else:
            lines.append("  no passage comes near the claim")
        for conflict in match.conflicts:
            lines.append(f"  conflict ({conflict.kind}): the claim says {conflict.claim_value!r},"
                         f" the source says {conflict.source_value!r}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


# --- Contradicted verdicts ----------------------------------------------------------


def verdict_sides(content: Content) -> dict[str, Stance]:
    """The verdicts that take a side, by rating key: the truest rating (the highest value)
    contradicted by a source that differs, the falsest (the lowest value) by a source that
    agrees. A rating off the scale (no value, such as the default unproven) takes no side."""
    sided = [r for r in content.site.ratings if r.value is not None]
    if len(sided) < 2:
        return {}
    high, low = max(r.value for r in sided), min(r.value for r in sided)
    sides = {r.key: Stance.DIFFERS for r in sided if r.value == high}
    sides.update({r.key: Stance.AGREES for r in sided if r.value == low})
    return sides


def contradictions(content: Content, reviews: tuple[Review, ...]) -> list[Diagnostic]:
    """A warning at a claim's verdict when sources contradict it: by an editor's ruling (a
    warning --strict makes an error), or by an automatic stance at least `confident_above`
    confident (one it does not: the matcher may be wrong, and `factcheck review set` says so)."""
    sides = verdict_sides(content)
    found = []
    for review in reviews:
        claim = review.claim
        against = sides.get(claim.verdict or "")
        if against is None:
            continue
        ruled, confident = [], []
        for finding in review.findings:
            if finding.reviewed and finding.stance is against:
                ruled.append(f"{finding.source.id} (editor's ruling)")
            elif not finding.reviewed and finding.automatic.stance is against and \
                    finding.automatic.confidence >= content.site.confident_above:
                confident.append(f"{finding.source.id} (automatic, confidence {finding.automatic.confidence:.2f})")
        if not ruled and not confident:
            continue
        label = content.site.rating(claim.verdict).label  # type: ignore[union-attr]
        line, column = claim.verdict_position or (claim.line, 1)
        found.append(Diagnostic(
            claim.path, line, column, "warning",
            f'verdict {quoted(claim.verdict)} ({label}) of claim {quoted(claim.id)} is contradicted by sources that'
            f" {against.value[:-1]}: {', '.join(ruled + confident)}; check the verdict, or rule on the sources"
            " (factcheck review set CLAIM SOURCE STANCE)", strict=bool(ruled)))
    return found


# --- Writing a ruling ---------------------------------------------------------------


def find_claim(content: Content, claim_id: str) -> Claim:
    for claim in content.claims:
        if claim.id == claim_id:
            return claim
    raise RulingError(f"no claim with id {quoted(claim_id)}{did_you_mean(claim_id, (c.id for c in content.claims))}")


def check_source(content: Content, claim: Claim, source_id: str) -> None:
    ids = [s.id for s in content.sources]
    if source_id not in ids:
        raise RulingError(f"no source with id {quoted(source_id)}{did_you_mean(source_id, ids)}")
    if claim.source_ids is not None and source_id not in claim.source_ids:
        raise RulingError(f"claim {quoted(claim.id)} does not check source {quoted(source_id)}: add it to the"
                          " claim's sources first")


def write_ruling(path: Path, claim_id: str, source_id: str, stance: str, quote: str | None = None,
                 note: str | None = None) -> str:
    """Write the ruling on `source_id` into claim `claim_id` of the claims file `path`,
    replacing any ruling on that source (a quote or note it had is kept unless a new one
    is given); returns what the entry was before ('' for none). The file is replaced
    atomically, keeping its mode, BOM and line endings."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        _, indent, offset = load_yaml_guess_indent(text)
        yaml = YAML()  # round trip
        yaml.preserve_quotes = True
        yaml.width = 1 << 16  # never fold a long line
        offset = offset or 0
        indent = indent or 2
        yaml.indent(mapping=max(2, indent - offset) if offset else indent, sequence=indent, offset=offset)
        data = yaml.load(text)
    except YAMLError as exc:
        raise RulingError(f"{path}: cannot read it as YAML ({exc})") from None
    claims = data.get("claims") if isinstance(data, dict) else None
    item = next((c for c in claims or () if isinstance(c, dict) and str(c.get("id")) == claim_id), None)
    if item is None:
        raise RulingError(f"{path}: no claim with id {quoted(claim_id)} in this file")
    # the blank line or comment after the claim's last value stays after it, wherever the ruling goes
    trailing = _take_trailing_comment(item)
    stances = item.get("stances")
    if stances is None:
        stances = item["stances"] = CommentedMap()
    old = stances.get(source_id)
    before = ""
    if isinstance(old, dict):
        before = ", ".join(f"{k}: {v}" for k, v in old.items())
        entry = old
        entry["stance"] = stance
    else:
        entry = stances[source_id] = CommentedMap([("stance", stance)])
    if quote is not None:
        entry["quote"] = quote
    if note is not None:
        entry["note"] = note
    if stance == "silent" and "quote" in entry and quote is None:
        del entry["quote"]  # a silent source has no passage to quote
    if trailing is not None:
        _put_trailing_comment(item, trailing)
    out = io.StringIO()
    yaml.dump(data, out)
    written = out.getvalue()
    if crlf:
        written = written.replace("\n", "\r\n")
    _replace(path, (b"\xef\xbb\xbf" if bom else b"") + written.encode("utf-8"))
    return before


def _deepest_last(node):
    """(container, key or index) of the last value of a block mapping or list, deepest first."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[last]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
            node = value
            continue
        return node, last


def _slot(node) -> int:
    """Where ruamel keeps the comment after a value: 2 in a mapping, 0 in a list."""
    from ruamel.yaml.comments import CommentedMap

    return 2 if isinstance(node, CommentedMap) else 0


def _take_trailing_comment(item):
    """Remove and return what follows the claim's last value (blank lines, comment lines):
    a key appended after that value must come before it, or the blank line between two
    claims would move into the claim. Returns (where it was, the comment token) or None."""
    if not item:
        return None
    node, last = _deepest_last(item)
    slots = node.ca.items.get(last)
    if not slots or slots[_slot(node)] is None:
        return None
    token = slots[_slot(node)]
    slots[_slot(node)] = None
    return node, last, token


def _put_trailing_comment(item, taken) -> None:
    """Put what _take_trailing_comment took after the claim's last value, which may now be
    another one: there, a comment at the end of the old last line stays where it was."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    old_node, old_key, token = taken
    node, last = _deepest_last(item)
    if node is old_node and last == old_key:
        node.ca.items.setdefault(last, [None, None, None, None])[_slot(node)] = token
        return
    text = token.value
    if isinstance(old_node[old_key], (FoldedScalarString, LiteralScalarString)):
        moved = "\n" + text  # (a block scalar's own line break is not in the comment)
    else:
        end_of_line, _, rest = text.partition("\n")
        if end_of_line.strip():  # "value  # a comment": that comment stays on its line
            token.value = end_of_line + "\n"
            old_node.ca.items.setdefault(old_key, [None, None, None, None])[_slot(old_node)] = token
        moved = "\n" + rest
    if moved.strip("\n") or moved != "\n":
        from ruamel.yaml.tokens import CommentToken

        node.ca.items.setdefault(last, [None, None, None, None])[_slot(node)] = CommentToken(moved, token.start_mark)


def _replace(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o7777
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(scratch, mode)
        os.replace(scratch, path)
    except BaseException:
        if os.path.exists(scratch):
            os.unlink(scratch)
        raise


def with_claims(content: Content, keep) -> Content:
    """`content` with only the claims `keep` accepts (what `check` matches)."""
    return dataclasses.replace(content, claims=tuple(c for c in content.claims if keep(c)))
