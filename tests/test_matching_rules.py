"""The matcher's rules, each with small cases of its own (none from an evaluation story),
and its public behaviour: verbatim evidence, recorded conflicts, confidences."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.matching import Matcher, Stance
from generator.matching.analysis import analyse
from generator.matching.details import Quantity, When, extract
from generator.matching.judge import _when_status, compare_quantities, stance_of
from generator.matching.language import language_for, language_warning
from generator.matching.retrieve import SourceText, build_query, ranked

EN = language_for("en")


def details(text, published=None):
    return extract(analyse(text, 0, len(text), EN), text, EN, published)


def q(value, bound="exact", unit="people"):
    return Quantity(value, unit, bound, "count", 0, 1, 0, 1)


# -- language -------------------------------------------------------------------------
def test_language_resources():
    assert EN.lemma("Agreements") == "agreement" and EN.lemma("signed") == "sign"
    assert EN.spelling_key("colour") == EN.spelling_key("color")
    assert EN.spelling_key("organise") == EN.spelling_key("organize")
    assert EN.spelling_key("defence") == "defense" and EN.spelling_key("centre") == "center"
    assert "britain" in EN.related("british")
    assert "treaty" in EN.synonyms("pact")
    assert "fall" in EN.antonyms("rise")
    assert EN.kind("italy")[0] == "place"
    assert EN.zipf("the") > EN.zipf("footbridge") > 0


def test_other_languages_get_a_warning_and_english():
    assert language_warning("en-GB") is None
    assert "no resources" in language_warning("fr")
    assert language_for("fr") is language_for("en") is language_for("en-GB")


# -- details --------------------------------------------------------------------------
def test_quantities_with_units_scale_currency_and_bounds():
    found = details("Turnout rose to 64.5% as more than 1,200 people voted and the fund grew to £3.5bn.").quantities
    assert [(x.value, x.unit, x.bound, x.kind) for x in found] == [
        (64.5, "%", "exact", "percent"), (1200.0, "people", "min", "count"), (3.5e9, "GBP", "exact", "money")]
    words = details("Twenty-one boats and about two million visitors came.").quantities
    assert [(x.value, x.bound) for x in words] == [(21.0, "exact"), (2e6, "approx")]


def test_dates_clock_times_and_relative_days():
    found = details("The ferry sank at 10:15 p.m. on 3 June 2021.").whens
    assert (found[0].minutes, found[1].day, found[1].month, found[1].year) == (22 * 60 + 15, 3, 6, 2021)
    # "yesterday" and a weekday resolve against the source's own date
    published = dt.date(2024, 5, 9)  # a Thursday
    (yesterday,) = details("The vote was held yesterday.", published).whens
    assert (yesterday.month, yesterday.day) == (5, 8)
    (monday,) = details("The vote was held on Monday.", published).whens
    assert (monday.month, monday.day, monday.weekday) == (5, 6, 0)


def test_names_kinds_and_negation():
    found = details("Delegates from Italy met Maria Lenz in Vienna, but no deal was signed.")
    names = {n.text: n.kind for n in found.names}
    assert names["Italy"] == "place" and "Maria Lenz" in names
    assert found.negated
    assert not details("The deal was signed.").negated


@pytest.mark.parametrize("claim, source, expected", [
    (q(157), q(157), "match"),
    (q(157), q(128), "conflict"),
    (q(157), q(150, "min"), "looser"),  # "more than 150" allows 157 but does not state it
    (q(157), q(157, "min"), "match"),  # "at least 157" states it
    (q(140), q(150, "min"), "conflict"),  # below the source's lower bound
    (q(150, "min"), q(157), "match"),  # "more than 150" is satisfied by 157
    (q(150, "min"), q(128), "conflict"),
    (q(20, "max"), q(12), "match"),
    (q(20, "max"), q(30), "conflict"),
    (q(375, "approx"), q(346), "conflict"),  # an approximate figure is still a figure
    (q(100, "approx"), q(101), "match"),
])
def test_quantity_bounds(claim, source, expected):
    assert compare_quantities(claim, source) == expected


def test_dates_compare_on_the_fields_both_give():
    claim = When(None, 4, 1, None, None, 0, 1)
    assert _when_status(claim, (When(2025, 4, 1, 1, None, 0, 1),))[0] == "match"
    assert _when_status(claim, (When(None, 5, 1, None, None, 0, 1),))[0] == "conflict"
    assert _when_status(claim, (When(None, None, None, None, 600, 0, 1),))[0] == "absent"


def test_stance_cut_points():
    assert stance_of({"agrees": 0.3, "differs": 0.1, "silent": 0.6}) is Stance.SILENT
    assert stance_of({"agrees": 0.5, "differs": 0.2, "silent": 0.3}) is Stance.AGREES
    assert stance_of({"agrees": 0.2, "differs": 0.5, "silent": 0.3}) is Stance.DIFFERS
    assert stance_of({"agrees": 0.3, "differs": 0.1, "silent": 0.6}, relevant_above=0.3) is Stance.AGREES


# -- retrieval ------------------------------------------------------------------------
BRIDGE = ("The council said the new footbridge over the river will open on 1 April after two years "
          "of work.\n\nCouncillors approved the plan by 31 votes to 12 in March.The mayor, Jane Holt, "
          "praised the engineers.\n\nThe footbridge cost £4m, the council said.")


def test_retrieval_ranks_the_passage_with_the_claims_point():
    source = SourceText(BRIDGE, EN)
    assert [BRIDGE[p.start:p.end] for p in source.sentences][2] == "The mayor, Jane Holt, praised the engineers."
    top = ranked(build_query("The footbridge cost four million pounds.", EN), source)[0]
    assert BRIDGE[top.passage.start:top.passage.end] == "The footbridge cost £4m, the council said."
    top = ranked(build_query("Councillors backed the scheme by 31 votes to 12.", EN), source)[0]
    assert "31 votes" in BRIDGE[top.passage.start:top.passage.end]


# -- the Matcher ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def matcher():
    return Matcher({"bridge": BRIDGE, "weather": "Heavy rain fell across the north on Sunday."},
                   published={"bridge": dt.date(2025, 3, 20)})


def one(matcher, claim, source="bridge"):
    (match,) = matcher.match(claim, source_ids=[source])
    return match


def test_agrees_with_evidence_as_a_verbatim_slice(matcher):
    match = one(matcher, "The footbridge will open on 1 April.")
    assert match.stance is Stance.AGREES and 0.5 < match.confidence <= 1
    assert BRIDGE[match.evidence.start:match.evidence.end] == match.evidence_text
    assert "1 April" in match.evidence_text
    assert all(match.evidence.start <= h.start < h.end <= match.evidence.end for h in match.highlights)
    assert {BRIDGE[h.start:h.end] for h in match.highlights} >= {"footbridge", "open", "April"}


def test_another_date_differs_and_is_recorded(matcher):
    match = one(matcher, "The footbridge will open on 1 May.")
    assert match.stance is Stance.DIFFERS
    (conflict,) = match.conflicts
    assert conflict.kind == "date" and conflict.source_value == "1 April"
    assert BRIDGE[conflict.source_span.start:conflict.source_span.end] == "1 April"


def test_another_figure_for_the_same_count_differs_and_is_recorded(matcher):
    match = one(matcher, "Councillors approved the plan by 41 votes to 12.")
    assert match.stance is Stance.DIFFERS
    assert [(c.kind, c.claim_value, c.source_value) for c in match.conflicts] == [("number", "41 votes", "31 votes")]
    assert one(matcher, "Councillors approved the plan by 31 votes to 12.").stance is Stance.AGREES


def test_another_person_differs(matcher):
    match = one(matcher, "The mayor, Tom Reed, praised the engineers.")
    assert match.stance is Stance.DIFFERS
    assert [(c.claim_value, c.source_value) for c in match.conflicts] == [("Tom Reed", "Jane Holt")]


def test_unrelated_claim_is_silent_with_its_nearest_passage(matcher):
    match = one(matcher, "The weather was sunny in Paris.", "weather")
    assert match.stance is Stance.SILENT and match.evidence is None and 0 < match.confidence <= 1


def test_features_are_readable_for_explain(matcher):
    names = dict(one(matcher, "The footbridge will open on 1 May.").features)
    assert names["w_conflict"] == 1.0 and 0 < names["relevance"] <= 1


# A source about another story that shares the claim's vocabulary (another town's
# building, opening, vote) is silent without being judged: the story gate reads how much
# of the claim's names and rarer words the whole source holds. Its nearest passage is
# still reported.
POOL = ("The council of Bramley said the new swimming pool will open on 3 June after two years of work.\n\n"
        "The mayor, Omar Haddad, praised the builders. The plan was approved by 22 votes to 9.")


def test_a_source_about_another_story_is_silent_unjudged_with_its_nearest_passage():
    m = Matcher({"bridge": BRIDGE, "pool": POOL})
    claim = "Jane Holt said the footbridge over the river will open on 1 April."
    query = m.query(claim)
    assert m.story(query, "pool") < m.model.gate_above <= m.story(query, "bridge")
    judged = m.pairs_judged
    other, own = m.match(claim, source_ids=["pool", "bridge"])
    assert m.pairs_judged == judged + 1  # the bridge alone
    assert other.stance is Stance.SILENT and other.evidence is None and other.confidence > 0.9
    assert "about the claim's story" in other.reasons[0]
    assert other.candidates and POOL[other.candidates[0].span.start:other.candidates[0].span.end] == \
        other.candidates[0].text
    assert dict(other.features)["story_names_found"] == 0.0
    assert own.stance is Stance.AGREES


# Renaming people and places consistently in claim and source leaves every stance as it was.
PEOPLE = ["Jane Holt", "Anna Weber", "Maria Lenz", "Sara Kovac", "Ines Duarte"]
OTHERS = ["Tom Reed", "Paul Berger", "Omar Haddad", "Ivan Petrov", "Luis Ortega"]
TOWNS = ["Harwick", "Bramley", "Oakmere", "Redcastle", "Fenwick"]
STORY = ("The council of {town} said the new footbridge will open on 1 April.\n\n"
         "The mayor, {person}, praised the engineers. The plan was approved by 31 votes to 12.")
CLAIMS = ["The footbridge in {town} will open on 1 April.", "The footbridge in {town} will open on 1 May.",
          "The mayor, {person}, praised the engineers.", "The mayor, {other}, praised the engineers.",
          "Heavy snow closed every school in {town}."]


def _stances(person, other, town):
    fill = dict(person=person, other=other, town=town)
    m = Matcher({"s": STORY.format(**fill)})
    return [m.match(c.format(**fill))[0].stance for c in CLAIMS]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(PEOPLE), st.sampled_from(OTHERS), st.sampled_from(TOWNS))
def test_renaming_people_and_places_leaves_stances_unchanged(person, other, town):
    assert _stances(person, other, town) == _stances(PEOPLE[0], OTHERS[0], TOWNS[0])


def test_a_language_without_a_module_is_a_warning_that_does_not_fail_strict(scratch_site):
    from conftest import run_cli

    content = scratch_site({"site.yaml": "title: T\nbase_url: https://t.example.org/\nlanguage: fr\n",
                            "sources/a.md": "---\ntitle: A\n---\nLe pont a ouvert mardi.\n",
                            "claims.yaml": "claims:\n  - id: c\n    claim: Le pont a ouvert mardi.\n"})
    result = run_cli("check", "--content", content, "--strict")
    assert result.returncode == 0, result.stderr
    assert 'site.yaml:3:11: warning: the matcher has no resources for language "fr" yet' in result.stderr
