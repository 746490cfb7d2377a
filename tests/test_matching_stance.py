import pytest

from generator.matching import Matcher, MatchSettings, Stance

BRIDGE = (
    "ROTTERDAM — The new Maas bridge opened to traffic on Tuesday after four years of work.\n\n"
    "Mayor Anna de Vries cut the ribbon in Rotterdam, praising the engineers.\n\n"
    "The crossing cost €120 million and will carry 40,000 cars a day.\n\n"
    "A nearby solar farm produces 40 MW of power for the city.\n\n"
    "The council approved a second bridge in 2019, but work has not started.\n\n"
    "Officials said the structure is non-toxic and earthquake-resistant."
)
WEATHER = "Heavy rain fell across the north on Sunday. Farmers said crops were flooded near the river."


@pytest.fixture(scope="module")
def matcher():
    return Matcher({"bridge": BRIDGE, "weather": WEATHER})


def one(matcher, claim, source="bridge"):
    (match,) = matcher.match(claim, source_ids=[source])
    return match


def test_agrees_with_paraphrase(matcher):
    match = one(matcher, "The Maas bridge was opened to traffic on Tuesday.")
    assert match.stance is Stance.AGREES
    assert "Tuesday" in match.evidence_text


def test_weekday_conflict(matcher):
    match = one(matcher, "The Maas bridge opened to traffic on Monday.")
    assert match.stance is Stance.DIFFERS
    assert [(c.kind, c.claim_value, c.source_value) for c in match.conflicts] == [("weekday", "Monday", "Tuesday")]


def test_number_conflict_with_units(matcher):
    match = one(matcher, "The solar farm produces 400 MW of power for the city.")
    assert match.stance is Stance.DIFFERS
    conflict = match.conflicts[0]
    assert conflict.kind == "number" and conflict.source_value == "40 MW"


def test_same_number_agrees(matcher):
    assert one(matcher, "A solar farm produces 40 megawatts... 40 MW of power for the city.").stance is Stance.AGREES


def test_currency_amount_conflict(matcher):
    match = one(matcher, "The crossing cost €150 million.")
    assert match.stance is Stance.DIFFERS
    assert match.conflicts[0].source_value == "€120 million"


def test_place_conflict(matcher):
    match = one(matcher, "Mayor Anna de Vries cut the ribbon in Lyon.")
    assert match.stance is Stance.DIFFERS
    assert any(c.kind == "place" and c.claim_value == "Lyon" and c.source_value == "Rotterdam" for c in match.conflicts)


def test_year_conflict(matcher):
    match = one(matcher, "The council approved a second bridge in 2017.")
    assert match.stance is Stance.DIFFERS
    assert ("year", "2017", "2019") in [(c.kind, c.claim_value, c.source_value) for c in match.conflicts]


def test_negation_conflict_prefix(matcher):
    match = one(matcher, "Officials said the structure is toxic.")
    assert match.stance is Stance.DIFFERS
    assert match.conflicts[0].kind == "negation"
    assert match.conflicts[0].source_value == "non-toxic"


def test_negation_conflict_not(matcher):
    match = one(matcher, "Work on the second bridge has started.")
    assert match.stance is Stance.DIFFERS
    assert any(c.kind == "negation" for c in match.conflicts)


def test_person_conflict():
    source = "Prime Minister Jane Holt signed the water treaty with Norway on Friday in Oslo."
    (match,) = Matcher({"s": source}).match("Tom Berg signed the water treaty with Norway.")
    assert match.stance is Stance.DIFFERS
    assert ("person", "Tom Berg", "Jane Holt") in [(c.kind, c.claim_value, c.source_value) for c in match.conflicts]


def test_extra_numbers_do_not_conflict(matcher):
    # the passage has other numbers (40,000 cars) unrelated to the claim
    match = one(matcher, "The crossing cost €120 million.")
    assert match.stance is Stance.AGREES
    assert match.conflicts == ()


def test_silent_for_unrelated_claim(matcher):
    match = one(matcher, "The central bank raised interest rates by half a point.")
    assert match.stance is Stance.SILENT
    assert match.evidence is None and match.evidence_text is None


def test_silent_when_claim_detail_absent_from_source(matcher):
    match = one(matcher, "Heavy rain fell across the north on Sunday in Glasgow.", source="weather")
    assert match.stance is Stance.SILENT


def test_evidence_is_exact_slice_and_highlights_inside(matcher):
    for claim in ("The bridge opened on Tuesday.", "The solar farm produces 400 MW.", "Crops were flooded."):
        for match in matcher.match(claim):
            if match.evidence is None:
                continue
            body = BRIDGE if match.source_id == "bridge" else WEATHER
            assert body[match.evidence.start:match.evidence.end] == match.evidence_text
            assert len(match.evidence_text) <= 600
            last = match.evidence.start
            for span in match.highlights:
                assert match.evidence.start <= span.start < span.end <= match.evidence.end
                assert span.start >= last
                last = span.end
            for conflict in match.conflicts:
                if conflict.source_span:
                    assert body[conflict.source_span.start:conflict.source_span.end] == conflict.source_value


def test_order_and_determinism():
    sources = {"b": BRIDGE, "a": WEATHER}
    first = Matcher(sources).match("The bridge opened on Monday.")
    second = Matcher(dict(reversed(list(sources.items())))).match("The bridge opened on Monday.")
    assert [m.source_id for m in first] == ["a", "b"]
    assert first == second
    assert [m.source_id for m in Matcher(sources).match("x", source_ids=["b", "a"])] == ["b", "a"]


def test_look_for_adds_phrasings(matcher):
    claim = "The river crossing is now in use."
    with_hint = one(matcher, claim) if False else matcher.match(claim, look_for=["The bridge opened to traffic"], source_ids=["bridge"])[0]
    assert with_hint.stance is Stance.AGREES
    assert "opened to traffic" in with_hint.evidence_text


def test_settings_threshold_makes_everything_silent():
    match = Matcher({"bridge": BRIDGE}, MatchSettings(silent_below=101)).match("The bridge opened on Tuesday.")[0]
    assert match.stance is Stance.SILENT
    assert match.candidates  # the best candidates are still reported for `explain`


def test_passages_are_sentences(matcher):
    spans = matcher.passages("weather")
    assert [WEATHER[s.start:s.end] for s in spans] == [
        "Heavy rain fell across the north on Sunday.",
        "Farmers said crops were flooded near the river.",
    ]
