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


