"""Merge fields left in a draft ("Hi {{first_name}}", "[COMPANY]", "%FNAME%"): the one detector.

Each syntax of a common mail, CRM or scheduling tool is one regex; a match is a
template slot only when it has a slot's shape and does not sit in quoted or
pasted code. `PLACEHOLDER_TRIGGERS` holds, per syntax, the characters every
match of it contains, so a draft without any of them is skipped at no cost.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

# Merge-field syntaxes of common mail, CRM and scheduling tools. Each one only
# accepts a field-like name inside, so "[sic]", "50% off 20%" or "{ }" never match.
PLACEHOLDER_SYNTAXES: dict[str, str] = {
    "double_brace": r"\{\{\s*[^{}\n]{1,60}?\s*\}\}",
    "dollar_brace": r"\$\{\s*[A-Za-z_][\w.\[\]]{0,40}\s*\}",
    "single_brace": r"(?<![{$\w])\{\s*[A-Za-z_][\w.\- ]{0,40}\}(?!\})",
    "percent": r"(?<![\w%])%[A-Za-z_][A-Za-z_.]{2,30}%(?![\w%])",
    "angle": r"<<\s*[A-Za-z_][\w .\-]{0,40}>>",
    "mailchimp": r"\*\|[A-Z0-9_:]{1,40}\|\*",
    "square_field": (
        r"\[(?:(?:your|their|his|her|recipient'?s?|customer'?s?|client'?s?|prospect'?s?|contact'?s?|"
        r"company|first|last|full|insert|add|business)\s+){0,3}(?:first\s?name|last\s?name|full\s?name|name|"
        r"company(?:\s+name)?|business(?:\s+name)?|phone(?:\s+number)?|number|email(?:\s+address)?|title|"
        r"job\s+title|role|city|location|website|industry|date|time|link|signature|product|topic|niche|keyword|"
        r"service|occasion|holiday|event|pet(?:'?s)?\s+name|"
        # the same fields in the languages templates are sold in ("Estimado/a [Nombre]", "[Empresa]", "[Prénom]")
        r"nombre|apellido|empresa|nom|pr[ée]nom|entreprise|soci[ée]t[ée]|vorname|nachname|firma|unternehmen|"
        r"nome|cognome|azienda|naam|bedrijf|imi[ęe]|nazwisko)\](?!\()"
    ),
    "square_caps": r"\[[A-Z][A-Z_]{2,30}(?: [A-Z_]{2,30}){0,3}\](?!\()",
    # a snake_case field name ("[product_name]", "[first_name]"), held to a slot's words like square_caps
    "square_snake": r"\[[a-z]{2,15}(?:_[a-z]{2,15}){1,3}\](?!\()",
    # A Title Case field that ends in what goes there ("[Pet Name]", "[Event Date]", "[Store Location]"); a lone
    # word ("[Link]", "[Date]") may be a button's or a form's label, so at least two words.
    "square_titled": (
        r"\[(?:[A-Z][a-z]{1,15}(?:'s)? ){1,3}(?:Name|Date|Time|Company|Business|Location|City|Title|Number|Email|"
        r"Address|Phone|Day|Event|Product|Link|Website|Role|Position|Breed|Age|Code|Amount|Price)\](?!\()"
    ),
    # A mention whose handle never got filled in ("Welcome to the community, @user!").
    "at_field": r"(?<![\w@/.])@(?:user|username|user_name|handle|firstname|first_name|member|member_name|customer)\b(?![\w@.-])",
    # A pronoun left as both choices ("keep [him/her] safe", "[he/she]'ll love it").
    "square_pronoun": r"\[(?:he|she|him|her|his|hers|they|them|their)\s?/\s?(?:he|she|him|her|his|hers|they|them|their)\]",
    "double_percent": r"%%[A-Za-z_][\w]{1,30}%%",
    "hash_field": r"(?<![\w#])#[A-Z][A-Za-z_]{2,30}#(?![\w#])",
    # (The optional word carries its own trailing spaces: `\s*(?:word)?\s*` would backtrack quadratically.)
    "angle_single": r"<\s*(?:(?:customer|client|first|last|full|company|contact|recipient)\s*)?name\s*>|<\s*(?:first name|company|company name)\s*>",
    "dollar_caps": r"(?<![\w$])\$(?:NAME|FIRSTNAME|FIRST_NAME|LASTNAME|LAST_NAME|COMPANY|FNAME|LNAME)\b",
    "bare_token": r"\b(?:Hi|Hello|Hey|Dear) (?:FNAME|FIRSTNAME|FIRST_NAME|XXXX?|NAME|XX)\b",
    # The instruction word stands alone ("[insert ...]", "[Add: ...]"), not as part of a file or target name
    # ("make: *** [custom-load.el] Error 255").
    "square_insert": r"\[\s*(?:insert|add|personali[sz]e|personal(?:ised|ized)?|custom)(?=[\s:\]])[^\]\n]{0,100}\]",
}
_CODE_SPAN = re.compile(r"`[^`\n]{1,300}`")
_SQUARE_CAPS_ALLOWED = frozenset({"[SIC]", "[UPDATE]", "[EDIT]", "[PHOTO]", "[VIDEO]", "[LINK]", "[PDF]", "[URGENT]"})
# A bracketed capitalised token is a template slot only when it has a slot's shape: several words
# ("[FIRST NAME]", "[PET_NAME]") or a word that names what goes there ("[NAME]", "[DATE]", "[HOLIDAY]").
# A lone tag such as a mailing list's "[ILUG]" or a ticket's "[JIRA-123]" in a subject is not one.
_SLOT_WORDS = frozenset("""
name names first last full nickname initial initials greeting salutation company business brand org organisation
organization team school employer city town state country region address zip postcode location venue place phone
number mobile email date day time month year holiday event occasion topic subject title role position job industry
product service price amount discount offer coupon code promo deadline link url website site signature recipient
customer client contact prospect user username account order invoice id sender agent rep manager owner partner
spouse pet child kid insert placeholder field value blank merge tbd todo xxx xx gender age
""".split())
_SLOT_SPLIT = re.compile(r"[ _]+")


# Brace fields on a line of code (Tcl, shell, RPM macros: "set {bindings(key)}", "%{_sysconfdir}",
# "${args}") are syntax, not a template slot waiting for a name.
_BRACE_SYNTAXES = frozenset({"single_brace", "dollar_brace", "double_brace", "percent", "double_percent"})
# Command-line options count as code marks too ("tar -C {src} cf -", "-background {PaleGoldenrod} -relief sunken").
_CODE_MARKS = re.compile(r"[{}\[\]$;=\\|<>]|%\{|^[ \t]*(?:[#%$@/]|(?:if|set|proc|return|for|while|else|fi|then|do|"
                         r"def|function|var|let|const|echo|export|my|sub|foreach)\b)"
                         r"|(?<!\S)(?:-[A-Za-z]|--?[a-z][a-z-]{2,30})(?=[ \t]|$)")


# Other slot-shaped tokens on the line ("[NAME]", "{{company}}", "{Trigger_Event}") are not code marks.
_WORD_IN_BRACKETS = re.compile(r"\[[A-Za-z][A-Za-z _']{0,40}\]|\{\{?[ \t]?[A-Za-z_][\w .'-]{0,40}\}\}?")


# How much of the line on each side of a match is read: a code line is short, and reading a whole
# 20,000-character line again for each of its 1,800 fields took seconds.
CODE_LINE_WINDOW = 400


def _on_code_line(draft: str, start: int, end: int) -> bool:
    """The line around a match reads as code: code marks outside the match itself, or a code-like start."""
    line_start = max(draft.rfind("\n", max(0, start - CODE_LINE_WINDOW), start) + 1, start - CODE_LINE_WINDOW)
    line_end = draft.find("\n", end, end + CODE_LINE_WINDOW)
    line_end = min(len(draft), end + CODE_LINE_WINDOW) if line_end == -1 else line_end
    rest = _WORD_IN_BRACKETS.sub(" ", draft[line_start:start] + " " + draft[end:line_end])
    # A field glued to a path or a macro ("/{buildroot}%{_sysconfdir}", "%{name}") is part of it.
    glued = draft[start - 1:start] in ("%", "/") or draft[end:end + 1] in ("%", "/")
    return glued or _code_heavy(draft) or len(_CODE_MARKS.findall(rest)) >= 2 or \
        bool(_CODE_MARKS.match(draft[line_start:start]) and not draft[line_start:start].strip() == "")


_CODE_LINE = re.compile(r"^[ \t]*}|[{};][ \t]*$", re.MULTILINE)


@lru_cache(maxsize=16)
def _code_heavy(draft: str) -> bool:
    """A draft that pastes code (three or more lines opening or closing a block): its braces are code."""
    return len(_CODE_LINE.findall(draft)) >= 3


def _has_slot_shape(token: str) -> bool:
    words = [w for w in _SLOT_SPLIT.split(token.strip("[]").lower()) if w]
    return len(words) > 1 or any(w in _SLOT_WORDS for w in words)


def _brace_slot(token: str) -> bool:
    """A single-brace field with several words names what goes there ("{First Name}", "{company name}");
    a newsletter's braced section title ("{Recipe lister}", "{Manage your collections}") does not."""
    words = token.strip("{} ").split()
    return len(words) == 1 or any(w in _SLOT_WORDS for word in words for w in _SLOT_SPLIT.split(word.lower()))


# Characters every match of each syntax contains: a draft with none of a syntax's triggers cannot match it.
PLACEHOLDER_TRIGGERS: dict[str, tuple[str, ...]] = {
    "double_brace": ("{{",), "dollar_brace": ("${",), "single_brace": ("{",), "percent": ("%",),
    "angle": ("<<",), "mailchimp": ("*|",), "square_field": ("[",), "square_caps": ("[",), "square_snake": ("[",), "square_titled": ("[",),
    "square_pronoun": ("[",), "at_field": ("@",),
    "double_percent": ("%%",), "hash_field": ("#",), "angle_single": ("<",), "dollar_caps": ("$",),
    "bare_token": ("Hi ", "Hello ", "Hey ", "Dear "), "square_insert": ("[",),
}
# Syntaxes whose regex is case-sensitive (capitals are what make them a slot).
_CASE_SENSITIVE = frozenset({"square_caps", "square_titled", "mailchimp", "hash_field", "dollar_caps", "bare_token"})


def compile_syntaxes(names: Iterable[str]) -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(PLACEHOLDER_SYNTAXES[name], 0 if name in _CASE_SENSITIVE else re.IGNORECASE))
            for name in names]


def may_hold_placeholder(draft: str, names: Iterable[str]) -> bool:
    """False only when no named syntax can match: none of its trigger characters is in the draft."""
    return any(trigger in draft for name in names for trigger in PLACEHOLDER_TRIGGERS[name])


def find_placeholders(draft: str, compiled: list[tuple[str, re.Pattern]]) -> list[tuple[int, int]]:
    """The spans of the unfilled merge fields in the draft, by the given compiled syntaxes."""
    found = []
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(draft)]
    for name, rx in compiled:
        for m in rx.finditer(draft):
            if name == "square_caps" and (m.group().upper() in _SQUARE_CAPS_ALLOWED
                                          or not _has_slot_shape(m.group())):
                continue
            if name == "square_snake" and not any(w in _SLOT_WORDS for w in m.group().strip("[]").split("_")):
                continue
            if name == "single_brace" and not _brace_slot(m.group()):
                continue
            if any(start <= m.start() and m.end() <= end for start, end in code):
                continue  # `code` quotes syntax; it is not a field waiting to be filled
            if name in _BRACE_SYNTAXES and _on_code_line(draft, m.start(), m.end()):
                continue
            found.append((m.start(), m.end()))
    return found
