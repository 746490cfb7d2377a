"""Inputs the build must read the one right way or refuse with a location (issue 13):
line endings and BOMs, language codes, ids, urls, files it does not read, links out of
the content folder, sizes, nesting, characters XML forbids."""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path

from conftest import run_cli

from generator.load import load_content

CLAIMS = "claims:\n  - id: dam-capacity\n    claim: The dam holds 40 million cubic metres.\n"
SOURCE = "---\ntitle: Report\n---\nThe dam holds 40 million cubic metres.\n"


def diagnostics_of(content: Path) -> list[str]:
    """What `check` would print, from an in-process load (cheaper than a subprocess)."""
    return [str(d) for d in sorted(load_content(content)[1], key=lambda d: (d.path, d.line, d.column))]


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_crlf_cr_and_bom_read_as_the_same_text(scratch_site, tmp_path):
    """Files saved on Windows (CRLF), old Macs (CR) or with a BOM: dates are dates, and no
    \\r reaches a title, a url, a page or crossref.json; quotes are slices of the body the
    site publishes, whose line endings are \\n."""
    body = "The dam holds 40 million cubic metres.\n\nIt was finished in 1998.\n"
    front = "---\ntitle: Dam report\npublished: 2023-01-11\nurl: https://news.example.org/dam\n---\n"
    crlf, cr = (front + body).replace("\n", "\r\n"), (front + body).replace("\n", "\r")
    content = scratch_site({
        "site.yaml": "\ufefftitle: Scratch desk\r\nbase_url: https://scratch.example.org/\r\nlanguage: en-GB\r\n",
        "sources/windows.md": ("\ufeff" + crlf).encode("utf-8"),
        "sources/classic.md": cr.encode("utf-8"),
        "claims.yaml": ("\ufeff" + CLAIMS + "    claim_date: 2023-01-10\n    tags: [dams]\n"
                        "    appearance: https://video.example.org/x\n").replace("\n", "\r\n").encode("utf-8"),
    })
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for path, data in site_files(out).items():
        assert b"\r" not in data, path
    crossref = json.loads((out / "crossref.json").read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in crossref["sources"]}
    for source_id in ("windows", "classic"):
        assert sources[source_id]["title"] == "Dam report"
        assert sources[source_id]["published"] == "2023-01-11"
        assert sources[source_id]["url"] == "https://news.example.org/dam"
        evidence = crossref["claims"][0]["sources"][source_id]["evidence"]
        assert body[evidence["start"]:evidence["end"]] == evidence["text"]
    assert '<html lang="en-GB">' in (out / "index.html").read_text(encoding="utf-8")


def test_ids_and_file_names_are_matched_whole(scratch_site):
    """`$` matched before a final newline: "newline-id\\n" and a file `nl-src\\n.md` passed."""
    content = scratch_site({
        "sources/nl-src\n.md": SOURCE,
        "sources/ok.md": SOURCE,
        "claims.yaml": 'claims:\n  - id: "newline-id\\n"\n    claim: The dam holds 40 million cubic metres.\n'
                       '    sources: ["ok\\n"]\n'
                       f"  - id: {'a' * 201}\n    claim: The dam holds 40 million cubic metres.\n",
    })
    assert diagnostics_of(content) == [
        f"{content}/claims.yaml:2:9: error: id of claim #1 is \"newline-id\\n\", not a valid id:"
        " use lowercase letters, digits and single hyphens, e.g. 'uk-japan-pact'",
        f"{content}/claims.yaml:4:15: error: an item of sources of claim #1 is \"ok\\n\", not a valid id:"
        " use lowercase letters, digits and single hyphens, e.g. 'uk-japan-pact'",
        f"{content}/claims.yaml:5:9: error: id of claim \"{'a' * 80}…\" is 201 characters long;"
        " an id has at most 200",
        f"{content}/sources/nl-src\\n.md:1:1: error: source file name \"nl-src\\n\" is not a valid id:"
        " rename the file using lowercase letters, digits and single hyphens, e.g. 'uk-japan-pact'",
    ]


def test_base_url_has_no_query_or_fragment(scratch_site):
    content = scratch_site({"site.yaml": "title: Desk\nbase_url: https://desk.example.org/?utm=x\n",
                            "claims.yaml": CLAIMS})
    assert diagnostics_of(content) == [
        f'{content}/site.yaml:2:11: error: base_url is "https://desk.example.org/?utm=x": pages\' addresses are'
        " made by appending to it; remove its query (?...) and fragment (#...)"]


def test_links_leaving_the_content_folder_are_refused_and_nothing_of_the_target_is_printed(scratch_site, tmp_path):
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw\n-----END OPENSSH PRIVATE KEY-----\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "story.md").write_text(SOURCE)
    content = scratch_site({"sources/ok.md": SOURCE, "claims/dam.yaml": CLAIMS})
    (content / "claims" / "key.yaml").symlink_to(secret)
    (content / "sources" / "linked.md").symlink_to(secret)
    (content / "sources" / "story.md").symlink_to(outside / "story.md")
    (content / "sources" / "same.md").symlink_to(content / "sources" / "ok.md")  # inside: read
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert "c2VjcmV0" not in result.stderr and "PRIVATE" not in result.stderr
    refused = ("1:1: error: a link that leads outside the content folder: the build reads only what is inside it;"
               " copy the file in instead of linking it")
    assert result.stderr.splitlines() == [
        f"{content}/claims/key.yaml:{refused}",
        f"{content}/sources/linked.md:{refused}",
        f"{content}/sources/story.md:{refused}",
        "factcheck: 3 error(s), 0 warning(s)",
    ]
    (content / "claims" / "key.yaml").unlink()
    (content / "sources" / "linked.md").unlink()
    (content / "sources" / "story.md").unlink()
    assert run_cli("check", "--content", content).returncode == 0
    (content / "sources").rename(tmp_path / "sources")
    (content / "sources").symlink_to(tmp_path / "sources")  # the whole folder linked out
    assert diagnostics_of(content)[0] == f"{content}/sources:{refused}"


def test_editor_lock_and_backup_files_are_passed_over_in_silence(scratch_site):
    content = scratch_site({"sources/ok.md": SOURCE, "claims.yaml": CLAIMS, "sources/#ok.md#": "---\n",
                            "sources/ok.md~": "---\n", "sources/.ok.md.swp": b"\x00\xff", "claims/.#x.yaml~": "x"})
    (content / "sources" / ".#ok.md").symlink_to("root@host.12345:1700000000")  # Emacs' lock: a dangling link
    (content / "claims" / ".#dam.yaml").symlink_to("root@host.12345:1700000000")
    os.mkfifo(content / "sources" / "pipe.md")  # would block a read for ever
    (content / "sources" / "gone.md").symlink_to("nowhere.md")
    assert diagnostics_of(content) == [f"{content}/sources/gone.md:1:1: warning: not read: a link to nothing",
                                       f"{content}/sources/pipe.md:1:1: warning: not read: not a regular file"]


def test_tags_in_any_script_get_pages_of_their_own(scratch_site, tmp_path):
    """日本, 防衛 and Україна all landed on /tags/tag/: each keeps its letters in its slug,
    the links percent-encode them, and every link reaches its page."""
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": CLAIMS + "    tags: [日本, 防衛, Україна, Défense]\n"})
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "-q")
    assert result.returncode == 0, result.stderr
    for slug in ("日本", "防衛", "україна", "defense"):
        page = (out / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert "The dam holds 40 million cubic metres." in page
    assert not (out / "tags" / "tag").exists()
    claim_page = out / "claims" / "dam-capacity" / "index.html"
    links = re.findall(r'href="([^"]*tags/[^"]*)"', claim_page.read_text(encoding="utf-8"))
    assert "../../tags/%E6%97%A5%E6%9C%AC/" in links and len(links) == 4
    for link in links:
        assert (claim_page.parent / urllib.parse.unquote(link) / "index.html").is_file(), link
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://scratch.example.org/tags/%D1%83%D0%BA%D1%80%D0%B0%D1%97%D0%BD%D0%B0/</loc>" in sitemap


def test_numbers_are_finite(scratch_site):
    content = scratch_site({
        "site.yaml": "title: Desk\nbase_url: https://desk.example.org/\nmax_source_bytes: nan\n"
                     "ratings:\n  - {key: true, label: True, value: 1e999}\n  - {key: false, label: False, value: 0}\n",
        "claims.yaml": CLAIMS})
    assert diagnostics_of(content) == [
        f'{content}/site.yaml:3:19: error: max_source_bytes of site config is "nan", not a finite number',
        f'{content}/site.yaml:5:37: error: value of rating "true" is "1e999", not a finite number']


def test_a_file_name_that_is_not_utf8_is_an_error_not_a_crash(scratch_site):
    content = scratch_site({"sources/ok.md": SOURCE, "claims.yaml": CLAIMS})
    with open(os.path.join(os.fsencode(content / "sources"), b"caf\xe9.md"), "wb") as handle:  # a Latin-1 name
        handle.write(SOURCE.encode())
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{content}/sources/caf\\udce9.md:1:1: error: the file name is not valid UTF-8; rename the file",
        "factcheck: 1 error(s), 0 warning(s)"]


def test_yaml_positions_count_lines_as_the_editor_shows_them(scratch_site):
    """YAML counts U+2028 (and NEL, U+2029) as line breaks; editors and the reader's
    `path:line:col` don't, so a diagnostic after such a character names the file's own line."""
    content = scratch_site({
        "site.yaml": "title: Desk\nbase_url: https://desk.example.org/\n",
        "claims.yaml": "claims:\n  - id: dam-capacity\n    claim: \"The dam\u2028holds 40 million cubic metres.\"\n"
                       "    claim_date: [2023\n"})
    assert diagnostics_of(content) == [
        f"{content}/claims.yaml:4:17: error: YAML syntax error: expected ',' or ']', but got '<stream end>'"
        " while parsing a flow sequence: this is never closed; close it"]
