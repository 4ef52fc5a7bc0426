"""The regex prefilter only skips regexes that cannot match: never a finding lost."""
from __future__ import annotations

import re

import pytest

from tactful.nlp.regex_prefilter import CASE_TRAPS_RE, LiteralIndex, RegexPrefilter, may_match, required_literals
from tactful.rulepack import load_packs


def test_required_literals_of_a_sequence_and_a_branch():
    groups = required_literals(r"\bact (?:now|fast|quickly|today)\b", re.IGNORECASE)
    assert frozenset({"act "}) in groups
    assert frozenset({"now", "fast", "quickly", "today"}) in groups


def test_optional_parts_and_short_literals_require_nothing():
    assert required_literals(r"\b(?:buy now)?\d+%", 0) == ()
    assert required_literals(r"\b3\W{0,5}2\W{0,5}1\b", 0) == ()
    # An alternative with no literal makes the whole branch optional as a requirement.
    assert required_literals(r"(?:sale|\d+) ends", re.IGNORECASE) == (frozenset({" ends"}),)


def test_zero_width_assertions_do_not_break_a_literal_run():
    assert required_literals(r"(?<!no )\bhurry\b", re.IGNORECASE) == (frozenset({"hurry"}),)


def test_literal_index_finds_every_literal_present():
    index = LiteralIndex(frozenset({"act ", "now", "get it", "get ", "oday"}))
    assert index.present("just get it now, today") == {"get it", "get ", "now", "oday"}
    assert index.present("nothing here") == frozenset()


def test_case_traps_turn_the_prefilter_off():
    compiled = re.compile(r"\bbuy now\b", re.IGNORECASE)
    prefilter = RegexPrefilter({"r": [(compiled, required_literals(compiled.pattern, compiled.flags))]})
    assert prefilter.candidates("nothing to see", "nothing to see") == {}
    assert prefilter.candidates("BUY NOW", "buy now") == {"r": [0]}
    # "ſ" (long s) matches "s" under IGNORECASE but lower() keeps it: no prefilter for such drafts.
    assert CASE_TRAPS_RE.search("\u017fhop now")
    assert prefilter.candidates("\u017fhop now", "\u017fhop now") is None


def _rule_examples():
    for rule in load_packs():
        if rule.kind != "regex":
            continue
        examples = rule.examples or {}
        for example in list(examples.get("flag", [])) + list(examples.get("pass", [])):
            yield rule, example["draft"] if isinstance(example, dict) else example


@pytest.mark.parametrize("transform", [str, str.upper, str.title, str.swapcase])
def test_no_rule_example_is_skipped_by_the_prefilter(transform):
    for rule, text in _rule_examples():
        draft = transform(text)
        lowered = draft.lower()
        for pattern in ([rule.params["patterns"]] if isinstance(rule.params["patterns"], str)
                        else rule.params["patterns"]):
            flags = 0 if rule.params.get("case_sensitive") else re.IGNORECASE
            needs = required_literals(pattern, flags)
            if re.search(pattern, draft, flags) and not CASE_TRAPS_RE.search(draft):
                present = LiteralIndex(frozenset(l for g in needs for l in g)).present(lowered)
                assert may_match(needs, present), (rule.id, pattern, draft)
