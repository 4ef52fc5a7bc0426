"""Signals about the thread's shape: whether there is one, who spoke last, how long since you talked."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

from tactful import facts
from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.extract import departed_names
from tactful.nlp.lexicons import normalise
from tactful.signals.learned import reads_as_act, turn_states
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
    """How many of your messages went out since they last wrote or you last talked; evidence quotes the latest."""
    unanswered = ctx.conversation.unanswered
    if not unanswered:
        return Signal("history.unanswered_outbound", 0)
    words = unanswered[-1].text.split()
    quote = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    latest = ctx.conversation.describe(unanswered[-1], quote=quote)
    return Signal("history.unanswered_outbound", len(unanswered),
                  evidence=f"{len(unanswered)} of your messages in a row are unanswered; the latest: {latest}")


@signal("history.hours_since_their_last", kind="number")
def hours_since_their_last(ctx: CheckContext) -> Signal:
    """Hours since their last message (n/a without one or its time)."""
    convo = ctx.conversation
    turn = convo.last_inbound
    age = convo.age(turn) if turn is not None else None
    if age is None:
        return Signal("history.hours_since_their_last", None)
    return Signal("history.hours_since_their_last", round(age.total_seconds() / 3600, 2), evidence=convo.describe(turn))


# How recent a call, a meeting or a back-and-forth must be to count as a human moment.
HUMAN_MOMENT = timedelta(hours=24)


def human_moment(ctx: CheckContext) -> tuple[Optional[Turn], bool]:
    """The latest human moment, read once per request: (the turn, True for a call or meeting), (their message in
    a back-and-forth, False), or (None, False). Without times, only a call or meeting among the last two items
    counts."""
    cache = ctx.cache.setdefault("history_shape", {})
    if "moment" not in cache:
        convo = ctx.conversation

        def recent_enough(turn: Turn) -> bool:
            if convo.age(turn) is not None:
                return convo.within(turn, HUMAN_MOMENT)
            return turn.index >= len(convo.turns) - 2

        moment = convo.latest(t for t in convo.interactions if recent_enough(t))
        spoke = moment is not None
        if moment is None:
            timed = [t for t in convo.messages[-4:] if convo.age(t) is not None and convo.within(t, HUMAN_MOMENT)]
            if any(t.inbound for t in timed) and any(not t.inbound for t in timed):
                moment = convo.latest(t for t in timed if t.inbound)
        cache["moment"] = (moment, spoke)
    return cache["moment"]


@signal("history.spoke_recently")
def spoke_recently(ctx: CheckContext) -> Signal:
    """A call or meeting in the last 24 hours (without times: among the last two items of the history)."""
    moment, spoke = human_moment(ctx)
    if not spoke:
        return Signal("history.spoke_recently", False)
    return Signal("history.spoke_recently", True, evidence=ctx.conversation.describe(moment))


@signal("history.exchanged_recently")
def exchanged_recently(ctx: CheckContext) -> Signal:
    """No recent call, but a real back-and-forth: among the last four messages within 24 hours, both of you wrote."""
    moment, spoke = human_moment(ctx)
    if moment is None or spoke:
        return Signal("history.exchanged_recently", False)
    return Signal("history.exchanged_recently", True, evidence=ctx.conversation.describe(moment))


@signal("history.cold_outreach_unanswered")
def cold_outreach_unanswered(ctx: CheckContext) -> Signal:
    """You wrote first, they never wrote back and you never spoke: the thread is only your messages, and the
    first reads as cold outreach (the act head reads a pitch or a self-introduction, or a sales opener or
    cold-intro line says so). A bump here is a sequence's next step, not a reminder between people."""
    convo = ctx.conversation
    mine = convo.outbound_messages
    if not mine or convo.inbound_messages or convo.interactions:
        return Signal("history.cold_outreach_unanswered", False)
    first = mine[0]
    text = normalise(first.text)
    cold = bool(lx.COLD_INTRO.search(text) or lx.SALES_OPENER.search(text))
    cold = cold or reads_as_act(ctx, first, ("pitch", "introduction"))
    if not cold:
        return Signal("history.cold_outreach_unanswered", False)
    words = first.text.split()
    quote = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return Signal("history.cold_outreach_unanswered", True, evidence=convo.describe(first, quote=quote))


@signal("history.loss")
def loss(ctx: CheckContext) -> Signal:
    """A death in the thread in the last three months: their message or the note of a call or meeting, whoever
    logged it ("Funeral service for Gerald Ashworth", "Dad passed away last week"). Sympathy fits it, whatever
    the latest message says."""
    convo = ctx.conversation
    for turn in reversed(convo.told):
        if not convo.within(turn, timedelta(days=90)) or not turn.text:
            continue
        if lx.BAD_NEWS_DEATH.search(normalise(turn.text)) or departed_names(turn.text):
            return Signal("history.loss", True, evidence=convo.describe(turn))
    return Signal("history.loss", False)


# How long your own bad news (or your note of theirs) colours the thread.
TOLD_BAD_NEWS_DAYS = 30
# The state head reads bad news in your notes and messages too, but it reads a plain closure ("power cut, we're
# closed today") as bad news as readily as a loss: for your own words it counts only when near-certain, and
# only in the note of a call or meeting, where you wrote down what happened to them.
NOTED_BAD_NEWS_MIN = 0.9


@signal("history.told_bad_news")
def told_bad_news(ctx: CheckContext) -> Signal:
    """In the last 30 days you gave them bad news yourself, or noted theirs: your message or post ends their
    job, offer, place or application ("your role is part of the reduction", "we have to rescind your offer",
    "we said goodbye to 30% of our team"), or the note of a call or meeting records an ending, a death or the
    head's near-certain bad news ("Told Marco his role is cut. He was upset."). Their own messages are
    `them.bad_news`."""
    convo = ctx.conversation
    limit = timedelta(days=TOLD_BAD_NEWS_DAYS)
    mine = [t for t in convo.turns if t.text and convo.within(t, limit) and (t.is_interaction or not t.inbound)][-4:]
    for turn in reversed(mine):
        text = normalise(turn.text)
        if lx.OUR_BAD_NEWS.search(text) or (turn.is_interaction and lx.BAD_NEWS_DEATH.search(text)):
            return Signal("history.told_bad_news", True, evidence=convo.describe(turn))
    notes = [t for t in mine if t.is_interaction]
    states = (turn_states(ctx, notes) if notes else None) or {}  # None without a signal model
    for turn in reversed(notes):
        if states.get(turn.index, {}).get("bad_news", 0.0) >= NOTED_BAD_NEWS_MIN:
            return Signal("history.told_bad_news", True, evidence=convo.describe(turn))
    return Signal("history.told_bad_news", False)


# What a call or meeting was, in the words a booking link uses: the draft that books the same thing again.
MEETING_KINDS = re.compile(r"\b(?:phone screen|screen(?:ing)?|interview|demo|consultation|viewing|assessment|fitting|appointment|"
                           r"discovery call|intro(?:ductory)? call|onboarding call|tour|site visit|survey)\b")
# How long after a call or meeting a sequence asking to book it (or saying it was missed) is plainly wrong.
BOOKED_AGAIN_WITHIN = timedelta(hours=48)


@signal("history.books_what_happened")
def books_what_happened(ctx: CheckContext) -> Signal:
    """Within 48 hours of a call or meeting in the history, the draft asks them to book that same thing (the note
    says "phone screen", the draft "choose a time for your phone screen") or says it did not happen ("we missed
    you today", "your call wasn't completed"): a scheduler that never heard the call took place."""
    from tactful.checks.reading import draft_view

    convo = ctx.conversation
    meeting = convo.latest(t for t in convo.interactions if convo.age(t) is not None and convo.within(t, BOOKED_AGAIN_WITHIN))
    note = normalise(meeting.text or "") if meeting is not None else ""
    if meeting is None or lx.NOT_HELD.search(note):
        return Signal("history.books_what_happened", False)
    view = draft_view(ctx)
    missed = view.find(lx.MISSED_MEETING)
    if missed:
        return Signal("history.books_what_happened", True, evidence=convo.describe(meeting), span=missed)
    asks = view.find(lx.BOOKING_ASK)
    if not asks:
        return Signal("history.books_what_happened", False)
    if set(MEETING_KINDS.findall(note)) & set(MEETING_KINDS.findall(ctx.lower)):
        return Signal("history.books_what_happened", True, evidence=convo.describe(meeting), span=asks)
    return Signal("history.books_what_happened", False)
