"""Signals about the moment a draft goes out: tragedies it mentions, remembrance days, live events.

The words and the calendar are data (`rules/calendar/moments.yml`), extended per
team in `tactful.toml` (`[sensitive] terms/dates`, `[[events]]`) and per request
(`events`). An event is a crisis a team declares while it is live ("Storm
Ciarán", terms, start, end): while it is active a promotion that mentions it is
out of step, and any other promotion gets a review warning naming it: the
"pause everything" social teams do by hand, made per draft and explained.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from tactful.nlp import lexicons as lx
from tactful.context import CheckContext
from tactful.errors import RulePackError
from tactful.nlp.regex_safety import unsafe_reason
from tactful.signals.registry import Signal, get, signal

CALENDAR_FILE = "calendar/moments.yml"


@dataclass(frozen=True)
class Moments:
    crisis: re.Pattern
    named_storm: re.Pattern
    soft: re.Pattern
    giving: re.Pattern
    remembrance_words: re.Pattern
    fixed_days: dict[str, str]  # MM-DD -> name
    moving_days: tuple[tuple[str, str], ...]  # (rule, name)
    # name -> the words a post uses for that day ("Anzac", "3.11"), compiled; naming the day marks it
    day_terms: dict[str, re.Pattern] = field(default_factory=dict)


ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MOVING_RULE = re.compile(rf"({'|'.join(ORDINALS)}) ({'|'.join(WEEKDAYS)}) of ({'|'.join(MONTHS)})")


def moving_day_holds(rule: str, day: date) -> bool:
    """Whether `day` is the day a moving rule names ("second sunday of november", "last monday of may")."""
    ordinal, weekday, month = MOVING_RULE.fullmatch(rule).groups()
    if day.month != MONTHS.index(month) + 1 or day.weekday() != WEEKDAYS.index(weekday):
        return False
    if ORDINALS[ordinal] == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 == ORDINALS[ordinal]


def _day_terms(terms: object, where: str) -> re.Pattern:
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise RulePackError(f"{where}: terms must be a non-empty list of words")
    # Literal words, not regexes: a team edits them. A term is whole: not inside a longer word or number.
    return re.compile("|".join(r"(?<![\w/.])" + re.escape(t.strip()) + r"(?![\w/]|\.\d)" for t in terms),
                      re.IGNORECASE)


def _alternation(patterns: Iterable[str], where: str, flags: int = re.IGNORECASE) -> re.Pattern:
    patterns = list(patterns)
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise RulePackError(f"{where}: must be a non-empty list of patterns")
    for pattern in patterns:
        reason = unsafe_reason(pattern)
        if reason:
            raise RulePackError(f"{where}: regex {pattern!r} {reason}")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error as exc:
        raise RulePackError(f"{where}: bad regex ({exc})") from None


@lru_cache(maxsize=4)
def load_moments(rules_dir: Optional[str] = None) -> Moments:
    import yaml

    from tactful.rulepack import default_rules_dir

    path = Path(rules_dir or default_rules_dir()) / CALENDAR_FILE
    name = f"rules/{CALENDAR_FILE}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(f"{name}: cannot load ({str(exc).splitlines()[0]})") from None
    keys = {"crisis_terms", "named_storm", "soft_cues", "giving", "remembrance_days", "remembrance_words"}
    if not isinstance(data, dict) or set(data) != keys:
        raise RulePackError(f"{name}: needs exactly the keys {', '.join(sorted(keys))}")
    fixed, moving, day_terms = {}, [], {}
    for entry in data["remembrance_days"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or \
                ("date" in entry) == ("rule" in entry) or set(entry) - {"name", "date", "rule", "terms"}:
            raise RulePackError(f"{name}: each remembrance day has a name, either a date (MM-DD) or a rule, "
                                "and optional terms")
        if "terms" in entry:
            day_terms[entry["name"]] = _day_terms(entry["terms"], f"{name}: {entry['name']}")
        if "date" in entry:
            if not re.fullmatch(r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])", str(entry["date"])):
                raise RulePackError(f"{name}: {entry['name']}: date must be MM-DD, not {entry['date']!r}")
            fixed[str(entry["date"])] = entry["name"]
        elif not isinstance(entry["rule"], str) or not MOVING_RULE.fullmatch(entry["rule"]):
            raise RulePackError(f"{name}: {entry['name']}: unknown rule {entry['rule']!r} (the shape is "
                                "'<first|second|third|fourth|last> <weekday> of <month>')")
        else:
            moving.append((entry["rule"], entry["name"]))
    return Moments(
        crisis=_alternation(data["crisis_terms"], f"{name}: crisis_terms"),
        named_storm=_alternation([data["named_storm"]], f"{name}: named_storm", flags=0),
        soft=_alternation(data["soft_cues"], f"{name}: soft_cues"),
        giving=_alternation(data["giving"], f"{name}: giving"),
        remembrance_words=_alternation(data["remembrance_words"], f"{name}: remembrance_words"),
        fixed_days=fixed, moving_days=tuple(moving), day_terms=day_terms,
    )


def _moments(ctx: CheckContext) -> Moments:
    return ctx.settings.get("moments") or load_moments()


def _author_text(ctx: CheckContext) -> str:
    """The draft as judged: for an email, the author's own words (quoted news is not their promotion)."""
    return ctx.draft


def _extra_terms(ctx: CheckContext) -> Optional[re.Pattern]:
    terms = ctx.settings.get("sensitive_terms") or ()
    if not terms:
        return None
    return re.compile("|".join(r"\b" + re.escape(t.lower()) + r"\b" for t in terms), re.IGNORECASE)


def _first(patterns: Iterable[Optional[re.Pattern]], text: str) -> Optional[re.Match]:
    found = [m for m in (p.search(text) for p in patterns if p is not None) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _crisis_words(ctx: CheckContext, text: str) -> Optional[re.Match]:
    """The first tragedy or disaster word in the text: the shipped list, named storms and the team's own terms."""
    moments = _moments(ctx)
    return _first((moments.crisis, moments.named_storm, _extra_terms(ctx)), text)


@signal("draft.crisis_reference")
def crisis_reference(ctx: CheckContext) -> Signal:
    """The draft names a tragedy, a disaster, an attack, a death or a remembrance ("never forget", "Hurricane Helene")."""
    moments, text = _moments(ctx), _author_text(ctx)
    match = _crisis_words(ctx, text)
    if match is None:
        soft = list(moments.soft.finditer(text))
        if len({m.group().lower() for m in soft}) >= 2:
            match = soft[0]
    if match is None:
        return Signal("draft.crisis_reference", False)
    return Signal("draft.crisis_reference", True, evidence=f"the draft mentions '{match.group()}'", span=match.span())


@signal("draft.soft_crisis_cue")
def soft_crisis_cue(ctx: CheckContext) -> Signal:
    """A softer cue of a hard moment ("stay safe", "hunker down", "in solidarity"): a crisis only with a live event or a remembrance day."""
    match = _moments(ctx).soft.search(_author_text(ctx))
    return Signal("draft.soft_crisis_cue", bool(match), evidence=f"the draft says '{match.group()}'" if match else None,
                  span=match.span() if match else None)


@signal("draft.giving")
def giving(ctx: CheckContext) -> bool:
    """The draft gives help (donations, relief, free water or rooms, paused fees) and sells nothing hard (no discount, no code)."""
    text = _author_text(ctx)
    return bool(_moments(ctx).giving.search(text)) and not lx.HARD_PITCH.search(lx.normalise(text))


@signal("draft.promotional")
def promotional(ctx: CheckContext) -> Signal:
    """The draft promotes something: the act head reads a pitch, or it names a sale, a code, a shop link with a call to act."""
    from tactful.checks.reading import draft_view

    pitch = get(ctx, "draft.pitch")
    hard = lx.HARD_PITCH.search(lx.normalise(ctx.draft)) or lx.PRICED_DEAL.search(ctx.draft)
    span = draft_view(ctx).promo or (hard.span() if hard else None)
    if span:
        return Signal("draft.promotional", True, evidence="the draft promotes something", span=span)
    if pitch.holds:
        return Signal("draft.promotional", True, evidence=pitch.evidence, span=pitch.span)
    return Signal("draft.promotional", False)


def remembrance_day_on(day: date, moments: Moments, extra: Iterable[str] = ()) -> Optional[str]:
    key = day.strftime("%m-%d")
    if key in moments.fixed_days:
        return moments.fixed_days[key]
    if key in set(extra):
        return f"{key} (a date on your sensitive list)"
    for rule, name in moments.moving_days:
        if moving_day_holds(rule, day):
            return name
    return None


@signal("moment.remembrance_day")
def remembrance_day(ctx: CheckContext) -> Signal:
    """The draft goes out on a remembrance day (the shipped calendar plus your [sensitive] dates)."""
    when = ctx.conversation.send_at
    name = remembrance_day_on(when.date(), _moments(ctx), ctx.settings.get("sensitive_dates") or ())
    return Signal("moment.remembrance_day", bool(name), evidence=f"it would go out on {name}" if name else None)


@signal("draft.marks_remembrance")
def marks_remembrance(ctx: CheckContext) -> Signal:
    """The draft marks a remembrance ("we remember", "honour", "never forget"), or names the day it goes out on
    ("Anzac", "3.11" on their days)."""
    moments, text = _moments(ctx), _author_text(ctx)
    match = moments.remembrance_words.search(text)
    if match is None:
        today = remembrance_day_on(ctx.conversation.send_at.date(), moments)
        named = moments.day_terms.get(today) if today else None
        match = named.search(text) if named is not None else None
    return Signal("draft.marks_remembrance", bool(match), span=match.span() if match else None,
                  evidence=f"the draft says '{match.group()}'" if match else None)


@dataclass(frozen=True)
class ActiveEvent:
    name: str
    terms: tuple[str, ...]
    start: Optional[datetime]
    end: Optional[datetime]

    def active_at(self, when: datetime) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def mention(self, text: str) -> Optional[re.Match]:
        words = [self.name, *self.terms]
        pattern = "|".join(r"(?<![\w#])" + re.escape(w.strip()) + r"(?!\w)" for w in words if w.strip())
        return re.search(pattern, text, re.IGNORECASE) if pattern else None


def events_for(ctx: CheckContext) -> list[ActiveEvent]:
    declared = list(ctx.settings.get("events") or ()) + list(getattr(ctx.request, "events", None) or ())
    return [ActiveEvent(e.name, tuple(e.terms), e.start, e.end) for e in declared]


def _active_events(ctx: CheckContext) -> list[ActiveEvent]:
    cache = ctx.cache.setdefault("moments", {})
    if "active" not in cache:
        when = ctx.conversation.send_at
        cache["active"] = [e for e in events_for(ctx) if e.active_at(when)]
    return cache["active"]


@signal("moment.active_event")
def active_event(ctx: CheckContext) -> Signal:
    """A sensitive event your team declared (tactful.toml [[events]] or the request's `events`) is live at the send time."""
    active = _active_events(ctx)
    names = ", ".join(e.name for e in active)
    return Signal("moment.active_event", bool(active), evidence=f"'{names}' is marked as a live sensitive event" if active else None)


@signal("draft.mentions_event")
def mentions_event(ctx: CheckContext) -> Signal:
    """The draft mentions a live sensitive event by its name, terms or hashtags."""
    text = _author_text(ctx)
    for event in _active_events(ctx):
        match = event.mention(text)
        if match:
            return Signal("draft.mentions_event", True, span=match.span(),
                          evidence=f"the draft mentions '{match.group()}' while '{event.name}' is live")
    return Signal("draft.mentions_event", False)


@signal("history.our_crisis_post")
def our_crisis_post(ctx: CheckContext) -> Signal:
    """Your own post in the last two days is about a tragedy or a disaster ("Our thoughts are with
    everyone affected by last night's fire"): a promotion queued behind it reads as the same account moving on
    to selling within hours."""
    convo = ctx.conversation
    for turn in reversed(convo.turns):
        # your public posts only, with their time: in a chat, crisis words are talk about the news
        if turn.inbound or not turn.text or turn.kind != "post" or convo.age(turn) is None:
            continue
        if not convo.within(turn, timedelta(days=2)):
            break
        if _crisis_words(ctx, turn.text):
            return Signal("history.our_crisis_post", True, evidence=convo.describe(turn))
    return Signal("history.our_crisis_post", False)


@signal("them.crisis_post")
def crisis_post(ctx: CheckContext) -> Signal:
    """Their latest message or post (within three days) is about a tragedy or a disaster."""
    convo = ctx.conversation
    turn = convo.last_inbound
    if turn is None or not convo.within(turn, timedelta(days=3)):
        return Signal("them.crisis_post", False)
    match = _crisis_words(ctx, turn.text)
    return Signal("them.crisis_post", bool(match),
                  evidence=convo.describe(turn) if match else None)
