"""Reading and writing the numpy form of the classifier: `classifier.npz` + `classifier.json`.

The npz holds only plain numeric arrays (vocabularies as UTF-8 bytes), so it
loads with `allow_pickle=False`: loading a model never runs code. The writer is
byte-for-byte deterministic (fixed zip timestamps and order), so retraining
with the same data and seed reproduces the committed files exactly. A digest of
the arrays is stored in the JSON and checked on load, to catch a half-copied or
mismatched pair of files; a digest of the JSON itself (`meta_digest`) covers its settings,
token pattern and thresholds, so an edited `classifier.json` does not load either.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Mapping

import numpy as np

ARRAYS_FILE = "classifier.npz"
META_FILE = "classifier.json"
FORMAT = 1
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def encode_terms(terms: list[str]) -> np.ndarray:
    """Vocabulary terms never contain a newline (both analyzers split on whitespace), so join on it."""
    if any("\n" in term for term in terms):
        raise ValueError("a vocabulary term contains a newline")
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8).copy()


def decode_terms(data: np.ndarray) -> list[str]:
    text = data.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def digest(arrays: Mapping[str, np.ndarray]) -> str:
    hasher = hashlib.sha256()
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        hasher.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        hasher.update(array.tobytes())
    return hasher.hexdigest()


def meta_digest(meta: Mapping) -> str:
    """A digest of the metadata itself (settings, token pattern, thresholds), without the two digests."""
    body = {key: value for key, value in meta.items() if key not in ("digest", "meta_digest")}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def write(models_dir: Path, arrays: Mapping[str, np.ndarray], meta: dict) -> None:
    models_dir.mkdir(parents=True, exist_ok=True)
    meta = {**meta, "format": FORMAT, "digest": digest(arrays)}
    meta["meta_digest"] = meta_digest(meta)
    write_npz(models_dir / ARRAYS_FILE, arrays)
    (models_dir / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_npz(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """An npz of plain arrays, byte-for-byte reproducible (fixed timestamps, sorted names, no pickle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def read(models_dir: Path) -> tuple[dict[str, np.ndarray], dict]:
    """The arrays and metadata, checked against each other; raises ValueError/OSError on any problem."""
    meta = json.loads((models_dir / META_FILE).read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ValueError(f"{META_FILE} is not a JSON object")
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")
    if meta.get("meta_digest") != meta_digest(meta):
        raise ValueError(f"{META_FILE} was changed after training (its digest differs); retrain or restore it")
    with np.load(models_dir / ARRAYS_FILE, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    if digest(arrays) != meta.get("digest"):
        raise ValueError(f"{ARRAYS_FILE} does not match {META_FILE} (digest differs)")
    return arrays, meta
