"""Signals about the thread's shape: whether there is one, who spoke last, how long since you talked."""
from __future__ import annotations

from tactful import facts
from tactful.context import CheckContext
from tactful.signals.registry import Signal, signal


@signal("history.present")
def present(ctx: CheckContext) -> bool:
    """The request carries any history at all."""
    return facts.fact(ctx, "history")


@signal("history.inbound_message")
def inbound_message(ctx: CheckContext) -> bool:
    """They wrote to you (a message, mention or comment); a public post of theirs is not a conversation."""
    return facts.fact(ctx, "inbound_message")


@signal("history.minutes_since_call", kind="number")
def minutes_since_call(ctx: CheckContext) -> Signal:
    """Minutes between the latest call or meeting in the history and the send time (n/a without one or its time)."""
    convo = ctx.conversation
    turn = convo.latest(convo.interactions)
    age = convo.age(turn) if turn is not None else None
    if age is None:
        return Signal("history.minutes_since_call", None)
    return Signal("history.minutes_since_call", round(age.total_seconds() / 60, 1), evidence=convo.describe(turn))


@signal("history.unanswered_outbound", kind="number")
def unanswered_outbound(ctx: CheckContext) -> Signal:
    """How many of your messages went out since they last wrote or you last talked."""
    unanswered = ctx.conversation.unanswered
    evidence = ctx.conversation.describe(unanswered[0]) if unanswered else None
    return Signal("history.unanswered_outbound", len(unanswered), evidence=evidence)


@signal("history.hours_since_their_last", kind="number")
def hours_since_their_last(ctx: CheckContext) -> Signal:
    """Hours since their last message (n/a without one or its time)."""
    convo = ctx.conversation
    turn = convo.last_inbound
    age = convo.age(turn) if turn is not None else None
    if age is None:
        return Signal("history.hours_since_their_last", None)
    return Signal("history.hours_since_their_last", round(age.total_seconds() / 3600, 2), evidence=convo.describe(turn))
