"""Front matter as CMSs export it: RFC 3339 date-times, the site's timezone, CMS key names,
and which warnings --strict promotes; drafts and scheduled items."""

from __future__ import annotations

import datetime as dt
import json
import re

from conftest import SCRATCH_SITE, run_cli

CMS_ARTICLE = """---
title: Pact signed in Tokyo
outlet: Wire
date: 2024-03-05T02:22:00Z
canonical_url: https://wire.example.org/pact
description: The defence pact was signed on Tuesday.
tags: [defence, japan]
categories: [world]
slug: pact-signed
---
The two countries signed the defence pact in Tokyo on Tuesday.
"""

CLAIMS = """claims:
  - id: pact-tokyo
    claim: The pact was signed in Tokyo.
    verdict: "true"
    published: 2024-03-06T10:00:00+09:00
    updated: 2024-03-07T23:30:00-05:00
"""


def _crossref(site) -> dict:
    return json.loads((site / "crossref.json").read_text(encoding="utf-8"))


def test_a_cms_article_builds_with_strict_and_its_date_is_shown_in_the_sites_timezone(scratch_site, tmp_path):
    content = scratch_site({"site.yaml": SCRATCH_SITE + "timezone: America/New_York\n",
                            "sources/wire.md": CMS_ARTICLE, "claims.yaml": CLAIMS})
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--strict", "--no-search", "--no-cache")
    assert result.returncode == 0, result.stderr
    # categories and slug are still reported, but do not fail a strict build
    assert 'wire.md:8:1: warning: unknown key "categories"' in result.stderr
    assert 'wire.md:9:1: warning: unknown key "slug"' in result.stderr
    assert "date" not in re.findall(r'unknown key "(\w+)"', result.stderr)
    source = _crossref(out)["sources"][0]
    # 02:22 UTC on the 5th is the evening of the 4th in New York
    assert (source["published"], source["url"]) == ("2024-03-04", "https://wire.example.org/pact")
    page = (out / "sources/wire/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-03-04">4 March 2024</time>' in page
    claim = (out / "claims/pact-tokyo/index.html").read_text(encoding="utf-8")
    # 10:00 in Tokyo on the 6th is the 5th in New York; 23:30 -05:00 on the 7th is the 7th there
    assert '<time datetime="2024-03-07">7 March 2024</time>' in claim
    assert '<time datetime="2024-03-05">5 March 2024</time>' in claim
    # ClaimReview carries the date-times as written, with their zones
    assert '"datePublished": "2024-03-06T10:00:00+09:00"' in claim
    assert '"dateModified": "2024-03-07T23:30:00-05:00"' in claim


def test_the_default_timezone_is_utc_and_dates_stay_as_written(scratch_site, tmp_path):
    article = CMS_ARTICLE.replace("date: 2024-03-05T02:22:00Z", "published: 2024-03-05")
    content = scratch_site({"site.yaml": SCRATCH_SITE + "timezone: Pacific/Kiritimati\n",
                            "sources/wire.md": article, "sources/zoned.md": CMS_ARTICLE,
                            "sources/naive.md": CMS_ARTICLE.replace("02:22:00Z", "23:30:00"),
                            "claims.yaml": CLAIMS})
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-search", "--no-cache")
    assert result.returncode == 0, result.stderr
    dates = {s["id"]: s["published"] for s in _crossref(out)["sources"]}
    # a plain date is that date anywhere; 02:22Z is 16:22 in Kiritimati (+14:00); a time with
    # no zone is in the site's
    assert dates == {"wire": "2024-03-05", "zoned": "2024-03-05", "naive": "2024-03-05"}
    utc = scratch_site({"site.yaml": SCRATCH_SITE, "sources/wire.md": CMS_ARTICLE.replace("02:22:00Z", "23:30:00-05:00"),
                        "claims.yaml": CLAIMS})
    result = run_cli("build", "--content", utc, "--out", out, "--no-search", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert {s["id"]: s["published"] for s in _crossref(out)["sources"]}["wire"] == "2024-03-06"


def test_the_matcher_reads_the_published_date_in_the_sites_timezone(scratch_site, monkeypatch):
    from generator.load import load_content

    content = scratch_site({"site.yaml": SCRATCH_SITE + "timezone: Asia/Tokyo\n", "sources/wire.md": CMS_ARTICLE,
                            "claims.yaml": CLAIMS})
    monkeypatch.chdir(content.parent)
    loaded, _ = load_content(content)
    source = loaded.sources[0]
    assert type(source.published) is dt.date and source.published == dt.date(2024, 3, 5)
    assert source.published_at == dt.datetime(2024, 3, 5, 2, 22, tzinfo=dt.timezone.utc)
    assert (source.tags, source.description) == (("defence", "japan"), "The defence pact was signed on Tuesday.")


def test_bad_dates_timezones_and_doubled_keys_are_errors(scratch_site):
    content = scratch_site({
        "site.yaml": SCRATCH_SITE + "timezone: Europe/Londn\n",
        "sources/wire.md": CMS_ARTICLE.replace("slug: pact-signed", "published: 2024-03-05"),
        "sources/late.md": "---\ntitle: Late\npublished: 2024-03-05T25:00:00Z\nurl: https://a.example.org/\n"
                           "canonical_url: https://b.example.org/\n---\nText.\n",
        "claims.yaml": CLAIMS.replace("2024-03-06T10:00:00+09:00", "March 6"),
    })
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    err = result.stderr
    assert 'site.yaml:3:11: error: timezone is "Europe/Londn" (did you mean "Europe/London"?), not a timezone' in err
    assert 'wire.md:9:1: error: source front matter: "published" and "date" are the same key ("published");' \
           ' keep only one' in err
    assert 'late.md:3:12: error: published of source front matter is "2024-03-05T25:00:00Z", not a date or' \
           ' date-time: write it as YYYY-MM-DD' in err
    assert 'late.md:5:1: error: source front matter: "canonical_url" and "url" are the same key ("url")' in err
    assert 'claims.yaml:5:16: error: published of claim "pact-tokyo" is "March 6", not a date or date-time' in err


DESK = {
    "sources/wire.md": "---\ntitle: Wire\npublished: 2024-03-05\n---\nThe pact was signed in Tokyo.\n",
    "sources/later.md": "---\ntitle: Later\npublished: 2024-03-09T23:30:00-05:00\n---\nThe pact was signed in Tokyo.\n",
    "sources/unfinished.md": "---\ntitle: Unfinished\ndraft: true\n---\nThe pact was signed in Tokyo.\n",
    "claims.yaml": "claims:\n"
                   "  - id: live\n    claim: The pact was signed in Tokyo.\n    published: 2024-03-06\n"
                   "    sources: [wire, later, unfinished]\n"
                   "  - id: scheduled\n    claim: The pact was signed in Osaka.\n    published: 2024-03-08T09:00:00Z\n"
                   "  - id: drafted\n    claim: The pact was signed in Kyoto.\n    draft: true\n",
}


def _published(out) -> tuple[list[str], list[str]]:
    data = _crossref(out)
    return [c["id"] for c in data["claims"]], [s["id"] for s in data["sources"]]


def test_drafts_and_scheduled_items_wait_for_their_day(scratch_site, tmp_path):
    content = scratch_site({"site.yaml": SCRATCH_SITE + "timezone: Asia/Tokyo\n", **DESK})
    out, cache = tmp_path / "site", tmp_path / "cache"
    build = lambda *extra, env=None: run_cli("build", "--content", content, "--out", out, "--no-search",  # noqa: E731
                                             "--cache-dir", cache, "--quiet", *extra, env=env)
    result = build("--until", "2024-03-07")
    assert result.returncode == 0, result.stderr
    assert _published(out) == (["live"], ["wire"])
    assert not (out / "claims/drafted").exists() and not (out / "sources/unfinished").exists()
    first = (out / "claims/live/index.html").read_bytes()
    # the same content and date: the same bytes, from scratch too
    assert run_cli("build", "--content", content, "--out", tmp_path / "again", "--no-search", "--no-cache",
                   "--quiet", "--until", "2024-03-07").returncode == 0
    assert (tmp_path / "again/claims/live/index.html").read_bytes() == first
    # 09:00Z on the 8th is the 8th in Tokyo; 23:30 -05:00 on the 9th is the 10th there
    assert build("--until", "2024-03-08").returncode == 0
    assert _published(out) == (["live", "scheduled"], ["wire"])
    assert build("--until", "2024-03-10").returncode == 0
    assert _published(out) == (["live", "scheduled"], ["later", "wire"])
    # the default is today (SOURCE_DATE_EPOCH's day when set: 2024-03-08T12:00Z)
    assert build(env={"SOURCE_DATE_EPOCH": "1709899200"}).returncode == 0
    assert _published(out) == (["live", "scheduled"], ["wire"])
    assert build().returncode == 0  # today, long after
    assert _published(out) == (["live", "scheduled"], ["later", "wire"])
    assert build("--drafts", "--until", "2024-03-01").returncode == 0
    assert _published(out) == (["live", "scheduled", "drafted"], ["later", "unfinished", "wire"])


def test_until_must_be_a_date(scratch_site):
    content = scratch_site(DESK)
    result = run_cli("build", "--content", content, "--until", "next week")
    assert result.returncode == 2
    assert "--until: 'next week' is not a date: write it as YYYY-MM-DD" in result.stderr
