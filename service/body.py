"""Read a request body under the size limit, counting bytes as they arrive.

A declared Content-Length over the limit is refused before reading anything;
a chunked body (no Content-Length) is refused as soon as it passes the limit,
so a client cannot make a worker buffer an unbounded upload.
"""
from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import Receive

from tactful.service.errors import HTTPProblem


class ClientGone(Exception):
    """The client disconnected before sending the whole body."""


def too_large(limit: int) -> HTTPProblem:
    return HTTPProblem(413, f"the request body is over the limit of {limit} bytes (TACTFUL_MAX_BODY_BYTES)",
                       "body_too_large", limit_bytes=limit)


async def read_body(scope: dict[str, Any], receive: Receive, limit: int, timeout: float = 10.0) -> bytes:
    """The whole body; 408 when the client stops sending for `timeout` seconds before the end."""
    try:
        return await asyncio.wait_for(_read_body(scope, receive, limit), timeout)
    except asyncio.TimeoutError:
        raise HTTPProblem(408, f"the body did not arrive within {timeout:g} s (shorter than its Content-Length?); "
                               "TACTFUL_BODY_TIMEOUT", "body_timeout", headers={"Connection": "close"}) from None


async def _read_body(scope: dict[str, Any], receive: Receive, limit: int) -> bytes:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                declared = int(value) if value.isdigit() else -1
                if declared < 0:
                    raise ValueError
            except ValueError:
                raise HTTPProblem(400, "the Content-Length header is not a number", "bad_request") from None
            if declared > limit:
                raise too_large(limit)
            break
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
