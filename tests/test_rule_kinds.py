"""One test per rule kind (tactful/rule_kinds.py), its cheap `may_match` prefilter, and the typed params
of named checks: each kind is built from a small pack, as a rule author would write it, and run on drafts.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tactful.context import CheckContext
from tactful.errors import RulePackError
from tactful.matchers import RuleSet
from tactful.nlp.placeholders import PLACEHOLDER_SYNTAXES, compile_syntaxes, find_placeholders, may_hold_placeholder
from tactful.request import parse_request
from tactful.rule_kinds import KIND_CLASSES
from tactful.rulepack import KINDS, load_packs
from tactful.nlp.text import analyse

HEAD = """
  - id: {category}.test-rule
    category: {category}
    severity: warning
    score: 3
    message: m
    why: w
    suggestion: s
    examples: {{flag: ["x"], pass: ["y"]}}
"""


def _ruleset(tmp_path: Path, body: str, category: str = "hard_sell") -> RuleSet:
    (tmp_path / f"{category}.yml").write_text(f"category: {category}\nrules:\n" + HEAD.format(category=category)
                                              + body)
    return RuleSet(load_packs(tmp_path))


def _ctx(request, probabilities=None, settings=None) -> CheckContext:
    parsed = parse_request(request if isinstance(request, dict) else {"draft": request})
    return CheckContext(request=parsed, doc=analyse(parsed.draft), probabilities=probabilities or {},
                        settings=settings or {})


def _run(ruleset: RuleSet, request, probabilities=None, settings=None):
    ctx = _ctx(request, probabilities, settings)
    found = ruleset.run(ctx)
    return [(ctx.draft[h.start:h.end] if h.start is not None else None) for h in found.get(ruleset.rules[0].id, [])]


def _kind(ruleset: RuleSet):
    return ruleset.kinds[ruleset.rules[0].id]


def test_every_kind_the_loader_knows_is_one_class():
    assert set(KINDS) == set(KIND_CLASSES) == {"phrase", "regex", "placeholder", "metric", "named", "classifier",
                                               "batch", "meta"}
    for name, cls in KIND_CLASSES.items():
        assert cls.name == name and cls.doc and set(cls.key_docs) == set(cls.keys), name


def test_phrase_kind_matches_folded_phrases_in_one_shared_scan(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: phrase\n    phrases: [act now, limited time offer]\n")
    assert _run(ruleset, "Don't wait, ACT NOW before the limited-time offer ends") == ["ACT NOW"]
    ctx = _ctx("See you at the meeting on Tuesday.")
    ruleset.run(ctx)
    assert not _kind(ruleset).may_match(ctx)


def test_regex_kind_runs_only_when_its_literals_are_in_the_draft(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: regex\n    patterns: ['\\b(?:act|buy) (?:now|today)\\b']\n")
    assert _run(ruleset, "Buy today and save!") == ["Buy today"]
    ctx = _ctx("Thanks for the notes from Tuesday's call.")
    ruleset.run(ctx)
    assert not _kind(ruleset).may_match(ctx)  # neither "act " nor "buy " is there: the regex never runs


def test_regex_kind_can_match_case(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: regex\n    case_sensitive: true\n    patterns: ['\\bFREE\\b']\n")
    assert _run(ruleset, "FREE shipping") == ["FREE"]
    assert _run(ruleset, "free to chat on Friday?") == []


def test_placeholder_kind_finds_unfilled_fields_and_skips_drafts_without_triggers(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: placeholder\n    syntaxes: [double_brace, square_caps]\n",
                       category="boilerplate")
    assert _run(ruleset, "Hi {{first_name}}, loved your talk at [EVENT NAME]!") == ["{{first_name}}", "[EVENT NAME]"]
    assert _run(ruleset, "Use `{{name}}` in the template to insert it.") == []  # quoted code is syntax
    ctx = _ctx("Hi Maya, loved your talk at the summit!")
    assert not _kind(ruleset).may_match(ctx)


def test_placeholder_triggers_are_sound_on_every_syntax():
    """A draft holding a match of a syntax always passes that syntax's prefilter."""
    samples = ["{{ first_name }}", "${firstName}", "{Company}", "%FIRSTNAME%", "<<First Name>>", "*|FNAME|*",
               "[your first name]", "[FIRST NAME]", "%%FirstName%%", "#FirstName#", "<first name>", "$FNAME",
               "Hi FNAME", "[insert a compliment here]", "[Pet Name]", "[him/her]", "@username", "[product_name]"]
    for name, rx in compile_syntaxes(PLACEHOLDER_SYNTAXES):
        matched = [s for s in samples if rx.search(s)]
        assert matched, f"no sample exercises {name}"
        for sample in matched:
            assert may_hold_placeholder(sample, [name]), (name, sample)
    compiled = compile_syntaxes(PLACEHOLDER_SYNTAXES)
    for sample in samples:
        assert find_placeholders(f"Thanks for the call! {sample} Talk soon.", compiled), sample


def test_metric_kind_fires_beyond_its_bound_with_the_value_as_evidence(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: metric\n    metric: exclamation_density\n    min: 0.5\n")
    ctx = _ctx("Huge news!!! Our sale starts now!!! Don't miss it!!!")
    hits = ruleset.run(ctx)["hard_sell.test-rule"]
    assert hits[0].evidence.startswith("exclamation density is ")
    assert _run(ruleset, "Thanks for the call. I'll send the notes tomorrow.") == []


def test_named_kind_runs_its_python_check_with_typed_params(tmp_path):
    body = """    kind: named
    check: budget_ignored
    params:
      max_age_days: 60
      times: 3
      draft_offers: ['\\b(?:package|plan|quote)\\b']
      draft_acknowledges: ['\\babove your budget\\b']
"""
    ruleset = _ruleset(tmp_path, body, category="out_of_step")
    assert _kind(ruleset).params.times == 3.0
    history = [{"from": "them", "text": "Our budget is $2,000 max for the whole thing.", "at": "2026-04-14T10:00:00Z"}]
    request = {"draft": "Our premium package is $5,000.", "history": history, "send_at": "2026-04-15T10:00:00Z"}
    assert _run(ruleset, request) == []  # 2.5 times the cap, under the rule's 3
    assert _run(ruleset, {**request, "draft": "Our premium package is $7,000."}) == ["$7,000"]


def test_classifier_kind_reads_its_band_and_is_skipped_without_a_probability(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: classifier\n    min_probability: 0.5\n    max_probability: 0.8\n")
    assert _run(ruleset, "Buy now", {"hard_sell": 0.6}) == [None]
    assert _run(ruleset, "Buy now", {"hard_sell": 0.9}) == []
    assert not _kind(ruleset).may_match(_ctx("Buy now"))


def test_batch_kind_is_never_judged_on_one_draft(tmp_path):
    ruleset = _ruleset(tmp_path, "    kind: batch\n    min_recipients: 3\n", category="boilerplate")
    assert _run(ruleset, "Hi there, quick question about your hiring plans") == []
    assert not _kind(ruleset).per_draft


def test_meta_kind_fires_when_its_signals_compose(tmp_path, engine):
    body = "    kind: meta\n    when: {all: [them.opt_out, draft.pitch]}\n"
    ruleset = _ruleset(tmp_path, body, category="out_of_step")
    history = [{"from": "them", "text": "Please stop messaging me, I'm not interested.", "at": "2026-04-14T10:00:00Z"}]
    request = {"draft": "Last chance: 30% off our premium plan this week!", "history": history,
               "send_at": "2026-04-15T10:00:00Z"}
    assert len(_run(ruleset, request, settings=engine.settings)) == 1  # the learned signal heads read the thread
    assert _run(ruleset, {**request, "history": []}, settings=engine.settings) == []


# ---- a typo is a load error naming file and rule -----------------------------------------------

NAMED = """    kind: named
    check: repeat_of_earlier
    params: {min_similarity: 0.8, min_words: 4}
"""


@pytest.mark.parametrize("change,needle", [
    (("min_words: 4", "min_wrds: 4"), "unknown param 'min_wrds' (known: min_similarity"),
    (("min_similarity: 0.8", "min_similarity: high"), "param 'min_similarity': Input should be a valid number"),
    (("check: repeat_of_earlier", "check: repeat_of_earlie"), "unknown named check 'repeat_of_earlie'"),
    (("    params:", "    evidence_from: [them.opt_outt]\n    params:"), "unknown signal 'them.opt_outt' in evidence_from"),
    (("    params:", "    when: {all: [them.opt_outt]}\n    params:"), "unknown signal 'them.opt_outt'"),
    (("    params:", "    colour: red\n    params:"), "unknown field 'colour' for kind 'named'"),
    (("    kind: named", "    kind: nammed"), "unknown kind 'nammed'"),
])
def test_a_typo_in_a_named_rule_is_a_load_error_naming_file_and_rule(tmp_path, change, needle):
    old, new = change
    with pytest.raises(RulePackError) as caught:
        _ruleset(tmp_path, NAMED.replace(old, new, 1), category="out_of_step")
    message = str(caught.value)
    assert message.startswith("out_of_step.yml: rule out_of_step.test-rule: "), message
    assert needle in message and "\n" not in message


def test_a_missing_word_list_or_an_unsafe_pattern_in_params_is_a_load_error(tmp_path):
    body = """    kind: named
    check: asks_too_early
    params: {max_age_days: 7}
"""
    with pytest.raises(RulePackError, match=r"rule out_of_step.test-rule: param 'draft_asks_outcome': Field required"):
        _ruleset(tmp_path, body, category="out_of_step")
    unsafe = body.replace("{max_age_days: 7}", "{draft_asks_outcome: ['(a+)+$']}")
    with pytest.raises(RulePackError, match=r"rule out_of_step.test-rule: param 'draft_asks_outcome': .*catastrophic"):
        _ruleset(tmp_path, unsafe, category="out_of_step")


@pytest.mark.parametrize("change,needle", [
    (("kind: regex\n    patterns: ['buy']", "kind: regex\n    patterns: []"), "non-empty list"),
    (("kind: regex\n    patterns: ['buy']", "kind: metric\n    metric: shouting"), "unknown metric 'shouting'"),
    (("kind: regex\n    patterns: ['buy']", "kind: classifier\n    min_probability: 1.5"), "min_probability"),
    (("kind: regex\n    patterns: ['buy']", "kind: placeholder\n    syntaxes: [curly]"), "unknown placeholder syntax"),
    (("kind: regex\n    patterns: ['buy']", "kind: phrase\n    phrases: ['']"), "non-empty strings"),
])
def test_a_kind_checks_its_keys_at_load(tmp_path, change, needle):
    old, new = change
    (tmp_path / "hard_sell.yml").write_text("category: hard_sell\nrules:\n" + HEAD.format(category="hard_sell")
                                            + ("    " + old).replace(old, new) + "\n")
    with pytest.raises(RulePackError) as caught:
        RuleSet(load_packs(tmp_path))
    assert str(caught.value).startswith("hard_sell.yml: rule hard_sell.test-rule: ") and needle in str(caught.value)


def test_every_shipped_named_rule_has_typed_params_that_forbid_unknown_names():
    from tactful.checks import CheckParams, params_model

    named = [rule for rule in load_packs() if rule.kind == "named"]
    assert named
    for rule in named:
        model = params_model(rule.params["check"])
        assert issubclass(model, CheckParams) and model.model_config.get("extra") == "forbid", rule.id


def test_a_check_declared_as_needing_history_finds_nothing_without_it(engine):
    """The `needs_history` prefilter is sound: run the check itself on every example draft, history removed."""
    from tactful.checks import needs_history
    from tactful.rulepack import example_request

    checked = 0
    for rule in engine.rules:
        if rule.kind != "named" or not needs_history(rule.params["check"]):
            continue
        kind = engine.ruleset.kinds[rule.id]
        for example in rule.examples["flag"] + rule.examples["pass"]:
            request = {**example_request(example), "history": [], "send_at": "2026-04-15T14:00:00Z"}
            assert list(kind.check(_ctx(request, settings=engine.settings), kind.params)) == [], (rule.id, example)
            checked += 1
    assert checked >= 25  # not vacuous: the history checks left in Python have 30 examples


def test_the_message_start_after_a_subject_line_is_found_once_per_request(monkeypatch, engine):
    """Regexes anchored at the start also try the message after a "Subject:" line; every such rule reads
    the same offset, found once per request."""
    import tactful.rule_kinds as kinds

    found, asked = [], []
    opening_offset, message_start = kinds.opening_offset, kinds._message_start
    monkeypatch.setattr(kinds, "opening_offset", lambda draft: found.append(draft) or opening_offset(draft))
    monkeypatch.setattr(kinds, "_message_start", lambda ctx: asked.append(ctx) or message_start(ctx))
    response = engine.check({"draft": "Subject: Quick one\n\nHi ,\nThanks for the call on Tuesday, notes below.",
                             "channel": "email"})
    assert "boilerplate.empty-merge-field" in {w["rule"] for w in response["warnings"]}
    assert len(asked) >= 2 and len(found) == 1


def test_the_readme_lists_what_stays_in_python():
    """README's "What stays in Python" names every module of named checks and how many checks there are, so a
    new named check (rather than a composed rule) has to say there why it needs code."""
    import re
    from pathlib import Path

    from tactful.checks import _REGISTRY, registered

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = re.search(r"- \*\*What stays in Python\*\*(.*?)\n- \*\*", readme, re.S).group(1)
    checks = registered()
    assert f"{len(checks)} checks" in section
    modules = {_REGISTRY[name].__module__.rsplit(".", 1)[1] for name in checks}
    assert modules and all(f"`{module}.py`" in section for module in modules), modules
