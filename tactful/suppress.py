"""Suppression that is never silent: inline markers and the request's `ignore` list.

A draft may carry markers, in an HTML comment so that Markdown renders nothing
and a plain-text reader sees what it is:

    <!-- tactful: ignore hard_sell.deadline-nudge the webinar really closes Friday -->

One or more rule ids (comma-separated) follow `ignore`; the rest of the comment
is the reason. Markers are stripped before checking (a marker on a line of its
own takes its line with it) and are never part of what is sent: the response's
`send_text` is the draft without them. A request can also say
`"ignore": ["hard_sell.deadline-nudge"]`.

A suppressed warning is not dropped: the response lists it under `suppressed`
(`{rule, reason, source, span}`) and the scores, flags and verdict are computed
without it. A marker or an `ignore` entry naming no rule is reported in
`notices`, never ignored quietly.

Pure functions over strings and response dicts; nothing heavy is imported.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional

from tactful.rulepack import RULE_ID

OPEN, CLOSE = "<!--", "-->"
KEYWORD = "tactful:"
MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Ignore:
    rule: str
    reason: Optional[str]
    source: str  # "marker" | "request"


@dataclass(frozen=True)
class Stripped:
    """A draft with its markers taken out, and how to map offsets back to the original."""

    text: str
    ignores: tuple[Ignore, ...]
    notices: tuple[str, ...]
    # (offset in `text`, characters removed there), ascending; offsets map back through `original_offset`.
    removed: tuple[tuple[int, int], ...]

    def original_offset(self, offset: int, is_end: bool = False) -> int:
        """Where `offset` of the stripped text lies in the original draft.

        A span's start that sits where a marker was removed maps after the marker; its end maps before it.
        """
        positions = [at for at, _ in self.removed]
        count = bisect.bisect_left(positions, offset) if is_end else bisect.bisect_right(positions, offset)
        return offset + sum(length for _, length in self.removed[:count])


def strip_markers(draft: str) -> Stripped:
    """Find and remove every `<!-- tactful: ... -->` marker of `draft` (linear time, no regex backtracking)."""
    if KEYWORD not in draft:
        return Stripped(draft, (), (), ())
    pieces: list[str] = []
    ignores: list[Ignore] = []
    notices: list[str] = []
    removed: list[tuple[int, int]] = []
    kept = 0  # characters of the stripped text so far
    cursor = 0
    while True:
        start = draft.find(OPEN, cursor)
        if start < 0:
            break
        end = draft.find(CLOSE, start + len(OPEN))
        if end < 0:
            break
        body = draft[start + len(OPEN):end].strip()
        if not body.startswith(KEYWORD):
            pieces.append(draft[cursor:end + len(CLOSE)])
            kept += end + len(CLOSE) - cursor
            cursor = end + len(CLOSE)
            continue
        found, notice = _parse_marker(body[len(KEYWORD):].strip())
        ignores.extend(found)
        if notice:
            notices.append(notice)
        cut_start, cut_end = start, end + len(CLOSE)
        line_start = draft.rfind("\n", 0, start) + 1
        line_end = draft.find("\n", cut_end)
        line_end = len(draft) if line_end < 0 else line_end
        alone = line_start >= cursor and not draft[line_start:start].strip() and not draft[cut_end:line_end].strip()
        if alone and line_end < len(draft):  # the marker's line goes, with its line break
            cut_start, cut_end = line_start, line_end + 1
        elif alone and line_start - 1 >= cursor and line_start > 0:  # the last line: take the break before it
            cut_start, cut_end = line_start - 1, line_end
        elif alone:
            cut_start, cut_end = line_start, line_end
        pieces.append(draft[cursor:cut_start])
        kept += cut_start - cursor
        removed.append((kept, cut_end - cut_start))
        cursor = cut_end
    pieces.append(draft[cursor:])
    return Stripped("".join(pieces), tuple(ignores), tuple(notices), tuple(removed))


def _parse_marker(body: str) -> tuple[list[Ignore], Optional[str]]:
    words = body.split(None, 2)
    if not words or words[0] != "ignore":
        return [], f"marker <!-- tactful: {body[:60]} --> is not understood; write <!-- tactful: ignore RULE_ID reason -->"
    if len(words) < 2:
        return [], "marker <!-- tactful: ignore --> names no rule; write <!-- tactful: ignore RULE_ID reason -->"
    reason = words[2].strip()[:MAX_REASON_CHARS] if len(words) > 2 and words[2].strip() else None
    rules = [rule for rule in words[1].split(",") if rule]
    return [Ignore(rule, reason, "marker") for rule in rules], None


def request_ignores(rule_ids: Iterable[str]) -> list[Ignore]:
    return [Ignore(rule, None, "request") for rule in rule_ids]


def unknown_notices(ignores: Iterable[Ignore], known: Callable[[str], bool]) -> list[str]:
    """One line for each ignored id that names no rule (a typo must not silently do nothing)."""
    notices = []
    for rule in dict.fromkeys(ignore.rule for ignore in ignores if not known(ignore.rule)):
        where = "marker" if any(i.rule == rule and i.source == "marker" for i in ignores) else "ignore"
        shape = "" if RULE_ID.fullmatch(rule) else " (a rule id looks like category.name)"
        notices.append(f"{where} names no rule {rule!r}{shape}; nothing was suppressed for it (see `tactful rules`)")
    return notices


def apply(response: dict[str, Any], ignores: Iterable[Ignore], rescore: Callable[[list[dict]], dict[str, Any]],
          ) -> dict[str, Any]:
    """A new response without the ignored warnings, re-scored, listing them under `suppressed`.

    `rescore(warnings)` returns the new `verdict`, `score`, `flags`, `categories` and the
    warnings with their severities recomputed.
    """
    by_rule: dict[str, Ignore] = {}
    for ignore in ignores:
        by_rule.setdefault(ignore.rule, ignore)
    kept, suppressed = [], []
    for warning in response["warnings"]:
        ignore = by_rule.get(warning["rule"])
        if ignore is None:
            kept.append(warning)
        else:
            suppressed.append({"rule": warning["rule"], "reason": ignore.reason, "source": ignore.source,
                               "span": warning["span"]})
    out = dict(response)
    if suppressed:
        for key, value in rescore(kept).items():  # None drops an optional field (nothing left of it)
            if value is None:
                out.pop(key, None)
            else:
                out[key] = value
    out["suppressed"] = suppressed
    return out


def map_spans(response: dict[str, Any], stripped: Stripped, original: str) -> dict[str, Any]:
    """Spans computed on the stripped draft, moved to offsets in the draft as given."""
    if not stripped.removed:
        return response

    def moved(span: Optional[Mapping[str, Any]]) -> Optional[dict[str, Any]]:
        if span is None:
            return None
        start = stripped.original_offset(span["start"])
        end = max(start, stripped.original_offset(span["end"], is_end=True))
        return {"start": start, "end": end, "text": original[start:end]}

    out = dict(response)
    out["warnings"] = [{**w, "span": moved(w["span"])} for w in response["warnings"]]
    if "suppressed" in response:
        out["suppressed"] = [{**s, "span": moved(s.get("span"))} for s in response["suppressed"]]
    if response.get("set_aside"):  # parts of an email not judged: {kind, label, start, end, lines}
        parts = []
        for part in response["set_aside"]:
            start = stripped.original_offset(part["start"])
            end = max(start, stripped.original_offset(part["end"], is_end=True))
            lines = [original.count("\n", 0, start) + 1, original.count("\n", 0, max(start, end - 1)) + 1]
            parts.append({**part, "start": start, "end": end, "lines": lines})
        out["set_aside"] = parts
    return out
