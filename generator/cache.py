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


# An entry's file: ENTRY_MAGIC, the key it was made for (a digest of its name and the code
# version), a checksum of key and payload, then the payload (a pickle). The checksum is a
# plain blake2b, not an HMAC: it catches damage (a flipped byte, a file cut short, an
# entry copied under another name), not a forger. Pickle runs code on load, so the
# cache folder must be trusted like the generator's code (see the README).
ENTRY_MAGIC = b"factcheck-cache 2\n"
_KEY_SIZE = 16


def entry_key(name: str, version: str) -> bytes:
    return hashlib.blake2b(f"{name}\n{version}".encode("utf-8"), digest_size=_KEY_SIZE).digest()


def _checksum(key: bytes, payload: bytes | memoryview) -> bytes:
    h = hashlib.blake2b(key, digest_size=_KEY_SIZE)
    h.update(payload)
    return h.digest()


class Cache:
    """A folder of pickled entries, one per name, each tagged with the code version and
    checked against its checksum before it is unpickled."""

    def __init__(self, folder: Path | None, scope: str):
        # `scope` separates builds of different content/output folders sharing one cache folder.
        self.folder = folder / digest(scope)[:16] if folder is not None else None

    def load(self, name: str, version: str | None = None) -> Any:
        """The entry `name`, if it was saved by the code `version` (default: the whole
        generator's code), else None. An entry whose bytes do not match its checksum
        (damaged on disk, cut short, or written for another key) is deleted unread: its
        bytes never reach pickle, and what it held is computed again."""
        if self.folder is None:
            return None
        path = self.folder / f"{name}.pickle"
        try:
            data = path.read_bytes()
        except OSError:
            return None  # missing or unreadable: rebuild from scratch
        start, end = len(ENTRY_MAGIC), len(ENTRY_MAGIC) + 2 * _KEY_SIZE
        saved_key, checksum, payload = data[start:start + _KEY_SIZE], data[start + _KEY_SIZE:end], memoryview(data)[end:]
        if data[:start] != ENTRY_MAGIC or len(data) < end or checksum != _checksum(saved_key, payload):
            path.unlink(missing_ok=True)  # damaged, or of an older format: never unpickled
            return None
        if saved_key != entry_key(name, version or code_version()):
            return None  # intact, but made by other code (saving replaces it)
        try:
            with gc_paused():
                return pickle.loads(payload)
        except (pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            path.unlink(missing_ok=True)
            return None

    def entries(self) -> tuple:
        """Each entry's (name, size, mtime_ns) but `last`'s: the no-op check of the next
        build sees an entry deleted or replaced since (build.py)."""
        if self.folder is None:
            return ()
        found = []
        try:
            with os.scandir(self.folder) as listing:
                for entry in listing:
                    if entry.name.endswith(".pickle") and entry.name != "last.pickle":
                        status = entry.stat(follow_symlinks=False)
                        found.append((entry.name, status.st_size, status.st_mtime_ns))
        except OSError:
            return ()
        return tuple(sorted(found))

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
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            key = entry_key(name, version or code_version())
            with os.fdopen(fd, "wb") as handle:
                handle.write(ENTRY_MAGIC + key + _checksum(key, payload))
                handle.write(payload)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def verified_bytecode_cache(folder: Path) -> Any:
    """Jinja's file cache of compiled templates, each file checked like a cache entry: a
    checksum of its bytes (and of the template's key) ahead of them, verified before
    Jinja unmarshals the code; a damaged file is deleted and the template compiled anew."""
    import jinja2

    class VerifiedBytecodeCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            path = Path(self._get_cache_filename(bucket))
            try:
                data = path.read_bytes()
            except OSError:
                return
            key = entry_key(bucket.key, "templates")
            start, end = len(ENTRY_MAGIC), len(ENTRY_MAGIC) + 2 * _KEY_SIZE
            if data[:start] != ENTRY_MAGIC or data[start:start + _KEY_SIZE] != key or \
                    data[start + _KEY_SIZE:end] != _checksum(key, data[end:]):
                path.unlink(missing_ok=True)
                return
            bucket.bytecode_from_string(data[end:])

        def dump_bytecode(self, bucket: Any) -> None:
            payload = bucket.bytecode_to_string()
            key = entry_key(bucket.key, "templates")
            path = Path(self._get_cache_filename(bucket))
            fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(ENTRY_MAGIC + key + _checksum(key, payload) + payload)
                os.replace(temporary, path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)

    return VerifiedBytecodeCache(str(folder))
