"""`tactful feedback`, `tactful db` from the command line, on SQLite and PostgreSQL; and the concurrency test:
two service workers and CLI processes writing reports at once, none lost."""
from __future__ import annotations

import json
import subprocess
import threading

import pytest

from tactful.cli import main
from tactful.feedback import db

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft.txt"
GENUINE = ROOT / "examples" / "genuine.txt"


@pytest.fixture
def env(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TACTFUL_DATABASE_URL", database_url)
    monkeypatch.setenv("TACTFUL_MODELS_ROOT", str(tmp_path / "models"))
    monkeypatch.delenv("TACTFUL_TEAM", raising=False)
    return database_url


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_report_a_false_positive_a_miss_and_a_confirmation_then_see_the_stats(env, capsys):
    status, out, _ = run(capsys, "feedback", str(DRAFT), "--wrong", "boilerplate.follow-thanks-with-pitch",
                         "--no-model", "--reporter", "sam", "--note", "write to me at sam@example.org")
    assert status == 0 and "stored 1 false_positive report (id 1) for team default" in out
    assert run(capsys, "feedback", str(GENUINE), "--missed", "hard_sell", "--no-model")[0] == 0
    assert run(capsys, "feedback", str(GENUINE), "--confirm", "--no-model", "--team", "support")[0] == 0
    status, out, _ = run(capsys, "feedback", "stats", "--format", "json")
    stats = json.loads(out)
    assert status == 0 and stats["verdicts"] == {"false_positive": 1, "missed": 1, "confirmed": 0}
    entry = next(e for e in stats["rules"] if e["rule"] == "boilerplate.follow-thanks-with-pitch")
    assert entry["wrong"] == 1 and entry["reported"] == 1
    status, out, _ = run(capsys, "feedback", "stats")
    assert status == 0 and out.startswith("team default: 2 reports (1 false positives, 1 missed, 0 confirmed)")
    status, out, _ = run(capsys, "feedback", "list", "--format", "json")
    listed = json.loads(out)
    assert listed["total"] == 2 and "sam@example.org" not in out and listed["items"][1]["reporter"] == "sam"
    assert json.loads(run(capsys, "feedback", "stats", "--team", "support", "--format", "json")[1])["reports"] == 1


def test_a_jsonl_file_stores_one_report_per_line(env, capsys, tmp_path):
    lines = tmp_path / "queue.jsonl"
    lines.write_text("\n".join(json.dumps({"draft": f"Thanks {name}, see you at the Leeds meetup on Tuesday."})
                               for name in ("Ana", "Bo", "Cy")) + "\n")
    status, out, _ = run(capsys, "feedback", str(lines), "--confirm", "--no-model")
    assert status == 0 and "stored 3 confirmed reports (ids 1-3)" in out


@pytest.mark.parametrize("argv, message", [
    (["feedback", str(GENUINE), "--wrong", "hard_sell.pushy-cta", "--no-model"],
     "genuine.txt: hard_sell.pushy-cta did not fire on this draft"),
    (["feedback", str(GENUINE), "--wrong", "hard_sell.nope", "--no-model"], "--wrong: no rule with id 'hard_sell.nope'"),
    (["feedback", str(DRAFT), "--missed", "boilerplate", "--no-model"], "draft.txt: boilerplate was flagged already"),
    (["feedback", "no-such-file.txt", "--confirm", "--no-model"], "no-such-file.txt: no such file"),
    (["feedback", "purge", "--before", "last week"], "--before: expected a date like 2026-01-31"),
    (["feedback", "stats", "--team", "a/b"], "--team: a team name is"),
])
def test_bad_input_is_one_line_exit_2_and_stores_nothing(env, capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and message in err and err.count("\n") == 1, err
    assert json.loads(run(capsys, "feedback", "stats", "--format", "json")[1])["reports"] == 0


def test_a_verdict_is_required_and_only_one(env, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["feedback", str(GENUINE)])
    assert exit_info.value.code == 2 and "one of the arguments --wrong --missed --confirm is required" in \
        capsys.readouterr().err


def test_purge_before_a_date(env, capsys):
    run(capsys, "feedback", str(GENUINE), "--confirm", "--no-model")
    status, out, _ = run(capsys, "feedback", "purge", "--before", "2000-01-01")
    assert status == 0 and out.startswith("deleted 0 reports")
    status, out, _ = run(capsys, "feedback", "purge", "--before", "2999-01-01")
    assert status == 0 and out.startswith("deleted 1 report made before 2999-01-01")


def test_db_upgrade_and_current(env, capsys):
    status, out, _ = run(capsys, "db", "current")
    assert status == 0 and "feedback schema none (this tactful needs 0002; run `tactful db upgrade`)" in out
    status, out, _ = run(capsys, "db", "upgrade")
    assert status == 0 and "feedback schema empty -> 0002" in out
    assert "already at 0002" in run(capsys, "db", "upgrade")[1]
    assert "feedback schema 0002 (this tactful needs 0002; up to date)" in run(capsys, "db", "current")[1]


def test_an_unreachable_database_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("TACTFUL_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")
    status, _, err = run(capsys, "db", "current")
    assert status == 2 and err.startswith("tactful db: PostgreSQL 127.0.0.1:9/none: ") and err.count("\n") == 1


# ---- concurrency: two service workers and the CLI, writing at once ----------------------------------
def test_two_workers_and_the_cli_writing_at_once_lose_nothing(database_url, tmp_path):
    from test_service_server import Server, call, free_port, tactful_executable

    per_thread, threads, cli_runs, per_cli = 40, 3, 3, 15
    env = {"TACTFUL_DATABASE_URL": database_url, "TACTFUL_MODELS_ROOT": str(tmp_path / "models"),
           "TACTFUL_FEEDBACK_STORE_TEXT": "1"}
    port = free_port()
    server = Server([tactful_executable(), "serve", "--port", str(port), "--workers", "2"], port, tmp_path, **env)
    try:
        report = {"request": {"draft": "Thanks for the intro! Is Thursday good for a call?"}, "verdict": "confirmed"}
        failures: list[str] = []

        def post_many(index: int) -> None:
            for number in range(per_thread):
                status, _, body = call(server, "POST", "/v1/feedback", {**report, "note": f"t{index}-{number}"})
                if status != 201:
                    failures.append(f"{status} {body[:200]!r}")

        lines = tmp_path / "queue.jsonl"
        lines.write_text("\n".join(json.dumps({"draft": f"Lovely to meet you, {n}. Coffee next week?"})
                                   for n in range(per_cli)) + "\n")
        cli_env = {**__import__("os").environ, **env}
        workers = [threading.Thread(target=post_many, args=(i,)) for i in range(threads)]
        for thread in workers:
            thread.start()
        clis = [subprocess.Popen([tactful_executable(), "feedback", str(lines), "--confirm", "--no-model",
                                  "--team", "default"], env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(cli_runs)]
        outputs = [process.communicate(timeout=120) for process in clis]
        for thread in workers:
            thread.join(timeout=120)
        assert not failures, failures[:3]
        assert all(process.returncode == 0 for process in clis), [err.decode() for _, err in outputs]
        status, _, body = call(server, "GET", "/v1/feedback?limit=1")
        assert status == 200
        assert json.loads(body)["total"] == threads * per_thread + cli_runs * per_cli
    finally:
        server.stop()
    notes = set()
    sql = db.make_engine(database_url)
    try:
        with sql.connect() as connection:
            notes = {row[0] for row in connection.execute(db.reports.select().with_only_columns(db.reports.c.note))}
    finally:
        sql.dispose()
    assert {f"t{i}-{n}" for i in range(threads) for n in range(per_thread)} <= notes
