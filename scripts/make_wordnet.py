#!/usr/bin/env python3
"""Write the compact English lexicon the matcher ships, from the WordNet 3.0 database.

WordNet is not on PyPI with its data, so `pip install` alone cannot bring it; this
script reads Debian's `wordnet-base` files (`apt-get install wordnet-base`, under
/usr/share/wordnet, format in wndb(5WN)) and writes
generator/matching/language/data/wordnet-en.json.gz, which the package ships with
WordNet's licence beside it (WORDNET-LICENSE). Nothing in it comes from an
evaluation story: it is WordNet, filtered by rule.

What it keeps, per lemma (lowercase, multiword lemmas joined by "_"):
  y  its synonyms: the lemmas that share one of its most frequent senses (at most
     SENSES per part of speech), that sense being among their own most frequent;
  d  lemmas related by derivation (+) or pertainym (\\): "british" -> "britain";
  a  antonyms (!): "rise" -> "fall";
  t  for proper nouns that are instances of a kind (Italy, Tokyo, Pfizer), the coarse
     kind: "place", "person" or "org", and the synset of the kind itself
     (European country, city ...) so that two names of one kind can be told apart.

usage: python scripts/make_wordnet.py [WORDNET_DIR] [OUT_FILE]
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "generator" / "matching" / "language" / "data" / "wordnet-en.json.gz"
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
SENSES = 3  # most frequent senses per part of speech that count for synonymy

# Top-level noun synsets (by their first lemma) that name a coarse kind of entity.
KIND_ROOTS = {
    "location": "place", "region": "place", "geographical_area": "place", "country": "place",
    "city": "place", "state": "place", "body_of_water": "place", "land": "place",
    "person": "person",
    "organization": "org", "company": "org", "institution": "org", "agency": "org",
}


def parse_data(wordnet: Path):
    """offset-key -> (lemmas, pointers) for every synset; key is pos + offset."""
    synsets = {}
    for pos_file in ("noun", "verb", "adj", "adv"):
        for line in (wordnet / f"data.{pos_file}").read_text(encoding="latin-1").splitlines():
            if not line or line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, ss_type = fields[0], fields[2]
            pos = "a" if ss_type == "s" else ss_type
            w_cnt = int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(w_cnt)]
            words = [w.split("(")[0] for w in words]  # adjective markers: "galore(ip)"
            k = 4 + 2 * w_cnt
            p_cnt = int(fields[k])
            pointers = []
            for i in range(p_cnt):
                symbol, target, tpos, st = fields[k + 1 + 4 * i: k + 5 + 4 * i]
                tpos = "a" if tpos == "s" else tpos
                pointers.append((symbol, tpos + target, int(st[:2], 16), int(st[2:], 16)))
            synsets[pos + offset] = (words, pointers)
    return synsets


def parse_index(wordnet: Path):
    """lemma -> [synset keys, most frequent sense first] per part of speech."""
    senses = defaultdict(list)
    for pos_file in ("noun", "verb", "adj", "adv"):
        for line in (wordnet / f"index.{pos_file}").read_text(encoding="latin-1").splitlines():
            if not line or line.startswith(" "):
                continue
            fields = line.split()
            lemma, pos = fields[0].lower(), fields[1]
            pos = "a" if pos == "s" else pos
            p_cnt = int(fields[3])
            synset_cnt = int(fields[2])
            offsets = fields[4 + p_cnt + 2:][:synset_cnt]
            senses[lemma].append([pos + o for o in offsets])
    return senses


def kind_of(key, synsets, memo):
    """The coarse kind of a noun synset by its hypernym closure, or None."""
    if key in memo:
        return memo[key]
    memo[key] = None
    words, pointers = synsets[key]
    for word in words:
        if word in KIND_ROOTS:
            memo[key] = KIND_ROOTS[word]
            return memo[key]
    for symbol, target, _, _ in pointers:
        if symbol in ("@", "@i") and target in synsets:
            found = kind_of(target, synsets, memo)
            if found:
                memo[key] = found
                return found
    return None


def build(wordnet: Path) -> dict:
    synsets = parse_data(wordnet)
    senses = parse_index(wordnet)
    used = {}  # synset key -> small int
    lexicon: dict[str, dict] = defaultdict(dict)
    top: dict[str, set[int]] = {}
    for lemma, per_pos in senses.items():
        ids = []
        for keys in per_pos:
            for key in keys[:SENSES]:
                ids.append(used.setdefault(key, len(used)))
        if ids:
            top[lemma] = set(ids)
    members = defaultdict(set)
    for lemma, ids in top.items():
        for i in ids:
            members[i].add(lemma)
    for lemma, ids in top.items():
        synonyms = set().union(*(members[i] for i in ids)) - {lemma}
        if synonyms:
            lexicon[lemma]["y"] = sorted(synonyms)
    related = defaultdict(set)
    antonyms = defaultdict(set)
    memo: dict = {}
    kinds = {}
    for key, (words, pointers) in synsets.items():
        for symbol, target, source_no, target_no in pointers:
            if target not in synsets:
                continue
            target_words = synsets[target][0]
            sources = [words[source_no - 1]] if source_no else words
            targets = [target_words[target_no - 1]] if target_no else target_words
            if symbol in ("+", "\\") and source_no:
                for s in sources:
                    for t in targets:
                        if s != t:
                            related[s].add(t)
                            related[t].add(s)
            elif symbol == "!":
                for s in sources:
                    for t in targets:
                        antonyms[s].add(t)
                        antonyms[t].add(s)
            elif symbol == "@i" and key[0] == "n":
                kind = kind_of(target, synsets, memo)
                if kind:
                    for w in words:
                        kinds.setdefault(w, (kind, used.setdefault(target, len(used))))
    for lemma, others in related.items():
        lexicon[lemma]["d"] = sorted(others)
    for lemma, others in antonyms.items():
        lexicon[lemma]["a"] = sorted(others)
    for lemma, (kind, category) in kinds.items():
        lexicon[lemma]["t"] = [kind, category]
    return {"source": "WordNet 3.0 (Princeton University), see WORDNET-LICENSE",
            "senses_per_pos": SENSES,
            "lemmas": {k: lexicon[k] for k in sorted(lexicon)}}


def main(argv: list[str]) -> int:
    wordnet = Path(argv[0]) if argv else Path("/usr/share/wordnet")
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    if not (wordnet / "data.noun").is_file():
        print(f"{wordnet}: no WordNet database here (apt-get install wordnet-base)", file=sys.stderr)
        return 1
    data = build(wordnet)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    # mtime=0: the same database gives the same bytes
    with open(out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    licence = Path("/usr/share/doc/wordnet-base/copyright")
    if licence.is_file():
        shutil.copyfile(licence, out.parent / "WORDNET-LICENSE")
    print(f"{out}: {len(data['lemmas'])} lemmas, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
