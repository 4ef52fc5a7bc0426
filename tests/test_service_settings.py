"""Service settings from TACTFUL_* variables, and `tactful serve` refusing bad ones in one line."""
from __future__ import annotations

import pytest

from tactful.cli import main
from tactful.errors import InputError
from tactful.service.settings import Settings


def test_defaults_without_any_variable():
    settings = Settings.from_env({})
    assert settings == Settings()
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8080, 1)
    assert settings.max_body_bytes == 1024 * 1024 and settings.max_batch == 1000
    assert settings.api_keys == () and settings.no_model is False and settings.log_level == "info"


def test_every_variable_is_read():
    settings = Settings.from_env({
        "TACTFUL_HOST": "0.0.0.0", "TACTFUL_PORT": "9000", "TACTFUL_WORKERS": "4",
        "TACTFUL_MAX_BODY_BYTES": "2_000_000", "TACTFUL_MAX_BATCH": "50", "TACTFUL_CONFIG": "/etc/tactful.toml",
        "TACTFUL_LOG_LEVEL": "DEBUG", "TACTFUL_API_KEYS": " k-alpha, ,k-beta ", "TACTFUL_NO_MODEL": "yes",
    })
    assert settings == Settings(host="0.0.0.0", port=9000, workers=4, max_body_bytes=2_000_000, max_batch=50,
                                config="/etc/tactful.toml", log_level="debug", api_keys=("k-alpha", "k-beta"),
                                no_model=True)
    assert settings.debug
    assert "k-alpha" not in repr(settings), "keys must not end up in logs via repr"


@pytest.mark.parametrize("env,message", [
    ({"TACTFUL_PORT": "http"}, "TACTFUL_PORT: must be a whole number, got 'http'"),
    ({"TACTFUL_PORT": "70000"}, "TACTFUL_PORT: must be between 0 and 65535, got 70000"),
    ({"TACTFUL_WORKERS": "0"}, "TACTFUL_WORKERS: must be between 1 and 256, got 0"),
    ({"TACTFUL_MAX_BODY_BYTES": "0"}, "TACTFUL_MAX_BODY_BYTES: must be at least 1, got 0"),
    ({"TACTFUL_MAX_BATCH": "1k"}, "TACTFUL_MAX_BATCH: must be a whole number, got '1k'"),
    ({"TACTFUL_LOG_LEVEL": "verbose"}, "TACTFUL_LOG_LEVEL: must be one of debug, info, warning, error"),
    ({"TACTFUL_NO_MODEL": "maybe"}, "TACTFUL_NO_MODEL: must be 1/true/yes/on or 0/false/no/off"),
    ({"TACTFUL_API_KEYS": "good,bad key"}, "TACTFUL_API_KEYS: keys must be printable ASCII without spaces"),
])
def test_a_bad_variable_is_named(env, message):
    with pytest.raises(InputError) as error:
        Settings.from_env(env)
    assert message in str(error.value)


def test_serve_stops_with_one_line_on_a_bad_variable(monkeypatch, capsys):
    monkeypatch.setenv("TACTFUL_PORT", "eighty")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == "tactful: TACTFUL_PORT: must be a whole number, got 'eighty'\n"


def test_serve_stops_with_one_line_on_a_bad_config(monkeypatch, capsys, tmp_path):
    config = tmp_path / "tactful.toml"
    config.write_text('[rules]\ndisable = ["boilerplate.no-such-rule"]\n', encoding="utf-8")
    monkeypatch.setenv("TACTFUL_CONFIG", str(config))
    assert main(["serve"]) == 2
    assert "no rule with id 'boilerplate.no-such-rule'" in capsys.readouterr().err
    monkeypatch.setenv("TACTFUL_CONFIG", str(tmp_path / "missing.toml"))
    assert main(["serve"]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_serve_refuses_bad_flags(monkeypatch, capsys):
    for name in ("TACTFUL_PORT", "TACTFUL_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve", "--workers", "0"]) == 2
    assert capsys.readouterr().err == "tactful: --workers: must be at least 1, got 0\n"
    assert main(["serve", "--port", "99999"]) == 2
    assert "--port: must be between 0 and 65535" in capsys.readouterr().err
