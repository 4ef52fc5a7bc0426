"""The request side of the contract: one draft about to be sent, and its history.

Validated with pydantic so that every bad input becomes one `InputError` line
naming the field ("history[2].from: must be 'me' or 'them'"), never a traceback.
Unknown extra fields are ignored, as the contract requires.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tactful.errors import InputError
from tactful.limits import (
    MAX_DRAFT_CHARS, MAX_FIELD_CHARS, MAX_HISTORY_ITEMS, MAX_HISTORY_TEXT_CHARS, MAX_HISTORY_TOTAL_CHARS,
)

CHANNELS = ("dm", "reply", "comment", "post", "email", "sms")
MESSAGE_KINDS = ("message", "post", "mention", "comment")
EVENT_KINDS = ("follow", "connect", "call", "meeting", "meet")
HISTORY_KINDS = MESSAGE_KINDS + EVENT_KINDS

# Input size limits: a draft is a message, not a document, and a history is a
# conversation, not an archive. Bounding both keeps worst-case check time small.
MAX_IGNORES = 100
# Each is configurable (TACTFUL_MAX_*, see tactful/limits.py); imported above and re-exported here.
_LIMIT_NAMES = {"draft": "TACTFUL_MAX_DRAFT_CHARS", "history": "TACTFUL_MAX_HISTORY_ITEMS",
                "text": "TACTFUL_MAX_HISTORY_TEXT_CHARS"}

# The JSON Schema says what the validator below enforces: message-like items need some text.
_TEXT_FOR_MESSAGES = {
    "if": {"properties": {"kind": {"enum": list(MESSAGE_KINDS)}}},
    "then": {"required": ["text"], "properties": {"text": {"type": "string", "pattern": r"\S"}}},
}


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False, frozen=True)


class Recipient(_Lenient):
    name: Optional[str] = Field(default=None, max_length=MAX_FIELD_CHARS)
    handle: Optional[str] = Field(default=None, max_length=MAX_FIELD_CHARS)
    company: Optional[str] = Field(default=None, max_length=MAX_FIELD_CHARS)


class HistoryItem(_Lenient):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False, frozen=True,
                              json_schema_extra=_TEXT_FOR_MESSAGES)

    # `from` is a Python keyword, so the attribute is `sender` with an alias.
    sender: Literal["me", "them"] = Field(alias="from")
    kind: Literal[HISTORY_KINDS] = "message"  # type: ignore[valid-type]
    text: Optional[str] = Field(default=None, max_length=MAX_HISTORY_TEXT_CHARS)
    at: Optional[datetime] = None

    @field_validator("at")
    @classmethod
    def _aware(cls, value: Optional[datetime]) -> Optional[datetime]:
        return _as_utc(value)

    @model_validator(mode="after")
    def _text_for_messages(self) -> "HistoryItem":
        if self.kind in MESSAGE_KINDS and not (self.text or "").strip():
            raise ValueError(f"text is required for a history item of kind '{self.kind}'")
        return self

    @property
    def is_message(self) -> bool:
        return self.kind in MESSAGE_KINDS

    @property
    def inbound(self) -> bool:
        return self.sender == "them"


MAX_EVENTS = 50
MAX_EVENT_TERMS = 50


class SensitiveEvent(_Lenient):
    """A crisis a team declares while it is live: promotions that mention it are blocked, others reviewed."""

    name: str = Field(min_length=1, max_length=200)
    terms: list[str] = Field(default_factory=list, max_length=MAX_EVENT_TERMS)  # words and #hashtags that name it
    start: Optional[datetime] = None
    end: Optional[datetime] = None

    @field_validator("terms")
    @classmethod
    def _short_terms(cls, value: list[str]) -> list[str]:
        if any(len(term) > 100 or not term.strip() for term in value):
            raise ValueError("each term is 1 to 100 characters")
        return value

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: Optional[datetime]) -> Optional[datetime]:
        return _as_utc(value)


class CheckRequest(_Lenient):
    id: Optional[str] = Field(default=None, max_length=MAX_FIELD_CHARS)
    draft: str = Field(min_length=1, max_length=MAX_DRAFT_CHARS, pattern=r"\S")
    channel: Literal[CHANNELS] = "dm"  # type: ignore[valid-type]
    send_at: Optional[datetime] = None
    # null is accepted for both (as "none given"), and the schema says so.
    recipient: Optional[Recipient] = Field(default_factory=Recipient)
    history: Optional[list[HistoryItem]] = Field(default_factory=list, max_length=MAX_HISTORY_ITEMS)
    # Rule ids whose warnings are suppressed for this draft (listed under `suppressed`, never dropped).
    ignore: list[Annotated[str, Field(min_length=1, max_length=MAX_FIELD_CHARS)]] = Field(
        default_factory=list, max_length=MAX_IGNORES)
    # Optional (an extension of the contract): sensitive events live for this draft, beside tactful.toml's.
    events: list[SensitiveEvent] = Field(default_factory=list, max_length=MAX_EVENTS)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value):
        # Schedulers often use numeric ids; echo them back as strings rather than refuse.
        if isinstance(value, (int,)) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("draft")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("draft is empty")
        return value

    @field_validator("recipient", mode="before")
    @classmethod
    def _null_recipient(cls, value):
        return {} if value is None else value

    @field_validator("history", "ignore", mode="before")
    @classmethod
    def _null_history(cls, value):
        return [] if value is None else value

    @field_validator("send_at")
    @classmethod
    def _aware(cls, value: Optional[datetime]) -> Optional[datetime]:
        return _as_utc(value)

    @field_validator("history")
    @classmethod
    def _history_total(cls, value: list[HistoryItem]) -> list[HistoryItem]:
        total = sum(len(item.text or "") for item in value)
        if total > MAX_HISTORY_TOTAL_CHARS:
            raise ValueError(f"history has {total} characters of text; the limit is {MAX_HISTORY_TOTAL_CHARS} "
                             "(TACTFUL_MAX_HISTORY_TOTAL_CHARS)")
        return value

    @property
    def effective_send_at(self) -> datetime:
        """When the draft goes out: `send_at`, else now (the contract default)."""
        if self.send_at is not None:
            return self.send_at
        return datetime.now(timezone.utc)


def _as_utc(value: Optional[datetime]) -> Optional[datetime]:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def parse_request(data: object) -> CheckRequest:
    """Validate one decoded JSON value as a request, or raise a one-line `InputError`."""
    if not isinstance(data, dict):
        raise InputError(f"a request must be a JSON object, got {json_type(data)}")
    try:
        return CheckRequest.model_validate(_without_lone_surrogates(data))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc)) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value):
    """JSON may escape half a UTF-16 pair (`"\\ud800"`): no text holds one, so it becomes U+FFFD.

    One code point for one, so every offset into the draft stays the same.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if not value.isascii() and _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {key: _without_lone_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem pydantic found, as 'field.path: plain words'."""
    err = exc.errors(include_url=False)[0]
    path = _field_path(err.get("loc", ()))
    kind = err.get("type", "")
    given = err.get("input")
    if kind == "missing":
        message = "is required"
    elif kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        message = f"must be one of {allowed}, got {_shown(given)}"
    elif kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = {"string_type": "a string", "list_type": "a list", "dict_type": "an object",
                  "model_type": "an object", "model_attributes_type": "an object"}[kind]
        message = f"must be {wanted}, got {json_type(given)}"
    elif kind == "string_too_short" or (kind == "string_pattern_mismatch" and path.endswith("draft")):
        message = "must not be empty" if kind == "string_too_short" else "draft is empty"
    elif kind in ("string_too_long", "too_long"):
        limit = err.get("ctx", {}).get("max_length")
        unit = "characters" if kind == "string_too_long" else "items"
        variable = _LIMIT_NAMES.get(path.rsplit(".", 1)[-1].split("[")[0], "TACTFUL_MAX_FIELD_CHARS")
        message = f"is too long (limit {limit} {unit}, {variable})"
    elif kind.startswith("datetime"):
        message = f"must be an ISO 8601 time, got {_shown(given)}"
    else:
        message = err.get("msg", "is invalid").removeprefix("Value error, ")
    return f"{path}: {message}" if path else message


def _shown(value: object) -> str:
    """A value the client sent, named as JSON names it (`null`, `true`; strings quoted), cut to a readable length."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


def _field_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1 if parts else 0:] = [f"{parts[-1]}[{item}]" if parts else f"[{item}]"]
        elif item in ("function-after[_text_for_messages()]",):
            continue
        else:
            parts.append(str(item))
    return ".".join(p for p in parts if not p.startswith("function-") and not p.startswith("literal["))


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
