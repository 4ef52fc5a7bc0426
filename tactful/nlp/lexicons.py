"""Shared vocabularies for reading a draft: is it a pitch, cheerful, sympathetic, a form reply?

The out_of_step checks ask the same few questions of every draft, so the word
lists that answer them live here once. What a named check looks for in *their*
messages (a change of plan, a hand-over) is rule-specific and lives in the
rule's `params` in `rules/out_of_step.yml`, matched the same way; what a clash
in the clash table reads in their messages in so many words (a stop request, a
polite no) lives at the end of this module, read by the `them.*` lexicon signals.

A lexicon is a list of case-insensitive regexes, written with explicit `\\b`
word boundaries and only bounded repetition (the same safety check as the rule
packs). Text is normalised before matching: lower case, curly quotes made
straight, so "Don’t" matches `don't`; the length never changes, so match
offsets are offsets into the original text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

from tactful.errors import RulePackError
from tactful.nlp.regex_safety import unsafe_reason

_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Lower case with straight quotes; same length as the input."""
    return text.translate(_QUOTES).lower()


# The built-in lexicons below are linted and compiled on first use, not at import: a CLI check reads only
# some of them, and linting and compiling them all was a fifth of a cold start above the spaCy floor
# (tests/test_lexicons_built_in.py lints and compiles every one). Lexicons made from a rule pack's params
# (`lexicon()`) are linted and compiled at once, so a bad pattern there stays a load error.
_COMPILE_ON_FIRST_USE = True


class Lexicon:
    """A list of patterns compiled into one alternation, searched in normalised text."""

    def __init__(self, patterns: Sequence[str], name: str = "lexicon"):
        if isinstance(patterns, str) or not all(isinstance(p, str) and p.strip() for p in patterns):
            raise RulePackError(f"{name}: a lexicon is a list of non-empty patterns")
        self.name = name
        self.patterns = tuple(patterns)
        self._regex_once: Optional[tuple[Optional[re.Pattern]]] = None
        if not _COMPILE_ON_FIRST_USE:
            self.compile()

    def compile(self) -> Optional[re.Pattern]:
        """Lint every pattern (RulePackError on an unsafe one) and compile the alternation, once."""
        compiled = self._regex_once
        if compiled is None:
            for pattern in self.patterns:
                reason = unsafe_reason(pattern)
                if reason:
                    raise RulePackError(f"{self.name}: pattern {pattern!r} {reason}")
            compiled = self._regex_once = (re.compile(_alternation(self.patterns)) if self.patterns else None,)
        return compiled[0]

    def search(self, normalised_text: str, pos: int = 0) -> Optional[re.Match]:
        regex = self._regex_once[0] if self._regex_once is not None else self.compile()
        return regex.search(normalised_text, pos) if regex else None

    def finditer(self, normalised_text: str) -> Iterator[re.Match]:
        regex = self._regex_once[0] if self._regex_once is not None else self.compile()
        return regex.finditer(normalised_text) if regex else iter(())

    def __repr__(self) -> str:
        return f"Lexicon({self.name}, {len(self.patterns)} patterns)"


def _alternation(patterns: Sequence[str]) -> str:
    """One alternation, with every `\\b`-led pattern grouped under a single leading `\\b`.

    Python's `re` can only skip ahead to word boundaries when the whole regex
    starts with one; a single pattern without it (an emoji class, `[$£€]\\d`)
    makes the search try every position, 5-10x slower. Grouping keeps the fast
    path for the bounded patterns; the leftmost match position is unchanged.
    """
    bounded, other = [], []
    for pattern in patterns:
        (bounded if _starts_with_boundary(pattern) else other).append(pattern)
    parts = [r"\b(?:" + "|".join(f"(?:{p[2:]})" for p in bounded) + ")"] if bounded else []
    parts += [f"(?:{p})" for p in other]
    return "|".join(parts)


def _starts_with_boundary(pattern: str) -> bool:
    """True when the pattern is `\\b` followed by the rest, with no top-level alternation."""
    if not pattern.startswith(r"\b"):
        return False
    from tactful.nlp.regex_safety import sre_parse

    parsed = sre_parse.parse(pattern)
    first = parsed[0] if len(parsed) else None
    return first == (sre_parse.AT, sre_parse.AT_BOUNDARY)


@lru_cache(maxsize=512)
def _compiled(patterns: tuple[str, ...], name: str) -> Lexicon:
    return Lexicon(patterns, name)


_BY_LIST: dict[int, tuple[list, Lexicon]] = {}


def lexicon(patterns: Iterable[str] | Lexicon, name: str = "params") -> Lexicon:
    """A compiled lexicon for a rule's `params` list, compiled once per distinct list."""
    if isinstance(patterns, Lexicon):
        return patterns
    if isinstance(patterns, list):  # a rule's params list lives as long as the engine: find it by identity
        known = _BY_LIST.get(id(patterns))
        if known is not None and known[0] is patterns:
            return known[1]
        compiled = _compiled(tuple(patterns), name)
        if len(_BY_LIST) < 4096:
            _BY_LIST[id(patterns)] = (patterns, compiled)  # holding the list keeps its id from being reused
        return compiled
    return _compiled(tuple(patterns or ()), name)


WEEKDAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|fri)")
MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")

# ---- what a draft is doing ---------------------------------------------------

# Selling: offers, discounts, launches, review asks, calls to buy or book. Used only
# together with a history that makes selling wrong, so it may be broad.
PITCH = Lexicon(name="pitch", patterns=[
    r"\b\d{1,2} ?% (?:off|discount)\b", r"[$£€]\d[\d,]{0,8} off\b", r"\b(?<!no-claims )(?<!no claims )discount(?:s|ed)?\b", r"\bhalf[- ](?:price|off)\b",
    r"\b(?:promo|discount|coupon|voucher) code\b", r"\b(?:use|with|enter) (?:the )?code\b", r"\bcoupon\b",
    r"\b(?:on sale|flash sale|clearance|(?:spring|summer|winter|autumn|fall|holiday|seasonal|big|annual|weekend) sale)\b",
    r"\b(?:sale|deals?) (?:is |are )?(?:live|on now|now on)\b", r"\bthis week's deals\b",
    r"\b(?:special|exclusive|limited[- ]time|introductory) (?:offer|deal|price|pricing)\b",
    r"\b(?:back[- ]to[- ]school|summer|holiday|spring|winter|weekend|members?'?) special\b",
    r"\bearly[- ]?bird\b", r"\b(?:pricing|prices|tickets|registration|bookings|sale) (?:is |are )?now (?:live|open)\b",
    r"\bnow live\b", r"\bis live\b", r"\bjust launched\b", r"\b(?:we|i)(?:'ve| have)? (?:just )?launched\b", r"\bnew drop\b",
    r"\b(?:new|latest) (?:collection|arrivals?|range|line|season|models?|release|menu|flavou?rs?|stock|listing|tier|update|feature)\b",
    r"\bjust (?:came|come) in\b", r"\bjust arrived\b", r"\b(?:back|now) in stock\b", r"\bin stock now\b",
    # (a verb, not the noun: "we've closed the shop today", "your order today")
    r"(?<!the )(?<!our )(?<!my )(?<!your )(?<!this )(?<!a )\b(?:shop|buy|order|book|subscribe|upgrade|download|join|grab|claim|register|enrol|enroll) (?:it |them |one |yours |the app |online )?(?:now|today)\b(?!')",
    r"\b(?:get|try|open) (?:it|them|one|yours|the app|an? [a-z-]{2,15} account) (?:now|today)\b(?!')",
    r"\b(?:shop|grab|get|claim|order) yours\b", r"\byou can now (?:buy|book|order|shop|get|pay|download)\b",
    r"\bdid you know (?:you can|that (?:we|our)|we)\b",
    r"\btreat (?:him|her|them|yourself|your \w{2,12}) to (?:a|an|our|some)\b",
    r"\b(?:leave|write|post|give) (?:us |me )?(?:a |an )?(?:quick |short |honest )?(?:\d[- ]star |five[- ]star )?review\b",
    r"\b(?:\d|five)[- ]star review\b", r"\breview (?:us )?on (?:google|yelp|tripadvisor|trustpilot|facebook)\b",
    r"\b(?:our|the) (?:[a-z]+ ){0,2}(?:promo|promotion|sale|offer)s? (?:on|runs|ends|is on|are on)\b",
    r"\b(?:dm|message|pm|inbox|text|call|email|contact) (?:me|us) for (?:prices|pricing|rates|a quote|quotes|a price|details|more info)\b",
    r"\bwe (?:do|offer|sell|make|provide|supply) (?:affordable|cheap|low-cost|discounted|competitive(?:ly priced)?)\b", r"\bshop (?:the|our|my)\b", r"\bsign up\b",
    r"\bfree (?:trial|consultation|demo|quote|audit|assessment|upgrade|lamination|delivery|shipping|gift)\b",
    r"\bupgrade (?:to|your|now)\b", r"\bbook (?:a|your|an?) (?:demo|call|consultation|session|spot|slot|strategy|viewing|free)\b",
    r"\bbook (?:now|online|by|before|today)\b", r"\border (?:your|online|now|by|before)\b",
    r"\b(?:download|get|try) (?:our|the) app\b", r"\b(?:check out|try|discover|explore) (?:our|my|the) (?:new |latest |full )?\w{3,20}\b",
    # "See our menu" sells; "see the messages" or "see the refund" does not, unless the thing is new.
    r"\bsee (?:our|my) (?:new |latest |full )?\w{3,20}\b", r"\bsee the (?:new|latest|full) \w{3,20}\b",
    # A launch: "the all-new X", "we unveil our ...", "at your nearest dealer".
    r"\ball-new\b", r"\bunveil(?:s|ed|ing)? (?:the|our|its|a|an)\b",
    r"\b(?:at|visit) your (?:nearest|local) (?:dealer(?:ship)?|store|showroom|stockist|retailer|branch)\b",
    r"\bour (?:new |latest |full )?(?:app|products?|platform|services|software|solutions?|collection|range|kits?|plans|packages|membership|programme|program|course|league|classes|subscription|pricing|prices|price list|rate card|catalogue|catalog|brochure)\b",
    r"\bour [a-z]{2,15} (?:package|plan|tier|bundle|programme|program|membership|subscription|range|collection|catalogue|catalog|brochure|lookbook|menu|sale)\b",
    r"\b(?:starts?|starting) (?:at|from) (?:just |only )?[$£€]\d", r"\bfrom (?:just |only )?[$£€](?!0(?![.,]\d))\d", r"\b(?:just|only) [$£€]\d",
    r"\b0 ?% (?:finance|apr|interest)\b", r"\bmakes? it easy to (?:upgrade|buy|get|switch|order|book|own)\b",
    r"\bevery (?:home|family|household|business|kitchen|car|office|team) (?:needs|deserves|should have)\b",
    r"\b(?:set|put|keep) (?:one|it|some|a few) aside\b", r"\breserve (?:your|one|a|it)\b",
    r"\bwant me to (?:reserve|hold|book|save|set|put|add|upgrade|send)\b", r"\btest (?:ride|drive)\b",
    # ("I'll come by for a coffee" is the sender's visit, not a call to come in.)
    r"\b(?<!ll )(?<!will )come (?:in|by) (?:for|and (?:try|see|grab))\b", r"\b(?:don't|do not) miss\b", r"\blink in (?:my |the )?bio\b",
    r"\b(?:click|tap) (?:here|the link|below)\b", r"\bget yours\b", r"\b(?:switch|switching|move|moving) (?:over )?to us\b",
    r"\bwant to switch\b", r"\bgive me (?:just )?(?:\d{1,2}|five|ten|fifteen) minutes\b", r"\bstock up\b",
    r"\b(?:renew|renewal|upgrade) (?:now|today|your)\b", r"\bbefore (?:it|they)(?:'s| is|'re| are) gone\b",
    r"\bwhile (?:stocks?|supplies) last\b", r"\bbest (?:deal|price)s?\b", r"\b(?:2|two)[- ]for[- ](?:1|one)\b",
    r"\bbogo\b", r"\bbuy one,? get one\b", r"\btreat yourself\b", r"\bget \d{1,2} free\b", r"\bspaces are limited\b",
    r"\breply (?:yes|y|now|\d)\b", r"\byou qualify\b", r"\b(?:grab|book|claim|secure) (?:a|your) (?:spot|seat|place|slot|ticket)\b",
    r"\bdon't forget to (?:book|grab|sign|register|order|shop|claim|renew)\b", r"\bready for your next\b",
    r"\bready to take the next step\b", r"\b(?:leave|write) us a review\b", r"\b(?:rate|review) (?:your|us|our)\b",
    r"\bhow did we do\b", r"\btag us\b", r"\brefer a friend\b", r"\bperfect time to (?:refresh|upgrade|book|buy|try|order|get)\b",
    r"\bwe now (?:do|offer|have|stock|sell)\b", r"\b(?:ambassador|affiliate|referral) (?:programme|program)\b",
    r"\b(?<!can )(?<!could )(?<!may )(?:i|we) (?:help|specialise|specialize|offer|provide)\b", r"\bour (?:services|agency|platform|solution|software)\b",
    r"\b(?:work together|explore how|show you how|i'?d love to show you|would you be open to|hop on a (?:quick )?call)\b",
    r"\bour [a-z]{2,15} app\b", r"\bfree for (?:\d{1,2}|a|one|two|seven|thirty) (?:days?|weeks?|months?)\b", r"\bbook your\b",
    r"\bbefore (?:prices|the price) (?:go|goes|rise|rises) up\b", r"\bopen (?:a|an|your) [a-z -]{2,25}account\b",
    # the keyword lead magnet ("Comment 'REBUILD' and I'll send you my framework") and the credential pitch
    r"\b(?:comment|dm|message|inbox)(?: me| us)?(?: with)? [\"'“‘][a-z]{3,15}[\"'”’]", r"\bi(?:'ve| have) helped (?:over |more than )?\d{2,6}\+? [a-z]{3,20}\b",
    r"\b(?:is|are) back on the menu\b", r"\b(?:a |leave a )?gift in your will\b|\blegacy gifts?\b",
    r"\b(?:my|our) (?:new|latest|free) (?:channel|page|profile|video|single|album|ebook|e-book|book|course|podcast|newsletter|shop|store|website|blog|program|programme|masterclass|webinar|offer|product|app|mentorship|coaching|community)\b",
])

# A named sales opener: "I help...", "we offer...", "our platform", "book a demo", "hop on a call".
# (PITCH above holds narrower forms of the first three, as a pitch is read after a clash in their history.)
SALES_OPENER = Lexicon(name="sales_opener", patterns=[
    r"\b(?<!can )(?<!could )(?<!may )(?:i|we) (?:help|specialise|specialize|offer|provide|work with)\b",  # not "could we help?"
    r"\bour (?:services|agency|platform|solution|software|team can)\b",
    r"\b(?:work together|explore how|show you how|i'?d love to show you|would you be open to|hop on a (?:quick )?call|"
    r"book (?:a|your) (?:call|demo|consultation|strategy session)|quick (?:call|chat) (?:this|next) week)\b",
])

# The sender pointing at their own channel, shop, course, product or link ("my new course", "our pinned post").
SELF_PROMOTION = Lexicon(name="self_promotion", patterns=[
    r"\b(?:my|our) (?:[\w-]+ ){0,2}?(?:channel|page|profile|video|single|album|ebook|e-book|book|"
    r"course|podcast|newsletter|shop|store|website|site|blog|program|programme|masterclass|webinar|"
    r"offer|product|app|mentorship|coaching|group|community|pinned post|link)\b",
])

# Unmistakable promotion: discounts, codes, sales, buy-now.
HARD_PITCH = Lexicon(name="hard_pitch", patterns=[
    r"\b\d{1,2} ?% (?:off|discount)\b", r"[$£€]\d[\d,]{0,8} off\b", r"\b(?:promo|discount|coupon|voucher) code\b",
    r"\b(?:use|with|enter) (?:the )?code\b", r"\b(?:on sale|flash sale|clearance sale)\b", r"\bhalf[- ](?:price|off)\b",
    r"\b(?:special|exclusive|limited[- ]time) (?:offer|deal)\b", r"\b(?:2|two)[- ]for[- ](?:1|one)\b",
    r"(?<!the )(?<!our )(?<!my )(?<!your )(?<!this )(?<!a )\b(?:shop|buy|order) (?:now|today)\b", r"\blink in (?:my |the )?bio\b", r"\bfree trial\b",
])

# A price put as a deal: a multi-buy ("2 for $10", "3 for £12"), a price as a bargain ("just $29.99", "now only
# £5"), or a price beside a time limit ("$911 today only", "£40 this weekend only").
PRICED_DEAL = Lexicon(name="priced_deal", patterns=[
    r"\b\d{1,2} for [$£€]\d",
    r"\b(?:just|only) [$£€]\d",
    r"[$£€]\d[\d,.]{0,8}\b[^.!?\n]{0,40}\b(?:today|tonight|this (?:week|weekend|month)|(?:while|until) (?:stocks?|supplies) last)\s?only\b",
    r"\b(?:today|tonight|this (?:week|weekend|month)) only\b[^.!?\n]{0,40}[$£€]\d",
])

# Asking for a meeting, a call, a demo or a slot of their time.
MEETING_ASK = Lexicon(name="meeting_ask", patterns=[
    r"\b(?:quick|short|brief|15[- ]min(?:ute)?|10[- ]min(?:ute)?|20[- ]min(?:ute)?|30[- ]min(?:ute)?) (?:(?:intro|introductory|discovery|exploratory) )?(?:call|chat|demo|meeting|walkthrough|look)\b",
    r"\b(?:hop|jump) on a (?:quick )?call\b", r"\b(?:quick |short )?demo\b",
    r"\b(?:book|schedule|set up|grab|arrange) (?:a |some )?(?:quick |short )?(?:call|demo|meeting|chat|time)\b",
    r"\b(?:does|would|could) (?:" + WEEKDAYS + r"|tomorrow|next week|this week)(?: or (?:" + WEEKDAYS + r"|\w{2,9}))? (?:work|suit)\b",
    r"\bare you (?:free|available) (?:on|this|next|for)\b", r"\b(?:\d{1,2}|a few|ten|fifteen) minutes of your time\b",
    r"\bgive me (?:just )?(?:\d{1,2}|five|ten|fifteen) minutes\b", r"\bwhen can we (?:talk|chat|meet|speak)\b",
    r"\bopen to (?:a|an) (?:call|chat|demo|conversation|meeting|pilot|trial)\b", r"\b(?:30|14|7)-day pilot\b",
    r"\b(?:\d{1,2}|a few|ten|fifteen|twenty) (?:minutes|mins) (?:on|in) your (?:calendar|diary|schedule)\b",
    r"\b(?:i'd|i would) love (?:\d{1,2}|a few|ten|fifteen|twenty) (?:minutes|mins)\b",
    r"\b(?:grab|find|steal|book) (?:\d{1,2}|a few|fifteen|twenty|thirty) (?:minutes|mins)\b",
])

# Pushing an offer they turned down: asking to send it anyway, to reconsider.
OFFER = Lexicon(name="offer", patterns=[
    r"\bwant (?:the|me to send|details|a copy|the link|to see|more info)\b", r"\b(?:mind if|shall|can|may) i send\b",
    r"\bwould you like (?:to see|me to send|a copy|the|more)\b", r"\breconsider\b", r"\bchange your mind\b",
    r"\bbefore you go\b", r"\bstill (?:interested|open|thinking)\b", r"\bany chance you(?:'d| would)\b",
    r"\bjust so (?:you|u) know\b", r"\bone (?:more|last) (?:thing|time|chance)\b", r"\bin case it's handy\b",
    r"\bif you change\b", r"\bsending (?:over|it|you)\b", r"\bhere's (?:our|my|the) (?:latest|new|price|offer)\b",
])

# Celebration: fits good news only.
CELEBRATE = Lexicon(name="celebrate", patterns=[
    r"\bcongrat\w{0,12}", r"\bhappy (?:\d{1,3}(?:st|nd|rd|th) |belated )?(?:birthday|bday|anniversary|gotcha day)\b",
    r"\blov(?:e|ing) (?:this|it|that|these)\b", r"\bamazing\b", r"\bawesome\b",
    r"\bfantastic\b", r"\bincredible\b", r"\b(?:great|good|exciting|fantastic|big|amazing) news\b", r"\bso excited\b",
    r"\bexcit(?:ed|ing)\b", r"\bwo+ho+\b", r"\bya+y\b", r"\bhooray\b", r"\b(?:crushing|killing|smashing|nailing) it\b",
    r"\blet'?s go+\b", r"\bnothing beats\b", r"\bha(?:ha){1,10}\b", r"\blol\b", r"\bso (?:happy|thrilled|stoked|pumped|glad)\b",
    r"\bthrilled\b", r"\bwhat a (?:day|win|week)\b", r"\bcan't wait\b", r"\bwell deserved\b",
    "[\U0001F600-\U0001F606\U0001F60D\U0001F929\U0001F973\U0001F389\U0001F38A\U0001F525\U0001F4AF\U0001F64C\U0001F44F"
    "\u2728\U0001F680\U0001F4AA\U0001F388\U0001F483\U0001F57A\U0001F60E\U0001F970\U0001F3C6\U0001F942\U0001F37E]",
    r"!!",
])

# Upbeat pleasantries: fine on an ordinary day, wrong after bad news or a complaint.
PLEASANT = Lexicon(name="pleasant", patterns=[
    r"\bhave an? (?:great|brilliant|fantastic|wonderful|lovely|awesome|nice|good|amazing|fab) (?:day|week|weekend|one|time|trip)\b",
    r"\benjoy (?:the|your) (?:day|week|weekend|long weekend|holiday|break|trip)\b", r"\bhappy (?:" + WEEKDAYS + r"|weekend|friyay)\b",
    r"\bgood morning\b", r"\bhope (?:you(?:'re| are)|you had|you've had|your) (?:having |had )?(?:a )?(?:great|good|lovely|fantastic|brilliant|wonderful|nice)\b",
    r"\bsounds good\b", r"\bfantastic\b", r"\bglad you(?:'re| are) (?:enjoying|loving|happy)\b",
    "[\U0001F60A\U0001F642\U0001F604\U0001F601\U0001F44D\u2600\U0001F31E\u2B50\U0001F31F\U0001F49B\U0001F49A\U0001F499\U0001F49C\U0001F9E1\u2764\U0001F495]",
])

# A positive acknowledgement that fits good news only ("Glad to hear it!").
POSITIVE_ACK = Lexicon(name="positive_ack", patterns=[
    r"\b(?:glad|great|happy|good|lovely|nice) to hear\b",
    r"\bglad (?:you(?:'re| are)|it's|that) (?:enjoying|happy|loving|working|sorted)\b",
    r"\bthanks? (?:you )?(?:so much )?for (?:tagging|mentioning|the (?:shout|love|kind words|mention|tag|feedback)|sharing)\b",
    r"\bwe (?:appreciate|value) (?:your|the|all) (?:feedback|support|business|kind words|custom|customers)\b",
    r"\bhappy (?:to help|you(?:'re| are) happy)\b",
])

# Sympathy, concern, patience: what fits after bad news.
SYMPATHY = Lexicon(name="sympathy", patterns=[
    r"\bsorry\b", r"\bcondolence", r"\bsympath", r"\bthinking (?:of|about) (?:you|them|him|her|your)\b",
    r"\bthoughts (?:are|go) (?:with|out)\b", r"\bheart\w{0,6} (?:goes|go|is|are) out\b", r"\bheartbr\w{0,6}", r"\bheartbreaking\b",
    r"\bdevastat\w{0,6}", r"\bawful\b", r"\bterrible\b", r"\bso sad\b", r"\bsad (?:to|news)\b", r"\brough\b",
    r"\b(?:tough|hard|difficult) (?:time|day|week|news|one|year|month)\b", r"\b(?:sounds|must be|that's|that is|it's|it is|was|were|has been|have been) (?:so |really |very |incredibly )?(?:hard|tough|difficult)\b",
    r"\bhugs?\b", "\U0001F494", r"\btake (?:care|your time|all the time)\b", r"\bbe (?:kind|gentle) to yourself\b",
    r"\bno (?:rush|pressure|hurry)\b", r"\bhere (?:for you|if you need)\b", r"\banything (?:i|we) can do\b",
    r"\bsending (?:love|hugs|strength|good|thoughts|you)\b", r"\brest in peace\b", r"\brip\b", r"\bget well\b",
    r"\bfeel better\b", r"\bon the mend\b", r"\bhang in there\b", r"\bthat sucks\b",
    r"\bhope (?:he|she|they|you|your \w{2,12}|everyone)(?:'s|'re| is| are)? (?:ok|okay|alright|safe|well soon|feeling better|recover\w{0,3}|on the mend|doing (?:ok|okay|alright)|holding up|hanging in)\b",
    r"\bhope (?:the|your) (?:recovery|surgery|treatment)\b", r"\b(?:so )?glad (?:he|she|they|you|everyone)(?:'s|'re| is| are) (?:all )?(?:ok|okay|safe|stable|alright|home|recovering)\b",
    r"\bdeepest\b", r"\bcan'?t imagine\b", r"\bwhat a loss\b", r"\bprayers\b", r"\bmiss(?:ing)? (?:him|her|them)\b",
    r"\bno need to apologi[sz]e\b", r"\bplease don'?t apologi[sz]e\b", r"\bwhenever you(?:'re| are) ready\b",
    r"\b(?:we'll|we will|i'll|i will|going to) miss\b", r"\bwill be (?:so |sorely |much )?missed\b", r"\bthank you for everything\b",
    r"\bare you (?:ok|okay|alright|all right|safe)\b", r"\boh no\b", r"\b(?:what|that's|that is|such) a shame\b",
    r"\boh (?:goodness|dear|my|gosh)\b",
])

# Owning a complaint: apology, concern or a concrete next step.
APOLOGY = Lexicon(name="apology", patterns=[
    r"\bsorry\b", r"\bapolog(?:i[sz]|ies\b|y\b)", r"\bnot (?:ok|okay|good enough|acceptable|right|on)\b", r"\bunacceptable\b",
    r"\blook(?:ing)? into\b", r"\bfrustrat\w{0,6}", r"\bi hear you\b", r"\bunderstand (?:the|your|how|why)\b",
    r"\b(?:i'll|i will|we'll|we will|let me|let us|i'm going to|we're going to) (?:look|check|find out|call|ring|sort|fix|make|send|get|chase|escalate|arrange|refund|replace|come|be)\b",
    r"\bmake (?:it|this|things) right\b", r"\brefund", r"\breplacement\b", r"\b(?:dm|message|email) (?:us|me) (?:your|with|the)\b",
    r"\b(?:at|on) (?:our|my) (?:cost|expense)\b", r"\bmy fault\b", r"\bour fault\b", r"\bshould(?:n't| not) have\b",
    r"\byou(?:'re| are) right\b",
])

# Respecting a no: confirming, apologising, wishing well.
RESPECT = Lexicon(name="respect", patterns=[
    r"\bunderstood\b", r"\bunderstand\b", r"\btotally get it\b", r"\bas you (?:asked|requested|prefer|suggested)\b",
    r"\b(?:won't|will not|not going to|wont) (?:contact|message|email|text|bother|reach out|send|call|write|follow up)\b",
    r"\b(?:removed|unsubscribed|taken (?:you )?off|opted (?:you )?out)\b",
    r"\b(?:you won't|you will not) (?:hear|get|receive)\b", r"\bsorry (?:to|for) (?:bother|the)\w{0,6}\b",
    r"\bno (?:problem|worries)\b", r"\bof course\b", r"\ball the best\b", r"\b(?:best of|good) luck\b",
    r"\bthanks? (?:you )?for letting (?:me|us) know\b", r"\brespect (?:that|your)\b", r"\btake care\b",
    r"\bapologi[sz]", r"\bfair enough\b", r"\bnoted\b", r"\bsorry to see you go\b",
    r"\b(?:off|removed from|taken off) (?:the|our|my|this|every|all|all of|any) (?:\w+ )?(?:lists?|databases?)\b",
    r"\b(?:won't|will not) (?:get|receive|hear) (?:anything|any more|anymore|from us)\b",
    r"\b(?:entendido|disculp\w{1,3}|perd[oó]n|compris|d[ée]sol[ée]e?|verstanden|entschuldig\w{1,4})\b",
])

# Confirming a plan, booking or order as it stands.
CONFIRM = Lexicon(name="confirm", patterns=[
    r"\bsee (?:you|u|y'all|everyone) (?:then|there|on|at|soon|tomorrow|tonight|next|" + WEEKDAYS + r")\b", r"\bconfirm(?:ed|ing)\b",
    r"\b(?:you're|you are|you're all|all|we're|we are) (?:booked|set|confirmed|sorted|good to go)\b",
    r"\b(?:booked|put|pencil+ed|signed|penciled|written) you (?:in|down|up)\b", r"\bput you down\b",
    r"\bhave you (?:down|booked|in)\b", r"\blocked in\b", r"\b(?:that|it|this) works\b", r"\bworks (?:for me|for us|great|perfectly)\b",
    r"\b(?:order|booking|appointment|reservation|visit|session|lesson|table) (?:is )?(?:confirmed|placed|booked|on)\b",
    r"\bcount (?:you|us) in\b", r"\bcome (?:by|in|over|along|round) (?:at|on|this|tomorrow|next|for)\b",
    r"\b(?:we'll|we will|i'll|i will) have (?:\w+ ){0,3}ready\b", r"\b(?:\d{1,2}(?:st|nd|rd|th|am|pm)?|" + WEEKDAYS + r") it is\b", r"\bit's a date\b", r"\b(?:\d{1,2}(?::\d{2})? ?(?:am|pm)?|" + WEEKDAYS + r") (?:works|is perfect|is fine|is great)\b",
    r"\bthanks? (?:you )?(?:so much )?for (?:the|our|today's|this morning's) (?:call|meeting|chat|session|visit|lesson|class)\b",
    r"\b(?:i'll|we'll|i will|we will) (?:be there|see you|have (?:it|them|everything) ready|bring)\b",
    r"\bon (?:the )?calendar\b", r"\bin the diary\b", r"\blooking forward to\b", r"\blook forward to\b",
    r"\breminder\b", r"\bdon't forget\b", r"\bcan't wait\b", r"\bcounting down\b",
    r"\byour (?:appointment|booking|order|delivery|table|session|pickup|driver|slot|visit|call|reservation|lesson|class)\b(?! (?:was|has been) cancel)",
    r"\bon (?:its|it's|the) way\b", r"\barriving\b", r"\bis now active\b", r"\bhas been (?:charged|shipped|dispatched|booked)\b",
    r"\bwill meet you\b", r"\bshipped to\b", r"\bjust a reminder\b",
])

# Follow-up nudges on our own earlier messages.
NUDGE = Lexicon(name="nudge", patterns=[
    r"\bbump(?:ing)? (?:this|it|my|our|the)\b", r"\bcircl(?:e|ing) back\b", r"(?<!\bfor )(?<!\bfor the )(?<!\bfor your )\bfollow(?:ing)?[- ]up\b",
    r"\bjust checking in\b", r"\bchecking in (?:on|again|once|to see|about|with you)\b",
    r"\bme again\b", r"\bany (?:update|news|thoughts|word|feedback|progress|interest)\b",
    r"\b(?:did|have|had) you (?:get|had|have|got) a chance\b", r"\bany chance you(?:'ve| have)? (?:had a|seen|read|looked|got)\b",
    r"\b(?:haven't|have not|didn't|did not) hear(?:d)? back\b", r"\bnot sure (?:if|whether) you (?:saw|got|received|had)\b",
    r"\bin case (?:you missed|it got|this got)\b", r"\bgot buried\b", r"\bresend\w{0,3}\b", r"\b(?:top|front) of your inbox\b",
    r"\b(?:gentle|friendly|quick) reminder\b", r"\b(?:one )?last (?:try|attempt)\b", r"\bstill interested\b",
    r"\bfloat(?:ing)? this\b", r"\bresurfac", r"\bping\b",
    r"\bjust (?:wanted|want) to (?:check|see|make sure|follow)\b", r"\bdid you (?:see|get|receive) my\b",
    r"\bchecking (?:you|that you|if you|whether you) (?:saw|got|received|had)\b",
    r"\bhad a (?:look|chance)\b", r"\bonce more\b", r"\bone more time\b", r"\b(?:again|another) (?:about|on) (?:the|my|our)\b",
    r"\breached out (?:a few|several|multiple|a couple of) times\b", r"\b(?:appreciate|love) a (?:reply|response)\b",
    r"\b(?:a )?(?:reply|response|answer) either way\b", r"\bi know you(?:'re| are) busy\b", r"\bstill thinking it over\b",
])

# Openers and phrases that answer a yes/no question.
YES_NO = Lexicon(name="yes_no", patterns=[
    r"\b(?:yes|yeah|yep|yup|yas|no|nope|nah|sure|absolutely|definitely|certainly|unfortunately|sadly|afraid|correct|exactly|indeed)\b",
    r"\b(?:of course|not yet|not at the moment|not really|not quite|got it|will do|sounds good|sure thing|no problem|no worries|deal|done)\b",
    r"(?:^|[.!?]\s{1,3})\W{0,3}(?:it|we|they|he|she|that|there|this|i|you)(?:'s|'re|'ll|'ve|'m| am| is| are| do| does| did| can| will| was| were| has| have| should| would| could)(?: just| already| still| also| really)?(?:n't| not)?(?=\W{0,3}$|[,.!;—-]| (?:not|indeed|definitely|absolutely|always|usually|still|also|both|all|fully|totally|open|closed|included|available|free|covered|compatible|fine|ok|okay|on|off|until|going ahead|cancelled|delayed|running|shipped|sent|booked|done|ready|nut-free|accessible))",
    r"\b(?:works|perfect|ok|okay|fine|agreed|fair enough)\b", r"\b(?:that's|that is|sounds|seems|it's|is) fair\b", r"\bsounds like a plan\b", r"\b(?:will|would|should) work\b", r"\bwork(?:s|ed)? out\b",
    r"\b(?:i|we) (?:think|guess|believe|suppose|reckon|hope) (?:so|not)\b", r"\bnot that (?:i|we) (?:know|am aware|can see)\b",
    r"\b(?:i'd|i would|we'd|we would) (?:go|grab|get|pick|choose|take|say|recommend|suggest|stick)\b", r"\b(?:honestly|personally)\b",
])

# Taking a question up without answering yet: "let me check and get back to you".
DEFER = Lexicon(name="defer", patterns=[
    r"\b(?:let me|i'll|i will|we'll|we will|i'm going to|going to) (?:check|find out|ask|look|get back|confirm|send|come back|double-check|dig)\b",
    r"\bget back to you\b", r"\b(?:good|great|fair) question\b", r"\bnot sure\b", r"\bdepends\b", r"\bi don't know\b",
    r"\b(?:i have |i've |i've got )?no idea\b",
    r"\b(?:as you asked|as requested|like you asked|you asked (?:me|us) to)\b",
])

# Signs a request was fulfilled: "here's the invoice", "attached".
FULFILLED = Lexicon(name="fulfilled", patterns=[
    r"\bhere(?:'s| is| are| it is| you go)\b", r"\battach(?:ed|ing)\b", r"\bsent\b", r"\bsending\b", r"\benclosed\b",
    r"\b(?:i'll|i will|we'll|we will) send\b", r"\bdone\b", r"\bwill do\b", r"\bon (?:its|it's) way\b", r"\bbelow\b",
])

# Brushing a question off: forwarding it on without an answer.
DEFLECT = Lexicon(name="deflect", patterns=[
    r"\bpass (?:this|it|that) (?:on|along)\b", r"\bforward(?:ed|ing)? (?:this|it|your)\b",
    r"\b(?:the|our|a) (?:relevant )?(?:team|department) will\b", r"\bone of (?:our|the) team\b",
])

# Stiff form-letter language: strong markers count alone, weak ones in pairs.
FORM_LETTER_STRONG = Lexicon(name="form_letter_strong", patterns=[
    r"\bdear (?:sir|madam|sir/madam|sir or madam|client|customer|valued|patron|member|user|guest|patient|parent|parents|volunteer|applicant|resident|subscriber|supporter|donor|friend of)\b",
    r"\bto whom it may concern\b", r"\backnowledge[sd]? (?:the )?(?:receipt|your)\b",
    r"\b(?:thank you|we thank you|thanking you) for your (?:patronage|valued|continued|esteemed)\b",
    r"\bwe hereby\b", r"\bherewith\b", r"\bpursuant to\b", r"\b(?:as per|in accordance with) (?:section|clause|our (?:policy|terms))\b",
    r"\bplease be advised\b", r"\bkindly be (?:informed|advised)\b", r"\bwe regret to inform\b", r"\byour (?:correspondence|esteemed|communication)\b",
    r"\bthis is an automated\b", r"\b(?:has|have) been (?:logged|recorded) and will be\b", r"\brelevant department\b",
    r"\bforfeiture\b", r"\bwithout prejudice\b",
])
FORM_LETTER_WEAK = Lexicon(name="form_letter_weak", patterns=[
    r"\bdo not hesitate\b", r"\bdon't hesitate\b", r"\bshould you (?:have|require) any\b",
    r"\b(?:business|office) hours\b", r"\bon behalf of\b", r"\byours (?:faithfully|sincerely|truly)\b",
    r"\bwe thank you\b", r"\bkindly\b", r"\bi hope this (?:email|message|letter|note) finds you\b",
    r"\b(?:a|the) (?:leading|premier|trusted) (?:global |international |national |local )?(?:provider|supplier|firm|company|agency)\b",
    r"\bcompany (?:profile|brochure)\b", r"\bfor your (?:perusal|reference|consideration)\b", r"^good day\b",
    r"\bwide range of\b", r"\bthanks? (?:you )?for your interest in\b", r"\bvalued (?:customer|client|member)\b",
    r"\bfurther (?:inquiries|enquiries|assistance|questions)\b", r"\b(?:feel free|please feel free) to (?:reach out|contact)\b",
    r"\bwe (?:are pleased|would like|are delighted) to (?:inform|offer|introduce|confirm)\b", r"\bour (?:services|solutions) include\b",
    r"\bin over \d{1,4}\b", r"\bprofessional (?:services|solutions)\b", r"\bdear \w{2,20} team\b", r"\bregards,\s{0,3}\n?\s{0,3}customer\b",
    r"\bplease find (?:attached|enclosed)\b", r"\bthank you for choosing\b", r"\bthank you for calling\b",
])

# Generic replies: thanks-for-your-message, talk soon, one of our team will be in touch.
FORM_REPLY = Lexicon(name="form_reply", patterns=[
    r"\bthanks? (?:you )?(?:so much )?for (?:reaching out|contacting|getting in touch|your (?:message|email|enquiry|inquiry|feedback|comment|patience|interest|business|order|support)|the (?:message|feedback|comment|mention|tag|brief)|tagging|mentioning|being (?:a|part)|stopping by|dining|staying|choosing|calling|shopping)\b",
    r"\bwe (?:appreciate|value) (?:your|the|you|all)\b", r"\byour (?:message|request|enquiry|inquiry|ticket|feedback) (?:has been|was|is) (?:received|logged|important|valuable)\b",
    r"\bwe will (?:get back|be in touch|respond)\b", r"\b(?:a member|one) of (?:our|the) (?:\w{2,12} )?team\b", r"\bdo not reply\b",
    r"\bwill be in touch (?:shortly|soon)\b", r"\bwithin \d{1,2}(?:[-–]\d{1,2})? (?:hours|business days|working days)\b",
    r"\blet (?:us|me) know if (?:there's|there is|you need|you have) (?:anything|any)\b", r"\bhappy to help\b", r"\b(?:talk|speak|chat) soon\b",
    r"\bsounds good\b", r"\bstay tuned\b", r"\bfeel free to reach out\b", r"\b(?:don't|do not) hesitate\b",
    r"\bhope (?:this|that) helps\b", r"\bhave an? (?:great|brilliant|fantastic|wonderful|lovely|awesome|nice|good) (?:day|week|weekend)\b",
    r"\bglad (?:to hear|you)\b", r"\bthanks? for (?:following|connecting|the follow)\b", r"\bexcited to (?:get started|work|be)\b",
    r"\blet (?:us|me) know if (?:anything|you have any)\b", r"\bwe hope (?:you|to see)\b",
])

# What a stranger says: wrong to someone you already know.
STRANGER = Lexicon(name="stranger", patterns=[
    r"\b(?:would love|i'd love) to connect\b", r"\bswap notes\b", r"\bnoticed we(?:'re| are) both\b",
    r"\b(?:a little|a bit) about (?:us|me|our company)\b", r"\bwhat brings you to\b", r"\bnice to connect\b",
    r"\bcame across your (?:profile|business|company|page|website)\b", r"\bthanks? (?:you )?for your interest in\b",
    r"\b(?:wanted to|i'd like to) introduce (?:myself|our company|us)\b",
])

# Cold-outreach lines: what a stranger's sequence says.
COLD_INTRO = Lexicon(name="cold_intro", patterns=list(STRANGER.patterns) + [
    r"\b(?:i|we) help (?:[a-z0-9-]{2,15} ){1,3}(?:like you|\dx|double|triple|scale|grow)\b",
    r"\b(?:noticed|saw) (?:that )?you (?:visited|checked out|downloaded|viewed)\b",
    r"\bwould you be interested in (?:learning|hearing|finding out)\b", r"\b(?:reaching|reach) out to (?:\w{2,15} )?(?:professionals|people|leaders|founders|businesses|owners) like you\b",
    r"\bopen to hearing more\b", r"\bwanted to (?:reach out|introduce)\b", r"\bintroduce (?:our|my)\b", r"\bexciting opportunit",
])

# Unfilled merge fields in a draft.
PLACEHOLDER = Lexicon(name="placeholder", patterns=[
    r"\{\{[^{}\n]{1,60}\}\}", r"\[(?:first ?name|name|company|your name)\]", r"%[a-z_]{3,30}%", r"\*\|[a-z_]{2,30}\|\*",
])

# Mentioning the conversation just had: a sign a person, not a sequence, is writing.
MOMENT_REFERENCE = Lexicon(name="moment_reference", patterns=[
    r"\b(?:the|our|today's|this morning's|yesterday's|earlier) (?:call|chat|meeting|conversation|visit|session|review|consult|consultation|demo|walkthrough)\b",
    r"\b(?:great|good|nice|lovely|fun) (?:talking|chatting|speaking|meeting|seeing)\b",
    r"\bthanks? (?:you )?(?:so much )?for (?:your time|the call|taking the time|meeting|chatting|having me|coming|the chat|the meeting)\b",
    r"\bas (?:discussed|promised|agreed|mentioned)\b", r"\bas we discussed\b", r"\bfollowing our\b",
    r"\b(?:the|my|our) (?:slides|deck|notes|recording|minutes|summary|recap|estimate|quote)\b", r"\b(?:this morning|earlier today)\b",
])

# A short opener or sign-off that carries no content.
PLEASANTRY = Lexicon(name="pleasantry", patterns=[
    r"^\W{0,3}(?:hi|hey|hello|hiya|dear|good (?:morning|afternoon|evening)|thanks|thank you|great|perfect|awesome|cheers|best|regards|ok|okay|sure)\b",
])


# ---- what their messages say, read in so many words (the `them.*` lexicon signals) ----------------

# A request to stop: after this, anything but a confirmation is out of step.
# They ask to be chased: a nudge they asked for is no nudge ("Nudge me Thursday if you haven't heard back",
# "chase me next week", "ping me on Monday", "follow up with me after the board meeting").
ASKED_TO_BE_NUDGED = Lexicon(name="asked_to_be_nudged", patterns=[
    r"\b(?:nudge|ping|chase|bug|poke|remind|prod) me\b",
    r"\b(?:follow up|check back|check in|circle back) (?:with me )?(?:on|next|in|after|if|when|around|later)\b",
    r"\b(?:feel free to|do|please|happy for you to) (?:follow up|chase|nudge|check (?:back|in))\b",
    # keeping them to their own date ("please keep us on track", "hold me to it")
    r"\b(?:keep|kept) (?:me|us) (?:on track|honest|posted on (?:what|anything) (?:we|i) (?:owe|need))\b|\bhold (?:me|us) to (?:it|that|this)\b",
])

# The last message of a sequence, ending it ("I'll take that as a no and stop here", "this is my last email").
CLOSES_THE_LOOP = Lexicon(name="closes_the_loop", patterns=[
    r"\btak(?:e|ing) (?:that|it|this|your silence) as a (?:no|not now|pass)\b",
    r"\b(?:i'll|i will|i'm going to|going to|let me) (?:stop|leave it|leave things) (?:here|there|now|at that)\b",
    r"\b(?:i|we) (?:won't|will not) (?:follow up|chase|message|email|write|contact you|bother you|reach out) (?:again|further|any ?more)\b",
    r"\b(?:this is|this'll be|this will be) (?:my|our) (?:last|final) (?:message|email|note|follow-?up)\b",
])

# A stop request as a note of a call records it, in the third person ("asked us not to contact her", "doesn't want
# any more calls", "no further contact").
NOTED_STOP = Lexicon(name="noted_stop", patterns=[
    r"\basked (?:us|me|you|them) (?:not to|to stop) (?:contact|call|text|email|messag|ring|phon|send|writ)\w{0,5}",
    r"\b(?:asked|wants|wanted) to be (?:removed|taken off)\b",
    r"\b(?:does not|doesn't|do not|don't|did not|didn't) (?:want|wish) (?:any )?(?:more |further )?(?:contact|calls|texts|emails|messages|reminders)\b",
    r"\bno (?:further|more) (?:contact|calls|texts|emails|messages|reminders)\b",
    r"\b(?:do not|don't) (?:contact|call|text|email)\b",
])

# A cancellation taken down in a call or visit note ("Ana phoned: has to cancel Thursday", "called to cancel all
# appointments"); a note that also rebooks or moves it is not one (NOTED_REBOOKED).
NOTED_CANCEL = Lexicon(name="noted_cancel", patterns=[
    r"\b(?:called|phoned|rang|rung|came in|emailed|wrote|texted|asked|wants|wanted|has|had|needs?|needed) to cancel\b",
    r"\bcancell?ed (?:by phone|over the phone|on the phone|in person)\b",
    r"\bcancel(?:led|ling|s)? (?:all|her|his|their|the|both) (?:appointments?|bookings?|sessions?|lessons?|visits?|orders?|reservations?|classes|treatments?)\b",
    r"\b(?:doesn't|don't|does not|do not|no longer) want (?:the|her|his|their|it|this|that)\b[^.!?\n]{0,30}\b(?:any ?more|now|after all)\b",
])
NOTED_REBOOKED = Lexicon(name="noted_rebooked", patterns=[
    r"\b(?:re-?booked|re-?scheduled|moved (?:it |her |him |them )?to|changed (?:it )?to|swapped (?:it )?(?:to|for))\b",
])

STOP_REQUEST = Lexicon(name="stop_request", patterns=[
    r"\bstop (?:messag|email|text|contact|call|spamm|send|bother|writ|dm|pestering|harass)\w{0,6}",
    r"\bplease stop\b(?! by| in| over| at)",
    r"^\W{0,3}stop\W{0,5}$",
    r"\bunsubscrib\w{1,3}\b",
    r"\bremove (?:me|us|my|our)\b",
    r"\btake (?:me|us|my \w{2,10}|our \w{2,10}) off\b",
    r"\boff (?:your|the) (?:list|mailing list|database)\b",
    r"\b(?<!can )(?<!could )(?<!will )opt(?:ing)? (?:me |us )?out\b",
    r"\bleave me alone\b",
    r"\bwrong number\b",
    r"\b(?:don't|do not|please don't) (?:slide into my dms|dm me with|send (?:me )?(?:any )?(?:discount codes?|promo codes?|promos?|offers?))\b",
    r"\btake (?:it|him|her|them|my [a-z]{2,12}) off (?:your|the) (?:system|list|records|database|books)\b",
    r"\b(?:don't|do not|never) (?:contact|message|email|text|call|dm|write to|reach out to) (?:me|us)\b",
    r"\b(?:i've|i have|i) (?:already )?told you (?:to stop|not to|no|twice|that i'm not|that we're not|i'm not|we're not|i am not|we are not)\b",
    r"\bfor the last time\b",
    r"\bhow many times (?:do|must|have|will|am|did) (?:i|we)\b",
    r"\blose my number\b",
    r"\bno more (?:emails|messages|texts|calls)\b",
    r"\btoo many (?:emails|messages|texts|calls)\b",
    r"\b(?:report|block)(?:ing|ed)? (?:you|this|your)\b",
    r"\bblocking\b",
    r"\bmark(?:ing)? (?:this|you) as spam\b",
    r"\b(?:this is|that's|it's|you're|stop) harass\w{0,5}\b",
    r"\b(?:trading standards|legal action|my lawyer|ofcom|the ftc)\b",
    r"\b(?:ya )?no me (?:escriban|escribas|contacten|molesten)\b",
    r"\b(?:darme|dar) de baja\b",
    r"\bne (?:plus )?me (?:contactez|écrivez)\b",
    r"\bdésabonn\w{0,4}\b",
    r"\babmelden\b",
])

# A polite no to an offer: after this, pushing the offer again is out of step.
DECLINED = Lexicon(name="declined", patterns=[
    r"\bnot interested\b",
    r"\bno longer interested\b",
    r"\bno,? thank(?:s| you)\b(?! for| so much| needed| necessary)",
    r"\bno gracias\b",
    r"\bnon merci\b",
    r"\bnein danke\b",
    r"\b(?:we're|we are|i'm|i am) (?:pretty |very |quite |really |perfectly )?(?:happy|fine|good|satisfied|set) with (?:what|our|my|the one|the current|how|who)\b",
    r"\b(?:we're|we are|i'm|i am) (?:all set|good for now|not looking)\b",
    r"\bnot (?:a (?:good )?fit|for (?:us|me)|looking for (?:a|any))\b",
    r"\b(?:we'll|we will|i'll|i will|going to|gonna) pass\b",
    r"\bpass on this\b",
    r"\b(?:i|we) said no\b",
    r"\b(?:it's|that's) a no\b",
    r"\bsaying no to\b",
    r"\b(?:please )?(?:don't|do not) follow up\b",
])

# A stop request limited to selling: service messages (a reminder, a receipt) may still go.
SELLING_ONLY = Lexicon(name="selling_only", patterns=[
    r"\b(?:promo\w{0,6}|marketing|newsletters?|offers?|sales|deals?|ads|adverts?|advertising)\b",
])

# They chose someone else, decided against it, ended it or left.
DECIDED_AGAINST = Lexicon(name="decided_against", patterns=[
    r"\b(?:we've|we have|i've|i have|we|i) (?:decided|chosen|opted) (?:not to|against)\b",
    r"\b(?:decided|chosen|opted|chose) to (?:go|stay|stick|work|sign|continue) with (?!you\b|your\b|yours\b|us\b)",
    r"\b(?:we|i) (?:have|need|had) to (?:stop(?! and\b| to\b| myself\b)|pull out of|withdraw from|drop out|give up)\b",
    r"\b(?:doesn't|don't|does not|do not) want to (?:commit|sign up|go ahead|proceed|continue|renew)\b",
    r"\b(?:i|we) (?:need|want|would like|'d like|have) to cancel (?:the|my|our|this)\b(?![^.!?\n]{0,40}\b(?:and|to) (?:re-?book|move|swap|change))",  # ("had to cancel our stay" may rebook)
    r"\b(?:accepted|taken|chosen|chose|took) (?:a place|an offer|a position|a role|a job|the offer|a spot) (?:at|from|with) (?!you\b|your\b|us\b)",
    r"\b(?:decided|chosen|opted|chose|going|planning) to (?:stay|remain) (?:where (?:we|i) (?:are|am)|put|in (?:our|my) current|with (?:our|my) current)\b",
    r"\b(?:booked|went|gone|going|signed|chose|hired|found|using|use|picked|sticking|staying|listing|list it|decided to list \w{2,20}) with (?:another|a different|someone else|a competitor)\b",
    r"\bwith (?:[a-z]{2,20} ){0,2}[a-z]{2,20} instead\b",
    r"\bwith (?:another|a different) (?:agent|agency|vendor|supplier|provider|company|firm|photographer|caterer|designer|contractor|builder|broker|platform|tool|team|partner|accountant|lawyer|school|gym|studio|venue|printer)\b",
    r"\bsigned with (?!you\b|your\b|us\b)[a-z]{2,20}\b",
    r"\bfound (?:another|someone else|a different)\b",
    r"\balready (?:have|booked|hired|found|chose|chosen|signed|use|using|work with|working with|got) (?:a|an|our own|another|someone)\b(?! (?:bit|lot|few|little|couple|ton|bunch|good|great|fair|decent|large|small|big)\b)(?![^.!?\n]{0,40}\b(?:you|your)\b)",
    r"\balready committed\b",
    r"\b(?:won't|will not|not going to|aren't going to|are not going to) (?:be )?(?:renew|continu|exhibit|proceed|go ahead|going ahead|moving forward|going forward|sign)\w{0,4}\b",
    r"\b(?:won't|will not|no longer) (?:be )?need(?:ing)? (?:any ?more|anymore|your|the|a|an|it|this|that|them|you)\b",
    r"\b(?:cancel(?:l?ed|l?ing)?|end(?:ed|ing)?|terminat\w{1,4}) (?:my|our|the) (?:[a-z0-9-]{2,15} ){0,2}?(?:subscription|membership|account|plan|contract|service|partnership|agreement|retainer|trial|order|booking)\b",
    r"\b(?:subscription|membership|account|contract|plan|retainer) (?:is|was|has been|being) (?:cancell?ed|terminated|ended|closed)\b",
    r"\bno longer (?:need|require|use|using|work with|working with)\b",
    r"\b(?:moving|moved|switched|switching) (?:on from|away from|to another|to a different)\b",
    r"\b(?:decided|decision) (?:not to|against)\b",
    r"\bclos(?:e|ed|ing) (?:my|our) account\b",
    r"\baccepted (?:an|the|a|their|another|a different|an other) (?:offer|job|role|position)\b",
    r"\b(?:need|have|want|going|decided) to withdraw\b|\bwithdraw(?:ing|n)? (?:my|our) (?:application|candidacy|name|interest|bid)\b",
    r"\b(?:our|my) offer (?:was |has been |got )?accepted\b",
    r"\blast (?:month|order|session|year|season|delivery|invoice) with you\b",
    r"\bhired (?:an|a|our own) (?:in-house|internal|full-time)\b",
    r"\bcommitted (?:our|the|my) [a-z0-9 ]{2,20} elsewhere\b",
])

# They already bought it or paid: selling or billing it again is out of step.
ALREADY_BOUGHT = Lexicon(name="already_bought", patterns=[
    r"\b(?:picked up|bought|purchased|ordered|signed up for|subscribed to|upgraded to|renewed) (?:the|a|an|my|our|one|your|two|three|some)\b",
    r"\bjust (?:bought|purchased|signed up|subscribed|upgraded|renewed|joined)\b",
    r"\bsigned up for\b",
    r"\b(?:contract's|contract is|contract has been|agreement is) signed\b",
    r"\bsigned the (?:contract|agreement|paperwork)\b",
    r"\b(?:paid|settled|transferred) (?:this|it|the|today|yesterday|in full|by|last)\b",
    r"\bset up a (?:monthly |regular |recurring )?(?:donation|subscription|direct debit|standing order|payment)\b",
    r"\b(?:deposit|balance|invoice|bill|payment|fees?)(?: is| has been| was| just| now| all)? (?:paid|settled)\b",
    r"\bpayment (?:sent|made|transferred|done|gone through)\b",
    r"\bpaid (?:inv|invoice|the invoice|in full|#)",
    r"\b(?:booked|reserved|scheduled) (?:it |her |him |them |in |online |a |an |the )?(?:for|on|online)\b",
    r"\bsigned (?:the |our |an? )?(?:[a-z]+ ){0,3}(?:order form|contract|agreement|paperwork|quote|proposal)\b",
    r"\bpaid the (?:deposit|invoice|balance|bill|fee)\b",
    r"\balready (?:booked|scheduled|signed up for|registered for|bought|ordered|paid for) (?:the|a|an|our|my)\b",
])

# The draft bills, renews or carries on as if nothing changed (invoice, renewal, your next box).
BILLING = Lexicon(name="billing", patterns=[
    r"\binvoice\b",
    r"\bpayment (?:is )?due\b",
    r"\b(?:overdue|pay (?:now|online|here|easily)|late fees?)\b",
    r"\b(?:renew|renews|renewed|renewal|renewing|auto-?renew\w{0,3})\b|\bcharge (?:the|your) card\b",
    r"\byour (?:next|upcoming) (?:payment|bill|billing|renewal|box|delivery|session|bag|order|shipment|parcel)\b",
    r"\b(?:you'll|you will) be (?:charged|billed|debited)\b",
    r"\byour usual\b",
    r"\b(?:the|a) contract\b",
    r"\bdeposit\b",
    r"\block (?:it|this|in)\b",
    r"\b(?:paperwork|contract|agreement|forms?) (?:for|to sign)\b",
    r"\bsending over\b",
])

# Selling them what they just decided: "still thinking it over?", "start your free trial", "book a demo".
AS_IF_UNDECIDED = Lexicon(name="as_if_undecided", patterns=[
    r"\bstill (?:thinking|deciding|considering|on the fence|interested)\b",
    r"\bready to (?:move forward|sign|take the plunge|join|buy|get started|commit|switch)\b",
    r"\b(?:start|begin) your (?:free )?(?:trial|membership|subscription)\b",
    r"\bhaven't (?:signed up|joined|bought|booked|decided|paid|tried)\b",
    r"\b(?:become|will you become) a (?:monthly )?(?:member|customer|donor|subscriber|client)\b",
    r"\blast chance to (?:join|sign up|buy|book)\b",
    r"\b(?:a|book|schedule|for) (?:quick |short |\d{1,2}[- ]minute )?demo\b",
    r"\bplease pay\b",
    r"\b(?:shall|should|can) i (?:pencil|book|put|sign) (?:you|him|her|them)\b",
    r"\b(?:overdue|unpaid|outstanding balance|arrange payment|not yet (?:been )?(?:paid|received))\b",
    r"\bfree (?:\d{1,2}-day )?trial\b",
    r"\b(?:had a chance to think|thought (?:it|this) over|think it over)\b",
    r"\bplease book\b",
    r"\bstill (?:got|have) (?:a couple of |a few |some )?(?:places|spots|spaces|seats)\b",
    r"\b(?:where you(?:'ve| have) landed|before you make (?:a|your|the) decision)\b",
])

# Taking a decision in: thanks for telling me, good luck, the final invoice, the hand-over.
_CARRIES_OUT = [
    r"\b(?:is|has been|are|have been) (?:now )?(?:closed|cancell?ed|terminated|ended|stopped)\b",
    r"\b(?:we've|we have|i've|i have) (?:now )?(?:closed|cancell?ed|terminated|ended|stopped)\b",
]
ACKNOWLEDGES_DECISION = Lexicon(name="acknowledges_decision", patterns=[
    r"\bunderstood\b",
    r"\b(?:thanks?|thank you) for (?:letting|telling)\b",
    r"\b(?:no problem|no worries|of course|fair enough|totally understand|completely understand)\b",
    r"\b(?:all the best|best of luck|good luck|congrat\w{0,12}|sorry to see you go|pleasure working)\b",
    r"\b(?:final|last) (?:invoice|statement|bill|payment|session|handover)\b",
    # ("As discussed" is how a quote after a site visit opens, sent whether or not they chose another since.)
    r"\b(?:as agreed|wrap up|offboard\w{0,3}|hand ?over|refund\w{0,3})\b",
    r"\b(?:won't|will not) (?:be billed|be charged|contact|bother)\b",
    *_CARRIES_OUT,
])

# The draft carries out what they decided or asked to stop ("your account is now closed", "we've cancelled the
# direct debit").
CARRIES_OUT = Lexicon(name="carries_out", patterns=_CARRIES_OUT)

# They (or your notes of a call with them) put it off: not now, after the harvest, budget frozen.
NOT_YET = Lexicon(name="not_yet", patterns=[
    # a look promised for later ("I'll have a proper look when I'm back on the 12th")
    r"\b(?:i'll|i will|we'll|we will) (?:have a (?:proper |good |closer |full )?look|look (?:at it|properly)|get back to you|review it|read it properly) (?:when|once|after|next)\b",
    r"\bnot (?:right )?now\b(?!,? (?:but|though))",
    r"\bnot (?:at the moment|this (?:year|quarter|season|month|time)|until)\b",
    r"\bmaybe (?:later|next (?:year|month|quarter|season)|in the new year|after)\b",
    r"\b(?:call|contact|email|ping|try|reach|message|text) (?:me|us) (?:back )?(?:after|in (?:the new year|a few|a couple|\d|two|three|six|q\d|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)|next (?:week|month|year|quarter)|once|closer to)\b",
    r"\b(?:get|come|circle|check) back (?:to me |to us |with me |with us )?(?:after|in (?:the new year|a few|a couple|\d|two|three|six|q\d)|next (?:week|month|year|quarter)|once|closer to)\b",
    r"\b(?:i'll|i will|we'll|we will) (?:get back to you|let you know|be in touch|come back to you|decide|review it|look at it|read it)\b[^.!?\n]{0,40}\b(?:after|next (?:week|month|year)|in (?:a few|a couple|\d|two|three) (?:weeks|months)|once|by (?:the end of|mid|early|late)"
    r"|by (?:mon|tues|wednes|thurs|fri|satur|sun)day|by (?:tomorrow|the weekend|end of (?:the )?(?:day|week|month)))\b",
    r"\b(?:budgets?|spending|hiring|funding|everything|the project|projects|it|things|(?:all |new )?contracts|purchas\w{0,5}|orders|signings?)(?: is| are| has been| have been|'s| are all| is all)? (?:frozen|on hold|paused)\b",
    r"\bon hold (?:until|till|for)\b",
    r"\b(?:please )?(?:don't|do not) (?:chase|follow up|nudge|push)\b[^.!?\n]{0,20}\b(?:till|until|before|then)\b",
    r"\b(?:won't|will not|don't|do not) know\b[^.!?\n]{0,50}\b(?:until|till)\b",
    r"\bcheck back (?:with (?:me|us) )?(?:then|in|after|once|closer)\b",
    r"\b(?:i'll|i will|we'll|we will) (?:have an answer|have a decision|know more|decide|get back to you|let you know|come back to you)\b[^.!?\n]{0,30}\b(?:after|once|when|by|on the)\b",
    r"\b(?:push|move|postpone|put off)\b[^.!?\n]{0,40}\bto after\b",
    r"\bput (?:it|this|everything|things|the project|us) on hold\b",
    r"\b(?:can we |could we |let's |let us |i need to |we need to |please )pause (?:everything|it|this|things|the project|for)\b",
    r"\bhold off (?:until|till|for|on)\b",
    r"\bpause (?:my|our|the) [a-z ]{2,30}?\b(?:for|until|till|through)\b",
    r"\b(?:off|away|out) on (?:holiday|vacation|annual leave|leave)\b",
    r"\bwill pick (?:this|it) up (?:then|when|after|on|once)\b",
    r"\b(?:revisit|reconnect|pick this up|pick it up|talk again|speak again) (?:in|after|next|once|closer)\b",
    r"\btoo busy (?:right now|at the moment|until|this (?:week|month|season)|for now)\b",
    r"\b(?:swamped|slammed|flat out|mad busy|buried) (?:until|till|right now)\b",
    r"\bon (?:parental|maternity|paternity|medical|sick|annual|study|bereavement) leave\b",
    r"\bout of (?:the )?office until\b",
])

# The draft presses for a decision, a purchase or an answer ("ready to sign?", "shall we proceed").
PRESSES_DECISION = Lexicon(name="presses_decision", patterns=[
    r"\bready to (?:switch|sign|buy|start|go|move|pick|book|commit|order|proceed|get started|make|choose|decide|renew|upgrade)\b",
    r"\bare you ready\b",
    r"\b(?:shall|can|could) we (?:go ahead|proceed|get started|start|lock|book|sign|finali[sz]e)\b",
    r"\bsign (?:this|the contract|the agreement|off|on the)\b",
    r"\b(?:made|make) a decision\b",
    r"\b(?:would|do) you (?:like|want) to (?:go ahead|proceed|book it|book now|buy|order|sign up|secure|reserve|lock)\b",
])

# The draft asks them to book or pick a time ("choose a time that works", "pick a new time here", "book your
# slot", "schedule your interview").
BOOKING_ASK = Lexicon(name="booking_ask", patterns=[
    r"\b(?:choose|pick|select|book|grab|find|reserve) (?:a |another |a new |your |a convenient |a suitable )?(?:time|slot|date|spot)\b",
    r"\b(?:schedule|book|rebook|reschedule|arrange) (?:a |your |the |another |a new )?(?:[a-z-]{2,15} ){0,2}"
    r"(?:call|screen|screening|interview|demo|consultation|viewing|meeting|appointment|session|visit|tour|assessment)\b",
    r"\b(?:self-schedule|schedule here|book here|rebook here)\b",
])

# A call or meeting note that says it did not take place ("no answer, left voicemail", "she didn't show").
NOT_HELD = Lexicon(name="not_held", patterns=[
    r"\bno answer\b", r"\bvoice ?mail\b", r"\bno[- ]show\b", r"\bmissed\b", r"\bcancell?ed\b", r"\bresched\w{0,6}\b",
    r"\b(?:didn't|did not|never|failed to) (?:show|pick up|answer|join|turn up|attend|connect|happen)\b",
    r"\b(?:couldn't|could not|unable to|can't) (?:reach|connect|get through|get hold)\b", r"\bnot (?:held|completed)\b",
])

# The draft says a meeting did not happen ("we missed you today", "your call wasn't completed", "no-show").
MISSED_MEETING = Lexicon(name="missed_meeting", patterns=[
    r"\b(?:we|i) missed you\b", r"\b(?:wasn't|was not|weren't|were not) (?:completed|able to connect|able to reach you)\b",
    r"\bno[- ]show\b", r"\byou (?:missed|didn't make|did not make|didn't attend|did not attend) (?:your|the|our|today)\b",
    r"\b(?:unable|not able) to (?:reach|contact|get hold of|speak to|speak with) you\b", r"\btried to (?:contact|reach|call|phone) you\b",
    r"\byou (?:haven't|have not|didn't|did not) (?:yet )?(?:book(?:ed)?|schedul(?:e|ed)|attend(?:ed)?) (?:your|a|the|an)\b",
    r"\b(?:didn't|did not|couldn't|could not) (?:connect|reach you|get hold of you|catch you)\b",
])

# The draft sets a sales deadline or ultimatum in so many words ("last chance", "the offer ends Friday",
# "before I close your file"). A floor under the learned deadline head where the classifier alone flags:
# the head reads 0.15 for "Last chance before I close your file. Reply 'yes' today."
DEADLINE = Lexicon(name="deadline", patterns=[
    r"\blast chance\b", r"\bfinal (?:offer|call|chance|opportunity)\b", r"\bnow or never\b",
    r"\b(?:offer|deal|sale|discount|price|pricing|rate|code|voucher|promo|coupon)s? (?:ends|expires|closes|goes up)\b",
    r"\b(?:ends|expires?) (?:tonight|today|at midnight|tomorrow|soon|this week|on \w+day|in \d+ (?:hours|days))\b",
    r"\bclos(?:e|ing) (?:your|the|this) (?:file|account|offer|file on)\b",
    r"\b(?:today|tonight|this weekend|24 hours) only\b",
    r"\b(?:can'?t|cannot|won'?t be able to) (?:guarantee|hold|promise|keep) (?:it|this|that|the (?:price|rate|offer|discount|spot|slot))\b",
    r"\bbefore it'?s too late\b", r"\bact (?:now|fast|today)\b",
    r"\b(?:can|could|will) only (?:hold|keep|reserve|save|guarantee) (?:it|this|that|the|your|a|my|our)\b",
    r"\b(?:say yes|decide|commit|sign) (?:now|today|right now|tonight)\b",
    r"\b(?:sign|order|buy|book|register|enrol|enroll|commit|decide|upgrade|renew|join) (?:up )?(?:before|by) (?:the \d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\b|tonight|tomorrow|midnight|end of|(?:mon|tues|wednes|thurs|fri|satur|sun)day)",
])

# The draft takes a wait in ("no rush", "whenever you're ready", "as you said").
ACKNOWLEDGES_WAIT = Lexicon(name="acknowledges_wait", patterns=[
    r"\bas (?:you|we) (?:said|asked|agreed|discussed|suggested|mentioned)\b",
    r"\bno (?:rush|pressure|hurry)\b",
    r"\bwhen(?:ever)? (?:you're|you are|you're all) (?:ready|back|free|settled)\b",
    r"\bwhen the time is right\b",
    r"\b(?:get well|feel better|hope (?:you|the|your))\b",
])

# Signs their message is casual: emoji, 'haha', 'lol', 'you guys', 'the best' (its warmth is read with VADER sentiment).
CASUAL = Lexicon(name="casual", patterns=[
    "[\U0001F300-\U0001F6FF\U0001F900-\U0001F9FF\u2764]",
    r"^\W{0,3}hey+\b|\bdef\b|\brec\b|\bslaps\b|\btbh\b|\bngl\b|\bx{1,3}$",
    r"\bha(?:ha){1,10}\b",
    r"\b(?:lol|lmao|omg|thx|ty|gonna|wanna|xx+)\b",
    r"!!",
    r"\byou guys\b",
    r"\b(?:the best|awesome|legends?)\b",
])

# Anger or mockery in so many words: 'do you even', 'useless', 'wtf', 'thanks for nothing', 🙄.
HOSTILE = Lexicon(name="hostile", patterns=[
    r"\bdo you even\b",
    r"\bare you (?:kidding|serious|joking)\b",
    r"\bseriously\?",
    r"\b(?:you|your|ur|u|you guys|you people|this company|this ad|this app|this service)\b[^.!?\n]{0,30}\b(?:useless|pathetic|incompetent|clowns?|idiots?|stupid|morons?|garbage|trash|scam\w{0,4}|liars?|shameful|disgrace\w{0,3}|ridiculous|a joke|cringe|embarrassing|tone[- ]deaf|hypocri\w{1,5})\b",
    r"(?:^|[.!?]\s{0,3})\W{0,3}(?:useless|pathetic|incompetent|clowns|idiots|garbage|trash|scammers|liars|shameful|disgraceful|ridiculous|cringe|unbelievable)\W{0,3}(?:$|[.!?])",
    r"\b(?:tone[- ]deaf|hypocri\w{1,5}|scammers?|clowns)\b",
    r"\b(?:wtf|ffs|fuck\w{0,4}|shit\w{0,3}|bloody hell)\b",
    r"\b(?:worst|terrible|awful|horrible) (?:company|service|experience|airline|bank|app|people|ad)\b",
    r"\b(?:furious|livid|fuming|sick and tired|fed up|harass\w{0,5})\b",
    r"\bsick of (?:you|your|this|these|getting|receiving|hearing)\b",
    r"\byeah,? right\b",
    r"\bsure,? (?:buddy|pal|mate|jan)\b",
    r"\b(?:nice try|cool story|thanks for nothing|imagine paying|read the room|who approved this)\b",
    r"(?:^|[.!?]\s{0,3})\W{0,3}(?:oh |aw |ah )?come on\W{0,3}(?:$|[.!?])",
    r"(?:^|[.!?]\s{0,3})\W{0,3}(?:yeah,? )?as if\W{0,3}(?:$|[.!?])",
    r"\bnot (?:one|a single) (?:announcement|update|reply|response|word)\b",
    r"\b(?:nobody|no one) (?:answers|cares|replies|responds|asked for)\b",
    r"\bhow hard is it\b",
    r"\b(?:do|did) you people\b",
    r"\bever give up\b",
    r"'[a-z ]{3,30}' (?:lol|lmao|my foot|yeah right)",
    r"\b(?:lol|lmao)\b[^.!?\n]{0,40}\b(?:snapped|fell apart|stopped working|useless)\b",
    r"\b(?:stop|quit) wasting my time\b",
    r"\bwaste of (?:my )?time\b",
    r"\b(?:uninstall\w{0,3}|unsubscribing|blocking|reporting (?:you|this))\b",
    r"\b(?:your|ur) bot\b",
    r"\bescalat\w{1,5}\b",
    r"\b(?:'[a-z ]{3,30}' my foot|my foot)\b",
    r"🙄|🤡|😡|🤬|😤|👎|🖕",
])

# They asked to be checked or corrected ('is my Spanish ok?', 'proofread this'): a correction answers them.
ASKED_FOR_FEEDBACK = Lexicon(name="asked_for_feedback", patterns=[
    r"\b(?:is|does|did|was|are) (?:my|this|the|it) [a-z ]{0,30}(?:ok|okay|correct|right|good|make sense|sound right|read (?:ok|well|right))\b",
    r"\b(?:check|proofread|proof-read|look over|review|correct|fix) (?:my|this|it|the)\b",
    r"\b(?:be honest|any (?:mistakes|typos|errors|feedback|notes|corrections)|did i get (?:it|this|that) right|tell me if)\b",
])

# Corrections that need no context ('your spelling', 'it is spelled', 'small correction', '*their').
CORRECTION = Lexicon(name="correction", patterns=[
    r"\byour (?:spelling|grammar|typos?|english)\b",
    r"\b(?:it's|it is) (?:spelled|spelt)\b",
    r"\bcorrect (?:spelling|grammar)\b",
    r"\b(?:spelling|grammar) (?:tip|note|lesson|police)\b",
    r"\b(?:small|little|quick|friendly) correction\b",
    r"\bapostrophe\b",
    r"\bfull sentences\b",
    r"\bin (?:proper )?english we(?:'d| would)? (?:just )?say\b",
    r"\bit should be ['\"]",
    r"(?:^|\s)\*[a-z']{2,20}\b(?!\*)",
    r"\b(?:a )?common (?:confusion|mistake|misconception|error)\b",
    r"\beasy mistake\b",
])

# A reprimand or a rules reminder: the draft tells them what they did wrong or what the procedure demands
# ("for future reference, please use the form", "please remember that absences need 48 hours' notice",
# "make sure it doesn't happen again", "will be deducted from your final pay").
REPRIMAND = Lexicon(name="reprimand", patterns=[
    r"\bfor future reference\b", r"\b(?:in|for the) future,? (?:please|kindly|you (?:should|must|need to))\b",
    r"\b(?:doesn't|does not|won't|will not) happen again\b",
    r"\b(?:per|as per|according to|in line with|under) (?:section|clause|policy|our policy|the policy|company policy|"
    r"the handbook|our handbook|the staff handbook|the rules|our rules|our terms|the terms)\b",
    r"\b(?:was|were|is|are) (?:submitted|sent|filed|returned|handed in) late\b",
    r"\bor (?:the |a |your )?(?:[a-z-]{2,15} ){0,2}(?:will|'ll) be (?:deducted|docked|charged to you)\b",
    r"\b(?:logged|recorded|marked|treated) (?:this |it )?as (?:unexcused|unauthori[sz]ed|absent|late|a no-show|misconduct|a (?:formal |written )?warning)\b",
    r"\b(?:i|we) (?:will|'ll) have to (?:log|record|mark|deduct|report) (?:this|it|you)\b",
    r"\b(?:should|must|need to|needs to) (?:go out|be sent|be submitted|be made|be raised|be directed) (?:within|via|through|using)\b",
    r"\bwe (?:prefer|ask) (?:that )?(?:candidates|applicants|customers|residents|guests|tenants|people|you) (?:do )?not\b",
    r"\b(?:this|our) (?:account|channel|page|inbox|line|number) is (?:only )?for\b",
    r"\b(?:review|read|see|follow|check) (?:our|the) (?:community |house |posting )?(?:guidelines|rules)\b",
    r"\bplease (?:do not|don't|refrain from|avoid) (?:shar|post|discuss|disclos)\w*",
    # "Please use the full name when tagging us in future", "please do not ask drivers for help in future"
    r"\bplease (?:do not|don't|use|send|make sure|ensure|remember|refrain|avoid|note)\b[^.!?\n]{0,60}\bin (?:the )?future\b",
    r"\b(?:are|is) not (?:permitted|allowed) to\b", r"\bjust to note\b",
    r"\b(?:unacceptable|unprofessional|not acceptable)\b",
])

# A lecture opener ('actually', 'FYI', 'technically') ...
LECTURE = Lexicon(name="lecture", patterns=[
    r"\bactually\b",
    r"\bfyi\b",
    r"\bjust so you know\b",
    r"\btechnically\b",
    r"\bjust a heads[- ]up\b",
    r"\b(?:small|quick|friendly|little) (?:note|tip|pointer)\b",
    r"\bpro tip\b",
    r"\bfor the record\b",
])

# ... with a correction in the same sentence ('not', 'proper', 'rather than').
CONTRAST = Lexicon(name="contrast", patterns=[
    r"\bnot\b",
    r"\b(?:isn't|wasn't|aren't|never)\b",
    r"\b(?:proper|correct|properly|mistake|confusion|misconception|basic|per se|different|differs)\b",
    r"\brather than\b",
    r"\bread(?:ing)? up\b",
])

# A disaster, an attack, its anniversary or a death, named in so many words (a team adds its own with [sensitive] terms in tactful.toml).
TRAGEDY = Lexicon(name="tragedy", patterns=[
    r"\b(?:earthquake|quake|hurricane|tornado|tsunami|wildfires?|bushfires?|forest fires?|typhoon|cyclone|landslide|mudslide|avalanche|volcanic eruption|explosion)\b",
    r"\b(?:the floods|floods in|flood victims|flood-hit|flood damage|flooding in)\b",
    r"\b(?:tower|house|factory|club|school|hotel) fire\b",
    r"\b(?:mass|school|deadly) shootings?\b",
    r"\bshooting victims\b",
    r"\b(?:terror(?:ist)? attacks?|bombings?|massacre|genocide|air ?strikes?)\b",
    r"\b(?:today's|yesterday's|last night's|this week's|the) attacks?\b",
    r"\b(?:tragedy|tragic|victims|casualties|death toll|lives lost|lost their lives|fatalities|natural disaster|confirmed dead)\b",
    r"\b(?:took|claimed) (?:\d{1,5}|the|their|so many) (?:lives|of our)\b",
    r"\b\d{1,5} (?:people )?(?:dead|killed)\b",
    r"\b(?:pandemic|covid)\b",
    r"\b(?:horrible|terrible|tragic|devastating|awful|shocking) news\b",
    r"\b9/11\b|\bseptember 11(?:th)?\b|\bnever forget\b",
    r"\b(?:remembrance|memorial|veterans|anzac|armistice) day\b",
    r"\b(?:the fallen|those who gave (?:everything|their lives))\b",
    r"\banniversary of the (?:attack|attacks|tragedy|disaster|bombing|shooting|earthquake|fire|flood)\b",
    r"\b(?:rip|rest in peace|passed away|lost a legend)\b",
    r"\baffected by (?:the|last|this|yesterday|today)\b",
    r"\b(?:displaced|lost their homes|left homeless|evacuated)\b",
    r"\b(?:our|my) (?:hearts|thoughts|prayers) (?:are|go)\b",
    r"\b(?:praying for|pray for|thoughts and prayers)\b",
])

# Genuine help is not newsjacking (unless it comes with a discount).
GIVING_HELP = Lexicon(name="giving_help", patterns=[
    r"\bdonat\w{1,5}",
    r"\b(?:relief|proceeds|fundrais\w{1,5}|charity|red cross|shelter)\b",
    r"\bfree (?:of charge|for (?:anyone|those|everyone) affected|water|meals|food|charging|rooms)\b",
])

# Marking a sensitive date (from tactful.toml) next to a promotion.
MARKS_DATE = Lexicon(name="marks_date", patterns=[
    r"\bremember\w{0,3}\b",
    r"\bnever forget\b",
    r"\bhonou?r\w{0,3}\b",
    r"\banniversary\b",
    r"\bin memory\b",
    r"\btoday we\b",
    r"\bmoment of silence\b",
    r"\bpay(?:ing)? tribute\b",
])

# A complaint or an urgent problem report in so many words ('arrived broken', 'still waiting', 'really disappointed').
COMPLAINT = Lexicon(name="complaint", patterns=[
    r"\bstill (?:hasn't|haven't|hasnt|havent|not|no|waiting|broken|leaking|nothing|no sign)\b",
    r"\bnever (?:arrived|came|showed|turned up|received|got|heard(?! of))\b",
    r"(?<!if you )(?<!if we )(?<!if i )(?<!if they )\b(?:hasn't|has not|haven't|have not|didn't|did not) (?:arrived|come(?! out)|shown up|show up|turned up|turn up|been fixed|called|replied|got back|received|heard(?! of))\b",
    r"\b(?:not|isn't|doesn't|don't|won't|stopped|still not) (?:working|work|turning on|turn on|start|starting|charging|loading|arriving)\b",
    r"\b(?:broken|damaged|cracked|leak\w{0,4}|faulty|defective|snapped|fell apart|ripped|torn|wrong (?:order|item|size|colou?r|address|product|part))\b",
    r"\b(?:is|are|was|were|item|items|part|parts|piece|pieces) missing\b",
    r"\b(?:refund|money back|charged (?:me |my card |us )?twice|double[- ](?:charged|booked)|overcharged|billed (?:me |us )?for|charged (?:me|us) for|complaint|(?<!can't )(?<!cant )(?<!cannot )(?<!am )(?<!i'm )complain\w{0,4}|unacceptable|ridiculous|disgrace\w{0,3}|appalling|furious|fed up|(?<!be )rude|not happy)\b",
    r"\b(?:terrible|awful|horrible|worst|poor) (?:service|experience|customer service|support|company|quality)\b",
    r"\b(?:really|very|so|extremely|deeply|hugely) disappoint\w{0,5}\b",
    r"\b(?:disappointed|disappointing) (?:with|by|in)\b",
    r"\b(?:an absolute|a complete|a total|such a) joke\b",
    r"\b(?:nobody|no one|no-one|noone) (?:answers|answered|called|calls|replied|responds|responded|got back|picks up|is answering|came|showed|has (?:told|called|replied|explained|apologi[sz]ed))\b",
    r"\b(?:i want|i expect|i demand|i'd like) a (?:formal|written|full) (?:response|apology|explanation|investigation)\b",
    r"\bnot (?:one|a single) (?:announcement|update|reply|response|word|call)\b",
    r"\b(?:urgent|urgently|asap)\b",
    r"\b(?:bleeding|collapsed|seizure|can't breathe|not breathing|(?:hit|run over|knocked down) by a (?:car|van|bus|truck|lorry))\b",
    r"\b(?:an|this is an|is an) emergency\b(?![- ](?:relief|response|fund|kit|supplies|services|team))",
    r"\b(?:cancelled|canceled|delayed) (?:again|train|trains|flight|flights|bus|delivery|order)\b",
    r"\bwhy did you (?:cancel|charge|send|change|ignore|bill|close)\b",
    r"\bwithout (?:telling|asking|warning|notifying) (?:me|us)\b",
    r"\b(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten) (?:days|weeks|hours) (?:late|overdue|and (?:still|no|nothing)|of waiting)\b",
    # a problem that has lasted ("down for 3 days", "no heating for two weeks", "waiting for 10 days"); a plain
    # "for 10 days" is a trip or an offer ("going to Portugal for 10 days", "link in bio for 2 weeks")
    r"\b(?:down|broken|out|offline|waiting|waited|stuck|dead|leaking|gone|without (?:[a-z]+ ){0,2}|no (?:[a-z]+ ){0,2}|chasing|"
    r"been chasing|ignored|unanswered|unresolved) for (?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten) (?:days|weeks)\b",
    r"\b(?:second|third|fourth|fifth|3rd|4th) (?:time|missed|late|cancell?ed) (?:this|in|now)\b",
    r"\bmissed (?:the |a |our )?(?:deadline|appointment|delivery|pickup|collection)\b",
    r"\bescalat\w{1,5}\b",
    r"\b(?:left|leaving) (?:mud|a mess|rubbish|debris|paint)\b",
    r"\b(?:reversed|crashed|drove|backed|bumped) into\b",
    r"\bdrove off\b",
    r"\b(?:is|are|went|been|it's) down\b",
    r"\b(?:outage|returning (?:errors|\d{3}s))\b",
    r"\b(?:cockroach\w{0,2}|mould|mold|filthy|dirty|a hair in|bed ?bugs|rats?|mice)\b",
    r"\bi (?:asked|paid) for\b[^.!?\n]{0,60}\b(?:and|but) (?:was given|got|received|you)\b",
    r"\b(?:please|pls) fix\b",
    r"(?:^|\s)[12] ?/ ?5\b",
    r"\b(?:one|two|1|2)[- ]stars?\b",
    r"\b(?:won't|will not|never) (?:be back|come back|return|order again|use you again)\b",
    r"\b(?:was|were|felt|seemed|so|very|really|totally) (?:rushed|sloppy|shoddy|botched|careless)\b",
    r"\bstill (?:blows|doesn't|won't|isn't|leaks|smells|makes|making|noisy|cold|warm|wet|dripping)\b",
    r"\b(?:paid|pay|paying) (?:[$£€]?\d[\d,.]{0,8} )?for nothing\b",
    r"\b(?:i want|i'd like|i demand|put me through to|let me) (?:a call from |to speak to |to talk to |speak to |talk to )?(?:a|the|your) (?:manager|supervisor)\b",
    r"\bleft (?:muddy|mud|dirt|a mess|stains|scratches|marks)\b",
    r"\bwrong [a-z]{2,15} again\b",
    r"\b(?:second|third|fourth) (?:remake|redo|replacement|attempt|time this (?:week|month))\b",
    r"(?:^|[.!?]\s{0,3})fix it\W{0,3}$",
    r"\bwhen it(?:'s| is) (?:very |so )?(?:clearly|obviously) not\b",
    r"\b(?:great|nice|good|fantastic|brilliant) job\b[^.!?\n]{0,20}🙃",
    r"\b(?:off|broken|leaking|faulty|wrong|late|down|failing) again\b",
    r"\b(?:was|were|is|are|it's|it was) supposed to (?:be|arrive|come|stay|keep|have been)\b",
    r"\bleft (?:it|my|our|the) [a-z ]{2,30}(?:on|at|outside) (?:the|my|our) (?:doorstep|porch|step|street|gate|driveway|kerb|curb)\b",
    r"\b(?:is|was) wrong\b",
    r"\btold (?:you )?(?:twice|three times|repeatedly|already)\b",
])

# A service desk's stock opener, in reply to a complaint or an emergency.
STOCK_REPLY = Lexicon(name="stock_reply", patterns=[
    r"\bthanks? (?:you )?(?:so much )?for (?:getting in touch|reaching out|contacting us|your (?:message|feedback|enquiry|inquiry|comment))\b",
    r"\bwe (?:value|appreciate) your (?:feedback|business|patience)\b",
])

# A review request reads as not having heard the complaint, even after you answered it.
ASKS_REVIEW = Lexicon(name="asks_review", patterns=[
    r"\b(?:leave|write|post|give|spare) (?:us |me )?(?:\d{1,2} seconds (?:to leave )?)?(?:a |an )?(?:quick |short |honest )?(?:\d[- ]star |five[- ]star )?review\b",
    r"\b(?:\d|five)[- ]star review\b",
    r"\breview (?:us )?on (?:google|yelp|tripadvisor|trustpilot|facebook)\b",
    r"\bhow (?:did we do|would you rate)\b",
    # the satisfaction survey ("please fill in our short survey")
    r"\b(?:fill (?:in|out)|complete|take|answer) (?:our|a|this|the|my) (?:short |quick |brief |\d{1,2}[- ]minute )?(?:survey|questionnaire|feedback form|poll)\b",
])

# A 'sorry' that shrugs it off is no apology.
DISMISSES = Lexicon(name="dismisses", patterns=[
    r"\b(?:these things|it|stuff|mistakes) happens?\b",
    r"\b(?:oops|whoops|no biggie|no big deal)\b",
    r"🙈|😅|🤷",
    # a smile on the apology itself ("We're sorry to hear about your experience. 😊")
    r"\bsorry\b[^.!?\n]{0,60}[.!]?\s{0,2}(?:😊|🙂|😃|😀|☺️?|😁|😄)",
])

# A laughing 'my spellcheck is broken lol' is not a complaint.
JOKING = Lexicon(name="joking", patterns=[
    r"\b(?:lol|lmao|haha\w{0,6}|jk)\b",
    r"😂|🤣|😅|🙈",
])

# Bad news in so many words: a loss, a layoff, an illness, a death, a disaster.
# A death, in so many words (a funeral, a passing, a pet put to sleep): what history.loss reads.
# Bad news you gave them yourself, or an ending on your side, in your own message, post or the note of a call:
# a job, an offer, a place or a contract ended, an application turned down ("your role is part of the
# reduction", "we have to rescind your offer", "ending employment during probation", "today we said goodbye
# to 30% of our team"). A cheerful or business-as-usual draft after it reads as if it never happened.
OUR_BAD_NEWS = Lexicon(name="our_bad_news", patterns=[
    r"\blaid (?:off|(?:him|her|them|you|\d+ (?:people|staff|colleagues)) off)\b", r"\blay-?offs?\b",
    r"\bredundan(?:cy|cies|t)\b", r"\bseverance\b",
    r"\b(?:rescind|withdraw|retract|revoke)(?:ed|ing|n)? (?:your|the|his|her|their) (?:job |employment )?offer\b",
    r"\bend(?:ing|ed)? (?:(?:your|his|her|their|the) )?(?:employment|placement|tenancy|internship|apprenticeship)\b",
    r"\bterminat(?:e|ed|ing|ion of) (?:your|his|her|their) (?:employment|contract|position|role|placement|tenancy)\b",
    r"\b(?:role|position|job|post)s? (?:is|are|was|were|has been|have been|will be) (?:being )?(?:eliminated|made redundant|"
    r"part of the (?:reduction|restructur\w{0,5}|layoffs?|cuts))\b",
    r"\bsaid goodbye to (?:\d+ ?(?:%|percent\b)|\d+ (?:people|colleagues|members)\b|(?:some|many|a (?:third|quarter|half)) of (?:our|the) (?:team|staff|colleagues)\b)",
    r"\b(?:let|letting) (?:you|him|her|them|\d+ (?:people|staff|colleagues|employees)) go\b",
    r"\b(?:we|i) (?:won't|will not|can't|cannot|are unable to|aren't able to) (?:be )?(?:offer(?:ing)?|progress(?:ing)?|"
    r"mov(?:e|ing) forward with|proceed(?:ing)? with) (?:you|your|his|her|their) (?:application|candidacy)?\b",
    r"\b(?:your|the|his|her|their) application (?:was|has been|is) unsuccessful\b", r"\bregret to (?:inform|tell|let you know)\b",
])

BAD_NEWS_DEATH = Lexicon(name="bad_news_death", patterns=[
    r"\b(?:passed away|passed on|funeral|memorial service|no longer with us|in loving memory|euthanasia|euthanised|"
    r"euthanized|put to sleep|bereave\w{0,5}|cremation|laid to rest|rainbow bridge)\b",
])

BAD_NEWS = Lexicon(name="bad_news", patterns=[
    r"\b(?:passed away|passed on|funeral|memorial service|no longer with us)\b",
    r"\bpassed (?:this morning|last night|yesterday|today|peacefully|suddenly|overnight|in (?:his|her|their) sleep)\b",
    r"\bin loving memory\b",
    r"\b(?:crossed|over) the rainbow bridge\b",
    r"\b(?:under ?water|burst its banks|flooded out)\b",
    r"\b(?:shop|store|business|office|studio|restaurant|cafe|café|salon|clinic)(?:'s| is| has been) (?:shut|closed) (?:until further notice|indefinitely|for good)\b",
    r"\b(?:in|at|to) the er\b",
    r"\b(?:emergency room|after (?:she|he|mum|mom|dad|my \w{2,12}) fell)\b",
    r"\b(?:role|position|job|post|team|department)\b[^.!?\n]{0,30}\b(?:was|has been|got|is being|were|have been) (?:eliminated|cut|axed|made redundant)\b",
    r"\bworst (?:weekend|week|day|month|year|night)(?: of my life| ever)\b",
    r"\b(?:my|our|his|her|their) [a-z-]{2,15} (?:has |have |had |just )?died\b",
    r"\b(?:he|she) (?:has |just )?died\b",
    r"\bdied (?:last|this|yesterday|suddenly|peacefully|in (?:his|her) sleep)\b",
    r"\blost (?:my|our|his|her|their|the) (?:dad|father|mum|mom|mother|husband|wife|partner|son|daughter|brother|sister|grand\w{1,6}|uncle|aunt|friend|best friend|baby|pregnancy|dog|cat|horse|pup|job|jobs|home|house|business|battle)\b",
    r"\b(?:we|i) lost (?:dad|mum|mom|grandma|grandpa|nan|gran|him|her)\b",
    r"\blost (?:the|our|a|my) [a-z]{2,20} (?:contract|client|account|deal|tender|case|funding|grant)\b",
    r"\b(?:laid off|let go|made redundant|redundancies|layoffs?|lost (?:my|our|their) jobs?)\b",
    # a whole team let go ("let the whole design team go this morning, me included")
    r"\blet (?:\w{1,15} ){0,4}(?:team|teams|staff|department|everyone|workers|employees|half of us|all of us)(?: \w{1,12}){0,2} go\b",
    # a death reported as news ("Ray Calloway has died at 81", "has died this morning"), not a general statement
    # ("children who have died from hunger") nor a phone or a battery
    r"(?<!battery )(?<!phone )(?<!laptop )(?<!car )(?<!plant )\b(?:has|have) died (?:at \d|aged|this|last|yesterday|today|"
    r"overnight|suddenly|peacefully|after (?:a|his|her|their)|in (?:his|her|their) sleep|on (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday))",
    # an illness past cure
    r"\b(?:tumou?r|cancer) (?:has |had )?(?:grown|spread|returned|come back)\b|\b(?:palliative|hospice)\b|"
    r"\bwhatever time (?:we|he|she|they) (?:have|has) (?:left|together)\b",
    r"\b(?:we're|we are|i'm|i am|is|are|be) (?:shutting|closing|winding) down\b",
    r"\bwind(?:ing)? down\b",
    r"\b(?:decision|decided) to close\b",
    r"\b(?:closing|close|closed) (?:our|the|my) (?:doors|restaurant|shop|store|studio|business|café|cafe|practice|bakery|salon|bar|pub|bookshop|bookstore|gallery|clinic|gym|brewery|farm|boutique|workshop|nursery|deli|diner|theatre|theater|venue)\b(?! (?:early|at|for|on|from|until|till|between)\b)",
    r"\bclos(?:ing|ed|e) (?:for good|permanently|down for good)\b",
    r"\b(?:bankrupt\w{0,5}|went under|going under|into administration|insolvency|fell through)\b",
    r"\bdiagnosed with\b",
    r"\b(?<!risk of )(?:has|have|got|with|fighting|battling|undergoing|start(?:ed|ing)?|begin(?:ning)?|having|needs?|recovering from|is in|in) (?:a |an |her |his |my |their |breast |lung |bowel |brain |stage \w{1,3} |emergency |major |open-heart ){0,2}(?:cancer|chemo\w{0,6}|surgery|tumou?r|stroke|heart attack)\b",
    r"\b(?:miscarriage|stillborn|terminal (?:illness|diagnosis|cancer))\b",
    r"\b(?:in (?:the )?hospital|hospitali[sz]ed|admitted to (?:the )?hospital|intensive care|icu|a&e)\b",
    r"\b(?:taken|rushed|admitted|brought) (?:in)?to (?:the )?(?:hospital|a&e|er|icu)\b|\b(?:had|suffered|after|following) (?:a |an )?(?:suspected |minor |major |massive |mild )?stroke\b|, a stroke\b|\b(?:suspected|minor|major|massive|mild) stroke\b(?! of\b)",
    # violence done to them ("a passenger attacked me", "I was mugged")
    r"\b(?:was|were|got|been|being) (?:attacked|assaulted|mugged|stabbed|beaten up|carjacked|robbed)\b|\b(?:attacked|assaulted|punched|stabbed|mugged) (?:me|him|her|us|my \w{2,12})\b(?! with (?:an? )?(?:offer|email|question)s?\b)",
    r"\b(?:car|bike|bad|serious|terrible) accident\b",
    r"\b(?:had|in) an accident\b",
    r"\b(?:getting divorced|our divorce|my divorce|grieving|mourning|heartbroken|rest in peace|all pretty shaken|really shaken)\b",
    r"\b(?:i'm|i am|we're|we are|i was|we were|i feel|i felt|feeling|absolutely|completely|utterly|just|so|truly|all|honestly|really|totally|pretty) devastated\b",
    r"\brip\b",
    r"\b(?:had to )?say goodbye to\b",
    r"\bput (?:him|her|them|our \w{2,12}|my \w{2,12}) (?:down|to sleep)\b",
    r"\blost (?:basically|almost|nearly|pretty much|just about) everything\b",
    r"\b(?:the|our|one of our) (?:driver|worker|employee|colleague|officer|passenger|pilot|crew member|patient|resident|student|child|boy|girl|man|woman)\b[^.!?\n]{0,30}\b(?:died|was killed|were killed)\b|\bfatal (?:crash|accident|collision)\b",
    r"\b(?:the )?(?:death|loss|passing) of (?:my|our|his|her|their) (?!(?:data|files|job|jobs|account|phone|luggage|bag|keys)\b)\w{2,12}\b|\b(?:compassionate|bereavement) leave\b",
    r"\b(?:break-?in|burgl\w{1,5}|robbed|house fire|fire at (?:the|our|my) (?:house|home|flat|apartment|building|office|shop|store|warehouse|factory|school|restaurant|barn|studio|site|farm)|fire (?:destroyed|gutted)|flooded|evacuat\w{1,5}|lost everything)\b",
    r"\b(?:sad|terrible|awful|heartbreaking|bad|horrible|tragic|devastating|shocking) news\b",
    r"\bheartbreaking (?:decision|news|week|day|loss)\b",
    r"\b(?:grant|application|visa|offer|loan|claim) (?:was |has been |got )?(?:rejected|refused|denied|turned down)\b",
    r"\bfailed (?:my|the|our)\b",
    r"\bdidn't (?:get|make|pass) (?:the|it|in)\b",
])

# Good news next to the bad: congratulations then fit (a pitch still does not).
SILVER_LINING = Lexicon(name="silver_lining", patterns=[
    r"\b(?:excited|thrilled|proud|happy|pleased) to (?:share|announce|say|join|start)\b",
    r"\bnew (?:role|job|chapter|venture|position|adventure|business)\b",
    r"\bi (?:start|begin) (?:on |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|next month|in (?:january|february|march|april|may|june|july|august|september|october|november|december))\b",
    r"\b(?:got|landed|accepted|signed) (?:a|the|my) (?:new )?(?:job|role|position|offer|contract)\b",
    r"\b(?:got|been|just|finally) (?:hired|promoted)\b",
    r"\b(?:finally|officially) (?:back|employed|hired|signed)\b",
    r"\b(?:started|starting|launched|launching) (?:my|our|a) own\b",
    r"\bopen to work\b",
    r"\b(?:recovered|remission|cancer[- ]free|all clear|survivor|survived|beat it|ring(?:ing)? the bell)\b",
    r"\b(?:last|final) (?:chemo|treatment|radiation|round)\b",
    r"\b(?:finished|done with|completed) (?:chemo|treatment|radiation)\b",
    r"\b(?:raised|raising (?:funds|money)|fundrais\w{1,5}|charity|in memory of|in honou?r of)\b",
    r"\bgood news\b",
    r"\b(?:pregnant|expecting (?:a|our|my|twins)|new baby|newborn|engaged|got married|just married)\b",
])

# A question that is really a complaint or a quip ("do you even read these?", "seriously?", "give me a sec"):
# no answer is waiting, and the complaint and hostility rules cover what it says.
RHETORICAL_QUESTION = Lexicon(name="rhetorical_question", patterns=[
    r'\bdo you even\b',
    r'\bare you (?:kidding|serious|joking)\b',
    r'\bseriously\?',
    r'\bwhat is wrong with\b',
    r'\bhow hard (?:is|can) it\b',
    r'\bwho does that\b',
    r'\bwhy (?:did|do|would) you (?:even )?(?:bother|think)\b',
    r'\b(?:lmao|lol|smh)\b',
    r'\byou again\b',
    r"^\W{0,3}(?:isn't|aren't|don't|doesn't|wouldn't|won't|can't|couldn't|wasn't|weren't) (?:it|that|this|they|you|we|he|she)\b",
    r"\b(?:right|isn't it|don't you think|no)\W{0,2}\?\W{0,3}$",
    r'\b(?:give me|just|one|wait) (?:a|one)? ?(?:sec|second|minute|moment|mo)\b|\bhold on\b',
])


# Their latest message says the problem went away ("never mind, it's back on", "all sorted").
SOLVED = Lexicon(name="solved", patterns=[
    r'\b(?:nvm|never ?mind|all good now|all sorted|sorted (?:it|now)|fixed (?:it|now)|figured it out|found it|false alarm|problem solved)\b',
    r"\b(?:it's|its|it is|it has been|it's been|that's|all) (?:fixed|sorted|resolved|working (?:again|fine|now)|back (?:on|up|online))\b",
    r"\b(?:came|come|is|it's) back (?:on|up|online)\b",
    r'\b(?:working|works) (?:again|fine now|now)\b',
    r'\bno longer (?:an issue|a problem|needed)\b',
])

# The draft troubleshoots a problem ("have you tried restarting", "we're looking into it").
TROUBLESHOOTS = Lexicon(name="troubleshoots", patterns=[
    r'\bhave you tried\b',
    r'\btry (?:restarting|rebooting|unplugging|clearing|turning|resetting|logging|reinstalling|updating)\b',
    r"\bsorry (?:you're|you are|to hear you're|to hear you are) (?:having|experiencing|still)\b",
    r'\btroubleshoot\w{0,3}\b',
    r"\b(?:we're|we are) (?:still )?(?:looking into|investigating|aware of|working on) (?:this|it|the|your)\b",
    r'\b(?:a|our) (?:technician|engineer) (?:will|can|is)\b',
    r'\bopened a (?:ticket|case)\b',
])

# Their post shares news that belongs to someone else ("my little sister just got engaged").
SOMEONE_ELSES_NEWS = Lexicon(name="someone_elses_news", patterns=[
    r'\bmy (?:little |big |baby |older |younger |best |oldest |youngest )?(?:sister|brother|son|daughter|friend|mum|mom|dad|father|mother|cousin|niece|nephew|colleague|boss|husband|wife|partner|bff|bestie|grandson|granddaughter|kid|kids|twins)(?: and (?:his|her|their) \w{2,12})? (?:just |finally |has |have |is |are |got )?(?:got engaged|gotten engaged|is engaged|are engaged|got married|is getting married|are getting married|had (?:a|her|his|their) baby|is pregnant|is expecting|graduated|got (?:a|the|her|his) (?:new )?job|got promoted|retired|passed (?:her|his|the) \w{2,12})\b',
])

# The draft congratulates them on news as if it were theirs ("congrats on your engagement", "when's the big day?").
YOUR_NEWS = Lexicon(name="your_news", patterns=[
    r"\b(?:congrat\w{0,12} on|so happy for) (?:your|you(?:r)? two(?:'s)?) (?:engagement|wedding|marriage|baby|pregnancy|graduation|new job|promotion|retirement|big news)\b",
    r"\b(?:your|you're) (?:engagement|wedding|pregnancy|graduation|promotion|retirement)\b",
    r"\bwhen's (?:your|the) (?:big day|wedding|due date)\b",
])


# ---- what they said and what the draft does, for the clash rules that were named checks (issue 10) ----
# Moved unchanged from the rules' params in rules/out_of_step.yml (tests/test_lexicons_built_in.py lints them).
# They passed you on: they left, moved role, or someone else handles it now ("please contact Ana Ruiz", "Priya has taken over").
HANDED_OVER = Lexicon(name="handed_over", patterns=[
    r'\b(?:please|pls|kindly) (?:contact|email|reach out to|get in touch with|speak (?:to|with)|talk to|write to|deal with|send (?:this|it|them|that) to|direct (?:this|your|any) [a-z ]{0,20}to) (?:my colleague|our|[a-z]{2,20} [a-z]{2,20} \(|[a-z]{2,20} (?:instead|from now|going forward|who|at|on|in our))',
    r"\b(?:i've|i have|i'm|i am) (?:moved|transferred|left|leaving|stepped down|stepping down|moved on)\b(?! (?:in|house|the date|the meeting|it|things|some|our|my))",
    r'\b(?:i|we) no longer (?:work (?:at|for|on)|handle|look after|manage|run|deal with|look after|oversee|am responsible|own)\b',
    r'\bi (?:left|moved on from|have left) [A-Za-z][\w&-]{1,30}\b(?: (?:at|in|last|this|on)\b)',
    r"\b(?:i'm|i am) not (?:the right person|in charge of|responsible for|handling)\b",
    r'\b(?:is|are) now (?:handled|managed|run|looked after|covered) by\b',
    r'\b(?:has|have) taken over\b',
    r'\bthe right person (?:is|would be|to (?:talk|speak) to is)\b',
    r'\b(?:is|will be) (?:your|the) (?:new )?(?:point of contact|contact|account manager)\b',
])

# Calls do not work for them ("email only", "I'm hard of hearing").
NO_CALLS = Lexicon(name="no_calls", patterns=[
    r'\b(?:please |pls )?(?:only|just) (?:email|e-mail|text|message|write|whatsapp)\b(?! (?:me|us) (?:if|when|once))',
    r"\b(?:please don't|pls don't|don't|do not|can't|cannot|can not|unable to) (?:call|phone|ring)(?: me| us)?\b(?! (?:it|this|that|them|him|her|back)\b)",
    r"\b(?:can't|cannot|can not) (?:take|do|answer) (?:phone )?calls\b",
    r'\bno (?:phone )?calls\b(?! (?:yet|today|from))',
    r"\b(?:hard of hearing|i am deaf|i'm deaf|hearing impaired|hearing loss|speech impediment|non-verbal)\b",
    r'\bprefer (?:email|e-mail|text|texts|texting|messages|writing|whatsapp|chat)\b',
    r'\b(?:email|e-mail|text|texting|writing) (?:is|works) (?:best|better|easier)\b',
    r'\bnot (?:a )?phone person\b',
    r'\bno calls? please\b',
    r'\b(?:phone calls|calls|the phone) (?:are|is) (?:really |very )?(?:difficult|hard|impossible|not possible|tricky)\b',
])

# Not on this platform: they asked for email instead of DMs ("email me rather than here").
NOT_HERE = Lexicon(name="not_here", patterns=[
    r'\b(?:rather than|instead of) (?:on )?here\b',
    r'\bnot on here\b',
    r"\b(?:please )?(?:don't|do not) (?:dm|message) me (?:on|here|about)\b",
    r'\b(?:send|email) (?:anything|everything|it|that|them|the details) to my (?:work |personal )?email\b',
    r'\bemail me (?:instead|rather)\b',
])

# They ask for a call ("call me", "can we talk?"): a preference for writing is lifted.
CALL_REQUESTED = Lexicon(name="call_requested", patterns=[
    r'\b(?:call|ring|phone) me\b',
    r'\b(?:can|could) (?:you|we) (?:call|talk|speak|hop on)\b',
])

# The draft proposes to call them ("I'll give you a call", "quick call", "over the phone").
PROPOSES_CALL = Lexicon(name="proposes_call", patterns=[
    r"\b(?:i'll|i will|we'll|we will|let me|i can|can i|could i|shall i|i'd like to|i'd love to|happy to|i'm going to|going to|gonna) (?:give you a (?:quick )?(?:call|ring|bell)|call|phone|ring)\b",
    r'\b(?:hop|jump|get) on (?:a|the) (?:quick )?(?:call|phone)\b',
    r'\bgive you a (?:quick )?(?:call|ring|bell)\b',
    r'\b(?:over|on) the phone\b',
    r'\b(?:quick|short|brief|phone|15[- ]minute|10[- ]minute) call\b',
    r'\b(?:give|drop) (?:me|us) a (?:call|ring|bell)\b',
    r'\bcall (?:me|us) (?:back|at|on|when|any)\b',
    r'\b(?:best|good) (?:number|time) to (?:call|reach)\b',
    r'\b(?:speak|talk) (?:on|over) the phone\b',
    r'\b(?:walk|talk) you through (?:it |this |them )?(?:live|on a call|by phone)\b',
    r'\bwork for (?:a )?(?:\d{1,2}|fifteen|twenty|thirty) ?(?:minutes|mins|min)\b',
])

# They ask to be chased ("if you don't hear from me by the 10th, nudge me").
ASKED_TO_BE_CHASED = Lexicon(name="asked_to_be_chased", patterns=[
    r'\b(?:nudge|remind|ping|chase|poke|bug|prod) (?:me|us)\b',
    r'\bfollow (?:up )?with me\b',
    r'\bcheck (?:back )?in with me\b',
    r"\bif you don'?t hear (?:back )?from (?:me|us)\b",
])

# The draft says they never replied ("I haven't heard back", "no reply yet").
SAYS_NO_REPLY = Lexicon(name="says_no_reply", patterns=[
    r"\b(?:i|we) (?:haven't|have not|didn't|did not|never) (?:heard|had a reply|had an answer|got a reply)(?: back)?\b(?! from (?!you\b))",
    r'\bno (?:reply|response|answer) (?:yet|so far)\b',
])

# A system closes or drops their case because "they went quiet" ("closed due to inactivity", "since we haven't
# heard from you, we've closed your request").
CLOSED_FOR_NO_REPLY = Lexicon(name="closed_for_no_reply", patterns=[
    r"\b(?:closed|archived|cancell?ed|expired|resolved|withdrawn) (?:due to|because of|for) (?:inactivity|no response|lack of (?:response|activity))\b",
    r"\bsince (?:we|i) (?:haven't|have not|didn't|did not) hear(?:d)? (?:back )?from you\b",
])

# The draft chases an answer to an earlier message ("did you get a chance to look?", "just following up").
CHASES_REPLY = Lexicon(name="chases_reply", patterns=[
    r'\b(?:just )?(?:checking|following|circling) (?:in|up|back) (?:on|about|regarding) (?:my|our) (?:last|previous|earlier|email|message|note|proposal|quote|invoice|offer)\b',
    r'\bjust (?:checking in|following up|circling back|bumping)\b',
    r'\b(?:did|have|had) you (?:get|had|have) a chance to (?:look|read|review|check|go through|see|consider|think)\b',
    r"\b(?:haven't|have not|didn't|did not) hear(?:d)? back\b",
    r'\bnot sure (?:if|whether) you (?:saw|got|received|had a chance)\b',
    r'\bin case (?:you missed|it got|this got)\b',
    r'\bgot buried\b',
    r'\b(?:top|front) of your inbox\b',
    r'\bbump(?:ing)? (?:this|my|our)\b',
    r'\bany (?:update|news|thoughts|feedback) on (?:my|our|the) (?:last|previous|proposal|quote|email|message|offer|invoice)\b',
    r'\bme again\b',
])

# They ask for a reply in a language ("répondre en français", "reply in Spanish")...
REPLY_IN_LANGUAGE = Lexicon(name="reply_in_language", patterns=[
    r'\b(?:reply|respond|answer|write|speak|talk|répond|écri|parl|respond|contest|escrib|escríb|habl|antwort|schreib|sprech|rispond|scriv|fal)\w{0,6}(?: back| to (?:me|us)| me| us| moi| nous)? (?:en|in|auf|em|in lingua) (?:français|francais|french|español|espanol|castellano|spanish|deutsch|german|italiano|italian|português|portugues|portuguese)\b',
])

# ... said as a request ("s'il vous plaît", "por favor", "could you").
PLEASE_IN_LANGUAGES = Lexicon(name="please_in_languages", patterns=[
    r"\b(?:please|s'il vous pla[iî]t|svp|por favor|bitte|per favore|pouvez-vous|pourriez-vous|puede|podría|können sie|could you|can you|prefer|préfère|prefiero|bevorzuge|preferisco)\b",
])


# They ask not to be addressed with a title, or say they use they/them ("please don't call me Mrs", "I'm non-binary").
REFUSES_TITLE = Lexicon(name="refuses_title", patterns=[
    r"""\b(?:don't|do not|please don't|pls don't|never|not) (?:call me|use|put|address me as|write|call|address) ['"‘’]?(?:mr|mrs|ms|miss|sir|madam|ma'am)\b""",
    r"\b(?:i'm|i am) (?:non-binary|nonbinary|enby|genderqueer|agender)\b",
    r'\b(?:go by|use|my pronouns are|pronouns:?) they/them\b',
])


# What language a draft is in, for a reply in the language they asked for: common English words (three in the
# draft make it English), and per language how they name it and its common words (two answer the request).
ENGLISH_WORDS = frozenset("the and you your we our is are to of for with please thank thanks will can this that".split())
LANGUAGES = tuple((language, Lexicon(name=f"languages.{language}", patterns=[named]), frozenset(words.split()))
                  for language, named, words in (
    ("french", r"\b(?:français|francais|french)\b", "le la les vous nous est pour avec merci bonjour votre une des"),
    ("spanish", r"\b(?:español|espanol|castellano|spanish)\b", "el los las usted para con gracias hola por una su del"),
    ("german", r"\b(?:deutsch|german)\b", "der die das und sie ihnen danke hallo für mit ist ein eine"),
    ("italian", r"\b(?:italiano|italian)\b", "il lo gli per con grazie ciao buongiorno della una sono"),
    ("portuguese", r"\b(?:português|portugues|portuguese)\b", "o os as você para com obrigado obrigada olá uma seu sua"),
))

# The titles a they/them request rules out (lower case).
GENDERED_TITLES = frozenset({"mr", "mrs", "ms", "miss", "sir", "madam", "ma'am"})


# They asked you to keep something to yourself ("please keep it anonymous", "between us", "my manager doesn't know").
KEEP_PRIVATE = Lexicon(name="keep_private", patterns=[
    r"\b(?:keep (?:it|this|that|my [a-z]{2,12}|our [a-z]{2,12}) (?:strictly )?(?:anonymous|private|confidential|quiet|between us|to yourself|off (?:social|the record|the internet)))\b",
    r"\b(?:between (?:us|you and me)|off the record|in confidence)\b",
    r"\b(?:please )?(?:don't|do not) (?:mention|share|post|put|write|name me|tell|bring up|cc|copy in|loop in|tag)\b",
    r"\bno name (?:in|on)\b",
    r"\b(?:my|our) (?:manager|boss|team|family|parents|partner) (?:doesn't|does not|don't|do not) know\b",
])

# The draft makes it public or brings others in ("featured", "I've cc'd your manager", "on Instagram").
PUBLICISES = Lexicon(name="publicises", patterns=[
    r"\b(?:feature[sd]?|featuring|spotlight|shout-?out|announce\w{0,3}|post(?:ed|ing)? (?:on|to|about)|share[sd]? (?:on|with|it))\b",
    r"\b(?:i've |i have |i )?(?:cc'?d|copied in|looped in|forwarded (?:this|it|your) to|added) (?:your|the|him|her|them)\b",
    r"\b(?:instagram|facebook|linkedin|twitter|tiktok|newsletter|annual report|press release)\b",
])

# Words too common to show that a public reply repeats what they told you in confidence.
SECRET_GENERIC_WORDS = "thanks thank today supper club first time felt okay dinner please happy looking keep"


# They thank you for the event ("thanks for the webinar tonight"): it happened.
THANKED_FOR_EVENT = Lexicon(name="thanked_for_event", patterns=[
    r"\bthank(?:s| you)(?: so much)? for (?:today|tonight|yesterday|this morning|last night|(?:the|today's|tonight's|yesterday's|this morning's) (?:webinar|class|session|course|call|meeting|event|workshop|shoot|visit|lesson|tour|tasting|recording|talk|interview))\b",
])

# The draft says it is still to come ("starts tomorrow", "just a reminder")...
REMINDS_UPCOMING = Lexicon(name="reminds_upcoming", patterns=[
    r"\b(?:starts|is|begins|kicks off) (?:tomorrow|today|tonight|this (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|evening|afternoon|morning))\b",
    r"\bjust a reminder\b",
    r"\breminder:",
    r"\bwe're recording tomorrow\b",
])

# ... unless it is about the next one ("the next session", "part 2").
NEXT_ONE = Lexicon(name="next_one", patterns=[
    r"\bnext (?:one|class|session|lesson|week|month|time|episode|event|webinar|workshop)\b",
    r"\b(?:part|week|session|lesson) (?:2|two|3|three)\b",
])


_COMPILE_ON_FIRST_USE = False  # from here on (rule packs' params), a lexicon compiles when made

# Thanks for praise: how a reply takes a message as a compliment ("thanks for the love", "you made our day").
# Read against a complaint it shows the sarcasm was taken at face value.
THANKS_FOR_PRAISE = Lexicon(name="thanks_for_praise", patterns=[
    r"\bthanks? (?:you )?(?:so much |very much |a lot |heaps )?for (?:the|your|all the|such) (?:kind |lovely |sweet |nice "
    r"|amazing |wonderful |glowing )?(?:love|kind words|lovely words|sweet words|shout ?-?out|praise|compliments?|5 stars?"
    r"|five stars?|5-star|five-star)\b",
    r"\b(?:made|make|makes) (?:our|my|the team's|the whole team's|everyone's) (?:day|week)\b",
    r"\b(?:glad|happy|thrilled|delighted|stoked) (?:you're|you are|to hear you're|to hear you are) (?:loving|enjoying|liking|happy with)\b",
    r"\b(?:glad|happy|thrilled|delighted) (?:you|to hear you) (?:love|loved|like|liked|enjoy|enjoyed) (?:it|them|this|the|our)\b",
    r"\bmeans (?:so much|a lot|the world) to (?:us|the team|me|all of us|everyone)\b",
    r"\bwe (?:love|loved) hearing (?:this|that|it)\b",
    # reading their message as a compliment or as content ("we'll take that as a compliment", "the kind words",
    # "glad the interview felt fair", "a pleasure working with you too")
    r"\b(?:take|taking|took) (?:that|this|it) as a compliment\b", r"\bkind words\b",
    r"\b(?:glad|happy|pleased|relieved) (?:the|your|it|this|that) (?:[a-z-]{2,20} ){0,2}(?:felt|was|went|seemed|worked out) "
    r"(?:fair|good|great|helpful|useful|smooth|easy|fine|well|okay|ok|worthwhile)\b",
    r"\bpleasure (?:working|talking|meeting) with you too\b",
])

