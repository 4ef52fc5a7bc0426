"""Named checks that judge the draft against the conversation history (out_of_step).

Each check pairs one thing in *their* history (a hand-over, a contact preference,
a reply you chase past...), matched with a lexicon from the rule's `params` in
`rules/out_of_step.yml`, with one thing in the draft (a pitch, cheer, a
confirmation...), read with the shared lexicons in `tactful.nlp.lexicons`. It fires
only when both are there and nothing in the draft takes up what they said, and
its evidence names the history item it relied on.

Precision comes first: when in doubt, a check stays quiet.

This module holds the resend, "not me" and "not like that" checks (a "no", a "not
yet", a decision and a nudge after silence are composed rules in
rules/out_of_step_clashes.yml);
`replies.py` (what they asked or told you), `plans.py`
(what was moved, agreed or already happened) and `people.py` (who they are, how
well you know them, what they asked you to keep private) hold the rest.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from pydantic import PositiveInt

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, recent, said, spoke_again_since
from tactful.context import CheckContext, Hit
from tactful.nlp import lexicons as lx
from tactful.nlp.lexicons import lexicon, normalise
from tactful.nlp.reading import questions, read, similarity, word_set

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


# ---- they said "not me" or "not like that" ----------------------------------------------------

_POINTED_TO = re.compile(
    r"(?:contact|email|reach out to|speak to|speak with|talk to|get in touch with|write to|cc|copy in|loop in|handled by|managed by|covered by)"
    r"\s(?:my colleague\s)?([A-Z][a-z]{2,})|\b([A-Z][a-z]{2,})(?: [A-Z][a-z]{2,})? (?:has taken over|is now (?:your|the))"
)


class HandedOverParams(CheckParams):
    max_age_days: float = 180
    handed_over: LexiconParam          # "please contact Ana Ruiz", "Priya has taken over"
    recent_messages: PositiveInt = 3           # how many of their latest messages are read


@register("handed_over_ignored", params=HandedOverParams, needs_history=True)
def handed_over_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said someone else handles this now ('please contact Ana Ruiz'); the draft chases them anyway."""
    found = said(recent(ctx, params, limit=params.recent_messages), lexicon(params["handed_over"], "handed_over"))
    if not found or spoke_again_since(ctx.conversation, found.turn):
        return []
    # The person they pointed to ("please contact Ana Ruiz", "Priya has taken over"), not the company they left
    named = {m.group(1) or m.group(2) for m in _POINTED_TO.finditer(found.quote)}
    if any(name in ctx.draft for name in named):
        return []  # the draft is about (or to) the person they named
    draft = draft_view(ctx)
    push = draft.pitch or draft.find_affirmed(lx.NUDGE) or draft.find_affirmed(lx.OFFER) or draft.requests
    return hit(push, evidence(ctx, found)) if push else []


class ContactPreferenceParams(CheckParams):
    max_age_days: float = 365
    no_calls: LexiconParam             # "email only", "I'm hard of hearing"
    not_here: LexiconParam             # "email me rather than here"
    call_requested: LexiconParam       # they asked for a call since: the preference is lifted
    draft_calls: LexiconParam          # the draft proposes a call
    off_channels: list[str] = ["dm", "comment", "reply"]  # the channels "not here" rules out
    recent_messages: PositiveInt = 5


@register("contact_preference_ignored", params=ContactPreferenceParams, needs_history=True)
def contact_preference_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said calls do not work for them (email only, hard of hearing); the draft proposes a call."""
    turns = recent(ctx, params, limit=params.recent_messages)
    off_here = said(turns, lexicon(params["not_here"], "not_here"))
    if off_here and ctx.request.channel in params.off_channels:  # "email me rather than here"
        return hit(None, evidence(ctx, off_here, f"the draft still goes out as a {ctx.request.channel}"))
    found = said(turns, lexicon(params["no_calls"], "no_calls"))
    if not found:
        return []
    asked_for_call = lexicon(params["call_requested"], "call_requested")
    if any(read(t.text).search(asked_for_call) for t in turns if t.index > found.turn.index):
        return []  # they asked for a call since
    call = draft_view(ctx).find(lexicon(params["draft_calls"], "draft_calls"))
    return hit(call, evidence(ctx, found)) if call else []


class ChasedAfterReplyParams(CheckParams):
    min_reply_words: int = 8           # a shorter reply without a question ("Thanks, got it!") does not answer
    draft_chases: LexiconParam         # "did you get a chance to look?"
    draft_says_no_reply: LexiconParam  # "I haven't heard back"
    asked_to_be_chased: LexiconParam   # "nudge me if you don't hear from me": the chase is what they asked for


@register("chased_after_reply", params=ChasedAfterReplyParams, needs_history=True)
def chased_after_reply(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft chases ('did you get a chance to look?') though they replied, and takes up nothing they said."""
    convo = ctx.conversation
    replies = [t for t in convo.pending_inbound if t.text.strip()]
    if not replies or not convo.outbound_messages:
        return []
    draft = draft_view(ctx)
    chase = draft.find(lexicon(params["draft_chases"], "draft_chases"))
    if not chase:
        return []
    latest = replies[-1]
    if params.asked_to_be_chased.search(normalise(" ".join(t.text for t in replies))):
        return []  # "if you don't hear from me by the 10th, nudge me": the chase is what they asked for
    words = set().union(*(read(t.text).words for t in replies))
    says_silence = draft.find(lexicon(params["draft_says_no_reply"], "draft_says_no_reply"))
    if says_silence:  # "I haven't heard back" is simply untrue once they wrote
        return hit(says_silence, f"{convo.describe(latest, quote=_first_words(latest.text, 14))}, after your last message")
    if not any(questions(read(t.text)) or len(word_set(t.text)) >= params.min_reply_words for t in replies):
        return []  # "Thanks!" acknowledges receipt; it does not answer
    new_words = words - read(convo.outbound_messages[-1].text).words
    if draft.overlap(new_words):
        return []
    return hit(chase, f"{convo.describe(latest, quote=_first_words(latest.text, 14))}, after your last message")
