"""The request contract: what is accepted, and the one-line error for each kind of bad input."""
from __future__ import annotations

import pytest

from tactful.errors import InputError
from tactful.request import MAX_DRAFT_CHARS, parse_request


@pytest.mark.parametrize("data,message", [
    ({}, "draft: is required"),
    ({"draft": ""}, "draft: must not be empty"),
    ({"draft": "   \n"}, "draft: "),
    ({"draft": 42}, "draft: must be a string, got a number"),
    ({"draft": "hi", "channel": "fax"}, "channel: must be one of"),
    ({"draft": "hi", "history": "yesterday"}, "history: must be a list, got a string"),
    ({"draft": "hi", "history": [{"from": "bot", "text": "x"}]}, "history[0].from: must be one of"),
    ({"draft": "hi", "history": [{"from": "them", "kind": "tweet", "text": "x"}]}, "history[0].kind: must be one of"),
    ({"draft": "hi", "history": [{"from": "them", "kind": "message"}]}, "history[0]: text is required"),
    ({"draft": "hi", "history": [{"from": "them", "text": "x", "at": "last tuesday"}]}, "history[0].at: must be an ISO 8601 time"),
    ({"draft": "hi", "recipient": "Bob"}, "recipient: must be an object, got a string"),
    ({"draft": "x" * (MAX_DRAFT_CHARS + 1)}, "draft: is too long"),
    ([{"draft": "hi"}], "a request must be a JSON object, got a list"),
])
def test_bad_requests_give_one_line_errors_naming_the_field(data, message):
    with pytest.raises(InputError) as caught:
        parse_request(data)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text


def test_unknown_fields_are_ignored_and_defaults_apply():
    request = parse_request({"draft": "Hello Ana", "priority": "high", "recipient": {"name": "Ana", "tier": 3}})
    assert request.channel == "dm"
    assert request.recipient.name == "Ana"
    assert request.history == []


def test_numeric_id_is_echoed_as_text():
    assert parse_request({"draft": "hi", "id": 17}).id == "17"


def test_events_need_no_text_and_naive_times_are_utc():
    request = parse_request({"draft": "hi", "history": [{"from": "them", "kind": "follow", "at": "2026-11-20T10:00:00"}]})
    assert request.history[0].at.tzinfo is not None
