"""Render stage: reviews and sources in, a mapping of output path -> bytes out.

Templates get an explicit context built from frozen dataclasses, with
`StrictUndefined` (a typo in a template fails the build) and autoescape on.
Every piece of HTML made here in Python is built from escaped text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import re
import traceback
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlparse

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import urls
from .cache import digest, verified_bytecode_cache
from .highlight import render_segments, segments
from .matching import Stance
from .model import Claim, Content, Finding, Rating, Review, Source
from .structured import claim_review

STANCE_LABELS = {
    Stance.AGREES: "Agrees",
    Stance.DIFFERS: "Differs",
    Stance.SILENT: "Silent",
}
STANCE_SYMBOLS = {Stance.AGREES: "✓", Stance.DIFFERS: "✗", Stance.SILENT: "–"}
SILENT_LISTED = 20  # silent sources named on a claim page; beyond this only their number is given
MATRIX_COLUMNS = 40  # sources shown as columns of the matrix: those bearing on the most claims
# Lists split over pages ("page/2/" and on): a newsroom's archive would otherwise make
# the index, the listings and the matrix pages of megabytes (9 MB for the matrix at 2,000
# claims), and an edit would rewrite all of each.
CLAIMS_PER_PAGE = 100  # claims on a page of the index, of a listing, rows of the matrix
SOURCES_PER_PAGE = 500  # sources on a page of the sources list
PATTERNS = {
    "agree": "Sources agree",
    "differ": "Sources differ",
    "disagree": "Sources disagree with each other",
    "silent": "Sources silent",
}

# Editors' Markdown: CommonMark with raw HTML off, so text can never inject markup;
# markdown-it's link validation already refuses javascript: and data: URLs.
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def markdown(text: str | None) -> Markup:
    return Markup(_markdown.render(text)) if text else Markup("")


def plural(count: int, one: str, many: str) -> str:
    """The count and the phrase in its number: plural(1, "source agrees", "sources agree") is
    "1 source agrees", plural(0, ...) and plural(2, ...) "0 sources agree", "2 sources agree"
    (English: one is the only singular). A template function as well."""
    return f"{count} {one if count == 1 else many}"


def format_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, and what the reader sees in its head."""

    path: str
    title: str
    description: str
    kind: str


@dataclass(frozen=True)
class Pagination:
    """Where a page stands in a list split over pages, and what its pager links to."""

    number: int  # this page's number, from 1
    count: int  # pages in the list
    total: int  # items in the whole list
    first_item: int  # the number of this page's first item in the whole list, from 1
    first: str  # path of the list's first page
    previous: str | None
    next: str | None
    # the pager: (number, path) of the first, the last and the pages near this one;
    # (0, None) where numbers are left out
    links: tuple[tuple[int, str | None], ...]


def paginate(path: str, items: tuple, per_page: int) -> list[tuple[str, tuple, Pagination]]:
    """`items` split over pages of `per_page`: (path, its items, its Pagination) per page,
    the first at `path` (a list with no items still has one, empty page)."""
    count = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, count + 1):
        links: list[tuple[int, str | None]] = []
        shown = {1, count, *range(max(1, number - 2), min(count, number + 2) + 1)}
        for near in range(1, count + 1):
            if near in shown or (near - 1 in shown and near + 1 in shown):  # (a gap of one: its number)
                links.append((near, urls.paged(path, near)))
            elif links[-1][1] is not None:
                links.append((0, None))
        pages.append((urls.paged(path, number), items[(number - 1) * per_page:number * per_page],
                      Pagination(number, count, len(items), (number - 1) * per_page + 1, path,
                                 urls.paged(path, number - 1) if number > 1 else None,
                                 urls.paged(path, number + 1) if number < count else None, tuple(links))))
    return pages


def _numbered(title: str, pagination: Pagination) -> str:
    return title if pagination.number == 1 else f"{title} (page {pagination.number} of {pagination.count})"


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    evidence_html: Markup  # the verbatim quote, matched words and conflicts marked
    passage_anchor: str | None  # the evidence's anchor on its source page
    publisher_link: str | None  # the publisher's page, with a Text Fragment to the quote


@dataclass(frozen=True)
class SourceNote:
    """A margin note on a source page: one evidence passage and the claims it bears on."""

    number: int
    anchor: str
    claims: tuple[tuple[Review, Finding], ...]


@dataclass(frozen=True)
class Block:
    html: Markup
    notes: tuple[SourceNote, ...]


def sort_newest_first(reviews: Iterable[Review]) -> tuple[Review, ...]:
    """Newest fact-checks first; ties keep the editors' order (stable sort)."""

    def key(review: Review) -> dt.date:
        claim = review.claim
        return claim.modified or claim.published or claim.claim_date or dt.date.min

    return tuple(sorted(reviews, key=key, reverse=True))


def finding_view(finding: Finding) -> FindingView:
    match, body = finding.match, finding.source.body
    if match.evidence is None:
        return FindingView(finding, Markup(""), None, None)
    start, end = match.evidence.start, match.evidence.end
    marks = [(h.start, h.end, "match") for h in match.highlights]
    marks += [(c.source_span.start, c.source_span.end, "conflict") for c in match.conflicts if c.source_span]
    html = render_segments(segments(body, start, end, marks))
    passage = urls.evidence_anchor(start, end)
    publisher = urls.text_fragment(finding.source.url, body[start:end]) if finding.source.url else None
    return FindingView(finding, html, passage, publisher)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def source_blocks(source: Source, reviews: tuple[Review, ...]) -> tuple[Block, ...]:
    """The source body as blocks (paragraphs), every evidence passage marked and anchored.

    Paragraphs without evidence are rendered as Markdown; paragraphs with evidence are
    shown verbatim, so the marks sit exactly on the quoted characters.
    """
    body = source.body
    spans = _evidence_on(source, reviews)
    ordered = sorted(spans)
    notes = {span: SourceNote(n, urls.evidence_anchor(*span), tuple(spans[span])) for n, span in
             enumerate(ordered, start=1)}
    blocks = []
    cursor = 0
    pieces = [m.start() for m in _PARAGRAPH_BREAK.finditer(body)] + [len(body)]
    for piece_end in pieces:
        start, end = cursor, piece_end
        cursor = piece_end
        text = body[start:end]
        if not text.strip():
            continue
        inside = [span for span in ordered if span[0] < end and span[1] > start]
        if not inside:
            blocks.append(Block(paragraph(text), ()))
            continue
        html = _marked_paragraph(body, start, end, inside, notes)
        blocks.append(Block(html, tuple(notes[s] for s in inside if start <= s[0] < end)))
    return tuple(blocks)


def _evidence_on(source: Source, reviews: Iterable[Review]) -> dict[tuple[int, int], list[tuple[Review, Finding]]]:
    """The evidence passages marked on the source's page: (start, end) -> the claims
    (review, finding) quoting it."""
    return _evidence_by_source(reviews).get(source.id, {})


def _evidence_by_source(reviews: Iterable[Review]) -> dict[str, dict[tuple[int, int], list[tuple[Review, Finding]]]]:
    """_evidence_on for every source at once: source id -> its marked passages."""
    spans: dict[str, dict[tuple[int, int], list[tuple[Review, Finding]]]] = {}
    for review in reviews:
        for finding in review.findings:
            evidence = finding.match.evidence
            if evidence is not None and finding.stance is not Stance.SILENT:
                spans.setdefault(finding.source.id, {}).setdefault((evidence.start, evidence.end), []).append(
                    (review, finding))
    return spans


def _marked_paragraph(body: str, start: int, end: int, spans: list[tuple[int, int]],
                      notes: dict[tuple[int, int], SourceNote]) -> Markup:
    # Leading/trailing whitespace of the block is not part of what readers see.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    anchors: dict[int, list[SourceNote]] = {}
    for span in spans:
        if start <= span[0] < end:
            anchors.setdefault(span[0], []).append(notes[span])
    # Cut the paragraph where evidence starts or ends and where an anchor goes;
    # each piece is then either inside some evidence span or outside all of them.
    cuts = {start, end, *anchors}
    for span_start, span_end in spans:
        cuts.update(p for p in (span_start, span_end) if start < p < end)
    points = sorted(cuts)
    html: list[Markup] = []
    for a, b in zip(points, points[1:]):
        for note in anchors.get(a, ()):
            # (not in the search index's text: "1The ferry..." would spoil its excerpts)
            html.append(Markup('<a class="passage-anchor" id="{}" href="#note-{}" aria-label="Note {}" '
                               'data-pagefind-ignore><sup>{}</sup></a>').format(note.anchor, note.number, note.number,
                                                                               note.number))
        text = escape(body[a:b])
        if any(s <= a and b <= e for s, e in spans):
            html.append(Markup('<mark class="evidence">{}</mark>').format(text))
        else:
            html.append(text)
    return Markup("<p>{}</p>").format(Markup("").join(html))


# Characters that can start Markdown syntax; a paragraph without them is plain text
# and needs no Markdown parser (most of a news article: a large saving on big sites).
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>!&|~#]|^\s*(?:[-+=]|\d+[.)])|^ {4}|\n\s*(?:[-+=]|\d+[.)])", re.M)


def paragraph(text: str) -> Markup:
    """One paragraph of a source as HTML: plain text is escaped directly, Markdown is rendered."""
    if _MARKDOWN_SYNTAX.search(text):
        return markdown(text)
    return Markup("<p>{}</p>\n").format(" ".join(text.split()))


class Fragments:
    """Pieces of pages rendered once and reused by other pages and later builds (Hugo's
    `partialCached`). A template wraps a piece in

        {% call fragment("name", key, ...) %}...{% endcall %}

    where the keys (strings from the page's context, such as `review_keys[claim.id]`)
    must name everything the piece shows; the templates, the site's configuration, the
    build date and the page's depth (links are relative to it) are added here. On a large
    archive the index, the listings and the matrix repeat every claim's row: a claim edit
    renders one row of each anew instead of thousands.
    """

    def __init__(self, saved: dict[str, dict[str, str]] | None = None):
        self.saved = saved or {}  # page path -> {fragment key: html} of an earlier build
        self.known = {key: html for used in self.saved.values() for key, html in used.items()}
        self.made: dict[str, dict[str, str]] = {}  # the same, for the pages rendered now

    def for_page(self, path: str, scope: str) -> Callable[..., Markup]:
        """The template function `fragment` for rendering the page at `path`."""
        used = self.made[path] = {}

        @jinja2.pass_context
        def fragment(context: jinja2.runtime.Context, name: str, *keys: str, caller: Callable[[], str]) -> Markup:
            if not all(isinstance(k, str) for k in keys):
                raise TypeError(f"fragment {name!r}: keys must be strings (digests from the context)")
            # the template's name too: two templates' fragments of one name are not one
            key = digest(scope, context.name, name, keys)
            html = self.known.get(key)
            if html is None:
                html = self.known[key] = str(caller())
            used[key] = html
            return Markup(html)

        return fragment

    def kept(self, pages: Iterable[str]) -> dict[str, dict[str, str]]:
        """What to keep for the next build: the fragments of each of `pages`, as used now
        or, for a page reused as it was, as saved."""
        return {path: self.made[path] if path in self.made else self.saved[path]
                for path in pages if path in self.made or path in self.saved}


class Renderer:
    """Holds the Jinja environment and renders one page from its template and context."""

    def __init__(self, templates_dir: Path, fragments: Fragments, scope: str, compiled_dir: Path | None = None):
        from .build import template_folders  # build imports this module
        self.fragments = fragments
        self.scope = scope  # what every fragment depends on: common_key()
        self.env = jinja2.Environment(
            # the site's templates file by file, falling back to the shipped set
            loader=jinja2.FileSystemLoader([str(f) for f in template_folders(templates_dir)]),
            # compiled templates kept between builds (Jinja checks each against its
            # template's source, and each file against its checksum): compiling them costs
            # more than rendering a few pages
            bytecode_cache=verified_bytecode_cache(compiled_dir) if compiled_dir else None,
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["date"] = format_date
        self.env.filters["markdown"] = markdown
        self.env.globals.update(
            claim_page=urls.claim_page,
            source_page=urls.source_page,
            tag_page=urls.tag_page,
            verdict_page=urls.verdict_page,
            pattern_page=urls.pattern_page,
            slugify=urls.slugify,
            plural=plural,
            STANCES=tuple(Stance),
            STANCE_LABELS=STANCE_LABELS,
            STANCE_SYMBOLS=STANCE_SYMBOLS,
            PATTERNS=PATTERNS,
            PAGES={
                "index": urls.INDEX, "matrix": urls.MATRIX, "sources": urls.SOURCES, "ratings": urls.RATINGS,
                "search": urls.SEARCH,
                "feed": urls.FEED, "stylesheet": urls.STYLESHEET, "favicon": urls.FAVICON,
                "search_script": "assets/search.js", "pagefind_css": "pagefind/pagefind-ui.css",
                "pagefind_js": "pagefind/pagefind-ui.js",
            },
        )

    def page(self, template: str, page: Page, content: Content, build_date: dt.date | None, **context) -> bytes:
        site = content.site
        if page.kind == "404":
            # Served at any missing URL: links must not be relative to where it is served.
            base_path = urlparse(site.base_url).path or "/"
            link: Callable[[str], str] = lambda target: base_path + urls.url_of(target)  # noqa: E731
        else:
            link = lambda target: urls.relative(page.path, target)  # noqa: E731
        # pages whose links are made alike share fragments
        links_from = base_path if page.kind == "404" else "../" * page.path.count("/")
        html = self.env.get_template(template).render(
            site=site,
            page=page,
            canonical=urls.absolute(site.base_url, page.path),
            link=link,
            fragment=self.fragments.for_page(page.path, digest(self.scope, links_from)),
            absolute=lambda target: urls.absolute(site.base_url, target),
            build_date=build_date,
            **context,
        )
        return html.encode("utf-8")


def rating_of(content: Content, claim: Claim) -> Rating | None:
    return content.site.rating(claim.verdict)


class RenderError(Exception):
    """A template failed; the cause (with its template line in the traceback) is chained."""


@dataclass(frozen=True)
class PageJob:
    """A page to render: its template and context, and `key`, a digest of everything it shows.

    Two builds that give a page the same key give it the same bytes, so the page can
    be reused from the previous site instead of rendered again.
    """

    template: str
    page: Page
    key: str
    context: dict | Callable[[], dict] = field(compare=False, repr=False)  # a callable: built on use
    # A digest of what the search index reads of the page (Pagefind's data-pagefind-body
    # less its data-pagefind-ignore parts), when that is less than `key` covers.
    search_key: str | None = None


def common_key(templates_key: str, site, build_date: dt.date | None) -> str:
    """What every page (and every fragment) depends on: the templates (`templates_key`,
    a digest of their files), the site's settings and the build date."""
    return digest(templates_key, site, build_date)


def plan_pages(content: Content, reviews: tuple[Review, ...], templates_key: str,
               build_date: dt.date | None, search: bool = True) -> list[PageJob]:
    """Every HTML page of the site, with its context and key; nothing is rendered yet.
    `search`: whether the build writes the search index (the search page says so)."""
    site = content.site
    newest = sort_newest_first(reviews)
    site_key = common_key(templates_key, site, build_date)
    review_keys = {r.claim.id: r.key for r in newest}
    jobs: list[PageJob] = []
    # review_keys: a template's fragment showing a claim is keyed by it
    common = dict(reviews=newest, sources=content.sources, review_keys=review_keys)

    listings = list(_listings(content, newest))
    listing_filters = _listing_filters(content, listings)
    lists = [(urls.INDEX, site.title, site.description, "index", None, newest)]
    for kind, key, label, members in listings:
        path = {"tag": urls.tag_page, "verdict": urls.verdict_page, "pattern": urls.pattern_page}[kind](key)
        lists.append((path, f"{label} – {site.title}", f"Fact-checks: {label}", "listing", label, members))
    for first, title, description, kind, label, members in lists:
        for path, shown, pagination in paginate(first, members, CLAIMS_PER_PAGE):
            # a page of a list shows its claims, the filter counts and where it stands in the
            # list: a claim edit re-renders only the pages holding that claim
            key = digest(site_key, path, label, listing_filters, pagination, [review_keys[r.claim.id] for r in shown])
            jobs.append(PageJob("index.html", Page(path, _numbered(title, pagination), description, kind), key,
                                dict(listing=shown, heading=label, filters=listing_filters, pagination=pagination,
                                     **common)))

    for review in newest:
        claim = review.claim
        path = urls.claim_page(claim.id)
        shown = {f.source.id for f in review.findings if _shown(f)}
        silent = tuple(itertools.islice(
            (s for s in content.sources if review.checks(s.id) and s.id not in shown), SILENT_LISTED))
        jobs.append(PageJob(
            "claim.html", Page(path, f"{claim.text} – {site.title}", _describe_claim(content, review), "claim"),
            digest(site_key, review_keys[claim.id], [s.card_key for s in silent]),
            partial(_claim_context, review, silent, max(0, review.checked - len(shown) - len(silent)),
                    urls.absolute(site.base_url, path), site, build_date, common)))

    bearing: dict[str, list[Review]] = {}
    for review in newest:
        for finding in review.findings:
            if finding.stance is not Stance.SILENT:
                bearing.setdefault(finding.source.id, []).append(review)
    evidence = _evidence_by_source(newest) if site.search_full_text else {}
    for source in content.sources:
        path = urls.source_page(source.id)
        related = tuple(bearing.get(source.id, ()))
        jobs.append(PageJob(
            "source.html", Page(path, f"{source.title} – {site.title}", f"{source.outlet or 'Source'}: {source.title}",
                                "source"),
            digest(site_key, source.key, [review_keys[r.claim.id] for r in related]),
            dict(source=source, blocks=_LazyBlocks(source, related), bearing=related, **common),
            # indexing the full text, the search leaves out the claims citing the source
            # (but a paragraph holding evidence is shown verbatim, with its anchors)
            search_key=digest(site_key, source.key, sorted(evidence.get(source.id, ())))
            if site.search_full_text
            else None))

    columns = matrix_columns(content, newest)
    column_cards = digest([s.card_key for s in columns])  # what the matrix shows of its columns
    for path, rows, pagination in paginate(urls.MATRIX, newest, CLAIMS_PER_PAGE):
        jobs.append(PageJob(
            "matrix.html", Page(path, _numbered(f"Claims and sources – {site.title}", pagination),
                                "Every claim against every source, at a glance.", "matrix"),
            digest(site_key, path, column_cards, len(content.sources), pagination,
                   [review_keys[r.claim.id] for r in rows]),
            partial(_matrix_context, columns, rows, pagination, common)))
    for path, shown, pagination in paginate(urls.SOURCES, content.sources, SOURCES_PER_PAGE):
        jobs.append(PageJob(
            "sources.html", Page(path, _numbered(f"Sources – {site.title}", pagination),
                                 "The articles and statements our fact-checks compare.", "sources"),
            digest(site_key, path, pagination, [s.card_key for s in shown]),
            dict(listing=shown, pagination=pagination, **common)))
    jobs.append(PageJob("ratings.html", Page(urls.RATINGS, f"About our ratings – {site.title}",
                                             "What each verdict means and how sources are compared.", "ratings"),
                        digest(site_key, "ratings"), common))
    jobs.append(PageJob("search.html", Page(urls.SEARCH, f"Search – {site.title}", "Search claims and sources.",
                                            "search"), digest(site_key, "search", search),
                        dict(search_index=search, **common)))
    jobs.append(PageJob("404.html", Page(urls.NOT_FOUND, f"Page not found – {site.title}",
                                         "This page does not exist.", "404"), digest(site_key, "404"), common))
    seen: set[str] = set()
    for job in jobs:
        if job.page.path in seen:
            raise RenderError(f"two pages want the same URL /{urls.url_of(job.page.path)}")
        seen.add(job.page.path)
    return jobs


def _shown(finding: Finding) -> bool:
    """Whether a claim page shows the finding as a card (not in the silent list)."""
    return finding.stance is not Stance.SILENT or bool(finding.note) or finding.held


def _claim_context(review: Review, silent: tuple[Source, ...], silent_more: int, url: str, site,
                   build_date: dt.date | None, common: dict) -> dict:
    """A claim page's context, built only when the page is rendered (the quotes' markup
    and the structured data are most of the cost of planning a page)."""
    views = tuple(finding_view(f) for f in review.findings if _shown(f))
    return dict(review=review, findings=views, json_ld=claim_review(site, review.claim, url, build_date),
                silent_sources=silent, silent_more=silent_more, **common)


class _LazyBlocks:
    """A source's marked-up blocks, computed only if the page is actually rendered."""

    def __init__(self, source: Source, related: tuple[Review, ...]):
        self.source, self.related = source, related

    def __iter__(self):
        return iter(source_blocks(self.source, self.related))


# Set in the parent before forking render workers, which inherit it (no pickling of contexts).
_FORK_STATE: tuple | None = None


def _render_indices(indices: list[int]) -> list[tuple[str, bytes, dict[str, str]]]:
    renderer, jobs, content, build_date = _FORK_STATE  # type: ignore[misc]
    pages = [(jobs[i].page.path, _render_one(renderer, jobs[i], content, build_date)) for i in indices]
    return [(path, html, renderer.fragments.made[path]) for path, html in pages]


def _render_one(renderer: Renderer, job: PageJob, content: Content, build_date: dt.date | None) -> bytes:
    try:
        return renderer.page(job.template, job.page, content, build_date,
                             rating=lambda claim: rating_of(content, claim),
                             **(job.context() if callable(job.context) else job.context))
    except Exception as exc:  # any template failure is reported with its template line
        raise RenderError(f"{template_location(exc)}: error: rendering /{urls.url_of(job.page.path)} failed: "
                          f"{type(exc).__name__}: {exc}") from None


def template_location(exc: BaseException) -> str:
    """path:line:col of the template line where a Jinja error happened (Jinja rewrites
    tracebacks so that template lines appear as frames)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}:1"
    location = "templates"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            location = f"{frame.filename}:{frame.lineno}:1"
    return location


def render_pages(jobs: list[PageJob], content: Content, templates_dir: Path, build_date: dt.date | None,
                 workers: int = 1, fragments: Fragments | None = None,
                 templates_key: str | None = None, compiled_dir: Path | None = None) -> dict[str, bytes]:
    """Render `jobs` (in forked workers when there are many), returning path -> bytes.
    `fragments` (reused, and filled with those the pages use) defaults to none saved;
    `templates_key`, the templates' digest plan_pages was given, is computed if not;
    `compiled_dir`, a folder to keep compiled templates in between builds."""
    global _FORK_STATE
    fragments = fragments if fragments is not None else Fragments()
    from .build import templates_digest  # build imports this module
    templates_key = templates_key if templates_key is not None else templates_digest(templates_dir)
    renderer = Renderer(templates_dir, fragments, common_key(templates_key, content.site, build_date), compiled_dir)
    if workers <= 1 or len(jobs) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return {job.page.path: _render_one(renderer, job, content, build_date) for job in jobs}
    _FORK_STATE = (renderer, jobs, content, build_date)
    try:
        chunks = [list(range(i, len(jobs), workers * 8)) for i in range(workers * 8)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            rendered = [item for chunk in pool.map(_render_indices, chunks) for item in chunk]
    finally:
        _FORK_STATE = None
    for path, _, used in rendered:
        fragments.made[path] = used
    return dict(sorted((path, html) for path, html, _ in rendered))


def _matrix_context(columns: tuple[Source, ...], rows: tuple[Review, ...], pagination: Pagination,
                    common: dict) -> dict:
    """A page of the matrix: its columns, and per claim a cell per column: the source's
    Finding, None when it is silent, False when the claim does not check it (looked up
    here rather than in the template: 100 claims x 40 columns is 4,000 cells)."""
    cells = []
    for review in rows:
        found = {f.source.id: f for f in review.findings}
        cells.append((review, tuple(found.get(s.id) if review.checks(s.id) or s.id in found else False
                                    for s in columns)))
    return dict(columns=columns, columns_key=digest([s.id for s in columns]), rows=tuple(cells),
                pagination=pagination, **common)


def matrix_columns(content: Content, reviews: tuple[Review, ...]) -> tuple[Source, ...]:
    """The sources shown as matrix columns: all of them on a small site; on a large one, the
    MATRIX_COLUMNS sources that bear on the most claims (ties by id)."""
    if len(content.sources) <= MATRIX_COLUMNS:
        return content.sources
    bearing: dict[str, int] = {}
    for review in reviews:
        for finding in review.findings:
            if finding.stance is not Stance.SILENT:
                bearing[finding.source.id] = bearing.get(finding.source.id, 0) + 1
    top = sorted(bearing, key=lambda source_id: (-bearing[source_id], source_id))[:MATRIX_COLUMNS]
    return tuple(s for s in content.sources if s.id in set(top))


def _describe_claim(content: Content, review: Review) -> str:
    rating = rating_of(content, review.claim)
    verdict = f"Our verdict: {rating.label}. " if rating else ""
    return (f"{verdict}{plural(review.count(Stance.AGREES), 'source agrees', 'sources agree')}, "
            f"{plural(review.count(Stance.DIFFERS), 'differs', 'differ')}, "
            f"{plural(review.count(Stance.SILENT), 'is silent', 'are silent')}.")


def _listings(content: Content, reviews: tuple[Review, ...]):
    """(kind, key, label, members) for every tag, verdict and stance-pattern page."""
    tags: dict[str, str] = {}
    tagged: dict[str, list[Review]] = {}
    for review in reviews:
        for slug in dict.fromkeys(urls.slugify(tag) for tag in review.claim.tags):
            tagged.setdefault(slug, []).append(review)
        for tag in review.claim.tags:
            tags.setdefault(urls.slugify(tag), tag)
    for slug, tag in sorted(tags.items()):
        yield "tag", tag, f"Tagged “{tag}”", tuple(tagged[slug])
    by_verdict: dict[str | None, list[Review]] = {}
    by_pattern: dict[str, list[Review]] = {}
    for review in reviews:
        by_verdict.setdefault(review.claim.verdict, []).append(review)
        by_pattern.setdefault(review.pattern, []).append(review)
    for rating in content.site.ratings:
        if rating.key in by_verdict:
            yield "verdict", rating.key, f"Rated {rating.label}", tuple(by_verdict[rating.key])
    for pattern, label in PATTERNS.items():
        if pattern in by_pattern:
            yield "pattern", pattern, label, tuple(by_pattern[pattern])


def _listing_filters(content: Content, listings: list) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """The filter links on the index: (path, label, count) per verdict, tag and stance pattern."""
    make = {"tag": urls.tag_page, "verdict": urls.verdict_page, "pattern": urls.pattern_page}
    result: dict[str, tuple[tuple[str, str, int], ...]] = {}
    for kind in ("verdict", "pattern", "tag"):
        entries = []
        for k, key, label, members in listings:
            if k != kind:
                continue
            short = {"verdict": lambda: content.site.rating(key).label, "pattern": lambda: PATTERNS[key],
                     "tag": lambda: key}[kind]()
            entries.append((make[kind](key), short, len(members)))
        result[kind] = tuple(entries)
    return result
