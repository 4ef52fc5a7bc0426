"""The one `check(request) -> response` function that the CLI and the HTTP service wrap.

An `Engine` loads the rule packs, the config and the classifier once; checking
is then a pure function of the request. `check_many` processes a batch with
one spaCy `pipe` and one vectorised classifier call.

An email (or a draft that clearly carries an email's parts) is judged on the
author's own text: `tactful.nlp.mail` blanks the quoted thread, the signature and
the list footer, offsets unchanged, and the response's optional `set_aside`
lists what was not judged.
"""
from __future__ import annotations

import dataclasses
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from tactful.config import Config, load_config
from tactful.context import CheckContext, Hit
from tactful.errors import ModelError
from tactful.nlp.mail import DENSE_WORDS, EmailReading, phrase_weight, reading_for, word_count
from tactful.matchers import RuleSet
from tactful.request import CheckRequest, parse_request
from tactful.rulepack import Rule, load_packs, renamed_ids
from tactful.scoring import Fired, score, warning_order
from tactful.nlp.text import analyse_many
from tactful.signals.learned import read_draft_acts

if TYPE_CHECKING:
    from tactful.model.classifier import ScoredBatch

RequestLike = Union[CheckRequest, dict]
# Drafts of a batch whose contexts are built, and whose acts are read, together (see `check_many`).
CONTEXT_SLICE = 256
log = logging.getLogger("tactful.engine")


class Engine:
    def __init__(self, rules: list[Rule], config: Config, classifier: Any = None, signal_model: Any = None,
                 renamed: Optional[dict[str, str]] = None):
        self.config = config
        self.classifier = classifier
        self.rules = [_apply_overrides(rule, config) for rule in rules if rule.id not in config.disabled]
        if classifier is None:
            self.rules = [rule for rule in self.rules if rule.kind != "classifier"]
        self.all_rules = rules
        # Old rule id -> its id now (ignore markers may name either); `load` passes the map it built for the config.
        self.renamed = renamed if renamed is not None else renamed_ids(rules)
        self.ruleset = RuleSet(self.rules, allow_phrases=config.allow_phrases)
        # Rules whose evidence is phrases of the draft alone: their points are diluted in a long email.
        self._read_in_draft = {rule.id for rule in self.rules if reads_draft_only(rule)}
        # Meta rules that may also read the conversation: on a draft sent without history their evidence is
        # the draft alone too (them.* and history.* signals cannot hold), so they weigh as phrase rules do.
        self._read_in_draft_cold = {rule.id for rule in self.rules if rule.kind == "meta"}
        self.signal_model = signal_model
        self.settings = {"sensitive_terms": config.sensitive_terms, "sensitive_dates": config.sensitive_dates,
                         "events": config.events, "signal_model": signal_model}

    @classmethod
    def load(cls, config: Optional[Config] = None, rules_dir: Optional[Path] = None,
             use_model: Optional[bool] = None, models_dir: Optional[Path] = None) -> "Engine":
        config = config if config is not None else load_config()
        rules = load_packs(rules_dir)
        renamed = renamed_ids(rules)
        for notice in config.follow_renames(renamed):
            log.warning("%s", notice)
        config.check_rule_ids({rule.id for rule in rules})
        want_model = config.model_enabled if use_model is None else use_model
        classifier = _load_classifier(models_dir) if want_model else None
        # The signal heads are part of the rules (what the rules know about the conversation), so they load
        # with or without the classifier; a missing or corrupt file fails here, at load, never per request.
        return cls(rules, config, classifier, _load_signal_model(models_dir), renamed=renamed)

    @property
    def model_loaded(self) -> bool:
        return self.classifier is not None

    def rule(self, rule_id: str) -> Optional[Rule]:
        rule_id = self.renamed.get(rule_id, rule_id)
        return next((rule for rule in self.all_rules if rule.id == rule_id), None)

    # ---- checking -------------------------------------------------------------
    def check(self, request: RequestLike) -> dict[str, Any]:
        return self.check_many([request])[0]

    def check_many(self, requests: Iterable[RequestLike]) -> list[dict[str, Any]]:
        parsed = [r if isinstance(r, CheckRequest) else parse_request(r) for r in requests]
        if not parsed:
            return []
        readings = [reading_for(r.draft, r.channel) for r in parsed]
        judged = [_judged(r, reading) for r, reading in zip(parsed, readings)]
        docs = analyse_many(r.draft for r in judged)
        # The classifier reads the author's own text itself (`features.own_text`), in training too.
        scored, model_failure = None, None
        if self.classifier is not None:
            try:
                scored = self.classifier.score(parsed)
            except Exception as exc:  # fault isolation: the rules still judge; the response says so
                model_failure = type(exc).__name__
                log.warning("the classifier raised %s; its rules are skipped for this batch", model_failure)
        responses = []
        # In slices: the act head reads a slice's drafts in one call (one TF-IDF transform per block), and
        # only a slice's contexts (with what they computed) are alive at a time, however long the batch.
        for start in range(0, len(parsed), CONTEXT_SLICE):
            indexes = range(start, min(start + CONTEXT_SLICE, len(parsed)))
            contexts = [self._context(judged[i], docs[i], scored, i, parsed[i], readings[i]) for i in indexes]
            read_draft_acts(contexts)
            responses += [self._check_one(ctx, parsed[i], readings[i]) for ctx, i in zip(contexts, indexes)]
            del contexts
        if model_failure is not None:
            for response in responses:
                response.setdefault("engine_warnings", []).insert(0, {
                    "source": "model", "kind": "model_failed",
                    "message": f"the classifier failed on this batch ({model_failure}); the classifier rules "
                               "were skipped"})
        return responses

    def signals(self, request: RequestLike) -> list:
        """Every named signal for this request, with its value and evidence (what `tactful signals` prints)."""
        from tactful.signals import all_signals

        parsed = request if isinstance(request, CheckRequest) else parse_request(request)
        reading = reading_for(parsed.draft, parsed.channel)
        judged = _judged(parsed, reading)
        ctx = CheckContext(request=judged, doc=next(iter(analyse_many([judged.draft]))), settings=self.settings,
                           given_draft=parsed.draft if reading.parts else None)
        return all_signals(ctx)

    def _context(self, request: CheckRequest, doc, scored: Optional[ScoredBatch], index: int,
                 original: CheckRequest, reading: EmailReading) -> CheckContext:
        explain = None
        probabilities: dict[str, float] = scored.probabilities[index] if scored is not None else {}
        if scored is not None:
            explained: dict[str, list[str]] = {}

            def explain(category: str) -> list[str]:
                if category not in explained:
                    explained[category] = scored.explain(index, category)
                return explained[category]

        return CheckContext(request=request, doc=doc, probabilities=probabilities, explain=explain,
                            settings=self.settings, given_draft=original.draft if reading.parts else None)

    def _check_one(self, ctx: CheckContext, original: CheckRequest, reading: EmailReading) -> dict[str, Any]:
        request = ctx.request
        results = self.ruleset.run(ctx)
        dilution = phrase_weight(reading, original.channel)
        in_draft = self._read_in_draft if original.history else self._read_in_draft | self._read_in_draft_cold
        weighed = [rule_id for rule_id in results if rule_id in in_draft] if dilution < 1.0 else []
        fired = [Fired(rule_id, rule.category, rule.severity,
                       rule.score * (dilution if rule_id in weighed else 1.0))
                 for rule_id, rule in ((rule_id, self.ruleset.by_id[rule_id]) for rule_id in results)]
        verdict = score(fired, self.config.thresholds)
        warnings = []
        for rule_id, hits in results.items():
            rule = self.ruleset.by_id[rule_id]
            for hit in hits:
                warnings.append(_warning(rule, hit, original.draft, verdict.severities[rule_id]))
        warnings.sort(key=warning_order)
        response = {
            "id": request.id,
            "verdict": verdict.verdict,
            "score": verdict.score,
            "flags": verdict.flags,
            "categories": verdict.categories,
            "warnings": warnings,
        }
        if reading.parts:  # optional field: what was not judged as the author's words
            response["set_aside"] = reading.summary()
        if weighed:  # optional field: phrase rules that fired and counted for less in a long email
            response["phrase_weight"] = {"factor": round(dilution, 4), "own_words": word_count(reading.own_text),
                                         "full_weight_words": DENSE_WORDS, "rules": weighed}
        engine_warnings = [{"source": rule_id, "kind": "rule_failed",
                            "message": f"the rule raised {error} on this draft and was skipped"}
                           for rule_id, error in ctx.failures]
        if engine_warnings:
            response["engine_warnings"] = engine_warnings
        return response


# Rule kinds that match phrases of the draft: their points are diluted in a long email (`phrase_weight`).
PHRASE_KINDS = frozenset({"regex", "phrase"})


def reads_draft_only(rule: Rule) -> bool:
    """A rule whose evidence is in the draft alone: it matches phrases (regex, phrase), or composes signals
    of the draft (and the calendar) only, not of the conversation or the classifier. (Signals under
    `none` only excuse, so they do not count.)"""
    if rule.kind in PHRASE_KINDS:
        return True
    return rule.kind == "meta" and all(name.startswith(("draft.", "moment.")) for name in _required_signals(rule.when))


def _required_signals(when: Any) -> list[str]:
    if isinstance(when, str):
        return [when.split()[0]]
    if isinstance(when, dict):
        return [name for key, value in when.items() if key != "none" for name in _required_signals(value)]
    if isinstance(when, (list, tuple)):
        return [name for value in when for name in _required_signals(value)]
    return []


def _warning(rule: Rule, hit: Hit, draft: str, severity: str) -> dict[str, Any]:
    span = None
    if hit.start is not None and hit.end is not None:
        span = {"start": hit.start, "end": hit.end, "text": draft[hit.start:hit.end]}
    return {
        "rule": rule.id,
        "category": rule.category,
        "severity": severity,
        "message": rule.message,
        "span": span,
        "suggestion": rule.suggestion,
        "evidence": hit.evidence,
    }


def _apply_overrides(rule: Rule, config: Config) -> Rule:
    changes = {}
    if rule.id in config.severity:
        changes["severity"] = config.severity[rule.id]
    if rule.id in config.score:
        changes["score"] = config.score[rule.id]
    return dataclasses.replace(rule, **changes) if changes else rule


def _load_classifier(models_dir: Optional[Path]):
    try:
        from tactful.model.classifier import Classifier
    except ImportError:  # the model package is optional while it is being built
        return None
    try:
        return Classifier.load(models_dir)
    except ModelError:
        raise
    except Exception as exc:
        raise ModelError(f"the classifier did not load: {exc}; run with --no-model for rules only") from None


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    return Engine.load()


def check(request: RequestLike) -> dict[str, Any]:
    """Check one draft with the default engine (rule packs + nearest tactful.toml + model)."""
    return default_engine().check(request)


def _judged(request: CheckRequest, reading: EmailReading) -> CheckRequest:
    """The request as the rules and signals judge it: an email's draft is the author's own text."""
    return request.model_copy(update={"draft": reading.own_text}) if reading.parts else request


def _load_signal_model(models_dir: Optional[Path]):
    from tactful.signals.model import ARRAYS_FILE, load_signal_model

    if models_dir is not None and (Path(models_dir) / ARRAYS_FILE).is_file():
        return load_signal_model(str(models_dir))
    return load_signal_model()
