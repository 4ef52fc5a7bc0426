"""Service settings, read once from `TACTFUL_*` environment variables.

Every bad value is an `InputError` naming the variable, so `tactful serve`
stops with one line instead of a traceback. `tactful serve --host/--port/--workers`
override the matching variables.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional

from tactful.errors import InputError
from tactful.feedback.settings import FeedbackSettings, check_team

LOG_LEVELS = ("debug", "info", "warning", "error")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    # Bytes of request body accepted, counted while reading (with or without Content-Length).
    max_body_bytes: int = 1024 * 1024
    # Requests accepted in one POST /v1/check/batch.
    max_batch: int = 1000
    # tactful.toml to load; None = $TACTFUL_CONFIG handling of tactful.config (nearest one upward).
    config: Optional[str] = None
    log_level: str = "info"
    # Bearer keys for /v1/*; empty = no authentication.
    api_keys: tuple[str, ...] = field(default=(), repr=False)
    # Rules only: do not load (or expect) the classifier.
    no_model: bool = False
    # API key -> team (TACTFUL_TEAM_KEYS); those keys are API keys too. Other keys belong to team "default".
    team_keys: dict[str, str] = field(default_factory=dict, repr=False)
    # The feedback database and the teams' models; None = read from the environment when first needed.
    feedback: Optional[FeedbackSettings] = field(default=None, compare=False)
    # Seconds between flushes of rule hit counts to the database, and checks for a model reload.
    flush_seconds: float = 5.0
    # Check requests admitted at once per worker (running or waiting for the engine); past it, 503 at once.
    max_in_flight: int = 32
    # Seconds a check request may take before the service gives up on it with 504 (a batch stops between chunks).
    request_timeout: float = 10.0
    # Seconds to wait for the rest of a request body before answering 408.
    body_timeout: float = 10.0

    @property
    def feedback_settings(self) -> FeedbackSettings:
        return self.feedback if self.feedback is not None else FeedbackSettings.from_env()

    @property
    def debug(self) -> bool:
        return self.log_level == "debug"

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        defaults = cls()

        def text(name: str, default):
            value = env.get(name)
            return default if value is None or not value.strip() else value.strip()

        def number(name: str, default: int, low: int, high: Optional[int] = None) -> int:
            raw = text(name, None)
            if raw is None:
                return default
            try:
                value = int(raw.replace("_", ""))
            except ValueError:
                raise InputError(f"{name}: must be a whole number, got {raw!r}") from None
            if value < low or (high is not None and value > high):
                bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
                raise InputError(f"{name}: must be {bounds}, got {value}")
            return value

        log_level = text("TACTFUL_LOG_LEVEL", defaults.log_level).lower()
        if log_level not in LOG_LEVELS:
            raise InputError(f"TACTFUL_LOG_LEVEL: must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")
        no_model = (env.get("TACTFUL_NO_MODEL") or "").strip().lower()
        if no_model not in _TRUE + _FALSE:
            raise InputError(f"TACTFUL_NO_MODEL: must be 1/true/yes/on or 0/false/no/off, got {no_model!r}")
        def seconds(name: str, default: float) -> float:
            raw = text(name, None)
            if raw is None:
                return default
            try:
                value = float(raw)
            except ValueError:
                raise InputError(f"{name}: must be a number of seconds, got {raw!r}") from None
            if not 0 < value <= 3600:
                raise InputError(f"{name}: must be more than 0 and at most 3600 seconds, got {raw}")
            return value

        keys = tuple(key.strip() for key in (env.get("TACTFUL_API_KEYS") or "").split(",") if key.strip())
        for key in keys:
            if not key.isascii() or not key.isprintable() or " " in key:
                raise InputError("TACTFUL_API_KEYS: keys must be printable ASCII without spaces")
        team_keys: dict[str, str] = {}
        for entry in (env.get("TACTFUL_TEAM_KEYS") or "").split(","):
            if not entry.strip():
                continue
            team, sep, key = entry.strip().partition(":")
            if not sep or not key:
                raise InputError("TACTFUL_TEAM_KEYS: entries are team:key, separated by commas")
            check_team(team, "TACTFUL_TEAM_KEYS")
            if not key.isascii() or not key.isprintable() or " " in key:
                raise InputError("TACTFUL_TEAM_KEYS: keys must be printable ASCII without spaces")
            if key in team_keys and team_keys[key] != team:
                raise InputError(f"TACTFUL_TEAM_KEYS: one key is given to two teams ({team_keys[key]}, {team})")
            team_keys[key] = team
        keys = keys + tuple(key for key in team_keys if key not in keys)
        return cls(
            host=text("TACTFUL_HOST", defaults.host),
            port=number("TACTFUL_PORT", defaults.port, 0, 65535),
            workers=number("TACTFUL_WORKERS", defaults.workers, 1, 256),
            max_body_bytes=number("TACTFUL_MAX_BODY_BYTES", defaults.max_body_bytes, 1),
            max_batch=number("TACTFUL_MAX_BATCH", defaults.max_batch, 1),
            config=text("TACTFUL_CONFIG", None),
            log_level=log_level,
            api_keys=keys,
            no_model=no_model in _TRUE,
            team_keys=team_keys,
            feedback=FeedbackSettings.from_env(env),
            max_in_flight=number("TACTFUL_MAX_IN_FLIGHT", defaults.max_in_flight, 1, 100_000),
            request_timeout=seconds("TACTFUL_REQUEST_TIMEOUT", defaults.request_timeout),
            body_timeout=seconds("TACTFUL_BODY_TIMEOUT", defaults.body_timeout),
        )
