"""What they told you about reaching them: who handles it now, how (not by phone, not here), in what
language, by what title, and what to keep to yourself; and whether the draft keeps to it.

These were named checks (`handed_over_ignored`, `contact_preference_ignored`, `language_request_ignored`,
`title_request_ignored`, `confidence_broken`); each is a clash between what their message asks and what the
draft does, so each is now a composed rule in rules/out_of_step_clashes.yml under its old id, reading the
signals below. Their words are lexicons in tactful/nlp/lexicons.py (moved unchanged from the rules' params).
What needs code is here, as signals with evidence: the person they pointed you to, whether a call request
since lifts a "no calls", which language the draft is written in, which title it uses, which of their words
a public reply repeats.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

from tactful.checks.reading import Said, draft_view, said, spoke_again_since
from tactful.context import CheckContext
from tactful.conversation import Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.reading import read, word_set
from tactful.signals.registry import Signal, signal
from tactful.signals.them import said_signal

# ---- a hand-over: "please contact Ana Ruiz", "Priya has taken over" ------------------------------

HANDED_OVER_DAYS = 180
HANDED_OVER_MESSAGES = 3

# The person they pointed to ("please contact Ana Ruiz", "Priya has taken over"), not the company they left.
_POINTED_TO = re.compile(
    r"(?:contact|email|reach out to|speak to|speak with|talk to|get in touch with|write to|cc|copy in|loop in|handled by|managed by|covered by)"
    r"\s(?:my colleague\s)?([A-Z][a-z]{2,})|\b([A-Z][a-z]{2,})(?: [A-Z][a-z]{2,})? (?:has taken over|is now (?:your|the))"
)


def _handed_over(ctx: CheckContext) -> Optional[Said]:
    """Their hand-over, read once per request: the newest of their last three messages (within six months)
    that passes you on, unless they have since written again asking something."""
    cache = ctx.cache.setdefault("them_words", {})
    if "handed_over" not in cache:
        turns = ctx.conversation.recent_inbound(within=timedelta(days=HANDED_OVER_DAYS), limit=HANDED_OVER_MESSAGES)
        found = said(turns, lx.HANDED_OVER)
        cache["handed_over"] = None if found is None or spoke_again_since(ctx.conversation, found.turn) else found
    return cache["handed_over"]


@signal("them.handed_over")
def handed_over(ctx: CheckContext) -> Signal:
    """One of their last three messages (within six months) passes you on to someone else in so many words
    ("I've moved to the Bristol office - please contact Ana Ruiz", "I no longer handle purchasing", "Priya
    has taken over"), and they have not written since asking something."""
    return said_signal(ctx, "them.handed_over", _handed_over(ctx))


@signal("draft.names_their_contact")
def names_their_contact(ctx: CheckContext) -> Signal:
    """The draft names the person they pointed you to (`them.handed_over`: "please contact Ana Ruiz", "Priya
    Shah has taken over"): it is written to them, or about them."""
    found = _handed_over(ctx)
    if found is None:
        return Signal("draft.names_their_contact", False)
    named = sorted({m.group(1) or m.group(2) for m in _POINTED_TO.finditer(found.quote)})
    hit = next((name for name in named if name in ctx.draft), None)
    if hit is None:
        return Signal("draft.names_their_contact", False)
    return Signal("draft.names_their_contact", True, evidence=f"the draft names {hit}")


# ---- a contact preference: "email only, I'm hard of hearing", "email me rather than here" -------------

PREFERENCE_DAYS = 365
PREFERENCE_MESSAGES = 5
# The channels "not here" rules out: a reply on the platform they asked you to leave.
NOT_HERE_CHANNELS = ("dm", "comment", "reply")


def _preference_turns(ctx: CheckContext) -> list[Turn]:
    return ctx.conversation.recent_inbound(within=timedelta(days=PREFERENCE_DAYS), limit=PREFERENCE_MESSAGES)


def _asked_not_here(ctx: CheckContext) -> Optional[Said]:
    cache = ctx.cache.setdefault("them_words", {})
    if "not_here" not in cache:
        cache["not_here"] = said(_preference_turns(ctx), lx.NOT_HERE)
    return cache["not_here"]


@signal("them.asked_not_here")
def asked_not_here(ctx: CheckContext) -> Signal:
    """One of their last five messages (within a year) asks you to write elsewhere than here ("email me rather
    than here", "please don't DM me about this", "send the details to my work email")."""
    return said_signal(ctx, "them.asked_not_here", _asked_not_here(ctx))


@signal("draft.sent_where_they_said_not")
def sent_where_they_said_not(ctx: CheckContext) -> Signal:
    """The draft goes out as a DM, a comment or a reply after they asked you to write elsewhere than here
    (`them.asked_not_here`); evidence names their words and the channel."""
    found = _asked_not_here(ctx)
    channel = ctx.request.channel
    if found is None or channel not in NOT_HERE_CHANNELS:
        return Signal("draft.sent_where_they_said_not", False)
    evidence = f"{ctx.conversation.describe(found.turn, quote=found.quote)}; the draft still goes out as a {channel}"
    return Signal("draft.sent_where_they_said_not", True, evidence=evidence)


@signal("them.no_calls")
def no_calls(ctx: CheckContext) -> Signal:
    """One of their last five messages (within a year) says calls do not work for them ("please only email or
    text, I'm hard of hearing", "I prefer email", "no calls please"), and no later one among them asks for a
    call ("actually, can you call me this afternoon?")."""
    turns = _preference_turns(ctx)
    found = said(turns, lx.NO_CALLS)
    if found is not None and any(read(t.text).search(lx.CALL_REQUESTED) for t in turns if t.index > found.turn.index):
        found = None  # they asked for a call since: the preference is lifted
    return said_signal(ctx, "them.no_calls", found)


# ---- a language they asked for: "pouvez-vous répondre en français s'il vous plaît ?" --------------------

LANGUAGE_MESSAGES = 3
MIN_ENGLISH_WORDS = 3    # this many common English words make the draft English
MIN_LANGUAGE_WORDS = 2   # this many of the language's common words answer the request


def _language_requests(ctx: CheckContext) -> list[tuple[Turn, str, str]]:
    """(turn, the words that asked, the sentence to quote) for each of their last three messages that asks,
    as a request, for a reply in a language; oldest first. Read once per request."""
    cache = ctx.cache.setdefault("them_words", {})
    if "language" not in cache:
        found = []
        for turn in ctx.conversation.inbound_messages[-LANGUAGE_MESSAGES:]:
            reading = read(turn.text)
            asked = reading.search(lx.REPLY_IN_LANGUAGE)
            if asked and reading.search(lx.PLEASE_IN_LANGUAGES):
                found.append((turn, asked.group(), reading.sentence_around(asked.start())))
        cache["language"] = found
    return cache["language"]


@signal("them.asked_for_language")
def asked_for_language(ctx: CheckContext) -> Signal:
    """One of their last three messages asks, as a request, for a reply in French, Spanish, German, Italian or
    Portuguese ("pouvez-vous répondre en français s'il vous plaît ?", "could you reply in Spanish?")."""
    found = _language_requests(ctx)
    if not found:
        return Signal("them.asked_for_language", False)
    turn, _, quote = found[-1]
    return Signal("them.asked_for_language", True, evidence=ctx.conversation.describe(turn, quote=quote))


@signal("draft.not_in_their_language")
def not_in_their_language(ctx: CheckContext) -> Signal:
    """After they asked for a reply in a language (`them.asked_for_language`), the draft is in English (three
    or more common English words) with fewer than two common words of the language they named."""
    requests = _language_requests(ctx)
    if not requests:
        return Signal("draft.not_in_their_language", False)
    words = word_set(ctx.draft)
    if len(words & lx.ENGLISH_WORDS) < MIN_ENGLISH_WORDS:
        return Signal("draft.not_in_their_language", False)  # not English: it may well be their language
    for turn, asked, quote in requests:
        for language, named, common in lx.LANGUAGES:
            if named.search(asked) and len(words & common) < MIN_LANGUAGE_WORDS:
                evidence = f"{ctx.conversation.describe(turn, quote=quote)}; the draft is in English, not {language.title()}"
                return Signal("draft.not_in_their_language", True, evidence=evidence)
    return Signal("draft.not_in_their_language", False)


# ---- a title they asked you not to use: "please don't call me Mrs", "I go by they/them" -------------------

TITLE_MESSAGES = 5
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Madam|Ma'am)\b\.?", re.IGNORECASE)


def _title_refusals(ctx: CheckContext) -> list[tuple[Turn, re.Match]]:
    """(turn, what matched) for each of their last five messages that refuses a title, newest first."""
    cache = ctx.cache.setdefault("them_words", {})
    if "title" not in cache:
        found = []
        for turn in reversed(ctx.conversation.inbound_messages[-TITLE_MESSAGES:]):
            refused = read(turn.text).search(lx.REFUSES_TITLE)
            if refused:
                found.append((turn, refused))
        cache["title"] = found
    return cache["title"]


def _quote(ctx: CheckContext, turn: Turn, refused: re.Match) -> str:
    return ctx.conversation.describe(turn, quote=read(turn.text).sentence_around(refused.start()))


@signal("them.refused_title")
def refused_title(ctx: CheckContext) -> Signal:
    """One of their last five messages asks not to be addressed with a title ("please don't call me Mrs",
    "don't put 'Mr' on my card") or says they are non-binary or use they/them."""
    found = _title_refusals(ctx)
    if not found:
        return Signal("them.refused_title", False)
    return Signal("them.refused_title", True, evidence=_quote(ctx, *found[0]))


@signal("draft.uses_refused_title")
def uses_refused_title(ctx: CheckContext) -> Signal:
    """The draft addresses them with a title they refused (`them.refused_title`): the one they named ("Mrs"),
    or any gendered title (Mr, Mrs, Ms, Miss, Sir, Madam) after "I use they/them". It marks the title."""
    for turn, refused in _title_refusals(ctx):
        named = {t.lower().rstrip(".") for t in _HONORIFIC.findall(refused.group())}
        banned = named or lx.GENDERED_TITLES
        for used in _HONORIFIC.finditer(ctx.draft):
            if used.group(1).lower() in banned and used.group(1)[0].isupper():
                return Signal("draft.uses_refused_title", True, evidence=_quote(ctx, turn, refused), span=used.span())
    return Signal("draft.uses_refused_title", False)


# ---- a confidence: "please keep it anonymous", "between us, my manager doesn't know" --------------------

PRIVATE_MESSAGES = 6
PUBLIC_CHANNELS = ("comment", "reply", "post")


def _asked_private(ctx: CheckContext) -> Optional[tuple[Turn, re.Match]]:
    """The newest of their last six messages that asks you to keep something to yourself; read once."""
    cache = ctx.cache.setdefault("them_words", {})
    if "private" not in cache:
        cache["private"] = None
        for turn in reversed(ctx.conversation.inbound_messages[-PRIVATE_MESSAGES:]):
            found = read(turn.text).search(lx.KEEP_PRIVATE)
            if found:
                cache["private"] = (turn, found)
                break
    return cache["private"]


@signal("them.asked_private")
def asked_private(ctx: CheckContext) -> Signal:
    """One of their last six messages asks you to keep something to yourself ("please keep it anonymous",
    "between us, my manager doesn't know I'm looking", "don't mention it")."""
    found = _asked_private(ctx)
    if found is None:
        return Signal("them.asked_private", False)
    return Signal("them.asked_private", True, evidence=_quote(ctx, *found))


@signal("draft.publicises_words")
def publicises_words(ctx: CheckContext) -> Signal:
    """The draft makes something public or brings others in, in so many words ("you'll be featured", "I've cc'd
    your manager", "on Instagram", "in our newsletter"), not negated."""
    span = draft_view(ctx).find_affirmed(lx.PUBLICISES)
    if span is None:
        return Signal("draft.publicises_words", False)
    return Signal("draft.publicises_words", True, evidence=f"the draft says '{ctx.draft[span[0]:span[1]]}'", span=span)


@signal("draft.repeats_their_secret")
def repeats_their_secret(ctx: CheckContext) -> Signal:
    """A public reply (a comment, a reply, a post) repeats a word of the message they asked you to keep private
    (`them.asked_private`), words every message shares aside ("Six months sober AND a first 10k" after "Between
    us, I hit six months sober today"). It marks the first such word."""
    found = _asked_private(ctx)
    if found is None or ctx.request.channel not in PUBLIC_CHANNELS:
        return Signal("draft.repeats_their_secret", False)
    view = draft_view(ctx)
    secret = read(found[0].text).words - read(lx.SECRET_GENERIC_WORDS).words
    shared = sorted(view.overlap(secret))
    if not shared:
        return Signal("draft.repeats_their_secret", False)
    span = next((m.span() for m in re.finditer(r"\b" + re.escape(shared[0][:5]), view.norm)), None) or (0, len(ctx.draft))
    return Signal("draft.repeats_their_secret", True, evidence=f"the draft repeats '{shared[0]}'", span=span)
