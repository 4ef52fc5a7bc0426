"""`tactful check` and `tactful rules` as users and schedulers run them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tactful.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_template_draft_is_flagged_with_exit_1(capsys):
    code, out, _ = run(capsys, "check", "--no-model", "--color", "never", str(EXAMPLES / "draft.txt"))
    assert code == 1
    assert "BLOCK" in out and "boilerplate.unfilled-merge-field" in out
    assert "«{{first_name}}»" in out  # the span is marked in the draft


def test_genuine_draft_passes_with_exit_0(capsys):
    code, out, _ = run(capsys, "check", "--no-model", str(EXAMPLES / "genuine.txt"))
    assert code == 0
    assert "PASS" in out


def test_jsonl_gives_one_response_per_line_in_order_with_ids(tmp_path, capsys):
    path = tmp_path / "queue.jsonl"
    path.write_text('{"draft": "Hi {{first_name}}!"}\n{"id": "b", "draft": "See you at 4."}\n')
    code, out, _ = run(capsys, "check", "--no-model", "--format", "jsonl", str(path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == ["1", "b"]
    assert lines[0]["flags"] == ["boilerplate"] and lines[1]["flags"] == []
    assert code == 1


def test_bad_jsonl_line_gets_an_error_response_and_the_rest_is_checked(tmp_path, capsys):
    path = tmp_path / "queue.jsonl"
    path.write_text('{"draft": "See you at 4."}\n{"draft": \n{"channel": "dm"}\n{"draft": "Thanks!"}\n')
    code, out, err = run(capsys, "check", "--no-model", "--format", "jsonl", str(path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 4
    assert "error" in lines[1] and "invalid JSON" in lines[1]["error"]
    assert lines[2] == {"id": "3", "error": "draft: is required"}
    assert lines[3]["flags"] == []
    assert f"{path}:2:" in err and f"{path}:3:" in err
    assert code == 1  # input errors count as findings, but the good lines were checked


def test_plain_text_with_history_file(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("Just following up on my note below, do you have 10 minutes this week?\n")
    code, out, _ = run(capsys, "check", "--no-model", "--format", "json", "--history",
                       str(EXAMPLES / "history.json"), str(draft))
    response = json.loads(out)
    assert response["id"] == str(draft)
    assert code in (0, 1)


def test_json_format_with_one_request_is_one_object(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"id": "x1", "draft": "Dear Sir/Madam, kindly find our company profile attached."}))
    _, out, _ = run(capsys, "check", "--no-model", "--format", "json", str(path))
    response = json.loads(out)
    assert response["id"] == "x1" and "boilerplate" in response["flags"]


@pytest.mark.parametrize("argv,needle", [
    (["check", "/no/such/file.txt"], "no such file"),
    (["check", "--channel", "fax", "x.txt"], "--channel: must be one of"),
    (["check", "--format", "xml", "x.txt"], "invalid choice"),
    (["rules", "boilerplate.nope"], "no rule with id"),
])
def test_usage_and_input_errors_exit_2_with_one_line(capsys, argv, needle):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert needle in err and err.count("\n") == 1


def test_invalid_json_request_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text('{\n  "draft": "hi",\n  "channel": \n}')
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert f"{path}:4: invalid JSON" in err


def test_empty_draft_file_is_an_input_error(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "the draft is empty" in err


def test_fail_on_never_and_error(capsys):
    code, _, _ = run(capsys, "check", "--no-model", "--fail-on", "never", str(EXAMPLES / "draft.txt"))
    assert code == 0
    code, _, _ = run(capsys, "check", "--no-model", "--fail-on", "error", str(EXAMPLES / "draft.txt"))
    assert code == 1  # the merge field is an error


def test_sarif_output_is_sarif_2_1_0(capsys):
    _, out, _ = run(capsys, "check", "--no-model", "--format", "sarif", str(EXAMPLES / "draft.txt"))
    document = json.loads(out)
    assert document["version"] == "2.1.0"
    results = document["runs"][0]["results"]
    merge = next(r for r in results if r["ruleId"] == "boilerplate.unfilled-merge-field")
    region = merge["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 4)
    rule_ids = {r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert "boilerplate.unfilled-merge-field" in rule_ids


def test_rules_lists_every_rule_and_shows_docs(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "hard_sell.pressure-guilt" in out
    code, out, _ = run(capsys, "rules", "hard_sell.pressure-guilt")
    assert code == 0
    for heading in ("What it flags", "Why it hurts", "Example", "Write instead"):
        assert heading in out


def test_stdin_plain_text_and_installed_console_script():
    result = subprocess.run([sys.executable, "-m", "tactful", "check", "--no-model", "--format", "json", "-"],
                            input="Dear Sir/Madam, I saw your profile", capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["flags"] == ["boilerplate"]


def test_generated_rules_reference_is_up_to_date(capsys):
    """docs/rules.md is generated from the packs; regenerate it when a rule changes."""
    _, out, _ = run(capsys, "rules", "--format", "markdown")
    committed = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text()
    assert out == committed, "run: tactful rules --format markdown > docs/rules.md"


def test_the_same_text_to_many_recipients_in_one_file_is_a_mass_blast(tmp_path, capsys):
    path = tmp_path / "queue.jsonl"
    names = ["Dana Whitfield", "Sam Okoro", "Lena Brandt", "Ravi Menon"]
    path.write_text("".join(json.dumps({"draft": f"Hi {n.split()[0]}, our new invoicing app saves small studios "
                                                 "hours every month. Want a walkthrough?",
                                        "recipient": {"name": n}}) + "\n" for n in names))
    _, out, _ = run(capsys, "check", "--no-model", "--format", "jsonl", str(path))
    responses = [json.loads(line) for line in out.splitlines()]
    assert all("boilerplate.mass-blast" in {w["rule"] for w in r["warnings"]} for r in responses)
    assert all("boilerplate" in r["flags"] for r in responses)


def test_rules_check_loads_and_compiles_every_shipped_pack(capsys):
    code, out, err = run(capsys, "rules", "--check")
    assert code == 0, err
    assert "rules in 4 packs" in out and "all load" in out


@pytest.mark.parametrize("pack,change,needle", [
    # A typo in every shipped pack, each kind of mistake: a named check's param or name, a signal in a
    # composed clash, a kind, a key.
    ("out_of_step.yml", ("min_words: 4", "min_wrds: 4"), "rule out_of_step.repeat-of-earlier: unknown param 'min_wrds'"),
    ("out_of_step.yml", ("min_similarity: 0.8", "min_similarity: high"),
     "rule out_of_step.repeat-of-earlier: param 'min_similarity'"),
    ("out_of_step.yml", ("check: repeat_of_earlier", "check: repeat_of_earlie"), "unknown named check 'repeat_of_earlie'"),
    ("out_of_step_clashes.yml", ("all: [them.handed_over]", "all: [them.handed_overr]"),
     "rule out_of_step.handed-over-ignored: unknown signal 'them.handed_overr'; did you mean 'them.handed_over'"),
    ("out_of_step_clashes.yml", ("span_from: [draft.uses_refused_title]", "span_from: [draft.uses_refused_titel]"),
     "rule out_of_step.title-request-ignored: unknown signal 'draft.uses_refused_titel' in span_from"),
    ("boilerplate.yml", ("    kind: placeholder", "    kind: placeholdr"),
     "rule boilerplate.unfilled-merge-field: unknown kind 'placeholdr'"),
    ("hard_sell.yml", ("    kind: regex", "    kind: regex\n    colour: red"),
     "rule hard_sell.presumed-yes: unknown field 'colour' for kind 'regex'"),
])
def test_rules_check_names_the_file_and_rule_of_a_typo(tmp_path, capsys, pack, change, needle):
    rules_dir = Path(__file__).resolve().parent.parent / "rules"
    for path in rules_dir.glob("*.yml"):
        text = path.read_text()
        if path.name == pack:
            assert change[0] in text
            text = text.replace(change[0], change[1], 1)
        (tmp_path / path.name).write_text(text)
    code, out, err = run(capsys, "rules", "--check", "--rules-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith(f"tactful: {pack}: ") and needle in err and err.count("\n") == 1, err
