"""out_of_step on the hand-written corpus: recall on labelled cases, false positives on clean ones.

Like SpamAssassin's mass-check: the rules must catch the out-of-step drafts and
almost never flag a genuine reply. Run as a script to print the numbers:

    python tests/test_out_of_step_corpus.py
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "models" / "corpus"
FIELDS = ("id", "draft", "channel", "send_at", "recipient", "history")


def _load(name: str) -> list[dict]:
    path = CORPUS / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []


def corpus_cases() -> tuple[list[dict], list[dict]]:
    """(out-of-step cases, genuine cases) from every corpus file that has them."""
    positives, negatives = [], []
    for name in sorted(p.name for p in CORPUS.glob("*.jsonl")):
        for case in _load(name):
            if "out_of_step" in case.get("labels", []):
                positives.append(case)
            elif "out_of_step" not in case.get("allow", []):
                negatives.append(case)
    return positives, negatives


def measure(engine) -> dict:
    positives, negatives = corpus_cases()
    missed = Counter()
    for case in positives:
        if "out_of_step" not in engine.check({k: case[k] for k in FIELDS if k in case})["flags"]:
            missed[case.get("situation", "?")] += 1
    false_positives = [case["id"] for case in negatives
                       if "out_of_step" in engine.check({k: case[k] for k in FIELDS if k in case})["flags"]]
    return {
        "recall": 1 - sum(missed.values()) / max(1, len(positives)),
        "fp_rate": len(false_positives) / max(1, len(negatives)),
        "positives": len(positives), "negatives": len(negatives),
        "missed_by_situation": dict(missed), "false_positives": false_positives,
    }


@pytest.mark.skipif(not (CORPUS / "out_of_step.jsonl").exists(), reason="no out_of_step corpus")
def test_corpus_recall_is_high_and_false_positives_rare(engine):
    result = measure(engine)
    assert result["recall"] >= 0.85, result
    assert result["fp_rate"] <= 0.01, result


if __name__ == "__main__":
    from tactful.engine import Engine

    print(json.dumps(measure(Engine.load(use_model=False)), indent=1))
