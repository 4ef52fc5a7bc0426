"""Read an email as an email: which parts the author wrote, and which they only carry along.

A reply or a list post is mostly other people's text: the message it quotes
(`>` lines under "On ... X wrote:"), a forwarded or "-----Original Message-----"
block, the author's signature under "-- ", header lines pasted into the body,
and the footer a mailing list appends ("... mailman/listinfo/ilug"). Judging
all of that as the author's words is how a long, genuine reply gets called a
sales pitch. `read_email` finds those parts line by line; `own_text` blanks
them with spaces (newlines kept), so every offset into the judged text is an
offset into the original draft and spans stay valid.

The text/nlp layer: this module imports nothing from rules, checks or the model.
All patterns are anchored per line and have no nested repeats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# What each kind of set-aside part is called in explanations.
PART_LABELS = {
    "header": "header lines",
    "quote": "quoted reply",
    "attribution": "quote attribution",
    "forwarded": "forwarded or original message",
    "signature": "signature",
    "list_footer": "mailing-list footer",
    "unsubscribe": "unsubscribe block",
}

_QUOTE = re.compile(r"^[ \t]{0,3}(?:>|\|(?=[ \t]|$)|[A-Za-z]{1,4}>(?!>?[A-Za-z]))")
# "On Mon, 23 Sep 2002, Russell Turpin wrote:", "Bob Smith <bob@x> writes:", "Quoting Ann:"
_ATTRIBUTION = re.compile(r"(?:\b(?:wrote|writes|said|says|schrieb|a écrit)|^[ \t]*quoting\b[^\n]{0,120}):[ \t]*$",
                          re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^[ \t]*(?:on|at|le|am)\b[^\n]{0,160}$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:original message|forwarded message|forwarded by|begin forwarded message)[^\n]{0,80}"
    r"|begin forwarded message:|-{2,}[ \t]*forwarded[^\n]{0,60}-{2,})",
    re.IGNORECASE,
)
_OUTLOOK_HEADER = re.compile(r"^[ \t]*from:[ \t]", re.IGNORECASE)
_HEADER = re.compile(r"^(?:date|from|to|cc|message-id|reply-to|sender|in-reply-to|references|x-[a-z-]{1,40}"
                     r"|content-type|mime-version|return-path|received):[ \t]", re.IGNORECASE)
_SIG_DELIMITER = re.compile(r"^--[ \t]?$")
_SEPARATOR = re.compile(r"^[ \t]*(?:_{5,}|-{5,}(?:~-{0,2}>)?|={5,}|\*{5,}|~{5,})[ \t]*$")
# The ad a list host inserts above its footer opens with a titled rule ("------ Yahoo! Groups Sponsor -----~-->",
# "---- This sf.net email is sponsored by ----"): the list wrote it, not the author.
_SPONSOR_RULE = re.compile(r"^[ \t]*-{3,}[ \t]{0,3}[^\n-]{0,40}\bsponsor", re.IGNORECASE)
# The machinery of a mailing list (its software, its admin pages): a footer the list appends.
_LIST_WORDS = re.compile(
    r"listinfo|mailman|/lists?/|list-?admin|list archive|list maintainer|listmaster|yahoo! groups|yahoogroups|"
    r"\(un\)subscri|subscription information|sourceforge\.net|sf\.net|egroups|listserv|majordomo",
    re.IGNORECASE,
)
_UNSUBSCRIBE = re.compile(
    r"unsubscri|opt[- ]?out|opted[- ]in|to be removed|remove (?:yourself|me|your (?:e-?mail|address|name))|"
    r"(?:reply|respond|write back|email)[^\n]{0,40}\bremove\b|removal|no longer (?:wish|want) to receive|"
    r"you (?:are )?receiv\w{0,3} this|this (?:e-?mail|message|newsletter) (?:was|is being) sent",
    re.IGNORECASE,
)
# A sign-off that opens a closing block: "Thanks,", "Best regards,", "Cheers", "- Joe", "-Dave".
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:(?:best|kind|warm|warmest|many)?[ \t]?(?:regards|wishes|thanks|thank you|cheers|best|"
    r"sincerely|yours(?: truly| sincerely)?|respectfully|take care|ciao|later|tia)[ \t]?[,.!]?"
    r"|-{1,2}[ \t]?[A-Z][\w.'-]{0,20}(?:[ \t][A-Z][\w.'-]{0,20}){0,2})[ \t]*$",
    re.IGNORECASE,
)
# Template slots in a closing block mean it is a template, not a signature: leave it to the checks.
_SLOT_CHARS = re.compile(r"[\[{%]|<<|\*\|")
MAX_SIGNATURE_LINES = 12
MAX_SIGN_OFF_LINES = 6
MAX_FOOTER_LINES = 14


@dataclass(frozen=True)
class Part:
    """A set-aside stretch of the draft: [start, end) character offsets and what it is."""

    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return PART_LABELS[self.kind]


@dataclass(frozen=True)
class EmailReading:
    draft: str
    parts: tuple[Part, ...]

    @property
    def own_text(self) -> str:
        """The draft with every set-aside part blanked (spaces; newlines kept): same length, same offsets."""
        if not self.parts:
            return self.draft
        chars = list(self.draft)
        for part in self.parts:
            for i in range(part.start, part.end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    def kinds(self) -> set[str]:
        return {part.kind for part in self.parts}

    def summary(self) -> list[dict]:
        """One entry per part for a response: kind, label, span and line numbers (from 1)."""
        return [{"kind": p.kind, "label": p.label, "start": p.start, "end": p.end,
                 "lines": [self.draft.count("\n", 0, p.start) + 1,
                           self.draft.count("\n", 0, max(p.start, p.end - 1)) + 1]} for p in self.parts]


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for each line, end excluding the newline."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line), line))
        start += len(line) + 1
    return out


@lru_cache(maxsize=2048)
def read_email(draft: str) -> EmailReading:
    """Find the parts of `draft` the author did not write (see the module docstring)."""
    lines = _lines(draft)
    n = len(lines)
    kind: list[str | None] = [None] * n

    # Header lines pasted at the top of a body (Date:, From:, Message-ID: ...); "Subject:" is the author's.
    i = 0
    while i < n and (not lines[i][2].strip() or lines[i][2].lower().startswith("subject:")):
        i += 1
    while i < n and _HEADER.match(lines[i][2]):
        kind[i] = "header"
        i += 1

    # Quoted lines, and the attribution just above a quote block.
    for i, (_, _, line) in enumerate(lines):
        if kind[i] is None and _QUOTE.match(line):
            kind[i] = "quote"
    for i, (_, _, line) in enumerate(lines):
        if kind[i] is None and len(line) < 240 and _ATTRIBUTION.search(line) and _quote_follows(lines, kind, i):
            kind[i] = "attribution"
            if i > 0 and kind[i - 1] is None and _ATTRIBUTION_START.match(lines[i - 1][2]) \
                    and not lines[i - 1][2].rstrip().endswith((".", "!", "?")):
                kind[i - 1] = "attribution"  # "On Mon, 23 Sep 2002, Russell\nTurpin wrote:"

    # "-----Original Message-----" / forwarded headers: the rest is someone else's message,
    # except a list footer after it, found below.
    for i, (_, _, line) in enumerate(lines):
        if kind[i] is None and (_ORIGINAL.match(line) or _outlook_block(lines, i)):
            for j in range(i, n):
                kind[j] = kind[j] or "forwarded"
            break

    _mark_footer(lines, kind)
    _mark_signature(lines, kind)

    parts: list[Part] = []
    for i, (start, end, _) in enumerate(lines):
        if kind[i] is None:
            continue
        stop = end + 1 if i + 1 < n else end  # take the newline with the line, except at the very end
        if parts and parts[-1].kind == kind[i] and parts[-1].end == start:
            parts[-1] = Part(kind[i], parts[-1].start, stop)
        else:
            parts.append(Part(kind[i], start, stop))
    return EmailReading(draft, tuple(_trim(draft, p) for p in parts))


def _trim(draft: str, part: Part) -> Part:
    end = part.end
    while end > part.start and draft[end - 1] == "\n":
        end -= 1
    return Part(part.kind, part.start, max(end, part.start))


def _quote_follows(lines, kind, i: int) -> bool:
    """The next non-blank line (within two) is quoted."""
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines[j][2].strip():
            return kind[j] == "quote"
    return False


def _outlook_block(lines, i: int) -> bool:
    """An Outlook-style quoted header: 'From: ...' followed within four lines by 'Sent:'/'Date:' and 'Subject:'."""
    if not _OUTLOOK_HEADER.match(lines[i][2]) or i == 0:
        return False
    following = " ".join(line.lower()[:12] for _, _, line in lines[i + 1:i + 6])
    return ("sent:" in following or "date:" in following) and "subject:" in following


def _mark_footer(lines, kind) -> None:
    """A mailing list's footer at the end (after a separator, or bare list links), and an unsubscribe block."""
    n = len(lines)
    last = n - 1
    while last >= 0 and not lines[last][2].strip():
        last -= 1
    if last < 0:
        return
    # A separator line within the last MAX_FOOTER_LINES lines, whose block mentions the list machinery.
    for i in range(max(0, last - MAX_FOOTER_LINES), last + 1):
        if (_SEPARATOR.match(lines[i][2]) or _SPONSOR_RULE.match(lines[i][2])) and _own_lines_before(lines, kind, i) >= 2:
            block = "\n".join(line for _, _, line in lines[i + 1:last + 1])
            # A sender's own "you are receiving this / to unsubscribe" block is theirs: marked apart.
            found = "list_footer" if _LIST_WORDS.search(block) else "unsubscribe" if _UNSUBSCRIBE.search(block) \
                else None
            if found:
                for j in range(i, n):
                    kind[j] = found if kind[j] in (None, "forwarded") else kind[j]
                last = i - 1
                break
    # Bare trailing lines that are list links or list boilerplate ("http://xent.com/mailman/listinfo/fork").
    while last >= 0 and (not lines[last][2].strip() or (len(lines[last][2]) < 200 and _LIST_WORDS.search(lines[last][2])
                                                          and kind[last] in (None, "forwarded"))):
        if lines[last][2].strip():
            kind[last] = "list_footer"
        last -= 1
    # An unsubscribe / "you are receiving this" paragraph at the end.
    start = last
    while start >= 0 and lines[start][2].strip() and last - start < MAX_FOOTER_LINES:
        start -= 1
    if start >= 0 and lines[start][2].strip():
        return  # a long last paragraph: the author's text, not a footer
    block = range(start + 1, last + 1)
    text = "\n".join(lines[j][2] for j in block)
    # Never the whole message: the author must have written at least two lines of their own before it.
    if block and _own_lines_before(lines, kind, start) >= 2 and _UNSUBSCRIBE.search(text):
        for j in block:
            if kind[j] is None:
                kind[j] = "unsubscribe"


def _own_lines_before(lines, kind, i: int) -> int:
    """How many non-blank lines of the author's own (not the subject line) come before line i."""
    return sum(1 for j in range(max(0, i)) if kind[j] is None and lines[j][2].strip()
               and not lines[j][2].lower().startswith("subject:"))


def _mark_signature(lines, kind) -> None:
    """The author's signature: under a "-- " delimiter, or a short sign-off block at the end of their text."""
    n = len(lines)
    own = [i for i in range(n) if kind[i] is None and lines[i][2].strip()]
    if len(own) < 3:
        return
    # "-- " delimiter: what follows it, up to the next set-aside part, is the signature when short.
    # (Where each run of own lines ends, and how many non-blank lines precede each line, are worked out
    # once: scanning ahead from every delimiter made 6,000 "--" lines take seconds.)
    next_set_aside = [n] * (n + 1)
    for j in range(n - 1, -1, -1):
        next_set_aside[j] = j if kind[j] is not None else next_set_aside[j + 1]
    non_blank = [0] * (n + 1)
    for j in range(n):
        non_blank[j + 1] = non_blank[j] + (1 if lines[j][2].strip() else 0)
    for i in own:
        if _SIG_DELIMITER.match(lines[i][2]) and i != own[0]:
            end = next_set_aside[i + 1]
            if non_blank[end] - non_blank[i + 1] <= MAX_SIGNATURE_LINES:
                for j in range(i, end):
                    kind[j] = "signature"
                return
    # A sign-off line ("Thanks,", "Cheers", "- Joe") followed by a few short lines, at the end of own text.
    tail = own[-MAX_SIGN_OFF_LINES:]
    for position, i in enumerate(tail):
        if i == own[0] or not _SIGN_OFF.match(lines[i][2]):
            continue
        block = [j for j in own if j >= i]
        texts = [lines[j][2] for j in block]
        if texts[0].lstrip().startswith("-") and (any(t.lstrip()[:1] in "-*" for t in texts[1:])
                                                  or lines[i - 1][2].lstrip()[:1] in ("-", "*")):
            continue  # a bulleted list, not "- Joe"
        if all(len(t.strip()) <= 60 for t in texts) and not any(_SLOT_CHARS.search(t) for t in texts):
            for j in range(i, block[-1] + 1):
                if kind[j] is None:
                    kind[j] = "signature"
        return


# ---- whether to read a draft as an email ---------------------------------------------------
_STRONG_KINDS = frozenset({"attribution", "forwarded", "list_footer"})


# A leading "Subject: ..." line (at most 400 characters): `spaced` when a space follows the colon, as it does
# in a subject line a person writes (that makes a draft an email on any channel); `rest`, the line break and
# blank lines after it, ends where the message itself starts (no break within 400 characters: no subject line).
_SUBJECT = re.compile(r"[ \t\n]{0,20}subject:(?:(?P<spaced>[ \t])[^\n]{0,399}|[^\n]{0,400})(?P<rest>\n[ \t\n]{0,40})?",
                      re.IGNORECASE)


def opening_offset(draft: str) -> int:
    """Where the message itself starts: after a leading "Subject: ..." line (0 without one). A rule anchored
    at the start ("^Hi ,") means the greeting, and an email's greeting comes after its subject line."""
    match = _SUBJECT.match(draft)
    return match.end("rest") if match and match.group("rest") is not None else 0


def looks_like_email(draft: str, channel: str) -> bool:
    """An email: the `email` channel, or a draft whose first line is a "Subject:" line, whatever the channel."""
    if channel == "email":
        return True
    match = _SUBJECT.match(draft)
    return match is not None and match.group("spaced") is not None


def reading_for(draft: str, channel: str) -> EmailReading:
    """The reading to judge by: every part for an email (`looks_like_email`); on other channels only when
    the draft clearly carries an email's parts (a quote attribution, a forwarded or original message, a
    list footer, a "-- " signature), else nothing is set aside."""
    reading = read_email(draft)
    if looks_like_email(draft, channel) or not reading.parts:
        return reading
    if reading.kinds() & _STRONG_KINDS or any(p.kind == "signature" and draft[p.start:p.end].startswith("--")
                                               for p in reading.parts):
        return reading
    return EmailReading(draft, ())


# ---- how much a phrase weighs in a long email ------------------------------------------------
# A tactic phrase ("click here", "act now", "50% off") is evidence in proportion to how much of the
# author's text it is. One "click here" is the whole point of a 60-word cold email, and one line among
# 800 words of a newsletter the reader subscribed to, where such phrases turn up by chance. So in an
# email whose own text is longer than `DENSE_WORDS` words, the points of the rules that match phrases
# in the draft are scaled by DENSE_WORDS / words (which rules: `engine.reads_draft_only`, and any meta rule
# on an email sent without history); the
# classifier reads the whole text and keeps its weight. Chosen by measurement on the training part of the SpamAssassin data (MODEL_CARD.md).
DENSE_WORDS = 250


def phrase_weight(reading: EmailReading, channel: str) -> float:
    """1.0, or less for an email with more than `DENSE_WORDS` words of its own (see above)."""
    if not looks_like_email(reading.draft, channel):
        return 1.0
    words = word_count(reading.own_text)
    return min(1.0, DENSE_WORDS / words) if words else 1.0


# Scripts written without spaces between words (Chinese, Japanese kana and kanji, Thai): a 400-character
# Japanese reply is one "word" to `str.split`, and was judged as a short email.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words of `text`: whitespace-separated tokens, and about one per two characters of an unspaced script."""
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2


# ---- how the mail says it reached the reader ---------------------------------------------------
# Mail the reader asked for says so in its frame, mostly in the footer the judged text leaves out: it names
# the address it was sent to as a subscription ("The e-mail address for your subscription is ...", "You are
# currently subscribed to word as: ...", "This email was sent to: ..."), says what the reader did ("because
# you subscribed to this newsletter", "because you are an EDC registrant"), or offers the reader's own
# settings with the sender ("Manage My Subscriptions", "update your preferences"). Bulk mail nobody asked
# for pleads instead: "to be removed from our list reply REMOVE", "this is not spam", "your address was
# obtained from an opt-in list", "S.1618". Spam forges the first kind too, so it is never evidence alone.
# Measured on the SpamAssassin training part (MODEL_CARD.md): a cue without a plea is in 35 of 117 hard ham,
# 15 of 899 spam and 34 of 1,864 easy ham; a plea in 3 hard ham and 215 spam. An order or account number
# ("order #", "account number") was measured and left out: 1 hard ham, 8 spam (phishing asks for them).
# Each pattern is bounded and has no nested repeats.
_SUBSCRIBER_CUES = (
    # The address it was sent to, as the reader's subscription or account.
    re.compile(r"(?:e-?mail )?address (?:for|of|on) (?:your|this) (?:subscription|account|membership)"
               r"|you are (?:currently )?subscribed\b[^\n]{0,60}\bas\b"
               r"|(?:this|the) (?:e-?mail|message|newsletter|alert|mailing) (?:was|is|has been) sent to:?[ \t]*"
               r"[\w.+-]{1,64}@|sent to:[ \t]*[\w.+-]{1,64}@", re.IGNORECASE),
    # What the reader did to get it.
    re.compile(r"you (?:have |had )?(?:subscribed|signed up|registered|requested|asked) (?:to|for|at|on|with)\b"
               r"|because you (?:are|were|have been) (?:an? |our )?(?:[\w-]{1,20} ){0,3}"
               r"(?:member|registrant|customer|subscriber|user|client)", re.IGNORECASE),
    # The reader's own settings with the sender.
    re.compile(r"manage (?:my|your) (?:subscriptions?|preferences|account|e-?mail|profile)"
               r"|(?:update|change|edit) (?:your|my) (?:e-?mail |mail |subscription |communication )?"
               r"(?:preferences|profile|subscriptions?|settings)", re.IGNORECASE),
)
_REMOVAL_PLEA = re.compile(
    r"reply (?:with |to this (?:e-?mail|message) with )?(?:the (?:word|subject) )?[\"'(]?remove"
    r"|to be removed from (?:our|this|the|future|any|all)\b"
    r"|(?:is|this) not (?:a )?spam|not unsolicited|s\.? ?1618|section 301"
    r"|one[- ]time (?:mailing|e-?mail|message)"
    r"|address (?:was|has been) (?:obtained|collected|found|compiled|submitted)"
    r"|(?:you|your (?:e-?mail|address)) (?:are|is|were|was) on (?:a|an|our) [\w -]{0,30}list"
    r"|(?:opted[- ]in|signed up|registered|agreed) (?:with|at|to|on) (?:one of )?our (?:partners|affiliates|sponsors)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MailFrame:
    """What an email (footer included) says about how it reached the reader."""

    subscriber_cue: tuple[int, int] | None  # where the first sign that the reader subscribed is
    removal_plea: tuple[int, int] | None  # where the first bulk-mail removal plea is

    @property
    def subscribed(self) -> bool:
        """Says the reader subscribed, and pleads nothing."""
        return self.subscriber_cue is not None and self.removal_plea is None


@lru_cache(maxsize=2048)
def mail_frame(draft: str) -> MailFrame:
    cues = [found.span() for found in (cue.search(draft) for cue in _SUBSCRIBER_CUES) if found]
    plea = _REMOVAL_PLEA.search(draft)
    return MailFrame(min(cues) if cues else None, plea.span() if plea else None)
