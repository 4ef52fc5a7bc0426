"""Feedback over HTTP (TestClient): report, list, stats, teams, admin reload, and an old schema refused."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tactful.feedback import db
from tactful.feedback.settings import FeedbackSettings
from tactful.service.app import create_app
from tactful.service.settings import Settings

AUTO_DM = {"draft": "Thanks for following! Grab 50% off my course today only: mysite.example/course",
           "history": [{"from": "them", "kind": "follow"}]}
GENUINE = {"draft": "Thanks for the add and your note, Aisha! Is there a time this week to chat about the river "
                    "project? My number is 07700 900123.",
           "history": [{"from": "them", "text": "Loved your piece on river restoration."}]}
KEYS = {"growth": "key-growth-0001", "support": "key-support-0002"}


def bearer(team: str) -> dict:
    return {"Authorization": f"Bearer {KEYS[team]}"}


@pytest.fixture
def client_for(database_url, tmp_path, engine):
    opened = []

    def make(**settings) -> TestClient:
        feedback = FeedbackSettings(database_url=database_url, store_text=settings.pop("store_text", True),
                                    retention_days=180, models_root=tmp_path / "models")
        client = TestClient(create_app(Settings(**{"no_model": True, "feedback": feedback, **settings}),
                                       engine=engine))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def teams_client(client_for):
    return client_for(api_keys=tuple(KEYS.values()), team_keys={key: team for team, key in KEYS.items()})


def test_report_a_false_positive_and_a_miss_then_see_them_in_stats(teams_client, engine):
    fired = engine.check(AUTO_DM)
    rule = fired["warnings"][0]["rule"]
    wrong = {"request": AUTO_DM, "response": fired, "verdict": "false_positive", "rule": rule, "reporter": "sam"}
    missed = {"request": GENUINE, "verdict": "missed", "category": "out_of_step", "note": "they asked me to stop"}
    answer = teams_client.post("/v1/feedback", json=[wrong, missed], headers=bearer("growth"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["team"] == "growth" and body["text_stored"] is True and len(body["ids"]) == 2
    listed = teams_client.get("/v1/feedback", headers=bearer("growth")).json()
    assert listed["total"] == 2 and listed["next_offset"] is None
    assert [item["verdict"] for item in listed["items"]] == ["missed", "false_positive"]
    assert "07700 900123" not in listed["items"][0]["draft"] and "+00 0000 000000" in listed["items"][0]["draft"]
    stats = teams_client.get("/v1/feedback/stats", headers=bearer("growth")).json()
    assert stats["verdicts"] == {"false_positive": 1, "missed": 1, "confirmed": 0}
    assert stats["missed"]["out_of_step"] == 1
    entry = next(e for e in stats["rules"] if e["rule"] == rule)
    assert entry["wrong"] == 1 and entry["reported"] == 1


def test_a_team_never_sees_another_teams_reports(teams_client):
    teams_client.post("/v1/feedback", json={"request": GENUINE, "verdict": "confirmed"}, headers=bearer("growth"))
    assert teams_client.get("/v1/feedback", headers=bearer("support")).json()["total"] == 0
    assert teams_client.get("/v1/feedback/stats", headers=bearer("support")).json()["reports"] == 0
    assert teams_client.get("/v1/feedback", headers=bearer("growth")).json()["total"] == 1
    assert teams_client.get("/v1/feedback").status_code == 401


def test_checks_are_counted_per_team_for_hit_frequencies(teams_client):
    for _ in range(3):
        assert teams_client.post("/v1/check", json=AUTO_DM, headers=bearer("support")).status_code == 200
    teams_client.post("/v1/check/batch", json=[AUTO_DM, GENUINE], headers=bearer("support"))
    stats = teams_client.get("/v1/feedback/stats", headers=bearer("support")).json()
    assert stats["checks"] == 5
    hit = max(stats["rules"], key=lambda e: e["hits"])
    assert hit["hits"] == 4 and hit["hit_rate"] == 0.8
    assert teams_client.get("/v1/feedback/stats", headers=bearer("growth")).json()["checks"] == 0


def test_without_the_response_the_draft_is_checked_again(client_for):
    client = client_for()
    answer = client.post("/v1/feedback", json={"request": AUTO_DM, "verdict": "confirmed"})
    assert answer.status_code == 201 and answer.json()["team"] == "default"
    item = client.get("/v1/feedback").json()["items"][0]
    assert "boilerplate" in item["flags"] and item["rules"] and item["response_verdict"] in ("review", "block")


@pytest.mark.parametrize("body, status, message", [
    ({"request": GENUINE, "verdict": "false_positive", "rule": "hard_sell.pushy-cta"}, 422,
     "rule: hard_sell.pushy-cta did not fire on this draft"),
    ([{"request": GENUINE, "verdict": "confirmed"}, {"request": GENUINE}], 422, "[1].verdict: must be one of"),
    ([], 422, "the body is an empty list"),
    ({"request": AUTO_DM, "verdict": "missed", "category": "boilerplate"}, 422, "category: boilerplate was flagged"),
])
def test_a_bad_report_gets_one_line_and_nothing_is_stored(client_for, body, status, message):
    client = client_for()
    answer = client.post("/v1/feedback", json=body)
    assert answer.status_code == status and message in answer.json()["error"], answer.text
    assert client.get("/v1/feedback").json()["total"] == 0


@pytest.mark.parametrize("query, message", [
    ("verdict=nope", "verdict: must be one of"), ("limit=0", "limit: must be between 1 and 500"),
    ("offset=x", "offset: must be a whole number"), ("since=yesterday", "since: expected a date"),
])
def test_bad_list_filters_get_422(client_for, query, message):
    answer = client_for().get(f"/v1/feedback?{query}")
    assert answer.status_code == 422 and message in answer.json()["error"]


def test_filters_and_paging(client_for):
    client = client_for()
    for _ in range(3):
        client.post("/v1/feedback", json={"request": GENUINE, "verdict": "confirmed"})
    client.post("/v1/feedback", json={"request": GENUINE, "verdict": "missed", "category": "hard_sell"})
    page = client.get("/v1/feedback?verdict=confirmed&limit=2").json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["next_offset"] == 2
    rest = client.get("/v1/feedback?verdict=confirmed&limit=2&offset=2").json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    assert client.get("/v1/feedback?category=hard_sell").json()["total"] == 1
    assert client.get("/v1/feedback?since=2999-01-01").json()["total"] == 0


def test_with_text_off_the_api_keeps_no_draft(client_for):
    client = client_for(store_text=False)
    assert client.post("/v1/feedback", json={"request": GENUINE, "verdict": "confirmed"}).json()["text_stored"] is False
    assert client.get("/v1/feedback").json()["items"][0]["draft"] is None


def test_admin_reload_needs_an_api_key(client_for, teams_client):
    answer = client_for().post("/v1/admin/reload")
    assert answer.status_code == 403 and "set TACTFUL_API_KEYS" in answer.json()["error"]
    assert teams_client.post("/v1/admin/reload").status_code == 401
    reloaded = teams_client.post("/v1/admin/reload", headers=bearer("growth"))
    assert reloaded.status_code == 200 and reloaded.json()["models"] == {}


def test_a_worker_on_an_old_schema_refuses_to_start_naming_the_command(database_url, tmp_path, engine):
    sql = db.make_engine(database_url)
    db.upgrade(sql, to="0001")
    sql.dispose()
    feedback = FeedbackSettings(database_url=database_url, store_text=True, retention_days=180,
                                models_root=tmp_path / "models")
    with pytest.raises(db.DatabaseError, match="run `tactful db upgrade`"):
        with TestClient(create_app(Settings(no_model=True, feedback=feedback), engine=engine)):
            pass


def test_tactful_serve_refuses_an_old_schema_in_one_line(tmp_path, monkeypatch, capsys):
    from tactful.cli import main

    path = tmp_path / "old.db"
    sql = db.make_engine(f"sqlite:///{path}")
    db.upgrade(sql, to="0001")
    sql.dispose()
    monkeypatch.setenv("TACTFUL_FEEDBACK_DB", str(path))
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema 0001, this tactful needs 0002: run `tactful db upgrade`" in err
    assert main(["db", "upgrade"]) == 0 and "0001 -> 0002" in capsys.readouterr().out


def test_team_keys_setting_maps_keys_to_teams():
    settings = Settings.from_env({"TACTFUL_TEAM_KEYS": "growth:abc123,support:def456", "TACTFUL_API_KEYS": "plain"})
    assert settings.team_keys == {"abc123": "growth", "def456": "support"}
    assert set(settings.api_keys) == {"plain", "abc123", "def456"}
    assert "abc123" not in repr(settings)
    from tactful.errors import InputError

    for bad in ("growth", "growth:", "bad team:k", "a:k,b:k"):
        with pytest.raises(InputError, match="TACTFUL_TEAM_KEYS"):
            Settings.from_env({"TACTFUL_TEAM_KEYS": bad})


def test_a_database_failure_is_a_503_without_the_draft_in_the_log(client_for, caplog):
    client = client_for()
    client.app.state.teams.store.engine.dispose()
    store = client.app.state.teams.store

    def broken(*args, **kwargs):
        import sqlalchemy as sa

        raise sa.exc.OperationalError("INSERT INTO feedback_reports ...", {"draft": GENUINE["draft"]}, Exception("gone"))

    store.add = broken
    with caplog.at_level("INFO"):
        answer = client.post("/v1/feedback", json={"request": GENUINE, "verdict": "confirmed"})
    assert answer.status_code == 503 and answer.json()["error"] == "the feedback database did not answer; retry later"
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "river project" not in logged
    assert any(getattr(record, "error", None) == "OperationalError" for record in caplog.records)
