"""Rule packs that do not load fail with one clear error naming the file and the rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from tactful.errors import RulePackError
from tactful.matchers import RuleSet
from tactful.rulepack import load_packs
from tactful.nlp.regex_safety import unsafe_reason

GOOD_RULE = """
  - id: hard_sell.test-rule
    category: hard_sell
    severity: warning
    score: 3
    message: m
    why: w
    suggestion: s
    kind: regex
    patterns: ["buy now"]
    examples: {flag: ["buy now"], pass: ["hello"]}
"""


def pack(tmp_path: Path, body: str) -> Path:
    (tmp_path / "hard_sell.yml").write_text("category: hard_sell\nrules:\n" + body)
    return tmp_path


def load_and_compile(directory: Path):
    return RuleSet(load_packs(directory))


def test_good_pack_loads(tmp_path):
    assert [r.id for r in load_and_compile(pack(tmp_path, GOOD_RULE)).rules] == ["hard_sell.test-rule"]


@pytest.mark.parametrize("change,needle", [
    (("kind: regex", "kind: vibes"), "unknown kind 'vibes'"),
    (("    message: m\n", ""), "missing field 'message'"),
    (('patterns: ["buy now"]', 'patterns: ["buy (now"]'), "does not compile"),
    (('patterns: ["buy now"]', 'patterns: ["(a+)+$"]'), "catastrophic backtracking"),
    (('patterns: ["buy now"]', 'patterns: ["buy.*now"]'), "unbounded"),
    (("severity: warning", "severity: loud"), "severity must be one of"),
    (("category: hard_sell\n    severity", "category: boilerplate\n    severity"), "does not belong"),
    (('examples: {flag: ["buy now"], pass: ["hello"]}', 'examples: {flag: ["buy now"]}'), "at least one"),
    (("score: 3", "score: lots"), "score must be a non-negative number"),
    (("    kind: regex", "    colour: red\n    kind: regex"), "unknown field 'colour'"),
])
def test_broken_rule_names_file_and_rule(tmp_path, change, needle):
    old, new = change
    directory = pack(tmp_path, GOOD_RULE.replace(old, new, 1))
    with pytest.raises(RulePackError) as caught:
        load_and_compile(directory)
    message = str(caught.value)
    assert message.startswith("hard_sell.yml: ")
    assert needle in message
    assert "\n" not in message


def test_invalid_yaml_names_the_line(tmp_path):
    directory = pack(tmp_path, GOOD_RULE + "  - id: [unclosed\n")
    with pytest.raises(RulePackError, match=r"hard_sell.yml: line \d+ is not valid YAML"):
        load_packs(directory)


def test_duplicate_rule_ids_are_refused(tmp_path):
    with pytest.raises(RulePackError, match="id already used"):
        (tmp_path / "other.yml").write_text("category: hard_sell\nrules:\n" + GOOD_RULE)
        load_packs(pack(tmp_path, GOOD_RULE))


def test_every_shipped_regex_is_safe():
    for rule in load_packs():
        for pattern in rule.params.get("patterns", []) if rule.kind == "regex" else []:
            assert unsafe_reason(pattern) is None, (rule.id, pattern)


def test_urls_handles_and_quotes_do_not_trigger_phrase_rules(engine):
    quoting = {"draft": "> Hurry, 50% off today only!\nHa, that spam again. Want to grab lunch?"}
    assert engine.check(quoting)["flags"] == []
    url = {"draft": "The recipe is at bakes.example/act-now-bread-today-only, enjoy"}
    assert not [w for w in engine.check(url)["warnings"] if w["rule"].startswith("hard_sell.countdown")]
    history_quote = {"draft": "You said \"why haven't you bought yet\" was the worst line you'd seen, agreed!",
                     "history": [{"from": "them", "text": "Got an email today: why haven't you bought yet. Ugh."}]}
    assert engine.check(history_quote)["flags"] == []


def test_formerly_may_not_name_a_rule_that_still_exists(tmp_path):
    second = GOOD_RULE.replace("hard_sell.test-rule", "hard_sell.other-rule").replace(
        "    kind: regex", "    formerly: [hard_sell.test-rule]\n    kind: regex")
    with pytest.raises(RulePackError, match="'formerly' names 'hard_sell.test-rule', which is still a rule"):
        load_packs(pack(tmp_path, GOOD_RULE + second))


def test_formerly_must_be_rule_ids(tmp_path):
    bad = GOOD_RULE.replace("    kind: regex", "    formerly: old-name\n    kind: regex")
    with pytest.raises(RulePackError, match="rule hard_sell.test-rule: 'formerly' must be a list of rule ids"):
        load_packs(pack(tmp_path, bad))
