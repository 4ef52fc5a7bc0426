"""A small bounded HTTP/1.1 load generator for 127.0.0.1 (keep-alive, fixed concurrency).

Used for what wrk does not do well: a bounded *count* of requests (the memory
run's 10,000), the batch endpoint, and as the fallback when wrk is not
installed. Every run stops at `max_requests` or `max_seconds`, whichever comes
first, and refuses any host that is not loopback.
"""
from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, one per completed request
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _loopback_only(host: str) -> None:
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"load generator: {host} is not a loopback address; refusing")


def run(host: str, port: int, path: str, bodies: list[bytes], concurrency: int,
        max_requests: int, max_seconds: float) -> LoadResult:
    """POST the bodies (cycled) with `concurrency` connections until a bound is hit."""
    _loopback_only(host)
    max_seconds = min(max_seconds, 60.0)
    try:
        import uvloop  # noqa: F401  (installed with uvicorn[standard])

        loop_factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover
        loop_factory = asyncio.new_event_loop
    loop = loop_factory()
    try:
        return loop.run_until_complete(_run(host, port, path, bodies, concurrency, max_requests, max_seconds))
    finally:
        loop.close()


async def _run(host, port, path, bodies, concurrency, max_requests, max_seconds) -> LoadResult:
    heads = [(f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(body)}\r\n\r\n").encode("ascii") + body for body in bodies]
    result = LoadResult()
    issued = 0
    start = time.perf_counter()
    deadline = start + max_seconds

    async def worker(offset: int) -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            i = offset
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                message = heads[i % len(heads)]
                i += concurrency
                t0 = time.perf_counter()
                writer.write(message)
                try:
                    status = await asyncio.wait_for(_read_response(reader), timeout=max(0.1, deadline + 5 - t0))
                except (asyncio.TimeoutError, ConnectionError, asyncio.IncompleteReadError):
                    result.errors += 1
                    return
                result.latencies.append(time.perf_counter() - t0)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.errors += 1
                result.requests += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    result.seconds = time.perf_counter() - start
    return result


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status
