"""The feedback store on SQLite and on a real PostgreSQL: reports, teams, redaction, schema, purge."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from tactful.errors import InputError
from tactful.feedback import db
from tactful.feedback.redact import redact
from tactful.feedback.reports import complete, parse_report
from tactful.feedback.settings import FeedbackSettings
from tactful.feedback.stats import team_stats
from tactful.feedback.store import FeedbackStore

PITCH = {"draft": "Hi Dana! Thanks for following. Our program is normally $2,997 but TODAY ONLY it's $997. "
                  "Book now: calendly.example/me or call +44 20 7946 0958, or mail sales@acme-growth.io",
         "history": [{"from": "them", "kind": "follow"}]}
GENUINE = {"draft": "Thanks for the intro, Priya. Is Thursday at 3pm good for a quick call about the venue?",
           "history": [{"from": "them", "kind": "message", "text": "Happy to help, write to priya@venue.example"}]}


def settings_for(url: str, store_text: bool = True, retention_days: int = 180, tmp_path=None) -> FeedbackSettings:
    return FeedbackSettings(database_url=url, store_text=store_text, retention_days=retention_days,
                            models_root=(tmp_path or __import__("pathlib").Path("/nonexistent")) / "models")


@pytest.fixture
def store(database_url):
    opened = FeedbackStore.open(settings_for(database_url))
    yield opened
    opened.close()


def report(engine, body, verdict, **extra):
    return complete(parse_report({"request": body, "verdict": verdict, **extra}), engine.check,
                    {rule.id for rule in engine.all_rules})


def test_a_team_sees_its_own_reports_only(store, engine):
    wrong = report(engine, PITCH, "false_positive", rule="hard_sell.price-anchoring", reporter="sam")
    missed = report(engine, GENUINE, "missed", category="out_of_step", note="they said not this week")
    ids = store.add("growth", [wrong, missed], source="http")
    store.add("support", [report(engine, GENUINE, "confirmed")], source="cli")
    items, total = store.list("growth")
    assert total == 2 and [item["id"] for item in items] == ids[::-1]  # newest first
    assert {item["verdict"] for item in items} == {"false_positive", "missed"}
    assert store.list("support")[1] == 1 and store.list("nobody")[1] == 0
    only_wrong, count = store.list("growth", verdict="false_positive")
    assert count == 1 and only_wrong[0]["rule"] == "hard_sell.price-anchoring"
    assert "hard_sell.price-anchoring" in only_wrong[0]["rules"] and only_wrong[0]["flags"] == ["boilerplate", "hard_sell"]


def test_paging_walks_every_report_once(store, engine):
    store.add("growth", [report(engine, GENUINE, "confirmed") for _ in range(7)], source="http")
    seen = []
    for offset in range(0, 7, 3):
        page, total = store.list("growth", limit=3, offset=offset)
        assert total == 7
        seen += [item["id"] for item in page]
    assert len(seen) == len(set(seen)) == 7


def test_emails_phones_and_links_are_redacted_before_storage(store, engine):
    store.add("growth", [report(engine, PITCH, "false_positive", rule="hard_sell.price-anchoring",
                                note="call me on 07700 900123")], source="http")
    with store.engine.connect() as connection:
        raw = " ".join(str(value) for row in connection.execute(sa.select(db.reports)) for value in row)
    for secret in ("calendly.example/me", "7946 0958", "sales@acme-growth.io", "07700 900123"):
        assert secret not in raw
    item = store.list("growth")[0][0]
    assert "https://example.com/redacted" in item["draft"] and "redacted@example.com" in item["draft"]
    assert item["draft"].startswith("Hi Dana! Thanks for following.") and "$997" in item["draft"]
    assert item["note"] == "call me on +00 0000 000000"


def test_with_store_text_off_no_draft_text_is_kept(database_url, engine):
    store = FeedbackStore.open(settings_for(database_url, store_text=False))
    try:
        store.add("growth", [report(engine, GENUINE, "confirmed")], source="http")
        item = store.list("growth")[0][0]
        assert item["draft"] is None and item["history"] is None
        with store.engine.connect() as connection:
            raw = " ".join(str(value) for row in connection.execute(sa.select(db.reports)) for value in row)
        assert "Priya" not in raw and "venue" not in raw
        assert team_stats(store, "growth")["learnable"] == {"positive": 0, "negative": 0}
    finally:
        store.close()


def test_an_old_schema_is_refused_naming_the_upgrade_command(database_url):
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine, to="0001")
        with pytest.raises(db.DatabaseError, match=r"schema 0001, this tactful needs 0002: run `tactful db upgrade`"):
            db.check_schema(engine)
        assert db.upgrade(engine) == ("0001", "0002")
        assert db.check_schema(engine) == "0002" and db.upgrade(engine) == ("0002", "0002")
    finally:
        engine.dispose()


def test_purge_deletes_reports_before_a_date_and_retention_expires_old_ones(database_url, engine):
    store = FeedbackStore.open(settings_for(database_url, retention_days=30))
    try:
        store.add("growth", [report(engine, GENUINE, "confirmed")], source="http")
        store.add("support", [report(engine, GENUINE, "confirmed")], source="http")
        with store.engine.begin() as connection:  # one report from 40 days ago
            first = connection.execute(sa.select(sa.func.min(db.reports.c.id))).scalar_one()
            connection.execute(db.reports.update().where(db.reports.c.id == first)
                               .values(created_at=datetime.now(timezone.utc) - timedelta(days=40)))
        assert store.expire() == 1 and store.count() == 1
        store.add("growth", [report(engine, GENUINE, "confirmed")], source="http")
        tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
        assert store.purge(tomorrow, team="growth") == 1 and store.count("support") == 1
        assert store.purge(tomorrow) == 1 and store.count() == 0
    finally:
        store.close()


def test_rule_hits_add_up_across_flushes(store):
    today = date(2026, 12, 1)
    store.add_hits({("growth", today, db.CHECKS_ROW): 10, ("growth", today, "hard_sell.pushy-cta"): 3})
    store.add_hits({("growth", today, db.CHECKS_ROW): 5, ("growth", today, "hard_sell.pushy-cta"): 1,
                    ("support", today, db.CHECKS_ROW): 2})
    assert store.hits("growth") == {db.CHECKS_ROW: 15, "hard_sell.pushy-cta": 4}
    assert store.hits("support") == {db.CHECKS_ROW: 2}


def test_stats_suggest_an_allow_entry_for_a_repeated_false_positive(store, engine):
    drafts = [f"Just do it, {name}: the spring line is in the shop." for name in ("Ana", "Bo", "Cy")]
    flagged = [engine.check({"draft": d}) for d in drafts]
    fired = {w["rule"] for w in flagged[0]["warnings"]}
    response = {"flags": ["hard_sell"], "verdict": "review",
                "warnings": [{"rule": "hard_sell.pushy-cta", "category": "hard_sell", "severity": "warning",
                              "span": {"start": 0, "end": 10, "text": "Just do it"}}]}
    reports = [complete(parse_report({"request": {"draft": d}, "verdict": "false_positive",
                                      "rule": "hard_sell.pushy-cta", "response": response}), engine.check)
               for d in drafts]
    store.add("brand", reports, source="http")
    stats = team_stats(store, "brand")
    entry = next(e for e in stats["rules"] if e["rule"] == "hard_sell.pushy-cta")
    assert (entry["reported"], entry["wrong"], entry["wrong_share"]) == (3, 3, 1.0)
    assert stats["suggestions"] == [{"rule": "hard_sell.pushy-cta", "toml": '[allow]\nphrases = ["just do it"]',
                                     "reason": stats["suggestions"][0]["reason"]}]
    assert "set it off each time" in stats["suggestions"][0]["reason"] and fired is not None


def test_stats_suggest_disabling_a_rule_wrong_every_time_without_a_shared_phrase(store, engine):
    reports = []
    for text in ("Book now", "Reserve today", "Sign up here"):
        response = {"flags": ["hard_sell"], "warnings": [{"rule": "hard_sell.pushy-cta", "span": {"text": text}}]}
        reports.append(complete(parse_report({"request": {"draft": f"{text}, as you asked."}, "response": response,
                                              "verdict": "false_positive", "rule": "hard_sell.pushy-cta"}),
                                engine.check))
    store.add("brand", reports, source="http")
    suggestion = team_stats(store, "brand")["suggestions"][0]
    assert suggestion["toml"] == '[rules]\ndisable = ["hard_sell.pushy-cta"]'
    assert team_stats(store, "brand", min_repeats=4)["suggestions"] == []


# ---- reports, parsed and completed -----------------------------------------------------------------
@pytest.mark.parametrize("body, message", [
    ([], "a report must be a JSON object, got a list"),
    ({"verdict": "confirmed"}, "request: is required"),
    ({"request": {"draft": ""}, "verdict": "confirmed"}, "request.draft"),
    ({"request": GENUINE, "verdict": "meh"}, "verdict: must be one of false_positive, missed, confirmed"),
    ({"request": GENUINE, "verdict": "false_positive"}, "rule: is required for a false_positive"),
    ({"request": GENUINE, "verdict": "missed"}, "category: is required for missed"),
    ({"request": GENUINE, "verdict": "missed", "category": "spam"}, "category: must be one of"),
    ({"request": GENUINE, "verdict": "confirmed", "note": 3}, "note: must be a string, got a number"),
    ({"request": GENUINE, "verdict": "confirmed", "response": {"warnings": [{}]}}, "response.warnings[0].rule"),
])
def test_a_bad_report_is_refused_naming_the_field(body, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]").replace("$", r"\$")):
        parse_report(body)


def test_a_false_positive_must_name_a_rule_that_fired(engine):
    with pytest.raises(InputError, match=r"rule: hard_sell.price-anchoring did not fire on this draft \(it fired: "):
        report(engine, GENUINE, "false_positive", rule="hard_sell.price-anchoring")
    with pytest.raises(InputError, match="rule: no rule with id 'hard_sell.nope'"):
        report(engine, GENUINE, "false_positive", rule="hard_sell.nope")


def test_a_miss_must_name_a_category_that_was_not_flagged(engine):
    with pytest.raises(InputError, match="category: hard_sell was flagged already"):
        report(engine, PITCH, "missed", category="hard_sell")
    assert report(engine, PITCH, "missed", category="out_of_step").flags == ["boilerplate", "hard_sell"]


def test_redaction_keeps_dates_prices_and_sentence_ends():
    text = "On 2026-11-20 it costs $2,997. See shop.example/deal. Call 020 7946 0958 or jo@x.co.uk. Or 07700 900123."
    assert redact(text) == ("On 2026-11-20 it costs $2,997. See https://example.com/redacted. Call +00 0000 000000 "
                            "or redacted@example.com. Or +00 0000 000000.")


def test_settings_default_to_sqlite_with_text_and_postgres_without(tmp_path):
    local = FeedbackSettings.from_env({"HOME": str(tmp_path)})
    assert local.database_url == f"sqlite:///{tmp_path}/.local/share/tactful/feedback.db" and local.store_text
    shared = FeedbackSettings.from_env({"TACTFUL_DATABASE_URL": "postgresql://db.internal/tactful"})
    assert not shared.store_text and shared.database_label == "PostgreSQL db.internal:5432/tactful"
    assert FeedbackSettings.from_env({"TACTFUL_DATABASE_URL": "postgresql://u:secret@h/d"}).database_label == \
        "PostgreSQL h:5432/d"
    for env, message in (({"TACTFUL_DATABASE_URL": "mysql://x"}, "TACTFUL_DATABASE_URL: must start with"),
                         ({"TACTFUL_FEEDBACK_STORE_TEXT": "maybe"}, "TACTFUL_FEEDBACK_STORE_TEXT"),
                         ({"TACTFUL_FEEDBACK_RETENTION_DAYS": "-1"}, "TACTFUL_FEEDBACK_RETENTION_DAYS"),
                         ({"TACTFUL_TEAM": "../etc"}, "TACTFUL_TEAM: a team name")):
        with pytest.raises(InputError, match=message):
            FeedbackSettings.from_env(env)


def test_a_new_sqlite_database_is_private_to_its_owner(tmp_path):
    path = tmp_path / "data" / "tactful" / "feedback.db"
    store = FeedbackStore.open(settings_for(f"sqlite:///{path}"))
    store.close()
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
