"""Search index: Pagefind over the finished pages, in shards rebuilt only when one of
their pages changed.

Pagefind has no incremental mode, and one run over a whole archive takes about
2.5 ms and 0.3 MB per page (half a minute and 3 GB at 12,000 pages). So the pages
Pagefind indexes (claims and sources, the templates' `data-pagefind-body`) are split
into shards of at most about SHARD_PAGES[kind] pages, each its own Pagefind bundle in
`pagefind/<shard>/`, merged in the reader's browser (Pagefind's `mergeIndex`, set up
by `assets/search.js` from `pagefind/bundles.json`). A page belongs to a shard by a
hash of its path, so a new page moves no other page; a shard none of whose pages
changed stays in the published site as it is, and one edit re-indexes only the
shards holding the pages it changed. Pagefind's UI script and style, the same in
every bundle, are copied to `pagefind/`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping

from .write import Folders, link_or_copy

# Claim pages are what an edit changes most often (a claim edit re-indexes its shard),
# so their shards are smaller; every shard is one more bundle for the reader's browser
# to fetch, so they are not smaller still.
SHARD_PAGES = {"claims": 250, "sources": 500}
# Page kinds with pages Pagefind indexes: claims/<id>/index.html, sources/<id>/index.html.
INDEXED_KINDS = ("claims", "sources")
MANIFEST = "bundles.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class Shard:
    name: str  # also its folder under pagefind/
    pages: tuple[str, ...]  # site paths, sorted
    key: str  # digest of its pages' keys: equal keys, equal bundle


def plan_shards(page_keys: Mapping[str, str]) -> tuple[Shard, ...]:
    """The shards of the indexed pages among `page_keys` (site path -> a digest of what
    the index reads of the page), in name order."""
    from .cache import digest

    groups: dict[str, list[str]] = {}
    for path in sorted(page_keys):
        parts = path.split("/")
        if len(parts) == 3 and parts[0] in INDEXED_KINDS and parts[2] == "index.html":
            groups.setdefault(parts[0], []).append(path)
    shards = []
    for kind, paths in sorted(groups.items()):
        count = -(-len(paths) // SHARD_PAGES[kind])
        buckets: list[list[str]] = [[] for _ in range(count)]
        for path in paths:
            buckets[zlib.crc32(path.encode("utf-8")) % count].append(path)
        for number, pages in enumerate(buckets):
            if pages:
                shards.append(Shard(f"{kind}-{number}", tuple(pages),
                                    digest(SHARD_PAGES[kind], [(p, page_keys[p]) for p in pages])))
    return tuple(shards)


def index_site(site_dir: Path, shards: Iterable[Shard], page_file: Callable[[str], Path],
               previous: Path | None = None, previous_keys: Mapping[str, str] | None = None,
               workers: int = 1) -> tuple[int, Folders]:
    """Write into `site_dir/pagefind/` a Pagefind bundle for each shard that needs one,
    the UI files and the manifest; `page_file` tells where each page's finished file is.
    A shard whose key is in `previous_keys` (name -> key of the published site at
    `previous`) keeps the bundle it has there; the others are indexed, `workers` at a
    time. Returns how many shards were indexed, and the bundles' folders (site paths)
    kept in `previous` and made anew."""
    shards = list(shards)
    out = site_dir / "pagefind"
    out.mkdir(parents=True, exist_ok=True)
    fresh, kept = [], []
    for shard in shards:
        old = previous / "pagefind" / shard.name if previous is not None else None
        if old is not None and (previous_keys or {}).get(shard.name) == shard.key and \
                (old / "pagefind-entry.json").is_file():
            kept.append(shard.name)
        else:
            fresh.append(shard)
    if fresh:
        with ThreadPoolExecutor(max(1, workers)) as pool:
            for failure in pool.map(lambda shard: _index_shard(site_dir, shard, page_file), fresh):
                if failure:
                    raise SearchIndexError(failure)
    bundles = [shard.name for shard in shards] or [_empty_bundle(site_dir)]
    first = (previous if bundles[0] in kept else site_dir) / "pagefind" / bundles[0]
    for name in UI_FILES:
        link_or_copy(first / name, out / name)
    manifest = {"bundles": [name + "/" for name in bundles]}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return len(fresh), Folders(kept=tuple("pagefind/" + name for name in kept),
                               replaced=tuple("pagefind/" + shard.name for shard in fresh))


def _index_shard(site_dir: Path, shard: Shard, page_file: Callable[[str], Path]) -> str | None:
    """Run Pagefind over the shard's pages (hard-linked into a scratch copy of their
    site paths, so result URLs are the pages' own); None, or what went wrong."""
    # (named after the staged folder: the next build on the same --out deletes it if left)
    scratch = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.pagefind-{shard.name}-", dir=site_dir.parent))
    try:
        for page in shard.pages:
            link_or_copy(page_file(page), scratch / page)
        return _run_pagefind(scratch, site_dir / "pagefind" / shard.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _empty_bundle(site_dir: Path) -> str:
    """A site with no claims and no sources still gets a working (empty) search."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.pagefind-empty-", dir=site_dir.parent))
    try:
        # (Pagefind refuses to write an index without a word in it: the page says what a
        # search would find, and a reader finding it lands on the home page)
        (scratch / "index.html").write_text('<!doctype html><html lang="en"><title>Nothing published yet</title>'
                                            "<body><main><h1>Nothing published yet</h1><p>This site has no claims "
                                            "and no sources yet.</p></main></body></html>", encoding="utf-8")
        failure = _run_pagefind(scratch, site_dir / "pagefind" / "empty")
        if failure:
            raise SearchIndexError(failure)
        return "empty"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@lru_cache(maxsize=1)
def _pagefind_command() -> tuple[str, ...]:
    """The Pagefind binary the `pagefind` package ships, run directly (its `python -m
    pagefind` wrapper costs an interpreter start per shard); the wrapper if that fails."""
    try:
        from pagefind.service import _must_get_executable

        return (str(_must_get_executable().resolve()),)
    except Exception:  # noqa: BLE001 - a private helper of the package: any change falls back
        return (sys.executable, "-m", "pagefind")


def _run_pagefind(site: Path, output: Path) -> str | None:
    command = [*_pagefind_command(), "--site", str(site), "--output-path", str(output), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - the interpreter itself is missing
        return f"could not run Pagefind: {exc}"
    if result.returncode != 0 or not (output / "pagefind-ui.js").is_file():
        detail = (result.stderr or result.stdout).strip() or f"exit code {result.returncode}"
        return (f"Pagefind failed to index the site: {detail}\n"
                "Is the pagefind[bin] package installed? (pip install 'pagefind[bin]'); "
                "or build with --no-search")
    return None
