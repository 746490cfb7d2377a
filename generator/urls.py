"""Where each page lives, and links between pages.

Output paths are POSIX paths relative to the site root, built only from validated
ids and slugs, so no page can be written outside the output folder. Links between
pages are relative, so the site works under any base path and from a plain file
server; canonical URLs are absolute, from `base_url`.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from .schema import ID_PATTERN


def slugify(text: str) -> str:
    """A tag's slug, readable in every script: 'Asia-Pacific' -> 'asia-pacific', 'Défense' ->
    'defense', '日本' -> '日本', 'Україна' -> 'україна', 'Ελλάδα' -> 'ελλάδα'.

    Lowercase letters, marks and digits of any script, the runs between them made single
    hyphens; a Latin letter loses its accents (as the slugs of earlier versions did), a
    letter of another script keeps them. Links percent-encode what is not ASCII (`url_of`).
    Two tags with one slug would share a page: loading reports them (load.check_references).
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept, after_latin = [], False
    for char in decomposed:
        category = unicodedata.category(char)
        if category[0] == "M":
            if not after_latin:  # a mark on a Latin letter is its accent: dropped
                kept.append(char)
            continue
        after_latin = char.isascii()
        kept.append(char if category[0] in "LN" else " ")
    words = unicodedata.normalize("NFC", "".join(kept)).split()
    return "-".join(words) or "tag"


def is_slug(text: str) -> bool:
    """Whether `text` is a slug `slugify` makes: letters, marks and digits in words joined by
    single hyphens (no dot, slash, space or control character: safe as a folder name)."""
    return bool(text) and all(
        word and all(unicodedata.category(c)[0] in "LMN" for c in word) for word in text.split("-"))


def _safe(segment: str) -> str:
    if not ID_PATTERN.fullmatch(segment):
        raise ValueError(f"unsafe path segment {segment!r}")
    return segment


def _safe_slug(segment: str) -> str:
    if not is_slug(segment):
        raise ValueError(f"unsafe path segment {segment!r}")
    return segment


def claim_page(claim_id: str) -> str:
    return f"claims/{_safe(claim_id)}/index.html"


def source_page(source_id: str) -> str:
    return f"sources/{_safe(source_id)}/index.html"


def tag_page(tag: str) -> str:
    return f"tags/{_safe_slug(slugify(tag))}/index.html"


def verdict_page(key: str) -> str:
    return f"verdicts/{_safe(key)}/index.html"


def pattern_page(pattern: str) -> str:
    return f"stances/{_safe(pattern)}/index.html"


def paged(path: str, number: int) -> str:
    """Page `number` of a list that starts at `path` (an index.html): the first page is
    `path` itself, the others 'page/<n>/' below it ('matrix/index.html', 2 ->
    'matrix/page/2/index.html'): a file no id or slug makes (a source with the id
    'page' keeps its page at 'sources/page/index.html', beside the list's 'page/2/')."""
    if number == 1:
        return path
    return f"{path[:-len('index.html')]}page/{number}/index.html"


def url_of(path: str) -> str:
    """The URL path of an output file: 'claims/x/index.html' -> 'claims/x/'; what is not
    ASCII percent-encoded ('tags/日本/index.html' -> 'tags/%E6%97%A5%E6%9C%AC/')."""
    if path == "index.html":
        return ""
    url = path[: -len("index.html")] if path.endswith("/index.html") else path
    return url if url.isascii() else quote(url, safe="/")


def relative(from_path: str, to_path: str) -> str:
    """A relative link from the page written at `from_path` to the page/file at `to_path`.

    Always up to the site root, then down: 'claims/x/index.html' -> 'sources/y/index.html'
    gives '../../sources/y/'. Cheap (no path arithmetic) and valid from any depth.
    """
    return ("../" * from_path.count("/") + url_of(to_path)) or "./"


def absolute(base_url: str, path: str) -> str:
    return base_url + url_of(path)


def evidence_anchor(start: int, end: int) -> str:
    """The id of an evidence passage on its source page."""
    return f"ev-{start}-{end}"


def text_fragment(url: str, quote_text: str) -> str:
    """A Text Fragment link (`#:~:text=`) to `quote_text` on the publisher's page.

    Long quotes use the `start,end` form with a few words each side, which browsers
    match more reliably than a long exact string. `-`, `,` and `&` are significant in
    the directive, so every reserved character is percent-encoded.
    """
    words = quote_text.split()
    if not words:
        return url
    encode = lambda s: quote(s, safe="").replace("-", "%2D")  # noqa: E731
    if len(words) <= 8:
        directive = encode(" ".join(words))
    else:
        directive = f"{encode(' '.join(words[:4]))},{encode(' '.join(words[-4:]))}"
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={directive}"

INDEX = "index.html"
MATRIX = "matrix/index.html"
SOURCES = "sources/index.html"
RATINGS = "about/ratings/index.html"
SEARCH = "search/index.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CROSSREF = "crossref.json"
STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"
