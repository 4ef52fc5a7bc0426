"""Mass blasts in a batch (tactful.batch): who gets the warning, and the re-scoring it causes."""
from __future__ import annotations

import random

import pytest

from tactful import CATEGORIES
from tactful.batch import (MASS_BLAST_RULE_ID, MassBlast, _similar_groups, add_mass_blast_warnings, check_batch,
                           find_mass_blasts)
from tactful.config import Config
from tactful.engine import Engine
from tactful.request import parse_request
from tactful.rulepack import load_packs
from steps import assert_linear, python_steps

SEND_AT = "2026-11-21T09:00:00Z"
PEOPLE = [("Dana Kim", "@danakim", "Northwind"), ("Sam Ortiz", "@sam_ortiz", "Globex"),
          ("Priya Nair", "@priyanair", "Initech"), ("Tom Becker", "@tbecker", "Umbrella"),
          ("Lena Vogel", "@lenav", "Hooli"), ("Omar Haddad", "@ohaddad", "Stark"),
          ("Mia Chen", "@miachen", "Wayne"), ("Ravi Patel", "@ravip", "Acme")]


def merge_blast(count: int, template: str = "Hi {first}, great to meet you at the summit last week. "
                                             "Let me know if you'd like to grab coffee sometime.",
                channel: str = "dm") -> list[dict]:
    """The same template with each recipient's name filled in, as a mail merge sends it."""
    return [{"id": f"q-{i}", "draft": template.format(first=name.split()[0], company=company), "channel": channel,
             "send_at": SEND_AT, "recipient": {"name": name, "handle": handle, "company": company}}
            for i, (name, handle, company) in enumerate(PEOPLE[:count])]


def blast_warnings(response: dict) -> list[dict]:
    return [w for w in response["warnings"] if w["rule"] == MASS_BLAST_RULE_ID]


def test_merge_filled_template_to_eight_recipients_is_a_mass_blast(engine):
    responses = check_batch(engine, merge_blast(8))
    for response in responses:
        (warning,) = blast_warnings(response)
        assert warning["evidence"] == "the same text goes to 8 recipients in this batch"
        assert warning["category"] == "boilerplate" and warning["span"] is None
        assert warning["severity"] == "warning"
        assert "boilerplate" in response["flags"] and response["verdict"] == "review"


def test_the_template_alone_is_fine(engine):
    assert all(r["flags"] == [] for r in engine.check_many(merge_blast(8)))


def test_personal_notes_to_several_people_are_not_a_blast(engine):
    notes = ["Dana, your talk on river restoration at the Leeds meetup was the best of the day.",
             "Sam, congrats on shipping the new Globex dashboard, the dark mode looks great.",
             "Priya, thanks for the intro to your team yesterday. Shall we pick a date for the workshop?",
             "Tom, I read your thread on cold-chain logistics and have a question about the sensors."]
    requests = [{"draft": note, "recipient": {"name": name}} for note, (name, _, _) in zip(notes, PEOPLE)]
    assert all(not blast_warnings(r) for r in check_batch(engine, requests))


def test_two_recipients_are_not_yet_a_blast(engine):
    assert all(not blast_warnings(r) for r in check_batch(engine, merge_blast(2)))
    assert all(blast_warnings(r) for r in check_batch(engine, merge_blast(3)))


def test_the_same_text_to_the_same_person_is_not_a_blast(engine):
    one_person = [{**request, "recipient": {"name": "Dana Kim", "handle": "@danakim"}} for request in merge_blast(5)]
    assert all(not blast_warnings(r) for r in check_batch(engine, one_person))


def test_drafts_without_a_recipient_count_as_different_people(engine):
    anonymous = [{"draft": "Quick question: are you still looking for help with your bookkeeping this quarter?"}] * 3
    assert all(blast_warnings(r) for r in check_batch(engine, anonymous))


def test_public_posts_and_short_notes_are_not_blasts(engine):
    assert all(not blast_warnings(r) for r in check_batch(engine, merge_blast(5, channel="post")))
    thanks = [{"draft": "Thank you so much!", "recipient": {"name": name}} for name, _, _ in PEOPLE]
    assert all(not blast_warnings(r) for r in check_batch(engine, thanks))


def test_near_identical_drafts_with_small_edits_are_one_blast():
    base = ("Hi {}, I noticed your team is growing fast. We help companies like yours hire senior engineers "
            "in half the time. Open to a short call next week?")
    drafts = [base.format("Dana"), base.format("Sam").replace("fast", "quickly"),
              base.format("Priya").replace("short call", "quick chat"), base.format("Tom")]
    requests = [parse_request({"draft": d, "recipient": {"name": n}})
                for d, n in zip(drafts, ["Dana", "Sam", "Priya", "Tom"])]
    assert find_mass_blasts(requests) == {0: 4, 1: 4, 2: 4, 3: 4}


def test_only_the_blast_drafts_of_a_mixed_queue_are_marked(engine):
    queue = [{"draft": "Congrats on the new role, Aisha! The river project sounded like a great fit.",
              "recipient": {"name": "Aisha Bello"}}] + merge_blast(4)
    responses = check_batch(engine, queue)
    assert not blast_warnings(responses[0]) and responses[0]["flags"] == []
    assert all(blast_warnings(r) for r in responses[1:])


def test_blast_re_scoring_keeps_flags_verdict_and_severities_consistent(engine):
    """Every rule example, as part of a blast: the blast adds exactly its points and scoring's invariants hold."""
    thresholds = engine.config.thresholds
    blast = MassBlast()
    drafts = [example for rule in load_packs() if rule.kind != "classifier"
              for example in rule.examples["flag"] + rule.examples["pass"] if isinstance(example, str)]
    checked = 0
    for draft in drafts:
        requests = [{"draft": draft, "send_at": SEND_AT, "recipient": {"handle": f"@person{n}"}} for n in range(3)]
        if len(find_mass_blasts([parse_request(r) for r in requests])) == 0:
            continue  # too short to count
        checked += 1
        before = engine.check(requests[0])
        after = add_mass_blast_warnings(requests, engine.check_many(requests), engine.ruleset.by_id, thresholds)[0]
        assert after["score"] == pytest.approx(before["score"] + blast.score), draft
        assert after["flags"] == [c for c in CATEGORIES if c in before["flags"] or c == "boilerplate"], draft
        assert {k: v for k, v in after["categories"].items() if k != "boilerplate"} == \
            {k: v for k, v in before["categories"].items() if k != "boilerplate"}
        assert after["categories"]["boilerplate"] > before["categories"]["boilerplate"]
        for warning in after["warnings"]:
            rule = engine.ruleset.by_id.get(warning["rule"])
            own = rule.severity if rule else blast.severity
            if warning["category"] in after["flags"]:
                # its own severity, or promoted to warning when only hints made up the flag
                assert warning["severity"] in (own, "warning"), (draft, warning["rule"])
            else:
                assert warning["severity"] == "info", (draft, warning["rule"])
        for category in after["flags"]:
            assert any(w["category"] == category and w["severity"] != "info" for w in after["warnings"]), draft
        assert after["verdict"] in ("review", "block")
        assert len(after["warnings"]) == len(before["warnings"]) + 1
    assert checked > 50


def test_an_info_hint_becomes_a_warning_once_the_blast_flags_its_category(engine):
    draft = "I came across your profile and thought we should connect."
    alone = engine.check({"draft": draft})
    hints = [w for w in alone["warnings"] if w["category"] == "boilerplate"]
    if not hints or alone["flags"]:
        pytest.skip("the rule packs no longer give this draft a boilerplate hint below the threshold")
    assert all(w["severity"] == "info" for w in hints)
    blasted = check_batch(engine, [{"draft": draft, "recipient": {"handle": f"@p{n}"}} for n in range(3)])[0]
    for warning in blasted["warnings"]:
        if warning["category"] == "boilerplate" and warning["rule"] != MASS_BLAST_RULE_ID:
            assert warning["severity"] == engine.ruleset.by_id[warning["rule"]].severity


def test_adding_warnings_is_pure_and_idempotent(engine):
    requests = merge_blast(4)
    responses = engine.check_many(requests)
    snapshot = [dict(r, warnings=list(r["warnings"])) for r in responses]
    once = add_mass_blast_warnings(requests, responses, engine.ruleset.by_id, engine.config.thresholds)
    assert responses == snapshot, "the input responses must not be changed"
    twice = add_mass_blast_warnings(requests, once, engine.ruleset.by_id, engine.config.thresholds)
    assert twice == once


def test_error_responses_pass_through(engine):
    requests = merge_blast(4)
    responses = engine.check_many(requests)
    responses[1] = {"id": "2", "error": "line 2: not valid JSON"}
    out = add_mass_blast_warnings(requests, responses, engine.ruleset.by_id, engine.config.thresholds)
    assert out[1] == responses[1]
    assert [len(blast_warnings(out[i])) for i in (0, 2, 3)] == [1, 1, 1]


def _engine_with_blast_rule(config: Config, score: float = 4.0) -> Engine:
    """The packs plus a `boilerplate.mass-blast` entry, as the lead will add it."""
    import dataclasses

    packs = load_packs()
    template = next(rule for rule in packs if rule.kind == "phrase")
    entry = dataclasses.replace(template, id=MASS_BLAST_RULE_ID, category="boilerplate", score=score,
                                message="Mass blast.", suggestion="Write to one person.",
                                params={"phrases": ["zzqx never said"]}, when={}, unless_before=[],
                                unless_history=[])
    return Engine([rule for rule in packs if rule.id != MASS_BLAST_RULE_ID] + [entry], config)


def test_the_packs_entry_sets_the_blast_text_and_points_and_can_disable_it():
    engine = _engine_with_blast_rule(Config(), score=4.0)
    blast = MassBlast.for_engine(engine)
    assert (blast.score, blast.message, blast.suggestion) == (4.0, "Mass blast.", "Write to one person.")
    responses = check_batch(engine, merge_blast(3))
    assert all(blast_warnings(r)[0]["message"] == "Mass blast." for r in responses)
    assert all(r["flags"] == [] and r["score"] == 4.0 for r in responses), "4 points stay under the threshold"

    disabled = _engine_with_blast_rule(Config(disabled={MASS_BLAST_RULE_ID}))
    assert MassBlast.for_engine(disabled) is None
    assert all(not blast_warnings(r) for r in check_batch(disabled, merge_blast(3)))


def test_finding_blasts_costs_linear_work_in_the_number_of_drafts():
    """Work counted as the batch doubles, not timed (tests/steps.py); bench/run.py times mass-blast grouping.

    The join keeps at most MAX_GROUPS_PER_WORD groups under each word, so a draft is compared with a bounded
    number of others: linear once every word has that many (below it, each draft meets every earlier draft
    that shares a rare word, which grows with the batch). Distinct drafts over a 100-word vocabulary reach
    the cap within the first few hundred."""
    rng = random.Random(7)
    words = [f"w{n}" for n in range(100)]
    distinct = [parse_request({"draft": " ".join(rng.sample(words, 25))}) for _ in range(1200)]
    same = [parse_request({"draft": "Quick question about your hiring plans for the new year, Dana?",
                           "recipient": {"handle": f"@p{n}"}}) for n in range(1200)]

    def find_distinct(n: int) -> None:
        assert find_mass_blasts(distinct[:n]) == {}

    def find_same(n: int) -> None:
        assert len(find_mass_blasts(same[:n])) == n

    assert_linear(find_distinct, 300, what="distinct drafts")
    assert_linear(find_same, 300, what="identical drafts")


def test_prefix_filtered_join_finds_exactly_the_brute_force_groups():
    rng = random.Random(11)
    vocabulary = [f"v{n}" for n in range(40)]
    sets = [frozenset(rng.sample(vocabulary, rng.randint(5, 12))) for _ in range(60)]
    sets += [frozenset(list(s)[:-1]) for s in sets[:20]]  # near copies
    for threshold in (0.5, 0.7, 0.8, 0.9):
        parent = list(range(len(sets)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(sets)):
            for j in range(i):
                if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= threshold:
                    parent[find(i)] = find(j)
        brute: dict[int, set[int]] = {}
        for i in range(len(sets)):
            brute.setdefault(find(i), set()).add(i)
        fast = _similar_groups(sets, threshold)
        assert sorted(sorted(g) for g in fast) == sorted(sorted(g) for g in brute.values()), threshold
