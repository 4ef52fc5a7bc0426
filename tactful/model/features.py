"""What the classifier reads from a request: the normalised draft and a few hand-made features.

One implementation serves training and the send path (numpy and the standard
library only), so the two can never drift apart. The hand-made features carry
what n-grams see poorly: how many links, how much of the text tells the reader
to act, how much it is about "you", shouting, and whether the draft answers
anything in the history.

The email model (`read_email`) reads an email as an email first
(`tactful.nlp.mail`): it sees the author's own text, not the thread it quotes, the
signature or the list's footer, and counts links and calls to action there
only. A long genuine email is not more of a sales pitch for being long, so it
has no length feature. The general model reads the whole draft, as trained.
"""
from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from tactful.nlp.mail import reading_for
from tactful.request import CheckRequest

# Every hand-made feature the runtime can compute. A model uses the ones its metadata names:
# the general model the first nine (`GENERAL_HAND_FEATURES`), the email model `EMAIL_HAND_FEATURES`.
ALL_HAND_FEATURES = (
    "links",
    "calls_to_action",
    "second_person",
    "exclamations",
    "capitals",
    "digits",
    "length",
    "on_topic",
    "off_topic",
    "bulk_footer",
)
GENERAL_HAND_FEATURES = ALL_HAND_FEATURES[:9]
# No length for email: measured, a long genuine email (a list post, a report) was pushed towards
# hard_sell by its length alone; capped at 60 words it still drove long mail up.
EMAIL_HAND_FEATURES = tuple(f for f in ALL_HAND_FEATURES if f != "length")
HAND_FEATURES = GENERAL_HAND_FEATURES  # the default, as the general model was trained
# How each feature reads in an explanation ("driven by 'subscribe', 2 links").
HAND_FEATURE_LABELS = {
    "links": "links",
    "calls_to_action": "calls to action",
    "second_person": "'you'-heavy wording",
    "exclamations": "exclamation marks",
    "capitals": "capital letters",
    "digits": "numbers",
    "length": "length",
    "on_topic": "words from the conversation",
    "off_topic": "nothing from the conversation",
    "bulk_footer": "a bulk-mail unsubscribe block",
}
# The "Subject:" label an email draft starts with says only "this is an email": the model reads the subject.
_SUBJECT_LABEL = re.compile(r"^[ \t]*subject:[ \t]*", re.IGNORECASE)

# Drafts from some tools arrive HTML-escaped or with zero-width marks; the model
# should read the text a person sees.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:a|b|i|u|p|em|strong|span|div|font|img)\b[^>]*>", re.IGNORECASE)


def normalise(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", _HTML_BREAK.sub("\n", text))
    return _INVISIBLE.sub("", text)


_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    # Labels of at most 63 characters, at most 9 of them before the TLD (DNS allows no longer labels):
    # unbounded, ".1.1.1..." made every start position scan the whole run (40 s on 20,000 characters).
    r"|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\."
    r"(?:com|net|org|io|co|ly|me|tv|uk|info|biz|ee|gl|example|app|gg|link"
    r"|site|shop|store|xyz|us|ca|de|in|au|be|to|at|online|club)\b(?:/\S*)?",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9']+")
# Imperatives that open a call to action; checked on the first words of each sentence.
_CTA_OPENERS = frozenset("""
check click subscribe sub visit call text txt reply send buy order join sign register book grab claim
follow like share download watch go get try contact dial apply hurry act add message dm email schedule
shop learn discover unlock start tap swipe comment vote support spread see enjoy win redeem save donate
""".split())
_CTA_PREFIXES = frozenset("please pls plz plse so just now and then also".split())
_SECOND_PERSON = frozenset("you your yours you're youre yourself yourselves u ur ya y'all you'll you've you'd".split())
_STOPWORDS = frozenset("""
a an the and or but if then so to of in on at for from by with about as is are was were be been am it its
this that these those i me my we our us you your he she they them their his her him not no yes do does did
have has had will would can could should just really very too also there here what when where who how
""".split())


def own_text(request: CheckRequest, read_email: bool = True) -> str:
    """The draft as the model reads it: the author's own text when the draft is (or carries) an email
    and the model reads email (`read_email`); else the whole draft, as the general model was trained."""
    if not read_email:
        return normalise(request.draft)
    reading = reading_for(request.draft, request.channel)
    if not reading.parts and not request.draft.lstrip()[:8].lower() == "subject:":
        return normalise(request.draft)
    kept = (line.strip() for line in reading.own_text.split("\n"))
    return normalise(_SUBJECT_LABEL.sub("", "\n".join(line for line in kept if line), count=1))


def count_links(text: str) -> int:
    return len(_URL.findall(text))


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_SPLIT.split(text)) if s]


def is_call_to_action(sentence: str) -> bool:
    words = _WORD.findall(sentence.lower())[:4]
    while words and words[0] in _CTA_PREFIXES:
        words = words[1:]
    return bool(words) and (words[0] in _CTA_OPENERS or words[:2] == ["don't", "miss"])


def hand_features(requests: Sequence[CheckRequest], names: Sequence[str] = HAND_FEATURES,
                  read_email: bool = False) -> np.ndarray:
    """One row of the named features (`ALL_HAND_FEATURES` order or any subset) per request, as float64."""
    columns = [ALL_HAND_FEATURES.index(name) for name in names]
    rows = np.array([_hand_row(r, read_email) for r in requests], dtype=np.float64)
    return rows.reshape(len(requests), len(ALL_HAND_FEATURES))[:, columns]


def _hand_row(request: CheckRequest, read_email: bool) -> list[float]:
    text = own_text(request, read_email)
    lower = text.lower()
    words = _WORD.findall(lower)
    n_words = max(1, len(words))
    parts = sentences(text) or [text]
    letters = [c for c in text if c.isalpha()]
    # Capitals only mean shouting in a text long enough to have a case pattern.
    capitals = sum(c.isupper() for c in letters) / len(letters) if len(letters) >= 8 else 0.0
    history_texts = [item.text for item in request.history if item.text]
    # Both are 0 without a written history, so a draft with no context is judged on its own words;
    # with context, echoing it (a reply) and ignoring it (a pasted promo) push in opposite directions.
    on_topic = _overlap(words, history_texts)
    off_topic = 1.0 - on_topic if history_texts else 0.0
    return [
        math.log1p(count_links(text)),
        sum(is_call_to_action(s) for s in parts) / len(parts),
        sum(w in _SECOND_PERSON for w in words) / n_words,
        min(text.count("!") / len(parts), 3.0),
        capitals,
        sum(c.isdigit() for c in text) / max(1, len(text)),
        math.log1p(len(words)),
        on_topic,
        off_topic,
        1.0 if read_email and "unsubscribe" in reading_for(request.draft, request.channel).kinds() else 0.0,
    ]


def _overlap(words: list[str], history_texts: list[str]) -> float:
    """Share of the draft's content words that appear anywhere in the history (its texts as given)."""
    content = {w for w in words if len(w) > 2 and w not in _STOPWORDS}
    if not content or not history_texts:
        return 0.0
    seen: set[str] = set()
    for text in history_texts:
        seen.update(_words_in(text) if len(text) <= REMEMBERED_CHARS else _read_words(text))
    return len(content & seen) / len(content)


# A thread's messages come back with every draft of it (a scheduler's queue, a batch): each one's words are
# read once. Bounded: at most REMEMBERED_TEXTS texts of at most REMEMBERED_CHARS characters (longer ones are
# read each time).
REMEMBERED_TEXTS = 4096
REMEMBERED_CHARS = 4000


def _read_words(text: str) -> frozenset:
    return frozenset(_WORD.findall(normalise(text).lower()))


_words_in = lru_cache(maxsize=REMEMBERED_TEXTS)(_read_words)


# Columns of `model_inputs`: the texts first, then the hand-made features.
TEXT_COLUMNS = ("draft", "context")
CONTEXT_ITEMS = 2


def context_text(request: CheckRequest) -> str:
    """What the other side said last (up to two items): the draft is an answer to this, or ignores it."""
    said = [normalise(item.text) for item in request.history if item.inbound and item.text]
    return "\n".join(said[-CONTEXT_ITEMS:])


def text_columns(requests: Sequence[CheckRequest], read_email: bool = False) -> dict[str, list[str]]:
    return {"draft": [own_text(r, read_email) for r in requests], "context": [context_text(r) for r in requests]}


def model_inputs(requests: Sequence[CheckRequest], names: Sequence[str] = HAND_FEATURES,
                 read_email: bool = False) -> np.ndarray:
    """The matrix the scikit-learn pipeline is fitted on: the `TEXT_COLUMNS`, then the named hand features."""
    width = len(TEXT_COLUMNS)
    table = np.empty((len(requests), width + len(names)), dtype=object)
    texts = text_columns(requests, read_email)
    for index, column in enumerate(TEXT_COLUMNS):
        table[:, index] = texts[column]
    table[:, width:] = hand_features(requests, names, read_email) if requests else np.empty((0, len(names)))
    return table
