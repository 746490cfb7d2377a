"""The write stage: the new site is staged whole, then swapped in; an existing site ends
up holding exactly the new site plus what the build did not write (foreign entries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import MANIFEST_NAME, Folders, UnsafeOutput, read_manifest, write_site


def files_in(root: Path) -> dict[str, bytes]:
    """The site's files, but the manifest (the build's record of them, mtimes included)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() != MANIFEST_NAME}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Temporary folders the write stage left beside the site (but the spare: the site
    before the live one, which the next build recycles)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")
                  and p.name != f".{out.name}.spare")


def test_a_new_site_is_written_whole(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    assert files_in(out) == {"index.html": b"home", "claims/a/index.html": b"a"}
    assert leftovers(out) == []


def test_an_update_replaces_what_changed_and_deletes_what_is_gone(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a", "claims/b/index.html": b"b"}, out)
    before = inodes(out)
    write_site({"index.html": b"home", "claims/a/index.html": b"a2", "sources/c/index.html": b"c"}, out)
    assert files_in(out) == {"index.html": b"home", "claims/a/index.html": b"a2", "sources/c/index.html": b"c"}
    after = inodes(out)
    assert after["index.html"] == before["index.html"]  # same bytes: not rewritten
    assert after["claims/a/index.html"] != before["claims/a/index.html"]
    assert not (out / "claims/b").exists()  # its emptied folder went with it
    assert leftovers(out) == []


def test_kept_paths_stay_as_they_are(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    before = inodes(out)
    write_site({"index.html": b"home2"}, out, keep=["claims/a/index.html"])
    assert files_in(out) == {"index.html": b"home2", "claims/a/index.html": b"a"}
    assert inodes(out)["claims/a/index.html"] == before["claims/a/index.html"]


def test_a_file_may_become_a_folder_and_a_folder_a_file(tmp_path):
    out = tmp_path / "site"
    write_site({"about": b"file", "news/index.html": b"folder"}, out)
    write_site({"about/index.html": b"now a folder", "news": b"now a file"}, out)
    assert files_in(out) == {"about/index.html": b"now a folder", "news": b"now a file"}


def test_folders_a_finish_step_replaces_or_keeps(tmp_path):
    out = tmp_path / "site"
    write_site({"pagefind/old-shard/x.pf": b"gone", "pagefind/kept/k.pf": b"kept", "pagefind/fresh/stale.pf": b"stale",
                "crossref.json": b"{}"}, out)
    kept_inode = (out / "pagefind/kept/k.pf").stat().st_ino

    def finish(staging: Path, page_file) -> Folders:
        assert page_file("index.html") == staging / "index.html"  # written in this build
        (staging / "pagefind/fresh").mkdir(parents=True)
        (staging / "pagefind/fresh/new.pf").write_bytes(b"new")
        (staging / "pagefind/bundles.json").write_bytes(b"[]")
        return Folders(kept=("pagefind/kept",), replaced=("pagefind/fresh",))

    write_site({"index.html": b"home", "crossref.json": b"{}"}, out, finish=finish)
    assert files_in(out) == {"crossref.json": b"{}", "index.html": b"home", "pagefind/bundles.json": b"[]",
                             "pagefind/fresh/new.pf": b"new", "pagefind/kept/k.pf": b"kept"}
    assert (out / "pagefind/kept/k.pf").stat().st_ino == kept_inode
    assert leftovers(out) == []


def test_a_failing_finish_step_leaves_the_site_untouched(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    before, before_inodes = files_in(out), inodes(out)

    def finish(staging: Path, page_file) -> Folders:
        raise RuntimeError("the indexer failed")

    with pytest.raises(RuntimeError):
        write_site({"index.html": b"new home"}, out, finish=finish)
    assert files_in(out) == before and inodes(out) == before_inodes
    assert leftovers(out) == []


def test_a_path_outside_the_site_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home"}, out)
    with pytest.raises(UnsafeOutput):
        write_site({"index.html": b"changed", "../escape.html": b"x"}, out)
    assert files_in(out) == {"index.html": b"home"}
    assert not (tmp_path / "escape.html").exists()


def test_links_in_the_site_folder_are_never_written_through(tmp_path):
    # a link the build did not make is someone else's: kept as a link, or (where the
    # new site needs the place, and only with force) replaced; never followed
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write_site({"index.html": b"home"}, out)
    elsewhere.mkdir()
    (out / "claims").symlink_to(elsewhere, target_is_directory=True)
    (out / "old").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafeOutput, match="claims was not written by factcheck"):
        write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out, force=True)
    assert list(elsewhere.iterdir()) == []
    assert not (out / "claims").is_symlink() and (out / "old").is_symlink()
    assert files_in(out) == {"index.html": b"home", "claims/a/index.html": b"a"}


def test_the_manifest_lists_every_file_the_build_wrote(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    manifest = read_manifest(out)
    assert sorted(manifest) == ["claims/a/index.html", "index.html"]
    for path, (size, mtime, digest) in manifest.items():
        status = (out / path).stat()
        assert (size, mtime) == (status.st_size, status.st_mtime_ns) and len(digest) == 32
    text = (out / MANIFEST_NAME).read_text()
    assert text.splitlines()[1].startswith('["claims/a/index.html", 1, ')  # one file a line, sorted


def test_files_the_build_did_not_write_are_kept_at_any_depth(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"home", "claims/a/index.html": b"a", "claims/b/index.html": b"b"}, out)
    (out / "CNAME").write_text("facts.example.org\n")
    (out / ".well-known").mkdir()
    (out / ".well-known/security.txt").write_text("Contact: x\n")
    (out / "claims/a/notes.txt").write_text("mine")
    (out / "claims/b/notes.txt").write_text("mine too")  # in a folder the new site drops
    (out / "photos").mkdir()
    (out / "photos/cat.jpg").write_bytes(b"jpg")
    write_site({"index.html": b"home2", "claims/a/index.html": b"a2"}, out)
    assert files_in(out) == {"index.html": b"home2", "claims/a/index.html": b"a2", "CNAME": b"facts.example.org\n",
                             ".well-known/security.txt": b"Contact: x\n", "claims/a/notes.txt": b"mine",
                             "claims/b/notes.txt": b"mine too", "photos/cat.jpg": b"jpg"}
    assert sorted(read_manifest(out)) == ["claims/a/index.html", "index.html"]
    assert leftovers(out) == []


def test_the_tree_recycled_for_the_next_site_is_never_written_through(tmp_path):
    # After an exchange the old site is kept as the spare, sharing its unchanged files
    # with the live one; the next build makes its staged site from it. Were a file
    # written in place there, the live site would change before the exchange: after
    # each build the spare must still be exactly the site before.
    out = tmp_path / "site"
    sites = [{"index.html": b"home", "claims/a/index.html": b"a", "claims/b/index.html": b"b", "about": b"file"},
             {"index.html": b"home", "claims/a/index.html": b"a2", "about/index.html": b"a folder now"},
             {"index.html": b"home3", "claims/a/index.html": b"a2", "claims/c/index.html": b"c", "about": b"file"},
             {"index.html": b"home3", "claims/c/index.html": b"c2", "tags/x/index.html": b"x"},
             {"index.html": b"home3", "claims/c/index.html": b"c2", "tags/x/index.html": b"x"}]
    for number, site in enumerate(sites):
        write_site(site, out)
        assert files_in(out) == site
        if number:
            assert files_in(tmp_path / ".site.spare") == sites[number - 1]
        assert leftovers(out) == []
