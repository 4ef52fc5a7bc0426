"""Days, clock times and dates in a text, and the moments they point to.

`times_in` and `dates_in` find mentions ('Thursday', '10am', 'June 12th', 'next week')
with their places in the text; `event_time` and `deferred_until` resolve what a
message says to a datetime, relative to when it was written. Calendar arithmetic
(a month is a calendar month, not 28 days) is python-dateutil's relativedelta.
Bounded regexes only; a date that would fall outside the calendar is no match.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional, TypeVar

from tactful.nlp.lexicons import MONTHS, WEEKDAYS, normalise

# ---- times -------------------------------------------------------------------------------

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_RE = re.compile(r"\b(" + WEEKDAYS + r"|tomorrow|today|tonight)\b")
CLOCK_RE = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))? ?(am|pm|a\.m\.|p\.m\.|o'clock)(?!\w)"
    r"|\b(\d{1,2})[:.](\d{2})\b"
    r"|\b(?:at|by|to|from|until|till|til|around|instead of|rather than) (\d{1,2})\b(?![:.,]?\d|%| ?(?:mins?|minutes|hours?|hrs?|days?|weeks?|people|guests|of|x|kg|\$))"
    r"|\b(noon|midday|midnight)\b"
)


@dataclass(frozen=True)
class When:
    """A mention of a day or a clock time, normalised ('thursday', '10:00') with its place in the text."""

    kind: str  # "day" or "clock"
    value: str
    start: int
    end: int


def _day(word: str) -> str:
    for name in _DAY_NAMES:
        if word.startswith(name[:3]):
            return name
    return word


def times_in(text: str) -> list[When]:
    """Days and clock times mentioned in the text, normalised (am/pm dropped: '10am' == '10')."""
    norm = normalise(text)
    found = [When("day", _day(m.group(1)), m.start(), m.end()) for m in DAY_RE.finditer(norm)]
    for m in CLOCK_RE.finditer(norm):
        groups = m.groups()
        start = m.start(6) if groups[5] else m.start()  # "at 10": the time is the number
        if groups[6]:
            value = "12:00" if groups[6] in ("noon", "midday") else "00:00"
        else:
            hour = groups[0] or groups[3] or groups[5]
            minute = groups[1] or groups[4] or "00"
            if int(hour) > 24 or int(minute) > 59:
                continue
            value = f"{int(hour) % 12 or 12}:{minute}"
        found.append(When("clock", value, start, m.end()))
    return sorted(found, key=lambda w: w.start)


_F = TypeVar("_F", bound=Callable)


def _none_out_of_range(resolver: _F) -> _F:
    """Dates past year 9999 (or before year 1) do not exist: a time that would land there is no match."""

    @functools.wraps(resolver)
    def resolve(*args, **kwargs):
        try:
            return resolver(*args, **kwargs)
        except (OverflowError, ValueError):
            return None

    return resolve  # type: ignore[return-value]


@_none_out_of_range
def event_time(text: str, written_at: datetime) -> Optional[datetime]:
    """When a future event they mention starts ('interview tomorrow at 10am'), if the text says."""
    norm = normalise(text)
    day = None
    base = written_at.replace(hour=0, minute=0, second=0, microsecond=0)
    if re.search(r"\btomorrow\b", norm):
        day = base + timedelta(days=1)
    elif re.search(r"\b(?:tonight|this evening|later today|this afternoon)\b", norm):
        day = base.replace(hour=17)
    else:
        match = re.search(r"\b(?:on|this|next|coming) (" + WEEKDAYS + r")\b", norm)
        if match:
            target = _DAY_NAMES.index(_day(match.group(1)))
            ahead = (target - written_at.weekday()) % 7 or 7
            day = base + timedelta(days=ahead)
    if day is None:
        return None
    clocks = [w for w in times_in(text) if w.kind == "clock"]
    if clocks and day.hour == 0:
        hour, minute = (int(x) for x in clocks[0].value.split(":"))
        after_noon = re.search(r"\d ?(?:pm|p\.m\.)", norm) is not None
        day = day.replace(hour=(hour % 12) + (12 if after_noon else 0), minute=minute)
    return day


# ---- dates and plan values ---------------------------------------------------------------

_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
DATE_RE = re.compile(
    r"\b(" + MONTHS + r")\.? (\d{1,2})(?:st|nd|rd|th)?\b(?!:)"
    r"|\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? (" + MONTHS + r")\b"
    r"|\bthe (\d{1,2})(?:st|nd|rd|th)\b"
)
NEXT_RE = re.compile(r"\bnext (week|month|" + WEEKDAYS + r")\b")


def dates_in(norm: str) -> list[When]:
    found = []
    for m in DATE_RE.finditer(norm):
        month_word, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if m.group(5):
            value = f"??-{int(m.group(5)):02d}"
        else:
            value = f"{_MONTH_NUMBER[month_word[:3]]:02d}-{int(day):02d}"
        if 0 < int(value[-2:]) <= 31:
            found.append(When("date", value, m.start(), m.end()))
    found += [When("day", f"next {_day(m.group(1))}", m.start(), m.end()) for m in NEXT_RE.finditer(norm)]
    return found


# ---- "not until October" ------------------------------------------------------------------

_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_UNTIL_RE = re.compile(
    r"\b(?P<year>20\d\d)\b"
    r"|\b(?P<quarter>q[1-4])\b"
    r"|\b(?P<month>january|february|march|april|june|july|august|september|october|november|december|jan|feb|aug|sept?|oct|nov|dec)\b"
    r"|\b(?:in|after|until|till|by|before|mid|early|late|end of|your|the|this|next|of) (?P<may>may)\b"
    r"|\b(?:the |this |next )?(?P<season>spring|summer|autumn|fall|winter)\b"
    r"|\b(?P<new_year>new year)\b"
    r"|\bnext (?P<next>week|month|quarter|year)\b"
    r"|\b(?:in|for) (?P<count>a|an|one|two|three|four|five|six|\d{1,2}) (?P<unit>weeks?|months?)\b"
    r"|\bon the (?P<day_of_month>\d{1,2})(?:st|nd|rd|th)\b"
    # a wait of days: "buried until Wednesday" (or "I'll get back to you by Wednesday") is over on Thursday;
    # "nudge me Thursday" on Thursday
    r"|\b(?P<through>until|till|til|after|by) (?P<last_day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:nudge|ping|chase|call|ring|email|text|message|try|remind|contact) me (?:on |again on |again )?"
    r"(?P<from_day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_WEEKDAY_NUMBER = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}


def _next_weekday(written_at: datetime, name: str) -> datetime:
    """The start of the next such weekday after the day the message was written."""
    ahead = (_WEEKDAY_NUMBER[name] - written_at.weekday() - 1) % 7 + 1
    return (written_at + timedelta(days=ahead)).replace(hour=0, minute=0, second=0, microsecond=0)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@_none_out_of_range
def deferred_until(text: str, written_at: datetime) -> Optional[datetime]:
    """The time a 'not now' message points to ('call me after October', 'frozen until 2027').

    Only calendar-sized times count (a month, a season, a year, weeks ahead): 'call me after 5pm'
    is a time of day, not a deferral.
    """
    from dateutil.relativedelta import relativedelta  # here, not at the top: `tactful --help` must not pay for it

    norm = normalise(text)
    found: list[datetime] = []
    start = written_at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for m in _UNTIL_RE.finditer(norm):
        if m.group("year"):
            year = int(m.group("year"))
            if year > written_at.year:
                found.append(start.replace(year=year, month=1))
        elif m.group("quarter"):
            month = 3 * (int(m.group("quarter")[1]) - 1) + 1
            found.append(_next_month(start, month))
        elif m.group("month") or m.group("may"):
            month = _MONTH_NUMBER[(m.group("month") or "may")[:3]]
            found.append(_next_month(start, month % 12 + 1 if _after(norm, m.start()) else month))
        elif m.group("season"):
            month = _SEASON_MONTH[m.group("season")]
            found.append(_next_month(start, (month + 2) % 12 + 1 if _after(norm, m.start()) else month))
        elif m.group("new_year"):
            found.append(start.replace(year=written_at.year + 1, month=1))
        elif m.group("next"):
            found.append(start_of_next(m.group("next"), written_at))
        elif m.group("day_of_month"):
            day = int(m.group("day_of_month"))
            if 1 <= day <= 28:  # the next such day of a month
                candidate = written_at.replace(day=day, hour=0, minute=0, second=0, microsecond=0)
                found.append(candidate if candidate > written_at else _next_month(start, start.month % 12 + 1).replace(day=day))
        elif m.group("last_day"):
            found.append(_next_weekday(written_at, m.group("last_day")) + timedelta(days=1))
        elif m.group("from_day"):
            found.append(_next_weekday(written_at, m.group("from_day")))
        elif m.group("unit"):
            count = _COUNTS.get(m.group("count")) or int(m.group("count"))
            unit = "weeks" if m.group("unit").startswith("week") else "months"
            found.append(written_at + relativedelta(**{unit: count}))  # "in two months" is two calendar months
    dated = [_on_or_after(written_at, w.value) for w in dates_in(norm) if w.kind == "date" and not w.value.startswith("??")]
    found += [d for d in dated if d is not None]  # "until Monday 13th April" is sharper than "April"
    return max(found) if found else None  # "on leave from next week until the summer": the wait ends last


def start_of_next(unit: str, written_at: datetime) -> datetime:
    """When 'next week', 'next month', 'next quarter' or 'next year' begins, seen from `written_at`.

    A wait for next month ends on its first day, whatever the length of this one: 'call me next
    week' said on a Thursday is over on Monday, and 'next year' said in December on 1 January.
    """
    from dateutil.relativedelta import MO, relativedelta

    today = written_at.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        return today + relativedelta(days=+1, weekday=MO)
    this_month = today.replace(day=1)
    if unit == "month":
        return this_month + relativedelta(months=+1)
    if unit == "quarter":
        return this_month.replace(month=3 * ((today.month - 1) // 3) + 1) + relativedelta(months=+3)
    return today.replace(month=1, day=1) + relativedelta(years=+1)


def _on_or_after(written_at: datetime, month_day: str) -> Optional[datetime]:
    month, day = (int(x) for x in month_day.split("-"))
    try:
        date = written_at.replace(month=month, day=day, hour=0, minute=0, second=0, microsecond=0)
    except ValueError:
        return None
    return date if date >= written_at - timedelta(days=1) else date.replace(year=date.year + 1)


def _next_month(start: datetime, month: int) -> datetime:
    """The first day of `month` at or after `start`'s month (October from May is this October)."""
    year = start.year if month >= start.month else start.year + 1
    return start.replace(year=year, month=month)


def _after(norm: str, position: int) -> bool:
    """'after October', 'after the summer': the time named is when the wait ends, not starts."""
    return bool(re.search(r"\bafter (?:the |this |next )?$", norm[max(0, position - 16):position]))
