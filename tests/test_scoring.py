"""Scoring: points per category against thresholds, flags, verdicts and reported severities."""
from __future__ import annotations

from tactful.scoring import Fired, Thresholds, score


def test_points_add_up_per_category_and_flag_at_the_threshold():
    verdict = score([Fired("hard_sell.a", "hard_sell", "info", 2.5), Fired("hard_sell.b", "hard_sell", "warning", 2.5),
                     Fired("boilerplate.c", "boilerplate", "warning", 3)], Thresholds())
    assert verdict.flags == ["hard_sell"]
    assert verdict.categories["hard_sell"] == 0.5
    assert verdict.score == 8.0
    assert verdict.verdict == "review"


def test_hints_below_the_threshold_are_reported_as_info():
    verdict = score([Fired("boilerplate.c", "boilerplate", "error", 3)], Thresholds())
    assert verdict.flags == [] and verdict.verdict == "pass"
    assert verdict.severities["boilerplate.c"] == "info"


def test_a_flag_made_of_hints_alone_is_explained_by_a_warning():
    verdict = score([Fired("boilerplate.a", "boilerplate", "info", 3), Fired("boilerplate.b", "boilerplate", "info", 2)],
                    Thresholds())
    assert verdict.flags == ["boilerplate"]
    assert verdict.severities == {"boilerplate.a": "warning", "boilerplate.b": "info"}


def test_error_rule_in_a_flagged_category_blocks():
    verdict = score([Fired("boilerplate.merge", "boilerplate", "error", 8)], Thresholds())
    assert verdict.verdict == "block"


def test_many_points_block_even_without_errors():
    verdict = score([Fired("hard_sell.a", "hard_sell", "warning", 5), Fired("hard_sell.b", "hard_sell", "warning", 5)],
                    Thresholds())
    assert verdict.verdict == "block"


def test_no_findings_is_a_clean_pass():
    verdict = score([], Thresholds())
    assert (verdict.verdict, verdict.flags, verdict.score) == ("pass", [], 0.0)
    assert set(verdict.categories.values()) == {0.0}
