"""A team's learned models: `<models root>/<team>/v0001/`, `v0002/`, ... and a file naming the active one.

Each version folder holds the classifier files `tactful train` writes plus
`learn.json` (when, from how many reports, and the guard's numbers). `ACTIVE`
names the version in use; with no `ACTIVE` the team uses the packaged model.
Changing it is an atomic rename, and touches `<models root>/RELOAD` so that
every service worker picks the change up (see `POST /v1/admin/reload`).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Optional

from tactful.errors import InputError

ACTIVE = "ACTIVE"
RELOAD = "RELOAD"
LEARN_FILE = "learn.json"
_VERSION = re.compile(r"v(\d{4,})")


def team_dir(root: Path, team: str) -> Path:
    return Path(root) / team


def names(root: Path, team: str) -> list[str]:
    folder = team_dir(root, team)
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir() if p.is_dir() and _VERSION.fullmatch(p.name)
             and (p / LEARN_FILE).is_file()]
    return sorted(found, key=lambda name: int(name[1:]))


def next_name(root: Path, team: str) -> str:
    folder = team_dir(root, team)
    taken = [int(m.group(1)) for p in (folder.iterdir() if folder.is_dir() else ())
             if (m := _VERSION.fullmatch(p.name))]
    return f"v{max(taken, default=0) + 1:04d}"


def active(root: Path, team: str) -> Optional[str]:
    try:
        name = (team_dir(root, team) / ACTIVE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name in names(root, team) else None


def active_dir(root: Path, team: str) -> Optional[Path]:
    name = active(root, team)
    return team_dir(root, team) / name if name else None


def info(root: Path, team: str, name: str) -> dict[str, Any]:
    return json.loads((team_dir(root, team) / name / LEARN_FILE).read_text(encoding="utf-8"))


def set_active(root: Path, team: str, name: Optional[str]) -> None:
    folder = team_dir(root, team)
    if name is None:
        (folder / ACTIVE).unlink(missing_ok=True)
    else:
        if name not in names(root, team):
            raise InputError(f"team {team} has no model version {name!r} (see `tactful learn --list`)")
        temporary = folder / f".{ACTIVE}.{os.getpid()}"
        temporary.write_text(name + "\n", encoding="utf-8")
        os.replace(temporary, folder / ACTIVE)
    touch_reload(root)


def rollback(root: Path, team: str, to: Optional[str] = None) -> Optional[str]:
    """Activate `to`, or the version accepted before the active one (None: back to the packaged model)."""
    if to is not None:
        if to == "packaged":
            set_active(root, team, None)
            return None
        set_active(root, team, to)
        return to
    current = active(root, team)
    if current is None:
        raise InputError(f"team {team} already uses the packaged model; nothing to roll back")
    earlier = [name for name in names(root, team) if int(name[1:]) < int(current[1:])]
    target = earlier[-1] if earlier else None
    set_active(root, team, target)
    return target


def touch_reload(root: Path) -> None:
    path = Path(root) / RELOAD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{os.getpid()}\n", encoding="utf-8")


def reload_stamp(root: Path) -> Optional[int]:
    try:
        return (Path(root) / RELOAD).stat().st_mtime_ns
    except FileNotFoundError:
        return None


def teams_with_models(root: Path) -> list[str]:
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and active(root, p.name))
