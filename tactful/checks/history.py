"""The thread's record: a draft that resends one of your earlier messages (out_of_step).

Why code: a resend is measured, not named in words: word overlap with each of your earlier messages,
whether they answered in between, how long the draft is, and whether its numbers changed ("2 food, 1 water"
after "3 food, 1 water" is a new offer). Its thresholds are the typed params of the rule in
rules/out_of_step.yml.

Precision comes first: when in doubt, a check stays quiet. The clashes between what they said and what the
draft does (a hand-over, a contact preference, a chase after they replied, a "no", a "not yet", a decision)
are composed rules in rules/out_of_step_clashes.yml. `replies.py` (what they asked or told you), `plans.py`
(what was moved, agreed or already happened) and `people.py` (who they are, what they asked you to keep
private) hold the other checks that need code.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from tactful.checks import CheckParams, register
from tactful.context import CheckContext, Hit
from tactful.nlp.reading import similarity, word_set

Params = dict[str, Any]


# ---- repeat and pressure -------------------------------------------------------------

class RepeatParams(CheckParams):
    min_similarity: float = 0.8        # how alike (word overlap) the draft and the earlier message are
    min_words: int = 4                 # shorter drafts are never a repeat
    min_words_if_answered: int = 12    # after they answered, only a long message sent again counts
    min_words_if_identical: int = 8    # a word-for-word resend this long counts even after an answer


@register("repeat_of_earlier", params=RepeatParams, needs_history=True)
def repeat_of_earlier(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft repeats one of our own earlier messages nearly word for word."""
    threshold = params.min_similarity
    min_words = params.min_words
    if len(word_set(ctx.draft)) < min_words:
        return []
    conversation = ctx.conversation
    long_enough = len(word_set(ctx.draft)) >= params.min_words_if_answered
    for turn in reversed(conversation.outbound_messages):
        answered = any(t.index > turn.index for t in conversation.inbound_messages)
        # a scheduled message firing twice, answered or not ("ok thank you" twice is just talk)
        identical = len(word_set(ctx.draft)) >= params.min_words_if_identical and _same_text(ctx.draft, turn.text)
        if (long_enough or not answered or identical) and similarity(ctx.draft, turn.text) >= threshold \
                and _numbers(ctx.draft) == _numbers(turn.text):  # "2 food, 1 water" after "3 food, 1 water" is a new offer
            return [Hit(evidence=f"repeats what {conversation.describe(turn, quote=_first_words(turn.text))}"
                    .replace("repeats what you wrote", "you already sent"))]
    return []


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")
