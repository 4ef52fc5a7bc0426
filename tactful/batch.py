"""Mass blasts: near-identical drafts to different recipients within one batch.

One draft alone cannot show that it is going to forty people; a batch can. Each
draft whose text (minus the recipient's own name, handle and company, which a
merge field fills in) nearly matches the drafts to at least `min_recipients`
different recipients gets a `boilerplate.mass-blast` warning, with the evidence
"the same text goes to 8 recipients in this batch".

`add_mass_blast_warnings` is a pure function over (requests, responses): it
returns new responses and re-scores them with `tactful.scoring`, so the warning
counts like any rule (6 points in `boilerplate`, where 5 flag) and `flags`,
`verdict`, `score`, `categories` and every warning's severity stay consistent.
The rule's text and numbers come from the `boilerplate.mass-blast` entry of the
rule packs when there is one (so `tactful.toml` can disable it or change its
score), else from the defaults below.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from tactful.nlp.reading import word_set
from tactful.request import CheckRequest, parse_request
from tactful.rulepack import Rule
from tactful.scoring import Fired, Thresholds, counted_points, score, warning_order

if TYPE_CHECKING:
    from tactful.engine import Engine

MASS_BLAST_RULE_ID = "boilerplate.mass-blast"
# Channels that go to one person or thread. A `post` is public by design: the
# same post scheduled on three accounts is cross-posting, not a blast.
ONE_TO_ONE_CHANNELS = frozenset({"dm", "reply", "comment", "email", "sms"})


@dataclass(frozen=True)
class MassBlast:
    """The mass-blast rule: its report fields and its detection parameters."""

    id: str = MASS_BLAST_RULE_ID
    category: str = "boilerplate"
    severity: str = "warning"
    score: float = 6.0
    message: str = "Near-identical text goes to several recipients in this batch: a mass blast."
    suggestion: str = "Write each message for its reader, or post once in public instead of sending copies."
    # Distinct recipients that must get the same text before it counts as a blast.
    min_recipients: int = 3
    # Jaccard overlap of the two drafts' word sets (after removing each recipient's own name).
    min_similarity: float = 0.8
    # Shorter drafts ("Thank you so much!") are too short to call a template.
    min_words: int = 5
    # Whether a draft with no recipient name or handle counts as going to someone new.
    count_unnamed_recipients: bool = True

    @classmethod
    def for_engine(cls, engine: "Engine") -> Optional["MassBlast"]:
        """The rule as the engine's packs and config define it, or None when it is disabled."""
        rule = engine.ruleset.by_id.get(MASS_BLAST_RULE_ID)
        if rule is None:
            if MASS_BLAST_RULE_ID in engine.config.disabled or engine.rule(MASS_BLAST_RULE_ID) is not None:
                return None
            return cls()
        params = {**rule.params, **(rule.params.get("params") or {})}
        numbers = {key: type(getattr(cls, key))(params[key])
                   for key in ("min_recipients", "min_similarity", "min_words") if key in params}
        return replace(cls(), category=rule.category, severity=rule.severity, score=rule.score,
                       message=rule.message, suggestion=rule.suggestion, **numbers)


RequestLike = Union[CheckRequest, dict]


def check_batch(engine: "Engine", requests: Sequence[RequestLike]) -> list[dict[str, Any]]:
    """`engine.check_many` plus mass-blast warnings: what `POST /v1/check/batch` returns."""
    parsed = [_as_request(request) for request in requests]
    responses = engine.check_many(parsed)
    blast = MassBlast.for_engine(engine)
    if blast is None:
        return responses
    return add_mass_blast_warnings(parsed, responses, engine.ruleset.by_id, engine.config.thresholds, blast)


def add_mass_blast_warnings(requests: Sequence[RequestLike], responses: Sequence[dict[str, Any]],
                            rules: Mapping[str, Rule], thresholds: Thresholds,
                            blast: MassBlast = MassBlast()) -> list[dict[str, Any]]:
    """New responses with a mass-blast warning on each draft of a blast, re-scored.

    `rules` maps every rule id that can appear in `responses` to its Rule (the
    engine's `ruleset.by_id`); its points and severities re-create the score.
    Responses carrying an `"error"` are passed through untouched.
    """
    if len(requests) != len(responses):
        raise ValueError(f"{len(requests)} requests but {len(responses)} responses")
    parsed = [_as_request(request) for request in requests]
    usable = [i for i, response in enumerate(responses) if "error" not in response]
    blasts = find_mass_blasts([parsed[i] for i in usable], blast)
    out = list(responses)
    for position, recipients in blasts.items():
        index = usable[position]
        out[index] = _with_blast_warning(responses[index], recipients, rules, thresholds, blast)
    return out


def find_mass_blasts(requests: Sequence[CheckRequest], blast: MassBlast = MassBlast()) -> dict[int, int]:
    """Index of each request that belongs to a blast -> how many distinct recipients its text goes to."""
    keyed: dict[frozenset[str], list[int]] = {}
    for index, request in enumerate(requests):
        if request.channel not in ONE_TO_ONE_CHANNELS:
            continue
        if not blast.count_unnamed_recipients and _recipient_key(request, index)[0] == "unknown":
            continue
        words = fingerprint(request)
        if len(words) >= blast.min_words:
            keyed.setdefault(words, []).append(index)
    sets = list(keyed)
    groups = _similar_groups(sets, blast.min_similarity)
    result: dict[int, int] = {}
    for group in groups:
        members = [index for set_index in group for index in keyed[sets[set_index]]]
        recipients = {_recipient_key(requests[index], index) for index in members}
        if len(recipients) >= blast.min_recipients:
            for index in members:
                result[index] = len(recipients)
    return result


def fingerprint(request: CheckRequest) -> frozenset[str]:
    """The draft's words, lower-cased, without the words that name this recipient."""
    recipient = request.recipient
    personal = set().union(*(word_set(value) for value in (recipient.name, recipient.handle, recipient.company)
                             if value))
    return frozenset(word_set(request.draft) - personal)


def _recipient_key(request: CheckRequest, index: int) -> tuple[str, Any]:
    recipient = request.recipient
    if recipient.handle and recipient.handle.strip().lstrip("@"):
        return ("handle", recipient.handle.strip().lstrip("@").lower())
    if recipient.name and recipient.name.strip():
        return ("name", " ".join(recipient.name.lower().split()))
    # No recipient given: each draft counts as going to someone different (a queue of
    # identical DMs is a blast whoever receives them).
    return ("unknown", index)


# Members of one group compared per shared word: near-identical drafts all share their words,
# and comparing each new draft with every earlier one made 20,000 drafts take two minutes.
GROUP_SAMPLE = 8
# Groups remembered per word (the most recent): bounds the work when many different drafts share
# a word that is rare enough to be in their prefix.
MAX_GROUPS_PER_WORD = 64


def _similar_groups(sets: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Connected groups of sets whose Jaccard similarity reaches `threshold`.

    Set-similarity join with prefix filtering (AllPairs): order each set's words
    rarest first; two sets with Jaccard >= t must share a word among the first
    |x| - ceil(t|x|) + 1 of each, so only those pairs are compared. The index
    keeps, per word and per group, at most GROUP_SAMPLE members: a set joins a
    group when it is similar to one of them, so a queue of n near-identical drafts
    costs O(n) comparisons instead of n^2 / 2 (only connected groups are wanted,
    not every similar pair). With at most MAX_GROUPS_PER_WORD groups per word, the
    join is linear in the number of drafts; the price is that a draft may miss a
    group last seen more than that many groups ago under each of its prefix words.
    """
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    frequency: dict[str, int] = {}
    for words in sets:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    # word -> {group root when the member was added -> up to GROUP_SAMPLE members}
    index: dict[str, dict[int, list[int]]] = {}
    for i in order:
        words = sets[i]
        size = len(words)
        prefix = sorted(words, key=lambda w: (frequency[w], w))[: size - math.ceil(threshold * size - 1e-9) + 1]
        tried: set[int] = set()
        for word in prefix:
            for members in index.get(word, {}).values():
                root = find(members[0])
                if root == find(i) or root in tried:
                    continue  # joined already, or its samples were compared through another word
                tried.add(root)
                for j in members:
                    # Sets come in ascending size; Jaccard >= t needs |smaller| >= t * |larger|.
                    if len(sets[j]) < threshold * size - 1e-9:
                        continue
                    overlap = len(words & sets[j])
                    if overlap / (size + len(sets[j]) - overlap) >= threshold - 1e-9:
                        parent[find(i)] = root
                        break
        root = find(i)
        for word in prefix:
            groups_here = index.setdefault(word, {})
            samples = groups_here.get(root)
            if samples is None:
                if len(groups_here) >= MAX_GROUPS_PER_WORD:
                    del groups_here[next(iter(groups_here))]  # forget the oldest group under this word
                samples = groups_here[root] = []
            if len(samples) < GROUP_SAMPLE:
                samples.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(sets)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _with_blast_warning(response: dict[str, Any], recipients: int, rules: Mapping[str, Rule],
                        thresholds: Thresholds, blast: MassBlast) -> dict[str, Any]:
    warnings = [dict(warning) for warning in response["warnings"]]
    if any(warning["rule"] == blast.id for warning in warnings):
        return response  # already marked (the function was applied twice)
    fired = []
    for rule_id in dict.fromkeys(warning["rule"] for warning in warnings):
        rule = rules.get(rule_id)
        if rule is None:
            raise KeyError(f"rule {rule_id!r} is in a response but not in the rules given")
        fired.append(Fired(rule.id, rule.category, rule.severity, counted_points(rule.id, rule.score, response)))
    fired.append(Fired(blast.id, blast.category, blast.severity, blast.score))
    verdict = score(fired, thresholds)
    for warning in warnings:
        warning["severity"] = verdict.severities[warning["rule"]]
    warnings.append({
        "rule": blast.id,
        "category": blast.category,
        "severity": verdict.severities[blast.id],
        "message": blast.message,
        "span": None,
        "suggestion": blast.suggestion,
        "evidence": f"the same text goes to {recipients} recipients in this batch",
    })
    warnings.sort(key=warning_order)
    return {**response, "verdict": verdict.verdict, "score": verdict.score, "flags": verdict.flags,
            "categories": verdict.categories, "warnings": warnings}


def _as_request(request: RequestLike) -> CheckRequest:
    return request if isinstance(request, CheckRequest) else parse_request(request)


def mass_blast_count(responses: Iterable[dict[str, Any]]) -> int:
    """How many responses carry the mass-blast warning (for metrics)."""
    return sum(1 for response in responses
               if any(warning["rule"] == MASS_BLAST_RULE_ID for warning in response.get("warnings", ())))
