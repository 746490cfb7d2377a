"""Load and check the content folder: the first stage of the pipeline.

`load_content` reads site.yaml, sources/*.md and claims.yaml + claims/*.yaml, checks
every rule, and returns the frozen `Content` together with every diagnostic found.
It never stops at the first problem, and it writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
import urllib.parse
import zlib
from pathlib import Path

import yaml

from . import urls
from .cache import digest
from .diagnostics import Diagnostic, did_you_mean, quoted
from .frontmatter import split_front_matter
from .matching import MatchSettings, Stance
from .model import (DEFAULT_MAX_SOURCE_BYTES, DEFAULT_RATINGS, Claim, Content, Correction, EditorRuling, Publisher, Rating,
                    SiteConfig, Source)
from .schema import (CLAIMS_FILE, FORBIDDEN_CHARS, ID_PATTERN, ID_RULE, MAX_ID_LENGTH, SOURCE_FRONT_MATTER, Located,
                     Validator, forbidden_char, local_date, site_schema)
from .yamldoc import compose


def display_path(path: Path) -> str:
    """Paths in diagnostics: relative to the working directory when below it."""
    # (string operations: this runs for every file of the archive on every build)
    text, cwd = str(path), os.getcwd()
    if text == cwd:
        return "."
    below = os.path.join(cwd, "")
    return text[len(below):] if text.startswith(below) else text


def read_text(path: Path, diagnostics: list[Diagnostic]) -> str | None:
    """Read a UTF-8 file, the one way every input is decoded: a leading BOM is dropped and
    line endings become \n (CRLF and CR alike, as Python's text files read them), so a
    file saved on Windows reads as the same text. A decoding error names the line and
    column of the bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:  # no permission, or gone since the folder was listed
        diagnostics.append(Diagnostic(display_path(path), 1, 1, "error",
                                      f"cannot read the file: {exc.strerror or exc}"))
        return None
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        before = decode(data[: exc.start], errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        diagnostics.append(
            Diagnostic(
                display_path(path), line, column, "error",
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save it as UTF-8",
            )
        )
        return None
    bad = FORBIDDEN_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        more = len(FORBIDDEN_CHARS.findall(text, bad.end()))
        diagnostics.append(Diagnostic(display_path(path), line, column, "error",
                                      f"the file holds {forbidden_char(bad.group())}"
                                      + (f" (and {more} more in this file)" if more else "")))
        return None
    return text


def decode(data: bytes, errors: str = "strict") -> str:
    """UTF-8 bytes as text: without a leading BOM, every line ending \n."""
    text = data.decode("utf-8", errors)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _date_of(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A written date as it is; a date-time's date is set once the site's timezone is known (in_zone)."""
    return None if isinstance(value, dt.datetime) else value


def _get(entry: dict[str, Located], key: str, default=None):
    located = entry.get(key)
    return located.value if located is not None else default


def load_site(path: Path, diagnostics: list[Diagnostic], root: Path | None = None) -> SiteConfig | None:
    shown = display_path(path)
    if root is not None and not _inside(path, root, diagnostics):
        return None
    if not path.is_file():
        diagnostics.append(
            Diagnostic(shown, 1, 1, "error", "site config not found; create site.yaml with at least title and base_url")
        )
        return None
    text = read_text(path, diagnostics)
    if text is None:
        return None
    node, problems = compose(text, shown)
    diagnostics.extend(problems)
    if problems:
        return None
    if node is None:
        diagnostics.append(Diagnostic(shown, 1, 1, "error", "site config is empty; set at least title and base_url"))
        return None
    validator = Validator(shown)
    entry = validator.mapping(node, site_schema(), "site config")
    diagnostics.extend(validator.diagnostics)
    if entry is None or "title" not in entry or "base_url" not in entry:
        return None
    ratings = DEFAULT_RATINGS
    if "ratings" in entry:
        ratings = tuple(
            Rating(r.value["key"].value, r.value["label"].value, _get(r.value, "value"),
                   _get(r.value, "description", ""))
            for r in entry["ratings"].value
            if all(k in r.value for k in ("key", "label"))
        )
        keys = [r.key for r in ratings]
        for located, rating in zip(entry["ratings"].value, ratings):
            if keys.count(rating.key) > 1:
                diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                              f'rating key "{rating.key}" is defined more than once'))
        if not ratings:
            located = entry["ratings"]
            diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                          "the rating scale is empty; list at least one rating"))
            ratings = DEFAULT_RATINGS
    publisher = None
    if "publisher" in entry and "name" in entry["publisher"].value:
        p = entry["publisher"].value
        publisher = Publisher(p["name"].value, _get(p, "url"), _get(p, "logo"))
    matching = MatchSettings()
    if "matching" in entry:
        overrides = {k: v.value for k, v in entry["matching"].value.items()}
        matching = dataclasses.replace(matching, **overrides)
    base_url = entry["base_url"].value
    parts = urllib.parse.urlsplit(base_url)
    if parts.query or parts.fragment or base_url.endswith(("?", "#")):
        located = entry["base_url"]
        diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                      f"base_url is {quoted(base_url)}: pages' addresses are made by appending"
                                      " to it; remove its query (?...) and fragment (#...)"))
    limit = _get(entry, "max_source_bytes", DEFAULT_MAX_SOURCE_BYTES)
    if not isinstance(limit, int) or limit < 1:
        located = entry["max_source_bytes"]
        diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                      f"max_source_bytes is {limit}; write a whole number of bytes, e.g. 2000000"))
        limit = DEFAULT_MAX_SOURCE_BYTES
    if "language" in entry:
        from .matching.language import language_warning

        warning = language_warning(str(entry["language"].value))
        if warning:
            located = entry["language"]
            # not promoted by --strict: a site in a language the matcher has no module for
            # still deploys (the README says what it gets)
            diagnostics.append(Diagnostic(shown, located.line, located.column, "warning", warning, strict=False))
    timezone = _get(entry, "timezone", "UTC")
    if "timezone" in entry and not _known_timezone(timezone):
        located = entry["timezone"]
        zones = _timezones()
        hint = did_you_mean(timezone, zones) or did_you_mean(timezone.replace(" ", "_"), zones)
        diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                      f"timezone is {quoted(timezone)}{hint}, not a timezone: write an IANA name"
                                      " such as UTC, Europe/London or America/New_York"))
        timezone = "UTC"
    confident_above = _get(entry, "confident_above", 0.8)
    if not 0 <= confident_above <= 1:
        located = entry["confident_above"]
        diagnostics.append(Diagnostic(shown, located.line, located.column, "error",
                                      f"confident_above is {confident_above}; write a confidence from 0 to 1, e.g. 0.8"))
        confident_above = 0.8
    return SiteConfig(
        title=entry["title"].value,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        description=_get(entry, "description", ""),
        language=_get(entry, "language", "en"),
        publisher=publisher,
        ratings=ratings,
        matching=matching,
        search_full_text=_get(entry["search"].value, "full_text", True) if "search" in entry else True,
        max_source_bytes=limit,
        timezone=timezone,
        unreviewed=_get(entry, "unreviewed", "all"),
        confident_above=confident_above,
    )


def _timezones() -> list[str]:
    import zoneinfo

    return sorted(zoneinfo.available_timezones())


def _known_timezone(name: str) -> bool:
    import zoneinfo

    if name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError, OSError):
        return False
    return True


def in_zone(item, zone: dt.tzinfo):
    """A source or claim with its date-times (kept as written in `published_at`, `updated_at`)
    in the site's timezone: a date-time with no zone gets it, and `published`, `updated` are
    the dates they fall on there. Items written with plain dates are returned as they are."""
    changes = {}
    for name in ("published", "updated"):
        at = getattr(item, f"{name}_at", None)
        if isinstance(at, dt.datetime):
            at = at if at.tzinfo is not None else at.replace(tzinfo=zone)
            changes |= {f"{name}_at": at, name: local_date(at, zone)}
    corrections = getattr(item, "corrections", ())
    if any(isinstance(c.date_at, dt.datetime) for c in corrections):
        localised = []
        for correction in corrections:
            at = correction.date_at
            if isinstance(at, dt.datetime):
                at = at if at.tzinfo is not None else at.replace(tzinfo=zone)
                correction = dataclasses.replace(correction, date_at=at, date=local_date(at, zone))
            localised.append(correction)
        changes["corrections"] = tuple(sorted(localised, key=lambda c: c.date, reverse=True))  # newest first
    if not changes:
        return item
    changed = dataclasses.replace(item, **changes)
    if "body_key" in item.__dict__:  # digested when loaded: the body is the same
        changed.__dict__["body_key"] = item.__dict__["body_key"]
    return changed


def load_source(path: Path, diagnostics: list[Diagnostic]) -> Source | None:
    shown = display_path(path)
    problems_before = len(diagnostics)
    if not ID_PATTERN.fullmatch(path.stem):
        diagnostics.append(Diagnostic(shown, 1, 1, "error",
                                      f'source file name {quoted(path.stem)} is not a valid id: rename the file using {ID_RULE}'))
    elif len(path.stem) > MAX_ID_LENGTH:
        diagnostics.append(Diagnostic(shown, 1, 1, "error", f"source file name is {len(path.stem)} characters long;"
                                      f" an id has at most {MAX_ID_LENGTH}: rename the file"))
    text = read_text(path, diagnostics)
    if text is None:
        return None
    split = split_front_matter(text)
    if split.unclosed:
        diagnostics.append(Diagnostic(shown, 1, 1, "error",
                                      "front matter is not closed: add a line with --- after the metadata"))
        return None
    if split.meta is None:
        diagnostics.append(Diagnostic(shown, 1, 1, "error",
                                      "missing front matter: start the file with ---, a title: line, and ---"))
        return None
    node, problems = compose(split.meta, shown, line_offset=split.meta_line - 1)
    diagnostics.extend(problems)
    if problems:
        return None
    if node is None:
        diagnostics.append(Diagnostic(shown, 1, 1, "error", 'front matter is empty; it needs at least "title"'))
        return None
    validator = Validator(shown)
    entry = validator.mapping(node, SOURCE_FRONT_MATTER, "source front matter")
    diagnostics.extend(validator.diagnostics)
    if entry is None or len([d for d in diagnostics[problems_before:] if d.severity == "error"]):
        return None
    if not split.body.strip():
        diagnostics.append(Diagnostic(shown, split.body_line, 1, "warning", "the article body is empty"))
    source = Source(
        id=path.stem,
        path=shown,
        title=entry["title"].value,
        body=split.body,
        outlet=_get(entry, "outlet"),
        author=_get(entry, "author"),
        published=_date_of(_get(entry, "published")),
        url=_get(entry, "url"),
        language=_get(entry, "language"),
        published_at=_get(entry, "published"),
        description=_get(entry, "description"),
        tags=tuple(t.value for t in _get(entry, "tags", ())),
        draft=_get(entry, "draft", False),
    )
    source.key, source.card_key  # computed now, they are cached with the parsed file (noqa: B018)
    return source


def load_claims_file(path: Path, diagnostics: list[Diagnostic]) -> list[tuple[Claim, dict[str, Located]]]:
    """The claims of one file, each with its validated fields (their positions serve later checks)."""
    shown = display_path(path)
    text = read_text(path, diagnostics)
    if text is None:
        return []
    node, problems = compose(text, shown)
    diagnostics.extend(problems)
    if problems:
        return []
    if node is None:
        diagnostics.append(Diagnostic(shown, 1, 1, "warning", "claims file is empty"))
        return []
    validator = Validator(shown)
    entry = validator.mapping(node, CLAIMS_FILE, "claims file")
    diagnostics.extend(validator.diagnostics)
    if entry is None or "claims" not in entry:
        return []
    claims = []
    for located in entry["claims"].value:
        c = located.value
        if "id" not in c or "claim" not in c:
            continue
        rulings = tuple(
            (source_id, EditorRuling(Stance(r.value["stance"].value), _get(r.value, "note"), _get(r.value, "quote")))
            for source_id, r in sorted(_get(c, "stances", {}).items())
            if "stance" in r.value
        )
        source_ids = _get(c, "sources")
        claims.append((
            Claim(
                id=c["id"].value,
                text=c["claim"].value,
                path=shown,
                line=located.line,
                claimant=_get(c, "claimant"),
                claim_date=_get(c, "claim_date"),
                appearance=_get(c, "appearance"),
                verdict=_get(c, "verdict"),
                summary=_get(c, "summary"),
                tags=tuple(t.value for t in _get(c, "tags", ())),
                look_for=tuple(t.value for t in _get(c, "look_for", ())),
                source_ids=None if source_ids is None else tuple(s.value for s in source_ids),
                rulings=rulings,
                published=_date_of(_get(c, "published")),
                updated=_date_of(_get(c, "updated")),
                published_at=_get(c, "published"),
                updated_at=_get(c, "updated"),
                draft=_get(c, "draft", False),
                corrections=tuple(sorted(
                    (Correction(_date_of(r.value["date"].value), r.value["note"].value, r.value["date"].value)
                     for r in _get(c, "corrections", ()) if "date" in r.value and "note" in r.value),
                    key=lambda correction: correction.date or dt.date.min, reverse=True)),  # (see in_zone)
                verdict_position=(c["verdict"].line, c["verdict"].column) if "verdict" in c else None,
            ),
            c,
        ))
    return claims


def check_references(site: SiteConfig | None, sources: list[Source],
                     claims: list[tuple[Claim, dict[str, Located]]], diagnostics: list[Diagnostic]) -> None:
    """Rules that span files: unique ids, known sources, known verdicts."""
    source_ids = {s.id for s in sources}
    bodies = {s.id: s.body for s in sources}
    first_seen: dict[str, Claim] = {}
    tag_pages: dict[str, tuple[str, str, int]] = {}
    for claim, fields in claims:

        def at(key: str) -> tuple[int, int]:
            located = fields.get(key)
            return (located.line, located.column) if located else (claim.line, 1)

        if claim.id in first_seen:
            other = first_seen[claim.id]
            line, column = at("id")
            diagnostics.append(Diagnostic(claim.path, line, column, "error",
                                          f'duplicate claim id "{claim.id}", first used at {other.path}:{other.line};'
                                          " give each claim its own id"))
        else:
            first_seen[claim.id] = claim
        for located in (fields["sources"].value if "sources" in fields else ()):
            if located.value not in source_ids:
                diagnostics.append(Diagnostic(claim.path, located.line, located.column, "error",
                                              f'unknown source id {quoted(located.value)}{did_you_mean(located.value, source_ids)};'
                                              " source ids are the file names in sources/ without .md"))
        for source_id, located in (fields["stances"].value.items() if "stances" in fields else ()):
            if source_id in source_ids and claim.source_ids is not None and source_id not in claim.source_ids:
                diagnostics.append(Diagnostic(claim.path, located.line, located.column, "error",
                                              f'stance for source {quoted(source_id)}, which this claim does not check;'
                                              f' add it to the claim\'s sources or remove the stance'))
            elif source_id not in source_ids:
                diagnostics.append(Diagnostic(claim.path, located.line, located.column, "error",
                                              f'stance for unknown source id {quoted(source_id)}{did_you_mean(source_id, source_ids)};'
                                              " source ids are the file names in sources/ without .md"))
            elif "quote" in located.value:
                check_quote(claim, source_id, located.value, bodies[source_id], diagnostics)
        for located in (fields["tags"].value if "tags" in fields else ()):
            check_tag(located, claim.path, tag_pages, diagnostics)
        if site is not None and claim.verdict is not None and site.rating(claim.verdict) is None:
            line, column = at("verdict")
            keys = [r.key for r in site.ratings]
            diagnostics.append(Diagnostic(claim.path, line, column, "error",
                                          f'unknown verdict {quoted(claim.verdict)}{did_you_mean(claim.verdict, keys)};'
                                          f" use one of: {', '.join(keys)}"))


def check_quote(claim: Claim, source_id: str, ruling: dict[str, Located], body: str,
                diagnostics: list[Diagnostic]) -> None:
    """An editor's quote must be in the source (see generator.quotes), and prove a stance
    that has a passage: else an error at the quote naming the closest passage."""
    from .quotes import closest_passage, find_quote

    located = ruling["quote"]
    quote = located.value

    def error(message: str) -> None:
        diagnostics.append(Diagnostic(claim.path, located.line, located.column, "error", message))

    if "stance" in ruling and ruling["stance"].value == "silent":
        error(f'a quote for source {quoted(source_id)}, ruled silent: a silent source has no passage to quote;'
              " remove the quote or change the stance")
    elif find_quote(body, quote) is None:
        closest = closest_passage(body, quote)
        hint = (f"; the closest passage is {quoted(closest[0], 240)}" if closest and closest[1] >= 50
                else "; no passage of the source comes close")
        error(f"quote {quoted(quote)} is not in the text of source {quoted(source_id)}{hint}: copy the passage"
              " from the source as it is written (line breaks and curly quotes may differ)")


MAX_SLUG_BYTES = 200  # a tag's slug names a folder: file systems allow 255 bytes a name


def check_tag(located: Located, path: str, tag_pages: dict[str, tuple[str, str, int]],
              diagnostics: list[Diagnostic]) -> None:
    """A tag names its page, /tags/<slug>/: it needs a letter or digit, a slug short enough
    for a folder name, and a page of its own (`tag_pages`: slug -> the first tag with it and
    where that was written; 'Défense' and 'defense' would share one)."""
    tag, slug = located.value, urls.slugify(located.value)

    def error(message: str) -> None:
        diagnostics.append(Diagnostic(path, located.line, located.column, "error", message))

    if not any(unicodedata.category(c)[0] in "LN" for c in tag):
        error(f"tag {quoted(tag)} has no letter or digit to name its page /tags/<name>/; write a word")
    elif len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        error(f"tag {quoted(tag)} is too long to name its page (at most {MAX_SLUG_BYTES} bytes of UTF-8)")
    elif slug not in tag_pages:
        tag_pages[slug] = (tag, path, located.line)
    elif tag_pages[slug][0] != tag:
        other, other_path, other_line = tag_pages[slug]
        error(f"tags {quoted(tag)} and {quoted(other)} (at {other_path}:{other_line}) would share one page,"
              f" /tags/{slug}/: spell them the same, or tell them apart")


class FileCache:
    """Per-file results of parsing, reused while the file is unchanged: while its size and
    mtime are (a stat), else when its bytes are (a digest: a fresh clone or a checkout
    gives every file a new mtime, as on a CI machine restoring the cache).

    A parsed file costs far more than a stat(); on a large archive this makes loading
    an unchanged content folder nearly free. Diagnostics are cached with the result so
    warnings are reported on every build, not only on the first.
    """

    def __init__(self, cache, name: str, buckets: int = 1):
        # Kept in `buckets` cache entries by a hash of the path: after an edit only the
        # entry holding the file is saved again (the parsed archive is tens of MB).
        self.cache, self.name, self.buckets = cache, name, buckets
        # display path -> (size, mtime_ns, digest of the bytes or None, parsed, diagnostics)
        self.previous: dict = {}
        if cache is not None:
            if buckets > 1:
                cache.forget(name)  # the single entry of earlier versions: stale, and large
            for bucket in range(buckets):
                self.previous.update(cache.load(self._entry(bucket)) or {})
        self.current: dict = {}
        self.changed: set[int] = set()  # buckets holding a file parsed or touched anew

    def _entry(self, bucket: int) -> str:
        return f"{self.name}-{bucket}" if self.buckets > 1 else self.name

    def _bucket(self, shown: str) -> int:
        return zlib.crc32(shown.encode("utf-8", "surrogateescape")) % self.buckets

    def get(self, path: Path, parse, diagnostics: list[Diagnostic]):
        stat = path.stat()
        shown = display_path(path)
        entry = self.previous.get(shown)
        if entry is not None and entry[:2] != (stat.st_size, stat.st_mtime_ns):
            # touched: the same bytes still parse the same
            same = entry[2] is not None and entry[0] == stat.st_size and _digest_of(path) == entry[2]
            entry = (stat.st_size, stat.st_mtime_ns, *entry[2:]) if same else None
            self.changed.add(self._bucket(shown))
        if entry is None:
            found: list[Diagnostic] = []
            before = _digest_of(path)
            parsed = parse(path, found)
            after = path.stat()
            # a file changed while it was read keeps no digest (its parse may hold either text)
            unchanged = (after.st_size, after.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
            entry = (stat.st_size, stat.st_mtime_ns, before if unchanged else None, parsed, tuple(found))
            self.changed.add(self._bucket(shown))
        self.current[shown] = entry
        diagnostics.extend(entry[4])
        return entry[3]

    def save(self) -> None:
        """Keep what was parsed for the next build: the buckets where a file changed,
        came or went."""
        if self.cache is None:
            return
        now: list[dict] = [{} for _ in range(self.buckets)]
        for shown, entry in self.current.items():
            now[self._bucket(shown)][shown] = entry
        gone = {self._bucket(shown) for shown in self.previous.keys() - self.current.keys()}
        for bucket in sorted(self.changed | gone):
            self.cache.save(self._entry(bucket), now[bucket])


def _digest_of(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


# Editors' lock, swap and backup files, passed over in silence: '.#name.md' (Emacs' lock,
# a link to nowhere), '#name.md#' (Emacs' auto-save), 'name.md~' (backups), '.name.md.swp'
# and '4913' (Vim), and every other hidden file ('.DS_Store').
_EDITOR_FILE = re.compile(r"\..*|#.*#|.*~|.*\.sw[a-p]|4913", re.DOTALL)


def _inside(path: Path, root: Path, diagnostics: list[Diagnostic]) -> bool:
    """Whether `path`, links followed, is inside the content folder `root` (resolved);
    if not, an error that names the link and nothing of what it leads to."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        target = None
    if target is not None and (target == root or root in target.parents):
        return True
    diagnostics.append(Diagnostic(display_path(path), 1, 1, "error",
                                  "a link that leads outside the content folder: the build reads only what is"
                                  " inside it; copy the file in instead of linking it"))
    return False


def _encodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's surrogate escapes of bytes that are not UTF-8
        return False
    return True


def input_files(folder: Path, suffix: str, root: Path, diagnostics: list[Diagnostic], kind: str,
                max_bytes: int | None = None) -> list[Path]:
    """The files of `folder` the build reads, sorted by name: `*suffix` regular files inside the
    content folder (`root`, resolved), of at most `max_bytes`. Editors' lock and backup files
    are passed over in silence; anything else in the folder is reported."""
    if not os.path.lexists(folder):
        return []
    if not _inside(folder, root, diagnostics):
        return []
    if not folder.is_dir():
        diagnostics.append(Diagnostic(display_path(folder), 1, 1, "warning",
                                      f"not read: {kind} go in a folder {folder.name}/, and this is not a folder"))
        return []
    paths = []
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if _EDITOR_FILE.fullmatch(name):
            continue
        path = folder / name

        def report(severity: str, message: str) -> None:
            diagnostics.append(Diagnostic(display_path(path), 1, 1, severity, message))  # type: ignore[arg-type]

        if not name.isprintable() and not _encodable(name):  # bytes that are not UTF-8
            report("error", "the file name is not valid UTF-8; rename the file")
            continue
        # (a link inside a folder inside the content folder is resolved, a plain entry need not be)
        if entry.is_symlink() and not _inside(path, root, diagnostics):
            continue
        if entry.is_dir():
            report("warning", f"not read: a folder; {kind} are the *{suffix} files directly in {folder.name}/")
        elif not name.endswith(suffix):
            stem = name.rsplit(".", 1)[0] if "." in name else name
            report("warning", f"not read: {kind} are *{suffix} files; rename it to {stem}{suffix} if it is one")
        elif not entry.is_file():
            report("warning", "not read: a link to nothing" if entry.is_symlink() else "not read: not a regular file")
        elif max_bytes is not None and (size := entry.stat().st_size) > max_bytes:
            report("error", f"the file is {size:,} bytes, over the limit of {max_bytes:,} for a source"
                            " (max_source_bytes in site.yaml): split the article, or raise the limit")
        else:
            paths.append(path)
    return paths


def load_content(content_dir: Path, cache=None) -> tuple[Content | None, list[Diagnostic]]:
    """Read and check everything. Content is None when there is any error.

    `cache` (a generator.cache.Cache) keeps parsed files between builds.
    """
    # sources and claims apart: an edited claim does not re-save the parsed archive
    source_files, claim_files = FileCache(cache, "sources", buckets=16), FileCache(cache, "claims")
    diagnostics: list[Diagnostic] = []
    if not content_dir.is_dir():
        diagnostics.append(Diagnostic(display_path(content_dir), 1, 1, "error",
                                      "content folder not found; pass --content DIR or run from the project folder"))
        return None, diagnostics
    root = content_dir.resolve()
    site = load_site(content_dir / "site.yaml", diagnostics, root)
    limit = site.max_source_bytes if site is not None else DEFAULT_MAX_SOURCE_BYTES
    sources = [
        source
        for path in input_files(content_dir / "sources", ".md", root, diagnostics, "sources", limit)
        if (source := source_files.get(path, load_source, diagnostics)) is not None
    ]
    claim_paths = input_files(content_dir / "claims", ".yaml", root, diagnostics, "claims files")
    single = content_dir / "claims.yaml"
    if os.path.lexists(single) and _inside(single, root, diagnostics):
        if single.is_file():
            claim_paths.insert(0, single)
        else:
            diagnostics.append(Diagnostic(display_path(single), 1, 1, "warning",
                                          "not read: not a regular file; claims.yaml is a file of claims"))
    claims = [claim for path in claim_paths for claim in claim_files.get(path, load_claims_file, diagnostics)]
    if not claim_paths:
        diagnostics.append(Diagnostic(display_path(content_dir / "claims.yaml"), 1, 1, "warning",
                                      "no claims found: write claims.yaml or claims/*.yaml"))
    check_references(site, sources, claims, diagnostics)
    source_files.save()
    claim_files.save()
    if site is None or any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    zone = site.zone
    return Content(site=site, sources=tuple(in_zone(s, zone) for s in sources),
                   claims=tuple(in_zone(c, zone) for c, _ in claims)), diagnostics
