"""Nothing lost, nothing wrong published (issue 13): the build owns only what it wrote,
checks its cache and the published folder, swaps the new site in at once, survives a
kill at any point of the final move, and refuses a second build on the same folder."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SCRATCH_SITE, run_cli, write_files
from test_build import manifest, tree

SOURCES = {
    "sources/ferry.md": "---\ntitle: Ferry\n---\nThe ferry service to Eastport resumed in May after a long winter.\n",
    "sources/council.md": "---\ntitle: Council\n---\nThe council met on Tuesday and approved the harbour budget.\n",
    "sources/dam.md": "---\ntitle: Dam\n---\nThe dam holds 40 million cubic metres of water.\n",
}
CLAIMS = ("claims:\n  - id: ferry\n    claim: The ferry service to Eastport resumed in May.\n"
          "  - id: council\n    claim: The council approved the harbour budget on Tuesday.\n"
          "  - id: dam\n    claim: The dam holds 40 million cubic metres.\n")


def content_a() -> dict[str, str]:
    return {"site.yaml": SCRATCH_SITE, **SOURCES, "claims.yaml": CLAIMS}


def content_b() -> dict[str, str]:
    """content_a edited: a claim reworded, a source gone, another added."""
    files = {"site.yaml": SCRATCH_SITE, **SOURCES,
             "claims.yaml": CLAIMS.replace("resumed in May.", "restarted in May.")
             .replace("  - id: dam\n    claim: The dam holds 40 million cubic metres.\n",
                      "  - id: bridge\n    claim: The bridge opened in 1998.\n")}
    del files["sources/dam.md"]
    files["sources/bridge.md"] = "---\ntitle: Bridge\n---\nThe bridge opened in 1998 to great fanfare.\n"
    return files


def make_content(folder: Path, files: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    return write_files(folder, files)


def build(content: Path, out: Path, *extra: str, env: dict | None = None, check: bool = True):
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "--quiet", *extra, env=env)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def build_here(content: Path, out: Path, cache: Path | None = None, **options):
    """A build in this process (quicker than the command where its output is not under test)."""
    from generator.build import build as build_site

    return build_site(content, out, cache_dir=cache, search=False, **options)


def beside(out: Path) -> list[str]:
    """What the build left beside the site folder (staged, retired, journal, lock, scratch),
    but the spare (the site before the live one, recycled by the next build)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".") and p.name != f".{out.name}.spare")


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Clean builds of content_a and content_b: (tree, manifest without mtimes) of each."""
    root = tmp_path_factory.mktemp("clean")
    built = {}
    for name, files in (("a", content_a()), ("b", content_b())):
        content = make_content(root / f"content-{name}", files)
        out = root / f"site-{name}"
        build(content, out, "--no-cache")
        built[name] = (tree(out), manifest(out))
    return built


# --- the cache is verified ---------------------------------------------------------------

def test_a_cache_entry_damaged_anywhere_is_discarded_unread(tmp_path):
    from generator.cache import Cache

    cache = Cache(tmp_path / "cache", "scope")
    cache.save("entry", {"quote": "The dam holds 40 million cubic metres."})
    path = next((tmp_path / "cache").rglob("entry.pickle"))
    good = path.read_bytes()
    for offset in range(len(good)):  # the magic, the key, the checksum and the pickle alike
        damaged = bytearray(good)
        damaged[offset] ^= 0x01
        path.write_bytes(bytes(damaged))
        assert cache.load("entry") is None, offset
        assert not path.exists()  # deleted: the next build computes it again
    path.write_bytes(good[:-3])  # cut short
    assert cache.load("entry") is None
    path.write_bytes(good)
    assert cache.load("entry") == {"quote": "The dam holds 40 million cubic metres."}
    assert cache.load("entry", version="other code") is None and path.exists()  # stale, not damaged
    os.rename(path, path.with_name("other.pickle"))  # an entry under another name
    assert cache.load("other") is None


def flip_a_letter(path: Path) -> None:
    """Change one letter in the middle of the file, as a bad disk sector or a stray
    write would: the pickle inside stays loadable, with a different text in it."""
    data = bytearray(path.read_bytes())
    letters = [i for i in range(len(data) // 3, len(data)) if chr(data[i]).isalpha()] or \
        [i for i in range(len(data)) if chr(data[i]).isalpha()]
    data[letters[0]] ^= 0x01 if chr(data[letters[0]] ^ 0x01).isalpha() else 0x20
    path.write_bytes(bytes(data))


def test_a_byte_changed_in_any_cache_entry_never_reaches_the_site(tmp_path, clean):
    content, cache, out = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    build_here(content, out, cache)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    kinds = {p.name.split("-")[0].split(".")[0] for p in entries}
    assert {"last", "sources", "claims", "matches", "pages", "fragments", "crossref"} <= kinds
    assert any(p.parent.name.startswith("templates-") for p in entries)  # Jinja's compiled templates
    for path in entries:
        flip_a_letter(path)
    # an edit, so that every kind of entry is read (the matcher's index and queries, the
    # fragments and the compiled templates are read only when something is rendered)
    make_content(content, content_b())
    build_here(content, out, cache)
    assert tree(out) == clean["b"][0] and manifest(out) == clean["b"][1]


def test_a_deleted_cache_entry_is_computed_again_not_taken_for_nothing_changed(tmp_path, clean):
    from generator.build import build as build_site
    from generator.cache import Cache

    content, cache_dir, out = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    build_here(content, out, cache_dir)
    # an entry wrong but intact (as a bug of an older version could have saved it) is
    # published: the checksum catches damage, not a wrong computation
    cache = Cache(cache_dir, f"{content.resolve()}\n{out.resolve()}")
    lines = cache.load("crossref")
    cache.save("crossref", {key: line.replace("40 million", "41 million") for key, line in lines.items()})
    build_site(content, out, cache_dir=cache_dir, search=False)
    assert "41 million" in (out / "crossref.json").read_text()
    # deleting that entry alone is enough: the next build notices it is gone
    next(cache_dir.rglob("crossref.pickle")).unlink()
    report = build_site(content, out, cache_dir=cache_dir, search=False)
    assert "write" in report.stages  # not "nothing changed"
    assert tree(out) == clean["a"][0]


# --- the site folder is verified -----------------------------------------------------------

def test_a_deleted_or_defaced_page_is_restored_byte_for_byte(tmp_path, clean):
    content, cache, out = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    build_here(content, out, cache)
    (out / "claims/ferry/index.html").unlink()
    (out / "index.html").write_text("<p>defaced</p>")
    assert build_here(content, out, cache).pages_rendered == 2  # just those two
    assert tree(out) == clean["a"][0]
    # defaced with the same size and the mtime put back: only a hash sees it (--verify)
    page = out / "claims/dam/index.html"
    status, data = page.stat(), page.read_bytes()
    page.write_bytes(data.replace(b"40 million", b"41 million"))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    build_here(content, out, cache)
    assert b"41 million" in page.read_bytes()  # a stat each: not seen
    build(content, out, "--cache-dir", cache, "--verify")
    assert tree(out) == clean["a"][0]
    # and the build after a repair has nothing to do
    report = build_here(content, out, cache)
    assert report.pages_rendered == 0 and "write" not in report.stages


def test_a_touched_file_is_hashed_once_and_left_alone(tmp_path):
    from generator.write import read_manifest

    content, cache, out = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    build_here(content, out, cache)
    page = out / "index.html"
    inode = page.stat().st_ino
    os.utime(page, ns=(10**18, 10**18))  # the same bytes, another mtime (a checkout, a copy)
    build_here(content, out, cache)
    assert page.stat().st_ino == inode
    assert read_manifest(out)["index.html"][1] == 10**18


# --- foreign files ---------------------------------------------------------------------------

def git(site: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=site, check=True, capture_output=True, text=True, env=env).stdout


def test_a_gh_pages_checkout_keeps_its_git_folder_and_its_own_files(tmp_path, clean):
    content, cache, site = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    site.mkdir()
    git(site, "init", "-q", "-b", "gh-pages")
    (site / "CNAME").write_text("facts.example.org\n")
    (site / ".well-known").mkdir()
    (site / ".well-known/security.txt").write_text("Contact: mailto:security@example.org\n")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "setup")
    build_here(content, site, cache)  # a first build: dot-entries and CNAME are never in the way
    (site / "_redirects").write_text("/old /new 301\n")  # the editors' own file, added later
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "site")
    make_content(content, content_b())
    build_here(content, site, cache)
    assert git(site, "rev-parse", "--abbrev-ref", "HEAD").strip() == "gh-pages"
    status = git(site, "status", "--porcelain")
    assert "CNAME" not in status and "_redirects" not in status and ".well-known" not in status
    assert (site / "CNAME").read_text() == "facts.example.org\n"
    assert (site / "_redirects").read_text() == "/old /new 301\n"
    assert (site / ".well-known/security.txt").read_text() == "Contact: mailto:security@example.org\n"
    foreign = {"CNAME", "_redirects", ".well-known/security.txt"}
    built = {path: data for path, data in tree(site).items() if path not in foreign and not path.startswith(".git/")}
    assert built == clean["b"][0]
    assert beside(site) == []


def test_a_foreign_file_where_the_new_site_has_one_is_refused_unless_forced(tmp_path):
    content, out = make_content(tmp_path / "content", content_a()), tmp_path / "site"
    build_here(content, out)
    (out / "claims/bridge").mkdir()
    (out / "claims/bridge/index.html").write_text("my own page")
    make_content(content, content_b())  # the new site has a claim page there
    before = tree(out)
    result = build(content, out, "--no-cache", check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "claims/bridge/index.html was not written by factcheck" in result.stderr
    assert tree(out) == before and beside(out) == []
    build_here(content, out, force=True)
    assert "bridge opened in 1998" in (out / "claims/bridge/index.html").read_text()


# --- one build at a time, and what a killed one left -------------------------------------------

def test_a_second_build_on_the_same_folder_is_refused(tmp_path):
    from generator.write import output_lock

    content, out = make_content(tmp_path / "content", content_a()), tmp_path / "new" / "site"
    with output_lock(out):  # another build holds the folder (here: a folder that does not exist yet)
        result = build(content, out, "--no-cache", check=False)
    assert result.returncode == 1
    assert result.stderr == f"factcheck: error: another build is writing {out}\n"
    assert not out.exists()
    build_here(content, out)  # once it is done
    assert beside(out) == []


def test_stale_temporary_folders_beside_the_site_are_deleted(tmp_path):
    content, out = make_content(tmp_path / "content", content_a()), tmp_path / "site"
    build_here(content, out)
    for name in (".site.new-x1y2", ".site.old-z3", ".pagefind-claims-0-abc", ".site.new-x1y2.pagefind-sources-0-q"):
        (tmp_path / name / "claims").mkdir(parents=True)
        (tmp_path / name / "claims/index.html").write_text("half")
    (tmp_path / ".other.new-keep").mkdir()  # another site's
    build_here(content, out)
    assert beside(out) == [".other.new-keep"]


def test_write_errors_are_one_line_and_leave_the_site_as_it_was(tmp_path, clean):
    content, out = make_content(tmp_path / "content", content_a()), tmp_path / "site"
    build_here(content, out)
    make_content(content, content_b())

    def small_disk():  # every file the build writes is cut at 2 KB, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    command = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
               "--no-search", "--no-cache", "--quiet"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, preexec_fn=small_disk)
    assert result.returncode == 1
    assert result.stderr.startswith("factcheck: error: File too large: ") and result.stderr.count("\n") == 1
    assert f"the site in {out} was left unchanged" in result.stderr
    assert tree(out) == clean["a"][0] and beside(out) == []
    # an output folder below a file
    (tmp_path / "file").write_text("x")
    result = build(content, tmp_path / "file" / "site", "--no-cache", check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# --- a kill at any point of the final move ----------------------------------------------------

FOREIGN = {"CNAME": b"facts.example.org\n", "_redirects": b"/old /new 301\n",
           ".well-known/security.txt": b"Contact: x\n", "claims/ferry/notes.txt": b"an editor's note\n",
           "photos/cat.jpg": b"jpg"}
EXCHANGE_POINTS = ["placing", "staged", "journal", "carried", "exchanged", "retired", "cleaning"]
IN_PLACE_POINTS = ["placing", "journal", "moved", "removed"]


@pytest.mark.parametrize("mode,point", [("exchange", p) for p in EXCHANGE_POINTS] +
                         [("in place", p) for p in IN_PLACE_POINTS])
def test_a_build_killed_while_publishing_leaves_the_old_or_the_new_site_and_the_next_one_mends_it(
        tmp_path, clean, mode, point, monkeypatch):
    # (FACTCHECK_FAULT: a test hook in write.py that kills the build at that point)
    content, cache, out = make_content(tmp_path / "content", content_a()), tmp_path / "cache", tmp_path / "site"
    env = {"FACTCHECK_NO_EXCHANGE": "1"} if mode == "in place" else {}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    build_here(content, out, cache)
    write_files(out, FOREIGN)
    make_content(content, content_b())
    build_here(content, out, cache)  # (with the exchange, this leaves the spare the next build recycles)
    make_content(content, content_a())
    result = build(content, out, "--cache-dir", cache, env={**env, "FACTCHECK_FAULT": point}, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr
    site = {path: data for path, data in tree(out).items() if path not in FOREIGN}
    if mode == "exchange":  # readers see the old site or the new one, never a mix
        assert site == (clean["b"][0] if point in ("placing", "staged", "journal", "carried") else clean["a"][0])
    elif point in ("placing", "journal"):
        assert site == clean["b"][0]  # (once files move in, a reader can see a mix until the next build)
    build_here(content, out, cache)
    assert tree(out) == {**clean["a"][0], **FOREIGN} and manifest(out) == clean["a"][1]
    assert beside(out) == []
    assert "write" not in build_here(content, out, cache).stages  # and then nothing is left to do
