"""uvicorn's HTTP protocols with JSON errors: a request uvicorn itself cannot parse (a malformed
Content-Length, a bad request line) gets `{"error": "..."}` like every other error, not plain text."""
from __future__ import annotations

import json

from uvicorn.protocols.http.h11_impl import H11Protocol

_CLOSE_HEADERS = b"content-type: application/json\r\nconnection: close\r\n"


def _body(msg: str) -> bytes:
    reason = msg.rstrip(". ") or "invalid HTTP request"
    return json.dumps({"error": f"the request is not valid HTTP ({reason.lower()})"}).encode("utf-8")


def _raw_400(default_headers, msg: str) -> bytes:
    body = _body(msg)
    head = [b"HTTP/1.1 400 Bad Request\r\n"]
    for name, value in default_headers:
        head.extend([name, b": ", value, b"\r\n"])
    head.extend([_CLOSE_HEADERS, b"content-length: ", str(len(body)).encode("ascii"), b"\r\n\r\n", body])
    return b"".join(head)


class JsonErrorsH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        self.transport.write(_raw_400(self.server_state.default_headers, msg))
        self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools comes with uvicorn[standard]
    HttpToolsProtocol = None  # type: ignore[assignment,misc]
    JsonErrorsHttpToolsProtocol = None
else:
    class JsonErrorsHttpToolsProtocol(HttpToolsProtocol):  # type: ignore[no-redef]
        def send_400_response(self, msg: str) -> None:
            self.transport.write(_raw_400(self.server_state.default_headers, msg))
            self.transport.close()


def protocol_class() -> type:
    """The fast parser when installed (as uvicorn's "auto" picks), with JSON errors either way."""
    return JsonErrorsHttpToolsProtocol or JsonErrorsH11Protocol
