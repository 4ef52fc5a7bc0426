"""Soak and overload: hold `tactful serve` (2 workers) on 127.0.0.1 with a realistic mix, then at twice that.

    python bench/soak.py                      # 60 s at 32 connections, then 60 s at 64
    python bench/soak.py --seconds 20         # shorter (each phase at most 300 s)

The mix, per connection, in a fixed rotation: single checks from the corpus (most requests),
batches of 50, bad requests (invalid JSON, a missing field, a repeated key) and oversized
bodies (over TACTFUL_MAX_BODY_BYTES). Every batch answer is checked for completeness and order
(each response's `id` is its request's). Reports requests, answers by status, unexpected
errors, p50/p99 latency of single checks, and each worker's RSS at the start and end of the
phase. Expected: 200, 400, 413 and 422 where the request earns them; at the doubled load 503
too (the in-flight limit, TACTFUL_MAX_IN_FLIGHT); nothing else, no lost or reordered items.

All traffic goes to 127.0.0.1 only, is bounded in time, and stops by itself; the server is
started and stopped by this script.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (servers, ports, process memory; same bounded helpers as the benchmark)

HOST = "127.0.0.1"
BATCH = 50
MAX_PHASE_SECONDS = 300.0
EXPECTED = {"base": {200, 400, 413, 422}, "overload": {200, 400, 413, 422, 503}}


def bodies(corpus: list[dict], max_body: int) -> dict[str, list[bytes]]:
    singles = [json.dumps({**request, "id": f"s{i}"}).encode() for i, request in enumerate(corpus)]
    batches = []
    for start in range(0, len(corpus) - BATCH, BATCH):
        chunk = [{**request, "id": f"b{start}-{k}"} for k, request in enumerate(corpus[start:start + BATCH])]
        batches.append(json.dumps(chunk).encode())
    bad = [b'{"draft": "unfinished', b'{"history": []}', b'{"draft": "Hi {{name}}", "draft": "clean"}',
           b'[' * 200 + b']' * 200]
    oversized = [json.dumps({"draft": "x" * (max_body + 10)}).encode()]
    return {"single": singles, "batch": batches, "bad": bad, "oversized": oversized}


ROTATION = ["single"] * 16 + ["batch", "bad", "oversized"]


async def _exchange(reader, writer, path: str, body: bytes) -> tuple[int, bytes, bool]:
    writer.write((f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection" and b"close" in value.lower():
            close = True
    return status, await reader.readexactly(length), close


async def phase(port: int, connections: int, seconds: float, mix: dict[str, list[bytes]]) -> dict[str, Any]:
    statuses: dict[str, dict[int, int]] = {kind: {} for kind in mix}
    latencies: list[float] = []
    problems: list[str] = []
    counts = {"requests": 0, "batch_items_checked": 0, "connection_errors": 0}
    deadline = time.monotonic() + seconds

    async def connection(offset: int) -> None:
        reader = writer = None
        turn = offset
        while time.monotonic() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            kind = ROTATION[turn % len(ROTATION)]
            pool = mix[kind]
            body = pool[(turn // len(ROTATION) * connections + offset) % len(pool)]
            turn += 1
            path = "/v1/check/batch" if kind == "batch" else "/v1/check"
            started = time.perf_counter()
            try:
                status, answer, close = await asyncio.wait_for(_exchange(reader, writer, path, body), 60)
            except (asyncio.TimeoutError, ConnectionError, asyncio.IncompleteReadError) as exc:
                counts["connection_errors"] += 1
                problems.append(f"{kind}: {type(exc).__name__}")
                writer.close()
                reader = writer = None
                continue
            counts["requests"] += 1
            statuses[kind][status] = statuses[kind].get(status, 0) + 1
            if kind == "single" and status == 200:
                latencies.append(time.perf_counter() - started)
            if kind == "batch" and status == 200:
                sent = [item["id"] for item in json.loads(body)]
                got = [item.get("id") for item in json.loads(answer)]
                if got != sent:
                    problems.append(f"batch answer lost or reordered items ({len(got)} of {len(sent)})")
                counts["batch_items_checked"] += len(got)
            if close or status in (408, 413):  # the server closes after these; open a new connection
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(connection(k) for k in range(connections)))
    elapsed = time.monotonic() - started
    ms = sorted(v * 1e3 for v in latencies)
    return {"connections": connections, "seconds": round(elapsed, 1), **counts,
            "rps": round(counts["requests"] / elapsed, 1),
            "single_p50_ms": round(bench.pct(ms, 50), 1) if ms else None,
            "single_p99_ms": round(bench.pct(ms, 99), 1) if ms else None,
            "statuses": {kind: dict(sorted(s.items())) for kind, s in statuses.items()},
            "problems": sorted(set(problems))[:20], "problem_count": len(problems)}


def rss(server) -> dict[int, float]:
    return {pid: round(bench.status_mb(pid)["VmRSS"], 1) for pid in bench.worker_pids(server.proc.pid)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="each phase (default 60, at most 300)")
    parser.add_argument("--connections", type=int, default=32, help="base load (default 32; doubled after)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=20.0, help="unmeasured load first, seconds (default 20)")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON result here too")
    args = parser.parse_args(argv)
    seconds = max(5.0, min(args.seconds, MAX_PHASE_SECONDS))
    corpus = bench.load_corpus()
    max_body = 256 * 1024
    mix = bodies(corpus, max_body)
    work = Path(tempfile.mkdtemp(prefix="tactful-soak-"))
    port = bench.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TACTFUL_", "PROMETHEUS_"))}
    env.update({"TACTFUL_LOG_LEVEL": "warning", "TACTFUL_MAX_BODY_BYTES": str(max_body), "NO_COLOR": "1"})
    cmd = bench.tactful_exe() + ["serve", "--host", HOST, "--port", str(port), "--workers", str(args.workers)]
    server = bench.Server(cmd, port, env, work / "soak-server.log")
    server_env_note = f"TACTFUL_MAX_BODY_BYTES={max_body}, other settings default"
    results: dict[str, Any] = {"workers": args.workers, "settings": server_env_note, "phases": {}}
    try:
        server.wait_ready(bench.ready_probe(port, mix["single"][0]))
        if args.warmup:
            # Caches fill (spaCy's vocabulary, the bounded lru caches): growth after this is what could leak.
            print(f"warm-up: {args.connections} connections for {args.warmup:.0f} s ...", file=sys.stderr, flush=True)
            results["warmup"] = {k: v for k, v in asyncio.run(phase(port, args.connections, args.warmup, mix)).items()
                                 if k in ("requests", "statuses", "problem_count")}
        for name, connections in (("base", args.connections), ("overload", args.connections * 2)):
            before = rss(server)
            print(f"{name}: {connections} connections for {seconds:.0f} s ...", file=sys.stderr, flush=True)
            outcome = asyncio.run(phase(port, connections, seconds, mix))
            after = rss(server)
            growth = max((after.get(pid, 0) - mb) / mb * 100 for pid, mb in before.items()) if before else 0.0
            unexpected = {kind: {s: n for s, n in statuses.items() if s not in EXPECTED[name]}
                          for kind, statuses in outcome["statuses"].items()}
            outcome.update({"rss_mb_start": before, "rss_mb_end": after, "rss_growth_pct_max": round(growth, 1),
                            "unexpected_statuses": {k: v for k, v in unexpected.items() if v}})
            results["phases"][name] = outcome
    finally:
        server.stop()
    print(json.dumps(results, indent=2))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    bad = any(p["unexpected_statuses"] or p["problem_count"] for p in results["phases"].values())
    bad = bad or bool(results.get("warmup", {}).get("problem_count"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
