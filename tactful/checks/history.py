"""Named checks that judge the draft against the conversation history (out_of_step).

Each check pairs one thing in *their* history (a stop request, a question, bad
news, a complaint...), matched with a lexicon from the rule's `params` in
`rules/out_of_step.yml`, with one thing in the draft (a pitch, cheer, a
confirmation...), read with the shared lexicons in `tactful.nlp.lexicons`. It fires
only when both are there and nothing in the draft takes up what they said, and
its evidence names the history item it relied on.

Precision comes first: when in doubt, a check stays quiet.

This module holds the "they said no / not yet / not me / we keep pushing" checks;
`mood.py` (their mood), `replies.py` (what they asked or told you), `plans.py`
(what was moved, agreed or already happened) and `people.py` (who they are, how
well you know them, what they asked you to keep private) hold the rest.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Iterable

from pydantic import PositiveInt

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, recent, resent, said
from tactful.context import CheckContext, Hit
from tactful.conversation import Conversation, Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.dates import deferred_until
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


@register("nudge_after_unanswered")
def nudge_after_unanswered(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """A nudge after two or more unanswered messages, or a re-ask after three or more."""
    streak = ctx.conversation.unanswered
    if len(streak) < int(params.get("min_unanswered", 2)):
        return []
    draft = draft_view(ctx)
    span = draft.find(lx.NUDGE)
    if not span:  # no nudge words: a re-ask of the same thing after three or more counts too
        if len(streak) < int(params.get("reask_after", 3)) or "?" not in ctx.draft:
            return []
        if not draft.overlap(set().union(*(read(t.text).words for t in streak))):
            return []
    latest = ctx.conversation.describe(streak[-1], quote=_first_words(streak[-1].text))
    return hit(span, f"{len(streak)} of your messages in a row are unanswered; the latest: {latest}")


# ---- they said no or moved on ----------------------------------------------------------

@register("opt_out_ignored")
def opt_out_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They asked us to stop (or said no) and the draft pushes on anyway."""
    turns = recent(ctx, params, limit=3, default_days=365)
    stop = said(turns, lexicon(params["stop"], "stop"))
    declined = None if stop else said(turns, lexicon(params["declined"], "declined"))
    if declined and (questions(read(declined.turn.text)) or _but_after(declined)):
        declined = None  # "not for me, but where are the tide tables?": a reply, not an opt-out
    found = stop or declined
    if not found or _spoke_again_since(ctx.conversation, found.turn):
        return []
    draft = draft_view(ctx)
    if stop and _SCOPED.search(normalise(stop.quote)) and not draft.pitch:
        return []  # "take me off the promo texts, but keep my reminders": a reminder is what they kept
    push = draft.pitch or draft.find_affirmed(lx.NUDGE) or draft.find_affirmed(lx.OFFER)
    if not push and resent(ctx, 0.5):
        push = (0, len(ctx.draft))
    if not push and (declined or draft.find(lx.RESPECT) or _answers(draft, found.turn)):
        return []
    return hit(push, evidence(ctx, found))


# A stop request limited to selling: service messages (a reminder, a receipt) may still go.
_SCOPED = re.compile(r"\b(?:promo\w{0,6}|marketing|newsletters?|offers?|sales|deals?|ads|adverts?|advertising)\b")


def _but_after(found) -> bool:
    text = read(found.turn.text).norm
    at = text.find(found.match)
    return at >= 0 and any(f" {w} " in text[at:] for w in ("but", "though", "however", "although"))


def _spoke_again_since(convo: Conversation, turn: Turn) -> bool:
    """They wrote again after saying no, asking something: the door is open again."""
    return any(questions(read(t.text)) for t in convo.inbound_messages if t.index > turn.index)


def _answers(draft, turn: Turn) -> bool:
    """Their message asks something too, and the draft takes it up."""
    return bool(questions(read(turn.text))) and bool(draft.overlap(read(turn.text).words))


@register("already_decided")
def already_decided(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They bought, chose someone else or cancelled, and the draft sells or bills as if not."""
    turns = recent(ctx, params, limit=3, default_days=180)
    draft = draft_view(ctx)
    decided = said(turns, lexicon(params["decided"], "decided"))
    if decided:
        if draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")) and not draft.pitch:
            return []
        moving_on = draft.pitch or draft.requests or draft.find(lexicon(params["draft_sells"], "draft_sells")) \
            or draft.find(lx.NUDGE) or draft.find(lx.CONFIRM) or draft.find(lexicon(params["draft_as_if_not"], "draft_as_if_not"))
        return hit(moving_on, evidence(ctx, decided)) if moving_on else []
    bought = said(turns, lexicon(params["bought"], "bought"))
    if not bought:
        return []
    as_if_not = draft.find(lexicon(params["draft_as_if_not"], "draft_as_if_not"))
    same_thing = draft.overlap(read(bought.quote).words)
    sells = as_if_not or (same_thing and (draft.promo or draft.find(lexicon(params["draft_sells"], "draft_sells"))))
    return hit(sells, evidence(ctx, bought)) if sells else []


# ---- they said "not yet", "not me" or "not like that" --------------------------------------

@register("not_yet_ignored")
def not_yet_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said 'not now' ('call me after October', 'budget frozen until 2027'); the draft presses before then."""
    convo = ctx.conversation
    newest = convo.latest(t for t in convo.turns if t.text and (t.inbound and t.item.is_message or t.is_interaction))
    found = said([newest], lexicon(params["not_yet"], "not_yet")) if newest else None
    if not found:
        return []
    until = deferred_until(newest.text, newest.item.at or convo.send_at)
    if until is not None and convo.send_at >= until:
        return []
    age = convo.age(newest)
    if until is None and age is not None and age > timedelta(days=float(params.get("default_days", 30))):
        return []
    draft = draft_view(ctx)
    if not draft.pitch and draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")):
        return []
    named = deferred_until(ctx.draft, convo.send_at)
    waits = re.search(r"\b(?:until|till|after|from|paused|on hold|won't|will not|nothing will)\b", draft.norm)
    if until is not None and named is not None and named >= until - timedelta(days=7) and waits and not draft.pitch:
        return []  # "nothing will ship until your May box": the draft names the same wait
    push = draft.pitch or draft.find_affirmed(lx.NUDGE) or draft.find(lexicon(params["draft_presses"], "draft_presses")) \
        or draft.find(lx.CONFIRM)  # booking it in before the date they named
    if not push:
        return []
    note = f"this would go out before {until:%-d %B %Y}" if until is not None else ""
    return hit(push, evidence(ctx, found, note))


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
    if not found or _spoke_again_since(ctx.conversation, found.turn):
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
    if any(asked_for_call.search(read(t.text).norm) for t in turns if t.index > found.turn.index):
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
