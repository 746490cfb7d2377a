"""Diagnostics: what is wrong with the content, where, and what to do.

Every problem found while loading is collected as a `Diagnostic` instead of being
raised, so one run of `factcheck check` reports all of them, each as
`path:line:col: severity: message` (the format compilers and editors understand).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    message: str
    # whether `--strict` makes this warning an error: every warning but the unknown keys of
    # a source's front matter (an imported article's extra metadata must not fail a deploy)
    strict: bool = field(default=True, compare=False)

    def fails(self, strict: bool) -> bool:
        """Whether this diagnostic fails a build (with `strict`: `--strict`)."""
        return self.severity == "error" or (strict and self.strict)

    def __str__(self) -> str:
        # one line, printable whatever the path or message holds (a file name with an
        # undecodable byte, a value with a newline or a lone surrogate)
        return f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {printable(self.message)}"


class ContentError(Exception):
    """The content has errors; nothing was written."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


QUOTE_LIMIT = 80  # characters of a value quoted in a message

# characters that would break a diagnostic's line or its printing: controls, line and
# paragraph separators, lone surrogates, unassigned and private-use code points
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(match.group()) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` on one line: control characters, separators and lone surrogates escaped."""
    return _UNPRINTABLE.sub(_escape, text) if not text.isprintable() else text


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as quoted in a message: in double quotes, on one line, and cut short after
    `limit` characters with an ellipsis (a file linked by mistake to a key or a log must
    not be printed whole into a CI log)."""
    text = str(value)
    cut = len(text) > limit
    text = printable(text[:limit])
    return f'"{text}…"' if cut else f'"{text}"'


_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
                  0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x85: "NEXT LINE"}


def describe_char(char: str) -> str:
    """'U+000C (FORM FEED)' or 'U+D800 (a lone surrogate)'."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate)"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a choice is close to `word`, else ''."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]
