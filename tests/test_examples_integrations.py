"""The integration examples in examples/ run as written: the Python scheduler loop and the JavaScript pre-send call."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_service_server import Server, free_port, tactful_executable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KEY = "presend-example-key-5d1e"


def test_the_scheduler_loop_holds_flagged_posts_and_sends_the_rest():
    result = subprocess.run([sys.executable, str(EXAMPLES / "scheduler.py"), str(EXAMPLES / "queue.jsonl"), "--once",
                             "--no-model"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("HELD  post-1: review, boilerplate")
    assert lines[1].startswith("SENT  post-2:")
    assert lines[2].startswith("HELD  post-3: review, hard_sell")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("presend")
    port = free_port()
    running = Server([tactful_executable(), "serve", "--port", str(port)], port, workdir, TACTFUL_API_KEYS=KEY)
    yield running
    running.stop()


def node(*args: str, env: dict) -> subprocess.CompletedProcess:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed, and CI=true")
        pytest.skip("node is not installed (the JavaScript example needs Node 18+ for fetch)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TACTFUL_")}
    return subprocess.run([found, str(EXAMPLES / "presend.js"), *args], capture_output=True, text=True,
                          timeout=60, env={**clean, **env})


def test_the_javascript_presend_call_holds_an_auto_dm(server):
    result = node(env={"TACTFUL_URL": server.url, "TACTFUL_API_KEY": KEY})
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("HOLD - flagged: boilerplate")
    assert "boilerplate.follow-thanks-with-pitch" in result.stdout


def test_the_javascript_presend_call_lets_a_genuine_reply_go(server):
    result = node("Thanks for the follow, Bram! Loved your Vespa restoration thread.",
                  env={"TACTFUL_URL": server.url, "TACTFUL_API_KEY": KEY})
    assert result.returncode == 0 and result.stdout.startswith("SEND - fine"), result.stdout + result.stderr


def test_the_javascript_presend_call_reports_a_wrong_key_and_an_unreachable_server(server):
    wrong = node(env={"TACTFUL_URL": server.url, "TACTFUL_API_KEY": "nope"})
    assert wrong.returncode == 1 and "tactful answered 401" in wrong.stdout
    down = node(env={"TACTFUL_URL": f"http://127.0.0.1:{free_port()}"})
    assert down.returncode == 1 and "tactful unreachable" in down.stdout
