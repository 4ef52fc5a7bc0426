"""out_of_step checks about what they asked, gave or changed.

A question left unanswered, a detail asked for twice, a moved meeting confirmed
at the old time, "how did it go?" before it happened. See `history.py` for the
shared approach.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from tactful import lexicons as lx
from tactful.checks import register
from tactful.checks.extract import (
    ADDRESS_RE, EMAIL_RE, MONEY_RE, ORDER_NO_RE, dates_in, event_time, kind_of, names_in_message, phones, plan_values, times_in,
)
from tactful.checks.mood import own_posts
from tactful.checks.reading import (
    days, draft_view, evidence, hit, pending, question_kind, questions, read, recent, said,
)
from tactful.context import CheckContext, Hit
from tactful.conversation import Turn
from tactful.lexicons import lexicon, normalise
from tactful.text import fold

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
_PRICE_GIVEN = re.compile(r"[$£€¥₹]\s?\d|\d\s?(?:[$£€]|usd|eur|gbp|dollars|euros|pounds|quid|bucks)\b|\bfree\b|\bno charge\b"
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
    from tactful.text import fold

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
    r"\bhow many (?P<count>[a-z][a-z'-]{1,20}) (?=(?:do|did|will|are|were|have|would) you\b|(?:are|will be) (?:there|coming|joining)|\W{0,3}$)",
    r"\bany (?:update|news) on (?:the|your) ((?:[a-z][a-z'-]{1,20} ?){1,2})",
)]
_DETERMINERS = frozenset("the a an your my our their his her its this that these those some any of for to and or on in"
                         " how what when where which who why you".split())
_HAS_VALUE = re.compile(r"\d|https?://|www\.|\.(?:com|example|org|net|io)\b|@|\battach|\bhere(?:'s| is| are)\b|\benclosed\b|:\s\S")


@register("asked_for_given")
def asked_for_given(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft asks for an email, a number, a time or a document their recent messages already give."""
    turns = recent(ctx, params, limit=3, default_days=30)
    if not turns:
        return []
    draft = draft_view(ctx)
    for sentence in ctx.sentences:
        text = normalise(sentence.text)
        if "?" not in text and not re.search(r"\b(?:could|can|would|please|let me know)\b|\b(?:send|drop|share|give|text|tell|forward) (?:me|us)\b", text):
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
    filler = read(" ".join(params.get("object_filler", ()))).words
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


def _given(kind: str, text: str) -> Optional[str]:
    if kind == "email":
        match = EMAIL_RE.search(text)
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
    if kind == "address":
        match = ADDRESS_RE.search(text)
        return match.group() if match else None
    if kind == "budget":
        match = MONEY_RE.search(text)
        return match.group() if match else None
    if kind == "size":
        match = _SIZE_RE.search(text)
        return match.group() if match else None
    if kind == "order_number":
        match = ORDER_NO_RE.search(text)
        return match.group() if match else None
    return None


# ---- changed plan ----------------------------------------------------------------------

@register("changed_plan_ignored")
def changed_plan_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They moved, changed or cancelled something; the draft confirms the old plan."""
    draft = draft_view(ctx)
    as_planned = draft.find(lx.CONFIRM) or draft.find(lexicon(params["draft_after_event"], "draft_after_event"))
    if not as_planned or draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")):
        return []
    turns = recent(ctx, params, limit=2, default_days=30)
    # what they changed, or what you agreed to change ("Of course, let's move the deadline to 27 March")
    ours = [t for t in ctx.conversation.outbound_messages[-2:] if ctx.conversation.within(t, days(params.get("max_age_days", 30)))]
    changed = said(sorted(turns + ours, key=lambda t: t.index), lexicon(params["changed"], "changed"))
    other = _other_option(ctx)
    if other:
        return hit(other[0], other[1])
    turns = turns + own_posts(ctx, days=7)  # your own "regatta cancelled" post, then the scheduled "race day!" one
    if changed:
        stale = _stale_mention(ctx, params, changed.turn) or _old_address(ctx, changed.turn)
        if stale:
            return hit(stale, evidence(ctx, changed))
    cancelled = said(turns, lexicon(params["cancelled"], "cancelled"))
    if cancelled:
        about_it = draft.overlap(read(cancelled.quote).words) or {
            t for t, _, _ in plan_values(ctx.draft)} & {t for t, _, _ in plan_values(cancelled.quote)}
        replanning = questions(read(cancelled.turn.text))  # "can we rebook?": only a draft about the old one is wrong
        settled = _we_confirmed_cancellation(ctx, cancelled.turn)  # "I've cancelled the booking": nothing is planned now
        if about_it or settled or not replanning and cancelled.turn in ctx.conversation.pending_inbound:
            return hit(as_planned, evidence(ctx, cancelled))
    return []


_CLAUSE_END = re.compile(r"[.!?;,—–\n]")
_MARKERS = re.compile(
    r"\b(?P<instead_of>instead of|rather than)\b"
    r"|\bfrom\b(?=[^.!?;\n]{1,40}\bto\b)(?P<from_to>)"
    r"|(?P<not>\bnot|\bno longer)\b(?= (?:\d|the \d|" + lx.WEEKDAYS + r"|" + lx.MONTHS + r"))"
    r"|\b(?P<drop>skip|cancel|can't make|cannot make|won't make|won't be able to make|unable to make|not able to make)\b"
    r"|(?P<out>\b(?:is|are|'s) (?:out|off|no good|not good)\b|\b(?:doesn't|does not|won't|no longer) work\b)"
    r"|\b(?P<instead>instead)\b(?! of)"
    r"|\bi (?P<meant>meant|mean)\b"
    r"|\b(?P<move>push|move|moved|moving|shift|change|changed|bump|switch|reschedule|postpone|bring|reduced?|increased?|cut)\b"
    r"(?=[^.!?;\n]{0,50}\bto\b)"
)


def _stale_mention(ctx: CheckContext, params: Params, turn: Turn) -> Optional[tuple[int, int]]:
    """Where the draft names what they changed away from, without naming what they changed to."""
    filler = frozenset(params.get("thing_words", ()))
    old, new = _old_and_new(turn.text, filler)
    if not new:
        return None
    if not old:  # "move the launch to June 12": any other date is the old one
        old = _earlier_values(ctx, turn, {kind_of(t) for t in new}, filler)
    mentioned = plan_values(ctx.draft, filler)
    new_dates = {t for t in new if kind_of(t) == "date"}
    draft_dates = [(s, e) for t, s, e in mentioned if kind_of(t) == "date" and t not in new_dates]
    if new_dates and draft_dates and not any(t in new_dates for t, _, _ in mentioned):
        return draft_dates[0]  # "due this Friday, 13 March" after "let's move it to Friday 27 March"
    if any(token in new or token.startswith("day:next ") and "day:next week" in new for token, _, _ in mentioned):
        return None
    kinds = {kind_of(t) for t in new} & {"day", "clock", "date"}
    for token, start, end in mentioned:
        if token in old or (not old and kind_of(token) in kinds):
            return start, end
    return None


def _other_option(ctx: CheckContext) -> Optional[tuple[tuple[int, int], str]]:
    """You offered 'Wednesday 11th or Thursday 12th', they picked one, and the draft confirms the other."""
    convo = ctx.conversation
    replies = convo.pending_inbound
    offers = [t for t in convo.outbound_messages if replies and t.index < replies[0].index][-1:]
    if not offers or " or " not in normalise(offers[0].text):
        return None
    kinds = ("day", "date")
    offered = {t for t, _, _ in plan_values(offers[0].text) if kind_of(t) in kinds}
    if len(offered) < 2:
        return None
    picked = {tok for turn in replies for tok, _, _ in plan_values(turn.text) if tok in offered}
    if not picked or len(picked) == len(offered):
        return None
    mentioned = [(tok, s, e) for tok, s, e in plan_values(ctx.draft) if kind_of(tok) in kinds]
    if any(tok in picked for tok, _, _ in mentioned):
        return None
    wrong = next(((s, e) for tok, s, e in mentioned if tok in offered), None)
    if wrong is None:
        return None
    turn = replies[-1]
    return wrong, convo.describe(turn, quote=read(turn.text).sentence_around(0)) + "; the draft confirms the option they did not pick"


def _sentence_at(ctx: CheckContext, position: int) -> str:
    return next((s.text for s in ctx.sentences if s.start_char <= position < s.end_char), ctx.draft)


def _we_confirmed_cancellation(ctx: CheckContext, turn: Turn) -> bool:
    return any(t.index > turn.index and re.search(r"\bcancel(?:l?ed|lation)\b|\brefund(?:ed)?\b|\bcredit\b", normalise(t.text))
               for t in ctx.conversation.outbound_messages)


def _old_address(ctx: CheckContext, turn: Turn) -> Optional[tuple[int, int]]:
    """'New address is 12 Birch Road' and the draft sends it to 4 Elm Street."""
    given = {_address_key(m.group()) for m in ADDRESS_RE.finditer(turn.text)}
    if not given:
        return None
    for mention in ADDRESS_RE.finditer(ctx.draft):
        if _address_key(mention.group()) not in given:
            return mention.span()
    return None


def _address_key(address: str) -> str:
    """'12 Birch Road' and '12 birch rd' alike: the number and the street's first word."""
    parts = normalise(address).split()
    return " ".join(parts[:2])


def _old_and_new(text: str, filler: frozenset[str]) -> tuple[set[str], set[str]]:
    """The plan values a change message drops and the ones it asks for.

    'push Thursday's visit to 2pm instead of 10' -> old {clock:10:00}, new {clock:2:00};
    'we're 8 now, not 12' -> old {num:12}, new {num:8}; 'skip the beach ... studio instead?'
    -> old {w:beach}, new {w:studio}.
    """
    norm = normalise(text)
    tokens = plan_values(text, filler)
    old: set[str] = set()
    new: set[str] = set()
    for m in _MARKERS.finditer(norm):
        kind = m.lastgroup
        # "200 units, not 500": the comma before "not" does not end the clause
        cut = len(norm[:m.start()].rstrip(" ,")) if kind in ("instead_of", "not") else m.start()
        before = _clause(tokens, norm, cut, backwards=True)
        after = _clause(tokens, norm, m.end(), backwards=False)
        if kind in ("instead_of", "not"):
            old |= set(after[:3] if kind == "instead_of" else after[:1])
            new |= set(before[-3:])
        elif kind == "out":
            old |= set(before[-2:])
            new |= {t for t, s, _ in tokens if s >= m.end() and kind_of(t) in ("day", "clock", "date")}
        elif kind == "from_to":
            to = norm.find(" to ", m.end())
            old |= {t for t, s, _ in tokens if m.end() <= s < to}
            new |= set(_clause(tokens, norm, to + 4, backwards=False)[:3])
        elif kind == "drop":
            old |= set(after[:2])
        elif kind == "instead":
            new |= set(before[-3:])
        elif kind == "meant":  # "I said Tuesday but I meant Thursday the 14th"
            new |= set(after[:3])
        elif kind == "move":
            to = norm.find(" to ", m.end())
            new |= set(_clause(tokens, norm, to + 4, backwards=False)[:3])
    kinds = {kind_of(t) for t in old} or {kind_of(t) for t in new}
    new = {t for t in new if kind_of(t) in kinds} - old
    return old - new, new


def _clause(tokens, norm: str, position: int, backwards: bool) -> list[str]:
    """The plan tokens between `position` and the nearest clause boundary on one side."""
    if backwards:
        ends = [m.end() for m in _CLAUSE_END.finditer(norm, 0, position)]
        start = ends[-1] if ends else 0
        return [t for t, s, _ in tokens if start <= s < position]
    boundary = _CLAUSE_END.search(norm, position)
    end = boundary.start() if boundary else len(norm)
    return [t for t, s, _ in tokens if position <= s < end]


def _earlier_values(ctx: CheckContext, turn: Turn, kinds: set[str], filler: frozenset[str]) -> set[str]:
    """The plan as it stood before their change: days, times and dates in earlier messages."""
    earlier = [t for t in ctx.conversation.messages if t.index < turn.index][-3:]
    return {tok for t in earlier for tok, _, _ in plan_values(t.text, filler)
            if kind_of(tok) in kinds & {"day", "clock", "date"}}


# ---- asks too early ----------------------------------------------------------------------

@register("asks_too_early")
def asks_too_early(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft asks how something went that they said is still ahead (the interview is tomorrow)."""
    draft = draft_view(ctx)
    ask = draft.find(lexicon(params["draft_asks_outcome"], "draft_asks_outcome"))
    if not ask:
        return []
    convo = ctx.conversation
    for turn in reversed(convo.recent_inbound(within=days(params.get("max_age_days", 7)), limit=2)):
        if turn.item.at is None:
            continue
        starts = event_time(turn.text, turn.item.at)
        if starts and starts > convo.send_at:
            if draft.overlap(read(turn.text).words) or re.search(r"\bhow(?: did|'d) it go\b", draft.norm):
                return hit(ask, f"{convo.describe(turn)}; that is still ahead when this would be sent")
    return []


# ---- already solved -----------------------------------------------------------------------

@register("solved_problem_reopened")
def solved_problem_reopened(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said the problem sorted itself out; the draft starts troubleshooting it."""
    turns = recent(ctx, params, limit=2, default_days=7)
    solved = said(turns[-1:], lexicon(params["solved"], "solved"))
    if not solved:
        return []
    span = draft_view(ctx).find(lexicon(params["draft_troubleshoots"], "draft_troubleshoots"))
    return hit(span, evidence(ctx, solved)) if span else []


# ---- over their budget, a reminder for a date gone by ---------------------------------------

_CAP = re.compile(
    r"\b(?:budget|max|maximum|no more than|at most|cap(?:ped)? at)\b[^.!?\n]{0,30}?"
    r"([$£€]\s?\d[\d,]{0,9}(?:\.\d{2})?k?)"
    r"|([$£€]\s?\d[\d,]{0,9}(?:\.\d{2})?k?)\s?(?:max|maximum|tops|at most|or less|is our (?:limit|budget|max))\b",
    re.IGNORECASE,
)


def _amount(money: str) -> float:
    digits = re.sub(r"[^\d.k]", "", money.lower())
    thousands = digits.endswith("k")
    value = float(digits.rstrip("k") or 0)
    return value * 1000 if thousands else value


@register("budget_ignored")
def budget_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They gave a budget cap; the draft proposes several times that without a word about it."""
    draft = draft_view(ctx)
    if draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")) \
            or not draft.find(lexicon(params["draft_offers"], "draft_offers")):
        return []
    for turn in reversed(recent(ctx, params, limit=3, default_days=60)):
        cap = _CAP.search(turn.text)
        if not cap:
            continue
        limit = _amount(cap.group(1) or cap.group(2))
        over = [m for m in MONEY_RE.finditer(ctx.draft) if limit and _amount(m.group()) >= limit * float(params.get("times", 2))]
        if over:
            quote = read(turn.text).sentence_around(cap.start())
            return hit(over[0].span(), f"{ctx.conversation.describe(turn, quote=quote)}; the draft offers {over[0].group()}")
    return []


@register("reminder_for_past_date")
def reminder_for_past_date(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """A reminder or 'see you on' for a calendar date that has already gone by when it is sent."""
    draft = draft_view(ctx)
    if not draft.find(lexicon(params["draft_upcoming"], "draft_upcoming")) \
            or draft.find(lexicon(params["draft_looks_back"], "draft_looks_back")):
        return []
    sent = ctx.conversation.send_at
    for when in dates_in(draft.norm):
        if when.kind != "date" or when.value.startswith("??"):
            continue
        month, day = (int(x) for x in when.value.split("-"))
        try:
            date = sent.replace(month=month, day=day)
        except ValueError:
            continue
        days_ago = (sent.date() - date.date()).days
        if 1 <= days_ago <= int(params.get("max_days_ago", 60)):
            return hit((when.start, when.end), f"{ctx.draft[when.start:when.end]} is {days_ago} days before this would be sent")
    return []


@register("after_event_reminder")
def after_event_reminder(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They thanked you for the event (it happened); the draft still reminds them it is coming."""
    draft = draft_view(ctx)
    upcoming = draft.find(lexicon(params["draft_upcoming"], "draft_upcoming"))
    if not upcoming or draft.find(lexicon(params["draft_next_one"], "draft_next_one")):
        return []
    thanked = said(recent(ctx, params, limit=2, default_days=7), lexicon(params["thanks_for_it"], "thanks_for_it"))
    return hit(upcoming, evidence(ctx, thanked, "it has already happened")) if thanked else []


@register("availability_ignored")
def availability_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said when they can (only afternoons); the draft books them at a time outside it."""
    found = said(recent(ctx, params, limit=2, default_days=14), lexicon(params["only"], "only"))
    if not found or not draft_view(ctx).find(lx.CONFIRM):
        return []
    part = next(p for p in ("morning", "afternoon", "evening") if p in found.match)
    allowed = {"morning": range(6, 12), "afternoon": range(12, 18), "evening": range(17, 23)}[part]
    negated = bool(re.search(r"\b(?:no|not|can't|cannot|never)\b", found.match))
    for when in times_in(ctx.draft):
        if when.kind != "clock":
            continue
        hour = int(when.value.split(":")[0])
        after_noon = re.match(r"\d{1,2}(?::\d{2})? ?(?:pm|p\.m\.)", ctx.draft[when.start:when.end].lower())
        hour = hour % 12 + 12 if after_noon else hour
        if (hour in allowed) == negated:
            return hit((when.start, when.end), evidence(ctx, found))
    return []


# ---- what was agreed --------------------------------------------------------------------------

@register("agreement_contradicted")
def agreement_contradicted(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """You agreed a price, a discount or a waived fee; the invoice or order in the draft says otherwise."""
    draft = draft_view(ctx)
    if not draft.find(lexicon(params["draft_bills"], "draft_bills")):
        return []
    convo = ctx.conversation
    agreed_words = lexicon(params["agreed"], "agreed")
    waived_words = lexicon(params["waived"], "waived")
    turns = [t for t in convo.turns if t.text and convo.within(t, days(params.get("max_age_days", 90)))]
    for turn in reversed(turns):
        reading = read(turn.text)
        for sentence in reading.sentence_texts():
            norm = normalise(sentence)
            if not agreed_words.search(norm):
                continue
            waived = waived_words.search(norm)
            if waived:  # "no young driver surcharge": the draft charges it anyway
                fee = read(waived.group(1)).words
                charged = next((m for m in re.finditer(r"\b(?:incl(?:uding|\.)?|plus|\+)\s[^.,;\n]{0,40}", draft.norm)
                                if fee and fee <= read(m.group()).words), None)
                if charged:
                    return hit(charged.span(), convo.describe(turn, quote=sentence))
            amounts = {_amount(m.group()) for m in MONEY_RE.finditer(sentence)}
            if "%" in sentence and re.search(r"\blist price\b", draft.norm):
                return hit(re.search(r"\blist price\b", draft.norm).span(), convo.describe(turn, quote=sentence))
            # amounts stated, not asked about ("one dollar each, to make a total of $1?")
            billed = [m for m in MONEY_RE.finditer(ctx.draft) if "?" not in _sentence_at(ctx, m.start())]
            if amounts and billed and not any(_amount(m.group()) in amounts for m in billed):
                return hit(billed[0].span(), f"{convo.describe(turn, quote=sentence)}; the draft says {billed[0].group()}")
    return []
