"""Every rule's own examples: each `flag` example fires the rule, each `pass` example does not.

One parametrised test runs them all, as Vale and textlint do; a rule without
examples cannot load (see tactful.rulepack).
"""
from __future__ import annotations

import pytest

from tactful.rulepack import load_packs

BASE_TIME = "2026-04-15T14:00:00Z"


def _cases():
    for rule in load_packs():
        if rule.kind in ("classifier", "batch"):
            continue  # model examples depend on training (tests/test_model*.py); batch ones run below
        for bucket in ("flag", "pass"):
            for index, example in enumerate(rule.examples[bucket]):
                yield pytest.param(rule.id, bucket, example, id=f"{rule.id}-{bucket}-{index}")


def _request(example) -> dict:
    if isinstance(example, str):
        return {"draft": example, "send_at": BASE_TIME}
    return {"send_at": BASE_TIME, **example}


@pytest.mark.parametrize("rule_id,bucket,example", list(_cases()))
def test_rule_example(engine, rule_id, bucket, example):
    response = engine.check(_request(example))
    fired = {w["rule"] for w in response["warnings"]}
    if bucket == "flag":
        assert rule_id in fired, f"{rule_id} should fire on: {example!r}"
    else:
        assert rule_id not in fired, f"{rule_id} should stay quiet on: {example!r}"


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
