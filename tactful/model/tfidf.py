"""TF-IDF with plain numpy: the exact arithmetic of scikit-learn's `TfidfVectorizer`, without importing it.

Only the settings the recipe uses are supported (word and char_wb/char
analyzers, lowercase, sublinear tf, l2 norm, no stop words, no accent
stripping); `TfidfBlock.from_settings` refuses anything else, so an export can
never silently compute something different from the pipeline it came from.
The n-gram functions mirror `sklearn.feature_extraction.text` line by line.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from tactful.nlp.regex_safety import unsafe_reason

_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn folds runs of 2+ whitespace characters only
SUPPORTED_ANALYZERS = ("word", "char_wb", "char")
# The per-word cache of a char_wb block: words longer than this are analysed each time (a 20,000-character
# "word" must not sit in memory), and the cache is emptied when it holds this many words (bounded memory).
CACHED_WORD_CHARS = 40
CACHED_WORDS = 20_000


def word_ngrams(text: str, ngram_range: tuple[int, int], token_pattern: re.Pattern) -> list[str]:
    tokens = token_pattern.findall(text)
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    grams = list(tokens) if min_n == 1 else []
    start = max(min_n, 2)
    for n in range(start, min(max_n + 1, len(tokens) + 1)):
        for i in range(len(tokens) - n + 1):
            grams.append(" ".join(tokens[i:i + n]))
    return grams


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams inside each whitespace-delimited word, padded with one space each side."""
    text = _WHITE_SPACES.sub(" ", text)
    min_n, max_n = ngram_range
    grams = []
    for word in text.split():
        word = f" {word} "
        length = len(word)
        for n in range(min_n, max_n + 1):
            offset = 0
            grams.append(word[offset:offset + n])
            while offset + n < length:
                offset += 1
                grams.append(word[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once, as scikit-learn does
                break
    return grams


def char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    text = _WHITE_SPACES.sub(" ", text)
    length = len(text)
    min_n, max_n = ngram_range
    if min_n == 1:
        grams = list(text)
        min_n += 1
    else:
        grams = []
    for n in range(min_n, min(max_n + 1, length + 1)):
        for i in range(length - n + 1):
            grams.append(text[i:i + n])
    return grams


@dataclass
class SparseRows:
    """A batch of sparse rows in coordinate form: row number, column, value."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray


class TfidfBlock:
    def __init__(self, name: str, column: str, analyzer: str, analyze: Callable[[str], list[str]],
                 vocabulary: dict[str, int], idf: np.ndarray, sublinear_tf: bool):
        self.name = name
        self.column = column  # which text of the request it reads ("draft", "context")
        self.analyzer = analyzer
        self.analyze = analyze
        self.vocabulary = vocabulary
        self.idf = idf
        self.sublinear_tf = sublinear_tf
        self._terms: list[str] | None = None
        self.lowercase = True
        self.ngram_range = (1, 1)
        self._word_indexes: dict[str, tuple[int, ...]] = {}  # char_wb only: a word's known n-grams, in order

    @classmethod
    def from_settings(cls, name: str, column: str, settings: dict, terms: list[str],
                      idf: np.ndarray) -> "TfidfBlock":
        analyzer = settings["analyzer"]
        if analyzer not in SUPPORTED_ANALYZERS:
            raise ValueError(f"block {name}: analyzer {analyzer!r} is not supported")
        unsupported = {key: settings.get(key) for key in ("stop_words", "strip_accents", "binary", "use_idf", "norm")
                       if settings.get(key) not in _EXPECTED[key]}
        if unsupported:
            raise ValueError(f"block {name}: unsupported settings {unsupported}")
        if len(terms) != len(idf):
            raise ValueError(f"block {name}: {len(terms)} terms but {len(idf)} idf values")
        ngram_range = tuple(settings["ngram_range"])
        lowercase = bool(settings["lowercase"])
        if analyzer == "word":
            reason = unsafe_reason(settings["token_pattern"])
            if reason:
                raise ValueError(f"block {name}: token_pattern {settings['token_pattern']!r} {reason}")
            pattern = re.compile(settings["token_pattern"])
            grams = lambda text: word_ngrams(text, ngram_range, pattern)  # noqa: E731
        elif analyzer == "char_wb":
            grams = lambda text: char_wb_ngrams(text, ngram_range)  # noqa: E731
        else:
            grams = lambda text: char_ngrams(text, ngram_range)  # noqa: E731
        analyze = (lambda text: grams(text.lower())) if lowercase else grams
        vocabulary = dict(zip(terms, range(len(terms))))  # as {term: index}, without a Python loop (cold start)
        if len(vocabulary) != len(terms):
            raise ValueError(f"block {name}: duplicate terms in the vocabulary")
        block = cls(name, column, analyzer, analyze, vocabulary, idf, bool(settings["sublinear_tf"]))
        block._terms = terms
        block.lowercase = lowercase
        block.ngram_range = ngram_range
        return block

    @property
    def size(self) -> int:
        return len(self.idf)

    def term(self, index: int) -> str:
        return self._terms[index] if self._terms is not None else ""

    def transform(self, texts: Sequence[str]) -> SparseRows:
        """l2-normalised TF-IDF rows for a batch of texts."""
        rows, cols, counts = [], [], []
        if self.analyzer == "char_wb":
            for row, text in enumerate(texts):
                counted = self._count_char_wb(text)
                rows.extend([row] * len(counted))
                cols.extend(counted)
                counts.extend(counted.values())
        else:
            vocabulary = self.vocabulary
            for row, text in enumerate(texts):
                for term, count in Counter(self.analyze(text)).items():
                    index = vocabulary.get(term)
                    if index is not None:
                        rows.append(row)
                        cols.append(index)
                        counts.append(count)
        rows_a = np.asarray(rows, dtype=np.int64)
        cols_a = np.asarray(cols, dtype=np.int64)
        values = np.asarray(counts, dtype=np.float64)
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        values = values * self.idf[cols_a]
        norms = np.sqrt(np.bincount(rows_a, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        values = values / norms[rows_a]
        return SparseRows(rows_a, cols_a, values)

    def _count_char_wb(self, text: str) -> Counter:
        """{vocabulary index: count} for one text, in the order the terms are first seen (as scikit-learn's
        analyzer yields them, so the sums below add in the same order: bit-for-bit the same values).

        char_wb n-grams never cross a word, so each word's known n-grams are looked up once per process
        and cached: most words of a message were seen before, and this is the send path's costliest loop."""
        cache = self._word_indexes
        if self.lowercase:
            text = text.lower()
        text = _WHITE_SPACES.sub(" ", text)
        sequence: list[int] = []
        for word in text.split():
            indexes = cache.get(word)
            if indexes is None:
                indexes = self._cached_indexes(word)
            sequence.extend(indexes)
        return Counter(sequence)

    def _cached_indexes(self, word: str) -> tuple[int, ...]:
        """One (lowercased, whitespace-free) word's known n-grams, from the per-word cache (bounded)."""
        cache = self._word_indexes
        indexes = cache.get(word)
        if indexes is None:
            indexes = self._known_indexes(word)
            if len(word) <= CACHED_WORD_CHARS:
                if len(cache) >= CACHED_WORDS:
                    cache.clear()
                cache[word] = indexes
        return indexes

    def word_columns(self, word: str) -> set[int]:
        """The vocabulary columns of one whitespace-free word's n-grams (explanations credit n-grams to words)."""
        if self.analyzer == "char_wb":
            if self.lowercase:
                word = word.lower()
            pieces = word.split()  # one piece for a whitespace-free word (the regex fold is then a no-op)
            if len(pieces) == 1:
                return set(self._cached_indexes(pieces[0]))
            return set(self._count_char_wb(word))
        vocabulary = self.vocabulary
        return {vocabulary[gram] for gram in self.analyze(word) if gram in vocabulary}

    def _known_indexes(self, word: str) -> tuple[int, ...]:
        lookup = self.vocabulary.get
        return tuple(index for index in map(lookup, char_wb_ngrams(word, self.ngram_range)) if index is not None)


_EXPECTED = {
    "stop_words": (None,),
    "strip_accents": (None,),
    "binary": (False,),
    "use_idf": (True,),
    "norm": ("l2",),
}
