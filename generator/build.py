"""The build: load (and check) -> match -> render -> write, in one readable function.

Each stage is a plain function over frozen data; `build()` gathers everything
before rendering and renders everything before writing, so a problem at any stage
leaves the published site as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from . import feeds, urls
from .diagnostics import ContentError, Diagnostic
from .load import load_content
from .cache import Cache, code_version, digest, freezing_cache_loads, tree_digest
from .model import Content, Review
from .render import Fragments, PageJob, plan_pages, render_pages
from .review import match_claims
from .search import MANIFEST, index_site, plan_shards
from .write import (MANIFEST_NAME, Folders, check_output_folder, file_hash, output_lock, read_manifest, recover,
                    save_manifest, verify_site, write_site)

PROJECT_DIR = Path(__file__).resolve().parent.parent


def shipped_templates() -> Path:
    """The templates shipped with the generator: generator/templates/ in an installed wheel
    (pyproject.toml maps the top-level templates/ there), templates/ in a checkout."""
    installed = Path(__file__).resolve().parent / "templates"
    return installed if (installed / "claim.html").is_file() else PROJECT_DIR / "templates"


def default_templates(content_dir: Path) -> Path:
    """The site's own templates/ beside its content, else the ones shipped with the generator."""
    beside = content_dir.absolute().parent / "templates"
    return beside if beside.is_dir() else shipped_templates()


def template_folders(templates_dir: Path) -> list[Path]:
    """Where every template is looked up, file by file: the site's templates, then the shipped
    ones (a site's `templates/` holding only `base.html` keeps the shipped rest)."""
    shipped = shipped_templates()
    return [templates_dir] if templates_dir.resolve() == shipped.resolve() else [templates_dir, shipped]


def templates_digest(templates_dir: Path) -> str:
    """Digest of every template a build can read: the site's and the shipped ones."""
    return "+".join(tree_digest(folder) for folder in template_folders(templates_dir))


def build_date(content: Content) -> dt.date | None:
    """The site's date: SOURCE_DATE_EPOCH when set, else the newest date in the content.

    Never the wall clock, so the same content always builds the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    dates = [d for c in content.claims for d in (c.modified, c.published, c.claim_date) if d]
    dates += [s.published for s in content.sources if s.published]
    return max(dates, default=None)


def publication_date(content: Content) -> dt.date:
    """The build's publication date, by default: today in the site's timezone, or the day
    of SOURCE_DATE_EPOCH there when it is set (a reproducible build of a given day)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.strip().isdigit() \
        else dt.datetime.now(dt.timezone.utc)
    return now.astimezone(content.site.zone).date()


def scheduled(item, until: dt.date) -> bool:
    """A claim or source dated (published) after the publication date `until`."""
    return item.published is not None and item.published > until


def published_content(content: Content, until: dt.date | None, drafts: bool) -> Content:
    """What is published on `until` (default: publication_date): neither drafts nor items
    dated after it; a claim forgets the sources left out. With `drafts`, everything."""
    if drafts:
        return content
    until = until or publication_date(content)
    keep = lambda item: not item.draft and not scheduled(item, until)  # noqa: E731
    sources = tuple(s for s in content.sources if keep(s))
    if len(sources) == len(content.sources) and all(keep(c) for c in content.claims):
        return content
    ids = {s.id for s in sources}
    claims = []
    for claim in content.claims:
        if not keep(claim):
            continue
        if (claim.source_ids and not ids.issuperset(claim.source_ids)) or any(s not in ids for s, _ in claim.rulings):
            claim = dataclasses.replace(
                claim, source_ids=None if claim.source_ids is None else tuple(s for s in claim.source_ids if s in ids),
                rulings=tuple(r for r in claim.rulings if r[0] in ids))
        claims.append(claim)
    return dataclasses.replace(content, sources=sources, claims=tuple(claims))


def extra_files(content: Content, reviews: tuple[Review, ...], templates_dir: Path, pages: list[str],
                date: dt.date | None, crossref_lines: dict[str, str] | None = None) -> dict[str, bytes]:
    """The site's files other than HTML pages: assets, crossref.json (`crossref_lines`: its
    lines already made, see feeds.crossref), feeds, sitemap, robots.txt."""
    files: dict[str, bytes] = {}
    for folder in reversed(template_folders(templates_dir)):  # the site's assets win
        static_dir = folder / "static"
        for path in sorted(static_dir.rglob("*")):
            if path.is_file():
                files["assets/" + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    files = dict(sorted(files.items()))
    files[urls.CROSSREF] = feeds.crossref(content, reviews, crossref_lines)
    env = feeds.environment(template_folders(templates_dir))
    files[urls.FEED] = feeds.atom_feed(content, reviews, date, env)
    files[urls.SITEMAP] = feeds.sitemap(content, pages, env)
    files[urls.ROBOTS] = feeds.robots(content, env)
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
    shards_indexed: int = 0  # search index shards (re)built

    @contextmanager
    def stage(self, name: str, progress: Callable[[str], None]) -> Iterator[None]:
        progress(f"{name}…")
        started = time.perf_counter()
        yield
        self.stages[name] = time.perf_counter() - started

    def as_dict(self) -> dict:
        return {"stages": {k: round(v, 4) for k, v in self.stages.items()},
                "total": round(sum(self.stages.values()), 4), "claims": self.claims, "sources": self.sources,
                "pages_total": self.pages_total, "pages_rendered": self.pages_rendered,
                "shards_indexed": self.shards_indexed}


def check(content_dir: Path, strict: bool = False, cache: Cache | None = None) -> tuple[Content, list[Diagnostic]]:
    """The first phase alone: load and check everything, write nothing.

    Raises ContentError with every diagnostic when there is an error (or, with
    `strict`, a warning).
    """
    content, diagnostics = load_content(content_dir, cache)
    failing = [d for d in diagnostics if d.fails(strict)]
    if content is None or failing:
        raise ContentError(sorted(diagnostics, key=lambda d: (d.path, d.line, d.column)))
    return content, diagnostics


@freezing_cache_loads
def build(content_dir: Path, out_dir: Path, *, templates_dir: Path | None = None, strict: bool = False,
          search: bool = True, cache_dir: Path | None = None, workers: int = 1,
          progress: Callable[[str], None] = lambda message: None, force: bool = False,
          verify: bool = False, until: dt.date | None = None, drafts: bool = False) -> BuildReport:
    """Build the site from `content_dir` into `out_dir`: load -> match -> render -> write.

    With `cache_dir`, work whose inputs did not change is reused: parsed files,
    match results, pages and fragments, search shards (see cache.py). The result is
    byte-identical to a build without cache. The build holds a lock beside `out_dir`
    throughout, first finishes what a killed build left there (write.recover), and
    checks the published files against its manifest (by stat; by hash with `verify`):
    whatever is missing or damaged is written again. `force`: build into a folder
    holding files of someone else's (they are kept; see write.py). Drafts and items dated
    after `until` (default: today in the site's timezone) are left out, unless `drafts`.
    """
    templates_dir = templates_dir or default_templates(content_dir)
    protected = [content_dir, templates_dir, Path.cwd()]
    check_output_folder(out_dir, protected, force)
    with output_lock(out_dir):
        recover(out_dir)
        check_output_folder(out_dir, protected, force)
        return _build(content_dir, out_dir, templates_dir, strict, search, cache_dir, workers, progress, force, verify,
                      until, drafts)


def _build(content_dir: Path, out_dir: Path, templates_dir: Path, strict: bool, search: bool, cache_dir: Path | None,
           workers: int, progress: Callable[[str], None], force: bool, verify: bool,
           until: dt.date | None = None, drafts: bool = False) -> BuildReport:
    report = BuildReport()
    cache = Cache(cache_dir, f"{content_dir.resolve()}\n{out_dir.resolve()}") if cache_dir else None
    with report.stage("load", progress):
        # Fingerprinting stats every input file: only worth it when there is a cache to compare with.
        # (the publication date too: a scheduled item is published once its day has come)
        inputs = input_fingerprint(content_dir, templates_dir, strict, search,
                                   (until or _today_anywhere(), drafts)) if cache else ""
        last = cache.load("last") if cache else None
        # What the last build published, checked file by file (a stat each): a file
        # deleted or changed since is written again.
        output = output_fingerprint(out_dir)
        manifest = read_manifest(out_dir) if output else None
        damaged, touched = verify_site(out_dir, manifest, verify) if manifest else (set(), {})
        if touched:  # the same bytes with another mtime: remembered, not hashed again
            manifest.update(touched)
            save_manifest(out_dir, manifest)
        if last and last["inputs"] == inputs and last["output"] == output and not damaged and \
                last.get("entries") == cache.entries():
            # Nothing the build reads has changed since it built this very output, which
            # is intact, and so is every cache entry it was built with.
            report.diagnostics, report.claims, report.sources = last["diagnostics"], *last["counts"]
            report.pages_total = last["pages"]
            progress("nothing changed")
            if touched:
                _remember(cache, inputs, out_dir, report)
            return report
        content, diagnostics = check(content_dir, strict, cache)
        content = published_content(content, until, drafts)
        report.diagnostics = tuple(diagnostics)
        report.claims, report.sources = len(content.claims), len(content.sources)
    with report.stage("match", progress):
        reviews = match_claims(content, cache, workers)
    with report.stage("render", progress):
        date = build_date(content)
        templates_key = templates_digest(templates_dir)
        jobs = plan_pages(content, reviews, templates_key, date, search)
        previous = (cache.load("pages") if cache else None) or {}
        reusable = {job.page.path for job in jobs if job.page.path not in damaged and _unchanged(job, previous, out_dir)}
        to_render = [j for j in jobs if j.page.path not in reusable]
        fragments = Fragments(cache.load("fragments") if cache and to_render else None)
        rendered = render_pages(to_render, content, templates_dir, date, workers, fragments, templates_key,
                                cache.subfolder("templates", jinja2.__version__) if cache and to_render else None)
        files = {**rendered, **extra_files(content, reviews, templates_dir, [j.page.path for j in jobs], date,
                                           _crossref_lines(content, reviews, cache))}
    report.pages_total, report.pages_rendered = len(jobs), len(rendered)
    shards = plan_shards({job.page.path: job.search_key or job.key for job in jobs}) if search else ()
    # the shards' keys, for the bundles that are still the very ones this cache saw written
    # (and none of whose files is damaged)
    broken = {path.split("/")[1] for path in damaged if path.startswith("pagefind/") and path.count("/") > 1}
    previous_shards = {name: key for name, (key, entry) in ((cache.load("search") if cache else None) or {}).items()
                       if _bundle_entry(out_dir, name) == entry and name not in broken}
    search_ready = search and not rendered and all(previous_shards.get(s.name) == s.key for s in shards) \
        and (out_dir / "pagefind" / MANIFEST).is_file()
    if not rendered and manifest and not damaged and _same_files(manifest, files) and (not search or search_ready) \
            and _only(manifest, {j.page.path for j in jobs} | set(files), search):
        report.stages["write"] = 0.0
        progress("nothing changed")
        _remember(cache, inputs, out_dir, report)
        return report  # the published site is already exactly this build

    def finish(staging: Path, page_file: Callable[[str], Path]) -> Folders:
        if not search:
            return Folders()
        with report.stage("search", progress):
            report.shards_indexed, folders = index_site(staging, shards, page_file,
                                                        out_dir if out_dir.is_dir() else None, previous_shards, workers)
        return folders

    with report.stage("write", progress):
        # An update interrupted halfway leaves a site that is neither the old nor the new
        # one: what the cache knew of the old site is forgotten before it starts.
        write_site(files, out_dir, keep=reusable, finish=finish,
                   before_commit=lambda: cache.forget("pages", "search", "last") if cache else None,
                   force=force, verified=(manifest, damaged))
    report.stages["write"] -= report.stages.get("search", 0.0)
    if cache is not None:
        cache.save("pages", {job.page.path: _written(out_dir, job) if job.page.path in files
                             else previous[job.page.path] for job in jobs})
        if rendered:
            cache.save("fragments", fragments.kept(job.page.path for job in jobs))
        cache.save("search", {shard.name: (shard.key, _bundle_entry(out_dir, shard.name)) for shard in shards})
        _remember(cache, inputs, out_dir, report)
    return report


def _crossref_lines(content: Content, reviews: tuple[Review, ...], cache: Cache | None) -> dict[str, str]:
    """crossref.json's lines (claims by review key, sources by card key), the last build's
    where unchanged: the file lists every claim and source, and an edit changes a line."""
    saved = (cache.load("crossref") if cache else None) or {}
    lines = {review.crossref_key: saved.get(review.crossref_key) or feeds.crossref_claim(review)
             for review in reviews}
    lines.update((s.card_key, saved.get(s.card_key) or feeds.crossref_source(s)) for s in content.sources)
    if cache is not None and lines != saved:
        cache.save("crossref", lines)
    return lines


def _today_anywhere() -> tuple:
    """What the default publication date depends on before the site's timezone is read:
    SOURCE_DATE_EPOCH, else the UTC hour (every timezone's date is fixed within it)."""
    return os.environ.get("SOURCE_DATE_EPOCH"), dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H")


def input_fingerprint(content_dir: Path, templates_dir: Path, strict: bool, search: bool, publishing=None) -> str:
    """Everything a build reads, cheaply: each file's path, size and mtime (not its bytes),
    the generator's code, the options, and SOURCE_DATE_EPOCH."""
    stats = []
    seen: set[tuple[int, int]] = set()  # folders walked: a link back up must not loop
    for root in (content_dir, *template_folders(templates_dir)):
        # os.walk and plain strings: this runs on every build, over every file of the archive
        for folder, subfolders, names in os.walk(root, followlinks=True):
            status = os.stat(folder)
            if (status.st_dev, status.st_ino) in seen:
                subfolders.clear()
                continue
            seen.add((status.st_dev, status.st_ino))
            subfolders.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # a dangling link
                    continue
                stats.append((path, stat.st_size, stat.st_mtime_ns))
    return digest(stats, code_version(), strict, search, os.environ.get("SOURCE_DATE_EPOCH"), publishing)


def output_fingerprint(out_dir: Path) -> tuple | None:
    """Identifies the output folder's manifest as a build left it (every build that
    changes the folder replaces its manifest, a new file)."""
    try:
        stat = os.stat(os.path.join(out_dir, MANIFEST_NAME))
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _remember(cache: Cache | None, inputs: str, out_dir: Path, report: "BuildReport") -> None:
    if cache is not None:
        cache.save("last", {"inputs": inputs, "output": output_fingerprint(out_dir), "entries": cache.entries(),
                            "diagnostics": report.diagnostics, "counts": (report.claims, report.sources),
                            "pages": report.pages_total})


def _identity(path: Path | str) -> tuple[int, int] | None:
    """(size, inode) of a file the build wrote, None if it is gone: any other writer of
    the file (another build included) replaces it, with a new inode."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_ino


def _written(out_dir: Path, job: PageJob) -> tuple[str, tuple[int, int] | None]:
    """What the cache remembers of a page the build wrote: its key and the file's identity."""
    return job.key, _identity(out_dir / job.page.path)


def _bundle_entry(out_dir: Path, shard: str) -> tuple[int, int] | None:
    """The identity of a search bundle's entry file (a re-indexed bundle has a new one)."""
    return _identity(out_dir / "pagefind" / shard / "pagefind-entry.json")


def _unchanged(job: PageJob, previous: dict, out_dir: Path) -> bool:
    """The page's key is the one the previous build wrote, and that very file is still there."""
    entry = previous.get(job.page.path)
    # (a string path: this runs for every page of the archive, and pathlib costs twice the stat)
    return entry is not None and entry[0] == job.key and entry[1] is not None and \
        _identity(os.path.join(out_dir, job.page.path)) == entry[1]


def _same_files(manifest: dict, files: dict[str, bytes]) -> bool:
    """The published site (verified against `manifest`) has these very files."""
    return all(path in manifest and manifest[path][0] == len(data) and manifest[path][2] == file_hash(data)
               for path, data in files.items())


def _only(manifest: dict, expected: set[str], search: bool) -> bool:
    """The last build published exactly the expected files (plus the search index when wanted)."""
    present = set(manifest)
    if search:
        present = {p for p in present if not p.startswith("pagefind/")}
    return present == expected
