from generator.matching.normalise import americanise, base_term, normalise_text, synonym_of
from generator.matching.numbers import extract_figures
from generator.matching.text import split_sentences, tokenize


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_offsets_are_exact_slices():
    text = "  The port reopened.The mayor spoke.\n\nA second paragraph here.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["The port reopened.", "The mayor spoke.", "A second paragraph here."]


def test_run_together_sentences_and_quotes():
    text = "The dam was finished in May.“It is a triumph,” she said.”The river rose.Engineers cheered."
    got = sentences(text)
    assert got[0] == "The dam was finished in May."
    assert got[1].startswith("“It is a triumph,”")
    assert "Engineers cheered." in got


def test_abbreviations_do_not_split():
    text = "The U.S. and the U.K. met on Feb. 3 in St. Louis with Dr. Jane Roe. Talks ended."
    assert sentences(text) == ["The U.S. and the U.K. met on Feb. 3 in St. Louis with Dr. Jane Roe.", "Talks ended."]


def test_glued_caption_and_tweet_attribution_split():
    text = "Photo by Reuters via Getty ImagesDuring the visit the ministers met.— A User (@user) March 2, 2021The ministry said no."
    got = sentences(text)
    assert got[0] == "Photo by Reuters via Getty Images"
    assert got[-1] == "The ministry said no."


def test_dateline_is_not_part_of_first_sentence():
    text = "PARIS (AP) – The bridge opened on Tuesday."
    assert sentences(text) == ["The bridge opened on Tuesday."]


def test_tokens_keep_offsets_and_hyphen_links():
    text = "a non-lethal G-7 aid of £40m"
    tokens = tokenize(text)
    assert all(text[t.start:t.end] == t.raw for t in tokens)
    lethal = next(t for t in tokens if t.raw == "lethal")
    assert lethal.hyphen_before
    assert any(t.raw == "G-7" for t in tokens)


def test_normalisation_spelling_and_stems():
    assert americanise("defence") == "defense"
    assert americanise("armour") == "armor"
    assert americanise("organisation") == "organization"
    assert americanise("centre") == "center"
    assert americanise("programme") == "program"
    assert americanise("hour") == "hour"  # not a British -our word
    assert base_term("Signed") == base_term("signing") == base_term("sign")
    assert base_term("countries") == base_term("country")
    assert base_term("the") == ""
    assert synonym_of(base_term("pact")) == synonym_of(base_term("agreement"))
    assert synonym_of(base_term("British")) == synonym_of(base_term("Britain"))
    assert normalise_text("The Labour Party’s colour") == "the labor party's color"


def test_numbers_digits_and_words_agree():
    def values(text):
        return [(q.value, q.unit) for q in extract_figures(tokenize(text)).quantities]

    assert values("a thousand years") == values("1,000-year") == [(1000.0, "year")]
    assert values("over a century") == [(100.0, "year")]
    assert values("$15 trillion") == [(15e12, "USD")]
    assert values("9 trillion pounds") == [(9e12, "GBP")]
    assert values("40 MW") == [(40.0, "mw")]
    assert values("twenty-five people")[0][0] == 25.0
    assert values("12 per cent") == [(12.0, "%")]


def test_dates_weekdays_months_years():
    figures = extract_figures(tokenize("on Tuesday, Sept. 5, 2019, and in March 1998; in 1603"))
    kinds = [(d.kind, d.month, d.day, d.year, d.weekday) for d in figures.dates]
    assert ("weekday", None, None, None, 1) in kinds
    assert ("date", 9, 5, 2019, None) in kinds
    assert ("month", 3, None, 1998, None) in kinds
    assert ("year", None, None, 1603, None) in kinds
    # "May" the verb is no month
    assert extract_figures(tokenize("May I ask?")).dates == ()
