"""`tactful learn`: retrain the classifier with a team's reports added, and keep it only if it is no worse.

    tactful learn [--team T] [--min-positive N] [--min-negative N] [--data DIR] [--corpus DIR] [--seed N]
    tactful learn --list [--team T]
    tactful learn --rollback [VERSION | packaged] [--team T]

Like `sa-learn`, whose Bayes filter stays off until it has seen 200 spam and
200 ham, it refuses to train before the team has at least N positive and N
negative learnable reports (default 200 each; `labels.py` says which reports
teach what). It then trains through `tactful.model.train.train` (the same
recipe as the model it would replace, the team's reports added to the
training split only), measures the current and the new model alone on the
shipped held-out split and on the whole corpus, and keeps the new one only if
on both it flags no more genuine messages and catches no fewer labelled ones.
Otherwise it refuses, prints the numbers and deletes the candidate.

Versions go to `<models root>/<team>/vNNNN/` (`versions.py`); the service picks
up the active one on `POST /v1/admin/reload` or a restart.

Exit status: 0 learned (or listed, rolled back), 1 refused by a guard, 2 bad input.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import shutil
import sys
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional, Sequence

from tactful.errors import InputError, TactfulError
from tactful.feedback import versions
from tactful.feedback.labels import NEGATIVE, POSITIVE, kind_of, learnable
from tactful.feedback.settings import FeedbackSettings, check_team

MIN_EACH = 200  # sa-learn's minimum: 200 spam and 200 ham before Bayes is used
REFUSED = 1


class Refused(Exception):
    """A guard said no; the message has the numbers."""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="tactful learn", description=__doc__.splitlines()[0])
    parser.add_argument("--team", default=None, help="whose reports and models (default: $TACTFUL_TEAM or 'default')")
    parser.add_argument("--list", action="store_true", help="list the team's model versions")
    parser.add_argument("--rollback", nargs="?", const="", default=None, metavar="VERSION",
                        help="activate VERSION ('packaged' for the shipped model), or the version before the active one")
    parser.add_argument("--min-positive", type=int, default=MIN_EACH, metavar="N",
                        help=f"learnable reports of drafts that should be flagged, at least (default {MIN_EACH})")
    parser.add_argument("--min-negative", type=int, default=MIN_EACH, metavar="N",
                        help=f"learnable reports of genuine drafts, at least (default {MIN_EACH})")
    parser.add_argument("--data", type=Path, default=None, help="public data (default: ../shared/data)")
    parser.add_argument("--corpus", type=Path, default=None, help="labelled corpus folder (default: models/corpus)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        settings = FeedbackSettings.from_env()
        team = check_team(args.team, "--team") if args.team else settings.team
        if args.list:
            print(format_list(settings.models_root, team))
            return 0
        if args.rollback is not None:
            before = versions.active(settings.models_root, team) or "packaged"
            after = versions.rollback(settings.models_root, team, args.rollback or None) or "packaged"
            print(f"team {team}: active model {before} -> {after}; the service uses it after "
                  f"POST /v1/admin/reload or a restart")
            return 0
        if min(args.min_positive, args.min_negative) < 1:
            raise InputError("--min-positive and --min-negative must be at least 1")
        result = learn(settings, team, args.min_positive, args.min_negative, args.data, args.corpus, args.seed)
    except Refused as refusal:
        print(str(refusal))
        print(f"tactful learn: refused; the team keeps its current model", file=sys.stderr)
        return REFUSED
    except (TactfulError, OSError) as exc:
        print(f"tactful learn: {exc}", file=sys.stderr)
        return 2
    print(result["report"])
    return 0


def learn(settings: FeedbackSettings, team: str, min_positive: int = MIN_EACH, min_negative: int = MIN_EACH,
          data_dir: Optional[Path] = None, corpus_dir: Optional[Path] = None, seed: int = 0,
          recipe=None) -> dict[str, Any]:
    """Train, compare and (when no worse) activate a new version; raises Refused with the numbers."""
    from tactful.feedback.store import FeedbackStore

    store = FeedbackStore.open(settings)
    try:
        rows = list(store.rows(team))
    finally:
        store.close()
    taught = learnable(rows)
    counts = {POSITIVE: 0, NEGATIVE: 0}
    for _, labels, _ in taught.values():
        counts[kind_of(labels)] += 1
    unused = len(rows) - len(taught)
    summary = (f"team {team}: {len(rows)} reports, {len(taught)} learnable ({counts[POSITIVE]} positive, "
               f"{counts[NEGATIVE]} negative; {unused} not: repeats of one draft, text not stored, "
               f"out_of_step only, or nothing to learn)")
    if counts[POSITIVE] < min_positive or counts[NEGATIVE] < min_negative:
        raise Refused(f"{summary}\nneeds at least {min_positive} positive and {min_negative} negative "
                      f"learnable reports (as sa-learn needs 200 spam and 200 ham) before it retrains")

    from tactful.model.classifier import default_models_dir
    from tactful.model.data import default_corpus_dir, default_data_dir
    from tactful.model.train import train

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    root = settings.models_root
    folder = versions.team_dir(root, team)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one `tactful learn` per team at a time
        current_name = versions.active(root, team) or "packaged"
        current_dir = versions.active_dir(root, team) or default_models_dir()
        name = versions.next_name(root, team)
        candidate = folder / f".{name}.training"
        shutil.rmtree(candidate, ignore_errors=True)
        try:
            examples = _examples(taught)
            recipe = recipe if recipe is not None else _recipe_of(current_dir)
            metrics = train(data_dir, corpus_dir, candidate, seed, recipe, extra=examples)
            numbers = compare(current_dir, candidate, data_dir, corpus_dir, seed, metrics)
            table = format_comparison(current_name, name, numbers)
            worse = [f"{where}: {what}" for where, row in numbers.items() for what in _worse(row)]
            if worse:
                raise Refused(f"{summary}\n{table}\nthe retrained model is worse ({'; '.join(worse)})")
            record = {"version": name, "team": team, "created_at": datetime.now(timezone.utc).isoformat(),
                      "replaced": current_name, "reports": len(rows),
                      "learned_from": counts, "numbers": numbers, "seed": seed,
                      "classifier_version": metrics.get("version")}
            (candidate / versions.LEARN_FILE).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                                                        encoding="utf-8")
            candidate.rename(folder / name)
        finally:
            shutil.rmtree(candidate, ignore_errors=True)
        versions.set_active(root, team, name)
    return {"version": name, "numbers": numbers, "learned_from": counts,
            "report": f"{summary}\n{table}\nteam {team}: learned {name} (was {current_name}); the service uses it "
                      f"after POST /v1/admin/reload or a restart; `tactful learn --rollback` undoes it"}


def compare(current_dir: Path, new_dir: Path, data_dir: Path, corpus_dir: Path, seed: int,
            new_metrics: dict) -> dict[str, dict[str, dict[str, int]]]:
    """Clean flagged and labelled caught by each model alone, on the held-out split and on the corpus."""
    from tactful.model.classifier import Classifier
    from tactful.model.data import load_all, load_corpus
    from tactful.model.evaluate import Labelled, model_only, run_checks, score
    from tactful.model.splits import split
    from tactful.model.train import held_out_metrics

    _, test_set = split(load_all(data_dir, corpus_dir), seed)
    corpus = [Labelled(e.request, e.labels, e.allow, e.origin) for e in load_corpus(corpus_dir)]

    def totals(reports: dict) -> dict[str, int]:
        keep = {name: r for name, r in reports.items() if name != "youtube (no title)"}
        return {key: sum(r[key] for r in keep.values()) for key in ("clean", "clean_flagged", "labelled",
                                                                   "labelled_caught")}

    def on_corpus(models_dir: Path) -> dict[str, int]:
        report = score(corpus, run_checks(corpus, model_only(Classifier.load(models_dir))))
        return {key: report[key] for key in ("clean", "clean_flagged", "labelled", "labelled_caught")}

    return {
        "held-out split": {"current": totals(held_out_metrics(current_dir, test_set)["held_out"]),
                           "new": totals(new_metrics["held_out"])},
        "corpus": {"current": on_corpus(current_dir), "new": on_corpus(new_dir)},
    }


def _worse(row: dict[str, dict[str, int]]) -> list[str]:
    current, new = row["current"], row["new"]
    found = []
    if new["clean_flagged"] > current["clean_flagged"]:
        found.append(f"flags {new['clean_flagged']} genuine messages, the current model {current['clean_flagged']}")
    if new["labelled_caught"] < current["labelled_caught"]:
        found.append(f"catches {new['labelled_caught']}, the current model {current['labelled_caught']}")
    return found


def format_comparison(current: str, new: str, numbers: dict) -> str:
    lines = [f"  {'':<16} {'genuine flagged':>22} {'labelled caught':>22}"]
    for where, row in numbers.items():
        for label, name in (("current", current), ("new", new)):
            n = row[label]
            lines.append(f"  {where if label == 'current' else '':<16} {name:>8} "
                         f"{n['clean_flagged']:>6}/{n['clean']:<7} {n['labelled_caught']:>13}/{n['labelled']:<7}")
    return "\n".join(lines)


def format_list(root: Path, team: str) -> str:
    active = versions.active(root, team)
    lines = [f"team {team}: models in {versions.team_dir(root, team)}",
             f"  {'*' if active is None else ' '} packaged  the model shipped with tactful"]
    for name in versions.names(root, team):
        info = versions.info(root, team, name)
        learned = info.get("learned_from", {})
        held = info.get("numbers", {}).get("held-out split", {}).get("new", {})
        lines.append(f"  {'*' if name == active else ' '} {name}     {info.get('created_at', '')[:19]}  from "
                     f"{learned.get(POSITIVE, 0)} positive + {learned.get(NEGATIVE, 0)} negative reports; held-out "
                     f"genuine flagged {held.get('clean_flagged', '?')}/{held.get('clean', '?')}, caught "
                     f"{held.get('labelled_caught', '?')}/{held.get('labelled', '?')}; replaced "
                     f"{info.get('replaced', '?')}")
    lines.append("  (* active)")
    return "\n".join(lines)


def _examples(taught) -> list:
    from tactful.model.data import Example
    from tactful.request import parse_request

    examples = []
    for digest, (row, labels, allow) in sorted(taught.items(), key=lambda item: item[1][0]["id"]):
        request = dict(row["request"])
        request["id"] = f"feedback-{row['id']}"
        examples.append(Example(parse_request(request), labels, allow, "feedback", f"feedback:{digest[:16]}",
                                f"report {row['id']}"))
    return examples


def _recipe_of(models_dir: Path):
    """The recipe the model being replaced was trained with (tuples restored); the default if unknown."""
    from tactful.model.pipeline import Recipe

    try:
        meta = json.loads((Path(models_dir) / "classifier.json").read_text(encoding="utf-8"))
        saved = meta.get("recipe") or {}
        known = {f.name for f in fields(Recipe)}
        if not saved or set(saved) - known:
            return Recipe()
        return Recipe(**{k: tuple(v) if isinstance(v, list) else v for k, v in saved.items()})
    except (OSError, ValueError, TypeError):
        return Recipe()


if __name__ == "__main__":
    sys.exit(main())
