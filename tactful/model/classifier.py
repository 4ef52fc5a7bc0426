"""The classifier on the send path: one calibrated probability per category, with numpy only.

It computes what the trained scikit-learn pipeline computes (TF-IDF blocks,
scaled hand-made features, a linear score, a sigmoid calibration) from the
exported arrays, so checking a draft never imports scikit-learn or scipy.
`tests/test_model.py` holds it to the pipeline within 1e-6.
"""
from __future__ import annotations

import importlib.resources
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from tactful.errors import ModelError
from tactful.nlp.mail import looks_like_email, word_count
from tactful.model import artifacts
from tactful.model.features import ALL_HAND_FEATURES, HAND_FEATURE_LABELS, hand_features, own_text, text_columns
from tactful.model.frame import FRAME_FEATURES, SecondStage
from tactful.model.tfidf import TfidfBlock
from tactful.request import CheckRequest

_REPO_MODELS = Path(__file__).resolve().parents[2] / "models"
# The email model lives in this subfolder of the models folder; when present, drafts on the
# `email` channel are scored by it and every other draft by the general model.
EMAIL_SUBDIR = "email"
# An email with at most this many words of its own is short outreach, which the general model knows
# best: when the email model leans towards a category (at least `EMAIL_LEANING`), the general model's
# reading of the author's own text may raise it. Measured: the email model alone lost 8 short pushy
# emails of the blind sets and corpus (its probability 0.42-0.74 where the general model said 0.75+);
# the general model alone flagged 16% of short genuine list mail, where the email model said < 0.04.
SHORT_EMAIL_WORDS = 80
EMAIL_LEANING = 0.4


def default_models_dir() -> Path:
    """The installed data package `tactful.models`, else `<repo>/models` in a source checkout."""
    packaged = None
    try:
        packaged = Path(str(importlib.resources.files("tactful.models")))
        if (packaged / artifacts.ARRAYS_FILE).is_file():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    if (_REPO_MODELS / artifacts.ARRAYS_FILE).is_file() or packaged is None:
        return _REPO_MODELS
    return packaged  # neither has the files: name the installed package's folder in the error


class Classifier:
    def __init__(self, blocks: list[TfidfBlock], hand_mean: Optional[np.ndarray], hand_scale: Optional[np.ndarray],
                 coef: np.ndarray, intercept: np.ndarray, calibration: np.ndarray, meta: dict):
        self.blocks = blocks
        self.hand_mean = hand_mean
        self.hand_scale = hand_scale
        self.coef = coef
        self.intercept = intercept
        self.calibration = calibration
        self.meta = meta
        self.categories: tuple[str, ...] = tuple(meta["categories"])
        self.version: str = meta["version"]
        # Probability at or above which the model alone should flag a category (picked in training
        # so that at most ~1% of genuine messages reach it).
        self.thresholds: dict[str, float] = {c: float(meta["thresholds"][c]) for c in self.categories}
        self._offsets = np.cumsum([0] + [block.size for block in blocks])
        self.hand_names: tuple[str, ...] = tuple(meta.get("hand_features") or ())
        self.reads_email: bool = bool(meta.get("reads_email", False))
        self._email: Optional["Classifier"] = None  # the email model, scoring `email`-channel drafts
        # The email model's second stage (`frame.py`): its hard_sell weighed with the email's frame.
        self.stage: Optional[SecondStage] = None
        self._email_dir: Optional[Path] = None  # where it is, loaded on the first email draft

    # ---- loading ----------------------------------------------------------------------
    @classmethod
    def load(cls, models_dir: Optional[Path] = None) -> "Classifier":
        models_dir = Path(models_dir) if models_dir is not None else default_models_dir()
        missing = [n for n in (artifacts.ARRAYS_FILE, artifacts.META_FILE) if not (models_dir / n).is_file()]
        if missing:
            raise ModelError(f"{models_dir}: no classifier ({', '.join(missing)} missing); "
                             "run `tactful train` or use --no-model")
        try:
            arrays, meta = artifacts.read(models_dir)
            classifier = cls._from_arrays(arrays, meta)
        except ModelError:
            raise
        except Exception as exc:  # any decoding/shape problem means the files are unusable
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"{models_dir}: the classifier files are corrupt or inconsistent ({reason})") from None
        email_dir = models_dir / EMAIL_SUBDIR
        if (email_dir / artifacts.ARRAYS_FILE).is_file():
            classifier._email_dir = email_dir
        return classifier

    @property
    def email(self) -> Optional["Classifier"]:
        """The email model, or None without one. Loaded on first use, so a process that never checks an
        email pays nothing for it (loading takes about as long as the general model's)."""
        if self._email is None and self._email_dir is not None:
            email = type(self).load(self._email_dir)
            if email.categories != self.categories:
                raise ModelError(f"{self._email_dir}: the email model has other categories than the general one; "
                                 "retrain")
            self._email = email
        return self._email

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict) -> "Classifier":
        blocks = [
            TfidfBlock.from_settings(spec["name"], spec["column"], spec["settings"],
                                     artifacts.decode_terms(arrays[f"{spec['name']}.vocab"]),
                                     arrays[f"{spec['name']}.idf"].astype(np.float64))
            for spec in meta["blocks"]
        ]
        hand = list(meta.get("hand_features") or [])
        if any(name not in ALL_HAND_FEATURES for name in hand):
            raise ModelError("the classifier was trained with other hand-made features; retrain it")
        hand_mean = arrays["hand.mean"] if hand else None
        hand_scale = arrays["hand.scale"] if hand else None
        coef, intercept, calibration = arrays["coef"], arrays["intercept"], arrays["calibration"]
        n_features = sum(block.size for block in blocks) + len(hand)
        n_categories = len(meta["categories"])
        if coef.shape != (n_categories, n_features) or intercept.shape != (n_categories,) \
                or calibration.shape != (n_categories, 2):
            raise ValueError(f"weights have shape {coef.shape}, expected {(n_categories, n_features)}")
        classifier = cls(blocks, hand_mean, hand_scale, coef, intercept, calibration, meta)
        if meta.get("second_stage"):
            spec = meta["second_stage"]
            if spec["category"] not in classifier.categories or tuple(spec["features"]) != FRAME_FEATURES:
                raise ModelError("the classifier's second stage was trained on other features; retrain it")
            classifier.stage = SecondStage(spec["category"], arrays["stage.mean"], arrays["stage.scale"],
                                           arrays["stage.coef"], float(arrays["stage.intercept"][0]))
        return classifier

    # ---- scoring ------------------------------------------------------------------------
    def predict(self, requests: Sequence[CheckRequest]) -> list[dict[str, float]]:
        """One {category: probability} per request; the whole batch is scored with one set of array operations."""
        return self.score(requests).probabilities if requests else []

    def score(self, requests: Sequence[CheckRequest]) -> "ScoredBatch":
        """Probabilities for a batch, keeping the features so a flagged draft can be explained without recomputing them.
        With an email model, emails (the `email` channel, or a draft that opens with a "Subject:" line)
        are scored by it, the rest by this one."""
        if self._email_dir is not None:
            routed = [i for i, request in enumerate(requests) if looks_like_email(request.draft, request.channel)]
            if routed and self.email is not None:
                return RoutedBatch(self, requests, routed)
        return self._score(requests)

    def _score(self, requests: Sequence[CheckRequest]) -> "ScoredBatch":
        texts = text_columns(requests, self.reads_email)
        scores = np.tile(self.intercept, (len(requests), 1))
        features = []
        for block, offset in zip(self.blocks, self._offsets):
            rows = block.transform(texts[block.column])
            features.append(rows)
            weights = self.coef[:, offset + rows.cols]  # categories x non-zeros
            for k in range(len(self.categories)):
                scores[:, k] += np.bincount(rows.rows, weights=rows.values * weights[k], minlength=len(requests))
        hand = self._scaled_hand(requests) if self.hand_mean is not None and len(requests) else None
        if hand is not None:
            scores += hand @ self.coef[:, self._offsets[-1]:].T
        probabilities = [dict(zip(self.categories, map(float, row))) for row in self._probabilities(scores)]
        if self.stage is not None:
            self.stage.apply(requests, probabilities)
        return ScoredBatch(self, texts, features, hand, probabilities)

    def _scaled_hand(self, requests: Sequence[CheckRequest]) -> np.ndarray:
        return (hand_features(requests, self.hand_names, self.reads_email) - self.hand_mean) / self.hand_scale

    def _probabilities(self, scores: np.ndarray) -> np.ndarray:
        # scikit-learn's sigmoid calibration: p = 1 / (1 + exp(a * score + b))
        a, b = self.calibration[:, 0], self.calibration[:, 1]
        return 1.0 / (1.0 + np.exp(a * scores + b))

    # ---- explaining -----------------------------------------------------------------------
    def explain(self, request: CheckRequest, category: str, k: int = 5) -> list[str]:
        """The words (and hand-made features) that pushed this category's probability up most, strongest first."""
        return self.score([request]).explain(0, category, k)


class ScoredBatch:
    """A scored batch: its probabilities, and what each draft's explanation needs (its TF-IDF rows, hand features)."""

    def __init__(self, classifier: Classifier, texts: dict, features: list, hand: Optional[np.ndarray],
                 probabilities: list[dict[str, float]]):
        self.classifier = classifier
        self.texts = texts
        self.features = features
        self.hand = hand
        self.probabilities = probabilities

    def explain(self, index: int, category: str, k: int = 5) -> list[str]:
        """The words (and hand-made features) that pushed draft `index`'s probability for `category` up most."""
        clf = self.classifier
        if category not in clf.categories:
            return []
        row = clf.categories.index(category)
        pushes: dict[str, float] = defaultdict(float)
        for block, offset, rows in zip(clf.blocks, clf._offsets, self.features):
            text = self.texts[block.column][index]
            start, end = np.searchsorted(rows.rows, [index, index + 1])  # rows come out in order
            cols = rows.cols[start:end]
            contributions = rows.values[start:end] * clf.coef[row, offset + cols]
            if block.column == "context":
                # Their words explain the draft's score only as context: quote them as such.
                for term, value in zip((block.term(int(c)) for c in cols), contributions):
                    pushes[f"they said '{term}'"] += value
            elif block.analyzer == "word":
                for term, value in zip((block.term(int(c)) for c in cols), contributions):
                    pushes[term] += value
            else:
                # Character n-grams mean nothing to a reader: credit each to the words it occurs in.
                for word, value in _credit_to_words(text, block, cols, contributions).items():
                    pushes[word] += value
        if self.hand is not None:
            scaled = self.hand[index]
            for name, position, value in zip(clf.hand_names, scaled, scaled * clf.coef[row, clf._offsets[-1]:]):
                # Name a feature only when the draft has more of it than usual ("links", not "no links"):
                # "driven by: no exclamation marks" would read as nonsense.
                if position > 0:
                    pushes[HAND_FEATURE_LABELS[name]] += value
        ranked = sorted((value, term) for term, value in pushes.items() if value > 0 and term.strip())
        return [term for _, term in reversed(ranked[-k:])] if k > 0 else []


class RoutedBatch:
    """A batch scored by two models: `email`-channel drafts by the email model, the others by the general one.
    A short email (at most `SHORT_EMAIL_WORDS` words of its own) is also read by the general model, which
    learned short outreach: where the email model leans (`EMAIL_LEANING`), the higher probability counts.
    Reads like a `ScoredBatch` (probabilities in input order, `explain(index, category)`)."""

    def __init__(self, general: Classifier, requests: Sequence[CheckRequest], routed: list[int]):
        routed_set = set(routed)
        rest = [i for i in range(len(requests)) if i not in routed_set]
        self._where: dict[int, tuple[ScoredBatch, int]] = {}
        self._also: dict[int, tuple[ScoredBatch, int]] = {}
        for model, indexes in ((general.email, routed), (general, rest)):
            if not indexes:
                continue
            batch = model._score([requests[i] for i in indexes])
            for position, index in enumerate(indexes):
                self._where[index] = (batch, position)
        own = {i: own_text(requests[i]) for i in routed}
        short = [i for i in routed if word_count(own[i]) <= SHORT_EMAIL_WORDS]
        if short:
            batch = general._score([requests[i].model_copy(update={"draft": own[i] or " "}) for i in short])
            for position, index in enumerate(short):
                self._also[index] = (batch, position)
        self.probabilities = [self._merged(i) for i in range(len(requests))]

    def _merged(self, index: int) -> dict[str, float]:
        batch, position = self._where[index]
        probabilities = dict(batch.probabilities[position])
        if index in self._also:
            other, at = self._also[index]
            for category, value in other.probabilities[at].items():
                if probabilities.get(category, 0.0) >= EMAIL_LEANING:  # it may confirm, never start, a lean
                    probabilities[category] = max(probabilities[category], value)
        return probabilities

    def explain(self, index: int, category: str, k: int = 5) -> list[str]:
        batch, position = self._where[index]
        if index in self._also:
            other, at = self._also[index]
            if self.probabilities[index].get(category) != batch.probabilities[position].get(category):
                batch, position = other, at  # the general model's reading is the one that counted
        return batch.explain(position, category, k)


_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def _credit_to_words(text: str, block: TfidfBlock, cols: np.ndarray, contributions: np.ndarray) -> dict[str, float]:
    """Split each n-gram's contribution evenly over the words of `text` whose own n-grams include it."""
    # Each distinct word is analysed once; a word written k times holds k shares of its n-grams. The n-grams
    # are the vocabulary's (column numbers), from the block's per-word cache where it has one.
    holders: dict[int, dict[str, int]] = defaultdict(dict)
    for word, count in Counter(text.split()).items():
        for column in block.word_columns(word):
            holders[column][word] = count
    by_word: dict[str, float] = defaultdict(float)
    for column, value in zip(cols.tolist(), contributions):
        words = holders.get(column)
        if not words:
            continue
        total = sum(words.values())
        for word, count in words.items():
            by_word[word] += value * count / total
    credit: dict[str, float] = defaultdict(float)
    for word, value in by_word.items():  # one display form per word, not per n-gram
        credit[_display(word.lower())] += value
    return credit


_LINK = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)[/?#]", re.IGNORECASE)


def _display(word: str) -> str:
    """A word as a reader would quote it: no edge punctuation, a long link shortened to its host."""
    link = _LINK.match(word + "/")
    if link and ("/" in word or "." in word) and len(word) > 12:
        return link.group(1)
    return _EDGE_PUNCTUATION.sub("", word) or word
