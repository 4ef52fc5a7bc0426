"""The HTTP service: a thin FastAPI adapter over `tactful.api.Checker` (run it with `tactful serve`).

    POST /v1/check          one request (the contract) in, one response out
    POST /v1/check/batch    a JSON list of requests in, responses out in order, plus mass-blast warnings
    GET  /v1/rules          every rule, GET /v1/rules/{id} one rule's docs
    POST /v1/feedback, GET /v1/feedback, GET /v1/feedback/stats, POST /v1/admin/reload: see feedback.py
    GET  /healthz           alive;  GET /readyz  rules (and classifier) loaded
    GET  /metrics           Prometheus, all `tactful_*`

The check handlers read and decode the body themselves (size-limited, orjson
when installed), validate it once with tactful's own `parse_request` and return
pre-serialised JSON: no pydantic model of the body, no second validation.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from tactful import __version__
from tactful.batch import mass_blast_count
from tactful.engine import Engine
from tactful.errors import DeadlinePassed, InputError
from tactful.request import CheckRequest, json_type, parse_request
from tactful.service import examples
from tactful.service.auth import ApiKeys
from tactful.service.body import ClientGone, read_body
from tactful.service.errors import HTTPProblem, error_response, problem_response
from tactful.service.feedback import TeamState, install_feedback
from tactful.service.jsonio import dumps, parse
from tactful.service.metrics import Metrics
from tactful.service.middleware import RequestMiddleware, note_of
from tactful.service.page import install_page
from tactful.service.openapi import REQUEST_REF, install_openapi, request_body
from tactful.service.runtime import Runtime
from tactful.service.schemas import CheckResponse, ErrorBody, Health, Ready, RuleDocs, RuleSummary
from tactful.service.settings import Settings

JSON = "application/json"
_FIELD_PATH = re.compile(r"^[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*: ")
_HEALTHY = dumps({"status": "ok"})

DESCRIPTION = """\
Check outbound drafts (DMs, replies, comments, posts, emails, SMS) before they are sent:
**boilerplate**, **hard_sell** and **out_of_step** (a draft that ignores the conversation history).

Act on `flags` (empty = fine) or `verdict` (`pass`, `review`, `block`). Every error is
`{"error": "one line"}` naming the field or the limit. When `TACTFUL_API_KEYS` is set, `/v1/*`
needs `Authorization: Bearer <key>`.
"""


def _doc(description: str, example: Any, model: Any = ErrorBody) -> dict[str, Any]:
    return {"model": model, "description": description, "content": {JSON: {"example": example}}}


ERROR_DOCS = {
    401: _doc("API keys are configured and this request has none, or a wrong one.", examples.ERRORS[401]),
}
BODY_ERROR_DOCS = {
    400: _doc("The body is not JSON, nests deeper than TACTFUL_MAX_JSON_DEPTH, or repeats a key in one object.",
              examples.ERRORS[400]),
    408: _doc("The body did not arrive within TACTFUL_BODY_TIMEOUT seconds.",
              {"error": "the body did not arrive within 10 s (shorter than its Content-Length?); TACTFUL_BODY_TIMEOUT"}),
    413: _doc("The body is over TACTFUL_MAX_BODY_BYTES.", examples.ERRORS[413]),
    503: _doc("The worker already has TACTFUL_MAX_IN_FLIGHT checks in flight (retry after `Retry-After` seconds), "
              "or the engine is still loading.",
              {"error": "this worker already has 32 checks in flight (TACTFUL_MAX_IN_FLIGHT); retry after the "
                        "Retry-After seconds"}),
    504: _doc("The check did not finish within TACTFUL_REQUEST_TIMEOUT seconds and was abandoned.",
              {"error": "the check did not finish within 10 s (TACTFUL_REQUEST_TIMEOUT) and was abandoned"}),
    **ERROR_DOCS,
}


def create_app(settings: Optional[Settings] = None, engine: Optional[Engine] = None) -> FastAPI:
    """The app; the engine is loaded at startup (once per worker) unless one is given."""
    settings = settings if settings is not None else Settings.from_env()
    runtime = Runtime(settings, engine)
    metrics = Metrics()
    gate = Gate(settings, metrics)
    debug = settings.debug
    teams = TeamState(settings, runtime)
    api_keys = ApiKeys(settings.api_keys, settings.team_keys)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from tactful.errors import TactfulError

        try:
            teams.open()  # an old schema stops the worker here, naming `tactful db upgrade`
        except TactfulError as exc:
            logging.getLogger("tactful.service").error(str(exc))
            raise
        if runtime.engine is None:
            runtime.load()
        teams.load_models()
        metrics.rules_loaded.set(len(runtime.engine.rules))
        metrics.model_loaded.set(1 if runtime.engine.model_loaded else 0)
        app.openapi()  # its live examples are checks: computed now, before serving, not on a request
        background = asyncio.create_task(teams.background())
        try:
            yield
        finally:
            background.cancel()
            teams.close()
            gate.close()

    # /docs is served by tactful.service.page with Swagger UI's files from this process (no CDN); no ReDoc.
    app = FastAPI(title="tactful", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  openapi_tags=[{"name": "check", "description": "Check drafts."},
                                {"name": "rules", "description": "What each rule flags, and why."},
                                {"name": "feedback", "description": "Report wrong warnings and misses; per-rule QA."},
                                {"name": "operations", "description": "Health, readiness and metrics (no API key)."}])
    app.state.runtime = runtime
    app.state.metrics = metrics
    app.state.teams = teams
    app.add_middleware(RequestMiddleware, metrics=metrics, api_keys=api_keys)
    _install_error_handlers(app)
    install_openapi(app, runtime)
    install_page(app)

    def loaded_engine() -> Engine:
        if runtime.engine is None:
            raise HTTPProblem(503, "the engine is still loading; retry in a moment", "not_ready")
        return runtime.engine

    async def raw_body(request: Request) -> bytes:
        try:
            return await read_body(request.scope, request.receive, settings.max_body_bytes, settings.body_timeout)
        except ClientGone:
            raise HTTPProblem(400, "the client went away before the body was complete", "client_disconnected")

    def decode_body(body: bytes) -> Any:
        try:
            return parse(body)
        except ValueError as exc:
            raise HTTPProblem(400, str(exc), "bad_json") from None

    async def json_body(request: Request) -> Any:
        return decode_body(await raw_body(request))

    def team_of(request: Request) -> str:
        header = request.headers.get("authorization")
        return api_keys.team_of(header.encode("latin-1") if header else None)

    def record(request: Request, requests: list[CheckRequest], responses: list[dict[str, Any]],
               single: bool, team: str) -> None:
        metrics.observe_results(responses)
        teams.count(team, responses)
        note = note_of(request.scope)
        if single:
            if note is not None:
                note.fields = {"verdict": responses[0]["verdict"], "flags": responses[0]["flags"]}
                if debug:
                    note.fields["draft"] = requests[0].draft
            return
        flagged: dict[str, int] = {}
        for response in responses:
            for category in response["flags"]:
                flagged[category] = flagged.get(category, 0) + 1
        blasted = mass_blast_count(responses)
        if blasted:
            metrics.mass_blasts.inc(blasted)
        if note is None:
            return
        note.fields = {"drafts": len(responses), "flags": flagged, "mass_blast_drafts": blasted}
        if debug:
            note.fields["drafts_text"] = [r.draft for r in requests]

    @app.post("/v1/check", tags=["check"], summary="Check one draft",
              description="One request (the contract) in, one response out. Unknown fields are ignored.",
              response_model=None,
              responses={200: _doc("The verdict, flags, category scores and every warning.",
                                   examples.CHECK_RESPONSE, CheckResponse),
                         **BODY_ERROR_DOCS,
                         422: _doc("A field is invalid; the message names it.", examples.ERRORS[422])},
              openapi_extra=request_body(examples.CHECK_REQUEST, REQUEST_REF,
                                         "A draft about to be sent, with its recipient and history."))
    async def check(request: Request) -> Response:
        loaded_engine()
        team = team_of(request)
        body = await raw_body(request)

        def work(deadline: float) -> bytes:
            # Decoding, validating and checking all run on a worker thread, never on the event loop.
            parsed = parse_request(decode_body(body))
            response = runtime.check(parsed, team)
            record(request, [parsed], [response], single=True, team=team)
            return dumps(response)

        return Response(await gate.run(work), media_type=JSON)

    @app.post("/v1/check/batch", tags=["check"], summary="Check a batch of drafts (a scheduler's queue)",
              description=(
                  f"A JSON list of up to {settings.max_batch} requests (TACTFUL_MAX_BATCH) in; a JSON list of "
                  "responses out, in the same order. Near-identical drafts to different recipients in one "
                  "batch each get a `boilerplate.mass-blast` warning (\"the same text goes to 8 recipients in "
                  "this batch\"). The batch is checked all or nothing: if any item is invalid the whole batch "
                  "is refused with 422, naming the item (`[3].draft: is required`) and giving its `index`."),
              response_model=None,
              responses={200: _doc("One response per request, in order.", examples.BATCH_RESPONSE,
                                   list[CheckResponse]),
                         **BODY_ERROR_DOCS,
                         413: _doc("The body is over TACTFUL_MAX_BODY_BYTES, or the batch over "
                                        "TACTFUL_MAX_BATCH.", examples.ERRORS["413-batch"]),
                         422: _doc("An item is invalid; the message names its index and field.",
                                   examples.ERRORS["422-batch"])},
              openapi_extra=request_body(examples.BATCH_REQUEST,
                                         {"type": "array", "items": REQUEST_REF, "maxItems": settings.max_batch},
                                         "A list of requests, e.g. the posts queued for the next hour."))
    async def check_batch(request: Request) -> Response:
        loaded_engine()
        team = team_of(request)
        body = await raw_body(request)
        return Response(await gate.run(lambda deadline: batch_work(request, body, team, deadline)), media_type=JSON)

    def batch_work(request: Request, body: bytes, team: str, deadline: float) -> bytes:
        data = decode_body(body)
        if not isinstance(data, list):
            raise HTTPProblem(422, "the body must be a JSON list of requests, got " + json_type(data),
                              "invalid_request")
        if len(data) > settings.max_batch:
            raise HTTPProblem(413, f"the batch has {len(data)} requests; the limit is {settings.max_batch} "
                                   f"(TACTFUL_MAX_BATCH)", "batch_too_large", limit=settings.max_batch)
        parsed = []
        for index, item in enumerate(data):
            try:
                parsed.append(parse_request(item))
            except InputError as exc:
                raise HTTPProblem(422, _at_index(index, str(exc)), "invalid_request", index=index) from None
        responses = runtime.check_batch(parsed, team, deadline)
        record(request, parsed, responses, single=False, team=team)
        return dumps(responses)

    @app.get("/v1/rules", tags=["rules"], summary="List every rule", response_model=None,
             description="Each rule's id, category, severity, points and message, with `enabled: false` for "
                         "rules this deployment has switched off.",
             responses={200: _doc("All rules, in pack order.", examples.RULES, list[RuleSummary]),
                        **ERROR_DOCS})
    async def list_rules() -> Response:
        loaded_engine()
        return Response(runtime.rules_body, media_type=JSON)

    @app.get("/v1/rules/{rule_id}", tags=["rules"], summary="One rule's documentation", response_model=None,
             description="What it flags, why it hurts, what to write instead, and the examples it is tested on.",
             responses={200: _doc("The rule's docs.", examples.RULE_DOCS, RuleDocs),
                        404: _doc("No rule has this id.", examples.ERRORS[404]), **ERROR_DOCS})
    async def show_rule(rule_id: str) -> Response:
        loaded_engine()
        body = runtime.rule_bodies.get(rule_id)
        if body is None:
            close = [known for known in runtime.rule_bodies if rule_id.split(".")[-1] and
                     rule_id.split(".")[-1] in known]
            hint = f"; did you mean {close[0]}?" if close else "; GET /v1/rules lists them"
            raise HTTPProblem(404, f"no rule with id {rule_id!r}{hint}", "not_found")
        return Response(body, media_type=JSON)

    install_feedback(app, teams, api_keys, json_body, _doc)

    @app.get("/healthz", tags=["operations"], summary="Liveness", response_model=None,
             description="200 while the process serves HTTP. Never needs an API key.",
             responses={200: _doc("Alive.", {"status": "ok"}, Health)})
    async def healthz() -> Response:
        return Response(_HEALTHY, media_type=JSON)

    @app.get("/readyz", tags=["operations"], summary="Readiness", response_model=None,
             description="200 when the rules are loaded and, unless the service runs rules only, the "
                         "classifier too; 503 otherwise, with the reason.",
             responses={200: _doc("Ready.", {"status": "ready", "rules": 29, "model": "loaded"}, Ready),
                        503: _doc("Not ready.", {"status": "not ready", "rules": 29, "model": "missing",
                                                      "error": "the classifier is not loaded: no model package or "
                                                               "artifacts installed; set TACTFUL_NO_MODEL=1 to "
                                                               "serve rules only"}, Ready)})
    async def readyz() -> Response:
        status, body = runtime.readiness()
        return Response(dumps(body), status_code=status, media_type=JSON)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_model=None,
             description="Requests, latency, errors, drafts by verdict and flags by category; all `tactful_*`.",
             responses={200: {"description": "Prometheus text format.",
                              "content": {"text/plain": {"example": 'tactful_flags_total{category="boilerplate"} '
                                                                    "42.0\n"}}}})
    async def metrics_endpoint() -> Response:
        return Response(metrics.exposition(), headers={"Content-Type": metrics.content_type})

    return app


class Gate:
    """Checks run on a worker thread, at most `max_in_flight` admitted at once, each within a deadline.

    Past the limit a request is refused at once with 503 and Retry-After, instead of joining a
    queue that grows without bound (the p99 then measures the queue, not the check). A request
    that is not done by its deadline gets 504; a batch stops between chunks, and work still
    waiting for a thread is dropped, so an abandoned request stops costing CPU. The event loop
    only reads bodies and writes answers: /healthz is answered while any input is checked.
    """

    def __init__(self, settings: Settings, metrics: Metrics):
        self.limit = settings.max_in_flight
        self.timeout = settings.request_timeout
        self.metrics = metrics
        self.in_flight = 0
        # One engine per worker, used under a lock: two threads keep one check ready behind the running one.
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tactful-check")

    async def run(self, work: Callable[[float], bytes]) -> bytes:
        if self.in_flight >= self.limit:
            self.metrics.rejected.labels("overloaded").inc()
            raise HTTPProblem(503, f"this worker already has {self.limit} checks in flight (TACTFUL_MAX_IN_FLIGHT); "
                                   "retry after the Retry-After seconds", "overloaded", headers={"Retry-After": "1"})
        self.in_flight += 1
        deadline = time.monotonic() + self.timeout
        future = asyncio.get_running_loop().run_in_executor(self.executor, _unless_late, work, deadline)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except (asyncio.TimeoutError, DeadlinePassed):
            self.metrics.rejected.labels("timeout").inc()
            raise HTTPProblem(504, f"the check did not finish within {self.timeout:g} s (TACTFUL_REQUEST_TIMEOUT) "
                                   "and was abandoned", "timeout", headers={"Retry-After": "1"}) from None

    def _release(self, future: asyncio.Future) -> None:
        self.in_flight -= 1
        if not future.cancelled():
            future.exception()  # retrieved: an abandoned request's error is not "never retrieved"

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _unless_late(work: Callable[[float], bytes], deadline: float) -> bytes:
    if time.monotonic() > deadline:
        raise DeadlinePassed()  # waited too long for a thread: its client has had its 504 already
    return work(deadline)


def _at_index(index: int, message: str) -> str:
    """'draft: is required' -> '[3].draft: is required'; other messages -> '[3]: ...'."""
    return f"[{index}].{message}" if _FIELD_PATH.match(message) else f"[{index}]: {message}"




def _install_error_handlers(app: FastAPI) -> None:
    def noted(request: Request, kind: str, message: str) -> None:
        note = note_of(request.scope)
        if note is not None:
            note.error_kind, note.error = kind, message

    @app.exception_handler(HTTPProblem)
    async def on_problem(request: Request, problem: HTTPProblem) -> Response:
        noted(request, problem.kind, problem.message)
        return problem_response(problem)

    @app.exception_handler(InputError)
    async def on_input_error(request: Request, exc: InputError) -> Response:
        noted(request, "invalid_request", str(exc))
        return error_response(422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_exception(request: Request, exc: StarletteHTTPException) -> Response:
        method, path = request.method, request.url.path
        if exc.status_code == 404:
            message, kind = f"no endpoint {method} {path}; see /docs", "not_found"
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            message, kind = f"{path} does not take {method}; use {allowed or 'another method'}", "method_not_allowed"
        else:
            message, kind = str(exc.detail), "bad_request"
        noted(request, kind, message)
        return error_response(exc.status_code, message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "path", "query"))
        message = f"{where}: {first.get('msg', 'is invalid')}" if where else first.get("msg", "invalid request")
        noted(request, "invalid_request", message)
        return error_response(422, message)


app = create_app()
