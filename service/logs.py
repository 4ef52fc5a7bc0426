"""JSON log lines: one per request (logger `tactful.access`) and uvicorn's own messages.

Draft text is logged only at TACTFUL_LOG_LEVEL=debug: a draft is somebody's
private message.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

ACCESS_LOGGER = "tactful.access"
# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the line.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Fields come from `extra={"fields": {...}}` (the fast path used per
    request) or from any other `extra=` keys."""

    _second = -1
    _stamp = ""

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second:  # strftime once a second, not once a line
            self._second, self._stamp = second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        line: dict[str, Any] = {
            "time": f"{self._stamp}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = record.__dict__.get("fields")
        if isinstance(fields, dict):
            line.update(fields)
        else:
            for key, value in record.__dict__.items():
                if key not in _STANDARD and not key.startswith("_"):
                    line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if orjson is not None:
            return orjson.dumps(line, default=str).decode("utf-8")
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(level: str = "info") -> dict[str, Any]:
    """A `logging.config.dictConfig` mapping: JSON to stderr for tactful and uvicorn."""
    level_name = level.upper()
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "tactful": {"handlers": ["stderr"], "level": level_name, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": "INFO" if level_name == "DEBUG" else level_name,
                        "propagate": False},
            "uvicorn.error": {"level": "INFO" if level_name == "DEBUG" else level_name},
            # Our middleware writes the access line (with request id and flags); uvicorn's would be a duplicate.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
