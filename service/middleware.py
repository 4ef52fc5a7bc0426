"""One pure ASGI middleware for every request: request id, API keys, metrics, a JSON log line.

Pure ASGI rather than Starlette's BaseHTTPMiddleware: no extra task or body
copy per request. It also turns an unexpected exception into a JSON 500 with
the request id, so a client never sees a traceback.
"""
from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any, Optional

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tactful.service.auth import CHALLENGE, ApiKeys
from tactful.service.errors import error_response
from tactful.service.logs import ACCESS_LOGGER
from tactful.service.metrics import Metrics, route_label

# A caller's X-Request-ID is kept when it is short and plain (it goes into logs as is).
_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:+=/-]{1,128}")
_DEFAULT_ERROR_KINDS = {400: "bad_json", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
                        413: "body_too_large", 422: "invalid_request"}
access_log = logging.getLogger(ACCESS_LOGGER)
log = logging.getLogger("tactful.service")


class Note:
    """What a handler tells the middleware about a request, for the log line and metrics."""

    __slots__ = ("request_id", "status", "error_kind", "error", "fields")

    def __init__(self, request_id: str):
        self.request_id = request_id
        self.status = 500
        self.error_kind: Optional[str] = None
        self.error: Optional[str] = None
        self.fields: Optional[dict[str, Any]] = None


def note_of(scope: Scope) -> Optional[Note]:
    return scope.get("tactful")


class RequestMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics, api_keys: ApiKeys):
        self.app = app
        self.metrics = metrics
        self.api_keys = api_keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        given_id = authorization = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given_id = value
            elif name == b"authorization":
                authorization = value
        if given_id is not None and _REQUEST_ID.fullmatch(given_id):
            request_id = given_id.decode("ascii")
        else:
            given_id = None
            request_id = uuid.uuid4().hex
        note = Note(request_id)
        scope["tactful"] = note
        id_header = (b"x-request-id", given_id or request_id.encode("ascii"))
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                note.status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        path = scope["path"]
        try:
            if self.api_keys.protects(path) and not self.api_keys.allows(authorization):
                note.error_kind = "unauthorized"
                note.error = ("missing or wrong API key: send 'Authorization: Bearer <key>'" if authorization
                              else "this endpoint needs an API key: send 'Authorization: Bearer <key>'")
                await error_response(401, note.error, CHALLENGE)(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        except Exception:
            note.error_kind = "internal"
            note.error = "internal error"
            log.exception("unhandled error", extra={"request_id": request_id, "path": path})
            if started:
                raise
            await error_response(500, f"internal error; the service log has the details under request id "
                                      f"{request_id}", request_id=request_id)(scope, receive, send_with_id)
        finally:
            self._record(scope, note, path, time.perf_counter() - start)

    def _record(self, scope: Scope, note: Note, path: str, seconds: float) -> None:
        route = route_label(path)
        self.metrics.observe_request(route, scope["method"], note.status, seconds)
        if note.status >= 400:
            kind = note.error_kind or _DEFAULT_ERROR_KINDS.get(note.status, "internal" if note.status >= 500
                                                               else "bad_request")
            self.metrics.errors.labels(kind).inc()
        if not access_log.isEnabledFor(logging.INFO):
            return
        line: dict[str, Any] = {
            "request_id": note.request_id,
            "method": scope["method"],
            "path": path,
            "status": note.status,
            "latency_ms": round(seconds * 1000, 3),
        }
        client = scope.get("client")
        if client:
            line["client"] = client[0]
        if note.error:
            # Messages may quote a bad value the client sent; keep log lines short.
            line["error"] = note.error if len(note.error) <= 300 else note.error[:300] + "…"
        if note.fields:
            line.update(note.fields)
        access_log.info("%s %s %d", scope["method"], path, note.status, extra={"fields": line})
