"""Train the learned signal heads (`state`, `act`) and write `models/signals.npz` + `models/signals.json`.

Training only (scikit-learn). Data:

- `models/signals_corpus/state.jsonl`: messages *they* sent, each with the
  conversation states it shows (`{"text": ..., "states": [...]}`);
- `models/signals_corpus/act.jsonl`: drafts with what they do and the pressure
  tactics they use (`{"draft": ..., "acts": [...], "pressure": [...]}`);
- optionally GoEmotions (`../shared/data/goemotions/train.tsv`, read here and
  never copied), mapped to the mood states it can speak for, when
  `--goemotions` is given and the files are there.

Both corpora were written for this repository by writers who saw neither the
code nor the evaluation sets (see models/MODEL_CARD.md). Per label, one
logistic regression; its threshold is the lowest probability at which the
out-of-fold precision reaches `--precision` (5 folds), so the thresholds are
picked on rows each fold did not train on. The same data and seed reproduce
the files byte for byte.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

STATE_LABELS = ("opt_out", "bad_news", "complaint", "hostile", "decided", "deferred", "question", "praise",
                "good_news")
ACT_LABELS = ("pitch", "cheer", "generic_thanks", "apology_form", "condolence", "chase", "proceeding",
              "correction", "introduction", "specific_answer", "stop_ack", "notice")
PRESSURE_LABELS = ("deadline", "scarcity", "guilt", "loss_framing", "fake_urgency")

# GoEmotions speaks only for mood: which of its emotions stand for which state (others are negatives for
# these three labels and are not used for the rest, which it cannot tell).
GOEMOTIONS_MAP = {
    "complaint": ("annoyance", "disapproval", "disappointment"),
    "hostile": ("anger", "disgust"),
    "praise": ("admiration", "gratitude", "love"),
}

_REPO = Path(__file__).resolve().parents[2]
MIN_POSITIVES = 20


@dataclass(frozen=True)
class SignalRecipe:
    word_ngrams: tuple[int, int] = (1, 2)
    word_min_df: int = 2
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = 2
    char_max_features: int = 60_000
    C: float = 4.0
    folds: int = 3
    precision: float = 0.9
    # The lowest threshold a label may get: below it a reading is too unsure to act on however precise the
    # held-out rows say it is (the writers' rows are not the world's base rates; see the model card).
    threshold_floor: float = 0.5
    goemotions_per_label: int = 0  # rows per mapped emotion group added from GoEmotions (0: none)
    # Real comments GoEmotions rates plain neutral, added as negatives: ordinary talk the writers' corpus
    # lacks, so that "hi, how are you?" is read as nothing in particular (see the model card).
    neutral_negatives: int = 4000
    class_weight: str | None = None
    seed: int = 0


@dataclass
class Corpus:
    texts: list[str]
    labels: list[set[str]]
    groups: np.ndarray  # rows that share a group stay in one fold


def read_jsonl(path: Path) -> Iterable[dict]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})")


def _group(text: str) -> int:
    return int(hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:8], 16)


def state_corpus(corpus_dir: Path, recipe: SignalRecipe, shared: Optional[Path]) -> Corpus:
    texts, labels = [], []
    for row in (row for path in sorted(corpus_dir.glob("state*.jsonl")) for row in read_jsonl(path)):
        texts.append(row["text"])
        labels.append({s for s in row.get("states", []) if s in STATE_LABELS})
    if recipe.goemotions_per_label and shared is not None:
        extra_texts, extra_labels = goemotions_rows(shared / "goemotions", recipe)
        texts += extra_texts
        labels += extra_labels
    return _with_neutral(Corpus(texts, labels, np.array([_group(t) for t in texts])), recipe, shared)


# What a plain Reddit comment may well be or do: its neutral rows are no evidence against these. (Many
# neutral comments are questions - "what's the name of that song?" - and taught the state head that a plain
# question is not one.)
NOT_NEGATIVE_FOR = {
    "act": frozenset({"cheer", "correction", "condolence", "specific_answer", "generic_thanks"}),
    "state": frozenset({"question"}),
}


def _with_neutral(corpus: Corpus, recipe: SignalRecipe, shared: Optional[Path]) -> Corpus:
    if not recipe.neutral_negatives or shared is None or not (shared / "goemotions" / "train.tsv").is_file():
        return corpus
    folder = shared / "goemotions"
    neutral_id = (folder / "labels.txt").read_text(encoding="utf-8").split().index("neutral")
    rows = [line.split("\t")[0] for line in (folder / "train.tsv").read_text(encoding="utf-8").splitlines()
            if line.split("\t")[1] == str(neutral_id)]
    chosen = [rows[i] for i in np.random.default_rng(recipe.seed).permutation(len(rows))[: recipe.neutral_negatives]]
    texts = corpus.texts + chosen
    labels = corpus.labels + [{"_neutral_real"} for _ in chosen]
    return Corpus(texts, labels, np.array([_group(t) for t in texts]))


def act_corpus(corpus_dir: Path, recipe: SignalRecipe, shared: Optional[Path]) -> Corpus:
    texts, labels = [], []
    for row in (row for path in sorted(corpus_dir.glob("act*.jsonl")) for row in read_jsonl(path)):
        texts.append(row["draft"])
        # A row may teach only some labels (`"teaches": ["notice"]`): it is evidence for or against those alone.
        teaches = {f"_teach:{label}" for label in row.get("teaches", [])}
        labels.append({a for a in row.get("acts", []) if a in ACT_LABELS}
                      | {p for p in row.get("pressure", []) if p in PRESSURE_LABELS}
                      | (teaches | {"_teaches"} if teaches else set()))
    return _with_neutral(Corpus(texts, labels, np.array([_group(t) for t in texts])), recipe, shared)


def goemotions_rows(folder: Path, recipe: SignalRecipe) -> tuple[list[str], list[set[str]]]:
    names = (folder / "labels.txt").read_text(encoding="utf-8").split()
    rng = np.random.default_rng(recipe.seed)
    rows = [line.split("\t") for line in (folder / "train.tsv").read_text(encoding="utf-8").splitlines()]
    by_state: dict[str, list[int]] = {state: [] for state in GOEMOTIONS_MAP}
    neutral: list[int] = []
    for index, (text, ids, _) in enumerate(rows):
        emotions = {names[int(i)] for i in ids.split(",")}
        hit = [state for state, wanted in GOEMOTIONS_MAP.items() if emotions & set(wanted)]
        for state in hit:
            by_state[state].append(index)
        if emotions == {"neutral"}:
            neutral.append(index)
    chosen: dict[int, set[str]] = {}
    for state, indexes in by_state.items():
        for index in rng.permutation(indexes)[: recipe.goemotions_per_label]:
            chosen.setdefault(int(index), set()).add(state)
    for index in rng.permutation(neutral)[: recipe.goemotions_per_label]:
        chosen.setdefault(int(index), set())
    # A Reddit comment can hold a question or bad news too; GoEmotions rows only teach the mapped labels,
    # so they are marked and later dropped from the other labels' training rows.
    return ([rows[i][0] for i in chosen], [labels | {"_goemotions"} for labels in chosen.values()])


def build_features(recipe: SignalRecipe):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [
        ("word", TfidfVectorizer(analyzer="word", ngram_range=recipe.word_ngrams, min_df=recipe.word_min_df,
                                 sublinear_tf=True, dtype=np.float64)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=recipe.char_ngrams, min_df=recipe.char_min_df,
                                 max_features=recipe.char_max_features, sublinear_tf=True, dtype=np.float64)),
    ]


def fit_head(name: str, label_names: tuple[str, ...], corpus: Corpus, recipe: SignalRecipe,
             progress=print) -> tuple[dict, dict, dict]:
    """(arrays, head spec, per-label held-out metrics) for one head."""
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from tactful.model import artifacts
    from tactful.model.export import _tfidf_settings
    from tactful.signals.model import model_text

    prepared = [model_text(t) for t in corpus.texts]
    blocks = build_features(recipe)
    X = hstack([vectorizer.fit_transform(prepared) for _, vectorizer in blocks]).tocsr()
    arrays: dict[str, np.ndarray] = {}
    spec_blocks = []
    for block_name, vectorizer in blocks:
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        arrays[f"{name}.{block_name}.vocab"] = artifacts.encode_terms(terms)
        arrays[f"{name}.{block_name}.idf"] = np.asarray(vectorizer.idf_, dtype=np.float64)
        spec_blocks.append({"name": block_name, "settings": _tfidf_settings(vectorizer)})
    folds = list(GroupKFold(n_splits=recipe.folds).split(np.zeros(len(prepared)), groups=corpus.groups))
    coefs, intercepts, thresholds, metrics = [], [], {}, {}
    for label in label_names:
        y = np.array([label in labels for labels in corpus.labels], dtype=np.int64)
        # GoEmotions rows teach only the mood labels they were mapped for.
        usable = np.array([(label in GOEMOTIONS_MAP or "_goemotions" not in labels)
                           and not (label in NOT_NEGATIVE_FOR.get(name, ()) and "_neutral_real" in labels)
                           and ("_teaches" not in labels or f"_teach:{label}" in labels)
                           for labels in corpus.labels])
        rows = np.flatnonzero(usable)
        if y[rows].sum() < MIN_POSITIVES:  # too few examples to learn from: the signal never holds
            coefs.append(np.zeros(X.shape[1]))
            intercepts.append(-30.0)
            thresholds[label] = 1.0
            metrics[label] = {"threshold": 1.0, "precision": 0.0, "recall": 0.0, "support": int(y.sum()),
                              "note": f"fewer than {MIN_POSITIVES} examples: not trained"}
            progress(f"  {name}.{label:<16} n={int(y.sum()):>4}  not trained (fewer than {MIN_POSITIVES} examples)")
            continue
        model = _model(recipe).fit(X[rows], y[rows])
        oof = np.zeros(len(y))
        for train, test in folds:
            train = np.intersect1d(train, rows)
            oof[test] = _model(recipe).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        # Measure on the corpus's own rows (the public rows only pad the negatives).
        own = usable & np.array(["_goemotions" not in labels and "_neutral_real" not in labels
                                 for labels in corpus.labels])
        threshold, held = _pick_threshold(oof[own], y[own], recipe.precision, recipe.threshold_floor)
        coefs.append(model.coef_.ravel())
        intercepts.append(float(model.intercept_[0]))
        thresholds[label] = threshold
        metrics[label] = held
        progress(f"  {name}.{label:<16} n={int(y[own].sum()):>4}  threshold {threshold:.2f}  "
                 f"held-out P {held['precision']:.2f} R {held['recall']:.2f}")
    arrays[f"{name}.coef"] = np.vstack(coefs)
    arrays[f"{name}.intercept"] = np.asarray(intercepts, dtype=np.float64)
    spec = {"name": name, "labels": list(label_names), "blocks": spec_blocks, "thresholds": thresholds}
    return arrays, spec, metrics


def _model(recipe: SignalRecipe):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=recipe.C, class_weight=recipe.class_weight, solver="liblinear", max_iter=5000,
                              random_state=recipe.seed)


def _pick_threshold(probabilities: np.ndarray, truth: np.ndarray, precision: float,
                    floor: float = 0.5) -> tuple[float, dict]:
    """The lowest threshold (from `floor` to 0.95, step 0.05) whose out-of-fold precision reaches the target: a
    signal holds only when the head is sure enough, and precise on rows it did not train on."""
    best = None
    for threshold in np.round(np.arange(floor, 0.951, 0.05), 2):
        predicted = probabilities >= threshold
        tp = int((predicted & (truth == 1)).sum())
        fp = int((predicted & (truth == 0)).sum())
        fn = int((~predicted & (truth == 1)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        row = {"threshold": float(threshold), "precision": round(p, 3), "recall": round(r, 3), "support": int(truth.sum())}
        best = row
        if p >= precision:
            break
    return best["threshold"], best


def train(corpus_dir: Path, out_dir: Path, recipe: SignalRecipe, shared: Optional[Path], progress=print) -> dict:
    from tactful.signals import model as signal_model

    arrays: dict[str, np.ndarray] = {}
    heads, metrics = [], {}
    for name, labels, corpus in (
        ("state", STATE_LABELS, state_corpus(corpus_dir, recipe, shared)),
        ("act", ACT_LABELS + PRESSURE_LABELS, act_corpus(corpus_dir, recipe, shared)),
    ):
        progress(f"{name}: {len(corpus.texts)} rows")
        head_arrays, spec, head_metrics = fit_head(name, labels, corpus, recipe, progress)
        arrays.update(head_arrays)
        heads.append(spec)
        metrics[name] = head_metrics
    files = sorted(corpus_dir.glob("state*.jsonl")) + sorted(corpus_dir.glob("act*.jsonl"))
    data_digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    meta = {"heads": heads, "recipe": asdict(recipe), "version": data_digest[:12],
            "held_out": f"{recipe.folds}-fold out-of-fold predictions on the signal corpus, grouped by normalised text"}
    signal_model.write(out_dir, arrays, meta)
    (out_dir / "signals_metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return metrics


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="tactful train --signals",
                                     description="Train the conversation-state and draft-act signal heads.")
    parser.add_argument("--corpus", type=Path, default=_REPO / "models" / "signals_corpus")
    parser.add_argument("--out", type=Path, default=_REPO / "models")
    parser.add_argument("--data", type=Path, default=_REPO.parent / "shared" / "data",
                        help="public data folder (for --goemotions)")
    parser.add_argument("--goemotions", type=int, default=SignalRecipe.goemotions_per_label, metavar="N",
                        help="add N GoEmotions rows per mapped mood (0: none)")
    parser.add_argument("--precision", type=float, default=SignalRecipe.precision)
    parser.add_argument("--C", type=float, default=SignalRecipe.C)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--neutral", type=int, default=SignalRecipe.neutral_negatives, metavar="N",
                        help="GoEmotions neutral comments added as negatives (0: none)")
    parser.add_argument("--balanced", action="store_true", help="class_weight='balanced' (measured worse: off)")
    parser.add_argument("--folds", type=int, default=SignalRecipe.folds)
    parser.add_argument("--floor", type=float, default=SignalRecipe.threshold_floor,
                        help="lowest threshold a label may get (default %(default)s)")
    args = parser.parse_args(argv)
    for name in ("state", "act"):
        if not list(args.corpus.glob(f"{name}*.jsonl")):
            sys.stderr.write(f"tactful train --signals: no {name}*.jsonl in {args.corpus}\n")
            return 2
    if (args.goemotions or args.neutral) and not (args.data / "goemotions" / "train.tsv").is_file():
        sys.stderr.write(f"tactful train --signals: --goemotions/--neutral need {args.data / 'goemotions'} "
                         "(pass --data DIR, or --neutral 0 to train from the corpus alone)\n")
        return 2
    recipe = SignalRecipe(C=args.C, precision=args.precision, goemotions_per_label=args.goemotions, seed=args.seed,
                          neutral_negatives=args.neutral, class_weight="balanced" if args.balanced else None,
                          folds=args.folds, threshold_floor=args.floor)
    train(args.corpus, args.out, recipe, args.data, progress=lambda line: print(line, flush=True))
    print(f"wrote {args.out / 'signals.npz'} and {args.out / 'signals.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
