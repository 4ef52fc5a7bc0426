"""Every rule's own examples: each `flag` example fires the rule, each `pass` example does not.

One parametrised test runs them all, as Vale and textlint do; a rule without
examples cannot load (see tactful.rulepack).
"""
from __future__ import annotations

import pytest

from tactful.rulepack import example_request, load_packs

BASE_TIME = "2026-04-15T14:00:00Z"


def _cases():
    for rule in load_packs():
        if rule.kind in ("classifier", "batch"):
            continue  # model examples depend on training (tests/test_model*.py); batch ones run below
        for bucket in ("flag", "pass"):
            for index, example in enumerate(rule.examples[bucket]):
                yield pytest.param(rule.id, bucket, example, id=f"{rule.id}-{bucket}-{index}")


def _request(example) -> dict:
    return {"send_at": BASE_TIME, **example_request(example)}


@pytest.mark.parametrize("rule_id,bucket,example", list(_cases()))
def test_rule_example(engine, rule_id, bucket, example):
    """A flag example fires the rule, on the words its `span` names when it names them; a pass example does not."""
    response = engine.check(_request(example))
    fired = {w["rule"] for w in response["warnings"]}
    if bucket == "flag":
        assert rule_id in fired, f"{rule_id} should fire on: {example!r}"
        if isinstance(example, dict) and "span" in example:
            marked = [w["span"]["text"] if w["span"] else None for w in response["warnings"] if w["rule"] == rule_id]
            assert example["span"] in marked, f"{rule_id} should mark {example['span']!r}, marked {marked}"
    else:
        assert rule_id not in fired, f"{rule_id} should stay quiet on: {example!r}"


def test_examples_assert_spans_for_most_rules_that_mark_words():
    """The span format is used: most rules of the kinds that mark words have examples naming the words."""
    marking = [rule for rule in load_packs() if rule.kind in ("phrase", "regex", "placeholder")]
    with_span = [rule for rule in marking
                 if any(isinstance(e, dict) and "span" in e for e in rule.examples["flag"])]
    assert len(with_span) >= 0.8 * len(marking), sorted(set(r.id for r in marking) - set(r.id for r in with_span))


@pytest.mark.parametrize("example,needle", [
    ({"draft": "Buy now!", "span": "Sell"}, "is not in its draft"),
    ({"draft": "Buy now!", "span": ""}, "the flagged words"),
])
def test_an_example_span_is_checked_at_load(tmp_path, example, needle):
    import json

    from tactful.errors import RulePackError

    (tmp_path / "hard_sell.yml").write_text(
        "category: hard_sell\nrules:\n  - {id: hard_sell.x, category: hard_sell, severity: warning, score: 1, "
        "message: m, why: w, suggestion: s, kind: regex, patterns: [buy now], "
        f"examples: {{flag: [{json.dumps(example)}], pass: [hello]}}}}\n")
    with pytest.raises(RulePackError, match=f"hard_sell.yml: rule hard_sell.x: .*{needle}"):
        load_packs(tmp_path)


def test_every_rule_has_flag_and_pass_examples():
    for rule in load_packs():
        assert rule.examples["flag"] and rule.examples["pass"], rule.id


def test_every_category_has_a_pack():
    categories = {rule.category for rule in load_packs()}
    assert categories == {"boilerplate", "hard_sell", "out_of_step"}


def _batch_cases():
    for rule in load_packs():
        if rule.kind == "batch":
            for bucket in ("flag", "pass"):
                for index, example in enumerate(rule.examples[bucket]):
                    yield pytest.param(rule, bucket, example, id=f"{rule.id}-{bucket}-{index}")


@pytest.mark.parametrize("rule,bucket,example", list(_batch_cases()))
def test_batch_rule_example(engine, rule, bucket, example):
    """Batch rules judge a queue: each example goes to `min_recipients` people with their own names."""
    from tactful.batch import check_batch

    names = ["Amara Okafor", "Jonas Weber", "Lucía Ortega", "Kenji Sato", "Priya Nair"]
    base = _request(example)
    requests = [{**base, "draft": base["draft"].replace("{name}", name.split()[0]), "recipient": {"name": name}}
                for name in names[: rule.params.get("min_recipients", 3)]]
    fired = [{w["rule"] for w in response["warnings"]} for response in check_batch(engine, requests)]
    if bucket == "flag":
        assert all(rule.id in f for f in fired), f"{rule.id} should fire on every copy of: {example!r}"
    else:
        assert not any(rule.id in f for f in fired), f"{rule.id} should stay quiet on: {example!r}"


def _classifier_cases():
    for rule in load_packs():
        if rule.kind == "classifier":
            for bucket in ("flag", "pass"):
                for index, example in enumerate(rule.examples[bucket]):
                    yield pytest.param(rule.id, bucket, example, id=f"{rule.id}-{bucket}-{index}")


@pytest.mark.parametrize("rule_id,bucket,example", list(_classifier_cases()))
def test_classifier_band_example(full_engine, rule_id, bucket, example):
    """The shipped model puts each band's examples inside (flag) or outside (pass) the band."""
    response = full_engine.check(_request(example))
    fired = {w["rule"] for w in response["warnings"]}
    assert (rule_id in fired) == (bucket == "flag"), f"{rule_id} {bucket}: {example!r}"
