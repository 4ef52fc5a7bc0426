"""Output formats for `tactful check`: text for people, json/jsonl for tools, SARIF for code scanning."""
from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Optional

from tactful import __version__

RESET, BOLD, DIM = "\033[0m", "\033[1m", "\033[2m"
COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
VERDICT_COLOURS = {"block": "\033[31m", "review": "\033[33m", "pass": "\033[32m"}


def dumps(response: dict[str, Any]) -> str:
    return json.dumps(response, ensure_ascii=False)


# ---- text ------------------------------------------------------------------------
def render_text(where: str, response: dict[str, Any], draft: str | None, colour: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    if "error" in response:
        return f"{where}: {paint('error', COLOURS['error'])}: {response['error']}\n"
    verdict = response["verdict"]
    flags = ", ".join(response["flags"]) or "none"
    lines = [f"{paint(where, BOLD)}: {paint(verdict.upper(), VERDICT_COLOURS[verdict])}"
             f"  score {response['score']:g}  flags: {flags}"]
    if draft is not None and response["warnings"]:
        lines.append("")
        lines.extend("  │ " + line for line in _mark_spans(draft, response["warnings"], colour).split("\n"))
        lines.append("")
    for warning in response["warnings"]:
        severity = warning["severity"]
        span = warning["span"]
        location = f" {_line_col(draft, span['start'])}" if span and draft is not None else ""
        lines.append(f"  {paint(severity.ljust(7), COLOURS[severity])} {warning['rule']}{location}")
        quoted = f" “{span['text']}”" if span else ""
        lines.append(f"          {warning['message']}{paint(quoted, DIM)}")
        if warning.get("evidence"):
            lines.append(f"          {paint('evidence:', DIM)} {warning['evidence']}")
        lines.append(f"          {paint('→', DIM)} {warning['suggestion']}")
    for item in response.get("suppressed", ()):
        span = item.get("span")
        location = f" {_line_col(draft, span['start'])}" if span and draft is not None else ""
        why = f": {item['reason']}" if item.get("reason") else " (no reason given)"
        lines.append(f"  {paint('ignored', DIM)} {item['rule']}{location} by {item['source']}{why}")
    for notice in response.get("notices", ()):
        lines.append(f"  {paint('notice ', COLOURS['warning'])} {notice}")
    if response.get("set_aside"):  # an email's parts the author did not write, not judged
        parts = ", ".join(f"{part['label']} ({_line_range(part['lines'])})" for part in response["set_aside"])
        lines.append(f"  {paint('set aside, not judged:', DIM)} {parts}")
    if response.get("phrase_weight"):  # phrase rules that counted for less in a long email
        weight = response["phrase_weight"]
        lines.append(f"  {paint('weighed less in a long email:', DIM)} {', '.join(weight['rules'])} "
                     f"(points x{weight['factor']:.2f}: {weight['own_words']} words of the author's own, "
                     f"full weight up to {weight['full_weight_words']})")
    return "\n".join(lines) + "\n"


def _line_range(lines: list[int]) -> str:
    first, last = lines
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _mark_spans(draft: str, warnings: list[dict], colour: bool) -> str:
    """The draft with flagged spans highlighted (colour) or bracketed with «» (no colour)."""
    spans = sorted({(w["span"]["start"], w["span"]["end"], w["severity"]) for w in warnings if w["span"]})
    merged: list[list] = []
    for start, end, severity in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, severity])
    out, cursor = [], 0
    for start, end, severity in merged:
        out.append(draft[cursor:start])
        piece = draft[start:end]
        out.append(f"\033[4m{COLOURS[severity]}{piece}{RESET}" if colour else f"«{piece}»")
        cursor = end
    out.append(draft[cursor:])
    return "".join(out)


def _line_col(draft: str, offset: int) -> str:
    line = draft.count("\n", 0, offset) + 1
    column = offset - (draft.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def artifact_location(path: str) -> dict[str, Any]:
    """A SARIF artifactLocation: the path as a URI reference (percent-encoded), or, for standard
    input, no `uri` at all (`<stdin>` is not a valid URI reference) and a description instead."""
    if path == "<stdin>":
        return {"description": {"text": "standard input"}}
    from urllib.parse import quote

    return {"uri": quote(path.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")}


# ---- SARIF 2.1.0 ---------------------------------------------------------------------
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(results: Iterable[tuple[str, int | None, dict, str | None]], rules: list,
                 config: Optional[str] = None) -> str:
    """`results` holds (file, line in file or None, response, draft) for every checked request."""
    sarif_results = []
    for uri, line, response, draft in results:
        if "error" in response:
            sarif_results.append({
                "ruleId": "tactful.input-error", "level": "error",
                "message": {"text": response["error"]},
                "locations": [_location(uri, line, None, draft)],
            })
            continue
        for warning in response["warnings"]:
            text = f"{warning['message']} {warning['suggestion']}"
            if warning.get("evidence"):
                text += f" (evidence: {warning['evidence']})"
            sarif_results.append({
                "ruleId": warning["rule"],
                "level": SARIF_LEVELS[warning["severity"]],
                "message": {"text": text},
                "locations": [_location(uri, line, warning["span"], draft)],
                "properties": {"category": warning["category"], "requestId": response.get("id"),
                               "verdict": response["verdict"]},
            })
        for item in response.get("suppressed", ()):  # SARIF's own way: a result with a suppression
            suppression: dict[str, Any] = {"kind": "inSource" if item["source"] == "marker" else "external",
                                           "status": "accepted"}
            if item.get("reason"):
                suppression["justification"] = item["reason"]
            sarif_results.append({
                "ruleId": item["rule"], "level": "note",
                "message": {"text": f"Suppressed by {item['source']}."},
                "locations": [_location(uri, line, item.get("span"), draft)],
                "suppressions": [suppression],
                "properties": {"requestId": response.get("id")},
            })
        for notice in response.get("notices", ()):
            sarif_results.append({
                "ruleId": "tactful.suppression-notice", "level": "warning", "message": {"text": notice},
                "locations": [_location(uri, line, None, draft)],
            })
    driver_rules = [_driver_rule(rule if isinstance(rule, dict) else rule.docs()) for rule in rules]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tactful", "version": __version__, "rules": driver_rules}},
            "results": sarif_results,
        }],
    }
    if config is not None:  # which tactful.toml changed the rules (None: the packs as shipped)
        document["runs"][0]["properties"] = {"config": config}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _driver_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A SARIF reportingDescriptor from a rule's docs (local) or summary (`GET /v1/rules`, no `why`)."""
    return {
        "id": rule["id"], "name": rule["id"].split(".", 1)[1],
        "shortDescription": {"text": rule["message"]},
        "fullDescription": {"text": rule.get("why") or rule["message"]},
        "help": {"text": rule.get("suggestion") or rule["message"]},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule["severity"]]},
        "properties": {"category": rule["category"], "score": rule["score"]},
    }


def _location(uri: str, line: int | None, span: dict | None, draft: str | None) -> dict:
    region: dict[str, Any] = {}
    if line is not None:  # a request inside a .jsonl file: point at its line
        region = {"startLine": line}
    elif span and draft is not None:
        start_line = draft.count("\n", 0, span["start"]) + 1
        start_col = span["start"] - (draft.rfind("\n", 0, span["start"]) + 1) + 1
        end_line = draft.count("\n", 0, span["end"]) + 1
        end_col = span["end"] - (draft.rfind("\n", 0, span["end"]) + 1) + 1
        region = {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col,
                  "charOffset": span["start"], "charLength": span["end"] - span["start"],
                  "snippet": {"text": span["text"]}}
    physical: dict[str, Any] = {"artifactLocation": artifact_location(uri)}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}
