"""Content calendars: `tactful check calendar.csv` and `--format csv`, as a scheduler's export meets them."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli as run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_every_row_is_checked_and_reported_by_its_line(capsys):
    code, out, _ = run(capsys, "check", "--no-model", "--format", "jsonl", str(EXAMPLES / "calendar.csv"))
    responses = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in responses] == [f"c-10{i}" for i in range(1, 8)]
    verdicts = {r["id"]: r["verdict"] for r in responses}
    assert verdicts["c-101"] == verdicts["c-106"] == "pass"
    assert verdicts["c-102"] == "block" and verdicts["c-107"] == "block"
    assert code == 1
    _, text, _ = run(capsys, "check", "--no-model", "--color", "never", str(EXAMPLES / "calendar.csv"))
    assert f"{EXAMPLES / 'calendar.csv'}:3 [c-102]: BLOCK" in text


def test_near_identical_rows_to_three_people_are_a_mass_blast(capsys):
    _, out, _ = run(capsys, "check", "--no-model", "--format", "jsonl", str(EXAMPLES / "calendar.csv"))
    blasted = [r["id"] for r in map(json.loads, out.splitlines())
               if any(w["rule"] == "boilerplate.mass-blast" for w in r["warnings"])]
    assert blasted == ["c-103", "c-104", "c-105"]


def test_format_csv_writes_the_rows_back_in_order_with_the_verdict(capsys):
    source = (EXAMPLES / "calendar.csv").read_text()
    _, out, _ = run(capsys, "check", "--no-model", "--format", "csv", str(EXAMPLES / "calendar.csv"))
    original = list(csv.reader(io.StringIO(source)))
    written = list(csv.reader(io.StringIO(out)))
    assert written[0] == original[0] + ["tactful_verdict", "tactful_flags", "tactful_rules", "tactful_suppressed",
                                        "tactful_error"]
    assert [row[:len(original[0])] for row in written[1:]] == original[1:]
    by_id = {row[0]: row for row in written[1:]}
    assert by_id["c-102"][5:8] == ["block", "hard_sell", by_id["c-102"][7]]
    assert "hard_sell.pushy-cta" in by_id["c-102"][7].split()
    assert by_id["c-101"][5:] == ["pass", "", "", "", ""]


def test_columns_come_from_tactful_toml(tmp_path, capsys):
    (tmp_path / "export.csv").write_text("Post ID;When;Caption\n7;2026-12-07T09:00:00Z;"
                                         "Hi {{first_name}}, our newsletter is out\n")
    config = tmp_path / "tactful.toml"
    config.write_text('[csv]\ntext = "Caption"\nsend_at = "When"\nid = "Post ID"\n')
    code, out, _ = run(capsys, "check", "--no-model", "--config", str(config), "--format", "json",
                       str(tmp_path / "export.csv"))
    assert json.loads(out)["id"] == "7" and json.loads(out)["verdict"] == "block" and code == 1


def test_a_configured_column_that_is_missing_is_named(tmp_path, capsys):
    (tmp_path / "export.csv").write_text("id,Message\n1,See you at 4\n")
    config = tmp_path / "tactful.toml"
    config.write_text('[csv]\ntext = "Body"\n')
    code, _, err = run(capsys, "check", "--no-model", "--config", str(config), str(tmp_path / "export.csv"))
    assert code == 2 and "no column 'Body'" in err and "'id', 'Message'" in err and err.count("\n") == 1


def test_an_export_without_a_text_column_is_an_error_naming_its_columns(tmp_path, capsys):
    (tmp_path / "export.csv").write_text("id,when,network\n1,today,twitter\n")
    code, _, err = run(capsys, "check", "--no-model", str(tmp_path / "export.csv"))
    assert code == 2 and "no column with the draft text" in err and "'network'" in err


def test_a_file_that_is_not_parseable_csv_is_an_error_not_a_draft(tmp_path, capsys):
    (tmp_path / "broken.csv").write_text('id,text\n1,"Buy now!" today\n2,"an open quote\n')
    code, out, err = run(capsys, "check", "--no-model", "--format", "json", str(tmp_path / "broken.csv"))
    assert code == 2 and "not valid CSV" in err
    assert "verdict" not in out


def test_a_bad_row_is_reported_by_line_and_the_rest_is_checked(tmp_path, capsys):
    (tmp_path / "cal.csv").write_text("id,channel,text\n1,post,See you at 4!\n2,fax,Hello there\n3,post,\n"
                                      "4,post,two,fields,too many\n5,post,\"Hi {{first_name}}!\"\n")
    code, out, err = run(capsys, "check", "--no-model", "--format", "jsonl", str(tmp_path / "cal.csv"))
    responses = [json.loads(line) for line in out.splitlines()]
    assert responses[0]["verdict"] == "pass"
    assert responses[1]["id"] == "2" and responses[1]["error"].startswith("channel: must be one of")
    assert "'text' column is empty" in responses[2]["error"]
    assert "the row has 5 fields and the header 3" in responses[3]["error"]
    assert responses[4]["flags"] == ["boilerplate"]
    assert f"{tmp_path / 'cal.csv'}:3:" in err and f"{tmp_path / 'cal.csv'}:5:" in err
    assert code == 1


def test_multi_line_cells_keep_their_line_numbers(tmp_path, capsys):
    (tmp_path / "cal.csv").write_text('id,text\na,"Line one\nline two of a long post"\nb,"Hi {{first_name}}"\n')
    _, out, _ = run(capsys, "check", "--no-model", "--format", "sarif", str(tmp_path / "cal.csv"))
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_a_csv_on_standard_input_is_read_as_a_calendar():
    source = (EXAMPLES / "calendar.csv").read_text()
    result = subprocess.run([sys.executable, "-m", "tactful", "check", "--no-model", "--format", "csv", "-"],
                            input=source, capture_output=True, text=True, timeout=120)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 8 and rows[0][-5] == "tactful_verdict" and result.returncode == 1


def test_prose_with_commas_on_standard_input_stays_a_draft():
    prose = "Thanks, Priya, for the notes.\nSee you Friday, as planned."
    result = subprocess.run([sys.executable, "-m", "tactful", "check", "--no-model", "--format", "json", "-"],
                            input=prose, capture_output=True, text=True, timeout=120)
    assert json.loads(result.stdout)["verdict"] == "pass"
