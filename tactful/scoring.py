"""Sum rule points per category into scores, flags and a verdict.

Like SpamAssassin: every rule that fires adds its points once to its category;
a category is flagged when its points reach the threshold. The [0, 1] category
score is `1 - 0.5 ** (points / threshold)`: 0 with no points, exactly 0.5 at
the threshold, approaching 1 as evidence piles up.

Rules that fire in a category that stays below its threshold are reported as
`info`: hints that explain the score, not findings to act on. So a genuine
draft with one weak hit passes `--fail-on warning`. Every flag is explained by
at least one warning: when only `info` rules add up to a flag, the strongest of
them is reported as a `warning`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tactful import CATEGORIES

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Thresholds:
    flag: dict[str, float] = field(default_factory=lambda: {c: 5.0 for c in CATEGORIES})
    # Points in one category at which a flagged draft is blocked rather than sent for review.
    block: float = 10.0


@dataclass
class Fired:
    rule_id: str
    category: str
    severity: str
    points: float


@dataclass
class Verdict:
    verdict: str
    score: float
    flags: list[str]
    categories: dict[str, float]
    severities: dict[str, str]  # rule id -> severity as reported


def warning_order(warning: dict) -> tuple:
    """How warnings are listed: most severe first, then by category, then by position (whole-draft first)."""
    span = warning["span"]
    return (-SEVERITY_RANK[warning["severity"]], CATEGORIES.index(warning["category"]),
            span["start"] if span else -1)


def score(fired: list[Fired], thresholds: Thresholds) -> Verdict:
    points = {category: 0.0 for category in CATEGORIES}
    for rule in fired:
        points[rule.category] += rule.points
    flags = [c for c in CATEGORIES if points[c] >= thresholds.flag[c] and points[c] > 0]
    categories = {c: round(1.0 - 0.5 ** (points[c] / thresholds.flag[c]), 3) for c in CATEGORIES}
    severities = {r.rule_id: (r.severity if r.category in flags else "info") for r in fired}
    for category in flags:  # a flag is always explained by at least one finding, never by hints alone
        in_category = [r for r in fired if r.category == category]
        if all(SEVERITY_RANK[severities[r.rule_id]] < SEVERITY_RANK["warning"] for r in in_category):
            strongest = max(in_category, key=lambda r: r.points)
            severities[strongest.rule_id] = "warning"
    blocked = any(points[c] >= thresholds.block for c in flags) or any(
        r.category in flags and r.severity == "error" and r.points > 0 for r in fired
    )
    verdict = "block" if blocked else ("review" if flags else "pass")
    return Verdict(verdict, round(sum(points.values()), 2), flags, categories, severities)


def counted_points(rule_id: str, points: float, response: dict) -> float:
    """A fired rule's points as the engine counted them for this response: scaled by the response's
    `phrase_weight` factor when the rule is listed there (a phrase rule in a long email), else as given.
    Re-scoring a response (after suppression, or with the mass-blast warning) must count the same way."""
    weight = response.get("phrase_weight")
    return points * weight["factor"] if weight and rule_id in weight["rules"] else points

