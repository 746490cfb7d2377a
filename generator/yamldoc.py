"""Parse YAML into position-carrying nodes, reporting syntax errors as diagnostics.

We validate the composed node tree rather than constructed Python objects so that
every diagnostic can name the line and column of the offending key or value.
Loading is always safe: `yaml.SafeLoader` builds no arbitrary objects.
"""

from __future__ import annotations

import yaml

from .diagnostics import Diagnostic


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based (line, column) of a node's start."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def compose(text: str, path: str, line_offset: int = 0) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Compose `text` into a node tree; a syntax error becomes one diagnostic.

    `line_offset` shifts reported lines, for YAML embedded in a larger file (front matter).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        message = f"YAML syntax error: {problem}{context}; fix the YAML at this position"
        if exc.context_mark is not None and "<stream end>" in problem:
            # Something opened (a bracket, a quote) was never closed: where it opened is what to fix.
            mark = exc.context_mark
            message = f"YAML syntax error: {problem}{context}: this is never closed; close it"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(path, line + line_offset, column, "error", message)]
    except yaml.YAMLError as exc:  # errors without a position (rare: reader errors)
        return None, [Diagnostic(path, 1 + line_offset, 1, "error", f"YAML error: {exc}")]
    if node is not None and line_offset:
        _shift(node, line_offset)
    return node, []


def _shift(node: yaml.Node, lines: int) -> None:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for mark in (current.start_mark, current.end_mark):
            mark.line += lines
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def describe(node: yaml.Node) -> str:
    """How a node reads to an editor, for 'expected X, got Y' messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing (null)"
    return f'"{node.value}"'
