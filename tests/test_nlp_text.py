"""tactful.nlp.text: folded word forms, the bounded tokenizer and what is not the sender's own words."""
from __future__ import annotations

import pytest

from tactful.nlp.text import MAX_AFFIX_RUN, Span, analyse, find_masks, fold


@pytest.mark.parametrize("word, folded", [
    ("following", "follow"), ("followed", "follow"), ("follows", "follow"),
    ("replies", "reply"), ("replied", "reply"),
    ("shipping", "ship"),            # the doubled consonant is undone
    ("boxes", "box"), ("matches", "match"),
    ("bought", "buy"), ("paid", "pay"), ("children", "child"),
    ("class", "class"), ("bus", "bus"),   # -ss and -us are not plurals
    ("sale", "sal"), ("sales", "sal"),    # a trailing e goes, so both forms meet
    ("ok", "ok"), ("co2", "co2"),         # short or not all letters: as is
])
def test_fold(word, folded):
    assert fold(word) == folded


def test_tokens_carry_folded_norms():
    doc = analyse("She followed up twice.")
    assert [t.norm_ for t in doc] == ["she", "follow", "up", "twic", "."]


def test_a_long_run_without_spaces_is_cut_linearly():
    text = "price: " + "$" * 5000 + " thanks"
    doc = analyse(text)
    assert doc.text == text                                  # nothing lost or added
    assert max(len(t.text) for t in doc) <= 100              # one repeated symbol per piece, at most
    assert len(text.split()[1]) > MAX_AFFIX_RUN


@pytest.mark.parametrize("draft, history, masked", [
    ("Details at https://shop.example/sale-now today", [], ["https://shop.example/sale-now"]),
    ("Thanks @brightmill_foods for the shout", [], ["@brightmill_foods"]),
    ("> buy now, 50% off\nNot my words, their ad", [], ["> buy now, 50% off"]),
    ('You wrote "cancel my order please" - done', ["Hi, cancel my order please, it's late"], ['"cancel my order please"']),
    ('It is the German "Dear Sir/Madam", formal', [], ['"Dear Sir/Madam"']),
    ("email me at ana@studio.example", [], []),              # an address is not a link
])
def test_find_masks(draft, history, masked):
    masks = find_masks(draft, history)
    assert [draft[s.start:s.end] for s in masks.all] == masked


def test_masks_cover_a_span_mostly_inside():
    draft = "See https://x.example/offer for the offer"
    masks = find_masks(draft)
    assert masks.covers(Span(4, 20))
    assert not masks.covers(Span(29, 38))
