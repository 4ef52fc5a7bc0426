"""What the out_of_step checks share: where their history says something, and what the draft does.

`said(turns, lexicon)` finds the newest turn that matches, with the sentence to
quote. `draft_view(ctx)` answers the shared questions about the draft (is it a
pitch? cheerful? does it say sorry?) once per check, whichever rules ask. Reading
a text itself (sentences, content words, questions, sentiment) is tactful.nlp.reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Iterable, Optional

from tactful.context import CheckContext
from tactful.conversation import Conversation, Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.lexicons import Lexicon, normalise
from tactful.nlp.reading import REQUEST_RE, asks, content_words, questions, read, similarity, word_set

@dataclass(frozen=True)
class Said:
    """Where a lexicon matched in their history: the turn and the sentence to quote."""

    turn: Turn
    quote: str
    match: str


def said(turns: Iterable[Turn], lex: Lexicon, newest_first: bool = True) -> Optional[Said]:
    """The newest (or oldest) turn whose text matches the lexicon, with the sentence that matched."""
    ordered = list(turns)
    if newest_first:
        ordered.reverse()
    for turn in ordered:
        reading = read(turn.text)
        match = reading.search(lex)
        if match:
            return Said(turn, reading.sentence_around(match.start()), match.group())
    return None


def spoke_again_since(convo: Conversation, turn: Turn) -> bool:
    """They wrote again after that message, asking something: the door is open again."""
    return any(questions(read(t.text)) for t in convo.inbound_messages if t.index > turn.index)


def but_after(found: Said) -> bool:
    """The sentence goes on after what matched with "but", "though", "however" ("not for me, but where...?")."""
    text = read(found.turn.text).norm
    at = text.find(found.match)
    return at >= 0 and any(f" {w} " in text[at:] for w in ("but", "though", "however", "although"))


def days(value) -> Optional[timedelta]:
    return None if value is None else timedelta(days=float(value))


def hours(value) -> Optional[timedelta]:
    return None if value is None else timedelta(hours=float(value))


# ---- shared pieces of a check ----------------------------------------------------

def hit(span: Optional[tuple[int, int]], evidence: str) -> list:
    from tactful.context import Hit

    start, end = span if span else (None, None)
    return [Hit(start, end, evidence)]


def evidence(ctx: CheckContext, found: Said, note: str = "") -> str:
    text = ctx.conversation.describe(found.turn, quote=found.quote)
    return f"{text}; {note}" if note else text


def recent(ctx: CheckContext, params: dict, limit: int = 3, default_days: float = 30) -> list[Turn]:
    """Their last `limit` messages, posts or mentions, no older than the rule's `max_age_days`."""
    return ctx.conversation.recent_inbound(within=days(params.get("max_age_days", default_days)), limit=limit)


def own_posts(ctx: CheckContext, within_days: float) -> list:
    """Your own recent public posts: a scheduled party post the day after you announced a death clashes too."""
    convo = ctx.conversation
    if ctx.request.channel != "post":
        return []  # a reply to someone else is about their thread, not your announcement
    return [t for t in convo.turns if not t.inbound and t.item.kind == "post" and t.text
            and convo.within(t, timedelta(days=within_days))]


def pending(ctx: CheckContext, params: dict, limit: int = 2, default_days: float = 14) -> list[Turn]:
    """Their messages since our last one (what the draft replies to), no older than `max_age_days`."""
    convo = ctx.conversation
    limit_age = days(params.get("max_age_days", default_days))
    return [t for t in convo.pending_inbound[-limit:] if convo.within(t, limit_age)]


def resent(ctx: CheckContext, threshold: float = 0.6) -> Optional[Turn]:
    """Our earlier message that the draft repeats (most of the same words), if any."""
    if len(word_set(ctx.draft)) < 4:
        return None
    return next((t for t in reversed(ctx.conversation.outbound_messages)
                 if similarity(ctx.draft, t.text) >= threshold), None)


# Laughter, "!!" and a plain smiley: friendly, but not celebrating.
_MILD = re.compile("(?:ha){2,11}|lol|lmao|!!|[\U0001F642\U0001F60A\U0001F44D]")

# ---- the draft -------------------------------------------------------------------

_NEGATED = re.compile(r"\b(?:won't|wont|will not|not|never|no more|don't|do not|no need to|without)(?: \w+){0,3} $")

@dataclass
class DraftView:
    """What the draft is doing, computed lazily and once per check."""

    ctx: CheckContext
    _found: dict = field(default_factory=dict)

    @cached_property
    def norm(self) -> str:
        return normalise(self.ctx.draft)

    @cached_property
    def words(self) -> frozenset[str]:
        return content_words(self.ctx.doc)

    def find(self, lex: Lexicon) -> Optional[tuple[int, int]]:
        """Span of the first match of the lexicon in the draft, or None."""
        key = id(lex)
        if key not in self._found:
            match = lex.search(self.norm)
            self._found[key] = (match.start(), match.end()) if match else None
        return self._found[key]

    def find_affirmed(self, lex: Lexicon) -> Optional[tuple[int, int]]:
        """The first match not negated just before it ("I won't follow up again" is no follow-up)."""
        for m in lex.finditer(self.norm):
            if not _NEGATED.search(self.norm[max(0, m.start() - 30):m.start()]):
                return m.start(), m.end()
        return None

    def find_all(self, lex: Lexicon) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in lex.finditer(self.norm)]

    def overlap(self, other_words: Iterable[str]) -> set[str]:
        """Content words shared with another text; long words match on their first five letters (donate ~ donation)."""
        other = set(other_words)
        shared = set(self.words) & other
        prefixes = {w[:5] for w in other if len(w) >= 5}
        return shared | {w for w in self.words if len(w) >= 5 and w[:5] in prefixes}

    @cached_property
    def promo(self) -> Optional[tuple[int, int]]:
        """Span of the first selling move: a lexicon pitch, a self-promotion, or a link with a call to action."""
        from tactful.metrics import call_to_action_sentences

        spans = [s for s in (self.find(lx.PITCH),) if s]
        if not spans and self.ctx.masks.urls and call_to_action_sentences(self.ctx)[1]:
            url = self.ctx.masks.urls[0]
            spans.append((url.start, url.end))
        return min(spans) if spans else None

    @cached_property
    def pitch(self) -> Optional[tuple[int, int]]:
        """A promotion or an ask for their time (a call, a demo)."""
        spans = [s for s in (self.promo, self.find(lx.MEETING_ASK)) if s]
        return min(spans) if spans else None

    @cached_property
    def cheer(self) -> Optional[tuple[int, int]]:
        spans = [s for s in (self.find(lx.CELEBRATE), self.find(lx.PLEASANT), self.find(lx.POSITIVE_ACK)) if s]
        return min(spans) if spans else None

    @cached_property
    def upbeat(self) -> Optional[tuple[int, int]]:
        """Cheer ("Love this!", "Have a great day", 🎉), not a plain smiley, "lol" or "!!"."""
        spans = [(m.start(), m.end()) for lex in (lx.CELEBRATE, lx.PLEASANT, lx.POSITIVE_ACK) for m in lex.finditer(self.norm)
                 if not _MILD.fullmatch(m.group())]
        return min(spans) if spans else None

    @cached_property
    def stock_phrases(self) -> list[tuple[int, int]]:
        """Stock-reply phrases ("thank you for contacting", "within 5 working days"), not pleasantries ("have a good day")."""
        friendly = (lx.PLEASANT, lx.POSITIVE_ACK)
        return [(m.start(), m.end()) for m in lx.FORM_REPLY.finditer(self.norm)
                if not any(lex.search(m.group()) for lex in friendly)]

    @cached_property
    def template(self) -> Optional[tuple[int, int]]:
        """Form-letter, stock-reply, cold-outreach or merge-field language: a sequence talking."""
        strong = self.find(lx.FORM_LETTER_STRONG) or self.placeholder or self.find(lx.COLD_INTRO)
        if strong:
            return strong
        weak = self.find_all(lx.FORM_LETTER_WEAK) + self.find_all(lx.FORM_REPLY)
        return min(weak) if len(weak) >= 2 else None

    @cached_property
    def placeholder(self) -> Optional[tuple[int, int]]:
        """An unfilled merge field, unless the draft is explaining one ("use {{first_name}} in the body")."""
        if re.search(r"\b(?:field|fallback|placeholder|merge tag|variable|template)s?\b", self.norm):
            return None  # explaining merge fields, not sending one
        for start, end in self.find_all(lx.PLACEHOLDER):
            before = self.norm[max(0, start - 25):start]
            if not re.search(r"\b(?:use|type|insert|add|like|say|says|put|enter|write|the)\W{0,3}$|[\"'`]\s{0,1}$", before):
                return start, end
        return None

    @cached_property
    def asks(self) -> Optional[tuple[int, int]]:
        """The first sentence that asks them something (a question or a request)."""
        for sentence in self.ctx.sentences:
            if asks(sentence.text):
                return sentence.start_char, sentence.end_char
        return None

    @cached_property
    def requests(self) -> Optional[tuple[int, int]]:
        """The first sentence that asks them to do something ("please upload...", "can you confirm...")."""
        for sentence in self.ctx.sentences:
            if REQUEST_RE.search(normalise(sentence.text)):
                return sentence.start_char, sentence.end_char
        return None

    @cached_property
    def generic(self) -> bool:
        """Every sentence is a pleasantry, a stock reply or cheer: nothing specific is said."""
        sentences = [s for s in self.ctx.sentences if any(t.is_alpha for t in s)]
        if not sentences or len(sentences) > 4:
            return False
        stock = 0
        for sentence in sentences:
            text = normalise(sentence.text)
            if any(_worded(lex, text) for lex in (lx.FORM_REPLY, lx.CELEBRATE, lx.PLEASANT, lx.POSITIVE_ACK)):
                stock += 1
                continue
            alpha = sum(1 for t in sentence if t.is_alpha)
            if alpha <= 2 or (lx.PLEASANTRY.search(text) and alpha <= 4):
                continue
            return False
        return stock > 0


def _worded(lex: Lexicon, text: str) -> bool:
    """A lexicon match made of words (an emoji or "!!" alone does not make a sentence stock)."""
    return any(any(c.isalpha() for c in m.group()) for m in lex.finditer(text))


def draft_view(ctx: CheckContext) -> DraftView:
    cache = ctx.cache.setdefault("out_of_step", {})
    if "draft" not in cache:
        cache["draft"] = DraftView(ctx)
    return cache["draft"]
