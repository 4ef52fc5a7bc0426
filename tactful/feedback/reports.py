"""One feedback report: a person's verdict on one checked draft.

    {"request": {...the checked request...},
     "verdict": "false_positive" | "missed" | "confirmed",
     "rule": "hard_sell.fake-urgency",        # false_positive: the warning that was wrong
     "category": "out_of_step",               # missed: the category that should have been flagged
     "response": {...the response...},        # optional: what tactful said (else it is checked again)
     "rules": ["..."], "flags": ["..."],      # optional instead of `response`: the rule ids that fired
     "note": "...", "reporter": "..."}        # optional

A false positive must name a rule that fired; a miss a category that was not
flagged. Every problem is an `InputError` naming the field, never quoting the draft.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from tactful import CATEGORIES
from tactful.errors import InputError
from tactful.request import CheckRequest, json_type, parse_request

VERDICTS = ("false_positive", "missed", "confirmed")
MAX_NOTE = 2000
MAX_REPORTER = 128
MAX_RULES = 200
CheckOne = Callable[[CheckRequest], dict]


@dataclass
class Report:
    request: CheckRequest
    verdict: str
    rule: Optional[str] = None
    category: Optional[str] = None
    fired: Optional[list[str]] = None  # rule ids tactful reported; None = not given, check again
    flags: Optional[list[str]] = None
    response_verdict: Optional[str] = None
    spans: dict[str, str] = field(default_factory=dict)  # rule id -> the text it flagged
    note: Optional[str] = None
    reporter: Optional[str] = None

    @property
    def draft_sha256(self) -> str:
        return hashlib.sha256(self.request.draft.strip().encode("utf-8")).hexdigest()


def parse_report(data: Any) -> Report:
    if not isinstance(data, dict):
        raise InputError(f"a report must be a JSON object, got {json_type(data)}")
    if "request" not in data:
        raise InputError("request: is required (the request that was checked)")
    if not isinstance(data["request"], dict):
        raise InputError(f"request: must be a JSON object, got {json_type(data['request'])}")
    try:
        request = parse_request(data["request"])
    except InputError as exc:
        raise InputError(f"request.{exc}") from None
    verdict = data.get("verdict")
    if verdict not in VERDICTS:
        raise InputError(f"verdict: must be one of {', '.join(VERDICTS)}")
    report = Report(request=request, verdict=verdict,
                    note=_text(data, "note", MAX_NOTE), reporter=_text(data, "reporter", MAX_REPORTER))
    report.rule = _text(data, "rule", 128)
    report.category = _text(data, "category", 32)
    if verdict == "false_positive" and not report.rule:
        raise InputError("rule: is required for a false_positive (the id of the warning that was wrong)")
    if verdict == "missed":
        if not report.category:
            raise InputError("category: is required for missed (the category that should have been flagged)")
        if report.category not in CATEGORIES:
            raise InputError(f"category: must be one of {', '.join(CATEGORIES)}")
    if verdict != "false_positive":
        report.rule = None
    if verdict != "missed":
        report.category = None
    response = data.get("response")
    if response is not None:
        if not isinstance(response, dict):
            raise InputError(f"response: must be a JSON object, got {json_type(response)}")
        _from_response(report, response)
    elif data.get("rules") is not None:
        report.fired = _ids(data["rules"], "rules")
        report.flags = [c for c in CATEGORIES if c in _ids(data.get("flags") or [], "flags")]
    return report


def complete(report: Report, check: CheckOne, known_rules: Optional[set[str]] = None) -> Report:
    """Fill in what fired (checking the draft again when the caller did not say) and validate the verdict."""
    if report.fired is None:
        _from_response(report, check(report.request))
    if report.verdict == "false_positive":
        if known_rules is not None and report.rule not in known_rules:
            raise InputError(f"rule: no rule with id {report.rule!r} (GET /v1/rules lists them)")
        if report.rule not in report.fired:
            fired = ", ".join(report.fired[:8]) or "nothing"
            raise InputError(f"rule: {report.rule} did not fire on this draft (it fired: {fired})")
    if report.verdict == "missed" and report.category in (report.flags or []):
        raise InputError(f"category: {report.category} was flagged already (a wrong warning is a false_positive; "
                         f"a right one, confirmed)")
    return report


def _from_response(report: Report, response: dict) -> None:
    warnings = response.get("warnings") or []
    if not isinstance(warnings, list) or not all(isinstance(w, dict) for w in warnings):
        raise InputError("response.warnings: must be a list of warning objects")
    fired: list[str] = []
    for index, warning in enumerate(warnings[:MAX_RULES]):
        rule = warning.get("rule")
        if not isinstance(rule, str) or not rule or len(rule) > 128:
            raise InputError(f"response.warnings[{index}].rule: must be a rule id")
        if rule not in fired:
            fired.append(rule)
        span = warning.get("span")
        if isinstance(span, dict) and isinstance(span.get("text"), str) and rule not in report.spans:
            report.spans[rule] = span["text"][:200]
    report.fired = fired
    report.flags = [c for c in CATEGORIES if c in _ids(response.get("flags") or [], "response.flags")]
    verdict = response.get("verdict")
    report.response_verdict = verdict if verdict in ("pass", "review", "block") else None


def _ids(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 128 for v in value):
        raise InputError(f"{name}: must be a list of ids")
    if len(value) > MAX_RULES:
        raise InputError(f"{name}: at most {MAX_RULES} entries")
    return list(dict.fromkeys(value))


def _text(data: dict, name: str, limit: int) -> Optional[str]:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name}: must be a string, got {json_type(value)}")
    value = value.strip()
    if len(value) > limit:
        raise InputError(f"{name}: at most {limit} characters, got {len(value)}")
    return value or None
