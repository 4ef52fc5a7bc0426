"""Rule QA, as SpamAssassin's hit-frequencies: no rule may fire on more than 1% of clean corpus examples."""
from __future__ import annotations

from pathlib import Path

from tactful.model.evaluate import main as eval_main

CORPUS = Path(__file__).resolve().parent.parent / "models" / "corpus"


def test_no_rule_is_noisy_on_the_repo_corpus(capsys):
    files = sorted(str(path) for path in CORPUS.glob("*.jsonl"))
    assert files, "the labelled corpus is missing"
    status = eval_main([*files, "--pool", "--fail-on-noisy"])
    report = capsys.readouterr().out
    assert status == 0, report
