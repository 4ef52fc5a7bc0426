"""Named yes/no facts about a draft and its history, for a rule's `when` clause.

A rule such as "thanks for following" is harmless alone and an auto-DM when
the draft also drops a link; `when: {any: [link, call_to_action]}` says so as
data. Facts are computed lazily and cached per check.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Callable

from tactful.context import CheckContext
from tactful.metrics import call_to_action_sentences
from tactful.nlp import lexicons as lx
from tactful.nlp.reading import content_words, read

PERSONAL_DETAIL_RE = re.compile(
    r"\b(?:your|you) (?:[\w-]+ ){0,3}?(?:posts?|article|talk|comments?|photos?|pics?|pictures?|videos?|question|note|"
    r"message|thread|garden|project|book|podcast|episode|launch|paper|research|painting|art|work on|recipe|"
    r"restoration|build|presentation|speech|newsletter issue)\b",
    re.IGNORECASE,
)


def _link(ctx: CheckContext) -> bool:
    """The draft holds a link (a URL or a bare domain with a path)."""
    return bool(ctx.masks.urls)


def _call_to_action(ctx: CheckContext) -> bool:
    """A sentence tells them to act: click, book, buy, reply, sign up."""
    return bool(call_to_action_sentences(ctx)[1])


def _question(ctx: CheckContext) -> bool:
    """The draft asks something (a question mark)."""
    return "?" in ctx.draft


def _history(ctx: CheckContext) -> bool:
    """The request carries any history at all."""
    return bool(ctx.request.history)


def _inbound_message(ctx: CheckContext) -> bool:
    """They wrote to us (a message, mention or comment); a public post of theirs is not a conversation."""
    return any(turn.item.kind != "post" for turn in ctx.conversation.inbound_messages)


def _recent_follow_turn(ctx: CheckContext):
    conversation = ctx.conversation
    for turn in reversed(conversation.events):
        if turn.inbound and turn.item.kind in ("follow", "connect"):
            age = conversation.age(turn)
            if age is None or age <= timedelta(days=2):
                return turn
    return None


def _recent_follow(ctx: CheckContext) -> bool:
    return _recent_follow_turn(ctx) is not None


def _recent_follow_evidence(ctx: CheckContext):
    turn = _recent_follow_turn(ctx)
    return ctx.conversation.describe(turn) if turn is not None else None


def _self_promotion(ctx: CheckContext) -> bool:
    """The draft points at the sender's own channel, shop, course, product or link ("my new course")."""
    from tactful.checks.reading import draft_view

    return bool(draft_view(ctx).find(lx.SELF_PROMOTION))


def _pitch(ctx: CheckContext) -> bool:
    """A named sales opener: "I help...", "we offer...", "our platform", "book a demo", "hop on a call"."""
    from tactful.checks.reading import draft_view

    return bool(draft_view(ctx).find(lx.SALES_OPENER))


def _personal_detail(ctx: CheckContext) -> bool:
    """The draft refers to something specific of theirs (their post, their question)."""
    return bool(PERSONAL_DETAIL_RE.search(ctx.draft))


def _replies_on_topic(ctx: CheckContext) -> bool:
    """The draft answers their latest message in its own terms (shares a content word with it)."""
    inbound = [t for t in ctx.conversation.inbound_messages if t.item.kind != "post"]
    if not inbound:
        return False
    return bool(content_words(ctx.doc) & read(inbound[-1].text).words)


def _answers_their_question(ctx: CheckContext) -> bool:
    """Their latest message asks something and the draft takes up the question's own words."""
    from tactful.checks.reading import draft_view
    from tactful.nlp.reading import questions

    inbound = [t for t in ctx.conversation.inbound_messages if t.item.kind != "post"]
    asked = questions(read(inbound[-1].text)) if inbound else []
    return bool(asked) and bool(draft_view(ctx).overlap(set().union(*(read(q).words for q in asked))))


# Sale signs besides a price (nlp.extract.MONEY_RE, PRICE_RE): percentages, pence, "for free", shortcodes, prizes.
_SALE_SIGNS = re.compile(
    r"\b\d{1,3} ?%|\b\d{1,3}p\b"
    r"|\b(?:for free|4 free|free (?:gift|tone|game|entry|ticket|spin|trial|sample|download|membership|month)s?)\b"
    r"|\b(?:txt|text|send|reply|sms)\b[^.!?\n]{0,30}\bto \d{4,6}\b|\b0[89]\d{8,10}\b"
    r"|\b(?:claim|prize|winner|voucher|reward|cash)\b",
    re.IGNORECASE,
)
_SHOUTED_FREE = re.compile(r"\bFREE\b")


def _offer(ctx: CheckContext) -> bool:
    """Something is being sold: a price, a percentage, a link or promotion vocabulary ("sale", "free trial")."""
    from tactful.nlp.extract import MONEY_RE, PRICE_RE
    from tactful.checks.reading import draft_view

    return bool(ctx.masks.urls or MONEY_RE.search(ctx.draft) or PRICE_RE.search(ctx.lower) or _SALE_SIGNS.search(ctx.draft)
                or _SHOUTED_FREE.search(ctx.draft) or draft_view(ctx).find(lx.PITCH))


_RELEASE_RE = re.compile(
    r"\b(?:please )?don'?t feel (?:you have to|obliged|any pressure|pressured)\b|\bno pressure\b|\b(?:totally|completely|absolutely) fine if not\b"
    r"|\bno worries if not\b|\bonly if you(?:'d| would)? (?:like|want)\b|\bif it'?s not (?:for you|the right time)\b"
    # the way out offered ("if you'd rather not hear from us about it, click here"; "no need to explain")
    r"|\bif you(?:'d| would) rather (?:not|skip)\b|\bno need to (?:explain|give a reason)\b",
    re.IGNORECASE,
)
ASKED_FOR_RE = re.compile(
    r"\bremind me\b|\blet me know (?:when|if|before)\b|\b(?:send|give) me (?:the|a|your)\b|\b(?:can|could) you send\b"
    r"|\bhow much\b|\b(?:a|your) (?:quote|price list|rate card)\b|\bbulk (?:order|price|pricing|rate)s?\b|\bwhat(?:'s| is| are) (?:the|your) (?:[\w-]+ ){0,3}?(?:price|prices|rates?|cost|fees?|deals?|offers?|discounts?|promos?|sale)\b|\bany (?:discounts?|deals?|offers?|codes?|sales?|promos?|promotions?|specials?)\b"
    r"|\b(?:a|the|your) (?:discount|reduction|promo code|discount code)\b"
    r"|\b(?:feel free to|do|please|happy for you to|you can) (?:send|share|forward|email)\b"
    # asking after an offer ("do you do anything for referrals?", "is there a student discount?")
    r"|\b(?:do|does|have|has|would) (?:you|they|u) (?:do|have|got|offer|give|run) (?:anything|something|any)\b[^?.!\n]{0,30}"
    r"\b(?:for|on) (?:referrals?|students?|seniors?|members?|groups?|families|returning|repeat|regulars?|loyal|bulk|nhs|military|veterans?|teachers?)\b"
    r"|\b(?:is|are) there (?:a|any) (?:discount|deal|offer|promo|referral|loyalty|cheaper|student|senior|group)\w{0,4}\b"
    # "is there any kind of discount if we come back?", "any chance of a deal?"
    r"|\b(?:is there|are there|any chance of|could (?:we|i) get|can (?:we|i) get) (?:a |an |any )?(?:kind of |sort of |type of )?(?:discount|deal|offer|promo|reduction|special rate|better (?:price|rate)|code|coupon|voucher)\w{0,3}\b"
    # asking when something closes or how long it lasts, and asking to be told when a place frees up
    r"|\bwhen (?:does|do|will|is) (?:the |it |they |enrol?ment |registration )?[^?.!\n]{0,30}\b(?:close|closes|end|ends|expire|expires|finish|due|open|opens|start|starts|deadline)\b"
    r"|\b(?:what(?:'s| is) the|is there a) (?:deadline|closing date|cut-?off|last day)\b|\bhow long (?:do i have|is (?:it|the \w{2,12}) (?:valid|open|on)|can you hold)\b"
    r"|\b(?:put|add|keep) (?:me|us|my name) on (?:the|your|a) (?:wait(?:ing)?|cancellation|standby|reserve) ?list\b"
    r"|\blet me know if (?:a|any|another) (?:slot|space|spot|place|appointment|table|seat|room)s? (?:opens?|comes? up|frees? up|becomes? available)\b",
    re.IGNORECASE,
)


def _releases_them(ctx: CheckContext) -> bool:
    """The draft says plainly they need not act ("please don't feel you have to", "totally fine if not")."""
    return bool(_RELEASE_RE.search(ctx.draft))


def _requested_by_them(ctx: CheckContext) -> bool:
    """They asked for this (a reminder, the price, the link) in a recent message, and the draft takes it up."""
    from tactful.checks.reading import draft_view

    for turn in ctx.conversation.inbound_messages[-3:]:
        if ASKED_FOR_RE.search(turn.text) and draft_view(ctx).overlap(read(turn.text).words):
            return True
    return False


def _refers_to_meeting(ctx: CheckContext) -> bool:
    """You met or spoke (a call or meeting in the history) and the draft says so."""

    from tactful.checks.reading import draft_view

    return bool(ctx.conversation.interactions) and bool(draft_view(ctx).find(lx.MOMENT_REFERENCE))


TIMESTAMP_RE = re.compile(r"(?:\b\d{1,2}:[0-5]\d\b|[?&#]t=\d)")


def _timestamp_reference(ctx: CheckContext) -> bool:
    """A comment pointing at a moment of the video ("2:19 best part"), not a link drop."""
    return bool(TIMESTAMP_RE.search(ctx.draft))


def _recipient_named(ctx: CheckContext) -> bool:
    """The draft uses the recipient's first name."""
    name = (ctx.request.recipient.name or "").split()
    return bool(name) and name[0].lower() in ctx.lower


FACTS: dict[str, Callable[[CheckContext], bool]] = {
    "link": _link,
    "call_to_action": _call_to_action,
    "question": _question,
    "history": _history,
    "inbound_message": _inbound_message,
    "recent_follow": _recent_follow,
    "self_promotion": _self_promotion,
    "pitch": _pitch,
    "personal_detail": _personal_detail,
    "recipient_named": _recipient_named,
    "replies_on_topic": _replies_on_topic,
    "answers_their_question": _answers_their_question,
    "refers_to_meeting": _refers_to_meeting,
    "offer": _offer,
    "releases_them": _releases_them,
    "requested_by_them": _requested_by_them,
    "timestamp_reference": _timestamp_reference,
}


# Evidence a rule may attach to its warnings (`evidence_from: <name>` in the YAML).
EVIDENCE: dict[str, Callable[[CheckContext], "str | None"]] = {
    "recent_follow": _recent_follow_evidence,
}


def fact(ctx: CheckContext, name: str) -> bool:
    cache = ctx.cache.setdefault("facts", {})
    if name not in cache:
        cache[name] = FACTS[name](ctx)
    return cache[name]
