"""Per-rule QA on a team's own traffic: SpamAssassin's hit frequencies, plus what people said.

For each rule: how often it fired on the drafts the team checked through the
service (`hits`, out of `checks`), how often it fired on reported drafts, how
often a person called it wrong (`wrong`) or right (`confirmed`). A rule called
wrong at least `min_repeats` times, on at least half the reported drafts it
fired on, gets a suggested `tactful.toml` entry that would have silenced those
reports: an `[allow] phrases` entry when the same words set it off each time,
else `disable` when it was wrong on 80% or more, else severity `info`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from tactful import CATEGORIES
from tactful.feedback import db
from tactful.feedback.labels import NEGATIVE, POSITIVE, kind_of, learnable
from tactful.feedback.reports import VERDICTS
from tactful.feedback.store import FeedbackStore

MIN_REPEATS = 2
DISABLE_SHARE = 0.8
SUGGEST_SHARE = 0.5


def team_stats(store: FeedbackStore, team: str, since: Optional[datetime] = None,
               min_repeats: int = MIN_REPEATS) -> dict[str, Any]:
    verdicts = dict.fromkeys(VERDICTS, 0)
    missed = dict.fromkeys(CATEGORIES, 0)
    per_rule: dict[str, dict[str, Any]] = {}
    spans: dict[str, list[str]] = {}
    rows = list(store.rows(team, since))

    def rule_entry(rule: str) -> dict[str, Any]:
        return per_rule.setdefault(rule, {"rule": rule, "hits": 0, "reported": 0, "wrong": 0, "confirmed": 0})

    for row in rows:
        verdicts[row["verdict"]] += 1
        if row["verdict"] == "missed" and row["category"] in missed:
            missed[row["category"]] += 1
        for rule in row["fired"] or []:
            entry = rule_entry(rule)
            entry["reported"] += 1
            if row["verdict"] == "confirmed":
                entry["confirmed"] += 1
        if row["verdict"] == "false_positive" and row["rule"]:
            rule_entry(row["rule"])["wrong"] += 1
            text = (row.get("spans") or {}).get(row["rule"])
            if text:
                spans.setdefault(row["rule"], []).append(text)
    hits = store.hits(team, since.date() if since else None)
    checks = hits.pop(db.CHECKS_ROW, 0)
    for rule, count in hits.items():
        rule_entry(rule)["hits"] = count
    for entry in per_rule.values():
        entry["hit_rate"] = round(entry["hits"] / checks, 4) if checks else None
        entry["wrong_share"] = round(entry["wrong"] / entry["reported"], 4) if entry["reported"] else None
    kinds = {POSITIVE: 0, NEGATIVE: 0}
    for _, labels, _ in learnable(rows).values():
        kinds[kind_of(labels)] += 1
    ordered = sorted(per_rule.values(), key=lambda e: (-e["wrong"], -e["hits"], -e["reported"], e["rule"]))
    return {
        "team": team,
        "since": since.isoformat() if since else None,
        "reports": sum(verdicts.values()),
        "verdicts": verdicts,
        "missed": missed,
        "checks": checks,
        "learnable": kinds,
        "rules": ordered,
        "suggestions": suggestions(ordered, spans, min_repeats),
    }


def suggestions(rules: list[dict[str, Any]], spans: dict[str, list[str]], min_repeats: int) -> list[dict[str, Any]]:
    from tactful.rulepack import load_packs

    severity = {rule.id: rule.severity for rule in load_packs()}
    found = []
    for entry in rules:
        rule, wrong, share = entry["rule"], entry["wrong"], entry["wrong_share"] or 0.0
        if wrong < min_repeats or share < SUGGEST_SHARE:
            continue
        repeated = _repeated_phrase(spans.get(rule, []), min_repeats)
        if repeated:
            toml = f"[allow]\nphrases = [{_toml_string(repeated)}]"
            reason = (f"{wrong} false-positive reports, {repeated!r} set it off each time; allow-listed words "
                      f"never trigger any rule")
        elif share >= DISABLE_SHARE:
            toml = f"[rules]\ndisable = [{_toml_string(rule)}]"
            reason = f"wrong on {wrong} of {entry['reported']} reported drafts ({share:.0%})"
        elif severity.get(rule, "info") != "info":
            toml = f"[rules]\nseverity = {{ {_toml_string(rule)} = \"info\" }}"
            reason = (f"wrong on {wrong} of {entry['reported']} reported drafts ({share:.0%}): keep it as a hint "
                      f"below `--fail-on warning`")
        else:
            continue
        found.append({"rule": rule, "toml": toml, "reason": reason})
    return found


def _repeated_phrase(texts: list[str], min_repeats: int) -> Optional[str]:
    counts: dict[str, int] = {}
    for text in texts:
        key = " ".join(text.lower().split())
        if 2 <= len(key) <= 80:
            counts[key] = counts.get(key, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return best[0] if best and best[1] >= min_repeats and best[1] == len(texts) else None


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_stats(stats: dict[str, Any]) -> str:
    verdicts = stats["verdicts"]
    lines = [
        f"team {stats['team']}: {stats['reports']} reports"
        + (f" since {stats['since']}" if stats["since"] else "")
        + f" ({verdicts['false_positive']} false positives, {verdicts['missed']} missed, "
          f"{verdicts['confirmed']} confirmed); {stats['checks']} drafts checked through the service",
        "  missed by category: " + ", ".join(f"{c} {n}" for c, n in stats["missed"].items()),
        f"  learnable by `tactful learn`: {stats['learnable'][POSITIVE]} positive, "
        f"{stats['learnable'][NEGATIVE]} negative",
    ]
    if stats["rules"]:
        lines += ["", f"  {'rule':<46} {'hits':>6} {'rate':>7} {'reported':>8} {'wrong':>6} {'right':>6} "
                      f"{'wrong%':>7}"]
        for entry in stats["rules"]:
            rate = "    n/a" if entry["hit_rate"] is None else f"{100 * entry['hit_rate']:6.1f}%"
            share = "    n/a" if entry["wrong_share"] is None else f"{100 * entry['wrong_share']:6.0f}%"
            lines.append(f"  {entry['rule']:<46} {entry['hits']:>6} {rate:>7} {entry['reported']:>8} "
                         f"{entry['wrong']:>6} {entry['confirmed']:>6} {share:>7}")
    if stats["suggestions"]:
        lines += ["", "  suggested tactful.toml entries (each would have silenced the repeated false positives):"]
        for suggestion in stats["suggestions"]:
            lines += ["", f"  # {suggestion['rule']}: {suggestion['reason']}"]
            lines += [f"  {line}" for line in suggestion["toml"].splitlines()]
    return "\n".join(lines)
