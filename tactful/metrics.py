"""Numeric measures of a draft that `metric` rules compare against thresholds.

Each metric returns its value and the span that shows it best (or None for the
whole draft), so a warning can still point at the text.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from tactful.context import CheckContext

# Verbs that open a call to action when they start a sentence ("Book now", "Grab yours").
CTA_VERBS = frozenset("""
buy shop order book grab get claim click tap join subscribe sub register enroll enrol sign
download visit check head go call text reply dm message follow like share schedule start try
secure reserve unlock discover learn apply redeem use hurry act save upgrade watch listen
""".split())
CTA_PHRASES = re.compile(
    r"\b(?:link in (?:my )?bio|click (?:here|the link|below)|sign up|tap (?:here|the link)|"
    r"swipe up|dm me|reply (?:yes|stop|now)|book (?:a|your) (?:call|demo|spot|slot|seat)|"
    r"don'?t miss (?:out|it)|shop now|buy now|order now|get yours|grab yours|learn more at|"
    r"visit (?:us|our|my)\b)",
    re.IGNORECASE,
)
EMOJI_RE = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")

Metric = Callable[[CheckContext], tuple[float, Optional[tuple[int, int]]]]


def is_call_to_action(sentence_text: str) -> bool:
    words = WORD_RE.findall(sentence_text)
    if not words:
        return False
    first = words[0].lower()
    if first in ("please", "just", "so", "now", "then", "and") and len(words) > 1:
        first = words[1].lower()
    return first in CTA_VERBS or bool(CTA_PHRASES.search(sentence_text))


def call_to_action_sentences(ctx: CheckContext) -> tuple[list, list]:
    """(sentences with words, those that are calls to action), computed once per check."""
    cache = ctx.cache.setdefault("metrics", {})
    if "cta" not in cache:
        sentences = [(s, s.text) for s in ctx.sentences]
        worded = [(s, text) for s, text in sentences if WORD_RE.search(text)]
        cache["cta"] = ([s for s, _ in worded], [s for s, text in worded if is_call_to_action(text)])
    return cache["cta"]


def cta_share(ctx: CheckContext) -> tuple[float, Optional[tuple[int, int]]]:
    sentences, ctas = call_to_action_sentences(ctx)
    if not sentences:
        return 0.0, None
    span = (ctas[0].start_char, ctas[0].end_char) if ctas else None
    return len(ctas) / len(sentences), span


def exclamation_density(ctx: CheckContext) -> tuple[float, Optional[tuple[int, int]]]:
    """Exclamation marks per sentence."""
    count = ctx.draft.count("!")
    return count / max(1, len(ctx.sentences)), None


MIN_SHOUTED_WORDS = 4
_CAPITAL_RUN = re.compile(r"\b[A-Z]{3,}\b")


def capitals_ratio(ctx: CheckContext) -> tuple[float, Optional[tuple[int, int]]]:
    """Share of words of 3+ letters written in capitals; short acronyms (CEO, USA) don't count."""
    if len(_CAPITAL_RUN.findall(ctx.draft)) < MIN_SHOUTED_WORDS:  # cheap exit for ordinary text
        return 0.0, None
    words = [m for m in WORD_RE.finditer(ctx.draft) if len(m.group()) >= 3]
    if not words:
        return 0.0, None
    shouted = [m for m in words if m.group().isupper() and len(m.group()) >= 5 or
               (m.group().isupper() and len(m.group()) >= 3 and m.group() not in _ACRONYM_OK)]
    if len(shouted) < MIN_SHOUTED_WORDS:  # "I PASSED THE BAR" is joy, not a sales blast
        return 0.0, None
    return len(shouted) / len(words), (shouted[0].start(), shouted[-1].end())


_ACRONYM_OK = frozenset({"CEO", "CTO", "CFO", "COO", "USA", "FAQ", "ASAP", "RSVP", "API", "SEO", "SMS",
                         "PDF", "URL", "USD", "GBP", "EUR", "VAT", "NHS", "HR", "ETA", "BTW", "FYI",
                         "LOL", "OMG", "NYC", "SaaS", "CRM", "B2B", "AWS", "GDPR", "HVAC", "DIY"})


def link_count(ctx: CheckContext) -> tuple[float, Optional[tuple[int, int]]]:
    urls = ctx.masks.urls
    return float(len(urls)), ((urls[0].start, urls[0].end) if urls else None)


def emoji_count(ctx: CheckContext) -> tuple[float, Optional[tuple[int, int]]]:
    return float(len(EMOJI_RE.findall(ctx.draft))), None


def word_count(ctx: CheckContext) -> float:
    return float(len(WORD_RE.findall(ctx.draft)))


METRICS: dict[str, Metric] = {
    "cta_share": cta_share,
    "exclamation_density": exclamation_density,
    "capitals_ratio": capitals_ratio,
    "link_count": link_count,
    "emoji_count": emoji_count,
}
