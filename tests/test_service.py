"""The HTTP service through FastAPI's TestClient: every endpoint and every error path.

All tests use the rules-only `engine` fixture (tests/conftest.py), injected into
the app, so they pass whether or not the classifier artifacts exist.
"""
from __future__ import annotations

import json
import logging
import random
import re

import pytest
from fastapi.testclient import TestClient

from tactful.config import Config
from tactful.engine import Engine
from tactful.request import MAX_DRAFT_CHARS
from tactful.service import examples
from tactful.service.app import create_app
from tactful.service.settings import Settings

AUTO_DM = {
    "id": "post-1842",
    "draft": "Thanks for following! Grab 50% off my course today only: mysite.example/course",
    "channel": "dm",
    "send_at": "2026-11-20T13:01:00Z",
    "history": [{"from": "them", "kind": "follow", "at": "2026-11-20T13:00:00Z"}],
}
GENUINE = {
    "id": "post-1843",
    "draft": "Thanks for the add and your note, Aisha! Is there a time this week to chat live about the river project?",
    "recipient": {"name": "Aisha Bello"},
    "send_at": "2026-11-20T13:05:00Z",
    "history": [{"from": "them", "text": "Loved your piece on river restoration. Would be great to compare notes.",
                 "at": "2026-11-20T12:40:00Z"}],
}


@pytest.fixture(scope="module")
def make_client(engine):
    """Open a TestClient on an app with the given settings (rules only by default), closed at module end."""
    opened = []

    def make(engine_to_use: Engine = engine, **settings) -> TestClient:
        client = TestClient(create_app(Settings(**{"no_model": True, **settings}), engine=engine_to_use))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def client(make_client) -> TestClient:
    return make_client()


# ---- POST /v1/check ------------------------------------------------------------------------------

def test_check_returns_the_contract_response(client, engine):
    response = client.post("/v1/check", json=AUTO_DM)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"id", "verdict", "score", "flags", "categories", "warnings"}
    assert body["id"] == "post-1842"
    assert "boilerplate" in body["flags"] and body["verdict"] in ("review", "block")
    assert body == engine.check(AUTO_DM)


def test_genuine_draft_passes(client):
    body = client.post("/v1/check", json=GENUINE).json()
    assert body["flags"] == [] and body["verdict"] == "pass"


def test_unknown_fields_are_ignored(client):
    response = client.post("/v1/check", json={**GENUINE, "priority": "high", "recipient": {"name": "Aisha",
                                                                                          "tier": 3}})
    assert response.status_code == 200


def test_every_response_has_a_request_id_and_a_given_one_is_kept(client):
    generated = client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/healthz", headers={"X-Request-ID": "sched-42.7"}).headers["x-request-id"] == "sched-42.7"
    # A request id that could forge log lines is replaced, not echoed.
    replaced = client.get("/healthz", headers={"X-Request-ID": "a b\tc"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_a_long_draft_is_checked_off_the_event_loop_with_the_same_answer(client, engine):
    request = {"draft": "We met at the Leeds meetup and talked about river restoration. " * 120,
               "send_at": "2026-11-20T13:00:00Z"}
    assert client.post("/v1/check", json=request).json() == engine.check(request)


# ---- 400: not JSON -------------------------------------------------------------------------------

@pytest.mark.parametrize("body,words", [
    (b'{"draft": "hi"', "not valid JSON"),
    (b"", "body is empty"),
    (b"   \n", "body is empty"),
    (b'{"draft": "caf\xe9"}', "not UTF-8"),
    (b"[" * 5000 + b"]" * 5000, "nests deeper than 32 levels (TACTFUL_MAX_JSON_DEPTH)"),
])
def test_unparseable_body_is_400_in_plain_words(client, body, words):
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert "\n" not in response.json()["error"]


# ---- 422: invalid fields -------------------------------------------------------------------------

@pytest.mark.parametrize("request_body,message", [
    ({}, "draft: is required"),
    ({"draft": ""}, "draft: must not be empty"),
    ({"draft": "   "}, "draft: draft is empty"),
    ({"draft": 42}, "draft: must be a string, got a number"),
    ({"draft": "hi", "channel": "fax"}, "channel: must be one of"),
    ({"draft": "hi", "history": [{"from": "x", "text": "hello"}]},
     "history[0].from: must be one of 'me' or 'them', got 'x'"),
    ({"draft": "hi", "history": [{"from": "them", "kind": "message"}]}, "history[0]"),
    ({"draft": "hi", "send_at": "next tuesday"}, "send_at: must be an ISO 8601 time"),
    ({"draft": "hi", "recipient": "Dana"}, "recipient: must be an object"),
    ({"draft": "x" * (MAX_DRAFT_CHARS + 1)}, f"draft: is too long (limit {MAX_DRAFT_CHARS} characters, TACTFUL_MAX_DRAFT_CHARS)"),
    (["draft"], "a request must be a JSON object, got a list"),
])
def test_invalid_field_is_422_naming_the_field(client, request_body, message):
    response = client.post("/v1/check", json=request_body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert message in error
    assert "\n" not in error and "pydantic" not in error.lower()


def test_random_bad_input_never_gives_a_500(client):
    """Mutate a valid request field by field with values of every JSON type: 200, 400 or 422, never 500."""
    rng = random.Random(20261120)
    junk = [None, True, 0, -1, 1e308, "", " ", "x" * 600, "\u0000", "🙂" * 30, [], [None], {}, {"from": "me"},
            [[[[]]]], "2026-13-45T99:99:99", "me", "them", "follow"]

    def mutate(value, depth=0):
        if isinstance(value, dict) and value and depth < 4 and (depth == 0 or rng.random() < 0.7):
            key = rng.choice(list(value))
            return {**value, key: mutate(value[key], depth + 1)}
        if isinstance(value, list) and value and depth < 4 and rng.random() < 0.7:
            index = rng.randrange(len(value))
            return value[:index] + [mutate(value[index], depth + 1)] + value[index + 1:]
        return rng.choice(junk)

    base = {**GENUINE, "recipient": {"name": "Aisha", "handle": "@aisha", "company": "Rivers Ltd"},
            "history": [{"from": "them", "kind": "message", "text": "hello", "at": "2026-11-20T12:00:00Z"},
                        {"from": "me", "kind": "call", "text": "45-minute call"}]}
    statuses = set()
    for _ in range(250):
        response = client.post("/v1/check", json=mutate(base))
        statuses.add(response.status_code)
        assert response.status_code in (200, 422), response.text
        assert "error" in response.json() or "verdict" in response.json()
    for _ in range(40):
        response = client.post("/v1/check/batch", json=[mutate(base), base])
        assert response.status_code in (200, 422), response.text
    assert statuses == {200, 422}


# ---- 413: body over the limit --------------------------------------------------------------------

def test_body_over_the_limit_is_413_from_its_content_length(make_client):
    small = make_client(max_body_bytes=2_000)
    response = small.post("/v1/check", json={"draft": "We met at the Leeds meetup. " * 200})
    assert response.status_code == 413
    assert response.json() == {"error": "the request body is over the limit of 2000 bytes (TACTFUL_MAX_BODY_BYTES)",
                               "limit_bytes": 2000}


def test_body_over_the_limit_is_413_without_content_length(make_client):
    small = make_client(max_body_bytes=2_000)

    def chunks():
        for _ in range(50):
            yield b'{"draft": "' + b"x" * 500

    response = small.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "2000 bytes" in response.json()["error"]


def test_body_reading_stops_as_soon_as_it_passes_the_limit():
    """TestClient buffers a streamed body, so drive the reader with ASGI messages directly."""
    import asyncio

    from tactful.service.body import read_body
    from tactful.service.errors import HTTPProblem

    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 1_000, "more_body": True}

    with pytest.raises(HTTPProblem) as refused:
        asyncio.run(read_body({"headers": [(b"transfer-encoding", b"chunked")]}, receive, 2_500))
    assert refused.value.status == 413 and len(received) == 3


def test_body_at_the_limit_is_accepted(make_client, engine):
    body = json.dumps(GENUINE).encode()
    exact = make_client(max_body_bytes=len(body))
    assert exact.post("/v1/check", content=body).status_code == 200


# ---- POST /v1/check/batch ------------------------------------------------------------------------

def test_batch_answers_in_order(client, engine):
    requests = [GENUINE, AUTO_DM, {**GENUINE, "id": "third"}]
    response = client.post("/v1/check/batch", json=requests)
    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body] == ["post-1843", "post-1842", "third"]
    assert body == engine.check_many(requests)


def test_empty_batch_is_an_empty_list(client):
    assert client.post("/v1/check/batch", json=[]).json() == []


def test_batch_of_many_runs_and_keeps_order(client):
    requests = [{"id": str(n), "draft": f"Loved your talk on river number {n}, Aisha.", "channel": "post"}
                for n in range(40)]
    body = client.post("/v1/check/batch", json=requests).json()
    assert [r["id"] for r in body] == [str(n) for n in range(40)]


def test_batch_marks_a_mass_blast(client):
    names = ["Dana Kim", "Sam Ortiz", "Priya Nair", "Tom Becker"]
    requests = [{"id": f"q-{i}", "recipient": {"name": name},
                 "draft": f"Hi {name.split()[0]}, great to meet you at the summit last week. "
                          "Let me know if you'd like to grab coffee sometime."}
                for i, name in enumerate(names)] + [GENUINE]
    body = client.post("/v1/check/batch", json=requests).json()
    for response in body[:4]:
        blast = [w for w in response["warnings"] if w["rule"] == "boilerplate.mass-blast"]
        assert len(blast) == 1
        assert blast[0]["evidence"] == "the same text goes to 4 recipients in this batch"
        assert blast[0]["severity"] == "warning" and blast[0]["span"] is None
        assert "boilerplate" in response["flags"] and response["verdict"] != "pass"
    assert body[4]["flags"] == []
    # The same drafts one at a time are fine: only the batch shows the blast.
    assert client.post("/v1/check", json=requests[0]).json()["flags"] == []


def test_concurrent_batches_and_checks_give_the_same_answers(make_client, engine):
    """Batches run on worker threads while single checks run on the event loop; one engine lock keeps them apart."""
    from concurrent.futures import ThreadPoolExecutor

    app_runtime = make_client().app.state.runtime
    from tactful.request import parse_request

    batch = [parse_request({**GENUINE, "id": str(n)}) for n in range(70)] + [parse_request(AUTO_DM)]
    single = parse_request(AUTO_DM)
    expected_batch, expected_single = app_runtime.check_batch(batch), engine.check(single)
    with ThreadPoolExecutor(max_workers=6) as pool:
        batches = [pool.submit(app_runtime.check_batch, batch) for _ in range(3)]
        singles = [pool.submit(app_runtime.check, single) for _ in range(30)]
        assert all(future.result(timeout=120) == expected_batch for future in batches)
        assert all(future.result(timeout=120) == expected_single for future in singles)


def test_batch_over_the_limit_is_413_naming_the_limit(make_client):
    small = make_client(max_batch=3)
    response = small.post("/v1/check/batch", json=[GENUINE] * 4)
    assert response.status_code == 413
    assert response.json() == {"error": "the batch has 4 requests; the limit is 3 (TACTFUL_MAX_BATCH)", "limit": 3}
    assert small.post("/v1/check/batch", json=[GENUINE] * 3).status_code == 200


def test_bad_batch_item_fails_the_batch_naming_its_index(client):
    requests = [GENUINE, GENUINE, GENUINE, {"id": "no-draft"}]
    response = client.post("/v1/check/batch", json=requests)
    assert response.status_code == 422
    assert response.json() == {"error": "[3].draft: is required", "index": 3}
    nested = client.post("/v1/check/batch", json=[GENUINE, {"draft": "hi", "history": [{"from": "x", "text": "a"}]}])
    assert nested.json()["error"] == "[1].history[0].from: must be one of 'me' or 'them', got 'x'"
    not_object = client.post("/v1/check/batch", json=[GENUINE, "hello"])
    assert not_object.json() == {"error": "[1]: a request must be a JSON object, got a string", "index": 1}


def test_batch_body_must_be_a_list(client):
    response = client.post("/v1/check/batch", json=GENUINE)
    assert response.status_code == 422
    assert response.json()["error"] == "the body must be a JSON list of requests, got an object"
    assert client.post("/v1/check/batch", content=b"[{").status_code == 400


# ---- rules ---------------------------------------------------------------------------------------

def test_rules_lists_every_rule(client, engine):
    body = client.get("/v1/rules").json()
    assert [rule["id"] for rule in body] == [rule.id for rule in engine.all_rules]
    first = body[0]
    assert set(first) == {"id", "category", "severity", "score", "kind", "message", "enabled"}


def test_one_rule_shows_its_docs(client):
    response = client.get("/v1/rules/boilerplate.unfilled-merge-field")
    assert response.status_code == 200
    docs = response.json()
    assert docs["id"] == "boilerplate.unfilled-merge-field" and docs["enabled"] is True
    assert docs["why"] and docs["suggestion"] and docs["examples"]["flag"] and docs["examples"]["pass"]


def test_unknown_rule_is_404_with_a_clear_message(client):
    response = client.get("/v1/rules/boilerplate.no-such-rule")
    assert response.status_code == 404
    assert response.json() == {"error": "no rule with id 'boilerplate.no-such-rule'; GET /v1/rules lists them"}
    close = client.get("/v1/rules/unfilled-merge-field").json()["error"]
    assert close.endswith("did you mean boilerplate.unfilled-merge-field?")


def test_disabled_rule_is_listed_as_disabled_with_overrides_applied():
    config = Config(disabled={"hard_sell.capitals-shouting"}, score={"boilerplate.unfilled-merge-field": 9.0})
    engine = Engine.load(config=config, use_model=False)
    with TestClient(create_app(Settings(no_model=True), engine=engine)) as client:
        rules = {rule["id"]: rule for rule in client.get("/v1/rules").json()}
        assert rules["hard_sell.capitals-shouting"]["enabled"] is False
        assert rules["boilerplate.unfilled-merge-field"]["score"] == 9.0
        assert client.get("/v1/rules/hard_sell.capitals-shouting").json()["enabled"] is False


# ---- health, readiness, unknown paths ------------------------------------------------------------

def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_200_when_rules_are_loaded_and_the_model_is_off(client, engine):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "rules": len(engine.rules), "model": "off"}


def test_readyz_is_503_when_the_model_is_wanted_but_not_loaded(make_client):
    wanting = make_client(no_model=False)  # the rules-only engine has no classifier
    response = wanting.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready" and body["model"] == "missing"
    assert "classifier is not loaded" in body["error"] and "TACTFUL_NO_MODEL=1" in body["error"]
    # It still answers checks (rules only) while an orchestrator keeps traffic away.
    assert wanting.post("/v1/check", json=GENUINE).status_code == 200


def test_unknown_path_and_wrong_method_are_json_errors(client):
    missing = client.get("/v1/chek")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no endpoint GET /v1/chek; see /docs"}
    wrong = client.get("/v1/check")
    assert wrong.status_code == 405
    assert wrong.json() == {"error": "/v1/check does not take GET; use POST"}


def test_a_bug_is_a_json_500_with_the_request_id(make_client, engine, monkeypatch, caplog):
    broken = make_client()

    def explode(requests):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "check_many", explode)
    with caplog.at_level(logging.ERROR, logger="tactful.service"):
        response = broken.post("/v1/check", json=GENUINE, headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; the service log has the details under request id req-500",
                               "request_id": "req-500"}
    assert any(record.exc_info for record in caplog.records)


# ---- API keys ------------------------------------------------------------------------------------

def test_without_api_keys_v1_is_open(client):
    assert client.get("/v1/rules").status_code == 200


def test_api_keys_guard_v1_and_leave_operations_open(make_client):
    guarded = make_client(api_keys=("k-alpha", "k-beta"))
    for method, path, body in (("post", "/v1/check", GENUINE), ("post", "/v1/check/batch", [GENUINE]),
                               ("get", "/v1/rules", None), ("get", "/v1/rules/boilerplate.unfilled-merge-field", None)):
        kwargs = {"json": body} if body is not None else {}
        none = getattr(guarded, method)(path, **kwargs)
        assert none.status_code == 401, path
        assert none.json()["error"] == "this endpoint needs an API key: send 'Authorization: Bearer <key>'"
        assert none.headers["www-authenticate"].startswith("Bearer")
        wrong = getattr(guarded, method)(path, headers={"Authorization": "Bearer k-gamma"}, **kwargs)
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "missing or wrong API key: send 'Authorization: Bearer <key>'"
        right = getattr(guarded, method)(path, headers={"Authorization": "Bearer k-beta"}, **kwargs)
        assert right.status_code == 200, path
    assert guarded.get("/v1/rules", headers={"Authorization": "bearer k-alpha"}).status_code == 200
    assert guarded.get("/v1/rules", headers={"Authorization": "Basic k-alpha"}).status_code == 401
    assert guarded.get("/v1/rules", headers={"Authorization": "Bearer k-alph"}).status_code == 401
    assert guarded.get("/v1/rules", headers={"Authorization": "Bearer \u00e9".encode("utf-8")}).status_code == 401
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert guarded.get(path).status_code == 200, path


# ---- metrics -------------------------------------------------------------------------------------

def test_metrics_count_requests_latency_flags_and_errors(make_client):
    fresh = make_client()
    fresh.post("/v1/check", json=AUTO_DM)
    fresh.post("/v1/check", content=b"{")
    fresh.post("/v1/check", json={})
    fresh.get("/v1/rules/nope")
    fresh.post("/v1/check/batch", json=[{"draft": "Quick question: are you still looking for help with your "
                                                  "bookkeeping this quarter?", "recipient": {"handle": f"@p{n}"}}
                                        for n in range(3)])
    response = fresh.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    samples = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert samples and all(line.startswith("tactful_") for line in samples)
    assert 'tactful_http_requests_total{method="POST",route="/v1/check",status="200"} 1.0' in text
    assert 'tactful_http_request_duration_seconds_bucket{le="0.5",route="/v1/check"}' in text
    assert 'tactful_flags_total{category="boilerplate"} 4.0' in text  # the auto-DM and the 3-draft blast
    assert 'tactful_flags_total{category="hard_sell"} 1.0' in text
    assert 'tactful_drafts_checked_total{verdict="review"}' in text or 'verdict="block"' in text
    assert 'tactful_http_errors_total{kind="bad_json"} 1.0' in text
    assert 'tactful_http_errors_total{kind="invalid_request"} 1.0' in text
    assert 'tactful_http_errors_total{kind="not_found"} 1.0' in text
    assert "tactful_mass_blast_drafts_total 3.0" in text
    assert "tactful_rules_loaded " in text and "tactful_model_loaded 0.0" in text
    assert 'route="/v1/rules/{id}"' in text and "nope" not in text  # rule ids do not become labels


# ---- logs ----------------------------------------------------------------------------------------

def _access_lines(caplog):
    return [record.__dict__["fields"] for record in caplog.records if record.name == "tactful.access"]


def test_each_request_logs_one_line_with_id_latency_and_flags_but_no_draft(client, caplog):
    with caplog.at_level(logging.INFO, logger="tactful.access"):
        client.post("/v1/check", json=AUTO_DM, headers={"X-Request-ID": "log-1"})
        client.post("/v1/check", json={"draft": ""}, headers={"X-Request-ID": "log-2"})
    first, second = _access_lines(caplog)
    assert first["request_id"] == "log-1" and first["status"] == 200 and first["latency_ms"] > 0
    assert "boilerplate" in first["flags"] and first["verdict"] in ("review", "block")
    assert second["status"] == 422 and second["error"] == "draft: must not be empty"
    logged = " ".join(json.dumps(line) for line in (first, second)) + caplog.text
    assert "Grab 50% off" not in logged


def test_draft_text_is_logged_only_at_debug(make_client, caplog):
    debugging = make_client(log_level="debug")
    with caplog.at_level(logging.INFO, logger="tactful.access"):
        debugging.post("/v1/check", json=AUTO_DM)
        debugging.post("/v1/check/batch", json=[AUTO_DM, GENUINE])
    single, batch = _access_lines(caplog)
    assert single["draft"] == AUTO_DM["draft"]
    assert batch["drafts"] == 2 and batch["drafts_text"] == [AUTO_DM["draft"], GENUINE["draft"]]


def test_log_lines_are_json(client):
    from tactful.service.logs import JsonFormatter

    record = logging.makeLogRecord({"name": "tactful.access", "levelno": 20, "levelname": "INFO",
                                    "msg": "POST /v1/check 200", "fields": {"request_id": "r1", "flags": []}})
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "r1" and line["message"] == "POST /v1/check 200" and line["level"] == "info"


# ---- OpenAPI -------------------------------------------------------------------------------------

def test_openapi_has_a_worked_example_on_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert {path for path, _, _ in operations} == {"/v1/check", "/v1/check/batch", "/v1/rules", "/v1/rules/{rule_id}",
                                                   "/v1/feedback", "/v1/feedback/stats", "/v1/admin/reload",
                                                   "/healthz", "/readyz", "/metrics"}
    for path, method, op in operations:
        ok = (op["responses"].get("200") or op["responses"]["201"])["content"]
        assert any("example" in media for media in ok.values()), f"{method} {path} has no response example"
        if method == "post" and path != "/v1/admin/reload":  # reload takes no body
            body = op["requestBody"]["content"]["application/json"]
            assert body["example"] and body["schema"], path
    assert "CheckRequest" in schema["components"]["schemas"]
    assert "from" in json.dumps(schema["components"]["schemas"]["HistoryItem"])


def test_openapi_examples_are_what_the_engine_answers(client, engine):
    schema = client.get("/openapi.json").json()
    live = schema["paths"]["/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    assert live == engine.check(examples.CHECK_REQUEST)
    # The static fallbacks (shown before the engine loads) must not drift from the rules either.
    assert examples.CHECK_RESPONSE["flags"] == engine.check(examples.CHECK_REQUEST)["flags"]
    client_batch = client.post("/v1/check/batch", json=examples.BATCH_REQUEST).json()
    assert [r["flags"] for r in client_batch] == [r["flags"] for r in examples.BATCH_RESPONSE]
    for status in (400, 422):
        assert "error" in examples.ERRORS[status]


def test_docs_page_is_served(client):
    response = client.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()
