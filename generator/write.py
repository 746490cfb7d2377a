"""Write stage: the new site is built whole in a staged folder, then swapped in at once.

The build owns only what it wrote. A manifest in the site folder (MANIFEST_NAME: each
file's site path, size, mtime and a blake2b of its bytes) lists the files of the last
build; anything else in the folder (dot-entries such as `.git` or `.well-known`,
`CNAME`, an editor's own files) is foreign and carried over untouched.

Publishing, with the lock beside the output folder held throughout (`output_lock`):
1. the complete new site goes to a sibling folder `.<out>.new-*`: files that changed
   are written, unchanged ones hard-linked from the live site, and the new manifest;
2. a journal beside the folder (`.<out>.journal`) records the step;
3. on Linux, the foreign entries are moved into the staged folder and the two folders
   swap places in one `renameat2(RENAME_EXCHANGE)`: a reader sees the old site or the
   new one, never a mix; the old one (now at the staged name) is deleted.
   Elsewhere (no renameat2, a file system without exchange, an output folder that is
   a mount point), each staged file is renamed into the live folder and the old
   files the new site no longer has are deleted; readers can see a mix meanwhile.
4. the journal is removed.
A build that finds a journal (the last one was killed) first rolls the exchange back
(it had not happened: the foreign entries go back) or finishes it, and completes an
interrupted in-place update; then it deletes stale staged and retired folders.

FACTCHECK_FAULT=<point> (a test hook) kills the process with SIGKILL at that point of
the publishing steps (see `fault`); FACTCHECK_NO_EXCHANGE=1 (a test hook) makes Linux
take the in-place path of other systems.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

MANIFEST_NAME = ".factcheck-manifest.json"
STAGING_INSIDE = ".factcheck-new-"  # the staged folder inside an output folder that is a mount point
ALWAYS_FOREIGN = ("CNAME",)  # besides dot-entries: never refused, never the build's

# site path -> (size, mtime_ns, blake2b hex of the bytes)
Manifest = dict[str, tuple[int, int, str]]


class UnsafeOutput(Exception):
    """The output folder is somewhere the build must not replace."""


class PublishInterrupted(OSError):
    """An in-place update failed halfway: the journal lets the next build complete it."""


def fault(point: str) -> None:
    """Test hook: with FACTCHECK_FAULT=point, die here at once, as a kill would."""
    if os.environ.get("FACTCHECK_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def safe_join(root: Path, relative: str) -> Path:
    """root/relative, refusing absolute paths, '..', '.' and empty parts so nothing lands
    outside root."""
    if not isinstance(relative, str) or not _SITE_PATH.fullmatch(relative):
        raise UnsafeOutput(f"refusing to write outside the site folder: {relative!r}")
    return root / relative


# a relative POSIX path without empty, '.' or '..' parts
_SITE_PATH = re.compile(r"(?!/)(?:(?!\.\.?(?:/|\Z))[^/\x00]+(?:/|\Z))+(?<!/)")


def real_out(out_dir: Path) -> Path:
    """The output folder as an absolute path with links resolved (its parent is where
    the staged folder, the journal and the lock go)."""
    out = Path(os.path.realpath(out_dir))
    if out == out.parent:
        raise UnsafeOutput(f"refusing to build into {out}: choose a folder below it")
    return out


def _beside(out: Path, what: str) -> Path:
    return out.parent / f".{out.name}.{what}"


def file_hash(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _hash_path(path: str | Path) -> str | None:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


# --- the manifest ---------------------------------------------------------------------

def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of the build that made `out_dir`, or None (none, or unreadable)."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST_NAME).read_bytes())
        manifest = {path: (size, mtime, digest) for path, size, mtime, digest in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # (only site paths of plain values: the build deletes what its manifest lists)
    if not all(isinstance(path, str) and _SITE_PATH.fullmatch(path) and type(size) is int and type(mtime) is int
               and isinstance(digest, str) for path, (size, mtime, digest) in manifest.items()):
        return None
    return manifest


def manifest_bytes(entries: Mapping[str, tuple[int, int, str]]) -> bytes:
    """The manifest file: one file a line, in path order."""
    lines = ",\n".join(json.dumps([path, *entries[path]], ensure_ascii=False) for path in sorted(entries))
    return ('{"factcheck-manifest": 1, "files": [\n' + lines + "\n]}\n").encode("utf-8")


def verify_site(out_dir: Path, manifest: Mapping[str, tuple[int, int, str]], full: bool = False
                ) -> tuple[set[str], dict[str, tuple[int, int, str]]]:
    """Check that every file of `manifest` is in `out_dir` as the build wrote it: a stat
    each (size, mtime), a hash where the mtime differs (or everywhere, with `full`).
    Returns the damaged paths (missing, not a plain file, other bytes) and the touched
    ones (same bytes, another mtime) with their new entries."""
    damaged: set[str] = set()
    touched: dict[str, tuple[int, int, str]] = {}
    root = str(out_dir) + os.sep  # plain strings: this runs on every build, for every file
    for path, (size, mtime, digest) in manifest.items():
        try:
            status = os.lstat(root + path)
        except OSError:
            damaged.add(path)
            continue
        if status.st_size != size or not stat.S_ISREG(status.st_mode):
            damaged.add(path)
        elif full or status.st_mtime_ns != mtime:
            if _hash_path(root + path) != digest:
                damaged.add(path)
            elif status.st_mtime_ns != mtime:
                touched[path] = (size, status.st_mtime_ns, digest)
    return damaged, touched


def save_manifest(out_dir: Path, manifest: Mapping[str, tuple[int, int, str]]) -> None:
    """Replace the manifest of the live site (after touched files were re-recorded)."""
    fd, temporary = tempfile.mkstemp(prefix=STAGING_INSIDE + "manifest-", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(manifest_bytes(manifest))
        os.chmod(temporary, 0o644)
        os.replace(temporary, Path(out_dir) / MANIFEST_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- the lock, the journal and the recovery ---------------------------------------------

@contextmanager
def output_lock(out_dir: Path) -> Iterator[Path]:
    """Hold `.<out>.lock` beside the output folder (flock) while the block runs; another
    build on the same folder is refused at once. The lock file is removed afterwards
    (a build that opened it meanwhile sees it gone and locks the new one)."""
    out = real_out(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    path = _beside(out, "lock")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock
        yield out
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise UnsafeOutput(f"another build is writing {out_dir}") from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # the holder removed the file as we opened it: lock the new one
    try:
        yield out
    finally:
        try:
            os.unlink(path)
        finally:
            os.close(fd)


def _write_journal(out: Path, journal: dict) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.new-journal-", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(journal, handle)
    os.replace(temporary, _beside(out, "journal"))


def recover(out_dir: Path) -> None:
    """Finish or roll back what a killed build left (its journal), then delete the
    staged and retired folders of earlier builds. Call with the lock held."""
    out = real_out(out_dir)
    journal_path = _beside(out, "journal")
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        journal = None
    except (OSError, ValueError):
        journal = {}
    if journal is not None:
        staged = Path(str(journal.get("staged") or "")) if journal.get("staged") else None
        ours = staged is not None and ((staged.parent == out.parent and staged.name.startswith(f".{out.name}.new-"))
                                       or (staged.parent == out and staged.name.startswith(STAGING_INSIDE)))
        if ours and staged.is_dir():
            if journal.get("mode") == "exchange":
                try:
                    exchanged = os.stat(out).st_ino == journal["inode"]
                except OSError:
                    exchanged = False
                if not exchanged:  # roll back: the foreign entries go home
                    _carry(staged, out, journal.get("carry", []))
                else:  # done but for retiring the old site
                    _retire(out, staged, bool(journal.get("spare")))
            elif journal.get("mode") == "inplace":
                _roll_forward(out, staged, journal.get("remove", []))
        journal_path.unlink(missing_ok=True)
    stale = [*out.parent.glob(f".{glob_escape(out.name)}.new-*"), *out.parent.glob(f".{glob_escape(out.name)}.old-*"),
             *out.parent.glob(".pagefind-*")]  # (the scratch folders of search indexing before they were named by --out)
    if out.is_dir() and not out.is_symlink():
        stale += out.glob(STAGING_INSIDE + "*")
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


# --- the output folder before a build ---------------------------------------------------

def check_output_folder(out_dir: Path, protected: list[Path], force: bool = False) -> None:
    """Refuse a folder that holds content/templates, or one that no build of ours made
    and that holds anything but dot-entries and CNAME (unless `force`: then they are
    kept, as foreign files always are)."""
    out = real_out(out_dir)
    for path in protected:
        path = path.resolve()
        if out == path or out in path.parents:
            raise UnsafeOutput(f"the output folder {out_dir} contains {path}; choose another --out")
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"{out_dir} exists and is not a folder; choose another --out")
    if force or not out.is_dir() or read_manifest(out) is not None:
        return
    foreign = sorted(name for name in os.listdir(out) if not name.startswith(".") and name not in ALWAYS_FOREIGN)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UnsafeOutput(f"{out_dir} holds files factcheck did not write ({shown}); refusing to build into it: "
                           "choose an empty folder, or build with --force to keep them beside the site")


# --- writing ------------------------------------------------------------------------------

def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link `source` at `target` (instant, no extra space), copying where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass(frozen=True)
class Folders:
    """What a `finish` step did with whole folders (site paths): `kept`, folders of the
    current site it leaves as they are (the write stage links their files into the new
    site); `replaced`, folders it made anew in the staged folder. It may add files only
    under those folders' top-level folders or under top-level folders of its own."""

    kept: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


def write_site(files: Mapping[str, bytes], out_dir: Path, keep: Iterable[str] = (),
               finish: Callable[[Path, Callable[[str], Path]], Folders] | None = None,
               before_commit: Callable[[], None] | None = None, *, force: bool = False,
               verified: tuple[Manifest | None, set[str]] | None = None) -> Manifest:
    """Make `out_dir` hold `files` (site path -> bytes), plus `keep` (paths of the
    current site that stay as they are), plus what `finish` adds (the search indexer:
    it gets the staged folder and where each site path's file is, and says which
    folders it kept or made), plus every foreign entry of the current folder.

    `verified`: the current site's manifest and its damaged paths (verify_site), when
    the caller checked them already; a damaged file is never reused. Nothing of
    `out_dir` changes until the whole new site is staged (see the module's docstring);
    `before_commit` runs just before. A foreign entry where the new site has a file is
    refused, unless `force`. Returns the new manifest.
    """
    out = real_out(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"{out_dir} exists and is not a folder; choose another --out")
    exists = out.is_dir()
    if verified is None:
        old = read_manifest(out) if exists else None
        damaged, touched = verify_site(out, old) if old else (set(), {})
        old = {**old, **touched} if old else old
    else:
        old, damaged = verified
    old = old or {}
    spare = None
    if not exists:
        root, full = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent)), True
    elif is_mount_point(out):  # files cannot move across mounts: stage inside, update in place
        root, full = Path(tempfile.mkdtemp(prefix=STAGING_INSIDE, dir=out)), False
    else:
        root, spare = _take_spare(out)
        # (a spare is left only by an exchange: no need to try one again)
        full = spare is not None or _exchange_works(root)
        if not full and spare is not None:
            shutil.rmtree(root, ignore_errors=True)
            root, spare = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent)), None
    swap = exists and full
    pending = False  # foreign entries may be in the staged folder: the journal's to sort out
    aside: Path | None = None
    try:
        stage = _Stage(out, root, full, old, damaged, spare)
        for relative in sorted(files):
            data = files[relative]
            digest = file_hash(data)
            previous = old.get(relative)
            if not (previous is not None and previous[0] == len(data) and previous[2] == digest
                    and stage.reuse(relative)):
                stage.write(relative, data, digest)
        for relative in sorted(set(keep) - set(files)):
            if not stage.reuse(relative):
                raise FileNotFoundError(errno.ENOENT, "a page to keep is missing or damaged",
                                        str(safe_join(out, relative)))
        if spare is not None:
            # what the recycled tree has at the top that the new site did not place
            # there (the search index, folders the site lost) goes aside: `finish`
            # starts from nothing, and a kept search bundle is taken back from there
            placed = {path.split("/")[0] for path in stage.entries}
            aside = Path(tempfile.mkdtemp(prefix=f"{root.name}.aside-", dir=root.parent))
            for name in os.listdir(root):
                if name not in placed and name != MANIFEST_NAME:
                    os.rename(root / name, aside / name)
            stage.prune_spare(placed)
        folders = Folders()
        if finish is not None:
            before = set(os.listdir(root))
            folders = finish(root, stage.page_file)
            missing = [folder for folder in folders.replaced if not safe_join(root, folder).is_dir()]
            if missing:
                raise FileNotFoundError(f"the build made no folder {missing[0]}")
            tops = (set(os.listdir(root)) - before) | {f.split("/")[0] for f in (*folders.kept, *folders.replaced)}
            for top in sorted(tops):
                stage.record_new(top)
            for folder in sorted(folders.kept):
                stage.keep_folder(folder, aside)
        manifest_path = root / MANIFEST_NAME
        manifest_path.unlink(missing_ok=True)
        with open(manifest_path, "xb") as handle:
            handle.write(manifest_bytes(stage.entries))
        os.chmod(root, 0o755)  # mkdtemp makes it private; a published site is world-readable
        fault("staged")
        if not exists:
            if before_commit is not None:
                before_commit()
            os.rename(root, out)  # nothing was there: the new site appears at once
            return stage.entries
        carry, conflicts = _foreign(out, old, root)
        if conflicts and not force:
            more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
            raise UnsafeOutput(f"{out_dir}/{conflicts[0]} was not written by factcheck and the new site has a file "
                               f"there{more}; move it away, or build with --force to replace it")
        if before_commit is not None:
            before_commit()
        pending = True
        if swap:
            # (the old site becomes the next build's spare, unless foreign files it
            # replaced are still in it)
            _exchange_commit(out, root, carry, keep_spare=not conflicts)
        else:
            _inplace_commit(out, root, old, stage.entries)
        pending = False
        return stage.entries
    finally:
        if not pending:
            shutil.rmtree(root, ignore_errors=True)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def _take_spare(out: Path) -> tuple[Path, Manifest | None]:
    """A staged folder for the next site: the spare (the site before the live one, left
    by the last exchange) under a fresh staged name, with its manifest; else a new
    folder and None."""
    spare = _beside(out, "spare")
    root = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    if spare.is_dir() and not spare.is_symlink():
        try:
            os.rename(spare, root)  # (onto the empty folder mkdtemp made)
        except OSError:
            return root, None
        manifest = read_manifest(root)
        if manifest is not None:
            return root, manifest
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
    return root, None


def _same_file(first: Path | str, second: Path | str) -> bool:
    try:
        return os.path.samestat(os.lstat(first), os.lstat(second))
    except OSError:
        return False


class _Stage:
    """The staged folder `root` and what is placed in it.

    `full`: it receives the whole new site (for the exchange, or a folder that is new),
    files unchanged since the live site as hard links to the live ones. Else (an
    update in place) it receives only the files with new bytes, and `page_file` says
    where the others are in the live site. `spare`: the manifest of the tree `root`
    started from (the site before the live one, recycled); each file placed there is
    a new file (never written through a link to the live one), and its files that the
    new site does not have are deleted. `entries` is the new site's manifest."""

    def __init__(self, out: Path, root: Path, full: bool, old: Manifest, damaged: set[str],
                 spare: Manifest | None):
        self.out, self.root, self.full, self.old, self.damaged, self.spare = out, root, full, old, damaged, spare
        self.entries: Manifest = {}
        self.staged: set[str] = set()  # site paths with a file in root
        self.folders: set[str] = set()  # folders known to exist in root
        self.written = 0

    def _parent(self, target: Path) -> None:
        folder = str(target.parent)
        if folder in self.folders:
            return
        try:
            os.makedirs(folder, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file where a folder goes (a recycled tree)
            chain, here = [], target.parent
            while here != self.root:
                chain.append(here)
                here = here.parent
            for here in reversed(chain):
                if os.path.lexists(here) and not stat.S_ISDIR(os.lstat(here).st_mode):
                    os.unlink(here)
                os.makedirs(here, exist_ok=True)
        self.folders.add(folder)

    def _clear(self, target: Path) -> None:
        """Make way for a new file at `target`."""
        if self.spare is not None:
            try:
                status = os.lstat(target)
            except (FileNotFoundError, NotADirectoryError):
                status = None
            if status is not None:
                if stat.S_ISDIR(status.st_mode):
                    shutil.rmtree(target)
                else:
                    os.unlink(target)
        self._parent(target)

    def write(self, relative: str, data: bytes, digest: str) -> None:
        target = safe_join(self.root, relative)
        self._clear(target)
        try:
            with open(target, "xb") as handle:
                handle.write(data)
        except OSError as exc:  # (a failed write names no file: say which)
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        status = os.stat(target)
        self.entries[relative] = (status.st_size, status.st_mtime_ns, digest)
        self.staged.add(relative)
        self.written += 1
        if self.written == 1:
            fault("placing")

    def reuse(self, relative: str) -> bool:
        """Take the live file at `relative` into the new site, if it is intact."""
        if relative in self.damaged:
            return False
        live = safe_join(self.out, relative)
        try:
            entry = self.old[relative] if relative in self.old else _entry_of(live)
            if self.full:
                target = safe_join(self.root, relative)
                if self.spare is None or not _same_file(target, live):
                    self._clear(target)
                    os.link(live, target)
                self.staged.add(relative)
        except OSError:
            return False
        self.entries[relative] = entry
        return True

    def page_file(self, relative: str) -> Path:
        return safe_join(self.root if relative in self.staged else self.out, relative)

    def prune_spare(self, placed: set[str]) -> None:
        """Delete the recycled tree's files that the new site does not have (those
        under the top-level names it placed: the rest went aside), and the folders
        that leaves empty."""
        emptied = set()
        for relative in self.spare or {}:
            if relative not in self.entries and relative.split("/")[0] in placed:
                target = safe_join(self.root, relative)
                try:
                    if not stat.S_ISDIR(os.lstat(target).st_mode):
                        os.unlink(target)
                        emptied.add(target.parent)
                except (FileNotFoundError, NotADirectoryError):
                    pass
        for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
            while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                self.folders.discard(str(folder))
                folder = folder.parent

    def record_new(self, top: str) -> None:
        """Add the files `finish` made under root/top; one with the very bytes of the
        live site's file at its path becomes that file (a file is replaced only when its
        bytes change)."""
        base = self.root / top
        prefix = len(str(self.root)) + 1
        found = [(top, str(base))] if base.is_file() else []
        for folder, _, names in os.walk(base):
            rel = folder[prefix:].replace(os.sep, "/")
            found += [(rel + "/" + name, os.path.join(folder, name)) for name in names]
        for relative, path in found:
            if relative in self.entries:
                continue
            entry = _entry_of(path)
            previous = self.old.get(relative)
            if previous is not None and relative not in self.damaged and \
                    (previous[0], previous[2]) == (entry[0], entry[2]):
                live = safe_join(self.out, relative)
                try:
                    if not self.full:
                        os.unlink(path)  # unchanged: nothing to move in
                    elif not _same_file(live, path):  # (a rename onto the same file does nothing)
                        os.link(live, path + ".live")
                        os.replace(path + ".live", path)
                    entry = previous
                except OSError:
                    Path(path + ".live").unlink(missing_ok=True)
            if self.full or os.path.lexists(path):
                self.staged.add(relative)
            self.entries[relative] = entry

    def keep_folder(self, folder: str, aside: Path | None) -> None:
        """Take the live folder `folder` into the new site as it is."""
        live_root = safe_join(self.out, folder)
        target_root = safe_join(self.root, folder)
        if self.full and aside is not None and not target_root.exists():
            recycled = safe_join(aside, folder)
            if recycled.is_dir() and not recycled.is_symlink():
                self._parent(target_root)
                os.rename(recycled, target_root)  # the spare's copy: mostly the same files
        if self.full:
            self._clear(target_root / "x")  # (its parent folder, made if missing)
        self._keep_tree(str(live_root), str(target_root), folder)

    def _keep_tree(self, live: str, target: str, rel: str) -> None:
        # (scandir's inode numbers tell a link to the live file from another file: no stat)
        with os.scandir(live) as listing:
            found = list(listing)
        there = {}
        if self.full:
            with os.scandir(target) as listing:
                there = {entry.name: entry for entry in listing}
        for entry in found:
            relative = rel + "/" + entry.name
            have = there.pop(entry.name, None)
            if entry.is_dir(follow_symlinks=False):
                if self.full:
                    if have is not None and not have.is_dir(follow_symlinks=False):
                        os.unlink(have.path)
                        have = None
                    if have is None:
                        os.mkdir(os.path.join(target, entry.name))
                self._keep_tree(entry.path, os.path.join(target, entry.name), relative)
                continue
            if self.full:
                if have is None or have.is_dir(follow_symlinks=False) or have.inode() != entry.inode():
                    if have is not None:
                        shutil.rmtree(have.path) if have.is_dir(follow_symlinks=False) else os.unlink(have.path)
                    link_or_copy(Path(entry.path), Path(target, entry.name))
                self.staged.add(relative)
            self.entries[relative] = self.old[relative] if relative in self.old and \
                relative not in self.damaged else _entry_of(entry.path)
        for have in there.values():  # what the recycled folder has that the live one has not
            shutil.rmtree(have.path) if have.is_dir(follow_symlinks=False) else os.unlink(have.path)


def _entry_of(path: Path | str) -> tuple[int, int, str]:
    status = os.stat(path)
    digest = _hash_path(path)
    if digest is None:
        raise FileNotFoundError(errno.ENOENT, "cannot read", str(path))
    return status.st_size, status.st_mtime_ns, digest


def _foreign(out: Path, owned: Mapping[str, object], staging: Path) -> tuple[list[str], list[str]]:
    """The entries of the live folder that the build did not write: those to carry over
    into the new site (a folder as a whole where the new site has none) and those that
    stand where the new site has a file (or a file where it has a folder)."""
    owned_folders: set[str] = set()
    for path in owned:
        cut = path.rfind("/")
        while cut > 0 and path[:cut] not in owned_folders:
            owned_folders.add(path[:cut])
            cut = path.rfind("/", 0, cut)
    carry: list[str] = []
    conflicts: list[str] = []

    def staged(rel: str) -> os.stat_result | None:
        try:
            return os.lstat(os.path.join(staging, rel))
        except OSError:
            return None

    def visit(folder: str, prefix: str, blocked: bool) -> None:
        with os.scandir(folder) as listing:
            found = sorted(listing, key=lambda entry: entry.name)
        for entry in found:
            rel = prefix + entry.name
            if not prefix and (entry.name == MANIFEST_NAME or entry.name.startswith(STAGING_INSIDE)):
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            there = None if blocked else staged(rel)
            if is_dir and rel in owned_folders:  # a folder of the old site: look inside
                visit(entry.path, rel + "/", blocked or (there is not None and not stat.S_ISDIR(there.st_mode)))
            elif not is_dir and rel in owned:
                continue  # the old site's own file: it goes with the old site
            elif blocked or (there is not None and not (is_dir and stat.S_ISDIR(there.st_mode))):
                conflicts.append(rel)
            elif there is None:
                carry.append(rel)
            else:  # a foreign folder where the new site has one too: carry what is inside
                visit(entry.path, rel + "/", False)

    visit(str(out), "", False)
    return carry, conflicts


def _carry(source: Path, target: Path, paths: Iterable[str]) -> None:
    """Move each of `paths` from the folder `source` into `target`, where not there yet."""
    for rel in paths:
        src, dst = safe_join(source, rel), safe_join(target, rel)
        if os.path.lexists(src) and not os.path.lexists(dst):
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.rename(src, dst)


def _exchange_commit(out: Path, staging: Path, carry: list[str], keep_spare: bool) -> None:
    _write_journal(out, {"mode": "exchange", "staged": str(staging), "inode": os.stat(staging).st_ino,
                         "carry": carry, "spare": keep_spare})
    fault("journal")
    try:
        for n, rel in enumerate(carry):
            _carry(out, staging, [rel])
            if n == 0:
                fault("carried")
        exchange(staging, out)
    except BaseException:
        _carry(staging, out, carry)  # the live site is as it was
        _beside(out, "journal").unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    fault("exchanged")
    # the staged name now holds the old site: the next build's spare, or retired and deleted
    _retire(out, staging, keep_spare)
    fault("retired")
    _beside(out, "journal").unlink(missing_ok=True)
    fault("cleaning")
    for retired in out.parent.glob(f".{glob_escape(out.name)}.old-*"):
        shutil.rmtree(retired, ignore_errors=True)


def _retire(out: Path, old_site: Path, keep_spare: bool) -> None:
    """Keep the old site (after an exchange) as the spare the next build recycles
    (deleting a site's tree of folders costs far more than updating it), or move it
    to a retired name for deletion."""
    spare = _beside(out, "spare")
    if keep_spare and not os.path.lexists(spare):
        os.rename(old_site, spare)
    else:
        os.rename(old_site, tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))


def _inplace_commit(out: Path, staging: Path, old: Manifest, entries: Manifest) -> None:
    remove = sorted(set(old) - set(entries))
    _write_journal(out, {"mode": "inplace", "staged": str(staging), "remove": remove})
    fault("journal")
    try:
        _roll_forward(out, staging, remove)
    except OSError as exc:
        raise PublishInterrupted(f"updating {out} failed halfway ({_describe(exc)}); "
                                 "the next build completes the update") from exc
    _beside(out, "journal").unlink(missing_ok=True)


def _roll_forward(out: Path, staging: Path, remove: Iterable[str]) -> None:
    """Move every staged file into the live folder (but the manifest, last), delete the
    old files the new site does not have, and the staged folder. Done again from the
    start after an interruption, it finishes the job."""
    prefix = len(str(staging)) + 1
    moved = 0
    for folder, subfolders, names in os.walk(staging):
        subfolders.sort()
        rel = folder[prefix:].replace(os.sep, "/")
        for name in sorted(names):
            relative = f"{rel}/{name}" if rel else name
            if relative == MANIFEST_NAME:
                continue
            staged, target = os.path.join(folder, name), safe_join(out, relative)
            try:
                if os.path.samestat(os.lstat(staged), os.lstat(target)):
                    continue  # a link to the live file: unchanged
            except OSError:
                pass
            _make_room(out, target)
            os.replace(staged, target)
            moved += 1
            if moved == 1:
                fault("moved")
    emptied = set()
    for relative in remove:
        target = safe_join(out, relative)
        if target.is_symlink() or target.is_file():
            target.unlink()
            emptied.add(target.parent)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    fault("removed")
    if (staging / MANIFEST_NAME).exists():
        os.replace(staging / MANIFEST_NAME, out / MANIFEST_NAME)
    shutil.rmtree(staging, ignore_errors=True)


def _make_room(out: Path, target: Path) -> None:
    """Clear the way for a file at `target`: a folder there, or a file where one of its
    folders goes (the old site had another shape), is removed."""
    if target.is_symlink():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
    # a file or a link (even to a folder: a build never writes through one) where a folder goes
    folder = target.parent
    while folder != out:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder = folder.parent
    target.parent.mkdir(parents=True, exist_ok=True)


def holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a file (not a link) that already has exactly these bytes."""
    try:
        status = path.lstat()
        return stat.S_ISREG(status.st_mode) and status.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _describe(exc: OSError) -> str:
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


# --- the atomic exchange ------------------------------------------------------------------

AT_FDCWD = -100
RENAME_EXCHANGE = 2


@lru_cache(maxsize=1)
def _renameat2():  # -> the libc function, or None
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc < 2.28)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> None:
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE)."""
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(first))
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        code = __import__("ctypes").get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _exchange_works(staging: Path) -> bool:
    """Whether folders on the staged folder's file system can be exchanged (tried on two
    empty folders in it)."""
    if os.environ.get("FACTCHECK_NO_EXCHANGE") or _renameat2() is None:
        return False
    first, second = staging / ".probe-a", staging / ".probe-b"
    first.mkdir()
    second.mkdir()
    try:
        exchange(first, second)
        return True
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.EXDEV):
            return False
        raise
    finally:
        first.rmdir()
        second.rmdir()


def is_mount_point(path: Path) -> bool:
    """Whether `path` is a mount point (a bind mount of the same file system included)."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo", "rb") as handle:
            points = [line.split()[4] for line in handle if len(line.split()) > 4]
    except OSError:
        return False
    # (mountinfo writes a space, a tab, a newline and a backslash as octal escapes)
    unescape = re.compile(rb"\\([0-7]{3})")
    return os.fsencode(path) in {unescape.sub(lambda m: bytes([int(m[1], 8)]), point) for point in points}
