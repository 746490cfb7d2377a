"""`factcheck serve`: build, serve on localhost, rebuild and reload the browser on changes."""

from __future__ import annotations

import sys
from pathlib import Path

from .build import build, default_templates
from .diagnostics import ContentError


def rebuild(content_dir: Path, out_dir: Path, templates_dir: Path, cache_dir: Path | None, workers: int) -> bool:
    """One build; problems are printed and the last good site keeps being served."""
    try:
        report = build(content_dir, out_dir, templates_dir=templates_dir, cache_dir=cache_dir, workers=workers)
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print("factcheck: build failed; still serving the last good site", file=sys.stderr)
        return False
    except Exception as exc:  # a template error must not stop the server
        print(f"factcheck: build failed: {exc}; still serving the last good site", file=sys.stderr)
        return False
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(f"factcheck: rebuilt: {report.pages_rendered} of {report.pages_total} pages changed", file=sys.stderr)
    return True


def serve(content_dir: Path, out_dir: Path, templates_dir: Path | None, host: str = "127.0.0.1",
          port: int = 8000, open_browser: bool = False, cache_dir: Path | None = None, workers: int = 1) -> int:
    from livereload import Server

    templates_dir = templates_dir or default_templates(content_dir)
    def again() -> None:
        rebuild(content_dir, out_dir, templates_dir, cache_dir, workers)

    if not rebuild(content_dir, out_dir, templates_dir, cache_dir, workers) and not out_dir.is_dir():
        return 1
    server = Server()
    for watched in (content_dir, templates_dir):
        server.watch(str(watched / "**" / "*"), again, delay=0.2)
        server.watch(str(watched / "*"), again, delay=0.2)
    print(f"factcheck: serving {out_dir} at http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.serve(root=str(out_dir.absolute()), host=host, port=port, open_url_delay=1 if open_browser else None,
                 restart_delay=0)
    return 0
