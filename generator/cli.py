"""The `factcheck` command: build, check, serve, explain, review, schema, eval."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path


from .diagnostics import ContentError, printable, quoted


def _print_diagnostics(diagnostics) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


class Progress:
    """Stage progress on stderr: one updating line on a terminal, plain lines elsewhere (CI logs)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        if self.tty:
            print(f"\r\033[Kfactcheck: {message}", end="", file=sys.stderr, flush=True)
        else:
            print(f"factcheck: {message}", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.tty and not self.quiet:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .render import RenderError
    from .search import SearchIndexError
    from .write import PublishInterrupted, UnsafeOutput

    progress = Progress(args.quiet)
    try:
        report = build(args.content, args.out, templates_dir=args.templates, strict=args.strict,
                       search=not args.no_search, cache_dir=None if args.no_cache else args.cache_dir,
                       workers=args.jobs, progress=progress, force=args.force, verify=args.verify,
                       until=args.until, drafts=args.drafts)
    except ContentError as exc:
        progress.done()
        _print_diagnostics(exc.diagnostics)
        count = sum(1 for d in exc.diagnostics if d.fails(args.strict))
        print(f"factcheck: build failed with {count} problem(s); the site in {args.out} was left unchanged",
              file=sys.stderr)
        return 1
    except (UnsafeOutput, SearchIndexError, PublishInterrupted) as exc:
        progress.done()
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, a read-only or vanished folder: before the site changed
        progress.done()
        where = f": {exc.filename}" if exc.filename else ""
        print(f"factcheck: error: {exc.strerror or exc}{where}; the site in {args.out} was left unchanged",
              file=sys.stderr)
        return 1
    except RenderError as exc:
        progress.done()
        print(exc, file=sys.stderr)
        print(f"factcheck: build failed; the site in {args.out} was left unchanged", file=sys.stderr)
        return 1
    progress.done()
    _print_diagnostics(report.diagnostics)
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps(report.as_dict()) + "\n", encoding="utf-8")
    if not args.quiet:
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.stages.items())
        from .render import plural

        rendered = (f"{report.pages_rendered} of {plural(report.pages_total, 'page', 'pages')} rendered"
                    if report.pages_rendered < report.pages_total else plural(report.pages_total, "page", "pages"))
        print(f"factcheck: built {args.out}: {rendered}, {plural(report.claims, 'claim', 'claims')}, "
              f"{plural(report.sources, 'source', 'sources')} "
              f"[{stages}]", file=sys.stderr)
    return 0


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cmd_check(args: argparse.Namespace) -> int:
    from .build import check
    from .review import match_claims
    from .rulings import contradictions, verdict_sides, with_claims

    try:
        content, diagnostics = check(args.content, args.strict)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        warnings = len(exc.diagnostics) - errors
        print(f"factcheck: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    # verdicts the sources contradict: only the claims whose verdict takes a side are matched
    sides = verdict_sides(content)
    sided = with_claims(content, lambda claim: claim.verdict in sides)
    if sided.claims:
        found = contradictions(sided, match_claims(sided, None, default_jobs()))
        diagnostics = sorted([*diagnostics, *found], key=lambda d: (d.path, d.line, d.column))
        if any(d.fails(args.strict) for d in found):
            _print_diagnostics(diagnostics)
            print(f"factcheck: {len(diagnostics)} warning(s), failing with --strict", file=sys.stderr)
            return 1
    _print_diagnostics(diagnostics)
    from .render import plural

    print(f"factcheck: content is valid: {plural(len(content.claims), 'claim', 'claims')}, "
          f"{plural(len(content.sources), 'source', 'sources')}"
          + (f", {len(diagnostics)} warning(s)" if diagnostics else ""), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.content, args.out, args.templates, host=args.host, port=args.port,
                 open_browser=args.open, cache_dir=None if args.no_cache else args.cache_dir, workers=args.jobs)


def cmd_explain(args: argparse.Namespace) -> int:
    from .build import check
    from .explain import explain

    try:
        content, _ = check(args.content)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        return 1
    try:
        print(explain(content, args.claim_id), end="")
    except KeyError as exc:
        print(f"factcheck: error: {exc.args[0]}", file=sys.stderr)
        return 1
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .build import check
    from .rulings import RulingError

    try:
        content, _ = check(args.content)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        print("factcheck: review needs content that checks; fix the errors above first", file=sys.stderr)
        return 1
    try:
        if args.action is None:
            return _review_list(content)
        return _review_write(content, args)
    except RulingError as exc:
        print(f"factcheck: error: {printable(str(exc))}", file=sys.stderr)
        return 1


def _review_list(content) -> int:
    from .review import match_claims
    from .rulings import format_unreviewed, unreviewed

    pending = unreviewed(match_claims(content, None, default_jobs()))
    print(format_unreviewed(pending), end="")
    if pending:
        print(f"factcheck: {len(pending)} automatic stance(s) not reviewed, least confident first; confirm one with"
              " `factcheck review accept CLAIM SOURCE`, or rule with `factcheck review set CLAIM SOURCE STANCE`",
              file=sys.stderr)
    else:
        print("factcheck: every automatic stance has been reviewed", file=sys.stderr)
    return 0


def _review_write(content, args: argparse.Namespace) -> int:
    from .build import check
    from .matching import Matcher
    from .quotes import closest_passage, find_quote
    from .rulings import RulingError, check_source, find_claim, write_ruling

    claim = find_claim(content, args.claim_id)
    check_source(content, claim, args.source_id)
    source = content.source(args.source_id)
    if args.action == "accept":
        matcher = Matcher({source.id: source.body}, content.site.matching, published={source.id: source.published},
                          language=content.site.language)
        match = matcher.match(claim.text, claim.look_for, [source.id], include_silent=True)[0]
        stance, quote, note = match.stance.value, None, None
    else:
        stance, quote, note = args.stance, args.quote, args.note
        if quote is not None and stance == "silent":
            raise RulingError("a silent source has no passage to quote; leave out --quote")
        if quote is not None and find_quote(source.body, quote) is None:
            closest = closest_passage(source.body, quote)
            hint = f"; the closest passage is {quoted(closest[0], 240)}" if closest and closest[1] >= 50 else ""
            raise RulingError(f"the quote is not in the text of source {quoted(source.id)}{hint}")
    path = Path(claim.path)
    original = path.read_bytes()
    before = write_ruling(path, claim.id, source.id, stance, quote, note)
    try:  # the file must still check: else it is put back as it was
        check(args.content)
    except ContentError as exc:
        path.write_bytes(original)
        _print_diagnostics(exc.diagnostics)
        raise RulingError(f"the ruling would leave {claim.path} with errors; it was left as it was") from None
    was = f" (it was: {before})" if before else ""
    print(f"factcheck: wrote {claim.path}: claim {quoted(claim.id)}, source {quoted(source.id)}: {stance}"
          f"{was}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schemas

    args.out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        path = args.out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"factcheck: wrote {path}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import format_report, pooled, report_to_dict, run_eval

    sets = [(d / "sources", d / "gold.yaml", d.name) for d in args.stories]
    if args.sources or args.gold:
        if not (args.sources and args.gold):
            print("factcheck: error: --sources and --gold go together", file=sys.stderr)
            return 1
        sets.append((args.sources, args.gold, str(args.sources)))
    if not sets:
        print("factcheck: error: name a story folder (with sources/ and gold.yaml), or --sources and --gold",
              file=sys.stderr)
        return 1
    for sources, gold, _ in sets:
        if not sources.is_dir() or not gold.is_file():
            print(f"factcheck: error: {sources if not sources.is_dir() else gold} not found", file=sys.stderr)
            return 1
    reports = [(name, run_eval(sources, gold)) for sources, gold, name in sets]
    if len(reports) > 1:
        reports.append(("pooled", pooled([r for _, r in reports])))
    if args.json:
        data = {name: report_to_dict(r) for name, r in reports}
        print(json.dumps(data if len(reports) > 1 else data[reports[0][0]], indent=2, ensure_ascii=False))
    else:
        for name, report in reports:
            if len(reports) > 1:
                print(f"== {name}")
            print(format_report(report), end="\n\n" if len(reports) > 1 else "")
    return 0


def _date_option(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-03-05") from None


def version() -> str:
    """The installed distribution's version (importlib.metadata), as `factcheck --version` prints it."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("factcheck")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="factcheck",
        description="Publish fact-checks as a static site: claims matched against source articles.",
    )
    main.add_argument("--version", action="version", version=f"factcheck {version()}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def content_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--content", type=Path, default=Path("content"),
                       help="the content folder (default: content)")

    def cache_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache-dir", type=Path, default=Path(".factcheck-cache"),
                       help="where to keep results between builds (default: .factcheck-cache)")
        p.add_argument("--no-cache", action="store_true", help="build everything from scratch")
        p.add_argument("--jobs", "-j", type=int, default=default_jobs(),
                       help=f"processes for matching and rendering (default: {default_jobs()}, the CPUs available)")

    build = commands.add_parser("build", help="build the site (atomically replaces the output folder)")
    content_option(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="the output folder (default: site)")
    build.add_argument("--templates", type=Path, default=None,
                       help="the templates folder (default: templates/ beside the content folder)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--until", type=_date_option, metavar="DATE",
                       help="the publication date: claims and sources dated after it are left out (default:"
                            " today in the site's timezone, or SOURCE_DATE_EPOCH's day when set)")
    build.add_argument("--drafts", action="store_true",
                       help="include drafts (draft: true) and items dated after the publication date")
    build.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    build.add_argument("--stats-json", metavar="FILE", help="write stage timings and counts as JSON to FILE")
    build.add_argument("--force", action="store_true",
                       help="build into a folder holding files factcheck did not write (they are kept)")
    build.add_argument("--verify", action="store_true",
                       help="check every published file by its hash, not only by size and mtime")
    cache_options(build)
    build.set_defaults(run=cmd_build)

    check = commands.add_parser("check", help="check the content and report every problem; writes nothing")
    content_option(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(run=cmd_check)

    serve = commands.add_parser("serve", help="build, serve locally and rebuild on changes, with live reload")
    content_option(serve)
    serve.add_argument("--out", type=Path, default=Path("site"), help="the output folder (default: site)")
    serve.add_argument("--templates", type=Path, default=None, help="the templates folder")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    cache_options(serve)
    serve.set_defaults(run=cmd_serve)

    explain = commands.add_parser("explain", help="show how the matcher ruled on a claim, source by source")
    explain.add_argument("claim_id", metavar="CLAIM_ID")
    content_option(explain)
    explain.set_defaults(run=cmd_explain)

    review = commands.add_parser(
        "review", help="list the automatic stances no editor has reviewed, least confident first; or write a ruling")
    content_option(review)
    review.set_defaults(run=cmd_review, action=None)
    actions = review.add_subparsers(dest="action", metavar="ACTION")
    accept = actions.add_parser("accept", help="write the matcher's stance as the editor's ruling")
    accept.add_argument("claim_id", metavar="CLAIM")
    accept.add_argument("source_id", metavar="SOURCE")
    setting = actions.add_parser("set", help="write the given ruling")
    setting.add_argument("claim_id", metavar="CLAIM")
    setting.add_argument("source_id", metavar="SOURCE")
    setting.add_argument("stance", choices=("agrees", "differs", "silent"), metavar="STANCE",
                         help="agrees, differs or silent")
    setting.add_argument("--quote", metavar="TEXT", help="the passage of the source that proves it (its evidence)")
    setting.add_argument("--note", metavar="TEXT", help="why (Markdown, shown with the ruling)")
    for action in (accept, setting):
        action.add_argument("--content", type=Path, default=argparse.SUPPRESS,
                            help="the content folder (default: content)")

    schema = commands.add_parser("schema", help="write JSON Schemas of claims files, site.yaml and source front"
                                                " matter, for editors' IDEs")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="the folder to write (default: schemas)")
    schema.set_defaults(run=cmd_schema)

    evaluate = commands.add_parser("eval", help="measure the matcher on a gold set")
    evaluate.add_argument("stories", type=Path, nargs="*", help="story folders, each with sources/ and gold.yaml")
    evaluate.add_argument("--sources", type=Path, help="folder of source .md files (with --gold)")
    evaluate.add_argument("--gold", type=Path, help="the gold.yaml file (with --sources)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.set_defaults(run=cmd_eval)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A build holds millions of small objects (parsed articles, cached match results) and
    # makes few reference cycles: with the default thresholds the cycle collector walks
    # all of them again and again, a fifth of a rebuild's time on a large archive.
    gc.set_threshold(50_000, 20, 100)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a disk full, a folder that cannot be read or written: one line
        print(f"factcheck: error: {printable(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line too, the traceback only when asked for
        if os.environ.get("FACTCHECK_TRACEBACK"):
            raise
        print(f"factcheck: internal error: {type(exc).__name__}: {printable(str(exc))}"
              " (set FACTCHECK_TRACEBACK=1 to see where)", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
