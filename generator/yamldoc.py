"""Parse YAML into position-carrying nodes, reporting syntax errors as diagnostics.

We validate the composed node tree rather than constructed Python objects so that
every diagnostic can name the line and column of the offending key or value.
Loading is always safe: `yaml.SafeLoader` builds no arbitrary objects.
"""

from __future__ import annotations

import bisect
import re

import yaml

from .diagnostics import Diagnostic, quoted


# libyaml's composer is ~10x faster than the pure-Python one and gives the same marks;
# both are safe loaders (no arbitrary Python objects).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based (line, column) of a node's start."""
    return node.start_mark.line + 1, node.start_mark.column + 1


# YAML breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR too, and counts its
# marks' lines so; the files' lines end at \n only (an editor shows U+2028 inside a line).
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Lines:
    """(line, column) of a character offset, lines ending at \n only."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def mark(self, mark: yaml.Mark) -> yaml.Mark:
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return yaml.Mark(mark.name, mark.index, line, mark.index - self.starts[line], None, None)


def _file_marks(node: yaml.Node, text: str) -> None:
    """Give every node of the tree the marks of its place in the file's own lines (only
    needed when `text` holds one of YAML's other line breaks)."""
    lines, seen, todo = _Lines(text), set(), [node]
    while todo:
        item = todo.pop()
        if id(item) in seen:  # an alias: the very node again
            continue
        seen.add(id(item))
        item.start_mark, item.end_mark = lines.mark(item.start_mark), lines.mark(item.end_mark)
        if isinstance(item, yaml.MappingNode):
            todo.extend(part for pair in item.value for part in pair)
        elif isinstance(item, yaml.SequenceNode):
            todo.extend(item.value)


def _file_mark(mark: yaml.Mark | None, text: str) -> yaml.Mark | None:
    return _Lines(text).mark(mark) if mark is not None and _OTHER_BREAKS.search(text) else mark


_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ \t]+([^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*?)[ \t]*")
_NOT_PLAIN = re.compile(r": |:$|\s#|^(?:~|null|Null|NULL|<<)$")


def _compose_simple(text: str, line_offset: int) -> yaml.Node | None:
    """A node tree for the commonest front matter, one `key: plain value` per line, without
    the YAML parser (a large archive has thousands of these); None for anything else."""
    pairs = []
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or _NOT_PLAIN.search(match.group(2)):
            return None
        row = number + line_offset

        def mark(column: int) -> yaml.Mark:
            return yaml.Mark("<front matter>", 0, row, column, None, None)

        key, value = match.group(1), match.group(2)
        value_column = match.start(2)
        pairs.append((yaml.ScalarNode("tag:yaml.org,2002:str", key, mark(0), mark(len(key))),
                      yaml.ScalarNode("tag:yaml.org,2002:str", value, mark(value_column),
                                      mark(value_column + len(value)))))
    if not pairs:
        return None
    first = pairs[0][0].start_mark
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, first, pairs[-1][1].end_mark)


def compose(text: str, path: str, line_offset: int = 0) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Compose `text` into a node tree; a syntax error becomes one diagnostic.

    `line_offset` shifts reported lines, for YAML embedded in a larger file (front matter):
    the text is padded with that many empty lines, so every mark is already right.
    """
    simple = _compose_simple(text, line_offset)
    if simple is not None:
        return simple, []
    text = "\n" * line_offset + text
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        node = None  # fall through: the pure-Python parser reports errors more helpfully
    else:
        if node is not None and _OTHER_BREAKS.search(text):
            _file_marks(node, text)
        return node, []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # the composer recurses once a level: hundreds of [ or - deep
        return None, [_too_deep(text, path)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        message = f"YAML syntax error: {problem}{context}; fix the YAML at this position"
        if exc.context_mark is not None and "<stream end>" in problem:
            # Something opened (a bracket, a quote) was never closed: where it opened is what to fix.
            mark = exc.context_mark
            message = f"YAML syntax error: {problem}{context}: this is never closed; close it"
        mark = _file_mark(mark, text)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(path, line, column, "error", message)]
    except yaml.YAMLError as exc:  # errors without a position (rare: reader errors)
        return None, [Diagnostic(path, 1 + line_offset, 1, "error", f"YAML error: {exc}")]
    if node is not None and _OTHER_BREAKS.search(text):
        _file_marks(node, text)
    return node, []


MAX_DEPTH = 100  # levels of nesting: the content's schemas need five


def _too_deep(text: str, path: str) -> Diagnostic:
    """Where the YAML first nests deeper than MAX_DEPTH (the parser, unlike the composer,
    does not recurse)."""
    depth, mark = 0, None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    mark = _file_mark(mark, text)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Diagnostic(path, line, column, "error",
                      f"YAML nested more than {MAX_DEPTH} levels deep; nothing here needs more than a few")


def describe(node: yaml.Node) -> str:
    """How a node reads to an editor, for 'expected X, got Y' messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing (null)"
    return quoted(node.value)
