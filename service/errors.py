"""Errors as HTTP responses: always `{"error": "one line"}`, never a traceback.

Handlers raise `HTTPProblem`; `tactful.errors.InputError` (bad fields) becomes 422
with the engine's own message, e.g. `history[0].from: must be one of 'me' or 'them', got 'x'`.
"""
from __future__ import annotations

from typing import Any, Optional

from starlette.responses import Response

from tactful.service.jsonio import dumps


class HTTPProblem(Exception):
    """A request the service refuses: status, one-line message, a metrics label, extra body fields."""

    def __init__(self, status: int, message: str, kind: str, headers: Optional[dict[str, str]] = None,
                 **extra: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = headers
        self.extra = extra


def error_response(status: int, message: str, headers: Optional[dict[str, str]] = None, **extra: Any) -> Response:
    return Response(dumps({"error": message, **extra}), status_code=status, headers=headers,
                    media_type="application/json")


def problem_response(problem: HTTPProblem) -> Response:
    return error_response(problem.status, problem.message, problem.headers, **problem.extra)
