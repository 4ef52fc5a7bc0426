"""Bulk checking on a distributed engine: a pandas-partition function for Dask (or Spark's mapInPandas).

    import dask.dataframe as dd
    from tactful.bulk import check_frame, result_meta

    messages = dd.read_parquet("archive/*.parquet")             # columns: id, text, channel, recipient, ...
    checked = messages.map_partitions(check_frame, meta=result_meta(messages._meta))
    checked[checked.tactful_verdict != "pass"].to_parquet("flagged/")

`check_frame(df)` checks every row of one pandas DataFrame with
`Checker.check_many` and returns the frame with `tactful_verdict`,
`tactful_flags`, `tactful_rules` and `tactful_score` added. Each worker
process builds its Checker once (about a second) and reuses it for every
partition it gets. pandas is imported only by the caller's frames: this
module imports nothing heavy itself. See docs/dask.md.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    import pandas as pd

    from tactful.api import Checker

ADDED = ("tactful_verdict", "tactful_flags", "tactful_rules", "tactful_score")


@lru_cache(maxsize=4)
def worker_checker(config: Optional[str] = None, model: Optional[bool] = None) -> "Checker":
    """One Checker per process and (config, model): built on a worker's first partition, then reused."""
    from tactful.api import Checker

    return Checker(config=config, model=model)


def check_frame(df: "pd.DataFrame", text: str = "text", channel: Optional[str] = "channel",
                recipient: Optional[str] = "recipient", send_at: Optional[str] = "send_at",
                id: Optional[str] = "id", config: Optional[str] = None, model: Optional[bool] = None,
                mass_blast: bool = False, default_channel: str = "dm") -> "pd.DataFrame":
    """`df` with the verdict, flags, rule ids and score of each row's draft added, rows in order.

    Column arguments name the frame's columns (missing optional columns are ignored; `text` must
    exist). `mass_blast=True` looks for blasts within this partition only: partition by sender and
    time window first if you want it. A row that is not a valid request (an empty text) gets
    verdict `error` and the reason in `tactful_rules`, rather than failing the whole job.
    """
    if text not in df.columns:
        raise KeyError(f"check_frame: no column {text!r}; the columns are {list(df.columns)}")
    checker = worker_checker(config, model)
    present = {name for name in (channel, recipient, send_at, id) if name and name in df.columns}
    requests: list[dict[str, Any]] = []
    errors: dict[int, str] = {}
    for position, row in enumerate(df.itertuples(index=False)):
        values = dict(zip(df.columns, row))
        draft = values[text]
        if not isinstance(draft, str) or not draft.strip():
            errors[position] = "draft: is empty"
            continue
        request: dict[str, Any] = {"draft": draft, "channel": default_channel}
        if channel in present and _given(values[channel]):
            request["channel"] = str(values[channel])
        if recipient in present and _given(values[recipient]):
            request["recipient"] = {"name": str(values[recipient])}
        if send_at in present and _given(values[send_at]):
            request["send_at"] = _iso(values[send_at])
        if id in present and _given(values[id]):
            request["id"] = str(values[id])
        requests.append(request)
    responses = iter(checker.check_many(requests, mass_blast=mass_blast) if requests else [])
    columns: dict[str, list[Any]] = {name: [] for name in ADDED}
    for position in range(len(df)):
        if position in errors:
            values = ("error", "", errors[position], float("nan"))
        else:
            response = next(responses)
            values = (response["verdict"], " ".join(response["flags"]),
                      " ".join(dict.fromkeys(w["rule"] for w in response["warnings"])), float(response["score"]))
        for name, value in zip(ADDED, values):
            columns[name].append(value)
    out = df.copy()
    for name in ADDED:
        out[name] = columns[name]
    out["tactful_score"] = out["tactful_score"].astype("float64")
    return out


def result_meta(meta: "pd.DataFrame") -> "pd.DataFrame":
    """The empty frame Dask needs as `meta=`: the input's columns plus the four added ones."""
    import pandas as pd

    out = meta.iloc[:0].copy()
    for name in ADDED[:-1]:
        out[name] = pd.Series([], dtype="object")
    out["tactful_score"] = pd.Series([], dtype="float64")
    return out


def _given(value: Any) -> bool:
    if value is None:
        return False
    try:
        if value != value:  # NaN, NaT
            return False
    except (TypeError, ValueError):
        pass
    return str(value).strip() != ""


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
