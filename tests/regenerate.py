"""Regenerate the expected outputs: `python tests/regenerate.py`.

- tests/broken/<case>/expected.txt: what `factcheck check` prints for each broken input;
- tests/golden/: key fragments of the example site (the <main> of chosen pages, crossref.json).

Review the diff (`git diff tests/`) before committing: it is the change in behaviour.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import EXAMPLE_CONTENT, run_cli  # noqa: E402
from golden import GOLDEN, GOLDEN_PAGES, fragment  # noqa: E402

BROKEN = Path(__file__).parent / "broken"


def main() -> None:
    for case in sorted(p for p in BROKEN.iterdir() if (p / "content").is_dir()):
        result = run_cli("check", "--content", "content", cwd=case)
        (case / "expected.txt").write_text(result.stderr, encoding="utf-8")
        print(f"wrote {case.relative_to(BROKEN.parent)}/expected.txt")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = run_cli("build", "--content", EXAMPLE_CONTENT, "--out", out, "--no-search", "--quiet")
        if result.returncode != 0:
            sys.exit(result.stderr)
        GOLDEN.mkdir(exist_ok=True)
        for page, name in GOLDEN_PAGES.items():
            (GOLDEN / name).write_text(fragment(out / page), encoding="utf-8")
            print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
