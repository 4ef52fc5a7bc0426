"""Signals about the other side: the state their recent messages put the conversation in.

Each `them.<state>` is the state head's highest probability over the messages
that count: the ones they sent since you last wrote (what the draft answers),
or else their last message, within an age that suits the state (a "please
stop" holds for a year, a complaint for two weeks). Evidence quotes the message,
says how long ago it was, and names the words that drove the reading.
"""
from __future__ import annotations

from datetime import timedelta

from tactful import facts
from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.signals.learned import state_signal
from tactful.signals.registry import Signal, signal

# (signal, head label, days it stays true, documentation)
STATES = (
    ("them.opt_out", "opt_out", 365, "They asked you to stop, unsubscribed, or declined ('no thanks', 'not interested')."),
    ("them.bad_news", "bad_news", 30, "They shared bad news: a loss, layoff, illness, death, disaster or failure."),
    ("them.complaint", "complaint", 14, "They complained or reported a problem, sarcastic complaints included."),
    ("them.hostile", "hostile", 7, "They were hostile or insulting."),
    ("them.decided", "decided", 180, "They already decided: bought, signed, paid, chose another, cancelled, withdrew."),
    ("them.deferred", "deferred", 90, "They deferred or paused: not now, hold off, out until a date, budget frozen."),
    ("them.question", "question", 14, "They asked a question that is still waiting for its answer."),
    ("them.praise", "praise", 14, "They thanked or praised you, or wrote warmly."),
    ("them.good_news", "good_news", 30, "They shared good news: a new job, an engagement, a launch, a recovery."),
)


def state_turns(ctx: CheckContext, max_age_days: float) -> list[Turn]:
    """Their messages the draft answers (since you last wrote; else their last one), within the age limit."""
    convo = ctx.conversation
    turns = convo.pending_inbound[-3:] or convo.inbound_messages[-1:]
    limit = timedelta(days=max_age_days)
    return [t for t in turns if convo.within(t, limit)]


def _register_state(name: str, label: str, days: float, doc: str) -> None:
    def compute(ctx: CheckContext) -> Signal:
        return state_signal(ctx, name, label, state_turns(ctx, days))

    compute.__doc__ = doc
    signal(name, kind="probability")(compute)


for _name, _label, _days, _doc in STATES:
    _register_state(_name, _label, _days, _doc)


@signal("them.recent_follow")
def recent_follow(ctx: CheckContext) -> Signal:
    """They followed or connected with you in the last two days."""
    return Signal("them.recent_follow", facts.fact(ctx, "recent_follow"),
                  evidence=facts.EVIDENCE["recent_follow"](ctx))


@signal("them.requested_it")
def requested_it(ctx: CheckContext) -> bool:
    """They asked for this (a reminder, the price, the link) in a recent message, and the draft takes it up."""
    return facts.fact(ctx, "requested_by_them")
