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
    # Account changes a service desk makes: "don't cancel it, just unfreeze it", "I don't want a pause",
    # "I'm not asking for a refund", "don't change anything yet".
    "cancel": (r"cancel|close|terminate|delete|remove",
               r"cancell?ed|closed|terminated|deleted|removed"),
    "pause": (r"pause|freeze|suspend",
              r"paused|frozen|suspended|(?:is|are) (?:now )?on hold"),
    "refund": (r"refund",
               r"refunded|refund (?:is|has been|was) (?:processed|issued|sent|on its way)"),
    "change": (r"change|switch|move|downgrade|upgrade|alter",
               r"changed|switched|moved you|moved your|downgraded|upgraded|(?:you're|you are) now on"),
    "approve": (r"approve|process|grant",
                r"approved|granted|(?:is|has been) (?:set up|processed|accepted)"),
}
_VERBS = "|".join(verb for verb, _ in _CLASSES.values())
_ASK_NOT = re.compile(
    r"\b(?:please |pls |kindly |just )?(?:don't|do not|dont|no need to|hold off on|never) "
    r"(?:(?:yet|ever|even|actually|go ahead and|bother to) )?"
    r"(?P<verb>" + _VERBS + r")(?:ing|ed|s)?\b(?P<rest>[^.!?\n,;\u2014\u2013]{0,50})"
    # "I don't want a pause", "I'm not asking for a refund", "we don't need you to change the plan"
    r"|\b(?:don't|do not|dont|not|never) (?:want|need|asking for|asked for|requesting|looking for)"
    r"(?: (?:a|an|the|my|our|to|you to|it))? (?P<verb2>" + _VERBS + r")(?:ing|ed|s)?\b(?P<rest2>[^.!?\n,;\u2014\u2013]{0,50})")
# "keep my current account open", "keep my repayments exactly as they are": closing or changing it is the deed.
_KEEP = re.compile(r"\bkeep (?:my|our|the) (?P<rest>[^.!?\n,;]{1,40}?) (?:open|active|running|going|as (?:it is|they are|is))\b")
# "please withdraw my payment holiday request": approving it is the deed.
_WITHDRAW = re.compile(r"\b(?:withdraw|cancel|drop) (?:my|our|the) (?P<rest>[^.!?\n,;]{1,40}?) (?:request|application|claim)\b")
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


Request = tuple[object, str, list[str], frozenset[str]]


def _requests_in(turn, reading) -> list[Request]:
    """Every "don't ...", "keep ... open" and "withdraw my ... request" in one message, in order."""
    found = []
    for match in _ASK_NOT.finditer(reading.norm):
        verb, rest = (match.group("verb"), match.group("rest")) if match.group("verb") else \
            (match.group("verb2"), match.group("rest2"))
        found.append((match, [kind for pattern, kind in _VERB_KIND if pattern.match(verb)], rest))
    found += [(match, ["cancel", "change"], match.group("rest")) for match in _KEEP.finditer(reading.norm)]
    found += [(match, ["approve"], match.group("rest")) for match in _WITHDRAW.finditer(reading.norm)]
    return [(turn, reading.sentence_around(match.start()), kinds,
             frozenset(w for w in _WORD.findall(rest) if w not in _GENERIC and len(w) > 1))
            for match, kinds, rest in sorted(found, key=lambda item: item[0].start())]


def _their_requests(ctx: CheckContext) -> list[Request]:
    """(turn, quote, verb kinds, object words) of each "please don't ..." in their newest message that has one,
    within two months."""
    cache = ctx.cache.setdefault("them_words", {})
    if "asked_not_to" not in cache:
        cache["asked_not_to"] = []
        turns = ctx.conversation.recent_inbound(within=timedelta(days=_MAX_DAYS), limit=3)
        for turn in reversed(list(turns)):
            requests = _requests_in(turn, read(turn.text))
            if requests:
                cache["asked_not_to"] = requests
                break
    return cache["asked_not_to"]


@signal("them.asked_not_to")
def asked_not_to(ctx: CheckContext) -> Signal:
    """One of their last three messages (within two months) asks you not to do something in so many words
    ("please don't send my CV to clients yet", "don't send product", "don't charge my card until the 5th"):
    send, ship or post; share or forward; publish; book; charge or bill; renew."""
    found = _their_requests(ctx)
    if not found:
        return Signal("them.asked_not_to", False)
    turn, quote, _, _ = found[0]
    return Signal("them.asked_not_to", True, evidence=ctx.conversation.describe(turn, quote=quote))


@signal("draft.does_what_they_asked_not_to")
def does_what_they_asked_not_to(ctx: CheckContext) -> Signal:
    """The draft says the thing they asked you not to do was done (`them.asked_not_to`): the same kind of act
    in the past tense or as a state ("sent", "shipped", "is live"), naming the thing they named when they
    named one ("my CV" -> "sent your CV"). A draft that keeps the promise ("I won't send anything until you
    say") does not hold."""
    found = _their_requests(ctx)
    text = draft_view(ctx).norm
    draft_words = set(_WORD.findall(text))
    for kind, words in ((kind, words) for _, _, kinds, words in found for kind in kinds):
        done = _DONE[kind].search(text)
        if not done:
            continue
        # The promise kept in words before the deed's verb, in its sentence ("I haven't sent it", "I won't
        # send anything until you say"); words after it ("I've paused it, and nothing will be charged until
        # you tell us") are about something else.
        sentence_start = max(text.rfind(mark, 0, done.start()) for mark in ".!?\n") + 1
        if _KEEPS_IT.search(text, sentence_start, done.end()):
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
