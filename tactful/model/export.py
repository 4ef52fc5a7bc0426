"""Turn the fitted scikit-learn objects into the numpy form (`artifacts.py`) and the skops file.

Training only. Everything the runtime needs is copied out explicitly
(vocabulary in column order, idf, scaler statistics, weights, calibration),
and any setting the numpy runtime does not re-implement is refused here.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import StandardScaler

from tactful.model import artifacts
from tactful.model.features import HAND_FEATURES, TEXT_COLUMNS

SKOPS_FILE = "classifier.skops"


def to_arrays(features: ColumnTransformer, models: dict[str, CalibratedClassifierCV],
              hand_names: tuple[str, ...] = HAND_FEATURES, read_email: bool = False) -> tuple[dict, dict]:
    """(arrays, metadata) for `artifacts.write`; categories keep the order of `models`."""
    arrays: dict[str, np.ndarray] = {}
    blocks, hand = [], []
    for name, transformer, columns in features.transformers_:
        if name == "remainder":
            continue
        if isinstance(transformer, TfidfVectorizer):
            if not isinstance(columns, int) or not 0 <= columns < len(TEXT_COLUMNS):
                raise ValueError(f"block {name}: TF-IDF must read one text column")
            blocks.append({"name": name, "column": TEXT_COLUMNS[columns], "settings": _tfidf_settings(transformer)})
            terms = sorted(transformer.vocabulary_, key=transformer.vocabulary_.__getitem__)
            arrays[f"{name}.vocab"] = artifacts.encode_terms(terms)
            arrays[f"{name}.idf"] = np.asarray(transformer.idf_, dtype=np.float64)
        elif isinstance(transformer, StandardScaler) and name == "hand":
            first = len(TEXT_COLUMNS)
            if list(columns) != list(range(first, first + len(hand_names))) or blocks == []:
                raise ValueError("the hand-made features must come last, after the TF-IDF blocks")
            hand = list(hand_names)
            arrays["hand.mean"] = np.asarray(transformer.mean_, dtype=np.float64)
            arrays["hand.scale"] = np.asarray(transformer.scale_, dtype=np.float64)
        else:
            raise ValueError(f"block {name}: {type(transformer).__name__} has no numpy runtime")
    coef, intercept, calibration = [], [], []
    for category, model in models.items():
        if len(model.calibrated_classifiers_) != 1 or model.method != "sigmoid":
            raise ValueError(f"{category}: export needs ensemble=False and sigmoid calibration")
        fitted = model.calibrated_classifiers_[0]
        calibrator = fitted.calibrators[0]
        coef.append(np.asarray(fitted.estimator.coef_, dtype=np.float64).ravel())
        intercept.append(float(np.ravel(fitted.estimator.intercept_)[0]))
        calibration.append((float(calibrator.a_), float(calibrator.b_)))
    arrays["coef"] = np.vstack(coef)
    arrays["intercept"] = np.asarray(intercept, dtype=np.float64)
    arrays["calibration"] = np.asarray(calibration, dtype=np.float64)
    meta = {"blocks": blocks, "hand_features": hand, "categories": list(models)}
    if read_email:  # absent (false) in the general model's metadata, as it always was
        meta["reads_email"] = True
    return arrays, meta


def _tfidf_settings(vectorizer: TfidfVectorizer) -> dict:
    params = vectorizer.get_params()
    if params["preprocessor"] is not None or params["tokenizer"] is not None or callable(params["analyzer"]):
        raise ValueError("custom preprocessors, tokenizers and analyzers have no numpy runtime")
    # smooth_idf, min_df and max_features need no runtime support: idf_ and the vocabulary are exported as fitted.
    keys = ("analyzer", "ngram_range", "lowercase", "token_pattern", "sublinear_tf", "norm", "use_idf",
            "binary", "stop_words", "strip_accents")
    settings = {key: params[key] for key in keys}
    settings["ngram_range"] = list(settings["ngram_range"])
    return settings


def save_skops(path: Path, features: ColumnTransformer, models: dict[str, CalibratedClassifierCV],
               stage: dict | None = None) -> None:
    """The training artifact: the fitted scikit-learn objects, in skops's format (never pickle); with the
    email model's second stage (its scaler and logistic regression) under "stage"."""
    import skops.io

    for _, transformer, _ in features.transformers_:
        if isinstance(transformer, TfidfVectorizer):
            # `stop_words_` lists every pruned n-gram; scikit-learn documents it as introspection only.
            if hasattr(transformer, "stop_words_"):
                del transformer.stop_words_
            # A cache of `id(stop_words)` (differs per process); scikit-learn recomputes it when missing.
            transformer.__dict__.pop("_stop_words_id", None)
            # skops writes each numpy integer as its own array file (70k files, 68 MB); plain ints
            # go into its schema instead. The vocabulary means the same either way.
            transformer.vocabulary_ = {term: int(index) for term, index in transformer.vocabulary_.items()}
    fitted = {"features": features, "models": models} | ({"stage": stage} if stage is not None else {})
    raw = skops.io.dumps(fitted, compression=zipfile.ZIP_DEFLATED)
    path.write_bytes(_stable_skops(raw))


_SKOPS_ID = re.compile(r'("__id__": )(\d+)()(?=[,\n }])|(")(\d+)(\.npy")')


def _stable_skops(raw: bytes) -> bytes:
    """skops names objects and array files by `id()` and stamps the zip with the time; renumber the ids in
    order of first appearance and fix the timestamps, so that retraining reproduces the file byte for byte.
    Renumbering is a one-to-one renaming, so every reference inside the file still points where it did."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    numbering: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        before, number, after = match.groups()[:3] if match.group(2) else match.groups()[3:]
        new = numbering.setdefault(number, str(len(numbering) + 1))
        return f"{before}{new}{after}"

    schema = _SKOPS_ID.sub(renumber, entries.pop("schema.json").decode("utf-8"))
    files = {f"{numbering[name[:-4]]}.npy": data for name, data in entries.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("schema.json", schema.encode("utf-8"))] + sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()


def load_skops(path: Path) -> dict:
    """Load the skops file, trusting only scikit-learn and numpy types (checked, not assumed)."""
    import skops.io

    untrusted = skops.io.get_untrusted_types(file=path)
    unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy."))]
    if unexpected:
        raise ValueError(f"{path}: refusing to load unexpected types {unexpected}")
    return skops.io.load(path, trusted=untrusted)
