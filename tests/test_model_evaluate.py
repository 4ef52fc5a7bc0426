"""`tactful eval`: per-category scores, false positives on clean, confusion, rule hit frequencies."""
from __future__ import annotations

import json

import pytest

from tactful.model.evaluate import Labelled, evaluate, main, model_only, noisy_rules, read_labelled
from tactful.request import parse_request

LINES = [
    {"draft": "Thanks for following! Grab my free guide at linktr.ee/jess", "labels": ["boilerplate"]},
    {"draft": "Last chance!!! 50% off ends TONIGHT, buy now", "labels": ["hard_sell"]},
    {"draft": "Last chance: our spring sale ends tonight, in case it helps", "labels": [], "allow": ["hard_sell"]},
    {"draft": "See you Thursday at 3, thanks!", "labels": []},
    {"request": {"draft": "Congrats on the new role!"}, "expect": [], "allow": []},
]


def keyword_checker(requests):
    """A stand-in engine: flags by keyword and names the rule that fired, like the real one."""
    responses = []
    for request in requests:
        text = request.draft.lower()
        flags, warnings = [], []
        if "follow" in text:
            flags.append("boilerplate")
            warnings.append({"rule": "boilerplate.follow-thanks", "category": "boilerplate", "severity": "warning"})
        if "last chance" in text:
            flags.append("hard_sell")
            warnings.append({"rule": "hard_sell.last-chance", "category": "hard_sell", "severity": "warning"})
        if "thanks" in text:
            warnings.append({"rule": "boilerplate.thanks", "category": "boilerplate", "severity": "info"})
        responses.append({"id": request.id, "flags": flags, "warnings": warnings})
    return responses


@pytest.fixture
def labelled_file(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES) + "\n", encoding="utf-8")
    return path


def test_both_labelled_shapes_are_read(labelled_file):
    items = read_labelled(labelled_file)
    assert [sorted(i.labels) for i in items] == [["boilerplate"], ["hard_sell"], [], [], []]
    assert items[2].allow == {"hard_sell"}
    assert items[4].request.draft == "Congrats on the new role!"


def test_allowed_flag_on_a_clean_example_is_not_a_false_positive(labelled_file):
    report = evaluate(read_labelled(labelled_file), keyword_checker)
    assert report["clean"] == 3 and report["clean_flagged"] == 0
    assert report["categories"]["hard_sell"] == {"support": 1, "tp": 1, "fp": 0, "fn": 0,
                                                 "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report["catch_rate"] == 1.0
    assert report["confusion"]["clean"]["hard_sell"] == 1 and report["confusion"]["clean"]["none"] == 2


def test_rule_firing_on_more_than_one_percent_of_clean_is_noisy(labelled_file):
    report = evaluate(read_labelled(labelled_file), keyword_checker, rule_ids=["out_of_step.never-fires"])
    rules = report["rules"]
    assert rules["boilerplate.thanks"]["clean_hits"] == 1 and rules["boilerplate.thanks"]["noisy"]
    assert rules["hard_sell.last-chance"]["clean_hits"] == 1  # the allowed one still counts as a hit
    assert rules["out_of_step.never-fires"] == {"clean_hits": 0, "clean_rate": 0.0, "labelled_hits": 0,
                                                "labelled_rate": 0.0, "s_o": None, "noisy": False}
    assert "boilerplate.follow-thanks" not in noisy_rules(report)
    quiet = evaluate(read_labelled(labelled_file), keyword_checker, min_severity="warning")
    assert "boilerplate.thanks" not in quiet["rules"]


def test_fail_on_noisy_sets_exit_status(labelled_file, capsys):
    assert main([str(labelled_file)], check_many=keyword_checker) == 0
    assert main([str(labelled_file), "--fail-on-noisy"], check_many=keyword_checker) == 1
    assert "noisy rules" in capsys.readouterr().err
    assert main([str(labelled_file), "--fail-on-noisy", "--min-severity", "error"], check_many=keyword_checker) == 0


def test_bad_line_is_an_input_error_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"draft": "fine", "labels": []}\n{"draft": "x", "labels": ["spam"]}\n', encoding="utf-8")
    assert main([str(path)], check_many=keyword_checker) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err


def test_json_report_is_machine_readable(labelled_file, capsys):
    main([str(labelled_file), "--format", "json"], check_many=keyword_checker)
    report = json.loads(capsys.readouterr().out)[str(labelled_file)]
    assert report["examples"] == 5


def test_model_only_checker_flags_at_the_trained_thresholds():
    class Fixed:
        categories = ("boilerplate", "hard_sell")
        thresholds = {"boilerplate": 0.8, "hard_sell": 0.6}

        def predict(self, requests):
            return [{"boilerplate": 0.9, "hard_sell": 0.5} for _ in requests]

    response = model_only(Fixed())([parse_request({"draft": "hi"})])[0]
    assert response["flags"] == ["boilerplate"]
    assert [w["rule"] for w in response["warnings"]] == ["model.boilerplate"]


def test_evaluate_accepts_items_built_in_code():
    items = [Labelled(parse_request({"draft": "Follow me back"}), frozenset({"boilerplate"}), frozenset(), "x:1")]
    assert evaluate(items, keyword_checker)["categories"]["boilerplate"]["recall"] == 1.0


def test_pool_scores_several_files_as_one_set(labelled_file, tmp_path, capsys):
    other = tmp_path / "more.jsonl"
    other.write_text(json.dumps({"draft": "Lovely to meet you today", "labels": []}) + "\n", encoding="utf-8")
    main([str(labelled_file), str(other), "--pool", "--format", "json"], check_many=keyword_checker)
    (report,) = json.loads(capsys.readouterr().out).values()
    assert report["examples"] == 6 and report["clean"] == 4
