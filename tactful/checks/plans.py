"""out_of_step checks about plans and terms: what was moved, agreed, booked or is still ahead.

Why code: each compares values, not words. A moved meeting confirmed at the old time (days, times and dates
before and after their change), the option they did not pick, "how did it go?" before the event's date, a
reminder for a day gone by, a booking outside the hours they gave, an invoice that is not what was agreed,
an order quantity changed, an offer several times their budget, a text inside their quiet hours in their
time zone. A reminder after they thanked you for the event is a composed rule in
rules/out_of_step_clashes.yml. Precision comes first: when in doubt, a check stays quiet.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from pydantic import PositiveInt

from tactful.checks import CheckParams, LexiconParam, register
from tactful.checks.reading import days, draft_view, evidence, hit, own_posts, recent, said
from tactful.context import CheckContext, Hit
from tactful.conversation import Turn
from tactful.nlp import lexicons as lx
from tactful.nlp.dates import dates_in, event_time, times_in
from tactful.nlp.extract import ADDRESS_RE, AMOUNT, MONEY_RE, amount, kind_of, plan_values
from tactful.nlp.lexicons import lexicon, normalise
from tactful.nlp.reading import questions, read

Params = dict[str, Any]


# ---- changed plan ----------------------------------------------------------------------

class ChangedPlanParams(CheckParams):
    max_age_days: float = 30
    changed: LexiconParam              # "can we move it to Thursday"
    cancelled: LexiconParam            # "we have to cancel"
    draft_after_event: LexiconParam    # "see you there", "looking forward to Tuesday"
    draft_acknowledges: LexiconParam   # "as you asked, moved to"
    thing_words: list[str] = []        # words too common to name what was planned


@register("changed_plan_ignored", params=ChangedPlanParams)
def changed_plan_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They moved, changed or cancelled something; the draft confirms the old plan."""
    draft = draft_view(ctx)
    as_planned = draft.find(lx.CONFIRM) or draft.find(lexicon(params["draft_after_event"], "draft_after_event"))
    if not as_planned or draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")):
        return []
    turns = recent(ctx, params, limit=2, default_days=30)
    # what they changed, or what you agreed to change ("Of course, let's move the deadline to 27 March")
    ours = [t for t in ctx.conversation.outbound_messages[-2:] if ctx.conversation.within(t, days(params.max_age_days))]
    changed = said(sorted(turns + ours, key=lambda t: t.index), lexicon(params["changed"], "changed"))
    other = _other_option(ctx)
    if other:
        return hit(other[0], other[1])
    turns = turns + own_posts(ctx, within_days=7)  # your own "regatta cancelled" post, then the scheduled "race day!" one
    if changed:
        stale = _stale_mention(ctx, params, changed.turn) or _old_address(ctx, changed.turn)
        if stale:
            return hit(stale, evidence(ctx, changed))
    cancelled = said(turns, lexicon(params["cancelled"], "cancelled"))
    if cancelled:
        about_it = draft.overlap(read(cancelled.quote).words) or {
            t for t, _, _ in plan_values(ctx.draft)} & {t for t, _, _ in plan_values(cancelled.quote)}
        replanning = questions(read(cancelled.turn.text))  # "can we rebook?": only a draft about the old one is wrong
        settled = _we_confirmed_cancellation(ctx, cancelled.turn)  # "I've cancelled the booking": nothing is planned now
        if about_it or settled or not replanning and cancelled.turn in ctx.conversation.pending_inbound:
            return hit(as_planned, evidence(ctx, cancelled))
    return []


_CLAUSE_END = re.compile(r"[.!?;,—–\n]")
_MARKERS = re.compile(
    r"\b(?P<instead_of>instead of|rather than)\b"
    r"|\bfrom\b(?=[^.!?;\n]{1,40}\bto\b)(?P<from_to>)"
    r"|(?P<not>\bnot|\bno longer)\b(?= (?:\d|the \d|" + lx.WEEKDAYS + r"|" + lx.MONTHS + r"))"
    r"|\b(?P<drop>skip|cancel|can't make|cannot make|won't make|won't be able to make|unable to make|not able to make)\b"
    r"|(?P<out>\b(?:is|are|'s) (?:out|off|no good|not good)\b|\b(?:doesn't|does not|won't|no longer) work\b)"
    r"|\b(?P<instead>instead)\b(?! of)"
    r"|\bi (?P<meant>meant|mean)\b"
    r"|\b(?P<move>push|move|moved|moving|shift|change|changed|bump|switch|reschedule|postpone|bring|reduced?|increased?|cut)\b"
    r"(?=[^.!?;\n]{0,50}\bto\b)"
)


def _stale_mention(ctx: CheckContext, params: Params, turn: Turn) -> Optional[tuple[int, int]]:
    """Where the draft names what they changed away from, without naming what they changed to."""
    filler = frozenset(params.thing_words)
    old, new = _old_and_new(turn.text, filler)
    if not new:
        return None
    if not old:  # "move the launch to June 12": any other date is the old one
        old = _earlier_values(ctx, turn, {kind_of(t) for t in new}, filler)
    mentioned = plan_values(ctx.draft, filler)
    new_dates = {t for t in new if kind_of(t) == "date"}
    draft_dates = [(s, e) for t, s, e in mentioned if kind_of(t) == "date" and t not in new_dates]
    if new_dates and draft_dates and not any(t in new_dates for t, _, _ in mentioned):
        return draft_dates[0]  # "due this Friday, 13 March" after "let's move it to Friday 27 March"
    if any(token in new or token.startswith("day:next ") and "day:next week" in new for token, _, _ in mentioned):
        return None
    kinds = {kind_of(t) for t in new} & {"day", "clock", "date"}
    for token, start, end in mentioned:
        if token in old or (not old and kind_of(token) in kinds):
            return start, end
    return None


def _other_option(ctx: CheckContext) -> Optional[tuple[tuple[int, int], str]]:
    """You offered 'Wednesday 11th or Thursday 12th', they picked one, and the draft confirms the other."""
    convo = ctx.conversation
    offers = [t for t in convo.outbound_messages[-3:] if " or " in normalise(t.text)
              and any(r.index > t.index for r in convo.inbound_messages)][-1:]
    if not offers:
        return None
    replies = [t for t in convo.inbound_messages if t.index > offers[0].index][:2]
    kinds = ("day", "date")
    offered = {t for t, _, _ in plan_values(offers[0].text) if kind_of(t) in kinds}
    if len(offered) < 2:
        return None
    picked = {tok for turn in replies for tok, _, _ in plan_values(turn.text) if tok in offered}
    if not picked or len(picked) == len(offered):
        return None
    mentioned = [(tok, s, e) for tok, s, e in plan_values(ctx.draft) if kind_of(tok) in kinds]
    if any(tok in picked for tok, _, _ in mentioned):
        return None
    wrong = next(((s, e) for tok, s, e in mentioned if tok in offered), None)
    if wrong is None:
        return None
    turn = replies[-1]
    return wrong, convo.describe(turn, quote=read(turn.text).sentence_around(0)) + "; the draft confirms the option they did not pick"


def _amounts_before(convo, turn: Turn) -> set[float]:
    earlier = [t for t in convo.messages if t.index < turn.index and MONEY_RE.search(t.text)]
    return {amount(m.group()) for m in MONEY_RE.finditer(earlier[-1].text)} if earlier else set()


def _sentence_at(ctx: CheckContext, position: int) -> str:
    return next((s.text for s in ctx.sentences if s.start_char <= position < s.end_char), ctx.draft)


def _we_confirmed_cancellation(ctx: CheckContext, turn: Turn) -> bool:
    return any(t.index > turn.index and re.search(r"\bcancel(?:l?ed|lation)\b|\brefund(?:ed)?\b|\bcredit\b", normalise(t.text))
               for t in ctx.conversation.outbound_messages)


def _old_address(ctx: CheckContext, turn: Turn) -> Optional[tuple[int, int]]:
    """'New address is 12 Birch Road' and the draft sends it to 4 Elm Street."""
    given = {_address_key(m.group()) for m in ADDRESS_RE.finditer(turn.text)}
    if not given:
        return None
    for mention in ADDRESS_RE.finditer(ctx.draft):
        if _address_key(mention.group()) not in given:
            return mention.span()
    return None


def _address_key(address: str) -> str:
    """'12 Birch Road' and '12 birch rd' alike: the number and the street's first word."""
    parts = normalise(address).split()
    return " ".join(parts[:2])


def _old_and_new(text: str, filler: frozenset[str]) -> tuple[set[str], set[str]]:
    """The plan values a change message drops and the ones it asks for.

    'push Thursday's visit to 2pm instead of 10' -> old {clock:10:00}, new {clock:2:00};
    'we're 8 now, not 12' -> old {num:12}, new {num:8}; 'skip the beach ... studio instead?'
    -> old {w:beach}, new {w:studio}.
    """
    norm = normalise(text)
    tokens = plan_values(text, filler)
    old: set[str] = set()
    new: set[str] = set()
    for m in _MARKERS.finditer(norm):
        kind = m.lastgroup
        # "200 units, not 500": the comma before "not" does not end the clause
        cut = len(norm[:m.start()].rstrip(" ,")) if kind in ("instead_of", "not") else m.start()
        before = _clause(tokens, norm, cut, backwards=True)
        after = _clause(tokens, norm, m.end(), backwards=False)
        if kind in ("instead_of", "not"):
            old |= set(after[:3] if kind == "instead_of" else after[:1])
            new |= set(before[-3:])
        elif kind == "out":
            old |= set(before[-2:])
            new |= {t for t, s, _ in tokens if s >= m.end() and kind_of(t) in ("day", "clock", "date")}
        elif kind == "from_to":
            to = norm.find(" to ", m.end())
            old |= {t for t, s, _ in tokens if m.end() <= s < to}
            new |= set(_clause(tokens, norm, to + 4, backwards=False)[:3])
        elif kind == "drop":
            old |= set(after[:2])
        elif kind == "instead":
            new |= set(before[-3:])
        elif kind == "meant":  # "I said Tuesday but I meant Thursday the 14th"
            new |= set(after[:3])
        elif kind == "move":
            to = norm.find(" to ", m.end())
            new |= set(_clause(tokens, norm, to + 4, backwards=False)[:3])
    kinds = {kind_of(t) for t in old} or {kind_of(t) for t in new}
    new = {t for t in new if kind_of(t) in kinds} - old
    return old - new, new


def _clause(tokens, norm: str, position: int, backwards: bool) -> list[str]:
    """The plan tokens between `position` and the nearest clause boundary on one side."""
    if backwards:
        ends = [m.end() for m in _CLAUSE_END.finditer(norm, 0, position)]
        start = ends[-1] if ends else 0
        return [t for t, s, _ in tokens if start <= s < position]
    boundary = _CLAUSE_END.search(norm, position)
    end = boundary.start() if boundary else len(norm)
    return [t for t, s, _ in tokens if position <= s < end]


def _earlier_values(ctx: CheckContext, turn: Turn, kinds: set[str], filler: frozenset[str]) -> set[str]:
    """The plan as it stood before their change: days, times and dates in earlier messages."""
    earlier = [t for t in ctx.conversation.messages if t.index < turn.index][-3:]
    return {tok for t in earlier for tok, _, _ in plan_values(t.text, filler)
            if kind_of(tok) in kinds & {"day", "clock", "date"}}


# ---- asks too early ----------------------------------------------------------------------

class AsksTooEarlyParams(CheckParams):
    max_age_days: float = 7
    draft_asks_outcome: LexiconParam   # "how did the interview go?"
    asks_generally: LexiconParam       # "how did it go?": about their event even without naming it


@register("asks_too_early", params=AsksTooEarlyParams, needs_history=True)
def asks_too_early(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """The draft asks how something went that they said is still ahead (the interview is tomorrow)."""
    draft = draft_view(ctx)
    ask = draft.find(lexicon(params["draft_asks_outcome"], "draft_asks_outcome"))
    if not ask:
        return []
    convo = ctx.conversation
    for turn in reversed(convo.recent_inbound(within=days(params.max_age_days), limit=2)):
        if turn.item.at is None:
            continue
        starts = event_time(turn.text, turn.item.at)
        if starts and starts > convo.send_at:
            if draft.overlap(read(turn.text).words) or params.asks_generally.search(draft.norm):
                return hit(ask, f"{convo.describe(turn)}; that is still ahead when this would be sent")
    return []


# ---- over their budget, a reminder for a date gone by ---------------------------------------

_CAP = re.compile(
    r"\b(?:budget|max|maximum|no more than|at most|cap(?:ped)? at)\b[^.!?\n]{0,30}?"
    r"(" + AMOUNT + r"k?)"
    r"|(" + AMOUNT + r"k?)\s?(?:max|maximum|tops|at most|or less|is our (?:limit|budget|max))\b",
    re.IGNORECASE,
)


class BudgetParams(CheckParams):
    max_age_days: float = 60
    times: float = 2                   # an offer this many times their cap is over it
    draft_offers: LexiconParam
    draft_acknowledges: LexiconParam   # "I know it's above your budget"


@register("budget_ignored", params=BudgetParams, needs_history=True)
def budget_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They gave a budget cap; the draft proposes several times that without a word about it."""
    draft = draft_view(ctx)
    if draft.find(lexicon(params["draft_acknowledges"], "draft_acknowledges")) \
            or not draft.find(lexicon(params["draft_offers"], "draft_offers")):
        return []
    for turn in reversed(recent(ctx, params, limit=3, default_days=60)):
        cap = _CAP.search(turn.text)
        if not cap:
            continue
        limit = amount(cap.group(1) or cap.group(2))
        over = [m for m in MONEY_RE.finditer(ctx.draft) if limit and amount(m.group()) >= limit * params.times]
        if over:
            quote = read(turn.text).sentence_around(cap.start())
            return hit(over[0].span(), f"{ctx.conversation.describe(turn, quote=quote)}; the draft offers {over[0].group()}")
    return []


class ReminderForPastDateParams(CheckParams):
    max_days_ago: int = 60             # a date further back is read as next year's
    draft_upcoming: LexiconParam       # "reminder", "see you on"
    draft_looks_back: LexiconParam     # "thanks for coming on"


@register("reminder_for_past_date", params=ReminderForPastDateParams)
def reminder_for_past_date(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """A reminder or 'see you on' for a calendar date that has already gone by when it is sent."""
    draft = draft_view(ctx)
    if not draft.find(lexicon(params["draft_upcoming"], "draft_upcoming")) \
            or draft.find(lexicon(params["draft_looks_back"], "draft_looks_back")):
        return []
    sent = ctx.conversation.send_at
    for when in dates_in(draft.norm):
        if when.kind != "date" or when.value.startswith("??"):
            continue
        month, day = (int(x) for x in when.value.split("-"))
        try:
            date = sent.replace(month=month, day=day)
        except ValueError:
            continue
        days_ago = (sent.date() - date.date()).days
        if 1 <= days_ago <= params.max_days_ago:
            return hit((when.start, when.end), f"{ctx.draft[when.start:when.end]} is {days_ago} days before this would be sent")
    return []


class AvailabilityParams(CheckParams):
    max_age_days: float = 14
    only: LexiconParam                 # "only afternoons work", "no mornings"
    except_day: LexiconParam           # "any day except Wednesday"
    draft_proposes: LexiconParam
    # The hours (from, to) each part of the day they name covers, in the order their words are read.
    parts_of_day: dict[str, tuple[int, int]] = {"morning": (6, 12), "afternoon": (12, 18), "evening": (17, 23)}


@register("availability_ignored", params=AvailabilityParams, needs_history=True)
def availability_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said when they can (only afternoons); the draft books them at a time outside it."""
    draft = draft_view(ctx)
    turns = recent(ctx, params, limit=2, default_days=14)
    if not (draft.find(lx.CONFIRM) or draft.find(lexicon(params["draft_proposes"], "draft_proposes"))):
        return []
    ruled_out = said(turns, lexicon(params["except_day"], "except_day"))
    if ruled_out:  # "any day next week except Wednesday" and the invite is for Wednesday
        day = re.search(lx.WEEKDAYS, ruled_out.match)
        named = [w for w in times_in(ctx.draft) if w.kind == "day" and day and w.value[:3] == day.group()[:3]]
        if named:
            return hit((named[0].start, named[0].end), evidence(ctx, ruled_out))
    found = said(turns, lexicon(params["only"], "only"))
    if not found:
        return []
    part = next((p for p in params.parts_of_day if p in found.match), None)
    if part is None:
        return []
    allowed = range(*params.parts_of_day[part])
    negated = bool(re.search(r"\b(?:no|not|can't|cannot|never)\b", found.match))
    for when in times_in(ctx.draft):
        if when.kind != "clock":
            continue
        hour = int(when.value.split(":")[0])
        after_noon = re.match(r"\d{1,2}(?::\d{2})? ?(?:pm|p\.m\.)", ctx.draft[when.start:when.end].lower())
        hour = hour % 12 + 12 if after_noon else hour
        if (hour in allowed) == negated:
            return hit((when.start, when.end), evidence(ctx, found))
    return []


# ---- what was agreed --------------------------------------------------------------------------

class AgreementParams(CheckParams):
    max_age_days: float = 90
    agreed: LexiconParam               # "agreed", "deal", "we'll waive"
    waived: LexiconParam               # "no <fee>": group 1 is the fee
    draft_bills: LexiconParam          # an invoice or order total


@register("agreement_contradicted", params=AgreementParams, needs_history=True)
def agreement_contradicted(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """You agreed a price, a discount or a waived fee; the invoice or order in the draft says otherwise."""
    draft = draft_view(ctx)
    if not draft.find(lexicon(params["draft_bills"], "draft_bills")):
        return []
    convo = ctx.conversation
    agreed_words = lexicon(params["agreed"], "agreed")
    waived_words = lexicon(params["waived"], "waived")
    turns = [t for t in convo.turns if t.text and convo.within(t, days(params.max_age_days))]
    for turn in reversed(turns):
        reading = read(turn.text)
        for sentence in reading.sentence_texts():
            norm = normalise(sentence)
            if not agreed_words.search(norm):
                continue
            waived = waived_words.search(norm)
            if waived:  # "no young driver surcharge": the draft charges it anyway
                fee = read(waived.group(1)).words
                charged = next((m for m in re.finditer(r"\b(?:incl(?:uding|\.)?|plus|\+)\s[^.,;\n]{0,40}", draft.norm)
                                if fee and fee <= read(m.group()).words), None)
                if charged:
                    return hit(charged.span(), convo.describe(turn, quote=sentence))
            amounts = {amount(m.group()) for m in MONEY_RE.finditer(sentence)
                       if not re.search(r"\b(?:list|rrp|was|instead of|not)\W{0,3}$", norm[max(0, m.start() - 12):m.start()])}
            if waived_words.search(norm) or re.search(r"\bwaived?\b", norm):
                # "don't worry about the £40 fee, we've waived it": billing that amount contradicts it
                again = next((m for m in MONEY_RE.finditer(ctx.draft) if amount(m.group()) in amounts), None)
                if again:
                    return hit(again.span(), convo.describe(turn, quote=sentence))
                continue
            if not amounts:  # "Yes, fixed price, no surprises": the price is the one quoted just before
                amounts = _amounts_before(convo, turn)
            if "%" in sentence and re.search(r"\blist price\b", draft.norm):
                return hit(re.search(r"\blist price\b", draft.norm).span(), convo.describe(turn, quote=sentence))
            # amounts stated, not asked about ("one dollar each, to make a total of $1?")
            billed = [m for m in MONEY_RE.finditer(ctx.draft) if "?" not in _sentence_at(ctx, m.start())]
            if amounts and billed and not any(amount(m.group()) in amounts for m in billed):
                return hit(billed[0].span(), f"{convo.describe(turn, quote=sentence)}; the draft says {billed[0].group()}")
    return []


_COUNTED = re.compile(r"\b(\d{1,6})\s((?:[a-z-]{2,20} ?){1,3})")


class SpecParams(CheckParams):
    max_age_days: float = 14
    they_specify: LexiconParam         # "we need 200 mugs"
    draft_confirms_order: LexiconParam
    # Words after a count that do not name the thing counted ("200 of the", "3 x").
    not_things: frozenset[str] = frozenset("the a an and of for with to in on at per each x".split())


@register("spec_contradicted", params=SpecParams, needs_history=True)
def spec_contradicted(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """Their order says 200 mugs; the confirmation says 20."""
    draft = draft_view(ctx)
    if not draft.find(lexicon(params["draft_confirms_order"], "draft_confirms_order")):
        return []
    stated = lexicon(params["they_specify"], "they_specify")
    for turn in reversed(recent(ctx, params, limit=2, default_days=14)):
        reading = read(turn.text)
        if not reading.search(stated):
            continue
        norm = reading.norm
        theirs = [(int(count), {_fold_noun(w) for w in words.split()}) for count, words in _COUNTED.findall(norm)]
        for match in _COUNTED.finditer(draft.norm):
            count, words = int(match.group(1)), {_fold_noun(w) for w in match.group(2).split()}
            wanted = [(c, (w & words)) for c, w in theirs if w & words - params.not_things]
            if wanted and all(c != count for c, _ in wanted):
                thing = sorted(wanted[0][1])[0]
                return hit(match.span(), f"{ctx.conversation.describe(turn)}: {wanted[0][0]} {thing}; the draft says {count}")
    return []


def _fold_noun(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun


_QUIET = re.compile(
    r"\b(?:no|don't|do not|please don't|never) (?:send )?(?:texts?|messages?|msgs?|pings?|dms?)(?: me)? (before|after) "
    r"(\d{1,2}|midday|noon)(?::\d{2})? ?(am|pm)?\b"
)
_OFFSET = re.compile(r"\b(?:utc|gmt) ?([+-]\d{1,2})(?::?(30|45))?\b")


class QuietHoursParams(CheckParams):
    zones: dict[str, float]            # time-zone abbreviation -> hours ahead of UTC
    margin_without_zone_hours: float = 2  # no zone given: only a miss by more than this counts
    channels: list[str] = ["sms", "dm"]   # the channels that ping a phone
    recent_messages: PositiveInt = 5


@register("quiet_hours_ignored", params=QuietHoursParams, needs_history=True)
def quiet_hours_ignored(ctx: CheckContext, params: Params) -> Iterable[Hit]:
    """They said no texts before 8am their time (and gave their time zone); this goes out before then."""
    if ctx.request.channel not in params.channels:
        return []
    convo = ctx.conversation
    for turn in reversed(convo.inbound_messages[-params.recent_messages:]):
        norm = read(turn.text).norm
        quiet = _QUIET.search(norm)
        if not quiet:
            continue
        offset = _OFFSET.search(norm)
        named = None
        if offset:
            hours_ahead = int(offset.group(1)) + (int(offset.group(2) or 0) / 60) * (1 if offset.group(1)[0] == "+" else -1)
        else:
            named = next((float(hours) for zone, hours in params["zones"].items()
                          if re.search(r"\b" + re.escape(zone.lower()) + r"\b", norm)), None)
            hours_ahead = named if named is not None else 0.0
        # No zone given: read the send time as theirs, and flag only a clear miss (UTC is a guess).
        margin = 0.0 if offset or named is not None else params.margin_without_zone_hours
        hour = 12 if quiet.group(2) in ("midday", "noon") else int(quiet.group(2)) % 12 + (12 if quiet.group(3) == "pm" else 0)
        local = (convo.send_at.hour + convo.send_at.minute / 60 + hours_ahead) % 24
        too_early = quiet.group(1) == "before" and local < hour - margin
        too_late = quiet.group(1) == "after" and local >= hour + margin
        if too_early or too_late:
            return hit(None, f"{convo.describe(turn, quote=read(turn.text).sentence_around(quiet.start()))}; "
                             f"this would arrive at {int(local):02d}:{int(local % 1 * 60):02d} their time")
    return []
