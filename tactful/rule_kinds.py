"""Rule kinds: one class per `kind:` a rule pack may use, as Vale has one type per `extends:`.

Each kind declares the YAML keys it takes (`keys`, `required`), checks their
shape when a pack is parsed (`validate`, called by `tactful.rulepack`),
compiles them once when the rule set is built (the constructor), answers a
cheap `may_match(ctx)` before any real work (Vale's `MightMatch`: a regex rule
whose literals are absent from the draft, a placeholder rule on a draft
without a brace or bracket, a classifier band without a probability is skipped
at no cost), and finds its hits with `run(ctx)`.

`tactful.matchers.RuleSet` builds one instance per rule and runs them; what
every kind shares (the `when` condition, allow-listed phrases, `unless_*`
filters, evidence, `max_hits`) stays there. A kind never imports the rule
pack loader (the loader imports this module for the schema).
"""
from __future__ import annotations

import re
from typing import Any, Callable, ClassVar, Optional

from tactful.checks import get_check, needs_history, params_model
from tactful.context import CheckContext, Hit
from tactful.errors import RulePackError
from tactful.metrics import METRICS, word_count
from tactful.nlp.mail import opening_offset
from tactful.nlp.placeholders import PLACEHOLDER_SYNTAXES, compile_syntaxes, find_placeholders, may_hold_placeholder
from tactful.nlp.regex_prefilter import required_literals
from tactful.nlp.regex_safety import unsafe_reason
from tactful.signals.expression import Condition, first_span
from tactful.signals.registry import registered as registered_signals

Fail = Callable[[str], RulePackError]


class RuleKind:
    """One kind of rule: its YAML keys, their load-time checks, its prefilter and its matching."""

    name: ClassVar[str]
    keys: ClassVar[frozenset[str]] = frozenset()       # kind-specific keys a rule of this kind may carry
    required: ClassVar[frozenset[str]] = frozenset()   # ... and those it must carry
    doc: ClassVar[str] = ""                           # one line for docs/rules.md
    key_docs: ClassVar[dict[str, str]] = {}           # what each key means, for docs/rules.md
    # Hits come from a matcher shared by all rules of the kind (one scan for all), not from `run`.
    shared: ClassVar[bool] = False
    # Never judged on one draft (a batch rule is judged across a batch by tactful.batch).
    per_draft: ClassVar[bool] = True

    def __init__(self, rule: Any, where: str):
        self.rule = rule
        self.where = where

    @classmethod
    def validate(cls, params: dict[str, Any], fail: Fail) -> None:
        """Shape checks on the kind's keys when the pack is parsed (no compiling)."""

    def may_match(self, ctx: CheckContext) -> bool:
        """A cheap test: False means `run` cannot find anything on this draft, so it is skipped."""
        return True

    def run(self, ctx: CheckContext) -> list[Hit]:
        return []

    def fail(self, problem: str) -> RulePackError:
        return RulePackError(f"{self.where}: {problem}")


class PhraseKind(RuleKind):
    name = "phrase"
    keys = required = frozenset({"phrases"})
    doc = "Any of a list of phrases, matched on folded token norms (one spaCy PhraseMatcher for all phrase rules)."
    key_docs = {"phrases": "list of phrases (plural -s and curly quotes fold to the same norms)"}
    shared = True

    @classmethod
    def validate(cls, params, fail):
        phrases = params["phrases"]
        if not isinstance(phrases, list) or not phrases or \
                not all(isinstance(p, str) and p.strip() for p in phrases):
            raise fail("'phrases' must be a list of non-empty strings")

    def __init__(self, rule, where, phrase_matcher=None, pipeline=None):
        super().__init__(rule, where)
        if phrase_matcher is not None:
            phrase_matcher.add(rule.id, list(pipeline.pipe(rule.params["phrases"])))

    def may_match(self, ctx: CheckContext) -> bool:
        return bool(ctx.cache.get("shared_hits", {}).get(self.rule.id))

    def run(self, ctx: CheckContext) -> list[Hit]:
        return list(ctx.cache.get("shared_hits", {}).get(self.rule.id, ()))


# A "^" outside a character class: the regex is anchored at the start of the draft.
_ANCHOR = re.compile(r"(?<![\[\\])\^")


class RegexKind(RuleKind):
    name = "regex"
    keys = frozenset({"patterns", "case_sensitive"})
    required = frozenset({"patterns"})
    doc = ("Any of a list of regular expressions (linted for catastrophic backtracking at load); a regex runs "
           "only when the draft holds the literal text every match of it needs.")
    key_docs = {"patterns": "a regex or a list of them (Python syntax, bounded repetition)",
                "case_sensitive": "true to match case (default: case-insensitive)"}

    @classmethod
    def validate(cls, params, fail):
        patterns = params["patterns"]
        patterns = [patterns] if isinstance(patterns, str) else patterns
        if not isinstance(patterns, list) or not patterns:
            raise fail("'patterns' must be a regex or a non-empty list of them")
        for pattern in patterns:
            if not isinstance(pattern, str):
                raise fail(f"regex {pattern!r} must be a string")
        if not isinstance(params.get("case_sensitive", False), bool):
            raise fail("'case_sensitive' must be true or false")

    def __init__(self, rule, where):
        super().__init__(rule, where)
        flags = 0 if rule.params.get("case_sensitive") else re.IGNORECASE
        patterns = rule.params["patterns"]
        self.compiled: list[tuple[re.Pattern, tuple]] = []
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            reason = unsafe_reason(pattern, flags)
            if reason:
                raise self.fail(f"regex {pattern!r} {reason}")
            # Each regex with the literals every match of it contains (see tactful/nlp/regex_prefilter.py).
            self.compiled.append((re.compile(pattern, flags), required_literals(pattern, flags)))
        # The regexes anchored at the start ("^Hi ,"): they also try the message after a "Subject:" line.
        self.anchored = {i for i, (compiled, _) in enumerate(self.compiled) if _ANCHOR.search(compiled.pattern)}

    def _candidates(self, ctx: CheckContext) -> Optional[list[int]]:
        """The indexes of this rule's regexes whose literals are all in the draft (None: no prefilter)."""
        candidates = ctx.cache.get("regex_candidates")
        return None if candidates is None else candidates.get(self.rule.id, [])

    def may_match(self, ctx: CheckContext) -> bool:
        candidates = self._candidates(ctx)
        return candidates is None or bool(candidates)

    def run(self, ctx: CheckContext) -> list[Hit]:
        candidates = self._candidates(ctx)
        indexes = range(len(self.compiled)) if candidates is None else candidates
        draft = ctx.draft
        hits = [Hit(m.start(), m.end()) for i in indexes for m in self.compiled[i][0].finditer(draft)
                if m.end() > m.start()]
        opening, body = _message_start(ctx) if self.anchored.intersection(indexes) else (0, draft)
        if opening:
            seen = {(hit.start, hit.end) for hit in hits}
            hits += [Hit(opening + m.start(), opening + m.end()) for i in indexes if i in self.anchored
                     for m in self.compiled[i][0].finditer(body)
                     if m.start() == 0 < m.end() and (opening + m.start(), opening + m.end()) not in seen]
        return hits


def _message_start(ctx: CheckContext) -> tuple[int, str]:
    """Where the message starts after a leading "Subject:" line, and the text from there: found once per
    request, however many anchored regexes try it."""
    found = ctx.cache.get("message_start")
    if found is None:
        opening = opening_offset(ctx.draft)
        found = ctx.cache["message_start"] = (opening, ctx.draft[opening:])
    return found


class PlaceholderKind(RuleKind):
    name = "placeholder"
    keys = frozenset({"syntaxes"})
    doc = ("An unfilled merge field ({{first_name}}, [COMPANY], %FNAME%...), outside quoted or pasted code; "
           "skipped on a draft without any of its syntaxes' trigger characters.")
    key_docs = {"syntaxes": "the merge-field syntaxes to look for (default: all of them): "
                            + ", ".join(PLACEHOLDER_SYNTAXES)}

    @classmethod
    def validate(cls, params, fail):
        names = params.get("syntaxes")
        if names is None:
            return
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise fail("'syntaxes' must be a list of syntax names")
        unknown = [n for n in names if n not in PLACEHOLDER_SYNTAXES]
        if unknown:
            raise fail(f"unknown placeholder syntax {unknown[0]!r} (known: {', '.join(PLACEHOLDER_SYNTAXES)})")

    def __init__(self, rule, where):
        super().__init__(rule, where)
        self.names = list(rule.params.get("syntaxes") or PLACEHOLDER_SYNTAXES)
        self.compiled = compile_syntaxes(self.names)

    def may_match(self, ctx: CheckContext) -> bool:
        return may_hold_placeholder(ctx.draft, self.names)

    def run(self, ctx: CheckContext) -> list[Hit]:
        return [Hit(start, end) for start, end in find_placeholders(ctx.draft, self.compiled)]


class MetricKind(RuleKind):
    name = "metric"
    keys = frozenset({"metric", "min", "max", "min_sentences", "min_words"})
    required = frozenset({"metric"})
    doc = "A number measured on the draft (see tactful/metrics.py) at or beyond a bound."
    key_docs = {"metric": "the metric's name: " + ", ".join(METRICS),
                "min": "fire when the value is at least this", "max": "fire when the value is at most this",
                "min_sentences": "only drafts with at least this many sentences",
                "min_words": "only drafts with at least this many words"}

    @classmethod
    def validate(cls, params, fail):
        if params["metric"] not in METRICS:
            raise fail(f"unknown metric {params['metric']!r} (known: {', '.join(METRICS)})")
        for key in ("min", "max", "min_sentences", "min_words"):
            value = params.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise fail(f"'{key}' must be a number")

    def __init__(self, rule, where):
        super().__init__(rule, where)
        self.params = rule.params
        self.measure = METRICS[self.params["metric"]]

    def may_match(self, ctx: CheckContext) -> bool:
        return not (self.params.get("min_sentences") and len(ctx.sentences) < self.params["min_sentences"])

    def run(self, ctx: CheckContext) -> list[Hit]:
        params = self.params
        if params.get("min_words") and word_count(ctx) < params["min_words"]:
            return []
        value, span = self.measure(ctx)
        if "min" in params and value < params["min"]:
            return []
        if "max" in params and value > params["max"]:
            return []
        evidence = f"{params['metric'].replace('_', ' ')} is {value:.2f}"
        return [Hit(span[0], span[1], evidence) if span else Hit(evidence=evidence)]


class NamedKind(RuleKind):
    name = "named"
    keys = frozenset({"check", "params"})
    required = frozenset({"check"})
    doc = ("A check written in Python (tactful/checks/), registered by name, for what needs code; its `params` are "
           "typed (a pydantic model per check), validated and compiled at load. A check registered with "
           "`needs_history` is skipped on a draft sent without history.")
    key_docs = {"check": "the registered check's name (`tactful rules --check` lists unknown ones)",
                "params": "the check's typed parameters; an unknown name or a wrong type is a load error"}

    @classmethod
    def validate(cls, params, fail):
        if not isinstance(params["check"], str):
            raise fail("'check' must be a check name")
        if params.get("params") is not None and not isinstance(params["params"], dict):
            raise fail("'params' must be a mapping of parameter names to values")

    def __init__(self, rule, where):
        super().__init__(rule, where)
        self.check = get_check(rule.params["check"], where=where)
        self.params = params_model(rule.params["check"]).load(rule.params.get("params") or {}, where)
        self.needs_history = needs_history(rule.params["check"])

    def may_match(self, ctx: CheckContext) -> bool:
        return not self.needs_history or bool(ctx.request.history)

    def run(self, ctx: CheckContext) -> list[Hit]:
        return list(self.check(ctx, self.params))


class ClassifierKind(RuleKind):
    name = "classifier"
    keys = frozenset({"min_probability", "max_probability"})
    required = frozenset({"min_probability"})
    doc = ("A band of the classifier's probability for the rule's category; skipped (its `when` unread) when the "
           "model is not loaded or the probability is outside the band.")
    key_docs = {"min_probability": "the band's low end (inclusive)",
                "max_probability": "the band's high end (exclusive; default 1.0, which includes 1.0)"}

    @classmethod
    def validate(cls, params, fail):
        low, high = params["min_probability"], params.get("max_probability", 1.0)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)) \
                or not (0 <= low < high <= 1):
            raise fail("need 0 <= min_probability < max_probability <= 1")

    def __init__(self, rule, where):
        super().__init__(rule, where)
        self.low, self.high = rule.params["min_probability"], rule.params.get("max_probability", 1.0)

    def may_match(self, ctx: CheckContext) -> bool:
        # The band first: a draft outside it never asks the rule's `when` (its signals may read the act head).
        return self._in_band(ctx.probabilities.get(self.rule.category))

    def _in_band(self, probability: Optional[float]) -> bool:
        return probability is not None and (self.low <= probability < self.high
                                            or (self.high == 1.0 and probability == 1.0))

    def run(self, ctx: CheckContext) -> list[Hit]:
        probability = ctx.probabilities.get(self.rule.category)
        if not self._in_band(probability):
            return []
        drivers = ctx.explain(self.rule.category) if ctx.explain else []
        words = ", ".join(f"'{d}'" for d in drivers) if drivers else "no single word stands out"
        return [Hit(evidence=f"classifier probability {probability:.2f}; driven by {words}")]


class BatchKind(RuleKind):
    name = "batch"
    keys = frozenset({"min_recipients", "min_similarity", "min_words"})
    doc = ("The same draft going to many people in one batch (POST /v1/check/batch; judged by tactful/batch.py, "
           "never on one draft).")
    key_docs = {"min_recipients": "how many copies make a blast", "min_similarity": "how alike the copies are (0-1)",
                "min_words": "shorter drafts are not judged"}
    per_draft = False

    @classmethod
    def validate(cls, params, fail):
        for key in cls.keys:
            value = params.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise fail(f"'{key}' must be a number")

    def may_match(self, ctx: CheckContext) -> bool:
        return False


class MetaKind(RuleKind):
    name = "meta"
    keys = frozenset({"span_from", "suppressed_by"})
    doc = ("Fires when its `when` holds: named signals composed as data, as SpamAssassin's `meta` rules; the "
           "warning marks the span of the first `span_from` signal that has one.")
    key_docs = {"span_from": "signals whose draft span marks the warning",
                "suppressed_by": "rule ids that name the same clash more precisely; this rule steps aside for them"}

    @classmethod
    def validate(cls, params, fail):
        for key in cls.keys:
            if key in params and (not isinstance(params[key], list)
                                  or not all(isinstance(v, str) and v for v in params[key])):
                raise fail(f"'{key}' must be a list of names")

    def __init__(self, rule, where, condition: Optional[Condition] = None, known_ids: frozenset = frozenset()):
        super().__init__(rule, where)
        self.condition = condition
        self.span_from = list(rule.params.get("span_from") or [])
        unknown = [name for name in self.span_from if name not in registered_signals()]
        if unknown:
            raise self.fail(f"unknown signal {unknown[0]!r} in span_from (`tactful signals --list` shows them all)")
        unknown = [rid for rid in rule.params.get("suppressed_by") or [] if rid not in known_ids]
        if unknown:
            raise self.fail(f"suppressed_by names no loaded rule {unknown[0]!r}")

    def run(self, ctx: CheckContext) -> list[Hit]:
        """The span of the act it names, the evidence of the signals that made it fire."""
        span = first_span(ctx, self.span_from)
        # With `evidence_from`, the rule set fills the evidence in, as for every other kind.
        evidence = None if self.rule.evidence_from or self.condition is None else \
            "; ".join(s.evidence for s in self.condition.signals(ctx) if s.holds and s.evidence) or None
        return [Hit(span[0], span[1], evidence) if span else Hit(evidence=evidence)]


KIND_CLASSES: dict[str, type[RuleKind]] = {
    cls.name: cls for cls in (PhraseKind, RegexKind, PlaceholderKind, MetricKind, NamedKind, ClassifierKind,
                              BatchKind, MetaKind)
}
