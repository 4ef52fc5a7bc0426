"""out_of_step checks about what they asked or told you.

A detail asked for twice: what they already gave is found by kind (an email, a
number, a date) and by the object asked for. (A question left unanswered and
troubleshooting a problem they said is solved are composed rules in
rules/out_of_step_clashes.yml; see tactful/signals/questions.py.) Plans, dates and
agreed terms are in `plans.py`. Why code: which kind of detail a sentence asks for, and whether their
message gives one of that kind, is extraction (emails, numbers, dates, documents), not a word list.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, hit, recent
from tactful.context import CheckContext, Hit
from tactful.conversation import Turn
from tactful.nlp.dates import dates_in, times_in
from tactful.nlp.extract import ADDRESS_RE, EMAIL_RE, MONEY_RE, ORDER_NO_RE, names_in_message, phones
from tactful.nlp.lexicons import lexicon, normalise
from tactful.nlp.reading import read
from tactful.nlp.text import fold

Params = dict[str, Any]


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
