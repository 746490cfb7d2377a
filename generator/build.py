"""The build: load (and check) -> match -> render -> write, in one readable function.

Each stage is a plain function over frozen data; `build()` gathers everything
before rendering and renders everything before writing, so a problem at any stage
leaves the published site as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import feeds, urls
from .diagnostics import ContentError, Diagnostic
from .load import load_content
from .matching import Matcher, Stance
from .model import Content, Finding, Review
from .render import render_site
from .search import index_site
from .write import check_output_folder, write_site

PROJECT_DIR = Path(__file__).resolve().parent.parent


def default_templates(content_dir: Path) -> Path:
    """The site's own templates/ beside its content, else the ones shipped with the generator."""
    beside = content_dir.absolute().parent / "templates"
    return beside if (beside / "claim.html").is_file() else PROJECT_DIR / "templates"


def build_date(content: Content) -> dt.date | None:
    """The site's date: SOURCE_DATE_EPOCH when set, else the newest date in the content.

    Never the wall clock, so the same content always builds the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    dates = [d for c in content.claims for d in (c.updated, c.published, c.claim_date) if d]
    dates += [s.published for s in content.sources if s.published]
    return max(dates, default=None)


def match_claims(content: Content) -> tuple[Review, ...]:
    """Match every claim against its sources; editors' rulings override the automatic stance.

    A claim that checks every source keeps only the sources that speak to it (plus
    those the editor ruled on): the rest are silent, and cost nothing to list.
    """
    matcher = Matcher({s.id: s.body for s in content.sources}, content.site.matching)
    by_id = {s.id: s for s in content.sources}
    reviews = []
    for claim in content.claims:
        ruled = {source_id for source_id, _ in claim.rulings}
        if claim.source_ids is not None:
            checked = sorted(set(claim.source_ids))
            matches = list(matcher.match(claim.text, claim.look_for, checked))
        else:
            checked = by_id
            matches = [m for m in matcher.match(claim.text, claim.look_for) if m.stance is not Stance.SILENT]
            missing = sorted(ruled - {m.source_id for m in matches})
            if missing:
                matches += matcher.match(claim.text, claim.look_for, missing)
        findings = []
        for match in sorted(matches, key=lambda m: m.source_id):
            ruling = claim.ruling(match.source_id)
            if ruling is not None:
                findings.append(Finding(by_id[match.source_id], match, ruling.stance, "editor", ruling.note))
            else:
                findings.append(Finding(by_id[match.source_id], match, match.stance, "auto"))
        reviews.append(Review(claim, tuple(findings), len(checked)))
    return tuple(reviews)


def site_files(content: Content, reviews: tuple[Review, ...], templates_dir: Path) -> dict[str, bytes]:
    """Every file of the site but the search index, by path."""
    date = build_date(content)
    files = render_site(content, reviews, templates_dir, date)
    static_dir = templates_dir / "static"
    for path in sorted(static_dir.rglob("*")):
        if path.is_file():
            files["assets/" + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    files[urls.CROSSREF] = feeds.crossref(content, reviews)
    files[urls.FEED] = feeds.atom_feed(content, reviews, date)
    files[urls.SITEMAP] = feeds.sitemap(content, list(files))
    files[urls.ROBOTS] = feeds.robots(content)
    return files


@dataclass
class BuildReport:
    """What a build did: counts, warnings, and seconds per stage (for `--stats-json`)."""

    stages: dict[str, float] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    claims: int = 0
    sources: int = 0
    pages_total: int = 0
    pages_rendered: int = 0

    @contextmanager
    def stage(self, name: str, progress: Callable[[str], None]) -> Iterator[None]:
        progress(f"{name}…")
        started = time.perf_counter()
        yield
        self.stages[name] = time.perf_counter() - started

    def as_dict(self) -> dict:
        return {"stages": {k: round(v, 4) for k, v in self.stages.items()},
                "total": round(sum(self.stages.values()), 4), "claims": self.claims, "sources": self.sources,
                "pages_total": self.pages_total, "pages_rendered": self.pages_rendered}


def check(content_dir: Path, strict: bool = False) -> tuple[Content, list[Diagnostic]]:
    """The first phase alone: load and check everything, write nothing.

    Raises ContentError with every diagnostic when there is an error (or, with
    `strict`, a warning).
    """
    content, diagnostics = load_content(content_dir)
    failing = [d for d in diagnostics if d.severity == "error" or strict]
    if content is None or failing:
        raise ContentError(sorted(diagnostics, key=lambda d: (d.path, d.line, d.column)))
    return content, diagnostics


def build(content_dir: Path, out_dir: Path, *, templates_dir: Path | None = None, strict: bool = False,
          search: bool = True, progress: Callable[[str], None] = lambda message: None) -> BuildReport:
    report = BuildReport()
    templates_dir = templates_dir or default_templates(content_dir)
    check_output_folder(out_dir, [content_dir, templates_dir, Path.cwd()])
    with report.stage("load", progress):
        content, diagnostics = check(content_dir, strict)
        report.diagnostics = tuple(diagnostics)
    with report.stage("match", progress):
        reviews = match_claims(content)
    with report.stage("render", progress):
        files = site_files(content, reviews, templates_dir)
    report.claims, report.sources = len(content.claims), len(content.sources)
    report.pages_total = report.pages_rendered = sum(1 for p in files if p.endswith(".html"))

    def finish(staging: Path) -> None:
        if search:
            with report.stage("search", progress):
                index_site(staging)

    with report.stage("write", progress):
        write_site(files, out_dir, finish)
    report.stages["write"] -= report.stages.get("search", 0.0)
    return report
