"""Take email addresses, phone numbers and links out of text before it is stored.

Each is replaced by a placeholder of the same kind (`redacted@example.com`,
`https://example.com/redacted`, `+00 0000 000000`): the identity goes, the
shape the classifier looks at (a link, a number to call) stays, so a stored
report still teaches what it should. The patterns have bounded repeats and no
nested unbounded ones, so a long text cannot make them backtrack for long.
"""
from __future__ import annotations

import re
from typing import Optional

EMAIL = "redacted@example.com"
LINK = "https://example.com/redacted"
PHONE = "+00 0000 000000"

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]{1,2000}"
    r"|(?<![@.\w-])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,3}\.(?:com|net|org|io|co|ly|me|example|app|shop|"
    r"store|link|info|biz|tv|gg|ai|dev|uk|us|ca|de|fr|au|in)\b(?:/[^\s<>\"')\]]{0,2000})?",
    re.IGNORECASE,
)
# 7 to 15 digits with the usual separators; dates and prices rarely reach 7 digits with these separators only.
PHONE_RE = re.compile(r"(?<![\w.])\+?\(?\d[\d ().-]{5,18}\d(?!\w|\.\d)")


_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_TRAILING = ".,;:!?"


def _phone(match: re.Match) -> str:
    text = match.group()
    if _DATE_RE.fullmatch(text) or not 7 <= sum(c.isdigit() for c in text) <= 15:
        return text
    return PHONE


def _link(match: re.Match) -> str:
    text = match.group()
    kept = text.rstrip(_TRAILING)
    return LINK + text[len(kept):]


def redact(text: Optional[str]) -> Optional[str]:
    if not text:
        return text
    text = EMAIL_RE.sub(EMAIL, text)
    text = URL_RE.sub(_link, text)
    return PHONE_RE.sub(_phone, text)
