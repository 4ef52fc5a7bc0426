"""`tactful check`: read drafts, check them in batches, print results, set the exit status."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Iterator

from tactful.cli.inputs import Item, read_items
from tactful.cli.render import dumps, render_sarif, render_text
from tactful.scoring import SEVERITY_RANK

PROGRESS_MIN_DRAFTS = 300
BATCH_SIZE = 256


def run_check(args: argparse.Namespace) -> int:
    from tactful.config import load_config
    from tactful.engine import Engine

    items = read_items(args.files, args.history, args.channel)
    config = load_config(Path(args.config) if args.config else None)
    engine = Engine.load(config=config, use_model=False if args.no_model else None)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                        and "NO_COLOR" not in os.environ)
    results = _with_mass_blasts(engine, list(_check_all(engine, items)))
    _write(args.format, results, engine, colour)
    checked = [response for _, response in results if "error" not in response]
    if not checked:
        sys.stderr.write("tactful: no request could be checked\n")
        return 2
    failed_inputs = len(results) - len(checked)
    if args.fail_on == "never":
        return 0
    bar = SEVERITY_RANK[args.fail_on]
    finding = any(SEVERITY_RANK[w["severity"]] >= bar for r in checked for w in r["warnings"])
    return 1 if finding or failed_inputs else 0


def _check_all(engine, items: list[Item]) -> Iterator[tuple[Item, dict]]:
    progress = _progress(len(items))
    try:
        for start in range(0, len(items), BATCH_SIZE):
            batch = items[start:start + BATCH_SIZE]
            good = [item for item in batch if item.request is not None]
            responses = iter(engine.check_many([item.request for item in good]))
            for item in batch:
                if item.request is None:
                    sys.stderr.write(f"tactful: {item.where}: {item.error}\n")
                    yield item, {"id": item.fallback_id, "error": item.error}
                    continue
                response = next(responses)
                if response["id"] is None and item.fallback_id is not None:
                    response["id"] = item.fallback_id
                yield item, response
            progress(len(batch))
    finally:
        progress(None)


def _with_mass_blasts(engine, results: list[tuple[Item, dict]]) -> list[tuple[Item, dict]]:
    """Across all the drafts read (a scheduler's queue), near-identical texts to 3+ recipients are a blast.

    Unlike the HTTP batch, a file only counts drafts whose recipient is named: a file of
    labelled examples often repeats one draft under several histories on purpose.
    """
    from dataclasses import replace

    from tactful.batch import MassBlast, add_mass_blast_warnings

    blast = MassBlast.for_engine(engine)
    blast = blast and replace(blast, count_unnamed_recipients=False)
    checked = [(item, response) for item, response in results if item.request is not None]
    if blast is None or len(checked) < blast.min_recipients:
        return results
    updated = add_mass_blast_warnings([item.request for item, _ in checked], [r for _, r in checked],
                                      engine.ruleset.by_id, engine.config.thresholds, blast)
    replaced = {id(item): response for (item, _), response in zip(checked, updated)}
    return [(item, replaced.get(id(item), response)) for item, response in results]


def _progress(total: int):
    """A progress bar on stderr for big files on a terminal; silent otherwise."""
    if total < PROGRESS_MIN_DRAFTS or not sys.stderr.isatty():
        return lambda step: None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("checking drafts", total=total)
    bar.start()

    def advance(step):
        if step is None:
            bar.stop()
        else:
            bar.advance(task, step)

    return advance


def _write(fmt: str, results: list[tuple[Item, dict]], engine, colour: bool) -> None:
    out = sys.stdout
    if fmt == "jsonl":
        for _, response in results:
            out.write(dumps(response) + "\n")
    elif fmt == "json":
        responses = [response for _, response in results]
        out.write(dumps(responses[0] if len(responses) == 1 else responses) + "\n")
    elif fmt == "sarif":
        rows = [(item.source, item.line, response, item.request.draft if item.request else None)
                for item, response in results]
        out.write(render_sarif(rows, engine.rules))
    else:
        for item, response in results:
            where = item.where if item.line or response.get("id") in (None, item.source) else \
                f"{item.where} [{response['id']}]"
            out.write(render_text(where, response, item.request.draft if item.request else None, colour))
        total = len(results)
        flagged = sum(1 for _, r in results if r.get("flags"))
        if total > 1:
            out.write(f"\n{total} drafts checked, {flagged} flagged\n")
