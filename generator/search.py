"""Search index: Pagefind, run over the finished HTML before the site is swapped in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path) -> None:
    """Run Pagefind (the `pagefind[bin]` package) on `site_dir`, writing `site_dir/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - the interpreter itself is missing
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind-ui.js").is_file():
        detail = (result.stderr or result.stdout).strip() or f"exit code {result.returncode}"
        raise SearchIndexError(
            f"Pagefind failed to index the site: {detail}\n"
            "Is the pagefind[bin] package installed? (pip install 'pagefind[bin]'); "
            "or build with --no-search"
        )
