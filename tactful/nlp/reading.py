"""Reading a text once: sentences, folded content words, questions, warmth.

`read(text)` analyses one text (sentences, folded content words) and is cached by
text, so a thread checked again and again is read once. `questions(reading)` finds
the sentences that ask something; `sentiment(text)` is VADER's compound score,
loaded on first use. Pure functions of text: what a conversation or a draft means
is worked out above this layer (tactful.checks.reading, tactful.signals).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from tactful.nlp.lexicons import Lexicon, normalise
from tactful.nlp.text import analyse, fold

_FILLER = """
thank thanks hi hello hey dear please just know let like want would could get really great good love
need one also still much well yes yeah sure okay ok soon today tomorrow week day time thing way look
make see go come back send tell said say wait hope glad happy shop store order buy purchase pick
message email note reply quick chat talk new
"""


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS) | set(_FILLER.split())
    return frozenset(words | {fold(w) for w in words})


@dataclass(frozen=True)
class Reading:
    """One history text, read once: normalised text, sentence spans, folded content words."""

    text: str
    norm: str
    sentences: tuple[tuple[int, int], ...]
    words: frozenset[str]
    # {lexicon: its first match or None}: a history text is searched once per lexicon however many checks ask.
    _found: dict = field(default_factory=dict, compare=False, repr=False)

    def search(self, lex: Lexicon) -> Optional[re.Match]:
        found = self._found
        if lex not in found:
            found[lex] = lex.search(self.norm)
        return found[lex]

    def sentence_around(self, position: int) -> str:
        for start, end in self.sentences:
            if start <= position < end:
                return self.text[start:end].strip()
        return self.text.strip()

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e].strip() for s, e in self.sentences]


@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    doc = analyse(text)
    return Reading(text, normalise(text), tuple((s.start_char, s.end_char) for s in doc.sents), content_words(doc))


def content_words(tokens: Iterable) -> frozenset[str]:
    stop = _stop_words()
    words = set()
    for token in tokens:
        norm = token.norm_
        if token.like_num and any(c.isdigit() for c in token.text):
            words.add(norm)
        elif token.is_alpha and len(norm) >= 3 and token.lower_ not in stop and norm not in stop:
            words.add(norm)
    return frozenset(words)



# ---- sentiment ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    class LinearVader(SentimentIntensityAnalyzer):
        """VADER with the same scores in linear time.

        Its idiom and negation checks lower-case the whole word list again for every
        sentiment word, yet read only the three words before and two after it: 2,000 emoji
        in a history item took 13 s. Here they get those words alone (with the same
        relative positions); the first three words keep VADER's own path, since a negative
        index there reads from the end of the list.
        """

        def _special_idioms_check(self, valence, words_and_emoticons, i):
            if i < 3:
                return SentimentIntensityAnalyzer._special_idioms_check(valence, words_and_emoticons, i)
            return SentimentIntensityAnalyzer._special_idioms_check(valence, words_and_emoticons[i - 3:i + 3], 3)

        def _negation_check(self, valence, words_and_emoticons, start_i, i):
            if i < 3:
                return SentimentIntensityAnalyzer._negation_check(valence, words_and_emoticons, start_i, i)
            return SentimentIntensityAnalyzer._negation_check(valence, words_and_emoticons[i - 3:i + 1], start_i, 3)

    return LinearVader()


@lru_cache(maxsize=4096)
def sentiment(text: str) -> float:
    """VADER compound score in [-1, 1] (social-media tuned; emoji and 'haha' count)."""
    return _vader().polarity_scores(text)["compound"]


# ---- questions -------------------------------------------------------------------

REQUEST_RE = re.compile(
    r"\b(?:can|could|would|will) you (?:please |pls |kindly )?(?:send|share|confirm|tell|let me know|check|call|get back|help|forward|email|text)\b"
    r"|\b(?:please|pls|kindly) (?:send|share|confirm|let me know|tell|advise|call|get back|update|fix)\b"
    r"|\blet me know (?:if|whether|what|when|which|how)\b|\b(?:wondering|wondered) (?:if|whether)\b|\bi need to know\b"
    r"|\b(?:please|pls|kindly) (?:upload|sign|pay|submit|complete|book|fill|return|review|approve)\b"
    r"|^\W{0,3}(?:send|share|forward|email|text|tell|drop|give) (?:me|us)\b"
)
_SMALL_TALK = re.compile(
    r"^\W{0,3}(?:(?:hi|hey|hello)\W{1,3})?(?:how are (?:you|ya|u)|how's it going|how are things|you ok|hope you're well|how have you been|how's your day)\b"
    r"|\bhow (?:are |r )?(?:you|ya|u) (?:doing|today|this (?:morning|evening|afternoon))\b|\bhow are (?:you|ya|u)(?: doing)?\W{0,4}$"
    r"|\b(?:what|how) about (?:you|yourself)\W{0,4}$|\b(?:and|&) (?:you|yourself|u)\W{0,4}$|^\W{0,3}(?:you|u|yourself|urself)\?"
)
_OPEN_START = re.compile(
    # a wh-word opening the question, or opening its last clause ("Your profile says X - what do you do?")
    r"(?:^\W{0,3}(?:(?:hi|hey|hello|also|and|so|ok|okay|sorry|thanks|quick question)\W{1,3}){0,2}|[-–—:;,]\s{0,3})"
    r"(?:what|what's|whats|when|where|which|who|whose|why|how|how's)\b(?! about| if)"
)


def questions(reading: Reading) -> list[str]:
    """Sentences that ask us something: a question mark or an explicit request (not small talk)."""
    found = []
    for sentence in reading.sentence_texts():
        norm = normalise(sentence)
        if ("?" in sentence or REQUEST_RE.search(norm)) and not _SMALL_TALK.search(norm):
            found.append(sentence)
    return found


def asks(sentence: str) -> bool:
    """The sentence asks something: a question mark or an explicit request."""
    return "?" in sentence or bool(REQUEST_RE.search(normalise(sentence)))


def question_kind(sentence: str) -> str:
    """'request' (send me X), 'yesno' (is it...?) or 'open' (what, when, where...)."""
    norm = normalise(sentence)
    if REQUEST_RE.search(norm):
        return "request"
    return "open" if _OPEN_START.search(norm) else "yesno"



# ---- comparing texts by their words ---------------------------------------------

_WORDS = re.compile(r"[a-z0-9']+")


def word_set(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' word sets: 1.0 for the same words in any order."""
    wa, wb = word_set(a), word_set(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


