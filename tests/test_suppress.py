"""Suppression that is never silent: inline markers, the `ignore` field, and every output showing them."""
from __future__ import annotations

import json

import pytest

from tactful.errors import InputError
from tactful.suppress import strip_markers
from conftest import run_cli as run
from steps import assert_linear

DEADLINE = "Last chance: the webinar closes Friday, so book your seat today!"
MARKER = "<!-- tactful: ignore hard_sell.deadline-nudge the webinar really closes Friday -->"
MARKED = f"{DEADLINE}\n{MARKER}\nThanks, Priya."


# ---- the marker itself ---------------------------------------------------------------------------

def test_a_marker_alone_on_its_line_is_removed_with_its_line():
    stripped = strip_markers(MARKED)
    assert stripped.text == f"{DEADLINE}\nThanks, Priya."
    assert [(i.rule, i.reason, i.source) for i in stripped.ignores] == [
        ("hard_sell.deadline-nudge", "the webinar really closes Friday", "marker")]


@pytest.mark.parametrize("draft", [
    MARKED,
    f"Hi Sam <!-- tactful: ignore a.b,c.d two rules --> see you soon",
    f"{DEADLINE}\n<!-- tactful: ignore x.y -->",
    "<!-- tactful: ignore x.y --> leading",
    "<!-- a note to self --> and <!-- tactful: ignore x.y --> text",
])
def test_every_character_left_maps_back_to_the_same_character(draft):
    stripped = strip_markers(draft)
    assert "tactful:" not in stripped.text
    for offset, char in enumerate(stripped.text):
        assert draft[stripped.original_offset(offset)] == char


def test_other_html_comments_are_left_alone():
    draft = "See the agenda <!-- v2 --> attached."
    assert strip_markers(draft).text == draft


def test_a_marker_that_is_not_understood_is_a_notice():
    stripped = strip_markers("Hello <!-- tactful: skip hard_sell.x --> there")
    assert stripped.ignores == () and "not understood" in stripped.notices[0]
    assert "names no rule" in strip_markers("Hi <!-- tactful: ignore --> there").notices[0]


@pytest.mark.parametrize("make", [lambda n: "<!-- tactful: ignore " * n + "x" * (10 * n),
                                  lambda n: "Hi <!-- tactful: ignore hard_sell.x --> there. " * n,
                                  lambda n: "<!-- note " * n + "-->" * n])
def test_marker_search_is_linear_on_hostile_input(make):
    # Work counted, not timed (tests/steps.py); bench/run.py holds the speed targets.
    assert_linear(lambda n: strip_markers(make(n)), 250, what=make(1))


# ---- the checker -------------------------------------------------------------------------------------

def test_a_marker_suppresses_the_warning_lists_it_and_rescores(checker):
    plain = checker.check({"draft": f"{DEADLINE}\nThanks, Priya."})
    assert any(w["rule"] == "hard_sell.deadline-nudge" for w in plain["warnings"])
    assert "suppressed" not in plain
    marked = checker.check({"draft": MARKED})
    assert all(w["rule"] != "hard_sell.deadline-nudge" for w in marked["warnings"])
    [item] = [s for s in marked["suppressed"] if s["rule"] == "hard_sell.deadline-nudge"]
    assert item["source"] == "marker" and item["reason"] == "the webinar really closes Friday"
    assert MARKED[item["span"]["start"]:item["span"]["end"]] == item["span"]["text"] == "Last chance"
    assert marked["score"] < plain["score"]
    assert marked["send_text"] == f"{DEADLINE}\nThanks, Priya."


def test_spans_after_a_marker_point_into_the_draft_as_given(checker):
    draft = "<!-- tactful: ignore hard_sell.deadline-nudge launch day -->\nHi {{first_name}}, last chance!"
    response = checker.check({"draft": draft})
    merge = next(w for w in response["warnings"] if w["rule"] == "boilerplate.unfilled-merge-field")
    assert draft[merge["span"]["start"]:merge["span"]["end"]] == "{{first_name}}" == merge["span"]["text"]


def test_the_ignore_field_suppresses_too(checker):
    response = checker.check({"draft": "Hi {{first_name}}, see you Friday!", "ignore": ["boilerplate.unfilled-merge-field"]})
    assert response["verdict"] == "pass" and response["flags"] == []
    assert response["suppressed"][0] == {"rule": "boilerplate.unfilled-merge-field", "reason": None,
                                         "source": "request", "span": {"start": 3, "end": 17, "text": "{{first_name}}"}}
    assert "send_text" not in response


def test_an_unknown_rule_id_is_a_notice_not_a_silent_no_op(checker):
    response = checker.check({"draft": "See you Friday, Priya.", "ignore": ["hard_sell.no-such-rule"]})
    assert response["suppressed"] == []
    assert response["notices"] == ["ignore names no rule 'hard_sell.no-such-rule'; nothing was suppressed for it "
                                   "(see `tactful rules`)"]


def test_a_mass_blast_can_be_suppressed_for_one_draft(checker):
    text = "Hi {name}, I noticed your profile and think our growth program could double your revenue this quarter."
    queue = [{"draft": text.format(name=n), "recipient": {"name": n}} for n in ("Ana Ruiz", "Ben Okafor", "Chen Wei")]
    queue[0]["ignore"] = ["boilerplate.mass-blast"]
    responses = checker.check_many(queue)
    assert [s["rule"] for s in responses[0]["suppressed"]] == ["boilerplate.mass-blast"]
    assert any(w["rule"] == "boilerplate.mass-blast" for w in responses[1]["warnings"])


def test_a_draft_that_is_only_a_marker_is_an_input_error(checker):
    with pytest.raises(InputError, match="draft: is empty once its tactful markers are taken out"):
        checker.check({"draft": MARKER})


def test_ignore_must_be_a_list_of_strings(checker):
    with pytest.raises(InputError, match=r"^ignore: must be a list"):
        checker.check({"draft": "See you Friday.", "ignore": "hard_sell.x"})


# ---- every output format --------------------------------------------------------------------------

def test_text_output_shows_what_was_ignored_and_why(tmp_path, capsys):
    path = tmp_path / "post.md"
    path.write_text(MARKED)
    code, out, _ = run(capsys, "check", "--no-model", "--color", "never", str(path))
    assert "ignored hard_sell.deadline-nudge 1:1 by marker: the webinar really closes Friday" in out
    assert code == 0


def test_json_jsonl_and_sarif_carry_the_suppressions(tmp_path, capsys):
    path = tmp_path / "queue.jsonl"
    path.write_text(json.dumps({"id": "a", "draft": MARKED}) + "\n")
    _, out, _ = run(capsys, "check", "--no-model", "--format", "jsonl", str(path))
    assert json.loads(out)["suppressed"][0]["rule"] == "hard_sell.deadline-nudge"
    _, out, _ = run(capsys, "check", "--no-model", "--format", "json", str(path))
    assert json.loads(out)["suppressed"][0]["source"] == "marker"
    _, out, _ = run(capsys, "check", "--no-model", "--format", "sarif", str(path))
    results = json.loads(out)["runs"][0]["results"]
    suppressed = next(r for r in results if r["ruleId"] == "hard_sell.deadline-nudge")
    assert suppressed["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                           "justification": "the webinar really closes Friday"}]


def test_a_marker_naming_no_rule_fails_the_run_as_a_warning(tmp_path, capsys):
    path = tmp_path / "post.md"
    path.write_text("See you Friday, Priya.\n<!-- tactful: ignore hard_sell.deadlin-nudge -->\n")
    code, out, _ = run(capsys, "check", "--no-model", "--color", "never", str(path))
    assert "notice" in out and "'hard_sell.deadlin-nudge'" in out
    assert code == 1
    code, _, _ = run(capsys, "check", "--no-model", "--fail-on", "error", str(path))
    assert code == 0


# ---- HTTP ------------------------------------------------------------------------------------------

def test_the_service_suppresses_and_counts_it_in_metrics(engine):
    from fastapi.testclient import TestClient

    from tactful.service.app import create_app
    from tactful.service.settings import Settings

    with TestClient(create_app(Settings(no_model=True), engine=engine)) as client:
        body = client.post("/v1/check", json={"draft": MARKED}).json()
        assert body["suppressed"][0]["rule"] == "hard_sell.deadline-nudge"
        client.post("/v1/check/batch", json=[{"draft": "Hi {{first_name}}!", "ignore": ["boilerplate.unfilled-merge-field", "x.y"]}])
        bad = client.post("/v1/check", json={"draft": "Hi", "ignore": [3]})
        assert bad.status_code == 422 and bad.json()["error"].startswith("ignore[0]:")
        metrics = client.get("/metrics").text
    assert 'tactful_suppressed_warnings_total{source="marker"} 1.0' in metrics
    assert 'tactful_suppressed_warnings_total{source="request"} 1.0' in metrics
    assert "tactful_suppression_notices_total 1.0" in metrics


def test_set_aside_parts_of_an_email_point_into_the_draft_as_given(checker):
    reply = "Hi Sam,\n\nThanks for the notes, see you Friday.\n\nOn Mon, 1 Dec 2026, Sam wrote:\n> Can we meet Friday?\n"
    draft = "<!-- tactful: ignore hard_sell.deadline-nudge real -->\n" + reply
    response = checker.check({"draft": draft, "channel": "email"})
    parts = response.get("set_aside") or []
    if not parts:
        pytest.skip("this engine sets nothing aside in email replies")
    quote = next(p for p in parts if p["kind"] == "quote")
    assert draft[quote["start"]:quote["end"]].startswith("> Can we meet Friday?")
    assert quote["lines"][0] == draft.count("\n", 0, quote["start"]) + 1


def test_an_ignore_naming_a_moved_rule_by_its_old_id_still_suppresses_it(checker):
    draft = "Hi Ben, who's the right person to talk to about fleet telematics at Hollis Logistics?"
    response = checker.check({"draft": draft, "ignore": ["hard_sell.right-person"]})
    assert [s["rule"] for s in response["suppressed"]] == ["boilerplate.right-person"]
    assert "notices" not in response
