"""out_of_step checks about who they are and how well you know them.

Why code: these match names and values, not words. The wrong name (the greeting against the recipient, their
handle, how they sign, a name they corrected: "it's Jon, not John" is one more name matched by the same
nickname rules, so it stays inside `wrong_name` rather than a second rule marking the same greeting), the wrong
company, a stranger's introduction into a relationship counted in exchanges and days, and the address, phone,
email or card they gave you privately repeated in public. A title or a language they asked for, and a
confidence they asked you to keep, are clashes between their message and the draft, composed in
rules/out_of_step_clashes.yml (signals in tactful/signals/their_terms.py).
"""
from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

from pydantic import PositiveInt, model_validator

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import days, draft_view, hit
from tactful.context import CheckContext, Hit
from tactful.conversation import Conversation
from tactful.nlp import lexicons as lx
from tactful.nlp.extract import (
    ADDRESS_RE, CORRECTED_NAME_RE, DRAFT_COMPANY_RE, EMAIL_RE, PHONE_RE, SELF_INTRO_RE, THEIR_COMPANY_RE,
    greeted_name, name_parts, names_in_message, plain, same_company, same_name,
)
from tactful.nlp.lexicons import lexicon
from tactful.nlp.reading import read, word_set

Params = dict[str, Any]


GREETINGS_FILE = "people/greetings.yml"


@lru_cache(maxsize=4)
def greeting_names(rules_dir: Optional[str] = None) -> tuple[frozenset[str], dict[str, list[str]]]:
    """`rules/people/greetings.yml`: greetings that are not names, and nicknames (short form -> full names)."""
    import yaml

    from tactful.errors import RulePackError
    from tactful.rulepack import default_rules_dir

    path = Path(rules_dir or default_rules_dir()) / GREETINGS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(f"rules/{GREETINGS_FILE}: cannot load ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) != {"not_names", "nicknames"} \
            or not isinstance(data["not_names"], list) or not all(isinstance(w, str) for w in data["not_names"]) \
            or not isinstance(data["nicknames"], dict) or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(n, str) for n in v)
                for k, v in data["nicknames"].items()):
        raise RulePackError(f"rules/{GREETINGS_FILE}: needs not_names (a list of words) and nicknames "
                            "(short name: [full names])")
    return frozenset(plain(w) for w in data["not_names"]), data["nicknames"]


class WrongNameParams(CheckParams):
    recent_messages: PositiveInt = 5               # how many of their latest messages may give their name
    # Which mismatches this rule reports: "records" when only the recipient's name or handle shows it (a merge
    # field filled with another contact's name, a role, a unit number or an email domain: the draft could have
    # gone to anyone), "conversation" when their messages do (a name they corrected or sign with: you were
    # told), "any" for both.
    evidence: Literal["any", "records", "conversation"] = "any"

    @model_validator(mode="after")
    def _greetings_load(self) -> "WrongNameParams":
        greeting_names()  # read at rule load: a missing or malformed rules/people/greetings.yml is a load error
        return self


@register("wrong_name", params=WrongNameParams)
def wrong_name(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft greets a name that is neither the recipient nor how they sign."""
    greeted = greeted_name(ctx.draft)
    if not greeted:
        return []
    name, start, end = greeted
    not_names, nicknames = greeting_names()
    if plain(name) in not_names or _GREETS_SEVERAL.match(ctx.draft):  # "Dear Marta, Piotr and Ola": a family
        return []
    recipient = ctx.request.recipient
    # "The Ferreira family", "Sam & Alex", "the Parents' Committee": a group gives no first name to check
    # a greeting against ("Dear Ana, Luis and kids" is right for the family).
    group = bool(recipient.name and _GROUP_RECIPIENT.search(recipient.name))
    known: list[tuple[str, str]] = [] if group else [
        (p, f"the recipient is '{recipient.name}'") for p in name_parts(recipient.name)]
    known += [(p, f"the recipient's handle is '{recipient.handle}'") for p in name_parts(recipient.handle)]
    convo = ctx.conversation
    for turn in convo.inbound_messages[-params.recent_messages:]:
        for right, wrong in CORRECTED_NAME_RE.findall(turn.text):
            if same_name(name, wrong, {}) and not same_name(name, right, {}) and params.evidence != "records":
                return hit((start, end), f"{convo.describe(turn, quote=_around(turn.text, wrong))}; the draft still says '{name}'")
        known += [(n, convo.describe(turn, quote=_around(turn.text, n))) for n in names_in_message(turn.text)]
    if not known:
        return []
    if any(same_name(name, k, nicknames) for k, _ in known):
        return []
    if any(plain(name) in word_set(plain(t.text)) for t in convo.messages):  # they or we mentioned this person
        return []
    told = next((why for _, why in reversed(known) if why.startswith("they")), None)
    if params.evidence == ("records" if told else "conversation"):
        return []
    return hit((start, end), f"{told or known[0][1]}; the draft greets '{name}'")


_GREETS_SEVERAL = re.compile(r"\W{0,3}(?i:dear|hi|hello|hey)\s{1,3}[A-Z][\w'’-]{1,30}(?:,\s{0,2}[A-Z][\w'’-]{1,30}){0,4}"
                             r"\s{1,3}(?:and|&)\s{1,3}[A-Z][\w'’-]{1,30}\s{0,2}[,!:\n]")
_GROUP_RECIPIENT = re.compile(r"\b(?:family|household|team|parents|residents|committee|board|staff|members)\b|&|\band\b",
                              re.IGNORECASE)


def _around(text: str, word: str, width: int = 60) -> str:
    at = text.find(word)
    return text[max(0, at - 20): at + width].strip() if at >= 0 else text


class WrongCompanyParams(CheckParams):
    reference: LexiconParam                # naming another company as a reference ("we helped X") is fine
    reference_window_chars: int = 40       # how far before the company name a reference phrase is looked for
    recent_messages: PositiveInt = 5               # how many of their latest messages may name their company


@register("wrong_company", params=WrongCompanyParams)
def wrong_company(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft names a different company than the recipient's."""
    mention = DRAFT_COMPANY_RE.search(ctx.draft)
    before = ctx.draft[max(0, mention.start() - params.reference_window_chars):mention.start()] if mention else ""
    if not mention or params.reference.search(before.lower()):
        return []
    named = next(g for g in mention.groups() if g)
    convo = ctx.conversation
    if any(plain(named) in plain(t.text) for t in convo.messages):
        return []
    known: list[tuple[str, str]] = []
    company = ctx.request.recipient.company
    if company:
        known.append((company, f"the recipient's company is '{company}'"))
    for turn in convo.inbound_messages[-params.recent_messages:]:
        for match in THEIR_COMPANY_RE.finditer(turn.text):
            name = next(g for g in match.groups() if g)
            known.append((name, convo.describe(turn, quote=_around(turn.text, name))))
    if not known or any(same_company(named, other) for other, _ in known):
        return []
    start, end = next(mention.span(i) for i, g in enumerate(mention.groups(), 1) if g)
    source = next((why for _, why in known if why.startswith("they")), known[0][1])
    return hit((start, end), f"{source}; the draft names '{named}'")


class RelationshipResetParams(CheckParams):
    min_exchanges: int = 2             # replies, calls or meetings that make a relationship established
    young_history_days: float = 7      # a history younger than this may still say "nice to meet you"
    first_contact: LexiconParam        # "I'm reaching out because", "let me introduce myself"
    greeting: LexiconParam             # "nice to meet you": wrong only in an older relationship
    handover: LexiconParam             # "I've taken over your account": a new person may introduce themselves


@register("relationship_reset", params=RelationshipResetParams, needs_history=True)
def relationship_reset(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """A first-contact introduction sent into an established relationship."""
    convo = ctx.conversation
    exchanges = len(convo.inbound_messages) + len(convo.interactions)
    span = _known_self_intro(ctx)  # "I'm Pete from..." to someone who wrote "Thanks Pete": one exchange is enough
    if not span and exchanges < params.min_exchanges or not (convo.outbound_messages or convo.interactions):
        return []
    draft = draft_view(ctx)
    # "Hi Tom, it's Kev from Brightwater, confirming I'll swap the cylinder valve tomorrow": a text that says who
    # is writing and takes up two or more words of their messages is a reply, not a first contact.
    if span and _SENDER_ID.match(ctx.draft[span[0]:span[1]]) and \
            len(draft.overlap(set().union(*(read(t.text).words for t in convo.inbound_messages)))) >= 2:
        span = None
    if not span and draft.find(lexicon(params["handover"], "handover")):
        return []
    span = span or draft.find(lexicon(params["first_contact"], "first_contact")) or draft.find(lx.STRANGER)
    if not span and not _young(convo, days(params.young_history_days), exchanges):
        span = draft.find(lexicon(params["greeting"], "greeting"))
    if not span:
        return []
    newest = convo.latest(convo.interactions) or convo.last_inbound
    return hit(span, f"{convo.describe(newest)}; the history has {len(convo.turns)} items between you")


# "It's Kev from...", "this is Ana at...": who is writing, as texts say it (not "my name is", a first contact).
_SENDER_ID = re.compile(r"(?i:it's|it is|this is)\b")


def _young(convo: Conversation, limit: timedelta, exchanges: int) -> bool:
    """The relationship only just started, so 'nice to meet you' may be meant."""
    ages = [convo.age(t) for t in convo.turns if convo.age(t) is not None]
    if not ages:
        return not convo.interactions  # no times given: only a logged call or meeting shows a history
    return max(ages) <= limit


def _known_self_intro(ctx: CheckContext) -> Optional[tuple[int, int]]:
    """'I'm Hugo from Tallybook' to someone whose messages already call you Hugo."""
    intro = SELF_INTRO_RE.search(ctx.draft)
    if not intro:
        return None
    name = plain(next(g for g in intro.groups() if g))
    if any(name in word_set(plain(t.text)) for t in ctx.conversation.inbound_messages):
        return intro.span()
    if any(name in word_set(plain(t.text)) for t in ctx.conversation.interactions):
        return intro.span()
    return None


_CARD = re.compile(r"\b(?:card|visa|mastercard|amex)\b[^.!?\n]{0,15}\b(?:ending|ends) (?:in )?\d{4}\b", re.IGNORECASE)


class PrivateDetailsParams(CheckParams):
    public_channels: list[str] = ["comment", "reply", "post"]


@register("private_details_in_public", params=PrivateDetailsParams)
def private_details_in_public(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """A public reply repeats the address, phone, email or card they gave you privately."""
    if ctx.request.channel not in params.public_channels:
        return []
    convo = ctx.conversation
    private = [t for t in convo.inbound_messages if t.item.kind == "message"]
    for finder in (ADDRESS_RE, EMAIL_RE, PHONE_RE, _CARD):
        for found in finder.finditer(ctx.draft):
            detail = found.group()
            if finder is _CARD or any(detail.lower() in t.text.lower() for t in private):
                source = next((t for t in reversed(private) if detail.lower() in t.text.lower()), None)
                why = convo.describe(source, quote=detail) if source else "card details"
                return hit(found.span(), f"{why}; this reply is public")
    return []
