"""`tactful check`: read drafts, check them in batches, print results, set the exit status."""
from __future__ import annotations

import os
import sys

from tactful.cli.inputs import Item, read_items
from tactful.cli.render import dumps, render_sarif, render_text

TYPE_CHECKING = False  # imports here count in the thin client's start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Optional

# As tactful.scoring.SEVERITY_RANK (not imported: it pulls in dataclasses); a test keeps them equal.
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

VERDICT_SEVERITY = {"pass": "info", "review": "warning", "block": "error"}
PROGRESS_MIN_DRAFTS = 300
BATCH_SIZE = 256


def run_check(args: argparse.Namespace) -> int:
    server = args.server or os.environ.get("TACTFUL_SERVER") or None
    items = read_items(args.files, args.history, args.channel, validate=server is None,
                       csv_columns=lambda: _csv_columns(args))
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                        and "NO_COLOR" not in os.environ)
    if server is not None:
        from tactful.cli.remote import ServerError, Unreachable

        try:
            results, rules = _check_remotely(server, items, args)
        except ServerError as exc:
            if args.fallback != "local" or not (isinstance(exc, Unreachable) or exc.server_side):
                raise
            sys.stderr.write(f"tactful: {exc}; checking locally (--fallback local)\n")
            results, rules = _check_locally([item.validated() for item in items], args)
    else:
        results, rules = _check_locally(items, args)
    _write(args.format, results, rules, colour)
    if getattr(args, "explain", False):
        _explain(results, args)
    return exit_status(results, args.fail_on)


def _explain(results: list[tuple[Item, dict]], args: argparse.Namespace) -> None:
    """`--explain`: after the findings, every signal that holds for each draft, with its evidence (on
    standard error when the findings go to a machine-readable format, so they stay parseable)."""
    from tactful.cli.signals_command import signal_lines
    from tactful.engine import Engine
    from tactful.config import load_config
    from pathlib import Path

    engine = Engine.load(config=load_config(Path(args.config) if args.config else None), use_model=False)
    out = sys.stdout if args.format == "text" else sys.stderr
    for item, _ in results:
        item = item.validated()
        if item.ok and item.request is not None:
            out.write(f"\nsignals for {item.where} (why rules fired or not; `tactful signals --list` explains each):\n")
            out.write("".join(signal_lines(engine.signals(item.request))))


def _csv_columns(args: argparse.Namespace) -> dict:
    """tactful.toml's [csv] column names (loaded only when a CSV file is read)."""
    from pathlib import Path

    from tactful.config import load_config

    return load_config(Path(args.config) if args.config else None).csv


def _check_locally(items: list[Item], args: argparse.Namespace) -> tuple[list[tuple[Item, dict]], list]:
    from pathlib import Path

    from tactful.api import Checker

    checker = Checker(config=Path(args.config) if args.config else None, model=False if args.no_model else None)
    results = _check_all(checker, items)
    # Say which tactful.toml was applied: one found in a parent folder changes the verdicts silently otherwise.
    # (Only when something was checked: an input error stays the one line it is.)
    if checker.config.path is not None and any("error" not in response for _, response in results):
        used = str(checker.config.path)
        if args.format == "text":
            sys.stderr.write(f"tactful: using config {used}\n")
        else:
            for _, response in results:
                response["config"] = used
    return results, checker.rules


def _check_remotely(server: str, items: list[Item], args: argparse.Namespace) -> tuple[list[tuple[Item, dict]], list]:
    """The thin client: the drafts go to `tactful serve`; the server's config and model decide."""
    from tactful.cli.remote import Client

    client = Client(server, os.environ.get("TACTFUL_API_KEY") or None, args.timeout)
    try:
        good = [item for item in items if item.ok]
        responses = iter(client.check([item.data for item in good]) if good else [])
        rules = client.rules() if args.format == "sarif" else []
    finally:
        client.close()
    results = []
    for item in items:
        response = {"id": item.fallback_id, "error": item.error} if not item.ok else next(responses)
        if "error" in response and item.ok:  # the server refused this one request
            item = Item(item.source, item.line, error=response["error"], fallback_id=item.fallback_id, data=item.data)
            response = {"id": _given_id(item), "error": response["error"]}
        if not item.ok:
            sys.stderr.write(f"tactful: {item.error}\n" if item.whole_file else f"tactful: {item.where}: {item.error}\n")
        elif response.get("id") is None and item.fallback_id is not None:
            response["id"] = item.fallback_id
        results.append((item, response))
    return results, rules


def _given_id(item: Item) -> Optional[str]:
    given = (item.data or {}).get("id")
    return str(given) if given is not None else item.fallback_id


def exit_status(results: list[tuple[Item, dict]], fail_on: str) -> int:
    """2 when a whole file (or every request) could not be read; else 1 for a finding at or above
    `fail_on` or a bad line; else 0. A `block` verdict counts as an error-level finding and a
    `review` as a warning, whatever the severities of the single warnings; a suppression notice (a
    marker naming no rule) as a warning."""
    checked = [response for _, response in results if "error" not in response]
    if not checked:
        if len(results) > 1:
            sys.stderr.write("tactful: no request could be checked\n")
        return 2
    if any(item.whole_file for item, _ in results):
        return 2
    failed_inputs = len(results) - len(checked)
    if fail_on == "never":
        return 0
    bar = SEVERITY_RANK[fail_on]
    finding = any(SEVERITY_RANK[w["severity"]] >= bar for r in checked for w in r["warnings"]) or any(
        SEVERITY_RANK[VERDICT_SEVERITY[r["verdict"]]] >= bar for r in checked if r["verdict"] != "pass") or (
        bar <= SEVERITY_RANK["warning"] and any(r.get("notices") for r in checked))
    return 1 if finding or failed_inputs else 0


def _check_all(checker, items: list[Item]) -> list[tuple[Item, dict]]:
    """Every good item checked in one `check_many` (so a queue's mass blasts are found across files);
    items that could not be read get an error response and a line on stderr, in input order.

    Unlike the HTTP batch, a file only counts drafts whose recipient is named towards a blast:
    a file of labelled examples often repeats one draft under several histories on purpose.
    """
    good = [item for item in items if item.ok]
    progress = _progress(len(good))
    try:
        responses = iter(checker.check_many([item.request for item in good], named_recipients_only=True,
                                            chunk_size=BATCH_SIZE, progress=progress))
    finally:
        progress(None)
    results = []
    for item in items:
        if not item.ok:
            sys.stderr.write(f"tactful: {item.error}\n" if item.whole_file else f"tactful: {item.where}: {item.error}\n")
            results.append((item, {"id": item.fallback_id, "error": item.error}))
            continue
        response = next(responses)
        if response["id"] is None and item.fallback_id is not None:
            response["id"] = item.fallback_id
        results.append((item, response))
    return results


def _progress(total: int):
    """A progress bar on stderr for big files on a terminal; silent otherwise."""
    if total < PROGRESS_MIN_DRAFTS or not sys.stderr.isatty():
        return lambda step: None
    from rich.console import Console
    from rich.progress import Progress

    # On standard error only: standard output carries the results (a pipe of JSONL must stay clean).
    bar = Progress(console=Console(file=sys.stderr), transient=True)
    task = bar.add_task("checking drafts", total=total)
    bar.start()

    def advance(step):
        if step is None:
            bar.stop()
        else:
            bar.advance(task, step)

    return advance


def _write(fmt: str, results: list[tuple[Item, dict]], rules: list, colour: bool) -> None:
    out = sys.stdout
    if fmt == "csv":
        from tactful.cli.calendar import render_csv

        out.write(render_csv(results))
    elif fmt == "jsonl":
        for _, response in results:
            out.write(dumps(response) + "\n")
    elif fmt == "json":
        responses = [response for _, response in results]
        out.write(dumps(responses[0] if len(responses) == 1 else responses) + "\n")
    elif fmt == "sarif":
        rows = [(item.source, item.line, response, item.draft if item.ok else None)
                for item, response in results]
        config = next((response["config"] for _, response in results if response.get("config")), None)
        out.write(render_sarif(rows, rules, config))
    else:
        for item, response in results:
            shown_id = response.get("id")
            where = item.where if shown_id in (None, item.source, item.fallback_id if item.line else None) or (
                item.line and item.table is None) else f"{item.where} [{shown_id}]"
            out.write(render_text(where, response, item.draft if item.ok else None, colour))
        total = len(results)
        flagged = sum(1 for _, r in results if r.get("flags"))
        if total > 1:
            out.write(f"\n{total} drafts checked, {flagged} flagged\n")
