"""Compile every rule into its kind once at load, then run them all on one draft.

One rule kind, one class (see tactful/rule_kinds.py): each answers a cheap
`may_match` before it runs. What every kind shares lives here: phrase rules
share one spaCy `PhraseMatcher` (a draft is scanned once for all of them, however
many rules the packs hold), regex rules share one literal prefilter, and every
rule's `when`, allow-listed phrases, `unless_*` filters, evidence and `max_hits`
are applied the same way.
"""
from __future__ import annotations

import logging
import re
import traceback
from typing import Iterable, Optional

from tactful.context import CheckContext, Hit
from tactful.errors import RulePackError
from tactful.nlp.regex_prefilter import RegexPrefilter
from tactful.rule_kinds import KIND_CLASSES, MetaKind, PhraseKind, RegexKind, RuleKind
from tactful.rulepack import Rule
from tactful.signals.expression import Condition, compile_when
from tactful.signals.registry import get as get_signal, registered as registered_signals
from tactful.nlp.text import Span, fold, nlp

log = logging.getLogger("tactful.engine")


class RuleSet:
    """All rules of the loaded packs, compiled once into their kinds, with one entry point: `run(ctx)`."""

    def __init__(self, rules: list[Rule], allow_phrases: Iterable[str] = ()):
        self.rules = rules
        self.by_id = {rule.id: rule for rule in rules}
        pipeline = nlp()
        from spacy.matcher import PhraseMatcher

        # Phrase rules share one matcher: a draft is scanned once for all of them.
        self._phrase_matcher = PhraseMatcher(pipeline.vocab, attr="NORM")
        self._unless_draft: dict[str, re.Pattern] = {
            rule.id: _phrase_alternation(rule.unless_draft) for rule in rules if rule.unless_draft
        }
        # Every `when` compiled at load: an unknown signal is a load error naming file and rule.
        self._conditions = {rule.id: compile_when(rule.when, f"{rule.source}: rule {rule.id}") for rule in rules}
        known_ids = frozenset(self.by_id)
        self.kinds: dict[str, RuleKind] = {}
        for rule in rules:
            where = f"{rule.source}: rule {rule.id}"
            try:
                self.kinds[rule.id] = self._compile(rule, where, pipeline, known_ids)
            except RulePackError:
                raise
            except Exception as exc:  # spaCy pattern validation errors are long; keep one line
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise RulePackError(f"{where}: {first_line}") from None
        self._allow = [phrase.lower() for phrase in allow_phrases if phrase.strip()]
        self._prefilter = RegexPrefilter({rule_id: kind.compiled for rule_id, kind in self.kinds.items()
                                          if isinstance(kind, RegexKind)})
        # What `run` walks per draft, looked up once here (a batch rule is judged across a batch by
        # tactful.batch, never on one draft); meta rules that step aside for others, with those others.
        self._plan = self._plan_for(rules)
        self._stepping_aside = [(rule.id, tuple(rule.params.get("suppressed_by") or ())) for rule in rules
                                if rule.params.get("suppressed_by")]

    def _plan_for(self, rules: list[Rule]) -> list[tuple[Rule, RuleKind, Condition]]:
        return [(rule, self.kinds[rule.id], self._conditions[rule.id]) for rule in rules
                if self.kinds[rule.id].per_draft]

    # ---- compilation ----------------------------------------------------------
    def _compile(self, rule: Rule, where: str, pipeline, known_ids: frozenset) -> RuleKind:
        kind_class = KIND_CLASSES.get(rule.kind)
        if kind_class is None:
            raise RulePackError(f"{where}: unknown kind {rule.kind!r} (known: {', '.join(KIND_CLASSES)})")
        kind_class.validate(rule.params, lambda problem: RulePackError(f"{where}: {problem}"))
        signals = registered_signals()
        unknown = [name for name in rule.evidence_from if name not in signals]
        if unknown:
            raise RulePackError(f"{where}: unknown signal {unknown[0]!r} in evidence_from "
                                "(`tactful signals --list` shows them all)")
        if kind_class is PhraseKind:
            return PhraseKind(rule, where, self._phrase_matcher, pipeline)
        if kind_class is MetaKind:
            return MetaKind(rule, where, self._conditions[rule.id], known_ids)
        return kind_class(rule, where)

    # ---- matching -------------------------------------------------------------
    def run(self, ctx: CheckContext, rules: Optional[list[Rule]] = None) -> dict[str, list[Hit]]:
        """Every rule that fires on this draft, with its hits (at most `max_hits` each)."""
        active = rules if rules is not None else self.rules
        ctx.cache["shared_hits"] = self._shared_hits(ctx, active)
        if "regex_candidates" not in ctx.cache:  # which regexes can match, worked out once per draft
            ctx.cache["regex_candidates"] = self._prefilter.candidates(ctx.draft, ctx.lower)
        results: dict[str, list[Hit]] = {}
        run_rule = self._run_rule
        for rule, kind, condition in (self._plan if rules is None else self._plan_for(rules)):
            try:
                hits = run_rule(rule, kind, ctx, condition)
            except Exception as exc:  # one broken rule must not fail the check: skip it and say so
                _skip(ctx, rule.id, exc)
                continue
            if hits:
                results[rule.id] = hits
        # A meta rule steps aside for a rule that names the same clash more precisely.
        stepping_aside = self._stepping_aside if rules is None else \
            [(rule.id, tuple(rule.params.get("suppressed_by") or ())) for rule in rules]
        for rule_id, others in stepping_aside:
            if rule_id in results and any(other in results for other in others):
                del results[rule_id]
        return results

    def _shared_hits(self, ctx: CheckContext, active: list[Rule]) -> dict[str, list[Hit]]:
        """The phrase rules' hits, from one scan of the draft by the shared matcher."""
        hits: dict[str, list[Hit]] = {}
        if not len(self._phrase_matcher):
            return hits
        active_ids = {rule.id for rule in active}
        vocab_strings = ctx.doc.vocab.strings
        try:
            for match_id, start, end in self._phrase_matcher(ctx.doc):
                rule_id = vocab_strings[match_id]
                if rule_id in active_ids:
                    span = ctx.doc[start:end]
                    hits.setdefault(rule_id, []).append(Hit(span.start_char, span.end_char))
        except Exception as exc:  # fault isolation: the matcher's rules are skipped, the others run
            for rule in active:
                if rule.kind == PhraseKind.name:
                    _skip(ctx, rule.id, exc)
            return {}
        return hits

    def _run_rule(self, rule: Rule, kind: RuleKind, ctx: CheckContext,
                  condition: Optional[Condition] = None) -> Optional[list[Hit]]:
        if not kind.may_match(ctx):  # the cheap prefilter first: most rules stop here on most drafts
            return None
        if condition is None:
            condition = self._conditions[rule.id]
        if kind.shared:
            hits = kind.run(ctx)
        elif condition.holds(ctx):  # cached signals first: skip costly checks that cannot count
            hits = kind.run(ctx)
        else:
            return None
        if not hits:
            return None
        hits = self._filter(rule, ctx, hits)
        if not hits or (rule.id in self._unless_draft and self._unless_draft[rule.id].search(ctx.draft)):
            return None
        # Shared-matcher hits come before the condition, so their condition is asked only now.
        if (not kind.shared or condition.holds(ctx)) and not _history_excuses(rule, ctx):
            hits = _dedupe(hits)[: rule.max_hits]
            if rule.evidence_from:
                evidence = _signal_evidence(ctx, rule.evidence_from)
                hits = [Hit(h.start, h.end, h.evidence or evidence) for h in hits]
            return hits
        return None

    def _filter(self, rule: Rule, ctx: CheckContext, hits: list[Hit]) -> list[Hit]:
        kept = []
        for hit in hits:
            if hit.start is not None and hit.end is not None:
                span = Span(hit.start, hit.end)
                if rule.kind in (PhraseKind.name, RegexKind.name) and ctx.masks.covers(span):
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
    # Short words match as written and only right before the match: folded, "is" would be "be" and excuse a
    # field after "was" ("I was researching [topic]"), and three words back "is" excused "this is Dan from
    # [AGENCY NAME]".
    return any(w.lower() == before[-1] if len(w) <= 3 and before else fold(w.lower()) in folded for w in words)


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


def _phrase_alternation(phrases: list[str]) -> re.Pattern:
    """One regex matching any of the phrases as whole words (plural -s allowed)."""
    body = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})s?(?![\w-])", re.IGNORECASE)
