"""The real server: `tactful serve` in a subprocess on 127.0.0.1, called over HTTP.

Also runs the examples of docs/http.md as written and the exact commands of the
Dockerfile (CMD and HEALTHCHECK), since no Docker engine runs here. Rules only
(TACTFUL_NO_MODEL=1), like the TestClient tests. Every wait is bounded.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 90
AUTO_DM = {"id": "post-1842", "draft": "Thanks for following! Grab 50% off my course today only: mysite.example/course",
           "history": [{"from": "them", "kind": "follow"}]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tactful_executable() -> str:
    beside = Path(sys.executable).with_name("tactful")
    found = str(beside) if beside.exists() else shutil.which("tactful")
    if not found:
        pytest.skip("the tactful console script is not installed")
    return found


class Server:
    """A `tactful serve` process with its log in a file (a full pipe would stall it)."""

    def __init__(self, args: list[str], port: int, workdir: Path, **env: str):
        self.port = port
        self.log_path = workdir / f"server-{port}.log"
        full_env = {**os.environ, "TACTFUL_NO_MODEL": "1", **env}
        for name in ("TACTFUL_API_KEYS", "TACTFUL_CONFIG", "PROMETHEUS_MULTIPROC_DIR"):
            if name not in env:
                full_env.pop(name, None)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, cwd=workdir, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self._wait_until_up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"the server did not answer /healthz within {STARTUP_SECONDS}s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only the server and its workers
                self.process.wait(timeout=10)


def call(server: Server, method: str, path: str, body=None, headers=None) -> tuple[int, dict, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("serve")
    port = free_port()
    running = Server([tactful_executable(), "serve", "--host", "127.0.0.1", "--port", str(port)], port, workdir,
                     TACTFUL_MAX_BODY_BYTES="65536", TACTFUL_LOG_LEVEL="info")
    yield running
    running.stop()
    assert running.process.returncode is not None


def test_check_over_http(server):
    status, headers, body = call(server, "POST", "/v1/check", AUTO_DM, {"X-Request-ID": "over-http-1"})
    assert status == 200
    response = json.loads(body)
    assert response["id"] == "post-1842" and "boilerplate" in response["flags"]
    assert headers["x-request-id"] == "over-http-1"
    assert "server" not in {name.lower() for name in headers}


def test_operations_endpoints_over_http(server):
    assert call(server, "GET", "/readyz")[0] == 200
    status, _, rules = call(server, "GET", "/v1/rules")
    assert status == 200 and len(json.loads(rules)) > 10
    status, _, metrics = call(server, "GET", "/metrics")
    assert status == 200 and b"tactful_http_requests_total" in metrics
    assert call(server, "POST", "/v1/check", {"draft": ""})[0] == 422


def test_chunked_body_over_the_limit_is_refused_while_reading(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/v1/check")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    chunk = b'{"draft": "' + b"x" * 16_000
    try:
        for _ in range(64):  # 1 MiB, far over the server's 64 KiB limit
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and stopped reading: also fine
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"] == \
        "the request body is over the limit of 65536 bytes (TACTFUL_MAX_BODY_BYTES)"
    connection.close()
    assert call(server, "GET", "/healthz")[0] == 200


def test_request_log_lines_are_json_without_draft_text(server):
    call(server, "POST", "/v1/check", AUTO_DM, {"X-Request-ID": "log-check-7"})
    deadline = time.monotonic() + 10
    while "log-check-7" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [json.loads(line) for line in server.log().splitlines() if "log-check-7" in line]
    assert len(lines) == 1
    line = lines[0]
    assert line["logger"] == "tactful.access" and line["status"] == 200 and line["latency_ms"] > 0
    assert "boilerplate" in line["flags"]
    assert "Grab 50% off" not in server.log()


# ---- docs/http.md, run as written ---------------------------------------------------------------

def _doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "http.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_docs_curl_example_runs_as_written(server):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    (command,) = [block for block in _doc_blocks("sh") if "curl" in block]
    command = command.replace("127.0.0.1:8080", f"127.0.0.1:{server.port}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert response["id"] == "post-1842" and response["flags"] == ["boilerplate", "hard_sell"]


def test_docs_scheduler_example_runs_as_written(server):
    (program,) = _doc_blocks("python")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "TACTFUL_URL": server.url})
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    decisions = [" ".join(line.split()[:2]) for line in printed]
    assert decisions == ["SEND q-1", "HOLD q-2", "HOLD q-3", "HOLD q-4", "HOLD q-5"]
    assert all("mass blast" in line for line in printed[2:])
    documented = (ROOT / "docs" / "http.md").read_text(encoding="utf-8").split("It prints:", 1)[1]
    documented_decisions = re.findall(r"^(SEND|HOLD) (q-\d)", documented, flags=re.M)
    assert [" ".join(d) for d in documented_decisions] == decisions


# ---- the Dockerfile's commands, outside Docker ---------------------------------------------------

def _dockerfile_exec_form(instruction: str) -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith(instruction)]
    assert len(lines) == 1, f"one {instruction} expected"
    return json.loads(lines[0][lines[0].index("["):])


def test_dockerfile_cmd_and_healthcheck_work(tmp_path):
    cmd = _dockerfile_exec_form("CMD ")
    assert cmd[:2] == ["tactful", "serve"] and cmd[cmd.index("--host") + 1] == "0.0.0.0"
    healthcheck = _dockerfile_exec_form("HEALTHCHECK ")
    assert healthcheck[0] == "python"
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", text, flags=re.M)
    assert re.search(r"^USER (?!root|0\b)\S+", text, flags=re.M)
    assert "pip install" in text

    port = free_port()
    server = Server([tactful_executable(), *cmd[1:]], port, tmp_path, TACTFUL_PORT=str(port))
    try:
        probe = [sys.executable, *healthcheck[1:]]
        healthy = subprocess.run(probe, env={**os.environ, "TACTFUL_PORT": str(port)}, capture_output=True,
                                 timeout=30)
        assert healthy.returncode == 0, healthy.stderr
        assert call(server, "POST", "/v1/check", AUTO_DM)[0] == 200
    finally:
        server.stop()
    down = subprocess.run(probe, env={**os.environ, "TACTFUL_PORT": str(port)}, capture_output=True, timeout=30)
    assert down.returncode != 0, "the health check must fail when the server is down"


def test_several_workers_serve_and_share_metrics(tmp_path):
    port = free_port()
    server = Server([tactful_executable(), "serve", "--port", str(port), "--workers", "2"], port, tmp_path,
                    TACTFUL_LOG_LEVEL="warning")
    try:
        for n in range(12):
            assert call(server, "POST", "/v1/check", {"id": str(n), "draft": "Loved your talk at the meetup, Dana."},
                        {"Connection": "close"})[0] == 200
        _, _, metrics = call(server, "GET", "/metrics")
        text = metrics.decode()
        total = sum(float(value) for value in re.findall(
            r'^tactful_http_requests_total\{method="POST",route="/v1/check",status="200"\} (\S+)$', text, flags=re.M))
        assert total == 12, text[:2000]
    finally:
        server.stop()
