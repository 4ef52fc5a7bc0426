"""tactful.toml: overrides apply, and every mistake is a one-line error naming the key."""
from __future__ import annotations

from pathlib import Path

import pytest

from tactful.config import find_config, load_config
from tactful.engine import Engine
from tactful.errors import InputError

MERGE_FIELD_DRAFT = {"draft": "Hi {{first_name}}, the spring menu is out."}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tactful.toml"
    path.write_text(text)
    return path


def test_disabled_rule_no_longer_fires(tmp_path):
    config = load_config(write(tmp_path, '[rules]\ndisable = ["boilerplate.unfilled-merge-field"]\n'))
    engine = Engine.load(config=config, use_model=False)
    assert engine.check(MERGE_FIELD_DRAFT)["flags"] == []


def test_score_and_severity_overrides_and_thresholds(tmp_path):
    config = load_config(write(tmp_path, '[rules]\nscore = { "boilerplate.unfilled-merge-field" = 2.0 }\n'
                                         'severity = { "boilerplate.unfilled-merge-field" = "warning" }\n'
                                         '[thresholds]\nboilerplate = 1.5\n'))
    response = Engine.load(config=config, use_model=False).check(MERGE_FIELD_DRAFT)
    assert response["flags"] == ["boilerplate"]
    assert response["score"] == 2.0
    assert response["verdict"] == "review"  # warning severity and under the block threshold


def test_allow_listed_tagline_does_not_trigger(tmp_path):
    draft = {"draft": "Our motto since 1998: act now, think later. See you at the fair!"}
    engine = Engine.load(use_model=False)
    assert "hard_sell.countdown-pressure" in {w["rule"] for w in engine.check(draft)["warnings"]}
    config = load_config(write(tmp_path, '[allow]\nphrases = ["act now, think later"]\n'))
    allowed = Engine.load(config=config, use_model=False).check(draft)
    assert "hard_sell.countdown-pressure" not in {w["rule"] for w in allowed["warnings"]}


@pytest.mark.parametrize("text,needle", [
    ("[rulez]\n", "unknown section [rulez]"),
    ("[rules]\ndisabled = []\n", "unknown key 'disabled' in [rules]"),
    ("[rules]\nseverity = { \"x.y\" = \"loud\" }\n", "rules.severity.x.y: must be one of"),
    ("[thresholds]\nboilerplate = -1\n", "thresholds.boilerplate: must be a positive number"),
    ("[rules\n", "not valid TOML"),
])
def test_config_mistakes_are_named(tmp_path, text, needle):
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, text))
    assert needle in str(caught.value)


def test_unknown_rule_id_in_config_is_an_error(tmp_path):
    config = load_config(write(tmp_path, '[rules]\ndisable = ["boilerplate.no-such-rule"]\n'))
    with pytest.raises(InputError, match="no rule with id 'boilerplate.no-such-rule'"):
        Engine.load(config=config, use_model=False)


def test_config_is_found_upward(tmp_path):
    write(tmp_path, "")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "tactful.toml"


def test_a_moved_rule_keeps_its_old_id_working_with_a_notice(tmp_path, caplog):
    # boilerplate.right-person was hard_sell.right-person (`formerly` in the pack): a team's settings follow it.
    draft = {"draft": "Hi Ben, who's the right person to talk to about fleet telematics at Hollis Logistics?"}
    assert "boilerplate.right-person" in {w["rule"] for w in Engine.load(use_model=False).check(draft)["warnings"]}
    config = load_config(write(tmp_path, '[rules]\ndisable = ["hard_sell.right-person"]\n'))
    with caplog.at_level("WARNING", logger="tactful.engine"):
        engine = Engine.load(config=config, use_model=False)
    assert "boilerplate.right-person" not in {w["rule"] for w in engine.check(draft)["warnings"]}
    assert "'hard_sell.right-person' is now 'boilerplate.right-person'" in caplog.text
    assert engine.rule("hard_sell.right-person").id == "boilerplate.right-person"
