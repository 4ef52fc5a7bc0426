"""The Python API: `from tactful import check, Checker`, as a script or a scheduler uses it."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path

import pytest

import tactful
from tactful import Checker
from tactful.errors import InputError

AUTO_DM = {"id": "post-7", "draft": "Thanks for following! Grab 50% off my course today only: mysite.example/course",
           "history": [{"from": "them", "kind": "follow"}]}
GENUINE = {"draft": "Thanks for the add and your note! Is there a time this week to chat?",
           "history": [{"from": "them", "kind": "connect"}]}
TEMPLATE = "Hi {name}, I noticed your profile and think our growth program could double your revenue this quarter."


def test_check_and_checker_are_importable_from_the_package():
    assert tactful.check is tactful.api.check
    assert tactful.Checker is tactful.api.Checker
    with pytest.raises(AttributeError):
        tactful.no_such_thing  # noqa: B018


def test_an_auto_dm_is_flagged_and_a_genuine_note_passes(checker):
    bad = checker.check(AUTO_DM)
    assert bad["id"] == "post-7" and "boilerplate" in bad["flags"] and bad["verdict"] != "pass"
    assert any(w["rule"].startswith("boilerplate.") and w["span"] for w in bad["warnings"])
    good = checker.check(GENUINE)
    assert good["flags"] == [] and good["verdict"] == "pass"


def test_the_response_is_plain_json(checker):
    response = checker.check(AUTO_DM)
    assert json.loads(json.dumps(response)) == response


def test_module_level_check_uses_a_default_checker_built_once(monkeypatch, engine):
    built = []

    def fake_default():
        built.append(1)
        return Checker.from_engine(engine)

    from tactful import api

    monkeypatch.setattr(api, "default_checker", fake_default)
    assert api.check(GENUINE)["verdict"] == "pass"
    assert built == [1]


def test_the_default_checker_is_built_once():
    from tactful import api

    assert api.default_checker() is api.default_checker()


def test_check_many_keeps_order_and_finds_a_mass_blast(checker):
    queue = [{"id": str(i), "draft": TEMPLATE.format(name=name), "recipient": {"name": name}}
             for i, name in enumerate(["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kim"])]
    queue.insert(2, {"id": "x", **GENUINE})
    responses = checker.check_many(queue)
    assert [r["id"] for r in responses] == ["0", "1", "x", "2", "3"]
    blasted = [r["id"] for r in responses if any(w["rule"] == "boilerplate.mass-blast" for w in r["warnings"])]
    assert blasted == ["0", "1", "2", "3"]
    alone = checker.check_many(queue, mass_blast=False)
    assert not any(w["rule"] == "boilerplate.mass-blast" for r in alone for w in r["warnings"])


def test_unnamed_recipients_count_only_when_asked(checker):
    queue = [{"draft": TEMPLATE.format(name="there")} for _ in range(4)]
    assert all(any(w["rule"] == "boilerplate.mass-blast" for w in r["warnings"]) for r in checker.check_many(queue))
    named_only = checker.check_many(queue, named_recipients_only=True)
    assert not any(w["rule"] == "boilerplate.mass-blast" for r in named_only for w in r["warnings"])


def test_a_bad_request_raises_one_line_naming_the_field_and_index(checker):
    with pytest.raises(InputError, match=r"^draft: is required$"):
        checker.check({"channel": "dm"})
    with pytest.raises(InputError, match=r"^\[1\]\.channel: must be one of"):
        checker.check_many([GENUINE, {"draft": "hello there", "channel": "fax"}])
    with pytest.raises(InputError, match=r"^\[0\]: a request must be a JSON object"):
        checker.check_many(["just a string"])


def test_progress_is_reported_per_chunk(checker):
    done = []
    checker.check_many([GENUINE] * 5, chunk_size=2, progress=done.append)
    assert done == [2, 2, 1]


def test_a_checker_can_be_shared_between_threads(checker):
    expected = checker.check(AUTO_DM)
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(checker.check(AUTO_DM))
        except Exception as exc:  # pragma: no cover - the failure is asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 20 and all(r == expected for r in results)


def test_checker_takes_a_config_path(tmp_path):
    config = tmp_path / "tactful.toml"
    config.write_text('[rules]\ndisable = ["boilerplate.follow-thanks-with-pitch"]\n[model]\nenabled = false\n')
    checker = Checker(config=config)
    assert not checker.model_loaded
    assert checker.rule("boilerplate.follow-thanks-with-pitch") is not None
    assert "boilerplate.follow-thanks-with-pitch" not in {r.id for r in checker.rules}
    assert all(w["rule"] != "boilerplate.follow-thanks-with-pitch" for w in checker.check(AUTO_DM)["warnings"])


def test_the_package_is_typed():
    assert resources.files("tactful").joinpath("py.typed").is_file()
    from tactful.types import RequestDict, ResponseDict

    assert "draft" in RequestDict.__required_keys__
    assert {"id", "verdict", "flags", "warnings"} <= ResponseDict.__required_keys__


def test_importing_tactful_loads_nothing_heavy():
    code = "import sys, tactful; print(sorted(m for m in ('spacy', 'numpy', 'pydantic', 'fastapi') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_cli_answers_what_the_api_answers(tmp_path, checker):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(AUTO_DM))
    out = subprocess.run([sys.executable, "-m", "tactful", "check", "--no-model", "--format", "json", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert json.loads(out.stdout) == checker.check(AUTO_DM)


def test_the_service_answers_what_the_api_answers(engine, checker):
    from fastapi.testclient import TestClient

    from tactful.service.app import create_app
    from tactful.service.settings import Settings

    with TestClient(create_app(Settings(no_model=True), engine=engine)) as client:
        assert client.post("/v1/check", json=AUTO_DM).json() == checker.check(AUTO_DM)
