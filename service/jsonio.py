"""JSON in and out of the service: responses with orjson when installed; requests with the standard library
(it can refuse repeated keys; orjson cannot), after a cheap nesting-depth check."""
from __future__ import annotations

import json
from typing import Any

from tactful.limits import MAX_JSON_DEPTH, DuplicateKey, unique_keys, depth_error, json_depth_exceeds

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


def parse(body: bytes, depth_limit: int = MAX_JSON_DEPTH) -> Any:
    """Decode a request body, or raise `ValueError` with one plain line saying why not.

    Nesting deeper than `depth_limit` is refused before parsing (a scan that stops at the
    first bracket past the limit), and an object that repeats a key is refused: taking the
    last `draft` of two would check another text than the one the client meant.
    """
    if not body.strip():
        raise ValueError("the body is empty; send a JSON request")
    if json_depth_exceeds(body, depth_limit):
        raise ValueError(depth_error(depth_limit))
    try:
        return json.loads(body.decode("utf-8"), object_pairs_hook=unique_keys)
    except DuplicateKey as exc:
        raise ValueError(str(exc)) from None
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8 text") from None
    except _DecodeError as exc:
        if "UTF-8" in str(exc):  # orjson reports bad encoding as a decode error
            raise ValueError("the body is not UTF-8 text") from None
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"the body is not valid JSON ({detail})") from None
