"""Signals about the other side: the state their recent messages put the conversation in.

Each `them.<state>` is the state head's reading of their latest message (or
post, or mention), within an age that suits the state (a "please stop" holds
for a year, a complaint for two weeks). Only the latest: a complaint followed
by "all sorted, thanks" is no longer a complaint. The longer memory of a thread (a
stop request three messages back) is kept by the lexicon signals at the end of
this module (`them.asked_to_stop`, ...), which read their last few messages in
so many words. Evidence quotes the message, says how long ago it was, and names
the words that drove the reading.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Optional

from tactful import facts
from tactful.checks.reading import Said, but_after, own_posts, said, spoke_again_since
from tactful.context import CheckContext
from tactful.conversation import Conversation, Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.dates import deferred_until
from tactful.nlp.lexicons import normalise
from tactful.nlp.reading import questions, read, sentiment, word_set
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
                          r"what(?:'s| is| are| happens) (?:next|the next steps?)|what do (?:i|we) do (?:next|now)|"
                          r"how(?:'s| is) it (?:going|coming along))\b[^?.!]{0,60}[?.!]*\W{0,3}"
                          # a short statement after it that asks nothing more ("Ordered last Thursday.")
                          r"(?:[^?]{1,60}[.!]?\W{0,3})?$", re.IGNORECASE)


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


# ---- what they said in so many words: high-precision lexicons over their last few messages ------------
# The learned states above read only their latest message; these read their last three messages within a
# year, in the words of tactful/nlp/lexicons.py, so a "please stop" two messages back still counts.

def their_no(ctx: CheckContext) -> tuple[Optional[Said], str]:
    """Their stop request or polite no, read once per request: (where it was said, "stop" | "declined"), or
    (None, "") when there is none or they have since written again asking something."""
    cache = ctx.cache.setdefault("them_words", {})
    if "no" not in cache:
        turns = ctx.conversation.recent_inbound(within=timedelta(days=365), limit=3)
        found, kind = said(turns, lx.STOP_REQUEST), "stop"
        if found is None:
            # your notes of a call, as their "not now" is read ("Rosa rang to cancel; she asked us not to
            # contact her for now")
            found = said(_notes(ctx.conversation, days=365), lx.NOTED_STOP)
        if found is None:
            found, kind = said(turns, lx.DECLINED), "declined"
            # "not for me, but where are the tide tables?": a reply, not an opt-out
            if found and (questions(read(found.turn.text)) or but_after(found)):
                found = None
        if found is not None and spoke_again_since(ctx.conversation, found.turn):
            found = None
        cache["no"] = (found, kind) if found is not None else (None, "")
    return cache["no"]


def _notes(convo, days: int) -> list:
    """The notes of calls and meetings (whoever logged them) within `days`, oldest first, at most three."""
    return [t for t in convo.interactions if t.text and convo.within(t, timedelta(days=days))][-3:]


def said_signal(ctx: CheckContext, name: str, found: Optional[Said]) -> Signal:
    """`name` holds when their words were found, with that message (or note) and the words as evidence."""
    if found is None:
        return Signal(name, False)
    return Signal(name, True, evidence=ctx.conversation.describe(found.turn, quote=found.quote))


def _their_stop(ctx: CheckContext) -> tuple[Optional[Said], bool]:
    """Their stop request, if any, and whether it names selling only ("take me off the promo texts")."""
    found, kind = their_no(ctx)
    if found is None or kind != "stop":
        return None, False
    return found, bool(lx.SELLING_ONLY.search(normalise(found.quote)))


@signal("them.asked_to_stop")
def asked_to_stop(ctx: CheckContext) -> Signal:
    """One of their last three messages (within a year) asks you to stop, unsubscribe or remove them, in so many
    words ("please stop emailing me", "take me off your list", "STOP"), and they have not written since asking
    something. A stop limited to selling is `them.asked_to_stop_promotions` instead."""
    found, selling_only = _their_stop(ctx)
    return said_signal(ctx, "them.asked_to_stop", found if not selling_only else None)


@signal("them.asked_to_stop_promotions")
def asked_to_stop_promotions(ctx: CheckContext) -> Signal:
    """Their stop request names selling only ("take me off the promo texts", "unsubscribe me from the
    newsletter"): a service message (a reminder, a receipt) may still go; a pitch may not."""
    found, selling_only = _their_stop(ctx)
    return said_signal(ctx, "them.asked_to_stop_promotions", found if selling_only else None)


@signal("them.said_no")
def said_no(ctx: CheckContext) -> Signal:
    """One of their last three messages (within a year) turns an offer down in so many words ("not interested",
    "we're happy with what we use", "we'll pass"), asks nothing, and goes on with no "but"; no stop request."""
    found, kind = their_no(ctx)
    return said_signal(ctx, "them.said_no", found if kind == "declined" else None)


def their_decision(ctx: CheckContext) -> tuple[Optional[Said], str]:
    """Their decision in so many words, read once per request: (where, "against" | "bought"), or (None, "").
    A decision against it (chose another, cancelled) wins over a purchase in the same messages."""
    cache = ctx.cache.setdefault("them_words", {})
    if "decision" not in cache:
        turns = ctx.conversation.recent_inbound(within=timedelta(days=180), limit=3)
        notes = _notes(ctx.conversation, days=60)
        found, kind = said(turns, lx.DECIDED_AGAINST), "against"
        if found is None:  # a cancellation someone took down on a call ("phoned to cancel Thursday")
            found = said([t for t in notes if not lx.NOTED_REBOOKED.search(lx.normalise(t.text))][-1:], lx.NOTED_CANCEL)
        if found is None:
            found, kind = said(turns, lx.ALREADY_BOUGHT), "bought"
        if found is None:  # or signed it in person ("Abdullah signed the 3-year agreement" in a meeting note)
            found = said(notes[-1:], lx.ALREADY_BOUGHT)
        cache["decision"] = (found, kind) if found is not None else (None, "")
    return cache["decision"]


@signal("them.decided_against")
def decided_against(ctx: CheckContext) -> Signal:
    """One of their last three messages (within six months) says in so many words that they chose someone else,
    decided against it, cancelled, ended it or no longer need it ("we've gone with another agency")."""
    found, kind = their_decision(ctx)
    return said_signal(ctx, "them.decided_against", found if kind == "against" else None)


@signal("them.already_bought")
def already_bought(ctx: CheckContext) -> Signal:
    """One of their last three messages (within six months) says they already bought, booked, signed or paid
    ("picked up the Strada on Saturday", "invoice paid"), and none says they decided against it."""
    found, kind = their_decision(ctx)
    return said_signal(ctx, "them.already_bought", found if kind == "bought" else None)


# A "not now" without a date holds this long.
NOT_YET_DAYS = 30


def their_wait(ctx: CheckContext) -> tuple[Optional[Said], Optional[datetime]]:
    """Their "not now" in so many words, read once per request: (where, the date it lasts until or None), or
    (None, None). Only the newest of their messages or your notes of a call counts, and only while it lasts:
    until the date they named, or NOT_YET_DAYS without one."""
    cache = ctx.cache.setdefault("them_words", {})
    if "wait" not in cache:
        convo = ctx.conversation
        newest = convo.latest(t for t in convo.turns if t.text and (t.inbound and t.item.is_message or t.is_interaction))
        found, until = _stated_wait(convo, newest)
        if found is not None:
            age = convo.age(newest)
            if until is not None and convo.send_at >= until:
                found = None
            elif until is None and age is not None and age > timedelta(days=NOT_YET_DAYS):
                found = None
        cache["wait"] = (found, until) if found is not None else (None, None)
    return cache["wait"]


def _stated_wait(convo: Conversation, turn: Optional[Turn]) -> tuple[Optional[Said], Optional[datetime]]:
    """A "not now" in this turn's words, and the date it names (None without one)."""
    found = said([turn], lx.NOT_YET) if turn is not None else None
    return found, deferred_until(turn.text, turn.item.at or convo.send_at) if found is not None else None


@signal("them.wait_is_over")
def wait_is_over(ctx: CheckContext) -> Signal:
    """Their newest message put it off to a date ("I'll have a proper look when I'm back on the 12th") and the
    draft goes out after it: a check-in now is the one they invited."""
    convo = ctx.conversation
    found, until = _stated_wait(convo, convo.latest(t for t in convo.turns if t.text and t.inbound and t.item.is_message))
    if until is None or convo.send_at < until:
        return Signal("them.wait_is_over", False)
    return Signal("them.wait_is_over", True,
                  evidence=convo.describe(found.turn, quote=found.quote) + f"; that was until {until:%-d %B %Y}")


@signal("them.said_not_yet")
def said_not_yet(ctx: CheckContext) -> Signal:
    """Their newest message (or your notes of your latest call) puts it off in so many words ("not now, call me
    after October", "budget is frozen until 2027", "on maternity leave"), and the draft goes out before the date
    they named (or within 30 days, without one). Evidence names the date."""
    found, until = their_wait(ctx)
    if found is None:
        return Signal("them.said_not_yet", False)
    evidence = ctx.conversation.describe(found.turn, quote=found.quote)
    if until is not None:
        evidence += f"; this would go out before {until:%-d %B %Y}"
    return Signal("them.said_not_yet", True, evidence=evidence)


@signal("them.casual")
def casual(ctx: CheckContext) -> Signal:
    """One of their (at most two) messages since your last one, within a week, is casual and friendly in so many
    words (emoji, "haha", "lol", "you guys", "the best") and not negative (VADER sentiment of -0.4 or more)."""
    convo = ctx.conversation
    turns = [t for t in convo.pending_inbound[-2:] if convo.within(t, timedelta(days=7))]
    found = said(turns, lx.CASUAL)
    if found is None or sentiment(found.turn.text) < -0.4:
        return Signal("them.casual", False)
    return said_signal(ctx, "them.casual", found)


@signal("them.hostile_words")
def hostile_words(ctx: CheckContext) -> Signal:
    """Their last three messages (within three days) include anger or mockery in so many words ("do you even read
    these??", "useless", "thanks for nothing", 🙄), and they have not calmed down since (a later message of theirs
    reads as positive or neutral, VADER above -0.3). Evidence counts the angry messages."""
    turns = ctx.conversation.recent_inbound(within=timedelta(days=3), limit=3)
    angry = [t for t in turns if read(t.text).search(lx.HOSTILE)]
    if not angry or angry[-1] is not turns[-1] and sentiment(turns[-1].text) > -0.3:
        return Signal("them.hostile_words", False)
    found = said(angry, lx.HOSTILE)
    evidence = ctx.conversation.describe(found.turn, quote=found.quote)
    if len(angry) > 1:
        evidence += f"; {len(angry)} angry messages in a row"
    return Signal("them.hostile_words", True, evidence=evidence)


def warm_turns(ctx: CheckContext) -> list[Turn]:
    """Their (at most two) messages since your last one, within a week, that read warm (VADER 0.4 or more)."""
    convo = ctx.conversation
    return [t for t in convo.pending_inbound[-2:] if convo.within(t, timedelta(days=7)) and sentiment(t.text) >= 0.4]


@signal("them.warm")
def warm(ctx: CheckContext) -> Signal:
    """One of their (at most two) messages since your last one, within a week, reads warm: thanks, praise, a
    compliment (VADER sentiment 0.4 or more)."""
    turns = warm_turns(ctx)
    if not turns:
        return Signal("them.warm", False)
    return Signal("them.warm", True, evidence=ctx.conversation.describe(turns[-1]))


@signal("them.asked_for_feedback")
def asked_for_feedback(ctx: CheckContext) -> Signal:
    """One of their (at most two) messages since your last one, within a week, asks to be checked or corrected
    ("is my Spanish ok on this flyer?", "proofread this", "any typos?"): a correction is what they asked for."""
    convo = ctx.conversation
    turns = [t for t in convo.pending_inbound[-2:] if convo.within(t, timedelta(days=7))]
    found = said(turns, lx.ASKED_FOR_FEEDBACK)
    if found is None:
        # A standing request holds until they take it back: "when I write you, correct my English mistakes".
        standing = [t for t in convo.inbound_messages if convo.within(t, timedelta(days=180))
                    and _STANDING_REQUEST.search(t.text)]
        found = said(standing, lx.ASKED_FOR_FEEDBACK)
    return said_signal(ctx, "them.asked_for_feedback", found)


_STANDING_REQUEST = re.compile(r"\b(?:when(?:ever)?|every time|each time|any time) (?:i|we) (?:write|text|send|message|email)|"
                               r"\bfrom now on\b|\bgoing forward\b|\bin (?:the )?future\b|\balways\b|\bkeep (?:correcting|checking)",
                               re.IGNORECASE)


def tragedy_terms(ctx: CheckContext) -> lx.Lexicon:
    """The tragedy lexicon plus the team's own sensitive terms (`[sensitive] terms` in tactful.toml)."""
    extra = tuple(r"\b" + re.escape(term.lower()) + r"\b" for term in ctx.settings.get("sensitive_terms") or ())
    return lx.lexicon(lx.TRAGEDY.patterns + extra, "tragedy") if extra else lx.TRAGEDY


@signal("them.tragedy_words")
def tragedy_words(ctx: CheckContext) -> Signal:
    """Their latest message or post (within three days) names a disaster, an attack, its anniversary or a death
    in so many words (the tragedy lexicon and your team's sensitive terms)."""
    turns = ctx.conversation.recent_inbound(within=timedelta(days=3), limit=1)
    found = said(turns, tragedy_terms(ctx))
    if found is None:
        return Signal("them.tragedy_words", False)
    evidence = ctx.conversation.describe(found.turn, quote=found.quote) + f"; a promotion in reply to '{found.match}'"
    return Signal("them.tragedy_words", True, evidence=evidence)


@signal("them.complaint_words")
def complaint_words(ctx: CheckContext) -> Signal:
    """One of their (at most three) messages since your last one, within a week, complains or reports an urgent
    problem in so many words ("arrived squashed", "still no refund", "really disappointed"), and not laughing
    ("my spellcheck is broken lol")."""
    convo = ctx.conversation
    turns = [t for t in convo.pending_inbound[-3:] if convo.within(t, timedelta(days=7))]
    found = said(turns, lx.COMPLAINT)
    if found is None or lx.JOKING.search(normalise(found.quote)):
        return Signal("them.complaint_words", False)
    return said_signal(ctx, "them.complaint_words", found)


@signal("them.complained_lately")
def complained_lately(ctx: CheckContext) -> Signal:
    """One of their last four messages, within three weeks, complained in so many words, answered or not: a
    review request after it reads as not having heard it."""
    turns = ctx.conversation.recent_inbound(within=timedelta(days=21), limit=4)
    return said_signal(ctx, "them.complained_lately", said(turns, lx.COMPLAINT))


def their_bad_news(ctx: CheckContext) -> Optional[Said]:
    """Their latest message (within two weeks), or your own public post of the last week, that tells bad news in
    so many words; read once per request."""
    cache = ctx.cache.setdefault("them_words", {})
    if "bad_news" not in cache:
        turns = ctx.conversation.recent_inbound(within=timedelta(days=14), limit=1) + own_posts(ctx, within_days=7)
        # and the note of your latest call or visit: "her husband died on Sunday" is bad news however it reached you
        cache["bad_news"] = said(turns + _notes(ctx.conversation, days=14)[-1:], lx.BAD_NEWS)
    return cache["bad_news"]


@signal("them.bad_news_words")
def bad_news_words(ctx: CheckContext) -> Signal:
    """Their latest message (within two weeks), or your own post of the last week when the draft is a post, tells
    bad news in so many words ("passed away", "laid off", "diagnosed with", "the fire took everything")."""
    return said_signal(ctx, "them.bad_news_words", their_bad_news(ctx))


@signal("them.silver_lining")
def silver_lining(ctx: CheckContext) -> bool:
    """The message with their bad news (`them.bad_news_words`) also tells good news ("but I got the new job!"):
    cheer may fit, a pitch still does not."""
    found = their_bad_news(ctx)
    return found is not None and bool(lx.SILVER_LINING.search(read(found.turn.text).norm))


@signal("them.said_solved")
def said_solved(ctx: CheckContext) -> Signal:
    """Their latest message, post or mention (within a week) says the problem went away ("never mind, it's back on",
    "all sorted", "working again")."""
    turns = ctx.conversation.recent_inbound(within=timedelta(days=7), limit=2)
    return said_signal(ctx, "them.said_solved", said(turns[-1:], lx.SOLVED))


@signal("them.someone_elses_news")
def someone_elses_news(ctx: CheckContext) -> Signal:
    """Their latest message or post (within two weeks) shares news that belongs to someone else ("my little
    sister just got engaged", "my son graduated")."""
    found = said(ctx.conversation.recent_inbound(within=timedelta(days=14), limit=1), lx.SOMEONE_ELSES_NEWS)
    if found is None:
        return Signal("them.someone_elses_news", False)
    return Signal("them.someone_elses_news", True,
                  evidence=ctx.conversation.describe(found.turn, quote=found.quote) + "; the news is about someone else")


# ---- a reply of theirs that a chase would ignore ---------------------------------------------------------------
MIN_ANSWER_WORDS = 8  # a shorter reply without a question ("Thanks, got it!") acknowledges; it does not answer


def their_replies(ctx: CheckContext) -> list[Turn]:
    """Their messages (with words) since your last one, when you had written before; read once per request."""
    cache = ctx.cache.setdefault("them_words", {})
    if "replies" not in cache:
        convo = ctx.conversation
        replies = [t for t in convo.pending_inbound if t.text.strip()]
        cache["replies"] = replies if convo.outbound_messages else []
    return cache["replies"]


def _first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


@signal("them.replied")
def replied(ctx: CheckContext) -> Signal:
    """They wrote back since your last message (a message with words); evidence quotes their latest."""
    replies = their_replies(ctx)
    if not replies:
        return Signal("them.replied", False)
    latest = replies[-1]
    evidence = f"{ctx.conversation.describe(latest, quote=_first_words(latest.text, 14))}, after your last message"
    return Signal("them.replied", True, evidence=evidence)


@signal("them.answered")
def answered(ctx: CheckContext) -> Signal:
    """One of their messages since your last one (`them.replied`) asks a question or has eight words or more: an
    answer to take up ("Yes, read it. A couple of questions about the insurance clause"), not "Thanks, got it!"."""
    return Signal("them.answered", any(questions(read(t.text)) or len(word_set(t.text)) >= MIN_ANSWER_WORDS
                                       for t in their_replies(ctx)))


@signal("them.asked_to_be_chased")
def asked_to_be_chased(ctx: CheckContext) -> Signal:
    """Their messages since your last one (`them.replied`) ask you to chase them ("if you don't hear from me by
    the 10th, nudge me", "remind me on Friday"): a chase is what they asked for."""
    replies = their_replies(ctx)
    found = bool(replies) and lx.ASKED_TO_BE_CHASED.search(normalise(" ".join(t.text for t in replies)))
    if not found:
        return Signal("them.asked_to_be_chased", False)
    return Signal("them.asked_to_be_chased", True, evidence=f"they wrote '{found.group()}' since your last message")


@signal("them.thanked_for_event")
def thanked_for_event(ctx: CheckContext) -> Signal:
    """One of their last two messages (within a week) thanks you for the event, the class or the call ("thanks
    for the webinar tonight", "thank you for today"): it has already happened."""
    found = said(ctx.conversation.recent_inbound(within=timedelta(days=7), limit=2), lx.THANKED_FOR_EVENT)
    if found is None:
        return Signal("them.thanked_for_event", False)
    return Signal("them.thanked_for_event", True,
                  evidence=ctx.conversation.describe(found.turn, quote=found.quote) + "; it has already happened")


@signal("them.asked_to_be_nudged")
def asked_to_be_nudged(ctx: CheckContext) -> Signal:
    """One of their last three messages (within six weeks) asks you to chase them ("nudge me Thursday if you
    haven't heard back", "ping me next week"): the nudge is what they asked for."""
    # (Six weeks: "keep us on track" for a completion date holds until the date is near.)
    turns = ctx.conversation.recent_inbound(within=timedelta(days=45), limit=3)
    return said_signal(ctx, "them.asked_to_be_nudged", said(turns, lx.ASKED_TO_BE_NUDGED))
