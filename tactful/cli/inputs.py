"""Read drafts for `tactful check`: plain text, Markdown, `.json`, `.jsonl` or standard input.

Every problem becomes an `InputError` whose one-line message names the file
and line. A bad line in a `.jsonl` file is kept as an `Item` with an error so
that the rest of the file is still checked.

With `validate=False` (the thin client, `--server`) requests stay raw dicts and
nothing heavy is imported: pydantic and the request model load only to validate.
"""
from __future__ import annotations

import json
import os
import sys

from tactful.cli.items import Item
from tactful.errors import InputError
from tactful.limits import loads

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: this module stays light for the thin client
if TYPE_CHECKING:
    from typing import Callable, Iterator, Optional

    from tactful.request import CheckRequest

# The contract's channels (tactful.request.CHANNELS; a test keeps the two equal).
CHANNELS = ("dm", "reply", "comment", "post", "email", "sms")

MAX_INPUT_BYTES = 200 * 1024 * 1024  # a queue export, not a data lake
STDIN = "-"


def read_items(paths: list[str], history_path: Optional[str], channel: Optional[str],
               validate: bool = True, csv_columns: Optional[Callable[[], dict]] = None) -> list[Item]:
    """`csv_columns()` gives tactful.toml's [csv] table; it is called only when a CSV file is read."""
    if channel is not None and channel not in CHANNELS:
        raise InputError(f"--channel: must be one of {', '.join(CHANNELS)}, got {channel!r}")
    history = _read_history(history_path, validate) if history_path else None
    items: list[Item] = []
    for path in paths or [STDIN]:
        try:
            items.extend(list(_read_one(path, history, channel, validate, csv_columns or dict)))
        except InputError as exc:  # this file is reported; the other files are still checked
            items.append(Item(_label(path), None, error=str(exc), fallback_id=_label(path), whole_file=True))
    return items


def _read_text(path: str) -> str:
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, not a draft file")
        try:
            if os.stat(path).st_size > MAX_INPUT_BYTES:
                raise InputError(f"{path}: larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
            with open(path, "rb") as handle:
                data = handle.read()
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


def _read_one(path: str, history: Optional[list], channel: Optional[str], validate: bool,
              csv_columns: Callable[[], dict]) -> Iterator[Item]:
    text = _read_text(path)
    label = _label(path)
    kind = _detect_kind(path, text, csv_columns)
    if kind != "text" and history is not None:
        raise InputError(f"{label}: --history is for plain-text drafts; put 'history' in the JSON request instead")
    if kind == "csv":
        from tactful.cli.calendar import read_calendar

        yield from read_calendar(label, text, path, csv_columns(), channel, validate)
    elif kind == "jsonl":
        yield from _jsonl_items(label, text, channel, validate)
    elif kind == "json":
        yield from _json_items(label, text, channel, validate)
    else:
        draft = text.rstrip("\n")
        if not draft.strip():
            raise InputError(f"{label}: the draft is empty")
        data: dict = {"id": label, "draft": draft}
        if history is not None:
            data["history"] = history
        if channel:
            data["channel"] = channel
        yield _item(label, None, data, label, validate)


def _detect_kind(path: str, text: str, csv_columns: Callable[[], dict] = dict) -> str:
    suffix = os.path.splitext(path)[1].lower() if path != STDIN else ""
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if path != STDIN:
        return "text"
    stripped = text.lstrip()
    if stripped.startswith("[") or stripped.startswith("{"):
        try:
            loads(text)
            return "json"
        except json.JSONDecodeError:
            lines = [line for line in _jsonl_lines(text) if line.strip()]
            if lines and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
        except ValueError:  # too deep, or a repeated key: it is JSON, and _json_items says what is wrong
            return "json"
    if "\n" in stripped.strip() and ("," in text or "\t" in text or ";" in text):
        from tactful.cli.calendar import looks_like_csv

        if looks_like_csv(text, csv_columns()):
            return "csv"
    return "text"


def _parse(data: dict, where: str) -> "CheckRequest":
    from tactful.request import parse_request

    try:
        return parse_request(data)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _item(source: str, line: Optional[int], data: object, where: str, validate: bool,
          fallback_id: Optional[str] = None) -> Item:
    """A whole-file request: validated now (an error aborts the file), or kept raw for the server."""
    if validate:
        return Item(source, line, _parse(data, where), fallback_id=fallback_id, data=data)
    if not isinstance(data, dict):
        raise InputError(f"{where}: a request must be a JSON object")
    return Item(source, line, fallback_id=fallback_id, data=data)


def _with_channel(data: object, channel: Optional[str]) -> object:
    if channel and isinstance(data, dict) and "channel" not in data:
        return {**data, "channel": channel}
    return data


def _json_items(label: str, text: str, channel: Optional[str], validate: bool) -> Iterator[Item]:
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except ValueError as exc:  # nested too deep, or a key given twice
        raise InputError(f"{label}: {exc}") from None
    if isinstance(data, dict):
        yield _item(label, None, _with_channel(data, channel), label, validate)
    elif isinstance(data, list):
        if not data:
            raise InputError(f"{label}: the list of requests is empty")
        for index, entry in enumerate(data):
            where = f"{label}[{index}]"
            if not isinstance(entry, dict):
                raise InputError(f"{where}: a request must be a JSON object")
            yield _item(label, None, _with_channel(entry, channel), where, validate, fallback_id=str(index + 1))
    else:
        raise InputError(f"{label}: expected a request object or a list of requests")


def _jsonl_items(label: str, text: str, channel: Optional[str], validate: bool) -> Iterator[Item]:
    seen_any = False
    for number, line in enumerate(_jsonl_lines(text), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            data = loads(line)
        except json.JSONDecodeError as exc:
            yield Item(label, number, error=f"invalid JSON: {exc.msg} (column {exc.colno})", fallback_id=str(number))
            continue
        except ValueError as exc:  # nested too deep, or a key given twice
            yield Item(label, number, error=str(exc), fallback_id=str(number))
            continue
        item = Item(label, number, fallback_id=str(number), data=_with_channel(data, channel))
        if validate:
            item = item.validated()
        elif not isinstance(data, dict):
            item = Item(label, number, error="a request must be a JSON object", fallback_id=str(number))
        if item.error is not None and isinstance(data, dict) and data.get("id") is not None:
            item.fallback_id = str(data.get("id"))
        yield item
    if not seen_any:
        raise InputError(f"{label}: no requests (the file is empty)")


def _jsonl_lines(text: str) -> list[str]:
    """JSON Lines are separated by \n (and \r\n) only: U+2028, U+0085, form feeds... are legal inside a
    JSON string, and `str.splitlines()` would cut a record there."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _read_history(path: str, validate: bool = True) -> list:
    text = _read_text(path)
    label = _label(path)
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}:{exc.lineno}: invalid JSON in --history: {exc.msg}") from None
    except ValueError as exc:
        raise InputError(f"{label}: --history: {exc}") from None
    if not isinstance(data, list):
        raise InputError(f"{label}: --history must be a JSON list of history items")
    if not validate:
        return data
    from tactful.request import parse_request

    try:
        parse_request({"draft": "x", "history": data})
    except InputError as exc:
        raise InputError(f"{label}: {exc}") from None
    return data
