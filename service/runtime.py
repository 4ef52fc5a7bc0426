"""The engine of one worker: loaded once at startup, then shared by every request.

Readiness means the rules are loaded and, unless the service runs rules only
(TACTFUL_NO_MODEL=1 or `[model] enabled = false` in tactful.toml), the
classifier too. A classifier that fails to load does not stop the worker: it
serves rules-only answers while /readyz says 503 and why, so an orchestrator
keeps traffic away and the logs name the fault.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from tactful.api import Checker
from tactful.engine import Engine
from tactful.request import CheckRequest
from tactful.errors import ModelError
from tactful.service.jsonio import dumps
from tactful.service.settings import Settings

log = logging.getLogger("tactful.service")
# Drafts checked per hold of the engine lock in a batch: bounds how long a single check
# waits behind a batch, and how soon an abandoned batch stops.
BATCH_CHUNK = 32
WARM_UP = {"draft": "Thanks for connecting, Aisha! Your talk at the Leeds meetup was great. Coffee soon?",
           "history": [{"from": "them", "kind": "connect"}]}


class Runtime:
    def __init__(self, settings: Settings, engine: Optional[Engine] = None):
        self.settings = settings
        self.model_error: Optional[str] = None
        # The Checker holds its own lock (one chunk of checks at a time per worker).
        self.checker: Optional[Checker] = None
        self.rules_body = b"[]"
        self.rule_bodies: dict[str, bytes] = {}
        # Teams with a learned model of their own (tactful learn): team -> checker. Replaced whole on reload,
        # never changed in place, so a request keeps the checker it started with.
        self.team_checkers: dict[str, Checker] = {}
        if engine is not None:
            self._use(engine)

    def load(self) -> None:
        """Load rules, config and classifier (about a second), then warm up with one check."""
        from tactful.config import load_config

        config = load_config(Path(self.settings.config) if self.settings.config else None)
        try:
            checker = Checker(config=config, model=False if self.settings.no_model else None)
        except ModelError as exc:
            self.model_error = str(exc)
            log.error("the classifier did not load; serving rules only and reporting not ready",
                      extra={"reason": self.model_error})
            checker = Checker(config=config, model=False)
        checker.check(WARM_UP)
        self._use(checker.engine, checker)
        engine = checker.engine
        log.info("engine loaded", extra={"rules": len(engine.rules), "model": self.model_state,
                                         "config": str(config.path) if config.path else None})
        if self.model_state == "missing" and self.model_error is None:
            log.warning("the classifier is not installed: serving rules only, and /readyz answers 503 "
                        "until it is (set TACTFUL_NO_MODEL=1 to run rules only on purpose)")

    @property
    def engine(self) -> Optional[Engine]:
        return self.checker.engine if self.checker is not None else None

    def _use(self, engine: Engine, checker: Optional[Checker] = None) -> None:
        active = {rule.id: rule for rule in engine.rules}
        rules: list[dict[str, Any]] = []
        for original in engine.all_rules:
            rule = active.get(original.id, original)
            summary = {**rule.summary(), "enabled": original.id in active}
            rules.append(summary)
            self.rule_bodies[rule.id] = dumps({**rule.docs(), "enabled": summary["enabled"]})
        self.rules_body = dumps(rules)
        self.checker = checker if checker is not None else Checker.from_engine(engine)

    def checker_for(self, team: Optional[str] = None) -> Checker:
        """The team's checker when it has a learned model, else the shared one."""
        return self.team_checkers.get(team, self.checker) if team else self.checker

    def engine_for(self, team: Optional[str] = None) -> Engine:
        return self.checker_for(team).engine

    def check(self, request: CheckRequest, team: Optional[str] = None) -> dict[str, Any]:
        return self._mark([self.checker_for(team).check(request)])[0]

    def check_batch(self, requests: list[CheckRequest], team: Optional[str] = None,
                    deadline: Optional[float] = None) -> list[dict[str, Any]]:
        """Responses in order, with mass-blast warnings; the checker's lock is held one chunk at a time.

        Past `deadline` (a `time.monotonic()` value) the batch stops between chunks with `DeadlinePassed`.
        """
        return self._mark(self.checker_for(team).check_many(requests, chunk_size=BATCH_CHUNK, deadline=deadline))

    @property
    def degraded(self) -> Optional[dict[str, str]]:
        """The engine warning every response carries while the classifier is wanted but not loaded."""
        if self.engine is None or self.model_state != "missing":
            return None
        reason = self.model_error or "no model package or artifacts installed"
        return {"source": "model", "kind": "model_not_loaded",
                "message": f"the classifier is not loaded ({reason}); this answer comes from the rules alone"}

    def _mark(self, responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
        notice = self.degraded
        if notice is not None:
            for response in responses:
                response["engine_warnings"] = [notice, *response.get("engine_warnings", ())]
        return responses

    @property
    def model_wanted(self) -> bool:
        if self.settings.no_model:
            return False
        return self.engine is None or self.engine.config.model_enabled

    @property
    def model_state(self) -> str:
        if self.engine is not None and self.engine.model_loaded:
            return "loaded"
        return "missing" if self.model_wanted else "off"

    def readiness(self) -> tuple[int, dict[str, Any]]:
        rules = len(self.engine.rules) if self.engine is not None else 0
        state = self.model_state
        if self.engine is None:
            problem = "the engine is still loading"
        elif state == "missing":
            problem = ("the classifier is not loaded: " + (self.model_error or "no model package or artifacts "
                       "installed") + "; set TACTFUL_NO_MODEL=1 to serve rules only")
        else:
            return 200, {"status": "ready", "rules": rules, "model": state}
        return 503, {"status": "not ready", "rules": rules, "model": state, "error": problem}
