"""`tactful rules [ID]`: list every rule, or show one rule's docs in the ruff shape."""
from __future__ import annotations

import argparse
import json
import sys

from tactful.errors import InputError


def run_rules(args: argparse.Namespace) -> int:
    from tactful.rulepack import load_packs

    rules = load_packs()
    if args.rule_id is None:
        if args.format == "json":
            sys.stdout.write(json.dumps([rule.summary() for rule in rules], ensure_ascii=False, indent=2) + "\n")
            return 0
        width = max(len(rule.id) for rule in rules)
        for rule in rules:
            sys.stdout.write(f"{rule.id.ljust(width)}  {rule.category.ljust(11)}  {rule.severity.ljust(7)}  "
                             f"{rule.message}\n")
        return 0
    rule = next((r for r in rules if r.id == args.rule_id), None)
    if rule is None:
        close = [r.id for r in rules if args.rule_id.split(".")[-1] in r.id]
        hint = f"; did you mean {close[0]}?" if close else "; run `tactful rules` for the list"
        raise InputError(f"no rule with id {args.rule_id!r}{hint}")
    if args.format == "json":
        sys.stdout.write(json.dumps(rule.docs(), ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stdout.write(format_rule_docs(rule))
    return 0


def format_rule_docs(rule) -> str:
    flag = _example_text(rule.examples["flag"][0])
    good = _example_text(rule.examples["pass"][0])
    return (
        f"{rule.id}  ({rule.category}, {rule.severity}, {rule.score:g} points)\n\n"
        f"What it flags\n  {rule.message}\n\n"
        f"Why it hurts\n  {rule.why}\n\n"
        f"Example\n  {flag}\n\n"
        f"Write instead\n  {rule.suggestion}\n  e.g. {good}\n"
    )


def _example_text(example) -> str:
    if isinstance(example, str):
        return example
    history = example.get("history") or []
    before = ""
    if history:
        last = history[-1]
        said = f": “{last.get('text')}”" if last.get("text") else ""
        before = f"(after {last.get('from')} {last.get('kind', 'message')}{said})\n  "
    return before + example["draft"]
