"""Regression tests for the crashes and stalls a fuzzing run found (issue 16), engine and CLI side.

Each test is the reproducer from the report: it failed (crash, traceback, minutes of CPU) before
the fix. No test here times anything (a shared machine makes a time budget flaky): a stall is caught
by counting work as the input doubles (tests/steps.py: linear work doubles its extra steps, the
quadratic loops these inputs used to hit quadruple them) or by a bound on what an inner stage is given.
The wall-clock times of the same inputs are measured by `python bench/run.py` (its "hostile input" section).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tactful.batch import MassBlast, find_mass_blasts
from tactful.engine import Engine
from tactful.errors import ModelError, RulePackError
from tactful.matchers import RuleSet
from tactful.nlp.placeholders import PLACEHOLDER_SYNTAXES
from tactful.model import artifacts
from tactful.model.classifier import Classifier, default_models_dir
from tactful.nlp.regex_safety import unsafe_reason
from tactful.request import parse_request
from tactful.rulepack import Rule, load_packs
from tactful.nlp.text import MAX_AFFIX_RUN, BoundedTokenizer, analyse
from steps import assert_linear

ROOT = Path(__file__).resolve().parent.parent
FAR_TIMES = ["9999-12-31T23:59:59", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00-12:00"]


def tactful(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tactful", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=120)


# ---- 1. far-future and far-past times ---------------------------------------------------------

@pytest.mark.parametrize("at", FAR_TIMES)
@pytest.mark.parametrize("text", ["tomorrow", "on Friday", "call me after October", "frozen until 2027",
                                  "next week works", "in two weeks", "on the 5th", "until April 13th",
                                  "tonight at 8pm", "after the summer"])
def test_times_at_the_edge_of_the_calendar_are_no_match_not_a_crash(engine, at, text):
    for send_at in (None, at):
        request = {"draft": "How did it go? Shall we talk tomorrow at 10am?",
                   "history": [{"from": "them", "text": text, "at": at}, {"from": "me", "text": text, "at": at}]}
        if send_at:
            request["send_at"] = send_at
        response = engine.check(request)
        assert response["verdict"] in ("pass", "review", "block")
        assert "engine_warnings" not in response  # handled as no match, not as a skipped rule


def test_far_future_history_in_the_cli_is_checked_without_a_traceback(tmp_path):
    request = {"draft": "How did it go?", "history": [{"from": "them", "text": "tomorrow", "at": "9999-12-31T23:59:59"}]}
    path = tmp_path / "far.json"
    path.write_text(json.dumps(request))
    result = tactful("check", "--no-model", "--format", "json", str(path), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["verdict"] in ("pass", "review", "block")


# ---- 2. quadratic tokenising ------------------------------------------------------------------

HOSTILE_RUNS = ["$", "😀", "!", "{", "[", "#", ":", "&", "_", "*", "?", "%"]


def test_the_step_count_tells_linear_from_quadratic_work():
    def step():
        pass

    def linear(n: int) -> None:
        for _ in range(n):
            step()

    def quadratic(n: int) -> None:
        for i in range(n):
            for _ in range(i):
                step()

    assert_linear(linear, 200)
    with pytest.raises(AssertionError, match="more steps as the input doubles"):
        assert_linear(quadratic, 200)


@pytest.mark.parametrize("char", HOSTILE_RUNS)
def test_a_long_run_without_spaces_costs_linear_work(full_engine, char):
    # 5,000 characters took 8.5 s before the tokenizer was bounded (and ~125 s at 20,000).
    def check(n: int) -> None:
        response = full_engine.check({"draft": char * n, "history": [{"from": "them", "text": char * n}]})
        assert response["verdict"] in ("pass", "review", "block")

    assert_linear(check, 1000, what=f"{char!r} x 1,000 / 2,000 / 4,000")


def test_the_worst_runs_cost_linear_work_up_to_the_draft_limit(full_engine):
    from tactful.request import MAX_DRAFT_CHARS

    for char in ("$", "😀", "%"):
        assert_linear(lambda n: full_engine.check({"draft": char * n}), MAX_DRAFT_CHARS // 4, what=repr(char))


class _RecordingTokenizer:
    """spaCy's tokenizer, noting the longest run without whitespace it is handed."""

    def __init__(self, inner):
        self.inner, self.vocab, self.longest = inner, inner.vocab, 0

    def __call__(self, text: str):
        self.longest = max([self.longest] + [len(run) for run in text.split()])
        return self.inner(text)


@pytest.mark.parametrize("char", HOSTILE_RUNS)
def test_spacy_is_never_handed_a_run_longer_than_the_bound(char):
    """spaCy's affix loop is quadratic in a run's length: the bounded tokenizer cuts every long run itself."""
    import spacy

    recording = _RecordingTokenizer(spacy.blank("en").tokenizer)
    text = f"Hi {char * 5000} and {('ab' + char) * 2000}, thanks"
    doc = BoundedTokenizer(recording)(text)
    assert doc.text == text
    assert 0 < recording.longest <= MAX_AFFIX_RUN


@pytest.mark.parametrize("text", [
    "x " + "$" * 50 + " y", "x " + "$" * 50 + "  y", "$" * 60 + "\n", "ab" * 40 + "!!", " " + "😀" * 45,
    "Hello there\u2028" + "{" * 41 + "\tnext", "https://example.com/" + "a" * 80 + " and more",
])
def test_bounded_tokenizer_keeps_every_character_at_its_offset(text):
    doc = analyse(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text


def test_ordinary_text_is_tokenised_exactly_as_spacy_does():
    import spacy

    plain = spacy.blank("en")
    text = "Thanks for the call, Aisha!! See https://example.com/a?b=c — and don't forget: 50% off (today)."
    assert [t.text for t in analyse(text)] == [t.text for t in plain(text)]


# ---- 3. fault isolation -----------------------------------------------------------------------

def _broken(monkeypatch, engine: Engine, rule_id: str) -> None:
    def run(ctx):
        raise ZeroDivisionError("boom: " + ctx.draft)

    monkeypatch.setattr(engine.ruleset.kinds[rule_id], "run", run)


def test_a_rule_that_raises_is_skipped_and_named_while_the_others_run(monkeypatch, engine):
    from tactful.checks import needs_history

    # A named rule that runs on a draft without history (one that needs history is skipped before it runs).
    named = next(rule for rule in engine.rules if rule.kind == "named" and not needs_history(rule.params["check"]))
    _broken(monkeypatch, engine, named.id)
    draft = "Hi {{first_name}}, I hope this finds you well! BUY NOW!!! Limited offer ends tonight!!!"
    response = engine.check({"draft": draft})
    assert response["engine_warnings"] == [{"source": named.id, "kind": "rule_failed",
                                            "message": "the rule raised ZeroDivisionError on this draft and was skipped"}]
    assert "boilerplate.unfilled-merge-field" in {w["rule"] for w in response["warnings"]}
    batch = engine.check_many([{"draft": draft}, {"draft": "Thanks, see you Tuesday."}])
    assert len(batch) == 2 and all(r["engine_warnings"][0]["source"] == named.id for r in batch)


def test_a_classifier_that_raises_leaves_the_rules_answering(monkeypatch, full_engine):
    def broken(requests):
        raise MemoryError()

    monkeypatch.setattr(full_engine.classifier, "score", broken)
    response = full_engine.check({"draft": "Hi {{first_name}}, quick question"})
    assert response["engine_warnings"][0]["source"] == "model"
    assert response["engine_warnings"][0]["kind"] == "model_failed"
    assert "boilerplate" in response["flags"]  # the merge-field rule still ran


# ---- 4. model files: every file covered, every pattern checked ---------------------------------

def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    target.mkdir()
    source = default_models_dir()
    for name in (artifacts.ARRAYS_FILE, artifacts.META_FILE):
        (target / name).write_bytes((source / name).read_bytes())
    return target


def test_an_edited_classifier_json_does_not_load(tmp_path):
    models = _copy_model(tmp_path)
    meta = json.loads((models / artifacts.META_FILE).read_text())
    meta["thresholds"] = {key: 0.99 for key in meta["thresholds"]}
    (models / artifacts.META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="changed after training"):
        Classifier.load(models)


def test_a_catastrophic_token_pattern_is_refused_even_with_a_matching_digest(tmp_path):
    models = _copy_model(tmp_path)
    meta = json.loads((models / artifacts.META_FILE).read_text())
    meta["blocks"][0]["settings"]["token_pattern"] = "(a|a)+!"
    meta["meta_digest"] = artifacts.meta_digest(meta)  # an attacker who also fixes the digest
    (models / artifacts.META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="token_pattern"):  # refused by the lint, before any text is matched
        Classifier.load(models)


def test_missing_model_files_name_the_folder_that_was_searched(tmp_path):
    with pytest.raises(ModelError) as error:
        Classifier.load(tmp_path)
    assert str(tmp_path) in str(error.value)
    assert "site-packages/models" not in str(default_models_dir())


# ---- 5. regex safety --------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", [r"(a|a)+$", r"(a|aa)+$", r"(?:a{1,100})+$", r"\w*\w*\w*\w*!", r"(?:a|b|ab)*c",
                                     r"(a+)+b", r"(a|a)+!", r"(\w+\s?)+$", r"(a*)*b", r"(?:\d+)+x", r"(.*)x",
                                     r"(a|b)\1", r"[a-z]+\s*[a-z]+!"])
def test_patterns_that_backtrack_catastrophically_are_refused(pattern):
    assert unsafe_reason(pattern) is not None


@pytest.mark.parametrize("pattern", [r"\b(?:quick|short) (?:call|chat)\b", r"\d{1,3}% off", r"(?:\w+\s){0,3}now",
                                     r"[A-Z]{4,}(?: [A-Z]{4,}){2}", r"(?i)\bbuy now\b", r"(?u)\b\w\w+\b"])
def test_ordinary_patterns_pass_the_lint(pattern):
    assert unsafe_reason(pattern) is None


def _rule(kind: str, **params) -> Rule:
    return Rule(id="hard_sell.test-rule", category="hard_sell", severity="warning", score=1.0, message="m", why="w",
                suggestion="s", kind=kind, params=params, examples={"flag": ["x"], "pass": ["y"]}, source="test.yml")


def test_the_dropped_tokens_kind_is_a_load_error():
    with pytest.raises(RulePackError, match="unknown kind 'tokens'"):
        RuleSet([_rule("tokens", patterns=[[{"TEXT": {"REGEX": "(a+)+b"}}]])])


def test_a_rule_pack_regex_is_checked_at_load():
    with pytest.raises(RulePackError, match="catastrophic"):
        RuleSet([_rule("regex", patterns=[r"(a|aa)+$"])])


def test_every_placeholder_syntax_passes_the_lint():
    for name, pattern in PLACEHOLDER_SYNTAXES.items():
        assert unsafe_reason(pattern, re.IGNORECASE) is None, name


# ---- 6. deep nesting in the CLI ---------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl", "-"])
def test_deeply_nested_json_is_one_line_and_exit_2(tmp_path, name):
    if name == "-":
        result = tactful("check", "--no-model", "-", stdin=DEEP, cwd=tmp_path)
    else:
        (tmp_path / name).write_text(DEEP + "\n")
        result = tactful("check", "--no-model", name, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert "nests deeper than" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the error line (and "no request could be checked")


# ---- 7. mass-blast grouping -------------------------------------------------------------------

def _near_identical(n: int) -> list:
    return [parse_request({"draft": f"Hi Person{i}, we help teams like yours double their pipeline with our "
                                    f"platform, ref {i * 7919 % 100003}",
                           "recipient": {"name": f"Person{i}"}}) for i in range(n)]


def test_mass_blast_grouping_is_not_quadratic():
    # 20,000 drafts took 125 s before the grouping index (each draft compared with every other).
    batches = {n: _near_identical(n) for n in (1_000, 2_000, 4_000)}

    def group(n: int) -> None:
        blasts = find_mass_blasts(batches[n], MassBlast(count_unnamed_recipients=False))
        assert len(blasts) == n and set(blasts.values()) == {n}

    assert_linear(group, 1_000, what="near-identical drafts")


def test_mass_blast_groups_stay_apart_when_the_texts_differ():
    texts = ["We help teams like yours double their pipeline with our platform today",
             "Loved your talk on river restoration at the Leeds meetup last week honestly",
             "Our agency builds beautiful websites for small bakeries across the north"]
    requests = [parse_request({"draft": f"{texts[i % 3]} {i}", "recipient": {"name": f"P{i}"}}) for i in range(30)]
    blasts = find_mass_blasts(requests, MassBlast(count_unnamed_recipients=False))
    assert set(blasts.values()) == {10}


# ---- 9. which config was used -----------------------------------------------------------------

def test_the_cli_says_which_config_file_it_applied(tmp_path):
    (tmp_path / "tactful.toml").write_text('[rules]\ndisable = ["boilerplate.unfilled-merge-field"]\n')
    inner = tmp_path / "project" / "drafts"
    inner.mkdir(parents=True)
    (inner / "draft.txt").write_text("Hi {{first_name}}, quick question about your order.")
    text = tactful("check", "--no-model", "draft.txt", cwd=inner)
    assert f"using config {tmp_path / 'tactful.toml'}" in text.stderr
    as_json = tactful("check", "--no-model", "--format", "json", "draft.txt", cwd=inner)
    assert json.loads(as_json.stdout)["config"] == str(tmp_path / "tactful.toml")
    sarif = tactful("check", "--no-model", "--format", "sarif", "draft.txt", cwd=inner)
    assert json.loads(sarif.stdout)["runs"][0]["properties"]["config"] == str(tmp_path / "tactful.toml")


def test_no_config_line_without_a_config(tmp_path):
    (tmp_path / "draft.txt").write_text("Thanks, see you Tuesday.")
    result = tactful("check", "--no-model", "--format", "json", "draft.txt", cwd=tmp_path)
    assert "using config" not in result.stderr and "config" not in json.loads(result.stdout)


# ---- 10. dependencies bounded above, image built with constraints --------------------------------

def test_every_dependency_has_an_upper_bound_and_the_image_uses_constraints():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    for requirement in requirements:
        assert "<" in requirement, f"{requirement} has no upper bound"
    constraints = (ROOT / "constraints.txt").read_text()
    for name in ("fastapi", "uvicorn", "spacy", "pydantic", "numpy", "starlette"):
        assert re.search(rf"^{name}==", constraints, re.MULTILINE | re.IGNORECASE), name
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "-c /tmp/src/constraints.txt" in dockerfile or "--constraint" in dockerfile


# ---- the rule packs load with the stricter lint --------------------------------------------------

def test_the_shipped_packs_pass_the_stricter_lint():
    rules = load_packs()
    RuleSet(rules)  # raises RulePackError naming the rule otherwise


# ---- JSONL framing (issue 14): records are split on \n only ------------------------------------

def test_a_jsonl_record_with_a_line_separator_inside_its_text_survives(tmp_path):
    records = [{"id": "a", "draft": "Loved it\u2028see you Tuesday"}, {"id": "b", "draft": "Thanks\u0085\u000c again"}]
    path = tmp_path / "queue.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = tactful("check", "--no-model", "--format", "jsonl", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]


@pytest.mark.parametrize("line", ["--\n", "-- \nJoe\n", "> quoted\n--\n", "On Mon, Ann wrote:\n> x\n"])
def test_an_email_made_of_many_signature_or_quote_lines_costs_linear_work(full_engine, line):
    # 6,700 "--" lines took 5.6 s before the signature scan was linear.
    assert_linear(lambda n: full_engine.check({"draft": (line * n)[:n - 1] + ".", "channel": "email"}), 2_500,
                  what=repr(line))


@pytest.mark.parametrize("pair", [".1", "a-", "Hi {{name}}"])
def test_a_repeated_host_label_or_field_costs_linear_work(full_engine, pair):
    # ".1.1.1..." took 40 s (the classifier's link feature), "a-a-a-..." 20 s, a line of 1,800 fields 3.4 s.
    # (What happens inside one regex search is tests/test_regex_safety.py's and the load-time lint's to bound.)
    assert_linear(lambda n: full_engine.check({"draft": (pair * n)[:n - 1] + ".", "channel": "reply"}), 2_500,
                  what=repr(pair))
