"""Write stage: put the whole site in a temporary folder, then swap it in.

A failed build never touches the published folder: files go to a sibling temp
folder first (same file system, so the swap is two renames), and only a complete
site replaces the old one (the approach of Lektor's builder).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Mapping


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


def link_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            link_or_copy(path, target / path.relative_to(source))


def write_site(files: Mapping[str, bytes], out_dir: Path,
               finish: Callable[[Path], None] | None = None, reuse: Mapping[str, Path] | None = None) -> None:
    """Write `files` (site path -> bytes) as the new contents of `out_dir`, atomically.

    `reuse` maps more site paths to unchanged files of the previous site, hard-linked in.
    `finish` runs on the complete temporary folder before the swap (the search indexer);
    if it or anything else fails, the temporary folder is removed and `out_dir` is untouched.
    """
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    try:
        for relative in sorted(files):
            target = safe_join(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        for relative, previous in sorted((reuse or {}).items()):
            link_or_copy(previous, safe_join(staging, relative))
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is world-readable
        _swap(staging, out_dir.absolute())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(retired)
    os.rename(out_dir, retired)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(retired, out_dir)  # put the old site back
        raise
    shutil.rmtree(retired, ignore_errors=True)
