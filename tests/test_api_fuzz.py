"""API fuzzing: schemathesis against the service's own OpenAPI schema, in process (ASGI).

Every operation of the document (all of `/v1/*`, plus the operations endpoints) is
called with generated requests, valid and invalid, on an app without API keys and on
one with keys (each call with and without a key). Checks: no 5xx, every status code is
documented, every body matches the schema documented for its status, and the content
type is the documented one. Examples are few per operation so the suite stays fast
(`TACTFUL_FUZZ_EXAMPLES` raises them); the run is derandomised, so a failure reproduces.
"""
from __future__ import annotations

import os
from datetime import timedelta

import schemathesis
from hypothesis import HealthCheck, given, note, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from tactful.service.app import create_app
from tactful.service.settings import Settings

EXAMPLES = int(os.environ.get("TACTFUL_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
KEY = "fuzz-key-0123456789"


def _schema(api_keys: tuple[str, ...]):
    from tactful.engine import Engine

    engine = Engine.load(use_model=False)
    app = create_app(Settings(no_model=True, api_keys=api_keys), engine=engine)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=10), derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _fuzz(schema, header_sets: list[dict]) -> list[str]:
    """Run every operation; returns the labels run (a failure raises with the falsifying case)."""
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            note(f"operation: {operation.label}")
            for headers in header_sets:
                case.call_and_validate(checks=CHECKS, headers=headers)

        run()
    return labels


def test_the_service_answers_as_documented():
    labels = _fuzz(_schema(()), [{}])
    assert "POST /v1/check" in labels and "POST /v1/check/batch" in labels


def test_the_service_with_api_keys_answers_as_documented():
    labels = _fuzz(_schema((KEY,)), [{"Authorization": f"Bearer {KEY}"}, {"Authorization": "Bearer wrong-key"}, {}])
    assert any(label.startswith("GET /v1/rules") for label in labels)
