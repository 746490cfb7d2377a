"""Per-pair purity: a (claim, source) Match depends on that source alone, and the
include_silent=False / match_many paths return exactly the non-silent matches."""

import random

import pytest

from generator.matching import Matcher, Stance

SOURCE_A = (
    "PORTVILLE — The harbour authority signed a dredging contract with Delta Marine on Monday.\n\n"
    "The contract is worth £40 million and runs for five years.\n\n"
    "Mayor Lena Ortiz said the deal would let larger ships dock in Portville.\n\n"
    "Dredging will begin in March, the authority said."
)
WORDS = ("harbour contract council river school budget ships bridge mayor ferry election "
         "road hospital tax rail port fishing storm museum festival").split()


def _others(n: int) -> dict[str, str]:
    rng = random.Random(7)
    out = {}
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = rng.sample(WORDS, 5)
            sentences.append(f"The {words[0]} {words[1]} said the {words[2]} and {words[3]} {words[4]} plans changed on Monday.")
        if i % 5 == 0:  # related sources share many of the claim's words
            sentences.append("The harbour authority signed a dredging contract with another firm on Friday.")
        out[f"other-{i:02d}"] = " ".join(sentences)
    return out


CLAIMS = [
    ("The harbour authority signed a dredging contract with Delta Marine on Monday.", ()),
    ("The dredging contract is worth £50 million.", ()),
    ("Dredging will begin in March.", ("work starts in March",)),
    ("Larger ships will be able to dock in Portville.", ()),
    ("The city council cut the school budget.", ()),
]


@pytest.fixture(scope="module")
def big():
    return Matcher({"a": SOURCE_A, **_others(50)})


def test_match_depends_only_on_its_source(big):
    alone = Matcher({"a": SOURCE_A})
    for claim, look_for in CLAIMS:
        assert alone.match(claim, look_for, ["a"]) == big.match(claim, look_for, ["a"]), claim


def test_include_silent_false_is_the_non_silent_subset_and_near_misses(big):
    near = 100 * big.settings.nearest_from
    for claim, look_for in CLAIMS:
        everything = big.match(claim, look_for)
        loud = big.match(claim, look_for, include_silent=False)
        assert loud == tuple(m for m in everything if m.stance is not Stance.SILENT or m.score >= near)
        assert all(m.candidates for m in loud if m.stance is Stance.SILENT)  # each with its nearest passage
        assert [m.source_id for m in loud] == sorted(m.source_id for m in loud)


def test_match_many_in_order_and_same_with_workers(big):
    queries = [(c, lf, None) for c, lf in CLAIMS] + [(CLAIMS[0][0], (), ["a", "other-00"])]
    one = big.match_many(queries)
    assert one == [big.match(c, lf, ids, include_silent=False) for c, lf, ids in queries]
    assert big.match_many(queries, workers=2) == one
    assert one[0] and one[0][0].source_id == "a" and one[0][0].stance is Stance.AGREES


def test_match_many_with_silent_matches_is_match(big):
    # match_many works source by source, match claim by claim: the same Matches,
    # silent ones (with their scores and candidates) included
    queries = [(c, lf, None) for c, lf in CLAIMS] + [(CLAIMS[1][0], (), ["other-05", "a"])]
    many = big.match_many(queries, include_silent=True, workers=2)
    assert many == [big.match(c, lf, ids) for c, lf, ids in queries]
    assert sum(m.stance is Stance.SILENT and m.candidates != () for ms in many for m in ms) > 0
