"""The thin client: `tactful check --server URL` sends drafts to a running `tactful serve`.

SpamAssassin's spamc/spamd split: a pre-send hook pays for a Python start and
one HTTP round trip, not for loading spaCy and the model (about 1.5 s). This
module imports only `socket` and `json` for `http://` (a small HTTP/1.1
exchange, one connection per request), and `http.client` for `https://`:
nothing of the engine.

One draft goes to `POST /v1/check`, several to `POST /v1/check/batch` in
chunks (the server finds mass blasts within each chunk). A batch the server
refuses because one item is invalid (422 with `index`) is resent without that
item, which gets the error, as a bad `.jsonl` line does locally.
"""
from __future__ import annotations

import json
import socket

from tactful import __version__
from tactful.errors import TactfulError

TYPE_CHECKING = False  # every import here counts in a pre-send hook's start-up time
if TYPE_CHECKING:
    from typing import Any, Optional

BATCH_LIMIT = 1000  # the service's default TACTFUL_MAX_BATCH; a smaller limit answers 413 and is halved


def _unchunk(body: bytes) -> bytes:
    out, cursor = [], 0
    while True:
        line_end = body.find(b"\r\n", cursor)
        if line_end < 0:
            raise ValueError("a chunked answer ended early")
        size = int(body[cursor:line_end].split(b";")[0] or b"0", 16)
        if size == 0:
            return b"".join(out)
        out.append(body[line_end + 2:line_end + 2 + size])
        cursor = line_end + 2 + size + 2


class ServerError(TactfulError):
    """The server answered, but not with results (401, 413, 5xx, not tactful)."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status

    @property
    def server_side(self) -> bool:
        """The server could not do the work (5xx): a local fallback makes sense."""
        return self.status is not None and self.status >= 500


class Unreachable(ServerError):
    """No answer at all: refused, timed out, name not found."""


class Client:
    def __init__(self, url: str, api_key: Optional[str] = None, timeout: float = 10.0):
        self.url = url
        scheme, sep, rest = url.partition("://")
        if not sep:
            scheme, rest = "http", url
        authority, slash, path = rest.partition("/")
        host, colon, port = authority.rpartition(":") if not authority.endswith("]") else (authority, "", "")
        if not colon:
            host, port = authority, ""
        host = host.strip("[]")
        if scheme not in ("http", "https") or not host or "@" in authority:
            raise TactfulError(f"--server: {url!r} is not an http:// or https:// URL")
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise TactfulError(f"--server: {url!r} has a bad port")
        self.scheme, self.host = scheme, host
        self.port = int(port) if port else (443 if scheme == "https" else 80)
        self.base = ("/" + path if slash else "").split("?")[0].rstrip("/")
        self.timeout = timeout
        self.headers = {"Host": authority, "Content-Type": "application/json", "Accept": "application/json",
                        "User-Agent": f"tactful-client/{__version__}"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"

    # ---- HTTP ------------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            if self.scheme == "https":
                status, raw = self._https(method, self.base + path, payload)
            else:
                status, raw = self._http(method, self.base + path, payload)
        except (OSError, ValueError) as exc:
            reason = "timed out" if isinstance(exc, socket.timeout) else (
                getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
            raise Unreachable(f"cannot reach the tactful server at {self.url}: {reason}") from None
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            raise ServerError(f"the server at {self.url} answered {status} with something that is not JSON "
                              "(is it a tactful server?)", status) from None
        return status, data

    def _http(self, method: str, target: str, payload: bytes) -> tuple[int, bytes]:
        """One HTTP/1.1 exchange on a fresh connection (`Connection: close`): status and body."""
        head = [f"{method} {target or '/'} HTTP/1.1", *(f"{k}: {v}" for k, v in self.headers.items()),
                f"Content-Length: {len(payload)}", "Connection: close", "", ""]
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
            sock.sendall("\r\n".join(head).encode("latin-1") + payload)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        raw = b"".join(chunks)
        header, sep, body = raw.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if not sep or len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise ValueError("the answer is not HTTP")
        fields = {name.strip().lower(): value.strip()
                  for name, _, value in (line.partition(":") for line in lines[1:])}
        if fields.get("transfer-encoding", "").lower() == "chunked":
            body = _unchunk(body)
        elif fields.get("content-length", "").isdigit():
            body = body[:int(fields["content-length"])]
        return int(parts[1]), body

    def _https(self, method: str, target: str, payload: bytes) -> tuple[int, bytes]:
        import http.client

        connection = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = {k: v for k, v in self.headers.items() if k != "Host"}
            connection.request(method, target or "/", body=payload or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        except http.client.HTTPException as exc:
            raise ValueError(str(exc) or type(exc).__name__) from None
        finally:
            connection.close()

    def close(self) -> None:
        """Nothing stays open between requests."""

    def _fail(self, status: int, data: Any, path: str) -> ServerError:
        message = data.get("error") if isinstance(data, dict) else None
        hint = "; set TACTFUL_API_KEY" if status == 401 else ""
        return ServerError(f"the server at {self.url} answered {status} to {path}: "
                           f"{message or 'no error message'}{hint}", status)

    # ---- tactful ---------------------------------------------------------------------------------
    def check(self, requests: list[dict]) -> list[dict]:
        """One response (or `{"error": ...}` for an invalid request) per request, in order."""
        if len(requests) == 1:
            status, data = self.request("POST", "/v1/check", requests[0])
            if status == 422 and isinstance(data, dict) and "error" in data:
                return [{"error": data["error"]}]
            if status != 200 or not isinstance(data, dict):
                raise self._fail(status, data, "/v1/check")
            return [data]
        results: list[Optional[dict]] = [None] * len(requests)
        pending = list(range(len(requests)))
        size = BATCH_LIMIT
        while pending:
            chunk = pending[:size]
            status, data = self.request("POST", "/v1/check/batch", [requests[i] for i in chunk])
            if status == 200 and isinstance(data, list) and len(data) == len(chunk):
                for index, response in zip(chunk, data):
                    results[index] = response
                pending = pending[len(chunk):]
            elif status == 422 and isinstance(data, dict) and isinstance(data.get("index"), int) \
                    and 0 <= data["index"] < len(chunk):
                bad = chunk[data["index"]]
                message = str(data.get("error", "invalid request"))
                prefix = f"[{data['index']}]"
                message = message[len(prefix):].lstrip(".: ") if message.startswith(prefix) else message
                results[bad] = {"error": message}
                pending.remove(bad)
            elif status == 413 and size > 1:
                size = max(1, size // 2)
            else:
                raise self._fail(status, data, "/v1/check/batch")
        return results  # type: ignore[return-value]

    def rules(self) -> list[dict]:
        status, data = self.request("GET", "/v1/rules")
        if status != 200 or not isinstance(data, list):
            raise self._fail(status, data, "/v1/rules")
        return data
