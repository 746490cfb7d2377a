"""The frozen data that flows through the pipeline: load -> match -> render -> write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .cache import digest
from .matching import Match, MatchSettings, Stance


@dataclass(frozen=True)
class Rating:
    key: str
    label: str
    value: float | None  # None: off the scale (e.g. unproven): ClaimReview gives its name and no number
    description: str = ""


DEFAULT_RATINGS: tuple[Rating, ...] = (
    Rating("true", "True", 5, "The claim is accurate and nothing significant is missing."),
    Rating("mostly-true", "Mostly true", 4, "The claim is accurate but needs clarification or context."),
    Rating("mixed", "Mixed", 3, "The claim is partly accurate and partly not."),
    Rating("mostly-false", "Mostly false", 2, "The claim contains an element of truth but misleads."),
    Rating("false", "False", 1, "The claim is not accurate."),
    Rating("unproven", "Unproven", None, "The evidence available does not settle the claim either way."),
)


DEFAULT_MAX_SOURCE_BYTES = 2_000_000  # site.yaml's max_source_bytes


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "en"
    publisher: Publisher | None = None
    ratings: tuple[Rating, ...] = DEFAULT_RATINGS
    matching: MatchSettings = MatchSettings()
    search_full_text: bool = True  # index sources' full text (else titles and the claims they bear on)
    timezone: str = "UTC"  # an IANA name: dates are shown, and the build's date taken, there
    # what readers see of automatic stances no editor reviewed: "all", "confident" (those
    # whose confidence is at least `confident_above`) or "none" (review.shown_unreviewed)
    unreviewed: str = "all"
    confident_above: float = 0.8
    # read by load alone, so left out of repr, and so of the digest of the settings pages depend on
    max_source_bytes: int = field(default=DEFAULT_MAX_SOURCE_BYTES, repr=False, compare=False)

    @property
    def zone(self) -> dt.tzinfo:
        import zoneinfo

        return zoneinfo.ZoneInfo(self.timezone)

    def rating(self, key: str | None) -> Rating | None:
        return next((r for r in self.ratings if r.key == key), None)

    @property
    def best_rating(self) -> float | None:
        """The highest value of the scale's rated ratings (None when none has a value)."""
        return max((r.value for r in self.ratings if r.value is not None), default=None)

    @property
    def worst_rating(self) -> float | None:
        """The lowest value of the scale's rated ratings (those off the scale left out)."""
        return min((r.value for r in self.ratings if r.value is not None), default=None)


@dataclass(frozen=True)
class Source:
    id: str
    path: str  # as shown in diagnostics
    title: str
    body: str  # the text after the front matter, unchanged: evidence offsets index it
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None  # the date in the site's timezone (what pages and the matcher read)
    url: str | None = None
    language: str | None = None
    published_at: dt.date | dt.datetime | None = None  # as written: a date, or a date-time with its zone
    description: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False

    # Digests, computed once: loading stores them in the parsed file the build cache keeps,
    # so a rebuild does not digest the whole archive's text again.
    @cached_property
    def body_key(self) -> str:
        """A digest of the body (what the matcher reads)."""
        return digest(self.body)

    @cached_property
    def key(self) -> str:
        """A digest of everything about the source (the body by its digest)."""
        return digest(self.id, self.path, self.title, self.body_key, self.outlet, self.author, self.published,
                      self.url, self.language, self.published_at, self.description, self.tags, self.draft)

    @cached_property
    def card_key(self) -> str:
        """A digest of what a page citing the source shows of it (not its body)."""
        return digest(self.id, self.title, self.outlet, self.author, self.published, self.url, self.draft)


@dataclass(frozen=True)
class EditorRuling:
    stance: Stance
    note: str | None = None
    quote: str | None = None  # the passage that proves it, as written (found in the body by generator.quotes)


@dataclass(frozen=True)
class Correction:
    """A dated correction of a published fact-check: shown at the top of its page and in the
    feed, and it moves the fact-check's dateModified."""

    date: dt.date  # the date in the site's timezone
    note: str  # Markdown
    date_at: dt.date | dt.datetime | None = None  # as written: a date, or a date-time with its zone


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    path: str
    line: int
    claimant: str | None = None
    claim_date: dt.date | None = None
    appearance: str | None = None
    verdict: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    look_for: tuple[str, ...] = ()
    source_ids: tuple[str, ...] | None = None  # None: check every source
    rulings: tuple[tuple[str, EditorRuling], ...] = ()  # sorted by source id
    published: dt.date | None = None  # dates in the site's timezone
    updated: dt.date | None = None
    published_at: dt.date | dt.datetime | None = None  # as written: a date, or a date-time with its zone
    updated_at: dt.date | dt.datetime | None = None
    draft: bool = False
    corrections: tuple[Correction, ...] = ()  # newest first
    # where `verdict` is written (line, column), for check's warnings; not shown, so not in the digests
    verdict_position: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    @property
    def modified(self) -> dt.date | None:
        """When the fact-check last changed: `updated` or its latest correction, the later."""
        return max((d for d in (self.updated, *(c.date for c in self.corrections)) if d), default=None)

    @property
    def modified_at(self) -> dt.date | dt.datetime | None:
        """`modified` as written: `updated_at` or the latest correction's `date_at`."""
        latest = self.corrections[0] if self.corrections else None
        if latest is not None and (self.updated is None or latest.date > self.updated):
            return latest.date_at or latest.date
        return self.updated_at or self.updated

    def ruling(self, source_id: str) -> EditorRuling | None:
        return dict(self.rulings).get(source_id)


@dataclass(frozen=True)
class Content:
    site: SiteConfig
    sources: tuple[Source, ...]  # sorted by id
    claims: tuple[Claim, ...]  # in the order editors wrote them, files sorted by name

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


@dataclass(frozen=True)
class Finding:
    """What one source says about one claim: the matcher's result and the stance shown."""

    source: Source
    match: Match
    stance: Stance
    origin: Literal["auto", "editor"]
    note: str | None = None  # the editor's note when origin is "editor"
    # the matcher's own result when `match` is not it: an editor's quote makes `match` a
    # copy whose evidence is the quoted span (crossref.json and review show the proposal)
    proposal: Match | None = None
    # an unreviewed automatic stance that site.yaml's `unreviewed` keeps from readers:
    # pages show it as not yet reviewed (its `stance` is silent there), crossref.json
    # gives the matcher's stance (`automatic.stance`) all the same
    held: bool = False

    @property
    def automatic(self) -> Match:
        """What the matcher proposed for this source."""
        return self.proposal or self.match

    @property
    def reviewed(self) -> bool:
        """Whether an editor ruled on this source."""
        return self.origin == "editor"


@dataclass(frozen=True)
class Review:
    """A claim with its findings across sources: everything its page shows.

    `findings` holds the sources that speak to the claim (agree or differ) and any
    source the editor named in `sources:` or ruled on; every other checked source is
    silent. Keeping silent sources implicit keeps a newsroom archive (thousands of
    sources per claim) small in memory and in crossref.json.
    """

    claim: Claim
    findings: tuple[Finding, ...]  # sorted by source id
    checked: int  # how many sources were checked
    # silent sources whose passages came nearest to the claim (the matcher's near
    # misses, for crossref.json and review), sorted by source id; not shown as findings
    nearest: tuple[Finding, ...] = ()

    @cached_property
    def key(self) -> str:
        """A digest of everything the review shows: the claim, and per finding the source's
        card, the match, the stance and its origin (a page showing it is keyed by it)."""
        return digest(self.claim, self.checked, [(f.source.id, f.source.card_key, f.match.key, f.stance, f.origin,
                                                  f.note, f.proposal and f.proposal.key, f.held)
                                                 for f in self.findings])

    @cached_property
    def crossref_key(self) -> str:
        """The key of the claim's line of crossref.json: the review and its near misses
        (which no page shows, so pages are keyed by `key` alone)."""
        return digest(self.key, [(f.source.id, f.match.key) for f in self.nearest])

    def count(self, stance: Stance) -> int:
        explicit = sum(1 for f in self.findings if f.stance is stance)
        return explicit + (self.checked - len(self.findings) if stance is Stance.SILENT else 0)

    def finding(self, source_id: str) -> Finding | None:
        return next((f for f in self.findings if f.source.id == source_id), None)

    def checks(self, source_id: str) -> bool:
        return self.claim.source_ids is None or source_id in self.claim.source_ids

    @property
    def sources_disagree(self) -> bool:
        """Some sources agree with the claim while others contradict it."""
        return self.count(Stance.AGREES) > 0 and self.count(Stance.DIFFERS) > 0

    @cached_property
    def pattern(self) -> str:
        """The stance pattern, used to filter the index: 'agree', 'differ', 'disagree' or 'silent'."""
        agrees, differs = self.count(Stance.AGREES), self.count(Stance.DIFFERS)
        if agrees and differs:
            return "disagree"
        if differs:
            return "differ"
        if agrees:
            return "agree"
        return "silent"
