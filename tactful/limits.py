"""Input limits shared by the CLI and the service, and JSON decoding that enforces them cheaply.

Each limit has a default and a `TACTFUL_*` environment variable (read once, at import):

    TACTFUL_MAX_DRAFT_CHARS          20000   characters in `draft`
    TACTFUL_MAX_HISTORY_ITEMS          500   items in `history`
    TACTFUL_MAX_HISTORY_TEXT_CHARS   20000   characters in one history item's `text`
    TACTFUL_MAX_HISTORY_TOTAL_CHARS 200000   characters of history text in one request
    TACTFUL_MAX_FIELD_CHARS            500   characters in `id` and each recipient field
    TACTFUL_MAX_JSON_DEPTH              32   nesting of arrays and objects in one JSON document

The service adds its own (body bytes, batch size, in-flight checks, deadlines: see
`tactful.service.settings`). JSON is refused before it is parsed when it nests deeper
than the limit (a 100,000-level body costs a scan of its first brackets, not a
recursion), and an object that repeats a key is refused instead of silently keeping
the last value.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any, Mapping, Optional

from tactful.errors import InputError


def _env_limit(name: str, default: int, env: Optional[Mapping[str, str]] = None) -> int:
    raw = (os.environ if env is None else env).get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise InputError(f"{name}: must be a whole number, got {raw!r}") from None
    if value < 1:
        raise InputError(f"{name}: must be at least 1, got {value}")
    return value


MAX_DRAFT_CHARS = _env_limit("TACTFUL_MAX_DRAFT_CHARS", 20_000)
MAX_HISTORY_ITEMS = _env_limit("TACTFUL_MAX_HISTORY_ITEMS", 500)
MAX_HISTORY_TEXT_CHARS = _env_limit("TACTFUL_MAX_HISTORY_TEXT_CHARS", 20_000)
MAX_HISTORY_TOTAL_CHARS = _env_limit("TACTFUL_MAX_HISTORY_TOTAL_CHARS", 200_000)
MAX_FIELD_CHARS = _env_limit("TACTFUL_MAX_FIELD_CHARS", 500)
MAX_JSON_DEPTH = _env_limit("TACTFUL_MAX_JSON_DEPTH", 32)

# A string literal (skipped whole: brackets inside strings do not nest) or one bracket.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]')
_JSON_TOKENS_BYTES = re.compile(rb'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]')


def json_depth_exceeds(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays and objects nest deeper than `limit`; stops at the first bracket past it."""
    opening = (b"[", b"{") if isinstance(text, bytes) else ("[", "{")
    if text.count(opening[0]) + text.count(opening[1]) <= limit:
        return False  # too few brackets to nest that deep: nothing to scan
    pattern = _JSON_TOKENS_BYTES if isinstance(text, bytes) else _JSON_TOKENS
    opens = (ord("["), ord("{")) if isinstance(text, bytes) else opening
    depth = 0
    for match in pattern.finditer(text):
        first = match.group()[0]
        if first in opens:
            depth += 1
            if depth > limit:
                return True
        elif len(match.group()) == 1 and first not in (34, '"'):
            depth -= 1
    return False


def depth_error(limit: int = MAX_JSON_DEPTH) -> str:
    return f"the JSON nests deeper than {limit} levels (TACTFUL_MAX_JSON_DEPTH)"


class DuplicateKey(ValueError):
    pass


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(f"the key {json.dumps(key, ensure_ascii=False)[:80]} appears twice in one object")
            seen.add(key)
    return result


def loads(text: str, depth_limit: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads` that refuses deep nesting (before parsing) and repeated keys.

    Raises `ValueError` with one plain line: `json.JSONDecodeError` for bad syntax (it
    is a ValueError), `DuplicateKey`, or a depth message.
    """
    if json_depth_exceeds(text, depth_limit):
        raise ValueError(depth_error(depth_limit))
    try:
        return json.loads(text, object_pairs_hook=unique_keys)
    except RecursionError:  # only with a depth limit set near Python's own recursion limit
        raise ValueError(depth_error(depth_limit)) from None
