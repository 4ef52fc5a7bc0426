"""out_of_step checks about their mood: bad news, complaints, anger, warmth, tragedy.

The draft may be fine on an ordinary day; after a loss, a complaint or an angry
thread it reads as if nobody looked. See `history.py` for the shared approach.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Iterable

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, own_posts, pending, recent, said
from tactful.context import CheckContext, Hit
from tactful.nlp import lexicons as lx
from tactful.nlp.extract import departed_names
from tactful.nlp.lexicons import lexicon, normalise
from tactful.nlp.reading import asks, content_words, questions, read, sentiment

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


@register("complaint_met_with_marketing")
def complaint_met_with_marketing(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They complain or report something urgent; the draft is a promo, a stock reply or a form letter."""
    found = said(pending(ctx, params, limit=3, default_days=7), lexicon(params["complaint"], "complaint"))
    if not found or lexicon(params["joking"], "joking").search(normalise(found.quote)):
        return _review_after_complaint(ctx, params)
    draft = draft_view(ctx)
    apology = draft.find(lx.APOLOGY)
    dismissive = draft.find(lexicon(params["draft_dismisses"], "draft_dismisses")) if apology else None
    if apology and not dismissive:
        return []
    stock = None if apology else draft.find(lexicon(params["draft_stock_reply"], "draft_stock_reply"))  # "Thanks for getting in touch!"
    span = dismissive or draft.pitch or draft.template or draft.find(lx.CELEBRATE) or draft.find(lx.NUDGE) or stock
    if not span and draft.generic:
        span = (0, len(ctx.draft))
    return hit(span, evidence(ctx, found)) if span else []


def _review_after_complaint(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """Days after a complaint (even one you answered), a request for a 5-star review."""
    ask = draft_view(ctx).find(lexicon(params["draft_asks_review"], "draft_asks_review"))
    if not ask:
        return []
    turns = ctx.conversation.recent_inbound(within=timedelta(days=float(params.get("review_window_days", 21))), limit=4)
    found = said(turns, lexicon(params["complaint"], "complaint"))
    return hit(ask, evidence(ctx, found)) if found else []


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
