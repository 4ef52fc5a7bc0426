"""`tactful serve`: run the HTTP service under uvicorn.

uvicorn gets the import string `tactful.service.app:app`, so `--workers N`
starts N processes, each loading the rules and the classifier once at startup.
The settings, the config file and the feedback database's schema are checked
here first, so a typo or an old schema stops the command with one line instead
of N workers failing one by one.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

from tactful.errors import InputError

APP = "tactful.service.app:app"


def serve(host: Optional[str] = None, port: Optional[int] = None, workers: Optional[int] = None) -> int:
    from tactful.service.settings import Settings

    settings = Settings.from_env()
    host = host or settings.host
    port = settings.port if port is None else port
    workers = settings.workers if workers is None else workers
    if not 0 <= port <= 65535:
        raise InputError(f"--port: must be between 0 and 65535, got {port}")
    if workers < 1:
        raise InputError(f"--workers: must be at least 1, got {workers}")
    _check_config(settings.config)
    _check_database(settings)

    import uvicorn

    from tactful.service.logs import logging_config
    from tactful.service.protocol import protocol_class

    multiproc_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several processes: let /metrics add up every worker's counts (prometheus-client multiprocess mode).
        multiproc_dir = tempfile.mkdtemp(prefix="tactful-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = multiproc_dir
    try:
        uvicorn.run(
            APP,
            host=host,
            port=port,
            workers=workers,
            log_config=logging_config(settings.log_level),
            log_level=settings.log_level,
            access_log=False,  # the service writes its own JSON line per request, with request id and flags
            server_header=False,
            http=protocol_class(),  # uvicorn's own 400s (bad Content-Length...) as JSON, like ours
            timeout_graceful_shutdown=20,
        )
    finally:
        if multiproc_dir:
            shutil.rmtree(multiproc_dir, ignore_errors=True)
    return 0


def _check_database(settings) -> None:
    """Open the feedback database once, before the workers: an empty one is created here (not by N workers
    at once), and an old schema stops the command with one line naming `tactful db upgrade`."""
    from tactful.feedback.store import FeedbackStore

    FeedbackStore.open(settings.feedback_settings).close()


def _check_config(path: Optional[str]) -> None:
    """Fail fast on a bad tactful.toml or a rule id it names that does not exist."""
    from tactful.config import load_config
    from tactful.rulepack import load_packs

    config = load_config(Path(path) if path else None)
    config.check_rule_ids({rule.id for rule in load_packs()})


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve())
