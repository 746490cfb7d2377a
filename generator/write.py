"""Write stage: everything new goes to a temporary folder first, then into the site.

A failed build never touches the published folder: files go to a sibling temp
folder first (same file system, so moving them in is a rename each), and only when
the whole build succeeded do they replace the old ones (the approach of Lektor's
builder).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping


class UnsafeOutput(Exception):
    """The output folder is somewhere the build must not replace."""


def safe_join(root: Path, relative: str) -> Path:
    """root/relative, refusing absolute paths and '..' so nothing lands outside root."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise UnsafeOutput(f"refusing to write outside the site folder: {relative!r}")
    return root.joinpath(*parts)


def check_output_folder(out_dir: Path, protected: list[Path]) -> None:
    """Refuse to replace a folder that holds content/templates or is not a site we built."""
    out = out_dir.resolve()
    for path in protected:
        path = path.resolve()
        if out == path or out in path.parents:
            raise UnsafeOutput(f"the output folder {out_dir} contains {path}; choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise UnsafeOutput(f"{out_dir} exists and is not a folder; choose another --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "crossref.json").is_file():
        raise UnsafeOutput(
            f"{out_dir} is not empty and was not built by factcheck (no crossref.json); "
            "refusing to replace it: empty it or choose another --out"
        )


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
    current site it leaves as they are; `replaced`, folders it made anew in the
    temporary folder, each to replace its counterpart as a whole."""

    kept: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


def write_site(files: Mapping[str, bytes], out_dir: Path, keep: Iterable[str] = (),
               finish: Callable[[Path, Callable[[str], Path]], Folders] | None = None,
               before_commit: Callable[[], None] | None = None) -> None:
    """Make `out_dir` hold exactly `files` (site path -> bytes) plus `keep`, paths of the
    current site that stay as they are.

    Everything is first written to a sibling temporary folder (same file system):
    `files` that differ from what `out_dir` holds, and whatever `finish` adds (the search
    indexer: it gets the folder and where each site path's finished file is, and says
    which folders it kept or made). Only when all of that succeeded is `out_dir`
    changed: a new site is renamed into place; an existing one gets each new file (or
    replaced folder) by a rename (atomic per file, as Lektor's builder does) and loses
    the files the new site no longer has. So a failed build leaves `out_dir` untouched,
    and a small edit costs a few renames, not a copy of the whole site. `before_commit`
    runs just before `out_dir` starts changing (the build forgets there what it knew of
    the old site: an interrupted update leaves a mix of both).
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = not out_dir.is_dir()
    keep = set(keep)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        written: set[str] = set()
        for relative in sorted(files):
            target = safe_join(staging, relative)
            if not fresh and holds(safe_join(out_dir, relative), files[relative]):
                keep.add(relative)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
            written.add(relative)
        folders = Folders()
        if finish is not None:
            folders = finish(staging, lambda path: (staging if fresh or path in written else out_dir) / path)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is world-readable
        if before_commit is not None:
            before_commit()
        if fresh:
            os.rename(staging, out_dir)
            return
        _commit(staging, out_dir, keep, folders, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a file (not a link) that already has exactly these bytes."""
    try:
        status = path.lstat()
        return stat.S_ISREG(status.st_mode) and status.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _commit(staging: Path, out_dir: Path, keep: set[str], folders: Folders, differ: set[str]) -> None:
    """Move the replaced folders and then every file of `staging` into `out_dir` (files
    outside `differ`, known to differ, only when they do), then delete what the new site
    no longer has: files neither moved nor in `keep`, outside the folders kept or
    replaced, and the folders that leaves empty."""
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    try:
        missing = [folder for folder in folders.replaced if not safe_join(staging, folder).is_dir()]
        if missing:  # checked before anything moves
            raise FileNotFoundError(f"the build made no folder {missing[0]}")
        for n, folder in enumerate(sorted(folders.replaced)):
            target, made = safe_join(out_dir, folder), safe_join(staging, folder)
            old = retired / str(n)
            if target.exists():
                os.rename(target, old)
            try:
                _make_room(out_dir, target)
                os.rename(made, target)
            except BaseException:
                if old.exists():
                    os.rename(old, target)  # put the old folder back
                raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
    new: set[str] = set()
    top = len(str(staging)) + 1
    for root, dirs, names in os.walk(staging):
        dirs.sort()
        rel_root = root[top:] + "/" if len(root) > top else ""
        for name in sorted(names):
            staged, target = os.path.join(root, name), out_dir / (rel_root + name)
            new.add(rel_root + name)
            if rel_root + name not in differ and holds(target, Path(staged).read_bytes()):
                continue
            _make_room(out_dir, target)
            os.replace(staged, target)
    emptied = _prune(out_dir, new | keep, set(folders.kept) | set(folders.replaced))
    for folder in sorted(emptied, reverse=True):  # a folder after the folders inside it
        while folder != str(out_dir) and _is_empty(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    os.utime(out_dir)  # the folder was changed (build.output_fingerprint reads this)


def _prune(out_dir: Path, wanted: set[str], whole: set[str]) -> list[str]:
    """Delete from `out_dir` every file whose site path is not in `wanted` (outside the
    folders in `whole`, left as they are) and every link to a folder; return the folders
    that lost something. (os.scandir, whose entries know their type: a site has a folder
    per page, and a stat of each costs a large archive's rebuild a quarter of a second.)"""
    emptied = []
    folders = [(str(out_dir), "")]
    while folders:
        root, rel_root = folders.pop()
        gone, links = [], []
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.is_dir():  # following links, as os.walk does
                    if entry.is_symlink():
                        links.append(entry.path)  # a link to a folder: never part of a site we built
                    elif rel_root + entry.name not in whole:
                        folders.append((entry.path, rel_root + entry.name + "/"))
                elif rel_root + entry.name not in wanted:
                    gone.append(entry.path)
        for path in links + gone:
            os.unlink(path)
        if links or (gone and rel_root):
            emptied.append(root)
    return emptied


def _is_empty(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return not any(entries)
    except FileNotFoundError:  # removed already, with an emptied folder inside it
        return False


def _make_room(out_dir: Path, target: Path) -> None:
    """Clear the way for a file at `target`: a folder there, or a file where one of its
    folders goes (the old site had another shape), is removed."""
    if target.is_symlink():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
    # a file or a link (even to a folder: a build never writes through one) where a folder goes
    folder = target.parent
    while folder != out_dir:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder = folder.parent
    target.parent.mkdir(parents=True, exist_ok=True)
