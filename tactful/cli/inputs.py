"""Read drafts for `tactful check`: plain text, Markdown, `.json`, `.jsonl` or standard input.

Every problem becomes an `InputError` whose one-line message names the file
and line. A bad line in a `.jsonl` file is kept as an `Item` with an error so
that the rest of the file is still checked.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from tactful.errors import InputError
from tactful.request import CHANNELS, CheckRequest, parse_request

MAX_INPUT_BYTES = 200 * 1024 * 1024  # a queue export, not a data lake
STDIN = "-"


@dataclass
class Item:
    """One request to check, or the error that stopped it from being one."""

    source: str
    line: Optional[int]
    request: Optional[CheckRequest] = None
    error: Optional[str] = None
    fallback_id: Optional[str] = None
    # The whole file could not be read as drafts (its error already names the file).
    whole_file: bool = False

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


def read_items(paths: list[str], history_path: Optional[str], channel: Optional[str]) -> list[Item]:
    if channel is not None and channel not in CHANNELS:
        raise InputError(f"--channel: must be one of {', '.join(CHANNELS)}, got {channel!r}")
    history = _read_history(history_path) if history_path else None
    items: list[Item] = []
    for path in paths or [STDIN]:
        try:
            items.extend(list(_read_one(path, history, channel)))
        except InputError as exc:  # this file is reported; the other files are still checked
            items.append(Item(_label(path), None, error=str(exc), fallback_id=_label(path), whole_file=True))
    return items


def _read_text(path: str) -> str:
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"{path}: no such file")
        if file.is_dir():
            raise InputError(f"{path}: is a directory, not a draft file")
        try:
            if file.stat().st_size > MAX_INPUT_BYTES:
                raise InputError(f"{path}: larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{_label(path)}: not UTF-8 text (byte {exc.start})") from None


def _label(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _read_one(path: str, history: Optional[list], channel: Optional[str]) -> Iterator[Item]:
    text = _read_text(path)
    label = _label(path)
    kind = _detect_kind(path, text)
    if kind != "text" and history is not None:
        raise InputError(f"{label}: --history is for plain-text drafts; put 'history' in the JSON request instead")
    if kind == "jsonl":
        yield from _jsonl_items(label, text, channel)
    elif kind == "json":
        yield from _json_items(label, text, channel)
    else:
        draft = text.rstrip("\n")
        if not draft.strip():
            raise InputError(f"{label}: the draft is empty")
        data: dict = {"id": label, "draft": draft}
        if history is not None:
            data["history"] = history
        if channel:
            data["channel"] = channel
        yield Item(label, None, _parse(data, label))


def _detect_kind(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower() if path != STDIN else ""
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if path != STDIN:
        return "text"
    stripped = text.lstrip()
    if stripped.startswith("[") or stripped.startswith("{"):
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError:
            lines = [line for line in text.splitlines() if line.strip()]
            if lines and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
    return "text"


def _parse(data: dict, where: str) -> CheckRequest:
    try:
        return parse_request(data)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _with_channel(data: object, channel: Optional[str]) -> object:
    if channel and isinstance(data, dict) and "channel" not in data:
        return {**data, "channel": channel}
    return data


def _json_items(label: str, text: str, channel: Optional[str]) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if isinstance(data, dict):
        yield Item(label, None, _parse(_with_channel(data, channel), label))
    elif isinstance(data, list):
        if not data:
            raise InputError(f"{label}: the list of requests is empty")
        for index, entry in enumerate(data):
            where = f"{label}[{index}]"
            if not isinstance(entry, dict):
                raise InputError(f"{where}: a request must be a JSON object")
            yield Item(label, None, _parse(_with_channel(entry, channel), where), fallback_id=str(index + 1))
    else:
        raise InputError(f"{label}: expected a request object or a list of requests")


def _jsonl_items(label: str, text: str, channel: Optional[str]) -> Iterator[Item]:
    seen_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(label, number, error=f"invalid JSON: {exc.msg} (column {exc.colno})", fallback_id=str(number))
            continue
        try:
            request = parse_request(_with_channel(data, channel))
        except InputError as exc:
            fallback = str(data.get("id")) if isinstance(data, dict) and data.get("id") is not None else str(number)
            yield Item(label, number, error=str(exc), fallback_id=fallback)
            continue
        yield Item(label, number, request, fallback_id=str(number))
    if not seen_any:
        raise InputError(f"{label}: no requests (the file is empty)")


def _read_history(path: str) -> list:
    text = _read_text(path)
    label = _label(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}:{exc.lineno}: invalid JSON in --history: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{label}: --history must be a JSON list of history items")
    try:
        parse_request({"draft": "x", "history": data})
    except InputError as exc:
        raise InputError(f"{label}: {exc}") from None
    return data
