"""The scikit-learn recipe: features shared by all categories, one calibrated linear model per category.

Training only; the send path runs the numpy export of what is fitted here
(`export.py`). Only components that `tfidf.py` and `classifier.py`
re-implement exactly may appear: word and char_wb TF-IDF with l2 norm, a
standard scaler on the hand-made features, a linear model (logistic
regression, or a linear SVM), and sigmoid (Platt) calibration fitted on
out-of-fold scores. `export.to_arrays` refuses anything else.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, PredefinedSplit, cross_val_predict
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from tactful.model.features import EMAIL_HAND_FEATURES, GENERAL_HAND_FEATURES, TEXT_COLUMNS


@dataclass(frozen=True)
class Recipe:
    """Every setting that changes the model; chosen by held-out measurement (see MODEL_CARD.md)."""

    word_ngrams: tuple[int, int] = (1, 2)
    word_min_df: int = 2
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = 3
    char_max_features: int = 60_000
    word_max_features: int = 30_000
    char_analyzer: str = "char_wb"
    use_hand_features: bool = True
    hand_features: tuple[str, ...] = GENERAL_HAND_FEATURES
    # The email model reads an email as an email (its own text only, `tactful.nlp.mail`) and trains on
    # the SpamAssassin set beside the others; the general model does neither, as first trained.
    read_email: bool = False
    include_email: bool = False
    # Word n-grams of what they said last. Off: measured on the held-out corpus it raised recall a
    # little but added false positives on clean conversations and politeness requests.
    context_ngrams: tuple[int, int] | None = None
    context_min_df: int = 2
    C: float = 16.0
    class_weight: str | None = "balanced"
    solver: str = "liblinear"  # or "lbfgs"; or "svm" for a linear SVM (hinge loss)
    folds: int = 5
    # Training data: share of dialogue/politeness dialogues kept (they are plentiful and easy),
    # share of YouTube comments that keep the video title as context, weight of corpus examples.
    dialogue_share: float = 0.25
    title_share: float = 0.5
    corpus_weight: float = 1.0
    # Weight of SpamAssassin's hard ham (newsletters and offers people signed up for): the hardest
    # genuine email, and ten times rarer than spam in the training split.
    hard_ham_weight: float = 1.0
    # The email model's second stage (`frame.py`): the category it re-weighs with the email's frame
    # (None: no stage) and its regularisation. Chosen out of fold on the training part (MODEL_CARD.md, round 5).
    second_stage: str | None = None
    second_stage_C: float = 1.0
    seed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


# The email model: for drafts on the `email` channel (see MODEL_CARD.md, "The email model").
EMAIL_RECIPE = Recipe(hand_features=EMAIL_HAND_FEATURES, read_email=True, include_email=True, hard_ham_weight=1.0,
                      second_stage="hard_sell")


def build_features(recipe: Recipe) -> ColumnTransformer:
    """Columns of `features.model_inputs`: the draft, the context (their last words), the hand-made features."""
    draft, context = TEXT_COLUMNS.index("draft"), TEXT_COLUMNS.index("context")
    blocks = [
        ("word", TfidfVectorizer(analyzer="word", ngram_range=recipe.word_ngrams, min_df=recipe.word_min_df,
                                 max_features=recipe.word_max_features, sublinear_tf=True, dtype=np.float64), draft),
        ("char", TfidfVectorizer(analyzer=recipe.char_analyzer, ngram_range=recipe.char_ngrams, min_df=recipe.char_min_df,
                                 max_features=recipe.char_max_features, sublinear_tf=True, dtype=np.float64), draft),
    ]
    if recipe.context_ngrams:
        blocks.append(("context", TfidfVectorizer(analyzer="word", ngram_range=recipe.context_ngrams,
                                                  min_df=recipe.context_min_df, sublinear_tf=True,
                                                  dtype=np.float64), context))
    if recipe.use_hand_features:
        first = len(TEXT_COLUMNS)
        blocks.append(("hand", StandardScaler(), list(range(first, first + len(recipe.hand_features)))))
    return ColumnTransformer(blocks, remainder="drop", sparse_threshold=1.0)


def group_folds(groups: np.ndarray, folds: int) -> PredefinedSplit:
    """Fold number per example, whole groups at a time, so calibration scores come from unseen videos/dialogues."""
    test_fold = np.empty(len(groups), dtype=np.int64)
    for fold, (_, test) in enumerate(GroupKFold(n_splits=folds).split(np.zeros(len(groups)), groups=groups)):
        test_fold[test] = fold
    return PredefinedSplit(test_fold)


def linear_model(recipe: Recipe):
    if recipe.solver == "svm":
        return LinearSVC(C=recipe.C, class_weight=recipe.class_weight, max_iter=20000, random_state=recipe.seed)
    return LogisticRegression(C=recipe.C, class_weight=recipe.class_weight, solver=recipe.solver, max_iter=5000,
                              random_state=recipe.seed)


def fit_category(X, y: np.ndarray, groups: np.ndarray, weights: np.ndarray,
                 recipe: Recipe) -> tuple[CalibratedClassifierCV, np.ndarray]:
    """A calibrated model for one category, and its out-of-fold probabilities (for picking a threshold).

    `ensemble=False` keeps one linear model (fitted on all rows) plus one sigmoid
    fitted on out-of-fold scores: the export stays one weight vector per category.
    """
    folds = group_folds(groups, recipe.folds)
    model = CalibratedClassifierCV(linear_model(recipe), method="sigmoid", cv=folds, ensemble=False)
    model.fit(X, y, sample_weight=weights)
    # The same folds and the same deterministic solver give the same out-of-fold scores the calibrator saw.
    scores = cross_val_predict(linear_model(recipe), X, y, cv=folds, method="decision_function",
                               params={"sample_weight": weights})
    calibrator = model.calibrated_classifiers_[0].calibrators[0]
    oof = 1.0 / (1.0 + np.exp(calibrator.a_ * scores + calibrator.b_))
    return model, oof


def fit_second_stage(inputs: np.ndarray, y: np.ndarray, recipe: Recipe) -> tuple[StandardScaler, LogisticRegression]:
    """The second stage (`frame.py`): scaled [first model's out-of-fold logit, frame] -> one logistic regression."""
    scaler = StandardScaler().fit(inputs)
    model = LogisticRegression(C=recipe.second_stage_C, max_iter=5000).fit(scaler.transform(inputs), y)
    return scaler, model
