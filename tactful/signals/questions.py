"""Signals about their question and whether the draft answers it (out_of_step.question-ignored).

This is the part of the question clash that needs code: which of their sentences
still wait for an answer, what a question is about when it says so plainly (a
price, a time, the thing in "do you do house calls?"), and whether the draft has
the shape of an answer to that kind of question (a yes or no, a time, a reason,
a description). The clash itself, and its excuses (an apology, a question back,
"let me check"), are composed in rules/out_of_step_clashes.yml.
"""
from __future__ import annotations

import re
from datetime import timedelta

from tactful.checks.reading import draft_view
from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.dates import times_in
from tactful.nlp.extract import PRICE_RE
from tactful.nlp.lexicons import normalise
from tactful.nlp.reading import question_kind, questions, read
from tactful.nlp.text import fold
from tactful.signals.registry import Signal, signal

# A question older than two weeks, or before the last two messages they sent since your last one, is no
# longer the one the draft replies to.
QUESTION_MAX_AGE = timedelta(days=14)
PENDING_MESSAGES = 2


def open_questions(ctx: CheckContext) -> list[tuple[Turn, str]]:
    """Their questions the draft replies to: in their messages since your last one (at most two, within two
    weeks, public posts aside), rhetorical ones aside; read once per request."""
    cache = ctx.cache.setdefault("them_words", {})
    if "open_questions" not in cache:
        convo = ctx.conversation
        turns = [t for t in convo.pending_inbound[-PENDING_MESSAGES:]
                 if convo.within(t, QUESTION_MAX_AGE) and t.item.kind != "post"]
        cache["open_questions"] = [(t, q) for t in turns for q in questions(read(t.text))
                                   if not lx.RHETORICAL_QUESTION.search(normalise(q))]
    return cache["open_questions"]


@signal("them.open_question")
def open_question(ctx: CheckContext) -> Signal:
    """Their messages since your last one (at most two, within two weeks, posts aside) ask something that waits
    for an answer: a question or a request, rhetorical ones ("do you even read these?", "seriously?") aside. The
    lexicon reading beside the learned `them.question`; evidence quotes their last such question."""
    asked = open_questions(ctx)
    if not asked:
        return Signal("them.open_question", False)
    turn, question = asked[-1]
    return Signal("them.open_question", True, evidence=ctx.conversation.describe(turn, quote=question))


@signal("draft.questions_left_unnamed", kind="number")
def questions_left_unnamed(ctx: CheckContext) -> Signal:
    """How many of their open questions (`them.open_question`) say plainly what they are about (a price, a time,
    the thing in "do you do house calls?", the point of "no food after midnight, right?") while the draft
    neither names it nor says yes or no."""
    unnamed = [q for _, q in open_questions(ctx) if _focus_missed(ctx, q)]
    return Signal("draft.questions_left_unnamed", len(unnamed),
                  evidence=f"nothing in the draft names what '{unnamed[-1]}' asks about" if unnamed else None)


@signal("draft.answers_their_question")
def answers_their_question(ctx: CheckContext) -> Signal:
    """The draft takes up their open question (`them.open_question`): it shares words with their message
    (names and places aside), or it has the shape of an answer to that kind of question (a yes or no, a time
    or a number for "when" and "how much", a reason for "why", a description for "tell me more", a link or
    "sent" for a request)."""
    asked = open_questions(ctx)
    if not asked:
        return Signal("draft.answers_their_question", False)
    their_words = set().union(*(read(t.text).words - _proper_nouns(t.text) for t, _ in asked))
    shared = draft_view(ctx).overlap(their_words)
    if shared:
        return Signal("draft.answers_their_question", True,
                      evidence=f"takes up {', '.join(sorted(shared)[:5])} from their message")
    answered = next((q for _, q in asked if _answered(ctx, q)), None)
    if answered is None:
        return Signal("draft.answers_their_question", False)
    return Signal("draft.answers_their_question", True, evidence=f"reads as an answer to '{answered}'")


# Asking to be told something ("can you confirm whether...", "let me know if..."): sending or booking is no answer.
_ASKS_TO_BE_TOLD = re.compile(r"\b(?:whether|if|tell me|let me know|confirm)\b")
# Asking you (or your team) to do something: "Can HR provide one by Friday?", "could we arrive Saturday instead?"
_ACTION_ASKED = re.compile(r"\b(?:can|could|would|will)\s+(?:you|we|i|hr|someone|somebody|the team|your team|they|u)\s+"
                           r"(?:please\s+|just\s+)*(?:send|provide|give|share|email|forward|do|make|move|change|switch|book|"
                           r"arrange|get|issue|write|sign|update|reschedule|arrive|come|pick up|drop off|swap|add|remove)\b")
_DONE_WORDS = re.compile(r"\b(?:i've|i have|we've|we have|it's|it has been|that's|is now|has been) (?:now |just |already )?"
                         r"(?:[a-z]+ed|sent|done|made|written|set up|sorted)\b")


@signal("draft.fulfils_request")
def fulfils_request(ctx: CheckContext) -> Signal:
    """One of their open questions asks you to do or send something ("Can HR provide a letter by Friday?",
    "could we arrive Saturday instead?") and the draft says it is done or on its way ("attached", "here's",
    "sent", "I've moved it"). A request for information ("can you confirm whether it needs relocating?") is not one:
    sending an invite does not answer it."""
    draft = draft_view(ctx)
    if not (draft.find(lx.FULFILLED) or _DONE_WORDS.search(draft.norm)):
        return Signal("draft.fulfils_request", False)
    for _, question in open_questions(ctx):
        asked = normalise(question)
        if (question_kind(question) == "request" or _ACTION_ASKED.search(asked)) and not _INFO_REQUEST.search(asked) \
                and not _ASKS_TO_BE_TOLD.search(asked):
            return Signal("draft.fulfils_request", True, evidence=f"does what '{question}' asks")
    return Signal("draft.fulfils_request", False)


@signal("draft.brush_off_words")
def brush_off_words(ctx: CheckContext) -> Signal:
    """The draft is a reply that would fit any message: a template or form reply ("thank you for contacting
    us"), a deflection ("check our FAQ"), cheer when it is upbeat or three words at most ("Great, talk soon!";
    "lol" in a real reply is not), a respectful sign-off in its first sentence, or nothing but pleasantries."""
    view = draft_view(ctx)
    celebrates = view.find(lx.CELEBRATE) if view.upbeat or len(view.words) <= 3 else None
    respects = view.find(lx.RESPECT)
    if respects and ctx.sentences and respects[0] >= ctx.sentences[0].end_char:
        respects = None  # "Of course! It's a charity that..." goes on to say something
    span = (view.template or view.find(lx.FORM_REPLY) or celebrates or view.find(lx.DEFLECT) or respects
            or ((0, len(ctx.draft)) if view.generic else None))
    if not span:
        return Signal("draft.brush_off_words", False)
    start, end = span
    return Signal("draft.brush_off_words", True, evidence=f"the draft says '{ctx.draft[start:end]}'", span=span)


@signal("draft.canned_words")
def canned_words(ctx: CheckContext) -> Signal:
    """The draft reads canned: template language, a stock-reply phrase ("within 5 working days", pleasantries
    aside) or a confirmation of the plan as it stands ("you're booked", "see you Thursday")."""
    view = draft_view(ctx)
    span = view.template or (view.stock_phrases[0] if view.stock_phrases else None) or view.find(lx.CONFIRM)
    if not span:
        return Signal("draft.canned_words", False)
    start, end = span
    return Signal("draft.canned_words", True, evidence=f"the draft says '{ctx.draft[start:end]}'", span=span)


_SORRY = re.compile(r"\bsorry\b|\bapologi")


@signal("draft.sorry_words")
def sorry_words(ctx: CheckContext) -> Signal:
    """The draft says sorry or apologises, in those words (broader than `draft.apology_words`, which also
    needs no shrug): to a question, any apology takes it up."""
    found = _SORRY.search(draft_view(ctx).norm)
    if not found:
        return Signal("draft.sorry_words", False)
    return Signal("draft.sorry_words", True, evidence=f"the draft says '{ctx.draft[found.start():found.end()]}'",
                  span=found.span())


@signal("draft.asks_back")
def asks_back(ctx: CheckContext) -> Signal:
    """A sentence of the draft asks them something and the draft has a question mark: a question back ("Which
    model is it?") takes theirs up, unless it sells."""
    span = draft_view(ctx).asks
    if not span or "?" not in ctx.draft:
        return Signal("draft.asks_back", False)
    return Signal("draft.asks_back", True, evidence=f"the draft asks '{ctx.draft[span[0]:span[1]]}'", span=span)


# ---- what a question is about, and what an answer to it looks like -----------------------------------

# What a question is about, when it says so plainly: the price, or the thing in "do you do house calls?".
_PRICE_ASKED = re.compile(r"\b(?:price|prices|pricing|cost|costs|rates?|fees?|quote)\b|\bhow much (?:is|are|does|do|would|will) (?:it|the|this|that|a|an|your)\b(?! (?:you|they|we|i)\b)")
_PRICE_GIVEN = re.compile(PRICE_RE.pattern + r"|\bfree\b|\bno charge\b"
                          r"|\b(?:price|prices|pricing|cost|costs|rates?|fees?|quot(?:e|ation)|charge)\b")
_THING_ASKED = re.compile(
    # at the start of the question or of a clause in it ("Two quick questions: is there step-free access?")
    r"(?:^|[:;,]|\band\b)\W{0,3}(?:(?:hi|hey|hello|also|and|so|quick question|sorry)\W{1,3}){0,2}"
    r"(?:do|does|can|could|will|would|is|are|should)(?: you| it| they| we| he| she| i| my [a-z-]{2,20}| the [a-z-]{2,20}(?: [a-z-]{2,20})?)?"
    r" (?:do|offer|have|sell|make|take|accept|provide|ship|deliver|cover|repair|support|allow|include|contain|come with|stock|carry|there)"
    r" (?:any |a |an |the |some )?((?:[a-z][a-z'-]{1,20} ?){1,3})")
_TAG_QUESTION = re.compile(r"\b(?:right|correct|yes|yeah|no)\W{0,3}$")
_DEALS = re.compile(r"\b(?:sales?|discounts?|offers?|deals?|promo\w{0,6}|codes?|cheaper|coupons?|specials?)\b")


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


_PROPER = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}")


def _proper_nouns(text: str) -> set[str]:
    """Capitalised words inside a sentence (names, places): sharing them does not show an answer. Weekdays and
    months are not names: "arrive Saturday instead?" answered with "moved to Saturday" takes it up."""
    return {fold(m.group().lower()) for m in _PROPER.finditer(text) if not _NOT_PROPER.match(m.group())}


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
