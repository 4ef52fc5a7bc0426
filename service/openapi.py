"""The OpenAPI document: tactful's own request schema plus a worked example on every endpoint.

Once the engine is loaded, the response examples are recomputed from the
request examples by that engine, so /docs shows what this deployment answers.
"""
from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from tactful.request import CheckRequest, parse_request
from tactful.service import examples
from tactful.service.runtime import Runtime

REQUEST_REF = {"$ref": "#/components/schemas/CheckRequest"}


def request_body(example: Any, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema, "example": example}}}}


def install_openapi(app: FastAPI, runtime: Runtime) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes, tags=app.openapi_tags)
        request_schema = CheckRequest.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(request_schema.pop("$defs", {}))
        components["CheckRequest"] = request_schema
        _document_common_errors(schema)
        if runtime.engine is None:
            return schema  # static examples for now; recomputed once the engine is loaded
        _live_examples(schema, runtime)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _live_examples(schema: dict[str, Any], runtime: Runtime) -> None:
    paths = schema["paths"]

    def set_example(path: str, method: str, status: str, value: Any) -> None:
        content = paths[path][method]["responses"][status]["content"]["application/json"]
        content["example"] = value

    set_example("/v1/check", "post", "200", runtime.check(parse_request(examples.CHECK_REQUEST)))
    set_example("/v1/check/batch", "post", "200",
                runtime.check_batch([parse_request(item) for item in examples.BATCH_REQUEST]))
    rule_id = examples.RULE_DOCS["id"]
    if rule_id in runtime.rule_bodies:
        set_example("/v1/rules/{rule_id}", "get", "200", json.loads(runtime.rule_bodies[rule_id]))
        set_example("/v1/rules", "get", "200", json.loads(runtime.rules_body)[:3])


_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_COMMON_ERRORS = {
    "401": "API keys are configured and this request has none, or a wrong one.",
}
_BODY_ERRORS = {
    "400": "The body is not JSON, nests deeper than TACTFUL_MAX_JSON_DEPTH, or repeats a key in one object.",
    "408": "The body did not arrive within TACTFUL_BODY_TIMEOUT seconds.",
    "413": "The body is over TACTFUL_MAX_BODY_BYTES.",
}


def _document_common_errors(schema: dict[str, Any]) -> None:
    """Every /v1/* operation documents the errors any of them can give (401; and for a body, 400/408/413),
    so the schema lists every status the service answers (schemathesis holds it to that)."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "ErrorBody", {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}})
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            errors = dict(_COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(_BODY_ERRORS)
            for status, description in errors.items():
                responses.setdefault(status, {"description": description,
                                              "content": {"application/json": {"schema": _ERROR_REF}}})
