"""tactful benchmarks: one command, one run on this machine, a table and a JSON file.

    pip install -e ".[bench]"      # proselint and httpx; plus `apt-get install -y wrk` for HTTP load
    python bench/run.py            # prints the table, writes bench/results/<UTC time>.json

Sections (see bench/README.md for what each number means):
  1. in-process: check() p50/p99 for drafts with 0, 3, 20, 200 history items; check_many on 5,000 drafts
  2. CLI: cold start of `tactful check` on one draft vs `python -c 'import spacy; spacy.blank("en")'`;
     `tactful check --format jsonl` on 5,000 drafts; the thin client `tactful check --server URL` on one
     draft against a running `tactful serve` (whole process, median of 5, target <= 150 ms)
  3. HTTP: POST /v1/check req/s and p99 with 1 and 2 workers vs a bare FastAPI app; POST /v1/check/batch
  4. peer: proselint's Python API on the same 5,000 drafts
  5. memory: VmHWM/VmRSS of one service worker after start and after 10,000 requests

All load goes to 127.0.0.1 only, bounded in time (<= 20 s a run) and count. Servers are started
and stopped by this script, with bounded waits; none is left running.
"""
from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import glob
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402

HOST = "127.0.0.1"
N_DRAFTS = 5000
HISTORY_SIZES = (0, 3, 20, 200)
MEMORY_REQUESTS = 10_000
MEMORY_WARMUP = 1_000  # > the corpus size: every distinct request has been seen once before measuring growth
MEMORY_GROWTH_TOLERANCE_MB = 5.0  # allocator noise; a leak over 10,000 requests shows far above this
BATCH_SIZE_HTTP = 100

TARGETS = {
    "batch_vs_proselint": 3.0,    # tactful check_many drafts/s >= 3x proselint's
    "http_vs_bare": 0.5,          # POST /v1/check req/s >= 0.5x the bare FastAPI app's
    "cli_vs_floor": 1.5,          # CLI cold start <= 1.5x the spaCy import floor
    "p99_ms_20_history": 3.0,     # check() p99 < 3 ms with 20 history items
    "worker_rss_mb": 250.0,       # peak RSS per worker
    "thin_client_ms": 150.0,      # `tactful check --server URL draft` whole process, median
}

_children: list[subprocess.Popen] = []


# ---- machine and inputs ---------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_gb = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem_gb, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_start": list(os.getloadavg())}


def versions() -> dict[str, Optional[str]]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("tactful", "spacy", "pydantic", "fastapi", "uvicorn", "proselint"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    try:
        out["git"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True, timeout=10).stdout.strip() or None
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True,
                               timeout=10).stdout.strip()
        out["git_dirty"] = bool(dirty)
    except (OSError, subprocess.SubprocessError):
        out["git"] = None
    return out


def load_corpus() -> list[dict]:
    files = sorted(glob.glob(str(REPO / "models" / "corpus" / "*.jsonl")))
    if not files:
        sys.exit("bench: no corpus under models/corpus/*.jsonl")
    requests = []
    for path in files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                # The contract's request only: labels and allow-lists are training metadata.
                requests.append({k: v for k, v in row.items() if k not in ("labels", "allow")})
    return requests


def cycle(items: list, n: int) -> list:
    return [items[i % len(items)] for i in range(n)]


def message_pools(corpus: list[dict]) -> tuple[list[str], list[str]]:
    """Texts they wrote (history) and texts we wrote (drafts, our own history) in the corpus."""
    theirs, ours = [], []
    for request in corpus:
        ours.append(request["draft"])
        for item in request.get("history") or []:
            if item.get("text"):
                (theirs if item.get("from") == "them" else ours).append(item["text"])
    return theirs, ours


def with_history(request: dict, size: int, pools: tuple[list[str], list[str]], rng: random.Random) -> dict:
    """The corpus request with a conversation of `size` messages built from corpus messages, oldest first."""
    theirs, ours = pools
    send_at = request.get("send_at") or "2026-06-24T10:45:00Z"
    end = dt.datetime.fromisoformat(send_at.replace("Z", "+00:00"))
    history = []
    for i in range(size):
        at = end - dt.timedelta(hours=3 * (size - i))
        sender = "them" if i % 2 == 0 else "me"
        text = rng.choice(theirs if sender == "them" else ours)
        history.append({"from": sender, "kind": "message", "text": text,
                        "at": at.strftime("%Y-%m-%dT%H:%M:%SZ")})
    return {**request, "send_at": send_at, "history": history}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


# ---- 1. in-process and 4. peer -----------------------------------------------------

def pin_one_core() -> Optional[set]:
    """Run on one core (the last one) for the in-process and peer numbers; returns the old affinity."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    old = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {max(old)})
    return old


def load_engine() -> tuple[Any, float, Optional[str]]:
    """The default engine (rules + classifier); rules only, with the reason, when no classifier is installed."""
    from tactful.engine import Engine
    from tactful.errors import ModelError

    t0 = time.perf_counter()
    try:
        engine, why = Engine.load(), None
    except ModelError as exc:
        engine, why = Engine.load(use_model=False), str(exc)
    return engine, time.perf_counter() - t0, why


def in_process(engine, load_s: float, corpus: list[dict], drafts: list[dict], rounds: int,
               samples: int) -> dict[str, Any]:
    rng = random.Random(6)
    pools = message_pools(corpus)
    out: dict[str, Any] = {"engine_load_s": round(load_s, 3), "model_loaded": engine.model_loaded,
                           "rules": len(engine.rules), "latency": {}}
    engine.check_many(corpus)  # every corpus word seen once (fold cache, vocab), as in a running service
    for size in HISTORY_SIZES:
        count = samples if size < 200 else max(200, samples // 4)
        requests = [with_history(corpus[i % len(corpus)], size, pools, rng) for i in range(count)]
        for r in requests[:50]:
            engine.check(r)
        p50s, p99s, means = [], [], []
        for _ in range(rounds):
            times = []
            gc.collect()
            for request in requests:
                start = time.perf_counter_ns()
                engine.check(request)
                times.append((time.perf_counter_ns() - start) / 1e6)
            p50s.append(pct(times, 50))
            p99s.append(pct(times, 99))
            means.append(statistics.fmean(times))
        out["latency"][str(size)] = {"samples": count, "rounds": rounds, "p50_ms": statistics.median(p50s),
                                     "p99_ms": statistics.median(p99s), "mean_ms": statistics.median(means),
                                     "p99_ms_rounds": [round(v, 3) for v in p99s]}
    rates = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        results = engine.check_many(drafts)
        rates.append(len(drafts) / (time.perf_counter() - start))
        assert len(results) == len(drafts)
    out["batch"] = {"drafts": len(drafts), "rounds": rounds, "drafts_per_s": statistics.median(rates),
                    "drafts_per_s_rounds": [round(r, 1) for r in rates]}
    return out


def peer_proselint(drafts: list[dict], rounds: int) -> dict[str, Any]:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError as exc:
        return {"error": f"proselint not importable ({exc}); pip install -e '.[bench]'"}
    from importlib.metadata import version

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    texts = [d["draft"] for d in drafts]
    for text in texts[:50]:
        LintFile("draft", text).lint()
    rates, found = [], 0
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        found = sum(len(LintFile("draft", text).lint()) for text in texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return {"version": version("proselint"), "api": "proselint.tools.LintFile(name, text).lint()",
            "checks": len(registry.get_all_enabled()), "drafts": len(texts), "rounds": rounds,
            "findings": found, "drafts_per_s": statistics.median(rates),
            "drafts_per_s_rounds": [round(r, 1) for r in rates]}


# ---- 2. CLI ------------------------------------------------------------------------

def tactful_exe() -> list[str]:
    found = Path(sys.executable).with_name("tactful")
    if found.exists():
        return [str(found)]
    which = shutil.which("tactful")
    return [which] if which else [sys.executable, "-m", "tactful"]


def timed(cmd: list[str], cwd: Path, stdout=subprocess.DEVNULL, timeout: float = 300) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed


def cli(corpus: list[dict], drafts: list[dict], work: Path, runs: int, no_model: bool) -> dict[str, Any]:
    exe = tactful_exe() + ["check"] + (["--no-model"] if no_model else [])
    one = work / "one.json"
    one.write_text(json.dumps(corpus[0]), encoding="utf-8")
    many = work / "drafts.jsonl"
    many.write_text("".join(json.dumps(d) + "\n" for d in drafts), encoding="utf-8")
    floor_cmd = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    check_cmd = exe + [str(one)]
    timed(floor_cmd, work), timed(check_cmd, work)  # page cache warm for both
    cold, floor = [], []
    for _ in range(runs):  # interleaved, so background load hits both alike
        floor.append(timed(floor_cmd, work))
        cold.append(timed(check_cmd, work))
    out_path = work / "out.jsonl"
    jsonl_runs = []
    for _ in range(max(1, runs // 2)):
        with out_path.open("wb") as sink:
            jsonl_runs.append(timed(exe + ["--format", "jsonl", str(many)], work, stdout=sink))
    lines = sum(1 for _ in out_path.open(encoding="utf-8"))
    if lines != len(drafts):
        raise RuntimeError(f"tactful check --format jsonl wrote {lines} lines for {len(drafts)} drafts")
    jsonl_s = statistics.median(jsonl_runs)
    return {"command": " ".join(["tactful"] + exe[1:] + ["one.json"]), "runs": runs,
            "cold_start_s": statistics.median(cold), "cold_start_runs_s": [round(v, 3) for v in cold],
            "floor_command": "python -c 'import spacy; spacy.blank(\"en\")'",
            "floor_s": statistics.median(floor), "floor_runs_s": [round(v, 3) for v in floor],
            "ratio": statistics.median(cold) / statistics.median(floor),
            "jsonl": {"drafts": len(drafts), "runs": len(jsonl_runs), "seconds": jsonl_s,
                      "drafts_per_s": len(drafts) / jsonl_s, "runs_s": [round(v, 3) for v in jsonl_runs]}}


def thin_client(corpus: list[dict], work: Path, runs: int, no_model: bool) -> dict[str, Any]:
    """Whole-process time of `tactful check --server URL one.json` against a warm local server.

    Measured from a regular install (a fresh venv with `pip install --no-deps` of this checkout: the
    client needs only the standard library) as a hook's users have it, and from the bench's own venv,
    whose editable install adds a finder to every start.
    """
    one = work / "one-client.json"
    one.write_text(json.dumps(corpus[0]), encoding="utf-8")
    venv = work / "client-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(REPO)], check=True, timeout=600,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    url = f"http://{HOST}:{port}"
    commands = {"installed": [str(venv / "bin" / "tactful"), "check", "--server", url, str(one)],
                "bench_venv": tactful_exe() + ["check", "--server", url, str(one)],
                "python_floor": [str(venv / "bin" / "python"), "-c", "pass"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    with start_tactful(1, port, work, no_model) as server:
        server.wait_ready(ready_probe(port, json.dumps(corpus[0]).encode()))
        for cmd in commands.values():
            timed(cmd, work)  # page cache warm
        for _ in range(runs):  # interleaved, so background load hits all alike
            for name, cmd in commands.items():
                times[name].append(timed(cmd, work))
    return {"command": "tactful check --server http://127.0.0.1:PORT one.json", "runs": runs,
            "cold_start_s": statistics.median(times["installed"]),
            "runs_s": [round(v, 4) for v in times["installed"]],
            "bench_venv_s": statistics.median(times["bench_venv"]),
            "bench_venv_runs_s": [round(v, 4) for v in times["bench_venv"]],
            "python_floor_s": statistics.median(times["python_floor"]),
            "python_runs_s": [round(v, 4) for v in times["python_floor"]]}


# ---- 3. HTTP and 5. memory -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=25)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def _stop_all() -> None:
    while _children:
        _stop(_children.pop())


atexit.register(_stop_all)


class Server:
    """A server process group on 127.0.0.1, started and always stopped by us, with bounded waits."""

    def __init__(self, cmd: list[str], port: int, env: dict[str, str], log: Path):
        self.port = port
        self.log = log
        self.proc = subprocess.Popen(cmd, cwd=log.parent, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        _children.append(self.proc)

    def wait_ready(self, probe: Callable[[], bool], timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.log.read_text()[-800:]}")
            try:
                if probe():
                    return
            except Exception:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"server not ready after {timeout:.0f} s: {self.log.read_text()[-800:]}")

    def stop(self) -> None:
        _stop(self.proc)
        if self.proc in _children:
            _children.remove(self.proc)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def post(port: int, path: str, body: bytes, timeout: float = 30) -> tuple[int, bytes]:
    import httpx

    response = httpx.post(f"http://{HOST}:{port}{path}", content=body, timeout=timeout,
                          headers={"Content-Type": "application/json"})
    return response.status_code, response.content


def ready_probe(port: int, body: bytes) -> Callable[[], bool]:
    return lambda: post(port, "/v1/check", body, timeout=10)[0] == 200


def start_tactful(workers: int, port: int, work: Path, no_model: bool) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TACTFUL_", "PROMETHEUS_"))}
    env.update({"TACTFUL_LOG_LEVEL": "warning", "NO_COLOR": "1"})
    if no_model:
        env["TACTFUL_NO_MODEL"] = "1"
    cmd = tactful_exe() + ["serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    return Server(cmd, port, env, work / f"tactful-{workers}w-{port}.log")


def start_bare(workers: int, port: int, work: Path) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TACTFUL_", "PROMETHEUS_"))}
    cmd = [sys.executable, str(HERE / "bare_app.py"), "--host", HOST, "--port", str(port), "--workers", str(workers)]
    return Server(cmd, port, env, work / f"bare-{workers}w-{port}.log")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"cannot read wrk duration {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk_lua(bodies: list[bytes], path: Path) -> Path:
    """A wrk script that POSTs the bodies in turn (JSON, ASCII-only, so a Lua long string holds it)."""
    items = ",\n".join("[==[" + b.decode("ascii") + "]==]" for b in bodies)
    path.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"local bodies = {{\n{items}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #bodies + 1\n"
        '  return wrk.format("POST", "/v1/check", nil, bodies[i])\nend\n', encoding="ascii")
    return path


def load_check(port: int, bodies: list[bytes], seconds: float, connections: int, lua: Path) -> dict[str, Any]:
    """req/s and latency of POST /v1/check: wrk when installed, else the Python load generator."""
    seconds = min(seconds, 20.0)
    wrk = shutil.which("wrk")
    if wrk:
        cmd = [wrk, "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "--timeout", "5s",
               "-s", str(lua), f"http://{HOST}:{port}/v1/check"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30)
        text = done.stdout
        rps = float(re.search(r"Requests/sec:\s*([\d.]+)", text).group(1))
        lat = {q: _ms(re.search(rf"^\s*{q}%\s+(\S+)", text, re.M).group(1)) for q in (50, 99)}
        total = int(re.search(r"(\d+) requests in", text).group(1))
        non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)
        errors = re.search(r"Socket errors:.*", text)
        return {"tool": "wrk", "connections": connections, "seconds": int(seconds), "requests": total,
                "rps": rps, "p50_ms": lat[50], "p99_ms": lat[99], "non_2xx": int(non2xx.group(1)) if non2xx else 0,
                "socket_errors": errors.group(0) if errors else None}
    result = loadgen.run(HOST, port, "/v1/check", bodies, connections, 10**9, seconds)
    ms = [v * 1e3 for v in result.latencies]
    return {"tool": "bench/loadgen.py (wrk not installed)", "connections": connections, "seconds": result.seconds,
            "requests": result.requests, "rps": result.rps, "p50_ms": pct(ms, 50) if ms else None,
            "p99_ms": pct(ms, 99) if ms else None, "non_2xx": result.errors}


def load_batch(port: int, batches: list[bytes], per_batch: int, seconds: float, concurrency: int) -> dict[str, Any]:
    result = loadgen.run(HOST, port, "/v1/check/batch", batches, concurrency, 10**9, min(seconds, 20.0))
    ms = [v * 1e3 for v in result.latencies]
    return {"tool": "bench/loadgen.py", "drafts_per_batch": per_batch, "concurrency": concurrency,
            "batches": result.requests, "errors": result.errors, "seconds": round(result.seconds, 2),
            "drafts_per_s": result.requests * per_batch / result.seconds if result.seconds else 0.0,
            "batch_p50_ms": pct(ms, 50) if ms else None}


def process_tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def status_mb(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) / 1024
    return out


def worker_pids(server_pid: int) -> list[int]:
    """The processes that serve requests: uvicorn's workers, or the server itself with one worker."""
    pids = []
    for pid in process_tree(server_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "resource_tracker" in cmdline or "semaphore_tracker" in cmdline:
            continue
        pids.append(pid)
    if len(pids) > 1:  # a supervisor and its workers: the workers are the ones with no children of their own
        pids = [pid for pid in pids if pid != server_pid]
    return pids


def http(corpus: list[dict], drafts: list[dict], work: Path, seconds: float, connections: int,
         no_model: bool) -> dict[str, Any]:
    if shutil.which("tactful") is None and not Path(sys.executable).with_name("tactful").exists():
        return {"error": "the tactful command is not installed"}
    rng = random.Random(3)
    pools = message_pools(corpus)
    bodies = [json.dumps(with_history(corpus[i % len(corpus)], 3, pools, rng)).encode("ascii")
              for i in range(200)]
    lua = wrk_lua(bodies, work / "post.lua")
    batches = [json.dumps(drafts[i:i + BATCH_SIZE_HTTP]).encode("ascii")
               for i in range(0, len(drafts), BATCH_SIZE_HTTP)]
    out: dict[str, Any] = {"body": "one corpus draft with 3 history items (200 different bodies, cycled)",
                           "runs": {}}
    for workers in (1, 2):
        for name, start in (("bare", start_bare), ("tactful", start_tactful)):
            port = free_port()
            server = start(workers, port, work, no_model) if name == "tactful" else start(workers, port, work)
            with server:
                server.wait_ready(ready_probe(port, bodies[0]))
                # Warm every worker (and the first-use paths) before measuring.
                loadgen.run(HOST, port, "/v1/check", bodies, 4, 400, 10)
                run = load_check(port, bodies, seconds, connections, lua)
                if name == "tactful":
                    run["batch"] = load_batch(port, batches, BATCH_SIZE_HTTP, seconds, workers)
                    run["worker_rss_mb"] = {str(pid): status_mb(pid) for pid in worker_pids(server.proc.pid)}
                out["runs"][f"{name}_{workers}w"] = run
    for workers in (1, 2):
        runs = out["runs"]
        runs[f"tactful_{workers}w"]["ratio_vs_bare"] = runs[f"tactful_{workers}w"]["rps"] / runs[f"bare_{workers}w"]["rps"]
    return out


def memory(corpus: list[dict], work: Path, no_model: bool) -> dict[str, Any]:
    rng = random.Random(5)
    pools = message_pools(corpus)
    bodies = [json.dumps(with_history(request, 3, pools, rng)).encode("ascii") for request in corpus]
    port = free_port()
    with start_tactful(1, port, work, no_model) as server:
        server.wait_ready(ready_probe(port, bodies[0]))
        pids = worker_pids(server.proc.pid)
        if len(pids) != 1:
            return {"error": f"expected one worker process, found {pids}"}
        pid = pids[0]
        after_start = status_mb(pid)
        warm = loadgen.run(HOST, port, "/v1/check", bodies, 4, MEMORY_WARMUP, 20)
        after_warmup = status_mb(pid)
        run = loadgen.run(HOST, port, "/v1/check", bodies, 4, MEMORY_REQUESTS, 60)
        after = status_mb(pid)
    growth = after["VmRSS"] - after_warmup["VmRSS"]
    return {"worker_pid": pid, "distinct_bodies": len(bodies), "after_start": after_start,
            "warmup_requests": warm.requests, "after_warmup": after_warmup,
            "requests": run.requests, "errors": run.errors + warm.errors, "after_requests": after,
            "growth_mb": growth, "growth_since_start_mb": after["VmRSS"] - after_start["VmRSS"],
            "peak_mb": max(after["VmHWM"], after_start["VmHWM"])}


# ---- report -------------------------------------------------------------------------

HOSTILE_CHARS = ("$", "😀", "!", "{", "[", "#", ":", "&", "_", "*", "?", "%")
BLAST_SIZES = (8_000, 20_000, 100_000)
DISTINCT_BATCH = 8_000


def hostile(engine) -> dict[str, Any]:
    """Issue 16's worst inputs: a draft of 20,000 non-space characters, and mass-blast grouping of
    many near-identical named drafts (before the fixes: ~125 s each at 20,000)."""
    from tactful.batch import MassBlast, find_mass_blasts
    from tactful.request import MAX_DRAFT_CHARS, parse_request

    runs: dict[str, float] = {}
    engine.check({"draft": "warm up"})
    for char in HOSTILE_CHARS:
        started = time.perf_counter()
        engine.check({"draft": char * MAX_DRAFT_CHARS, "history": [{"from": "them", "text": char * 2_000}]})
        runs[char] = (time.perf_counter() - started) * 1e3
    # The timed reproducers that tests/test_hostile_input.py and tests/test_mail.py now check by counting work.
    for name, line, channel in (("email --", "--\n", "email"), ("email >", "> quoted\n", "email"),
                                ("email -- Joe", "-- \nJoe\n", "email"), ("email > --", "> quoted\n--\n", "email"),
                                ("email wrote", "On Mon, Ann wrote:\n> x\n", "email"), (".1", ".1", "reply"),
                                ("a-", "a-", "reply"), ("fields", "Hi {{name}}", "reply")):
        started = time.perf_counter()
        engine.check({"draft": (line * MAX_DRAFT_CHARS)[:MAX_DRAFT_CHARS - 1] + ".", "channel": channel})
        runs[name] = (time.perf_counter() - started) * 1e3
    from tactful.nlp.mail import read_email

    started = time.perf_counter()
    read_email("Subject: x\n\n" + ("> " * 2000 + "a\n") * 50 + ("word " * 4000 + "\n") * 3)
    runs["read_email long lines"] = (time.perf_counter() - started) * 1e3
    grouping: dict[str, float] = {}
    for n in BLAST_SIZES:
        requests = [parse_request({"draft": f"Hi Person{i}, we help teams like yours double their pipeline with "
                                            f"our platform, ref {i * 7919 % 100003}",
                                   "recipient": {"name": f"Person{i}"}}) for i in range(n)]
        started = time.perf_counter()
        find_mass_blasts(requests, MassBlast(count_unnamed_recipients=False))
        grouping[str(n)] = time.perf_counter() - started
    # Distinct drafts over a shared vocabulary: the join's per-word group cap (tactful/batch.py) bounds the
    # comparisons per draft, but until every word holds that many groups each draft meets every earlier one
    # that shares a rare word (tests/test_service_batch.py counts the work once the cap is reached).
    import random

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]
    distinct = [parse_request({"draft": " ".join(rng.sample(vocabulary, 25))}) for _ in range(DISTINCT_BATCH)]
    started = time.perf_counter()
    find_mass_blasts(distinct)
    return {"draft_chars": MAX_DRAFT_CHARS, "run_ms": runs, "worst_run_ms": max(runs.values()),
            "mass_blast_s": grouping, "distinct_drafts": DISTINCT_BATCH,
            "mass_blast_distinct_s": time.perf_counter() - started}


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, str, Optional[bool]]]:
    rows = []
    ip, peer, cli_r = results.get("in_process", {}), results.get("peer", {}), results.get("cli", {})
    if "batch" in ip and "drafts_per_s" in peer:
        ratio = ip["batch"]["drafts_per_s"] / peer["drafts_per_s"]
        results["ratios"]["batch_vs_proselint"] = ratio
        rows.append(("batch throughput vs proselint", f"{ratio:.2f}x", f">= {TARGETS['batch_vs_proselint']}x",
                     ratio >= TARGETS["batch_vs_proselint"]))
    http_r = results.get("http", {}).get("runs", {})
    for workers in (1, 2):
        run = http_r.get(f"tactful_{workers}w")
        if run and "ratio_vs_bare" in run and not run.get("non_2xx"):
            rows.append((f"POST /v1/check vs bare FastAPI, {workers} worker{'s' if workers > 1 else ''}",
                         f"{run['ratio_vs_bare']:.2f}x", f">= {TARGETS['http_vs_bare']}x",
                         run["ratio_vs_bare"] >= TARGETS["http_vs_bare"]))
    if "ratio" in cli_r:
        rows.append(("CLI cold start vs spaCy floor", f"{cli_r['ratio']:.2f}x", f"<= {TARGETS['cli_vs_floor']}x",
                     cli_r["ratio"] <= TARGETS["cli_vs_floor"]))
    client = results.get("thin_client", {})
    if "cold_start_s" in client:
        ms = client["cold_start_s"] * 1e3
        rows.append((f"thin client cold start, installed (median of {client['runs']})", f"{ms:.0f} ms",
                     f"<= {TARGETS['thin_client_ms']:.0f} ms", ms <= TARGETS["thin_client_ms"]))
    lat = ip.get("latency", {}).get("20")
    if lat:
        rows.append(("check() p99, 20 history items", f"{lat['p99_ms']:.2f} ms", f"< {TARGETS['p99_ms_20_history']} ms",
                     lat["p99_ms"] < TARGETS["p99_ms_20_history"]))
    mem = results.get("memory", {})
    if "peak_mb" in mem:
        rows.append(("worker peak RSS (VmHWM)", f"{mem['peak_mb']:.0f} MB", f"<= {TARGETS['worker_rss_mb']:.0f} MB",
                     mem["peak_mb"] <= TARGETS["worker_rss_mb"]))
        rows.append((f"worker RSS growth over {mem['requests']:,} requests", f"{mem['growth_mb']:+.1f} MB",
                     f"<= {MEMORY_GROWTH_TOLERANCE_MB:.0f} MB (noise)",
                     mem["growth_mb"] <= MEMORY_GROWTH_TOLERANCE_MB and mem["requests"] == MEMORY_REQUESTS
                     and not mem["errors"]))
    hz = results.get("hostile")
    if hz:
        rows.append((f"worst {hz['draft_chars']:,}-char hostile draft", f"{hz['worst_run_ms']:.0f} ms",
                     "< 1000 ms", hz["worst_run_ms"] < 1000))
        biggest = max(hz["mass_blast_s"], key=int)
        rows.append((f"mass-blast grouping, {int(biggest):,} drafts", f"{hz['mass_blast_s'][biggest]:.1f} s",
                     "< 10 s", hz["mass_blast_s"][biggest] < 10))
    return rows


def table(results: dict[str, Any]) -> str:
    m, lines = results["machine"], []
    add = lines.append
    add(f"tactful bench  {results['date']}  git {results['versions'].get('git')}"
        f"{' (dirty)' if results['versions'].get('git_dirty') else ''}")
    add(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}; load avg at start "
        f"{m['loadavg_start'][0]:.2f}, at end {m.get('loadavg_end', [0])[0]:.2f}")
    ip = results.get("in_process", {})
    if ip:
        add(f"model loaded: {ip.get('model_loaded')}; rules: {ip.get('rules')}")
        add("")
        add("1. in-process (one core)              p50 ms    p99 ms")
        for size, lat in ip["latency"].items():
            add(f"   check(), {size:>3} history items       {lat['p50_ms']:7.3f}   {lat['p99_ms']:7.3f}")
        add(f"   check_many, {ip['batch']['drafts']:,} drafts         {ip['batch']['drafts_per_s']:,.0f} drafts/s")
    peer = results.get("peer", {})
    if peer:
        add("")
        if "error" in peer:
            add(f"4. peer: {peer['error']}")
        else:
            add(f"4. peer: proselint {peer['version']} on the same drafts   {peer['drafts_per_s']:,.0f} drafts/s "
                f"({peer['checks']} checks)")
    c = results.get("cli", {})
    if c:
        add("")
        add(f"2. CLI  cold start `tactful check` (median of {c['runs']})   {c['cold_start_s'] * 1e3:,.0f} ms")
        add(f"        spaCy floor (median of {c['runs']})                 {c['floor_s'] * 1e3:,.0f} ms"
            f"   ratio {c['ratio']:.2f}x")
        add(f"        `tactful check --format jsonl`, {c['jsonl']['drafts']:,} drafts  "
            f"{c['jsonl']['drafts_per_s']:,.0f} drafts/s (whole process, {c['jsonl']['seconds']:.2f} s)")
    tc = results.get("thin_client", {})
    if tc:
        add(f"        thin client `tactful check --server URL` (median of {tc['runs']})  "
            f"{tc['cold_start_s'] * 1e3:,.0f} ms installed, {tc['bench_venv_s'] * 1e3:,.0f} ms from this "
            f"(editable) venv   (python -c pass: {tc['python_floor_s'] * 1e3:,.0f} ms)")
    h = results.get("http", {})
    if h:
        add("")
        if "error" in h:
            add(f"3. HTTP: {h['error']}")
        else:
            add("3. HTTP POST /v1/check                   req/s    p50 ms    p99 ms")
            for key, run in h["runs"].items():
                add(f"   {key:<34} {run['rps']:8,.0f}  {run['p50_ms']:8.2f}  {run['p99_ms']:8.2f}"
                    + (f"   ({run['ratio_vs_bare']:.2f}x bare)" if "ratio_vs_bare" in run else "")
                    + (f"   INVALID: {run['non_2xx']} non-200 answers" if run.get("non_2xx") else ""))
            for key, run in h["runs"].items():
                if "batch" in run:
                    b = run["batch"]
                    add(f"   POST /v1/check/batch ({b['drafts_per_batch']}/batch), {key[-2:]}   "
                        f"{b['drafts_per_s']:8,.0f} drafts/s"
                        + (f"   INVALID: {b['errors']} failed batches" if b.get("errors") else ""))
            first = next(iter(h["runs"].values()))
            add(f"   load: {first['tool']}, {first['connections']} connections, {first['seconds']} s a run, "
                f"127.0.0.1")
    mem = results.get("memory", {})
    if mem:
        add("")
        if "error" in mem:
            add(f"5. memory: {mem['error']}")
        else:
            add("5. memory, one worker        VmRSS MB   VmHWM MB")
            add(f"   after start              {mem['after_start']['VmRSS']:8.1f}   {mem['after_start']['VmHWM']:8.1f}")
            add(f"   after {mem['warmup_requests']:,} warm-up        {mem['after_warmup']['VmRSS']:8.1f}   "
                f"{mem['after_warmup']['VmHWM']:8.1f}")
            add(f"   after {mem['requests']:,} more        {mem['after_requests']['VmRSS']:8.1f}   "
                f"{mem['after_requests']['VmHWM']:8.1f}"
                + (f"   INVALID: {mem['errors']} non-200 answers" if mem["errors"] else ""))
    hz = results.get("hostile", {})
    if hz:
        add("")
        add(f"6. hostile input (in-process)  one draft of {hz['draft_chars']:,} copies of a character, ms")
        items = list(hz["run_ms"].items())
        for start in range(0, len(items), 6):
            add("   " + "  ".join(f"{char} {ms:6.0f}" for char, ms in items[start:start + 6]))
        add("   (email/.1/a-/fields: 20,000-character drafts of repeated lines or pairs; read_email: 50 lines of"
            " 2,000 quote markers)")
        add("   mass-blast grouping of near-identical named drafts: "
            + ", ".join(f"{int(n):,} in {s:.2f} s" for n, s in hz["mass_blast_s"].items()))
        if "mass_blast_distinct_s" in hz:
            add(f"   mass-blast grouping of {hz['distinct_drafts']:,} distinct drafts (25 of 3,000 words each): "
                f"{hz['mass_blast_distinct_s']:.2f} s")
    for note in results.get("notes", []):
        add(f"note: {note}")
    add("")
    add("target                                              measured      target           result")
    for name, measured, target, ok in results["targets"]:
        add(f"{name:<51} {measured:<13} {target:<16} {'PASS' if ok else 'MISS'}")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="tactful benchmarks (see bench/README.md)")
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per HTTP run, at most 20 (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="HTTP connections (default 16)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds for in-process/peer medians (default 3)")
    parser.add_argument("--samples", type=int, default=2000, help="check() calls per history size and round")
    parser.add_argument("--cli-runs", type=int, default=5, help="whole-process CLI runs (default 5)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=("in_process", "peer", "cli", "thin_client", "http", "memory", "hostile"),
                        help="skip a section (repeatable)")
    parser.add_argument("--out", type=Path, default=None, help="JSON path (default bench/results/<UTC time>.json)")
    args = parser.parse_args(argv)
    args.seconds = max(1.0, min(args.seconds, 20.0))

    os.environ.pop("TACTFUL_CONFIG", None)
    now = dt.datetime.now(dt.timezone.utc)
    corpus = load_corpus()
    drafts = cycle(corpus, N_DRAFTS)
    results: dict[str, Any] = {"date": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": machine(),
                               "versions": versions(), "corpus_requests": len(corpus), "drafts": len(drafts),
                               "targets_config": TARGETS, "ratios": {}, "notes": []}
    work = Path(tempfile.mkdtemp(prefix="tactful-bench-"))
    os.chdir(work)  # no tactful.toml is found upward from here: the defaults are measured
    try:
        old = pin_one_core()
        try:
            engine, load_s, no_model_why = load_engine()
            no_model = not engine.model_loaded
            if "in_process" not in args.skip:
                print("1. in-process ...", file=sys.stderr, flush=True)
                results["in_process"] = in_process(engine, load_s, corpus, drafts, args.rounds, args.samples)
            if "hostile" not in args.skip:
                print("6. hostile input ...", file=sys.stderr, flush=True)
                results["hostile"] = hostile(engine)
            del engine
            if "peer" not in args.skip:
                print("4. proselint ...", file=sys.stderr, flush=True)
                results["peer"] = peer_proselint(drafts, args.rounds)
        finally:
            if old is not None:
                os.sched_setaffinity(0, old)
        if no_model:
            results["notes"].append(f"rules only, no classifier ({no_model_why or 'disabled'}): the CLI ran with "
                                    "--no-model and the service with TACTFUL_NO_MODEL=1 to match")
        if "cli" not in args.skip:
            print("2. CLI ...", file=sys.stderr, flush=True)
            results["cli"] = cli(corpus, drafts, work, args.cli_runs, no_model)
        if "thin_client" not in args.skip:
            print("2. thin client ...", file=sys.stderr, flush=True)
            results["thin_client"] = thin_client(corpus, work, args.cli_runs, no_model)
        if "http" not in args.skip:
            print("3. HTTP ...", file=sys.stderr, flush=True)
            results["http"] = http(corpus, drafts, work, args.seconds, args.connections, no_model)
        if "memory" not in args.skip:
            print("5. memory ...", file=sys.stderr, flush=True)
            results["memory"] = memory(corpus, work, no_model)
    finally:
        _stop_all()
        os.chdir(REPO)
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["targets"] = verdicts(results)
    text = table(results)
    print(text)
    out = args.out or HERE / "results" / f"{now.strftime('%Y-%m-%dT%H%M%SZ')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    results["table"] = text.splitlines()
    results["targets"] = [{"target": n, "measured": m, "goal": t, "pass": ok} for n, m, t, ok in results["targets"]]
    out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nsaved {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
