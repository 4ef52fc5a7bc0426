"""What a new user hit with the CLI: each one mended, each one pinned here."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tactful.cli import main
from conftest import run_cli as run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROOT = EXAMPLES.parent
PUSHY = ("HURRY!!! Last chance, TODAY ONLY: buy now before the price doubles at midnight. "
         "Act now, don't miss out, only 2 spots left!")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_stderr_and_stdout_stays_pure_jsonl(tmp_path, monkeypatch):
    from tactful.cli import check_command

    monkeypatch.setattr(check_command, "PROGRESS_MIN_DRAFTS", 3)
    path = tmp_path / "queue.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "draft": f"See you at {i} on Friday, Priya."}) + "\n"
                            for i in range(5)))
    out, err = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["check", "--no-model", "--format", "jsonl", str(path)]) == 0
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and [json.loads(line)["id"] for line in lines[:-1]] == ["0", "1", "2", "3", "4"]
    assert "checking drafts" in err.getvalue()


def test_rules_applies_the_config_it_is_given(tmp_path, capsys):
    config = tmp_path / "tactful.toml"
    config.write_text('[rules]\ndisable = ["hard_sell.exclamation-overload"]\n'
                      'severity = { "boilerplate.anyone-opener" = "error" }\nscore = { "hard_sell.pushy-cta" = 0.5 }\n')
    code, out, _ = run(capsys, "rules", "--config", str(config), "--format", "json")
    assert code == 0
    listed = {rule["id"]: rule for rule in json.loads(out)}
    assert listed["hard_sell.exclamation-overload"]["enabled"] is False
    assert listed["boilerplate.anyone-opener"]["severity"] == "error"
    assert listed["hard_sell.pushy-cta"]["score"] == 0.5
    _, text, _ = run(capsys, "rules", "--config", str(config))
    assert "disabled by config" in next(line for line in text.splitlines() if "exclamation-overload" in line)
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules]\ndisable = ["hard_sell.no-such-rule"]\n')
    code, _, err = run(capsys, "rules", "--config", str(bad))
    assert code == 2 and "no rule with id 'hard_sell.no-such-rule'" in err


@pytest.mark.parametrize("argv", [
    ["eval", "--no-model", "--format", "json", "models/corpus/clean_standalone.jsonl"],
    ["rules"],
    ["check", "--no-model", "--format", "jsonl", "examples/queue.jsonl"],
])
def test_a_reader_that_goes_away_ends_the_run_without_a_traceback(argv):
    process = subprocess.Popen([sys.executable, "-m", "tactful", *argv], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head` that has already exited
    _, err = process.communicate(timeout=300)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err, err.decode()
    assert process.returncode == 1


def test_one_file_that_holds_no_request_is_reported_and_the_rest_is_checked(capsys):
    code, out, err = run(capsys, "check", "--no-model", "--format", "jsonl",
                         str(EXAMPLES / "genuine.txt"), str(EXAMPLES / "history.json"), str(EXAMPLES / "draft.txt"))
    responses = [json.loads(line) for line in out.splitlines()]
    assert [r.get("verdict") for r in responses] == ["pass", None, "block"]
    assert responses[1]["error"].startswith(f"{EXAMPLES / 'history.json'}[0]: draft: is required")
    assert err.count("\n") == 1 and "history.json" in err
    assert code == 2


def test_a_missing_file_among_good_ones_is_exit_2_and_the_good_ones_are_printed(capsys):
    code, out, err = run(capsys, "check", "--no-model", "--color", "never", "/no/such.txt", str(EXAMPLES / "genuine.txt"))
    assert code == 2 and "no such file" in err and "PASS" in out


def test_sarif_from_stdin_has_no_invalid_uri():
    result = subprocess.run([sys.executable, "-m", "tactful", "check", "--no-model", "--format", "sarif", "-"],
                            input="Dear Sir/Madam, I saw your profile", capture_output=True, text=True, timeout=120)
    location = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "uri" not in location["artifactLocation"]
    assert location["artifactLocation"]["description"]["text"] == "standard input"


def test_sarif_file_uris_are_percent_encoded(tmp_path, capsys):
    path = tmp_path / "my draft #2.txt"
    path.write_text("Dear Sir/Madam, I saw your profile")
    _, out, _ = run(capsys, "check", "--no-model", "--format", "sarif", str(path))
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("my%20draft%20%232.txt")


def test_eval_on_an_unlabelled_file_says_so_and_exits_2(capsys):
    code, _, err = run(capsys, "eval", "--no-model", str(EXAMPLES / "queue.jsonl"))
    assert code == 2 and "no line has 'labels'" in err


def test_eval_on_an_all_clean_labelled_file_still_scores(tmp_path, capsys):
    path = tmp_path / "clean.jsonl"
    path.write_text(json.dumps({"draft": "See you at 4, Priya.", "labels": []}) + "\n")
    code, out, _ = run(capsys, "eval", "--no-model", "--format", "json", str(path))
    assert code == 0 and json.loads(out)[str(path)]["clean"] == 1


def test_a_block_verdict_fails_the_run_under_fail_on_error(capsys, tmp_path):
    path = tmp_path / "pushy.json"
    path.write_text(json.dumps({"draft": PUSHY}))
    code, out, _ = run(capsys, "check", "--no-model", "--format", "json", "--fail-on", "error", str(path))
    response = json.loads(out)
    assert response["verdict"] == "block"
    assert not any(w["severity"] == "error" for w in response["warnings"])  # the case in question
    assert code == 1


def test_a_review_verdict_passes_under_fail_on_error(capsys):
    code, out, _ = run(capsys, "check", "--no-model", "--format", "json", "--fail-on", "error",
                       str(EXAMPLES / "queue.jsonl"))
    verdicts = {r["verdict"] for r in json.loads(out)}
    assert "block" not in verdicts and "review" in verdicts
    assert code == 0
