"""Signals about the other side: the state their recent messages put the conversation in.

Each `them.<state>` is the state head's reading of their latest message (or
post, or mention), within an age that suits the state (a "please stop" holds
for a year, a complaint for two weeks). Only the latest: a complaint followed
by "all sorted, thanks" is no longer a complaint; the longer memory of a
thread (a stop request three messages back) is what the named checks keep. Evidence quotes the message,
says how long ago it was, and names the words that drove the reading.
"""
from __future__ import annotations

import re
from datetime import timedelta

from tactful import facts
from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.nlp.reading import questions, read
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


# A question you have replied to since is no longer waiting (your reply may have answered it); a loss,
# a complaint or a "no" stays what it was whatever you said after it.
PENDING_ONLY = frozenset({"question"})


def state_turns(ctx: CheckContext, max_age_days: float, pending_only: bool = False) -> list[Turn]:
    """Their latest message, if it is within the age limit (and, `pending_only`, not yet replied to)."""
    convo = ctx.conversation
    limit = timedelta(days=max_age_days)
    latest = convo.pending_inbound[-1:] if pending_only else convo.inbound_messages[-1:]
    return [t for t in latest if convo.within(t, limit)]


def _register_state(name: str, label: str, days: float, doc: str) -> None:
    def compute(ctx: CheckContext) -> Signal:
        return state_signal(ctx, name, label, state_turns(ctx, days, label in PENDING_ONLY))

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


_SMALL_TALK = re.compile(
    r"^\W{0,3}(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b[^?]{0,40}?)?"
    r"(?:how (?:are|r) (?:you|u|things|ya)(?: doing)?(?: today| this (?:morning|evening|week))?|how's it going|how have you been|"
    r"what's up|how are things|you\?|and you|how about you|what about you)\W{0,5}$"
    # pleasantries that close or open a chat: "Great and you?", "You too!", "Have a great day"
    r"|^\W{0,3}(?:[\w']+[ ,.!]{1,3}){0,4}(?:and (?:you|u|yourself)|you too|same to you|i hope you are(?: too| as well)?|"
    r"have a (?:great|good|nice|lovely|wonderful) (?:day|evening|night|weekend|rest of your day)|"
    r"nice (?:meeting|talking|chatting) (?:to |with )?you|take care)\W{0,5}$"
    # a greeting that checks someone is there: "Hello?", "Hi there, anyone there?"
    r"|^\W{0,3}(?:hi|hello|hey|hiya)(?: there)?\W{0,3}(?:(?:is )?any ?(?:one|body) (?:there|here)|are you (?:there|here))?\W{0,5}$",
    re.IGNORECASE)


@signal("them.small_talk")
def small_talk(ctx: CheckContext) -> bool:
    """Their latest message is a pleasantry (a greeting, a how-are-you, "and you?", "have a great day"): nothing that waits for information or tells of a problem."""
    turn = ctx.conversation.last_inbound
    return turn is not None and bool(_SMALL_TALK.search(turn.text.strip()))


@signal("them.asked_for_offer")
def asked_for_offer(ctx: CheckContext) -> bool:
    """Their latest message asks for a price, a discount, a sale, a quote, a reminder or a link."""
    turn = ctx.conversation.last_inbound
    return turn is not None and bool(facts.ASKED_FOR_RE.search(turn.text))


_STATUS_PING = re.compile(r"^\W{0,3}(?:hi|hey|hello)?\W{0,3}(?:any (?:updates?|news|word)|what'?s the (?:status|latest)|"
                          r"how(?:'s| is) it (?:going|coming along))\b[^?.!]{0,60}[?.!]*\W{0,3}$", re.IGNORECASE)


@signal("them.status_ping")
def status_ping(ctx: CheckContext) -> bool:
    """Their latest message only asks for news ("Any update on the car?"): any status the draft gives answers it."""
    turn = ctx.conversation.last_inbound
    return turn is not None and bool(_STATUS_PING.search(turn.text.strip()))


@signal("them.latest_words", kind="number")
def latest_words(ctx: CheckContext) -> Signal:
    """How many words their latest message has (0 without one): a learned reading of three words is a guess."""
    turn = ctx.conversation.last_inbound
    return Signal("them.latest_words", len(turn.text.split()) if turn is not None else 0)


@signal("them.asks")
def asks_something(ctx: CheckContext) -> Signal:
    """Their latest message asks something: a question mark or an explicit request, small talk aside. Broad on
    purpose (rhetorical questions count): rules use it to stand aside for a draft that may be an answer."""
    turn = ctx.conversation.last_inbound
    asked = questions(read(turn.text)) if turn is not None else []
    if not asked:
        return Signal("them.asks", False)
    return Signal("them.asks", True, evidence=ctx.conversation.describe(turn, quote=asked[0]))
