"""`factcheck serve`: build, serve on localhost, rebuild and reload the browser on changes."""

from __future__ import annotations

import sys
from pathlib import Path

from .build import build, default_templates
from .diagnostics import ContentError
from .render import plural


def rebuild(content_dir: Path, out_dir: Path, templates_dir: Path, cache_dir: Path | None, workers: int) -> bool:
    """One build; problems are printed and the last good site keeps being served."""
    try:
        # a preview: drafts and scheduled items too (build --drafts)
        report = build(content_dir, out_dir, templates_dir=templates_dir, cache_dir=cache_dir, workers=workers,
                       drafts=True)
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
    print(f"factcheck: rebuilt: {report.pages_rendered} of {plural(report.pages_total, 'page', 'pages')} changed", file=sys.stderr)
    return True


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the server answers: its own address and port by name or number.

    Another Host means a page elsewhere reached the server through a name that resolves
    to this machine (DNS rebinding) to read unpublished drafts: it gets a 403."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in ("", "0.0.0.0", "::"):  # serving on another address: that one too
        names.add(f"[{host}]" if ":" in host else host.lower())
    return frozenset(f"{name}:{port}" for name in names) | (frozenset(names) if port == 80 else frozenset())


def guarded_server(host: str, port: int):
    """A livereload Server that answers only its own Host and, when a request has one, its
    own Origin, for pages and for the live-reload websocket alike (livereload's accepts any)."""
    from livereload import Server
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptInjector
    from tornado import escape, web

    hosts = allowed_hosts(host, port)
    origins = frozenset(f"http://{name}" for name in hosts)

    class Forbidden(web.RequestHandler):
        def prepare(self) -> None:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"403 Forbidden: factcheck serve answers only http://127.0.0.1:{port}/,"
                        f" http://localhost:{port}/ and http://[::1]:{port}/\n")

    class GuardedApplication(web.Application):
        def find_handler(self, request, **kwargs):
            origin = request.headers.get("Origin")
            if request.host.lower() not in hosts or (origin is not None and origin.lower() not in origins):
                return self.get_handler_delegate(request, Forbidden)
            return super().find_handler(request, **kwargs)

    class GuardedServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True):
            # livereload's own, with GuardedApplication (for one port: serve passes no liveport)
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            live_handlers = [(r"/livereload", LiveReloadHandler), (r"/forcereload", ForceReloadHandler),
                             (r"/livereload.js", LiveReloadJSHandler)]
            live_script = escape.utf8(
                '<script type="text/javascript">(function(){var s=document.createElement("script");'
                "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
                's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
                "document.head.appendChild(s);})();</script>")

            class Transform(LiveScriptInjector):
                script = live_script

            app = GuardedApplication(handlers=live_handlers + self.get_web_handlers(live_script), debug=debug,
                                     transforms=[Transform])
            app.listen(port, address=host)

    return GuardedServer()


def serve(content_dir: Path, out_dir: Path, templates_dir: Path | None, host: str = "127.0.0.1",
          port: int = 8000, open_browser: bool = False, cache_dir: Path | None = None, workers: int = 1) -> int:
    templates_dir = templates_dir or default_templates(content_dir)
    def again() -> None:
        rebuild(content_dir, out_dir, templates_dir, cache_dir, workers)

    if not rebuild(content_dir, out_dir, templates_dir, cache_dir, workers) and not out_dir.is_dir():
        return 1
    server = guarded_server(host, port)
    for watched in (content_dir, templates_dir):
        server.watch(str(watched / "**" / "*"), again, delay=0.2)
        server.watch(str(watched / "*"), again, delay=0.2)
    print(f"factcheck: serving {out_dir} at http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.serve(root=str(out_dir.absolute()), host=host, port=port, open_url_delay=1 if open_browser else None,
                 restart_delay=0)
    return 0
