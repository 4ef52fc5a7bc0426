"""The send path's caches give exactly the numbers the plain computation gives (equal, not close), stay bounded,
and read each of their messages once however many requests and rules ask."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from tactful.model import tfidf
from tactful.signals import model as signal_model_module
from tactful.signals.model import load_signal_model, model_text

TEXTS = [
    "Check out my channel!!! http://youtube.com/user/xyz SUBSCRIBE &amp; share <br />thanks",
    "ok",
    "🙂🙂🙂",
    "hey  there\n\n\tdouble   spaces and\ttabs",
    "Ünïcödé wörds, naïve café — “quotes” and ‘apostrophes’",
    "Sorry to hear that,   SORRY to hear\u00a0that",
    "İstanbul ǅemal Straße",
    "word " * 50,
    "w" * (tfidf.CACHED_WORD_CHARS + 1) + " short",
    "a" * 300,
    "",
    "We are so sorry for your loss. Take all the time you need; the renewal can wait.",
]


def _plain_rows(block, texts):
    """TF-IDF rows the straightforward way (every n-gram of the text counted, then looked up)."""
    rows, cols, counts = [], [], []
    for row, text in enumerate(texts):
        for term, count in Counter(block.analyze(text)).items():
            if term in block.vocabulary:
                rows.append(row)
                cols.append(block.vocabulary[term])
                counts.append(count)
    rows_a, cols_a = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    values = np.asarray(counts, dtype=np.float64)
    values = (np.log(values) + 1.0 if block.sublinear_tf else values) * block.idf[cols_a]
    norms = np.sqrt(np.bincount(rows_a, weights=values * values, minlength=len(texts)))
    norms[norms == 0.0] = 1.0
    return rows_a, cols_a, values / norms[rows_a]


def _plain_probabilities(head, texts):
    """The heads' arithmetic as first written: one bincount per label over labels x features weights."""
    prepared = [model_text(t) for t in texts]
    scores = np.tile(head.intercept, (len(prepared), 1))
    for block, offset in zip(head.blocks, head._offsets):
        rows, cols, values = _plain_rows(block, prepared)
        weights = head.coef[:, offset + cols]
        for k in range(len(head.labels)):
            scores[:, k] += np.bincount(rows, weights=values * weights[k], minlength=len(prepared))
    return 1.0 / (1.0 + np.exp(-scores))


def _char_wb_blocks():
    return [block for head in load_signal_model().heads.values() for block in head.blocks
            if block.analyzer == "char_wb"]


def test_char_wb_word_cache_gives_the_plain_rows_bit_for_bit(monkeypatch):
    blocks = _char_wb_blocks()
    assert blocks
    monkeypatch.setattr(tfidf, "CACHED_WORDS", 5)  # the cache empties itself many times on the way
    for block in blocks:
        block._word_indexes.clear()
        expected = _plain_rows(block, TEXTS)
        for attempt in ("cold", "warm"):
            got = block.transform(TEXTS)
            assert np.array_equal(got.rows, expected[0]), (block.name, attempt)
            assert np.array_equal(got.cols, expected[1]), (block.name, attempt)
            assert np.array_equal(got.values, expected[2]), (block.name, attempt)
        one_by_one = [block.transform([text]) for text in TEXTS]
        assert np.array_equal(np.concatenate([g.values for g in one_by_one]), expected[2])
        assert 0 < len(block._word_indexes) <= 5
        assert all(len(word) <= tfidf.CACHED_WORD_CHARS for word in block._word_indexes)
        block._word_indexes.clear()


@pytest.mark.parametrize("head_name", ["act", "state"])
def test_head_probabilities_equal_the_plain_arithmetic(head_name):
    head = load_signal_model().head(head_name)
    expected = _plain_probabilities(head, TEXTS)
    assert np.array_equal(head.predict(TEXTS), expected)
    assert np.array_equal(head.predict(TEXTS), expected)  # again, now remembered where the head remembers
    assert np.array_equal(np.vstack([head.predict([t]) for t in TEXTS]), expected)
    assert head.predict([]).shape == (0, len(head.labels))


def _count_reads(monkeypatch, head) -> list[str]:
    """Every text the head actually computes (not served from its memory), in order."""
    read: list[str] = []
    plain = head._predict

    def counting(texts):
        read.extend(texts)
        return plain(texts)

    monkeypatch.setattr(head, "_predict", counting)
    return read


def test_state_head_reads_each_of_their_messages_once(monkeypatch):
    head = load_signal_model().head("state")
    assert head.remembers and not load_signal_model().head("act").remembers
    head._remembered.clear()
    read = _count_reads(monkeypatch, head)
    first = head.predict(["We lost our dog last night.", "ok", "We lost our dog last night."])
    assert read == ["We lost our dog last night.", "ok"]
    again = head.predict(["ok", "We lost our dog last night."])
    assert read == ["We lost our dog last night.", "ok"]
    assert np.array_equal(again, first[[1, 0]])
    again[0, 0] = -1.0  # a caller's copy: the remembered row is untouched
    assert head.predict(["ok"])[0, 0] == first[1, 0]
    long = "x" * (signal_model_module.MAX_CHARS + 500)
    head.predict([long])
    assert max(len(key) for key in head._remembered) == signal_model_module.MAX_CHARS
    head._remembered.clear()


def test_remembered_messages_are_bounded(monkeypatch):
    head = load_signal_model().head("state")
    head._remembered.clear()
    monkeypatch.setattr(signal_model_module, "REMEMBERED_TEXTS", 3)
    for i in range(10):
        head.predict([f"message number {i}"])
        assert len(head._remembered) <= 3
    head._remembered.clear()


def test_a_batch_reads_each_distinct_history_message_once(monkeypatch):
    from tactful.engine import Engine

    engine = Engine.load(use_model=False)
    head = engine.signal_model.head("state")
    head._remembered.clear()
    read = _count_reads(monkeypatch, head)
    history = [{"from": "them", "text": "We just lost our biggest client and had to lay people off."}]
    drafts = ["Congrats!!! 🎉 Want 20% off our premium plan?", "So sorry to hear that. Here if you need anything.",
              "Big news: our summer sale starts today!"]
    responses = engine.check_many([{"draft": d, "history": history} for d in drafts])
    assert read.count(history[0]["text"]) == 1
    assert [r["verdict"] for r in responses] == [r["verdict"] for r in
                                                 (engine.check({"draft": d, "history": history}) for d in drafts)]
    head._remembered.clear()


def test_a_history_text_is_searched_once_per_lexicon(monkeypatch):
    from tactful.nlp import lexicons
    from tactful.nlp.reading import read

    lex = lexicons.lexicon([r"\bsorry\b", r"\bloss\b"], "test_lexicon")
    text = "We are so sorry for your loss, truly sorry."
    reading = read(text)
    searched: list[str] = []
    plain = lexicons.Lexicon.search

    def counting(self, normalised_text, pos=0):
        searched.append(normalised_text)
        return plain(self, normalised_text, pos)

    monkeypatch.setattr(lexicons.Lexicon, "search", counting)
    first = reading.search(lex)
    assert first is not None and first.group() == "sorry" and first.start() == text.lower().index("sorry")
    assert reading.search(lex) is first and read(text).search(lex) is first
    assert len(searched) == 1
    other = lexicons.lexicon([r"\bcongrats\b"], "test_other")
    assert reading.search(other) is None and reading.search(other) is None
    assert len(searched) == 2


def _plain_credit(text, block, grams, contributions):
    """Explanations' n-gram credit as first written: n-grams by their text."""
    from collections import defaultdict

    from tactful.model.classifier import _display

    holders = defaultdict(dict)
    for word, count in Counter(text.split()).items():
        for gram in set(block.analyze(word)):
            holders[gram][word] = count
    by_word = defaultdict(float)
    for gram, value in zip(grams, contributions):
        words = holders.get(gram)
        if not words:
            continue
        total = sum(words.values())
        for word, count in words.items():
            by_word[word] += value * count / total
    credit = defaultdict(float)
    for word, value in by_word.items():
        credit[_display(word.lower())] += value
    return credit


def test_explanations_credit_the_same_words_with_the_same_values():
    from tactful.model.classifier import Classifier, _credit_to_words

    classifier = Classifier.load()
    blocks = [block for block in classifier.blocks if block.analyzer != "word"]
    assert blocks
    for block in blocks:
        for text in TEXTS:
            rows = block.transform([text])
            contributions = rows.values * classifier.coef[0, rows.cols]
            grams = [block.term(int(c)) for c in rows.cols]
            assert _credit_to_words(text, block, rows.cols, contributions) == \
                _plain_credit(text, block, grams, contributions), (block.name, text)
