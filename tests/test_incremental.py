"""Incremental builds: a cache makes rebuilds fast, and never changes what is built."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_CONTENT, run_cli
from test_build import tree


@pytest.fixture
def project(tmp_path):
    """A copy of the example content, a cache folder and an output folder."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    return content, tmp_path / "cache", tmp_path / "site"


def build(content: Path, cache: Path, out: Path, *extra: str) -> dict:
    stats = out.parent / "stats.json"
    result = run_cli("build", "--content", content, "--out", out, "--cache-dir", cache, "--stats-json", stats,
                     "--quiet", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(stats.read_text())


def clean_build(content: Path, out: Path, *extra: str) -> dict[str, bytes]:
    result = run_cli("build", "--content", content, "--out", out, "--no-cache", "--quiet", *extra)
    assert result.returncode == 0, result.stderr
    return tree(out)


def test_second_build_renders_nothing_and_writes_nothing(project):
    content, cache, out = project
    first = build(content, cache, out)
    assert first["pages_rendered"] == first["pages_total"] > 40
    before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    second = build(content, cache, out)
    assert second["pages_rendered"] == 0
    assert "search" not in second["stages"]  # the search index was not rebuilt either
    assert {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()} == before


def test_editing_one_claim_rerenders_only_what_shows_it(project, tmp_path):
    content, cache, out = project
    total = build(content, cache, out)["pages_total"]
    claims = content / "claims" / "context.yaml"
    claims.write_text(claims.read_text().replace(
        "claim: The Vigilant Isles 22 exercise took place in Hokkaido.",
        "claim: The Vigilant Isles 22 drill took place in Hokkaido."))
    stats = build(content, cache, out)
    assert 0 < stats["pages_rendered"] < total / 2
    # the claim's page and the source pages citing it changed; with the sources' full text
    # indexed, the claims citing a source are not in its index entry: one shard to index
    assert stats["shards_indexed"] == 1
    assert tree(out) == clean_build(content, tmp_path / "clean")
    assert "The Vigilant Isles 22 drill took place in Hokkaido." in (
        out / "claims/vigilant-isles-in-hokkaido/index.html").read_text()


def test_editing_one_source_rematches_it_and_matches_a_clean_build(project, tmp_path):
    content, cache, out = project
    build(content, cache, out)
    source = content / "sources" / "defense-news-2023-01-11.md"
    source.write_text(source.read_text().replace("combined GDP of £9 trillion", "combined GDP of £7 trillion"))
    stats = build(content, cache, out)
    assert 0 < stats["pages_rendered"] < stats["pages_total"]
    assert tree(out) == clean_build(content, tmp_path / "clean")
    crossref = json.loads((out / "crossref.json").read_text())
    gdp = next(c for c in crossref["claims"] if c["id"] == "cptpp-gdp")
    assert gdp["sources"]["defense-news-2023-01-11"]["stance"] == "differs"  # it agreed before the edit


def test_editing_a_source_title_changes_every_page_and_line_citing_it(project, tmp_path):
    # pages and crossref.json lines are reused by keys that cover what they show of a
    # source (its card), not only its text
    content, cache, out = project
    build(content, cache, out)
    source = content / "sources" / "defense-news-2023-01-11.md"
    source.write_text(source.read_text().replace("title: Britain and Japan sign defense pact",
                                                 "title: Britain and Japan sign a defence pact"))
    build(content, cache, out)
    assert tree(out) == clean_build(content, tmp_path / "clean")
    crossref = json.loads((out / "crossref.json").read_text())
    titles = {s["id"]: s["title"] for s in crossref["sources"]}
    assert titles["defense-news-2023-01-11"].startswith("Britain and Japan sign a defence pact")
    assert "Britain and Japan sign a defence pact" in (out / "claims/vigilant-isles-in-hokkaido/index.html").read_text()


def test_template_change_rerenders_every_page(project, tmp_path):
    content, cache, out = project
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", templates)
    total = build(content, cache, out, "--templates", str(templates))["pages_total"]
    base = templates / "base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the content"))
    assert build(content, cache, out, "--templates", str(templates))["pages_rendered"] == total


def test_a_change_inside_a_cached_fragment_shows_on_every_page(project, tmp_path):
    # the index, the listings and the matrix reuse claims' rows from the last build
    # (Fragments): a template change must reach all of them
    content, cache, out = project
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", templates)
    build(content, cache, out, "--templates", str(templates))
    for name, old, new in (("index.html", '<li class="claim-item">', '<li class="claim-item changed">'),
                           ("matrix.html", '<th scope="row">', '<th scope="row" class="changed">')):
        page = templates / name
        assert old in page.read_text()
        page.write_text(page.read_text().replace(old, new))
    build(content, cache, out, "--templates", str(templates))
    claims = len(json.loads((out / "crossref.json").read_text())["claims"])
    assert (out / "index.html").read_text().count('class="claim-item changed"') == claims
    assert (out / "matrix/index.html").read_text().count('<th scope="row" class="changed">') == claims
    listings = [p for p in out.glob("tags/*/index.html")]
    assert listings and all('class="claim-item changed"' in p.read_text() for p in listings)
    assert tree(out) == clean_build(content, tmp_path / "clean", "--templates", str(templates))


def test_a_damaged_cache_is_ignored(project, tmp_path):
    content, cache, out = project
    build(content, cache, out)
    for path in cache.rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    stats = build(content, cache, out)
    assert stats["pages_rendered"] == stats["pages_total"]
    assert tree(out) == clean_build(content, tmp_path / "clean")


def test_an_edit_reindexes_only_the_search_shards_of_the_pages_it_changed(scratch_site, tmp_path):
    # 501 sources make two source shards of the search index (search.SHARD_PAGES["sources"] = 500)
    files = {f"sources/note-{i:03d}.md": f"---\ntitle: Note {i}\n---\nThe council met on day {i} and discussed item {i}.\n"
             for i in range(501)}
    files["claims/c.yaml"] = "claims:\n  - id: ferry\n    claim: The ferry service to Eastport resumed in May.\n"
    content, cache, out = scratch_site(files), tmp_path / "cache", tmp_path / "site"
    first = build(content, cache, out)
    assert first["shards_indexed"] == 3  # claims-0, sources-0, sources-1
    manifest = json.loads((out / "pagefind/bundles.json").read_text())
    assert manifest == {"bundles": ["claims-0/", "sources-0/", "sources-1/"]}
    (content / "sources/note-007.md").write_text("---\ntitle: Note 7\n---\nThe council met late and discussed item 7.\n")
    second = build(content, cache, out)
    assert second["pages_rendered"] == 1 and second["shards_indexed"] == 1
    assert json.loads((out / "pagefind/bundles.json").read_text()) == manifest


def paths(root: Path) -> set[str]:
    """Every file and folder under `root`."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_an_edit_replaces_only_the_files_it_changed(project, tmp_path):
    content, cache, out = project
    build(content, cache, out)
    before = {p.relative_to(out).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    claims = content / "claims" / "context.yaml"
    claims.write_text(claims.read_text().replace(
        "claim: The Vigilant Isles 22 exercise took place in Hokkaido.",
        "claim: The Vigilant Isles 22 drill took place in Hokkaido."))
    build(content, cache, out)
    after = {p.relative_to(out).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    # (a re-indexed search bundle replaces its folder as a whole: files outside bundles here)
    outside = lambda path: not (path.startswith("pagefind/") and path.count("/") > 1)  # noqa: E731
    pages = {path for path in after if outside(path)}
    assert pages == {path for path in before if outside(path)} and "pagefind/bundles.json" in pages
    replaced = {path for path in pages if after[path][0] != before[path][0]}
    changed = {path for path in pages if after[path][1] != before[path][1]}
    # the published folder is updated in place: a file is replaced only when its bytes change
    assert "claims/vigilant-isles-in-hokkaido/index.html" in changed
    assert replaced == changed
    assert len(changed) < len(after) / 4


def ferry_and_council(ferry: str) -> dict[str, str]:
    """Two sources (the ferry one saying `ferry`) and a claim about the ferry."""
    return {"sources/ferry.md": f"---\ntitle: Ferry\n---\n{ferry}\n",
            "sources/council.md": "---\ntitle: Council\n---\nThe council met on Tuesday.\n",
            "claims/c.yaml": "claims:\n  - id: ferry\n    claim: The ferry service to Eastport resumed in May.\n"}


def test_removing_a_source_removes_its_page_and_its_folder(scratch_site, tmp_path):
    content = scratch_site(ferry_and_council("The ferry service to Eastport resumed in May."))
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(content, cache, out)
    assert (out / "sources/council/index.html").is_file()
    (content / "sources/council.md").unlink()
    build(content, cache, out)
    assert not (out / "sources/council").exists()
    clean = tmp_path / "clean"
    assert tree(out) == clean_build(content, clean)
    assert paths(out) == paths(clean)  # no empty folder left behind either


def test_a_claim_edit_after_a_source_edit_matches_against_the_new_text(scratch_site, tmp_path):
    # the matcher's index is cached for claim edits; a source edit must invalidate it
    content = scratch_site(ferry_and_council("The ferry to Eastport stopped in March."))
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(content, cache, out)
    (content / "sources/council.md").write_text(
        "---\ntitle: Council\n---\nThe council met on Tuesday.\n\nThe ferry service to Eastport resumed in May.\n")
    build(content, cache, out)
    (content / "claims/c.yaml").write_text(
        "claims:\n  - id: ferry\n    claim: The ferry service to Eastport restarted in May.\n")
    stats = build(content, cache, out)
    assert stats["pages_rendered"] > 0
    crossref = json.loads((out / "crossref.json").read_text())
    assert crossref["claims"][0]["sources"]["council"]["stance"] == "agrees"
    assert tree(out) == clean_build(content, tmp_path / "clean")
    # and a second claim edit, with the sources unchanged, reuses the index to the same effect
    (content / "claims/c.yaml").write_text(
        "claims:\n  - id: ferry\n    claim: The ferry service to Eastport started again in May.\n")
    build(content, cache, out)
    assert tree(out) == clean_build(content, tmp_path / "clean2")


def test_an_update_interrupted_halfway_is_mended_by_the_next_build(project, tmp_path, monkeypatch):
    # On Linux the new site replaces the old one in a single exchange of folders; where
    # that is missing (FACTCHECK_NO_EXCHANGE=1 takes that path here) it is moved in file
    # by file, with a journal that the next build completes.
    from generator.build import build as build_site

    content, cache, out = project
    monkeypatch.setenv("FACTCHECK_NO_EXCHANGE", "1")
    build(content, cache, out)
    claims = content / "claims" / "context.yaml"
    original = claims.read_text()
    # (a word of the same length: the pages keep their sizes)
    claims.write_text(original.replace("Vigilant Isles 22 exercise took", "Vigilant Isles 22 training took"))
    real_replace, pages = os.replace, []

    def failing_replace(source, target):  # the disk fails after the first page moved in
        if str(target).endswith("index.html"):
            if pages:
                raise OSError("disk full")
            pages.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        build_site(content, out, cache_dir=cache)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "22 training took" in pages[0].read_text()  # the site is half updated
    assert (out.parent / ".site.journal").is_file()
    claims.write_text(original)  # the editor reverts and builds again
    build(content, cache, out)
    assert tree(out) == clean_build(content, tmp_path / "clean")


def test_a_build_by_another_writer_in_between_is_not_mistaken_for_ours(project, tmp_path):
    content, cache, out = project
    build(content, cache, out)
    templates = tmp_path / "other" / "templates"  # (not beside the content: not its default)
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", templates)
    source = templates / "source.html"
    source.write_text(source.read_text().replace("All sources", "Any sources"))  # the same size
    result = run_cli("build", "--content", content, "--out", out, "--no-cache", "--quiet", "--templates", templates)
    assert result.returncode == 0, result.stderr
    build(content, cache, out)  # the cached build again: it must notice the other build's pages
    assert tree(out) == clean_build(content, tmp_path / "clean")


def test_a_folder_linking_back_up_does_not_hang_the_build(project, tmp_path):
    content, cache, out = project
    (content / "sources" / "up").symlink_to("..")
    (content / "claims").mkdir(exist_ok=True)
    (content / "claims" / "up").symlink_to("..")
    build(content, cache, out)
    assert build(content, cache, out)["pages_rendered"] == 0


def test_a_file_with_a_new_mtime_but_the_same_bytes_is_not_parsed_again(tmp_path):
    # as on a CI machine restoring the cache into a fresh clone: every mtime is new
    from generator.cache import Cache
    from generator.load import FileCache

    path = tmp_path / "a.md"
    path.write_text("one")
    cache = Cache(tmp_path / "cache", "scope")
    parsed = []

    def parse(p: Path, found: list) -> str:
        parsed.append(p.read_text())
        return p.read_text()

    def load() -> str:
        files = FileCache(cache, "sources")
        value = files.get(path, parse, [])
        files.save()
        return value

    assert load() == "one"
    os.utime(path, ns=(10**9, 10**9))
    assert load() == "one" and parsed == ["one"]
    path.write_text("two")  # the same size, other bytes
    os.utime(path, ns=(2 * 10**9, 2 * 10**9))
    assert load() == "two" and parsed == ["one", "two"]
    assert load() == "two" and parsed == ["one", "two"]


def test_cache_loads_freeze_the_heap_only_within_a_build(project, tmp_path):
    # a loaded cache entry is frozen away from the cycle collector while a build runs, and
    # thawed after it; nothing stays frozen after other uses, nor is a caller's own thawed
    import gc

    from generator.build import build as build_site, check
    from generator.cache import Cache
    from generator.review import match_claims

    content_dir, cache_dir, out = project
    build_site(content_dir, out, cache_dir=cache_dir)
    build_site(content_dir, out, cache_dir=cache_dir)
    assert gc.get_freeze_count() == 0
    cache = Cache(cache_dir, "elsewhere")
    content, _ = check(content_dir, cache=cache)
    match_claims(content, cache)
    match_claims(content, cache)
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a program that keeps objects frozen of its own
    try:
        frozen = gc.get_freeze_count()
        build_site(content_dir, tmp_path / "other", cache_dir=cache_dir)
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
