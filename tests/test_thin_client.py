"""`tactful check --server URL`: the thin client against a real `tactful serve` on 127.0.0.1.

The client must print what local checking prints, with the same exit codes, while
importing nothing heavy. Rules only on both sides (TACTFUL_NO_MODEL / --no-model).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_service_server import Server, free_port, tactful_executable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KEY = "client-test-key-8f2a"


def tactful(*argv: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TACTFUL_")}
    full_env.update(env or {})
    return subprocess.run([tactful_executable(), *argv], capture_output=True, text=True, env=full_env,
                          input=stdin, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("thin")
    port = free_port()
    running = Server([tactful_executable(), "serve", "--port", str(port)], port, workdir, TACTFUL_API_KEYS=KEY)
    yield running
    running.stop()


def local(*argv: str) -> subprocess.CompletedProcess:
    """Local checking in this process (the checker is loaded once per process, so this is quick)."""
    import contextlib
    import io

    from tactful.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def remote(server, *argv, **kwargs):
    env = {"TACTFUL_API_KEY": KEY, **kwargs.pop("env", {})}
    return tactful("check", "--server", server.url, *argv, env=env, **kwargs)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
@pytest.mark.parametrize("path", ["draft.txt", "genuine.txt", "queue.jsonl"])
def test_the_client_prints_what_local_checking_prints(server, fmt, path):
    here = local("check", "--no-model", "--color", "never", "--format", fmt, str(EXAMPLES / path))
    over_http = remote(server, "--color", "never", "--format", fmt, str(EXAMPLES / path))
    assert over_http.returncode == here.returncode, over_http.stderr
    assert over_http.stdout == here.stdout
    assert over_http.stderr == here.stderr == ""


def test_the_server_url_and_key_can_come_from_the_environment(server):
    result = tactful("check", "--format", "json", str(EXAMPLES / "draft.txt"),
                     env={"TACTFUL_SERVER": server.url, "TACTFUL_API_KEY": KEY})
    assert result.returncode == 1 and json.loads(result.stdout)["verdict"] == "block"


def test_a_missing_key_is_one_line_and_exit_2(server):
    result = tactful("check", "--server", server.url, str(EXAMPLES / "draft.txt"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "answered 401" in result.stderr and "TACTFUL_API_KEY" in result.stderr


def test_a_bad_line_gets_its_error_and_the_rest_is_checked(server, tmp_path):
    path = tmp_path / "queue.jsonl"
    path.write_text('{"draft": "See you at 4."}\n{"draft": \n{"channel": "dm"}\n{"draft": "Thanks!", "channel": "fax"}\n'
                    '{"draft": "Hi {{first_name}}!"}\n')
    here = local("check", "--no-model", "--format", "jsonl", str(path))
    over_http = remote(server, "--format", "jsonl", str(path))
    assert over_http.stdout == here.stdout
    lines = [json.loads(line) for line in over_http.stdout.splitlines()]
    assert lines[2] == {"id": "3", "error": "draft: is required"}
    assert lines[3]["error"].startswith("channel: must be one of")
    assert lines[4]["flags"] == ["boilerplate"]
    assert over_http.returncode == here.returncode == 1
    assert over_http.stderr.count("\n") == 3


def test_sarif_over_http_names_the_rules(server):
    result = remote(server, "--format", "sarif", str(EXAMPLES / "draft.txt"))
    document = json.loads(result.stdout)
    ids = {rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert "boilerplate.unfilled-merge-field" in ids and result.returncode == 1


def test_stdin_and_suppression_markers_go_through(server):
    draft = "Last chance: the webinar closes Friday!\n<!-- tactful: ignore hard_sell.deadline-nudge real date -->\n"
    result = remote(server, "--format", "json", "-", stdin=draft)
    response = json.loads(result.stdout)
    assert response["suppressed"][0]["reason"] == "real date"


def test_an_unreachable_server_is_one_line_naming_the_url_and_exit_2():
    url = f"http://127.0.0.1:{free_port()}"
    result = tactful("check", "--server", url, str(EXAMPLES / "draft.txt"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"cannot reach the tactful server at {url}" in result.stderr
    assert result.stdout == ""


def test_fallback_local_checks_here_when_the_server_is_unreachable():
    url = f"http://127.0.0.1:{free_port()}"
    result = tactful("check", "--server", url, "--fallback", "local", "--no-model", "--format", "json",
                     str(EXAMPLES / "draft.txt"))
    assert result.returncode == 1 and json.loads(result.stdout)["verdict"] == "block"
    assert "checking locally" in result.stderr


def test_a_bad_url_is_a_usage_error():
    result = tactful("check", "--server", "ftp://example.invalid", str(EXAMPLES / "draft.txt"))
    assert result.returncode == 2 and "not an http:// or https:// URL" in result.stderr


def test_the_client_imports_nothing_heavy(server):
    code = ("import sys\nfrom tactful.cli import main\n"
            f"code = main(['check', '--server', {server.url!r}, '--format', 'json', {str(EXAMPLES / 'draft.txt')!r}])\n"
            "heavy = sorted(m for m in ('spacy', 'pydantic', 'numpy', 'fastapi', 'yaml', 'tactful.api', 'rich') "
            "if m in sys.modules)\n"
            "print('HEAVY', heavy, code, file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TACTFUL_")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**env, "TACTFUL_API_KEY": KEY})
    assert "HEAVY [] 1" in result.stderr, result.stderr


def test_the_light_copies_of_contract_constants_match_the_originals():
    from tactful.cli.check_command import SEVERITY_RANK
    from tactful.cli.inputs import CHANNELS
    from tactful.request import CHANNELS as REQUEST_CHANNELS
    from tactful.scoring import SEVERITY_RANK as SCORING_RANK

    assert CHANNELS == REQUEST_CHANNELS and SEVERITY_RANK == SCORING_RANK


@pytest.mark.parametrize("url,host,port,base", [
    ("http://127.0.0.1:8080", "127.0.0.1", 8080, ""),
    ("localhost:9000/tactful/", "localhost", 9000, "/tactful"),
    ("https://lint.example.org", "lint.example.org", 443, ""),
    ("http://[::1]:8080/", "::1", 8080, ""),
])
def test_server_urls_are_understood(url, host, port, base):
    from tactful.cli.remote import Client

    client = Client(url)
    assert (client.host, client.port, client.base) == (host, port, base)


def test_a_calendar_over_http_is_written_back_as_local_checking_writes_it(server):
    here = local("check", "--no-model", "--format", "csv", str(EXAMPLES / "calendar.csv"))
    over_http = remote(server, "--format", "csv", str(EXAMPLES / "calendar.csv"))
    assert over_http.returncode == here.returncode == 1
    # (text-mode pipes read the CSV line ends as \n; in-process output keeps \r\n)
    assert over_http.stdout == here.stdout.replace("\r\n", "\n") and "boilerplate.mass-blast" in here.stdout
