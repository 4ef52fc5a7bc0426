"""out_of_step checks about their mood: bad news, and whose news it was.

The draft may be fine on an ordinary day; after a loss it reads as if nobody
looked. See `history.py` for the shared approach. (Complaints, anger, warmth and
tragedy are composed rules in rules/out_of_step_clashes.yml.)
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, own_posts, recent, said
from tactful.context import CheckContext, Hit
from tactful.nlp import lexicons as lx
from tactful.nlp.extract import departed_names
from tactful.nlp.lexicons import lexicon
from tactful.nlp.reading import asks, content_words, questions, read

Params = dict[str, Any]


@register("bad_news_met_with_cheer")
def bad_news_met_with_cheer(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """Their last message or post is bad news; the draft celebrates, jokes, sells or asks for something."""
    departed = _celebrates_the_departed(ctx)
    if departed:
        return departed
    found = said(recent(ctx, params, limit=1, default_days=14) + own_posts(ctx, within_days=7), lexicon(params["bad_news"], "bad_news"))
    if not found:
        return []
    draft = draft_view(ctx)
    their = read(found.turn.text)
    asked = questions(their)
    if asked and (draft.overlap(set().union(*(read(q).words for q in asked))) or len(draft.overlap(their.words)) >= 2):
        return []  # "my son was diagnosed, any resources?" answered with resources
    if draft.find(lx.SYMPATHY):
        span = draft.promo  # condolences followed by a sales pitch are still a pitch
    else:
        good_news = lexicon(params["silver_lining"], "silver_lining").search(their.norm)
        engaged = len(draft.overlap(their.words)) >= 3  # "your thread on the fire-damaged Gibson...": it read the post
        span = draft.pitch or draft.find(lx.NUDGE) or (None if engaged else _unrelated_ask(ctx, their)) \
            or (None if good_news else draft.upbeat)
    return hit(span, evidence(ctx, found)) if span else []


def _celebrates_the_departed(ctx: CheckContext) -> Iterable[Hit]:
    """Months later, a birthday wish or an offer addressed to someone they told you had died."""
    draft = draft_view(ctx)
    if draft.find(lx.SYMPATHY) or not (draft.upbeat or draft.promo or draft.find(lx.CONFIRM)):
        return []
    convo = ctx.conversation
    for turn in reversed(convo.inbound_messages):
        for name in departed_names(turn.text):
            at = re.search(r"\b" + re.escape(name) + r"\b", ctx.draft)
            if at and name.lower() not in _NOT_DEPARTED:
                return hit(at.span(), convo.describe(turn, quote=read(turn.text).sentence_around(turn.text.find(name))))
    return []


_NOT_DEPARTED = frozenset({"mum", "mom", "dad", "grandma", "grandpa", "nan", "gran", "him", "her", "the", "our", "my", "i", "we"})


def _unrelated_ask(ctx: CheckContext, their) -> tuple[int, int] | None:
    """A question or request that takes up nothing they said ("Can you sign the lease by Friday?")."""
    for sentence in ctx.sentences:
        if asks(sentence.text) and not content_words(sentence) & their.words:
            return sentence.start_char, sentence.end_char
    return None


class WhoseNewsParams(CheckParams):
    max_age_days: float = 14
    someone_elses_news: LexiconParam   # "my sister got the job"
    draft_says_yours: LexiconParam     # "congratulations on your new role"


@register("whose_news_misread", params=WhoseNewsParams, needs_history=True)
def whose_news_misread(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """Their post is someone else's news ('my sister just got engaged'); the draft congratulates them on it."""
    found = said(recent(ctx, params, limit=1, default_days=14), lexicon(params["someone_elses_news"], "someone_elses_news"))
    if not found:
        return []
    span = draft_view(ctx).find(lexicon(params["draft_says_yours"], "draft_says_yours"))
    return hit(span, evidence(ctx, found, "the news is about someone else")) if span else []
