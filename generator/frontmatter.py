"""Split a Markdown file into its YAML front matter and its body.

The body is everything after the line that closes the front matter, unchanged:
evidence offsets (`start`/`end` in crossref.json, the eval format) are Python
string indices into exactly this text, so nothing here may strip or normalise it.
(Line endings are made \n once, when the file is read: `load.decode`, as Python's
text mode does for the eval; the body the site publishes is that text.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrontMatterSplit:
    meta: str | None  # the YAML between the fences; None when the file has none
    body: str  # the text after the closing fence line, unchanged
    meta_line: int  # 1-based line of the first YAML line in the file
    body_line: int  # 1-based line where the body starts in the file
    unclosed: bool = False  # an opening fence without a closing one


def _is_fence(line: str) -> bool:
    return line.rstrip("\r\n").rstrip() == "---"


def split_front_matter(text: str) -> FrontMatterSplit:
    """Return the front matter and body of `text`.

    A file with front matter starts with a `---` line and has a second `---` line
    closing it. A leading UTF-8 BOM is tolerated before the first fence.
    """
    start = 1 if text.startswith("\ufeff") else 0
    # lines end at \n only: str.splitlines also breaks at \f, \x1c-\x1e, \x85, \u2028...
    lines = text[start:].split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or not _is_fence(lines[0]):
        return FrontMatterSplit(meta=None, body=text, meta_line=1, body_line=1)
    offset = start + len(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        if _is_fence(line):
            meta = text[start + len(lines[0]) : offset]
            return FrontMatterSplit(
                meta=meta, body=text[offset + len(line) :], meta_line=2, body_line=number + 1
            )
        offset += len(line)
    return FrontMatterSplit(meta=None, body=text, meta_line=2, body_line=1, unclosed=True)
