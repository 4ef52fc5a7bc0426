"""What a stored report teaches the classifier, if anything.

The classifier models boilerplate and hard_sell (out_of_step is left to the
history rules), so a report is learnable when its text was stored and it says
something about one of those two:

- `missed` boilerplate/hard_sell: a positive for that category;
- `confirmed` with boilerplate/hard_sell flagged: a positive for what was flagged;
- `confirmed` with nothing flagged: a negative (a person says it is genuine);
- `false_positive`: a negative for the rule's category; other categories that
  were flagged are left out of it (`allow`), since nobody said they were wrong.

When one draft was reported several times, its latest report counts.
"""
from __future__ import annotations

from typing import Any, Optional

from tactful import CATEGORIES

# As in tactful.model.train.MODELLED_CATEGORIES (not imported: it pulls numpy into `tactful feedback`).
MODELLED = ("boilerplate", "hard_sell")
POSITIVE, NEGATIVE = "positive", "negative"


def teaches(row: dict[str, Any]) -> Optional[tuple[str, frozenset[str], frozenset[str]]]:
    """(kind, labels, allow) for a stored report, or None when it teaches the classifier nothing."""
    if not row.get("request"):
        return None
    flags = frozenset(row.get("flags") or [])
    verdict = row["verdict"]
    if verdict == "missed":
        if row["category"] not in MODELLED:
            return None
        labels = frozenset({row["category"]})
        return POSITIVE, labels, flags - labels
    if verdict == "confirmed":
        if flags & set(MODELLED):
            return POSITIVE, flags, frozenset()
        return (NEGATIVE, frozenset(), frozenset()) if not flags else None
    wrong = (row.get("rule") or "").split(".")[0]
    if wrong not in CATEGORIES:
        return None
    allow = flags - {wrong}
    if set(MODELLED) <= allow:
        return None
    return NEGATIVE, frozenset(), allow


def learnable(rows) -> dict[str, tuple[dict[str, Any], frozenset[str], frozenset[str]]]:
    """draft hash -> (row, labels, allow) of the latest learnable report of each draft."""
    latest: dict[str, Any] = {}
    for row in rows:
        latest[row["draft_sha256"]] = row
    result = {}
    for digest, row in latest.items():
        taught = teaches(row)
        if taught is not None:
            result[digest] = (row, taught[1], taught[2])
    return result


def kind_of(labels: frozenset[str]) -> str:
    return POSITIVE if labels else NEGATIVE
