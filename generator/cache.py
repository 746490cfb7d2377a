"""The build cache: what a previous build computed, reused when its inputs are unchanged.

Everything here is keyed by content, never trusted blindly:
- parsed source and claim files, by (size, mtime) of the file or else a digest of its
  bytes, with their diagnostics (load.FileCache);
- match results, per claim, valid for the source bodies they were matched against
  (the matcher is pure per (claim, source), so only changed sources are re-matched),
  the claims' analysed queries and the matcher's index (review.py);
- rendered pages, by a digest of everything the page shows: an unchanged page stays
  in the site as it is instead of being rendered again; and template fragments that
  many pages repeat (render.Fragments); crossref.json's lines (a claim's by its review's
  key, a source's by its card key);
  and the templates as Jinja compiled them;
- the search index's shards, by a digest of what Pagefind reads of their pages.
The cache lives outside the site (default `.factcheck-cache/`). Each entry is versioned
by the code that computed it (the whole generator, or for match results the matcher
alone), and deleting it only makes the next build slower.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent


def digest(*parts: Any) -> str:
    """A stable content digest of `parts` (their repr: frozen dataclasses of plain values)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def tree_digest(root: Path, pattern: str = "**/*") -> str:
    """Digest of every file under `root` (paths and bytes), in sorted order."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.glob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# Set while a build runs under `freezing_cache_loads`: only then does gc_paused freeze.
_freezing = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Unpickle a cache entry without the cycle collector and, within a build, freeze the
    heap afterwards.

    An entry is hundreds of thousands of new objects, with no cycles among them: counted
    as allocations they would set off collections that walk them all again and again
    and find no garbage. gc.freeze() moves every object the collector tracks (the entry,
    and whatever else the build holds by then) out of its reach until
    `freezing_cache_loads` gives them back when the build ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freezing:
            gc.freeze()
        if enabled:
            gc.enable()


def freezing_cache_loads(function: Callable[..., T]) -> Callable[..., T]:
    """`function` (a build), with the heap frozen after each cache load and thawed once it
    returns: a process that builds again and again (`factcheck serve`) keeps nothing
    frozen. Outside it, or when the caller keeps objects frozen of its own (it would
    thaw them), nothing is frozen."""

    @functools.wraps(function)
    def build(*args: Any, **kwargs: Any) -> T:
        global _freezing
        if _freezing or gc.get_freeze_count():
            return function(*args, **kwargs)
        _freezing = True
        try:
            return function(*args, **kwargs)
        finally:
            _freezing = False
            gc.unfreeze()

    return build


@lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's own code: a cache written by other code is never reused."""
    return tree_digest(PACKAGE_DIR, "**/*.py")


class Cache:
    """A folder of pickled entries, one per name, each tagged with the code version."""

    def __init__(self, folder: Path | None, scope: str):
        # `scope` separates builds of different content/output folders sharing one cache folder.
        self.folder = folder / digest(scope)[:16] if folder is not None else None

    def load(self, name: str, version: str | None = None) -> Any:
        """The entry `name`, if it was saved by the code `version` (default: the whole
        generator's code), else None."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as handle, gc_paused():
                saved, value = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None  # missing or unreadable: rebuild from scratch
        return value if saved == (version or code_version()) else None

    def subfolder(self, name: str, *versions: str) -> Path | None:
        """A folder of the cache for files another library keeps (made if missing), tagged
        with the generator's code version and `versions` (the library's): the folders of
        other versions are removed."""
        if self.folder is None:
            return None
        path = self.folder / f"{name}-{digest(code_version(), *versions)[:16]}"
        for other in self.folder.glob(f"{name}-*"):
            if other != path and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def forget(self, *names: str) -> None:
        """Delete these entries (what they described is about to change)."""
        if self.folder is None:
            return
        for name in names:
            (self.folder / f"{name}.pickle").unlink(missing_ok=True)

    def save(self, name: str, value: Any, version: str | None = None) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((version or code_version(), value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
