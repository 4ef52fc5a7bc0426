"""The whole engine on the training part of the SpamAssassin data, with the email model's out-of-fold probabilities.

    python eval/email_oof.py [--cache DIR] [--refresh] [--stack] [-v]

Issue 15 asks for changes chosen by cross-validation on the training part, never on the held-out 30%.
This is that measurement, so a session does not rebuild it:

1. The email model's features and categories are fitted as `tactful train` fits them (same rows, grouped
   folds and calibration: `train.training_rows`, `pipeline.fit_category`), and each category's
   out-of-fold probability is kept for every training row that is read as an email (the SpamAssassin
   part and the corpus's email drafts). A row a category never trains on (spam is `allow`ed boilerplate)
   gets the fitted model's probability, which is out of sample for it. This takes minutes, so it is
   cached outside the repository (`--cache`, default /tmp/tactful-email-oof; `--refresh` recomputes;
   the cache is keyed on the recipe and the data files' sizes).
2. The whole engine (rules, signals, classifier bands) checks those rows with the out-of-fold
   probabilities in place of the shipped model's, and prints how many are flagged per SpamAssassin folder
   (genuine flagged for ham, caught for spam) and for the corpus's email drafts. `-v` lists the flagged
   hard ham with the rules that fired (training data only: the held-out files are not read here).
3. `--stack`: the email model's second stage (`tactful/model/frame.py`, MODEL_CARD.md "Round 5"), fitted as
   `tactful train` fits it, in grouped 5-fold cross-validation over these rows, then the whole engine with
   its out-of-fold hard_sell; on framed emails only (as shipped) and on every email (not shipped). The
   first line is the email model alone: these probabilities replace the whole classifier, stage included.

Public data is read in place; nothing is written into the repository.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from tactful.engine import Engine
from tactful.model.data import default_corpus_dir, default_data_dir, email_folder, load_all
from tactful.model.splits import split
from tactful.nlp.mail import looks_like_email
from tactful.request import CheckRequest

FOLDERS = ("easy_ham", "easy_ham_2", "hard_ham", "spam", "spam_2")


def out_of_fold(cache: Path, refresh: bool) -> dict:
    """origin -> {probs, folder, labels, allow, group, request} for every training row read as an email."""
    from tactful.model.pipeline import EMAIL_RECIPE, build_features, fit_category
    from tactful.model.features import model_inputs
    from tactful.model.train import MODELLED_CATEGORIES, example_weight, training_rows

    data, corpus = default_data_dir(), default_corpus_dir()
    recipe = replace(EMAIL_RECIPE, seed=0)
    sizes = sorted((str(p.relative_to(d)), p.stat().st_size) for d in (data, corpus) for p in d.rglob("*") if p.is_file())
    key = hashlib.sha256(json.dumps([recipe.as_dict(), sizes], sort_keys=True).encode()).hexdigest()[:16]
    path = cache / f"email-oof-{key}.json"
    if path.is_file() and not refresh:
        return json.loads(path.read_text(encoding="utf-8"))
    train_set, _ = split(load_all(data, corpus), 0)
    rows = training_rows(train_set, recipe, 0)
    inputs = model_inputs([request for _, request in rows], recipe.hand_features, recipe.read_email)
    X = build_features(recipe).fit(inputs).transform(inputs)
    groups = np.array([e.group for e, _ in rows])
    probs: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for category in MODELLED_CATEGORIES:
        usable = np.array([category not in e.allow for e, _ in rows])
        y = np.array([category in e.labels for e, _ in rows])[usable]
        kept = [e for (e, _), keep in zip(rows, usable) if keep]
        weights = np.array([example_weight(e, recipe) for e in kept])
        model, oof = fit_category(X[usable], y, groups[usable], weights, recipe)
        for example, p in zip(kept, oof):
            probs[example.origin][category] = float(p)
        if (~usable).any():  # never trained on these rows: the fitted model's reading is out of sample
            for (example, _), p in zip([r for r, keep in zip(rows, usable) if not keep],
                                       model.predict_proba(X[~usable])[:, 1]):
                probs[example.origin][category] = float(p)
        print(f"out of fold: {category} done", file=sys.stderr)
    result = {e.origin: {"probs": probs[e.origin], "labels": sorted(e.labels), "allow": sorted(e.allow),
                         "folder": email_folder(e) if e.source == "email" else e.source, "group": e.group,
                         "request": r.model_dump(mode="json", by_alias=True, exclude_none=True)}
              for e, r in rows if looks_like_email(r.draft, r.channel)}
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result), encoding="utf-8")
    return result


def run_engine(rows: dict, probs: dict, verbose: bool = False) -> dict[str, list[int]]:
    """Flagged per folder ([flagged, total]) with `probs` (origin -> {category: p}) in place of the model's."""
    engine = Engine.load(use_model=True)
    keys = sorted(rows)
    requests = [CheckRequest.model_validate(rows[k]["request"]) for k in keys]
    given = {(r.id, r.draft): probs[k] for k, r in zip(keys, requests)}

    class Given:  # what Engine.check_many reads from a scored batch
        def __init__(self, batch):
            self.probabilities = [dict(given[(r.id, r.draft)]) for r in batch]

        def explain(self, index, category, k=5):
            return []

    engine.classifier.score = Given
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for key, response in zip(keys, engine.check_many(requests)):
        row = rows[key]
        flags = set(response.get("flags") or []) - (set() if row["labels"] else set(row["allow"]))
        name = row["folder"] if row["folder"] in FOLDERS else f"{row['folder']}:{'+'.join(row['labels']) or 'clean'}"
        counts[name][0] += bool(flags)
        counts[name][1] += 1
        if verbose and flags and row["folder"] == "hard_ham":
            rules = sorted({w["rule"] for w in response["warnings"]})
            print(f"  hard_ham p={probs[key].get('hard_sell', 0):.3f} {rules} {row['request']['draft'][:70]!r}")
    return counts


def stacked(rows: dict, framed_only: bool = True) -> dict[str, float]:
    """Out-of-fold hard_sell of the second stage (`tactful/model/frame.py`), fitted as `tactful train` fits it
    (`pipeline.fit_second_stage`) in grouped 5-fold cross-validation over these rows (nested: the email
    model's probabilities are already out of fold). `framed_only=False` is the design not shipped: every
    email, framed or not, goes through the stage."""
    from sklearn.model_selection import GroupKFold

    from tactful.model.frame import FRAME_FEATURES, frame_row, stage_inputs
    from tactful.model.pipeline import EMAIL_RECIPE, fit_second_stage

    keys = sorted(rows)
    probability = {k: rows[k]["probs"]["hard_sell"] for k in keys}
    frames = {k: frame_row(CheckRequest.model_validate(rows[k]["request"]), framed_only) for k in keys}
    keys = [k for k in keys if frames[k] is not None]
    X = np.array([stage_inputs(probability[k], frames[k]) for k in keys]).reshape(len(keys), 1 + len(FRAME_FEATURES))
    y = np.array(["hard_sell" in rows[k]["labels"] for k in keys])
    out = dict(probability)
    for train, test in GroupKFold(5).split(X, y, [rows[k]["group"] for k in keys]):
        scaler, model = fit_second_stage(X[train], y[train], EMAIL_RECIPE)
        for k, p in zip([keys[i] for i in test], model.predict_proba(scaler.transform(X[test]))[:, 1]):
            out[k] = float(p)
    return out


def show(name: str, counts: dict[str, list[int]]) -> None:
    spam = [sum(counts[f][i] for f in ("spam", "spam_2")) for i in (0, 1)]
    corpus = {k: v for k, v in counts.items() if k not in FOLDERS}
    print(f"{name:<34} " + "  ".join(f"{f} {counts[f][0]}/{counts[f][1]}" for f in FOLDERS)
          + f"  (spam {spam[0]}/{spam[1]})  corpus: " + ", ".join(f"{k[7:]} {a}/{b}" for k, (a, b) in sorted(corpus.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/tactful-email-oof"))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--stack", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rows = out_of_fold(args.cache, args.refresh)
    base = {k: row["probs"] for k, row in rows.items()}
    show("email model, out of fold", run_engine(rows, base, args.verbose))
    if args.stack:
        for framed_only, name in ((True, "second stage, framed emails (shipped)"), (False, "second stage, every email")):
            second = stacked(rows, framed_only)
            show(name, run_engine(rows, {k: {**p, "hard_sell": second[k]} for k, p in base.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
