"""`tactful eval FILE`: how well the whole engine (or the model alone) does on a labelled file.

Reports, per file: per-category precision/recall/F1, the false-positive rate
on clean messages, the share of labelled messages caught, a confusion table,
and SpamAssassin-style hit frequencies for every rule: how often it fires on
clean versus labelled examples. A rule firing on more than 1% of clean
examples is *noisy*; with `--fail-on-noisy` that makes the exit status 1. CI runs
`tactful eval models/corpus/*.jsonl --pool --fail-on-noisy`: `--pool` scores
the files as one set, so a rule's clean rate is over the whole corpus rather
than over one small file.

Input lines are a contract request plus `labels` (and optional `allow`: a
category that may be flagged without counting as a false positive), or the
dev-set shape `{"request": ..., "expect": [...], "allow": [...]}`.

The checker is any `check_many(list[CheckRequest]) -> list[response]`, so the
same numbers describe the engine with or without the model.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from tactful import CATEGORIES
from tactful.errors import TactfulError
from tactful.model.data import enumerate_labelled
from tactful.request import CheckRequest

CheckMany = Callable[[list[CheckRequest]], list[dict]]
NOISY_CLEAN_RATE = 0.01  # a rule firing on more than 1% of clean examples is noisy
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
BATCH = 512


@dataclass(frozen=True)
class Labelled:
    request: CheckRequest
    labels: frozenset[str]
    allow: frozenset[str]
    where: str

    @property
    def is_clean(self) -> bool:
        return not self.labels


def read_labelled(path: Path) -> list[Labelled]:
    items = [Labelled(request, labels, allow, f"{Path(path).name}:{number}")
             for number, (request, labels, allow) in enumerate_labelled(path)]
    if items and not any(item.labels for item in items) and not _names_labels(path):
        raise TactfulError(f"{path}: no line has 'labels' (or 'expect'), so there is nothing to score against; "
                           "give each example \"labels\": [...] (an empty list for a clean one)")
    return items


def _names_labels(path: Path) -> bool:
    """Whether any line of the file states its labels (an all-clean set says `"labels": []`)."""
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if "labels" in record or "expect" in record:
                    return True
    return False


def run_checks(items: Sequence[Labelled], check_many: CheckMany) -> list[dict]:
    responses: list[dict] = []
    for start in range(0, len(items), BATCH):
        responses.extend(check_many([item.request for item in items[start:start + BATCH]]))
    if len(responses) != len(items):
        raise TactfulError(f"the checker returned {len(responses)} responses for {len(items)} requests")
    return responses


def evaluate(items: Sequence[Labelled], check_many: CheckMany, rule_ids: Iterable[str] = (),
             min_severity: str = "info") -> dict:
    """Scores for one labelled set; `rule_ids` lists rules to report even when they never fire."""
    return score(items, run_checks(items, check_many), rule_ids, min_severity)


def score(items: Sequence[Labelled], responses: Sequence[dict], rule_ids: Iterable[str] = (),
          min_severity: str = "info") -> dict:
    clean = [i for i, item in enumerate(items) if item.is_clean]
    labelled = [i for i, item in enumerate(items) if not item.is_clean]
    flags = [set(r.get("flags") or []) for r in responses]
    wrong_on_clean = [i for i in clean if flags[i] - items[i].allow]
    caught = [i for i in labelled if flags[i]]
    return {
        "examples": len(items),
        "clean": len(clean),
        "labelled": len(labelled),
        "clean_flagged": len(wrong_on_clean),
        "clean_false_positive_rate": _rate(len(wrong_on_clean), len(clean)),
        "labelled_caught": len(caught),
        "catch_rate": _rate(len(caught), len(labelled)),
        "categories": {c: _category_scores(c, items, flags) for c in CATEGORIES},
        "confusion": _confusion(items, flags),
        "rules": hit_frequencies(items, responses, rule_ids, min_severity),
    }


def _category_scores(category: str, items: Sequence[Labelled], flags: list[set]) -> dict:
    tp = fp = fn = 0
    for item, flagged in zip(items, flags):
        truth, said = category in item.labels, category in flagged
        if said and not truth and category in item.allow:
            continue  # allowed: neither right nor wrong
        tp += truth and said
        fp += said and not truth
        fn += truth and not said
    precision = _rate(tp, tp + fp)
    recall = _rate(tp, tp + fn)
    f1 = None if precision is None or recall is None or precision + recall == 0 else \
        round(2 * precision * recall / (precision + recall), 4)
    return {"support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _confusion(items: Sequence[Labelled], flags: list[set]) -> dict:
    """Rows: true label (an example with two labels counts in both rows); columns: what was flagged."""
    columns = list(CATEGORIES) + ["none"]
    table = {row: dict.fromkeys(columns, 0) for row in ("clean",) + tuple(CATEGORIES)}
    for item, flagged in zip(items, flags):
        for row in (sorted(item.labels) or ["clean"]):
            for column in (flagged or {"none"}):
                table[row][column] += 1
    return {row: counts for row, counts in table.items() if row == "clean" or sum(counts.values())}


def hit_frequencies(items: Sequence[Labelled], responses: Sequence[dict], rule_ids: Iterable[str] = (),
                    min_severity: str = "info") -> dict:
    """Per rule: hits on clean and on labelled examples, their rates, S/O, and whether it is noisy."""
    floor = SEVERITY_RANK[min_severity]
    n_clean = sum(item.is_clean for item in items)
    n_labelled = len(items) - n_clean
    hits: dict[str, list[int]] = {rule: [0, 0] for rule in rule_ids}
    for item, response in zip(items, responses):
        fired = {w["rule"] for w in response.get("warnings") or []
                 if SEVERITY_RANK.get(w.get("severity", "warning"), 1) >= floor}
        for rule in fired:
            hits.setdefault(rule, [0, 0])[0 if item.is_clean else 1] += 1
    report = {}
    for rule in sorted(hits):
        on_clean, on_labelled = hits[rule]
        clean_rate, labelled_rate = _rate(on_clean, n_clean), _rate(on_labelled, n_labelled)
        both = (clean_rate or 0) + (labelled_rate or 0)
        report[rule] = {
            "clean_hits": on_clean, "clean_rate": clean_rate,
            "labelled_hits": on_labelled, "labelled_rate": labelled_rate,
            # SpamAssassin's S/O: the share of a rule's (rate-normalised) hits that land on spam.
            "s_o": round((labelled_rate or 0) / both, 4) if both else None,
            "noisy": bool(clean_rate is not None and clean_rate > NOISY_CLEAN_RATE),
        }
    return report


def noisy_rules(report: dict) -> list[str]:
    return [rule for rule, stats in report["rules"].items() if stats["noisy"]]


def _rate(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


# ---- text report --------------------------------------------------------------------------
def format_report(name: str, report: dict) -> str:
    pct = lambda v: "  n/a" if v is None else f"{100 * v:5.1f}%"  # noqa: E731
    lines = [
        f"{name}: {report['examples']} examples ({report['clean']} clean, {report['labelled']} labelled)",
        f"  clean flagged (false positives): {report['clean_flagged']}/{report['clean']} = "
        f"{pct(report['clean_false_positive_rate']).strip()}",
        f"  labelled caught (any flag):      {report['labelled_caught']}/{report['labelled']} = "
        f"{pct(report['catch_rate']).strip()}",
        "",
        f"  {'category':<12} {'support':>7} {'precision':>9} {'recall':>7} {'F1':>7}",
    ]
    for category, stats in report["categories"].items():
        f1 = "  n/a" if stats["f1"] is None else f"{stats['f1']:.3f}"
        lines.append(f"  {category:<12} {stats['support']:>7} {pct(stats['precision']):>9} "
                     f"{pct(stats['recall']):>7} {f1:>7}")
    columns = list(CATEGORIES) + ["none"]
    lines += ["", "  confusion (rows: true label, columns: flagged)",
              "  " + f"{'':<12}" + "".join(f"{c:>12}" for c in columns)]
    for row, counts in report["confusion"].items():
        lines.append("  " + f"{row:<12}" + "".join(f"{counts[c]:>12}" for c in columns))
    if report["rules"]:
        lines += ["", f"  {'rule':<44} {'clean':>13} {'labelled':>13} {'S/O':>5}"]
        ordered = sorted(report["rules"].items(), key=lambda kv: (-(kv[1]["clean_rate"] or 0), kv[0]))
        for rule, stats in ordered:
            mark = "  NOISY" if stats["noisy"] else ""
            s_o = "  n/a" if stats["s_o"] is None else f"{stats['s_o']:.2f}"
            lines.append(f"  {rule:<44} {stats['clean_hits']:>5} {pct(stats['clean_rate'])} "
                         f"{stats['labelled_hits']:>5} {pct(stats['labelled_rate'])} {s_o:>5}{mark}")
    return "\n".join(lines)


# ---- a checker made of the model alone -------------------------------------------------------
def model_only(classifier) -> CheckMany:
    """Responses from the classifier alone: a category is flagged at or above its trained threshold."""

    def check_many(requests: list[CheckRequest]) -> list[dict]:
        responses = []
        for request, probabilities in zip(requests, classifier.predict(requests)):
            flags = [c for c in CATEGORIES if probabilities.get(c, 0.0) >= classifier.thresholds.get(c, 2.0)]
            responses.append({
                "id": request.id, "flags": flags,
                "categories": {c: round(probabilities.get(c, 0.0), 4) for c in CATEGORIES},
                "warnings": [{"rule": f"model.{c}", "category": c, "severity": "warning"} for c in flags],
            })
        return responses

    return check_many


# ---- command line ------------------------------------------------------------------------------
def main(argv: Optional[Sequence[str]] = None, check_many: Optional[CheckMany] = None,
         rule_ids: Iterable[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="tactful eval", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSONL files")
    parser.add_argument("--model-only", action="store_true", help="score the classifier alone, no rules")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    parser.add_argument("--models", type=Path, default=None, help="classifier folder (default: the packaged one)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--min-severity", choices=tuple(SEVERITY_RANK), default="info",
                        help="count a rule as firing only at or above this severity (default: any)")
    parser.add_argument("--fail-on-noisy", action="store_true", help="exit 1 when a rule fires on >1%% of clean")
    parser.add_argument("--pool", action="store_true",
                        help="score all files as one set (hit frequencies over a whole corpus, as CI wants)")
    args = parser.parse_args(argv)
    try:
        if check_many is None:
            check_many, rule_ids = _default_checker(args)
        sets = {str(path): read_labelled(path) for path in args.files}
        if args.pool:
            sets = {" + ".join(sets): [item for items in sets.values() for item in items]}
        reports = {name: evaluate(items, check_many, rule_ids, args.min_severity) for name, items in sets.items()}
    except (TactfulError, OSError) as exc:
        print(f"tactful eval: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(reports, indent=2, sort_keys=True))
    else:
        print("\n\n".join(format_report(name, report) for name, report in reports.items()))
    noisy = sorted({rule for report in reports.values() for rule in noisy_rules(report)})
    if noisy and args.fail_on_noisy:
        print(f"tactful eval: noisy rules (fire on >1% of clean examples): {', '.join(noisy)}", file=sys.stderr)
        return 1
    return 0


def _default_checker(args) -> tuple[CheckMany, list[str]]:
    if args.model_only:
        from tactful.model.classifier import Classifier

        return model_only(Classifier.load(args.models)), []
    from functools import partial

    from tactful.api import Checker

    checker = Checker(model=not args.no_model, models_dir=args.models)
    return partial(checker.check_many, mass_blast=False), [rule.id for rule in checker.rules]


if __name__ == "__main__":
    sys.exit(main())
