"""Load and validate the declarative rule packs in `rules/*.yml`.

A pack is data: every rule carries its id, category, severity, score, the text a
user reads (message, why, suggestion), a kind with its parameters, and examples
that one parametrised test runs. Anything malformed is a `RulePackError` naming
the file and the rule, raised at load time, never at check time.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from tactful import CATEGORIES
from tactful.errors import RulePackError
from tactful.rule_kinds import KIND_CLASSES

SEVERITIES = ("info", "warning", "error")
# Each kind is one class (tactful/rule_kinds.py) declaring its keys; this is the loader's view of them.
KINDS = tuple(KIND_CLASSES)
COMMON_KEYS = {
    "id", "category", "severity", "score", "message", "why", "suggestion", "kind",
    "examples", "when", "unless_before", "unless_history", "unless_draft", "evidence_from", "max_hits",
    "formerly",
}
KIND_KEYS = {name: set(cls.keys) for name, cls in KIND_CLASSES.items()}
REQUIRED_KIND_KEYS = {name: set(cls.required) for name, cls in KIND_CLASSES.items()}
# The shape of a rule id (category.name); the lookbehind keeps a search linear.
RULE_ID = re.compile(r"(?<![a-z_])[a-z_]+\.[a-z0-9][a-z0-9_-]*")
WHEN_KEYS = {"any", "all", "none", "channels", "not_channels"}


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    score: float
    message: str
    why: str
    suggestion: str
    kind: str
    params: dict[str, Any]
    examples: dict[str, list]
    when: dict[str, list] = field(default_factory=dict)
    unless_before: list[str] = field(default_factory=list)
    unless_history: list[str] = field(default_factory=list)
    unless_draft: list[str] = field(default_factory=list)
    evidence_from: list[str] = field(default_factory=list)
    max_hits: int = 3
    source: str = ""
    # Ids this rule had before it moved (a rule that changed category changes id): a team's tactful.toml
    # or an ignore marker naming the old id keeps working, with a notice.
    formerly: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "category": self.category, "severity": self.severity,
                "score": self.score, "kind": self.kind, "message": self.message}

    def docs(self) -> dict[str, Any]:
        return {**self.summary(), "why": self.why, "suggestion": self.suggestion,
                "examples": self.examples}


def default_rules_dir() -> Path:
    """The packaged rule packs, or the source checkout's `rules/` when not installed."""
    try:
        packaged = resources.files("tactful.rules")
        path = Path(str(packaged))
        if path.is_dir() and any(path.glob("*.yml")):
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"


def load_packs(rules_dir: Path | None = None) -> list[Rule]:
    directory = rules_dir or default_rules_dir()
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise RulePackError(f"{directory}: no rule packs (*.yml) found")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        for rule in load_pack(path):
            if rule.id in seen:
                raise RulePackError(f"{path.name}: rule {rule.id}: id already used in {seen[rule.id]}")
            seen[rule.id] = path.name
            rules.append(rule)
    for rule in rules:
        for old in rule.formerly:
            if old in seen:
                raise RulePackError(f"{seen[rule.id]}: rule {rule.id}: 'formerly' names {old!r}, which is still a rule "
                                    f"in {seen[old]}")
    return rules


def renamed_ids(rules: list[Rule]) -> dict[str, str]:
    """Old rule id -> the id it has now (from each rule's `formerly`)."""
    return {old: rule.id for rule in rules for old in rule.formerly}


def load_pack(path: Path) -> list[Rule]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path.name}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise RulePackError(f"{path.name}:{where} is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(f"{path.name}: a pack is a mapping with a 'rules' list")
    pack_category = data.get("category")
    unknown = set(data) - {"category", "description", "rules"}
    if unknown:
        raise RulePackError(f"{path.name}: unknown top-level key {sorted(unknown)[0]!r}")
    return [_parse_rule(path.name, index, raw, pack_category) for index, raw in enumerate(data["rules"])]


def _parse_rule(filename: str, index: int, raw: Any, pack_category: str | None) -> Rule:
    label = f"rule #{index + 1}"
    if not isinstance(raw, dict):
        raise RulePackError(f"{filename}: {label}: a rule is a mapping")
    label = f"rule {raw.get('id', label)}"

    def fail(problem: str) -> RulePackError:
        return RulePackError(f"{filename}: {label}: {problem}")

    for key in ("id", "category", "severity", "score", "message", "why", "suggestion", "kind", "examples"):
        if key not in raw:
            raise fail(f"missing field '{key}'")
    kind = raw["kind"]
    if kind not in KINDS:
        raise fail(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    unknown = set(raw) - COMMON_KEYS - KIND_KEYS[kind]
    if unknown:
        raise fail(f"unknown field {sorted(unknown)[0]!r} for kind '{kind}'")
    missing = REQUIRED_KIND_KEYS[kind] - set(raw)
    if missing:
        raise fail(f"kind '{kind}' needs field '{sorted(missing)[0]}'")
    if raw["category"] not in CATEGORIES:
        raise fail(f"category must be one of {', '.join(CATEGORIES)}")
    if pack_category and raw["category"] != pack_category:
        raise fail(f"category {raw['category']!r} does not belong in the {pack_category!r} pack")
    if not str(raw["id"]).startswith(raw["category"] + "."):
        raise fail(f"id must start with its category, e.g. '{raw['category']}.name'")
    if raw["severity"] not in SEVERITIES:
        raise fail(f"severity must be one of {', '.join(SEVERITIES)}")
    if not isinstance(raw["score"], (int, float)) or isinstance(raw["score"], bool) or raw["score"] < 0:
        raise fail("score must be a non-negative number")
    for key in ("message", "why", "suggestion"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise fail(f"'{key}' must be non-empty text")
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"}:
        raise fail("examples must be a mapping with 'flag' and 'pass' lists")
    if not examples.get("flag") or not examples.get("pass"):
        raise fail("examples need at least one 'flag' and one 'pass' example")
    for bucket in ("flag", "pass"):
        for example in examples[bucket]:
            if not isinstance(example, (str, dict)) or (isinstance(example, dict) and "draft" not in example):
                raise fail(f"each {bucket} example is a draft string or a request with a 'draft'")
            if isinstance(example, dict) and "span" in example:
                _check_example_span(example, bucket, fail)
    when = raw.get("when") or {}
    if not isinstance(when, dict) or set(when) - WHEN_KEYS:
        raise fail(f"'when' takes only {', '.join(sorted(WHEN_KEYS))}")
    if kind == "meta" and not when:
        raise fail("a meta rule needs a 'when' composing signals")
    evidence_from = raw.get("evidence_from") or []
    if isinstance(evidence_from, str):
        evidence_from = [evidence_from]
    if not isinstance(evidence_from, list) or not all(isinstance(v, str) and v for v in evidence_from):
        raise fail("'evidence_from' must be a signal name or a list of them")
    formerly = raw.get("formerly") or []
    if not isinstance(formerly, list) or not all(isinstance(v, str) and RULE_ID.fullmatch(v) for v in formerly):
        raise fail("'formerly' must be a list of rule ids (category.name)")
    params = {key: raw[key] for key in KIND_KEYS[kind] if key in raw}
    KIND_CLASSES[kind].validate(params, fail)
    return Rule(
        id=str(raw["id"]), category=raw["category"], severity=raw["severity"], score=float(raw["score"]),
        message=raw["message"].strip(), why=" ".join(raw["why"].split()),
        suggestion=raw["suggestion"].strip(), kind=kind, params=params,
        examples={"flag": list(examples["flag"]), "pass": list(examples["pass"])},
        when={k: list(v) if isinstance(v, list) else [v] for k, v in when.items()},
        unless_before=list(raw.get("unless_before") or []),
        unless_history=list(raw.get("unless_history") or []),
        unless_draft=list(raw.get("unless_draft") or []),
        evidence_from=list(evidence_from), formerly=list(formerly),
        max_hits=int(raw.get("max_hits", 3)), source=filename,
    )


def _check_example_span(example: dict, bucket: str, fail) -> None:
    """A flag example's optional `span`: the words the rule marks, which its test asserts (as textlint's do)."""
    span = example["span"]
    if bucket != "flag":
        raise fail("only a flag example names a 'span' (the words the rule marks)")
    if not isinstance(span, str) or not span.strip():
        raise fail("an example's 'span' is the flagged words, as text")
    if not isinstance(example["draft"], str) or span not in example["draft"]:
        raise fail(f"example span {span!r} is not in its draft")


def example_request(example: str | dict) -> dict[str, Any]:
    """An example as a check request: its draft (and history...) without the expected `span`."""
    if isinstance(example, str):
        return {"draft": example}
    return {key: value for key, value in example.items() if key != "span"}
