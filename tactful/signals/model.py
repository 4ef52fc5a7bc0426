"""The learned signal heads on the send path: numpy only, from `models/signals.npz` + `models/signals.json`.

Two heads, each a one-vs-rest logistic regression over word and character
n-gram TF-IDF (`tactful.model.tfidf` reproduces scikit-learn's arithmetic):

- `state` reads a message *they* sent and gives a probability per
  conversation state (opt_out, bad_news, complaint, hostile, decided,
  deferred, question, praise, good_news);
- `act` reads the draft and gives a probability per act (pitch, cheer,
  generic_thanks, apology_form, condolence, chase, proceeding, correction,
  introduction, specific_answer, stop_ack) and per pressure tactic (deadline,
  scarcity, guilt, loss_framing, fake_urgency).

Each label carries the threshold picked at training time on held-out rows
(the lowest probability at which precision stays high; see
`tactful/model/signals_train.py` and the model card). Training writes the
files; this module only reads them, with `allow_pickle=False` and a digest
check over arrays and metadata alike.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from tactful.errors import ModelError
from tactful.model import artifacts
from tactful.model.tfidf import TfidfBlock

ARRAYS_FILE = "signals.npz"
META_FILE = "signals.json"
FORMAT = 1
# Longer texts are cut: a state is said in the first paragraphs, and n-gram work must stay bounded.
MAX_CHARS = 2000
# The heads that read their messages keep this many read (at most MAX_CHARS each): a thread's history comes
# back with every draft, and a batch repeats it, so each distinct message is read once.
REMEMBERING_HEADS = ("state",)
REMEMBERED_TEXTS = 2048

_URL = re.compile(r"(?:https?://|www\.)\S{1,300}|\b[a-z0-9-]{2,63}\.(?:com|io|co|net|org|app|example|shop|store|ly)(?:/\S{0,300})?\b",
                  re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
_DIGITS = re.compile(r"\d")


def model_text(text: str) -> str:
    """The text as the heads read it: links and addresses as one token each, digits folded to 0."""
    text = text[:MAX_CHARS]
    text = _EMAIL.sub(" _email_ ", text)
    text = _URL.sub(" _link_ ", text)
    return _DIGITS.sub("0", text)


@dataclass
class Head:
    name: str
    labels: tuple[str, ...]
    blocks: list[TfidfBlock]
    coef: np.ndarray  # labels x features
    intercept: np.ndarray
    thresholds: dict[str, float]

    def __post_init__(self) -> None:
        self._offsets = np.cumsum([0] + [block.size for block in self.blocks])
        # features x labels: a text's few non-zero features gather whole contiguous rows (labels x features
        # gathered column by column was a third of a prediction).
        self._coef_by_feature = np.ascontiguousarray(self.coef.T)
        # Texts already read, {text: probabilities}, for heads that read the same texts request after request
        # (their messages come back with every draft of the thread). Bounded: emptied when full.
        self.remembers = False
        self._remembered: dict[str, np.ndarray] = {}

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, one row per text, one column per label."""
        if not self.remembers:
            return self._predict(texts)
        keys = [text[:MAX_CHARS] for text in texts]  # all a head reads of a text
        remembered = self._remembered
        todo = list(dict.fromkeys(key for key in keys if key not in remembered))
        fresh = dict(zip(todo, self._predict(todo))) if todo else {}
        out = np.array([fresh[key] if key in fresh else remembered[key] for key in keys])
        for key, row in fresh.items():
            if len(remembered) >= REMEMBERED_TEXTS:
                remembered.clear()
            remembered[key] = row.copy()  # not a view that keeps the whole batch alive
        return out.reshape(len(texts), len(self.labels))

    def _predict(self, texts: Sequence[str]) -> np.ndarray:
        prepared = [model_text(t) for t in texts]
        scores = np.tile(self.intercept, (len(prepared), 1))
        for block, offset in zip(self.blocks, self._offsets):
            rows = block.transform(prepared)
            contributions = self._coef_by_feature[offset + rows.cols] * rows.values[:, None]  # non-zeros x labels
            bounds = np.searchsorted(rows.rows, np.arange(len(prepared) + 1))  # rows come out in order
            for row in range(len(prepared)):
                start, end = bounds[row], bounds[row + 1]
                if end > start:
                    # A running sum adds in feature order from 0, as np.bincount did: bit-for-bit the same scores.
                    scores[row] += np.cumsum(contributions[start:end], axis=0)[-1]
        return 1.0 / (1.0 + np.exp(-scores))

    def drivers(self, text: str, label: str, k: int = 3) -> list[str]:
        """The words that pushed `label` up most in `text` (word n-gram block only: readable evidence)."""
        column = self.labels.index(label)
        prepared = model_text(text)
        pushes: list[tuple[float, str]] = []
        for block, offset in zip(self.blocks, self._offsets):
            if block.analyzer != "word":
                continue
            rows = block.transform([prepared])
            for col, value in zip(rows.cols, rows.values):
                push = float(value * self.coef[column, offset + col])
                if push > 0:
                    pushes.append((push, block.term(int(col))))
        pushes.sort(reverse=True)
        return [term for _, term in pushes[:k]]


class SignalModel:
    def __init__(self, heads: dict[str, Head], meta: dict):
        self.heads = heads
        self.meta = meta
        for name in REMEMBERING_HEADS:
            if name in heads:
                heads[name].remembers = True
        self.version = meta.get("version", "")

    def head(self, name: str) -> Head:
        return self.heads[name]

    @classmethod
    def load(cls, models_dir: Path) -> "SignalModel":
        missing = [n for n in (ARRAYS_FILE, META_FILE) if not (models_dir / n).is_file()]
        if missing:
            raise ModelError(f"{models_dir}: no signal model ({', '.join(missing)} missing); "
                             "run `tactful train --signals`")
        try:
            arrays, meta = read(models_dir)
            heads = {spec["name"]: _head(spec, arrays) for spec in meta["heads"]}
        except Exception as exc:  # any decoding or shape problem means the files are unusable
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"{models_dir / ARRAYS_FILE}: the signal model files are corrupt or inconsistent "
                             f"({reason})") from None
        return cls(heads, meta)


def _head(spec: dict, arrays: dict[str, np.ndarray]) -> Head:
    name = spec["name"]
    blocks = [
        TfidfBlock.from_settings(block["name"], "text", block["settings"],
                                 artifacts.decode_terms(arrays[f"{name}.{block['name']}.vocab"]),
                                 arrays[f"{name}.{block['name']}.idf"].astype(np.float64))
        for block in spec["blocks"]
    ]
    labels = tuple(spec["labels"])
    coef, intercept = arrays[f"{name}.coef"], arrays[f"{name}.intercept"]
    width = sum(block.size for block in blocks)
    if coef.shape != (len(labels), width) or intercept.shape != (len(labels),):
        raise ValueError(f"head {name}: weights have shape {coef.shape}, expected {(len(labels), width)}")
    thresholds = {label: float(spec["thresholds"][label]) for label in labels}
    return Head(name, labels, blocks, coef, intercept, thresholds)


def digest(arrays: dict[str, np.ndarray], meta: dict) -> str:
    """One digest over the arrays and every metadata field, so neither file can change alone."""
    body = json.dumps({k: v for k, v in meta.items() if k != "digest"}, sort_keys=True).encode("utf-8")
    return hashlib.sha256(artifacts.digest(arrays).encode("ascii") + b"|" + body).hexdigest()


def write(models_dir: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    meta = {**meta, "format": FORMAT}
    meta["digest"] = digest(arrays, meta)
    artifacts.write_npz(models_dir / ARRAYS_FILE, arrays)
    (models_dir / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read(models_dir: Path) -> tuple[dict[str, np.ndarray], dict]:
    meta = json.loads((models_dir / META_FILE).read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")
    with np.load(models_dir / ARRAYS_FILE, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    if digest(arrays, meta) != meta.get("digest"):
        raise ValueError(f"{ARRAYS_FILE} does not match {META_FILE} (digest differs)")
    return arrays, meta


def default_dir() -> Path:
    """The installed data package `tactful.models`, else `<repo>/models` in a source checkout."""
    from tactful.model.classifier import default_models_dir

    return default_models_dir()


@lru_cache(maxsize=4)
def load_signal_model(models_dir: Optional[str] = None) -> SignalModel:
    """The shipped signal model (cached per directory)."""
    return SignalModel.load(Path(models_dir) if models_dir else default_dir())
