"""The framework's ceiling: a bare FastAPI app whose POST /v1/check returns a fixed JSON body.

Served by uvicorn exactly as `tactful serve` serves the real app (same
`uvicorn.run` options: uvloop + httptools via `[standard]`, no access log, no
server header), so the ratio tactful / bare is the cost of tactful itself.

    python bench/bare_app.py --host 127.0.0.1 --port 8099 --workers 1
"""
from __future__ import annotations

import argparse

from fastapi import FastAPI, Request, Response

# A response of the contract's shape and about the size of a real one.
FIXED = (b'{"id":"1","verdict":"pass","score":0.0,"flags":[],'
         b'"categories":{"boilerplate":0.0,"hard_sell":0.0,"out_of_step":0.0},"warnings":[]}')

app = FastAPI()


@app.post("/v1/check")
async def check(request: Request) -> Response:
    return Response(FIXED, media_type="application/json")


@app.get("/healthz")
async def healthz() -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    import uvicorn

    # Same options as tactful/service_launcher.py (minus tactful's JSON log config).
    uvicorn.run("bare_app:app", host=args.host, port=args.port, workers=args.workers, log_level="warning",
                access_log=False, server_header=False, timeout_graceful_shutdown=20)


if __name__ == "__main__":
    main()
