"""Regression guard on the blind sets in eval/: their clean drafts stay clean.

These sets were blind once (eval/README.md gives what they measured then); now they are
development data, so this test only stops a change from bringing back a false positive on
a genuine draft or losing ground far below the recorded recall. It is not a score.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tactful.model.data import enumerate_labelled

EVAL = Path(__file__).resolve().parent.parent / "eval"
SETS = sorted(EVAL.glob("blind-*.jsonl"))
# Recall floors a few points under what was last measured (0.91, 0.97, 0.89, 0.80 and 0.92 caught).
MIN_CAUGHT = {"blind-2026-11-22.jsonl": 0.85, "blind-2-2026-11-22.jsonl": 0.90, "blind-3-2026-11-22.jsonl": 0.65,
              "blind-4-2026-11-22.jsonl": 0.70, "blind-5-2026-11-22.jsonl": 0.85,
              # 0.78 and 0.82 caught after the first-measurement fixes (eval/README.md).
              "blind-6-2026-12-04.jsonl": 0.74, "blind-7-2026-12-04.jsonl": 0.78,
              # 0.70 and 0.81 caught at their first measurement (session 4, eval/README.md).
              "blind-8-2026-12-04.jsonl": 0.66, "blind-9-2026-12-04.jsonl": 0.76,
              # 0.69 and 0.78 caught at their first measurement (session 5, eval/README.md).
              "blind-11-2026-12-04.jsonl": 0.64, "blind-12-2026-12-04.jsonl": 0.74,
              # 0.82 and 0.79 caught at their first measurement (session 6, eval/README.md).
              "blind-13-2026-12-04.jsonl": 0.78, "blind-14-2026-12-04.jsonl": 0.75,
              # 0.78 and 0.77 caught at their first measurement (end of session 6, eval/README.md).
              "blind-15-2026-12-04.jsonl": 0.74, "blind-16-2026-12-04.jsonl": 0.73,
              # 0.79 and 0.76 caught at their first measurement (start of session 7, eval/README.md).
              "blind-17-2026-12-05.jsonl": 0.75, "blind-18-2026-12-05.jsonl": 0.72,
              # 0.82 caught at its first measurement (session 7, eval/README.md).
              "blind-19-2026-12-05.jsonl": 0.78,
              # 0.81, 0.82 and 0.79 caught at their first measurement (start of session 8, eval/README.md).
              "blind-20-2026-12-05.jsonl": 0.77, "blind-21-2026-12-05.jsonl": 0.78, "blind-22-2026-12-05.jsonl": 0.75,
              # 0.81 and 0.87 caught at their first measurement (session 8, at c3b040e, eval/README.md).
              "blind-23-2026-12-05.jsonl": 0.77, "blind-24-2026-12-05.jsonl": 0.83,
              # 0.84, 0.82, 0.87 and 0.79 caught at their first measurement (start of session 9, eval/README.md).
              "blind-25-2026-12-05.jsonl": 0.80, "blind-26-2026-12-05.jsonl": 0.78, "blind-27-2026-12-05.jsonl": 0.82,
              "blind-28-2026-12-05.jsonl": 0.75,
              # 0.80 caught at its first measurement (session 9, eval/README.md).
              "blind-31-2026-12-05.jsonl": 0.76,
              # 0.78 and 0.76 caught at their first measurement (session 9; 0.80 and 0.79 at its end, still unread).
              "blind-29-2026-12-05.jsonl": 0.74, "blind-30-2026-12-05.jsonl": 0.72}
# Genuine drafts of the newest sets that older rules still flag, left open and named in eval/README.md
# (an auto-acknowledgement the writer judged fine, a Black Friday price the customer asked for, a
# utility's storm notice with a "report outages" link). Any other flagged genuine draft fails the test.
KNOWN_FALSE_POSITIVES = {"blind-6-2026-12-04.jsonl": {"b6-035"}, "blind-7-2026-12-04.jsonl": {"b7-067", "b7-149"},
                         # blind-8 and blind-9: their first measurement's false positives, open (eval/README.md):
                         # mostly the classifier on notices and announcements in blind-9.
                         "blind-8-2026-12-04.jsonl": {"b8-123", "b8-156"},
                         "blind-9-2026-12-04.jsonl": {"b9-011", "b9-012", "b9-017", "b9-052", "b9-065", "b9-067", "b9-073",
                                                      "b9-078", "b9-086", "b9-138", "b9-142", "b9-154"},
                         # blind-11 and blind-12: their first measurement's false positives, open (eval/README.md).
                         "blind-11-2026-12-04.jsonl": {"b11-001", "b11-037", "b11-075", "b11-079", "b11-087", "b11-091",
                                                       "b11-111", "b11-158"},
                         "blind-12-2026-12-04.jsonl": {"b12-028", "b12-037", "b12-041", "b12-074", "b12-095", "b12-099",
                                                       "b12-146"},
                         # blind-13 and blind-14: their first measurement's false positives (eval/README.md).
                         "blind-13-2026-12-04.jsonl": {"b13-096", "b13-097", "b13-125"},
                         "blind-14-2026-12-04.jsonl": {"b14-012", "b14-077", "b14-141"},
                         "blind-15-2026-12-04.jsonl": {"b15-113-a", "b15-013", "b15-016", "b15-018", "b15-020",
                                                       "b15-028", "b15-032", "b15-037"},
                         "blind-16-2026-12-04.jsonl": {"b16-002-a", "b16-126", "b16-128", "b16-131"},
                         "blind-17-2026-12-05.jsonl": {"b17-047", "b17-155"},
                         "blind-18-2026-12-05.jsonl": set(),
                         # the classifier's hard_sell bands on three calm service emails (eval/README.md)
                         "blind-19-2026-12-05.jsonl": {"b19-055", "b19-072", "b19-097-a"},
                         # an honest answer about premiums after a storm claim read as loss framing by the classifier,
                         # and a ride app's receipt and rating prompt after a trip logged as a meeting (eval/README.md)
                         "blind-20-2026-12-05.jsonl": {"b20-126"},
                         "blind-21-2026-12-05.jsonl": {"b21-036-a", "b21-146"},
                         # an SLA answered with "guarantee" and a regulated price-change notice (the classifier), a
                         # medical-information reply read as ignoring "not interested in promotional material", a
                         # patent number read as a phone number (eval/README.md)
                         "blind-22-2026-12-05.jsonl": {"b22-049", "b22-075", "b22-079", "b22-132"},
                         "blind-23-2026-12-05.jsonl": set(),
                         # a ticket auto-acknowledgement, a joking reply to a sarcastic comment, a follow-up to a yes
                         "blind-24-2026-12-05.jsonl": {"b24-058-a", "b24-126", "b24-144-a"},
                         # blind-25 to blind-28: false positives still open (eval/README.md, session 9): a short thanks
                         # for a heads-up read as a form reply to a complaint, a follow-up on the condition they set
                         # ("once the budget is out"), two calm announcements the boilerplate classifier reads as
                         # templates, an ombudsman's explainer and a regulated price-rise notice (the hard_sell
                         # classifier)
                         "blind-25-2026-12-05.jsonl": {"b25-022-a", "b25-068"},
                         "blind-26-2026-12-05.jsonl": {"b26-075-a", "b26-152"},
                         "blind-27-2026-12-05.jsonl": set(),
                         "blind-28-2026-12-05.jsonl": {"b28-099", "b28-128"},
                         # a brand's seasonal offer post with "link in bio", a product-recall post (both classifiers)
                         # and a creator's affiliate code after "What's next?"
                         "blind-31-2026-12-05.jsonl": {"b31-040", "b31-079", "b31-118-a"},
                         # blind-29 and blind-30: measured at the end of session 9 with their rows unread; these are
                         # the false positives of that measurement, not yet read (eval/README.md)
                         "blind-29-2026-12-05.jsonl": {"b29-059-a", "b29-064"},
                         "blind-30-2026-12-05.jsonl": {"b30-008", "b30-116"}}


@pytest.mark.parametrize("path", SETS, ids=[p.name for p in SETS])
def test_clean_drafts_in_eval_sets_stay_clean(full_engine, path):
    items = [item for _, item in enumerate_labelled(path)]
    responses = full_engine.check_many([request for request, _, _ in items])
    # No rule may fail at run time on real drafts (a missing data file once silenced the name rules this way).
    failed = sorted({w["source"] for response in responses for w in response.get("engine_warnings", ())
                     if w.get("kind") == "rule_failed"})
    assert not failed, f"{path.name}: rules raised and were skipped: {failed}"
    flagged_clean = [request.id for (request, labels, allow), response in zip(items, responses)
                     if not labels and set(response["flags"]) - allow]
    assert set(flagged_clean) <= KNOWN_FALSE_POSITIVES.get(path.name, set()), flagged_clean
    labelled = [(labels, response) for (_, labels, _), response in zip(items, responses) if labels]
    caught = sum(1 for labels, response in labelled if response["flags"])
    assert caught / len(labelled) >= MIN_CAUGHT.get(path.name, 0.85), f"{path.name}: caught {caught}/{len(labelled)}"
