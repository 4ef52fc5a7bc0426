"""What they already told you, against what the draft does.

- They asked you not to do something ("please don't send my CV to clients yet", "don't send product"), and
  the draft does it ("I've sent your CV to Stripe", "the samples shipped today").
- They said they already tried something ("already reinstalled and restarted 4 times"), and the draft
  suggests it ("Have you tried restarting the app?"): the canned troubleshooting step that shows nobody read.

Why code and not a word list: the clash is between *their* verb and object and the draft's, so the two are
matched to each other. Their request is read as a verb class (deliver, share, publish, book, charge, renew)
and the content words after it; the draft holds it when it says the same class of thing happened (a past
tense: "sent", "shipped", "is live") and, when their words named a thing ("my CV", "the gallery"), names it
too. A draft that keeps the promise in words ("I won't send anything until you say") does not hold.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

from tactful.checks.reading import draft_view
from tactful.context import CheckContext
from tactful.nlp.lexicons import normalise
from tactful.nlp.reading import read
from tactful.signals.registry import Signal, signal

# Verb classes: what they may ask you not to do, and the words a draft uses to say it was done.
# Each `done` pattern is a past tense or a state ("is live"), never the bare verb: "shall I send it?" is a
# question about doing it, not doing it.
_CLASSES: dict[str, tuple[str, str]] = {
    "deliver": (r"send|ship|post|mail|forward|deliver|dispatch",
                r"sent|shipped|posted|mailed|forwarded|delivered|dispatched|on (?:its|their) way|is (?:live|ready)"
                r"|are (?:live|ready)|(?:link|password) (?:is )?below|here(?:'s| is| are) (?:your|the)"),
    "share": (r"share|pass on|forward|show|give out|hand out",
              r"shared|passed (?:it |them )?on|forwarded|sent (?:it |them )?(?:over )?to|introduced you"),
    "publish": (r"publish|post|put (?:it |this )?(?:up|online|out)|announce|go live",
                r"published|posted|is live|went live|announced|is (?:up|out) on"),
    "book": (r"book|schedule|reserve|confirm",
             r"booked|scheduled|reserved|confirmed|(?:sent|here's) (?:an|the|your) invite"),
    "charge": (r"charge|bill|invoice|take (?:the )?payment|debit",
               r"charged|billed|invoice (?:is )?attached|attached (?:is )?(?:the|your) invoice|payment (?:was |has been )?taken"
               r"|debited"),
    "renew": (r"renew|auto-?renew|extend",
              r"renewed|extended|renewal (?:is |has been )?(?:confirmed|processed)"),
}
_ASK_NOT = re.compile(
    r"\b(?:please |pls |kindly |just )?(?:don't|do not|dont|no need to|hold off on|never) "
    r"(?:(?:yet|ever|even|actually|go ahead and|bother to) )?"
    r"(?P<verb>" + "|".join(verb for verb, _ in _CLASSES.values()) + r")(?:ing|ed|s)?\b(?P<rest>[^.!?\n]{0,50})")
# A draft that keeps the promise says so; then the object words are the promise, not the deed.
_KEEPS_IT = re.compile(r"\b(?:won't|will not|wont|haven't|have not|not (?:going to|yet)|on hold|hold(?:ing)? off"
                       r"|until you(?:'re| are| say| tell| give)|whenever you(?:'re| are) ready|only when you)\b")
# Words after the verb that name no particular thing: "don't send anything", "don't send it to me yet".
_GENERIC = frozenset("""a an the my our your his her their it them this that these those any anything
    something me us him to of for on in at yet until till before after now please anymore again ever
    more any other either both product products stuff things thing items item""".split())
_WORD = re.compile(r"[a-z][a-z0-9'-]{1,}")
_MAX_DAYS = 60


def _done_regex(kind: str) -> re.Pattern:
    return re.compile(r"\b(?:" + _CLASSES[kind][1] + r")\b")


_DONE = {kind: _done_regex(kind) for kind in _CLASSES}
_VERB_KIND = [(re.compile(r"^(?:" + verbs + r")"), kind) for kind, (verbs, _) in _CLASSES.items()]


def _their_request(ctx: CheckContext) -> Optional[tuple[object, str, list[str], frozenset[str]]]:
    """(turn, quote, verb kinds, object words) of their newest "please don't ..." within two months."""
    cache = ctx.cache.setdefault("them_words", {})
    if "asked_not_to" not in cache:
        cache["asked_not_to"] = None
        turns = ctx.conversation.recent_inbound(within=timedelta(days=_MAX_DAYS), limit=3)
        for turn in reversed(list(turns)):
            reading = read(turn.text)
            match = _ASK_NOT.search(reading.norm)
            if not match:
                continue
            verb = match.group("verb")
            kinds = [kind for pattern, kind in _VERB_KIND if pattern.match(verb)]
            words = frozenset(w for w in _WORD.findall(match.group("rest")) if w not in _GENERIC and len(w) > 1)
            cache["asked_not_to"] = (turn, reading.sentence_around(match.start()), kinds, words)
            break
    return cache["asked_not_to"]


@signal("them.asked_not_to")
def asked_not_to(ctx: CheckContext) -> Signal:
    """One of their last three messages (within two months) asks you not to do something in so many words
    ("please don't send my CV to clients yet", "don't send product", "don't charge my card until the 5th"):
    send, ship or post; share or forward; publish; book; charge or bill; renew."""
    found = _their_request(ctx)
    if found is None:
        return Signal("them.asked_not_to", False)
    turn, quote, _, _ = found
    return Signal("them.asked_not_to", True, evidence=ctx.conversation.describe(turn, quote=quote))


@signal("draft.does_what_they_asked_not_to")
def does_what_they_asked_not_to(ctx: CheckContext) -> Signal:
    """The draft says the thing they asked you not to do was done (`them.asked_not_to`): the same kind of act
    in the past tense or as a state ("sent", "shipped", "is live"), naming the thing they named when they
    named one ("my CV" -> "sent your CV"). A draft that keeps the promise ("I won't send anything until you
    say") does not hold."""
    found = _their_request(ctx)
    if found is None:
        return Signal("draft.does_what_they_asked_not_to", False)
    _, _, kinds, words = found
    text = draft_view(ctx).norm
    if _KEEPS_IT.search(text):
        return Signal("draft.does_what_they_asked_not_to", False)
    draft_words = set(_WORD.findall(text))
    for kind in kinds:
        done = _DONE[kind].search(text)
        if not done:
            continue
        # Long words match on their first five letters ("gallery"/"galleries") as in DraftView.overlap, which
        # is not called here because it reads content words of three letters or more and "my CV" names a
        # two-letter thing.
        named = [w for w in words if w in draft_words or (len(w) > 5 and any(d.startswith(w[:5]) for d in draft_words))]
        if words and not named:
            continue
        said = f"'{done.group()}'" + (f" and names {', '.join(sorted(named))}" if named else "")
        return Signal("draft.does_what_they_asked_not_to", True, evidence=f"the draft says {said}")
    return Signal("draft.does_what_they_asked_not_to", False)


# "already reinstalled", "I've tried restarting", "cleared the cache already": the verbs they did.
_ALREADY = re.compile(r"\b(?:already|(?:i|we)(?:'ve| have)? (?:already )?tried|i did|we did|done)\b")
_DONE_VERB = re.compile(r"\b(re[a-z]{3,12}ed|cleared|updated|reset|checked|rebooted|restarted|reinstalled|logged (?:out|in)"
                        r"|signed (?:out|in)|turned (?:it )?(?:off|on)|unplugged|deleted|uninstalled|changed|tried)\b")
_TRIED_ING = re.compile(r"\btried ([a-z]{4,14})ing\b")  # "tried restarting", not "nothing" or "still not working"
# How a canned step is put: "have you tried ...", "try ...", "please ...", "make sure ...".
_SUGGESTS = re.compile(r"\b(?:have you tried|did you try|could you try|can you try|try|please|make sure|first,)\b")
_NOT_A_STEP = frozenset({"tri", "tried", "chang", "check"})  # too general to show they did the same thing


def _stem(verb: str) -> str:
    word = verb.split()[0]
    for suffix in ("ed", "ing", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)].rstrip("e")
    return word.rstrip("e")


def _their_tries(ctx: CheckContext) -> Optional[tuple[object, str, frozenset[str]]]:
    cache = ctx.cache.setdefault("them_words", {})
    if "already_tried" not in cache:
        cache["already_tried"] = None
        turns = list(ctx.conversation.recent_inbound(within=timedelta(days=7), limit=1))
        for turn in turns:
            reading = read(turn.text)
            for sentence in reading.sentence_texts():
                norm = normalise(sentence)
                if not _ALREADY.search(norm):
                    continue
                stems = {_stem(m.group(1)) for m in _DONE_VERB.finditer(norm)}
                stems |= {_stem(m.group(1) + "ing") for m in _TRIED_ING.finditer(norm)}
                stems -= _NOT_A_STEP
                if stems:
                    cache["already_tried"] = (turn, sentence, frozenset(stems))
                    break
    return cache["already_tried"]


@signal("them.already_tried")
def already_tried(ctx: CheckContext) -> Signal:
    """Their latest message (within a week) says they already did something ("already reinstalled and restarted
    4 times", "I've tried clearing the cache"): the steps they did, as word stems."""
    found = _their_tries(ctx)
    if found is None:
        return Signal("them.already_tried", False)
    turn, quote, _ = found
    return Signal("them.already_tried", True, evidence=ctx.conversation.describe(turn, quote=quote))


@signal("draft.suggests_what_they_tried")
def suggests_what_they_tried(ctx: CheckContext) -> Signal:
    """The draft suggests a step they said they already did (`them.already_tried`): "Have you tried restarting
    the app?" after "already restarted it twice"."""
    found = _their_tries(ctx)
    if found is None:
        return Signal("draft.suggests_what_they_tried", False)
    _, _, stems = found
    text = draft_view(ctx).norm
    suggestion = _SUGGESTS.search(text)
    if not suggestion:
        return Signal("draft.suggests_what_they_tried", False)
    after = text[suggestion.start():]
    words = {_stem(w) for w in re.findall(r"[a-z]{4,}", after)}
    same = sorted(stems & words)
    if not same:
        return Signal("draft.suggests_what_they_tried", False)
    return Signal("draft.suggests_what_they_tried", True,
                  evidence=f"the draft suggests {', '.join(same)} after '{suggestion.group()}'")
