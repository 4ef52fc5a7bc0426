"""JSON in and out of the service: orjson when installed, the standard library otherwise."""
from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

if orjson is not None:
    _DecodeError: tuple[type[Exception], ...] = (orjson.JSONDecodeError, ValueError, RecursionError)

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value)

    def loads(body: bytes) -> Any:
        return orjson.loads(body)
else:
    _DecodeError = (ValueError, RecursionError)
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    def dumps(value: Any) -> bytes:
        return _encoder.encode(value).encode("utf-8")

    def loads(body: bytes) -> Any:
        return json.loads(body.decode("utf-8"))


def parse(body: bytes) -> Any:
    """Decode a request body, or raise `ValueError` with one plain line saying why not."""
    if not body.strip():
        raise ValueError("the body is empty; send a JSON request")
    try:
        return loads(body)
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8 text") from None
    except _DecodeError as exc:
        if "UTF-8" in str(exc):  # orjson reports bad encoding as a decode error
            raise ValueError("the body is not UTF-8 text") from None
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"the body is not valid JSON ({detail})") from None
