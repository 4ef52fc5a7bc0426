"""The service under hostile input and overload (issues 16 and 14): contract edges, fault isolation,
a worker that keeps answering /healthz, and bounded in-flight work with 503 + Retry-After.

TestClient for the request/response rules; a real `tactful serve` on 127.0.0.1 (bounded waits)
for what only a socket shows: uvicorn's own 400s, a body shorter than its Content-Length,
concurrency, deadlines.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from test_service_server import Server, call, free_port, tactful_executable
from tactful.engine import Engine
from tactful.service.app import create_app
from tactful.service.settings import Settings
from steps import python_steps

GENUINE = {"draft": "Thanks for the note, Aisha! Is Tuesday good for a call about the river project?",
           "history": [{"from": "them", "text": "Would be great to compare notes."}]}


@pytest.fixture(scope="module")
def client(engine):
    with TestClient(create_app(Settings(no_model=True), engine=engine)) as opened:
        yield opened


# ---- contract edges (issue 16, item 8) ----------------------------------------------------------

def test_a_repeated_key_is_refused_not_silently_last_wins(client):
    body = b'{"draft": "Hi {{first_name}}", "draft": "clean"}'
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": 'the key "draft" appears twice in one object'}


def test_deep_nesting_is_refused_before_parsing(client, monkeypatch):
    from tactful.service import jsonio

    def nested(depth: int) -> bytes:
        return b'{"draft": "hi", "x": ' + b"[" * depth + b"]" * depth + b"}"

    class NoParser:
        @staticmethod
        def loads(*args, **kwargs):
            raise AssertionError("the JSON parser was reached")

    with monkeypatch.context() as patched:
        patched.setattr(jsonio, "json", NoParser)
        response = client.post("/v1/check", content=nested(100_000), headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "TACTFUL_MAX_JSON_DEPTH" in response.json()["error"]
    # The depth scan stops at the first bracket past the limit: ten times the nesting, the same work
    # (counted, not timed: tests/steps.py).
    def refused(depth: int) -> None:
        with pytest.raises(ValueError, match="TACTFUL_MAX_JSON_DEPTH"):
            jsonio.parse(nested(depth))

    shallow, deep = (python_steps(lambda depth=depth: refused(depth)) for depth in (10_000, 100_000))
    assert deep <= shallow + 10, (shallow, deep)


def test_null_history_and_recipient_are_accepted_and_the_schema_says_so(client):
    assert client.post("/v1/check", json={"draft": "Thanks!", "history": None, "recipient": None}).status_code == 200
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CheckRequest"]
    for field in ("history", "recipient"):
        kinds = [option.get("type") for option in schema["properties"][field].get("anyOf", [])]
        assert "null" in kinds, field


def test_a_comment_without_text_is_refused_and_the_schema_requires_it(client):
    response = client.post("/v1/check", json={"draft": "Great point!", "history": [{"from": "them", "kind": "comment"}]})
    assert response.status_code == 422 and "text is required" in response.json()["error"]
    item = client.get("/openapi.json").json()["components"]["schemas"]["HistoryItem"]
    assert item["then"]["required"] == ["text"] and "comment" in item["if"]["properties"]["kind"]["enum"]


def test_422_names_null_as_the_client_wrote_it(client):
    response = client.post("/v1/check", json={"draft": "hi", "history": [{"from": None, "text": "x"}]})
    assert response.status_code == 422
    assert response.json()["error"].endswith("got null")


# ---- fault isolation and degraded answers (items 3 and 4) ---------------------------------------

def test_a_failing_rule_keeps_the_batch_and_is_counted(monkeypatch, engine):
    from tactful.checks import needs_history

    # A named rule that runs on a draft without history (one that needs history is skipped before it runs).
    named = next(rule for rule in engine.rules if rule.kind == "named" and not needs_history(rule.params["check"]))

    def run(ctx):
        raise KeyError(ctx.draft)

    monkeypatch.setattr(engine.ruleset.kinds[named.id], "run", run)
    with TestClient(create_app(Settings(no_model=True), engine=engine)) as client:
        response = client.post("/v1/check/batch", json=[GENUINE, {"draft": "Hi {{first_name}}!"}])
        assert response.status_code == 200
        body = response.json()
        assert len(body) == 2 and "boilerplate" in body[1]["flags"]
        assert body[0]["engine_warnings"][0]["source"] == named.id
        metrics = client.get("/metrics").text
        assert f'tactful_engine_faults_total{{source="{named.id}"}} 2.0' in metrics


def test_without_its_classifier_every_answer_says_it_is_degraded(engine):
    with TestClient(create_app(Settings(no_model=False), engine=engine)) as client:
        assert client.get("/readyz").status_code == 503
        response = client.post("/v1/check", json=GENUINE).json()
        assert response["engine_warnings"][0]["kind"] == "model_not_loaded"
        batch = client.post("/v1/check/batch", json=[GENUINE, GENUINE]).json()
        assert all(r["engine_warnings"][0]["source"] == "model" for r in batch)


# ---- the real server ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hardened")
    port = free_port()
    running = Server([tactful_executable(), "serve", "--host", "127.0.0.1", "--port", str(port)], port, workdir,
                     TACTFUL_MAX_IN_FLIGHT="2", TACTFUL_REQUEST_TIMEOUT="3", TACTFUL_BODY_TIMEOUT="1",
                     TACTFUL_LOG_LEVEL="warning", TACTFUL_MAX_BODY_BYTES="4000000")
    yield running
    running.stop()


def raw_exchange(port: int, request: bytes, timeout: float = 10.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_malformed_content_length_gets_a_json_error(server):
    reply = raw_exchange(server.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                      b"Content-Length: 12abc\r\n\r\n{}")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"application/json" in head.lower()
    assert "not valid HTTP" in json.loads(body)["error"]


def test_a_body_shorter_than_its_length_times_out_with_408(server):
    started = time.monotonic()
    reply = raw_exchange(server.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                      b"Content-Length: 100\r\n\r\n{\"draft\": ", timeout=15)
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"TACTFUL_BODY_TIMEOUT" in reply
    assert time.monotonic() - started < 10


def _slow_batch(n: int = 40, repeat: int = 25) -> list[dict]:
    # Long drafts: a batch is a few hundred milliseconds of checking, within every limit.
    return [{"draft": ("Thanks so much for the call today, really appreciated it! " * repeat) + str(i)}
            for i in range(n)]


def test_healthz_answers_within_a_second_while_the_worst_input_is_checked(server):
    hostile = [{"draft": char * 20_000} for char in ("$", "😀", "%", "{")] * 2
    result: dict = {}
    worker = threading.Thread(target=lambda: result.setdefault("batch", call(server, "POST", "/v1/check/batch", hostile)))
    worker.start()
    time.sleep(0.2)
    slowest = 0.0
    while worker.is_alive():
        started = time.monotonic()
        status, _, _ = call(server, "GET", "/healthz")
        slowest = max(slowest, time.monotonic() - started)
        assert status == 200
        time.sleep(0.05)
    worker.join()
    assert result["batch"][0] in (200, 504)
    assert slowest < 1.0, f"/healthz took {slowest:.2f} s"


def test_past_the_in_flight_limit_requests_get_503_with_retry_after_and_nothing_else(server):
    batch = _slow_batch()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: call(server, "POST", "/v1/check/batch", batch), range(8)))
    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(503) >= 1 and statuses.count(200) >= 1, statuses
    for status, headers, body in results:
        if status == 503:
            assert headers.get("retry-after") == "1" or headers.get("Retry-After") == "1"
            assert "TACTFUL_MAX_IN_FLIGHT" in json.loads(body)["error"]
        else:
            assert len(json.loads(body)) == len(batch)


def test_a_request_past_its_deadline_is_abandoned_with_504(server):
    huge = _slow_batch(900)  # many seconds of work against a 3 s deadline
    started = time.monotonic()
    status, headers, body = call(server, "POST", "/v1/check/batch", huge)
    assert status == 504, (status, body[:200])
    assert "TACTFUL_REQUEST_TIMEOUT" in json.loads(body)["error"]
    assert time.monotonic() - started < 8
    time.sleep(1.0)  # the abandoned batch stops at its next chunk; the worker is free again
    assert call(server, "POST", "/v1/check", GENUINE)[0] == 200
