"""The engine of one worker: loaded once at startup, then shared by every request.

Readiness means the rules are loaded and, unless the service runs rules only
(TACTFUL_NO_MODEL=1 or `[model] enabled = false` in tactful.toml), the
classifier too. A classifier that fails to load does not stop the worker: it
serves rules-only answers while /readyz says 503 and why, so an orchestrator
keeps traffic away and the logs name the fault.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Optional

from tactful.batch import MassBlast, add_mass_blast_warnings
from tactful.engine import Engine
from tactful.request import CheckRequest
from tactful.errors import ModelError
from tactful.service.jsonio import dumps
from tactful.service.settings import Settings

log = logging.getLogger("tactful.service")
# Drafts checked per hold of the engine lock in a batch: bounds how long a single check
# on the event loop can wait behind a batch running on a worker thread.
BATCH_CHUNK = 32
WARM_UP = {"draft": "Thanks for connecting, Aisha! Your talk at the Leeds meetup was great. Coffee soon?",
           "history": [{"from": "them", "kind": "connect"}]}


class Runtime:
    def __init__(self, settings: Settings, engine: Optional[Engine] = None):
        self.settings = settings
        # spaCy's shared vocabulary is not documented as thread-safe: one check at a time per worker.
        self._lock = threading.Lock()
        self.model_error: Optional[str] = None
        self.engine: Optional[Engine] = None
        self.mass_blast: Optional[MassBlast] = None
        self.rules_body = b"[]"
        self.rule_bodies: dict[str, bytes] = {}
        if engine is not None:
            self._use(engine)

    def load(self) -> None:
        """Load rules, config and classifier (about a second), then warm up with one check."""
        from tactful.config import load_config

        config = load_config(Path(self.settings.config) if self.settings.config else None)
        try:
            engine = Engine.load(config=config, use_model=False if self.settings.no_model else None)
        except ModelError as exc:
            self.model_error = str(exc)
            log.error("the classifier did not load; serving rules only and reporting not ready",
                      extra={"reason": self.model_error})
            engine = Engine.load(config=config, use_model=False)
        engine.check(WARM_UP)
        self._use(engine)
        log.info("engine loaded", extra={"rules": len(engine.rules), "model": self.model_state})
        if self.model_state == "missing" and self.model_error is None:
            log.warning("the classifier is not installed: serving rules only, and /readyz answers 503 "
                        "until it is (set TACTFUL_NO_MODEL=1 to run rules only on purpose)")

    def _use(self, engine: Engine) -> None:
        active = {rule.id: rule for rule in engine.rules}
        rules: list[dict[str, Any]] = []
        for original in engine.all_rules:
            rule = active.get(original.id, original)
            summary = {**rule.summary(), "enabled": original.id in active}
            rules.append(summary)
            self.rule_bodies[rule.id] = dumps({**rule.docs(), "enabled": summary["enabled"]})
        self.rules_body = dumps(rules)
        self.mass_blast = MassBlast.for_engine(engine)
        self.engine = engine

    def check(self, request: CheckRequest) -> dict[str, Any]:
        with self._lock:
            return self.engine.check(request)

    def check_batch(self, requests: list[CheckRequest]) -> list[dict[str, Any]]:
        """Responses in order, with mass-blast warnings; the engine lock is held one chunk at a time."""
        engine = self.engine
        responses: list[dict[str, Any]] = []
        for start in range(0, len(requests), BATCH_CHUNK):
            with self._lock:
                responses.extend(engine.check_many(requests[start:start + BATCH_CHUNK]))
        if self.mass_blast is None:
            return responses
        return add_mass_blast_warnings(requests, responses, engine.ruleset.by_id, engine.config.thresholds,
                                       self.mass_blast)

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
