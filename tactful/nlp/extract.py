"""Small extractors: names, companies, contact details, money and the values a plan is made of.

Pure functions of text, bounded regexes only. They favour missing a mention
over inventing one: every check that uses them fires only when what they find
contradicts the history.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

from tactful.nlp.dates import dates_in, times_in
from tactful.nlp.lexicons import normalise
from tactful.nlp.reading import read
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
# A one-line message signed after a dash at its very end ("Payment sent. Thanks - Ngozi").
DASH_SIGN_OFF_RE = re.compile(r"[\s.!,][-–—~]\s{0,2}(" + _NAME + r")(?: " + _NAME + r")?\W{0,3}$")
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
    r"|\b(?i:put|had to put|we put) (" + _NAME + r") (?i:to sleep|down)\b(?! (?i:for|on|as|in)\b)"  # not "put Kemi down for violin"
    # a note of the loss itself: "Euthanasia appointment for Pepper", "the funeral of Rose", "cremation for Max"
    r"|\b(?i:euthanasia|euthanised|euthanized|cremation|funeral|memorial service)(?: (?i:appointment|service|booked))?"
    r" (?i:for|of) (?:(?i:our|my|their|his|her|little|dear) )?(" + _NAME + r")\b"
    r"|\b(" + _NAME + r") (?i:was|has been|is being) (?i:put to sleep|put down|euthani[sz]ed|laid to rest)\b"
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
    elif (dashed := DASH_SIGN_OFF_RE.search(text.strip())) is not None:  # one line: "Got it, thanks! -Sven"
        found.append(dashed.group(1))
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
# (Not a patent, standard or case number: "EP 3 412 775", "ISO 9001 2015", "No. 12 345 678".)
PHONE_RE = re.compile(r"(?<![\w.])(?<!\d )(?<!(?:EP|US|WO|GB|DE|JP|CN) )(?<!(?:ISO|DIN|No\.|no\.) )\+?\(?\d[\d ().-]{5,16}\d(?![\w.])")
ADDRESS_RE = re.compile(
    r"\b\d{1,5} [A-Za-z][A-Za-z'’ ]{1,30} (?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|court|ct|place|pl|boulevard|blvd|terrace|crescent|row|grove|gardens|square|sq|mews|walk|hill|parade|green)\b"
)
ORDER_NO_RE = re.compile(r"\b(?i:order|booking|reference|ref|account|invoice|ticket)(?: (?i:no|number|#))?\.?(?: (?i:is|was))?:? ?#?[A-Z0-9-]{0,3}\d{3,12}\b")


def phones(text: str) -> list[str]:
    return [m.group() for m in PHONE_RE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 7]


# ---- money: the one pattern every check and fact uses ----------------------------------------

# A sum written with its sign: "£900", "$1,200.50", "€ 40". Other patterns build on it (a budget cap).
AMOUNT = r"[$£€]\s?\d[\d,]{0,9}(?:\.\d{2})?"
# An amount of money: "£900", "$1,200", "£15k", "180 dollars", "40 EUR".
MONEY_RE = re.compile(AMOUNT + r"(?:k\b)?|\b\d[\d,]{0,9} ?(?:dollars|euros|pounds|usd|eur|gbp)\b", re.IGNORECASE)
# Any sign that a price is named, in lower-cased text: the amounts above, yen and rupees, a sign after
# the number ("15€"), slang ("20 quid", "50 bucks"). For "did the draft name a price", not for sums.
PRICE_RE = re.compile(r"[$£€¥₹]\s?\d|\d\s?(?:[$£€¥₹]|(?:usd|eur|gbp|dollars|euros|pounds|quid|bucks)\b)")


def amount(money: str) -> float:
    """The value of a MONEY_RE or AMOUNT match: '$1,200.50' -> 1200.5, '£15k' -> 15000."""
    digits = re.sub(r"[^\d.k]", "", money.lower())
    thousands = digits.endswith("k")
    value = float(digits.rstrip("k") or 0)
    return value * 1000 if thousands else value


_NUMBER_RE = re.compile(r"(?<![\w:.$£€-])(\d{1,6})(?![\w:%]|[.,]\d)")


def plan_values(text: str, filler: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """What a plan is made of, in order: days, times, dates, numbers and content words, as tokens.

    Tokens look like 'day:thursday', 'clock:10:00', 'date:06-12', 'num:500' or 'w:librari'
    (content words are folded), each with its place in the text.
    """
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
