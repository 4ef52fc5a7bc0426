"""Feedback settings, read from `TACTFUL_*` environment variables (see docs/feedback.md).

    TACTFUL_DATABASE_URL            postgresql://... (or sqlite:///path); default: SQLite at TACTFUL_FEEDBACK_DB
    TACTFUL_FEEDBACK_DB             the SQLite file (default: $XDG_DATA_HOME/tactful/feedback.db,
                                    i.e. ~/.local/share/tactful/feedback.db); created on first use
    TACTFUL_FEEDBACK_STORE_TEXT     store the (redacted) draft text: default on for SQLite (one machine),
                                    off for PostgreSQL (a shared server)
    TACTFUL_FEEDBACK_RETENTION_DAYS reports older than this are deleted (default 180; 0 = keep until purged)
    TACTFUL_MODELS_ROOT             the teams' learned models (default: $XDG_DATA_HOME/tactful/models)
    TACTFUL_TEAM                    the team the CLI reports and learns for (default: "default")

Every bad value is an `InputError` naming the variable.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from tactful.errors import InputError

DEFAULT_TEAM = "default"
TEAM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def check_team(name: str, where: str = "team") -> str:
    if not TEAM_NAME.fullmatch(name or ""):
        raise InputError(f"{where}: a team name is 1-64 letters, digits, '.', '_' or '-', starting with a "
                         f"letter or digit")
    return name


def data_home(env: Mapping[str, str]) -> Path:
    base = (env.get("XDG_DATA_HOME") or "").strip()
    return (Path(base) if base else Path(env.get("HOME") or Path.home()) / ".local" / "share") / "tactful"


@dataclass(frozen=True)
class FeedbackSettings:
    database_url: str
    store_text: bool
    retention_days: int
    models_root: Path
    team: str = DEFAULT_TEAM

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def database_label(self) -> str:
        """The database for messages: the SQLite path, or the PostgreSQL host and name without credentials."""
        from tactful.feedback.db import describe_url

        return describe_url(self.database_url)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "FeedbackSettings":
        env = os.environ if env is None else env

        def text(name: str) -> Optional[str]:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        url = text("TACTFUL_DATABASE_URL")
        if url is None:
            path = Path(text("TACTFUL_FEEDBACK_DB") or data_home(env) / "feedback.db").expanduser()
            url = "sqlite:///" + str(path.absolute())
        elif not re.match(r"(sqlite|postgres(ql)?)(\+\w+)?:", url):
            raise InputError("TACTFUL_DATABASE_URL: must start with postgresql:// or sqlite:///")
        sqlite = url.startswith("sqlite")
        store = (text("TACTFUL_FEEDBACK_STORE_TEXT") or "").lower()
        if store and store not in _TRUE + _FALSE:
            raise InputError(f"TACTFUL_FEEDBACK_STORE_TEXT: must be 1/true/yes/on or 0/false/no/off, got {store!r}")
        retention = text("TACTFUL_FEEDBACK_RETENTION_DAYS") or "180"
        try:
            days = int(retention)
        except ValueError:
            raise InputError(f"TACTFUL_FEEDBACK_RETENTION_DAYS: must be a whole number of days, got "
                             f"{retention!r}") from None
        if days < 0:
            raise InputError("TACTFUL_FEEDBACK_RETENTION_DAYS: must be 0 (keep) or more")
        models_root = Path(text("TACTFUL_MODELS_ROOT") or data_home(env) / "models").expanduser()
        team = check_team(text("TACTFUL_TEAM") or DEFAULT_TEAM, "TACTFUL_TEAM")
        return cls(database_url=url, store_text=(store in _TRUE) if store else sqlite, retention_days=days,
                   models_root=models_root, team=team)
