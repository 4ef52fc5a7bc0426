"""docs/dask.md's recipe on a real local Dask cluster (two worker processes on this machine).

Without dask it skips with the reason, except under CI=true, where the test extra installs it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tactful.bulk import check_frame, result_meta

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _need(module: str):
    try:
        return pytest.importorskip(module, reason=f"{module} is not installed (it is in the test extra)")
    except pytest.skip.Exception:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is not installed, and CI=true (the test extra installs it)")
        raise


def archive(pd, rows: int = 120):
    drafts = [(EXAMPLES / "draft.txt").read_text().strip(), (EXAMPLES / "genuine.txt").read_text().strip(),
              "LAST CHANCE!!! Our sale ends TONIGHT at midnight. Buy now before it's gone forever!",
              "See you at 4 on Friday, Priya.", ""]
    return pd.DataFrame({
        "id": [f"m{i}" for i in range(rows)],
        "text": [drafts[i % len(drafts)] for i in range(rows)],
        "channel": ["dm" if i % 3 else "post" for i in range(rows)],
        "recipient": [None if i % 4 else f"Person {i}" for i in range(rows)],
        "send_at": pd.to_datetime(["2026-12-07T09:00:00Z"] * rows),
    })


def test_check_frame_adds_the_verdict_to_each_row_in_order(checker, monkeypatch):
    pd = _need("pandas")
    from tactful import bulk

    monkeypatch.setattr(bulk, "worker_checker", lambda config=None, model=None: checker)
    frame = archive(pd, 10)
    out = check_frame(frame)
    assert list(out.columns) == list(frame.columns) + ["tactful_verdict", "tactful_flags", "tactful_rules",
                                                       "tactful_score"]
    assert list(out["id"]) == list(frame["id"])
    assert out.loc[0, "tactful_verdict"] == "block" and "boilerplate.unfilled-merge-field" in out.loc[0, "tactful_rules"]
    assert out.loc[1, "tactful_verdict"] == "pass" and out.loc[1, "tactful_flags"] == ""
    assert out.loc[4, "tactful_verdict"] == "error" and out.loc[4, "tactful_rules"] == "draft: is empty"
    expected = checker.check({"draft": frame.loc[2, "text"], "channel": "dm"})
    assert out.loc[2, "tactful_score"] == expected["score"]
    with pytest.raises(KeyError, match="no column 'body'"):
        check_frame(frame, text="body")


def test_the_recipe_runs_on_a_local_dask_cluster(checker, tmp_path):
    pd = _need("pandas")
    dd = _need("dask.dataframe")
    distributed = _need("distributed")
    frame = archive(pd)
    config = tmp_path / "tactful.toml"
    config.write_text("[model]\nenabled = false\n")  # rules only, like the `checker` fixture
    messages = dd.from_pandas(frame, npartitions=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        checked = messages.map_partitions(check_frame, config=str(config), meta=result_meta(messages._meta))
        result = checked.compute()
        workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert list(result["id"]) == list(frame["id"])
    for row in result.itertuples():
        if not row.text.strip():
            assert row.tactful_verdict == "error"
            continue
        request = {"draft": row.text, "channel": row.channel, "send_at": row.send_at.isoformat()}
        if isinstance(row.recipient, str):
            request["recipient"] = {"name": row.recipient}
        expected = checker.check(request)
        assert (row.tactful_verdict, row.tactful_score) == (expected["verdict"], expected["score"]), row.id
