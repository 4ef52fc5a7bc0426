"""out_of_step checks about what they asked or told you.

A question left unanswered, a detail asked for twice, troubleshooting a problem
they said is solved. Plans, dates and agreed terms are in `plans.py`. See
`history.py` for the shared approach.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, pending, recent, said
from tactful.context import CheckContext, Hit
from tactful.conversation import Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.dates import dates_in, times_in
from tactful.nlp.extract import ADDRESS_RE, EMAIL_RE, MONEY_RE, ORDER_NO_RE, PRICE_RE, names_in_message, phones
from tactful.nlp.lexicons import lexicon, normalise
from tactful.nlp.reading import question_kind, questions, read
from tactful.nlp.text import fold

Params = dict[str, Any]


# ---- question ignored -------------------------------------------------------------

@register("question_ignored")
def question_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """Their last message asks something; the draft is a pitch or a stock reply that takes none of it up."""
    rhetorical = lexicon(params["rhetorical"], "rhetorical")
    turns = [t for t in pending(ctx, params, limit=2, default_days=14) if t.item.kind != "post"]
    asked = [(t, q) for t in turns for q in questions(read(t.text)) if not rhetorical.search(normalise(q))]
    if not asked:
        return []
    draft = draft_view(ctx)
    # "lol" or "!!" inside a real reply is not a stock reply; "Of course! It's a charity that..." is not a brush-off
    celebrates = draft.find(lx.CELEBRATE) if draft.upbeat or len(draft.words) <= 3 else None
    respects = draft.find(lx.RESPECT)
    if respects and ctx.sentences and respects[0] >= ctx.sentences[0].end_char:
        respects = None
    stock = (draft.template or draft.find(lx.FORM_REPLY) or celebrates or draft.find(lx.DEFLECT) or respects
             or ((0, len(ctx.draft)) if draft.generic else None))
    # A stock reply or a booking confirmation that never names what the question was about
    canned = draft.template or draft.stock_phrases or draft.find(lx.CONFIRM)
    unnamed = sum(1 for _, q in asked if _focus_missed(ctx, q))
    # ...or two of their questions left unnamed, whatever the draft is
    missed = unnamed >= 2 or bool(canned) and not draft.pitch and unnamed > 0
    shape = draft.pitch or stock or (draft.find(lx.CONFIRM) if missed else None)
    if not shape or re.search(r"\bsorry\b|\bapologi", draft.norm) or (draft.asks and not draft.pitch and "?" in ctx.draft):
        return []  # a substantive reply, an apology or a clarifying question: it takes the question up
    if draft.find(lx.DEFER):
        return []
    if not missed:
        their_words = set().union(*(read(t.text).words - _proper_nouns(t.text) for t, _ in asked))
        if draft.overlap(their_words) or any(_answered(ctx, q) for _, q in asked):
            return []
    turn, question = asked[-1]
    return hit(draft.pitch, ctx.conversation.describe(turn, quote=question))


# What a question is about, when it says so plainly: the price, or the thing in "do you do house calls?".
_PRICE_ASKED = re.compile(r"\b(?:price|prices|pricing|cost|costs|rates?|fees?|quote)\b|\bhow much (?:is|are|does|do|would|will) (?:it|the|this|that|a|an|your)\b(?! (?:you|they|we|i)\b)")
_PRICE_GIVEN = re.compile(PRICE_RE.pattern + r"|\bfree\b|\bno charge\b"
                          r"|\b(?:price|prices|pricing|cost|costs|rates?|fees?|quot(?:e|ation)|charge)\b")
_THING_ASKED = re.compile(
    r"^\W{0,3}(?:(?:hi|hey|hello|also|and|so|quick question|sorry)\W{1,3}){0,2}"
    r"(?:do|does|can|could|will|would|is|are|should)(?: you| it| they| we| he| she| i| my [a-z-]{2,20}| the [a-z-]{2,20}(?: [a-z-]{2,20})?)?"
    r" (?:do|offer|have|sell|make|take|accept|provide|ship|deliver|cover|repair|support|allow|include|contain|come with|stock|carry|there)"
    r" (?:any |a |an |the |some )?((?:[a-z][a-z'-]{1,20} ?){1,3})")


_TAG_QUESTION = re.compile(r"\b(?:right|correct|yes|yeah|no)\W{0,3}$")


def _focus_missed(ctx: CheckContext, question: str) -> bool:
    """The question names what it is about (a price, a thing), and the draft neither names it nor says yes or no."""
    draft = draft_view(ctx)
    asked = normalise(question)
    if question_kind(question) == "request":
        return False  # "could you send a quote?" is answered by sending it
    if _DEALS.search(asked) and draft.promo:
        return False  # "any sales coming up?" answered with the sale
    if _PRICE_ASKED.search(asked):
        return not _PRICE_GIVEN.search(draft.norm)
    if re.search(r"\bwhat time\b", asked):
        return not (re.search(r"\d", ctx.draft) or any(w.kind == "clock" for w in times_in(ctx.draft)))
    thing = _THING_ASKED.search(asked)
    if thing:
        focus = read(thing.group(1)).words
    elif _TAG_QUESTION.search(asked):  # "and no food after midnight, right?": the whole sentence is the point
        focus = read(question).words
    else:
        return False
    return bool(focus) and not draft.overlap(focus) and not draft.find(lx.YES_NO)


def _proper_nouns(text: str) -> set[str]:
    """Capitalised words inside a sentence (names, places): sharing them does not show an answer."""
    from tactful.nlp.text import fold

    return {fold(m.group().lower()) for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{2,}", text)}


_DEALS = re.compile(r"\b(?:sales?|discounts?|offers?|deals?|promo\w{0,6}|codes?|cheaper|coupons?|specials?)\b")
_PROPER = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}")
_NOT_PROPER = re.compile(r"^(?:" + lx.WEEKDAYS + r"|" + lx.MONTHS + r")$", re.IGNORECASE)
_WHEN_HOW_MUCH = re.compile(r"^\W{0,3}(?:\w+\W{1,3}){0,4}?(?:when|what time|what date|which date|which day|how (?:much|many|long|late|early|soon|far|old|often))\b")
_WHY = re.compile(r"^\W{0,3}(?:\w+\W{1,3}){0,2}?why\b")
_BECAUSE = re.compile(r"\b(?:because|due to|since|as a result|the reason|that's why|it was|it's because|caused by)\b")


# "How about $1?", "Will that be ok?", "What do you think?": taking it up with "That works!" answers it.
_PROPOSAL = re.compile(r"\b(?:how|what) about (?:[$£€.]?\d|a |an |half|i |we |you |me |this\b|that\b)|\b(?:would|will|is|does|can) (?:that|this|it) (?:be |sound |work)|\bwhat do you think\b|\bhow do you feel about\b|\b(?:your|any) (?:thoughts|opinion)\b|\bare you (?:ok|okay|good|fine|happy) with\b")
_INFO_REQUEST = re.compile(r"\b(?:tell|explain|describe|give) (?:me |us )?(?:a (?:bit|little) |some )?(?:more|about|examples?|specifics|details)\b|\bknow more\b|\bmore (?:info|information|details|about)\b"
                           r"|\bknow (?:much|anything) about\b|^\W{0,3}(?:\w+\W{1,3}){0,3}?what about (?:in|the|for|with|others)\b")
_WHEN_WORDS = re.compile(r"\b(?:weekend|tonight|tomorrow|next (?:week|month|year)|this (?:week|month|year|morning|afternoon|evening)|in (?:a|an|two|three|\d{1,2}) (?:days?|weeks?|months?|hours?)|" + lx.WEEKDAYS + r"|" + lx.MONTHS + r")\b")
_STARTS_ANSWER = re.compile(r"\W{0,3}(?:(?:lol|haha|oh|well|hmm|ah|so|ok|okay|yes|no|sure|yeah|yep|nope|of course)\W{1,3}){0,2}(?:i|we|it|they|yes|no|ok|okay|sure|yeah|yep|nope)\b")


def _answered(ctx: CheckContext, question: str) -> bool:
    """Does the draft look like an answer to this kind of question?"""
    draft = draft_view(ctx)
    kind = question_kind(question)
    asked = normalise(question)
    if kind == "request" and not _INFO_REQUEST.search(asked):
        return bool(draft.find(lx.FULFILLED) or ctx.masks.urls)
    if _INFO_REQUEST.search(asked) and any("?" not in s.text and sum(t.is_alpha for t in s) >= 8 for s in ctx.sentences):
        return True  # "tell me more": a sentence that describes something tells them more
    if _PROPOSAL.search(asked) and (draft.find(lx.YES_NO) or draft.upbeat):
        return True
    if _WHEN_HOW_MUCH.search(asked) and (re.search(r"\d", ctx.draft) or times_in(ctx.draft) or _WHEN_WORDS.search(draft.norm)):
        return True
    if kind == "yesno":
        return bool(draft.find(lx.YES_NO) or (_DEALS.search(normalise(question)) and draft.promo)
                    or _STARTS_ANSWER.match(draft.norm))
    if _WHY.search(asked):
        return bool(_BECAUSE.search(draft.norm))
    if _WHEN_HOW_MUCH.search(asked):
        return False
    greeting_end = len(" ".join(ctx.draft.split()[:2]))
    proper = [m for m in _PROPER.finditer(ctx.draft) if m.start() > greeting_end and not _NOT_PROPER.match(m.group())]
    return bool(re.search(r"\d", ctx.draft) or ctx.masks.urls or proper
                or _STARTS_ANSWER.match(draft.norm))


# ---- asked for what they gave ---------------------------------------------------------

_ASK_OBJECT = [re.compile(p) for p in (
    r"(?:^\W{0,3}|\b(?:you|please|pls|kindly|mind|able to)\s(?:\w{1,10}\s){0,1})"
    r"(?:send|share|provide|forward|pass on|upload|attach|drop|tell|remind)(?: (?:me|us|over|across|through|along)){0,2}"
    r" (?:your|the|a|an|any|some|a few|those|that|these) ((?:[a-z][a-z'-]{1,20} ?){1,3})",
    r"\bwhat(?:'s| is| are| was) (?:the|your) ((?:[a-z][a-z'-]{1,20} ?){1,3})",
    r"\b(?:do|did) you have (?:a|an|any|some|the|your) ((?:[a-z][a-z'-]{1,20} ?){1,3})",
    r"\bhow many (?P<count>[a-z][a-z'-]{1,20}) (?=(?:do|did|will|are|were|have|would) you\b|(?:are|will be) (?:there|coming|joining|on|in)\b|\W{0,3}$)",
    r"\bany (?:update|news) on (?:the|your) ((?:[a-z][a-z'-]{1,20} ?){1,2})",
)]
_DETERMINERS = frozenset("the a an your my our their his her its this that these those some any of for to and or on in"
                         " how what when where which who why you".split())
_HAS_VALUE = re.compile(r"\d|https?://|www\.|\.(?:com|example|org|net|io)\b|@|\battach|\bhere(?:'s| is| are)\b|\benclosed\b|:\s\S")


class AskedForGivenParams(CheckParams):
    max_age_days: float = 30
    asking: LexiconParam               # a sentence without "?" that still asks ("could you", "send me")
    asks: dict[str, LexiconParam]      # kind of detail -> how a draft asks for it
    labels: dict[str, str] = {}        # kind of detail -> how the evidence names it
    asks_for_more: LexiconParam        # "another", "a different one": asking again is fine
    object_filler: list[str] = []      # words that do not name the thing asked for


@register("asked_for_given", params=AskedForGivenParams, needs_history=True)
def asked_for_given(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft asks for an email, a number, a time or a document their recent messages already give."""
    turns = recent(ctx, params, limit=3, default_days=30)
    if not turns:
        return []
    for sentence in ctx.sentences:
        text = normalise(sentence.text)
        if "?" not in text and not params.asking.search(text):
            continue
        found = _kind_given(ctx, params, text, turns) or _object_given(ctx, params, text, turns)
        if found:
            turn, quote, given = found
            return hit((sentence.start_char, sentence.end_char),
                       f"{ctx.conversation.describe(turn, quote=quote)}; they already gave {given}")
    return []


def _kind_given(ctx, params, asking: str, turns: list[Turn]) -> Optional[tuple[Turn, str, str]]:
    """An email, phone number, day, time, name, address or reference asked for and already given."""
    for kind, patterns in params["asks"].items():
        if not lexicon(patterns, f"asks.{kind}").search(asking):
            continue
        for turn in reversed(turns):
            given = _given(kind, turn.text)
            if given and normalise(given) not in draft_view(ctx).norm:
                quote = read(turn.text).sentence_around(turn.text.find(given))
                return turn, quote, f"{params['labels'].get(kind, kind)} '{given}'"
    return None


def _object_given(ctx, params, asking: str, turns: list[Turn]) -> Optional[tuple[Turn, str, str]]:
    """'Could you send your logo files?' when their message says 'Attaching our logo files'."""
    filler = read(" ".join(params.object_filler)).words
    for regex in _ASK_OBJECT:
        match = regex.search(asking)
        if not match:
            continue
        phrase = match.group(1)
        wanted = {fold(w) for w in re.findall(r"[a-z][a-z'-]{1,20}", phrase) if w not in _DETERMINERS} - filler
        if not wanted or lexicon(params["asks_for_more"], "asks_for_more").search(asking[match.start():]):
            continue
        counted = re.compile(r"\d[\d,]{0,8} (?:[a-z-]{2,15} )?" + re.escape(phrase.strip()[:4])) if "count" in regex.groupindex else None
        for turn in reversed(turns):
            reading = read(turn.text)
            for sentence in reading.sentence_texts():
                norm = normalise(sentence)
                words = {fold(w) for w in re.findall(r"[a-z][a-z'-]{1,20}", norm)}
                if "?" in sentence or not wanted <= words:
                    continue  # asking the same thing back is not giving it
                has_value = counted.search(norm) if counted else _value_near(norm, wanted)
                if has_value:
                    return turn, sentence, f"the {phrase.strip()}"
    return None


def _value_near(norm: str, wanted: set[str]) -> bool:
    """A value next to what is asked for ("the deadline is 14 May", "attaching our logo"), not anywhere in the sentence."""
    places = [m.start() for m in re.finditer(r"[a-z][a-z'-]{1,20}", norm) if fold(m.group()) in wanted]
    return bool(_HAS_VALUE.search(norm[max(0, min(places) - 30):max(places) + 40]))


_SIZE_RE = re.compile(r"\b(?:(?:uk|us|eu) ?(?:size )?\d{1,2}(?:\.5)?|size \d{1,2}(?:\.5)?|(?:xx?s|xx?l|small|medium|large) (?:size|fit))\b", re.IGNORECASE)


# Kinds of detail that one pattern finds in their message.
_GIVEN_BY_PATTERN = {"email": EMAIL_RE, "address": ADDRESS_RE, "budget": MONEY_RE, "size": _SIZE_RE,
                     "order_number": ORDER_NO_RE}


def _given(kind: str, text: str) -> Optional[str]:
    if kind in _GIVEN_BY_PATTERN:
        match = _GIVEN_BY_PATTERN[kind].search(text)
        return match.group() if match else None
    if kind == "phone":
        found = phones(text)
        return found[0] if found else None
    if kind in ("day", "clock"):
        norm = normalise(text)
        mentions = [w for w in times_in(text) if w.kind == kind and w.value not in ("today", "tonight")]
        if kind == "day":
            mentions += [w for w in dates_in(norm) if w.kind == "date"]
        return text[mentions[0].start:mentions[0].end] if mentions else None
    if kind == "name":
        names = names_in_message(text)
        return names[0] if names else None
    return None


# ---- already solved -----------------------------------------------------------------------

class SolvedProblemParams(CheckParams):
    max_age_days: float = 7
    solved: LexiconParam               # "never mind, it works now"
    draft_troubleshoots: LexiconParam  # "have you tried restarting"


@register("solved_problem_reopened", params=SolvedProblemParams, needs_history=True)
def solved_problem_reopened(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said the problem sorted itself out; the draft starts troubleshooting it."""
    turns = recent(ctx, params, limit=2, default_days=7)
    solved = said(turns[-1:], lexicon(params["solved"], "solved"))
    if not solved:
        return []
    span = draft_view(ctx).find(lexicon(params["draft_troubleshoots"], "draft_troubleshoots"))
    return hit(span, evidence(ctx, solved)) if span else []
