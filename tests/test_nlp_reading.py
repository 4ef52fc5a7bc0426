"""tactful.nlp.reading: sentences, content words, questions and word overlap of one text."""
from __future__ import annotations

import pytest

from tactful.nlp.reading import asks, question_kind, questions, read, similarity, word_set


@pytest.mark.parametrize("message, expected", [
    ("Thanks for the quote. Does it include delivery?", ["Does it include delivery?"]),
    ("Could you send me the invoice again. Cheers", ["Could you send me the invoice again."]),
    ("Hi! How are you? Hope the move went well.", []),              # small talk asks nothing of us
    ("Lovely to meet you yesterday.", []),
])
def test_questions(message, expected):
    assert questions(read(message)) == expected


@pytest.mark.parametrize("sentence, kind", [
    ("Can you confirm the booking for Friday?", "request"),
    ("Please send the floor plan", "request"),
    ("What time do you open on Sundays?", "open"),
    ("Your profile says Leeds - where are you based now?", "open"),
    ("Is parking included?", "yesno"),
])
def test_question_kind(sentence, kind):
    assert question_kind(sentence) == kind


def test_asks_needs_a_question_mark_or_a_request():
    assert asks("Is it dog friendly?")
    assert asks("let me know if Tuesday suits")
    assert not asks("The van comes Tuesday.")


def test_reading_finds_sentences_and_folded_content_words():
    reading = read("We loved the tasting menu. The desserts were amazing!")
    assert reading.sentence_texts() == ["We loved the tasting menu.", "The desserts were amazing!"]
    assert {"tast", "menu", "dessert", "amaz"} <= reading.words     # folded: tasting -> tast
    assert "the" not in reading.words and "were" not in reading.words
    assert reading.sentence_around(30) == "The desserts were amazing!"


def test_similarity_is_word_overlap():
    assert similarity("see you on Friday", "Friday, see you on") == 1.0
    assert similarity("see you on Friday", "") == 0.0
    assert word_set("It's ready!") == {"it's", "ready"}


@pytest.mark.parametrize("lexicon_name, text, found", [
    ("SALES_OPENER", "We help dental practices fill their books", True),
    ("SALES_OPENER", "Would you be open to a quick call this week?", True),
    ("SALES_OPENER", "Could we help with the move on Saturday?", False),
    ("SELF_PROMOTION", "new episode of my podcast is out", True),
    ("SELF_PROMOTION", "see our pinned post for times", True),
    ("SELF_PROMOTION", "your podcast was great", False),
])
def test_pitch_vocabularies(lexicon_name, text, found):
    from tactful.nlp import lexicons

    assert bool(getattr(lexicons, lexicon_name).search(lexicons.normalise(text))) is found
