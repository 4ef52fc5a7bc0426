"""Small extractors for the out_of_step checks: names, companies, times and contact details.

Pure functions of text, bounded regexes only. They favour missing a mention
over inventing one: every check that uses them fires only when what they find
contradicts the history.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Optional, TypeVar

from tactful.nlp.lexicons import MONTHS, WEEKDAYS, normalise
from tactful.nlp.text import fold

# ---- names -------------------------------------------------------------------------

_NAME = r"(?:[A-Z]['’][A-Z][a-zà-ÿ]{1,30}|[A-Z][a-zà-ÿ]{1,30}(?:-[A-Z][a-zà-ÿ]{1,30})?)"
GREETING_RE = re.compile(
    r"^\W{0,3}(?i:hi|hey|hello|hiya|dear|morning|good (?:morning|afternoon|evening)|greetings|howdy|hola|bonjour|salut|"
    r"hallo|ciao|olá|ola|oi|kia ora|namaste|hej|hei|ahoj|thanks|thank you|many thanks|cheers|congrats|congratulations|"
    r"no problem|no worries|of course|sure thing|perfect|great|lovely|sounds good|got it|will do)"
    r"(?i: so much| very much| a lot| again| a million| heaps)?"
    r"[ \t,]{1,3}(?:(?i:mr|mrs|ms|miss|dr|prof|mx|sr|sra|srta|sres|don|doña|herr|frau|mme|mlle|sig|sig\.ra|dott)\.? )?(" + _NAME + r")(?![\w'’-])",
)
# How people name themselves in a message.
SELF_NAMED_RE = re.compile(
    r"\b(?i:this is|my name is|my name's|it's)\s(" + _NAME + r")\b"
    r"|(?:^|[.!?]\s{1,3}|\n)(" + _NAME + r") here\b"
    r"|(?:^|\n)\W{0,3}(?i:i'm|i am)\s(" + _NAME + r")\b"
    r"|\b(?i:under|for) (?:the name )?(" + _NAME + r")(?: " + _NAME + r")?(?=[.,!?\s]|$)"
)
SELF_INTRO_RE = re.compile(
    r"\b(?i:my name is|my name's) (" + _NAME + r")\b"
    r"|\b(?i:i'm|i am|this is|it's) (" + _NAME + r")(?:,? (?i:from|at|with|here|of|the new|your))\b"
)
SIGN_OFF_RE = re.compile(
    r"(?:^|\n)\s{0,3}(?:[-–—~]\s{0,2}|(?i:thanks|thank you|cheers|best|regards|best regards|kind regards|warmly|sincerely|love|xo|ta),?\s{1,3})?"
    r"(" + _NAME + r")(?: " + _NAME + r")?\W{0,3}$"
)


def plain(word: str) -> str:
    """Lower case without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


def greeted_name(draft: str) -> Optional[tuple[str, int, int]]:
    """The name the draft greets ("Hi Edwin," -> Edwin) with its span in the draft."""
    offset = len(draft) - len(draft.lstrip())
    match = GREETING_RE.match(draft[offset: offset + 80])
    if not match:
        return None
    return match.group(1), offset + match.start(1), offset + match.end(1)


# "it's Aoife, not Eva": the name they corrected (group 2) and the right one (group 1).
CORRECTED_NAME_RE = re.compile(
    r"\b(?i:it's|its|it is|i'm|im|i am|my name is|my name's|name's|call me)\s(" + _NAME + r")\W{1,3}(?i:not)\s(" + _NAME + r")\b"
)


# Someone who died, by name: "Rocco passed away on Tuesday", "we lost our Juniper", "in loving memory of Tadhg".
DEPARTED_RE = re.compile(
    r"\b(" + _NAME + r")(?:,? (?:our|my|the|his|her) [a-z ]{2,20},?)? (?:has |had |just )?"
    r"(?i:passed away|passed on|passed|died|crossed the rainbow bridge|is no longer with us)\b"
    r"|\b(?i:lost|losing|said goodbye to|saying goodbye to|put down|in loving memory of|in memory of|rip|rest in peace,?) "
    r"(?:(?i:our|my|sweet|dear|little|old|beloved|the) ){0,3}(" + _NAME + r")\b"
    r"|\b(?i:put|had to put|we put) (" + _NAME + r") (?i:to sleep|down)\b"
)


def departed_names(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in DEPARTED_RE.finditer(text)]


def names_in_message(text: str) -> list[str]:
    """Names they give themselves: 'this is Kwame', 'Leila here', a sign-off line."""
    found = [next(g for g in m.groups() if g) for m in SELF_NAMED_RE.finditer(text)]
    last_line = text.strip().splitlines()[-1] if text.strip() else ""
    sign_off = SIGN_OFF_RE.search(last_line) if len(last_line) <= 40 else None
    if sign_off and len(text.strip().splitlines()) > 1:
        found.append(sign_off.group(1))
    return found


def name_parts(full_name: Optional[str]) -> list[str]:
    if not full_name:
        return []
    return [p for p in re.split(r"[\s_.,@0-9]+", full_name) if len(p) >= 2 and p.replace("-", "").isalpha()]


def same_name(a: str, b: str, nicknames: dict[str, Iterable[str]]) -> bool:
    a, b = plain(a), plain(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True
    if len(short) <= 4 and short[:2] == long[:2]:  # Mike/Michael, Jen/Jennifer
        return True
    return b in nicknames.get(a, ()) or a in nicknames.get(b, ())


# ---- companies -----------------------------------------------------------------------

_ORG = r"([A-Z][\w&'’.-]{1,30}(?: (?:&|of|and|[A-Z][\w&'’.-]{0,30})){0,4})"
_ORG2 = r"([A-Z][\w&'’.-]{1,30}(?: (?:&|of|and))?(?: [A-Z][\w&'’.-]{0,30}){1,4})"  # two or more words
# The draft naming the recipient's company: "supply the team at X", "help X grow".
DRAFT_COMPANY_RE = re.compile(
    r"\b(?i:team|folks|people|everyone|crew|staff|colleagues|gang) (?i:at|over at) " + _ORG
    + r"|\b(?i:about) " + _ORG + r" (?i:on your) (?i:website|site|page|profile|feed|blog)\b"
    + r"|\b(?i:help|helping) " + _ORG2 + r" (?i:grow|get|reach|win|with|to|cut|save|scale)\b"
    + r"|\b(?i:your (?:work|role|time|team|colleagues)) (?i:at|with) " + _ORG
)
# How their messages name their company.
THEIR_COMPANY_RE = re.compile(
    r"\b(?i:procurement|manager|director|founder|co-founder|owner|ceo|cto|cfo|head of \w{2,20}|working|work|buyer|lead|partner) "
    r"(?i:at|for|with) (?i:the )?" + _ORG
    + r"|\b(?i:this is|i'm|i am|it's) [A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20})? (?i:from|at|with|of) (?i:the )?" + _ORG
    + r"|,\s{0,2}" + _ORG2 + r"\s{0,3}$"
    + r"|\b(?i:the) " + _ORG + r" (?i:team|family|crew)\b"
    + r"|\b(?i:i run|we run|i own|we own|i founded) " + _ORG
)
# ---- contact details --------------------------------------------------------------------

EMAIL_RE = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
PHONE_RE = re.compile(r"(?<![\w.])\+?\(?\d[\d ().-]{5,16}\d(?![\w.])")
ADDRESS_RE = re.compile(
    r"\b\d{1,5} [A-Za-z][A-Za-z'’ ]{1,30} (?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|court|ct|place|pl|boulevard|blvd|terrace|crescent|row|grove|gardens|square|sq|mews|walk|hill|parade|green)\b"
)
# An amount of money: "£900", "$1,200", "180 dollars", "£180/month".
MONEY_RE = re.compile(r"[$£€]\s?\d[\d,]{0,9}(?:\.\d{2})?(?:k\b)?|\b\d[\d,]{0,9} ?(?:dollars|euros|pounds|usd|eur|gbp)\b", re.IGNORECASE)
ORDER_NO_RE = re.compile(r"\b(?i:order|booking|reference|ref|account|invoice|ticket)(?: (?i:no|number|#))?\.?(?: (?i:is|was))?:? ?#?[A-Z0-9-]{0,3}\d{3,12}\b")


def phones(text: str) -> list[str]:
    return [m.group() for m in PHONE_RE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 7]


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


_NUMBER_RE = re.compile(r"(?<![\w:.$£€-])(\d{1,6})(?![\w:%]|[.,]\d)")


def plan_values(text: str, filler: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """What a plan is made of, in order: days, times, dates, numbers and content words, as tokens.

    Tokens look like 'day:thursday', 'clock:10:00', 'date:06-12', 'num:500' or 'w:librari'
    (content words are folded), each with its place in the text.
    """
    from tactful.checks.reading import read

    norm = normalise(text)
    whens = times_in(text) + dates_in(norm)
    tokens = [(f"{w.kind}:{w.value}", w.start, w.end) for w in whens]
    taken = [(w.start, w.end) for w in whens]
    for m in _NUMBER_RE.finditer(norm):
        if not any(s <= m.start() < e for s, e in taken):
            tokens.append((f"num:{int(m.group(1))}", m.start(), m.end()))
    reading = read(text)
    for word in re.finditer(r"[a-z][a-z'-]{2,30}", norm):
        folded = fold(word.group())
        if folded in reading.words and folded not in filler and word.group() not in filler \
                and not any(s <= word.start() < e for s, e in taken):
            tokens.append((f"w:{folded}", word.start(), word.end()))
    return sorted(tokens, key=lambda t: t[1])


def kind_of(token: str) -> str:
    return token.split(":", 1)[0]


_ORG_SUFFIXES = frozenset("inc ltd llc co company corp corporation group gmbh plc limited".split())


def same_company(a: str, b: str) -> bool:
    """'Brightmill' and 'Brightmill Foods Ltd' are the same; 'Helios Biotech' and 'Helix Biotech' are not."""
    wa = [w for w in (plain(x).strip(".,'’") for x in a.split()) if w and w != "the" and w not in _ORG_SUFFIXES]
    wb = [w for w in (plain(x).strip(".,'’") for x in b.split()) if w and w != "the" and w not in _ORG_SUFFIXES]
    if not wa or not wb:
        return True
    if wa[0] == wb[0]:
        return True
    ja, jb = "".join(wa), "".join(wb)
    return ja.startswith(jb[:6]) or jb.startswith(ja[:6]) or "".join(w[0] for w in wa) == jb or "".join(w[0] for w in wb) == ja


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
    r"|\bin (?P<count>a|an|one|two|three|four|five|six|\d{1,2}) (?P<unit>weeks?|months?)\b"
    r"|\bon the (?P<day_of_month>\d{1,2})(?:st|nd|rd|th)\b"
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@_none_out_of_range
def deferred_until(text: str, written_at: datetime) -> Optional[datetime]:
    """The time a 'not now' message points to ('call me after October', 'frozen until 2027').

    Only calendar-sized times count (a month, a season, a year, weeks ahead): 'call me after 5pm'
    is a time of day, not a deferral.
    """
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
            unit = m.group("next")
            days = {"week": 7, "month": 28, "quarter": 80, "year": 330}[unit]
            found.append(written_at + timedelta(days=days))
        elif m.group("day_of_month"):
            day = int(m.group("day_of_month"))
            if 1 <= day <= 28:  # the next such day of a month
                candidate = written_at.replace(day=day, hour=0, minute=0, second=0, microsecond=0)
                found.append(candidate if candidate > written_at else _next_month(start, start.month % 12 + 1).replace(day=day))
        elif m.group("unit"):
            count = _COUNTS.get(m.group("count")) or int(m.group("count"))
            found.append(written_at + timedelta(days=count * (7 if m.group("unit").startswith("week") else 28)))
    dated = [_on_or_after(written_at, w.value) for w in dates_in(norm) if w.kind == "date" and not w.value.startswith("??")]
    found += [d for d in dated if d is not None]  # "until Monday 13th April" is sharper than "April"
    return max(found) if found else None  # "on leave from next week until the summer": the wait ends last


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
