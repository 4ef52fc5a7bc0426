"""Reading the learned heads for one request: the draft's acts, their messages' states, with evidence.

Every text is scored once per request whatever the number of rules that ask
(the rows are cached on the `CheckContext`). A request checked by an engine
without a signal model gets no learned signal (value None: it never holds).
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

import numpy as np

from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.nlp.reading import read
from tactful.signals.model import SignalModel
from tactful.signals.registry import Signal


def signal_model(ctx: CheckContext) -> Optional[SignalModel]:
    return ctx.settings.get("signal_model")


def act_text(ctx: CheckContext) -> str:
    """What the act head reads: the author's own words. tactful.nlp.mail sets aside an email's quoted replies,
    signatures and footers before any rule sees it; here `>` lines and text quoted from their messages
    are blanked too ("> Hurry, 50% off today only! Ha, that spam again" pitches nothing)."""
    if "act_text" not in ctx.cache:
        text = ctx.draft
        for span in ctx.masks.quoted:
            text = text[:span.start] + " " * (span.end - span.start) + text[span.end:]
        ctx.cache["act_text"] = text
    return ctx.cache["act_text"]


def read_draft_acts(contexts: list[CheckContext]) -> None:
    """Read the acts of a batch's drafts in one call of the act head (one TF-IDF transform per block for the
    batch, not one per draft); each row is the one `draft_acts` would compute alone, bit for bit."""
    todo = [ctx for ctx in contexts if signal_model(ctx) is not None
            and "acts" not in ctx.cache.get("learned", {})]
    if not todo:
        return
    head = signal_model(todo[0]).head("act")
    if any(signal_model(ctx).head("act") is not head for ctx in todo):  # one engine, one model: never split
        return
    for ctx, row in zip(todo, head.predict([act_text(ctx) for ctx in todo])):
        ctx.cache.setdefault("learned", {})["acts"] = dict(zip(head.labels, map(float, row)))


def draft_acts(ctx: CheckContext) -> Optional[dict[str, float]]:
    model = signal_model(ctx)
    if model is None:
        return None
    cache = ctx.cache.setdefault("learned", {})
    if "acts" not in cache:
        head = model.head("act")
        cache["acts"] = dict(zip(head.labels, map(float, head.predict([act_text(ctx)])[0])))
    return cache["acts"]


def turn_acts(ctx: CheckContext, turn: Turn) -> Optional[dict[str, float]]:
    """The act head's reading of a message in the history ({act: probability}), each message read once per
    request however many signals ask; None without a signal model."""
    model = signal_model(ctx)
    if model is None:
        return None
    cache = ctx.cache.setdefault("learned", {}).setdefault("turn_acts", {})
    if turn.index not in cache:
        head = model.head("act")
        cache[turn.index] = dict(zip(head.labels, map(float, head.predict([turn.text])[0])))
    return cache[turn.index]


def reads_as_act(ctx: CheckContext, turn: Turn, labels: tuple[str, ...]) -> bool:
    """The act head reads the history message as any of these acts, at each act's trained threshold."""
    acts = turn_acts(ctx, turn)
    if acts is None:
        return False
    thresholds = signal_model(ctx).head("act").thresholds
    return any(acts[label] >= thresholds[label] for label in labels)


def _sentence_rows(ctx: CheckContext) -> tuple[list, np.ndarray]:
    cache = ctx.cache.setdefault("learned", {})
    if "sentence_acts" not in cache:
        model = signal_model(ctx)
        text = act_text(ctx)
        sentences = [s for s in ctx.sentences if any(c.isalpha() for c in text[s.start_char:s.end_char])]
        rows = (model.head("act").predict([text[s.start_char:s.end_char] for s in sentences]) if sentences
                else np.zeros((0, 0)))
        cache["sentence_acts"] = (sentences, rows)
    return cache["sentence_acts"]


def act_signal(ctx: CheckContext, name: str, label: str, backstop=None) -> Signal:
    """`draft.<label>`: the act head's probability, with the sentence that carries it most and its words.

    `backstop(ctx)` is a high-precision lexicon reading of the same act (a span or None): when the head
    misses an act that a lexicon names outright ("circling back"), the lexicon's span makes it hold."""
    acts = draft_acts(ctx)
    if acts is None:
        return Signal(name, None)
    head = signal_model(ctx).head("act")
    threshold = head.thresholds[label]
    value = acts[label]
    if value < threshold:
        found = backstop(ctx) if backstop is not None else None
        if found:
            start, end = found
            return Signal(name, 1.0, threshold, f"the draft says '{ctx.draft[start:end]}'", found)
        return Signal(name, value, threshold)
    sentences, rows = _sentence_rows(ctx)
    span = None
    if len(sentences):
        best = int(np.argmax(rows[:, head.labels.index(label)]))
        span = (sentences[best].start_char, sentences[best].end_char)
    words = head.drivers(act_text(ctx), label)
    evidence = f"the draft reads as {label.replace('_', ' ')} (p {value:.2f}" + \
        (f"; words: {', '.join(repr(w) for w in words)})" if words else ")")
    return Signal(name, value, threshold, evidence, span)


def turn_states(ctx: CheckContext, turns: list[Turn]) -> Optional[dict[int, dict[str, float]]]:
    """{turn index: {state: probability}} for their messages, each scored once per request."""
    model = signal_model(ctx)
    if model is None:
        return None
    cache = ctx.cache.setdefault("learned", {}).setdefault("states", {})
    todo = [t for t in turns if t.index not in cache and t.text.strip()]
    if todo:
        head = model.head("state")
        for turn, row in zip(todo, head.predict([t.text for t in todo])):
            cache[turn.index] = dict(zip(head.labels, map(float, row)))
        _read_sentences(head, todo, cache)
    return cache


# States one sentence is enough to carry, however the rest of the message reads: "Please cancel Milo's
# subscription. He was hit by a car on Saturday. Thank you for the lovely food" is bad news though two of its
# three sentences are logistics and thanks. (Mood - complaint, hostility, praise - is the whole message's.)
SENTENCE_STATES = ("bad_news", "opt_out", "decided", "deferred")
MIN_SENTENCE_WORDS = 4


def _read_sentences(head, turns: list[Turn], cache: dict) -> None:
    pieces = [(turn.index, sentence) for turn in turns
              for sentence in (read(turn.text).sentence_texts() if len(turn.text) > 40 else [])
              if len(sentence.split()) >= MIN_SENTENCE_WORDS]
    per_message = Counter(index for index, _ in pieces)
    pieces = [(index, sentence) for index, sentence in pieces if per_message[index] > 1]
    if not pieces:
        return
    columns = [(label, head.labels.index(label)) for label in SENTENCE_STATES if label in head.labels]
    for (index, _), row in zip(pieces, head.predict([sentence for _, sentence in pieces])):
        for label, column in columns:
            cache[index][label] = max(cache[index][label], float(row[column]))


def state_signal(ctx: CheckContext, name: str, label: str, turns: list[Turn]) -> Signal:
    """`them.<label>`: the highest probability over the turns that count, with that message as evidence."""
    states = turn_states(ctx, turns)
    if states is None:
        return Signal(name, None)
    head = signal_model(ctx).head("state")
    threshold = head.thresholds[label]
    scored = [(states[t.index][label], t) for t in turns if t.index in states]
    if not scored:
        return Signal(name, 0.0, threshold)
    value, turn = max(scored, key=lambda pair: (pair[0], pair[1].index))
    if value < threshold:
        return Signal(name, value, threshold)
    words = head.drivers(turn.text, label)
    described = ctx.conversation.describe(turn)
    evidence = described + (f" (reads as {label.replace('_', ' ')}: {', '.join(repr(w) for w in words)})" if words else "")
    return Signal(name, value, threshold, evidence)
