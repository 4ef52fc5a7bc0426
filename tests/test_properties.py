"""Property tests (hypothesis): check(), the request model, the JSONL reader, the tokenizer, the JSON guard.

For any Unicode draft (emoji, right-to-left and zero-width marks, control characters, lone
surrogates as JSON escapes deliver them), any valid history (every kind, missing, out-of-order,
duplicate and far-future times) and any recipient, `check` returns a valid response, never
raises, indexes every span into the draft, and answers the same twice. Each example has a time
budget (hypothesis' deadline), so a hang fails the test instead of stalling the suite. Example
counts are small to keep the suite fast; `HYPOTHESIS_PROFILE=deep` runs many more.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from tactful.errors import InputError
from tactful.limits import json_depth_exceeds
from tactful.request import (
    CHANNELS, EVENT_KINDS, MESSAGE_KINDS, CheckRequest, _without_lone_surrogates, parse_request,
)
from tactful.nlp.text import analyse

settings.register_profile("ci", max_examples=80, deadline=timedelta(seconds=5), derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=2000, deadline=timedelta(seconds=5),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SPECIAL = ["\u200b", "\u200d", "\u200f", "\u202e", "\u2028", "\u2029", "\x00", "\x1b", "\r", "\t", "\ufeff",
           "😀", "👍🏽", "🇬🇧", "é", "ß", "ﷺ", "שלום", "مرحبا", "{{first_name}}", "$", "!!!", "\ud800", "\udfff"]
WORDS = ["Hi", "thanks", "for", "following", "call", "tomorrow", "on Friday", "50% off", "today only", "BUY NOW",
         "https://mysite.example/x", "@aisha_b", "sorry", "passed away", "unsubscribe", "price", "$499", "?", "!",
         "Aisha", "meeting", "next week", "stop", "not interested", "\n", ">", "\"quoted\""]

characters = st.characters(exclude_categories=())  # surrogates included, as JSON escapes can deliver them
texts = st.lists(st.one_of(st.text(characters, max_size=12), st.sampled_from(SPECIAL), st.sampled_from(WORDS)),
                 max_size=40).map(" ".join)
drafts = texts.filter(lambda t: t.strip())
times = st.one_of(st.none(), st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                                          timezones=st.sampled_from([None, timezone.utc,
                                                                     timezone(timedelta(hours=14)),
                                                                     timezone(timedelta(hours=-12))])))


@st.composite
def history_items(draw):
    kind = draw(st.sampled_from(MESSAGE_KINDS + EVENT_KINDS))
    item = {"from": draw(st.sampled_from(["me", "them"])), "kind": kind}
    if kind in MESSAGE_KINDS:
        item["text"] = draw(drafts)
    elif draw(st.booleans()):
        item["text"] = draw(texts)
    at = draw(times)
    if at is not None:
        item["at"] = at.isoformat()
    return item


@st.composite
def requests(draw):
    request = {"draft": draw(drafts), "channel": draw(st.sampled_from(CHANNELS)),
               "send_at": "2026-11-20T13:05:00Z"}  # fixed: "now" would make two answers differ
    history = draw(st.lists(history_items(), max_size=6))
    if history and draw(st.booleans()):
        history.append(dict(history[-1]))  # a duplicate item
    if history:
        request["history"] = history
    recipient = draw(st.fixed_dictionaries({}, optional={"name": texts, "handle": texts, "company": texts}))
    if recipient:
        request["recipient"] = {key: value[:500] for key, value in recipient.items()}
    if draw(st.booleans()):
        request["id"] = draw(st.text(max_size=20))
    return request


def _assert_valid(response: dict, draft: str) -> None:
    assert response["verdict"] in ("pass", "review", "block")
    assert set(response["categories"]) == {"boilerplate", "hard_sell", "out_of_step"}
    assert all(0.0 <= value <= 1.0 for value in response["categories"].values())
    order = ["boilerplate", "hard_sell", "out_of_step"]
    assert response["flags"] == [c for c in order if c in response["flags"]]
    assert "engine_warnings" not in response, response.get("engine_warnings")  # no rule raised
    for warning in response["warnings"]:
        assert warning["severity"] in ("info", "warning", "error")
        span = warning["span"]
        if span is not None:
            assert 0 <= span["start"] <= span["end"] <= len(draft)
            assert span["text"] == draft[span["start"]:span["end"]]
    json.dumps(response)  # serialisable as it is


@given(requests())
def test_check_answers_any_valid_request_validly_and_the_same_twice(engine, request):
    parsed = parse_request(request)  # lone surrogates become U+FFFD, offsets unchanged
    assert len(parsed.draft) == len(request["draft"])
    first = engine.check(request)
    _assert_valid(first, parsed.draft)
    assert engine.check(request) == first


@settings(max_examples=15)
@given(requests())
def test_check_with_the_classifier_answers_validly(full_engine, request):
    _assert_valid(full_engine.check(request), parse_request(request).draft)


@settings(max_examples=3, deadline=timedelta(seconds=30))
@given(st.lists(history_items(), min_size=480, max_size=500))
def test_a_history_at_its_item_limit_is_checked(engine, history):
    response = engine.check({"draft": "Following up on my last note: still keen to chat?", "history": history,
                             "send_at": "2026-11-20T13:05:00Z"})
    _assert_valid(response, "Following up on my last note: still keen to chat?")


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                           max_leaves=20)


@given(st.one_of(requests(), st.dictionaries(st.sampled_from(["draft", "history", "recipient", "channel", "id",
                                                               "send_at", "extra"]), json_values),
                 json_values))
def test_the_request_model_accepts_or_refuses_in_one_line_never_crashes(value):
    try:
        parsed = parse_request(value)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(parsed, CheckRequest) and parsed.draft.strip()


@given(st.lists(requests(), min_size=1, max_size=8))
def test_jsonl_written_out_reads_back_identically(tmp_path_factory, batch):
    from tactful.cli.inputs import read_items

    path = tmp_path_factory.mktemp("jsonl") / "queue.jsonl"
    # Raw UTF-8 (U+2028 and friends written as they are), or escaped where a lone surrogate cannot be UTF-8.
    lines = []
    for r in batch:
        raw = json.dumps(r, ensure_ascii=False)
        lines.append(json.dumps(r) if any("\ud800" <= c <= "\udfff" for c in raw) else raw)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    items = read_items([str(path)], None, None)
    assert [item.error for item in items] == [None] * len(batch)
    assert [item.request for item in items] == [parse_request(r) for r in batch]
    assert [item.line for item in items] == list(range(1, len(batch) + 1))


@given(texts.map(_without_lone_surrogates))  # as every request reaches the engine
def test_tokens_cover_the_text_at_their_offsets(text):
    doc = analyse(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text


def _depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(json_values, st.integers(min_value=1, max_value=6))
def test_the_depth_guard_agrees_with_the_parsed_depth(value, limit):
    text = json.dumps(value, ensure_ascii=False)
    assert json_depth_exceeds(text, limit) == (_depth(value) > limit)
    assert json_depth_exceeds(text.encode("utf-8", "surrogatepass"), limit) == (_depth(value) > limit)


def test_the_depth_guard_ignores_brackets_inside_strings():
    text = json.dumps({"draft": "[[[[{{{{" * 20 + '\\"[[[' + "]]]]"})
    assert not json_depth_exceeds(text, 1) and json_depth_exceeds("[" + text + "]", 1)


cells = st.text(st.characters(exclude_categories=("Cs",)), max_size=30).map(str.strip)


@given(st.lists(st.fixed_dictionaries({"id": cells.filter(bool), "draft": drafts.map(_without_lone_surrogates)
                                       .map(lambda t: t.strip("\r\n")).filter(str.strip),
                                       "channel": st.sampled_from(CHANNELS), "name": cells}),
                min_size=1, max_size=8))
def test_a_csv_calendar_written_out_reads_back_identically(tmp_path_factory, rows):
    import csv
    import io

    from tactful.cli.inputs import read_items

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "text", "channel", "recipient"])
    for row in rows:
        writer.writerow([row["id"], row["draft"], row["channel"], row["name"]])
    path = tmp_path_factory.mktemp("csv") / "calendar.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    items = read_items([str(path)], None, None)
    expected = [parse_request({"id": row["id"], "draft": row["draft"], "channel": row["channel"],
                               **({"recipient": {"name": row["name"]}} if row["name"] else {})}) for row in rows]
    assert [item.error for item in items] == [None] * len(rows)
    assert [item.request for item in items] == expected


# A short snippet repeated to the draft limit: the shape that finds quadratic scans (a run without
# spaces in the tokenizer, "--" lines in the email reader). Each example must stay within 2 s.
snippets = st.lists(st.sampled_from(["-", "--", "\n", " ", ">", "$", "😀", "_", "=", "*", "#", ":", "On Mon wrote:",
                                     "Thanks,", "a", "Hi {{name}}", "http://x.co/", "!", "?", "'", "\"", "\t",
                                     ".1", "a-", "[NAME]", "50% off"]),
                    min_size=1, max_size=4).map("".join)


@settings(max_examples=12, deadline=timedelta(seconds=2))
@given(snippets, st.sampled_from(["dm", "email", "reply"]))
def test_a_snippet_repeated_to_the_draft_limit_is_checked_in_time(full_engine, snippet, channel):
    from tactful.limits import MAX_DRAFT_CHARS

    draft = (snippet * (MAX_DRAFT_CHARS // len(snippet) + 1))[:MAX_DRAFT_CHARS - 1] + "."
    full_engine.check({"draft": draft, "channel": channel, "history": [{"from": "them", "text": draft[:2000] + "."}]})
