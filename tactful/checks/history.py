"""Named checks that judge the draft against the conversation history (out_of_step)."""
from __future__ import annotations

import re
from typing import Any, Iterable

from tactful.checks import register
from tactful.context import CheckContext, Hit

_WORDS = re.compile(r"[a-z0-9']+")


def word_set(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' word sets: 1.0 for the same words in any order."""
    wa, wb = word_set(a), word_set(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


@register("repeat_of_earlier")
def repeat_of_earlier(ctx: CheckContext, params: dict[str, Any]) -> Iterable[Hit]:
    """The draft repeats one of our own earlier messages nearly word for word."""
    threshold = float(params.get("min_similarity", 0.8))
    min_words = int(params.get("min_words", 4))
    if len(word_set(ctx.draft)) < min_words:
        return []
    conversation = ctx.conversation
    for turn in reversed(conversation.outbound_messages):
        if similarity(ctx.draft, turn.text) >= threshold:
            return [Hit(evidence=f"repeats what {conversation.describe(turn, quote=_first_words(turn.text))}"
                    .replace("repeats what you wrote", "you already sent"))]
    return []


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")
