"""out_of_step checks about their mood that need code: whose news it was.

A post about someone else's news ("my sister just got engaged") congratulated as
theirs. See `history.py` for the shared approach. (Bad news, complaints, anger,
warmth and tragedy are composed rules in rules/out_of_step_clashes.yml.)
"""
from __future__ import annotations

from typing import Any, Iterable

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import draft_view, evidence, hit, recent, said
from tactful.context import CheckContext, Hit
from tactful.nlp.lexicons import lexicon

Params = dict[str, Any]


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
