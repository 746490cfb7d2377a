"""Property-based tests (issue 13): generated content folders, valid and broken.

Hypothesis draws content folders (site.yaml, claims.yaml and claims/*.yaml, sources/*.md)
from a model of valid content, then breaks some of them: YAML that does not parse,
unknown keys, wrong types, bad ids, unknown or duplicate ids, missing required keys,
CRLF/CR line endings, BOMs, Unicode (other scripts, combining marks, emoji), control
characters, over-long values, bytes that are not UTF-8, files the build does not read.
Every folder is built in-process (`generator.cli.main`, `--no-search`), and:

- the build never fails with anything but its own exit codes, and prints no traceback
  (FACTCHECK_TRACEBACK=1 is set, so an unexpected exception is raised here, with its
  traceback, instead of becoming an "internal error" line);
- every line it prints is `path:line:col: severity: message`, the path inside the content
  folder and the position inside that file, or one plain `factcheck: ...` line; a failed
  build names at least one error, and as many as its last line counts;
- a folder made by the generator of valid content builds (exit 0, warnings at most);
- a build with a cache after random edits (some of them broken, which must leave the site
  as it was) gives the very bytes of a clean build of the final content.

The suite runs a few hundred cases. A long campaign runs the same properties with
FACTCHECK_PROPERTY_EXAMPLES=N (examples per property) and, optionally,
FACTCHECK_PROPERTY_COUNT=FILE (where each property adds the number of cases it ran);
bench/property_campaign.sh runs them for a given time.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis import strategies as st

from test_build import manifest, tree

from generator.cli import main
from generator.urls import slugify

EXAMPLES = int(os.environ.get("FACTCHECK_PROPERTY_EXAMPLES") or 0)
# The suite's cases are the same on every run (derandomize); a campaign's are new each
# round, and its failures are kept in its own example database.
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=not EXAMPLES,
                **({"database": DirectoryBasedExampleDatabase(os.environ["FACTCHECK_PROPERTY_DB"])}
                   if os.environ.get("FACTCHECK_PROPERTY_DB") else {}))


def examples(suite: int) -> int:
    return EXAMPLES or suite


# --- Counting cases (for the campaign's report) ----------------------------------------

CASES: dict[str, int] = {}


def _count(name: str) -> None:
    CASES[name] = CASES.get(name, 0) + 1


@atexit.register
def _report_cases() -> None:
    target = os.environ.get("FACTCHECK_PROPERTY_COUNT")
    if target and CASES:
        with open(target, "a", encoding="utf-8") as out:
            for name, count in sorted(CASES.items()):
                out.write(f"{name} {count}\n")


# --- Running the CLI in-process -----------------------------------------------------

@dataclass(frozen=True)
class Result:
    code: int
    stderr: str
    seconds: float


def run(*args: str | os.PathLike) -> Result:
    """`factcheck ARGS` in this process, its stderr captured. An exception the CLI does not
    turn into one of its own lines is raised (FACTCHECK_TRACEBACK=1): the test fails with it."""
    err, saved = io.StringIO(), {k: os.environ.get(k) for k in ("FACTCHECK_TRACEBACK", "SOURCE_DATE_EPOCH")}
    os.environ["FACTCHECK_TRACEBACK"] = "1"
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    start = time.perf_counter()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main([str(a) for a in args])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Result(code, err.getvalue(), time.perf_counter() - start)


def build(content: Path, out: Path, *extra: str | os.PathLike) -> Result:
    return run("build", "--content", content, "--out", out, "--no-search", "--quiet", "--jobs", "1", *extra)


DIAGNOSTIC = re.compile(r"(?P<path>[^\n]+?):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<severity>error|warning): \S.*")
PLAIN = re.compile(r"factcheck: \S.*")
FAILED = re.compile(r"factcheck: build failed with (?P<count>[0-9]+) problem\(s\); the site in .* was left unchanged")


def lines_of(path: Path) -> list[str] | None:
    """The file's lines as the build reads them (BOM dropped, line endings \\n), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def promoted(diagnostic: re.Match, strict: bool) -> bool:
    """Whether the diagnostic fails the build: an error, or with --strict a warning but those
    --strict leaves alone (unknown keys of a source's front matter, a language the matcher
    has no resources for)."""
    if diagnostic["severity"] == "error":
        return True
    message = diagnostic.group(0)[diagnostic.end("severity") + 2:]
    return strict and not (re.match(r'unknown key ".*" in source front matter', message)
                           or message.startswith("the matcher has no resources for language"))


def check_output(result: Result, content: Path, strict: bool = False) -> list[re.Match]:
    """Every line is a located diagnostic or one plain line; returns the diagnostics."""
    assert result.code in (0, 1), f"exit code {result.code}:\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.seconds < 60, f"a build of a tiny folder took {result.seconds:.1f}s"
    lines = result.stderr.splitlines()
    assert result.stderr == "" or result.stderr.endswith("\n")
    diagnostics, plain = [], []
    root = str(content)
    for line in lines:
        match = DIAGNOSTIC.fullmatch(line)
        if match is None:
            assert PLAIN.fullmatch(line), f"neither a located diagnostic nor a plain line: {line!r}"
            plain.append(line)
            continue
        diagnostics.append(match)
        path, number, column = match["path"], int(match["line"]), int(match["column"])
        assert path == root or path.startswith(root + "/"), f"not a path in the content folder: {line!r}"
        assert number >= 1 and column >= 1, line
        file_lines = lines_of(Path(path)) if Path(path).is_file() else None
        if file_lines is not None:
            assert number <= len(file_lines), f"line {number} of a file of {len(file_lines)} lines: {line!r}"
            assert column <= len(file_lines[number - 1]) + 1, \
                f"column {column} of a line of {len(file_lines[number - 1])} characters: {line!r}"
        elif not Path(path).exists() and "\\" not in path:  # (a name with a control character is escaped)
            assert (number, column) == (1, 1), f"a position in a file that does not exist: {line!r}"
    if result.code == 1:
        failing = [d for d in diagnostics if promoted(d, strict)]
        assert failing or any(p.startswith("factcheck: error:") for p in plain), \
            f"a failed build names no problem:\n{result.stderr}"
        counted = [FAILED.fullmatch(p) for p in plain if FAILED.fullmatch(p)]
        if counted:
            assert plain[-1] == lines[-1] and len(counted) == 1, result.stderr
            assert int(counted[0]["count"]) == len(failing), result.stderr
    else:
        assert not plain, result.stderr  # --quiet: a good build prints its warnings only
        assert all(d["severity"] == "warning" for d in diagnostics), result.stderr
        assert not any(promoted(d, strict) for d in diagnostics), result.stderr
    return diagnostics


# --- Text ----------------------------------------------------------------------------

WORDS = ("the dam holds million cubic metres of water ferry service to Eastport started again in May mayor "
         "Jane Holt signed agreement Tokyo London on Thursday Wednesday troops percent budget rose fell by more "
         "than not about at least yesterday minister said report").split()
NUMBERS = ("12", "40", "1998", "3.5", "2,400", "£3m", "$1.2bn", "17%", "1/2", "14:30")
# other scripts, combining marks (decomposed and stacked), emoji (with joiners and
# modifiers), ligatures, letters whose case changes their length, invisible characters
UNICODE = ("café", "cafe\u0301", "naïve", "Zoë", "a\u0308\u0301\u0327", "日本", "東京", "防衛", "Україна", "Київ",
           "Ελλάδα", "ΣΊΣΥΦΟΣ", "مرحبا", "שָׁלוֹם", "हिन्दी", "한국어", "ไทย", "🎉", "👩‍👩‍👧", "👍🏽", "🇯🇵",
           "ß", "İstanbul", "ﬁnance", "ǅ", "½", "Ⅻ", "x²", "\u00a0", "zero\u200bwidth", "e\u200de", "\u2028",
           "\u2029", "\u00ad", "\ufeff", "\U0001d54f", "\U000e0041", "\u0301")
MARKDOWN = ("**{}**", "*{}*", "`{}`", "[{}](https://example.org/a)", "<em>{}</em>", "{} &amp; co", "# {}",
            "- {}", "> {}", "{}\\", "<script>{}</script>", "{}[^1]", "| {} | x |")

# any character a page can carry (what load.py and schema.py refuse is left out)
ALLOWED = st.characters(blacklist_categories=("Cs",),
                        blacklist_characters="".join(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]))
                        + "\ufffe\uffff")
words = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(NUMBERS), st.sampled_from(UNICODE),
                  st.text(ALLOWED, min_size=1, max_size=6).filter(str.strip))
sentence = st.lists(words, min_size=1, max_size=10).map(" ".join).filter(str.strip).map(
    lambda s: s[0].upper() + s[1:] + "." if s[-1] not in ".!?" else s)
line_text = sentence.map(lambda s: s.replace("\n", " "))


@st.composite
def paragraph(draw) -> str:
    text = " ".join(draw(st.lists(sentence, min_size=1, max_size=4)))
    if draw(st.integers(0, 4)) == 0:
        text = draw(st.sampled_from(MARKDOWN)).format(text)
    return text


bodies = st.lists(st.one_of(paragraph(), paragraph(), st.just("---")), min_size=1, max_size=4).map(
    lambda paragraphs: "\n\n".join(paragraphs) + "\n").filter(lambda b: b.strip(" \n-"))

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
TAGS = ("dams", "Défense", "日本", "україна", "Ελλάδα", "Asia-Pacific", "emoji 🎉 fun", "İstanbul", "ﬁnance", "x²",
        "Straße", "e\u0301lan", "Ⅻ century", "한국어", "العربية")
tags = st.one_of(st.sampled_from(TAGS), st.text(ALLOWED, min_size=1, max_size=12).filter(str.strip))


def dates(low: int = 2015, high: int = 2030):
    return st.dates(dt.date(low, 1, 1), dt.date(high, 12, 31))


@st.composite
def datetimes(draw) -> object:
    """A date (a YAML date) or an RFC 3339 date-time string, with or without a zone."""
    day = draw(dates())
    if draw(st.booleans()):
        return day
    clock = draw(st.times()).replace(microsecond=0)
    zone = draw(st.sampled_from(["Z", "z", "+01:00", "-05:30", "+14:00", ""]))
    separator = draw(st.sampled_from(["T", "t", " "]))
    return f"{day.isoformat()}{separator}{clock.isoformat()}{zone}"


urls = st.builds(lambda host, path: f"https://{host}.example.org/{path}", ids,
                 st.from_regex(r"[a-zA-Z0-9_%~.-]{0,12}", fullmatch=True))


# --- The model of a content folder ---------------------------------------------------

@dataclass(frozen=True)
class Encoding:
    newline: str = "\n"
    bom: bool = False
    allow_unicode: bool = True
    flow: bool | None = False


encodings = st.builds(Encoding, st.sampled_from(["\n", "\n", "\r\n", "\r"]), st.booleans(), st.booleans(),
                      st.sampled_from([False, None, True]))


@dataclass(frozen=True)
class Quote:
    """A stance's quote: the `n`th sentence of its source's body, as it is when written out."""

    n: int
    fragment: bool = False  # only the sentence's first words


@dataclass
class Model:
    site: dict
    sources: dict  # id -> [front matter, body]
    claims: list  # [file name ("claims.yaml" or "claims/x.yaml"), claim]
    encodings: dict = field(default_factory=dict)  # file -> Encoding

    def copy(self) -> "Model":
        import copy

        return copy.deepcopy(self)


@st.composite
def sites(draw) -> dict:
    site = {"title": draw(line_text), "base_url": draw(urls.map(lambda u: u.rsplit("/", 1)[0] + "/"))}
    optional = {
        "description": line_text,
        "language": st.sampled_from(["en", "en-GB", "en-US"]),
        "timezone": st.sampled_from(["UTC", "Europe/London", "Asia/Tokyo", "America/St_Johns", "Pacific/Kiritimati",
                                     "Etc/GMT+12"]),
        "publisher": st.fixed_dictionaries({"name": line_text}, optional={"url": urls, "logo": urls}),
        "unreviewed": st.sampled_from(["all", "confident", "none"]),
        "confident_above": st.floats(0, 1),
        "search": st.fixed_dictionaries({"full_text": st.booleans()}),
        "matching": st.fixed_dictionaries({}, optional={"min_relevance": st.floats(0.05, 0.5),
                                                        "candidates_kept": st.integers(1, 5),
                                                        "relevant_above": st.floats(0, 1),
                                                        "differs_above": st.floats(0, 1),
                                                        "nearest_from": st.floats(0, 1)}),
        "max_source_bytes": st.just(2_000_000),
    }
    for key, strategy in optional.items():
        if draw(st.integers(0, 3)) == 0:
            site[key] = draw(strategy)
    if draw(st.integers(0, 3)) == 0:
        keys = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
        site["ratings"] = [{"key": k, "label": draw(line_text), "value": draw(st.integers(-3, 10)),
                            **({"description": draw(line_text)} if draw(st.booleans()) else {})} for k in keys]
    return site


DEFAULT_RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "unproven")


@st.composite
def sources(draw) -> tuple[dict, str]:
    front = {"title": draw(line_text)}
    optional = {"outlet": line_text, "author": line_text, "published": datetimes(), "url": urls,
                "language": st.sampled_from(["en", "en-GB"]), "description": line_text,
                "tags": st.lists(tags, max_size=3), "draft": st.booleans()}
    for key, strategy in optional.items():
        if draw(st.integers(0, 2)) == 0:
            front[key] = draw(strategy)
    if draw(st.integers(0, 5)) == 0:  # as CMSs write them
        for name, alias in (("published", "date"), ("url", "canonical_url")):
            if name in front:
                front[alias] = front.pop(name)
    return front, draw(bodies)


def sentences_of(body: str) -> list[str]:
    """Stretches of a body a quote can be: its sentences (split at . and newlines), stripped."""
    parts = [p.strip(" -#>*`|\\") for p in re.split(r"(?<=[.!?])\s|\n", body)]
    return [p for p in parts if len(p.split()) >= 2]


@st.composite
def claims(draw, source_ids: list[str], bodies_by_id: dict[str, str]) -> dict:
    claim: dict = {"id": draw(ids)}
    said = [s for b in bodies_by_id.values() for s in sentences_of(b)]
    claim["claim"] = draw(st.sampled_from(said)) if said and draw(st.booleans()) else draw(line_text)
    optional = {"claimant": line_text, "claim_date": dates(), "appearance": urls,
                "verdict": st.sampled_from(DEFAULT_RATINGS), "summary": st.lists(paragraph(), min_size=1, max_size=2).map(
                    "\n\n".join), "tags": st.lists(tags, max_size=3), "look_for": st.lists(line_text, max_size=2),
                "published": datetimes(), "updated": datetimes(), "draft": st.booleans()}
    for key, strategy in optional.items():
        if draw(st.integers(0, 2)) == 0:
            claim[key] = draw(strategy)
    if source_ids and draw(st.integers(0, 2)) == 0:
        claim["sources"] = draw(st.lists(st.sampled_from(source_ids), min_size=1, unique=True))
    if source_ids and draw(st.integers(0, 2)) == 0:
        rulings = {}
        for source_id in draw(st.lists(st.sampled_from(source_ids), min_size=1, unique=True)):
            stance = draw(st.sampled_from(["agrees", "differs", "silent"]))
            ruling: dict = {"stance": stance}
            if stance != "silent" and draw(st.booleans()):
                ruling["quote"] = Quote(draw(st.integers(0, 20)), draw(st.booleans()))
            if draw(st.booleans()):
                ruling["note"] = draw(paragraph())
            rulings[source_id] = ruling
        claim["stances"] = rulings
    return claim


@st.composite
def models(draw) -> Model:
    source_list = draw(st.lists(st.tuples(ids, sources()), min_size=0, max_size=3, unique_by=lambda t: t[0]))
    srcs = {i: [front, body] for i, (front, body) in source_list}
    bodies_by_id = {i: body for i, (_, body) in srcs.items()}
    claim_list = draw(st.lists(claims(list(srcs), bodies_by_id), min_size=1, max_size=4))
    files = draw(st.lists(st.sampled_from(["claims.yaml", "claims/a.yaml", "claims/b-2.yaml", "claims/日本.yaml"]),
                          min_size=len(claim_list), max_size=len(claim_list)))
    model = Model(draw(sites()), srcs, [[f, c] for f, c in zip(files, claim_list)])
    for path in files_of(model):
        model.encodings[path] = draw(encodings)
    return repair(model)


def files_of(model: Model) -> list[str]:
    return ["site.yaml", *(f"sources/{i}.md" for i in model.sources), *sorted({f for f, _ in model.claims})]


def repair(model: Model) -> Model:
    """Make a model valid again after an edit: unique ids, references to what exists, one
    spelling per tag page, quotes that are in their sources."""
    seen, slugs = set(), {}
    ratings = {r["key"] for r in model.site.get("ratings", ())} or set(DEFAULT_RATINGS)
    kept = []
    for path, claim in model.claims:
        if claim["id"] in seen:
            continue
        seen.add(claim["id"])
        if "verdict" in claim and claim["verdict"] not in ratings:
            claim["verdict"] = sorted(ratings)[0]
        if "sources" in claim:
            claim["sources"] = [s for s in claim["sources"] if s in model.sources] or None
            if claim["sources"] is None:
                del claim["sources"]
        if "stances" in claim:
            claim["stances"] = {s: r for s, r in claim["stances"].items() if s in model.sources}
            for source_id, ruling in claim["stances"].items():
                if isinstance(ruling.get("quote"), Quote) and not sentences_of(model.sources[source_id][1]):
                    del ruling["quote"]
            if not claim["stances"]:
                del claim["stances"]
            elif "sources" in claim:  # a ruling is on a source the claim checks
                claim["sources"] += [s for s in claim["stances"] if s not in claim["sources"]]
        if "tags" in claim:
            claim["tags"] = [slugs.setdefault(slugify(t), t) for t in claim["tags"] if tag_ok(t)]
        kept.append([path, claim])
    model.claims = kept
    for front, _ in model.sources.values():
        if "tags" in front:
            front["tags"] = [t for t in front["tags"] if tag_ok(t)]
    return model


def tag_ok(tag: str) -> bool:
    import unicodedata

    return any(unicodedata.category(c)[0] in "LN" for c in tag) and len(slugify(tag).encode()) <= 200


def dump(data, encoding: Encoding) -> str:
    return yaml.safe_dump(data, allow_unicode=encoding.allow_unicode, sort_keys=False,
                          default_flow_style=encoding.flow, width=70)


def resolve(claim: dict, sources: dict) -> dict:
    """A claim as written: its quotes taken from its sources' bodies."""
    if not isinstance(claim, dict):
        return claim
    claim = dict(claim)
    if isinstance(claim.get("stances"), dict):
        rulings = {}
        for source_id, ruling in claim["stances"].items():
            ruling = dict(ruling) if isinstance(ruling, dict) else ruling
            if isinstance(ruling, dict) and isinstance(ruling.get("quote"), Quote):
                said = sentences_of(sources[source_id][1]) if source_id in sources else []
                if said:
                    text = said[ruling["quote"].n % len(said)]
                    ruling["quote"] = " ".join(text.split()[:3]) if ruling["quote"].fragment else text
                else:
                    ruling["quote"] = "not in any source at all"
            rulings[source_id] = ruling
        claim["stances"] = rulings
    return claim


def encode(text: str, encoding: Encoding) -> bytes:
    if encoding.newline != "\n":
        text = text.replace("\n", encoding.newline)
    return (("\ufeff" if encoding.bom else "") + text).encode("utf-8", "surrogatepass")


def serialize(model: Model) -> dict[str, bytes]:
    """The content folder's files and their bytes."""
    enc = lambda path: model.encodings.get(path, Encoding())  # noqa: E731
    files = {"site.yaml": encode(dump(model.site, enc("site.yaml")), enc("site.yaml"))}
    for source_id, (front, body) in model.sources.items():
        path = f"sources/{source_id}.md"
        files[path] = encode(f"---\n{dump(front, enc(path))}---\n{body}", enc(path))
    by_file: dict[str, list] = {}
    for path, claim in model.claims:
        by_file.setdefault(path, []).append(resolve(claim, model.sources))
    for path, entries in by_file.items():
        files[path] = encode(dump({"claims": entries}, enc(path)), enc(path))
    return files


# --- Breaking a model ------------------------------------------------------------------

JUNK_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.just(""), st.just("   "), st.lists(st.integers(), max_size=2), st.dictionaries(ids, st.integers(), max_size=2),
    st.text(max_size=20),  # any character: controls, lone surrogates, U+FFFE
    st.sampled_from(["\x00", "a\x0cb", "\ud800", "\udfff x", "\ufffe", "x\x85y", "\x7f", "line\rbreak", "nan",
                     "inf", "1e999", "-0", "0x1F", "yes", "~", "2023-02-30", "2023-01-11T25:00:00Z", "Europe/Nowhere",
                     "../../etc/passwd", "UTC\n", "https://", "javascript:alert(1)", "https://x.org/ \nDisallow: /",
                     "http://[::1", "https://x.org:99999/", "a/../../../../../Q", "Upper-Case", "newline-id\n",
                     "-lead", "trail-", "double--hyphen", "a" * 201, "é" * 300, "x" * 5000]),
    dates(1, 9999), st.sampled_from(WORDS))


def nest(depth: int):
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def broken_models(draw) -> tuple[Model, dict[str, bytes]]:
    """A valid model, broken in one to four ways, and its files (broken further, maybe)."""
    model = draw(models())
    for _ in range(draw(st.integers(1, 4))):
        draw(st.sampled_from(MODEL_MUTATIONS))(draw, model)
    files = serialize(model)
    for _ in range(draw(st.integers(0, 2))):
        draw(st.sampled_from(FILE_MUTATIONS))(draw, files)
    return model, files


def _claims(draw, model: Model) -> dict:
    """One of the model's claims (a new one when a mutation left none)."""
    found = [c for _, c in model.claims if isinstance(c, dict)]
    if not found:
        model.claims.append(["claims.yaml", {"id": "fresh", "claim": "A claim."}])
        return model.claims[-1][1]
    return draw(st.sampled_from(found))


def _mappings(model: Model) -> list[dict]:
    found = [model.site, *(front for front, _ in model.sources.values()),
             *(c for _, c in model.claims if isinstance(c, dict))]
    for key in ("publisher", "search", "matching"):
        if isinstance(model.site.get(key), dict):
            found.append(model.site[key])
    found += [r for r in model.site.get("ratings", ()) if isinstance(r, dict)]
    found += [r for _, c in model.claims if isinstance(c, dict) and isinstance(c.get("stances"), dict) for r in c["stances"].values()
              if isinstance(r, dict)]
    return found


def m_unknown_key(draw, model):
    target = draw(st.sampled_from(_mappings(model)))
    target[draw(st.sampled_from(["titel", "verdcit", "categories", "slug", "x", "日本", "", "id ", "Title"]))] = \
        draw(JUNK_VALUES)


def m_wrong_value(draw, model):
    target = draw(st.sampled_from(_mappings(model)))
    key = draw(st.sampled_from(sorted(target, key=str) + ["published", "tags", "language", "url", "ratings"]))
    target[key] = draw(JUNK_VALUES)


def m_missing_required(draw, model):
    target = draw(st.sampled_from(_mappings(model)))
    for key in ("title", "base_url", "id", "claim", "name", "key", "label", "value", "stance"):
        if key in target and draw(st.booleans()):
            del target[key]
            return


def m_bad_reference(draw, model):
    claim = _claims(draw, model)
    what = draw(st.sampled_from(["sources", "stances", "verdict"]))
    name = draw(st.sampled_from(["nowhere", "Upper", "a" * 201, "", "x y", "日本"]))
    if what == "sources":
        claim["sources"] = [*claim.get("sources", ()), name]
    elif what == "stances":
        claim.setdefault("stances", {})[name] = {"stance": "agrees"}
    else:
        claim["verdict"] = name


def m_duplicate(draw, model):
    if model.sources and draw(st.booleans()):  # a source and a claim with one id are fine; two claims are not
        claim = _claims(draw, model)
        claim["id"] = draw(st.sampled_from(sorted(model.sources)))
    claim = _claims(draw, model)
    path = next(p for p, c in model.claims if c is claim)
    model.claims.append([draw(st.sampled_from(["claims.yaml", "claims/z.yaml", path])), dict(claim)])


def m_quote(draw, model):
    if not model.sources:
        return
    claim = _claims(draw, model)
    source_id = draw(st.sampled_from(sorted(model.sources)))
    claim.setdefault("stances", {})[source_id] = {
        "stance": draw(st.sampled_from(["agrees", "differs", "silent", "maybe"])),
        "quote": draw(st.one_of(line_text, st.just(""), st.just("\n"), st.builds(Quote, st.integers(0, 9))))}


def m_tags(draw, model):
    claim = _claims(draw, model)
    claim["tags"] = draw(st.lists(st.sampled_from(["Défense", "defense", "DEFENSE", "!!!", "🎉", "-", "x" * 250,
                                                   "日本" * 40, "e\u0301", "é", "", "ǅ", "Ǆ"]), min_size=1, max_size=3))


def m_site(draw, model):
    key = draw(st.sampled_from(["max_source_bytes", "timezone", "confident_above", "ratings", "matching", "language",
                                "unreviewed", "base_url", "search"]))
    model.site[key] = draw(st.one_of(JUNK_VALUES, st.sampled_from([
        10, 0, -1, 2.5, [], [{"key": "a", "label": "A", "value": 1}, {"key": "a", "label": "B", "value": 2}],
        {"min_relevance": 2}, {"candidates_kept": 0}, {"candidates_kept": -3}, {"candidates_kept": 1.5},
        {"relevant_above": -1}, {"nearest_from": 7}, {"full_text": "sometimes"}, "fr", "zh-Hant-TW", "x-klingon",
        "Asia/Tokio", "confident", "https://x.example.org/?q=1", "https://x.example.org/#top"])))


def m_deep(draw, model):
    target = draw(st.sampled_from(_mappings(model)))
    target[draw(st.sampled_from(["tags", "title", "claim", "look_for"]))] = nest(draw(st.integers(50, 150)))


def m_source_body(draw, model):
    if not model.sources:
        model.sources["x"] = [{"title": "X"}, ""]
    source = model.sources[draw(st.sampled_from(sorted(model.sources)))]
    source[1] = draw(st.sampled_from(["", "\n", "   \n", "---\n", "\x00", "\ud800", "a\x0cb\n", "é" * 3000,
                                      "---\ntitle: again\n---\n", "\ufeffbody\n", "x\x85\u2028\u2029y\n"]))


def m_source_name(draw, model):
    if not model.sources:
        return
    old = draw(st.sampled_from(sorted(model.sources)))
    new = draw(st.sampled_from(["Upper", "with space", "日本", "a" * 201, "dot.ted", "-lead", "x--y", "é", "a\tb"]))
    model.sources[new] = model.sources.pop(old)
    if f"sources/{old}.md" in model.encodings:
        model.encodings[f"sources/{new}.md"] = model.encodings.pop(f"sources/{old}.md")


def m_claims_shape(draw, model):
    path, _ = draw(st.sampled_from(model.claims))
    model.claims = [[p, c] for p, c in model.claims if p != path] + [[path, draw(JUNK_VALUES)]]


MODEL_MUTATIONS = (m_unknown_key, m_wrong_value, m_wrong_value, m_missing_required, m_bad_reference, m_duplicate,
                   m_quote, m_tags, m_site, m_deep, m_source_body, m_source_name, m_claims_shape)

YAML_NOISE = (":", ": ", "- ", "-", "[", "]", "{", "}", "'", '"', "#", "&a ", "*a", "!!binary ", "!!python/object ",
              "|", ">", "%YAML 1.1\n", "@", "`", "\t", " ", "\n", "\n  ", "\ufeff", "\x00", "\x85", "\u2028", "\ud800",
              "é", "\r", "---\n", "...\n", "? ", "<<: ", "\\", "\\x", "\"\\ud800\"", "\"\\x01\"", "\"\\r\"")


def fm_insert(draw, files):
    path = draw(st.sampled_from(sorted(files)))
    data = files[path]
    at = draw(st.integers(0, len(data)))  # (inside a character at times: bytes that are not UTF-8)
    noise = draw(st.one_of(st.sampled_from(YAML_NOISE), st.text(max_size=4)))
    files[path] = data[:at] + noise.encode("utf-8", "surrogatepass") + data[at:]


def fm_cut(draw, files):
    path = draw(st.sampled_from(sorted(files)))
    data = files[path]
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 40)))
    files[path] = data[:start] + data[end:]


def fm_bytes(draw, files):
    path = draw(st.sampled_from(sorted(files)))
    data = files[path]
    at = draw(st.integers(0, len(data)))
    files[path] = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00",
                                                    b"\r", b"\r\n", b"\xc0\xaf", b"\xf4\x90\x80\x80"])) + data[at:]


def fm_endings(draw, files):
    path = draw(st.sampled_from(sorted(files)))
    text = files[path].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    files[path] = b"".join(line + draw(st.sampled_from([b"\n", b"\r\n", b"\r"])) for line in text.split(b"\n"))


def fm_extra(draw, files):
    name = draw(st.sampled_from(["notes.txt", "sources/x.markdown", "sources/Upper.MD", "sources/.hidden.md",
                                 "sources/x.md~", "sources/.#x.md", "sources/#x.md#", "claims/x.yml",
                                 "claims/.x.yaml.swp", "sources/sub/x.md", "claims/sub/c.yaml", "claims/empty.yaml",
                                 "sources/empty.md", "sources/é.md", "sources/nl\n.md", "claims/\udcff.yaml"]))
    files[name] = draw(st.sampled_from([b"", b"claims: []\n", b"---\ntitle: T\n---\nBody.\n", b"\xff\xfe"]))


def fm_remove(draw, files):
    files.pop(draw(st.sampled_from(sorted(files))))


def fm_alias_bomb(draw, files):
    levels = draw(st.integers(2, 6))
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 6) + "]" for i in range(1, levels)]
    path = draw(st.sampled_from(sorted(files)))
    files[path] = "\n".join(lines).encode() + b"\n" + files[path]


FILE_MUTATIONS = (fm_insert, fm_insert, fm_insert, fm_cut, fm_bytes, fm_endings, fm_extra, fm_remove, fm_alias_bomb)


# --- Writing folders -----------------------------------------------------------------

def write(content: Path, files: dict[str, bytes], mtime: int | None = None) -> None:
    """Make `content` hold exactly `files`: changed files written (their mtime set to
    `mtime` seconds, as an editor saving later would), others deleted."""
    content.mkdir(parents=True, exist_ok=True)
    for path in sorted(content.rglob("*"), reverse=True):
        relative = path.relative_to(content).as_posix()
        if path.is_file() and relative not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative, data in files.items():
        path = content / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.read_bytes() == data:
                continue
            path.write_bytes(data)
        except (OSError, UnicodeEncodeError):  # a name this file system cannot hold
            continue
        if mtime is not None:
            os.utime(path, (mtime, mtime))


@contextlib.contextmanager
def folder():
    with tempfile.TemporaryDirectory(prefix="factcheck-property-") as scratch:
        yield Path(scratch)


def show(files: dict[str, bytes], limit: int = 3000) -> str:
    """The files, for the report of a failing case (long ones cut short)."""
    cut = lambda data: repr(data) if len(data) <= limit else f"{data[:limit]!r}... ({len(data)} bytes)"  # noqa: E731
    return "\n".join(f"--- {path!r}\n{cut(data)}" for path, data in sorted(files.items()))


# --- The properties ------------------------------------------------------------------

@settings(max_examples=examples(60), **SETTINGS)
@given(models(), st.booleans())
def test_a_valid_folder_builds(model, strict):
    _count("valid")
    files = serialize(model)
    note(show(files))
    with folder() as scratch:
        write(scratch / "content", files)
        result = build(scratch / "content", scratch / "site", "--no-cache", *(["--strict"] if strict else []))
        check_output(result, scratch / "content", strict)
        assert result.code == 0, result.stderr
        assert (scratch / "site" / "index.html").is_file() and (scratch / "site" / "crossref.json").is_file()


@settings(max_examples=examples(200), **SETTINGS)
@given(broken_models(), st.booleans(), st.booleans())
def test_a_broken_folder_is_reported_line_by_line(case, strict, check_first):
    _count("broken")
    _, files = case
    note(show(files))
    with folder() as scratch:
        content = scratch / "content"
        write(content, files)
        if check_first:
            checked = run("check", "--content", content, *(["--strict"] if strict else []))
            assert checked.code in (0, 1), checked.stderr
            assert "Traceback" not in checked.stderr and "internal error" not in checked.stderr, checked.stderr
        result = build(content, scratch / "site", "--no-cache", *(["--strict"] if strict else []))
        located = check_output(result, content, strict)
        if check_first:  # check is the build's first phase: the same problems, the same outcome
            assert checked.code == result.code, (checked.stderr, result.stderr)
            assert [line for line in checked.stderr.splitlines() if DIAGNOSTIC.fullmatch(line)] == \
                [m.group(0) for m in located], (checked.stderr, result.stderr)


@st.composite
def edited(draw, model: Model) -> Model:
    """`model` after an editor's change: valid, or (`broken`) not."""
    model = model.copy()
    kind = draw(st.sampled_from(["claim", "claim", "add-claim", "drop-claim", "move-claim", "source", "source",
                                 "add-source", "drop-source", "site", "encoding", "touch", "draft"]))
    source_ids = sorted(model.sources)
    bodies_by_id = {i: b for i, (_, b) in model.sources.items()}
    if kind == "claim":
        i = draw(st.integers(0, len(model.claims) - 1))
        new = draw(claims(source_ids, bodies_by_id))
        if draw(st.booleans()):
            new["id"] = model.claims[i][1]["id"]
        model.claims[i][1] = new
    elif kind == "add-claim":
        model.claims.append([draw(st.sampled_from(["claims.yaml", "claims/a.yaml", "claims/c.yaml"])),
                             draw(claims(source_ids, bodies_by_id))])
    elif kind == "drop-claim" and len(model.claims) > 1:
        model.claims.pop(draw(st.integers(0, len(model.claims) - 1)))
    elif kind == "move-claim":
        i = draw(st.integers(0, len(model.claims) - 1))
        model.claims[i][0] = draw(st.sampled_from(["claims.yaml", "claims/a.yaml", "claims/moved.yaml"]))
    elif kind == "source" and source_ids:
        chosen = draw(st.sampled_from(source_ids))
        front, body = model.sources[chosen]
        if draw(st.booleans()):
            body = draw(bodies)
        else:  # a figure or a word changed, as a correction would
            body = body.replace(draw(st.sampled_from(WORDS + list(NUMBERS))), draw(words), 1)
        new_front, _ = draw(sources())
        model.sources[chosen] = [new_front if draw(st.booleans()) else front, body if body.strip() else "x\n"]
    elif kind == "add-source" and len(source_ids) < 3:
        model.sources[draw(ids)] = list(draw(sources()))
    elif kind == "drop-source" and source_ids:
        model.sources.pop(draw(st.sampled_from(source_ids)))
    elif kind == "site":
        model.site = draw(sites())
    elif kind == "encoding":
        path = draw(st.sampled_from(files_of(model)))
        model.encodings[path] = draw(encodings)
    elif kind == "draft":
        target = draw(st.sampled_from([c for _, c in model.claims] + [f for f, _ in model.sources.values()]))
        target["draft"] = not target.get("draft", False)
    for path in files_of(model):
        model.encodings.setdefault(path, Encoding())
    return repair(model)


@settings(max_examples=examples(50), **SETTINGS)
@given(models(), st.data())
def test_an_incremental_build_equals_a_clean_one(model, data):
    _count("incremental")
    until = data.draw(st.sampled_from([[], ["--until", "2022-06-01"], ["--until", "2031-01-01"], ["--drafts"]]))
    with folder() as scratch:
        content, cache, out = scratch / "content", scratch / "cache", scratch / "site"
        files = serialize(model)
        note(f"first:\n{show(files)}")
        write(content, files)
        result = build(content, out, "--cache-dir", cache, *until)
        check_output(result, content)
        assert result.code == 0, result.stderr
        clock = 1_700_000_000
        for step in range(data.draw(st.integers(1, 3))):
            clock += 10
            if data.draw(st.integers(0, 3)) == 0:  # a broken edit: the site stays as it was
                before = (tree(out), manifest(out))
                _, broken = data.draw(broken_models())
                note(f"step {step}, broken:\n{show(broken)}")
                write(content, broken, clock)
                result = build(content, out, "--cache-dir", cache, *until)
                check_output(result, content)
                if result.code == 1:
                    assert (tree(out), manifest(out)) == before
                continue
            model = data.draw(edited(model))
            files = serialize(model)
            note(f"step {step}:\n{show(files)}")
            write(content, files, clock)
            if data.draw(st.integers(0, 4)) == 0:  # saved again, the same bytes
                for path in content.rglob("*"):
                    if path.is_file():
                        os.utime(path, (clock + 5, clock + 5))
            result = build(content, out, "--cache-dir", cache, *until)
            check_output(result, content)
            assert result.code == 0, result.stderr
        files = serialize(model)
        write(content, files, clock + 20)
        result = build(content, out, "--cache-dir", cache, *until)
        assert result.code == 0, result.stderr
        clean = scratch / "clean"
        shutil.copytree(content, scratch / "content2")
        result = build(scratch / "content2", clean, "--no-cache", *until)
        assert result.code == 0, result.stderr
        assert tree(out) == tree(clean)
        assert manifest(out) == manifest(clean)
