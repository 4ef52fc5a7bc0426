"""Signals about the draft: what it does (learned acts and pressure tactics) and what it contains.

Learned acts (`draft.pitch`, `draft.cheer`, ...) are probabilities from the act
head (`signals/model.py`), holding at the threshold picked in training. The
yes/no signals below them are exact readings of the text (a link, a question
mark, a named sales opener) that rules have long used to scope themselves.
"""
from __future__ import annotations

import re
from datetime import timedelta

from tactful import facts
from tactful.checks.reading import draft_view
from tactful.nlp import lexicons as lx
from tactful.context import CheckContext
from tactful.nlp.dates import deferred_until
from tactful.nlp.extract import PRICE_RE, departed_names
from tactful.nlp.reading import asks, content_words, questions, read, similarity, word_set
from tactful.nlp.text import QUOTED_SPAN_RE, URL_RE, Span, fold
from tactful.signals.history import human_moment
from tactful.signals.learned import act_signal, act_text
from tactful.signals.registry import Signal, get, signal
from tactful.signals.them import (
    their_bad_news, their_decision, their_no, their_replies, their_wait, tragedy_terms, warm_turns,
)

# ---- learned acts: (signal name, head label, documentation) ------------------------------------
ACTS = (
    ("draft.pitch", "pitch", "Promotes or sells: a product, an offer, a sale, an upgrade, a demo or booking, a link to buy."),
    ("draft.cheer", "cheer", "Celebrates or hypes: congratulations, exclamations of joy, party emojis."),
    ("draft.generic_thanks", "generic_thanks", "A form thank-you or acknowledgement that could go to anyone."),
    ("draft.apology_form", "apology_form", "A stock apology or complaint-handling form ('sorry for any inconvenience, DM us')."),
    ("draft.condolence", "condolence", "Sympathy for a loss or a hard time."),
    ("draft.chase", "chase", "A nudge on an unanswered message ('just bumping this', 'did you see my email?')."),
    ("draft.proceeding", "proceeding", "Moves a deal or task forward: confirms, schedules, sends a contract or an invoice."),
    ("draft.correction", "correction", "Corrects their spelling, grammar or facts, or lectures them."),
    ("draft.introduction", "introduction", "Introduces the sender or the company ('I'm X from Y, we help...')."),
    ("draft.specific_answer", "specific_answer", "Answers a specific question with specific information."),
    ("draft.stop_ack", "stop_ack", "Acknowledges a stop or a no and confirms there will be no more contact."),
    ("draft.notice", "notice", "Informs them about their own account, order, booking, bill, case or service: a receipt, a "
                               "reminder of what was booked, a status update, a price change, an outage or a closure."),
    ("draft.pressure.deadline", "deadline", "A deadline or ultimatum ('expires tonight', 'last chance')."),
    ("draft.pressure.scarcity", "scarcity", "Scarcity ('only 3 left', 'spots are filling')."),
    ("draft.pressure.guilt", "guilt", "Guilt or shame ('I've emailed four times...', 'don't you care about...')."),
    ("draft.pressure.loss_framing", "loss_framing", "Loss framing ('you're losing $X a day', 'your data will be deleted')."),
    ("draft.pressure.fake_urgency", "fake_urgency", "Urgency without a reason ('ACT NOW', countdowns)."),
)


def _lexicon_backstop(*lexicons, affirmed: bool = False):
    def find(ctx: CheckContext):
        from tactful.checks.reading import draft_view

        view = draft_view(ctx)
        spans = [(view.find_affirmed(lex) if affirmed else view.find(lex)) for lex in lexicons]
        spans = [span for span in spans if span]
        return min(spans) if spans else None

    return find


# High-precision lexicons that name an act outright (tactful/nlp/lexicons.py): a floor under the learned head.
BACKSTOPS = {
    "chase": _lexicon_backstop(lx.NUDGE, affirmed=True),
    "pitch": _lexicon_backstop(lx.HARD_PITCH, lx.MEETING_ASK),
    "introduction": _lexicon_backstop(lx.COLD_INTRO),
}


def _register_act(name: str, label: str, doc: str) -> None:
    def compute(ctx: CheckContext) -> Signal:
        return act_signal(ctx, name, label, BACKSTOPS.get(label))

    compute.__doc__ = doc
    signal(name, kind="probability")(compute)


for _name, _label, _doc in ACTS:
    _register_act(_name, _label, _doc)


# ---- exact readings of the draft ------------------------------------------------------------------
# (name, fact in tactful/facts.py): the fact's docstring documents the signal.
READINGS = (
    ("draft.link", "link"),
    ("draft.call_to_action", "call_to_action"),
    ("draft.asks_question", "question"),
    ("draft.self_promotion", "self_promotion"),
    ("draft.sales_opener", "pitch"),
    ("draft.personal_detail", "personal_detail"),
    ("draft.names_recipient", "recipient_named"),
    ("draft.on_topic", "replies_on_topic"),
    ("draft.answers_question", "answers_their_question"),
    ("draft.refers_to_meeting", "refers_to_meeting"),
    ("draft.offer", "offer"),
    ("draft.releases_them", "releases_them"),
    ("draft.timestamp_reference", "timestamp_reference"),
)


def _register_reading(name: str, fact_name: str) -> None:
    function = facts.FACTS[fact_name]

    def compute(ctx: CheckContext) -> bool:
        return facts.fact(ctx, fact_name)

    compute.__doc__ = function.__doc__ or f"The draft has a {fact_name.replace('_', ' ')}."
    signal(name)(compute)


for _name, _fact in READINGS:
    _register_reading(_name, _fact)


@signal("draft.shared_words", kind="number")
def shared_words(ctx: CheckContext) -> Signal:
    """How many content words the draft shares with their latest message (long words match on their first five letters)."""
    from tactful.checks.reading import draft_view

    turn = ctx.conversation.last_inbound
    if turn is None:
        return Signal("draft.shared_words", 0)
    shared = draft_view(ctx).overlap(read(turn.text).words)
    return Signal("draft.shared_words", len(shared),
                  evidence=f"takes up {', '.join(sorted(shared)[:5])}" if shared else None)


_DIRECT_ANSWER = re.compile(
    r"^\W{0,3}(?:(?:ha+|haha|oh|ah|hi|hey|hello|thanks|thank you)(?: [A-Z][\w'-]{1,20})?[,!.]{1,3}\s{1,3}){0,2}"
    r"(?:i'm|i am) (?:good|fine|great|well|doing)|"
    r"^\W{0,3}(?:(?:ha+|haha|oh|ah|hi|hey|hello|thanks|thank you)(?: [A-Z][\w'-]{1,20})?[,!.]{1,3}\s{1,3}){0,2}(?:yes|yep|yeah|yup|sure|no|nope|of course|absolutely|definitely|certainly|correct|unfortunately|"
    r"sadly|afraid not|not yet|it does|it is|we do|we don't|we can|we can't|i can|i can't|i do|i don't|you can|"
    r"you can't|it's|that's right|good question|i think so|i believe so|i guess so|probably|not sure|i'm not sure|"
    # agreeing to what they proposed answers "is that okay with you?"
    r"ok|okay|that works|that's fine|(?:that )?sounds (?:good|great|fine|like a (?:deal|plan))|deal|agreed|i agree|i accept|"
    r"fine by me|(?:i'm|i am) (?:ok|okay|fine) with|"
    # a plain first-person answer to "have you ever...?", "do you...?", "any questions?"
    r"i (?:have|haven't|have not|did|didn't|did not|was|wasn't|would|wouldn't|will|won't)|none|not really|never)\b",
    re.IGNORECASE)


@signal("draft.subscribed")
def subscribed(ctx: CheckContext) -> Signal:
    """An email that says the reader subscribed to it or holds an account with the sender, read on the whole
    email, footer included: it names the address it was sent to as their subscription ('you are subscribed
    as ...', 'this email was sent to ...'), says what they did ('because you subscribed to this newsletter')
    or offers their own settings ('manage my subscriptions'); and it makes no bulk-mail removal plea ('reply
    REMOVE', 'this is not spam', 'your address was obtained from a list'). Only emails."""
    from tactful.nlp.mail import looks_like_email, mail_frame

    if not looks_like_email(ctx.draft, ctx.request.channel) and ctx.given_draft is None:
        return Signal("draft.subscribed", False)
    text = ctx.given_draft or ctx.draft
    frame = mail_frame(text)
    if not frame.subscribed:
        return Signal("draft.subscribed", False)
    start, end = frame.subscriber_cue
    return Signal("draft.subscribed", True, evidence=f"'{text[start:end]}'", span=(start, end))


@signal("draft.direct_answer")
def direct_answer(ctx: CheckContext) -> bool:
    """The draft opens as an answer does ("Yes,", "Sure!", "Unfortunately not", "We do:")."""
    return bool(_DIRECT_ANSWER.search(ctx.draft.lstrip()))


PRESSURE = tuple(name for name, _, _ in ACTS if name.startswith("draft.pressure."))


# Tactics that push by themselves. A date alone is as often a fact the reader needs ("the sale ends Sunday",
# "orders close on the 23rd") as an ultimatum: the deadline head reads both alike, so it counts as pushing
# only beside another tactic (the named deadline rules catch "last chance, ends tonight" by its words).
PUSHING = tuple(name for name in PRESSURE if name != "draft.pressure.deadline")


def _holding(ctx: CheckContext, name: str, names: tuple[str, ...]) -> Signal:
    holding = sorted((s for s in (get(ctx, n) for n in names) if s.holds), key=lambda s: -float(s.value))
    if not holding:
        return Signal(name, False)
    return Signal(name, True, evidence=holding[0].evidence, span=holding[0].span)


def _readings(ctx: CheckContext, names: tuple[str, ...]) -> list[tuple[float, Signal]]:
    """(probability, signal) of each named learned reading that has a value (none without a signal model)."""
    return [(float(s.value), s) for s in (get(ctx, n) for n in names) if s.value is not None]


def _strongest(ctx: CheckContext, name: str, names: tuple[str, ...]) -> Signal:
    values = _readings(ctx, names)
    if not values:
        return Signal(name, 0.0)
    value, strongest = max(values, key=lambda pair: pair[0])
    return Signal(name, round(value, 3), evidence=strongest.evidence, span=strongest.span)


@signal("draft.pressure")
def pressure(ctx: CheckContext) -> Signal:
    """Any pressure tactic holds (deadline, scarcity, guilt, loss framing, fake urgency); evidence names the strongest."""
    return _holding(ctx, "draft.pressure", PRESSURE)


@signal("draft.pressure_max", kind="number")
def pressure_max(ctx: CheckContext) -> Signal:
    """The highest probability among the pressure tactics (0 without a signal model)."""
    return _strongest(ctx, "draft.pressure_max", PRESSURE)


# Tactics no question of theirs makes into information. "3 places left" answers "any places left?" and "the
# price holds until Friday" answers "how long is the quote good for?"; guilt, a threatened loss and urgency
# without a reason answer nothing, so a price they asked for does not license them.
UNASKED = ("draft.pressure.guilt", "draft.pressure.loss_framing", "draft.pressure.fake_urgency")


def _total(ctx: CheckContext, name: str, names: tuple[str, ...]) -> Signal:
    values = _readings(ctx, names)
    if not values:
        return Signal(name, 0.0)
    parts = [f"{s.name.rsplit('.', 1)[1].replace('_', ' ')} {v:.2f}" for v, s in sorted(values, key=lambda p: -p[0]) if v >= 0.2]
    strongest = max(values, key=lambda pair: pair[0])[1]
    return Signal(name, round(sum(v for v, _ in values), 3), span=strongest.span,
                  evidence=f"the draft stacks pressure ({', '.join(parts)})" if parts else None)


@signal("draft.word_count", kind="number")
def word_count(ctx: CheckContext) -> Signal:
    """How many words the draft has (as judged: an email's own words): a bar for readings that a two-word reply
    ("now???") can trip."""
    from tactful.metrics import word_count as count

    return Signal("draft.word_count", count(ctx))


@signal("draft.pressure_total", kind="number")
def pressure_total(ctx: CheckContext) -> Signal:
    """The five pressure tactics' probabilities added up: several tactics at once (a deadline, scarcity and a
    threatened loss) add up where one alone may be a fact (0 without a signal model)."""
    return _total(ctx, "draft.pressure_total", PRESSURE)


@signal("draft.unasked_push_total", kind="number")
def unasked_push_total(ctx: CheckContext) -> Signal:
    """Guilt, loss framing and fake urgency added up: the tactics no question of theirs asks for, so a
    conversation they started does not excuse them (0 without a signal model)."""
    return _total(ctx, "draft.unasked_push_total", UNASKED)


@signal("draft.pushes")
def pushes(ctx: CheckContext) -> Signal:
    """A tactic that pushes by itself holds: scarcity, guilt, loss framing or fake urgency (a deadline alone does not)."""
    return _holding(ctx, "draft.pushes", PUSHING)


@signal("draft.push_max", kind="number")
def push_max(ctx: CheckContext) -> Signal:
    """The highest probability among scarcity, guilt, loss framing and fake urgency (0 without a signal model)."""
    return _strongest(ctx, "draft.push_max", PUSHING)


_CONGRATULATES = re.compile(r"\bcongrat\w{0,10}|\bwell done\b|\bso proud of (?:you|u)\b|\bmazel tov\b|\byou did it\b|"
                            r"\bhappy (?:retirement|birthday|anniversary|graduation)\b|"
                            r"\bhuge achievement\b|\bwhat an achievement\b", re.IGNORECASE)


@signal("draft.congratulates")
def congratulates(ctx: CheckContext) -> Signal:
    """The draft congratulates them ("Congrats!", "well done", "so proud of you"): its author read their news as good."""
    found = _CONGRATULATES.search(ctx.draft)
    if not found:
        return Signal("draft.congratulates", False)
    return Signal("draft.congratulates", True, evidence=f"the draft says '{found.group(0)}'", span=found.span())


# A capitalised word inside a sentence (a product, a plan, a place) with its number and head noun ("the
# Kestrel 2 stroller", "the Pro plan"), or a number: what a question is about, not what it asks. "Does the
# Kestrel 2 stroller fold with one hand?" asks about folding.
_NAMED = re.compile(r"(?<=[\w,;:)] )[A-Z][\w'-]*(?: \d[\w.]*)?(?: [a-z]{3,})?|\b[A-Z]{2,}\b|\b\d[\w.]*")


def _unnamed_words(text: str) -> set[str]:
    """The content words of a text other than its names and numbers (all of them, if that leaves none)."""
    words = set(read(text).words)
    return (words - set(read(" ".join(_NAMED.findall(text))).words)) or words


_ASKS_AMOUNT = re.compile(r"\bhow much\b|\bhow many\b|\bwhat(?:'s| is| would| does| do)?\b[^?]{0,40}\b(?:price|cost|costs|fee|fees|"
                          r"rate|rates|amount|contribution|budget|charge)\b", re.IGNORECASE)


_FRONTED = re.compile(r"^\W*(?:before|if|since|when|once|given|assuming|while|after|regarding|re|about|also|so|ok|okay)\b"
                      r"[^,:;?\n]{0,80}[,:;]\s*", re.IGNORECASE)


@signal("draft.answers_focus")
def answers_focus(ctx: CheckContext) -> Signal:
    """The draft takes up what their (pending) question asks, not only what it names: the question's content
    words other than names and numbers ('fold', 'hand' in "Does the Kestrel 2 fold with one hand?"; naming the
    Kestrel 2 does not answer it). A question made only of names counts all its words."""
    from tactful.checks.reading import draft_view

    turns = [t for t in ctx.conversation.pending_inbound if t.item.kind != "post"]
    asked = questions(read(turns[-1].text)) if turns else []
    if not asked:
        return Signal("draft.answers_focus", False)
    # "How much would you give?" / "what does it cost?" is answered by an amount.
    if any(_ASKS_AMOUNT.search(q) for q in asked) and PRICE_RE.search(act_text(ctx)):
        return Signal("draft.answers_focus", True, evidence="gives an amount, as their question asks")
    # The question is what follows a fronted clause: "Before we renew: does Pro include audit logs?" asks about
    # audit logs, and a reply that takes up "renew" has not answered it.
    focus: set[str] = set().union(*(_unnamed_words(_FRONTED.sub("", question, count=1)) for question in asked))
    if len(focus) < 2:  # "Is that okay with you?" asks about the sentence before it
        focus |= _unnamed_words(turns[-1].text)
    shared = draft_view(ctx).overlap(focus)
    # One shared word answers a short question ("fold" for "does it fold?"); a long one needs two, or its
    # topic word alone would do ("cookies" for "do the oat cookies contain nuts or are they made near nuts?").
    if len(shared) < (1 if len(focus) <= 3 else 2):
        return Signal("draft.answers_focus", False)
    return Signal("draft.answers_focus", True, evidence=f"takes up {', '.join(sorted(shared)[:5])} from their question")


# ---- what the draft does in so many words: high-precision lexicon readings -------------------------
# Beside the learned acts, the clash rules compose these exact readings (tactful/nlp/lexicons.py): each
# holds only on words that name the act outright, and marks them.

def _found(ctx: CheckContext, name: str, span) -> Signal:
    if not span:
        return Signal(name, False)
    start, end = span
    return Signal(name, True, evidence=f"the draft says '{ctx.draft[start:end]}'", span=(start, end))


# (signal name, lexicon in tactful/nlp/lexicons.py, negation-aware, documentation): the draft says the act in
# so many words. Negation-aware readings skip a match negated just before it ("I won't follow up again").
WORDED = (
    ('draft.nudge_words', lx.NUDGE, True,
     'The draft nudges in so many words ("just following up", "circling back", "any update?"), '
     'not negated ("I won\'t follow up again").'),
    ('draft.reoffer', lx.OFFER, True,
     'The draft presses an offer again ("before you go", "reconsider", "shall I send", "still '
     'interested?"), not negated.'),
    ('draft.closes_the_loop', lx.CLOSES_THE_LOOP, False,
     'The draft ends the sequence itself ("I\'ll take that as a no and stop here", "this is my last '
     'email", "I won\'t chase again").'),
    ('draft.respect_words', lx.RESPECT, False,
     'The draft respects their wish in words ("understood", "I won\'t contact you again", '
     '"removed", "all the best", "thanks for letting me know").'),
    ('draft.confirm_words', lx.CONFIRM, False,
     'The draft confirms a plan, booking or order as it stands ("see you Thursday", "you\'re '
     'booked", "your delivery"), in so many words.'),
    ('draft.billing_words', lx.BILLING, False,
     'The draft bills, renews or carries on as before ("invoice", "payment due", "renewal", '
     '"your next box").'),
    ('draft.as_if_undecided', lx.AS_IF_UNDECIDED, False,
     'The draft sells as if they had not decided ("still thinking it over?", "ready to sign?", '
     '"start your free trial", "book a demo", "please pay").'),
    ('draft.acknowledges_decision', lx.ACKNOWLEDGES_DECISION, False,
     'The draft takes a decision in ("thanks for letting me know", "good luck", "final '
     'invoice", "hand over").'),
    ('draft.presses_decision', lx.PRESSES_DECISION, False,
     'The draft presses for a decision, a purchase or an answer ("ready to sign?", "shall we '
     'proceed", "made a decision?").'),
    ('draft.deadline_words', lx.DEADLINE, True,
     'The draft sets a sales deadline or ultimatum in so many words ("last chance", "offer ends '
     'Friday", "before I close your file", "I can\'t hold the price"), not negated.'),
    ('draft.reprimand_words', lx.REPRIMAND, True,
     'The draft reprimands or recites the rules in so many words ("for future reference", "per section '
     '4.2", "make sure it doesn\'t happen again", "or the cost will be deducted", "please use the form in '
     'future"), not negated.'),
    ('draft.closes_for_no_reply', lx.CLOSED_FOR_NO_REPLY, False,
     'The draft closes or drops their case because they went quiet ("closed due to inactivity", "since we '
     'haven\'t heard from you").'),
    ('draft.carries_out', lx.CARRIES_OUT, True,
     'The draft carries out what they decided or asked to stop ("your account is now closed", "we\'ve '
     'cancelled the direct debit"), not negated.'),
    ('draft.acknowledges_wait', lx.ACKNOWLEDGES_WAIT, False,
     'The draft takes a wait in ("no rush", "whenever you\'re ready", "as you said", "hope the '
     'surgery went well").'),
    ('draft.apology_words', lx.APOLOGY, False,
     'The draft owns a problem in words: an apology, concern or a concrete next step ("sorry", '
     '"I\'ll look into it", "refund", "you\'re right").'),
    ('draft.sympathy_words', lx.SYMPATHY, False,
     'The draft offers sympathy, concern or patience in words ("so sorry", "thinking of you", '
     '"no rush", "take care").'),
    ('draft.stock_reply_words', lx.STOCK_REPLY, False,
     'The draft opens as a service desk does ("thanks for reaching out", "we have received '
     'your request").'),
    ('draft.thanks_for_praise', lx.THANKS_FOR_PRAISE, False,
     'The draft thanks them for praise ("thanks for the love", "you made our day", "so glad you\'re '
     'enjoying it"): it reads their message as a compliment.'),
    ('draft.celebrate_words', lx.CELEBRATE, False,
     'The draft celebrates in words or emoji ("amazing", "so excited", "!!", 🎉), a plain "lol" '
     'or "!!" included.'),
    ('draft.defers_answer', lx.DEFER, False,
     'The draft says it will find out and come back ("let me check with the landlord", "I\'ll get back to you").'),
    ('draft.troubleshoot_words', lx.TROUBLESHOOTS, False,
     'The draft troubleshoots a problem ("have you tried restarting", "sorry you\'re having", "we\'re looking into '
     'it", "opened a ticket").'),
    ('draft.your_news_words', lx.YOUR_NEWS, False,
     'The draft congratulates them on news as if it were theirs ("congrats on your engagement", "your promotion", '
     '"when\'s the big day?").'),
    ('draft.chase_words', lx.CHASES_REPLY, False,
     'The draft chases an answer to an earlier message in so many words ("did you get a chance to look?", "just '
     'checking in", "in case you missed it", "bumping this").'),
    ('draft.says_no_reply', lx.SAYS_NO_REPLY, False,
     'The draft says they never replied ("I haven\'t heard back", "no reply yet").'),
    ('draft.proposes_call', lx.PROPOSES_CALL, False,
     'The draft proposes a phone call ("I\'ll give you a call", "a quick call on Thursday", "over the phone").'),
    ('draft.reminds_upcoming', lx.REMINDS_UPCOMING, False,
     'The draft reminds them something is still to come ("starts tomorrow", "just a reminder", "Reminder:").'),
    ('draft.about_next_one', lx.NEXT_ONE, False,
     'The draft is about the next one of a series ("the next session", "part 2", "next week").'),
    ('draft.asks_review', lx.ASKS_REVIEW, False,
     'The draft asks for a review or a rating ("leave us a 5-star review", "how would you rate '
     'us?").'),
)


def _register_worded(name: str, lexicon: lx.Lexicon, negation_aware: bool, doc: str) -> None:
    def compute(ctx: CheckContext) -> Signal:
        view = draft_view(ctx)
        return _found(ctx, name, view.find_affirmed(lexicon) if negation_aware else view.find(lexicon))

    compute.__doc__ = doc
    signal(name)(compute)


for _name, _lexicon, _negation_aware, _doc in WORDED:
    _register_worded(_name, _lexicon, _negation_aware, _doc)


@signal("draft.pitch_words")
def pitch_words(ctx: CheckContext) -> Signal:
    """The draft sells in words a lexicon names ("20% off", "upgrade now", "book a demo"), links with a call to
    action, or asks for their time: the exact reading beside the learned `draft.pitch`."""
    return _found(ctx, "draft.pitch_words", draft_view(ctx).pitch)


@signal("draft.bare_bump")
def bare_bump(ctx: CheckContext) -> Signal:
    """The draft only nudges: it says so in words ("just bumping this to the top of your inbox") and adds
    nothing (35 words or fewer, no link, no price, no new question beyond "any thoughts?")."""
    nudge = get(ctx, "draft.nudge_words")  # the same reading, computed once
    text = act_text(ctx)
    if not nudge.holds or len(text.split()) > 35 or URL_RE.search(ctx.draft) or PRICE_RE.search(ctx.draft):
        return Signal("draft.bare_bump", False)
    # What is left once the bump's own vocabulary, greetings and sign-offs are taken out: a name or two at
    # most ("quick follow-up with some news: we now make compostable mailers" has news to give).
    left = [w for w in _WORD_4.findall(text.lower().replace("\u2019", "'")) if w not in _BUMP_VOCABULARY]
    if len(left) > 2:
        return Signal("draft.bare_bump", False)
    return _found(ctx, "draft.bare_bump", nudge.span)


_WORD_4 = re.compile(r"[a-z][a-z'-]{3,}")
_BUMP_VOCABULARY = frozenset("""
    just bumping bump bumped this that that's it's into onto your inbox case buried float floating floated back
    follow following followed follow-up followup thoughts chance look looking looked email emails note notes
    message messages previous last earlier checking check circle circling circled wanted want with quick
    reminder gentle again here hope well doing week about there have been from sent below above still
    interested know when what would could should them they their those these sure love hear hearing
    hello thanks thank regards cheers best warm wishes kind soon talk speak chat time free minutes moment
    ping pinging resurface resurfacing nudge nudging shuffle lost slipped through cracks made bringing bring
    """.split())


@signal("draft.repeats_earlier", kind="number")
def repeats_earlier(ctx: CheckContext) -> Signal:
    """How much the draft repeats one of your earlier messages: the highest word overlap (0-1) with any of
    them (0 for a draft under four words). Its span is the whole draft."""
    if len(word_set(ctx.draft)) < 4:
        return Signal("draft.repeats_earlier", 0.0)
    scored = [(similarity(ctx.draft, t.text), t.index, t) for t in ctx.conversation.outbound_messages]
    if not scored:
        return Signal("draft.repeats_earlier", 0.0)
    value, _, turn = max(scored, key=lambda item: (item[0], item[1]))
    return Signal("draft.repeats_earlier", round(value, 3), evidence=f"repeats what {ctx.conversation.describe(turn)}",
                  span=(0, len(ctx.draft)))


@signal("draft.answers_stop_message")
def answers_stop_message(ctx: CheckContext) -> Signal:
    """Their stop request or no (`them.asked_to_stop` and kin) also asked something, and the draft takes up
    that message's words ("Not interested in the membership, but where are the tide tables?")."""
    found, _ = their_no(ctx)
    if found is None or not questions(read(found.turn.text)):
        return Signal("draft.answers_stop_message", False)
    shared = draft_view(ctx).overlap(read(found.turn.text).words)
    return Signal("draft.answers_stop_message", bool(shared),
                  evidence=f"takes up {', '.join(sorted(shared)[:5])}" if shared else None)


@signal("draft.requests_action")
def requests_action(ctx: CheckContext) -> Signal:
    """A sentence of the draft asks them to do something ("please upload...", "can you confirm...")."""
    return _found(ctx, "draft.requests_action", draft_view(ctx).requests)


@signal("draft.takes_up_their_reply")
def takes_up_their_reply(ctx: CheckContext) -> Signal:
    """The draft takes up what they wrote since your last message (`them.replied`): it shares a content word of
    their reply that your last message did not have ("Following up on your insurance question...")."""
    replies = their_replies(ctx)
    if not replies:
        return Signal("draft.takes_up_their_reply", False)
    their_words = set().union(*(read(t.text).words for t in replies))
    new_words = their_words - read(ctx.conversation.outbound_messages[-1].text).words
    shared = draft_view(ctx).overlap(new_words)
    return Signal("draft.takes_up_their_reply", bool(shared),
                  evidence=f"takes up {', '.join(sorted(shared)[:5])}" if shared else None)


@signal("draft.resells_what_they_bought")
def resells_what_they_bought(ctx: CheckContext) -> Signal:
    """The draft names what they said they already bought (`them.already_bought`) and sells or bills it: a
    promotion, a link with a call to action, or billing words."""
    found, kind = their_decision(ctx)
    if kind != "bought":
        return Signal("draft.resells_what_they_bought", False)
    view = draft_view(ctx)
    sells = view.promo or view.find(lx.BILLING)
    if not sells or not view.overlap(read(found.quote).words):
        return Signal("draft.resells_what_they_bought", False)
    return _found(ctx, "draft.resells_what_they_bought", sells)


_WAITS = re.compile(r"\b(?:until|till|after|from|paused|on hold|won't|will not|nothing will)\b")


@signal("draft.names_their_wait")
def names_their_wait(ctx: CheckContext) -> Signal:
    """The draft names the same wait they did: a date no earlier than a week before the one they named, with a
    word that waits ("nothing will ship until your May box")."""
    found, until = their_wait(ctx)
    if found is None or until is None:
        return Signal("draft.names_their_wait", False)
    named = deferred_until(ctx.draft, ctx.conversation.send_at)
    waits = _WAITS.search(draft_view(ctx).norm)
    holds = named is not None and named >= until - timedelta(days=7) and waits is not None
    return Signal("draft.names_their_wait", holds,
                  evidence=f"the draft waits until {named:%-d %B %Y}" if holds else None)


@signal("draft.reasks_unanswered")
def reasks_unanswered(ctx: CheckContext) -> Signal:
    """The draft asks again ("?") about what your unanswered messages said: it takes up their words (see
    `history.unanswered_outbound` for how many went unanswered)."""
    streak = ctx.conversation.unanswered
    if not streak or "?" not in ctx.draft:
        return Signal("draft.reasks_unanswered", False)
    shared = draft_view(ctx).overlap(set().union(*(read(t.text).words for t in streak)))
    return Signal("draft.reasks_unanswered", bool(shared),
                  evidence=f"asks again about {', '.join(sorted(shared)[:5])}" if shared else None)


@signal("draft.form_letter")
def form_letter(ctx: CheckContext) -> Signal:
    """The draft reads as a stiff form letter: one strong form-letter phrase ("Dear Client", "we acknowledge
    receipt") or two weaker ones or stock-reply phrases ("should you have any further inquiries")."""
    view = draft_view(ctx)
    strong = view.find(lx.FORM_LETTER_STRONG)
    weak = sorted(view.find_all(lx.FORM_LETTER_WEAK) + view.stock_phrases)
    return _found(ctx, "draft.form_letter", strong or (weak[0] if len(weak) >= 2 else None))


@signal("draft.upbeat_words")
def upbeat_words(ctx: CheckContext) -> Signal:
    """The draft cheers in words ("Love this!", "Have a great day", "Happy Friday", 🎉), not a plain smiley, "lol"
    or "!!"."""
    return _found(ctx, "draft.upbeat_words", draft_view(ctx).upbeat)


_QUOTED_FIX = re.compile(r"""["']([a-z' ]{2,20})["'],? (?:not|instead of|rather than) ["']([a-z' ]{2,20})["']""")
_POLITE_OPENER = re.compile(r"\W{0,3}(?:(?:thanks|thank you|you're welcome|no problem|glad you like\w{0,3} (?:it|them))\W{1,4})?")
_ABOUT_ME = re.compile(r"\W{0,3}(?:i|i'm|i've|i'll|i'd|we|we're|we've|we'll|my|our)\b")


def _lecture(ctx: CheckContext):
    """A sentence opening with "Actually," / "FYI" that corrects them ("Actually, it isn't simple"), not "Actually, I'm..."."""
    for sentence in ctx.sentences:
        text = lx.normalise(sentence.text)
        opener = _POLITE_OPENER.match(text)
        lecture = lx.LECTURE.search(text, opener.end())
        if not lecture or lecture.start() != opener.end() or _ABOUT_ME.match(text[lecture.end():]):
            continue
        if lx.CONTRAST.search(text, lecture.end()):
            return sentence.start_char + lecture.start(), sentence.start_char + lecture.end()
    return None


@signal("draft.correction_words")
def correction_words(ctx: CheckContext) -> Signal:
    """The draft corrects them in so many words: a correction that needs no context ("your spelling", "it's
    spelled", "*their"), a sentence that opens as a lecture and contrasts ("Actually, it's not..."), or
    "'X', not 'Y'" where Y is in their latest warm message (`them.warm`)."""
    view = draft_view(ctx)
    span = view.find(lx.CORRECTION) or _lecture(ctx)
    if not span:
        warm = warm_turns(ctx)
        quoted = _QUOTED_FIX.search(view.norm)
        if warm and quoted and quoted.group(2).strip() in lx.normalise(warm[-1].text):
            span = quoted.span()
    return _found(ctx, "draft.correction_words", span)


@signal("draft.template_words")
def template_words(ctx: CheckContext) -> Signal:
    """Form-letter, stock-reply, cold-outreach or merge-field language, a sequence talking: one strong sign
    ("I hope this email finds you well", "{{first_name}}", "allow me to introduce") or two weaker ones."""
    return _found(ctx, "draft.template_words", draft_view(ctx).template)


# Words every call or meeting note shares: sharing them does not show the draft refers to it.
_MOMENT_GENERIC = frozenset(read(
    "call calls meeting meet chat session review demo visit consult consultation discovery intro discuss discussed "
    "minutes hour hours quick long thanks team today").words)


def _names_in(text: str) -> set[str]:
    """Capitalised words (their name, your product): naming them does not show the draft was written for this moment."""
    return {fold(m.group().lower()) for m in re.finditer(r"\b[A-Z][a-z]{2,}", text)}


@signal("draft.takes_up_moment")
def takes_up_moment(ctx: CheckContext) -> Signal:
    """The draft refers to the recent call, meeting or exchange (`history.spoke_recently`,
    `history.exchanged_recently`): it says so ("great to meet you today", "as discussed"), or takes up two
    specific words of the call notes or their latest messages (names and words every call shares aside)."""
    moment, _ = human_moment(ctx)
    if moment is None:
        return Signal("draft.takes_up_moment", False)
    view = draft_view(ctx)
    said_so = view.find(lx.MOMENT_REFERENCE)
    if said_so:
        return _found(ctx, "draft.takes_up_moment", said_so)
    convo = ctx.conversation
    specifics = set(read(moment.text).words).union(*(read(t.text).words for t in convo.pending_inbound[-2:]))
    specifics -= _MOMENT_GENERIC
    recipient = ctx.request.recipient
    specifics -= _names_in(moment.text) | _names_in(" ".join(filter(None, (recipient.name, recipient.company))))
    shared = view.overlap(specifics)
    return Signal("draft.takes_up_moment", len(shared) >= 2,
                  evidence=f"takes up {', '.join(sorted(shared)[:5])}" if len(shared) >= 2 else None)


# How close (in characters) the tragedy and the author's own promotion must be to be "tied": the same or
# the next sentence or two. A newsletter that reports a disaster in one item and sells in another is not.
TIE_WINDOW = 240


@signal("draft.promo_words")
def promo_words(ctx: CheckContext) -> Signal:
    """The draft promotes in words a lexicon names ("20% off", "shop now") or links with a call to action (an
    ask for a call alone is not a promotion: see `draft.pitch_words`)."""
    return _found(ctx, "draft.promo_words", draft_view(ctx).promo)


@signal("draft.price")
def price(ctx: CheckContext) -> Signal:
    """The draft, in its own words, puts a price on something ("$911 today only", "2 for £12", "from $899
    installed") or a percentage off: selling, whatever the words around it."""
    text = act_text(ctx)
    found = PRICE_RE.search(text) or lx.HARD_PITCH.search(text)
    if not found:
        return Signal("draft.price", False)
    return Signal("draft.price", True, evidence=f"the draft names a price ('{text[found.start():found.end() + 12].strip()}')",
                  span=found.span())


@signal("draft.giving_words")
def giving_words(ctx: CheckContext) -> Signal:
    """The draft gives help in so many words ("donating", "free meals for", "relief fund") and sells nothing
    hard (no "buy now", no discount code)."""
    view = draft_view(ctx)
    if view.find(lx.HARD_PITCH):
        return Signal("draft.giving_words", False)
    return _found(ctx, "draft.giving_words", view.find(lx.GIVING_HELP))


@signal("draft.tragedy_by_promotion")
def tragedy_by_promotion(ctx: CheckContext) -> Signal:
    """The draft names a disaster, an attack, its anniversary or a death (the tragedy lexicon and your team's
    sensitive terms) in its own words, not quoted, within 240 characters of a promotion."""
    view = draft_view(ctx)
    promos = [m.span() for m in lx.PITCH.finditer(view.norm)]
    if view.promo:
        promos.append(view.promo)
    if not promos:
        return Signal("draft.tragedy_by_promotion", False)
    quoted = [Span(*m.span()) for m in QUOTED_SPAN_RE.finditer(ctx.draft)]
    for term in tragedy_terms(ctx).finditer(view.norm):
        start, end = term.span()
        if ctx.masks.covers(Span(start, end)) or any(q.overlaps(Span(start, end)) for q in quoted):
            continue  # quoted: their news, or a headline the draft passes on
        if any(p_start - TIE_WINDOW <= end and start <= p_end + TIE_WINDOW for p_start, p_end in promos):
            return Signal("draft.tragedy_by_promotion", True,
                          evidence=f"the draft ties a promotion to '{ctx.draft[start:end]}'", span=(start, end))
    return Signal("draft.tragedy_by_promotion", False)


@signal("draft.marks_sensitive_date")
def marks_sensitive_date(ctx: CheckContext) -> Signal:
    """The draft goes out on a date your team listed as sensitive (`[sensitive] dates` in tactful.toml) and
    marks the day ("today we remember", "in memory of")."""
    day = ctx.conversation.send_at.strftime("%m-%d")
    if day not in (ctx.settings.get("sensitive_dates") or ()):
        return Signal("draft.marks_sensitive_date", False)
    found = lx.MARKS_DATE.search(draft_view(ctx).norm)
    if not found:
        return Signal("draft.marks_sensitive_date", False)
    return Signal("draft.marks_sensitive_date", True, span=found.span(),
                  evidence=f"it would go out on {day}, a date on your sensitive list, and marks it next to a promotion")


@signal("draft.dismissive_apology")
def dismissive_apology(ctx: CheckContext) -> Signal:
    """The draft says sorry but shrugs it off ("sorry you feel that way", "as per our policy"): no apology."""
    view = draft_view(ctx)
    if not view.find(lx.APOLOGY):
        return Signal("draft.dismissive_apology", False)
    return _found(ctx, "draft.dismissive_apology", view.find(lx.DISMISSES))


@signal("draft.only_pleasantries")
def only_pleasantries(ctx: CheckContext) -> Signal:
    """Every sentence of the draft (at most four) is a pleasantry, a stock reply or cheer: nothing specific is
    said. Its span is the whole draft."""
    if not draft_view(ctx).generic:
        return Signal("draft.only_pleasantries", False)
    return Signal("draft.only_pleasantries", True, evidence="nothing in the draft is specific to them",
                  span=(0, len(ctx.draft)))


@signal("draft.answers_bad_news_question")
def answers_bad_news_question(ctx: CheckContext) -> Signal:
    """The message with their bad news (`them.bad_news_words`) asks something, and the draft takes it up: the
    question's words, or two words of the message ("my son was diagnosed, any resources?" answered with
    resources)."""
    found = their_bad_news(ctx)
    if found is None:
        return Signal("draft.answers_bad_news_question", False)
    view = draft_view(ctx)
    their = read(found.turn.text)
    asked = questions(their)
    holds = bool(asked) and (bool(view.overlap(set().union(*(read(q).words for q in asked))))
                             or len(view.overlap(their.words)) >= 2)
    return Signal("draft.answers_bad_news_question", holds)


@signal("draft.unrelated_ask")
def unrelated_ask(ctx: CheckContext) -> Signal:
    """After their bad news (`them.bad_news_words`), the draft asks something that takes up nothing they said
    ("Can you sign the lease by Friday?"), and it does not engage with their message (three of its words)."""
    found = their_bad_news(ctx)
    if found is None:
        return Signal("draft.unrelated_ask", False)
    their = read(found.turn.text)
    if len(draft_view(ctx).overlap(their.words)) >= 3:  # "your thread on the fire-damaged Gibson...": it read the post
        return Signal("draft.unrelated_ask", False)
    for sentence in ctx.sentences:
        if asks(sentence.text) and not content_words(sentence) & their.words:
            return _found(ctx, "draft.unrelated_ask", (sentence.start_char, sentence.end_char))
    return Signal("draft.unrelated_ask", False)


@signal("draft.names_the_departed")
def names_the_departed(ctx: CheckContext) -> Signal:
    """The draft names someone they told you had died ("we lost Dad in March"), in any of their messages, and
    wishes them well, sells or confirms something for them, without sympathy: months later, a birthday wish or
    an offer to the departed. It marks the name."""
    view = draft_view(ctx)
    if view.find(lx.SYMPATHY) or _MEMORIAL.search(ctx.draft) or not _as_if_alive(ctx, view):
        return Signal("draft.names_the_departed", False)
    convo = ctx.conversation
    # Their messages, and the notes of a call or visit whoever logged it ("Euthanasia appointment for Pepper").
    for turn in reversed(convo.told):
        for name in departed_names(turn.text):
            at = re.search(r"\b" + re.escape(name) + r"\b", ctx.draft)
            if at and name.lower() not in _NOT_DEPARTED:
                quote = read(turn.text).sentence_around(turn.text.find(name))
                return Signal("draft.names_the_departed", True, evidence=convo.describe(turn, quote=quote), span=at.span())
    return Signal("draft.names_the_departed", False)


# Words that take the death in: a keepsake, ashes, a memorial, a funeral's arrangements.
_MEMORIAL = re.compile(r"\b(?:in (?:loving )?memory|memorial|ashes|urn|paw ?prints?|keepsake|cremat\w{1,5}|funeral|"
                       r"order of service|condolence\w{0,2}|rest in peace|passing|passed)\b", re.IGNORECASE)


def _as_if_alive(ctx: CheckContext, view) -> bool:
    """The draft treats the one who died as alive: wishes, sells or confirms something for them, or carries on
    with routine business (a reminder, a notice, an order ready, a check-in that asks how they are)."""
    if view.upbeat or view.promo or view.find(lx.CONFIRM):
        return True
    acts = get(ctx, "draft.notice"), get(ctx, "draft.proceeding"), get(ctx, "draft.chase")
    if any(act.value is not None and float(act.value) >= 0.4 for act in acts):
        return True
    return bool(_ROUTINE.search(ctx.draft))


# Routine business in words, where the act head is unsure: an order ready, a visit due, a reminder, a missed
# session, a renewal; and a check-in that asks how they are.
_ROUTINE = re.compile(r"\bready (?:for|to) (?:collect\w{0,3}|pick ?up|pickup|collection)\b|\b(?:is|are) (?:now )?due\b|"
                      r"\bdue (?:for|on)\b|\breminder\b|\bhas missed\b|\brenew\w{0,5}\b|\b(?:next|upcoming) "
                      r"(?:appointment|visit|check-?up|session|order|delivery|box)\b|"
                      r"\bhow(?:'s| is| are)? (?:she|he|they|it)(?: doing| getting on| going)?\b", re.IGNORECASE)


_NOT_DEPARTED = frozenset({"mum", "mom", "dad", "grandma", "grandpa", "nan", "gran", "him", "her", "the", "our", "my", "i", "we"})


# A user name where a first name goes: lower case with digits ("jsmith1987", "lisa.moreno83").
_USER_NAME_GREETED = re.compile(r"^\W{0,3}(?i:hi|hello|hey|dear)\s{1,3}([a-z][a-z._-]{1,30}\d{2,}[a-z0-9._-]{0,10})\s{0,2}[,!:.\n]")


@signal("draft.greets_user_name")
def greets_user_name(ctx: CheckContext) -> Signal:
    """The greeting uses a user name or the front of an email address ("Hi jsmith1987!") while your records give
    the recipient's name ("Jennifer Smith"): the name field was filled from the login column. On a forum, where
    there is no name on record, a user name is how people address each other."""
    recipient = ctx.request.recipient
    stripped = ctx.draft.lstrip()
    offset = len(ctx.draft) - len(stripped)
    match = _USER_NAME_GREETED.match(stripped)
    if not match or not recipient.name or any(ch.isdigit() for ch in recipient.name):
        return Signal("draft.greets_user_name", False)
    return Signal("draft.greets_user_name", True, evidence=f"the recipient is '{recipient.name}'",
                  span=(offset + match.start(1), offset + match.end(1)))
