"""Compile rules into matchers once at load, then run them all on one draft.

One rule kind, one small matcher class. Phrase and token rules share a single
spaCy `PhraseMatcher` and `Matcher` each, so a draft is scanned once for all of
them, however many rules the packs hold.
"""
from __future__ import annotations

import logging
import re
import traceback
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Optional

from tactful.checks import get_check
from tactful.context import CheckContext, Hit
from tactful.errors import RulePackError
from tactful.signals.expression import compile_when, first_span
from tactful.signals.registry import get as get_signal, registered as registered_signals
from tactful.metrics import METRICS
from tactful.nlp.regex_prefilter import RegexPrefilter, required_literals
from tactful.nlp.regex_safety import unsafe_reason, unsafe_token_regexes
from tactful.rulepack import Rule
from tactful.nlp.text import Span, fold, nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
        r"job\s+title|role|city|location|website|industry|date|time|link|signature|product)\](?!\()"
    ),
    "square_caps": r"\[[A-Z][A-Z_]{2,30}(?: [A-Z_]{2,30}){0,3}\](?!\()",
    "double_percent": r"%%[A-Za-z_][\w]{1,30}%%",
    "hash_field": r"(?<![\w#])#[A-Z][A-Za-z_]{2,30}#(?![\w#])",
    # (The optional word carries its own trailing spaces: `\s*(?:word)?\s*` would backtrack quadratically.)
    "angle_single": r"<\s*(?:(?:customer|client|first|last|full|company|contact|recipient)\s*)?name\s*>|<\s*(?:first name|company|company name)\s*>",
    "dollar_caps": r"(?<![\w$])\$(?:NAME|FIRSTNAME|FIRST_NAME|LASTNAME|LAST_NAME|COMPANY|FNAME|LNAME)\b",
    "bare_token": r"\b(?:Hi|Hello|Hey|Dear) (?:FNAME|FIRSTNAME|FIRST_NAME|XXXX?|NAME|XX)\b",
    "square_insert": r"\[\s*(?:insert|add|personali[sz]e|personal(?:ised|ized)?|custom)\b[^\]\n]{0,100}\]",
}
log = logging.getLogger("tactful.engine")
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
_CODE_MARKS = re.compile(r"[{}\[\]$;=\\|<>]|%\{|^[ \t]*(?:[#%$@/]|(?:if|set|proc|return|for|while|else|fi|then|do|"
                         r"def|function|var|let|const|echo|export|my|sub|foreach)\b)")


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
    return draft[start - 1:start] == "%" or _code_heavy(draft) or len(_CODE_MARKS.findall(rest)) >= 2 or \
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


class RuleSet:
    """All rules of the loaded packs, compiled, with one entry point: `run(ctx)`."""

    def __init__(self, rules: list[Rule], allow_phrases: Iterable[str] = ()):
        self.rules = rules
        self.by_id = {rule.id: rule for rule in rules}
        pipeline = nlp()
        from spacy.matcher import Matcher, PhraseMatcher

        self._phrase_matcher = PhraseMatcher(pipeline.vocab, attr="NORM")
        self._token_matcher = Matcher(pipeline.vocab)
        # Each regex with the literals every match of it contains (see tactful/nlp/regex_prefilter.py).
        self._regexes: dict[str, list[tuple[re.Pattern, tuple]]] = {}
        self._placeholders: dict[str, list[tuple[str, re.Pattern]]] = {}
        self._unless_draft: dict[str, re.Pattern] = {
            rule.id: _phrase_alternation(rule.unless_draft) for rule in rules if rule.unless_draft
        }
        # Every `when` compiled at load: an unknown signal is a load error naming file and rule.
        self._conditions = {rule.id: compile_when(rule.when, f"{rule.source}: rule {rule.id}") for rule in rules}
        for rule in rules:
            try:
                self._compile(rule, pipeline)
            except RulePackError:
                raise
            except Exception as exc:  # spaCy pattern validation errors are long; keep one line
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise RulePackError(f"{rule.source}: rule {rule.id}: {first_line}") from None
        self._allow = [phrase.lower() for phrase in allow_phrases if phrase.strip()]
        self._prefilter = RegexPrefilter(self._regexes)

    # ---- compilation ----------------------------------------------------------
    def _compile(self, rule: Rule, pipeline) -> None:
        params = rule.params
        if rule.kind == "phrase":
            phrases = params["phrases"]
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
                raise RulePackError(f"{rule.source}: rule {rule.id}: 'phrases' must be a list of non-empty strings")
            self._phrase_matcher.add(rule.id, list(pipeline.pipe(phrases)))
        elif rule.kind == "regex":
            flags = 0 if params.get("case_sensitive") else re.IGNORECASE
            compiled = []
            for pattern in _as_list(params["patterns"]):
                reason = unsafe_reason(pattern, flags) if isinstance(pattern, str) else "must be a string"
                if reason:
                    raise RulePackError(f"{rule.source}: rule {rule.id}: regex {pattern!r} {reason}")
                compiled.append((re.compile(pattern, flags), required_literals(pattern, flags)))
            self._regexes[rule.id] = compiled
        elif rule.kind == "tokens":
            patterns = params["patterns"]
            if not isinstance(patterns, list) or not all(isinstance(p, list) for p in patterns):
                raise RulePackError(f"{rule.source}: rule {rule.id}: 'patterns' must be a list of token-pattern lists")
            unsafe = unsafe_token_regexes(patterns)
            if unsafe:
                raise RulePackError(f"{rule.source}: rule {rule.id}: token REGEX {unsafe[0]!r} {unsafe[1]}")
            self._token_matcher.add(rule.id, [_fold_token_pattern(p) for p in patterns])
        elif rule.kind == "placeholder":
            names = params.get("syntaxes") or list(PLACEHOLDER_SYNTAXES)
            unknown = [n for n in names if n not in PLACEHOLDER_SYNTAXES]
            if unknown:
                raise RulePackError(f"{rule.source}: rule {rule.id}: unknown placeholder syntax {unknown[0]!r} "
                                    f"(known: {', '.join(PLACEHOLDER_SYNTAXES)})")
            self._placeholders[rule.id] = [
                (n, re.compile(PLACEHOLDER_SYNTAXES[n], 0 if n in ("square_caps", "mailchimp", "hash_field", "dollar_caps", "bare_token") else re.IGNORECASE))
                for n in names
            ]
        elif rule.kind == "metric":
            if params["metric"] not in METRICS:
                raise RulePackError(f"{rule.source}: rule {rule.id}: unknown metric {params['metric']!r} "
                                    f"(known: {', '.join(METRICS)})")
        signals = registered_signals()
        for key, names in (("evidence_from", rule.evidence_from), ("span_from", params.get("span_from") or [])):
            unknown = [name for name in names if name not in signals]
            if unknown:
                raise RulePackError(f"{rule.source}: rule {rule.id}: unknown signal {unknown[0]!r} in {key} "
                                    "(`tactful signals --list` shows them all)")
        if rule.kind == "meta":
            known_ids = {other.id for other in self.rules}
            unknown = [rid for rid in params.get("suppressed_by") or [] if rid not in known_ids]
            if unknown:
                raise RulePackError(f"{rule.source}: rule {rule.id}: suppressed_by names no loaded rule {unknown[0]!r}")
        if rule.kind == "named":
            get_check(params["check"], where=f"{rule.source}: rule {rule.id}")
        elif rule.kind == "classifier":
            low = params["min_probability"]
            high = params.get("max_probability", 1.0)
            if not (0 <= low < high <= 1):
                raise RulePackError(f"{rule.source}: rule {rule.id}: need 0 <= min_probability < max_probability <= 1")

    # ---- matching -------------------------------------------------------------
    def run(self, ctx: CheckContext, rules: Optional[list[Rule]] = None) -> dict[str, list[Hit]]:
        """Every rule that fires on this draft, with its hits (at most `max_hits` each)."""
        active = rules if rules is not None else self.rules
        active_ids = {rule.id for rule in active}
        raw: dict[str, list[Hit]] = {}
        vocab_strings = ctx.doc.vocab.strings
        for name, matcher in (("phrase", self._phrase_matcher), ("tokens", self._token_matcher)):
            try:
                for match_id, start, end in (matcher(ctx.doc) if len(matcher) else ()):
                    rule_id = vocab_strings[match_id]
                    if rule_id in active_ids:
                        span = ctx.doc[start:end]
                        raw.setdefault(rule_id, []).append(Hit(span.start_char, span.end_char))
            except Exception as exc:  # fault isolation: the matcher's rules are skipped, the others run
                for rule in active:
                    if rule.kind == name:
                        _skip(ctx, rule.id, exc)
                raw.update({rule.id: [] for rule in active if rule.kind == name})
        results: dict[str, list[Hit]] = {}
        for rule in active:
            if rule.kind == "batch":  # judged across a batch by tactful.batch, never on one draft
                continue
            try:
                hits = self._run_rule(rule, ctx, raw)
            except Exception as exc:  # one broken rule must not fail the check: skip it and say so
                _skip(ctx, rule.id, exc)
                continue
            if hits:
                results[rule.id] = hits
        for rule in active:  # a meta rule steps aside for a rule that names the same clash more precisely
            if rule.id in results and any(other in results for other in rule.params.get("suppressed_by") or ()):
                del results[rule.id]
        return results

    def _run_rule(self, rule: Rule, ctx: CheckContext, raw: dict[str, list[Hit]]) -> Optional[list[Hit]]:
        condition = self._conditions[rule.id]
        if rule.kind in ("phrase", "tokens"):
            hits = raw.get(rule.id, [])
        elif condition.holds(ctx):  # cached signals first: skip costly checks that cannot count
            hits = self._match_other(rule, ctx)
        else:
            return None
        if not hits:
            return None
        hits = self._filter(rule, ctx, hits)
        if not hits or (rule.id in self._unless_draft and self._unless_draft[rule.id].search(ctx.draft)):
            return None
        # Phrase and token hits come from the shared matchers, so their condition is asked only now.
        if (rule.kind not in ("phrase", "tokens") or condition.holds(ctx)) and not _history_excuses(rule, ctx):
            hits = _dedupe(hits)[: rule.max_hits]
            if rule.evidence_from:
                evidence = _signal_evidence(ctx, rule.evidence_from)
                hits = [Hit(h.start, h.end, h.evidence or evidence) for h in hits]
            return hits
        return None

    def _match_other(self, rule: Rule, ctx: CheckContext) -> list[Hit]:
        kind = rule.kind
        if kind == "regex":
            draft = ctx.draft
            compiled = self._regexes[rule.id]
            candidates = self._regex_candidates(ctx)
            indexes = range(len(compiled)) if candidates is None else candidates.get(rule.id, ())
            return [Hit(m.start(), m.end()) for i in indexes for m in compiled[i][0].finditer(draft)
                    if m.end() > m.start()]
        if kind == "placeholder":
            hits = []
            code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(ctx.draft)]
            for name, rx in self._placeholders[rule.id]:
                for m in rx.finditer(ctx.draft):
                    if name == "square_caps" and (m.group().upper() in _SQUARE_CAPS_ALLOWED
                                                  or not _has_slot_shape(m.group())):
                        continue
                    if name == "single_brace" and not _brace_slot(m.group()):
                        continue
                    if any(start <= m.start() and m.end() <= end for start, end in code):
                        continue  # `code` quotes syntax; it is not a field waiting to be filled
                    if name in _BRACE_SYNTAXES and _on_code_line(ctx.draft, m.start(), m.end()):
                        continue
                    hits.append(Hit(m.start(), m.end()))
            return hits
        if kind == "metric":
            return _metric_hits(rule, ctx)
        if kind == "named":
            return list(get_check(rule.params["check"])(ctx, rule.params.get("params") or {}))
        if kind == "classifier":
            return _classifier_hits(rule, ctx)
        if kind == "meta":
            return [_meta_hit(rule, ctx, self._conditions[rule.id])]
        return []

    def _regex_candidates(self, ctx: CheckContext) -> Optional[dict[str, list[int]]]:
        """The regexes that can match this draft, worked out once per draft (None: run them all)."""
        cache = ctx.cache
        if "regex_candidates" not in cache:
            cache["regex_candidates"] = self._prefilter.candidates(ctx.draft, ctx.lower)
        return cache["regex_candidates"]

    def _filter(self, rule: Rule, ctx: CheckContext, hits: list[Hit]) -> list[Hit]:
        kept = []
        for hit in hits:
            if hit.start is not None and hit.end is not None:
                span = Span(hit.start, hit.end)
                if rule.kind in ("phrase", "regex", "tokens") and ctx.masks.covers(span):
                    continue
                if self._allow_listed(ctx, span):
                    continue
                if rule.unless_before and _preceded_by(ctx.draft, hit.start, rule.unless_before):
                    continue
            kept.append(hit)
        return kept

    def _allow_listed(self, ctx: CheckContext, span: Span) -> bool:
        for phrase in self._allow:
            start = ctx.lower.find(phrase)
            while start != -1:
                if span.overlaps(Span(start, start + len(phrase))):
                    return True
                start = ctx.lower.find(phrase, start + 1)
        return False


def _skip(ctx: CheckContext, rule_id: str, exc: BaseException) -> None:
    """Note a rule that raised; the log names the rule and the code, never the draft (messages may quote it)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"
    ctx.failures.append((rule_id, type(exc).__name__))
    log.warning("rule %s raised %s at %s; skipped for this draft", rule_id, type(exc).__name__, where)


def _metric_hits(rule: Rule, ctx: CheckContext) -> list[Hit]:
    params = rule.params
    if params.get("min_sentences") and len(ctx.sentences) < params["min_sentences"]:
        return []
    if params.get("min_words"):
        from tactful.metrics import word_count

        if word_count(ctx) < params["min_words"]:
            return []
    value, span = METRICS[params["metric"]](ctx)
    if "min" in params and value < params["min"]:
        return []
    if "max" in params and value > params["max"]:
        return []
    evidence = f"{params['metric'].replace('_', ' ')} is {value:.2f}"
    return [Hit(span[0], span[1], evidence) if span else Hit(evidence=evidence)]


def _classifier_hits(rule: Rule, ctx: CheckContext) -> list[Hit]:
    probability = ctx.probabilities.get(rule.category)
    if probability is None:
        return []
    low, high = rule.params["min_probability"], rule.params.get("max_probability", 1.0)
    if not (low <= probability < high or (high == 1.0 and probability == 1.0)):
        return []
    drivers = ctx.explain(rule.category) if ctx.explain else []
    words = ", ".join(f"'{d}'" for d in drivers) if drivers else "no single word stands out"
    return [Hit(evidence=f"classifier probability {probability:.2f}; driven by {words}")]


def _meta_hit(rule: Rule, ctx: CheckContext, condition) -> Hit:
    """A composed rule's warning: the span of the act it names, the evidence of the signals that made it fire."""
    span = first_span(ctx, rule.params.get("span_from") or [])
    # With `evidence_from`, `_run_rule` fills the evidence in, as for every other kind.
    evidence = None if rule.evidence_from else \
        "; ".join(s.evidence for s in condition.signals(ctx) if s.holds and s.evidence) or None
    return Hit(span[0], span[1], evidence) if span else Hit(evidence=evidence)


def _signal_evidence(ctx: CheckContext, names: list[str]) -> Optional[str]:
    """The evidence of the first named signal that holds and has some."""
    for name in names:
        found = get_signal(ctx, name)
        if found.holds and found.evidence:
            return found.evidence
    return None


def _history_excuses(rule: Rule, ctx: CheckContext) -> bool:
    """True when their own words make the rule moot (they asked for the template, the price...)."""
    if not rule.unless_history:
        return False
    inbound = " ".join((t.text or "").lower() for t in ctx.conversation.inbound_messages[-3:])
    return any(phrase.lower() in inbound for phrase in rule.unless_history)


_WORD = re.compile(r"[\w'’]+")


def _preceded_by(draft: str, start: int, words: list[str]) -> bool:
    before = _WORD.findall(draft[max(0, start - 40):start].lower())[-3:]
    folded = {fold(w) for w in before}
    return any(fold(w.lower()) in folded for w in words)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop hits whose span lies inside another hit of the same rule, keeping order of position."""
    spanned = sorted((h for h in hits if h.start is not None), key=lambda h: (h.start, -(h.end or 0)))
    kept: list[Hit] = []
    for hit in spanned:
        if kept and kept[-1].end is not None and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    whole = [h for h in hits if h.start is None]
    return kept + whole[:1]


def _fold_token_pattern(pattern: list[dict]) -> list[dict]:
    """Token patterns written with NORM use plain words; fold them like the text is folded."""
    folded = []
    for token in pattern:
        token = dict(token)
        if "NORM" in token:
            value = token["NORM"]
            if isinstance(value, str):
                token["NORM"] = fold(value.lower())
            elif isinstance(value, dict):
                token["NORM"] = {op: [fold(v.lower()) for v in vs] if isinstance(vs, list) else vs
                                 for op, vs in value.items()}
        folded.append(token)
    return folded


def _phrase_alternation(phrases: list[str]) -> re.Pattern:
    """One regex matching any of the phrases as whole words (plural -s allowed)."""
    body = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})s?(?![\w-])", re.IGNORECASE)


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
